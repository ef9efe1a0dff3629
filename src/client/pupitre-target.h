/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a player connects: the server, the name asked for, the game. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char     *host;    /* NULL until the player said where */
  guint     port;
  char     *name;    /* as the player typed it; NULL until said */
  char     *game;    /* NULL: the server's default game */
  gboolean  secure;  /* TLS */
} PupitreTarget;

#define PUPITRE_TYPE_TARGET (pupitre_target_get_type ())
GType          pupitre_target_get_type (void) G_GNUC_CONST;

PupitreTarget *pupitre_target_new      (const char          *host,
                                        guint                port,
                                        const char          *name,
                                        const char          *game,
                                        gboolean             secure);
PupitreTarget *pupitre_target_copy     (const PupitreTarget *self);
void           pupitre_target_free     (PupitreTarget       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreTarget, pupitre_target_free)

G_END_DECLS
