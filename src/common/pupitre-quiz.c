/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A quiz in the native JSON format, loaded and checked; the limits every imported quiz keeps too. */

#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "pupitre-json.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"
#include "pupitre-quiz-private.h"

struct _PupitreQuiz
{
  grefcount  ref_count;
  char      *title;
  char      *language;
  gint64     time_limit_ms;
  GPtrArray *questions;
  GPtrArray *warnings;   /* NULL-terminated */
  guint      n_skipped;
};

/* Where each part of the file starts, recorded while json-glib parses:
 * the tree it builds keeps no positions, and a teacher fixing a file needs
 * the line. */
typedef struct
{
  GArray     *open_lines;     /* object-start lines, innermost last */
  GHashTable *object_lines;   /* JsonObject * → line of its “{” */
  GHashTable *element_lines;  /* JsonNode * of an array element → line */
  guint       root_line;
} LineMap;

G_DEFINE_QUARK (pupitre-quiz-error-quark, pupitre_quiz_error)

PupitreQuestion *
pupitre_question_new (guint line)
{
  PupitreQuestion *question = g_new0 (PupitreQuestion, 1);

  question->points = 1;

  question->line = line;
  return question;
}

void
pupitre_question_free (PupitreQuestion *question)
{
  g_free (question->text);
  g_strfreev (question->choices);
  g_free (question->explanation);
  g_free (question);
}

void
pupitre_question_take_choices (PupitreQuestion *question,
                               GPtrArray       *choices)
{
  g_strfreev (question->choices);
  question->n_choices = choices->len;
  g_ptr_array_add (choices, NULL);
  question->choices = (char **) g_ptr_array_steal (choices, NULL);
}

static void
object_start_cb (JsonParser *parser,
                 LineMap    *map)
{
  guint line = json_parser_get_current_line (parser);

  if (map->root_line == 0)
    map->root_line = line;
  g_array_append_val (map->open_lines, line);
}

static void
object_end_cb (JsonParser *parser,
               JsonObject *object,
               LineMap    *map)
{
  guint line;

  g_return_if_fail (map->open_lines->len > 0);

  line = g_array_index (map->open_lines, guint, map->open_lines->len - 1);
  g_array_set_size (map->open_lines, map->open_lines->len - 1);
  g_hash_table_insert (map->object_lines, object, GUINT_TO_POINTER (line));
}

static void
array_start_cb (JsonParser *parser,
                LineMap    *map)
{
  if (map->root_line == 0)
    map->root_line = json_parser_get_current_line (parser);
}

/* Called once the element is parsed: the line is that of the element's
 * end, or of the token after it. Only used for elements that are not
 * objects, whose start is not recorded otherwise. */
static void
array_element_cb (JsonParser *parser,
                  JsonArray  *array,
                  guint       index,
                  LineMap    *map)
{
  JsonNode *node = json_array_get_element (array, index);

  g_hash_table_insert (map->element_lines, node,
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static guint
line_of_element (LineMap  *map,
                 JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      gpointer line = g_hash_table_lookup (map->object_lines,
                                           json_node_get_object (node));

      if (line != NULL)
        return GPOINTER_TO_UINT (line);
    }

  return GPOINTER_TO_UINT (g_hash_table_lookup (map->element_lines, node));
}

static guint
line_of_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        line++;
    }

  return line;
}

char *
pupitre_quiz_format_message (const char *name,
                             guint       line,
                             guint       number,
                             const char *problem)
{
  if (number == 0)
    /* TRANSLATORS: file name, line number, what is wrong. */
    return g_strdup_printf (_("%s:%u: %s"), name, line, problem);

  /* TRANSLATORS: file name, line number, question number, what is wrong. */
  return g_strdup_printf (_("%s:%u: question %u: %s"), name, line, number, problem);
}

void
pupitre_quiz_set_error (GError     **error,
                        int          code,
                        const char  *name,
                        guint        line,
                        guint        number,
                        const char  *format,
                        ...)
{
  g_autofree char *problem = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  message = pupitre_quiz_format_message (name, line, number, problem);
  g_set_error_literal (error, PUPITRE_QUIZ_ERROR, code, message);
}

#define set_file_error(error, code, name, line, ...) \
  pupitre_quiz_set_error (error, code, name, line, 0, __VA_ARGS__)

/* Reads a string member, trimmed. Absent: *@out stays NULL. Returns the
 * accessor's message (naming the member) on a wrong type. */
