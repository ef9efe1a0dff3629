/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-error.h"
#include "pupitre-host-game.h"

struct _PupitreHostGame
{
  GObject             parent_instance;

  PupitreHost        *host;
  PupitreQuiz        *quiz;

  PupitreHostPhase    phase;
  char               *code;
  char               *title;
  PupitreGameOptions  options;
  guint               round;
  guint               rounds;
  gboolean            locked;
  gboolean            paused;
  char               *pause_reason;

  GArray             *players;     /* PupitreHostPlayer */
  guint               n_seats;

  char               *question;
  char              **choices;
  gint64              time_limit_ms;
  /* The clock as the last question, countdown or timer set it: what was
   * left then, and when that was. */
  gint64              remaining_ms;
  gint64              remaining_at;
  guint               answered;
  guint               in_round;
  char              **waiting;

  PupitreHostReport   report;
  gboolean            has_report;
  char               *explanation;
  GArray             *totals;      /* PupitreHostPlayer */

  char               *closed_reason;
};

G_DEFINE_FINAL_TYPE (PupitreHostGame, pupitre_host_game, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PHASE,
  N_PROPS
};

enum
{
  SIGNAL_CHANGED,
  SIGNAL_NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
player_clear (gpointer data)
{
  PupitreHostPlayer *player = data;

  g_clear_pointer (&player->name, g_free);
}

static void
set_phase (PupitreHostGame  *self,
           PupitreHostPhase  phase)
{
  if (self->phase == phase)
    return;
  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static void
set_clock (PupitreHostGame *self,
           gint64           remaining_ms)
{
  self->remaining_ms = remaining_ms;
  self->remaining_at = g_get_monotonic_time ();
}

static void
take_totals (PupitreHostGame          *self,
             const PupitreServerTotal *totals,
             guint                     n_totals)
{
  g_array_set_size (self->totals, 0);
  for (guint i = 0; i < n_totals; i++)
    {
      PupitreHostPlayer player = {
        .name = g_strdup (totals[i].name),
        .connected = TRUE,
        .score = totals[i].score,
        .rank = totals[i].rank,
      };

      g_array_append_val (self->totals, player);
    }
}

static void
take_players (PupitreHostGame            *self,
              const PupitreServerPlayers *players)
{
  g_array_set_size (self->players, 0);
  for (guint i = 0; i < players->n_players; i++)
    {
      PupitreHostPlayer player = {
        .name = g_strdup (players->players[i].name),
        .connected = players->players[i].connected,
        .score = players->players[i].score,
      };

      g_array_append_val (self->players, player);
    }
  self->n_seats = players->count;
}

static void
take_question (PupitreHostGame             *self,
               const PupitreServerQuestion *question)
{
  g_free (self->question);
  self->question = g_strdup (question->text);
  g_strfreev (self->choices);
  self->choices = g_strdupv (question->choices);
  self->round = question->round;
  self->rounds = question->rounds;
  self->time_limit_ms = question->time_limit_ms > 0 ? question->time_limit_ms : -1;
  set_clock (self, question->remaining_ms >= 0 ? question->remaining_ms : self->time_limit_ms);
  /* Until the first progress: every seat is still thinking. */
  self->answered = 0;
  self->in_round = self->n_seats;
  g_strfreev (self->waiting);
  self->waiting = g_new0 (char *, self->players->len + 1);
  for (guint i = 0; i < self->players->len; i++)
    self->waiting[i] = g_strdup (g_array_index (self->players, PupitreHostPlayer, i).name);
  g_clear_pointer (&self->explanation, g_free);
  set_phase (self, PUPITRE_HOST_PHASE_QUESTION);
}

static void
take_report (PupitreHostGame                *self,
             const PupitreServerRoundReport *report)
{
  g_free (self->report.counts);
  self->report.correct = report->correct;
  self->report.counts = g_memdup2 (report->counts, report->n_counts * sizeof (guint));
  self->report.n_counts = report->n_counts;
  self->report.dont_know = report->dont_know;
  self->report.no_answer = report->no_answer;
  self->report.average_ms = report->average_ms;
  self->has_report = TRUE;
}

/* game_state tells where the server is; the teacher's own step (the
 * leaderboard) is kept while the server stays in its results. */
static void
take_state (PupitreHostGame              *self,
            const PupitreServerGameState *state)
{
  self->round = state->round;
  self->rounds = state->rounds;
  self->locked = state->locked;
  self->paused = state->paused;
  if (!state->paused)
    g_clear_pointer (&self->pause_reason, g_free);
  self->n_seats = state->players;

  switch (state->state)
    {
    case PUPITRE_GAME_STATE_LOBBY:
      set_phase (self, PUPITRE_HOST_PHASE_LOBBY);
      break;
    case PUPITRE_GAME_STATE_COUNTDOWN:
      set_phase (self, PUPITRE_HOST_PHASE_COUNTDOWN);
      break;
    case PUPITRE_GAME_STATE_QUESTION:
      /* The question message itself moves the phase, with its text. */
      break;
    case PUPITRE_GAME_STATE_RESULTS:
      if (self->phase != PUPITRE_HOST_PHASE_LEADERBOARD)
        set_phase (self, PUPITRE_HOST_PHASE_RESULTS);
      break;
    case PUPITRE_GAME_STATE_OVER:
      set_phase (self, PUPITRE_HOST_PHASE_OVER);
      break;
    default:
      break;
    }
}

static void
message_cb (PupitreHost                *host,
            const PupitreServerMessage *message,
            PupitreHostGame            *self)
{
  switch (message->type)
    {
    case PUPITRE_SERVER_GAME_CREATED:
      g_free (self->code);
      self->code = g_strdup (message->game_created.game);
      if (!message->game_created.resumed)
        {
          g_free (self->title);
          self->title = g_strdup (message->game_created.title);
        }
      self->options = message->game_created.options;
      self->rounds = message->game_created.rounds;
      for (guint i = 0; message->game_created.warnings[i] != NULL; i++)
        g_signal_emit (self, signals[SIGNAL_NOTICE], 0, message->game_created.warnings[i]);
      break;
    case PUPITRE_SERVER_GAME_STATE:
      take_state (self, &message->game_state);
      break;
    case PUPITRE_SERVER_PLAYERS:
      take_players (self, &message->players);
      break;
    case PUPITRE_SERVER_COUNTDOWN:
      self->round = message->countdown.round;
      self->rounds = message->countdown.rounds;
      set_clock (self, (gint64) message->countdown.seconds * 1000);
      set_phase (self, PUPITRE_HOST_PHASE_COUNTDOWN);
      break;
    case PUPITRE_SERVER_QUESTION:
      take_question (self, &message->question);
      break;
    case PUPITRE_SERVER_HOST_PROGRESS:
      self->answered = message->host_progress.answered;
      self->in_round = message->host_progress.players;
      g_strfreev (self->waiting);
      self->waiting = g_strdupv (message->host_progress.waiting);
      break;
    case PUPITRE_SERVER_ROUND_RESULT:
      g_free (self->explanation);
      self->explanation = g_strdup (message->round_result.explanation);
      take_totals (self, message->round_result.totals, message->round_result.n_totals);
      set_phase (self, PUPITRE_HOST_PHASE_RESULTS);
      break;
    case PUPITRE_SERVER_ROUND_REPORT:
      take_report (self, &message->round_report);
      break;
    case PUPITRE_SERVER_GAME_OVER:
      take_totals (self, message->game_over.totals, message->game_over.n_totals);
      set_phase (self, PUPITRE_HOST_PHASE_OVER);
      break;
    case PUPITRE_SERVER_TIMER:
      self->paused = message->timer.paused;
      g_free (self->pause_reason);
      self->pause_reason = message->timer.paused ? g_strdup (message->timer.reason) : NULL;
      if (message->timer.time_limit_ms >= 0)
        self->time_limit_ms = message->timer.time_limit_ms > 0 ? message->timer.time_limit_ms : -1;
      set_clock (self, message->timer.remaining_ms);
      break;
    case PUPITRE_SERVER_RESULTS:
      /* Kept by the host: the screens only learn that they came. */
      break;
    case PUPITRE_SERVER_ERROR:
      if (pupitre_host_is_connected (host))
        g_signal_emit (self, signals[SIGNAL_NOTICE], 0,
                       message->error.message != NULL
                       ? message->error.message
                       : pupitre_error_code_describe (message->error.code));
      break;
    default:
      return;
    }

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
close_with (PupitreHostGame *self,
            const char      *reason)
{
  g_free (self->closed_reason);
  self->closed_reason = g_strdup (reason);
  set_phase (self, PUPITRE_HOST_PHASE_CLOSED);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
failed_cb (PupitreHost     *host,
           const GError    *error,
           PupitreHostGame *self)
{
  close_with (self, error->message);
}

static void
closed_cb (PupitreHost     *host,
           const char      *reason,
           PupitreHostGame *self)
{
  close_with (self, reason);
}

void
pupitre_host_game_advance (PupitreHostGame *self)
{
  g_return_if_fail (PUPITRE_IS_HOST_GAME (self));

  if (!pupitre_host_is_connected (self->host))
    return;

  switch (self->phase)
    {
    case PUPITRE_HOST_PHASE_RESULTS:
      set_phase (self, PUPITRE_HOST_PHASE_LEADERBOARD);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      break;
    case PUPITRE_HOST_PHASE_LOBBY:
    case PUPITRE_HOST_PHASE_COUNTDOWN:
    case PUPITRE_HOST_PHASE_QUESTION:
    case PUPITRE_HOST_PHASE_LEADERBOARD:
      pupitre_host_command (self->host, "next");
      break;
    case PUPITRE_HOST_PHASE_CONNECTING:
    case PUPITRE_HOST_PHASE_OVER:
    case PUPITRE_HOST_PHASE_CLOSED:
    default:
      break;
    }
}

PupitreHost *
pupitre_host_game_get_host (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return self->host;
}

PupitreQuiz *
pupitre_host_game_get_quiz (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return self->quiz;
}

PupitreHostPhase
pupitre_host_game_get_phase (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), PUPITRE_HOST_PHASE_CLOSED);
  return self->phase;
}

const char *
pupitre_host_game_get_code (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return self->code;
}

const char *
pupitre_host_game_get_title (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return self->title;
}

const PupitreGameOptions *
pupitre_host_game_get_options (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return &self->options;
}

guint
pupitre_host_game_get_round (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), 0);
  return self->round;
}

