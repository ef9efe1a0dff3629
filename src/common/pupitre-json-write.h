/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The small JSON writer of encoded messages. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Appends @str to @out as a JSON string literal (quotes included). */
void        pupitre_json_append_string (GString    *out,
                                        const char *str);

/* Encodes a node compactly (for echoing a ping id). */
void        pupitre_json_append_node   (GString    *out,
                                        JsonNode   *node);

G_END_DECLS
