/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trust on first use: which server certificates a client accepts. */
#pragma once

#include <gio/gio.h>

#include "pupitre-known-servers.h"

G_BEGIN_DECLS

typedef enum
{
  PUPITRE_TRUST_TRUSTED,
  /* Never seen for this server. */
  PUPITRE_TRUST_UNKNOWN,
  /* Not the certificate trusted before for this server. */
  PUPITRE_TRUST_CHANGED,
} PupitreTrustVerdict;

#define PUPITRE_TYPE_TRUST (pupitre_trust_get_type ())
G_DECLARE_FINAL_TYPE (PupitreTrust, pupitre_trust, PUPITRE, TRUST, GObject)

/* Checks certificates against the user's known-servers file, read when
 * first needed, and against the one certificate accepted in this process. */
PupitreTrust        *pupitre_trust_new               (void);

PupitreKnownServers *pupitre_trust_get_known_servers (PupitreTrust         *self);

/* The verdict on @fingerprint for @host_key ("host:port"). FALSE with
 * PUPITRE_SESSION_ERROR_TRUST_STORE when the file cannot be read. */
gboolean             pupitre_trust_check             (PupitreTrust         *self,
                                                      const char           *host_key,
                                                      const char           *fingerprint,
                                                      PupitreTrustVerdict  *verdict,
                                                      GError              **error);

/* Trusts @fingerprint for @host_key from now on, and remembers it in the
 * file. FALSE with @error when @fingerprint is not a SHA-256 fingerprint,
 * or when the file could not be written: it is trusted all the same (until
 * another server is trusted), so that a read-only home keeps nobody out. */
gboolean             pupitre_trust_accept            (PupitreTrust         *self,
                                                      const char           *host_key,
                                                      const char           *fingerprint,
                                                      GError              **error);

/* The error that ends a connection refused for @verdict, to show as is. */
GError              *pupitre_trust_refusal           (const char           *host_key,
                                                      const char           *fingerprint,
                                                      PupitreTrustVerdict   verdict);

G_END_DECLS
