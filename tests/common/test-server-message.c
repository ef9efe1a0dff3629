/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the server message decoder against the server's own encoders. */

#include <string.h>

#include "pupitre-error.h"
#include "pupitre-game-options.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"
#include "pupitre-server-message.h"

/* Decodes what an encoder made, newline included, as a client reads it
 * (the line reader hands over the line without its newline). */
static PupitreServerMessage *
decode_bytes (GBytes                   *bytes,
              PupitreServerMessageType  type)
{
  g_autoptr(GBytes) owned = bytes;
  g_autoptr(GError) error = NULL;
  PupitreServerMessage *message;
  const char *data;
  gsize len;

  data = g_bytes_get_data (owned, &len);
  g_assert_cmpuint (len, >, 0);
  g_assert_cmpint (data[len - 1], ==, '\n');

  message = pupitre_server_message_decode (data, len - 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_assert_cmpint (message->type, ==, type);

  return message;
}

static PupitreServerMessage *
decode_line (const char               *line,
             PupitreServerMessageType  type)
{
  g_autofree char *framed = g_strconcat (line, "\n", NULL);

  return decode_bytes (g_bytes_new (framed, strlen (framed)), type);
}

static void
assert_rejected (const char *line,
                 int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreServerMessage) message = NULL;

  message = pupitre_server_message_decode (line, strlen (line), &error);
  if (message != NULL)
    g_error ("accepted: %s", line);
  g_assert_error (error, PUPITRE_ERROR, code);
}

static void
test_welcome (void)
{
  g_autoptr(PupitreServerMessage) message = NULL;

  message = decode_bytes (pupitre_message_welcome ("pupitre-server/1.0"), PUPITRE_SERVER_WELCOME);
  g_assert_cmpstr (message->type_name, ==, "welcome");
  g_assert_cmpint (message->welcome.protocol, ==, PUPITRE_PROTOCOL_VERSION);
  g_assert_cmpstr (message->welcome.server, ==, "pupitre-server/1.0");
}

static void
test_joined (void)
{
  g_autoptr(PupitreServerMessage) fresh = NULL;
  g_autoptr(PupitreServerMessage) resumed = NULL;

  fresh = decode_bytes (pupitre_message_joined ("Ubuntu1", "t0k", "ABCD", "lobby", 3, FALSE),
                        PUPITRE_SERVER_JOINED);
  g_assert_cmpstr (fresh->joined.name, ==, "Ubuntu1");
  g_assert_cmpstr (fresh->joined.token, ==, "t0k");
  g_assert_cmpstr (fresh->joined.game, ==, "ABCD");
  g_assert_cmpint (fresh->joined.state, ==, PUPITRE_GAME_STATE_LOBBY);
  g_assert_cmpuint (fresh->joined.needed, ==, 3);
  g_assert_false (fresh->joined.resumed);

  resumed = decode_bytes (pupitre_message_joined ("Ubuntu1", "t0k", "ABCD", "question", 3, TRUE),
                          PUPITRE_SERVER_JOINED);
  g_assert_cmpint (resumed->joined.state, ==, PUPITRE_GAME_STATE_QUESTION);
  g_assert_true (resumed->joined.resumed);

  /* A server without hosted games: the standing game's rule, no options. */
  g_assert_cmpint (fresh->joined.scoring, ==, PUPITRE_SCORING_CLASSIC);
  g_assert_cmpuint (fresh->joined.round, ==, 0);
  g_assert_cmpuint (fresh->joined.rounds, ==, 0);
  g_assert_false (fresh->joined.hosted);
  g_assert_false (fresh->joined.has_options);
  g_assert_cmpint (fresh->joined.options.scoring, ==, PUPITRE_SCORING_SPEED);
  g_assert_cmpint (fresh->joined.options.countdown_ms, ==, 5000);
}

