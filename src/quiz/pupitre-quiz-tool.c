/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-quiz's commands: check, convert and show a quiz file of any format. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-quiz.h"
#include "pupitre-quiz-tool.h"

static void
print_warnings (PupitreQuiz *quiz)
{
  const char * const *warnings = pupitre_quiz_get_warnings (quiz);

  for (guint i = 0; warnings[i] != NULL; i++)
    g_printerr ("%s\n", warnings[i]);
}

/* The quiz, its warnings said; NULL when it cannot be played, said too. */
static PupitreQuiz *
load_quiz (const char        *path,
           PupitreQuizFormat  format)
{
  g_autoptr(GError) error = NULL;
  PupitreQuiz *quiz = pupitre_quiz_load_file (path, format, &error);

  if (quiz == NULL)
    g_printerr ("%s\n", error->message);
  else
    print_warnings (quiz);

  return quiz;
}

static gboolean
parse_format (const char        *name,
              PupitreQuizFormat *format)
{
  if (name == NULL)
    {
      *format = PUPITRE_QUIZ_FORMAT_AUTO;
      return TRUE;
    }
  if (pupitre_quiz_format_from_string (name, format))
    return TRUE;

  g_printerr (_("%s: unknown format “%s” (json, gift, aiken, csv or moodle-xml)\n"),
              g_get_prgname (), name);
  return FALSE;
}

/* Options of one command; FALSE (and a message) on a wrong line. */
static gboolean
parse_options (const char    *parameters,
               const char    *summary,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }

  return TRUE;
}

static int
run_check (int    argc,
           char **argv)
{
  g_autofree char *format_name = NULL;
  PupitreQuizFormat format;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("The format of the files, when their names do not say it"), N_("FORMAT") },
    { NULL }
  };
  int status = PUPITRE_QUIZ_TOOL_OK;

  if (!parse_options (_("FILE…"), _("Checks that each file is a quiz Pupitre can play."),
                      entries, &argc, &argv) ||
      !parse_format (format_name, &format))
    return PUPITRE_QUIZ_TOOL_USAGE;
  if (argc < 2)
    {
      g_printerr (_("%s: check needs at least one file\n"), g_get_prgname ());
      return PUPITRE_QUIZ_TOOL_USAGE;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(PupitreQuiz) quiz = load_quiz (argv[i], format);
      g_autofree char *display_name = g_filename_display_name (argv[i]);
      g_autofree char *imported = NULL;
      g_autofree char *skipped = NULL;
      guint n_questions;
      guint n_skipped;

      if (quiz == NULL)
        {
          status = PUPITRE_QUIZ_TOOL_INVALID;
          continue;
        }
      n_questions = pupitre_quiz_get_n_questions (quiz);
      n_skipped = pupitre_quiz_get_n_skipped (quiz);
      imported = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u question imported",
                                               "%u questions imported", n_questions),
                                  n_questions);
      skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u skipped",
                                              "%u skipped", n_skipped),
                                 n_skipped);
      /* TRANSLATORS: the file's name, "N questions imported", "N skipped". */
      g_print (_("%s: %s, %s\n"), display_name, imported, skipped);
    }

  return status;
}

