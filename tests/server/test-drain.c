/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The health check and SIGUSR1's drain on the real server over loopback
 * (docs/protocol.md section 15): the check's line, a draining server that
 * refuses new games, lets the running one finish and exits 0. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pupitre-test-client.h"
#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"

#define DEADLINE_US (pupitre_test_scale_us (10 * G_USEC_PER_SEC))

typedef PupitreTestClient Client;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, pupitre_test_client_free)

static const char create_line[] =
  "{\"type\":\"create_game\",\"quiz\":\"::Q1:: Deux ? {=oui ~non}\\n\",\"format\":\"gift\","
  "\"name\":\"Mme Martin\",\"options\":{\"countdown_ms\":0}}";

static Client *
connect_to (PupitreTestServer *server)
{
  return pupitre_test_client_connect ("127.0.0.1", pupitre_test_server_get_port (server));
}

/* What HAProxy's tcp-check does: the line, then the answer up to the
 * close. */
static JsonObject *
check_health (PupitreTestServer *server)
{
  g_autoptr(Client) client = connect_to (server);
  JsonObject *health;

  pupitre_test_client_send (client, "{\"type\":\"health\"}");
  health = pupitre_test_client_expect (client, "health", DEADLINE_US);
  g_assert_true (pupitre_test_client_wait_closed (client, DEADLINE_US));
  return health;
}

static void
assert_health (JsonObject *health,
               const char *status,
               gint64      games,
               gint64      players)
{
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, status);
  g_assert_cmpint (json_object_get_int_member (health, "games"), ==, games);
  g_assert_cmpint (json_object_get_int_member (health, "players"), ==, players);
}

static Client *
join (PupitreTestServer *server,
      const char        *name,
      const char        *code)
{
  Client *client = connect_to (server);
  g_autoptr(JsonObject) joined = NULL;

  /* Join first: the line goes before the welcome is read. */
  pupitre_test_client_sendf (client, "{\"type\":\"join\",\"name\":\"%s\",\"game\":\"%s\"}",
                             name, code);
  joined = pupitre_test_client_expect (client, "joined", DEADLINE_US);
  return client;
}

static void
test_health (void)
{
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--players", "5", NULL };
  g_autoptr(PupitreTestServer) server = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(Client) player = NULL;

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif
  server = pupitre_test_server_start (NULL, argv);
  before = check_health (server);
  assert_health (before, "ok", 0, 0);

  player = join (server, "Ada", "main");
  after = check_health (server);
  assert_health (after, "ok", 0, 1);

  /* A joined connection is a player, not a check: the type stays unknown. */
  pupitre_test_client_send (player, "{\"type\":\"health\"}");
  {
    g_autoptr(JsonObject) error = pupitre_test_client_expect (player, "error", DEADLINE_US);

    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "unknown-type");
  }
}

static void
test_drain (void)
{
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--hosting", "open", NULL };
  g_autoptr(PupitreTestServer) server = NULL;
  g_autoptr(Client) host = NULL;
  g_autoptr(Client) alice = NULL;
  g_autoptr(Client) bob = NULL;
  g_autoptr(Client) late = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) draining = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autofree char *code = NULL;
  GSubprocess *process;

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif
  server = pupitre_test_server_start (NULL, argv);
  host = connect_to (server);
  pupitre_test_client_send (host, create_line);
  created = pupitre_test_client_expect (host, "game_created", DEADLINE_US);
  code = g_strdup (json_object_get_string_member (created, "game"));
  alice = join (server, "Alice", code);

  pupitre_test_server_send_signal (server, SIGUSR1);
  g_assert_true (pupitre_test_server_wait_log (server, 0, "Draining", DEADLINE_US));

  /* The check says so, the game is still counted, nothing new starts. */
  draining = check_health (server);
  assert_health (draining, "draining", 1, 1);
  {
    g_autoptr(Client) teacher = connect_to (server);

    pupitre_test_client_send (teacher, create_line);
    refused = pupitre_test_client_expect (teacher, "error", DEADLINE_US);
    g_assert_cmpstr (json_object_get_string_member (refused, "code"), ==, "draining");
    g_assert_cmpstr (json_object_get_string_member (refused, "ref"), ==, "create_game");
  }

  /* The running game takes its players and goes on to its end. */
  bob = join (server, "Bob", code);
  pupitre_test_client_send (host, "{\"type\":\"start\"}");
  json_object_unref (pupitre_test_client_expect (alice, "question", DEADLINE_US));
  json_object_unref (pupitre_test_client_expect (bob, "question", DEADLINE_US));
  pupitre_test_client_send (alice, "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  pupitre_test_client_send (bob, "{\"type\":\"answer\",\"round\":1,\"choice\":2}");
  json_object_unref (pupitre_test_client_expect (alice, "round_result", DEADLINE_US));
  g_assert_true (pupitre_test_server_is_running (server));
  late = join (server, "Late", code);
  pupitre_test_client_send (host, "{\"type\":\"next\"}");
  json_object_unref (pupitre_test_client_expect (alice, "game_over", DEADLINE_US));
  json_object_unref (pupitre_test_client_expect (bob, "game_over", DEADLINE_US));

  /* Then the server stops by itself, telling whoever is left. */
  json_object_unref (pupitre_test_client_expect (alice, "shutdown", DEADLINE_US));
  g_assert_true (pupitre_test_server_wait_exit (server, DEADLINE_US));
  process = pupitre_test_server_get_process (server);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_true (pupitre_test_server_wait_log (server, 0, "Drained: every game is over",
                                               DEADLINE_US));
}

/* With no hosted game, a drain ends at once. */
static void
test_drain_idle (void)
{
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--hosting", "open", NULL };
  g_autoptr(PupitreTestServer) server = NULL;
  GSubprocess *process;

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif
  server = pupitre_test_server_start (NULL, argv);
  pupitre_test_server_send_signal (server, SIGUSR1);
  g_assert_true (pupitre_test_server_wait_exit (server, DEADLINE_US));
  process = pupitre_test_server_get_process (server);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drain/health", test_health);
  g_test_add_func ("/drain/running-game-finishes", test_drain);
  g_test_add_func ("/drain/idle-server-exits", test_drain_idle);

  return g_test_run ();
}
