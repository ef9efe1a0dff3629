/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The student's pages at a small laptop's 800×600 and a wide 1920×1080,
 * in the real window against the real server: what stays in view, what
 * reads whole, where the focus goes. With PUPITRE_SCREENSHOT_DIR set, a
 * picture of each screen, named after its size and language. */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "pupitre-application.h"
#include "pupitre-lobby-page.h"
#include "pupitre-over-page.h"
#include "pupitre-player-row.h"
#include "pupitre-question-page.h"
#include "pupitre-results-page.h"
#include "pupitre-score-columns.h"
#include "pupitre-score-row.h"
#include "pupitre-session.h"
#include "pupitre-window.h"
#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"

#define STEP_TIMEOUT_US (pupitre_test_scale_us (20 * G_USEC_PER_SEC))

typedef struct
{
  int width;
  int height;
} Size;

static const Size small_size = { 800, 600 };
static const Size wide_size = { 1920, 1080 };

/* A scripted player: a raw connection that joins and answers every
 * question with one choice (-1: never). */
typedef struct
{
  char              *name;
  GSocketConnection *connection;
  GDataInputStream  *input;
  GCancellable      *cancellable;
  int                choice;
  gboolean           welcomed;
  gboolean           joined;
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
  const Size         *size;
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

static GtkWidget *
window_page (Fixture    *f,
             const char *name)
{
  return template_child (f->window, PUPITRE_TYPE_WINDOW, name);
}

static gboolean
page_is (Fixture    *f,
         const char *name)
{
  return g_strcmp0 (pupitre_window_get_page_name (f->window), name) == 0;
}

static PupitreSessionState
window_state (Fixture *f)
{
  PupitreSession *session = pupitre_window_get_session (f->window);

  return session != NULL ? pupitre_session_get_state (session) : PUPITRE_SESSION_STATE_DISCONNECTED;
}

/* The server */

static void
start_server (Fixture    *f,
              guint       players,
              const char *quiz,
              const char *pause)
{
  g_autofree char *players_arg = g_strdup_printf ("%u", players);
  g_autofree char *quiz_path = g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"),
                                                 "tests", "ui", quiz, NULL);
  const char *argv[] = {
    g_getenv ("PUPITRE_SERVER"),
    "--players", players_arg,
    "--countdown", "0",
    "--time-limit", "120",
    "--pause", pause,
    "--over-pause", "60",
    "--quiz", quiz_path,
    "--once",
    NULL,
  };

  g_assert_nonnull (argv[0]);
  f->server = pupitre_test_server_start (NULL, argv);
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
bot_line_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bot *bot = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (line == NULL)
    return;

  /* The messages are the server's own: a look at their type suffices. */
  if (strstr (line, "\"type\":\"welcome\"") != NULL)
    bot->welcomed = TRUE;
  else if (strstr (line, "\"type\":\"joined\"") != NULL)
    bot->joined = TRUE;
  else if (strstr (line, "\"type\":\"question\"") != NULL && bot->choice >= 0)
    {
      const char *round = strstr (line, "\"round\":");
      g_autofree char *answer = NULL;

      g_assert_nonnull (round);
      answer = g_strdup_printf ("{\"type\":\"answer\",\"round\":%d,\"choice\":%d}",
                                atoi (round + strlen ("\"round\":")), bot->choice);
      bot_send (bot, answer);
    }

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

static Bot *
bot_join (Fixture    *f,
          const char *name,
          int         choice)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *join = NULL;
  g_autofree char *escaped = NULL;
  Bot *bot = g_new0 (Bot, 1);

  bot->name = g_strdup (name);
  bot->choice = choice;
  bot->cancellable = g_cancellable_new ();
  bot->connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  bot->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (bot->connection)));
  g_data_input_stream_set_newline_type (bot->input, G_DATA_STREAM_NEWLINE_TYPE_LF);
  bot_read_next (bot);
  g_ptr_array_add (f->bots, bot);

  WAIT_FOR (bot->welcomed);
  escaped = g_strescape (name, NULL);
  join = g_strdup_printf ("{\"type\":\"join\",\"name\":\"%s\"}", escaped);
  bot_send (bot, join);
  WAIT_FOR (bot->joined);

  return bot;
}

/* The window */

/* The window's surface has the test's size (its widget may be a few
 * pixels smaller, the rest being the frame's). */
static gboolean
window_fits (Fixture *f)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));

  return surface != NULL &&
         gdk_surface_get_width (surface) == f->size->width &&
         gdk_surface_get_height (surface) == f->size->height;
}

