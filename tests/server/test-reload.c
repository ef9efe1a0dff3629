/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reloading the configuration: all of it or nothing, and a lower number of players starts a waiting lobby. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "pupitre-error.h"
#include "pupitre-server.h"
#include "pupitre-test-files.h"

#define WAIT_US (20 * G_USEC_PER_SEC)

static const char quiz_json[] =
  "{\"title\":\"Test\",\"questions\":["
  "{\"text\":\"Free OS?\",\"choices\":[\"Windows\",\"MacOS\",\"Linux\"],\"answer\":3}]}";

typedef struct
{
  char               *dir;
  char               *quiz;
  char               *config_file;
  PupitreConfig      *config;
  PupitreServer      *server;
  GSocketConnection  *connection;
  GDataInputStream   *input;
} Fixture;

static void
write_config (Fixture    *fixture,
              guint       players,
              const char *quiz,
              const char *results_dir)
{
  g_autofree char *text = g_strdup_printf ("[server]\nplayers=%u\ncountdown=10\nquiz=%s\n"
                                           "results-dir=%s\n", players, quiz, results_dir);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->config_file, text, -1, &error);
  g_assert_no_error (error);
}

static char *
in_dir (Fixture    *fixture,
        const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autofree char *results = NULL;
  char *args[] = { (char *) "pupitre-server", (char *) "--config", NULL, NULL };
  char **argv = args;
  int argc = 3;

  fixture->dir = g_dir_make_tmp ("pupitre-reload-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->quiz = in_dir (fixture, "quiz.json");
  g_file_set_contents (fixture->quiz, quiz_json, -1, &error);
  g_assert_no_error (error);
  fixture->config_file = in_dir (fixture, "server.conf");
  results = in_dir (fixture, "results-a");
  write_config (fixture, 3, fixture->quiz, results);

  args[2] = fixture->config_file;
  fixture->config = pupitre_config_new_from_args (&argc, &argv, &error);
  g_assert_no_error (error);
  quiz = pupitre_quiz_load (fixture->config->quiz, &error);
  g_assert_no_error (error);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  fixture->server = pupitre_server_new (fixture->config, quiz);
  pupitre_server_add_socket (fixture->server, socket, &error);
  g_assert_no_error (error);
  pupitre_server_start (fixture->server, &error);
  g_assert_no_error (error);

  /* Loopback connects complete in the kernel's backlog. */
  fixture->connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);
  fixture->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (fixture->connection)));
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_clear_object (&fixture->input);
  g_io_stream_close (G_IO_STREAM (fixture->connection), NULL, NULL);
  g_clear_object (&fixture->connection);
  g_assert_finalize_object (fixture->server);
  pupitre_config_free (fixture->config);
  g_assert_true (pupitre_test_remove_tree (fixture->dir));
  g_free (fixture->dir);
  g_free (fixture->quiz);
  g_free (fixture->config_file);
}

static void
say (Fixture    *fixture,
     const char *line)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (fixture->connection));
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (output, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                     NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*line);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The server runs in this main loop: it turns until a line of @type
 * arrives, the others skipped, or the deadline fails the test. */
static JsonObject *
expect (Fixture    *fixture,
        const char *type)
{
  gboolean late = FALSE;
  guint timer = g_timeout_add (WAIT_US / 1000, timeout_cb, &late);

  for (;;)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;
      JsonObject *object;

      g_data_input_stream_read_line_async (fixture->input, G_PRIORITY_DEFAULT, NULL,
                                           line_cb, &line);
      while (line == NULL && !late)
        g_main_context_iteration (NULL, TRUE);
      if (late)
        g_error ("No “%s” from the server within %d s", type, (int) (WAIT_US / G_USEC_PER_SEC));
      json_parser_load_from_data (parser, line, -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_str_equal (json_object_get_string_member (object, "type"), type))
        {
          g_source_remove (timer);
          return json_object_ref (object);
        }
    }
}

/* A new results folder with a missing quiz: the reload fails, and no
 * part of it applies, the folder included. */
