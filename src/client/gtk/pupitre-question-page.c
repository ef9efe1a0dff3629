/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A question and its choices, the time left, and the countdown before it. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-clamp.h"
#include "pupitre-question-page.h"
#include "pupitre-score-columns.h"

/* How often the time bar moves while a question is open. */
#define TIMER_INTERVAL_MS 100
/* Below this, the time bar turns to a warning colour. */
#define HURRY_US (5 * G_USEC_PER_SEC)

/* The seconds left a screen reader is told of: a voice every second would
 * talk over the question. */
static const guint told_moments[] = { 30, 10, 5 };

struct _PupitreQuestionPage
{
  PupitrePage        parent_instance;

  GtkStack          *stack;
  GtkLabel          *countdown_round_label;
  GtkLabel          *countdown_label;
  GtkLabel          *round_label;
  GtkLabel          *time_label;
  GtkProgressBar    *time_bar;
  GtkLabel          *question_label;
  GtkBox            *choices_box;
  GtkScrolledWindow *choices_scroller;
  GtkButton         *send_button;
  GtkLabel          *status_label;
  GtkLabel          *progress_label;

  /* The check buttons in the order shown: 1..n, then 0 ("I don't know"). */
  GPtrArray         *choice_buttons;
  /* The round and text the buttons were built for. */
  guint              built_round;
  char              *built_text;
  /* The player sent an answer for the built question. */
  gboolean           sent;
  /* The time ran out before an answer was sent. */
  gboolean           timed_out;
  /* The question's summary takes the focus once the page shows. */
  gboolean           focus_pending;
  /* The whole seconds left last seen, or G_MAXUINT, and what the
   * seconds label last told screen readers. */
  guint              told_seconds;
  char              *told_text;

  guint              timer_id;
  guint              countdown_id;
  gint64             countdown_end;
  /* The countdown's heading has told its seconds, once. */
  gboolean           countdown_told;
};

G_DEFINE_FINAL_TYPE (PupitreQuestionPage, pupitre_question_page, PUPITRE_TYPE_PAGE)

static PupitreSessionState
get_state (PupitreQuestionPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));

  if (session == NULL)
    return PUPITRE_SESSION_STATE_DISCONNECTED;

  return pupitre_session_get_state (session);
}

static GtkCheckButton *
find_choice_button (PupitreQuestionPage *self,
                    guint                choice)
{
  for (guint i = 0; i < self->choice_buttons->len; i++)
    {
      GtkCheckButton *button = g_ptr_array_index (self->choice_buttons, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "pupitre-choice")) == choice)
        return button;
    }

  return NULL;
}

static GtkCheckButton *
get_picked_button (PupitreQuestionPage *self)
{
  for (guint i = 0; i < self->choice_buttons->len; i++)
    {
      GtkCheckButton *button = g_ptr_array_index (self->choice_buttons, i);

      if (gtk_check_button_get_active (button))
        return button;
    }

  return NULL;
}

static gboolean
is_locked (PupitreQuestionPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  PupitreRound *round = session != NULL ? pupitre_session_get_current_round (session) : NULL;

  return self->sent ||
         self->timed_out ||
         get_state (self) != PUPITRE_SESSION_STATE_QUESTION ||
         pupitre_round_get_answered (round);
}

static char *
format_choice (guint       choice,
               const char *text)
{
  return pupitre_format_choice (choice, text);
}

static gboolean
is_told_moment (guint seconds)
{
  for (guint i = 0; i < G_N_ELEMENTS (told_moments); i++)
    {
      if (told_moments[i] == seconds)
        return TRUE;
    }

  return FALSE;
}

