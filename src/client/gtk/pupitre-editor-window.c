/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The quiz editor: the questions in a list, the selected one in fields,
 * every edit made on a PupitreQuizDraft (which undoes it and checks it with
 * the server's rules), and the draft autosaved for after a crash. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pupitre-editor-preview.h"
#include "pupitre-editor-row.h"
#include "pupitre-editor-window.h"
#include "pupitre-name.h"
#include "pupitre-protocol.h"
#include "pupitre-quiz.h"

/* What pupitre-server plays a question with when the quiz sets no limit
 * (its --time-limit default). */
#define SERVER_TIME_LIMIT_MS 20000

/* Typing goes on: the draft is written once the keys pause. */
#define AUTOSAVE_DELAY_MS 300

typedef enum
{
  AFTER_SAVE_NOTHING,
  AFTER_SAVE_CLOSE,
  AFTER_SAVE_HOST,
} AfterSave;

struct _PupitreEditorWindow
{
  GtkApplicationWindow  parent_instance;

  GtkButton            *host_button;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkEntry             *title_entry;
  GtkListBox           *question_list;
  GtkSpinButton        *default_time_spin;
  GtkStack             *stack;
  GtkLabel             *heading_label;
  GtkLabel             *problem_label;
  GtkEntry             *text_entry;
  GtkBox               *choices_box;
  GtkButton            *add_choice_button;
  GtkCheckButton       *own_time_check;
  GtkSpinButton        *time_spin;
  GtkDropDown          *points_dropdown;
  GtkEntry             *explanation_entry;

  PupitreQuizDraft     *draft;
  /* The native JSON file Save writes; NULL until there is one. */
  GFile                *file;
  char                 *autosave_path;
  guint                 current;
  /* Widgets are being filled from the draft: their signals are not edits. */
  gboolean              updating;

  /* The choice widgets of the shown question, in order; the box owns them. */
  GPtrArray            *choice_radios;
  GPtrArray            *choice_entries;
  GPtrArray            *choice_removes;
  /* The widget the problem is about, marked with the error class. */
  GtkWidget            *marked;

  guint                 autosave_id;
  gboolean              close_confirmed;
  AfterSave             after_save;
  GtkNativeDialog      *chooser;
};

G_DEFINE_FINAL_TYPE (PupitreEditorWindow, pupitre_editor_window, GTK_TYPE_APPLICATION_WINDOW)

static void refresh_all (PupitreEditorWindow *self);
static void select_question (PupitreEditorWindow *self,
                             guint                index);

static guint
n_questions (PupitreEditorWindow *self)
{
  return pupitre_quiz_draft_get_n_questions (self->draft);
}

static const PupitreQuestion *
current_question (PupitreEditorWindow *self)
{
  if (self->current >= n_questions (self))
    return NULL;
  return pupitre_quiz_draft_get_question (self->draft, self->current);
}

static void
show_banner (PupitreEditorWindow *self,
             const char          *message)
{
  gtk_label_set_text (self->banner_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->banner_revealer, message != NULL);
}

/* Autosave */

static void
remove_autosave (PupitreEditorWindow *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (g_unlink (self->autosave_path) != 0 && errno != ENOENT)
    g_warning ("Cannot remove the draft %s: %s", self->autosave_path, g_strerror (errno));
}

static gboolean
autosave_cb (gpointer user_data)
{
  PupitreEditorWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  self->autosave_id = 0;
  if (!pupitre_quiz_draft_is_modified (self->draft))
    return G_SOURCE_REMOVE;
  /* A full disk or a read-only home must not stop the teacher writing;
   * the message says what is at risk. */
  if (!pupitre_quiz_draft_autosave (self->draft, self->autosave_path, &error))
    g_message ("Cannot keep a draft of the quiz: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (PupitreEditorWindow *self)
{
  if (self->autosave_id == 0)
    self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_cb, self);
}

/* The window's state after an edit */

static void
update_title (PupitreEditorWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup (_("New Quiz"));
  if (pupitre_quiz_draft_is_modified (self->draft))
    /* TRANSLATORS: the file name, changed since it was saved. */
    title = g_strdup_printf (_("%s (unsaved) — Quiz Editor"), name);
  else
    /* TRANSLATORS: the file name. */
    title = g_strdup_printf (_("%s — Quiz Editor"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
update_actions (PupitreEditorWindow *self)
{
  const PupitreQuestion *question = current_question (self);
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  guint n = n_questions (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 pupitre_quiz_draft_can_undo (self->draft));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 pupitre_quiz_draft_can_redo (self->draft));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-question",
                                 n < PUPITRE_QUIZ_MAX_QUESTIONS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate-question",
                                 question != NULL && n < PUPITRE_QUIZ_MAX_QUESTIONS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-question", question != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preview", question != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.move-up",
                                 question != NULL && self->current > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.move-down",
                                 question != NULL && self->current + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-choice",
                                 question != NULL && question->n_choices < PUPITRE_MAX_CHOICES);
  /* Hosting is another part of the application; without it, the button
   * says so by being insensitive. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.host",
                                 app != NULL && g_action_group_has_action (G_ACTION_GROUP (app),
                                                                            "host-quiz"));
  for (guint i = 0; i < self->choice_removes->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (self->choice_removes, i),
                              question != NULL && question->n_choices > 2);
}

static PupitreEditorRow *
row_at (PupitreEditorWindow *self,
        guint                index)
{
  return PUPITRE_EDITOR_ROW (gtk_list_box_get_row_at_index (self->question_list, (int) index));
}

static void
update_row (PupitreEditorWindow *self,
            guint                index)
{
  const PupitreQuestion *question = pupitre_quiz_draft_get_question (self->draft, index);
  g_autofree char *problem = pupitre_quiz_draft_check_question (self->draft, index);

  pupitre_editor_row_set_question (row_at (self, index), index + 1, question->text, problem);
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *stripped = pupitre_utf8_strip (text != NULL ? text : "");

  return stripped[0] == '\0';
}

static char *
choice_key (const char *choice)
{
  g_autofree char *stripped = pupitre_utf8_strip (choice);
  g_autofree char *normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normal != NULL ? normal : stripped, -1);
}

/* The field the server's sentence is about, found in the order
 * pupitre_question_check() looks. */
static GtkWidget *
problem_widget (PupitreEditorWindow   *self,
                const PupitreQuestion *question)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  if (is_blank (question->text) ||
      g_utf8_strlen (question->text, -1) > PUPITRE_QUIZ_MAX_TEXT_CHARS)
    return GTK_WIDGET (self->text_entry);
  for (guint i = 0; i < question->n_choices && i < self->choice_entries->len; i++)
    if (is_blank (question->choices[i]) ||
        g_utf8_strlen (question->choices[i], -1) > PUPITRE_QUIZ_MAX_CHOICE_CHARS)
      return g_ptr_array_index (self->choice_entries, i);
  for (guint i = 0; i < question->n_choices && i < self->choice_entries->len; i++)
    {
      g_ptr_array_add (keys, choice_key (question->choices[i]));
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (g_ptr_array_index (keys, i), g_ptr_array_index (keys, j)) == 0)
          return g_ptr_array_index (self->choice_entries, i);
    }
  if (question->answer < 1 || question->answer > question->n_choices)
    return GTK_WIDGET (self->choices_box);
  if (question->time_limit_ms != 0)
    return GTK_WIDGET (self->time_spin);
  return GTK_WIDGET (self->explanation_entry);
}

static void
update_problem (PupitreEditorWindow *self)
{
  const PupitreQuestion *question = current_question (self);
  g_autofree char *problem = NULL;

  if (self->marked != NULL)
    {
      gtk_widget_remove_css_class (self->marked, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->marked),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->marked), GTK_ACCESSIBLE_STATE_INVALID);
      g_clear_weak_pointer (&self->marked);
    }
  if (question == NULL)
    return;

  problem = pupitre_quiz_draft_check_question (self->draft, self->current);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  if (problem == NULL)
    return;

  g_set_weak_pointer (&self->marked, problem_widget (self, question));
  gtk_widget_add_css_class (self->marked, "error");
  /* The field itself carries the sentence for a screen reader. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->marked),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->marked),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

/* After every edit of the draft. */
static void
edited (PupitreEditorWindow *self)
{
  if (current_question (self) != NULL)
    update_row (self, self->current);
  update_problem (self);
  update_actions (self);
  update_title (self);
  show_banner (self, NULL);
  if (pupitre_quiz_draft_is_modified (self->draft))
    schedule_autosave (self);
}

/* The question's fields */

static void
set_entry_text (GtkEntry   *entry,
                const char *text)
{
  /* Rewriting the same text would move the cursor of a person typing. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
}

static void
choice_toggled_cb (GtkCheckButton      *radio,
                   PupitreEditorWindow *self)
{
  guint index;

  if (self->updating || !gtk_check_button_get_active (radio) ||
      !g_ptr_array_find (self->choice_radios, radio, &index))
    return;
  pupitre_quiz_draft_set_answer (self->draft, self->current, index + 1);
  edited (self);
}

static void
choice_changed_cb (GtkEditable         *entry,
                   PupitreEditorWindow *self)
{
  guint index;

  if (self->updating || !g_ptr_array_find (self->choice_entries, entry, &index))
    return;
  pupitre_quiz_draft_set_choice (self->draft, self->current, index,
                                 gtk_editable_get_text (entry));
  edited (self);
}

/* Enter goes on to the next choice, as a list is typed. */
static void
choice_activate_cb (GtkEntry            *entry,
                    PupitreEditorWindow *self)
{
  guint index;

  if (!g_ptr_array_find (self->choice_entries, entry, &index))
    return;
  if (index + 1 < self->choice_entries->len)
    gtk_widget_grab_focus (g_ptr_array_index (self->choice_entries, index + 1));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->explanation_entry));
}

