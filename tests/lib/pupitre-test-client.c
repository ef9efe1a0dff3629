/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A raw line client for the tests: send a line, read the next message with a deadline. */

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pupitre-test-client.h"

/* The contract's limit on one line, newline included. */
#define MAX_LINE 65536

struct _PupitreTestClient
{
  int      fd;
  GString *input;
  gboolean closed;
};

PupitreTestClient *
pupitre_test_client_new_for_fd (int fd)
{
  PupitreTestClient *self = g_new0 (PupitreTestClient, 1);

  self->fd = fd;
  self->input = g_string_new (NULL);
  return self;
}

PupitreTestClient *
pupitre_test_client_connect (const char *address,
                             guint16     port)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd;

  g_assert_cmpint (inet_pton (AF_INET, address, &sin.sin_addr), ==, 1);
  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  if (connect (fd, (struct sockaddr *) &sin, sizeof sin) != 0)
    g_error ("connect to %s:%u: %s", address, port, g_strerror (errno));
  return pupitre_test_client_new_for_fd (fd);
}

int
pupitre_test_client_get_fd (PupitreTestClient *self)
{
  return self->fd;
}

void
pupitre_test_client_send_raw (PupitreTestClient *self,
                              const char        *data,
                              gsize              len)
{
  gsize done = 0;

  g_assert_false (self->closed);
  while (done < len)
    {
      gssize n = send (self->fd, data + done, len - done, MSG_NOSIGNAL);

      if (n < 0 && errno == ENOTSOCK)
        n = write (self->fd, data + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        g_error ("send: %s", g_strerror (errno));
      done += n;
    }
}

void
pupitre_test_client_send (PupitreTestClient *self,
                          const char        *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);

  pupitre_test_client_send_raw (self, text, strlen (text));
}

void
pupitre_test_client_sendv (PupitreTestClient *self,
                           const char        *format,
                           va_list            args)
{
  g_autofree char *line = g_strdup_vprintf (format, args);

  pupitre_test_client_send (self, line);
}

void
pupitre_test_client_sendf (PupitreTestClient *self,
                           const char        *format,
                           ...)
{
  va_list args;

  va_start (args, format);
  pupitre_test_client_sendv (self, format, args);
  va_end (args);
}

void
pupitre_test_client_close (PupitreTestClient *self)
{
  if (self->closed)
    return;
  g_close (self->fd, NULL);
  self->closed = TRUE;
}

/* Waits for more bytes until @deadline; FALSE at the deadline or the end. */
static gboolean
fill (PupitreTestClient *self,
      gint64             deadline)
{
  char buffer[65536];

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
      gssize n;
      int ready;

      if (self->closed || left <= 0)
        return FALSE;
      ready = poll (&pfd, 1, (int) MIN ((left + 999) / 1000, G_MAXINT));
      if (ready < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (ready, >=, 0);
      if (ready == 0)
        continue;

      n = read (self->fd, buffer, sizeof buffer);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n <= 0)
        {
          /* The end or a reset: either way the peer is gone. */
          pupitre_test_client_close (self);
          return FALSE;
        }
      g_string_append_len (self->input, buffer, n);
      return TRUE;
    }
}

char *
pupitre_test_client_read_line (PupitreTestClient *self,
                               gint64             timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      const char *newline = memchr (self->input->str, '\n', self->input->len);

      if (newline != NULL)
        {
          gsize len = newline - self->input->str;
          char *line = g_strndup (self->input->str, len);

          g_string_erase (self->input, 0, len + 1);
          return line;
        }
      if (!fill (self, deadline))
        return NULL;
    }
}

JsonObject *
pupitre_test_client_read_message (PupitreTestClient *self,
                                  gint64             timeout_us)
{
  g_autofree char *line = pupitre_test_client_read_line (self, timeout_us);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonNode *type;
  gsize len;

  if (line == NULL)
    return NULL;

  len = strlen (line);
  g_assert_cmpuint (len + 1, <=, MAX_LINE);
  g_assert_true (g_utf8_validate_len (line, len, NULL));
  json_parser_load_from_data (parser, line, len, &error);
  if (error != NULL)
    g_test_message ("Not a message: %s", line);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  type = json_object_get_member (json_node_get_object (root), "type");
  g_assert_nonnull (type);
  g_assert_cmpint (json_node_get_value_type (type), ==, G_TYPE_STRING);
  return json_object_ref (json_node_get_object (root));
}

JsonObject *
pupitre_test_client_expect (PupitreTestClient *self,
                            const char        *type,
                            gint64             timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      g_autoptr(JsonObject) message = NULL;

      message = pupitre_test_client_read_message (self, deadline - g_get_monotonic_time ());
      if (message == NULL)
        g_error ("no “%s” message within %" G_GINT64_FORMAT " ms (%s)", type, timeout_us / 1000,
                 self->closed ? "the connection ended" : "deadline passed");
      if (g_str_equal (pupitre_test_message_type (message), type))
        return g_steal_pointer (&message);
    }
}

gboolean
pupitre_test_client_wait_closed (PupitreTestClient *self,
                                 gint64             timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (fill (self, deadline))
    g_string_truncate (self->input, 0);
  return self->closed;
}

gboolean
pupitre_test_client_is_closed (PupitreTestClient *self)
{
  return self->closed;
}

void
pupitre_test_client_free (PupitreTestClient *self)
{
  if (self == NULL)
    return;
  pupitre_test_client_close (self);
  g_string_free (self->input, TRUE);
  g_free (self);
}

/* Members */

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_error ("the message has no “%s” member", name);
  return node;
}

const char *
pupitre_test_message_type (JsonObject *message)
{
  return pupitre_test_member_string (message, "type");
}

gint64
pupitre_test_member_int (JsonObject *object,
                         const char *name)
{
  JsonNode *node = member (object, name);

  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  return json_node_get_int (node);
}

const char *
pupitre_test_member_string (JsonObject *object,
                            const char *name)
{
  JsonNode *node = member (object, name);

  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

JsonArray *
pupitre_test_member_array (JsonObject *object,
                           const char *name)
{
  JsonNode *node = member (object, name);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

gboolean
pupitre_test_member_is_null (JsonObject *object,
                             const char *name)
{
  return JSON_NODE_HOLDS_NULL (member (object, name));
}

void
pupitre_test_assert_members_va (JsonObject *object,
                                va_list     members)
{
  const char *name;
  guint count = 0;

  while ((name = va_arg (members, const char *)) != NULL)
    {
      if (!json_object_has_member (object, name))
        g_error ("the message has no “%s” member", name);
      count++;
    }

  if (json_object_get_size (object) != count)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
      g_autofree char *text = json_to_string (node, FALSE);

      g_error ("unexpected members in %s", text);
    }
}

void
pupitre_test_assert_members (JsonObject *object,
                             ...)
{
  va_list members;

  va_start (members, object);
  pupitre_test_assert_members_va (object, members);
  va_end (members);
}
