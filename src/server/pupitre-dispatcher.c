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
/* Unknown game codes from one address: a student mistyping the code is
 * not hindered, a guesser gets one try every two seconds. */
#define CODE_BURST          10
#define CODE_REFILL_US      (2 * G_USEC_PER_SEC)

typedef enum
{
  LINK_UNJOINED,
  LINK_JOINED,
  LINK_HOST,     /* the host of its game: no seat */
  LINK_CLOSING,
} LinkState;

struct _PupitreLink
{
  gpointer         data;
  char            *peer;
  char            *address;  /* the peer without its port: the rate limits' key */
  LinkState        state;
  PupitreGame     *game;     /* JOINED, HOST */
  PupitreSeat     *seat;     /* JOINED */
  GString         *upload;   /* UNJOINED: the quiz_part texts so far */
  guint            errors;

  PupitreCloseHow  how;      /* CLOSING */
  GBytes          *last;     /* CLOSING: the line written before closing */

  GList            all_link;    /* in self->links, or self->closing when CLOSING */
  GList            joined_link; /* in its game's members (hosts too: they get every broadcast) */
};

struct _PupitreDispatcher
{
  GObject                 parent_instance;

  PupitreRegistry        *registry;
  PupitreDispatcherHooks  hooks;
  gpointer                user_data;
  GBytes                 *welcome;

  GQueue                  links;     /* open links */
  /* PupitreGame → GQueue of its joined links, in join order: a broadcast
   * walks its own game's links, not every game's. */
  GHashTable             *members;
  GQueue                  closing;   /* links whose close hook waits */
  GHashTable             *seats;     /* PupitreSeat → PupitreLink */
  GHashTable             *hosts;     /* hosted PupitreGame → its host's PupitreLink */
  GPtrArray              *closed;    /* games closed, to leave the registry after sending */
  PupitreHostingPolicy    hosting;

  PupitreRateLimit       *joins;     /* by address */
  PupitreRateLimit       *host_keys; /* by address */
  PupitreRateLimit       *codes;     /* unknown game codes, by address */
  gboolean                draining;
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
  if (link->upload != NULL)
    g_string_free (link->upload, TRUE);
  g_clear_pointer (&link->last, g_bytes_unref);
  g_free (link->address);
  g_free (link->peer);
  g_free (link);
}

static void
add_member (PupitreDispatcher *self,
            PupitreLink       *link)
{
  GQueue *members = g_hash_table_lookup (self->members, link->game);

  if (members == NULL)
    {
      members = g_new0 (GQueue, 1);
      g_hash_table_insert (self->members, link->game, members);
    }
  g_queue_push_tail_link (members, &link->joined_link);
}

static void
remove_member (PupitreDispatcher *self,
               PupitreLink       *link)
{
  GQueue *members = g_hash_table_lookup (self->members, link->game);

  g_return_if_fail (members != NULL);
  g_queue_unlink (members, &link->joined_link);
  if (g_queue_is_empty (members))
    g_hash_table_remove (self->members, link->game);
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
      remove_member (self, link);
      pupitre_game_leave (link->game, seat, quit, now);
    }
  else if (link->state == LINK_HOST)
    {
      g_message (quit ? _("The host of game %s left (%s)") : _("The host of game %s disconnected (%s)"),
                 pupitre_game_get_code (link->game), link->peer);
      g_hash_table_remove (self->hosts, link->game);
      remove_member (self, link);
      pupitre_game_host_detach (link->game, now);
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
  GQueue *members = g_hash_table_lookup (self->members, game);
  GList *next;

  for (GList *l = members != NULL ? members->head : NULL; l != NULL; l = next)
    {
      PupitreLink *link = l->data;

      /* Sending may close this link, never another one. */
      next = l->next;
      send_line (self, link, bytes, now);
    }
}

/* The link no longer stands for its seat, which has left its game some
 * other way (taken over, kicked, the game closed): no leave follows. */
static void
drop_seat (PupitreDispatcher *self,
           PupitreLink       *link)
{
  if (link->state == LINK_JOINED)
    {
      g_hash_table_remove (self->seats, link->seat);
      remove_member (self, link);
    }
  else if (link->state == LINK_HOST)
    {
      g_hash_table_remove (self->hosts, link->game);
      remove_member (self, link);
    }
  link->seat = NULL;
  link->game = NULL;
  link->state = LINK_UNJOINED;
}

