/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Session rules of each link, and the games' events routed to links.
 *
 * Nothing here touches a socket: lines go out and links close through the
 * network layer's hooks. A close the dispatcher decides (a fatal error, a
 * client that stopped reading) takes the link out of its game at once,
 * but the close hook runs only once the games' events are all sent, so
 * that closing never runs inside sending. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pupitre-dispatcher.h"
#include "pupitre-error.h"
#include "pupitre-log.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"
#include "pupitre-rate-limit.h"

/* Joins from one address: a school behind one router joins at once,
 * a client opening and dropping joins gets fifty a second. */
#define JOIN_BURST          256
#define JOIN_REFILL_US      (G_USEC_PER_SEC / 50)
/* Host keys tried from one address: a teacher mistyping it is not
 * hindered, a guesser gets one try every two seconds. */
#define HOST_KEY_BURST      5
#define HOST_KEY_REFILL_US  (2 * G_USEC_PER_SEC)

typedef enum
{
  LINK_UNJOINED,
  LINK_JOINED,
  LINK_CLOSING,
} LinkState;

struct _PupitreLink
{
  gpointer         data;
  char            *peer;
  char            *address;  /* the peer without its port: the rate limits' key */
  LinkState        state;
  PupitreGame     *game;     /* JOINED */
  PupitreSeat     *seat;     /* JOINED */
  guint            errors;

  PupitreCloseHow  how;      /* CLOSING */
  GBytes          *last;     /* CLOSING: the line written before closing */

  GList            all_link;    /* in self->links, or self->closing when CLOSING */
  GList            joined_link; /* in self->joined */
};

struct _PupitreDispatcher
{
  GObject                 parent_instance;

  PupitreRegistry        *registry;
  PupitreDispatcherHooks  hooks;
  gpointer                user_data;
  GBytes                 *welcome;

  GQueue                  links;     /* open links */
  GQueue                  joined;    /* joined links, in join order */
  GQueue                  closing;   /* links whose close hook waits */
  GHashTable             *seats;     /* PupitreSeat → PupitreLink */

  PupitreRateLimit       *joins;     /* by address */
  PupitreRateLimit       *host_keys; /* by address */
};

G_DEFINE_FINAL_TYPE (PupitreDispatcher, pupitre_dispatcher, G_TYPE_OBJECT)

static PupitreGame *
log_game (PupitreDispatcher *self,
          PupitreLink       *link)
{
  return link != NULL && link->game != NULL ? link->game
                                            : pupitre_registry_get_default (self->registry);
}

#define player_log(self, link, player, ...)                                     \
  pupitre_log_player (pupitre_log_player_level ((self)->links.length),           \
                      pupitre_game_get_code (log_game ((self), (link))), (player), \
                      pupitre_game_get_round (log_game ((self), (link))), __VA_ARGS__)

static void
link_free (PupitreLink *link)
{
  g_clear_pointer (&link->last, g_bytes_unref);
  g_free (link->address);
  g_free (link->peer);
  g_free (link);
}

/* Takes @link out of its game now; its close hook runs in settle(). */
static void
request_close (PupitreDispatcher *self,
               PupitreLink       *link,
               PupitreCloseHow    how,
               GBytes            *last,
               gboolean           quit,
               gint64             now)
{
  if (link->state == LINK_CLOSING)
    return;

  if (link->state == LINK_JOINED)
    {
      PupitreSeat *seat = g_steal_pointer (&link->seat);

      player_log (self, link, pupitre_seat_get_name (seat),
                  quit ? _("%s left the game (%s)") : _("%s disconnected (%s)"),
                  pupitre_seat_get_name (seat), link->peer);
      g_hash_table_remove (self->seats, seat);
      g_queue_unlink (&self->joined, &link->joined_link);
      pupitre_game_leave (link->game, seat, quit, now);
    }
  else
    g_debug ("Connection from %s closed", link->peer);

  g_queue_unlink (&self->links, &link->all_link);
  g_queue_push_tail_link (&self->closing, &link->all_link);
  link->state = LINK_CLOSING;
  link->how = how;
  link->last = last != NULL ? g_bytes_ref (last) : NULL;
}

