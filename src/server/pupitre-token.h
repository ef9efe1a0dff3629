/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unguessable tokens that let a player take their seat back. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 128 random bits from the kernel, as 32 hex digits. */
char *pupitre_token_new          (void);
/* A token after @node's name and "-" ("K7-3f9a…"), so that a proxy routes
 * a resume to the node that holds its seat; as pupitre_token_new() when
 * @node is NULL. */
char *pupitre_token_new_on_node  (const char *node);
/* Fills @bytes from the kernel's random source, for every secret the
 * server draws (tokens, host keys, game codes). */
void  pupitre_token_fill_random  (guint8 *bytes,
                                  gsize   n_bytes);

G_END_DECLS
