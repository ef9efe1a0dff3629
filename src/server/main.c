/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-server: serves a multiple-choice quiz to a classroom. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "pupitre-host-keys.h"
#include "pupitre-log.h"
#include "pupitre-server.h"

typedef struct
{
  GMainLoop     *loop;
  PupitreServer *server;
} App;

static gboolean
stop_cb (gpointer user_data)
{
  App *app = user_data;

  pupitre_server_shutdown (app->server);
  return G_SOURCE_CONTINUE;
}

static gboolean
drain_cb (gpointer user_data)
{
  App *app = user_data;

  pupitre_server_drain (app->server);
  return G_SOURCE_CONTINUE;
}

static gboolean
reload_cb (gpointer user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  if (!pupitre_server_reload (app->server, &error))
    g_warning (_("Reloading failed, the old settings stay: %s"), error->message);
  return G_SOURCE_CONTINUE;
}

static void
finished_cb (PupitreServer *server,
             App           *app)
{
  g_main_loop_quit (app->loop);
}

/* --new-host-key NAME: the key is printed here and nowhere else, since the
 * file keeps only its hash. */
static int
add_host_key (PupitreConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = pupitre_host_keys_add (config->host_keys, config->new_host_key, &error);

  if (key == NULL)
    {
      g_printerr (_("Cannot add a host key: %s\n"), error->message);
      return 1;
    }
  g_print (_("Host key of %s, added to %s. It is shown only this once: "
             "give it to the teacher now, the file keeps only its hash.\n"),
           config->new_host_key, config->host_keys);
  g_print ("%s\n", key);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PupitreConfig) config = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(PupitreServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  App app;

  setlocale (LC_ALL, "");
  /* PUPITRE_LOCALEDIR lets the build tree's catalogues be used uninstalled. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PUPITRE_LOCALEDIR") != NULL
                                   ? g_getenv ("PUPITRE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A client that vanishes mid-write must not kill the server. */
  signal (SIGPIPE, SIG_IGN);
  pupitre_log_init ();

  if (!(config = pupitre_config_new_from_args (&argc, &argv, &error)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 2;
    }

  if (config->version)
    {
      g_print ("pupitre-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (config->new_host_key != NULL)
    return add_host_key (config);

  /* Only checked here: the server reads the file itself, at start and on
   * SIGHUP, but a file it would refuse must stop it before it listens. */
  if (config->hosting == PUPITRE_HOSTING_KEYS)
    {
      g_autoptr(PupitreHostKeys) keys = pupitre_host_keys_load (config->host_keys, &error);

      if (keys == NULL)
        {
          g_printerr (_("Cannot start: %s\n"), error->message);
          return 1;
        }
    }

  if (!(quiz = pupitre_quiz_load (config->quiz, &error)))
    {
      g_printerr (_("Cannot start: %s\n"), error->message);
      return 1;
    }

  server = pupitre_server_new (config, quiz);
  loop = g_main_loop_new (NULL, FALSE);
  app.loop = loop;
  app.server = server;
  g_signal_connect (server, "finished", G_CALLBACK (finished_cb), &app);

  /* Handlers first: once the server says it is ready, a signal may come. */
  g_unix_signal_add (SIGINT, stop_cb, &app);
  g_unix_signal_add (SIGTERM, stop_cb, &app);
  g_unix_signal_add (SIGHUP, reload_cb, &app);
  g_unix_signal_add (SIGUSR1, drain_cb, &app);

  if (!pupitre_server_start (server, &error))
    {
      g_printerr (_("Cannot start: %s\n"), error->message);
      return 1;
    }

  g_main_loop_run (loop);
  return 0;
}
