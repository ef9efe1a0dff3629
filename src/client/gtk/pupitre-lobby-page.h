/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The waiting room: who is here, how many are still awaited, and the chat. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-page.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_LOBBY_PAGE (pupitre_lobby_page_get_type ())
G_DECLARE_FINAL_TYPE (PupitreLobbyPage, pupitre_lobby_page, PUPITRE, LOBBY_PAGE, PupitrePage)

G_END_DECLS
