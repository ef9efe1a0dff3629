/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The protocol's error codes as a GError domain, and their sentences. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUPITRE_ERROR (pupitre_error_quark ())

/* One value per code of the contract, in the contract's order. */
typedef enum
{
  PUPITRE_ERROR_BAD_JSON,
  PUPITRE_ERROR_LINE_TOO_LONG,
  PUPITRE_ERROR_UNKNOWN_TYPE,
  PUPITRE_ERROR_BAD_FIELD,
  PUPITRE_ERROR_PROTOCOL_VERSION,
  PUPITRE_ERROR_NOT_JOINED,
  PUPITRE_ERROR_ALREADY_JOINED,
  PUPITRE_ERROR_NAME_INVALID,
  PUPITRE_ERROR_NAME_TAKEN,
  PUPITRE_ERROR_GAME_NOT_FOUND,
  PUPITRE_ERROR_GAME_FULL,
  PUPITRE_ERROR_BAD_TOKEN,
  PUPITRE_ERROR_ROUND_CLOSED,
  PUPITRE_ERROR_ALREADY_ANSWERED,
  PUPITRE_ERROR_BAD_CHOICE,
  PUPITRE_ERROR_CHAT_CLOSED,
  PUPITRE_ERROR_NOT_HOST,
  PUPITRE_ERROR_JOIN_TIMEOUT,
  PUPITRE_ERROR_SLOW_CONSUMER,
  PUPITRE_ERROR_RATE_LIMITED,
  /* Hosted games (section 14). */
  PUPITRE_ERROR_GAME_LOCKED,
  PUPITRE_ERROR_KICKED,
  PUPITRE_ERROR_HOSTING_OFF,
  PUPITRE_ERROR_BAD_HOST_KEY,
  PUPITRE_ERROR_TOO_MANY_GAMES,
  PUPITRE_ERROR_QUIZ_TOO_LARGE,
  PUPITRE_ERROR_BAD_QUIZ,
  /* A server behind a proxy that is being taken out (section 15). */
  PUPITRE_ERROR_DRAINING,
  /* A code this version does not know, received from a newer peer. */
  PUPITRE_ERROR_UNKNOWN,
} PupitreErrorCode;

GQuark           pupitre_error_quark            (void);

/* "bad-json", "line-too-long", ... */
const char      *pupitre_error_code_to_string   (PupitreErrorCode  code);
PupitreErrorCode pupitre_error_code_from_string (const char       *code);

/* Whether the server closes the connection after sending this error. */
gboolean         pupitre_error_code_is_fatal    (PupitreErrorCode  code);

/* A translated sentence a player understands, for clients to show. */
const char      *pupitre_error_code_describe    (PupitreErrorCode  code);

G_END_DECLS
