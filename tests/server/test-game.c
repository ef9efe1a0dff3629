/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The game's rules driven by hand with a fake clock: no sockets, no waiting. */

#include "config.h"

#include <json-glib/json-glib.h>

#include "pupitre-error.h"
#include "pupitre-game.h"
#include "pupitre-protocol.h"

#define MS(x) ((gint64) (x) * 1000)

static const char quiz_json[] =
  "{\"title\":\"Test\",\"questions\":["
  "{\"text\":\"Free OS?\",\"choices\":[\"Windows\",\"MacOS\",\"Linux\"],\"answer\":3,"
  " \"explanation\":\"GPL\"},"
  "{\"text\":\"2+2?\",\"choices\":[\"3\",\"4\"],\"answer\":2,\"time_limit_ms\":5000},"
  "{\"text\":\"Port?\",\"choices\":[\"80\",\"50026\",\"22\",\"443\"],\"answer\":2}]}";

typedef struct
{
  PupitreSeat *to;
  gboolean     to_host;
  char        *type;
  JsonObject  *object;
} Sent;

typedef struct
{
  PupitreGame *game;
  gint64       now;
  GPtrArray   *sent;   /* Sent, in order */
  guint        rounds_closed;
  guint        games_over;
  guint        tokens;  /* drawn so far */
  guint        interval_asked_with;
  guint        kicked;
  guint        closed;
} Fixture;

static void
sent_free (Sent *sent)
{
  g_free (sent->type);
  json_object_unref (sent->object);
  g_free (sent);
}

/* Tokens in a known sequence: a test's run never depends on chance. */
static char *
new_token (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_strdup_printf ("token-%u", ++fixture->tokens);
}

static void
setup_with (Fixture                 *fixture,
            const PupitreGameConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = pupitre_quiz_load_from_data (quiz_json, -1, "test.json", &error);
  PupitreGameConfig with_token = *config;

  g_assert_no_error (error);
  with_token.new_token = new_token;
  with_token.user_data = fixture;
  fixture->game = pupitre_game_new ("main", quiz, &with_token);
  fixture->now = MS (1000000);
  fixture->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) sent_free);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  const PupitreGameConfig config = {
    .needed = 3,
    .countdown_ms = 10000,
    .time_limit_ms = 20000,
    .pause_ms = 5000,
    .over_pause_ms = 30000,
    .host_key = "teacher",
  };

  setup_with (fixture, &config);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_finalize_object (fixture->game);
  g_ptr_array_unref (fixture->sent);
}

/* Moves every line the game said into fixture->sent, and counts the
 * other events. */
static void
collect (Fixture *fixture)
{
  PupitreGameEvent out;

  while (pupitre_game_pop_event (fixture->game, &out))
    {
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GError) error = NULL;
      gsize size;
      const char *data;
      Sent *sent;

      if (out.type == PUPITRE_GAME_EVENT_ROUND_CLOSED)
        fixture->rounds_closed++;
      else if (out.type == PUPITRE_GAME_EVENT_GAME_OVER)
        fixture->games_over++;
      else if (out.type == PUPITRE_GAME_EVENT_KICKED)
        fixture->kicked++;
      else if (out.type == PUPITRE_GAME_EVENT_CLOSED)
        fixture->closed++;
      if (out.type != PUPITRE_GAME_EVENT_SEND)
        {
          pupitre_game_event_clear (&out);
          continue;
        }

      parser = json_parser_new ();
      data = g_bytes_get_data (out.bytes, &size);
      sent = g_new0 (Sent, 1);

      g_assert_cmpint (size, >, 0);
      g_assert_cmpint (data[size - 1], ==, '\n');
      json_parser_load_from_data (parser, data, size, &error);
      g_assert_no_error (error);
      sent->to = out.to;
      sent->to_host = out.to_host;
      sent->object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
      sent->type = g_strdup (json_object_get_string_member (sent->object, "type"));
      g_ptr_array_add (fixture->sent, sent);
      pupitre_game_event_clear (&out);
    }
}

static void
advance_to (Fixture *fixture,
            gint64   when)
{
  fixture->now = when;
  pupitre_game_advance (fixture->game, fixture->now);
  collect (fixture);
}

/* Runs the clock from deadline to deadline until the phase changes
 * (coalesced updates have deadlines of their own). */
static void
advance_next (Fixture *fixture)
{
  PupitreGamePhase phase = pupitre_game_get_phase (fixture->game);

  for (guint i = 0; i < 10 && pupitre_game_get_phase (fixture->game) == phase; i++)
    {
      gint64 deadline = pupitre_game_get_next_deadline (fixture->game);

      g_assert_cmpint (deadline, >=, 0);
      advance_to (fixture, MAX (deadline, fixture->now));
    }
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), !=, phase);
}

static void
elapse (Fixture *fixture,
        gint64   ms)
{
  advance_to (fixture, fixture->now + MS (ms));
}

/* The last message of @type sent to @to (NULL: broadcast), or NULL. */
static JsonObject *
last_sent (Fixture     *fixture,
           PupitreSeat *to,
           const char  *type)
{
  for (guint i = fixture->sent->len; i > 0; i--)
    {
      Sent *sent = g_ptr_array_index (fixture->sent, i - 1);

      if (sent->to == to && !sent->to_host && g_str_equal (sent->type, type))
        return sent->object;
    }
  return NULL;
}

static guint
count_sent (Fixture    *fixture,
            const char *type)
{
  guint n = 0;

  for (guint i = 0; i < fixture->sent->len; i++)
    n += g_str_equal (((Sent *) g_ptr_array_index (fixture->sent, i))->type, type);
  return n;
}

static PupitreSeat *
join (Fixture    *fixture,
      const char *name)
{
  g_autoptr(GError) error = NULL;
  PupitreSeat *seat = pupitre_game_join (fixture->game, name, NULL, NULL, fixture->now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (seat);
  collect (fixture);
  return seat;
}

static void
answer (Fixture     *fixture,
        PupitreSeat *seat,
        gint64       choice)
{
  g_autoptr(GError) error = NULL;

  pupitre_game_answer (fixture->game, seat, pupitre_game_get_round (fixture->game), choice,
                       fixture->now, &error);
  g_assert_no_error (error);
  collect (fixture);
}

/* Three players, the game started, the first question open. */
static void
start_three (Fixture      *fixture,
             PupitreSeat **a,
             PupitreSeat **b,
             PupitreSeat **c)
{
  *a = join (fixture, "Ubuntu1");
  *b = join (fixture, "Windows");
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_LOBBY);
  *c = join (fixture, "Ubuntu2");
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_COUNTDOWN);
  advance_next (fixture);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_QUESTION);
}

static gint64
member_int (JsonObject *object,
            const char *member)
{
  return json_object_get_int_member (object, member);
}

static JsonObject *
entry (JsonObject *object,
       const char *list,
       guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (object, list), index);
}

static void
test_lobby_starts_when_enough (Fixture       *fixture,
                               gconstpointer  data)
{
  PupitreSeat *a = join (fixture, "Ubuntu1");
  JsonObject *joined = last_sent (fixture, a, "joined");
  JsonObject *countdown;

  g_assert_nonnull (joined);
  g_assert_cmpstr (json_object_get_string_member (joined, "state"), ==, "lobby");
  g_assert_cmpint (member_int (joined, "needed"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (joined, "token"), ==, pupitre_seat_get_token (a));
  g_assert_false (json_object_has_member (joined, "resumed"));

  join (fixture, "Windows");
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_LOBBY);
  g_assert_cmpint (pupitre_game_get_next_deadline (fixture->game), >=, 0);  /* coalesced players */
  join (fixture, "Ubuntu2");

  countdown = last_sent (fixture, NULL, "countdown");
  g_assert_nonnull (countdown);
  g_assert_cmpint (member_int (countdown, "round"), ==, 1);
  g_assert_cmpint (member_int (countdown, "rounds"), ==, 3);
  g_assert_cmpint (member_int (countdown, "seconds"), ==, 10);
  g_assert_null (last_sent (fixture, NULL, "question"));

  elapse (fixture, 9999);
  g_assert_null (last_sent (fixture, NULL, "question"));
  elapse (fixture, 1);
  g_assert_nonnull (last_sent (fixture, NULL, "question"));
}

