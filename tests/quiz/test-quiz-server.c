/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real pupitre-server given a GIFT file: it refuses a broken one with its line, and plays a good one. */

/* Self-contained on purpose: the server gets its listening socket from the
 * test (LISTEN_FDS, as systemd gives it), so there is no port to guess and
 * a connection waits in the backlog until the server is ready. */

#include "config.h"

#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

/* Generous: a loaded machine is slow, a hung server still fails. */
#define DEADLINE_SECONDS 60

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("PUPITRE_SOURCE_DIR"), "tests", "quiz", "data", name, NULL);
}

/* The server runs in an empty folder of its own, removed after it. */
static GSubprocessLauncher *
new_launcher (GSubprocessFlags   flags,
              char             **dir)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  *dir = g_dir_make_tmp ("pupitre-quiz-server-XXXXXX", NULL);
  g_assert_nonnull (*dir);
  g_subprocess_launcher_set_cwd (launcher, *dir);
  return launcher;
}

static void
test_server_refuses_broken_gift (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_PIPE, &dir);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *quiz = fixture ("unclosed.gift");
  g_autofree char *err = NULL;

  server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PUPITRE_SERVER"),
                                        "--bind", "127.0.0.1", "--port", "0",
                                        "--quiz", quiz, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (server, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server));
  g_assert_cmpint (g_subprocess_get_exit_status (server), ==, 1);
  g_assert_nonnull (strstr (err, "unclosed.gift:1: question 1: the answers’ “{” is never closed"));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static char *
read_line_of_type (GDataInputStream *input,
                   const char       *type)
{
  g_autofree char *mark = g_strdup_printf ("\"type\":\"%s\"", type);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      char *line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (strstr (line, mark) != NULL)
        return line;
      g_free (line);
    }
}

static void
test_server_plays_gift (void)
{
  g_autofree char *dir = NULL;
  /* Its log is not read: silenced, it cannot fill a pipe. */
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE, &dir);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *quiz = fixture ("every-rule.gift");
  g_autofree char *line = NULL;
  const char join[] = "{\"type\":\"join\",\"name\":\"Camille\"}\n";

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (listener, any_port, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  address = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);

  /* LISTEN_PID must be the server's: the shell's, which exec keeps. */
  g_subprocess_launcher_take_fd (launcher, dup (g_socket_get_fd (listener)), 3);
  g_subprocess_launcher_setenv (launcher, "LISTEN_FDS", "1", TRUE);
  server = g_subprocess_launcher_spawn (launcher, &error, "/bin/sh", "-c",
                                        "LISTEN_PID=$$ exec \"$0\" \"$@\"",
                                        g_getenv ("PUPITRE_SERVER"),
                                        "--quiz", quiz, "--players", "1",
                                        "--countdown", "0", "--once", NULL);
  g_assert_no_error (error);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (socket, DEADLINE_SECONDS);
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);
  connection = g_socket_connection_factory_create_connection (socket);
  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));

  g_free (read_line_of_type (input, "welcome"));
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             join, strlen (join), NULL, NULL, &error);
  g_assert_no_error (error);
  g_free (read_line_of_type (input, "joined"));

  /* The first question of the GIFT file, as players get it. */
  line = read_line_of_type (input, "question");
  g_assert_nonnull (strstr (line, "\"text\":\"Qui a été sacré empereur en 1804 ?\""));
  g_assert_nonnull (strstr (line, "\"choices\":[\"Louis XVI\",\"Napoléon Bonaparte\",\"Charles de Gaulle\"]"));
  g_assert_nonnull (strstr (line, "\"rounds\":8"));

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quiz/server/refuses-broken-gift", test_server_refuses_broken_gift);
  g_test_add_func ("/quiz/server/plays-gift", test_server_plays_gift);

  return g_test_run ();
}