static void
test_joined_hosted (void)
{
  PupitreGameOptions options;
  g_autoptr(JsonNode) node = NULL;
  PupitreJoinedInfo info = {
    .name = "Zoé",
    .token = "t0k",
    .game = "K7RT4Q",
    .state = "results",
    .needed = 0,
    .scoring = "right",
    .round = 3,
    .rounds = 12,
    .hosted = TRUE,
  };
  g_autoptr(PupitreServerMessage) hosted = NULL;
  g_autoptr(PupitreServerMessage) standing = NULL;
  PupitreServerJoined *joined;

  pupitre_game_options_init (&options);
  options.scoring = PUPITRE_SCORING_RIGHT;
  options.shuffle = TRUE;
  options.time_limit_ms = 0;
  options.leaderboard = 10;
  options.max_players = 40;
  node = pupitre_game_options_to_json (&options);
  info.options = node;

  hosted = decode_bytes (pupitre_message_joined_full (&info), PUPITRE_SERVER_JOINED);
  joined = &hosted->joined;
  g_assert_cmpstr (joined->name, ==, "Zoé");
  g_assert_cmpstr (joined->game, ==, "K7RT4Q");
  g_assert_cmpint (joined->state, ==, PUPITRE_GAME_STATE_RESULTS);
  g_assert_cmpuint (joined->needed, ==, 0);
  g_assert_cmpint (joined->scoring, ==, PUPITRE_SCORING_RIGHT);
  g_assert_cmpuint (joined->round, ==, 3);
  g_assert_cmpuint (joined->rounds, ==, 12);
  g_assert_true (joined->hosted);
  g_assert_true (joined->has_options);
  g_assert_cmpint (joined->options.scoring, ==, PUPITRE_SCORING_RIGHT);
  g_assert_true (joined->options.shuffle);
  g_assert_cmpint (joined->options.time_limit_ms, ==, 0);
  g_assert_cmpuint (joined->options.leaderboard, ==, 10);
  g_assert_cmpuint (joined->options.max_players, ==, 40);
  g_assert_true (joined->options.chat);

  /* The standing game of a new server: its rule, but no options. */
  info.game = "main";
  info.scoring = "classic";
  info.hosted = FALSE;
  info.options = NULL;
  standing = decode_bytes (pupitre_message_joined_full (&info), PUPITRE_SERVER_JOINED);
  g_assert_cmpint (standing->joined.scoring, ==, PUPITRE_SCORING_CLASSIC);
  g_assert_false (standing->joined.hosted);
  g_assert_false (standing->joined.has_options);
  g_assert_cmpuint (standing->joined.rounds, ==, 12);
}

static void
test_players (void)
{
  const PupitrePlayerEntry entries[] = {
    { "Ubuntu2", TRUE, 4 },
    { "Debian", FALSE, -1 },
  };
  g_autoptr(PupitreServerMessage) message = NULL;

  message = decode_bytes (pupitre_message_players (7, entries, G_N_ELEMENTS (entries), 3),
                          PUPITRE_SERVER_PLAYERS);
  g_assert_cmpuint (message->players.count, ==, 7);
  g_assert_cmpint (message->players.needed, ==, 3);
  g_assert_cmpuint (message->players.n_players, ==, 2);
  g_assert_cmpstr (message->players.players[0].name, ==, "Ubuntu2");
  g_assert_true (message->players.players[0].connected);
  g_assert_cmpint (message->players.players[0].score, ==, 4);
  g_assert_cmpstr (message->players.players[1].name, ==, "Debian");
  g_assert_false (message->players.players[1].connected);
  g_assert_cmpint (message->players.players[1].score, ==, -1);
}

static void
test_players_list_cut (void)
{
  g_autoptr(GString) line = g_string_new ("{\"type\":\"players\",\"count\":150,\"players\":[");
  g_autoptr(PupitreServerMessage) message = NULL;

  /* A server that sends more than the contract allows: the rest is dropped,
   * so that a client's memory does not follow a broken server. */
  for (guint i = 0; i < 150; i++)
    g_string_append_printf (line, "%s{\"name\":\"p%u\",\"connected\":true,\"score\":0}",
                            i == 0 ? "" : ",", i);
  g_string_append (line, "]}");

  message = decode_line (line->str, PUPITRE_SERVER_PLAYERS);
  g_assert_cmpuint (message->players.count, ==, 150);
  g_assert_cmpuint (message->players.n_players, ==, PUPITRE_LIST_MAX);
  g_assert_cmpint (message->players.needed, ==, -1);
  g_assert_cmpstr (message->players.players[PUPITRE_LIST_MAX - 1].name, ==, "p99");
}

static void
test_chat (void)
{
  g_autoptr(PupitreServerMessage) message = NULL;

  message = decode_bytes (pupitre_message_chat ("Ubuntu1", "Bonjour \"à\" tous\n"),
                          PUPITRE_SERVER_CHAT);
  g_assert_cmpstr (message->chat.from, ==, "Ubuntu1");
  g_assert_cmpstr (message->chat.text, ==, "Bonjour \"à\" tous\n");
  g_assert_false (message->chat.host);
}

static void
test_host_chat (void)
{
  g_autoptr(PupitreServerMessage) message = NULL;

  message = decode_bytes (pupitre_message_host_chat ("Mme Martin", "Bonjour"), PUPITRE_SERVER_CHAT);
  g_assert_cmpstr (message->chat.from, ==, "Mme Martin");
  g_assert_cmpstr (message->chat.text, ==, "Bonjour");
  g_assert_true (message->chat.host);
}

