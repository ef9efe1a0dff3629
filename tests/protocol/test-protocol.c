/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wire protocol of the real pupitre-server, over TCP, message by message. */

#include <signal.h>
#include <stdarg.h>
#include <string.h>

#include "test-harness.h"

/* Every question has three choices; the right ones are 3, 1 and 2. */
#define QUESTION_1 \
  "{\"text\":\"Which of these operating systems is free software?\"," \
  "\"choices\":[\"Windows\",\"MacOS\",\"Linux\"],\"answer\":3," \
  "\"explanation\":\"Linux is published under the GPL.\"}"
#define QUESTION_2 \
  "{\"text\":\"How much is 2 + 2?\",\"choices\":[\"4\",\"5\",\"22\"],\"answer\":1," \
  "\"explanation\":\"Plain arithmetic.\"}"
#define QUESTION_3 \
  "{\"text\":\"Which port does Pupitre use by default?\"," \
  "\"choices\":[\"80\",\"50026\",\"22\"],\"answer\":2}"
#define QUIZ_HEAD "{\"title\":\"Protocol tests\",\"language\":\"en\",\"questions\":["

static const char quiz_one[] = QUIZ_HEAD QUESTION_1 "]}";
static const char quiz_two[] = QUIZ_HEAD QUESTION_1 "," QUESTION_2 "]}";
static const char quiz_three[] = QUIZ_HEAD QUESTION_1 "," QUESTION_2 "," QUESTION_3 "]}";
static const gint64 right_choice[] = { 0, 3, 1, 2 };

#define LIST_MAX 100
#define MAX_LINE 65536

/* One answer as the test saw it go and come back. */
typedef struct
{
  const char *name;
  gint64      choice;
  gint64      time_ms;
} Arrival;

/* Helpers */

static TestServer *
start (const char *quiz,
       ...) G_GNUC_NULL_TERMINATED;

static TestServer *
start (const char *quiz,
       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, quiz);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return test_server_start (quiz, (const char * const *) args->pdata);
}

/* Takes the question of @round and checks it carries exactly the
 * contract's members: nothing in it may hint at the right choice. */
static JsonObject *
take_question (TestClient *client,
               gint64      round,
               gint64      rounds)
{
  JsonObject *question = test_client_take (client, "question", TEST_WAIT_MS);

  test_assert_members (question, "type", "round", "rounds", "text", "choices",
                       "time_limit_ms", NULL);
  g_assert_cmpint (test_member_int (question, "round"), ==, round);
  g_assert_cmpint (test_member_int (question, "rounds"), ==, rounds);
  g_assert_cmpstr (test_member_string (question, "text"), !=, "");
  g_assert_cmpuint (json_array_get_length (test_member_array (question, "choices")), ==, 3);
  g_assert_cmpint (test_member_int (question, "time_limit_ms"), >, 0);
  return question;
}

/* Sends an answer and checks its acknowledgement; returns time_ms.
 * @question_at is when the client received the question. */
static gint64
answer (TestClient *client,
        gint64      round,
        gint64      choice,
        gint64      question_at)
{
  g_autoptr(JsonObject) ack = NULL;
  gint64 sent_at = g_get_monotonic_time ();
  gint64 time_ms;

  test_client_send (client, "{\"type\":\"answer\",\"round\":%" G_GINT64_FORMAT
                    ",\"choice\":%" G_GINT64_FORMAT "}", round, choice);
  ack = test_client_take (client, "answer_ack", TEST_WAIT_MS);
  g_assert_cmpint (test_member_int (ack, "round"), ==, round);
  g_assert_cmpint (test_member_int (ack, "choice"), ==, choice);

  /* The server sent the question before the client read it and read the
   * answer after the client sent it; its clock may have started earlier
   * than the client's (by as long as the question took to be read here:
   * seconds on a loaded machine under the sanitizers, which scale every
   * wait of the tests), never later. */
  time_ms = test_member_int (ack, "time_ms");
  g_assert_cmpint (time_ms, >=, (sent_at - question_at) / 1000 - 1);
  g_assert_cmpint (time_ms, <=, (test_client_get_taken_at (client) - question_at) / 1000 + TEST_WAIT_MS);
  return time_ms;
}

/* Classic scoring computed here from what the clients saw: with P players
 * in the round, the k-th fastest right answer scores P - k + 1 (equal
 * times in arrival order), a wrong one -1, "don't know" 0. */
static gint64
expected_points (guint          n_players,
                 gint64         correct,
                 const Arrival *arrivals,
                 guint          n_arrivals,
                 guint          index)
{
  const Arrival *a = &arrivals[index];
  guint k = 1;

  if (a->choice == 0)
    return 0;
  if (a->choice != correct)
    return -1;

  for (guint j = 0; j < n_arrivals; j++)
    {
      const Arrival *b = &arrivals[j];

      if (j != index && b->choice == correct &&
          (b->time_ms < a->time_ms || (b->time_ms == a->time_ms && j < index)))
        k++;
    }
  return n_players - k + 1;
}

/* Names compare as the contract says: without regard to case. */
static int
compare_names (const char *a,
               const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return strcmp (fa, fb);
}

static guint
expected_rank (gint64        score,
               const gint64 *scores,
               guint         n)
{
  guint rank = 1;

  for (guint i = 0; i < n; i++)
    if (scores[i] > score)
      rank++;
  return rank;
}

static guint
find_name (const char * const *names,
           guint               n,
           const char         *name)
{
  for (guint i = 0; i < n; i++)
    if (g_str_equal (names[i], name))
      return i;
  g_error ("unexpected player “%s”", name);
  return 0;
}

/* Checks a totals list: every player once (at most LIST_MAX shown), by
 * score then name, ranks shared by equal scores (1, 1, 3). */
static void
check_totals (JsonArray          *totals,
              const char * const *names,
              const gint64       *scores,
              guint               n)
{
  guint length = json_array_get_length (totals);

  g_assert_cmpuint (length, ==, MIN (n, LIST_MAX));
  for (guint i = 0; i < length; i++)
    {
      JsonObject *entry = json_array_get_object_element (totals, i);
      guint who = find_name (names, n, test_member_string (entry, "name"));
      gint64 score = test_member_int (entry, "score");

      g_assert_cmpint (score, ==, scores[who]);
      g_assert_cmpint (test_member_int (entry, "rank"), ==, expected_rank (score, scores, n));
      if (i > 0)
        {
          JsonObject *prev = json_array_get_object_element (totals, i - 1);
          gint64 prev_score = test_member_int (prev, "score");

          g_assert_cmpint (prev_score, >=, score);
          if (prev_score == score)
            g_assert_cmpint (compare_names (test_member_string (prev, "name"),
                                            test_member_string (entry, "name")), <, 0);
        }
    }
}

/* Checks results: the answers in arrival order with their points, then
 * the silent players (in any order) with null choice and time. */
static void
check_results (JsonArray          *results,
               guint               n_players,
               gint64              correct,
               const Arrival      *arrivals,
               guint               n_arrivals,
               const char * const *silent,
               guint               n_silent)
{
  guint length = json_array_get_length (results);

  g_assert_cmpuint (length, ==, MIN (n_arrivals + n_silent, LIST_MAX));
  for (guint i = 0; i < length; i++)
    {
      JsonObject *entry = json_array_get_object_element (results, i);

      if (i < n_arrivals)
        {
          g_assert_cmpstr (test_member_string (entry, "name"), ==, arrivals[i].name);
          g_assert_cmpint (test_member_int (entry, "choice"), ==, arrivals[i].choice);
          g_assert_cmpint (test_member_int (entry, "time_ms"), ==, arrivals[i].time_ms);
          g_assert_cmpint (test_member_int (entry, "points"), ==,
                           expected_points (n_players, correct, arrivals, n_arrivals, i));
        }
      else
        {
          find_name (silent, n_silent, test_member_string (entry, "name"));
          g_assert_true (test_member_is_null (entry, "choice"));
          g_assert_true (test_member_is_null (entry, "time_ms"));
          g_assert_cmpint (test_member_int (entry, "points"), ==, 0);
        }
    }
}

static void
check_standing (JsonObject *standing,
                gint64      round,
                gint64      choice,
                gint64      points,
                gint64      time_ms,
                gint64      score,
                guint       rank,
                guint       players)
{
  g_assert_cmpint (test_member_int (standing, "round"), ==, round);
  if (choice < 0)
    {
      g_assert_true (test_member_is_null (standing, "choice"));
      g_assert_true (test_member_is_null (standing, "time_ms"));
    }
  else
    {
      g_assert_cmpint (test_member_int (standing, "choice"), ==, choice);
      g_assert_cmpint (test_member_int (standing, "time_ms"), ==, time_ms);
    }
  g_assert_cmpint (test_member_int (standing, "points"), ==, points);
  g_assert_cmpint (test_member_int (standing, "score"), ==, score);
  g_assert_cmpint (test_member_int (standing, "rank"), ==, rank);
  g_assert_cmpint (test_member_int (standing, "players"), ==, players);
}

/* A players list is sorted by score, highest first, then by name. */
static void
check_players_sorted (JsonArray *players)
{
  for (guint i = 1; i < json_array_get_length (players); i++)
    {
      JsonObject *prev = json_array_get_object_element (players, i - 1);
      JsonObject *entry = json_array_get_object_element (players, i);
      gint64 prev_score = test_member_int (prev, "score");
      gint64 score = test_member_int (entry, "score");

      g_assert_cmpint (prev_score, >=, score);
      if (prev_score == score)
        g_assert_cmpint (compare_names (test_member_string (prev, "name"),
                                        test_member_string (entry, "name")), <, 0);
    }
}

static JsonObject *
find_player (JsonArray  *players,
             const char *name)
{
  for (guint i = 0; i < json_array_get_length (players); i++)
    {
      JsonObject *entry = json_array_get_object_element (players, i);

      if (g_str_equal (test_member_string (entry, "name"), name))
        return entry;
    }
  return NULL;
}