static void
test_question_hides_answer (Fixture       *fixture,
                            gconstpointer  data)
{
  PupitreSeat *a, *b, *c;
  JsonObject *question;
  g_autoptr(GList) members = NULL;

  start_three (fixture, &a, &b, &c);
  question = last_sent (fixture, NULL, "question");
  g_assert_cmpint (member_int (question, "time_limit_ms"), ==, 20000);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (question, "choices")), ==, 3);
  members = json_object_get_members (question);
  g_assert_cmpint (g_list_length (members), ==, 6);
  g_assert_false (json_object_has_member (question, "answer"));
  g_assert_false (json_object_has_member (question, "correct"));
  g_assert_false (json_object_has_member (question, "explanation"));
}

/* The seed's example: Ubuntu2 right in 14.54 s, Windows wrong, Ubuntu1
 * right but slower: 3, -1 and 2 points. */
static void
test_scoring_classic (Fixture       *fixture,
                      gconstpointer  data)
{
  PupitreSeat *ubuntu1, *windows, *ubuntu2;
  JsonObject *result, *standing;

  start_three (fixture, &ubuntu1, &windows, &ubuntu2);
  elapse (fixture, 8910);
  answer (fixture, windows, 1);
  elapse (fixture, 14540 - 8910);
  answer (fixture, ubuntu2, 3);
  g_assert_cmpint (member_int (last_sent (fixture, ubuntu2, "answer_ack"), "time_ms"), ==, 14540);
  g_assert_null (last_sent (fixture, NULL, "round_result"));
  elapse (fixture, 19999 - 14540);
  answer (fixture, ubuntu1, 3);

  /* Everyone answered: the round closes before its time limit. */
  result = last_sent (fixture, NULL, "round_result");
  g_assert_nonnull (result);
  g_assert_cmpint (fixture->rounds_closed, ==, 1);
  g_assert_cmpint (member_int (result, "correct"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (result, "explanation"), ==, "GPL");

  /* results in arrival order */
  g_assert_cmpstr (json_object_get_string_member (entry (result, "results", 0), "name"), ==, "Windows");
  g_assert_cmpint (member_int (entry (result, "results", 0), "points"), ==, -1);
  g_assert_cmpint (member_int (entry (result, "results", 0), "time_ms"), ==, 8910);
  g_assert_cmpstr (json_object_get_string_member (entry (result, "results", 1), "name"), ==, "Ubuntu2");
  g_assert_cmpint (member_int (entry (result, "results", 1), "points"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (entry (result, "results", 2), "name"), ==, "Ubuntu1");
  g_assert_cmpint (member_int (entry (result, "results", 2), "points"), ==, 2);

  /* totals by score */
  g_assert_cmpstr (json_object_get_string_member (entry (result, "totals", 0), "name"), ==, "Ubuntu2");
  g_assert_cmpint (member_int (entry (result, "totals", 0), "rank"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry (result, "totals", 1), "name"), ==, "Ubuntu1");
  g_assert_cmpint (member_int (entry (result, "totals", 1), "rank"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (entry (result, "totals", 2), "name"), ==, "Windows");
  g_assert_cmpint (member_int (entry (result, "totals", 2), "rank"), ==, 3);

  standing = last_sent (fixture, ubuntu1, "standing");
  g_assert_nonnull (standing);
  g_assert_cmpint (member_int (standing, "points"), ==, 2);
  g_assert_cmpint (member_int (standing, "score"), ==, 2);
  g_assert_cmpint (member_int (standing, "rank"), ==, 2);
  g_assert_cmpint (member_int (standing, "players"), ==, 3);
  g_assert_false (json_object_has_member (standing, "final"));
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_RESULTS);
}

/* Equal scores share a rank (1, 1, 3); "don't know" and silence score 0. */
static void
test_scoring_ties_and_dont_know (Fixture       *fixture,
                                 gconstpointer  data)
{
  PupitreSeat *a, *b, *c;
  JsonObject *result;

  start_three (fixture, &a, &b, &c);
  elapse (fixture, 1000);
  answer (fixture, a, 0);
  answer (fixture, b, 0);
  elapse (fixture, 19000);  /* c never answers: the time limit closes the round */

  result = last_sent (fixture, NULL, "round_result");
  g_assert_nonnull (result);
  g_assert_cmpint (member_int (entry (result, "totals", 0), "rank"), ==, 1);
  g_assert_cmpint (member_int (entry (result, "totals", 1), "rank"), ==, 1);
  g_assert_cmpint (member_int (entry (result, "totals", 2), "rank"), ==, 1);
  /* the silent one comes last in results, with nulls */
  g_assert_cmpstr (json_object_get_string_member (entry (result, "results", 2), "name"), ==, "Ubuntu2");
  g_assert_true (json_object_get_null_member (entry (result, "results", 2), "choice"));
  g_assert_true (json_object_get_null_member (entry (result, "results", 2), "time_ms"));
  g_assert_cmpint (member_int (entry (result, "results", 2), "points"), ==, 0);
  g_assert_cmpint (member_int (entry (result, "results", 0), "choice"), ==, 0);

  /* Round 2: a right (2 points as second... no: first right of P=3 scores 3),
   * b right later (2), c wrong (-1): scores 3, 2, -1. Round 3: b right
   * first (3) and a right second (2): a 5, b 5 tie at rank 1, c -1 third. */
  advance_next (fixture);  /* pause */
  advance_next (fixture);  /* countdown */
  g_assert_cmpint (member_int (last_sent (fixture, NULL, "question"), "time_limit_ms"), ==, 5000);
  elapse (fixture, 100);
  answer (fixture, a, 2);
  elapse (fixture, 100);
  answer (fixture, b, 2);
  answer (fixture, c, 1);
  advance_next (fixture);
  advance_next (fixture);
  elapse (fixture, 100);
  answer (fixture, b, 2);
  elapse (fixture, 100);
  answer (fixture, a, 2);
  answer (fixture, c, 0);

  result = last_sent (fixture, NULL, "game_over");
  g_assert_nonnull (result);
  g_assert_cmpint (fixture->games_over, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry (result, "totals", 0), "name"), ==, "Ubuntu1");
  g_assert_cmpint (member_int (entry (result, "totals", 0), "score"), ==, 5);
  /* The standing game says when it starts again, so that one can leave. */
  g_assert_cmpint (member_int (result, "next_game_ms"), ==, 30000);
  g_assert_cmpint (member_int (entry (result, "totals", 0), "rank"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry (result, "totals", 1), "name"), ==, "Windows");
  g_assert_cmpint (member_int (entry (result, "totals", 1), "score"), ==, 5);
  g_assert_cmpint (member_int (entry (result, "totals", 1), "rank"), ==, 1);
  g_assert_cmpint (member_int (entry (result, "totals", 2), "score"), ==, -1);
  g_assert_cmpint (member_int (entry (result, "totals", 2), "rank"), ==, 3);
  g_assert_true (json_object_get_boolean_member (last_sent (fixture, c, "standing"), "final"));
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_OVER);
}

