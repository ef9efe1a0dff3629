/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Game codes: six letters and digits a class reads off a projector. */

#include "config.h"

#include "pupitre-game-code.h"
#include "pupitre-token.h"

#define ALPHABET_SIZE (sizeof PUPITRE_GAME_CODE_ALPHABET - 1)
/* The largest multiple of the alphabet's size a byte can hold: a byte
 * below it, taken modulo the size, gives every character the same
 * chance; a byte above it is drawn again. */
#define ACCEPT_BELOW  (256 / ALPHABET_SIZE * ALPHABET_SIZE)

G_STATIC_ASSERT (ALPHABET_SIZE == 31);

char *
pupitre_game_code_new (void)
{
  char code[PUPITRE_GAME_CODE_LENGTH + 1];
  guint n = 0;

  while (n < PUPITRE_GAME_CODE_LENGTH)
    {
      /* 8 of 256 bytes are refused: 16 nearly always give 6 characters. */
      guint8 bytes[16];

      pupitre_token_fill_random (bytes, sizeof bytes);
      for (gsize i = 0; i < sizeof bytes && n < PUPITRE_GAME_CODE_LENGTH; i++)
        if (bytes[i] < ACCEPT_BELOW)
          code[n++] = PUPITRE_GAME_CODE_ALPHABET[bytes[i] % ALPHABET_SIZE];
    }
  code[n] = '\0';
  return g_strdup (code);
}

char *
pupitre_game_code_normalize (const char *code)
{
  GString *normal;

  g_return_val_if_fail (code != NULL, NULL);

  normal = g_string_sized_new (strlen (code));
  for (const char *p = code; *p != '\0'; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (normal, g_ascii_toupper (*p));
  return g_string_free (normal, FALSE);
}

char *
pupitre_game_code_new_on_node (const char *node)
{
  g_autofree char *code = pupitre_game_code_new ();

  g_return_val_if_fail (node == NULL || pupitre_node_name_is_valid (node), NULL);

  if (node == NULL)
    return g_steal_pointer (&code);
  return g_strconcat (node, code, NULL);
}

gboolean
pupitre_node_name_is_valid (const char *node)
{
  if (node == NULL || strlen (node) != PUPITRE_NODE_NAME_LENGTH)
    return FALSE;
  for (const char *p = node; *p != '\0'; p++)
    if (strchr (PUPITRE_GAME_CODE_ALPHABET, *p) == NULL)
      return FALSE;
  return TRUE;
}