/* Only a round's result, and what follows it, may name the right choice
 * or explain it. */
static void
check_nothing_revealed (TestClient *client)
{
  GPtrArray *log = test_client_get_log (client);

  for (guint i = 0; i < log->len; i++)
    {
      JsonObject *message = g_ptr_array_index (log, i);
      const char *type = test_member_string (message, "type");

      if (g_str_equal (type, "round_result") || g_str_equal (type, "standing") ||
          g_str_equal (type, "game_over"))
        continue;
      g_assert_false (json_object_has_member (message, "correct"));
      g_assert_false (json_object_has_member (message, "answer"));
      g_assert_false (json_object_has_member (message, "right"));
      g_assert_false (json_object_has_member (message, "explanation"));
    }
}

static void
check_joined (JsonObject *joined,
              const char *name,
              const char *state,
              gint64      needed)
{
  const char *token = test_member_string (joined, "token");

  g_assert_cmpstr (test_member_string (joined, "name"), ==, name);
  g_assert_cmpstr (test_member_string (joined, "game"), ==, "main");
  g_assert_cmpstr (test_member_string (joined, "state"), ==, state);
  g_assert_cmpint (test_member_int (joined, "needed"), ==, needed);
  /* Tokens are 128 random bits in hexadecimal. */
  g_assert_cmpuint (strlen (token), ==, 32);
  for (const char *p = token; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p));
}

/* Session */

static void
test_session_welcome (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_connect (server);
  g_autoptr(JsonObject) welcome = test_client_next (client, TEST_WAIT_MS);

  g_assert_cmpstr (test_member_string (welcome, "type"), ==, "welcome");
  g_assert_cmpint (test_member_int (welcome, "protocol"), ==, 1);
  g_assert_true (g_str_has_prefix (test_member_string (welcome, "server"), "pupitre-server/"));
  test_server_stop (server);
}

static void
test_session_join_lobby (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_connect (server);
  g_autoptr(TestClient) other = test_client_connect (server);
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(JsonObject) other_joined = NULL;
  g_autoptr(JsonObject) players = NULL;
  JsonObject *entry;

  json_object_unref (test_client_take (client, "welcome", TEST_WAIT_MS));
  /* Surrounding white space is not part of the name. */
  test_client_send (client, "{\"type\":\"join\",\"name\":\"  Ubuntu1 \\t\"}");
  joined = test_client_next (client, TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (joined, "type"), ==, "joined");
  check_joined (joined, "Ubuntu1", "lobby", 3);
  g_assert_false (json_object_has_member (joined, "resumed"));

  players = test_client_take (client, "players", TEST_WAIT_MS);
  g_assert_cmpint (test_member_int (players, "count"), ==, 1);
  g_assert_cmpint (test_member_int (players, "needed"), ==, 3);
  g_assert_cmpuint (json_array_get_length (test_member_array (players, "players")), ==, 1);
  entry = json_array_get_object_element (test_member_array (players, "players"), 0);
  g_assert_cmpstr (test_member_string (entry, "name"), ==, "Ubuntu1");
  g_assert_true (json_object_get_boolean_member (entry, "connected"));
  g_assert_cmpint (test_member_int (entry, "score"), ==, 0);

  /* The optional members of the contract: the default game by its code,
   * and the protocol version. */
  json_object_unref (test_client_take (other, "welcome", TEST_WAIT_MS));
  test_client_send (other, "{\"type\":\"join\",\"name\":\"Ubuntu2\",\"game\":\"main\",\"protocol\":1,"
                    "\"future\":{\"ignored\":true}}");
  other_joined = test_client_take (other, "joined", TEST_WAIT_MS);
  check_joined (other_joined, "Ubuntu2", "lobby", 3);
  g_assert_cmpstr (test_member_string (other_joined, "token"), !=,
                   test_member_string (joined, "token"));
  test_server_stop (server);
}

static void
test_session_quit (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) again = NULL;
  g_autoptr(JsonObject) bye = NULL;

  test_client_send (client, "{\"type\":\"quit\"}");
  bye = test_client_take (client, "bye", TEST_WAIT_MS);
  g_assert_true (test_client_wait_closed (client, TEST_WAIT_MS));

  /* Leaving the lobby on purpose frees the name. */
  again = test_client_join (server, "Ubuntu1");
  g_assert_cmpstr (test_client_get_name (again), ==, "Ubuntu1");
  test_server_stop (server);
}

static void
check_pong (TestClient *client,
            const char *id_json)
{
  g_autoptr(JsonNode) expected = json_from_string (id_json, NULL);
  g_autoptr(JsonObject) pong = NULL;

  test_client_send (client, "{\"type\":\"ping\",\"id\":%s}", id_json);
  pong = test_client_take (client, "pong", TEST_WAIT_MS);
  test_assert_members (pong, "type", "id", NULL);
  g_assert_true (json_node_equal (json_object_get_member (pong, "id"), expected));
}

static void
test_session_ping (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_connect (server);
  g_autoptr(TestClient) joined = test_client_join (server, "Ubuntu1");

  /* Before joining as after: any JSON value comes back as it was. */
  check_pong (client, "42");
  check_pong (client, "\"abc\"");
  check_pong (client, "{\"seq\":[1,2,{\"deep\":null}],\"text\":\"\\u00e9\"}");
  check_pong (joined, "-9223372036854775808");
  check_pong (joined, "[true,false,null,1.5]");
  check_pong (joined, "null");
  test_server_stop (server);
}

static void
test_server_sigterm (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) player = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) visitor = test_client_connect (server);
  G_GNUC_UNUSED g_autoptr(JsonObject) welcome = test_client_take (visitor, "welcome", TEST_WAIT_MS);
  g_autoptr(JsonObject) player_shutdown = NULL;
  g_autoptr(JsonObject) visitor_shutdown = NULL;
  int status = -1;

  test_server_send_signal (server, SIGTERM);
  player_shutdown = test_client_take (player, "shutdown", TEST_WAIT_MS);
  visitor_shutdown = test_client_take (visitor, "shutdown", TEST_WAIT_MS);
  g_assert_true (test_client_wait_closed (player, TEST_WAIT_MS));
  g_assert_true (test_client_wait_closed (visitor, TEST_WAIT_MS));
  g_assert_true (test_server_wait_exit (server, pupitre_test_scale_ms (10000), &status));
  g_assert_cmpint (status, ==, 0);
}

/* Players and chat */

static void
test_players_coalesced (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--players", "20", NULL);
  g_autoptr(TestClient) first = test_client_join (server, "Ubuntu00");
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func ((GDestroyNotify) test_client_free);
  g_autoptr(JsonObject) own = test_client_take (first, "players", TEST_WAIT_MS);
  guint n_messages = 0;
  gint64 began;
  gint64 duration_ms;

  g_assert_cmpint (test_member_int (own, "count"), ==, 1);

  /* Nine players in a burst, joined in reverse name order. */
  began = g_get_monotonic_time ();
  for (guint i = 9; i >= 1; i--)
    {
      g_autofree char *name = g_strdup_printf ("Ubuntu%02u", i);

      g_ptr_array_add (others, test_client_join (server, name));
    }
  duration_ms = (g_get_monotonic_time () - began) / 1000;

  for (;;)
    {
      g_autoptr(JsonObject) players = test_client_take (first, "players", TEST_WAIT_MS);
      JsonArray *list = test_member_array (players, "players");

      n_messages++;
      g_assert_cmpint (test_member_int (players, "needed"), ==, 20);
      g_assert_cmpuint (json_array_get_length (list), ==, test_member_int (players, "count"));
      check_players_sorted (list);
      if (test_member_int (players, "count") == 10)
        break;
    }

  /* At most 5 a second: one at once, then one per 200 ms window, then
   * the last change. */
  g_test_message ("%u players messages for 9 joins in %" G_GINT64_FORMAT " ms",
                  n_messages, duration_ms);
  g_assert_cmpuint (n_messages, <=, duration_ms / 200 + 2);
  test_server_stop (server);
}

static void
test_chat_lobby (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  g_autoptr(JsonObject) to_a = NULL;
  g_autoptr(JsonObject) to_b = NULL;
  g_autoptr(JsonObject) longest = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  test_client_send (a, "{\"type\":\"chat\",\"text\":\"Bonjour \\u00e0 tous\"}");
  to_a = test_client_take (a, "chat", TEST_WAIT_MS);
  to_b = test_client_take (b, "chat", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (to_a, "from"), ==, "Ubuntu1");
  g_assert_cmpstr (test_member_string (to_a, "text"), ==, "Bonjour à tous");
  g_assert_cmpstr (test_member_string (to_b, "from"), ==, "Ubuntu1");
  g_assert_cmpstr (test_member_string (to_b, "text"), ==, "Bonjour à tous");

  /* 500 characters is the limit, counted in characters, not bytes. */
  for (guint i = 0; i < 500; i++)
    g_string_append (text, "é");
  test_client_send (b, "{\"type\":\"chat\",\"text\":\"%s\"}", text->str);
  longest = test_client_take (a, "chat", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (longest, "text"), ==, text->str);
  test_server_stop (server);
}

static void
test_chat_rate_limited (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  g_autoptr(GString) burst = g_string_new (NULL);

  /* A burst of five passes; the sixth, sent at once, does not. */
  for (guint i = 1; i <= 6; i++)
    g_string_append_printf (burst, "{\"type\":\"chat\",\"text\":\"line %u\"}\n", i);
  test_client_send_raw (a, burst->str, burst->len);
  test_client_expect_error (a, "chat-closed", "chat");

  test_client_sync (a);
  test_client_sync (b);
  g_assert_cmpuint (test_client_count_pending (b, "chat"), ==, 5);
  g_assert_cmpuint (test_client_count_pending (a, "chat"), ==, 5);
  test_server_stop (server);
}

/* The game */

