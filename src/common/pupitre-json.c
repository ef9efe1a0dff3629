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

/* Tests on eight bytes at a time: messages are mostly ASCII, and mostly
 * strings. Each test tells exactly whether some byte of the word matches,
 * and the lowest byte it marks is a match. */
#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

static inline guint64
has_byte (guint64 word,
          guchar  byte)
{
  guint64 x = word ^ (ONES * byte);

  return (x - ONES) & ~x & HIGHS;
}

/* The end of the run of bytes from @i on that need no second look in a
 * string: anything but a quote, a backslash or a control character. */
static inline gsize
skip_plain (const char *data,
            gsize       i,
            gsize       len)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN && defined (__GNUC__)
  while (len - i >= sizeof (guint64))
    {
      guint64 word;
      guint64 hits;

      memcpy (&word, data + i, sizeof word);
      hits = has_byte (word, '"') | has_byte (word, '\\') |
             ((word - ONES * 0x20) & ~word & HIGHS);
      if (hits != 0)
        return i + (gsize) __builtin_ctzll (hits) / 8;
      i += sizeof word;
    }
#endif

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

/* Whether @data is valid UTF-8 without NUL, as g_utf8_validate_len()
 * says, with the same *@invalid. Messages are mostly ASCII and their other
 * characters mostly two bytes long: runs of ASCII are checked eight bytes at
 * a time and two-byte characters here; anything else is the validator's. */
static gboolean
validate_utf8 (const char  *data,
               gsize        len,
               const char **invalid)
{
  const guchar *p = (const guchar *) data;
  const guchar *end = p + len;

  while (p < end)
    {
      guint char_len;

      while (end - p >= (gssize) sizeof (guint64))
        {
          guint64 word;

          memcpy (&word, p, sizeof word);
          /* A byte with its high bit set, or a zero byte. */
          if (((word | ((word - ONES) & ~word)) & HIGHS) != 0)
            break;
          p += sizeof word;
        }

      while (p < end && *p != '\0' && *p < 0x80)
        p++;
      if (p == end)
        break;

      /* C0 and C1 would be overlong. */
      if (*p >= 0xC2 && *p <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80)
        {
          p += 2;
          continue;
        }

      char_len = MIN ((gsize) g_utf8_skip[*p], (gsize) (end - p));
      if (!g_utf8_validate_len ((const char *) p, char_len, invalid))
        return FALSE;
      p += char_len;
    }

  return TRUE;
}

/* memcmp() == 0 for the few bytes of a key, without a call: most keys
 * differ from the start. */
static inline gboolean
bytes_equal (const char *a,
             const char *b,
             gsize       len)
{
  for (gsize k = 0; k < len; k++)
    {
      if (a[k] != b[k])
        return FALSE;
    }

  return TRUE;
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
              bytes_equal (data + keys[a].start, data + keys[b].start, keys[a].len))
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

/* A member of the top-level object, as the checks found it: messages are
 * read from these, without going through the text a second time. */
typedef struct
{
  gsize            key_start;
  gsize            key_len;
  gboolean         key_escaped;
  gboolean         has_value;
  gsize            value_start;
  gsize            value_end;     /* 0 until the value is over */
  PupitreJsonKind  kind;
  gboolean         value_escaped;
} TopMember;

#define N_LOCAL_TOP_MEMBERS 16

/* Left uninitialised but for the fields below: clearing the local array
 * would cost more than reading a message. */
typedef struct
{
  TopMember  local[N_LOCAL_TOP_MEMBERS];
  TopMember *heap;
  gsize      n_members;
  gsize      size;
} TopMembers;

static void
top_members_init (TopMembers *top)
{
  top->heap = NULL;
  top->n_members = 0;
  top->size = N_LOCAL_TOP_MEMBERS;
}

static TopMember *
top_members_get (TopMembers *top)
{
  return top->heap != NULL ? top->heap : top->local;
}

static void
top_members_add_key (TopMembers *top,
                     gsize       start,
                     gsize       len,
                     gboolean    escaped)
{
  TopMember *member;

  if (top->n_members == top->size)
    {
      top->size *= 2;
      if (top->heap == NULL)
        {
          top->heap = g_new (TopMember, top->size);
          memcpy (top->heap, top->local, sizeof top->local);
        }
      else
        {
          top->heap = g_renew (TopMember, top->heap, top->size);
        }
    }

  member = &top_members_get (top)[top->n_members++];
  member->key_start = start;
  member->key_len = len;
  member->key_escaped = escaped;
  member->has_value = FALSE;
  member->value_end = 0;
}

