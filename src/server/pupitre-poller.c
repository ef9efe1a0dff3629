/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One epoll set for every client socket, and its one GLib source.
 *
 * GIO gives each pending operation its own GSource, and the main loop
 * polls every one of them on every iteration: at 10,000 players that costs
 * milliseconds per message. Here every client socket joins a single epoll
 * set whose descriptor is the only thing the main loop watches. */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "pupitre-poller.h"

#define MAX_EVENTS 1024

struct _PupitrePoller
{
  int             epfd;
  guint           source;
  PupitrePollFunc func;
  gpointer        user_data;
};

static guint32
to_epoll (PupitrePollEvents events)
{
  return ((events & PUPITRE_POLL_IN) ? EPOLLIN : 0) |
         ((events & PUPITRE_POLL_OUT) ? EPOLLOUT : 0);
}

static gboolean
epoll_cb (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  PupitrePoller *self = user_data;
  struct epoll_event events[MAX_EVENTS];
  int n;

  /* Level-triggered: what is not handled now comes back next iteration. */
  n = epoll_wait (self->epfd, events, MAX_EVENTS, 0);
  for (int i = 0; i < n; i++)
    {
      PupitrePollEvents ready = 0;

      if (events[i].events & EPOLLOUT)
        ready |= PUPITRE_POLL_OUT;
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        ready |= PUPITRE_POLL_IN;
      self->func (events[i].data.ptr, ready, self->user_data);
    }

  return G_SOURCE_CONTINUE;
}

PupitrePoller *
pupitre_poller_new (PupitrePollFunc func,
                    gpointer        user_data)
{
  PupitrePoller *self = g_new0 (PupitrePoller, 1);

  self->func = func;
  self->user_data = user_data;
  self->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (self->epfd < 0)
    g_error ("epoll_create1: %s", g_strerror (errno));
  self->source = g_unix_fd_add (self->epfd, G_IO_IN, epoll_cb, self);
  return self;
}

void
pupitre_poller_free (PupitrePoller *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->source, g_source_remove);
  close (self->epfd);
  g_free (self);
}

gboolean
pupitre_poller_add (PupitrePoller     *self,
                    int                fd,
                    PupitrePollEvents  events,
                    gpointer           data,
                    GError           **error)
{
  struct epoll_event event = { .events = to_epoll (events), .data.ptr = data };

  if (epoll_ctl (self->epfd, EPOLL_CTL_ADD, fd, &event) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "epoll_ctl: %s", g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

void
pupitre_poller_modify (PupitrePoller     *self,
                       int                fd,
                       PupitrePollEvents  events,
                       gpointer           data)
{
  struct epoll_event event = { .events = to_epoll (events), .data.ptr = data };

  if (epoll_ctl (self->epfd, EPOLL_CTL_MOD, fd, &event) < 0)
    g_warning ("epoll_ctl: %s", g_strerror (errno));
}

void
pupitre_poller_remove (PupitrePoller *self,
                       int            fd)
{
  epoll_ctl (self->epfd, EPOLL_CTL_DEL, fd, NULL);
}
