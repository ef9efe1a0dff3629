/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A game's results kept on disk as CSV, round after round. */
#pragma once

#include <glib-object.h>

#include "pupitre-game.h"
#include "pupitre-quiz.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_RESULTS (pupitre_results_get_type ())
G_DECLARE_FINAL_TYPE (PupitreResults, pupitre_results, PUPITRE, RESULTS, GObject)

/* Rows go to "<dir>/<date>_<title>.csv.part" as rounds close; finish()
 * adds the totals and renames it to ".csv", so a file without ".part" is
 * always complete. A name already taken gets -2, -3…: no file is ever
 * replaced. Failures are logged, never fatal to the game. */
PupitreResults *pupitre_results_new       (const char     *dir,
                                           PupitreQuiz    *quiz);
void            pupitre_results_add_round (PupitreResults           *self,
                                           guint                     round,
                                           const PupitreQuestion    *question,
                                           const PupitreRoundRecord *records,
                                           guint                     n_records);
void            pupitre_results_finish    (PupitreResults           *self,
                                           const PupitreTotalEntry  *totals,
                                           guint                     n_totals);

/* Path of the finished file, or of the ".part" being written; NULL when
 * none could be made. */
const char     *pupitre_results_get_path  (PupitreResults           *self);

/* Keeps each ".csv.part" of @dir that no live server writes (one killed,
 * a full disk) as "<name>-incomplete.csv", never replacing a file, and
 * logs it. */
void            pupitre_results_recover   (const char               *dir);

G_END_DECLS
