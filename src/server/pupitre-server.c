/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sockets of pupitre-server: one epoll set watched by one main-loop source.
 *
 * GIO gives each pending operation its own GSource, and the main loop
 * polls every one of them on every iteration: at 10,000 players that costs
 * milliseconds per message. Here the listening sockets stay with
 * GSocketService, while every client socket joins a single epoll set whose
 * descriptor is the only thing the main loop watches; reads and writes are
 * non-blocking and the game state machine still runs in the main loop. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "pupitre-connection.h"
#include "pupitre-error.h"
#include "pupitre-fingerprint.h"
#include "pupitre-game.h"
#include "pupitre-log.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"
#include "pupitre-results.h"
#include "pupitre-server.h"

#define DEFAULT_GAME_CODE  "main"
#define MAX_EVENTS         1024
/* Bytes read from one client per wakeup: fairness between clients. */
#define READ_BUDGET        (64 * 1024)
/* A client whose oldest queued line waits this long is not reading. */
#define MAX_QUEUE_AGE_US   (60 * G_USEC_PER_SEC)
/* How long a closing connection may take to receive its last lines. */
#define LINGER_US          (2 * G_USEC_PER_SEC)
/* Descriptors kept free for logs, quiz reloads and results files. */
#define SPARE_FDS          64
#define LISTEN_BACKLOG     4096

struct _PupitreServer
{
  GObject           parent_instance;

  PupitreConfig    *config;
  PupitreGame      *game;
  PupitreResults   *results;
  GTlsCertificate  *certificate;    /* NULL: plain TCP */
  GSocketService   *service;
  guint             port;
  gboolean          accepting;
  guint             max_connections;

  int               epfd;
  guint             epoll_source;

  GQueue            connections;   /* every open connection */
  GQueue            unjoined;      /* by join deadline */
  GQueue            closing;       /* by give-up time */
  GQueue            flush_queue;   /* connections with lines to write */
  guint             flush_idle;
  GSList           *graveyard;     /* closed, freed once nothing uses them */
  guint             graveyard_idle;

  guint             game_timer;
  gint64            game_timer_at;
  guint             join_timer;
  guint             closing_timer;

  GBytes           *welcome;
  gboolean          draining;
  gboolean          stopping;
  gboolean          finished;
  gint64            status_at;
};

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PupitreServer, pupitre_server, G_TYPE_OBJECT)

/* Lines about each player let a teacher follow a class. With hundreds of
 * players they would flood the journal (whose rate limit drops them
 * anyway) and cost more than the game: they become debug lines. */
#define PLAYER_LOG_MAX_CONNECTIONS 200

#define player_log(self, player, ...)                                           \
  pupitre_log_player ((self)->connections.length <= PLAYER_LOG_MAX_CONNECTIONS   \
                      ? G_LOG_LEVEL_MESSAGE : G_LOG_LEVEL_DEBUG,                 \
                      pupitre_game_get_code ((self)->game), (player),            \
                      pupitre_game_get_round ((self)->game), __VA_ARGS__)

static void close_connection (PupitreServer     *self,
                              PupitreConnection *conn,
                              gboolean           linger,
                              gboolean           quit);
static void drain_outbox     (PupitreServer     *self);

static void
notify_status (PupitreServer *self,
               gboolean       force)
{
#ifdef HAVE_LIBSYSTEMD
  gint64 now = g_get_monotonic_time ();

  if (!force && now - self->status_at < G_USEC_PER_SEC)
    return;
  self->status_at = now;
  sd_notifyf (0, "STATUS=%s, round %u, %u of %u players connected",
              pupitre_game_phase_to_string (pupitre_game_get_phase (self->game)),
              pupitre_game_get_round (self->game),
              pupitre_game_get_n_connected (self->game),
              pupitre_game_get_n_seats (self->game));
#endif
}

static void
update_epoll (PupitreServer     *self,
              PupitreConnection *conn)
{
  guint events = EPOLLIN | (pupitre_connection_has_output (conn) ? EPOLLOUT : 0);
  struct epoll_event event = { .events = events, .data.ptr = conn };

  if (events == conn->epoll_events || conn->fd < 0)
    return;
  if (epoll_ctl (self->epfd, EPOLL_CTL_MOD, conn->fd, &event) < 0)
    g_warning ("epoll_ctl: %s", g_strerror (errno));
  conn->epoll_events = events;
}

static gboolean
free_graveyard_cb (gpointer user_data)
{
  PupitreServer *self = user_data;

  g_slist_free_full (g_steal_pointer (&self->graveyard),
                     (GDestroyNotify) pupitre_connection_free);
  self->graveyard_idle = 0;

  if (self->stopping && g_queue_is_empty (&self->connections) && !self->finished)
    {
      self->finished = TRUE;
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
    }
  return G_SOURCE_REMOVE;
}

