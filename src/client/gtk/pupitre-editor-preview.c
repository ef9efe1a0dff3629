/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The editor's preview: a question laid out as the student's question page
 * shows it, with the page's labels, classes and wording. The page itself
 * renders a live session's round, which a quiz being written does not
 * have. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-editor-preview.h"

struct _PupitreEditorPreview
{
  GtkWindow       parent_instance;

  GtkLabel       *round_label;
  GtkLabel       *time_label;
  GtkProgressBar *time_bar;
  GtkLabel       *question_label;
  GtkBox         *choices_box;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (PupitreEditorPreview, pupitre_editor_preview, GTK_TYPE_WINDOW)

/* As the question page builds its choices. */
static GtkWidget *
add_choice (PupitreEditorPreview *self,
            GtkCheckButton       *group,
            guint                 number,
            const char           *text)
{
  g_autofree char *label = g_strdup_printf (C_("choice", "%u) %s"), number, text);
  GtkWidget *button;

  button = g_object_new (GTK_TYPE_CHECK_BUTTON,
                         "label", label,
                         "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                         NULL);
  gtk_widget_add_css_class (button, "choice");
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
  for (GtkWidget *child = gtk_widget_get_first_child (button);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      {
        gtk_label_set_wrap (GTK_LABEL (child), TRUE);
        gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
      }
  gtk_box_append (self->choices_box, button);
  return button;
}

PupitreEditorPreview *
pupitre_editor_preview_new (GtkWindow             *parent,
                            guint                  number,
                            guint                  rounds,
                            const PupitreQuestion *question,
                            gint64                 time_limit_ms)
{
  PupitreEditorPreview *self;
  g_autofree char *round = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *hint = NULL;
  GtkWidget *first = NULL;

  g_return_val_if_fail (question != NULL, NULL);

  self = g_object_new (PUPITRE_TYPE_EDITOR_PREVIEW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);

  round = g_strdup_printf (_("Question %u / %u"), number, rounds);
  gtk_label_set_text (self->round_label, round);
  seconds = g_strdup_printf (_("%u s"), (guint) ((time_limit_ms + 999) / 1000));
  gtk_label_set_text (self->time_label, seconds);
  gtk_progress_bar_set_fraction (self->time_bar, 1.0);
  gtk_label_set_text (self->question_label, question->text);

  for (guint i = 0; i < question->n_choices; i++)
    {
      GtkWidget *button = add_choice (self, GTK_CHECK_BUTTON (first), i + 1, question->choices[i]);

      if (first == NULL)
        first = button;
    }
  add_choice (self, GTK_CHECK_BUTTON (first), 0, _("I don’t know"));

  hint = g_strdup_printf (_("Pick an answer with the keys 1 to %u, or 0 if you don’t know, "
                            "then press Enter."), MAX (question->n_choices, 1));
  gtk_label_set_text (self->status_label, hint);
  return self;
}

static void
pupitre_editor_preview_class_init (PupitreEditorPreviewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-editor-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorPreview, round_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorPreview, time_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorPreview, time_bar);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorPreview, question_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorPreview, choices_box);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorPreview, status_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pupitre_editor_preview_init (PupitreEditorPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
