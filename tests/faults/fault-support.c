/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the fault tests share: a real pupitre-server process and line clients with deadlines. */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "fault-support.h"
#include "pupitre-json.h"

struct _FaultServer
{
  GPid     pid;
  guint    port;
  int      log_fd;
  GThread *log_thread;

  /* Written by the log thread, read by the test: under @lock. */
  GMutex   lock;
  GCond    changed;
  GString *log;
  gboolean exited;
  int      status;
};

struct _FaultClient
{
  int      fd;
  GString *in;
  gboolean eof;
};

void
fault_child_setup (gpointer user_data)
{
  /* A test that fails aborts without cleaning up: its server and players
   * must not outlive it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

char *
fault_write_quiz (const char *dir,
                  guint       n_questions)
{
  g_autoptr(GString) text = g_string_new ("{\"title\":\"Fault drill\",\"questions\":[");
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "quiz.json", NULL);

  for (guint i = 1; i <= n_questions; i++)
    g_string_append_printf (text,
                            "%s{\"text\":\"Question %u?\",\"choices\":[\"Right\",\"Wrong\"],"
                            "\"answer\":1,\"explanation\":\"Because.\"}",
                            i > 1 ? "," : "", i);
  g_string_append (text, "]}\n");

  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  return path;
}

/* Copies the server's stderr into the log (and to the test's own stderr,
 * for the test log), then reaps the server once the pipe closes. */
static gpointer
log_thread (gpointer user_data)
{
  FaultServer *self = user_data;
  char buffer[4096];
  int status = 0;

  for (;;)
    {
      gssize n = read (self->log_fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;

      if (write (STDERR_FILENO, buffer, n) < 0)
        {
          /* The copy is only a convenience. */
        }
      g_mutex_lock (&self->lock);
      g_string_append_len (self->log, buffer, n);
      g_cond_broadcast (&self->changed);
      g_mutex_unlock (&self->lock);
    }

  while (waitpid (self->pid, &status, 0) < 0 && errno == EINTR)
    ;

  g_mutex_lock (&self->lock);
  self->exited = TRUE;
  self->status = status;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);
  return NULL;
}

FaultServer *
fault_server_spawn (const char * const *argv,
                    gint64              ready_timeout_us)
{
  static const char ready[] = "Server ready (port ";
  FaultServer *self = g_new0 (FaultServer, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  const char *port;

  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  self->log = g_string_new (NULL);

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, fault_child_setup, NULL,
                            &self->pid, NULL, NULL, &self->log_fd, &error);
  g_assert_no_error (error);
  self->log_thread = g_thread_new ("server-log", log_thread, self);

  if (!fault_server_wait_log (self, 0, ready, ready_timeout_us))
    {
      log = fault_server_dup_log (self);
      g_test_message ("The server did not get ready: %s", log);
      g_assert_not_reached ();
    }

  log = fault_server_dup_log (self);
  port = strstr (log, ready) + strlen (ready);
  self->port = (guint) g_ascii_strtoull (port, NULL, 10);
  g_assert_cmpuint (self->port, >, 0);
  return self;
}

FaultServer *
fault_server_start (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *server = g_getenv ("PUPITRE_SERVER");

  g_assert_nonnull (server);
  g_ptr_array_add (argv, (gpointer) server);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  return fault_server_spawn ((const char * const *) argv->pdata, FAULT_TIMEOUT_US);
}

guint
fault_server_get_port (FaultServer *self)
{
  return self->port;
}

GPid
fault_server_get_pid (FaultServer *self)
{
  return self->pid;
}

char *
fault_server_dup_log (FaultServer *self)
{
  char *copy;

  g_mutex_lock (&self->lock);
  copy = g_strndup (self->log->str, self->log->len);
  g_mutex_unlock (&self->lock);
  return copy;
}

gsize
fault_server_get_log_length (FaultServer *self)
{
  gsize length;

  g_mutex_lock (&self->lock);
  length = self->log->len;
  g_mutex_unlock (&self->lock);
  return length;
}

gboolean
fault_server_wait_log (FaultServer *self,
                       gsize        from,
                       const char  *needle,
                       gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  gboolean found;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      found = from <= self->log->len && strstr (self->log->str + from, needle) != NULL;
      if (found || self->exited)
        break;
      if (!g_cond_wait_until (&self->changed, &self->lock, deadline))
        {
          found = from <= self->log->len && strstr (self->log->str + from, needle) != NULL;
          break;
        }
    }
  g_mutex_unlock (&self->lock);
  return found;
}

int
fault_server_stop (FaultServer *self,
                   int          signal,
                   gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  int status = -1;

  g_mutex_lock (&self->lock);
  if (!self->exited)
    kill (self->pid, signal);
  while (!self->exited)
    if (!g_cond_wait_until (&self->changed, &self->lock, deadline))
      break;
  if (self->exited)
    status = self->status;
  g_mutex_unlock (&self->lock);
  return status;
}

guint64
fault_server_get_rss_kib (FaultServer *self)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) self->pid);
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;

  g_file_get_contents (path, &status, NULL, &error);
  g_assert_no_error (error);
  line = strstr (status, "\nVmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
}

