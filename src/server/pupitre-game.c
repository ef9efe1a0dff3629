/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules of one game: lobby, countdown, question, results, game over;
 * and, for a hosted game, the host's commands, pause and closing. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-error.h"
#include "pupitre-game.h"
#include "pupitre-protocol.h"

/* Chat is a token bucket per seat: a burst of this many lines, then one
 * more per interval. It keeps one member from flooding a whole class. */
#define CHAT_BURST        5
#define CHAT_REFILL_US    (1 * G_USEC_PER_SEC)
/* Seats dropped in the lobby whose token may still bring them back. */
#define MAX_DEPARTED      4096
/* A hosted game with auto_advance shows each round's results this long. */
#define AUTO_ADVANCE_US   (5 * G_USEC_PER_SEC)
/* Speed scoring: a right answer scores from this down to half of it. */
#define SPEED_POINTS      1000

struct _PupitreSeat
{
  char     *name;
  char     *key;     /* collate key: names are unique case-insensitively */
  char     *token;
  gboolean  connected;
  gboolean  host;
  gint64    score;
  guint     rank;

  /* The round this seat is a player of (0: none) and its answer there. */
  guint     round;
  gint64    sent_at;
  gboolean  answered;
  int       choice;
  gint64    time_ms;
  gint64    points;
  /* With shuffle, the quiz's choice shown at each place of this round's
   * question: order[0] is 0, "I don't know", which never moves. */
  guint8    order[PUPITRE_MAX_CHOICES + 1];

  double    chat_tokens;
  gint64    chat_at;
};

/* A seat dropped in the lobby: it holds no place, but its token can take
 * its name again while the name is free and the lobby lasts. */
typedef struct
{
  char     *name;
  gboolean  host;
} Departed;

struct _PupitreGame
{
  GObject                parent_instance;

  char                  *code;
  PupitreGameConfig      config;
  char                  *host_key;
  PupitreQuiz           *quiz;
  PupitreQuiz           *next_quiz;

  PupitreGamePhase       phase;
  gint64                 phase_deadline;
  guint                  round;
  const PupitreQuestion *question;
  gint64                 time_limit_ms;
  guint                  games_played;

  GPtrArray             *seats;      /* join order */
  GHashTable            *by_key;
  GHashTable            *by_token;
  GHashTable            *departed;   /* token → Departed */
  guint                  n_connected;

  GPtrArray             *round_players;
  GPtrArray             *arrivals;
  guint                  pending;    /* connected players of the round yet to answer */

  gboolean               players_dirty;
  gint64                 players_sent_at;
  gboolean               progress_dirty;
  gint64                 progress_sent_at;

  GArray                *totals;     /* PupitreTotalEntry of every seat, ranked */
  /* What a member arriving in results or after the game is shown. */
  GBytes                *last_round_result;
  GArray                *last_records;  /* what it was made of, for each player's order */
  GBytes                *last_game_over;

  /* Hosted games */
  char                  *host_token;
  char                  *host_name;
  JsonNode              *options_json;
  gboolean               host_present;
  gint64                 host_left_at;  /* -1: the host is there */
  gint64                 empty_since;   /* -1: somebody is there */
  gboolean               locked;
  gboolean               paused;
  const char            *pause_reason;  /* "host", "host-away" */
  gint64                 paused_at;
  gint64                 paused_left;   /* the phase's time left when paused; -1: none */
  gboolean               closed;
  GHashTable            *kicked;        /* tokens and collate keys of kicked seats */
  GRand                 *rand;          /* deals the orders of choices */
  GArray                *history;       /* PupitreResultRow of every closed round */

  /* Seats removed while events may still name them: freed once the
   * outbox is empty. */
  GPtrArray             *graveyard;

  GQueue                 outbox;     /* PupitreGameEvent */
};

G_DEFINE_FINAL_TYPE (PupitreGame, pupitre_game, G_TYPE_OBJECT)

static const char * const phase_names[] = {
  [PUPITRE_GAME_PHASE_LOBBY] = "lobby",
  [PUPITRE_GAME_PHASE_COUNTDOWN] = "countdown",
  [PUPITRE_GAME_PHASE_QUESTION] = "question",
  [PUPITRE_GAME_PHASE_RESULTS] = "results",
  [PUPITRE_GAME_PHASE_OVER] = "over",
};

const char *
pupitre_game_phase_to_string (PupitreGamePhase phase)
{
  g_return_val_if_fail (phase <= PUPITRE_GAME_PHASE_OVER, NULL);
  return phase_names[phase];
}

static void
departed_free (Departed *departed)
{
  g_free (departed->name);
  g_free (departed);
}

static void
seat_free (PupitreSeat *seat)
{
  g_free (seat->name);
  g_free (seat->key);
  g_free (seat->token);
  g_free (seat);
}

static PupitreGameEvent *
push_event (PupitreGame          *self,
            PupitreGameEventType  type)
{
  PupitreGameEvent *event = g_new0 (PupitreGameEvent, 1);

  event->type = type;
  event->phase = self->phase;
  event->round = self->round;
  g_queue_push_tail (&self->outbox, event);
  return event;
}

/* @bytes is taken. */
static void
push (PupitreGame *self,
      PupitreSeat *to,
      GBytes      *bytes)
{
  PupitreGameEvent *event = push_event (self, PUPITRE_GAME_EVENT_SEND);

  event->to = to;
  event->bytes = bytes;
}

/* @bytes is taken. */
static void
push_host (PupitreGame *self,
           GBytes      *bytes)
{
  PupitreGameEvent *event;

  if (!self->host_present)
    {
      g_bytes_unref (bytes);
      return;
    }
  event = push_event (self, PUPITRE_GAME_EVENT_SEND);
  event->to_host = TRUE;
  event->bytes = bytes;
}

static guint n_rounds (PupitreGame *self);

static void
send_game_state (PupitreGame *self)
{
  if (!self->config.hosted)
    return;
  push_host (self, pupitre_message_game_state (self->code, phase_names[self->phase],
                                               self->round, n_rounds (self), self->locked,
                                               self->paused, self->seats->len,
                                               self->n_connected));
}

/* @duration_us < 0: the phase lasts until an input ends it. A paused
 * game keeps the duration for when it resumes. */
static void
set_phase (PupitreGame      *self,
           PupitreGamePhase  phase,
           gint64            now,
           gint64            duration_us)
{
  gboolean changed = self->phase != phase;

  self->phase = phase;
  if (duration_us < 0)
    {
      self->phase_deadline = -1;
      self->paused_left = -1;
    }
  else if (self->paused)
    {
      self->phase_deadline = -1;
      self->paused_left = duration_us;
    }
  else
    self->phase_deadline = now + duration_us;

  if (changed)
    {
      PupitreGameEvent *event = push_event (self, PUPITRE_GAME_EVENT_PHASE_CHANGED);

      event->quiz = pupitre_quiz_ref (self->quiz);
      event->n_connected = self->n_connected;
      send_game_state (self);
    }
}

/* What is left of the phase's time: -1 when it has no deadline. */
static gint64
time_left (PupitreGame *self,
           gint64       now)
{
  if (self->paused)
    return self->paused_left;
  if (self->phase_deadline < 0)
    return -1;
  return MAX (self->phase_deadline - now, 0);
}

void
pupitre_game_event_clear (PupitreGameEvent *event)
{
  g_clear_pointer (&event->bytes, g_bytes_unref);
  g_clear_pointer (&event->quiz, pupitre_quiz_unref);
  g_clear_pointer (&event->records, g_array_unref);
  g_clear_pointer (&event->totals, g_array_unref);
}