/* Every link of a closed game closes, once what the game said is out. */
static void
close_game_links (PupitreDispatcher *self,
                  PupitreGame       *game,
                  gint64             now)
{
  GQueue *members = g_hash_table_lookup (self->members, game);
  GList *next;

  /* Dropping the last link frees the queue: only its links are read. */
  for (GList *l = members != NULL ? members->head : NULL; l != NULL; l = next)
    {
      PupitreLink *link = l->data;

      next = l->next;
      drop_seat (self, link);
      request_close (self, link, PUPITRE_CLOSE_LINGER, NULL, FALSE, now);
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
      switch (event.type)
        {
        case PUPITRE_GAME_EVENT_SEND:
          if (event.to_host)
            {
              PupitreLink *host = g_hash_table_lookup (self->hosts, game);

              if (host != NULL)
                send_line (self, host, event.bytes, now);
            }
          else if (event.to == NULL)
            broadcast (self, game, event.bytes, now);
          else
            {
              PupitreLink *link = g_hash_table_lookup (self->seats, event.to);

              if (link != NULL)
                send_line (self, link, event.bytes, now);
            }
          break;
        case PUPITRE_GAME_EVENT_KICKED:
          {
            PupitreLink *link = g_hash_table_lookup (self->seats, event.to);

            player_log (self, link, pupitre_seat_get_name (event.to),
                        _("%s was removed from the game by its host"),
                        pupitre_seat_get_name (event.to));
            if (link != NULL)
              {
                /* The game has let the seat go already: no leave. */
                drop_seat (self, link);
                request_close (self, link, PUPITRE_CLOSE_LINGER, NULL, FALSE, now);
              }
            break;
          }
        case PUPITRE_GAME_EVENT_CLOSED:
          close_game_links (self, game, now);
          g_message (_("Game %s is closed (%s)"), pupitre_game_get_code (game), event.close_reason);
          g_ptr_array_add (self->closed, g_object_ref (game));
          if (self->hooks.event != NULL)
            self->hooks.event (game, &event, self->user_data);
          break;
        case PUPITRE_GAME_EVENT_ROUND_CLOSED:
        case PUPITRE_GAME_EVENT_GAME_OVER:
        case PUPITRE_GAME_EVENT_PHASE_CHANGED:
        default:
          if (self->hooks.event != NULL)
            self->hooks.event (game, &event, self->user_data);
          break;
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
      /* Out of the registry only now: its games were being walked. */
      for (guint i = 0; i < self->closed->len; i++)
        pupitre_registry_remove (self->registry, g_ptr_array_index (self->closed, i));
      g_ptr_array_set_size (self->closed, 0);

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

  if (link->state == LINK_JOINED || link->state == LINK_HOST)
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

  /* While an address is out of unknown codes, every code it tries is
   * refused alike: a right guess must not show through. */
  if (message->game != NULL && !pupitre_rate_limit_can_take (self->codes, link->address, now))
    {
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_RATE_LIMITED,
                                   _("Too many unknown game codes from your address: wait a moment"));
      send_error (self, link, error, "join", now);
      return;
    }

  if (!(game = pupitre_registry_lookup (self->registry, message->game, &error)))
    {
      pupitre_rate_limit_take (self->codes, link->address, now);
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
      drop_seat (self, stale);
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
  add_member (self, link);

  player_log (self, link, pupitre_seat_get_name (seat),
              message->token ? _("%s is back (%s)") : _("%s joined (%s)"),
              pupitre_seat_get_name (seat), link->peer);
  /* The key itself stays out of the log: it may be the right one,
   * mistyped by a single letter. */
  if (tries_key && !pupitre_seat_is_host (seat))
    g_message (_("Wrong host key from %s (joined as “%s”)"), link->peer,
               pupitre_seat_get_name (seat));
}

static gboolean
refuse_if_joined (PupitreDispatcher *self,
                  PupitreLink       *link,
                  const char        *ref,
                  gint64             now)
{
  g_autoptr(GError) error = NULL;

  if (link->state == LINK_UNJOINED)
    return FALSE;
  error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_ALREADY_JOINED,
                               _("This connection has already joined"));
  send_error (self, link, error, ref, now);
  return TRUE;
}

static void
become_host (PupitreDispatcher *self,
             PupitreLink       *link,
             PupitreGame       *game)
{
  link->state = LINK_HOST;
  link->game = game;
  g_hash_table_insert (self->hosts, game, link);
  add_member (self, link);
}

static void
handle_quiz_part (PupitreDispatcher    *self,
                  PupitreLink          *link,
                  PupitreClientMessage *message,
                  gint64                now)
{
  g_autoptr(GError) error = NULL;
  gsize len = strlen (message->text);

  if (refuse_if_joined (self, link, "quiz_part", now))
    return;

  if (link->upload == NULL)
    link->upload = g_string_new (NULL);
  if (link->upload->len + len > PUPITRE_MAX_UPLOAD_BYTES)
    {
      /* What was sent so far is dropped: a quiz is never cut short. */
      g_string_truncate (link->upload, 0);
      error = g_error_new (PUPITRE_ERROR, PUPITRE_ERROR_QUIZ_TOO_LARGE,
                           _("The quiz is over %d KiB"), PUPITRE_MAX_UPLOAD_BYTES / 1024);
      send_error (self, link, error, "quiz_part", now);
      return;
    }
  g_string_append_len (link->upload, message->text, len);
}

static void
handle_create_game (PupitreDispatcher    *self,
                    PupitreLink          *link,
                    PupitreClientMessage *message,
                    gint64                now)
{
  g_autoptr(GString) upload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  PupitreGameRequest request;
  PupitreGame *game;
  guint line = 0;

  if (refuse_if_joined (self, link, "create_game", now))
    return;

  /* Before the key is looked at: a proxy sends the teacher elsewhere on
   * the next try, and nothing here depends on who asks. */
  if (self->draining)
    {
      if (link->upload != NULL)
        g_string_free (g_steal_pointer (&link->upload), TRUE);
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_DRAINING,
                                   _("This server is being taken out of service: it starts no new game"));
      send_error (self, link, error, "create_game", now);
      return;
    }

  upload = g_steal_pointer (&link->upload);
  if (upload == NULL)
    upload = g_string_new (NULL);
  if (upload->len + strlen (message->quiz) > PUPITRE_MAX_UPLOAD_BYTES)
    g_string_truncate (upload, PUPITRE_MAX_UPLOAD_BYTES + 1);
  else
    g_string_append (upload, message->quiz);

  if (self->hosting.hosting == PUPITRE_HOSTING_KEYS &&
      !pupitre_rate_limit_take (self->host_keys, link->address, now))
    {
      g_message (_("%s tried host keys too often: game refused"), link->peer);
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_RATE_LIMITED,
                                   _("Too many host keys tried from your address: wait a moment"));
      send_error (self, link, error, "create_game", now);
      return;
    }

  request = (PupitreGameRequest) {
    .quiz = upload->str,
    .quiz_len = upload->len,
    .format = message->format,
    .filename = message->filename,
    .name = message->name,
    .host_key = message->host_key,
    .options = message->options,
  };
  game = pupitre_hosting_create_game (&self->hosting, self->registry, &request,
                                      &owner, &line, &error);
  if (game == NULL)
    {
      g_autoptr(GBytes) bytes = NULL;
      PupitreErrorCode code = error->domain == PUPITRE_ERROR ? error->code : PUPITRE_ERROR_BAD_FIELD;

      /* The key itself stays out of the log, as for joins. */
      if (code == PUPITRE_ERROR_BAD_HOST_KEY)
        g_message (_("Wrong host key from %s: game refused"), link->peer);
      else
        g_message (_("%s could not create a game: %s"), link->peer, error->message);

      if (code != PUPITRE_ERROR_BAD_QUIZ || line == 0)
        {
          send_error (self, link, error, "create_game", now);
          return;
        }
      bytes = pupitre_message_error_at_line ("bad-quiz", error->message, "create_game", line);
      send_line (self, link, bytes, now);
      if (++link->errors >= PUPITRE_MAX_ERRORS && link->state != LINK_CLOSING)
        request_close (self, link, PUPITRE_CLOSE_LINGER, NULL, FALSE, now);
      return;
    }

  {
    PupitreQuiz *quiz = pupitre_game_get_quiz (game);
    guint n = pupitre_quiz_get_n_questions (quiz);

    /* The log says which teacher's key made which game. */
    if (*owner != '\0')
      g_message (ngettext ("%s (%s, host key of %s) created game %s: “%s”, %u question",
                           "%s (%s, host key of %s) created game %s: “%s”, %u questions", n),
                 pupitre_game_get_host_name (game), link->peer, owner,
                 pupitre_game_get_code (game), pupitre_quiz_get_title (quiz), n);
    else
      g_message (ngettext ("%s (%s) created game %s: “%s”, %u question",
                           "%s (%s) created game %s: “%s”, %u questions", n),
                 pupitre_game_get_host_name (game), link->peer, pupitre_game_get_code (game),
                 pupitre_quiz_get_title (quiz), n);
  }

  become_host (self, link, game);
  /* The registry holds the game now. */
  g_object_unref (game);
  pupitre_game_host_attach (link->game, FALSE, now);
}

