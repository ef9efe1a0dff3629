/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-server as systemd runs it: readiness and stopping notifications,
 * socket activation, reloading on SIGHUP, refusing bad files, results in
 * the state directory. The real binary, over real sockets. */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEADLINE_US (10 * G_USEC_PER_SEC)

static const char quiz_a[] =
  "{\"title\":\"Quiz A\",\"questions\":[{\"text\":\"Question from A\","
  "\"choices\":[\"yes\",\"no\"],\"answer\":1}]}";
static const char quiz_b[] =
  "{\"title\":\"Quiz B\",\"questions\":[{\"text\":\"Question from B\","
  "\"choices\":[\"yes\",\"no\"],\"answer\":2}]}";

typedef struct
{
  char        *dir;
  GSubprocess *server;
  guint        port;
  GString     *log;      /* what the server wrote on stderr so far */
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pupitre-daemon-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->log = g_string_new (NULL);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  if (fixture->server != NULL)
    {
      g_subprocess_force_exit (fixture->server);
      g_subprocess_wait (fixture->server, NULL, NULL);
      g_clear_object (&fixture->server);
    }
  /* Everything the test made is in its own folder. */
  {
    g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL,
                                                  "rm", "-rf", fixture->dir, NULL);
    g_subprocess_wait (rm, NULL, NULL);
  }
  g_free (fixture->dir);
  g_string_free (fixture->log, TRUE);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
spawn (Fixture            *fixture,
       GSubprocessLauncher *launcher,
       const char * const *argv)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_PIPE);
  fixture->server = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
}

/* Reads the server's stderr until a line contains @needle or the deadline
 * passes; the whole log so far stays in fixture->log. */
static gboolean
wait_for_log (Fixture    *fixture,
              const char *needle)
{
  GInputStream *stream = g_subprocess_get_stderr_pipe (fixture->server);
  int fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (stream));
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (strstr (fixture->log->str, needle) == NULL)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      gint64 left = deadline - g_get_monotonic_time ();
      char buffer[4096];
      gssize n;

      if (left <= 0 || poll (&pfd, 1, (int) (left / 1000) + 1) <= 0)
        return FALSE;
      n = read (fd, buffer, sizeof buffer);
      if (n <= 0)
        return strstr (fixture->log->str, needle) != NULL;
      g_string_append_len (fixture->log, buffer, n);
    }
  return TRUE;
}

static int
wait_exit (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  /* Whatever is left on stderr, so that the pipe never blocks the server. */
  wait_for_log (fixture, "\x01never\x01");
  g_subprocess_wait (fixture->server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (fixture->server));
  return g_subprocess_get_exit_status (fixture->server);
}

typedef struct
{
  GSocketConnection *connection;
  GDataInputStream  *input;
} Client;

static void
client_free (Client *client)
{
  g_clear_object (&client->input);
  g_clear_object (&client->connection);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static Client *
client_connect (guint port)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;
  Client *client = g_new0 (Client, 1);

  /* The server may still be starting: try until it accepts. */
  while (client->connection == NULL)
    {
      g_autoptr(GError) error = NULL;

      client->connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", port,
                                                            NULL, &error);
      if (client->connection == NULL)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (20000);
        }
    }
  g_socket_set_timeout (g_socket_connection_get_socket (client->connection), 10);
  client->input = g_data_input_stream_new (
    g_io_stream_get_input_stream (G_IO_STREAM (client->connection)));
  return client;
}

static void
client_send (Client     *client,
             const char *line)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));

  g_output_stream_write_all (output, line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (output, "\n", 1, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The next message of @type; others are skipped. */
static JsonObject *
client_expect (Client     *client,
               const char *type)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *line = g_data_input_stream_read_line (client->input, NULL, NULL, &error);
      JsonObject *object;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      json_parser_load_from_data (parser, line, -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_str_equal (json_object_get_string_member (object, "type"), type))
        return json_object_ref (object);
    }
}

