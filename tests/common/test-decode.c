/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Message decoding compared, line by line, with the json-glib decoder it replaced. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pupitre-error.h"
#include "pupitre-json.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"

/* The reference: the strict check of the raw text and the decoder as they
 * were when messages went through json-glib's tree, kept as they were but
 * for their names and translations (tests run in the C locale). Whatever
 * the decoder answers, the reference must answer the same. */

typedef struct
{
  gsize start;
  gsize len;
  guint object;
} ReferenceKeyRef;

typedef struct
{
  gboolean is_object;
  gboolean expect_key;
  guint    serial;
} ReferenceLevel;

static gboolean
reference_fail_at (gsize       *error_offset,
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
reference_hex_value (char c)
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
reference_read_hex4 (const char *p,
                     const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;

  for (guint i = 0; i < 4; i++)
    {
      int digit = reference_hex_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* Scans the string whose opening quote is at data[*pos]; leaves *pos after
 * the closing quote. */
static gboolean
reference_scan_string (const char  *data,
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
        return reference_fail_at (error_offset, i, error,
                                  "A control character must be escaped in a JSON string.");

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
            int unit = reference_read_hex4 (data + i + 2, end);

            if (unit < 0)
              return reference_fail_at (error_offset, i, error,
                                        "Invalid \\u escape in a JSON string.");
            /* Strings end up as C strings: a NUL would cut them short. */
            if (unit == 0)
              return reference_fail_at (error_offset, i, error,
                                        "A JSON string must not contain \\u0000.");
            if (unit >= 0xDC00 && unit <= 0xDFFF)
              return reference_fail_at (error_offset, i, error,
                                        "Lone surrogate in a JSON string.");
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                int low;

                if (i + 12 > len || data[i + 6] != '\\' || data[i + 7] != 'u')
                  return reference_fail_at (error_offset, i, error,
                                            "Lone surrogate in a JSON string.");
                low = reference_read_hex4 (data + i + 8, end);
                if (low < 0xDC00 || low > 0xDFFF)
                  return reference_fail_at (error_offset, i, error,
                                            "Lone surrogate in a JSON string.");
                i += 12;
              }
            else
              {
                i += 6;
              }
          }
          break;

        default:
          return reference_fail_at (error_offset, i, error,
                                    "Invalid escape in a JSON string.");
        }
    }

  return reference_fail_at (error_offset, *pos, error, "Unterminated JSON string.");
}

/* Scans the number starting at data[*pos] by JSON's grammar; refuses
 * integers beyond 64 bits and numbers too large for a double. */
static gboolean
reference_scan_number (const char  *data,
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
    return reference_fail_at (error_offset, start, error, "Invalid JSON number.");

  if (i < len && data[i] == '.')
    {
      gsize frac_start = ++i;

      is_integer = FALSE;
      while (i < len && g_ascii_isdigit (data[i]))
        i++;
      if (i == frac_start)
        return reference_fail_at (error_offset, start, error, "Invalid JSON number.");
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
        return reference_fail_at (error_offset, start, error, "Invalid JSON number.");
    }

  if (is_integer)
    {
      /* 9223372036854775807, or ...808 with a minus sign. */
      static const char max_digits[] = "9223372036854775807";
      const gsize max_len = sizeof max_digits - 1;

      if (n_digits > max_len)
        return reference_fail_at (error_offset, start, error,
                                  "Integer too large in JSON.");
      if (n_digits == max_len)
        {
          int cmp = memcmp (data + digits_start, max_digits, max_len);

          if (cmp > 0 && !(negative && memcmp (data + digits_start,
                                                "9223372036854775808",
                                                max_len) == 0))
            return reference_fail_at (error_offset, start, error,
                                      "Integer too large in JSON.");
        }
    }
  else
    {
      g_autofree char *copy = g_strndup (data + start, i - start);

      if (!isfinite (g_ascii_strtod (copy, NULL)))
        return reference_fail_at (error_offset, start, error,
                                  "Number too large in JSON.");
    }

  *pos = i;
  return TRUE;
}

static int
reference_compare_keys (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const ReferenceKeyRef *ka = a;
  const ReferenceKeyRef *kb = b;
  const char *data = user_data;

  if (ka->object != kb->object)
    return ka->object < kb->object ? -1 : 1;
  if (ka->len != kb->len)
    return ka->len < kb->len ? -1 : 1;
  if (ka->len == 0)
    return 0;
  return memcmp (data + ka->start, data + kb->start, ka->len);
}

static gboolean
reference_json_check_raw (const char  *data,
                          gsize        len,
                          gsize       *error_offset,
                          GError     **error)
{
  ReferenceLevel stack[PUPITRE_MAX_JSON_DEPTH];
  g_autoptr(GArray) keys = NULL;
  const char *invalid = NULL;
  guint depth = 0;
  guint n_objects = 0;
  gboolean done = FALSE;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!g_utf8_validate_len (data, len, &invalid))
    return reference_fail_at (error_offset, invalid - data, error,
                              "The text is not valid UTF-8.");

  keys = g_array_new (FALSE, FALSE, sizeof (ReferenceKeyRef));

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
        return reference_fail_at (error_offset, i, error,
                                  "Unexpected data after the JSON value.");

      switch (c)
        {
        case '{':
        case '[':
          if (depth == PUPITRE_MAX_JSON_DEPTH)
            return reference_fail_at (error_offset, i, error,
                                      "JSON nested too deeply.");
          stack[depth].is_object = (c == '{');
          stack[depth].expect_key = (c == '{');
          stack[depth].serial = n_objects++;
          depth++;
          i++;
          break;

        case '}':
        case ']':
          if (depth == 0 || stack[depth - 1].is_object != (c == '}'))
            return reference_fail_at (error_offset, i, error,
                                      "Unbalanced brackets in JSON.");
          depth--;
          value_done = TRUE;
          i++;
          break;

        case ',':
        case ':':
          if (depth == 0)
            return reference_fail_at (error_offset, i, error,
                                      "Unexpected character in JSON.");
          if (c == ',' && stack[depth - 1].is_object)
            stack[depth - 1].expect_key = TRUE;
          i++;
          break;

        case '"':
          {
            gsize start = i;

            if (!reference_scan_string (data, len, &i, error_offset, error))
              return FALSE;
            if (depth > 0 && stack[depth - 1].expect_key)
              {
                ReferenceKeyRef key = { start + 1, i - start - 2, stack[depth - 1].serial };

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
          if (!reference_scan_number (data, len, &i, error_offset, error))
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
              return reference_fail_at (error_offset, i, error,
                                        "Unexpected word in JSON.");
            i += word_len;
            value_done = TRUE;
          }
          break;

        default:
          return reference_fail_at (error_offset, i, error,
                                    "Unexpected character in JSON.");
        }

      if (value_done && depth == 0)
        done = TRUE;
    }

  if (!done)
    return reference_fail_at (error_offset, len, error, "Incomplete JSON text.");

  if (keys->len > 1)
    {
      g_array_sort_with_data (keys, reference_compare_keys, (gpointer) data);
      for (guint k = 1; k < keys->len; k++)
        {
          const ReferenceKeyRef *prev = &g_array_index (keys, ReferenceKeyRef, k - 1);
          const ReferenceKeyRef *key = &g_array_index (keys, ReferenceKeyRef, k);

          if (reference_compare_keys (prev, key, (gpointer) data) == 0)
            return reference_fail_at (error_offset, MAX (prev->start, key->start) - 1, error,
                                      "The same key appears twice in a JSON object.");
        }
    }

  return TRUE;
}