static void
update_status (PupitreQuestionPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  PupitreRound *round = session != NULL ? pupitre_session_get_current_round (session) : NULL;
  guint answered = 0;
  guint players = 0;
  gboolean locked;
  g_autofree char *progress = NULL;

  if (session == NULL)
    return;

  locked = is_locked (self);
  g_object_get (round,
                "progress-answered", &answered,
                "progress-players", &players,
                NULL);

  for (guint i = 0; i < self->choice_buttons->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (self->choice_buttons, i), !locked);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.choose", !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.send",
                                 !locked && get_picked_button (self) != NULL);

  if (self->sent || pupitre_round_get_answered (round))
    {
      int chosen = -1;
      const char * const *choices = pupitre_round_get_choices (round);
      g_autofree char *choice = NULL;
      g_autofree char *status = NULL;

      g_object_get (round, "chosen", &chosen, NULL);
      if (chosen == 0)
        choice = format_choice (0, _("I don’t know"));
      else if (chosen > 0 && choices != NULL && (guint) chosen <= g_strv_length ((char **) choices))
        choice = format_choice ((guint) chosen, choices[chosen - 1]);

      if (choice != NULL)
        /* Translators: %s is the answer sent, "2) MacOS" */
        status = g_strdup_printf (_("Your answer is locked in: %s"), choice);
      else
        status = g_strdup (_("Your answer is locked in."));

      gtk_label_set_text (self->status_label, status);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
    }
  else if (self->timed_out)
    {
      gtk_label_set_text (self->status_label, _("Time is up."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
    }
  else
    {
      guint last = self->choice_buttons->len > 1 ? self->choice_buttons->len - 1 : 1;
      g_autofree char *hint = NULL;

      /* Translators: %u is the number of the last choice */
      hint = g_strdup_printf (_("Pick an answer with the keys 1 to %u, or 0 if you don’t know, "
                                "then press Enter."), last);
      gtk_label_set_text (self->status_label, hint);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
    }

  /* The plural follows the players who answered: "1 player of 2
   * answered", as languages agree the verb with them. */
  if (players > 0 && locked)
    /* Translators: the first %u players of the second %u answered */
    progress = g_strdup_printf (ngettext ("Waiting for the others: %u player of %u answered",
                                          "Waiting for the others: %u players of %u answered",
                                          answered),
                                answered, players);
  else if (players > 0)
    /* Translators: the first %u players of the second %u answered */
    progress = g_strdup_printf (ngettext ("%u player of %u answered",
                                          "%u players of %u answered",
                                          answered),
                                answered, players);

  gtk_label_set_text (self->progress_label, progress != NULL ? progress : "");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), progress != NULL);
}

static void
update_time (PupitreQuestionPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  PupitreRound *round = session != NULL ? pupitre_session_get_current_round (session) : NULL;
  gint64 limit_us;
  gint64 remaining_us;
  double fraction = 0.0;
  guint seconds;
  g_autofree char *text = NULL;
  g_autofree char *spoken = NULL;

  if (session == NULL)
    return;

  limit_us = pupitre_round_get_time_limit_ms (round) * 1000;
  remaining_us = pupitre_round_get_deadline (round) - g_get_monotonic_time ();
  remaining_us = CLAMP (remaining_us, 0, MAX (limit_us, 0));

  if (limit_us > 0)
    fraction = (double) remaining_us / (double) limit_us;

  gtk_progress_bar_set_fraction (self->time_bar, fraction);

  if (remaining_us < HURRY_US)
    gtk_widget_add_css_class (GTK_WIDGET (self->time_bar), "hurry");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_bar), "hurry");

  /* Rounded up: "1 s" stays until the very end, "0 s" means it is over. */
  seconds = (guint) ((remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  text = g_strdup_printf (_("%u s"), seconds);
  gtk_label_set_text (self->time_label, text);

  /* The bar's value, for screen readers, in seconds rather than 0 to 1:
   * GtkProgressBar sets its own on every change of the fraction. */
  spoken = g_strdup_printf (ngettext ("%u second left", "%u seconds left", seconds), seconds);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX,
                                  (double) ((limit_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) seconds,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, spoken,
                                  -1);
  /* The seconds label names the bar: it changes at the told moments
   * only, when the player also hears it wherever the focus is. */
  if (seconds != self->told_seconds)
    {
      gboolean first = self->told_seconds == G_MAXUINT;

      self->told_seconds = seconds;
      if (first || is_told_moment (seconds))
        {
          g_free (self->told_text);
          self->told_text = g_strdup (spoken);
          if (!first && !is_locked (self))
            pupitre_page_announce (PUPITRE_PAGE (self), spoken);
        }
    }

  /* GtkLabel names itself by its text on every change: the name set
   * back after it. */
  if (self->told_text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_label),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, self->told_text,
                                    -1);

  if (remaining_us == 0 && !self->timed_out && get_state (self) == PUPITRE_SESSION_STATE_QUESTION)
    {
      self->timed_out = TRUE;
      update_status (self);
      if (!self->sent)
        pupitre_page_present (PUPITRE_PAGE (self), GTK_WIDGET (self->status_label));
    }
}

