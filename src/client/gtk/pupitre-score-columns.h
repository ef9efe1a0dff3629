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

/* Keeps the player's own row in view when the rows change (@view sits
 * in a GtkScrolledWindow and has its model). */
void   pupitre_score_columns_follow_self   (GtkColumnView      *view);
/* "You are 23rd of 40", from @view's rows, or NULL when the player is not
 * among them; @players is the game's count if known, else 0. */
char  *pupitre_score_columns_describe_self (GtkColumnView      *view,
                                            guint               players);

/* "+3", "−1", "0": points with their sign. */
char  *pupitre_format_points               (gint64              points);
/* "1st", "2nd", ... */
char  *pupitre_format_ordinal              (guint               rank);
/* "7", "0", "−1": a score with a real minus sign. */
char  *pupitre_format_score                (gint64              score);
/* "3) Linux": the number of a choice and its text, the text isolated
 * from the number's direction when it is written the other way. */
char  *pupitre_format_choice               (guint               number,
                                            const char         *text);

/* Makes @list (a GtkListView, GtkGridView or GtkColumnView) one stop of
 * the Tab chain: Tab and Shift+Tab leave it, the arrows move in it. */
void   pupitre_list_set_one_tab_stop       (GtkWidget          *list);

G_END_DECLS
