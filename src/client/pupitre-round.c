/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The round being played, or the last one closed: its question, the
 * player's answer, the others' progress and the right choice. */

#include "config.h"

#include "pupitre-property.h"
#include "pupitre-round.h"

struct _PupitreRound
{
  GObject   parent_instance;

  guint     number;
  guint     rounds;
  guint     countdown;
  char     *text;
  char    **choices;
  gint64    time_limit_ms;
  gint64    deadline;
  gboolean  answered;
  int       chosen;
  gint64    answer_time_ms;
  guint     progress_answered;
  guint     progress_players;
  guint     correct;
  char     *explanation;
};

G_DEFINE_FINAL_TYPE (PupitreRound, pupitre_round, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_ROUNDS,
  PROP_COUNTDOWN,
  PROP_TEXT,
  PROP_CHOICES,
  PROP_TIME_LIMIT_MS,
  PROP_DEADLINE,
  PROP_ANSWERED,
  PROP_CHOSEN,
  PROP_ANSWER_TIME_MS,
  PROP_PROGRESS_ANSWERED,
  PROP_PROGRESS_PLAYERS,
  PROP_CORRECT,
  PROP_EXPLANATION,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* A new question: no answer, no progress yet. */
static void
clear_answer (PupitreRound *self)
{
  pupitre_set_boolean (self, &self->answered, FALSE, properties[PROP_ANSWERED]);
  pupitre_set_int (self, &self->chosen, -1, properties[PROP_CHOSEN]);
  pupitre_set_int64 (self, &self->answer_time_ms, -1, properties[PROP_ANSWER_TIME_MS]);
  pupitre_set_uint (self, &self->progress_answered, 0, properties[PROP_PROGRESS_ANSWERED]);
  pupitre_set_uint (self, &self->progress_players, 0, properties[PROP_PROGRESS_PLAYERS]);
}

static void
pupitre_round_finalize (GObject *object)
{
  PupitreRound *self = PUPITRE_ROUND (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->choices, g_strfreev);
  g_clear_pointer (&self->explanation, g_free);

  G_OBJECT_CLASS (pupitre_round_parent_class)->finalize (object);
}

static void
pupitre_round_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PupitreRound *self = PUPITRE_ROUND (object);

  switch (prop_id)
    {
    case PROP_NUMBER: g_value_set_uint (value, self->number); break;
    case PROP_ROUNDS: g_value_set_uint (value, self->rounds); break;
    case PROP_COUNTDOWN: g_value_set_uint (value, self->countdown); break;
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_CHOICES: g_value_set_boxed (value, self->choices); break;
    case PROP_TIME_LIMIT_MS: g_value_set_int64 (value, self->time_limit_ms); break;
    case PROP_DEADLINE: g_value_set_int64 (value, self->deadline); break;
    case PROP_ANSWERED: g_value_set_boolean (value, self->answered); break;
    case PROP_CHOSEN: g_value_set_int (value, self->chosen); break;
    case PROP_ANSWER_TIME_MS: g_value_set_int64 (value, self->answer_time_ms); break;
    case PROP_PROGRESS_ANSWERED: g_value_set_uint (value, self->progress_answered); break;
    case PROP_PROGRESS_PLAYERS: g_value_set_uint (value, self->progress_players); break;
    case PROP_CORRECT: g_value_set_uint (value, self->correct); break;
    case PROP_EXPLANATION: g_value_set_string (value, self->explanation); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_round_class_init (PupitreRoundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pupitre_round_finalize;
  object_class->get_property = pupitre_round_get_property;

  properties[PROP_NUMBER] = g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ROUNDS] = g_param_spec_uint ("rounds", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_COUNTDOWN] = g_param_spec_uint ("countdown", NULL, NULL,
                                                  0, G_MAXUINT, 0, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_CHOICES] = g_param_spec_boxed ("choices", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_TIME_LIMIT_MS] = g_param_spec_int64 ("time-limit-ms", NULL, NULL,
                                                       0, G_MAXINT64, 0, flags);
  properties[PROP_DEADLINE] = g_param_spec_int64 ("deadline", NULL, NULL,
                                                  0, G_MAXINT64, 0, flags);
  properties[PROP_ANSWERED] = g_param_spec_boolean ("answered", NULL, NULL, FALSE, flags);
  properties[PROP_CHOSEN] = g_param_spec_int ("chosen", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_ANSWER_TIME_MS] = g_param_spec_int64 ("answer-time-ms", NULL, NULL,
                                                        -1, G_MAXINT64, -1, flags);
  properties[PROP_PROGRESS_ANSWERED] = g_param_spec_uint ("progress-answered", NULL, NULL,
                                                          0, G_MAXUINT, 0, flags);
  properties[PROP_PROGRESS_PLAYERS] = g_param_spec_uint ("progress-players", NULL, NULL,
                                                         0, G_MAXUINT, 0, flags);
  properties[PROP_CORRECT] = g_param_spec_uint ("correct", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pupitre_round_init (PupitreRound *self)
{
  self->chosen = -1;
  self->answer_time_ms = -1;
}

PupitreRound *
pupitre_round_new (void)
{
  return g_object_new (PUPITRE_TYPE_ROUND, NULL);
}

void
pupitre_round_reset (PupitreRound *self)
{
  g_return_if_fail (PUPITRE_IS_ROUND (self));

  g_object_freeze_notify (G_OBJECT (self));
  pupitre_set_uint (self, &self->number, 0, properties[PROP_NUMBER]);
  pupitre_set_uint (self, &self->rounds, 0, properties[PROP_ROUNDS]);
  pupitre_set_uint (self, &self->countdown, 0, properties[PROP_COUNTDOWN]);
  pupitre_set_string (self, &self->text, NULL, properties[PROP_TEXT]);
  pupitre_set_strv (self, &self->choices, NULL, properties[PROP_CHOICES]);
  pupitre_set_int64 (self, &self->time_limit_ms, 0, properties[PROP_TIME_LIMIT_MS]);
  pupitre_set_int64 (self, &self->deadline, 0, properties[PROP_DEADLINE]);
  clear_answer (self);
  pupitre_set_uint (self, &self->correct, 0, properties[PROP_CORRECT]);
  pupitre_set_string (self, &self->explanation, NULL, properties[PROP_EXPLANATION]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
pupitre_round_announce (PupitreRound                 *self,
                        const PupitreServerCountdown *countdown)
{
  g_return_if_fail (PUPITRE_IS_ROUND (self));

  g_object_freeze_notify (G_OBJECT (self));
  pupitre_set_uint (self, &self->number, countdown->round, properties[PROP_NUMBER]);
  pupitre_set_uint (self, &self->rounds, countdown->rounds, properties[PROP_ROUNDS]);
  pupitre_set_uint (self, &self->countdown, countdown->seconds, properties[PROP_COUNTDOWN]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
pupitre_round_open (PupitreRound                *self,
                    const PupitreServerQuestion *question)
{
  /* On a resume the question has been open for a while already. */
  gint64 open_ms = question->remaining_ms >= 0 ? question->remaining_ms : question->time_limit_ms;

  g_return_if_fail (PUPITRE_IS_ROUND (self));

  g_object_freeze_notify (G_OBJECT (self));
  pupitre_set_uint (self, &self->number, question->round, properties[PROP_NUMBER]);
  pupitre_set_uint (self, &self->rounds, question->rounds, properties[PROP_ROUNDS]);
  pupitre_set_string (self, &self->text, question->text, properties[PROP_TEXT]);
  pupitre_set_strv (self, &self->choices, (const char * const *) question->choices,
                    properties[PROP_CHOICES]);
  pupitre_set_int64 (self, &self->time_limit_ms, question->time_limit_ms,
                     properties[PROP_TIME_LIMIT_MS]);
  pupitre_set_int64 (self, &self->deadline,
                     g_get_monotonic_time () + open_ms * G_TIME_SPAN_MILLISECOND,
                     properties[PROP_DEADLINE]);
  clear_answer (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* A round this client never saw opened (it joined or came back during
 * it): what it kept of an earlier round would be shown as this one's. */
static void
forget_question (PupitreRound *self)
{
  pupitre_set_string (self, &self->text, NULL, properties[PROP_TEXT]);
  pupitre_set_strv (self, &self->choices, NULL, properties[PROP_CHOICES]);
  pupitre_set_int64 (self, &self->time_limit_ms, 0, properties[PROP_TIME_LIMIT_MS]);
  pupitre_set_int64 (self, &self->deadline, 0, properties[PROP_DEADLINE]);
  clear_answer (self);
}

void
pupitre_round_enter (PupitreRound *self,
                     guint         number,
                     guint         rounds)
{
  g_return_if_fail (PUPITRE_IS_ROUND (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (number != self->number)
    {
      forget_question (self);
      pupitre_set_uint (self, &self->correct, 0, properties[PROP_CORRECT]);
      pupitre_set_string (self, &self->explanation, NULL, properties[PROP_EXPLANATION]);
    }
  pupitre_set_uint (self, &self->number, number, properties[PROP_NUMBER]);
  if (rounds > 0)
    pupitre_set_uint (self, &self->rounds, rounds, properties[PROP_ROUNDS]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
pupitre_round_choose (PupitreRound *self,
                      guint         choice)
{
  g_return_if_fail (PUPITRE_IS_ROUND (self));

  g_object_freeze_notify (G_OBJECT (self));
  pupitre_set_boolean (self, &self->answered, TRUE, properties[PROP_ANSWERED]);
  pupitre_set_int (self, &self->chosen, choice, properties[PROP_CHOSEN]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
pupitre_round_acknowledge (PupitreRound                 *self,
                           const PupitreServerAnswerAck *ack)
{
  g_return_if_fail (PUPITRE_IS_ROUND (self));

  g_object_freeze_notify (G_OBJECT (self));
  pupitre_set_boolean (self, &self->answered, TRUE, properties[PROP_ANSWERED]);
  pupitre_set_int (self, &self->chosen, ack->choice, properties[PROP_CHOSEN]);
  pupitre_set_int64 (self, &self->answer_time_ms, ack->time_ms, properties[PROP_ANSWER_TIME_MS]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
pupitre_round_progress (PupitreRound                *self,
                        const PupitreServerProgress *progress)
{
  g_return_if_fail (PUPITRE_IS_ROUND (self));

  if (progress->round != self->number)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  pupitre_set_uint (self, &self->progress_answered, progress->answered,
                    properties[PROP_PROGRESS_ANSWERED]);
  pupitre_set_uint (self, &self->progress_players, progress->players,
                    properties[PROP_PROGRESS_PLAYERS]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
pupitre_round_close (PupitreRound                   *self,
                     const PupitreServerRoundResult *result)
{
  g_return_if_fail (PUPITRE_IS_ROUND (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (result->round != self->number)
    forget_question (self);
  pupitre_set_uint (self, &self->number, result->round, properties[PROP_NUMBER]);
  pupitre_set_uint (self, &self->correct, result->correct, properties[PROP_CORRECT]);
  pupitre_set_string (self, &self->explanation, result->explanation, properties[PROP_EXPLANATION]);
  g_object_thaw_notify (G_OBJECT (self));
}

#define GETTER(type, name, fallback) \
  type \
  pupitre_round_get_##name (PupitreRound *self) \
  { \
    g_return_val_if_fail (PUPITRE_IS_ROUND (self), fallback); \
    return self->name; \
  }

GETTER (guint, number, 0)
GETTER (guint, rounds, 0)
GETTER (guint, countdown, 0)
GETTER (const char *, text, NULL)
GETTER (gint64, time_limit_ms, 0)
GETTER (gint64, deadline, 0)
GETTER (gboolean, answered, FALSE)
GETTER (int, chosen, -1)
GETTER (gint64, answer_time_ms, -1)
GETTER (guint, progress_answered, 0)
GETTER (guint, progress_players, 0)
GETTER (guint, correct, 0)
GETTER (const char *, explanation, NULL)

const char * const *
pupitre_round_get_choices (PupitreRound *self)
{
  g_return_val_if_fail (PUPITRE_IS_ROUND (self), NULL);

  return (const char * const *) self->choices;
}
