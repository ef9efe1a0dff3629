/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server's TLS side under pressure: one client's reads keep to the
 * wakeup budget, and stalled handshakes lock no one else out. */

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "pupitre-connection.h"
#include "test-certificate.h"
#include "test-loopback.h"

/* Far more than one wakeup's budget (64 KiB), less than a socket pair
 * buffers, so that the writer needs no reader to finish. */
#define FLOOD_BYTES (160 * 1024)

static TestCertificate *certificate;

static void
use_tls (PupitreConfig *config)
{
  config->tls_certificate = g_strdup (certificate->certificate);
  config->tls_key = g_strdup (certificate->key);
}

static gpointer
flood_thread (gpointer data)
{
  GOutputStream *output = g_io_stream_get_output_stream (data);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  while (lines->len < FLOOD_BYTES)
    g_string_append (lines, "{\"type\":\"ping\",\"id\":1234567}\n");
  g_string_truncate (lines, FLOOD_BYTES);
  g_output_stream_write_all (output, lines->str, lines->len, NULL, NULL, &error);
  g_assert_no_error (error);
  return NULL;
}

/* A connection's read takes its budget, give or take one TLS record, and
 * says when more may wait inside the TLS layer. */
static void
test_read_budget (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) server_certificate = NULL;
  g_autoptr(GSocket) server_socket = NULL;
  g_autoptr(GSocket) client_socket = NULL;
  g_autoptr(GSocketConnection) server_base = NULL;
  g_autoptr(GSocketConnection) client_base = NULL;
  g_autoptr(GIOStream) server_tls = NULL;
  g_autoptr(GIOStream) client_tls = NULL;
  PupitreConnection *conn;
  gboolean server_done = FALSE;
  gboolean client_done = FALSE;
  GThread *writer;
  gsize total = 0;
  int fds[2];

  if (certificate == NULL)
    return;

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  server_socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  client_socket = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  server_base = g_socket_connection_factory_create_connection (server_socket);
  client_base = g_socket_connection_factory_create_connection (client_socket);

  server_certificate = g_tls_certificate_new_from_files (certificate->certificate,
                                                         certificate->key, &error);
  g_assert_no_error (error);
  server_tls = g_tls_server_connection_new (G_IO_STREAM (server_base), server_certificate, &error);
  g_assert_no_error (error);
  client_tls = g_tls_client_connection_new (G_IO_STREAM (client_base), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (client_tls, "accept-certificate", G_CALLBACK (test_accept_any_certificate), NULL);
  test_handshake_async (G_TLS_CONNECTION (server_tls), &server_done);
  test_handshake_async (G_TLS_CONNECTION (client_tls), &client_done);
  g_assert_true (test_wait_for (&server_done));
  g_assert_true (test_wait_for (&client_done));

  writer = g_thread_new ("flood", flood_thread, client_tls);
  g_thread_join (writer);

  conn = pupitre_connection_new (server_tls, server_socket);
  while (total < FLOOD_BYTES)
    {
      gssize n = pupitre_connection_read (conn, 64 * 1024, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      /* One read of up to 16 KiB may start below the budget and end
       * beyond it. */
      g_assert_cmpint (n, <, 64 * 1024 + 16 * 1024);
      total += n;
      if (total < FLOOD_BYTES)
        g_assert_true (pupitre_connection_has_more_input (conn));
    }
  g_assert_cmpuint (total, ==, FLOOD_BYTES);
  pupitre_connection_free (conn);
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  g_assert_no_error (error);
}

/* However the reads are cut, every line a TLS client sent is answered,
 * the last ones included. */
static void
test_every_line_read (void)
{
  g_autoptr(TestServer) server = NULL;
  g_autoptr(TestClient) client = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  guint n_lines = 0;

  if (certificate == NULL)
    return;
  server = test_server_new (use_tls);
  test_server_start (server);
  client = test_client_connect_tls (server, NULL);
  json_object_unref (test_client_expect (client, "welcome"));

  while (lines->len < FLOOD_BYTES)
    {
      g_string_append_printf (lines, "{\"type\":\"ping\",\"id\":%u}\n", n_lines);
      n_lines++;
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (client->stream),
                                   lines->str, lines->len, G_PRIORITY_DEFAULT, NULL,
                                   write_cb, NULL);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(JsonObject) pong = test_client_expect (client, "pong");

      g_assert_cmpint (json_object_get_int_member (pong, "id"), ==, i);
    }
}

/* 200 peers that connect to the TLS port and send nothing or half a
 * hello: a joined player keeps playing, a new one completes its
 * handshake at once, and a half hello is let go well before the join
 * deadline (30 s). */
static void
test_stalled_handshakes (void)
{
  /* A handshake record announcing 512 bytes, of which 100 come. */
  static const guchar half_hello[5 + 100] = { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01 };
  g_autoptr(TestServer) server = NULL;
  g_autoptr(TestClient) player = NULL;
  g_autoptr(TestClient) newcomer = NULL;
  g_autoptr(GPtrArray) stalled = g_ptr_array_new_with_free_func ((GDestroyNotify) test_client_free);

  if (certificate == NULL)
    return;
  server = test_server_new (use_tls);
  test_server_start (server);

  player = test_client_connect_tls (server, NULL);
  test_client_say (player, "{\"type\":\"join\",\"name\":\"Player\"}");
  json_object_unref (test_client_expect (player, "joined"));

  for (guint i = 0; i < 200; i++)
    {
      TestClient *peer = test_client_connect (server, "127.0.0.2");

      if (i % 2 == 1)
        {
          g_autoptr(GError) error = NULL;

          g_output_stream_write_all (g_io_stream_get_output_stream (peer->stream),
                                     half_hello, sizeof half_hello, NULL, NULL, &error);
          g_assert_no_error (error);
        }
      g_ptr_array_add (stalled, peer);
    }

  newcomer = test_client_connect_tls (server, NULL);
  test_client_say (newcomer, "{\"type\":\"join\",\"name\":\"Newcomer\"}");
  json_object_unref (test_client_expect (newcomer, "joined"));
  test_client_say (player, "{\"type\":\"ping\",\"id\":7}");
  json_object_unref (test_client_expect (player, "pong"));

  /* A hello begun and not finished is let go within TEST_WAIT_US (20 s),
   * before the join deadline; silent peers, which hold no thread, wait for
   * the join deadline as plain ones do. */
  test_client_expect_eof (g_ptr_array_index (stalled, 1));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  certificate = test_certificate_new ();

  g_test_add_func ("/tls-limits/read/budget-per-wakeup", test_read_budget);
  g_test_add_func ("/tls-limits/read/every-line-answered", test_every_line_read);
  g_test_add_func ("/tls-limits/handshake/stalled-peers-lock-nobody-out", test_stalled_handshakes);

  status = g_test_run ();
  g_clear_pointer (&certificate, test_certificate_free);
  return status;
}
