/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre://host[:port]/CODE links: parsed strictly, since they come from
 * a web page or a shortcut the student did not write. */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "pupitre-game-uri.h"
#include "pupitre-protocol.h"

/* Longer than a code the server hands out (6 characters, section 14.2),
 * with room for the "K7R-T4Q" a teacher may write. */
#define MAX_CODE_LENGTH 16

static gboolean
code_is_valid (const char *code)
{
  size_t length = strlen (code);

  if (length == 0 || length > MAX_CODE_LENGTH)
    return FALSE;

  for (const char *c = code; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-')
      return FALSE;

  return TRUE;
}

PupitreTarget *
pupitre_game_uri_parse (const char  *uri,
                        GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code = NULL;
  const char *host;
  const char *path;
  int port;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, &local_error);
  if (parsed == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (parsed), PUPITRE_GAME_URI_SCHEME) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a link to a Pupitre game"), uri);
      return NULL;
    }

  host = g_uri_get_host (parsed);
  if (host == NULL || *host == '\0' || g_uri_get_userinfo (parsed) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The link “%s” names no server"), uri);
      return NULL;
    }

  port = g_uri_get_port (parsed);
  if (port == -1)
    port = PUPITRE_DEFAULT_PORT;
  else if (port < 1 || port > G_MAXUINT16)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The link “%s” names no valid port"), uri);
      return NULL;
    }

  /* "/CODE", "/CODE/" or nothing (the standing game). */
  path = g_uri_get_path (parsed);
  while (*path == '/')
    path++;
  code = g_strdup (path);
  if (*code != '\0' && code[strlen (code) - 1] == '/')
    code[strlen (code) - 1] = '\0';

  if (*code != '\0' && !code_is_valid (code))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The link “%s” names no valid game code"), uri);
      return NULL;
    }

  return pupitre_target_new (host, (guint) port, NULL,
                             *code != '\0' ? code : NULL, FALSE);
}
