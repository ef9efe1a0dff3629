/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Moodle XML: its multichoice and truefalse questions, read with GLib's GMarkup. */

/* GMarkup rather than libxml2: Moodle writes plain UTF-8 XML with CDATA
 * and the five predefined entities, which GMarkup reads; it is in GLib
 * already (no new dependency on Debian or MSYS2), parses from memory
 * without global state (fuzzable), and gives the line of each element. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-message.h"
#include "pupitre-quiz-private.h"

typedef struct
{
  double   fraction;
  char    *text;
  char    *feedback;
} Answer;

typedef struct
{
  const char   *name;
  PupitreQuiz  *quiz;
  GPtrArray    *titles;      /* categories, for the quiz's title */
  guint         number;
  /* The question being read. */
  char         *type;
  guint         line;
  GString      *text;        /* the <text> or <single> being read */
  char         *question_text;
  char         *general_feedback;
  gboolean      html;
  gboolean      has_media;
  gboolean      single;
  GArray       *answers;
  gboolean      in_answer;
  const char   *holder;      /* questiontext, generalfeedback, answer, feedback, category */
} Reader;

static void
answer_clear (Answer *answer)
{
  g_free (answer->text);
  g_free (answer->feedback);
}

static char *
finish_text (Reader     *reader,
             const char *text,
             gboolean    html)
{
  if (html)
    {
      gboolean media = FALSE;
      char *plain = pupitre_html_to_text (text, &media);

      reader->has_media |= media;
      return plain;
    }

  return pupitre_utf8_strip (text);
}

static gboolean
format_is_html (const char **names,
                const char **values)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], "format") == 0)
        return strcmp (values[i], "plain_text") != 0 && strcmp (values[i], "markdown") != 0;
    }

  /* Moodle's default: its own auto-format, which allows HTML. */
  return TRUE;
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Reader *reader = user_data;

  if (strcmp (element, "question") == 0)
    {
      const char *type = "";
      int line = 0;
      int column = 0;

      for (guint i = 0; names[i] != NULL; i++)
        if (strcmp (names[i], "type") == 0)
          type = values[i];
      g_markup_parse_context_get_position (context, &line, &column);
      /* GMarkup reports a start tag once it has read the character after
       * it: past the end of its line when the tag ends the line. */
      if (column <= 1 && line > 1)
        line--;
      g_free (reader->type);
      reader->type = g_strdup (type);
      reader->line = line;
      reader->single = TRUE;
      reader->has_media = FALSE;
      g_array_set_size (reader->answers, 0);
      g_clear_pointer (&reader->question_text, g_free);
      g_clear_pointer (&reader->general_feedback, g_free);
    }
  else if (strcmp (element, "questiontext") == 0)
    {
      reader->holder = "questiontext";
      reader->html = format_is_html (names, values);
    }
  else if (strcmp (element, "generalfeedback") == 0)
    reader->holder = "generalfeedback";
  else if (strcmp (element, "category") == 0)
    reader->holder = "category";
  else if (strcmp (element, "answer") == 0)
    {
      Answer answer = { 0, NULL, NULL };

      for (guint i = 0; names[i] != NULL; i++)
        if (strcmp (names[i], "fraction") == 0)
          answer.fraction = g_ascii_strtod (values[i], NULL);
      g_array_append_val (reader->answers, answer);
      reader->holder = "answer";
    }
  else if (strcmp (element, "feedback") == 0 && reader->holder != NULL &&
           strcmp (reader->holder, "answer") == 0)
    reader->holder = "feedback";
  else if (strcmp (element, "file") == 0)
    reader->has_media = TRUE;

  if (strcmp (element, "text") == 0 || strcmp (element, "single") == 0)
    g_string_truncate (reader->text, 0);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 len,
         gpointer              user_data,
         GError              **error)
{
  Reader *reader = user_data;
  /* NULL for text outside the root element. */
  const char *element = g_markup_parse_context_get_element (context);

  if (g_strcmp0 (element, "text") == 0 || g_strcmp0 (element, "single") == 0)
    g_string_append_len (reader->text, text, len);
}

static void
end_text (Reader *reader)
{
  Answer *answer = reader->answers->len > 0
                   ? &g_array_index (reader->answers, Answer, reader->answers->len - 1) : NULL;
  const char *holder = reader->holder != NULL ? reader->holder : "";

  if (strcmp (holder, "questiontext") == 0)
    {
      g_free (reader->question_text);
      reader->question_text = finish_text (reader, reader->text->str, reader->html);
    }
  else if (strcmp (holder, "generalfeedback") == 0)
    {
      g_free (reader->general_feedback);
      reader->general_feedback = finish_text (reader, reader->text->str, TRUE);
    }
  else if (strcmp (holder, "category") == 0)
    {
      const char *last = strrchr (reader->text->str, '/');

      g_ptr_array_add (reader->titles, g_strdup (last != NULL ? last + 1 : reader->text->str));
    }
  else if (strcmp (holder, "answer") == 0 && answer != NULL)
    {
      g_free (answer->text);
      answer->text = finish_text (reader, reader->text->str, TRUE);
    }
  else if (strcmp (holder, "feedback") == 0 && answer != NULL)
    {
      g_free (answer->feedback);
      answer->feedback = finish_text (reader, reader->text->str, TRUE);
    }
}