static JsonObject *
reference_json_parse_object (const char  *line,
                             gsize        len,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *type;

  g_return_val_if_fail (line != NULL || len == 0, NULL);

  if (!reference_json_check_raw (line, len, NULL, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, line, len, &local_error))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                   "Invalid JSON: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                           "A message must be a JSON object.");
      return NULL;
    }

  object = json_node_get_object (root);
  type = json_object_get_member (object, "type");
  if (type == NULL || !JSON_NODE_HOLDS_VALUE (type) ||
      json_node_get_value_type (type) != G_TYPE_STRING)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                           "A message must have a string member “type”.");
      return NULL;
    }

  return json_object_ref (object);
}

/* The member's node, or NULL when it is absent or null. Reports a missing
 * required member. */
static gboolean
reference_lookup_member (JsonObject  *object,
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
                   "“%s” is missing", member);
      return FALSE;
    }

  *node = found;
  return TRUE;
}

static gboolean
reference_holds_value_type (JsonNode *node,
                            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
reference_json_get_string (JsonObject  *object,
                           const char  *member,
                           gboolean     required,
                           const char **out,
                           GError     **error)
{
  JsonNode *node = NULL;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!reference_lookup_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!reference_holds_value_type (node, G_TYPE_STRING))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   "“%s” must be a string", member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
reference_json_get_int (JsonObject  *object,
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

  if (!reference_lookup_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  /* json-glib keeps integer literals as gint64 and anything with a
   * fraction or an exponent as a double: 2.0 is not an integer here. */
  if (!reference_holds_value_type (node, G_TYPE_INT64))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   "“%s” must be an integer", member);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      if (max == G_MAXINT64)
        g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                     "“%s” must be at least %" G_GINT64_FORMAT,
                     member, min);
      else
        g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                     "“%s” must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                     member, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

/* Copies an optional string member into *@out (left NULL when absent). */
static gboolean
reference_dup_string (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      char       **out,
                      GError     **error)
{
  const char *value = NULL;

  if (!reference_json_get_string (object, member, required, &value, error))
    return FALSE;

  *out = g_strdup (value);
  return TRUE;
}

static gboolean
reference_decode_join (JsonObject            *object,
                       PupitreClientMessage  *message,
                       GError               **error)
{
  JsonNode *version = json_object_get_member (object, "protocol");
  gint64 protocol = 0;

  /* The version is checked first: a newer client's other members may not
   * mean what this version thinks. */
  if (!reference_json_get_int (object, "protocol", FALSE,
                               G_MININT64, G_MAXINT64, &protocol, error))
    return FALSE;
  if (version != NULL && !JSON_NODE_HOLDS_NULL (version) &&
      protocol != PUPITRE_PROTOCOL_VERSION)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_PROTOCOL_VERSION,
                   "Protocol version %" G_GINT64_FORMAT " is not supported; this server speaks version %d",
                   protocol, PUPITRE_PROTOCOL_VERSION);
      return FALSE;
    }
  message->protocol = protocol;

  return reference_dup_string (object, "name", TRUE, &message->name, error) &&
         reference_dup_string (object, "game", FALSE, &message->game, error) &&
         reference_dup_string (object, "token", FALSE, &message->token, error) &&
         reference_dup_string (object, "host_key", FALSE, &message->host_key, error);
}

static gboolean
reference_decode_answer (JsonObject            *object,
                         PupitreClientMessage  *message,
                         GError               **error)
{
  return reference_json_get_int (object, "round", TRUE, 1, G_MAXINT,
                                 &message->round, error) &&
         reference_json_get_int (object, "choice", TRUE, G_MININT64, G_MAXINT64,
                                 &message->choice, error);
}

static gboolean
reference_decode_chat (JsonObject            *object,
                       PupitreClientMessage  *message,
                       GError               **error)
{
  const char *text = NULL;
  glong n_chars;

  if (!reference_json_get_string (object, "text", TRUE, &text, error))
    return FALSE;

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars < 1 || n_chars > PUPITRE_MAX_CHAT_CHARS)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   "“text” must have 1 to %d characters",
                   PUPITRE_MAX_CHAT_CHARS);
      return FALSE;
    }

  message->text = g_strdup (text);
  return TRUE;
}

static gboolean
reference_decode_ping (JsonObject            *object,
                       PupitreClientMessage  *message,
                       GError               **error)
{
  JsonNode *id = json_object_get_member (object, "id");

  if (id != NULL)
    message->id = json_node_copy (id);

  return TRUE;
}

static const struct
{
  const char               *name;
  PupitreClientMessageType  type;
  gboolean                (*decode) (JsonObject            *object,
                                     PupitreClientMessage  *message,
                                     GError               **error);
} reference_client_types[] = {
  { "join", PUPITRE_CLIENT_JOIN, reference_decode_join },
  { "answer", PUPITRE_CLIENT_ANSWER, reference_decode_answer },
  { "chat", PUPITRE_CLIENT_CHAT, reference_decode_chat },
  { "ping", PUPITRE_CLIENT_PING, reference_decode_ping },
  { "quit", PUPITRE_CLIENT_QUIT, NULL },
  { "start", PUPITRE_CLIENT_START, NULL },
  { "skip", PUPITRE_CLIENT_SKIP, NULL },
};

