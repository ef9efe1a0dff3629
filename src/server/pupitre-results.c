/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes each played round and the final totals of a game as CSV. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pupitre-results.h"

struct _PupitreResults
{
  GObject   parent_instance;

  char     *part_path;
  char     *path;
  FILE     *file;
  gboolean  finished;
};

G_DEFINE_FINAL_TYPE (PupitreResults, pupitre_results, G_TYPE_OBJECT)

static void
append_field (GString    *row,
              const char *value)
{
  if (row->len > 0 && row->str[row->len - 1] != '\n')
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

static void
append_number (GString *row,
               gint64   value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  append_field (row, text);
}

static char *
slugify (const char *title)
{
  GString *slug = g_string_new (NULL);
  g_autofree char *ascii = g_str_to_ascii (title, NULL);

  for (const char *p = ascii; *p != '\0' && slug->len < 60; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "quiz");
  return g_string_free (slug, FALSE);
}

static void
write_row (PupitreResults *self,
           GString        *row)
{
  if (self->file == NULL)
    return;
  if (fputs (row->str, self->file) < 0 || fflush (self->file) != 0)
    {
      g_warning (_("Cannot write the results to %s: %s"), self->part_path, g_strerror (errno));
      fclose (self->file);
      self->file = NULL;
    }
}

PupitreResults *
pupitre_results_new (const char  *dir,
                     PupitreQuiz *quiz)
{
  PupitreResults *self = g_object_new (PUPITRE_TYPE_RESULTS, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d_%H-%M-%S");
  g_autofree char *slug = slugify (pupitre_quiz_get_title (quiz));
  g_autofree char *base = g_strdup_printf ("%s_%s.csv", stamp, slug);
  g_autoptr(GString) header = g_string_new (NULL);

  if (g_mkdir_with_parents (dir, 0750) != 0)
    {
      g_warning (_("Cannot create the results folder %s: %s"), dir, g_strerror (errno));
      return self;
    }

  self->path = g_build_filename (dir, base, NULL);
  self->part_path = g_strconcat (self->path, ".part", NULL);
  self->file = g_fopen (self->part_path, "we");
  if (self->file == NULL)
    {
      g_warning (_("Cannot write the results to %s: %s"), self->part_path, g_strerror (errno));
      return self;
    }

  append_field (header, _("Round"));
  append_field (header, _("Question"));
  append_field (header, _("Player"));
  append_field (header, _("Answer"));
  append_field (header, _("Right"));
  append_field (header, _("Time (s)"));
  append_field (header, _("Points"));
  append_field (header, _("Score"));
  append_field (header, _("Rank"));
  g_string_append_c (header, '\n');
  /* Lets spreadsheets see UTF-8; added last, or the first field would take
   * it for a row's start and write a comma before it. */
  g_string_prepend (header, "\xEF\xBB\xBF");
  write_row (self, header);
  return self;
}

void
pupitre_results_add_round (PupitreResults           *self,
                           guint                     round,
                           const PupitreQuestion    *question,
                           const PupitreRoundRecord *records,
                           guint                     n_records)
{
  g_autoptr(GString) rows = g_string_new (NULL);

  g_return_if_fail (PUPITRE_IS_RESULTS (self));

  for (guint i = 0; i < n_records; i++)
    {
      const PupitreRoundRecord *record = &records[i];
      char time[32] = "";

      append_number (rows, round);
      append_field (rows, question->text);
      append_field (rows, record->name);
      if (record->choice > 0)
        append_field (rows, question->choices[record->choice - 1]);
      else
        append_field (rows, record->choice == 0 ? _("Don't know") : "");
      append_field (rows, record->choice == (int) question->answer ? _("yes") : _("no"));
      if (record->time_ms >= 0)
        g_ascii_formatd (time, sizeof time, "%.2f", record->time_ms / 1000.0);
      append_field (rows, time);
      append_number (rows, record->points);
      append_number (rows, record->score);
      append_number (rows, record->rank);
      g_string_append_c (rows, '\n');
    }
  write_row (self, rows);
}

void
pupitre_results_finish (PupitreResults          *self,
                        const PupitreTotalEntry *totals,
                        guint                    n_totals)
{
  g_autoptr(GString) rows = g_string_new (NULL);

  g_return_if_fail (PUPITRE_IS_RESULTS (self));

  if (self->finished || self->file == NULL)
    return;
  self->finished = TRUE;

  for (guint i = 0; i < n_totals; i++)
    {
      append_field (rows, _("Total"));
      append_field (rows, "");
      append_field (rows, totals[i].name);
      append_field (rows, "");
      append_field (rows, "");
      append_field (rows, "");
      append_field (rows, "");
      append_number (rows, totals[i].score);
      append_number (rows, totals[i].rank);
      g_string_append_c (rows, '\n');
    }
  write_row (self, rows);
  if (self->file == NULL)
    return;

  /* Data on disk before the name says it is complete. */
  if (fsync (fileno (self->file)) != 0 || fclose (self->file) != 0)
    g_warning (_("Cannot write the results to %s: %s"), self->part_path, g_strerror (errno));
  self->file = NULL;
  if (g_rename (self->part_path, self->path) != 0)
    {
      g_warning (_("Cannot write the results to %s: %s"), self->path, g_strerror (errno));
      return;
    }
  g_message (_("Results saved to %s"), self->path);
}

static void
pupitre_results_finalize (GObject *object)
{
  PupitreResults *self = (PupitreResults *) object;

  if (self->file != NULL)
    fclose (self->file);
  g_free (self->part_path);
  g_free (self->path);

  G_OBJECT_CLASS (pupitre_results_parent_class)->finalize (object);
}

static void
pupitre_results_class_init (PupitreResultsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pupitre_results_finalize;
}

static void
pupitre_results_init (PupitreResults *self)
{
}