/* A value starts in the top-level object: it is the last key's. */
static void
top_members_add_value (TopMembers      *top,
                       gsize            start,
                       gsize            end,
                       PupitreJsonKind  kind,
                       gboolean         escaped)
{
  TopMember *member;

  if (top->n_members == 0)
    return;

  member = &top_members_get (top)[top->n_members - 1];
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

/* pupitre_json_check_raw(), which also tells in *@in_grammar whether the
 * text it accepted follows JSON's grammar (the checks let through misplaced
 * commas, colons and keys, which json-glib then refuses with its own
 * message) and, when @top is not NULL, notes the members of a top-level
 * object there. */
static gboolean
check_text (const char  *data,
            gsize        len,
            gsize       *error_offset,
            gboolean    *in_grammar,
            TopMembers  *top,
            GError     **error)
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

  if (!validate_utf8 (data, len, &invalid))
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
              TopMember *member = &top_members_get (top)[top->n_members - 1];

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
  return check_text (data, len, error_offset, NULL, NULL, error);
}

/* Errors shared by the tree readers below and the span readers further
 * down, so that both say exactly the same. */

static void
set_not_an_object_error (GError **error)
{
  g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                       _("A message must be a JSON object."));
}

static void
set_no_type_error (GError **error)
{
  g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                       _("A message must have a string member “type”."));
}

static void
set_missing_error (GError     **error,
                   const char  *member)
{
  g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
               _("“%s” is missing"), member);
}

static void
set_not_string_error (GError     **error,
                      const char  *member)
{
  g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
               _("“%s” must be a string"), member);
}

static void
set_not_integer_error (GError     **error,
                       const char  *member)
{
  g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
               _("“%s” must be an integer"), member);
}

static void
set_out_of_range_error (GError     **error,
                        const char  *member,
                        gint64       min,
                        gint64       max)
{
  if (max == G_MAXINT64)
    g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                 _("“%s” must be at least %lld"),
                 member, (long long) min);
  else
    g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                 _("“%s” must be between %lld and %lld"),
                 member, (long long) min, (long long) max);
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
      set_not_an_object_error (error);
      return NULL;
    }

  object = json_node_get_object (root);
  type = json_object_get_member (object, "type");
  if (type == NULL || !JSON_NODE_HOLDS_VALUE (type) ||
      json_node_get_value_type (type) != G_TYPE_STRING)
    {
      set_no_type_error (error);
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
      set_missing_error (error, member);
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
      set_not_string_error (error, member);
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
      set_not_integer_error (error, member);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      set_out_of_range_error (error, member, min, max);
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

/* Reading a message without building a tree: check_text() has noted
 * where the top-level members are, and the text is known to be good. The
 * readers below still keep within the bounds they are given, in case a
 * caller forgot the check. */

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
          unit = read_hex4 (p + 2, end);
          p += 6;
          if (unit >= 0xD800 && unit <= 0xDBFF && end - p >= 6 &&
              p[0] == '\\' && p[1] == 'u')
            {
              int low = read_hex4 (p + 2, end);

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
      if (names[n].len == key_len && bytes_equal (names[n].name, key, key_len))
        return n;
    }

  return -1;
}

static gboolean
scan_message (const char             *line,
              gsize                   len,
              TopMembers             *top,
              const PupitreJsonName  *names,
              guint                   n_names,
              PupitreJsonMember      *members,
              GError                **error)
{
  const TopMember *found;
  gboolean in_grammar = FALSE;
  gsize start = 0;

  if (!check_text (line, len, NULL, &in_grammar, top, error))
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
          g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                       _("Invalid JSON: %s"), local_error->message);
          return FALSE;
        }
    }

  while (start < len && line[start] <= ' ')
    start++;
  if (start == len || line[start] != '{')
    {
      set_not_an_object_error (error);
      return FALSE;
    }

  /* In the order of the text: of two keys that only differ by their
   * escapes, the last one counts, as with json-glib. */
  found = top_members_get (top);
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
      set_no_type_error (error);
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
  TopMembers top;
  gboolean ok;

  g_return_val_if_fail (line != NULL || len == 0, FALSE);
  g_return_val_if_fail (names != NULL && n_names > 0, FALSE);
  g_return_val_if_fail (members != NULL, FALSE);

  memset (members, 0, n_names * sizeof *members);

  top_members_init (&top);
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
      set_missing_error (error, name);
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
      set_not_string_error (error, name);
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
      set_not_integer_error (error, name);
      return FALSE;
    }

  value = pupitre_json_integer_value (member->value, member->value_len);
  if (value < min || value > max)
    {
      set_out_of_range_error (error, name, min, max);
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
          g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                       _("Invalid JSON: %s"), local_error->message);
          return NULL;
        }
      return json_node_copy (json_parser_get_root (parser));
    }

  json_node_seal (node);
  return node;
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