/* Two tokens compared in a time that does not depend on where they differ. */
static gboolean
tokens_equal (const char *a,
              const char *b)
{
  gsize len = strlen (a);
  guchar diff = len != strlen (b);

  for (gsize i = 0; i < len; i++)
    diff |= (guchar) a[i] ^ (guchar) (b[i] != '\0' ? b[i] : 0xff);
  return diff == 0;
}

static void
handle_resume_host (PupitreDispatcher    *self,
                    PupitreClientMessage *message,
                    PupitreLink          *link,
                    gint64                now)
{
  g_autoptr(GError) error = NULL;
  PupitreGame *game;
  PupitreLink *stale;

  if (refuse_if_joined (self, link, "resume_host", now))
    return;

  if (!pupitre_rate_limit_can_take (self->codes, link->address, now))
    {
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_RATE_LIMITED,
                                   _("Too many unknown game codes from your address: wait a moment"));
      send_error (self, link, error, "resume_host", now);
      return;
    }

  game = pupitre_registry_lookup (self->registry, message->game, &error);
  if (game == NULL || !pupitre_game_is_hosted (game) ||
      !tokens_equal (pupitre_game_get_host_token (game), message->token))
    {
      pupitre_rate_limit_take (self->codes, link->address, now);
      if (game != NULL)
        {
          g_clear_error (&error);
          error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_BAD_TOKEN,
                                       _("This token is not the host’s of that game"));
        }
      send_error (self, link, error, "resume_host", now);
      return;
    }

  /* The host from a new link: the old one is stale. */
  if ((stale = g_hash_table_lookup (self->hosts, game)) != NULL)
    {
      drop_seat (self, stale);
      request_close (self, stale, PUPITRE_CLOSE_NOW, NULL, FALSE, now);
    }

  g_message (_("The host of game %s is back (%s)"), pupitre_game_get_code (game), link->peer);
  become_host (self, link, game);
  pupitre_game_host_attach (game, TRUE, now);
}

