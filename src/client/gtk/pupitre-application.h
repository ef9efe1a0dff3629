/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pupitre application: command-line options, app actions and windows. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-window.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_APPLICATION (pupitre_application_get_type ())
G_DECLARE_FINAL_TYPE (PupitreApplication, pupitre_application, PUPITRE, APPLICATION, GtkApplication)

PupitreApplication *pupitre_application_new         (void);

/* Opens a window with its form filled from the given values (each may be
 * NULL or 0: the remembered one is kept); when @name and a host are known,
 * it connects at once, as `pupitre --host H --port P --name N` does. */
PupitreWindow      *pupitre_application_open_window (PupitreApplication *self,
                                                     const char         *host,
                                                     guint               port,
                                                     const char         *name,
                                                     const char         *game);

G_END_DECLS
