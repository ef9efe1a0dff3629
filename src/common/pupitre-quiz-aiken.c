/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Moodle's Aiken format: a question, its lettered choices, and “ANSWER: X”. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-message.h"
#include "pupitre-quiz-private.h"

/* “B) text” or “B. text”: the letter's index, or -1. */
static int
choice_letter (const char  *line,
               const char **text)
{
  if (g_ascii_isupper (line[0]) && (line[1] == ')' || line[1] == '.') &&
      (line[2] == ' ' || line[2] == '\t'))
    {
      *text = line + 3;
      return line[0] - 'A';
    }

  return -1;
}

PupitreQuiz *
pupitre_quiz_import_aiken (const char  *data,
                           const char  *name,
                           GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  g_autoptr(PupitreQuiz) quiz = pupitre_quiz_new (NULL, name);
  g_autoptr(PupitreQuestion) question = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GString) text = NULL;
  guint number = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = pupitre_utf8_strip (lines[i]);
      const char *choice = NULL;
      int letter;

      if (line[0] == '\0')
        continue;

      if (question == NULL)
        {
          question = pupitre_question_new (i + 1);
          choices = g_ptr_array_new_with_free_func (g_free);
          text = g_string_new (line);
          number++;
          continue;
        }

      if (g_ascii_strncasecmp (line, "ANSWER:", 7) == 0)
        {
          g_autofree char *answer = pupitre_utf8_strip (line + 7);

          if (choices->len == 0)
            {
              pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, name, i + 1, number,
                                      _("“ANSWER:” comes before any choice"));
              return NULL;
            }
          if (strlen (answer) != 1 || !g_ascii_isupper (answer[0]) ||
              (guint) (answer[0] - 'A') >= choices->len)
            {
              pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, name, i + 1, number,
                                      _("“ANSWER:” must give the letter of one of the choices"));
              return NULL;
            }

          question->text = g_string_free (g_steal_pointer (&text), FALSE);
          question->answer = answer[0] - 'A' + 1;
          pupitre_question_take_choices (question, choices);
          g_clear_pointer (&choices, g_ptr_array_unref);
          pupitre_quiz_add_imported (quiz, name, number, g_steal_pointer (&question));
          continue;
        }

      letter = choice_letter (line, &choice);
      if (letter >= 0)
        {
          if ((guint) letter != choices->len)
            {
              pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, name, i + 1, number,
                                      _("choice %c comes out of order"), line[0]);
              return NULL;
            }
          g_ptr_array_add (choices, pupitre_utf8_strip (choice));
        }
      else if (choices->len == 0)
        g_string_append_printf (text, "\n%s", line);
      else
        {
          pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, name, i + 1, number,
                                  _("a choice “A)” or “A.”, or “ANSWER:”, was expected"));
          return NULL;
        }
    }

  if (question != NULL)
    {
      pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, name, question->line, number,
                              _("the question has no “ANSWER:” line"));
      return NULL;
    }

  return pupitre_quiz_finish_import (g_steal_pointer (&quiz), name, error);
}