static PupitreClientMessage *
reference_client_message_decode (const char  *line,
                                 gsize        len,
                                 char       **ref_type,
                                 GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(PupitreClientMessage) message = NULL;
  const char *type;

  g_return_val_if_fail (line != NULL || len == 0, NULL);

  if (ref_type != NULL)
    *ref_type = NULL;

  object = reference_json_parse_object (line, len, error);
  if (object == NULL)
    return NULL;

  type = json_object_get_string_member (object, "type");
  if (ref_type != NULL)
    *ref_type = g_strdup (type);

  for (guint i = 0; i < G_N_ELEMENTS (reference_client_types); i++)
    {
      if (strcmp (type, reference_client_types[i].name) != 0)
        continue;

      message = g_new0 (PupitreClientMessage, 1);
      message->type = reference_client_types[i].type;

      if (reference_client_types[i].decode != NULL &&
          !reference_client_types[i].decode (object, message, error))
        return NULL;

      return g_steal_pointer (&message);
    }

  g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_UNKNOWN_TYPE,
               "Unknown message type “%s”", type);
  return NULL;
}


/* What a decoder made of a line, as text: the same text is the same
 * result, and a difference shows in the assertion message. */
static char *
describe_decode (PupitreClientMessage *message,
                 const char           *ref_type,
                 const GError         *error)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "ref_type=%s ", ref_type != NULL ? ref_type : "(none)");

  if (message == NULL)
    {
      g_string_append_printf (out, "error %s %d: %s",
                              error != NULL ? g_quark_to_string (error->domain) : "(none)",
                              error != NULL ? error->code : -1,
                              error != NULL ? error->message : "(none)");
      return g_string_free (out, FALSE);
    }

  g_string_append_printf (out, "type=%d name=%s game=%s token=%s host_key=%s "
                          "protocol=%" G_GINT64_FORMAT " round=%" G_GINT64_FORMAT
                          " choice=%" G_GINT64_FORMAT " text=%s",
                          message->type,
                          message->name != NULL ? message->name : "(none)",
                          message->game != NULL ? message->game : "(none)",
                          message->token != NULL ? message->token : "(none)",
                          message->host_key != NULL ? message->host_key : "(none)",
                          message->protocol, message->round, message->choice,
                          message->text != NULL ? message->text : "(none)");

  if (message->id == NULL)
    {
      g_string_append (out, " id=(none)");
    }
  else
    {
      JsonNode *id = message->id;

      /* The node as the server echoes it, and what it holds exactly. */
      g_string_append_printf (out, " id=%s sealed=%d ", json_node_type_name (id),
                              json_node_is_immutable (id) ? 1 : 0);
      pupitre_json_append_node (out, id);
      if (JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_DOUBLE)
        g_string_append_printf (out, " double=%a", json_node_get_double (id));
    }

  return g_string_free (out, FALSE);
}

static char *
describe_check (gboolean      ok,
                gsize         offset,
                const GError *error)
{
  if (ok)
    return g_strdup ("accepted");

  return g_strdup_printf ("refused at %" G_GSIZE_FORMAT ": %s", offset, error->message);
}

static char *
escape_line (const char *line,
             gsize       len)
{
  g_autofree char *copy = g_strndup (line, len);

  /* Embedded NULs cut the copy short: the byte count is given as well. */
  return g_strdup_printf ("%" G_GSIZE_FORMAT " bytes: %s", len, g_strescape (copy, NULL));
}

/* Decodes @line with both decoders and checks the raw text with both
 * checks; fails on the first difference. */
static void
assert_same_decode (const char *line,
                    gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reference_error = NULL;
  g_autoptr(GError) check_error = NULL;
  g_autoptr(GError) reference_check_error = NULL;
  g_autoptr(PupitreClientMessage) message = NULL;
  g_autoptr(PupitreClientMessage) reference = NULL;
  g_autofree char *ref_type = NULL;
  g_autofree char *reference_ref_type = NULL;
  g_autofree char *described = NULL;
  g_autofree char *reference_described = NULL;
  g_autofree char *check = NULL;
  g_autofree char *reference_check = NULL;
  gsize offset = 0;
  gsize reference_offset = 0;
  gboolean ok;
  gboolean reference_ok;

  message = pupitre_client_message_decode (line, len, &ref_type, &error);
  reference = reference_client_message_decode (line, len, &reference_ref_type,
                                               &reference_error);
  described = describe_decode (message, ref_type, error);
  reference_described = describe_decode (reference, reference_ref_type, reference_error);

  ok = pupitre_json_check_raw (line, len, &offset, &check_error);
  reference_ok = reference_json_check_raw (line, len, &reference_offset,
                                           &reference_check_error);
  check = describe_check (ok, offset, check_error);
  reference_check = describe_check (reference_ok, reference_offset, reference_check_error);

  if (g_strcmp0 (described, reference_described) != 0 ||
      g_strcmp0 (check, reference_check) != 0)
    {
      g_autofree char *shown = escape_line (line, len);

      g_test_message ("line: %s", shown);
    }
  g_assert_cmpstr (described, ==, reference_described);
  g_assert_cmpstr (check, ==, reference_check);

  /* A decoded message always comes with its type, and an error only
   * without a message. */
  g_assert_true ((message == NULL) == (error != NULL));
}

static void
assert_same_decode_text (const char *line)
{
  assert_same_decode (line, strlen (line));
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (out, unit);

  return g_string_free (out, FALSE);
}

/* Lines written by hand, one family of cases each. */

