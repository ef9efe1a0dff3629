/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The teacher's side of a hosted game (docs/protocol.md, section 14): it
 * sends the quiz, drives the game, keeps its results, and takes the game
 * back with its host token when the connection drops. */
#pragma once

#include <gio/gio.h>

#include "pupitre-message.h"
#include "pupitre-server-message.h"
#include "pupitre-trust.h"

G_BEGIN_DECLS

/* The largest text in one quiz_part line: well under a line's limit once
 * escaped. */
#define PUPITRE_HOST_PART_BYTES 60000

#define PUPITRE_TYPE_HOST (pupitre_host_get_type ())
G_DECLARE_FINAL_TYPE (PupitreHost, pupitre_host, PUPITRE, HOST, GObject)

/*
 * Signals:
 *   message (const PupitreServerMessage *message)
 *       every line the server sent, decoded; borrowed
 *   failed (const GError *error)
 *       the game could not be created or taken back, or the connection
 *       failed in a way trying again would not mend; nothing follows
 *   closed (const char *reason)
 *       the game is closed ("host", "host-away", "idle"), or the server
 *       stopped ("shutdown"); nothing follows
 * Properties: "connected" (the link is up and the game ours).
 */

/* @trust is used only when @secure. */
PupitreHost            *pupitre_host_new          (const char   *host,
                                                   guint         port,
                                                   gboolean      secure,
                                                   PupitreTrust *trust);

/* Connects and creates a game of @quiz (the file's text). @format,
 * @filename, @name, @host_key and @options may be NULL. */
void                    pupitre_host_create       (PupitreHost  *self,
                                                   const char   *quiz,
                                                   const char   *format,
                                                   const char   *filename,
                                                   const char   *name,
                                                   const char   *host_key,
                                                   JsonNode     *options);
/* Connects and takes back the game @code with its @host_token. */
void                    pupitre_host_resume       (PupitreHost  *self,
                                                   const char   *code,
                                                   const char   *host_token);

/* "start", "next", "close", "pause", "resume", "lock", "unlock", "end",
 * "play_again", "get_results", "close_game". */
void                    pupitre_host_command      (PupitreHost  *self,
                                                   const char   *type);
void                    pupitre_host_add_time     (PupitreHost  *self,
                                                   gint64        ms);
void                    pupitre_host_kick         (PupitreHost  *self,
                                                   const char   *name);
void                    pupitre_host_chat         (PupitreHost  *self,
                                                   const char   *text);
/* Leaves: the game pauses and waits for its host (the server's grace
 * period); no signal follows. */
void                    pupitre_host_disconnect   (PupitreHost  *self);

gboolean                pupitre_host_is_connected (PupitreHost  *self);
/* NULL until the game is created. */
const char             *pupitre_host_get_code     (PupitreHost  *self);
const char             *pupitre_host_get_host_token (PupitreHost *self);
/* "host:port", as the token store and the known servers name it. */
const char             *pupitre_host_get_server   (PupitreHost  *self);
/* The rows of the last complete results, or of those still arriving. */
const PupitreResultRow *pupitre_host_get_results  (PupitreHost  *self,
                                                   guint        *n_rows,
                                                   gboolean     *done);

G_END_DECLS
