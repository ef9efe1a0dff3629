/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the importers: GIFT, Aiken, Moodle XML and CSV files as Moodle writes them, their encodings, and what is skipped. */

#include <string.h>

#include "pupitre-quiz.h"

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"), "tests", "quiz", "data", name, NULL);
}

static PupitreQuiz *
load_fixture (const char *name)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  PupitreQuiz *quiz = pupitre_quiz_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (quiz);
  return quiz;
}

static void
assert_choices (const PupitreQuestion *question,
                const char * const    *choices,
                guint                  answer)
{
  g_assert_cmpstrv ((const char * const *) question->choices, choices);
  g_assert_cmpuint (question->answer, ==, answer);
}

static void
test_gift_every_rule (void)
{
  g_autoptr(PupitreQuiz) quiz = load_fixture ("every-rule.gift");
  const char * const *warnings = pupitre_quiz_get_warnings (quiz);
  const PupitreQuestion *q;

  /* The last part of the first category names the quiz. */
  g_assert_cmpstr (pupitre_quiz_get_title (quiz), ==, "Histoire de France");
  g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), ==, 8);
  g_assert_cmpuint (pupitre_quiz_get_n_skipped (quiz), ==, 7);

  /* Title, feedback per answer, general feedback as the explanation. */
  q = pupitre_quiz_get_question (quiz, 0);
  g_assert_cmpstr (q->text, ==, "Qui a été sacré empereur en 1804 ?");
  assert_choices (q, (const char *[]) { "Louis XVI", "Napoléon Bonaparte", "Charles de Gaulle", NULL }, 2);
  g_assert_cmpstr (q->explanation, ==, "Le sacre eut lieu le 2 décembre 1804.");
  g_assert_cmpuint (q->line, ==, 4);

  /* [html]: tags dropped, entities decoded, paragraphs kept as lines. */
  q = pupitre_quiz_get_question (quiz, 1);
  g_assert_cmpstr (q->text, ==, "La Révolution commence en\xC2\xA0:\n(une date)");
  assert_choices (q, (const char *[]) { "1789", "1815", "1848", NULL }, 1);

  /* True and false, two choices; Moodle's second feedback is the right one's. */
  q = pupitre_quiz_get_question (quiz, 2);
  assert_choices (q, (const char *[]) { "True", "False", NULL }, 2);
  g_assert_null (q->explanation);
  q = pupitre_quiz_get_question (quiz, 3);
  assert_choices (q, (const char *[]) { "True", "False", NULL }, 1);
  g_assert_cmpstr (q->explanation, ==, "Bien sûr.");

  /* Escapes, and \n as a new line. */
  q = pupitre_quiz_get_question (quiz, 4);
  g_assert_cmpstr (q->text, ==, "Les escapes ~ = # { } : et\nune nouvelle ligne.");
  assert_choices (q, (const char *[]) { "oui = oui", "non", NULL }, 1);

  /* A weight of 100 % is the right answer. */
  q = pupitre_quiz_get_question (quiz, 5);
  assert_choices (q, (const char *[]) { "la bonne", "la mauvaise", NULL }, 1);

  /* The missing word, a blank; the time limit Pupitre writes in a comment. */
  q = pupitre_quiz_get_question (quiz, 6);
  g_assert_cmpstr (q->text, ==, "Le château de Versailles a été construit sous _____ (règne).");
  g_assert_cmpint (q->time_limit_ms, ==, 15000);
  assert_choices (q, (const char *[]) { "Louis XIII", "Louis XIV", "Louis XV", NULL }, 2);

  /* An image: the question kept, and a warning. */
  q = pupitre_quiz_get_question (quiz, 7);
  g_assert_cmpstr (q->text, ==, "Quel monument ?");

  g_assert_cmpuint (g_strv_length ((char **) warnings), ==, 8);
  g_assert_true (g_str_has_suffix (warnings[0], "every-rule.gift:28: question 8: essay questions cannot be played; skipped"));
  g_assert_true (g_str_has_suffix (warnings[1], ":30: question 9: numerical questions cannot be played; skipped"));
  g_assert_true (g_str_has_suffix (warnings[2], ":32: question 10: matching questions cannot be played; skipped"));
  g_assert_true (g_str_has_suffix (warnings[3], ":34: question 11: short-answer questions cannot be played; skipped"));
  g_assert_true (g_str_has_suffix (warnings[4], ":36: question 12: multiple-answer questions cannot be played; skipped"));
  g_assert_true (g_str_has_suffix (warnings[5], ":38: question 13: description questions cannot be played; skipped"));
  g_assert_true (g_str_has_suffix (warnings[6], ":40: question 14: an image or other media cannot be shown; the question is kept without it"));
  g_assert_true (g_str_has_suffix (warnings[7], ":42: question 15: a question has at most 9 choices; skipped"));
}

