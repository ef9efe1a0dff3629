/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The student's game at the moments between the questions, in the real
 * window against the real server: arriving late, the last round's results,
 * leaving by mistake and coming back, the chat between questions and the
 * next game's announcement. */

#include "config.h"

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "pupitre-application.h"
#include "pupitre-chat-line.h"
#include "pupitre-over-page.h"
#include "pupitre-question-page.h"
#include "pupitre-results-page.h"
#include "pupitre-score-row.h"
#include "pupitre-session.h"
#include "pupitre-token-store.h"
#include "pupitre-window.h"
#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"
#include "test-certificate.h"

#define STEP_TIMEOUT_US (pupitre_test_scale_us (20 * G_USEC_PER_SEC))

/* A player that is not the window: it joins, answers each question with
 * its scripted choice, and can chat. */
typedef struct
{
  char               *name;
  GSocketConnection  *connection;
  GDataInputStream   *input;
  GCancellable       *cancellable;
  int                 answers[8];  /* index 1 is round 1; -1: no answer */
  gboolean            welcomed;
  gboolean            joined;
  guint               acked_round;
  guint               results_round;
  gboolean            over;
} Bot;

typedef struct
{
  PupitreTestServer  *server;
  gboolean            server_exited;
  guint               port;
  PupitreApplication *app;
  PupitreWindow      *window;
  GPtrArray          *bots;
  guint               wake_id;
  gboolean            resumed;
  gboolean            joined;
} Fixture;

static gboolean have_display;

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

#define WAIT_FOR(cond) \
  G_STMT_START { \
    gint64 wait_deadline_ = g_get_monotonic_time () + STEP_TIMEOUT_US; \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > wait_deadline_) \
          g_error ("Timed out waiting for: %s", #cond); \
        g_main_context_iteration (NULL, TRUE); \
      } \
  } G_STMT_END

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static gpointer
window_child (Fixture    *f,
              const char *name)
{
  return template_child (f->window, PUPITRE_TYPE_WINDOW, name);
}

static const char *
label_text (gpointer    page,
            GType       type,
            const char *name)
{
  return gtk_label_get_text (template_child (page, type, name));
}

/* The server */

static void
server_exited_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

/* Seconds, scaled with the test's deadlines where a step must fit in them. */
static char *
seconds (double value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (number, sizeof number, value));
}

static double
scaled (double value)
{
  return value * pupitre_test_timeout_factor ();
}

static void
start_server (Fixture *f,
              guint    players,
              double   time_limit,
              double   pause,
              double   over_pause,
              gboolean once)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *server = g_getenv ("PUPITRE_SERVER");

  g_assert_nonnull (server);

  g_ptr_array_add (argv, g_strdup (server));
  g_ptr_array_add (argv, g_strdup ("--players"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", players));
  g_ptr_array_add (argv, g_strdup ("--countdown"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--time-limit"));
  g_ptr_array_add (argv, seconds (time_limit));
  g_ptr_array_add (argv, g_strdup ("--pause"));
  g_ptr_array_add (argv, seconds (pause));
  g_ptr_array_add (argv, g_strdup ("--over-pause"));
  g_ptr_array_add (argv, seconds (over_pause));
  g_ptr_array_add (argv, g_strdup ("--quiz"));
  g_ptr_array_add (argv, g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"),
                                           "tests", "ui", "two-questions.json", NULL));
  if (once)
    g_ptr_array_add (argv, g_strdup ("--once"));
  g_ptr_array_add (argv, NULL);

  f->server = pupitre_test_server_start (NULL, (const char * const *) argv->pdata);
  f->port = pupitre_test_server_get_port (f->server);
  pupitre_test_server_watch_exit (f->server, &f->server_exited);
}

/* The scripted players */

static void bot_read_next (Bot *bot);

static void
bot_send (Bot        *bot,
          const char *line)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (bot->connection));
  g_autofree char *framed = g_strconcat (line, "\n", NULL);

  g_output_stream_write_all (output, framed, strlen (framed), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
bot_handle (Bot        *bot,
            const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *type;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  type = json_object_get_string_member (object, "type");

  if (g_str_equal (type, "welcome"))
    bot->welcomed = TRUE;
  else if (g_str_equal (type, "joined"))
    bot->joined = TRUE;
  else if (g_str_equal (type, "question"))
    {
      gint64 round = json_object_get_int_member (object, "round");

      g_assert_cmpint (round, >=, 1);
      g_assert_cmpint (round, <, G_N_ELEMENTS (bot->answers));
      if (bot->answers[round] >= 0)
        {
          g_autofree char *answer =
            g_strdup_printf ("{\"type\":\"answer\",\"round\":%d,\"choice\":%d}",
                             (int) round, bot->answers[round]);
          bot_send (bot, answer);
        }
    }
  else if (g_str_equal (type, "answer_ack"))
    bot->acked_round = (guint) json_object_get_int_member (object, "round");
  else if (g_str_equal (type, "round_result"))
    bot->results_round = (guint) json_object_get_int_member (object, "round");
  else if (g_str_equal (type, "game_over"))
    bot->over = TRUE;
}

static void
bot_line_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bot *bot = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || line == NULL)
    return;

  if (*line != '\0')
    bot_handle (bot, line);
  bot_read_next (bot);
}