static void
test_notify_ready_and_stopping (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSocket) notify = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *socket_path = g_build_filename (fixture->dir, "notify", NULL);
  g_autofree char *quiz = write_file (fixture, "a.json", quiz_a);
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  g_autoptr(GString) received = g_string_new (NULL);
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--bind", "127.0.0.1", "--port", port,
                         "--quiz", quiz, NULL };
  gint64 deadline;

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif

  notify = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, 0, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (socket_path);
  g_socket_bind (notify, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (notify, 10);

  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", socket_path, TRUE);
  spawn (fixture, launcher, argv);

  /* READY=1 comes once the port listens; STATUS says what the game does. */
  deadline = g_get_monotonic_time () + DEADLINE_US;
  while (strstr (received->str, "READY=1") == NULL || strstr (received->str, "STATUS=") == NULL)
    {
      char buffer[512];
      gssize n = g_socket_receive (notify, buffer, sizeof buffer - 1, NULL, &error);

      g_assert_no_error (error);
      g_string_append_len (received, buffer, n);
      g_string_append_c (received, '\n');
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_nonnull (strstr (received->str, "STATUS=lobby"));
  {
    g_autoptr(Client) client = client_connect (atoi (port));
    g_autoptr(JsonObject) welcome = client_expect (client, "welcome");
  }

  g_subprocess_send_signal (fixture->server, SIGTERM);
  while (strstr (received->str, "STOPPING=1") == NULL)
    {
      char buffer[512];
      gssize n = g_socket_receive (notify, buffer, sizeof buffer - 1, NULL, &error);

      g_assert_no_error (error);
      g_string_append_len (received, buffer, n);
      g_string_append_c (received, '\n');
    }
  g_assert_cmpint (wait_exit (fixture), ==, 0);
}

static void
test_socket_activation (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *activate = g_find_program_in_path ("systemd-socket-activate");
  g_autofree char *quiz = write_file (fixture, "a.json", quiz_a);
  guint port = free_port ();
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  /* --port 1 would fail to bind as a normal user and conflict as root:
   * the server must not bind at all when systemd hands it a socket. */
  const char *argv[] = { activate, "-l", listen, g_getenv ("PUPITRE_SERVER"),
                         "--port", "1", "--players", "1", "--countdown", "0",
                         "--quiz", quiz, NULL };
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonObject) welcome = NULL;
  g_autoptr(JsonObject) question = NULL;

  if (activate == NULL)
    {
      g_test_skip ("systemd-socket-activate is not installed");
      return;
    }

  spawn (fixture, launcher, argv);
  g_assert_true (wait_for_log (fixture, "Listening on"));
  client = client_connect (port);
  welcome = client_expect (client, "welcome");
  g_assert_cmpint (json_object_get_int_member (welcome, "protocol"), ==, 1);
  g_assert_true (wait_for_log (fixture, "Server ready (port"));
  g_assert_nonnull (strstr (fixture->log->str, listen + strlen ("127.0.0.1")));
  client_send (client, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  question = client_expect (client, "question");
  g_assert_cmpstr (json_object_get_string_member (question, "text"), ==, "Question from A");
}

/* SIGHUP: the running game keeps its quiz, the next one plays the new. */
static void
test_reload_applies_next_game (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *a = write_file (fixture, "a.json", quiz_a);
  g_autofree char *b = write_file (fixture, "b.json", quiz_b);
  g_autofree char *conf_a = g_strdup_printf ("[server]\nquiz=%s\nplayers=1\ncountdown=0\n"
                                             "pause=0\nover-pause=0.2\n", a);
  g_autofree char *conf_b = g_strdup_printf ("[server]\nquiz=%s\nplayers=1\ncountdown=0\n"
                                             "pause=0\nover-pause=0.2\n", b);
  g_autofree char *conf = write_file (fixture, "server.conf", conf_a);
  guint port = free_port ();
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--config", conf, "--bind", "127.0.0.1",
                         "--port", port_text, NULL };
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) over = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *unused = NULL;

  spawn (fixture, launcher, argv);
  client = client_connect (port);
  client_send (client, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  first = client_expect (client, "question");
  g_assert_cmpstr (json_object_get_string_member (first, "text"), ==, "Question from A");

  unused = write_file (fixture, "server.conf", conf_b);
  g_subprocess_send_signal (fixture->server, SIGHUP);
  g_assert_true (wait_for_log (fixture, "Configuration reloaded"));

  client_send (client, "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  over = client_expect (client, "game_over");
  second = client_expect (client, "question");
  g_assert_cmpstr (json_object_get_string_member (second, "text"), ==, "Question from B");

  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_assert_cmpint (wait_exit (fixture), ==, 0);
}

/* A reload that fails keeps the server running on its old settings. */
static void
test_reload_bad_file_keeps_running (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *a = write_file (fixture, "a.json", quiz_a);
  g_autofree char *conf_a = g_strdup_printf ("[server]\nquiz=%s\n", a);
  g_autofree char *conf = write_file (fixture, "server.conf", conf_a);
  g_autofree char *unused = NULL;
  guint port = free_port ();
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--config", conf, "--bind", "127.0.0.1",
                         "--port", port_text, NULL };
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonObject) welcome = NULL;

  /* The failed reload is logged as a warning, which G_DEBUG would make fatal. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  spawn (fixture, launcher, argv);
  client = client_connect (port);
  welcome = client_expect (client, "welcome");

  unused = write_file (fixture, "server.conf", "[server]\nplayers=many\n");
  g_subprocess_send_signal (fixture->server, SIGHUP);
  g_assert_true (wait_for_log (fixture, "Reloading failed"));
  g_assert_true (wait_for_log (fixture, "server.conf:2: players:"));

  client_send (client, "{\"type\":\"ping\",\"id\":1}");
  json_object_unref (client_expect (client, "pong"));
  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_assert_cmpint (wait_exit (fixture), ==, 0);
}

static void
assert_refused (Fixture    *fixture,
                const char *conf_text,
                const char *quiz_text,
                const char *expected)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *quiz = write_file (fixture, "quiz.json", quiz_text);
  g_autofree char *conf = write_file (fixture, "server.conf", conf_text);
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--config", conf, "--quiz", quiz,
                         "--port", "0", "--bind", "127.0.0.1", NULL };
  int status;

  spawn (fixture, launcher, argv);
  status = wait_exit (fixture);
  g_clear_object (&fixture->server);
  g_assert_cmpint (status, !=, 0);
  if (strstr (fixture->log->str, expected) == NULL)
    g_error ("expected “%s” in: %s", expected, fixture->log->str);
}

static void
test_refuses_bad_files (Fixture       *fixture,
                        gconstpointer  data)
{
  assert_refused (fixture, "[server]\n\nplayers=abc\n", quiz_a, "server.conf:3: players:");
  g_string_truncate (fixture->log, 0);
  assert_refused (fixture, "[server]\nplayrs=3\n", quiz_a, "server.conf:2: playrs: unknown setting");
  g_string_truncate (fixture->log, 0);
  assert_refused (fixture, "[server]\n",
                  "{\"title\":\"T\",\"questions\":[\n"
                  "  {\"text\":\"Q\",\"choices\":[\"a\",\"b\",\"c\"],\"answer\":5}]}",
                  "quiz.json:2: question 1:");
}

/* Under systemd, StateDirectory= receives the results unless configured. */
static void
test_results_in_state_directory (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *quiz = write_file (fixture, "a.json", quiz_a);
  g_autofree char *state = g_build_filename (fixture->dir, "state", NULL);
  g_autofree char *results = g_build_filename (state, "results", NULL);
  guint port = free_port ();
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--bind", "127.0.0.1", "--port", port_text,
                         "--players", "1", "--countdown", "0", "--once", "--quiz", quiz, NULL };
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonObject) question = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  const char *name;

  g_mkdir (state, 0700);
  g_subprocess_launcher_setenv (launcher, "STATE_DIRECTORY", state, TRUE);
  spawn (fixture, launcher, argv);
  client = client_connect (port);
  client_send (client, "{\"type\":\"join\",\"name\":\"Élève, \\\"premier\\\"\"}");
  question = client_expect (client, "question");
  client_send (client, "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  json_object_unref (client_expect (client, "game_over"));
  g_assert_cmpint (wait_exit (fixture), ==, 0);

  dir = g_dir_open (results, 0, &error);
  g_assert_no_error (error);
  name = g_dir_read_name (dir);
  g_assert_nonnull (name);
  g_assert_true (g_str_has_suffix (name, "_quiz-a.csv"));
  g_assert_null (g_dir_read_name (dir));
  csv_path = g_build_filename (results, name, NULL);
  g_file_get_contents (csv_path, &csv, NULL, &error);
  g_assert_no_error (error);
  /* Quoted fields keep the comma and quotes of the name. */
  g_assert_nonnull (strstr (csv, "\"1\",\"Question from A\",\"Élève, \"\"premier\"\"\",\"yes\","
                                 "\"yes\","));
  g_assert_nonnull (strstr (csv, "\"Total\",\"\",\"Élève, \"\"premier\"\"\""));
}

