/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The quiz editor's real window: a quiz written from the keyboard and
 * played by the real server, a GIFT file converted, the server's words on
 * a question that cannot be played, and a draft that outlives a crash. */

#include "config.h"

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "pupitre-application.h"
#include "pupitre-editor-preview.h"
#include "pupitre-editor-row.h"
#include "pupitre-editor-window.h"
#include "pupitre-quiz.h"
#include "pupitre-test-client.h"
#include "pupitre-test-files.h"
#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"

#define STEP_TIMEOUT_US (pupitre_test_scale_us (20 * G_USEC_PER_SEC))

/* The child of the crash test edits a draft and waits to be killed. */
#define CHILD_ENV "PUPITRE_TEST_EDITOR_CHILD"
#define CRASH_TEXT "Which draft survives a crash?"

typedef struct
{
  PupitreApplication  *app;
  PupitreEditorWindow *editor;
  char                *dir;
  guint                wake_id;
  /* What app.host-quiz was given, when a test installs it. */
  char                *hosted;
} Fixture;

static gboolean have_display;
static const char *program_path;

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
child (PupitreEditorWindow *editor,
       const char          *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                   PUPITRE_TYPE_EDITOR_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

/* The choice entries and radios of the shown question, in order. */
static GtkWidget *
choice_part (PupitreEditorWindow *editor,
             guint                choice,
             GType                type)
{
  GtkWidget *row = gtk_widget_get_first_child (child (editor, "choices_box"));

  for (guint i = 0; i < choice && row != NULL; i++)
    row = gtk_widget_get_next_sibling (row);
  g_assert_nonnull (row);
  for (GtkWidget *part = gtk_widget_get_first_child (row); part != NULL;
       part = gtk_widget_get_next_sibling (part))
    if (G_TYPE_CHECK_INSTANCE_TYPE (part, type))
      return part;
  g_assert_not_reached ();
  return NULL;
}

static const PupitreQuestion *
question (Fixture *f,
          guint    index)
{
  PupitreQuizDraft *draft = pupitre_editor_window_get_draft (f->editor);

  if (index >= pupitre_quiz_draft_get_n_questions (draft))
    return NULL;
  return pupitre_quiz_draft_get_question (draft, index);
}

static guint
n_questions (Fixture *f)
{
  return pupitre_quiz_draft_get_n_questions (pupitre_editor_window_get_draft (f->editor));
}

static gboolean
focus_on (Fixture   *f,
          GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->editor));

  /* An entry's focus is on the text inside it. */
  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* Runs xdotool on the editor's window: "key" with keys, or "type" with text. */
static void
xdotool (Fixture            *f,
         const char         *command,
         const char * const *args)
{
#ifdef GDK_WINDOWING_X11
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->editor));
  gboolean done = FALSE;

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  g_ptr_array_add (argv, g_strdup ("windowfocus"));
  g_ptr_array_add (argv, g_strdup ("--sync"));
  g_ptr_array_add (argv, g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface)));
  g_ptr_array_add (argv, g_strdup (command));
  g_ptr_array_add (argv, g_strdup ("--delay"));
  g_ptr_array_add (argv, g_strdup ("40"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, exited_cb, &done);
  WAIT_FOR (done);
  g_assert_true (g_subprocess_get_successful (process));
#else
  g_assert_not_reached ();
#endif
}

static void
press (Fixture    *f,
       const char *key)
{
  const char *keys[] = { key, NULL };

  xdotool (f, "key", keys);
}

static void
type (Fixture    *f,
      const char *text)
{
  const char *args[] = { text, NULL };

  xdotool (f, "type", args);
}

static gboolean
keyboard_available (void)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *program = g_find_program_in_path ("xdotool");

  return GDK_IS_X11_DISPLAY (gdk_display_get_default ()) && program != NULL;
#else
  return FALSE;
#endif
}

static GtkWindow *
find_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (window) &&
          gtk_window_get_transient_for (window) == GTK_WINDOW (f->editor) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static PupitreEditorWindow *