guint
pupitre_host_game_get_rounds (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), 0);
  return self->rounds;
}

gboolean
pupitre_host_game_get_locked (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), FALSE);
  return self->locked;
}

gboolean
pupitre_host_game_get_paused (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), FALSE);
  return self->paused;
}

const char *
pupitre_host_game_get_pause_reason (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return self->paused ? self->pause_reason : NULL;
}

const PupitreHostPlayer *
pupitre_host_game_get_players (PupitreHostGame *self,
                               guint           *n_players)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  *n_players = self->players->len;
  return &g_array_index (self->players, PupitreHostPlayer, 0);
}

guint
pupitre_host_game_get_n_seats (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), 0);
  return self->n_seats;
}

const char *
pupitre_host_game_get_question (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return self->question;
}

const char * const *
pupitre_host_game_get_choices (PupitreHostGame *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), none);
  return self->choices != NULL ? (const char * const *) self->choices : none;
}

guint
pupitre_host_game_get_answer (PupitreHostGame *self)
{
  const PupitreQuestion *question;

  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), 0);

  if (self->quiz == NULL || self->round == 0 ||
      self->round > pupitre_quiz_get_n_questions (self->quiz))
    return 0;
  question = pupitre_quiz_get_question (self->quiz, self->round - 1);
  return question->answer;
}

