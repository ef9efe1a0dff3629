/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The protocol's error codes: GError domain, wire strings and sentences. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-error.h"

G_DEFINE_QUARK (pupitre-error-quark, pupitre_error)

/* Indexed by PupitreErrorCode: the order of the enum is the contract's. */
static const char * const code_strings[] = {
  [PUPITRE_ERROR_BAD_JSON] = "bad-json",
  [PUPITRE_ERROR_LINE_TOO_LONG] = "line-too-long",
  [PUPITRE_ERROR_UNKNOWN_TYPE] = "unknown-type",
  [PUPITRE_ERROR_BAD_FIELD] = "bad-field",
  [PUPITRE_ERROR_PROTOCOL_VERSION] = "protocol-version",
  [PUPITRE_ERROR_NOT_JOINED] = "not-joined",
  [PUPITRE_ERROR_ALREADY_JOINED] = "already-joined",
  [PUPITRE_ERROR_NAME_INVALID] = "name-invalid",
  [PUPITRE_ERROR_NAME_TAKEN] = "name-taken",
  [PUPITRE_ERROR_GAME_NOT_FOUND] = "game-not-found",
  [PUPITRE_ERROR_GAME_FULL] = "game-full",
  [PUPITRE_ERROR_BAD_TOKEN] = "bad-token",
  [PUPITRE_ERROR_ROUND_CLOSED] = "round-closed",
  [PUPITRE_ERROR_ALREADY_ANSWERED] = "already-answered",
  [PUPITRE_ERROR_BAD_CHOICE] = "bad-choice",
  [PUPITRE_ERROR_CHAT_CLOSED] = "chat-closed",
  [PUPITRE_ERROR_NOT_HOST] = "not-host",
  [PUPITRE_ERROR_JOIN_TIMEOUT] = "join-timeout",
  [PUPITRE_ERROR_SLOW_CONSUMER] = "slow-consumer",
  [PUPITRE_ERROR_RATE_LIMITED] = "rate-limited",
  [PUPITRE_ERROR_GAME_LOCKED] = "game-locked",
  [PUPITRE_ERROR_KICKED] = "kicked",
  [PUPITRE_ERROR_HOSTING_OFF] = "hosting-off",
  [PUPITRE_ERROR_BAD_HOST_KEY] = "bad-host-key",
  [PUPITRE_ERROR_TOO_MANY_GAMES] = "too-many-games",
  [PUPITRE_ERROR_QUIZ_TOO_LARGE] = "quiz-too-large",
  [PUPITRE_ERROR_BAD_QUIZ] = "bad-quiz",
  [PUPITRE_ERROR_DRAINING] = "draining",
  [PUPITRE_ERROR_UNKNOWN] = "unknown",
};

G_STATIC_ASSERT (G_N_ELEMENTS (code_strings) == PUPITRE_ERROR_UNKNOWN + 1);

const char *
pupitre_error_code_to_string (PupitreErrorCode code)
{
  if ((guint) code > PUPITRE_ERROR_UNKNOWN)
    return code_strings[PUPITRE_ERROR_UNKNOWN];

  return code_strings[code];
}

PupitreErrorCode
pupitre_error_code_from_string (const char *code)
{
  if (code == NULL)
    return PUPITRE_ERROR_UNKNOWN;

  for (guint i = 0; i < PUPITRE_ERROR_UNKNOWN; i++)
    {
      if (strcmp (code, code_strings[i]) == 0)
        return (PupitreErrorCode) i;
    }

  return PUPITRE_ERROR_UNKNOWN;
}