static char *
run_openssl (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                      G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  char *out = NULL;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (openssl, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (openssl));
  return out;
}

/* The teacher reads the fingerprint pupils will be asked to trust. */
static void
test_tls_fingerprint_logged (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *quiz = write_file (fixture, "a.json", quiz_a);
  g_autofree char *cert = g_build_filename (fixture->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (fixture->dir, "key.pem", NULL);
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  g_autofree char *made = NULL;
  g_autofree char *expected = NULL;
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--bind", "127.0.0.1", "--port", port,
                         "--quiz", quiz, "--tls-certificate", cert, "--tls-key", key, NULL };

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  made = run_openssl ((const char *[]) { openssl, "req", "-x509", "-newkey", "ec",
                                         "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                         "-days", "1", "-subj", "/CN=localhost",
                                         "-keyout", key, "-out", cert, NULL });
  expected = run_openssl ((const char *[]) { openssl, "x509", "-in", cert, "-noout",
                                             "-fingerprint", "-sha256", NULL });
  g_strstrip (expected);
  g_assert_true (g_str_has_prefix (expected, "sha256 Fingerprint="));

  spawn (fixture, launcher, argv);
  g_assert_true (wait_for_log (fixture, "Server ready"));
  if (strstr (fixture->log->str, expected + strlen ("sha256 Fingerprint=")) == NULL)
    g_error ("fingerprint %s not in: %s", expected, fixture->log->str);
  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_assert_cmpint (wait_exit (fixture), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/daemon/notify/ready-status-stopping", test_notify_ready_and_stopping);
  ADD ("/daemon/socket-activation", test_socket_activation);
  ADD ("/daemon/reload/new-quiz-next-game", test_reload_applies_next_game);
  ADD ("/daemon/reload/bad-file-keeps-running", test_reload_bad_file_keeps_running);
  ADD ("/daemon/refuses-bad-files-with-location", test_refuses_bad_files);
  ADD ("/daemon/results-in-state-directory", test_results_in_state_directory);
  ADD ("/daemon/tls/fingerprint-logged", test_tls_fingerprint_logged);
#undef ADD

  return g_test_run ();
}
