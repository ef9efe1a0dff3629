/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real pupitre-server for the tests: handed a listening socket, ready when it says so. */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <gio/gunixinputstream.h>
#include <gio/gunixsocketaddress.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"

/* As many connections as the server's own backlog: the 120-player tests
 * connect all at once. */
#define LISTEN_BACKLOG 4096

struct _PupitreTestServer
{
  GSubprocess *process;
  guint16      port;
  char        *dir;           /* holds the notification socket */
  GSocket     *notify;
  int          log_fd;        /* the server's stderr */
  int          stop_pipe[2];  /* tells the watch thread to end */
  GThread     *watch_thread;

  /* Written by the watch thread, read by the test: under @lock. */
  GMutex       lock;
  GCond        changed;
  GString     *log;
  GString     *notifications;
  gboolean     log_closed;
};

void
pupitre_test_child_setup (gpointer user_data)
{
  /* A test that fails aborts without cleaning up: what it started must
   * not outlive it. */
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

static GSocket *
new_bound_socket (const char *host,
                  guint16    *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (host);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_assert_nonnull (inet);
  address = g_inet_socket_address_new (inet, 0);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return g_steal_pointer (&socket);
}

GSocket *
pupitre_test_reserve_closed_port (guint16 *port)
{
  return new_bound_socket ("127.0.0.1", port);
}

/* Appends what @fd has to @text; FALSE at the end of the stream. */
static gboolean
read_into (PupitreTestServer *self,
           int                fd,
           GString           *text,
           gboolean           echo)
{
  char buffer[4096];
  gssize n;

  do
    n = read (fd, buffer, sizeof buffer);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return FALSE;

  if (echo && write (STDERR_FILENO, buffer, n) < 0)
    {
      /* The copy on the test's stderr is only a convenience. */
    }

  g_mutex_lock (&self->lock);
  g_string_append_len (text, buffer, n);
  if (text == self->notifications)
    g_string_append_c (text, '\n');
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Keeps the server's stderr pipe and its notifications drained, so that
 * neither ever blocks it, and keeps both for the test. */
static gpointer
watch_thread (gpointer user_data)
{
  PupitreTestServer *self = user_data;
  int notify_fd = g_socket_get_fd (self->notify);

  for (;;)
    {
      struct pollfd fds[] = {
        { .fd = self->log_fd, .events = POLLIN },
        { .fd = notify_fd, .events = POLLIN },
        { .fd = self->stop_pipe[0], .events = POLLIN },
      };

      if (poll (fds, G_N_ELEMENTS (fds), -1) < 0)
        {
          g_assert_cmpint (errno, ==, EINTR);
          continue;
        }
      if (fds[2].revents != 0)
        break;
      if (fds[1].revents != 0)
        read_into (self, notify_fd, self->notifications, FALSE);
      if (fds[0].revents != 0 && !read_into (self, self->log_fd, self->log, TRUE))
        break;
    }

  /* The server is gone: what it notified last is still queued. */
  while (g_socket_condition_check (self->notify, G_IO_IN) != 0 &&
         read_into (self, notify_fd, self->notifications, FALSE))
    ;

  g_mutex_lock (&self->lock);
  self->log_closed = TRUE;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);
  return NULL;
}

PupitreTestServer *
pupitre_test_server_spawn (GSubprocessLauncher *launcher,
                           const char * const  *argv)
{
  return pupitre_test_server_spawn_on (launcher, "127.0.0.1", argv);
}

PupitreTestServer *
pupitre_test_server_spawn_on (GSubprocessLauncher *launcher,
                              const char          *address,
                              const char * const  *argv)
{
  g_autoptr(GSubprocessLauncher) own_launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) notify_address = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) wrapped = NULL;
  g_autofree char *notify_path = NULL;
  PupitreTestServer *self = g_new0 (PupitreTestServer, 1);
  GInputStream *log_stream;

  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  self->log = g_string_new (NULL);
  self->notifications = g_string_new (NULL);

  self->dir = g_dir_make_tmp ("pupitre-server-XXXXXX", &error);
  g_assert_no_error (error);
  notify_path = g_build_filename (self->dir, "notify", NULL);
  notify_address = g_unix_socket_address_new (notify_path);
  self->notify = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, 0, &error);
  g_assert_no_error (error);
  g_socket_bind (self->notify, notify_address, FALSE, &error);
  g_assert_no_error (error);

  /* Listening before the server starts: a client may connect at once,
   * the kernel queues it until the server accepts. */
  listener = new_bound_socket (address, &self->port);
  g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);

  if (launcher == NULL)
    launcher = own_launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, pupitre_test_child_setup, NULL, NULL);
  g_subprocess_launcher_take_fd (launcher, dup (g_socket_get_fd (listener)), 3);
  g_subprocess_launcher_setenv (launcher, "LISTEN_FDS", "1", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LISTEN_FDNAMES");
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", notify_path, TRUE);

  /* LISTEN_PID must be the server's own: a shell learns its pid and
   * becomes the server (or valgrind) with exec, keeping it. */
  g_strv_builder_add_many (builder, "/bin/sh", "-c", "LISTEN_PID=$$; export LISTEN_PID; "
                           "exec \"$0\" \"$@\"", NULL);
  g_strv_builder_addv (builder, (const char **) argv);
  wrapped = g_strv_builder_end (builder);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) wrapped, &error);
  g_assert_no_error (error);

  log_stream = g_subprocess_get_stderr_pipe (self->process);
  self->log_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (log_stream));
  g_unix_open_pipe (self->stop_pipe, FD_CLOEXEC, &error);
  g_assert_no_error (error);
  self->watch_thread = g_thread_new ("server-watch", watch_thread, self);
  return self;
}

