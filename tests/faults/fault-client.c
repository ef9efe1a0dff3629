/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A minimal player in its own process: joins, then copies what the server says to stdout. */

/* Usage: fault-client ADDRESS PORT NAME
 * The fault tests run it as a real separate process, to kill it or to run
 * it inside another network namespace, and read its stdout to follow the
 * game. It ends when the server closes the connection. */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <glib.h>

#include "pupitre-json.h"

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  struct sockaddr_in sin = { .sin_family = AF_INET };
  g_autoptr(GString) join = g_string_new ("{\"type\":\"join\",\"name\":");
  char buffer[16384];
  int fd;

  if (argc != 4)
    {
      fprintf (stderr, "Usage: %s ADDRESS PORT NAME\n", argv[0]);
      return 2;
    }

  sin.sin_port = htons ((guint16) g_ascii_strtoull (argv[2], NULL, 10));
  if (inet_pton (AF_INET, argv[1], &sin.sin_addr) != 1)
    {
      fprintf (stderr, "%s: not an IPv4 address\n", argv[1]);
      return 2;
    }

  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect (fd, (struct sockaddr *) &sin, sizeof sin) != 0)
    {
      fprintf (stderr, "connect: %s\n", g_strerror (errno));
      return 1;
    }

  pupitre_json_append_string (join, argv[3]);
  g_string_append (join, "}\n");
  if (!write_all (fd, join->str, join->len))
    {
      fprintf (stderr, "send: %s\n", g_strerror (errno));
      return 1;
    }

  for (;;)
    {
      gssize n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      if (!write_all (STDOUT_FILENO, buffer, n))
        break;
    }

  close (fd);
  return 0;
}