static gboolean
timer_cb (gpointer user_data)
{
  PupitreQuestionPage *self = PUPITRE_QUESTION_PAGE (user_data);

  update_time (self);

  if (self->timed_out)
    {
      self->timer_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
start_timer (PupitreQuestionPage *self)
{
  update_time (self);

  if (self->timer_id == 0 && !self->timed_out)
    self->timer_id = g_timeout_add (TIMER_INTERVAL_MS, timer_cb, self);
}

static void
stop_timer (PupitreQuestionPage *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
}

static void
update_countdown (PupitreQuestionPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  gint64 remaining_us = MAX (self->countdown_end - g_get_monotonic_time (), 0);
  guint seconds = (guint) ((remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  g_autofree char *text = NULL;
  g_autofree char *round = NULL;

  /* Nothing came before the first question: "next" would puzzle. */
  if (seconds > 0 && session != NULL &&
      pupitre_round_get_number (pupitre_session_get_current_round (session)) == 1)
    text = g_strdup_printf (ngettext ("First question in %u second",
                                      "First question in %u seconds",
                                      seconds),
                            seconds);
  else if (seconds > 0)
    text = g_strdup_printf (ngettext ("Next question in %u second",
                                      "Next question in %u seconds",
                                      seconds),
                            seconds);
  else
    text = g_strdup (_("Here it comes!"));

  gtk_label_set_text (self->countdown_label, text);

  if (session != NULL)
    {
      PupitreRound *current = pupitre_session_get_current_round (session);

      round = g_strdup_printf (_("Question %u / %u"),
                               pupitre_round_get_number (current),
                               pupitre_round_get_rounds (current));
      if (g_strcmp0 (round, gtk_label_get_text (self->countdown_round_label)) != 0)
        {
          gtk_label_set_text (self->countdown_round_label, round);
          self->countdown_told = FALSE;
        }
    }

  /* The heading, which has the focus, says the seconds when the countdown
   * starts; the big number beside it goes on alone, so that a screen
   * reader does not speak every second. */
  if (!self->countdown_told)
    {
      g_autofree char *spoken = g_strdup_printf (_("%s. %s"),
                                                 gtk_label_get_text (self->countdown_round_label),
                                                 text);

      self->countdown_told = TRUE;
      /* Orca reads a focused heading's text and description. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->countdown_round_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                      -1);
    }
}

static gboolean
countdown_cb (gpointer user_data)
{
  PupitreQuestionPage *self = PUPITRE_QUESTION_PAGE (user_data);

  update_countdown (self);

  return G_SOURCE_CONTINUE;
}

static void
start_countdown (PupitreQuestionPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  PupitreRound *round = session != NULL ? pupitre_session_get_current_round (session) : NULL;
  guint seconds = 0;

  g_object_get (round, "countdown", &seconds, NULL);
  self->countdown_end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  self->countdown_told = FALSE;
  update_countdown (self);
  pupitre_page_present (PUPITRE_PAGE (self), GTK_WIDGET (self->countdown_round_label));

  if (self->countdown_id == 0)
    self->countdown_id = g_timeout_add (250, countdown_cb, self);
}

static void
stop_countdown (PupitreQuestionPage *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
}

/* Orca 43 says the choice that gets the focus, not the description nor
 * the name of its group: the focus goes first to the question, a heading
 * named "Question 3 of 10: …, 20 seconds", and Tab then reaches the
 * choices. A question that comes back after a reconnection with a choice
 * picked goes to that choice. */
static void
present_question (PupitreQuestionPage *self)
{
  GtkCheckButton *button;

  if (!self->focus_pending)
    return;

  self->focus_pending = FALSE;
  button = get_picked_button (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->choices_scroller), 0.0);

  pupitre_page_present (PUPITRE_PAGE (self),
                        button != NULL ? GTK_WIDGET (button) : GTK_WIDGET (self->question_label));
}

/* "Question 3 of 10: Which …?, 20 seconds", and in @description
 * "Question 3 of 10. 20 seconds": Orca 43 says the text of a focused
 * heading and its description, not its name. */
static char *
format_summary (PupitreRound  *round,
                char         **description)
{
  const char *text = pupitre_round_get_text (round);
  gint64 limit_ms = pupitre_round_get_time_limit_ms (round);
  guint number = pupitre_round_get_number (round);
  guint rounds = pupitre_round_get_rounds (round);
  g_autofree char *heading = NULL;
  g_autofree char *time = NULL;

  if (rounds > 0)
    /* Translators: what a screen reader says first of a question: the
     * round, of how many */
    heading = g_strdup_printf (_("Question %u of %u"), number, rounds);
  else
    heading = g_strdup_printf (_("Question %u"), number);

  if (limit_ms > 0)
    {
      guint seconds = (guint) MIN ((limit_ms + 999) / 1000, G_MAXUINT);

      time = g_strdup_printf (ngettext ("%u second", "%u seconds", seconds), seconds);
    }
  else
    {
      time = g_strdup (_("no time limit"));
    }

  *description = g_strdup_printf (_("%s. %s"), heading, time);
  /* Translators: the round, the question's text and its time, "Question
   * 3 of 10: Which system is free?, 20 seconds" */
  return g_strdup_printf (_("%s: %s, %s"), heading, text != NULL ? text : "", time);
}

static void
choice_toggled_cb (PupitreQuestionPage *self,
                   GtkCheckButton      *button)
{
  update_status (self);
}

static void
clear_choices (PupitreQuestionPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box))) != NULL)
    gtk_box_remove (self->choices_box, child);

  g_ptr_array_set_size (self->choice_buttons, 0);
}

static GtkWidget *
add_choice (PupitreQuestionPage *self,
            GtkCheckButton      *group,
            guint                number,
            const char          *text)
{
  g_autofree char *label = format_choice (number, text);
  GtkWidget *button;
  GtkWidget *child;

  /* Tab enters the choices at the first one: the others are reached with
   * the arrows, as in any radio group. */

  /* Check buttons in a group look like radio buttons, but GTK 4.8 still
   * tells screen readers they are check boxes. */
  button = g_object_new (GTK_TYPE_CHECK_BUTTON,
                         "label", label,
                         "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                         NULL);

  gtk_widget_add_css_class (button, "choice");
  g_object_set_data (G_OBJECT (button), "pupitre-choice", GUINT_TO_POINTER (number));
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);

  /* Long choices wrap instead of widening the window. */
  for (child = gtk_widget_get_first_child (button);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        {
          gtk_label_set_wrap (GTK_LABEL (child), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
        }
    }

  g_signal_connect_object (button, "toggled",
                           G_CALLBACK (choice_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->choices_box, button);
  g_ptr_array_add (self->choice_buttons, button);

  return button;
}

static void
build_question (PupitreQuestionPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  PupitreRound *current = pupitre_session_get_current_round (session);
  const char * const *choices = pupitre_round_get_choices (current);
  const char *text = pupitre_round_get_text (current);
  GtkWidget *first = NULL;
  g_autofree char *round = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;

  clear_choices (self);

  self->built_round = pupitre_round_get_number (current);
  g_free (self->built_text);
  self->built_text = g_strdup (text);
  self->sent = FALSE;
  self->timed_out = FALSE;
  self->focus_pending = TRUE;
  self->told_seconds = G_MAXUINT;

  round = g_strdup_printf (_("Question %u / %u"),
                           pupitre_round_get_number (current),
                           pupitre_round_get_rounds (current));
  gtk_label_set_text (self->round_label, round);
  gtk_label_set_text (self->question_label, text != NULL ? text : "");
  summary = format_summary (current, &description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->question_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  /* The radio group is named by the question alone. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->choices_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text != NULL ? text : "",
                                  -1);

  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    {
      GtkWidget *button = add_choice (self, GTK_CHECK_BUTTON (first), i + 1, choices[i]);

      if (first == NULL)
        first = button;
    }

  add_choice (self, GTK_CHECK_BUTTON (first), 0, _("I don’t know"));

  gtk_widget_remove_css_class (GTK_WIDGET (self->time_bar), "hurry");
  update_status (self);
  update_time (self);
}

static gboolean
question_is_built (PupitreQuestionPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  PupitreRound *round = session != NULL ? pupitre_session_get_current_round (session) : NULL;

  return self->choice_buttons->len > 0 &&
         self->built_round == pupitre_round_get_number (round) &&
         g_strcmp0 (self->built_text, pupitre_round_get_text (round)) == 0;
}

static void
sync_state (PupitreQuestionPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  PupitreSessionState state = get_state (self);

  if (state == PUPITRE_SESSION_STATE_COUNTDOWN)
    {
      gtk_stack_set_visible_child_name (self->stack, "countdown");
      if (self->countdown_id == 0)
        start_countdown (self);
    }
  else
    {
      stop_countdown (self);
    }

  if (state == PUPITRE_SESSION_STATE_QUESTION)
    {
      if (!question_is_built (self))
        build_question (self);

      gtk_stack_set_visible_child_name (self->stack, "question");
      start_timer (self);
      update_status (self);
      present_question (self);
    }
  else if (state != PUPITRE_SESSION_STATE_RECONNECTING)
    {
      /* While reconnecting, the question stays up as it was. */
      stop_timer (self);
      if (session != NULL)
        update_status (self);
    }
}

static void
question_opened_cb (PupitreQuestionPage *self)
{
  /* notify::state usually built it already. When the same question comes
   * again after a reconnection, the server found no answer: unlock it. */
  if (!question_is_built (self))
    {
      build_question (self);
    }
  else
    {
      self->sent = FALSE;
      self->timed_out = FALSE;
    }

  sync_state (self);
}

static void
countdown_started_cb (PupitreQuestionPage *self)
{
  start_countdown (self);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PupitreQuestionPage *self = PUPITRE_QUESTION_PAGE (widget);
  GtkCheckButton *button = find_choice_button (self, g_variant_get_uint32 (parameter));

  if (button == NULL || is_locked (self))
    return;

  gtk_check_button_set_active (button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (button));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PupitreQuestionPage *self = PUPITRE_QUESTION_PAGE (widget);
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  GtkCheckButton *button = get_picked_button (self);
  guint choice;

  if (button == NULL || is_locked (self))
    return;

  choice = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "pupitre-choice"));
  if (pupitre_session_answer (session, choice))
    {
      self->sent = TRUE;
      update_status (self);
      /* The choices are now insensitive: the focus goes to what was sent. */
      pupitre_page_present (PUPITRE_PAGE (self), GTK_WIDGET (self->status_label));
    }
}

/* The digit of a key, from its symbol or, on layouts like AZERTY where the
 * digits of the top row need Shift, from the other symbols of its key. */
static int
key_digit (GtkEventControllerKey *controller,
           guint                  keyval,
           guint                  keycode)
{
  GdkKeymapKey *keys = NULL;
  guint *keyvals = NULL;
  int n_entries = 0;
  int digit = -1;
  GdkDisplay *display;
  GtkWidget *widget;

  if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9)
    return (int) (keyval - GDK_KEY_0);
  if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    return (int) (keyval - GDK_KEY_KP_0);

  widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  display = gtk_widget_get_display (widget);
  if (!gdk_display_map_keycode (display, keycode, &keys, &keyvals, &n_entries))
    return -1;

  for (int i = 0; i < n_entries && digit < 0; i++)
    {
      if (keys[i].level <= 1 && keyvals[i] >= GDK_KEY_0 && keyvals[i] <= GDK_KEY_9)
        digit = (int) (keyvals[i] - GDK_KEY_0);
    }

  g_free (keys);
  g_free (keyvals);

  return digit;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PupitreQuestionPage   *self)
{
  int digit;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  if (get_state (self) != PUPITRE_SESSION_STATE_QUESTION || is_locked (self))
    return GDK_EVENT_PROPAGATE;

  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "question.send", NULL);
      return GDK_EVENT_STOP;
    }

  digit = key_digit (controller, keyval, keycode);
  if (digit >= 0 && find_choice_button (self, (guint) digit) != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "question.choose", "u", (guint) digit);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
