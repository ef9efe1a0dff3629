/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A container that keeps its child to a readable width, centred. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PUPITRE_TYPE_CLAMP (pupitre_clamp_get_type ())
G_DECLARE_FINAL_TYPE (PupitreClamp, pupitre_clamp, PUPITRE, CLAMP, GtkWidget)

GtkWidget *pupitre_clamp_new              (void);
GtkWidget *pupitre_clamp_get_child        (PupitreClamp *self);
void       pupitre_clamp_set_child        (PupitreClamp *self,
                                           GtkWidget    *child);
int        pupitre_clamp_get_maximum_size (PupitreClamp *self);
void       pupitre_clamp_set_maximum_size (PupitreClamp *self,
                                           int           maximum_size);

G_END_DECLS
