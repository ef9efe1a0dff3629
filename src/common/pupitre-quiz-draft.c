/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The editor's quiz: a state, and the states before and after it for undo
 * and redo. A snapshot per edit is simple and a quiz is small (at most 500
 * questions), so no command has to know how to undo itself. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "pupitre-protocol.h"
#include "pupitre-quiz-draft.h"
#include "pupitre-quiz-private.h"

/* Beyond this, the oldest edits are forgotten. */
#define MAX_UNDO 200

typedef struct
{
  char      *title;
  gint64     time_limit_ms;
  GPtrArray *questions;  /* of PupitreQuestion */
  guint      id;         /* the same after an undo and a redo back to it */
} State;

struct _PupitreQuizDraft
{
  State  *state;
  GQueue  undo;    /* of State, newest first */
  GQueue  redo;
  /* Typing in one field is one edit to undo, not one per key. */
  char   *last_edit;
  guint   last_id;
  guint   saved_id;
};

static PupitreQuestion *
question_copy (const PupitreQuestion *question)
{
  PupitreQuestion *copy = pupitre_question_new (question->line);

  copy->text = g_strdup (question->text);
  copy->choices = g_strdupv (question->choices);
  copy->n_choices = question->n_choices;
  copy->answer = question->answer;
  copy->time_limit_ms = question->time_limit_ms;
  copy->explanation = g_strdup (question->explanation);
  copy->points = question->points;
  return copy;
}

static State *
state_new (void)
{
  State *state = g_new0 (State, 1);

  state->title = g_strdup ("");
  state->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) pupitre_question_free);
  return state;
}

static void
state_free (State *state)
{
  g_free (state->title);
  g_ptr_array_unref (state->questions);
  g_free (state);
}

static State *
state_copy (const State *state)
{
  State *copy = state_new ();

  g_free (copy->title);
  copy->title = g_strdup (state->title);
  copy->time_limit_ms = state->time_limit_ms;
  copy->id = state->id;
  for (guint i = 0; i < state->questions->len; i++)
    g_ptr_array_add (copy->questions, question_copy (g_ptr_array_index (state->questions, i)));
  return copy;
}

PupitreQuizDraft *
pupitre_quiz_draft_new (void)
{
  PupitreQuizDraft *self = g_new0 (PupitreQuizDraft, 1);

  self->state = state_new ();
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  return self;
}

PupitreQuizDraft *
pupitre_quiz_draft_new_from_quiz (PupitreQuiz *quiz)
{
  PupitreQuizDraft *self = pupitre_quiz_draft_new ();

  g_return_val_if_fail (quiz != NULL, self);

  g_free (self->state->title);
  self->state->title = g_strdup (pupitre_quiz_get_title (quiz));
  self->state->time_limit_ms = pupitre_quiz_get_time_limit (quiz);
  for (guint i = 0; i < pupitre_quiz_get_n_questions (quiz); i++)
    g_ptr_array_add (self->state->questions,
                     question_copy (pupitre_quiz_get_question (quiz, i)));
  return self;
}

void
pupitre_quiz_draft_free (PupitreQuizDraft *self)
{
  if (self == NULL)
    return;
  state_free (self->state);
  g_queue_clear_full (&self->undo, (GDestroyNotify) state_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) state_free);
  g_free (self->last_edit);
  g_free (self);
}

/* Called before every change; @edit names a field when typing in it
 * goes on, NULL for an edit that stands alone. */
static void
begin_edit (PupitreQuizDraft *self,
            const char       *edit)
{
  gboolean same = edit != NULL && g_strcmp0 (edit, self->last_edit) == 0 &&
                  self->undo.length > 0 && self->redo.length == 0;

  if (!same)
    {
      g_queue_push_head (&self->undo, state_copy (self->state));
      if (self->undo.length > MAX_UNDO)
        state_free (g_queue_pop_tail (&self->undo));
    }
  g_queue_clear_full (&self->redo, (GDestroyNotify) state_free);
  g_free (self->last_edit);
  self->last_edit = g_strdup (edit);
  self->state->id = ++self->last_id;
}

static PupitreQuestion *
question_at (PupitreQuizDraft *self,
             guint             index)
{
  g_return_val_if_fail (index < self->state->questions->len, NULL);
  return g_ptr_array_index (self->state->questions, index);
}

const char *
pupitre_quiz_draft_get_title (PupitreQuizDraft *self)
{
  return self->state->title;
}

