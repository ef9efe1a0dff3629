/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unguessable tokens that let a player take their seat back. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 128 random bits from the kernel, as 32 hex digits. */
char *pupitre_token_new (void);

G_END_DECLS
