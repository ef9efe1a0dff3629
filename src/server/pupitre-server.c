/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network layer of pupitre-server: accepts clients, moves their
 * bytes between sockets and the dispatcher, and keeps the queues of
 * connections waiting for a join, for room to write or for their close.
 *
 * The listening sockets stay with GSocketService; every client socket is
 * in the poller's one epoll set. What the games say goes through the
 * dispatcher's hooks: lines into each connection's queue, written once the
 * current event is handled; the other events to the report (the log and
 * the results file). */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "pupitre-connection.h"
#include "pupitre-dispatcher.h"
#include "pupitre-error.h"
#include "pupitre-game.h"
#include "pupitre-listener.h"
#include "pupitre-log.h"
#include "pupitre-poller.h"
#include "pupitre-protocol.h"
#include "pupitre-host-keys.h"
#include "pupitre-registry.h"
#include "pupitre-report.h"
#include "pupitre-results.h"
#include "pupitre-server.h"
#include "pupitre-token.h"

#define DEFAULT_GAME_CODE  "main"
/* Bytes read from one client per wakeup: fairness between clients. */
#define READ_BUDGET        (64 * 1024)
/* A client whose queue made no progress for this long is not reading. */
#define MAX_QUEUE_AGE_US   (60 * G_USEC_PER_SEC)
/* How long a closing connection may take to receive its last lines. */
#define LINGER_US          (2 * G_USEC_PER_SEC)
/* From the first byte of a client's TLS hello to the end of its
 * handshake: an honest client needs a few round trips; the join deadline
 * is much longer. A client that sends nothing holds no thread, only a
 * descriptor, and is left to the join deadline, as in plain TCP (a plain
 * client to a TLS port then learns from its own timeout that the server
 * waits for a handshake). */
#define HANDSHAKE_US       (5 * G_USEC_PER_SEC)
/* TLS handshakes running at once for one address: each holds a thread of
 * GIO's pool until its peer answers. */
#define MAX_HANDSHAKES_PER_ADDRESS 16
/* From a proxy's connection to the end of its PROXY header: HAProxy sends
 * it with its first packet. Such connections wait in the handshakes'
 * queue, ordered by deadline only if both delays are the same. */
#define PROXY_HEADER_US    (5 * G_USEC_PER_SEC)
G_STATIC_ASSERT (PROXY_HEADER_US == HANDSHAKE_US);

/* One accepted client as the network layer sees it. */
typedef struct
{
  PupitreServer     *server;
  PupitreConnection *conn;
  PupitreLink       *link;       /* NULL during a TLS handshake and once closing */
  GCancellable      *handshake;  /* set while a TLS handshake runs */
  gint64             deadline;   /* join deadline, or when a lingering close gives up */
  PupitrePollEvents  polled;     /* 0: not in the poller */

  GList              all_link;      /* in self->clients */
  GList              pending_link;  /* in self->unjoined, or self->closing once closing */
  GList              flush_link;    /* in self->flush_queue */
  GList              reread_link;   /* in self->reread_queue */
  GList              handshake_link; /* in self->handshaking */
  gint64             handshake_deadline;
  char              *address;       /* while a handshake counts for its address */
  guint              in_pending : 1;
  guint              in_handshaking : 1;
  guint              awaiting_hello : 1;
  guint              awaiting_proxy : 1;
  guint              in_flush : 1;
  guint              in_reread : 1;
  guint              closing : 1;
} Client;

struct _PupitreServer
{
  GObject            parent_instance;

  PupitreConfig     *config;
  PupitreRegistry   *registry;
  PupitreGame       *game;          /* the default game */
  PupitreDispatcher *dispatcher;
  PupitreReport     *report;
  PupitreHostKeys   *host_keys;     /* the teachers who may host, with --hosting keys */
  GTlsCertificate   *certificate;   /* NULL: plain TCP */
  GSocketService    *service;
  guint              port;
  gboolean           has_sockets;   /* add_socket() was called */
  gboolean           accepting;
  guint              max_connections; /* 0: from the descriptor limit */

  PupitrePoller     *poller;
  GQueue             clients;       /* every open client */
  GQueue             unjoined;      /* by join deadline */
  GQueue             closing;       /* by give-up time */
  GQueue             flush_queue;   /* clients with lines to write */
  guint              flush_idle;
  GQueue             reread_queue;  /* TLS clients with input epoll cannot see */
  guint              reread_idle;
  GQueue             handshaking;   /* TLS clients not handshaken yet, by deadline */
  guint              handshake_timer;
  GHashTable        *handshakes;    /* address → handshakes running (GUINT_TO_POINTER) */
  GSList            *graveyard;     /* released, freed once nothing uses them */
  guint              graveyard_idle;

  guint              game_timer;
  gint64             game_timer_at;
  guint              join_timer;
  guint              closing_timer;
  guint              once_idle;

  gboolean           draining;      /* SIGUSR1: no new game, stop once all are over */
  guint              drained_idle;
  gboolean           stopping;
  gboolean           finished;
  gint64             status_at;
};

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PupitreServer, pupitre_server, G_TYPE_OBJECT)