PupitreTestServer *
pupitre_test_server_start (GSubprocessLauncher *launcher,
                           const char * const  *argv)
{
  PupitreTestServer *self = pupitre_test_server_spawn (launcher, argv);

  pupitre_test_server_wait_ready (self, pupitre_test_scale_us (PUPITRE_TEST_START_US));
  return self;
}

/* Waits under the lock until @text, from @from on, holds @needle. */
static gboolean
wait_text (PupitreTestServer *self,
           GString           *text,
           gsize              from,
           const char        *needle,
           gint64             timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  gboolean found;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      found = from <= text->len && strstr (text->str + from, needle) != NULL;
      if (found || self->log_closed)
        break;
      if (!g_cond_wait_until (&self->changed, &self->lock, deadline))
        {
          found = from <= text->len && strstr (text->str + from, needle) != NULL;
          break;
        }
    }
  g_mutex_unlock (&self->lock);
  return found;
}

void
pupitre_test_server_wait_ready (PupitreTestServer *self,
                                gint64             timeout_us)
{
  if (!wait_text (self, self->notifications, 0, "READY=1", timeout_us))
    {
      g_autofree char *log = pupitre_test_server_dup_log (self);

      g_error ("pupitre-server did not get ready within %" G_GINT64_FORMAT " ms (%s): %s",
               timeout_us / 1000, self->log_closed ? "it exited" : "still running", log);
    }
}

guint16
pupitre_test_server_get_port (PupitreTestServer *self)
{
  return self->port;
}

GPid
pupitre_test_server_get_pid (PupitreTestServer *self)
{
  const char *identifier = g_subprocess_get_identifier (self->process);

  return identifier != NULL ? (GPid) g_ascii_strtoll (identifier, NULL, 10) : 0;
}

GSubprocess *
pupitre_test_server_get_process (PupitreTestServer *self)
{
  return self->process;
}

gboolean
pupitre_test_server_is_running (PupitreTestServer *self)
{
  /* GSubprocess forgets the identifier once the child has been reaped. */
  return g_subprocess_get_identifier (self->process) != NULL;
}

