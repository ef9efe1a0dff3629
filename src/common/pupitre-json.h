/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Safe reading of one JSON object line, and a small writer for encoding. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Checks the raw bytes first (valid UTF-8, nesting at most
 * PUPITRE_MAX_JSON_DEPTH, no integer literal beyond 64 bits, no key twice in
 * one object) and only then hands them to json-glib. Returns a new reference
 * to the top-level object, or NULL with PUPITRE_ERROR_BAD_JSON. The object
 * must have a string member "type" (else PUPITRE_ERROR_BAD_JSON as well). */
JsonObject *pupitre_json_parse_object (const char  *line,
                                       gsize        len,
                                       GError     **error);

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

/* Typed accessors that validate: a missing member (when @required), a member
 * of another type, or an integer out of [@min, @max] is
 * PUPITRE_ERROR_BAD_FIELD with a message naming the member. An absent
 * optional member returns TRUE and leaves *@out untouched. JSON null counts
 * as absent for optional members. */
gboolean    pupitre_json_get_string   (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       const char **out,
                                       GError     **error);
gboolean    pupitre_json_get_int      (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       gint64       min,
                                       gint64       max,
                                       gint64      *out,
                                       GError     **error);
gboolean    pupitre_json_get_boolean  (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       gboolean    *out,
                                       GError     **error);
/* An array member; *@out is borrowed from @object. */
gboolean    pupitre_json_get_array    (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       JsonArray  **out,
                                       GError     **error);

/* Appends @str to @out as a JSON string literal (quotes included). */
void        pupitre_json_append_string (GString    *out,
                                        const char *str);

/* Encodes a node compactly (for echoing a ping id). */
void        pupitre_json_append_node   (GString    *out,
                                        JsonNode   *node);

G_END_DECLS
