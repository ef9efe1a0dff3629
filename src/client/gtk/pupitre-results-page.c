/* SPDX-License-Identifier: GPL-3.0-or-later */
/* After a question: the right answer, the round's table and the scores. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-clamp.h"
#include "pupitre-results-page.h"
#include "pupitre-score-columns.h"
#include "pupitre-score-row.h"

struct _PupitreResultsPage
{
  PupitrePage      parent_instance;

  GtkLabel        *round_label;
  GtkLabel        *outcome_label;
  GtkLabel        *answer_label;
  GtkLabel        *explanation_label;
  GtkColumnView   *round_view;
  GtkNoSelection  *round_selection;
  GtkColumnView   *totals_view;
  GtkNoSelection  *totals_selection;
  GtkLabel        *self_rank_label;
};

G_DEFINE_FINAL_TYPE (PupitreResultsPage, pupitre_results_page, PUPITRE_TYPE_PAGE)

static void
set_outcome_class (PupitreResultsPage *self,
                   const char         *css_class)
{
  static const char * const classes[] = { "success", "error", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_label), classes[i]);

  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->outcome_label), css_class);
}

static gboolean
find_self_result (PupitreResultsPage *self,
                  int                *choice,
                  gint64             *points)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  GListModel *results = pupitre_session_get_round_results (session);
  guint n_items = g_list_model_get_n_items (results);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(PupitreScoreRow) row = g_list_model_get_item (results, i);

      if (pupitre_score_row_get_is_self (row))
        {
          *choice = pupitre_score_row_get_choice (row);
          *points = pupitre_score_row_get_points (row);
          return TRUE;
        }
    }

  return FALSE;
}

static void
update_outcome (PupitreResultsPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  int chosen = -1;
  gint64 points = 0;
  guint correct;
  g_autofree char *outcome = NULL;

  if (session == NULL)
    return;

  correct = pupitre_round_get_correct (pupitre_session_get_current_round (session));

  /* The player's own line of the round says what the server counted; the
   * session's standing serves when that line is beyond the list's cut. */
  if (!find_self_result (self, &chosen, &points))
    {
      chosen = pupitre_round_get_chosen (pupitre_session_get_current_round (session));
      points = pupitre_standing_get_points (pupitre_session_get_standing (session));
    }

  if (chosen < 0)
    {
      outcome = g_strdup (_("No answer this time"));
      set_outcome_class (self, "dim-label");
    }
  else if (chosen == 0)
    {
      outcome = g_strdup (_("You didn’t know: no points"));
      set_outcome_class (self, "dim-label");
    }
  else if ((guint) chosen == correct)
    {
      outcome = g_strdup_printf (ngettext ("Right! +%u point",
                                           "Right! +%u points",
                                           (gulong) MAX (points, 0)),
                                 (guint) MAX (points, 0));
      set_outcome_class (self, "success");
    }
  else
    {
      guint lost = (guint) MAX (-points, 0);

      if (lost > 0)
        outcome = g_strdup_printf (ngettext ("Wrong answer: \u2212%u point",
                                             "Wrong answer: \u2212%u points",
                                             lost),
                                   lost);
      else
        outcome = g_strdup (_("Wrong answer"));
      set_outcome_class (self, "error");
    }

  gtk_label_set_text (self->outcome_label, outcome);
}

static void
update_answer (PupitreResultsPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  const char * const *choices;
  const char *explanation;
  guint correct;
  g_autofree char *round = NULL;
  g_autofree char *answer = NULL;

  if (session == NULL)
    return;

  choices = pupitre_round_get_choices (pupitre_session_get_current_round (session));
  correct = pupitre_round_get_correct (pupitre_session_get_current_round (session));
  explanation = pupitre_round_get_explanation (pupitre_session_get_current_round (session));

  round = g_strdup_printf (_("Question %u / %u"),
                           pupitre_round_get_number (pupitre_session_get_current_round (session)),
                           pupitre_round_get_rounds (pupitre_session_get_current_round (session)));
  gtk_label_set_text (self->round_label, round);

  if (choices != NULL && correct >= 1 && correct <= g_strv_length ((char **) choices))
    {
      g_autofree char *choice = pupitre_format_choice (correct, choices[correct - 1]);

      /* Translators: %s is the right choice, "3) Linux" */
      answer = g_strdup_printf (_("The right answer was %s"), choice);
    }
  else if (correct > 0)
    {
      answer = g_strdup_printf (_("The right answer was number %u"), correct);
    }

  gtk_label_set_text (self->answer_label, answer != NULL ? answer : "");
  gtk_label_set_text (self->explanation_label, explanation != NULL ? explanation : "");
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label),
                          explanation != NULL && *explanation != '\0');

  update_outcome (self);
}

/* The table names the answers with the question's texts: they must be
 * known before the round's rows arrive and are bound. */
