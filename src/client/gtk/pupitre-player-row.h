/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One player of the lobby's list: an initial, the name, and a tag. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-score-row.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_PLAYER_ROW (pupitre_player_row_get_type ())
G_DECLARE_FINAL_TYPE (PupitrePlayerRow, pupitre_player_row, PUPITRE, PLAYER_ROW, GtkWidget)

GtkWidget       *pupitre_player_row_new      (void);
PupitreScoreRow *pupitre_player_row_get_item (PupitrePlayerRow *self);
/* @item may be NULL: the row shows nothing. */
void             pupitre_player_row_set_item (PupitrePlayerRow *self,
                                              PupitreScoreRow  *item);

G_END_DECLS