static void
choice_remove_cb (GtkButton           *button,
                  PupitreEditorWindow *self)
{
  guint index;

  if (!g_ptr_array_find (self->choice_removes, button, &index))
    return;
  pupitre_quiz_draft_remove_choice (self->draft, self->current, index);
  refresh_all (self);
  if (self->choice_entries->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->choice_entries,
                                              MIN (index, self->choice_entries->len - 1)));
}

static void
add_choice_row (PupitreEditorWindow *self)
{
  guint number = self->choice_entries->len + 1;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *radio = gtk_check_button_new ();
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  /* TRANSLATORS: the number of a choice. */
  g_autofree char *radio_label = g_strdup_printf (_("Choice %u is the right answer"), number);
  g_autofree char *entry_label = g_strdup_printf (_("Choice %u"), number);
  g_autofree char *remove_label = g_strdup_printf (_("Remove choice %u"), number);

  if (self->choice_radios->len > 0)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (radio),
                                g_ptr_array_index (self->choice_radios, 0));
  gtk_widget_set_tooltip_text (radio, radio_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (radio),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, radio_label, -1);
  g_signal_connect (radio, "toggled", G_CALLBACK (choice_toggled_cb), self);

  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), entry_label);
  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, entry_label, -1);
  g_signal_connect (entry, "changed", G_CALLBACK (choice_changed_cb), self);
  g_signal_connect (entry, "activate", G_CALLBACK (choice_activate_cb), self);

  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect (remove, "clicked", G_CALLBACK (choice_remove_cb), self);

  gtk_box_append (GTK_BOX (row), radio);
  gtk_box_append (GTK_BOX (row), entry);
  gtk_box_append (GTK_BOX (row), remove);
  gtk_box_append (self->choices_box, row);

  g_ptr_array_add (self->choice_radios, radio);
  g_ptr_array_add (self->choice_entries, entry);
  g_ptr_array_add (self->choice_removes, remove);
}

