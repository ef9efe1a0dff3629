/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The numbers of the wire contract (docs/protocol.md), in one place. */
#pragma once

#define PUPITRE_PROTOCOL_VERSION   1
#define PUPITRE_DEFAULT_PORT       50026

/* A line is at most this many bytes, its newline included. */
#define PUPITRE_MAX_LINE           65536
#define PUPITRE_MAX_NAME_CHARS     24
#define PUPITRE_MAX_CHAT_CHARS     500
#define PUPITRE_MAX_CHOICES        9
#define PUPITRE_MAX_ERRORS         16
#define PUPITRE_JOIN_TIMEOUT_MS    30000
#define PUPITRE_MAX_QUEUED_BYTES   (1024 * 1024)
/* players, results and totals carry at most this many entries. */
#define PUPITRE_LIST_MAX           100
/* Deeper JSON is refused before the parser sees it: json-glib 1.6 recurses
 * without a limit. No message of the protocol nests more than 3 levels. */
#define PUPITRE_MAX_JSON_DEPTH     16
/* The server coalesces players and progress updates to these intervals. */
#define PUPITRE_PLAYERS_INTERVAL_MS  200
#define PUPITRE_PROGRESS_INTERVAL_MS 100