static const char * const valid_lines[] = {
  "{\"type\":\"join\",\"name\":\"Ubuntu1\"}",
  "{\"type\":\"join\",\"name\":\"  Zoé \",\"game\":\"ABCD\",\"token\":\"t0k\",\"protocol\":1,\"host_key\":\"secret\",\"future\":{\"x\":[1]}}",
  "{\"type\":\"join\",\"name\":\"a\",\"game\":null,\"token\":null,\"protocol\":null,\"host_key\":null}",
  "{\"protocol\":1,\"host_key\":\"k\",\"token\":\"t\",\"game\":\"g\",\"name\":\"n\",\"type\":\"join\"}",
  "{\"type\":\"answer\",\"round\":3,\"choice\":2}",
  "{\"choice\":0,\"round\":1,\"type\":\"answer\"}",
  "{\"type\":\"answer\",\"round\":2147483647,\"choice\":2147483647}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":-0}",
  "{\"type\":\"chat\",\"text\":\"Bonjour \\\"à\\\" tous\\n\"}",
  "{\"type\":\"chat\",\"text\":\"\\u00e9\\u00E9\\ud83d\\ude00\\/\\b\\f\\r\\t\\\\\"}",
  "{\"type\":\"chat\",\"text\":\"\\u0001\\u001f\\u007f\\u2028\\u2029\"}",
  "{\"type\":\"chat\",\"text\":\"😀 中文 \xe2\x80\x8d \xe2\x80\xae\"}",
  "{\"type\":\"chat\",\"text\":\" \"}",
  "{\"type\":\"ping\"}",
  "{\"type\":\"ping\",\"id\":17}",
  "{\"type\":\"ping\",\"id\":-9223372036854775808}",
  "{\"type\":\"ping\",\"id\":9223372036854775807}",
  "{\"type\":\"ping\",\"id\":-0}",
  "{\"type\":\"ping\",\"id\":\"a\\nb\\u0000\"}",
  "{\"type\":\"ping\",\"id\":\"a\\nb\\u001f\\ud83d\\ude00\"}",
  "{\"type\":\"ping\",\"id\":1.5}",
  "{\"type\":\"ping\",\"id\":1e100}",
  "{\"type\":\"ping\",\"id\":-0.0}",
  "{\"type\":\"ping\",\"id\":0.1}",
  "{\"type\":\"ping\",\"id\":2E-3}",
  "{\"type\":\"ping\",\"id\":1e-400}",
  "{\"type\":\"ping\",\"id\":true}",
  "{\"type\":\"ping\",\"id\":false}",
  "{\"type\":\"ping\",\"id\":null}",
  "{\"type\":\"ping\",\"id\":{}}",
  "{\"type\":\"ping\",\"id\":[]}",
  "{\"type\":\"ping\",\"id\":{\"a\":[1,\"x\"],\"b\":{\"c\":null}}}",
  "{\"type\":\"ping\",\"id\":{\"k\":[\"a\\nb\",2,null,1.5e3,true]}}",
  "{\"type\":\"ping\",\"id\":{\"b\":1,\"a\":2,\"\\u0061\":3}}",
  "{\"type\":\"ping\",\"id\":[[[[[[[[[[[[[[1]]]]]]]]]]]]]]}",
  "{\"type\":\"quit\"}",
  "{\"type\":\"start\"}",
  "{\"type\":\"skip\"}",
  "{\"type\":\"quit\",\"why\":\"bored\"}",
};

static const char * const escaped_key_lines[] = {
  /* Keys are compared once their escapes are read. */
  "{\"\\u0074ype\":\"quit\"}",
  "{\"typ\\u0065\":\"answer\",\"r\\u006fund\":1,\"\\u0063hoice\":2}",
  "{\"type\":\"chat\",\"t\\u0065xt\":\"hi\"}",
  "{\"type\":\"\\u006aoin\",\"name\":\"a\"}",
  "{\"type\":\"ping\",\"\\u0069\\u0064\":[1]}",
  /* Different as written, the same once read: the last one counts. */
  "{\"type\":\"chat\",\"text\":\"first\",\"t\\u0065xt\":\"second\"}",
  "{\"t\\u0065xt\":\"first\",\"type\":\"chat\",\"text\":\"second\"}",
  "{\"t\\u0079pe\":\"quit\",\"type\":\"ping\"}",
  "{\"type\":\"ping\",\"\\u0074ype\":7}",
  "{\"type\":\"answer\",\"round\":0,\"roun\\u0064\":1,\"choice\":1}",
  "{\"type\":\"answer\",\"round\":1,\"roun\\u0064\":null,\"choice\":1}",
  /* Keys that only look alike. */
  "{\"type\":\"quit\",\"typ\":1,\"types\":2,\"Type\":3,\"\":4,\"\\u0000x\":5}",
  "{\"type\":\"answer\",\"round \":1,\"round\":2,\"choice\":3}",
};

static const char * const member_lines[] = {
  /* Missing, null and wrong-typed members. */
  "{\"type\":\"join\"}",
  "{\"type\":\"join\",\"name\":null}",
  "{\"type\":\"join\",\"name\":5}",
  "{\"type\":\"join\",\"name\":[\"a\"]}",
  "{\"type\":\"join\",\"name\":\"a\",\"game\":1}",
  "{\"type\":\"join\",\"name\":\"a\",\"token\":true}",
  "{\"type\":\"join\",\"name\":\"a\",\"host_key\":{}}",
  "{\"type\":\"join\",\"name\":\"a\",\"protocol\":\"1\"}",
  "{\"type\":\"join\",\"name\":\"a\",\"protocol\":1.0}",
  "{\"type\":\"join\",\"name\":\"a\",\"protocol\":2}",
  "{\"type\":\"join\",\"name\":\"a\",\"protocol\":0}",
  "{\"type\":\"join\",\"name\":\"a\",\"protocol\":-1}",
  "{\"type\":\"join\",\"name\":\"a\",\"protocol\":-9223372036854775808}",
  "{\"type\":\"join\",\"protocol\":2}",
  "{\"type\":\"join\",\"name\":1,\"protocol\":2}",
  "{\"type\":\"answer\"}",
  "{\"type\":\"answer\",\"choice\":1}",
  "{\"type\":\"answer\",\"round\":1}",
  "{\"type\":\"answer\",\"round\":0,\"choice\":1}",
  "{\"type\":\"answer\",\"round\":-1,\"choice\":1}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":-1}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":1.5}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":2.0}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":1e0}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":\"1\"}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":null}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":true}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":2147483648}",
  "{\"type\":\"answer\",\"round\":2147483648,\"choice\":1}",
  "{\"type\":\"answer\",\"round\":9223372036854775807,\"choice\":1}",
  "{\"type\":\"answer\",\"round\":-9223372036854775808,\"choice\":1}",
  "{\"type\":\"answer\",\"round\":[1],\"choice\":1}",
  "{\"type\":\"answer\",\"round\":{\"n\":1},\"choice\":1}",
  "{\"type\":\"chat\"}",
  "{\"type\":\"chat\",\"text\":\"\"}",
  "{\"type\":\"chat\",\"text\":42}",
  "{\"type\":\"chat\",\"text\":null}",
  "{\"type\":\"chat\",\"text\":[\"hi\"]}",
  /* The type. */
  "{\"type\":\"dance\"}",
  "{\"type\":\"\"}",
  "{\"type\":\"welcome\",\"protocol\":1}",
  "{\"type\":\"JOIN\",\"name\":\"a\"}",
  "{\"type\":\"join \",\"name\":\"a\"}",
  "{\"type\":\"\\u00e9t\\u00e9\"}",
  "{\"name\":\"a\"}",
  "{\"type\":7}",
  "{\"type\":null,\"name\":\"a\"}",
  "{\"type\":[\"join\"]}",
  "{\"type\":{\"type\":\"join\"}}",
  "{\"x\":{\"type\":\"quit\"}}",
  "{}",
  /* Unknown members of every kind, nested ones holding brackets and
   * quotes in strings. */
  "{\"type\":\"answer\",\"x\":{\"a\":\"}]\\\"{[\",\"b\":[{},[],\"]\"]},\"round\":1,\"choice\":1}",
  "{\"type\":\"answer\",\"round\":1,\"x\":[[{\"round\":5}]],\"choice\":1,\"y\":\"\\\\\"}",
  "{\"type\":\"chat\",\"n\":-1.5e-3,\"t\":true,\"f\":false,\"z\":null,\"text\":\"hi\"}",
  "{\"type\":\"ping\",\"x\":{\"id\":1},\"id\":2}",
};

