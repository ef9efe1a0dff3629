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

static gboolean
is_forbidden_in_name (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;

    case G_UNICODE_FORMAT:
      /* Bidirectional overrides and isolates would let a name reorder the
       * text shown after it; joiners are needed by some scripts and emoji. */
      return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);

    default:
      return FALSE;
    }
}

char *
pupitre_name_normalize (const char  *raw,
                        GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *name = NULL;
  glong n_chars;

  if (raw == NULL || !g_utf8_validate (raw, -1, NULL))
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                           _("The name is not valid text."));
      return NULL;
    }

  stripped = pupitre_utf8_strip (raw);
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

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_forbidden_in_name (g_utf8_get_char (p)))
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                               _("The name contains a control character."));
          return NULL;
        }
    }

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
