/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The results file: cells a spreadsheet would evaluate, unique names, and the ".part" files left behind. */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <glib/gstdio.h>

#include "pupitre-results.h"

static const char *quiz_json =
  "{\"title\":\"Quiz A\",\"questions\":["
  "{\"text\":\"=2+2?\",\"choices\":[\"@four\",\"-4\"],\"answer\":1}]}";

typedef struct
{
  char        *dir;
  PupitreQuiz *quiz;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pupitre-results-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->quiz = pupitre_quiz_load_from_data (quiz_json, -1, "test.json", &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);
  pupitre_quiz_unref (fixture->quiz);
}

/* How many names of the folder end in @suffix. */
static guint
count_files (Fixture    *fixture,
             const char *suffix)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, suffix);
  return n;
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
write_file (Fixture    *fixture,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static PupitreResults *
play_one_round (Fixture                  *fixture,
                const PupitreRoundRecord *records,
                guint                     n_records)
{
  PupitreResults *results = pupitre_results_new (fixture->dir, fixture->quiz);

  pupitre_results_add_round (results, 1, pupitre_quiz_get_question (fixture->quiz, 0),
                             records, n_records);
  return results;
}

/* A name like "=cmd|'/C calc'!A0" is text in the spreadsheet, quoted or
 * not; the server's own negative points stay numbers. */
static void
test_formulas_are_text (Fixture       *fixture,
                        gconstpointer  user_data)
{
  PupitreRoundRecord records[] = {
    { (char *) "=cmd|'/C calc'!A0", 1, 1000, 3, 3, 1 },
    { (char *) "@SUM(1+1)", 2, 2000, -1, -1, 3 },
    { (char *) "+33 6", 0, 2500, 0, 0, 2 },
    { (char *) "\tTab", -1, -1, 0, 0, 2 },
    { (char *) "\rReturn", -1, -1, 0, 0, 2 },
    { (char *) "Alice-", -1, -1, 0, 0, 2 },
  };
  PupitreTotalEntry totals[] = {
    { "-Bob", -1, 1 },
  };
  g_autoptr(PupitreResults) results = play_one_round (fixture, records, G_N_ELEMENTS (records));
  g_autofree char *csv = NULL;

  pupitre_results_finish (results, totals, G_N_ELEMENTS (totals));
  csv = read_file (pupitre_results_get_path (results));

  g_assert_nonnull (strstr (csv, "\"1\",\"'=2+2?\",\"'=cmd|'/C calc'!A0\",\"'@four\",\"yes\","
                                 "\"1.00\",\"3\",\"3\",\"1\"\n"));
  g_assert_nonnull (strstr (csv, "\"1\",\"'=2+2?\",\"'@SUM(1+1)\",\"'-4\",\"no\","
                                 "\"2.00\",\"-1\",\"-1\",\"3\"\n"));
  g_assert_nonnull (strstr (csv, "\"'+33 6\",\"Don't know\""));
  g_assert_nonnull (strstr (csv, "\"'\tTab\""));
  g_assert_nonnull (strstr (csv, "\"'\rReturn\""));
  g_assert_nonnull (strstr (csv, "\"Alice-\""));
  g_assert_nonnull (strstr (csv, "\"Total\",\"\",\"'-Bob\",\"\",\"\",\"\",\"\",\"-1\",\"1\"\n"));
}

/* Fifteen games in one second, one after the other and all at once: fifteen files each time. */
static void
test_same_second_unique (Fixture       *fixture,
                         gconstpointer  user_data)
{
  PupitreRoundRecord record = { (char *) "Alice", 1, 1000, 3, 3, 1 };
  PupitreTotalEntry total = { "Alice", 3, 1 };
  PupitreResults *at_once[15];

  for (guint i = 0; i < 15; i++)
    {
      g_autoptr(PupitreResults) results = play_one_round (fixture, &record, 1);

      pupitre_results_finish (results, &total, 1);
    }
  g_assert_cmpuint (count_files (fixture, ".csv"), ==, 15);

  for (guint i = 0; i < G_N_ELEMENTS (at_once); i++)
    at_once[i] = play_one_round (fixture, &record, 1);
  g_assert_cmpuint (count_files (fixture, ".csv.part"), ==, 15);
  for (guint i = 0; i < G_N_ELEMENTS (at_once); i++)
    {
      pupitre_results_finish (at_once[i], &total, 1);
      g_object_unref (at_once[i]);
    }
  g_assert_cmpuint (count_files (fixture, ".csv"), ==, 30);
  g_assert_cmpuint (count_files (fixture, ".part"), ==, 0);
}

/* Another server finished a file of the same name meanwhile: it stays. */
static void
test_never_replaces (Fixture       *fixture,
                     gconstpointer  user_data)
{
  PupitreRoundRecord record = { (char *) "Alice", 1, 1000, 3, 3, 1 };
  PupitreTotalEntry total = { "Alice", 3, 1 };
  g_autoptr(PupitreResults) results = play_one_round (fixture, &record, 1);
  g_autofree char *part = g_strdup (pupitre_results_get_path (results));
  g_autofree char *taken = g_strndup (part, strlen (part) - strlen (".part"));
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_suffix (part, ".csv.part"));
  g_file_set_contents (taken, "another server's", -1, &error);
  g_assert_no_error (error);

  pupitre_results_finish (results, &total, 1);
  g_assert_true (g_str_has_suffix (pupitre_results_get_path (results), "_quiz-a-2.csv"));
  kept = read_file (taken);
  g_assert_cmpstr (kept, ==, "another server's");
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

/* A killed server's ".part" becomes "-incomplete.csv" without replacing
 * one already there; a live game's ".part" is left to its writer. */
static void
test_recover_parts (Fixture       *fixture,
                    gconstpointer  user_data)
{
  PupitreRoundRecord record = { (char *) "Alice", 1, 1000, 3, 3, 1 };
  g_autoptr(PupitreResults) live = play_one_round (fixture, &record, 1);
  g_autofree char *recovered = g_build_filename (fixture->dir, "old_quiz-incomplete-2.csv", NULL);
  g_autofree char *first = g_build_filename (fixture->dir, "old_quiz-incomplete.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *untouched = NULL;

  write_file (fixture, "old_quiz.csv.part", "rounds 1 and 2");
  write_file (fixture, "old_quiz-incomplete.csv", "from before");

  g_test_expect_message ("pupitre-server", G_LOG_LEVEL_MESSAGE,
                         "Unfinished results *old_quiz.csv.part kept as *old_quiz-incomplete-2.csv");
  pupitre_results_recover (fixture->dir);
  g_test_assert_expected_messages ();

  text = read_file (recovered);
  g_assert_cmpstr (text, ==, "rounds 1 and 2");
  untouched = read_file (first);
  g_assert_cmpstr (untouched, ==, "from before");
  g_assert_true (g_file_test (pupitre_results_get_path (live), G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture, ".csv.part"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/results/csv/formulas-are-text", test_formulas_are_text);
  ADD ("/results/names/same-second-unique", test_same_second_unique);
  ADD ("/results/names/never-replaces", test_never_replaces);
  ADD ("/results/recover/part-kept-as-incomplete", test_recover_parts);
#undef ADD

  return g_test_run ();
}
