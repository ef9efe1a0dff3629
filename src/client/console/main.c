/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-console: play a Pupitre quiz from a terminal. */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>

#include "pupitre-console.h"
#include "pupitre-console-host.h"
#include "pupitre-game-options.h"
#include "pupitre-protocol.h"

static gboolean
interrupt_cb (gpointer user_data)
{
  PupitreConsole *console = user_data;

  /* Ctrl+C leaves the game as /quit does: the seat is given back. */
  pupitre_console_quit (console);

  return G_SOURCE_CONTINUE;
}

static void
done_cb (GObject   *console,
         GMainLoop *loop)
{
  g_main_loop_quit (loop);
}

static gboolean
host_interrupt_cb (gpointer user_data)
{
  /* The game waits for its host: Ctrl+C only leaves it. */
  pupitre_console_host_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* What the command line says of a hosted game, as create_game's options:
 * only what was given, the server's defaults for the rest. */
typedef struct
{
  char     *scoring;
  int       time_limit;     /* seconds; -1: the quiz's */
  int       countdown;      /* seconds; -1: the server's */
  int       leaderboard;    /* 0: the server's */
  gboolean  no_late_join;
  gboolean  no_chat;
  gboolean  auto_advance;
  gboolean  shuffle;
} HostOptions;

static JsonNode *
host_options_to_json (const HostOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (options->scoring != NULL)
    {
      json_builder_set_member_name (builder, "scoring");
      json_builder_add_string_value (builder, options->scoring);
    }
  if (options->time_limit >= 0)
    {
      json_builder_set_member_name (builder, "time_limit_ms");
      json_builder_add_int_value (builder, (gint64) options->time_limit * 1000);
    }
  if (options->countdown >= 0)
    {
      json_builder_set_member_name (builder, "countdown_ms");
      json_builder_add_int_value (builder, (gint64) options->countdown * 1000);
    }
  if (options->leaderboard > 0)
    {
      json_builder_set_member_name (builder, "leaderboard");
      json_builder_add_int_value (builder, options->leaderboard);
    }
  if (options->no_late_join)
    {
      json_builder_set_member_name (builder, "late_join");
      json_builder_add_boolean_value (builder, FALSE);
    }
  if (options->no_chat)
    {
      json_builder_set_member_name (builder, "chat");
      json_builder_add_boolean_value (builder, FALSE);
    }
  if (options->shuffle)
    {
      json_builder_set_member_name (builder, "shuffle");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (options->auto_advance)
    {
      json_builder_set_member_name (builder, "auto_advance");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The key is read from a file or the environment, never the command
 * line, where every user of the machine can read it. */
static char *
read_host_key (const char  *path,
               GError     **error)
{
  g_autofree char *contents = NULL;

  if (path == NULL)
    return g_strdup (g_getenv ("PUPITRE_HOST_KEY"));
  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  return g_strdup (g_strstrip (contents));
}

static int
run_host (const char        *quiz,
          const char        *resume,
          const char        *format,
          const char        *host,
          guint              port,
          gboolean           secure,
          const char        *name,
          const char        *key_file,
          const char        *save,
          const HostOptions *options)
{
  g_autoptr(GInputStream) input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(PupitreConsoleHost) console = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (options->scoring != NULL)
    {
      PupitreScoring scoring;

      if (!pupitre_scoring_from_string (options->scoring, &scoring))
        {
          g_printerr (_("“%s” is not a scoring rule: classic, speed or right."), options->scoring);
          g_printerr ("\n");
          return 2;
        }
    }
  key = read_host_key (key_file, &error);
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  console = pupitre_console_host_new (input, host != NULL ? host : "localhost",
                                      port > 0 ? port : PUPITRE_DEFAULT_PORT, secure);
  json = host_options_to_json (options);
  pupitre_console_host_set_quiz (console, quiz, format);
  pupitre_console_host_set_options (console, json);
  pupitre_console_host_set_name (console, name);
  pupitre_console_host_set_host_key (console, key);
  pupitre_console_host_set_save_prefix (console, save);
  pupitre_console_host_set_resume (console, resume);

  g_signal_connect (console, "done", G_CALLBACK (done_cb), loop);
  g_unix_signal_add (SIGINT, host_interrupt_cb, console);
  g_unix_signal_add (SIGTERM, host_interrupt_cb, console);
  pupitre_console_host_start (console);
  g_main_loop_run (loop);

  return pupitre_console_host_get_exit_status (console);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(PupitreConsole) console = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *host = NULL;
  g_autofree char *name = NULL;
  g_autofree char *game = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *host_game = NULL;
  g_autofree char *resume = NULL;
  g_autofree char *format = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *save = NULL;
  g_autofree char *scoring = NULL;
  HostOptions host_options = { .time_limit = -1, .countdown = -1 };
  int port = 0;
  gboolean secure = FALSE;
  int timeout = 0;
  GOptionEntry entries[] = {
    { "host", 'H', 0, G_OPTION_ARG_STRING, &host,
      N_("The server's name or address"), N_("HOST") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("The server's port (50026 when asked and left empty)"), N_("PORT") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      N_("The pseudonym to play under"), N_("NAME") },
    { "game", 'g', 0, G_OPTION_ARG_STRING, &game,
      N_("The code of the game to join (the server's default game if none)"), N_("CODE") },
    { "secure", 's', 0, G_OPTION_ARG_NONE, &secure,
      N_("Connect with TLS; a server certificate never trusted before is asked about"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds to wait for the server to let you in (10 if not given)"), N_("SECONDS") },
    { NULL }
  };
  GOptionEntry host_entries[] = {
    { "host-game", 0, 0, G_OPTION_ARG_FILENAME, &host_game,
      N_("Host a game of this quiz file instead of playing"), N_("QUIZ") },
    { "create", 0, 0, G_OPTION_ARG_FILENAME, &host_game,
      N_("The same as --host-game"), N_("QUIZ") },
    { "resume", 0, 0, G_OPTION_ARG_STRING, &resume,
      N_("Take back the game with this code, as its host"), N_("CODE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("The quiz file's format: json, gift, aiken, moodle or csv (guessed if not given)"), N_("FORMAT") },
    { "host-key-file", 0, 0, G_OPTION_ARG_FILENAME, &key_file,
      N_("A file holding your host key (else $PUPITRE_HOST_KEY)"), N_("FILE") },
    { "scoring", 0, 0, G_OPTION_ARG_STRING, &scoring,
      N_("classic, speed (the default) or right"), N_("RULE") },
    { "time-limit", 0, 0, G_OPTION_ARG_INT, &host_options.time_limit,
      N_("Seconds for every question; 0: none, you close each one (the quiz's if not given)"), N_("SECONDS") },
    { "countdown", 0, 0, G_OPTION_ARG_INT, &host_options.countdown,
      N_("Seconds before each question (5 if not given)"), N_("SECONDS") },
    { "leaderboard", 0, 0, G_OPTION_ARG_INT, &host_options.leaderboard,
      N_("How many players to show after each question (5 if not given)"), N_("N") },
    { "no-late-join", 0, 0, G_OPTION_ARG_NONE, &host_options.no_late_join,
      N_("Let nobody join once the game has started"), NULL },
    { "no-chat", 0, 0, G_OPTION_ARG_NONE, &host_options.no_chat,
      N_("Turn the players' chat off"), NULL },
    { "shuffle", 0, 0, G_OPTION_ARG_NONE, &host_options.shuffle,
      N_("Show each player the choices in an order of its own"), NULL },
    { "auto-advance", 0, 0, G_OPTION_ARG_NONE, &host_options.auto_advance,
      N_("Go on to the next question by itself, 5 seconds after each round's results"), NULL },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save,
      N_("Save the results when the game is over, as PREFIX.csv and PREFIX-wide.csv"), N_("PREFIX") },
    { "results", 0, 0, G_OPTION_ARG_FILENAME, &save,
      N_("Save the results when the game is over, as FILE.csv and FILE-wide.csv"),
      N_("FILE") },
    { NULL }
  };
  GOptionGroup *host_group;

  setlocale (LC_ALL, "");
  /* PUPITRE_LOCALEDIR lets the build tree's catalogues be used uninstalled. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PUPITRE_LOCALEDIR") != NULL
                                   ? g_getenv ("PUPITRE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Play a Pupitre quiz in a terminal. What the options do "
                                  "not give is asked for."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  host_group = g_option_group_new ("host", _("Hosting a game:"), _("Show the options for hosting a game"),
                                   NULL, NULL);
  g_option_group_add_entries (host_group, host_entries);
  g_option_group_set_translation_domain (host_group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, host_group);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (port < 0 || port > 65535)
    {
      g_printerr (_("“%d” is not a port number (1 to 65535)."), port);
      g_printerr ("\n");
      return 2;
    }

  host_options.scoring = scoring;
  if (host_game != NULL || resume != NULL)
    return run_host (host_game, resume, format, host, port, secure, name, key_file, save,
                     &host_options);

  /* The console is for Unix terminals: GIO has no portable way to read
   * standard input asynchronously (on Windows a console handle cannot be
   * polled), and the GTK client is the one meant for Windows. Reading
   * through GUnixInputStream keeps the main loop free for the network. */
  input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  console = pupitre_console_new (input, isatty (STDIN_FILENO), isatty (STDOUT_FILENO));
  pupitre_console_set_host (console, host);
  pupitre_console_set_port (console, port);
  pupitre_console_set_name (console, name);
  pupitre_console_set_game (console, game);
  pupitre_console_set_secure (console, secure);
  if (timeout > 0)
    pupitre_console_set_join_timeout (console, (guint) MIN (timeout, G_MAXINT / 1000) * 1000);

  loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (console, "done", G_CALLBACK (done_cb), loop);
  g_unix_signal_add (SIGINT, interrupt_cb, console);
  g_unix_signal_add (SIGTERM, interrupt_cb, console);

  pupitre_console_start (console);
  g_main_loop_run (loop);

  return pupitre_console_get_exit_status (console);
}
