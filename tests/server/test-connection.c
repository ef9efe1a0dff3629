/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One connection's send queue and close over a real socket pair: what is
 * queued, when a client counts as not reading, how a close lingers. */

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "pupitre-connection.h"
#include "pupitre-protocol.h"

#define LINE_SIZE (64 * 1024)
#define SECONDS(x) ((gint64) (x) * G_USEC_PER_SEC)

typedef struct
{
  PupitreConnection *conn;
  int                peer;   /* the client's end */
  GBytes            *line;   /* LINE_SIZE bytes ending in "\n" */
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  char *text = g_malloc (LINE_SIZE);
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  stream = g_socket_connection_factory_create_connection (socket);
  fixture->conn = pupitre_connection_new (G_IO_STREAM (stream), socket);
  fixture->peer = fds[1];

  memset (text, 'x', LINE_SIZE - 1);
  text[LINE_SIZE - 1] = '\n';
  fixture->line = g_bytes_new_take (text, LINE_SIZE);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  pupitre_connection_free (fixture->conn);
  close (fixture->peer);
  g_bytes_unref (fixture->line);
}

static gssize
peer_read (Fixture *fixture,
           char    *buffer,
           gsize    size)
{
  gssize n;

  do
    n = recv (fixture->peer, buffer, size, MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);
  return n;
}

static void
test_send_queues (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello\n", 6);
  g_autoptr(GError) error = NULL;
  char buffer[16];

  g_assert_true (pupitre_connection_send (fixture->conn, hello, PUPITRE_MAX_QUEUED_BYTES,
                                          SECONDS (60), 0));
  g_assert_true (pupitre_connection_has_output (fixture->conn));
  /* Nothing is written before the flush. */
  g_assert_cmpint (peer_read (fixture, buffer, sizeof buffer), ==, -1);
  g_assert_cmpint (errno, ==, EAGAIN);

  g_assert_true (pupitre_connection_flush (fixture->conn, 0, &error));
  g_assert_no_error (error);
  g_assert_false (pupitre_connection_has_output (fixture->conn));
  g_assert_cmpint (peer_read (fixture, buffer, sizeof buffer), ==, 6);
  g_assert_cmpmem (buffer, 6, "hello\n", 6);
}

/* The queue holds at most 1 MiB: the line that would pass it is refused. */
static void
test_slow_consumer_size (Fixture       *fixture,
                         gconstpointer  data)
{
  guint accepted = 0;

  while (pupitre_connection_send (fixture->conn, fixture->line, PUPITRE_MAX_QUEUED_BYTES,
                                  SECONDS (60), 0))
    {
      accepted++;
      g_assert_cmpuint (accepted, <=, PUPITRE_MAX_QUEUED_BYTES / LINE_SIZE);
    }
  g_assert_cmpuint (accepted, ==, PUPITRE_MAX_QUEUED_BYTES / LINE_SIZE);
}

/* A queue that made no progress for 60 s refuses more; one whose client
 * keeps reading, however slowly, does not. */
static void
test_slow_consumer_age (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GBytes) small = g_bytes_new_static ("ping\n", 5);
  g_autoptr(GError) error = NULL;
  char buffer[LINE_SIZE];
  gint64 start = SECONDS (1000);

  /* More than the kernel takes at once: some lines stay queued. */
  for (guint i = 0; i < PUPITRE_MAX_QUEUED_BYTES / LINE_SIZE; i++)
    g_assert_true (pupitre_connection_send (fixture->conn, fixture->line,
                                            PUPITRE_MAX_QUEUED_BYTES, SECONDS (60), start));
  g_assert_true (pupitre_connection_flush (fixture->conn, start, &error));
  g_assert_no_error (error);
  g_assert_true (pupitre_connection_has_output (fixture->conn));

  /* The client reads a little at 30 s: the queue moves again. */
  g_assert_cmpint (peer_read (fixture, buffer, sizeof buffer), >, 0);
  g_assert_true (pupitre_connection_flush (fixture->conn, start + SECONDS (30), &error));
  g_assert_true (pupitre_connection_has_output (fixture->conn));
  g_assert_true (pupitre_connection_send (fixture->conn, small, PUPITRE_MAX_QUEUED_BYTES,
                                          SECONDS (60), start + SECONDS (61)));

  /* Then it stops: 60 s after the last progress it is cut. */
  g_assert_false (pupitre_connection_send (fixture->conn, small, PUPITRE_MAX_QUEUED_BYTES,
                                           SECONDS (60), start + SECONDS (91)));
}

static void
test_linger (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GBytes) bye = g_bytes_new_static ("bye\n", 4);
  g_autoptr(GError) error = NULL;
  char buffer[16];

  pupitre_connection_send (fixture->conn, bye, PUPITRE_MAX_QUEUED_BYTES, SECONDS (60), 0);
  pupitre_connection_close (fixture->conn, PUPITRE_CLOSE_LINGER, SECONDS (2));
  g_assert_true (pupitre_connection_is_closing (fixture->conn));
  g_assert_cmpint (pupitre_connection_get_deadline (fixture->conn), ==, SECONDS (2));
  g_assert_cmpint (pupitre_connection_get_fd (fixture->conn), >=, 0);

  /* The queued line still goes out, then the end of the stream. */
  g_assert_true (pupitre_connection_flush (fixture->conn, 0, &error));
  g_assert_cmpint (peer_read (fixture, buffer, sizeof buffer), ==, 4);
  g_assert_cmpint (peer_read (fixture, buffer, sizeof buffer), ==, 0);

  /* What the peer still sends is read and dropped, not framed. */
  g_assert_cmpint (send (fixture->peer, "{\"type\":\"ping\"}\n", 16, 0), ==, 16);
  g_assert_cmpint (pupitre_connection_read (fixture->conn, 4096, &error), ==, 16);
  g_assert_cmpuint (pupitre_line_reader_get_buffered (pupitre_connection_get_reader (fixture->conn)),
                    ==, 0);

  pupitre_connection_close (fixture->conn, PUPITRE_CLOSE_NOW, -1);
  g_assert_cmpint (pupitre_connection_get_fd (fixture->conn), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/connection/send-queues-until-flush", Fixture, NULL, setup, test_send_queues, teardown);
  g_test_add ("/connection/slow-consumer/over-1-mib", Fixture, NULL, setup,
              test_slow_consumer_size, teardown);
  g_test_add ("/connection/slow-consumer/60-s-without-progress", Fixture, NULL, setup,
              test_slow_consumer_age, teardown);
  g_test_add ("/connection/linger", Fixture, NULL, setup, test_linger, teardown);

  return g_test_run ();
}
