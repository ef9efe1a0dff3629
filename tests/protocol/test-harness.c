/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real pupitre-server on a loopback port, and a small blocking line client. */

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gstdio.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "test-harness.h"

/* The contract's limit on one line, newline included. */
#define MAX_LINE 65536
/* How long the server may take to open its port. */
#define START_TIMEOUT_MS 10000

struct _TestServer
{
  GSubprocess *process;
  guint16      port;
  char        *dir;
  GPtrArray   *clients;  /* not owned: each removes itself when freed */
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
  TestServer *server;
  GSocket  *socket;
  GString  *input;
  GQueue    pending;     /* Received, not yet taken */
  GPtrArray *log;        /* JsonObject, everything received */
  gboolean  closed;
  char     *name;
  char     *token;
  gint64    taken_at;
  guint64   taken_serial;  /* of the last message taken */
  guint64   next_serial;
  guint     sync_serial;
};

static void
received_free (Received *received)
{
  json_object_unref (received->object);
  g_free (received->type);
  g_free (received);
}

/* Asks the kernel for a free port, then lets it go for the server: the
 * window in which another program could take it is tiny. */
static guint16
pick_free_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static GSocket *
connect_loopback (guint16   port,
                  GError  **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_connect (socket, address, NULL, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* A test that aborts must not leave its server running. */
static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

TestServer *
test_server_start (const char         *quiz_json,
                   const char * const *args)
{
  g_autoptr(TestServer) self = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *quiz_path = NULL;
  const char *server = g_getenv ("PUPITRE_SERVER");
  gint64 deadline;

  if (server == NULL)
    g_error ("PUPITRE_SERVER is not set: run the tests with meson test");

  self->clients = g_ptr_array_new ();
  self->dir = g_dir_make_tmp ("pupitre-protocol-XXXXXX", &error);
  g_assert_no_error (error);
  quiz_path = g_build_filename (self->dir, "quiz.json", NULL);
  g_file_set_contents (quiz_path, quiz_json, -1, &error);
  g_assert_no_error (error);

  self->port = pick_free_port ();
  g_ptr_array_add (argv, g_strdup (server));
  g_ptr_array_add (argv, g_strdup ("--bind"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", self->port));
  g_ptr_array_add (argv, g_strdup ("--quiz"));
  g_ptr_array_add (argv, g_strdup (quiz_path));
  g_ptr_array_add (argv, g_strdup ("--countdown"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--pause"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--time-limit"));
  g_ptr_array_add (argv, g_strdup ("10"));
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_cwd (launcher, self->dir);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);

  /* The server logs when it is ready, but reading its log would mean
   * draining it for the whole test: trying the port is simpler. */
  deadline = g_get_monotonic_time () + START_TIMEOUT_MS * 1000;
  for (;;)
    {
      g_autoptr(GError) connect_error = NULL;
      g_autoptr(GSocket) probe = connect_loopback (self->port, &connect_error);

      if (probe != NULL)
        {
          g_socket_close (probe, NULL);
          break;
        }
      if (!test_server_is_running (self))
        g_error ("pupitre-server exited before accepting connections");
      if (g_get_monotonic_time () > deadline)
        g_error ("pupitre-server did not accept connections within %d ms: %s",
                 START_TIMEOUT_MS, connect_error->message);
      g_usleep (10 * 1000);
    }

  return g_steal_pointer (&self);
}

guint16
test_server_get_port (TestServer *self)
{
  return self->port;
}

const char *
test_server_get_dir (TestServer *self)
{
  return self->dir;
}

gboolean
test_server_is_running (TestServer *self)
{
  /* GSubprocess forgets the identifier once the child has been reaped. */
  return g_subprocess_get_identifier (self->process) != NULL;
}

void
test_server_send_signal (TestServer *self,
                         int         signum)
{
  g_subprocess_send_signal (self->process, signum);
}

typedef struct
{
  gboolean done;
  gboolean timed_out;
} WaitState;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  WaitState *state = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  state->done = TRUE;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  WaitState *state = user_data;

  state->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
test_server_wait_exit (TestServer *self,
                       guint       timeout_ms,
                       int        *exit_status)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  WaitState state = { FALSE, FALSE };

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (self->process, cancellable, wait_cb, &state);
  g_source_set_callback (timeout, wait_timeout_cb, &state, NULL);
  g_source_attach (timeout, context);
  while (!state.done && !state.timed_out)
    g_main_context_iteration (context, TRUE);
  if (!state.done)
    {
      g_cancellable_cancel (cancellable);
      while (!state.done)
        g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  if (test_server_is_running (self))
    return FALSE;

  if (exit_status != NULL)
    {
      g_assert_true (g_subprocess_get_if_exited (self->process));
      *exit_status = g_subprocess_get_exit_status (self->process);
    }
  return TRUE;
}

guint64
test_server_get_rss_kib (TestServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  const char *line;
  const char *id = g_subprocess_get_identifier (self->process);

  g_assert_nonnull (id);
  path = g_strdup_printf ("/proc/%s/status", id);
  g_file_get_contents (path, &status, NULL, &error);
  g_assert_no_error (error);
  line = strstr (status, "\nVmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
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
  int status = -1;

  /* The server lets each connection finish reading for a moment before
   * it exits: clients that leave first spare the wait. */
  for (guint i = 0; i < self->clients->len; i++)
    {
      TestClient *client = g_ptr_array_index (self->clients, i);

      test_client_drop (client);
    }

  /* A server that died of a crash shows here as a signal, not status 0. */
  if (test_server_is_running (self))
    test_server_send_signal (self, SIGTERM);
  g_assert_true (test_server_wait_exit (self, 10000, NULL));
  g_assert_false (g_subprocess_get_if_signaled (self->process));
  g_assert_true (g_subprocess_get_if_exited (self->process));
  status = g_subprocess_get_exit_status (self->process);
  g_assert_cmpint (status, ==, 0);
}

void
test_server_free (TestServer *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL && test_server_is_running (self))
    {
      g_subprocess_force_exit (self->process);
      test_server_wait_exit (self, 10000, NULL);
    }
  g_clear_object (&self->process);
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
  g_autoptr(GError) error = NULL;
  TestClient *self = g_new0 (TestClient, 1);

  self->socket = connect_loopback (server->port, &error);
  g_assert_no_error (error);
  self->server = server;
  g_ptr_array_add (server->clients, self);
  self->input = g_string_new (NULL);
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
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_string_free (self->input, TRUE);
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
  gsize sent = 0;

  while (sent < len)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (self->socket, data + sent, len - sent, NULL, &error);

      g_assert_no_error (error);
      sent += n;
    }
}

void
test_client_send (TestClient *self,
                  const char *format,
                  ...)
{
  g_autoptr(GString) line = g_string_new (NULL);
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (line, format, args);
  va_end (args);
  g_string_append_c (line, '\n');
  test_client_send_raw (self, line->str, line->len);
}

gssize
test_client_try_send (TestClient *self,
                      const char *data,
                      gsize       len)
{
  g_autoptr(GError) error = NULL;
  gssize n;

  if (self->closed)
    return -1;
  n = g_socket_send_with_blocking (self->socket, data, len, FALSE, NULL, &error);
  if (n >= 0)
    return n;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return 0;
  return -1;
}

gboolean
test_client_wait_writable (TestClient *self,
                           guint       timeout_ms)
{
  return g_socket_condition_timed_wait (self->socket, G_IO_OUT,
                                        (gint64) timeout_ms * 1000, NULL, NULL);
}

static void
handle_line (TestClient *self,
             const char *line,
             gsize       len,
             gint64      now)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Received *received;
  JsonNode *root;
  JsonObject *object;
  JsonNode *type;

  /* What the server sends must follow the contract as strictly as what it
   * accepts. */
  g_assert_cmpuint (len + 1, <=, MAX_LINE);
  g_assert_true (g_utf8_validate_len (line, len, NULL));
  json_parser_load_from_data (parser, line, len, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  type = json_object_get_member (object, "type");
  g_assert_nonnull (type);
  g_assert_cmpint (json_node_get_value_type (type), ==, G_TYPE_STRING);

  received = g_new0 (Received, 1);
  received->object = json_object_ref (object);
  received->type = g_strdup (json_node_get_string (type));
  received->at = now;
  received->serial = self->next_serial++;
  g_queue_push_tail (&self->pending, received);
  g_ptr_array_add (self->log, json_object_ref (object));
}

/* Reads what arrives before @deadline. FALSE when nothing came: the
 * deadline passed or the server closed (self->closed then). */
static gboolean
fill (TestClient *self,
      gint64      deadline)
{
  g_autoptr(GError) error = NULL;
  char buffer[65536];
  gint64 now = g_get_monotonic_time ();
  gssize n;
  gsize start = 0;

  if (self->closed)
    return FALSE;
  if (!g_socket_condition_timed_wait (self->socket, G_IO_IN, MAX (deadline - now, 0),
                                      NULL, NULL))
    return FALSE;

  n = g_socket_receive (self->socket, buffer, sizeof buffer, NULL, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return TRUE;
  if (n <= 0)
    {
      /* End of stream or a reset: either way the server is gone, and
       * closing our end too lets it forget the connection at once. */
      self->closed = TRUE;
      g_socket_close (self->socket, NULL);
      return FALSE;
    }

  now = g_get_monotonic_time ();
  g_string_append_len (self->input, buffer, n);
  for (;;)
    {
      const char *newline = memchr (self->input->str + start, '\n', self->input->len - start);

      if (newline == NULL)
        break;
      handle_line (self, self->input->str + start, newline - (self->input->str + start), now);
      start = newline - self->input->str + 1;
    }
  g_string_erase (self->input, 0, start);
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
               self->closed ? "closed" : "open", pending);
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

  while (!self->closed && g_get_monotonic_time () < deadline)
    fill (self, deadline);
  return self->closed;
}

gboolean
test_client_is_closed (TestClient *self)
{
  return self->closed;
}

void
test_client_drop (TestClient *self)
{
  g_socket_close (self->socket, NULL);
  self->closed = TRUE;
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

gint64
test_member_int (JsonObject *object,
                 const char *name)
{
  JsonNode *node = member (object, name);

  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  return json_node_get_int (node);
}

const char *
test_member_string (JsonObject *object,
                    const char *name)
{
  JsonNode *node = member (object, name);

  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

JsonArray *
test_member_array (JsonObject *object,
                   const char *name)
{
  JsonNode *node = member (object, name);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

gboolean
test_member_is_null (JsonObject *object,
                     const char *name)
{
  return JSON_NODE_HOLDS_NULL (member (object, name));
}

void
test_assert_members (JsonObject *object,
                     ...)
{
  va_list args;
  const char *name;
  guint count = 0;

  va_start (args, object);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      if (!json_object_has_member (object, name))
        g_error ("the message has no “%s” member", name);
      count++;
    }
  va_end (args);

  if (json_object_get_size (object) != count)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
      g_autofree char *text = json_to_string (node, FALSE);

      g_error ("unexpected members in %s", text);
    }
}