static const char * const whitespace_lines[] = {
  " {\"type\":\"quit\"}",
  "{\"type\":\"quit\"} ",
  "\t\r\n{ \"type\" : \"answer\" , \"round\" : 1 , \"choice\" : 2 }\r\n",
  "{\n\"type\"\n:\n\"ping\"\n,\n\"id\"\n:\n[\n1\n,\n{\n\"a\"\n:\nnull\n}\n]\n}",
  "{\t\"type\":\t\"chat\",\t\"text\":\t\" spaced \"\t}",
  "{\"type\":\"join\",\"name\"   :   \"a\"   ,   \"protocol\"   :   1   }",
  "{\"type\":\"quit\"}\x0c",
  "\xc2\xa0{\"type\":\"quit\"}",
  "{\"type\":\"quit\"}\v",
};

static const char * const refused_lines[] = {
  /* Not JSON the checks accept. */
  "",
  " ",
  "hello",
  "{\"type\":\"join\",\"name\":\"a\"",
  "{\"type\":\"quit\"}}",
  "{\"type\":\"quit\"} {\"type\":\"quit\"}",
  "{\"type\":\"quit\"} x",
  "{'type':'quit'}",
  "{\"type\":\"quit\",/*c*/\"x\":1}",
  "{\"type\":\"quit\",\"x\":01}",
  "{\"type\":\"quit\",\"x\":1.}",
  "{\"type\":\"quit\",\"x\":.5}",
  "{\"type\":\"quit\",\"x\":+1}",
  "{\"type\":\"quit\",\"x\":0x10}",
  "{\"type\":\"quit\",\"x\":1e999}",
  "{\"type\":\"quit\",\"x\":NaN}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":99999999999999999999}",
  "{\"type\":\"answer\",\"round\":9223372036854775808,\"choice\":1}",
  "{\"type\":\"answer\",\"round\":-9223372036854775809,\"choice\":1}",
  "{\"type\":\"quit\",\"x\":tru}",
  "{\"type\":\"quit\",\"x\":True}",
  "{\"type\":\"quit\",\"x\":\"\\u0000\"}",
  "{\"type\":\"quit\",\"x\":\"\\ud800\"}",
  "{\"type\":\"quit\",\"x\":\"\\udc00\\ud800\"}",
  "{\"type\":\"quit\",\"x\":\"\\ud800\\u0041\"}",
  "{\"type\":\"quit\",\"x\":\"\\x41\"}",
  "{\"type\":\"quit\",\"x\":\"\\u12\"}",
  "{\"type\":\"quit\",\"x\":\"a\x01\"}",
  "{\"type\":\"quit\",\"x\":\"a\tb\"}",
  "{\"type\":\"quit\",\"x\":\"abc}",
  "{\"type\":\"quit\",\"x\":\"\\",
  "{\"type\":\"quit\",\"x\":\"\xff\"}",
  "{\"type\":\"quit\",\"x\":\"\xc3\"}",
  "{\"type\":\"quit\",\"x\":\"\xc0\x80\"}",
  "{\"type\":\"quit\",\"x\":\"\xed\xa0\x80\"}",
  "{\"type\":\"quit\",\"x\":\"\xf4\x90\x80\x80\"}",
  "\xef\xbb\xbf{\"type\":\"quit\"}",
  /* Keys twice, at the top and deeper. */
  "{\"type\":\"join\",\"type\":\"quit\"}",
  "{\"type\":\"answer\",\"round\":1,\"choice\":1,\"round\":2}",
  "{\"type\":\"quit\",\"x\":{\"a\":1,\"b\":2,\"a\":3}}",
  "{\"type\":\"quit\",\"a\":1,\"b\":{\"a\":1},\"a\":2,\"b\":3,\"a\":4}",
  "{\"type\":\"quit\",\"\":1,\"\":2}",
  /* Tokens the checks accept in an order JSON does not. */
  "{\"type\":\"join\",}",
  "{\"type\":\"quit\",\"x\":[1,]}",
  "{\"type\":\"quit\",\"x\":[,1]}",
  "{,\"type\":\"quit\"}",
  "{\"type\":\"quit\" \"x\":1}",
  "{\"type\":\"quit\",\"x\" 1}",
  "{\"type\":\"quit\",\"x\"}",
  "{\"type\":\"quit\",\"x\":[1 2]}",
  "{\"type\":\"quit\",\"x\":[1:2]}",
  "{\"type\":\"quit\",\"x\"::1}",
  "{\"type\":\"quit\",\"x\":[1,,2]}",
  "{\"type\":\"quit\",1:2}",
  "{\"type\":\"quit\",\"x\":1:2}",
  "{\"type\":\"quit\",\"x\":{}\"y\":1}",
  "{\"type\":\"quit\",:1}",
  "{\"type\":\"quit\",\"x\":}",
  "{\"type\":\"quit\",\"x\":\"b\":\"c\"}",
  "{\"type\":\"quit\",,\"x\":1}",
  "{\"type\":\"quit\",\"x\":[\"a\":1]}",
  "{\"type\":\"quit\",\"x\":true false}",
  "{\"type\"}",
  "{\"type\":}",
  "{:\"quit\"}",
  /* Valid JSON that is not an object. */
  "[\"join\"]",
  "[{\"type\":\"quit\"}]",
  "\"join\"",
  "1",
  "-1.5",
  "null",
  "true",
};

static void
assert_same_decode_all (const char * const *lines,
                        gsize               n_lines)
{
  for (gsize i = 0; i < n_lines; i++)
    assert_same_decode_text (lines[i]);
}

static void
test_valid (void)
{
  assert_same_decode_all (valid_lines, G_N_ELEMENTS (valid_lines));
}

static void
test_escaped_keys (void)
{
  assert_same_decode_all (escaped_key_lines, G_N_ELEMENTS (escaped_key_lines));
}

static void
test_members (void)
{
  assert_same_decode_all (member_lines, G_N_ELEMENTS (member_lines));
}

