/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The game's rules as a state machine without I/O: inputs carry the time,
 * outputs are typed events waiting in one outbox for the network layer. */
#pragma once

#include <glib-object.h>

#include "pupitre-game-options.h"
#include "pupitre-message.h"
#include "pupitre-quiz.h"

G_BEGIN_DECLS

typedef enum
{
  PUPITRE_GAME_PHASE_LOBBY,
  PUPITRE_GAME_PHASE_COUNTDOWN,
  PUPITRE_GAME_PHASE_QUESTION,
  PUPITRE_GAME_PHASE_RESULTS,
  PUPITRE_GAME_PHASE_OVER,
} PupitreGamePhase;

/* Draws the token of a new seat: the kernel's random source in the
 * server, a counter in tests. */
typedef char  *(*PupitreTokenFunc)    (gpointer user_data);
/* How long membership or progress updates wait after the last one, for
 * @n_connected players and the protocol's own @base_us: what a broadcast
 * costs is the network layer's to know. */
typedef gint64 (*PupitreIntervalFunc) (guint    n_connected,
                                       gint64   base_us,
                                       gpointer user_data);

typedef struct
{
  guint       needed;         /* connected players that start a game */
  guint       max_players;    /* seats at most; 0: no limit */
  gint64      countdown_ms;   /* before each question */
  gint64      time_limit_ms;  /* when neither question nor quiz gives one */
  gint64      pause_ms;       /* results shown before the next countdown */
  gint64      over_pause_ms;  /* final ranking shown before the lobby opens again */
  const char *host_key;       /* NULL or empty: nobody can be host */

  /* Hosted games (docs/protocol.md section 14): a host drives the game
   * and holds no seat; nothing starts, and nothing moves on between
   * questions, without it. The standing game uses only @options.scoring
   * and @options.question_points. */
  gboolean            hosted;
  PupitreGameOptions  options;
  const char         *host_name;      /* the host in the chat */
  gint64              host_grace_ms;  /* the host away this long closes the game */
  gint64              idle_ms;        /* neither host nor player this long closes it */
  guint32             shuffle_seed;   /* the players' orders of choices, with options.shuffle */

  PupitreTokenFunc    new_token;        /* required: the game draws nothing itself */
  PupitreIntervalFunc update_interval;  /* NULL: the protocol's intervals */
  gpointer            user_data;        /* for both functions */
} PupitreGameConfig;

/* A player's place in a game; it outlives the player's connections. */
typedef struct _PupitreSeat PupitreSeat;

/* One player of a closed round, in the order of round_result. */
typedef struct
{
  char   *name;
  int     choice;   /* -1: no answer */
  gint64  time_ms;  /* -1: no answer */
  gint64  points;
  gint64  score;    /* after the round */
  guint   rank;     /* after the round */
} PupitreRoundRecord;

typedef enum
{
  PUPITRE_GAME_EVENT_SEND,
  PUPITRE_GAME_EVENT_ROUND_CLOSED,
  PUPITRE_GAME_EVENT_GAME_OVER,
  PUPITRE_GAME_EVENT_PHASE_CHANGED,
  /* @to was kicked: its link closes once its error line is out. */
  PUPITRE_GAME_EVENT_KICKED,
  /* The hosted game is closed (@close_reason): every link of it closes
   * and the game takes no more input. */
  PUPITRE_GAME_EVENT_CLOSED,
} PupitreGameEventType;

/* What the game has to say, in the order it happened. Each event owns
 * what it holds: it stays valid whatever the game does next. */
typedef struct
{
  PupitreGameEventType   type;
  PupitreGamePhase       phase;       /* the phase after the event */
  guint                  round;

  /* SEND: one encoded line, shared by every recipient; @to NULL means
   * every connected member and the host, @to_host the host alone. */
  PupitreSeat           *to;
  gboolean               to_host;
  GBytes                *bytes;
  const char            *close_reason;  /* CLOSED: "host", "host-away", "idle" */

  /* ROUND_CLOSED: the question (@quiz keeps it alive) and its players.
   * GAME_OVER: @totals, every seat ranked (PupitreTotalEntry, names
   * owned). PHASE_CHANGED: @n_connected and @quiz, for the log. */
  PupitreQuiz           *quiz;
  const PupitreQuestion *question;
  GArray                *records;
  GArray                *totals;
  guint                  n_connected;
} PupitreGameEvent;

void             pupitre_game_event_clear        (PupitreGameEvent *event);

#define PUPITRE_TYPE_GAME (pupitre_game_get_type ())
G_DECLARE_FINAL_TYPE (PupitreGame, pupitre_game, PUPITRE, GAME, GObject)

PupitreGame     *pupitre_game_new                (const char              *code,
                                                  PupitreQuiz             *quiz,
                                                  const PupitreGameConfig *config);

const char      *pupitre_game_get_code           (PupitreGame   *self);
PupitreGamePhase pupitre_game_get_phase          (PupitreGame   *self);
const char      *pupitre_game_phase_to_string    (PupitreGamePhase phase);
PupitreQuiz     *pupitre_game_get_quiz           (PupitreGame   *self);
/* The quiz of the next game (the one running keeps its own). */
void             pupitre_game_set_next_quiz      (PupitreGame   *self,
                                                  PupitreQuiz   *quiz);
