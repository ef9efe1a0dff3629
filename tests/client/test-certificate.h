/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the TLS tests: a self-signed certificate made by openssl for the
 * test, its fingerprint as openssl computes it, and a list of trusted
 * certificates of the tests' own. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *directory;         /* removed with the certificate */
  char *certificate;       /* PEM files in it */
  char *key;
  char *fingerprint;       /* "AA:BB:…", from `openssl x509 -fingerprint -sha256` */
} TestCertificate;

/* A new EC key and a certificate for CN=localhost valid one day. NULL, and
 * the test skipped, when openssl is not installed. */
TestCertificate *test_certificate_new  (void);
void             test_certificate_free (TestCertificate *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestCertificate, test_certificate_free)

/* Points XDG_CONFIG_HOME at a new directory, so that the tests' trusted
 * certificates are not the user's; call it before anything reads
 * g_get_user_config_dir(). Returns the directory for
 * test_private_config_remove(). (GLib's G_TEST_OPTION_ISOLATE_DIRS would
 * also hide the GSettings schemas GIO's proxy resolver needs.) */
char            *test_private_config_new    (void);
void             test_private_config_remove (const char *directory);

/* Every test starts from an empty list of trusted certificates. */
void             test_forget_trusted_certificates (void);

G_END_DECLS
