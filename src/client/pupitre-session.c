/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The client side of the protocol: one link to the server, the game as the
 * server last described it, and getting the seat back after a drop. */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pupitre-property.h"
#include "pupitre-link.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"
#include "pupitre-round.h"
#include "pupitre-session-private.h"
#include "pupitre-token-store.h"
#include "pupitre-trust.h"

/* The chat model keeps the latest lines only: a long lobby must not grow it
 * without end. */
#define MAX_CHAT_LINES               500
/* From starting to connect to the server's "joined": a host that drops
 * packets would otherwise leave the kernel retrying for minutes. */
#define DEFAULT_JOIN_TIMEOUT_MS      10000
#define QUIT_TIMEOUT_MS              2000
#define BACKOFF_FIRST_MS             500
#define BACKOFF_MAX_MS               5000
#define DEFAULT_RECONNECT_TIMEOUT_MS 60000

struct _PupitreSession
{
  GObject parent_instance;

  PupitreSessionState state;
  /* What pupitre_session_connect_to() was given, for every link until the
   * next connect: the name as typed goes in the first join. */
  PupitreTarget *target;
  char *name;              /* as the server confirmed it */
  char *game;
  char *token;             /* set once joined: the seat can be resumed */

  guint needed;
  /* The rule and kind of the game joined (section 14.9), for its players to read. */
  PupitreScoring scoring;
  guint connected_count;
  guint player_count;
  PupitreRound *current_round;
  PupitreStanding *standing;
  guint join_timeout_ms;
  guint reconnect_timeout_ms;
  gboolean secure;
  /* Joined during a question it does not play: it waits for the next. */
  gboolean sitting_out;
  gboolean hosted;
  /* g_get_monotonic_time () at which the standing game's lobby opens
   * again after game_over; 0: no new game comes by itself. */
  gint64 next_game_deadline;

  /* Where the seat's token is kept between runs of the app (NULL: only
   * in memory), and whether this link's join carried the kept one. */
  PupitreTokenStore *tokens;
  gboolean kept_token_sent;

  GListStore *players;
  GListStore *round_results;
  GListStore *totals;
  GListStore *chat;

  /* Bumped by every pupitre_session_connect(), so that code running after a
   * signal emission can tell that a handler started another session. */
  guint generation;

  /* Which certificates the links accept. */
  char *host_key;          /* "host:port" as PupitreKnownServers names it */
  PupitreTrust *trust;

  /* The current link to the server, one per connection attempt. */
  PupitreLink *link;
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
  PROP_JOIN_TIMEOUT,
  PROP_RECONNECT_TIMEOUT,
  PROP_SECURE,
  PROP_PLAYERS,
  PROP_ROUND_RESULTS,
  PROP_TOTALS,
  PROP_CHAT,
  PROP_SITTING_OUT,
  PROP_HOSTED,
  PROP_NEXT_GAME_DEADLINE,
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

static gboolean
is_self_name (PupitreSession *self,
              const char     *name)
{
  return self->name != NULL && g_strcmp0 (self->name, name) == 0;
}

/* The round's values and the state change together: no handler of either
 * sees one without the other. */
static void
freeze_notify (PupitreSession *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_freeze_notify (G_OBJECT (self->current_round));
}

static void
thaw_notify (PupitreSession *self)
{
  g_object_thaw_notify (G_OBJECT (self));
  g_object_thaw_notify (G_OBJECT (self->current_round));
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
  pupitre_set_string (self, &self->name, NULL, properties[PROP_NAME]);
  pupitre_set_string (self, &self->game, NULL, properties[PROP_GAME]);
  pupitre_set_uint (self, &self->needed, 0, properties[PROP_NEEDED]);
  pupitre_set_uint (self, &self->connected_count, 0, properties[PROP_CONNECTED_COUNT]);
  pupitre_set_uint (self, &self->player_count, 0, properties[PROP_PLAYER_COUNT]);
  pupitre_set_boolean (self, &self->sitting_out, FALSE, properties[PROP_SITTING_OUT]);
  pupitre_set_boolean (self, &self->hosted, FALSE, properties[PROP_HOSTED]);
  pupitre_set_int64 (self, &self->next_game_deadline, 0, properties[PROP_NEXT_GAME_DEADLINE]);
  pupitre_round_reset (self->current_round);
  pupitre_standing_reset (self->standing);

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

  if (self->link != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->link, self);
      pupitre_link_close (self->link);
      g_clear_object (&self->link);
    }

