/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real window against the real server, with scripted players over TCP:
 * a whole game played from the keyboard, the errors a student can meet, and
 * (with PUPITRE_SCREENSHOT_DIR set) a picture of every screen. */

#include "config.h"

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#ifdef G_OS_UNIX
#include <signal.h>
#endif
#ifdef __linux__
#endif
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "pupitre-application.h"
#include "pupitre-connect-page.h"
#include "pupitre-lobby-page.h"
#include "pupitre-over-page.h"
#include "pupitre-question-page.h"
#include "pupitre-results-page.h"
#include "pupitre-chat-line.h"
#include "pupitre-score-row.h"
#include "pupitre-session.h"
#include "pupitre-window.h"
#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"
#include "test-certificate.h"

/* Generous, and larger on slow builds: a loaded 2-core CI machine runs
 * several test programs at once. */
#define STEP_TIMEOUT_US (pupitre_test_scale_us (20 * G_USEC_PER_SEC))

/* One player of the game that is not the window: a raw TCP connection
 * that joins, answers each question with a scripted choice and records
 * what the server told it. */
typedef struct
{
  char               *name;
  GSocketConnection  *connection;
  GDataInputStream   *input;
  GCancellable       *cancellable;
  /* The choice sent for each round (index 1 is round 1); -1: none. */
  int                 answers[8];
  gboolean            welcomed;
  gboolean            joined;
  guint               acked_round;
  gboolean            over;
  gboolean            closed;
} Bot;

typedef struct
{
  PupitreTestServer  *server;
  gboolean            server_exited;
  guint               port;
  GSocket            *refusing;  /* holds a port where nobody listens */
  PupitreApplication *app;
  PupitreWindow      *window;
  GPtrArray          *bots;
  guint               wake_id;
  /* What the results page's tables held when each round closed:
   * "Bob 2 +2, Alice 2 +1" and "1 Bob 2, 2 Alice 1". */
  GPtrArray          *round_tables;
  GPtrArray          *total_tables;
  GPtrArray          *pages_at_round_end;
  gboolean            game_finished;
  /* When set, the server speaks TLS with this certificate. */
  TestCertificate    *certificate;
  /* Seconds before each question; none unless a test wants to see it. */
  double              countdown;
} Fixture;

static gboolean have_display;

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @cond holds, failing the test at the deadline.
 * A 50 ms wake-up source keeps the deadline checked while nothing happens. */
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

static GtkWidget *
window_page (Fixture    *f,
             const char *name)
{
  return template_child (f->window, PUPITRE_TYPE_WINDOW, name);
}

/* The server */

/* A port where connections are refused, reserved for the whole test. */
static guint
refusing_port (Fixture *f)
{
  guint16 port;

  g_clear_object (&f->refusing);
  f->refusing = pupitre_test_reserve_closed_port (&port);
  return port;
}

static void
server_exited_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

static void
start_server (Fixture *f,
              guint    players,
              double   time_limit,
              double   pause,
              gboolean once)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  const char *server = g_getenv ("PUPITRE_SERVER");

  g_assert_nonnull (server);

  g_ptr_array_add (argv, g_strdup (server));
  g_ptr_array_add (argv, g_strdup ("--players"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", players));
  g_ptr_array_add (argv, g_strdup ("--countdown"));
  g_ptr_array_add (argv, g_strdup (g_ascii_dtostr (number, sizeof number, f->countdown)));
  g_ptr_array_add (argv, g_strdup ("--time-limit"));
  g_ptr_array_add (argv, g_strdup (g_ascii_dtostr (number, sizeof number, time_limit)));
  g_ptr_array_add (argv, g_strdup ("--pause"));
  g_ptr_array_add (argv, g_strdup (g_ascii_dtostr (number, sizeof number, pause)));
  g_ptr_array_add (argv, g_strdup ("--over-pause"));
  g_ptr_array_add (argv, g_strdup ("0.2"));
  g_ptr_array_add (argv, g_strdup ("--quiz"));
  g_ptr_array_add (argv, g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"),
                                           "tests", "ui", "two-questions.json", NULL));
  if (once)
    g_ptr_array_add (argv, g_strdup ("--once"));
  if (f->certificate != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--tls-certificate"));
      g_ptr_array_add (argv, g_strdup (f->certificate->certificate));
      g_ptr_array_add (argv, g_strdup ("--tls-key"));
      g_ptr_array_add (argv, g_strdup (f->certificate->key));
    }
  g_ptr_array_add (argv, NULL);

  /* On a socket handed to it, and ready when this returns. */
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

  /* A few dozen bytes to a loopback socket: a blocking write is immediate. */
  g_output_stream_write_all (output, framed, strlen (framed), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
bot_join (Bot *bot)
{
  g_autofree char *join = g_strdup_printf ("{\"type\":\"join\",\"name\":\"%s\"}", bot->name);

  bot_send (bot, join);
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
    {
      bot->welcomed = TRUE;
    }
  else if (g_str_equal (type, "joined"))
    {
      bot->joined = TRUE;
    }
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
    {
      bot->acked_round = (guint) json_object_get_int_member (object, "round");
    }
  else if (g_str_equal (type, "game_over"))
    {
      bot->over = TRUE;
    }
  else if (g_str_equal (type, "error"))
    {
      g_test_message ("%s got error %s", bot->name, json_object_get_string_member (object, "code"));
    }
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
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (line == NULL)
    {
      bot->closed = TRUE;
      return;
    }

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

/* Connects and starts reading; the
 * join is sent separately, so that the test decides who joins when. */
static Bot *
bot_connect (Fixture    *f,
             const char *name)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  Bot *bot = g_new0 (Bot, 1);
  GInputStream *input;

  bot->name = g_strdup (name);
  bot->cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (bot->answers); i++)
    bot->answers[i] = -1;

  /* The server said it is ready: it listens. */
  {
    g_autoptr(GError) error = NULL;

    bot->connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->port,
                                                       NULL, &error);
    g_assert_no_error (error);
  }

  input = g_io_stream_get_input_stream (G_IO_STREAM (bot->connection));
  bot->input = g_data_input_stream_new (input);
  g_data_input_stream_set_newline_type (bot->input, G_DATA_STREAM_NEWLINE_TYPE_LF);
  bot_read_next (bot);
  g_ptr_array_add (f->bots, bot);

  WAIT_FOR (bot->welcomed);

  return bot;
}

