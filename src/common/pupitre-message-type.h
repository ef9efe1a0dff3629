/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The message types of the protocol and their names on the wire, in one table. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every "type" of docs/protocol.md, in both directions ("chat" goes both
 * ways under one name). */
typedef enum
{
  /* Server to client. */
  PUPITRE_MESSAGE_TYPE_WELCOME,
  PUPITRE_MESSAGE_TYPE_ERROR,
  PUPITRE_MESSAGE_TYPE_JOINED,
  PUPITRE_MESSAGE_TYPE_PLAYERS,
  PUPITRE_MESSAGE_TYPE_COUNTDOWN,
  PUPITRE_MESSAGE_TYPE_QUESTION,
  PUPITRE_MESSAGE_TYPE_ANSWER_ACK,
  PUPITRE_MESSAGE_TYPE_PROGRESS,
  PUPITRE_MESSAGE_TYPE_ROUND_RESULT,
  PUPITRE_MESSAGE_TYPE_STANDING,
  PUPITRE_MESSAGE_TYPE_GAME_OVER,
  PUPITRE_MESSAGE_TYPE_SHUTDOWN,
  PUPITRE_MESSAGE_TYPE_BYE,
  PUPITRE_MESSAGE_TYPE_PONG,

  /* Both ways. */
  PUPITRE_MESSAGE_TYPE_CHAT,

  /* Client to server; start and skip are the host's commands. */
  PUPITRE_MESSAGE_TYPE_JOIN,
  PUPITRE_MESSAGE_TYPE_ANSWER,
  PUPITRE_MESSAGE_TYPE_PING,
  PUPITRE_MESSAGE_TYPE_QUIT,
  PUPITRE_MESSAGE_TYPE_START,
  PUPITRE_MESSAGE_TYPE_SKIP,

  PUPITRE_N_MESSAGE_TYPES,
} PupitreMessageType;

/* The name of each type on the wire, indexed by PupitreMessageType. */
extern const char * const pupitre_message_type_names[PUPITRE_N_MESSAGE_TYPES];

/* The name of @type on the wire. */
const char *pupitre_message_type_to_string (PupitreMessageType  type);

/* The type named by the @len bytes at @name (not necessarily
 * nul-terminated); FALSE when no type has that name. */
gboolean    pupitre_message_type_from_name (const char         *name,
                                            gsize               len,
                                            PupitreMessageType *type);

G_END_DECLS
