/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The two results tables of a hosted game, written on the host's side. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pupitre-csv.h"
#include "pupitre-results-export.h"

char *
pupitre_results_export_long (const PupitreResultRow *rows,
                             guint                   n_rows,
                             PupitreQuiz            *quiz)
{
  GString *out = g_string_new (PUPITRE_CSV_BOM);

  pupitre_csv_append_results_header (out);
  for (guint i = 0; i < n_rows; i++)
    {
      const PupitreResultRow *row = &rows[i];
      const PupitreQuestion *question = NULL;
      g_autofree char *number = NULL;
      const char *answer = NULL;

      if (quiz != NULL && row->round >= 1 && row->round <= pupitre_quiz_get_n_questions (quiz))
        question = pupitre_quiz_get_question (quiz, row->round - 1);
      if (row->choice > 0 && question != NULL && (guint) row->choice <= question->n_choices)
        answer = question->choices[row->choice - 1];
      else if (row->choice > 0)
        answer = number = g_strdup_printf ("%d", row->choice);

      pupitre_csv_append_result (out, row->round, row->question, row->player, row->choice,
                                 answer, row->correct, row->time_ms, row->points, row->score,
                                 row->rank);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *name;
  gint64      score;
  guint       rank;
  guint       last_round;
  GArray     *points;   /* gint64 per round, G_MININT64 for a round not played */
} Player;

static void
player_free (Player *player)
{
  g_array_unref (player->points);
  g_free (player);
}

static int
compare_players (gconstpointer a,
                 gconstpointer b)
{
  const Player *pa = *(Player * const *) a;
  const Player *pb = *(Player * const *) b;

  /* Who played the last rounds comes first, by rank; then by name. */
  if (pa->last_round != pb->last_round)
    return pa->last_round > pb->last_round ? -1 : 1;
  if (pa->rank != pb->rank)
    return pa->rank < pb->rank ? -1 : 1;
  return g_utf8_collate (pa->name, pb->name);
}

char *
pupitre_results_export_wide (const PupitreResultRow *rows,
                             guint                   n_rows)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) players = g_ptr_array_new_with_free_func ((GDestroyNotify) player_free);
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  GString *out = g_string_new (PUPITRE_CSV_BOM);

  for (guint i = 0; i < n_rows; i++)
    {
      const PupitreResultRow *row = &rows[i];
      Player *player = g_hash_table_lookup (by_name, row->player);
      gint64 none = G_MININT64;

      if (row->round == 0)
        continue;
      while (questions->len < row->round)
        g_ptr_array_add (questions, NULL);
      g_ptr_array_index (questions, row->round - 1) = (gpointer) row->question;

      if (player == NULL)
        {
          player = g_new0 (Player, 1);
          player->name = row->player;
          player->points = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_ptr_array_add (players, player);
          g_hash_table_insert (by_name, (gpointer) row->player, player);
        }
      while (player->points->len < row->round)
        g_array_append_val (player->points, none);
      g_array_index (player->points, gint64, row->round - 1) = row->points;
      if (row->round >= player->last_round)
        {
          player->last_round = row->round;
          player->score = row->score;
          player->rank = row->rank;
        }
    }
  g_ptr_array_sort (players, compare_players);

  pupitre_csv_append_field (out, _("Player"));
  pupitre_csv_append_field (out, _("Rank"));
  pupitre_csv_append_field (out, _("Score"));
  for (guint q = 0; q < questions->len; q++)
    {
      g_autofree char *title = g_strdup_printf ("%u. %s", q + 1,
                                                g_ptr_array_index (questions, q) != NULL
                                                ? (const char *) g_ptr_array_index (questions, q) : "");

      pupitre_csv_append_text (out, title);
    }
  pupitre_csv_end_row (out);

  for (guint i = 0; i < players->len; i++)
    {
      Player *player = g_ptr_array_index (players, i);

      pupitre_csv_append_text (out, player->name);
      pupitre_csv_append_number (out, player->rank);
      pupitre_csv_append_number (out, player->score);
      for (guint q = 0; q < questions->len; q++)
        {
          if (q < player->points->len && g_array_index (player->points, gint64, q) != G_MININT64)
            pupitre_csv_append_number (out, g_array_index (player->points, gint64, q));
          else
            pupitre_csv_append_field (out, "");
        }
      pupitre_csv_end_row (out);
    }
  return g_string_free (out, FALSE);
}

gboolean
pupitre_results_export_save (GFile         *file,
                             const char    *contents,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  return g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, cancellable, error);
}

GFile *
pupitre_results_export_wide_file (GFile *long_file)
{
  g_autofree char *path = g_file_get_path (long_file);
  g_autofree char *base = NULL;
  g_autofree char *wide = NULL;

  g_return_val_if_fail (G_IS_FILE (long_file), NULL);

  if (path == NULL)
    path = g_file_get_uri (long_file);
  base = g_str_has_suffix (path, ".csv") ? g_strndup (path, strlen (path) - 4) : g_strdup (path);
  wide = g_strconcat (base, "-wide.csv", NULL);
  return g_file_is_native (long_file) ? g_file_new_for_path (wide) : g_file_new_for_uri (wide);
}

gboolean
pupitre_results_export_save_tables (const PupitreResultRow  *rows,
                                    guint                    n_rows,
                                    PupitreQuiz             *quiz,
                                    GFile                   *long_file,
                                    GError                 **error)
{
  g_autoptr(GFile) wide_file = pupitre_results_export_wide_file (long_file);
  g_autofree char *long_table = pupitre_results_export_long (rows, n_rows, quiz);
  g_autofree char *wide_table = pupitre_results_export_wide (rows, n_rows);

  return pupitre_results_export_save (long_file, long_table, NULL, error) &&
         pupitre_results_export_save (wide_file, wide_table, NULL, error);
}