/* What the results page shows when a round closes */

static char *
describe_results (GListModel *model)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PupitreScoreRow) row = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s%s %d %+" G_GINT64_FORMAT "%s",
                              i > 0 ? ", " : "",
                              pupitre_score_row_get_name (row),
                              pupitre_score_row_get_choice (row),
                              pupitre_score_row_get_points (row),
                              pupitre_score_row_get_is_self (row) ? " (self)" : "");
    }

  return g_string_free (text, FALSE);
}

static char *
describe_totals (GListModel *model)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PupitreScoreRow) row = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s%u %s %" G_GINT64_FORMAT "%s",
                              i > 0 ? ", " : "",
                              pupitre_score_row_get_rank (row),
                              pupitre_score_row_get_name (row),
                              pupitre_score_row_get_score (row),
                              pupitre_score_row_get_is_self (row) ? " (self)" : "");
    }

  return g_string_free (text, FALSE);
}

static void
round_finished_cb (PupitreSession *session,
                   Fixture        *f)
{
  GtkWidget *results_page = window_page (f, "results_page");
  GtkColumnView *round_view =
    template_child (results_page, PUPITRE_TYPE_RESULTS_PAGE, "round_view");
  GtkColumnView *totals_view =
    template_child (results_page, PUPITRE_TYPE_RESULTS_PAGE, "totals_view");

  /* The tables' own models, as the ColumnViews show them. */
  g_ptr_array_add (f->round_tables,
                   describe_results (G_LIST_MODEL (gtk_column_view_get_model (round_view))));
  g_ptr_array_add (f->total_tables,
                   describe_totals (G_LIST_MODEL (gtk_column_view_get_model (totals_view))));
  g_ptr_array_add (f->pages_at_round_end, g_strdup (pupitre_window_get_page_name (f->window)));
}

static void
game_finished_cb (PupitreSession *session,
                  Fixture        *f)
{
  f->game_finished = TRUE;
}

/* The window */

static void
open_window (Fixture    *f,
             const char *name)
{
  f->window = pupitre_application_open_window (f->app, "127.0.0.1", f->port, name, NULL);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

static PupitreSessionState
window_state (Fixture *f)
{
  PupitreSession *session = pupitre_window_get_session (f->window);

  return session != NULL ? pupitre_session_get_state (session) : PUPITRE_SESSION_STATE_DISCONNECTED;
}

static gboolean
page_is (Fixture    *f,
         const char *name)
{
  return g_strcmp0 (pupitre_window_get_page_name (f->window), name) == 0;
}

static const char *
label_text (gpointer    page,
            GType       type,
            const char *name)
{
  return gtk_label_get_text (template_child (page, type, name));
}

static GPtrArray *
choice_buttons (Fixture *f)
{
  GtkWidget *page = window_page (f, "question_page");
  GtkWidget *box = template_child (page, PUPITRE_TYPE_QUESTION_PAGE, "choices_box");
  GPtrArray *buttons = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (buttons, child);

  return buttons;
}

static gboolean
choices_shown (Fixture    *f,
               const char *question)
{
  GtkWidget *page = window_page (f, "question_page");
  GtkStack *stack = template_child (page, PUPITRE_TYPE_QUESTION_PAGE, "stack");
  g_autoptr(GPtrArray) buttons = choice_buttons (f);

  return page_is (f, "question") &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), "question") == 0 &&
         g_strcmp0 (label_text (page, PUPITRE_TYPE_QUESTION_PAGE, "question_label"),
                    question) == 0 &&
         buttons->len > 0;
}

static gboolean
focus_on (Fixture   *f,
          GtkWidget *widget)
{
  return gtk_root_get_focus (GTK_ROOT (f->window)) == widget;
}

