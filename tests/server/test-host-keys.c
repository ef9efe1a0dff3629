/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The host-keys file: what it accepts, what it refuses and where, the
 * check of a key, and a key added then accepted. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "pupitre-host-keys.h"
#include "pupitre-test-files.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pupitre-host-keys-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "host-keys", NULL);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_true (pupitre_test_remove_tree (fixture->dir));
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
write_keys (Fixture    *fixture,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->path, text, -1, &error);
  g_assert_no_error (error);
}

static char *
line_for (const char *name,
          const char *key)
{
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_strdup_printf ("%s %s\n", name, hex);
}

/* Comments, blank lines, tabs and several spaces: two teachers. */
static void
test_load_good (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *martin = line_for ("mme.martin", "first-secret-key-of-26-chars");
  g_autofree char *durand = line_for ("j-durand_2@lycee", "second-secret-key-26-chars");
  g_autofree char *text = NULL;
  g_autoptr(PupitreHostKeys) keys = NULL;
  g_autoptr(GError) error = NULL;

  /* Several spaces and a tab between the fields, a comment at the end. */
  g_autofree char *spaced = g_strdelimit (g_strdup (durand), " ", '\t');

  g_strchomp (spaced);
  text = g_strconcat ("# Teachers who may host\n\n", martin, "   \n",
                      "  ", spaced, "   # science\n", NULL);
  write_keys (fixture, text);

  keys = pupitre_host_keys_load (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pupitre_host_keys_get_n (keys), ==, 2);
  g_assert_cmpstr (pupitre_host_keys_check (keys, "first-secret-key-of-26-chars"), ==, "mme.martin");
  g_assert_cmpstr (pupitre_host_keys_check (keys, "second-secret-key-26-chars"), ==, "j-durand_2@lycee");
}

static void
test_load_empty (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PupitreHostKeys) keys = NULL;
  g_autoptr(PupitreHostKeys) none = pupitre_host_keys_new ();
  g_autoptr(GError) error = NULL;

  write_keys (fixture, "# nobody yet\n");
  keys = pupitre_host_keys_load (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pupitre_host_keys_get_n (keys), ==, 0);
  g_assert_null (pupitre_host_keys_check (keys, "anything"));
  g_assert_cmpuint (pupitre_host_keys_get_n (none), ==, 0);
  g_assert_null (pupitre_host_keys_check (none, "anything"));
}

/* Each bad line is refused with the file and its number. */
static void
test_load_bad (Fixture       *fixture,
               gconstpointer  data)
{
  static const char good_hex[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static const char upper_hex[] = "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef";
  g_autofree char *no_hash = g_strdup ("mme.martin");
  g_autofree char *three = g_strdup_printf ("mme.martin %s extra", good_hex);
  g_autofree char *short_hash = g_strdup ("mme.martin 0123456789abcdef");
  g_autofree char *upper = g_strdup_printf ("mme.martin %s", upper_hex);
  g_autofree char *bad_name = g_strdup_printf ("mme/martin %s", good_hex);
  g_autofree char *accent = g_strdup_printf ("mme.lefèvre %s", good_hex);
  g_autofree char *twice = g_strdup_printf ("mme.martin %s\nmme.martin %s", good_hex, good_hex);
  const char *cases[] = { no_hash, three, short_hash, upper, bad_name, accent };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("# teachers\n\n%s\n", cases[i]);
      g_autofree char *expected = g_strdup_printf ("%s:3: ", fixture->path);
      g_autoptr(PupitreHostKeys) keys = NULL;
      g_autoptr(GError) error = NULL;

      write_keys (fixture, text);
      keys = pupitre_host_keys_load (fixture->path, &error);
      g_assert_null (keys);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_test_message ("%s → %s", cases[i], error->message);
      g_assert_true (g_str_has_prefix (error->message, expected));
      g_assert_cmpuint (strlen (error->message), >, strlen (expected));
    }

  {
    g_autofree char *text = g_strdup_printf ("# teachers\n%s\n", twice);
    g_autofree char *expected = g_strdup_printf ("%s:3: ", fixture->path);
    g_autoptr(PupitreHostKeys) keys = NULL;
    g_autoptr(GError) error = NULL;

    write_keys (fixture, text);
    keys = pupitre_host_keys_load (fixture->path, &error);
    g_assert_null (keys);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_true (g_str_has_prefix (error->message, expected));
    g_assert_nonnull (strstr (error->message, "mme.martin"));
  }
}

