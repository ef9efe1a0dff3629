/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A certificate's fingerprint as people compare it, for the server's log
 * and the clients' trust on first use. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The SHA-256 of @certificate's DER form, as 32 hexadecimal pairs in upper
 * case joined by colons, as `openssl x509 -fingerprint -sha256` shows it. */
char *pupitre_certificate_get_fingerprint (GTlsCertificate *certificate);

G_END_DECLS