static void
test_whitespace (void)
{
  assert_same_decode_all (whitespace_lines, G_N_ELEMENTS (whitespace_lines));
}

static void
test_refused (void)
{
  static const char with_nul[] = "{\"type\":\"quit\",\"x\":\"a\0b\"}";
  static const char nul_after[] = "{\"type\":\"quit\"}\0";

  assert_same_decode_all (refused_lines, G_N_ELEMENTS (refused_lines));
  assert_same_decode (with_nul, sizeof with_nul - 1);
  assert_same_decode (nul_after, sizeof nul_after - 1);
}

static void
test_chat_length (void)
{
  const char *units[] = { "a", "é", "€", "😀", "\\u00e9", "\\ud83d\\ude00", "\\n", "e\xcc\x81" };

  /* Around the limit, in characters of one to four bytes, written as they
   * are or as escapes. */
  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    {
      for (guint n = PUPITRE_MAX_CHAT_CHARS - 1; n <= PUPITRE_MAX_CHAT_CHARS + 1; n++)
        {
          g_autofree char *text = repeat (units[u], n);
          g_autofree char *line = g_strdup_printf ("{\"type\":\"chat\",\"text\":\"%s\"}", text);

          assert_same_decode_text (line);
        }
    }
}

static void
test_many_members (void)
{
  g_autoptr(GString) line = g_string_new ("{\"type\":\"answer\"");

  /* More members than the decoder keeps on its stack, with the wanted ones
   * last, then a key twice among many. */
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (line, ",\"x%u\":{\"y\":[%u]}", i, i);
  g_string_append (line, ",\"round\":1,\"choice\":2}");
  assert_same_decode (line->str, line->len);

  g_string_truncate (line, line->len - 1);
  g_string_append (line, ",\"x150\":0}");
  assert_same_decode (line->str, line->len);
}

static void
test_depth (void)
{
  for (guint depth = 1; depth <= PUPITRE_MAX_JSON_DEPTH + 1; depth++)
    {
      g_autofree char *open = repeat ("[", depth - 1);
      g_autofree char *close = repeat ("]", depth - 1);
      g_autofree char *line = g_strdup_printf ("{\"type\":\"ping\",\"id\":%s1%s}", open, close);

      assert_same_decode_text (line);
    }
}

/* Generated lines: messages of every type with members of every kind,
 * escapes, white space and, now and then, a broken byte or token. */

static const char * const some_types[] = {
  "join", "answer", "chat", "ping", "quit", "start", "skip",
  "dance", "", "JOIN", "welcome", "pong",
};

static const char * const some_keys[] = {
  "type", "name", "game", "token", "host_key", "protocol", "round", "choice",
  "text", "id", "future", "x", "Type", "typ", "types", "",
};

static const char * const some_numbers[] = {
  "0", "1", "-1", "2", "3", "-0", "7", "2147483647", "2147483648",
  "-2147483648", "9223372036854775807", "-9223372036854775808",
  "9223372036854775808", "-9223372036854775809", "99999999999999999999",
  "1e5", "1E+2", "2.0", "1.5", "-0.0", "0e0", "1e-400", "1e999", "00",
  "01", "1.", ".5", "+1", "-", "0x10",
};

static const char * const some_words[] = {
  "true", "false", "null", "True", "nul", "tru",
};

static const char * const some_characters[] = {
  "a", "Z", "0", " ", "é", "à", "€", "😀", "𝄞", "\"", "\\", "/", "\n", "\t",
  "\x01", "\x1f", "\x7f", "\xe2\x80\xa8", "\xe2\x80\x8d", "\xe2\x80\xae",
  "ß", "中",
};

static const char * const broken_strings[] = {
  "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800x\"", "\"\\x41\"",
  "\"\\u12\"", "'a'", "\"a\x01\"", "\"\xff\"", "\"abc", "\"\\uZZZZ\"",
};

static const char *
pick (GRand              *rand,
      const char * const *items,
      gsize               n_items)
{
  return items[g_rand_int_range (rand, 0, (gint32) n_items)];
}

#define PICK(rand, items) pick ((rand), (items), G_N_ELEMENTS (items))

static void
append_space (GRand    *rand,
              GString  *out,
              gboolean  clean)
{
  double r = g_rand_double (rand);

  if (r < 0.7)
    return;
  if (r < 0.97 || clean)
    {
      for (gint n = g_rand_int_range (rand, 1, 4); n > 0; n--)
        g_string_append_c (out, " \t\n\r"[g_rand_int_range (rand, 0, 4)]);
      return;
    }

  g_string_append (out, g_rand_boolean (rand) ? "\f" : "\xc2\xa0");
}

static void
append_unit (GString  *out,
             gboolean  upper,
             guint     unit)
{
  if (upper)
    g_string_append_printf (out, "\\u%04X", unit);
  else
    g_string_append_printf (out, "\\u%04x", unit);
}

static void
append_unicode_escape (GRand    *rand,
                       GString  *out,
                       gunichar  c)
{
  gboolean upper = g_rand_boolean (rand);

  if (c >= 0x10000)
    {
      append_unit (out, upper, 0xD800 + ((c - 0x10000) >> 10));
      append_unit (out, upper, 0xDC00 + ((c - 0x10000) & 0x3FF));
      return;
    }

  append_unit (out, upper, c);
}

/* Appends @text as a JSON string, each character written as it is or
 * escaped in one of the ways JSON allows. */
static void
append_string (GRand      *rand,
               GString    *out,
               const char *text,
               double      escape_rate)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean other_way = g_rand_boolean (rand);

      if (c == '"')
        g_string_append (out, other_way ? "\\\"" : "\\u0022");
      else if (c == '\\')
        g_string_append (out, other_way ? "\\\\" : "\\u005c");
      else if (c == '/' && other_way)
        g_string_append (out, "\\/");
      else if (c == '\n' && other_way)
        g_string_append (out, "\\n");
      else if (c == '\t' && other_way)
        g_string_append (out, "\\t");
      else if (c < 0x20 || g_rand_double (rand) < escape_rate)
        append_unicode_escape (rand, out, c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_string_append_c (out, '"');
}

static char *
random_text (GRand *rand,
             guint  max_chars)
{
  GString *text = g_string_new (NULL);

  for (gint n = g_rand_int_range (rand, 0, max_chars + 1); n > 0; n--)
    g_string_append (text, PICK (rand, some_characters));

  return g_string_free (text, FALSE);
}

