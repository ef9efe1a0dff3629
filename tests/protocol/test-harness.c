/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real pupitre-server for the protocol tests, and a client that keeps every message. */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "pupitre-test-server.h"

#include "test-harness.h"

/* How long the server may take to stop. */
#define STOP_TIMEOUT_US (10 * G_USEC_PER_SEC)

struct _TestServer
{
  PupitreTestServer *server;
  char              *dir;
  GPtrArray         *clients;  /* not owned: each removes itself when freed */
};

typedef struct
{
  JsonObject *object;
  char       *type;
  gint64      at;
  guint64     serial;  /* arrival order */
} Received;

struct _TestClient
{
  TestServer        *server;
  PupitreTestClient *raw;
  GQueue             pending;       /* Received, not yet taken */
  GPtrArray         *log;           /* JsonObject, everything received */
  char              *name;
  char              *token;
  gint64             taken_at;
  guint64            taken_serial;  /* of the last message taken */
  guint64            next_serial;
  guint              sync_serial;
};

static void
received_free (Received *received)
{
  json_object_unref (received->object);
  g_free (received->type);
  g_free (received);
}

TestServer *
test_server_start (const char         *quiz_json,
                   const char * const *args)
{
  g_autoptr(TestServer) self = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *quiz_path = NULL;
  const char *server = g_getenv ("PUPITRE_SERVER");

  if (server == NULL)
    g_error ("PUPITRE_SERVER is not set: run the tests with meson test");

  self->clients = g_ptr_array_new ();
  self->dir = g_dir_make_tmp ("pupitre-protocol-XXXXXX", &error);
  g_assert_no_error (error);
  quiz_path = g_build_filename (self->dir, "quiz.json", NULL);
  g_file_set_contents (quiz_path, quiz_json, -1, &error);
  g_assert_no_error (error);

  g_strv_builder_add_many (builder, server, "--quiz", quiz_path, "--countdown", "0",
                           "--pause", "0", "--time-limit", "10", NULL);
  if (args != NULL)
    g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_cwd (launcher, self->dir);
  self->server = pupitre_test_server_start (launcher, (const char * const *) argv);
  return g_steal_pointer (&self);
}

guint16
test_server_get_port (TestServer *self)
{
  return pupitre_test_server_get_port (self->server);
}

const char *
test_server_get_dir (TestServer *self)
{
  return self->dir;
}

gboolean
test_server_is_running (TestServer *self)
{
  return pupitre_test_server_is_running (self->server);
}

void
test_server_send_signal (TestServer *self,
                         int         signum)
{
  pupitre_test_server_send_signal (self->server, signum);
}

gboolean
test_server_wait_exit (TestServer *self,
                       guint       timeout_ms,
                       int        *exit_status)
{
  GSubprocess *process = pupitre_test_server_get_process (self->server);

  if (!pupitre_test_server_wait_exit (self->server, (gint64) timeout_ms * 1000))
    return FALSE;

  if (exit_status != NULL)
    {
      g_assert_true (g_subprocess_get_if_exited (process));
      *exit_status = g_subprocess_get_exit_status (process);
    }
  return TRUE;
}

