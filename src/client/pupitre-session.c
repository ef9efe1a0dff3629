/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The client side of the protocol: one link to the server, the game as the
 * server last described it, and getting the seat back after a drop. */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pupitre-json.h"
#include "pupitre-line-reader.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"
#include "pupitre-session.h"

/* The server's lines are bounded by what it sends (a question with nine long
 * choices, 100-entry lists); a line beyond this is a broken server, and the
 * limit keeps one from growing our memory without end. */
#define MAX_SERVER_LINE              (1024 * 1024)
#define READ_CHUNK                   8192
/* The chat model keeps the latest lines only: a long lobby must not grow it
 * without end. */
#define MAX_CHAT_LINES               500
/* From starting to connect to the server's "joined": a host that drops
 * packets would otherwise leave the kernel retrying for minutes. */
#define JOIN_TIMEOUT_MS              10000
#define QUIT_TIMEOUT_MS              2000
#define BACKOFF_FIRST_MS             500
#define BACKOFF_MAX_MS               5000
#define DEFAULT_RECONNECT_TIMEOUT_MS 60000

struct _PupitreSession
{
  GObject parent_instance;

  PupitreSessionState state;
  char *host;
  guint port;
  char *wanted_name;       /* as the player typed it, sent in the first join */
  char *wanted_game;       /* NULL: the server's default game */
  char *name;              /* as the server confirmed it */
  char *game;
  char *token;             /* set once joined: the seat can be resumed */

  guint needed;
  guint connected_count;
  guint player_count;
  guint round;
  guint rounds;
  guint countdown;
  char *question_text;
  char **choices;
  gint64 time_limit_ms;
  gint64 deadline;
  gboolean answered;
  int chosen;
  gint64 answer_time_ms;
  guint progress_answered;
  guint progress_players;
  guint correct;
  char *explanation;
  gint64 points;
  gint64 score;
  guint rank;
  gboolean final;
  guint reconnect_timeout_ms;
  gboolean secure;

  GListStore *players;
  GListStore *round_results;
  GListStore *totals;
  GListStore *chat;

  /* Bumped by every pupitre_session_connect(), so that code running after a
   * signal emission can tell that a handler started another session. */
  guint generation;

  /* Secure connections: what pupitre_session_connect() took from the
   * secure property, for every link until the next connect, and the
   * fingerprint pupitre_session_trust_certificate() was given for
   * trusted_key, which holds even when it could not be stored. */
  gboolean link_secure;
  char *host_key;          /* "host:port" as PupitreKnownServers names it */
  char *trusted_key;
  char *trusted_fingerprint;
  PupitreKnownServers *known_servers;

  /* The current link to the server. Each link has its own client and
   * cancellable; ending the link cancels it, and every callback of a
   * cancelled operation returns without touching the session (which may be
   * gone by then). */
  GSocketClient *client;
  GCancellable *cancellable;
  GSocketConnection *connection;
  GTlsConnection *tls_connection;  /* being handshaken, or done */
  gulong accept_certificate_id;
  GError *certificate_error;       /* why the handshake refused the certificate */
  gboolean link_received;          /* the server sent something on this link */
  PupitreLineReader *reader;
  char *read_buffer;
  GQueue write_queue;      /* of GBytes; the head is being written */
  gboolean writing;
  gboolean link_joined;
  gboolean quitting;
  guint join_timeout_id;
  guint quit_timeout_id;

  /* Getting the seat back after a drop. */
  guint reconnect_id;
  gint64 reconnect_since;
  guint backoff_ms;
};

