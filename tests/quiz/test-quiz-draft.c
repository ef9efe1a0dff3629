/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the editor's quiz: edits, the server's words for what is wrong, the saved JSON read back by the server's loader, undo and redo. */

#include <string.h>

#include <glib/gstdio.h>

#include "pupitre-quiz-draft.h"

static PupitreQuizDraft *
three_questions (void)
{
  PupitreQuizDraft *draft = pupitre_quiz_draft_new ();

  pupitre_quiz_draft_set_title (draft, "Capitals");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("Question %u?", i + 1);

      pupitre_quiz_draft_insert_question (draft, i);
      pupitre_quiz_draft_set_text (draft, i, text);
      pupitre_quiz_draft_set_choice (draft, i, 0, "Yes");
      pupitre_quiz_draft_set_choice (draft, i, 1, "No");
      pupitre_quiz_draft_set_answer (draft, i, 2);
    }
  return draft;
}

/* The same sentence as the server's loader gives for the same question. */
static void
test_check_wording (void)
{
  g_autoptr(PupitreQuizDraft) draft = three_questions ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *json = NULL;

  g_assert_true (pupitre_quiz_draft_check (draft, NULL));
  pupitre_quiz_draft_set_text (draft, 1, "");
  problem = pupitre_quiz_draft_check_question (draft, 1);
  g_assert_nonnull (problem);
  g_assert_false (pupitre_quiz_draft_check (draft, &error));
  g_assert_nonnull (strstr (error->message, problem));
  g_clear_error (&error);

  json = pupitre_quiz_draft_to_json (draft);
  quiz = pupitre_quiz_load_from_data (json, -1, "draft.json", &error);
  g_assert_null (quiz);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, problem));
  g_clear_error (&error);

  g_clear_pointer (&problem, g_free);
  pupitre_quiz_draft_set_text (draft, 1, "Back?");
  pupitre_quiz_draft_set_answer (draft, 1, 0);
  problem = pupitre_quiz_draft_check_question (draft, 1);
  g_assert_nonnull (problem);
  g_assert_false (pupitre_quiz_draft_save_json (draft, "/nonexistent/never-written.json", &error));
  g_assert_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_INVALID);
}

/* Two choices alike are refused as the server refuses them, in its words. */
static void
test_duplicate_choices (void)
{
  g_autoptr(PupitreQuizDraft) draft = three_questions ();
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autofree char *shouted = g_utf8_strup (pupitre_quiz_draft_get_question (draft, 0)->choices[0], -1);

  pupitre_quiz_draft_set_choice (draft, 0, 1, shouted);
  problem = pupitre_quiz_draft_check_question (draft, 0);
  g_assert_cmpstr (problem, ==, "choices 1 and 2 are the same");

  json = pupitre_quiz_draft_to_json (draft);
  quiz = pupitre_quiz_load_from_data (json, -1, "draft.json", &error);
  g_assert_null (quiz);
  g_assert_nonnull (strstr (error->message, problem));

  /* A fresh start has nothing to undo. */
  pupitre_quiz_draft_clear_history (draft);
  g_assert_false (pupitre_quiz_draft_can_undo (draft));
  g_assert_false (pupitre_quiz_draft_undo (draft));
  again = pupitre_quiz_draft_check_question (draft, 0);
  g_assert_cmpstr (again, ==, problem);
}

