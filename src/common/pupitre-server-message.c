/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decoding of the messages a server sends to a client, one typed struct each. */

#include "config.h"

#include <string.h>

#include "pupitre-json.h"
#include "pupitre-protocol.h"
#include "pupitre-server-message.h"

/* Each decoder fills the message's part for its type, or fails with a
 * PUPITRE_ERROR_BAD_FIELD naming the member; whatever it filled before
 * failing is freed with the message. */
typedef gboolean (*DecodeFunc) (JsonObject            *object,
                                PupitreServerMessage  *message,
                                GError               **error);

/* A required integer member in [@min, G_MAXINT], the range of the counts
 * and numbers a guint holds. */
static gboolean
get_count (JsonObject  *object,
           const char  *member,
           gint64       min,
           guint       *out,
           GError     **error)
{
  gint64 value = 0;

  if (!pupitre_json_get_int (object, member, TRUE, min, G_MAXINT, &value, error))
    return FALSE;

  *out = value;
  return TRUE;
}

/* A list of strings, cut to PUPITRE_LIST_MAX; *@out is never
 * NULL on success, an empty list when an optional one is absent. */
static gboolean
get_strings (JsonObject   *object,
             const char   *member,
             gboolean      required,
             char       ***out,
             GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = NULL;
  guint n = 0;

  if (!pupitre_json_get_array (object, member, required, &array, error))
    return FALSE;

  if (array != NULL)
    n = MIN (json_array_get_length (array), PUPITRE_LIST_MAX);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                       "%s: an entry is not a string", member);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* The options of a hosted game, read with the server's own rules but no
 * limit on max_players (the client does not know the server's); the
 * defaults when absent. */
static gboolean
get_options (JsonObject          *object,
             PupitreGameOptions  *options,
             gboolean            *has_options,
             GError             **error)
{
  JsonNode *node = json_object_get_member (object, "options");
  gboolean present = node != NULL && !JSON_NODE_HOLDS_NULL (node);

  pupitre_game_options_init (options);
  if (!present)
    {
      if (has_options != NULL)
        *has_options = FALSE;
      return TRUE;
    }

  if (!pupitre_game_options_from_json (options, node, G_MAXUINT, error))
    {
      /* Not an object: the error names "options" already. */
      if (JSON_NODE_HOLDS_OBJECT (node))
        g_prefix_error (error, "options: ");
      return FALSE;
    }

  if (has_options != NULL)
    *has_options = TRUE;
  return TRUE;
}

/* Entries of the lists */

static gboolean
get_entry (JsonArray   *array,
           guint        index,
           const char  *list,
           JsonObject **out,
           GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   "%s: an entry is not an object", list);
      return FALSE;
    }

  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
decode_totals (JsonObject          *object,
               PupitreServerTotal **totals,
               guint               *n_totals,
               GError             **error)
{
  JsonArray *array = NULL;
  guint n;

  if (!pupitre_json_get_array (object, "totals", TRUE, &array, error))
    return FALSE;

  n = MIN (json_array_get_length (array), PUPITRE_LIST_MAX);
  *totals = g_new0 (PupitreServerTotal, n);
  *n_totals = n;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = NULL;
      const char *name = NULL;
      gint64 score = 0, rank = 0;

      if (!get_entry (array, i, "totals", &entry, error))
        return FALSE;

      if (!pupitre_json_get_string (entry, "name", TRUE, &name, error) ||
          !pupitre_json_get_int (entry, "score", TRUE, G_MININT64, G_MAXINT64, &score, error) ||
          !pupitre_json_get_int (entry, "rank", TRUE, 1, G_MAXINT, &rank, error))
        {
          g_prefix_error (error, "totals: ");
          return FALSE;
        }

      (*totals)[i].name = g_strdup (name);
      (*totals)[i].score = score;
      (*totals)[i].rank = rank;
    }

  return TRUE;
}

static void
free_totals (PupitreServerTotal *totals,
             guint               n_totals)
{
  for (guint i = 0; i < n_totals; i++)
    g_free (totals[i].name);
  g_free (totals);
}

/* One decoder per type */

