/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One client's link: bounded line reading, a bounded queue of shared
 * encoded lines written without blocking, and a lingering close. */
#pragma once

#include <gio/gio.h>

#include "pupitre-line-reader.h"

G_BEGIN_DECLS

typedef struct _PupitreConnection PupitreConnection;

typedef enum
{
  /* What is queued is still written, then the socket is half-closed and
   * the peer's last bytes are read and dropped until it closes too. */
  PUPITRE_CLOSE_LINGER,
  /* The socket is closed at once and what is queued is lost. */
  PUPITRE_CLOSE_NOW,
} PupitreCloseHow;

PupitreConnection *pupitre_connection_new          (GIOStream         *stream,
                                                    GSocket           *socket);
void               pupitre_connection_free         (PupitreConnection *self);

GIOStream         *pupitre_connection_get_stream   (PupitreConnection *self);
/* -1 once closed. */
int                pupitre_connection_get_fd       (PupitreConnection *self);
/* "address:port", for the log. */
const char        *pupitre_connection_get_peer     (PupitreConnection *self);
/* The peer's IP address alone, for limits that count by address. */
const char        *pupitre_connection_get_address  (PupitreConnection *self);
PupitreLineReader *pupitre_connection_get_reader   (PupitreConnection *self);

/* Reads what is available into the line reader, at most @max bytes (a
 * closing connection drops it instead). Returns the bytes read, 0 at end
 * of stream, -1 with @error on failure; G_IO_ERROR_WOULD_BLOCK is not a
 * failure (returns -1 with no error). */
gssize             pupitre_connection_read         (PupitreConnection *self,
                                                    gsize              max,
                                                    GError           **error);
typedef enum
{
  PUPITRE_HELLO_WAIT,   /* nothing from the client yet */
  PUPITRE_HELLO_PARTIAL, /* the client's first TLS record has begun, not all here */
  PUPITRE_HELLO_READY,  /* it is: the handshake can run without waiting */
  PUPITRE_HELLO_GONE,   /* the peer closed or failed before sending it */
  PUPITRE_HELLO_PLAIN,  /* a plain client's line ("{") came instead */
} PupitreHelloStatus;

/* For a TLS connection not yet handshaken: whether the client's first
 * record has arrived, read without consuming it; while it waits, the
 * socket is readable for epoll only once the whole record is there. */
PupitreHelloStatus pupitre_connection_check_hello  (PupitreConnection *self);
typedef enum
{
  PUPITRE_PROXY_WAIT,   /* the header is not all here yet */
  PUPITRE_PROXY_DONE,   /* read: the peer is now the client it names */
  PUPITRE_PROXY_BAD,    /* not a PROXY v2 header, or one refused: see @error */
  PUPITRE_PROXY_GONE,   /* the peer closed or failed before sending it all */
} PupitreProxyStatus;

/* For a connection from a trusted proxy: reads its PROXY v2 header, never
 * a byte past it, so that the line after it stays for the line reader.
 * Once read, the peer and the address are the client's the header names
 * (unchanged for a LOCAL header: the proxy's own check). */
PupitreProxyStatus pupitre_connection_read_proxy_header (PupitreConnection  *self,
                                                         GError            **error);

/* TRUE when the last read stopped at its budget on a TLS stream: bytes
 * may wait decrypted where epoll cannot see them, read again soon. */
gboolean           pupitre_connection_has_more_input (PupitreConnection *self);

/* Queues @bytes (a reference is taken); nothing is written until
 * pupitre_connection_flush(). Returns FALSE, queueing nothing, when the
 * queue would pass @limit bytes or when the queue has made no progress
 * for longer than @max_age: the client is not reading. */
gboolean           pupitre_connection_send         (PupitreConnection *self,
                                                    GBytes            *bytes,
                                                    gsize              limit,
                                                    gint64             max_age,
                                                    gint64             now);

/* Writes queued lines until the socket would block; a lingering
 * connection is half-closed once its queue is empty. Returns FALSE with
 * @error when the socket failed. */
gboolean           pupitre_connection_flush        (PupitreConnection *self,
                                                    gint64             now,
                                                    GError           **error);

gboolean           pupitre_connection_has_output   (PupitreConnection *self);

/* Drops every queued line (for a client that stopped reading). */
void               pupitre_connection_drop_output  (PupitreConnection *self);

/* A lingering close gives up at @deadline. */
void               pupitre_connection_close        (PupitreConnection *self,
                                                    PupitreCloseHow    how,
                                                    gint64             deadline);
gboolean           pupitre_connection_is_closing   (PupitreConnection *self);
/* When a lingering close gives up; -1 when not closing. */
gint64             pupitre_connection_get_deadline (PupitreConnection *self);

G_END_DECLS
