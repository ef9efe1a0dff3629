/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PROXY protocol v2 parser on headers built byte by byte, as HAProxy's
 * send-proxy-v2 writes them. */

#include "config.h"

#include <string.h>

#include "pupitre-proxy-header.h"

static const guint8 signature[12] = {
  0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
};

/* The fixed part, then @body_len bytes of @body. */
static GByteArray *
build (guint8        ver_cmd,
       guint8        family,
       const guint8 *body,
       gsize         body_len)
{
  GByteArray *header = g_byte_array_new ();
  guint8 fixed[4] = { ver_cmd, family, body_len >> 8, body_len & 0xFF };

  g_byte_array_append (header, signature, sizeof signature);
  g_byte_array_append (header, fixed, sizeof fixed);
  if (body_len > 0)
    g_byte_array_append (header, body, body_len);
  return header;
}

/* 192.0.2.7:40123 to 198.51.100.1:50026. */
static const guint8 ipv4_block[12] = {
  192, 0, 2, 7,  198, 51, 100, 1,  0x9C, 0xBB,  0xC3, 0x6A
};

static GByteArray *
build_ipv4 (void)
{
  return build (0x21, 0x11, ipv4_block, sizeof ipv4_block);
}

static void
test_ipv4 (void)
{
  g_autoptr(GByteArray) bytes = build_ipv4 ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) source = NULL;
  g_autofree char *text = NULL;
  PupitreProxyHeader header;
  gsize needed = 0;

  g_assert_cmpint (pupitre_proxy_header_parse (bytes->data, bytes->len, &header, &needed, &error),
                   ==, PUPITRE_PROXY_PARSE_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (header.size, ==, 28);
  g_assert_true (header.has_source);
  g_assert_cmpuint (header.source_port, ==, 40123);
  source = pupitre_proxy_header_get_source (&header);
  text = g_inet_address_to_string (source);
  g_assert_cmpstr (text, ==, "192.0.2.7");
}

static void
test_ipv6 (void)
{
  guint8 block[36] = { 0 };
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) source = NULL;
  g_autofree char *text = NULL;
  PupitreProxyHeader header;
  gsize needed = 0;

  /* 2001:db8::42 port 443 */
  block[0] = 0x20, block[1] = 0x01, block[2] = 0x0D, block[3] = 0xB8, block[15] = 0x42;
  block[16] = 0x20, block[17] = 0x01, block[18] = 0x0D, block[19] = 0xB8, block[31] = 0x01;
  block[32] = 0x01, block[33] = 0xBB;
  block[34] = 0xC3, block[35] = 0x6A;
  bytes = build (0x21, 0x21, block, sizeof block);

  g_assert_cmpint (pupitre_proxy_header_parse (bytes->data, bytes->len, &header, &needed, &error),
                   ==, PUPITRE_PROXY_PARSE_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (header.size, ==, 52);
  g_assert_true (header.has_source);
  g_assert_cmpint (header.family, ==, G_SOCKET_FAMILY_IPV6);
  g_assert_cmpuint (header.source_port, ==, 443);
  source = pupitre_proxy_header_get_source (&header);
  text = g_inet_address_to_string (source);
  g_assert_cmpstr (text, ==, "2001:db8::42");
}

