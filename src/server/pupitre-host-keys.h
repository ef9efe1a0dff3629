/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The teachers who may create games with --hosting keys: a file of
 * "NAME SHA256HEX" lines that only the server reads. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PupitreHostKeys PupitreHostKeys;

/* Reads @path. A malformed line is an error naming the file, the line and
 * the problem (G_IO_ERROR_INVALID_DATA); a missing file is an error too. */
PupitreHostKeys *pupitre_host_keys_load  (const char       *path,
                                          GError          **error);
/* An empty list: nobody may host. */
PupitreHostKeys *pupitre_host_keys_new   (void);
void             pupitre_host_keys_free  (PupitreHostKeys  *self);
guint            pupitre_host_keys_get_n (PupitreHostKeys  *self);
/* The teacher's name whose key @key is, or NULL. Compares hashes in a
 * time that does not depend on where they differ. */
const char      *pupitre_host_keys_check (PupitreHostKeys  *self,
                                          const char       *key);
/* Draws a new key for @name, appends its line to @path (created 0600 if
 * missing) and returns the key, to be shown once. Refuses a name already
 * in the file or one with characters other than letters, digits, ".",
 * "-", "_" and "@". */
char            *pupitre_host_keys_add   (const char       *path,
                                          const char       *name,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreHostKeys, pupitre_host_keys_free)

G_END_DECLS
