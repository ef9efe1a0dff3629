/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-console as a game's host: it sends a quiz, shows the game as the
 * teacher needs it, takes the teacher's commands and saves the results. */
#pragma once

#include <gio/gio.h>

#include "pupitre-game-options.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_CONSOLE_HOST (pupitre_console_host_get_type ())
G_DECLARE_FINAL_TYPE (PupitreConsoleHost, pupitre_console_host, PUPITRE, CONSOLE_HOST, GObject)

/* @input is what the teacher types, read line by line. */
PupitreConsoleHost *pupitre_console_host_new          (GInputStream       *input,
                                                       const char         *host,
                                                       guint               port,
                                                       gboolean            secure);
/* The quiz file to send, and how the game is played; @options NULL for
 * the server's defaults. */
void                pupitre_console_host_set_quiz     (PupitreConsoleHost *self,
                                                       const char         *path,
                                                       const char         *format);
void                pupitre_console_host_set_options  (PupitreConsoleHost *self,
                                                       JsonNode           *options);
void                pupitre_console_host_set_name     (PupitreConsoleHost *self,
                                                       const char         *name);
void                pupitre_console_host_set_host_key (PupitreConsoleHost *self,
                                                       const char         *host_key);
/* Where the results go once the game is over: PREFIX.csv (one row per
 * player and question) and PREFIX-wide.csv (one row per player). */
void                pupitre_console_host_set_save_prefix (PupitreConsoleHost *self,
                                                          const char         *prefix);
/* Takes back the game @code whose host token this user's store keeps,
 * instead of creating one. */
void                pupitre_console_host_set_resume   (PupitreConsoleHost *self,
                                                       const char         *code);

/* Creates (or takes back) the game and drives it; ::done is emitted once,
 * when the program should exit with pupitre_console_host_get_exit_status(). */
void                pupitre_console_host_start        (PupitreConsoleHost *self);
/* Leaves: the game waits for its host. */
void                pupitre_console_host_quit         (PupitreConsoleHost *self);
int                 pupitre_console_host_get_exit_status (PupitreConsoleHost *self);

G_END_DECLS
