/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre://host[:port]/CODE links, which a teacher or the school hands
 * out so that a student opens the app on the right game. */
#pragma once

#include "pupitre-target.h"

G_BEGIN_DECLS

#define PUPITRE_GAME_URI_SCHEME "pupitre"

/* The server and game @uri names (name NULL, secure FALSE; port the
 * default one when the link has none, game NULL for the standing game).
 * NULL with @error (G_IO_ERROR_INVALID_ARGUMENT) when @uri is not such a
 * link. */
PupitreTarget *pupitre_game_uri_parse (const char  *uri,
                                       GError     **error);

G_END_DECLS