static void
bot_read_next (Bot *bot)
{
  g_data_input_stream_read_line_async (bot->input, G_PRIORITY_DEFAULT, bot->cancellable,
                                       bot_line_cb, bot);
}

static void
bot_free (Bot *bot)
{
  g_cancellable_cancel (bot->cancellable);
  if (bot->connection != NULL)
    g_io_stream_close (G_IO_STREAM (bot->connection), NULL, NULL);
  g_clear_object (&bot->input);
  g_clear_object (&bot->connection);
  g_clear_object (&bot->cancellable);
  g_free (bot->name);
  g_free (bot);
}

/* Connects and joins. */
static Bot *
bot_join (Fixture    *f,
          const char *name)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *join = NULL;
  Bot *bot = g_new0 (Bot, 1);

  bot->name = g_strdup (name);
  bot->cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (bot->answers); i++)
    bot->answers[i] = -1;

  bot->connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  bot->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (bot->connection)));
  g_data_input_stream_set_newline_type (bot->input, G_DATA_STREAM_NEWLINE_TYPE_LF);
  bot_read_next (bot);
  g_ptr_array_add (f->bots, bot);
  WAIT_FOR (bot->welcomed);

  join = g_strdup_printf ("{\"type\":\"join\",\"name\":\"%s\"}", name);
  bot_send (bot, join);
  WAIT_FOR (bot->joined);

  return bot;
}

/* The window */

static void
joined_cb (PupitreSession *session,
           gboolean        resumed,
           Fixture        *f)
{
  f->joined = TRUE;
  f->resumed = resumed;
}

/* As `pupitre --host 127.0.0.1 --port P --name NAME` would. */
static void
open_window (Fixture    *f,
             const char *name)
{
  f->joined = FALSE;
  f->resumed = FALSE;
  f->window = pupitre_application_open_window (f->app, "127.0.0.1", f->port, name, NULL);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  g_signal_connect (pupitre_window_get_session (f->window), "joined", G_CALLBACK (joined_cb), f);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

/* The app killed: no quit reaches the server, whose seat waits. */
static void
kill_window (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  WAIT_FOR (f->window == NULL);
}

static PupitreSession *
session (Fixture *f)
{
  return pupitre_window_get_session (f->window);
}

static PupitreSessionState
window_state (Fixture *f)
{
  return session (f) != NULL ? pupitre_session_get_state (session (f))
                             : PUPITRE_SESSION_STATE_DISCONNECTED;
}

static gboolean
page_is (Fixture    *f,
         const char *name)
{
  return g_strcmp0 (pupitre_window_get_page_name (f->window), name) == 0;
}

static gboolean
question_shown (Fixture    *f,
                const char *question)
{
  GtkWidget *page = window_child (f, "question_page");
  GtkStack *stack = template_child (page, PUPITRE_TYPE_QUESTION_PAGE, "stack");

  return page_is (f, "question") &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), "question") == 0 &&
         g_strcmp0 (label_text (page, PUPITRE_TYPE_QUESTION_PAGE, "question_label"), question) == 0;
}