G_DEFINE_FINAL_TYPE (PupitreSession, pupitre_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PupitreSessionState, pupitre_session_state,
  G_DEFINE_ENUM_VALUE (PUPITRE_SESSION_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (PUPITRE_SESSION_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (PUPITRE_SESSION_STATE_LOBBY, "lobby"),
  G_DEFINE_ENUM_VALUE (PUPITRE_SESSION_STATE_COUNTDOWN, "countdown"),
  G_DEFINE_ENUM_VALUE (PUPITRE_SESSION_STATE_QUESTION, "question"),
  G_DEFINE_ENUM_VALUE (PUPITRE_SESSION_STATE_RESULTS, "results"),
  G_DEFINE_ENUM_VALUE (PUPITRE_SESSION_STATE_OVER, "over"),
  G_DEFINE_ENUM_VALUE (PUPITRE_SESSION_STATE_RECONNECTING, "reconnecting"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_HOST,
  PROP_PORT,
  PROP_NAME,
  PROP_GAME,
  PROP_NEEDED,
  PROP_CONNECTED_COUNT,
  PROP_PLAYER_COUNT,
  PROP_ROUND,
  PROP_ROUNDS,
  PROP_COUNTDOWN,
  PROP_QUESTION_TEXT,
  PROP_CHOICES,
  PROP_TIME_LIMIT_MS,
  PROP_DEADLINE,
  PROP_ANSWERED,
  PROP_CHOSEN,
  PROP_ANSWER_TIME_MS,
  PROP_PROGRESS_ANSWERED,
  PROP_PROGRESS_PLAYERS,
  PROP_CORRECT,
  PROP_EXPLANATION,
  PROP_POINTS,
  PROP_SCORE,
  PROP_RANK,
  PROP_FINAL,
  PROP_RECONNECT_TIMEOUT,
  PROP_SECURE,
  PROP_PLAYERS,
  PROP_ROUND_RESULTS,
  PROP_TOTALS,
  PROP_CHAT,
  N_PROPS,
};

enum {
  SIGNAL_ERROR,
  SIGNAL_JOINED,
  SIGNAL_CHAT_RECEIVED,
  SIGNAL_COUNTDOWN_STARTED,
  SIGNAL_QUESTION_OPENED,
  SIGNAL_ANSWER_ACKNOWLEDGED,
  SIGNAL_ROUND_FINISHED,
  SIGNAL_STANDING_CHANGED,
  SIGNAL_GAME_FINISHED,
  SIGNAL_SERVER_SHUTDOWN,
  SIGNAL_CERTIFICATE_UNKNOWN,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (pupitre-session-error-quark, pupitre_session_error)

static void open_link     (PupitreSession *self);
static void link_lost     (PupitreSession *self,
                           const GError   *error);

/* Property setters that notify only on a change. */

static void
set_state (PupitreSession      *self,
           PupitreSessionState  state)
{
  if (self->state == state)
    return;

  g_debug ("State %d -> %d", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_uint (PupitreSession *self,
          guint          *field,
          guint           value,
          guint           prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_int (PupitreSession *self,
         int            *field,
         int             value,
         guint           prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_int64 (PupitreSession *self,
           gint64         *field,
           gint64          value,
           guint           prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_boolean (PupitreSession *self,
             gboolean       *field,
             gboolean        value,
             guint           prop_id)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string (PupitreSession  *self,
            char           **field,
            const char      *value,
            guint            prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_choices (PupitreSession     *self,
             const char * const *choices)
{
  if (self->choices == NULL && choices == NULL)
    return;
  if (self->choices != NULL && choices != NULL
      && g_strv_equal ((const char * const *) self->choices, choices))
    return;

  g_strfreev (self->choices);
  self->choices = g_strdupv ((char **) choices);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOICES]);
}

static gboolean
is_self_name (PupitreSession *self,
              const char     *name)
{
  return self->name != NULL && g_strcmp0 (self->name, name) == 0;
}

/* Replaces every item at once, so that a view updates a single time. */
static void
replace_items (GListStore *store,
               GPtrArray  *items)
{
  g_list_store_splice (store,
                       0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items->pdata, items->len);
}

/* What the screens show about the game, back to nothing. */
static void
reset_game (PupitreSession *self)
{
  set_string (self, &self->name, NULL, PROP_NAME);
  set_string (self, &self->game, NULL, PROP_GAME);
  set_uint (self, &self->needed, 0, PROP_NEEDED);
  set_uint (self, &self->connected_count, 0, PROP_CONNECTED_COUNT);
  set_uint (self, &self->player_count, 0, PROP_PLAYER_COUNT);
  set_uint (self, &self->round, 0, PROP_ROUND);
  set_uint (self, &self->rounds, 0, PROP_ROUNDS);
  set_uint (self, &self->countdown, 0, PROP_COUNTDOWN);
  set_string (self, &self->question_text, NULL, PROP_QUESTION_TEXT);
  set_choices (self, NULL);
  set_int64 (self, &self->time_limit_ms, 0, PROP_TIME_LIMIT_MS);
  set_int64 (self, &self->deadline, 0, PROP_DEADLINE);
  set_boolean (self, &self->answered, FALSE, PROP_ANSWERED);
  set_int (self, &self->chosen, -1, PROP_CHOSEN);
  set_int64 (self, &self->answer_time_ms, -1, PROP_ANSWER_TIME_MS);
  set_uint (self, &self->progress_answered, 0, PROP_PROGRESS_ANSWERED);
  set_uint (self, &self->progress_players, 0, PROP_PROGRESS_PLAYERS);
  set_uint (self, &self->correct, 0, PROP_CORRECT);
  set_string (self, &self->explanation, NULL, PROP_EXPLANATION);
  set_int64 (self, &self->points, 0, PROP_POINTS);
  set_int64 (self, &self->score, 0, PROP_SCORE);
  set_uint (self, &self->rank, 0, PROP_RANK);
  set_boolean (self, &self->final, FALSE, PROP_FINAL);

  g_list_store_remove_all (self->players);
  g_list_store_remove_all (self->round_results);
  g_list_store_remove_all (self->totals);
  g_list_store_remove_all (self->chat);
}

/* The link */

static void
close_link (PupitreSession *self)
{
  g_clear_handle_id (&self->join_timeout_id, g_source_remove);
  g_clear_handle_id (&self->quit_timeout_id, g_source_remove);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  if (self->client != NULL)
    {
      /* An attempt still running belongs to no link any more. */
      g_signal_handlers_disconnect_by_data (self->client, self);
      g_clear_object (&self->client);
    }

  if (self->tls_connection != NULL)
    {
      /* Without the handler a late handshake of this link refuses any
       * certificate. */
      g_clear_signal_handler (&self->accept_certificate_id, self->tls_connection);
      g_clear_object (&self->tls_connection);
    }

  if (self->connection != NULL)
    {
      /* Closing a socket never blocks; pending operations were cancelled.
       * TLS says goodbye first, a write that could wait for the peer:
       * that goes to a thread. */
      if (self->link_secure)
        g_io_stream_close_async (G_IO_STREAM (self->connection), G_PRIORITY_DEFAULT,
                                 NULL, NULL, NULL);
      else
        g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
      g_clear_object (&self->connection);
    }

  g_clear_error (&self->certificate_error);
  self->link_received = FALSE;
  g_clear_pointer (&self->reader, pupitre_line_reader_free);
  g_queue_clear_full (&self->write_queue, (GDestroyNotify) g_bytes_unref);
  self->writing = FALSE;
  self->link_joined = FALSE;
}

/* Ends everything: no link, no reconnection, no seat to resume. Emits @error
 * (if any) before the state becomes DISCONNECTED, so that a client reports
 * why before it reacts to the end. */
static void
fail (PupitreSession *self,
      const GError   *error)
{
  g_autoptr(PupitreSession) hold = g_object_ref (self);
  guint generation = self->generation;

  close_link (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_pointer (&self->token, g_free);
  self->quitting = FALSE;

  if (error != NULL)
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);

  /* A handler may have started a new session from the error. */
  if (generation == self->generation)
    set_state (self, PUPITRE_SESSION_STATE_DISCONNECTED);
}

/* A line from the server that breaks the contract: the server cannot be
 * trusted to make sense any more, so the session ends without retrying. */
static void
protocol_failure (PupitreSession *self,
                  const GError   *error)
{
  g_autoptr(GError) failure = NULL;

  g_debug ("Protocol failure: %s", error->message);
  failure = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The server sent a message this program does not understand: %s"),
                         error->message);
  fail (self, failure);
}

typedef struct
{
  PupitreSession *self;    /* not a reference: see the cancellable above */
  GBytes *bytes;           /* kept alive until the write completes */
} WriteOp;

static void write_next (PupitreSession *self);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  WriteOp *op = user_data;
  g_autoptr(PupitreSession) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  g_bytes_unref (op->bytes);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (op);
      return;
    }

  self = g_object_ref (op->self);
  g_free (op);

  if (!ok)
    {
      link_lost (self, error);
      return;
    }

  g_bytes_unref (g_queue_pop_head (&self->write_queue));
  self->writing = FALSE;
  write_next (self);
}

/* GIO allows one pending write per stream, and does not copy the buffer:
 * the queue holds each message until its write completes. */
static void
write_next (PupitreSession *self)
{
  GOutputStream *output;
  WriteOp *op;
  gsize size;
  const void *data;

  if (self->writing || self->connection == NULL || g_queue_is_empty (&self->write_queue))
    return;

  op = g_new0 (WriteOp, 1);
  op->self = self;
  op->bytes = g_bytes_ref (g_queue_peek_head (&self->write_queue));
  data = g_bytes_get_data (op->bytes, &size);

  self->writing = TRUE;
  output = g_io_stream_get_output_stream (G_IO_STREAM (self->connection));
  g_output_stream_write_all_async (output, data, size, G_PRIORITY_DEFAULT,
                                   self->cancellable, write_cb, op);
}

/* Takes ownership of @message. */
static void
send_message (PupitreSession *self,
              GBytes         *message)
{
  if (self->connection == NULL)
    {
      g_bytes_unref (message);
      return;
    }

  g_queue_push_tail (&self->write_queue, message);
  write_next (self);
}

/* Reconnection */

static gboolean
reconnect_cb (gpointer user_data)
{
  PupitreSession *self = user_data;

  self->reconnect_id = 0;
  g_debug ("Reconnecting to %s:%u", self->host, self->port);
  open_link (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (PupitreSession *self,
                    const GError   *error)
{
  gint64 elapsed_ms = (g_get_monotonic_time () - self->reconnect_since) / 1000;

  if (elapsed_ms + self->backoff_ms > self->reconnect_timeout_ms)
    {
      g_autoptr(GError) give_up = NULL;
      int code = G_IO_ERROR_TIMED_OUT;

      if (error != NULL && error->domain == G_IO_ERROR)
        code = error->code;

      give_up = g_error_new (G_IO_ERROR, code,
                             _("The connection to the server was lost and could not be restored: %s"),
                             error != NULL ? error->message : _("no answer"));
      fail (self, give_up);
      return;
    }

  g_debug ("Next attempt in %u ms", self->backoff_ms);
  self->reconnect_id = g_timeout_add (self->backoff_ms, reconnect_cb, self);
  self->backoff_ms = MIN (self->backoff_ms * 2, BACKOFF_MAX_MS);
}

/* The link ended without bye or shutdown, or could not be made. */
static void
link_lost (PupitreSession *self,
           const GError   *error)
{
  g_autoptr(GError) closed = NULL;

  if (error == NULL)
    error = closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                          _("The server closed the connection."));

  g_debug ("Link lost: %s", error->message);
  close_link (self);

  if (self->quitting)
    {
      /* The quit was sent, or could not be: either way we are done. */
      fail (self, NULL);
      return;
    }

  if (self->token == NULL)
    {
      /* Never got a seat, so there is none to get back. */
      fail (self, error);
      return;
    }

  if (self->state == PUPITRE_SESSION_STATE_OVER)
    {
      /* The game is over: there is nothing left to come back to. */
      fail (self, NULL);
      return;
    }

  if (self->state != PUPITRE_SESSION_STATE_RECONNECTING)
    {
      self->reconnect_since = g_get_monotonic_time ();
      self->backoff_ms = BACKOFF_FIRST_MS;
      set_state (self, PUPITRE_SESSION_STATE_RECONNECTING);
    }

  schedule_reconnect (self, error);
}

static gboolean
join_timeout_cb (gpointer user_data)
{
  g_autoptr(PupitreSession) self = g_object_ref (user_data);
  g_autoptr(GError) error = NULL;

  self->join_timeout_id = 0;

  /* A Pupitre server greets a plain connection at once; one that says
   * nothing at all is most likely waiting for a TLS handshake. */
  if (self->connection != NULL && !self->link_received && !self->link_secure)
    error = g_error_new (PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_SILENT_SERVER,
                         _("The server at %s accepted the connection but said nothing. "
                           "It may expect a secure connection: try again with the secure "
                           "connection turned on."),
                         self->host_key);
  else
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                         _("The server at %s did not answer in time."), self->host);
  link_lost (self, error);

  return G_SOURCE_REMOVE;
}

static gboolean
quit_timeout_cb (gpointer user_data)
{
  g_autoptr(PupitreSession) self = g_object_ref (user_data);

  /* No bye in time: leave anyway. */
  self->quit_timeout_id = 0;
  fail (self, NULL);

  return G_SOURCE_REMOVE;
}

/* Messages from the server. Each handler checks every member first and
 * changes the session only once the whole message proved valid. */

static PupitreScoreRow *
decode_total (PupitreSession  *self,
              JsonNode        *node,
              GError         **error)
{
  JsonObject *object;
  const char *name = NULL;
  gint64 score = 0, rank = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                           "totals: an entry is not an object");
      return NULL;
    }

  object = json_node_get_object (node);
  if (!pupitre_json_get_string (object, "name", TRUE, &name, error) ||
      !pupitre_json_get_int (object, "score", TRUE, G_MININT64, G_MAXINT64, &score, error) ||
      !pupitre_json_get_int (object, "rank", TRUE, 1, G_MAXINT, &rank, error))
    {
      g_prefix_error (error, "totals: ");
      return NULL;
    }

  return pupitre_score_row_new_total (name, score, rank, is_self_name (self, name));
}

static GPtrArray *
decode_totals (PupitreSession  *self,
               JsonObject      *object,
               GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array = NULL;
  guint n;

  if (!pupitre_json_get_array (object, "totals", TRUE, &array, error))
    return NULL;

  n = MIN (json_array_get_length (array), PUPITRE_LIST_MAX);
  for (guint i = 0; i < n; i++)
    {
      PupitreScoreRow *row = decode_total (self, json_array_get_element (array, i), error);

      if (row == NULL)
        return NULL;
      g_ptr_array_add (rows, row);
    }

  return g_steal_pointer (&rows);
}

static gboolean
handle_welcome (PupitreSession  *self,
                JsonObject      *object,
                GError         **error)
{
  gint64 protocol = PUPITRE_PROTOCOL_VERSION;

  if (!pupitre_json_get_int (object, "protocol", FALSE, 0, G_MAXINT, &protocol, error))
    return FALSE;

  /* A server of a newer protocol still answers a join of version 1, or
   * refuses it with protocol-version: either way, join. */
  if (self->token != NULL)
    send_message (self, pupitre_message_join (self->name, self->game, self->token, NULL));
  else
    send_message (self, pupitre_message_join (self->wanted_name, self->wanted_game, NULL, NULL));

  return TRUE;
}

static gboolean
parse_state (const char          *string,
             PupitreSessionState *state)
{
  static const struct {
    const char *name;
    PupitreSessionState state;
  } states[] = {
    { "lobby", PUPITRE_SESSION_STATE_LOBBY },
    { "countdown", PUPITRE_SESSION_STATE_COUNTDOWN },
    { "question", PUPITRE_SESSION_STATE_QUESTION },
    { "results", PUPITRE_SESSION_STATE_RESULTS },
    { "over", PUPITRE_SESSION_STATE_OVER },
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
handle_joined (PupitreSession  *self,
               JsonObject      *object,
               GError         **error)
{
  const char *name = NULL, *token = NULL, *game = NULL, *state_string = NULL;
  gint64 needed = 0;
  gboolean resumed = FALSE;
  PupitreSessionState state;

  if (!pupitre_json_get_string (object, "name", TRUE, &name, error) ||
      !pupitre_json_get_string (object, "token", TRUE, &token, error) ||
      !pupitre_json_get_string (object, "game", FALSE, &game, error) ||
      !pupitre_json_get_string (object, "state", TRUE, &state_string, error) ||
      !pupitre_json_get_int (object, "needed", TRUE, 0, G_MAXINT, &needed, error) ||
      !pupitre_json_get_boolean (object, "resumed", FALSE, &resumed, error))
    return FALSE;

  if (!parse_state (state_string, &state))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   "joined: unknown state \"%s\"", state_string);
      return FALSE;
    }

  g_clear_handle_id (&self->join_timeout_id, g_source_remove);
  self->link_joined = TRUE;
  self->reconnect_since = 0;
  self->backoff_ms = BACKOFF_FIRST_MS;
  g_free (self->token);
  self->token = g_strdup (token);

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->name, name, PROP_NAME);
  set_string (self, &self->game, game, PROP_GAME);
  set_uint (self, &self->needed, needed, PROP_NEEDED);
  set_state (self, state);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_JOINED], 0, resumed);

  return TRUE;
}