static void
test_answer_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  PupitreSeat *a, *b, *c;
  g_autoptr(GError) error = NULL;

  a = join (fixture, "Ubuntu1");
  g_assert_false (pupitre_game_answer (fixture->game, a, 1, 1, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_ROUND_CLOSED);
  g_clear_error (&error);

  b = join (fixture, "Windows");
  c = join (fixture, "Ubuntu2");
  advance_next (fixture);

  g_assert_false (pupitre_game_answer (fixture->game, a, 2, 1, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_ROUND_CLOSED);
  g_clear_error (&error);
  g_assert_false (pupitre_game_answer (fixture->game, a, 1, 4, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_CHOICE);
  g_clear_error (&error);
  g_assert_false (pupitre_game_answer (fixture->game, a, 1, -1, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_CHOICE);
  g_clear_error (&error);
  answer (fixture, a, 3);
  g_assert_false (pupitre_game_answer (fixture->game, a, 1, 2, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_ALREADY_ANSWERED);
  g_clear_error (&error);

  g_assert_false (pupitre_game_chat (fixture->game, b, "hello", fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_CHAT_CLOSED);
  g_clear_error (&error);
  g_assert_false (pupitre_game_start (fixture->game, c, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NOT_HOST);
}

static void
test_join_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PupitreSeat *a = join (fixture, "Ubuntu1");

  g_assert_null (pupitre_game_join (fixture->game, "uBUNTU1", NULL, NULL, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_TAKEN);
  g_clear_error (&error);
  g_assert_null (pupitre_game_join (fixture->game, "   ", NULL, NULL, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID);
  g_clear_error (&error);
  g_assert_null (pupitre_game_join (fixture->game, "x", "0123", NULL, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_TOKEN);
  g_clear_error (&error);

  /* Leaving the lobby on purpose frees the name. */
  pupitre_game_leave (fixture->game, a, TRUE, fixture->now);
  g_assert_cmpint (pupitre_game_get_n_seats (fixture->game), ==, 0);
  join (fixture, "UBUNTU1");
}

static void
test_game_full (Fixture       *fixture,
                gconstpointer  data)
{
  const PupitreGameConfig config = { .needed = 5, .max_players = 2, .countdown_ms = 1000,
                                     .time_limit_ms = 1000 };
  g_autoptr(GError) error = NULL;

  teardown (fixture, data);
  setup_with (fixture, &config);
  join (fixture, "a");
  join (fixture, "b");
  g_assert_null (pupitre_game_join (fixture->game, "c", NULL, NULL, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_GAME_FULL);
}

/* A dropped player keeps seat and score, the round does not wait for it,
 * and its token gets the seat and the open question back. */
static void
test_disconnect_and_resume (Fixture       *fixture,
                            gconstpointer  data)
{
  PupitreSeat *a, *b, *c, *back;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  JsonObject *joined, *question, *players;

  start_three (fixture, &a, &b, &c);
  token = g_strdup (pupitre_seat_get_token (c));
  elapse (fixture, 2000);
  pupitre_game_leave (fixture->game, c, FALSE, fixture->now);
  collect (fixture);
  players = last_sent (fixture, NULL, "players");
  g_assert_cmpint (member_int (players, "count"), ==, 3);
  g_assert_false (json_object_get_boolean_member (entry (players, "players", 1), "connected"));
  g_assert_cmpstr (json_object_get_string_member (entry (players, "players", 1), "name"), ==, "Ubuntu2");

  elapse (fixture, 3000);
  back = pupitre_game_join (fixture->game, "ignored", token, NULL, fixture->now, &error);
  g_assert_no_error (error);
  g_assert_true (back == c);
  collect (fixture);
  joined = last_sent (fixture, c, "joined");
  g_assert_true (json_object_get_boolean_member (joined, "resumed"));
  g_assert_cmpstr (json_object_get_string_member (joined, "state"), ==, "question");
  question = last_sent (fixture, c, "question");
  g_assert_nonnull (question);
  g_assert_cmpint (member_int (question, "remaining_ms"), ==, 15000);

  /* Time counts from the first sending: leaving buys no speed. */
  answer (fixture, c, 3);
  g_assert_cmpint (member_int (last_sent (fixture, c, "answer_ack"), "time_ms"), ==, 5000);

  /* The round goes on without a player who drops again. */
  answer (fixture, a, 3);
  pupitre_game_leave (fixture->game, b, FALSE, fixture->now);
  collect (fixture);
  g_assert_nonnull (last_sent (fixture, NULL, "round_result"));
  g_assert_null (last_sent (fixture, b, "standing"));
  g_assert_cmpint (member_int (last_sent (fixture, c, "standing"), "points"), ==, 3);
  g_assert_cmpint (member_int (last_sent (fixture, a, "standing"), "points"), ==, 2);
}

/* Leaving the lobby before the start, even by accident, leaves no seat
 * in the game's rankings. */
static void
test_lobby_dropout_not_ranked (Fixture       *fixture,
                               gconstpointer  data)
{
  PupitreSeat *gone = join (fixture, "Gone");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_strdup (pupitre_seat_get_token (gone));

  pupitre_game_leave (fixture->game, gone, FALSE, fixture->now);
  g_assert_cmpint (pupitre_game_get_n_seats (fixture->game), ==, 0);
  join (fixture, "a");
  join (fixture, "b");
  join (fixture, "c");
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_COUNTDOWN);
  g_assert_cmpint (pupitre_game_get_n_seats (fixture->game), ==, 3);
  g_assert_null (pupitre_game_join (fixture->game, "x", token, NULL, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_TOKEN);
  g_clear_error (&error);
  join (fixture, "Gone");
}

/* A late joiner plays from the next question on. */
static void
test_late_joiner (Fixture       *fixture,
                  gconstpointer  data)
{
  PupitreSeat *a, *b, *c, *late;
  g_autoptr(GError) error = NULL;
  JsonObject *progress;

  start_three (fixture, &a, &b, &c);
  late = join (fixture, "Late");
  g_assert_null (last_sent (fixture, late, "question"));
  g_assert_cmpstr (json_object_get_string_member (last_sent (fixture, late, "joined"), "state"),
                   ==, "question");
  g_assert_false (pupitre_game_answer (fixture->game, late, 1, 1, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_ROUND_CLOSED);

  answer (fixture, a, 3);
  elapse (fixture, 100);
  progress = last_sent (fixture, NULL, "progress");
  g_assert_cmpint (member_int (progress, "answered"), ==, 1);
  g_assert_cmpint (member_int (progress, "players"), ==, 3);
  answer (fixture, b, 3);
  answer (fixture, c, 3);
  g_assert_nonnull (last_sent (fixture, NULL, "round_result"));
  g_assert_cmpint (member_int (last_sent (fixture, late, "standing"), "players"), ==, 4);

  advance_next (fixture);
  advance_next (fixture);
  g_assert_cmpint (pupitre_game_get_round (fixture->game), ==, 2);
  answer (fixture, late, 2);
}

static void
test_restart_after_game_over (Fixture       *fixture,
                              gconstpointer  data)
{
  PupitreSeat *a, *b, *c;
  JsonObject *players;

  start_three (fixture, &a, &b, &c);
  pupitre_game_leave (fixture->game, b, FALSE, fixture->now);
  collect (fixture);
  for (guint round = 1; round <= 3; round++)
    {
      if (round > 1)
        {
          advance_next (fixture);
          advance_next (fixture);
        }
      answer (fixture, a, 1);
      answer (fixture, c, 0);
    }
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_OVER);
  g_assert_cmpint (pupitre_game_get_games_played (fixture->game), ==, 1);

  /* After the final ranking the lobby opens; whoever left loses the seat. */
  g_ptr_array_set_size (fixture->sent, 0);
  elapse (fixture, 30000);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_LOBBY);
  g_assert_cmpint (pupitre_game_get_n_seats (fixture->game), ==, 2);
  players = last_sent (fixture, NULL, "players");
  g_assert_cmpint (member_int (players, "count"), ==, 2);
  g_assert_cmpint (member_int (entry (players, "players", 0), "score"), ==, 0);

  join (fixture, "Windows");
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_COUNTDOWN);
  g_assert_cmpint (member_int (last_sent (fixture, NULL, "countdown"), "round"), ==, 1);
}

/* Three joins in a row make one players message now and one later. */
static void
test_players_coalesced (Fixture       *fixture,
                        gconstpointer  data)
{
  const PupitreGameConfig config = { .needed = 50, .countdown_ms = 1000, .time_limit_ms = 1000 };
  JsonObject *players;

  teardown (fixture, data);
  setup_with (fixture, &config);
  join (fixture, "b");
  join (fixture, "C");
  join (fixture, "a");
  g_assert_cmpint (count_sent (fixture, "players"), ==, 1);
  elapse (fixture, 199);
  g_assert_cmpint (count_sent (fixture, "players"), ==, 1);
  elapse (fixture, 1);
  g_assert_cmpint (count_sent (fixture, "players"), ==, 2);
  players = last_sent (fixture, NULL, "players");
  g_assert_cmpint (member_int (players, "count"), ==, 3);
  g_assert_cmpint (member_int (players, "needed"), ==, 50);
  g_assert_cmpstr (json_object_get_string_member (entry (players, "players", 0), "name"), ==, "a");
  g_assert_cmpstr (json_object_get_string_member (entry (players, "players", 1), "name"), ==, "b");
  g_assert_cmpstr (json_object_get_string_member (entry (players, "players", 2), "name"), ==, "C");
  g_assert_cmpint (pupitre_game_get_next_deadline (fixture->game), ==, -1);
}

/* The spacing of updates is the configuration's: here two seconds
 * whatever the protocol's own interval, and the game asks with the
 * number of connected players. (setup_with() makes the fixture the
 * functions' user data.) */
static gint64
two_seconds (guint    n_connected,
             gint64   base_us,
             gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->interval_asked_with = n_connected;
  g_assert_cmpint (base_us, ==, PUPITRE_PLAYERS_INTERVAL_MS * 1000);
  return 2 * G_USEC_PER_SEC;
}

static void
test_interval_from_config (Fixture       *fixture,
                           gconstpointer  data)
{
  const PupitreGameConfig config = {
    .needed = 50, .countdown_ms = 1000, .time_limit_ms = 1000,
    .update_interval = two_seconds,
  };

  teardown (fixture, data);
  setup_with (fixture, &config);
  join (fixture, "a");
  join (fixture, "b");
  g_assert_cmpint (count_sent (fixture, "players"), ==, 1);
  g_assert_cmpuint (fixture->interval_asked_with, ==, 2);
  elapse (fixture, 1999);
  g_assert_cmpint (count_sent (fixture, "players"), ==, 1);
  elapse (fixture, 1);
  g_assert_cmpint (count_sent (fixture, "players"), ==, 2);
}

/* Message size does not grow with players: 150 seats, 100 entries. */
static void
test_lists_capped (Fixture       *fixture,
                   gconstpointer  data)
{
  const PupitreGameConfig config = { .needed = 150, .countdown_ms = 0, .time_limit_ms = 1000 };
  PupitreSeat *seats[150];
  JsonObject *result;

  teardown (fixture, data);
  setup_with (fixture, &config);
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    {
      g_autofree char *name = g_strdup_printf ("p%03u", i);

      seats[i] = join (fixture, name);
    }
  advance_to (fixture, fixture->now);
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    answer (fixture, seats[i], i % 2 ? 1 : 3);

  result = last_sent (fixture, NULL, "round_result");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (result, "results")), ==, 100);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (result, "totals")), ==, 100);
  g_assert_cmpint (member_int (entry (result, "totals", 0), "score"), ==, 150);
  g_assert_cmpint (member_int (last_sent (fixture, seats[149], "standing"), "players"), ==, 150);
  g_assert_cmpint (member_int (last_sent (fixture, seats[149], "standing"), "rank"), ==, 76);
  elapse (fixture, 1000);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (
                     last_sent (fixture, NULL, "players"), "players")), ==, 100);
}

static void
test_host_commands (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PupitreSeat *host = pupitre_game_join (fixture->game, "Teacher", NULL, "teacher",
                                         fixture->now, &error);

  g_assert_no_error (error);
  collect (fixture);
  join (fixture, "Student");
  g_assert_true (pupitre_game_start (fixture->game, host, fixture->now, &error));
  g_assert_no_error (error);
  collect (fixture);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_COUNTDOWN);
  g_assert_true (pupitre_game_skip (fixture->game, host, fixture->now, &error));
  collect (fixture);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_QUESTION);
  g_assert_true (pupitre_game_skip (fixture->game, host, fixture->now, &error));
  collect (fixture);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_RESULTS);
  g_assert_nonnull (last_sent (fixture, NULL, "round_result"));
}

