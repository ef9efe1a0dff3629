/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The small JSON writer every encoded message goes through: strings, and nodes for ping ids. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pupitre-json-write.h"

static void
append_escaped (GString    *out,
                const char *str)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) str;
  const guchar *run = p;

  /* Bytes that need no escape are copied in runs: most text has none. */
  for (; *p != '\0'; p++)
    {
      guchar c = *p;
      const char *escape = NULL;

      if (c >= 0x20 && c != '"' && c != '\\')
        {
          /* U+2028 and U+2029 are valid in JSON but end lines in
           * JavaScript and some line-oriented tools: escape them too. */
          if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
            {
              g_string_append_len (out, (const char *) run, p - run);
              g_string_append (out, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
              p += 2;
              run = p + 1;
            }
          continue;
        }

      g_string_append_len (out, (const char *) run, p - run);
      run = p + 1;

      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        default: break;
        }

      if (escape != NULL)
        {
          g_string_append (out, escape);
        }
      else
        {
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
        }
    }

  g_string_append_len (out, (const char *) run, p - run);
}

void
pupitre_json_append_string (GString    *out,
                            const char *str)
{
  g_return_if_fail (out != NULL);

  if (str == NULL)
    str = "";

  g_string_append_c (out, '"');
  if (g_utf8_validate (str, -1, NULL))
    {
      append_escaped (out, str);
    }
  else
    {
      /* Never put invalid UTF-8 on the wire: a peer would refuse the line. */
      g_autofree char *valid = g_utf8_make_valid (str, -1);

      append_escaped (out, valid);
    }
  g_string_append_c (out, '"');
}

/* json-glib 1.6's generator writes 1e+100 as "1e+100.0" and U+001F as a
 * raw byte, neither of which is JSON: nodes are written here, their strings
 * with the same writer as every other string. */
static void
append_value (GString  *out,
              JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
    }
  else if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      /* JSON has no infinity: only a node made by code may hold one. */
      if (!isfinite (value))
        {
          g_string_append (out, "null");
          return;
        }

      /* As many digits as it takes to read the same double back, and
       * still a fraction when it has none: 2.0 stays a double. */
      g_ascii_dtostr (buffer, sizeof buffer, value);
      g_string_append (out, buffer);
      if (strpbrk (buffer, ".eE") == NULL)
        g_string_append (out, ".0");
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
    }
  else
    {
      pupitre_json_append_string (out, json_node_get_string (node));
    }
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object);

        g_string_append_c (out, '{');
        for (GList *l = names; l != NULL; l = l->next)
          {
            if (l != names)
              g_string_append_c (out, ',');
            pupitre_json_append_string (out, l->data);
            g_string_append_c (out, ':');
            append_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < length; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      append_value (out, node);
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

void
pupitre_json_append_node (GString  *out,
                          JsonNode *node)
{
  g_return_if_fail (out != NULL);

  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  append_node (out, node);
}
