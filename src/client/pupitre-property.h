/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Setters for the clients' state objects that notify a property only when
 * its value changes, so that views redraw no more than they must. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Each stores @value in *@field and notifies @pspec on @object, unless the
 * value was already there; TRUE when it changed. */
gboolean pupitre_set_uint    (gpointer             object,
                              guint               *field,
                              guint                value,
                              GParamSpec          *pspec);
gboolean pupitre_set_int     (gpointer             object,
                              int                 *field,
                              int                  value,
                              GParamSpec          *pspec);
gboolean pupitre_set_int64   (gpointer             object,
                              gint64              *field,
                              gint64               value,
                              GParamSpec          *pspec);
/* Any non-zero @value counts as TRUE. */
gboolean pupitre_set_boolean (gpointer             object,
                              gboolean            *field,
                              gboolean             value,
                              GParamSpec          *pspec);
gboolean pupitre_set_string  (gpointer             object,
                              char               **field,
                              const char          *value,
                              GParamSpec          *pspec);
gboolean pupitre_set_strv    (gpointer             object,
                              char              ***field,
                              const char * const  *value,
                              GParamSpec          *pspec);

G_END_DECLS