static void
notify_status (PupitreServer *self,
               gboolean       force)
{
#ifdef HAVE_LIBSYSTEMD
  gint64 now = g_get_monotonic_time ();

  if (!force && now - self->status_at < G_USEC_PER_SEC)
    return;
  self->status_at = now;
  sd_notifyf (0, "STATUS=%s%s, round %u, %u of %u players connected",
              self->draining ? "draining, " : "",
              pupitre_game_phase_to_string (pupitre_game_get_phase (self->game)),
              pupitre_game_get_round (self->game),
              pupitre_game_get_n_connected (self->game),
              pupitre_game_get_n_seats (self->game));
#endif
}

static void
client_free (Client *client)
{
  g_assert (client->address == NULL);
  g_clear_object (&client->handshake);
  pupitre_connection_free (client->conn);
  g_free (client);
}

static gboolean
free_graveyard_cb (gpointer user_data)
{
  PupitreServer *self = user_data;

  g_slist_free_full (g_steal_pointer (&self->graveyard), (GDestroyNotify) client_free);
  self->graveyard_idle = 0;

  if (self->stopping && g_queue_is_empty (&self->clients) && !self->finished)
    {
      self->finished = TRUE;
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
    }
  return G_SOURCE_REMOVE;
}

static void
unlink_pending (PupitreServer *self,
                Client        *client)
{
  if (!client->in_pending)
    return;
  g_queue_unlink (client->closing ? &self->closing : &self->unjoined, &client->pending_link);
  client->in_pending = FALSE;
}

/* A handshake no longer waits: out of its queue, and no longer counted
 * for its address. */
static void
end_handshake (PupitreServer *self,
               Client        *client)
{
  if (client->in_handshaking)
    {
      g_queue_unlink (&self->handshaking, &client->handshake_link);
      client->in_handshaking = FALSE;
    }
  if (client->address != NULL)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->handshakes, client->address));

      if (n > 1)
        g_hash_table_insert (self->handshakes, g_steal_pointer (&client->address),
                             GUINT_TO_POINTER (n - 1));
      else
        g_hash_table_remove (self->handshakes, client->address);
      g_clear_pointer (&client->address, g_free);
    }
}

/* The final close, for a client the dispatcher no longer knows: the
 * descriptor leaves the poller at once, the memory when no caller up the
 * stack can still hold the client. */
static void
release_client (PupitreServer *self,
                Client        *client)
{
  g_assert (client->link == NULL);

  if (client->handshake != NULL)
    g_cancellable_cancel (client->handshake);
  end_handshake (self, client);
  if (pupitre_connection_get_fd (client->conn) < 0)
    return;

  if (client->polled != 0)
    pupitre_poller_remove (self->poller, pupitre_connection_get_fd (client->conn));
  client->polled = 0;
  pupitre_connection_close (client->conn, PUPITRE_CLOSE_NOW, -1);

  unlink_pending (self, client);
  g_queue_unlink (&self->clients, &client->all_link);
  if (client->in_flush)
    {
      g_queue_unlink (&self->flush_queue, &client->flush_link);
      client->in_flush = FALSE;
    }
  if (client->in_reread)
    {
      g_queue_unlink (&self->reread_queue, &client->reread_link);
      client->in_reread = FALSE;
    }

  self->graveyard = g_slist_prepend (self->graveyard, client);
  if (self->graveyard_idle == 0)
    self->graveyard_idle = g_idle_add (free_graveyard_cb, self);

  /* Some room first, so that accepting does not flap at the limit. */
  if (!self->accepting && !self->stopping &&
      self->clients.length + MIN (16, self->max_connections / 2) < self->max_connections)
    {
      self->accepting = TRUE;
      g_socket_service_start (self->service);
    }
}

static void
update_poll (PupitreServer *self,
             Client        *client)
{
  PupitrePollEvents events = PUPITRE_POLL_IN;

  if (pupitre_connection_has_output (client->conn))
    events |= PUPITRE_POLL_OUT;
  if (events == client->polled || client->polled == 0)
    return;
  pupitre_poller_modify (self->poller, pupitre_connection_get_fd (client->conn), events, client);
  client->polled = events;
}

/* The join deadline and lingering closes each keep their clients in a
 * FIFO queue ordered by deadline, watched by one timer for the head. */
static void
arm_queue_timer (GQueue      *queue,
                 guint       *timer,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  Client *head = g_queue_peek_head (queue);
  gint64 delay;

  if (*timer != 0 || head == NULL)
    return;
  delay = MAX (head->deadline - g_get_monotonic_time (), 0);
  *timer = g_timeout_add ((guint) ((delay + 999) / 1000), callback, user_data);
}

static Client *
pop_expired (GQueue *queue,
             gint64  now)
{
  Client *head = g_queue_peek_head (queue);

  if (head == NULL || head->deadline > now)
    return NULL;
  g_queue_unlink (queue, &head->pending_link);
  head->in_pending = FALSE;
  return head;
}

static void game_timer_arm (PupitreServer *self);

/* Every hosted game has played to its end (or closed), and the standing
 * game is not in the middle of one. A hosted game still in its lobby is
 * waited for: its class may be about to start. */
static gboolean
games_are_over (PupitreServer *self)
{
  GPtrArray *games = pupitre_registry_get_games (self->registry);

  for (guint i = 0; i < games->len; i++)
    {
      PupitreGame *game = g_ptr_array_index (games, i);
      PupitreGamePhase phase = pupitre_game_get_phase (game);

      if (pupitre_game_is_hosted (game) ? phase != PUPITRE_GAME_PHASE_OVER
                                        : phase != PUPITRE_GAME_PHASE_OVER &&
                                          phase != PUPITRE_GAME_PHASE_LOBBY)
        return FALSE;
    }
  return TRUE;
}

