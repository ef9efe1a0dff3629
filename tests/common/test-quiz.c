/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of quiz loading: every refusal names its file, line and question. */

#include <string.h>
#include <glib/gstdio.h>

#include "pupitre-protocol.h"
#include "pupitre-quiz.h"

/* A quiz whose second question has the members @members, its "{" on
 * line 9:
 *
 *  1 {
 *  2   "title": "Quiz",
 *  3   "questions": [
 *  4     {
 *  5       "text": "One?",
 *  6       "choices": ["a", "b"],
 *  7       "answer": 1
 *  8     },
 *  9     {
 * 10       MEMBERS
 * 11     }
 * 12   ]
 * 13 }
 */
static char *
quiz_with_second_question (const char *members)
{
  return g_strdup_printf ("{\n"
                          "  \"title\": \"Quiz\",\n"
                          "  \"questions\": [\n"
                          "    {\n"
                          "      \"text\": \"One?\",\n"
                          "      \"choices\": [\"a\", \"b\"],\n"
                          "      \"answer\": 1\n"
                          "    },\n"
                          "    {\n"
                          "      %s\n"
                          "    }\n"
                          "  ]\n"
                          "}\n", members);
}

static void
assert_refused (const char *text,
                int         code,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;

  quiz = pupitre_quiz_load_from_data (text, -1, "quiz.json", &error);
  if (quiz != NULL)
    g_error ("accepted: %s", text);
  g_assert_error (error, PUPITRE_QUIZ_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_question_refused (const char *members,
                         const char *problem)
{
  g_autofree char *text = quiz_with_second_question (members);
  g_autofree char *message = g_strdup_printf ("quiz.json:9: question 2: %s", problem);

  assert_refused (text, PUPITRE_QUIZ_ERROR_INVALID, message);
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (out, unit);

  return g_string_free (out, FALSE);
}

static const char valid_quiz[] =
  "{\"title\": \"  Culture informatique \", \"language\": \"fr\", \"time_limit_ms\": 20000,\n"
  " \"questions\": [\n"
  "   {\"text\": \" Quel système d'exploitation est sous licence libre ?\\n\",\n"
  "    \"choices\": [\"Windows\", \" MacOS\", \"Linux \"], \"answer\": 3,\n"
  "    \"time_limit_ms\": 15000, \"explanation\": \"Linux est sous GPL.\"},\n"
  "\n"
  "   {\"text\": \"Deux ?\", \"choices\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"],\n"
  "    \"answer\": 9, \"explanation\": \"  \", \"future\": {\"x\": [1, 2]}},\n"
  "   {\"text\": \"Trois ?\", \"choices\": [\"oui\", \"non\"], \"answer\": 1,\n"
  "    \"explanation\": null, \"time_limit_ms\": null}\n"
  " ]}\n";

static void
test_load_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  const PupitreQuestion *question;

  quiz = pupitre_quiz_load_from_data (valid_quiz, -1, "valid.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (quiz);

  /* Texts are trimmed. */
  g_assert_cmpstr (pupitre_quiz_get_title (quiz), ==, "Culture informatique");
  g_assert_cmpstr (pupitre_quiz_get_language (quiz), ==, "fr");
  g_assert_cmpint (pupitre_quiz_get_time_limit (quiz), ==, 20000);
  g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), ==, 3);

  question = pupitre_quiz_get_question (quiz, 0);
  g_assert_cmpstr (question->text, ==, "Quel système d'exploitation est sous licence libre ?");
  g_assert_cmpuint (question->n_choices, ==, 3);
  g_assert_cmpstr (question->choices[0], ==, "Windows");
  g_assert_cmpstr (question->choices[1], ==, "MacOS");
  g_assert_cmpstr (question->choices[2], ==, "Linux");
  g_assert_null (question->choices[3]);
  g_assert_cmpuint (question->answer, ==, 3);
  g_assert_cmpint (question->time_limit_ms, ==, 15000);
  g_assert_cmpstr (question->explanation, ==, "Linux est sous GPL.");
  g_assert_cmpuint (question->line, ==, 3);

  question = pupitre_quiz_get_question (quiz, 1);
  g_assert_cmpuint (question->n_choices, ==, PUPITRE_MAX_CHOICES);
  g_assert_cmpuint (question->answer, ==, 9);
  g_assert_cmpint (question->time_limit_ms, ==, 0);
  /* An explanation of white space only is none. */
  g_assert_null (question->explanation);
  g_assert_cmpuint (question->line, ==, 7);

  question = pupitre_quiz_get_question (quiz, 2);
  g_assert_null (question->explanation);
  g_assert_cmpint (question->time_limit_ms, ==, 0);
  g_assert_cmpuint (question->line, ==, 9);
}