static void
test_game_full (void)
{
  g_autoptr(TestServer) server = start (quiz_three, "--countdown", "0.2", NULL);
  TestClient *clients[3];
  const char *names[] = { "Ubuntu1", "Ubuntu2", "Ubuntu3" };
  /* For each round, in the order the answers are sent: who and what. */
  static const guint order[4][3] = { { 0 }, { 2, 0, 1 }, { 0, 1, 2 }, { 1, 0, 2 } };
  static const gint64 choices[4][3] = { { 0 }, { 1, 3, 3 }, { 0, 1, 1 }, { 2, 2, 3 } };
  gint64 scores[3] = { 0, 0, 0 };
  int status = -1;

  for (guint i = 0; i < 3; i++)
    clients[i] = test_client_join (server, names[i]);

  for (gint64 round = 1; round <= 3; round++)
    {
      gint64 question_at[3];
      Arrival arrivals[3];
      gint64 points[3];

      for (guint i = 0; i < 3; i++)
        {
          g_autoptr(JsonObject) countdown = test_client_take (clients[i], "countdown",
                                                              TEST_WAIT_MS);
          g_autoptr(JsonObject) question = NULL;

          g_assert_cmpint (test_member_int (countdown, "round"), ==, round);
          g_assert_cmpint (test_member_int (countdown, "rounds"), ==, 3);
          /* 0.2 s announced as whole seconds, rounded up. */
          g_assert_cmpint (test_member_int (countdown, "seconds"), ==, 1);
          question = take_question (clients[i], round, 3);
          question_at[i] = test_client_get_taken_at (clients[i]);
          g_assert_cmpint (test_member_int (question, "time_limit_ms"), ==, 10000);
        }

      /* Each answer is acknowledged before the next one goes, so that the
       * arrival order is the order below. */
      for (guint j = 0; j < 3; j++)
        {
          guint who = order[round][j];

          arrivals[j].name = names[who];
          arrivals[j].choice = choices[round][j];
          arrivals[j].time_ms = answer (clients[who], round, choices[round][j], question_at[who]);
        }
      for (guint j = 0; j < 3; j++)
        {
          points[order[round][j]] = expected_points (3, right_choice[round], arrivals, 3, j);
          scores[order[round][j]] += points[order[round][j]];
        }

      for (guint i = 0; i < 3; i++)
        {
          /* Everyone answered: the round closes long before its 10 s. */
          g_autoptr(JsonObject) result = test_client_take (clients[i], "round_result", TEST_WAIT_MS);
          g_autoptr(JsonObject) standing = NULL;
          guint j = 0;

          g_assert_cmpint (test_member_int (result, "round"), ==, round);
          g_assert_cmpint (test_member_int (result, "correct"), ==, right_choice[round]);
          if (round < 3)
            g_assert_cmpstr (test_member_string (result, "explanation"), !=, "");
          check_results (test_member_array (result, "results"), 3, right_choice[round],
                         arrivals, 3, NULL, 0);
          check_totals (test_member_array (result, "totals"), names, scores, 3);

          while (order[round][j] != i)
            j++;
          standing = test_client_take (clients[i], "standing", TEST_WAIT_MS);
          check_standing (standing, round, arrivals[j].choice, points[i], arrivals[j].time_ms,
                          scores[i], expected_rank (scores[i], scores, 3), 3);
          g_assert_false (json_object_has_member (standing, "final"));
        }
    }

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) over = test_client_take (clients[i], "game_over", TEST_WAIT_MS);
      g_autoptr(JsonObject) standing = test_client_take (clients[i], "standing", TEST_WAIT_MS);
      gint64 time_ms = test_member_is_null (standing, "time_ms") ? -1 :
                       test_member_int (standing, "time_ms");

      check_totals (test_member_array (over, "totals"), names, scores, 3);
      g_assert_true (json_object_get_boolean_member (standing, "final"));
      g_assert_cmpint (test_member_int (standing, "round"), ==, 3);
      g_assert_cmpint (test_member_int (standing, "score"), ==, scores[i]);
      g_assert_cmpint (test_member_int (standing, "rank"), ==, expected_rank (scores[i], scores, 3));
      g_assert_cmpint (test_member_int (standing, "players"), ==, 3);
      g_assert_cmpint (time_ms, >=, 0);

      /* Progress was reported, and the right choice never before its time. */
      g_assert_cmpuint (test_client_count_pending (clients[i], "progress"), >=, 1);
      check_nothing_revealed (clients[i]);
    }

  /* The scores the test expects, worked out by hand from the table. */
  g_assert_cmpint (scores[0], ==, 5);
  g_assert_cmpint (scores[1], ==, 8);
  g_assert_cmpint (scores[2], ==, 0);

  for (guint i = 0; i < 3; i++)
    test_client_free (clients[i]);
  test_server_send_signal (server, SIGTERM);
  g_assert_true (test_server_wait_exit (server, pupitre_test_scale_ms (10000), &status));
  g_assert_cmpint (status, ==, 0);
}

static void
test_game_progress (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--players", "3", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  g_autoptr(TestClient) c = test_client_join (server, "Ubuntu3");
  G_GNUC_UNUSED g_autoptr(JsonObject) qa = take_question (a, 1, 1);
  G_GNUC_UNUSED g_autoptr(JsonObject) qb = take_question (b, 1, 1);
  G_GNUC_UNUSED g_autoptr(JsonObject) qc = take_question (c, 1, 1);
  g_autoptr(JsonObject) progress = NULL;
  gint64 last = 0;

  answer (a, 1, 3, test_client_get_taken_at (a));

  /* Every member hears how many answered, without who or what. */
  progress = test_client_take (c, "progress", TEST_WAIT_MS);
  test_assert_members (progress, "type", "round", "answered", "players", NULL);
  g_assert_cmpint (test_member_int (progress, "round"), ==, 1);
  g_assert_cmpint (test_member_int (progress, "answered"), ==, 1);
  g_assert_cmpint (test_member_int (progress, "players"), ==, 3);

  answer (b, 1, 1, test_client_get_taken_at (b));
  test_client_sync (a);
  for (;;)
    {
      g_autoptr(JsonObject) p = test_client_try_take (a, "progress", 0);

      if (p == NULL)
        break;
      g_assert_cmpint (test_member_int (p, "answered"), >=, last);
      g_assert_cmpint (test_member_int (p, "answered"), <=, 2);
      last = test_member_int (p, "answered");
    }
  g_assert_cmpint (last, >=, 1);
  test_server_stop (server);
}

static void
test_game_ties_share_rank (void)
{
  g_autoptr(TestServer) server = start (quiz_two, NULL);
  /* Join order differs from name order, to see ties listed by name. */
  const char *names[] = { "Zed", "Amy", "Bob" };
  TestClient *clients[3];
  gint64 scores[3] = { 0, 0, 0 };
  static const guint order[3][3] = { { 0 }, { 0, 1, 2 }, { 1, 0, 2 } };
  static const gint64 choices[3][3] = { { 0 }, { 3, 3, 1 }, { 1, 1, 0 } };

  for (guint i = 0; i < 3; i++)
    clients[i] = test_client_join (server, names[i]);

  for (gint64 round = 1; round <= 2; round++)
    {
      Arrival arrivals[3];
      gint64 question_at[3];

      for (guint i = 0; i < 3; i++)
        {
          G_GNUC_UNUSED g_autoptr(JsonObject) question = take_question (clients[i], round, 2);

          question_at[i] = test_client_get_taken_at (clients[i]);
        }
      for (guint j = 0; j < 3; j++)
        {
          guint who = order[round][j];

          arrivals[j].name = names[who];
          arrivals[j].choice = choices[round][j];
          arrivals[j].time_ms = answer (clients[who], round, choices[round][j], question_at[who]);
        }
      for (guint j = 0; j < 3; j++)
        scores[order[round][j]] += expected_points (3, right_choice[round], arrivals, 3, j);

      for (guint i = 0; i < 3; i++)
        {
          g_autoptr(JsonObject) result = test_client_take (clients[i], "round_result", TEST_WAIT_MS);

          check_results (test_member_array (result, "results"), 3, right_choice[round],
                         arrivals, 3, NULL, 0);
          check_totals (test_member_array (result, "totals"), names, scores, 3);
        }
    }

  /* Zed and Amy both have 5: rank 1 twice, then Bob third. */
  g_assert_cmpint (scores[0], ==, 5);
  g_assert_cmpint (scores[1], ==, 5);
  g_assert_cmpint (scores[2], ==, -1);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) over = test_client_take (clients[i], "game_over", TEST_WAIT_MS);
      g_autoptr(JsonObject) standing = test_client_take (clients[i], "standing", TEST_WAIT_MS);
      JsonArray *totals = test_member_array (over, "totals");
      static const char *listed[] = { "Amy", "Zed", "Bob" };
      static const gint64 ranks[] = { 1, 1, 3 };

      while (!json_object_has_member (standing, "final"))
        {
          json_object_unref (standing);
          standing = test_client_take (clients[i], "standing", TEST_WAIT_MS);
        }
      for (guint k = 0; k < 3; k++)
        {
          JsonObject *entry = json_array_get_object_element (totals, k);

          g_assert_cmpstr (test_member_string (entry, "name"), ==, listed[k]);
          g_assert_cmpint (test_member_int (entry, "rank"), ==, ranks[k]);
        }
      g_assert_cmpint (test_member_int (standing, "rank"), ==, i < 2 ? 1 : 3);
    }

  for (guint i = 0; i < 3; i++)
    test_client_free (clients[i]);
  test_server_stop (server);
}

