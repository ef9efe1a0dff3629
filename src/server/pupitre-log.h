/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the server's log goes: the journal under systemd, plain lines on a
 * terminal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every line, on a terminal or in the journal, goes through
 * pupitre_log_escape(): what clients send cannot forge a line. */
void           pupitre_log_init         (void);

/* @text with C0 and C1 controls, DEL, U+2028, U+2029, the bidirectional
 * controls, bytes that are not UTF-8 and the backslash escaped: "\n",
 * "\x1b", "\u2028", "\\". */
char          *pupitre_log_escape       (const char *text);

/* Lines about each player let a teacher follow a class. With hundreds of
 * connections they would flood the journal (whose rate limit drops them
 * anyway) and cost more than the game: they become debug lines. */
GLogLevelFlags pupitre_log_player_level (guint n_connections);

/* A line about a player, with the journal fields PUPITRE_GAME,
 * PUPITRE_PLAYER (when known) and PUPITRE_ROUND (when not 0), so that
 * `journalctl PUPITRE_PLAYER=Ubuntu1` follows one student. */
void pupitre_log_player (GLogLevelFlags  level,
                         const char     *game,
                         const char     *player,
                         guint           round,
                         const char     *format,
                         ...) G_GNUC_PRINTF (5, 6);

G_END_DECLS