static void
assert_import_error (const char *data,
                     const char *name,
                     const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;

  quiz = pupitre_quiz_import (data, strlen (data), name, PUPITRE_QUIZ_FORMAT_AUTO, &error);
  g_assert_null (quiz);
  g_assert_error (error, PUPITRE_QUIZ_ERROR, error->code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_gift_errors (void)
{
  assert_import_error ("Une question {\n=oui ~non\n", "a.gift",
                       "a.gift:1: question 1: the answers’ “{” is never closed");
  assert_import_error ("::titre Une question {=oui ~non}\n", "a.gift",
                       "a.gift:1: question 1: the title’s “::” is never closed");
  assert_import_error ("// Rien.\nRacontez. {}\n\nDeux et deux ? {#4}\n", "a.gift",
                       "a.gift: no question can be played (2 skipped)");
  assert_import_error ("", "a.gift", "a.gift: no question can be played (0 skipped)");
}

static void
test_not_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;

  quiz = pupitre_quiz_import ("A {=a ~b}\n\0", 11, "a.gift", PUPITRE_QUIZ_FORMAT_AUTO, &error);
  g_assert_null (quiz);
  g_assert_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "a.gift: the file is not text");
}

static void
test_gift_limits (void)
{
  g_autoptr(GString) bank = g_string_new ("Long {=a ~");
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 201; i++)
    g_string_append_c (bank, 'b');
  g_string_append (bank, "}\n\n");
  for (guint i = 0; i < 501; i++)
    g_string_append_printf (bank, "Q%u {=a ~b}\n\n", i + 1);

  quiz = pupitre_quiz_import (bank->str, bank->len, "bank.gift", PUPITRE_QUIZ_FORMAT_GIFT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), ==, 500);
  g_assert_cmpuint (pupitre_quiz_get_n_skipped (quiz), ==, 2);
  g_assert_cmpstr (pupitre_quiz_get_warnings (quiz)[0], ==,
                   "bank.gift:1: question 1: choice 2 is longer than 200 characters; skipped");
  g_assert_cmpstr (pupitre_quiz_get_warnings (quiz)[1], ==,
                   "bank.gift:1003: question 502: a quiz has at most 500 questions; skipped");
}

static void
test_aiken_crlf (void)
{
  g_autoptr(PupitreQuiz) quiz = load_fixture ("crlf.aiken.txt");
  const PupitreQuestion *q = pupitre_quiz_get_question (quiz, 0);

  g_assert_cmpstr (pupitre_quiz_get_title (quiz), ==, "crlf.aiken");
  g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), ==, 2);
  g_assert_cmpstr (q->text, ==, "Quelle est la capitale de la France ?");
  assert_choices (q, (const char *[]) { "Lyon", "Paris", "Marseille", NULL }, 2);
  q = pupitre_quiz_get_question (quiz, 1);
  g_assert_cmpuint (q->line, ==, 7);
  assert_choices (q, (const char *[]) { "3", "4", NULL }, 1);
  g_assert_null (pupitre_quiz_get_warnings (quiz)[0]);
}