static void
test_chat_rate_limited (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PupitreSeat *a = join (fixture, "Ubuntu1");
  guint accepted = 0;

  for (guint i = 0; i < 20; i++)
    {
      if (pupitre_game_chat (fixture->game, a, "hi", fixture->now, &error))
        accepted++;
      else
        g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_CHAT_CLOSED);
      g_clear_error (&error);
    }
  g_assert_cmpint (accepted, ==, 5);
  fixture->now += 2 * G_USEC_PER_SEC;
  g_assert_true (pupitre_game_chat (fixture->game, a, "again", fixture->now, &error));
  collect (fixture);
  g_assert_cmpstr (json_object_get_string_member (last_sent (fixture, NULL, "chat"), "from"),
                   ==, "Ubuntu1");
  g_assert_cmpstr (json_object_get_string_member (last_sent (fixture, NULL, "chat"), "text"),
                   ==, "again");
}

/* Without players, an idle lobby has nothing to wake up for. */
static void
test_idle_lobby_no_deadline (Fixture       *fixture,
                             gconstpointer  data)
{
  g_assert_cmpint (pupitre_game_get_next_deadline (fixture->game), ==, -1);
  join (fixture, "a");
  elapse (fixture, 1000);
  g_assert_cmpint (pupitre_game_get_next_deadline (fixture->game), ==, -1);
}

/* Hosted games: the host drives, holds no seat, and nothing moves on
 * without it (docs/protocol.md, section 14). */

static const char points_quiz_json[] =
  "{\"title\":\"Points\",\"questions\":["
  "{\"text\":\"Double?\",\"choices\":[\"a\",\"b\"],\"answer\":1,\"points\":2},"
  "{\"text\":\"Nothing?\",\"choices\":[\"a\",\"b\"],\"answer\":1,\"points\":0}]}";

static void
setup_hosted_with (Fixture                  *fixture,
                   const char               *json,
                   const PupitreGameOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = pupitre_quiz_load_from_data (json, -1, "hosted.json", &error);
  PupitreGameConfig config = {
    .countdown_ms = options->countdown_ms,
    .time_limit_ms = 20000,
    .hosted = TRUE,
    .options = *options,
    .host_name = "Mme Martin",
    .host_grace_ms = 600000,
    .idle_ms = 900000,
    .shuffle_seed = 42,  /* the same orders on every run */
    .new_token = new_token,
    .user_data = fixture,
  };

  g_assert_no_error (error);
  fixture->game = pupitre_game_new ("K7RT4Q", quiz, &config);
  fixture->now = MS (1000000);
  fixture->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) sent_free);
  pupitre_game_host_attach (fixture->game, FALSE, fixture->now);
  collect (fixture);
}