static void
clear_choice_rows (PupitreEditorWindow *self)
{
  GtkWidget *child;

  g_clear_weak_pointer (&self->marked);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box))) != NULL)
    gtk_box_remove (self->choices_box, child);
  g_ptr_array_set_size (self->choice_radios, 0);
  g_ptr_array_set_size (self->choice_entries, 0);
  g_ptr_array_set_size (self->choice_removes, 0);
}

static void
refresh_question (PupitreEditorWindow *self)
{
  const PupitreQuestion *question = current_question (self);
  g_autofree char *heading = NULL;
  gint64 limit;

  if (question == NULL)
    {
      clear_choice_rows (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "question");

  /* TRANSLATORS: the question's number and how many there are. */
  heading = g_strdup_printf (_("Question %u of %u"), self->current + 1, n_questions (self));
  gtk_label_set_text (self->heading_label, heading);
  set_entry_text (self->text_entry, question->text);

  /* Rebuilt only when their number changes, so that the focus stays. */
  if (self->choice_entries->len != question->n_choices)
    {
      clear_choice_rows (self);
      for (guint i = 0; i < question->n_choices; i++)
        add_choice_row (self);
    }
  for (guint i = 0; i < question->n_choices; i++)
    {
      set_entry_text (g_ptr_array_index (self->choice_entries, i), question->choices[i]);
      gtk_check_button_set_active (g_ptr_array_index (self->choice_radios, i),
                                   question->answer == i + 1);
    }
  /* No right answer: no radio on. */
  if (question->answer < 1 || question->answer > question->n_choices)
    for (guint i = 0; i < question->n_choices; i++)
      gtk_check_button_set_active (g_ptr_array_index (self->choice_radios, i), FALSE);

  limit = question->time_limit_ms;
  gtk_check_button_set_active (self->own_time_check, limit != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->time_spin), limit != 0);
  if (limit != 0)
    gtk_spin_button_set_value (self->time_spin, (double) limit / 1000.0);
  else
    gtk_spin_button_set_value (self->time_spin,
                               pupitre_quiz_draft_get_time_limit (self->draft) != 0 ?
                               (double) pupitre_quiz_draft_get_time_limit (self->draft) / 1000.0 :
                               20.0);
  gtk_drop_down_set_selected (self->points_dropdown, MIN (question->points, 2));
  set_entry_text (self->explanation_entry, question->explanation);
}