find_editor (Fixture *f)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l != NULL; l = l->next)
    if (PUPITRE_IS_EDITOR_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* As the start page's "Write a Quiz…" does. */
static void
open_editor (Fixture *f)
{
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "edit-quiz", NULL);
  f->editor = find_editor (f);
  g_assert_nonnull (f->editor);
  g_object_add_weak_pointer (G_OBJECT (f->editor), (gpointer *) &f->editor);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->editor)));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!have_display)
    return;

  f->wake_id = g_timeout_add (50, wake_cb, NULL);
  f->dir = g_dir_make_tmp ("pupitre-editor-XXXXXX", &error);
  g_assert_no_error (error);
  f->app = pupitre_application_new ();
  g_application_register (G_APPLICATION (f->app), NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *autosave = NULL;

  if (!have_display)
    return;

  if (f->editor != NULL)
    {
      autosave = g_strdup (pupitre_editor_window_get_autosave_path (f->editor));
      gtk_window_destroy (GTK_WINDOW (f->editor));
      WAIT_FOR (f->editor == NULL);
    }
  /* No test leaves a draft for the next one to be offered. */
  if (autosave != NULL)
    g_remove (autosave);
  g_clear_object (&f->app);
  g_clear_handle_id (&f->wake_id, g_source_remove);
  g_assert_true (pupitre_test_remove_tree (f->dir));
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->hosted, g_free);
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

/* Types a question's text and two choices, and marks the right one
 * (1 or 2) with its radio. */
static void
type_question (Fixture    *f,
               guint       index,
               const char *text,
               const char *first,
               const char *second,
               guint       right)
{
  WAIT_FOR (focus_on (f, child (f->editor, "text_entry")));
  type (f, text);
  WAIT_FOR (g_strcmp0 (question (f, index)->text, text) == 0);
  press (f, "Return");
  WAIT_FOR (focus_on (f, choice_part (f->editor, 0, GTK_TYPE_ENTRY)));
  type (f, first);
  press (f, "Return");
  WAIT_FOR (focus_on (f, choice_part (f->editor, 1, GTK_TYPE_ENTRY)));
  type (f, second);
  WAIT_FOR (g_strcmp0 (question (f, index)->choices[1], second) == 0);
  g_assert_cmpstr (question (f, index)->choices[0], ==, first);
  if (right == 2)
    {
      /* The radios are one group: Tab reaches the one that is on (past
       * the first choice), the arrows move to the others. */
      press (f, "shift+Tab");
      WAIT_FOR (focus_on (f, choice_part (f->editor, 0, GTK_TYPE_ENTRY)));
      press (f, "shift+Tab");
      WAIT_FOR (focus_on (f, choice_part (f->editor, 0, GTK_TYPE_CHECK_BUTTON)));
      press (f, "Down");
      WAIT_FOR (focus_on (f, choice_part (f->editor, 1, GTK_TYPE_CHECK_BUTTON)));
      press (f, "space");
      WAIT_FOR (question (f, index)->answer == 2);
    }
}

