/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Non-blocking reads and writes of one client's link, and its close. */

#include "config.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "pupitre-connection.h"
#include "pupitre-protocol.h"
#include "pupitre-proxy-header.h"

/* Lines written in one system call when the queue has several. */
#define MAX_VECTORS 16

struct _PupitreConnection
{
  GIOStream         *stream;      /* the socket connection, or TLS over it */
  gboolean           tls;
  GSocket           *socket;
  int                fd;
  char              *peer;
  char              *address;     /* the peer without its port */

  PupitreLineReader *reader;
  GQueue             out;         /* GBytes */
  gsize              out_offset;  /* bytes of the head already written */
  gsize              out_bytes;   /* bytes queued, head's written part excluded */
  gint64             progress_at; /* when the queue was last empty or last written to */

  gint64             deadline;    /* when a lingering close gives up; -1: open */
  gboolean           write_shut;
  gboolean           more_input;  /* TLS: the last read stopped at its budget */
  int                low_water;   /* SO_RCVLOWAT while waiting for a TLS hello */

  guint8            *proxy_header; /* while a PROXY header is read */
  gsize              proxy_have;
};

PupitreConnection *
pupitre_connection_new (GIOStream *stream,
                        GSocket   *socket)
{
  PupitreConnection *self = g_new0 (PupitreConnection, 1);
  g_autoptr(GSocketAddress) address = g_socket_get_remote_address (socket, NULL);

  self->stream = g_object_ref (stream);
  self->tls = G_IS_TLS_CONNECTION (stream);
  self->socket = g_object_ref (socket);
  self->fd = g_socket_get_fd (socket);
  self->reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  self->deadline = -1;
  self->low_water = 1;
  g_queue_init (&self->out);

  if (G_IS_INET_SOCKET_ADDRESS (address))
    {
      GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
      g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

      self->peer = g_strdup_printf ("%s:%u", ip, g_inet_socket_address_get_port (inet));
      self->address = g_steal_pointer (&ip);
    }
  else
    {
      self->peer = g_strdup ("?");
      self->address = g_strdup ("?");
    }

  return self;
}

void
pupitre_connection_drop_output (PupitreConnection *self)
{
  g_queue_clear_full (&self->out, (GDestroyNotify) g_bytes_unref);
  self->out_offset = 0;
  self->out_bytes = 0;
}

void
pupitre_connection_free (PupitreConnection *self)
{
  pupitre_connection_close (self, PUPITRE_CLOSE_NOW, -1);
  g_clear_pointer (&self->reader, pupitre_line_reader_free);
  g_clear_object (&self->socket);
  g_clear_object (&self->stream);
  g_free (self->proxy_header);
  g_free (self->address);
  g_free (self->peer);
  g_free (self);
}

GIOStream *
pupitre_connection_get_stream (PupitreConnection *self)
{
  return self->stream;
}

int
pupitre_connection_get_fd (PupitreConnection *self)
{
  return self->fd;
}

const char *
pupitre_connection_get_peer (PupitreConnection *self)
{
  return self->peer;
}

const char *
pupitre_connection_get_address (PupitreConnection *self)
{
  return self->address;
}

PupitreLineReader *
pupitre_connection_get_reader (PupitreConnection *self)
{
  return self->reader;
}

gboolean
pupitre_connection_is_closing (PupitreConnection *self)
{
  return self->deadline >= 0;
}

gint64
pupitre_connection_get_deadline (PupitreConnection *self)
{
  return self->deadline;
}

static void
shut_write (PupitreConnection *self)
{
  if (self->write_shut || self->fd < 0)
    return;
  g_socket_shutdown (self->socket, FALSE, TRUE, NULL);
  self->write_shut = TRUE;
}

/* Closing with unread data would reset the link and could swallow our
 * last line: a lingering close half-closes and reads the rest. */
void
pupitre_connection_close (PupitreConnection *self,
                          PupitreCloseHow    how,
                          gint64             deadline)
{
  if (self->fd < 0)
    return;

  if (how == PUPITRE_CLOSE_LINGER)
    {
      if (self->deadline < 0)
        self->deadline = deadline;
      if (!pupitre_connection_has_output (self))
        shut_write (self);
      return;
    }

  g_io_stream_close (self->stream, NULL, NULL);
  g_socket_close (self->socket, NULL);
  self->fd = -1;
  pupitre_connection_drop_output (self);
}

/* Plain TCP goes straight to the system calls: through GSocket and its
 * streams each call costs about a microsecond more, which at 10,000
 * players is a tenth of the time a question takes to reach them all. */
