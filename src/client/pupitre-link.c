/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One connection to a server: connecting, TLS, lines in, messages out. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-line-reader.h"
#include "pupitre-link.h"
#include "pupitre-session-error.h"

/* The server's lines are bounded by what it sends (a question with nine long
 * choices, 100-entry lists); a line beyond this is a broken server, and the
 * limit keeps one from growing our memory without end. */
#define MAX_SERVER_LINE (1024 * 1024)
#define READ_CHUNK      8192

struct _PupitreLink
{
  GObject parent_instance;

  char *host;
  guint port;
  gboolean secure;
  char *host_key;
  PupitreTrust *trust;

  /* Closing cancels the cancellable, and every callback of a cancelled
   * operation returns without touching the link (which may be gone). */
  GSocketClient *client;
  GCancellable *cancellable;
  GSocketConnection *connection;
  GTlsConnection *tls_connection;  /* being handshaken, or done */
  gulong accept_certificate_id;
  GError *certificate_error;       /* why the handshake refused the certificate */
  gboolean received;
  gboolean closed;
  PupitreLineReader *reader;
  char *read_buffer;
  GQueue write_queue;              /* of GBytes; the head is being written */
  gboolean writing;
};

G_DEFINE_FINAL_TYPE (PupitreLink, pupitre_link, G_TYPE_OBJECT)

enum {
  SIGNAL_MESSAGE_RECEIVED,
  SIGNAL_CERTIFICATE_UNKNOWN,
  SIGNAL_CLOSED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
shut (PupitreLink *self)
{
  self->closed = TRUE;

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
      /* Without the handler a late handshake refuses any certificate. */
      g_clear_signal_handler (&self->accept_certificate_id, self->tls_connection);
      g_clear_object (&self->tls_connection);
    }

  if (self->connection != NULL)
    {
      /* Closing a socket never blocks; pending operations were cancelled.
       * TLS says goodbye first, a write that could wait for the peer:
       * that goes to a thread. */
      if (self->secure)
        g_io_stream_close_async (G_IO_STREAM (self->connection), G_PRIORITY_DEFAULT,
                                 NULL, NULL, NULL);
      else
        g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
      g_clear_object (&self->connection);
    }

  g_clear_pointer (&self->reader, pupitre_line_reader_free);
  g_queue_clear_full (&self->write_queue, (GDestroyNotify) g_bytes_unref);
  self->writing = FALSE;
}

/* The link ends by itself: the owner hears it once. */
static void
end (PupitreLink  *self,
     const GError *error,
     gboolean      fatal)
{
  if (self->closed)
    return;

  shut (self);

  /* The owner may drop its reference from the handler. */
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error, fatal);
  g_object_unref (self);
}

/* A line from the server that breaks the contract: the server cannot be
 * trusted to make sense any more. */
static void
protocol_failure (PupitreLink  *self,
                  const GError *error)
{
  g_autoptr(GError) failure = NULL;

  g_debug ("Protocol failure: %s", error->message);
  failure = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The server sent a message this program does not understand: %s"),
                         error->message);
  end (self, failure, TRUE);
}

/* Writing */

typedef struct
{
  PupitreLink *self;       /* not a reference: see the cancellable above */
  GBytes *bytes;           /* kept alive until the write completes */
} WriteOp;

static void write_next (PupitreLink *self);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  WriteOp *op = user_data;
  g_autoptr(PupitreLink) self = NULL;
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
      end (self, error, FALSE);
      return;
    }

  g_bytes_unref (g_queue_pop_head (&self->write_queue));
  self->writing = FALSE;
  write_next (self);
}

/* GIO allows one pending write per stream, and does not copy the buffer:
 * the queue holds each message until its write completes. */
static void
write_next (PupitreLink *self)
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

/* Reading */

static void read_next (PupitreLink *self);

