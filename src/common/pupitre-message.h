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
} PupitreClientMessageType;

typedef struct
{
  PupitreClientMessageType type;

  /* join: name as sent (not yet trimmed or checked), optional game, token,
   * host_key; protocol is 0 when absent. */
  char     *name;
  char     *game;
  char     *token;
  char     *host_key;
  gint64    protocol;

  /* answer */
  gint64    round;
  gint64    choice;

  /* chat: 1 to PUPITRE_MAX_CHAT_CHARS characters */
  char     *text;

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

/* Server to client. Each returns one line, "\n" included. Lists are cut to
 * their first PUPITRE_LIST_MAX entries. */
GBytes *pupitre_message_welcome      (const char               *server);
GBytes *pupitre_message_error        (const char               *code,
                                      const char               *message,
                                      const char               *ref);
GBytes *pupitre_message_joined       (const char               *name,
                                      const char               *token,
                                      const char               *game,
                                      const char               *state,
                                      guint                     needed,
                                      gboolean                  resumed);
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
GBytes *pupitre_message_game_over    (const PupitreTotalEntry  *totals,
                                      guint                     n_totals);
GBytes *pupitre_message_shutdown     (void);
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

G_END_DECLS
