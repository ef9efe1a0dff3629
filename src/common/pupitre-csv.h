/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one CSV convention of every results table Pupitre writes, on the
 * server or on a teacher's machine: UTF-8 with a byte order mark, commas,
 * a point before decimals, every cell quoted, and text people wrote kept
 * from being read as a formula. Only the words are in the writer's
 * language. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUPITRE_CSV_BOM "\xEF\xBB\xBF"

/* A cell as it is (words Pupitre writes). */
void pupitre_csv_append_field        (GString    *row,
                                      const char *value);
/* A cell of text people wrote: names, questions, choices. */
void pupitre_csv_append_text         (GString    *row,
                                      const char *value);
void pupitre_csv_append_number       (GString    *row,
                                      gint64      value);
/* Seconds with two decimals; an empty cell when @time_ms < 0. */
void pupitre_csv_append_seconds      (GString    *row,
                                      gint64      time_ms);
/* Ends a row. */
void pupitre_csv_end_row             (GString    *row);

/* The header of the long table: round, question, player, answer, right,
 * time, points, score, rank. */
void pupitre_csv_append_results_header (GString  *out);
/* One player in one round. @answer is the choice's text (NULL when the
 * player gave none or did not know: @choice says which). */
void pupitre_csv_append_result       (GString    *out,
                                      guint       round,
                                      const char *question,
                                      const char *player,
                                      int         choice,
                                      const char *answer,
                                      gboolean    correct,
                                      gint64      time_ms,
                                      gint64      points,
                                      gint64      score,
                                      guint       rank);

G_END_DECLS
