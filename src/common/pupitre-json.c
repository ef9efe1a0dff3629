/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Safe reading of one JSON object line, and a small writer for encoding. */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-error.h"
#include "pupitre-json.h"
#include "pupitre-protocol.h"

/* json-glib 1.6 is lenient (single quotes, comments, raw control characters
 * in strings, leading zeros, several values in a row) and recurses without
 * a limit, so every byte is checked here against strict JSON first. The
 * scanner does not build anything: it only follows the nesting, the strings
 * and the numbers, which is enough to refuse what json-glib must not see. */

typedef struct
{
  gsize start;
  gsize len;
  guint object;
} KeyRef;

typedef struct
{
  gboolean is_object;
  gboolean expect_key;
  guint    serial;
} Level;

static gboolean
fail_at (gsize       *error_offset,
         gsize        offset,
         GError     **error,
         const char  *message)
{
  if (error_offset != NULL)
    *error_offset = offset;
  g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON, message);
  return FALSE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads the four hex digits after "\u" at @p; -1 when they are not there. */
static int
read_hex4 (const char *p,
           const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;

  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* Scans the string whose opening quote is at data[*pos]; leaves *pos after
 * the closing quote. */
static gboolean
scan_string (const char  *data,
             gsize        len,
             gsize       *pos,
             gsize       *error_offset,
             GError     **error)
{
  const char *end = data + len;
  gsize i = *pos + 1;

  while (i < len)
    {
      guchar c = (guchar) data[i];

      if (c == '"')
        {
          *pos = i + 1;
          return TRUE;
        }

      if (c < 0x20)
        return fail_at (error_offset, i, error,
                        _("A control character must be escaped in a JSON string."));

      if (c != '\\')
        {
          i++;
          continue;
        }

      if (i + 1 >= len)
        break;

      switch (data[i + 1])
        {
        case '"': case '\\': case '/':
        case 'b': case 'f': case 'n': case 'r': case 't':
          i += 2;
          break;

        case 'u':
          {
            int unit = read_hex4 (data + i + 2, end);

            if (unit < 0)
              return fail_at (error_offset, i, error,
                              _("Invalid \\u escape in a JSON string."));
            /* Strings end up as C strings: a NUL would cut them short. */
            if (unit == 0)
              return fail_at (error_offset, i, error,
                              _("A JSON string must not contain \\u0000."));
            if (unit >= 0xDC00 && unit <= 0xDFFF)
              return fail_at (error_offset, i, error,
                              _("Lone surrogate in a JSON string."));
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                int low;

                if (i + 12 > len || data[i + 6] != '\\' || data[i + 7] != 'u')
                  return fail_at (error_offset, i, error,
                                  _("Lone surrogate in a JSON string."));
                low = read_hex4 (data + i + 8, end);
                if (low < 0xDC00 || low > 0xDFFF)
                  return fail_at (error_offset, i, error,
                                  _("Lone surrogate in a JSON string."));
                i += 12;
              }
            else
              {
                i += 6;
              }
          }
          break;

        default:
          return fail_at (error_offset, i, error,
                          _("Invalid escape in a JSON string."));
        }
    }

  return fail_at (error_offset, *pos, error, _("Unterminated JSON string."));
}

/* Scans the number starting at data[*pos] by JSON's grammar; refuses
 * integers beyond 64 bits and numbers too large for a double. */
