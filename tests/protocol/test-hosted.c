/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hosted games on the real pupitre-server, over TCP (docs/protocol.md,
 * section 14): a host creates a game from a quiz it sends, drives it, and
 * takes its results; players join it by its code. */

#include <stdarg.h>
#include <string.h>
#include <glib/gstdio.h>

#include "test-harness.h"

/* The standing game's quiz: hosted games bring their own. */
static const char standing_quiz[] =
  "{\"title\":\"Standing\",\"questions\":["
  "{\"text\":\"Standing?\",\"choices\":[\"yes\",\"no\"],\"answer\":1}]}";

/* The host's quiz, in GIFT, sent in two parts. */
static const char gift_part_1[] =
  "::Q1:: Quel système est libre ? {=Linux ~Windows ~MacOS}\\n\\n";
static const char gift_part_2[] =
  "::Q2:: Combien font 2 + 2 ? {~3 =4}\\n";

static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

static TestServer *
start (const char *first,
       ...) G_GNUC_NULL_TERMINATED;

static TestServer *
start (const char *first,
       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg = first;
  va_list ap;

  va_start (ap, first);
  for (; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return test_server_start (standing_quiz, (const char * const *) args->pdata);
}

/* Connects, reads the welcome, and creates a game of the GIFT quiz with
 * @options (a JSON object's text) and @extra members (may be ""). */
static TestClient *
create_game (TestServer  *server,
             const char  *options,
             const char  *extra,
             JsonObject **created)
{
  TestClient *host = test_client_connect (server);

  json_object_unref (test_client_take (host, "welcome", TEST_WAIT_MS));
  test_client_send (host, "{\"type\":\"quiz_part\",\"text\":\"%s\"}", gift_part_1);
  test_client_send (host, "{\"type\":\"create_game\",\"quiz\":\"%s\",\"format\":\"gift\","
                    "\"filename\":\"cours.gift\",\"name\":\"Mme Martin\",\"options\":%s%s}",
                    gift_part_2, options, extra);
  *created = test_client_take (host, "game_created", TEST_WAIT_MS);
  return host;
}

static TestClient *
join_code (TestServer *server,
           const char *name,
           const char *code)
{
  TestClient *client = test_client_connect (server);
  g_autoptr(JsonObject) joined = NULL;

  json_object_unref (test_client_take (client, "welcome", TEST_WAIT_MS));
  test_client_send (client, "{\"type\":\"join\",\"name\":\"%s\",\"game\":\"%s\"}", name, code);
  joined = test_client_take (client, "joined", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (joined, "name"), ==, name);
  g_assert_true (json_object_get_boolean_member (joined, "hosted"));
  g_assert_cmpint (test_member_int (joined, "needed"), ==, 0);
  return client;
}

static void
answer (TestClient *client,
        gint64      round,
        gint64      choice)
{
  g_autoptr(JsonObject) ack = NULL;

  test_client_send (client, "{\"type\":\"answer\",\"round\":%" G_GINT64_FORMAT ",\"choice\":%"
                    G_GINT64_FORMAT "}", round, choice);
  ack = test_client_take (client, "answer_ack", TEST_WAIT_MS);
  g_assert_cmpint (test_member_int (ack, "choice"), ==, choice);
}

/* "k7r-t4q" for "K7RT4Q": codes are typed as people read them. */
static char *
sloppy (const char *code)
{
  g_autofree char *lower = g_ascii_strdown (code, -1);

  return g_strdup_printf ("%.3s-%s", lower, lower + 3);
}

static void
test_create_play_and_results (void)
{
  g_autoptr(TestServer) server = start ("--hosting", "open", NULL);
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(TestClient) host = create_game (server, "{\"scoring\":\"right\",\"countdown_ms\":0}",
                                            "", &created);
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonObject) players = NULL;
  g_autoptr(JsonObject) question = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(JsonObject) closed = NULL;
  g_autoptr(TestClient) alice = NULL;
  g_autoptr(TestClient) bob = NULL;
  g_autoptr(TestClient) standing = NULL;
  g_autofree char *code = NULL;
  g_autofree char *typed = NULL;
  JsonArray *rows;

  code = g_strdup (test_member_string (created, "game"));
  g_assert_cmpuint (strlen (code), ==, 6);
  g_assert_cmpuint (strspn (code, alphabet), ==, 6);
  g_assert_cmpuint (strlen (test_member_string (created, "host_token")), ==, 32);
  g_assert_cmpint (test_member_int (created, "rounds"), ==, 2);
  g_assert_cmpstr (test_member_string (json_object_get_object_member (created, "options"), "scoring"),
                   ==, "right");
  state = test_client_take (host, "game_state", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (state, "state"), ==, "lobby");

  typed = sloppy (code);
  alice = join_code (server, "Alice", typed);
  bob = join_code (server, "Bob", code);
  /* The standing game goes on beside it, for clients that know no code. */
  standing = test_client_join (server, "Zoé");

  players = test_client_skip_to (host, "players", TEST_WAIT_MS);
  while (test_member_int (players, "count") < 2)
    {
      json_object_unref (players);
      players = test_client_take (host, "players", TEST_WAIT_MS);
    }
  g_assert_cmpint (test_member_int (players, "count"), ==, 2);

  test_client_send (host, "{\"type\":\"start\"}");
  question = test_client_take (alice, "question", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (question, "text"), ==, "Quel système est libre ?");
  g_assert_false (json_object_has_member (question, "answer"));
  json_object_unref (test_client_take (host, "question", TEST_WAIT_MS));
  answer (alice, 1, 1);
  answer (bob, 1, 2);
  result = test_client_take (host, "round_result", TEST_WAIT_MS);
  g_assert_cmpint (json_array_get_length (test_member_array (result, "results")), ==, 2);
  report = test_client_take (host, "round_report", TEST_WAIT_MS);
  g_assert_cmpint (json_array_get_int_element (test_member_array (report, "counts"), 0), ==, 1);
  g_assert_cmpint (json_array_get_int_element (test_member_array (report, "counts"), 1), ==, 1);
  g_assert_cmpint (test_member_int (report, "no_answer"), ==, 0);

  /* Nothing moves on without the host: only its next does. */
  json_object_unref (test_client_skip_to (alice, "round_result", TEST_WAIT_MS));
  test_client_sync (alice);
  g_assert_cmpuint (test_client_count_pending (alice, "countdown"), ==, 0);
  test_client_send (host, "{\"type\":\"next\"}");
  json_object_unref (test_client_skip_to (alice, "question", TEST_WAIT_MS));
  json_object_unref (test_client_skip_to (bob, "question", TEST_WAIT_MS));
  answer (alice, 2, 2);
  answer (bob, 2, 2);
  json_object_unref (test_client_skip_to (alice, "round_result", TEST_WAIT_MS));
  test_client_send (host, "{\"type\":\"next\"}");
  json_object_unref (test_client_take (alice, "game_over", TEST_WAIT_MS));

  results = test_client_take (host, "results", TEST_WAIT_MS);
  g_assert_true (json_object_get_boolean_member (results, "done"));
  rows = test_member_array (results, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  g_assert_cmpstr (test_member_string (json_array_get_object_element (rows, 0), "player"), ==, "Alice");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (rows, 0), "correct"));
  g_assert_cmpint (test_member_int (json_array_get_object_element (rows, 3), "score"), ==, 1);

  test_client_send (host, "{\"type\":\"close_game\"}");
  closed = test_client_take (alice, "game_closed", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (closed, "reason"), ==, "host");
  json_object_unref (test_client_take (alice, "bye", TEST_WAIT_MS));
  g_assert_true (test_client_wait_closed (alice, TEST_WAIT_MS));
  g_assert_true (test_client_wait_closed (host, TEST_WAIT_MS));

  /* The code is free again, and the standing game untouched. */
  {
    g_autoptr(TestClient) again = test_client_connect (server);

    json_object_unref (test_client_take (again, "welcome", TEST_WAIT_MS));
    test_client_send (again, "{\"type\":\"join\",\"name\":\"Carl\",\"game\":\"%s\"}", code);
    test_client_expect_error (again, "game-not-found", "join");
  }
  test_client_sync (standing);
  g_assert_false (test_client_is_closed (standing));
  test_server_stop (server);
}