static void
send_line (PupitreDispatcher *self,
           PupitreLink       *link,
           GBytes            *bytes,
           gint64             now)
{
  g_autoptr(GBytes) error = NULL;

  if (link->state == LINK_CLOSING)
    return;
  if (self->hooks.send (link->data, bytes, self->user_data))
    return;

  g_message (_("%s (%s) stopped reading: disconnected"),
             link->seat != NULL ? pupitre_seat_get_name (link->seat) : _("unnamed client"),
             link->peer);
  /* Whatever waits is lost anyway; the error goes out if the kernel
   * still has room for it. */
  error = pupitre_message_error ("slow-consumer",
                                 _("Too much data waits for you: you are disconnected"),
                                 NULL);
  request_close (self, link, PUPITRE_CLOSE_NOW, error, FALSE, now);
}

static void
send_error (PupitreDispatcher *self,
            PupitreLink       *link,
            const GError      *error,
            const char        *ref,
            gint64             now)
{
  g_autoptr(GBytes) line = NULL;
  PupitreErrorCode code = error->domain == PUPITRE_ERROR ? error->code : PUPITRE_ERROR_BAD_FIELD;

  line = pupitre_message_error (pupitre_error_code_to_string (code), error->message, ref);
  send_line (self, link, line, now);

  if (pupitre_error_code_is_fatal (code))
    {
      request_close (self, link, PUPITRE_CLOSE_LINGER, NULL, FALSE, now);
      return;
    }

  if (++link->errors >= PUPITRE_MAX_ERRORS && link->state != LINK_CLOSING)
    {
      g_message (_("%s sent %u bad messages: disconnected"), link->peer, link->errors);
      request_close (self, link, PUPITRE_CLOSE_LINGER, NULL, FALSE, now);
    }
}

static void
broadcast (PupitreDispatcher *self,
           PupitreGame       *game,
           GBytes            *bytes,
           gint64             now)
{
  GList *next;

  for (GList *l = self->joined.head; l != NULL; l = next)
    {
      PupitreLink *link = l->data;

      /* Sending may close this link, never another one. */
      next = l->next;
      if (link->game == game)
        send_line (self, link, bytes, now);
    }
}

static gboolean
drain_game (PupitreDispatcher *self,
            PupitreGame       *game,
            gint64             now)
{
  PupitreGameEvent event;
  gboolean any = FALSE;

  while (pupitre_game_pop_event (game, &event))
    {
      any = TRUE;
      if (event.type != PUPITRE_GAME_EVENT_SEND)
        {
          if (self->hooks.event != NULL)
            self->hooks.event (game, &event, self->user_data);
        }
      else if (event.to == NULL)
        broadcast (self, game, event.bytes, now);
      else
        {
          PupitreLink *link = g_hash_table_lookup (self->seats, event.to);

          if (link != NULL)
            send_line (self, link, event.bytes, now);
        }
      pupitre_game_event_clear (&event);
    }
  return any;
}

/* Sends every game's events, then closes the links that must close;
 * closing makes games speak again (a player left), hence the loop. */
static void
settle (PupitreDispatcher *self,
        gint64             now)
{
  GPtrArray *games = pupitre_registry_get_games (self->registry);

  for (;;)
    {
      GList *l;

      for (guint i = 0; i < games->len; i++)
        drain_game (self, g_ptr_array_index (games, i), now);

      if (g_queue_is_empty (&self->closing))
        break;
      while ((l = g_queue_pop_head_link (&self->closing)) != NULL)
        {
          PupitreLink *link = l->data;

          self->hooks.close (link->data, link->how, link->last, self->user_data);
          link_free (link);
        }
    }
}

