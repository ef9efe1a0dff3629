/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The options a host gives its game (docs/protocol.md section 14.2), as
 * the server checks them and both sides write them. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-error.h"
#include "pupitre-game-options.h"
#include "pupitre-json.h"

/* The bounds of section 14.2's table. */
#define TIME_LIMIT_MIN_MS   5000
#define TIME_LIMIT_MAX_MS   600000
#define COUNTDOWN_MAX_MS    60000
#define LEADERBOARD_MAX     100

static const char * const scoring_names[] = {
  [PUPITRE_SCORING_CLASSIC] = "classic",
  [PUPITRE_SCORING_SPEED] = "speed",
  [PUPITRE_SCORING_RIGHT] = "right",
};

const char *
pupitre_scoring_to_string (PupitreScoring scoring)
{
  g_return_val_if_fail ((guint) scoring < G_N_ELEMENTS (scoring_names), NULL);

  return scoring_names[scoring];
}

gboolean
pupitre_scoring_from_string (const char     *name,
                             PupitreScoring *scoring)
{
  g_return_val_if_fail (scoring != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (scoring_names); i++)
    {
      if (strcmp (name, scoring_names[i]) == 0)
        {
          *scoring = (PupitreScoring) i;
          return TRUE;
        }
    }

  return FALSE;
}

void
pupitre_game_options_init (PupitreGameOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (PupitreGameOptions) {
    .scoring = PUPITRE_SCORING_SPEED,
    .question_points = TRUE,
    .time_limit_ms = -1,
    .countdown_ms = 5000,
    .shuffle = FALSE,
    .late_join = TRUE,
    .chat = TRUE,
    .leaderboard = 5,
    .auto_advance = FALSE,
    .max_players = 0,
  };
}

static gboolean
read_scoring (JsonObject      *object,
              PupitreScoring  *scoring,
              GError         **error)
{
  const char *name = NULL;

  if (!pupitre_json_get_string (object, "scoring", FALSE, &name, error))
    return FALSE;
  if (name == NULL)
    return TRUE;

  if (!pupitre_scoring_from_string (name, scoring))
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                           _("“scoring” must be “classic”, “speed” or “right”"));
      return FALSE;
    }

  return TRUE;
}

/* 0, or a limit between 5 s and 10 min: a gap the generic range check
 * cannot say. */
static gboolean
read_time_limit (JsonObject  *object,
                 gint64      *time_limit_ms,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, "time_limit_ms");
  gint64 value = 0;

  /* null is absent, as for every optional member. */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!pupitre_json_get_int (object, "time_limit_ms", TRUE, G_MININT64, G_MAXINT64,
                             &value, error))
    return FALSE;

  if (value != 0 && (value < TIME_LIMIT_MIN_MS || value > TIME_LIMIT_MAX_MS))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“time_limit_ms” must be 0 or between %d and %d"),
                   TIME_LIMIT_MIN_MS, TIME_LIMIT_MAX_MS);
      return FALSE;
    }

  *time_limit_ms = value;
  return TRUE;
}

static gboolean
read_count (JsonObject  *object,
            const char  *member,
            gint64       min,
            gint64       max,
            guint       *out,
            GError     **error)
{
  gint64 value = *out;

  if (!pupitre_json_get_int (object, member, FALSE, min, max, &value, error))
    return FALSE;

  *out = value;
  return TRUE;
}

gboolean
pupitre_game_options_from_json (PupitreGameOptions  *options,
                                JsonNode            *node,
                                guint                max_players_limit,
                                GError             **error)
{
  PupitreGameOptions read;
  JsonObject *object;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (max_players_limit >= 1, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Filled aside: a refused object leaves the caller's options as they were. */
  pupitre_game_options_init (&read);
  read.max_players = max_players_limit;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *options = read;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                           _("“options” must be an object"));
      return FALSE;
    }

  object = json_node_get_object (node);
  if (!read_scoring (object, &read.scoring, error) ||
      !pupitre_json_get_boolean (object, "question_points", FALSE, &read.question_points, error) ||
      !read_time_limit (object, &read.time_limit_ms, error) ||
      !pupitre_json_get_int (object, "countdown_ms", FALSE, 0, COUNTDOWN_MAX_MS,
                             &read.countdown_ms, error) ||
      !pupitre_json_get_boolean (object, "shuffle", FALSE, &read.shuffle, error) ||
      !pupitre_json_get_boolean (object, "late_join", FALSE, &read.late_join, error) ||
      !pupitre_json_get_boolean (object, "chat", FALSE, &read.chat, error) ||
      !read_count (object, "leaderboard", 1, LEADERBOARD_MAX, &read.leaderboard, error) ||
      !pupitre_json_get_boolean (object, "auto_advance", FALSE, &read.auto_advance, error) ||
      !read_count (object, "max_players", 1, max_players_limit, &read.max_players, error))
    return FALSE;

  *options = read;
  return TRUE;
}

JsonNode *
pupitre_game_options_to_json (const PupitreGameOptions *options)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  /* In the order of section 14.2's table, which is the order on the wire. */
  object = json_object_new ();
  json_object_set_string_member (object, "scoring", pupitre_scoring_to_string (options->scoring));
  json_object_set_boolean_member (object, "question_points", options->question_points);
  if (options->time_limit_ms >= 0)
    json_object_set_int_member (object, "time_limit_ms", options->time_limit_ms);
  json_object_set_int_member (object, "countdown_ms", options->countdown_ms);
  json_object_set_boolean_member (object, "shuffle", options->shuffle);
  json_object_set_boolean_member (object, "late_join", options->late_join);
  json_object_set_boolean_member (object, "chat", options->chat);
  json_object_set_int_member (object, "leaderboard", options->leaderboard);
  json_object_set_boolean_member (object, "auto_advance", options->auto_advance);
  /* 0 is "the server's limit", which only the server knows. */
  if (options->max_players > 0)
    json_object_set_int_member (object, "max_players", options->max_players);

  return json_node_init_object (json_node_alloc (), object);
}
