/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The protocol's 30-second join timeout, against the real pupitre-server. */

#include <signal.h>

#include "test-harness.h"

static const char quiz[] =
  "{\"title\":\"Join timeout\",\"questions\":[{\"text\":\"Which of these is free software?\","
  "\"choices\":[\"Windows\",\"MacOS\",\"Linux\"],\"answer\":3}]}";

#define JOIN_TIMEOUT_MS 30000

static void
test_join_timeout (void)
{
  const char * const args[] = { "--players", "5", NULL };
  g_autoptr(TestServer) server = test_server_start (quiz, args);
  g_autoptr(TestClient) idle = test_client_connect (server);
  g_autoptr(TestClient) trickle = test_client_connect (server);
  g_autoptr(TestClient) player = test_client_join (server, "Ubuntu1");
  g_autoptr(JsonObject) error = NULL;
  g_autoptr(JsonObject) trickle_error = NULL;
  gint64 connected_at = g_get_monotonic_time ();
  gint64 deadline = connected_at + (JOIN_TIMEOUT_MS + 5000) * 1000;
  const char *partial = "{\"type\":\"join\",\"name\":\"Slowpoke\"                         ";
  guint n_sent = 0;

  json_object_unref (test_client_take (idle, "welcome", TEST_WAIT_MS));
  json_object_unref (test_client_take (trickle, "welcome", TEST_WAIT_MS));

  /* One connection says nothing; another sends a join one byte every half
   * second and never ends the line: activity is not a join. */
  while (error == NULL && g_get_monotonic_time () < deadline)
    {
      error = test_client_try_take (idle, "error", 500);
      if (error == NULL && partial[n_sent] != '\0')
        test_client_send_raw (trickle, partial + n_sent++, 1);
    }
  g_assert_nonnull (error);
  g_assert_cmpint (g_get_monotonic_time () - connected_at, >=, (JOIN_TIMEOUT_MS - 1000) * 1000);
  g_assert_cmpstr (test_member_string (error, "code"), ==, "join-timeout");
  g_assert_cmpstr (test_member_string (error, "message"), !=, "");
  g_assert_false (json_object_has_member (error, "ref"));
  g_assert_true (test_client_wait_closed (idle, TEST_WAIT_MS));

  trickle_error = test_client_take (trickle, "error", TEST_WAIT_MS);
  g_assert_cmpstr (test_member_string (trickle_error, "code"), ==, "join-timeout");
  g_assert_true (test_client_wait_closed (trickle, TEST_WAIT_MS));

  /* A player who joined in time stays. */
  test_client_sync (player);
  g_assert_false (test_client_is_closed (player));
  test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/error/join-timeout", test_join_timeout);

  return g_test_run ();
}
