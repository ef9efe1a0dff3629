/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server under quick faults: a player killed mid-question, SIGTERM mid-game, secrets kept out of the log. */

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fault-support.h"

/* A test's own folder, removed with what it holds. */
typedef struct
{
  char *dir;
  char *quiz;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pupitre-faults-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->quiz = fault_write_quiz (fixture->dir, 3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  pupitre_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->quiz);
}

/* A fault-client process joined as @name; its stdout is *@out. */
static GPid
spawn_player (FaultServer  *server,
              const char   *name,
              FaultClient **out)
{
  g_autofree char *helper = g_build_filename (g_getenv ("PUPITRE_BUILD_DIR"),
                                              "tests", "faults", "fault-client", NULL);
  g_autofree char *port = g_strdup_printf ("%u", fault_server_get_port (server));
  const char *argv[] = { helper, "127.0.0.1", port, name, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;
  int stdout_fd;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            fault_child_setup, NULL, &pid, NULL, &stdout_fd, NULL, &error);
  g_assert_no_error (error);
  *out = fault_client_new_for_fd (stdout_fd);
  return pid;
}

static JsonObject *
find_entry (JsonArray  *list,
            const char *name)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (entry, "name"), name))
        return entry;
    }
  return NULL;
}

/* A player's process dies with SIGKILL while a question is open (no quit,
 * no close by the program): the round still closes for the others, the
 * seat shows disconnected, and its token brings it back. */
static void
test_killed_mid_question (Fixture       *fixture,
                          gconstpointer  user_data)
{
  /* The pause between rounds leaves Ann ample time to come back before
   * round 2 is sent, even on a loaded machine. */
  const char *args[] = { "--players", "2", "--quiz", fixture->quiz,
                         "--countdown", "0.1", "--time-limit", "60", "--pause", "3",
                         NULL };
  g_autoptr(FaultServer) server = fault_server_start (args);
  g_autoptr(FaultClient) ann = NULL;
  g_autoptr(FaultClient) ann_again = NULL;
  g_autoptr(FaultClient) bob = fault_client_connect ("127.0.0.1", fault_server_get_port (server));
  g_autoptr(JsonObject) ann_joined = NULL;
  g_autoptr(JsonObject) bob_joined = NULL;
  g_autoptr(JsonObject) question = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) resumed = NULL;
  g_autoptr(JsonObject) next_question = NULL;
  g_autofree char *token = NULL;
  JsonObject *entry;
  gint64 answered_at;
  int status;
  GPid pid;

  pid = spawn_player (server, "Ann", &ann);
  ann_joined = fault_client_expect (ann, "joined", FAULT_TIMEOUT_US);
  token = g_strdup (json_object_get_string_member (ann_joined, "token"));
  bob_joined = fault_client_join (bob, "Bob", NULL);

  /* Both have the question of round 1. */
  g_clear_pointer (&question, json_object_unref);
  question = fault_client_expect (ann, "question", FAULT_TIMEOUT_US);
  g_clear_pointer (&question, json_object_unref);
  question = fault_client_expect (bob, "question", FAULT_TIMEOUT_US);
  g_assert_cmpint (json_object_get_int_member (question, "round"), ==, 1);

  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (pid);

  fault_client_expect_player (bob, "Ann", FALSE, FAULT_TIMEOUT_US);
  g_assert_true (fault_server_wait_log (server, 0, "Ann disconnected", FAULT_TIMEOUT_US));

  /* The round does not wait for Ann: Bob's answer closes it, long before
   * the 60 s time limit. */
  answered_at = g_get_monotonic_time ();
  fault_client_send (bob, "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  result = fault_client_expect (bob, "round_result", FAULT_TIMEOUT_US);
  g_assert_cmpint (g_get_monotonic_time () - answered_at, <, FAULT_TIMEOUT_US);
  g_assert_cmpint (json_object_get_int_member (result, "round"), ==, 1);
  entry = find_entry (json_object_get_array_member (result, "results"), "Ann");
  g_assert_nonnull (entry);
  g_assert_true (json_object_get_null_member (entry, "choice"));
  g_assert_cmpint (json_object_get_int_member (entry, "points"), ==, 0);
  entry = find_entry (json_object_get_array_member (result, "results"), "Bob");
  g_assert_nonnull (entry);
  g_assert_cmpint (json_object_get_int_member (entry, "points"), ==, 2);

  /* A new connection with the token takes the seat back. */
  ann_again = fault_client_connect ("127.0.0.1", fault_server_get_port (server));
  resumed = fault_client_join (ann_again, "Ann", token);
  g_assert_true (json_object_get_boolean_member_with_default (resumed, "resumed", FALSE));
  fault_client_expect_player (bob, "Ann", TRUE, FAULT_TIMEOUT_US);

  /* And plays the next round with the others. */
  next_question = fault_client_expect (ann_again, "question", FAULT_TIMEOUT_US);
  g_assert_cmpint (json_object_get_int_member (next_question, "round"), ==, 2);
}