static const PupitreHostCommand host_commands[] = {
  [PUPITRE_CLIENT_START] = PUPITRE_HOST_START,
  [PUPITRE_CLIENT_SKIP] = PUPITRE_HOST_SKIP,
  [PUPITRE_CLIENT_NEXT] = PUPITRE_HOST_NEXT,
  [PUPITRE_CLIENT_CLOSE] = PUPITRE_HOST_CLOSE,
  [PUPITRE_CLIENT_PAUSE] = PUPITRE_HOST_PAUSE,
  [PUPITRE_CLIENT_RESUME] = PUPITRE_HOST_RESUME,
  [PUPITRE_CLIENT_ADD_TIME] = PUPITRE_HOST_ADD_TIME,
  [PUPITRE_CLIENT_KICK] = PUPITRE_HOST_KICK,
  [PUPITRE_CLIENT_LOCK] = PUPITRE_HOST_LOCK,
  [PUPITRE_CLIENT_UNLOCK] = PUPITRE_HOST_UNLOCK,
  [PUPITRE_CLIENT_END] = PUPITRE_HOST_END,
  [PUPITRE_CLIENT_PLAY_AGAIN] = PUPITRE_HOST_PLAY_AGAIN,
  [PUPITRE_CLIENT_GET_RESULTS] = PUPITRE_HOST_GET_RESULTS,
  [PUPITRE_CLIENT_CLOSE_GAME] = PUPITRE_HOST_CLOSE_GAME,
};

