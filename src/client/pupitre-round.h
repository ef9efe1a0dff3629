/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The round being played, or the last one closed: its question, the
 * player's answer, the others' progress and the right choice. */
#pragma once

#include <glib-object.h>

#include "pupitre-server-message.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_ROUND (pupitre_round_get_type ())
G_DECLARE_FINAL_TYPE (PupitreRound, pupitre_round, PUPITRE, ROUND, GObject)

/*
 * Properties (read-only, notified on change):
 *   number, rounds   the round's number and the quiz's length
 *   countdown        seconds announced by the last countdown
 *   text, choices (GStrv), time-limit-ms
 *   deadline         g_get_monotonic_time () at which the question closes
 *                    (from remaining_ms when the seat was resumed)
 *   answered         this player answered
 *   chosen           the choice sent (0 = don't know, -1 = none)
 *   answer-time-ms   the server-measured time of that answer (-1: not yet)
 *   progress-answered, progress-players
 *   correct, explanation   once the round closed
 */

PupitreRound       *pupitre_round_new                   (void);

/* What the session does with the server's messages. */
void                pupitre_round_reset                 (PupitreRound                   *self);
void                pupitre_round_announce              (PupitreRound                   *self,
                                                         const PupitreServerCountdown   *countdown);
void                pupitre_round_open                  (PupitreRound                   *self,
                                                         const PupitreServerQuestion    *question);
/* The seat joined or came back while round @number of @rounds (0: not
 * said) was under way: what is kept of another round is dropped. */
void                pupitre_round_enter                 (PupitreRound                   *self,
                                                         guint                           number,
                                                         guint                           rounds);
/* The answer as sent, before the server acknowledged it. */
void                pupitre_round_choose                (PupitreRound                   *self,
                                                         guint                           choice);
void                pupitre_round_acknowledge           (PupitreRound                   *self,
                                                         const PupitreServerAnswerAck   *ack);
/* Ignored for another round: a late update would only mislead. */
void                pupitre_round_progress              (PupitreRound                   *self,
                                                         const PupitreServerProgress    *progress);
void                pupitre_round_close                 (PupitreRound                   *self,
                                                         const PupitreServerRoundResult *result);

guint               pupitre_round_get_number            (PupitreRound *self);
guint               pupitre_round_get_rounds            (PupitreRound *self);
guint               pupitre_round_get_countdown         (PupitreRound *self);
const char         *pupitre_round_get_text              (PupitreRound *self);
const char * const *pupitre_round_get_choices           (PupitreRound *self);
gint64              pupitre_round_get_time_limit_ms     (PupitreRound *self);
gint64              pupitre_round_get_deadline          (PupitreRound *self);
gboolean            pupitre_round_get_answered          (PupitreRound *self);
int                 pupitre_round_get_chosen            (PupitreRound *self);
gint64              pupitre_round_get_answer_time_ms    (PupitreRound *self);
guint               pupitre_round_get_progress_answered (PupitreRound *self);
guint               pupitre_round_get_progress_players  (PupitreRound *self);
guint               pupitre_round_get_correct           (PupitreRound *self);
const char         *pupitre_round_get_explanation       (PupitreRound *self);

G_END_DECLS