static void
event_free (gpointer data)
{
  pupitre_game_event_clear (data);
  g_free (data);
}

static guint
n_rounds (PupitreGame *self)
{
  return pupitre_quiz_get_n_questions (self->quiz);
}

/* Highest score first, then by name; stable for equal keys. */
static int
compare_standing (gconstpointer a,
                  gconstpointer b)
{
  const PupitreSeat *sa = *(PupitreSeat * const *) a;
  const PupitreSeat *sb = *(PupitreSeat * const *) b;
  int cmp;

  if (sa->score != sb->score)
    return sa->score > sb->score ? -1 : 1;
  cmp = strcmp (sa->key, sb->key);
  return cmp != 0 ? cmp : strcmp (sa->name, sb->name);
}

static GPtrArray *
sorted_seats (PupitreGame *self)
{
  GPtrArray *sorted = g_ptr_array_copy (self->seats, NULL, NULL);

  /* The copy would otherwise inherit the seats' destroy function. */
  g_ptr_array_set_free_func (sorted, NULL);
  g_ptr_array_sort (sorted, compare_standing);
  return sorted;
}

static guint
needed (PupitreGame *self)
{
  /* The host starts a hosted game: no head count. */
  return self->config.hosted ? 0 : self->config.needed;
}

static GBytes *
players_message (PupitreGame *self)
{
  g_autoptr(GPtrArray) sorted = sorted_seats (self);
  PupitrePlayerEntry entries[PUPITRE_LIST_MAX];
  guint n = MIN (sorted->len, PUPITRE_LIST_MAX);

  for (guint i = 0; i < n; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (sorted, i);

      entries[i].name = seat->name;
      entries[i].connected = seat->connected;
      entries[i].score = seat->score;
    }

  return pupitre_message_players (self->seats->len, entries, n, needed (self));
}

static void
send_players (PupitreGame *self,
              gint64       now)
{
  push (self, NULL, players_message (self));
  send_game_state (self);
  self->players_dirty = FALSE;
  self->players_sent_at = now;
}

/* Who the host still waits for: the round's players without an answer,
 * connected or not. */
static void
send_host_progress (PupitreGame *self)
{
  const char *waiting[PUPITRE_LIST_MAX];
  guint n_waiting = 0;

  for (guint i = 0; i < self->round_players->len && n_waiting < PUPITRE_LIST_MAX; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->round_players, i);

      if (!seat->answered)
        waiting[n_waiting++] = seat->name;
    }

  push_host (self, pupitre_message_host_progress (self->round, self->arrivals->len,
                                                  self->round_players->len,
                                                  waiting, n_waiting));
}

static void
send_progress (PupitreGame *self,
               gint64       now)
{
  push (self, NULL, pupitre_message_progress (self->round, self->arrivals->len,
                                              self->round_players->len));
  if (self->config.hosted)
    send_host_progress (self);
  self->progress_dirty = FALSE;
  self->progress_sent_at = now;
}

static GBytes *
timer_message (PupitreGame *self,
               gint64       now)
{
  gint64 left = time_left (self, now);

  return pupitre_message_timer (phase_names[self->phase], self->round,
                                left >= 0 ? left / 1000 : -1,
                                self->phase == PUPITRE_GAME_PHASE_QUESTION ? self->time_limit_ms : -1,
                                self->paused, self->paused ? self->pause_reason : NULL);
}

static void
send_timer (PupitreGame *self,
            gint64       now)
{
  push (self, NULL, timer_message (self, now));
}

static gint64
interval (PupitreGame *self,
          gint64       base_ms)
{
  if (self->config.update_interval == NULL)
    return base_ms * 1000;
  return self->config.update_interval (self->n_connected, base_ms * 1000,
                                       self->config.user_data);
}

/* Membership and progress updates go out at most every few hundred
 * milliseconds: with thousands of players joining or answering at once,
 * one message per change would be quadratic. */
static void
flush_coalesced (PupitreGame *self,
                 gint64       now)
{
  if (self->players_dirty &&
      now >= self->players_sent_at + interval (self, PUPITRE_PLAYERS_INTERVAL_MS))
    send_players (self, now);

  if (self->progress_dirty &&
      now >= self->progress_sent_at + interval (self, PUPITRE_PROGRESS_INTERVAL_MS))
    send_progress (self, now);
}

static void remove_disconnected_seats (PupitreGame *self);

static void
start_countdown (PupitreGame *self,
                 gint64       now)
{
  guint seconds = (guint) ((self->config.countdown_ms + 999) / 1000);

  /* Whoever left the lobby before the start is not one of the game's
   * players: no seat in its rankings. */
  if (self->round == 0)
    {
      remove_disconnected_seats (self);
      g_hash_table_remove_all (self->departed);
    }

  self->round++;
  set_phase (self, PUPITRE_GAME_PHASE_COUNTDOWN, now, self->config.countdown_ms * 1000);
  push (self, NULL, pupitre_message_countdown (self->round, n_rounds (self), seconds));
}

static void
maybe_start (PupitreGame *self,
             gint64       now)
{
  if (!self->config.hosted && self->phase == PUPITRE_GAME_PHASE_LOBBY &&
      self->n_connected >= MAX (self->config.needed, 1))
    start_countdown (self, now);
}

static gboolean
shuffled (PupitreGame *self)
{
  return self->config.hosted && self->config.options.shuffle;
}

/* A seat sees the quiz's order unless it plays this round of a shuffled
 * game: a late joiner's results are in the quiz's order. */
static gboolean
has_order (PupitreGame *self,
           PupitreSeat *seat)
{
  return seat != NULL && shuffled (self) && seat->round == self->round && self->round > 0;
}

static void
deal_order (PupitreGame *self,
            PupitreSeat *seat)
{
  guint n = self->question->n_choices;

  for (guint i = 0; i <= n; i++)
    seat->order[i] = (guint8) i;
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (self->rand, 1, (gint32) i + 1);
      guint8 swap = seat->order[i];

      seat->order[i] = seat->order[j];
      seat->order[j] = swap;
    }
}

/* The quiz's choice at @shown on the seat's screen. */
static int
to_quiz (PupitreGame *self,
         PupitreSeat *seat,
         int          shown)
{
  return has_order (self, seat) && shown > 0 ? seat->order[shown] : shown;
}

/* Where the quiz's @choice is on the seat's screen; -1 stays -1. */
static int
to_shown (PupitreGame *self,
          PupitreSeat *seat,
          int          choice)
{
  if (!has_order (self, seat) || choice <= 0)
    return choice;
  for (guint i = 1; i <= self->question->n_choices; i++)
    if (seat->order[i] == choice)
      return (int) i;
  g_return_val_if_reached (choice);
}

/* The open question as @seat sees it; NULL: the quiz's order (the host). */
static GBytes *
question_message (PupitreGame *self,
                  PupitreSeat *seat,
                  gint64       remaining_ms)
{
  const char *choices[PUPITRE_MAX_CHOICES + 1];
  guint n = self->question->n_choices;

  for (guint i = 1; i <= n; i++)
    choices[i - 1] = self->question->choices[to_quiz (self, seat, (int) i) - 1];
  choices[n] = NULL;
  return pupitre_message_question (self->round, n_rounds (self), self->question->text,
                                   choices, self->time_limit_ms, remaining_ms);
}

static void close_round (PupitreGame *self,
                         gint64       now);

