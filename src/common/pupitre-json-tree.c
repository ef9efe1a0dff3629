/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a checked JSON object with json-glib, and typed accessors that validate its members. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pupitre-error.h"
#include "pupitre-json-check.h"
#include "pupitre-json-private.h"
#include "pupitre-json-tree.h"

JsonObject *
pupitre_json_parse_object (const char  *line,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *type;

  g_return_val_if_fail (line != NULL || len == 0, NULL);

  if (!pupitre_json_check_raw (line, len, NULL, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, line, len, &local_error))
    {
      pupitre_json_set_invalid_json_error (error, local_error);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      pupitre_json_set_not_an_object_error (error);
      return NULL;
    }

  object = json_node_get_object (root);
  type = json_object_get_member (object, "type");
  if (type == NULL || !JSON_NODE_HOLDS_VALUE (type) ||
      json_node_get_value_type (type) != G_TYPE_STRING)
    {
      pupitre_json_set_no_type_error (error);
      return NULL;
    }

  return json_object_ref (object);
}

/* The member's node, or NULL when it is absent or null. Reports a missing
 * required member. */
static gboolean
lookup_member (JsonObject  *object,
               const char  *member,
               gboolean     required,
               JsonNode   **node,
               GError     **error)
{
  JsonNode *found = json_object_get_member (object, member);

  if (found != NULL && JSON_NODE_HOLDS_NULL (found))
    found = NULL;

  if (found == NULL && required)
    {
      pupitre_json_set_missing_error (error, member);
      return FALSE;
    }

  *node = found;
  return TRUE;
}

static gboolean
holds_value_type (JsonNode *node,
                  GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
pupitre_json_get_string (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         const char **out,
                         GError     **error)
{
  JsonNode *node = NULL;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!holds_value_type (node, G_TYPE_STRING))
    {
      pupitre_json_set_not_string_error (error, member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
pupitre_json_get_int (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      gint64       min,
                      gint64       max,
                      gint64      *out,
                      GError     **error)
{
  JsonNode *node = NULL;
  gint64 value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  /* json-glib keeps integer literals as gint64 and anything with a
   * fraction or an exponent as a double: 2.0 is not an integer here. */
  if (!holds_value_type (node, G_TYPE_INT64))
    {
      pupitre_json_set_not_integer_error (error, member);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      pupitre_json_set_out_of_range_error (error, member, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
pupitre_json_get_boolean (JsonObject  *object,
                          const char  *member,
                          gboolean     required,
                          gboolean    *out,
                          GError     **error)
{
  JsonNode *node = NULL;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!holds_value_type (node, G_TYPE_BOOLEAN))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“%s” must be true or false"), member);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
pupitre_json_get_array (JsonObject  *object,
                        const char  *member,
                        gboolean     required,
                        JsonArray  **out,
                        GError     **error)
{
  JsonNode *node = NULL;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“%s” must be an array"), member);
      return FALSE;
    }

  *out = json_node_get_array (node);
  return TRUE;
}