static gboolean
decode_welcome (JsonObject            *object,
                PupitreServerMessage  *message,
                GError               **error)
{
  PupitreServerWelcome *welcome = &message->welcome;
  const char *server = NULL;

  welcome->protocol = PUPITRE_PROTOCOL_VERSION;
  if (!pupitre_json_get_int (object, "protocol", FALSE, 0, G_MAXINT, &welcome->protocol, error) ||
      !pupitre_json_get_string (object, "server", FALSE, &server, error))
    return FALSE;

  welcome->server = g_strdup (server);
  return TRUE;
}

static gboolean
parse_state (const char       *string,
             PupitreGameState *state)
{
  static const struct {
    const char *name;
    PupitreGameState state;
  } states[] = {
    { "lobby", PUPITRE_GAME_STATE_LOBBY },
    { "countdown", PUPITRE_GAME_STATE_COUNTDOWN },
    { "question", PUPITRE_GAME_STATE_QUESTION },
    { "results", PUPITRE_GAME_STATE_RESULTS },
    { "over", PUPITRE_GAME_STATE_OVER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      if (strcmp (string, states[i].name) == 0)
        {
          *state = states[i].state;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
get_state (JsonObject        *object,
           PupitreGameState  *out,
           GError           **error)
{
  const char *state = NULL;

  if (!pupitre_json_get_string (object, "state", TRUE, &state, error))
    return FALSE;

  if (!parse_state (state, out))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   "unknown state \"%s\"", state);
      return FALSE;
    }

  return TRUE;
}

/* Section 14.9's members of joined, each optional: a server without
 * hosted games sends none of them. */
static gboolean
decode_joined_hosting (JsonObject           *object,
                       PupitreServerJoined  *joined,
                       GError              **error)
{
  const char *scoring = NULL;
  gint64 round = 0, rounds = 0;

  joined->scoring = PUPITRE_SCORING_CLASSIC;
  if (!pupitre_json_get_string (object, "scoring", FALSE, &scoring, error) ||
      !pupitre_json_get_int (object, "round", FALSE, 0, G_MAXINT, &round, error) ||
      !pupitre_json_get_int (object, "rounds", FALSE, 0, G_MAXINT, &rounds, error) ||
      !pupitre_json_get_boolean (object, "hosted", FALSE, &joined->hosted, error) ||
      !get_options (object, &joined->options, &joined->has_options, error))
    return FALSE;

  if (scoring != NULL && !pupitre_scoring_from_string (scoring, &joined->scoring))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   "unknown scoring \"%s\"", scoring);
      return FALSE;
    }

  joined->round = round;
  joined->rounds = rounds;
  return TRUE;
}

static gboolean
decode_joined (JsonObject            *object,
               PupitreServerMessage  *message,
               GError               **error)
{
  PupitreServerJoined *joined = &message->joined;
  const char *name = NULL, *token = NULL, *game = NULL;

  if (!pupitre_json_get_string (object, "name", TRUE, &name, error) ||
      !pupitre_json_get_string (object, "token", TRUE, &token, error) ||
      !pupitre_json_get_string (object, "game", FALSE, &game, error) ||
      !get_state (object, &joined->state, error) ||
      !get_count (object, "needed", 0, &joined->needed, error) ||
      !pupitre_json_get_boolean (object, "resumed", FALSE, &joined->resumed, error) ||
      !decode_joined_hosting (object, joined, error))
    return FALSE;

  joined->name = g_strdup (name);
  joined->token = g_strdup (token);
  joined->game = g_strdup (game);
  return TRUE;
}

static gboolean
decode_players (JsonObject            *object,
                PupitreServerMessage  *message,
                GError               **error)
{
  PupitreServerPlayers *players = &message->players;
  JsonArray *array = NULL;
  guint n;

  players->needed = -1;
  if (!get_count (object, "count", 0, &players->count, error) ||
      !pupitre_json_get_int (object, "needed", FALSE, 0, G_MAXINT, &players->needed, error) ||
      !pupitre_json_get_array (object, "players", TRUE, &array, error))
    return FALSE;

  n = MIN (json_array_get_length (array), PUPITRE_LIST_MAX);
  players->players = g_new0 (PupitreServerPlayer, n);
  players->n_players = n;

  for (guint i = 0; i < n; i++)
    {
      PupitreServerPlayer *player = &players->players[i];
      JsonObject *entry = NULL;
      const char *name = NULL;

      if (!get_entry (array, i, "players", &entry, error))
        return FALSE;

      if (!pupitre_json_get_string (entry, "name", TRUE, &name, error) ||
          !pupitre_json_get_boolean (entry, "connected", TRUE, &player->connected, error) ||
          !pupitre_json_get_int (entry, "score", TRUE, G_MININT64, G_MAXINT64,
                                 &player->score, error))
        {
          g_prefix_error (error, "players: ");
          return FALSE;
        }

      player->name = g_strdup (name);
    }

  return TRUE;
}