static void
test_refusals (void)
{
  g_autoptr(TestServer) off = start ("--hosting", "off", NULL);
  g_autoptr(TestServer) server = start ("--hosting", "open", NULL);
  g_autoptr(TestClient) client = test_client_connect (off);
  g_autoptr(TestClient) other = NULL;
  g_autoptr(TestClient) member = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) error = NULL;
  g_autofree char *big = NULL;

  json_object_unref (test_client_take (client, "welcome", TEST_WAIT_MS));
  test_client_send (client, "{\"type\":\"create_game\",\"quiz\":\"Q {=a ~b}\",\"format\":\"gift\"}");
  test_client_expect_error (client, "hosting-off", "create_game");

  other = test_client_connect (server);
  json_object_unref (test_client_take (other, "welcome", TEST_WAIT_MS));
  test_client_send (other, "{\"type\":\"next\"}");
  test_client_expect_error (other, "not-joined", "next");

  /* The quiz's problem with its file and line. */
  test_client_send (other, "{\"type\":\"create_game\",\"quiz\":\"::A:: Un ? {=a ~b}\\n\\n"
                    "::B Deux ? {=a ~b}\\n\",\"format\":\"gift\",\"filename\":\"cours.gift\"}");
  error = test_client_take (other, "error", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (error, "code"), ==, "bad-quiz");
  g_assert_cmpint (test_member_int (error, "line"), ==, 3);
  g_assert_true (g_str_has_prefix (test_member_string (error, "message"), "cours.gift:3: question 2: "));
  g_clear_pointer (&error, json_object_unref);

  test_client_send (other, "{\"type\":\"create_game\",\"quiz\":\"Q {=a ~b}\",\"format\":\"gift\","
                    "\"options\":{\"scoring\":\"fastest\"}}");
  test_client_expect_error (other, "bad-field", "create_game");
  test_client_send (other, "{\"type\":\"create_game\",\"quiz\":\"Q {=a ~b}\",\"format\":\"latex\"}");
  test_client_expect_error (other, "bad-field", "create_game");

  /* Over 1 MiB in parts: refused, and the upload dropped. */
  big = g_strnfill (60000, 'x');
  for (guint i = 0; i < 18; i++)
    test_client_send (other, "{\"type\":\"quiz_part\",\"text\":\"%s\"}", big);
  test_client_expect_error (other, "quiz-too-large", "quiz_part");
  /* What the import skipped is said, with its line. */
  test_client_send (other, "{\"type\":\"create_game\",\"quiz\":\"::A:: Un ? {=a ~b}\\n\\n"
                    "::B:: Deux ? {~a ~b}\\n\",\"format\":\"gift\",\"filename\":\"cours.gift\"}");
  created = test_client_take (other, "game_created", TEST_WAIT_MS);
  g_assert_cmpint (test_member_int (created, "rounds"), ==, 1);
  g_assert_cmpuint (json_array_get_length (test_member_array (created, "warnings")), ==, 1);
  g_assert_true (g_str_has_prefix (json_array_get_string_element (test_member_array (created, "warnings"), 0),
                                   "cours.gift:3: question 2: "));
  test_client_send (other, "{\"type\":\"create_game\",\"quiz\":\"Q {=a ~b}\",\"format\":\"gift\"}");
  test_client_expect_error (other, "already-joined", "create_game");
  test_client_send (other, "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  test_client_expect_error (other, "not-joined", "answer");

  member = join_code (server, "Alice", test_member_string (created, "game"));
  test_client_send (member, "{\"type\":\"next\"}");
  test_client_expect_error (member, "not-host", "next");
  test_client_send (member, "{\"type\":\"kick\",\"name\":\"Alice\"}");
  test_client_expect_error (member, "not-host", "kick");

  test_server_stop (server);
  test_server_stop (off);
}

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static void
test_host_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pupitre-hosted-XXXXXX", &error);
  g_autofree char *keys = g_build_filename (dir, "host-keys", NULL);
  g_autofree char *hash = sha256_hex ("correct horse battery staple");
  g_autofree char *contents = g_strdup_printf ("# the teachers\nmartin %s\n", hash);
  g_autoptr(TestServer) server = NULL;
  g_autoptr(TestClient) wrong = NULL;
  g_autoptr(TestClient) right = NULL;
  g_autoptr(TestClient) second = NULL;
  g_autoptr(JsonObject) created = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (keys, contents, -1, &error));
  server = start ("--hosting", "keys", "--host-keys", keys, "--max-games-per-key", "1", NULL);

  wrong = test_client_connect (server);
  json_object_unref (test_client_take (wrong, "welcome", TEST_WAIT_MS));
  test_client_send (wrong, "{\"type\":\"create_game\",\"quiz\":\"Q {=a ~b}\",\"format\":\"gift\","
                    "\"host_key\":\"correct horse battery stapler\"}");
  test_client_expect_error (wrong, "bad-host-key", "create_game");
  test_client_send (wrong, "{\"type\":\"create_game\",\"quiz\":\"Q {=a ~b}\",\"format\":\"gift\"}");
  test_client_expect_error (wrong, "bad-host-key", "create_game");

  right = create_game (server, "{}", ",\"host_key\":\"correct horse battery staple\"", &created);
  second = test_client_connect (server);
  json_object_unref (test_client_take (second, "welcome", TEST_WAIT_MS));
  test_client_send (second, "{\"type\":\"create_game\",\"quiz\":\"Q {=a ~b}\",\"format\":\"gift\","
                    "\"host_key\":\"correct horse battery staple\"}");
  test_client_expect_error (second, "too-many-games", "create_game");

  test_server_stop (server);
  g_assert_no_errno (g_unlink (keys));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_host_away_and_back (void)
{
  g_autoptr(TestServer) server = start ("--hosting", "open", NULL);
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(TestClient) host = create_game (server, "{\"countdown_ms\":0,\"time_limit_ms\":60000}",
                                            "", &created);
  g_autoptr(TestClient) alice = join_code (server, "Alice", test_member_string (created, "game"));
  g_autoptr(TestClient) back = NULL;
  g_autoptr(TestClient) thief = NULL;
  g_autoptr(JsonObject) timer = NULL;
  g_autoptr(JsonObject) resumed = NULL;
  g_autoptr(JsonObject) again = NULL;

  test_client_send (host, "{\"type\":\"start\"}");
  json_object_unref (test_client_take (alice, "question", TEST_WAIT_MS));
  test_client_drop (host);
  timer = test_client_take (alice, "timer", TEST_WAIT_MS);
  g_assert_true (json_object_get_boolean_member (timer, "paused"));
  g_assert_cmpstr (test_member_string (timer, "reason"), ==, "host-away");
  g_clear_pointer (&timer, json_object_unref);

  thief = test_client_connect (server);
  json_object_unref (test_client_take (thief, "welcome", TEST_WAIT_MS));
  test_client_send (thief, "{\"type\":\"resume_host\",\"game\":\"%s\",\"host_token\":\"%032d\"}",
                    test_member_string (created, "game"), 0);
  test_client_expect_error (thief, "bad-token", "resume_host");

  back = test_client_connect (server);
  json_object_unref (test_client_take (back, "welcome", TEST_WAIT_MS));
  test_client_send (back, "{\"type\":\"resume_host\",\"game\":\"%s\",\"host_token\":\"%s\"}",
                    test_member_string (created, "game"), test_member_string (created, "host_token"));
  resumed = test_client_take (back, "game_created", TEST_WAIT_MS);
  g_assert_true (json_object_get_boolean_member (resumed, "resumed"));
  again = test_client_take (back, "question", TEST_WAIT_MS);
  g_assert_cmpint (test_member_int (again, "round"), ==, 1);
  test_client_send (back, "{\"type\":\"resume\"}");
  timer = test_client_take (alice, "timer", TEST_WAIT_MS);
  g_assert_false (json_object_get_boolean_member (timer, "paused"));
  answer (alice, 1, 1);
  json_object_unref (test_client_take (back, "round_report", TEST_WAIT_MS));
  test_server_stop (server);
}

