/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: bytes from a client, framed into lines and decoded as the server does. */

/* An input is a 4-byte header and then the byte stream:
 *   byte 0     odd: lines limited to PUPITRE_MAX_LINE, as on the server;
 *              even: a limit of 2 + byte0 / 2, so that short inputs reach
 *              the line-too-long paths too;
 *   bytes 1-3  the sizes of the pushed chunks, in turn: byte + 1 bytes,
 *              or everything left when the byte is 0xff.
 * The lines that come out are checked against an independent splitter,
 * then each is decoded as a client message and parsed as a JSON object,
 * and every reply the server would encode from it must be one valid line. */

#include <stdint.h>
#include <string.h>

#include "pupitre-error.h"
#include "pupitre-json.h"
#include "pupitre-line-reader.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"

#define HEADER_SIZE 4

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A warning or a critical from the code under test is a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* Checks that @bytes is exactly one line holding a JSON object with the
 * string member "type" equal to @type, and returns that object. */
static JsonObject *
parse_encoded_line (GBytes     *bytes,
                    const char *type)
{
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *line = g_bytes_get_data (bytes, &size);
  JsonObject *object;

  g_assert_cmpuint (size, >, 1);
  g_assert_cmpint (line[size - 1], ==, '\n');
  g_assert_null (memchr (line, '\n', size - 1));
  g_assert_null (memchr (line, '\r', size - 1));

  object = pupitre_json_parse_object (line, size - 1, &error);
  if (object == NULL)
    g_printerr ("Not a valid line: %.*s\n", (int) MIN (size, 1000), line);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, type);
  return object;
}

/* What the server answers to a line it refuses. */
static void
check_error_reply (const GError *error,
                   const char   *ref)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *code;

  g_assert_true (error->domain == PUPITRE_ERROR);
  g_assert_true (error->code == PUPITRE_ERROR_BAD_JSON ||
                 error->code == PUPITRE_ERROR_UNKNOWN_TYPE ||
                 error->code == PUPITRE_ERROR_BAD_FIELD ||
                 error->code == PUPITRE_ERROR_PROTOCOL_VERSION);

  /* The message may quote json-glib's, which can cut a character in two:
   * what matters is that the line sent is valid, which
   * parse_encoded_line() checks. */
  code = pupitre_error_code_to_string (error->code);
  reply = pupitre_message_error (code, error->message, ref);
  object = parse_encoded_line (reply, "error");
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, code);
  if (ref != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, ref);
}

static void
check_name (const char *raw)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = pupitre_name_normalize (raw, &error);
  g_autofree char *again = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GBytes) joined = NULL;
  g_autoptr(JsonObject) object = NULL;
  glong n_chars;

  if (name == NULL)
    {
      g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID);
      return;
    }
  g_assert_no_error (error);

  /* The contract's rules, and a name that is already normal stays so. */
  g_assert_true (g_utf8_validate (name, -1, NULL));
  n_chars = g_utf8_strlen (name, -1);
  g_assert_cmpint (n_chars, >=, 1);
  g_assert_cmpint (n_chars, <=, PUPITRE_MAX_NAME_CHARS);
  g_assert_false (g_unichar_isspace (g_utf8_get_char (name)));
  g_assert_false (g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (name + strlen (name)))));
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_cmpint (g_unichar_type (g_utf8_get_char (p)), !=, G_UNICODE_CONTROL);

  again = pupitre_name_normalize (name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, name);

  key = pupitre_name_collate_key (name);
  g_assert_nonnull (key);
  g_assert_true (g_utf8_validate (key, -1, NULL));

  joined = pupitre_message_joined (name, "token", "main", "lobby", 3, FALSE);
  object = parse_encoded_line (joined, "joined");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, name);
}

