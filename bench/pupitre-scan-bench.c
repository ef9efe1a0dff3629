/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Times the message scanner and the raw JSON checks over a fixed corpus of lines. */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "pupitre-json.h"
#include "pupitre-message.h"

/* The server decodes every line a player sends and most of them are
 * answers, so the figure that matters is the cost of one decoded answer.
 * Chat lines carry text with accents and escapes, which is where a faster
 * UTF-8 or string loop would show. The checks alone run over the lines the
 * server writes, the longest text of the protocol. Each figure is the best
 * of several runs: on a loaded machine the best run is the one least
 * disturbed. Under valgrind --tool=callgrind, one run with a fixed number
 * of iterations gives instruction counts that do not depend on the load. */

typedef struct
{
  GPtrArray  *lines;   /* GBytes, without their newline */
  const char *label;
} Corpus;

static void
corpus_add (Corpus *corpus,
            GBytes *line)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (line, &len);

  /* Encoders end their lines with "\n"; the server hands lines to the
   * decoder without it. */
  if (len > 0 && data[len - 1] == '\n')
    len--;
  g_ptr_array_add (corpus->lines, g_bytes_new (data, len));
  g_bytes_unref (line);
}

static void
corpus_init (Corpus     *corpus,
             const char *label)
{
  corpus->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  corpus->label = label;
}

static void
fill_answers (Corpus *corpus)
{
  for (guint round = 1; round <= 20; round++)
    corpus_add (corpus, pupitre_message_answer (round, round % 4));
}

static void
fill_chats (Corpus *corpus)
{
  static const char * const texts[] = {
    "bonjour",
    "C’est la réponse B, j’en suis sûr !",
    "Qui a écrit « Les Misérables » ? Victor Hugo, évidemment.",
    "On reprend après la pause \"café\"\\thé ?",
    "Ça dépend : 3 × 4 = 12, ou 13 ?",
    "Très bien joué à tous — à demain 👋",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    corpus_add (corpus, pupitre_message_chat_request (texts[i]));
}

static void
fill_server_lines (Corpus *corpus)
{
  static const char * const choices[] = {
    "Victor Hugo", "Émile Zola", "Honoré de Balzac", "Gustave Flaubert", NULL,
  };
  const char *question = "Qui a écrit « Les Misérables », publié en 1862 ?";
  const char *explanation = "Victor Hugo l’a écrit en exil, à Guernesey.";
  const char *chat = "C’est la réponse B, j’en suis sûr !";
  PupitrePlayerEntry players[24];
  PupitreResultEntry results[24];
  PupitreTotalEntry totals[24];
  g_autofree char *names[24] = { NULL, };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      names[i] = g_strdup_printf ("Élève %02u", i + 1);
      players[i] = (PupitrePlayerEntry) { names[i], i % 5 != 0, 100 * i };
      results[i] = (PupitreResultEntry) { names[i], (int) (i % 4), 800 - 10 * i,
                                          1200 + 37 * i };
      totals[i] = (PupitreTotalEntry) { names[i], 2400 - 40 * i, i + 1 };
    }

  corpus_add (corpus, pupitre_message_welcome ("pupitre-server/0.1.0"));
  corpus_add (corpus, pupitre_message_joined ("Élève 01", "3f9c2a7e5b1d4c6a", "classe-5b",
                                              "lobby", 24, FALSE));
  corpus_add (corpus, pupitre_message_players (24, players, 24, 24));
  corpus_add (corpus, pupitre_message_countdown (3, 10, 5));
  corpus_add (corpus, pupitre_message_question (3, 10, question, choices, 30000, -1));
  corpus_add (corpus, pupitre_message_answer_ack (3, 1, 4210));
  corpus_add (corpus, pupitre_message_progress (3, 17, 24));
  corpus_add (corpus, pupitre_message_round_result (3, 0, explanation, results, 24, totals, 24));
  corpus_add (corpus, pupitre_message_standing (3, 0, 800, 4210, 2400, 1, 24, FALSE));
  corpus_add (corpus, pupitre_message_chat ("Élève 07", chat));
  corpus_add (corpus, pupitre_message_game_over (totals, 24, 30000));
}