/* What a host's link sends about its game. */
static void
handle_host_message (PupitreDispatcher    *self,
                     PupitreLink          *link,
                     PupitreClientMessage *message,
                     const char           *ref,
                     gint64                now)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  switch (message->type)
    {
    case PUPITRE_CLIENT_CHAT:
      ok = pupitre_game_host_chat (link->game, message->text, now, &error);
      if (ok)
        g_message ("<%s> %s", pupitre_game_get_host_name (link->game), message->text);
      break;
    case PUPITRE_CLIENT_ANSWER:
      ok = FALSE;
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_NOT_JOINED,
                                   _("The host does not play: join as a player to answer"));
      break;
    case PUPITRE_CLIENT_KICK:
      ok = pupitre_game_host_command (link->game, PUPITRE_HOST_KICK, 0, message->name, now, &error);
      if (ok)
        g_message (_("The host of game %s removed %s"), pupitre_game_get_code (link->game),
                   message->name);
      break;
    default:
      g_assert (message->type < G_N_ELEMENTS (host_commands));
      ok = pupitre_game_host_command (link->game, host_commands[message->type], message->ms,
                                      NULL, now, &error);
      break;
    }

  if (!ok)
    send_error (self, link, error, ref, now);
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

  if (link->state == LINK_HOST)
    {
      handle_host_message (self, link, message, ref, now);
      return;
    }

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
    case PUPITRE_CLIENT_NEXT:
    case PUPITRE_CLIENT_CLOSE:
    case PUPITRE_CLIENT_PAUSE:
    case PUPITRE_CLIENT_RESUME:
    case PUPITRE_CLIENT_ADD_TIME:
    case PUPITRE_CLIENT_KICK:
    case PUPITRE_CLIENT_LOCK:
    case PUPITRE_CLIENT_UNLOCK:
    case PUPITRE_CLIENT_END:
    case PUPITRE_CLIENT_PLAY_AGAIN:
    case PUPITRE_CLIENT_GET_RESULTS:
    case PUPITRE_CLIENT_CLOSE_GAME:
      ok = FALSE;
      error = g_error_new_literal (PUPITRE_ERROR, PUPITRE_ERROR_NOT_HOST,
                                   _("Only the game's host can do that"));
      break;
    case PUPITRE_CLIENT_JOIN:
    case PUPITRE_CLIENT_PING:
    case PUPITRE_CLIENT_QUIT:
    case PUPITRE_CLIENT_QUIZ_PART:
    case PUPITRE_CLIENT_CREATE_GAME:
    case PUPITRE_CLIENT_RESUME_HOST:
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
  [PUPITRE_CLIENT_QUIZ_PART] = "quiz_part",
  [PUPITRE_CLIENT_CREATE_GAME] = "create_game",
  [PUPITRE_CLIENT_RESUME_HOST] = "resume_host",
  [PUPITRE_CLIENT_NEXT] = "next",
  [PUPITRE_CLIENT_CLOSE] = "close",
  [PUPITRE_CLIENT_PAUSE] = "pause",
  [PUPITRE_CLIENT_RESUME] = "resume",
  [PUPITRE_CLIENT_ADD_TIME] = "add_time",
  [PUPITRE_CLIENT_KICK] = "kick",
  [PUPITRE_CLIENT_LOCK] = "lock",
  [PUPITRE_CLIENT_UNLOCK] = "unlock",
  [PUPITRE_CLIENT_END] = "end",
  [PUPITRE_CLIENT_PLAY_AGAIN] = "play_again",
  [PUPITRE_CLIENT_GET_RESULTS] = "get_results",
  [PUPITRE_CLIENT_CLOSE_GAME] = "close_game",
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

    case PUPITRE_CLIENT_QUIZ_PART:
      handle_quiz_part (self, link, message, now);
      return;

    case PUPITRE_CLIENT_CREATE_GAME:
      handle_create_game (self, link, message, now);
      return;

    case PUPITRE_CLIENT_RESUME_HOST:
      handle_resume_host (self, message, link, now);
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