void
pupitre_quiz_draft_set_title (PupitreQuizDraft *self,
                              const char       *title)
{
  begin_edit (self, "title");
  g_free (self->state->title);
  self->state->title = g_strdup (title != NULL ? title : "");
}

gint64
pupitre_quiz_draft_get_time_limit (PupitreQuizDraft *self)
{
  return self->state->time_limit_ms;
}

void
pupitre_quiz_draft_set_time_limit (PupitreQuizDraft *self,
                                   gint64            time_limit_ms)
{
  begin_edit (self, "time-limit");
  self->state->time_limit_ms = time_limit_ms;
}

void
pupitre_quiz_draft_set_all_time_limits (PupitreQuizDraft *self,
                                        gint64            time_limit_ms)
{
  begin_edit (self, NULL);
  self->state->time_limit_ms = time_limit_ms;
  for (guint i = 0; i < self->state->questions->len; i++)
    question_at (self, i)->time_limit_ms = 0;
}

guint
pupitre_quiz_draft_get_n_questions (PupitreQuizDraft *self)
{
  return self->state->questions->len;
}

const PupitreQuestion *
pupitre_quiz_draft_get_question (PupitreQuizDraft *self,
                                 guint             index)
{
  return question_at (self, index);
}

guint
pupitre_quiz_draft_insert_question (PupitreQuizDraft *self,
                                    guint             index)
{
  PupitreQuestion *question = pupitre_question_new (0);
  const char *empty[] = { "", "", NULL };

  index = MIN (index, self->state->questions->len);
  begin_edit (self, NULL);
  question->text = g_strdup ("");
  question->choices = g_strdupv ((char **) empty);
  question->n_choices = 2;
  question->answer = 1;
  question->points = 1;
  g_ptr_array_insert (self->state->questions, index, question);
  return index;
}

void
pupitre_quiz_draft_duplicate_question (PupitreQuizDraft *self,
                                       guint             index)
{
  PupitreQuestion *question = question_at (self, index);

  g_return_if_fail (question != NULL);
  begin_edit (self, NULL);
  g_ptr_array_insert (self->state->questions, index + 1, question_copy (question));
}

void
pupitre_quiz_draft_remove_question (PupitreQuizDraft *self,
                                    guint             index)
{
  g_return_if_fail (index < self->state->questions->len);
  begin_edit (self, NULL);
  g_ptr_array_remove_index (self->state->questions, index);
}

void
pupitre_quiz_draft_move_question (PupitreQuizDraft *self,
                                  guint             from,
                                  guint             to)
{
  PupitreQuestion *question;

  g_return_if_fail (from < self->state->questions->len);
  g_return_if_fail (to < self->state->questions->len);
  if (from == to)
    return;
  begin_edit (self, NULL);
  question = g_ptr_array_steal_index (self->state->questions, from);
  g_ptr_array_insert (self->state->questions, to, question);
}

static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

void
pupitre_quiz_draft_set_text (PupitreQuizDraft *self,
                             guint             index,
                             const char       *text)
{
  g_autofree char *edit = g_strdup_printf ("text %u", index);
  PupitreQuestion *question = question_at (self, index);

  g_return_if_fail (question != NULL);
  begin_edit (self, edit);
  replace_string (&question->text, text != NULL ? text : "");
}

void
pupitre_quiz_draft_set_choice (PupitreQuizDraft *self,
                               guint             index,
                               guint             choice,
                               const char       *text)
{
  g_autofree char *edit = g_strdup_printf ("choice %u %u", index, choice);
  PupitreQuestion *question = question_at (self, index);

  g_return_if_fail (question != NULL && choice < question->n_choices);
  begin_edit (self, edit);
  replace_string (&question->choices[choice], text != NULL ? text : "");
}

void
pupitre_quiz_draft_add_choice (PupitreQuizDraft *self,
                               guint             index)
{
  PupitreQuestion *question = question_at (self, index);

  g_return_if_fail (question != NULL && question->n_choices < PUPITRE_MAX_CHOICES);
  begin_edit (self, NULL);
  question->choices = g_renew (char *, question->choices, question->n_choices + 2);
  question->choices[question->n_choices++] = g_strdup ("");
  question->choices[question->n_choices] = NULL;
}