static void
test_write_and_play (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PupitreTestServer) server = NULL;
  g_autoptr(PupitreTestClient) player = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *problem = NULL;
  JsonArray *choices;

  if (skip_without_display ())
    return;
  if (!keyboard_available ())
    {
      g_test_skip ("Typing into the window needs X11 and xdotool");
      return;
    }

  open_editor (f);
  /* From nothing: one empty question, the cursor in its text. */
  g_assert_cmpuint (n_questions (f), ==, 1);
  g_assert_false (pupitre_quiz_draft_is_modified (pupitre_editor_window_get_draft (f->editor)));

  type_question (f, 0, "Which planet is the largest?", "Mars", "Jupiter", 2);
  press (f, "ctrl+n");
  WAIT_FOR (n_questions (f) == 2);
  type_question (f, 1, "How many legs has a spider?", "8", "6", 1);
  press (f, "ctrl+n");
  WAIT_FOR (n_questions (f) == 3);
  type_question (f, 2, "Blue and yellow make?", "Red", "Green", 2);

  /* A third choice, through the button's mnemonic. */
  press (f, "alt+c");
  WAIT_FOR (question (f, 2)->n_choices == 3);
  WAIT_FOR (focus_on (f, choice_part (f->editor, 2, GTK_TYPE_ENTRY)));
  type (f, "Purple");
  WAIT_FOR (g_strcmp0 (question (f, 2)->choices[2], "Purple") == 0);

  /* The typing in one field is one edit to undo, and to redo. */
  press (f, "ctrl+z");
  WAIT_FOR (g_strcmp0 (question (f, 2)->choices[2], "") == 0);
  problem = pupitre_quiz_draft_check_question (pupitre_editor_window_get_draft (f->editor), 2);
  g_assert_cmpstr (problem, ==, "choice 3 is empty");
  press (f, "ctrl+shift+z");
  WAIT_FOR (g_strcmp0 (question (f, 2)->choices[2], "Purple") == 0);

  /* Alt+Up and Alt+Down move the question, the focus staying in it. */
  press (f, "alt+Up");
  WAIT_FOR (g_strcmp0 (question (f, 1)->text, "Blue and yellow make?") == 0);
  g_assert_cmpstr (question (f, 2)->text, ==, "How many legs has a spider?");
  press (f, "alt+Down");
  WAIT_FOR (g_strcmp0 (question (f, 2)->text, "Blue and yellow make?") == 0);

  press (f, "alt+t");
  WAIT_FOR (focus_on (f, child (f->editor, "title_entry")));
  type (f, "Science");
  WAIT_FOR (g_strcmp0 (pupitre_quiz_draft_get_title (pupitre_editor_window_get_draft (f->editor)),
                       "Science") == 0);

  /* Every question is playable: no marker in the list. */
  for (guint i = 0; i < 3; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (f->editor, "question_list"), (int) i);

      g_assert_null (pupitre_editor_row_get_problem (PUPITRE_EDITOR_ROW (row)));
    }

  path = g_build_filename (f->dir, "science.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (pupitre_editor_window_save_to_file (f->editor, file, &error));
  g_assert_no_error (error);
  g_assert_false (pupitre_quiz_draft_is_modified (pupitre_editor_window_get_draft (f->editor)));
  g_assert_true (g_file_equal (pupitre_editor_window_get_file (f->editor), file));

  quiz = pupitre_quiz_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pupitre_quiz_get_title (quiz), ==, "Science");
  g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), ==, 3);
  g_assert_cmpuint (pupitre_quiz_get_question (quiz, 0)->answer, ==, 2);
  g_assert_cmpuint (pupitre_quiz_get_question (quiz, 1)->answer, ==, 1);
  g_assert_cmpuint (pupitre_quiz_get_question (quiz, 2)->n_choices, ==, 3);

  /* The real server loads it, and a player gets round 1 and its result. */
  {
    const char *server_argv[] = {
      g_getenv ("PUPITRE_SERVER"), "--players", "1", "--countdown", "0",
      "--pause", "0.2", "--over-pause", "0.2", "--once", "--quiz", path, NULL
    };

    g_assert_nonnull (server_argv[0]);
    server = pupitre_test_server_start (NULL, server_argv);
  }
  player = pupitre_test_client_connect ("127.0.0.1", pupitre_test_server_get_port (server));
  pupitre_test_client_send (player, "{\"type\":\"join\",\"name\":\"Ada\"}");
  g_clear_pointer (&message, json_object_unref);
  message = pupitre_test_client_expect (player, "joined", STEP_TIMEOUT_US);
  g_clear_pointer (&message, json_object_unref);
  message = pupitre_test_client_expect (player, "question", STEP_TIMEOUT_US);
  g_assert_cmpint (pupitre_test_member_int (message, "round"), ==, 1);
  g_assert_cmpint (pupitre_test_member_int (message, "rounds"), ==, 3);
  g_assert_cmpstr (pupitre_test_member_string (message, "text"), ==, "Which planet is the largest?");
  choices = pupitre_test_member_array (message, "choices");
  g_assert_cmpuint (json_array_get_length (choices), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (choices, 1), ==, "Jupiter");
  pupitre_test_client_send (player, "{\"type\":\"answer\",\"round\":1,\"choice\":2}");
  g_clear_pointer (&message, json_object_unref);
  message = pupitre_test_client_expect (player, "round_result", STEP_TIMEOUT_US);
  g_assert_cmpint (pupitre_test_member_int (message, "round"), ==, 1);
  g_assert_cmpint (pupitre_test_member_int (message, "correct"), ==, 2);
  pupitre_test_client_close (player);
}

