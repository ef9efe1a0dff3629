/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The name rules against invisible characters, blank names and look-alike spaces. */

#include "config.h"

#include "pupitre-error.h"
#include "pupitre-name.h"

/* @raw normalised to @expected, or refused with name-invalid when
 * @expected is NULL. */
static void
check_name (const char *raw,
            const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = pupitre_name_normalize (raw, &error);

  if (expected == NULL && name != NULL)
    g_error ("accepted name: %s", raw);
  if (expected == NULL)
    g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID);
  else
    g_assert_no_error (error);
  g_assert_cmpstr (name, ==, expected);
}

/* "Al\u200bice" would sit beside "Alice" looking the same. */
static void
test_invisible_inside (void)
{
  static const char * const invisible[] = {
    "\xe2\x80\x8b",      /* U+200B zero-width space */
    "\xef\xbb\xbf",      /* U+FEFF zero-width no-break space */
    "\xc2\xad",          /* U+00AD soft hyphen */
    "\xe2\x81\xa0",      /* U+2060 word joiner */
    "\xcd\x8f",          /* U+034F combining grapheme joiner */
    "\xe2\x80\x8e",      /* U+200E left-to-right mark */
    "\xe2\x80\x8d",      /* U+200D zero-width joiner, between letters */
    "\xe2\x80\x8c",      /* U+200C zero-width non-joiner */
    "\xe3\x85\xa4",      /* U+3164 Hangul filler */
    "\xef\xbe\xa0",      /* U+FFA0 halfwidth Hangul filler */
    "\xe2\xa0\x80",      /* U+2800 Braille pattern blank */
    "\xef\xb8\x8f",      /* U+FE0F variation selector after a letter */
    "\xf3\xa0\x80\x81",  /* U+E0001 language tag */
    "\xf3\xa0\x81\xa1",  /* U+E0061 tag "a" */
    "\xf3\xa0\x84\x80",  /* U+E0100 variation selector 17 */
    "\xe1\xa0\x8e",      /* U+180E Mongolian vowel separator */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (invisible); i++)
    {
      g_autofree char *inside = g_strconcat ("Al", invisible[i], "ice", NULL);
      g_autofree char *alone = g_strconcat (invisible[i], invisible[i], NULL);

      check_name (inside, NULL);
      check_name (alone, NULL);
    }
}

/* A name must show someone: marks, blanks or punctuation alone do not. */
static void
test_nothing_visible (void)
{
  check_name ("\xcc\x81\xcc\x81\xcc\x81", NULL);           /* combining acute accents */
  check_name ("\xe2\xa0\x80\xe2\xa0\x80", NULL);           /* Braille blanks */
  check_name ("\xe3\x85\xa4", NULL);                       /* Hangul filler */
  check_name ("...", NULL);
  check_name ("- _", NULL);
  /* Letters of any script, digits and emoji do. */
  check_name ("7", "7");
  check_name ("Zoé", "Zoé");
  check_name ("\xd0\x90\xd0\xbd\xd1\x8f", "\xd0\x90\xd0\xbd\xd1\x8f");  /* Аня */
  check_name ("\xf0\x9f\xa6\x8a", "\xf0\x9f\xa6\x8a");                  /* fox */
  check_name ("e\xcc\x81\xcc\xa3", "\xe1\xba\xb9\xcc\x81");             /* marks on a letter */
}

/* Emoji sequences keep the joiner and selector they are made of. */
static void
test_emoji_glue (void)
{
  /* Woman technologist: woman, ZWJ, laptop. */
  check_name ("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
               "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb");
  /* With a skin tone before the joiner. */
  check_name ("\xf0\x9f\x91\xa9\xf0\x9f\x8f\xbd\xe2\x80\x8d\xf0\x9f\x92\xbb",
               "\xf0\x9f\x91\xa9\xf0\x9f\x8f\xbd\xe2\x80\x8d\xf0\x9f\x92\xbb");
  /* Red heart with the emoji selector. */
  check_name ("L\xc3\xa9" "a \xe2\x9d\xa4\xef\xb8\x8f", "L\xc3\xa9" "a \xe2\x9d\xa4\xef\xb8\x8f");
  /* A joiner at either end joins nothing. */
  check_name ("\xe2\x80\x8d\xf0\x9f\x92\xbb", NULL);
  check_name ("\xf0\x9f\x92\xbb\xe2\x80\x8d", NULL);
}

/* No-break and other spaces are spaces: trimmed at the ends, one space
 * inside, so that "Jean\u00a0Paul" is "Jean Paul". */
static void
test_spaces_are_spaces (void)
{
  check_name ("Jean\xc2\xa0Paul", "Jean Paul");
  check_name ("Jean\xe2\x80\xaf" "Paul", "Jean Paul");           /* narrow no-break */
  check_name ("Jean\xe3\x80\x80\xe2\x80\x89Paul", "Jean Paul");  /* ideographic + thin */
  check_name ("Jean   Paul", "Jean Paul");
  check_name ("\xc2\xa0" "Alice\xe2\x80\x80", "Alice");
  check_name ("\xc2\xa0\xe2\x80\x80\xe3\x80\x80", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/name/invisible/refused-inside-and-alone", test_invisible_inside);
  g_test_add_func ("/name/visible/letter-digit-or-emoji-needed", test_nothing_visible);
  g_test_add_func ("/name/emoji/joiner-and-selector-kept", test_emoji_glue);
  g_test_add_func ("/name/spaces/separators-are-one-space", test_spaces_are_spaces);

  return g_test_run ();
}
