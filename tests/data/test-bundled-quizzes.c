/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every quiz shipped in data/quizzes loads with the server's own loader. */

#include <glib.h>

#include "pupitre-protocol.h"
#include "pupitre-quiz.h"

/* A shipped quiz is a classroom's first impression: long enough for a real
 * game, and every answer explained. */
#define MIN_BUNDLED_QUESTIONS 12

/* tests/meson.build's test_env points it at the source tree's quizzes. */
static char *
quiz_dir (void)
{
  const char *dir = g_getenv ("PUPITRE_QUIZ_DIR");

  g_assert_nonnull (dir);
  return g_strdup (dir);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names of the quiz files, sorted so test paths keep their order. */
static GPtrArray *
list_quiz_files (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

static void
test_bundled_quizzes_present (void)
{
  g_autofree char *dir = quiz_dir ();
  g_autoptr(GPtrArray) names = list_quiz_files (dir);

  /* One French and one English quiz at least. */
  g_assert_cmpuint (names->len, >=, 2);
}

static void
test_bundled_quiz_loads (gconstpointer data)
{
  const char *name = data;
  g_autofree char *dir = quiz_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_auto(GStrv) parts = g_strsplit (name, ".", -1);
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GError) error = NULL;
  guint n_questions;

  quiz = pupitre_quiz_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (quiz);

  g_assert_cmpstr (pupitre_quiz_get_title (quiz), !=, "");
  /* Files are named NAME.LANGUAGE.json after the language they declare. */
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (pupitre_quiz_get_language (quiz), ==, parts[1]);

  n_questions = pupitre_quiz_get_n_questions (quiz);
  g_assert_cmpuint (n_questions, >=, MIN_BUNDLED_QUESTIONS);

  for (guint i = 0; i < n_questions; i++)
    {
      const PupitreQuestion *question = pupitre_quiz_get_question (quiz, i);

      g_test_message ("%s: question %u", name, i + 1);
      g_assert_nonnull (question);
      g_assert_cmpstr (question->text, !=, "");
      g_assert_cmpuint (question->n_choices, >=, 2);
      g_assert_cmpuint (question->n_choices, <=, PUPITRE_MAX_CHOICES);
      g_assert_cmpuint (g_strv_length (question->choices), ==, question->n_choices);
      g_assert_cmpuint (question->answer, >=, 1);
      g_assert_cmpuint (question->answer, <=, question->n_choices);
      g_assert_nonnull (question->explanation);
      g_assert_cmpstr (question->explanation, !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) names = NULL;

  g_test_init (&argc, &argv, NULL);

  dir = quiz_dir ();
  names = list_quiz_files (dir);

  g_test_add_func ("/data/bundled-quizzes/present", test_bundled_quizzes_present);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/data/bundled-quizzes/loads/%s", name);

      g_test_add_data_func_full (test_path, g_strdup (name),
                                 test_bundled_quiz_loads, g_free);
    }

  return g_test_run ();
}
