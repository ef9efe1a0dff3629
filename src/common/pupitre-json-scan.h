/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a message's members from its checked text without building a tree. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reading a message without building a tree: the server decodes every
 * line a player sends, and json-glib's tree costs ten times the checks. */

typedef enum
{
  PUPITRE_JSON_KIND_STRING,
  PUPITRE_JSON_KIND_INTEGER,
  /* A number with a fraction or an exponent: 2.0 is not an integer. */
  PUPITRE_JSON_KIND_NUMBER,
  PUPITRE_JSON_KIND_TRUE,
  PUPITRE_JSON_KIND_FALSE,
  PUPITRE_JSON_KIND_NULL,
  PUPITRE_JSON_KIND_OBJECT,
  PUPITRE_JSON_KIND_ARRAY,
} PupitreJsonKind;

/* One member's value, as it is in the text: @value points into the line
 * (quotes and brackets included) and is NULL when the member is absent;
 * @escaped tells whether a string has escapes to decode. */
typedef struct
{
  const char      *value;
  gsize            value_len;
  PupitreJsonKind  kind;
  gboolean         escaped;
} PupitreJsonMember;

/* A member's name and its length in bytes. */
typedef struct
{
  const char *name;
  gsize       len;
} PupitreJsonName;

#define PUPITRE_JSON_NAME(literal) { "" literal "", sizeof (literal) - 1 }

/* Checks @line exactly as pupitre_json_parse_object() does, with the same
 * errors, then finds the top-level members named in @names (@names[0] must
 * be "type") and fills @members, one per name; other members are skipped.
 * Keys are compared with their escapes decoded, and of two keys that only
 * differ by their escapes the last one counts, as with json-glib. */
gboolean    pupitre_json_scan_message      (const char               *line,
                                            gsize                     len,
                                            const PupitreJsonName    *names,
                                            guint                     n_names,
                                            PupitreJsonMember        *members,
                                            GError                  **error);

/* The span readers below expect a text pupitre_json_check_raw() accepted. */

/* A string value's text (@value includes the quotes), escapes decoded. */
char       *pupitre_json_string_value      (const char               *value,
                                            gsize                     value_len);
/* An integer value. */
gint64      pupitre_json_integer_value     (const char               *value,
                                            gsize                     value_len);

/* Like pupitre_json_get_string() and pupitre_json_get_int(), with the same
 * messages, for a member found by pupitre_json_scan_message(): @member is
 * absent when NULL or when its value is NULL, and JSON null counts as
 * absent. *@out is a new string. */
gboolean    pupitre_json_member_get_string (const PupitreJsonMember  *member,
                                            const char               *name,
                                            gboolean                  required,
                                            char                    **out,
                                            GError                  **error);
gboolean    pupitre_json_member_get_int    (const PupitreJsonMember  *member,
                                            const char               *name,
                                            gboolean                  required,
                                            gint64                    min,
                                            gint64                    max,
                                            gint64                   *out,
                                            GError                  **error);

/* A sealed node holding the member's value, as json-glib would have read it
 * (for a ping id). */
JsonNode   *pupitre_json_member_to_node    (const PupitreJsonMember  *member,
                                            GError                  **error);

G_END_DECLS