static void
append_value (GRand    *rand,
              GString  *out,
              guint     depth,
              gboolean  clean)
{
  double r = g_rand_double (rand);

  if (r < 0.25)
    {
      g_string_append (out, PICK (rand, some_numbers));
    }
  else if (r < 0.55)
    {
      g_autofree char *text = random_text (rand, 12);

      append_string (rand, out, text, 0.1);
    }
  else if (r < 0.62)
    {
      g_string_append (out, PICK (rand, some_words));
    }
  else if (r < 0.66 && !clean)
    {
      g_string_append (out, PICK (rand, broken_strings));
    }
  else if (depth < 4 && r < 0.83)
    {
      g_string_append_c (out, '[');
      for (gint n = g_rand_int_range (rand, 0, 4), i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_space (rand, out, clean);
          append_value (rand, out, depth + 1, clean);
          append_space (rand, out, clean);
        }
      g_string_append_c (out, ']');
    }
  else if (depth < 4)
    {
      static const char * const nested_keys[] = { "a", "b", "type", "x", "" };

      g_string_append_c (out, '{');
      for (gint n = g_rand_int_range (rand, 0, 4), i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_space (rand, out, clean);
          append_string (rand, out, PICK (rand, nested_keys), 0.1);
          g_string_append_c (out, ':');
          append_value (rand, out, depth + 1, clean);
        }
      g_string_append_c (out, '}');
    }
  else
    {
      g_string_append (out, "null");
    }
}

static void
append_member_value (GRand      *rand,
                     GString    *out,
                     const char *key,
                     const char *type,
                     gboolean    clean)
{
  if (g_rand_double (rand) < (clean ? 0.03 : 0.25))
    {
      append_value (rand, out, 0, clean);
    }
  else if (g_str_equal (key, "type"))
    {
      append_string (rand, out, type, 0.2);
    }
  else if (g_str_equal (key, "round") || g_str_equal (key, "choice") ||
           g_str_equal (key, "protocol"))
    {
      static const char * const values[] = {
        "1", "1", "2", "3", "0", "-1", "2147483647", "2147483648", "null",
        "1.0", "\"1\"", "9223372036854775807", "-9223372036854775808",
      };

      g_string_append (out, PICK (rand, values));
    }
  else if (g_str_equal (key, "text"))
    {
      g_autofree char *text = NULL;

      if (g_rand_double (rand) < 0.15)
        {
          static const char * const units[] = { "é", "a", "😀", "\n" };
          gint n = g_rand_int_range (rand, PUPITRE_MAX_CHAT_CHARS - 1,
                                     PUPITRE_MAX_CHAT_CHARS + 2);
          GString *long_text = g_string_new (NULL);

          for (gint i = 0; i < n; i++)
            g_string_append (long_text, PICK (rand, units));
          text = g_string_free (long_text, FALSE);
        }
      else
        {
          text = random_text (rand, 20);
        }
      append_string (rand, out, text, 0.05);
    }
  else if (g_str_equal (key, "name") || g_str_equal (key, "game") ||
           g_str_equal (key, "token") || g_str_equal (key, "host_key"))
    {
      g_autofree char *text = random_text (rand, 12);

      if (g_rand_double (rand) < 0.2)
        g_string_append (out, "null");
      else
        append_string (rand, out, text, 0.1);
    }
  else
    {
      append_value (rand, out, 0, clean);
    }
}

static GString *
generate_line (GRand *rand)
{
  static const char * const join_keys[] = { "name", "game", "token", "host_key", "protocol" };
  static const char * const answer_keys[] = { "round", "choice" };
  static const char * const chat_keys[] = { "text" };
  static const char * const ping_keys[] = { "id" };
  static const char * const mutations[] = { ",", ":", "}", "]", "{", "[", "\"", " ", "1", ",," };
  gboolean clean = g_rand_double (rand) < 0.6;
  const char *type = PICK (rand, some_types);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  const char * const *type_keys = NULL;
  gsize n_type_keys = 0;
  GString *out = g_string_new (NULL);

  if (g_str_equal (type, "join"))
    type_keys = join_keys, n_type_keys = G_N_ELEMENTS (join_keys);
  else if (g_str_equal (type, "answer"))
    type_keys = answer_keys, n_type_keys = G_N_ELEMENTS (answer_keys);
  else if (g_str_equal (type, "chat"))
    type_keys = chat_keys, n_type_keys = G_N_ELEMENTS (chat_keys);
  else if (g_str_equal (type, "ping"))
    type_keys = ping_keys, n_type_keys = G_N_ELEMENTS (ping_keys);

  if (g_rand_double (rand) < 0.85)
    g_ptr_array_add (keys, (gpointer) "type");
  for (gsize i = 0; i < n_type_keys; i++)
    {
      if (g_rand_double (rand) < 0.85)
        g_ptr_array_add (keys, (gpointer) type_keys[i]);
    }
  for (gint n = g_rand_int_range (rand, -2, 3); n > 0; n--)
    g_ptr_array_add (keys, (gpointer) PICK (rand, some_keys));

  /* Members in any order. */
  for (guint i = keys->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer swap = keys->pdata[i - 1];

      keys->pdata[i - 1] = keys->pdata[j];
      keys->pdata[j] = swap;
    }

  append_space (rand, out, clean);
  g_string_append_c (out, '{');
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i];

      if (i > 0)
        g_string_append_c (out, ',');
      append_space (rand, out, clean);
      /* Now and then a key written with escapes. */
      append_string (rand, out, key, g_rand_double (rand) < 0.1 ? 0.4 : 0);
      append_space (rand, out, clean);
      g_string_append_c (out, ':');
      append_space (rand, out, clean);
      append_member_value (rand, out, key, type, clean);
      append_space (rand, out, clean);
    }
  g_string_append_c (out, '}');
  append_space (rand, out, clean);

  if (clean)
    return out;

  /* Broken lines: a token inserted or a byte dropped, the end cut off, or
   * a byte that is not UTF-8. */
  if (g_rand_double (rand) < 0.12)
    {
      for (gint n = g_rand_int_range (rand, 1, 3); n > 0; n--)
        {
          gsize pos = g_rand_int_range (rand, 0, out->len + 1);
          double op = g_rand_double (rand);

          if (op < 0.4)
            g_string_insert (out, pos, PICK (rand, mutations));
          else if (op < 0.8 && pos < out->len)
            g_string_erase (out, pos, 1);
          else
            g_string_truncate (out, pos);
        }
    }
  if (g_rand_double (rand) < 0.03)
    {
      static const char broken_bytes[] = { '\x80', '\xff', '\xc3', '\xe2', '\xed', '\0' };
      gsize pos = g_rand_int_range (rand, 0, out->len + 1);

      g_string_insert_len (out, pos, &broken_bytes[g_rand_int_range (rand, 0, sizeof broken_bytes)], 1);
    }

  return out;
}