static void
answer (Fixture *f,
        guint    choice)
{
  GtkWidget *page = window_child (f, "question_page");

  g_assert_true (gtk_widget_activate_action (page, "question.choose", "u", choice));
  g_assert_true (gtk_widget_activate_action (page, "question.send", NULL));
  WAIT_FOR (pupitre_round_get_answered (pupitre_session_get_current_round (session (f))));
}

static const char *
results_label (Fixture    *f,
               const char *name)
{
  return label_text (window_child (f, "results_page"), PUPITRE_TYPE_RESULTS_PAGE, name);
}

static const char *
over_label (Fixture    *f,
            const char *name)
{
  return label_text (window_child (f, "over_page"), PUPITRE_TYPE_OVER_PAGE, name);
}

static gboolean
banner_says (Fixture    *f,
             const char *prefix)
{
  return gtk_revealer_get_reveal_child (window_child (f, "banner_revealer")) &&
         g_str_has_prefix (gtk_label_get_text (window_child (f, "banner_label")), prefix);
}

static GtkWindow *
leave_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (window) && f->window != NULL &&
          gtk_window_get_transient_for (window) == GTK_WINDOW (f->window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static char *
kept_token (Fixture *f)
{
  g_autoptr(PupitreTokenStore) store = pupitre_token_store_new (NULL);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", f->port);

  return pupitre_token_store_lookup (store, PUPITRE_TOKEN_PLAYER, server, "main", NULL);
}

static gboolean
keyboard_available (void)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  return GDK_IS_X11_DISPLAY (gdk_display_get_default ()) && xdotool != NULL;
#else
  return FALSE;
#endif
}

/* Types @keys into the window as a person would, through the X server. */
static void
press_keys (Fixture            *f,
            const char * const *keys)
{
#ifdef GDK_WINDOWING_X11
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) xdotool = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  gboolean done = FALSE;

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  g_ptr_array_add (argv, g_strdup ("windowfocus"));
  g_ptr_array_add (argv, g_strdup ("--sync"));
  g_ptr_array_add (argv, g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface)));
  g_ptr_array_add (argv, g_strdup ("key"));
  g_ptr_array_add (argv, g_strdup ("--delay"));
  g_ptr_array_add (argv, g_strdup ("60"));
  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (keys[i]));
  g_ptr_array_add (argv, NULL);

  xdotool = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (xdotool, NULL, server_exited_cb, &done);
  WAIT_FOR (done);
  g_assert_true (g_subprocess_get_successful (xdotool));
#else
  g_assert_not_reached ();
#endif
}

/* Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (!have_display)
    return;

  f->bots = g_ptr_array_new_with_free_func ((GDestroyNotify) bot_free);
  f->wake_id = g_timeout_add (50, wake_cb, NULL);
  f->app = pupitre_application_new ();
  g_application_register (G_APPLICATION (f->app), NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PupitreTokenStore) store = NULL;
  g_autofree char *server = NULL;

  if (!have_display)
    return;

  if (f->window != NULL)
    kill_window (f);

  g_clear_pointer (&f->bots, g_ptr_array_unref);

  if (f->server != NULL)
    {
      if (!f->server_exited)
        g_subprocess_force_exit (pupitre_test_server_get_process (f->server));
      WAIT_FOR (f->server_exited);
      g_clear_pointer (&f->server, pupitre_test_server_free);
    }

  /* No seat of this test is kept for the next. */
  store = pupitre_token_store_new (NULL);
  server = g_strdup_printf ("127.0.0.1:%u", f->port);
  pupitre_token_store_forget (store, PUPITRE_TOKEN_PLAYER, server, "main", NULL);

  g_clear_object (&f->app);
  g_clear_handle_id (&f->wake_id, g_source_remove);
}