static gboolean
get_trimmed_string (JsonObject  *object,
                    const char  *member,
                    char       **out,
                    char       **problem)
{
  g_autoptr(GError) local_error = NULL;
  const char *value = NULL;

  if (!pupitre_json_get_string (object, member, FALSE, &value, &local_error))
    {
      *problem = g_strdup (local_error->message);
      return FALSE;
    }

  *out = value != NULL ? pupitre_utf8_strip (value) : NULL;
  return TRUE;
}

static gboolean
longer_than (const char *text,
             glong       max_chars)
{
  return text != NULL && g_utf8_strlen (text, -1) > max_chars;
}

/* The loaders strip what they read; the editor's fields are checked as
 * they will be read back. */
static gboolean
is_blank (const char *text)
{
  g_autofree char *stripped = text != NULL ? pupitre_utf8_strip (text) : NULL;

  return stripped == NULL || stripped[0] == '\0';
}

/* Two choices a student cannot tell apart: the same words, whatever the
 * case or the spaces around them. Returns the 1-based pair in *@first and
 * *@second. */
static gboolean
find_duplicate_choices (const PupitreQuestion *question,
                        guint                 *first,
                        guint                 *second)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < question->n_choices; i++)
    {
      g_autofree char *stripped = pupitre_utf8_strip (question->choices[i]);
      g_autofree char *normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL_COMPOSE);

      g_ptr_array_add (keys, g_utf8_casefold (normal != NULL ? normal : stripped, -1));
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (g_ptr_array_index (keys, j), g_ptr_array_index (keys, i)) == 0)
          {
            *first = j + 1;
            *second = i + 1;
            return TRUE;
          }
    }
  return FALSE;
}

/* The limits of the native format, for a question read from any format:
 * every text fits the protocol's lines, every answer is one of the choices. */
char *
pupitre_question_check (const PupitreQuestion *question)
{
  guint first, second;

  if (is_blank (question->text))
    return g_strdup (_("“text” is empty"));
  if (longer_than (question->text, PUPITRE_QUIZ_MAX_TEXT_CHARS))
    return g_strdup_printf (_("“text” is longer than %d characters"),
                            PUPITRE_QUIZ_MAX_TEXT_CHARS);
  if (question->n_choices < 2)
    return g_strdup (_("a question needs at least 2 choices"));
  if (question->n_choices > PUPITRE_MAX_CHOICES)
    return g_strdup_printf (_("a question has at most %d choices"), PUPITRE_MAX_CHOICES);

  for (guint i = 0; i < question->n_choices; i++)
    {
      if (is_blank (question->choices[i]))
        return g_strdup_printf (_("choice %u is empty"), i + 1);
      if (longer_than (question->choices[i], PUPITRE_QUIZ_MAX_CHOICE_CHARS))
        return g_strdup_printf (_("choice %u is longer than %d characters"),
                                i + 1, PUPITRE_QUIZ_MAX_CHOICE_CHARS);
    }

  if (find_duplicate_choices (question, &first, &second))
    /* TRANSLATORS: two choice numbers, the first smaller. */
    return g_strdup_printf (_("choices %u and %u are the same"), first, second);

  if (question->answer < 1 || question->answer > question->n_choices)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "“answer” must be between 1 and %u, the number of choices",
                                         "“answer” must be between 1 and %u, the number of choices",
                                         question->n_choices),
                            question->n_choices);

  if (question->time_limit_ms != 0 &&
      (question->time_limit_ms < PUPITRE_QUIZ_MIN_TIME_LIMIT_MS ||
       question->time_limit_ms > PUPITRE_QUIZ_MAX_TIME_LIMIT_MS))
    return g_strdup_printf (_("the time limit must be between %d and %d seconds"),
                            PUPITRE_QUIZ_MIN_TIME_LIMIT_MS / 1000,
                            PUPITRE_QUIZ_MAX_TIME_LIMIT_MS / 1000);

  /* It travels in round_result: unbounded, it would push that line over
   * the protocol's limit. */
  if (longer_than (question->explanation, PUPITRE_QUIZ_MAX_TEXT_CHARS))
    return g_strdup_printf (_("“explanation” is longer than %d characters"),
                            PUPITRE_QUIZ_MAX_TEXT_CHARS);

  return NULL;
}

