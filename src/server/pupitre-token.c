/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Seat tokens drawn from the kernel's random source. */

#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include "pupitre-token.h"

/* A token is the only proof of a seat: GLib's g_random is a Mersenne
 * twister whose output can be predicted, so it is not used here. */
void
pupitre_token_fill_random (guint8 *bytes,
                           gsize   n_bytes)
{
  gsize got = 0;

  while (got < n_bytes)
    {
      gssize n = getrandom (bytes + got, n_bytes - got, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        g_error ("getrandom() failed: %s", g_strerror (errno));
      got += n;
    }
}

char *
pupitre_token_new (void)
{
  guint8 bytes[16];
  GString *token;

  pupitre_token_fill_random (bytes, sizeof bytes);
  token = g_string_sized_new (2 * sizeof bytes + 1);
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (token, "%02x", bytes[i]);
  return g_string_free (token, FALSE);
}

char *
pupitre_token_new_on_node (const char *node)
{
  g_autofree char *token = pupitre_token_new ();

  if (node == NULL)
    return g_steal_pointer (&token);
  return g_strconcat (node, "-", token, NULL);
}
