/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a game's events leave for the teacher: log lines and the results
 * file. */
#pragma once

#include <glib-object.h>

#include "pupitre-config.h"
#include "pupitre-game.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_REPORT (pupitre_report_get_type ())
G_DECLARE_FINAL_TYPE (PupitreReport, pupitre_report, PUPITRE, REPORT, GObject)

/* @config is borrowed (its results folder is read at each game's start)
 * and must outlive the report. */
PupitreReport *pupitre_report_new       (PupitreConfig          *config);
/* Logs @event of @game and writes it to that game's results file. */
void           pupitre_report_event     (PupitreReport          *self,
                                         PupitreGame            *game,
                                         const PupitreGameEvent *event);
/* The server stops: the rounds of @game already played are kept, even
 * when the game is cut short (for each game). */
void           pupitre_report_cut_short (PupitreReport          *self,
                                         PupitreGame            *game);

G_END_DECLS
