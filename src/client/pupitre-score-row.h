/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One line of a score list: a player of the lobby, of a round's results or
 * of the totals, as the session's list models hold it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PUPITRE_TYPE_SCORE_ROW (pupitre_score_row_get_type ())
G_DECLARE_FINAL_TYPE (PupitreScoreRow, pupitre_score_row, PUPITRE, SCORE_ROW, GObject)

/* A row of the players list: choice, points and time-ms are unset. */
PupitreScoreRow *pupitre_score_row_new_player     (const char      *name,
                                                   gboolean         connected,
                                                   gint64           score,
                                                   guint            rank,
                                                   gboolean         is_self);
/* A row of a round's results: @choice and @time_ms are -1 for no answer. */
PupitreScoreRow *pupitre_score_row_new_result     (const char      *name,
                                                   int              choice,
                                                   gint64           points,
                                                   gint64           time_ms,
                                                   gboolean         is_self);
/* A row of the totals. */
PupitreScoreRow *pupitre_score_row_new_total      (const char      *name,
                                                   gint64           score,
                                                   guint            rank,
                                                   gboolean         is_self);

const char      *pupitre_score_row_get_name       (PupitreScoreRow *self);
gboolean         pupitre_score_row_get_connected  (PupitreScoreRow *self);
gint64           pupitre_score_row_get_score      (PupitreScoreRow *self);
/* 0 when the list carries no rank. */
guint            pupitre_score_row_get_rank       (PupitreScoreRow *self);
/* -1: no answer; 0: "I don't know"; else the 1-based choice. */
int              pupitre_score_row_get_choice     (PupitreScoreRow *self);
gint64           pupitre_score_row_get_points     (PupitreScoreRow *self);
/* -1: no answer. */
gint64           pupitre_score_row_get_time_ms    (PupitreScoreRow *self);
gboolean         pupitre_score_row_get_is_self    (PupitreScoreRow *self);

G_END_DECLS