static gboolean
drained_cb (gpointer user_data)
{
  PupitreServer *self = user_data;

  self->drained_idle = 0;
  g_message (_("Drained: every game is over"));
  pupitre_server_shutdown (self);
  return G_SOURCE_REMOVE;
}

/* Once the last game is over, the server stops: from an idle, since this
 * runs inside the dispatcher's sending. */
static void
check_drained (PupitreServer *self)
{
  if (!self->draining || self->stopping || self->drained_idle != 0 || !games_are_over (self))
    return;
  self->drained_idle = g_idle_add (drained_cb, self);
}

/* After each input the dispatcher settled: the game's next deadline may
 * have moved, and systemd hears how many players there are. */
static void
after_input (PupitreServer *self)
{
  game_timer_arm (self);
  notify_status (self, FALSE);
  check_drained (self);
}

/* The socket ended or failed: the dispatcher, if it still holds the
 * client, takes its seat out of the game and closes it. */
static void
client_lost (PupitreServer *self,
             Client        *client)
{
  if (client->link == NULL)
    {
      release_client (self, client);
      return;
    }
  pupitre_dispatcher_lost (self->dispatcher, client->link, g_get_monotonic_time ());
  after_input (self);
}

static void
flush_client (PupitreServer *self,
              Client        *client)
{
  g_autoptr(GError) error = NULL;

  if (!pupitre_connection_flush (client->conn, g_get_monotonic_time (), &error))
    {
      g_debug ("Writing to %s: %s", pupitre_connection_get_peer (client->conn), error->message);
      client_lost (self, client);
      return;
    }
  update_poll (self, client);
}

static gboolean
flush_queue_cb (gpointer user_data)
{
  PupitreServer *self = user_data;
  GList *link;

  self->flush_idle = 0;
  while ((link = g_queue_pop_head_link (&self->flush_queue)) != NULL)
    {
      Client *client = link->data;

      client->in_flush = FALSE;
      if (pupitre_connection_get_fd (client->conn) >= 0)
        flush_client (self, client);
    }
  return G_SOURCE_REMOVE;
}

/* Dispatcher hooks */

static gboolean
send_cb (gpointer  link_data,
         GBytes   *bytes,
         gpointer  user_data)
{
  PupitreServer *self = user_data;
  Client *client = link_data;
  gboolean was_idle = !pupitre_connection_has_output (client->conn);

  if (!pupitre_connection_send (client->conn, bytes, PUPITRE_MAX_QUEUED_BYTES,
                                MAX_QUEUE_AGE_US, g_get_monotonic_time ()))
    return FALSE;

  /* A client already waiting for room gets its line when epoll says so;
   * the others are written once the current event is handled, so that
   * what one event says to a player (a round's result and its standing)
   * leaves in one system call. */
  if (!was_idle || client->in_flush)
    return TRUE;
  g_queue_push_tail_link (&self->flush_queue, &client->flush_link);
  client->in_flush = TRUE;
  if (self->flush_idle == 0)
    self->flush_idle = g_idle_add_full (G_PRIORITY_HIGH, flush_queue_cb, self, NULL);
  return TRUE;
}

static gboolean closing_timer_cb (gpointer user_data);
static gboolean handshake_timer_cb (gpointer user_data);

static void
close_cb (gpointer         link_data,
          PupitreCloseHow  how,
          GBytes          *last,
          gpointer         user_data)
{
  PupitreServer *self = user_data;
  Client *client = link_data;
  gint64 now = g_get_monotonic_time ();

  client->link = NULL;
  if (last != NULL)
    {
      pupitre_connection_drop_output (client->conn);
      pupitre_connection_send (client->conn, last, G_MAXSIZE, G_MAXINT64, now);
      pupitre_connection_flush (client->conn, now, NULL);
    }

  if (how == PUPITRE_CLOSE_NOW)
    {
      release_client (self, client);
      return;
    }

  unlink_pending (self, client);
  client->closing = TRUE;
  client->deadline = now + LINGER_US;
  pupitre_connection_close (client->conn, PUPITRE_CLOSE_LINGER, client->deadline);
  g_queue_push_tail_link (&self->closing, &client->pending_link);
  client->in_pending = TRUE;
  arm_queue_timer (&self->closing, &self->closing_timer, closing_timer_cb, self);
}

static gboolean
once_cb (gpointer user_data)
{
  PupitreServer *self = user_data;

  self->once_idle = 0;
  pupitre_server_shutdown (self);
  return G_SOURCE_REMOVE;
}

static void
event_cb (PupitreGame            *game,
          const PupitreGameEvent *event,
          gpointer                user_data)
{
  PupitreServer *self = user_data;

  /* In the log and the results file first: a --once shutdown and the
   * status follow what happened. */
  pupitre_report_event (self->report, game, event);

  switch (event->type)
    {
    case PUPITRE_GAME_EVENT_GAME_OVER:
      /* Once the game's last lines are queued, not from inside sending. */
      if (self->config->once && !self->stopping && self->once_idle == 0)
        self->once_idle = g_idle_add (once_cb, self);
      break;

    case PUPITRE_GAME_EVENT_PHASE_CHANGED:
      notify_status (self, TRUE);
      break;

    case PUPITRE_GAME_EVENT_ROUND_CLOSED:
    case PUPITRE_GAME_EVENT_SEND:
    default:
      break;
    }
}