static gboolean
decode_chat (JsonObject            *object,
             PupitreServerMessage  *message,
             GError               **error)
{
  const char *from = NULL, *text = NULL;

  if (!pupitre_json_get_string (object, "from", TRUE, &from, error) ||
      !pupitre_json_get_string (object, "text", TRUE, &text, error) ||
      !pupitre_json_get_boolean (object, "host", FALSE, &message->chat.host, error))
    return FALSE;

  message->chat.from = g_strdup (from);
  message->chat.text = g_strdup (text);
  return TRUE;
}

static gboolean
decode_countdown (JsonObject            *object,
                  PupitreServerMessage  *message,
                  GError               **error)
{
  return get_count (object, "round", 1, &message->countdown.round, error) &&
         get_count (object, "rounds", 1, &message->countdown.rounds, error) &&
         get_count (object, "seconds", 0, &message->countdown.seconds, error);
}

static gboolean
decode_question (JsonObject            *object,
                 PupitreServerMessage  *message,
                 GError               **error)
{
  PupitreServerQuestion *question = &message->question;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *text = NULL;
  JsonArray *array = NULL;
  guint n;

  question->remaining_ms = -1;
  if (!get_count (object, "round", 1, &question->round, error) ||
      !get_count (object, "rounds", 1, &question->rounds, error) ||
      !pupitre_json_get_string (object, "text", TRUE, &text, error) ||
      !pupitre_json_get_array (object, "choices", TRUE, &array, error) ||
      !pupitre_json_get_int (object, "time_limit_ms", TRUE, 0, G_MAXINT,
                             &question->time_limit_ms, error) ||
      !pupitre_json_get_int (object, "remaining_ms", FALSE, 0, G_MAXINT,
                             &question->remaining_ms, error))
    return FALSE;

  n = json_array_get_length (array);
  if (n < 2 || n > PUPITRE_MAX_CHOICES)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   "%u choices, not 2 to %d", n, PUPITRE_MAX_CHOICES);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                               "a choice is not a string");
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  question->text = g_strdup (text);
  question->choices = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
decode_answer_ack (JsonObject            *object,
                   PupitreServerMessage  *message,
                   GError               **error)
{
  gint64 choice = 0;

  if (!get_count (object, "round", 1, &message->answer_ack.round, error) ||
      !pupitre_json_get_int (object, "choice", TRUE, 0, PUPITRE_MAX_CHOICES, &choice, error) ||
      !pupitre_json_get_int (object, "time_ms", TRUE, 0, G_MAXINT64,
                             &message->answer_ack.time_ms, error))
    return FALSE;

  message->answer_ack.choice = choice;
  return TRUE;
}

static gboolean
decode_progress (JsonObject            *object,
                 PupitreServerMessage  *message,
                 GError               **error)
{
  return get_count (object, "round", 1, &message->progress.round, error) &&
         get_count (object, "answered", 0, &message->progress.answered, error) &&
         get_count (object, "players", 0, &message->progress.players, error);
}