/* Splits CSV @text (every field quoted, "" for a quote) into rows of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  /* The byte order mark that lets spreadsheets see UTF-8. */
  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;

  while (*p != '\0')
    {
      g_assert_cmpint (*p, ==, '"');
      for (p++; *p != '\0'; p++)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (*p == '"')
            break;
          else
            g_string_append_c (field, *p);
        }
      g_assert_cmpint (*p, ==, '"');
      p++;
      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);

      if (*p == ',')
        {
          p++;
          continue;
        }
      g_assert_cmpint (*p, ==, '\n');
      p++;
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
    }

  return rows;
}

/* SIGTERM while round 3 is open: every client is told, the results of
 * rounds 1 and 2 are complete on disk under their final name, and the
 * server exits with status 0. */
static void
test_sigterm_mid_game (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *results = g_build_filename (fixture->dir, "results", NULL);
  const char *args[] = { "--players", "2", "--quiz", fixture->quiz,
                         "--countdown", "0.1", "--time-limit", "60", "--pause", "0.1",
                         "--results-dir", results, NULL };
  g_autoptr(FaultServer) server = fault_server_start (args);
  FaultClient *clients[2];
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonObject) question = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  const char *name;
  guint per_round[4] = { 0 };
  guint totals = 0;
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_autoptr(JsonObject) joined = NULL;

      clients[i] = fault_client_connect ("127.0.0.1", fault_server_get_port (server));
      joined = fault_client_join (clients[i], i == 0 ? "Ann" : "Bob", NULL);
    }

  fault_play_round (clients, 2, 1);
  fault_play_round (clients, 2, 2);
  question = fault_client_expect (clients[0], "question", FAULT_TIMEOUT_US);
  g_assert_cmpint (json_object_get_int_member (question, "round"), ==, 3);

  status = fault_server_stop (server, SIGTERM, FAULT_TIMEOUT_US);
  g_assert_cmpint (status, !=, -1);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      G_GNUC_UNUSED g_autoptr(JsonObject) shutdown =
        fault_client_expect (clients[i], "shutdown", FAULT_TIMEOUT_US);

      g_assert_true (fault_client_wait_closed (clients[i], FAULT_TIMEOUT_US));
      fault_client_free (clients[i]);
    }

  /* One finished file, nothing half-written. */
  dir = g_dir_open (results, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_suffix (name, ".part"));
      g_assert_true (g_str_has_suffix (name, ".csv"));
      g_assert_null (csv_path);
      csv_path = g_build_filename (results, name, NULL);
    }
  g_assert_nonnull (csv_path);

  g_file_get_contents (csv_path, &csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF\"Round\","));
  rows = parse_csv (csv);
  g_assert_cmpuint (rows->len, >=, 2);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, 0)), ==, 9);
  for (guint i = 1; i < rows->len; i++)
    {
      char **fields = g_ptr_array_index (rows, i);

      g_assert_cmpuint (g_strv_length (fields), ==, 9);
      if (g_str_equal (fields[0], "Total"))
        {
          totals++;
          continue;
        }
      g_assert_cmpuint (totals, ==, 0);
      g_assert_true (g_str_equal (fields[0], "1") || g_str_equal (fields[0], "2"));
      per_round[fields[0][0] - '0']++;
      g_assert_true (g_str_equal (fields[2], "Ann") || g_str_equal (fields[2], "Bob"));
      g_assert_cmpstr (fields[4], ==, "yes");
    }
  /* Rounds 1 and 2, a row per player each; round 3 was never closed. */
  g_assert_cmpuint (per_round[1], ==, 2);
  g_assert_cmpuint (per_round[2], ==, 2);
  g_assert_cmpuint (per_round[3], ==, 0);
  g_assert_cmpuint (totals, ==, 2);
}

/* Tokens and the host key are credentials: a log that teachers paste into
 * a forum, or a journal other users can read, must not hold them. */
