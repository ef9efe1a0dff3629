/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the JSON files share among themselves: the checks' notes on members, errors. */
#pragma once

#include <json-glib/json-glib.h>

#include "pupitre-json-scan.h"

G_BEGIN_DECLS

/* A member of the top-level object, as the checks found it: messages are
 * read from these, without going through the text a second time. */
typedef struct
{
  gsize            key_start;
  gsize            key_len;
  gboolean         key_escaped;
  gboolean         has_value;
  gsize            value_start;
  gsize            value_end;     /* 0 until the value is over */
  PupitreJsonKind  kind;
  gboolean         value_escaped;
} PupitreJsonTopMember;

#define PUPITRE_JSON_N_LOCAL_TOP_MEMBERS 16

/* Left uninitialised but for the fields below: clearing the local array
 * would cost more than reading a message. */
typedef struct
{
  PupitreJsonTopMember  local[PUPITRE_JSON_N_LOCAL_TOP_MEMBERS];
  PupitreJsonTopMember *heap;
  gsize                 n_members;
  gsize                 size;
} PupitreJsonTopMembers;

static inline void
pupitre_json_top_members_init (PupitreJsonTopMembers *top)
{
  top->heap = NULL;
  top->n_members = 0;
  top->size = PUPITRE_JSON_N_LOCAL_TOP_MEMBERS;
}

static inline PupitreJsonTopMember *
pupitre_json_top_members_get (PupitreJsonTopMembers *top)
{
  return top->heap != NULL ? top->heap : top->local;
}

/* pupitre_json_check_raw(), which also tells in *@in_grammar whether the
 * text it accepted follows JSON's grammar (the checks let through misplaced
 * commas, colons and keys, which json-glib then refuses with its own
 * message) and, when @top is not NULL, notes the members of a top-level
 * object there. */
gboolean pupitre_json_check_text                (const char             *data,
                                                 gsize                   len,
                                                 gsize                  *error_offset,
                                                 gboolean               *in_grammar,
                                                 PupitreJsonTopMembers  *top,
                                                 GError                **error);

/* Reads the four hex digits after "\u" at @p; -1 when they are not there. */
int      pupitre_json_read_hex4                 (const char             *p,
                                                 const char             *end);

/* Errors that the tree accessors and the member readers share, so that
 * both say exactly the same. */
void     pupitre_json_set_invalid_json_error    (GError                **error,
                                                 const GError           *parser_error);
void     pupitre_json_set_not_an_object_error   (GError                **error);
void     pupitre_json_set_no_type_error         (GError                **error);
void     pupitre_json_set_missing_error         (GError                **error,
                                                 const char             *member);
void     pupitre_json_set_not_string_error      (GError                **error,
                                                 const char             *member);
void     pupitre_json_set_not_integer_error     (GError                **error,
                                                 const char             *member);
void     pupitre_json_set_out_of_range_error    (GError                **error,
                                                 const char             *member,
                                                 gint64                  min,
                                                 gint64                  max);

G_END_DECLS