static gboolean
decode_round_result (JsonObject            *object,
                     PupitreServerMessage  *message,
                     GError               **error)
{
  PupitreServerRoundResult *result = &message->round_result;
  const char *explanation = NULL;
  gint64 correct = 0;
  JsonArray *array = NULL;
  guint n;

  if (!get_count (object, "round", 1, &result->round, error) ||
      !pupitre_json_get_int (object, "correct", TRUE, 1, PUPITRE_MAX_CHOICES, &correct, error) ||
      !pupitre_json_get_string (object, "explanation", FALSE, &explanation, error) ||
      !pupitre_json_get_array (object, "results", TRUE, &array, error))
    return FALSE;

  result->correct = correct;
  result->explanation = g_strdup (explanation);

  n = MIN (json_array_get_length (array), PUPITRE_LIST_MAX);
  result->results = g_new0 (PupitreServerResult, n);
  result->n_results = n;

  for (guint i = 0; i < n; i++)
    {
      PupitreServerResult *entry_out = &result->results[i];
      JsonObject *entry = NULL;
      const char *name = NULL;
      gint64 choice = -1;

      if (!get_entry (array, i, "results", &entry, error))
        return FALSE;

      /* "choice" and "time_ms" are null for a player who did not answer. */
      entry_out->time_ms = -1;
      if (!pupitre_json_get_string (entry, "name", TRUE, &name, error) ||
          !pupitre_json_get_int (entry, "choice", FALSE, 0, PUPITRE_MAX_CHOICES, &choice, error) ||
          !pupitre_json_get_int (entry, "points", TRUE, G_MININT64, G_MAXINT64,
                                 &entry_out->points, error) ||
          !pupitre_json_get_int (entry, "time_ms", FALSE, 0, G_MAXINT64,
                                 &entry_out->time_ms, error))
        {
          g_prefix_error (error, "results: ");
          return FALSE;
        }

      entry_out->name = g_strdup (name);
      entry_out->choice = choice;
    }

  return decode_totals (object, &result->totals, &result->n_totals, error);
}

static gboolean
decode_standing (JsonObject            *object,
                 PupitreServerMessage  *message,
                 GError               **error)
{
  PupitreServerStanding *standing = &message->standing;
  gint64 choice = -1, players = 0;

  standing->time_ms = -1;
  if (!get_count (object, "round", 0, &standing->round, error) ||
      !pupitre_json_get_int (object, "choice", FALSE, 0, PUPITRE_MAX_CHOICES, &choice, error) ||
      !pupitre_json_get_int (object, "points", TRUE, G_MININT64, G_MAXINT64,
                             &standing->points, error) ||
      !pupitre_json_get_int (object, "time_ms", FALSE, 0, G_MAXINT64, &standing->time_ms, error) ||
      !pupitre_json_get_int (object, "score", TRUE, G_MININT64, G_MAXINT64,
                             &standing->score, error) ||
      !get_count (object, "rank", 0, &standing->rank, error) ||
      !pupitre_json_get_int (object, "players", FALSE, 0, G_MAXINT, &players, error) ||
      !pupitre_json_get_boolean (object, "final", FALSE, &standing->final, error))
    return FALSE;

  standing->choice = choice;
  standing->players = players;
  return TRUE;
}

static gboolean
decode_game_over (JsonObject            *object,
                  PupitreServerMessage  *message,
                  GError               **error)
{
  gint64 next_game_ms = -1;

  if (!decode_totals (object, &message->game_over.totals, &message->game_over.n_totals, error))
    return FALSE;
  if (!pupitre_json_get_int (object, "next_game_ms", FALSE, 0, G_MAXINT64, &next_game_ms, error))
    return FALSE;
  message->game_over.next_game_ms = next_game_ms;
  return TRUE;
}

static gboolean
decode_error (JsonObject            *object,
              PupitreServerMessage  *message,
              GError               **error)
{
  PupitreServerError *server_error = &message->error;
  const char *code = NULL, *text = NULL, *ref = NULL;

  if (!pupitre_json_get_string (object, "code", TRUE, &code, error) ||
      !pupitre_json_get_string (object, "message", FALSE, &text, error) ||
      !pupitre_json_get_string (object, "ref", FALSE, &ref, error))
    return FALSE;

  server_error->code = pupitre_error_code_from_string (code);
  server_error->code_name = g_strdup (code);
  if (text != NULL && *text != '\0')
    server_error->message = g_strdup (text);
  server_error->ref = g_strdup (ref);
  return TRUE;
}

static gboolean
decode_pong (JsonObject            *object,
             PupitreServerMessage  *message,
             GError               **error)
{
  JsonNode *id = json_object_get_member (object, "id");

  if (id != NULL)
    message->pong.id = json_node_copy (id);
  return TRUE;
}

static gboolean
decode_game_created (JsonObject            *object,
                     PupitreServerMessage  *message,
                     GError               **error)
{
  PupitreServerGameCreated *created = &message->game_created;
  const char *game = NULL, *host_token = NULL, *title = NULL;

  if (!pupitre_json_get_string (object, "game", TRUE, &game, error) ||
      !pupitre_json_get_string (object, "host_token", TRUE, &host_token, error) ||
      !pupitre_json_get_string (object, "title", FALSE, &title, error) ||
      !get_count (object, "rounds", 0, &created->rounds, error) ||
      !get_options (object, &created->options, NULL, error) ||
      !get_strings (object, "warnings", FALSE, &created->warnings, error) ||
      !pupitre_json_get_boolean (object, "resumed", FALSE, &created->resumed, error))
    return FALSE;

  created->game = g_strdup (game);
  created->host_token = g_strdup (host_token);
  created->title = g_strdup (title);
  return TRUE;
}

