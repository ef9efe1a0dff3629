/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server inside the test process, on a loopback socket the test bound:
 * paths that need real sockets (a stale link taken over, the error limit,
 * the connection limit). */

#include "config.h"

#include "test-loopback.h"

typedef struct
{
  TestServer *server;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->server = test_server_new (NULL);
  if (GPOINTER_TO_UINT (data) > 0)
    pupitre_server_set_max_connections (fixture->server->server, GPOINTER_TO_UINT (data));
  test_server_start (fixture->server);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  test_server_free (fixture->server);
}

static void
test_takeover (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TestClient) old = test_client_connect (fixture->server, NULL);
  g_autoptr(TestClient) fresh = test_client_connect (fixture->server, NULL);
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(JsonObject) resumed = NULL;
  g_autofree char *join = NULL;

  json_object_unref (test_client_expect (old, "welcome"));
  test_client_say (old, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  joined = test_client_expect (old, "joined");

  json_object_unref (test_client_expect (fresh, "welcome"));
  join = g_strdup_printf ("{\"type\":\"join\",\"name\":\"x\",\"token\":\"%s\"}",
                          json_object_get_string_member (joined, "token"));
  test_client_say (fresh, join);
  resumed = test_client_expect (fresh, "joined");
  g_assert_cmpstr (json_object_get_string_member (resumed, "name"), ==, "Ubuntu1");
  g_assert_true (json_object_get_boolean_member (resumed, "resumed"));

  /* The old link, still open on its side, is closed by the server. */
  test_client_expect_eof (old);

  /* The seat answers on the new link. */
  test_client_say (fresh, "{\"type\":\"ping\",\"id\":1}");
  json_object_unref (test_client_expect (fresh, "pong"));
}

static void
test_sixteen_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TestClient) client = test_client_connect (fixture->server, NULL);

  json_object_unref (test_client_expect (client, "welcome"));
  for (guint i = 0; i < 16; i++)
    test_client_say (client, "{\"type\":\"nonsense\"}");
  for (guint i = 0; i < 16; i++)
    {
      g_autoptr(JsonObject) error = test_client_read (client);

      g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, "error");
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "unknown-type");
    }
  test_client_expect_eof (client);
}

/* With room for two connections, a third waits in the kernel's backlog
 * until both have gone, then is welcomed. */
static void
test_connection_limit (Fixture       *fixture,
                       gconstpointer  data)
{
  TestClient *a = test_client_connect (fixture->server, NULL);
  TestClient *b = test_client_connect (fixture->server, NULL);
  g_autoptr(TestClient) c = NULL;
  char byte;
  g_autoptr(GError) error = NULL;

  json_object_unref (test_client_expect (a, "welcome"));
  json_object_unref (test_client_expect (b, "welcome"));
  c = test_client_connect (fixture->server, NULL);

  /* A round trip on b: the server's loop has run since c connected. */
  test_client_say (b, "{\"type\":\"ping\",\"id\":2}");
  json_object_unref (test_client_expect (b, "pong"));
  g_assert_cmpint (g_socket_receive_with_blocking (g_socket_connection_get_socket (c->connection),
                                                   &byte, 1, FALSE, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);

  test_client_say (a, "{\"type\":\"quit\"}");
  json_object_unref (test_client_expect (a, "bye"));
  test_client_expect_eof (a);
  test_client_free (a);
  test_client_say (b, "{\"type\":\"quit\"}");
  json_object_unref (test_client_expect (b, "bye"));
  test_client_expect_eof (b);
  test_client_free (b);

  json_object_unref (test_client_expect (c, "welcome"));
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