static gboolean
focus_within (Fixture   *f,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
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

/* Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (!have_display)
    return;

  f->bots = g_ptr_array_new_with_free_func ((GDestroyNotify) bot_free);
  f->round_tables = g_ptr_array_new_with_free_func (g_free);
  f->total_tables = g_ptr_array_new_with_free_func (g_free);
  f->pages_at_round_end = g_ptr_array_new_with_free_func (g_free);
  f->wake_id = g_timeout_add (50, wake_cb, NULL);

  f->app = pupitre_application_new ();
  g_application_register (G_APPLICATION (f->app), NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (!have_display)
    return;

  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      /* Every reference the widgets held on each other is gone. */
      WAIT_FOR (f->window == NULL);
    }

  g_clear_pointer (&f->bots, g_ptr_array_unref);

  if (f->server != NULL)
    {
      if (!f->server_exited)
        g_subprocess_force_exit (pupitre_test_server_get_process (f->server));
      WAIT_FOR (f->server_exited);
      g_clear_pointer (&f->server, pupitre_test_server_free);
    }
  g_clear_object (&f->refusing);

  g_clear_object (&f->app);
  g_clear_handle_id (&f->wake_id, g_source_remove);
  g_clear_pointer (&f->round_tables, g_ptr_array_unref);
  g_clear_pointer (&f->total_tables, g_ptr_array_unref);
  g_clear_pointer (&f->pages_at_round_end, g_ptr_array_unref);
  g_clear_pointer (&f->certificate, test_certificate_free);
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

