/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hosted game seen from its host. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pupitre-host.h"
#include "pupitre-link.h"
#include "pupitre-session-error.h"

/* A dropped host tries again at this pace: the game waits for it (the
 * server's grace period is minutes), a busy server is not flooded. */
#define RECONNECT_MS 2000

struct _PupitreHost
{
  GObject       parent_instance;

  char         *host;
  guint         port;
  gboolean      secure;
  PupitreTrust *trust;
  PupitreLink  *link;
  guint         reconnect_id;

  /* What the first connection sends once welcomed: a create_game's lines,
   * or nothing when resuming. */
  GPtrArray    *pending;   /* GBytes */

  char         *code;
  char         *host_token;
  gboolean      connected;
  gboolean      over;      /* failed or closed: nothing follows */

  GArray       *rows;      /* PupitreResultRow, strings owned */
  gboolean      rows_done;
};

G_DEFINE_FINAL_TYPE (PupitreHost, pupitre_host, G_TYPE_OBJECT)

enum
{
  SIGNAL_MESSAGE,
  SIGNAL_FAILED,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void open_link (PupitreHost *self);

static void
set_connected (PupitreHost *self,
               gboolean     connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
drop_link (PupitreHost *self)
{
  if (self->link == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->link, self);
  pupitre_link_close (self->link);
  g_clear_object (&self->link);
}

static void
finish (PupitreHost *self)
{
  self->over = TRUE;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_link (self);
  set_connected (self, FALSE);
}

static void
fail (PupitreHost  *self,
      const GError *error)
{
  if (self->over)
    return;
  /* A handler may drop the last reference to the host. */
  g_object_ref (self);
  finish (self);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
  g_object_unref (self);
}

static void
close_game (PupitreHost *self,
            const char  *reason)
{
  if (self->over)
    return;
  /* A handler may drop the last reference to the host. */
  g_object_ref (self);
  finish (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, reason);
  g_object_unref (self);
}

static void
row_clear (gpointer data)
{
  PupitreResultRow *row = data;

  g_free ((char *) row->question);
  g_free ((char *) row->player);
}

static void
add_results (PupitreHost                *self,
             const PupitreServerResults *results)
{
  /* Each new list of results starts again: get_results sends it all. */
  if (self->rows_done)
    {
      g_array_set_size (self->rows, 0);
      self->rows_done = FALSE;
    }

  for (guint i = 0; i < results->n_rows; i++)
    {
      const PupitreServerResultRow *in = &results->rows[i];
      PupitreResultRow row = {
        .round = in->round,
        .question = g_strdup (in->question),
        .player = g_strdup (in->player),
        .choice = in->choice,
        .correct = in->correct,
        .time_ms = in->time_ms,
        .points = in->points,
        .score = in->score,
        .rank = in->rank,
      };

      g_array_append_val (self->rows, row);
    }
  self->rows_done = results->done;
}

static void
send_pending (PupitreHost *self)
{
  if (self->code != NULL && self->host_token != NULL)
    {
      pupitre_link_send (self->link, pupitre_message_resume_host (self->code, self->host_token));
      return;
    }
  for (guint i = 0; i < self->pending->len; i++)
    pupitre_link_send (self->link, g_bytes_ref (g_ptr_array_index (self->pending, i)));
  g_ptr_array_set_size (self->pending, 0);
}

static void
link_message_cb (PupitreLink                *link,
                 const PupitreServerMessage *message,
                 gpointer                    user_data)
{
  g_autoptr(PupitreHost) self = g_object_ref (PUPITRE_HOST (user_data));

  switch (message->type)
    {
    case PUPITRE_SERVER_WELCOME:
      /* The requests went at once (open_link). */
      break;
    case PUPITRE_SERVER_GAME_CREATED:
      g_free (self->code);
      self->code = g_strdup (message->game_created.game);
      g_free (self->host_token);
      self->host_token = g_strdup (message->game_created.host_token);
      set_connected (self, TRUE);
      break;
    case PUPITRE_SERVER_RESULTS:
      add_results (self, &message->results);
      break;
    case PUPITRE_SERVER_ERROR:
      /* Before the game is ours, an error is the end: the quiz, the key,
       * the token were refused. Later ones are about one command. */
      if (!self->connected)
        {
          g_autoptr(GError) error = g_error_new_literal (PUPITRE_ERROR, message->error.code,
                                                         message->error.message != NULL
                                                         ? message->error.message
                                                         : pupitre_error_code_describe (message->error.code));

          g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
          fail (self, error);
          return;
        }
      break;
    default:
      break;
    }

  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);

  if (message->type == PUPITRE_SERVER_GAME_CLOSED)
    close_game (self, message->game_closed.reason);
  else if (message->type == PUPITRE_SERVER_SHUTDOWN)
    close_game (self, "shutdown");
}

static gboolean
reconnect_cb (gpointer user_data)
{
  PupitreHost *self = user_data;

  self->reconnect_id = 0;
  open_link (self);
  return G_SOURCE_REMOVE;
}

static void
link_closed_cb (PupitreLink  *link,
                const GError *error,
                gboolean      fatal,
                gpointer      user_data)
{
  g_autoptr(PupitreHost) self = g_object_ref (PUPITRE_HOST (user_data));
  gboolean ours = self->code != NULL;

  drop_link (self);
  set_connected (self, FALSE);

  /* A game not yet created has nothing to take back. */
  if (fatal || !ours)
    {
      g_autoptr(GError) lost = NULL;

      if (error == NULL)
        error = lost = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                            _("The server closed the connection"));
      fail (self, error);
      return;
    }

