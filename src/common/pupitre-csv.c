/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cells and rows of Pupitre's results tables. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pupitre-csv.h"

/* A row starts after a newline, at the start, or right after the byte
 * order mark that opens a file. */
static gboolean
at_row_start (GString *row)
{
  return row->len == 0 || row->str[row->len - 1] == '\n' ||
         (row->len == strlen (PUPITRE_CSV_BOM) && strcmp (row->str, PUPITRE_CSV_BOM) == 0);
}

void
pupitre_csv_append_field (GString    *row,
                          const char *value)
{
  if (!at_row_start (row))
    g_string_append_c (row, ',');

  /* Quoted always: names and questions may hold commas and quotes. */
  g_string_append_c (row, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (row, '"');
      g_string_append_c (row, *p);
    }
  g_string_append_c (row, '"');
}

/* A cell starting with one of these is a formula to a spreadsheet,
 * quoted or not, so it gets the apostrophe that makes it text (OWASP's
 * advice). Numbers go through pupitre_csv_append_number() and stay
 * numbers. */
void
pupitre_csv_append_text (GString    *row,
                         const char *value)
{
  if (value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL)
    {
      g_autofree char *text = g_strconcat ("'", value, NULL);

      pupitre_csv_append_field (row, text);
    }
  else
    pupitre_csv_append_field (row, value);
}

void
pupitre_csv_append_number (GString *row,
                           gint64   value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  pupitre_csv_append_field (row, text);
}

void
pupitre_csv_append_seconds (GString *row,
                            gint64   time_ms)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE] = "";

  if (time_ms >= 0)
    g_ascii_formatd (text, sizeof text, "%.2f", time_ms / 1000.0);
  pupitre_csv_append_field (row, text);
}

void
pupitre_csv_end_row (GString *row)
{
  g_string_append_c (row, '\n');
}

void
pupitre_csv_append_results_header (GString *out)
{
  pupitre_csv_append_field (out, _("Round"));
  pupitre_csv_append_field (out, _("Question"));
  pupitre_csv_append_field (out, _("Player"));
  pupitre_csv_append_field (out, _("Answer"));
  pupitre_csv_append_field (out, _("Right"));
  pupitre_csv_append_field (out, _("Time (s)"));
  pupitre_csv_append_field (out, _("Points"));
  pupitre_csv_append_field (out, _("Score"));
  pupitre_csv_append_field (out, _("Rank"));
  pupitre_csv_end_row (out);
}

void
pupitre_csv_append_result (GString    *out,
                           guint       round,
                           const char *question,
                           const char *player,
                           int         choice,
                           const char *answer,
                           gboolean    correct,
                           gint64      time_ms,
                           gint64      points,
                           gint64      score,
                           guint       rank)
{
  pupitre_csv_append_number (out, round);
  pupitre_csv_append_text (out, question);
  pupitre_csv_append_text (out, player);
  if (answer != NULL)
    pupitre_csv_append_text (out, answer);
  else
    pupitre_csv_append_field (out, choice == 0 ? _("Don't know") : "");
  pupitre_csv_append_field (out, correct ? _("yes") : _("no"));
  pupitre_csv_append_seconds (out, time_ms);
  pupitre_csv_append_number (out, points);
  pupitre_csv_append_number (out, score);
  pupitre_csv_append_number (out, rank);
  pupitre_csv_end_row (out);
}