static gboolean
handle_players (PupitreSession  *self,
                JsonObject      *object,
                GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array = NULL;
  gint64 count = 0, needed = self->needed;
  guint n, connected = 0, rank = 0;
  gint64 previous_score = 0;

  if (!pupitre_json_get_int (object, "count", TRUE, 0, G_MAXINT, &count, error) ||
      !pupitre_json_get_int (object, "needed", FALSE, 0, G_MAXINT, &needed, error) ||
      !pupitre_json_get_array (object, "players", TRUE, &array, error))
    return FALSE;

  n = MIN (json_array_get_length (array), PUPITRE_LIST_MAX);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry;
      const char *name = NULL;
      gboolean is_connected = FALSE;
      gint64 score = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                               "players: an entry is not an object");
          return FALSE;
        }

      entry = json_node_get_object (node);
      if (!pupitre_json_get_string (entry, "name", TRUE, &name, error) ||
          !pupitre_json_get_boolean (entry, "connected", TRUE, &is_connected, error) ||
          !pupitre_json_get_int (entry, "score", TRUE, G_MININT64, G_MAXINT64, &score, error))
        {
          g_prefix_error (error, "players: ");
          return FALSE;
        }

      /* The list is sorted by score: equal scores share a rank (1, 1, 3). */
      if (i == 0 || score != previous_score)
        rank = i + 1;
      previous_score = score;

      if (is_connected)
        connected++;

      g_ptr_array_add (rows, pupitre_score_row_new_player (name, is_connected, score, rank,
                                                           is_self_name (self, name)));
    }

  /* The counts first: a view reacting to items-changed reads them. */
  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, &self->player_count, count, PROP_PLAYER_COUNT);
  set_uint (self, &self->connected_count, connected, PROP_CONNECTED_COUNT);
  set_uint (self, &self->needed, needed, PROP_NEEDED);
  replace_items (self->players, rows);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