static void
test_full_game (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *lobby_page;
  GtkWidget *question_page;
  GtkWidget *over_page;
  GtkWidget *lobby_players;
  GListModel *lobby_model;
  PupitreSession *session;
  g_autoptr(GPtrArray) buttons = NULL;
  static const char * const keys[] = { "2", "Return", NULL };
  g_autoptr(PupitreSession) ended = NULL;
  Bot *bob;
  int chosen = -1;

  if (skip_without_display ())
    return;
  if (!keyboard_available ())
    {
      g_test_skip ("Typing into the window needs X11 and xdotool");
      return;
    }

  start_server (f, 2, 5, 0.5, TRUE);
  bob = bot_connect (f, "Bob");
  /* Round 1: Bob answers right at once; round 2: "I don't know". */
  bob->answers[1] = 2;
  bob->answers[2] = 0;

  /* As `pupitre --host 127.0.0.1 --port P --name Alice`: straight in. */
  open_window (f, "Alice");
  lobby_page = window_page (f, "lobby_page");
  question_page = window_page (f, "question_page");
  over_page = window_page (f, "over_page");

  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_LOBBY && page_is (f, "lobby"));
  session = pupitre_window_get_session (f->window);
  g_signal_connect (session, "round-finished", G_CALLBACK (round_finished_cb), f);
  g_signal_connect (session, "game-finished", G_CALLBACK (game_finished_cb), f);
  WAIT_FOR (g_str_equal (label_text (lobby_page, PUPITRE_TYPE_LOBBY_PAGE, "status_label"),
                         "Waiting for one more player"));

  /* Bob comes in: both names in the lobby's list, and the game starts. */
  bot_join (bob);
  lobby_players = template_child (lobby_page, PUPITRE_TYPE_LOBBY_PAGE, "players_view");
  lobby_model = G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (lobby_players)));
  WAIT_FOR (g_list_model_get_n_items (lobby_model) == 2);
  {
    GListModel *players = lobby_model;
    g_autoptr(GPtrArray) names = g_ptr_array_new ();

    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(PupitreScoreRow) row = g_list_model_get_item (players, i);

        g_ptr_array_add (names, (gpointer) g_intern_string (pupitre_score_row_get_name (row)));
        g_assert_true (pupitre_score_row_get_connected (row));
        g_assert_cmpint (pupitre_score_row_get_is_self (row), ==,
                         g_str_equal (pupitre_score_row_get_name (row), "Alice"));
      }
    g_assert_true (g_ptr_array_find (names, g_intern_string ("Alice"), NULL));
    g_assert_true (g_ptr_array_find (names, g_intern_string ("Bob"), NULL));
  }

  /* Question 1: its text, its numbered choices, the focus on the question. */
  WAIT_FOR (choices_shown (f, "Which operating system is free software?"));
  g_assert_cmpstr (label_text (question_page, PUPITRE_TYPE_QUESTION_PAGE, "round_label"),
                   ==, "Question 1 / 2");
  buttons = choice_buttons (f);
  g_assert_cmpuint (buttons->len, ==, 4);
  g_assert_cmpstr (gtk_check_button_get_label (buttons->pdata[0]), ==, "1) Windows");
  g_assert_cmpstr (gtk_check_button_get_label (buttons->pdata[1]), ==, "2) Linux");
  g_assert_cmpstr (gtk_check_button_get_label (buttons->pdata[2]), ==, "3) MacOS");
  g_assert_cmpstr (gtk_check_button_get_label (buttons->pdata[3]), ==, "0) I don’t know");
  WAIT_FOR (focus_on (f, template_child (question_page, PUPITRE_TYPE_QUESTION_PAGE, "question_label")));

  /* Bob's answer reaches the server first, so Alice is second fastest. */
  WAIT_FOR (bob->acked_round == 1);

  press_keys (f, keys);
  WAIT_FOR (pupitre_round_get_answered (pupitre_session_get_current_round (session)));
  g_object_get (pupitre_session_get_current_round (session), "chosen", &chosen, NULL);
  g_assert_cmpint (chosen, ==, 2);
  /* Locked in: the choice stays shown, nothing can change it. */
  g_assert_true (gtk_check_button_get_active (buttons->pdata[1]));
  for (guint i = 0; i < buttons->len; i++)
    g_assert_false (gtk_widget_get_sensitive (buttons->pdata[i]));

  /* Round 1 closes: classic scoring with 2 players, both right: the
   * fastest gets 2, the next 1; results in the order answers arrived. */
  WAIT_FOR (f->round_tables->len == 1);
  g_assert_cmpstr (f->pages_at_round_end->pdata[0], ==, "results");
  g_assert_cmpstr (f->round_tables->pdata[0], ==, "Bob 2 +2, Alice 2 +1 (self)");
  g_assert_cmpstr (f->total_tables->pdata[0], ==, "1 Bob 2, 2 Alice 1 (self)");
  g_assert_cmpstr (label_text (window_page (f, "results_page"), PUPITRE_TYPE_RESULTS_PAGE,
                               "answer_label"),
                   ==, "The right answer was 2) Linux");

  /* Question 2, answered through the page's actions this time: a wrong
   * answer costs a point, "I don't know" none. */
  WAIT_FOR (choices_shown (f, "How many bits are there in a byte?"));
  g_clear_pointer (&buttons, g_ptr_array_unref);
  buttons = choice_buttons (f);
  WAIT_FOR (bob->acked_round == 2);
  g_assert_true (gtk_widget_activate_action (question_page, "question.choose", "u", 1));
  g_assert_true (gtk_check_button_get_active (buttons->pdata[0]));
  g_assert_true (gtk_widget_activate_action (question_page, "question.send", NULL));
  WAIT_FOR (pupitre_round_get_answered (pupitre_session_get_current_round (session)));

  WAIT_FOR (f->round_tables->len == 2);
  g_assert_cmpstr (f->round_tables->pdata[1], ==, "Bob 0 +0, Alice 1 -1 (self)");
  g_assert_cmpstr (f->total_tables->pdata[1], ==, "1 Bob 2, 2 Alice 0 (self)");

  /* The end: the final ranking and Alice's own standing, which stay up
   * when the server (run with --once) goes away right after. */
  WAIT_FOR (f->game_finished && page_is (f, "over"));
  WAIT_FOR (g_str_equal (label_text (over_page, PUPITRE_TYPE_OVER_PAGE, "standing_label"),
                         "You finished 2nd of 2 with 0 points"));
  g_assert_cmpstr (label_text (over_page, PUPITRE_TYPE_OVER_PAGE, "name_1"), ==, "Bob");
  g_assert_cmpstr (label_text (over_page, PUPITRE_TYPE_OVER_PAGE, "name_2"), ==, "Alice");
  WAIT_FOR (bob->over);
  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_true (page_is (f, "over"));

  /* The server (--once) is gone: Play again joins anew, and says why it
   * cannot. */
  ended = g_object_ref (session);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "play-again", NULL);
  g_assert_true (pupitre_window_get_session (f->window) != ended);
  WAIT_FOR (page_is (f, "connect") && window_state (f) == PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_true (g_str_has_prefix (label_text (window_page (f, "connect_page"),
                                               PUPITRE_TYPE_CONNECT_PAGE, "error_label"),
                                   "Cannot reach the server at 127.0.0.1:"));
}

static void
test_server_unreachable (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *connect_page;
  g_autofree char *expected = NULL;

  if (skip_without_display ())
    return;

  /* Nobody listens on a port bound but not listening. */
  f->port = refusing_port (f);
  open_window (f, "Alice");
  connect_page = window_page (f, "connect_page");

  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_DISCONNECTED &&
            gtk_revealer_get_reveal_child (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                           "error_revealer")));
  g_assert_true (page_is (f, "connect"));
  expected = g_strdup_printf ("Cannot reach the server at 127.0.0.1:%u. "
                              "Check the address and that the server is running.", f->port);
  g_assert_cmpstr (label_text (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "error_label"),
                   ==, expected);
  /* The form is usable again. */
  g_assert_true (gtk_widget_get_sensitive (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                           "connect_button")));
}