static void
test_kick (void)
{
  g_autoptr(TestServer) server = start ("--hosting", "open", NULL);
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(TestClient) host = create_game (server, "{}", "", &created);
  const char *code = test_member_string (created, "game");
  g_autoptr(TestClient) alice = join_code (server, "Alice", code);
  g_autoptr(TestClient) bob = join_code (server, "Bob", code);
  g_autoptr(TestClient) again = NULL;
  g_autoptr(JsonObject) players = NULL;

  test_client_send (host, "{\"type\":\"kick\",\"name\":\"Bob\"}");
  test_client_expect_error (bob, "kicked", "");
  g_assert_true (test_client_wait_closed (bob, TEST_WAIT_MS));
  do
    {
      g_clear_pointer (&players, json_object_unref);
      players = test_client_take (alice, "players", TEST_WAIT_MS);
    }
  while (test_member_int (players, "count") != 1);

  again = test_client_connect (server);
  json_object_unref (test_client_take (again, "welcome", TEST_WAIT_MS));
  test_client_send (again, "{\"type\":\"join\",\"name\":\"bob\",\"game\":\"%s\"}", code);
  test_client_expect_error (again, "kicked", "join");
  test_client_send (host, "{\"type\":\"kick\",\"name\":\"Nobody\"}");
  test_client_expect_error (host, "bad-field", "kick");
  test_server_stop (server);
}

