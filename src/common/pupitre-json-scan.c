/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a client message's members straight from the checked text, without json-glib's tree. */

#include "config.h"

#include <string.h>

#include "pupitre-json-private.h"
#include "pupitre-json-scan.h"

/* pupitre_json_check_text() has noted where the top-level members are,
 * and the text is known to be good. The readers below still keep within
 * the bounds they are given, in case a caller forgot the check. */

/* Writes the text of the string between @p and @end, escapes decoded, to
 * @out, which has room for @end - @p bytes at least (a decoded escape is
 * never longer than itself); returns the number of bytes written. */
static gsize
unescape (const char *p,
          const char *end,
          char       *out)
{
  char *o = out;

  while (p < end)
    {
      const char *backslash = memchr (p, '\\', end - p);
      int unit;

      if (backslash == NULL)
        backslash = end;
      memcpy (o, p, backslash - p);
      o += backslash - p;
      p = backslash;
      if (p + 1 >= end)
        break;

      switch (p[1])
        {
        case 'b': *o++ = '\b'; p += 2; break;
        case 'f': *o++ = '\f'; p += 2; break;
        case 'n': *o++ = '\n'; p += 2; break;
        case 'r': *o++ = '\r'; p += 2; break;
        case 't': *o++ = '\t'; p += 2; break;

        case 'u':
          unit = pupitre_json_read_hex4 (p + 2, end);
          p += 6;
          if (unit >= 0xD800 && unit <= 0xDBFF && end - p >= 6 &&
              p[0] == '\\' && p[1] == 'u')
            {
              int low = pupitre_json_read_hex4 (p + 2, end);

              if (low >= 0xDC00 && low <= 0xDFFF)
                {
                  unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                  p += 6;
                }
            }
          /* Unchecked text only: a lone surrogate or a bad escape. */
          if (unit <= 0 || (unit >= 0xD800 && unit <= 0xDFFF))
            unit = 0xFFFD;
          o += g_unichar_to_utf8 (unit, o);
          break;

        default:
          /* \" \\ \/ stand for themselves. */
          *o++ = p[1];
          p += 2;
          break;
        }
    }

  return o - out;
}

char *
pupitre_json_string_value (const char *value,
                           gsize       value_len)
{
  const char *end;
  char *text;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (value_len >= 2 && value[0] == '"', NULL);

  end = value + value_len - 1;
  text = g_malloc (value_len - 1);
  text[unescape (value + 1, end, text)] = '\0';

  return text;
}

gint64
pupitre_json_integer_value (const char *value,
                            gsize       value_len)
{
  const char *p = value;
  const char *end = value + value_len;
  gboolean negative = FALSE;
  guint64 magnitude = 0;

  g_return_val_if_fail (value != NULL || value_len == 0, 0);

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }

  /* Twenty digits may overflow: only unchecked text has so many, and it
   * saturates. */
  if (end - p >= 20)
    {
      for (; p < end && g_ascii_isdigit (*p); p++)
        magnitude = magnitude > (G_MAXUINT64 - 9) / 10 ? G_MAXUINT64 :
                    magnitude * 10 + (guint64) (*p - '0');
    }
  else
    {
      for (; p < end && g_ascii_isdigit (*p); p++)
        magnitude = magnitude * 10 + (guint64) (*p - '0');
    }

  if (negative)
    {
      if (magnitude == 0)
        return 0;
      if (magnitude > (guint64) G_MAXINT64)
        return G_MININT64;
      return -(gint64) magnitude;
    }

  return magnitude > (guint64) G_MAXINT64 ? G_MAXINT64 : (gint64) magnitude;
}

static int
find_name (const char            *key,
           gsize                  key_len,
           gboolean               escaped,
           const PupitreJsonName *names,
           guint                  n_names)
{
  char local[64];
  g_autofree char *heap = NULL;

  if (escaped)
    {
      char *decoded = key_len < sizeof local ? local : (heap = g_malloc (key_len));

      key_len = unescape (key, key + key_len, decoded);
      key = decoded;
    }

  for (guint n = 0; n < n_names; n++)
    {
      if (names[n].len == key_len && memcmp (names[n].name, key, key_len) == 0)
        return n;
    }

  return -1;
}

static gboolean
scan_message (const char             *line,
              gsize                   len,
              PupitreJsonTopMembers  *top,
              const PupitreJsonName  *names,
              guint                   n_names,
              PupitreJsonMember      *members,
              GError                **error)
{
  const PupitreJsonTopMember *found;
  gboolean in_grammar = FALSE;
  gsize start = 0;

  if (!pupitre_json_check_text (line, len, NULL, &in_grammar, top, error))
    return FALSE;

  if (!in_grammar)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) local_error = NULL;

      /* json-glib refuses what is out of JSON's grammar: its message is
       * the one pupitre_json_parse_object() gives. Were it to accept such
       * a text, the members noted would be read as they are. */
      if (!json_parser_load_from_data (parser, line, len, &local_error))
        {
          pupitre_json_set_invalid_json_error (error, local_error);
          return FALSE;
        }
    }

  while (start < len && line[start] <= ' ')
    start++;
  if (start == len || line[start] != '{')
    {
      pupitre_json_set_not_an_object_error (error);
      return FALSE;
    }

  /* In the order of the text: of two keys that only differ by their
   * escapes, the last one counts, as with json-glib. */
  found = pupitre_json_top_members_get (top);
  for (gsize m = 0; m < top->n_members; m++)
    {
      int n;

      if (found[m].value_end == 0)
        continue;

      n = find_name (line + found[m].key_start, found[m].key_len,
                     found[m].key_escaped, names, n_names);
      if (n >= 0)
        {
          members[n].value = line + found[m].value_start;
          members[n].value_len = found[m].value_end - found[m].value_start;
          members[n].kind = found[m].kind;
          members[n].escaped = found[m].value_escaped;
        }
    }

  if (members[0].value == NULL || members[0].kind != PUPITRE_JSON_KIND_STRING)
    {
      pupitre_json_set_no_type_error (error);
      return FALSE;
    }

  return TRUE;
}

