/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a hosted game looks like to its teacher, kept from the server's
 * messages: the screens of the host window and of the projection read it,
 * and the teacher's one key moves it on. */
#pragma once

#include <gio/gio.h>

#include "pupitre-game-options.h"
#include "pupitre-host.h"
#include "pupitre-quiz.h"

G_BEGIN_DECLS

typedef enum
{
  PUPITRE_HOST_PHASE_CONNECTING,
  PUPITRE_HOST_PHASE_LOBBY,
  PUPITRE_HOST_PHASE_COUNTDOWN,
  PUPITRE_HOST_PHASE_QUESTION,
  /* The round is closed: the answers' chart. */
  PUPITRE_HOST_PHASE_RESULTS,
  /* The same round, its top players: a step of the teacher's, not the
   * server's. */
  PUPITRE_HOST_PHASE_LEADERBOARD,
  PUPITRE_HOST_PHASE_OVER,
  /* Nothing follows: see pupitre_host_game_get_closed_reason(). */
  PUPITRE_HOST_PHASE_CLOSED,
} PupitreHostPhase;

typedef struct
{
  char     *name;
  gboolean  connected;
  gint64    score;
  guint     rank;
} PupitreHostPlayer;

typedef struct
{
  guint    correct;       /* 1-based */
  guint   *counts;        /* one per choice, in the quiz's order */
  guint    n_counts;
  guint    dont_know;
  guint    no_answer;
  gint64   average_ms;    /* -1: nobody answered */
} PupitreHostReport;

#define PUPITRE_TYPE_HOST_GAME (pupitre_host_game_get_type ())
G_DECLARE_FINAL_TYPE (PupitreHostGame, pupitre_host_game, PUPITRE, HOST_GAME, GObject)

/*
 * Signals:
 *   changed ()   after every message that changed what the screens show
 *   notice (const char *text)
 *                something the teacher should read: an error the server
 *                sent about a command, a warning about the quiz
 * Properties: "phase".
 */

/* @quiz (may be NULL) is the quiz sent: the teacher may see a question's
 * right answer from it before the round closes, and the answers' texts. */
PupitreHostGame          *pupitre_host_game_new              (PupitreHost     *host,
                                                              PupitreQuiz     *quiz);
PupitreHost              *pupitre_host_game_get_host         (PupitreHostGame *self);
PupitreQuiz              *pupitre_host_game_get_quiz         (PupitreHostGame *self);

PupitreHostPhase          pupitre_host_game_get_phase        (PupitreHostGame *self);
/* The one key of the teacher: start, show the question now, close it,
 * show the leaderboard, go to the next question, or to the podium. */
void                      pupitre_host_game_advance          (PupitreHostGame *self);

const char               *pupitre_host_game_get_code         (PupitreHostGame *self);
const char               *pupitre_host_game_get_title        (PupitreHostGame *self);
const PupitreGameOptions *pupitre_host_game_get_options      (PupitreHostGame *self);
guint                     pupitre_host_game_get_round        (PupitreHostGame *self);
guint                     pupitre_host_game_get_rounds       (PupitreHostGame *self);
gboolean                  pupitre_host_game_get_locked       (PupitreHostGame *self);
gboolean                  pupitre_host_game_get_paused       (PupitreHostGame *self);
/* "host" or "host-away" while paused, else NULL. */
const char               *pupitre_host_game_get_pause_reason (PupitreHostGame *self);

/* The seats, as the last players message listed them (at most 100), and
 * how many there are in all. */
const PupitreHostPlayer  *pupitre_host_game_get_players      (PupitreHostGame *self,
                                                              guint           *n_players);
guint                     pupitre_host_game_get_n_seats      (PupitreHostGame *self);

/* The open or last question, as the players got it. */
const char               *pupitre_host_game_get_question     (PupitreHostGame *self);
const char * const       *pupitre_host_game_get_choices      (PupitreHostGame *self);
/* From the quiz, 0 when unknown: for the teacher's eyes only. */
guint                     pupitre_host_game_get_answer       (PupitreHostGame *self);
/* Of the countdown or the question, in ms; -1: no time limit. */
gint64                    pupitre_host_game_get_remaining_ms (PupitreHostGame *self);
gint64                    pupitre_host_game_get_time_limit_ms (PupitreHostGame *self);
guint                     pupitre_host_game_get_answered     (PupitreHostGame *self);
guint                     pupitre_host_game_get_in_round     (PupitreHostGame *self);
const char * const       *pupitre_host_game_get_waiting      (PupitreHostGame *self);

/* Of the last closed round; NULL before the first one closes. */
const PupitreHostReport  *pupitre_host_game_get_report       (PupitreHostGame *self);
const char               *pupitre_host_game_get_explanation  (PupitreHostGame *self);
/* The ranking after the last round (the whole of it at the end). */
const PupitreHostPlayer  *pupitre_host_game_get_totals       (PupitreHostGame *self,
                                                              guint           *n_totals);

/* "host", "host-away", "idle", "shutdown", or the error that ended it. */
const char               *pupitre_host_game_get_closed_reason (PupitreHostGame *self);

G_END_DECLS
