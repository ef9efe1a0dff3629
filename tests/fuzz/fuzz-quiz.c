/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: a quiz file, loaded and checked, and every line its questions become. */

/* The input is the whole file. A quiz that loads must keep the limits the
 * loader promises, and every message the server builds from one of its
 * questions must be a single line under the contract's limit, even with
 * the longest lists of players a round can carry. A quiz that does not
 * load must say which file is wrong. */

#include <stdint.h>
#include <string.h>

#include "pupitre-json.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"
#include "pupitre-quiz.h"

#define DISPLAY_NAME "fuzz.json"

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

static JsonObject *
parse_encoded_line (GBytes     *bytes,
                    const char *type)
{
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *line = g_bytes_get_data (bytes, &size);
  JsonObject *object;

  g_assert_cmpuint (size, >, 1);
  g_assert_cmpuint (size, <=, PUPITRE_MAX_LINE);
  g_assert_cmpint (line[size - 1], ==, '\n');
  g_assert_null (memchr (line, '\n', size - 1));

  object = pupitre_json_parse_object (line, size - 1, &error);
  if (object == NULL)
    g_printerr ("Not a valid line: %.*s\n", (int) MIN (size, 1000), line);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, type);
  return object;
}

static void
check_text (const char *text,
            glong       max_chars)
{
  glong n_chars;

  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  n_chars = g_utf8_strlen (text, -1);
  g_assert_cmpint (n_chars, >=, 1);
  g_assert_cmpint (n_chars, <=, max_chars);
}

static void
check_question_lines (const PupitreQuestion *question,
                      guint                  round,
                      guint                  rounds)
{
  /* Names of 24 four-byte characters: the longest a player can have. */
  static const char widest_name[] =
    "\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E"
    "\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E"
    "\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E"
    "\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E"
    "\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E"
    "\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E\xF0\x9D\x84\x9E";
  PupitreResultEntry results[PUPITRE_LIST_MAX];
  PupitreTotalEntry totals[PUPITRE_LIST_MAX];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) result_bytes = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonArray *choices;

  bytes = pupitre_message_question (round, rounds, question->text,
                                    (const char * const *) question->choices,
                                    PUPITRE_QUIZ_MAX_TIME_LIMIT_MS,
                                    PUPITRE_QUIZ_MAX_TIME_LIMIT_MS);
  object = parse_encoded_line (bytes, "question");
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, question->text);
  choices = json_object_get_array_member (object, "choices");
  g_assert_cmpuint (json_array_get_length (choices), ==, question->n_choices);
  for (guint i = 0; i < question->n_choices; i++)
    g_assert_cmpstr (json_array_get_string_element (choices, i), ==, question->choices[i]);

  for (guint i = 0; i < PUPITRE_LIST_MAX; i++)
    {
      results[i] = (PupitreResultEntry) { widest_name, PUPITRE_MAX_CHOICES,
                                          -(gint64) PUPITRE_QUIZ_MAX_QUESTIONS,
                                          PUPITRE_QUIZ_MAX_TIME_LIMIT_MS };
      totals[i] = (PupitreTotalEntry) { widest_name, G_MININT64, G_MAXUINT };
    }
  result_bytes = pupitre_message_round_result (round, question->answer, question->explanation,
                                               results, PUPITRE_LIST_MAX,
                                               totals, PUPITRE_LIST_MAX);
  result = parse_encoded_line (result_bytes, "round_result");
  if (question->explanation != NULL)
    g_assert_cmpstr (json_object_get_string_member (result, "explanation"), ==,
                     question->explanation);
}

static void
check_quiz (PupitreQuiz *quiz)
{
  guint n_questions = pupitre_quiz_get_n_questions (quiz);
  gint64 time_limit = pupitre_quiz_get_time_limit (quiz);
  const char *language = pupitre_quiz_get_language (quiz);

  check_text (pupitre_quiz_get_title (quiz), PUPITRE_QUIZ_MAX_TITLE_CHARS);
  if (language != NULL)
    {
      g_assert_true (g_utf8_validate (language, -1, NULL));
      g_assert_cmpstr (language, !=, "");
    }
  g_assert_true (time_limit == 0 ||
                 (time_limit >= PUPITRE_QUIZ_MIN_TIME_LIMIT_MS &&
                  time_limit <= PUPITRE_QUIZ_MAX_TIME_LIMIT_MS));
  g_assert_cmpuint (n_questions, >=, 1);
  g_assert_cmpuint (n_questions, <=, PUPITRE_QUIZ_MAX_QUESTIONS);

  for (guint i = 0; i < n_questions; i++)
    {
      const PupitreQuestion *question = pupitre_quiz_get_question (quiz, i);

      check_text (question->text, PUPITRE_QUIZ_MAX_TEXT_CHARS);
      g_assert_cmpuint (question->n_choices, >=, 2);
      g_assert_cmpuint (question->n_choices, <=, PUPITRE_MAX_CHOICES);
      g_assert_nonnull (question->choices);
      for (guint c = 0; c < question->n_choices; c++)
        check_text (question->choices[c], PUPITRE_QUIZ_MAX_CHOICE_CHARS);
      g_assert_null (question->choices[question->n_choices]);
      g_assert_cmpuint (question->answer, >=, 1);
      g_assert_cmpuint (question->answer, <=, question->n_choices);
      g_assert_true (question->time_limit_ms == 0 ||
                     (question->time_limit_ms >= PUPITRE_QUIZ_MIN_TIME_LIMIT_MS &&
                      question->time_limit_ms <= PUPITRE_QUIZ_MAX_TIME_LIMIT_MS));
      if (question->explanation != NULL)
        {
          g_assert_true (g_utf8_validate (question->explanation, -1, NULL));
          g_assert_cmpstr (question->explanation, !=, "");
        }
      g_assert_cmpuint (question->line, >=, 1);

      check_question_lines (question, i + 1, n_questions);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GError) error = NULL;

  quiz = pupitre_quiz_load_from_data (size > 0 ? (const char *) data : "", size,
                                      DISPLAY_NAME, &error);
  if (quiz == NULL)
    {
      /* A teacher is told which file, and where when it is known. */
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