static void
test_game_created (void)
{
  const char * const warnings[] = { "cours.gift:40: question 9: cut", "second", NULL };
  PupitreGameOptions options;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(PupitreServerMessage) message = NULL;
  g_autoptr(PupitreServerMessage) bare = NULL;
  g_autoptr(PupitreServerMessage) no_options = NULL;
  PupitreServerGameCreated *created;

  pupitre_game_options_init (&options);
  options.shuffle = TRUE;
  options.auto_advance = TRUE;
  options.countdown_ms = 3000;
  options.max_players = 500;
  node = pupitre_game_options_to_json (&options);

  message = decode_bytes (pupitre_message_game_created ("K7RT4Q", "5e0c91ab", "Culture informatique",
                                                        12, node, warnings, TRUE),
                          PUPITRE_SERVER_GAME_CREATED);
  created = &message->game_created;
  g_assert_cmpstr (message->type_name, ==, "game_created");
  g_assert_cmpstr (created->game, ==, "K7RT4Q");
  g_assert_cmpstr (created->host_token, ==, "5e0c91ab");
  g_assert_cmpstr (created->title, ==, "Culture informatique");
  g_assert_cmpuint (created->rounds, ==, 12);
  g_assert_true (g_strv_equal ((const char * const *) created->warnings, warnings));
  g_assert_true (created->resumed);
  g_assert_cmpint (created->options.scoring, ==, PUPITRE_SCORING_SPEED);
  g_assert_true (created->options.shuffle);
  g_assert_true (created->options.auto_advance);
  g_assert_cmpint (created->options.countdown_ms, ==, 3000);
  g_assert_cmpint (created->options.time_limit_ms, ==, -1);
  g_assert_cmpuint (created->options.max_players, ==, 500);

  bare = decode_bytes (pupitre_message_game_created ("K7RT4Q", "5e0c91ab", NULL, 1, node, NULL, FALSE),
                       PUPITRE_SERVER_GAME_CREATED);
  g_assert_null (bare->game_created.title);
  g_assert_nonnull (bare->game_created.warnings);
  g_assert_cmpuint (g_strv_length (bare->game_created.warnings), ==, 0);
  g_assert_false (bare->game_created.resumed);

  /* Without options or warnings: the defaults, and an empty list. */
  no_options = decode_line ("{\"type\":\"game_created\",\"game\":\"K7RT4Q\","
                            "\"host_token\":\"t\",\"rounds\":2}", PUPITRE_SERVER_GAME_CREATED);
  g_assert_cmpint (no_options->game_created.options.scoring, ==, PUPITRE_SCORING_SPEED);
  g_assert_cmpint (no_options->game_created.options.countdown_ms, ==, 5000);
  g_assert_cmpuint (g_strv_length (no_options->game_created.warnings), ==, 0);
}

static void
test_game_state (void)
{
  g_autoptr(PupitreServerMessage) message = NULL;
  PupitreServerGameState *state;

  message = decode_bytes (pupitre_message_game_state ("K7RT4Q", "countdown", 2, 12, TRUE, FALSE, 25, 23),
                          PUPITRE_SERVER_GAME_STATE);
  state = &message->game_state;
  g_assert_cmpstr (state->game, ==, "K7RT4Q");
  g_assert_cmpint (state->state, ==, PUPITRE_GAME_STATE_COUNTDOWN);
  g_assert_cmpuint (state->round, ==, 2);
  g_assert_cmpuint (state->rounds, ==, 12);
  g_assert_true (state->locked);
  g_assert_false (state->paused);
  g_assert_cmpuint (state->players, ==, 25);
  g_assert_cmpuint (state->connected, ==, 23);
}

static void
test_host_progress (void)
{
  const char * const waiting[] = { "Bob", "Zoé", NULL };
  g_autoptr(PupitreServerMessage) message = NULL;
  g_autoptr(PupitreServerMessage) none = NULL;

  message = decode_bytes (pupitre_message_host_progress (2, 17, 19, waiting, 2),
                          PUPITRE_SERVER_HOST_PROGRESS);
  g_assert_cmpuint (message->host_progress.round, ==, 2);
  g_assert_cmpuint (message->host_progress.answered, ==, 17);
  g_assert_cmpuint (message->host_progress.players, ==, 19);
  g_assert_true (g_strv_equal ((const char * const *) message->host_progress.waiting, waiting));

  none = decode_bytes (pupitre_message_host_progress (1, 3, 3, NULL, 0), PUPITRE_SERVER_HOST_PROGRESS);
  g_assert_nonnull (none->host_progress.waiting);
  g_assert_cmpuint (g_strv_length (none->host_progress.waiting), ==, 0);
}

