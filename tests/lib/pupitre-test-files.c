/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tests' temporary folders. */

#include "pupitre-test-files.h"

#include <glib/gstdio.h>

gboolean
pupitre_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  gboolean removed = TRUE;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        removed &= pupitre_test_remove_tree (child);
      else
        removed &= g_unlink (child) == 0;
    }
  return g_rmdir (path) == 0 && removed;
}