static void
test_game_time_limit (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--players", "2", "--time-limit", "1", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  g_autoptr(JsonObject) qa = take_question (a, 1, 1);
  gint64 question_at = test_client_get_taken_at (a);
  G_GNUC_UNUSED g_autoptr(JsonObject) qb = take_question (b, 1, 1);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) standing_a = NULL;
  g_autoptr(JsonObject) standing_b = NULL;
  const char *names[] = { "Ubuntu1", "Ubuntu2" };
  const char *silent[] = { "Ubuntu2" };
  gint64 scores[2];
  Arrival arrival;

  /* The server's --time-limit applies when the quiz gives none. */
  g_assert_cmpint (test_member_int (qa, "time_limit_ms"), ==, 1000);

  arrival.name = "Ubuntu1";
  arrival.choice = 3;
  arrival.time_ms = answer (a, 1, 3, question_at);

  /* Ubuntu2 stays silent: the round closes when its time is up. */
  result = test_client_take (a, "round_result", TEST_WAIT_MS);
  g_assert_cmpint (test_client_get_taken_at (a) - question_at, >=, 900 * 1000);
  scores[0] = expected_points (2, 3, &arrival, 1, 0);
  scores[1] = 0;
  g_assert_cmpint (scores[0], ==, 2);
  check_results (test_member_array (result, "results"), 2, 3, &arrival, 1, silent, 1);
  check_totals (test_member_array (result, "totals"), names, scores, 2);

  standing_a = test_client_take (a, "standing", TEST_WAIT_MS);
  check_standing (standing_a, 1, 3, 2, arrival.time_ms, 2, 1, 2);
  standing_b = test_client_take (b, "standing", TEST_WAIT_MS);
  check_standing (standing_b, 1, -1, 0, -1, 0, 2, 2);
  test_server_stop (server);
}

static void
test_game_disconnect_mid_question (void)
{
  g_autoptr(TestServer) server = start (quiz_three, NULL);
  const char *names[] = { "Ubuntu1", "Ubuntu2", "Ubuntu3" };
  const char *silent[] = { "Ubuntu3" };
  TestClient *clients[3];
  gint64 question_at[3];
  gint64 scores[3] = { 0, 0, 0 };
  Arrival arrivals[3];
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) third = NULL;
  gboolean seen_disconnected = FALSE;

  for (guint i = 0; i < 3; i++)
    clients[i] = test_client_join (server, names[i]);

  /* Round 1: Ubuntu3 is fastest, then Ubuntu1, then Ubuntu2. */
  for (guint i = 0; i < 3; i++)
    {
      json_object_unref (take_question (clients[i], 1, 3));
      question_at[i] = test_client_get_taken_at (clients[i]);
    }
  for (guint j = 0; j < 3; j++)
    {
      guint who = (j + 2) % 3;

      arrivals[j].name = names[who];
      arrivals[j].choice = 3;
      arrivals[j].time_ms = answer (clients[who], 1, 3, question_at[who]);
    }
  for (guint j = 0; j < 3; j++)
    scores[(j + 2) % 3] += expected_points (3, 3, arrivals, 3, j);
  g_assert_cmpint (scores[2], ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) first = test_client_take (clients[i], "round_result", TEST_WAIT_MS);

      check_results (test_member_array (first, "results"), 3, 3, arrivals, 3, NULL, 0);
    }

  /* Round 2: Ubuntu3 vanishes with the question open. */
  for (guint i = 0; i < 3; i++)
    {
      json_object_unref (take_question (clients[i], 2, 3));
      question_at[i] = test_client_get_taken_at (clients[i]);
    }
  test_client_drop (clients[2]);

  /* The others hear it, with the seat and its score kept. */
  while (!seen_disconnected)
    {
      g_autoptr(JsonObject) players = test_client_take (clients[0], "players", TEST_WAIT_MS);
      JsonArray *list = test_member_array (players, "players");
      JsonObject *entry = find_player (list, "Ubuntu3");

      /* Older lists, from the joins, may come first. */
      check_players_sorted (list);
      if (test_member_int (players, "count") < 3)
        continue;
      g_assert_nonnull (entry);
      if (!json_object_get_boolean_member (entry, "connected"))
        {
          g_assert_cmpint (test_member_int (entry, "score"), ==, scores[2]);
          seen_disconnected = TRUE;
        }
    }

  /* The round does not wait for it: two answers close it. */
  arrivals[0].name = names[0];
  arrivals[0].choice = 1;
  arrivals[0].time_ms = answer (clients[0], 2, 1, question_at[0]);
  arrivals[1].name = names[1];
  arrivals[1].choice = 2;
  arrivals[1].time_ms = answer (clients[1], 2, 2, question_at[1]);
  scores[0] += expected_points (3, 1, arrivals, 2, 0);
  scores[1] += expected_points (3, 1, arrivals, 2, 1);

  result = test_client_take (clients[1], "round_result", TEST_WAIT_MS);
  check_results (test_member_array (result, "results"), 3, 1, arrivals, 2, silent, 1);
  check_totals (test_member_array (result, "totals"), names, scores, 3);

  /* Round 3 goes to the two connected players only. */
  for (guint i = 0; i < 2; i++)
    {
      json_object_unref (take_question (clients[i], 3, 3));
      question_at[i] = test_client_get_taken_at (clients[i]);
    }
  arrivals[0].name = names[1];
  arrivals[0].choice = 2;
  arrivals[0].time_ms = answer (clients[1], 3, 2, question_at[1]);
  arrivals[1].name = names[0];
  arrivals[1].choice = 0;
  arrivals[1].time_ms = answer (clients[0], 3, 0, question_at[0]);
  g_assert_cmpint (expected_points (2, 2, arrivals, 2, 0), ==, 2);
  scores[1] += expected_points (2, 2, arrivals, 2, 0);

  json_object_unref (test_client_take (clients[0], "round_result", TEST_WAIT_MS));
  third = test_client_take (clients[0], "round_result", TEST_WAIT_MS);
  check_results (test_member_array (third, "results"), 2, 2, arrivals, 2, NULL, 0);
  check_totals (test_member_array (third, "totals"), names, scores, 3);

  for (guint i = 0; i < 3; i++)
    test_client_free (clients[i]);
  test_server_stop (server);
}

static void
test_game_resume_mid_question (void)
{
  g_autoptr(TestServer) server = start (quiz_two, "--players", "2", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  g_autoptr(TestClient) back = NULL;
  G_GNUC_UNUSED g_autoptr(JsonObject) qa = take_question (a, 1, 2);
  g_autoptr(JsonObject) qb = take_question (b, 1, 2);
  gint64 first_seen = test_client_get_taken_at (b);
  g_autofree char *token = g_strdup (test_client_get_token (b));
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) standing = NULL;
  Arrival arrivals[2];
  gint64 scores[2];
  gint64 remaining;

  test_client_drop (b);

  back = test_client_connect (server);
  json_object_unref (test_client_take (back, "welcome", TEST_WAIT_MS));
  test_client_send (back, "{\"type\":\"join\",\"name\":\"Ubuntu2\",\"token\":\"%s\"}", token);
  joined = test_client_take (back, "joined", TEST_WAIT_MS);
  check_joined (joined, "Ubuntu2", "question", 2);
  g_assert_true (json_object_get_boolean_member (joined, "resumed"));
  g_assert_cmpstr (test_member_string (joined, "token"), ==, token);

  /* The open question again, with the time left. */
  again = test_client_take (back, "question", TEST_WAIT_MS);
  test_assert_members (again, "type", "round", "rounds", "text", "choices", "time_limit_ms",
                       "remaining_ms", NULL);
  g_assert_cmpint (test_member_int (again, "round"), ==, 1);
  g_assert_cmpstr (test_member_string (again, "text"), ==, test_member_string (qb, "text"));
  remaining = test_member_int (again, "remaining_ms");
  g_assert_cmpint (remaining, <, test_member_int (again, "time_limit_ms"));
  g_assert_cmpint (remaining, >, 0);

  /* Its time still runs from the first sending. */
  arrivals[0].name = "Ubuntu2";
  arrivals[0].choice = 3;
  arrivals[0].time_ms = answer (back, 1, 3, first_seen);
  arrivals[1].name = "Ubuntu1";
  arrivals[1].choice = 3;
  arrivals[1].time_ms = answer (a, 1, 3, test_client_get_taken_at (a));

  scores[0] = expected_points (2, 3, arrivals, 2, 0);
  scores[1] = expected_points (2, 3, arrivals, 2, 1);

  result = test_client_take (back, "round_result", TEST_WAIT_MS);
  check_results (test_member_array (result, "results"), 2, 3, arrivals, 2, NULL, 0);
  standing = test_client_take (back, "standing", TEST_WAIT_MS);
  check_standing (standing, 1, 3, scores[0], arrivals[0].time_ms, scores[0],
                  expected_rank (scores[0], scores, 2), 2);
  test_server_stop (server);
}