void
pupitre_quiz_draft_remove_choice (PupitreQuizDraft *self,
                                  guint             index,
                                  guint             choice)
{
  PupitreQuestion *question = question_at (self, index);

  g_return_if_fail (question != NULL && choice < question->n_choices);
  begin_edit (self, NULL);
  g_free (question->choices[choice]);
  memmove (&question->choices[choice], &question->choices[choice + 1],
           (question->n_choices - choice) * sizeof (char *));
  question->n_choices--;
  /* The right answer stays on the same choice, or is lost with it. */
  if (question->answer == choice + 1)
    question->answer = 0;
  else if (question->answer > choice + 1)
    question->answer--;
}

void
pupitre_quiz_draft_set_answer (PupitreQuizDraft *self,
                               guint             index,
                               guint             answer)
{
  PupitreQuestion *question = question_at (self, index);

  g_return_if_fail (question != NULL);
  begin_edit (self, NULL);
  question->answer = answer;
}

void
pupitre_quiz_draft_set_question_time_limit (PupitreQuizDraft *self,
                                            guint             index,
                                            gint64            time_limit_ms)
{
  g_autofree char *edit = g_strdup_printf ("time-limit %u", index);
  PupitreQuestion *question = question_at (self, index);

  g_return_if_fail (question != NULL);
  begin_edit (self, edit);
  question->time_limit_ms = time_limit_ms;
}

void
pupitre_quiz_draft_set_points (PupitreQuizDraft *self,
                               guint             index,
                               guint             points)
{
  PupitreQuestion *question = question_at (self, index);

  g_return_if_fail (question != NULL && points <= PUPITRE_QUIZ_MAX_POINTS);
  begin_edit (self, NULL);
  question->points = points;
}

void
pupitre_quiz_draft_set_explanation (PupitreQuizDraft *self,
                                    guint             index,
                                    const char       *explanation)
{
  g_autofree char *edit = g_strdup_printf ("explanation %u", index);
  PupitreQuestion *question = question_at (self, index);

  g_return_if_fail (question != NULL);
  begin_edit (self, edit);
  /* An empty explanation is none, as in the native format. */
  replace_string (&question->explanation,
                  explanation != NULL && explanation[0] != '\0' ? explanation : NULL);
}

char *
pupitre_quiz_draft_check_question (PupitreQuizDraft *self,
                                   guint             index)
{
  PupitreQuestion *question = question_at (self, index);

  g_return_val_if_fail (question != NULL, NULL);
  return pupitre_question_check (question);
}

gboolean
pupitre_quiz_draft_check (PupitreQuizDraft *self,
                          GError          **error)
{
  if (self->state->questions->len == 0)
    {
      g_set_error_literal (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_INVALID,
                           _("the quiz has no questions"));
      return FALSE;
    }
  for (guint i = 0; i < self->state->questions->len; i++)
    {
      g_autofree char *problem = pupitre_quiz_draft_check_question (self, i);

      if (problem != NULL)
        {
          g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_INVALID,
                       /* TRANSLATORS: question number, what is wrong with it. */
                       _("question %u: %s"), i + 1, problem);
          return FALSE;
        }
    }
  return TRUE;
}

char *
pupitre_quiz_draft_to_json (PupitreQuizDraft *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const char *title = self->state->title;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  /* The server refuses a quiz without a title. */
  json_builder_add_string_value (builder, title[0] != '\0' ? title : _("Quiz"));
  if (self->state->time_limit_ms != 0)
    {
      json_builder_set_member_name (builder, "time_limit_ms");
      json_builder_add_int_value (builder, self->state->time_limit_ms);
    }
  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->state->questions->len; i++)
    {
      const PupitreQuestion *question = question_at (self, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, question->text);
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint c = 0; c < question->n_choices; c++)
        json_builder_add_string_value (builder, question->choices[c]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "answer");
      json_builder_add_int_value (builder, question->answer);
      if (question->time_limit_ms != 0)
        {
          json_builder_set_member_name (builder, "time_limit_ms");
          json_builder_add_int_value (builder, question->time_limit_ms);
        }
      if (question->explanation != NULL)
        {
          json_builder_set_member_name (builder, "explanation");
          json_builder_add_string_value (builder, question->explanation);
        }
      if (question->points != 1)
        {
          json_builder_set_member_name (builder, "points");
          json_builder_add_int_value (builder, question->points);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

gboolean
pupitre_quiz_draft_save_json (PupitreQuizDraft *self,
                              const char       *path,
                              GError          **error)
{
  g_autofree char *json = NULL;

  if (!pupitre_quiz_draft_check (self, error))
    return FALSE;
  json = pupitre_quiz_draft_to_json (self);
  if (!g_file_set_contents (path, json, -1, error))
    return FALSE;
  pupitre_quiz_draft_mark_saved (self);
  return TRUE;
}

char *
pupitre_quiz_draft_get_autosave_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "pupitre", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_free (dir);
      dir = g_build_filename (g_get_user_data_dir (), "pupitre", NULL);
      g_mkdir_with_parents (dir, 0700);
    }
  return g_build_filename (dir, "draft.json", NULL);
}