PupitreLink *
pupitre_dispatcher_open (PupitreDispatcher *self,
                         gpointer           link_data,
                         const char        *peer,
                         gint64             now)
{
  PupitreLink *link;

  g_return_val_if_fail (PUPITRE_IS_DISPATCHER (self), NULL);

  link = g_new0 (PupitreLink, 1);
  link->data = link_data;
  link->peer = g_strdup (peer);
  /* "192.0.2.1:40000", "::1:40000": the address is what precedes the
   * last colon. */
  link->address = strrchr (peer, ':') != NULL ? g_strndup (peer, strrchr (peer, ':') - peer)
                                              : g_strdup (peer);
  link->all_link.data = link;
  link->joined_link.data = link;
  g_queue_push_tail_link (&self->links, &link->all_link);

  send_line (self, link, self->welcome, now);
  settle (self, now);
  return link;
}

static void
handle_join (PupitreDispatcher    *self,
             PupitreLink          *link,
             PupitreClientMessage *message,
             gint64                now)
{
  g_autoptr(GError) error = NULL;
  PupitreGame *game;
  PupitreSeat *seat;
  PupitreLink *stale;
  gboolean tries_key;

  if (link->state == LINK_JOINED)
    {
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_ALREADY_JOINED,
                                   _("This connection has already joined"));
      send_error (self, link, error, "join", now);
      return;
    }

  if (!pupitre_rate_limit_take (self->joins, link->address, now))
    {
      g_debug ("Too many joins from %s", link->address);
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_RATE_LIMITED,
                                   _("Too many joins from your address: wait a moment"));
      send_error (self, link, error, "join", now);
      return;
    }

  if (!(game = pupitre_registry_lookup (self->registry, message->game, &error)))
    {
      send_error (self, link, error, "join", now);
      return;
    }

  /* A host key is only checked for a new seat. */
  tries_key = message->host_key != NULL && message->token == NULL;
  if (tries_key && !pupitre_rate_limit_take (self->host_keys, link->address, now))
    {
      player_log (self, link, NULL, _("%s tried host keys too often: join refused"), link->peer);
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_RATE_LIMITED,
                                   _("Too many host keys tried from your address: wait a moment"));
      send_error (self, link, error, "join", now);
      return;
    }

  /* The same seat from a new link: the old one is stale (a vanished
   * network, a client that reconnected first). */
  seat = pupitre_game_find_seat_by_token (game, message->token);
  stale = seat != NULL ? g_hash_table_lookup (self->seats, seat) : NULL;
  if (stale != NULL)
    {
      /* The seat moves to the new link without leaving its game: a
       * leave would close a round waiting only for it. */
      g_hash_table_remove (self->seats, seat);
      g_queue_unlink (&self->joined, &stale->joined_link);
      stale->seat = NULL;
      stale->state = LINK_UNJOINED;
      request_close (self, stale, PUPITRE_CLOSE_NOW, NULL, FALSE, now);
    }

  seat = pupitre_game_join (game, message->name, message->token, message->host_key, now, &error);
  if (seat == NULL)
    {
      player_log (self, link, NULL, _("%s could not join as “%s”: %s"), link->peer,
                  message->name, error->message);
      send_error (self, link, error, "join", now);
      return;
    }

  link->state = LINK_JOINED;
  link->game = game;
  link->seat = seat;
  g_hash_table_insert (self->seats, seat, link);
  g_queue_push_tail_link (&self->joined, &link->joined_link);

  player_log (self, link, pupitre_seat_get_name (seat),
              message->token ? _("%s is back (%s)") : _("%s joined (%s)"),
              pupitre_seat_get_name (seat), link->peer);
  /* The key itself stays out of the log: it may be the right one,
   * mistyped by a single letter. */
  if (tries_key && !pupitre_seat_is_host (seat))
    g_message (_("Wrong host key from %s (joined as “%s”)"), link->peer,
               pupitre_seat_get_name (seat));
}

