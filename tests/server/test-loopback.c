/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A server in the test process on a loopback socket, and its clients. */

#include "config.h"

#include <string.h>

#include "test-loopback.h"

static const char quiz_json[] =
  "{\"title\":\"Test\",\"questions\":["
  "{\"text\":\"Free OS?\",\"choices\":[\"Windows\",\"MacOS\",\"Linux\"],\"answer\":3}]}";

TestServer *
test_server_new (TestConfigure configure)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = pupitre_quiz_load_from_data (quiz_json, -1, "test.json", &error);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  TestServer *self = g_new0 (TestServer, 1);

  g_assert_no_error (error);
  self->config = g_new0 (PupitreConfig, 1);
  self->config->players = 3;
  self->config->countdown = 10;
  self->config->time_limit = 20;
  self->config->pause = 5;
  self->config->over_pause = 30;
  if (configure != NULL)
    configure (self->config);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  /* Room for the crowds some tests send at once. */
  g_socket_set_listen_backlog (socket, 1024);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  self->address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  self->server = pupitre_server_new (self->config, quiz);
  pupitre_server_add_socket (self->server, socket, &error);
  g_assert_no_error (error);
  return self;
}

void
test_server_start (TestServer *self)
{
  g_autoptr(GError) error = NULL;

  pupitre_server_start (self->server, &error);
  g_assert_no_error (error);
}

void
test_server_free (TestServer *self)
{
  g_assert_finalize_object (self->server);
  pupitre_config_free (self->config);
  g_object_unref (self->address);
  g_free (self);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
test_wait_for (gboolean *done)
{
  gboolean late = FALSE;
  guint timer = g_timeout_add (TEST_WAIT_US / 1000, flag_cb, &late);

  while (!*done && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timer);
  return *done;
}

TestClient *
test_client_connect (TestServer *server,
                     const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  TestClient *self = g_new0 (TestClient, 1);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  if (source != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (source);
      g_autoptr(GSocketAddress) local = g_inet_socket_address_new (inet, 0);

      g_socket_bind (socket, local, FALSE, &error);
      g_assert_no_error (error);
    }
  /* Loopback connects complete in the kernel's backlog, whether the
   * server accepts or not. */
  g_socket_connect (socket, server->address, NULL, &error);
  g_assert_no_error (error);
  self->connection = g_socket_connection_factory_create_connection (socket);
  self->stream = g_object_ref (G_IO_STREAM (self->connection));
  self->buffer = g_string_new (NULL);
  return self;
}

gboolean
test_accept_any_certificate (GTlsConnection       *connection,
                             GTlsCertificate      *certificate,
                             GTlsCertificateFlags  errors,
                             gpointer              user_data)
{
  return TRUE;
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

void
test_handshake_async (GTlsConnection *connection,
                      gboolean       *done)
{
  g_tls_connection_handshake_async (connection, G_PRIORITY_DEFAULT, NULL, handshake_cb, done);
}

TestClient *
test_client_connect_tls (TestServer *server,
                         const char *source)
{
  g_autoptr(GError) error = NULL;
  TestClient *self = test_client_connect (server, source);
  GIOStream *tls;
  gboolean done = FALSE;

  tls = g_tls_client_connection_new (G_IO_STREAM (self->connection), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (test_accept_any_certificate), NULL);
  g_object_unref (self->stream);
  self->stream = tls;

  /* The server runs in this thread: a blocking handshake would wait for
   * it forever. */
  test_handshake_async (G_TLS_CONNECTION (tls), &done);
  if (!test_wait_for (&done))
    g_error ("No TLS handshake within %d s", (int) (TEST_WAIT_US / G_USEC_PER_SEC));
  return self;
}

void
test_client_free (TestClient *self)
{
  g_io_stream_close (self->stream, NULL, NULL);
  g_object_unref (self->stream);
  g_object_unref (self->connection);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}

void
test_client_say (TestClient *self,
                 const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (self->stream), text, strlen (text),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
readable_cb (GObject  *stream,
             gpointer  user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop, the server's included, until @self's stream is
 * readable or @deadline passes. FALSE at the deadline. */
static gboolean
wait_readable (TestClient *self,
               gint64      deadline)
{
  GPollableInputStream *input = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (self->stream));
  g_autoptr(GSource) source = g_pollable_input_stream_create_source (input, NULL);
  gboolean ready = FALSE;
  gboolean late = FALSE;
  gint64 delay = MAX (deadline - g_get_monotonic_time (), 0);
  guint timer = g_timeout_add ((guint) (delay / 1000) + 1, flag_cb, &late);

  g_source_set_callback (source, G_SOURCE_FUNC (readable_cb), &ready, NULL);
  g_source_attach (source, NULL);
  while (!ready && !late)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (source);
  if (!late)
    g_source_remove (timer);
  return ready;
}

char *
test_client_read_line (TestClient *self)
{
  GPollableInputStream *input = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (self->stream));
  gint64 deadline = g_get_monotonic_time () + TEST_WAIT_US;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      char *newline = memchr (self->buffer->str, '\n', self->buffer->len);
      char chunk[4096];
      gssize n;

      if (newline != NULL)
        {
          char *line = g_strndup (self->buffer->str, newline - self->buffer->str);

          g_string_erase (self->buffer, 0, newline - self->buffer->str + 1);
          return line;
        }
      if (self->eof)
        return NULL;

      n = g_pollable_input_stream_read_nonblocking (input, chunk, sizeof chunk, NULL, &error);
      if (n > 0)
        g_string_append_len (self->buffer, chunk, n);
      else if (n == 0 || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        self->eof = TRUE;
      else if (!wait_readable (self, deadline))
        g_error ("No line from the server within %d s", (int) (TEST_WAIT_US / G_USEC_PER_SEC));
    }
}

JsonObject *
test_client_read (TestClient *self)
{
  g_autofree char *line = test_client_read_line (self);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (line);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

JsonObject *
test_client_expect (TestClient *self,
                    const char *type)
{
  for (;;)
    {
      JsonObject *object = test_client_read (self);

      if (g_str_equal (json_object_get_string_member (object, "type"), type))
        return object;
      json_object_unref (object);
    }
}

void
test_client_expect_eof (TestClient *self)
{
  char *line;

  while ((line = test_client_read_line (self)) != NULL)
    g_free (line);
}