static int
run_convert (int    argc,
             char **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *to = NULL;
  g_autofree char *output = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PupitreQuizFormat format;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("The format of the file, when its name does not say it"), N_("FORMAT") },
    { "to", 't', 0, G_OPTION_ARG_STRING, &to,
      N_("The format to write: json (the default) or gift"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to this file instead of the standard output"), N_("FILE") },
    { NULL }
  };

  if (!parse_options (_("FILE"), _("Writes a quiz in Pupitre's own format, or in GIFT."),
                      entries, &argc, &argv) ||
      !parse_format (format_name, &format))
    return PUPITRE_QUIZ_TOOL_USAGE;
  if (argc != 2)
    {
      g_printerr (_("%s: convert needs one file\n"), g_get_prgname ());
      return PUPITRE_QUIZ_TOOL_USAGE;
    }
  if (to != NULL && g_strcmp0 (to, "json") != 0 && g_strcmp0 (to, "gift") != 0)
    {
      g_printerr (_("%s: Pupitre writes json or gift, not “%s”\n"), g_get_prgname (), to);
      return PUPITRE_QUIZ_TOOL_USAGE;
    }

  quiz = load_quiz (argv[1], format);
  if (quiz == NULL)
    return PUPITRE_QUIZ_TOOL_INVALID;

  text = g_strcmp0 (to, "gift") == 0 ? pupitre_quiz_to_gift (quiz) : pupitre_quiz_to_json (quiz);
  if (output == NULL)
    {
      g_print ("%s", text);
      return PUPITRE_QUIZ_TOOL_OK;
    }
  if (!g_file_set_contents (output, text, -1, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return PUPITRE_QUIZ_TOOL_INVALID;
    }

  return PUPITRE_QUIZ_TOOL_OK;
}

static void
print_indented (const char *prefix,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("%s%s\n", i == 0 ? prefix : "      ", lines[i]);
}

static int
run_show (int    argc,
          char **argv)
{
  g_autofree char *format_name = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  PupitreQuizFormat format;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("The format of the file, when its name does not say it"), N_("FORMAT") },
    { NULL }
  };

  if (!parse_options (_("FILE"), _("Shows the questions as players read them, right answers marked."),
                      entries, &argc, &argv) ||
      !parse_format (format_name, &format))
    return PUPITRE_QUIZ_TOOL_USAGE;
  if (argc != 2)
    {
      g_printerr (_("%s: show needs one file\n"), g_get_prgname ());
      return PUPITRE_QUIZ_TOOL_USAGE;
    }

  quiz = load_quiz (argv[1], format);
  if (quiz == NULL)
    return PUPITRE_QUIZ_TOOL_INVALID;

  g_print ("%s\n", pupitre_quiz_get_title (quiz));
  for (guint i = 0; i < pupitre_quiz_get_n_questions (quiz); i++)
    {
      const PupitreQuestion *question = pupitre_quiz_get_question (quiz, i);
      g_autofree char *number = g_strdup_printf ("\n%3u.  ", i + 1);

      print_indented (number, question->text);
      for (guint c = 0; c < question->n_choices; c++)
        {
          /* The right answer is marked with an asterisk. */
          g_autofree char *prefix = g_strdup_printf ("  %s %c) ",
                                                     c + 1 == question->answer ? "*" : " ",
                                                     'A' + c);

          print_indented (prefix, question->choices[c]);
        }
      if (question->explanation != NULL)
        print_indented ("      ", question->explanation);
    }

  return PUPITRE_QUIZ_TOOL_OK;
}

static void
print_usage (void)
{
  g_printerr ("%s\n", _("Usage: pupitre-quiz COMMAND [OPTION…] FILE…\n"
                        "\n"
                        "Commands:\n"
                        "  check FILE…    check that the files are quizzes Pupitre can play\n"
                        "  convert FILE   write the quiz in Pupitre's own format (or GIFT)\n"
                        "  show FILE      show the questions, right answers marked\n"
                        "\n"
                        "Formats: json, gift, aiken, csv, moodle-xml. “pupitre-quiz COMMAND --help” says more."));
}

int
pupitre_quiz_tool_run (int    argc,
                       char **argv)
{
  const char *command = argc > 1 ? argv[1] : NULL;

  if (g_strcmp0 (command, "--version") == 0)
    {
      g_print ("pupitre-quiz %s\n", PACKAGE_VERSION);
      return PUPITRE_QUIZ_TOOL_OK;
    }
  if (g_strcmp0 (command, "--help") == 0 || g_strcmp0 (command, "-h") == 0)
    {
      print_usage ();
      return PUPITRE_QUIZ_TOOL_OK;
    }

  /* The command's own options follow it, as in git. */
  if (g_strcmp0 (command, "check") == 0)
    return run_check (argc - 1, argv + 1);
  if (g_strcmp0 (command, "convert") == 0)
    return run_convert (argc - 1, argv + 1);
  if (g_strcmp0 (command, "show") == 0)
    return run_show (argc - 1, argv + 1);

  print_usage ();
  return PUPITRE_QUIZ_TOOL_USAGE;
}