/* The final close: the descriptor leaves epoll at once, the memory when
 * no caller up the stack can still hold the connection. */
static void
release_connection (PupitreServer     *self,
                    PupitreConnection *conn)
{
  if (conn->handshake != NULL)
    g_cancellable_cancel (conn->handshake);
  if (conn->fd >= 0)
    {
      if (conn->epoll_events != 0)
        epoll_ctl (self->epfd, EPOLL_CTL_DEL, conn->fd, NULL);
      g_io_stream_close (conn->stream, NULL, NULL);
      g_socket_close (conn->socket, NULL);
      conn->fd = -1;
    }
  if (conn->in_pending_queue)
    {
      g_queue_unlink (conn->closing ? &self->closing : &self->unjoined, &conn->pending_link);
      conn->in_pending_queue = FALSE;
    }
  g_queue_unlink (&self->connections, &conn->link);
  if (conn->in_flush_queue)
    {
      g_queue_unlink (&self->flush_queue, &conn->flush_link);
      conn->in_flush_queue = FALSE;
    }
  pupitre_connection_drop_output (conn);

  self->graveyard = g_slist_prepend (self->graveyard, conn);
  if (self->graveyard_idle == 0)
    self->graveyard_idle = g_idle_add (free_graveyard_cb, self);

  if (!self->accepting && !self->stopping &&
      self->connections.length + 16 < self->max_connections)
    {
      self->accepting = TRUE;
      g_socket_service_start (self->service);
    }
}

static void flush_connection (PupitreServer     *self,
                              PupitreConnection *conn);

static gboolean
flush_queue_cb (gpointer user_data)
{
  PupitreServer *self = user_data;
  GList *link;

  self->flush_idle = 0;
  while ((link = g_queue_pop_head_link (&self->flush_queue)) != NULL)
    {
      PupitreConnection *conn = link->data;

      conn->in_flush_queue = FALSE;
      if (conn->fd >= 0)
        flush_connection (self, conn);
    }
  return G_SOURCE_REMOVE;
}

static void
send_line (PupitreServer     *self,
           PupitreConnection *conn,
           GBytes            *bytes)
{
  gboolean was_idle;

  if (conn->fd < 0 || conn->write_shut || conn->handshake != NULL)
    return;

  was_idle = !pupitre_connection_has_output (conn);
  if (!pupitre_connection_send (conn, bytes, PUPITRE_MAX_QUEUED_BYTES, MAX_QUEUE_AGE_US,
                                g_get_monotonic_time ()))
    {
      g_autoptr(GBytes) line = NULL;

      g_message (_("%s (%s) stopped reading: disconnected"),
                 conn->seat ? pupitre_seat_get_name (conn->seat) : _("unnamed client"),
                 conn->peer);
      /* Whatever waits is lost anyway; the error goes out if the kernel
       * still has room for it. */
      pupitre_connection_drop_output (conn);
      line = pupitre_message_error ("slow-consumer",
                                    _("Too much data waits for you: you are disconnected"),
                                    NULL);
      pupitre_connection_send (conn, line, G_MAXSIZE, G_MAXINT64, g_get_monotonic_time ());
      pupitre_connection_flush (conn, g_get_monotonic_time (), NULL);
      close_connection (self, conn, FALSE, FALSE);
      return;
    }

  /* A client already waiting for room gets its line when epoll says so;
   * the others are written once the current event is handled, so that
   * what one event says to a player (a round's result and its standing)
   * leaves in one system call. */
  if (!was_idle || conn->in_flush_queue)
    return;
  g_queue_push_tail_link (&self->flush_queue, &conn->flush_link);
  conn->in_flush_queue = TRUE;
  if (self->flush_idle == 0)
    self->flush_idle = g_idle_add_full (G_PRIORITY_HIGH, flush_queue_cb, self, NULL);
}

static void
send_error (PupitreServer     *self,
            PupitreConnection *conn,
            const GError      *error,
            const char        *ref)
{
  g_autoptr(GBytes) line = NULL;
  PupitreErrorCode code = error->domain == PUPITRE_ERROR ? error->code : PUPITRE_ERROR_BAD_FIELD;

  line = pupitre_message_error (pupitre_error_code_to_string (code), error->message, ref);
  send_line (self, conn, line);

  if (pupitre_error_code_is_fatal (code))
    {
      close_connection (self, conn, TRUE, FALSE);
      return;
    }

  if (++conn->errors >= PUPITRE_MAX_ERRORS)
    {
      g_message (_("%s sent %u bad messages: disconnected"), conn->peer, conn->errors);
      close_connection (self, conn, TRUE, FALSE);
    }
}

/* The join deadline and lingering closes each keep their connections in a
 * FIFO queue ordered by deadline, watched by one timer for the head. */
