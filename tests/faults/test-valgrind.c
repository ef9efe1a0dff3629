/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A whole game and its error paths with the server under valgrind: no memory error, no definite leak. */

/* The server runs under memcheck with --error-exitcode=99: an invalid read
 * or write, a use of uninitialised memory, or a block definitely lost at
 * exit makes it end with 99 instead of 0. It serves a short game with a
 * player who drops mid-question and comes back, plus the error paths a
 * hostile or broken client takes (bad JSON, unknown type, a game message
 * before joining, a line over the limit, quit), then stops on SIGTERM
 * with its results written. Skipped (status 77) without valgrind. */

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fault-support.h"

/* memcheck runs the server 20 to 50 times slower. */
#define SLOW_TIMEOUT_US (pupitre_test_scale_us (60 * G_USEC_PER_SEC))

static void
expect_error (FaultClient *client,
              const char  *code)
{
  g_autoptr(JsonObject) error = fault_client_expect (client, "error", SLOW_TIMEOUT_US);

  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
}

static void
test_valgrind_game (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pupitre-valgrind-XXXXXX", &error);
  g_autofree char *quiz = NULL;
  g_autofree char *results = NULL;
  g_autofree char *suppressions = NULL;
  g_autofree char *suppressions_option = NULL;
  g_autoptr(FaultServer) server = NULL;
  g_autoptr(FaultClient) broken = NULL;
  g_autoptr(FaultClient) longline = NULL;
  g_autoptr(FaultClient) quitter = NULL;
  g_autoptr(JsonObject) quitter_joined = NULL;
  g_autoptr(JsonObject) bye = NULL;
  g_autoptr(JsonObject) pong = NULL;
  g_autoptr(JsonObject) ann_joined = NULL;
  g_autoptr(JsonObject) bob_joined = NULL;
  g_autoptr(JsonObject) resumed = NULL;
  g_autoptr(JsonObject) over = NULL;
  g_autofree char *bob_token = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  FaultClient *players[2];
  guint port;
  int status;

  g_assert_no_error (error);
  quiz = fault_write_quiz (dir, 3);
  results = g_build_filename (dir, "results", NULL);
  suppressions = g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"), "tests", "faults",
                                   "valgrind.supp", NULL);
  suppressions_option = g_strconcat ("--suppressions=", suppressions, NULL);

  {
    const char *argv[] = {
      "valgrind", "--error-exitcode=99", "--leak-check=full",
      "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
      "--num-callers=30", suppressions_option,
      g_getenv ("PUPITRE_SERVER"),
      "--players", "2", "--quiz", quiz, "--countdown", "0.1", "--time-limit", "30",
      "--pause", "0.1", "--over-pause", "0.5", "--results-dir", results,
      "--host-key", "valgrind-host-key", NULL
    };

    server = fault_server_spawn (argv, SLOW_TIMEOUT_US);
  }
  port = fault_server_get_port (server);

  /* What a broken client sends. */
  broken = fault_client_connect ("127.0.0.1", port);
  fault_client_send (broken, "{bad");
  expect_error (broken, "bad-json");
  fault_client_send (broken, "{\"type\":\"nope\",\"x\":[1,2,{\"y\":null}]}");
  expect_error (broken, "unknown-type");
  fault_client_send (broken, "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  expect_error (broken, "not-joined");
  fault_client_send (broken, "{\"type\":\"join\",\"name\":\"\"}");
  expect_error (broken, "name-invalid");
  fault_client_send (broken, "{\"type\":\"join\",\"name\":\"Zed\",\"token\":\"no-such-token\"}");
  expect_error (broken, "bad-token");
  fault_client_send (broken, "{\"type\":\"ping\",\"id\":{\"a\":[1,2.5,\"x\",true,null]}}");
  pong = fault_client_expect (broken, "pong", SLOW_TIMEOUT_US);

  /* A line over the limit: refused, connection closed. */
  longline = fault_client_connect ("127.0.0.1", port);
  while (huge->len < 70000)
    g_string_append (huge, "{\"type\":\"chat\",\"text\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"} ");
  fault_client_send (longline, huge->str);
  expect_error (longline, "line-too-long");
  g_assert_true (fault_client_wait_closed (longline, SLOW_TIMEOUT_US));

  /* Joins, chats, quits. */
  quitter = fault_client_connect ("127.0.0.1", port);
  quitter_joined = fault_client_join (quitter, "Quinn", NULL);
  fault_client_send (quitter, "{\"type\":\"chat\",\"text\":\"bye all\"}");
  fault_client_send (quitter, "{\"type\":\"quit\"}");
  bye = fault_client_expect (quitter, "bye", SLOW_TIMEOUT_US);
  g_assert_true (fault_client_wait_closed (quitter, SLOW_TIMEOUT_US));

  /* The game: Ann is the host; Bob drops during round 1 and comes back. */
  players[0] = fault_client_connect ("127.0.0.1", port);
  fault_client_send (players[0], "{\"type\":\"join\",\"name\":\"Ann\",\"host_key\":\"valgrind-host-key\"}");
  ann_joined = fault_client_expect (players[0], "joined", SLOW_TIMEOUT_US);
  players[1] = fault_client_connect ("127.0.0.1", port);
  bob_joined = fault_client_join (players[1], "Bob", NULL);
  bob_token = g_strdup (json_object_get_string_member (bob_joined, "token"));

  for (guint i = 0; i < 2; i++)
    {
      G_GNUC_UNUSED g_autoptr(JsonObject) question =
        fault_client_expect (players[i], "question", SLOW_TIMEOUT_US);
    }
  fault_client_send (players[0], "{\"type\":\"chat\",\"text\":\"closed now\"}");
  expect_error (players[0], "chat-closed");
  fault_client_free (players[1]);
  players[1] = fault_client_connect ("127.0.0.1", port);
  resumed = fault_client_join (players[1], "Bob", bob_token);
  {
    G_GNUC_UNUSED g_autoptr(JsonObject) question =
      fault_client_expect (players[1], "question", SLOW_TIMEOUT_US);
  }
  /* Bob answers twice before Ann answers and closes the round. */
  fault_client_send (players[1], "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  fault_client_send (players[1], "{\"type\":\"answer\",\"round\":1,\"choice\":2}");
  expect_error (players[1], "already-answered");
  fault_client_send (players[0], "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  for (guint i = 0; i < 2; i++)
    {
      G_GNUC_UNUSED g_autoptr(JsonObject) result =
        fault_client_expect (players[i], "round_result", SLOW_TIMEOUT_US);
    }

  fault_play_round (players, 2, 2);
  fault_play_round (players, 2, 3);
  over = fault_client_expect (players[0], "game_over", SLOW_TIMEOUT_US);

  /* Leak checking at exit takes memcheck a while. */
  status = fault_server_stop (server, SIGTERM, SLOW_TIMEOUT_US);
  log = fault_server_dup_log (server);
  g_assert_cmpint (status, !=, -1);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, 99);
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  /* memcheck did run, and saw the whole program. */
  g_assert_nonnull (strstr (log, "Memcheck"));
  g_assert_nonnull (strstr (log, "ERROR SUMMARY: 0 errors"));

  for (guint i = 0; i < 2; i++)
    fault_client_free (players[i]);
  pupitre_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *valgrind = g_find_program_in_path ("valgrind");

  g_test_init (&argc, &argv, NULL);

  /* Meson's code for a skipped test. */
  if (valgrind == NULL)
    {
      g_printerr ("Skipped: valgrind is not installed\n");
      return 77;
    }

  /* Every block through malloc, where memcheck sees it (GLib 2.74 still
   * has its slice allocator). */
  g_setenv ("G_SLICE", "always-malloc", TRUE);

  g_test_add_func ("/faults/valgrind/game-and-error-paths", test_valgrind_game);
  return g_test_run ();
}