guint64
test_server_get_rss_kib (TestServer *self)
{
  return pupitre_test_server_get_rss_kib (self->server);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
test_server_stop (TestServer *self)
{
  int status;

  /* The server lets each connection finish reading for a moment before
   * it exits: clients that leave first spare the wait. */
  for (guint i = 0; i < self->clients->len; i++)
    {
      TestClient *client = g_ptr_array_index (self->clients, i);

      test_client_drop (client);
    }

  /* A server that died of a crash shows here as a signal, not status 0. */
  status = pupitre_test_server_stop (self->server, SIGTERM,
                                     pupitre_test_scale_us (STOP_TIMEOUT_US));
  g_assert_false (WIFSIGNALED (status));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

void
test_server_free (TestServer *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->server, pupitre_test_server_free);
  for (guint i = 0; i < self->clients->len; i++)
    ((TestClient *) g_ptr_array_index (self->clients, i))->server = NULL;
  g_ptr_array_unref (self->clients);
  if (self->dir != NULL)
    remove_tree (self->dir);
  g_free (self->dir);
  g_free (self);
}

/* The client */

TestClient *
test_client_connect (TestServer *server)
{
  TestClient *self = g_new0 (TestClient, 1);

  self->raw = pupitre_test_client_connect ("127.0.0.1", test_server_get_port (server));
  self->server = server;
  g_ptr_array_add (server->clients, self);
  self->next_serial = 1;
  self->log = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_queue_init (&self->pending);
  return self;
}

TestClient *
test_client_join (TestServer *server,
                  const char *name)
{
  TestClient *self = test_client_connect (server);
  g_autoptr(JsonObject) welcome = test_client_take (self, "welcome", TEST_WAIT_MS);
  g_autoptr(JsonNode) name_node = json_node_init_string (json_node_alloc (), name);
  g_autofree char *quoted = json_to_string (name_node, FALSE);
  g_autoptr(JsonObject) joined = NULL;

  g_assert_cmpint (test_member_int (welcome, "protocol"), ==, 1);
  test_client_send (self, "{\"type\":\"join\",\"name\":%s}", quoted);
  joined = test_client_take (self, "joined", TEST_WAIT_MS);
  self->name = g_strdup (test_member_string (joined, "name"));
  self->token = g_strdup (test_member_string (joined, "token"));
  return self;
}

void
test_client_free (TestClient *self)
{
  if (self == NULL)
    return;
  if (self->server != NULL)
    g_ptr_array_remove_fast (self->server->clients, self);
  pupitre_test_client_free (self->raw);
  g_queue_clear_full (&self->pending, (GDestroyNotify) received_free);
  g_ptr_array_unref (self->log);
  g_free (self->name);
  g_free (self->token);
  g_free (self);
}

const char *
test_client_get_name (TestClient *self)
{
  return self->name;
}

const char *
test_client_get_token (TestClient *self)
{
  return self->token;
}

void
test_client_send_raw (TestClient *self,
                      const char *data,
                      gsize       len)
{
  pupitre_test_client_send_raw (self->raw, data, len);
}

void
test_client_send (TestClient *self,
                  const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  pupitre_test_client_sendv (self->raw, format, args);
  va_end (args);
}

gssize
test_client_try_send (TestClient *self,
                      const char *data,
                      gsize       len)
{
  gssize n;

  if (pupitre_test_client_is_closed (self->raw))
    return -1;
  do
    n = send (pupitre_test_client_get_fd (self->raw), data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n >= 0)
    return n;
  if (errno == EAGAIN || errno == EWOULDBLOCK)
    return 0;
  return -1;
}

gboolean
test_client_wait_writable (TestClient *self,
                           guint       timeout_ms)
{
  struct pollfd pfd = { .fd = pupitre_test_client_get_fd (self->raw), .events = POLLOUT };

  return poll (&pfd, 1, (int) MIN (timeout_ms, G_MAXINT)) > 0;
}

/* Reads the next message before @deadline and queues it. FALSE when
 * nothing came: the deadline passed or the server closed. */
static gboolean
fill (TestClient *self,
      gint64      deadline)
{
  Received *received;
  JsonObject *object;

  object = pupitre_test_client_read_message (self->raw,
                                             MAX (deadline - g_get_monotonic_time (), 0));
  if (object == NULL)
    return FALSE;

  received = g_new0 (Received, 1);
  received->object = object;
  received->type = g_strdup (pupitre_test_message_type (object));
  received->at = g_get_monotonic_time ();
  received->serial = self->next_serial++;
  g_queue_push_tail (&self->pending, received);
  g_ptr_array_add (self->log, json_object_ref (object));
  return TRUE;
}

typedef gboolean (*MatchFunc) (JsonObject *object,
                               gconstpointer data);

static char *
describe_pending (TestClient *self)
{
  GString *text = g_string_new (NULL);

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    g_string_append_printf (text, "%s%s", l != self->pending.head ? ", " : "",
                            ((Received *) l->data)->type);
  return g_string_free (text, FALSE);
}

/* The first pending message of @type (any type when NULL) that @match
 * accepts and that arrived after message number @after. */
static JsonObject *
take_matching (TestClient    *self,
               const char    *type,
               MatchFunc      match,
               gconstpointer  data,
               gint64         after,
               guint          timeout_ms,
               gboolean       must)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      for (GList *l = self->pending.head; l != NULL; l = l->next)
        {
          Received *received = l->data;
          JsonObject *object;

          if ((gint64) received->serial <= after)
            continue;
          if (type != NULL && strcmp (received->type, type) != 0)
            continue;
          if (match != NULL && !match (received->object, data))
            continue;

          object = json_object_ref (received->object);
          self->taken_at = received->at;
          self->taken_serial = received->serial;
          g_queue_delete_link (&self->pending, l);
          received_free (received);
          return object;
        }

      if (!fill (self, deadline))
        break;
    }

  if (must)
    {
      g_autofree char *pending = describe_pending (self);

      g_error ("%s: no “%s” message within %u ms (connection %s; received but not taken: %s)",
               self->name ? self->name : "client", type ? type : "any", timeout_ms,
               pupitre_test_client_is_closed (self->raw) ? "closed" : "open", pending);
    }
  return NULL;
}

