/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A teacher's connection to a hosted game (docs/protocol.md, section 14),
 * shared by the GTK host window and the console's host mode: it uploads
 * the quiz, drives the game and keeps what the host's screen shows. */
#pragma once

#include <gio/gio.h>

#include "pupitre-chat-line.h"
#include "pupitre-score-row.h"
#include "pupitre-session.h"
#include "pupitre-trust.h"

G_BEGIN_DECLS

typedef enum
{
  PUPITRE_HOST_STATE_DISCONNECTED,
  PUPITRE_HOST_STATE_CONNECTING,  /* connecting, uploading, or resuming */
  PUPITRE_HOST_STATE_LOBBY,
  PUPITRE_HOST_STATE_COUNTDOWN,
  PUPITRE_HOST_STATE_QUESTION,
  PUPITRE_HOST_STATE_RESULTS,
  PUPITRE_HOST_STATE_OVER,
  PUPITRE_HOST_STATE_RECONNECTING, /* the link dropped; resume_host is under way */
  PUPITRE_HOST_STATE_CLOSED,       /* game_closed received: the code is gone */
} PupitreHostState;

#define PUPITRE_TYPE_HOST_STATE (pupitre_host_state_get_type ())
GType pupitre_host_state_get_type (void);

typedef enum
{
  PUPITRE_HOST_SCORING_CLASSIC,
  PUPITRE_HOST_SCORING_SPEED,
  PUPITRE_HOST_SCORING_RIGHT,
} PupitreHostScoring;

/* The options of create_game (section 14.2). time_limit_ms: -1 for "from
 * the quiz", 0 for "no limit", else the limit of every question. */
typedef struct
{
  PupitreHostScoring scoring;
  gboolean           question_points;
  gint64             time_limit_ms;
  gint64             countdown_ms;
  gboolean           shuffle;
  gboolean           late_join;
  gboolean           chat;
  guint              leaderboard;
  gboolean           auto_advance;
  guint              max_players;   /* 0: the server's limit */
} PupitreHostOptions;

/* The defaults of section 14.2. */
void        pupitre_host_options_init          (PupitreHostOptions *options);
const char *pupitre_host_scoring_to_string     (PupitreHostScoring  scoring);
gboolean    pupitre_host_scoring_from_string   (const char         *text,
                                                PupitreHostScoring *scoring);

/* One row of the game's results (section 14.3's `results`). choice: -1
 * for no answer, 0 for "I don't know"; time_ms: -1 for no answer. */
typedef struct
{
  guint   round;
  char   *question;
  char   *player;
  int     choice;
  char   *choice_text;  /* NULL for no answer */
  gboolean correct;
  gint64  time_ms;
  gint64  points;
  gint64  score;
  guint   rank;
} PupitreResultRow;

void pupitre_result_row_clear (PupitreResultRow *row);

/* The report of a closed round (section 14.3's `round_report`). */
typedef struct
{
  guint   round;
  guint   correct;       /* the right choice, in the quiz's order */
  GArray *counts;        /* guint per choice, in the quiz's order */
  guint   dont_know;
  guint   no_answer;
  gint64  average_ms;    /* -1: no answer given */
} PupitreRoundReport;

#define PUPITRE_TYPE_HOST (pupitre_host_get_type ())
G_DECLARE_FINAL_TYPE (PupitreHost, pupitre_host, PUPITRE, HOST, GObject)

/*
 * Properties (read-only, notified on change):
 *   state        PupitreHostState
 *   code         the game's code ("K7RT4Q"), NULL until game_created
 *   title        the quiz's title
 *   round        the current or last round (0 before the first)
 *   rounds       the number of questions
 *   locked       gboolean
 *   paused       gboolean
 *   player-count seats in the game; connected-count: those connected
 *   answered     answers in the open round (host_progress)
 *   remaining-ms the clock of the countdown or question as the last timer,
 *                countdown or question left it (-1: no limit); a client
 *                counts down from it itself while not paused
 *   time-limit-ms the open question's limit (0: none)
 *
 * Signals:
 *   created (gboolean resumed)   game_created; code and host token known
 *   error (GError*)              a protocol error (PUPITRE_ERROR, with the
 *                                server's message; bad-quiz's line is in the
 *                                message) or a connection failure
 *   question-opened              the question's text and choices: see
 *                                pupitre_host_get_question()
 *   round-reported (const PupitreRoundReport *report)
 *   results-ready                every row of the results received (done)
 *   game-finished                game_over received (totals updated)
 *   closed (const char *reason)  game_closed: "host", "host-away", "idle"
 *   certificate-unknown          as PupitreSession's
 */

PupitreHost *pupitre_host_new                  (void);