static void
open_window (Fixture    *f,
             const char *name)
{
  f->window = pupitre_application_open_window (f->app, "127.0.0.1", f->port, name, NULL);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  /* A window's default size counts when it is shown: it is shown again
   * at the size of the test. */
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), f->size->width, f->size->height);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)) && window_fits (f));
  g_test_message ("window %d×%d", gtk_widget_get_width (GTK_WIDGET (f->window)),
                  gtk_widget_get_height (GTK_WIDGET (f->window)));
}

/* Where @widget sits in the window, which must show all of it. */
static void
assert_in_view (Fixture    *f,
                GtkWidget  *widget,
                const char *what)
{
  graphene_rect_t bounds;

  /* Shown a moment ago, it may not have its place yet. */
  WAIT_FOR (gtk_widget_get_mapped (widget) && gtk_widget_get_height (widget) > 0);
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (f->window), &bounds));
  g_test_message ("%s at %.0f,%.0f %.0f×%.0f", what,
                  bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  g_assert_cmpfloat (bounds.size.height, >, 0);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (f->window)));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (f->window)));
}

static gboolean
label_is_ellipsized (GtkLabel *label)
{
  return pango_layout_is_ellipsized (gtk_label_get_layout (label));
}

/* A mapped label reading @text among @widget's descendants lies wholly
 * inside @box. */
static gboolean
label_shown_in (GtkWidget  *widget,
                GtkWidget  *box,
                const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          g_str_equal (gtk_label_get_text (GTK_LABEL (child)), text) &&
          gtk_widget_compute_bounds (child, box, &bounds) &&
          bounds.origin.y >= 0 &&
          bounds.origin.y + bounds.size.height <= gtk_widget_get_height (box))
        return TRUE;

      if (label_shown_in (child, box, text))
        return TRUE;
    }

  return FALSE;
}