static gboolean
scan_number (const char  *data,
             gsize        len,
             gsize       *pos,
             gsize       *error_offset,
             GError     **error)
{
  gsize start = *pos;
  gsize i = start;
  gsize digits_start;
  gsize n_digits;
  gboolean negative = FALSE;
  gboolean is_integer = TRUE;

  if (data[i] == '-')
    {
      negative = TRUE;
      i++;
    }

  digits_start = i;
  while (i < len && g_ascii_isdigit (data[i]))
    i++;
  n_digits = i - digits_start;

  if (n_digits == 0 || (n_digits > 1 && data[digits_start] == '0'))
    return fail_at (error_offset, start, error, _("Invalid JSON number."));

  if (i < len && data[i] == '.')
    {
      gsize frac_start = ++i;

      is_integer = FALSE;
      while (i < len && g_ascii_isdigit (data[i]))
        i++;
      if (i == frac_start)
        return fail_at (error_offset, start, error, _("Invalid JSON number."));
    }

  if (i < len && (data[i] == 'e' || data[i] == 'E'))
    {
      gsize exp_start;

      is_integer = FALSE;
      i++;
      if (i < len && (data[i] == '+' || data[i] == '-'))
        i++;
      exp_start = i;
      while (i < len && g_ascii_isdigit (data[i]))
        i++;
      if (i == exp_start)
        return fail_at (error_offset, start, error, _("Invalid JSON number."));
    }

  if (is_integer)
    {
      /* 9223372036854775807, or ...808 with a minus sign. */
      static const char max_digits[] = "9223372036854775807";
      const gsize max_len = sizeof max_digits - 1;

      if (n_digits > max_len)
        return fail_at (error_offset, start, error,
                        _("Integer too large in JSON."));
      if (n_digits == max_len)
        {
          int cmp = memcmp (data + digits_start, max_digits, max_len);

          if (cmp > 0 && !(negative && memcmp (data + digits_start,
                                                "9223372036854775808",
                                                max_len) == 0))
            return fail_at (error_offset, start, error,
                            _("Integer too large in JSON."));
        }
    }
  else
    {
      g_autofree char *copy = g_strndup (data + start, i - start);

      if (!isfinite (g_ascii_strtod (copy, NULL)))
        return fail_at (error_offset, start, error,
                        _("Number too large in JSON."));
    }

  *pos = i;
  return TRUE;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const KeyRef *ka = a;
  const KeyRef *kb = b;
  const char *data = user_data;

  if (ka->object != kb->object)
    return ka->object < kb->object ? -1 : 1;
  if (ka->len != kb->len)
    return ka->len < kb->len ? -1 : 1;
  if (ka->len == 0)
    return 0;
  return memcmp (data + ka->start, data + kb->start, ka->len);
}

gboolean
pupitre_json_check_raw (const char  *data,
                        gsize        len,
                        gsize       *error_offset,
                        GError     **error)
{
  Level stack[PUPITRE_MAX_JSON_DEPTH];
  g_autoptr(GArray) keys = NULL;
  const char *invalid = NULL;
  guint depth = 0;
  guint n_objects = 0;
  gboolean done = FALSE;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!g_utf8_validate_len (data, len, &invalid))
    return fail_at (error_offset, invalid - data, error,
                    _("The text is not valid UTF-8."));

  keys = g_array_new (FALSE, FALSE, sizeof (KeyRef));

  while (i < len)
    {
      char c = data[i];
      gboolean value_done = FALSE;

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          i++;
          continue;
        }

      if (done)
        return fail_at (error_offset, i, error,
                        _("Unexpected data after the JSON value."));

      switch (c)
        {
        case '{':
        case '[':
          if (depth == PUPITRE_MAX_JSON_DEPTH)
            return fail_at (error_offset, i, error,
                            _("JSON nested too deeply."));
          stack[depth].is_object = (c == '{');
          stack[depth].expect_key = (c == '{');
          stack[depth].serial = n_objects++;
          depth++;
          i++;
          break;

        case '}':
        case ']':
          if (depth == 0 || stack[depth - 1].is_object != (c == '}'))
            return fail_at (error_offset, i, error,
                            _("Unbalanced brackets in JSON."));
          depth--;
          value_done = TRUE;
          i++;
          break;

        case ',':
        case ':':
          if (depth == 0)
            return fail_at (error_offset, i, error,
                            _("Unexpected character in JSON."));
          if (c == ',' && stack[depth - 1].is_object)
            stack[depth - 1].expect_key = TRUE;
          i++;
          break;

        case '"':
          {
            gsize start = i;

            if (!scan_string (data, len, &i, error_offset, error))
              return FALSE;
            if (depth > 0 && stack[depth - 1].expect_key)
              {
                KeyRef key = { start + 1, i - start - 2, stack[depth - 1].serial };

                g_array_append_val (keys, key);
                stack[depth - 1].expect_key = FALSE;
              }
            else
              {
                value_done = TRUE;
              }
          }
          break;

        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          if (!scan_number (data, len, &i, error_offset, error))
            return FALSE;
          value_done = TRUE;
          break;

        case 't':
        case 'f':
        case 'n':
          {
            const char *word = c == 't' ? "true" : c == 'f' ? "false" : "null";
            gsize word_len = strlen (word);

            if (len - i < word_len || memcmp (data + i, word, word_len) != 0)
              return fail_at (error_offset, i, error,
                              _("Unexpected word in JSON."));
            i += word_len;
            value_done = TRUE;
          }
          break;

        default:
          return fail_at (error_offset, i, error,
                          _("Unexpected character in JSON."));
        }

      if (value_done && depth == 0)
        done = TRUE;
    }

  if (!done)
    return fail_at (error_offset, len, error, _("Incomplete JSON text."));

  if (keys->len > 1)
    {
      g_array_sort_with_data (keys, compare_keys, (gpointer) data);
      for (guint k = 1; k < keys->len; k++)
        {
          const KeyRef *prev = &g_array_index (keys, KeyRef, k - 1);
          const KeyRef *key = &g_array_index (keys, KeyRef, k);

          if (compare_keys (prev, key, (gpointer) data) == 0)
            return fail_at (error_offset, MAX (prev->start, key->start) - 1, error,
                            _("The same key appears twice in a JSON object."));
        }
    }

  return TRUE;
}

