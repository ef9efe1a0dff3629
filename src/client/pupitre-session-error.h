/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The errors of a client's session, its link and its trust in certificates. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Failures of the session itself, beside the server's PUPITRE_ERROR and
 * GIO's errors; each message is a translated sentence to show as is. */
#define PUPITRE_SESSION_ERROR (pupitre_session_error_quark ())

typedef enum
{
  /* The server's certificate is not trusted yet (::certificate-unknown was
   * emitted with changed = FALSE and nobody trusted it). */
  PUPITRE_SESSION_ERROR_CERTIFICATE_UNKNOWN,
  /* The server's certificate is not the one trusted before
   * (::certificate-unknown with changed = TRUE). */
  PUPITRE_SESSION_ERROR_CERTIFICATE_CHANGED,
  /* The list of trusted certificates cannot be read. */
  PUPITRE_SESSION_ERROR_TRUST_STORE,
  /* GIO has no TLS backend: glib-networking is not installed. */
  PUPITRE_SESSION_ERROR_TLS_UNAVAILABLE,
  /* The TLS handshake failed otherwise, as with a server that does not
   * speak TLS. */
  PUPITRE_SESSION_ERROR_HANDSHAKE_FAILED,
  /* A plain connection the server accepted but never spoke on, as a server
   * that waits for a TLS handshake does. */
  PUPITRE_SESSION_ERROR_SILENT_SERVER,
} PupitreSessionError;

GQuark pupitre_session_error_quark (void);

G_END_DECLS
