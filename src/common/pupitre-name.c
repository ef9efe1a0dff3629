/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The contract's rules for player names: trimming, checking, and a key for comparing them. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-error.h"
#include "pupitre-name.h"
#include "pupitre-protocol.h"

char *
pupitre_utf8_strip (const char *str)
{
  const char *start;
  const char *end;

  g_return_val_if_fail (str != NULL, NULL);

  start = str;
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

/* Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt,
 * Unicode 15): characters a renderer draws as nothing, so that
 * "Al\u200bice" would look like "Alice". U+2800 (Braille blank) is not in
 * the list but draws as nothing too. */
static const struct
{
  gunichar first;
  gunichar last;
} invisible_ranges[] = {
  { 0x00AD, 0x00AD },    /* soft hyphen */
  { 0x034F, 0x034F },    /* combining grapheme joiner */
  { 0x061C, 0x061C },    /* Arabic letter mark */
  { 0x115F, 0x1160 },    /* Hangul fillers */
  { 0x17B4, 0x17B5 },    /* Khmer inherent vowels */
  { 0x180B, 0x180F },    /* Mongolian variation selectors, vowel separator */
  { 0x200B, 0x200F },    /* zero-width space, joiners, directional marks */
  { 0x202A, 0x202E },    /* bidirectional embeddings and overrides */
  { 0x2060, 0x206F },    /* word joiner, invisible operators, isolates */
  { 0x2800, 0x2800 },    /* Braille pattern blank */
  { 0x3164, 0x3164 },    /* Hangul filler */
  { 0xFE00, 0xFE0F },    /* variation selectors */
  { 0xFEFF, 0xFEFF },    /* zero-width no-break space (byte order mark) */
  { 0xFFA0, 0xFFA0 },    /* halfwidth Hangul filler */
  { 0xFFF0, 0xFFF8 },    /* unassigned specials */
  { 0x1BCA0, 0x1BCA3 },  /* shorthand format controls */
  { 0x1D173, 0x1D17A },  /* musical symbol format controls */
  { 0xE0000, 0xE0FFF },  /* tags, variation selectors supplement */
};

static gboolean
is_invisible (gunichar c)
{
  for (gsize i = 0; i < G_N_ELEMENTS (invisible_ranges); i++)
    if (c >= invisible_ranges[i].first && c <= invisible_ranges[i].last)
      return TRUE;
  return g_unichar_type (c) == G_UNICODE_FORMAT;
}

static gboolean
is_emoji_part (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  /* Emoji are other symbols; skin tones are modifier symbols. */
  return c != 0x2800 && (type == G_UNICODE_OTHER_SYMBOL || type == G_UNICODE_MODIFIER_SYMBOL);
}

/* Emoji sequences need two invisible characters: a zero-width joiner
 * between two emoji ("👩‍💻"), and the emoji variation selector after one
 * ("❤️"). Next to a letter they would only hide. */
static gboolean
is_emoji_glue (gunichar prev,
               gunichar c,
               gunichar next)
{
  if (c == 0x200D)
    return is_emoji_part (prev) && is_emoji_part (next);
  if (c == 0xFE0E || c == 0xFE0F)
    return is_emoji_part (prev);
  return FALSE;
}

/* Every space separator (no-break, ideographic, thin…) becomes one plain
 * space, and a run of them one space: "Jean\u00a0Paul" is "Jean Paul". */
static char *
collapse_spaces (const char *str)
{
  GString *out = g_string_sized_new (strlen (str));
  gboolean in_space = FALSE;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        {
          if (!in_space)
            g_string_append_c (out, ' ');
          in_space = TRUE;
          continue;
        }
      in_space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Checks @name's characters: the name's error, or TRUE. */
static gboolean
check_characters (const char  *name,
                  GError     **error)
{
  gunichar prev = 0;
  gboolean visible = FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar next = g_utf8_get_char (g_utf8_next_char (p));

      switch (g_unichar_type (c))
        {
        case G_UNICODE_CONTROL:
        case G_UNICODE_LINE_SEPARATOR:
        case G_UNICODE_PARAGRAPH_SEPARATOR:
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                               _("The name contains a control character."));
          return FALSE;

        default:
          break;
        }

      /* Bidirectional overrides would also let a name reorder the text
       * shown after it. */
      if (is_invisible (c) && !is_emoji_glue (prev, c, next))
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                               _("The name contains an invisible character."));
          return FALSE;
        }

      if (g_unichar_isalnum (c) || is_emoji_part (c))
        visible = TRUE;
      prev = c;
    }

  /* Combining marks, punctuation or blanks alone show no one. */
  if (!visible)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                           _("The name has no letter or digit."));
      return FALSE;
    }
  return TRUE;
}

char *
pupitre_name_normalize (const char  *raw,
                        GError     **error)
{
  g_autofree char *spaced = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *name = NULL;
  glong n_chars;

  if (raw == NULL || !g_utf8_validate (raw, -1, NULL))
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                           _("The name is not valid text."));
      return NULL;
    }

  spaced = collapse_spaces (raw);
  stripped = pupitre_utf8_strip (spaced);
  /* Composed form: “é” typed either way is one character and one name. */
  name = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFC);
  if (name == NULL)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                           _("The name is not valid text."));
      return NULL;
    }

  n_chars = g_utf8_strlen (name, -1);
  if (n_chars < 1)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                           _("The name is empty."));
      return NULL;
    }
  if (n_chars > PUPITRE_MAX_NAME_CHARS)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                   _("The name is longer than %d characters."),
                   PUPITRE_MAX_NAME_CHARS);
      return NULL;
    }

  if (!check_characters (name, error))
    return NULL;

  return g_steal_pointer (&name);
}

char *
pupitre_name_collate_key (const char *name)
{
  g_autofree char *composed = NULL;
  g_autofree char *folded = NULL;
  char *key;

  g_return_val_if_fail (name != NULL, NULL);

  composed = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  if (composed == NULL)
    return g_strdup (name);

  folded = g_utf8_casefold (composed, -1);
  /* Case folding may decompose (“ǰ”): compose again so that equal names
   * give equal keys. */
  key = g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);

  return key != NULL ? key : g_steal_pointer (&folded);
}
