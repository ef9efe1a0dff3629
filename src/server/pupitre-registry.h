/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The games of a server, found by their code. */
#pragma once

#include <glib-object.h>

#include "pupitre-game.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_REGISTRY (pupitre_registry_get_type ())
G_DECLARE_FINAL_TYPE (PupitreRegistry, pupitre_registry, PUPITRE, REGISTRY, GObject)

PupitreRegistry *pupitre_registry_new         (void);

/* The first game added is the default one, for joins that name none. */
void             pupitre_registry_add         (PupitreRegistry  *self,
                                               PupitreGame      *game);
PupitreGame     *pupitre_registry_get_default (PupitreRegistry  *self);
/* The game called @code, or the default game when @code is NULL; NULL
 * with PUPITRE_ERROR_GAME_NOT_FOUND when there is none. */
PupitreGame     *pupitre_registry_lookup      (PupitreRegistry  *self,
                                               const char       *code,
                                               GError          **error);
/* Every game, the default first (PupitreGame). */
GPtrArray       *pupitre_registry_get_games   (PupitreRegistry  *self);

G_END_DECLS