void             pupitre_game_set_config         (PupitreGame             *self,
                                                  const PupitreGameConfig *config);
/* Input: a new configuration (a reload). A lower number of players needed
 * may start the waiting lobby; the members get it in a players update. */
void             pupitre_game_reconfigure        (PupitreGame             *self,
                                                  const PupitreGameConfig *config,
                                                  gint64                   now);
guint            pupitre_game_get_round          (PupitreGame   *self);
guint            pupitre_game_get_n_seats        (PupitreGame   *self);
guint            pupitre_game_get_n_connected    (PupitreGame   *self);
/* How many games have ended since the server started. */
guint            pupitre_game_get_games_played   (PupitreGame   *self);

/* Inputs. @now is a monotonic time in microseconds. */
PupitreSeat     *pupitre_game_join               (PupitreGame   *self,
                                                  const char    *name,
                                                  const char    *token,
                                                  const char    *host_key,
                                                  gint64         now,
                                                  GError       **error);
/* The connection of @seat is gone: the seat and score stay for the game
 * (in the lobby the seat is removed, @seat is then gone). @quit says it
 * left on purpose. A seat taken over by its token from another
 * connection does not leave: join it again instead. */
void             pupitre_game_leave              (PupitreGame   *self,
                                                  PupitreSeat   *seat,
                                                  gboolean       quit,
                                                  gint64         now);
gboolean         pupitre_game_answer             (PupitreGame   *self,
                                                  PupitreSeat   *seat,
                                                  gint64         round,
                                                  gint64         choice,
                                                  gint64         now,
                                                  GError       **error);
gboolean         pupitre_game_chat               (PupitreGame   *self,
                                                  PupitreSeat   *seat,
                                                  const char    *text,
                                                  gint64         now,
                                                  GError       **error);
gboolean         pupitre_game_start              (PupitreGame   *self,
                                                  PupitreSeat   *seat,
                                                  gint64         now,
                                                  GError       **error);
gboolean         pupitre_game_skip               (PupitreGame   *self,
                                                  PupitreSeat   *seat,
                                                  gint64         now,
                                                  GError       **error);
/* Hosted games. */
typedef enum
{
  PUPITRE_HOST_START,
  PUPITRE_HOST_NEXT,
  PUPITRE_HOST_CLOSE,
  PUPITRE_HOST_SKIP,
  PUPITRE_HOST_PAUSE,
  PUPITRE_HOST_RESUME,
  PUPITRE_HOST_ADD_TIME,
  PUPITRE_HOST_KICK,
  PUPITRE_HOST_LOCK,
  PUPITRE_HOST_UNLOCK,
  PUPITRE_HOST_END,
  PUPITRE_HOST_PLAY_AGAIN,
  PUPITRE_HOST_GET_RESULTS,
  PUPITRE_HOST_CLOSE_GAME,
} PupitreHostCommand;

gboolean         pupitre_game_is_hosted          (PupitreGame   *self);
gboolean         pupitre_game_is_closed          (PupitreGame   *self);
gboolean         pupitre_game_has_host           (PupitreGame   *self);
const char      *pupitre_game_get_host_token     (PupitreGame   *self);
const char      *pupitre_game_get_host_name      (PupitreGame   *self);
/* The host's link is there, new or back (@resumed): it gets
 * game_created, game_state, players and the open question. */
void             pupitre_game_host_attach        (PupitreGame   *self,
                                                  gboolean       resumed,
                                                  gint64         now);
/* The host's link is gone: the game pauses, and closes once the host
 * has been away for the grace period. */
void             pupitre_game_host_detach        (PupitreGame   *self,
                                                  gint64         now);
/* @ms is add_time's, @name kick's. */
gboolean         pupitre_game_host_command       (PupitreGame   *self,
                                                  PupitreHostCommand command,
                                                  gint64         ms,
                                                  const char    *name,
                                                  gint64         now,
                                                  GError       **error);
gboolean         pupitre_game_host_chat          (PupitreGame   *self,
                                                  const char    *text,
                                                  gint64         now,
                                                  GError       **error);

/* Acts on every deadline at or before @now. */
void             pupitre_game_advance            (PupitreGame   *self,
                                                  gint64         now);
/* The earliest time advance() has something to do, or -1. */
gint64           pupitre_game_get_next_deadline  (PupitreGame   *self);

/* Output: the next event, in order; FALSE when the outbox is empty. The
 * caller owns @event's contents (pupitre_game_event_clear()). */
gboolean         pupitre_game_pop_event          (PupitreGame      *self,
                                                  PupitreGameEvent *event);

PupitreSeat     *pupitre_game_find_seat_by_token (PupitreGame   *self,
                                                  const char    *token);

const char      *pupitre_seat_get_name           (PupitreSeat   *seat);
const char      *pupitre_seat_get_token          (PupitreSeat   *seat);
gboolean         pupitre_seat_is_host            (PupitreSeat   *seat);
/* Every seat ranked, as the last round left them (for results cut short). */
const PupitreTotalEntry *pupitre_game_get_totals (PupitreGame *self,
                                                  guint       *n_totals);

G_END_DECLS
