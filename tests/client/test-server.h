/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the client tests: the real pupitre-server on a loopback socket
 * handed to it, and waiting on the main loop with a deadline. */
#pragma once

#include <gio/gio.h>

#include "pupitre-test-timeout.h"

G_BEGIN_DECLS

/* Generous, and larger on slow builds: the machine may be busy. */
#define TEST_TIMEOUT_MS (pupitre_test_scale_ms (20000))

typedef struct _TestServer TestServer;

/* Starts pupitre-server on a loopback socket handed to it, with --quiz
 * (the tests' three questions) already given, plus the NULL-terminated
 * @first_arg...; returns once it says it is ready. */
TestServer  *test_server_start        (const char  *first_arg,
                                       ...) G_GNUC_NULL_TERMINATED;
guint16      test_server_get_port     (TestServer  *self);
/* Waits until the server exits by itself (--once) and returns its exit
 * status, or -1 when a signal ended it. */
int          test_server_wait_exit    (TestServer  *self);
/* Stops the server if it still runs. */
void         test_server_free         (TestServer  *self);

/* A port of 127.0.0.1 where connections are refused: bound without
 * listening until the program ends, so nothing else can take it. */
guint16      test_pick_free_port      (void);
/* $PUPITRE_BUILD_DIR/@relative, or $PUPITRE_SOURCE_DIR/@relative. */
char        *test_build_path          (const char  *relative);
char        *test_source_path         (const char  *relative);

typedef gboolean (*TestCondition) (gpointer data);

/* Runs the default main context until @condition holds; fails the test
 * naming @what after TEST_TIMEOUT_MS. */
void         test_wait_until          (TestCondition  condition,
                                       gpointer       data,
                                       const char    *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

G_END_DECLS