static void
test_aiken_windows_1252 (void)
{
  g_autoptr(PupitreQuiz) quiz = load_fixture ("cp1252.aiken.txt");
  const PupitreQuestion *q = pupitre_quiz_get_question (quiz, 0);
  const char * const *warnings = pupitre_quiz_get_warnings (quiz);

  g_assert_cmpstr (q->text, ==, "Préférez-vous le café ou le thé ?");
  assert_choices (q, (const char *[]) { "Café", "Thé", NULL }, 1);
  g_assert_nonnull (warnings[0]);
  g_assert_true (g_str_has_suffix (warnings[0], "cp1252.aiken.txt:1: not UTF-8: read as Windows-1252"));
  g_assert_null (warnings[1]);
}

static void
test_aiken_errors (void)
{
  g_autofree char *path = fixture ("no-answer.aiken.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = pupitre_quiz_load (path, &error);

  g_assert_null (quiz);
  g_assert_true (g_str_has_suffix (error->message,
                                   "no-answer.aiken.txt:1: question 1: the question has no “ANSWER:” line"));

  assert_import_error ("Q ?\nA) a\nB) b\nANSWER: C\n", "a.txt",
                       "a.txt:4: question 1: “ANSWER:” must give the letter of one of the choices");
  assert_import_error ("Q ?\nA) a\nC) b\nANSWER: A\n", "a.txt",
                       "a.txt:3: question 1: choice C comes out of order");
  assert_import_error ("Q ?\nA) a\nun mot\nANSWER: A\n", "a.txt",
                       "a.txt:3: question 1: a choice “A)” or “A.”, or “ANSWER:”, was expected");
}

static void
test_csv_kahoot (void)
{
  g_autoptr(PupitreQuiz) quiz = load_fixture ("kahoot.csv");
  const PupitreQuestion *q = pupitre_quiz_get_question (quiz, 0);

  /* The header found below the template's instructions; BOM and CRLF. */
  g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), ==, 2);
  g_assert_cmpstr (q->text, ==, "Combien de pattes a une araignée, adulte ?");
  assert_choices (q, (const char *[]) { "6", "8", NULL }, 2);
  g_assert_cmpint (q->time_limit_ms, ==, 20000);
  g_assert_cmpuint (q->line, ==, 5);

  /* Empty answers close up: the third column is the second choice. */
  q = pupitre_quiz_get_question (quiz, 1);
  assert_choices (q, (const char *[]) { "Rouge", "Bleu", NULL }, 2);

  g_assert_true (g_str_has_suffix (pupitre_quiz_get_warnings (quiz)[0],
                                   "kahoot.csv:6: question 2: multiple-answer questions cannot be played; skipped"));
}

static void
test_csv_own_layout (void)
{
  g_autoptr(PupitreQuiz) quiz = load_fixture ("pupitre-cp1252.csv");
  const PupitreQuestion *q = pupitre_quiz_get_question (quiz, 0);

  g_assert_cmpstr (q->text, ==, "La capitale de l'Espagne ?");
  assert_choices (q, (const char *[]) { "Madrid", "Barcelone", "Séville", NULL }, 1);
  g_assert_cmpint (q->time_limit_ms, ==, 15000);
  g_assert_cmpstr (q->explanation, ==, "Madrid depuis 1561.");

  /* A quoted cell over two lines; the answer given by its text. */
  q = pupitre_quiz_get_question (quiz, 1);
  g_assert_cmpstr (q->text, ==, "Une question\nsur deux lignes ?");
  assert_choices (q, (const char *[]) { "oui", "non", NULL }, 2);
  g_assert_true (g_str_has_suffix (pupitre_quiz_get_warnings (quiz)[0],
                                   "pupitre-cp1252.csv:1: not UTF-8: read as Windows-1252"));
}

static void
test_csv_errors (void)
{
  assert_import_error ("question,choice 1,choice 2,answer\nQ,a,b,3\n", "a.csv",
                       "a.csv:2: question 1: the right answer “3” is not one of the choices");
  assert_import_error ("question,choice 1,choice 2,answer,time\nQ,a,b,1,soon\n", "a.csv",
                       "a.csv:2: question 1: the time limit “soon” is not a number of seconds from 1 to 3600");
  assert_import_error ("a;b;c\n1;2;3\n", "a.csv",
                       "a.csv:1: no header row names the “question”, “choice” and “answer” columns");
  assert_import_error ("question,choice 1,choice 2,answer\n", "a.csv",
                       "a.csv: no question can be played (0 skipped)");
}

