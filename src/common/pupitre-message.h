/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decoding of client messages and encoding of every message, as lines. */
#pragma once

#include <json-glib/json-glib.h>

#include "pupitre-name.h"

G_BEGIN_DECLS

typedef enum
{
  PUPITRE_CLIENT_JOIN,
  PUPITRE_CLIENT_ANSWER,
  PUPITRE_CLIENT_CHAT,
  PUPITRE_CLIENT_PING,
  PUPITRE_CLIENT_QUIT,
  /* Host commands (extension, docs/protocol.md). */
  PUPITRE_CLIENT_START,
  PUPITRE_CLIENT_SKIP,
  /* Hosted games (extension, docs/protocol.md section 14). */
  PUPITRE_CLIENT_QUIZ_PART,
  PUPITRE_CLIENT_CREATE_GAME,
  PUPITRE_CLIENT_RESUME_HOST,
  PUPITRE_CLIENT_NEXT,
  PUPITRE_CLIENT_CLOSE,
  PUPITRE_CLIENT_PAUSE,
  PUPITRE_CLIENT_RESUME,
  PUPITRE_CLIENT_ADD_TIME,
  PUPITRE_CLIENT_KICK,
  PUPITRE_CLIENT_LOCK,
  PUPITRE_CLIENT_UNLOCK,
  PUPITRE_CLIENT_END,
  PUPITRE_CLIENT_PLAY_AGAIN,
  PUPITRE_CLIENT_GET_RESULTS,
  PUPITRE_CLIENT_CLOSE_GAME,
} PupitreClientMessageType;

typedef struct
{
  PupitreClientMessageType type;

  /* join: name as sent (not yet trimmed or checked), optional game, token,
   * host_key; protocol is 0 when absent. create_game: optional name and
   * host_key. resume_host: game, and its host_token in token. kick: name. */
  char     *name;
  char     *game;
  char     *token;
  char     *host_key;
  gint64    protocol;

  /* answer */
  gint64    round;
  gint64    choice;

  /* chat: 1 to PUPITRE_MAX_CHAT_CHARS characters; quiz_part: any string,
   * empty included */
  char     *text;

  /* create_game: the quiz's text (required, may be empty), optional
   * format and filename (NULL when absent), options (a JSON object, or
   * NULL when absent; its members are the server's to check) */
  char     *quiz;
  char     *format;
  char     *filename;
  JsonNode *options;

  /* add_time: 1,000 to 600,000, 15,000 when absent */
  gint64    ms;

  /* ping: any JSON value, or NULL when the ping had no id */
  JsonNode *id;
} PupitreClientMessage;

void                  pupitre_client_message_free   (PupitreClientMessage *message);

/* Decodes one line from a client. On failure returns NULL with a
 * PUPITRE_ERROR (bad-json, unknown-type, bad-field, protocol-version) and,
 * when the line had a string "type", sets *@ref_type to it (free it).
 * *@ref_type is also set on success, for errors the game reports later,
 * and to NULL when the line had no string "type". */
PupitreClientMessage *pupitre_client_message_decode (const char  *line,
                                                     gsize        len,
                                                     char       **ref_type,
                                                     GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreClientMessage, pupitre_client_message_free)

/* Entries of the lists carried by players, round_result and game_over. */
typedef struct
{
  const char *name;
  gboolean    connected;
  gint64      score;
} PupitrePlayerEntry;

typedef struct
{
  const char *name;
  int         choice;   /* -1: no answer (JSON null) */
  gint64      points;
  gint64      time_ms;  /* -1: no answer (JSON null) */
} PupitreResultEntry;

typedef struct
{
  const char *name;
  gint64      score;
  guint       rank;
} PupitreTotalEntry;

/* What joined says of its game. The members from @scoring on are written
 * only when @scoring is set; @options only when not NULL. */
typedef struct
{
  const char *name;
  const char *token;
  const char *game;
  const char *state;
  guint       needed;
  gboolean    resumed;

  const char *scoring;   /* "classic", "speed", "right" */
  guint       round;
  guint       rounds;
  gboolean    hosted;
  JsonNode   *options;   /* a JSON object */
} PupitreJoinedInfo;

/* One row of a hosted game's results: a player in one round. */
typedef struct
{
  guint       round;
  const char *question;
  const char *player;
  int         choice;    /* -1: no answer (null); 0: "I don't know" */
  gboolean    correct;
  gint64      time_ms;   /* -1: no answer (null) */
  gint64      points;
  gint64      score;     /* after the round */
  guint       rank;      /* after the round */
} PupitreResultRow;

/* Server to client. Each returns one line, "\n" included. Lists are cut to
 * their first PUPITRE_LIST_MAX entries. */
GBytes *pupitre_message_welcome      (const char               *server);
GBytes *pupitre_message_error        (const char               *code,
                                      const char               *message,
                                      const char               *ref);
/* An error about a line of the quiz a host sent (bad-quiz): "line". */
GBytes *pupitre_message_error_at_line (const char              *code,
                                       const char              *message,
                                       const char              *ref,
                                       guint                    line);
GBytes *pupitre_message_joined       (const char               *name,
                                      const char               *token,
                                      const char               *game,
                                      const char               *state,
                                      guint                     needed,
                                      gboolean                  resumed);
GBytes *pupitre_message_joined_full  (const PupitreJoinedInfo  *info);
GBytes *pupitre_message_players      (guint                     count,
                                      const PupitrePlayerEntry *players,
                                      guint                     n_players,
                                      guint                     needed);
