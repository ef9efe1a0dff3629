/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The player's standing after the last closed round: points, score, rank. */

#include "config.h"

#include "pupitre-property.h"
#include "pupitre-standing.h"

struct _PupitreStanding
{
  GObject  parent_instance;

  guint    round;
  gint64   points;
  gint64   score;
  guint    rank;
  guint    players;
  gboolean final;
};

G_DEFINE_FINAL_TYPE (PupitreStanding, pupitre_standing, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROUND,
  PROP_POINTS,
  PROP_SCORE,
  PROP_RANK,
  PROP_PLAYERS,
  PROP_FINAL,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
set_all (PupitreStanding *self,
         guint            round,
         gint64           points,
         gint64           score,
         guint            rank,
         guint            players,
         gboolean         final)
{
  g_object_freeze_notify (G_OBJECT (self));
  pupitre_set_uint (self, &self->round, round, properties[PROP_ROUND]);
  pupitre_set_int64 (self, &self->points, points, properties[PROP_POINTS]);
  pupitre_set_int64 (self, &self->score, score, properties[PROP_SCORE]);
  pupitre_set_uint (self, &self->rank, rank, properties[PROP_RANK]);
  pupitre_set_uint (self, &self->players, players, properties[PROP_PLAYERS]);
  pupitre_set_boolean (self, &self->final, final, properties[PROP_FINAL]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
pupitre_standing_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PupitreStanding *self = PUPITRE_STANDING (object);

  switch (prop_id)
    {
    case PROP_ROUND:
      g_value_set_uint (value, self->round);
      break;

    case PROP_POINTS:
      g_value_set_int64 (value, self->points);
      break;

    case PROP_SCORE:
      g_value_set_int64 (value, self->score);
      break;

    case PROP_RANK:
      g_value_set_uint (value, self->rank);
      break;

    case PROP_PLAYERS:
      g_value_set_uint (value, self->players);
      break;

    case PROP_FINAL:
      g_value_set_boolean (value, self->final);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_standing_class_init (PupitreStandingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = pupitre_standing_get_property;

  properties[PROP_ROUND] = g_param_spec_uint ("round", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_POINTS] = g_param_spec_int64 ("points", NULL, NULL,
                                                G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SCORE] = g_param_spec_int64 ("score", NULL, NULL,
                                               G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_RANK] = g_param_spec_uint ("rank", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PLAYERS] = g_param_spec_uint ("players", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FINAL] = g_param_spec_boolean ("final", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pupitre_standing_init (PupitreStanding *self)
{
}

PupitreStanding *
pupitre_standing_new (void)
{
  return g_object_new (PUPITRE_TYPE_STANDING, NULL);
}

void
pupitre_standing_update (PupitreStanding             *self,
                         const PupitreServerStanding *standing)
{
  g_return_if_fail (PUPITRE_IS_STANDING (self));
  g_return_if_fail (standing != NULL);

  set_all (self, standing->round, standing->points, standing->score, standing->rank,
           standing->players, standing->final);
}

void
pupitre_standing_reset (PupitreStanding *self)
{
  g_return_if_fail (PUPITRE_IS_STANDING (self));

  set_all (self, 0, 0, 0, 0, 0, FALSE);
}

guint
pupitre_standing_get_round (PupitreStanding *self)
{
  g_return_val_if_fail (PUPITRE_IS_STANDING (self), 0);

  return self->round;
}

gint64
pupitre_standing_get_points (PupitreStanding *self)
{
  g_return_val_if_fail (PUPITRE_IS_STANDING (self), 0);

  return self->points;
}

gint64
pupitre_standing_get_score (PupitreStanding *self)
{
  g_return_val_if_fail (PUPITRE_IS_STANDING (self), 0);

  return self->score;
}

guint
pupitre_standing_get_rank (PupitreStanding *self)
{
  g_return_val_if_fail (PUPITRE_IS_STANDING (self), 0);

  return self->rank;
}

guint
pupitre_standing_get_players (PupitreStanding *self)
{
  g_return_val_if_fail (PUPITRE_IS_STANDING (self), 0);

  return self->players;
}

gboolean
pupitre_standing_get_final (PupitreStanding *self)
{
  g_return_val_if_fail (PUPITRE_IS_STANDING (self), FALSE);

  return self->final;
}
