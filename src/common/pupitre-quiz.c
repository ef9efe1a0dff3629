/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A quiz in the native JSON format, loaded and checked. */

#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "pupitre-json.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"
#include "pupitre-quiz.h"

struct _PupitreQuiz
{
  grefcount  ref_count;
  char      *title;
  char      *language;
  gint64     time_limit_ms;
  GPtrArray *questions;
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

static void
question_free (PupitreQuestion *question)
{
  g_free (question->text);
  g_strfreev (question->choices);
  g_free (question->explanation);
  g_free (question);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreQuestion, question_free)

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

static void set_file_error (GError     **error,
                            int          code,
                            const char  *name,
                            guint        line,
                            const char  *format,
                            ...) G_GNUC_PRINTF (5, 6);

static void
set_file_error (GError     **error,
                int          code,
                const char  *name,
                guint        line,
                const char  *format,
                ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PUPITRE_QUIZ_ERROR, code,
               /* TRANSLATORS: file name, line number, what is wrong. */
               _("%s:%u: %s"), name, line, problem);
}

static void set_question_error (GError     **error,
                                const char  *name,
                                guint        line,
                                guint        number,
                                const char  *format,
                                ...) G_GNUC_PRINTF (5, 6);

static void
set_question_error (GError     **error,
                    const char  *name,
                    guint        line,
                    guint        number,
                    const char  *format,
                    ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_INVALID,
               /* TRANSLATORS: file name, line number, question number, what is wrong. */
               _("%s:%u: question %u: %s"), name, line, number, problem);
}

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

static PupitreQuestion *
parse_question (JsonNode    *node,
                guint        number,
                guint        line,
                const char  *name,
                GError     **error)
{
  g_autoptr(PupitreQuestion) question = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  JsonObject *object;
  JsonArray *array = NULL;
  gint64 answer = 0;
  guint n_choices;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_question_error (error, name, line, number,
                          _("the question is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (node);
  question = g_new0 (PupitreQuestion, 1);
  question->line = line;

  if (!get_trimmed_string (object, "text", &question->text, &problem))
    {
      set_question_error (error, name, line, number, "%s", problem);
      return NULL;
    }
  if (question->text == NULL)
    {
      set_question_error (error, name, line, number, _("“text” is missing"));
      return NULL;
    }
  if (question->text[0] == '\0')
    {
      set_question_error (error, name, line, number, _("“text” is empty"));
      return NULL;
    }
  if (g_utf8_strlen (question->text, -1) > PUPITRE_QUIZ_MAX_TEXT_CHARS)
    {
      set_question_error (error, name, line, number,
                          _("“text” is longer than %d characters"),
                          PUPITRE_QUIZ_MAX_TEXT_CHARS);
      return NULL;
    }

  if (!pupitre_json_get_array (object, "choices", TRUE, &array, &local_error))
    {
      set_question_error (error, name, line, number, "%s", local_error->message);
      return NULL;
    }

  n_choices = json_array_get_length (array);
  if (n_choices < 2)
    {
      set_question_error (error, name, line, number,
                          _("a question needs at least 2 choices"));
      return NULL;
    }
  if (n_choices > PUPITRE_MAX_CHOICES)
    {
      set_question_error (error, name, line, number,
                          _("a question has at most %d choices"),
                          PUPITRE_MAX_CHOICES);
      return NULL;
    }

  choices = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_choices; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      char *choice;

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        {
          set_question_error (error, name, line, number,
                              _("choice %u must be a string"), i + 1);
          return NULL;
        }

      choice = pupitre_utf8_strip (json_node_get_string (element));
      g_ptr_array_add (choices, choice);
      if (choice[0] == '\0')
        {
          set_question_error (error, name, line, number,
                              _("choice %u is empty"), i + 1);
          return NULL;
        }
      if (g_utf8_strlen (choice, -1) > PUPITRE_QUIZ_MAX_CHOICE_CHARS)
        {
          set_question_error (error, name, line, number,
                              _("choice %u is longer than %d characters"),
                              i + 1, PUPITRE_QUIZ_MAX_CHOICE_CHARS);
          return NULL;
        }
    }
  g_ptr_array_add (choices, NULL);
  question->n_choices = n_choices;
  question->choices = (char **) g_ptr_array_free (g_steal_pointer (&choices), FALSE);

  if (!pupitre_json_get_int (object, "answer", TRUE, G_MININT64, G_MAXINT64,
                             &answer, &local_error))
    {
      set_question_error (error, name, line, number, "%s", local_error->message);
      return NULL;
    }
  if (answer < 1 || answer > n_choices)
    {
      set_question_error (error, name, line, number,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "“answer” must be between 1 and %u, the number of choices",
                                       "“answer” must be between 1 and %u, the number of choices",
                                       n_choices),
                          n_choices);
      return NULL;
    }
  question->answer = answer;

  if (!pupitre_json_get_int (object, "time_limit_ms", FALSE,
                             PUPITRE_QUIZ_MIN_TIME_LIMIT_MS,
                             PUPITRE_QUIZ_MAX_TIME_LIMIT_MS,
                             &question->time_limit_ms, &local_error))
    {
      set_question_error (error, name, line, number, "%s", local_error->message);
      return NULL;
    }

  if (!get_trimmed_string (object, "explanation", &question->explanation, &problem))
    {
      set_question_error (error, name, line, number, "%s", problem);
      return NULL;
    }
  if (question->explanation != NULL && question->explanation[0] == '\0')
    g_clear_pointer (&question->explanation, g_free);
  /* It travels in round_result: unbounded, it would push that line over
   * the protocol's limit. */
  if (question->explanation != NULL &&
      g_utf8_strlen (question->explanation, -1) > PUPITRE_QUIZ_MAX_TEXT_CHARS)
    {
      set_question_error (error, name, line, number,
                          _("“explanation” is longer than %d characters"),
                          PUPITRE_QUIZ_MAX_TEXT_CHARS);
      return NULL;
    }

  return g_steal_pointer (&question);
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

  quiz = g_new0 (PupitreQuiz, 1);
  g_ref_count_init (&quiz->ref_count);
  quiz->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);

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

/* Reads at most the size limit plus one byte, so that a huge file (or a
 * device that never ends) is refused without reading it all. */
static GBytes *
read_bounded (const char  *path,
              const char  *display_name,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  guint8 chunk[16384];

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ,
                   _("%s: cannot be read: %s"), display_name, local_error->message);
      return NULL;
    }

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk,
                                      NULL, &local_error);

      if (n < 0)
        {
          g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ,
                       _("%s: cannot be read: %s"), display_name, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;

      g_byte_array_append (contents, chunk, n);
      if (contents->len > PUPITRE_QUIZ_MAX_FILE_SIZE)
        {
          g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ,
                       _("%s: the file is larger than %d MiB"),
                       display_name, PUPITRE_QUIZ_MAX_FILE_SIZE / (1024 * 1024));
          return NULL;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
}

PupitreQuiz *
pupitre_quiz_load (const char  *path,
                   GError     **error)
{
  g_autofree char *display_name = NULL;
  g_autoptr(GBytes) contents = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (path != NULL, NULL);

  display_name = g_filename_display_name (path);
  contents = read_bounded (path, display_name, error);
  if (contents == NULL)
    return NULL;

  data = g_bytes_get_data (contents, &size);
  return pupitre_quiz_load_from_data (size > 0 ? data : "", size,
                                      display_name, error);
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