gboolean
pupitre_error_code_is_fatal (PupitreErrorCode code)
{
  switch (code)
    {
    case PUPITRE_ERROR_LINE_TOO_LONG:
    case PUPITRE_ERROR_PROTOCOL_VERSION:
    case PUPITRE_ERROR_JOIN_TIMEOUT:
    case PUPITRE_ERROR_SLOW_CONSUMER:
    case PUPITRE_ERROR_KICKED:
      return TRUE;

    case PUPITRE_ERROR_BAD_JSON:
    case PUPITRE_ERROR_UNKNOWN_TYPE:
    case PUPITRE_ERROR_BAD_FIELD:
    case PUPITRE_ERROR_NOT_JOINED:
    case PUPITRE_ERROR_ALREADY_JOINED:
    case PUPITRE_ERROR_NAME_INVALID:
    case PUPITRE_ERROR_NAME_TAKEN:
    case PUPITRE_ERROR_GAME_NOT_FOUND:
    case PUPITRE_ERROR_GAME_FULL:
    case PUPITRE_ERROR_BAD_TOKEN:
    case PUPITRE_ERROR_ROUND_CLOSED:
    case PUPITRE_ERROR_ALREADY_ANSWERED:
    case PUPITRE_ERROR_BAD_CHOICE:
    case PUPITRE_ERROR_CHAT_CLOSED:
    case PUPITRE_ERROR_NOT_HOST:
    case PUPITRE_ERROR_RATE_LIMITED:
    case PUPITRE_ERROR_GAME_LOCKED:
    case PUPITRE_ERROR_HOSTING_OFF:
    case PUPITRE_ERROR_BAD_HOST_KEY:
    case PUPITRE_ERROR_TOO_MANY_GAMES:
    case PUPITRE_ERROR_QUIZ_TOO_LARGE:
    case PUPITRE_ERROR_BAD_QUIZ:
    case PUPITRE_ERROR_DRAINING:
    case PUPITRE_ERROR_UNKNOWN:
    default:
      return FALSE;
    }
}

const char *
pupitre_error_code_describe (PupitreErrorCode code)
{
  switch (code)
    {
    case PUPITRE_ERROR_BAD_JSON:
      return _("The server did not understand a message from this program.");
    case PUPITRE_ERROR_LINE_TOO_LONG:
      return _("A message from this program was too long for the server.");
    case PUPITRE_ERROR_UNKNOWN_TYPE:
      return _("The server does not know a request from this program. It may be an older version.");
    case PUPITRE_ERROR_BAD_FIELD:
      return _("A request from this program was incomplete or had a wrong value.");
    case PUPITRE_ERROR_PROTOCOL_VERSION:
      return _("This program and the server are not the same version. Update one of them.");
    case PUPITRE_ERROR_NOT_JOINED:
      return _("Join a game first.");
    case PUPITRE_ERROR_ALREADY_JOINED:
      return _("You have already joined this game.");
    case PUPITRE_ERROR_NAME_INVALID:
      return _("Choose a name of 1 to 24 characters, without special characters.");
    case PUPITRE_ERROR_NAME_TAKEN:
      return _("That name is already taken in this game. Choose another one.");
    case PUPITRE_ERROR_GAME_NOT_FOUND:
      return _("There is no game with that code. Check it with your teacher.");
    case PUPITRE_ERROR_GAME_FULL:
      return _("This game is full. No more players can join it.");
    case PUPITRE_ERROR_BAD_TOKEN:
      return _("Your place in this game could not be found. Join again with your name.");
    case PUPITRE_ERROR_ROUND_CLOSED:
      return _("Too late: this question is closed.");
    case PUPITRE_ERROR_ALREADY_ANSWERED:
      return _("You have already answered this question.");
    case PUPITRE_ERROR_BAD_CHOICE:
      return _("That answer is not one of the choices.");
    case PUPITRE_ERROR_CHAT_CLOSED:
      return _("The chat is closed while a question is open.");
    case PUPITRE_ERROR_NOT_HOST:
      return _("Only the host of the game can do that.");
    case PUPITRE_ERROR_JOIN_TIMEOUT:
      return _("The server closed the connection because no name was sent in time.");
    case PUPITRE_ERROR_SLOW_CONSUMER:
      return _("The connection was too slow to keep up with the game.");
    case PUPITRE_ERROR_RATE_LIMITED:
      return _("Too many attempts from this network: wait a few seconds and try again.");
    case PUPITRE_ERROR_GAME_LOCKED:
      return _("This game is locked: the teacher does not let new players in.");
    case PUPITRE_ERROR_KICKED:
      return _("The teacher removed you from this game.");
    case PUPITRE_ERROR_HOSTING_OFF:
      return _("This server does not let anyone host a game.");
    case PUPITRE_ERROR_BAD_HOST_KEY:
      return _("This host key is not one the server knows. Ask the server’s administrator for yours.");
    case PUPITRE_ERROR_TOO_MANY_GAMES:
      return _("Too many games are open on this server. Close one of yours, or try again later.");
    case PUPITRE_ERROR_QUIZ_TOO_LARGE:
      return _("This quiz is too large for the server.");
    case PUPITRE_ERROR_BAD_QUIZ:
      return _("The server could not read this quiz.");
    case PUPITRE_ERROR_DRAINING:
      return _("This server is being taken out of service and starts no new game. Try again: another server will take it.");
    case PUPITRE_ERROR_UNKNOWN:
    default:
      return _("The server reported an error.");
    }
}
