/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A question in the editor's list: its number, its text, and a marker while it cannot be played. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-editor-row.h"

struct _PupitreEditorRow
{
  GtkListBoxRow  parent_instance;

  GtkLabel      *number_label;
  GtkLabel      *text_label;
  GtkImage      *marker;

  char          *problem;
};

G_DEFINE_FINAL_TYPE (PupitreEditorRow, pupitre_editor_row, GTK_TYPE_LIST_BOX_ROW)

GtkWidget *
pupitre_editor_row_new (void)
{
  return g_object_new (PUPITRE_TYPE_EDITOR_ROW, NULL);
}

void
pupitre_editor_row_set_question (PupitreEditorRow *self,
                                 guint             number,
                                 const char       *text,
                                 const char       *problem)
{
  g_autofree char *number_text = g_strdup_printf ("%u", number);
  g_autofree char *label = NULL;
  gboolean empty = text == NULL || text[0] == '\0';

  g_return_if_fail (PUPITRE_IS_EDITOR_ROW (self));

  g_free (self->problem);
  self->problem = g_strdup (problem);

  gtk_label_set_text (self->number_label, number_text);
  gtk_label_set_text (self->text_label, empty ? _("New question") : text);
  gtk_widget_set_visible (GTK_WIDGET (self->marker), problem != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), problem);

  /* A screen reader hears the whole row in one sentence. */
  if (problem != NULL)
    /* TRANSLATORS: question number, its text, what is wrong with it. */
    label = g_strdup_printf (_("Question %u: %s. Problem: %s"), number,
                             empty ? _("New question") : text, problem);
  else
    /* TRANSLATORS: question number, its text. */
    label = g_strdup_printf (_("Question %u: %s"), number,
                             empty ? _("New question") : text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

const char *
pupitre_editor_row_get_problem (PupitreEditorRow *self)
{
  g_return_val_if_fail (PUPITRE_IS_EDITOR_ROW (self), NULL);
  return self->problem;
}

static void
pupitre_editor_row_finalize (GObject *object)
{
  PupitreEditorRow *self = PUPITRE_EDITOR_ROW (object);

  g_free (self->problem);

  G_OBJECT_CLASS (pupitre_editor_row_parent_class)->finalize (object);
}

static void
pupitre_editor_row_class_init (PupitreEditorRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pupitre_editor_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-editor-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorRow, marker);
}

static void
pupitre_editor_row_init (PupitreEditorRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