/* HAProxy's health checks say LOCAL: the proxy's own address stays. */
static void
test_local (void)
{
  g_autoptr(GByteArray) bytes = build (0x20, 0x00, NULL, 0);
  g_autoptr(GByteArray) with_block = build (0x20, 0x11, ipv4_block, sizeof ipv4_block);
  g_autoptr(GError) error = NULL;
  PupitreProxyHeader header;
  gsize needed = 0;

  g_assert_cmpint (pupitre_proxy_header_parse (bytes->data, bytes->len, &header, &needed, &error),
                   ==, PUPITRE_PROXY_PARSE_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (header.size, ==, 16);
  g_assert_false (header.has_source);
  g_assert_null (pupitre_proxy_header_get_source (&header));

  g_assert_cmpint (pupitre_proxy_header_parse (with_block->data, with_block->len, &header,
                                               &needed, &error),
                   ==, PUPITRE_PROXY_PARSE_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (header.size, ==, 28);
  g_assert_false (header.has_source);
}

/* Every prefix of a header asks for more, and for no more than the
 * header: reading what it asks never takes the join line behind it. */
static void
test_truncated (void)
{
  g_autoptr(GByteArray) bytes = build_ipv4 ();
  const char *join = "{\"type\":\"join\"}\n";

  g_byte_array_append (bytes, (const guint8 *) join, strlen (join));
  for (gsize len = 0; len < 28; len++)
    {
      g_autoptr(GError) error = NULL;
      PupitreProxyHeader header;
      gsize needed = 0;

      g_assert_cmpint (pupitre_proxy_header_parse (bytes->data, len, &header, &needed, &error),
                       ==, PUPITRE_PROXY_PARSE_INCOMPLETE);
      g_assert_no_error (error);
      g_assert_cmpuint (needed, >, len);
      g_assert_cmpuint (needed, <=, 28);
      g_assert_cmpuint (needed, ==, len < 16 ? 16 : 28);
    }

  /* With the line behind it, the header ends where it says. */
  {
    g_autoptr(GError) error = NULL;
    PupitreProxyHeader header;
    gsize needed = 0;

    g_assert_cmpint (pupitre_proxy_header_parse (bytes->data, bytes->len, &header, &needed, &error),
                     ==, PUPITRE_PROXY_PARSE_OK);
    g_assert_cmpuint (header.size, ==, 28);
  }
}

static void
test_wrong_signature (void)
{
  const char *line = "{\"type\":\"join\",\"name\":\"Ada\"}\n";
  const char *v1 = "PROXY TCP4 192.0.2.7 198.51.100.1 40123 50026\r\n";
  g_autoptr(GByteArray) bad_version = build (0x11, 0x11, ipv4_block, sizeof ipv4_block);
  g_autoptr(GByteArray) bad_command = build (0x2F, 0x11, ipv4_block, sizeof ipv4_block);
  g_autoptr(GByteArray) bad_family = build (0x21, 0x41, ipv4_block, sizeof ipv4_block);
  g_autoptr(GByteArray) datagram = build (0x21, 0x12, ipv4_block, sizeof ipv4_block);
  g_autoptr(GByteArray) short_block = build (0x21, 0x11, ipv4_block, 8);
  const struct { const guint8 *data; gsize len; } cases[] = {
    /* A client's own line, first byte already wrong. */
    { (const guint8 *) line, 1 },
    { (const guint8 *) line, strlen (line) },
    /* Version 1's text header is not accepted. */
    { (const guint8 *) v1, strlen (v1) },
    { bad_version->data, bad_version->len },
    { bad_command->data, bad_command->len },
    { bad_family->data, bad_family->len },
    { datagram->data, datagram->len },
    { short_block->data, short_block->len },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      PupitreProxyHeader header;
      gsize needed = 0;

      g_test_message ("case %u", i);
      g_assert_cmpint (pupitre_proxy_header_parse (cases[i].data, cases[i].len, &header,
                                                   &needed, &error),
                       ==, PUPITRE_PROXY_PARSE_ERROR);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

/* TLVs after the addresses (ALPN, a unique id) are skipped whole; one
 * cut short is refused. */
static void
test_tlvs (void)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GByteArray) cut = NULL;
  g_autoptr(GError) error = NULL;
  static const guint8 alpn[] = { 0x01, 0x00, 0x02, 'h', '2' };
  static const guint8 unique_id[] = { 0x05, 0x00, 0x04, 'a', 'b', 'c', 'd' };
  static const guint8 noop[] = { 0x04, 0x00, 0x00 };
  static const guint8 broken[] = { 0x05, 0x00, 0x09, 'a' };
  PupitreProxyHeader header;
  gsize needed = 0;

  g_byte_array_append (body, ipv4_block, sizeof ipv4_block);
  g_byte_array_append (body, alpn, sizeof alpn);
  g_byte_array_append (body, unique_id, sizeof unique_id);
  g_byte_array_append (body, noop, sizeof noop);
  bytes = build (0x21, 0x11, body->data, body->len);

  g_assert_cmpint (pupitre_proxy_header_parse (bytes->data, bytes->len, &header, &needed, &error),
                   ==, PUPITRE_PROXY_PARSE_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (header.size, ==, 16 + 12 + 5 + 7 + 3);
  g_assert_true (header.has_source);
  g_assert_cmpuint (header.source_port, ==, 40123);

  g_byte_array_set_size (body, sizeof ipv4_block);
  g_byte_array_append (body, broken, sizeof broken);
  cut = build (0x21, 0x11, body->data, body->len);
  g_assert_cmpint (pupitre_proxy_header_parse (cut->data, cut->len, &header, &needed, &error),
                   ==, PUPITRE_PROXY_PARSE_ERROR);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* A length over the limit is refused from the fixed part alone, before
 * anything is buffered; the limit itself is accepted. */
static void
test_too_long (void)
{
  g_autofree guint8 *body = g_malloc0 (PUPITRE_PROXY_HEADER_MAX_BODY + 1);
  g_autoptr(GByteArray) longest = NULL;
  g_autoptr(GByteArray) over = NULL;
  g_autoptr(GByteArray) huge = build (0x21, 0x11, ipv4_block, sizeof ipv4_block);
  g_autoptr(GError) error = NULL;
  PupitreProxyHeader header;
  gsize needed = 0;

  /* The addresses, then one no-op TLV filling the rest. */
  memcpy (body, ipv4_block, sizeof ipv4_block);
  body[12] = 0x04;
  body[13] = (PUPITRE_PROXY_HEADER_MAX_BODY - 15) >> 8;
  body[14] = (PUPITRE_PROXY_HEADER_MAX_BODY - 15) & 0xFF;
  longest = build (0x21, 0x11, body, PUPITRE_PROXY_HEADER_MAX_BODY);
  g_assert_cmpint (pupitre_proxy_header_parse (longest->data, longest->len, &header,
                                               &needed, &error),
                   ==, PUPITRE_PROXY_PARSE_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (header.size, ==, PUPITRE_PROXY_HEADER_MAX);

  over = build (0x21, 0x11, body, PUPITRE_PROXY_HEADER_MAX_BODY + 1);
  g_assert_cmpint (pupitre_proxy_header_parse (over->data, 16, &header, &needed, &error),
                   ==, PUPITRE_PROXY_PARSE_ERROR);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* The largest length the field can say. */
  huge->data[14] = 0xFF;
  huge->data[15] = 0xFF;
  g_assert_cmpint (pupitre_proxy_header_parse (huge->data, 16, &header, &needed, &error),
                   ==, PUPITRE_PROXY_PARSE_ERROR);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proxy-header/ipv4", test_ipv4);
  g_test_add_func ("/proxy-header/ipv6", test_ipv6);
  g_test_add_func ("/proxy-header/local", test_local);
  g_test_add_func ("/proxy-header/truncated", test_truncated);
  g_test_add_func ("/proxy-header/wrong-signature", test_wrong_signature);
  g_test_add_func ("/proxy-header/tlvs", test_tlvs);
  g_test_add_func ("/proxy-header/too-long", test_too_long);

  return g_test_run ();
}
