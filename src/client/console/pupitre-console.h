/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The terminal client: reads what the player types, shows the game as text. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PUPITRE_TYPE_CONSOLE (pupitre_console_get_type ())
G_DECLARE_FINAL_TYPE (PupitreConsole, pupitre_console, PUPITRE, CONSOLE, GObject)

/* @input is what the player types, read asynchronously line by line. The
 * two flags say whether input and standard output are terminals: prompts
 * and escape codes are only for terminals. Output goes through g_print(). */
PupitreConsole *pupitre_console_new             (GInputStream   *input,
                                                 gboolean        input_is_terminal,
                                                 gboolean        output_is_terminal);

/* What the command line gave; what is left NULL (or 0) is asked for. */
void            pupitre_console_set_host        (PupitreConsole *self,
                                                 const char     *host);
void            pupitre_console_set_port        (PupitreConsole *self,
                                                 guint           port);
void            pupitre_console_set_name        (PupitreConsole *self,
                                                 const char     *name);
void            pupitre_console_set_game        (PupitreConsole *self,
                                                 const char     *game);
/* Connect with TLS; a certificate the user never trusted is asked about. */
void            pupitre_console_set_secure      (PupitreConsole *self,
                                                 gboolean        secure);

/* How long each connection may take to be let in, in milliseconds. */
void            pupitre_console_set_join_timeout (PupitreConsole *self,
                                                  guint           timeout_ms);

/* Asks for what is missing, connects and plays; ::done is emitted once,
 * when the program should exit with pupitre_console_get_exit_status(). */
void            pupitre_console_start           (PupitreConsole *self);
/* As typing /quit: leave the game cleanly. */
void            pupitre_console_quit            (PupitreConsole *self);

int             pupitre_console_get_exit_status (PupitreConsole *self);

G_END_DECLS
