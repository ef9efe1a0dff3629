/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trusted certificates file: what is stored, how servers and
 * fingerprints are written, and files that cannot be used. */

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pupitre-known-servers.h"
#include "test-certificate.h"

#define FINGERPRINT_A "09:D7:00:64:65:7A:B0:F3:AD:C1:06:57:77:9E:E6:51:" \
                      "B0:D1:C9:81:A7:60:10:CC:F6:F8:6B:94:F9:7D:38:7A"
#define FINGERPRINT_B "5F:31:E4:D6:87:1A:25:08:98:8D:F5:21:CE:A5:24:93:" \
                      "82:C8:97:A2:4B:E9:C0:16:5A:BC:03:0E:C6:B3:41:37"

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static void
test_default_path (void)
{
  g_autoptr(PupitreKnownServers) known = pupitre_known_servers_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "pupitre",
                                                "known-servers", NULL);

  g_assert_cmpstr (pupitre_known_servers_get_path (known), ==, expected);
}

static void
test_remember_lookup_forget (void)
{
  g_autoptr(PupitreKnownServers) known = pupitre_known_servers_new (NULL);
  g_autoptr(PupitreKnownServers) other = pupitre_known_servers_new (NULL);
  const char *path = pupitre_known_servers_get_path (known);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *stored = NULL;

  /* No file yet: nothing is known, and that is no error. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  found = pupitre_known_servers_lookup (known, "192.168.1.10:50026", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* Stored in upper case with colons, whatever form it came in; the
   * directory is made. */
  g_assert_true (pupitre_known_servers_remember (known, "192.168.1.10:50026",
                                                 "09d70064657ab0f3adc10657779ee651"
                                                 "b0d1c981a76010ccf6f86b94f97d387a", &error));
  g_assert_no_error (error);
  g_assert_true (pupitre_known_servers_remember (known, "quiz.example.org:50026",
                                                 FINGERPRINT_B, &error));
  g_assert_no_error (error);

  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  stored = g_key_file_get_string (file, "192.168.1.10:50026", "fingerprint", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, FINGERPRINT_A);

  /* Another object (the other client) reads the same file. */
  found = pupitre_known_servers_lookup (other, "192.168.1.10:50026", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, FINGERPRINT_A);
  g_clear_pointer (&found, g_free);

  /* Replaced, the other server kept. */
  g_assert_true (pupitre_known_servers_remember (other, "192.168.1.10:50026",
                                                 FINGERPRINT_B, &error));
  g_assert_no_error (error);
  found = pupitre_known_servers_lookup (known, "192.168.1.10:50026", &error);
  g_assert_cmpstr (found, ==, FINGERPRINT_B);
  g_clear_pointer (&found, g_free);
  found = pupitre_known_servers_lookup (known, "quiz.example.org:50026", &error);
  g_assert_cmpstr (found, ==, FINGERPRINT_B);
  g_clear_pointer (&found, g_free);

  /* Forgotten; forgetting an unknown server is no error. */
  g_assert_true (pupitre_known_servers_forget (known, "192.168.1.10:50026", &error));
  g_assert_no_error (error);
  g_assert_true (pupitre_known_servers_forget (known, "192.168.1.10:50026", &error));
  g_assert_no_error (error);
  found = pupitre_known_servers_lookup (known, "192.168.1.10:50026", &error);
  g_assert_no_error (error);
  g_assert_null (found);
  found = pupitre_known_servers_lookup (known, "quiz.example.org:50026", &error);
  g_assert_cmpstr (found, ==, FINGERPRINT_B);
}

