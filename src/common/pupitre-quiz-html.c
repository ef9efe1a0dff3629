/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTML from Moodle made plain text: tags dropped, entities decoded, paragraphs and breaks kept as lines. */

#include "config.h"

#include <string.h>

#include "pupitre-quiz-private.h"

/* The named entities Moodle's editor writes in French and English texts;
 * any other stays as it is, readable enough. */
static const struct
{
  const char *name;
  gunichar    c;
} entities[] = {
  { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
  { "nbsp", 0xA0 }, { "laquo", 0xAB }, { "raquo", 0xBB }, { "deg", 0xB0 },
  { "eacute", 0xE9 }, { "egrave", 0xE8 }, { "ecirc", 0xEA }, { "euml", 0xEB },
  { "agrave", 0xE0 }, { "acirc", 0xE2 }, { "ccedil", 0xE7 }, { "icirc", 0xEE },
  { "iuml", 0xEF }, { "ocirc", 0xF4 }, { "ugrave", 0xF9 }, { "ucirc", 0xFB },
  { "uuml", 0xFC }, { "oelig", 0x153 }, { "Eacute", 0xC9 }, { "Egrave", 0xC8 },
  { "Agrave", 0xC0 }, { "Ccedil", 0xC7 }, { "times", 0xD7 }, { "divide", 0xF7 },
  { "rsquo", 0x2019 }, { "lsquo", 0x2018 }, { "ldquo", 0x201C }, { "rdquo", 0x201D },
  { "hellip", 0x2026 }, { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "euro", 0x20AC },
};

static const char * const line_tags[] = {
  "br", "p", "/p", "div", "/div", "li", "/li", "tr", "/tr", "h1", "/h1",
  "h2", "/h2", "h3", "/h3", "/ul", "/ol", "/table",
};

static const char * const media_tags[] = {
  "img", "audio", "video", "object", "embed", "iframe", "svg",
};

/* Decodes the entity at @p ("&...;"); returns its length, 0 if unknown. */
static gsize
decode_entity (const char *p,
               gunichar   *c)
{
  const char *semicolon = strchr (p, ';');
  gsize len;

  if (semicolon == NULL || semicolon - p > 10)
    return 0;
  len = semicolon - p + 1;

  if (p[1] == '#')
    {
      gboolean hex = p[2] == 'x' || p[2] == 'X';
      char *end = NULL;
      guint64 value = g_ascii_strtoull (p + (hex ? 3 : 2), &end, hex ? 16 : 10);

      if (end != semicolon || !g_unichar_validate ((gunichar) value) || value == 0)
        return 0;
      *c = value;
      return len;
    }

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      if (strlen (entities[i].name) == len - 2 &&
          strncmp (p + 1, entities[i].name, len - 2) == 0)
        {
          *c = entities[i].c;
          return len;
        }
    }

  return 0;
}

static gboolean
tag_is (const char         *tag,
        gsize               len,
        const char * const *names,
        guint               n_names)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (strlen (names[i]) == len && g_ascii_strncasecmp (tag, names[i], len) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Spaces collapse as a browser collapses them, and with a line break. */
static void
append_space (GString  *out,
              gboolean  newline)
{
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (newline)
    {
      /* “</p><p>” is one line break, not two. */
      if (out->len > 0 && out->str[out->len - 1] != '\n')
        g_string_append_c (out, '\n');
    }
  else if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, ' ');
}

char *
pupitre_html_to_text (const char *html,
                      gboolean   *has_media)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = html;

  *has_media = FALSE;
  while (*p != '\0')
    {
      gunichar c;
      gsize len;

      if (*p == '<')
        {
          const char *end = strchr (p, '>');
          const char *name = p + 1;
          gsize name_len = 0;

          if (end == NULL)
            break;
          if (*name == '/')
            name_len++;
          while (g_ascii_isalnum (name[name_len]))
            name_len++;

          if (tag_is (name, name_len, line_tags, G_N_ELEMENTS (line_tags)))
            append_space (out, TRUE);
          else if (tag_is (name, name_len, media_tags, G_N_ELEMENTS (media_tags)))
            *has_media = TRUE;
          /* What a script or a style says is not text. */
          if (tag_is (name, name_len, (const char * const[]) { "script", "style" }, 2))
            {
              const char *close = strstr (end, "</");

              end = close != NULL ? strchr (close, '>') : NULL;
              if (end == NULL)
                break;
            }
          p = end + 1;
        }
      else if (*p == '&' && (len = decode_entity (p, &c)) > 0)
        {
          if (c == 0xA0)
            g_string_append (out, "\xC2\xA0");
          else
            g_string_append_unichar (out, c);
          p += len;
        }
      else if (g_ascii_isspace (*p))
        {
          append_space (out, FALSE);
          p++;
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_strstrip (g_string_free (g_steal_pointer (&out), FALSE));
}