void
pupitre_test_server_send_signal (PupitreTestServer *self,
                                 int                signum)
{
  g_subprocess_send_signal (self->process, signum);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

void
pupitre_test_server_watch_exit (PupitreTestServer *self,
                                gboolean          *exited)
{
  *exited = FALSE;
  g_subprocess_wait_async (self->process, NULL, wait_cb, exited);
}

gboolean
pupitre_test_server_wait_exit (PupitreTestServer *self,
                               gint64             timeout_us)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new ((guint) MIN (timeout_us / 1000, G_MAXUINT));
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  gboolean done = FALSE;

  /* The end of the process is an event on a context of our own, so that
   * the test's main context (if it has one) does not run meanwhile. */
  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (self->process, cancellable, wait_cb, &done);
  g_source_set_callback (timeout, timeout_cb, cancellable, NULL);
  g_source_attach (timeout, context);
  while (!done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  if (pupitre_test_server_is_running (self))
    return FALSE;

  /* What it wrote last may still be in the pipe: the log is whole once
   * the pipe has closed. */
  g_mutex_lock (&self->lock);
  while (!self->log_closed && g_cond_wait_until (&self->changed, &self->lock, deadline))
    ;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

int
pupitre_test_server_stop (PupitreTestServer *self,
                          int                signum,
                          gint64             timeout_us)
{
  if (pupitre_test_server_is_running (self))
    pupitre_test_server_send_signal (self, signum);
  if (!pupitre_test_server_wait_exit (self, timeout_us))
    {
      g_autofree char *log = pupitre_test_server_dup_log (self);

      g_error ("pupitre-server still runs %" G_GINT64_FORMAT " ms after signal %d: %s",
               timeout_us / 1000, signum, log);
    }
  return g_subprocess_get_status (self->process);
}

static char *
dup_text (PupitreTestServer *self,
          GString           *text)
{
  char *copy;

  g_mutex_lock (&self->lock);
  copy = g_strndup (text->str, text->len);
  g_mutex_unlock (&self->lock);
  return copy;
}

char *
pupitre_test_server_dup_log (PupitreTestServer *self)
{
  return dup_text (self, self->log);
}

gsize
pupitre_test_server_get_log_length (PupitreTestServer *self)
{
  gsize length;

  g_mutex_lock (&self->lock);
  length = self->log->len;
  g_mutex_unlock (&self->lock);
  return length;
}

gboolean
pupitre_test_server_wait_log (PupitreTestServer *self,
                              gsize              from,
                              const char        *needle,
                              gint64             timeout_us)
{
  return wait_text (self, self->log, from, needle, timeout_us);
}

char *
pupitre_test_server_dup_notifications (PupitreTestServer *self)
{
  return dup_text (self, self->notifications);
}

gboolean
pupitre_test_server_wait_notification (PupitreTestServer *self,
                                       const char        *needle,
                                       gint64             timeout_us)
{
  return wait_text (self, self->notifications, 0, needle, timeout_us);
}

guint64
pupitre_test_server_get_rss_kib (PupitreTestServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pupitre_test_server_get_pid (self));
  g_autofree char *status = NULL;
  const char *line;

  g_file_get_contents (path, &status, NULL, &error);
  g_assert_no_error (error);
  line = strstr (status, "\nVmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
}

void
pupitre_test_server_free (PupitreTestServer *self)
{
  g_autofree char *notify_path = NULL;

  if (self == NULL)
    return;

  if (pupitre_test_server_is_running (self))
    {
      g_subprocess_force_exit (self->process);
      pupitre_test_server_wait_exit (self, pupitre_test_scale_us (PUPITRE_TEST_START_US));
    }
  /* The thread may still wait for the pipe's end (the pipe can outlive the
   * server, shared with a process it started): tell it to stop. */
  if (write (self->stop_pipe[1], "", 1) < 0)
    g_assert_cmpint (errno, ==, 0);
  g_thread_join (self->watch_thread);
  g_close (self->stop_pipe[0], NULL);
  g_close (self->stop_pipe[1], NULL);

  g_clear_object (&self->process);
  g_socket_close (self->notify, NULL);
  g_clear_object (&self->notify);
  notify_path = g_build_filename (self->dir, "notify", NULL);
  g_unlink (notify_path);
  g_rmdir (self->dir);
  g_free (self->dir);
  g_string_free (self->log, TRUE);
  g_string_free (self->notifications, TRUE);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->changed);
  g_free (self);
}