static void
test_failed_reload_applies_nothing (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *missing = in_dir (fixture, "missing.json");
  g_autofree char *old_results = g_strdup (fixture->config->results_dir);
  g_autofree char *new_results = in_dir (fixture, "results-b");
  g_autoptr(GError) error = NULL;

  write_config (fixture, 1, missing, new_results);
  g_assert_false (pupitre_server_reload (fixture->server, &error));
  g_assert_nonnull (error);

  g_assert_cmpstr (fixture->config->results_dir, ==, old_results);
  g_assert_cmpstr (fixture->config->quiz, ==, fixture->quiz);
  g_assert_cmpuint (fixture->config->players, ==, 3);
  g_assert_false (g_file_test (new_results, G_FILE_TEST_EXISTS));
}

/* Three players needed, one waits; the reload needs one: the members
 * hear the new number, and the game starts. */
static void
test_fewer_players_start_the_lobby (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *results = g_strdup (fixture->config->results_dir);
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(JsonObject) players = NULL;
  g_autoptr(JsonObject) countdown = NULL;
  g_autoptr(GError) error = NULL;

  say (fixture, "{\"type\":\"join\",\"name\":\"Alice\"}");
  joined = expect (fixture, "joined");
  g_assert_cmpint (json_object_get_int_member (joined, "needed"), ==, 3);

  write_config (fixture, 1, fixture->quiz, results);
  g_assert_true (pupitre_server_reload (fixture->server, &error));
  g_assert_no_error (error);

  players = expect (fixture, "players");
  while (json_object_get_int_member (players, "needed") != 1)
    {
      json_object_unref (players);
      players = expect (fixture, "players");
    }
  countdown = expect (fixture, "countdown");
  g_assert_cmpint (json_object_get_int_member (countdown, "round"), ==, 1);
}

/* The hosted games' settings come with a reload like the others. */
static void
test_hosted_settings_reload (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *results = g_strdup (fixture->config->results_dir);
  g_autofree char *keys = in_dir (fixture, "host-keys");
  g_autofree char *text = g_strdup_printf ("[server]\nplayers=3\nquiz=%s\nresults-dir=%s\n"
                                           "hosting=keys\nhost-keys=%s\nmax-games=4\n"
                                           "max-games-per-key=2\nmax-upload-questions=50\n"
                                           "max-hosted-players=25\nhost-grace=30\n",
                                           fixture->quiz, results, keys);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (fixture->config->hosting, ==, PUPITRE_HOSTING_OFF);
  g_file_set_contents (fixture->config_file, text, -1, &error);
  g_assert_no_error (error);

  /* The keys are read with the rest: a broken file changes nothing. */
  g_file_set_contents (keys, "martin not-a-hash\n", -1, &error);
  g_assert_no_error (error);
  g_assert_false (pupitre_server_reload (fixture->server, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, ":1:"));
  g_clear_error (&error);
  g_assert_cmpint (fixture->config->hosting, ==, PUPITRE_HOSTING_OFF);

  g_file_set_contents (keys, "# nobody yet\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (pupitre_server_reload (fixture->server, &error));
  g_assert_no_error (error);

  g_assert_cmpint (fixture->config->hosting, ==, PUPITRE_HOSTING_KEYS);
  g_assert_cmpstr (fixture->config->host_keys, ==, keys);
  g_assert_cmpuint (fixture->config->max_games, ==, 4);
  g_assert_cmpuint (fixture->config->max_games_per_key, ==, 2);
  g_assert_cmpuint (fixture->config->max_upload_questions, ==, 50);
  g_assert_cmpuint (fixture->config->max_hosted_players, ==, 25);
  g_assert_cmpfloat (fixture->config->host_grace, ==, 30.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reload/failed/applies-nothing", Fixture, NULL, setup,
              test_failed_reload_applies_nothing, teardown);
  g_test_add ("/reload/players/fewer-start-the-lobby", Fixture, NULL, setup,
              test_fewer_players_start_the_lobby, teardown);
  g_test_add ("/reload/hosted/settings", Fixture, NULL, setup,
              test_hosted_settings_reload, teardown);

  return g_test_run ();
}
