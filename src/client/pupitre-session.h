/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A player's connection to a game, shared by the GTK and console clients:
 * it speaks the protocol and holds what the screens show. */
#pragma once

#include <gio/gio.h>

#include "pupitre-chat-line.h"
#include "pupitre-error.h"
#include "pupitre-game-options.h"
#include "pupitre-known-servers.h"
#include "pupitre-score-row.h"
#include "pupitre-session-error.h"
#include "pupitre-round.h"
#include "pupitre-standing.h"
#include "pupitre-target.h"
#include "pupitre-token-store.h"

G_BEGIN_DECLS


typedef enum
{
  PUPITRE_SESSION_STATE_DISCONNECTED,
  PUPITRE_SESSION_STATE_CONNECTING,
  PUPITRE_SESSION_STATE_LOBBY,
  PUPITRE_SESSION_STATE_COUNTDOWN,
  PUPITRE_SESSION_STATE_QUESTION,
  PUPITRE_SESSION_STATE_RESULTS,
  PUPITRE_SESSION_STATE_OVER,
  /* The link dropped; the session is getting its seat back with its token. */
  PUPITRE_SESSION_STATE_RECONNECTING,
} PupitreSessionState;

#define PUPITRE_TYPE_SESSION_STATE (pupitre_session_state_get_type ())
GType pupitre_session_state_get_type (void);

#define PUPITRE_TYPE_SESSION (pupitre_session_get_type ())
G_DECLARE_FINAL_TYPE (PupitreSession, pupitre_session, PUPITRE, SESSION, GObject)

/*
 * Properties (all read-only, notified on change):
 *   state            PupitreSessionState
 *   host, port       where it connects
 *   name             the pseudonym the server confirmed
 *   game             the game's code
 *   needed           players the game waits for before it starts
 *   connected-count  players connected now (from the players list)
 *   player-count     seats in the game
 *   (the round, its question and answer: pupitre_session_get_current_round();
 *   this player's standing after the last round: pupitre_session_get_standing())
 * Added since the first draft:
 *   player-count, host, port and game have getters below;
 *   reconnect-timeout (read-write, ms, default 60000): how long a dropped
 *                    session keeps trying to get its seat back
 *   secure           (read-write, default FALSE): connect with TLS. Read by
 *                    pupitre_session_connect(); the reconnections after a
 *                    drop keep the setting that connect used.
 *
 * Secure connections and trust on first use:
 *   A certificate that the system's trust store validates for the host is
 *   accepted silently. Any other certificate is accepted when its SHA-256
 *   fingerprint is the one the user trusted for this "host:port" (kept by
 *   PupitreKnownServers in g_get_user_config_dir()/pupitre/known-servers,
 *   shared by both clients). Otherwise, during the handshake, the session
 *   emits ::certificate-unknown. A handler may answer at once by calling
 *   pupitre_session_trust_certificate(); if it does not, the handshake is
 *   refused and ::error follows with PUPITRE_SESSION_ERROR_CERTIFICATE_UNKNOWN
 *   (or _CHANGED), then the state DISCONNECTED. A client that asks the user
 *   asynchronously keeps host:port and fingerprint from the signal, and once
 *   the user accepted, calls pupitre_session_trust_certificate() then
 *   pupitre_session_connect() again. Reconnections after a drop use the same
 *   trust; a certificate that changed meanwhile ends the session the same way.
 *
 * Signals:
 *   error (GError*)        a protocol error from the server (PUPITRE_ERROR),
 *                          or a connection failure (G_IO_ERROR, G_RESOLVER_ERROR)
 *   chat-received (from, text)
 *   countdown-started, question-opened, answer-acknowledged,
 *   round-finished (round_result received), standing-changed,
 *   game-finished (game_over received), server-shutdown
 *   joined (gboolean resumed)  the server accepted the join, or the resume
 *                              after a reconnection
 * Added since the first draft:
 *   error also carries PUPITRE_SESSION_ERROR (above), and G_TLS_ERROR when an
 *                          established secure link broke
 *   certificate-unknown (const char *host_and_port, const char *fingerprint,
 *                        gboolean changed)
 *                          a secure connection met a certificate the user did
 *                          not trust: never seen for host_and_port ("host:port"
 *                          as PupitreKnownServers names it), or, when changed,
 *                          different from the one trusted (warn loudly: it may
 *                          be an impersonation). fingerprint is the SHA-256 of
 *                          the certificate, "AA:BB:…". Emitted during the
 *                          handshake, on the main context; see above.
 */

PupitreSession *pupitre_session_new                 (void);

/* Connects to @target and joins; progress shows in state, failures in
 * ::error. The session keeps a copy, and target->secure becomes the
 * secure property. */
