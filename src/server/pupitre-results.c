/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes each played round and the final totals of a game as CSV. */

#define _GNU_SOURCE  /* renameat2 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pupitre-csv.h"
#include "pupitre-results.h"

struct _PupitreResults
{
  GObject   parent_instance;

  char     *dir;
  char     *base;       /* the file's name without ".csv" */
  char     *part_path;
  char     *path;
  guint     n;          /* 1, or the -2, -3… of a taken name */
  FILE     *file;
  gboolean  finished;
};

/* Games started in one second: far more than a class plays. */
#define MAX_NAME_TRIES 10000

G_DEFINE_FINAL_TYPE (PupitreResults, pupitre_results, G_TYPE_OBJECT)

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

/* "<base>.csv", then "<base>-2.csv", "<base>-3.csv"… for @n = 1, 2, 3… */
static char *
build_path (const char *dir,
            const char *base,
            const char *suffix,
            guint       n)
{
  g_autofree char *name = n <= 1 ? g_strdup_printf ("%s%s.csv", base, suffix)
                                 : g_strdup_printf ("%s%s-%u.csv", base, suffix, n);

  return g_build_filename (dir, name, NULL);
}

/* A rename that never replaces a file; link() refuses to replace too, for
 * filesystems without RENAME_NOREPLACE. */
static int
rename_noreplace (const char *from,
                  const char *to)
{
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;
  if (link (from, to) != 0)
    return -1;
  if (unlink (from) != 0)
    g_warning (_("Cannot remove %s: %s"), from, g_strerror (errno));
  return 0;
}

/* Gives @from the first free name from @n on: another game or another
 * server may have finished a file of the same name meanwhile. */
static char *
move_to_free_name (const char *from,
                   const char *dir,
                   const char *base,
                   const char *suffix,
                   guint       n)
{
  for (; n < MAX_NAME_TRIES; n++)
    {
      g_autofree char *path = build_path (dir, base, suffix, n);

      if (rename_noreplace (from, path) == 0)
        return g_steal_pointer (&path);
      if (errno != EEXIST)
        return NULL;
    }
  errno = EEXIST;
  return NULL;
}

/* Names are second-precise: games that start in the same second, here or
 * in another server sharing the folder, take the next free number. The
 * ".part" is created exclusively, so that two writers never share one. */