static gboolean
handle_chat (PupitreSession  *self,
             JsonObject      *object,
             GError         **error)
{
  g_autoptr(PupitreChatLine) line = NULL;
  const char *from = NULL, *text = NULL;
  guint n;

  if (!pupitre_json_get_string (object, "from", TRUE, &from, error) ||
      !pupitre_json_get_string (object, "text", TRUE, &text, error))
    return FALSE;

  line = pupitre_chat_line_new (from, text, is_self_name (self, from));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->chat));
  if (n >= MAX_CHAT_LINES)
    g_list_store_splice (self->chat, 0, n - MAX_CHAT_LINES + 1, (gpointer *) &line, 1);
  else
    g_list_store_append (self->chat, line);

  g_signal_emit (self, signals[SIGNAL_CHAT_RECEIVED], 0, from, text);

  return TRUE;
}

static gboolean
handle_countdown (PupitreSession  *self,
                  JsonObject      *object,
                  GError         **error)
{
  gint64 round = 0, rounds = 0, seconds = 0;

  if (!pupitre_json_get_int (object, "round", TRUE, 1, G_MAXINT, &round, error) ||
      !pupitre_json_get_int (object, "rounds", TRUE, 1, G_MAXINT, &rounds, error) ||
      !pupitre_json_get_int (object, "seconds", TRUE, 0, G_MAXINT, &seconds, error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, &self->round, round, PROP_ROUND);
  set_uint (self, &self->rounds, rounds, PROP_ROUNDS);
  set_uint (self, &self->countdown, seconds, PROP_COUNTDOWN);
  set_state (self, PUPITRE_SESSION_STATE_COUNTDOWN);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_COUNTDOWN_STARTED], 0);

  return TRUE;
}

static gboolean
handle_question (PupitreSession  *self,
                 JsonObject      *object,
                 GError         **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) choices = NULL;
  const char *text = NULL;
  gint64 round = 0, rounds = 0, time_limit_ms = 0, remaining_ms = -1;
  JsonArray *array = NULL;
  guint n;

  if (!pupitre_json_get_int (object, "round", TRUE, 1, G_MAXINT, &round, error) ||
      !pupitre_json_get_int (object, "rounds", TRUE, 1, G_MAXINT, &rounds, error) ||
      !pupitre_json_get_string (object, "text", TRUE, &text, error) ||
      !pupitre_json_get_array (object, "choices", TRUE, &array, error) ||
      !pupitre_json_get_int (object, "time_limit_ms", TRUE, 0, G_MAXINT, &time_limit_ms, error) ||
      !pupitre_json_get_int (object, "remaining_ms", FALSE, 0, G_MAXINT, &remaining_ms, error))
    return FALSE;

  n = json_array_get_length (array);
  if (n < 2 || n > PUPITRE_MAX_CHOICES)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   "question: %u choices, not 2 to %d", n, PUPITRE_MAX_CHOICES);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                               "question: a choice is not a string");
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  choices = g_strv_builder_end (builder);

  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, &self->round, round, PROP_ROUND);
  set_uint (self, &self->rounds, rounds, PROP_ROUNDS);
  set_string (self, &self->question_text, text, PROP_QUESTION_TEXT);
  set_choices (self, (const char * const *) choices);
  set_int64 (self, &self->time_limit_ms, time_limit_ms, PROP_TIME_LIMIT_MS);
  /* On a resume the question has been open for a while already. */
  set_int64 (self, &self->deadline,
             g_get_monotonic_time ()
             + (remaining_ms >= 0 ? remaining_ms : time_limit_ms) * G_TIME_SPAN_MILLISECOND,
             PROP_DEADLINE);
  set_boolean (self, &self->answered, FALSE, PROP_ANSWERED);
  set_int (self, &self->chosen, -1, PROP_CHOSEN);
  set_int64 (self, &self->answer_time_ms, -1, PROP_ANSWER_TIME_MS);
  set_uint (self, &self->progress_answered, 0, PROP_PROGRESS_ANSWERED);
  set_uint (self, &self->progress_players, 0, PROP_PROGRESS_PLAYERS);
  set_state (self, PUPITRE_SESSION_STATE_QUESTION);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_QUESTION_OPENED], 0);

  return TRUE;
}

static gboolean
handle_answer_ack (PupitreSession  *self,
                   JsonObject      *object,
                   GError         **error)
{
  gint64 round = 0, choice = 0, time_ms = 0;

  if (!pupitre_json_get_int (object, "round", TRUE, 1, G_MAXINT, &round, error) ||
      !pupitre_json_get_int (object, "choice", TRUE, 0, PUPITRE_MAX_CHOICES, &choice, error) ||
      !pupitre_json_get_int (object, "time_ms", TRUE, 0, G_MAXINT64, &time_ms, error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->answered, TRUE, PROP_ANSWERED);
  set_int (self, &self->chosen, choice, PROP_CHOSEN);
  set_int64 (self, &self->answer_time_ms, time_ms, PROP_ANSWER_TIME_MS);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_ANSWER_ACKNOWLEDGED], 0);

  return TRUE;
}

static gboolean
handle_progress (PupitreSession  *self,
                 JsonObject      *object,
                 GError         **error)
{
  gint64 round = 0, answered = 0, players = 0;

  if (!pupitre_json_get_int (object, "round", TRUE, 1, G_MAXINT, &round, error) ||
      !pupitre_json_get_int (object, "answered", TRUE, 0, G_MAXINT, &answered, error) ||
      !pupitre_json_get_int (object, "players", TRUE, 0, G_MAXINT, &players, error))
    return FALSE;

  /* A late update of a round already closed would only mislead. */
  if (round != self->round)
    return TRUE;

  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, &self->progress_answered, answered, PROP_PROGRESS_ANSWERED);
  set_uint (self, &self->progress_players, players, PROP_PROGRESS_PLAYERS);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

