/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server under attack stays responsive, bounded in memory, and plays afterwards. */

/* While one thread attacks, the main thread is an honest player who pings
 * the server every few milliseconds and measures each answer:
 *   - 500 connections that each send 8,000 bytes of a line and never end it;
 *   - 1,000 connections opened and closed at once (half of them after a
 *     scrap of a line);
 *   - a member flooding the chat (ten 500-character lines a millisecond)
 *     without ever reading, until the server cuts it;
 *   - a member that never reads anything while another floods it with
 *     pings, each answered by a pong queued for it.
 * Meanwhile every ping is answered within 100 ms and the server's resident
 * memory stays under 64 MiB. Why 64 MiB: an idle server is about 8 MiB;
 * the unfinished lines take at most 500 × 8 KiB = 4 MiB of line buffers;
 * the contract bounds what waits for a reader that does not read to 1 MiB
 * per connection; the rest is slack for the allocator. A server that kept
 * the flood, or unbounded queues, would blow through it: the ping flood
 * alone sends over 10 MB of answers.
 * Once the attackers are gone, four players play a whole game. */

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fault-support.h"

#define IDLE_CONNECTIONS    500
#define IDLE_LINE_BYTES     8000
#define CHURN_CONNECTIONS   1000
#define FLOOD_MAX_BYTES     (64 * 1024 * 1024)
/* Ten chat lines a millisecond at most: thousands of times what the chat
 * allows, without turning the test into a loopback bandwidth test while
 * the server lingers on the closed flooder. */
#define CHAT_FLOOD_PAUSE_US 1000
#define MAX_PING_US         (100 * 1000)
#define MAX_RSS_KIB         (64 * 1024)
#define FLOOD_DEADLINE_US   (20 * G_USEC_PER_SEC)

typedef struct
{
  guint    port;
  gint     done;          /* atomic: the attack is over */

  /* Read by the main thread once the attack thread has been joined. */
  gsize    chat_lines_sent;
  gboolean chat_flood_cut;
  gsize    ping_bytes_sent;
  gboolean ping_flood_cut;
} Attack;

static int
connect_raw (guint port)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  return fd;
}

static void
send_all (int         fd,
          const char *data,
          gsize       len)
{
  while (len > 0)
    {
      gssize n = send (fd, data, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      data += n;
      len -= n;
    }
}

/* Sends @data again and again, without reading, until the server cuts the
 * connection, @max bytes went, or the deadline passed, waiting @pause_us
 * after each send. Returns the bytes sent; *@cut tells whether the server
 * cut it. */
static gsize
flood (int         fd,
       const char *data,
       gsize       len,
       gsize       max,
       gint64      pause_us,
       gboolean   *cut)
{
  gint64 deadline = g_get_monotonic_time () + FLOOD_DEADLINE_US;
  gsize sent = 0;
  gsize offset = 0;

  *cut = FALSE;
  while (sent < max && g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLOUT };
      gssize n;

      if (poll (&pfd, 1, 100) <= 0)
        continue;
      n = send (fd, data + offset, len - offset, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n < 0)
        {
          /* EPIPE or ECONNRESET: the server closed it. */
          *cut = TRUE;
          break;
        }
      sent += n;
      offset = (offset + n) % len;
      if (pause_us > 0)
        g_usleep (pause_us);
    }
  return sent;
}

static gpointer
attack_thread (gpointer user_data)
{
  Attack *attack = user_data;
  g_autofree int *idle = g_new (int, IDLE_CONNECTIONS);
  g_autoptr(GString) partial = g_string_new ("{\"type\":\"join\",\"name\":\"");
  g_autoptr(GString) chats = g_string_new (NULL);
  g_autoptr(GString) pings = g_string_new (NULL);
  g_autoptr(FaultClient) chatter = fault_client_connect ("127.0.0.1", attack->port);
  g_autoptr(FaultClient) sink = fault_client_connect ("127.0.0.1", attack->port);
  g_autoptr(JsonObject) chatter_joined = NULL;
  g_autoptr(JsonObject) sink_joined = NULL;

  /* The two flooders are members: a chat goes to every member. */
  chatter_joined = fault_client_join (chatter, "Flo", NULL);
  sink_joined = fault_client_join (sink, "Sid", NULL);

  while (partial->len < IDLE_LINE_BYTES)
    g_string_append_c (partial, 'x');
  for (guint i = 0; i < IDLE_CONNECTIONS; i++)
    {
      idle[i] = connect_raw (attack->port);
      send_all (idle[i], partial->str, partial->len);
    }

  for (guint i = 0; i < CHURN_CONNECTIONS; i++)
    {
      int fd = connect_raw (attack->port);

      if (i % 2 == 0)
        send_all (fd, "{\"type\":\"jo", 11);
      close (fd);
    }

  for (guint i = 0; i < 10; i++)
    {
      g_string_append (chats, "{\"type\":\"chat\",\"text\":\"");
      for (guint c = 0; c < 490; c++)
        g_string_append_c (chats, 'a' + (i + c) % 26);
      g_string_append (chats, "\"}\n");
    }
  attack->chat_lines_sent = flood (fault_client_get_fd (chatter), chats->str, chats->len,
                                   G_MAXSIZE, CHAT_FLOOD_PAUSE_US,
                                   &attack->chat_flood_cut) / (chats->len / 10);

  /* Sid pings and never reads the pongs. */
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (pings, "{\"type\":\"ping\",\"id\":%u}\n", 1000000 + i);
  attack->ping_bytes_sent = flood (fault_client_get_fd (sink), pings->str, pings->len,
                                   FLOOD_MAX_BYTES, 0, &attack->ping_flood_cut);

  for (guint i = 0; i < IDLE_CONNECTIONS; i++)
    close (idle[i]);

  g_atomic_int_set (&attack->done, 1);
  return NULL;
}

