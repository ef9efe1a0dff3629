/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --proxy-from on the real server over loopback: a listed proxy's PROXY
 * v2 header names the client for the log and the per-address limits; a
 * bad or late header closes the connection; an unlisted address's header
 * is never read. */

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pupitre-test-client.h"
#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"

#define DEADLINE_US (pupitre_test_scale_us (10 * G_USEC_PER_SEC))

typedef PupitreTestClient Client;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, pupitre_test_client_free)

static const guint8 signature[12] = {
  0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
};

/* What HAProxy's send-proxy-v2 writes for a TCP client at @a.b.c.d:@port,
 * with a TLV (a unique id) the server skips; LOCAL when @a is 0. */
static GByteArray *
proxy_header (guint8  a,
              guint8  b,
              guint8  c,
              guint8  d,
              guint16 port)
{
  GByteArray *header = g_byte_array_new ();
  const guint8 local[4] = { 0x20, 0x00, 0x00, 0x00 };
  const guint8 fixed[4] = { 0x21, 0x11, 0x00, 12 + 7 };
  const guint8 block[12] = { a, b, c, d, 127, 0, 0, 1, port >> 8, port & 0xFF, 0xC3, 0x6A };
  const guint8 tlv[7] = { 0x05, 0x00, 0x04, 'a', 'b', 'c', 'd' };

  g_byte_array_append (header, signature, sizeof signature);
  if (a == 0)
    {
      g_byte_array_append (header, local, sizeof local);
      return header;
    }
  g_byte_array_append (header, fixed, sizeof fixed);
  g_byte_array_append (header, block, sizeof block);
  g_byte_array_append (header, tlv, sizeof tlv);
  return header;
}

/* The header and the first line in one write, as HAProxy forwards a
 * client that sends its join at once. */
static Client *
connect_as (PupitreTestServer *server,
            GByteArray        *header,
            const char        *line)
{
  Client *client = pupitre_test_client_connect ("127.0.0.1", pupitre_test_server_get_port (server));
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  g_byte_array_append (bytes, header->data, header->len);
  if (line != NULL)
    {
      g_byte_array_append (bytes, (const guint8 *) line, strlen (line));
      g_byte_array_append (bytes, (const guint8 *) "\n", 1);
    }
  pupitre_test_client_send_raw (client, (const char *) bytes->data, bytes->len);
  return client;
}

static PupitreTestServer *
start (const char *proxy_from)
{
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--players", "50",
                         "--proxy-from", proxy_from, NULL };

  return pupitre_test_server_start (NULL, argv);
}

/* The client the header names is who joined, in the log; the join line
 * right behind the header is read, not lost. */
static void
test_names_the_client (void)
{
  g_autoptr(PupitreTestServer) server = NULL;
  g_autoptr(GByteArray) header = proxy_header (192, 0, 2, 7, 40123);
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonObject) welcome = NULL;
  g_autoptr(JsonObject) joined = NULL;

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif
  server = start ("192.0.2.200,127.0.0.1");
  client = connect_as (server, header, "{\"type\":\"join\",\"name\":\"Ada\"}");
  welcome = pupitre_test_client_expect (client, "welcome", DEADLINE_US);
  joined = pupitre_test_client_expect (client, "joined", DEADLINE_US);
  g_assert_cmpstr (json_object_get_string_member (joined, "name"), ==, "Ada");
  g_assert_true (pupitre_test_server_wait_log (server, 0, "Ada joined (192.0.2.7:40123)",
                                               DEADLINE_US));
}

/* HAProxy's health checks say LOCAL: the proxy's own address stays. */
static void
test_local_keeps_the_proxy (void)
{
  g_autoptr(PupitreTestServer) server = NULL;
  g_autoptr(GByteArray) header = proxy_header (0, 0, 0, 0, 0);
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonObject) joined = NULL;

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif
  server = start ("127.0.0.1");
  client = connect_as (server, header, "{\"type\":\"join\",\"name\":\"Check\"}");
  joined = pupitre_test_client_expect (client, "joined", DEADLINE_US);
  g_assert_true (pupitre_test_server_wait_log (server, 0, "Check joined (127.0.0.1:",
                                               DEADLINE_US));
}

/* From a listed proxy, a connection without a header is logged and closed
 * before anything is said to it. */
static void
test_missing_header_closes (void)
{
  g_autoptr(PupitreTestServer) server = NULL;
  g_autoptr(Client) client = NULL;

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif
  server = start ("127.0.0.1");
  client = pupitre_test_client_connect ("127.0.0.1", pupitre_test_server_get_port (server));
  pupitre_test_client_send (client, "{\"type\":\"join\",\"name\":\"Direct\"}");
  g_assert_null (pupitre_test_client_read_line (client, DEADLINE_US));
  g_assert_true (pupitre_test_client_is_closed (client));
  g_assert_true (pupitre_test_server_wait_log (server, 0, "Bad PROXY header from 127.0.0.1:",
                                               DEADLINE_US));
}