static void
assert_same_questions (PupitreQuiz *a,
                       PupitreQuiz *b)
{
  g_assert_cmpuint (pupitre_quiz_get_n_questions (a), ==, pupitre_quiz_get_n_questions (b));
  for (guint i = 0; i < pupitre_quiz_get_n_questions (a); i++)
    {
      const PupitreQuestion *qa = pupitre_quiz_get_question (a, i);
      const PupitreQuestion *qb = pupitre_quiz_get_question (b, i);

      g_assert_cmpstr (qa->text, ==, qb->text);
      g_assert_cmpuint (qa->n_choices, ==, qb->n_choices);
      for (guint c = 0; c < qa->n_choices; c++)
        g_assert_cmpstr (qa->choices[c], ==, qb->choices[c]);
      g_assert_cmpuint (qa->answer, ==, qb->answer);
      g_assert_cmpint (qa->time_limit_ms, ==, qb->time_limit_ms);
      g_assert_cmpstr (qa->explanation, ==, qb->explanation);
      g_assert_cmpuint (qa->points, ==, qb->points);
    }
}

static void
test_gift_to_json (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *gift_path = g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"), "tests", "quiz",
                                                 "data", "every-rule.gift", NULL);
  g_autofree char *json_path = NULL;
  g_autofree char *gift_out = NULL;
  g_autoptr(GFile) gift = g_file_new_for_path (gift_path);
  g_autoptr(GFile) json = NULL;
  g_autoptr(GFile) gift_copy = NULL;
  g_autoptr(PupitreQuiz) imported = NULL;
  g_autoptr(PupitreQuiz) saved = NULL;
  g_autoptr(PupitreQuiz) exported = NULL;
  g_autoptr(GError) error = NULL;
  GtkLabel *banner;

  if (skip_without_display ())
    return;

  open_editor (f);
  imported = pupitre_quiz_load (gift_path, &error);
  g_assert_no_error (error);

  g_assert_true (pupitre_editor_window_open_file (f->editor, gift, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_questions (f), ==, pupitre_quiz_get_n_questions (imported));
  g_assert_cmpstr (question (f, 0)->text, ==, "Qui a été sacré empereur en 1804 ?");
  /* Converted: Save does not write GIFT over the teacher's file. */
  g_assert_null (pupitre_editor_window_get_file (f->editor));
  /* What was skipped on the way is said. */
  banner = child (f->editor, "banner_label");
  g_assert_nonnull (strstr (gtk_label_get_text (banner), "every-rule.gift:"));

  json_path = g_build_filename (f->dir, "every-rule.json", NULL);
  json = g_file_new_for_path (json_path);
  g_assert_true (pupitre_editor_window_save_to_file (f->editor, json, &error));
  g_assert_no_error (error);
  saved = pupitre_quiz_load (json_path, &error);
  g_assert_no_error (error);
  assert_same_questions (imported, saved);
  g_assert_cmpstr (pupitre_quiz_get_title (saved), ==, pupitre_quiz_get_title (imported));

  /* And back to GIFT with Save As. */
  gift_out = g_build_filename (f->dir, "every-rule.gift", NULL);
  gift_copy = g_file_new_for_path (gift_out);
  g_assert_true (pupitre_editor_window_save_to_file (f->editor, gift_copy, &error));
  g_assert_no_error (error);
  exported = pupitre_quiz_load (gift_out, &error);
  g_assert_no_error (error);
  assert_same_questions (imported, exported);
  /* Save still writes the JSON. */
  g_assert_true (g_file_equal (pupitre_editor_window_get_file (f->editor), json));
}