gint64
pupitre_host_game_get_remaining_ms (PupitreHostGame *self)
{
  gint64 left;

  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), -1);

  if (self->remaining_ms < 0)
    return -1;
  if (self->paused)
    return self->remaining_ms;
  left = self->remaining_ms - (g_get_monotonic_time () - self->remaining_at) / 1000;
  return MAX (left, 0);
}

gint64
pupitre_host_game_get_time_limit_ms (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), -1);
  return self->time_limit_ms;
}

guint
pupitre_host_game_get_answered (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), 0);
  return self->answered;
}

guint
pupitre_host_game_get_in_round (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), 0);
  return self->in_round;
}

const char * const *
pupitre_host_game_get_waiting (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return (const char * const *) self->waiting;
}

const PupitreHostReport *
pupitre_host_game_get_report (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return self->has_report ? &self->report : NULL;
}

const char *
pupitre_host_game_get_explanation (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return self->explanation;
}

const PupitreHostPlayer *
pupitre_host_game_get_totals (PupitreHostGame *self,
                              guint           *n_totals)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  *n_totals = self->totals->len;
  return &g_array_index (self->totals, PupitreHostPlayer, 0);
}

const char *
pupitre_host_game_get_closed_reason (PupitreHostGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (self), NULL);
  return self->closed_reason;
}

