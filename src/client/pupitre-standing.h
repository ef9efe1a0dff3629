/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The player's standing after the last closed round: points, score, rank. */
#pragma once

#include <glib-object.h>

#include "pupitre-server-message.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_STANDING (pupitre_standing_get_type ())
G_DECLARE_FINAL_TYPE (PupitreStanding, pupitre_standing, PUPITRE, STANDING, GObject)

/*
 * Properties (read-only, notified on change), from the server's standing:
 *   round            the round it follows (0 before any)
 *   points           what that round brought
 *   score, rank      the total and the place (0: none yet)
 *   players          the players ranked (0 when the server did not say)
 *   final            the standing after the last round
 */

PupitreStanding *pupitre_standing_new         (void);

/* The session's own: one message in, every change notified at once. */
void             pupitre_standing_update      (PupitreStanding             *self,
                                               const PupitreServerStanding *standing);
void             pupitre_standing_reset       (PupitreStanding             *self);

guint            pupitre_standing_get_round   (PupitreStanding             *self);
gint64           pupitre_standing_get_points  (PupitreStanding             *self);
gint64           pupitre_standing_get_score   (PupitreStanding             *self);
guint            pupitre_standing_get_rank    (PupitreStanding             *self);
guint            pupitre_standing_get_players (PupitreStanding             *self);
gboolean         pupitre_standing_get_final   (PupitreStanding             *self);

G_END_DECLS