static void
set_text (gpointer    editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static const char *
row_problem (Fixture *f,
             guint    index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (f->editor, "question_list"), (int) index);

  return pupitre_editor_row_get_problem (PUPITRE_EDITOR_ROW (row));
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  GtkLabel *problem_label;
  GtkWidget *second;

  if (skip_without_display ())
    return;

  open_editor (f);
  problem_label = child (f->editor, "problem_label");
  g_assert_cmpstr (row_problem (f, 0), ==, "“text” is empty");
  g_assert_cmpstr (gtk_label_get_text (problem_label), ==, "“text” is empty");
  g_assert_true (gtk_widget_has_css_class (child (f->editor, "text_entry"), "error"));

  set_text (child (f->editor, "text_entry"), "Capital of France?");
  g_assert_cmpstr (row_problem (f, 0), ==, "choice 1 is empty");
  g_assert_false (gtk_widget_has_css_class (child (f->editor, "text_entry"), "error"));
  g_assert_true (gtk_widget_has_css_class (choice_part (f->editor, 0, GTK_TYPE_ENTRY), "error"));

  set_text (choice_part (f->editor, 0, GTK_TYPE_ENTRY), "Paris");
  second = choice_part (f->editor, 1, GTK_TYPE_ENTRY);
  set_text (second, " paris ");
  /* The server's rule and words, on the field and in the list. */
  g_assert_cmpstr (row_problem (f, 0), ==, "choices 1 and 2 are the same");
  g_assert_cmpstr (gtk_label_get_text (problem_label), ==, "choices 1 and 2 are the same");
  g_assert_true (gtk_widget_has_css_class (second, "error"));

  set_text (second, "Lyon");
  g_assert_null (row_problem (f, 0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problem_label)));
  g_assert_false (gtk_widget_has_css_class (second, "error"));

  /* A question's own time limit, and points. */
  gtk_check_button_set_active (child (f->editor, "own_time_check"), TRUE);
  gtk_spin_button_set_value (child (f->editor, "time_spin"), 45);
  g_assert_cmpint (question (f, 0)->time_limit_ms, ==, 45000);
  gtk_drop_down_set_selected (child (f->editor, "points_dropdown"), 2);
  g_assert_cmpuint (question (f, 0)->points, ==, 2);

  /* One time limit for all drops the question's own. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "win.duplicate-question", NULL);
  g_assert_cmpuint (n_questions (f), ==, 2);
  g_assert_cmpint (question (f, 1)->time_limit_ms, ==, 45000);
  pupitre_quiz_draft_set_all_time_limits (pupitre_editor_window_get_draft (f->editor), 30000);
  g_assert_cmpint (question (f, 0)->time_limit_ms, ==, 0);
  g_assert_cmpint (question (f, 1)->time_limit_ms, ==, 0);

  /* The preview lays the question out as a student's page does: its
   * choices numbered, "I don’t know" last, the quiz’s time limit. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "win.preview", NULL);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    PupitreEditorPreview *preview = NULL;
    GtkWidget *choices;
    GtkWidget *button;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && preview == NULL; i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        if (PUPITRE_IS_EDITOR_PREVIEW (window))
          preview = PUPITRE_EDITOR_PREVIEW (window);
      }
    g_assert_nonnull (preview);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (preview),
                                                                        PUPITRE_TYPE_EDITOR_PREVIEW,
                                                                        "question_label"))),
                     ==, "Capital of France?");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (preview),
                                                                        PUPITRE_TYPE_EDITOR_PREVIEW,
                                                                        "time_label"))),
                     ==, "30 s");
    choices = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preview),
                                                         PUPITRE_TYPE_EDITOR_PREVIEW, "choices_box"));
    button = gtk_widget_get_first_child (choices);
    g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (button)), ==, "1) Paris");
    button = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (button));
    g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (button)), ==, "0) I don’t know");
    g_assert_null (gtk_widget_get_next_sibling (button));
    gtk_window_destroy (GTK_WINDOW (preview));
  }

  /* Deleting is undone like any edit. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "win.delete-question", NULL);
  g_assert_cmpuint (n_questions (f), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "win.undo", NULL);
  g_assert_cmpuint (n_questions (f), ==, 2);
  g_assert_nonnull (gtk_list_box_get_row_at_index (child (f->editor, "question_list"), 1));

  /* A row dropped on another moves its question there. */
  {
    GtkListBox *list = child (f->editor, "question_list");
    g_autoptr(GListModel) controllers = NULL;
    GValue value = G_VALUE_INIT;
    gboolean dropped = FALSE;

    gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 1));
    set_text (child (f->editor, "text_entry"), "Second");
    g_assert_cmpstr (question (f, 1)->text, ==, "Second");

    controllers = gtk_widget_observe_controllers (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)));
    g_value_init (&value, G_TYPE_UINT);
    g_value_set_uint (&value, 1);
    for (guint i = 0; i < g_list_model_get_n_items (controllers) && !dropped; i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_DROP_TARGET (controller))
          g_signal_emit_by_name (controller, "drop", &value, 0.0, 0.0, &dropped);
      }
    g_assert_true (dropped);
    g_assert_cmpstr (question (f, 0)->text, ==, "Second");
    g_assert_cmpstr (question (f, 1)->text, ==, "Capital of France?");
    g_assert_cmpstr (gtk_editable_get_text (child (f->editor, "text_entry")), ==, "Second");
  }
}