  self->link_joined = FALSE;
}

/* Ends everything: no link, no reconnection, no seat to resume. Emits @error
 * (if any) before the state becomes DISCONNECTED, so that a client reports
 * why before it reacts to the end. */
static void
fail (PupitreSession *self,
      const GError   *error)
{
  guint generation = self->generation;

  /* Handlers of ::error may drop the last outside reference. */
  g_object_ref (self);
  close_link (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_pointer (&self->token, g_free);
  self->quitting = FALSE;

  if (error != NULL)
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);

  /* A handler may have started a new session from the error. */
  if (generation == self->generation)
    set_state (self, PUPITRE_SESSION_STATE_DISCONNECTED);

  g_object_unref (self);
}

/* Takes ownership of @message. */
static void
send_message (PupitreSession *self,
              GBytes         *message)
{
  if (self->link == NULL)
    {
      g_bytes_unref (message);
      return;
    }

  pupitre_link_send (self->link, message);
}

/* Reconnection */

static gboolean
reconnect_cb (gpointer user_data)
{
  PupitreSession *self = user_data;

  self->reconnect_id = 0;
  g_debug ("Reconnecting to %s", self->host_key);
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

static GError *
new_silent_server_error (PupitreSession *self)
{
  return g_error_new (PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_SILENT_SERVER,
                      _("The server at %s accepted the connection but said nothing. "
                        "It may expect a secure connection: try again with the secure "
                        "connection turned on."),
                      self->host_key);
}

static gboolean
join_timeout_cb (gpointer user_data)
{
  g_autoptr(PupitreSession) self = g_object_ref (user_data);
  g_autoptr(GError) error = NULL;

  self->join_timeout_id = 0;

  /* A Pupitre server greets a plain connection at once; one that says
   * nothing at all is most likely waiting for a TLS handshake. */
  if (self->link != NULL && pupitre_link_is_connected (self->link) &&
      !pupitre_link_has_received (self->link) && !self->target->secure)
    error = new_silent_server_error (self);
  else
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                         _("The server at %s did not answer in time."), self->target->host);
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

/* The tokens kept on disk */

static const char *
kept_game (PupitreSession *self)
{
  /* The standing game's code, when the player named none. */
  if (self->game != NULL)
    return self->game;
  return self->target->game != NULL && *self->target->game != '\0' ? self->target->game : "main";
}

static char *
lookup_kept_token (PupitreSession *self)
{
  g_autofree char *name = NULL;
  g_autofree char *token = NULL;

  if (self->tokens == NULL)
    return NULL;

  token = pupitre_token_store_lookup (self->tokens, PUPITRE_TOKEN_PLAYER, self->host_key,
                                      kept_game (self), &name);
  /* Another name is another player on the same computer. */
  if (token == NULL || g_strcmp0 (name, self->target->name) != 0)
    return NULL;
  return g_steal_pointer (&token);
}

static void
keep_token (PupitreSession *self)
{
  g_autoptr(GError) error = NULL;

  if (self->tokens == NULL || self->token == NULL)
    return;

  if (!pupitre_token_store_save (self->tokens, PUPITRE_TOKEN_PLAYER, self->host_key,
                                 kept_game (self), self->target->name, self->token, &error))
    g_warning ("The seat cannot be kept for a restart: %s", error->message);
}

static void
forget_token (PupitreSession *self)
{
  g_autoptr(GError) error = NULL;

  if (self->tokens == NULL)
    return;

  if (!pupitre_token_store_forget (self->tokens, PUPITRE_TOKEN_PLAYER, self->host_key,
                                   kept_game (self), &error))
    g_warning ("A finished game's seat cannot be forgotten: %s", error->message);
}

/* Messages from the server, decoded and checked whole by the link. */

/* Sent as soon as the link opens, before the welcome (docs/protocol.md
 * section 15.1): a proxy in front of several servers routes the
 * connection on this first line. A server of a newer protocol still
 * answers a join of version 1, or refuses it with protocol-version. */
static void
send_join (PupitreSession *self)
{
  g_autofree char *kept = NULL;

  self->kept_token_sent = FALSE;
  if (self->token != NULL)
    {
      send_message (self, pupitre_message_join (self->name, self->game, self->token, NULL));
      return;
    }

  /* The app was closed or killed during a game: the seat kept for this
   * server, game and name is taken back. */
  kept = lookup_kept_token (self);
  if (kept != NULL)
    {
      self->kept_token_sent = TRUE;
      send_message (self, pupitre_message_join (self->target->name, self->target->game,
                                                kept, NULL));
      return;
    }

  send_message (self, pupitre_message_join (self->target->name, self->target->game, NULL, NULL));
}

static void
handle_welcome (PupitreSession             *self,
                const PupitreServerWelcome *welcome)
{
  /* The join already went: nothing waits for the welcome. */
}

static PupitreSessionState
state_from_game (PupitreGameState state)
{
  switch (state)
    {
    case PUPITRE_GAME_STATE_LOBBY: return PUPITRE_SESSION_STATE_LOBBY;
    case PUPITRE_GAME_STATE_COUNTDOWN: return PUPITRE_SESSION_STATE_COUNTDOWN;
    case PUPITRE_GAME_STATE_QUESTION: return PUPITRE_SESSION_STATE_QUESTION;
    case PUPITRE_GAME_STATE_RESULTS: return PUPITRE_SESSION_STATE_RESULTS;
    case PUPITRE_GAME_STATE_OVER: return PUPITRE_SESSION_STATE_OVER;
    default: g_return_val_if_reached (PUPITRE_SESSION_STATE_LOBBY);
    }
}

static void
handle_joined (PupitreSession            *self,
               const PupitreServerJoined *joined)
{
  g_clear_handle_id (&self->join_timeout_id, g_source_remove);
  self->link_joined = TRUE;
  self->reconnect_since = 0;
  self->backoff_ms = BACKOFF_FIRST_MS;
  g_free (self->token);
  self->token = g_strdup (joined->token);
  self->kept_token_sent = FALSE;

  freeze_notify (self);
  pupitre_set_string (self, &self->name, joined->name, properties[PROP_NAME]);
  pupitre_set_string (self, &self->game, joined->game, properties[PROP_GAME]);
  pupitre_set_uint (self, &self->needed, joined->needed, properties[PROP_NEEDED]);
  self->scoring = joined->scoring;
  pupitre_set_boolean (self, &self->hosted, joined->hosted, properties[PROP_HOSTED]);
  /* A question open now goes to this seat only if it plays it (a resume);
   * a late joiner waits for the next one. Either way the round shown is
   * the server's, never one kept from before. */
  if (joined->round > 0)
    pupitre_round_enter (self->current_round, joined->round, joined->rounds);
  pupitre_set_boolean (self, &self->sitting_out,
                       joined->state == PUPITRE_GAME_STATE_QUESTION,
                       properties[PROP_SITTING_OUT]);
  if (joined->state != PUPITRE_GAME_STATE_OVER)
    pupitre_set_int64 (self, &self->next_game_deadline, 0, properties[PROP_NEXT_GAME_DEADLINE]);
  set_state (self, state_from_game (joined->state));
  thaw_notify (self);

  keep_token (self);

  g_signal_emit (self, signals[SIGNAL_JOINED], 0, joined->resumed);
}

static void
handle_players (PupitreSession             *self,
                const PupitreServerPlayers *players)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint connected = 0, rank = 0;

  for (guint i = 0; i < players->n_players; i++)
    {
      const PupitreServerPlayer *player = &players->players[i];

      /* The list is sorted by score: equal scores share a rank (1, 1, 3). */
      if (i == 0 || player->score != players->players[i - 1].score)
        rank = i + 1;

      if (player->connected)
        connected++;

      g_ptr_array_add (rows, pupitre_score_row_new_player (player->name, player->connected,
                                                           player->score, rank,
                                                           is_self_name (self, player->name)));
    }

  /* The counts first: a view reacting to items-changed reads them. */
  g_object_freeze_notify (G_OBJECT (self));
  pupitre_set_uint (self, &self->player_count, players->count, properties[PROP_PLAYER_COUNT]);
  pupitre_set_uint (self, &self->connected_count, connected, properties[PROP_CONNECTED_COUNT]);
  if (players->needed >= 0)
    pupitre_set_uint (self, &self->needed, players->needed, properties[PROP_NEEDED]);
  replace_items (self->players, rows);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
handle_chat (PupitreSession          *self,
             const PupitreServerChat *chat)
{
  g_autoptr(PupitreChatLine) line = NULL;
  guint n;

  line = pupitre_chat_line_new (chat->from, chat->text, is_self_name (self, chat->from));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->chat));
  /* The oldest lines go from the top, the new one below the others. */
  if (n >= MAX_CHAT_LINES)
    g_list_store_splice (self->chat, 0, n - MAX_CHAT_LINES + 1, NULL, 0);
  g_list_store_append (self->chat, line);

  g_signal_emit (self, signals[SIGNAL_CHAT_RECEIVED], 0, chat->from, chat->text);
}