static const PupitreDispatcherHooks dispatcher_hooks = {
  .send = send_cb,
  .close = close_cb,
  .event = event_cb,
};

/* Timers */

static gboolean
closing_timer_cb (gpointer user_data)
{
  PupitreServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  Client *head;

  self->closing_timer = 0;
  while ((head = pop_expired (&self->closing, now)) != NULL)
    release_client (self, head);
  arm_queue_timer (&self->closing, &self->closing_timer, closing_timer_cb, self);
  return G_SOURCE_REMOVE;
}

/* The handshake queue is ordered like the others, with its own link. */
static void
arm_handshake_timer (PupitreServer *self)
{
  GList *head = self->handshaking.head;
  gint64 delay;

  if (self->handshake_timer != 0 || head == NULL)
    return;
  delay = MAX (((Client *) head->data)->handshake_deadline - g_get_monotonic_time (), 0);
  self->handshake_timer = g_timeout_add ((guint) ((delay + 999) / 1000), handshake_timer_cb, self);
}

static gboolean
handshake_timer_cb (gpointer user_data)
{
  PupitreServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  GList *head;

  self->handshake_timer = 0;
  while ((head = self->handshaking.head) != NULL &&
         ((Client *) head->data)->handshake_deadline <= now)
    {
      Client *client = head->data;

      if (client->awaiting_proxy)
        g_message (_("%s sent no whole PROXY header within %d seconds: disconnected"),
                   pupitre_connection_get_peer (client->conn),
                   (int) (PROXY_HEADER_US / G_USEC_PER_SEC));
      else
        g_message (_("TLS handshake with %s took over %d seconds: disconnected"),
                   pupitre_connection_get_peer (client->conn), (int) (HANDSHAKE_US / G_USEC_PER_SEC));
      release_client (self, client);
    }
  arm_handshake_timer (self);
  return G_SOURCE_REMOVE;
}

static gboolean
join_timer_cb (gpointer user_data)
{
  PupitreServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  Client *head;

  self->join_timer = 0;
  while ((head = pop_expired (&self->unjoined, now)) != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Joined clients leave this queue only here: joining stays cheap. */
      if (head->link != NULL && pupitre_dispatcher_link_is_joined (head->link))
        continue;

      g_message (_("%s did not join in time: disconnected"), pupitre_connection_get_peer (head->conn));
      if (head->link == NULL)
        {
          release_client (self, head);
          continue;
        }
      error = g_error_new (PUPITRE_ERROR, PUPITRE_ERROR_JOIN_TIMEOUT,
                           _("No join within %d seconds"), PUPITRE_JOIN_TIMEOUT_MS / 1000);
      pupitre_dispatcher_fail (self->dispatcher, head->link, error, now);
    }
  arm_queue_timer (&self->unjoined, &self->join_timer, join_timer_cb, self);
  after_input (self);
  return G_SOURCE_REMOVE;
}

static gboolean
game_timer_cb (gpointer user_data)
{
  PupitreServer *self = user_data;

  self->game_timer = 0;
  self->game_timer_at = -1;
  pupitre_dispatcher_advance (self->dispatcher, g_get_monotonic_time ());
  after_input (self);
  return G_SOURCE_REMOVE;
}

/* One timeout for the games' next deadline, moved only when it changes:
 * an idle lobby has none, so the server sleeps. */
static void
game_timer_arm (PupitreServer *self)
{
  gint64 deadline = pupitre_dispatcher_get_next_deadline (self->dispatcher);
  gint64 delay;

  if (self->stopping)
    return;
  if (deadline == self->game_timer_at && (self->game_timer != 0 || deadline < 0))
    return;

  g_clear_handle_id (&self->game_timer, g_source_remove);
  self->game_timer_at = deadline;
  if (deadline < 0)
    return;

  delay = MAX (deadline - g_get_monotonic_time (), 0);
  self->game_timer = g_timeout_add ((guint) ((delay + 999) / 1000), game_timer_cb, self);
}

/* Reading */

static void handle_readable (PupitreServer *self,
                             Client        *client);

/* Those whose TLS layer may still hold input get one more budget each,
 * after every other source of this iteration had its turn. The pass reads
 * at most as many clients as were queued when it began: those queued
 * again wait at the tail for the next idle. */