static void
arm_queue_timer (GQueue      *queue,
                 guint       *timer,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  PupitreConnection *head = g_queue_peek_head (queue);
  gint64 delay;

  if (*timer != 0 || head == NULL)
    return;
  delay = MAX (head->pending_deadline - g_get_monotonic_time (), 0);
  *timer = g_timeout_add ((guint) ((delay + 999) / 1000), callback, user_data);
}

static PupitreConnection *
peek_expired (GQueue *queue,
              gint64  now)
{
  PupitreConnection *head = g_queue_peek_head (queue);

  return head != NULL && head->pending_deadline <= now ? head : NULL;
}

static gboolean
closing_timer_cb (gpointer user_data)
{
  PupitreServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  PupitreConnection *head;

  self->closing_timer = 0;
  while ((head = peek_expired (&self->closing, now)) != NULL)
    release_connection (self, head);
  arm_queue_timer (&self->closing, &self->closing_timer, closing_timer_cb, self);
  return G_SOURCE_REMOVE;
}

static gboolean
join_timer_cb (gpointer user_data)
{
  PupitreServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  PupitreConnection *head;

  self->join_timer = 0;
  while ((head = peek_expired (&self->unjoined, now)) != NULL)
    {
      g_autoptr(GError) error = g_error_new (PUPITRE_ERROR, PUPITRE_ERROR_JOIN_TIMEOUT,
                                             _("No join within %d seconds"),
                                             PUPITRE_JOIN_TIMEOUT_MS / 1000);

      g_message (_("%s did not join in time: disconnected"), head->peer);
      send_error (self, head, error, NULL);
    }
  arm_queue_timer (&self->unjoined, &self->join_timer, join_timer_cb, self);
  return G_SOURCE_REMOVE;
}

/* Ends a connection. With @linger, what is queued is still written and the
 * socket half-closed, and the peer's last bytes are read and dropped: closing
 * with unread data would reset the link and could swallow our last line. */
static void
close_connection (PupitreServer     *self,
                  PupitreConnection *conn,
                  gboolean           linger,
                  gboolean           quit)
{
  if (conn->fd < 0)
    return;

  if (conn->seat != NULL)
    {
      PupitreSeat *seat = conn->seat;

      player_log (self, pupitre_seat_get_name (seat),
                  quit ? _("%s left the game (%s)") : _("%s disconnected (%s)"),
                 pupitre_seat_get_name (seat), conn->peer);
      conn->seat = NULL;
      pupitre_seat_set_user_data (seat, NULL);
      pupitre_game_leave (self->game, seat, quit, g_get_monotonic_time ());
      notify_status (self, FALSE);
      drain_outbox (self);
    }
  else if (!conn->closing)
    g_debug ("Connection from %s closed", conn->peer);

  if (conn->closing)
    {
      if (!linger)
        release_connection (self, conn);
      return;
    }

  if (conn->in_pending_queue)
    {
      g_queue_unlink (&self->unjoined, &conn->pending_link);
      conn->in_pending_queue = FALSE;
    }

  if (!linger)
    {
      release_connection (self, conn);
      return;
    }

  conn->closing = TRUE;
  conn->pending_deadline = g_get_monotonic_time () + LINGER_US;
  g_queue_push_tail_link (&self->closing, &conn->pending_link);
  conn->in_pending_queue = TRUE;
  arm_queue_timer (&self->closing, &self->closing_timer, closing_timer_cb, self);

  if (!pupitre_connection_has_output (conn))
    {
      g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);
      conn->write_shut = TRUE;
    }
}

static void
game_timer_arm (PupitreServer *self);

static gboolean
game_timer_cb (gpointer user_data)
{
  PupitreServer *self = user_data;

  self->game_timer = 0;
  self->game_timer_at = -1;
  pupitre_game_advance (self->game, g_get_monotonic_time ());
  drain_outbox (self);
  return G_SOURCE_REMOVE;
}

/* One timeout for the game's next deadline, moved only when it changes:
 * an idle lobby has none, so the server sleeps. */
static void
game_timer_arm (PupitreServer *self)
{
  gint64 deadline = pupitre_game_get_next_deadline (self->game);
  gint64 delay;

  if (deadline == self->game_timer_at && (self->game_timer != 0 || deadline < 0))
    return;

  g_clear_handle_id (&self->game_timer, g_source_remove);
  self->game_timer_at = deadline;
  if (deadline < 0)
    return;

  delay = MAX (deadline - g_get_monotonic_time (), 0);
  self->game_timer = g_timeout_add ((guint) ((delay + 999) / 1000), game_timer_cb, self);
}

static void
broadcast (PupitreServer *self,
           GBytes        *bytes)
{
  GList *next;

  for (GList *l = self->connections.head; l != NULL; l = next)
    {
      PupitreConnection *conn = l->data;

      /* Sending may close this connection, never another one. */
      next = l->next;
      if (conn->seat != NULL && conn->game == self->game && !conn->closing)
        send_line (self, conn, bytes);
    }
}

