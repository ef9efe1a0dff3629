/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The message types of the protocol and their names on the wire, in one table. */

#include "config.h"

#include <string.h>

#include "pupitre-message-type.h"

const char * const pupitre_message_type_names[PUPITRE_N_MESSAGE_TYPES] = {
  [PUPITRE_MESSAGE_TYPE_WELCOME] = "welcome",
  [PUPITRE_MESSAGE_TYPE_ERROR] = "error",
  [PUPITRE_MESSAGE_TYPE_JOINED] = "joined",
  [PUPITRE_MESSAGE_TYPE_PLAYERS] = "players",
  [PUPITRE_MESSAGE_TYPE_COUNTDOWN] = "countdown",
  [PUPITRE_MESSAGE_TYPE_QUESTION] = "question",
  [PUPITRE_MESSAGE_TYPE_ANSWER_ACK] = "answer_ack",
  [PUPITRE_MESSAGE_TYPE_PROGRESS] = "progress",
  [PUPITRE_MESSAGE_TYPE_ROUND_RESULT] = "round_result",
  [PUPITRE_MESSAGE_TYPE_STANDING] = "standing",
  [PUPITRE_MESSAGE_TYPE_GAME_OVER] = "game_over",
  [PUPITRE_MESSAGE_TYPE_SHUTDOWN] = "shutdown",
  [PUPITRE_MESSAGE_TYPE_BYE] = "bye",
  [PUPITRE_MESSAGE_TYPE_PONG] = "pong",
  [PUPITRE_MESSAGE_TYPE_CHAT] = "chat",
  [PUPITRE_MESSAGE_TYPE_JOIN] = "join",
  [PUPITRE_MESSAGE_TYPE_ANSWER] = "answer",
  [PUPITRE_MESSAGE_TYPE_PING] = "ping",
  [PUPITRE_MESSAGE_TYPE_QUIT] = "quit",
  [PUPITRE_MESSAGE_TYPE_START] = "start",
  [PUPITRE_MESSAGE_TYPE_SKIP] = "skip",
};

const char *
pupitre_message_type_to_string (PupitreMessageType type)
{
  g_return_val_if_fail ((guint) type < PUPITRE_N_MESSAGE_TYPES, NULL);

  return pupitre_message_type_names[type];
}

gboolean
pupitre_message_type_from_name (const char         *name,
                                gsize               len,
                                PupitreMessageType *type)
{
  g_return_val_if_fail (name != NULL || len == 0, FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  /* A line scan for twenty-one short names: no hash table to set up. */
  for (guint i = 0; i < PUPITRE_N_MESSAGE_TYPES; i++)
    {
      const char *known = pupitre_message_type_names[i];

      if (strlen (known) == len && memcmp (known, name, len) == 0)
        {
          *type = (PupitreMessageType) i;
          return TRUE;
        }
    }

  return FALSE;
}
