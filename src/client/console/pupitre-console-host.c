/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hosted game driven from a terminal. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pupitre-console-host.h"
#include "pupitre-host.h"
#include "pupitre-quiz.h"
#include "pupitre-results-export.h"
#include "pupitre-text-table.h"
#include "pupitre-token-store.h"

/* A line the teacher types is a command: longer is a mistake. */
#define MAX_COMMAND_BYTES 4096
/* What "+" adds to the question's time. */
#define ADD_TIME_MS       15000
/* The widest bar of the answers' chart. */
#define BAR_WIDTH         30

struct _PupitreConsoleHost
{
  GObject             parent_instance;

  GDataInputStream   *input;
  GCancellable       *cancellable;
  char               *server_host;
  guint               port;
  gboolean            secure;
  char               *quiz_path;
  char               *format;
  JsonNode           *options;
  char               *name;
  char               *host_key;
  char               *save_prefix;
  char               *resume_code;
  char               *server;         /* "host:port", as the token store names it */

  PupitreHost        *host;
  PupitreTokenStore  *tokens;
  PupitreQuiz        *quiz;           /* the quiz sent, for the answers' texts */
  guint               leaderboard;
  char              **choices;        /* the open or last question's */
  GPtrArray          *totals;         /* "rank name score" lines of the last round */
  gboolean            done;
  int                 exit_status;
};

G_DEFINE_FINAL_TYPE (PupitreConsoleHost, pupitre_console_host, G_TYPE_OBJECT)

enum
{
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void read_command (PupitreConsoleHost *self);

/* Names, chat and quiz text come from other people: a control character
 * must not drive the terminal. */
static char *
clean (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
    }
  return g_string_free (out, FALSE);
}

