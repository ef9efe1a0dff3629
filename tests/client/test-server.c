/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real server for the client tests, from the common harness, and
 * waiting on the main loop with a deadline. */

#include "config.h"

#include <signal.h>

#include "pupitre-test-server.h"
#include "test-server.h"

struct _TestServer
{
  PupitreTestServer *server;
  gboolean           exited;
};

guint16
test_pick_free_port (void)
{
  static GPtrArray *reserved;
  guint16 port;

  /* Held until the program ends, so that nothing else takes the port. */
  if (reserved == NULL)
    reserved = g_ptr_array_new ();
  g_ptr_array_add (reserved, pupitre_test_reserve_closed_port (&port));
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

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

TestServer *
test_server_start (const char *first_arg,
                   ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *server = test_build_path ("src/server/pupitre-server");
  g_autofree char *quiz = test_source_path ("tests/client/three-questions.json");
  TestServer *self = g_new0 (TestServer, 1);
  va_list args;

  /* The tests' own quiz: the installed ones may not be there. */
  g_strv_builder_add_many (builder, server, "--quiz", quiz, NULL);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);

  self->server = pupitre_test_server_start (NULL, (const char * const *) argv);
  pupitre_test_server_watch_exit (self->server, &self->exited);
  return self;
}

guint16
test_server_get_port (TestServer *self)
{
  return pupitre_test_server_get_port (self->server);
}

int
test_server_wait_exit (TestServer *self)
{
  GSubprocess *process = pupitre_test_server_get_process (self->server);

  test_wait_until (flag_is_set, &self->exited, "the server to exit");

  if (!g_subprocess_get_if_exited (process))
    return -1;

  return g_subprocess_get_exit_status (process);
}

void
test_server_free (TestServer *self)
{
  if (self == NULL)
    return;

  if (!self->exited)
    {
      pupitre_test_server_send_signal (self->server, SIGTERM);
      test_server_wait_exit (self);
    }

  g_clear_pointer (&self->server, pupitre_test_server_free);
  g_free (self);
}