static void
update_choices (PupitreResultsPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  PupitreRound *round = session != NULL ? pupitre_session_get_current_round (session) : NULL;

  pupitre_score_columns_set_choices (self->round_view,
                                     session != NULL
                                     ? pupitre_round_get_choices (round)
                                     : NULL);
}


static void
update_self_rank (PupitreResultsPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  guint players = 0;
  g_autofree char *text = NULL;

  if (session != NULL)
    g_object_get (session, "player-count", &players, NULL);

  text = pupitre_score_columns_describe_self (self->totals_view, players);
  gtk_label_set_text (self->self_rank_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->self_rank_label), text != NULL);
}

/* On arriving here, the focus goes to the outcome, which a screen reader reads. */
static void
present_state (PupitreResultsPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));

  if (session != NULL && pupitre_session_get_state (session) == PUPITRE_SESSION_STATE_RESULTS)
    pupitre_page_present (PUPITRE_PAGE (self), GTK_WIDGET (self->outcome_label));
}

static void
pupitre_results_page_session_changed (PupitrePage *page)
{
  PupitreResultsPage *self = PUPITRE_RESULTS_PAGE (page);
  PupitreSession *session = pupitre_page_get_session (page);

  gtk_no_selection_set_model (self->round_selection,
                              session != NULL ? pupitre_session_get_round_results (session) : NULL);
  gtk_no_selection_set_model (self->totals_selection,
                              session != NULL ? pupitre_session_get_totals (session) : NULL);

  if (session != NULL)
    {
      update_choices (self);
      update_answer (self);
    }
}

static void
pupitre_results_page_dispose (GObject *object)
{
  PupitreResultsPage *self = PUPITRE_RESULTS_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), PUPITRE_TYPE_RESULTS_PAGE);
  /* The template's root child is not bound, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pupitre_results_page_parent_class)->dispose (object);
}

static void
pupitre_results_page_class_init (PupitreResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PupitrePageClass *page_class = PUPITRE_PAGE_CLASS (klass);

  object_class->dispose = pupitre_results_page_dispose;
  page_class->session_changed = pupitre_results_page_session_changed;

  g_type_ensure (PUPITRE_TYPE_CLAMP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-results-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreResultsPage, round_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreResultsPage, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreResultsPage, answer_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreResultsPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreResultsPage, round_view);
  gtk_widget_class_bind_template_child (widget_class, PupitreResultsPage, round_selection);
  gtk_widget_class_bind_template_child (widget_class, PupitreResultsPage, totals_view);
  gtk_widget_class_bind_template_child (widget_class, PupitreResultsPage, totals_selection);
  gtk_widget_class_bind_template_child (widget_class, PupitreResultsPage, self_rank_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "resultspage");
}

static void
pupitre_results_page_init (PupitreResultsPage *self)
{
  GSignalGroup *session_signals = pupitre_page_get_session_signals (PUPITRE_PAGE (self));
  GSignalGroup *round_signals = pupitre_page_get_round_signals (PUPITRE_PAGE (self));

  gtk_widget_init_template (GTK_WIDGET (self));

  pupitre_score_columns_append (self->round_view, PUPITRE_SCORE_COLUMN_NAME, _("Player"));
  pupitre_score_columns_append (self->round_view, PUPITRE_SCORE_COLUMN_ANSWER, _("Answer"));
  pupitre_score_columns_append (self->round_view, PUPITRE_SCORE_COLUMN_POINTS, _("Points"));
  pupitre_score_columns_append (self->round_view, PUPITRE_SCORE_COLUMN_TIME, _("Time"));

  pupitre_score_columns_append (self->totals_view, PUPITRE_SCORE_COLUMN_RANK, C_("rank", "#"));
  pupitre_score_columns_append (self->totals_view, PUPITRE_SCORE_COLUMN_NAME, _("Player"));
  pupitre_score_columns_append (self->totals_view, PUPITRE_SCORE_COLUMN_SCORE, _("Score"));

  pupitre_score_columns_follow_self (self->totals_view);
  pupitre_score_columns_follow_self (self->round_view);
  pupitre_list_set_one_tab_stop (GTK_WIDGET (self->totals_view));
  pupitre_list_set_one_tab_stop (GTK_WIDGET (self->round_view));
  g_signal_connect_object (self->totals_selection, "items-changed",
                           G_CALLBACK (update_self_rank), self, G_CONNECT_SWAPPED);

  g_signal_group_connect_object (round_signals, "notify::choices",
                                 G_CALLBACK (update_choices), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "round-finished",
                                 G_CALLBACK (update_answer), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "standing-changed",
                                 G_CALLBACK (update_outcome), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (round_signals, "notify::explanation",
                                 G_CALLBACK (update_answer), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (round_signals, "notify::correct",
                                 G_CALLBACK (update_answer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->round_selection, "items-changed",
                           G_CALLBACK (update_outcome), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "notify::state",
                                 G_CALLBACK (present_state), self, G_CONNECT_SWAPPED);
}