static void
test_game_resume_after_answer (void)
{
  g_autoptr(TestServer) server = start (quiz_two, "--players", "2", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  g_autoptr(TestClient) back = NULL;
  G_GNUC_UNUSED g_autoptr(JsonObject) qa = take_question (a, 1, 2);
  G_GNUC_UNUSED g_autoptr(JsonObject) qb = take_question (b, 1, 2);
  g_autofree char *token = g_strdup (test_client_get_token (b));
  g_autoptr(JsonObject) joined = NULL;

  answer (b, 1, 2, test_client_get_taken_at (b));
  test_client_drop (b);

  back = test_client_connect (server);
  json_object_unref (test_client_take (back, "welcome", TEST_WAIT_MS));
  test_client_send (back, "{\"type\":\"join\",\"name\":\"Ubuntu2\",\"token\":\"%s\"}", token);
  joined = test_client_take (back, "joined", TEST_WAIT_MS);
  g_assert_true (json_object_get_boolean_member (joined, "resumed"));

  /* Already answered: the question is not sent again. */
  test_client_sync (back);
  g_assert_cmpuint (test_client_count_pending (back, "question"), ==, 0);
  test_client_send (back, "{\"type\":\"answer\",\"round\":1,\"choice\":3}");
  test_client_expect_error (back, "already-answered", "answer");
  test_server_stop (server);
}

static void
test_game_late_joiner (void)
{
  g_autoptr(TestServer) server = start (quiz_two, "--players", "2", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  g_autoptr(TestClient) late = test_client_connect (server);
  G_GNUC_UNUSED g_autoptr(JsonObject) qa = take_question (a, 1, 2);
  G_GNUC_UNUSED g_autoptr(JsonObject) qb = take_question (b, 1, 2);
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) standing = NULL;
  g_autoptr(JsonObject) question = NULL;
  g_autoptr(JsonObject) second = NULL;
  GPtrArray *log;

  json_object_unref (test_client_take (late, "welcome", TEST_WAIT_MS));
  test_client_send (late, "{\"type\":\"join\",\"name\":\"Late\"}");
  joined = test_client_take (late, "joined", TEST_WAIT_MS);
  check_joined (joined, "Late", "question", 2);

  /* It is not a player of the open round. */
  test_client_send (late, "{\"type\":\"answer\",\"round\":1,\"choice\":3}");
  test_client_expect_error (late, "round-closed", "answer");

  answer (a, 1, 3, test_client_get_taken_at (a));
  answer (b, 1, 3, test_client_get_taken_at (b));
  result = test_client_take (late, "round_result", TEST_WAIT_MS);
  g_assert_cmpuint (json_array_get_length (test_member_array (result, "results")), ==, 2);
  g_assert_cmpuint (json_array_get_length (test_member_array (result, "totals")), ==, 3);
  g_assert_nonnull (find_player (test_member_array (result, "totals"), "Late"));
  standing = test_client_take (late, "standing", TEST_WAIT_MS);
  check_standing (standing, 1, -1, 0, -1, 0, 3, 3);

  log = test_client_get_log (late);
  for (guint i = 0; i < log->len; i++)
    {
      const char *type = test_member_string (g_ptr_array_index (log, i), "type");

      if (g_str_equal (type, "round_result"))
        break;
      g_assert_cmpstr (type, !=, "question");
    }

  /* The next question is its to answer. */
  question = take_question (late, 2, 2);
  answer (late, 2, 1, test_client_get_taken_at (late));
  json_object_unref (take_question (a, 2, 2));
  json_object_unref (take_question (b, 2, 2));
  answer (a, 2, 1, test_client_get_taken_at (a));
  answer (b, 2, 1, test_client_get_taken_at (b));
  second = test_client_take (late, "round_result", TEST_WAIT_MS);
  g_assert_cmpuint (json_array_get_length (test_member_array (second, "results")), ==, 3);
  test_server_stop (server);
}

static void
test_game_back_to_lobby (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--players", "2", "--over-pause", "0.2", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  G_GNUC_UNUSED g_autoptr(JsonObject) qa = take_question (a, 1, 1);
  G_GNUC_UNUSED g_autoptr(JsonObject) qb = take_question (b, 1, 1);
  g_autoptr(JsonObject) over = NULL;
  g_autoptr(JsonObject) countdown = NULL;
  g_autoptr(JsonObject) players = NULL;
  g_autoptr(JsonObject) question = NULL;
  JsonArray *list;
  gint64 over_at;

  answer (a, 1, 3, test_client_get_taken_at (a));
  answer (b, 1, 2, test_client_get_taken_at (b));
  over = test_client_skip_to (a, "game_over", TEST_WAIT_MS);
  over_at = test_client_get_taken_at (a);
  g_assert_cmpint (test_member_int (json_array_get_object_element (test_member_array (over, "totals"), 0),
                                    "score"), ==, 2);

  /* The final ranking stays for --over-pause, then a new game starts for
   * the players still there, from zero. */
  countdown = test_client_take (a, "countdown", TEST_WAIT_MS);
  g_assert_cmpint (test_member_int (countdown, "round"), ==, 1);
  g_assert_cmpint (test_client_get_taken_at (a) - over_at, >=, 150 * 1000);
  question = take_question (a, 1, 1);
  players = test_client_skip_to (a, "players", TEST_WAIT_MS);
  list = test_member_array (players, "players");
  g_assert_cmpint (test_member_int (players, "count"), ==, 2);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpint (test_member_int (json_array_get_object_element (list, i), "score"), ==, 0);
  json_object_unref (test_client_skip_to (b, "game_over", TEST_WAIT_MS));
  json_object_unref (test_client_take (b, "countdown", TEST_WAIT_MS));
  test_server_stop (server);
}

static void
test_game_results_pause (void)
{
  g_autoptr(TestServer) server = start (quiz_two, "--players", "2", "--pause", "1.5", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  g_autoptr(TestClient) late = NULL;
  G_GNUC_UNUSED g_autoptr(JsonObject) qa = take_question (a, 1, 2);
  G_GNUC_UNUSED g_autoptr(JsonObject) qb = take_question (b, 1, 2);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(JsonObject) chat = NULL;
  g_autoptr(JsonObject) countdown = NULL;
  gint64 result_at;

  answer (a, 1, 3, test_client_get_taken_at (a));
  answer (b, 1, 1, test_client_get_taken_at (b));
  result = test_client_take (a, "round_result", TEST_WAIT_MS);
  result_at = test_client_get_taken_at (a);

  /* Between rounds the game is in its "results" state, and chat is open. */
  late = test_client_connect (server);
  json_object_unref (test_client_take (late, "welcome", TEST_WAIT_MS));
  test_client_send (late, "{\"type\":\"join\",\"name\":\"Late\"}");
  joined = test_client_take (late, "joined", TEST_WAIT_MS);
  check_joined (joined, "Late", "results", 2);
  test_client_send (a, "{\"type\":\"chat\",\"text\":\"Linux, of course\"}");
  chat = test_client_take (late, "chat", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (chat, "from"), ==, "Ubuntu1");

  /* The next countdown waits for --pause. */
  countdown = test_client_skip_to (a, "countdown", TEST_WAIT_MS);
  g_assert_cmpint (test_member_int (countdown, "round"), ==, 2);
  g_assert_cmpint (test_client_get_taken_at (a) - result_at, >=, 1400 * 1000);
  json_object_unref (take_question (late, 2, 2));
  test_server_stop (server);
}

static void
test_game_lists_capped (void)
{
  const guint n = 120;
  /* Room for 120 answers on a slow build: the round closes once all are in. */
  g_autoptr(TestServer) server = start (quiz_one, "--players", "120", "--time-limit", "60", NULL);
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) test_client_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree Arrival *arrivals = g_new0 (Arrival, n);
  g_autofree gint64 *scores = g_new0 (gint64, n);
  g_autofree gint64 *question_at = g_new0 (gint64, n);
  TestClient *first;
  guint n_players_messages = 0;
  guint n_progress = 0;
  gint64 began;
  gint64 join_ms;
  gint64 answer_ms;

  began = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("P%03u", i));
      g_ptr_array_add (clients, test_client_join (server, g_ptr_array_index (names, i)));
    }
  join_ms = (g_get_monotonic_time () - began) / 1000;
  first = g_ptr_array_index (clients, 0);

  for (;;)
    {
      g_autoptr(JsonObject) players = test_client_take (first, "players", TEST_WAIT_MS);

      n_players_messages++;
      g_assert_cmpuint (json_array_get_length (test_member_array (players, "players")), <=,
                        LIST_MAX);
      if (test_member_int (players, "count") == n)
        {
          g_assert_cmpuint (json_array_get_length (test_member_array (players, "players")), ==,
                            LIST_MAX);
          check_players_sorted (test_member_array (players, "players"));
          break;
        }
    }
  g_test_message ("%u players messages for %u joins in %" G_GINT64_FORMAT " ms",
                  n_players_messages, n, join_ms);
  g_assert_cmpuint (n_players_messages, <=, join_ms / 200 + 2);

  for (guint i = 0; i < n; i++)
    {
      G_GNUC_UNUSED g_autoptr(JsonObject) question =
        take_question (g_ptr_array_index (clients, i), 1, 1);

      question_at[i] = test_client_get_taken_at (g_ptr_array_index (clients, i));
    }

  /* Every other player is right. */
  began = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      arrivals[i].name = g_ptr_array_index (names, i);
      arrivals[i].choice = i % 2 == 0 ? 3 : 1;
      arrivals[i].time_ms = answer (g_ptr_array_index (clients, i), 1, arrivals[i].choice,
                                    question_at[i]);
    }
  for (guint i = 0; i < n; i++)
    scores[i] = expected_points (n, 3, arrivals, n, i);

  for (guint i = 0; i < n; i++)
    {
      TestClient *client = g_ptr_array_index (clients, i);
      g_autoptr(JsonObject) result = test_client_take (client, "round_result", TEST_WAIT_MS);
      g_autoptr(JsonObject) standing = test_client_take (client, "standing", TEST_WAIT_MS);
      g_autoptr(JsonObject) over = test_client_take (client, "game_over", TEST_WAIT_MS);

      if (i == 0)
        {
          answer_ms = (test_client_get_taken_at (client) - began) / 1000;
          /* The first 100 answers, in the order they arrived. */
          check_results (test_member_array (result, "results"), n, 3, arrivals, n, NULL, 0);
          check_totals (test_member_array (result, "totals"),
                        (const char * const *) names->pdata, scores, n);
          check_totals (test_member_array (over, "totals"),
                        (const char * const *) names->pdata, scores, n);
        }
      check_standing (standing, 1, arrivals[i].choice, scores[i], arrivals[i].time_ms,
                      scores[i], expected_rank (scores[i], scores, n), n);
    }

  /* Progress came at most 10 times a second. */
  for (JsonObject *progress; (progress = test_client_try_take (first, "progress", 0)) != NULL;)
    {
      json_object_unref (progress);
      n_progress++;
    }
  g_test_message ("%u progress messages for %u answers in %" G_GINT64_FORMAT " ms",
                  n_progress, n, answer_ms);
  g_assert_cmpuint (n_progress, >=, 1);
  g_assert_cmpuint (n_progress, <=, answer_ms / 100 + 2);

  g_ptr_array_set_size (clients, 0);
  test_server_stop (server);
}

