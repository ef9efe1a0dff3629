/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real pupitre-server for the protocol tests, and a client that keeps every message. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pupitre-test-client.h"
#include "pupitre-test-timeout.h"

G_BEGIN_DECLS

/* Generous, and larger on slow builds: the machine may be busy. */
#define TEST_WAIT_MS (pupitre_test_scale_ms (5000))

typedef struct _TestServer TestServer;
typedef struct _TestClient TestClient;

/* Writes @quiz_json to a temporary folder and starts $PUPITRE_SERVER on a
 * loopback socket handed to it, with that quiz, "--countdown 0 --pause 0
 * --time-limit 10" and then @args (NULL-terminated, may be NULL): a later
 * option overrides an earlier one. Returns once the server said it is
 * ready. */
TestServer  *test_server_start          (const char         *quiz_json,
                                         const char * const *args);
/* Sends SIGTERM if the server still runs, and checks it exits with status
 * 0 (a server that crashed earlier fails here). */
void         test_server_stop           (TestServer         *self);
/* Kills the server if it still runs and removes the temporary folder. */
void         test_server_free           (TestServer         *self);

guint16      test_server_get_port       (TestServer         *self);
/* The temporary folder, where a test may put more files. */
const char  *test_server_get_dir        (TestServer         *self);
gboolean     test_server_is_running     (TestServer         *self);
void         test_server_send_signal    (TestServer         *self,
                                         int                 signum);
/* Waits for the server to exit; returns FALSE on timeout. */
gboolean     test_server_wait_exit      (TestServer         *self,
                                         guint               timeout_ms,
                                         int                *exit_status);
/* VmRSS of the server process, in KiB. */
guint64      test_server_get_rss_kib    (TestServer         *self);

/* Connects; the welcome line is not read yet. */
TestClient  *test_client_connect        (TestServer         *server);
/* Connects, checks the welcome, joins as @name (JSON-escaped here) and
 * takes the joined message, whose token it keeps. */
TestClient  *test_client_join           (TestServer         *server,
                                         const char         *name);
void         test_client_free           (TestClient         *self);

const char  *test_client_get_name       (TestClient         *self);
const char  *test_client_get_token      (TestClient         *self);

/* Sends bytes as they are (add the newline yourself). */
void         test_client_send_raw       (TestClient         *self,
                                         const char         *data,
                                         gsize               len);
/* Sends one formatted line; the newline is added. */
void         test_client_send           (TestClient         *self,
                                         const char         *format,
                                         ...) G_GNUC_PRINTF (2, 3);
/* Sends without blocking: how many bytes the kernel took, 0 when it has
 * no room, -1 once the connection is gone. */
gssize       test_client_try_send       (TestClient         *self,
                                         const char         *data,
                                         gsize               len);
/* Waits until the socket can take more bytes; FALSE on timeout. */
gboolean     test_client_wait_writable  (TestClient         *self,
                                         guint               timeout_ms);

/* The first received and not yet taken message of @type, waiting for it at
 * most @timeout_ms; the test fails on timeout or when the server closes. */
JsonObject  *test_client_take           (TestClient         *self,
                                         const char         *type,
                                         guint               timeout_ms);
/* Like test_client_take() but returns NULL instead of failing. */
JsonObject  *test_client_try_take       (TestClient         *self,
                                         const char         *type,
                                         guint               timeout_ms);
/* The first message of @type that came after the last message taken;
 * every message pending before it is dropped (they stay in the log). */
JsonObject  *test_client_skip_to        (TestClient         *self,
                                         const char         *type,
                                         guint               timeout_ms);
/* The next message, whatever its type. */
JsonObject  *test_client_next           (TestClient         *self,
                                         guint               timeout_ms);
/* Takes the next error and checks its code and message. @ref NULL: any
 * ref; "": no ref member; otherwise ref must equal it. */
void         test_client_expect_error   (TestClient         *self,
                                         const char         *code,
                                         const char         *ref);
/* A ping and its pong: everything the server sent before has arrived. */
void         test_client_sync           (TestClient         *self);
/* Messages of @type received and not yet taken. */
guint        test_client_count_pending  (TestClient         *self,
                                         const char         *type);
/* Every message received so far, taken or not, in order. */
GPtrArray   *test_client_get_log        (TestClient         *self);
/* When the last taken message arrived (monotonic microseconds). */
gint64       test_client_get_taken_at   (TestClient         *self);
/* Reads (keeping what arrives) until the server closes the connection;
 * FALSE when it is still open after @timeout_ms. */
gboolean     test_client_wait_closed    (TestClient         *self,
                                         guint               timeout_ms);
gboolean     test_client_is_closed      (TestClient         *self);
/* Closes the socket at once, as a vanished client would. */
void         test_client_drop           (TestClient         *self);

/* The raw client's member helpers, under the names these tests use. */
#define test_member_int      pupitre_test_member_int
#define test_member_string   pupitre_test_member_string
#define test_member_array    pupitre_test_member_array
#define test_member_is_null  pupitre_test_member_is_null
#define test_assert_members  pupitre_test_assert_members

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestClient, test_client_free)

G_END_DECLS
