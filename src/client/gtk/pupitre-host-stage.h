/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hosted game's screens: the projector's (what every student may see)
 * or the teacher's (with the names still thinking, the right answer on
 * request, and a kick button on each player). */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-host-game.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_HOST_STAGE (pupitre_host_stage_get_type ())
G_DECLARE_FINAL_TYPE (PupitreHostStage, pupitre_host_stage, PUPITRE, HOST_STAGE, GtkWidget)

/*
 * Signals: kick (const char *name), from a player's button (teacher's
 * view only).
 * Properties: "game", "projection", "show-answer".
 */

GtkWidget       *pupitre_host_stage_new             (gboolean          projection);
void             pupitre_host_stage_set_game        (PupitreHostStage *self,
                                                     PupitreHostGame  *game);
PupitreHostGame *pupitre_host_stage_get_game        (PupitreHostStage *self);
gboolean         pupitre_host_stage_get_projection  (PupitreHostStage *self);
/* Teacher's view only: the right answer marked while the question is open. */
void             pupitre_host_stage_set_show_answer (PupitreHostStage *self,
                                                     gboolean          show_answer);
/* The name of the page shown: "lobby", "question", "results"… */
const char      *pupitre_host_stage_get_page        (PupitreHostStage *self);
/* Everything the stage's labels say now, one per line: what a test checks
 * the projector never shows. */
char            *pupitre_host_stage_dup_text        (PupitreHostStage *self);

G_END_DECLS
