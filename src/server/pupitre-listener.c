/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Start-up of the server's listening side: systemd's sockets or the
 * configured port, the TLS certificate and the descriptor limit. */

#include "config.h"

#include <glib/gi18n.h>
#include <sys/resource.h>

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "pupitre-fingerprint.h"
#include "pupitre-listener.h"

/* GSocketListener's default backlog of 10 turns away a class arriving
 * while the loop is busy. */
#define LISTEN_BACKLOG  4096
/* Descriptors kept free for logs, quiz reloads and results files, on top
 * of those open at start-up: an eighth of the limit, within these bounds. */
#define MIN_SPARE_FDS   16
#define MAX_SPARE_FDS   64

/* The descriptors open now (listening sockets, the epoll set, GLib's
 * wake-up descriptors, the log), or 0 if the system does not say. */
static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  /* The directory's own descriptor is counted but closes right after. */
  return n > 0 ? n - 1 : 0;
}

/* Every quantity is compared before it is subtracted: a limit below the
 * reserve leaves no room for clients rather than wrapping around. */
guint
pupitre_listener_fit_connections (guint limit,
                                  guint n_open)
{
  guint spare = CLAMP (limit / 8, MIN_SPARE_FDS, MAX_SPARE_FDS);

  if (limit <= n_open || limit - n_open <= spare)
    return 0;
  return limit - n_open - spare;
}

gboolean
pupitre_listener_raise_fd_limit (guint   *max_connections,
                                 GError **error)
{
  struct rlimit limit;
  guint max;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    limit.rlim_cur = limit.rlim_max = 1024;
  else if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        getrlimit (RLIMIT_NOFILE, &limit);
    }
  max = (guint) MIN (limit.rlim_cur, (rlim_t) G_MAXINT);

  *max_connections = pupitre_listener_fit_connections (max, count_open_fds ());
  if (*max_connections == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                   _("The limit of %u open files leaves no room for any player: "
                     "raise it (LimitNOFILE= or ulimit -n)"), max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
listen_systemd_sockets (GSocketListener  *listener,
                        gboolean         *activated,
                        guint            *port,
                        GError          **error)
{
  *activated = FALSE;
#ifdef HAVE_LIBSYSTEMD
  {
    int n = sd_listen_fds (TRUE);

    for (int i = 0; i < n; i++)
      {
        g_autoptr(GSocket) socket = g_socket_new_from_fd (SD_LISTEN_FDS_START + i, error);
        g_autoptr(GSocketAddress) address = NULL;

        if (socket == NULL || !g_socket_listener_add_socket (listener, socket, NULL, error))
          return FALSE;
        address = g_socket_get_local_address (socket, NULL);
        if (G_IS_INET_SOCKET_ADDRESS (address))
          *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
        *activated = TRUE;
      }
  }
#endif
  return TRUE;
}

gboolean
pupitre_listener_listen (GSocketListener  *listener,
                         PupitreConfig    *config,
                         guint            *port,
                         GError          **error)
{
  gboolean activated;

  *port = 0;
  g_socket_listener_set_backlog (listener, LISTEN_BACKLOG);

  if (!listen_systemd_sockets (listener, &activated, port, error))
    return FALSE;
  if (activated)
    return TRUE;

  if (config->bind != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (config->bind);
      g_autoptr(GSocketAddress) address = NULL;
      g_autoptr(GSocketAddress) effective = NULL;

      if (inet == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not an IP address"), config->bind);
          return FALSE;
        }
      address = g_inet_socket_address_new (inet, config->port);
      if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
        return FALSE;
      *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
      return TRUE;
    }

  if (config->port == 0)
    {
      *port = g_socket_listener_add_any_inet_port (listener, NULL, error);
      return *port != 0;
    }

  if (!g_socket_listener_add_inet_port (listener, config->port, NULL, error))
    return FALSE;
  *port = config->port;
  return TRUE;
}

GTlsCertificate *
pupitre_listener_load_certificate (PupitreConfig  *config,
                                   GError        **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *fingerprint = NULL;

  if (config->tls_certificate == NULL)
    return NULL;

  certificate = g_tls_certificate_new_from_files (config->tls_certificate,
                                                  config->tls_key != NULL
                                                  ? config->tls_key : config->tls_certificate,
                                                  error);
  if (certificate == NULL)
    return NULL;

  /* Pupils check this against what their client shows on first
   * connection to a school's self-signed certificate. */
  fingerprint = pupitre_certificate_get_fingerprint (certificate);
  g_message (_("TLS certificate fingerprint (SHA-256): %s"), fingerprint);
  return g_steal_pointer (&certificate);
}
