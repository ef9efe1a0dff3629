/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Columns that show PupitreScoreRow items in a GtkColumnView, shared by the pages. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-score-columns.h"
#include "pupitre-score-row.h"

#define CHOICES_KEY "pupitre-score-columns-choices"

char *
pupitre_format_points (gint64 points)
{
  if (points > 0)
    return g_strdup_printf ("+%" G_GINT64_FORMAT, points);
  if (points < 0)
    /* A real minus sign reads better than a hyphen in a table. */
    return g_strdup_printf ("\u2212%" G_GINT64_FORMAT, -points);

  return g_strdup ("0");
}

char *
pupitre_format_ordinal (guint rank)
{
  /* Each form is its own string so that a language with other rules can
   * translate all of them the same way ("%ue" in French, "1er" for 1). */
  if (rank == 1)
    return g_strdup (C_("ordinal", "1st"));
  if (rank % 10 == 1 && rank % 100 != 11)
    return g_strdup_printf (C_("ordinal", "%ust"), rank);
  if (rank % 10 == 2 && rank % 100 != 12)
    return g_strdup_printf (C_("ordinal", "%und"), rank);
  if (rank % 10 == 3 && rank % 100 != 13)
    return g_strdup_printf (C_("ordinal", "%urd"), rank);

  return g_strdup_printf (C_("ordinal", "%uth"), rank);
}

static char *
format_answer (GtkColumnView *view,
               gint64         choice)
{
  const char * const *choices = g_object_get_data (G_OBJECT (view), CHOICES_KEY);

  if (choice < 0)
    return g_strdup (_("No answer"));
  if (choice == 0)
    return g_strdup (_("I don’t know"));
  if (choices != NULL && (guint64) choice <= g_strv_length ((char **) choices))
    return g_strdup_printf (C_("choice", "%u) %s"), (guint) choice, choices[choice - 1]);

  return g_strdup_printf ("%u", (guint) choice);
}

static char *
format_cell (GtkColumnView      *view,
             PupitreScoreColumn  column,
             PupitreScoreRow    *row)
{
  gint64 value;

  switch (column)
    {
    case PUPITRE_SCORE_COLUMN_NAME:
      return g_strdup (pupitre_score_row_get_name (row));

    case PUPITRE_SCORE_COLUMN_RANK:
      value = pupitre_score_row_get_rank (row);
      return value > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : g_strdup ("");

    case PUPITRE_SCORE_COLUMN_SCORE:
      value = pupitre_score_row_get_score (row);
      return g_strdup_printf ("%" G_GINT64_FORMAT, value);

    case PUPITRE_SCORE_COLUMN_POINTS:
      return pupitre_format_points (pupitre_score_row_get_points (row));

    case PUPITRE_SCORE_COLUMN_TIME:
      value = pupitre_score_row_get_time_ms (row);
      if (value < 0)
        return g_strdup ("—");
      /* Translators: a time in seconds with two decimals, "14.54 s" */
      return g_strdup_printf (_("%.2f s"), value / 1000.0);

    case PUPITRE_SCORE_COLUMN_ANSWER:
      return format_answer (view, pupitre_score_row_get_choice (row));

    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
is_numeric (PupitreScoreColumn column)
{
  return column == PUPITRE_SCORE_COLUMN_RANK ||
         column == PUPITRE_SCORE_COLUMN_SCORE ||
         column == PUPITRE_SCORE_COLUMN_POINTS ||
         column == PUPITRE_SCORE_COLUMN_TIME;
}

/* GTK 4.8 has no per-row API in GtkColumnView (GtkColumnViewRow came in
 * 4.12): the row is the cell's parent, whose CSS name is "row". */
static GtkWidget *
find_row_widget (GtkWidget *child)
{
  for (GtkWidget *widget = gtk_widget_get_parent (child);
       widget != NULL;
       widget = gtk_widget_get_parent (widget))
    {
      if (g_strcmp0 (gtk_widget_get_css_name (widget), "row") == 0)
        return widget;
    }

  return NULL;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  PupitreScoreColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (is_numeric (column))
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    }

  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  PupitreScoreColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_list_item_get_child (item);
  PupitreScoreRow *row = gtk_list_item_get_item (item);
  GtkColumnView *view = g_object_get_data (G_OBJECT (factory), "pupitre-view");
  g_autofree char *text = format_cell (view, column, row);
  gboolean is_self = pupitre_score_row_get_is_self (row);
  gboolean connected = pupitre_score_row_get_connected (row);
  GtkWidget *row_widget = find_row_widget (label);

  gtk_label_set_text (GTK_LABEL (label), text);

  if (column == PUPITRE_SCORE_COLUMN_POINTS)
    {
      gint64 points = pupitre_score_row_get_points (row);

      if (points > 0)
        gtk_widget_add_css_class (label, "success");
      else if (points < 0)
        gtk_widget_add_css_class (label, "error");
    }

  if (!connected)
    gtk_widget_add_css_class (label, "dim-label");

  if (is_self)
    {
      gtk_widget_add_css_class (label, "self");
      if (row_widget != NULL)
        gtk_widget_add_css_class (row_widget, "self");
    }
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GtkWidget *row_widget = find_row_widget (label);
  static const char * const classes[] = { "success", "error", "dim-label", "self" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (label, classes[i]);

  if (row_widget != NULL)
    gtk_widget_remove_css_class (row_widget, "self");
}

void
pupitre_score_columns_append (GtkColumnView      *view,
                              PupitreScoreColumn  column,
                              const char         *title)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  /* The factory lives as long as the view's column: no reference needed. */
  g_object_set_data (G_OBJECT (factory), "pupitre-view", view);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), GUINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (view_column,
                                     column == PUPITRE_SCORE_COLUMN_NAME ||
                                     column == PUPITRE_SCORE_COLUMN_ANSWER);
  gtk_column_view_append_column (view, view_column);
}

void
pupitre_score_columns_set_choices (GtkColumnView      *view,
                                   const char * const *choices)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  g_object_set_data_full (G_OBJECT (view), CHOICES_KEY,
                          g_strdupv ((char **) choices), (GDestroyNotify) g_strfreev);
}
