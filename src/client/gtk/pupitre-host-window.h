/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The teacher's window: creates a hosted game from a quiz file, shows its
 * code, drives it with one key, projects it, and saves its results. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-host-game.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_HOST_WINDOW (pupitre_host_window_get_type ())
G_DECLARE_FINAL_TYPE (PupitreHostWindow, pupitre_host_window, PUPITRE, HOST_WINDOW, GtkApplicationWindow)

PupitreHostWindow *pupitre_host_window_new          (GtkApplication    *app);
void               pupitre_host_window_set_server   (PupitreHostWindow *self,
                                                     const char        *host,
                                                     guint              port,
                                                     gboolean           secure);
/* Chooses the quiz, as the file chooser does; FALSE with the problem. */
gboolean           pupitre_host_window_set_quiz     (PupitreHostWindow *self,
                                                     GFile             *file,
                                                     GError           **error);
/* NULL until the teacher creates the game. */
PupitreHostGame   *pupitre_host_window_get_game     (PupitreHostWindow *self);
/* The long table to @file, the wide one beside it ("x.csv" and
 * "x-wide.csv"), as "Save Results…" does. */
gboolean           pupitre_host_window_save_results (PupitreHostWindow *self,
                                                     GFile             *file,
                                                     GError           **error);
/* The projector's window once opened, else NULL. */
GtkWindow         *pupitre_host_window_get_projection (PupitreHostWindow *self);

G_END_DECLS