static void
open_question (PupitreGame *self,
               gint64       now)
{
  const PupitreQuestion *question = pupitre_quiz_get_question (self->quiz, self->round - 1);

  self->question = question;
  if (self->config.hosted && self->config.options.time_limit_ms >= 0)
    self->time_limit_ms = self->config.options.time_limit_ms;  /* 0: the host closes it */
  else if (question->time_limit_ms > 0)
    self->time_limit_ms = question->time_limit_ms;
  else if (pupitre_quiz_get_time_limit (self->quiz) > 0)
    self->time_limit_ms = pupitre_quiz_get_time_limit (self->quiz);
  else
    self->time_limit_ms = self->config.time_limit_ms;

  g_ptr_array_set_size (self->round_players, 0);
  g_ptr_array_set_size (self->arrivals, 0);
  self->pending = 0;
  self->progress_dirty = FALSE;
  /* The first progress waits one interval too: answers that all arrive
   * within it close the round with no progress broadcast at all. */
  self->progress_sent_at = now;
  /* Time paused before the question opened is no answer's time. */
  if (self->paused)
    self->paused_at = now;

  for (guint i = 0; i < self->seats->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->seats, i);

      seat->answered = FALSE;
      seat->choice = -1;
      seat->time_ms = -1;
      seat->points = 0;
      seat->round = 0;
      if (!seat->connected)
        continue;
      seat->round = self->round;
      seat->sent_at = now;
      if (shuffled (self))
        deal_order (self, seat);
      g_ptr_array_add (self->round_players, seat);
      self->pending++;
    }

  set_phase (self, PUPITRE_GAME_PHASE_QUESTION, now,
             self->time_limit_ms > 0 ? self->time_limit_ms * 1000 : -1);
  if (!shuffled (self))
    push (self, NULL, question_message (self, NULL, -1));
  else
    {
      for (guint i = 0; i < self->round_players->len; i++)
        {
          PupitreSeat *seat = g_ptr_array_index (self->round_players, i);

          push (self, seat, question_message (self, seat, -1));
        }
      push_host (self, question_message (self, NULL, -1));
    }
  /* A hosted question stays open for its host even with nobody to ask. */
  if (self->pending == 0 && !self->config.hosted)
    close_round (self, now);
}

static int
compare_time (gconstpointer a,
              gconstpointer b)
{
  const PupitreSeat *sa = *(PupitreSeat * const *) a;
  const PupitreSeat *sb = *(PupitreSeat * const *) b;

  return (sa->time_ms > sb->time_ms) - (sa->time_ms < sb->time_ms);
}

static gint64
weight (PupitreGame *self)
{
  return self->config.options.question_points ? self->question->points : 1;
}

/* Speed scoring: from SPEED_POINTS for an instant answer down to half of
 * it at the time limit; with no limit, by rank among the right answers. */
static gint64
speed_points (PupitreGame *self,
              PupitreSeat *seat,
              guint        k,
              guint        n_right)
{
  double fraction;

  if (self->time_limit_ms > 0)
    fraction = MIN ((double) seat->time_ms / (double) self->time_limit_ms, 1.0);
  else
    fraction = n_right > 1 ? (double) k / (double) (n_right - 1) : 0.0;

  return (gint64) (SPEED_POINTS - SPEED_POINTS / 2 * fraction + 0.5);
}

/* Classic scoring: with P players in the round, the k-th fastest right
 * answer scores P - k + 1; a wrong answer -1; "don't know" and silence 0.
 * The other rules are in docs/protocol.md, section 14.6. Each is weighted
 * by the question's points. Speed is each player's own server-measured
 * time, so a player who got the question late is not penalised for it. */
static void
score_round (PupitreGame *self)
{
  g_autoptr(GPtrArray) right = g_ptr_array_new ();
  PupitreScoring scoring = self->config.options.scoring;
  guint players = self->round_players->len;
  gint64 m = weight (self);

  for (guint i = 0; i < self->arrivals->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->arrivals, i);

      if (seat->choice == (int) self->question->answer)
        g_ptr_array_add (right, seat);
      else if (seat->choice > 0 && scoring == PUPITRE_SCORING_CLASSIC)
        seat->points = -m;
      else
        seat->points = 0;
    }

  /* GLib's sort is stable: equal times keep their arrival order. */
  g_ptr_array_sort (right, compare_time);
  for (guint k = 0; k < right->len; k++)
    {
      PupitreSeat *seat = g_ptr_array_index (right, k);

      switch (scoring)
        {
        case PUPITRE_SCORING_SPEED:
          seat->points = m * speed_points (self, seat, k, right->len);
          break;
        case PUPITRE_SCORING_RIGHT:
          seat->points = m;
          break;
        case PUPITRE_SCORING_CLASSIC:
        default:
          seat->points = m * (players - k);
          break;
        }
    }

  for (guint i = 0; i < self->round_players->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->round_players, i);

      seat->score += seat->points;
    }
}

/* Ranks every seat once: equal scores share a rank (1, 1, 3). */
static void
rank_seats (PupitreGame *self)
{
  g_autoptr(GPtrArray) sorted = sorted_seats (self);

  g_array_set_size (self->totals, sorted->len);
  for (guint i = 0; i < sorted->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (sorted, i);
      PupitreTotalEntry *entry = &g_array_index (self->totals, PupitreTotalEntry, i);

      if (i > 0 && seat->score == ((PupitreSeat *) g_ptr_array_index (sorted, i - 1))->score)
        seat->rank = g_array_index (self->totals, PupitreTotalEntry, i - 1).rank;
      else
        seat->rank = i + 1;

      entry->name = seat->name;
      entry->score = seat->score;
      entry->rank = seat->rank;
    }
}

static void
record_clear (gpointer data)
{
  PupitreRoundRecord *record = data;

  g_free (record->name);
}

static void
add_record (GArray      *records,
            PupitreSeat *seat)
{
  PupitreRoundRecord record = {
    .name = g_strdup (seat->name),
    .choice = seat->answered ? seat->choice : -1,
    .time_ms = seat->answered ? seat->time_ms : -1,
    .points = seat->points,
    .score = seat->score,
    .rank = seat->rank,
  };

  g_array_append_val (records, record);
}

/* The round's players in the order of round_result: answers as they
 * arrived, then those who did not answer. Names are copied, so that the
 * records outlive the seats. */
static GArray *
collect_records (PupitreGame *self)
{
  GArray *records = g_array_sized_new (FALSE, FALSE, sizeof (PupitreRoundRecord),
                                       self->round_players->len);

  g_array_set_clear_func (records, record_clear);
  for (guint i = 0; i < self->arrivals->len; i++)
    add_record (records, g_ptr_array_index (self->arrivals, i));
  for (guint i = 0; i < self->round_players->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->round_players, i);

      if (!seat->answered)
        add_record (records, seat);
    }
  return records;
}

/* The last round's result in @seat's order of choices; NULL: the quiz's. */
static GBytes *
round_result_message (PupitreGame *self,
                      PupitreSeat *seat)
{
  PupitreResultEntry results[PUPITRE_LIST_MAX];
  guint n_results = MIN (self->last_records->len, PUPITRE_LIST_MAX);

  for (guint i = 0; i < n_results; i++)
    {
      const PupitreRoundRecord *record = &g_array_index (self->last_records,
                                                         PupitreRoundRecord, i);

      results[i].name = record->name;
      results[i].choice = to_shown (self, seat, record->choice);
      results[i].points = record->points;
      results[i].time_ms = record->time_ms;
    }
  return pupitre_message_round_result (self->round,
                                       (guint) to_shown (self, seat, (int) self->question->answer),
                                       self->question->explanation,
                                       results, n_results,
                                       (const PupitreTotalEntry *) (gpointer) self->totals->data,
                                       MIN (self->totals->len, PUPITRE_LIST_MAX));
}