/* Drag a row onto another to move its question there. */
static GdkContentProvider *
row_drag_prepare_cb (GtkDragSource *source,
                     double         x,
                     double         y,
                     GtkListBoxRow *row)
{
  return gdk_content_provider_new_typed (G_TYPE_UINT, (guint) gtk_list_box_row_get_index (row));
}

static gboolean
row_drop_cb (GtkDropTarget       *target,
             const GValue        *value,
             double               x,
             double               y,
             PupitreEditorWindow *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  guint from = g_value_get_uint (value);
  guint to = (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));

  if (from >= n_questions (self) || from == to)
    return FALSE;
  pupitre_quiz_draft_move_question (self->draft, from, to);
  select_question (self, to);
  return TRUE;
}

static GtkWidget *
new_row (PupitreEditorWindow *self)
{
  GtkWidget *row = pupitre_editor_row_new ();
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (row_drag_prepare_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (row_drop_cb), self);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
  return row;
}

/* Everything from the draft: after an undo, a move, an open. */
static void
refresh_all (PupitreEditorWindow *self)
{
  guint n = n_questions (self);
  guint rows = 0;

  self->updating = TRUE;

  if (self->current >= n && n > 0)
    self->current = n - 1;

  while (gtk_list_box_get_row_at_index (self->question_list, (int) rows) != NULL)
    rows++;
  for (; rows < n; rows++)
    gtk_list_box_append (self->question_list, new_row (self));
  for (; rows > n; rows--)
    gtk_list_box_remove (self->question_list, GTK_WIDGET (row_at (self, rows - 1)));
  for (guint i = 0; i < n; i++)
    update_row (self, i);
  if (n > 0)
    gtk_list_box_select_row (self->question_list, GTK_LIST_BOX_ROW (row_at (self, self->current)));

  set_entry_text (self->title_entry, pupitre_quiz_draft_get_title (self->draft));
  gtk_spin_button_set_value (self->default_time_spin,
                             (double) pupitre_quiz_draft_get_time_limit (self->draft) / 1000.0);
  refresh_question (self);

  self->updating = FALSE;

  edited (self);
}

static void
select_question (PupitreEditorWindow *self,
                 guint                index)
{
  self->current = index;
  refresh_all (self);
}

/* Signal handlers of the template */

static void
row_selected_cb (PupitreEditorWindow *self,
                 GtkListBoxRow       *row)
{
  if (self->updating || row == NULL)
    return;
  self->current = (guint) gtk_list_box_row_get_index (row);
  self->updating = TRUE;
  refresh_question (self);
  self->updating = FALSE;
  update_problem (self);
  update_actions (self);
}

static void
title_changed_cb (PupitreEditorWindow *self)
{
  if (self->updating)
    return;
  pupitre_quiz_draft_set_title (self->draft, gtk_editable_get_text (GTK_EDITABLE (self->title_entry)));
  edited (self);
}

static void
default_time_changed_cb (PupitreEditorWindow *self)
{
  if (self->updating)
    return;
  pupitre_quiz_draft_set_time_limit (self->draft,
                                     (gint64) gtk_spin_button_get_value_as_int (self->default_time_spin) * 1000);
  edited (self);
}

static void
text_changed_cb (PupitreEditorWindow *self)
{
  if (self->updating || current_question (self) == NULL)
    return;
  pupitre_quiz_draft_set_text (self->draft, self->current,
                               gtk_editable_get_text (GTK_EDITABLE (self->text_entry)));
  edited (self);
}

static void
text_activate_cb (PupitreEditorWindow *self)
{
  if (self->choice_entries->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->choice_entries, 0));
}

static void
own_time_toggled_cb (PupitreEditorWindow *self)
{
  gboolean own = gtk_check_button_get_active (self->own_time_check);

  gtk_widget_set_sensitive (GTK_WIDGET (self->time_spin), own);
  if (self->updating || current_question (self) == NULL)
    return;
  pupitre_quiz_draft_set_question_time_limit (self->draft, self->current,
                                              own ? (gint64) gtk_spin_button_get_value_as_int (self->time_spin) * 1000 : 0);
  edited (self);
}

