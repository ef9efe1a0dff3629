/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules of one game: lobby, countdown, question, results, game over. */

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

static void
set_phase (PupitreGame      *self,
           PupitreGamePhase  phase,
           gint64            deadline)
{
  gboolean changed = self->phase != phase;

  self->phase = phase;
  self->phase_deadline = deadline;
  if (changed)
    {
      PupitreGameEvent *event = push_event (self, PUPITRE_GAME_EVENT_PHASE_CHANGED);

      event->quiz = pupitre_quiz_ref (self->quiz);
      event->n_connected = self->n_connected;
    }
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

static void
send_players (PupitreGame *self,
              gint64       now)
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

  push (self, NULL, pupitre_message_players (self->seats->len, entries, n, self->config.needed));
  self->players_dirty = FALSE;
  self->players_sent_at = now;
}

static void
send_progress (PupitreGame *self,
               gint64       now)
{
  push (self, NULL, pupitre_message_progress (self->round, self->arrivals->len,
                                              self->round_players->len));
  self->progress_dirty = FALSE;
  self->progress_sent_at = now;
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
  set_phase (self, PUPITRE_GAME_PHASE_COUNTDOWN, now + self->config.countdown_ms * 1000);
  push (self, NULL, pupitre_message_countdown (self->round, n_rounds (self), seconds));
}

static void
maybe_start (PupitreGame *self,
             gint64       now)
{
  if (self->phase == PUPITRE_GAME_PHASE_LOBBY &&
      self->n_connected >= MAX (self->config.needed, 1))
    start_countdown (self, now);
}

static void close_round (PupitreGame *self,
                         gint64       now);

static void
open_question (PupitreGame *self,
               gint64       now)
{
  const PupitreQuestion *question = pupitre_quiz_get_question (self->quiz, self->round - 1);

  self->question = question;
  if (question->time_limit_ms > 0)
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
      g_ptr_array_add (self->round_players, seat);
      self->pending++;
    }

  set_phase (self, PUPITRE_GAME_PHASE_QUESTION, now + self->time_limit_ms * 1000);
  push (self, NULL, pupitre_message_question (self->round, n_rounds (self), question->text,
                                              (const char * const *) question->choices,
                                              self->time_limit_ms, -1));
  if (self->pending == 0)
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

/* Classic scoring: with P players in the round, the k-th fastest right
 * answer scores P - k + 1; a wrong answer -1; "don't know" and silence 0.
 * Speed is each player's own server-measured time, so a player who got the
 * question late is not penalised for it. */