static void
drain_outbox (PupitreServer *self)
{
  PupitreOutgoing out;

  /* Closing a connection while sending can make the game speak again; the
   * outer loop picks that up in order. */
  if (self->draining)
    return;
  self->draining = TRUE;

  while (pupitre_game_pop_outgoing (self->game, &out))
    {
      if (out.to == NULL)
        broadcast (self, out.bytes);
      else if (pupitre_seat_get_user_data (out.to) != NULL)
        send_line (self, pupitre_seat_get_user_data (out.to), out.bytes);
      g_bytes_unref (out.bytes);
    }

  self->draining = FALSE;
  game_timer_arm (self);

  if (self->config->once && !self->stopping &&
      pupitre_game_get_games_played (self->game) > 0)
    pupitre_server_shutdown (self);
}

static void
handle_join (PupitreServer        *self,
             PupitreConnection    *conn,
             PupitreClientMessage *message)
{
  g_autoptr(GError) error = NULL;
  PupitreSeat *seat;

  if (conn->seat != NULL)
    {
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_ALREADY_JOINED,
                                   _("This connection has already joined"));
      send_error (self, conn, error, "join");
      return;
    }

  if (message->game != NULL && !g_str_equal (message->game, pupitre_game_get_code (self->game)))
    {
      error = g_error_new (PUPITRE_ERROR, PUPITRE_ERROR_GAME_NOT_FOUND,
                           _("There is no game “%s” on this server"), message->game);
      send_error (self, conn, error, "join");
      return;
    }

  /* The same seat from a new link: the old one is stale (a vanished
   * network, a client that reconnected first). */
  seat = pupitre_game_find_seat_by_token (self->game, message->token);
  if (seat != NULL && pupitre_seat_get_user_data (seat) != NULL)
    close_connection (self, pupitre_seat_get_user_data (seat), FALSE, FALSE);

  seat = pupitre_game_join (self->game, message->name, message->token, message->host_key,
                            g_get_monotonic_time (), &error);
  if (seat == NULL)
    {
      player_log (self, NULL, _("%s could not join as “%s”: %s"), conn->peer, message->name,
                  error->message);
      send_error (self, conn, error, "join");
      drain_outbox (self);
      return;
    }

  conn->seat = seat;
  conn->game = self->game;
  pupitre_seat_set_user_data (seat, conn);
  if (conn->in_pending_queue)
    {
      g_queue_unlink (&self->unjoined, &conn->pending_link);
      conn->in_pending_queue = FALSE;
    }

  player_log (self, pupitre_seat_get_name (seat),
              message->token ? _("%s is back (%s)") : _("%s joined (%s)"),
             pupitre_seat_get_name (seat), conn->peer);
  notify_status (self, FALSE);
  drain_outbox (self);
}

static void
handle_message (PupitreServer        *self,
                PupitreConnection    *conn,
                PupitreClientMessage *message,
                const char           *ref)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();
  gboolean ok = TRUE;

  switch (message->type)
    {
    case PUPITRE_CLIENT_PING:
      {
        g_autoptr(GBytes) pong = pupitre_message_pong (message->id);

        send_line (self, conn, pong);
        return;
      }

    case PUPITRE_CLIENT_QUIT:
      {
        g_autoptr(GBytes) bye = pupitre_message_bye ();

        send_line (self, conn, bye);
        close_connection (self, conn, TRUE, TRUE);
        return;
      }

    case PUPITRE_CLIENT_JOIN:
      handle_join (self, conn, message);
      return;

    case PUPITRE_CLIENT_ANSWER:
    case PUPITRE_CLIENT_CHAT:
    case PUPITRE_CLIENT_START:
    case PUPITRE_CLIENT_SKIP:
    default:
      break;
    }

  if (conn->seat == NULL)
    {
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_NOT_JOINED,
                                   _("Join a game first"));
      send_error (self, conn, error, ref);
      return;
    }

  switch (message->type)
    {
    case PUPITRE_CLIENT_ANSWER:
      /* Logged before the game acts on it: the answer that closes a round
       * shows before the round's result, as it happened. */
      player_log (self, pupitre_seat_get_name (conn->seat),
                  _("Answer from %s > %lld (round %lld)"),
                  pupitre_seat_get_name (conn->seat), (long long) message->choice,
                  (long long) message->round);
      ok = pupitre_game_answer (self->game, conn->seat, message->round, message->choice,
                                now, &error);
      break;
    case PUPITRE_CLIENT_CHAT:
      ok = pupitre_game_chat (self->game, conn->seat, message->text, now, &error);
      if (ok)
        g_message ("<%s> %s", pupitre_seat_get_name (conn->seat), message->text);
      break;
    case PUPITRE_CLIENT_START:
      ok = pupitre_game_start (self->game, conn->seat, now, &error);
      break;
    case PUPITRE_CLIENT_SKIP:
      ok = pupitre_game_skip (self->game, conn->seat, now, &error);
      break;
    case PUPITRE_CLIENT_JOIN:
    case PUPITRE_CLIENT_PING:
    case PUPITRE_CLIENT_QUIT:
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    send_error (self, conn, error, ref);
  drain_outbox (self);
}