static void
time_changed_cb (PupitreEditorWindow *self)
{
  if (self->updating || current_question (self) == NULL ||
      !gtk_check_button_get_active (self->own_time_check))
    return;
  pupitre_quiz_draft_set_question_time_limit (self->draft, self->current,
                                              (gint64) gtk_spin_button_get_value_as_int (self->time_spin) * 1000);
  edited (self);
}

static void
points_changed_cb (PupitreEditorWindow *self)
{
  guint points = gtk_drop_down_get_selected (self->points_dropdown);

  if (self->updating || current_question (self) == NULL || points > PUPITRE_QUIZ_MAX_POINTS)
    return;
  pupitre_quiz_draft_set_points (self->draft, self->current, points);
  edited (self);
}

static void
explanation_changed_cb (PupitreEditorWindow *self)
{
  if (self->updating || current_question (self) == NULL)
    return;
  pupitre_quiz_draft_set_explanation (self->draft, self->current,
                                      gtk_editable_get_text (GTK_EDITABLE (self->explanation_entry)));
  edited (self);
}

/* Files */

static gboolean
is_gift_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, ".gift") || g_str_has_suffix (lower, ".txt");
}

static void
replace_draft (PupitreEditorWindow *self,
               PupitreQuizDraft    *draft,
               GFile               *file)
{
  g_clear_pointer (&self->draft, pupitre_quiz_draft_free);
  self->draft = draft;
  g_set_object (&self->file, file);
  self->current = 0;
  refresh_all (self);
}

gboolean
pupitre_editor_window_open_file (PupitreEditorWindow *self,
                                 GFile               *file,
                                 GError             **error)
{
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autofree char *path = NULL;
  const char * const *warnings;
  g_autofree char *text = NULL;
  PupitreQuizFormat format;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (PUPITRE_IS_EDITOR_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL || !g_file_get_contents (path, &data, &length, error))
    {
      if (path == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     _("Only local files can be opened"));
      return FALSE;
    }
  quiz = pupitre_quiz_load (path, error);
  if (quiz == NULL)
    return FALSE;

  format = pupitre_quiz_format_guess (path, data, length);
  /* Only the native format is saved back where it came from. */
  replace_draft (self, pupitre_quiz_draft_new_from_quiz (quiz),
                 format == PUPITRE_QUIZ_FORMAT_JSON ? file : NULL);

  warnings = pupitre_quiz_get_warnings (quiz);
  if (warnings[0] != NULL)
    {
      text = g_strjoinv ("\n", (char **) warnings);
      show_banner (self, text);
    }
  return TRUE;
}

gboolean
pupitre_editor_window_save_to_file (PupitreEditorWindow *self,
                                    GFile               *file,
                                    GError             **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (PUPITRE_IS_EDITOR_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only local files can be written"));
      return FALSE;
    }

  if (is_gift_name (file))
    {
      g_autofree char *json = NULL;
      g_autofree char *gift = NULL;
      g_autoptr(PupitreQuiz) quiz = NULL;

      if (!pupitre_quiz_draft_check (self->draft, error))
        return FALSE;
      /* Through the server's own reader: what is written is what it plays. */
      json = pupitre_quiz_draft_to_json (self->draft);
      quiz = pupitre_quiz_load_from_data (json, -1, path, error);
      if (quiz == NULL)
        return FALSE;
      gift = pupitre_quiz_to_gift (quiz);
      if (!g_file_set_contents (path, gift, -1, error))
        return FALSE;
      pupitre_quiz_draft_mark_saved (self->draft);
    }
  else
    {
      if (!pupitre_quiz_draft_save_json (self->draft, path, error))
        return FALSE;
      g_set_object (&self->file, file);
    }

  remove_autosave (self);
  edited (self);
  return TRUE;
}

GFile *
pupitre_editor_window_get_file (PupitreEditorWindow *self)
{
  g_return_val_if_fail (PUPITRE_IS_EDITOR_WINDOW (self), NULL);
  return self->file;
}

PupitreQuizDraft *
pupitre_editor_window_get_draft (PupitreEditorWindow *self)
{
  g_return_val_if_fail (PUPITRE_IS_EDITOR_WINDOW (self), NULL);
  return self->draft;
}

const char *
pupitre_editor_window_get_autosave_path (PupitreEditorWindow *self)
{
  g_return_val_if_fail (PUPITRE_IS_EDITOR_WINDOW (self), NULL);
  return self->autosave_path;
}

static void
host (PupitreEditorWindow *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *path = NULL;

  if (app == NULL || self->file == NULL ||
      !g_action_group_has_action (G_ACTION_GROUP (app), "host-quiz"))
    return;
  path = g_file_get_path (self->file);
  g_action_group_activate_action (G_ACTION_GROUP (app), "host-quiz",
                                  g_variant_new_string (path));
}