static void
test_round_report (void)
{
  const guint counts[] = { 2, 1, 19 };
  g_autoptr(PupitreServerMessage) message = NULL;
  g_autoptr(PupitreServerMessage) silent = NULL;
  PupitreServerRoundReport *report;

  message = decode_bytes (pupitre_message_round_report (2, 3, counts, G_N_ELEMENTS (counts), 1, 2, 8123),
                          PUPITRE_SERVER_ROUND_REPORT);
  report = &message->round_report;
  g_assert_cmpuint (report->round, ==, 2);
  g_assert_cmpuint (report->correct, ==, 3);
  g_assert_cmpuint (report->n_counts, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    g_assert_cmpuint (report->counts[i], ==, counts[i]);
  g_assert_cmpuint (report->dont_know, ==, 1);
  g_assert_cmpuint (report->no_answer, ==, 2);
  g_assert_cmpint (report->average_ms, ==, 8123);

  silent = decode_bytes (pupitre_message_round_report (1, 1, (const guint[]) { 0, 0 }, 2, 0, 5, -1),
                         PUPITRE_SERVER_ROUND_REPORT);
  g_assert_cmpint (silent->round_report.average_ms, ==, -1);
  g_assert_cmpuint (silent->round_report.no_answer, ==, 5);
}

static void
test_results (void)
{
  const PupitreResultRow rows[] = {
    { 1, "Quel système…", "Alice", 3, TRUE, 2140, 912, 912, 1 },
    { 1, "Quel système…", "Bob", 0, FALSE, 5000, 0, 0, 2 },
    { 2, "Qui a écrit \"GNU\" ?", "Bob", -1, FALSE, -1, 0, 0, 2 },
  };
  g_autoptr(PupitreServerMessage) message = NULL;
  g_autoptr(PupitreServerMessage) last = NULL;
  PupitreServerResults *results;

  message = decode_bytes (pupitre_message_results (rows, G_N_ELEMENTS (rows), FALSE),
                          PUPITRE_SERVER_RESULTS);
  results = &message->results;
  g_assert_false (results->done);
  g_assert_cmpuint (results->n_rows, ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_cmpuint (results->rows[i].round, ==, rows[i].round);
      g_assert_cmpstr (results->rows[i].question, ==, rows[i].question);
      g_assert_cmpstr (results->rows[i].player, ==, rows[i].player);
      g_assert_cmpint (results->rows[i].choice, ==, rows[i].choice);
      g_assert_cmpint (results->rows[i].correct, ==, rows[i].correct);
      g_assert_cmpint (results->rows[i].time_ms, ==, rows[i].time_ms);
      g_assert_cmpint (results->rows[i].points, ==, rows[i].points);
      g_assert_cmpint (results->rows[i].score, ==, rows[i].score);
      g_assert_cmpuint (results->rows[i].rank, ==, rows[i].rank);
    }

  last = decode_bytes (pupitre_message_results (NULL, 0, TRUE), PUPITRE_SERVER_RESULTS);
  g_assert_true (last->results.done);
  g_assert_cmpuint (last->results.n_rows, ==, 0);
}

static void
test_timer (void)
{
  g_autoptr(PupitreServerMessage) paused = NULL;
  g_autoptr(PupitreServerMessage) running = NULL;
  g_autoptr(PupitreServerMessage) lobby = NULL;

  paused = decode_bytes (pupitre_message_timer ("question", 2, 12000, 20000, TRUE, "host"),
                         PUPITRE_SERVER_TIMER);
  g_assert_cmpint (paused->timer.state, ==, PUPITRE_GAME_STATE_QUESTION);
  g_assert_cmpuint (paused->timer.round, ==, 2);
  g_assert_cmpint (paused->timer.remaining_ms, ==, 12000);
  g_assert_cmpint (paused->timer.time_limit_ms, ==, 20000);
  g_assert_true (paused->timer.paused);
  g_assert_cmpstr (paused->timer.reason, ==, "host");

  running = decode_bytes (pupitre_message_timer ("countdown", 3, 4000, -1, FALSE, NULL),
                          PUPITRE_SERVER_TIMER);
  g_assert_cmpint (running->timer.state, ==, PUPITRE_GAME_STATE_COUNTDOWN);
  g_assert_cmpint (running->timer.remaining_ms, ==, 4000);
  g_assert_cmpint (running->timer.time_limit_ms, ==, -1);
  g_assert_false (running->timer.paused);
  g_assert_null (running->timer.reason);

  /* Section 14.8's lobby timer, as the contract writes it. */
  lobby = decode_line ("{\"type\":\"timer\",\"state\":\"lobby\",\"paused\":true,"
                       "\"reason\":\"host-away\"}", PUPITRE_SERVER_TIMER);
  g_assert_cmpint (lobby->timer.state, ==, PUPITRE_GAME_STATE_LOBBY);
  g_assert_cmpuint (lobby->timer.round, ==, 0);
  g_assert_cmpint (lobby->timer.remaining_ms, ==, -1);
  g_assert_cmpint (lobby->timer.time_limit_ms, ==, -1);
  g_assert_true (lobby->timer.paused);
  g_assert_cmpstr (lobby->timer.reason, ==, "host-away");
}

static void
test_game_closed (void)
{
  g_autoptr(PupitreServerMessage) message = NULL;

  message = decode_bytes (pupitre_message_game_closed ("host-away"), PUPITRE_SERVER_GAME_CLOSED);
  g_assert_cmpstr (message->game_closed.reason, ==, "host-away");
}

static void
test_countdown (void)
{
  g_autoptr(PupitreServerMessage) message = NULL;

  message = decode_bytes (pupitre_message_countdown (2, 5, 10), PUPITRE_SERVER_COUNTDOWN);
  g_assert_cmpuint (message->countdown.round, ==, 2);
  g_assert_cmpuint (message->countdown.rounds, ==, 5);
  g_assert_cmpuint (message->countdown.seconds, ==, 10);
}

static void
test_question (void)
{
  const char * const choices[] = { "Windows", "MacOS", "Linux", NULL };
  g_autoptr(PupitreServerMessage) fresh = NULL;
  g_autoptr(PupitreServerMessage) resumed = NULL;

  fresh = decode_bytes (pupitre_message_question (1, 5, "Libre ?", choices, 20000, -1),
                        PUPITRE_SERVER_QUESTION);
  g_assert_cmpuint (fresh->question.round, ==, 1);
  g_assert_cmpuint (fresh->question.rounds, ==, 5);
  g_assert_cmpstr (fresh->question.text, ==, "Libre ?");
  g_assert_true (g_strv_equal ((const char * const *) fresh->question.choices, choices));
  g_assert_cmpint (fresh->question.time_limit_ms, ==, 20000);
  g_assert_cmpint (fresh->question.remaining_ms, ==, -1);

  resumed = decode_bytes (pupitre_message_question (1, 5, "Libre ?", choices, 20000, 7500),
                          PUPITRE_SERVER_QUESTION);
  g_assert_cmpint (resumed->question.remaining_ms, ==, 7500);
}

static void
test_answer_ack (void)
{
  g_autoptr(PupitreServerMessage) message = NULL;

  message = decode_bytes (pupitre_message_answer_ack (1, 3, 14540), PUPITRE_SERVER_ANSWER_ACK);
  g_assert_cmpuint (message->answer_ack.round, ==, 1);
  g_assert_cmpuint (message->answer_ack.choice, ==, 3);
  g_assert_cmpint (message->answer_ack.time_ms, ==, 14540);
}

static void
test_progress (void)
{
  g_autoptr(PupitreServerMessage) message = NULL;

  message = decode_bytes (pupitre_message_progress (1, 2, 3), PUPITRE_SERVER_PROGRESS);
  g_assert_cmpuint (message->progress.round, ==, 1);
  g_assert_cmpuint (message->progress.answered, ==, 2);
  g_assert_cmpuint (message->progress.players, ==, 3);
}

static void
test_round_result (void)
{
  const PupitreResultEntry results[] = {
    { "Ubuntu2", 3, 3, 14540 },
    { "Debian", 1, -1, 900 },
    { "Fedora", -1, 0, -1 },
  };
  const PupitreTotalEntry totals[] = {
    { "Ubuntu2", 3, 1 },
    { "Fedora", 0, 2 },
    { "Debian", -1, 3 },
  };
  g_autoptr(PupitreServerMessage) message = NULL;
  g_autoptr(PupitreServerMessage) bare = NULL;
  PupitreServerRoundResult *result;

  message = decode_bytes (pupitre_message_round_result (1, 3, "Linux est sous GPL.",
                                                        results, G_N_ELEMENTS (results),
                                                        totals, G_N_ELEMENTS (totals)),
                          PUPITRE_SERVER_ROUND_RESULT);
  result = &message->round_result;
  g_assert_cmpuint (result->round, ==, 1);
  g_assert_cmpuint (result->correct, ==, 3);
  g_assert_cmpstr (result->explanation, ==, "Linux est sous GPL.");

  g_assert_cmpuint (result->n_results, ==, G_N_ELEMENTS (results));
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_cmpstr (result->results[i].name, ==, results[i].name);
      g_assert_cmpint (result->results[i].choice, ==, results[i].choice);
      g_assert_cmpint (result->results[i].points, ==, results[i].points);
      g_assert_cmpint (result->results[i].time_ms, ==, results[i].time_ms);
    }

  g_assert_cmpuint (result->n_totals, ==, G_N_ELEMENTS (totals));
  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    {
      g_assert_cmpstr (result->totals[i].name, ==, totals[i].name);
      g_assert_cmpint (result->totals[i].score, ==, totals[i].score);
      g_assert_cmpuint (result->totals[i].rank, ==, totals[i].rank);
    }

  bare = decode_bytes (pupitre_message_round_result (2, 1, NULL, NULL, 0, NULL, 0),
                       PUPITRE_SERVER_ROUND_RESULT);
  g_assert_null (bare->round_result.explanation);
  g_assert_cmpuint (bare->round_result.n_results, ==, 0);
  g_assert_cmpuint (bare->round_result.n_totals, ==, 0);
}