static void
finish (PupitreConsoleHost *self,
        int                 status)
{
  if (self->done)
    return;
  self->done = TRUE;
  self->exit_status = status;
  g_cancellable_cancel (self->cancellable);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

/* Kept once known: the link that names it goes with the game. */
static const char *
server_key (PupitreConsoleHost *self)
{
  if (self->server == NULL && pupitre_host_get_server (self->host) != NULL)
    self->server = g_strdup (pupitre_host_get_server (self->host));
  if (self->server == NULL)
    self->server = g_strdup_printf ("%s:%u", self->server_host, self->port);
  return self->server;
}

static void
save_results (PupitreConsoleHost *self,
              const char         *prefix)
{
  g_autoptr(GError) error = NULL;
  /* "results.csv" names the long table itself, "results" its prefix. */
  g_autofree char *long_path = g_str_has_suffix (prefix, ".csv")
                               ? g_strdup (prefix) : g_strconcat (prefix, ".csv", NULL);
  g_autoptr(GFile) long_file = g_file_new_for_commandline_arg (long_path);
  g_autoptr(GFile) wide_file = pupitre_results_export_wide_file (long_file);
  g_autofree char *wide_path = g_file_get_parse_name (wide_file);
  const PupitreResultRow *rows;
  guint n_rows;

  rows = pupitre_host_get_results (self->host, &n_rows, NULL);
  if (!pupitre_results_export_save_tables (rows, n_rows, self->quiz, long_file, &error))
    {
      g_print (_("Cannot save the results: %s\n"), error->message);
      return;
    }
  g_print (ngettext ("Results saved to %s and %s (%u row).\n",
                     "Results saved to %s and %s (%u rows).\n", n_rows),
           long_path, wide_path, n_rows);
}

static void
print_help (void)
{
  g_print ("%s\n", _("Commands (Enter alone moves on, as “next”):\n"
                     "  start         start the game\n"
                     "  next, n       one step: question, close it, results, next question\n"
                     "  close         close the question now\n"
                     "  pause, resume freeze or restart every player’s clock\n"
                     "  +, +SECONDS   more time for the open question (15 s by default)\n"
                     "  kick NAME     remove a player from the game\n"
                     "  lock, unlock  let nobody new in, or let them in again\n"
                     "  end           end the game now\n"
                     "  again         play again with the same players\n"
                     "  results       ask for the results again\n"
                     "  save PREFIX   save the results as PREFIX.csv and PREFIX-wide.csv\n"
                     "                (every command may start with “/”, as in “/start”)\n"
                     "  say TEXT      write to the players’ chat\n"
                     "  quit          leave; the game waits for you to come back\n"
                     "  stop          close the game for everyone"));
}

static void
run_command (PupitreConsoleHost *self,
             const char         *line)
{
  g_autofree char *stripped = g_strstrip (g_strdup (line));
  /* "/start" as well as "start": the player's console has "/quit". */
  char *copy = stripped + (stripped[0] == '/');
  const char *arg = strchr (copy, ' ');
  g_autofree char *word = arg != NULL ? g_strndup (copy, arg - copy) : g_strdup (copy);

  if (arg != NULL)
    arg = g_strstrip ((char *) arg + 1);

  if (*word == '\0' || g_str_equal (word, "next") || g_str_equal (word, "n"))
    pupitre_host_command (self->host, "next");
  else if (g_str_equal (word, "start"))
    pupitre_host_command (self->host, "start");
  else if (g_str_equal (word, "close"))
    pupitre_host_command (self->host, "close");
  else if (g_str_equal (word, "pause") || g_str_equal (word, "p"))
    pupitre_host_command (self->host, "pause");
  else if (g_str_equal (word, "resume") || g_str_equal (word, "r"))
    pupitre_host_command (self->host, "resume");
  else if (word[0] == '+')
    {
      guint64 seconds = ADD_TIME_MS / 1000;

      if (word[1] != '\0' && !g_ascii_string_to_unsigned (word + 1, 10, 1, 600, &seconds, NULL))
        g_print ("%s\n", _("Add 1 to 600 seconds, as in “+30”."));
      else
        pupitre_host_add_time (self->host, (gint64) seconds * 1000);
    }
  else if (g_str_equal (word, "kick") && arg != NULL && *arg != '\0')
    pupitre_host_kick (self->host, arg);
  else if (g_str_equal (word, "lock") || g_str_equal (word, "unlock") ||
           g_str_equal (word, "end"))
    pupitre_host_command (self->host, word);
  else if (g_str_equal (word, "again"))
    pupitre_host_command (self->host, "play_again");
  else if (g_str_equal (word, "results"))
    pupitre_host_command (self->host, "get_results");
  else if (g_str_equal (word, "save") && arg != NULL && *arg != '\0')
    save_results (self, arg);
  else if (g_str_equal (word, "say") && arg != NULL && *arg != '\0')
    pupitre_host_chat (self->host, arg);
  else if (g_str_equal (word, "stop"))
    pupitre_host_command (self->host, "close_game");
  else if (g_str_equal (word, "quit"))
    pupitre_console_host_quit (self);
  else if (g_str_equal (word, "help"))
    print_help ();
  else
    g_print (_("Unknown command “%s”: type “help” for the list.\n"), word);
}

static void
command_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PupitreConsoleHost) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize len;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    &len, &error);
  if (self->done || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_print ("%s\n", _("That line is not valid text."));
      read_command (self);
      return;
    }
  /* End of input: the game goes on until it is closed or the program
   * stops; there is just nothing more to read. */
  if (line == NULL)
    return;

  if (len > MAX_COMMAND_BYTES)
    g_print ("%s\n", _("That line is too long."));
  else if (pupitre_host_is_connected (self->host))
    run_command (self, line);
  else
    g_print ("%s\n", _("Not connected to the game yet: try again in a moment."));

  if (!self->done)
    read_command (self);
}

/* The teacher's own terminal, not the network: a line read whole is fine. */
static void
read_command (PupitreConsoleHost *self)
{
  g_data_input_stream_read_line_async (self->input, G_PRIORITY_DEFAULT, self->cancellable,
                                       command_read_cb, g_object_ref (self));
}

/* What the server says */

