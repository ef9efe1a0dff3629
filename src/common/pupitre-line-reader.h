/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Splits a byte stream into protocol lines with a hard length limit. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PupitreLineReader PupitreLineReader;

/* @max_line counts the newline: PUPITRE_MAX_LINE for the server. */
PupitreLineReader *pupitre_line_reader_new          (gsize              max_line);
void               pupitre_line_reader_free         (PupitreLineReader *self);

/* Appends received bytes. Never buffers more than max_line bytes of an
 * unfinished line: once that is reached, next() reports line-too-long. */
void               pupitre_line_reader_push         (PupitreLineReader *self,
                                                     const char        *data,
                                                     gsize              len);

/* The next complete line without its "\n" or "\r\n", NUL-terminated, valid
 * until the next call on @self; empty lines are skipped. Returns NULL with
 * no error when no whole line is buffered, NULL with PUPITRE_ERROR_LINE_TOO_LONG
 * when the line in progress is over the limit (the reader is then spent). */
const char        *pupitre_line_reader_next         (PupitreLineReader *self,
                                                     gsize             *len,
                                                     GError           **error);

/* Bytes held for an unfinished line. */
gsize              pupitre_line_reader_get_buffered (PupitreLineReader *self);

/* Bytes of memory allocated for buffering: 0 once every line was read. */
gsize              pupitre_line_reader_get_allocated (PupitreLineReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreLineReader, pupitre_line_reader_free)

G_END_DECLS
