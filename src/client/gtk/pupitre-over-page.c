/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end of the game: the podium, the player's standing and the ranking. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-clamp.h"
#include "pupitre-over-page.h"
#include "pupitre-score-columns.h"
#include "pupitre-score-row.h"

#define PODIUM_PLACES 3

struct _PupitreOverPage
{
  PupitrePage      parent_instance;

  GtkLabel        *standing_label;
  GtkWidget       *podium_box;
  GtkWidget       *place_1;
  GtkWidget       *place_2;
  GtkWidget       *place_3;
  GtkLabel        *name_1;
  GtkLabel        *name_2;
  GtkLabel        *name_3;
  GtkLabel        *score_1;
  GtkLabel        *score_2;
  GtkLabel        *score_3;
  GtkLabel        *rank_1;
  GtkLabel        *rank_2;
  GtkLabel        *rank_3;
  GtkColumnView   *ranking_view;
  GtkNoSelection  *ranking_selection;
};

G_DEFINE_FINAL_TYPE (PupitreOverPage, pupitre_over_page, PUPITRE_TYPE_PAGE)

/* Each step holds the players of its rank: a tie for second puts both
 * on the silver step, none on the bronze one. A step nobody stands on is
 * hidden, so that the others stay centred. */
static void
update_podium (PupitreOverPage *self)
{
  GtkWidget *places[PODIUM_PLACES] = { self->place_1, self->place_2, self->place_3 };
  GtkLabel *names[PODIUM_PLACES] = { self->name_1, self->name_2, self->name_3 };
  GtkLabel *scores[PODIUM_PLACES] = { self->score_1, self->score_2, self->score_3 };
  GtkLabel *ranks[PODIUM_PLACES] = { self->rank_1, self->rank_2, self->rank_3 };
  GListModel *totals = G_LIST_MODEL (self->ranking_selection);
  guint n_items = g_list_model_get_n_items (totals);

  for (guint step = 0; step < PODIUM_PLACES; step++)
    {
      g_autoptr(GPtrArray) players = g_ptr_array_new ();
      g_autofree char *joined = NULL;
      g_autofree char *number = NULL;
      g_autofree char *score = NULL;
      g_autofree char *rank = NULL;
      g_autofree char *description = NULL;
      gboolean is_self = FALSE;
      gint64 points = 0;

      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(PupitreScoreRow) row = g_list_model_get_item (totals, i);
          const char *name = pupitre_score_row_get_name (row);

          if (pupitre_score_row_get_rank (row) != step + 1)
            continue;

          g_ptr_array_add (players, (gpointer) g_intern_string (name != NULL ? name : ""));
          points = pupitre_score_row_get_score (row);
          is_self = is_self || pupitre_score_row_get_is_self (row);
        }

      gtk_widget_set_visible (places[step], players->len > 0);
      if (players->len == 0)
        continue;

      g_ptr_array_add (players, NULL);
      /* Translators: what separates the names of players tied on a step
       * of the podium */
      joined = g_strjoinv (C_("podium", ", "), (char **) players->pdata);
      number = pupitre_format_score (points);
      /* Translators: %s is a number of points, possibly negative */
      score = g_strdup_printf (ngettext ("%s point", "%s points", (gulong) MIN (ABS (points), G_MAXLONG)),
                               number);
      rank = g_strdup_printf ("%u", step + 1);

      gtk_label_set_text (names[step], joined);
      gtk_widget_set_tooltip_text (GTK_WIDGET (names[step]), joined);
      gtk_label_set_text (scores[step], score);
      gtk_label_set_text (ranks[step], rank);

      if (is_self)
        gtk_widget_add_css_class (places[step], "self");
      else
        gtk_widget_remove_css_class (places[step], "self");

      /* Translators: how a screen reader reads a step of the podium,
       * "1: Ubuntu2, 7 points" */
      description = g_strdup_printf (_("%s: %s, %s"), rank, joined, score);
      gtk_accessible_update_property (GTK_ACCESSIBLE (places[step]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                      -1);
    }
}

