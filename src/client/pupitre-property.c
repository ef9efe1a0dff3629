/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Setters for the clients' state objects that notify a property only when
 * its value changes, so that views redraw no more than they must. */

#include "config.h"

#include "pupitre-property.h"

gboolean
pupitre_set_uint (gpointer    object,
                  guint      *field,
                  guint       value,
                  GParamSpec *pspec)
{
  if (*field == value)
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
  return TRUE;
}

gboolean
pupitre_set_int (gpointer    object,
                 int        *field,
                 int         value,
                 GParamSpec *pspec)
{
  if (*field == value)
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
  return TRUE;
}

gboolean
pupitre_set_int64 (gpointer    object,
                   gint64     *field,
                   gint64      value,
                   GParamSpec *pspec)
{
  if (*field == value)
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
  return TRUE;
}

gboolean
pupitre_set_boolean (gpointer    object,
                     gboolean   *field,
                     gboolean    value,
                     GParamSpec *pspec)
{
  value = !!value;
  if (*field == value)
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
  return TRUE;
}

gboolean
pupitre_set_string (gpointer     object,
                    char       **field,
                    const char  *value,
                    GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
  return TRUE;
}

gboolean
pupitre_set_strv (gpointer             object,
                  char              ***field,
                  const char * const  *value,
                  GParamSpec          *pspec)
{
  if (*field == NULL && value == NULL)
    return FALSE;
  if (*field != NULL && value != NULL &&
      g_strv_equal ((const char * const *) *field, value))
    return FALSE;

  g_strfreev (*field);
  *field = g_strdupv ((char **) value);
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
  return TRUE;
}
