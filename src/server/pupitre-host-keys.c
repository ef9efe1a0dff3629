/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The host-keys file: one "NAME SHA256HEX" line per teacher. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "pupitre-host-keys.h"
#include "pupitre-token.h"

#define HASH_BYTES     32
#define HEX_DIGITS     (2 * HASH_BYTES)
#define MAX_NAME_CHARS 64
/* 160 bits: no one guesses a key, nor finds it from its hash. */
#define KEY_BYTES      20

typedef struct
{
  char   *name;
  guint8  hash[HASH_BYTES];
} Entry;

struct _PupitreHostKeys
{
  GArray *entries;               /* of Entry */
};

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
}

PupitreHostKeys *
pupitre_host_keys_new (void)
{
  PupitreHostKeys *self = g_new0 (PupitreHostKeys, 1);

  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  return self;
}

void
pupitre_host_keys_free (PupitreHostKeys *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->entries);
  g_free (self);
}

guint
pupitre_host_keys_get_n (PupitreHostKeys *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->entries->len;
}

/* ASCII letters only: the name goes into the log and a terminal, and
 * never needs more than "mme.martin" or "martin@lycee". */
static gboolean
name_is_valid (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > MAX_NAME_CHARS)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_' && *p != '@')
      return FALSE;
  return TRUE;
}

static gboolean
parse_hash (const char *hex,
            guint8     *hash)
{
  if (strlen (hex) != HEX_DIGITS)
    return FALSE;
  for (guint i = 0; i < HEX_DIGITS; i++)
    if (!g_ascii_isdigit (hex[i]) && !(hex[i] >= 'a' && hex[i] <= 'f'))
      return FALSE;
  for (guint i = 0; i < HASH_BYTES; i++)
    hash[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
  return TRUE;
}

static const Entry *
find_name (PupitreHostKeys *self,
           const char      *name)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, i);

      if (g_str_equal (entry->name, name))
        return entry;
    }
  return NULL;
}

static void
set_line_error (GError     **error,
                const char  *path,
                guint        line,
                const char  *problem)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%u: %s", path, line, problem);
}

/* The words of @line: several spaces or tabs between them are fine. */
static GStrv
split_fields (const char *line)
{
  g_auto(GStrv) parts = g_strsplit_set (line, " \t", -1);
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (fields, parts[i]);
  return g_strv_builder_end (fields);
}

/* Reads @contents, the text of @path, into a new list. */
static PupitreHostKeys *
parse (const char  *path,
       const char  *contents,
       GError     **error)
{
  g_autoptr(PupitreHostKeys) self = pupitre_host_keys_new ();
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *hash_sign = strchr (lines[i], '#');
      g_auto(GStrv) fields = NULL;
      Entry entry;

      if (hash_sign != NULL)
        *hash_sign = '\0';
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;

      fields = split_fields (lines[i]);
      if (g_strv_length (fields) != 2)
        {
          set_line_error (error, path, i + 1,
                          _("expected a name and the SHA-256 of its key, separated by a space"));
          return NULL;
        }
      if (!name_is_valid (fields[0]))
        {
          set_line_error (error, path, i + 1,
                          _("a name has 1 to 64 letters, digits, “.”, “-”, “_” or “@”"));
          return NULL;
        }
      if (!parse_hash (fields[1], entry.hash))
        {
          set_line_error (error, path, i + 1,
                          _("the SHA-256 must be 64 lowercase hexadecimal digits"));
          return NULL;
        }
      if (find_name (self, fields[0]) != NULL)
        {
          g_autofree char *problem = g_strdup_printf (_("“%s” is listed twice"), fields[0]);

          set_line_error (error, path, i + 1, problem);
          return NULL;
        }
      entry.name = g_strdup (fields[0]);
      g_array_append_val (self->entries, entry);
    }

  return g_steal_pointer (&self);
}

PupitreHostKeys *
pupitre_host_keys_load (const char  *path,
                        GError     **error)
{
  g_autofree char *contents = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  return parse (path, contents, error);
}

static void
hash_key (const char *key,
          guint8     *hash)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = HASH_BYTES;

  g_checksum_update (checksum, (const guchar *) key, strlen (key));
  g_checksum_get_digest (checksum, hash, &len);
  g_assert (len == HASH_BYTES);
}

const char *
pupitre_host_keys_check (PupitreHostKeys *self,
                         const char      *key)
{
  guint8 hash[HASH_BYTES];
  const char *found = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (key == NULL || *key == '\0')
    return NULL;

  /* Every entry is compared to the end, whatever matched before: how long
   * a wrong key takes says nothing about how close it came to a hash. */
  hash_key (key, hash);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, i);
      guint8 diff = 0;

      for (guint j = 0; j < HASH_BYTES; j++)
        diff |= entry->hash[j] ^ hash[j];
      if (diff == 0 && found == NULL)
        found = entry->name;
    }
  return found;
}

/* RFC 4648's base 32 in lower case: no character a shell or a URL treats
 * specially, and none a teacher mistakes for another when copying. */
static char *
new_key (void)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  guint8 bytes[KEY_BYTES];
  GString *key = g_string_sized_new (KEY_BYTES * 8 / 5 + 1);
  guint buffer = 0;
  guint bits = 0;

  G_STATIC_ASSERT (KEY_BYTES * 8 % 5 == 0);

  pupitre_token_fill_random (bytes, sizeof bytes);
  for (gsize i = 0; i < sizeof bytes; i++)
    {
      buffer = (buffer << 8) | bytes[i];
      bits += 8;
      while (bits >= 5)
        {
          bits -= 5;
          g_string_append_c (key, alphabet[(buffer >> bits) & 31]);
        }
    }
  return g_string_free (key, FALSE);
}

static gboolean
write_all (int          fd,
           const char  *text,
           const char  *path,
           GError     **error)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      gssize n = write (fd, text, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot write to %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      text += n;
      len -= n;
    }
  return TRUE;
}

char *
pupitre_host_keys_add (const char  *path,
                       const char  *name,
                       GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(PupitreHostKeys) keys = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *line = NULL;
  g_autofree char *hex = NULL;
  gboolean needs_newline;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!name_is_valid (name))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A name has 1 to 64 letters, digits, “.”, “-”, “_” or “@”"));
      return NULL;
    }

  /* The whole file is checked first: a line added to a file the server
   * would refuse would be a key that does not work. */
  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
      contents = g_strdup ("");
    }
  if (!(keys = parse (path, contents, error)))
    return NULL;
  if (find_name (keys, name) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already has a host key for “%s”"), path, name);
      return NULL;
    }

  key = new_key ();
  hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  needs_newline = *contents != '\0' && !g_str_has_suffix (contents, "\n");
  line = g_strdup_printf ("%s%s %s\n", needs_newline ? "\n" : "", name, hex);

  /* Appending keeps the file's owner, mode and comments; a new file is
   * the owner's alone until an administrator decides otherwise. */
  fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot open %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (!write_all (fd, line, path, error))
    {
      close (fd);
      return NULL;
    }
  /* The key is shown once: it must be on disk before it is. */
  if (fsync (fd) != 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write to %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (close (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write to %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&key);
}