static void
test_generated (void)
{
  /* A fixed seed: a failure comes back on every run. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  guint n_lines = g_test_slow () ? 200000 : 5000;

  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(GString) line = generate_line (rand);

      assert_same_decode (line->str, line->len);
    }
}

/* Ids come back as they came, in a pong that is JSON. */
static void
test_pong_echoes_id (void)
{
  const char *ids[] = {
    "17", "-9223372036854775808", "1.5", "1e100", "-1E-300", "0.1", "-0.0",
    "2.0", "\"a\\u0001\\u001f\\u2028\\\"\\\\\\ud83d\\ude00\"", "true", "null",
    "{\"b\":[1,2.5e30,{\"c\":\"\\n\"}],\"a\":{}}", "[[],[[]]]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *line = g_strdup_printf ("{\"type\":\"ping\",\"id\":%s}", ids[i]);
      g_autoptr(PupitreClientMessage) ping = NULL;
      g_autoptr(GBytes) pong = NULL;
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GError) error = NULL;
      const char *data;
      gsize size = 0;

      ping = pupitre_client_message_decode (line, strlen (line), NULL, &error);
      g_assert_no_error (error);
      pong = pupitre_message_pong (ping->id);
      data = g_bytes_get_data (pong, &size);
      object = pupitre_json_parse_object (data, size - 1, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (json_object_get_member (object, "id"), ping->id));
    }
}

/* The readers of values, on their own. */
static void
test_span_readers (void)
{
  static const char *strings[][2] = {
    { "\"\"", "" },
    { "\"plain\"", "plain" },
    { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t" },
    { "\"\\u00e9\\u20AC\\ud83d\\ude00\"", "é€😀" },
    { "\"a\\u0041\\u00410\"", "aAA0" },
  };
  static const struct { const char *text; gint64 value; } integers[] = {
    { "0", 0 }, { "-0", 0 }, { "42", 42 }, { "-42", -42 },
    { "9223372036854775807", G_MAXINT64 }, { "-9223372036854775808", G_MININT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *text = pupitre_json_string_value (strings[i][0], strlen (strings[i][0]));

      g_assert_cmpstr (text, ==, strings[i][1]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (integers); i++)
    g_assert_cmpint (pupitre_json_integer_value (integers[i].text, strlen (integers[i].text)),
                     ==, integers[i].value);
}

static void
test_scan_message (void)
{
  static const PupitreJsonName names[] = {
    PUPITRE_JSON_NAME ("type"),
    PUPITRE_JSON_NAME ("n"),
    PUPITRE_JSON_NAME ("o"),
  };
  const char *line = " { \"type\" : \"t\" , \"x\" : [ \"n\" ] , \"o\" : { \"n\" : 1 } , \"\\u006e\" : -2.5e3 } ";
  PupitreJsonMember members[G_N_ELEMENTS (names)];
  g_autoptr(GError) error = NULL;

  g_assert_true (pupitre_json_scan_message (line, strlen (line), names,
                                            G_N_ELEMENTS (names), members, &error));
  g_assert_no_error (error);

  g_assert_cmpint (members[0].kind, ==, PUPITRE_JSON_KIND_STRING);
  g_assert_cmpmem (members[0].value, members[0].value_len, "\"t\"", 3);
  /* Only top-level members count, their keys read with their escapes. */
  g_assert_cmpint (members[1].kind, ==, PUPITRE_JSON_KIND_NUMBER);
  g_assert_cmpmem (members[1].value, members[1].value_len, "-2.5e3", 6);
  g_assert_cmpint (members[2].kind, ==, PUPITRE_JSON_KIND_OBJECT);
  g_assert_cmpmem (members[2].value, members[2].value_len, "{ \"n\" : 1 }", 11);
}

/* Decoding cost, before and after: run with -m perf. */
static void
test_perf (void)
{
  g_autoptr(GBytes) answer = pupitre_message_answer (3, 2);
  g_autoptr(GBytes) chat = pupitre_message_chat_request ("Bonjour à tous, qui a trouvé la réponse ?");
  g_autoptr(GBytes) join = pupitre_message_join ("Zoé", "ABCD", "3f2a9c0d1e4b5a6c7d8e9f00", NULL);
  g_autoptr(GBytes) ping = pupitre_message_ping (1234567);
  struct { const char *name; GBytes *bytes; } lines[] = {
    { "answer", answer }, { "chat", chat }, { "join", join }, { "ping", ping },
  };
  const guint n_decodes = 100000;

  if (!g_test_perf ())
    {
      g_test_skip ("Only with -m perf");
      return;
    }

  for (guint l = 0; l < G_N_ELEMENTS (lines); l++)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (lines[l].bytes, &size);
      double seconds[2];

      for (guint which = 0; which < 2; which++)
        {
          g_test_timer_start ();
          for (guint i = 0; i < n_decodes; i++)
            {
              g_autofree char *ref_type = NULL;
              g_autoptr(PupitreClientMessage) message = NULL;

              if (which == 0)
                message = pupitre_client_message_decode (data, size - 1, &ref_type, NULL);
              else
                message = reference_client_message_decode (data, size - 1, &ref_type, NULL);
              g_assert_nonnull (message);
            }
          seconds[which] = g_test_timer_elapsed ();
        }

      g_test_message ("%-6s %7.1f ns per decode (json-glib: %7.1f ns)", lines[l].name,
                      seconds[0] * 1e9 / n_decodes, seconds[1] * 1e9 / n_decodes);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decode/same-as-json-glib/valid", test_valid);
  g_test_add_func ("/decode/same-as-json-glib/escaped-keys", test_escaped_keys);
  g_test_add_func ("/decode/same-as-json-glib/members", test_members);
  g_test_add_func ("/decode/same-as-json-glib/whitespace", test_whitespace);
  g_test_add_func ("/decode/same-as-json-glib/refused", test_refused);
  g_test_add_func ("/decode/same-as-json-glib/chat-length", test_chat_length);
  g_test_add_func ("/decode/same-as-json-glib/many-members", test_many_members);
  g_test_add_func ("/decode/same-as-json-glib/depth", test_depth);
  g_test_add_func ("/decode/same-as-json-glib/generated", test_generated);
  g_test_add_func ("/decode/pong-echoes-id-as-json", test_pong_echoes_id);
  g_test_add_func ("/decode/span/readers", test_span_readers);
  g_test_add_func ("/decode/span/top-level-members", test_scan_message);
  g_test_add_func ("/decode/perf", test_perf);

  return g_test_run ();
}