static gboolean
decode_game_state (JsonObject            *object,
                   PupitreServerMessage  *message,
                   GError               **error)
{
  PupitreServerGameState *state = &message->game_state;
  const char *game = NULL;

  if (!pupitre_json_get_string (object, "game", TRUE, &game, error) ||
      !get_state (object, &state->state, error) ||
      !get_count (object, "round", 0, &state->round, error) ||
      !get_count (object, "rounds", 0, &state->rounds, error) ||
      !pupitre_json_get_boolean (object, "locked", TRUE, &state->locked, error) ||
      !pupitre_json_get_boolean (object, "paused", TRUE, &state->paused, error) ||
      !get_count (object, "players", 0, &state->players, error) ||
      !get_count (object, "connected", 0, &state->connected, error))
    return FALSE;

  state->game = g_strdup (game);
  return TRUE;
}

static gboolean
decode_host_progress (JsonObject            *object,
                      PupitreServerMessage  *message,
                      GError               **error)
{
  PupitreServerHostProgress *progress = &message->host_progress;

  return get_count (object, "round", 1, &progress->round, error) &&
         get_count (object, "answered", 0, &progress->answered, error) &&
         get_count (object, "players", 0, &progress->players, error) &&
         get_strings (object, "waiting", TRUE, &progress->waiting, error);
}

static gboolean
decode_round_report (JsonObject            *object,
                     PupitreServerMessage  *message,
                     GError               **error)
{
  PupitreServerRoundReport *report = &message->round_report;
  JsonArray *array = NULL;
  gint64 correct = 0;
  guint n;

  report->average_ms = -1;
  if (!get_count (object, "round", 1, &report->round, error) ||
      !pupitre_json_get_int (object, "correct", TRUE, 1, PUPITRE_MAX_CHOICES, &correct, error) ||
      !pupitre_json_get_array (object, "counts", TRUE, &array, error) ||
      !get_count (object, "dont_know", 0, &report->dont_know, error) ||
      !get_count (object, "no_answer", 0, &report->no_answer, error) ||
      !pupitre_json_get_int (object, "average_ms", FALSE, 0, G_MAXINT64,
                             &report->average_ms, error))
    return FALSE;

  report->correct = correct;

  /* One count per choice: as many as a question may have. */
  n = json_array_get_length (array);
  if (n > PUPITRE_MAX_CHOICES)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   "%u counts, more than %d choices", n, PUPITRE_MAX_CHOICES);
      return FALSE;
    }

  report->counts = g_new0 (guint, n);
  report->n_counts = n;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gint64 count;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                               "counts: an entry is not an integer");
          return FALSE;
        }

      count = json_node_get_int (node);
      if (count < 0 || count > G_MAXINT)
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                               "counts: an entry is out of range");
          return FALSE;
        }
      report->counts[i] = count;
    }

  return TRUE;
}

static void
free_rows (PupitreServerResultRow *rows,
           guint                   n_rows)
{
  for (guint i = 0; i < n_rows; i++)
    {
      g_free (rows[i].question);
      g_free (rows[i].player);
    }
  g_free (rows);
}