static void
test_load_missing (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PupitreHostKeys) keys = NULL;
  g_autoptr(GError) error = NULL;

  keys = pupitre_host_keys_load (fixture->path, &error);
  g_assert_null (keys);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* A key that differs by one character, one in upper case, a prefix, the
 * hash itself and nothing at all are all wrong. */
static void
test_check_wrong (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *key = "right-key-abcdefghijklmnop";
  g_autofree char *line = line_for ("mme.martin", key);
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autoptr(PupitreHostKeys) keys = NULL;
  g_autoptr(GError) error = NULL;

  write_keys (fixture, line);
  keys = pupitre_host_keys_load (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (pupitre_host_keys_check (keys, key), ==, "mme.martin");
  g_assert_null (pupitre_host_keys_check (keys, "right-key-abcdefghijklmnoq"));
  g_assert_null (pupitre_host_keys_check (keys, "RIGHT-KEY-ABCDEFGHIJKLMNOP"));
  g_assert_null (pupitre_host_keys_check (keys, "right-key"));
  g_assert_null (pupitre_host_keys_check (keys, hex));
  g_assert_null (pupitre_host_keys_check (keys, ""));
  g_assert_null (pupitre_host_keys_check (keys, NULL));
}

/* Keys added to a missing file, then to the same one: each is accepted
 * for its own teacher, the file is the owner's alone, a name is refused
 * twice and a bad one never. */
static void
test_add_then_check (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = pupitre_host_keys_add (fixture->path, "mme.martin", &error);
  g_autofree char *second = NULL;
  g_autofree char *again = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(PupitreHostKeys) keys = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpuint (strlen (first), >=, 26);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  second = pupitre_host_keys_add (fixture->path, "m.durand@lycee", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);

  again = pupitre_host_keys_add (fixture->path, "mme.martin", &error);
  g_assert_null (again);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  bad = pupitre_host_keys_add (fixture->path, "mme martin", &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The keys themselves are never in the file. */
  g_file_get_contents (fixture->path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (contents, first));
  g_assert_null (strstr (contents, second));

  keys = pupitre_host_keys_load (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pupitre_host_keys_get_n (keys), ==, 2);
  g_assert_cmpstr (pupitre_host_keys_check (keys, first), ==, "mme.martin");
  g_assert_cmpstr (pupitre_host_keys_check (keys, second), ==, "m.durand@lycee");
}

/* A file without a final newline, with comments: the line goes on a
 * line of its own and the comments stay. */
static void
test_add_keeps_the_file (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *martin = line_for ("mme.martin", "the-key-of-mme-martin-here");
  g_autofree char *text = g_strconcat ("# Teachers\n", martin, "# last line, no newline", NULL);
  g_autofree char *key = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(PupitreHostKeys) keys = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  write_keys (fixture, text);
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  key = pupitre_host_keys_add (fixture->path, "durand", &error);
  g_assert_no_error (error);

  g_file_get_contents (fixture->path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, text));
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  keys = pupitre_host_keys_load (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pupitre_host_keys_check (keys, "the-key-of-mme-martin-here"), ==, "mme.martin");
  g_assert_cmpstr (pupitre_host_keys_check (keys, key), ==, "durand");
}

/* A key is not added to a file the server would refuse. */
static void
test_add_refuses_a_bad_file (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *key = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = g_strdup_printf ("%s:2: ", fixture->path);
  g_autoptr(GError) error = NULL;

  write_keys (fixture, "# Teachers\nmme.martin not-a-hash\n");
  key = pupitre_host_keys_add (fixture->path, "durand", &error);
  g_assert_null (key);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  g_file_get_contents (fixture->path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "# Teachers\nmme.martin not-a-hash\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/host-keys/load/good", Fixture, NULL, setup, test_load_good, teardown);
  g_test_add ("/host-keys/load/empty", Fixture, NULL, setup, test_load_empty, teardown);
  g_test_add ("/host-keys/load/bad-lines", Fixture, NULL, setup, test_load_bad, teardown);
  g_test_add ("/host-keys/load/missing", Fixture, NULL, setup, test_load_missing, teardown);
  g_test_add ("/host-keys/check/wrong", Fixture, NULL, setup, test_check_wrong, teardown);
  g_test_add ("/host-keys/add/then-check", Fixture, NULL, setup, test_add_then_check, teardown);
  g_test_add ("/host-keys/add/keeps-the-file", Fixture, NULL, setup,
              test_add_keeps_the_file, teardown);
  g_test_add ("/host-keys/add/refuses-a-bad-file", Fixture, NULL, setup,
              test_add_refuses_a_bad_file, teardown);

  return g_test_run ();
}