gboolean
pupitre_quiz_draft_autosave (PupitreQuizDraft *self,
                             const char       *path,
                             GError          **error)
{
  g_autofree char *json = pupitre_quiz_draft_to_json (self);

  return g_file_set_contents (path, json, -1, error);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

PupitreQuizDraft *
pupitre_quiz_draft_restore (const char  *path,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PupitreQuizDraft) self = NULL;
  JsonObject *root;
  JsonArray *questions;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_INVALID,
                           _("the quiz is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  self = pupitre_quiz_draft_new ();
  g_free (self->state->title);
  self->state->title = g_strdup (member_string (root, "title") != NULL ?
                                 member_string (root, "title") : "");
  self->state->time_limit_ms = member_int (root, "time_limit_ms", 0);

  questions = json_object_has_member (root, "questions") &&
              JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "questions")) ?
              json_object_get_array_member (root, "questions") : NULL;
  for (guint i = 0; questions != NULL && i < json_array_get_length (questions) &&
                    i < PUPITRE_QUIZ_MAX_QUESTIONS; i++)
    {
      JsonNode *node = json_array_get_element (questions, i);
      g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func (g_free);
      PupitreQuestion *question;
      JsonObject *object;
      JsonNode *array;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      question = pupitre_question_new (0);
      question->text = g_strdup (member_string (object, "text") != NULL ?
                                 member_string (object, "text") : "");
      array = json_object_get_member (object, "choices");
      for (guint c = 0; array != NULL && JSON_NODE_HOLDS_ARRAY (array) &&
                        c < json_array_get_length (json_node_get_array (array)) &&
                        c < PUPITRE_MAX_CHOICES; c++)
        {
          JsonNode *choice = json_array_get_element (json_node_get_array (array), c);

          g_ptr_array_add (choices, g_strdup (json_node_get_value_type (choice) == G_TYPE_STRING ?
                                              json_node_get_string (choice) : ""));
        }
      pupitre_question_take_choices (question, choices);
      question->answer = (guint) CLAMP (member_int (object, "answer", 0), 0, PUPITRE_MAX_CHOICES);
      question->time_limit_ms = member_int (object, "time_limit_ms", 0);
      question->explanation = g_strdup (member_string (object, "explanation"));
      question->points = (guint) CLAMP (member_int (object, "points", 1), 0, PUPITRE_QUIZ_MAX_POINTS);
      g_ptr_array_add (self->state->questions, question);
    }

  /* Not saved anywhere yet: closing it must ask. */
  self->state->id = ++self->last_id;
  return g_steal_pointer (&self);
}

gboolean
pupitre_quiz_draft_can_undo (PupitreQuizDraft *self)
{
  return self->undo.length > 0;
}

gboolean
pupitre_quiz_draft_can_redo (PupitreQuizDraft *self)
{
  return self->redo.length > 0;
}

gboolean
pupitre_quiz_draft_undo (PupitreQuizDraft *self)
{
  if (self->undo.length == 0)
    return FALSE;
  g_queue_push_head (&self->redo, self->state);
  self->state = g_queue_pop_head (&self->undo);
  g_clear_pointer (&self->last_edit, g_free);
  return TRUE;
}

gboolean
pupitre_quiz_draft_redo (PupitreQuizDraft *self)
{
  if (self->redo.length == 0)
    return FALSE;
  g_queue_push_head (&self->undo, self->state);
  self->state = g_queue_pop_head (&self->redo);
  g_clear_pointer (&self->last_edit, g_free);
  return TRUE;
}

void
pupitre_quiz_draft_clear_history (PupitreQuizDraft *self)
{
  g_queue_clear_full (&self->undo, (GDestroyNotify) state_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) state_free);
  g_clear_pointer (&self->last_edit, g_free);
}

gboolean
pupitre_quiz_draft_is_modified (PupitreQuizDraft *self)
{
  return self->state->id != self->saved_id;
}

void
pupitre_quiz_draft_mark_saved (PupitreQuizDraft *self)
{
  self->saved_id = self->state->id;
}