static void
pupitre_host_game_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PupitreHostGame *self = PUPITRE_HOST_GAME (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_int (value, self->phase);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_host_game_dispose (GObject *object)
{
  PupitreHostGame *self = PUPITRE_HOST_GAME (object);

  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  g_clear_pointer (&self->quiz, pupitre_quiz_unref);

  G_OBJECT_CLASS (pupitre_host_game_parent_class)->dispose (object);
}

static void
pupitre_host_game_finalize (GObject *object)
{
  PupitreHostGame *self = PUPITRE_HOST_GAME (object);

  g_free (self->code);
  g_free (self->title);
  g_free (self->pause_reason);
  g_array_unref (self->players);
  g_free (self->question);
  g_strfreev (self->choices);
  g_strfreev (self->waiting);
  g_free (self->report.counts);
  g_free (self->explanation);
  g_array_unref (self->totals);
  g_free (self->closed_reason);

  G_OBJECT_CLASS (pupitre_host_game_parent_class)->finalize (object);
}

static void
pupitre_host_game_class_init (PupitreHostGameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = pupitre_host_game_get_property;
  object_class->dispose = pupitre_host_game_dispose;
  object_class->finalize = pupitre_host_game_finalize;

  properties[PROP_PHASE] =
    g_param_spec_int ("phase", NULL, NULL,
                      PUPITRE_HOST_PHASE_CONNECTING, PUPITRE_HOST_PHASE_CLOSED,
                      PUPITRE_HOST_PHASE_CONNECTING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  signals[SIGNAL_NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pupitre_host_game_init (PupitreHostGame *self)
{
  self->players = g_array_new (FALSE, TRUE, sizeof (PupitreHostPlayer));
  g_array_set_clear_func (self->players, player_clear);
  self->totals = g_array_new (FALSE, TRUE, sizeof (PupitreHostPlayer));
  g_array_set_clear_func (self->totals, player_clear);
  self->waiting = g_new0 (char *, 1);
  self->remaining_ms = -1;
  self->time_limit_ms = -1;
  pupitre_game_options_init (&self->options);
}

PupitreHostGame *
pupitre_host_game_new (PupitreHost *host,
                       PupitreQuiz *quiz)
{
  PupitreHostGame *self;

  g_return_val_if_fail (PUPITRE_IS_HOST (host), NULL);

  self = g_object_new (PUPITRE_TYPE_HOST_GAME, NULL);
  self->host = g_object_ref (host);
  self->quiz = quiz != NULL ? pupitre_quiz_ref (quiz) : NULL;
  g_signal_connect (host, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (host, "failed", G_CALLBACK (failed_cb), self);
  g_signal_connect (host, "closed", G_CALLBACK (closed_cb), self);
  return self;
}
