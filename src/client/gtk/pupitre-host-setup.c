/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-host-setup.h"

/* The order of the scoring and time drop-downs' items. */
enum { SCORING_SPEED, SCORING_CLASSIC, SCORING_RIGHT };
enum { TIME_FROM_QUIZ, TIME_SAME, TIME_NONE };

struct _PupitreHostSetup
{
  GtkWidget       parent_instance;

  GtkEntry       *server_entry;
  GtkSpinButton  *port_spin;
  GtkCheckButton *secure_check;
  GtkWidget      *key_entry;
  GtkEntry       *name_entry;
  GtkButton      *quiz_button;
  GtkLabel       *quiz_label;
  GtkLabel       *quiz_status;
  GtkDropDown    *scoring_dropdown;
  GtkCheckButton *points_check;
  GtkDropDown    *time_dropdown;
  GtkSpinButton  *time_spin;
  GtkCheckButton *shuffle_check;
  GtkCheckButton *late_check;
  GtkCheckButton *chat_check;
  GtkSpinButton  *leaderboard_spin;
  GtkLabel       *error_label;
  GtkButton      *create_button;
  GtkWidget      *form;
  GtkWidget      *root;
  GtkWidget      *resume_box;
  GtkWidget      *resume_button;
  GtkLabel       *resume_label;
  char           *resume_code;

  GtkFileChooserNative *chooser;
  PupitreQuiz    *quiz;
  char           *quiz_text;
  char           *quiz_name;
  const char     *quiz_format;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (PupitreHostSetup, pupitre_host_setup, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_CREATE,
  SIGNAL_RESUME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_create (PupitreHostSetup *self)
{
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->server_entry));

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            !self->busy && self->quiz != NULL && *host != '\0');
}

static const char *
format_name (PupitreQuizFormat format)
{
  switch (format)
    {
    case PUPITRE_QUIZ_FORMAT_GIFT:
      return "gift";
    case PUPITRE_QUIZ_FORMAT_AIKEN:
      return "aiken";
    case PUPITRE_QUIZ_FORMAT_CSV:
      return "csv";
    case PUPITRE_QUIZ_FORMAT_MOODLE_XML:
      return "moodle";
    case PUPITRE_QUIZ_FORMAT_AUTO:
    case PUPITRE_QUIZ_FORMAT_JSON:
    default:
      return "json";
    }
}

static void
show_quiz_status (PupitreHostSetup *self,
                  const char       *text,
                  gboolean          error)
{
  gtk_label_set_label (self->quiz_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->quiz_status), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->quiz_status), error ? "success" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->quiz_status), error ? "error" : "success");
  /* Read with the button, which keeps the focus. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->quiz_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

gboolean
pupitre_host_setup_set_quiz_file (PupitreHostSetup  *self,
                                  GFile             *file,
                                  GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GString) summary = NULL;
  const char * const *warnings;
  gsize len = 0;

  g_return_val_if_fail (PUPITRE_IS_HOST_SETUP (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  basename = g_file_get_basename (file);
  gtk_label_set_label (self->quiz_label, basename);
  g_clear_pointer (&self->quiz, pupitre_quiz_unref);
  g_clear_pointer (&self->quiz_text, g_free);
  g_clear_pointer (&self->quiz_name, g_free);

  /* A quiz is a small file on the teacher's disk: read at once. */
  if (g_file_load_contents (file, NULL, &contents, &len, NULL, &local_error))
    quiz = pupitre_quiz_import (contents, len, basename, PUPITRE_QUIZ_FORMAT_AUTO, &local_error);

  if (quiz == NULL)
    {
      show_quiz_status (self, local_error->message, TRUE);
      update_create (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  summary = g_string_new (NULL);
  g_string_printf (summary,
                   ngettext ("“%s”: %u question, ready to play.", "“%s”: %u questions, ready to play.",
                             pupitre_quiz_get_n_questions (quiz)),
                   pupitre_quiz_get_title (quiz), pupitre_quiz_get_n_questions (quiz));
  warnings = pupitre_quiz_get_warnings (quiz);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    g_string_append_printf (summary, "\n%s", warnings[i]);
  show_quiz_status (self, summary->str, FALSE);

  self->quiz_format = format_name (pupitre_quiz_format_guess (basename, contents, len));
  self->quiz = g_steal_pointer (&quiz);
  self->quiz_text = g_steal_pointer (&contents);
  self->quiz_name = g_steal_pointer (&basename);
  update_create (self);
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     PupitreHostSetup *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      /* Shown on the form when wrong. */
      pupitre_host_setup_set_quiz_file (self, file, NULL);
    }
  g_clear_object (&self->chooser);
}