/* An error about a well-formed message names its type in "ref". */
static const char * const client_type_names[] = {
  [PUPITRE_CLIENT_JOIN] = "join",
  [PUPITRE_CLIENT_ANSWER] = "answer",
  [PUPITRE_CLIENT_CHAT] = "chat",
  [PUPITRE_CLIENT_PING] = "ping",
  [PUPITRE_CLIENT_QUIT] = "quit",
  [PUPITRE_CLIENT_START] = "start",
  [PUPITRE_CLIENT_SKIP] = "skip",
};

static void
handle_line (PupitreServer     *self,
             PupitreConnection *conn,
             const char        *line,
             gsize              len)
{
  g_autoptr(PupitreClientMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;

  message = pupitre_client_message_decode (line, len, &ref, &error);
  if (message == NULL)
    {
      if (g_error_matches (error, PUPITRE_ERROR, PUPITRE_ERROR_PROTOCOL_VERSION))
        g_message (_("%s speaks another protocol version: disconnected"), conn->peer);
      send_error (self, conn, error, ref);
      return;
    }

  handle_message (self, conn, message, client_type_names[message->type]);
}

static void
handle_readable (PupitreServer     *self,
                 PupitreConnection *conn)
{
  g_autoptr(GError) error = NULL;
  gssize n;

  /* A closing connection only waits for the peer to finish. */
  if (conn->closing)
    n = pupitre_connection_discard (conn, READ_BUDGET, &error);
  else
    n = pupitre_connection_read (conn, READ_BUDGET, &error);

  if (n == 0 || (n < 0 && error != NULL))
    {
      if (error != NULL)
        g_debug ("Reading from %s: %s", conn->peer, error->message);
      close_connection (self, conn, FALSE, FALSE);
      return;
    }
  if (conn->closing)
    return;

  while (conn->fd >= 0 && !conn->closing)
    {
      g_autoptr(GError) line_error = NULL;
      gsize len;
      const char *line = pupitre_line_reader_next (conn->reader, &len, &line_error);

      if (line == NULL)
        {
          if (line_error != NULL)
            {
              g_message (_("%s sent a line over %d bytes: disconnected"),
                         conn->peer, PUPITRE_MAX_LINE);
              send_error (self, conn, line_error, NULL);
            }
          break;
        }
      handle_line (self, conn, line, len);
    }
}

static void
flush_connection (PupitreServer     *self,
                  PupitreConnection *conn)
{
  g_autoptr(GError) error = NULL;

  if (!pupitre_connection_flush (conn, g_get_monotonic_time (), &error))
    {
      g_debug ("Writing to %s: %s", conn->peer, error->message);
      close_connection (self, conn, FALSE, FALSE);
      return;
    }

  if (conn->closing && !conn->write_shut && !pupitre_connection_has_output (conn))
    {
      g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);
      conn->write_shut = TRUE;
    }
  update_epoll (self, conn);
}

