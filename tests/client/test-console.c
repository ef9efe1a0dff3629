/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-console as a program: real consoles against the real server,
 * answers typed on their standard input, what they print checked. */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "pupitre-error.h"
#include "pupitre-known-servers.h"
#include "pupitre-token-store.h"
#include "test-certificate.h"
#include "test-server.h"

/* One pupitre-console process and everything it printed so far. */

typedef struct
{
  GSubprocess *process;
  GOutputStream *input;
  GInputStream *output;
  GCancellable *cancellable;
  GString *printed;
  gsize cursor;            /* where the next expectation is searched from */
  gboolean output_closed;
  gboolean exited;
  char buffer[4096];
} Console;

static void read_output (Console *console);

static void
output_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Console *console = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (n <= 0)
    {
      console->output_closed = TRUE;
      return;
    }

  g_string_append_len (console->printed, console->buffer, n);
  read_output (console);
}

static void
read_output (Console *console)
{
  g_input_stream_read_async (console->output, console->buffer, sizeof console->buffer,
                             G_PRIORITY_DEFAULT, console->cancellable, output_read_cb, console);
}

static void
console_exited_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Console *console = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  console->exited = TRUE;
}

static Console *
console_start_va (const char *variable,
                  const char *value,
                  const char *first_arg,
                  va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  Console *console = g_new0 (Console, 1);

  g_ptr_array_add (argv, test_build_path ("src/client/console/pupitre-console"));
  /* A TLS handshake on a loaded machine, under the sanitizers, may take
   * longer than the 10 s a student waits. */
  g_ptr_array_add (argv, g_strdup ("--timeout"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", pupitre_test_scale_ms (10000) / 1000));
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  g_ptr_array_add (argv, NULL);

  /* Its standard error goes to the test's log. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  if (variable != NULL)
    g_subprocess_launcher_setenv (launcher, variable, value, TRUE);
  console->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                   &error);
  g_assert_no_error (error);

  console->input = g_subprocess_get_stdin_pipe (console->process);
  console->output = g_subprocess_get_stdout_pipe (console->process);
  console->cancellable = g_cancellable_new ();
  console->printed = g_string_new (NULL);
  read_output (console);
  g_subprocess_wait_async (console->process, NULL, console_exited_cb, console);

  return console;
}

/* Starts pupitre-console with @first_arg... (NULL-terminated); its standard
 * input and output are pipes, so it is not talking to a terminal. */
static Console *
console_start (const char *first_arg,
               ...)
{
  Console *console;
  va_list args;

  va_start (args, first_arg);
  console = console_start_va (NULL, NULL, first_arg, args);
  va_end (args);

  return console;
}

/* The same with one more environment @variable. */
static Console *
console_start_with_env (const char *variable,
                        const char *value,
                        const char *first_arg,
                        ...)
{
  Console *console;
  va_list args;

  va_start (args, first_arg);
  console = console_start_va (variable, value, first_arg, args);
  va_end (args);

  return console;
}

static gboolean
console_done (gpointer data)
{
  Console *console = data;

  return console->exited && console->output_closed;
}

static void
console_free (Console *console)
{
  if (!console->exited)
    g_subprocess_force_exit (console->process);
  test_wait_until (console_done, console, "a console to end");

  g_cancellable_cancel (console->cancellable);
  g_clear_object (&console->cancellable);
  g_clear_object (&console->process);
  g_string_free (console->printed, TRUE);
  g_free (console);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Console, console_free)

typedef struct
{
  Console *console;
  const char *text;
} Expectation;

static gboolean
printed_after_cursor (gpointer data)
{
  Expectation *expectation = data;
  Console *console = expectation->console;

  return strstr (console->printed->str + console->cursor, expectation->text) != NULL ||
         console->output_closed;
}

/* Waits until the console printed @text (after what was expected before)
 * and moves past it. */
static void
console_expect (Console    *console,
                const char *text)
{
  Expectation expectation = { console, text };
  const char *found;

  test_wait_until (printed_after_cursor, &expectation, text);

  found = strstr (console->printed->str + console->cursor, text);
  if (found == NULL)
    g_test_message ("Expected \"%s\" in:\n%s", text, console->printed->str + console->cursor);
  g_assert_nonnull (found);

  console->cursor = (found - console->printed->str) + strlen (text);
}

/* The lines between @heading's line and @end (a later text, excluded). */
static GStrv
console_expect_table (Console    *console,
                      const char *heading,
                      const char *end)
{
  g_autofree char *heading_line = g_strdup_printf ("\n%s\n", heading);
  g_autofree char *table = NULL;
  gsize start;

  console_expect (console, heading_line);
  start = console->cursor;
  console_expect (console, end);

  table = g_strndup (console->printed->str + start, console->cursor - strlen (end) - start);
  g_strchomp (table);

  return g_strsplit (table, "\n", -1);
}

static void
console_type (Console    *console,
              const char *line)
{
  g_autofree char *with_newline = g_strconcat (line, "\n", NULL);
  g_autoptr(GError) error = NULL;

  /* A line is far smaller than a pipe's buffer: this does not block. */
  g_output_stream_write_all (console->input, with_newline, strlen (with_newline),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
console_close_input (Console *console)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (console->input, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
console_has_exited (gpointer data)
{
  return ((Console *) data)->exited;
}

static int
console_wait_exit (Console *console)
{
  test_wait_until (console_has_exited, console, "a console to exit");
  g_assert_true (g_subprocess_get_if_exited (console->process));

  return g_subprocess_get_exit_status (console->process);
}

/* A table's lines, checked: each matches its pattern, and all have the same
 * width in characters, as columns computed from the data make them. */
static void
assert_table (char       **lines,
              const char **patterns)
{
  glong width;

  g_assert_cmpuint (g_strv_length (lines), ==, g_strv_length ((char **) patterns));
  width = g_utf8_strlen (lines[0], -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!g_regex_match_simple (patterns[i], lines[i], 0, 0))
        g_test_message ("Line \"%s\" does not match \"%s\"", lines[i], patterns[i]);
      g_assert_true (g_regex_match_simple (patterns[i], lines[i], 0, 0));
      g_assert_cmpint (g_utf8_strlen (lines[i], -1), ==, width);
    }
}

#define TIME "[0-9]+\\.[0-9]{2} s"

static void
test_two_players_piped (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "2", "--countdown", "2",
                                                    "--time-limit", "20", "--pause", "0",
                                                    "--once", NULL);
  g_autofree char *port = g_strdup_printf ("%u", test_server_get_port (server));
  g_autoptr(Console) eloise = NULL;
  g_autoptr(Console) bob = NULL;
  g_auto(GStrv) table = NULL;

  eloise = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Éloïse", NULL);
  console_expect (eloise, "Connected to the server.\n");
  console_expect (eloise, "Waiting for 1 more player…\n");

  bob = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Bob", NULL);
  console_expect (bob, "Connected to the server.\n");

  /* Chat is open during the countdown, and shows who wrote. */
  console_expect (eloise, "The game is starting!\nNew question in 2 seconds…\n");
  console_expect (bob, "New question in 2 seconds…\n");
  console_type (eloise, "hello Bob");
  console_expect (bob, "<Éloïse> hello Bob\n");

  /* Round 1: Éloïse right, then Bob wrong after a number out of range. */
  console_expect (eloise,
                  "Question 1/3\n"
                  "Which operating system is free software?\n"
                  "1) Windows\n"
                  "2) MacOS\n"
                  "3) Linux\n"
                  "0) I don't know\n");
  console_expect (bob, "Question 1/3\n");
  console_expect (bob, "0) I don't know\n");
  console_type (eloise, "3");
  console_expect (eloise, "Answer recorded: 3) Linux, in ");
  console_type (bob, "9");
  console_expect (bob, "Type a number from 0 to 3.\n");
  console_type (bob, "1");
  console_expect (bob, "Answer recorded: 1) Windows, in ");

  console_expect (eloise, "Right answer: 3) Linux\nLinux is under the GPL.\n");
  table = console_expect_table (eloise, "Results", "\n\nTotal\n");
  assert_table (table, (const char *[]) {
    "^Player  Answer  Points +Time$",
    "^Éloïse +3 +2 +" TIME "$",
    "^Bob +1 +-1 +" TIME "$",
    NULL });
  g_clear_pointer (&table, g_strfreev);
  eloise->cursor -= strlen ("\n\nTotal\n");
  table = console_expect_table (eloise, "Total", "Your score: 2, rank 1 of 2.\n");
  assert_table (table, (const char *[]) {
    "^Rank  Player +Score$",
    "^ +1  Éloïse +2$",
    "^ +2  Bob +-1$",
    NULL });
  g_clear_pointer (&table, g_strfreev);
  console_expect (bob, "Your score: -1, rank 2 of 2.\n");

  /* Round 2: chat is closed; Bob right first (2), Éloïse right (1). */
  console_expect (eloise, "Question 2/3\n");
  console_expect (bob, "Question 2/3\n");
  console_type (eloise, "anyone?");
  console_expect (eloise, "The chat is closed while a question is open.\n");
  console_type (bob, "2");
  console_expect (bob, "Answer recorded: 2) TCP, in ");
  console_type (eloise, "2");
  console_expect (eloise, "Answer recorded: 2) TCP, in ");
  console_expect (eloise, "Right answer: 2) TCP\n");
  console_expect (eloise, "Your score: 3, rank 1 of 2.\n");
  console_expect (bob, "Your score: 1, rank 2 of 2.\n");

  /* Round 3: Bob right (2), Éloïse does not know (0): a tie at 3. */
  console_expect (eloise, "Question 3/3\n");
  console_expect (bob, "Question 3/3\n");
  console_type (bob, "2");
  console_expect (bob, "Answer recorded: 2) 8, in ");
  console_type (eloise, "0");
  console_expect (eloise, "Answer recorded: 0) I don't know, in ");
  table = console_expect_table (eloise, "Results", "\n\nTotal\n");
  assert_table (table, (const char *[]) {
    "^Player  Answer  Points +Time$",
    "^Bob +2 +2 +" TIME "$",
    "^Éloïse +0 +0 +" TIME "$",
    NULL });
  g_clear_pointer (&table, g_strfreev);

  /* The final ranking: equal scores share the rank, listed by name. */
  table = console_expect_table (eloise, "Final ranking", "Your final rank: ");
  assert_table (table, (const char *[]) {
    "^Rank  Player +Score$",
    "^ +1  Bob +3$",
    "^ +1  Éloïse +3$",
    NULL });
  g_clear_pointer (&table, g_strfreev);
  console_expect (eloise, "1 of 2, with a score of 3.\n");
  console_expect (bob, "Your final rank: 1 of 2, with a score of 3.\n");

  /* Both leave by themselves, with nothing more typed. */
  g_assert_cmpint (console_wait_exit (eloise), ==, 0);
  g_assert_cmpint (console_wait_exit (bob), ==, 0);
  g_assert_cmpint (test_server_wait_exit (server), ==, 0);

  /* Piped output carries no terminal escape codes. */
  g_assert_null (strchr (eloise->printed->str, '\033'));
  g_assert_null (strchr (bob->printed->str, '\033'));
}

/* A player who comes during a game is not told that it starts. */
static void
test_late_joiner (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "1", "--countdown", "1",
                                                    "--time-limit", "60", "--pause", "0",
                                                    "--once", NULL);
  g_autofree char *port = g_strdup_printf ("%u", test_server_get_port (server));
  g_autoptr(Console) eloise = NULL;
  g_autoptr(Console) bob = NULL;
  gsize bob_start;

  eloise = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Éloïse", NULL);
  console_expect (eloise, "The game is starting!\n");
  console_expect (eloise, "Question 1/3\n");

  /* Question 1 stays open until Éloïse answers: Bob comes during it. */
  bob = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Bob", NULL);
  console_expect (bob, "You play as Bob.\n");
  console_expect (bob, "A question is under way: you will play from the next one.\n");
  bob_start = bob->cursor;
  console_type (eloise, "3");

  console_expect (bob, "Question 2/3\n");
  g_assert_null (strstr (bob->printed->str + bob_start, "The game is starting!"));
  g_assert_null (strstr (bob->printed->str + bob_start, "A new game begins."));

  console_type (eloise, "2");
  console_type (bob, "2");
  console_expect (eloise, "Question 3/3\n");
  console_expect (bob, "Question 3/3\n");
  console_type (eloise, "2");
  console_type (bob, "2");
  console_expect (eloise, "Final ranking");
  console_expect (bob, "Final ranking");

  g_assert_cmpint (console_wait_exit (eloise), ==, 0);
  g_assert_cmpint (console_wait_exit (bob), ==, 0);
}

/* Issue #15, items 2 and 5: /quit during a game asks first; a console
 * that left, or was killed, takes its seat back when started again with
 * the same name, on the screen it left (the question, the results), and
 * the seat is forgotten once the game is over. */
static void
test_quit_asks_then_restart_resumes (void)
{
  g_autofree char *pause = g_strdup_printf ("%u", pupitre_test_scale_ms (4000) / 1000);
  g_autoptr(TestServer) server = test_server_start ("--players", "2", "--countdown", "0",
                                                    "--time-limit", "60", "--pause", pause,
                                                    "--once", NULL);
  g_autofree char *port = g_strdup_printf ("%u", test_server_get_port (server));
  g_autofree char *tokens = g_build_filename (g_get_user_state_dir (), "pupitre", "tokens.ini",
                                              NULL);
  g_autofree char *group = g_strdup_printf ("[player 127.0.0.1:%s main]", port);
  g_autofree char *kept = NULL;
  g_autoptr(Console) eloise = NULL;
  g_autoptr(Console) bob = NULL;
  g_autofree char *bob_state = g_dir_make_tmp ("pupitre-state-XXXXXX", NULL);
  g_autofree char *bob_tokens = g_build_filename (bob_state, "pupitre", "tokens.ini", NULL);
  g_autofree char *bob_folder = g_path_get_dirname (bob_tokens);
  gsize start;

  eloise = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Éloïse", NULL);
  console_expect (eloise, "Connected to the server.\n");
  /* Bob plays on another computer: his seat is kept elsewhere. */
  bob = console_start_with_env ("XDG_STATE_HOME", bob_state,
                                "--host", "127.0.0.1", "--port", port, "--name", "Bob", NULL);
  console_expect (eloise, "Question 1/3\n");
  console_expect (bob, "Question 1/3\n");

  /* The seat's token is on disk while the game lasts. */
  g_assert_true (g_file_get_contents (tokens, &kept, NULL, NULL));
  g_assert_nonnull (strstr (kept, group));
  g_clear_pointer (&kept, g_free);

  /* One /quit only says how to leave; the second leaves. */
  console_type (eloise, "/quit");
  console_expect (eloise, "Type /quit again to leave it.");
  console_type (eloise, "/quit");
  g_assert_cmpint (console_wait_exit (eloise), ==, 0);
  g_clear_pointer (&eloise, console_free);

  /* Started again with the same name: back on the seat, not "taken". */
  eloise = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Éloïse", NULL);
  console_expect (eloise, "Back in the game.\n");
  console_expect (eloise, "Question 1/3\n");
  console_type (eloise, "3");
  console_expect (eloise, "Answer recorded: 3) Linux, in ");
  console_type (bob, "3");

  /* Killed during the results, started again: the results once more. */
  console_expect (eloise, "Right answer: 3) Linux\n");
  g_subprocess_force_exit (eloise->process);
  test_wait_until (console_has_exited, eloise, "a console to be killed");
  g_clear_pointer (&eloise, console_free);
  eloise = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Éloïse", NULL);
  console_expect (eloise, "Back in the game.\n");
  start = eloise->cursor;
  console_expect (eloise, "Right answer: 3\n");
  console_expect (eloise, "Your score: 2, rank 1 of 2.\n");
  g_assert_null (strstr (eloise->printed->str + start, "The game is starting!"));

  /* To the end: the seat is forgotten with the game. */
  console_expect (eloise, "Question 2/3\n");
  console_type (eloise, "2");
  console_type (bob, "2");
  console_expect (eloise, "Question 3/3\n");
  g_assert_null (strstr (eloise->printed->str + start, "A new game begins."));
  console_type (eloise, "2");
  console_type (bob, "2");
  console_expect (eloise, "Final ranking");
  g_assert_cmpint (console_wait_exit (eloise), ==, 0);
  g_assert_cmpint (console_wait_exit (bob), ==, 0);
  g_file_get_contents (tokens, &kept, NULL, NULL);
  g_assert_null (kept != NULL ? strstr (kept, group) : NULL);

  g_unlink (bob_tokens);
  g_rmdir (bob_folder);
  g_rmdir (bob_state);
}

/* A seat kept from a game that is gone (the server restarted): the
 * refused token is forgotten and the player joins as a newcomer. */
static void
test_stale_kept_seat (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "3", NULL);
  g_autofree char *port = g_strdup_printf ("%u", test_server_get_port (server));
  g_autoptr(PupitreTokenStore) store = pupitre_token_store_new (NULL);
  g_autofree char *key = g_strdup_printf ("127.0.0.1:%s", port);
  g_autofree char *token = NULL;
  g_autoptr(Console) ada = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pupitre_token_store_save (store, PUPITRE_TOKEN_PLAYER, key, "main", "Ada",
                                           "0123456789abcdef0123456789abcdef", &error));
  g_assert_no_error (error);

  ada = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Ada", NULL);
  console_expect (ada, "Connected to the server.\n");
  console_expect (ada, "You play as Ada.\n");
  token = pupitre_token_store_lookup (store, PUPITRE_TOKEN_PLAYER, key, "main", NULL);
  g_assert_nonnull (token);
  g_assert_cmpstr (token, !=, "0123456789abcdef0123456789abcdef");

  /* Quitting in the lobby gives the seat up, and forgets it. */
  console_close_input (ada);
  g_assert_cmpint (console_wait_exit (ada), ==, 0);
  g_clear_pointer (&token, g_free);
  token = pupitre_token_store_lookup (store, PUPITRE_TOKEN_PLAYER, key, "main", NULL);
  g_assert_null (token);
}

static void
test_asks_missing_options (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "2", NULL);
  g_autofree char *port = g_strdup_printf ("%u", test_server_get_port (server));
  g_autoptr(Console) zoe = console_start (NULL);

  console_expect (zoe, "Host [localhost]: ");
  console_type (zoe, "127.0.0.1");
  console_expect (zoe, "Port [50026]: ");
  console_type (zoe, "seventy");
  console_expect (zoe, "“seventy” is not a port number (1 to 65535).\n");
  console_expect (zoe, "Port [50026]: ");
  console_type (zoe, port);
  console_expect (zoe, "Enter a pseudonym: ");
  console_type (zoe, "   ");
  console_expect (zoe, "Enter a pseudonym: ");
  console_type (zoe, "Zoé");
  console_expect (zoe, "Connected to the server.\nYou play as Zoé.\n");
  console_expect (zoe, "Waiting for 1 more player…\n");

  console_type (zoe, "/quit");
  g_assert_cmpint (console_wait_exit (zoe), ==, 0);
}