gboolean
pupitre_json_scan_message (const char             *line,
                           gsize                   len,
                           const PupitreJsonName  *names,
                           guint                   n_names,
                           PupitreJsonMember      *members,
                           GError                **error)
{
  PupitreJsonTopMembers top;
  gboolean ok;

  g_return_val_if_fail (line != NULL || len == 0, FALSE);
  g_return_val_if_fail (names != NULL && n_names > 0, FALSE);
  g_return_val_if_fail (members != NULL, FALSE);

  memset (members, 0, n_names * sizeof *members);

  pupitre_json_top_members_init (&top);
  ok = scan_message (line, len, &top, names, n_names, members, error);
  g_free (top.heap);

  return ok;
}

/* A string member's text, escapes decoded. */
static char *
member_dup_string (const PupitreJsonMember *member)
{
  if (member->escaped)
    return pupitre_json_string_value (member->value, member->value_len);

  return g_strndup (member->value + 1, member->value_len - 2);
}

/* The member, or NULL when it is absent or null. Reports a missing
 * required member. */
static gboolean
lookup_span (const PupitreJsonMember  *found,
             const char               *name,
             gboolean                  required,
             const PupitreJsonMember **member,
             GError                  **error)
{
  if (found != NULL &&
      (found->value == NULL || found->kind == PUPITRE_JSON_KIND_NULL))
    found = NULL;

  if (found == NULL && required)
    {
      pupitre_json_set_missing_error (error, name);
      return FALSE;
    }

  *member = found;
  return TRUE;
}

gboolean
pupitre_json_member_get_string (const PupitreJsonMember  *member,
                                const char               *name,
                                gboolean                  required,
                                char                    **out,
                                GError                  **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup_span (member, name, required, &member, error))
    return FALSE;
  if (member == NULL)
    return TRUE;

  if (member->kind != PUPITRE_JSON_KIND_STRING)
    {
      pupitre_json_set_not_string_error (error, name);
      return FALSE;
    }

  *out = member_dup_string (member);
  return TRUE;
}

gboolean
pupitre_json_member_get_int (const PupitreJsonMember  *member,
                             const char               *name,
                             gboolean                  required,
                             gint64                    min,
                             gint64                    max,
                             gint64                   *out,
                             GError                  **error)
{
  gint64 value;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup_span (member, name, required, &member, error))
    return FALSE;
  if (member == NULL)
    return TRUE;

  if (member->kind != PUPITRE_JSON_KIND_INTEGER)
    {
      pupitre_json_set_not_integer_error (error, name);
      return FALSE;
    }

  value = pupitre_json_integer_value (member->value, member->value_len);
  if (value < min || value > max)
    {
      pupitre_json_set_out_of_range_error (error, name, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

JsonNode *
pupitre_json_member_to_node (const PupitreJsonMember  *member,
                             GError                  **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  g_return_val_if_fail (member != NULL && member->value != NULL, NULL);

  /* Scalars are made here; the nodes json-glib makes when it reads a
   * whole message are sealed, and so are these. */
  switch (member->kind)
    {
    case PUPITRE_JSON_KIND_STRING:
      {
        g_autofree char *text = member_dup_string (member);

        node = json_node_init_string (json_node_alloc (), text);
      }
      break;

    case PUPITRE_JSON_KIND_INTEGER:
      node = json_node_init_int (json_node_alloc (),
                                 pupitre_json_integer_value (member->value,
                                                             member->value_len));
      break;

    case PUPITRE_JSON_KIND_TRUE:
    case PUPITRE_JSON_KIND_FALSE:
      node = json_node_init_boolean (json_node_alloc (),
                                     member->kind == PUPITRE_JSON_KIND_TRUE);
      break;

    case PUPITRE_JSON_KIND_NULL:
      node = json_node_init_null (json_node_alloc ());
      break;

    case PUPITRE_JSON_KIND_NUMBER:
    case PUPITRE_JSON_KIND_OBJECT:
    case PUPITRE_JSON_KIND_ARRAY:
    default:
      /* Doubles and nested values are rare (ping ids): json-glib reads them,
       * so that they come out exactly as it would have read them. */
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, member->value, member->value_len,
                                       &local_error))
        {
          pupitre_json_set_invalid_json_error (error, local_error);
          return NULL;
        }
      return json_node_copy (json_parser_get_root (parser));
    }

  json_node_seal (node);
  return node;
}
