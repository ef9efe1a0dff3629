/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network layer: accepts players, moves their lines between sockets
 * and the dispatcher, and writes what the games say to whom. */
#pragma once

#include <gio/gio.h>

#include "pupitre-config.h"
#include "pupitre-quiz.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_SERVER (pupitre_server_get_type ())
G_DECLARE_FINAL_TYPE (PupitreServer, pupitre_server, PUPITRE, SERVER, GObject)

/* Signals: ::finished once the server has stopped (after shutdown, or after
 * the first game with --once) and every connection is closed. */

/* @config is borrowed and must outlive the server. */
PupitreServer *pupitre_server_new      (PupitreConfig  *config,
                                        PupitreQuiz    *quiz);
/* Listens on @socket too, bound and listening already (as systemd passes
 * them); before start(), which then opens no other. */
gboolean       pupitre_server_add_socket (PupitreServer  *self,
                                          GSocket        *socket,
                                          GError        **error);
/* Listens on the sockets given with add_socket(), or those systemd
 * passed, or on the configured port. */
gboolean       pupitre_server_start    (PupitreServer  *self,
                                        GError        **error);
/* At most @max_connections clients at once; before start(). Without it,
 * the limit follows the process's descriptor limit. */
void           pupitre_server_set_max_connections (PupitreServer *self,
                                                   guint          max_connections);
/* Tells every connection the server stops, then closes them. */
void           pupitre_server_shutdown (PupitreServer  *self);
/* Takes the server out of service behind a proxy: no new hosted game,
 * the health check says "draining", and the server shuts down once every
 * game is over. */
void           pupitre_server_drain    (PupitreServer  *self);
/* Reads the configuration and the quiz again; the quiz applies from the
 * next game. On failure nothing changes. */
gboolean       pupitre_server_reload   (PupitreServer  *self,
                                        GError        **error);

G_END_DECLS