static gboolean
close_idle_cb (gpointer user_data)
{
  PupitreEditorWindow *self = user_data;

  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

/* Not from the dialog's response: the dialog still points at the window
 * until its own handlers return. */
static void
close_later (PupitreEditorWindow *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

static void
after_save (PupitreEditorWindow *self)
{
  AfterSave next = self->after_save;

  self->after_save = AFTER_SAVE_NOTHING;
  if (next == AFTER_SAVE_CLOSE)
    close_later (self);
  else if (next == AFTER_SAVE_HOST)
    host (self);
}

static void
save_or_explain (PupitreEditorWindow *self,
                 GFile               *file)
{
  g_autoptr(GError) error = NULL;

  if (!pupitre_editor_window_save_to_file (self, file, &error))
    {
      self->after_save = AFTER_SAVE_NOTHING;
      show_banner (self, error->message);
      return;
    }
  after_save (self);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char * const *patterns)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
save_chooser_response_cb (GtkNativeDialog     *chooser,
                          int                  response,
                          PupitreEditorWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    {
      self->after_save = AFTER_SAVE_NOTHING;
      return;
    }
  save_or_explain (self, file);
}

static void
run_save_chooser (PupitreEditorWindow *self)
{
  static const char * const json_patterns[] = { "*.json", NULL };
  static const char * const gift_patterns[] = { "*.gift", "*.txt", NULL };
  g_autofree char *name = NULL;
  const char *title = pupitre_quiz_draft_get_title (self->draft);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the Quiz"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (chooser), _("Pupitre quiz (JSON)"), json_patterns);
  add_filter (GTK_FILE_CHOOSER (chooser), _("GIFT, for Moodle (.gift)"), gift_patterns);
  /* TRANSLATORS: the file name suggested for a new quiz. */
  name = g_strdup_printf ("%s.json", title[0] != '\0' ? title : _("quiz"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
save (PupitreEditorWindow *self,
      AfterSave            next)
{
  g_autoptr(GError) error = NULL;

  /* Said before the name is asked: the file would be refused anyway. */
  if (!pupitre_quiz_draft_check (self->draft, &error))
    {
      show_banner (self, error->message);
      return;
    }
  self->after_save = next;
  if (self->file == NULL)
    run_save_chooser (self);
  else if (pupitre_quiz_draft_is_modified (self->draft))
    save_or_explain (self, self->file);
  else
    after_save (self);
}

static void
open_chooser_response_cb (GtkNativeDialog     *chooser,
                          int                  response,
                          PupitreEditorWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && !pupitre_editor_window_open_file (self, file, &error))
    show_banner (self, error->message);
}

/* Actions */

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (widget);
  static const char * const all_patterns[] = { "*.json", "*.gift", "*.txt", "*.xml", "*.csv", NULL };
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open a Quiz"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (chooser),
              _("Quizzes (JSON, GIFT, Aiken, Moodle XML, CSV)"), all_patterns);
  g_signal_connect (chooser, "response", G_CALLBACK (open_chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save (PUPITRE_EDITOR_WINDOW (widget), AFTER_SAVE_NOTHING);
}

static void
save_as_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (widget);

  self->after_save = AFTER_SAVE_NOTHING;
  run_save_chooser (self);
}

static void
host_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save (PUPITRE_EDITOR_WINDOW (widget), AFTER_SAVE_HOST);
}

static void
undo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (widget);

  if (pupitre_quiz_draft_undo (self->draft))
    refresh_all (self);
}

static void
redo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (widget);

  if (pupitre_quiz_draft_redo (self->draft))
    refresh_all (self);
}

static void
add_question_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (widget);
  guint index = n_questions (self) > 0 ? self->current + 1 : 0;

  select_question (self, pupitre_quiz_draft_insert_question (self->draft, index));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_entry));
}

static void
duplicate_question_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (widget);

  if (current_question (self) == NULL)
    return;
  pupitre_quiz_draft_duplicate_question (self->draft, self->current);
  select_question (self, self->current + 1);
}

static void
delete_question_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (widget);

  if (current_question (self) == NULL)
    return;
  /* Undo brings it back: no question asked. */
  pupitre_quiz_draft_remove_question (self->draft, self->current);
  refresh_all (self);
}

