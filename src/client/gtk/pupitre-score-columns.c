/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Columns that show PupitreScoreRow items in a GtkColumnView, shared by the pages. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-score-columns.h"
#include "pupitre-score-row.h"

#define CHOICES_KEY "pupitre-score-columns-choices"
#define COLUMNS_KEY "pupitre-score-columns-columns"

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

/* A row as a screen reader says it, its cells in the table's order:
 * "Alice, 2) Linux, +2 points, 1.50 s, you". */
static char *
format_row (GtkColumnView   *view,
            PupitreScoreRow *row)
{
  GArray *columns = g_object_get_data (G_OBJECT (view), COLUMNS_KEY);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gint64 value;

  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      PupitreScoreColumn column = g_array_index (columns, PupitreScoreColumn, i);
      g_autofree char *points = NULL;

      switch (column)
        {
        case PUPITRE_SCORE_COLUMN_RANK:
          value = pupitre_score_row_get_rank (row);
          if (value > 0)
            g_ptr_array_add (parts, pupitre_format_ordinal ((guint) MIN (value, G_MAXUINT)));
          break;

        case PUPITRE_SCORE_COLUMN_SCORE:
          value = CLAMP (pupitre_score_row_get_score (row), G_MININT, G_MAXINT);
          /* Translators: a player's score in a table, as a screen reader says it */
          g_ptr_array_add (parts, g_strdup_printf (ngettext ("%d point", "%d points", ABS ((int) value)),
                                                   (int) value));
          break;

        case PUPITRE_SCORE_COLUMN_POINTS:
          value = pupitre_score_row_get_points (row);
          points = pupitre_format_points (value);
          /* Translators: the points won on a question, "+2 points" */
          g_ptr_array_add (parts, g_strdup_printf (ngettext ("%s point", "%s points",
                                                             (gulong) MIN (ABS (value), G_MAXLONG)),
                                                   points));
          break;

        case PUPITRE_SCORE_COLUMN_TIME:
          if (pupitre_score_row_get_time_ms (row) >= 0)
            g_ptr_array_add (parts, format_cell (view, column, row));
          break;

        case PUPITRE_SCORE_COLUMN_NAME:
        case PUPITRE_SCORE_COLUMN_ANSWER:
        default:
          g_ptr_array_add (parts, format_cell (view, column, row));
          break;
        }
    }

  if (pupitre_score_row_get_is_self (row))
    /* Translators: said after the player's own row in a table */
    g_ptr_array_add (parts, g_strdup (C_("score row", "you")));

  g_ptr_array_add (parts, NULL);

  /* Translators: what separates the cells of a row a screen reader says */
  return g_strjoinv (C_("score row", ", "), (char **) parts->pdata);
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

  /* Else a screen reader says the row's class name. */
  if (row_widget != NULL)
    {
      g_autofree char *spoken = format_row (view, row);

      gtk_accessible_update_property (GTK_ACCESSIBLE (row_widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                      -1);
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

/* The titles of the columns are named by their text: a screen reader would
 * say their class name. GTK 4.8 gives no access to them but as the children
 * of the view's header, in the columns' order. */
static void
name_titles (GtkColumnView *view)
{
  GListModel *view_columns = gtk_column_view_get_columns (view);
  GtkWidget *header = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  g_autofree char *spoken = NULL;
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL && header == NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_css_name (child), "header") == 0)
        header = child;
    }

  if (header == NULL)
    return;

  titles = g_ptr_array_new ();
  for (GtkWidget *title = gtk_widget_get_first_child (header);
       title != NULL && i < g_list_model_get_n_items (view_columns);
       title = gtk_widget_get_next_sibling (title), i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

      gtk_accessible_update_property (GTK_ACCESSIBLE (title),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_column_view_column_get_title (column),
                                      -1);
      g_ptr_array_add (titles, (gpointer) gtk_column_view_column_get_title (column));
    }

  /* The header is a row too: it reads as its titles. */
  g_ptr_array_add (titles, NULL);
  spoken = g_strjoinv (C_("score row", ", "), (char **) titles->pdata);
  gtk_accessible_update_property (GTK_ACCESSIBLE (header),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
}

void
pupitre_score_columns_append (GtkColumnView      *view,
                              PupitreScoreColumn  column,
                              const char         *title)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  GArray *columns;

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

  columns = g_object_get_data (G_OBJECT (view), COLUMNS_KEY);
  if (columns == NULL)
    {
      columns = g_array_new (FALSE, FALSE, sizeof (PupitreScoreColumn));
      g_object_set_data_full (G_OBJECT (view), COLUMNS_KEY, columns, (GDestroyNotify) g_array_unref);
    }
  g_array_append_val (columns, column);

  name_titles (view);
}

void
pupitre_score_columns_set_choices (GtkColumnView      *view,
                                   const char * const *choices)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  g_object_set_data_full (G_OBJECT (view), CHOICES_KEY,
                          g_strdupv ((char **) choices), (GDestroyNotify) g_strfreev);
}