static gboolean
epoll_cb (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  PupitreServer *self = user_data;
  struct epoll_event events[MAX_EVENTS];
  int n;

  /* Level-triggered: what is not handled now comes back next iteration. */
  n = epoll_wait (self->epfd, events, MAX_EVENTS, 0);
  for (int i = 0; i < n; i++)
    {
      PupitreConnection *conn = events[i].data.ptr;

      if (conn->fd < 0)
        continue;
      if (events[i].events & EPOLLOUT)
        flush_connection (self, conn);
      if (conn->fd >= 0 && events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        handle_readable (self, conn);
    }

  return G_SOURCE_CONTINUE;
}

static void
tune_socket (GSocket *socket)
{
  /* Answers are small and time-critical; a vanished peer (a laptop lid
   * closed, Wi-Fi gone) is noticed within a minute by keepalive probes and
   * TCP_USER_TIMEOUT rather than after the kernel's two hours. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  g_socket_set_keepalive (socket, TRUE);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPIDLE, 20, NULL);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPINTVL, 5, NULL);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPCNT, 4, NULL);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_USER_TIMEOUT, 40000, NULL);
}

/* A connection starts to be read once it can speak: at once in plain
 * TCP, after the handshake with TLS. */
static void
activate_connection (PupitreServer     *self,
                     PupitreConnection *conn)
{
  struct epoll_event event = { .events = EPOLLIN, .data.ptr = conn };

  if (epoll_ctl (self->epfd, EPOLL_CTL_ADD, conn->fd, &event) < 0)
    {
      g_warning ("epoll_ctl: %s", g_strerror (errno));
      release_connection (self, conn);
      return;
    }
  conn->epoll_events = EPOLLIN;
  send_line (self, conn, self->welcome);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PupitreConnection *conn = user_data;
  PupitreServer *self;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);

  /* Cancelled: the connection was closed and waits in the graveyard. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = g_object_get_data (source, "pupitre-server");
  g_clear_object (&conn->handshake);
  if (!ok)
    {
      g_message (_("TLS handshake with %s failed: %s"), conn->peer, error->message);
      release_connection (self, conn);
      return;
    }
  activate_connection (self, conn);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  PupitreServer *self = user_data;
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GIOStream) stream = NULL;
  PupitreConnection *conn;

  if (self->stopping)
    return FALSE;

  tune_socket (socket);
  if (self->certificate != NULL)
    {
      g_autoptr(GError) error = NULL;

      stream = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, &error);
      if (stream == NULL)
        {
          g_warning (_("Cannot start TLS: %s"), error->message);
          return FALSE;
        }
      /* No client certificates: without a database glib-networking skips
       * loading the system's trust list on every connection (26 ms). */
      g_tls_connection_set_database (G_TLS_CONNECTION (stream), NULL);
    }
  else
    stream = g_object_ref (G_IO_STREAM (connection));

  conn = pupitre_connection_new (stream, socket);
  g_queue_push_tail_link (&self->connections, &conn->link);
  g_queue_push_tail_link (&self->unjoined, &conn->pending_link);
  conn->pending_deadline = g_get_monotonic_time () + PUPITRE_JOIN_TIMEOUT_MS * 1000;
  conn->in_pending_queue = TRUE;
  arm_queue_timer (&self->unjoined, &self->join_timer, join_timer_cb, self);
  player_log (self, NULL, _("Connection from %s"), conn->peer);

  if (conn->tls)
    {
      conn->handshake = g_cancellable_new ();
      g_object_set_data (G_OBJECT (stream), "pupitre-server", self);
      g_tls_connection_handshake_async (G_TLS_CONNECTION (stream), G_PRIORITY_DEFAULT,
                                        conn->handshake, handshake_cb, conn);
    }
  else
    activate_connection (self, conn);

  /* Running out of descriptors makes the accept source spin: stop
   * accepting before that, and start again when players leave. */
  if (self->connections.length >= self->max_connections && self->accepting)
    {
      g_message (_("%u connections: no more are accepted for now"), self->connections.length);
      self->accepting = FALSE;
      g_socket_service_stop (self->service);
    }

  return TRUE;
}

static void
round_closed_cb (PupitreGame   *game,
                 guint          round,
                 PupitreServer *self)
{
  guint n_records;
  const PupitreRoundRecord *records = pupitre_game_get_last_records (game, &n_records);
  const PupitreQuestion *question = pupitre_game_get_question (game);
  g_autoptr(GString) line = g_string_new (NULL);
  guint shown = MIN (n_records, 10);

  for (guint i = 0; i < shown; i++)
    g_string_append_printf (line, "%s%s %+" G_GINT64_FORMAT, i ? ", " : "",
                            records[i].name, records[i].points);
  if (n_records > shown)
    g_string_append_printf (line, ngettext (" and %u other", " and %u others",
                                            n_records - shown),
                            n_records - shown);
  if (n_records == 0)
    g_string_append (line, _("nobody played"));
  g_message (_("Round %u closed, right answer %u) %s: %s"),
             round, question->answer, question->choices[question->answer - 1], line->str);

  if (self->results != NULL)
    pupitre_results_add_round (self->results, game);
}

static void
game_over_cb (PupitreGame   *game,
              PupitreServer *self)
{
  guint n_totals;
  const PupitreTotalEntry *totals = pupitre_game_get_totals (game, &n_totals);

  for (guint i = 0; i < MIN (n_totals, 3); i++)
    g_message (ngettext ("Rank %u: %s with %lld point",
                         "Rank %u: %s with %lld points",
                         ABS (totals[i].score) > 1 ? 2 : ABS (totals[i].score)),
               totals[i].rank, totals[i].name, (long long) totals[i].score);

  if (self->results != NULL)
    pupitre_results_finish (self->results, game);
}

