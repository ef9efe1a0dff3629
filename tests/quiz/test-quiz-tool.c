/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the pupitre-quiz program: its outputs and exit statuses on the fixtures. */

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"), "tests", "quiz", "data", name, NULL);
}

/* Runs pupitre-quiz with @args, in the fixtures' folder. */
static void
run_tool (Run                *run,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) tool = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fixture ("");

  g_ptr_array_add (argv, (char *) g_getenv ("PUPITRE_QUIZ_TOOL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_cwd (launcher, dir);
  tool = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (tool, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (tool));
  run->status = g_subprocess_get_exit_status (tool);
}

static void
test_check (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;

  run_tool (&run, (const char *[]) { "check", "every-rule.gift", "crlf.aiken.txt", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "every-rule.gift: 8 questions imported, 7 skipped\n"
                                "crlf.aiken.txt: 2 questions imported, 0 skipped\n");
  /* Every skipped question is reported, with its line. */
  g_assert_nonnull (strstr (run.err, "every-rule.gift:28: question 8: essay questions cannot be played; skipped\n"));
  lines = g_strsplit (run.err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8 + 1);
}

static void
test_check_invalid (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) nothing = { 0 };

  run_tool (&run, (const char *[]) { "check", "crlf.aiken.txt", "unclosed.gift", NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "crlf.aiken.txt: 2 questions imported, 0 skipped\n");
  g_assert_cmpstr (run.err, ==, "unclosed.gift:1: question 1: the answers’ “{” is never closed\n");

  run_tool (&nothing, (const char *[]) { "check", "nothing.gift", NULL });
  g_assert_cmpint (nothing.status, ==, 1);
  g_assert_nonnull (strstr (nothing.err, "nothing.gift: no question can be played (2 skipped)\n"));
}

static void
test_usage (void)
{
  g_auto(Run) none = { 0 };
  g_auto(Run) format = { 0 };
  g_auto(Run) version = { 0 };

  run_tool (&none, (const char *[]) { "frobnicate", NULL });
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "Usage: pupitre-quiz COMMAND"));

  run_tool (&format, (const char *[]) { "show", "--format", "pdf", "a.pdf", NULL });
  g_assert_cmpint (format.status, ==, 2);
  g_assert_cmpstr (format.err, ==, "pupitre-quiz: unknown format “pdf” (json, gift, aiken, csv or moodle-xml)\n");

  run_tool (&version, (const char *[]) { "--version", NULL });
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "pupitre-quiz "));
}

static void
test_show (void)
{
  g_auto(Run) run = { 0 };

  run_tool (&run, (const char *[]) { "show", "--format", "aiken", "crlf.aiken.txt", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "crlf.aiken\n"
                   "\n"
                   "  1.  Quelle est la capitale de la France ?\n"
                   "    A) Lyon\n"
                   "  * B) Paris\n"
                   "    C) Marseille\n"
                   "\n"
                   "  2.  Combien de côtés a un triangle ?\n"
                   "  * A) 3\n"
                   "    B) 4\n");
}

/* convert to GIFT, then the GIFT to JSON: the quiz convert writes from
 * the native file itself. */
static void
test_convert_round_trip (void)
{
  g_auto(Run) json = { 0 };
  g_auto(Run) gift = { 0 };
  g_auto(Run) back = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pupitre-quiz-tool-XXXXXX", &error);
  g_autofree char *gift_path = g_build_filename (dir, "quiz.gift", NULL);
  g_autofree char *gift_text = NULL;

  g_assert_no_error (error);
  run_tool (&json, (const char *[]) { "convert", "roundtrip.json", NULL });
  g_assert_cmpint (json.status, ==, 0);
  run_tool (&gift, (const char *[]) { "convert", "--to", "gift", "roundtrip.json", "-o", gift_path, NULL });
  g_assert_cmpint (gift.status, ==, 0);
  g_assert_cmpstr (gift.out, ==, "");
  g_file_get_contents (gift_path, &gift_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (gift_text, "$CATEGORY: Escapes: ~ = # { } and \\\n"));

  run_tool (&back, (const char *[]) { "convert", gift_path, NULL });
  g_assert_cmpint (back.status, ==, 0);
  g_assert_cmpstr (back.err, ==, "");
  g_assert_cmpstr (back.out, ==, json.out);

  g_assert_cmpint (g_unlink (gift_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_convert_csv (void)
{
  g_auto(Run) run = { 0 };

  run_tool (&run, (const char *[]) { "convert", "pupitre-cp1252.csv", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "pupitre-cp1252.csv:1: not UTF-8: read as Windows-1252\n");
  g_assert_nonnull (strstr (run.out, "\"text\" : \"La capitale de l'Espagne ?\""));
  g_assert_nonnull (strstr (run.out, "\"time_limit_ms\" : 15000"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quiz-tool/check/counts-and-warnings", test_check);
  g_test_add_func ("/quiz-tool/check/invalid-file", test_check_invalid);
  g_test_add_func ("/quiz-tool/usage", test_usage);
  g_test_add_func ("/quiz-tool/show", test_show);
  g_test_add_func ("/quiz-tool/convert/gift-round-trip", test_convert_round_trip);
  g_test_add_func ("/quiz-tool/convert/csv-windows-1252", test_convert_csv);

  return g_test_run ();
}
