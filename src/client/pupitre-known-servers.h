/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The servers whose certificates this user trusts, remembered in a key
 * file that both clients share. */
#pragma once

#include <gio/gio.h>

#include "pupitre-fingerprint.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_KNOWN_SERVERS (pupitre_known_servers_get_type ())
G_DECLARE_FINAL_TYPE (PupitreKnownServers, pupitre_known_servers, PUPITRE, KNOWN_SERVERS, GObject)

/*
 * The file holds one group per server, named "host:port" (the host in
 * lower case, an IPv6 address without brackets), with the SHA-256
 * fingerprint of the certificate the user accepted for it:
 *
 *   [192.168.1.10:50026]
 *   fingerprint=3F:A2:…:9C
 *
 * The file is read again by every call and written atomically, so that the
 * GTK and console clients, running at the same time, see each other's
 * decisions. A missing file is an empty list.
 *
 * Property:
 *   path   the file (construct-only); by default
 *          g_get_user_config_dir()/pupitre/known-servers
 */

/* @path: NULL for the default file. */
PupitreKnownServers *pupitre_known_servers_new      (const char           *path);
const char          *pupitre_known_servers_get_path (PupitreKnownServers  *self);

/* The trusted fingerprint of @host_and_port; NULL without an error when the
 * server is not known, NULL with @error when the file cannot be read. */
char                *pupitre_known_servers_lookup   (PupitreKnownServers  *self,
                                                     const char           *host_and_port,
                                                     GError              **error);
/* Trusts @fingerprint for @host_and_port, replacing what was trusted. */
gboolean             pupitre_known_servers_remember (PupitreKnownServers  *self,
                                                     const char           *host_and_port,
                                                     const char           *fingerprint,
                                                     GError              **error);
/* TRUE also when @host_and_port was not known. */
gboolean             pupitre_known_servers_forget   (PupitreKnownServers  *self,
                                                     const char           *host_and_port,
                                                     GError              **error);

/* "host:port" as the file names a server: @host in lower case and without
 * the brackets of an IPv6 address. NULL when @host cannot be a group name
 * (a bracket inside, a control character, not UTF-8). */
char                *pupitre_known_servers_format_key (const char         *host,
                                                       guint               port);

/* The same form in upper case, or NULL when @text is not a SHA-256
 * fingerprint (with or without colons, in either case). */
char                *pupitre_fingerprint_normalize       (const char      *text);

G_END_DECLS