static void
test_name_taken (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *connect_page;
  GtkWidget *name_entry;
  Bot *bob;

  if (skip_without_display ())
    return;

  start_server (f, 3, 5, 0.5, TRUE);
  bob = bot_connect (f, "alice");
  bot_join (bob);
  WAIT_FOR (bob->joined);

  /* Names are compared without case. */
  open_window (f, "Alice");
  connect_page = window_page (f, "connect_page");
  name_entry = template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "name_entry");

  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_DISCONNECTED &&
            gtk_revealer_get_reveal_child (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                           "error_revealer")));
  g_assert_true (page_is (f, "connect"));
  g_assert_cmpstr (label_text (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "error_label"), ==,
                   "That name is already taken in this game. Choose another one.");
  g_assert_true (gtk_widget_has_css_class (name_entry, "error"));
  /* An entry's focus is on the text inside it. */
  WAIT_FOR (focus_within (f, name_entry));
}

static void
test_server_stopped (Fixture       *f,
                     gconstpointer  data)
{
#ifdef G_OS_UNIX
  GtkWidget *connect_page;

  if (skip_without_display ())
    return;

  start_server (f, 3, 5, 0.5, TRUE);
  open_window (f, "Alice");
  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_LOBBY);

  /* The teacher stops the server: it says so before closing. */
  pupitre_test_server_send_signal (f->server, SIGTERM);
  connect_page = window_page (f, "connect_page");
  WAIT_FOR (page_is (f, "connect") &&
            gtk_revealer_get_reveal_child (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                           "error_revealer")));
  g_assert_cmpstr (label_text (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "error_label"), ==,
                   "The server was stopped.");
#else
  g_test_skip ("Stopping the server needs a Unix signal");
#endif
}

static void
answer_with_actions (Fixture *f,
                     guint    choice)
{
  GtkWidget *question_page = window_page (f, "question_page");

  g_assert_true (gtk_widget_activate_action (question_page, "question.choose", "u", choice));
  g_assert_true (gtk_widget_activate_action (question_page, "question.send", NULL));
}

/* The question the window asks before leaving a running game. */
static GtkWindow *
leave_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (window) &&
          gtk_window_get_transient_for (window) == GTK_WINDOW (f->window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static void
test_play_again_and_leave (Fixture       *f,
                           gconstpointer  data)
{
  PupitreSession *first;

  if (skip_without_display ())
    return;

  /* One player is enough for a game; the server stays for the next one. */
  start_server (f, 1, 5, 0.2, FALSE);
  open_window (f, "Alice");
  first = pupitre_window_get_session (f->window);

  WAIT_FOR (choices_shown (f, "Which operating system is free software?"));
  answer_with_actions (f, 2);
  WAIT_FOR (choices_shown (f, "How many bits are there in a byte?"));
  answer_with_actions (f, 3);
  WAIT_FOR (page_is (f, "over") && window_state (f) == PUPITRE_SESSION_STATE_OVER);

  /* Play again while connected: the seat stays for the server's next
   * game, which starts after --over-pause with this one player. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "play-again"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "play-again", NULL);
  g_assert_true (page_is (f, "lobby"));
  g_assert_cmpstr (label_text (window_page (f, "lobby_page"), PUPITRE_TYPE_LOBBY_PAGE,
                               "status_label"),
                   ==, "Waiting for the next game");
  WAIT_FOR (choices_shown (f, "Which operating system is free software?"));
  g_assert_true (pupitre_window_get_session (f->window) == first);

  /* Leave: back to the form, nothing connected, and the session says
   * goodbye to the server before it goes. */
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "leave", NULL);
  /* A game is under way: the window asks first (tests/ui/test-flow.c). */
  {
    GtkWindow *dialog = NULL;

    WAIT_FOR ((dialog = leave_dialog (f)) != NULL);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  }
  g_assert_true (page_is (f, "connect"));
  g_assert_null (pupitre_window_get_session (f->window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "leave"));
  WAIT_FOR (first == NULL);
}

static guint
count_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (window))
        n++;
    }

  return n;
}

static void
test_menu_windows (Fixture       *f,
                   gconstpointer  data)
{
  guint before;

  if (skip_without_display ())
    return;

  f->port = refusing_port (f);
  open_window (f, NULL);
  g_assert_true (page_is (f, "connect"));
  before = count_toplevels ();

  /* Both load from resources or code at the time: any warning fails. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "show-help-overlay", NULL);
  WAIT_FOR (count_toplevels () == before + 1);
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "about", NULL);
  WAIT_FOR (count_toplevels () == before + 2);
}

/* A loopback relay between the window and the server, that the test can
 * cut, as a Wi-Fi drop would, without the server going away. */
typedef struct
{
  GSocketService *service;
  guint           port;
  guint           server_port;
  gboolean        refuse;
  GPtrArray      *links;        /* GIOStream: both ends of every relayed link */
  guint           accepted;
} Relay;

static gboolean
relay_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   Relay             *relay)
{
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GError) error = NULL;

  relay->accepted++;
  if (relay->refuse)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  client = g_socket_client_new ();
  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", relay->server_port,
                                              NULL, &error);
  g_assert_no_error (error);

  g_ptr_array_add (relay->links, g_object_ref (connection));
  g_ptr_array_add (relay->links, g_object_ref (upstream));
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, NULL, NULL);

  return TRUE;
}

