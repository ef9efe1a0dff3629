/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One chat message as the session's chat model holds it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PUPITRE_TYPE_CHAT_LINE (pupitre_chat_line_get_type ())
G_DECLARE_FINAL_TYPE (PupitreChatLine, pupitre_chat_line, PUPITRE, CHAT_LINE, GObject)

PupitreChatLine *pupitre_chat_line_new         (const char      *from,
                                                const char      *text,
                                                gboolean         is_self);

const char      *pupitre_chat_line_get_from    (PupitreChatLine *self);
const char      *pupitre_chat_line_get_text    (PupitreChatLine *self);
/* The line was written by this player (the server relays it back too). */
gboolean         pupitre_chat_line_get_is_self (PupitreChatLine *self);

G_END_DECLS