JsonObject *
pupitre_json_parse_object (const char  *line,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *type;

  g_return_val_if_fail (line != NULL || len == 0, NULL);

  if (!pupitre_json_check_raw (line, len, NULL, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, line, len, &local_error))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                   _("Invalid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                           _("A message must be a JSON object."));
      return NULL;
    }

  object = json_node_get_object (root);
  type = json_object_get_member (object, "type");
  if (type == NULL || !JSON_NODE_HOLDS_VALUE (type) ||
      json_node_get_value_type (type) != G_TYPE_STRING)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                           _("A message must have a string member “type”."));
      return NULL;
    }

  return json_object_ref (object);
}

/* The member's node, or NULL when it is absent or null. Reports a missing
 * required member. */
static gboolean
lookup_member (JsonObject  *object,
               const char  *member,
               gboolean     required,
               JsonNode   **node,
               GError     **error)
{
  JsonNode *found = json_object_get_member (object, member);

  if (found != NULL && JSON_NODE_HOLDS_NULL (found))
    found = NULL;

  if (found == NULL && required)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“%s” is missing"), member);
      return FALSE;
    }

  *node = found;
  return TRUE;
}

static gboolean
holds_value_type (JsonNode *node,
                  GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
pupitre_json_get_string (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         const char **out,
                         GError     **error)
{
  JsonNode *node = NULL;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!holds_value_type (node, G_TYPE_STRING))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“%s” must be a string"), member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
pupitre_json_get_int (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      gint64       min,
                      gint64       max,
                      gint64      *out,
                      GError     **error)
{
  JsonNode *node = NULL;
  gint64 value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  /* json-glib keeps integer literals as gint64 and anything with a
   * fraction or an exponent as a double: 2.0 is not an integer here. */
  if (!holds_value_type (node, G_TYPE_INT64))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“%s” must be an integer"), member);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      if (max == G_MAXINT64)
        g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                     _("“%s” must be at least %" G_GINT64_FORMAT),
                     member, min);
      else
        g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                     _("“%s” must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT),
                     member, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
pupitre_json_get_boolean (JsonObject  *object,
                          const char  *member,
                          gboolean     required,
                          gboolean    *out,
                          GError     **error)
{
  JsonNode *node = NULL;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!holds_value_type (node, G_TYPE_BOOLEAN))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“%s” must be true or false"), member);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
pupitre_json_get_array (JsonObject  *object,
                        const char  *member,
                        gboolean     required,
                        JsonArray  **out,
                        GError     **error)
{
  JsonNode *node = NULL;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“%s” must be an array"), member);
      return FALSE;
    }

  *out = json_node_get_array (node);
  return TRUE;
}

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

void
pupitre_json_append_node (GString  *out,
                          JsonNode *node)
{
  g_autofree char *text = NULL;

  g_return_if_fail (out != NULL);

  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  text = json_to_string (node, FALSE);
  g_string_append (out, text);
}
