/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A game's events as the teacher reads them: a line in the log for each
 * start, round and final ranking, and a results file per game. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-report.h"
#include "pupitre-results.h"

struct _PupitreReport
{
  GObject         parent_instance;

  PupitreConfig  *config;
  GHashTable     *results;  /* PupitreGame → PupitreResults: the game under way, or its last one */
};

G_DEFINE_FINAL_TYPE (PupitreReport, pupitre_report, G_TYPE_OBJECT)

static void
log_round_closed (const PupitreGameEvent *event)
{
  const PupitreRoundRecord *records = (const PupitreRoundRecord *) (gpointer) event->records->data;
  guint n_records = event->records->len;
  const PupitreQuestion *question = event->question;
  g_autoptr(GString) line = g_string_new (NULL);
  guint shown = MIN (n_records, 10);

  for (guint i = 0; i < shown; i++)
    g_string_append_printf (line, "%s%s %+" G_GINT64_FORMAT, i ? ", " : "",
                            records[i].name, records[i].points);
  if (n_records > shown)
    g_string_append_printf (line, ngettext (" and %u other", " and %u others",
                                            n_records - shown),
                            n_records - shown);
  if (n_records == 0)
    g_string_append (line, _("nobody played"));
  g_message (_("Round %u closed, right answer %u) %s: %s"),
             event->round, question->answer, question->choices[question->answer - 1], line->str);
}

static void
log_game_over (const PupitreGameEvent *event)
{
  const PupitreTotalEntry *totals = (const PupitreTotalEntry *) (gpointer) event->totals->data;

  for (guint i = 0; i < MIN (event->totals->len, 3); i++)
    g_message (ngettext ("Rank %u: %s with %lld point",
                         "Rank %u: %s with %lld points",
                         ABS (totals[i].score) > 1 ? 2 : ABS (totals[i].score)),
               totals[i].rank, totals[i].name, (long long) totals[i].score);
}

void
pupitre_report_event (PupitreReport          *self,
                      PupitreGame            *game,
                      const PupitreGameEvent *event)
{
  PupitreResults *results;

  g_return_if_fail (PUPITRE_IS_REPORT (self));

  results = g_hash_table_lookup (self->results, game);
  switch (event->type)
    {
    case PUPITRE_GAME_EVENT_ROUND_CLOSED:
      log_round_closed (event);
      if (results != NULL)
        pupitre_results_add_round (results, event->round, event->question,
                                   (const PupitreRoundRecord *) (gpointer) event->records->data,
                                   event->records->len);
      break;

    case PUPITRE_GAME_EVENT_GAME_OVER:
      log_game_over (event);
      if (results != NULL)
        pupitre_results_finish (results,
                                (const PupitreTotalEntry *) (gpointer) event->totals->data,
                                event->totals->len);
      break;

    case PUPITRE_GAME_EVENT_PHASE_CHANGED:
      if (event->phase != PUPITRE_GAME_PHASE_COUNTDOWN || event->round != 1)
        break;
      g_message (ngettext ("The game starts with %u player: %s",
                           "The game starts with %u players: %s",
                           event->n_connected),
                 event->n_connected, pupitre_quiz_get_title (event->quiz));
      if (self->config->results_dir != NULL)
        g_hash_table_insert (self->results, g_object_ref (game),
                             pupitre_results_new (self->config->results_dir, event->quiz));
      break;

    case PUPITRE_GAME_EVENT_CLOSED:
      /* Its results were finished with its game over. */
      g_hash_table_remove (self->results, game);
      break;

    case PUPITRE_GAME_EVENT_SEND:
    case PUPITRE_GAME_EVENT_KICKED:
    default:
      break;
    }
}

void
pupitre_report_cut_short (PupitreReport *self,
                          PupitreGame   *game)
{
  guint n_totals;
  const PupitreTotalEntry *totals;
  PupitreResults *results;

  g_return_if_fail (PUPITRE_IS_REPORT (self));

  results = g_hash_table_lookup (self->results, game);
  if (results == NULL || pupitre_game_get_phase (game) == PUPITRE_GAME_PHASE_OVER)
    return;
  totals = pupitre_game_get_totals (game, &n_totals);
  pupitre_results_finish (results, totals, n_totals);
}

static void
pupitre_report_dispose (GObject *object)
{
  PupitreReport *self = (PupitreReport *) object;

  g_clear_pointer (&self->results, g_hash_table_unref);

  G_OBJECT_CLASS (pupitre_report_parent_class)->dispose (object);
}

static void
pupitre_report_class_init (PupitreReportClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pupitre_report_dispose;
}

static void
pupitre_report_init (PupitreReport *self)
{
  self->results = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
}

PupitreReport *
pupitre_report_new (PupitreConfig *config)
{
  PupitreReport *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (PUPITRE_TYPE_REPORT, NULL);
  self->config = config;
  return self;
}
