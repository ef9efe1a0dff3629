/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: a question bank in GIFT, Aiken, Moodle XML or CSV, imported and checked. */

/* Byte 0 picks the format (GIFT when even, then Aiken, Moodle XML and
 * CSV by byte 0 / 2 % 4), the rest is the file. A quiz that imports keeps
 * the native format's limits, and its warnings name the file; a file that
 * does not import is named in the error. */

#include <stdint.h>
#include <string.h>

#include "pupitre-protocol.h"
#include "pupitre-quiz.h"

#define DISPLAY_NAME "fuzz.bank"

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A warning or a critical from the code under test is a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_text (const char *text,
            glong       max_chars)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (text, -1), >=, 1);
  g_assert_cmpint (g_utf8_strlen (text, -1), <=, max_chars);
}

static void
check_quiz (PupitreQuiz *quiz)
{
  const char * const *warnings = pupitre_quiz_get_warnings (quiz);
  guint n_questions = pupitre_quiz_get_n_questions (quiz);

  check_text (pupitre_quiz_get_title (quiz), PUPITRE_QUIZ_MAX_TITLE_CHARS);
  g_assert_cmpuint (n_questions, >=, 1);
  g_assert_cmpuint (n_questions, <=, PUPITRE_QUIZ_MAX_QUESTIONS);

  for (guint i = 0; i < n_questions; i++)
    {
      const PupitreQuestion *question = pupitre_quiz_get_question (quiz, i);

      check_text (question->text, PUPITRE_QUIZ_MAX_TEXT_CHARS);
      g_assert_cmpuint (question->n_choices, >=, 2);
      g_assert_cmpuint (question->n_choices, <=, PUPITRE_MAX_CHOICES);
      for (guint c = 0; c < question->n_choices; c++)
        check_text (question->choices[c], PUPITRE_QUIZ_MAX_CHOICE_CHARS);
      g_assert_null (question->choices[question->n_choices]);
      g_assert_cmpuint (question->answer, >=, 1);
      g_assert_cmpuint (question->answer, <=, question->n_choices);
      g_assert_true (question->time_limit_ms == 0 ||
                     (question->time_limit_ms >= PUPITRE_QUIZ_MIN_TIME_LIMIT_MS &&
                      question->time_limit_ms <= PUPITRE_QUIZ_MAX_TIME_LIMIT_MS));
      if (question->explanation != NULL)
        check_text (question->explanation, PUPITRE_QUIZ_MAX_TEXT_CHARS);
      g_assert_cmpuint (question->line, >=, 1);
    }

  for (guint i = 0; warnings[i] != NULL; i++)
    {
      g_assert_true (g_utf8_validate (warnings[i], -1, NULL));
      g_assert_true (g_str_has_prefix (warnings[i], DISPLAY_NAME ":"));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const PupitreQuizFormat formats[] = {
    PUPITRE_QUIZ_FORMAT_AIKEN,
    PUPITRE_QUIZ_FORMAT_MOODLE_XML,
    PUPITRE_QUIZ_FORMAT_CSV,
    PUPITRE_QUIZ_FORMAT_GIFT,
  };
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GError) error = NULL;
  PupitreQuizFormat format;

  if (size == 0)
    return 0;
  format = data[0] % 2 == 0 ? PUPITRE_QUIZ_FORMAT_GIFT : formats[data[0] / 2 % 4];

  quiz = pupitre_quiz_import ((const char *) data + 1, size - 1, DISPLAY_NAME, format, &error);
  if (quiz == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PUPITRE_QUIZ_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (g_str_has_prefix (error->message, DISPLAY_NAME ":"));
      return 0;
    }

  g_assert_no_error (error);
  check_quiz (quiz);
  return 0;
}
