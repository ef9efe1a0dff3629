/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The hosted game on the projector: full screen on a monitor of its own,
 * showing only what every student may see. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-host-game.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_PROJECTION_WINDOW (pupitre_projection_window_get_type ())
G_DECLARE_FINAL_TYPE (PupitreProjectionWindow, pupitre_projection_window, PUPITRE, PROJECTION_WINDOW, GtkWindow)

PupitreProjectionWindow *pupitre_projection_window_new       (GtkApplication          *app,
                                                              PupitreHostGame         *game);
/* Full screen on @monitor; NULL: a window the teacher may drag. */
void                     pupitre_projection_window_show_on   (PupitreProjectionWindow *self,
                                                              GdkMonitor              *monitor);
GtkWidget               *pupitre_projection_window_get_stage (PupitreProjectionWindow *self);

G_END_DECLS