static void
relay_cut (Relay *relay)
{
  for (guint i = 0; i < relay->links->len; i++)
    g_io_stream_close (relay->links->pdata[i], NULL, NULL);
  g_ptr_array_set_size (relay->links, 0);
}

static void
test_dropped_link (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkRevealer *banner;
  GtkLabel *banner_label;
  PupitreSession *session;
  Relay relay = { 0 };
  guint accepted;

  if (skip_without_display ())
    return;

  start_server (f, 3, 5, 0.5, TRUE);
  /* Wait until the server listens, through a player of its own. */
  bot_connect (f, "Bob");

  relay.links = g_ptr_array_new_with_free_func (g_object_unref);
  relay.server_port = f->port;
  relay.service = g_socket_service_new ();
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) effective = NULL;

    /* Port 0: the kernel picks one, and it is ours from then on. */
    g_socket_listener_add_address (G_SOCKET_LISTENER (relay.service), address,
                                   G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                   NULL, &effective, &error);
    g_assert_no_error (error);
    relay.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  }
  g_signal_connect (relay.service, "incoming", G_CALLBACK (relay_incoming_cb), &relay);

  /* The window plays through the relay. */
  f->port = relay.port;
  open_window (f, "Alice");
  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_LOBBY && page_is (f, "lobby"));
  session = pupitre_window_get_session (f->window);
  banner = template_child (f->window, PUPITRE_TYPE_WINDOW, "banner_revealer");
  banner_label = template_child (f->window, PUPITRE_TYPE_WINDOW, "banner_label");
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  /* The link drops and the relay turns the first attempts away: the page
   * stays, under a banner that says what happens. */
  relay.refuse = TRUE;
  accepted = relay.accepted;
  relay_cut (&relay);
  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_RECONNECTING);
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_cmpstr (gtk_label_get_text (banner_label), ==, "Connection lost, reconnecting…");
  g_assert_true (page_is (f, "lobby"));
  WAIT_FOR (relay.accepted > accepted);

  /* The network is back: the seat is resumed, the banner goes. */
  relay.refuse = FALSE;
  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_LOBBY);
  g_assert_true (pupitre_window_get_session (f->window) == session);
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_true (page_is (f, "lobby"));

  g_socket_service_stop (relay.service);
  g_socket_listener_close (G_SOCKET_LISTENER (relay.service));
  g_clear_object (&relay.service);
  relay_cut (&relay);
  g_ptr_array_unref (relay.links);
}

static void save_screenshot (Fixture    *f,
                             const char *name);

static void
test_secure_server (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *connect_page;
  GtkRevealer *trust_revealer;
  GtkWidget *trust_button;
  g_autoptr(PupitreKnownServers) known = NULL;
  g_autofree char *key = NULL;
  g_autofree char *remembered = NULL;

  if (skip_without_display ())
    return;

  f->certificate = test_certificate_new ();
  if (f->certificate == NULL)
    return;
  test_forget_trusted_certificates ();

  start_server (f, 3, 5, 0.5, TRUE);

  /* The player turns "Secure connection" on and connects. */
  open_window (f, NULL);
  connect_page = window_page (f, "connect_page");
  pupitre_connect_page_fill (PUPITRE_CONNECT_PAGE (connect_page), "127.0.0.1", f->port, "Alice");
  pupitre_connect_page_set_secure (PUPITRE_CONNECT_PAGE (connect_page), TRUE);
  pupitre_window_submit (f->window);

  /* A self-signed certificate never seen: the page shows its fingerprint
   * to compare with the teacher's, and waits. */
  trust_revealer = template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "trust_revealer");
  WAIT_FOR (gtk_revealer_get_reveal_child (trust_revealer) &&
            window_state (f) == PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_true (page_is (f, "connect"));
  g_assert_cmpstr (label_text (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "trust_title"), ==,
                   "Check the server’s identity");
  g_assert_cmpstr (label_text (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "fingerprint_label"), ==,
                   f->certificate->fingerprint);
  trust_button = template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "trust_button");
  WAIT_FOR (focus_within (f, trust_button) && gtk_revealer_get_child_revealed (trust_revealer));
  if (g_getenv ("PUPITRE_SCREENSHOT_DIR") != NULL)
    save_screenshot (f, "trust.png");

  /* Trusted: the game goes on, and the choice is remembered. */
  /* As Enter on the focused button: GtkButton clicks after a short flash. */
  g_assert_true (gtk_widget_activate (trust_button));
  WAIT_FOR (!gtk_revealer_get_reveal_child (trust_revealer));
  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_LOBBY && page_is (f, "lobby"));
  g_assert_true (pupitre_session_get_secure (pupitre_window_get_session (f->window)));

  known = pupitre_known_servers_new (NULL);
  key = pupitre_known_servers_format_key ("127.0.0.1", f->port);
  remembered = pupitre_known_servers_lookup (known, key, NULL);
  g_assert_cmpstr (remembered, ==, f->certificate->fingerprint);
}