static void
test_refuses_bad_input (void)
{
  g_autoptr(PupitreKnownServers) known = pupitre_known_servers_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  g_assert_false (pupitre_known_servers_remember (known, "[::1]:50026", FINGERPRINT_A, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (pupitre_known_servers_remember (known, "evil\n[x]:1", FINGERPRINT_A, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (pupitre_known_servers_remember (known, "localhost:50026", "AB:CD", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  found = pupitre_known_servers_lookup (known, "", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (found);
  g_clear_error (&error);

  /* Nothing was written. */
  g_assert_false (g_file_test (pupitre_known_servers_get_path (known), G_FILE_TEST_EXISTS));
}

static void
test_unreadable_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "broken", NULL);
  g_autoptr(PupitreKnownServers) known = pupitre_known_servers_new (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpstr (pupitre_known_servers_get_path (known), ==, path);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);

  /* Not a key file: neither read as empty nor overwritten. */
  g_file_set_contents (path, "fingerprint without a group\n", -1, &error);
  g_assert_no_error (error);
  found = pupitre_known_servers_lookup (known, "localhost:50026", &error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (found);
  g_clear_error (&error);
  g_assert_false (pupitre_known_servers_remember (known, "localhost:50026", FINGERPRINT_A,
                                                  &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "fingerprint without a group\n");
  g_clear_pointer (&contents, g_free);

  /* A fingerprint edited into something else is said, not ignored. */
  g_file_set_contents (path, "[localhost:50026]\nfingerprint=12:34\n", -1, &error);
  g_assert_no_error (error);
  found = pupitre_known_servers_lookup (known, "localhost:50026", &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_null (found);
}

static void
test_format_key (void)
{
  const struct {
    const char *host;
    guint port;
    const char *key;
  } cases[] = {
    { "192.168.1.10", 50026, "192.168.1.10:50026" },
    { "Quiz.Example.ORG", 443, "quiz.example.org:443" },
    { "[::1]", 50026, "::1:50026" },
    { "::1", 50026, "::1:50026" },
    { "École.example", 1, "école.example:1" },
    { "a[b", 1, NULL },
    { "a\tb", 1, NULL },
    { "", 1, NULL },
    { "[]", 1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = pupitre_known_servers_format_key (cases[i].host, cases[i].port);

      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

static void
test_normalize_fingerprint (void)
{
  const struct {
    const char *text;
    const char *normalized;
  } cases[] = {
    { FINGERPRINT_A, FINGERPRINT_A },
    { "09:d7:00:64:65:7a:b0:f3:ad:c1:06:57:77:9e:e6:51:"
      "b0:d1:c9:81:a7:60:10:cc:f6:f8:6b:94:f9:7d:38:7a", FINGERPRINT_A },
    { "09D70064657AB0F3ADC10657779EE651B0D1C981A76010CCF6F86B94F97D387A", FINGERPRINT_A },
    { "", NULL },
    { "09:D7", NULL },
    { FINGERPRINT_A ":00", NULL },
    { ":" FINGERPRINT_A, NULL },
    { FINGERPRINT_A ":", NULL },
    { "0:9D:70", NULL },
    { "09::D7:00:64:65:7A:B0:F3:AD:C1:06:57:77:9E:E6:51:"
      "B0:D1:C9:81:A7:60:10:CC:F6:F8:6B:94:F9:7D:38:7A", NULL },
    { "G9:D7:00:64:65:7A:B0:F3:AD:C1:06:57:77:9E:E6:51:"
      "B0:D1:C9:81:A7:60:10:CC:F6:F8:6B:94:F9:7D:38:7A", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = pupitre_fingerprint_normalize (cases[i].text);

      g_assert_cmpstr (normalized, ==, cases[i].normalized);
    }
}

static void
test_certificate_fingerprint (void)
{
  g_autoptr(TestCertificate) made = test_certificate_new ();
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;

  if (made == NULL)
    return;

  certificate = g_tls_certificate_new_from_file (made->certificate, &error);
  g_assert_no_error (error);

  fingerprint = pupitre_certificate_get_fingerprint (certificate);
  g_assert_cmpstr (fingerprint, ==, made->fingerprint);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/known-servers/path/under-user-config", test_default_path);
  g_test_add_func ("/known-servers/store/remember-lookup-forget", test_remember_lookup_forget);
  g_test_add_func ("/known-servers/store/refuses-bad-input", test_refuses_bad_input);
  g_test_add_func ("/known-servers/store/unreadable-file-is-an-error", test_unreadable_file);
  g_test_add_func ("/known-servers/key/host-and-port", test_format_key);
  g_test_add_func ("/known-servers/fingerprint/normalized", test_normalize_fingerprint);
  g_test_add_func ("/known-servers/fingerprint/matches-openssl", test_certificate_fingerprint);

  return g_test_run ();
}
