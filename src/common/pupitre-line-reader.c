/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Splits a byte stream into protocol lines with a hard length limit. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-error.h"
#include "pupitre-line-reader.h"

/* The buffer holds, from @start: whole lines not yet returned, then the
 * unfinished line from @tail to @len. Only the unfinished part is bounded
 * by @max_line; whole lines are bounded by what one push brings. When
 * everything has been read the buffer is freed, so that an idle connection
 * costs no more than this struct: a server keeps thousands of them. */
struct _PupitreLineReader
{
  gsize    max_line;
  char    *buffer;
  gsize    allocated;
  gsize    start;
  gsize    tail;
  gsize    len;
  /* Set when a line went over the limit; reported once the whole lines
   * before it have been read. */
  gboolean overflow;
};

#define MIN_ALLOCATION 256

PupitreLineReader *
pupitre_line_reader_new (gsize max_line)
{
  PupitreLineReader *self;

  g_return_val_if_fail (max_line >= 2, NULL);

  self = g_new0 (PupitreLineReader, 1);
  self->max_line = max_line;

  return self;
}

void
pupitre_line_reader_free (PupitreLineReader *self)
{
  if (self == NULL)
    return;

  g_free (self->buffer);
  g_free (self);
}

static void
release_buffer (PupitreLineReader *self)
{
  g_clear_pointer (&self->buffer, g_free);
  self->allocated = 0;
  self->start = 0;
  self->tail = 0;
  self->len = 0;
}

/* Drops the lines already returned, then makes room for @extra bytes. */
static void
make_room (PupitreLineReader *self,
           gsize              extra)
{
  gsize kept;
  gsize needed;

  if (self->start > 0)
    {
      kept = self->len - self->start;
      memmove (self->buffer, self->buffer + self->start, kept);
      self->tail -= self->start;
      self->len = kept;
      self->start = 0;
    }

  needed = self->len + extra;
  if (needed <= self->allocated)
    return;

  self->allocated = MAX (self->allocated, MIN_ALLOCATION);
  while (self->allocated < needed)
    self->allocated *= 2;
  self->buffer = g_realloc (self->buffer, self->allocated);
}

/* Keeps only the unfinished line, in a buffer near its size: a big read
 * must not leave a big buffer behind for a line that trickles in. */
static void
shrink_buffer (PupitreLineReader *self)
{
  gsize kept = self->len - self->start;
  gsize wanted = MIN_ALLOCATION;

  while (wanted < kept)
    wanted *= 2;

  if (self->start > 0)
    {
      memmove (self->buffer, self->buffer + self->start, kept);
      self->tail -= self->start;
      self->len = kept;
      self->start = 0;
    }

  if (self->allocated > 2 * wanted)
    {
      self->buffer = g_realloc (self->buffer, wanted);
      self->allocated = wanted;
    }
}

void
pupitre_line_reader_push (PupitreLineReader *self,
                          const char        *data,
                          gsize              len)
{
  const char *end;
  const char *p;
  gsize line_so_far;
  gsize whole = 0;
  gsize keep = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);

  if (self->overflow || len == 0)
    return;

  /* Measure first how much of @data fits, line by line, so that nothing
   * beyond the limit is ever copied. */
  end = data + len;
  p = data;
  line_so_far = self->len - self->tail;
  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);

      if (newline == NULL)
        {
          /* An unfinished line may not reach the limit: with its newline
           * it would be one byte over. */
          if (line_so_far + (end - p) >= self->max_line)
            self->overflow = TRUE;
          else
            keep = len;
          break;
        }

      if (line_so_far + (newline - p + 1) > self->max_line)
        {
          self->overflow = TRUE;
          break;
        }

      p = newline + 1;
      whole = keep = p - data;
      line_so_far = 0;
    }

  if (keep > 0)
    {
      make_room (self, keep);
      memcpy (self->buffer + self->len, data, keep);
      if (whole > 0)
        self->tail = self->len + whole;
      self->len += keep;
    }

  if (self->overflow)
    {
      /* The unfinished line is useless now; whole lines before it are
       * still handed out before the error. */
      self->len = self->tail;
      if (self->start == self->tail)
        release_buffer (self);
    }
}

const char *
pupitre_line_reader_next (PupitreLineReader  *self,
                          gsize              *len,
                          GError            **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  while (self->start < self->tail)
    {
      char *line = self->buffer + self->start;
      char *newline = memchr (line, '\n', self->tail - self->start);
      gsize line_len;

      /* Between start and tail every line is whole. */
      g_assert (newline != NULL);
      self->start = newline - self->buffer + 1;

      line_len = newline - line;
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;
      if (line_len == 0)
        continue;

      line[line_len] = '\0';
      if (len != NULL)
        *len = line_len;
      return line;
    }

  if (len != NULL)
    *len = 0;

  if (self->overflow)
    {
      release_buffer (self);
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_LINE_TOO_LONG,
                   _("A line is longer than %zu bytes."),
                   (size_t) self->max_line);
      return NULL;
    }

  if (self->start == self->len)
    release_buffer (self);
  else
    shrink_buffer (self);

  return NULL;
}

gsize
pupitre_line_reader_get_buffered (PupitreLineReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->len - self->tail;
}

gsize
pupitre_line_reader_get_allocated (PupitreLineReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->allocated;
}