/* Half a header, then nothing: closed at the header's deadline (5 s),
 * well before the join deadline (30 s). */
static void
test_late_header_closes (void)
{
  g_autoptr(PupitreTestServer) server = NULL;
  g_autoptr(GByteArray) header = proxy_header (192, 0, 2, 7, 40123);
  g_autoptr(Client) client = NULL;
  gint64 start_time;

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif
  server = start ("127.0.0.1");
  client = pupitre_test_client_connect ("127.0.0.1", pupitre_test_server_get_port (server));
  start_time = g_get_monotonic_time ();
  pupitre_test_client_send_raw (client, (const char *) header->data, 20);
  g_assert_null (pupitre_test_client_read_line (client, pupitre_test_scale_us (20 * G_USEC_PER_SEC)));
  g_assert_true (pupitre_test_client_is_closed (client));
  g_assert_cmpint (g_get_monotonic_time () - start_time, >=, 5 * G_USEC_PER_SEC - 100000);
  g_assert_true (pupitre_test_server_wait_log (server, 0, "sent no whole PROXY header within 5 seconds",
                                               DEADLINE_US));
}

/* The unknown-code bucket (10) counts the address the header names: one
 * student guessing codes is slowed, another behind the same proxy is not. */
static void
test_limits_count_the_client (void)
{
  g_autoptr(PupitreTestServer) server = NULL;
  g_autoptr(GByteArray) guesser = proxy_header (198, 51, 100, 20, 1000);
  g_autoptr(GByteArray) again = proxy_header (198, 51, 100, 20, 1001);
  g_autoptr(GByteArray) other = proxy_header (198, 51, 100, 21, 1000);
  g_autoptr(Client) first = NULL;
  g_autoptr(Client) second = NULL;
  g_autoptr(Client) third = NULL;
  const char *guess = "{\"type\":\"join\",\"name\":\"Guess\",\"game\":\"ZZZZZZ\"}";

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif
  server = start ("127.0.0.1");
  first = connect_as (server, guesser, NULL);
  for (guint i = 0; i < 11; i++)
    {
      g_autoptr(JsonObject) error = NULL;

      pupitre_test_client_send (first, guess);
      error = pupitre_test_client_expect (first, "error", DEADLINE_US);
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==,
                       i < 10 ? "game-not-found" : "rate-limited");
    }

  /* The same student on a new connection through the proxy. */
  second = connect_as (server, again, guess);
  {
    g_autoptr(JsonObject) error = pupitre_test_client_expect (second, "error", DEADLINE_US);

    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "rate-limited");
  }

  /* Another student, through the same proxy connection's address. */
  third = connect_as (server, other, guess);
  {
    g_autoptr(JsonObject) error = pupitre_test_client_expect (third, "error", DEADLINE_US);

    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "game-not-found");
  }
}

/* A server whose proxy is elsewhere never reads a header from this
 * address: the header is a bad line like any other, the peer stays. */
static void
test_unlisted_header_ignored (void)
{
  g_autoptr(PupitreTestServer) server = NULL;
  g_autoptr(GByteArray) header = proxy_header (192, 0, 2, 7, 40123);
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonObject) error = NULL;
  g_autoptr(JsonObject) joined = NULL;
  g_autofree char *log = NULL;

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif
  server = start ("192.0.2.200");
  /* The header's bytes end in a newline: they are one bad line. */
  client = connect_as (server, header, NULL);
  pupitre_test_client_send (client, "");
  error = pupitre_test_client_expect (client, "error", DEADLINE_US);
  pupitre_test_client_send (client, "{\"type\":\"join\",\"name\":\"Mallory\"}");
  joined = pupitre_test_client_expect (client, "joined", DEADLINE_US);
  g_assert_true (pupitre_test_server_wait_log (server, 0, "Mallory joined (127.0.0.1:",
                                               DEADLINE_US));
  log = pupitre_test_server_dup_log (server);
  g_assert_null (strstr (log, "192.0.2.7"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proxy/names-the-client", test_names_the_client);
  g_test_add_func ("/proxy/local-keeps-the-proxy", test_local_keeps_the_proxy);
  g_test_add_func ("/proxy/missing-header-closes", test_missing_header_closes);
  g_test_add_func ("/proxy/late-header-closes", test_late_header_closes);
  g_test_add_func ("/proxy/limits-count-the-client", test_limits_count_the_client);
  g_test_add_func ("/proxy/unlisted-header-ignored", test_unlisted_header_ignored);

  return g_test_run ();
}