static void
setup_hosted (Fixture       *fixture,
              gconstpointer  data)
{
  PupitreGameOptions options;

  pupitre_game_options_init (&options);
  setup_hosted_with (fixture, quiz_json, &options);
}

/* The last message of @type to the host alone, or NULL. */
static JsonObject *
host_sent (Fixture    *fixture,
           const char *type)
{
  for (guint i = fixture->sent->len; i > 0; i--)
    {
      Sent *sent = g_ptr_array_index (fixture->sent, i - 1);

      if (sent->to_host && g_str_equal (sent->type, type))
        return sent->object;
    }
  return NULL;
}

static void
command (Fixture            *fixture,
         PupitreHostCommand  which)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pupitre_game_host_command (fixture->game, which, 15000, NULL,
                                            fixture->now, &error));
  g_assert_no_error (error);
  collect (fixture);
}

static const char *
member_str (JsonObject *object,
            const char *member)
{
  return json_object_get_string_member (object, member);
}

static void
test_hosted_host_is_no_seat (Fixture       *fixture,
                             gconstpointer  data)
{
  JsonObject *created = host_sent (fixture, "game_created");
  JsonObject *state = host_sent (fixture, "game_state");
  JsonObject *joined, *players;
  PupitreSeat *a, *b;

  g_assert_nonnull (created);
  g_assert_cmpstr (member_str (created, "game"), ==, "K7RT4Q");
  g_assert_cmpstr (member_str (created, "host_token"), ==, pupitre_game_get_host_token (fixture->game));
  g_assert_cmpint (member_int (created, "rounds"), ==, 3);
  g_assert_cmpstr (member_str (json_object_get_object_member (created, "options"), "scoring"),
                   ==, "speed");
  g_assert_cmpstr (member_str (state, "state"), ==, "lobby");
  g_assert_cmpint (member_int (state, "players"), ==, 0);
  g_assert_nonnull (host_sent (fixture, "players"));

  a = join (fixture, "Alice");
  b = join (fixture, "Bob");
  joined = last_sent (fixture, a, "joined");
  g_assert_cmpint (member_int (joined, "needed"), ==, 0);
  g_assert_true (json_object_get_boolean_member (joined, "hosted"));
  g_assert_cmpstr (member_str (joined, "scoring"), ==, "speed");
  g_assert_cmpint (member_int (joined, "rounds"), ==, 3);

  /* Nobody starts a hosted game but its host, however long they wait. */
  elapse (fixture, 3600 * 1000);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_LOBBY);
  players = last_sent (fixture, NULL, "players");
  g_assert_cmpint (member_int (players, "count"), ==, 2);
  g_assert_cmpint (pupitre_game_get_n_seats (fixture->game), ==, 2);
  g_assert_cmpint (member_int (host_sent (fixture, "game_state"), "players"), ==, 2);

  command (fixture, PUPITRE_HOST_START);
  advance_next (fixture);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_QUESTION);
  g_assert_cmpint (member_int (last_sent (fixture, NULL, "question"), "round"), ==, 1);
  answer (fixture, a, 3);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_QUESTION);
  answer (fixture, b, 1);
  /* Everyone answered: the host is not waited for. */
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_RESULTS);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (last_sent (fixture, NULL, "round_result"), "results")), ==, 2);
  g_assert_null (host_sent (fixture, "standing"));
}

static void
test_hosted_steps_and_results (Fixture       *fixture,
                               gconstpointer  data)
{
  PupitreSeat *a = join (fixture, "Alice");
  PupitreSeat *b = join (fixture, "Bob");
  JsonObject *report, *results, *row;
  JsonArray *rows;

  command (fixture, PUPITRE_HOST_NEXT);          /* lobby → countdown */
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_COUNTDOWN);
  command (fixture, PUPITRE_HOST_NEXT);          /* → question now */
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_QUESTION);
  elapse (fixture, 2000);
  answer (fixture, a, 3);
  g_assert_cmpint (member_int (host_sent (fixture, "host_progress"), "players"), ==, 2);
  command (fixture, PUPITRE_HOST_NEXT);          /* → closed */
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_RESULTS);

  report = host_sent (fixture, "round_report");
  g_assert_nonnull (report);
  g_assert_cmpint (member_int (report, "correct"), ==, 3);
  g_assert_cmpint (member_int (report, "round"), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (report, "counts"), 2), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (report, "counts"), 0), ==, 0);
  g_assert_cmpint (member_int (report, "no_answer"), ==, 1);
  g_assert_cmpint (member_int (report, "average_ms"), ==, 2000);

  /* The results stay until the host moves on. */
  elapse (fixture, 3600 * 1000);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_RESULTS);

  for (guint round = 2; round <= 3; round++)
    {
      command (fixture, PUPITRE_HOST_NEXT);      /* → countdown */
      g_assert_cmpint (pupitre_game_get_round (fixture->game), ==, round);
      advance_next (fixture);                    /* → question by itself */
      answer (fixture, a, 2);
      answer (fixture, b, 1);
      g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_RESULTS);
    }

  /* After the last round too, game over comes at the host's word. */
  g_assert_cmpint (fixture->games_over, ==, 0);
  command (fixture, PUPITRE_HOST_NEXT);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_OVER);
  g_assert_nonnull (last_sent (fixture, NULL, "game_over"));
  /* A hosted game plays again only at its host's word. */
  g_assert_false (json_object_has_member (last_sent (fixture, NULL, "game_over"), "next_game_ms"));

  results = host_sent (fixture, "results");
  g_assert_nonnull (results);
  g_assert_true (json_object_get_boolean_member (results, "done"));
  rows = json_object_get_array_member (results, "rows");
  g_assert_cmpint (json_array_get_length (rows), ==, 6);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpint (member_int (row, "round"), ==, 1);
  g_assert_cmpstr (member_str (row, "question"), ==, "Free OS?");
  g_assert_cmpstr (member_str (row, "player"), ==, "Alice");
  g_assert_cmpint (member_int (row, "choice"), ==, 3);
  g_assert_true (json_object_get_boolean_member (row, "correct"));
  g_assert_cmpint (member_int (row, "time_ms"), ==, 2000);
  g_assert_cmpint (member_int (row, "points"), ==, 950);  /* 1000 − 500 × 2 s / 20 s */
  g_assert_cmpint (member_int (row, "rank"), ==, 1);
  row = json_array_get_object_element (rows, 1);
  g_assert_cmpstr (member_str (row, "player"), ==, "Bob");
  g_assert_true (json_object_get_null_member (row, "choice"));
  g_assert_true (json_object_get_null_member (row, "time_ms"));
  g_assert_false (json_object_get_boolean_member (row, "correct"));
  g_assert_cmpint (member_int (row, "points"), ==, 0);
  g_assert_cmpint (member_int (row, "rank"), ==, 2);

  /* Again, on demand, and nothing moves by itself from the podium. */
  g_ptr_array_set_size (fixture->sent, 0);
  command (fixture, PUPITRE_HOST_GET_RESULTS);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (host_sent (fixture, "results"), "rows")), ==, 6);
  elapse (fixture, 3600 * 1000);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_OVER);

  command (fixture, PUPITRE_HOST_PLAY_AGAIN);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_LOBBY);
  g_assert_cmpint (pupitre_game_get_n_seats (fixture->game), ==, 2);
  g_assert_cmpint (pupitre_game_get_round (fixture->game), ==, 0);
}