static gboolean
skip_without_display (void)
{
  if (!have_display)
    {
      g_test_skip ("No display: run the UI tests under xvfb-run");
      return TRUE;
    }

  return FALSE;
}

/* Tests */

/* Item 1 and 6 of the issue: a student who arrives while a question is
 * open sees that it plays from the next one, then the round's results
 * (with the chat between questions), then a whole question of its own. */
static void
test_late_joiner (Fixture       *f,
                  gconstpointer  data)
{
  GListModel *chat;
  Bot *bob;

  if (skip_without_display ())
    return;

  /* Bob alone starts the game; he leaves question 1 open until its time
   * is up, and answers question 2 at once (2 + 1 point for Alice). */
  start_server (f, 1, scaled (4), scaled (3), 0.2, TRUE);
  bob = bot_join (f, "Bob");
  bob->answers[2] = 3;

  open_window (f, "Alice");
  WAIT_FOR (f->joined);
  g_assert_false (f->resumed);

  /* No broken question: a page that says what happens. */
  WAIT_FOR (page_is (f, "wait"));
  g_assert_true (pupitre_session_get_sitting_out (session (f)));
  g_assert_cmpstr (gtk_label_get_text (window_child (f, "wait_title_label")),
                   ==, "You will play from the next question");
  g_assert_cmpstr (gtk_label_get_text (window_child (f, "wait_round_label")),
                   ==, "Question 1 / 2");

  /* The results of the question sat out, numbered right. */
  WAIT_FOR (page_is (f, "results"));
  g_assert_cmpstr (results_label (f, "round_label"), ==, "Question 1 / 2");
  g_assert_cmpstr (results_label (f, "outcome_label"), ==, "No answer this time");
  g_assert_cmpstr (results_label (f, "answer_label"), ==, "The right answer was number 2");

  /* Bob writes between the questions: it shows here, under the results. */
  g_assert_true (gtk_revealer_get_reveal_child (window_child (f, "chat_revealer")));
  bot_send (bob, "{\"type\":\"chat\",\"text\":\"Welcome Alice!\"}");
  chat = G_LIST_MODEL (window_child (f, "chat_selection"));
  WAIT_FOR (g_list_model_get_n_items (chat) == 1);
  {
    g_autoptr(PupitreChatLine) line = g_list_model_get_item (chat, 0);

    g_assert_cmpstr (pupitre_chat_line_get_from (line), ==, "Bob");
    g_assert_cmpstr (pupitre_chat_line_get_text (line), ==, "Welcome Alice!");
  }
  g_assert_true (gtk_widget_get_sensitive (window_child (f, "chat_entry")));
  gtk_editable_set_text (window_child (f, "chat_entry"), "Thanks Bob");
  g_signal_emit_by_name (window_child (f, "chat_entry"), "activate");
  WAIT_FOR (g_list_model_get_n_items (chat) == 2);
  g_assert_cmpstr (gtk_editable_get_text (window_child (f, "chat_entry")), ==, "");

  /* Question 2 is hers, whole: text and named choices. */
  WAIT_FOR (question_shown (f, "How many bits are there in a byte?"));
  g_assert_false (gtk_revealer_get_reveal_child (window_child (f, "chat_revealer")));
  g_assert_cmpstr (label_text (window_child (f, "question_page"), PUPITRE_TYPE_QUESTION_PAGE,
                               "round_label"),
                   ==, "Question 2 / 2");
  WAIT_FOR (bob->acked_round == 2);
  answer (f, 3);

  /* Item 4: the last round's answer, explanation and points come first,
   * with a way on to the final ranking, which follows by itself. */
  WAIT_FOR (pupitre_session_get_state (session (f)) == PUPITRE_SESSION_STATE_OVER ||
            window_state (f) == PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_true (page_is (f, "results"));
  g_assert_cmpstr (results_label (f, "round_label"), ==, "Question 2 / 2");
  g_assert_cmpstr (results_label (f, "answer_label"), ==, "The right answer was 3) 8");
  g_assert_cmpstr (results_label (f, "explanation_label"), ==, "A byte is made of 8 bits.");
  g_assert_cmpstr (results_label (f, "outcome_label"), ==, "Right! +1 point");
  g_assert_true (banner_says (f, "That was the last question."));
  g_assert_true (gtk_widget_get_visible (window_child (f, "banner_button")));

  WAIT_FOR (page_is (f, "over"));
  WAIT_FOR (g_str_equal (over_label (f, "standing_label"), "You finished 2nd of 2 with 1 point"));
  g_assert_cmpstr (over_label (f, "name_1"), ==, "Bob");
  g_assert_cmpstr (over_label (f, "name_2"), ==, "Alice");
}

/* Item 4 from the keyboard: the student moves on to the ranking at once. */
static void
test_last_results_then_ranking (Fixture       *f,
                                gconstpointer  data)
{
  if (skip_without_display ())
    return;

  /* A long pause after the game: the results stay until asked. */
  start_server (f, 1, scaled (10), 0.2, scaled (30), FALSE);
  open_window (f, "Alice");

  WAIT_FOR (question_shown (f, "Which operating system is free software?"));
  answer (f, 1);
  WAIT_FOR (question_shown (f, "How many bits are there in a byte?"));
  answer (f, 2);

  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_OVER);
  g_assert_true (page_is (f, "results"));
  g_assert_cmpstr (results_label (f, "answer_label"), ==, "The right answer was 3) 8");
  g_assert_cmpstr (results_label (f, "outcome_label"), ==, "Wrong answer: \u22121 point");
  g_assert_true (banner_says (f, "That was the last question."));

  /* Pressed once it is on the screen, as a student would. */
  WAIT_FOR (gtk_widget_get_mapped (window_child (f, "banner_button")));
  g_assert_true (gtk_widget_activate (window_child (f, "banner_button")));
  WAIT_FOR (page_is (f, "over"));
  g_assert_cmpstr (over_label (f, "name_1"), ==, "Alice");

  /* Item 7: the standing game's next one is announced with its time, and
   * leaving now asks nothing: the game is over. */
  WAIT_FOR (banner_says (f, "A new game starts in "));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (window_child (f, "banner_label")),
                                   "seconds. Leave now if you are done."));
  g_assert_false (gtk_widget_get_visible (window_child (f, "banner_button")));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "leave", NULL);
  g_assert_null (leave_dialog (f));
  g_assert_true (page_is (f, "connect"));
  g_assert_false (gtk_revealer_get_reveal_child (window_child (f, "banner_revealer")));
}

