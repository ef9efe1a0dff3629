/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tiny scanner that finds a few top-level members of a JSON object line without building a tree. */

#include "pupitre-load-scan.h"

#include <string.h>

/* The load generator reads every line the server sends to thousands of
 * players; building a json-glib tree for each would make it cost as much as
 * the server it measures. It only needs "type" and a member or two, which the
 * server writes first, so it walks the members in order and stops early. */

static const char *
skip_ws (const char *p,
         const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  return p;
}

/* @p is on the opening quote; returns the byte after the closing one. */
static const char *
skip_string (const char *p,
             const char *end)
{
  for (p++; p < end; p++)
    {
      if (*p == '\\')
        p++;
      else if (*p == '"')
        return p + 1;
    }
  return NULL;
}

/* Nested values are skipped with a depth counter, not recursion, so a deep
 * line cannot exhaust the stack. */
static const char *
skip_nested (const char *p,
             const char *end)
{
  gsize depth = 0;

  while (p < end)
    {
      switch (*p)
        {
        case '"':
          p = skip_string (p, end);
          if (p == NULL)
            return NULL;
          continue;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          if (depth == 0)
            return NULL;
          if (--depth == 0)
            return p + 1;
          break;
        default:
          break;
        }
      p++;
    }
  return NULL;
}

static const char *
skip_value (const char *p,
            const char *end)
{
  const char *start = p;

  if (p >= end)
    return NULL;
  if (*p == '"')
    return skip_string (p, end);
  if (*p == '{' || *p == '[')
    return skip_nested (p, end);

  while (p < end && strchr (",}] \t\r\n", *p) == NULL)
    p++;
  return p > start ? p : NULL;
}

gboolean
pupitre_load_scan_members (const char         *line,
                           gsize               len,
                           const char * const *keys,
                           PupitreLoadSpan    *values,
                           guint               n_keys)
{
  const char *p = line;
  const char *end = line + len;
  guint found = 0;

  for (guint i = 0; i < n_keys; i++)
    {
      values[i].start = NULL;
      values[i].len = 0;
    }

  p = skip_ws (p, end);
  if (p >= end || *p != '{')
    return FALSE;
  p = skip_ws (p + 1, end);
  if (p < end && *p == '}')
    return TRUE;

  while (p < end)
    {
      const char *key;
      gsize key_len;
      const char *value;

      if (*p != '"')
        return FALSE;
      key = p + 1;
      p = skip_string (p, end);
      if (p == NULL)
        return FALSE;
      key_len = (gsize) (p - key - 1);

      p = skip_ws (p, end);
      if (p >= end || *p != ':')
        return FALSE;
      p = skip_ws (p + 1, end);
      value = p;
      p = skip_value (p, end);
      if (p == NULL)
        return FALSE;

      for (guint i = 0; i < n_keys; i++)
        {
          if (values[i].start == NULL
              && strncmp (keys[i], key, key_len) == 0
              && keys[i][key_len] == '\0')
            {
              values[i].start = value;
              values[i].len = (gsize) (p - value);
              if (++found == n_keys)
                return TRUE;
              break;
            }
        }

      p = skip_ws (p, end);
      if (p >= end)
        return FALSE;
      if (*p == '}')
        return TRUE;
      if (*p != ',')
        return FALSE;
      p = skip_ws (p + 1, end);
    }

  return FALSE;
}

gboolean
pupitre_load_span_equal (const PupitreLoadSpan *span,
                         const char            *str)
{
  gsize len = strlen (str);

  return span->start != NULL
         && span->len == len + 2
         && span->start[0] == '"'
         && memcmp (span->start + 1, str, len) == 0;
}

gint64
pupitre_load_span_get_int (const PupitreLoadSpan *span,
                           gint64                 fallback)
{
  char buf[24];
  char *endptr = NULL;
  gint64 value;

  if (span->start == NULL || span->len == 0 || span->len >= sizeof buf)
    return fallback;
  memcpy (buf, span->start, span->len);
  buf[span->len] = '\0';
  value = g_ascii_strtoll (buf, &endptr, 10);
  if (endptr == buf || *endptr != '\0')
    return fallback;
  return value;
}

gint
pupitre_load_span_count_array (const PupitreLoadSpan *span)
{
  const char *p;
  const char *end;
  gint count = 0;

  if (span->start == NULL || span->len < 2 || span->start[0] != '[')
    return -1;
  p = skip_ws (span->start + 1, span->start + span->len);
  end = span->start + span->len - 1;
  if (p >= end)
    return 0;

  while (p < end)
    {
      p = skip_value (p, end);
      if (p == NULL)
        return -1;
      count++;
      p = skip_ws (p, end);
      if (p < end && *p == ',')
        p = skip_ws (p + 1, end);
    }
  return count;
}

char *
pupitre_load_span_dup_string (const PupitreLoadSpan *span)
{
  GString *out;
  const char *p;
  const char *end;

  if (span->start == NULL || span->len < 2 || span->start[0] != '"')
    return NULL;

  out = g_string_sized_new (span->len);
  end = span->start + span->len - 1;
  for (p = span->start + 1; p < end; p++)
    {
      if (*p != '\\' || p + 1 >= end)
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case 'b':
          g_string_append_c (out, '\b');
          break;
        case 'f':
          g_string_append_c (out, '\f');
          break;
        case 'u':
          if (p + 4 < end && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2])
              && g_ascii_isxdigit (p[3]) && g_ascii_isxdigit (p[4]))
            {
              gunichar c = (gunichar) (g_ascii_xdigit_value (p[1]) << 12
                                       | g_ascii_xdigit_value (p[2]) << 8
                                       | g_ascii_xdigit_value (p[3]) << 4
                                       | g_ascii_xdigit_value (p[4]));

              /* Surrogate pairs only appear in text a person reads here
               * (error messages); a replacement character is enough. */
              if (c >= 0xd800 && c <= 0xdfff)
                c = 0xfffd;
              g_string_append_unichar (out, c);
              p += 4;
            }
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }

  return g_string_free (out, FALSE);
}