static void
move (PupitreEditorWindow *self,
      int                  delta)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean in_list = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->question_list));
  guint to;

  if (current_question (self) == NULL ||
      (delta < 0 && self->current == 0) ||
      (delta > 0 && self->current + 1 >= n_questions (self)))
    return;
  to = self->current + delta;
  pupitre_quiz_draft_move_question (self->draft, self->current, to);
  select_question (self, to);
  /* The focus follows the row it was on. */
  if (in_list)
    gtk_widget_grab_focus (GTK_WIDGET (row_at (self, to)));
}

static void
move_up_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  move (PUPITRE_EDITOR_WINDOW (widget), -1);
}

static void
move_down_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  move (PUPITRE_EDITOR_WINDOW (widget), 1);
}

static void
add_choice_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (widget);
  const PupitreQuestion *question = current_question (self);

  if (question == NULL || question->n_choices >= PUPITRE_MAX_CHOICES)
    return;
  pupitre_quiz_draft_add_choice (self->draft, self->current);
  refresh_all (self);
  gtk_widget_grab_focus (g_ptr_array_index (self->choice_entries, self->choice_entries->len - 1));
}

static void
all_time_limits_response_cb (GtkDialog           *dialog,
                             int                  response,
                             PupitreEditorWindow *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "spin");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      pupitre_quiz_draft_set_all_time_limits (self->draft,
                                              (gint64) gtk_spin_button_get_value_as_int (spin) * 1000);
      refresh_all (self);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
all_time_limits_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *spin;
  gint64 limit = pupitre_quiz_draft_get_time_limit (self->draft);

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("One time limit for all questions"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Seconds for every question; the questions’ own limits are dropped."));
  spin = gtk_spin_button_new_with_range (PUPITRE_QUIZ_MIN_TIME_LIMIT_MS / 1000,
                                         PUPITRE_QUIZ_MAX_TIME_LIMIT_MS / 1000, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), limit != 0 ? (double) limit / 1000.0 : 20.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Time limit in seconds"), -1);
  gtk_box_append (GTK_BOX (gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog))), spin);
  g_object_set_data (G_OBJECT (dialog), "spin", spin);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Apply to All"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (all_time_limits_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preview_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (widget);
  const PupitreQuestion *question = current_question (self);
  gint64 limit;

  if (question == NULL)
    return;
  /* Played with its own limit, else the quiz's, else the server's. */
  limit = question->time_limit_ms != 0 ? question->time_limit_ms :
          pupitre_quiz_draft_get_time_limit (self->draft) != 0 ?
          pupitre_quiz_draft_get_time_limit (self->draft) : SERVER_TIME_LIMIT_MS;
  gtk_window_present (GTK_WINDOW (pupitre_editor_preview_new (GTK_WINDOW (self), self->current + 1,
                                                              n_questions (self), question, limit)));
}

/* Closing and restoring */

static void
close_response_cb (GtkDialog           *dialog,
                   int                  response,
                   PupitreEditorWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  switch (response)
    {
    case GTK_RESPONSE_ACCEPT:
      save (self, AFTER_SAVE_CLOSE);
      break;
    case GTK_RESPONSE_REJECT:
      remove_autosave (self);
      close_later (self);
      break;
    default:
      break;
    }
}

static gboolean
pupitre_editor_window_close_request (GtkWindow *window)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (window);
  GtkWidget *dialog;

  if (self->close_confirmed || !pupitre_quiz_draft_is_modified (self->draft))
    {
      /* A draft left behind would be offered again; this one is saved or
       * thrown away on purpose. */
      remove_autosave (self);
      return GTK_WINDOW_CLASS (pupitre_editor_window_parent_class)->close_request (window);
    }

  dialog = gtk_message_dialog_new (window,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Save the quiz before closing?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("The changes are lost otherwise."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Save"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
restore_response_cb (GtkDialog           *dialog,
                     int                  response,
                     PupitreEditorWindow *self)
{
  g_autoptr(GError) error = NULL;
  PupitreQuizDraft *draft;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    {
      draft = pupitre_quiz_draft_restore (self->autosave_path, &error);
      if (draft == NULL)
        {
          show_banner (self, error->message);
          return;
        }
      replace_draft (self, draft, NULL);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_entry));
    }
  else if (response == GTK_RESPONSE_REJECT)
    remove_autosave (self);
}