static void
test_standing (void)
{
  g_autoptr(PupitreServerMessage) message = NULL;
  g_autoptr(PupitreServerMessage) unanswered = NULL;

  message = decode_bytes (pupitre_message_standing (1, 3, 3, 14540, 3, 1, 3, FALSE),
                          PUPITRE_SERVER_STANDING);
  g_assert_cmpuint (message->standing.round, ==, 1);
  g_assert_cmpint (message->standing.choice, ==, 3);
  g_assert_cmpint (message->standing.points, ==, 3);
  g_assert_cmpint (message->standing.time_ms, ==, 14540);
  g_assert_cmpint (message->standing.score, ==, 3);
  g_assert_cmpuint (message->standing.rank, ==, 1);
  g_assert_cmpuint (message->standing.players, ==, 3);
  g_assert_false (message->standing.final);

  unanswered = decode_bytes (pupitre_message_standing (5, -1, 0, -1, -2, 4, 9, TRUE),
                             PUPITRE_SERVER_STANDING);
  g_assert_cmpint (unanswered->standing.choice, ==, -1);
  g_assert_cmpint (unanswered->standing.time_ms, ==, -1);
  g_assert_cmpint (unanswered->standing.score, ==, -2);
  g_assert_true (unanswered->standing.final);
}

static void
test_game_over (void)
{
  const PupitreTotalEntry totals[] = {
    { "Ubuntu2", 7, 1 },
    { "Debian", 7, 1 },
    { "Fedora", 2, 3 },
  };
  g_autoptr(PupitreServerMessage) message = NULL;

  g_autoptr(PupitreServerMessage) standing = NULL;

  message = decode_bytes (pupitre_message_game_over (totals, G_N_ELEMENTS (totals), -1),
                          PUPITRE_SERVER_GAME_OVER);
  g_assert_cmpuint (message->game_over.n_totals, ==, 3);
  g_assert_cmpstr (message->game_over.totals[1].name, ==, "Debian");
  g_assert_cmpuint (message->game_over.totals[1].rank, ==, 1);
  g_assert_cmpuint (message->game_over.totals[2].rank, ==, 3);
  g_assert_cmpint (message->game_over.next_game_ms, ==, -1);

  standing = decode_bytes (pupitre_message_game_over (totals, 1, 30000), PUPITRE_SERVER_GAME_OVER);
  g_assert_cmpint (standing->game_over.next_game_ms, ==, 30000);
}

