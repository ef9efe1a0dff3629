/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first screen: where the server is and which pseudonym to play under. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PUPITRE_TYPE_CONNECT_PAGE (pupitre_connect_page_get_type ())
G_DECLARE_FINAL_TYPE (PupitreConnectPage, pupitre_connect_page, PUPITRE, CONNECT_PAGE, GtkWidget)

/*
 * Signals:
 *   connect (host, port, name)  the player asked to connect with these
 *                               values, already trimmed and checked
 *   trust                       the player trusts the certificate that
 *                               pupitre_connect_page_ask_trust() showed
 */

/* Fills the form; NULL or 0 leaves a field as it is. */
void        pupitre_connect_page_fill        (PupitreConnectPage *self,
                                              const char         *host,
                                              guint               port,
                                              const char         *name);
/* The game code field; NULL or empty is the server's standing game. */
void        pupitre_connect_page_set_game    (PupitreConnectPage *self,
                                              const char         *game);
/* The code typed, trimmed; NULL when the field is empty. */
char       *pupitre_connect_page_dup_game    (PupitreConnectPage *self);
const char *pupitre_connect_page_get_host    (PupitreConnectPage *self);
guint       pupitre_connect_page_get_port    (PupitreConnectPage *self);
const char *pupitre_connect_page_get_name    (PupitreConnectPage *self);

/* Checks the form as the Connect button does, then emits ::connect. */
void        pupitre_connect_page_submit      (PupitreConnectPage *self);

/* While connecting, the form is locked and the button says so. */
void        pupitre_connect_page_set_busy    (PupitreConnectPage *self,
                                              gboolean            busy);

/* Shows why connecting failed, in words a student understands: a
 * PUPITRE_ERROR from the server, or a G_IO_ERROR/G_RESOLVER_ERROR. */
void        pupitre_connect_page_show_error  (PupitreConnectPage *self,
                                              const GError       *error);
/* Shows a sentence (already translated) in the error banner. */
void        pupitre_connect_page_show_message (PupitreConnectPage *self,
                                               const char         *message);
void        pupitre_connect_page_clear_error (PupitreConnectPage *self);

/* Whether to connect with TLS. */
gboolean    pupitre_connect_page_get_secure  (PupitreConnectPage *self);
void        pupitre_connect_page_set_secure  (PupitreConnectPage *self,
                                              gboolean            secure);

/* Asks the player to check a server's certificate by its fingerprint,
 * loudly when it @changed since it was trusted; ::trust tells the answer. */
void        pupitre_connect_page_ask_trust   (PupitreConnectPage *self,
                                              const char         *host_and_port,
                                              const char         *fingerprint,
                                              gboolean            changed);
void        pupitre_connect_page_clear_trust (PupitreConnectPage *self);

/* Puts the keyboard focus on the first field that needs typing. */
void        pupitre_connect_page_focus       (PupitreConnectPage *self);

G_END_DECLS