static gboolean
focus_within (Fixture   *f,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
xdotool_exited_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* Types @key into the window as a person would, through the X server;
 * FALSE where that cannot be done. */
static gboolean
press_key (Fixture    *f,
           const char *key)
{
#ifdef GDK_WINDOWING_X11
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) xdotool = NULL;
  g_autofree char *program = g_find_program_in_path ("xdotool");
  g_autofree char *xid = NULL;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  gboolean done = FALSE;

  if (program == NULL || !GDK_IS_X11_SURFACE (surface))
    return FALSE;

  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  xdotool = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                              program, "windowfocus", "--sync", xid, "key", key, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (xdotool, NULL, xdotool_exited_cb, &done);
  WAIT_FOR (done);
  g_assert_true (g_subprocess_get_successful (xdotool));
  return TRUE;
#else
  return FALSE;
#endif
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/* Lets a few frames settle, then, with PUPITRE_SCREENSHOT_DIR set, saves
 * the window as NAME-800x600-en.png. */
static void
settle_and_picture (Fixture    *f,
                    const char *name)
{
  const char *dir = g_getenv ("PUPITRE_SCREENSHOT_DIR");
  const char *language = g_getenv ("LANGUAGE");
  GtkWidget *widget = GTK_WIDGET (f->window);
  GtkStack *stack = template_child (f->window, PUPITRE_TYPE_WINDOW, "stack");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  guint frames = 0;
  guint tick_id;

  WAIT_FOR (!gtk_stack_get_transition_running (stack));
  tick_id = gtk_widget_add_tick_callback (widget, tick_cb, &frames, NULL);
  WAIT_FOR (frames >= 10);
  gtk_widget_remove_tick_callback (widget, tick_id);

  if (dir == NULL)
    return;

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, f->size->width, f->size->height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, f->size->width, f->size->height));
  file = g_strdup_printf ("%s-%dx%d-%s.png", name, f->size->width, f->size->height,
                          language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

/* Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->size = data;
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
  if (!have_display)
    return;

  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
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

  g_clear_object (&f->app);
  g_clear_handle_id (&f->wake_id, g_source_remove);
}

/* The window cannot be larger than the screen: the wide sizes run on
 * a screen of their own (tests/ui/meson.build, ui-layout-wide). */
static gboolean
skip_without_room (Fixture *f)
{
  GListModel *monitors;
  g_autoptr(GdkMonitor) monitor = NULL;
  GdkRectangle geometry;

  if (!have_display)
    {
      g_test_skip ("No display: run the UI tests under xvfb-run");
      return TRUE;
    }

  monitors = gdk_display_get_monitors (gdk_display_get_default ());
  monitor = g_list_model_get_item (monitors, 0);
  if (monitor == NULL)
    {
      g_test_skip ("No monitor");
      return TRUE;
    }

  gdk_monitor_get_geometry (monitor, &geometry);
  if (geometry.width < f->size->width || geometry.height < f->size->height)
    {
      g_autofree char *reason = g_strdup_printf ("The screen (%d×%d) is smaller than %d×%d",
                                                 geometry.width, geometry.height,
                                                 f->size->width, f->size->height);
      g_test_skip (reason);
      return TRUE;
    }

  return FALSE;
}

/* Tests */

/* A 305-character question with nine choices (and "I don't know"): the
 * time, the question, the status and Send stay in the window, the choices
 * scroll in their own box, and the focus is on the question's summary.
 * On a wide screen the question keeps a readable line length. */
static void
test_question (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *page;
  GtkLabel *question;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  GtkWidget *box;
  GtkWidget *hebrew = NULL;
  guint n_choices = 0;

  if (skip_without_room (f))
    return;

  start_server (f, 2, "long-question.json", "60");
  bot_join (f, "Bob", -1);
  open_window (f, "Alice");
  page = window_page (f, "question_page");
  question = template_child (page, PUPITRE_TYPE_QUESTION_PAGE, "question_label");
  scroller = template_child (page, PUPITRE_TYPE_QUESTION_PAGE, "choices_scroller");
  box = template_child (page, PUPITRE_TYPE_QUESTION_PAGE, "choices_box");

  WAIT_FOR (page_is (f, "question") && strlen (gtk_label_get_text (question)) > 300);
  WAIT_FOR (focus_within (f, GTK_WIDGET (question)));
  settle_and_picture (f, "question-long");

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *label = gtk_check_button_get_label (GTK_CHECK_BUTTON (child));

      n_choices++;
      if (strstr (label, "שלום") != NULL)
        hebrew = child;
    }
  g_assert_cmpuint (n_choices, ==, 10);

  assert_in_view (f, template_child (page, PUPITRE_TYPE_QUESTION_PAGE, "time_label"), "time");
  assert_in_view (f, template_child (page, PUPITRE_TYPE_QUESTION_PAGE, "time_bar"), "time bar");
  assert_in_view (f, GTK_WIDGET (question), "question");
  assert_in_view (f, template_child (page, PUPITRE_TYPE_QUESTION_PAGE, "status_label"), "status");
  assert_in_view (f, template_child (page, PUPITRE_TYPE_QUESTION_PAGE, "send_button"), "Send");
  assert_in_view (f, GTK_WIDGET (scroller), "choices");

  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  if (f->size == &small_size)
    /* Ten choices do not fit under a long question at 600 px: they, and
     * only they, scroll. */
    g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  else
    /* 1,000 px at most, about 90 characters a line, centred. */
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (question)), <=, 1000);

  /* The right-to-left choice keeps its number in front: a left-to-right
   * mark, then the text isolated from the number. */
  g_assert_nonnull (hebrew);
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (hebrew)), ==,
                   "\u200e8) \u2068שלום\u2069");
}

/* The lobby: the focus in the chat entry, so that typing goes there; the
 * game's scoring rule in words; a long name whole on a wide screen, with
 * its tooltip where it is cut. */
