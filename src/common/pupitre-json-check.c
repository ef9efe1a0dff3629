/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The strict checks on raw JSON text: UTF-8, tokens, nesting, 64-bit integers, duplicate keys. */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-error.h"
#include "pupitre-json-check.h"
#include "pupitre-json-private.h"
#include "pupitre-protocol.h"

/* json-glib 1.6 is lenient (single quotes, comments, raw control characters
 * in strings, leading zeros, several values in a row) and recurses without
 * a limit, so every byte is checked here against strict JSON first. The
 * checks build nothing: they only follow the nesting, the strings and the
 * numbers, which is enough to refuse what json-glib must not see. */

typedef struct
{
  gsize start;
  gsize len;
  guint object;
} KeyRef;

/* Where a container is in JSON's grammar. The checks proper only need
 * is_object and expect_key; the grammar is followed on the side, to tell
 * the message scanner whether it may trust the text's structure. */
typedef enum
{
  GRAMMAR_FIRST,      /* after the opening bracket */
  GRAMMAR_KEY,        /* in an object, after a comma */
  GRAMMAR_COLON,      /* in an object, after a key */
  GRAMMAR_VALUE,      /* after a colon, or a comma in an array */
  GRAMMAR_SEPARATOR,  /* after a value */
} Grammar;

