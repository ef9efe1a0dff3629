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
pupitre_format_score (gint64 score)
{
  if (score < 0)
    return g_strdup_printf ("\u2212%" G_GINT64_FORMAT, -score);

  return g_strdup_printf ("%" G_GINT64_FORMAT, score);
}

/* The direction of the first letter of @text (pango_find_base_dir() is
 * deprecated): TRUE for right to left; @found FALSE without any letter. */
static gboolean
text_is_rtl (const char *text,
             gboolean   *found)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      GUnicodeScript script = g_unichar_get_script (g_utf8_get_char (p));

      switch ((int) script)
        {
        case G_UNICODE_SCRIPT_COMMON:
        case G_UNICODE_SCRIPT_INHERITED:
        case G_UNICODE_SCRIPT_UNKNOWN:
          continue;

        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
          *found = TRUE;
          return TRUE;

        default:
          *found = TRUE;
          return FALSE;
        }
    }

  *found = FALSE;
  return FALSE;
}

/* A Hebrew or Arabic choice in an English window would take the whole
 * line's direction with it, "(RTL) שלום (3": a mark of the window's
 * direction keeps the number in front, and the text sits between the
 * first-strong isolate (U+2068) and its end (U+2069). Choices written
 * the window's way are left alone, so that screen readers and tests
 * read them as they are. */
char *
pupitre_format_choice (guint       number,
                       const char *text)
{
  gboolean found = FALSE;
  gboolean rtl_text = text_is_rtl (text, &found);
  gboolean rtl_window = gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL;
  g_autofree char *isolated = NULL;
  g_autofree char *choice = NULL;

  if (found && rtl_text != rtl_window)
    {
      isolated = g_strconcat ("\u2068", text, "\u2069", NULL);
      choice = g_strdup_printf (C_("choice", "%u) %s"), number, isolated);
      return g_strconcat (rtl_window ? "\u200f" : "\u200e", choice, NULL);
    }

  return g_strdup_printf (C_("choice", "%u) %s"), number, text);
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
    return pupitre_format_choice ((guint) choice, choices[choice - 1]);

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
      return pupitre_format_score (pupitre_score_row_get_score (row));

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
  /* Names and answers are cut with "…" in a narrow column: whole in
   * the tooltip. */
  if (column == PUPITRE_SCORE_COLUMN_NAME || column == PUPITRE_SCORE_COLUMN_ANSWER)
    gtk_widget_set_tooltip_text (label, text);

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

/* GTK 4.8's lists make every row a stop of the Tab chain (46 Tabs to
 * reach "Leave" past 40 players; GtkListTabBehavior came in 4.12). Tab
 * and Shift+Tab from a row leave the list: for one step the list refuses
 * the focus, so the window's focus chain moves on past it. */
static gboolean
list_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     gpointer               user_data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkDirectionType direction;
  GtkRoot *root;
  gboolean moved;

  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return GDK_EVENT_PROPAGATE;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  root = gtk_widget_get_root (list);
  if (root == NULL)
    return GDK_EVENT_PROPAGATE;

  gtk_widget_set_can_focus (list, FALSE);
  moved = gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (list, TRUE);

  /* At the end of the chain, the window wraps around as it would. */
  if (!moved)
    {
      gtk_widget_set_can_focus (list, FALSE);
      gtk_root_set_focus (root, NULL);
      gtk_widget_child_focus (GTK_WIDGET (root), direction);
      gtk_widget_set_can_focus (list, TRUE);
    }

  return GDK_EVENT_STOP;
}

void
pupitre_list_set_one_tab_stop (GtkWidget *list)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_WIDGET (list));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (list_key_pressed_cb), NULL);
  gtk_widget_add_controller (list, keys);
}

/* Following the own row: GTK 4.8's GtkColumnView has no scroll_to()
 * (4.12), so the view's adjustment is moved to where the row sits among
 * rows of one height, once the view knows its height. */
#define FOLLOW_KEY "pupitre-score-columns-follow"

static int
find_self (GListModel *model)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(PupitreScoreRow) row = g_list_model_get_item (model, i);

      if (pupitre_score_row_get_is_self (row))
        return (int) i;
    }

  return -1;
}