static void
test_lobby (Fixture       *f,
            gconstpointer  data)
{
  const char *long_name = "Wolfgang-Amadeus-Mozart";
  GtkWidget *page;
  GtkWidget *entry;
  GtkWidget *players_view;
  GtkLabel *scoring;
  PupitrePlayerRow *row = NULL;

  if (skip_without_room (f))
    return;

  start_server (f, 3, "long-question.json", "60");
  bot_join (f, long_name, -1);
  open_window (f, "Alice");
  page = window_page (f, "lobby_page");
  entry = template_child (page, PUPITRE_TYPE_LOBBY_PAGE, "chat_entry");
  scoring = template_child (page, PUPITRE_TYPE_LOBBY_PAGE, "scoring_label");
  players_view = template_child (page, PUPITRE_TYPE_LOBBY_PAGE, "players_view");

  WAIT_FOR (page_is (f, "lobby") && window_state (f) == PUPITRE_SESSION_STATE_LOBBY);
  WAIT_FOR (focus_within (f, entry));
  /* The standing game scores by the classic rule. */
  g_assert_cmpstr (gtk_label_get_text (scoring), ==,
                   _("Fastest right answer scores most; a wrong answer costs 1 point."));
  assert_in_view (f, GTK_WIDGET (scoring), "scoring rule");
  assert_in_view (f, entry, "chat entry");
  /* No card runs to the bottom of a tall screen: the chat's is as high
   * as its content, within bounds. */
  g_assert_cmpint (gtk_widget_get_height (template_child (page, PUPITRE_TYPE_LOBBY_PAGE, "chat_stack")),
                   <=, 600);

  /* The row of the long name, among the grid's children. */
  WAIT_FOR (pupitre_session_get_connected_count (pupitre_window_get_session (f->window)) == 2);
  settle_and_picture (f, "lobby");
  for (GtkWidget *child = gtk_widget_get_first_child (players_view); child != NULL && row == NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *widget = gtk_widget_get_first_child (child);

      if (PUPITRE_IS_PLAYER_ROW (widget))
        {
          GtkLabel *name = template_child (widget, PUPITRE_TYPE_PLAYER_ROW, "name_label");

          if (g_str_equal (gtk_label_get_text (name), long_name))
            row = PUPITRE_PLAYER_ROW (widget);
        }
    }
  g_assert_nonnull (row);
  {
    GtkLabel *name = template_child (row, PUPITRE_TYPE_PLAYER_ROW, "name_label");

    g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (name)), ==, long_name);
    g_assert_false (label_is_ellipsized (name));
  }
}

/* Two players, both wrong twice: a tie at −2 on the top step, the other steps
 * hidden so that the podium stays centred, one minus sign everywhere. */
static void
test_podium (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *question_page;
  GtkWidget *place_1;
  GtkWidget *podium;
  graphene_rect_t podium_bounds;
  graphene_rect_t page_bounds;
  const char *standing;

  if (skip_without_room (f))
    return;

  start_server (f, 2, "long-question.json", "2");
  bot_join (f, "Bob", 1);
  open_window (f, "Alice");
  question_page = window_page (f, "question_page");
  page = window_page (f, "over_page");

  /* Two questions, both answered wrong by both: −2 each. */
  for (guint round = 1; round <= 2; round++)
    {
      PupitreSession *session = pupitre_window_get_session (f->window);

      WAIT_FOR (page_is (f, "question") && window_state (f) == PUPITRE_SESSION_STATE_QUESTION &&
                pupitre_round_get_number (pupitre_session_get_current_round (session)) == round);
      g_assert_true (gtk_widget_activate_action (question_page, "question.choose", "u", 2));
      g_assert_true (gtk_widget_activate_action (question_page, "question.send", NULL));
      if (round == 1)
        {
          WAIT_FOR (page_is (f, "results"));
          settle_and_picture (f, "results-tie");
        }
    }

  WAIT_FOR (page_is (f, "over"));
  place_1 = template_child (page, PUPITRE_TYPE_OVER_PAGE, "place_1");
  podium = template_child (page, PUPITRE_TYPE_OVER_PAGE, "podium_box");
  WAIT_FOR (gtk_widget_get_visible (place_1) &&
            g_str_equal (gtk_label_get_text (template_child (page, PUPITRE_TYPE_OVER_PAGE, "name_1")),
                         "Alice, Bob"));
  g_assert_false (gtk_widget_get_visible (template_child (page, PUPITRE_TYPE_OVER_PAGE, "place_2")));
  g_assert_false (gtk_widget_get_visible (template_child (page, PUPITRE_TYPE_OVER_PAGE, "place_3")));
  g_assert_cmpstr (gtk_label_get_text (template_child (page, PUPITRE_TYPE_OVER_PAGE, "score_1")), ==,
                   "\u22122 points");
  standing = gtk_label_get_text (template_child (page, PUPITRE_TYPE_OVER_PAGE, "standing_label"));
  g_assert_nonnull (strstr (standing, "\u22122"));
  g_assert_null (strchr (standing, '-'));
  settle_and_picture (f, "over-tie");

  /* Centred in the page, to the pixel. */
  g_assert_true (gtk_widget_compute_bounds (podium, page, &podium_bounds));
  g_assert_true (gtk_widget_compute_bounds (page, page, &page_bounds));
  g_assert_cmpfloat_with_epsilon (podium_bounds.origin.x + podium_bounds.size.width / 2,
                                  page_bounds.size.width / 2, 1.0);
}

/* Forty players: the results say "You are 23rd of 40" in words, and the
 * scores' table shows the player's own row, the last of the list. */
