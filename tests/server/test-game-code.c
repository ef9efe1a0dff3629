/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Game codes: their alphabet, their length, how a typed code is read. */

#include "config.h"

#include "pupitre-game-code.h"
#include "pupitre-token.h"

#define DRAWS 10000

/* None of the characters a class confuses. */
static void
test_alphabet (void)
{
  const char *alphabet = PUPITRE_GAME_CODE_ALPHABET;

  g_assert_cmpuint (strlen (alphabet), ==, 31);
  for (const char *confusing = "0O1IL"; *confusing != '\0'; confusing++)
    g_assert_null (strchr (alphabet, *confusing));
  for (const char *p = alphabet; *p != '\0'; p++)
    {
      g_assert_true (g_ascii_isupper (*p) || g_ascii_isdigit (*p));
      g_assert_null (strchr (p + 1, *p));
    }
}

/* 10,000 codes: six characters each, all from the alphabet, and every
 * character of it drawn (each is expected about 1,900 times: missing one
 * by chance has a probability below 1e-800). */
static void
test_draws (void)
{
  guint seen[256] = { 0 };

  for (guint i = 0; i < DRAWS; i++)
    {
      g_autofree char *code = pupitre_game_code_new ();

      g_assert_cmpuint (strlen (code), ==, PUPITRE_GAME_CODE_LENGTH);
      for (const char *p = code; *p != '\0'; p++)
        {
          g_assert_nonnull (strchr (PUPITRE_GAME_CODE_ALPHABET, *p));
          seen[(guint8) *p]++;
        }
    }
  for (const char *p = PUPITRE_GAME_CODE_ALPHABET; *p != '\0'; p++)
    {
      g_test_message ("%c drawn %u times", *p, seen[(guint8) *p]);
      g_assert_cmpuint (seen[(guint8) *p], >, 0);
    }
}

static void
test_normalize (void)
{
  static const struct
  {
    const char *typed;
    const char *normal;
  } cases[] = {
    { "K7RT4Q", "K7RT4Q" },
    { "k7rt4q", "K7RT4Q" },
    { "k7r-t4q", "K7RT4Q" },
    { "K7R T4Q", "K7RT4Q" },
    { " k-7 r-t 4q- ", "K7RT4Q" },
    { "---", "" },
    { "", "" },
    /* Not a code's character: kept, so that the lookup fails. */
    { "k7r_t4q", "K7R_T4Q" },
    { "main", "MAIN" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = pupitre_game_code_normalize (cases[i].typed);

      g_assert_cmpstr (normal, ==, cases[i].normal);
    }
}

/* A drawn code is already in the form the registry keys. */
static void
test_drawn_is_normal (void)
{
  g_autofree char *code = pupitre_game_code_new ();
  g_autofree char *normal = pupitre_game_code_normalize (code);

  g_assert_cmpstr (code, ==, normal);
}

/* A node's codes start with its name and stay in the registry's form;
 * without a node they are six characters as before. */
static void
test_node (void)
{
  g_autofree char *plain = pupitre_game_code_new_on_node (NULL);
  g_autofree char *code = pupitre_game_code_new_on_node ("K7");
  g_autofree char *normal = pupitre_game_code_normalize (code);
  g_autofree char *token = pupitre_token_new_on_node ("K7");

  g_assert_cmpuint (strlen (plain), ==, PUPITRE_GAME_CODE_LENGTH);
  g_assert_cmpuint (strlen (code), ==, PUPITRE_NODE_NAME_LENGTH + PUPITRE_GAME_CODE_LENGTH);
  g_assert_true (g_str_has_prefix (code, "K7"));
  g_assert_cmpstr (code, ==, normal);
  g_assert_true (g_str_has_prefix (token, "K7-"));
  g_assert_cmpuint (strlen (token), ==, 3 + 32);

  g_assert_true (pupitre_node_name_is_valid ("A2"));
  g_assert_false (pupitre_node_name_is_valid ("a2"));
  g_assert_false (pupitre_node_name_is_valid ("A0"));
  g_assert_false (pupitre_node_name_is_valid ("A"));
  g_assert_false (pupitre_node_name_is_valid ("A23"));
  g_assert_false (pupitre_node_name_is_valid (""));
  g_assert_false (pupitre_node_name_is_valid (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/game-code/alphabet", test_alphabet);
  g_test_add_func ("/game-code/draws", test_draws);
  g_test_add_func ("/game-code/normalize", test_normalize);
  g_test_add_func ("/game-code/drawn-is-normal", test_drawn_is_normal);
  g_test_add_func ("/game-code/node", test_node);

  return g_test_run ();
}