/* Item 2: Ctrl+Q, Ctrl+W and Leave Game ask first during a game; a
 * student who leaves anyway, or whose app is killed, starts it again with
 * the same name and is back on the seat, with the score. */
static void
test_leave_asks_and_restart_resumes (Fixture       *f,
                                     gconstpointer  data)
{
  static const char * const quit_keys[] = { "ctrl+q", NULL };
  static const char * const close_keys[] = { "ctrl+w", NULL };
  g_autofree char *token = NULL;
  GtkWindow *dialog = NULL;
  Bot *bob;

  if (skip_without_display ())
    return;
  if (!keyboard_available ())
    {
      g_test_skip ("Typing into the window needs X11 and xdotool");
      return;
    }

  start_server (f, 2, scaled (15), scaled (3), scaled (30), FALSE);
  bob = bot_join (f, "Bob");
  /* Bob answers question 1 only once Alice is back (the round waits for
   * him), and question 2 at once. */
  bob->answers[2] = 3;
  open_window (f, "Alice");
  WAIT_FOR (question_shown (f, "Which operating system is free software?"));
  token = kept_token (f);
  g_assert_nonnull (token);

  /* Ctrl+Q: asked, and the student stays. */
  press_keys (f, quit_keys);
  WAIT_FOR ((dialog = leave_dialog (f)) != NULL);
  g_assert_true (gtk_window_get_modal (dialog));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  WAIT_FOR (leave_dialog (f) == NULL);
  g_assert_nonnull (f->window);
  g_assert_true (question_shown (f, "Which operating system is free software?"));

  /* Leave Game: asked too. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "leave", NULL);
  WAIT_FOR ((dialog = leave_dialog (f)) != NULL);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  WAIT_FOR (leave_dialog (f) == NULL);
  g_assert_true (page_is (f, "question"));

  /* Ctrl+W, and this time Leave: the window goes, the seat stays. */
  press_keys (f, close_keys);
  WAIT_FOR ((dialog = leave_dialog (f)) != NULL);
  WAIT_FOR (gtk_widget_get_mapped (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                       GTK_RESPONSE_ACCEPT)));
  gtk_widget_activate (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                           GTK_RESPONSE_ACCEPT));
  WAIT_FOR (f->window == NULL);
  {
    g_autofree char *still = kept_token (f);

    g_assert_cmpstr (still, ==, token);
  }

  /* Started again with the same name: the same seat, and its question. */
  open_window (f, "Alice");
  WAIT_FOR (f->joined);
  g_assert_true (f->resumed);
  g_assert_cmpstr (pupitre_session_get_name (session (f)), ==, "Alice");
  WAIT_FOR (question_shown (f, "Which operating system is free software?"));
  answer (f, 2);
  bot_send (bob, "{\"type\":\"answer\",\"round\":1,\"choice\":2}");

  /* Item 5: killed during the results, back on the same results with the
   * points the server counted (first right answer of two: 2). */
  WAIT_FOR (page_is (f, "results"));
  kill_window (f);
  open_window (f, "Alice");
  WAIT_FOR (f->joined);
  g_assert_true (f->resumed);
  WAIT_FOR (page_is (f, "results") &&
            g_str_equal (results_label (f, "outcome_label"), "Right! +2 points"));
  g_assert_cmpstr (results_label (f, "round_label"), ==, "Question 1 / 2");
  g_assert_cmpstr (results_label (f, "answer_label"), ==, "The right answer was number 2");
  g_assert_cmpint (pupitre_standing_get_score (pupitre_session_get_standing (session (f))),
                   ==, 2);

  /* Item 5 after the game: killed on the ranking, back on the podium.
   * A wrong answer: 2 - 1 = 1 point, against Bob's 1 + 2. */
  WAIT_FOR (question_shown (f, "How many bits are there in a byte?"));
  WAIT_FOR (bob->acked_round == 2);
  answer (f, 1);
  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_OVER);
  kill_window (f);
  open_window (f, "Alice");
  WAIT_FOR (f->joined);
  g_assert_true (f->resumed);
  WAIT_FOR (page_is (f, "over") &&
            g_str_equal (over_label (f, "standing_label"), "You finished 2nd of 2 with 1 point"));
  g_assert_cmpstr (over_label (f, "name_1"), ==, "Bob");
  g_assert_cmpstr (over_label (f, "name_2"), ==, "Alice");
  WAIT_FOR (banner_says (f, "A new game starts in "));

  /* Leaving after the game asks nothing and forgets the seat. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "leave", NULL);
  g_assert_null (leave_dialog (f));
  g_assert_true (page_is (f, "connect"));
  {
    g_autofree char *gone = kept_token (f);

    g_assert_null (gone);
  }
}

/* Screenshots (with PUPITRE_SCREENSHOT_DIR set) */

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name,
                 int         size)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("flow-%s-%d.png", name, size);
  g_autofree char *path = g_build_filename (g_getenv ("PUPITRE_SCREENSHOT_DIR"), file, NULL);
  guint frames = 0;
  guint tick_id;
  int width, height;

  /* Let transitions end and a few frames settle. */
  tick_id = gtk_widget_add_tick_callback (widget, tick_cb, &frames, NULL);
  WAIT_FOR (frames >= 20);
  gtk_widget_remove_tick_callback (widget, tick_id);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d×%d)", path, width, height);
}