static gssize
recv_plain (PupitreConnection *self,
            char              *buffer,
            gsize              size,
            GError           **error)
{
  gssize n;

  do
    n = recv (self->fd, buffer, size, MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
  return n;
}

static GPollableReturn
send_plain (PupitreConnection   *self,
            const GOutputVector *vectors,
            guint                n_vectors,
            gsize               *written,
            GError             **error)
{
  struct iovec iov[MAX_VECTORS];
  struct msghdr message = { .msg_iov = iov, .msg_iovlen = n_vectors };
  gssize n;

  for (guint i = 0; i < n_vectors; i++)
    {
      iov[i].iov_base = (gpointer) vectors[i].buffer;
      iov[i].iov_len = vectors[i].size;
    }

  do
    n = sendmsg (self->fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);

  if (n >= 0)
    {
      *written = n;
      return G_POLLABLE_RETURN_OK;
    }
  if (errno == EAGAIN || errno == EWOULDBLOCK)
    return G_POLLABLE_RETURN_WOULD_BLOCK;
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
  return G_POLLABLE_RETURN_FAILED;
}

/* Reads what is available, at most @max bytes, into the line reader when
 * @keep, or nowhere. */
static gssize
receive (PupitreConnection *self,
         gsize              max,
         gboolean           keep,
         GError           **error)
{
  GInputStream *input = g_io_stream_get_input_stream (self->stream);
  char buffer[16384];
  gsize total = 0;

  /* TLS gets the same budget as plain TCP, or one client could hold a
   * wakeup and pile whole lines in its reader. What stays decrypted in
   * the TLS layer is invisible to epoll: more_input tells the caller to
   * read again on its next turn. */
  self->more_input = FALSE;
  while (total < max)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n;

      if (self->tls)
        n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (input),
                                                      buffer, sizeof buffer,
                                                      NULL, &local_error);
      else
        n = recv_plain (self, buffer, sizeof buffer, &local_error);

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return total > 0 ? (gssize) total : -1;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
      if (n == 0)
        return total > 0 ? (gssize) total : 0;
      total += n;
      if (!keep)
        continue;

      /* Lines go to the reader as they come, so that an over-long line is
       * noticed at its limit, not after the whole burst was buffered. */
      pupitre_line_reader_push (self->reader, buffer, n);
      if (pupitre_line_reader_get_buffered (self->reader) >= PUPITRE_MAX_LINE - 1)
        break;
      /* A short read drains a plain socket. */
      if ((gsize) n < sizeof buffer && !self->tls)
        return total;
    }

  self->more_input = self->tls;
  return total;
}

gssize
pupitre_connection_read (PupitreConnection *self,
                         gsize              max,
                         GError           **error)
{
  /* A closing connection only waits for the peer to finish. */
  return receive (self, max, !pupitre_connection_is_closing (self), error);
}

static void
set_low_water (PupitreConnection *self,
               int                bytes)
{
  if (bytes != self->low_water)
    setsockopt (self->fd, SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof bytes);
  self->low_water = bytes;
}

/* The TLS handshake runs in a thread of GIO's pool that blocks until the
 * peer speaks: it starts only once the client's first record is all in
 * the kernel's buffer. Until then the socket's low-water mark is the
 * record's size, so that epoll does not wake us for every fragment of a
 * hello sent byte by byte. */
PupitreHelloStatus
pupitre_connection_check_hello (PupitreConnection *self)
{
  guchar header[5];
  int needed;
  gssize n;

  do
    n = recv (self->fd, header, sizeof header, MSG_PEEK | MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return PUPITRE_HELLO_WAIT;
  if (n <= 0)
    return PUPITRE_HELLO_GONE;
  /* A client that joins first, without TLS: its join line. */
  if (header[0] == '{')
    return PUPITRE_HELLO_PLAIN;

  /* Not a handshake record, or longer than TLS allows: the TLS layer says
   * what is wrong at once. */
  if (n == sizeof header && (header[0] != 0x16 || (header[3] << 8 | header[4]) > 16384))
    needed = 0;
  else
    needed = n < (gssize) sizeof header ? (int) sizeof header
                                        : (int) sizeof header + (header[3] << 8 | header[4]);

  if (needed > 0)
    {
      g_autofree guchar *record = g_malloc (needed);

      do
        n = recv (self->fd, record, needed, MSG_PEEK | MSG_DONTWAIT);
      while (n < 0 && errno == EINTR);
      if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)))
        return PUPITRE_HELLO_GONE;
      if (n < needed)
        {
          /* Woken below the mark already set: the peer closed its side
           * (or failed) with its hello unfinished. */
          if (self->low_water == needed)
            return PUPITRE_HELLO_GONE;
          set_low_water (self, needed);
          return PUPITRE_HELLO_PARTIAL;
        }
    }

  /* The handshake's blocking reads would wait for the mark too. */
  set_low_water (self, 1);
  return PUPITRE_HELLO_READY;
}

static void
set_peer (PupitreConnection *self,
          GInetAddress      *inet,
          guint16            port)
{
  g_autofree char *ip = g_inet_address_to_string (inet);

  g_free (self->peer);
  g_free (self->address);
  /* Bracketless like the socket's own peers: the dispatcher takes what
   * precedes the last colon as the address. */
  self->peer = g_strdup_printf ("%s:%u", ip, port);
  self->address = g_steal_pointer (&ip);
}