static void
test_name_taken_exits (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "3", NULL);
  g_autofree char *port = g_strdup_printf ("%u", test_server_get_port (server));
  g_autoptr(Console) ada = NULL;
  g_autoptr(Console) other = NULL;

  ada = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Ada", NULL);
  console_expect (ada, "Connected to the server.\n");

  /* A script cannot choose another name: the refusal ends the program. */
  other = console_start ("--host", "127.0.0.1", "--port", port, "--name", "ADA", NULL);
  console_expect (other, pupitre_error_code_describe (PUPITRE_ERROR_NAME_TAKEN));
  g_assert_cmpint (console_wait_exit (other), ==, 1);

  /* The end of standard input leaves the game cleanly. */
  console_close_input (ada);
  g_assert_cmpint (console_wait_exit (ada), ==, 0);
}

/* Secure connections */

static TestServer *
start_tls_server (TestCertificate *certificate,
                  const char      *first_arg,
                  ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list extra;

  va_start (extra, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (extra, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (extra);
  g_assert_cmpuint (args->len, <=, 10);
  while (args->len < 10)
    g_ptr_array_add (args, NULL);

  /* test_server_start() takes a NULL-terminated list: unused slots end it. */
  return test_server_start ("--tls-certificate", certificate->certificate,
                            "--tls-key", certificate->key,
                            g_ptr_array_index (args, 0), g_ptr_array_index (args, 1),
                            g_ptr_array_index (args, 2), g_ptr_array_index (args, 3),
                            g_ptr_array_index (args, 4), g_ptr_array_index (args, 5),
                            g_ptr_array_index (args, 6), g_ptr_array_index (args, 7),
                            g_ptr_array_index (args, 8), g_ptr_array_index (args, 9),
                            NULL);
}

/* What the user's list of trusted certificates says about @host_and_port. */
static void
assert_stored (const char *host_and_port,
               const char *expected)
{
  g_autoptr(PupitreKnownServers) known = pupitre_known_servers_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;

  fingerprint = pupitre_known_servers_lookup (known, host_and_port, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fingerprint, ==, expected);
}

static void
test_tls_trust_piped (void)
{
  g_autoptr(TestCertificate) certificate = test_certificate_new ();
  g_autoptr(TestServer) server = NULL;
  g_autoptr(Console) ada = NULL;
  g_autoptr(Console) bob = NULL;
  g_autofree char *port = NULL;
  g_autofree char *host_and_port = NULL;
  g_autofree char *shown = NULL;

  if (certificate == NULL)
    return;
  test_forget_trusted_certificates ();

  /* The countdown keeps the chat open for Bob's first line. */
  server = start_tls_server (certificate, "--players", "2", "--countdown", "2",
                             "--time-limit", "20", "--pause", "0", "--once", NULL);
  port = g_strdup_printf ("%u", test_server_get_port (server));
  host_and_port = g_strdup_printf ("127.0.0.1:%s", port);

  /* First use: the fingerprint openssl computes, and a question, answered
   * by a script that typed its answer at once: the line waits for it. */
  ada = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Ada", "--secure", NULL);
  console_type (ada, "yes");
  console_expect (ada, "Connecting securely to 127.0.0.1, port ");
  shown = g_strdup_printf ("The server at %s presents a certificate this computer has never "
                           "seen.\nSHA-256 fingerprint: %s\n",
                           host_and_port, certificate->fingerprint);
  console_expect (ada, shown);
  console_expect (ada, "Trust this certificate? Type “yes” to trust it, anything else to leave: ");
  console_expect (ada, "Certificate trusted, and remembered in ");
  console_expect (ada, "Connected to the server.\nYou play as Ada.\n");
  assert_stored (host_and_port, certificate->fingerprint);

  /* Trusted now: a second console connects without a question, and its
   * first answer, typed before the connection was made, waits for it. */
  bob = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Bob", "--secure", NULL);
  console_type (bob, "hello from the start");
  console_expect (bob, "Connected to the server.\n");
  console_expect (ada, "<Bob> hello from the start\n");
  g_assert_null (strstr (bob->printed->str, "fingerprint"));

  /* And they play the three rounds inside TLS. */
  for (guint round = 1; round <= 3; round++)
    {
      g_autofree char *heading = g_strdup_printf ("Question %u/3\n", round);

      console_expect (ada, heading);
      console_expect (bob, heading);
      console_expect (ada, "0) I don't know\n");
      console_expect (bob, "0) I don't know\n");
      console_type (ada, "2");
      console_expect (ada, "Answer recorded: ");
      console_type (bob, "0");
      console_expect (bob, "Answer recorded: 0) I don't know");
      console_expect (ada, "Right answer: ");
    }
  console_expect (ada, "Your final rank: ");
  console_expect (bob, "Your final rank: ");

  g_assert_cmpint (console_wait_exit (ada), ==, 0);
  g_assert_cmpint (console_wait_exit (bob), ==, 0);
  g_assert_cmpint (test_server_wait_exit (server), ==, 0);
}

static void
test_tls_changed_refused (void)
{
  g_autoptr(TestCertificate) certificate = test_certificate_new ();
  g_autoptr(PupitreKnownServers) known = NULL;
  g_autoptr(TestServer) server = NULL;
  g_autoptr(Console) ada = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *host_and_port = NULL;
  g_autofree char *shown = NULL;
  const char *other = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

  if (certificate == NULL)
    return;
  test_forget_trusted_certificates ();

  server = start_tls_server (certificate, "--players", "3", NULL);
  port = g_strdup_printf ("%u", test_server_get_port (server));
  host_and_port = g_strdup_printf ("127.0.0.1:%s", port);

  /* The user trusted another certificate for this server before. */
  known = pupitre_known_servers_new (NULL);
  g_assert_true (pupitre_known_servers_remember (known, host_and_port, other, &error));
  g_assert_no_error (error);

  ada = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Ada", "--secure", NULL);
  console_expect (ada, "WARNING: THE SERVER'S CERTIFICATE HAS CHANGED!\n");
  shown = g_strdup_printf ("Trusted fingerprint: %s\nNew fingerprint:     %s\n",
                           other, certificate->fingerprint);
  console_expect (ada, shown);
  console_expect (ada, "Trust this certificate? ");

  /* Anything but yes leaves, and the old trust stays. */
  console_type (ada, "no");
  console_expect (ada, "The certificate is not trusted: not connecting.\n");
  g_assert_cmpint (console_wait_exit (ada), ==, 1);
  g_assert_null (strstr (ada->printed->str, "Connected to the server."));
  assert_stored (host_and_port, other);
}

static void
test_tls_without_backend (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "3", NULL);
  g_autofree char *port = g_strdup_printf ("%u", test_server_get_port (server));
  g_autoptr(Console) ada = NULL;

  /* GIO's dummy backend is what a system without glib-networking gets. */
  ada = console_start_with_env ("GIO_USE_TLS", "dummy",
                                "--host", "127.0.0.1", "--port", port, "--name", "Ada",
                                "--secure", NULL);
  console_expect (ada, "Secure connections are not available on this computer: "
                       "GIO has no TLS support (install glib-networking).\n");
  g_assert_cmpint (console_wait_exit (ada), ==, 1);
}

/* A teacher hosts a game from the console: the code shown, a student who
 * joins with it, the steps at the teacher's word, the results on disk. */
static void
test_host_game (void)
{
  g_autoptr(TestServer) server = test_server_start ("--hosting", "open", NULL);
  g_autofree char *port = g_strdup_printf ("%u", test_server_get_port (server));
  g_autofree char *quiz = test_source_path ("tests/client/three-questions.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pupitre-host-XXXXXX", &error);
  g_autofree char *prefix = g_build_filename (dir, "results", NULL);
  g_autofree char *long_path = g_strconcat (prefix, ".csv", NULL);
  g_autofree char *wide_path = g_strconcat (prefix, "-wide.csv", NULL);
  g_autofree char *state = g_build_filename (dir, "pupitre", NULL);
  g_autofree char *tokens_path = g_build_filename (state, "tokens.ini", NULL);
  g_autofree char *long_table = NULL;
  g_autofree char *wide_table = NULL;
  g_autofree char *tokens = NULL;
  g_autofree char *code = NULL;
  g_autofree char *closed = NULL;
  g_autoptr(Console) host = NULL;
  g_autoptr(Console) alice = NULL;
  g_auto(GStrv) rows = NULL;

  g_assert_no_error (error);
  host = console_start_with_env ("XDG_STATE_HOME", dir, "--host", "127.0.0.1", "--port", port,
                                 "--create", quiz, "--countdown", "0", "--results", long_path,
                                 "--scoring", "right", NULL);
  console_expect (host, "created: 3 questions.\n");
  console_expect (host, "Game code: ");
  code = g_strndup (host->printed->str + host->cursor, 6);
  g_assert_cmpuint (strspn (code, "ABCDEFGHJKMNPQRSTUVWXYZ23456789"), ==, 6);
  alice = console_start ("--host", "127.0.0.1", "--port", port, "--name", "Alice",
                         "--game", code, NULL);
  console_expect (alice, "You play as Alice.\n");
  console_expect (host, "(1): Alice\n");
  /* Kept on disk as soon as the game was made, for a host who restarts. */
  g_assert_true (g_file_get_contents (tokens_path, &tokens, NULL, NULL));
  g_assert_nonnull (strstr (tokens, code));

  console_type (host, "");
  console_expect (alice, "Question 1/3\n");
  console_expect (host, "Question 1/3: Which operating system is free software?\n");
  console_type (alice, "3");
  console_expect (host, "Right answer: 3) Linux\n");
  console_expect (host, "✔ 3) Linux");
  console_expect (host, "Leaderboard:");
  console_expect (host, "Alice");

  console_type (host, "/next");
  console_expect (alice, "Question 2/3\n");
  console_type (alice, "1");
  console_expect (host, "Right answer: 2) TCP\n");
  console_type (host, "/end");
  console_expect (host, "Game over. Final ranking:");
  console_expect (host, "Results saved to");

  g_assert_true (g_file_get_contents (long_path, &long_table, NULL, &error));
  g_assert_no_error (error);
  rows = g_strsplit (long_table, "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 4);   /* header, 2 rounds, the end */
  g_assert_true (g_str_has_prefix (rows[1], "\"1\",\"Which operating system is free software?\","
                                            "\"Alice\",\"Linux\",\"yes\","));
  g_assert_true (g_str_has_suffix (rows[1], ",\"1\",\"1\",\"1\""));
  g_assert_true (g_str_has_prefix (rows[2], "\"2\",\"Which protocol carries the game's messages?\","
                                            "\"Alice\",\"UDP\",\"no\","));
  g_assert_true (g_file_get_contents (wide_path, &wide_table, NULL, &error));
  g_assert_nonnull (strstr (wide_table, "\"Alice\",\"1\",\"1\",\"1\",\"0\"\n"));

  console_type (host, "stop");
  closed = g_strdup_printf ("Game %s is closed.\n", code);
  console_expect (host, closed);
  g_assert_cmpint (console_wait_exit (host), ==, 0);
  /* A game closed has no host to take back. */
  g_clear_pointer (&tokens, g_free);
  g_assert_true (g_file_get_contents (tokens_path, &tokens, NULL, NULL));
  g_assert_null (strstr (tokens, code));

  g_unlink (long_path);
  g_unlink (wide_path);
  g_unlink (tokens_path);
  g_rmdir (state);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = test_private_config_new ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console/game/two-players-piped", test_two_players_piped);
  g_test_add_func ("/console/game/late-joiner-not-told-start", test_late_joiner);
  g_test_add_func ("/console/game/quit-asks-then-restart-resumes",
                   test_quit_asks_then_restart_resumes);
  g_test_add_func ("/console/host/create-drive-and-save", test_host_game);
  g_test_add_func ("/console/start/asks-missing-options", test_asks_missing_options);
  g_test_add_func ("/console/join/name-taken-exits", test_name_taken_exits);
  g_test_add_func ("/console/join/stale-kept-seat-is-forgotten", test_stale_kept_seat);
  g_test_add_func ("/console/tls/trust-typed-then-plays", test_tls_trust_piped);
  g_test_add_func ("/console/tls/changed-certificate-refused", test_tls_changed_refused);
  g_test_add_func ("/console/tls/no-tls-backend-said", test_tls_without_backend);

  status = g_test_run ();
  test_private_config_remove (config);

  return status;
}
