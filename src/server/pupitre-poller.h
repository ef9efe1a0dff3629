/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every client socket in one epoll set, watched by one main-loop source. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PupitrePoller PupitrePoller;

typedef enum
{
  PUPITRE_POLL_IN  = 1 << 0,  /* readable, hung up or failed */
  PUPITRE_POLL_OUT = 1 << 1,  /* room to write */
} PupitrePollEvents;

/* Called for each ready descriptor with the @data it was added with. */
typedef void (*PupitrePollFunc) (gpointer          data,
                                 PupitrePollEvents events,
                                 gpointer          user_data);

PupitrePoller *pupitre_poller_new    (PupitrePollFunc    func,
                                      gpointer           user_data);
void           pupitre_poller_free   (PupitrePoller     *self);

gboolean       pupitre_poller_add    (PupitrePoller     *self,
                                      int                fd,
                                      PupitrePollEvents  events,
                                      gpointer           data,
                                      GError           **error);
void           pupitre_poller_modify (PupitrePoller     *self,
                                      int                fd,
                                      PupitrePollEvents  events,
                                      gpointer           data);
void           pupitre_poller_remove (PupitrePoller     *self,
                                      int                fd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitrePoller, pupitre_poller_free)

G_END_DECLS
