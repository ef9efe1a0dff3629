/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The teacher's host window against the real server, with scripted
 * players over TCP: a quiz file checked, a game created, players joining
 * by its code, one kicked, the game driven from the keyboard, paused,
 * projected, ended on the podium, and both results files saved. */

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "pupitre-application.h"
#include "pupitre-answer-chart.h"
#include "pupitre-host-setup.h"
#include "pupitre-host-stage.h"
#include "pupitre-host-window.h"
#include "pupitre-projection-window.h"
#include "pupitre-test-client.h"
#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"
#include "test-certificate.h"

#define STEP_TIMEOUT_US (pupitre_test_scale_us (20 * G_USEC_PER_SEC))

typedef struct
{
  PupitreTestServer  *server;
  guint               port;
  PupitreApplication *app;
  PupitreHostWindow  *window;
  char               *dir;
  guint               wake_id;
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

static char *
quiz_path (void)
{
  return g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"), "tests", "ui", "two-questions.json", NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *quiz = quiz_path ();
  const char *argv[] = {
    g_getenv ("PUPITRE_SERVER"), "--hosting", "open", "--quiz", quiz, NULL
  };
  g_autoptr(GError) error = NULL;

  if (!have_display)
    return;

  g_assert_nonnull (argv[0]);
  f->server = pupitre_test_server_start (NULL, argv);
  f->port = pupitre_test_server_get_port (f->server);
  f->dir = g_dir_make_tmp ("pupitre-host-XXXXXX", &error);
  g_assert_no_error (error);
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
  g_clear_object (&f->app);
  g_clear_handle_id (&f->wake_id, g_source_remove);
  g_clear_pointer (&f->server, pupitre_test_server_free);
  if (f->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (f->dir, name, NULL);

          g_remove (path);
        }
      g_rmdir (f->dir);
      g_free (f->dir);
    }
}

static void
open_window (Fixture *f)
{
  f->window = pupitre_host_window_new (GTK_APPLICATION (f->app));
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  pupitre_host_window_set_server (f->window, "127.0.0.1", f->port, FALSE);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

static PupitreHostSetup *
window_setup (Fixture *f)
{
  return template_child (f->window, PUPITRE_TYPE_HOST_WINDOW, "setup");
}

static PupitreHostStage *
window_stage (Fixture *f)
{
  return template_child (f->window, PUPITRE_TYPE_HOST_WINDOW, "stage");
}

static PupitreHostStage *
projection_stage (Fixture *f)
{
  GtkWindow *projection = pupitre_host_window_get_projection (f->window);

  g_assert_nonnull (projection);
  return PUPITRE_HOST_STAGE (pupitre_projection_window_get_stage (PUPITRE_PROJECTION_WINDOW (projection)));
}

static PupitreHostPhase
phase (Fixture *f)
{
  PupitreHostGame *game = pupitre_host_window_get_game (f->window);

  return game != NULL ? pupitre_host_game_get_phase (game) : PUPITRE_HOST_PHASE_CONNECTING;
}

static gboolean
stage_says (PupitreHostStage *stage,
            const char       *needle)
{
  g_autofree char *text = pupitre_host_stage_dup_text (stage);

  return strstr (text, needle) != NULL;
}

/* The screens' own wording, in the language the test runs in (the French
 * screenshots run it in French). */
static gboolean
stage_says_f (PupitreHostStage *stage,
              const char       *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
stage_says_f (PupitreHostStage *stage,
              const char       *format,
              ...)
{
  g_autofree char *needle = NULL;
  va_list args;

  va_start (args, format);
  needle = g_strdup_vprintf (format, args);
  va_end (args);
  /* An empty argument asks whether the sentence starts anywhere. */
  if (g_str_has_suffix (needle, " "))
    needle[strlen (needle) - 1] = '\0';
  return stage_says (stage, needle);
}

#define stage_says_n(stage, one, many, n, ...) \
  stage_says_f ((stage), ngettext ((one), (many), (n)), __VA_ARGS__)

#ifdef GDK_WINDOWING_X11
static void
xdotool_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}
#endif

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

/* The teacher's one key, typed through the X server when it can be, so
 * that the window's own key handling is what moves the game. */
static void
press_key (Fixture    *f,
           const char *key)
{
#ifdef GDK_WINDOWING_X11
  if (keyboard_available ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) xdotool = NULL;
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
      g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
      gboolean done = FALSE;

      xdotool = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "xdotool", "windowfocus", "--sync",
                                  xid, "key", key, NULL);
      g_assert_no_error (error);
      g_subprocess_wait_async (xdotool, NULL, xdotool_done_cb, &done);
      WAIT_FOR (done);
      g_assert_true (g_subprocess_get_successful (xdotool));
      return;
    }
