/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end of the game: the podium, the player's standing and the ranking. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-page.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_OVER_PAGE (pupitre_over_page_get_type ())
G_DECLARE_FINAL_TYPE (PupitreOverPage, pupitre_over_page, PUPITRE, OVER_PAGE, PupitrePage)

G_END_DECLS