static void
handle_countdown (PupitreSession               *self,
                  const PupitreServerCountdown *countdown)
{
  freeze_notify (self);
  pupitre_round_announce (self->current_round, countdown);
  pupitre_set_boolean (self, &self->sitting_out, FALSE, properties[PROP_SITTING_OUT]);
  pupitre_set_int64 (self, &self->next_game_deadline, 0, properties[PROP_NEXT_GAME_DEADLINE]);
  set_state (self, PUPITRE_SESSION_STATE_COUNTDOWN);
  thaw_notify (self);

  g_signal_emit (self, signals[SIGNAL_COUNTDOWN_STARTED], 0);
}

static void
handle_question (PupitreSession              *self,
                 const PupitreServerQuestion *question)
{
  freeze_notify (self);
  pupitre_round_open (self->current_round, question);
  pupitre_set_boolean (self, &self->sitting_out, FALSE, properties[PROP_SITTING_OUT]);
  set_state (self, PUPITRE_SESSION_STATE_QUESTION);
  thaw_notify (self);

  g_signal_emit (self, signals[SIGNAL_QUESTION_OPENED], 0);
}

static void
handle_answer_ack (PupitreSession               *self,
                   const PupitreServerAnswerAck *ack)
{
  pupitre_round_acknowledge (self->current_round, ack);

  g_signal_emit (self, signals[SIGNAL_ANSWER_ACKNOWLEDGED], 0);
}

