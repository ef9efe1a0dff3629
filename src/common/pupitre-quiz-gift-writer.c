/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A quiz written as GIFT, for Moodle, with what GIFT lacks in “//@” comments Pupitre reads back. */

#include "config.h"

#include <string.h>

#include "pupitre-quiz.h"

static void
append_escaped (GString    *out,
                const char *text)
{
  /* A leading “[” or “//” would read as a text format or a comment. */
  if (text[0] == '[' || g_str_has_prefix (text, "//"))
    g_string_append (out, "[plain]");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        {
          if (strchr ("\\~=#{}:", *p) != NULL)
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
    }
}

char *
pupitre_quiz_to_gift (PupitreQuiz *self)
{
  GString *out = g_string_new (NULL);
  const char *language = pupitre_quiz_get_language (self);
  const char *title = pupitre_quiz_get_title (self);

  g_return_val_if_fail (self != NULL, NULL);

  /* The category's last part names the quiz when it comes back; a “/” in
   * the title would cut it. */
  g_string_append (out, "$CATEGORY: ");
  for (const char *p = title; *p != '\0'; p++)
    g_string_append_c (out, *p == '/' || *p == '\n' ? ' ' : *p);
  g_string_append (out, "\n\n");
  if (language != NULL)
    g_string_append_printf (out, "//@language %s\n", language);
  if (pupitre_quiz_get_time_limit (self) != 0)
    g_string_append_printf (out, "//@quiz-time-limit-ms %" G_GINT64_FORMAT "\n",
                            pupitre_quiz_get_time_limit (self));

  for (guint i = 0; i < pupitre_quiz_get_n_questions (self); i++)
    {
      const PupitreQuestion *question = pupitre_quiz_get_question (self, i);

      g_string_append_printf (out, "\n// question: %u\n", i + 1);
      if (question->time_limit_ms != 0)
        g_string_append_printf (out, "//@time-limit-ms %" G_GINT64_FORMAT "\n",
                                question->time_limit_ms);
      if (question->points != 1)
        g_string_append_printf (out, "//@points %u\n", question->points);
      append_escaped (out, question->text);
      g_string_append (out, " {\n");
      for (guint c = 0; c < question->n_choices; c++)
        {
          g_string_append (out, c + 1 == question->answer ? "\t=" : "\t~");
          append_escaped (out, question->choices[c]);
          g_string_append_c (out, '\n');
        }
      if (question->explanation != NULL)
        {
          g_string_append (out, "\t####");
          append_escaped (out, question->explanation);
          g_string_append_c (out, '\n');
        }
      g_string_append (out, "}\n");
    }

  return g_string_free (out, FALSE);
}