static void
test_save_load (void)
{
  g_autoptr(PupitreQuizDraft) draft = three_questions ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pupitre-draft-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "quiz.json", NULL);
  const PupitreQuestion *question;

  g_assert_no_error (error);
  pupitre_quiz_draft_add_choice (draft, 0);
  pupitre_quiz_draft_set_choice (draft, 0, 2, "Maybe");
  pupitre_quiz_draft_set_answer (draft, 0, 3);
  pupitre_quiz_draft_set_points (draft, 0, 2);
  pupitre_quiz_draft_set_explanation (draft, 0, "Because.");
  pupitre_quiz_draft_set_question_time_limit (draft, 2, 15000);
  pupitre_quiz_draft_set_time_limit (draft, 20000);
  g_assert_true (pupitre_quiz_draft_is_modified (draft));

  g_assert_true (pupitre_quiz_draft_save_json (draft, path, &error));
  g_assert_no_error (error);
  g_assert_false (pupitre_quiz_draft_is_modified (draft));

  quiz = pupitre_quiz_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pupitre_quiz_get_title (quiz), ==, "Capitals");
  g_assert_cmpint (pupitre_quiz_get_time_limit (quiz), ==, 20000);
  g_assert_cmpuint (pupitre_quiz_get_n_questions (quiz), ==, 3);
  question = pupitre_quiz_get_question (quiz, 0);
  g_assert_cmpstr (question->text, ==, "Question 1?");
  g_assert_cmpuint (question->n_choices, ==, 3);
  g_assert_cmpstr (question->choices[2], ==, "Maybe");
  g_assert_cmpuint (question->answer, ==, 3);
  g_assert_cmpuint (question->points, ==, 2);
  g_assert_cmpstr (question->explanation, ==, "Because.");
  g_assert_cmpint (pupitre_quiz_get_question (quiz, 2)->time_limit_ms, ==, 15000);

  /* Opened again, it is the same quiz. */
  {
    g_autoptr(PupitreQuizDraft) again = pupitre_quiz_draft_new_from_quiz (quiz);
    g_autofree char *first = pupitre_quiz_draft_to_json (draft);
    g_autofree char *second = pupitre_quiz_draft_to_json (again);

    g_assert_cmpstr (first, ==, second);
  }

  /* One time limit for all. */
  pupitre_quiz_draft_set_all_time_limits (draft, 30000);
  g_assert_cmpint (pupitre_quiz_draft_get_question (draft, 2)->time_limit_ms, ==, 0);
  g_assert_cmpint (pupitre_quiz_draft_get_time_limit (draft), ==, 30000);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_undo_redo (void)
{
  g_autoptr(PupitreQuizDraft) draft = pupitre_quiz_draft_new ();

  g_assert_false (pupitre_quiz_draft_can_undo (draft));
  pupitre_quiz_draft_insert_question (draft, 0);
  /* Typing, key by key, is one edit. */
  pupitre_quiz_draft_set_text (draft, 0, "A");
  pupitre_quiz_draft_set_text (draft, 0, "AB");
  pupitre_quiz_draft_set_text (draft, 0, "ABC");
  pupitre_quiz_draft_insert_question (draft, 1);
  pupitre_quiz_draft_set_text (draft, 1, "Second");
  pupitre_quiz_draft_move_question (draft, 1, 0);
  g_assert_cmpstr (pupitre_quiz_draft_get_question (draft, 0)->text, ==, "Second");
  pupitre_quiz_draft_mark_saved (draft);

  g_assert_true (pupitre_quiz_draft_undo (draft));
  g_assert_true (pupitre_quiz_draft_is_modified (draft));
  g_assert_cmpstr (pupitre_quiz_draft_get_question (draft, 0)->text, ==, "ABC");
  g_assert_true (pupitre_quiz_draft_undo (draft));
  g_assert_cmpstr (pupitre_quiz_draft_get_question (draft, 1)->text, ==, "");
  g_assert_true (pupitre_quiz_draft_undo (draft));
  g_assert_cmpuint (pupitre_quiz_draft_get_n_questions (draft), ==, 1);
  g_assert_true (pupitre_quiz_draft_undo (draft));
  g_assert_cmpstr (pupitre_quiz_draft_get_question (draft, 0)->text, ==, "");
  g_assert_true (pupitre_quiz_draft_undo (draft));
  g_assert_cmpuint (pupitre_quiz_draft_get_n_questions (draft), ==, 0);
  g_assert_false (pupitre_quiz_draft_undo (draft));

  for (guint i = 0; i < 5; i++)
    g_assert_true (pupitre_quiz_draft_redo (draft));
  g_assert_false (pupitre_quiz_draft_redo (draft));
  g_assert_cmpstr (pupitre_quiz_draft_get_question (draft, 0)->text, ==, "Second");
  g_assert_false (pupitre_quiz_draft_is_modified (draft));

  /* A new edit after an undo forgets what could be redone. */
  pupitre_quiz_draft_undo (draft);
  pupitre_quiz_draft_remove_question (draft, 0);
  g_assert_false (pupitre_quiz_draft_can_redo (draft));
  g_assert_true (pupitre_quiz_draft_is_modified (draft));

  /* Removing the right choice leaves no right answer; the one after moves. */
  pupitre_quiz_draft_add_choice (draft, 0);
  pupitre_quiz_draft_set_answer (draft, 0, 3);
  pupitre_quiz_draft_remove_choice (draft, 0, 0);
  g_assert_cmpuint (pupitre_quiz_draft_get_question (draft, 0)->answer, ==, 2);
  pupitre_quiz_draft_remove_choice (draft, 0, 1);
  g_assert_cmpuint (pupitre_quiz_draft_get_question (draft, 0)->answer, ==, 0);
}

/* A draft kept after a crash comes back with its unplayable question. */
static void
test_autosave (void)
{
  g_autoptr(PupitreQuizDraft) draft = three_questions ();
  g_autoptr(PupitreQuizDraft) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pupitre-draft-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "draft.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  pupitre_quiz_draft_set_text (draft, 2, "");
  pupitre_quiz_draft_set_points (draft, 1, 0);
  g_assert_true (pupitre_quiz_draft_autosave (draft, path, &error));
  g_assert_no_error (error);

  restored = pupitre_quiz_draft_restore (path, &error);
  g_assert_no_error (error);
  g_assert_true (pupitre_quiz_draft_is_modified (restored));
  before = pupitre_quiz_draft_to_json (draft);
  after = pupitre_quiz_draft_to_json (restored);
  g_assert_cmpstr (before, ==, after);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/quiz-draft/check-wording", test_check_wording);
  g_test_add_func ("/quiz-draft/save-load", test_save_load);
  g_test_add_func ("/quiz-draft/duplicate-choices-in-the-servers-words", test_duplicate_choices);
  g_test_add_func ("/quiz-draft/undo-redo", test_undo_redo);
  g_test_add_func ("/quiz-draft/autosave", test_autosave);
  return g_test_run ();
}