static void
send_round_result (PupitreGame *self,
                   GArray      *records)
{

  g_clear_pointer (&self->last_round_result, g_bytes_unref);
  g_clear_pointer (&self->last_records, g_array_unref);
  self->last_records = g_array_ref (records);
  self->last_round_result = round_result_message (self, NULL);
  if (!shuffled (self))
    {
      push (self, NULL, g_bytes_ref (self->last_round_result));
      return;
    }
  for (guint i = 0; i < self->seats->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->seats, i);

      if (seat->connected)
        push (self, seat, round_result_message (self, seat));
    }
  push_host (self, g_bytes_ref (self->last_round_result));
}

static void
push_standing (PupitreGame *self,
               PupitreSeat *seat,
               gboolean     final)
{
  gboolean played = seat->round == self->round && seat->answered;

  push (self, seat,
        pupitre_message_standing (self->round,
                                  played ? to_shown (self, seat, seat->choice) : -1,
                                  seat->round == self->round ? seat->points : 0,
                                  played ? seat->time_ms : -1,
                                  seat->score, seat->rank, self->seats->len, final));
}

static void
send_standings (PupitreGame *self,
                gboolean     final)
{
  for (guint i = 0; i < self->seats->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->seats, i);

      if (seat->connected)
        push_standing (self, seat, final);
    }
}

static void
total_clear (gpointer data)
{
  PupitreTotalEntry *entry = data;

  g_free ((char *) entry->name);
}

/* The ranking with names of its own, for an event. */
static GArray *
copy_totals (PupitreGame *self)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (PupitreTotalEntry), self->totals->len);

  g_array_set_clear_func (copy, total_clear);
  for (guint i = 0; i < self->totals->len; i++)
    {
      PupitreTotalEntry entry = g_array_index (self->totals, PupitreTotalEntry, i);

      entry.name = g_strdup (entry.name);
      g_array_append_val (copy, entry);
    }
  return copy;
}

static void
row_clear (gpointer data)
{
  PupitreResultRow *row = data;

  g_free ((char *) row->player);
}

/* A hosted game keeps every row for its host's results. */
static void
add_history (PupitreGame *self,
             GArray      *records)
{
  for (guint i = 0; i < records->len; i++)
    {
      const PupitreRoundRecord *record = &g_array_index (records, PupitreRoundRecord, i);
      PupitreResultRow row = {
        .round = self->round,
        .question = self->question->text,
        .player = g_strdup (record->name),
        .choice = record->choice,
        .correct = record->choice == (int) self->question->answer,
        .time_ms = record->time_ms,
        .points = record->points,
        .score = record->score,
        .rank = record->rank,
      };

      g_array_append_val (self->history, row);
    }
}

static void
send_round_report (PupitreGame *self)
{
  guint counts[PUPITRE_MAX_CHOICES] = { 0, };
  guint dont_know = 0;
  gint64 total_ms = 0;

  for (guint i = 0; i < self->arrivals->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->arrivals, i);

      if (seat->choice == 0)
        dont_know++;
      else
        counts[seat->choice - 1]++;
      total_ms += seat->time_ms;
    }

  push_host (self,
             pupitre_message_round_report (self->round, self->question->answer,
                                           counts, self->question->n_choices, dont_know,
                                           self->round_players->len - self->arrivals->len,
                                           self->arrivals->len > 0
                                           ? total_ms / self->arrivals->len : -1));
}

static void
send_results (PupitreGame *self)
{
  guint sent = 0;

  do
    {
      guint n = MIN (self->history->len - sent, PUPITRE_LIST_MAX);

      push_host (self,
                 pupitre_message_results (&g_array_index (self->history, PupitreResultRow, sent),
                                          n, sent + n == self->history->len));
      sent += n;
    }
  while (sent < self->history->len);
}

static void
finish_game (PupitreGame *self,
             gint64       now)
{
  PupitreGameEvent *event;

  g_clear_pointer (&self->last_game_over, g_bytes_unref);
  self->last_game_over =
    pupitre_message_game_over ((const PupitreTotalEntry *) (gpointer) self->totals->data,
                               MIN (self->totals->len, PUPITRE_LIST_MAX),
                               self->config.hosted ? -1 : self->config.over_pause_ms);
  push (self, NULL, g_bytes_ref (self->last_game_over));
  send_standings (self, TRUE);
  self->games_played++;
  /* A hosted game stays on its podium until its host plays again. */
  set_phase (self, PUPITRE_GAME_PHASE_OVER, now,
             self->config.hosted ? -1 : self->config.over_pause_ms * 1000);
  event = push_event (self, PUPITRE_GAME_EVENT_GAME_OVER);
  event->totals = copy_totals (self);
  if (self->config.hosted)
    send_results (self);
}

static void
close_round (PupitreGame *self,
             gint64       now)
{
  g_autoptr(GArray) records = NULL;
  PupitreGameEvent *event;

  /* The last count goes out before the result, so that every answer is
   * reported; the network layer sends both in one write per player. */
  if (self->progress_dirty)
    send_progress (self, now);

  score_round (self);
  rank_seats (self);
  records = collect_records (self);
  self->pending = 0;

  send_round_result (self, records);
  send_standings (self, FALSE);
  if (self->config.hosted)
    {
      add_history (self, records);
      send_round_report (self);
    }
  event = push_event (self, PUPITRE_GAME_EVENT_ROUND_CLOSED);
  event->quiz = pupitre_quiz_ref (self->quiz);
  event->question = self->question;
  event->records = g_steal_pointer (&records);

  /* The host moves on from every round's results, the last one too. */
  if (self->config.hosted)
    set_phase (self, PUPITRE_GAME_PHASE_RESULTS, now,
               self->config.options.auto_advance ? AUTO_ADVANCE_US : -1);
  else if (self->round < n_rounds (self))
    set_phase (self, PUPITRE_GAME_PHASE_RESULTS, now, self->config.pause_ms * 1000);
  else
    finish_game (self, now);
}

/* The seat is freed once the outbox is empty: events still name it. */
static void
remove_seat (PupitreGame *self,
             PupitreSeat *seat)
{
  guint index;

  g_hash_table_remove (self->by_key, seat->key);
  g_hash_table_remove (self->by_token, seat->token);
  if (g_ptr_array_find (self->seats, seat, &index))
    g_ptr_array_add (self->graveyard, g_ptr_array_steal_index (self->seats, index));
}

static void
remove_disconnected_seats (PupitreGame *self)
{
  for (guint i = self->seats->len; i > 0; i--)
    {
      PupitreSeat *seat = g_ptr_array_index (self->seats, i - 1);

      if (!seat->connected)
        {
          remove_seat (self, seat);
          self->players_dirty = TRUE;
        }
    }
}

/* After the final ranking: those who left lose their seat, the others
 * start again from zero in the lobby, with the newest quiz. */
static void
return_to_lobby (PupitreGame *self,
                 gint64       now)
{
  remove_disconnected_seats (self);
  for (guint i = 0; i < self->seats->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->seats, i);

      seat->score = 0;
      seat->rank = 0;
      seat->round = 0;
    }

  if (self->next_quiz != NULL)
    {
      g_clear_pointer (&self->quiz, pupitre_quiz_unref);
      self->quiz = g_steal_pointer (&self->next_quiz);
    }

  self->round = 0;
  self->question = NULL;
  g_ptr_array_set_size (self->round_players, 0);
  g_ptr_array_set_size (self->arrivals, 0);
  g_array_set_size (self->totals, 0);
  g_array_set_size (self->history, 0);
  g_clear_pointer (&self->last_round_result, g_bytes_unref);
  g_clear_pointer (&self->last_records, g_array_unref);
  g_clear_pointer (&self->last_game_over, g_bytes_unref);
  set_phase (self, PUPITRE_GAME_PHASE_LOBBY, now, -1);
  self->players_dirty = TRUE;
  maybe_start (self, now);
}

