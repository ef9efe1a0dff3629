/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trusted server certificates of this user: a key file of "host:port"
 * groups and SHA-256 fingerprints, shared by the GTK and console clients. */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pupitre-known-servers.h"

#define FINGERPRINT_KEY "fingerprint"
#define SHA256_LENGTH   32

struct _PupitreKnownServers
{
  GObject parent_instance;

  char *path;
};

G_DEFINE_FINAL_TYPE (PupitreKnownServers, pupitre_known_servers, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

char *
pupitre_fingerprint_normalize (const char *text)
{
  GString *out;
  guint digits = 0;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (SHA256_LENGTH * 3);
  for (const char *p = text; *p != '\0'; p++)
    {
      /* Colons only between pairs, as printed; none at all also goes, as
       * a fingerprint copied from sha256sum would come. */
      if (*p == ':' && digits % 2 == 0 && digits > 0 && p[1] != '\0' && p[1] != ':')
        continue;

      if (!g_ascii_isxdigit (*p) || digits == SHA256_LENGTH * 2)
        {
          g_string_free (out, TRUE);
          return NULL;
        }

      if (digits > 0 && digits % 2 == 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (*p));
      digits++;
    }

  if (digits != SHA256_LENGTH * 2)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

/* Keys */

char *
pupitre_known_servers_format_key (const char *host,
                                  guint       port)
{
  g_autofree char *bare = NULL;
  g_autofree char *lower = NULL;
  gsize len;

  g_return_val_if_fail (host != NULL, NULL);

  /* "[::1]" and "::1" are one server. */
  len = strlen (host);
  if (len >= 2 && host[0] == '[' && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  if (*bare == '\0' || !g_utf8_validate (bare, -1, NULL))
    return NULL;

  for (const char *p = bare; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* What a key file's group name cannot hold. */
      if (c == '[' || c == ']' || g_unichar_iscntrl (c))
        return NULL;
    }

  /* Host names are not case-sensitive; Unicode ones arrive as typed. */
  lower = g_utf8_strdown (bare, -1);

  return g_strdup_printf ("%s:%u", lower, port);
}

static gboolean
check_key (const char  *host_and_port,
           GError     **error)
{
  gboolean valid = *host_and_port != '\0' && g_utf8_validate (host_and_port, -1, NULL);

  /* As GKeyFile checks a group name. */
  for (const char *p = host_and_port; valid && *p != '\0'; p++)
    valid = *p != '[' && *p != ']' && !g_ascii_iscntrl (*p);

  if (valid)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” cannot name a server in the list of trusted certificates."),
               host_and_port);

  return FALSE;
}

/* The file */

static GKeyFile *
load (PupitreKnownServers  *self,
      GError              **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, self->path, G_KEY_FILE_KEEP_COMMENTS, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot read the trusted certificates in %s: %s"),
                   self->path, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&file);
}

static gboolean
save (PupitreKnownServers  *self,
      GKeyFile             *file,
      GError              **error)
{
  g_autofree char *directory = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (g_mkdir_with_parents (directory, 0700) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot save the trusted certificates in %s: %s"),
                   self->path, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_key_file_to_data (file, &length, NULL);

  /* Written beside and renamed over: a crash leaves the old list or the
   * new one, never half of it. */
  if (!g_file_set_contents (self->path, data, length, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot save the trusted certificates in %s: %s"),
                   self->path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* GObject */

static void
pupitre_known_servers_constructed (GObject *object)
{
  PupitreKnownServers *self = PUPITRE_KNOWN_SERVERS (object);

  G_OBJECT_CLASS (pupitre_known_servers_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_config_dir (), "pupitre", "known-servers", NULL);
}

static void
pupitre_known_servers_finalize (GObject *object)
{
  PupitreKnownServers *self = PUPITRE_KNOWN_SERVERS (object);

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (pupitre_known_servers_parent_class)->finalize (object);
}

static void
pupitre_known_servers_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PupitreKnownServers *self = PUPITRE_KNOWN_SERVERS (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_known_servers_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PupitreKnownServers *self = PUPITRE_KNOWN_SERVERS (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_known_servers_class_init (PupitreKnownServersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pupitre_known_servers_constructed;
  object_class->finalize = pupitre_known_servers_finalize;
  object_class->get_property = pupitre_known_servers_get_property;
  object_class->set_property = pupitre_known_servers_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pupitre_known_servers_init (PupitreKnownServers *self)
{
}

/* Public API */

PupitreKnownServers *
pupitre_known_servers_new (const char *path)
{
  return g_object_new (PUPITRE_TYPE_KNOWN_SERVERS, "path", path, NULL);
}

const char *
pupitre_known_servers_get_path (PupitreKnownServers *self)
{
  g_return_val_if_fail (PUPITRE_IS_KNOWN_SERVERS (self), NULL);

  return self->path;
}

char *
pupitre_known_servers_lookup (PupitreKnownServers  *self,
                              const char           *host_and_port,
                              GError              **error)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *stored = NULL;
  char *fingerprint;

  g_return_val_if_fail (PUPITRE_IS_KNOWN_SERVERS (self), NULL);
  g_return_val_if_fail (host_and_port != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_key (host_and_port, error))
    return NULL;

  file = load (self, error);
  if (file == NULL)
    return NULL;

  stored = g_key_file_get_string (file, host_and_port, FINGERPRINT_KEY, NULL);
  if (stored == NULL)
    return NULL;

  /* Edited by hand into something else: the server is not trusted, and
   * saying why beats asking as if it were new. */
  fingerprint = pupitre_fingerprint_normalize (stored);
  if (fingerprint == NULL)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("Cannot read the trusted certificates in %s: "
                   "“%s” is not a SHA-256 fingerprint."),
                 self->path, stored);

  return fingerprint;
}

gboolean
pupitre_known_servers_remember (PupitreKnownServers  *self,
                                const char           *host_and_port,
                                const char           *fingerprint,
                                GError              **error)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (PUPITRE_IS_KNOWN_SERVERS (self), FALSE);
  g_return_val_if_fail (host_and_port != NULL, FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_key (host_and_port, error))
    return FALSE;

  normalized = pupitre_fingerprint_normalize (fingerprint);
  if (normalized == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a SHA-256 fingerprint."), fingerprint);
      return FALSE;
    }

  file = load (self, error);
  if (file == NULL)
    return FALSE;

  g_key_file_set_string (file, host_and_port, FINGERPRINT_KEY, normalized);

  return save (self, file, error);
}

gboolean
pupitre_known_servers_forget (PupitreKnownServers  *self,
                              const char           *host_and_port,
                              GError              **error)
{
  g_autoptr(GKeyFile) file = NULL;

  g_return_val_if_fail (PUPITRE_IS_KNOWN_SERVERS (self), FALSE);
  g_return_val_if_fail (host_and_port != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_key (host_and_port, error))
    return FALSE;

  file = load (self, error);
  if (file == NULL)
    return FALSE;

  if (!g_key_file_has_group (file, host_and_port))
    return TRUE;

  g_key_file_remove_group (file, host_and_port, NULL);

  return save (self, file, error);
}
