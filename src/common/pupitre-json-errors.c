/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The errors the JSON tree accessors and the message scanner's member readers give alike. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pupitre-error.h"
#include "pupitre-json-private.h"

void
pupitre_json_set_invalid_json_error (GError       **error,
                                     const GError  *parser_error)
{
  g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
               _("Invalid JSON: %s"), parser_error->message);
}

void
pupitre_json_set_not_an_object_error (GError **error)
{
  g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                       _("A message must be a JSON object."));
}

void
pupitre_json_set_no_type_error (GError **error)
{
  g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON,
                       _("A message must have a string member “type”."));
}

void
pupitre_json_set_missing_error (GError     **error,
                                const char  *member)
{
  g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
               _("“%s” is missing"), member);
}

void
pupitre_json_set_not_string_error (GError     **error,
                                   const char  *member)
{
  g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
               _("“%s” must be a string"), member);
}

void
pupitre_json_set_not_integer_error (GError     **error,
                                    const char  *member)
{
  g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
               _("“%s” must be an integer"), member);
}

void
pupitre_json_set_out_of_range_error (GError     **error,
                                     const char  *member,
                                     gint64       min,
                                     gint64       max)
{
  if (max == G_MAXINT64)
    g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                 _("“%s” must be at least %lld"),
                 member, (long long) min);
  else
    g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                 _("“%s” must be between %lld and %lld"),
                 member, (long long) min, (long long) max);
}