JsonObject *
test_client_take (TestClient *self,
                  const char *type,
                  guint       timeout_ms)
{
  return take_matching (self, type, NULL, NULL, -1, timeout_ms, TRUE);
}

JsonObject *
test_client_try_take (TestClient *self,
                      const char *type,
                      guint       timeout_ms)
{
  return take_matching (self, type, NULL, NULL, -1, timeout_ms, FALSE);
}

JsonObject *
test_client_skip_to (TestClient *self,
                     const char *type,
                     guint       timeout_ms)
{
  JsonObject *object = take_matching (self, type, NULL, NULL, (gint64) self->taken_serial,
                                      timeout_ms, TRUE);
  Received *received;

  while ((received = g_queue_peek_head (&self->pending)) != NULL &&
         received->serial < self->taken_serial)
    received_free (g_queue_pop_head (&self->pending));
  return object;
}

JsonObject *
test_client_next (TestClient *self,
                  guint       timeout_ms)
{
  return take_matching (self, NULL, NULL, NULL, -1, timeout_ms, TRUE);
}

void
test_client_expect_error (TestClient *self,
                          const char *code,
                          const char *ref)
{
  g_autoptr(JsonObject) error = test_client_take (self, "error", TEST_WAIT_MS);

  if (g_strcmp0 (test_member_string (error, "code"), code) != 0)
    g_test_message ("expected %s, got %s: %s", code, test_member_string (error, "code"),
                    test_member_string (error, "message"));
  g_assert_cmpstr (test_member_string (error, "code"), ==, code);
  g_assert_cmpstr (test_member_string (error, "message"), !=, "");
  if (ref != NULL && *ref == '\0')
    g_assert_false (json_object_has_member (error, "ref"));
  else if (ref != NULL)
    g_assert_cmpstr (test_member_string (error, "ref"), ==, ref);
}

static gboolean
match_pong_id (JsonObject    *object,
               gconstpointer  data)
{
  JsonNode *id = json_object_get_member (object, "id");

  return id != NULL && JSON_NODE_HOLDS_VALUE (id) &&
         json_node_get_value_type (id) == G_TYPE_STRING &&
         g_strcmp0 (json_node_get_string (id), data) == 0;
}

void
test_client_sync (TestClient *self)
{
  g_autofree char *id = g_strdup_printf ("sync-%u", ++self->sync_serial);
  g_autoptr(JsonObject) pong = NULL;

  test_client_send (self, "{\"type\":\"ping\",\"id\":\"%s\"}", id);
  pong = take_matching (self, "pong", match_pong_id, id, -1, TEST_WAIT_MS, TRUE);
}

guint
test_client_count_pending (TestClient *self,
                           const char *type)
{
  guint count = 0;

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    if (strcmp (((Received *) l->data)->type, type) == 0)
      count++;
  return count;
}

GPtrArray *
test_client_get_log (TestClient *self)
{
  return self->log;
}

gint64
test_client_get_taken_at (TestClient *self)
{
  return self->taken_at;
}

gboolean
test_client_wait_closed (TestClient *self,
                         guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  /* What still arrives is kept, as everything else. */
  while (fill (self, deadline))
    ;
  return pupitre_test_client_is_closed (self->raw);
}

gboolean
test_client_is_closed (TestClient *self)
{
  return pupitre_test_client_is_closed (self->raw);
}

void
test_client_drop (TestClient *self)
{
  pupitre_test_client_close (self->raw);
}