static void
handle_progress (PupitreSession              *self,
                 const PupitreServerProgress *progress)
{
  pupitre_round_progress (self->current_round, progress);
}

static GPtrArray *
total_rows (PupitreSession           *self,
            const PupitreServerTotal *totals,
            guint                     n_totals)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_totals; i++)
    g_ptr_array_add (rows, pupitre_score_row_new_total (totals[i].name, totals[i].score,
                                                        totals[i].rank,
                                                        is_self_name (self, totals[i].name)));

  return rows;
}

static void
handle_round_result (PupitreSession                 *self,
                     const PupitreServerRoundResult *result)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) totals = total_rows (self, result->totals, result->n_totals);

  for (guint i = 0; i < result->n_results; i++)
    {
      const PupitreServerResult *entry = &result->results[i];

      g_ptr_array_add (results, pupitre_score_row_new_result (entry->name, entry->choice,
                                                              entry->points, entry->time_ms,
                                                              is_self_name (self, entry->name)));
    }

  freeze_notify (self);
  pupitre_round_close (self->current_round, result);
  pupitre_set_boolean (self, &self->sitting_out, FALSE, properties[PROP_SITTING_OUT]);
  set_state (self, PUPITRE_SESSION_STATE_RESULTS);
  replace_items (self->round_results, results);
  replace_items (self->totals, totals);
  thaw_notify (self);

  g_signal_emit (self, signals[SIGNAL_ROUND_FINISHED], 0);
}

static void
handle_standing (PupitreSession              *self,
                 const PupitreServerStanding *standing)
{
  pupitre_standing_update (self->standing, standing);

  g_signal_emit (self, signals[SIGNAL_STANDING_CHANGED], 0);
}

static void
handle_game_over (PupitreSession              *self,
                  const PupitreServerGameOver *game_over)
{
  g_autoptr(GPtrArray) totals = total_rows (self, game_over->totals, game_over->n_totals);

  g_object_freeze_notify (G_OBJECT (self));
  pupitre_set_boolean (self, &self->sitting_out, FALSE, properties[PROP_SITTING_OUT]);
  pupitre_set_int64 (self, &self->next_game_deadline,
                     game_over->next_game_ms >= 0
                     ? g_get_monotonic_time () + game_over->next_game_ms * G_TIME_SPAN_MILLISECOND
                     : 0,
                     properties[PROP_NEXT_GAME_DEADLINE]);
  set_state (self, PUPITRE_SESSION_STATE_OVER);
  replace_items (self->totals, totals);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_GAME_FINISHED], 0);
}