/* Screenshots for docs/screenshots */

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
save_screenshot (Fixture    *f,
                 const char *name)
{
  const char *dir = g_getenv ("PUPITRE_SCREENSHOT_DIR");
  GtkWidget *widget = GTK_WIDGET (f->window);
  GtkStack *stack = template_child (f->window, PUPITRE_TYPE_WINDOW, "stack");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  guint frames = 0;
  guint tick_id;
  int width;
  int height;

  /* Let transitions end and a few frames settle (spinners, revealers). */
  WAIT_FOR (!gtk_stack_get_transition_running (stack));
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

  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d×%d)", path, width, height);
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  PupitreSession *session;
  GtkWidget *connect_page;
  GtkWidget *question_page;
  Bot *bob;
  Bot *carol;

  if (skip_without_display ())
    return;
  if (g_getenv ("PUPITRE_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Set PUPITRE_SCREENSHOT_DIR to take the screenshots");
      return;
    }

  /* Long enough to look at each screen. */
  f->countdown = 2;
  start_server (f, 3, 20, 3, TRUE);
  bob = bot_connect (f, "Bob");
  carol = bot_connect (f, "Carol");
  bob->answers[1] = 2;
  bob->answers[2] = 1;
  carol->answers[1] = 1;
  carol->answers[2] = 3;

  /* The connect page, filled in as a student would. */
  f->window = pupitre_application_open_window (f->app, NULL, 0, NULL, NULL);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 720, 560);
  connect_page = window_page (f, "connect_page");
  pupitre_connect_page_fill (PUPITRE_CONNECT_PAGE (connect_page), "127.0.0.1", f->port, "Alice");
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  save_screenshot (f, "connect.png");

  /* The lobby with two of three players and a few words of chat. */
  bot_join (bob);
  WAIT_FOR (bob->joined);
  pupitre_window_submit (f->window);
  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_LOBBY);
  session = pupitre_window_get_session (f->window);
  bot_send (bob, "{\"type\":\"chat\",\"text\":\"Hello everyone! Ready for the quiz?\"}");
  WAIT_FOR (g_list_model_get_n_items (pupitre_session_get_chat (session)) == 1);
  g_assert_true (pupitre_session_send_chat (session, "Hi Bob! We are waiting for Carol."));
  WAIT_FOR (g_list_model_get_n_items (pupitre_session_get_chat (session)) == 2 &&
            pupitre_session_get_connected_count (session) == 2);
  save_screenshot (f, "lobby.png");

  /* The question, with an answer picked and sent after Bob's. */
  bot_join (carol);
  WAIT_FOR (pupitre_session_get_state (session) == PUPITRE_SESSION_STATE_QUESTION);
  question_page = window_page (f, "question_page");
  WAIT_FOR (bob->acked_round == 1 && carol->acked_round == 1);
  gtk_widget_activate_action (question_page, "question.choose", "u", 2);
  save_screenshot (f, "question.png");
  gtk_widget_activate_action (question_page, "question.send", NULL);

  WAIT_FOR (page_is (f, "results"));
  save_screenshot (f, "results.png");

  WAIT_FOR (pupitre_session_get_state (session) == PUPITRE_SESSION_STATE_COUNTDOWN);
  save_screenshot (f, "countdown.png");
  WAIT_FOR (pupitre_session_get_state (session) == PUPITRE_SESSION_STATE_QUESTION);
  gtk_widget_activate_action (question_page, "question.choose", "u", 3);
  gtk_widget_activate_action (question_page, "question.send", NULL);

  WAIT_FOR (page_is (f, "over"));
  save_screenshot (f, "over.png");
}

/* The connect page's game code reaches the server as join.game, and an
 * unknown one is named back, with the focus on the code to correct. */
static void
test_unknown_game_code (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *connect_page;
  GtkWidget *game_entry;

  if (skip_without_display ())
    return;

  start_server (f, 3, 5, 0.5, TRUE);
  open_window (f, NULL);
  connect_page = window_page (f, "connect_page");
  game_entry = template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "game_entry");
  gtk_editable_set_text (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "name_entry"),
                         "Alice");
  gtk_editable_set_text (GTK_EDITABLE (game_entry), " ABC234 ");
  /* The earlier TLS test left "secure" remembered in this process. */
  pupitre_window_set_secure (f->window, FALSE);
  pupitre_window_submit (f->window);

  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_DISCONNECTED &&
            gtk_revealer_get_reveal_child (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                           "error_revealer")));
  g_assert_true (page_is (f, "connect"));
  g_assert_cmpstr (label_text (connect_page, PUPITRE_TYPE_CONNECT_PAGE, "error_label"), ==,
                   "No game with the code ABC234 on this server. Check it with your teacher.");
  WAIT_FOR (focus_within (f, game_entry));

  /* Correcting the code takes the stale error away. */
  gtk_editable_set_text (GTK_EDITABLE (game_entry), "");
  g_assert_false (gtk_revealer_get_reveal_child (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                                 "error_revealer")));

  /* Empty: the server's standing game, which takes Alice. */
  pupitre_window_submit (f->window);
  WAIT_FOR (window_state (f) == PUPITRE_SESSION_STATE_LOBBY);
  g_assert_cmpstr (pupitre_session_get_game (pupitre_window_get_session (f->window)), ==, "main");
}

