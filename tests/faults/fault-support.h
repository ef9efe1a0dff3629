/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the fault tests share: a real pupitre-server process and line clients with deadlines. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deadlines are generous: the sanitizer builds run these tests 2 to 3 times
 * slower, and the machine is shared. */
#define FAULT_TIMEOUT_US (10 * G_USEC_PER_SEC)

typedef struct _FaultServer FaultServer;
typedef struct _FaultClient FaultClient;

/* For g_spawn_*(): the child is killed when the test process dies. */
void         fault_child_setup           (gpointer            user_data);

/* Writes a quiz of @n_questions two-choice questions (the right answer is
 * choice 1) without time limits of its own; returns its path. */
char        *fault_write_quiz            (const char         *dir,
                                          guint               n_questions);

/* Starts $PUPITRE_SERVER on a free loopback port with @args added, and waits
 * until it says it is ready. */
FaultServer *fault_server_start          (const char * const *args);
/* The same for any command line that ends up running the server (under
 * valgrind, for instance); --port 0 is not added. */
FaultServer *fault_server_spawn          (const char * const *argv,
                                          gint64              ready_timeout_us);
guint        fault_server_get_port       (FaultServer        *self);
GPid         fault_server_get_pid        (FaultServer        *self);
/* Everything the server wrote to stderr so far. */
char        *fault_server_dup_log        (FaultServer        *self);
gsize        fault_server_get_log_length (FaultServer        *self);
/* Waits until the log, from byte @from on, holds @needle. */
gboolean     fault_server_wait_log       (FaultServer        *self,
                                          gsize               from,
                                          const char         *needle,
                                          gint64              timeout_us);
/* Sends @signal, waits for the end; returns the wait status, or -1. */
int          fault_server_stop           (FaultServer        *self,
                                          int                 signal,
                                          gint64              timeout_us);
/* Resident memory in KiB, from /proc/PID/status. */
guint64      fault_server_get_rss_kib    (FaultServer        *self);
/* Kills the server if it still runs. */
void         fault_server_free           (FaultServer        *self);

FaultClient *fault_client_connect        (const char         *address,
                                          guint               port);
/* Reads lines from any descriptor (a helper process's stdout); owns @fd. */
FaultClient *fault_client_new_for_fd     (int                 fd);
int          fault_client_get_fd         (FaultClient        *self);
void         fault_client_send           (FaultClient        *self,
                                          const char         *line);
void         fault_client_sendf          (FaultClient        *self,
                                          const char         *format,
                                          ...) G_GNUC_PRINTF (2, 3);
/* The next line as a JSON object, or NULL at the deadline or at the end. */
JsonObject  *fault_client_read           (FaultClient        *self,
                                          gint64              timeout_us);
/* Skips lines until one of @type comes; fails the test if none does. */
JsonObject  *fault_client_expect         (FaultClient        *self,
                                          const char         *type,
                                          gint64              timeout_us);
/* Skips lines until a "players" message shows @name with connected ==
 * @connected; fails the test if none does. */
void         fault_client_expect_player  (FaultClient        *self,
                                          const char         *name,
                                          gboolean            connected,
                                          gint64              timeout_us);
/* Sends join and returns the "joined" answer. @token may be NULL. */
JsonObject  *fault_client_join           (FaultClient        *self,
                                          const char         *name,
                                          const char         *token);
/* Every client answers choice 1 (the right one) to round @round, then
 * each sees the round's result. */
void         fault_play_round            (FaultClient       **clients,
                                          guint               n_clients,
                                          gint64              round);
/* Reads until the peer closes; TRUE if it did before the deadline. */
gboolean     fault_client_wait_closed    (FaultClient        *self,
                                          gint64              timeout_us);
void         fault_client_free           (FaultClient        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaultServer, fault_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaultClient, fault_client_free)

G_END_DECLS