static gboolean
reread_cb (gpointer user_data)
{
  PupitreServer *self = user_data;
  guint n = self->reread_queue.length;
  GList *link;

  self->reread_idle = 0;
  while (n-- > 0 && (link = g_queue_pop_head_link (&self->reread_queue)) != NULL)
    {
      Client *client = link->data;

      client->in_reread = FALSE;
      handle_readable (self, client);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_reread (PupitreServer *self,
              Client        *client)
{
  if (client->in_reread || pupitre_connection_get_fd (client->conn) < 0 ||
      !pupitre_connection_has_more_input (client->conn))
    return;
  g_queue_push_tail_link (&self->reread_queue, &client->reread_link);
  client->in_reread = TRUE;
  if (self->reread_idle == 0)
    self->reread_idle = g_idle_add (reread_cb, self);
}

static void
handle_readable (PupitreServer *self,
                 Client        *client)
{
  g_autoptr(GError) error = NULL;
  gssize n = pupitre_connection_read (client->conn, READ_BUDGET, &error);
  PupitreLineReader *reader = pupitre_connection_get_reader (client->conn);

  if (n == 0 || (n < 0 && error != NULL))
    {
      if (error != NULL)
        g_debug ("Reading from %s: %s", pupitre_connection_get_peer (client->conn), error->message);
      client_lost (self, client);
      return;
    }

  while (client->link != NULL)
    {
      g_autoptr(GError) line_error = NULL;
      gsize len;
      const char *line = pupitre_line_reader_next (reader, &len, &line_error);

      if (line == NULL)
        {
          if (line_error != NULL)
            {
              g_message (_("%s sent a line over %d bytes: disconnected"),
                         pupitre_connection_get_peer (client->conn), PUPITRE_MAX_LINE);
              pupitre_dispatcher_fail (self->dispatcher, client->link, line_error,
                                       g_get_monotonic_time ());
            }
          break;
        }
      pupitre_dispatcher_handle_line (self->dispatcher, client->link, line, len,
                                      g_get_monotonic_time ());
    }
  queue_reread (self, client);
  after_input (self);
}

static void start_handshake (PupitreServer *self,
                             Client        *client);

static void
start_handshake_deadline (PupitreServer *self,
                          Client        *client)
{
  if (client->in_handshaking)
    return;
  client->handshake_deadline = g_get_monotonic_time () +
                               (client->awaiting_proxy ? PROXY_HEADER_US : HANDSHAKE_US);
  g_queue_push_tail_link (&self->handshaking, &client->handshake_link);
  client->in_handshaking = TRUE;
  arm_handshake_timer (self);
}

static void
check_hello (PupitreServer *self,
             Client        *client)
{
  switch (pupitre_connection_check_hello (client->conn))
    {
    case PUPITRE_HELLO_WAIT:
      return;
    case PUPITRE_HELLO_PARTIAL:
      start_handshake_deadline (self, client);
      return;
    case PUPITRE_HELLO_GONE:
      g_debug ("%s left before its TLS hello", pupitre_connection_get_peer (client->conn));
      release_client (self, client);
      return;
    case PUPITRE_HELLO_PLAIN:
      /* A plain client sending its join at once: it is answered as one
       * that waited for a welcome was, by silence until the join
       * deadline, from which its client guesses that TLS is wanted (a
       * close now would look like a server gone). Out of the poller, its
       * unread line costs no wakeups. */
      g_message (_("%s sent plain text to the TLS port: left to the join deadline"),
                 pupitre_connection_get_peer (client->conn));
      pupitre_poller_remove (self->poller, pupitre_connection_get_fd (client->conn));
      client->polled = 0;
      client->awaiting_hello = FALSE;
      return;
    case PUPITRE_HELLO_READY:
    default:
      start_handshake_deadline (self, client);
      start_handshake (self, client);
      return;
    }
}

static void read_proxy_header (PupitreServer *self,
                               Client        *client);

static void
poll_cb (gpointer          data,
         PupitrePollEvents events,
         gpointer          user_data)
{
  PupitreServer *self = user_data;
  Client *client = data;

  if (pupitre_connection_get_fd (client->conn) < 0)
    return;
  if (client->awaiting_proxy)
    {
      read_proxy_header (self, client);
      return;
    }
  if (client->awaiting_hello)
    {
      check_hello (self, client);
      return;
    }
  if (events & PUPITRE_POLL_OUT)
    flush_client (self, client);
  if (pupitre_connection_get_fd (client->conn) >= 0 && (events & PUPITRE_POLL_IN))
    handle_readable (self, client);
}

/* Accepting */

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

/* Puts @client in the poller, or releases it. */
static gboolean
poll_client (PupitreServer *self,
             Client        *client)
{
  g_autoptr(GError) error = NULL;

  if (!pupitre_poller_add (self->poller, pupitre_connection_get_fd (client->conn),
                           PUPITRE_POLL_IN, client, &error))
    {
      g_warning ("%s", error->message);
      release_client (self, client);
      return FALSE;
    }
  client->polled = PUPITRE_POLL_IN;
  return TRUE;
}

/* A client starts to be read once it can speak: at once in plain TCP,
 * after the handshake with TLS. */
static void
activate_client (PupitreServer *self,
                 Client        *client)
{
  /* One read from a proxy came first: the client is in the poller. */
  if (client->polled == 0 && !poll_client (self, client))
    return;
  client->link = pupitre_dispatcher_open (self->dispatcher, client,
                                          pupitre_connection_get_peer (client->conn),
                                          g_get_monotonic_time ());
  after_input (self);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);

  /* Cancelled: the client was released and waits in the graveyard. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&client->handshake);
  end_handshake (client->server, client);
  if (!ok)
    {
      g_message (_("TLS handshake with %s failed: %s"),
                 pupitre_connection_get_peer (client->conn), error->message);
      release_client (client->server, client);
      return;
    }
  activate_client (client->server, client);
}

/* No client certificates, hence no database: given at construction, it
 * keeps glib-networking from parsing the system's whole trust list for
 * every connection (g_tls_server_connection_new loads it, and setting it
 * afterwards comes too late). */
static GIOStream *
new_tls_stream (GIOStream        *base,
                GTlsCertificate  *certificate,
                GError          **error)
{
  GTlsBackend *backend = g_tls_backend_get_default ();

  return g_initable_new (g_tls_backend_get_server_connection_type (backend), NULL, error,
                         "base-io-stream", base,
                         "certificate", certificate,
                         "database", NULL,
                         NULL);
}

/* The client's hello is all here: the handshake runs now, in a thread of
 * GIO's pool, leaving the poller until it is done. */
static void
start_handshake (PupitreServer *self,
                 Client        *client)
{
  const char *address = pupitre_connection_get_address (client->conn);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->handshakes, address));

  if (n >= MAX_HANDSHAKES_PER_ADDRESS)
    {
      g_message (_("%s has %u TLS handshakes under way: one more is refused"),
                 pupitre_connection_get_peer (client->conn), n);
      release_client (self, client);
      return;
    }
  client->address = g_strdup (address);
  g_hash_table_insert (self->handshakes, g_strdup (address), GUINT_TO_POINTER (n + 1));

  pupitre_poller_remove (self->poller, pupitre_connection_get_fd (client->conn));
  client->polled = 0;
  client->awaiting_hello = FALSE;
  client->handshake = g_cancellable_new ();
  g_tls_connection_handshake_async (G_TLS_CONNECTION (pupitre_connection_get_stream (client->conn)),
                                    G_PRIORITY_DEFAULT, client->handshake, handshake_cb, client);
}

