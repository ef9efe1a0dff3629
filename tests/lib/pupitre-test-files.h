/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tests' temporary folders. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @path and everything below it; FALSE if anything stayed. */
gboolean pupitre_test_remove_tree (const char *path);

G_END_DECLS
