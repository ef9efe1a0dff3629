/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The games of a server by code: the standing game first, then the
 * hosted ones with the teacher who created each. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-error.h"
#include "pupitre-game-code.h"
#include "pupitre-registry.h"

struct _PupitreRegistry
{
  GObject     parent_instance;

  GPtrArray  *games;    /* PupitreGame, the default first */
  GHashTable *by_code;  /* code → PupitreGame */
  GHashTable *owners;   /* hosted PupitreGame → its teacher's name */
};

G_DEFINE_FINAL_TYPE (PupitreRegistry, pupitre_registry, G_TYPE_OBJECT)

PupitreRegistry *
pupitre_registry_new (void)
{
  return g_object_new (PUPITRE_TYPE_REGISTRY, NULL);
}

void
pupitre_registry_add (PupitreRegistry *self,
                      PupitreGame     *game)
{
  g_return_if_fail (PUPITRE_IS_REGISTRY (self));
  g_return_if_fail (PUPITRE_IS_GAME (game));
  g_return_if_fail (!g_hash_table_contains (self->by_code, pupitre_game_get_code (game)));

  g_ptr_array_add (self->games, g_object_ref (game));
  g_hash_table_insert (self->by_code, (gpointer) pupitre_game_get_code (game), game);
}

void
pupitre_registry_add_hosted (PupitreRegistry *self,
                             PupitreGame     *game,
                             const char      *owner)
{
  g_return_if_fail (owner != NULL);

  pupitre_registry_add (self, game);
  g_hash_table_insert (self->owners, game, g_strdup (owner));
}

void
pupitre_registry_remove (PupitreRegistry *self,
                         PupitreGame     *game)
{
  g_return_if_fail (PUPITRE_IS_REGISTRY (self));
  g_return_if_fail (game != pupitre_registry_get_default (self));

  g_hash_table_remove (self->by_code, pupitre_game_get_code (game));
  g_hash_table_remove (self->owners, game);
  g_ptr_array_remove (self->games, game);
}

guint
pupitre_registry_get_n_hosted (PupitreRegistry *self)
{
  g_return_val_if_fail (PUPITRE_IS_REGISTRY (self), 0);
  return g_hash_table_size (self->owners);
}

guint
pupitre_registry_count_owned (PupitreRegistry *self,
                              const char      *owner)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (PUPITRE_IS_REGISTRY (self), 0);

  g_hash_table_iter_init (&iter, self->owners);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += g_str_equal (value, owner);
  return n;
}

const char *
pupitre_registry_get_owner (PupitreRegistry *self,
                            PupitreGame     *game)
{
  g_return_val_if_fail (PUPITRE_IS_REGISTRY (self), NULL);
  return g_hash_table_lookup (self->owners, game);
}

PupitreGame *
pupitre_registry_get_default (PupitreRegistry *self)
{
  g_return_val_if_fail (PUPITRE_IS_REGISTRY (self), NULL);
  return self->games->len > 0 ? g_ptr_array_index (self->games, 0) : NULL;
}

PupitreGame *
pupitre_registry_lookup (PupitreRegistry  *self,
                         const char       *code,
                         GError          **error)
{
  PupitreGame *game;

  g_return_val_if_fail (PUPITRE_IS_REGISTRY (self), NULL);

  if (code == NULL)
    game = pupitre_registry_get_default (self);
  else if (!(game = g_hash_table_lookup (self->by_code, code)))
    {
      g_autofree char *normal = pupitre_game_code_normalize (code);

      game = g_hash_table_lookup (self->by_code, normal);
    }
  if (game == NULL)
    g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_GAME_NOT_FOUND,
                 _("No game with the code %s on this server"), code != NULL ? code : "");
  return game;
}

GPtrArray *
pupitre_registry_get_games (PupitreRegistry *self)
{
  g_return_val_if_fail (PUPITRE_IS_REGISTRY (self), NULL);
  return self->games;
}

static void
pupitre_registry_finalize (GObject *object)
{
  PupitreRegistry *self = (PupitreRegistry *) object;

  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->owners, g_hash_table_unref);
  g_clear_pointer (&self->games, g_ptr_array_unref);

  G_OBJECT_CLASS (pupitre_registry_parent_class)->finalize (object);
}

static void
pupitre_registry_class_init (PupitreRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pupitre_registry_finalize;
}

static void
pupitre_registry_init (PupitreRegistry *self)
{
  self->games = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->owners = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}
