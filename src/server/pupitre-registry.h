/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The games of a server, found by their code: the standing game and the
 * hosted ones. */
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
/* A hosted game, created by the teacher called @owner ("": anybody). */
void             pupitre_registry_add_hosted  (PupitreRegistry  *self,
                                               PupitreGame      *game,
                                               const char       *owner);
/* The game's code is free again. */
void             pupitre_registry_remove      (PupitreRegistry  *self,
                                               PupitreGame      *game);
guint            pupitre_registry_get_n_hosted (PupitreRegistry *self);
guint            pupitre_registry_count_owned (PupitreRegistry  *self,
                                               const char       *owner);
/* The teacher who created @game, or NULL for the standing game. */
const char      *pupitre_registry_get_owner   (PupitreRegistry  *self,
                                               PupitreGame      *game);
/* The game called @code, or the default game when @code is NULL; NULL
 * with PUPITRE_ERROR_GAME_NOT_FOUND when there is none. A hosted game's
 * code is compared ignoring case, spaces and "-". */
PupitreGame     *pupitre_registry_lookup      (PupitreRegistry  *self,
                                               const char       *code,
                                               GError          **error);
/* Every game, the default first (PupitreGame). */
GPtrArray       *pupitre_registry_get_games   (PupitreRegistry  *self);

G_END_DECLS
