/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real pupitre-server for the tests: handed a listening socket, ready when it says so. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a server may take to get ready, before scaling. */
#define PUPITRE_TEST_START_US (20 * G_USEC_PER_SEC)

typedef struct _PupitreTestServer PupitreTestServer;

/* Runs @argv (the server, or a program that execs it in the same process,
 * such as valgrind) as systemd would: a loopback socket bound and
 * listening here is its fd 3 (LISTEN_FDS, LISTEN_PID), and it reports on a
 * NOTIFY_SOCKET read here. Nothing is guessed: the port is known before
 * the server starts and nobody else can take it. @launcher (may be NULL)
 * carries the caller's environment and folder; its flags are replaced.
 * Does not wait: see pupitre_test_server_wait_ready(). */
PupitreTestServer *pupitre_test_server_spawn       (GSubprocessLauncher *launcher,
                                                    const char * const  *argv);
/* The same on another local address than 127.0.0.1 (a veth's). */
PupitreTestServer *pupitre_test_server_spawn_on    (GSubprocessLauncher *launcher,
                                                    const char          *address,
                                                    const char * const  *argv);
/* pupitre_test_server_spawn(), then pupitre_test_server_wait_ready() with
 * PUPITRE_TEST_START_US (scaled). */
PupitreTestServer *pupitre_test_server_start       (GSubprocessLauncher *launcher,
                                                    const char * const  *argv);
/* Waits for READY=1; fails the test, with the server's log, when the
 * server exits first or the deadline passes. */
void               pupitre_test_server_wait_ready  (PupitreTestServer   *self,
                                                    gint64               timeout_us);

guint16            pupitre_test_server_get_port    (PupitreTestServer   *self);
GPid               pupitre_test_server_get_pid     (PupitreTestServer   *self);
GSubprocess       *pupitre_test_server_get_process (PupitreTestServer   *self);
gboolean           pupitre_test_server_is_running  (PupitreTestServer   *self);
void               pupitre_test_server_send_signal (PupitreTestServer   *self,
                                                    int                  signum);
/* Sets *@exited to TRUE when the process ends, from the thread-default
 * main context: for tests that wait on their own main loop. */
void               pupitre_test_server_watch_exit  (PupitreTestServer   *self,
                                                    gboolean            *exited);
/* Waits for the process to end, and for the end of its log; FALSE at the
 * deadline. */
gboolean           pupitre_test_server_wait_exit   (PupitreTestServer   *self,
                                                    gint64               timeout_us);
/* SIGTERM, then the end within the deadline; the test fails otherwise.
 * Returns the wait status (as waitpid gives it). */
int                pupitre_test_server_stop        (PupitreTestServer   *self,
                                                    int                  signum,
                                                    gint64               timeout_us);

/* Everything the server wrote to stderr so far (it is copied to the test's
 * stderr too). */
char              *pupitre_test_server_dup_log     (PupitreTestServer   *self);
gsize              pupitre_test_server_get_log_length (PupitreTestServer *self);
/* Waits until the log, from byte @from on, holds @needle; FALSE at the
 * deadline or once the server closed its stderr without writing it. */
gboolean           pupitre_test_server_wait_log    (PupitreTestServer   *self,
                                                    gsize                from,
                                                    const char          *needle,
                                                    gint64               timeout_us);
/* Every notification so far, one per line ("READY=1\nSTATUS=...\n"). */
char              *pupitre_test_server_dup_notifications (PupitreTestServer *self);
/* Waits until a notification holds @needle ("STOPPING=1"). */
gboolean           pupitre_test_server_wait_notification (PupitreTestServer *self,
                                                          const char        *needle,
                                                          gint64             timeout_us);
/* VmRSS from /proc, in KiB. */
guint64            pupitre_test_server_get_rss_kib (PupitreTestServer   *self);
/* Kills the server if it still runs. */
void               pupitre_test_server_free        (PupitreTestServer   *self);

/* A loopback port where connections are refused, held for as long as the
 * socket lives: it is bound but does not listen, so no other program can
 * take the port meanwhile. */
GSocket           *pupitre_test_reserve_closed_port (guint16            *port);

/* For spawning helpers: the child is killed when the test process dies. */
void               pupitre_test_child_setup        (gpointer             user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreTestServer, pupitre_test_server_free)

G_END_DECLS
