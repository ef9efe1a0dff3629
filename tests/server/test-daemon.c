/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-server as systemd runs it: readiness and stopping notifications,
 * socket activation, reloading on SIGHUP, refusing bad files, results in
 * the state directory. The real binary, over real sockets. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pupitre-test-client.h"
#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"

#define DEADLINE_US (pupitre_test_scale_us (10 * G_USEC_PER_SEC))

static const char quiz_a[] =
  "{\"title\":\"Quiz A\",\"questions\":[{\"text\":\"Question from A\","
  "\"choices\":[\"yes\",\"no\"],\"answer\":1}]}";
static const char quiz_b[] =
  "{\"title\":\"Quiz B\",\"questions\":[{\"text\":\"Question from B\","
  "\"choices\":[\"yes\",\"no\"],\"answer\":2}]}";

typedef struct
{
  char              *dir;
  PupitreTestServer *server;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pupitre-daemon-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_clear_pointer (&fixture->server, pupitre_test_server_free);
  /* Everything the test made is in its own folder. */
  {
    g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL,
                                                  "rm", "-rf", fixture->dir, NULL);
    g_subprocess_wait (rm, NULL, NULL);
  }
  g_free (fixture->dir);
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

/* The server as systemd starts it: on a socket handed to it, ready when
 * it says so. */
static void
start (Fixture             *fixture,
       GSubprocessLauncher *launcher,
       const char * const  *argv)
{
  fixture->server = pupitre_test_server_start (launcher, argv);
}

static gboolean
wait_for_log (Fixture    *fixture,
              const char *needle)
{
  return pupitre_test_server_wait_log (fixture->server, 0, needle, DEADLINE_US);
}

static int
wait_exit (Fixture *fixture)
{
  GSubprocess *process = pupitre_test_server_get_process (fixture->server);

  g_assert_true (pupitre_test_server_wait_exit (fixture->server, DEADLINE_US));
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

typedef PupitreTestClient Client;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, pupitre_test_client_free)

static Client *
client_connect (Fixture *fixture)
{
  return pupitre_test_client_connect ("127.0.0.1", pupitre_test_server_get_port (fixture->server));
}

static void
client_send (Client     *client,
             const char *line)
{
  pupitre_test_client_send (client, line);
}

/* The next message of @type; others are skipped. */
static JsonObject *
client_expect (Client     *client,
               const char *type)
{
  return pupitre_test_client_expect (client, type, DEADLINE_US);
}

static void
test_notify_ready_and_stopping (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *quiz = write_file (fixture, "a.json", quiz_a);
  g_autofree char *received = NULL;
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--quiz", quiz, NULL };

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif

  /* READY=1 comes once the port listens (the harness waits for it);
   * STATUS says what the game does. */
  start (fixture, NULL, argv);
  g_assert_true (pupitre_test_server_wait_notification (fixture->server, "STATUS=", DEADLINE_US));
  received = pupitre_test_server_dup_notifications (fixture->server);
  g_assert_nonnull (strstr (received, "READY=1"));
  g_assert_nonnull (strstr (received, "STATUS=lobby"));
  {
    g_autoptr(Client) client = client_connect (fixture);
    G_GNUC_UNUSED g_autoptr(JsonObject) welcome = client_expect (client, "welcome");
  }

  pupitre_test_server_send_signal (fixture->server, SIGTERM);
  g_assert_true (pupitre_test_server_wait_notification (fixture->server, "STOPPING=1",
                                                        DEADLINE_US));
  g_assert_cmpint (wait_exit (fixture), ==, 0);
}

static void
test_socket_activation (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *quiz = write_file (fixture, "a.json", quiz_a);
  /* --port 1 would fail to bind as a normal user and conflict as root:
   * the server must not bind at all when it is handed a socket. */
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"),
                         "--port", "1", "--players", "1", "--countdown", "0",
                         "--quiz", quiz, NULL };
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonObject) welcome = NULL;
  g_autoptr(JsonObject) question = NULL;
  g_autofree char *ready = NULL;

#ifndef HAVE_LIBSYSTEMD
  g_test_skip ("built without libsystemd");
  return;
