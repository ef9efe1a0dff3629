/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tokens kept on disk: kept per kind, server and game, found again by
 * a new store on the same file, forgotten one by one. */
#include "config.h"

#include <glib/gstdio.h>

#include "pupitre-token-store.h"
#include "pupitre-test-files.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("pupitre-tokens-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->path = g_build_filename (fixture->dir, "state", "tokens.ini", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pupitre_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
test_save_and_lookup (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PupitreTokenStore) store = pupitre_token_store_new (fixture->path);
  g_autoptr(PupitreTokenStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *name = NULL;
  GStatBuf st;

  g_assert_null (pupitre_token_store_lookup (store, PUPITRE_TOKEN_PLAYER, "school:50026", "main", NULL));
  g_assert_true (pupitre_token_store_save (store, PUPITRE_TOKEN_PLAYER, "school:50026", "main",
                                           "Élodie", "0123456789abcdef0123456789abcdef", &error));
  g_assert_no_error (error);
  g_assert_true (pupitre_token_store_save (store, PUPITRE_TOKEN_HOST, "school:50026", "K7RT4Q",
                                           "Mme Martin", "fedcba9876543210fedcba9876543210", &error));
  g_assert_no_error (error);

  /* Only its owner may read the tokens: anyone who has one takes the seat. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  again = pupitre_token_store_new (fixture->path);
  token = pupitre_token_store_lookup (again, PUPITRE_TOKEN_PLAYER, "school:50026", "main", &name);
  g_assert_cmpstr (token, ==, "0123456789abcdef0123456789abcdef");
  g_assert_cmpstr (name, ==, "Élodie");
  g_clear_pointer (&token, g_free);

  /* Kind, server and game each keep their own token. */
  g_assert_null (pupitre_token_store_lookup (again, PUPITRE_TOKEN_HOST, "school:50026", "main", NULL));
  g_assert_null (pupitre_token_store_lookup (again, PUPITRE_TOKEN_PLAYER, "school:50027", "main", NULL));
  token = pupitre_token_store_lookup (again, PUPITRE_TOKEN_HOST, "school:50026", "K7RT4Q", NULL);
  g_assert_cmpstr (token, ==, "fedcba9876543210fedcba9876543210");
}

static void
test_forget (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PupitreTokenStore) store = pupitre_token_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;

  g_assert_true (pupitre_token_store_forget (store, PUPITRE_TOKEN_PLAYER, "s:1", "main", &error));
  g_assert_no_error (error);
  g_assert_true (pupitre_token_store_save (store, PUPITRE_TOKEN_PLAYER, "s:1", "main", "A", "aa", &error));
  g_assert_true (pupitre_token_store_save (store, PUPITRE_TOKEN_PLAYER, "s:1", "GAME22", "A", "bb", &error));
  g_assert_true (pupitre_token_store_forget (store, PUPITRE_TOKEN_PLAYER, "s:1", "main", &error));
  g_assert_no_error (error);
  g_assert_null (pupitre_token_store_lookup (store, PUPITRE_TOKEN_PLAYER, "s:1", "main", NULL));
  left = pupitre_token_store_lookup (store, PUPITRE_TOKEN_PLAYER, "s:1", "GAME22", NULL);
  g_assert_cmpstr (left, ==, "bb");
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(PupitreTokenStore) store = pupitre_token_store_new (fixture->path);
  g_auto(GStrv) codes = NULL;

  g_assert_true (pupitre_token_store_save (store, PUPITRE_TOKEN_HOST, "s:1", "AAAAAA", "T", "a1", NULL));
  g_assert_true (pupitre_token_store_save (store, PUPITRE_TOKEN_HOST, "s:1", "BBBBBB", "T", "b1", NULL));
  g_assert_true (pupitre_token_store_save (store, PUPITRE_TOKEN_HOST, "s:2", "CCCCCC", "T", "c1", NULL));
  g_assert_true (pupitre_token_store_save (store, PUPITRE_TOKEN_PLAYER, "s:1", "DDDDDD", "T", "d1", NULL));

  codes = pupitre_token_store_list (store, PUPITRE_TOKEN_HOST, "s:1");
  g_assert_cmpuint (g_strv_length (codes), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) codes, "AAAAAA"));
  g_assert_true (g_strv_contains ((const char * const *) codes, "BBBBBB"));
}

static void
test_damaged_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PupitreTokenStore) store = pupitre_token_store_new (fixture->path);
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, "[unterminated\n\x01\x02", -1, NULL));
  g_assert_null (pupitre_token_store_lookup (store, PUPITRE_TOKEN_PLAYER, "s:1", "main", NULL));
  g_assert_true (pupitre_token_store_save (store, PUPITRE_TOKEN_PLAYER, "s:1", "main", "A", "aa", &error));
  g_assert_no_error (error);
  token = pupitre_token_store_lookup (store, PUPITRE_TOKEN_PLAYER, "s:1", "main", NULL);
  g_assert_cmpstr (token, ==, "aa");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/token-store/save-and-lookup", Fixture, NULL, fixture_set_up, test_save_and_lookup, fixture_tear_down);
  g_test_add ("/token-store/forget", Fixture, NULL, fixture_set_up, test_forget, fixture_tear_down);
  g_test_add ("/token-store/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/token-store/damaged-file", Fixture, NULL, fixture_set_up, test_damaged_file, fixture_tear_down);

  return g_test_run ();
}
