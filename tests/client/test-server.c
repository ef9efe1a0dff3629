/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real server for the client tests, on a port picked here: its
 * "Listening on" line is for people, not for tests to parse. */

#include "config.h"

#include <signal.h>

#include "test-server.h"

struct _TestServer
{
  GSubprocess *process;
  guint16 port;
  gboolean exited;
};

guint16
test_pick_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);

  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_assert_cmpuint (port, >, 0);

  g_socket_close (socket, &error);
  g_assert_no_error (error);

  return port;
}

static char *
env_path (const char *variable,
          const char *relative)
{
  const char *root = g_getenv (variable);

  if (root == NULL)
    g_test_message ("%s is not set: run the tests with meson test", variable);
  g_assert_nonnull (root);

  return g_build_filename (root, relative, NULL);
}

char *
test_build_path (const char *relative)
{
  return env_path ("PUPITRE_BUILD_DIR", relative);
}

char *
test_source_path (const char *relative)
{
  return env_path ("PUPITRE_SOURCE_DIR", relative);
}

static gboolean
set_true_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

void
test_wait_until (TestCondition  condition,
                 gpointer       data,
                 const char    *what)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  if (condition (data))
    return;

  timeout_id = g_timeout_add (TEST_TIMEOUT_MS, set_true_cb, &timed_out);
  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    {
      g_test_message ("Timed out waiting for %s", what);
      g_assert_false (timed_out);
    }

  g_source_remove (timeout_id);
}

typedef struct
{
  gboolean accepted;
  gboolean pending;
} Probe;

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, NULL);
  probe->accepted = connection != NULL;
  probe->pending = FALSE;
  if (connection != NULL)
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static void
process_exited_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TestServer *self = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  self->exited = TRUE;
}

static gboolean
probe_settled (gpointer data)
{
  return !((Probe *) data)->pending;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Connects until the server accepts. Each attempt is one event (refused or
 * accepted) waited for; between attempts a short timer, since nothing else
 * tells when the server has started to listen. FALSE when the server
 * exited first (someone else took the port). */
static gboolean
wait_accepting (TestServer *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  gint64 deadline = g_get_monotonic_time () + TEST_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  while (!self->exited)
    {
      Probe probe = { FALSE, TRUE };
      gboolean tick = FALSE;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);

      g_socket_client_connect_to_host_async (client, "127.0.0.1", self->port, NULL,
                                             probe_cb, &probe);
      test_wait_until (probe_settled, &probe, "the server to accept or refuse");
      if (probe.accepted)
        return TRUE;

      g_timeout_add (50, set_true_cb, &tick);
      test_wait_until (flag_is_set, &tick, "a retry");
    }

  return FALSE;
}

static GSubprocess *
spawn_server (guint16    port,
              GPtrArray *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, test_build_path ("src/server/pupitre-server"));
  g_ptr_array_add (argv, g_strdup ("--bind"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", port));
  /* The tests' own quiz: the installed ones may not be there. */
  g_ptr_array_add (argv, g_strdup ("--quiz"));
  g_ptr_array_add (argv, test_source_path ("tests/client/three-questions.json"));
  for (guint i = 0; i < extra->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (extra, i)));
  g_ptr_array_add (argv, NULL);

  /* Its log goes to the test's log. */
  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);

  return process;
}

TestServer *
test_server_start (const char *first_arg,
                   ...)
{
  g_autoptr(GPtrArray) extra = g_ptr_array_new ();
  TestServer *self = g_new0 (TestServer, 1);
  va_list args;

  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (extra, (gpointer) arg);
  va_end (args);

  /* The port was free when picked; another program may take it before the
   * server binds it, so try a few. */
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      self->port = test_pick_free_port ();
      self->exited = FALSE;
      self->process = spawn_server (self->port, extra);
      g_subprocess_wait_async (self->process, NULL, process_exited_cb, self);

      if (wait_accepting (self))
        return self;

      g_clear_object (&self->process);
    }

  g_assert_not_reached ();
}

guint16
test_server_get_port (TestServer *self)
{
  return self->port;
}

int
test_server_wait_exit (TestServer *self)
{
  test_wait_until (flag_is_set, &self->exited, "the server to exit");

  if (!g_subprocess_get_if_exited (self->process))
    return -1;

  return g_subprocess_get_exit_status (self->process);
}

void
test_server_free (TestServer *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL && !self->exited)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      test_server_wait_exit (self);
    }

  g_clear_object (&self->process);
  g_free (self);
}