/* Fills @question from a JSON object; returns what is wrong, or NULL. */
static char *
read_question (JsonNode        *node,
               PupitreQuestion *question)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  char *problem = NULL;
  JsonObject *object;
  JsonArray *array = NULL;
  gint64 answer = 0;
  gint64 points;
  guint n_choices;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (_("the question is not a JSON object"));
  object = json_node_get_object (node);

  if (!get_trimmed_string (object, "text", &question->text, &problem))
    return problem;
  if (question->text == NULL)
    return g_strdup (_("“text” is missing"));

  if (!pupitre_json_get_array (object, "choices", TRUE, &array, &local_error))
    return g_strdup (local_error->message);

  /* Counted before the strings are read: a list of a million is refused
   * without copying it. */
  n_choices = json_array_get_length (array);
  if (n_choices > PUPITRE_MAX_CHOICES)
    return g_strdup_printf (_("a question has at most %d choices"), PUPITRE_MAX_CHOICES);

  choices = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_choices; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        return g_strdup_printf (_("choice %u must be a string"), i + 1);

      g_ptr_array_add (choices, pupitre_utf8_strip (json_node_get_string (element)));
    }
  pupitre_question_take_choices (question, choices);

  if (!pupitre_json_get_int (object, "answer", TRUE, G_MININT64, G_MAXINT64,
                             &answer, &local_error))
    return g_strdup (local_error->message);
  question->answer = CLAMP (answer, 0, G_MAXUINT);

  if (!pupitre_json_get_int (object, "time_limit_ms", FALSE,
                             PUPITRE_QUIZ_MIN_TIME_LIMIT_MS,
                             PUPITRE_QUIZ_MAX_TIME_LIMIT_MS,
                             &question->time_limit_ms, &local_error))
    return g_strdup (local_error->message);

  if (!get_trimmed_string (object, "explanation", &question->explanation, &problem))
    return problem;
  if (question->explanation != NULL && question->explanation[0] == '\0')
    g_clear_pointer (&question->explanation, g_free);

  points = 1;
  if (!pupitre_json_get_int (object, "points", FALSE, 0, PUPITRE_QUIZ_MAX_POINTS,
                             &points, &local_error))
    return g_strdup (local_error->message);
  question->points = (guint) points;

  return pupitre_question_check (question);
}

static PupitreQuestion *
parse_question (JsonNode    *node,
                guint        number,
                guint        line,
                const char  *name,
                GError     **error)
{
  g_autoptr(PupitreQuestion) question = pupitre_question_new (line);
  g_autofree char *problem = read_question (node, question);

  if (problem != NULL)
    {
      pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, line, number,
                              "%s", problem);
      return NULL;
    }

  return g_steal_pointer (&question);
}

static PupitreQuiz *
quiz_new (void)
{
  PupitreQuiz *quiz = g_new0 (PupitreQuiz, 1);

  g_ref_count_init (&quiz->ref_count);
  quiz->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) pupitre_question_free);
  quiz->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (quiz->warnings, NULL);
  return quiz;
}

/* At most the native format's length, cut at a character. */
static char *
title_from (const char *text)
{
  g_autofree char *stripped = pupitre_utf8_strip (text);
  const char *end = stripped;

  for (guint i = 0; i < PUPITRE_QUIZ_MAX_TITLE_CHARS && *end != '\0'; i++)
    end = g_utf8_next_char (end);

  return g_strndup (stripped, end - stripped);
}

PupitreQuiz *
pupitre_quiz_new (const char *title,
                  const char *name)
{
  PupitreQuiz *quiz = quiz_new ();
  g_autofree char *base = NULL;
  char *dot;

  if (title == NULL || title[0] == '\0')
    {
      base = g_path_get_basename (name);
      if ((dot = strrchr (base, '.')) != NULL && dot != base)
        *dot = '\0';
      title = base;
    }
  quiz->title = title_from (title);
  if (quiz->title[0] == '\0')
    {
      g_free (quiz->title);
      quiz->title = g_strdup (_("Quiz"));
    }

  return quiz;
}

void
pupitre_quiz_set_title (PupitreQuiz *self,
                        const char  *title)
{
  g_autofree char *text = title_from (title);

  if (text[0] != '\0')
    {
      g_free (self->title);
      self->title = g_steal_pointer (&text);
    }
}

void
pupitre_quiz_set_language (PupitreQuiz *self,
                           const char  *language)
{
  g_free (self->language);
  self->language = language != NULL && language[0] != '\0' ? g_strdup (language) : NULL;
}

void
pupitre_quiz_set_time_limit (PupitreQuiz *self,
                             gint64       time_limit_ms)
{
  self->time_limit_ms = time_limit_ms;
}

static void
add_warning (PupitreQuiz *self,
             const char  *name,
             guint        line,
             guint        number,
             const char  *format,
             va_list      args) G_GNUC_PRINTF (5, 0);

