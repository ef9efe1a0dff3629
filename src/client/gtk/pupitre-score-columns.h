/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Columns that show PupitreScoreRow items in a GtkColumnView, shared by the pages. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a column shows of a row. */
typedef enum
{
  PUPITRE_SCORE_COLUMN_NAME,
  PUPITRE_SCORE_COLUMN_RANK,
  PUPITRE_SCORE_COLUMN_SCORE,
  PUPITRE_SCORE_COLUMN_POINTS,
  PUPITRE_SCORE_COLUMN_TIME,
  PUPITRE_SCORE_COLUMN_ANSWER,
} PupitreScoreColumn;

/* Appends a column titled @title to @view. The row of the player's own
 * line gets the "self" style class, a disconnected player's the "dim-label". */
void   pupitre_score_columns_append        (GtkColumnView      *view,
                                            PupitreScoreColumn  column,
                                            const char         *title);
/* The texts of the question's choices, for ANSWER columns (copied). */
void   pupitre_score_columns_set_choices   (GtkColumnView      *view,
                                            const char * const *choices);

/* "+3", "−1", "0": points with their sign. */
char  *pupitre_format_points               (gint64              points);
/* "1st", "2nd", ... */
char  *pupitre_format_ordinal              (guint               rank);

G_END_DECLS
