/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PROXY protocol's version 2 header (HAProxy's send-proxy-v2): what a
 * proxy in front of the server says about the client it carries. Pure:
 * bytes in, a verdict out; reading them is the server's business. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The signature, version and command, family and length. */
#define PUPITRE_PROXY_HEADER_FIXED    16
/* What may follow the fixed part: addresses (36 bytes for IPv6, 216 for
 * Unix sockets) and TLVs. HAProxy's own TLVs (ALPN, SSL details, a
 * unique id) stay well within; a longer header is refused rather than
 * buffered. */
#define PUPITRE_PROXY_HEADER_MAX_BODY 1024
#define PUPITRE_PROXY_HEADER_MAX      (PUPITRE_PROXY_HEADER_FIXED + PUPITRE_PROXY_HEADER_MAX_BODY)

typedef enum
{
  PUPITRE_PROXY_PARSE_INCOMPLETE, /* more bytes are needed: see @needed */
  PUPITRE_PROXY_PARSE_OK,
  PUPITRE_PROXY_PARSE_ERROR,
} PupitreProxyParse;

typedef struct
{
  gsize           size;        /* bytes the whole header takes */
  /* FALSE: the proxy speaks for itself (LOCAL, as in its health checks,
   * or a family it does not name), and the connection's own peer stays. */
  gboolean        has_source;
  GSocketFamily   family;      /* G_SOCKET_FAMILY_IPV4 or _IPV6 when has_source */
  guint8          source[16];  /* network order; 4 bytes used for IPv4 */
  guint16         source_port;
} PupitreProxyHeader;

/* Reads a header from the first @len bytes of a connection. INCOMPLETE
 * sets @needed to the total the header needs so far (16 until its fixed
 * part is in, then its whole size): reading exactly that much never takes
 * a byte of what follows it. ERROR sets @error. */
PupitreProxyParse pupitre_proxy_header_parse      (const guint8        *data,
                                                   gsize                len,
                                                   PupitreProxyHeader  *header,
                                                   gsize               *needed,
                                                   GError             **error);

/* The client's address; NULL when the header names none. */
GInetAddress     *pupitre_proxy_header_get_source (const PupitreProxyHeader *header);

G_END_DECLS
