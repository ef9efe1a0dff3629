/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tiny scanner that finds a few top-level members of a JSON object line without building a tree. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The raw text of one member's value, as it appears on the line: a string
 * keeps its quotes, an array its brackets. start is NULL when not found. */
typedef struct
{
  const char *start;
  gsize       len;
} PupitreLoadSpan;

/* Walks the top-level members of the object on @line and fills @values[i]
 * with the value of the member named @keys[i]. It stops as soon as all of
 * them were found, so members the server writes first cost almost nothing,
 * and never descends into nested values except to skip them. Returns FALSE
 * if the line is not a well-formed object as far as it was read. */
gboolean  pupitre_load_scan_members      (const char          *line,
                                          gsize                len,
                                          const char * const  *keys,
                                          PupitreLoadSpan     *values,
                                          guint                n_keys);

/* TRUE if @span is the JSON string @str (no escapes in @str). */
gboolean  pupitre_load_span_equal        (const PupitreLoadSpan *span,
                                          const char            *str);

/* The integer in @span, or @fallback if it is absent or not an integer. */
gint64    pupitre_load_span_get_int      (const PupitreLoadSpan *span,
                                          gint64                 fallback);

/* The number of elements of the array in @span, or -1. */
gint      pupitre_load_span_count_array  (const PupitreLoadSpan *span);

/* The string in @span unescaped, or NULL if it is not a string. */
char     *pupitre_load_span_dup_string   (const PupitreLoadSpan *span);

G_END_DECLS
