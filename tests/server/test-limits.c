/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server's limits against one client or one address that takes more
 * than its share: descriptors, seats, joins, host keys, and a seat taken
 * over while its round waits for it. */

#include "config.h"

#include <sys/resource.h>

#include "pupitre-listener.h"
#include "pupitre-rate-limit.h"
#include "test-loopback.h"

/* The answer to a join: "joined" or an error. */
static JsonObject *
try_join (TestClient *client,
          const char *name,
          const char *host_key)
{
  g_autofree char *line = NULL;
  JsonObject *reply;

  if (host_key != NULL)
    line = g_strdup_printf ("{\"type\":\"join\",\"name\":\"%s\",\"host_key\":\"%s\"}", name, host_key);
  else
    line = g_strdup_printf ("{\"type\":\"join\",\"name\":\"%s\"}", name);
  test_client_say (client, line);
  /* The answer to a join is "joined" or an error; "players" may come
   * after either. */
  for (;;)
    {
      const char *type;

      reply = test_client_read (client);
      type = json_object_get_string_member (reply, "type");
      if (g_str_equal (type, "joined") || g_str_equal (type, "error"))
        break;
      json_object_unref (reply);
    }
  return reply;
}

static void
join (TestClient *client,
      const char *name,
      const char *host_key)
{
  g_autoptr(JsonObject) reply = try_join (client, name, host_key);

  g_assert_cmpstr (json_object_get_string_member (reply, "type"), ==, "joined");
}

static void
two_players_no_countdown (PupitreConfig *config)
{
  config->players = 2;
  config->countdown = 0;
}

static void
two_seats (PupitreConfig *config)
{
  config->max_players = 2;
}

/* 2000 players needed: the guessers never start the game. */
static void
host_key_sesame (PupitreConfig *config)
{
  config->players = 2000;
  config->host_key = g_strdup ("sesame");
}

/* Descriptors */

static void
test_fit_connections (void)
{
  /* No wrap-around below the reserve, and room left for the server. */
  g_assert_cmpuint (pupitre_listener_fit_connections (10, 12), ==, 0);
  g_assert_cmpuint (pupitre_listener_fit_connections (20, 12), ==, 0);
  g_assert_cmpuint (pupitre_listener_fit_connections (64, 12), ==, 36);
  g_assert_cmpuint (pupitre_listener_fit_connections (80, 12), ==, 52);
  g_assert_cmpuint (pupitre_listener_fit_connections (1024, 12), ==, 1024 - 12 - 64);
  g_assert_cmpuint (pupitre_listener_fit_connections (1048576, 12), ==, 1048576 - 12 - 64);
}

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
set_fd_limit (guint limit)
{
  struct rlimit rl = { .rlim_cur = limit, .rlim_max = limit };

  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &rl), ==, 0);
}

/* A limit that leaves no room for a player is refused at start-up, not
 * discovered by accept() spinning on EMFILE. */