static int
open_part (PupitreResults *self)
{
  int saved_errno;

  for (; self->n < MAX_NAME_TRIES; self->n++)
    {
      g_autofree char *path = build_path (self->dir, self->base, "", self->n);
      g_autofree char *part_path = g_strconcat (path, ".part", NULL);
      int fd;

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      fd = g_open (part_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
      if (fd < 0 && errno == EEXIST)
        continue;

      saved_errno = errno;
      g_free (self->path);
      g_free (self->part_path);
      self->path = g_steal_pointer (&path);
      self->part_path = g_steal_pointer (&part_path);
      /* Held while the game runs: pupitre_results_recover() leaves alone
       * a ".part" whose writer is alive. */
      if (fd >= 0)
        flock (fd, LOCK_EX | LOCK_NB);
      errno = saved_errno;
      return fd;
    }
  errno = EEXIST;
  return -1;
}

PupitreResults *
pupitre_results_new (const char  *dir,
                     PupitreQuiz *quiz)
{
  PupitreResults *self = g_object_new (PUPITRE_TYPE_RESULTS, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d_%H-%M-%S");
  g_autofree char *slug = slugify (pupitre_quiz_get_title (quiz));
  g_autoptr(GString) header = g_string_new (NULL);
  int fd;

  if (g_mkdir_with_parents (dir, 0750) != 0)
    {
      g_warning (_("Cannot create the results folder %s: %s"), dir, g_strerror (errno));
      return self;
    }

  self->dir = g_strdup (dir);
  self->base = g_strdup_printf ("%s_%s", stamp, slug);
  self->n = 1;
  fd = open_part (self);
  if (fd >= 0)
    self->file = fdopen (fd, "w");
  if (self->file == NULL)
    {
      g_warning (_("Cannot write the results to %s: %s"),
                 self->part_path != NULL ? self->part_path : dir, g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return self;
    }

  /* Lets spreadsheets see UTF-8. */
  g_string_append (header, PUPITRE_CSV_BOM);
  pupitre_csv_append_results_header (header);
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

      pupitre_csv_append_result (rows, round, question->text, record->name, record->choice,
                                 record->choice > 0 ? question->choices[record->choice - 1] : NULL,
                                 record->choice == (int) question->answer, record->time_ms,
                                 record->points, record->score, record->rank);
    }
  write_row (self, rows);
}

void
pupitre_results_finish (PupitreResults          *self,
                        const PupitreTotalEntry *totals,
                        guint                    n_totals)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autofree char *path = NULL;

  g_return_if_fail (PUPITRE_IS_RESULTS (self));

  if (self->finished || self->file == NULL)
    return;
  self->finished = TRUE;

  for (guint i = 0; i < n_totals; i++)
    {
      pupitre_csv_append_field (rows, _("Total"));
      pupitre_csv_append_field (rows, "");
      pupitre_csv_append_text (rows, totals[i].name);
      pupitre_csv_append_field (rows, "");
      pupitre_csv_append_field (rows, "");
      pupitre_csv_append_field (rows, "");
      pupitre_csv_append_field (rows, "");
      pupitre_csv_append_number (rows, totals[i].score);
      pupitre_csv_append_number (rows, totals[i].rank);
      g_string_append_c (rows, '\n');
    }
  write_row (self, rows);
  if (self->file == NULL)
    return;

  /* Data on disk before the name says it is complete; the lock held
   * until the rename, so that no recovery takes the file meanwhile. */
  if (fflush (self->file) != 0 || fsync (fileno (self->file)) != 0)
    g_warning (_("Cannot write the results to %s: %s"), self->part_path, g_strerror (errno));
  path = move_to_free_name (self->part_path, self->dir, self->base, "", self->n);
  if (fclose (self->file) != 0)
    g_warning (_("Cannot write the results to %s: %s"), self->part_path, g_strerror (errno));
  self->file = NULL;
  if (path == NULL)
    {
      g_warning (_("Cannot write the results to %s: %s"), self->path, g_strerror (errno));
      return;
    }
  g_free (self->path);
  self->path = g_steal_pointer (&path);
  g_message (_("Results saved to %s"), self->path);
}

void
pupitre_results_recover (const char *dir)
{
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_if_fail (dir != NULL);

  folder = g_dir_open (dir, 0, NULL);
  if (folder == NULL)
    return;
  /* Collected first: renaming while reading a folder may show a file twice. */
  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_suffix (name, ".csv.part"))
      g_ptr_array_add (parts, g_strdup (name));

  for (guint i = 0; i < parts->len; i++)
    {
      const char *part = g_ptr_array_index (parts, i);
      g_autofree char *part_path = g_build_filename (dir, part, NULL);
      g_autofree char *base = g_strndup (part, strlen (part) - strlen (".csv.part"));
      g_autofree char *path = NULL;
      int fd = g_open (part_path, O_RDONLY | O_CLOEXEC, 0);

      if (fd < 0)
        continue;
      /* Locked: another server sharing the folder is writing it. */
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          close (fd);
          continue;
        }
      path = move_to_free_name (part_path, dir, base, "-incomplete", 1);
      close (fd);
      if (path == NULL)
        g_warning (_("Cannot keep the unfinished results %s: %s"), part_path, g_strerror (errno));
      else
        g_message (_("Unfinished results %s kept as %s"), part_path, path);
    }
}

static void
pupitre_results_finalize (GObject *object)
{
  PupitreResults *self = (PupitreResults *) object;

  if (self->file != NULL)
    fclose (self->file);
  g_free (self->dir);
  g_free (self->base);
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

const char *
pupitre_results_get_path (PupitreResults *self)
{
  g_return_val_if_fail (PUPITRE_IS_RESULTS (self), NULL);

  return self->finished ? self->path : self->part_path;
}