#endif

  start (fixture, NULL, argv);
  client = client_connect (fixture);
  welcome = client_expect (client, "welcome");
  g_assert_cmpint (json_object_get_int_member (welcome, "protocol"), ==, 1);
  /* The port it announces is the one handed to it. */
  ready = g_strdup_printf ("Server ready (port %u)",
                           pupitre_test_server_get_port (fixture->server));
  g_assert_true (wait_for_log (fixture, ready));
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
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--config", conf, NULL };
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) over = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *unused = NULL;

  start (fixture, launcher, argv);
  client = client_connect (fixture);
  client_send (client, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  first = client_expect (client, "question");
  g_assert_cmpstr (json_object_get_string_member (first, "text"), ==, "Question from A");

  unused = write_file (fixture, "server.conf", conf_b);
  pupitre_test_server_send_signal (fixture->server, SIGHUP);
  g_assert_true (wait_for_log (fixture, "Configuration reloaded"));

  client_send (client, "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  over = client_expect (client, "game_over");
  second = client_expect (client, "question");
  g_assert_cmpstr (json_object_get_string_member (second, "text"), ==, "Question from B");

  pupitre_test_server_send_signal (fixture->server, SIGTERM);
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
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--config", conf, NULL };
  g_autoptr(Client) client = NULL;
  g_autoptr(JsonObject) welcome = NULL;

  /* The failed reload is logged as a warning, which G_DEBUG would make fatal. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  start (fixture, launcher, argv);
  client = client_connect (fixture);
  welcome = client_expect (client, "welcome");

  unused = write_file (fixture, "server.conf", "[server]\nplayers=many\n");
  pupitre_test_server_send_signal (fixture->server, SIGHUP);
  g_assert_true (wait_for_log (fixture, "Reloading failed"));
  g_assert_true (wait_for_log (fixture, "server.conf:2: players:"));

  client_send (client, "{\"type\":\"ping\",\"id\":1}");
  json_object_unref (client_expect (client, "pong"));
  pupitre_test_server_send_signal (fixture->server, SIGTERM);
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
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"), "--config", conf, "--quiz", quiz, NULL };
  g_autofree char *log = NULL;
  int status;

  /* It never gets ready: no waiting for it. */
  fixture->server = pupitre_test_server_spawn (launcher, argv);
  status = wait_exit (fixture);
  log = pupitre_test_server_dup_log (fixture->server);
  g_clear_pointer (&fixture->server, pupitre_test_server_free);
  g_assert_cmpint (status, !=, 0);
  if (strstr (log, expected) == NULL)
    g_error ("expected “%s” in: %s", expected, log);
}

static void
test_refuses_bad_files (Fixture       *fixture,
                        gconstpointer  data)
{
  assert_refused (fixture, "[server]\n\nplayers=abc\n", quiz_a, "server.conf:3: players:");
  assert_refused (fixture, "[server]\nplayrs=3\n", quiz_a, "server.conf:2: playrs: unknown setting");
  assert_refused (fixture, "[server]\n",
                  "{\"title\":\"T\",\"questions\":[\n"
                  "  {\"text\":\"Q\",\"choices\":[\"a\",\"b\",\"c\"],\"answer\":5}]}",
                  "quiz.json:2: question 1:");
  assert_refused (fixture, "[server]\nhosting=maybe\n", quiz_a,
                  "server.conf:2: hosting: must be open, keys or off");
}

/* With --hosting keys, a host-keys file the server would refuse stops it
 * before it listens, with the file and the line; so does a missing one. */
static void
test_refuses_bad_host_keys (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *keys = write_file (fixture, "host-keys",
                                      "# teachers\nmme.martin not-a-hash\n");
  g_autofree char *missing = g_build_filename (fixture->dir, "missing-keys", NULL);
  g_autofree char *bad = g_strdup_printf ("[server]\nhosting=keys\nhost-keys=%s\n", keys);
  g_autofree char *absent = g_strdup_printf ("[server]\nhosting=keys\nhost-keys=%s\n", missing);
  g_autofree char *expected = g_strdup_printf ("%s:2: ", keys);

  assert_refused (fixture, bad, quiz_a, expected);
  assert_refused (fixture, absent, quiz_a, "missing-keys");
  assert_refused (fixture, "[server]\nhosting=keys\n", quiz_a, "--host-keys");
}

/* Runs the server to completion; its stdout and stderr in @out and @err. */
static int
run_to_exit (const char * const  *argv,
             char               **out,
             char               **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* --new-host-key prints the key once, keeps only its hash, refuses the
 * same name again, and the server then starts on the file. */
static void
test_new_host_key (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *quiz = write_file (fixture, "a.json", quiz_a);
  g_autofree char *keys = g_build_filename (fixture->dir, "host-keys", NULL);
  const char *add[] = { g_getenv ("PUPITRE_SERVER"), "--new-host-key", "mme.martin",
                        "--host-keys", keys, NULL };
  const char *serve[] = { g_getenv ("PUPITRE_SERVER"), "--hosting", "keys",
                          "--host-keys", keys, "--quiz", quiz, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *again_out = NULL;
  g_autofree char *again_err = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *key;

  g_assert_cmpint (run_to_exit (add, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "shown only this once"));
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  key = lines[1];
  g_assert_cmpuint (strlen (key), >=, 26);

  g_file_get_contents (keys, &contents, NULL, &error);
  g_assert_no_error (error);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  line = g_strdup_printf ("mme.martin %s\n", hash);
  g_assert_cmpstr (contents, ==, line);

  g_assert_cmpint (run_to_exit (add, &again_out, &again_err), ==, 1);
  g_assert_nonnull (strstr (again_err, "mme.martin"));
  g_assert_cmpstr (again_out, ==, "");

  start (fixture, NULL, serve);
  pupitre_test_server_send_signal (fixture->server, SIGTERM);
  g_assert_cmpint (wait_exit (fixture), ==, 0);
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
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"),
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
  start (fixture, launcher, argv);
  client = client_connect (fixture);
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
  g_autofree char *made = NULL;
  g_autofree char *log = NULL;
  g_autofree char *expected = NULL;
  const char *argv[] = { g_getenv ("PUPITRE_SERVER"),
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

  start (fixture, launcher, argv);
  log = pupitre_test_server_dup_log (fixture->server);
  if (strstr (log, expected + strlen ("sha256 Fingerprint=")) == NULL)
    g_error ("fingerprint %s not in: %s", expected, log);
  pupitre_test_server_send_signal (fixture->server, SIGTERM);
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
  ADD ("/daemon/refuses-bad-host-keys", test_refuses_bad_host_keys);
  ADD ("/daemon/new-host-key", test_new_host_key);
  ADD ("/daemon/results-in-state-directory", test_results_in_state_directory);
  ADD ("/daemon/tls/fingerprint-logged", test_tls_fingerprint_logged);
#undef ADD

  return g_test_run ();
}