static void
test_server_once (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--players", "2", "--once", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  G_GNUC_UNUSED g_autoptr(JsonObject) qa = take_question (a, 1, 1);
  G_GNUC_UNUSED g_autoptr(JsonObject) qb = take_question (b, 1, 1);
  g_autoptr(JsonObject) over = NULL;
  g_autoptr(JsonObject) shutdown = NULL;
  int status = -1;

  answer (a, 1, 3, test_client_get_taken_at (a));
  answer (b, 1, 3, test_client_get_taken_at (b));
  over = test_client_take (a, "game_over", TEST_WAIT_MS);
  shutdown = test_client_take (a, "shutdown", TEST_WAIT_MS);
  g_assert_true (test_client_wait_closed (a, TEST_WAIT_MS));
  g_assert_true (test_client_wait_closed (b, TEST_WAIT_MS));
  g_assert_true (test_server_wait_exit (server, pupitre_test_scale_ms (10000), &status));
  g_assert_cmpint (status, ==, 0);
}

static void
test_server_results_csv (void)
{
  g_autoptr(TestServer) server = start (quiz_two, "--players", "2", "--once",
                                        "--results-dir", "results", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu, \"2\"");
  g_autofree char *dir = g_build_filename (test_server_get_dir (server), "results", NULL);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  const char *name;
  guint n_files = 0;
  guint n_rows[3] = { 0, 0, 0 };
  int status = -1;

  for (gint64 round = 1; round <= 2; round++)
    {
      json_object_unref (take_question (a, round, 2));
      json_object_unref (take_question (b, round, 2));
      answer (a, round, right_choice[round], test_client_get_taken_at (a));
      answer (b, round, 0, test_client_get_taken_at (b));
    }
  g_assert_true (test_client_wait_closed (a, TEST_WAIT_MS));
  g_assert_true (test_client_wait_closed (b, TEST_WAIT_MS));
  g_assert_true (test_server_wait_exit (server, pupitre_test_scale_ms (10000), &status));
  g_assert_cmpint (status, ==, 0);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  /* One file, complete: no ".part" left behind. */
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_true (g_str_has_suffix (name, ".csv"));
      g_clear_pointer (&path, g_free);
      path = g_build_filename (dir, name, NULL);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 1);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, -1, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      /* Names are quoted as CSV wants, inner quotes doubled. */
      g_assert_true (strstr (lines[i], "\"Ubuntu1\"") != NULL ||
                     strstr (lines[i], "\"Ubuntu, \"\"2\"\"\"") != NULL);
      if (g_str_has_prefix (lines[i], "\"1\","))
        n_rows[0]++;
      else if (g_str_has_prefix (lines[i], "\"2\","))
        n_rows[1]++;
      else
        n_rows[2]++;
    }
  /* One row per player and round, then one total per player. */
  g_assert_cmpuint (n_rows[0], ==, 2);
  g_assert_cmpuint (n_rows[1], ==, 2);
  g_assert_cmpuint (n_rows[2], ==, 2);
}

/* Errors, one code at a time */

static void
send_and_expect (TestClient *client,
                 const char *line,
                 const char *code,
                 const char *ref)
{
  test_client_send (client, "%s", line);
  test_client_expect_error (client, code, ref);
}

static void
test_error_bad_json (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");

  send_and_expect (client, "hello", "bad-json", "");
  send_and_expect (client, "[{\"type\":\"ping\"}]", "bad-json", "");
  send_and_expect (client, "{\"id\":1}", "bad-json", "");
  send_and_expect (client, "{\"type\":5}", "bad-json", "");
  send_and_expect (client, "{\"type\":null}", "bad-json", "");
  send_and_expect (client, "{\"type\":\"ping\"", "bad-json", "");
  send_and_expect (client, "{\"type\":\"ping\"} {}", "bad-json", NULL);
  /* A recoverable error: the connection stays. */
  test_client_sync (client);
  test_server_stop (server);
}

static void
test_error_bad_json_invalid_utf8 (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");
  static const char bad[] = "{\"type\":\"chat\",\"text\":\"caf\xC3\"}\n";
  static const char overlong[] = "{\"type\":\"chat\",\"text\":\"\xC0\xAF\"}\n";

  test_client_send_raw (client, bad, sizeof bad - 1);
  test_client_expect_error (client, "bad-json", NULL);
  test_client_send_raw (client, overlong, sizeof overlong - 1);
  test_client_expect_error (client, "bad-json", NULL);
  test_client_sync (client);
  g_assert_cmpuint (test_client_count_pending (client, "chat"), ==, 0);
  test_server_stop (server);
}

static void
test_error_bad_json_nesting (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) witness = test_client_join (server, "Ubuntu2");
  g_autoptr(GString) line = g_string_new (NULL);

  /* Deep enough to overflow a recursive parser's stack, short enough to
   * be one line. */
  g_string_append_c (line, '{');
  for (guint i = 0; i < 65000; i++)
    g_string_append_c (line, '[');
  g_string_append_c (line, '\n');
  test_client_send_raw (client, line->str, line->len);
  test_client_expect_error (client, "bad-json", NULL);
  test_client_sync (client);
  test_client_sync (witness);

  /* The documented limit: 16 levels pass, 17 do not. */
  check_pong (client, "[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]");
  send_and_expect (client, "{\"type\":\"ping\",\"id\":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}",
                   "bad-json", NULL);
  test_server_stop (server);
}

static void
test_error_bad_json_nesting_too_long (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) witness = test_client_join (server, "Ubuntu2");
  g_autofree char *line = g_malloc (100001);

  /* 100,000 brackets are first of all a line over the limit. */
  memset (line, '[', 100000);
  line[100000] = '\n';
  test_client_send_raw (client, line, 100001);
  test_client_expect_error (client, "line-too-long", NULL);
  g_assert_true (test_client_wait_closed (client, TEST_WAIT_MS));
  test_client_sync (witness);
  test_server_stop (server);
}

static void
test_error_bad_json_numbers (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");

  /* Integers are 64-bit: larger ones are refused, not wrapped. */
  send_and_expect (client, "{\"type\":\"ping\",\"id\":123456789012345678901234567890}",
                   "bad-json", NULL);
  send_and_expect (client, "{\"type\":\"answer\",\"round\":1,\"choice\":18446744073709551617}",
                   "bad-json", NULL);
  check_pong (client, "9223372036854775807");
  test_server_stop (server);
}

static void
test_error_bad_json_duplicate_keys (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");

  send_and_expect (client, "{\"type\":\"ping\",\"id\":1,\"id\":2}", "bad-json", NULL);
  send_and_expect (client, "{\"type\":\"chat\",\"type\":\"ping\",\"text\":\"x\"}", "bad-json", NULL);
  test_client_sync (client);
  g_assert_cmpuint (test_client_count_pending (client, "chat"), ==, 0);
  test_server_stop (server);
}

static void
test_error_line_too_long (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) witness = test_client_join (server, "Ubuntu2");
  g_autoptr(GString) line = g_string_new ("{\"type\":\"chat\",\"text\":\"");

  while (line->len < 70000 - 3)
    g_string_append_c (line, 'a');
  g_string_append (line, "\"}\n");
  g_assert_cmpuint (line->len, ==, 70000);
  test_client_send_raw (client, line->str, line->len);
  test_client_expect_error (client, "line-too-long", "");
  g_assert_true (test_client_wait_closed (client, TEST_WAIT_MS));
  g_assert_cmpuint (test_client_count_pending (witness, "chat"), ==, 0);
  test_client_sync (witness);
  test_server_stop (server);
}

static char *
ping_line_of_length (gsize length)
{
  GString *line = g_string_new ("{\"type\":\"ping\",\"id\":\"");

  while (line->len < length - 3)
    g_string_append_c (line, 'x');
  g_string_append (line, "\"}\n");
  g_assert_cmpuint (line->len, ==, length);
  return g_string_free (line, FALSE);
}

static void
test_error_line_at_limit (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");
  g_autofree char *longest = ping_line_of_length (MAX_LINE);
  g_autofree char *too_long = ping_line_of_length (MAX_LINE + 1);
  g_autoptr(JsonObject) pong = NULL;

  /* 65,536 bytes with the newline pass, and so does the pong. */
  test_client_send_raw (client, longest, MAX_LINE);
  pong = test_client_take (client, "pong", TEST_WAIT_MS);
  g_assert_cmpuint (strlen (test_member_string (pong, "id")), ==, MAX_LINE - 24);

  test_client_send_raw (client, too_long, MAX_LINE + 1);
  test_client_expect_error (client, "line-too-long", NULL);
  g_assert_true (test_client_wait_closed (client, TEST_WAIT_MS));
  test_server_stop (server);
}