static void
test_fd_limit_too_small (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(TestServer) server = test_server_new (NULL);
      g_autoptr(GError) error = NULL;

      set_fd_limit (count_fds () + 8);
      g_assert_false (pupitre_server_start (server->server, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* With a small limit the server takes what fits, stops, and takes the
 * next client once one has left. */
static void
test_fd_limit_small (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(TestServer) server = test_server_new (NULL);
      g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) test_client_free);
      g_autoptr(TestClient) last = NULL;
      /* Room for 8 clients and the test's own 8 sockets beyond them. */
      guint limit = count_fds () + 16 + 16;

      set_fd_limit (limit);
      test_server_start (server);
      for (guint i = 0; i < 8; i++)
        {
          TestClient *client = test_client_connect (server, NULL);

          json_object_unref (test_client_expect (client, "welcome"));
          g_ptr_array_add (clients, client);
        }
      /* Once the server has no room left, the next waits in the backlog;
       * it is welcomed once others leave. */
      last = test_client_connect (server, NULL);
      g_ptr_array_set_size (clients, 0);
      json_object_unref (test_client_expect (last, "welcome"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Rate limits */

static void
test_rate_limit_burst (void)
{
  g_autoptr(PupitreRateLimit) limit = pupitre_rate_limit_new (3, G_USEC_PER_SEC);

  for (guint i = 0; i < 3; i++)
    g_assert_true (pupitre_rate_limit_take (limit, "a", 0));
  g_assert_false (pupitre_rate_limit_take (limit, "a", 0));
  g_assert_true (pupitre_rate_limit_take (limit, "b", 0));
  g_assert_false (pupitre_rate_limit_take (limit, "a", G_USEC_PER_SEC - 1));
  g_assert_true (pupitre_rate_limit_take (limit, "a", G_USEC_PER_SEC));
  g_assert_false (pupitre_rate_limit_take (limit, "a", G_USEC_PER_SEC));
}

static void
test_rate_limit_forgets (void)
{
  g_autoptr(PupitreRateLimit) limit = pupitre_rate_limit_new (2, G_USEC_PER_SEC);

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *key = g_strdup_printf ("192.0.2.%u", i);

      /* One attempt a millisecond from a new address each time: the
       * buckets of a second ago are full again and are forgotten. */
      g_assert_true (pupitre_rate_limit_take (limit, key, (gint64) i * 1000));
    }
  g_assert_cmpuint (pupitre_rate_limit_get_n_keys (limit), <, 4000);
}

/* Seats */

/* A seat taken over by its token while its round waits for it stays in
 * the round: the new link gets the open question, answers, and scores. */
static void
test_takeover_in_question (void)
{
  g_autoptr(TestServer) server = test_server_new (two_players_no_countdown);
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) b = NULL;
  g_autoptr(TestClient) fresh = NULL;
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(JsonObject) resumed = NULL;
  g_autoptr(JsonObject) question = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *line = NULL;

  test_server_start (server);

  a = test_client_connect (server, NULL);
  b = test_client_connect (server, NULL);
  join (a, "A", NULL);
  joined = try_join (b, "B", NULL);
  g_assert_cmpstr (json_object_get_string_member (joined, "type"), ==, "joined");
  json_object_unref (test_client_expect (a, "question"));
  json_object_unref (test_client_expect (b, "question"));
  test_client_say (a, "{\"type\":\"answer\",\"round\":1,\"choice\":3}");
  json_object_unref (test_client_expect (a, "answer_ack"));

  fresh = test_client_connect (server, NULL);
  line = g_strdup_printf ("{\"type\":\"join\",\"name\":\"B\",\"token\":\"%s\"}",
                          json_object_get_string_member (joined, "token"));
  test_client_say (fresh, line);
  resumed = test_client_expect (fresh, "joined");
  g_assert_cmpstr (json_object_get_string_member (resumed, "state"), ==, "question");
  question = test_client_expect (fresh, "question");
  g_assert_cmpint (json_object_get_int_member (question, "round"), ==, 1);
  g_assert_true (json_object_has_member (question, "remaining_ms"));
  test_client_expect_eof (b);

  test_client_say (fresh, "{\"type\":\"answer\",\"round\":1,\"choice\":3}");
  json_object_unref (test_client_expect (fresh, "answer_ack"));
  result = test_client_expect (fresh, "standing");
  g_assert_cmpint (json_object_get_int_member (result, "points"), >, 0);
}

static void
wait_players (TestClient *client,
              gint64      count)
{
  for (;;)
    {
      g_autoptr(JsonObject) players = test_client_expect (client, "players");

      if (json_object_get_int_member (players, "count") == count)
        return;
    }
}

/* A seat whose connection dropped in the lobby holds nothing: the others
 * hear it left, and its place is free for the next. */
static void
test_lobby_dropout_frees_seat (void)
{
  g_autoptr(TestServer) server = test_server_new (two_seats);
  g_autoptr(TestClient) watcher = NULL;
  g_autoptr(TestClient) next = NULL;
  g_autoptr(TestClient) back = NULL;
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(JsonObject) resumed = NULL;
  g_autofree char *line = NULL;
  TestClient *dropped;

  test_server_start (server);

  watcher = test_client_connect (server, NULL);
  join (watcher, "Watcher", NULL);
  dropped = test_client_connect (server, NULL);
  joined = try_join (dropped, "Dropped", NULL);
  wait_players (watcher, 2);
  test_client_free (dropped);
  wait_players (watcher, 1);

  /* Its name and its place are free. */
  next = test_client_connect (server, NULL);
  join (next, "Dropped", NULL);
  test_client_free (g_steal_pointer (&next));
  wait_players (watcher, 1);

  /* While the lobby lasts and the name is free, its token takes it again. */
  back = test_client_connect (server, NULL);
  line = g_strdup_printf ("{\"type\":\"join\",\"name\":\"x\",\"token\":\"%s\"}",
                          json_object_get_string_member (joined, "token"));
  test_client_say (back, line);
  resumed = test_client_expect (back, "joined");
  g_assert_cmpstr (json_object_get_string_member (resumed, "name"), ==, "Dropped");
  g_assert_true (json_object_get_boolean_member (resumed, "resumed"));
}

/* One address opening and dropping joins is slowed down; another address
 * is not. */
static void
test_join_rate (void)
{
  g_autoptr(TestServer) server = test_server_new (NULL);
  g_autoptr(TestClient) other = NULL;
  gboolean limited = FALSE;

  test_server_start (server);
  for (guint i = 0; i < 2000 && !limited; i++)
    {
      g_autoptr(TestClient) client = test_client_connect (server, "127.0.0.3");
      g_autofree char *name = g_strdup_printf ("Squat%u", i);
      g_autoptr(JsonObject) reply = try_join (client, name, NULL);

      limited = g_str_equal (json_object_get_string_member (reply, "type"), "error");
      if (limited)
        g_assert_cmpstr (json_object_get_string_member (reply, "code"), ==, "rate-limited");
    }
  g_assert_true (limited);

  other = test_client_connect (server, "127.0.0.4");
  join (other, "Honest", NULL);
}

/* Host keys are tried at most a few at a time from one address; the
 * right key from another address still works. */
static void
test_host_key_rate (void)
{
  g_autoptr(TestServer) server = test_server_new (host_key_sesame);
  g_autoptr(TestClient) teacher = NULL;
  guint tries = 0;
  gboolean limited = FALSE;

  test_server_start (server);
  for (; tries < 2000 && !limited; tries++)
    {
      g_autoptr(TestClient) client = test_client_connect (server, "127.0.0.5");
      g_autofree char *name = g_strdup_printf ("Guess%u", tries);
      g_autofree char *key = g_strdup_printf ("guess%u", tries);
      g_autoptr(JsonObject) reply = try_join (client, name, key);

      limited = g_str_equal (json_object_get_string_member (reply, "type"), "error");
      if (limited)
        g_assert_cmpstr (json_object_get_string_member (reply, "code"), ==, "rate-limited");
    }
  g_assert_true (limited);
  g_assert_cmpuint (tries, <, 2000);

  teacher = test_client_connect (server, "127.0.0.6");
  join (teacher, "Teacher", "sesame");
  /* Only the host may start: no "not-host" error, a countdown. */
  test_client_say (teacher, "{\"type\":\"start\"}");
  json_object_unref (test_client_expect (teacher, "countdown"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/limits/fd/fit-without-wrapping", test_fit_connections);
  g_test_add_func ("/limits/fd/too-small-refused", test_fd_limit_too_small);
  g_test_add_func ("/limits/fd/small-serves-and-resumes", test_fd_limit_small);
  g_test_add_func ("/limits/rate/burst-then-refill", test_rate_limit_burst);
  g_test_add_func ("/limits/rate/forgets-full-buckets", test_rate_limit_forgets);
  g_test_add_func ("/limits/takeover/in-question-keeps-round", test_takeover_in_question);
  g_test_add_func ("/limits/lobby/dropout-frees-seat", test_lobby_dropout_frees_seat);
  g_test_add_func ("/limits/join/rate-per-address", test_join_rate);
  g_test_add_func ("/limits/host-key/rate-per-address", test_host_key_rate);

  return g_test_run ();
}
