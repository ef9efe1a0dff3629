/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server inside the test process, on a loopback socket the test bound:
 * paths that need real sockets (a stale link taken over, the error limit,
 * the connection limit). */

#include "config.h"

#include <json-glib/json-glib.h>

#include "pupitre-server.h"

#define WAIT_US (20 * G_USEC_PER_SEC)

static const char quiz_json[] =
  "{\"title\":\"Test\",\"questions\":["
  "{\"text\":\"Free OS?\",\"choices\":[\"Windows\",\"MacOS\",\"Linux\"],\"answer\":3}]}";

typedef struct
{
  PupitreConfig *config;
  PupitreServer *server;
  GSocketAddress *address;
} Fixture;

typedef struct
{
  GSocket *socket;
  GString *buffer;
  gboolean eof;
} Client;

static void
start_server (Fixture *fixture,
              guint    max_connections)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = pupitre_quiz_load_from_data (quiz_json, -1, "test.json", &error);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);

  g_assert_no_error (error);
  fixture->config = g_new0 (PupitreConfig, 1);
  fixture->config->players = 3;
  fixture->config->countdown = 10;
  fixture->config->time_limit = 20;
  fixture->config->pause = 5;
  fixture->config->over_pause = 30;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  fixture->address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  fixture->server = pupitre_server_new (fixture->config, quiz);
  if (max_connections > 0)
    pupitre_server_set_max_connections (fixture->server, max_connections);
  pupitre_server_add_socket (fixture->server, socket, &error);
  g_assert_no_error (error);
  pupitre_server_start (fixture->server, &error);
  g_assert_no_error (error);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  start_server (fixture, GPOINTER_TO_UINT (data));
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_finalize_object (fixture->server);
  pupitre_config_free (fixture->config);
  g_object_unref (fixture->address);
}

static Client *
client_connect (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  Client *client = g_new0 (Client, 1);

  client->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  /* Loopback connects complete in the kernel's backlog, whether the
   * server accepts or not. */
  g_socket_connect (client->socket, fixture->address, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (client->socket, FALSE);
  client->buffer = g_string_new (NULL);
  return client;
}

static void
client_free (Client *client)
{
  g_socket_close (client->socket, NULL);
  g_object_unref (client->socket);
  g_string_free (client->buffer, TRUE);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static void
client_say (Client     *client,
            const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_socket_send (client->socket, text, strlen (text), NULL, &error),
                   ==, (gssize) strlen (text));
  g_assert_no_error (error);
}

static gboolean
ready_cb (GSocket      *socket,
          GIOCondition  condition,
          gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop, the server's included, until @client has data or
 * @deadline passes. FALSE at the deadline. */
static gboolean
wait_readable (Client *client,
               gint64  deadline)
{
  g_autoptr(GSource) source = g_socket_create_source (client->socket, G_IO_IN | G_IO_HUP, NULL);
  gboolean ready = FALSE;
  gboolean late = FALSE;
  gint64 delay = MAX (deadline - g_get_monotonic_time (), 0);
  guint timer = g_timeout_add ((guint) (delay / 1000) + 1, timeout_cb, &late);

  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) ready_cb, &ready, NULL);
  g_source_attach (source, NULL);
  while (!ready && !late)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (source);
  if (!late)
    g_source_remove (timer);
  return ready;
}

/* The next line, or NULL at the end of the stream. */
static char *
client_read_line (Client *client)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      char *newline = memchr (client->buffer->str, '\n', client->buffer->len);
      char chunk[4096];
      gssize n;

      if (newline != NULL)
        {
          char *line = g_strndup (client->buffer->str, newline - client->buffer->str);

          g_string_erase (client->buffer, 0, newline - client->buffer->str + 1);
          return line;
        }
      if (client->eof)
        return NULL;

      n = g_socket_receive (client->socket, chunk, sizeof chunk, NULL, &error);
      if (n > 0)
        g_string_append_len (client->buffer, chunk, n);
      else if (n == 0 || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        client->eof = TRUE;
      else if (!wait_readable (client, deadline))
        g_error ("No line from the server within %d s", (int) (WAIT_US / G_USEC_PER_SEC));
    }
}