/* Guessing codes is slow: ten misses, then every code alike is refused,
 * the right one too, for a while. */
static void
test_code_guessing (void)
{
  g_autoptr(TestServer) server = start ("--hosting", "open", NULL);
  g_autoptr(JsonObject) created = NULL;
  /* Held so that the game keeps its host while codes are guessed. */
  g_autoptr(TestClient) host G_GNUC_UNUSED = create_game (server, "{}", "", &created);
  g_autoptr(TestClient) guesser = test_client_connect (server);

  json_object_unref (test_client_take (guesser, "welcome", TEST_WAIT_MS));
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(JsonObject) error = NULL;

      test_client_send (guesser, "{\"type\":\"join\",\"name\":\"G\",\"game\":\"ZZZZZ%c\"}", alphabet[i]);
      error = test_client_take (guesser, "error", TEST_WAIT_MS);
      g_assert_cmpstr (test_member_string (error, "code"), ==, "game-not-found");
      g_assert_nonnull (strstr (test_member_string (error, "message"), "ZZZZZ"));
    }
  test_client_send (guesser, "{\"type\":\"join\",\"name\":\"G\",\"game\":\"%s\"}",
                    test_member_string (created, "game"));
  test_client_expect_error (guesser, "rate-limited", "join");
  test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hosted/create-play-and-results", test_create_play_and_results);
  g_test_add_func ("/hosted/refusals", test_refusals);
  g_test_add_func ("/hosted/host-keys", test_host_keys);
  g_test_add_func ("/hosted/host-away-and-back", test_host_away_and_back);
  g_test_add_func ("/hosted/kick", test_kick);
  g_test_add_func ("/hosted/code-guessing", test_code_guessing);

  return g_test_run ();
}
