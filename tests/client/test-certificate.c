/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Self-signed certificates for the TLS tests, made at test time: GLib
 * cannot make one, and a certificate shipped with the tests would expire. */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "test-certificate.h"

static char *
run_openssl (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *standard_error = NULL;
  char *standard_output = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &standard_output, &standard_error, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("openssl: %s", standard_error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return standard_output;
}

TestCertificate *
test_certificate_new (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *printed = NULL;
  g_autoptr(GError) error = NULL;
  TestCertificate *self;
  const char *equals;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return NULL;
    }

  self = g_new0 (TestCertificate, 1);
  self->directory = g_dir_make_tmp ("pupitre-tls-XXXXXX", &error);
  g_assert_no_error (error);
  self->certificate = g_build_filename (self->directory, "certificate.pem", NULL);
  self->key = g_build_filename (self->directory, "key.pem", NULL);

  g_free (run_openssl ((const char * const []) {
    openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-days", "1", "-subj", "/CN=localhost",
    "-keyout", self->key, "-out", self->certificate, NULL }));

  /* "sha256 Fingerprint=AA:BB:…" (OpenSSL 3) or "SHA256 Fingerprint=…". */
  printed = run_openssl ((const char * const []) {
    openssl, "x509", "-in", self->certificate, "-noout", "-fingerprint", "-sha256", NULL });
  equals = strchr (printed, '=');
  g_assert_nonnull (equals);
  self->fingerprint = g_strstrip (g_ascii_strup (equals + 1, -1));
  g_assert_cmpuint (strlen (self->fingerprint), ==, 32 * 3 - 1);

  return self;
}

void
test_certificate_free (TestCertificate *self)
{
  if (self == NULL)
    return;

  g_unlink (self->certificate);
  g_unlink (self->key);
  g_rmdir (self->directory);
  g_free (self->certificate);
  g_free (self->key);
  g_free (self->directory);
  g_free (self->fingerprint);
  g_free (self);
}

char *
test_private_config_new (void)
{
  g_autoptr(GError) error = NULL;
  char *directory;

  directory = g_dir_make_tmp ("pupitre-config-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", directory, TRUE);
  /* The seats' tokens too (tokens.ini in the state directory). */
  g_setenv ("XDG_STATE_HOME", directory, TRUE);

  return directory;
}

static char *
known_servers_path (const char *config)
{
  return g_build_filename (config, "pupitre", "known-servers", NULL);
}

void
test_forget_trusted_certificates (void)
{
  g_autofree char *path = known_servers_path (g_get_user_config_dir ());

  g_unlink (path);
}

void
test_private_config_remove (const char *directory)
{
  g_autofree char *path = known_servers_path (directory);
  g_autofree char *folder = g_path_get_dirname (path);

  g_autofree char *tokens = g_build_filename (folder, "tokens.ini", NULL);

  g_unlink (path);
  g_unlink (tokens);
  g_rmdir (folder);
  g_rmdir (directory);
}