static void
test_no_secrets_in_log (Fixture       *fixture,
                        gconstpointer  user_data)
{
  static const char host_key[] = "Hk-5d41402abc4b2a76b9719d911017c592";
  static const char wrong_key[] = "Hk-wrong-7b52009b64fd0a2a49e6d8a939753077";
  static const char wrong_token[] = "Tk-0cc175b9c0f1b6a831c399e269772661";
  static const char * const names[] = { "Ann", "Bob" };
  const char *args[] = { "--players", "2", "--quiz", fixture->quiz,
                         "--countdown", "0.1", "--time-limit", "60", "--pause", "0.1",
                         "--host-key", host_key, NULL };
  g_autoptr(FaultServer) server = fault_server_start (args);
  g_autoptr(FaultClient) intruder = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) intruder_joined = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *log = NULL;
  FaultClient *clients[2];
  guint port = fault_server_get_port (server);
  int status;

  /* Ann is the host; Bob joins and the game starts. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) joined = NULL;

      clients[i] = fault_client_connect ("127.0.0.1", port);
      if (i == 0)
        fault_client_sendf (clients[i], "{\"type\":\"join\",\"name\":\"Ann\",\"host_key\":\"%s\"}",
                            host_key);
      else
        fault_client_send (clients[i], "{\"type\":\"join\",\"name\":\"Bob\"}");
      joined = fault_client_expect (clients[i], "joined", FAULT_TIMEOUT_US);
      g_ptr_array_add (tokens, g_strdup (json_object_get_string_member (joined, "token")));
    }
  for (guint i = 0; i < 2; i++)
    {
      G_GNUC_UNUSED g_autoptr(JsonObject) question =
        fault_client_expect (clients[i], "question", FAULT_TIMEOUT_US);
    }

  /* One after the other (the round would close with nobody left), each
   * drops and comes back with its token; the open question comes again. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) joined = NULL;
      g_autoptr(JsonObject) question = NULL;

      fault_client_free (clients[i]);
      clients[i] = fault_client_connect ("127.0.0.1", port);
      joined = fault_client_join (clients[i], names[i], g_ptr_array_index (tokens, i));
      g_assert_true (json_object_get_boolean_member_with_default (joined, "resumed", FALSE));
      question = fault_client_expect (clients[i], "question", FAULT_TIMEOUT_US);
      g_assert_cmpint (json_object_get_int_member (question, "round"), ==, 1);
    }
  for (guint i = 0; i < 2; i++)
    fault_client_send (clients[i], "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  for (guint i = 0; i < 2; i++)
    {
      G_GNUC_UNUSED g_autoptr(JsonObject) result =
        fault_client_expect (clients[i], "round_result", FAULT_TIMEOUT_US);
    }

  /* Near misses are secrets too: a mistyped token or host key. */
  intruder = fault_client_connect ("127.0.0.1", port);
  fault_client_sendf (intruder, "{\"type\":\"join\",\"name\":\"Eve\",\"token\":\"%s\"}", wrong_token);
  refused = fault_client_expect (intruder, "error", FAULT_TIMEOUT_US);
  g_assert_cmpstr (json_object_get_string_member (refused, "code"), ==, "bad-token");
  fault_client_sendf (intruder, "{\"type\":\"join\",\"name\":\"Eve\",\"host_key\":\"%s\"}", wrong_key);
  intruder_joined = fault_client_expect (intruder, "joined", FAULT_TIMEOUT_US);
  g_ptr_array_add (tokens, g_strdup (json_object_get_string_member (intruder_joined, "token")));

  status = fault_server_stop (server, SIGTERM, FAULT_TIMEOUT_US);
  g_assert_cmpint (status, !=, -1);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  for (guint i = 0; i < 2; i++)
    fault_client_free (clients[i]);

  log = fault_server_dup_log (server);
  /* The log did record all of it. */
  g_assert_nonnull (strstr (log, "Ann joined"));
  g_assert_nonnull (strstr (log, "Ann is back"));
  g_assert_nonnull (strstr (log, "Bob is back"));
  g_assert_nonnull (strstr (log, "Eve joined"));

  g_assert_null (strstr (log, host_key));
  g_assert_null (strstr (log, wrong_key));
  g_assert_null (strstr (log, wrong_token));
  g_assert_cmpuint (tokens->len, ==, 3);
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);

      g_assert_cmpuint (strlen (token), >=, 8);
      g_assert_null (strstr (log, token));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/faults/player/killed-mid-question", Fixture, NULL,
              fixture_set_up, test_killed_mid_question, fixture_tear_down);
  g_test_add ("/faults/server/sigterm-mid-game", Fixture, NULL,
              fixture_set_up, test_sigterm_mid_game, fixture_tear_down);
  g_test_add ("/faults/log/no-secrets", Fixture, NULL,
              fixture_set_up, test_no_secrets_in_log, fixture_tear_down);

  return g_test_run ();
}
