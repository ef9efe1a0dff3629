/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The options a host gives its game (docs/protocol.md section 14.2), as
 * the server checks them and both sides write them. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  PUPITRE_SCORING_CLASSIC,  /* section 8: P - k + 1, wrong -1 */
  PUPITRE_SCORING_SPEED,    /* 1,000 down to 500, never negative */
  PUPITRE_SCORING_RIGHT,    /* the question's points for a right answer */
} PupitreScoring;

typedef struct
{
  PupitreScoring scoring;          /* SPEED */
  gboolean       question_points;  /* TRUE: each question's points count */
  gint64         time_limit_ms;    /* -1: the quiz's; 0: none; else 5,000 to 600,000 */
  gint64         countdown_ms;     /* 5,000; 0 to 60,000 */
  gboolean       shuffle;          /* FALSE */
  gboolean       late_join;        /* TRUE */
  gboolean       chat;             /* TRUE */
  guint          leaderboard;      /* 5; 1 to 100 */
  gboolean       auto_advance;     /* FALSE */
  guint          max_players;      /* 1 to the server's limit; 0: that limit */
} PupitreGameOptions;

const char *pupitre_scoring_to_string      (PupitreScoring             scoring);
gboolean    pupitre_scoring_from_string    (const char                *name,
                                            PupitreScoring            *scoring);

/* The defaults of the table in section 14.2. */
void        pupitre_game_options_init      (PupitreGameOptions        *options);
/* Reads @node (a JSON object, or NULL for every default) over the
 * defaults. Unknown members are ignored; a known one of the wrong type or
 * out of range is a PUPITRE_ERROR_BAD_FIELD naming it. @max_players_limit
 * is the server's --max-hosted-players: max_players above it is refused,
 * and an absent max_players becomes it. */
gboolean    pupitre_game_options_from_json (PupitreGameOptions        *options,
                                            JsonNode                  *node,
                                            guint                      max_players_limit,
                                            GError                   **error);
/* Every option, time_limit_ms only when set (>= 0), max_players only
 * when not 0. */
JsonNode   *pupitre_game_options_to_json   (const PupitreGameOptions  *options);

G_END_DECLS