static void
add_warning (PupitreQuiz *self,
             const char  *name,
             guint        line,
             guint        number,
             const char  *format,
             va_list      args)
{
  g_autofree char *problem = g_strdup_vprintf (format, args);

  /* Kept NULL-terminated for pupitre_quiz_get_warnings(). */
  self->warnings->pdata[self->warnings->len - 1] =
    pupitre_quiz_format_message (name, line, number, problem);
  g_ptr_array_add (self->warnings, NULL);
}

void
pupitre_quiz_warn (PupitreQuiz *self,
                   const char  *name,
                   guint        line,
                   guint        number,
                   const char  *format,
                   ...)
{
  va_list args;

  va_start (args, format);
  add_warning (self, name, line, number, format, args);
  va_end (args);
}

void
pupitre_quiz_skip (PupitreQuiz *self,
                   const char  *name,
                   guint        line,
                   guint        number,
                   const char  *format,
                   ...)
{
  va_list args;

  self->n_skipped++;
  va_start (args, format);
  add_warning (self, name, line, number, format, args);
  va_end (args);
}

void
pupitre_quiz_add_imported (PupitreQuiz     *self,
                           const char      *name,
                           guint            number,
                           PupitreQuestion *question)
{
  g_autoptr(PupitreQuestion) owned = question;
  g_autofree char *problem = NULL;

  /* An empty feedback is no explanation, as in the native format. */
  if (question->explanation != NULL && question->explanation[0] == '\0')
    g_clear_pointer (&question->explanation, g_free);
  problem = pupitre_question_check (question);

  if (problem != NULL)
    pupitre_quiz_skip (self, name, question->line, number, _("%s; skipped"), problem);
  else if (self->questions->len >= PUPITRE_QUIZ_MAX_QUESTIONS)
    pupitre_quiz_skip (self, name, question->line, number,
                       _("a quiz has at most %d questions; skipped"),
                       PUPITRE_QUIZ_MAX_QUESTIONS);
  else
    g_ptr_array_add (self->questions, g_steal_pointer (&owned));
}

PupitreQuiz *
pupitre_quiz_finish_import (PupitreQuiz  *self,
                            const char   *name,
                            GError      **error)
{
  g_autoptr(PupitreQuiz) quiz = self;

  if (quiz->questions->len == 0)
    {
      g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: no question can be played (%u skipped)",
                                "%s: no question can be played (%u skipped)",
                                quiz->n_skipped),
                   name, quiz->n_skipped);
      return NULL;
    }

  return g_steal_pointer (&quiz);
}

static PupitreQuiz *
build_quiz (JsonNode    *root,
            LineMap     *map,
            const char  *name,
            GError     **error)
{
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *problem = NULL;
  JsonObject *object;
  JsonArray *questions = NULL;
  guint root_line = MAX (map->root_line, 1);
  guint n_questions;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, root_line,
                      _("the quiz is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);

  quiz = quiz_new ();

  if (!get_trimmed_string (object, "title", &quiz->title, &problem))
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, root_line, "%s", problem);
      return NULL;
    }
  if (quiz->title == NULL || quiz->title[0] == '\0')
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, root_line,
                      _("the quiz has no “title”"));
      return NULL;
    }
  if (g_utf8_strlen (quiz->title, -1) > PUPITRE_QUIZ_MAX_TITLE_CHARS)
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, root_line,
                      _("“title” is longer than %d characters"),
                      PUPITRE_QUIZ_MAX_TITLE_CHARS);
      return NULL;
    }

  if (!get_trimmed_string (object, "language", &quiz->language, &problem))
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, root_line, "%s", problem);
      return NULL;
    }
  if (quiz->language != NULL && quiz->language[0] == '\0')
    g_clear_pointer (&quiz->language, g_free);

  if (!pupitre_json_get_int (object, "time_limit_ms", FALSE,
                             PUPITRE_QUIZ_MIN_TIME_LIMIT_MS,
                             PUPITRE_QUIZ_MAX_TIME_LIMIT_MS,
                             &quiz->time_limit_ms, &local_error))
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, root_line,
                      "%s", local_error->message);
      return NULL;
    }

  if (!pupitre_json_get_array (object, "questions", FALSE, &questions, &local_error))
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, root_line,
                      "%s", local_error->message);
      return NULL;
    }
  n_questions = questions != NULL ? json_array_get_length (questions) : 0;
  if (n_questions == 0)
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, root_line,
                      _("the quiz has no questions"));
      return NULL;
    }
  if (n_questions > PUPITRE_QUIZ_MAX_QUESTIONS)
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, root_line,
                      _("the quiz has more than %d questions"),
                      PUPITRE_QUIZ_MAX_QUESTIONS);
      return NULL;
    }

  for (guint i = 0; i < n_questions; i++)
    {
      JsonNode *node = json_array_get_element (questions, i);
      PupitreQuestion *question;

      question = parse_question (node, i + 1, line_of_element (map, node),
                                 name, error);
      if (question == NULL)
        return NULL;
      g_ptr_array_add (quiz->questions, question);
    }

  return g_steal_pointer (&quiz);
}