static gboolean
decode_results (JsonObject            *object,
                PupitreServerMessage  *message,
                GError               **error)
{
  PupitreServerResults *results = &message->results;
  JsonArray *array = NULL;
  guint n;

  if (!pupitre_json_get_array (object, "rows", TRUE, &array, error) ||
      !pupitre_json_get_boolean (object, "done", TRUE, &results->done, error))
    return FALSE;

  n = MIN (json_array_get_length (array), PUPITRE_LIST_MAX);
  results->rows = g_new0 (PupitreServerResultRow, n);
  results->n_rows = n;

  for (guint i = 0; i < n; i++)
    {
      PupitreServerResultRow *row = &results->rows[i];
      JsonObject *entry = NULL;
      const char *question = NULL, *player = NULL;
      gint64 choice = -1;

      if (!get_entry (array, i, "rows", &entry, error))
        return FALSE;

      /* "choice" and "time_ms" are null for a player who did not answer. */
      row->time_ms = -1;
      if (!get_count (entry, "round", 1, &row->round, error) ||
          !pupitre_json_get_string (entry, "question", TRUE, &question, error) ||
          !pupitre_json_get_string (entry, "player", TRUE, &player, error) ||
          !pupitre_json_get_int (entry, "choice", FALSE, 0, PUPITRE_MAX_CHOICES, &choice, error) ||
          !pupitre_json_get_boolean (entry, "correct", TRUE, &row->correct, error) ||
          !pupitre_json_get_int (entry, "time_ms", FALSE, 0, G_MAXINT64, &row->time_ms, error) ||
          !pupitre_json_get_int (entry, "points", TRUE, G_MININT64, G_MAXINT64,
                                 &row->points, error) ||
          !pupitre_json_get_int (entry, "score", TRUE, G_MININT64, G_MAXINT64,
                                 &row->score, error) ||
          !get_count (entry, "rank", 1, &row->rank, error))
        {
          g_prefix_error (error, "rows: ");
          return FALSE;
        }

      row->question = g_strdup (question);
      row->player = g_strdup (player);
      row->choice = choice;
    }

  return TRUE;
}

static gboolean
decode_timer (JsonObject            *object,
              PupitreServerMessage  *message,
              GError               **error)
{
  PupitreServerTimer *timer = &message->timer;
  const char *reason = NULL;
  gint64 round = 0;

  /* The host-away timer of a lobby carries no round and no clock. */
  timer->remaining_ms = -1;
  timer->time_limit_ms = -1;
  if (!get_state (object, &timer->state, error) ||
      !pupitre_json_get_int (object, "round", FALSE, 0, G_MAXINT, &round, error) ||
      !pupitre_json_get_int (object, "remaining_ms", FALSE, 0, G_MAXINT64,
                             &timer->remaining_ms, error) ||
      !pupitre_json_get_int (object, "time_limit_ms", FALSE, 0, G_MAXINT64,
                             &timer->time_limit_ms, error) ||
      !pupitre_json_get_boolean (object, "paused", TRUE, &timer->paused, error) ||
      !pupitre_json_get_string (object, "reason", FALSE, &reason, error))
    return FALSE;

  timer->round = round;
  timer->reason = g_strdup (reason);
  return TRUE;
}

static gboolean
decode_game_closed (JsonObject            *object,
                    PupitreServerMessage  *message,
                    GError               **error)
{
  const char *reason = NULL;

  if (!pupitre_json_get_string (object, "reason", TRUE, &reason, error))
    return FALSE;

  message->game_closed.reason = g_strdup (reason);
  return TRUE;
}

static gboolean
decode_nothing (JsonObject            *object,
                PupitreServerMessage  *message,
                GError               **error)
{
  return TRUE;
}

static const struct {
  const char *name;
  PupitreServerMessageType type;
  DecodeFunc decode;
} decoders[] = {
  { "welcome", PUPITRE_SERVER_WELCOME, decode_welcome },
  { "joined", PUPITRE_SERVER_JOINED, decode_joined },
  { "players", PUPITRE_SERVER_PLAYERS, decode_players },
  { "chat", PUPITRE_SERVER_CHAT, decode_chat },
  { "countdown", PUPITRE_SERVER_COUNTDOWN, decode_countdown },
  { "question", PUPITRE_SERVER_QUESTION, decode_question },
  { "answer_ack", PUPITRE_SERVER_ANSWER_ACK, decode_answer_ack },
  { "progress", PUPITRE_SERVER_PROGRESS, decode_progress },
  { "round_result", PUPITRE_SERVER_ROUND_RESULT, decode_round_result },
  { "standing", PUPITRE_SERVER_STANDING, decode_standing },
  { "game_over", PUPITRE_SERVER_GAME_OVER, decode_game_over },
  { "error", PUPITRE_SERVER_ERROR, decode_error },
  { "pong", PUPITRE_SERVER_PONG, decode_pong },
  { "bye", PUPITRE_SERVER_BYE, decode_nothing },
  { "shutdown", PUPITRE_SERVER_SHUTDOWN, decode_nothing },
  { "game_created", PUPITRE_SERVER_GAME_CREATED, decode_game_created },
  { "game_state", PUPITRE_SERVER_GAME_STATE, decode_game_state },
  { "host_progress", PUPITRE_SERVER_HOST_PROGRESS, decode_host_progress },
  { "round_report", PUPITRE_SERVER_ROUND_REPORT, decode_round_report },
  { "results", PUPITRE_SERVER_RESULTS, decode_results },
  { "timer", PUPITRE_SERVER_TIMER, decode_timer },
  { "game_closed", PUPITRE_SERVER_GAME_CLOSED, decode_game_closed },
};