static void
update_empty (PupitreGame *self,
              gint64       now)
{
  gboolean empty = self->config.hosted && !self->host_present && self->n_connected == 0;

  if (!empty)
    self->empty_since = -1;
  else if (self->empty_since < 0)
    self->empty_since = now;
}

static void end_game (PupitreGame *self,
                      gint64       now);

static void
close_game (PupitreGame *self,
            const char  *reason,
            gint64       now)
{
  PupitreGameEvent *event;

  if (self->closed)
    return;

  end_game (self, now);
  push (self, NULL, pupitre_message_game_closed (reason));
  push (self, NULL, pupitre_message_bye ());
  event = push_event (self, PUPITRE_GAME_EVENT_CLOSED);
  event->close_reason = reason;
  self->closed = TRUE;
  self->phase_deadline = -1;
  self->paused_left = -1;
  self->players_dirty = FALSE;
  self->progress_dirty = FALSE;
}

/* When the host has been away, or everybody, too long. */
static gint64
close_deadline (PupitreGame *self)
{
  gint64 deadline = -1;

  if (!self->config.hosted || self->closed)
    return -1;
  if (self->host_left_at >= 0)
    deadline = self->host_left_at + self->config.host_grace_ms * 1000;
  if (self->empty_since >= 0)
    {
      gint64 idle = self->empty_since + self->config.idle_ms * 1000;

      deadline = deadline < 0 ? idle : MIN (deadline, idle);
    }
  return deadline;
}

static void next_step (PupitreGame *self,
                       gint64       now);

void
pupitre_game_advance (PupitreGame *self,
                      gint64       now)
{
  g_return_if_fail (PUPITRE_IS_GAME (self));

  /* A zero countdown or pause chains several steps at one instant. */
  while (self->phase_deadline >= 0 && now >= self->phase_deadline)
    {
      switch (self->phase)
        {
        case PUPITRE_GAME_PHASE_OVER:
          return_to_lobby (self, now);
          break;
        case PUPITRE_GAME_PHASE_LOBBY:
          self->phase_deadline = -1;
          break;
        case PUPITRE_GAME_PHASE_COUNTDOWN:
        case PUPITRE_GAME_PHASE_QUESTION:
        case PUPITRE_GAME_PHASE_RESULTS:
        default:
          /* Time's up does what the host's next does. */
          next_step (self, now);
          break;
        }
    }

  if (close_deadline (self) >= 0 && now >= close_deadline (self))
    {
      gboolean grace_over = self->host_left_at >= 0 &&
                            now >= self->host_left_at + self->config.host_grace_ms * 1000;

      close_game (self, grace_over ? "host-away" : "idle", now);
    }

  flush_coalesced (self, now);
}

gint64
pupitre_game_get_next_deadline (PupitreGame *self)
{
  gint64 deadline = self->phase_deadline;

  g_return_val_if_fail (PUPITRE_IS_GAME (self), -1);

  if (self->players_dirty)
    {
      gint64 due = self->players_sent_at + interval (self, PUPITRE_PLAYERS_INTERVAL_MS);

      deadline = deadline < 0 ? due : MIN (deadline, due);
    }
  if (self->progress_dirty)
    {
      gint64 due = self->progress_sent_at + interval (self, PUPITRE_PROGRESS_INTERVAL_MS);

      deadline = deadline < 0 ? due : MIN (deadline, due);
    }
  if (close_deadline (self) >= 0)
    deadline = deadline < 0 ? close_deadline (self) : MIN (deadline, close_deadline (self));

  return deadline;
}

PupitreSeat *
pupitre_game_find_seat_by_token (PupitreGame *self,
                                 const char  *token)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), NULL);
  return token != NULL ? g_hash_table_lookup (self->by_token, token) : NULL;
}

/* @token is the seat's, or NULL to draw one. */
static PupitreSeat *
new_seat (PupitreGame *self,
          const char  *raw_name,
          const char  *host_key,
          const char  *token,
          GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  PupitreSeat *seat;

  if (!(name = pupitre_name_normalize (raw_name, error)))
    return NULL;

  key = pupitre_name_collate_key (name);
  if (g_hash_table_contains (self->kicked, key))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_KICKED,
                   _("“%s” was removed from this game by its host"), name);
      return NULL;
    }

  if (g_hash_table_contains (self->by_key, key))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_TAKEN,
                   _("The name “%s” is already taken in this game"), name);
      return NULL;
    }

  if (self->config.max_players > 0 && self->seats->len >= self->config.max_players)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_GAME_FULL,
                   _("The game is full (%u players)"), self->config.max_players);
      return NULL;
    }

  seat = g_new0 (PupitreSeat, 1);
  seat->name = g_steal_pointer (&name);
  seat->key = g_steal_pointer (&key);
  seat->token = token != NULL ? g_strdup (token) : self->config.new_token (self->config.user_data);
  seat->choice = -1;
  seat->time_ms = -1;
  seat->chat_tokens = CHAT_BURST;
  /* A hosted game's host holds no seat: a key makes no seat a host. */
  seat->host = !self->config.hosted && self->host_key != NULL && host_key != NULL &&
               g_str_equal (self->host_key, host_key);

  g_ptr_array_add (self->seats, seat);
  g_hash_table_insert (self->by_key, seat->key, seat);
  g_hash_table_insert (self->by_token, seat->token, seat);
  return seat;
}

static GBytes *
joined_message (PupitreGame *self,
                PupitreSeat *seat,
                gboolean     resumed)
{
  const PupitreJoinedInfo info = {
    .name = seat->name,
    .token = seat->token,
    .game = self->code,
    .state = phase_names[self->phase],
    .needed = needed (self),
    .resumed = resumed,
    .scoring = pupitre_scoring_to_string (self->config.options.scoring),
    .round = self->round,
    .rounds = n_rounds (self),
    .hosted = self->config.hosted,
    .options = self->options_json,
  };

  return pupitre_message_joined_full (&info);
}

/* What a member arriving now needs for the screen of the moment; the
 * open question is the caller's, as it depends on the seat's round. */
static void
catch_up (PupitreGame *self,
          PupitreSeat *seat,
          gint64       now)
{
  switch (self->phase)
    {
    case PUPITRE_GAME_PHASE_COUNTDOWN:
      {
        gint64 left = MAX (time_left (self, now), 0);

        push (self, seat, pupitre_message_countdown (self->round, n_rounds (self),
                                                     (guint) ((left + G_USEC_PER_SEC - 1) /
                                                              G_USEC_PER_SEC)));
        break;
      }
    case PUPITRE_GAME_PHASE_RESULTS:
      if (self->last_round_result != NULL)
        push (self, seat, shuffled (self) ? round_result_message (self, seat)
                                          : g_bytes_ref (self->last_round_result));
      if (seat->rank > 0)
        push_standing (self, seat, FALSE);
      break;
    case PUPITRE_GAME_PHASE_OVER:
      if (self->last_game_over != NULL)
        push (self, seat, g_bytes_ref (self->last_game_over));
      if (seat->rank > 0)
        push_standing (self, seat, TRUE);
      break;
    case PUPITRE_GAME_PHASE_LOBBY:
    case PUPITRE_GAME_PHASE_QUESTION:
    default:
      break;
    }

  if (self->paused)
    push (self, seat, timer_message (self, now));
}

