/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: a header bar over one page per screen of the game. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-session.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_WINDOW (pupitre_window_get_type ())
G_DECLARE_FINAL_TYPE (PupitreWindow, pupitre_window, PUPITRE, WINDOW, GtkApplicationWindow)

/*
 * Properties:
 *   session  the game being played (read-only; a new one per connection)
 *
 * Actions:
 *   win.leave       leaves the game and goes back to the connect page
 *   win.play-again  plays the server's next game: stays for it when still
 *                   connected, or joins the same server again under the
 *                   same name
 */

PupitreWindow  *pupitre_window_new           (GtkApplication *application);

/* Fills the connect form; NULL or 0 keeps a field's remembered value. */
void            pupitre_window_fill          (PupitreWindow  *self,
                                              const char     *host,
                                              guint           port,
                                              const char     *name,
                                              const char     *game);
/* Ticks "Secure connection" on the connect form. */
void            pupitre_window_set_secure    (PupitreWindow  *self,
                                              gboolean        secure);
/* Presses Connect: checks the form, remembers it and connects. */
void            pupitre_window_submit        (PupitreWindow  *self);

/* Starts a new session to @host:@port as @name; @game may be NULL. */
void            pupitre_window_connect       (PupitreWindow  *self,
                                              const char     *host,
                                              guint           port,
                                              const char     *name,
                                              const char     *game);

PupitreSession *pupitre_window_get_session   (PupitreWindow  *self);

/* "connect", "lobby", "question", "results" or "over". */
const char     *pupitre_window_get_page_name (PupitreWindow  *self);

G_END_DECLS