  self->reconnect_id = g_timeout_add (RECONNECT_MS, reconnect_cb, self);
}

static void
open_link (PupitreHost *self)
{
  g_assert (self->link == NULL);

  self->link = pupitre_link_new (self->host, self->port, self->secure, self->trust);
  g_signal_connect (self->link, "message-received", G_CALLBACK (link_message_cb), self);
  g_signal_connect (self->link, "closed", G_CALLBACK (link_closed_cb), self);
  pupitre_link_open (self->link);
  /* Join first (docs/protocol.md section 15.1): the lines wait in the
   * link until it connects, and a proxy routes on the first of them. */
  send_pending (self);
}

/* @text in pieces of at most @max bytes, never inside a character. */
static GPtrArray *
split_utf8 (const char *text,
            gsize       max)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;
  gsize left = strlen (text);

  while (left > max)
    {
      const char *end = p + max;

      while (end > p && ((guchar) *end & 0xC0) == 0x80)
        end--;
      g_ptr_array_add (parts, g_strndup (p, end - p));
      left -= end - p;
      p = end;
    }
  g_ptr_array_add (parts, g_strdup (p));
  return parts;
}

void
pupitre_host_create (PupitreHost *self,
                     const char  *quiz,
                     const char  *format,
                     const char  *filename,
                     const char  *name,
                     const char  *host_key,
                     JsonNode    *options)
{
  g_autoptr(GPtrArray) parts = NULL;

  g_return_if_fail (PUPITRE_IS_HOST (self));
  g_return_if_fail (quiz != NULL);
  g_return_if_fail (self->link == NULL && !self->over);

  parts = split_utf8 (quiz, PUPITRE_HOST_PART_BYTES);
  for (guint i = 0; i + 1 < parts->len; i++)
    g_ptr_array_add (self->pending, pupitre_message_quiz_part (g_ptr_array_index (parts, i)));
  g_ptr_array_add (self->pending,
                   pupitre_message_create_game (g_ptr_array_index (parts, parts->len - 1),
                                                format, filename, name, host_key, options));
  open_link (self);
}

