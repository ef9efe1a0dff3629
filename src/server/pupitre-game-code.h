/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The codes of hosted games: six characters a class can read off a
 * projector and type without confusing 0/O or 1/I/L. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUPITRE_GAME_CODE_ALPHABET "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#define PUPITRE_GAME_CODE_LENGTH   6

/* A code drawn from the kernel's random source. */
char *pupitre_game_code_new       (void);
/* @code as the registry keys it: upper case, spaces and "-" dropped
 * ("k7r-t4q" → "K7RT4Q"). */
char *pupitre_game_code_normalize (const char *code);

G_END_DECLS
