/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The strict checks on raw JSON text, before json-glib or the message scanner read it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The raw checks of pupitre_json_parse_object() alone, for any JSON text
 * (quiz files too): valid UTF-8, strict JSON tokens, one value and nothing
 * after it, nesting at most PUPITRE_MAX_JSON_DEPTH, integers within 64 bits,
 * no key twice in one object. On failure returns FALSE with
 * PUPITRE_ERROR_BAD_JSON and, if @error_offset is not NULL, the offset of
 * the byte where the problem was found. */
gboolean    pupitre_json_check_raw    (const char  *data,
                                       gsize        len,
                                       gsize       *error_offset,
                                       GError     **error);

G_END_DECLS