/* {"type":"health",...}, then the link closes: what HAProxy's tcp-check
 * reads (docs/protocol.md section 15.2). */
static void
answer_health (PupitreDispatcher *self,
               PupitreLink       *link,
               gint64             now)
{
  g_autofree char *text = g_strdup_printf ("{\"type\":\"health\",\"status\":\"%s\","
                                           "\"games\":%u,\"players\":%u}\n",
                                           self->draining ? "draining" : "ok",
                                           pupitre_dispatcher_get_n_hosted_games (self),
                                           pupitre_dispatcher_get_n_players (self));
  g_autoptr(GBytes) line = g_bytes_new_take (g_steal_pointer (&text), strlen (text));

  send_line (self, link, line, now);
  request_close (self, link, PUPITRE_CLOSE_LINGER, NULL, FALSE, now);
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
  /* The health check is no message of the game: the decoder does not know
   * it, and only an unjoined link may ask. */
  if (message == NULL && link->state == LINK_UNJOINED &&
      g_error_matches (error, PUPITRE_ERROR, PUPITRE_ERROR_UNKNOWN_TYPE) &&
      g_strcmp0 (ref, "health") == 0)
    {
      answer_health (self, link, now);
      settle (self, now);
      return;
    }
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
  return link->state == LINK_JOINED || link->state == LINK_HOST;
}

void
pupitre_dispatcher_set_hosting (PupitreDispatcher          *self,
                                const PupitreHostingPolicy *policy)
{
  g_return_if_fail (PUPITRE_IS_DISPATCHER (self));
  g_return_if_fail (policy != NULL);

  self->hosting = *policy;
}

guint
pupitre_dispatcher_get_n_links (PupitreDispatcher *self)
{
  return self->links.length;
}

void
pupitre_dispatcher_set_draining (PupitreDispatcher *self,
                                 gboolean           draining)
{
  g_return_if_fail (PUPITRE_IS_DISPATCHER (self));
  self->draining = draining;
}

guint
pupitre_dispatcher_get_n_hosted_games (PupitreDispatcher *self)
{
  GPtrArray *games;
  guint n = 0;

  g_return_val_if_fail (PUPITRE_IS_DISPATCHER (self), 0);

  games = pupitre_registry_get_games (self->registry);
  for (guint i = 0; i < games->len; i++)
    if (pupitre_game_is_hosted (g_ptr_array_index (games, i)))
      n++;
  return n;
}

guint
pupitre_dispatcher_get_n_players (PupitreDispatcher *self)
{
  GPtrArray *games;
  guint n = 0;

  g_return_val_if_fail (PUPITRE_IS_DISPATCHER (self), 0);

  games = pupitre_registry_get_games (self->registry);
  for (guint i = 0; i < games->len; i++)
    n += pupitre_game_get_n_connected (g_ptr_array_index (games, i));
  return n;
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
  g_hash_table_remove_all (self->members);
  g_hash_table_remove_all (self->seats);
  g_hash_table_remove_all (self->hosts);
  g_clear_object (&self->registry);

  G_OBJECT_CLASS (pupitre_dispatcher_parent_class)->dispose (object);
}

static void
pupitre_dispatcher_finalize (GObject *object)
{
  PupitreDispatcher *self = (PupitreDispatcher *) object;

  g_clear_pointer (&self->seats, g_hash_table_unref);
  g_clear_pointer (&self->members, g_hash_table_unref);
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_clear_pointer (&self->closed, g_ptr_array_unref);
  g_clear_pointer (&self->codes, pupitre_rate_limit_free);
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
  /* The queues' links live in the links: freeing a queue frees no link. */
  self->members = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_queue_init (&self->closing);
  self->seats = g_hash_table_new (NULL, NULL);
  self->hosts = g_hash_table_new (NULL, NULL);
  self->closed = g_ptr_array_new_with_free_func (g_object_unref);
  self->codes = pupitre_rate_limit_new (CODE_BURST, CODE_REFILL_US);
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
