/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a player connects: the server, the name asked for, the game. */

#include "config.h"

#include "pupitre-target.h"

G_DEFINE_BOXED_TYPE (PupitreTarget, pupitre_target, pupitre_target_copy, pupitre_target_free)

PupitreTarget *
pupitre_target_new (const char *host,
                    guint       port,
                    const char *name,
                    const char *game,
                    gboolean    secure)
{
  PupitreTarget *self = g_new0 (PupitreTarget, 1);

  self->host = g_strdup (host);
  self->port = port;
  self->name = g_strdup (name);
  self->game = g_strdup (game);
  self->secure = !!secure;

  return self;
}

PupitreTarget *
pupitre_target_copy (const PupitreTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return pupitre_target_new (self->host, self->port, self->name, self->game, self->secure);
}

void
pupitre_target_free (PupitreTarget *self)
{
  if (self == NULL)
    return;

  g_free (self->host);
  g_free (self->name);
  g_free (self->game);
  g_free (self);
}
