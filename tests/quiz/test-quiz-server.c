/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real pupitre-server given a GIFT file: it refuses a broken one with its line, and plays a good one. */

#include "config.h"

#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pupitre-test-client.h"
#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"

#define DEADLINE_US pupitre_test_scale_us (20 * G_USEC_PER_SEC)

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"), "tests", "quiz", "data", name, NULL);
}

/* The server runs in an empty folder of its own, removed after it. */
static GSubprocessLauncher *
new_launcher (GSubprocessFlags   flags,
              char             **dir)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  *dir = g_dir_make_tmp ("pupitre-quiz-server-XXXXXX", NULL);
  g_assert_nonnull (*dir);
  g_subprocess_launcher_set_cwd (launcher, *dir);
  return launcher;
}

static void
test_server_refuses_broken_gift (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_PIPE, &dir);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *quiz = fixture ("unclosed.gift");
  g_autofree char *err = NULL;

  server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PUPITRE_SERVER"),
                                        "--bind", "127.0.0.1", "--port", "0",
                                        "--quiz", quiz, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (server, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server));
  g_assert_cmpint (g_subprocess_get_exit_status (server), ==, 1);
  g_assert_nonnull (strstr (err, "unclosed.gift:1: question 1: the answers’ “{” is never closed"));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_server_plays_gift (void)
{
  g_autofree char *quiz = fixture ("every-rule.gift");
  const char *argv[] = {
    g_getenv ("PUPITRE_SERVER"), "--quiz", quiz, "--players", "1", "--countdown", "0",
    "--once", NULL,
  };
  g_autoptr(PupitreTestServer) server = pupitre_test_server_start (NULL, argv);
  g_autoptr(PupitreTestClient) client = NULL;
  g_autoptr(JsonObject) question = NULL;
  g_autoptr(JsonObject) welcome = NULL;
  g_autoptr(JsonObject) joined = NULL;
  g_autofree char *log = NULL;
  JsonArray *choices;

  /* What the file holds that Pupitre cannot play is said in the log, with
   * its line, before the server is ready. */
  log = pupitre_test_server_dup_log (server);
  g_assert_nonnull (strstr (log, "every-rule.gift:28: question 8: essay questions cannot be "
                                 "played; skipped"));
  g_assert_nonnull (strstr (log, "every-rule.gift:40: question 14: an image or other media "
                                 "cannot be shown"));

  client = pupitre_test_client_connect ("127.0.0.1", pupitre_test_server_get_port (server));
  welcome = pupitre_test_client_expect (client, "welcome", DEADLINE_US);
  pupitre_test_client_send (client, "{\"type\":\"join\",\"name\":\"Camille\"}");
  joined = pupitre_test_client_expect (client, "joined", DEADLINE_US);

  /* The first question of the GIFT file, as players get it. */
  question = pupitre_test_client_expect (client, "question", DEADLINE_US);
  g_assert_cmpstr (pupitre_test_member_string (question, "text"), ==,
                   "Qui a été sacré empereur en 1804 ?");
  choices = pupitre_test_member_array (question, "choices");
  g_assert_cmpuint (json_array_get_length (choices), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (choices, 0), ==, "Louis XVI");
  g_assert_cmpstr (json_array_get_string_element (choices, 1), ==, "Napoléon Bonaparte");
  g_assert_cmpstr (json_array_get_string_element (choices, 2), ==, "Charles de Gaulle");
  g_assert_cmpint (pupitre_test_member_int (question, "rounds"), ==, 8);

  g_assert_true (WIFEXITED (pupitre_test_server_stop (server, SIGTERM, DEADLINE_US)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quiz/server/refuses-broken-gift", test_server_refuses_broken_gift);
  g_test_add_func ("/quiz/server/plays-gift", test_server_plays_gift);

  return g_test_run ();
}