static void
test_moodle_xml (void)
{
  g_autoptr(PupitreQuiz) quiz = load_fixture ("moodle.xml");
  const char * const *warnings = pupitre_quiz_get_warnings (quiz);
  const PupitreQuestion *q = pupitre_quiz_get_question (quiz, 0);

  g_assert_cmpstr (pupitre_quiz_get_title (quiz), ==, "Sciences & vie");
  g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), ==, 3);
  g_assert_cmpuint (pupitre_quiz_get_n_skipped (quiz), ==, 2);

  /* CDATA and escaped HTML both made text; the general feedback explains. */
  g_assert_cmpstr (q->text, ==, "Quelle est la plus grande planète\xC2\xA0" "du système solaire ?\n"
                                "Une seule réponse.");
  assert_choices (q, (const char *[]) { "Saturne", "Jupiter", "Mars", NULL }, 2);
  g_assert_cmpstr (q->explanation, ==, "Jupiter, une géante gazeuse.");
  g_assert_cmpuint (q->line, ==, 11);

  q = pupitre_quiz_get_question (quiz, 1);
  assert_choices (q, (const char *[]) { "True", "False", NULL }, 1);
  g_assert_cmpstr (q->explanation, ==, "C'est exact.");

  q = pupitre_quiz_get_question (quiz, 2);
  g_assert_cmpstr (q->text, ==, "Quel animal ?");

  g_assert_cmpuint (g_strv_length ((char **) warnings), ==, 3);
  g_assert_true (g_str_has_suffix (warnings[0], "moodle.xml:48: question 3: an image or other media cannot be shown; the question is kept without it"));
  g_assert_true (g_str_has_suffix (warnings[1], "moodle.xml:58: question 4: multiple-answer questions cannot be played; skipped"));
  g_assert_true (g_str_has_suffix (warnings[2], "moodle.xml:66: question 5: essay questions cannot be played; skipped"));
}

static void
test_moodle_xml_errors (void)
{
  g_autofree char *path = fixture ("broken.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = pupitre_quiz_load (path, &error);

  g_assert_null (quiz);
  g_assert_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "broken.xml:5: "));

  assert_import_error ("<quiz><question type=\"essay\"></question></quiz>", "a.xml",
                       "a.xml: no question can be played (1 skipped)");
}

static void
test_guess_format (void)
{
  g_assert_cmpint (pupitre_quiz_format_guess ("a.json", "", 0), ==, PUPITRE_QUIZ_FORMAT_JSON);
  g_assert_cmpint (pupitre_quiz_format_guess ("a.GIFT", "", 0), ==, PUPITRE_QUIZ_FORMAT_GIFT);
  g_assert_cmpint (pupitre_quiz_format_guess ("a.txt", "\xEF\xBB\xBF {\"title\"", 12), ==,
                   PUPITRE_QUIZ_FORMAT_JSON);
  g_assert_cmpint (pupitre_quiz_format_guess ("a.txt", "Q\nA) a\nANSWER: A\n", 18), ==,
                   PUPITRE_QUIZ_FORMAT_AIKEN);
  g_assert_cmpint (pupitre_quiz_format_guess ("a.txt", "Q {=a ~b}", 9), ==, PUPITRE_QUIZ_FORMAT_GIFT);
  g_assert_cmpint (pupitre_quiz_format_guess ("a.txt", "q;a;b", 5), ==, PUPITRE_QUIZ_FORMAT_CSV);
  g_assert_cmpint (pupitre_quiz_format_guess ("export", "<?xml", 5), ==, PUPITRE_QUIZ_FORMAT_MOODLE_XML);
}