static void
test_error_line_endless (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_connect (server);
  g_autoptr(TestClient) witness = test_client_join (server, "Ubuntu2");
  g_autofree char *chunk = g_malloc (MAX_LINE);
  guint64 rss_before;
  guint64 rss_after;
  gsize sent = 0;
  gsize total = 0;
  gint64 deadline;

  json_object_unref (test_client_take (client, "welcome", TEST_WAIT_MS));
  rss_before = test_server_get_rss_kib (server);

  /* Exactly the limit without a newline: the line can only be too long,
   * and the server says so without waiting for its end. */
  memset (chunk, 'a', MAX_LINE);
  test_client_send_raw (client, chunk, MAX_LINE);
  test_client_expect_error (client, "line-too-long", "");

  /* The client goes on sending; the server keeps nothing of it. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (total < 32 * 1024 * 1024 && g_get_monotonic_time () < deadline)
    {
      gssize n = test_client_try_send (client, chunk + sent % MAX_LINE,
                                       MAX_LINE - sent % MAX_LINE);

      if (n < 0)
        break;
      if (n == 0)
        test_client_wait_writable (client, 100);
      sent += n;
      total += n;
    }
  g_test_message ("%" G_GSIZE_FORMAT " more bytes sent after the error", total);
  g_assert_true (test_client_wait_closed (client, TEST_WAIT_MS));

  rss_after = test_server_get_rss_kib (server);
  g_test_message ("server VmRSS: %" G_GUINT64_FORMAT " KiB before, %" G_GUINT64_FORMAT
                  " KiB after", rss_before, rss_after);
  g_assert_cmpuint (rss_after, <, rss_before + 4 * 1024);
  test_client_sync (witness);
  test_server_stop (server);
}

static void
test_error_unknown_type (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");

  send_and_expect (client, "{\"type\":\"dance\",\"style\":\"tango\"}", "unknown-type", "dance");
  send_and_expect (client, "{\"type\":\"\"}", "unknown-type", NULL);
  test_client_sync (client);
  test_server_stop (server);
}

static void
test_error_bad_field (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) fresh = test_client_connect (server);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *line = NULL;

  json_object_unref (test_client_take (fresh, "welcome", TEST_WAIT_MS));
  send_and_expect (fresh, "{\"type\":\"join\"}", "bad-field", "join");
  send_and_expect (fresh, "{\"type\":\"join\",\"name\":5}", "bad-field", "join");
  send_and_expect (fresh, "{\"type\":\"join\",\"name\":\"A\",\"game\":7}", "bad-field", "join");
  send_and_expect (fresh, "{\"type\":\"join\",\"name\":\"A\",\"token\":[]}", "bad-field", "join");
  send_and_expect (fresh, "{\"type\":\"join\",\"name\":\"A\",\"protocol\":\"1\"}", "bad-field", "join");

  send_and_expect (client, "{\"type\":\"answer\",\"round\":\"1\",\"choice\":1}", "bad-field", "answer");
  send_and_expect (client, "{\"type\":\"answer\",\"choice\":1}", "bad-field", "answer");
  send_and_expect (client, "{\"type\":\"answer\",\"round\":1}", "bad-field", "answer");
  send_and_expect (client, "{\"type\":\"answer\",\"round\":1,\"choice\":1.5}", "bad-field", "answer");
  send_and_expect (client, "{\"type\":\"chat\"}", "bad-field", "chat");
  send_and_expect (client, "{\"type\":\"chat\",\"text\":42}", "bad-field", "chat");
  send_and_expect (client, "{\"type\":\"chat\",\"text\":\"\"}", "bad-field", "chat");

  /* 501 characters: one too many. */
  for (guint i = 0; i < 501; i++)
    g_string_append (long_text, "é");
  line = g_strdup_printf ("{\"type\":\"chat\",\"text\":\"%s\"}", long_text->str);
  send_and_expect (client, line, "bad-field", "chat");

  /* Nothing of it was taken as a join or relayed. */
  test_client_sync (fresh);
  test_client_sync (client);
  g_assert_cmpuint (test_client_count_pending (fresh, "joined"), ==, 0);
  g_assert_cmpuint (test_client_count_pending (client, "chat"), ==, 0);
  test_server_stop (server);
}

static void
test_error_protocol_version (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_connect (server);

  json_object_unref (test_client_take (client, "welcome", TEST_WAIT_MS));
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"Ubuntu1\",\"protocol\":2}",
                   "protocol-version", "join");
  g_assert_true (test_client_wait_closed (client, TEST_WAIT_MS));
  test_server_stop (server);
}

static void
test_error_not_joined (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_connect (server);

  json_object_unref (test_client_take (client, "welcome", TEST_WAIT_MS));
  send_and_expect (client, "{\"type\":\"answer\",\"round\":1,\"choice\":1}", "not-joined", "answer");
  send_and_expect (client, "{\"type\":\"chat\",\"text\":\"hello\"}", "not-joined", "chat");
  send_and_expect (client, "{\"type\":\"start\"}", "not-joined", "start");
  send_and_expect (client, "{\"type\":\"skip\"}", "not-joined", "skip");
  test_client_sync (client);
  test_server_stop (server);
}

static void
test_error_already_joined (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");

  send_and_expect (client, "{\"type\":\"join\",\"name\":\"Ubuntu2\"}", "already-joined", "join");
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}", "already-joined", "join");
  test_client_sync (client);
  g_assert_cmpuint (test_client_count_pending (client, "joined"), ==, 0);
  test_server_stop (server);
}

static void
test_error_name_invalid (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_connect (server);
  g_autoptr(GString) longest = g_string_new (NULL);
  g_autoptr(JsonObject) joined = NULL;

  json_object_unref (test_client_take (client, "welcome", TEST_WAIT_MS));
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"\"}", "name-invalid", "join");
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"   \"}", "name-invalid", "join");
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"abcdefghijklmnopqrstuvwxy\"}",
                   "name-invalid", "join");
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"Ab\\u0001c\"}", "name-invalid", "join");
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"Ab\\u007fc\"}", "name-invalid", "join");

  /* 24 characters of two bytes each are fine. */
  for (guint i = 0; i < 24; i++)
    g_string_append (longest, "é");
  test_client_send (client, "{\"type\":\"join\",\"name\":\"%s\"}", longest->str);
  joined = test_client_take (client, "joined", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (joined, "name"), ==, longest->str);
  test_server_stop (server);
}

static void
test_error_name_taken (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  G_GNUC_UNUSED g_autoptr(TestClient) first = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) client = test_client_connect (server);
  g_autoptr(JsonObject) joined = NULL;

  json_object_unref (test_client_take (client, "welcome", TEST_WAIT_MS));
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"UBUNTU1\"}", "name-taken", "join");
  send_and_expect (client, "{\"type\":\"join\",\"name\":\" ubuntu1 \"}", "name-taken", "join");
  test_client_send (client, "{\"type\":\"join\",\"name\":\"Ubuntu2\"}");
  joined = test_client_take (client, "joined", TEST_WAIT_MS);
  test_server_stop (server);
}

static void
test_error_game_not_found (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_connect (server);
  g_autoptr(JsonObject) joined = NULL;

  json_object_unref (test_client_take (client, "welcome", TEST_WAIT_MS));
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"Ubuntu1\",\"game\":\"other\"}",
                   "game-not-found", "join");
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"Ubuntu1\",\"game\":\"MAIN\"}",
                   "game-not-found", "join");
  test_client_send (client, "{\"type\":\"join\",\"name\":\"Ubuntu1\",\"game\":\"main\"}");
  joined = test_client_take (client, "joined", TEST_WAIT_MS);
  test_server_stop (server);
}

static void
test_error_game_full (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--max-players", "2", NULL);
  G_GNUC_UNUSED g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  G_GNUC_UNUSED g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  g_autoptr(TestClient) c = test_client_connect (server);

  json_object_unref (test_client_take (c, "welcome", TEST_WAIT_MS));
  send_and_expect (c, "{\"type\":\"join\",\"name\":\"Ubuntu3\"}", "game-full", "join");
  test_client_sync (c);
  test_server_stop (server);
}

static void
test_error_bad_token (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  G_GNUC_UNUSED g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) client = test_client_connect (server);

  json_object_unref (test_client_take (client, "welcome", TEST_WAIT_MS));
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"Ubuntu1\","
                   "\"token\":\"00000000000000000000000000000000\"}", "bad-token", "join");
  send_and_expect (client, "{\"type\":\"join\",\"name\":\"Ubuntu1\",\"token\":\"\"}",
                   "bad-token", "join");
  test_client_sync (client);
  test_server_stop (server);
}

static void
test_error_round_closed (void)
{
  g_autoptr(TestServer) server = start (quiz_two, "--players", "2", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = NULL;
  g_autoptr(JsonObject) question = NULL;

  /* In the lobby no round is open. */
  send_and_expect (a, "{\"type\":\"answer\",\"round\":1,\"choice\":1}", "round-closed", "answer");

  b = test_client_join (server, "Ubuntu2");
  question = take_question (a, 1, 2);
  send_and_expect (a, "{\"type\":\"answer\",\"round\":2,\"choice\":1}", "round-closed", "answer");
  answer (a, 1, 3, test_client_get_taken_at (a));
  test_server_stop (server);
}

static void
test_error_already_answered (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--players", "2", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  G_GNUC_UNUSED g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  G_GNUC_UNUSED g_autoptr(JsonObject) question = take_question (a, 1, 1);

  answer (a, 1, 2, test_client_get_taken_at (a));
  send_and_expect (a, "{\"type\":\"answer\",\"round\":1,\"choice\":3}", "already-answered", "answer");
  test_client_sync (a);
  g_assert_cmpuint (test_client_count_pending (a, "answer_ack"), ==, 0);
  test_server_stop (server);
}

static void
test_error_bad_choice (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--players", "2", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  G_GNUC_UNUSED g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  G_GNUC_UNUSED g_autoptr(JsonObject) question = take_question (a, 1, 1);

  /* Three choices: 0 to 3 are valid. */
  send_and_expect (a, "{\"type\":\"answer\",\"round\":1,\"choice\":4}", "bad-choice", "answer");
  send_and_expect (a, "{\"type\":\"answer\",\"round\":1,\"choice\":2147483647}",
                   "bad-choice", "answer");
  /* A refused choice is no answer: the right one still counts. */
  answer (a, 1, 3, test_client_get_taken_at (a));
  test_server_stop (server);
}

static void
test_error_bad_choice_negative (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--players", "2", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  G_GNUC_UNUSED g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  G_GNUC_UNUSED g_autoptr(JsonObject) question = take_question (a, 1, 1);

  /* -1 is an integer outside 0..3: the contract's bad-choice. */
  send_and_expect (a, "{\"type\":\"answer\",\"round\":1,\"choice\":-1}", "bad-choice", "answer");
  answer (a, 1, 0, test_client_get_taken_at (a));
  test_server_stop (server);
}

static void
test_error_chat_closed (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--players", "2", NULL);
  g_autoptr(TestClient) a = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) b = test_client_join (server, "Ubuntu2");
  G_GNUC_UNUSED g_autoptr(JsonObject) question = take_question (a, 1, 1);

  send_and_expect (a, "{\"type\":\"chat\",\"text\":\"It is Linux\"}", "chat-closed", "chat");
  test_client_sync (b);
  g_assert_cmpuint (test_client_count_pending (b, "chat"), ==, 0);
  test_server_stop (server);
}

