/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the tests that run the server in their own process: a server on a
 * loopback socket the test bound, and clients that speak to it, in plain
 * TCP or TLS, while the main loop (the server's too) runs. */
#pragma once

#include <json-glib/json-glib.h>

#include "pupitre-server.h"

G_BEGIN_DECLS

/* How long a test waits for anything before it fails. */
#define TEST_WAIT_US (20 * G_USEC_PER_SEC)

typedef struct
{
  PupitreConfig  *config;
  PupitreServer  *server;
  GSocketAddress *address;
} TestServer;

/* Changes the test's configuration before the server reads it. */
typedef void (*TestConfigure) (PupitreConfig *config);

/* A server for the one-question test quiz, 3 players needed unless
 * @configure (or NULL) says otherwise, on a new loopback port; not
 * started, so that the test can set its limits. */
TestServer *test_server_new         (TestConfigure configure);
/* Starts it (pupitre_server_start); asserts it did. */
void        test_server_start       (TestServer *self);
/* Frees it, asserting the server object is finalized. */
void        test_server_free        (TestServer *self);

typedef struct
{
  GSocketConnection *connection;
  GIOStream         *stream;    /* the connection, or TLS over it */
  GString           *buffer;
  gboolean           eof;
} TestClient;

/* Connects from @source (an IPv4 loopback address such as "127.0.0.2",
 * or NULL for the system's choice). */
TestClient *test_client_connect     (TestServer *server,
                                     const char *source);
/* The same in TLS: the handshake runs while the main loop does, and the
 * server's certificate is accepted as it is. */
TestClient *test_client_connect_tls (TestServer *server,
                                     const char *source);
void        test_client_free        (TestClient *self);
void        test_client_say         (TestClient *self,
                                     const char *line);
/* The next line, or NULL at the end of the stream; fails the test after
 * TEST_WAIT_US. */
char       *test_client_read_line   (TestClient *self);
JsonObject *test_client_read        (TestClient *self);
/* Skips lines until one whose type is @type. */
JsonObject *test_client_expect      (TestClient *self,
                                     const char *type);
void        test_client_expect_eof  (TestClient *self);
/* The client side's "accept-certificate" handler of these tests. */
gboolean    test_accept_any_certificate (GTlsConnection       *connection,
                                         GTlsCertificate      *certificate,
                                         GTlsCertificateFlags  errors,
                                         gpointer              user_data);
/* Starts @connection's handshake; *@done becomes TRUE once it succeeded
 * (a failure fails the test). */
void        test_handshake_async    (GTlsConnection *connection,
                                     gboolean       *done);
/* Runs the main loop until @done is TRUE or TEST_WAIT_US pass; FALSE then. */
gboolean    test_wait_for           (gboolean   *done);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestClient, test_client_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

G_END_DECLS