PupitreQuiz *
pupitre_quiz_load_from_data (const char  *data,
                             gssize       len,
                             const char  *display_name,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) open_lines = NULL;
  g_autoptr(GHashTable) object_lines = NULL;
  g_autoptr(GHashTable) element_lines = NULL;
  const char *invalid = NULL;
  gsize error_offset = 0;
  gsize size;
  LineMap map;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (display_name == NULL)
    display_name = _("quiz");

  size = len < 0 ? strlen (data) : (gsize) len;
  if (size > PUPITRE_QUIZ_MAX_FILE_SIZE)
    {
      g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ,
                   _("%s: the file is larger than %d MiB"),
                   display_name, PUPITRE_QUIZ_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  /* Editors on some systems start UTF-8 files with a byte order mark. */
  if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      size -= 3;
    }

  if (!g_utf8_validate_len (data, size, &invalid))
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, display_name,
                      line_of_offset (data, invalid - data),
                      _("the file is not UTF-8 text"));
      return NULL;
    }

  /* The same checks as for network lines: json-glib 1.6 would crash on
   * deep nesting and silently mangle huge integers. */
  if (!pupitre_json_check_raw (data, size, &error_offset, &local_error))
    {
      set_file_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, display_name,
                      line_of_offset (data, error_offset),
                      "%s", local_error->message);
      return NULL;
    }

  open_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  object_lines = g_hash_table_new (NULL, NULL);
  element_lines = g_hash_table_new (NULL, NULL);
  map = (LineMap) { open_lines, object_lines, element_lines, 0 };

  parser = json_parser_new ();
  g_signal_connect (parser, "object-start", G_CALLBACK (object_start_cb), &map);
  g_signal_connect (parser, "object-end", G_CALLBACK (object_end_cb), &map);
  g_signal_connect (parser, "array-start", G_CALLBACK (array_start_cb), &map);
  g_signal_connect (parser, "array-element", G_CALLBACK (array_element_cb), &map);

  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      /* json-glib quotes the token it refuses cut at a byte count, maybe
       * in the middle of a character: the message must stay text. */
      g_autofree char *valid = g_utf8_make_valid (local_error->message, -1);
      const char *message = valid;

      /* json-glib names its input “<data>”: put the file name there. */
      if (g_str_has_prefix (message, "<data>:"))
        g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_SYNTAX,
                     "%s:%s", display_name, message + strlen ("<data>:"));
      else
        g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_SYNTAX,
                     "%s: %s", display_name, message);
      return NULL;
    }

  return build_quiz (json_parser_get_root (parser), &map, display_name, error);
}

PupitreQuiz *
pupitre_quiz_ref (PupitreQuiz *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

void
pupitre_quiz_unref (PupitreQuiz *self)
{
  g_return_if_fail (self != NULL);

  if (!g_ref_count_dec (&self->ref_count))
    return;

  g_free (self->title);
  g_free (self->language);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

const char *
pupitre_quiz_get_title (PupitreQuiz *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

const char *
pupitre_quiz_get_language (PupitreQuiz *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->language;
}

gint64
pupitre_quiz_get_time_limit (PupitreQuiz *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->time_limit_ms;
}

guint
pupitre_quiz_get_n_questions (PupitreQuiz *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->questions->len;
}

const PupitreQuestion *
pupitre_quiz_get_question (PupitreQuiz *self,
                           guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->questions->len, NULL);

  return g_ptr_array_index (self->questions, index);
}

const char * const *
pupitre_quiz_get_warnings (PupitreQuiz *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->warnings->pdata;
}

guint
pupitre_quiz_get_n_skipped (PupitreQuiz *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_skipped;
}

char *
pupitre_quiz_to_json (PupitreQuiz *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, self->title);
  if (self->language != NULL)
    {
      json_builder_set_member_name (builder, "language");
      json_builder_add_string_value (builder, self->language);
    }
  if (self->time_limit_ms != 0)
    {
      json_builder_set_member_name (builder, "time_limit_ms");
      json_builder_add_int_value (builder, self->time_limit_ms);
    }

  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->questions->len; i++)
    {
      const PupitreQuestion *question = g_ptr_array_index (self->questions, i);

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