static void
quiz_button_clicked_cb (PupitreHostSetup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) quizzes = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (quizzes, _("Quizzes (Pupitre, GIFT, Aiken, Moodle XML, CSV)"));
  for (const char * const *pattern = (const char * const[]) { "*.json", "*.gift", "*.txt", "*.xml", "*.csv", NULL };
       *pattern != NULL; pattern++)
    gtk_file_filter_add_pattern (quizzes, *pattern);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose a Quiz"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), quizzes);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
time_selected_cb (PupitreHostSetup *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->time_spin),
                            gtk_drop_down_get_selected (self->time_dropdown) == TIME_SAME);
}

static void
create_clicked_cb (PupitreHostSetup *self)
{
  if (self->quiz != NULL && !self->busy)
    g_signal_emit (self, signals[SIGNAL_CREATE], 0);
}

static void
resume_clicked_cb (PupitreHostSetup *self)
{
  if (self->resume_code != NULL && !self->busy)
    g_signal_emit (self, signals[SIGNAL_RESUME], 0, self->resume_code);
}

void
pupitre_host_setup_offer_resume (PupitreHostSetup *self,
                                 const char       *code)
{
  g_return_if_fail (PUPITRE_IS_HOST_SETUP (self));

  g_free (self->resume_code);
  self->resume_code = g_strdup (code);
  gtk_widget_set_visible (self->resume_box, code != NULL);
  if (code != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Game %s, which you host from this computer, is still open on this server."),
                                               code);

      gtk_label_set_label (self->resume_label, text);
    }
}

static void
server_changed_cb (PupitreHostSetup *self)
{
  update_create (self);
}

void
pupitre_host_setup_set_server (PupitreHostSetup *self,
                               const char       *host,
                               guint             port,
                               gboolean          secure)
{
  g_return_if_fail (PUPITRE_IS_HOST_SETUP (self));

  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), host != NULL ? host : "");
  if (port != 0)
    gtk_spin_button_set_value (self->port_spin, port);
  gtk_check_button_set_active (self->secure_check, secure);
}

const char *
pupitre_host_setup_get_host (PupitreHostSetup *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_SETUP (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->server_entry));
}

guint
pupitre_host_setup_get_port (PupitreHostSetup *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_SETUP (self), 0);
  return (guint) gtk_spin_button_get_value_as_int (self->port_spin);
}

gboolean
pupitre_host_setup_get_secure (PupitreHostSetup *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_SETUP (self), FALSE);
  return gtk_check_button_get_active (self->secure_check);
}

static const char *
text_or_null (GtkWidget *editable)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (editable));

  return *text != '\0' ? text : NULL;
}

const char *
pupitre_host_setup_get_host_key (PupitreHostSetup *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_SETUP (self), NULL);
  return text_or_null (self->key_entry);
}

const char *
pupitre_host_setup_get_name (PupitreHostSetup *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_SETUP (self), NULL);
  return text_or_null (GTK_WIDGET (self->name_entry));
}

PupitreQuiz *
pupitre_host_setup_get_quiz (PupitreHostSetup *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_SETUP (self), NULL);
  return self->quiz;
}

const char *
pupitre_host_setup_get_quiz_text (PupitreHostSetup *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_SETUP (self), NULL);
  return self->quiz_text;
}

const char *
pupitre_host_setup_get_quiz_name (PupitreHostSetup *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_SETUP (self), NULL);
  return self->quiz_name;
}

const char *
pupitre_host_setup_get_quiz_format (PupitreHostSetup *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_SETUP (self), NULL);
  return self->quiz_format;
}