PupitreSeat *
pupitre_game_join (PupitreGame *self,
                   const char  *name,
                   const char  *token,
                   const char  *host_key,
                   gint64       now,
                   GError     **error)
{
  PupitreSeat *seat;
  gboolean resumed = token != NULL;
  gboolean was_away;

  g_return_val_if_fail (PUPITRE_IS_GAME (self), NULL);
  g_return_val_if_fail (!self->closed, NULL);

  if (resumed && g_hash_table_contains (self->kicked, token))
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_KICKED,
                           _("You were removed from this game by its host"));
      return NULL;
    }

  if (resumed)
    {
      Departed *departed = g_hash_table_lookup (self->departed, token);

      seat = g_hash_table_lookup (self->by_token, token);
      if (seat == NULL && departed != NULL)
        {
          if (!(seat = new_seat (self, departed->name, NULL, token, error)))
            return NULL;
          seat->host = departed->host;
          g_hash_table_remove (self->departed, token);
        }
      else if (seat == NULL)
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_TOKEN,
                               _("This token matches no player of the game"));
          return NULL;
        }
    }
  else if (self->config.hosted &&
           (self->locked || (!self->config.options.late_join &&
                             self->phase != PUPITRE_GAME_PHASE_LOBBY)))
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_GAME_LOCKED,
                           self->locked ? _("The host has locked this game: nobody new can join")
                                        : _("This game has started and takes no new players"));
      return NULL;
    }
  else if (!(seat = new_seat (self, name, host_key, NULL, error)))
    return NULL;

  /* A seat taken over from a link still open never left: it stays
   * connected and, in a question, still counts as a player to wait for. */
  was_away = !seat->connected;
  if (was_away)
    {
      seat->connected = TRUE;
      self->n_connected++;
    }

  push (self, seat, joined_message (self, seat, resumed));

  /* A seat back during its own round gets the open question again, with
   * the time left; its answer time still counts from the first sending,
   * so that leaving and coming back buys no time. */
  if (resumed && self->phase == PUPITRE_GAME_PHASE_QUESTION &&
      seat->round == self->round && !seat->answered)
    {
      gint64 left = time_left (self, now);

      if (was_away)
        self->pending++;
      push (self, seat, question_message (self, seat, left >= 0 ? left / 1000 : -1));
    }
  catch_up (self, seat, now);

  self->players_dirty = TRUE;
  update_empty (self, now);
  maybe_start (self, now);
  flush_coalesced (self, now);
  return seat;
}

void
pupitre_game_leave (PupitreGame *self,
                    PupitreSeat *seat,
                    gboolean     quit,
                    gint64       now)
{
  g_return_if_fail (PUPITRE_IS_GAME (self));
  g_return_if_fail (seat != NULL);

  if (seat->connected)
    {
      seat->connected = FALSE;
      self->n_connected--;
      self->players_dirty = TRUE;

      if (self->phase == PUPITRE_GAME_PHASE_QUESTION &&
          seat->round == self->round && !seat->answered)
        {
          self->pending--;
          /* A hosted question nobody is left to answer waits for its host. */
          if (self->pending == 0 && (!self->config.hosted || self->arrivals->len > 0))
            close_round (self, now);
        }
    }

  /* Before the game starts a seat holds no score: whoever leaves, on
   * purpose or not, frees the name and the place at once (a client that
   * opens and drops joins would otherwise fill the game). Once it has
   * started, the seat keeps its place in the ranking. */
  if (self->phase == PUPITRE_GAME_PHASE_LOBBY)
    {
      if (!quit && g_hash_table_size (self->departed) < MAX_DEPARTED)
        {
          Departed *departed = g_new (Departed, 1);

          departed->name = g_strdup (seat->name);
          departed->host = seat->host;
          g_hash_table_insert (self->departed, g_strdup (seat->token), departed);
        }
      remove_seat (self, seat);
      self->players_dirty = TRUE;
    }

  update_empty (self, now);
  flush_coalesced (self, now);
}

gboolean
pupitre_game_answer (PupitreGame *self,
                     PupitreSeat *seat,
                     gint64       round,
                     gint64       choice,
                     gint64       now,
                     GError     **error)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);
  g_return_val_if_fail (seat != NULL, FALSE);

  if (self->phase != PUPITRE_GAME_PHASE_QUESTION || round != self->round ||
      seat->round != self->round)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_ROUND_CLOSED,
                   _("Round %lld is not open"), (long long) round);
      return FALSE;
    }

  if (seat->answered)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_ALREADY_ANSWERED,
                   _("You already answered round %u"), self->round);
      return FALSE;
    }

  if (choice < 0 || choice > (gint64) self->question->n_choices)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_CHOICE,
                   _("The choice must be between 0 and %u"), self->question->n_choices);
      return FALSE;
    }

  seat->answered = TRUE;
  seat->choice = to_quiz (self, seat, (int) choice);
  /* Time spent paused is no thinking time: the clock stopped with it. */
  seat->time_ms = ((self->paused ? self->paused_at : now) - seat->sent_at) / 1000;
  g_ptr_array_add (self->arrivals, seat);
  push (self, seat, pupitre_message_answer_ack (self->round, (guint) choice, seat->time_ms));

  if (seat->connected)
    self->pending--;
  self->progress_dirty = TRUE;
  if (self->pending == 0)
    close_round (self, now);

  flush_coalesced (self, now);
  return TRUE;
}

gboolean
pupitre_game_chat (PupitreGame *self,
                   PupitreSeat *seat,
                   const char  *text,
                   gint64       now,
                   GError     **error)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);
  g_return_val_if_fail (seat != NULL, FALSE);

  if (self->phase == PUPITRE_GAME_PHASE_QUESTION)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_CHAT_CLOSED,
                           _("Chat is closed while a question is open"));
      return FALSE;
    }

  if (self->config.hosted && !self->config.options.chat)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_CHAT_CLOSED,
                           _("The host has turned the chat off in this game"));
      return FALSE;
    }

  seat->chat_tokens = MIN (CHAT_BURST, seat->chat_tokens +
                           (double) (now - seat->chat_at) / CHAT_REFILL_US);
  seat->chat_at = now;
  if (seat->chat_tokens < 1.0)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_CHAT_CLOSED,
                           _("Too many chat messages: wait a moment"));
      return FALSE;
    }
  seat->chat_tokens -= 1.0;

  push (self, NULL, pupitre_message_chat (seat->name, text));
  flush_coalesced (self, now);
  return TRUE;
}

static gboolean
check_host (PupitreSeat *seat,
            GError     **error)
{
  if (!seat->host)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NOT_HOST,
                           _("Only the game's host can do that"));
      return FALSE;
    }
  return TRUE;
}

gboolean
pupitre_game_start (PupitreGame *self,
                    PupitreSeat *seat,
                    gint64       now,
                    GError     **error)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);

  if (!check_host (seat, error))
    return FALSE;

  if (self->phase == PUPITRE_GAME_PHASE_LOBBY)
    start_countdown (self, now);
  flush_coalesced (self, now);
  return TRUE;
}

gboolean
pupitre_game_skip (PupitreGame *self,
                   PupitreSeat *seat,
                   gint64       now,
                   GError     **error)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);

  if (!check_host (seat, error))
    return FALSE;

  if (self->phase != PUPITRE_GAME_PHASE_LOBBY && self->phase != PUPITRE_GAME_PHASE_OVER)
    {
      self->phase_deadline = now;
      pupitre_game_advance (self, now);
    }
  return TRUE;
}

/* Hosted games */

gboolean
pupitre_game_is_hosted (PupitreGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);
  return self->config.hosted;
}

gboolean
pupitre_game_is_closed (PupitreGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);
  return self->closed;
}