GBytes *pupitre_message_chat         (const char               *from,
                                      const char               *text);
GBytes *pupitre_message_countdown    (guint                     round,
                                      guint                     rounds,
                                      guint                     seconds);
/* @remaining_ms < 0: no remaining_ms member. */
GBytes *pupitre_message_question     (guint                     round,
                                      guint                     rounds,
                                      const char               *text,
                                      const char * const       *choices,
                                      gint64                    time_limit_ms,
                                      gint64                    remaining_ms);
GBytes *pupitre_message_answer_ack   (guint                     round,
                                      guint                     choice,
                                      gint64                    time_ms);
GBytes *pupitre_message_progress     (guint                     round,
                                      guint                     answered,
                                      guint                     players);
/* @explanation may be NULL (member omitted). */
GBytes *pupitre_message_round_result (guint                     round,
                                      guint                     correct,
                                      const char               *explanation,
                                      const PupitreResultEntry *results,
                                      guint                     n_results,
                                      const PupitreTotalEntry  *totals,
                                      guint                     n_totals);
/* @choice and @time_ms < 0: JSON null. */
GBytes *pupitre_message_standing     (guint                     round,
                                      int                       choice,
                                      gint64                    points,
                                      gint64                    time_ms,
                                      gint64                    score,
                                      guint                     rank,
                                      guint                     players,
                                      gboolean                  final);
/* @next_game_ms < 0: no member; else when the standing game's lobby
 * opens again, so that a player can leave first. */
GBytes *pupitre_message_game_over    (const PupitreTotalEntry  *totals,
                                      guint                     n_totals,
                                      gint64                    next_game_ms);
GBytes *pupitre_message_shutdown     (void);

/* Hosted games (docs/protocol.md section 14). */
/* The host's chat line: "host":true. */
GBytes *pupitre_message_host_chat    (const char               *from,
                                      const char               *text);
/* @options: the effective options, a JSON object; @title may be NULL
 * (omitted); @warnings NULL-terminated, may be NULL (an empty list);
 * @resumed FALSE: no resumed member. */
GBytes *pupitre_message_game_created (const char               *game,
                                      const char               *host_token,
                                      const char               *title,
                                      guint                     rounds,
                                      JsonNode                 *options,
                                      const char * const       *warnings,
                                      gboolean                  resumed);
GBytes *pupitre_message_game_state   (const char               *game,
                                      const char               *state,
                                      guint                     round,
                                      guint                     rounds,
                                      gboolean                  locked,
                                      gboolean                  paused,
                                      guint                     players,
                                      guint                     connected);
/* @waiting: @n_waiting names, cut to PUPITRE_LIST_MAX. */
GBytes *pupitre_message_host_progress (guint                    round,
                                       guint                    answered,
                                       guint                    players,
                                       const char * const      *waiting,
                                       guint                    n_waiting);
/* @counts: one per choice, in the quiz's order; @average_ms < 0: null. */
GBytes *pupitre_message_round_report (guint                     round,
                                      guint                     correct,
                                      const guint              *counts,
                                      guint                     n_counts,
                                      guint                     dont_know,
                                      guint                     no_answer,
                                      gint64                    average_ms);
/* @n_rows at most PUPITRE_LIST_MAX; the caller splits longer results. */
GBytes *pupitre_message_results      (const PupitreResultRow   *rows,
                                      guint                     n_rows,
                                      gboolean                  done);
/* @state: "lobby", "countdown", "question", "results", "over";
 * @remaining_ms < 0: null; @time_limit_ms < 0: no time_limit_ms member;
 * @reason NULL: no reason member. */
GBytes *pupitre_message_timer        (const char               *state,
                                      guint                     round,
                                      gint64                    remaining_ms,
                                      gint64                    time_limit_ms,
                                      gboolean                  paused,
                                      const char               *reason);
/* @reason: "host", "host-away", "idle". */
GBytes *pupitre_message_game_closed  (const char               *reason);
GBytes *pupitre_message_bye          (void);
/* @id may be NULL: no id member. */
GBytes *pupitre_message_pong         (JsonNode                 *id);

/* Client to server. @game, @token and @host_key may be NULL. */
GBytes *pupitre_message_join         (const char               *name,
                                      const char               *game,
                                      const char               *token,
                                      const char               *host_key);
GBytes *pupitre_message_answer       (guint                     round,
                                      guint                     choice);
GBytes *pupitre_message_chat_request (const char               *text);
GBytes *pupitre_message_ping         (gint64                    id);
GBytes *pupitre_message_quit         (void);
GBytes *pupitre_message_start        (void);
GBytes *pupitre_message_skip         (void);

/* Host to server (docs/protocol.md section 14). @format, @filename,
 * @name, @host_key and @options may be NULL (omitted). */
GBytes *pupitre_message_quiz_part    (const char               *text);
GBytes *pupitre_message_create_game  (const char               *quiz,
                                      const char               *format,
                                      const char               *filename,
                                      const char               *name,
                                      const char               *host_key,
                                      JsonNode                 *options);
GBytes *pupitre_message_resume_host  (const char               *game,
                                      const char               *host_token);
/* A command without members: "next", "close", "pause", "resume", "lock",
 * "unlock", "end", "play_again", "get_results", "close_game", "start". */
GBytes *pupitre_message_host_command (const char               *type);
GBytes *pupitre_message_add_time     (gint64                    ms);
GBytes *pupitre_message_kick         (const char               *name);

G_END_DECLS