void
pupitre_host_resume (PupitreHost *self,
                     const char  *code,
                     const char  *host_token)
{
  g_return_if_fail (PUPITRE_IS_HOST (self));
  g_return_if_fail (code != NULL && host_token != NULL);
  g_return_if_fail (self->link == NULL && !self->over);

  self->code = g_strdup (code);
  self->host_token = g_strdup (host_token);
  open_link (self);
}

static void
send (PupitreHost *self,
      GBytes      *bytes)
{
  if (self->link == NULL || !self->connected)
    {
      g_bytes_unref (bytes);
      return;
    }
  pupitre_link_send (self->link, bytes);
}

void
pupitre_host_command (PupitreHost *self,
                      const char  *type)
{
  g_return_if_fail (PUPITRE_IS_HOST (self));
  send (self, pupitre_message_host_command (type));
}

void
pupitre_host_add_time (PupitreHost *self,
                       gint64       ms)
{
  g_return_if_fail (PUPITRE_IS_HOST (self));
  send (self, pupitre_message_add_time (ms));
}

void
pupitre_host_kick (PupitreHost *self,
                   const char  *name)
{
  g_return_if_fail (PUPITRE_IS_HOST (self));
  send (self, pupitre_message_kick (name));
}

void
pupitre_host_chat (PupitreHost *self,
                   const char  *text)
{
  g_return_if_fail (PUPITRE_IS_HOST (self));
  send (self, pupitre_message_chat_request (text));
}

void
pupitre_host_disconnect (PupitreHost *self)
{
  g_return_if_fail (PUPITRE_IS_HOST (self));

  if (self->link != NULL && self->connected)
    pupitre_link_send (self->link, pupitre_message_quit ());
  finish (self);
}

gboolean
pupitre_host_is_connected (PupitreHost *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST (self), FALSE);
  return self->connected;
}

const char *
pupitre_host_get_code (PupitreHost *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST (self), NULL);
  return self->code;
}

const char *
pupitre_host_get_host_token (PupitreHost *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST (self), NULL);
  return self->host_token;
}

const char *
pupitre_host_get_server (PupitreHost *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST (self), NULL);
  return self->link != NULL ? pupitre_link_get_host_key (self->link) : NULL;
}

const PupitreResultRow *
pupitre_host_get_results (PupitreHost *self,
                          guint       *n_rows,
                          gboolean    *done)
{
  g_return_val_if_fail (PUPITRE_IS_HOST (self), NULL);

  *n_rows = self->rows->len;
  if (done != NULL)
    *done = self->rows_done;
  return (const PupitreResultRow *) (gpointer) self->rows->data;
}

static void
pupitre_host_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PupitreHost *self = PUPITRE_HOST (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_host_dispose (GObject *object)
{
  PupitreHost *self = PUPITRE_HOST (object);

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_link (self);
  g_clear_object (&self->trust);

  G_OBJECT_CLASS (pupitre_host_parent_class)->dispose (object);
}

static void
pupitre_host_finalize (GObject *object)
{
  PupitreHost *self = PUPITRE_HOST (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_free (self->host);
  g_free (self->code);
  g_free (self->host_token);

  G_OBJECT_CLASS (pupitre_host_parent_class)->finalize (object);
}

static void
pupitre_host_class_init (PupitreHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = pupitre_host_get_property;
  object_class->dispose = pupitre_host_dispose;
  object_class->finalize = pupitre_host_finalize;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pupitre_host_init (PupitreHost *self)
{
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->rows = g_array_new (FALSE, FALSE, sizeof (PupitreResultRow));
  g_array_set_clear_func (self->rows, row_clear);
}

PupitreHost *
pupitre_host_new (const char   *host,
                  guint         port,
                  gboolean      secure,
                  PupitreTrust *trust)
{
  PupitreHost *self;

  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (PUPITRE_TYPE_HOST, NULL);
  self->host = g_strdup (host);
  self->port = port;
  self->secure = secure;
  self->trust = trust != NULL ? g_object_ref (trust) : NULL;
  return self;
}