static void
test_forty_players (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *question_page;
  GtkLabel *self_rank;
  GtkColumnView *totals;
  GtkAdjustment *adjustment;
  g_autofree char *ordinal = NULL;
  g_autofree char *expected = NULL;

  if (skip_without_room (f))
    return;

  start_server (f, 40, "long-question.json", "60");
  /* 22 right answers, 17 "I don't know" like the player's: the player,
   * "Zoé", ties 23rd with them and comes last by name. */
  for (guint i = 0; i < 39; i++)
    {
      g_autofree char *name = g_strdup_printf ("Player %02u", i + 1);

      bot_join (f, name, i < 22 ? 5 : 0);
    }
  open_window (f, "Zoé");
  question_page = window_page (f, "question_page");
  page = window_page (f, "results_page");
  self_rank = template_child (page, PUPITRE_TYPE_RESULTS_PAGE, "self_rank_label");
  totals = template_child (page, PUPITRE_TYPE_RESULTS_PAGE, "totals_view");

  WAIT_FOR (page_is (f, "question") && window_state (f) == PUPITRE_SESSION_STATE_QUESTION);
  g_assert_true (gtk_widget_activate_action (question_page, "question.choose", "u", 0));
  g_assert_true (gtk_widget_activate_action (question_page, "question.send", NULL));

  WAIT_FOR (page_is (f, "results") &&
            g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (totals))) == 40);
  /* "You are 23rd of 40", or in the language of the test. */
  ordinal = pupitre_format_ordinal (23);
  expected = g_strdup_printf (ngettext ("You are %s of %u", "You are %s of %u", 40), ordinal, 40);
  if (g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "C", "C"))
    g_assert_cmpstr (expected, ==, "You are 23rd of 40");
  WAIT_FOR (g_str_equal (gtk_label_get_text (self_rank), expected));
  assert_in_view (f, GTK_WIDGET (self_rank), "own rank");

  /* The last row in view: the table was scrolled down to it. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (totals));
  WAIT_FOR (gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) &&
            gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
            gtk_adjustment_get_upper (adjustment) * 39.0 / 41.0);
  settle_and_picture (f, "results-forty");
  /* The row itself is drawn inside the table's box, not only the scroll
   * bar moved. */
  WAIT_FOR (label_shown_in (GTK_WIDGET (totals), gtk_widget_get_parent (GTK_WIDGET (totals)), "Zoé"));

  /* Each table is one stop of the Tab chain, not forty: from the outcome,
   * one Tab into this question's table, one into the scores, one out. */
  WAIT_FOR (focus_within (f, template_child (page, PUPITRE_TYPE_RESULTS_PAGE, "outcome_label")));
  if (!press_key (f, "Tab"))
    {
      g_test_message ("No xdotool: the Tab chain is not checked");
      return;
    }
  WAIT_FOR (focus_within (f, template_child (page, PUPITRE_TYPE_RESULTS_PAGE, "round_view")));
  press_key (f, "Tab");
  WAIT_FOR (focus_within (f, GTK_WIDGET (totals)));
  press_key (f, "Tab");
  WAIT_FOR (!focus_within (f, GTK_WIDGET (totals)) &&
            !focus_within (f, template_child (page, PUPITRE_TYPE_RESULTS_PAGE, "round_view")));
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (f->window)));
}

static void
add_at_sizes (const char *path,
              void      (*test) (Fixture *, gconstpointer))
{
  g_autofree char *small = g_strdup_printf ("/ui/layout/800x600/%s", path);
  g_autofree char *wide = g_strdup_printf ("/ui/layout/1920x1080/%s", path);

  /* PUPITRE_LAYOUT_SIZE=1920x1080 picks one size, for a screen of it. */
  const char *only = g_getenv ("PUPITRE_LAYOUT_SIZE");

  if (only == NULL || g_str_equal (only, "800x600"))
    g_test_add (small, Fixture, &small_size, fixture_set_up, test, fixture_tear_down);
  if (only == NULL || g_str_equal (only, "1920x1080"))
    g_test_add (wide, Fixture, &wide_size, fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  /* The pages in the language of the environment, from the build's
   * catalogue: the French screenshots come from LANGUAGE=fr. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PUPITRE_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  have_display = gtk_init_check ();

  add_at_sizes ("question/long-keeps-time-and-send-in-view", test_question);
  add_at_sizes ("lobby/focus-in-chat-names-whole-scoring-told", test_lobby);
  add_at_sizes ("over/tie-on-one-step-centred-one-minus-sign", test_podium);
  add_at_sizes ("results/forty-players-own-row-and-rank-in-words", test_forty_players);

  return g_test_run ();
}