static void
test_gift_round_trip (void)
{
  g_autoptr(PupitreQuiz) quiz = load_fixture ("roundtrip.json");
  g_autofree char *json = pupitre_quiz_to_json (quiz);
  g_autofree char *gift = pupitre_quiz_to_gift (quiz);
  g_autoptr(PupitreQuiz) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json_back = NULL;

  back = pupitre_quiz_import (gift, strlen (gift), "roundtrip.gift", PUPITRE_QUIZ_FORMAT_GIFT, &error);
  g_assert_no_error (error);
  g_assert_null (pupitre_quiz_get_warnings (back)[0]);
  json_back = pupitre_quiz_to_json (back);
  g_assert_cmpstr (json_back, ==, json);

  /* And the JSON written is the native format, read back the same. */
  g_clear_pointer (&back, pupitre_quiz_unref);
  back = pupitre_quiz_load_from_data (json, -1, "roundtrip.json", &error);
  g_assert_no_error (error);
  g_clear_pointer (&json_back, g_free);
  json_back = pupitre_quiz_to_json (back);
  g_assert_cmpstr (json_back, ==, json);
}

static void
test_bundled_round_trip (void)
{
  const char *dir = g_getenv ("PUPITRE_QUIZ_DIR");
  g_autoptr(GDir) quizzes = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (quizzes);
  while ((name = g_dir_read_name (quizzes)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PupitreQuiz) quiz = pupitre_quiz_load (path, &error);
      g_autoptr(PupitreQuiz) back = NULL;
      g_autofree char *gift = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json_back = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_assert_no_error (error);
      gift = pupitre_quiz_to_gift (quiz);
      back = pupitre_quiz_import (gift, strlen (gift), "q.gift", PUPITRE_QUIZ_FORMAT_GIFT, &error);
      g_assert_no_error (error);
      json = pupitre_quiz_to_json (quiz);
      json_back = pupitre_quiz_to_json (back);
      g_assert_cmpstr (json_back, ==, json);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

static void
test_html_to_text (void)
{
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GError) error = NULL;
  const char *gift =
    "[html]<p>A &amp; B &lt;C&gt; &eacute;t&#233; &#x41; &inconnu;</p>"
    "<script>alert(1)</script>x<br/>y   z {=<b>oui</b> ~non}\n";

  quiz = pupitre_quiz_import (gift, strlen (gift), "h.gift", PUPITRE_QUIZ_FORMAT_GIFT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pupitre_quiz_get_question (quiz, 0)->text, ==, "A & B <C> été A &inconnu;\nx\ny z");
  g_assert_cmpstr (pupitre_quiz_get_question (quiz, 0)->choices[0], ==, "oui");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quiz/gift/every-rule", test_gift_every_rule);
  g_test_add_func ("/quiz/gift/errors", test_gift_errors);
  g_test_add_func ("/quiz/gift/native-limits", test_gift_limits);
  g_test_add_func ("/quiz/gift/html-to-text", test_html_to_text);
  g_test_add_func ("/quiz/gift/round-trip", test_gift_round_trip);
  g_test_add_func ("/quiz/gift/round-trip-bundled", test_bundled_round_trip);
  g_test_add_func ("/quiz/aiken/crlf-and-bom", test_aiken_crlf);
  g_test_add_func ("/quiz/aiken/windows-1252", test_aiken_windows_1252);
  g_test_add_func ("/quiz/aiken/errors", test_aiken_errors);
  g_test_add_func ("/quiz/csv/kahoot", test_csv_kahoot);
  g_test_add_func ("/quiz/csv/own-layout-windows-1252", test_csv_own_layout);
  g_test_add_func ("/quiz/csv/errors", test_csv_errors);
  g_test_add_func ("/quiz/moodle-xml/multichoice-and-truefalse", test_moodle_xml);
  g_test_add_func ("/quiz/moodle-xml/errors", test_moodle_xml_errors);
  g_test_add_func ("/quiz/format/guess", test_guess_format);
  g_test_add_func ("/quiz/format/not-text", test_not_text);

  return g_test_run ();
}