static gsize
corpus_bytes (const Corpus *corpus)
{
  gsize total = 0;

  for (guint i = 0; i < corpus->lines->len; i++)
    total += g_bytes_get_size (g_ptr_array_index (corpus->lines, i));

  return total;
}

static void
decode_corpus (const Corpus *corpus)
{
  for (guint i = 0; i < corpus->lines->len; i++)
    {
      GBytes *line = g_ptr_array_index (corpus->lines, i);
      g_autoptr(PupitreClientMessage) message = NULL;
      gsize len = 0;
      const char *data = g_bytes_get_data (line, &len);

      message = pupitre_client_message_decode (data, len, NULL, NULL);
      if (message == NULL)
        g_error ("%s: the corpus line %u did not decode", corpus->label, i);
    }
}

static void
check_corpus (const Corpus *corpus)
{
  for (guint i = 0; i < corpus->lines->len; i++)
    {
      GBytes *line = g_ptr_array_index (corpus->lines, i);
      gsize len = 0;
      const char *data = g_bytes_get_data (line, &len);

      if (!pupitre_json_check_raw (data, len, NULL, NULL))
        g_error ("%s: the corpus line %u did not pass the checks", corpus->label, i);
    }
}

/* The best of @runs runs of @iterations passes over the corpus, in
 * nanoseconds per line. */
static double
time_corpus (const Corpus *corpus,
             void        (*pass) (const Corpus *corpus),
             guint         iterations,
             guint         runs)
{
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < runs; run++)
    {
      gint64 start = g_get_monotonic_time ();
      double ns;

      for (guint k = 0; k < iterations; k++)
        pass (corpus);

      ns = (double) (g_get_monotonic_time () - start) * 1000.0 /
           ((double) iterations * corpus->lines->len);
      best = MIN (best, ns);
    }

  return best;
}

static void
report (const Corpus *corpus,
        const char   *what,
        double        ns)
{
  gsize n_lines = corpus->lines->len;

  g_print ("%-22s %8.1f ns per line  (%u lines, %" G_GSIZE_FORMAT " bytes on average)\n",
           what, ns, (guint) n_lines, corpus_bytes (corpus) / n_lines);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int iterations = 20000;
  int runs = 7;
  g_autofree char *only = NULL;
  const GOptionEntry entries[] = {
    { "iterations", 'i', 0, G_OPTION_ARG_INT, &iterations,
      "Passes over the corpus in one run (default 20000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs,
      "Runs of which the best is reported (default 7)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only,
      "Time one corpus only: answers, chats or server-lines", "CORPUS" },
    { NULL }
  };
  Corpus answers;
  Corpus chats;
  Corpus server_lines;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— time the message scanner and the JSON checks");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (iterations < 1 || runs < 1)
    {
      g_printerr ("--iterations and --runs must be at least 1\n");
      return 1;
    }

  corpus_init (&answers, "answers");
  fill_answers (&answers);
  corpus_init (&chats, "chats");
  fill_chats (&chats);
  corpus_init (&server_lines, "server lines");
  fill_server_lines (&server_lines);

  g_print ("best of %d runs of %d passes\n", runs, iterations);
  if (only == NULL || g_str_equal (only, "answers"))
    report (&answers, "decode answer",
            time_corpus (&answers, decode_corpus, (guint) iterations, (guint) runs));
  if (only == NULL || g_str_equal (only, "chats"))
    report (&chats, "decode chat",
            time_corpus (&chats, decode_corpus, (guint) iterations, (guint) runs));
  if (only == NULL || g_str_equal (only, "server-lines"))
    report (&server_lines, "check server line",
            time_corpus (&server_lines, check_corpus, (guint) iterations, (guint) runs));

  g_ptr_array_unref (answers.lines);
  g_ptr_array_unref (chats.lines);
  g_ptr_array_unref (server_lines.lines);

  return 0;
}
