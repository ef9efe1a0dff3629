/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pupitre application: command-line options, app actions and windows. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-application.h"
#include "pupitre-editor-window.h"
#include "pupitre-game-uri.h"
#include "pupitre-host-window.h"
#include "pupitre-protocol.h"
#include "pupitre-window.h"

struct _PupitreApplication
{
  GtkApplication  parent_instance;

  /* What the command line asked for, used by the first activation; any
   * member may be unset. */
  PupitreTarget  *requested;
  /* --secure (1) or --no-secure (0) win over the remembered setting in
   * every window; -1 when neither was given. */
  int             secure_option;
};

G_DEFINE_FINAL_TYPE (PupitreApplication, pupitre_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "host", 'H', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Address of the server"), N_("HOST") },
  { "port", 'p', G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, NULL,
    N_("Port of the server (50026 by default)"), N_("PORT") },
  { "name", 'n', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Pseudonym to play under; with it, connect at once"), N_("NAME") },
  { "game", 'g', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Code of the game to join, when the server hosts several"), N_("CODE") },
  { "secure", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Connect with TLS (the server must offer it)"), NULL },
  { "no-secure", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Connect without TLS, whatever was used last time"), NULL },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

PupitreApplication *
pupitre_application_new (void)
{
  /* NON_UNIQUE: every launch is one more player, which is what a teacher
   * trying a game alone on one computer wants, and it needs no D-Bus.
   * HANDLES_OPEN: pupitre://host[:port]/CODE links. */
  return g_object_new (PUPITRE_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/pupitre/Pupitre",
                       NULL);
}

PupitreWindow *
pupitre_application_open_window (PupitreApplication *self,
                                 const char         *host,
                                 guint               port,
                                 const char         *name,
                                 const char         *game)
{
  PupitreWindow *window;

  g_return_val_if_fail (PUPITRE_IS_APPLICATION (self), NULL);

  window = pupitre_window_new (GTK_APPLICATION (self));
  pupitre_window_fill (window, host, port, name, game);
  if (self->secure_option != -1)
    pupitre_window_set_secure (window, self->secure_option == 1);
  gtk_window_present (GTK_WINDOW (window));

  if (name != NULL && *name != '\0')
    pupitre_window_submit (window);

  return window;
}

static int
pupitre_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  PupitreApplication *self = PUPITRE_APPLICATION (app);
  gint32 port = 0;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("pupitre %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "port", "i", &port) &&
      (port < 1 || port > G_MAXUINT16))
    {
      g_printerr (_("The port must be a number from 1 to 65535.\n"));
      return EXIT_FAILURE;
    }

  if (g_variant_dict_contains (options, "secure") &&
      g_variant_dict_contains (options, "no-secure"))
    {
      g_printerr (_("--secure and --no-secure cannot be used together.\n"));
      return EXIT_FAILURE;
    }

  if (g_variant_dict_contains (options, "secure"))
    self->secure_option = 1;
  else if (g_variant_dict_contains (options, "no-secure"))
    self->secure_option = 0;

  g_clear_pointer (&self->requested, pupitre_target_free);
  self->requested = pupitre_target_new (NULL, (guint) port, NULL, NULL,
                                        self->secure_option == 1);
  g_variant_dict_lookup (options, "host", "s", &self->requested->host);
  g_variant_dict_lookup (options, "name", "s", &self->requested->name);
  g_variant_dict_lookup (options, "game", "s", &self->requested->game);

  /* Carry on with the default handling: register, then activate. */
  return -1;
}

static void
pupitre_application_activate (GApplication *app)
{
  PupitreApplication *self = PUPITRE_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(PupitreTarget) requested = g_steal_pointer (&self->requested);

  /* Where to go serves the first activation only; --secure stays for the
   * windows opened later. */
  if (requested == NULL)
    requested = pupitre_target_new (NULL, 0, NULL, NULL, FALSE);
  self->requested = pupitre_target_new (NULL, 0, NULL, NULL, requested->secure);

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  pupitre_application_open_window (self, requested->host, requested->port,
                                   requested->name, requested->game);
}

/* A pupitre:// link: a window on that server and game, the name still to
 * type (or the remembered one), so that the student checks before joining.
 * Options given with the link (--name, --port) win over it. */
static void
pupitre_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  PupitreApplication *self = PUPITRE_APPLICATION (app);
  g_autoptr(PupitreTarget) requested = g_steal_pointer (&self->requested);
  gboolean opened = FALSE;

  self->requested = pupitre_target_new (NULL, 0, NULL, NULL, self->secure_option == 1);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(PupitreTarget) target = pupitre_game_uri_parse (uri, &error);

      if (target == NULL)
        {
          g_printerr ("%s\n", error->message);
          continue;
        }

      pupitre_application_open_window (self, target->host,
                                       requested != NULL && requested->port != 0 ? requested->port : target->port,
                                       requested != NULL ? requested->name : NULL,
                                       target->game);
      opened = TRUE;
    }

  if (!opened)
    {
      self->requested = g_steal_pointer (&requested);
      g_application_activate (app);
    }
}

static void
pupitre_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  G_APPLICATION_CLASS (pupitre_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);

  /* GtkApplication loads help-overlay.ui from the resource base path, but
   * not the style sheet. */
  gtk_css_provider_load_from_resource (provider, "/org/pupitre/Pupitre/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  gtk_window_set_default_icon_name (APPLICATION_ID);
}

static void
pupitre_application_finalize (GObject *object)
{
  PupitreApplication *self = PUPITRE_APPLICATION (object);

  g_clear_pointer (&self->requested, pupitre_target_free);

  G_OBJECT_CLASS (pupitre_application_parent_class)->finalize (object);
}

static void
pupitre_application_class_init (PupitreApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pupitre_application_finalize;

  app_class->handle_local_options = pupitre_application_handle_local_options;
  app_class->startup = pupitre_application_startup;
  app_class->activate = pupitre_application_activate;
  app_class->open = pupitre_application_open;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing the windows lets each one leave its game politely. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Pupitre authors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("Pupitre"),
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("A multiple-choice quiz for the whole classroom"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* One editor at a time: it keeps one draft between crashes. */
static void
edit_quiz_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  PupitreEditorWindow *editor;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (PUPITRE_IS_EDITOR_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }

  editor = pupitre_editor_window_new (app);
  gtk_window_present (GTK_WINDOW (editor));
  pupitre_editor_window_offer_restore (editor);
}

/* The host window starts on the server the student's window would use:
 * the school's default, or the last one. */
static PupitreHostWindow *
open_host_window (PupitreApplication *self)
{
  PupitreHostWindow *window = pupitre_host_window_new (GTK_APPLICATION (self));
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);
      g_autofree char *host = g_settings_get_string (settings, "host");
      gboolean secure = self->secure_option != -1 ? self->secure_option == 1
                                                  : g_settings_get_boolean (settings, "secure");

      pupitre_host_window_set_server (window, host, g_settings_get_uint (settings, "port"), secure);
    }
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
host_game_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  open_host_window (PUPITRE_APPLICATION (user_data));
}

/* A quiz to host, from the editor: a path. */
static void
host_quiz_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PupitreHostWindow *window = open_host_window (PUPITRE_APPLICATION (user_data));
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  /* A wrong file shows its problem on the form. */
  pupitre_host_window_set_quiz (window, file, NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "edit-quiz", edit_quiz_activated },
  { "host-game", host_game_activated },
  { "host-quiz", host_quiz_activated, "s" },
};

static void
pupitre_application_init (PupitreApplication *self)
{
  self->secure_option = -1;

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Play a Pupitre quiz with your class."));
}