void
pupitre_editor_window_offer_restore (PupitreEditorWindow *self)
{
  GtkWidget *dialog;

  g_return_if_fail (PUPITRE_IS_EDITOR_WINDOW (self));

  if (!g_file_test (self->autosave_path, G_FILE_TEST_IS_REGULAR))
    return;

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Restore the unsaved quiz?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("The editor was closed before the quiz was saved."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Restore"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (restore_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
app_actions_changed_cb (PupitreEditorWindow *self)
{
  update_actions (self);
}

/* Told just before the action goes, while the application still has it. */
static void
app_action_removed_cb (PupitreEditorWindow *self,
                       const char          *name)
{
  if (g_str_equal (name, "host-quiz"))
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.host", FALSE);
}

static void
application_changed_cb (PupitreEditorWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  /* Hosting may arrive after the editor. */
  if (app != NULL)
    {
      g_signal_connect_object (app, "action-added", G_CALLBACK (app_actions_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "action-removed", G_CALLBACK (app_action_removed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  update_actions (self);
}

PupitreEditorWindow *
pupitre_editor_window_new (GtkApplication *application)
{
  return g_object_new (PUPITRE_TYPE_EDITOR_WINDOW, "application", application, NULL);
}

static void
pupitre_editor_window_dispose (GObject *object)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (object);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->marked);
  g_clear_object (&self->file);

  gtk_widget_dispose_template (GTK_WIDGET (self), PUPITRE_TYPE_EDITOR_WINDOW);

  G_OBJECT_CLASS (pupitre_editor_window_parent_class)->dispose (object);
}

static void
pupitre_editor_window_finalize (GObject *object)
{
  PupitreEditorWindow *self = PUPITRE_EDITOR_WINDOW (object);

  g_clear_pointer (&self->draft, pupitre_quiz_draft_free);
  g_clear_pointer (&self->choice_radios, g_ptr_array_unref);
  g_clear_pointer (&self->choice_entries, g_ptr_array_unref);
  g_clear_pointer (&self->choice_removes, g_ptr_array_unref);
  g_free (self->autosave_path);

  G_OBJECT_CLASS (pupitre_editor_window_parent_class)->finalize (object);
}

static void
pupitre_editor_window_class_init (PupitreEditorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pupitre_editor_window_dispose;
  object_class->finalize = pupitre_editor_window_finalize;
  window_class->close_request = pupitre_editor_window_close_request;

  g_type_ensure (PUPITRE_TYPE_EDITOR_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-editor-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, host_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, title_entry);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, question_list);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, default_time_spin);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, heading_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, text_entry);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, choices_box);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, add_choice_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, own_time_check);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, time_spin);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, points_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PupitreEditorWindow, explanation_entry);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, default_time_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, own_time_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, points_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, explanation_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_activated);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_activated);
  gtk_widget_class_install_action (widget_class, "win.host", NULL, host_activated);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_activated);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_activated);
  gtk_widget_class_install_action (widget_class, "win.add-question", NULL, add_question_activated);
  gtk_widget_class_install_action (widget_class, "win.duplicate-question", NULL,
                                   duplicate_question_activated);
  gtk_widget_class_install_action (widget_class, "win.delete-question", NULL,
                                   delete_question_activated);
  gtk_widget_class_install_action (widget_class, "win.move-up", NULL, move_up_activated);
  gtk_widget_class_install_action (widget_class, "win.move-down", NULL, move_down_activated);
  gtk_widget_class_install_action (widget_class, "win.add-choice", NULL, add_choice_activated);
  gtk_widget_class_install_action (widget_class, "win.preview", NULL, preview_activated);
  gtk_widget_class_install_action (widget_class, "win.all-time-limits", NULL,
                                   all_time_limits_activated);

  /* The window's own keys, not the application's: the game windows have
   * other uses for them. Undo and redo are in add_capture_shortcuts(). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.add-question", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "win.duplicate-question", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "win.preview", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "win.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.move-down", NULL);
}

/* Before the entries see the keys: their own undo would take Ctrl+Z, and
 * the draft's undo is the one that knows every edit. */
static void
add_capture_shortcuts (PupitreEditorWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  static const struct {
    guint            key;
    GdkModifierType  modifiers;
    const char      *action;
  } keys[] = {
    { GDK_KEY_z, GDK_CONTROL_MASK, "win.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
  };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key,
                                                                                    keys[i].modifiers),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
pupitre_editor_window_init (PupitreEditorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_capture_shortcuts (self);

  self->choice_radios = g_ptr_array_new ();
  self->choice_entries = g_ptr_array_new ();
  self->choice_removes = g_ptr_array_new ();
  self->autosave_path = pupitre_quiz_draft_get_autosave_path ();

  /* A new quiz starts on its first question, ready to type. */
  self->draft = pupitre_quiz_draft_new ();
  pupitre_quiz_draft_insert_question (self->draft, 0);
  pupitre_quiz_draft_clear_history (self->draft);
  pupitre_quiz_draft_mark_saved (self->draft);

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  refresh_all (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->text_entry));
}