pupitre_question_page_session_changed (PupitrePage *page)
{
  PupitreQuestionPage *self = PUPITRE_QUESTION_PAGE (page);

  stop_timer (self);
  stop_countdown (self);
  clear_choices (self);
  g_clear_pointer (&self->built_text, g_free);
  self->built_round = 0;
  self->sent = FALSE;
  self->timed_out = FALSE;

  if (pupitre_page_get_session (page) != NULL)
    sync_state (self);
}

static void
pupitre_question_page_dispose (GObject *object)
{
  PupitreQuestionPage *self = PUPITRE_QUESTION_PAGE (object);
  GtkWidget *child;

  stop_timer (self);
  stop_countdown (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PUPITRE_TYPE_QUESTION_PAGE);
  /* The template's root child is not bound, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pupitre_question_page_parent_class)->dispose (object);
}

static void
pupitre_question_page_finalize (GObject *object)
{
  PupitreQuestionPage *self = PUPITRE_QUESTION_PAGE (object);

  g_clear_pointer (&self->choice_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->built_text, g_free);
  g_clear_pointer (&self->told_text, g_free);

  G_OBJECT_CLASS (pupitre_question_page_parent_class)->finalize (object);
}

static void
pupitre_question_page_class_init (PupitreQuestionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PupitrePageClass *page_class = PUPITRE_PAGE_CLASS (klass);

  object_class->dispose = pupitre_question_page_dispose;
  page_class->session_changed = pupitre_question_page_session_changed;
  object_class->finalize = pupitre_question_page_finalize;

  g_type_ensure (PUPITRE_TYPE_CLAMP);

  gtk_widget_class_install_action (widget_class, "question.choose", "u", choose_action);
  gtk_widget_class_install_action (widget_class, "question.send", NULL, send_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-question-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, countdown_round_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, round_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, time_bar);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, question_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, choices_box);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, choices_scroller);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreQuestionPage, progress_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "questionpage");
}

static void
pupitre_question_page_init (PupitreQuestionPage *self)
{
  GSignalGroup *session_signals = pupitre_page_get_session_signals (PUPITRE_PAGE (self));
  GSignalGroup *round_signals = pupitre_page_get_round_signals (PUPITRE_PAGE (self));
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  pupitre_name_stack_pages (self->stack);

  self->choice_buttons = g_ptr_array_new ();

  /* Capture phase: the digits and Enter are the page's, even when a check
   * button (which would toggle on Enter) has the focus. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_group_connect_object (session_signals, "notify::state",
                                 G_CALLBACK (sync_state), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "question-opened",
                                 G_CALLBACK (question_opened_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "countdown-started",
                                 G_CALLBACK (countdown_started_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "answer-acknowledged",
                                 G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (round_signals, "notify::answered",
                                 G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (round_signals, "notify::progress-answered",
                                 G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (round_signals, "notify::progress-players",
                                 G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (round_signals, "notify::deadline",
                                 G_CALLBACK (update_time), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.choose", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.send", FALSE);
}
