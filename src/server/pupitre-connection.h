/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One client's link: bounded line reading and a bounded queue of shared
 * encoded lines waiting to be written without blocking. */
#pragma once

#include <gio/gio.h>

#include "pupitre-game.h"
#include "pupitre-line-reader.h"

G_BEGIN_DECLS

typedef struct _PupitreConnection PupitreConnection;

struct _PupitreConnection
{
  GIOStream         *stream;     /* the socket connection, or TLS over it */
  GCancellable      *handshake;  /* set while a TLS handshake runs */
  gboolean           tls;
  GSocket           *socket;
  int                fd;
  char              *peer;       /* "address:port", for the log */

  PupitreLineReader *reader;
  GQueue             out;        /* GBytes */
  gsize              out_offset; /* bytes of the head already written */
  gsize              out_bytes;  /* bytes queued, head's written part excluded */
  gint64             oldest_at;  /* when the head was queued */

  PupitreGame       *game;
  PupitreSeat       *seat;
  guint              errors;
  gint64             pending_deadline; /* join deadline, or when a lingering close gives up */

  GList              link;       /* in the server's list of all connections */
  GList              pending_link; /* in the join-deadline or closing queue */
  GList              flush_link;   /* in the queue of connections to write to */
  guint              epoll_events;
  guint              closing : 1;
  guint              write_shut : 1;
  guint              in_pending_queue : 1;
  guint              in_flush_queue : 1;
};

PupitreConnection *pupitre_connection_new       (GIOStream         *stream,
                                                 GSocket           *socket);
void               pupitre_connection_free      (PupitreConnection *self);

/* Reads what is available into the line reader, at most @max bytes.
 * Returns the bytes read, 0 at end of stream, -1 with @error on failure;
 * G_IO_ERROR_WOULD_BLOCK is not a failure (returns -1 with no error). */
gssize             pupitre_connection_read      (PupitreConnection *self,
                                                 gsize              max,
                                                 GError           **error);

/* Reads what is available and drops it, without the line reader: for a
 * connection that is closing. Returns as pupitre_connection_read(). */
gssize             pupitre_connection_discard   (PupitreConnection *self,
                                                 gsize              max,
                                                 GError           **error);

/* Queues @bytes (a reference is taken) and writes what the socket takes
 * now. Returns FALSE when the queue would pass @limit bytes or its oldest
 * line waited longer than @max_age: the client is not reading. */
gboolean           pupitre_connection_send      (PupitreConnection *self,
                                                 GBytes            *bytes,
                                                 gsize              limit,
                                                 gint64             max_age,
                                                 gint64             now);

/* Writes queued lines until the socket would block. Returns FALSE with
 * @error when the socket failed. */
gboolean           pupitre_connection_flush     (PupitreConnection *self,
                                                 gint64             now,
                                                 GError           **error);

gboolean           pupitre_connection_has_output (PupitreConnection *self);

/* Drops every queued line (for a client that stopped reading). */
void               pupitre_connection_drop_output (PupitreConnection *self);

G_END_DECLS
