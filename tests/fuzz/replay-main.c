/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a fuzz target on every file of the corpus folders it is given: each input a fuzzer ever found is a test. */

/* Usage: fuzz-NAME-replay [GTEST-OPTIONS] FOLDER...
 * Each file becomes the test /fuzz/FOLDER-NAME/FILE-NAME, run through the
 * same LLVMFuzzerTestOneInput() the libFuzzer build uses. */

#include <stdint.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
replay_file (gconstpointer user_data)
{
  const char *path = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree guint8 *exact = NULL;
  gsize size;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);

  /* A buffer of exactly the input's size, as libFuzzer gives: a read past
   * the end is then caught by AddressSanitizer. */
  exact = g_malloc (MAX (size, 1));
  memcpy (exact, contents, size);
  g_assert_cmpint (LLVMFuzzerTestOneInput (exact, size), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Adds one test per file of @folder, in name order; returns how many. */
static guint
add_folder (const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *corpus = g_path_get_basename (folder);
  const char *name;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 0;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s", corpus, file);

      g_test_add_data_func_full (test_path, g_build_filename (folder, file, NULL),
                                 replay_file, g_free);
    }

  return names->len;
}

int
main (int   argc,
      char *argv[])
{
  guint n_files = 0;

  g_test_init (&argc, &argv, NULL);
  LLVMFuzzerInitialize (&argc, &argv);

  if (argc < 2)
    {
      g_printerr ("Usage: %s [OPTION…] CORPUS-FOLDER…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      guint n = add_folder (argv[i]);

      /* An empty or missing corpus would pass without testing anything. */
      if (n == 0)
        {
          g_printerr ("No input in %s\n", argv[i]);
          return 1;
        }
      n_files += n;
    }

  g_test_message ("%u inputs", n_files);
  return g_test_run ();
}