static void
test_load_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;

  quiz = pupitre_quiz_load_from_data ("{\"title\":\"T\",\"questions\":[{\"text\":\"Q\","
                                      "\"choices\":[\"a\",\"b\"],\"answer\":2}]}", -1,
                                      "minimal.json", &error);
  g_assert_no_error (error);
  g_assert_null (pupitre_quiz_get_language (quiz));
  g_assert_cmpint (pupitre_quiz_get_time_limit (quiz), ==, 0);
  g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), ==, 1);
  g_assert_cmpuint (pupitre_quiz_get_question (quiz, 0)->line, ==, 1);
}

static void
test_load_byte_order_mark (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;

  quiz = pupitre_quiz_load_from_data ("\xef\xbb\xbf{\"title\":\"T\",\"questions\":[{\"text\":\"Q\","
                                      "\"choices\":[\"a\",\"b\"],\"answer\":1}]}", -1,
                                      "bom.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (quiz);
}

static void
test_refcount (void)
{
  g_autoptr(GError) error = NULL;
  PupitreQuiz *quiz;
  const PupitreQuestion *question;

  quiz = pupitre_quiz_load_from_data (valid_quiz, -1, "valid.json", &error);
  g_assert_no_error (error);
  g_assert_true (pupitre_quiz_ref (quiz) == quiz);
  question = pupitre_quiz_get_question (quiz, 0);
  pupitre_quiz_unref (quiz);
  /* Still alive: one reference is left. */
  g_assert_cmpuint (question->n_choices, ==, 3);
  pupitre_quiz_unref (quiz);
}

static void
test_question_not_object (void)
{
  assert_refused ("{\n"
                  "  \"title\": \"Quiz\",\n"
                  "  \"questions\": [\n"
                  "    \"oops\",\n"
                  "    {\"text\": \"Q\", \"choices\": [\"a\", \"b\"], \"answer\": 1}\n"
                  "  ]\n"
                  "}\n",
                  PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:4: question 1: the question is not a JSON object");
}

static void
test_question_text (void)
{
  g_autofree char *longest = repeat ("é", PUPITRE_QUIZ_MAX_TEXT_CHARS);
  g_autofree char *too_long = repeat ("é", PUPITRE_QUIZ_MAX_TEXT_CHARS + 1);
  g_autofree char *members = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GError) error = NULL;

  assert_question_refused ("\"choices\": [\"a\", \"b\"], \"answer\": 1",
                           "“text” is missing");
  assert_question_refused ("\"text\": \" \\t \", \"choices\": [\"a\", \"b\"], \"answer\": 1",
                           "“text” is empty");
  assert_question_refused ("\"text\": 5, \"choices\": [\"a\", \"b\"], \"answer\": 1",
                           "“text” must be a string");

  members = g_strdup_printf ("\"text\": \"%s\", \"choices\": [\"a\", \"b\"], \"answer\": 1", too_long);
  assert_question_refused (members, "“text” is longer than 2000 characters");

  /* The limit itself is accepted, counted in characters. */
  g_free (members);
  members = g_strdup_printf ("\"text\": \"%s\", \"choices\": [\"a\", \"b\"], \"answer\": 1", longest);
  text = quiz_with_second_question (members);
  quiz = pupitre_quiz_load_from_data (text, -1, "quiz.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pupitre_quiz_get_question (quiz, 1)->text, ==, longest);
}

static void
test_question_choices (void)
{
  g_autofree char *long_choice = repeat ("x", PUPITRE_QUIZ_MAX_CHOICE_CHARS + 1);
  g_autofree char *members = NULL;

  assert_question_refused ("\"text\": \"Q\", \"answer\": 1",
                           "“choices” is missing");
  assert_question_refused ("\"text\": \"Q\", \"choices\": \"a, b\", \"answer\": 1",
                           "“choices” must be an array");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [], \"answer\": 1",
                           "a question needs at least 2 choices");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\"], \"answer\": 1",
                           "a question needs at least 2 choices");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"1\",\"2\",\"3\",\"4\",\"5\","
                           "\"6\",\"7\",\"8\",\"9\",\"10\"], \"answer\": 1",
                           "a question has at most 9 choices");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", 2], \"answer\": 1",
                           "choice 2 must be a string");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [null, \"b\"], \"answer\": 1",
                           "choice 1 must be a string");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\", \"  \"], \"answer\": 1",
                           "choice 3 is empty");
  /* A student could not tell which one is right. */
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"Paris\", \"c\", \" paris \"], \"answer\": 2",
                           "choices 2 and 4 are the same");

  members = g_strdup_printf ("\"text\": \"Q\", \"choices\": [\"a\", \"%s\"], \"answer\": 1", long_choice);
  assert_question_refused (members, "choice 2 is longer than 200 characters");
}

