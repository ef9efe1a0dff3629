/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decoding of the messages a server sends to a client, one typed struct each. */
#pragma once

#include <json-glib/json-glib.h>

#include "pupitre-error.h"
#include "pupitre-game-options.h"

G_BEGIN_DECLS

typedef enum
{
  PUPITRE_SERVER_WELCOME,
  PUPITRE_SERVER_JOINED,
  PUPITRE_SERVER_PLAYERS,
  PUPITRE_SERVER_CHAT,
  PUPITRE_SERVER_COUNTDOWN,
  PUPITRE_SERVER_QUESTION,
  PUPITRE_SERVER_ANSWER_ACK,
  PUPITRE_SERVER_PROGRESS,
  PUPITRE_SERVER_ROUND_RESULT,
  PUPITRE_SERVER_STANDING,
  PUPITRE_SERVER_GAME_OVER,
  PUPITRE_SERVER_ERROR,
  PUPITRE_SERVER_PONG,
  PUPITRE_SERVER_BYE,
  PUPITRE_SERVER_SHUTDOWN,
  /* Hosted games (docs/protocol.md section 14). */
  PUPITRE_SERVER_GAME_CREATED,
  PUPITRE_SERVER_GAME_STATE,
  PUPITRE_SERVER_HOST_PROGRESS,
  PUPITRE_SERVER_ROUND_REPORT,
  PUPITRE_SERVER_RESULTS,
  PUPITRE_SERVER_TIMER,
  PUPITRE_SERVER_GAME_CLOSED,
  /* A type this program does not know, as a newer server may send: the
   * contract says to ignore it. Only type_name is set. */
  PUPITRE_SERVER_UNKNOWN,
} PupitreServerMessageType;

/* The state a joined message names. */
typedef enum
{
  PUPITRE_GAME_STATE_LOBBY,
  PUPITRE_GAME_STATE_COUNTDOWN,
  PUPITRE_GAME_STATE_QUESTION,
  PUPITRE_GAME_STATE_RESULTS,
  PUPITRE_GAME_STATE_OVER,
} PupitreGameState;

typedef struct
{
  char     *name;
  gboolean  connected;
  gint64    score;
} PupitreServerPlayer;

typedef struct
{
  char   *name;
  int     choice;   /* -1: no answer (JSON null) */
  gint64  points;
  gint64  time_ms;  /* -1: no answer (JSON null) */
} PupitreServerResult;

typedef struct
{
  char   *name;
  gint64  score;
  guint   rank;
} PupitreServerTotal;

typedef struct
{
  gint64  protocol;  /* PUPITRE_PROTOCOL_VERSION when absent */
  char   *server;    /* NULL when absent */
} PupitreServerWelcome;

typedef struct
{
  char             *name;
  char             *token;
  char             *game;     /* NULL when absent */
  PupitreGameState  state;
  guint             needed;
  gboolean          resumed;

  /* Section 14.9: what a server of hosted games adds. */
  PupitreScoring      scoring;      /* CLASSIC when absent */
  guint               round;        /* 0 when absent */
  guint               rounds;       /* 0 when absent */
  gboolean            hosted;
  gboolean            has_options;
  PupitreGameOptions  options;      /* the defaults when absent */
} PupitreServerJoined;

typedef struct
{
  guint                count;
  /* -1 when absent: the game's needed did not change. */
  gint64               needed;
  PupitreServerPlayer *players;  /* at most PUPITRE_LIST_MAX */
  guint                n_players;
} PupitreServerPlayers;

typedef struct
{
  char     *from;
  char     *text;
  gboolean  host;  /* the game's host wrote it */
} PupitreServerChat;

typedef struct
{
  guint round;
  guint rounds;
  guint seconds;
} PupitreServerCountdown;

typedef struct
{
  guint   round;
  guint   rounds;
  char   *text;
  char  **choices;        /* 2 to PUPITRE_MAX_CHOICES */
  gint64  time_limit_ms;
  gint64  remaining_ms;   /* -1 when absent: the question was just opened */
} PupitreServerQuestion;

typedef struct
{
  guint  round;
  guint  choice;
  gint64 time_ms;
} PupitreServerAnswerAck;

typedef struct
{
  guint round;
  guint answered;
  guint players;
} PupitreServerProgress;

typedef struct
{
  guint                round;
  guint                correct;
  char                *explanation;  /* NULL when absent */
  PupitreServerResult *results;      /* at most PUPITRE_LIST_MAX */
  guint                n_results;
  PupitreServerTotal  *totals;       /* at most PUPITRE_LIST_MAX */
  guint                n_totals;
} PupitreServerRoundResult;

