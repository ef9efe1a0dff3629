/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "pupitre-token-store.h"

/* A key file, read before each use and written whole with
 * g_file_set_contents(): two windows of the app may share it, and a
 * crash mid-write leaves the previous file. A group per kind, server and
 * game, so that forgetting one game touches no other. */

struct _PupitreTokenStore
{
  GObject parent_instance;

  char   *path;
};

G_DEFINE_FINAL_TYPE (PupitreTokenStore, pupitre_token_store, G_TYPE_OBJECT)

static void
pupitre_token_store_finalize (GObject *object)
{
  PupitreTokenStore *self = PUPITRE_TOKEN_STORE (object);

  g_free (self->path);

  G_OBJECT_CLASS (pupitre_token_store_parent_class)->finalize (object);
}

static void
pupitre_token_store_class_init (PupitreTokenStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pupitre_token_store_finalize;
}

static void
pupitre_token_store_init (PupitreTokenStore *self)
{
}

PupitreTokenStore *
pupitre_token_store_new (const char *path)
{
  PupitreTokenStore *self = g_object_new (PUPITRE_TYPE_TOKEN_STORE, NULL);

  self->path = path != NULL
               ? g_strdup (path)
               : g_build_filename (g_get_user_state_dir (), "pupitre", "tokens.ini", NULL);
  return self;
}

static const char *
kind_prefix (PupitreTokenKind kind)
{
  return kind == PUPITRE_TOKEN_HOST ? "host" : "player";
}

static char *
group_name (PupitreTokenKind kind,
            const char      *server,
            const char      *game)
{
  return g_strdup_printf ("%s %s %s", kind_prefix (kind), server, game);
}

static GKeyFile *
load (PupitreTokenStore *self)
{
  GKeyFile *keyfile = g_key_file_new ();

  /* A missing or damaged file is an empty store: tokens are a comfort,
   * never a reason to refuse to play. */
  g_key_file_load_from_file (keyfile, self->path, G_KEY_FILE_NONE, NULL);
  return keyfile;
}

static gboolean
store (PupitreTokenStore  *self,
       GKeyFile           *keyfile,
       GError            **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  gsize length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  data = g_key_file_to_data (keyfile, &length, NULL);
  return g_file_set_contents_full (self->path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

gboolean
pupitre_token_store_save (PupitreTokenStore  *self,
                          PupitreTokenKind    kind,
                          const char         *server,
                          const char         *game,
                          const char         *name,
                          const char         *token,
                          GError            **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (PUPITRE_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (server != NULL && game != NULL && token != NULL, FALSE);

  keyfile = load (self);
  group = group_name (kind, server, game);
  g_key_file_set_string (keyfile, group, "token", token);
  g_key_file_set_string (keyfile, group, "name", name != NULL ? name : "");
  g_key_file_set_int64 (keyfile, group, "saved", g_get_real_time () / G_USEC_PER_SEC);
  return store (self, keyfile, error);
}

char *
pupitre_token_store_lookup (PupitreTokenStore  *self,
                            PupitreTokenKind    kind,
                            const char         *server,
                            const char         *game,
                            char              **name)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *group = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (PUPITRE_IS_TOKEN_STORE (self), NULL);

  keyfile = load (self);
  group = group_name (kind, server, game);
  token = g_key_file_get_string (keyfile, group, "token", NULL);
  if (token == NULL || *token == '\0')
    return NULL;
  if (name != NULL)
    *name = g_key_file_get_string (keyfile, group, "name", NULL);
  return g_steal_pointer (&token);
}

gboolean
pupitre_token_store_forget (PupitreTokenStore  *self,
                            PupitreTokenKind    kind,
                            const char         *server,
                            const char         *game,
                            GError            **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (PUPITRE_IS_TOKEN_STORE (self), FALSE);

  keyfile = load (self);
  group = group_name (kind, server, game);
  if (!g_key_file_remove_group (keyfile, group, NULL))
    return TRUE;
  return store (self, keyfile, error);
}

typedef struct
{
  char   *game;
  gint64  saved;
} Entry;

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const Entry *x = a, *y = b;

  return x->saved < y->saved ? 1 : x->saved > y->saved ? -1 : g_strcmp0 (x->game, y->game);
}

GStrv
pupitre_token_store_list (PupitreTokenStore *self,
                          PupitreTokenKind   kind,
                          const char        *server)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_auto(GStrv) groups = NULL;
  g_autofree char *prefix = NULL;
  GStrvBuilder *builder;
  GStrv result;

  g_return_val_if_fail (PUPITRE_IS_TOKEN_STORE (self), NULL);

  keyfile = load (self);
  groups = g_key_file_get_groups (keyfile, NULL);
  prefix = g_strdup_printf ("%s %s ", kind_prefix (kind), server);
  for (guint i = 0; groups[i] != NULL; i++)
    if (g_str_has_prefix (groups[i], prefix) && groups[i][strlen (prefix)] != '\0')
      {
        Entry entry = {
          .game = groups[i] + strlen (prefix),
          .saved = g_key_file_get_int64 (keyfile, groups[i], "saved", NULL),
        };
        g_array_append_val (entries, entry);
      }
  g_array_sort (entries, compare_newest_first);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < entries->len; i++)
    g_strv_builder_add (builder, g_array_index (entries, Entry, i).game);
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}