/* FALSE when the link ended meanwhile, by a bad line or by a handler. */
static gboolean
deliver_line (PupitreLink *self,
              GCancellable *cancellable,
              const char  *line,
              gsize        len)
{
  g_autoptr(PupitreServerMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  message = pupitre_server_message_decode (line, len, &error);
  if (message == NULL)
    {
      protocol_failure (self, error);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, message);

  return !g_cancellable_is_cancelled (cancellable);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PupitreLink) self = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Signal handlers may drop the last outside reference. */
  self = g_object_ref (PUPITRE_LINK (user_data));

  if (n <= 0)
    {
      end (self, error, FALSE);
      return;
    }

  cancellable = g_object_ref (self->cancellable);
  self->received = TRUE;
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

      if (!deliver_line (self, cancellable, line, len))
        return;
    }

  read_next (self);
}

static void
read_next (PupitreLink *self)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (self->connection));

  g_input_stream_read_async (input, self->read_buffer, READ_CHUNK, G_PRIORITY_DEFAULT,
                             self->cancellable, read_cb, self);
}

/* Connecting, and TLS */

/* Called only for a certificate the system's trust store did not validate
 * (@errors is not empty), on the main context while the handshake waits. */
static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  g_autoptr(PupitreLink) self = g_object_ref (PUPITRE_LINK (user_data));
  g_autoptr(GCancellable) cancellable = g_object_ref (self->cancellable);
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  PupitreTrustVerdict verdict;

  fingerprint = pupitre_certificate_get_fingerprint (certificate);
  g_debug ("Certificate of %s: %s (validation flags 0x%x)",
           self->host_key, fingerprint, (guint) errors);

  g_clear_error (&self->certificate_error);
  if (!pupitre_trust_check (self->trust, self->host_key, fingerprint, &verdict, &error))
    {
      self->certificate_error = g_steal_pointer (&error);
      return FALSE;
    }

  if (verdict == PUPITRE_TRUST_TRUSTED)
    return TRUE;

  g_signal_emit (self, signals[SIGNAL_CERTIFICATE_UNKNOWN], 0,
                 self->host_key, fingerprint, verdict == PUPITRE_TRUST_CHANGED);

  /* A handler that started another connection closed this link. */
  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;

  /* The handler may have trusted it. */
  if (pupitre_trust_check (self->trust, self->host_key, fingerprint, &verdict, &error) &&
      verdict == PUPITRE_TRUST_TRUSTED)
    return TRUE;

  if (error != NULL)
    self->certificate_error = g_steal_pointer (&error);
  else
    self->certificate_error = pupitre_trust_refusal (self->host_key, fingerprint, verdict);

  return FALSE;
}

static void
socket_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 gpointer            user_data)
{
  PupitreLink *self = user_data;

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

/* The link could not be made. What concerns TLS is fatal: trying again
 * would meet the same certificate or the same server. */
static void
connect_failed (PupitreLink  *self,
                const GError *error)
{
  g_autoptr(GError) failure = NULL;

  if (self->certificate_error != NULL)
    {
      failure = g_steal_pointer (&self->certificate_error);
    }
  else if (self->secure &&
           (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE) ||
            !g_tls_backend_supports_tls (g_tls_backend_get_default ())))
    {
      failure = g_error_new_literal (PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_TLS_UNAVAILABLE,
                                     _("Secure connections are not available on this computer: "
                                       "GIO has no TLS support (install glib-networking)."));
    }
  else if (self->secure && error->domain == G_TLS_ERROR)
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
      end (self, failure, TRUE);
      return;
    }

  end (self, error, FALSE);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PupitreLink) self = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = g_object_ref (PUPITRE_LINK (user_data));

  if (connection == NULL)
    {
      connect_failed (self, error);
      return;
    }

  g_debug ("Connected to %s:%u%s", self->host, self->port, self->secure ? " (TLS)" : "");
  self->connection = g_steal_pointer (&connection);
  read_next (self);
  write_next (self);
}

/* GObject */

static void
pupitre_link_dispose (GObject *object)
{
  PupitreLink *self = PUPITRE_LINK (object);

  shut (self);
  g_clear_object (&self->trust);

  G_OBJECT_CLASS (pupitre_link_parent_class)->dispose (object);
}

