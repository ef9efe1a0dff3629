/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A player's connection to a game, shared by the GTK and console clients:
 * it speaks the protocol and holds what the screens show. */
#pragma once

#include <gio/gio.h>

#include "pupitre-chat-line.h"
#include "pupitre-error.h"
#include "pupitre-score-row.h"

G_BEGIN_DECLS

typedef enum
{
  PUPITRE_SESSION_STATE_DISCONNECTED,
  PUPITRE_SESSION_STATE_CONNECTING,
  PUPITRE_SESSION_STATE_LOBBY,
  PUPITRE_SESSION_STATE_COUNTDOWN,
  PUPITRE_SESSION_STATE_QUESTION,
  PUPITRE_SESSION_STATE_RESULTS,
  PUPITRE_SESSION_STATE_OVER,
  /* The link dropped; the session is getting its seat back with its token. */
  PUPITRE_SESSION_STATE_RECONNECTING,
} PupitreSessionState;

#define PUPITRE_TYPE_SESSION_STATE (pupitre_session_state_get_type ())
GType pupitre_session_state_get_type (void);

#define PUPITRE_TYPE_SESSION (pupitre_session_get_type ())
G_DECLARE_FINAL_TYPE (PupitreSession, pupitre_session, PUPITRE, SESSION, GObject)

/*
 * Properties (all read-only, notified on change):
 *   state            PupitreSessionState
 *   host, port       where it connects
 *   name             the pseudonym the server confirmed
 *   game             the game's code
 *   needed           players the game waits for before it starts
 *   connected-count  players connected now (from the players list)
 *   player-count     seats in the game
 *   round, rounds    the current question's number and the quiz's length
 *   countdown        seconds announced by the last countdown
 *   question-text, choices (GStrv), time-limit-ms
 *   deadline         g_get_monotonic_time () at which the open question
 *                    closes (from remaining_ms when resumed)
 *   answered         this player answered the open question
 *   chosen           the choice sent (0 = don't know, -1 = none)
 *   answer-time-ms   the server-measured time of that answer
 *   progress-answered, progress-players
 *   correct, explanation  of the last closed round
 *   points, score, rank   this player's standing after the last round
 *   final            the standing is the final one
 * Added since the first draft:
 *   player-count, countdown, chosen, answer-time-ms, progress-*, points,
 *   host, port, game and final have getters below;
 *   reconnect-timeout (read-write, ms, default 60000): how long a dropped
 *                    session keeps trying to get its seat back
 *
 * Signals:
 *   error (GError*)        a protocol error from the server (PUPITRE_ERROR),
 *                          or a connection failure (G_IO_ERROR, G_RESOLVER_ERROR)
 *   chat-received (from, text)
 *   countdown-started, question-opened, answer-acknowledged,
 *   round-finished (round_result received), standing-changed,
 *   game-finished (game_over received), server-shutdown
 *   joined (gboolean resumed)  the server accepted the join, or the resume
 *                              after a reconnection
 */

PupitreSession *pupitre_session_new                 (void);

/* Connects and joins; progress shows in state, failures in ::error.
 * @game may be NULL for the server's default game. */
void            pupitre_session_connect             (PupitreSession *self,
                                                     const char     *host,
                                                     guint           port,
                                                     const char     *name,
                                                     const char     *game);
/* FALSE (and nothing sent) when no question is open or it was answered. */
gboolean        pupitre_session_answer              (PupitreSession *self,
                                                     guint           choice);
/* FALSE (and nothing sent) when chat is closed: not joined, or a question open. */
gboolean        pupitre_session_send_chat           (PupitreSession *self,
                                                     const char     *text);
/* Sends quit and closes; the session ends DISCONNECTED, without reconnecting. */
void            pupitre_session_quit                (PupitreSession *self);

PupitreSessionState pupitre_session_get_state       (PupitreSession *self);
const char     *pupitre_session_get_name            (PupitreSession *self);
guint           pupitre_session_get_needed          (PupitreSession *self);
guint           pupitre_session_get_connected_count (PupitreSession *self);
guint           pupitre_session_get_round           (PupitreSession *self);
guint           pupitre_session_get_rounds          (PupitreSession *self);
const char     *pupitre_session_get_question_text   (PupitreSession *self);
const char * const *pupitre_session_get_choices     (PupitreSession *self);
gint64          pupitre_session_get_time_limit_ms   (PupitreSession *self);
gint64          pupitre_session_get_deadline        (PupitreSession *self);
gboolean        pupitre_session_get_answered        (PupitreSession *self);
guint           pupitre_session_get_correct         (PupitreSession *self);
const char     *pupitre_session_get_explanation     (PupitreSession *self);
gint64          pupitre_session_get_score           (PupitreSession *self);
guint           pupitre_session_get_rank            (PupitreSession *self);

/* GListModels of PupitreScoreRow (players, round results, totals) and of
 * PupitreChatLine (chat). The models are owned by the session and keep
 * their identity for its whole life; their items are replaced. */
GListModel     *pupitre_session_get_players         (PupitreSession *self);
GListModel     *pupitre_session_get_round_results   (PupitreSession *self);
GListModel     *pupitre_session_get_totals          (PupitreSession *self);
GListModel     *pupitre_session_get_chat            (PupitreSession *self);

const char     *pupitre_session_get_host            (PupitreSession *self);
guint           pupitre_session_get_port            (PupitreSession *self);
const char     *pupitre_session_get_game            (PupitreSession *self);
guint           pupitre_session_get_player_count    (PupitreSession *self);
guint           pupitre_session_get_countdown       (PupitreSession *self);
/* 0 = don't know, -1 = none */
int             pupitre_session_get_chosen          (PupitreSession *self);
/* -1 until the server acknowledged the answer. */
gint64          pupitre_session_get_answer_time_ms  (PupitreSession *self);
guint           pupitre_session_get_progress_answered (PupitreSession *self);
guint           pupitre_session_get_progress_players  (PupitreSession *self);
gint64          pupitre_session_get_points          (PupitreSession *self);
gboolean        pupitre_session_get_final           (PupitreSession *self);
guint           pupitre_session_get_reconnect_timeout (PupitreSession *self);
void            pupitre_session_set_reconnect_timeout (PupitreSession *self,
                                                       guint           timeout_ms);

G_END_DECLS