static void
phase_changed_cb (PupitreGame   *game,
                  PupitreServer *self)
{
  PupitreGamePhase phase = pupitre_game_get_phase (game);

  notify_status (self, TRUE);
  if (phase == PUPITRE_GAME_PHASE_COUNTDOWN && pupitre_game_get_round (game) == 1)
    {
      g_message (ngettext ("The game starts with %u player: %s",
                           "The game starts with %u players: %s",
                           pupitre_game_get_n_connected (game)),
                 pupitre_game_get_n_connected (game),
                 pupitre_quiz_get_title (pupitre_game_get_quiz (game)));
      if (self->config->results_dir != NULL)
        {
          g_clear_object (&self->results);
          self->results = pupitre_results_new (self->config->results_dir,
                                               pupitre_game_get_quiz (game));
        }
    }
}

static void
fill_game_config (PupitreConfig     *config,
                  PupitreGameConfig *game_config)
{
  game_config->needed = config->players;
  game_config->max_players = config->max_players;
  game_config->countdown_ms = (gint64) (config->countdown * 1000);
  game_config->time_limit_ms = (gint64) (config->time_limit * 1000);
  game_config->pause_ms = (gint64) (config->pause * 1000);
  game_config->over_pause_ms = (gint64) (config->over_pause * 1000);
  game_config->host_key = config->host_key;
}

static guint
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 1024;
  if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        getrlimit (RLIMIT_NOFILE, &limit);
    }
  return (guint) MIN (limit.rlim_cur, (rlim_t) G_MAXINT);
}

static gboolean
listen_systemd_sockets (PupitreServer *self,
                        gboolean      *used,
                        GError       **error)
{
  *used = FALSE;
#ifdef HAVE_LIBSYSTEMD
  {
    int n = sd_listen_fds (TRUE);

    for (int i = 0; i < n; i++)
      {
        g_autoptr(GSocket) socket = g_socket_new_from_fd (SD_LISTEN_FDS_START + i, error);
        g_autoptr(GSocketAddress) address = NULL;

        if (socket == NULL ||
            !g_socket_listener_add_socket (G_SOCKET_LISTENER (self->service), socket, NULL, error))
          return FALSE;
        address = g_socket_get_local_address (socket, NULL);
        if (G_IS_INET_SOCKET_ADDRESS (address))
          self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
        *used = TRUE;
      }
  }
#endif
  return TRUE;
}

/* Pupils check this against what their client shows on first connection
 * to a school's self-signed certificate. */
static void
log_fingerprint (GTlsCertificate *certificate)
{
  g_autofree char *fingerprint = pupitre_certificate_get_fingerprint (certificate);

  g_message (_("TLS certificate fingerprint (SHA-256): %s"), fingerprint);
}

gboolean
pupitre_server_start (PupitreServer  *self,
                      GError        **error)
{
  GSocketListener *listener = G_SOCKET_LISTENER (self->service);
  gboolean activated;

  g_return_val_if_fail (PUPITRE_IS_SERVER (self), FALSE);

  if (self->config->tls_certificate != NULL)
    {
      self->certificate = g_tls_certificate_new_from_files (self->config->tls_certificate,
                                                            self->config->tls_key != NULL
                                                            ? self->config->tls_key
                                                            : self->config->tls_certificate,
                                                            error);
      if (self->certificate == NULL)
        return FALSE;
      log_fingerprint (self->certificate);
    }

  self->max_connections = raise_fd_limit () - SPARE_FDS;
  g_socket_listener_set_backlog (listener, LISTEN_BACKLOG);

  if (!listen_systemd_sockets (self, &activated, error))
    return FALSE;

  if (!activated && self->config->bind != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (self->config->bind);
      g_autoptr(GSocketAddress) address = NULL;
      g_autoptr(GSocketAddress) effective = NULL;

      if (inet == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not an IP address"), self->config->bind);
          return FALSE;
        }
      address = g_inet_socket_address_new (inet, self->config->port);
      if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
        return FALSE;
      self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
    }
  else if (!activated && self->config->port == 0)
    {
      self->port = g_socket_listener_add_any_inet_port (listener, NULL, error);
      if (self->port == 0)
        return FALSE;
    }
  else if (!activated)
    {
      if (!g_socket_listener_add_inet_port (listener, self->config->port, NULL, error))
        return FALSE;
      self->port = self->config->port;
    }

  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);
  self->accepting = TRUE;

  g_message (self->certificate != NULL
             ? _("Server ready (port %u, TLS), waiting for players: %u needed, quiz “%s”")
             : _("Server ready (port %u), waiting for players: %u needed, quiz “%s”"),
             self->port, self->config->players,
             pupitre_quiz_get_title (pupitre_game_get_quiz (self->game)));
#ifdef HAVE_LIBSYSTEMD
  sd_notify (0, "READY=1");
#endif
  notify_status (self, TRUE);
  return TRUE;
}

