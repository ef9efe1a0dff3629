/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The base of the game's pages: the session they show, and its signals. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-session.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_PAGE (pupitre_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (PupitrePage, pupitre_page, PUPITRE, PAGE, GtkWidget)

struct _PupitrePageClass
{
  GtkWidgetClass parent_class;

  /* After the session changed (it may be NULL), its signals already
   * connected: a page shows the new session's models and state. */
  void (*session_changed) (PupitrePage *self);
};

PupitreSession *pupitre_page_get_session         (PupitrePage    *self);
void            pupitre_page_set_session         (PupitrePage    *self,
                                                  PupitreSession *session);
/* A page connects its handlers here once, in its init: they follow the
 * session as it changes. */
GSignalGroup   *pupitre_page_get_session_signals (PupitrePage    *self);
/* The same for the session's PupitreRound and PupitreStanding. */
GSignalGroup   *pupitre_page_get_round_signals    (PupitrePage    *self);
GSignalGroup   *pupitre_page_get_standing_signals (PupitrePage    *self);
/* Moves the focus to @target once the page shows, for screen readers. */
void            pupitre_page_present              (PupitrePage    *self,
                                                   GtkWidget      *target);
/* Has a screen reader say @message, the focus staying where it is. */
gboolean        pupitre_page_announce             (PupitrePage    *self,
                                                   const char     *message);

/* Names each page of @stack by its title, for screen readers. */
void            pupitre_name_stack_pages          (GtkStack       *stack);

G_END_DECLS