PupitreProxyStatus
pupitre_connection_read_proxy_header (PupitreConnection  *self,
                                      GError            **error)
{
  PupitreProxyHeader header;

  if (self->proxy_header == NULL)
    self->proxy_header = g_malloc (PUPITRE_PROXY_HEADER_MAX);

  /* Each read asks for exactly what the parser still needs: the bytes
   * after the header stay in the kernel for the line reader. */
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize needed = 0;
      gssize n;

      switch (pupitre_proxy_header_parse (self->proxy_header, self->proxy_have, &header,
                                          &needed, &local_error))
        {
        case PUPITRE_PROXY_PARSE_OK:
          break;
        case PUPITRE_PROXY_PARSE_ERROR:
          g_propagate_error (error, g_steal_pointer (&local_error));
          g_clear_pointer (&self->proxy_header, g_free);
          return PUPITRE_PROXY_BAD;
        case PUPITRE_PROXY_PARSE_INCOMPLETE:
        default:
          g_assert (needed > self->proxy_have && needed <= PUPITRE_PROXY_HEADER_MAX);
          n = recv_plain (self, (char *) self->proxy_header + self->proxy_have,
                          needed - self->proxy_have, &local_error);
          if (n < 0 && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return PUPITRE_PROXY_WAIT;
          if (n <= 0)
            return PUPITRE_PROXY_GONE;
          self->proxy_have += n;
          continue;
        }
      break;
    }

  g_clear_pointer (&self->proxy_header, g_free);
  self->proxy_have = 0;
  if (header.has_source)
    {
      g_autoptr(GInetAddress) source = pupitre_proxy_header_get_source (&header);

      set_peer (self, source, header.source_port);
    }
  return PUPITRE_PROXY_DONE;
}

gboolean
pupitre_connection_has_more_input (PupitreConnection *self)
{
  return self->more_input && self->fd >= 0;
}

gboolean
pupitre_connection_has_output (PupitreConnection *self)
{
  return !g_queue_is_empty (&self->out);
}

gboolean
pupitre_connection_flush (PupitreConnection *self,
                          gint64             now,
                          GError           **error)
{
  GOutputStream *output = g_io_stream_get_output_stream (self->stream);

  while (!g_queue_is_empty (&self->out))
    {
      GOutputVector vectors[MAX_VECTORS];
      g_autoptr(GError) local_error = NULL;
      guint n_vectors = 0;
      gsize written = 0;
      GPollableReturn ret;

      for (GList *l = self->out.head; l != NULL && n_vectors < MAX_VECTORS; l = l->next)
        {
          gsize size;
          const char *data = g_bytes_get_data (l->data, &size);
          gsize skip = n_vectors == 0 ? self->out_offset : 0;

          vectors[n_vectors].buffer = data + skip;
          vectors[n_vectors].size = size - skip;
          n_vectors++;
        }

      if (self->tls)
        ret = g_pollable_output_stream_writev_nonblocking (G_POLLABLE_OUTPUT_STREAM (output),
                                                           vectors, n_vectors, &written,
                                                           NULL, &local_error);
      else
        ret = send_plain (self, vectors, n_vectors, &written, &local_error);
      if (ret == G_POLLABLE_RETURN_WOULD_BLOCK)
        return TRUE;
      if (ret == G_POLLABLE_RETURN_FAILED)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* Retire what was written, whole lines first, then part of one;
       * any byte written is progress. */
      if (written > 0)
        self->progress_at = now;
      while (written > 0)
        {
          GBytes *head = g_queue_peek_head (&self->out);
          gsize left = g_bytes_get_size (head) - self->out_offset;

          if (written >= left)
            {
              written -= left;
              self->out_bytes -= left;
              self->out_offset = 0;
              g_bytes_unref (g_queue_pop_head (&self->out));
            }
          else
            {
              self->out_offset += written;
              self->out_bytes -= written;
              written = 0;
            }
        }
    }

  if (pupitre_connection_is_closing (self))
    shut_write (self);
  return TRUE;
}

gboolean
pupitre_connection_send (PupitreConnection *self,
                         GBytes            *bytes,
                         gsize              limit,
                         gint64             max_age,
                         gint64             now)
{
  gsize size = g_bytes_get_size (bytes);

  /* The age is that of the last progress, not of the oldest line: a
   * client that keeps reading, however slowly, is not cut. */
  if (g_queue_is_empty (&self->out))
    self->progress_at = now;
  else if (self->out_bytes + size > limit || now - self->progress_at > max_age)
    return FALSE;

  g_queue_push_tail (&self->out, g_bytes_ref (bytes));
  self->out_bytes += size;
  return TRUE;
}