static void
host_quiz_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  Fixture *f = user_data;

  g_free (f->hosted);
  f->hosted = g_variant_dup_string (parameter, NULL);
}

static void
test_host (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GSimpleAction) action = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *button;

  if (skip_without_display ())
    return;

  open_editor (f);
  button = child (f->editor, "host_button");
  /* The application hosts quizzes: the button can be pressed... */
  WAIT_FOR (gtk_widget_is_sensitive (button));
  /* ...but not without that action. */
  g_action_map_remove_action (G_ACTION_MAP (f->app), "host-quiz");
  WAIT_FOR (!gtk_widget_is_sensitive (button));

  /* The test's own, to see what the editor hands over. */

  action = g_simple_action_new ("host-quiz", G_VARIANT_TYPE_STRING);
  g_signal_connect (action, "activate", G_CALLBACK (host_quiz_cb), f);
  g_action_map_add_action (G_ACTION_MAP (f->app), G_ACTION (action));
  WAIT_FOR (gtk_widget_is_sensitive (button));

  /* Not playable: nothing is hosted, the problem is said. */
  gtk_widget_activate (button);
  WAIT_FOR (g_strcmp0 (gtk_label_get_text (child (f->editor, "banner_label")),
                       "question 1: “text” is empty") == 0);
  g_assert_null (f->hosted);

  set_text (child (f->editor, "text_entry"), "Capital of France?");
  set_text (choice_part (f->editor, 0, GTK_TYPE_ENTRY), "Paris");
  set_text (choice_part (f->editor, 1, GTK_TYPE_ENTRY), "Lyon");
  path = g_build_filename (f->dir, "france.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (pupitre_editor_window_save_to_file (f->editor, file, &error));
  g_assert_no_error (error);
  set_text (choice_part (f->editor, 1, GTK_TYPE_ENTRY), "Marseille");

  /* Saved first, then hosted from the file. */
  gtk_widget_activate (button);
  WAIT_FOR (f->hosted != NULL);
  g_assert_cmpstr (f->hosted, ==, path);
  g_assert_false (pupitre_quiz_draft_is_modified (pupitre_editor_window_get_draft (f->editor)));
}

static void
test_close_asks (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *autosave = NULL;
  GtkWindow *dialog;

  if (skip_without_display ())
    return;

  open_editor (f);
  autosave = g_strdup (pupitre_editor_window_get_autosave_path (f->editor));
  set_text (child (f->editor, "text_entry"), "Not saved yet");
  WAIT_FOR (g_file_test (autosave, G_FILE_TEST_EXISTS));

  gtk_window_close (GTK_WINDOW (f->editor));
  WAIT_FOR ((dialog = find_dialog (f)) != NULL);
  g_assert_nonnull (f->editor);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_assert_nonnull (f->editor);
  g_assert_cmpstr (question (f, 0)->text, ==, "Not saved yet");

  gtk_window_close (GTK_WINDOW (f->editor));
  WAIT_FOR ((dialog = find_dialog (f)) != NULL);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT);
  WAIT_FOR (f->editor == NULL);
  /* Thrown away on purpose: not offered again. */
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));
}

static gboolean
file_holds (const char *path,
            const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

static void
test_restore_after_crash (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) editor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *autosave = NULL;
  gboolean exited = FALSE;
  GtkWindow *dialog;

  if (skip_without_display ())
    return;

  autosave = pupitre_quiz_draft_get_autosave_path ();
  g_remove (autosave);

  /* Another pupitre editing a quiz, killed as a crash would. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, CHILD_ENV, "1", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, pupitre_test_child_setup, NULL, NULL);
  editor = g_subprocess_launcher_spawn (launcher, &error, program_path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (editor, NULL, exited_cb, &exited);
  WAIT_FOR (file_holds (autosave, CRASH_TEXT) || exited);
  g_assert_false (exited);
  g_subprocess_send_signal (editor, SIGKILL);
  WAIT_FOR (exited);
  g_assert_true (g_subprocess_get_if_signaled (editor));

  /* The next editor offers it back. */
  open_editor (f);
  g_assert_cmpstr (question (f, 0)->text, ==, "");
  WAIT_FOR ((dialog = find_dialog (f)) != NULL);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_cmpstr (question (f, 0)->text, ==, CRASH_TEXT);
  g_assert_cmpstr (question (f, 0)->choices[0], ==, "Kept");
  g_assert_cmpstr (gtk_editable_get_text (child (f->editor, "text_entry")), ==, CRASH_TEXT);
  /* Saved nowhere yet: closing would ask. */
  g_assert_true (pupitre_quiz_draft_is_modified (pupitre_editor_window_get_draft (f->editor)));
}

