/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-quiz-bench: how long a 5,000-question bank takes to read in each format. */

/* Each bank is generated in memory (French text, 4 choices, an
 * explanation) and read by pupitre_quiz_import() as the server reads a
 * file; the best of several runs is printed. The quiz keeps its first 500
 * questions (the native format's limit) and reports the other 4,500 as
 * skipped: both costs are in the time. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pupitre-quiz.h"

#define N_QUESTIONS 5000
#define N_RUNS      5

static char *
make_gift (void)
{
  GString *out = g_string_new ("$CATEGORY: $course$/top/Banque\n\n");

  for (guint i = 0; i < N_QUESTIONS; i++)
    g_string_append_printf (out,
                            "::Q%u::[html]<p>Question n&deg;&nbsp;%u : quelle est la bonne réponse ?</p> {\n"
                            "\t~Première réponse#Non.\n\t=Deuxième réponse#Oui.\n"
                            "\t~Troisième réponse\n\t~Quatrième réponse\n"
                            "\t####La deuxième, comme toujours.\n}\n\n", i + 1, i + 1);
  return g_string_free (out, FALSE);
}

static char *
make_aiken (void)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < N_QUESTIONS; i++)
    g_string_append_printf (out,
                            "Question n° %u : quelle est la bonne réponse ?\r\n"
                            "A) Première réponse\r\nB) Deuxième réponse\r\n"
                            "C) Troisième réponse\r\nD) Quatrième réponse\r\nANSWER: B\r\n\r\n",
                            i + 1);
  return g_string_free (out, FALSE);
}

static char *
make_csv (void)
{
  GString *out = g_string_new ("\xEF\xBB\xBF" "Question;Choix 1;Choix 2;Choix 3;Choix 4;Réponse;Temps;Explication\r\n");

  for (guint i = 0; i < N_QUESTIONS; i++)
    g_string_append_printf (out,
                            "\"Question n° %u : quelle est la bonne réponse ?\";Première;Deuxième;"
                            "Troisième;Quatrième;B;20;La deuxième, comme toujours.\r\n", i + 1);
  return g_string_free (out, FALSE);
}

static char *
make_moodle_xml (void)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");

  for (guint i = 0; i < N_QUESTIONS; i++)
    g_string_append_printf (out,
                            "  <question type=\"multichoice\">\n"
                            "    <name><text>Q%u</text></name>\n"
                            "    <questiontext format=\"html\"><text><![CDATA[<p>Question n&deg;&nbsp;%u : "
                            "quelle est la bonne réponse ?</p>]]></text></questiontext>\n"
                            "    <generalfeedback format=\"html\"><text>La deuxième.</text></generalfeedback>\n"
                            "    <single>true</single>\n"
                            "    <answer fraction=\"0\"><text>Première</text></answer>\n"
                            "    <answer fraction=\"100\"><text>Deuxième</text></answer>\n"
                            "    <answer fraction=\"0\"><text>Troisième</text></answer>\n"
                            "    <answer fraction=\"0\"><text>Quatrième</text></answer>\n"
                            "  </question>\n", i + 1, i + 1);
  g_string_append (out, "</quiz>\n");
  return g_string_free (out, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  static const struct
  {
    const char        *name;
    PupitreQuizFormat  format;
    char            *(*make) (void);
  } banks[] = {
    { "bank.gift", PUPITRE_QUIZ_FORMAT_GIFT, make_gift },
    { "bank.aiken", PUPITRE_QUIZ_FORMAT_AIKEN, make_aiken },
    { "bank.csv", PUPITRE_QUIZ_FORMAT_CSV, make_csv },
    { "bank.xml", PUPITRE_QUIZ_FORMAT_MOODLE_XML, make_moodle_xml },
  };

  g_print ("%-11s %9s %9s %8s %8s\n", "format", "bytes", "best ms", "kept", "skipped");
  for (guint b = 0; b < G_N_ELEMENTS (banks); b++)
    {
      g_autofree char *data = banks[b].make ();
      gsize len = strlen (data);
      gint64 best = G_MAXINT64;
      guint kept = 0, skipped = 0;

      for (guint run = 0; run < N_RUNS; run++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PupitreQuiz) quiz = NULL;
          gint64 start = g_get_monotonic_time ();

          quiz = pupitre_quiz_import (data, len, banks[b].name, banks[b].format, &error);
          best = MIN (best, g_get_monotonic_time () - start);
          if (quiz == NULL)
            {
              g_printerr ("%s: %s\n", banks[b].name, error->message);
              return EXIT_FAILURE;
            }
          kept = pupitre_quiz_get_n_questions (quiz);
          skipped = pupitre_quiz_get_n_skipped (quiz);
        }

      g_print ("%-11s %9zu %9.1f %8u %8u\n", banks[b].name + 5, len, best / 1000.0, kept, skipped);
    }

  return EXIT_SUCCESS;
}
