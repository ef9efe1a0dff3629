/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who may create a hosted game, and the checks of a create_game request,
 * in the order docs/protocol.md (section 14.2) gives them. */
#pragma once

#include <json-glib/json-glib.h>

#include "pupitre-config.h"
#include "pupitre-game.h"
#include "pupitre-host-keys.h"
#include "pupitre-registry.h"

G_BEGIN_DECLS

/* The most text a quiz upload may hold. */
#define PUPITRE_MAX_UPLOAD_BYTES  (1024 * 1024)

typedef struct
{
  PupitreHosting     hosting;
  PupitreHostKeys   *host_keys;             /* borrowed; NULL: an empty list */
  guint              max_games;
  guint              max_games_per_key;
  guint              max_upload_questions;
  guint              max_hosted_players;
  gint64             host_grace_ms;
  gint64             idle_ms;
  const char        *node;                  /* borrowed; NULL: codes without a node */
  /* What every hosted game shares with the standing one: the drawing of
   * tokens and the spacing of updates. */
  PupitreTokenFunc    new_token;
  PupitreIntervalFunc update_interval;
  gpointer            user_data;
} PupitreHostingPolicy;

/* What a create_game asks for. */
typedef struct
{
  const char *quiz;       /* the whole text: parts, then create_game's quiz */
  gsize       quiz_len;
  const char *format;     /* NULL: guessed */
  const char *filename;   /* NULL: "quiz" */
  const char *name;       /* NULL: the host is called "Host" */
  const char *host_key;
  JsonNode   *options;    /* NULL: every default */
} PupitreGameRequest;

/* Checks @request and creates its game in @registry, owned by the teacher
 * whose key it is ("" with --hosting open). On failure, a PUPITRE_ERROR:
 * hosting-off, bad-host-key, too-many-games, quiz-too-large, bad-quiz
 * (*@line set when the quiz's problem has one, else 0), bad-field. */
PupitreGame *pupitre_hosting_create_game (const PupitreHostingPolicy  *policy,
                                          PupitreRegistry             *registry,
                                          const PupitreGameRequest    *request,
                                          char                       **owner,
                                          guint                       *line,
                                          GError                     **error);

G_END_DECLS
