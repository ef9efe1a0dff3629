/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A raw line client for the tests: send a line, read the next message with a deadline. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _PupitreTestClient PupitreTestClient;

/* Connects over TCP (blocking); the test fails if the connection does. */
PupitreTestClient *pupitre_test_client_connect       (const char        *address,
                                                      guint16            port);
/* Reads lines from any descriptor (a helper process's stdout); owns @fd. */
PupitreTestClient *pupitre_test_client_new_for_fd    (int                fd);
int                pupitre_test_client_get_fd        (PupitreTestClient *self);

/* Sends bytes as they are (add the newline yourself). */
void               pupitre_test_client_send_raw      (PupitreTestClient *self,
                                                      const char        *data,
                                                      gsize              len);
/* Sends one line; the newline is added. */
void               pupitre_test_client_send          (PupitreTestClient *self,
                                                      const char        *line);
void               pupitre_test_client_sendv         (PupitreTestClient *self,
                                                      const char        *format,
                                                      va_list            args) G_GNUC_PRINTF (2, 0);
void               pupitre_test_client_sendf         (PupitreTestClient *self,
                                                      const char        *format,
                                                      ...) G_GNUC_PRINTF (2, 3);

/* The next line, without its newline; NULL at the deadline or at the end
 * of the stream (then the descriptor is closed at once, so that the peer
 * forgets the connection). */
char              *pupitre_test_client_read_line     (PupitreTestClient *self,
                                                      gint64             timeout_us);
/* The next line as a message, checked against the contract as strictly as
 * the server checks what it accepts: within the line limit, UTF-8, a JSON
 * object with a string "type". NULL at the deadline or at the end. */
JsonObject        *pupitre_test_client_read_message  (PupitreTestClient *self,
                                                      gint64             timeout_us);
/* Skips messages until one of @type; fails the test if none comes. */
JsonObject        *pupitre_test_client_expect        (PupitreTestClient *self,
                                                      const char        *type,
                                                      gint64             timeout_us);
/* Reads (dropping what comes) until the peer closes; FALSE at the deadline. */
gboolean           pupitre_test_client_wait_closed   (PupitreTestClient *self,
                                                      gint64             timeout_us);
gboolean           pupitre_test_client_is_closed     (PupitreTestClient *self);
/* Closes at once, as a vanished client would. */
void               pupitre_test_client_close         (PupitreTestClient *self);
void               pupitre_test_client_free          (PupitreTestClient *self);

/* The message's "type". */
const char        *pupitre_test_message_type         (JsonObject        *message);
/* Member helpers that fail the test when the member is missing or of
 * another type. */
gint64             pupitre_test_member_int           (JsonObject        *object,
                                                      const char        *member);
const char        *pupitre_test_member_string        (JsonObject        *object,
                                                      const char        *member);
JsonArray         *pupitre_test_member_array         (JsonObject        *object,
                                                      const char        *member);
gboolean           pupitre_test_member_is_null       (JsonObject        *object,
                                                      const char        *member);
/* Checks @object has exactly the members listed (NULL-terminated). */
void               pupitre_test_assert_members       (JsonObject        *object,
                                                      ...) G_GNUC_NULL_TERMINATED;
void               pupitre_test_assert_members_va    (JsonObject        *object,
                                                      va_list            members);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreTestClient, pupitre_test_client_free)

G_END_DECLS