#endif
  gtk_widget_activate_action (GTK_WIDGET (f->window), "host.advance", NULL);
}

/* Waits until the phase is @expected, pressing the key once first. */
static void
advance_to (Fixture          *f,
            PupitreHostPhase  expected)
{
  press_key (f, "Return");
  WAIT_FOR (phase (f) == expected);
}

static PupitreTestClient *
join (Fixture    *f,
      const char *name,
      const char *code)
{
  PupitreTestClient *client = pupitre_test_client_connect ("127.0.0.1", f->port);
  g_autoptr(JsonObject) joined = NULL;

  pupitre_test_client_sendf (client, "{\"type\":\"join\",\"name\":\"%s\",\"game\":\"%s\"}", name, code);
  joined = pupitre_test_client_expect (client, "joined", STEP_TIMEOUT_US);
  g_assert_nonnull (joined);
  return client;
}

static GtkWidget *
find_button_with_tooltip (GtkWidget  *widget,
                          const char *needle)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_BUTTON (widget) && tooltip != NULL && strstr (tooltip, needle) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_tooltip (child, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

/* With PUPITRE_SCREENSHOT_DIR set, a picture of @widget's window for
 * docs/screenshots: host-NAME-LANG.png. */
static void
snap (GtkWidget  *widget,
      const char *name)
{
  const char *dir = g_getenv ("PUPITRE_SCREENSHOT_DIR");
  const char *language = g_getenv ("LANGUAGE");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  guint frames = 0;
  guint tick_id;
  int width;
  int height;

  if (dir == NULL)
    return;

  /* A few frames for the stack's crossfade to end. */
  tick_id = gtk_widget_add_tick_callback (widget, tick_cb, &frames, NULL);
  WAIT_FOR (frames >= 30);
  gtk_widget_remove_tick_callback (widget, tick_id);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("host-%s-%s.png", name,
                          language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d×%d)", path, width, height);
}

static void
snap_both (Fixture    *f,
           const char *name)
{
  g_autofree char *projected = g_strconcat (name, "-projector", NULL);

  snap (GTK_WIDGET (f->window), name);
  snap (GTK_WIDGET (pupitre_host_window_get_projection (f->window)), projected);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
test_bad_quiz_is_named (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GtkLabel *status;
  GtkWidget *create;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  path = g_build_filename (f->dir, "broken.json", NULL);
  g_assert_true (g_file_set_contents (path,
                                      "{\"title\":\"T\",\"questions\":[\n"
                                      "{\"text\":\"Q\",\"choices\":[\"a\",\"b\"],\"answer\":3}\n"
                                      "]}\n", -1, NULL));
  file = g_file_new_for_path (path);
  open_window (f);

  g_assert_false (pupitre_host_window_set_quiz (f->window, file, &error));
  g_assert_nonnull (error);
  status = template_child (window_setup (f), PUPITRE_TYPE_HOST_SETUP, "quiz_status");
  create = template_child (window_setup (f), PUPITRE_TYPE_HOST_SETUP, "create_button");
  /* The server's own wording: the file, the line, the question. */
  g_assert_nonnull (strstr (gtk_label_get_label (status), "broken.json:2"));
  g_assert_nonnull (strstr (gtk_label_get_label (status), "question 1"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_false (gtk_widget_get_sensitive (create));
}

static void
test_whole_game (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *quiz = quiz_path ();
  g_autoptr(GFile) quiz_file = g_file_new_for_path (quiz);
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreTestClient) alice = NULL;
  g_autoptr(PupitreTestClient) bob = NULL;
  g_autoptr(PupitreTestClient) mallory = NULL;
  g_autoptr(JsonObject) kicked = NULL;
  g_autofree char *code = NULL;
  g_autofree char *results_path = NULL;
  g_autofree char *long_table = NULL;
  g_autofree char *wide_table = NULL;
  g_autofree char *wide_path = NULL;
  PupitreHostGame *game;
  GtkWidget *create;
  GtkWidget *kick;
  PupitreAnswerChart *chart;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  open_window (f);
  g_assert_true (pupitre_host_window_set_quiz (f->window, quiz_file, &error));
  g_assert_no_error (error);
  create = template_child (window_setup (f), PUPITRE_TYPE_HOST_SETUP, "create_button");
  g_assert_true (gtk_widget_get_sensitive (create));
  snap (GTK_WIDGET (f->window), "setup");
  g_signal_emit_by_name (create, "clicked");

  /* The code, big, with where to type it. */
  WAIT_FOR (phase (f) == PUPITRE_HOST_PHASE_LOBBY);
  game = pupitre_host_window_get_game (f->window);
  code = g_strdup (pupitre_host_game_get_code (game));
  g_assert_cmpuint (strlen (code), ==, 6);
  g_assert_cmpstr (pupitre_host_stage_get_page (window_stage (f)), ==, "lobby");
  g_assert_true (stage_says (window_stage (f), code));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "host.project", NULL);
  WAIT_FOR (pupitre_host_window_get_projection (f->window) != NULL &&
            gtk_widget_get_mapped (GTK_WIDGET (pupitre_host_window_get_projection (f->window))));
  g_assert_true (pupitre_host_stage_get_projection (projection_stage (f)));
  g_assert_true (stage_says (projection_stage (f), code));
  /* Keys go to the control window from here on. */
  gtk_window_present (GTK_WINDOW (f->window));

  alice = join (f, "Alice", code);
  bob = join (f, "Bob", code);
  mallory = join (f, "Mallory", code);
  WAIT_FOR (pupitre_host_game_get_n_seats (game) == 3 && stage_says (window_stage (f), "Mallory"));
  g_assert_true (stage_says_n (projection_stage (f), "%u player has joined", "%u players have joined", 3, 3));
  /* Nobody can be kicked from the projector. */
  g_assert_null (find_button_with_tooltip (GTK_WIDGET (projection_stage (f)), "Mallory"));

  {
    g_autofree char *remove = g_strdup_printf (_("Remove %s from the game"), "Mallory");

    kick = find_button_with_tooltip (GTK_WIDGET (window_stage (f)), remove);
  }
  g_assert_nonnull (kick);
  g_signal_emit_by_name (kick, "clicked");
  kicked = pupitre_test_client_expect (mallory, "error", STEP_TIMEOUT_US);
  g_assert_cmpstr (json_object_get_string_member (kicked, "code"), ==, "kicked");
  WAIT_FOR (pupitre_host_game_get_n_seats (game) == 2 && !stage_says (window_stage (f), "Mallory"));
  snap_both (f, "lobby");

  /* Start, then the question at once rather than after the countdown. */
  advance_to (f, PUPITRE_HOST_PHASE_COUNTDOWN);
  advance_to (f, PUPITRE_HOST_PHASE_QUESTION);
  WAIT_FOR (pupitre_host_game_get_in_round (game) == 2);
  WAIT_FOR (stage_says_f (window_stage (f), _("Still thinking: %s"), "Alice, Bob") ||
            stage_says_f (window_stage (f), _("Still thinking: %s"), "Bob, Alice"));
  g_assert_true (stage_says_n (window_stage (f), "%u of %u has answered", "%u of %u have answered", 2, 0, 2));
  g_assert_true (stage_says_n (projection_stage (f), "%u of %u has answered", "%u of %u have answered", 2, 0, 2));
  g_assert_false (stage_says_f (projection_stage (f), _("Still thinking: %s"), ""));

  /* The right answer, for the teacher's eyes only. */
  g_assert_false (stage_says (window_stage (f), "✔"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "host.show-answer", NULL);
  g_assert_true (stage_says (window_stage (f), "Linux\u2069  ✔"));
  g_assert_false (stage_says (projection_stage (f), "✔"));
  snap_both (f, "question");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "host.pause", NULL);
  WAIT_FOR (pupitre_host_game_get_paused (game) && stage_says (projection_stage (f), _("Paused")));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "host.pause", NULL);
  WAIT_FOR (!pupitre_host_game_get_paused (game));

  pupitre_test_client_send (alice, "{\"type\":\"answer\",\"round\":1,\"choice\":2}");
  WAIT_FOR (pupitre_host_game_get_answered (game) == 1 &&
            stage_says_f (window_stage (f), _("Still thinking: %s"), "Bob"));
  g_assert_false (stage_says (projection_stage (f), "✔"));
  pupitre_test_client_send (bob, "{\"type\":\"answer\",\"round\":1,\"choice\":1}");

  /* Everyone answered: the round closes by itself, on the chart. */
  WAIT_FOR (phase (f) == PUPITRE_HOST_PHASE_RESULTS && pupitre_host_game_get_report (game) != NULL);
  chart = PUPITRE_ANSWER_CHART (template_child (projection_stage (f), PUPITRE_TYPE_HOST_STAGE, "chart"));
  WAIT_FOR (pupitre_answer_chart_get_count (chart, 2) == 1);
  g_assert_cmpuint (pupitre_answer_chart_get_count (chart, 1), ==, 1);
  g_assert_cmpuint (pupitre_answer_chart_get_count (chart, 3), ==, 0);
  g_assert_true (stage_says (projection_stage (f), "✔"));
  g_assert_true (stage_says (projection_stage (f), "Linux is under the GNU General Public License."));
  snap_both (f, "results");

  advance_to (f, PUPITRE_HOST_PHASE_LEADERBOARD);
  g_assert_true (stage_says (projection_stage (f), "Alice"));
  snap (GTK_WIDGET (pupitre_host_window_get_projection (f->window)), "leaderboard-projector");
  advance_to (f, PUPITRE_HOST_PHASE_COUNTDOWN);
  advance_to (f, PUPITRE_HOST_PHASE_QUESTION);
  WAIT_FOR (pupitre_host_game_get_round (game) == 2 && pupitre_host_game_get_in_round (game) == 2);
  pupitre_test_client_send (alice, "{\"type\":\"answer\",\"round\":2,\"choice\":3}");
  pupitre_test_client_send (bob, "{\"type\":\"answer\",\"round\":2,\"choice\":3}");
  WAIT_FOR (phase (f) == PUPITRE_HOST_PHASE_RESULTS);
  advance_to (f, PUPITRE_HOST_PHASE_LEADERBOARD);
  g_assert_cmpstr (gtk_button_get_label (template_child (f->window, PUPITRE_TYPE_HOST_WINDOW, "next_button")),
                   ==, _("Show the Podium"));
  advance_to (f, PUPITRE_HOST_PHASE_OVER);

  /* The podium, the host on none of it. */
  g_assert_true (stage_says (projection_stage (f), "Alice"));
  g_assert_false (stage_says (projection_stage (f), "Host"));
  WAIT_FOR (gtk_widget_is_sensitive (template_child (f->window, PUPITRE_TYPE_HOST_WINDOW, "save_button")));
  snap_both (f, "podium");

  results_path = g_build_filename (f->dir, "results.csv", NULL);
  {
    g_autoptr(GFile) results = g_file_new_for_path (results_path);

    g_assert_true (pupitre_host_window_save_results (f->window, results, &error));
    g_assert_no_error (error);
  }
  wide_path = g_build_filename (f->dir, "results-wide.csv", NULL);
  g_assert_true (g_file_get_contents (results_path, &long_table, NULL, NULL));
  g_assert_true (g_file_get_contents (wide_path, &wide_table, NULL, NULL));
  /* A header, then one row per player and question; one per player. */
  g_assert_cmpuint (count_lines (long_table), ==, 1 + 2 * 2);
  g_assert_cmpuint (count_lines (wide_table), ==, 1 + 2);
  g_assert_nonnull (strstr (long_table, "Alice"));
  g_assert_nonnull (strstr (long_table, "Linux"));
  g_assert_null (strstr (long_table, "Mallory"));
  g_assert_nonnull (strstr (wide_table, "Bob"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "host.play-again", NULL);
  WAIT_FOR (phase (f) == PUPITRE_HOST_PHASE_LOBBY);
  g_assert_cmpuint (pupitre_host_game_get_n_seats (game), ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "host.close-game", NULL);
  WAIT_FOR (phase (f) == PUPITRE_HOST_PHASE_CLOSED);
  g_assert_true (stage_says (window_stage (f), _("The game is closed.")));
}

/* The teacher's laptop restarts: a new window offers the game kept on
 * disk, takes it back with its host token, and finds its players. */
static void
test_game_taken_back (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *quiz = quiz_path ();
  g_autoptr(GFile) quiz_file = g_file_new_for_path (quiz);
  g_autoptr(PupitreTestClient) alice = NULL;
  g_autofree char *code = NULL;
  PupitreHostGame *game;
  GtkWidget *resume_box;
  GtkWidget *resume_button;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  open_window (f);
  g_assert_true (pupitre_host_window_set_quiz (f->window, quiz_file, NULL));
  g_signal_emit_by_name (template_child (window_setup (f), PUPITRE_TYPE_HOST_SETUP, "create_button"),
                         "clicked");
  WAIT_FOR (phase (f) == PUPITRE_HOST_PHASE_LOBBY);
  code = g_strdup (pupitre_host_game_get_code (pupitre_host_window_get_game (f->window)));
  alice = join (f, "Alice", code);
  WAIT_FOR (pupitre_host_game_get_n_seats (pupitre_host_window_get_game (f->window)) == 1);

  /* Gone without closing the game, as a crash leaves it. */
  pupitre_host_disconnect (pupitre_host_game_get_host (pupitre_host_window_get_game (f->window)));
  gtk_window_destroy (GTK_WINDOW (f->window));
  WAIT_FOR (f->window == NULL);

  open_window (f);
  resume_box = template_child (window_setup (f), PUPITRE_TYPE_HOST_SETUP, "resume_box");
  resume_button = template_child (window_setup (f), PUPITRE_TYPE_HOST_SETUP, "resume_button");
  g_assert_true (gtk_widget_get_visible (resume_box));
  g_signal_emit_by_name (resume_button, "clicked");

  WAIT_FOR (phase (f) == PUPITRE_HOST_PHASE_LOBBY);
  game = pupitre_host_window_get_game (f->window);
  g_assert_cmpstr (pupitre_host_game_get_code (game), ==, code);
  WAIT_FOR (pupitre_host_game_get_n_seats (game) == 1 && stage_says (window_stage (f), "Alice"));

  /* Closed for good: nothing is offered any more. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "host.close-game", NULL);
  WAIT_FOR (phase (f) == PUPITRE_HOST_PHASE_CLOSED);
  gtk_window_destroy (GTK_WINDOW (f->window));
  WAIT_FOR (f->window == NULL);
  open_window (f);
  g_assert_false (gtk_widget_get_visible (template_child (window_setup (f), PUPITRE_TYPE_HOST_SETUP,
                                                          "resume_box")));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;

  config = test_private_config_new ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PUPITRE_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  have_display = gtk_init_check ();

  g_test_add ("/ui/host/bad-quiz-is-named-before-anything-is-sent", Fixture, NULL,
              fixture_set_up, test_bad_quiz_is_named, fixture_tear_down);
  g_test_add ("/ui/host/whole-game-kick-pause-project-podium-results", Fixture, NULL,
              fixture_set_up, test_whole_game, fixture_tear_down);

  g_test_add ("/ui/host/game-taken-back-after-a-restart", Fixture, NULL,
              fixture_set_up, test_game_taken_back, fixture_tear_down);

  return g_test_run ();
}