gboolean
pupitre_game_has_host (PupitreGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);
  return self->host_present;
}

const char *
pupitre_game_get_host_token (PupitreGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), NULL);
  return self->host_token;
}

const char *
pupitre_game_get_host_name (PupitreGame *self)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), NULL);
  return self->host_name;
}

static void
pause_game (PupitreGame *self,
            const char  *reason,
            gint64       now)
{
  if (!self->paused)
    {
      self->paused_left = time_left (self, now);
      self->phase_deadline = -1;
      self->paused_at = now;
      self->paused = TRUE;
    }
  self->pause_reason = reason;
  send_timer (self, now);
  send_game_state (self);
}

static void
resume_game (PupitreGame *self,
             gint64       now)
{
  if (!self->paused)
    return;

  /* Answers are timed from their question's sending: moving that on by
   * the pause leaves the paused time out of every answer still to come. */
  if (self->phase == PUPITRE_GAME_PHASE_QUESTION)
    for (guint i = 0; i < self->round_players->len; i++)
      {
        PupitreSeat *seat = g_ptr_array_index (self->round_players, i);

        seat->sent_at += now - self->paused_at;
      }

  self->paused = FALSE;
  self->phase_deadline = self->paused_left >= 0 ? now + self->paused_left : -1;
  self->paused_left = -1;
  self->pause_reason = NULL;
  send_timer (self, now);
  send_game_state (self);
}

void
pupitre_game_host_attach (PupitreGame *self,
                          gboolean     resumed,
                          gint64       now)
{
  g_return_if_fail (PUPITRE_IS_GAME (self));
  g_return_if_fail (self->config.hosted && !self->closed);

  self->host_present = TRUE;
  self->host_left_at = -1;
  update_empty (self, now);

  push_host (self, pupitre_message_game_created (self->code, self->host_token,
                                                 pupitre_quiz_get_title (self->quiz),
                                                 n_rounds (self), self->options_json,
                                                 pupitre_quiz_get_warnings (self->quiz),
                                                 resumed));
  send_game_state (self);
  push_host (self, players_message (self));
  if (self->phase == PUPITRE_GAME_PHASE_QUESTION)
    {
      gint64 left = time_left (self, now);

      push_host (self, question_message (self, NULL, left >= 0 ? left / 1000 : -1));
      send_host_progress (self);
    }
  if (self->paused)
    push_host (self, timer_message (self, now));
  flush_coalesced (self, now);
}

void
pupitre_game_host_detach (PupitreGame *self,
                          gint64       now)
{
  g_return_if_fail (PUPITRE_IS_GAME (self));

  if (!self->host_present || self->closed)
    return;

  self->host_present = FALSE;
  self->host_left_at = now;
  update_empty (self, now);
  /* Nothing runs without the host; a game over has nothing to stop. */
  if (self->phase != PUPITRE_GAME_PHASE_OVER)
    pause_game (self, "host-away", now);
  flush_coalesced (self, now);
}

/* Any running state: the game is over now, an open question closed
 * first so that its answers count. */
static void
end_game (PupitreGame *self,
          gint64       now)
{
  switch (self->phase)
    {
    case PUPITRE_GAME_PHASE_QUESTION:
      close_round (self, now);
      finish_game (self, now);
      break;
    case PUPITRE_GAME_PHASE_COUNTDOWN:
      /* That round was never played. */
      self->round--;
      if (self->totals->len == 0)
        rank_seats (self);
      finish_game (self, now);
      break;
    case PUPITRE_GAME_PHASE_RESULTS:
      finish_game (self, now);
      break;
    case PUPITRE_GAME_PHASE_LOBBY:
    case PUPITRE_GAME_PHASE_OVER:
    default:
      break;
    }
}

static void
next_step (PupitreGame *self,
           gint64       now)
{
  switch (self->phase)
    {
    case PUPITRE_GAME_PHASE_LOBBY:
      start_countdown (self, now);
      break;
    case PUPITRE_GAME_PHASE_COUNTDOWN:
      open_question (self, now);
      break;
    case PUPITRE_GAME_PHASE_QUESTION:
      close_round (self, now);
      break;
    case PUPITRE_GAME_PHASE_RESULTS:
      if (self->round < n_rounds (self))
        start_countdown (self, now);
      else
        finish_game (self, now);
      break;
    case PUPITRE_GAME_PHASE_OVER:
    default:
      break;
    }
}

static gboolean
kick (PupitreGame *self,
      const char  *name,
      gint64       now,
      GError     **error)
{
  g_autofree char *normal = NULL;
  g_autofree char *key = NULL;
  PupitreGameEvent *event;
  PupitreSeat *seat = NULL;
  guint index;

  if ((normal = pupitre_name_normalize (name, NULL)) != NULL)
    {
      key = pupitre_name_collate_key (normal);
      seat = g_hash_table_lookup (self->by_key, key);
    }
  if (seat == NULL)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("No player called “%s” in this game"), name);
      return FALSE;
    }

  g_hash_table_add (self->kicked, g_strdup (seat->key));
  g_hash_table_add (self->kicked, g_strdup (seat->token));

  if (self->phase == PUPITRE_GAME_PHASE_QUESTION && seat->round == self->round)
    {
      if (!seat->answered && seat->connected)
        self->pending--;
      g_ptr_array_remove (self->arrivals, seat);
      if (g_ptr_array_find (self->round_players, seat, &index))
        g_ptr_array_remove_index (self->round_players, index);
      self->progress_dirty = TRUE;
    }
  if (seat->connected)
    self->n_connected--;

  push (self, seat, pupitre_message_error ("kicked",
                                           _("The host removed you from this game"), NULL));
  event = push_event (self, PUPITRE_GAME_EVENT_KICKED);
  event->to = seat;
  remove_seat (self, seat);
  /* The ranking named the seat: it is made again without it. */
  if (self->totals->len > 0)
    rank_seats (self);
  self->players_dirty = TRUE;
  update_empty (self, now);

  if (self->phase == PUPITRE_GAME_PHASE_QUESTION && self->pending == 0 &&
      self->arrivals->len > 0)
    close_round (self, now);
  return TRUE;
}

gboolean
pupitre_game_host_command (PupitreGame         *self,
                           PupitreHostCommand   command,
                           gint64               ms,
                           const char          *name,
                           gint64               now,
                           GError             **error)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);
  g_return_val_if_fail (self->config.hosted && !self->closed, FALSE);

  switch (command)
    {
    case PUPITRE_HOST_START:
      if (self->phase == PUPITRE_GAME_PHASE_LOBBY)
        start_countdown (self, now);
      break;
    case PUPITRE_HOST_NEXT:
      next_step (self, now);
      break;
    case PUPITRE_HOST_CLOSE:
      if (self->phase == PUPITRE_GAME_PHASE_QUESTION)
        close_round (self, now);
      break;
    case PUPITRE_HOST_SKIP:
      if (self->phase != PUPITRE_GAME_PHASE_LOBBY && self->phase != PUPITRE_GAME_PHASE_OVER)
        next_step (self, now);
      break;
    case PUPITRE_HOST_PAUSE:
      if (!self->paused)
        pause_game (self, "host", now);
      break;
    case PUPITRE_HOST_RESUME:
      resume_game (self, now);
      break;
    case PUPITRE_HOST_ADD_TIME:
      if (self->phase == PUPITRE_GAME_PHASE_QUESTION && self->time_limit_ms > 0)
        {
          self->time_limit_ms += ms;
          if (self->paused)
            self->paused_left += ms * 1000;
          else
            self->phase_deadline += ms * 1000;
          send_timer (self, now);
        }
      break;
    case PUPITRE_HOST_KICK:
      if (!kick (self, name, now, error))
        return FALSE;
      break;
    case PUPITRE_HOST_LOCK:
    case PUPITRE_HOST_UNLOCK:
      if (self->locked != (command == PUPITRE_HOST_LOCK))
        {
          self->locked = command == PUPITRE_HOST_LOCK;
          send_game_state (self);
        }
      break;
    case PUPITRE_HOST_END:
      end_game (self, now);
      break;
    case PUPITRE_HOST_PLAY_AGAIN:
      if (self->phase == PUPITRE_GAME_PHASE_OVER)
        return_to_lobby (self, now);
      break;
    case PUPITRE_HOST_GET_RESULTS:
      send_results (self);
      break;
    case PUPITRE_HOST_CLOSE_GAME:
      close_game (self, "host", now);
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  flush_coalesced (self, now);
  return TRUE;
}