/* Connects to @host:@port (TLS when @secure, with @trust's trust on first
 * use), uploads @quiz_text as quiz_part lines and create_game. @format
 * "json", "gift", "aiken", "moodle" or "csv" (NULL: from @filename's
 * extension); @host_key NULL when the server is open; @name the host's
 * chat name (NULL: "Host"). */
void         pupitre_host_create               (PupitreHost              *self,
                                                const char               *host,
                                                guint                     port,
                                                gboolean                  secure,
                                                const char               *quiz_text,
                                                const char               *format,
                                                const char               *filename,
                                                const char               *name,
                                                const char               *host_key,
                                                const PupitreHostOptions *options);
/* Connects and sends resume_host for @code with @host_token. */
void         pupitre_host_resume               (PupitreHost *self,
                                                const char  *host,
                                                guint        port,
                                                gboolean     secure,
                                                const char  *code,
                                                const char  *host_token);

/* The commands of section 14.4; each returns FALSE (and sends nothing)
 * when the host is not connected to a game. */
gboolean     pupitre_host_start                (PupitreHost *self);
gboolean     pupitre_host_next                 (PupitreHost *self);
gboolean     pupitre_host_close_question       (PupitreHost *self);
gboolean     pupitre_host_pause                (PupitreHost *self);
gboolean     pupitre_host_resume_game          (PupitreHost *self);
gboolean     pupitre_host_add_time             (PupitreHost *self,
                                                gint64       ms);
gboolean     pupitre_host_kick                 (PupitreHost *self,
                                                const char  *name);
gboolean     pupitre_host_lock                 (PupitreHost *self,
                                                gboolean     locked);
gboolean     pupitre_host_end                  (PupitreHost *self);
gboolean     pupitre_host_play_again           (PupitreHost *self);
gboolean     pupitre_host_request_results      (PupitreHost *self);
gboolean     pupitre_host_send_chat            (PupitreHost *self,
                                                const char  *text);
/* Sends close_game and quit, and closes the link; state CLOSED. */
void         pupitre_host_close_game           (PupitreHost *self);
/* Closes the link without closing the game (the host may resume). */
void         pupitre_host_disconnect           (PupitreHost *self);

PupitreHostState pupitre_host_get_state        (PupitreHost *self);
const char  *pupitre_host_get_code             (PupitreHost *self);
const char  *pupitre_host_get_host_token       (PupitreHost *self);
const char  *pupitre_host_get_title            (PupitreHost *self);
const char  *pupitre_host_get_server           (PupitreHost *self); /* "host:port" */
guint        pupitre_host_get_round            (PupitreHost *self);
guint        pupitre_host_get_rounds           (PupitreHost *self);
gboolean     pupitre_host_get_locked           (PupitreHost *self);
gboolean     pupitre_host_get_paused           (PupitreHost *self);
guint        pupitre_host_get_player_count     (PupitreHost *self);
guint        pupitre_host_get_connected_count  (PupitreHost *self);
guint        pupitre_host_get_answered         (PupitreHost *self);
gint64       pupitre_host_get_remaining_ms     (PupitreHost *self);
gint64       pupitre_host_get_time_limit_ms    (PupitreHost *self);
/* The effective options from game_created. */
const PupitreHostOptions *pupitre_host_get_options (PupitreHost *self);
/* game_created's warnings (strings), never NULL. */
GPtrArray   *pupitre_host_get_warnings         (PupitreHost *self);

/* The open or last question: its text and choices (strings, in the
 * quiz's order), and after the round its right choice (1-based, 0 before). */
const char  *pupitre_host_get_question         (PupitreHost *self);
GPtrArray   *pupitre_host_get_choices          (PupitreHost *self);
guint        pupitre_host_get_correct          (PupitreHost *self);

/* GListModels, owned by the host, same identity for its whole life:
 * PupitreScoreRow (players, last round, totals) and PupitreChatLine. The
 * waiting names: the players of the open round who have not answered. */
GListModel  *pupitre_host_get_players          (PupitreHost *self);
GListModel  *pupitre_host_get_round_results    (PupitreHost *self);
GListModel  *pupitre_host_get_totals           (PupitreHost *self);
GListModel  *pupitre_host_get_chat             (PupitreHost *self);
const char * const *pupitre_host_get_waiting   (PupitreHost *self);

/* The results rows received so far (PupitreResultRow), in order. */
GArray      *pupitre_host_get_results          (PupitreHost *self);
/* Writes the results as CSV: @wide FALSE for one row per player and
 * question (round, question, player, choice, choice_text, correct,
 * time_s, points, score, rank), TRUE for one row per player (rank,
 * player, score, then each question's points). RFC 4180 quoting, UTF-8,
 * a header row. */
gboolean     pupitre_host_write_results        (PupitreHost  *self,
                                                GFile        *file,
                                                gboolean      wide,
                                                GError      **error);

G_END_DECLS
