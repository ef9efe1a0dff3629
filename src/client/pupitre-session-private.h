/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the session's link and its unit tests hand to the session. */
#pragma once

#include "pupitre-server-message.h"
#include "pupitre-session.h"

G_BEGIN_DECLS

/* Applies one decoded server message to the game state, as if it had
 * arrived on the link: the unit tests drive a session without a socket. */
void pupitre_session_handle_message (PupitreSession             *self,
                                     const PupitreServerMessage *message);

G_END_DECLS