static gboolean
handle_round_result (PupitreSession  *self,
                     JsonObject      *object,
                     GError         **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) totals = NULL;
  const char *explanation = NULL;
  gint64 round = 0, correct = 0;
  JsonArray *array = NULL;
  guint n;

  if (!pupitre_json_get_int (object, "round", TRUE, 1, G_MAXINT, &round, error) ||
      !pupitre_json_get_int (object, "correct", TRUE, 1, PUPITRE_MAX_CHOICES, &correct, error) ||
      !pupitre_json_get_string (object, "explanation", FALSE, &explanation, error) ||
      !pupitre_json_get_array (object, "results", TRUE, &array, error))
    return FALSE;

  n = MIN (json_array_get_length (array), PUPITRE_LIST_MAX);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry;
      const char *name = NULL;
      gint64 choice = -1, points = 0, time_ms = -1;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                               "results: an entry is not an object");
          return FALSE;
        }

      /* "choice" and "time_ms" are null for a player who did not answer. */
      entry = json_node_get_object (node);
      if (!pupitre_json_get_string (entry, "name", TRUE, &name, error) ||
          !pupitre_json_get_int (entry, "choice", FALSE, 0, PUPITRE_MAX_CHOICES, &choice, error) ||
          !pupitre_json_get_int (entry, "points", TRUE, G_MININT64, G_MAXINT64, &points, error) ||
          !pupitre_json_get_int (entry, "time_ms", FALSE, 0, G_MAXINT64, &time_ms, error))
        {
          g_prefix_error (error, "results: ");
          return FALSE;
        }

      g_ptr_array_add (results, pupitre_score_row_new_result (name, choice, points, time_ms,
                                                              is_self_name (self, name)));
    }

  totals = decode_totals (self, object, error);
  if (totals == NULL)
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, &self->round, round, PROP_ROUND);
  set_uint (self, &self->correct, correct, PROP_CORRECT);
  set_string (self, &self->explanation, explanation, PROP_EXPLANATION);
  set_state (self, PUPITRE_SESSION_STATE_RESULTS);
  replace_items (self->round_results, results);
  replace_items (self->totals, totals);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_ROUND_FINISHED], 0);

  return TRUE;
}

static gboolean
handle_standing (PupitreSession  *self,
                 JsonObject      *object,
                 GError         **error)
{
  gint64 round = 0, choice = -1, points = 0, time_ms = -1, score = 0, rank = 0, players = 0;
  gboolean final = FALSE;

  if (!pupitre_json_get_int (object, "round", TRUE, 0, G_MAXINT, &round, error) ||
      !pupitre_json_get_int (object, "choice", FALSE, 0, PUPITRE_MAX_CHOICES, &choice, error) ||
      !pupitre_json_get_int (object, "points", TRUE, G_MININT64, G_MAXINT64, &points, error) ||
      !pupitre_json_get_int (object, "time_ms", FALSE, 0, G_MAXINT64, &time_ms, error) ||
      !pupitre_json_get_int (object, "score", TRUE, G_MININT64, G_MAXINT64, &score, error) ||
      !pupitre_json_get_int (object, "rank", TRUE, 0, G_MAXINT, &rank, error) ||
      !pupitre_json_get_int (object, "players", FALSE, 0, G_MAXINT, &players, error) ||
      !pupitre_json_get_boolean (object, "final", FALSE, &final, error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (self, &self->points, points, PROP_POINTS);
  set_int64 (self, &self->score, score, PROP_SCORE);
  set_uint (self, &self->rank, rank, PROP_RANK);
  set_boolean (self, &self->final, final, PROP_FINAL);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_STANDING_CHANGED], 0);

  return TRUE;
}

static gboolean
handle_game_over (PupitreSession  *self,
                  JsonObject      *object,
                  GError         **error)
{
  g_autoptr(GPtrArray) totals = decode_totals (self, object, error);

  if (totals == NULL)
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  set_state (self, PUPITRE_SESSION_STATE_OVER);
  replace_items (self->totals, totals);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_GAME_FINISHED], 0);

  return TRUE;
}

static gboolean
handle_error (PupitreSession  *self,
              JsonObject      *object,
              GError         **error)
{
  g_autoptr(GError) server_error = NULL;
  const char *code_string = NULL, *message = NULL;
  PupitreErrorCode code;

  if (!pupitre_json_get_string (object, "code", TRUE, &code_string, error) ||
      !pupitre_json_get_string (object, "message", FALSE, &message, error))
    return FALSE;

  code = pupitre_error_code_from_string (code_string);
  if (message == NULL || *message == '\0')
    message = pupitre_error_code_describe (code);
  server_error = g_error_new_literal (PUPITRE_ERROR, code, message);
  g_debug ("Server error %s: %s", code_string, message);

  /* Before "joined" the only thing sent was the join: the server refused the
   * seat (or its resume), so there is no game to stay in. A fatal code means
   * the server is closing the connection. */
  if (!self->link_joined || pupitre_error_code_is_fatal (code))
    fail (self, server_error);
  else
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, server_error);

  return TRUE;
}

static gboolean
handle_shutdown (PupitreSession  *self,
                 JsonObject      *object,
                 GError         **error)
{
  guint generation = self->generation;

  /* The server is going away: do not try to come back. */
  close_link (self);
  g_clear_pointer (&self->token, g_free);
  self->quitting = FALSE;

  g_signal_emit (self, signals[SIGNAL_SERVER_SHUTDOWN], 0);

  if (generation == self->generation)
    set_state (self, PUPITRE_SESSION_STATE_DISCONNECTED);

  return TRUE;
}

static gboolean
handle_bye (PupitreSession  *self,
            JsonObject      *object,
            GError         **error)
{
  fail (self, NULL);

  return TRUE;
}

typedef gboolean (*MessageHandler) (PupitreSession  *self,
                                    JsonObject      *object,
                                    GError         **error);

static const struct {
  const char *type;
  MessageHandler handler;
} message_handlers[] = {
  { "welcome", handle_welcome },
  { "joined", handle_joined },
  { "players", handle_players },
  { "chat", handle_chat },
  { "countdown", handle_countdown },
  { "question", handle_question },
  { "answer_ack", handle_answer_ack },
  { "progress", handle_progress },
  { "round_result", handle_round_result },
  { "standing", handle_standing },
  { "game_over", handle_game_over },
  { "error", handle_error },
  { "shutdown", handle_shutdown },
  { "bye", handle_bye },
};

static void
handle_line (PupitreSession *self,
             const char     *line,
             gsize           len)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  const char *type = NULL;

  object = pupitre_json_parse_object (line, len, &error);
  if (object == NULL ||
      !pupitre_json_get_string (object, "type", TRUE, &type, &error))
    {
      protocol_failure (self, error);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (message_handlers); i++)
    {
      if (strcmp (type, message_handlers[i].type) == 0)
        {
          if (!message_handlers[i].handler (self, object, &error))
            {
              g_prefix_error (&error, "%s: ", type);
              protocol_failure (self, error);
            }
          return;
        }
    }

  /* pong, and types of a newer protocol: nothing to do. */
  g_debug ("Ignoring a \"%s\" message", type);
}

static void read_next (PupitreSession *self);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PupitreSession) self = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Signal handlers may drop the last outside reference. */
  self = g_object_ref (PUPITRE_SESSION (user_data));

  if (n <= 0)
    {
      link_lost (self, error);
      return;
    }

  cancellable = g_object_ref (self->cancellable);
  self->link_received = TRUE;
  pupitre_line_reader_push (self->reader, self->read_buffer, n);

  for (;;)
    {
      g_autoptr(GError) line_error = NULL;
      const char *line;
      gsize len = 0;

      line = pupitre_line_reader_next (self->reader, &len, &line_error);
      if (line == NULL)
        {
          if (line_error != NULL)
            {
              protocol_failure (self, line_error);
              return;
            }
          break;
        }

      handle_line (self, line, len);

      /* The message (or a handler of its signal) may have ended this link. */
      if (g_cancellable_is_cancelled (cancellable))
        return;
    }

  read_next (self);
}