static JsonObject *
client_read (Client *client)
{
  g_autofree char *line = client_read_line (client);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (line);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Skips lines until one of @type. */
static JsonObject *
client_expect (Client     *client,
               const char *type)
{
  for (;;)
    {
      JsonObject *object = client_read (client);

      if (g_str_equal (json_object_get_string_member (object, "type"), type))
        return object;
      json_object_unref (object);
    }
}

static void
client_expect_eof (Client *client)
{
  char *line;

  while ((line = client_read_line (client)) != NULL)
    g_free (line);
}

static void
test_takeover (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(Client) old = client_connect (fixture);
  g_autoptr(Client) fresh = client_connect (fixture);
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(JsonObject) resumed = NULL;
  g_autofree char *join = NULL;

  json_object_unref (client_expect (old, "welcome"));
  client_say (old, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  joined = client_expect (old, "joined");

  json_object_unref (client_expect (fresh, "welcome"));
  join = g_strdup_printf ("{\"type\":\"join\",\"name\":\"x\",\"token\":\"%s\"}",
                          json_object_get_string_member (joined, "token"));
  client_say (fresh, join);
  resumed = client_expect (fresh, "joined");
  g_assert_cmpstr (json_object_get_string_member (resumed, "name"), ==, "Ubuntu1");
  g_assert_true (json_object_get_boolean_member (resumed, "resumed"));

  /* The old link, still open on its side, is closed by the server. */
  client_expect_eof (old);

  /* The seat answers on the new link. */
  client_say (fresh, "{\"type\":\"ping\",\"id\":1}");
  json_object_unref (client_expect (fresh, "pong"));
}

static void
test_sixteen_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(Client) client = client_connect (fixture);

  json_object_unref (client_expect (client, "welcome"));
  for (guint i = 0; i < 16; i++)
    client_say (client, "{\"type\":\"nonsense\"}");
  for (guint i = 0; i < 16; i++)
    {
      g_autoptr(JsonObject) error = client_read (client);

      g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, "error");
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "unknown-type");
    }
  client_expect_eof (client);
}

/* With room for two connections, a third waits in the kernel's backlog
 * until both have gone, then is welcomed. */
static void
test_connection_limit (Fixture       *fixture,
                       gconstpointer  data)
{
  Client *a = client_connect (fixture);
  Client *b = client_connect (fixture);
  g_autoptr(Client) c = NULL;
  char byte;
  g_autoptr(GError) error = NULL;

  json_object_unref (client_expect (a, "welcome"));
  json_object_unref (client_expect (b, "welcome"));
  c = client_connect (fixture);

  /* A round trip on b: the server's loop has run since c connected. */
  client_say (b, "{\"type\":\"ping\",\"id\":2}");
  json_object_unref (client_expect (b, "pong"));
  g_assert_cmpint (g_socket_receive (c->socket, &byte, 1, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);

  client_say (a, "{\"type\":\"quit\"}");
  json_object_unref (client_expect (a, "bye"));
  client_expect_eof (a);
  client_free (a);
  client_say (b, "{\"type\":\"quit\"}");
  json_object_unref (client_expect (b, "bye"));
  client_expect_eof (b);
  client_free (b);

  json_object_unref (client_expect (c, "welcome"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/takeover/stale-link-closed", Fixture, NULL,
              setup, test_takeover, teardown);
  g_test_add ("/server/errors/sixteen-close", Fixture, NULL,
              setup, test_sixteen_errors, teardown);
  g_test_add ("/server/connection-limit/waits-then-accepts", Fixture, GUINT_TO_POINTER (2),
              setup, test_connection_limit, teardown);

  return g_test_run ();
}
