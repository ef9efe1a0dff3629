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
done_cb (PupitreConsole *console,
         GMainLoop      *loop)
{
  g_main_loop_quit (loop);
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