typedef struct
{
  guint    round;
  int      choice;    /* -1: no answer */
  gint64   points;
  gint64   time_ms;   /* -1: no answer */
  gint64   score;
  guint    rank;
  guint    players;   /* 0 when absent */
  gboolean final;
} PupitreServerStanding;

typedef struct
{
  PupitreServerTotal *totals;  /* at most PUPITRE_LIST_MAX */
  guint               n_totals;
  gint64              next_game_ms;  /* -1: no new game comes by itself */
} PupitreServerGameOver;

typedef struct
{
  PupitreErrorCode  code;
  char             *code_name;  /* as sent: a newer server may have more */
  char             *message;    /* NULL when absent or empty */
  char             *ref;        /* NULL when absent */
} PupitreServerError;

typedef struct
{
  JsonNode *id;  /* NULL when the pong had no id */
} PupitreServerPong;

typedef struct
{
  char               *game;
  char               *host_token;
  char               *title;     /* NULL when absent */
  guint               rounds;
  PupitreGameOptions  options;   /* the defaults when absent */
  char              **warnings;  /* never NULL; empty when absent */
  gboolean            resumed;
} PupitreServerGameCreated;

typedef struct
{
  char             *game;
  PupitreGameState  state;
  guint             round;
  guint             rounds;
  gboolean          locked;
  gboolean          paused;
  guint             players;
  guint             connected;
} PupitreServerGameState;

typedef struct
{
  guint   round;
  guint   answered;
  guint   players;
  char  **waiting;  /* never NULL; at most PUPITRE_LIST_MAX */
} PupitreServerHostProgress;

typedef struct
{
  guint   round;
  guint   correct;
  guint  *counts;      /* one per choice, in the quiz's order */
  guint   n_counts;
  guint   dont_know;
  guint   no_answer;
  gint64  average_ms;  /* -1: no answer was given (JSON null) */
} PupitreServerRoundReport;

typedef struct
{
  guint     round;
  char     *question;
  char     *player;
  int       choice;    /* -1: no answer (JSON null); 0: "I don't know" */
  gboolean  correct;
  gint64    time_ms;   /* -1: no answer (JSON null) */
  gint64    points;
  gint64    score;
  guint     rank;
} PupitreServerResultRow;

typedef struct
{
  PupitreServerResultRow *rows;  /* at most PUPITRE_LIST_MAX */
  guint                   n_rows;
  gboolean                done;
} PupitreServerResults;

typedef struct
{
  PupitreGameState  state;
  guint             round;          /* 0 when absent */
  gint64            remaining_ms;   /* -1: null or absent (no limit) */
  gint64            time_limit_ms;  /* -1 when absent */
  gboolean          paused;
  char             *reason;         /* NULL when absent */
} PupitreServerTimer;

typedef struct
{
  char *reason;  /* "host", "host-away", "idle", or a newer server's */
} PupitreServerGameClosed;

typedef struct
{
  PupitreServerMessageType type;
  char                    *type_name;

  union
  {
    PupitreServerWelcome     welcome;
    PupitreServerJoined      joined;
    PupitreServerPlayers     players;
    PupitreServerChat        chat;
    PupitreServerCountdown   countdown;
    PupitreServerQuestion    question;
    PupitreServerAnswerAck   answer_ack;
    PupitreServerProgress    progress;
    PupitreServerRoundResult round_result;
    PupitreServerStanding    standing;
    PupitreServerGameOver    game_over;
    PupitreServerError       error;
    PupitreServerPong        pong;
    PupitreServerGameCreated  game_created;
    PupitreServerGameState    game_state;
    PupitreServerHostProgress host_progress;
    PupitreServerRoundReport  round_report;
    PupitreServerResults      results;
    PupitreServerTimer        timer;
    PupitreServerGameClosed   game_closed;
  };
} PupitreServerMessage;

/* Decodes one line from a server. Every member of a known type is checked
 * (type, range) before anything is returned; unknown members are ignored,
 * lists beyond PUPITRE_LIST_MAX entries are cut. On failure returns NULL
 * with PUPITRE_ERROR_BAD_JSON (not a JSON object with a string "type") or
 * PUPITRE_ERROR_BAD_FIELD (a member missing, of the wrong type or out of
 * range), the message naming the type and the member. */
PupitreServerMessage *pupitre_server_message_decode (const char            *line,
                                                     gsize                  len,
                                                     GError               **error);

void                  pupitre_server_message_free   (PupitreServerMessage  *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreServerMessage, pupitre_server_message_free)

G_END_DECLS