typedef struct
{
  gboolean is_object;
  gboolean expect_key;
  guint    serial;
  Grammar  grammar;
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

/* The end of the run of bytes from @i on that need no second look in a
 * string: anything but a quote, a backslash or a control character. */
static inline gsize
skip_plain (const char *data,
            gsize       i,
            gsize       len)
{
  while (i < len && (guchar) data[i] >= 0x20 && data[i] != '"' && data[i] != '\\')
    i++;

  return i;
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

int
pupitre_json_read_hex4 (const char *p,
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
             gboolean    *escaped,
             gsize       *error_offset,
             GError     **error)
{
  const char *end = data + len;
  gsize i = *pos + 1;

  while (i < len)
    {
      guchar c;

      i = skip_plain (data, i, len);
      if (i == len)
        break;

      c = (guchar) data[i];

      if (c == '"')
        {
          *pos = i + 1;
          return TRUE;
        }

      if (c < 0x20)
        return fail_at (error_offset, i, error,
                        _("A control character must be escaped in a JSON string."));

      /* A backslash. */
      *escaped = TRUE;
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
            int unit = pupitre_json_read_hex4 (data + i + 2, end);

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
                low = pupitre_json_read_hex4 (data + i + 8, end);
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
             gboolean    *integer,
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
      /* g_ascii_strtod() wants a terminated string: short numbers, all
       * real ones, are copied on the stack. */
      char buffer[64];
      g_autofree char *copy = NULL;
      const char *number = buffer;

      if (i - start < sizeof buffer)
        {
          memcpy (buffer, data + start, i - start);
          buffer[i - start] = '\0';
        }
      else
        {
          number = copy = g_strndup (data + start, i - start);
        }

      if (!isfinite (g_ascii_strtod (number, NULL)))
        return fail_at (error_offset, start, error,
                        _("Number too large in JSON."));
    }

  *pos = i;
  *integer = is_integer;
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

/* Whether two keys of the same object are the same, without sorting: a
 * message has a handful of keys, and most have none twice. */
static gboolean
has_duplicate_keys (const KeyRef *keys,
                    gsize         n_keys,
                    const char   *data)
{
  for (gsize a = 0; a < n_keys; a++)
    {
      for (gsize b = a + 1; b < n_keys; b++)
        {
          if (keys[a].object == keys[b].object && keys[a].len == keys[b].len &&
              memcmp (data + keys[a].start, data + keys[b].start, keys[a].len) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* Keys of small texts are kept on the stack and sorted by insertion, which
 * is stable like g_qsort_with_data(): the same duplicate is reported either
 * way. */
#define N_LOCAL_KEYS 32

static void
sort_keys (KeyRef     *keys,
           gsize       n_keys,
           const char *data)
{
  if (n_keys > N_LOCAL_KEYS)
    {
      g_qsort_with_data (keys, (gint) n_keys, sizeof (KeyRef), compare_keys,
                         (gpointer) data);
      return;
    }

  for (gsize k = 1; k < n_keys; k++)
    {
      KeyRef key = keys[k];
      gsize j = k;

      while (j > 0 && compare_keys (&keys[j - 1], &key, (gpointer) data) > 0)
        {
          keys[j] = keys[j - 1];
          j--;
        }
      keys[j] = key;
    }
}

static void
top_members_add_key (PupitreJsonTopMembers *top,
                     gsize                  start,
                     gsize                  len,
                     gboolean               escaped)
{
  PupitreJsonTopMember *member;

  if (top->n_members == top->size)
    {
      top->size *= 2;
      if (top->heap == NULL)
        {
          top->heap = g_new (PupitreJsonTopMember, top->size);
          memcpy (top->heap, top->local, sizeof top->local);
        }
      else
        {
          top->heap = g_renew (PupitreJsonTopMember, top->heap, top->size);
        }
    }

  member = &pupitre_json_top_members_get (top)[top->n_members++];
  member->key_start = start;
  member->key_len = len;
  member->key_escaped = escaped;
  member->has_value = FALSE;
  member->value_end = 0;
}

/* A value starts in the top-level object: it is the last key's. */
static void
top_members_add_value (PupitreJsonTopMembers *top,
                       gsize                  start,
                       gsize                  end,
                       PupitreJsonKind        kind,
                       gboolean               escaped)
{
  PupitreJsonTopMember *member;

  if (top->n_members == 0)
    return;

  member = &pupitre_json_top_members_get (top)[top->n_members - 1];
  if (member->has_value)
    return;

  member->has_value = TRUE;
  member->value_start = start;
  member->value_end = end;
  member->kind = kind;
  member->value_escaped = escaped;
}

/* Whether a value may start here, and what follows it then. */
static gboolean
grammar_take_value (Level *level)
{
  gboolean ok = level->grammar == GRAMMAR_VALUE ||
                (level->grammar == GRAMMAR_FIRST && !level->is_object);

  level->grammar = GRAMMAR_SEPARATOR;
  return ok;
}

/* In the top-level object, where a message's members are. */
#define AT_TOP (top != NULL && depth == 1 && stack[0].is_object)

/* The checks, with the notes the message scanner reads. */
gboolean
pupitre_json_check_text (const char             *data,
                         gsize                   len,
                         gsize                  *error_offset,
                         gboolean               *in_grammar,
                         PupitreJsonTopMembers  *top,
                         GError                **error)
{
  Level stack[PUPITRE_MAX_JSON_DEPTH];
  KeyRef local_keys[N_LOCAL_KEYS];
  g_autofree KeyRef *heap_keys = NULL;
  KeyRef *keys = local_keys;
  gsize n_keys = 0;
  gsize keys_size = G_N_ELEMENTS (local_keys);
  const char *invalid = NULL;
  guint depth = 0;
  guint n_objects = 0;
  gboolean done = FALSE;
  gboolean grammar_ok = TRUE;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  /* NUL is not valid here either: strings end up as C strings. */
  if (!g_utf8_validate_len (data, len, &invalid))
    return fail_at (error_offset, invalid - data, error,
                    _("The text is not valid UTF-8."));

  while (i < len)
    {
      char c = data[i];
      gboolean value_done = FALSE;

      if (c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
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
          if (depth > 0)
            grammar_ok &= grammar_take_value (&stack[depth - 1]);
          if (AT_TOP)
            top_members_add_value (top, i, 0,
                                   c == '{' ? PUPITRE_JSON_KIND_OBJECT : PUPITRE_JSON_KIND_ARRAY,
                                   FALSE);
          stack[depth].is_object = (c == '{');
          stack[depth].expect_key = (c == '{');
          stack[depth].serial = n_objects++;
          stack[depth].grammar = GRAMMAR_FIRST;
          depth++;
          i++;
          break;

        case '}':
        case ']':
          if (depth == 0 || stack[depth - 1].is_object != (c == '}'))
            return fail_at (error_offset, i, error,
                            _("Unbalanced brackets in JSON."));
          depth--;
          grammar_ok &= stack[depth].grammar == GRAMMAR_FIRST ||
                         stack[depth].grammar == GRAMMAR_SEPARATOR;
          if (AT_TOP && top->n_members > 0)
            {
              PupitreJsonTopMember *members = pupitre_json_top_members_get (top);
              PupitreJsonTopMember *member = &members[top->n_members - 1];

              if (member->has_value && member->value_end == 0)
                member->value_end = i + 1;
            }
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
          if (c == ',')
            {
              Level *level = &stack[depth - 1];

              grammar_ok &= level->grammar == GRAMMAR_SEPARATOR;
              level->grammar = level->is_object ? GRAMMAR_KEY : GRAMMAR_VALUE;
            }
          else
            {
              grammar_ok &= stack[depth - 1].grammar == GRAMMAR_COLON;
              stack[depth - 1].grammar = GRAMMAR_VALUE;
            }
          i++;
          break;

        case '"':
          {
            gsize start = i;
            gboolean escaped = FALSE;

            if (!scan_string (data, len, &i, &escaped, error_offset, error))
              return FALSE;
            if (depth > 0)
              {
                Level *level = &stack[depth - 1];

                if (level->is_object && (level->grammar == GRAMMAR_FIRST ||
                                         level->grammar == GRAMMAR_KEY))
                  level->grammar = GRAMMAR_COLON;
                else
                  grammar_ok &= grammar_take_value (level);
              }
            if (depth > 0 && stack[depth - 1].expect_key)
              {
                if (n_keys == keys_size)
                  {
                    keys_size *= 2;
                    if (heap_keys == NULL)
                      {
                        heap_keys = g_new (KeyRef, keys_size);
                        memcpy (heap_keys, local_keys, sizeof local_keys);
                      }
                    else
                      {
                        heap_keys = g_renew (KeyRef, heap_keys, keys_size);
                      }
                    keys = heap_keys;
                  }
                keys[n_keys].start = start + 1;
                keys[n_keys].len = i - start - 2;
                keys[n_keys].object = stack[depth - 1].serial;
                n_keys++;
                stack[depth - 1].expect_key = FALSE;
                if (AT_TOP)
                  top_members_add_key (top, start + 1, i - start - 2, escaped);
              }
            else
              {
                value_done = TRUE;
                if (AT_TOP)
                  top_members_add_value (top, start, i, PUPITRE_JSON_KIND_STRING, escaped);
              }
          }
          break;

        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          {
            gsize start = i;
            gboolean integer = TRUE;

            if (!scan_number (data, len, &i, &integer, error_offset, error))
              return FALSE;
            if (AT_TOP)
              top_members_add_value (top, start, i,
                                     integer ? PUPITRE_JSON_KIND_INTEGER
                                             : PUPITRE_JSON_KIND_NUMBER,
                                     FALSE);
          }
          if (depth > 0)
            grammar_ok &= grammar_take_value (&stack[depth - 1]);
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
            if (AT_TOP)
              top_members_add_value (top, i, i + word_len,
                                     c == 't' ? PUPITRE_JSON_KIND_TRUE :
                                     c == 'f' ? PUPITRE_JSON_KIND_FALSE :
                                     PUPITRE_JSON_KIND_NULL,
                                     FALSE);
            i += word_len;
            if (depth > 0)
              grammar_ok &= grammar_take_value (&stack[depth - 1]);
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

  /* Sorted, the first two equal keys are the ones reported. */
  if (n_keys > 1 &&
      (n_keys > N_LOCAL_KEYS || has_duplicate_keys (keys, n_keys, data)))
    {
      sort_keys (keys, n_keys, data);
      for (gsize k = 1; k < n_keys; k++)
        {
          const KeyRef *prev = &keys[k - 1];
          const KeyRef *key = &keys[k];

          if (compare_keys (prev, key, (gpointer) data) == 0)
            return fail_at (error_offset, MAX (prev->start, key->start) - 1, error,
                            _("The same key appears twice in a JSON object."));
        }
    }

  if (in_grammar != NULL)
    *in_grammar = grammar_ok;
  return TRUE;
}

gboolean
pupitre_json_check_raw (const char  *data,
                        gsize        len,
                        gsize       *error_offset,
                        GError     **error)
{
  return pupitre_json_check_text (data, len, error_offset, NULL, NULL, error);
}