static void
test_question_answer (void)
{
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\", \"c\"]",
                           "“answer” is missing");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\", \"c\"], \"answer\": \"1\"",
                           "“answer” must be an integer");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\", \"c\"], \"answer\": 1.5",
                           "“answer” must be an integer");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\", \"c\"], \"answer\": 0",
                           "“answer” must be between 1 and 3, the number of choices");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\", \"c\"], \"answer\": 4",
                           "“answer” must be between 1 and 3, the number of choices");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\"], \"answer\": -1",
                           "“answer” must be between 1 and 2, the number of choices");
}

static void
test_question_time_limit (void)
{
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\"], \"answer\": 1, "
                           "\"time_limit_ms\": \"20s\"",
                           "“time_limit_ms” must be an integer");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\"], \"answer\": 1, "
                           "\"time_limit_ms\": 999",
                           "“time_limit_ms” must be between 1000 and 3600000");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\"], \"answer\": 1, "
                           "\"time_limit_ms\": 3600001",
                           "“time_limit_ms” must be between 1000 and 3600000");
}

/* A question counts 0, 1 or 2 times; the native JSON and GIFT carry it
 * both ways, and 1 is the default neither writes. */
static void
test_question_points (void)
{
  g_autofree char *text = quiz_with_second_question ("\"text\": \"Two?\", \"choices\": [\"a\", \"b\"], "
                                                     "\"answer\": 2, \"points\": 2");
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = pupitre_quiz_load_from_data (text, -1, "quiz.json", &error);
  g_autoptr(PupitreQuiz) from_json = NULL;
  g_autoptr(PupitreQuiz) from_gift = NULL;
  g_autofree char *json = NULL;
  g_autofree char *gift = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (pupitre_quiz_get_question (quiz, 0)->points, ==, 1);
  g_assert_cmpuint (pupitre_quiz_get_question (quiz, 1)->points, ==, 2);

  json = pupitre_quiz_to_json (quiz);
  g_assert_nonnull (strstr (json, "\"points\" : 2"));
  g_assert_null (strstr (json, "\"points\" : 1"));
  from_json = pupitre_quiz_load_from_data (json, -1, "again.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pupitre_quiz_get_question (from_json, 1)->points, ==, 2);

  gift = pupitre_quiz_to_gift (quiz);
  from_gift = pupitre_quiz_import (gift, strlen (gift), "again.gift", PUPITRE_QUIZ_FORMAT_GIFT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pupitre_quiz_get_question (from_gift, 0)->points, ==, 1);
  g_assert_cmpuint (pupitre_quiz_get_question (from_gift, 1)->points, ==, 2);

  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\"], \"answer\": 1, "
                           "\"points\": 3",
                           "“points” must be between 0 and 2");
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\"], \"answer\": 1, "
                           "\"points\": \"double\"",
                           "“points” must be an integer");
}

static void
test_question_explanation (void)
{
  assert_question_refused ("\"text\": \"Q\", \"choices\": [\"a\", \"b\"], \"answer\": 1, "
                           "\"explanation\": [\"why\"]",
                           "“explanation” must be a string");
}