static void
show_created (PupitreConsoleHost             *self,
              const PupitreServerGameCreated *created)
{
  g_autoptr(GError) error = NULL;

  if (created->resumed)
    g_print (_("Back as the host of game %s. The game waits: type “resume” to go on.\n"),
             created->game);
  else
    {
      g_autofree char *title = clean (created->title != NULL ? created->title : "");

      g_print (ngettext ("Game “%s” created: %u question.\n",
                         "Game “%s” created: %u questions.\n", created->rounds),
               title, created->rounds);
      /* A line of its own, for scripts: "Game code: K7RT4Q". */
      g_print (_("Game code: %s\n"), created->game);
      g_print (_("Players join with the code %s on %s (pupitre --host %s --port %u --game %s).\n"),
               created->game, server_key (self), self->server_host, self->port, created->game);
      g_print ("%s\n", _("Type “help” for the commands; Enter starts the game and moves on."));
    }
  for (guint i = 0; created->warnings[i] != NULL; i++)
    g_print (_("Warning: %s\n"), created->warnings[i]);

  self->leaderboard = created->options.leaderboard;
  if (!pupitre_token_store_save (self->tokens, PUPITRE_TOKEN_HOST, server_key (self),
                                 created->game, self->name, created->host_token, &error))
    g_print (_("The host token could not be kept: %s\n"), error->message);
}

static void
show_players (const PupitreServerPlayers *players)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < players->n_players; i++)
    {
      g_autofree char *name = clean (players->players[i].name);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, name);
      if (!players->players[i].connected)
        g_string_append (names, _(" (away)"));
    }
  if (players->count > players->n_players)
    g_string_append (names, "…");
  g_print (ngettext ("Player (%u): %s\n", "Players (%u): %s\n", players->count),
           players->count, players->count > 0 ? names->str : _("none yet"));
}

static void
show_question (PupitreConsoleHost          *self,
               const PupitreServerQuestion *question)
{
  g_autofree char *text = clean (question->text);

  g_strfreev (self->choices);
  self->choices = g_strdupv (question->choices);
  g_print (_("Question %u/%u: %s\n"), question->round, question->rounds, text);
  for (guint i = 0; question->choices[i] != NULL; i++)
    {
      g_autofree char *choice = clean (question->choices[i]);

      g_print ("  %u) %s\n", i + 1, choice);
    }
  if (question->time_limit_ms > 0)
    g_print (_("%u seconds to answer.\n"), (guint) (question->time_limit_ms / 1000));
  else
    g_print ("%s\n", _("No time limit: type “close” or Enter to end the question."));
}

static void
show_progress (const PupitreServerHostProgress *progress)
{
  g_autofree char *waiting = g_strjoinv (", ", progress->waiting);
  g_autofree char *shown = clean (waiting);

  g_print (ngettext ("%u of %u player answered", "%u of %u players answered", progress->players),
           progress->answered, progress->players);
  if (progress->waiting[0] != NULL)
    g_print (_("; still thinking: %s"), shown);
  g_print ("\n");
}