static void
test_error (void)
{
  g_autoptr(PupitreServerMessage) message = NULL;
  g_autoptr(PupitreServerMessage) newer = NULL;

  message = decode_bytes (pupitre_message_error ("name-taken", "Ce nom est pris", "join"),
                          PUPITRE_SERVER_ERROR);
  g_assert_cmpint (message->error.code, ==, PUPITRE_ERROR_NAME_TAKEN);
  g_assert_cmpstr (message->error.code_name, ==, "name-taken");
  g_assert_cmpstr (message->error.message, ==, "Ce nom est pris");
  g_assert_cmpstr (message->error.ref, ==, "join");

  /* A code of a newer server still decodes: the client says what it can. */
  newer = decode_line ("{\"type\":\"error\",\"code\":\"brand-new\",\"message\":\"\"}",
                       PUPITRE_SERVER_ERROR);
  g_assert_cmpstr (newer->error.code_name, ==, "brand-new");
  g_assert_cmpint (newer->error.code, ==, pupitre_error_code_from_string ("brand-new"));
  g_assert_null (newer->error.message);
  g_assert_null (newer->error.ref);
}

static void
test_pong (void)
{
  g_autoptr(JsonNode) id = json_node_init_int (json_node_alloc (), 42);
  g_autoptr(PupitreServerMessage) message = NULL;
  g_autoptr(PupitreServerMessage) bare = NULL;

  message = decode_bytes (pupitre_message_pong (id), PUPITRE_SERVER_PONG);
  g_assert_nonnull (message->pong.id);
  g_assert_true (json_node_equal (message->pong.id, id));

  bare = decode_bytes (pupitre_message_pong (NULL), PUPITRE_SERVER_PONG);
  g_assert_null (bare->pong.id);
}

static void
test_bye_shutdown (void)
{
  g_autoptr(PupitreServerMessage) bye = NULL;
  g_autoptr(PupitreServerMessage) shutdown = NULL;

  bye = decode_bytes (pupitre_message_bye (), PUPITRE_SERVER_BYE);
  g_assert_cmpstr (bye->type_name, ==, "bye");
  shutdown = decode_bytes (pupitre_message_shutdown (), PUPITRE_SERVER_SHUTDOWN);
  g_assert_cmpstr (shutdown->type_name, ==, "shutdown");
}

