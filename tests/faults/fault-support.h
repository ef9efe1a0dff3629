/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the fault tests share: a real pupitre-server process and line clients with deadlines. */
#pragma once

#include <json-glib/json-glib.h>

#include "pupitre-test-client.h"
#include "pupitre-test-files.h"
#include "pupitre-test-server.h"
#include "pupitre-test-timeout.h"

G_BEGIN_DECLS

/* Generous, and scaled for the sanitizer builds that run these tests 2 to
 * 3 times slower on a shared machine. */
#define FAULT_TIMEOUT_US (pupitre_test_scale_us (10 * G_USEC_PER_SEC))

/* The server and the clients are the tests' common ones. */
typedef PupitreTestServer FaultServer;
typedef PupitreTestClient FaultClient;

#define fault_child_setup            pupitre_test_child_setup
#define fault_server_get_port        pupitre_test_server_get_port
#define fault_server_get_pid         pupitre_test_server_get_pid
#define fault_server_dup_log         pupitre_test_server_dup_log
#define fault_server_get_log_length  pupitre_test_server_get_log_length
#define fault_server_wait_log        pupitre_test_server_wait_log
#define fault_server_get_rss_kib     pupitre_test_server_get_rss_kib
#define fault_client_connect         pupitre_test_client_connect
#define fault_client_new_for_fd      pupitre_test_client_new_for_fd
#define fault_client_get_fd          pupitre_test_client_get_fd
#define fault_client_send            pupitre_test_client_send
#define fault_client_sendf           pupitre_test_client_sendf
#define fault_client_read            pupitre_test_client_read_message
#define fault_client_expect          pupitre_test_client_expect
#define fault_client_wait_closed     pupitre_test_client_wait_closed
#define fault_client_free            pupitre_test_client_free
#define fault_server_free            pupitre_test_server_free

/* Writes a quiz of @n_questions two-choice questions (the right answer is
 * choice 1) without time limits of its own; returns its path. */
char        *fault_write_quiz            (const char         *dir,
                                          guint               n_questions);

/* Starts $PUPITRE_SERVER with @args on a loopback socket handed to it,
 * and waits until it says it is ready. */
FaultServer *fault_server_start          (const char * const *args);
/* The same, listening on @address rather than 127.0.0.1. */
FaultServer *fault_server_start_on       (const char         *address,
                                          const char * const *args);
/* The same for any command line that ends up running the server in the
 * same process (under valgrind, for instance). */
FaultServer *fault_server_spawn          (const char * const *argv,
                                          gint64              ready_timeout_us);
/* Sends @signal, waits for the end; returns the wait status, or -1. */
int          fault_server_stop           (FaultServer        *self,
                                          int                 signal,
                                          gint64              timeout_us);
/* Skips lines until a "players" message shows @name with connected ==
 * @connected; fails the test if none does. */
void         fault_client_expect_player  (FaultClient        *self,
                                          const char         *name,
                                          gboolean            connected,
                                          gint64              timeout_us);
/* Skips lines until a "players" message without @name; fails the test if
 * none comes. */
void         fault_client_expect_no_player (FaultClient      *self,
                                            const char       *name,
                                            gint64            timeout_us);
/* Sends join and returns the "joined" answer. @token may be NULL. */
JsonObject  *fault_client_join           (FaultClient        *self,
                                          const char         *name,
                                          const char         *token);
/* Every client answers choice 1 (the right one) to round @round, then
 * each sees the round's result. */
void         fault_play_round            (FaultClient       **clients,
                                          guint               n_clients,
                                          gint64              round);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaultServer, fault_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaultClient, fault_client_free)

G_END_DECLS