/* A TLS client waits in the poller, costing no thread, until its first
 * record has arrived; from its first byte, its handshake has a deadline
 * of its own. */
static void
await_hello (PupitreServer *self,
             Client        *client)
{
  if (client->polled == 0 && !poll_client (self, client))
    return;
  client->awaiting_hello = TRUE;
}

static void
log_connection (PupitreServer *self,
                Client        *client)
{
  pupitre_log_player (pupitre_log_player_level (self->clients.length),
                      pupitre_game_get_code (self->game), NULL,
                      pupitre_game_get_round (self->game),
                      _("Connection from %s"), pupitre_connection_get_peer (client->conn));
}

/* The client speaks once its proxy said who it is: then TLS, if the
 * server has it, or the game's lines. */
static void
start_client (PupitreServer *self,
              Client        *client)
{
  if (G_IS_TLS_CONNECTION (pupitre_connection_get_stream (client->conn)))
    await_hello (self, client);
  else
    activate_client (self, client);
}

static void
read_proxy_header (PupitreServer *self,
                   Client        *client)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *proxy = g_strdup (pupitre_connection_get_peer (client->conn));

  switch (pupitre_connection_read_proxy_header (client->conn, &error))
    {
    case PUPITRE_PROXY_WAIT:
      return;
    case PUPITRE_PROXY_BAD:
      g_message (_("Bad PROXY header from %s: %s; disconnected"), proxy, error->message);
      release_client (self, client);
      return;
    case PUPITRE_PROXY_GONE:
      g_debug ("%s left before its PROXY header", proxy);
      release_client (self, client);
      return;
    case PUPITRE_PROXY_DONE:
    default:
      break;
    }

  client->awaiting_proxy = FALSE;
  end_handshake (self, client);
  g_debug ("%s speaks for %s", proxy, pupitre_connection_get_peer (client->conn));
  log_connection (self, client);
  start_client (self, client);
}

static gboolean
is_proxy (PupitreServer     *self,
          PupitreConnection *conn)
{
  return self->config->proxy_from != NULL &&
         g_strv_contains ((const char * const *) self->config->proxy_from,
                          pupitre_connection_get_address (conn));
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
  Client *client;

  if (self->stopping)
    return FALSE;

  tune_socket (socket);
  if (self->certificate != NULL)
    {
      g_autoptr(GError) error = NULL;

      stream = new_tls_stream (G_IO_STREAM (connection), self->certificate, &error);
      if (stream == NULL)
        {
          g_warning (_("Cannot start TLS: %s"), error->message);
          return FALSE;
        }
    }
  else
    stream = g_object_ref (G_IO_STREAM (connection));

  client = g_new0 (Client, 1);
  client->server = self;
  client->conn = pupitre_connection_new (stream, socket);
  client->all_link.data = client;
  client->pending_link.data = client;
  client->flush_link.data = client;
  client->reread_link.data = client;
  client->handshake_link.data = client;
  client->deadline = g_get_monotonic_time () + PUPITRE_JOIN_TIMEOUT_MS * 1000;
  g_queue_push_tail_link (&self->clients, &client->all_link);
  g_queue_push_tail_link (&self->unjoined, &client->pending_link);
  client->in_pending = TRUE;
  arm_queue_timer (&self->unjoined, &self->join_timer, join_timer_cb, self);

  /* Only a listed proxy's header is read: anyone else could claim any
   * address, and theirs is never looked for. */
  if (is_proxy (self, client->conn))
    {
      if (poll_client (self, client))
        {
          client->awaiting_proxy = TRUE;
          start_handshake_deadline (self, client);
        }
    }
  else
    {
      log_connection (self, client);
      start_client (self, client);
    }

  /* Running out of descriptors makes the accept source spin: stop
   * accepting before that, and start again when players leave. */
  if (self->clients.length >= self->max_connections && self->accepting)
    {
      g_message (_("%u connections: no more are accepted for now"), self->clients.length);
      self->accepting = FALSE;
      g_socket_service_stop (self->service);
    }

  return TRUE;
}

