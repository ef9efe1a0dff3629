/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The programs speak French under fr_FR.UTF-8: the server's help and errors,
 * the console's, and a whole game played in the console. */

#include <locale.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"

#define TIMEOUT_MS (pupitre_test_scale_ms (30000))

/* One question, answered "I don't know" by the only player. */
static const char quiz_json[] =
  "{\n"
  "  \"title\": \"Test en français\",\n"
  "  \"language\": \"fr\",\n"
  "  \"questions\": [\n"
  "    {\n"
  "      \"text\": \"Quel système d’exploitation est sous licence libre ?\",\n"
  "      \"choices\": [\"Windows\", \"MacOS\", \"Linux\"],\n"
  "      \"answer\": 3,\n"
  "      \"explanation\": \"Linux est sous licence GPL.\"\n"
  "    }\n"
  "  ]\n"
  "}\n";

static char *
program_path (const char *variable,
              const char *relative)
{
  const char *value = g_getenv (variable);

  if (value == NULL)
    g_test_message ("%s is not set: run the tests with meson test", variable);
  g_assert_nonnull (value);

  return relative != NULL ? g_build_filename (value, relative, NULL) : g_strdup (value);
}

static char *
server_path (void)
{
  return program_path ("PUPITRE_SERVER", NULL);
}

static char *
console_path (void)
{
  return program_path ("PUPITRE_BUILD_DIR", "src/client/console/pupitre-console");
}

/* Waiting on events, with a deadline */

typedef gboolean (*Condition) (gpointer data);

static gboolean
set_true_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  if (condition (data))
    return;

  timeout_id = g_timeout_add (TIMEOUT_MS, set_true_cb, &timed_out);
  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_test_message ("Timed out after %u ms waiting for %s", TIMEOUT_MS, what);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
}

/* A program run to its end, its output kept */

typedef struct
{
  gboolean done;
  char    *out;
  char    *err;
  GError  *error;
} Run;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result,
                                        &run->out, &run->err, &run->error);
  run->done = TRUE;
}

static gboolean
run_done (gpointer data)
{
  return ((Run *) data)->done;
}

/* Returns the exit status; the output is checked to be UTF-8 on the way. */
static int
run_program (const char * const  *argv,
             char               **out,
             char               **err)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  process = g_subprocess_newv (argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &run);
  wait_until (run_done, &run, argv[0]);
  g_assert_no_error (run.error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  *out = run.out;
  *err = run.err;
  return g_subprocess_get_exit_status (process);
}

/* The catalogue */

static void
test_catalogue_built (void)
{
  g_autofree char *localedir = program_path ("PUPITRE_LOCALEDIR", NULL);
  g_autofree char *mo = g_build_filename (localedir, "fr", "LC_MESSAGES", "pupitre.mo", NULL);

  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    g_test_message ("%s is missing: the build makes it from po/fr.po", mo);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
}

/* The server */