static gboolean
server_uses_asan (FaultServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/maps", (int) fault_server_get_pid (server));
  g_autofree char *maps = NULL;

  return g_file_get_contents (path, &maps, NULL, NULL) && strstr (maps, "libasan") != NULL;
}

/* One ping from @client; returns how long the pong took. */
static gint64
measure_ping (FaultClient *client,
              guint        id)
{
  gint64 sent_at = g_get_monotonic_time ();

  fault_client_sendf (client, "{\"type\":\"ping\",\"id\":%u}", id);
  for (;;)
    {
      g_autoptr(JsonObject) reply = fault_client_expect (client, "pong", FAULT_TIMEOUT_US);

      if (json_object_get_int_member (reply, "id") == id)
        return g_get_monotonic_time () - sent_at;
    }
}

static void
test_flood (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pupitre-flood-XXXXXX", &error);
  g_autofree char *quiz = NULL;
  g_autoptr(FaultServer) server = NULL;
  g_autoptr(FaultClient) pia = NULL;
  g_autoptr(JsonObject) pia_joined = NULL;
  g_autoptr(JsonObject) over = NULL;
  FaultClient *players[4];
  Attack attack = { 0 };
  GThread *thread;
  gint64 max_ping = 0;
  gint64 total_ping = 0;
  guint64 rss_before;
  guint64 max_rss = 0;
  guint n_pings = 0;

  g_assert_no_error (error);
  quiz = fault_write_quiz (dir, 3);
  {
    /* Four players needed: the attack happens in the lobby, where the
     * chat is open. */
    const char *args[] = { "--players", "4", "--quiz", quiz,
                           "--countdown", "0.1", "--time-limit", "10", "--pause", "0.1",
                           "--over-pause", "0.1", NULL };

    server = fault_server_start (args);
  }

  pia = fault_client_connect ("127.0.0.1", fault_server_get_port (server));
  pia_joined = fault_client_join (pia, "Pia", NULL);
  measure_ping (pia, 0);
  rss_before = fault_server_get_rss_kib (server);

  attack.port = fault_server_get_port (server);
  thread = g_thread_new ("attack", attack_thread, &attack);
  while (!g_atomic_int_get (&attack.done) || n_pings < 20)
    {
      gint64 took = measure_ping (pia, ++n_pings);

      max_ping = MAX (max_ping, took);
      total_ping += took;
      max_rss = MAX (max_rss, fault_server_get_rss_kib (server));
      /* A player's pace, not a flood of its own. */
      g_usleep (10 * 1000);
    }
  g_thread_join (thread);

  g_printerr ("%u pings during the attack: at most %.1f ms, %.2f ms on average\n",
              n_pings, max_ping / 1000.0, total_ping / 1000.0 / n_pings);
  g_printerr ("Server memory: %" G_GUINT64_FORMAT " KiB before, at most %" G_GUINT64_FORMAT
              " KiB during the attack\n", rss_before, max_rss);
  g_printerr ("Chat flood: %" G_GSIZE_FORMAT " lines sent, %s; ping flood: %" G_GSIZE_FORMAT
              " bytes sent, %s\n",
              attack.chat_lines_sent, attack.chat_flood_cut ? "cut" : "not cut",
              attack.ping_bytes_sent, attack.ping_flood_cut ? "cut" : "not cut");

  g_assert_cmpint (max_ping, <, MAX_PING_US);
  /* AddressSanitizer's shadow memory and quarantine say nothing of the
   * server's own needs. */
  if (!server_uses_asan (server))
    g_assert_cmpuint (max_rss, <, MAX_RSS_KIB);
  /* Neither flood could go on for ever. */
  g_assert_true (attack.chat_flood_cut);
  g_assert_true (attack.ping_flood_cut);

  /* Pia was told of a few chats at most, not thousands. */
  {
    guint chats = 0;
    JsonObject *message;

    measure_ping (pia, ++n_pings);
    fault_client_sendf (pia, "{\"type\":\"ping\",\"id\":\"end\"}");
    while ((message = fault_client_read (pia, FAULT_TIMEOUT_US)) != NULL)
      {
        const char *type = json_object_get_string_member (message, "type");
        gboolean end = g_str_equal (type, "pong");

        if (g_str_equal (type, "chat"))
          chats++;
        json_object_unref (message);
        if (end)
          break;
      }
    g_assert_cmpuint (chats, <, 100);
  }

  /* The attackers are gone: a whole game is played. */
  players[0] = g_steal_pointer (&pia);
  for (guint i = 1; i < G_N_ELEMENTS (players); i++)
    {
      static const char * const names[] = { NULL, "Ann", "Bob", "Cid" };
      g_autoptr(JsonObject) joined = NULL;

      players[i] = fault_client_connect ("127.0.0.1", fault_server_get_port (server));
      joined = fault_client_join (players[i], names[i], NULL);
    }
  for (gint64 round = 1; round <= 3; round++)
    fault_play_round (players, G_N_ELEMENTS (players), round);
  over = fault_client_expect (players[0], "game_over", FAULT_TIMEOUT_US);
  /* Flo and Sid keep the seats they took in the lobby. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (over, "totals")), >=, 4);

  for (guint i = 0; i < G_N_ELEMENTS (players); i++)
    fault_client_free (players[i]);
  g_unlink (quiz);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/faults/attack/flood-and-churn", test_flood);
  return g_test_run ();
}