/* Nothing remembered and no school default: the server field is empty, not
 * "localhost"; the buttons for hosting and writing follow their actions. */
static void
test_connect_page_defaults (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *connect_page;

  if (skip_without_display ())
    return;

  /* The earlier tests remembered their server in this process's settings. */
  {
    g_autoptr(GSettingsSchema) schema =
      g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                       "org.pupitre.Pupitre", TRUE);

    if (schema != NULL)
      {
        g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);

        g_settings_reset (settings, "host");
      }
  }

  f->window = pupitre_window_new (GTK_APPLICATION (f->app));
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  connect_page = window_page (f, "connect_page");

  g_assert_cmpstr (gtk_editable_get_text (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                          "host_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                          "game_entry")), ==, "");
  WAIT_FOR (gtk_widget_get_sensitive (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                      "host_game_button")) ==
            (g_action_map_lookup_action (G_ACTION_MAP (f->app), "host-game") != NULL));
  WAIT_FOR (gtk_widget_get_sensitive (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                      "edit_quiz_button")) ==
            (g_action_map_lookup_action (G_ACTION_MAP (f->app), "edit-quiz") != NULL));
}

/* A pupitre:// link opens a window on that server and game. */
static void
test_open_game_link (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) link = g_file_new_for_uri ("pupitre://192.0.2.7:50100/K7RT4Q");
  GFile *files[] = { link };
  GList *windows;
  GtkWidget *connect_page;

  if (skip_without_display ())
    return;

  g_assert_true (g_application_get_flags (G_APPLICATION (f->app)) & G_APPLICATION_HANDLES_OPEN);
  g_application_open (G_APPLICATION (f->app), files, 1, "");

  windows = gtk_application_get_windows (GTK_APPLICATION (f->app));
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  f->window = PUPITRE_WINDOW (windows->data);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));

  connect_page = window_page (f, "connect_page");
  g_assert_cmpstr (pupitre_connect_page_get_host (PUPITRE_CONNECT_PAGE (connect_page)), ==, "192.0.2.7");
  g_assert_cmpuint (pupitre_connect_page_get_port (PUPITRE_CONNECT_PAGE (connect_page)), ==, 50100);
  g_assert_cmpstr (gtk_editable_get_text (template_child (connect_page, PUPITRE_TYPE_CONNECT_PAGE,
                                                          "game_entry")), ==, "K7RT4Q");
  /* Nobody connects before the student has checked the name. */
  g_assert_true (page_is (f, "connect"));
  g_assert_null (pupitre_window_get_session (f->window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  int status;

  /* The certificates trusted here are not the user's. */
  config = test_private_config_new ();
  g_test_init (&argc, &argv, NULL);

  /* No session bus under xvfb-run: the application must not look for one. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  have_display = gtk_init_check ();

  g_test_add ("/ui/window/full-game-from-the-keyboard", Fixture, NULL,
              fixture_set_up, test_full_game, fixture_tear_down);
  g_test_add ("/ui/window/server-unreachable-is-explained", Fixture, NULL,
              fixture_set_up, test_server_unreachable, fixture_tear_down);
  g_test_add ("/ui/window/name-taken-marks-the-name", Fixture, NULL,
              fixture_set_up, test_name_taken, fixture_tear_down);
  g_test_add ("/ui/window/server-stopped-is-explained", Fixture, NULL,
              fixture_set_up, test_server_stopped, fixture_tear_down);
  g_test_add ("/ui/window/play-again-and-leave", Fixture, NULL,
              fixture_set_up, test_play_again_and_leave, fixture_tear_down);
  g_test_add ("/ui/window/dropped-link-shows-a-banner-and-resumes", Fixture, NULL,
              fixture_set_up, test_dropped_link, fixture_tear_down);
  g_test_add ("/ui/window/secure-server-asks-to-check-its-fingerprint", Fixture, NULL,
              fixture_set_up, test_secure_server, fixture_tear_down);
  g_test_add ("/ui/window/menu-opens-shortcuts-and-about", Fixture, NULL,
              fixture_set_up, test_menu_windows, fixture_tear_down);
  g_test_add ("/ui/window/connect/unknown-game-code-is-named", Fixture, NULL,
              fixture_set_up, test_unknown_game_code, fixture_tear_down);
  g_test_add ("/ui/window/connect/no-localhost-by-default", Fixture, NULL,
              fixture_set_up, test_connect_page_defaults, fixture_tear_down);
  g_test_add ("/ui/window/connect/game-link-opens-the-game", Fixture, NULL,
              fixture_set_up, test_open_game_link, fixture_tear_down);
  g_test_add ("/ui/window/screenshots", Fixture, NULL,
              fixture_set_up, test_screenshots, fixture_tear_down);

  status = g_test_run ();
  test_private_config_remove (config);

  return status;
}