static void
test_unknown_members (void)
{
  g_autoptr(PupitreServerMessage) progress = NULL;
  g_autoptr(PupitreServerMessage) unknown = NULL;

  progress = decode_line ("{\"type\":\"progress\",\"round\":2,\"future\":{\"a\":[1]},"
                          "\"answered\":1,\"players\":4,\"note\":\"x\"}",
                          PUPITRE_SERVER_PROGRESS);
  g_assert_cmpuint (progress->progress.round, ==, 2);
  g_assert_cmpuint (progress->progress.answered, ==, 1);
  g_assert_cmpuint (progress->progress.players, ==, 4);

  /* A type of a newer protocol is no error: the session ignores it. */
  unknown = decode_line ("{\"type\":\"hint\",\"text\":\"x\"}", PUPITRE_SERVER_UNKNOWN);
  g_assert_cmpstr (unknown->type_name, ==, "hint");
}

static void
test_bad_members (void)
{
  static const char * const bad_field[] = {
    "{\"type\":\"joined\",\"token\":\"t\",\"state\":\"lobby\",\"needed\":3}",
    "{\"type\":\"joined\",\"name\":\"a\",\"token\":\"t\",\"state\":\"paused\",\"needed\":3}",
    "{\"type\":\"joined\",\"name\":\"a\",\"token\":\"t\",\"state\":\"lobby\",\"needed\":-1}",
    "{\"type\":\"players\",\"count\":1,\"players\":[3]}",
    "{\"type\":\"players\",\"count\":1,\"players\":[{\"name\":\"a\",\"connected\":1,\"score\":0}]}",
    "{\"type\":\"chat\",\"from\":\"a\"}",
    "{\"type\":\"countdown\",\"round\":0,\"rounds\":5,\"seconds\":10}",
    "{\"type\":\"question\",\"round\":1,\"rounds\":5,\"text\":\"q\",\"choices\":[\"a\"],"
      "\"time_limit_ms\":20000}",
    "{\"type\":\"question\",\"round\":1,\"rounds\":5,\"text\":\"q\",\"choices\":[\"a\",2],"
      "\"time_limit_ms\":20000}",
    "{\"type\":\"question\",\"round\":1,\"rounds\":5,\"text\":\"q\","
      "\"choices\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\"],"
      "\"time_limit_ms\":20000}",
    "{\"type\":\"question\",\"round\":1,\"rounds\":5,\"text\":\"q\",\"choices\":[\"a\",\"b\"],"
      "\"time_limit_ms\":\"soon\"}",
    "{\"type\":\"answer_ack\",\"round\":1,\"choice\":10,\"time_ms\":5}",
    "{\"type\":\"progress\",\"round\":1,\"answered\":2.5,\"players\":3}",
    "{\"type\":\"round_result\",\"round\":1,\"correct\":0,\"results\":[],\"totals\":[]}",
    "{\"type\":\"round_result\",\"round\":1,\"correct\":2,\"results\":[],"
      "\"totals\":[{\"name\":\"a\",\"score\":1,\"rank\":0}]}",
    "{\"type\":\"round_result\",\"round\":1,\"correct\":2,"
      "\"results\":[{\"name\":\"a\",\"choice\":1,"
      "\"time_ms\":3}],\"totals\":[]}",
    "{\"type\":\"standing\",\"round\":1,\"points\":0,\"score\":0,\"rank\":1,\"final\":\"yes\"}",
    "{\"type\":\"game_over\"}",
    "{\"type\":\"error\",\"message\":\"no code\"}",
    /* Hosted games: one bad member per type, and joined's new ones. */
    "{\"type\":\"joined\",\"name\":\"a\",\"token\":\"t\",\"state\":\"lobby\",\"needed\":0,"
      "\"scoring\":\"fastest\"}",
    "{\"type\":\"joined\",\"name\":\"a\",\"token\":\"t\",\"state\":\"lobby\",\"needed\":0,"
      "\"hosted\":1}",
    "{\"type\":\"joined\",\"name\":\"a\",\"token\":\"t\",\"state\":\"lobby\",\"needed\":0,"
      "\"options\":{\"leaderboard\":0}}",
    "{\"type\":\"joined\",\"name\":\"a\",\"token\":\"t\",\"state\":\"lobby\",\"needed\":0,"
      "\"options\":[]}",
    "{\"type\":\"chat\",\"from\":\"a\",\"text\":\"b\",\"host\":\"yes\"}",
    "{\"type\":\"game_created\",\"game\":\"K7RT4Q\",\"rounds\":2}",
    "{\"type\":\"game_created\",\"game\":\"K\",\"host_token\":\"t\",\"rounds\":2,"
      "\"options\":{\"scoring\":\"fast\"}}",
    "{\"type\":\"game_created\",\"game\":\"K\",\"host_token\":\"t\",\"rounds\":2,"
      "\"warnings\":[1]}",
    "{\"type\":\"game_state\",\"game\":\"K\",\"state\":\"paused\",\"round\":0,\"rounds\":1,"
      "\"locked\":false,\"paused\":false,\"players\":0,\"connected\":0}",
    "{\"type\":\"game_state\",\"game\":\"K\",\"state\":\"lobby\",\"round\":0,\"rounds\":1,"
      "\"paused\":false,\"players\":0,\"connected\":0}",
    "{\"type\":\"host_progress\",\"round\":1,\"answered\":1,\"players\":2,\"waiting\":[\"a\",2]}",
    "{\"type\":\"host_progress\",\"round\":1,\"answered\":1,\"players\":2}",
    "{\"type\":\"round_report\",\"round\":1,\"correct\":1,\"counts\":[1,-1],\"dont_know\":0,"
      "\"no_answer\":0}",
    "{\"type\":\"round_report\",\"round\":1,\"correct\":1,\"counts\":[0,0,0,0,0,0,0,0,0,0],"
      "\"dont_know\":0,\"no_answer\":0}",
    "{\"type\":\"round_report\",\"round\":1,\"correct\":1,\"counts\":[1,2],\"dont_know\":0,"
      "\"no_answer\":0,\"average_ms\":\"fast\"}",
    "{\"type\":\"results\",\"rows\":[],\"done\":\"no\"}",
    "{\"type\":\"results\",\"rows\":[]}",
    "{\"type\":\"results\",\"rows\":[{\"round\":1,\"question\":\"q\",\"player\":\"a\","
      "\"choice\":1,\"correct\":true,\"time_ms\":5,\"points\":1,\"score\":1,\"rank\":0}],"
      "\"done\":true}",
    "{\"type\":\"results\",\"rows\":[{\"round\":1,\"question\":\"q\",\"choice\":1,"
      "\"correct\":true,\"time_ms\":5,\"points\":1,\"score\":1,\"rank\":1}],\"done\":true}",
    "{\"type\":\"timer\",\"state\":\"question\",\"round\":1,\"remaining_ms\":-5,\"paused\":true}",
    "{\"type\":\"timer\",\"state\":\"question\",\"round\":1}",
    "{\"type\":\"game_closed\"}",
    "{\"type\":\"game_closed\",\"reason\":3}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_field); i++)
    assert_rejected (bad_field[i], PUPITRE_ERROR_BAD_FIELD);

  assert_rejected ("[\"type\"]", PUPITRE_ERROR_BAD_JSON);
  assert_rejected ("{\"type\":3}", PUPITRE_ERROR_BAD_JSON);
  assert_rejected ("{\"type\":\"chat\",", PUPITRE_ERROR_BAD_JSON);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-message/welcome", test_welcome);
  g_test_add_func ("/server-message/joined", test_joined);
  g_test_add_func ("/server-message/players", test_players);
  g_test_add_func ("/server-message/players/list-cut-at-limit", test_players_list_cut);
  g_test_add_func ("/server-message/joined/hosted-members", test_joined_hosted);
  g_test_add_func ("/server-message/chat", test_chat);
  g_test_add_func ("/server-message/chat/from-host", test_host_chat);
  g_test_add_func ("/server-message/game-created", test_game_created);
  g_test_add_func ("/server-message/game-state", test_game_state);
  g_test_add_func ("/server-message/host-progress", test_host_progress);
  g_test_add_func ("/server-message/round-report", test_round_report);
  g_test_add_func ("/server-message/results", test_results);
  g_test_add_func ("/server-message/timer", test_timer);
  g_test_add_func ("/server-message/game-closed", test_game_closed);
  g_test_add_func ("/server-message/countdown", test_countdown);
  g_test_add_func ("/server-message/question", test_question);
  g_test_add_func ("/server-message/answer-ack", test_answer_ack);
  g_test_add_func ("/server-message/progress", test_progress);
  g_test_add_func ("/server-message/round-result", test_round_result);
  g_test_add_func ("/server-message/standing", test_standing);
  g_test_add_func ("/server-message/game-over", test_game_over);
  g_test_add_func ("/server-message/error", test_error);
  g_test_add_func ("/server-message/pong", test_pong);
  g_test_add_func ("/server-message/bye-and-shutdown", test_bye_shutdown);
  g_test_add_func ("/server-message/unknown-members-ignored", test_unknown_members);
  g_test_add_func ("/server-message/bad-members-rejected", test_bad_members);

  return g_test_run ();
}