static void
test_error_not_host (void)
{
  g_autoptr(TestServer) server = start (quiz_two, "--players", "5", "--host-key", "sesame",
                                        "--time-limit", "60", NULL);
  g_autoptr(TestClient) player = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) guesser = test_client_connect (server);
  g_autoptr(TestClient) host = test_client_connect (server);
  g_autoptr(JsonObject) countdown = NULL;
  g_autoptr(JsonObject) question = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) joined = NULL;

  send_and_expect (player, "{\"type\":\"start\"}", "not-host", "start");
  send_and_expect (player, "{\"type\":\"skip\"}", "not-host", "skip");

  /* A wrong key makes an ordinary player. */
  json_object_unref (test_client_take (guesser, "welcome", TEST_WAIT_MS));
  test_client_send (guesser, "{\"type\":\"join\",\"name\":\"Guess\",\"host_key\":\"open\"}");
  json_object_unref (test_client_take (guesser, "joined", TEST_WAIT_MS));
  send_and_expect (guesser, "{\"type\":\"start\"}", "not-host", "start");

  /* The host starts with 3 of 5 needed players, and closes a round of
   * 60 s at once. */
  json_object_unref (test_client_take (host, "welcome", TEST_WAIT_MS));
  test_client_send (host, "{\"type\":\"join\",\"name\":\"Teacher\",\"host_key\":\"sesame\"}");
  joined = test_client_take (host, "joined", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (joined, "state"), ==, "lobby");
  test_client_send (host, "{\"type\":\"start\"}");
  countdown = test_client_take (player, "countdown", TEST_WAIT_MS);
  g_assert_cmpint (test_member_int (countdown, "round"), ==, 1);
  question = take_question (player, 1, 2);
  test_client_send (host, "{\"type\":\"skip\"}");
  result = test_client_take (player, "round_result", TEST_WAIT_MS);
  g_assert_cmpint (test_member_int (result, "round"), ==, 1);
  test_server_stop (server);
}

static void
test_error_not_host_start_early (void)
{
  g_autoptr(TestServer) server = start (quiz_one, "--players", "5", "--host-key", "sesame", NULL);
  g_autoptr(TestClient) player = test_client_join (server, "Ubuntu1");
  g_autoptr(TestClient) host = test_client_connect (server);
  g_autoptr(JsonObject) countdown = NULL;

  send_and_expect (player, "{\"type\":\"start\"}", "not-host", "start");
  json_object_unref (test_client_take (host, "welcome", TEST_WAIT_MS));
  test_client_send (host, "{\"type\":\"join\",\"name\":\"Teacher\",\"host_key\":\"sesame\"}");
  json_object_unref (test_client_take (host, "joined", TEST_WAIT_MS));

  /* Two of five needed players: only the host's word starts the game. */
  test_client_sync (player);
  g_assert_cmpuint (test_client_count_pending (player, "countdown"), ==, 0);
  test_client_send (host, "{\"type\":\"start\"}");
  countdown = test_client_take (player, "countdown", TEST_WAIT_MS);
  g_assert_cmpint (test_member_int (countdown, "round"), ==, 1);
  test_server_stop (server);
}

static void
test_error_slow_consumer (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) slow = test_client_connect (server);
  g_autoptr(TestClient) witness = test_client_join (server, "Ubuntu1");
  g_autoptr(GString) ping = g_string_new ("{\"type\":\"ping\",\"id\":\"");
  gboolean closed = FALSE;
  gsize sent = 0;
  gsize total = 0;
  guint n_checks = 0;
  gint64 deadline;

  while (ping->len < 60 * 1024)
    g_string_append_c (ping, 'z');
  g_string_append (ping, "\"}\n");

  /* Pings whose pongs are never read: the kernel buffers take a few
   * megabytes, then the server's queue passes 1 MiB and it gives up. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!closed && g_get_monotonic_time () < deadline)
    {
      gssize n = test_client_try_send (slow, ping->str + sent, ping->len - sent);

      if (n < 0)
        {
          closed = TRUE;
          break;
        }
      if (n == 0)
        {
          test_client_wait_writable (slow, 100);
          continue;
        }
      sent = (sent + n) % ping->len;
      total += n;

      /* Meanwhile the others are served at once. */
      if (total / (1024 * 1024) > n_checks)
        {
          gint64 began = g_get_monotonic_time ();

          n_checks++;
          test_client_sync (witness);
          g_assert_cmpint (g_get_monotonic_time () - began, <, 2 * G_USEC_PER_SEC);
        }
    }
  g_test_message ("%" G_GSIZE_FORMAT " bytes of pings sent before the server gave up", total);
  g_assert_true (closed);
  g_assert_cmpuint (total, >, 1024 * 1024);
  test_client_sync (witness);
  test_server_stop (server);
}

static void
send_bad_lines (TestClient *client,
                guint       n)
{
  g_autoptr(GString) lines = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (lines, "not json\n");
  test_client_send_raw (client, lines->str, lines->len);
  for (guint i = 0; i < n; i++)
    test_client_expect_error (client, "bad-json", "");
}

static void
test_error_limit_15 (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");

  send_bad_lines (client, 15);
  test_client_sync (client);
  g_assert_false (test_client_is_closed (client));
  test_server_stop (server);
}

static void
test_error_limit_16 (void)
{
  g_autoptr(TestServer) server = start (quiz_one, NULL);
  g_autoptr(TestClient) client = test_client_join (server, "Ubuntu1");

  send_bad_lines (client, 16);
  g_assert_true (test_client_wait_closed (client, TEST_WAIT_MS));
  test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  /* A server closing on us must not kill the test. */
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/session/welcome", test_session_welcome);
  g_test_add_func ("/protocol/session/join-lobby", test_session_join_lobby);
  g_test_add_func ("/protocol/session/quit-says-bye", test_session_quit);
  g_test_add_func ("/protocol/session/ping-echoes-any-id", test_session_ping);
  g_test_add_func ("/protocol/server/sigterm-sends-shutdown", test_server_sigterm);
  g_test_add_func ("/protocol/server/once-exits-after-game", test_server_once);
  g_test_add_func ("/protocol/server/results-csv", test_server_results_csv);
  g_test_add_func ("/protocol/players/coalesced-and-sorted", test_players_coalesced);
  g_test_add_func ("/protocol/chat/relayed-in-lobby", test_chat_lobby);
  g_test_add_func ("/protocol/chat/rate-limited", test_chat_rate_limited);
  g_test_add_func ("/protocol/game/full-game-classic-scoring", test_game_full);
  g_test_add_func ("/protocol/game/progress", test_game_progress);
  g_test_add_func ("/protocol/game/ties-share-rank", test_game_ties_share_rank);
  g_test_add_func ("/protocol/game/time-limit-closes-round", test_game_time_limit);
  g_test_add_func ("/protocol/game/disconnect-mid-question", test_game_disconnect_mid_question);
  g_test_add_func ("/protocol/game/resume-mid-question", test_game_resume_mid_question);
  g_test_add_func ("/protocol/game/resume-after-answer", test_game_resume_after_answer);
  g_test_add_func ("/protocol/game/late-joiner-waits", test_game_late_joiner);
  g_test_add_func ("/protocol/game/results-between-rounds", test_game_results_pause);
  g_test_add_func ("/protocol/game/back-to-lobby", test_game_back_to_lobby);
  g_test_add_func ("/protocol/game/lists-capped-at-100", test_game_lists_capped);
  g_test_add_func ("/protocol/error/bad-json", test_error_bad_json);
  g_test_add_func ("/protocol/error/bad-json/invalid-utf8", test_error_bad_json_invalid_utf8);
  g_test_add_func ("/protocol/error/bad-json/deep-nesting", test_error_bad_json_nesting);
  g_test_add_func ("/protocol/error/bad-json/deep-nesting-over-line-limit",
                   test_error_bad_json_nesting_too_long);
  g_test_add_func ("/protocol/error/bad-json/huge-number", test_error_bad_json_numbers);
  g_test_add_func ("/protocol/error/bad-json/duplicate-keys", test_error_bad_json_duplicate_keys);
  g_test_add_func ("/protocol/error/line-too-long", test_error_line_too_long);
  g_test_add_func ("/protocol/error/line-too-long/at-limit", test_error_line_at_limit);
  g_test_add_func ("/protocol/error/line-too-long/endless-line", test_error_line_endless);
  g_test_add_func ("/protocol/error/unknown-type", test_error_unknown_type);
  g_test_add_func ("/protocol/error/bad-field", test_error_bad_field);
  g_test_add_func ("/protocol/error/protocol-version", test_error_protocol_version);
  g_test_add_func ("/protocol/error/not-joined", test_error_not_joined);
  g_test_add_func ("/protocol/error/already-joined", test_error_already_joined);
  g_test_add_func ("/protocol/error/name-invalid", test_error_name_invalid);
  g_test_add_func ("/protocol/error/name-taken", test_error_name_taken);
  g_test_add_func ("/protocol/error/game-not-found", test_error_game_not_found);
  g_test_add_func ("/protocol/error/game-full", test_error_game_full);
  g_test_add_func ("/protocol/error/bad-token", test_error_bad_token);
  g_test_add_func ("/protocol/error/round-closed", test_error_round_closed);
  g_test_add_func ("/protocol/error/already-answered", test_error_already_answered);
  g_test_add_func ("/protocol/error/chat-closed", test_error_chat_closed);
  g_test_add_func ("/protocol/error/not-host", test_error_not_host);
  g_test_add_func ("/protocol/error/not-host/host-starts-early", test_error_not_host_start_early);
  g_test_add_func ("/protocol/error/slow-consumer", test_error_slow_consumer);
  g_test_add_func ("/protocol/error/limit/15-errors-keep-connection", test_error_limit_15);
  g_test_add_func ("/protocol/error/limit/16-errors-close-connection", test_error_limit_16);
  g_test_add_func ("/protocol/error/bad-choice/too-high", test_error_bad_choice);
  g_test_add_func ("/protocol/error/bad-choice/negative", test_error_bad_choice_negative);

  return g_test_run ();
}
