/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PROXY protocol version 2, as HAProxy documents it in
 * doc/proxy-protocol.txt, section 2.2. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pupitre-proxy-header.h"

static const guint8 signature[12] = {
  0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
};

#define COMMAND_LOCAL  0x0
#define COMMAND_PROXY  0x1
#define FAMILY_UNSPEC  0x0
#define FAMILY_INET    0x1
#define FAMILY_INET6   0x2
#define FAMILY_UNIX    0x3
#define PROTO_UNSPEC   0x0
#define PROTO_STREAM   0x1
#define IPV4_BLOCK     12  /* two addresses of 4 bytes, two ports */
#define IPV6_BLOCK     36
#define UNIX_BLOCK     216
#define TLV_HEADER     3   /* type, length on two bytes */

static PupitreProxyParse
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
  return PUPITRE_PROXY_PARSE_ERROR;
}

/* What follows the addresses must be whole TLVs: a proxy that cut one
 * short is broken, and what it says about the client is not trusted. */
static gboolean
tlvs_are_whole (const guint8 *data,
                gsize         len)
{
  gsize at = 0;

  while (at < len)
    {
      gsize value_len;

      if (len - at < TLV_HEADER)
        return FALSE;
      value_len = (gsize) data[at + 1] << 8 | data[at + 2];
      if (len - at - TLV_HEADER < value_len)
        return FALSE;
      at += TLV_HEADER + value_len;
    }
  return TRUE;
}

PupitreProxyParse
pupitre_proxy_header_parse (const guint8        *data,
                            gsize                len,
                            PupitreProxyHeader  *header,
                            gsize               *needed,
                            GError             **error)
{
  gsize compare = MIN (len, sizeof signature);
  guint version, command, family, proto;
  gsize body, block;

  g_return_val_if_fail (data != NULL || len == 0, PUPITRE_PROXY_PARSE_ERROR);
  g_return_val_if_fail (header != NULL, PUPITRE_PROXY_PARSE_ERROR);
  g_return_val_if_fail (needed != NULL, PUPITRE_PROXY_PARSE_ERROR);

  memset (header, 0, sizeof *header);
  /* A wrong first byte is said at once, not after 16 bytes: a client
   * speaking the game's protocol straight to a proxied port is told. */
  if (compare > 0 && memcmp (data, signature, compare) != 0)
    return fail (error, _("no PROXY protocol version 2 signature"));
  if (len < PUPITRE_PROXY_HEADER_FIXED)
    {
      *needed = PUPITRE_PROXY_HEADER_FIXED;
      return PUPITRE_PROXY_PARSE_INCOMPLETE;
    }

  version = data[12] >> 4;
  command = data[12] & 0x0F;
  family = data[13] >> 4;
  proto = data[13] & 0x0F;
  body = (gsize) data[14] << 8 | data[15];

  if (version != 2)
    return fail (error, _("PROXY protocol version other than 2"));
  if (command != COMMAND_LOCAL && command != COMMAND_PROXY)
    return fail (error, _("unknown PROXY protocol command"));
  if (body > PUPITRE_PROXY_HEADER_MAX_BODY)
    return fail (error, _("PROXY protocol header too long"));
  if (len < PUPITRE_PROXY_HEADER_FIXED + body)
    {
      *needed = PUPITRE_PROXY_HEADER_FIXED + body;
      return PUPITRE_PROXY_PARSE_INCOMPLETE;
    }

  header->size = PUPITRE_PROXY_HEADER_FIXED + body;
  switch (family)
    {
    case FAMILY_INET:
      block = IPV4_BLOCK;
      break;
    case FAMILY_INET6:
      block = IPV6_BLOCK;
      break;
    case FAMILY_UNIX:
      block = UNIX_BLOCK;
      break;
    case FAMILY_UNSPEC:
      block = 0;
      break;
    default:
      return fail (error, _("unknown PROXY protocol address family"));
    }

  /* LOCAL: the proxy's own connection, whatever its address block says
   * (the specification lets the receiver skip it). */
  if (command == COMMAND_LOCAL)
    return PUPITRE_PROXY_PARSE_OK;

  if (body < block)
    return fail (error, _("PROXY protocol addresses cut short"));
  if (!tlvs_are_whole (data + PUPITRE_PROXY_HEADER_FIXED + block, body - block))
    return fail (error, _("PROXY protocol TLV cut short"));
  if (family != FAMILY_INET && family != FAMILY_INET6)
    return PUPITRE_PROXY_PARSE_OK;
  if (proto != PROTO_STREAM && proto != PROTO_UNSPEC)
    return fail (error, _("PROXY protocol header for a datagram connection"));

  header->has_source = TRUE;
  if (family == FAMILY_INET)
    {
      const guint8 *p = data + PUPITRE_PROXY_HEADER_FIXED;

      header->family = G_SOCKET_FAMILY_IPV4;
      memcpy (header->source, p, 4);
      header->source_port = (guint16) (p[8] << 8 | p[9]);
    }
  else
    {
      const guint8 *p = data + PUPITRE_PROXY_HEADER_FIXED;

      header->family = G_SOCKET_FAMILY_IPV6;
      memcpy (header->source, p, 16);
      header->source_port = (guint16) (p[32] << 8 | p[33]);
    }
  return PUPITRE_PROXY_PARSE_OK;
}

GInetAddress *
pupitre_proxy_header_get_source (const PupitreProxyHeader *header)
{
  g_return_val_if_fail (header != NULL, NULL);

  if (!header->has_source)
    return NULL;
  return g_inet_address_new_from_bytes (header->source, header->family);
}
