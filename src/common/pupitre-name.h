/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The contract's rules for player names. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes every space separator one space, trims @raw and checks the
 * contract's name rules (1 to 24 characters, no control or invisible
 * characters, a letter, digit or emoji). Returns the name to use, or NULL
 * with PUPITRE_ERROR_NAME_INVALID. */
char *pupitre_name_normalize   (const char  *raw,
                                GError     **error);

/* A case-insensitive key for comparing names. */
char *pupitre_name_collate_key (const char  *name);

/* A copy of @str without Unicode white space at either end. */
char *pupitre_utf8_strip        (const char  *str);

G_END_DECLS
