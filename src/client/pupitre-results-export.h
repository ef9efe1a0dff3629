/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hosted game's results as the teacher takes them home: the long table
 * (one row per player and question, as the server's results files) and
 * the wide one (one row per player, one column per question). */
#pragma once

#include <gio/gio.h>

#include "pupitre-message.h"
#include "pupitre-quiz.h"

G_BEGIN_DECLS

/* @quiz (may be NULL) gives the answers' texts; without it the answer
 * column holds the choice's number. */
char     *pupitre_results_export_long  (const PupitreResultRow *rows,
                                        guint                   n_rows,
                                        PupitreQuiz            *quiz);
/* Players in the order of the last round's ranking, then by name. Each
 * question's column holds the points scored there, empty for a round the
 * player did not play. */
char     *pupitre_results_export_wide  (const PupitreResultRow *rows,
                                        guint                   n_rows);
/* Writes @contents to @file at once, replacing it. */
gboolean  pupitre_results_export_save  (GFile                  *file,
                                        const char             *contents,
                                        GCancellable           *cancellable,
                                        GError                **error);

/* The wide table's file beside @long_file: "x.csv" gives "x-wide.csv". */
GFile    *pupitre_results_export_wide_file (GFile                 *long_file);
/* Both tables: the long one to @long_file, the wide one beside it. */
gboolean  pupitre_results_export_save_tables (const PupitreResultRow *rows,
                                              guint                   n_rows,
                                              PupitreQuiz            *quiz,
                                              GFile                  *long_file,
                                              GError                **error);

G_END_DECLS