static void
score_round (PupitreGame *self)
{
  g_autoptr(GPtrArray) right = g_ptr_array_new ();
  guint players = self->round_players->len;

  for (guint i = 0; i < self->arrivals->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->arrivals, i);

      if (seat->choice == (int) self->question->answer)
        g_ptr_array_add (right, seat);
      else if (seat->choice > 0)
        seat->points = -1;
      else
        seat->points = 0;
    }

  /* GLib's sort is stable: equal times keep their arrival order. */
  g_ptr_array_sort (right, compare_time);
  for (guint k = 0; k < right->len; k++)
    {
      PupitreSeat *seat = g_ptr_array_index (right, k);

      seat->points = players - k;
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

static void
send_round_result (PupitreGame *self,
                   GArray      *records)
{
  PupitreResultEntry results[PUPITRE_LIST_MAX];
  guint n_results = MIN (records->len, PUPITRE_LIST_MAX);

  for (guint i = 0; i < n_results; i++)
    {
      const PupitreRoundRecord *record = &g_array_index (records, PupitreRoundRecord, i);

      results[i].name = record->name;
      results[i].choice = record->choice;
      results[i].points = record->points;
      results[i].time_ms = record->time_ms;
    }

  push (self, NULL,
        pupitre_message_round_result (self->round, self->question->answer,
                                      self->question->explanation,
                                      results, n_results,
                                      (const PupitreTotalEntry *) (gpointer) self->totals->data,
                                      MIN (self->totals->len, PUPITRE_LIST_MAX)));
}

static void
send_standings (PupitreGame *self,
                gboolean     final)
{
  for (guint i = 0; i < self->seats->len; i++)
    {
      PupitreSeat *seat = g_ptr_array_index (self->seats, i);
      gboolean played = seat->round == self->round && seat->answered;

      if (!seat->connected)
        continue;

      push (self, seat,
            pupitre_message_standing (self->round,
                                      played ? seat->choice : -1,
                                      seat->round == self->round ? seat->points : 0,
                                      played ? seat->time_ms : -1,
                                      seat->score, seat->rank, self->seats->len, final));
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
  event = push_event (self, PUPITRE_GAME_EVENT_ROUND_CLOSED);
  event->quiz = pupitre_quiz_ref (self->quiz);
  event->question = self->question;
  event->records = g_steal_pointer (&records);

  if (self->round < n_rounds (self))
    {
      set_phase (self, PUPITRE_GAME_PHASE_RESULTS, now + self->config.pause_ms * 1000);
      return;
    }

  push (self, NULL,
        pupitre_message_game_over ((const PupitreTotalEntry *) (gpointer) self->totals->data,
                                   MIN (self->totals->len, PUPITRE_LIST_MAX)));
  send_standings (self, TRUE);
  self->games_played++;
  set_phase (self, PUPITRE_GAME_PHASE_OVER, now + self->config.over_pause_ms * 1000);
  event = push_event (self, PUPITRE_GAME_EVENT_GAME_OVER);
  event->totals = copy_totals (self);
}

static void
remove_seat (PupitreGame *self,
             PupitreSeat *seat)
{
  g_hash_table_remove (self->by_key, seat->key);
  g_hash_table_remove (self->by_token, seat->token);
  g_ptr_array_remove (self->seats, seat);
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
  set_phase (self, PUPITRE_GAME_PHASE_LOBBY, -1);
  self->players_dirty = TRUE;
  maybe_start (self, now);
}

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
        case PUPITRE_GAME_PHASE_COUNTDOWN:
          open_question (self, now);
          break;
        case PUPITRE_GAME_PHASE_QUESTION:
          close_round (self, now);
          break;
        case PUPITRE_GAME_PHASE_RESULTS:
          start_countdown (self, now);
          break;
        case PUPITRE_GAME_PHASE_OVER:
          return_to_lobby (self, now);
          break;
        case PUPITRE_GAME_PHASE_LOBBY:
        default:
          self->phase_deadline = -1;
          break;
        }
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
  seat->host = self->host_key != NULL && host_key != NULL &&
               g_str_equal (self->host_key, host_key);

  g_ptr_array_add (self->seats, seat);
  g_hash_table_insert (self->by_key, seat->key, seat);
  g_hash_table_insert (self->by_token, seat->token, seat);
  return seat;
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

  push (self, seat, pupitre_message_joined (seat->name, seat->token, self->code,
                                            phase_names[self->phase], self->config.needed,
                                            resumed));

  /* A seat back during its own round gets the open question again, with
   * the time left; its answer time still counts from the first sending,
   * so that leaving and coming back buys no time. */
  if (resumed && self->phase == PUPITRE_GAME_PHASE_QUESTION &&
      seat->round == self->round && !seat->answered)
    {
      if (was_away)
        self->pending++;
      push (self, seat,
            pupitre_message_question (self->round, n_rounds (self), self->question->text,
                                      (const char * const *) self->question->choices,
                                      self->time_limit_ms,
                                      MAX (self->phase_deadline - now, 0) / 1000));
    }

  self->players_dirty = TRUE;
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
          if (self->pending == 0)
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
  seat->choice = (int) choice;
  seat->time_ms = (now - seat->sent_at) / 1000;
  g_ptr_array_add (self->arrivals, seat);
  push (self, seat, pupitre_message_answer_ack (self->round, seat->choice, seat->time_ms));

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

gboolean
pupitre_game_pop_event (PupitreGame      *self,
                        PupitreGameEvent *event)
{
  g_autofree PupitreGameEvent *head = g_queue_pop_head (&self->outbox);

  g_return_val_if_fail (PUPITRE_IS_GAME (self), FALSE);

  if (head == NULL)
    return FALSE;
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
  g_clear_pointer (&self->totals, g_array_unref);
  g_clear_pointer (&self->quiz, pupitre_quiz_unref);
  g_clear_pointer (&self->next_quiz, pupitre_quiz_unref);
  g_clear_pointer (&self->host_key, g_free);
  g_clear_pointer (&self->code, g_free);

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
  self->phase = PUPITRE_GAME_PHASE_LOBBY;
  self->phase_deadline = -1;
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
  return self;
}
