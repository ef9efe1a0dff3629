/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One line of a score list, immutable once made: the session replaces rows
 * instead of changing them, so a view never sees a half-updated line. */

#include "config.h"

#include "pupitre-score-row.h"

struct _PupitreScoreRow
{
  GObject parent_instance;

  char *name;
  gboolean connected;
  gint64 score;
  guint rank;
  int choice;
  gint64 points;
  gint64 time_ms;
  gboolean is_self;
};

G_DEFINE_FINAL_TYPE (PupitreScoreRow, pupitre_score_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_CONNECTED,
  PROP_SCORE,
  PROP_RANK,
  PROP_CHOICE,
  PROP_POINTS,
  PROP_TIME_MS,
  PROP_IS_SELF,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
pupitre_score_row_finalize (GObject *object)
{
  PupitreScoreRow *self = PUPITRE_SCORE_ROW (object);

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (pupitre_score_row_parent_class)->finalize (object);
}

static void
pupitre_score_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PupitreScoreRow *self = PUPITRE_SCORE_ROW (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;

    case PROP_SCORE:
      g_value_set_int64 (value, self->score);
      break;

    case PROP_RANK:
      g_value_set_uint (value, self->rank);
      break;

    case PROP_CHOICE:
      g_value_set_int (value, self->choice);
      break;

    case PROP_POINTS:
      g_value_set_int64 (value, self->points);
      break;

    case PROP_TIME_MS:
      g_value_set_int64 (value, self->time_ms);
      break;

    case PROP_IS_SELF:
      g_value_set_boolean (value, self->is_self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_score_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PupitreScoreRow *self = PUPITRE_SCORE_ROW (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;

    case PROP_CONNECTED:
      self->connected = g_value_get_boolean (value);
      break;

    case PROP_SCORE:
      self->score = g_value_get_int64 (value);
      break;

    case PROP_RANK:
      self->rank = g_value_get_uint (value);
      break;

    case PROP_CHOICE:
      self->choice = g_value_get_int (value);
      break;

    case PROP_POINTS:
      self->points = g_value_get_int64 (value);
      break;

    case PROP_TIME_MS:
      self->time_ms = g_value_get_int64 (value);
      break;

    case PROP_IS_SELF:
      self->is_self = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_score_row_class_init (PupitreScoreRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pupitre_score_row_finalize;
  object_class->get_property = pupitre_score_row_get_property;
  object_class->set_property = pupitre_score_row_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE, flags);
  properties[PROP_SCORE] =
    g_param_spec_int64 ("score", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_RANK] =
    g_param_spec_uint ("rank", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CHOICE] =
    g_param_spec_int ("choice", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_POINTS] =
    g_param_spec_int64 ("points", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_TIME_MS] =
    g_param_spec_int64 ("time-ms", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_IS_SELF] =
    g_param_spec_boolean ("is-self", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pupitre_score_row_init (PupitreScoreRow *self)
{
  self->name = g_strdup ("");
  self->connected = TRUE;
  self->choice = -1;
  self->time_ms = -1;
}

PupitreScoreRow *
pupitre_score_row_new_player (const char *name,
                              gboolean    connected,
                              gint64      score,
                              guint       rank,
                              gboolean    is_self)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (PUPITRE_TYPE_SCORE_ROW,
                       "name", name,
                       "connected", connected,
                       "score", score,
                       "rank", rank,
                       "is-self", is_self,
                       NULL);
}

PupitreScoreRow *
pupitre_score_row_new_result (const char *name,
                              int         choice,
                              gint64      points,
                              gint64      time_ms,
                              gboolean    is_self)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (PUPITRE_TYPE_SCORE_ROW,
                       "name", name,
                       "choice", MAX (choice, -1),
                       "points", points,
                       "time-ms", MAX (time_ms, -1),
                       "is-self", is_self,
                       NULL);
}

PupitreScoreRow *
pupitre_score_row_new_total (const char *name,
                             gint64      score,
                             guint       rank,
                             gboolean    is_self)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (PUPITRE_TYPE_SCORE_ROW,
                       "name", name,
                       "score", score,
                       "rank", rank,
                       "is-self", is_self,
                       NULL);
}

const char *
pupitre_score_row_get_name (PupitreScoreRow *self)
{
  g_return_val_if_fail (PUPITRE_IS_SCORE_ROW (self), NULL);

  return self->name;
}

gboolean
pupitre_score_row_get_connected (PupitreScoreRow *self)
{
  g_return_val_if_fail (PUPITRE_IS_SCORE_ROW (self), FALSE);

  return self->connected;
}

gint64
pupitre_score_row_get_score (PupitreScoreRow *self)
{
  g_return_val_if_fail (PUPITRE_IS_SCORE_ROW (self), 0);

  return self->score;
}

guint
pupitre_score_row_get_rank (PupitreScoreRow *self)
{
  g_return_val_if_fail (PUPITRE_IS_SCORE_ROW (self), 0);

  return self->rank;
}

int
pupitre_score_row_get_choice (PupitreScoreRow *self)
{
  g_return_val_if_fail (PUPITRE_IS_SCORE_ROW (self), -1);

  return self->choice;
}

gint64
pupitre_score_row_get_points (PupitreScoreRow *self)
{
  g_return_val_if_fail (PUPITRE_IS_SCORE_ROW (self), 0);

  return self->points;
}

gint64
pupitre_score_row_get_time_ms (PupitreScoreRow *self)
{
  g_return_val_if_fail (PUPITRE_IS_SCORE_ROW (self), -1);

  return self->time_ms;
}

gboolean
pupitre_score_row_get_is_self (PupitreScoreRow *self)
{
  g_return_val_if_fail (PUPITRE_IS_SCORE_ROW (self), FALSE);

  return self->is_self;
}