void            pupitre_session_connect_to          (PupitreSession      *self,
                                                     const PupitreTarget *target);

/* pupitre_session_connect_to() a target of these and the secure property.
 * @game may be NULL for the server's default game. */
void            pupitre_session_connect             (PupitreSession *self,
                                                     const char     *host,
                                                     guint           port,
                                                     const char     *name,
                                                     const char     *game);
/* FALSE (and nothing sent) when no question is open or it was answered. */
gboolean        pupitre_session_answer              (PupitreSession *self,
                                                     guint           choice);
/* FALSE (and nothing sent) when chat is closed: not joined, or a question open. */
gboolean        pupitre_session_send_chat           (PupitreSession *self,
                                                     const char     *text);
/* Sends quit and closes; the session ends DISCONNECTED, without reconnecting. */
void            pupitre_session_quit                (PupitreSession *self);

PupitreSessionState pupitre_session_get_state       (PupitreSession *self);
const char     *pupitre_session_get_name            (PupitreSession *self);
guint           pupitre_session_get_needed          (PupitreSession *self);
PupitreScoring  pupitre_session_get_scoring         (PupitreSession *self);
guint           pupitre_session_get_connected_count (PupitreSession *self);
/* The round being played or the last one closed, and the player's
 * standing: one object each for the session's whole life. */
PupitreRound   *pupitre_session_get_current_round   (PupitreSession *self);
PupitreStanding *pupitre_session_get_standing       (PupitreSession *self);

/* GListModels of PupitreScoreRow (players, round results, totals) and of
 * PupitreChatLine (chat). The models are owned by the session and keep
 * their identity for its whole life; their items are replaced. */
GListModel     *pupitre_session_get_players         (PupitreSession *self);
GListModel     *pupitre_session_get_round_results   (PupitreSession *self);
GListModel     *pupitre_session_get_totals          (PupitreSession *self);
GListModel     *pupitre_session_get_chat            (PupitreSession *self);

const char     *pupitre_session_get_host            (PupitreSession *self);
guint           pupitre_session_get_port            (PupitreSession *self);
const char     *pupitre_session_get_game            (PupitreSession *self);
guint           pupitre_session_get_player_count    (PupitreSession *self);
/* How long each connection may take to be joined, in milliseconds. */
guint           pupitre_session_get_join_timeout      (PupitreSession *self);
void            pupitre_session_set_join_timeout      (PupitreSession *self,
                                                       guint           timeout_ms);
guint           pupitre_session_get_reconnect_timeout (PupitreSession *self);
void            pupitre_session_set_reconnect_timeout (PupitreSession *self,
                                                       guint           timeout_ms);

gboolean        pupitre_session_get_secure          (PupitreSession *self);
/* Takes effect at the next pupitre_session_connect(). */
void            pupitre_session_set_secure          (PupitreSession *self,
                                                     gboolean        secure);
/* Trusts @fingerprint ("AA:BB:…", as ::certificate-unknown gave it) for the
 * host and port of the last pupitre_session_connect(), replacing what was
 * trusted for them, and remembers it in the known-servers file. FALSE with
 * @error when @fingerprint is not a SHA-256 fingerprint, or when the file
 * could not be written: this session trusts it all the same (until its
 * next connect to another server), so the game can go on unremembered. */
gboolean        pupitre_session_trust_certificate   (PupitreSession  *self,
                                                     const char      *fingerprint,
                                                     GError         **error);
/* Joined during a question it does not play (a late joiner): it plays
 * from the next one. Property "sitting-out", notified. */
gboolean        pupitre_session_get_sitting_out     (PupitreSession *self);
/* The game is a hosted one (section 14): new games come from its host.
 * Property "hosted". */
gboolean        pupitre_session_get_hosted          (PupitreSession *self);
/* After game_over in the standing game: g_get_monotonic_time () at which
 * its lobby opens again and a new game may start; 0 when none comes by
 * itself (a hosted game). Property "next-game-deadline". */
gint64          pupitre_session_get_next_game_deadline (PupitreSession *self);
/* Keeps the seat's token in @store (per server, game and name) from each
 * join until the player quits after the game or in the lobby (the seat is
 * gone) or the server shuts down, and
 * sends it with the first join of a pupitre_session_connect() with the
 * same name: a player who closed the app takes the seat back. A kept
 * token the server refuses is forgotten and the join made anew. NULL
 * (the default): tokens live in memory only. */
void            pupitre_session_set_token_store     (PupitreSession    *self,
                                                     PupitreTokenStore *store);

/* The trusted certificates this session checks (the user's file). */
PupitreKnownServers *pupitre_session_get_known_servers (PupitreSession *self);

G_END_DECLS