static void
handle_game_message (PupitreDispatcher    *self,
                     PupitreLink          *link,
                     PupitreClientMessage *message,
                     const char           *ref,
                     gint64                now)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (link->state != LINK_JOINED)
    {
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_NOT_JOINED,
                                   _("Join a game first"));
      send_error (self, link, error, ref, now);
      return;
    }

  switch (message->type)
    {
    case PUPITRE_CLIENT_ANSWER:
      ok = pupitre_game_answer (link->game, link->seat, message->round, message->choice,
                                now, &error);
      /* Before the game's events go out: the answer that closes a round
       * shows before the round's result, as it happened. */
      if (ok)
        player_log (self, link, pupitre_seat_get_name (link->seat),
                    _("Answer from %s > %lld (round %lld)"),
                    pupitre_seat_get_name (link->seat), (long long) message->choice,
                    (long long) message->round);
      break;
    case PUPITRE_CLIENT_CHAT:
      ok = pupitre_game_chat (link->game, link->seat, message->text, now, &error);
      if (ok)
        g_message ("<%s> %s", pupitre_seat_get_name (link->seat), message->text);
      break;
    case PUPITRE_CLIENT_START:
      ok = pupitre_game_start (link->game, link->seat, now, &error);
      break;
    case PUPITRE_CLIENT_SKIP:
      ok = pupitre_game_skip (link->game, link->seat, now, &error);
      break;
    case PUPITRE_CLIENT_JOIN:
    case PUPITRE_CLIENT_PING:
    case PUPITRE_CLIENT_QUIT:
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    send_error (self, link, error, ref, now);
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
handle_message (PupitreDispatcher    *self,
                PupitreLink          *link,
                PupitreClientMessage *message,
                gint64                now)
{
  switch (message->type)
    {
    case PUPITRE_CLIENT_PING:
      {
        g_autoptr(GBytes) pong = pupitre_message_pong (message->id);

        send_line (self, link, pong, now);
        return;
      }

    case PUPITRE_CLIENT_QUIT:
      {
        g_autoptr(GBytes) bye = pupitre_message_bye ();

        send_line (self, link, bye, now);
        request_close (self, link, PUPITRE_CLOSE_LINGER, NULL, TRUE, now);
        return;
      }

    case PUPITRE_CLIENT_JOIN:
      handle_join (self, link, message, now);
      return;

    case PUPITRE_CLIENT_ANSWER:
    case PUPITRE_CLIENT_CHAT:
    case PUPITRE_CLIENT_START:
    case PUPITRE_CLIENT_SKIP:
    default:
      handle_game_message (self, link, message, client_type_names[message->type], now);
      return;
    }
}

void
pupitre_dispatcher_handle_line (PupitreDispatcher *self,
                                PupitreLink       *link,
                                const char        *line,
                                gsize              len,
                                gint64             now)
{
  g_autoptr(PupitreClientMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;

  g_return_if_fail (PUPITRE_IS_DISPATCHER (self));

  if (link->state == LINK_CLOSING)
    return;

  message = pupitre_client_message_decode (line, len, &ref, &error);
  if (message == NULL)
    {
      if (g_error_matches (error, PUPITRE_ERROR, PUPITRE_ERROR_PROTOCOL_VERSION))
        g_message (_("%s speaks another protocol version: disconnected"), link->peer);
      send_error (self, link, error, ref, now);
    }
  else
    handle_message (self, link, message, now);

  settle (self, now);
}

void
pupitre_dispatcher_fail (PupitreDispatcher *self,
                         PupitreLink       *link,
                         const GError      *error,
                         gint64             now)
{
  g_return_if_fail (PUPITRE_IS_DISPATCHER (self));

  send_error (self, link, error, NULL, now);
  settle (self, now);
}

void
pupitre_dispatcher_lost (PupitreDispatcher *self,
                         PupitreLink       *link,
                         gint64             now)
{
  g_return_if_fail (PUPITRE_IS_DISPATCHER (self));

  request_close (self, link, PUPITRE_CLOSE_NOW, NULL, FALSE, now);
  settle (self, now);
}

void
pupitre_dispatcher_advance (PupitreDispatcher *self,
                            gint64             now)
{
  GPtrArray *games;

  g_return_if_fail (PUPITRE_IS_DISPATCHER (self));

  games = pupitre_registry_get_games (self->registry);
  for (guint i = 0; i < games->len; i++)
    pupitre_game_advance (g_ptr_array_index (games, i), now);
  settle (self, now);
}

gint64
pupitre_dispatcher_get_next_deadline (PupitreDispatcher *self)
{
  GPtrArray *games;
  gint64 next = -1;

  g_return_val_if_fail (PUPITRE_IS_DISPATCHER (self), -1);

  games = pupitre_registry_get_games (self->registry);
  for (guint i = 0; i < games->len; i++)
    {
      gint64 deadline = pupitre_game_get_next_deadline (g_ptr_array_index (games, i));

      if (deadline >= 0 && (next < 0 || deadline < next))
        next = deadline;
    }
  return next;
}

void
pupitre_dispatcher_shutdown (PupitreDispatcher *self,
                             gint64             now)
{
  g_autoptr(GBytes) line = NULL;
  GList *l;

  g_return_if_fail (PUPITRE_IS_DISPATCHER (self));

  line = pupitre_message_shutdown ();
  while ((l = self->links.head) != NULL)
    {
      PupitreLink *link = l->data;

      send_line (self, link, line, now);
      request_close (self, link, PUPITRE_CLOSE_LINGER, NULL, FALSE, now);
    }
  settle (self, now);
}

gboolean
pupitre_dispatcher_link_is_joined (PupitreLink *link)
{
  return link->state == LINK_JOINED;
}

guint
pupitre_dispatcher_get_n_links (PupitreDispatcher *self)
{
  return self->links.length;
}

static void
pupitre_dispatcher_dispose (GObject *object)
{
  PupitreDispatcher *self = (PupitreDispatcher *) object;
  GList *l;

  /* Whatever is left is closed by its owner: only the memory goes. */
  while ((l = g_queue_pop_head_link (&self->links)) != NULL)
    link_free (l->data);
  while ((l = g_queue_pop_head_link (&self->closing)) != NULL)
    link_free (l->data);
  g_queue_init (&self->joined);
  g_hash_table_remove_all (self->seats);
  g_clear_object (&self->registry);

  G_OBJECT_CLASS (pupitre_dispatcher_parent_class)->dispose (object);
}

static void
pupitre_dispatcher_finalize (GObject *object)
{
  PupitreDispatcher *self = (PupitreDispatcher *) object;

  g_clear_pointer (&self->seats, g_hash_table_unref);
  g_clear_pointer (&self->joins, pupitre_rate_limit_free);
  g_clear_pointer (&self->host_keys, pupitre_rate_limit_free);
  g_clear_pointer (&self->welcome, g_bytes_unref);

  G_OBJECT_CLASS (pupitre_dispatcher_parent_class)->finalize (object);
}

static void
pupitre_dispatcher_class_init (PupitreDispatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pupitre_dispatcher_dispose;
  object_class->finalize = pupitre_dispatcher_finalize;
}

static void
pupitre_dispatcher_init (PupitreDispatcher *self)
{
  g_queue_init (&self->links);
  g_queue_init (&self->joined);
  g_queue_init (&self->closing);
  self->seats = g_hash_table_new (NULL, NULL);
  self->joins = pupitre_rate_limit_new (JOIN_BURST, JOIN_REFILL_US);
  self->host_keys = pupitre_rate_limit_new (HOST_KEY_BURST, HOST_KEY_REFILL_US);
  self->welcome = pupitre_message_welcome (PACKAGE_NAME "-server/" PACKAGE_VERSION);
}

PupitreDispatcher *
pupitre_dispatcher_new (PupitreRegistry              *registry,
                        const PupitreDispatcherHooks *hooks,
                        gpointer                      user_data)
{
  PupitreDispatcher *self;

  g_return_val_if_fail (PUPITRE_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (hooks != NULL && hooks->send != NULL && hooks->close != NULL, NULL);

  self = g_object_new (PUPITRE_TYPE_DISPATCHER, NULL);
  self->registry = g_object_ref (registry);
  self->hooks = *hooks;
  self->user_data = user_data;
  return self;
}