/* A string member as json-glib's tree has it: NULL when absent or null. */
static const char *
tree_string (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

static gint64
tree_int (JsonObject *object,
          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  return json_node_get_int (node);
}

/* @object is the same line read by json-glib: the decoder must have read
 * the members json-glib reads (the last of two equal keys, escapes
 * decoded), whatever way it found them. */
static void
check_message (const PupitreClientMessage *message,
               JsonObject                 *object)
{
  switch (message->type)
    {
    case PUPITRE_CLIENT_JOIN:
      g_assert_nonnull (message->name);
      g_assert_cmpstr (message->name, ==, tree_string (object, "name"));
      g_assert_cmpstr (message->game, ==, tree_string (object, "game"));
      g_assert_cmpstr (message->token, ==, tree_string (object, "token"));
      g_assert_cmpstr (message->host_key, ==, tree_string (object, "host_key"));
      g_assert_true (message->protocol == 0 || message->protocol == PUPITRE_PROTOCOL_VERSION);
      check_name (message->name);
      break;

    case PUPITRE_CLIENT_ANSWER:
      /* Any 64-bit choice decodes: one out of range is the game's to
       * refuse (bad-choice), however large. */
      g_assert_cmpint (message->round, >=, 1);
      g_assert_cmpint (message->round, <=, G_MAXINT);
      g_assert_cmpint (message->round, ==, tree_int (object, "round"));
      g_assert_cmpint (message->choice, ==, tree_int (object, "choice"));
      break;

    case PUPITRE_CLIENT_CHAT:
      {
        g_autoptr(GBytes) relayed = NULL;
        g_autoptr(JsonObject) reply = NULL;
        glong n_chars;

        g_assert_nonnull (message->text);
        g_assert_cmpstr (message->text, ==, tree_string (object, "text"));
        g_assert_true (g_utf8_validate (message->text, -1, NULL));
        n_chars = g_utf8_strlen (message->text, -1);
        g_assert_cmpint (n_chars, >=, 1);
        g_assert_cmpint (n_chars, <=, PUPITRE_MAX_CHAT_CHARS);

        /* Relayed to every member: the text must come out unchanged. */
        relayed = pupitre_message_chat ("Ubuntu1", message->text);
        reply = parse_encoded_line (relayed, "chat");
        g_assert_cmpstr (json_object_get_string_member (reply, "text"), ==, message->text);
      }
      break;

    case PUPITRE_CLIENT_PING:
      {
        JsonNode *id = json_object_get_member (object, "id");
        g_autoptr(GBytes) pong = NULL;
        g_autoptr(JsonObject) reply = NULL;

        if (id == NULL)
          g_assert_null (message->id);
        else
          g_assert_true (message->id != NULL && json_node_equal (message->id, id));

        /* The id comes back as it was sent. */
        pong = pupitre_message_pong (message->id);
        reply = parse_encoded_line (pong, "pong");
        if (message->id != NULL)
          g_assert_true (json_node_equal (json_object_get_member (reply, "id"), message->id));
      }
      break;

    case PUPITRE_CLIENT_QUIZ_PART:
      g_assert_nonnull (message->text);
      g_assert_cmpstr (message->text, ==, tree_string (object, "text"));
      break;

    case PUPITRE_CLIENT_CREATE_GAME:
      {
        JsonNode *options = json_object_get_member (object, "options");

        g_assert_nonnull (message->quiz);
        g_assert_cmpstr (message->quiz, ==, tree_string (object, "quiz"));
        g_assert_cmpstr (message->format, ==, tree_string (object, "format"));
        g_assert_cmpstr (message->filename, ==, tree_string (object, "filename"));
        g_assert_cmpstr (message->name, ==, tree_string (object, "name"));
        g_assert_cmpstr (message->host_key, ==, tree_string (object, "host_key"));
        if (message->filename != NULL)
          {
            g_assert_cmpint (g_utf8_strlen (message->filename, -1), >=, 1);
            g_assert_cmpint (g_utf8_strlen (message->filename, -1), <=, 255);
          }
        if (options == NULL || JSON_NODE_HOLDS_NULL (options))
          g_assert_null (message->options);
        else
          g_assert_true (JSON_NODE_HOLDS_OBJECT (message->options) &&
                         json_node_equal (message->options, options));
      }
      break;

    case PUPITRE_CLIENT_RESUME_HOST:
      g_assert_nonnull (message->game);
      g_assert_nonnull (message->token);
      g_assert_cmpstr (message->game, ==, tree_string (object, "game"));
      g_assert_cmpstr (message->token, ==, tree_string (object, "host_token"));
      break;

    case PUPITRE_CLIENT_ADD_TIME:
      g_assert_cmpint (message->ms, >=, 1000);
      g_assert_cmpint (message->ms, <=, 600000);
      break;

    case PUPITRE_CLIENT_KICK:
      g_assert_nonnull (message->name);
      g_assert_cmpstr (message->name, ==, tree_string (object, "name"));
      break;

    case PUPITRE_CLIENT_QUIT:
    case PUPITRE_CLIENT_START:
    case PUPITRE_CLIENT_SKIP:
    case PUPITRE_CLIENT_NEXT:
    case PUPITRE_CLIENT_CLOSE:
    case PUPITRE_CLIENT_PAUSE:
    case PUPITRE_CLIENT_RESUME:
    case PUPITRE_CLIENT_LOCK:
    case PUPITRE_CLIENT_UNLOCK:
    case PUPITRE_CLIENT_END:
    case PUPITRE_CLIENT_PLAY_AGAIN:
    case PUPITRE_CLIENT_GET_RESULTS:
    case PUPITRE_CLIENT_CLOSE_GAME:
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
check_line (const char *line,
            gsize       len)
{
  g_autoptr(PupitreClientMessage) message = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *ref = NULL;

  message = pupitre_client_message_decode (line, len, &ref, &error);
  object = pupitre_json_parse_object (line, len, &parse_error);

  /* The decoder and the plain parser agree on what is JSON. */
  if (object == NULL)
    {
      g_assert_error (parse_error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON);
      g_assert_null (message);
      g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON);
      g_assert_null (ref);
    }
  else
    {
      g_assert_no_error (parse_error);
      g_assert_nonnull (ref);
      g_assert_cmpstr (ref, ==, json_object_get_string_member (object, "type"));
      g_assert_true (message != NULL || !g_error_matches (error, PUPITRE_ERROR,
                                                          PUPITRE_ERROR_BAD_JSON));
    }

  if (message == NULL)
    {
      g_assert_nonnull (error);
      check_error_reply (error, ref);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (object);
  check_message (message, object);
}

/* The lines of @data by the contract, computed without the reader. */
static GPtrArray *
split_lines (const guint8 *data,
             gsize         size,
             gsize         max_line,
             gboolean     *overflow)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize start = 0;

  *overflow = FALSE;
  while (start < size)
    {
      const guint8 *newline = memchr (data + start, '\n', size - start);
      gsize with_newline;
      gsize content;

      if (newline == NULL)
        {
          /* With its newline it would be over the limit. */
          *overflow = size - start >= max_line;
          break;
        }

      with_newline = newline - (data + start) + 1;
      if (with_newline > max_line)
        {
          *overflow = TRUE;
          break;
        }

      content = with_newline - 1;
      if (content > 0 && data[start + content - 1] == '\r')
        content--;
      if (content > 0)
        g_ptr_array_add (lines, g_bytes_new (data + start, content));
      start += with_newline;
    }

  return lines;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PupitreLineReader) reader = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  const guint8 *stream;
  gsize stream_size;
  gsize max_line;
  gsize max_chunk = 1;
  gsize pos = 0;
  guint turn = 0;
  gboolean overflow = FALSE;
  gboolean expect_overflow;

  if (size < HEADER_SIZE)
    return 0;

  max_line = (data[0] & 1) ? PUPITRE_MAX_LINE : 2 + data[0] / 2;
  stream = data + HEADER_SIZE;
  stream_size = size - HEADER_SIZE;

  reader = pupitre_line_reader_new (max_line);
  seen = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  while (pos < stream_size && !overflow)
    {
      guint8 code = data[1 + turn++ % 3];
      gsize chunk = code == 0xff ? stream_size - pos : MIN ((gsize) code + 1, stream_size - pos);
      const char *line;
      gsize len;

      max_chunk = MAX (max_chunk, chunk);
      pupitre_line_reader_push (reader, (const char *) stream + pos, chunk);
      pos += chunk;

      for (;;)
        {
          g_autoptr(GError) error = NULL;

          line = pupitre_line_reader_next (reader, &len, &error);
          if (line == NULL)
            {
              if (error != NULL)
                {
                  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_LINE_TOO_LONG);
                  overflow = TRUE;
                }
              break;
            }

          g_assert_no_error (error);
          g_assert_cmpuint (len, >, 0);
          g_assert_cmpuint (len, <, max_line);
          g_assert_cmpint (line[len], ==, '\0');
          g_assert_null (memchr (line, '\n', len));
          g_ptr_array_add (seen, g_bytes_new (line, len));
          check_line (line, len);
        }

      /* Memory stays bounded by the limit and one push; nothing is kept
       * once every line has been read. */
      g_assert_cmpuint (pupitre_line_reader_get_buffered (reader), <, max_line);
      g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), <=,
                        MAX (256, 2 * (max_line + max_chunk)));
      if (pupitre_line_reader_get_buffered (reader) == 0)
        g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), ==, 0);
    }

  /* Any way of cutting the stream gives the same lines. */
  expected = split_lines (stream, stream_size, max_line, &expect_overflow);
  g_assert_cmpint (overflow, ==, expect_overflow);
  g_assert_cmpuint (seen->len, ==, expected->len);
  for (guint i = 0; i < seen->len; i++)
    g_assert_true (g_bytes_equal (g_ptr_array_index (seen, i), g_ptr_array_index (expected, i)));

  return 0;
}