static void
read_next (PupitreSession *self)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (self->connection));

  g_input_stream_read_async (input, self->read_buffer, READ_CHUNK, G_PRIORITY_DEFAULT,
                             self->cancellable, read_cb, self);
}

/* Secure connections */

static PupitreKnownServers *
ensure_known_servers (PupitreSession *self)
{
  if (self->known_servers == NULL)
    self->known_servers = pupitre_known_servers_new (NULL);

  return self->known_servers;
}

static gboolean
trusted_in_session (PupitreSession *self,
                    const char     *fingerprint)
{
  return self->trusted_fingerprint != NULL &&
         g_strcmp0 (self->trusted_key, self->host_key) == 0 &&
         g_str_equal (self->trusted_fingerprint, fingerprint);
}

/* Called only for a certificate the system's trust store did not validate
 * (@errors is not empty), on the main context while the handshake waits. */
static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  g_autoptr(PupitreSession) self = g_object_ref (PUPITRE_SESSION (user_data));
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *trusted = NULL;
  guint generation = self->generation;
  gboolean changed;

  fingerprint = pupitre_certificate_get_fingerprint (certificate);
  g_debug ("Certificate of %s: %s (validation flags 0x%x)",
           self->host_key, fingerprint, (guint) errors);

  if (trusted_in_session (self, fingerprint))
    return TRUE;

  trusted = pupitre_known_servers_lookup (ensure_known_servers (self), self->host_key, &error);
  if (error != NULL)
    {
      g_clear_error (&self->certificate_error);
      self->certificate_error = g_error_new (PUPITRE_SESSION_ERROR,
                                             PUPITRE_SESSION_ERROR_TRUST_STORE,
                                             _("The server's certificate cannot be checked. %s"),
                                             error->message);
      return FALSE;
    }

  if (trusted != NULL && g_str_equal (trusted, fingerprint))
    return TRUE;

  changed = trusted != NULL;
  g_signal_emit (self, signals[SIGNAL_CERTIFICATE_UNKNOWN], 0,
                 self->host_key, fingerprint, changed);

  /* A handler that started another connection ended this link. */
  if (generation != self->generation || self->cancellable == NULL ||
      g_cancellable_is_cancelled (self->cancellable))
    return FALSE;

  if (trusted_in_session (self, fingerprint))
    return TRUE;

  g_clear_error (&self->certificate_error);
  if (changed)
    self->certificate_error =
      g_error_new (PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_CHANGED,
                   _("Warning: the certificate of the server at %s has changed! "
                     "Its SHA-256 fingerprint is now %s. Someone may be pretending to be "
                     "the server: connect only if the teacher confirms this new certificate."),
                   self->host_key, fingerprint);
  else
    self->certificate_error =
      g_error_new (PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_UNKNOWN,
                   _("The server at %s presents a certificate this computer does not know. "
                     "Its SHA-256 fingerprint is %s: trust it only if it is the one the "
                     "teacher gives."),
                   self->host_key, fingerprint);

  return FALSE;
}

static void
socket_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 gpointer            user_data)
{
  PupitreSession *self = user_data;

  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKING || !G_IS_TLS_CONNECTION (connection))
    return;

  /* One handshake per link, but an attempt on another address of the
   * host may come first: only the latest connection is listened to. */
  if (self->tls_connection != NULL)
    g_clear_signal_handler (&self->accept_certificate_id, self->tls_connection);
  g_set_object (&self->tls_connection, G_TLS_CONNECTION (connection));
  self->accept_certificate_id = g_signal_connect (connection, "accept-certificate",
                                                  G_CALLBACK (accept_certificate_cb), self);
}

/* The link could not be made. What concerns TLS ends the session at once:
 * trying again would meet the same certificate or the same server. */
static void
handshake_failed_or_lost (PupitreSession *self,
                          const GError   *error)
{
  g_autoptr(GError) failure = NULL;

  if (self->certificate_error != NULL)
    {
      failure = g_steal_pointer (&self->certificate_error);
    }
  else if (self->link_secure &&
           (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE) ||
            !g_tls_backend_supports_tls (g_tls_backend_get_default ())))
    {
      failure = g_error_new_literal (PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_TLS_UNAVAILABLE,
                                     _("Secure connections are not available on this computer: "
                                       "GIO has no TLS support (install glib-networking)."));
    }
  else if (self->link_secure && error->domain == G_TLS_ERROR)
    {
      /* GnuTLS meeting a plain server's welcome says "unexpected packet",
       * not "not TLS": the likely cause is said whatever the code. */
      failure = g_error_new (PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_HANDSHAKE_FAILED,
                             _("The server at %s may not offer secure connections: ask the "
                               "teacher, or connect without the secure connection. "
                               "The secure connection failed: %s"),
                             self->host_key, error->message);
    }

  if (failure != NULL)
    {
      g_debug ("TLS failure (%s)", error->message);
      fail (self, failure);
      return;
    }

  link_lost (self, error);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PupitreSession) self = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = g_object_ref (PUPITRE_SESSION (user_data));

  if (connection == NULL)
    {
      handshake_failed_or_lost (self, error);
      return;
    }

  g_debug ("Connected to %s:%u%s", self->host, self->port, self->link_secure ? " (TLS)" : "");
  self->connection = g_steal_pointer (&connection);
  /* The welcome comes first, and the join answers it. */
  read_next (self);
}

static void
open_link (PupitreSession *self)
{
  g_autoptr(GSocketConnectable) address = NULL;

  g_assert (self->cancellable == NULL);
  g_assert (self->client == NULL);

  /* No GSocketClient timeout: it would also cut a quiet lobby. The join
   * timeout covers a server that never answers, and a handshake that
   * never ends. */
  self->client = g_socket_client_new ();
  if (self->link_secure)
    {
      /* GIO validates against the system's trust store; what fails there
       * comes to accept_certificate_cb() instead of being ignored through
       * validation flags (deprecated since GLib 2.72). */
      g_socket_client_set_tls (self->client, TRUE);
      g_signal_connect (self->client, "event", G_CALLBACK (socket_event_cb), self);
    }

  self->cancellable = g_cancellable_new ();
  self->reader = pupitre_line_reader_new (MAX_SERVER_LINE);
  self->join_timeout_id = g_timeout_add (JOIN_TIMEOUT_MS, join_timeout_cb, self);

  /* Not g_socket_client_connect_to_host_async(): it would parse a port out
   * of the host, and a bare IPv6 address is full of colons. */
  address = g_network_address_new (self->host, self->port);
  g_socket_client_connect_async (self->client, address, self->cancellable, connect_cb, self);
}

/* GObject */

