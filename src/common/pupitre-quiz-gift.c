/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Moodle's GIFT format read as Moodle's own parser reads it, the questions Pupitre can play kept. */

/* A question is a block of lines ended by a blank line; “//” starts a
 * comment line; “$CATEGORY:” names a category (the first names the quiz).
 * Comments of the form “//@key value” carry what GIFT has no place for
 * (time limits, language), as pupitre_quiz_to_gift() writes them. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-message.h"
#include "pupitre-quiz-private.h"

/* Escaped characters are replaced by code points of the private use area
 * while the block is cut up, and put back in the texts, as Moodle does. */
static const char escapable[] = "\\~=#{}:";
#define PLACEHOLDER_BASE 0xE000

typedef struct
{
  const char      *name;
  PupitreQuiz     *quiz;
  char            *title;
  guint            number;        /* questions so far, skipped ones included */
  gint64           time_limit_ms; /* from "//@time-limit-ms", for the next question */
  guint            points;        /* from "//@points", for the next question */
} Reader;

typedef struct
{
  double  weight;
  char   *text;
  char   *feedback;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_free (answer->text);
  g_free (answer->feedback);
}

static char *
hide_escapes (const char *block)
{
  GString *out = g_string_new (NULL);

  for (const char *p = block; *p != '\0'; p++)
    {
      const char *found;

      if (p[0] == '\\' && p[1] == 'n')
        {
          g_string_append_c (out, '\n');
          p++;
        }
      else if (p[0] == '\\' && p[1] != '\0' && (found = strchr (escapable, p[1])) != NULL)
        {
          g_string_append_unichar (out, PLACEHOLDER_BASE + (found - escapable));
          p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* The escaped characters back, spaces trimmed, HTML made text. */
static char *
finish_text (const char *start,
             gsize       len,
             gboolean    html,
             gboolean   *has_media)
{
  g_autofree char *raw = g_strndup (start, len);
  GString *out = g_string_new (NULL);
  char *stripped;

  for (const char *p = raw; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= PLACEHOLDER_BASE && c < PLACEHOLDER_BASE + strlen (escapable))
        g_string_append_c (out, escapable[c - PLACEHOLDER_BASE]);
      else
        g_string_append_unichar (out, c);
    }

  if (html)
    {
      gboolean media = FALSE;
      char *text = pupitre_html_to_text (out->str, &media);

      g_string_free (out, TRUE);
      if (media && has_media != NULL)
        *has_media = TRUE;
      return text;
    }

  stripped = pupitre_utf8_strip (out->str);
  g_string_free (out, TRUE);
  return stripped;
}

static const char *
skip_spaces (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

/* Cuts “=right#feedback ~wrong ~%50%half” into answers. */
static GArray *
split_answers (const char *p,
               gboolean    html,
               gboolean   *has_media)
{
  GArray *answers = g_array_new (FALSE, TRUE, sizeof (Answer));

  g_array_set_clear_func (answers, (GDestroyNotify) answer_clear);
  p = strpbrk (p, "=~");
  while (p != NULL)
    {
      Answer answer = { *p == '=' ? 100.0 : 0.0, NULL, NULL };
      const char *end, *hash;

      p++;
      if (*p == '%')
        {
          char *after = NULL;

          answer.weight = g_ascii_strtod (p + 1, &after);
          p = *after == '%' ? after + 1 : after;
        }
      end = strpbrk (p, "=~");
      if (end == NULL)
        end = p + strlen (p);
      hash = memchr (p, '#', end - p);
      answer.text = finish_text (p, (hash != NULL ? hash : end) - p, html, has_media);
      if (hash != NULL)
        answer.feedback = finish_text (hash + 1, end - hash - 1, html, has_media);
      g_array_append_val (answers, answer);
      p = *end != '\0' ? end : NULL;
    }

  return answers;
}

static gboolean
is_true_false (const char *answer,
               gboolean   *value)
{
  g_autofree char *word = g_strndup (answer, strcspn (answer, "#"));

  g_strstrip (word);
  if (g_ascii_strcasecmp (word, "T") == 0 || g_ascii_strcasecmp (word, "TRUE") == 0)
    *value = TRUE;
  else if (g_ascii_strcasecmp (word, "F") == 0 || g_ascii_strcasecmp (word, "FALSE") == 0)
    *value = FALSE;
  else
    return FALSE;

  return TRUE;
}

static void
read_true_false (PupitreQuestion *question,
                 const char      *answer,
                 gboolean         value,
                 gboolean         html)
{
  g_auto(GStrv) parts = g_strsplit (answer, "#", 3);
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (choices, g_strdup (_("True")));
  g_ptr_array_add (choices, g_strdup (_("False")));
  pupitre_question_take_choices (question, choices);
  question->answer = value ? 1 : 2;

  /* Moodle's order: the feedback for a wrong answer, then for a right one. */
  if (question->explanation == NULL && parts[0] != NULL && parts[1] != NULL && parts[2] != NULL)
    question->explanation = finish_text (parts[2], strlen (parts[2]), html, NULL);
}

/* Returns FALSE when the question was skipped (and said so). */
static gboolean
read_choices (Reader          *reader,
              PupitreQuestion *question,
              const char      *answer,
              gboolean         html,
              gboolean        *has_media)
{
  g_autoptr(GArray) answers = split_answers (answer, html, has_media);
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func (g_free);
  guint n_right = 0, n_partial = 0, right = 0;

  for (guint i = 0; i < answers->len; i++)
    {
      Answer *a = &g_array_index (answers, Answer, i);

      if (a->weight >= 100.0)
        {
          n_right++;
          right = i + 1;
        }
      else if (a->weight > 0.0)
        n_partial++;
      g_ptr_array_add (choices, g_steal_pointer (&a->text));
    }

  if (n_right + n_partial > 1)
    {
      pupitre_quiz_skip (reader->quiz, reader->name, question->line, reader->number,
                         _("multiple-answer questions cannot be played; skipped"));
      return FALSE;
    }
  if (n_right == 0)
    {
      pupitre_quiz_skip (reader->quiz, reader->name, question->line, reader->number,
                         _("no choice is right; skipped"));
      return FALSE;
    }

  pupitre_question_take_choices (question, choices);
  question->answer = right;
  if (question->explanation == NULL)
    question->explanation = g_strdup (g_array_index (answers, Answer, right - 1).feedback);

  return TRUE;
}

static void
skip_type (Reader          *reader,
           PupitreQuestion *question,
           const char      *type)
{
  /* TRANSLATORS: the type is “essay”, “numerical”, “matching”… */
  pupitre_quiz_skip (reader->quiz, reader->name, question->line, reader->number,
                     _("%s questions cannot be played; skipped"), type);
}

static const char * const text_formats[] = { "[html]", "[moodle]", "[plain]", "[markdown]" };

static gboolean
read_question (Reader      *reader,
               const char  *block,
               guint        line,
               GError     **error)
{
  g_autoptr(PupitreQuestion) question = pupitre_question_new (line);
  g_autofree char *hidden = hide_escapes (block);
  g_autofree char *answer = NULL;
  g_autoptr(GString) text = NULL;
  const char *p = skip_spaces (hidden);
  const char *open, *close, *general;
  gboolean html = FALSE, has_media = FALSE, value;

  reader->number++;
  question->time_limit_ms = reader->time_limit_ms;
  reader->time_limit_ms = 0;
  question->points = reader->points;
  reader->points = 1;

  if (g_str_has_prefix (p, "::"))
    {
      const char *end = strstr (p + 2, "::");

      if (end == NULL)
        {
          pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, reader->name, line,
                                  reader->number, _("the title’s “::” is never closed"));
          return FALSE;
        }
      p = skip_spaces (end + 2);
    }

  for (guint i = 0; i < G_N_ELEMENTS (text_formats); i++)
    {
      if (g_str_has_prefix (p, text_formats[i]))
        {
          html = i == 0;
          p += strlen (text_formats[i]);
          break;
        }
    }

  open = strchr (p, '{');
  if (open == NULL)
    {
      skip_type (reader, question, _("description"));
      return TRUE;
    }
  close = strrchr (open, '}');
  if (close == NULL)
    {
      pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, reader->name, line,
                              reader->number, _("the answers’ “{” is never closed"));
      return FALSE;
    }

  /* Text after the answers: Moodle's “missing word” form, a blank to fill. */
  text = g_string_new_len (p, open - p);
  if (*skip_spaces (close + 1) != '\0')
    {
      while (text->len > 0 && g_ascii_isspace (text->str[text->len - 1]))
        g_string_truncate (text, text->len - 1);
      g_string_append_printf (text, " _____ %s", skip_spaces (close + 1));
    }
  question->text = finish_text (text->str, text->len, html, &has_media);

  answer = g_strndup (open + 1, close - open - 1);
  if ((general = strstr (answer, "####")) != NULL)
    {
      question->explanation = finish_text (general + 4, strlen (general + 4), html, &has_media);
      answer[general - answer] = '\0';
      if (question->explanation[0] == '\0')
        g_clear_pointer (&question->explanation, g_free);
    }
  g_strstrip (answer);

  if (answer[0] == '\0')
    skip_type (reader, question, _("essay"));
  else if (answer[0] == '#')
    skip_type (reader, question, _("numerical"));
  else if (g_ascii_isdigit (answer[0]) && strchr (answer, ':') != NULL &&
           g_ascii_isupper (*(strchr (answer, ':') + 1)))
    skip_type (reader, question, _("cloze"));
  else if (strstr (answer, "->") != NULL)
    skip_type (reader, question, _("matching"));
  else if (is_true_false (answer, &value))
    read_true_false (question, answer, value, html);
  else if (strchr (answer, '~') == NULL)
    skip_type (reader, question, _("short-answer"));
  else if (read_choices (reader, question, answer, html, &has_media))
    {
      if (has_media)
        pupitre_quiz_warn (reader->quiz, reader->name, line, reader->number,
                           _("an image or other media cannot be shown; the question is kept without it"));
    }
  else
    return TRUE;

  if (question->choices != NULL)
    pupitre_quiz_add_imported (reader->quiz, reader->name, reader->number,
                               g_steal_pointer (&question));
  return TRUE;
}

/* “//@key value”: what GIFT has no place for. */
static void
read_directive (Reader     *reader,
                const char *comment)
{
  g_autofree char *key = NULL;
  const char *value;
  gint64 number;

  if (comment[0] != '@')
    return;
  value = comment + 1 + strcspn (comment + 1, " \t");
  key = g_strndup (comment + 1, value - comment - 1);
  value = skip_spaces (value);
  number = g_ascii_strtoll (value, NULL, 10);

  if (strcmp (key, "language") == 0)
    {
      g_autofree char *language = g_strstrip (g_strdup (value));

      pupitre_quiz_set_language (reader->quiz, language);
    }
  else if (strcmp (key, "quiz-time-limit-ms") == 0)
    pupitre_quiz_set_time_limit (reader->quiz, number);
  else if (strcmp (key, "time-limit-ms") == 0)
    reader->time_limit_ms = number;
  else if (strcmp (key, "points") == 0 && number >= 0 && number <= PUPITRE_QUIZ_MAX_POINTS)
    reader->points = (guint) number;
}

static void
read_category (Reader     *reader,
               const char *block)
{
  g_autofree char *category = g_strstrip (g_strdup (block + strlen ("$CATEGORY:")));
  const char *last = strrchr (category, '/');

  /* “$course$/top/Histoire”: the last part is the teacher's name for it. */
  if (reader->title == NULL)
    reader->title = g_strdup (last != NULL ? last + 1 : category);
}

PupitreQuiz *
pupitre_quiz_import_gift (const char  *data,
                          const char  *name,
                          GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  g_autoptr(GString) block = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) block_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(PupitreQuiz) quiz = NULL;
  Reader reader = { .name = name, .points = 1 };
  guint start = 0;

  /* First the blocks, for the title a category gives the quiz. */
  for (guint i = 0; ; i++)
    {
      const char *line = lines[i];
      const char *text = line != NULL ? skip_spaces (line) : NULL;

      if (text != NULL && g_str_has_prefix (text, "//"))
        {
          /* Kept in place as a block of its own: a directive applies to
           * the question after it. */
          if (text[2] == '@')
            {
              g_ptr_array_add (blocks, g_strdup (text));
              g_array_append_val (block_lines, i);
            }
          continue;
        }

      if (text == NULL || *text == '\0')
        {
          if (block->len > 0)
            {
              g_ptr_array_add (blocks, g_strdup (block->str));
              g_array_append_val (block_lines, start);
              g_string_truncate (block, 0);
            }
          if (text == NULL)
            break;
          continue;
        }

      if (block->len == 0)
        start = i + 1;
      else
        g_string_append_c (block, '\n');
      g_string_append (block, line);
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      const char *text = g_ptr_array_index (blocks, i);

      if (g_str_has_prefix (text, "$CATEGORY:"))
        read_category (&reader, text);
    }

  quiz = pupitre_quiz_new (reader.title, name);
  g_clear_pointer (&reader.title, g_free);
  reader.quiz = quiz;

  for (guint i = 0; i < blocks->len; i++)
    {
      const char *text = g_ptr_array_index (blocks, i);

      if (g_str_has_prefix (text, "//@"))
        read_directive (&reader, text + 2);
      else if (!g_str_has_prefix (text, "$CATEGORY:") &&
               !read_question (&reader, text, g_array_index (block_lines, guint, i), error))
        return NULL;
    }

  return pupitre_quiz_finish_import (g_steal_pointer (&quiz), name, error);
}