static void
end_question (Reader *reader)
{
  g_autoptr(PupitreQuestion) question = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  gboolean true_false = strcmp (reader->type, "truefalse") == 0;
  guint n_right = 0, n_partial = 0, right = 0;

  if (strcmp (reader->type, "category") == 0)
    return;

  reader->number++;
  if (!true_false && strcmp (reader->type, "multichoice") != 0)
    {
      /* TRANSLATORS: the type is Moodle's: “essay”, “matching”, … */
      pupitre_quiz_skip (reader->quiz, reader->name, reader->line, reader->number,
                         _("%s questions cannot be played; skipped"), reader->type);
      return;
    }

  question = pupitre_question_new (reader->line);
  question->text = g_strdup (reader->question_text != NULL ? reader->question_text : "");
  choices = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < reader->answers->len; i++)
    {
      Answer *answer = &g_array_index (reader->answers, Answer, i);

      if (answer->fraction >= 100.0)
        {
          n_right++;
          right = i + 1;
        }
      else if (answer->fraction > 0.0)
        n_partial++;
      if (true_false)
        g_ptr_array_add (choices, g_strdup (g_strcmp0 (answer->text, "true") == 0
                                            ? _("True") : _("False")));
      else
        g_ptr_array_add (choices, g_strdup (answer->text != NULL ? answer->text : ""));
    }

  if (!reader->single || n_right + n_partial > 1)
    {
      pupitre_quiz_skip (reader->quiz, reader->name, reader->line, reader->number,
                         _("multiple-answer questions cannot be played; skipped"));
      return;
    }
  if (n_right == 0)
    {
      pupitre_quiz_skip (reader->quiz, reader->name, reader->line, reader->number,
                         _("no choice is right; skipped"));
      return;
    }

  pupitre_question_take_choices (question, choices);
  question->answer = right;
  question->explanation = g_strdup (reader->general_feedback != NULL && reader->general_feedback[0] != '\0'
                                    ? reader->general_feedback
                                    : g_array_index (reader->answers, Answer, right - 1).feedback);
  if (question->explanation != NULL && question->explanation[0] == '\0')
    g_clear_pointer (&question->explanation, g_free);
  if (reader->has_media)
    pupitre_quiz_warn (reader->quiz, reader->name, reader->line, reader->number,
                       _("an image or other media cannot be shown; the question is kept without it"));
  pupitre_quiz_add_imported (reader->quiz, reader->name, reader->number, g_steal_pointer (&question));
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  Reader *reader = user_data;

  if (strcmp (element, "text") == 0)
    end_text (reader);
  else if (strcmp (element, "single") == 0)
    reader->single = g_ascii_strcasecmp (g_strstrip (reader->text->str), "false") != 0 &&
                     strcmp (reader->text->str, "0") != 0;
  else if (strcmp (element, "feedback") == 0 && g_strcmp0 (reader->holder, "feedback") == 0)
    reader->holder = "answer";
  else if (strcmp (element, "questiontext") == 0 || strcmp (element, "generalfeedback") == 0 ||
           strcmp (element, "answer") == 0 || strcmp (element, "category") == 0)
    reader->holder = NULL;
  else if (strcmp (element, "question") == 0 && reader->type != NULL)
    end_question (reader);
}

PupitreQuiz *
pupitre_quiz_import_moodle (const char  *data,
                            const char  *name,
                            GError     **error)
{
  static const GMarkupParser parser = { start_element_cb, end_element_cb, text_cb, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) answers = g_array_new (FALSE, TRUE, sizeof (Answer));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  Reader reader = { name, NULL, titles, 0, NULL, 0, text, NULL, NULL, FALSE, FALSE, TRUE,
                    answers, FALSE, NULL };
  gboolean parsed;

  g_array_set_clear_func (answers, (GDestroyNotify) answer_clear);
  /* The title comes from the first category, read in a first pass
   * would cost a second parse: the quiz is built, then titled. */
  quiz = pupitre_quiz_new (NULL, name);
  reader.quiz = quiz;
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &reader, NULL);
  parsed = g_markup_parse_context_parse (context, data, -1, &local_error) &&
           g_markup_parse_context_end_parse (context, &local_error);
  g_free (reader.type);
  g_free (reader.question_text);
  g_free (reader.general_feedback);

  if (!parsed)
    {
      /* GMarkup may quote a name cut in the middle of a character. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);
      int line = 1;

      g_markup_parse_context_get_position (context, &line, NULL);
      pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, name, line, 0,
                              "%s", message);
      return NULL;
    }

  if (titles->len > 0 && ((const char *) g_ptr_array_index (titles, 0))[0] != '\0')
    pupitre_quiz_set_title (quiz, g_ptr_array_index (titles, 0));

  return pupitre_quiz_finish_import (g_steal_pointer (&quiz), name, error);
}
