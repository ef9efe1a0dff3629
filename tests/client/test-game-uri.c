/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre:// links: what a valid one opens, and what is refused. */

#include "config.h"

#include <gio/gio.h>

#include "pupitre-game-uri.h"
#include "pupitre-protocol.h"

static void
test_host_port_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreTarget) target = pupitre_game_uri_parse ("pupitre://quiz.school.example:50100/K7RT4Q",
                                                            &error);

  g_assert_no_error (error);
  g_assert_nonnull (target);
  g_assert_cmpstr (target->host, ==, "quiz.school.example");
  g_assert_cmpuint (target->port, ==, 50100);
  g_assert_cmpstr (target->game, ==, "K7RT4Q");
  g_assert_null (target->name);
  g_assert_false (target->secure);
}

static void
test_default_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreTarget) target = pupitre_game_uri_parse ("pupitre://10.0.0.5/k7r-t4q/", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (target->host, ==, "10.0.0.5");
  g_assert_cmpuint (target->port, ==, PUPITRE_DEFAULT_PORT);
  /* The server compares codes without case or "-" (section 14.2). */
  g_assert_cmpstr (target->game, ==, "k7r-t4q");
}

static void
test_ipv6 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreTarget) target = pupitre_game_uri_parse ("pupitre://[::1]:4000/ABC234", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (target->host, ==, "::1");
  g_assert_cmpuint (target->port, ==, 4000);
  g_assert_cmpstr (target->game, ==, "ABC234");
}

static void
test_standing_game (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreTarget) target = pupitre_game_uri_parse ("PUPITRE://server", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (target->host, ==, "server");
  g_assert_null (target->game);
}

static void
test_refused (void)
{
  static const char *bad[] = {
    "https://server/ABC234",     /* another scheme */
    "pupitre:ABC234",            /* no server */
    "pupitre:///ABC234",         /* no server */
    "pupitre://me@server/ABC234", /* credentials have no place here */
    "pupitre://server:0/ABC234",
    "pupitre://server:70000/ABC234",
    "pupitre://server/ABC/234",  /* one code */
    "pupitre://server/AB%20C",
    "pupitre://server/ABCDEFGHJKMNPQRST", /* longer than any code */
    "not a link",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PupitreTarget) target = pupitre_game_uri_parse (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (target);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/game-uri/host-port-code", test_host_port_code);
  g_test_add_func ("/game-uri/default-port", test_default_port);
  g_test_add_func ("/game-uri/ipv6", test_ipv6);
  g_test_add_func ("/game-uri/standing-game", test_standing_game);
  g_test_add_func ("/game-uri/refused", test_refused);

  return g_test_run ();
}