PupitreServerMessage *
pupitre_server_message_decode (const char  *line,
                               gsize        len,
                               GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(PupitreServerMessage) message = NULL;
  const char *type = NULL;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = pupitre_json_parse_object (line, len, error);
  if (object == NULL ||
      !pupitre_json_get_string (object, "type", TRUE, &type, error))
    return NULL;

  message = g_new0 (PupitreServerMessage, 1);
  message->type = PUPITRE_SERVER_UNKNOWN;
  message->type_name = g_strdup (type);

  for (guint i = 0; i < G_N_ELEMENTS (decoders); i++)
    {
      if (strcmp (type, decoders[i].name) == 0)
        {
          message->type = decoders[i].type;
          if (!decoders[i].decode (object, message, error))
            {
              g_prefix_error (error, "%s: ", type);
              return NULL;
            }
          break;
        }
    }

  return g_steal_pointer (&message);
}

void
pupitre_server_message_free (PupitreServerMessage *message)
{
  if (message == NULL)
    return;

  switch (message->type)
    {
    case PUPITRE_SERVER_WELCOME:
      g_free (message->welcome.server);
      break;

    case PUPITRE_SERVER_JOINED:
      g_free (message->joined.name);
      g_free (message->joined.token);
      g_free (message->joined.game);
      break;

    case PUPITRE_SERVER_PLAYERS:
      for (guint i = 0; i < message->players.n_players; i++)
        g_free (message->players.players[i].name);
      g_free (message->players.players);
      break;

    case PUPITRE_SERVER_CHAT:
      g_free (message->chat.from);
      g_free (message->chat.text);
      break;

    case PUPITRE_SERVER_QUESTION:
      g_free (message->question.text);
      g_strfreev (message->question.choices);
      break;

    case PUPITRE_SERVER_ROUND_RESULT:
      g_free (message->round_result.explanation);
      for (guint i = 0; i < message->round_result.n_results; i++)
        g_free (message->round_result.results[i].name);
      g_free (message->round_result.results);
      free_totals (message->round_result.totals, message->round_result.n_totals);
      break;

    case PUPITRE_SERVER_GAME_OVER:
      free_totals (message->game_over.totals, message->game_over.n_totals);
      break;

    case PUPITRE_SERVER_ERROR:
      g_free (message->error.code_name);
      g_free (message->error.message);
      g_free (message->error.ref);
      break;

    case PUPITRE_SERVER_PONG:
      g_clear_pointer (&message->pong.id, json_node_unref);
      break;

    case PUPITRE_SERVER_GAME_CREATED:
      g_free (message->game_created.game);
      g_free (message->game_created.host_token);
      g_free (message->game_created.title);
      g_strfreev (message->game_created.warnings);
      break;

    case PUPITRE_SERVER_GAME_STATE:
      g_free (message->game_state.game);
      break;

    case PUPITRE_SERVER_HOST_PROGRESS:
      g_strfreev (message->host_progress.waiting);
      break;

    case PUPITRE_SERVER_ROUND_REPORT:
      g_free (message->round_report.counts);
      break;

    case PUPITRE_SERVER_RESULTS:
      free_rows (message->results.rows, message->results.n_rows);
      break;

    case PUPITRE_SERVER_TIMER:
      g_free (message->timer.reason);
      break;

    case PUPITRE_SERVER_GAME_CLOSED:
      g_free (message->game_closed.reason);
      break;

    case PUPITRE_SERVER_COUNTDOWN:
    case PUPITRE_SERVER_ANSWER_ACK:
    case PUPITRE_SERVER_PROGRESS:
    case PUPITRE_SERVER_STANDING:
    case PUPITRE_SERVER_BYE:
    case PUPITRE_SERVER_SHUTDOWN:
    case PUPITRE_SERVER_UNKNOWN:
    default:
      break;
    }

  g_free (message->type_name);
  g_free (message);
}