/* A broadcast costs a write per connected player: beyond a thousand
 * players the updates are spaced out in proportion, so that they never
 * take more than a small share of the server's time. */
static gint64
update_interval (guint    n_connected,
                 gint64   base_us,
                 gpointer user_data)
{
  return base_us * MAX (1, n_connected / 1000);
}

static char *
new_token (gpointer user_data)
{
  /* user_data is the server's configuration, whose contents a reload
   * swaps in place: a new --node applies to the next seat. */
  PupitreConfig *config = user_data;

  return pupitre_token_new_on_node (config->node);
}

/* With neither host nor player this long, a hosted game closes. */
#define HOSTED_IDLE_MS (600 * 1000)

static void
apply_hosting (PupitreServer *self)
{
  PupitreHostingPolicy policy = {
    .hosting = self->config->hosting,
    .host_keys = self->host_keys,
    .max_games = self->config->max_games,
    .max_games_per_key = self->config->max_games_per_key,
    .max_upload_questions = self->config->max_upload_questions,
    .max_hosted_players = self->config->max_hosted_players,
    .host_grace_ms = (gint64) (self->config->host_grace * 1000),
    .idle_ms = HOSTED_IDLE_MS,
    .node = self->config->node,
    .new_token = new_token,
    .update_interval = update_interval,
    .user_data = self->config,
  };

  pupitre_dispatcher_set_hosting (self->dispatcher, &policy);
}

/* The teachers' keys, read at start and on each reload: NULL with an
 * error naming the file and line when it is malformed. */
static PupitreHostKeys *
load_host_keys (PupitreConfig  *config,
                GError        **error)
{
  if (config->hosting != PUPITRE_HOSTING_KEYS || config->host_keys == NULL)
    return pupitre_host_keys_new ();
  return pupitre_host_keys_load (config->host_keys, error);
}

static void
fill_game_config (PupitreConfig     *config,
                  PupitreGameConfig *game_config)
{
  *game_config = (PupitreGameConfig) {
    .needed = config->players,
    .max_players = config->max_players,
    .countdown_ms = (gint64) (config->countdown * 1000),
    .time_limit_ms = (gint64) (config->time_limit * 1000),
    .pause_ms = (gint64) (config->pause * 1000),
    .over_pause_ms = (gint64) (config->over_pause * 1000),
    .host_key = config->host_key,
    .new_token = new_token,
    .update_interval = update_interval,
    .user_data = config,
  };
  /* The standing game keeps the seed's rule, each question's points
   * weighing it. */
  pupitre_game_options_init (&game_config->options);
  game_config->options.scoring = PUPITRE_SCORING_CLASSIC;
}

gboolean
pupitre_server_start (PupitreServer  *self,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PUPITRE_IS_SERVER (self), FALSE);

  if (!(self->host_keys = load_host_keys (self->config, error)))
    return FALSE;
  apply_hosting (self);

  self->certificate = pupitre_listener_load_certificate (self->config, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!self->has_sockets &&
      !pupitre_listener_listen (G_SOCKET_LISTENER (self->service), self->config,
                                &self->port, error))
    return FALSE;
  /* Counted once the listening sockets are open: they take descriptors
   * too. */
  if (self->max_connections == 0 &&
      !pupitre_listener_raise_fd_limit (&self->max_connections, error))
    return FALSE;

  /* What a killed server or a full disk left behind becomes a file one
   * can open, before this server writes its own. */
  if (self->config->results_dir != NULL)
    pupitre_results_recover (self->config->results_dir);

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

gboolean
pupitre_server_add_socket (PupitreServer  *self,
                           GSocket        *socket,
                           GError        **error)
{
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (PUPITRE_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);

  if (!g_socket_listener_add_socket (G_SOCKET_LISTENER (self->service), socket, NULL, error))
    return FALSE;
  address = g_socket_get_local_address (socket, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (address))
    self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  self->has_sockets = TRUE;
  return TRUE;
}

void
pupitre_server_set_max_connections (PupitreServer *self,
                                    guint          max_connections)
{
  g_return_if_fail (PUPITRE_IS_SERVER (self));
  self->max_connections = max_connections;
}

void
pupitre_server_drain (PupitreServer *self)
{
  g_return_if_fail (PUPITRE_IS_SERVER (self));

  if (self->draining || self->stopping)
    return;
  self->draining = TRUE;
  pupitre_dispatcher_set_draining (self->dispatcher, TRUE);
  g_message (_("Draining: no new game is created here; the server stops once its %u hosted games are over"),
             pupitre_dispatcher_get_n_hosted_games (self->dispatcher));
  notify_status (self, TRUE);
  check_drained (self);
}