/* Each rule of section 14.6, weighted by the question's points. */
static void
check_rule (PupitreScoring scoring,
            gint64         fast,
            gint64         slow,
            gint64         wrong)
{
  Fixture fixture = { 0, };
  PupitreGameOptions options;
  PupitreSeat *a, *b, *c;
  JsonObject *result;

  pupitre_game_options_init (&options);
  options.scoring = scoring;
  options.countdown_ms = 0;
  setup_hosted_with (&fixture, points_quiz_json, &options);
  a = join (&fixture, "Alice");
  b = join (&fixture, "Bob");
  c = join (&fixture, "Carol");
  command (&fixture, PUPITRE_HOST_START);
  advance_to (&fixture, fixture.now);   /* no countdown */
  g_assert_cmpint (pupitre_game_get_phase (fixture.game), ==, PUPITRE_GAME_PHASE_QUESTION);
  answer (&fixture, a, 1);
  elapse (&fixture, 10000);   /* half the 20 s limit */
  answer (&fixture, b, 1);
  answer (&fixture, c, 2);

  result = last_sent (&fixture, NULL, "round_result");
  g_assert_cmpint (member_int (entry (result, "results", 0), "points"), ==, fast);
  g_assert_cmpint (member_int (entry (result, "results", 1), "points"), ==, slow);
  g_assert_cmpint (member_int (entry (result, "results", 2), "points"), ==, wrong);

  /* A question worth nothing scores nothing, right or wrong. */
  command (&fixture, PUPITRE_HOST_NEXT);
  advance_to (&fixture, fixture.now);
  answer (&fixture, a, 1);
  answer (&fixture, b, 2);
  answer (&fixture, c, 0);
  result = last_sent (&fixture, NULL, "round_result");
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (member_int (entry (result, "results", i), "points"), ==, 0);

  teardown (&fixture, NULL);
}

static void
test_hosted_scoring_rules (void)
{
  check_rule (PUPITRE_SCORING_SPEED, 2000, 1500, 0);   /* 2 × 1000, 2 × 750 */
  check_rule (PUPITRE_SCORING_RIGHT, 2, 2, 0);
  check_rule (PUPITRE_SCORING_CLASSIC, 6, 4, -2);      /* 2 × (3, 2), 2 × −1 */
}

/* With no limit, speed ranks the right answers from 1,000 to 500. */
static void
test_hosted_no_time_limit (void)
{
  Fixture fixture = { 0, };
  PupitreGameOptions options;
  PupitreSeat *a, *b, *c;
  JsonObject *result;

  pupitre_game_options_init (&options);
  options.time_limit_ms = 0;
  options.countdown_ms = 0;
  setup_hosted_with (&fixture, quiz_json, &options);
  a = join (&fixture, "Alice");
  b = join (&fixture, "Bob");
  c = join (&fixture, "Carol");
  command (&fixture, PUPITRE_HOST_START);
  advance_to (&fixture, fixture.now);
  g_assert_cmpint (member_int (last_sent (&fixture, NULL, "question"), "time_limit_ms"), ==, 0);
  elapse (&fixture, 3600 * 1000);
  g_assert_cmpint (pupitre_game_get_phase (fixture.game), ==, PUPITRE_GAME_PHASE_QUESTION);
  answer (&fixture, c, 3);
  elapse (&fixture, 1000);
  answer (&fixture, a, 3);
  elapse (&fixture, 1000);
  answer (&fixture, b, 3);

  result = last_sent (&fixture, NULL, "round_result");
  g_assert_cmpstr (member_str (entry (result, "results", 0), "name"), ==, "Carol");
  g_assert_cmpint (member_int (entry (result, "results", 0), "points"), ==, 1000);
  g_assert_cmpint (member_int (entry (result, "results", 1), "points"), ==, 750);
  g_assert_cmpint (member_int (entry (result, "results", 2), "points"), ==, 500);
  teardown (&fixture, NULL);
}

static void
test_hosted_pause_and_time (Fixture       *fixture,
                            gconstpointer  data)
{
  PupitreSeat *a = join (fixture, "Alice");
  PupitreSeat *b = join (fixture, "Bob");
  JsonObject *timer;
  gint64 deadline;

  command (fixture, PUPITRE_HOST_START);
  command (fixture, PUPITRE_HOST_NEXT);
  elapse (fixture, 4000);
  command (fixture, PUPITRE_HOST_PAUSE);
  timer = last_sent (fixture, NULL, "timer");
  g_assert_nonnull (timer);
  g_assert_true (json_object_get_boolean_member (timer, "paused"));
  g_assert_cmpstr (member_str (timer, "reason"), ==, "host");
  g_assert_cmpint (member_int (timer, "remaining_ms"), ==, 16000);
  g_assert_cmpint (member_int (timer, "time_limit_ms"), ==, 20000);
  g_assert_true (json_object_get_boolean_member (host_sent (fixture, "game_state"), "paused"));

  /* Frozen: far past the limit, the question is still open. */
  elapse (fixture, 60000);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_QUESTION);
  /* Answers are still taken, timed without the pause. */
  answer (fixture, a, 3);
  g_assert_cmpint (member_int (last_sent (fixture, a, "answer_ack"), "time_ms"), ==, 4000);

  command (fixture, PUPITRE_HOST_ADD_TIME);
  timer = last_sent (fixture, NULL, "timer");
  g_assert_cmpint (member_int (timer, "remaining_ms"), ==, 31000);
  g_assert_cmpint (member_int (timer, "time_limit_ms"), ==, 35000);

  command (fixture, PUPITRE_HOST_RESUME);
  timer = last_sent (fixture, NULL, "timer");
  g_assert_false (json_object_get_boolean_member (timer, "paused"));
  g_assert_false (json_object_has_member (timer, "reason"));
  deadline = pupitre_game_get_next_deadline (fixture->game);
  g_assert_cmpint (deadline, <=, fixture->now + MS (31000));
  elapse (fixture, 1000);
  answer (fixture, b, 3);
  g_assert_cmpint (member_int (last_sent (fixture, b, "answer_ack"), "time_ms"), ==, 5000);
}