static void
pupitre_session_dispose (GObject *object)
{
  PupitreSession *self = PUPITRE_SESSION (object);

  close_link (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_object (&self->known_servers);

  G_OBJECT_CLASS (pupitre_session_parent_class)->dispose (object);
}

static void
pupitre_session_finalize (GObject *object)
{
  PupitreSession *self = PUPITRE_SESSION (object);

  g_clear_object (&self->players);
  g_clear_object (&self->round_results);
  g_clear_object (&self->totals);
  g_clear_object (&self->chat);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->wanted_name, g_free);
  g_clear_pointer (&self->wanted_game, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->game, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->question_text, g_free);
  g_clear_pointer (&self->choices, g_strfreev);
  g_clear_pointer (&self->explanation, g_free);
  g_clear_pointer (&self->read_buffer, g_free);
  g_clear_pointer (&self->host_key, g_free);
  g_clear_pointer (&self->trusted_key, g_free);
  g_clear_pointer (&self->trusted_fingerprint, g_free);

  G_OBJECT_CLASS (pupitre_session_parent_class)->finalize (object);
}

static void
pupitre_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PupitreSession *self = PUPITRE_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_GAME:
      g_value_set_string (value, self->game);
      break;

    case PROP_NEEDED:
      g_value_set_uint (value, self->needed);
      break;

    case PROP_CONNECTED_COUNT:
      g_value_set_uint (value, self->connected_count);
      break;

    case PROP_PLAYER_COUNT:
      g_value_set_uint (value, self->player_count);
      break;

    case PROP_ROUND:
      g_value_set_uint (value, self->round);
      break;

    case PROP_ROUNDS:
      g_value_set_uint (value, self->rounds);
      break;

    case PROP_COUNTDOWN:
      g_value_set_uint (value, self->countdown);
      break;

    case PROP_QUESTION_TEXT:
      g_value_set_string (value, self->question_text);
      break;

    case PROP_CHOICES:
      g_value_set_boxed (value, self->choices);
      break;

    case PROP_TIME_LIMIT_MS:
      g_value_set_int64 (value, self->time_limit_ms);
      break;

    case PROP_DEADLINE:
      g_value_set_int64 (value, self->deadline);
      break;

    case PROP_ANSWERED:
      g_value_set_boolean (value, self->answered);
      break;

    case PROP_CHOSEN:
      g_value_set_int (value, self->chosen);
      break;

    case PROP_ANSWER_TIME_MS:
      g_value_set_int64 (value, self->answer_time_ms);
      break;

    case PROP_PROGRESS_ANSWERED:
      g_value_set_uint (value, self->progress_answered);
      break;

    case PROP_PROGRESS_PLAYERS:
      g_value_set_uint (value, self->progress_players);
      break;

    case PROP_CORRECT:
      g_value_set_uint (value, self->correct);
      break;

    case PROP_EXPLANATION:
      g_value_set_string (value, self->explanation);
      break;

    case PROP_POINTS:
      g_value_set_int64 (value, self->points);
      break;

    case PROP_SCORE:
      g_value_set_int64 (value, self->score);
      break;

    case PROP_RANK:
      g_value_set_uint (value, self->rank);
      break;

    case PROP_FINAL:
      g_value_set_boolean (value, self->final);
      break;

    case PROP_RECONNECT_TIMEOUT:
      g_value_set_uint (value, self->reconnect_timeout_ms);
      break;

    case PROP_SECURE:
      g_value_set_boolean (value, self->secure);
      break;

    case PROP_PLAYERS:
      g_value_set_object (value, self->players);
      break;

    case PROP_ROUND_RESULTS:
      g_value_set_object (value, self->round_results);
      break;

    case PROP_TOTALS:
      g_value_set_object (value, self->totals);
      break;

    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PupitreSession *self = PUPITRE_SESSION (object);

  switch (prop_id)
    {
    case PROP_RECONNECT_TIMEOUT:
      pupitre_session_set_reconnect_timeout (self, g_value_get_uint (value));
      break;

    case PROP_SECURE:
      pupitre_session_set_secure (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_session_class_init (PupitreSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pupitre_session_dispose;
  object_class->finalize = pupitre_session_finalize;
  object_class->get_property = pupitre_session_get_property;
  object_class->set_property = pupitre_session_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       PUPITRE_TYPE_SESSION_STATE, PUPITRE_SESSION_STATE_DISCONNECTED, flags);
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_GAME] =
    g_param_spec_string ("game", NULL, NULL, NULL, flags);
  properties[PROP_NEEDED] =
    g_param_spec_uint ("needed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CONNECTED_COUNT] =
    g_param_spec_uint ("connected-count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PLAYER_COUNT] =
    g_param_spec_uint ("player-count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ROUND] =
    g_param_spec_uint ("round", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ROUNDS] =
    g_param_spec_uint ("rounds", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_COUNTDOWN] =
    g_param_spec_uint ("countdown", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_QUESTION_TEXT] =
    g_param_spec_string ("question-text", NULL, NULL, NULL, flags);
  properties[PROP_CHOICES] =
    g_param_spec_boxed ("choices", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_TIME_LIMIT_MS] =
    g_param_spec_int64 ("time-limit-ms", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DEADLINE] =
    g_param_spec_int64 ("deadline", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ANSWERED] =
    g_param_spec_boolean ("answered", NULL, NULL, FALSE, flags);
  properties[PROP_CHOSEN] =
    g_param_spec_int ("chosen", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_ANSWER_TIME_MS] =
    g_param_spec_int64 ("answer-time-ms", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_PROGRESS_ANSWERED] =
    g_param_spec_uint ("progress-answered", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PROGRESS_PLAYERS] =
    g_param_spec_uint ("progress-players", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CORRECT] =
    g_param_spec_uint ("correct", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_EXPLANATION] =
    g_param_spec_string ("explanation", NULL, NULL, NULL, flags);
  properties[PROP_POINTS] =
    g_param_spec_int64 ("points", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SCORE] =
    g_param_spec_int64 ("score", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_RANK] =
    g_param_spec_uint ("rank", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FINAL] =
    g_param_spec_boolean ("final", NULL, NULL, FALSE, flags);
  properties[PROP_RECONNECT_TIMEOUT] =
    g_param_spec_uint ("reconnect-timeout", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_RECONNECT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECURE] =
    g_param_spec_boolean ("secure", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYERS] =
    g_param_spec_object ("players", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_ROUND_RESULTS] =
    g_param_spec_object ("round-results", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_TOTALS] =
    g_param_spec_object ("totals", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_CHAT] =
    g_param_spec_object ("chat", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_JOINED] =
    g_signal_new ("joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_CHAT_RECEIVED] =
    g_signal_new ("chat-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_COUNTDOWN_STARTED] =
    g_signal_new ("countdown-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_QUESTION_OPENED] =
    g_signal_new ("question-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ANSWER_ACKNOWLEDGED] =
    g_signal_new ("answer-acknowledged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ROUND_FINISHED] =
    g_signal_new ("round-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_STANDING_CHANGED] =
    g_signal_new ("standing-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_GAME_FINISHED] =
    g_signal_new ("game-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SERVER_SHUTDOWN] =
    g_signal_new ("server-shutdown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CERTIFICATE_UNKNOWN] =
    g_signal_new ("certificate-unknown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
pupitre_session_init (PupitreSession *self)
{
  self->state = PUPITRE_SESSION_STATE_DISCONNECTED;
  self->chosen = -1;
  self->answer_time_ms = -1;
  self->reconnect_timeout_ms = DEFAULT_RECONNECT_TIMEOUT_MS;
  self->backoff_ms = BACKOFF_FIRST_MS;
  self->read_buffer = g_malloc (READ_CHUNK);
  g_queue_init (&self->write_queue);

  self->players = g_list_store_new (PUPITRE_TYPE_SCORE_ROW);
  self->round_results = g_list_store_new (PUPITRE_TYPE_SCORE_ROW);
  self->totals = g_list_store_new (PUPITRE_TYPE_SCORE_ROW);
  self->chat = g_list_store_new (PUPITRE_TYPE_CHAT_LINE);
}

/* Public API */

PupitreSession *
pupitre_session_new (void)
{
  return g_object_new (PUPITRE_TYPE_SESSION, NULL);
}

void
pupitre_session_connect (PupitreSession *self,
                         const char     *host,
                         guint           port,
                         const char     *name,
                         const char     *game)
{
  g_return_if_fail (PUPITRE_IS_SESSION (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (port > 0 && port <= 65535);
  g_return_if_fail (name != NULL);

  self->generation++;
  close_link (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_pointer (&self->token, g_free);
  self->quitting = FALSE;

  g_free (self->wanted_name);
  self->wanted_name = g_strdup (name);
  g_free (self->wanted_game);
  self->wanted_game = g_strdup (game);

  self->link_secure = self->secure;
  g_free (self->host_key);
  self->host_key = pupitre_known_servers_format_key (host, port);
  if (self->host_key == NULL)
    self->host_key = g_strdup_printf ("%s:%u", host, port);

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->host, host, PROP_HOST);
  set_uint (self, &self->port, port, PROP_PORT);
  reset_game (self);
  set_state (self, PUPITRE_SESSION_STATE_CONNECTING);
  g_object_thaw_notify (G_OBJECT (self));

  open_link (self);
}

/* Also FALSE for a choice beyond the question's choices. */
gboolean
pupitre_session_answer (PupitreSession *self,
                        guint           choice)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), FALSE);

  if (self->state != PUPITRE_SESSION_STATE_QUESTION || !self->link_joined ||
      self->quitting || self->answered || self->choices == NULL ||
      choice > g_strv_length (self->choices))
    return FALSE;

  send_message (self, pupitre_message_answer (self->round, choice));

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->answered, TRUE, PROP_ANSWERED);
  set_int (self, &self->chosen, choice, PROP_CHOSEN);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

/* Also FALSE for a text the server would refuse: empty, longer than
 * PUPITRE_MAX_CHAT_CHARS characters, or not UTF-8. */
gboolean
pupitre_session_send_chat (PupitreSession *self,
                           const char     *text)
{
  glong n_chars;

  g_return_val_if_fail (PUPITRE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!self->link_joined || self->quitting ||
      self->state == PUPITRE_SESSION_STATE_QUESTION)
    return FALSE;

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars < 1 || n_chars > PUPITRE_MAX_CHAT_CHARS)
    return FALSE;

  send_message (self, pupitre_message_chat_request (text));

  return TRUE;
}

void
pupitre_session_quit (PupitreSession *self)
{
  g_return_if_fail (PUPITRE_IS_SESSION (self));

  if (self->state == PUPITRE_SESSION_STATE_DISCONNECTED || self->quitting)
    return;

  g_clear_handle_id (&self->reconnect_id, g_source_remove);

  if (self->connection != NULL)
    {
      /* The server answers bye and closes; the rest follows from that. */
      self->quitting = TRUE;
      send_message (self, pupitre_message_quit ());
      g_clear_handle_id (&self->join_timeout_id, g_source_remove);
      self->quit_timeout_id = g_timeout_add (QUIT_TIMEOUT_MS, quit_timeout_cb, self);
      return;
    }

  /* Still connecting, or waiting to reconnect: nothing to say goodbye on. */
  fail (self, NULL);
}

PupitreSessionState
pupitre_session_get_state (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), PUPITRE_SESSION_STATE_DISCONNECTED);

  return self->state;
}

const char *
pupitre_session_get_name (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return self->name;
}

guint
pupitre_session_get_needed (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->needed;
}

guint
pupitre_session_get_connected_count (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->connected_count;
}

guint
pupitre_session_get_round (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->round;
}

guint
pupitre_session_get_rounds (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->rounds;
}

const char *
pupitre_session_get_question_text (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return self->question_text;
}

const char * const *
pupitre_session_get_choices (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return (const char * const *) self->choices;
}

gint64
pupitre_session_get_time_limit_ms (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->time_limit_ms;
}

gint64
pupitre_session_get_deadline (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->deadline;
}

gboolean
pupitre_session_get_answered (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), FALSE);

  return self->answered;
}

guint
pupitre_session_get_correct (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->correct;
}

const char *
pupitre_session_get_explanation (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return self->explanation;
}

gint64
pupitre_session_get_score (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->score;
}

guint
pupitre_session_get_rank (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->rank;
}

GListModel *
pupitre_session_get_players (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->players);
}

GListModel *
pupitre_session_get_round_results (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->round_results);
}

GListModel *
pupitre_session_get_totals (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->totals);
}

GListModel *
pupitre_session_get_chat (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->chat);
}

const char *
pupitre_session_get_host (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return self->host;
}

guint
pupitre_session_get_port (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->port;
}

const char *
pupitre_session_get_game (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return self->game;
}

guint
pupitre_session_get_player_count (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->player_count;
}

guint
pupitre_session_get_countdown (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->countdown;
}

int
pupitre_session_get_chosen (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), -1);

  return self->chosen;
}

gint64
pupitre_session_get_answer_time_ms (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), -1);

  return self->answer_time_ms;
}