static void
update_standing (PupitreOverPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  guint rank;
  guint players;
  gint64 score;
  g_autofree char *ordinal = NULL;
  g_autofree char *number = NULL;
  g_autofree char *standing = NULL;

  if (session == NULL)
    return;

  rank = pupitre_standing_get_rank (pupitre_session_get_standing (session));
  score = pupitre_standing_get_score (pupitre_session_get_standing (session));
  g_object_get (session, "player-count", &players, NULL);
  players = MAX (players, g_list_model_get_n_items (G_LIST_MODEL (self->ranking_selection)));

  if (rank == 0)
    {
      gtk_label_set_text (self->standing_label, "");
      return;
    }

  ordinal = pupitre_format_ordinal (rank);
  number = pupitre_format_score (score);
  /* Translators: "You finished 2nd of 12 with 7 points"; the first %s is
   * the rank as an ordinal, the last one a number of points */
  standing = g_strdup_printf (ngettext ("You finished %s of %u with %s point",
                                        "You finished %s of %u with %s points",
                                        (gulong) ABS (score)),
                              ordinal, players, number);
  gtk_label_set_text (self->standing_label, standing);
}

static void
update_all (PupitreOverPage *self)
{
  update_podium (self);
  update_standing (self);
}


/* On arriving here, the focus goes to the player’s standing, which a screen reader reads. */
static void
present_state (PupitreOverPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));

  if (session != NULL && pupitre_session_get_state (session) == PUPITRE_SESSION_STATE_OVER)
    pupitre_page_present (PUPITRE_PAGE (self), GTK_WIDGET (self->standing_label));
}

static void
pupitre_over_page_session_changed (PupitrePage *page)
{
  PupitreOverPage *self = PUPITRE_OVER_PAGE (page);
  PupitreSession *session = pupitre_page_get_session (page);

  gtk_no_selection_set_model (self->ranking_selection,
                              session != NULL ? pupitre_session_get_totals (session) : NULL);
  update_all (self);
}

static void
pupitre_over_page_dispose (GObject *object)
{
  PupitreOverPage *self = PUPITRE_OVER_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), PUPITRE_TYPE_OVER_PAGE);
  /* The template's root child is not bound, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pupitre_over_page_parent_class)->dispose (object);
}

static void
pupitre_over_page_class_init (PupitreOverPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PupitrePageClass *page_class = PUPITRE_PAGE_CLASS (klass);

  object_class->dispose = pupitre_over_page_dispose;
  page_class->session_changed = pupitre_over_page_session_changed;

  g_type_ensure (PUPITRE_TYPE_CLAMP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-over-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, standing_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, podium_box);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, place_1);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, place_2);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, place_3);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, name_1);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, name_2);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, name_3);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, score_1);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, score_2);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, score_3);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, rank_1);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, rank_2);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, rank_3);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, ranking_view);
  gtk_widget_class_bind_template_child (widget_class, PupitreOverPage, ranking_selection);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "overpage");
}

static void
pupitre_over_page_init (PupitreOverPage *self)
{
  GSignalGroup *session_signals = pupitre_page_get_session_signals (PUPITRE_PAGE (self));
  GSignalGroup *standing_signals = pupitre_page_get_standing_signals (PUPITRE_PAGE (self));

  gtk_widget_init_template (GTK_WIDGET (self));

  pupitre_score_columns_append (self->ranking_view, PUPITRE_SCORE_COLUMN_RANK, C_("rank", "#"));
  pupitre_score_columns_append (self->ranking_view, PUPITRE_SCORE_COLUMN_NAME, _("Player"));
  pupitre_score_columns_append (self->ranking_view, PUPITRE_SCORE_COLUMN_SCORE, _("Score"));

  pupitre_score_columns_follow_self (self->ranking_view);
  pupitre_list_set_one_tab_stop (GTK_WIDGET (self->ranking_view));

  g_signal_connect_object (self->ranking_selection, "items-changed",
                           G_CALLBACK (update_all), self, G_CONNECT_SWAPPED);

  g_signal_group_connect_object (session_signals, "game-finished",
                                 G_CALLBACK (update_all), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "standing-changed",
                                 G_CALLBACK (update_standing), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (standing_signals, "notify::rank",
                                 G_CALLBACK (update_standing), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (standing_signals, "notify::score",
                                 G_CALLBACK (update_standing), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "notify::state",
                                 G_CALLBACK (present_state), self, G_CONNECT_SWAPPED);

  update_podium (self);
}
