/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tokens a client keeps on disk, per server and game, so that a
 * player who closed the app by mistake, or a host whose laptop rebooted,
 * takes its place back. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PUPITRE_TYPE_TOKEN_STORE (pupitre_token_store_get_type ())
G_DECLARE_FINAL_TYPE (PupitreTokenStore, pupitre_token_store, PUPITRE, TOKEN_STORE, GObject)

typedef enum
{
  PUPITRE_TOKEN_PLAYER,
  PUPITRE_TOKEN_HOST,
} PupitreTokenKind;

/* @path NULL: tokens.ini in the user's state directory, under pupitre. */
PupitreTokenStore *pupitre_token_store_new    (const char        *path);

/* @server is "host:port"; @game is the game's code ("main" for the
 * standing game). @name is the player's name, or the host's. */
gboolean           pupitre_token_store_save   (PupitreTokenStore *self,
                                               PupitreTokenKind   kind,
                                               const char        *server,
                                               const char        *game,
                                               const char        *name,
                                               const char        *token,
                                               GError           **error);
/* The token kept for @server and @game, and the name it was kept with
 * (@name may be NULL); NULL when there is none. */
char              *pupitre_token_store_lookup (PupitreTokenStore *self,
                                               PupitreTokenKind   kind,
                                               const char        *server,
                                               const char        *game,
                                               char             **name);
/* Forgets it (the game is over); no file is an empty store. */
gboolean           pupitre_token_store_forget (PupitreTokenStore *self,
                                               PupitreTokenKind   kind,
                                               const char        *server,
                                               const char        *game,
                                               GError           **error);
/* The hosted games kept for @server (codes), newest first. */
GStrv              pupitre_token_store_list   (PupitreTokenStore *self,
                                               PupitreTokenKind   kind,
                                               const char        *server);

G_END_DECLS