void
pupitre_host_setup_get_options (PupitreHostSetup   *self,
                                PupitreGameOptions *options)
{
  static const PupitreScoring scorings[] = {
    [SCORING_SPEED] = PUPITRE_SCORING_SPEED,
    [SCORING_CLASSIC] = PUPITRE_SCORING_CLASSIC,
    [SCORING_RIGHT] = PUPITRE_SCORING_RIGHT,
  };
  guint scoring = gtk_drop_down_get_selected (self->scoring_dropdown);

  g_return_if_fail (PUPITRE_IS_HOST_SETUP (self));

  pupitre_game_options_init (options);
  options->scoring = scoring < G_N_ELEMENTS (scorings) ? scorings[scoring] : PUPITRE_SCORING_SPEED;
  options->question_points = gtk_check_button_get_active (self->points_check);
  switch (gtk_drop_down_get_selected (self->time_dropdown))
    {
    case TIME_SAME:
      options->time_limit_ms = (gint64) gtk_spin_button_get_value_as_int (self->time_spin) * 1000;
      break;
    case TIME_NONE:
      options->time_limit_ms = 0;
      break;
    default:
      options->time_limit_ms = -1;
      break;
    }
  options->shuffle = gtk_check_button_get_active (self->shuffle_check);
  options->late_join = gtk_check_button_get_active (self->late_check);
  options->chat = gtk_check_button_get_active (self->chat_check);
  options->leaderboard = (guint) gtk_spin_button_get_value_as_int (self->leaderboard_spin);
}

void
pupitre_host_setup_set_options (PupitreHostSetup         *self,
                                const PupitreGameOptions *options)
{
  g_return_if_fail (PUPITRE_IS_HOST_SETUP (self));

  gtk_drop_down_set_selected (self->scoring_dropdown,
                              options->scoring == PUPITRE_SCORING_CLASSIC ? SCORING_CLASSIC
                              : options->scoring == PUPITRE_SCORING_RIGHT ? SCORING_RIGHT
                              : SCORING_SPEED);
  gtk_check_button_set_active (self->points_check, options->question_points);
  if (options->time_limit_ms > 0)
    {
      gtk_drop_down_set_selected (self->time_dropdown, TIME_SAME);
      gtk_spin_button_set_value (self->time_spin, (double) options->time_limit_ms / 1000);
    }
  else
    gtk_drop_down_set_selected (self->time_dropdown,
                                options->time_limit_ms == 0 ? TIME_NONE : TIME_FROM_QUIZ);
  gtk_check_button_set_active (self->shuffle_check, options->shuffle);
  gtk_check_button_set_active (self->late_check, options->late_join);
  gtk_check_button_set_active (self->chat_check, options->chat);
  gtk_spin_button_set_value (self->leaderboard_spin, options->leaderboard);
}

void
pupitre_host_setup_set_error (PupitreHostSetup *self,
                              const char       *message)
{
  g_return_if_fail (PUPITRE_IS_HOST_SETUP (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
pupitre_host_setup_set_busy (PupitreHostSetup *self,
                             gboolean          busy)
{
  g_return_if_fail (PUPITRE_IS_HOST_SETUP (self));

  self->busy = busy;
  gtk_widget_set_sensitive (self->form, !busy);
  update_create (self);
}

static void
pupitre_host_setup_dispose (GObject *object)
{
  PupitreHostSetup *self = PUPITRE_HOST_SETUP (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_pointer (&self->quiz, pupitre_quiz_unref);
  g_clear_pointer (&self->quiz_text, g_free);
  g_clear_pointer (&self->quiz_name, g_free);
  g_clear_pointer (&self->resume_code, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), PUPITRE_TYPE_HOST_SETUP);

  G_OBJECT_CLASS (pupitre_host_setup_parent_class)->dispose (object);
}

static void
pupitre_host_setup_class_init (PupitreHostSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pupitre_host_setup_dispose;

  signals[SIGNAL_CREATE] = g_signal_new ("create", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_RESUME] = g_signal_new ("resume", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/pupitre/Pupitre/pupitre-host-setup.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, server_entry);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, port_spin);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, secure_check);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, key_entry);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, name_entry);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, quiz_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, quiz_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, quiz_status);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, scoring_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, points_check);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, time_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, time_spin);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, shuffle_check);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, late_check);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, chat_check);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, leaderboard_spin);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, error_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, create_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, form);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, root);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, resume_box);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, resume_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostSetup, resume_label);
  gtk_widget_class_bind_template_callback (widget_class, resume_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, quiz_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
}

static void
pupitre_host_setup_init (PupitreHostSetup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->server_entry, "changed", G_CALLBACK (server_changed_cb), self);
}