static void
test_question_number_and_line (void)
{
  g_autoptr(GString) text = g_string_new ("{\"title\": \"T\", \"questions\": [\n");

  /* The 7th question, on line 8, is the bad one. */
  for (guint i = 1; i <= 7; i++)
    g_string_append_printf (text, "  {\"text\": \"Q%u\", \"choices\": [\"a\", \"b\"], \"answer\": %u}%s\n",
                            i, i == 7 ? 5 : 1, i == 7 ? "" : ",");
  g_string_append (text, "]}\n");

  assert_refused (text->str, PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:8: question 7: “answer” must be between 1 and 2, the number of choices");
}

static void
test_file_not_object (void)
{
  assert_refused ("[{\"title\": \"T\"}]", PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:1: the quiz is not a JSON object");
  assert_refused ("\n\n  [1, 2]\n", PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:3: the quiz is not a JSON object");
  assert_refused ("\"quiz\"", PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:1: the quiz is not a JSON object");
}

static void
test_file_title (void)
{
  g_autofree char *too_long = repeat ("t", PUPITRE_QUIZ_MAX_TITLE_CHARS + 1);
  g_autofree char *text = g_strdup_printf ("\n{\"title\": \"%s\", \"questions\": []}", too_long);

  assert_refused ("{\"questions\": [{\"text\": \"Q\", \"choices\": [\"a\", \"b\"], \"answer\": 1}]}",
                  PUPITRE_QUIZ_ERROR_INVALID, "quiz.json:1: the quiz has no “title”");
  assert_refused ("{\"title\": \" \", \"questions\": []}",
                  PUPITRE_QUIZ_ERROR_INVALID, "quiz.json:1: the quiz has no “title”");
  assert_refused ("{\"title\": 1, \"questions\": []}",
                  PUPITRE_QUIZ_ERROR_INVALID, "quiz.json:1: “title” must be a string");
  assert_refused (text, PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:2: “title” is longer than 200 characters");
}

static void
test_file_questions (void)
{
  g_autoptr(GString) many = g_string_new ("{\"title\": \"T\", \"questions\": [");

  assert_refused ("{\"title\": \"T\"}", PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:1: the quiz has no questions");
  assert_refused ("{\"title\": \"T\", \"questions\": []}", PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:1: the quiz has no questions");
  assert_refused ("{\"title\": \"T\", \"questions\": {\"text\": \"Q\"}}", PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:1: “questions” must be an array");

  for (guint i = 0; i <= PUPITRE_QUIZ_MAX_QUESTIONS; i++)
    g_string_append_printf (many, "%s{\"text\": \"Q\", \"choices\": [\"a\", \"b\"], \"answer\": 1}",
                            i > 0 ? "," : "");
  g_string_append (many, "]}");
  assert_refused (many->str, PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:1: the quiz has more than 500 questions");
}

static void
test_file_optional_members (void)
{
  assert_refused ("{\"title\": \"T\", \"language\": 33, \"questions\": []}",
                  PUPITRE_QUIZ_ERROR_INVALID, "quiz.json:1: “language” must be a string");
  assert_refused ("{\"title\": \"T\", \"time_limit_ms\": 1.5, \"questions\": []}",
                  PUPITRE_QUIZ_ERROR_INVALID, "quiz.json:1: “time_limit_ms” must be an integer");
  assert_refused ("{\"title\": \"T\", \"time_limit_ms\": 10, \"questions\": []}",
                  PUPITRE_QUIZ_ERROR_INVALID,
                  "quiz.json:1: “time_limit_ms” must be between 1000 and 3600000");
}

static void
test_file_syntax (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;

  /* json-glib's message, with its line and column, under the file name. */
  quiz = pupitre_quiz_load_from_data ("{\"title\": \"T\",\n \"questions\": [\n  {\"text\": }]}", -1,
                                      "quiz.json", &error);
  g_assert_null (quiz);
  g_assert_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "quiz.json:3:"));

  /* Strict JSON: what json-glib would let through is refused too. */
  assert_refused ("{\"title\": \"T\",\n\n \"questions\": [], // none\n}",
                  PUPITRE_QUIZ_ERROR_SYNTAX, "quiz.json:3: Unexpected character in JSON.");
  assert_refused ("{\"title\": \"T\",\n \"title\": \"U\", \"questions\": []}",
                  PUPITRE_QUIZ_ERROR_SYNTAX,
                  "quiz.json:2: The same key appears twice in a JSON object.");
  assert_refused ("{\"title\": \"T\", \"questions\": [],\n \"time_limit_ms\": 100000000000000000000}",
                  PUPITRE_QUIZ_ERROR_SYNTAX, "quiz.json:2: Integer too large in JSON.");
  assert_refused ("", PUPITRE_QUIZ_ERROR_SYNTAX, "quiz.json:1: Incomplete JSON text.");
}

static void
test_file_deep_nesting (void)
{
  gsize n = 100000;
  g_autofree char *deep = g_malloc (n + 1);
  g_autoptr(GError) error = NULL;

  memset (deep, '[', n);
  deep[n] = '\0';
  g_assert_null (pupitre_quiz_load_from_data (deep, n, "deep.json", &error));
  g_assert_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "deep.json:1: JSON nested too deeply.");
}

static void
test_file_not_utf8 (void)
{
  assert_refused ("{\"title\": \"T\",\n \"questions\": [\"caf\xe9\"]}",
                  PUPITRE_QUIZ_ERROR_SYNTAX, "quiz.json:2: the file is not UTF-8 text");
}

static void
test_file_too_large (void)
{
  gsize size = PUPITRE_QUIZ_MAX_FILE_SIZE + 1;
  g_autofree char *big = g_malloc (size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;

  memset (big, ' ', size);
  g_assert_null (pupitre_quiz_load_from_data (big, size, "big.json", &error));
  g_assert_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ);
  g_assert_cmpstr (error->message, ==, "big.json: the file is larger than 4 MiB");

  dir = g_dir_make_tmp ("pupitre-quiz-XXXXXX", &file_error);
  g_assert_no_error (file_error);
  path = g_build_filename (dir, "big.json", NULL);
  g_assert_true (g_file_set_contents (path, big, size, &file_error));
  g_assert_null (pupitre_quiz_load (path, &file_error));
  g_assert_error (file_error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ);
  expected = g_strdup_printf ("%s: the file is larger than 4 MiB", path);
  g_assert_cmpstr (file_error->message, ==, expected);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_file_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pupitre-quiz-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *prefix = g_strdup_printf ("%s: cannot be read: ", missing);
  g_autofree char *dir_prefix = g_strdup_printf ("%s: cannot be read: ", dir);

  g_assert_null (pupitre_quiz_load (missing, &error));
  g_assert_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_clear_error (&error);

  /* A folder is not a quiz either. */
  g_assert_null (pupitre_quiz_load (dir, &error));
  g_assert_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ);
  g_assert_true (g_str_has_prefix (error->message, dir_prefix));

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_file_load_from_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pupitre-quiz-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "quiz.json", NULL);
  g_autofree char *bad = quiz_with_second_question ("\"text\": \"Q\"");
  g_autofree char *expected = g_strdup_printf ("%s:9: question 2: “choices” is missing", path);

  g_assert_true (g_file_set_contents (path, valid_quiz, -1, &error));
  quiz = pupitre_quiz_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), ==, 3);

  /* Errors from a file name the file. */
  g_assert_true (g_file_set_contents (path, bad, -1, &error));
  g_clear_pointer (&quiz, pupitre_quiz_unref);
  quiz = pupitre_quiz_load (path, &error);
  g_assert_null (quiz);
  g_assert_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, expected);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_bundled_quizzes (void)
{
  const char *quiz_dir = g_getenv ("PUPITRE_QUIZ_DIR");
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint loaded = 0;

  if (quiz_dir == NULL)
    {
      g_test_skip ("PUPITRE_QUIZ_DIR is not set");
      return;
    }

  dir = g_dir_open (quiz_dir, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(PupitreQuiz) quiz = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (quiz_dir, name, NULL);
      quiz = pupitre_quiz_load (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (quiz);
      g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), >=, 1);
      g_assert_nonnull (pupitre_quiz_get_language (quiz));

      for (guint i = 0; i < pupitre_quiz_get_n_questions (quiz); i++)
        {
          const PupitreQuestion *question = pupitre_quiz_get_question (quiz, i);

          g_assert_cmpuint (question->line, >, 1);
          g_assert_cmpuint (question->answer, >=, 1);
          g_assert_cmpuint (question->answer, <=, question->n_choices);
        }
      loaded++;
    }

  if (loaded == 0)
    g_test_skip ("no bundled quiz yet");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quiz/load/valid", test_load_valid);
  g_test_add_func ("/quiz/load/minimal", test_load_minimal);
  g_test_add_func ("/quiz/load/byte-order-mark", test_load_byte_order_mark);
  g_test_add_func ("/quiz/load/from-path", test_file_load_from_path);
  g_test_add_func ("/quiz/refcount", test_refcount);
  g_test_add_func ("/quiz/question/not-an-object", test_question_not_object);
  g_test_add_func ("/quiz/question/text", test_question_text);
  g_test_add_func ("/quiz/question/choices", test_question_choices);
  g_test_add_func ("/quiz/question/answer-out-of-range", test_question_answer);
  g_test_add_func ("/quiz/question/time-limit", test_question_time_limit);
  g_test_add_func ("/quiz/question/explanation", test_question_explanation);
  g_test_add_func ("/quiz/question/points", test_question_points);
  g_test_add_func ("/quiz/question/number-and-line", test_question_number_and_line);
  g_test_add_func ("/quiz/file/not-an-object", test_file_not_object);
  g_test_add_func ("/quiz/file/title", test_file_title);
  g_test_add_func ("/quiz/file/questions", test_file_questions);
  g_test_add_func ("/quiz/file/optional-members", test_file_optional_members);
  g_test_add_func ("/quiz/file/syntax-error", test_file_syntax);
  g_test_add_func ("/quiz/file/deep-nesting", test_file_deep_nesting);
  g_test_add_func ("/quiz/file/not-utf8", test_file_not_utf8);
  g_test_add_func ("/quiz/file/too-large", test_file_too_large);
  g_test_add_func ("/quiz/file/unreadable", test_file_unreadable);
  g_test_add_func ("/quiz/bundled", test_bundled_quizzes);

  return g_test_run ();
}