void
pupitre_server_shutdown (PupitreServer *self)
{
  g_autoptr(GBytes) line = NULL;
  GList *next;

  g_return_if_fail (PUPITRE_IS_SERVER (self));

  if (self->stopping)
    return;
  self->stopping = TRUE;
#ifdef HAVE_LIBSYSTEMD
  sd_notify (0, "STOPPING=1");
#endif
  g_message (_("The server stops"));

  if (self->accepting)
    g_socket_service_stop (self->service);
  self->accepting = FALSE;
  g_clear_handle_id (&self->game_timer, g_source_remove);

  /* Rounds already played are kept even when the game is cut short. */
  if (self->results != NULL && pupitre_game_get_phase (self->game) != PUPITRE_GAME_PHASE_OVER)
    pupitre_results_finish (self->results, self->game);

  line = pupitre_message_shutdown ();
  for (GList *l = self->connections.head; l != NULL; l = next)
    {
      PupitreConnection *conn = l->data;

      next = l->next;
      if (conn->closing)
        continue;
      send_line (self, conn, line);
      if (conn->fd >= 0)
        close_connection (self, conn, TRUE, FALSE);
    }

  if (self->graveyard_idle == 0)
    self->graveyard_idle = g_idle_add (free_graveyard_cb, self);
}

gboolean
pupitre_server_reload (PupitreServer  *self,
                       GError        **error)
{
  g_autoptr(PupitreQuiz) quiz = NULL;
  PupitreGameConfig game_config;

  g_return_val_if_fail (PUPITRE_IS_SERVER (self), FALSE);

  if (!pupitre_config_reload (self->config, error))
    return FALSE;
  if (!(quiz = pupitre_quiz_load (self->config->quiz, error)))
    return FALSE;

  fill_game_config (self->config, &game_config);
  pupitre_game_set_config (self->game, &game_config);
  pupitre_game_set_next_quiz (self->game, quiz);
  g_message (_("Configuration reloaded; the quiz “%s” applies from the next game"),
             pupitre_quiz_get_title (quiz));
  return TRUE;
}

static void
pupitre_server_dispose (GObject *object)
{
  PupitreServer *self = (PupitreServer *) object;
  PupitreConnection *conn;

  g_clear_handle_id (&self->game_timer, g_source_remove);
  g_clear_handle_id (&self->join_timer, g_source_remove);
  g_clear_handle_id (&self->closing_timer, g_source_remove);
  g_clear_handle_id (&self->epoll_source, g_source_remove);
  g_clear_handle_id (&self->graveyard_idle, g_source_remove);
  g_clear_handle_id (&self->flush_idle, g_source_remove);

  while ((conn = g_queue_peek_head (&self->connections)) != NULL)
    {
      conn->seat = NULL;
      release_connection (self, conn);
    }
  g_slist_free_full (g_steal_pointer (&self->graveyard), (GDestroyNotify) pupitre_connection_free);

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }
  g_clear_object (&self->service);
  if (self->game != NULL)
    g_signal_handlers_disconnect_by_data (self->game, self);
  g_clear_object (&self->game);
  g_clear_object (&self->results);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (pupitre_server_parent_class)->dispose (object);
}

static void
pupitre_server_finalize (GObject *object)
{
  PupitreServer *self = (PupitreServer *) object;

  g_clear_pointer (&self->welcome, g_bytes_unref);
  if (self->epfd >= 0)
    close (self->epfd);

  G_OBJECT_CLASS (pupitre_server_parent_class)->finalize (object);
}

static void
pupitre_server_class_init (PupitreServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pupitre_server_dispose;
  object_class->finalize = pupitre_server_finalize;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pupitre_server_init (PupitreServer *self)
{
  g_queue_init (&self->connections);
  g_queue_init (&self->unjoined);
  g_queue_init (&self->closing);
  g_queue_init (&self->flush_queue);
  self->game_timer_at = -1;
  self->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (self->epfd < 0)
    g_error ("epoll_create1: %s", g_strerror (errno));
  self->epoll_source = g_unix_fd_add (self->epfd, G_IO_IN, epoll_cb, self);
  self->service = g_socket_service_new ();
  self->welcome = pupitre_message_welcome (PACKAGE_NAME "-server/" PACKAGE_VERSION);
}

PupitreServer *
pupitre_server_new (PupitreConfig *config,
                    PupitreQuiz   *quiz)
{
  PupitreServer *self;
  PupitreGameConfig game_config;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (quiz != NULL, NULL);

  self = g_object_new (PUPITRE_TYPE_SERVER, NULL);
  self->config = config;
  fill_game_config (config, &game_config);
  self->game = pupitre_game_new (DEFAULT_GAME_CODE, quiz, &game_config);
  g_signal_connect (self->game, "round-closed", G_CALLBACK (round_closed_cb), self);
  g_signal_connect (self->game, "game-over", G_CALLBACK (game_over_cb), self);
  g_signal_connect (self->game, "phase-changed", G_CALLBACK (phase_changed_cb), self);
  return self;
}