static void
test_hosted_kick (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PupitreSeat *a = join (fixture, "Alice");
  PupitreSeat *b = join (fixture, "Bob");
  g_autofree char *token = g_strdup (pupitre_seat_get_token (b));
  JsonObject *kicked = NULL;

  command (fixture, PUPITRE_HOST_START);
  command (fixture, PUPITRE_HOST_NEXT);
  answer (fixture, a, 3);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_QUESTION);

  g_assert_true (pupitre_game_host_command (fixture->game, PUPITRE_HOST_KICK, 0, "bob",
                                            fixture->now, &error));
  g_assert_no_error (error);
  collect (fixture);
  kicked = last_sent (fixture, b, "error");
  g_assert_nonnull (kicked);
  g_assert_cmpstr (member_str (kicked, "code"), ==, "kicked");
  g_assert_cmpint (fixture->kicked, ==, 1);
  /* The one left has answered: the round closes without the kicked. */
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_RESULTS);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (last_sent (fixture, NULL, "round_result"), "results")), ==, 1);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (last_sent (fixture, NULL, "round_result"), "totals")), ==, 1);
  g_assert_cmpint (pupitre_game_get_n_seats (fixture->game), ==, 1);

  g_assert_null (pupitre_game_join (fixture->game, "BOB", NULL, NULL, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_KICKED);
  g_clear_error (&error);
  g_assert_null (pupitre_game_join (fixture->game, NULL, token, NULL, fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_KICKED);
  g_clear_error (&error);
  g_assert_false (pupitre_game_host_command (fixture->game, PUPITRE_HOST_KICK, 0, "Zoé",
                                             fixture->now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD);
}

static void
test_hosted_lock_and_late_join (void)
{
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0, };
  PupitreGameOptions options;
  PupitreSeat *a;
  g_autofree char *token = NULL;

  pupitre_game_options_init (&options);
  options.late_join = FALSE;
  setup_hosted_with (&fixture, quiz_json, &options);
  a = join (&fixture, "Alice");
  token = g_strdup (pupitre_seat_get_token (a));

  command (&fixture, PUPITRE_HOST_LOCK);
  g_assert_true (json_object_get_boolean_member (host_sent (&fixture, "game_state"), "locked"));
  g_assert_null (pupitre_game_join (fixture.game, "Bob", NULL, NULL, fixture.now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_GAME_LOCKED);
  g_clear_error (&error);
  command (&fixture, PUPITRE_HOST_UNLOCK);
  join (&fixture, "Bob");

  command (&fixture, PUPITRE_HOST_START);
  g_assert_null (pupitre_game_join (fixture.game, "Carol", NULL, NULL, fixture.now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_GAME_LOCKED);
  g_clear_error (&error);

  /* A seat of the game comes back whatever the lock. */
  pupitre_game_leave (fixture.game, a, FALSE, fixture.now);
  command (&fixture, PUPITRE_HOST_LOCK);
  g_assert_nonnull (pupitre_game_join (fixture.game, NULL, token, NULL, fixture.now, &error));
  g_assert_no_error (error);
  collect (&fixture);
  teardown (&fixture, NULL);
}

static void
test_hosted_host_away (Fixture       *fixture,
                       gconstpointer  data)
{
  PupitreSeat *a = join (fixture, "Alice");
  JsonObject *timer, *created;

  command (fixture, PUPITRE_HOST_START);
  command (fixture, PUPITRE_HOST_NEXT);
  elapse (fixture, 5000);
  pupitre_game_host_detach (fixture->game, fixture->now);
  collect (fixture);
  g_assert_false (pupitre_game_has_host (fixture->game));
  timer = last_sent (fixture, NULL, "timer");
  g_assert_cmpstr (member_str (timer, "reason"), ==, "host-away");
  g_assert_cmpint (member_int (timer, "remaining_ms"), ==, 15000);

  /* The host back: the game waits for its resume. */
  elapse (fixture, 60000);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_QUESTION);
  pupitre_game_host_attach (fixture->game, TRUE, fixture->now);
  collect (fixture);
  created = host_sent (fixture, "game_created");
  g_assert_true (json_object_get_boolean_member (created, "resumed"));
  g_assert_nonnull (host_sent (fixture, "question"));
  g_assert_true (json_object_get_boolean_member (host_sent (fixture, "game_state"), "paused"));
  elapse (fixture, 60000);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_QUESTION);
  command (fixture, PUPITRE_HOST_RESUME);
  answer (fixture, a, 3);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_RESULTS);

  /* Away beyond the grace period: ended, its results kept, closed. */
  pupitre_game_host_detach (fixture->game, fixture->now);
  collect (fixture);
  elapse (fixture, 599 * 1000);
  g_assert_cmpint (fixture->closed, ==, 0);
  g_assert_cmpint (pupitre_game_get_next_deadline (fixture->game), ==, fixture->now + MS (1000));
  elapse (fixture, 1000);
  g_assert_cmpint (fixture->closed, ==, 1);
  g_assert_cmpint (fixture->games_over, ==, 1);
  g_assert_cmpstr (member_str (last_sent (fixture, NULL, "game_closed"), "reason"), ==, "host-away");
  g_assert_nonnull (last_sent (fixture, NULL, "bye"));
  g_assert_true (pupitre_game_is_closed (fixture->game));
  g_assert_cmpint (pupitre_game_get_next_deadline (fixture->game), ==, -1);
}

static void
test_hosted_end_early (Fixture       *fixture,
                       gconstpointer  data)
{
  PupitreSeat *a = join (fixture, "Alice");

  command (fixture, PUPITRE_HOST_START);
  command (fixture, PUPITRE_HOST_NEXT);
  answer (fixture, a, 3);
  command (fixture, PUPITRE_HOST_NEXT);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_COUNTDOWN);
  command (fixture, PUPITRE_HOST_END);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_OVER);
  g_assert_cmpint (fixture->rounds_closed, ==, 1);
  g_assert_cmpint (member_int (entry (last_sent (fixture, NULL, "game_over"), "totals", 0), "score"),
                   >, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (host_sent (fixture, "results"), "rows")), ==, 1);

  command (fixture, PUPITRE_HOST_CLOSE_GAME);
  g_assert_cmpint (fixture->closed, ==, 1);
  g_assert_cmpstr (member_str (last_sent (fixture, NULL, "game_closed"), "reason"), ==, "host");
}

/* Who arrives in the results or after the game sees them, not a blank. */
static void
test_catch_up (Fixture       *fixture,
               gconstpointer  data)
{
  PupitreSeat *a = join (fixture, "Alice");
  PupitreSeat *late;
  g_autofree char *token = g_strdup (pupitre_seat_get_token (a));

  command (fixture, PUPITRE_HOST_START);
  late = join (fixture, "Late");
  g_assert_cmpint (member_int (last_sent (fixture, late, "countdown"), "seconds"), ==, 5);
  command (fixture, PUPITRE_HOST_NEXT);
  answer (fixture, a, 3);
  answer (fixture, late, 1);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_RESULTS);

  pupitre_game_leave (fixture->game, a, FALSE, fixture->now);
  collect (fixture);
  a = pupitre_game_join (fixture->game, NULL, token, NULL, fixture->now, NULL);
  collect (fixture);
  g_assert_nonnull (last_sent (fixture, a, "round_result"));
  g_assert_cmpint (member_int (last_sent (fixture, a, "standing"), "rank"), ==, 1);

  command (fixture, PUPITRE_HOST_END);
  pupitre_game_leave (fixture->game, a, FALSE, fixture->now);
  collect (fixture);
  a = pupitre_game_join (fixture->game, NULL, token, NULL, fixture->now, NULL);
  collect (fixture);
  g_assert_nonnull (last_sent (fixture, a, "game_over"));
  g_assert_true (json_object_get_boolean_member (last_sent (fixture, a, "standing"), "final"));
}

static void
test_hosted_idle_close (Fixture       *fixture,
                        gconstpointer  data)
{
  PupitreSeat *a = join (fixture, "Alice");

  pupitre_game_host_detach (fixture->game, fixture->now);
  collect (fixture);
  pupitre_game_leave (fixture->game, a, TRUE, fixture->now);
  collect (fixture);
  /* The grace period (600 s) comes before the idle time (900 s). */
  elapse (fixture, 599999);
  g_assert_cmpint (fixture->closed, ==, 0);
  g_assert_cmpint (pupitre_game_get_next_deadline (fixture->game), ==, fixture->now + MS (1));
  elapse (fixture, 1);
  g_assert_cmpint (fixture->closed, ==, 1);
  g_assert_cmpstr (member_str (last_sent (fixture, NULL, "game_closed"), "reason"), ==, "host-away");
  /* A game never started has no results. */
  g_assert_cmpint (fixture->games_over, ==, 0);
}

static void
test_hosted_chat (void)
{
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0, };
  PupitreGameOptions options;
  PupitreSeat *a;
  JsonObject *chat;

  pupitre_game_options_init (&options);
  options.chat = FALSE;
  setup_hosted_with (&fixture, quiz_json, &options);
  a = join (&fixture, "Alice");
  g_assert_false (pupitre_game_chat (fixture.game, a, "hi", fixture.now, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_CHAT_CLOSED);
  g_assert_true (pupitre_game_host_chat (fixture.game, "Bonjour", fixture.now, NULL));
  collect (&fixture);
  chat = last_sent (&fixture, NULL, "chat");
  g_assert_cmpstr (member_str (chat, "from"), ==, "Mme Martin");
  g_assert_true (json_object_get_boolean_member (chat, "host"));
  teardown (&fixture, NULL);
}

