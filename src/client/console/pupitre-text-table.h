/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain-text tables with columns aligned on what a terminal shows. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PUPITRE_TEXT_ALIGN_LEFT,
  PUPITRE_TEXT_ALIGN_RIGHT,
} PupitreTextAlign;

typedef struct _PupitreTextTable PupitreTextTable;

PupitreTextTable *pupitre_text_table_new       (guint              n_columns);
void              pupitre_text_table_free      (PupitreTextTable  *self);

void              pupitre_text_table_set_align (PupitreTextTable  *self,
                                                guint              column,
                                                PupitreTextAlign   align);
/* The first row added is the header. @cells holds n_columns UTF-8 strings. */
void              pupitre_text_table_add_row   (PupitreTextTable  *self,
                                                const char * const *cells);
/* Every line ends with "\n" and has no trailing spaces. The header is put
 * between @header_start and @header_end when they are not NULL (terminal
 * escapes), which do not count in the widths. */
char             *pupitre_text_table_format    (PupitreTextTable  *self,
                                                const char        *header_start,
                                                const char        *header_end);

/* Columns @text takes on a terminal: combining marks take none, East Asian
 * wide characters two. */
gsize             pupitre_text_width           (const char        *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreTextTable, pupitre_text_table_free)

G_END_DECLS