static void
test_server_help (void)
{
  g_autofree char *server = server_path ();
  const char *argv[] = { server, "--help", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_program (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Propose un QCM aux joueurs sur le réseau."));
  g_assert_nonnull (strstr (out, "Nombre de joueurs nécessaires pour commencer une partie "
                                 "(3 par défaut)"));
  g_assert_nonnull (strstr (out, "--quiz=FICHIER"));
  g_assert_nonnull (strstr (out, "Quitter à la fin de la première partie"));
}

static void
test_server_bad_option (void)
{
  g_autofree char *server = server_path ();
  const char *argv[] = { server, "--players", "0", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_program (argv, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--players doit être compris entre 1 et 100000"));
}

/* The console */

static void
test_console_help (void)
{
  g_autofree char *console = console_path ();
  const char *argv[] = { console, "--help", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_program (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Jouez à un quiz Pupitre dans un terminal."));
  g_assert_nonnull (strstr (out, "--name=PSEUDO"));
  g_assert_nonnull (strstr (out, "Le pseudo sous lequel jouer"));
}

static void
test_console_bad_port (void)
{
  g_autofree char *console = console_path ();
  const char *argv[] = { console, "--port", "70000", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_program (argv, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "«\u00a0" "70000\u00a0» n’est pas un numéro de port "
                                 "(de 1 à 65535)."));
}

/* A game */

/* Every line of a program's output, as it comes. */
typedef struct
{
  GDataInputStream *input;
  GString          *text;
  gboolean          ended;
} Reader;

static void read_next (Reader *reader);

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Reader *reader = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    {
      reader->ended = TRUE;
      return;
    }

  g_string_append (reader->text, line);
  g_string_append_c (reader->text, '\n');
  read_next (reader);
}

static void
read_next (Reader *reader)
{
  g_data_input_stream_read_line_async (reader->input, G_PRIORITY_DEFAULT, NULL,
                                       line_read_cb, reader);
}

static void
reader_start (Reader       *reader,
              GInputStream *stream)
{
  reader->input = g_data_input_stream_new (stream);
  reader->text = g_string_new (NULL);
  reader->ended = FALSE;
  read_next (reader);
}

static void
reader_clear (Reader *reader)
{
  g_clear_object (&reader->input);
  if (reader->text != NULL)
    g_string_free (reader->text, TRUE);
  reader->text = NULL;
}

typedef struct
{
  GSubprocess *process;
  gboolean     exited;
} Program;

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Program *program = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  program->exited = TRUE;
}

static void
program_watch (Program     *program,
               GSubprocess *process)
{
  program->process = process;
  program->exited = FALSE;
  g_subprocess_wait_async (process, NULL, exited_cb, program);
}

static void
program_clear (Program *program)
{
  if (program->process == NULL)
    return;
  if (!program->exited)
    {
      g_subprocess_force_exit (program->process);
      while (!program->exited)
        g_main_context_iteration (NULL, TRUE);
    }
  g_clear_object (&program->process);
}

typedef struct
{
  char              *dir;
  char              *quiz;
  PupitreTestServer *server;
  Program            console;
  Reader             console_out;
} Game;

static void
game_setup (Game          *game,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  game->dir = g_dir_make_tmp ("pupitre-french-XXXXXX", &error);
  g_assert_no_error (error);
  game->quiz = g_build_filename (game->dir, "quiz.json", NULL);
  g_file_set_contents (game->quiz, quiz_json, -1, &error);
  g_assert_no_error (error);
}

static void
game_teardown (Game          *game,
               gconstpointer  data)
{
  program_clear (&game->console);
  g_clear_pointer (&game->server, pupitre_test_server_free);
  /* The reader ends with its pipe, once the console is gone. */
  while (game->console_out.input != NULL && !game->console_out.ended)
    g_main_context_iteration (NULL, TRUE);
  reader_clear (&game->console_out);

  g_remove (game->quiz);
  g_rmdir (game->dir);
  g_free (game->quiz);
  g_free (game->dir);
}

static gboolean
question_shown (gpointer data)
{
  Game *game = data;

  return strstr (game->console_out.text->str, "\n0) ") != NULL || game->console.exited;
}

static gboolean
console_done (gpointer data)
{
  Game *game = data;

  return game->console.exited && game->console_out.ended;
}

static void
assert_has (const char *text,
            const char *part)
{
  if (strstr (text, part) == NULL)
    g_test_message ("“%s” is not in:\n%s", part, text);
  g_assert_nonnull (strstr (text, part));
}

static void
assert_matches (const char *text,
                const char *pattern)
{
  gboolean found = g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0);

  if (!found)
    g_test_message ("/%s/ matches nothing in:\n%s", pattern, text);
  g_assert_true (found);
}

static void
test_console_game (Game          *game,
                   gconstpointer  data)
{
  g_autofree char *server = server_path ();
  g_autofree char *console = console_path ();
  g_autofree char *port = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *log = NULL;
  const char *server_argv[] = {
    server, "--quiz", game->quiz,
    "--players", "1", "--countdown", "0", "--pause", "0", "--over-pause", "0", "--once",
    NULL
  };
  GOutputStream *answers;
  GSubprocess *process;
  GSubprocess *server_process;
  g_autoptr(GError) error = NULL;
  const char *out;

  game->server = pupitre_test_server_start (NULL, server_argv);
  server_process = pupitre_test_server_get_process (game->server);
  port = g_strdup_printf ("%u", pupitre_test_server_get_port (game->server));

  /* No terminal: the console prints no prompt and reads the answers piped in. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                              G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_MERGE,
                              &error,
                              console, "--host", "127.0.0.1", "--port", port,
                              "--name", "Ubuntu1", NULL);
  g_assert_no_error (error);
  program_watch (&game->console, process);
  reader_start (&game->console_out, g_subprocess_get_stdout_pipe (process));
  wait_until (question_shown, game, "the question in the console");
  if (game->console.exited)
    g_test_message ("The console stopped:\n%s", game->console_out.text->str);
  g_assert_false (game->console.exited);

  /* Sent once the question is open: a line typed before it is refused. */
  answers = g_subprocess_get_stdin_pipe (process);
  g_output_stream_write_all (answers, "0\n", 2, NULL, NULL, &error);
  g_assert_no_error (error);

  wait_until (console_done, game, "the console to leave after the game");
  g_assert_true (g_subprocess_get_if_exited (game->console.process));
  g_assert_cmpint (g_subprocess_get_exit_status (game->console.process), ==, 0);
  g_assert_true (pupitre_test_server_wait_exit (game->server,
                                                (gint64) TIMEOUT_MS * G_TIME_SPAN_MILLISECOND));
  g_assert_true (g_subprocess_get_if_exited (server_process));
  g_assert_cmpint (g_subprocess_get_exit_status (server_process), ==, 0);

  out = game->console_out.text->str;
  assert_has (out, "Vous êtes connecté au serveur.\n");
  assert_has (out, "Vous jouez sous le pseudo Ubuntu1.\n");
  assert_has (out, "La partie va commencer\u00a0!\n");
  assert_has (out, "Question 1/1\n"
                   "Quel système d’exploitation est sous licence libre ?\n"
                   "1) Windows\n"
                   "2) MacOS\n"
                   "3) Linux\n"
                   "0) Je ne sais pas\n");
  assert_matches (out, "^Vous avez [0-9]+ secondes pour répondre\\.$");
  assert_has (out, "Réponse enregistrée\u00a0: 0) Je ne sais pas, en ");
  assert_has (out, "Bonne réponse\u00a0: 3) Linux\nLinux est sous licence GPL.\n");
  assert_matches (out, "^Résultats\nJoueur +Réponse +Points +Temps\n"
                       "Ubuntu1 +0 +0 +[0-9]+[,.][0-9][0-9]\u00a0s$");
  assert_matches (out, "^Total\nRang +Joueur +Score\n +1 +Ubuntu1 +0$");
  assert_has (out, "Votre score\u00a0: 0, rang 1 sur 1.\n");
  assert_matches (out, "^Classement final\nRang +Joueur +Score\n +1 +Ubuntu1 +0$");
  assert_has (out, "Votre rang final\u00a0: 1 sur 1, avec un score de 0.\n");

  log = pupitre_test_server_dup_log (game->server);
  ready = g_strdup_printf ("Serveur prêt (port %u) en attente des joueurs\u00a0: il en faut 1, "
                           "quiz «\u00a0Test en français\u00a0»\n",
                           pupitre_test_server_get_port (game->server));
  assert_has (log, ready);
  assert_has (log, "Connexion du client 127.0.0.1:");
  assert_has (log, "La partie commence avec 1 joueur\u00a0: Test en français\n");
  assert_has (log, "Ubuntu1 a rejoint la partie (127.0.0.1:");
  assert_has (log, "Manche 1 close, bonne réponse 3) Linux\u00a0: ");
}

int
main (int   argc,
      char *argv[])
{
  /* The children inherit these; meson's test environment sets them too. */
  g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "fr", TRUE);
  if (setlocale (LC_ALL, "") == NULL)
    {
      /* TAP's way to skip a whole program. */
      g_print ("1..0 # SKIP the fr_FR.UTF-8 locale is missing (tools/deps.sh generates it)\n");
      return 0;
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/french/catalogue/built", test_catalogue_built);
  g_test_add_func ("/french/server/help", test_server_help);
  g_test_add_func ("/french/server/bad-option", test_server_bad_option);
  g_test_add_func ("/french/console/help", test_console_help);
  g_test_add_func ("/french/console/bad-port", test_console_bad_port);
  g_test_add ("/french/console/game", Game, NULL, game_setup, test_console_game, game_teardown);

  return g_test_run ();
}