void
pupitre_server_shutdown (PupitreServer *self)
{
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
  g_clear_handle_id (&self->once_idle, g_source_remove);
  g_clear_handle_id (&self->drained_idle, g_source_remove);

  {
    GPtrArray *games = pupitre_registry_get_games (self->registry);

    for (guint i = 0; i < games->len; i++)
      pupitre_report_cut_short (self->report, g_ptr_array_index (games, i));
  }

  pupitre_dispatcher_shutdown (self->dispatcher, g_get_monotonic_time ());

  /* Those still in a TLS handshake have nothing to be told. */
  for (GList *l = self->clients.head; l != NULL; l = next)
    {
      Client *client = l->data;

      next = l->next;
      if (client->link == NULL && !client->closing)
        release_client (self, client);
    }

  if (self->graveyard_idle == 0)
    self->graveyard_idle = g_idle_add (free_graveyard_cb, self);
}

/* What an imported quiz left out (questions Pupitre cannot play, images)
 * is said where the teacher reads, never silently lost. */
static void
log_quiz_warnings (PupitreQuiz *quiz)
{
  const char * const *warnings = pupitre_quiz_get_warnings (quiz);

  for (guint i = 0; warnings[i] != NULL; i++)
    g_message ("%s", warnings[i]);
}

gboolean
pupitre_server_reload (PupitreServer  *self,
                       GError        **error)
{
  g_autoptr(PupitreConfig) fresh = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(PupitreHostKeys) host_keys = NULL;
  PupitreGameConfig game_config;
  gboolean new_results_dir;
  gint64 now = g_get_monotonic_time ();

  g_return_val_if_fail (PUPITRE_IS_SERVER (self), FALSE);

  /* All of the new configuration is checked before any of it applies:
   * "the old settings stay" must hold for every one of them. */
  if (!(fresh = pupitre_config_reread (self->config, error)))
    return FALSE;
  if (!(quiz = pupitre_quiz_load (fresh->quiz, error)))
    return FALSE;
  if (!(host_keys = load_host_keys (fresh, error)))
    return FALSE;
  new_results_dir = g_strcmp0 (fresh->results_dir, self->config->results_dir) != 0;
  if (new_results_dir && fresh->results_dir != NULL &&
      g_mkdir_with_parents (fresh->results_dir, 0750) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID,
                   _("Cannot create the results folder %s: %s"),
                   fresh->results_dir, g_strerror (saved_errno));
      return FALSE;
    }

  pupitre_config_swap (self->config, fresh);
  g_clear_pointer (&self->host_keys, pupitre_host_keys_free);
  self->host_keys = g_steal_pointer (&host_keys);
  apply_hosting (self);
  if (new_results_dir && self->config->results_dir != NULL)
    pupitre_results_recover (self->config->results_dir);
  fill_game_config (self->config, &game_config);
  /* The quiz first: a lobby the new settings start plays the new quiz. */
  pupitre_game_set_next_quiz (self->game, quiz);
  log_quiz_warnings (quiz);
  g_message (_("Configuration reloaded; the quiz “%s” applies from the next game"),
             pupitre_quiz_get_title (quiz));
  /* An input like any other: what the game says goes out now. */
  pupitre_game_reconfigure (self->game, &game_config, now);
  pupitre_dispatcher_advance (self->dispatcher, now);
  after_input (self);
  return TRUE;
}

static void
pupitre_server_dispose (GObject *object)
{
  PupitreServer *self = (PupitreServer *) object;
  GList *l;

  g_clear_handle_id (&self->game_timer, g_source_remove);
  g_clear_handle_id (&self->join_timer, g_source_remove);
  g_clear_handle_id (&self->closing_timer, g_source_remove);
  g_clear_handle_id (&self->graveyard_idle, g_source_remove);
  g_clear_handle_id (&self->flush_idle, g_source_remove);
  g_clear_handle_id (&self->reread_idle, g_source_remove);
  g_clear_handle_id (&self->handshake_timer, g_source_remove);
  g_clear_handle_id (&self->once_idle, g_source_remove);
  g_clear_handle_id (&self->drained_idle, g_source_remove);

  /* The dispatcher's links go with it; their clients are closed here. */
  g_clear_object (&self->dispatcher);
  while ((l = self->clients.head) != NULL)
    {
      Client *client = l->data;

      client->link = NULL;
      release_client (self, client);
    }
  g_slist_free_full (g_steal_pointer (&self->graveyard), (GDestroyNotify) client_free);
  g_clear_pointer (&self->poller, pupitre_poller_free);

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }
  g_clear_object (&self->service);
  g_clear_object (&self->game);
  g_clear_object (&self->registry);
  g_clear_object (&self->report);
  g_clear_pointer (&self->host_keys, pupitre_host_keys_free);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->handshakes, g_hash_table_unref);

  G_OBJECT_CLASS (pupitre_server_parent_class)->dispose (object);
}

static void
pupitre_server_class_init (PupitreServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pupitre_server_dispose;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pupitre_server_init (PupitreServer *self)
{
  g_queue_init (&self->clients);
  g_queue_init (&self->unjoined);
  g_queue_init (&self->closing);
  g_queue_init (&self->flush_queue);
  g_queue_init (&self->reread_queue);
  g_queue_init (&self->handshaking);
  self->handshakes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->game_timer_at = -1;
  self->poller = pupitre_poller_new (poll_cb, self);
  self->service = g_socket_service_new ();
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
  log_quiz_warnings (quiz);
  self->report = pupitre_report_new (config);
  self->registry = pupitre_registry_new ();
  pupitre_registry_add (self->registry, self->game);
  self->dispatcher = pupitre_dispatcher_new (self->registry, &dispatcher_hooks, self);
  return self;
}
