/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One connection to a server: connecting, TLS, lines in, messages out. */
#pragma once

#include <gio/gio.h>

#include "pupitre-server-message.h"
#include "pupitre-trust.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_LINK (pupitre_link_get_type ())
G_DECLARE_FINAL_TYPE (PupitreLink, pupitre_link, PUPITRE, LINK, GObject)

/*
 * A link is used once: opened, then closed by its owner or by the server.
 *
 * Signals:
 *   message-received (const PupitreServerMessage *message)
 *                      one decoded line; the message is borrowed
 *   certificate-unknown (const char *host_and_port, const char *fingerprint,
 *                        gboolean changed)
 *                      the handshake met a certificate @trust does not
 *                      accept; a handler may accept it at once with
 *                      pupitre_trust_accept(), else the handshake fails
 *   closed (const GError *error, gboolean fatal)
 *                      the link ended by itself: @error is NULL when the
 *                      server closed it after its last line; @fatal when
 *                      trying again would meet the same failure (a TLS
 *                      problem, a line that breaks the protocol)
 * No signal follows pupitre_link_close().
 */

/* @trust is only used when @secure. */
PupitreLink *pupitre_link_new          (const char   *host,
                                        guint         port,
                                        gboolean      secure,
                                        PupitreTrust *trust);

void         pupitre_link_open         (PupitreLink  *self);
/* Takes ownership of @message; queued until the link is connected (and
 * its TLS handshake done), dropped once it is closed. */
void         pupitre_link_send         (PupitreLink  *self,
                                        GBytes       *message);
void         pupitre_link_close        (PupitreLink  *self);

/* Connected (and the handshake done); the server sent something. */
gboolean     pupitre_link_is_connected (PupitreLink  *self);
gboolean     pupitre_link_has_received (PupitreLink  *self);
/* "host:port" as PupitreKnownServers names it. */
const char  *pupitre_link_get_host_key (PupitreLink  *self);

G_END_DECLS