static const char nine_quiz_json[] =
  "{\"title\":\"Nine\",\"questions\":["
  "{\"text\":\"Which?\",\"choices\":[\"w1\",\"w2\",\"w3\",\"w4\",\"right\",\"w6\",\"w7\",\"w8\",\"w9\"],"
  " \"answer\":5}]}";

/* Where @text is among the choices of @question (1-based), or 0. */
static gint64
shown_at (JsonObject *question,
          const char *text)
{
  JsonArray *choices = json_object_get_array_member (question, "choices");

  for (guint i = 0; i < json_array_get_length (choices); i++)
    if (g_str_equal (json_array_get_string_element (choices, i), text))
      return i + 1;
  return 0;
}

static char *
order_of (JsonObject *question)
{
  JsonArray *choices = json_object_get_array_member (question, "choices");
  GString *order = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (choices); i++)
    g_string_append_printf (order, "%s ", json_array_get_string_element (choices, i));
  return g_string_free (order, FALSE);
}

/* Each player gets its own order and is understood in it; the host sees
 * the quiz's order, and the results name the same choices for all. */
static void
test_hosted_shuffle (void)
{
  Fixture fixture = { 0, };
  PupitreGameOptions options;
  PupitreSeat *seats[4];
  g_autoptr(GHashTable) orders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *question, *result;
  gint64 right[4], w3[4];

  pupitre_game_options_init (&options);
  options.shuffle = TRUE;
  options.countdown_ms = 0;
  setup_hosted_with (&fixture, nine_quiz_json, &options);
  seats[0] = join (&fixture, "Alice");
  seats[1] = join (&fixture, "Bob");
  seats[2] = join (&fixture, "Carol");
  seats[3] = join (&fixture, "Dan");
  command (&fixture, PUPITRE_HOST_START);
  advance_to (&fixture, fixture.now);
  g_assert_cmpint (pupitre_game_get_phase (fixture.game), ==, PUPITRE_GAME_PHASE_QUESTION);

  g_assert_null (last_sent (&fixture, NULL, "question"));
  question = host_sent (&fixture, "question");
  g_assert_cmpint (shown_at (question, "right"), ==, 5);
  g_assert_cmpint (shown_at (question, "w3"), ==, 3);
  for (guint i = 0; i < 4; i++)
    {
      question = last_sent (&fixture, seats[i], "question");
      g_assert_nonnull (question);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (question, "choices")), ==, 9);
      for (guint k = 1; k <= 9; k++)
        {
          g_autofree char *text = k == 5 ? g_strdup ("right") : g_strdup_printf ("w%u", k);

          g_assert_cmpint (shown_at (question, text), >, 0);
        }
      right[i] = shown_at (question, "right");
      w3[i] = shown_at (question, "w3");
      g_hash_table_add (orders, order_of (question));
    }
  /* Seed 42 deals four different orders. */
  g_assert_cmpuint (g_hash_table_size (orders), ==, 4);

  answer (&fixture, seats[0], right[0]);
  g_assert_cmpint (member_int (last_sent (&fixture, seats[0], "answer_ack"), "choice"), ==, right[0]);
  elapse (&fixture, 1000);
  answer (&fixture, seats[1], w3[1]);
  answer (&fixture, seats[2], 0);
  answer (&fixture, seats[3], right[3]);
  g_assert_cmpint (pupitre_game_get_phase (fixture.game), ==, PUPITRE_GAME_PHASE_RESULTS);

  g_assert_null (last_sent (&fixture, NULL, "round_result"));
  result = host_sent (&fixture, "round_result");
  g_assert_cmpint (member_int (result, "correct"), ==, 5);
  g_assert_cmpint (member_int (entry (result, "results", 1), "choice"), ==, 3);
  for (guint i = 0; i < 4; i++)
    {
      result = last_sent (&fixture, seats[i], "round_result");
      g_assert_nonnull (result);
      g_assert_cmpint (member_int (result, "correct"), ==, right[i]);
      g_assert_cmpstr (member_str (entry (result, "results", 0), "name"), ==, "Alice");
      g_assert_cmpint (member_int (entry (result, "results", 0), "choice"), ==, right[i]);
      g_assert_cmpint (member_int (entry (result, "results", 0), "points"), >, 0);
      g_assert_cmpstr (member_str (entry (result, "results", 1), "name"), ==, "Bob");
      g_assert_cmpint (member_int (entry (result, "results", 1), "choice"), ==, w3[i]);
      g_assert_cmpint (member_int (entry (result, "results", 1), "points"), ==, 0);
      g_assert_cmpint (member_int (entry (result, "results", 2), "choice"), ==, 0);
      g_assert_cmpint (member_int (entry (result, "results", 3), "choice"), ==, right[i]);
      g_assert_cmpint (member_int (entry (result, "results", 3), "points"), >, 0);
    }
  g_assert_cmpint (member_int (last_sent (&fixture, seats[1], "standing"), "choice"), ==, w3[1]);
  teardown (&fixture, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/game/lobby/starts-when-enough-players", test_lobby_starts_when_enough);
  ADD ("/game/lobby/idle-has-no-deadline", test_idle_lobby_no_deadline);
  ADD ("/game/lobby/players-coalesced", test_players_coalesced);
  ADD ("/game/lobby/update-interval-from-config", test_interval_from_config);
  ADD ("/game/question/hides-the-answer", test_question_hides_answer);
  ADD ("/game/scoring/classic-seed-example", test_scoring_classic);
  ADD ("/game/scoring/ties-share-rank-and-dont-know", test_scoring_ties_and_dont_know);
  ADD ("/game/scoring/lists-capped-at-100", test_lists_capped);
  ADD ("/game/errors/answer", test_answer_errors);
  ADD ("/game/errors/join", test_join_errors);
  ADD ("/game/errors/game-full", test_game_full);
  ADD ("/game/seat/disconnect-and-resume", test_disconnect_and_resume);
  ADD ("/game/seat/late-joiner", test_late_joiner);
  ADD ("/game/seat/lobby-dropout-not-ranked", test_lobby_dropout_not_ranked);
  ADD ("/game/restart-after-game-over", test_restart_after_game_over);
  ADD ("/game/host/start-and-skip", test_host_commands);
  ADD ("/game/chat/rate-limited", test_chat_rate_limited);
#undef ADD
#define ADD(path, func) g_test_add (path, Fixture, NULL, setup_hosted, func, teardown)
  ADD ("/game/hosted/host-is-no-seat", test_hosted_host_is_no_seat);
  ADD ("/game/hosted/steps-and-results", test_hosted_steps_and_results);
  ADD ("/game/hosted/pause-and-time", test_hosted_pause_and_time);
  ADD ("/game/hosted/kick", test_hosted_kick);
  ADD ("/game/hosted/host-away", test_hosted_host_away);
  ADD ("/game/hosted/end-early", test_hosted_end_early);
  ADD ("/game/hosted/idle-close", test_hosted_idle_close);
  ADD ("/game/seat/catch-up-in-results-and-over", test_catch_up);
#undef ADD
  g_test_add_func ("/game/hosted/scoring-rules", test_hosted_scoring_rules);
  g_test_add_func ("/game/hosted/no-time-limit", test_hosted_no_time_limit);
  g_test_add_func ("/game/hosted/lock-and-late-join", test_hosted_lock_and_late_join);
  g_test_add_func ("/game/hosted/chat", test_hosted_chat);
  g_test_add_func ("/game/hosted/shuffle", test_hosted_shuffle);

  return g_test_run ();
}