/* The wait page, the last results, the ranking with the next game and the
 * question before leaving, at 800×600 (0) and 1920×1080 (1). */
static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  static const int widths[] = { 800, 1920 };
  static const int heights[] = { 600, 1080 };
  GtkWindow *dialog = NULL;
  Bot *bob;

  if (skip_without_display ())
    return;
  if (g_getenv ("PUPITRE_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Set PUPITRE_SCREENSHOT_DIR to take the screenshots");
      return;
    }

  for (guint size = 0; size < G_N_ELEMENTS (widths); size++)
    {
      start_server (f, 1, scaled (8), scaled (6), scaled (60), FALSE);
      bob = bot_join (f, "Bob");
      bob->answers[2] = 3;

      open_window (f, "Alice");
      gtk_window_set_default_size (GTK_WINDOW (f->window), widths[size], heights[size]);
      WAIT_FOR (page_is (f, "wait"));
      save_screenshot (GTK_WIDGET (f->window), "wait", size);

      WAIT_FOR (page_is (f, "results"));
      bot_send (bob, "{\"type\":\"chat\",\"text\":\"Welcome Alice!\"}");
      WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (window_child (f, "chat_selection"))) == 1);
      save_screenshot (GTK_WIDGET (f->window), "results-chat", size);

      WAIT_FOR (question_shown (f, "How many bits are there in a byte?"));
      g_action_group_activate_action (G_ACTION_GROUP (f->window), "leave", NULL);
      WAIT_FOR ((dialog = leave_dialog (f)) != NULL);
      save_screenshot (GTK_WIDGET (dialog), "leave", size);
      gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
      WAIT_FOR (leave_dialog (f) == NULL);

      WAIT_FOR (bob->acked_round == 2);
      answer (f, 3);
      WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_OVER);
      WAIT_FOR (gtk_widget_get_mapped (window_child (f, "banner_button")));
      save_screenshot (GTK_WIDGET (f->window), "last-results", size);

      gtk_widget_activate (window_child (f, "banner_button"));
      WAIT_FOR (page_is (f, "over") && banner_says (f, "A new game starts in "));
      save_screenshot (GTK_WIDGET (f->window), "over-next-game", size);

      kill_window (f);
      g_clear_pointer (&f->bots, g_ptr_array_unref);
      f->bots = g_ptr_array_new_with_free_func ((GDestroyNotify) bot_free);
      g_subprocess_force_exit (pupitre_test_server_get_process (f->server));
      WAIT_FOR (f->server_exited);
      g_clear_pointer (&f->server, pupitre_test_server_free);
      f->server_exited = FALSE;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  int status;

  /* The certificates and seats kept here are not the user's. */
  config = test_private_config_new ();
  g_test_init (&argc, &argv, NULL);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  have_display = gtk_init_check ();

  g_test_add ("/ui/flow/late-joiner-waits-then-plays", Fixture, NULL,
              fixture_set_up, test_late_joiner, fixture_tear_down);
  g_test_add ("/ui/flow/last-results-then-ranking-then-next-game", Fixture, NULL,
              fixture_set_up, test_last_results_then_ranking, fixture_tear_down);
  g_test_add ("/ui/flow/leave-asks-and-restart-resumes", Fixture, NULL,
              fixture_set_up, test_leave_asks_and_restart_resumes, fixture_tear_down);

  g_test_add ("/ui/flow/screenshots", Fixture, NULL,
              fixture_set_up, test_screenshots, fixture_tear_down);

  status = g_test_run ();
  test_private_config_remove (config);

  return status;
}
