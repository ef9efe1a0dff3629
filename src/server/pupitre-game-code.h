/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The codes of hosted games: six characters a class can read off a
 * projector and type without confusing 0/O or 1/I/L. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUPITRE_GAME_CODE_ALPHABET "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#define PUPITRE_GAME_CODE_LENGTH   6
/* A node's name (--node): two characters of the same alphabet, put in
 * front of every code and token the node hands out so that a proxy in
 * front of several servers routes a join from its first two characters,
 * with a static map (data/haproxy/pupitre.cfg). */
#define PUPITRE_NODE_NAME_LENGTH   2

/* A code drawn from the kernel's random source. */
char *pupitre_game_code_new       (void);
/* The same, after @node's name when there is one (eight characters),
 * six characters alone when @node is NULL. */
char *pupitre_game_code_new_on_node (const char *node);
/* Whether @node is a node's name: two characters of the alphabet. */
gboolean pupitre_node_name_is_valid (const char *node);
/* @code as the registry keys it: upper case, spaces and "-" dropped
 * ("k7r-t4q" → "K7RT4Q"). */
char *pupitre_game_code_normalize (const char *code);

G_END_DECLS