/* Screenshots for docs/screenshots: with PUPITRE_SCREENSHOT_DIR set,
 *   xvfb-run -a -s "-screen 0 1280x1024x24" _build/tests/ui/test-editor -p /ui/editor/screenshots
 * (in the test environment of tests/ui/take-screenshots.sh). */

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
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  guint frames = 0;
  guint tick_id;
  int width;
  int height;

  WAIT_FOR (gtk_widget_get_mapped (widget));
  /* A few frames settle the revealers. */
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
  path = g_build_filename (g_getenv ("PUPITRE_SCREENSHOT_DIR"), name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d×%d)", path, width, height);
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"), "tests", "ui",
                                            "two-questions.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GListModel *toplevels;
  GtkWidget *preview = NULL;

  if (skip_without_display ())
    return;
  if (g_getenv ("PUPITRE_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("PUPITRE_SCREENSHOT_DIR is not set");
      return;
    }

  open_editor (f);
  g_assert_true (pupitre_editor_window_open_file (f->editor, file, &error));
  g_assert_no_error (error);
  /* A third question being written: its marker and the server's words. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "win.add-question", NULL);
  set_text (child (f->editor, "text_entry"), "Which of these is a text editor?");
  set_text (choice_part (f->editor, 0, GTK_TYPE_ENTRY), "GNOME Text Editor");
  set_text (choice_part (f->editor, 1, GTK_TYPE_ENTRY), "gnome text editor");
  save_screenshot (GTK_WIDGET (f->editor), "editor.png");

  gtk_list_box_select_row (child (f->editor, "question_list"),
                           gtk_list_box_get_row_at_index (child (f->editor, "question_list"), 0));
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "win.preview", NULL);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && preview == NULL; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PUPITRE_IS_EDITOR_PREVIEW (window))
        preview = GTK_WIDGET (window);
    }
  g_assert_nonnull (preview);
  save_screenshot (preview, "editor-preview.png");
  gtk_window_destroy (GTK_WINDOW (preview));
}

/* The crash test's child: an editor with a draft, until it is killed. */
static int
run_child (void)
{
  g_autoptr(PupitreApplication) app = pupitre_application_new ();
  PupitreEditorWindow *editor;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  editor = pupitre_editor_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (editor));
  set_text (child (editor, "text_entry"), CRASH_TEXT);
  set_text (choice_part (editor, 0, GTK_TYPE_ENTRY), "Kept");
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = NULL;
  int status;

  program_path = argv[0];
  /* No session bus under xvfb-run: the application must not look for one. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);

  if (g_getenv (CHILD_ENV) != NULL)
    {
      gtk_init ();
      return run_child ();
    }

  /* Drafts go to a state folder of the test's own, shared with its child. */
  state = g_dir_make_tmp ("pupitre-editor-state-XXXXXX", NULL);
  g_assert_nonnull (state);
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add ("/ui/editor/write-three-questions-from-the-keyboard-and-play", Fixture, NULL,
              fixture_set_up, test_write_and_play, fixture_tear_down);
  g_test_add ("/ui/editor/gift-file-saved-as-json-and-gift", Fixture, NULL,
              fixture_set_up, test_gift_to_json, fixture_tear_down);
  g_test_add ("/ui/editor/validation-in-the-servers-words", Fixture, NULL,
              fixture_set_up, test_validation, fixture_tear_down);
  g_test_add ("/ui/editor/host-saves-then-hosts", Fixture, NULL,
              fixture_set_up, test_host, fixture_tear_down);
  g_test_add ("/ui/editor/close-asks-when-unsaved", Fixture, NULL,
              fixture_set_up, test_close_asks, fixture_tear_down);
  g_test_add ("/ui/editor/draft-restored-after-a-crash", Fixture, NULL,
              fixture_set_up, test_restore_after_crash, fixture_tear_down);
  g_test_add ("/ui/editor/screenshots", Fixture, NULL,
              fixture_set_up, test_screenshots, fixture_tear_down);

  status = g_test_run ();
  g_assert_true (pupitre_test_remove_tree (state));
  return status;
}