guint
pupitre_session_get_progress_answered (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->progress_answered;
}

guint
pupitre_session_get_progress_players (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->progress_players;
}

gint64
pupitre_session_get_points (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->points;
}

gboolean
pupitre_session_get_final (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), FALSE);

  return self->final;
}

guint
pupitre_session_get_reconnect_timeout (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->reconnect_timeout_ms;
}

void
pupitre_session_set_reconnect_timeout (PupitreSession *self,
                                       guint           timeout_ms)
{
  g_return_if_fail (PUPITRE_IS_SESSION (self));

  set_uint (self, &self->reconnect_timeout_ms, timeout_ms, PROP_RECONNECT_TIMEOUT);
}

gboolean
pupitre_session_get_secure (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), FALSE);

  return self->secure;
}

void
pupitre_session_set_secure (PupitreSession *self,
                            gboolean        secure)
{
  g_return_if_fail (PUPITRE_IS_SESSION (self));

  set_boolean (self, &self->secure, secure, PROP_SECURE);
}

gboolean
pupitre_session_trust_certificate (PupitreSession  *self,
                                   const char      *fingerprint,
                                   GError         **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (PUPITRE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (self->host_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  normalized = pupitre_fingerprint_normalize (fingerprint);
  if (normalized == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a SHA-256 fingerprint."), fingerprint);
      return FALSE;
    }

  /* Trusted from now on by this session, stored or not: a read-only home
   * must not keep a player out of the game. */
  g_free (self->trusted_key);
  self->trusted_key = g_strdup (self->host_key);
  g_free (self->trusted_fingerprint);
  self->trusted_fingerprint = g_strdup (normalized);

  return pupitre_known_servers_remember (ensure_known_servers (self),
                                         self->host_key, normalized, error);
}

PupitreKnownServers *
pupitre_session_get_known_servers (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return ensure_known_servers (self);
}
