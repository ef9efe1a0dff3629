/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-answer-chart.h"

struct _PupitreAnswerChart
{
  GtkWidget  parent_instance;

  GtkWidget *grid;
  GArray    *counts;  /* guint: index 0 "I don't know", then each choice */
};

G_DEFINE_FINAL_TYPE (PupitreAnswerChart, pupitre_answer_chart, GTK_TYPE_WIDGET)

/* One row: the mark, the answer, its bar and its count. The row's text
 * says all of it, so that a screen reader needs neither the bar nor the
 * colour. */
static void
add_row (PupitreAnswerChart *self,
         int                 row,
         const char         *text,
         guint               count,
         guint               most,
         gboolean            right)
{
  g_autofree char *number = g_strdup_printf ("%u", count);
  g_autofree char *spoken = NULL;
  GtkWidget *mark = gtk_label_new (right ? "✔" : "");
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, MAX (most, 1));
  GtkWidget *count_label = gtk_label_new (number);

  if (right)
    spoken = g_strdup_printf (ngettext ("%s: %u answer, the right one",
                                        "%s: %u answers, the right one", count), text, count);
  else
    spoken = g_strdup_printf (ngettext ("%s: %u answer", "%s: %u answers", count), text, count);

  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  gtk_widget_set_tooltip_text (label, text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  if (right)
    {
      gtk_widget_add_css_class (mark, "success");
      gtk_widget_add_css_class (label, "right-answer");
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), count);
  gtk_level_bar_set_mode (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_MODE_CONTINUOUS);
  /* The bar's colours say "low" or "full" in the theme, which means
   * nothing here: one colour for all. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_hexpand (bar, TRUE);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 120, 24);
  gtk_accessible_update_state (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  gtk_widget_add_css_class (count_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (count_label), 1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (count_label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  gtk_grid_attach (GTK_GRID (self->grid), mark, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), label, 1, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), bar, 2, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), count_label, 3, row, 1, 1);
}

void
pupitre_answer_chart_set_report (PupitreAnswerChart      *self,
                                 const PupitreHostReport *report,
                                 const char * const      *choices)
{
  GtkWidget *child;
  guint most = 0;
  guint n_choices;

  g_return_if_fail (PUPITRE_IS_ANSWER_CHART (self));

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  g_array_set_size (self->counts, 0);
  if (report == NULL)
    return;

  n_choices = choices != NULL ? g_strv_length ((char **) choices) : 0;
  most = MAX (report->dont_know, report->no_answer);
  for (guint i = 0; i < report->n_counts; i++)
    most = MAX (most, report->counts[i]);

  g_array_append_val (self->counts, report->dont_know);
  for (guint i = 0; i < report->n_counts; i++)
    {
      /* Isolated, so that a right-to-left answer keeps its number on the
       * left of it. */
      g_autofree char *text = g_strdup_printf ("%u) \u2068%s\u2069", i + 1,
                                               i < n_choices ? choices[i] : "");

      g_array_append_val (self->counts, report->counts[i]);
      add_row (self, (int) i, text, report->counts[i], most, i + 1 == report->correct);
    }
  add_row (self, (int) report->n_counts, _("I don’t know"), report->dont_know, most, FALSE);
  add_row (self, (int) report->n_counts + 1, _("No answer"), report->no_answer, most, FALSE);
}

guint
pupitre_answer_chart_get_count (PupitreAnswerChart *self,
                                guint               choice)
{
  g_return_val_if_fail (PUPITRE_IS_ANSWER_CHART (self), 0);
  return choice < self->counts->len ? g_array_index (self->counts, guint, choice) : 0;
}

static void
pupitre_answer_chart_dispose (GObject *object)
{
  PupitreAnswerChart *self = PUPITRE_ANSWER_CHART (object);

  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (pupitre_answer_chart_parent_class)->dispose (object);
}

static void
pupitre_answer_chart_finalize (GObject *object)
{
  PupitreAnswerChart *self = PUPITRE_ANSWER_CHART (object);

  g_array_unref (self->counts);

  G_OBJECT_CLASS (pupitre_answer_chart_parent_class)->finalize (object);
}

static void
pupitre_answer_chart_class_init (PupitreAnswerChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pupitre_answer_chart_dispose;
  object_class->finalize = pupitre_answer_chart_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "answerchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pupitre_answer_chart_init (PupitreAnswerChart *self)
{
  self->counts = g_array_new (FALSE, TRUE, sizeof (guint));
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 8);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Answers given"), -1);
}

GtkWidget *
pupitre_answer_chart_new (void)
{
  return g_object_new (PUPITRE_TYPE_ANSWER_CHART, NULL);
}
