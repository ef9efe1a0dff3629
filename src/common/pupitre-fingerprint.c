/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A certificate's SHA-256 fingerprint in the form openssl prints. */

#include "config.h"

#include "pupitre-fingerprint.h"

#define SHA256_LENGTH 32

char *
pupitre_certificate_get_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *out;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  g_return_val_if_fail (der != NULL, NULL);

  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  out = g_string_sized_new (SHA256_LENGTH * 3);
  for (guint i = 0; hex[i] != '\0'; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (hex[i]));
      g_string_append_c (out, g_ascii_toupper (hex[i + 1]));
    }

  return g_string_free (out, FALSE);
}