static void
handle_error (PupitreSession           *self,
              const PupitreServerError *server_error)
{
  g_autoptr(GError) error = NULL;
  const char *message = server_error->message;

  if (message == NULL)
    message = pupitre_error_code_describe (server_error->code);
  g_debug ("Server error %s: %s", server_error->code_name, message);

  /* The kept seat is gone (its game ended, the server restarted): forget
   * it and join as a newcomer on the same connection. */
  if (!self->link_joined && self->kept_token_sent &&
      server_error->code == PUPITRE_ERROR_BAD_TOKEN)
    {
      forget_token (self);
      self->kept_token_sent = FALSE;
      send_message (self, pupitre_message_join (self->target->name, self->target->game,
                                                NULL, NULL));
      return;
    }

  error = g_error_new_literal (PUPITRE_ERROR, server_error->code, message);

  /* Before "joined" the only thing sent was the join: the server refused the
   * seat (or its resume), so there is no game to stay in. A fatal code means
   * the server is closing the connection. */
  if (!self->link_joined || pupitre_error_code_is_fatal (server_error->code))
    fail (self, error);
  else
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

static void
handle_shutdown (PupitreSession *self)
{
  guint generation = self->generation;

  /* The server is going away: do not try to come back. Its tokens do
   * not survive it either. */
  forget_token (self);
  close_link (self);
  g_clear_pointer (&self->token, g_free);
  self->quitting = FALSE;

  g_signal_emit (self, signals[SIGNAL_SERVER_SHUTDOWN], 0);

  if (generation == self->generation)
    set_state (self, PUPITRE_SESSION_STATE_DISCONNECTED);
}

void
pupitre_session_handle_message (PupitreSession             *self,
                                const PupitreServerMessage *message)
{
  g_return_if_fail (PUPITRE_IS_SESSION (self));
  g_return_if_fail (message != NULL);

  /* Signal handlers may drop the last outside reference. */
  g_object_ref (self);

  switch (message->type)
    {
    case PUPITRE_SERVER_WELCOME:
      handle_welcome (self, &message->welcome);
      break;
    case PUPITRE_SERVER_JOINED:
      handle_joined (self, &message->joined);
      break;
    case PUPITRE_SERVER_PLAYERS:
      handle_players (self, &message->players);
      break;
    case PUPITRE_SERVER_CHAT:
      handle_chat (self, &message->chat);
      break;
    case PUPITRE_SERVER_COUNTDOWN:
      handle_countdown (self, &message->countdown);
      break;
    case PUPITRE_SERVER_QUESTION:
      handle_question (self, &message->question);
      break;
    case PUPITRE_SERVER_ANSWER_ACK:
      handle_answer_ack (self, &message->answer_ack);
      break;
    case PUPITRE_SERVER_PROGRESS:
      handle_progress (self, &message->progress);
      break;
    case PUPITRE_SERVER_ROUND_RESULT:
      handle_round_result (self, &message->round_result);
      break;
    case PUPITRE_SERVER_STANDING:
      handle_standing (self, &message->standing);
      break;
    case PUPITRE_SERVER_GAME_OVER:
      handle_game_over (self, &message->game_over);
      break;
    case PUPITRE_SERVER_ERROR:
      handle_error (self, &message->error);
      break;
    case PUPITRE_SERVER_SHUTDOWN:
      handle_shutdown (self);
      break;
    case PUPITRE_SERVER_BYE:
      fail (self, NULL);
      break;
    case PUPITRE_SERVER_PONG:
    case PUPITRE_SERVER_UNKNOWN:
    default:
      /* pong, and types of a newer protocol: nothing to do. */
      g_debug ("Ignoring a \"%s\" message", message->type_name);
      break;
    }

  g_object_unref (self);
}

/* The link's signals */

static void
link_message_received_cb (PupitreLink                *link,
                          const PupitreServerMessage *message,
                          gpointer                    user_data)
{
  pupitre_session_handle_message (PUPITRE_SESSION (user_data), message);
}

static void
link_certificate_unknown_cb (PupitreLink *link,
                             const char  *host_and_port,
                             const char  *fingerprint,
                             gboolean     changed,
                             gpointer     user_data)
{
  g_autoptr(PupitreSession) self = g_object_ref (PUPITRE_SESSION (user_data));

  g_signal_emit (self, signals[SIGNAL_CERTIFICATE_UNKNOWN], 0,
                 host_and_port, fingerprint, changed);
}

static void
link_closed_cb (PupitreLink  *link,
                const GError *error,
                gboolean      fatal,
                gpointer      user_data)
{
  g_autoptr(PupitreSession) self = g_object_ref (PUPITRE_SESSION (user_data));

  /* What would fail again the same way ends the session at once. */
  if (fatal)
    fail (self, error);
  else
    link_lost (self, error);
}

static void
open_link (PupitreSession *self)
{
  g_assert (self->link == NULL);

  self->link = pupitre_link_new (self->target->host, self->target->port, self->target->secure,
                                 self->trust);
  g_signal_connect (self->link, "message-received",
                    G_CALLBACK (link_message_received_cb), self);
  g_signal_connect (self->link, "certificate-unknown",
                    G_CALLBACK (link_certificate_unknown_cb), self);
  g_signal_connect (self->link, "closed", G_CALLBACK (link_closed_cb), self);

  self->join_timeout_id = g_timeout_add (self->join_timeout_ms, join_timeout_cb, self);
  pupitre_link_open (self->link);
  send_join (self);
}

/* GObject */

static void
pupitre_session_dispose (GObject *object)
{
  PupitreSession *self = PUPITRE_SESSION (object);

  close_link (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_object (&self->trust);
  g_clear_object (&self->tokens);

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
  g_clear_object (&self->standing);
  g_clear_object (&self->current_round);
  g_clear_pointer (&self->target, pupitre_target_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->game, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->host_key, g_free);

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
      g_value_set_string (value, pupitre_session_get_host (self));
      break;

    case PROP_PORT:
      g_value_set_uint (value, pupitre_session_get_port (self));
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

    case PROP_JOIN_TIMEOUT:
      g_value_set_uint (value, self->join_timeout_ms);
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

    case PROP_SITTING_OUT:
      g_value_set_boolean (value, self->sitting_out);
      break;

    case PROP_HOSTED:
      g_value_set_boolean (value, self->hosted);
      break;

    case PROP_NEXT_GAME_DEADLINE:
      g_value_set_int64 (value, self->next_game_deadline);
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
    case PROP_JOIN_TIMEOUT:
      pupitre_session_set_join_timeout (self, g_value_get_uint (value));
      break;

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
  /* From the start of each connection to the server's "joined". */
  properties[PROP_JOIN_TIMEOUT] =
    g_param_spec_uint ("join-timeout", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_JOIN_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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

  properties[PROP_SITTING_OUT] =
    g_param_spec_boolean ("sitting-out", NULL, NULL, FALSE, flags);
  properties[PROP_HOSTED] =
    g_param_spec_boolean ("hosted", NULL, NULL, FALSE, flags);
  properties[PROP_NEXT_GAME_DEADLINE] =
    g_param_spec_int64 ("next-game-deadline", NULL, NULL, 0, G_MAXINT64, 0, flags);

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
  self->current_round = pupitre_round_new ();
  self->join_timeout_ms = DEFAULT_JOIN_TIMEOUT_MS;
  self->reconnect_timeout_ms = DEFAULT_RECONNECT_TIMEOUT_MS;
  self->backoff_ms = BACKOFF_FIRST_MS;
  self->trust = pupitre_trust_new ();
  self->standing = pupitre_standing_new ();

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
  g_autoptr(PupitreTarget) target = NULL;

  g_return_if_fail (PUPITRE_IS_SESSION (self));

  target = pupitre_target_new (host, port, name, game, self->secure);
  pupitre_session_connect_to (self, target);
}

void
pupitre_session_connect_to (PupitreSession      *self,
                            const PupitreTarget *target)
{
  gboolean host_changed, port_changed;

  g_return_if_fail (PUPITRE_IS_SESSION (self));
  g_return_if_fail (target != NULL);
  g_return_if_fail (target->host != NULL);
  g_return_if_fail (target->port > 0 && target->port <= 65535);
  g_return_if_fail (target->name != NULL);

  self->generation++;
  close_link (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_pointer (&self->token, g_free);
  self->quitting = FALSE;

  host_changed = self->target == NULL || g_strcmp0 (self->target->host, target->host) != 0;
  port_changed = self->target == NULL || self->target->port != target->port;
  g_clear_pointer (&self->target, pupitre_target_free);
  self->target = pupitre_target_copy (target);

  g_free (self->host_key);
  self->host_key = pupitre_known_servers_format_key (target->host, target->port);
  if (self->host_key == NULL)
    self->host_key = g_strdup_printf ("%s:%u", target->host, target->port);

  g_object_freeze_notify (G_OBJECT (self));
  if (host_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
  if (port_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  pupitre_set_boolean (self, &self->secure, target->secure, properties[PROP_SECURE]);
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
  const char * const *choices;

  g_return_val_if_fail (PUPITRE_IS_SESSION (self), FALSE);

  choices = pupitre_round_get_choices (self->current_round);
  if (self->state != PUPITRE_SESSION_STATE_QUESTION || !self->link_joined ||
      self->quitting || pupitre_round_get_answered (self->current_round) ||
      choices == NULL || choice > g_strv_length ((char **) choices))
    return FALSE;

  send_message (self, pupitre_message_answer (pupitre_round_get_number (self->current_round),
                                              choice));

  pupitre_round_choose (self->current_round, choice);

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

  /* Quitting in the lobby gives the seat up, and after the game there is
   * nothing left to come back to; during a game the server keeps the
   * seat until the game ends, and the kept token with it. */
  if (self->state == PUPITRE_SESSION_STATE_LOBBY ||
      self->state == PUPITRE_SESSION_STATE_CONNECTING ||
      self->state == PUPITRE_SESSION_STATE_OVER)
    forget_token (self);

  if (self->link != NULL && pupitre_link_is_connected (self->link))
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

/* Known from "joined" on, and read on its signal. */
PupitreScoring
pupitre_session_get_scoring (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), PUPITRE_SCORING_CLASSIC);

  return self->scoring;
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










PupitreRound *
pupitre_session_get_current_round (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return self->current_round;
}

PupitreStanding *
pupitre_session_get_standing (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return self->standing;
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

  return self->target != NULL ? self->target->host : NULL;
}

guint
pupitre_session_get_port (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->target != NULL ? self->target->port : 0;
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
pupitre_session_get_join_timeout (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->join_timeout_ms;
}

void
pupitre_session_set_join_timeout (PupitreSession *self,
                                  guint           timeout_ms)
{
  g_return_if_fail (PUPITRE_IS_SESSION (self));
  g_return_if_fail (timeout_ms > 0);

  pupitre_set_uint (self, &self->join_timeout_ms, timeout_ms,
                    properties[PROP_JOIN_TIMEOUT]);
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

  pupitre_set_uint (self, &self->reconnect_timeout_ms, timeout_ms,
                    properties[PROP_RECONNECT_TIMEOUT]);
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

  pupitre_set_boolean (self, &self->secure, secure, properties[PROP_SECURE]);
}

gboolean
pupitre_session_trust_certificate (PupitreSession  *self,
                                   const char      *fingerprint,
                                   GError         **error)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (self->host_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pupitre_trust_accept (self->trust, self->host_key, fingerprint, error);
}

PupitreKnownServers *
pupitre_session_get_known_servers (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), NULL);

  return pupitre_trust_get_known_servers (self->trust);
}

gboolean
pupitre_session_get_sitting_out (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), FALSE);

  return self->sitting_out;
}

gboolean
pupitre_session_get_hosted (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), FALSE);

  return self->hosted;
}

gint64
pupitre_session_get_next_game_deadline (PupitreSession *self)
{
  g_return_val_if_fail (PUPITRE_IS_SESSION (self), 0);

  return self->next_game_deadline;
}

void
pupitre_session_set_token_store (PupitreSession    *self,
                                 PupitreTokenStore *store)
{
  g_return_if_fail (PUPITRE_IS_SESSION (self));
  g_return_if_fail (store == NULL || PUPITRE_IS_TOKEN_STORE (store));

  g_set_object (&self->tokens, store);
}
