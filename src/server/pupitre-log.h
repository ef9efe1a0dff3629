/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the server's log goes: the journal under systemd, plain lines on a
 * terminal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void pupitre_log_init (void);

G_END_DECLS
