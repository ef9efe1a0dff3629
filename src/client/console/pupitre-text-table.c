/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain-text tables: widths come from the data, counted in characters as a
 * terminal shows them, so that "Éloïse" lines up with "Ubuntu1". */

#include "config.h"

#include "pupitre-text-table.h"

#define COLUMN_GAP "  "

struct _PupitreTextTable
{
  guint n_columns;
  PupitreTextAlign *align;
  GPtrArray *rows;         /* of GStrv, n_columns each */
};

PupitreTextTable *
pupitre_text_table_new (guint n_columns)
{
  PupitreTextTable *self;

  g_return_val_if_fail (n_columns > 0, NULL);

  self = g_new0 (PupitreTextTable, 1);
  self->n_columns = n_columns;
  self->align = g_new0 (PupitreTextAlign, n_columns);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  return self;
}

void
pupitre_text_table_free (PupitreTextTable *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->rows);
  g_free (self->align);
  g_free (self);
}

void
pupitre_text_table_set_align (PupitreTextTable *self,
                              guint             column,
                              PupitreTextAlign  align)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column < self->n_columns);

  self->align[column] = align;
}

void
pupitre_text_table_add_row (PupitreTextTable   *self,
                            const char * const *cells)
{
  char **row;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cells != NULL);

  row = g_new0 (char *, self->n_columns + 1);
  for (guint i = 0; i < self->n_columns; i++)
    row[i] = g_strdup (cells[i] != NULL ? cells[i] : "");
  g_ptr_array_add (self->rows, row);
}

gsize
pupitre_text_width (const char *text)
{
  gsize width = 0;

  g_return_val_if_fail (text != NULL, 0);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

static void
append_padding (GString *out,
                gsize    n)
{
  for (gsize i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

char *
pupitre_text_table_format (PupitreTextTable *self,
                           const char       *header_start,
                           const char       *header_end)
{
  g_autofree gsize *widths = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  widths = g_new0 (gsize, self->n_columns);
  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        widths[c] = MAX (widths[c], pupitre_text_width (row[c]));
    }

  out = g_string_new (NULL);
  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);
      gboolean emphasize = r == 0 && header_start != NULL && header_end != NULL;
      gsize line_start = out->len;

      if (emphasize)
        g_string_append (out, header_start);

      for (guint c = 0; c < self->n_columns; c++)
        {
          gsize padding = widths[c] - pupitre_text_width (row[c]);

          if (c > 0)
            g_string_append (out, COLUMN_GAP);

          if (self->align[c] == PUPITRE_TEXT_ALIGN_RIGHT)
            {
              append_padding (out, padding);
              g_string_append (out, row[c]);
            }
          else
            {
              g_string_append (out, row[c]);
              append_padding (out, padding);
            }
        }

      /* No trailing spaces: they only get in the way of copy and paste. */
      while (out->len > line_start && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);

      if (emphasize)
        g_string_append (out, header_end);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}