static void
scroll_to_self (GtkColumnView *view)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  guint n_items = model != NULL ? g_list_model_get_n_items (model) : 0;
  int index = model != NULL ? find_self (model) : -1;
  double upper;
  double page;
  double row_height;

  if (adjustment == NULL || index < 0 ||
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (view), FOLLOW_KEY)) == 0)
    return;

  upper = gtk_adjustment_get_upper (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (page <= 0.0 || upper <= 0.0)
    return;

  /* All of it in view: nothing to follow. */
  if (upper <= page)
    {
      g_object_set_data (G_OBJECT (view), FOLLOW_KEY, GINT_TO_POINTER (0));
      return;
    }

  /* The header row is part of the height. */
  row_height = upper / (n_items + 1);
  gtk_adjustment_set_value (adjustment,
                            CLAMP ((index + 1.5) * row_height - page / 2.0, 0.0, upper - page));
  g_object_set_data (G_OBJECT (view), FOLLOW_KEY, GINT_TO_POINTER (0));
}

#define FOLLOW_IDLE_KEY "pupitre-score-columns-follow-idle"

static gboolean
follow_idle_cb (gpointer user_data)
{
  GtkColumnView *view = user_data;

  g_object_set_data (G_OBJECT (view), FOLLOW_IDLE_KEY, NULL);
  scroll_to_self (view);

  return G_SOURCE_REMOVE;
}

/* The view takes a new value of its adjustment into account only once
 * its allocation is over: a value set while it configures the adjustment
 * moves the scroll bar, not the rows. */
static void
queue_follow (GtkColumnView *view)
{
  if (g_object_get_data (G_OBJECT (view), FOLLOW_IDLE_KEY) != NULL)
    return;

  g_object_set_data (G_OBJECT (view), FOLLOW_IDLE_KEY, GINT_TO_POINTER (1));
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, follow_idle_cb, g_object_ref (view), g_object_unref);
}

static void
follow_items_changed_cb (GtkColumnView *view)
{
  g_object_set_data (G_OBJECT (view), FOLLOW_KEY, GINT_TO_POINTER (1));
  queue_follow (view);
}

static void
follow_adjustment_changed_cb (GtkColumnView *view)
{
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (view), FOLLOW_KEY)) != 0)
    queue_follow (view);
}

static void
follow_vadjustment_cb (GtkColumnView *view)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

  if (adjustment != NULL)
    g_signal_connect_object (adjustment, "changed",
                             G_CALLBACK (follow_adjustment_changed_cb), view, G_CONNECT_SWAPPED);
}

void
pupitre_score_columns_follow_self (GtkColumnView *view)
{
  GtkSelectionModel *model;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  model = gtk_column_view_get_model (view);
  g_return_if_fail (model != NULL);

  g_signal_connect_object (model, "items-changed",
                           G_CALLBACK (follow_items_changed_cb), view, G_CONNECT_SWAPPED);
  g_signal_connect (view, "notify::vadjustment", G_CALLBACK (follow_vadjustment_cb), NULL);
  g_signal_connect (view, "map", G_CALLBACK (follow_items_changed_cb), NULL);
  follow_vadjustment_cb (view);
}

/* "You are 23rd of 40", from the table's own rows; NULL without one. */
char *
pupitre_score_columns_describe_self (GtkColumnView *view,
                                     guint          players)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr(PupitreScoreRow) row = NULL;
  g_autofree char *ordinal = NULL;
  int index;

  index = model != NULL ? find_self (model) : -1;
  if (index < 0)
    return NULL;

  row = g_list_model_get_item (model, (guint) index);
  if (pupitre_score_row_get_rank (row) == 0)
    return NULL;

  ordinal = pupitre_format_ordinal (pupitre_score_row_get_rank (row));
  players = MAX (players, g_list_model_get_n_items (model));
  /* Translators: the player's place in the ranking, "You are 23rd of 40";
   * %s is the rank as an ordinal */
  return g_strdup_printf (ngettext ("You are %s of %u", "You are %s of %u", players),
                          ordinal, players);
}