void
fault_server_free (FaultServer *self)
{
  if (self == NULL)
    return;

  if (fault_server_stop (self, SIGKILL, FAULT_TIMEOUT_US) == -1)
    g_test_message ("The server (pid %d) would not die", (int) self->pid);
  g_thread_join (self->log_thread);
  close (self->log_fd);
  g_string_free (self->log, TRUE);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->changed);
  g_free (self);
}

FaultClient *
fault_client_new_for_fd (int fd)
{
  FaultClient *self = g_new0 (FaultClient, 1);

  self->fd = fd;
  self->in = g_string_new (NULL);
  return self;
}

FaultClient *
fault_client_connect (const char *address,
                      guint       port)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (inet_pton (AF_INET, address, &sin.sin_addr), ==, 1);
  if (connect (fd, (struct sockaddr *) &sin, sizeof sin) != 0)
    {
      g_test_message ("connect to %s:%u: %s", address, port, g_strerror (errno));
      g_assert_not_reached ();
    }
  return fault_client_new_for_fd (fd);
}

int
fault_client_get_fd (FaultClient *self)
{
  return self->fd;
}

void
fault_client_send (FaultClient *self,
                   const char  *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  gsize len = strlen (text);
  gsize done = 0;

  while (done < len)
    {
      gssize n = send (self->fd, text + done, len - done, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      done += n;
    }
}

void
fault_client_sendf (FaultClient *self,
                    const char  *format,
                    ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  fault_client_send (self, line);
}

/* Waits for more bytes until @deadline; FALSE at the deadline or the end. */
static gboolean
fill (FaultClient *self,
      gint64       deadline)
{
  char buffer[16384];
  gssize n;

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
      int ready;

      if (self->eof || left <= 0)
        return FALSE;
      ready = poll (&pfd, 1, (int) ((left + 999) / 1000));
      if (ready < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (ready, >=, 0);
      if (ready == 0)
        continue;

      n = read (self->fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          self->eof = TRUE;
          return FALSE;
        }
      g_string_append_len (self->in, buffer, n);
      return TRUE;
    }
}

JsonObject *
fault_client_read (FaultClient *self,
                   gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      char *newline = memchr (self->in->str, '\n', self->in->len);

      if (newline != NULL)
        {
          g_autoptr(GError) error = NULL;
          gsize len = newline - self->in->str;
          JsonObject *object = pupitre_json_parse_object (self->in->str, len, &error);

          if (object == NULL)
            g_test_message ("Not a message: %.*s", (int) len, self->in->str);
          g_assert_no_error (error);
          g_string_erase (self->in, 0, len + 1);
          return object;
        }

      if (!fill (self, deadline))
        return NULL;
    }
}

JsonObject *
fault_client_expect (FaultClient *self,
                     const char  *type,
                     gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      g_autoptr(JsonObject) object = fault_client_read (self, deadline - g_get_monotonic_time ());

      if (object == NULL)
        {
          g_test_message ("No “%s” message came (%s)", type,
                          self->eof ? "the connection ended" : "deadline passed");
          g_assert_not_reached ();
        }
      if (g_str_equal (json_object_get_string_member (object, "type"), type))
        return g_steal_pointer (&object);
    }
}

static gboolean
players_show (JsonObject *players,
              const char *name,
              gboolean    connected)
{
  JsonArray *list = json_object_get_array_member (players, "players");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (entry, "name"), name))
        return json_object_get_boolean_member (entry, "connected") == connected;
    }
  return FALSE;
}

void
fault_client_expect_player (FaultClient *self,
                            const char  *name,
                            gboolean     connected,
                            gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      g_autoptr(JsonObject) players = NULL;

      players = fault_client_expect (self, "players", deadline - g_get_monotonic_time ());
      if (players_show (players, name, connected))
        return;
    }
}

JsonObject *
fault_client_join (FaultClient *self,
                   const char  *name,
                   const char  *token)
{
  g_autoptr(GString) line = g_string_new ("{\"type\":\"join\",\"name\":");
  JsonObject *joined;

  pupitre_json_append_string (line, name);
  if (token != NULL)
    {
      g_string_append (line, ",\"token\":");
      pupitre_json_append_string (line, token);
    }
  g_string_append_c (line, '}');
  fault_client_send (self, line->str);

  joined = fault_client_expect (self, "joined", FAULT_TIMEOUT_US);
  g_assert_cmpstr (json_object_get_string_member (joined, "name"), ==, name);
  return joined;
}

void
fault_play_round (FaultClient **clients,
                  guint         n_clients,
                  gint64        round)
{
  for (guint i = 0; i < n_clients; i++)
    {
      g_autoptr(JsonObject) question = fault_client_expect (clients[i], "question", FAULT_TIMEOUT_US);

      g_assert_cmpint (json_object_get_int_member (question, "round"), ==, round);
      fault_client_sendf (clients[i], "{\"type\":\"answer\",\"round\":%" G_GINT64_FORMAT ",\"choice\":1}",
                          round);
    }
  for (guint i = 0; i < n_clients; i++)
    {
      g_autoptr(JsonObject) result = fault_client_expect (clients[i], "round_result", FAULT_TIMEOUT_US);

      g_assert_cmpint (json_object_get_int_member (result, "round"), ==, round);
    }
}

gboolean
fault_client_wait_closed (FaultClient *self,
                          gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (fill (self, deadline))
    g_string_truncate (self->in, 0);
  return self->eof;
}

void
fault_client_free (FaultClient *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  g_string_free (self->in, TRUE);
  g_free (self);
}