gboolean
pupitre_game_host_chat (PupitreGame *self,
                        const char  *text,
                        gint64       now,
                        GError     **error)
{
  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);
  g_return_val_if_fail (self->config.hosted && !self->closed, FALSE);

  push (self, NULL, pupitre_message_host_chat (self->host_name, text));
  flush_coalesced (self, now);
  return TRUE;
}

gboolean
pupitre_game_pop_event (PupitreGame      *self,
                        PupitreGameEvent *event)
{
  g_autofree PupitreGameEvent *head = g_queue_pop_head (&self->outbox);

  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);

  if (head == NULL)
    {
      g_ptr_array_set_size (self->graveyard, 0);
      return FALSE;
    }
  *event = *head;
  return TRUE;
}

const char *
pupitre_game_get_code (PupitreGame *self)
{
  return self->code;
}

PupitreGamePhase
pupitre_game_get_phase (PupitreGame *self)
{
  return self->phase;
}

PupitreQuiz *
pupitre_game_get_quiz (PupitreGame *self)
{
  return self->quiz;
}

void
pupitre_game_set_next_quiz (PupitreGame *self,
                            PupitreQuiz *quiz)
{
  g_clear_pointer (&self->next_quiz, pupitre_quiz_unref);
  /* In the lobby nothing is under way: the new quiz applies at once. */
  if (self->phase == PUPITRE_GAME_PHASE_LOBBY)
    {
      g_clear_pointer (&self->quiz, pupitre_quiz_unref);
      self->quiz = pupitre_quiz_ref (quiz);
    }
  else
    self->next_quiz = pupitre_quiz_ref (quiz);
}

void
pupitre_game_set_config (PupitreGame             *self,
                         const PupitreGameConfig *config)
{
  g_free (self->host_key);
  self->config = *config;
  self->host_key = config->host_key != NULL && *config->host_key != '\0'
                   ? g_strdup (config->host_key) : NULL;
  self->config.host_key = self->host_key;
  self->config.host_name = NULL;
}

void
pupitre_game_reconfigure (PupitreGame             *self,
                          const PupitreGameConfig *config,
                          gint64                   now)
{
  guint needed;

  g_return_if_fail (PUPITRE_IS_GAME (self));
  g_return_if_fail (config != NULL);

  needed = self->config.needed;
  pupitre_game_set_config (self, config);
  if (self->config.needed == needed)
    return;

  /* The members learn the new number at once, before a start that it may
   * cause: a reload is rare, no update to spare. */
  send_players (self, now);
  maybe_start (self, now);
  flush_coalesced (self, now);
}

guint
pupitre_game_get_round (PupitreGame *self)
{
  return self->round;
}

guint
pupitre_game_get_n_seats (PupitreGame *self)
{
  return self->seats->len;
}

guint
pupitre_game_get_n_connected (PupitreGame *self)
{
  return self->n_connected;
}

guint
pupitre_game_get_games_played (PupitreGame *self)
{
  return self->games_played;
}

const PupitreTotalEntry *
pupitre_game_get_totals (PupitreGame *self,
                         guint       *n_totals)
{
  *n_totals = self->totals->len;
  return (const PupitreTotalEntry *) (gpointer) self->totals->data;
}

const char *
pupitre_seat_get_name (PupitreSeat *seat)
{
  return seat->name;
}

gboolean
pupitre_seat_is_host (PupitreSeat *seat)
{
  return seat->host;
}

const char *
pupitre_seat_get_token (PupitreSeat *seat)
{
  return seat->token;
}

static void
pupitre_game_finalize (GObject *object)
{
  PupitreGame *self = (PupitreGame *) object;

  g_queue_clear_full (&self->outbox, event_free);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->by_token, g_hash_table_unref);
  g_clear_pointer (&self->departed, g_hash_table_unref);
  g_clear_pointer (&self->round_players, g_ptr_array_unref);
  g_clear_pointer (&self->arrivals, g_ptr_array_unref);
  g_clear_pointer (&self->seats, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->totals, g_array_unref);
  g_clear_pointer (&self->quiz, pupitre_quiz_unref);
  g_clear_pointer (&self->next_quiz, pupitre_quiz_unref);
  g_clear_pointer (&self->host_key, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->host_token, g_free);
  g_clear_pointer (&self->host_name, g_free);
  g_clear_pointer (&self->options_json, json_node_unref);
  g_clear_pointer (&self->kicked, g_hash_table_unref);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->graveyard, g_ptr_array_unref);
  g_clear_pointer (&self->last_round_result, g_bytes_unref);
  g_clear_pointer (&self->last_records, g_array_unref);
  g_clear_pointer (&self->last_game_over, g_bytes_unref);

  G_OBJECT_CLASS (pupitre_game_parent_class)->finalize (object);
}

static void
pupitre_game_class_init (PupitreGameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pupitre_game_finalize;
}

static void
pupitre_game_init (PupitreGame *self)
{
  self->seats = g_ptr_array_new_with_free_func ((GDestroyNotify) seat_free);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_token = g_hash_table_new (g_str_hash, g_str_equal);
  self->departed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) departed_free);
  self->round_players = g_ptr_array_new ();
  self->arrivals = g_ptr_array_new ();
  self->totals = g_array_new (FALSE, FALSE, sizeof (PupitreTotalEntry));
  self->kicked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->history = g_array_new (FALSE, FALSE, sizeof (PupitreResultRow));
  g_array_set_clear_func (self->history, row_clear);
  self->graveyard = g_ptr_array_new_with_free_func ((GDestroyNotify) seat_free);
  self->phase = PUPITRE_GAME_PHASE_LOBBY;
  self->phase_deadline = -1;
  self->paused_left = -1;
  self->host_left_at = -1;
  self->empty_since = -1;
  self->players_sent_at = G_MININT64 / 2;
  self->progress_sent_at = G_MININT64 / 2;
  g_queue_init (&self->outbox);
}

PupitreGame *
pupitre_game_new (const char              *code,
                  PupitreQuiz             *quiz,
                  const PupitreGameConfig *config)
{
  PupitreGame *self;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (quiz != NULL, NULL);
  g_return_val_if_fail (pupitre_quiz_get_n_questions (quiz) > 0, NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->new_token != NULL, NULL);

  self = g_object_new (PUPITRE_TYPE_GAME, NULL);
  self->code = g_strdup (code);
  self->quiz = pupitre_quiz_ref (quiz);
  pupitre_game_set_config (self, config);
  self->rand = g_rand_new_with_seed (config->shuffle_seed);
  if (config->hosted)
    {
      self->host_token = config->new_token (config->user_data);
      self->host_name = g_strdup (config->host_name != NULL ? config->host_name : _("Host"));
      self->options_json = pupitre_game_options_to_json (&config->options);
    }
  return self;
}