static void
pupitre_link_finalize (GObject *object)
{
  PupitreLink *self = PUPITRE_LINK (object);

  g_clear_error (&self->certificate_error);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->host_key, g_free);
  g_clear_pointer (&self->read_buffer, g_free);

  G_OBJECT_CLASS (pupitre_link_parent_class)->finalize (object);
}

static void
pupitre_link_class_init (PupitreLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pupitre_link_dispose;
  object_class->finalize = pupitre_link_finalize;

  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  signals[SIGNAL_CERTIFICATE_UNKNOWN] =
    g_signal_new ("certificate-unknown",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);

  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_ERROR, G_TYPE_BOOLEAN);
}

static void
pupitre_link_init (PupitreLink *self)
{
  g_queue_init (&self->write_queue);
}

PupitreLink *
pupitre_link_new (const char   *host,
                  guint         port,
                  gboolean      secure,
                  PupitreTrust *trust)
{
  PupitreLink *self;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (port > 0 && port <= 65535, NULL);
  g_return_val_if_fail (!secure || PUPITRE_IS_TRUST (trust), NULL);

  self = g_object_new (PUPITRE_TYPE_LINK, NULL);
  self->host = g_strdup (host);
  self->port = port;
  self->secure = !!secure;
  self->trust = trust != NULL ? g_object_ref (trust) : NULL;
  self->host_key = pupitre_known_servers_format_key (host, port);
  if (self->host_key == NULL)
    self->host_key = g_strdup_printf ("%s:%u", host, port);

  return self;
}

void
pupitre_link_open (PupitreLink *self)
{
  g_autoptr(GSocketConnectable) address = NULL;

  g_return_if_fail (PUPITRE_IS_LINK (self));
  g_return_if_fail (self->client == NULL && !self->closed);

  /* No GSocketClient timeout: it would also cut a quiet lobby. The
   * session's join timeout covers a server that never answers, and a
   * handshake that never ends. */
  self->client = g_socket_client_new ();
  if (self->secure)
    {
      /* GIO validates against the system's trust store; what fails there
       * comes to accept_certificate_cb() instead of being ignored through
       * validation flags (deprecated since GLib 2.72). */
      g_socket_client_set_tls (self->client, TRUE);
      g_signal_connect (self->client, "event", G_CALLBACK (socket_event_cb), self);
    }

  self->cancellable = g_cancellable_new ();
  self->reader = pupitre_line_reader_new (MAX_SERVER_LINE);
  self->read_buffer = g_malloc (READ_CHUNK);

  /* Not g_socket_client_connect_to_host_async(): it would parse a port out
   * of the host, and a bare IPv6 address is full of colons. */
  address = g_network_address_new (self->host, self->port);
  g_socket_client_connect_async (self->client, address, self->cancellable, connect_cb, self);
}

void
pupitre_link_send (PupitreLink *self,
                   GBytes      *message)
{
  g_return_if_fail (PUPITRE_IS_LINK (self));
  g_return_if_fail (message != NULL);

  /* Queued while connecting: a client sends its first line without
   * waiting for the welcome, so that a proxy routes on it at once. */
  if (self->closed)
    {
      g_bytes_unref (message);
      return;
    }

  g_queue_push_tail (&self->write_queue, message);
  write_next (self);
}

void
pupitre_link_close (PupitreLink *self)
{
  g_return_if_fail (PUPITRE_IS_LINK (self));

  shut (self);
}

gboolean
pupitre_link_is_connected (PupitreLink *self)
{
  g_return_val_if_fail (PUPITRE_IS_LINK (self), FALSE);

  return self->connection != NULL;
}

gboolean
pupitre_link_has_received (PupitreLink *self)
{
  g_return_val_if_fail (PUPITRE_IS_LINK (self), FALSE);

  return self->received;
}

const char *
pupitre_link_get_host_key (PupitreLink *self)
{
  g_return_val_if_fail (PUPITRE_IS_LINK (self), NULL);

  return self->host_key;
}