static void
show_round_result (PupitreConsoleHost             *self,
                   const PupitreServerRoundResult *result)
{
  g_autoptr(PupitreTextTable) table = pupitre_text_table_new (3);
  g_autofree char *formatted = NULL;
  guint n = MIN (result->n_totals, MAX (self->leaderboard, 1));

  if (self->choices != NULL && result->correct >= 1 &&
      result->correct <= g_strv_length (self->choices))
    {
      g_autofree char *choice = clean (self->choices[result->correct - 1]);

      g_print (_("Right answer: %u) %s\n"), result->correct, choice);
    }
  if (result->explanation != NULL)
    {
      g_autofree char *explanation = clean (result->explanation);

      g_print ("%s\n", explanation);
    }

  g_ptr_array_set_size (self->totals, 0);
  pupitre_text_table_set_align (table, 0, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_set_align (table, 2, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_add_row (table, (const char *[]) { _("Rank"), _("Name"), _("Score") });
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *rank = g_strdup_printf ("%u", result->totals[i].rank);
      g_autofree char *name = clean (result->totals[i].name);
      g_autofree char *score = g_strdup_printf ("%" G_GINT64_FORMAT, result->totals[i].score);

      pupitre_text_table_add_row (table, (const char *[]) { rank, name, score });
    }
  formatted = pupitre_text_table_format (table, NULL, NULL);
  g_ptr_array_add (self->totals, g_steal_pointer (&formatted));
}

static void
show_round_report (PupitreConsoleHost             *self,
                   const PupitreServerRoundReport *report)
{
  guint most = MAX (report->dont_know, 1);
  char average[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < report->n_counts; i++)
    most = MAX (most, report->counts[i]);

  g_print ("%s\n", _("Answers:"));
  for (guint i = 0; i < report->n_counts; i++)
    {
      g_autofree char *choice = self->choices != NULL && i < g_strv_length (self->choices)
                                ? clean (self->choices[i]) : g_strdup ("");
      g_autofree char *bar = g_strnfill (report->counts[i] * BAR_WIDTH / most, '#');

      g_print ("  %s %u) %-24s %-*s %u\n", i + 1 == report->correct ? "✔" : " ", i + 1,
               choice, BAR_WIDTH, bar, report->counts[i]);
    }
  g_print (_("  I don't know: %u; no answer: %u\n"), report->dont_know, report->no_answer);
  if (report->average_ms >= 0)
    {
      g_snprintf (average, sizeof average, "%.2f", report->average_ms / 1000.0);
      g_print (_("Average time: %s s\n"), average);
    }
  if (self->totals->len > 0)
    g_print ("%s\n%s", _("Leaderboard:"), (const char *) g_ptr_array_index (self->totals, 0));
  g_print ("%s\n", _("Enter: next question."));
}

static void
show_game_over (const PupitreServerGameOver *over)
{
  g_autoptr(PupitreTextTable) table = pupitre_text_table_new (3);
  g_autofree char *formatted = NULL;

  pupitre_text_table_set_align (table, 0, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_set_align (table, 2, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_add_row (table, (const char *[]) { _("Rank"), _("Name"), _("Score") });
  for (guint i = 0; i < over->n_totals; i++)
    {
      g_autofree char *rank = g_strdup_printf ("%u", over->totals[i].rank);
      g_autofree char *name = clean (over->totals[i].name);
      g_autofree char *score = g_strdup_printf ("%" G_GINT64_FORMAT, over->totals[i].score);

      pupitre_text_table_add_row (table, (const char *[]) { rank, name, score });
    }
  formatted = pupitre_text_table_format (table, NULL, NULL);
  g_print ("%s\n%s", _("Game over. Final ranking:"), formatted);
  g_print ("%s\n", _("Type “again” to play again, “save PREFIX” to save the results, “stop” to close the game."));
}

static void
show_timer (const PupitreServerTimer *timer)
{
  g_autofree char *left = timer->remaining_ms >= 0
                          ? g_strdup_printf (_("%u s left"), (guint) ((timer->remaining_ms + 999) / 1000))
                          : g_strdup (_("no time limit"));

  if (timer->paused && g_strcmp0 (timer->reason, "host-away") == 0)
    g_print (_("The game is paused while you are away (%s).\n"), left);
  else if (timer->paused)
    g_print (_("Paused (%s): type “resume” to go on.\n"), left);
  else
    g_print (_("The clock runs: %s.\n"), left);
}

static void
message_cb (PupitreHost                *host,
            const PupitreServerMessage *message,
            PupitreConsoleHost         *self)
{
  switch (message->type)
    {
    case PUPITRE_SERVER_GAME_CREATED:
      show_created (self, &message->game_created);
      break;
    case PUPITRE_SERVER_GAME_STATE:
      break;
    case PUPITRE_SERVER_PLAYERS:
      show_players (&message->players);
      break;
    case PUPITRE_SERVER_COUNTDOWN:
      g_print (ngettext ("Question %u/%u in %u second.\n", "Question %u/%u in %u seconds.\n",
                         message->countdown.seconds),
               message->countdown.round, message->countdown.rounds, message->countdown.seconds);
      break;
    case PUPITRE_SERVER_QUESTION:
      show_question (self, &message->question);
      break;
    case PUPITRE_SERVER_HOST_PROGRESS:
      show_progress (&message->host_progress);
      break;
    case PUPITRE_SERVER_ROUND_RESULT:
      show_round_result (self, &message->round_result);
      break;
    case PUPITRE_SERVER_ROUND_REPORT:
      show_round_report (self, &message->round_report);
      break;
    case PUPITRE_SERVER_GAME_OVER:
      show_game_over (&message->game_over);
      break;
    case PUPITRE_SERVER_RESULTS:
      if (message->results.done && self->save_prefix != NULL)
        save_results (self, self->save_prefix);
      break;
    case PUPITRE_SERVER_TIMER:
      show_timer (&message->timer);
      break;
    case PUPITRE_SERVER_CHAT:
      {
        g_autofree char *from = clean (message->chat.from);
        g_autofree char *text = clean (message->chat.text);

        g_print ("<%s> %s\n", from, text);
        break;
      }
    case PUPITRE_SERVER_ERROR:
      if (pupitre_host_is_connected (host))
        g_print ("%s\n", message->error.message != NULL
                         ? message->error.message
                         : pupitre_error_code_describe (message->error.code));
      break;
    default:
      break;
    }
}

static void
failed_cb (PupitreHost        *host,
           const GError       *error,
           PupitreConsoleHost *self)
{
  g_print (_("The game could not go on: %s\n"), error->message);
  finish (self, 1);
}

static void
closed_cb (PupitreHost        *host,
           const char         *reason,
           PupitreConsoleHost *self)
{
  const char *code = pupitre_host_get_code (host);

  if (g_str_equal (reason, "shutdown"))
    g_print ("%s\n", _("The server was stopped."));
  else
    g_print (_("Game %s is closed.\n"), code);
  pupitre_token_store_forget (self->tokens, PUPITRE_TOKEN_HOST, server_key (self), code, NULL);
  finish (self, 0);
}

static gboolean
load_quiz (PupitreConsoleHost  *self,
           char               **contents,
           GError             **error)
{
  g_autofree char *basename = g_path_get_basename (self->quiz_path);
  PupitreQuizFormat format = PUPITRE_QUIZ_FORMAT_AUTO;
  gsize len;

  if (!g_file_get_contents (self->quiz_path, contents, &len, error))
    return FALSE;
  if (self->format != NULL && !pupitre_quiz_format_from_string (self->format, &format))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a quiz format: json, gift, aiken, moodle or csv"), self->format);
      return FALSE;
    }
  /* Checked here first, with the server's own rules and wording. */
  self->quiz = pupitre_quiz_import (*contents, len, basename, format, error);
  return self->quiz != NULL;
}

void
pupitre_console_host_start (PupitreConsoleHost *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_return_if_fail (PUPITRE_IS_CONSOLE_HOST (self));

  self->host = pupitre_host_new (self->server_host, self->port, self->secure, NULL);
  g_signal_connect (self->host, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (self->host, "failed", G_CALLBACK (failed_cb), self);
  g_signal_connect (self->host, "closed", G_CALLBACK (closed_cb), self);

  if (self->resume_code != NULL)
    {
      const char *server = server_key (self);
      g_autofree char *token = pupitre_token_store_lookup (self->tokens, PUPITRE_TOKEN_HOST,
                                                           server, self->resume_code, NULL);

      if (token == NULL)
        {
          g_print (_("No host token is kept for game %s on %s.\n"), self->resume_code, server);
          finish (self, 1);
          return;
        }
      pupitre_host_resume (self->host, self->resume_code, token);
    }
  else if (!load_quiz (self, &contents, &error))
    {
      g_print ("%s\n", error->message);
      finish (self, 1);
      return;
    }
  else
    {
      g_autofree char *basename = g_path_get_basename (self->quiz_path);

      pupitre_host_create (self->host, contents, self->format, basename, self->name,
                           self->host_key, self->options);
    }

  read_command (self);
}

void
pupitre_console_host_quit (PupitreConsoleHost *self)
{
  g_return_if_fail (PUPITRE_IS_CONSOLE_HOST (self));

  if (self->done)
    return;
  if (self->host != NULL && pupitre_host_get_code (self->host) != NULL)
    g_print (_("You left game %s; it waits for you: pupitre-console --resume %s\n"),
             pupitre_host_get_code (self->host), pupitre_host_get_code (self->host));
  if (self->host != NULL)
    pupitre_host_disconnect (self->host);
  finish (self, 0);
}

int
pupitre_console_host_get_exit_status (PupitreConsoleHost *self)
{
  g_return_val_if_fail (PUPITRE_IS_CONSOLE_HOST (self), 1);
  return self->exit_status;
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

void
pupitre_console_host_set_quiz (PupitreConsoleHost *self,
                               const char         *path,
                               const char         *format)
{
  set_string (&self->quiz_path, path);
  set_string (&self->format, format);
}

void
pupitre_console_host_set_options (PupitreConsoleHost *self,
                                  JsonNode           *options)
{
  g_clear_pointer (&self->options, json_node_unref);
  self->options = options != NULL ? json_node_ref (options) : NULL;
}

void
pupitre_console_host_set_name (PupitreConsoleHost *self,
                               const char         *name)
{
  set_string (&self->name, name);
}

void
pupitre_console_host_set_host_key (PupitreConsoleHost *self,
                                   const char         *host_key)
{
  set_string (&self->host_key, host_key);
}

void
pupitre_console_host_set_save_prefix (PupitreConsoleHost *self,
                                      const char         *prefix)
{
  set_string (&self->save_prefix, prefix);
}

void
pupitre_console_host_set_resume (PupitreConsoleHost *self,
                                 const char         *code)
{
  set_string (&self->resume_code, code);
}

static void
pupitre_console_host_dispose (GObject *object)
{
  PupitreConsoleHost *self = PUPITRE_CONSOLE_HOST (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  g_clear_object (&self->input);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tokens);
  g_clear_pointer (&self->quiz, pupitre_quiz_unref);
  g_clear_pointer (&self->options, json_node_unref);

  G_OBJECT_CLASS (pupitre_console_host_parent_class)->dispose (object);
}

static void
pupitre_console_host_finalize (GObject *object)
{
  PupitreConsoleHost *self = PUPITRE_CONSOLE_HOST (object);

  g_free (self->server_host);
  g_free (self->quiz_path);
  g_free (self->format);
  g_free (self->name);
  g_free (self->host_key);
  g_free (self->save_prefix);
  g_free (self->resume_code);
  g_free (self->server);
  g_strfreev (self->choices);
  g_ptr_array_unref (self->totals);

  G_OBJECT_CLASS (pupitre_console_host_parent_class)->finalize (object);
}

static void
pupitre_console_host_class_init (PupitreConsoleHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pupitre_console_host_dispose;
  object_class->finalize = pupitre_console_host_finalize;

  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pupitre_console_host_init (PupitreConsoleHost *self)
{
  self->cancellable = g_cancellable_new ();
  self->totals = g_ptr_array_new_with_free_func (g_free);
  self->leaderboard = 5;
}

PupitreConsoleHost *
pupitre_console_host_new (GInputStream *input,
                          const char   *host,
                          guint         port,
                          gboolean      secure)
{
  PupitreConsoleHost *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (PUPITRE_TYPE_CONSOLE_HOST, NULL);
  self->input = g_data_input_stream_new (input);
  self->server_host = g_strdup (host);
  self->port = port;
  self->secure = secure;
  self->tokens = pupitre_token_store_new (NULL);
  return self;
}
