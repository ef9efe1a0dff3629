/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the server starts to listen: the sockets systemd passed or the
 * configured port, the TLS certificate, the descriptor limit. */
#pragma once

#include <gio/gio.h>

#include "pupitre-config.h"

G_BEGIN_DECLS

/* Adds the sockets systemd passed to @listener, or else the configured
 * address and port; @port is the TCP port listened on (0 for a socket
 * that has none). */
gboolean         pupitre_listener_listen           (GSocketListener  *listener,
                                                    PupitreConfig    *config,
                                                    guint            *port,
                                                    GError          **error);
/* The configured certificate, its fingerprint logged for pupils to
 * compare; NULL without @error when TLS is not configured. */
GTlsCertificate *pupitre_listener_load_certificate (PupitreConfig    *config,
                                                    GError          **error);
/* Raises the soft descriptor limit to the hard one and sets
 * @max_connections to how many client connections fit under it beside the
 * descriptors open now; fails when none does. */
gboolean         pupitre_listener_raise_fd_limit   (guint            *max_connections,
                                                    GError          **error);
/* How many connections fit under @limit with @n_open descriptors already
 * open and a reserve for the server's own files; 0 when none. */
guint            pupitre_listener_fit_connections  (guint             limit,
                                                    guint             n_open);

G_END_DECLS
