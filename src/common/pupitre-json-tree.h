/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading one JSON object line with json-glib, and typed accessors that validate its members. */
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

G_END_DECLS
