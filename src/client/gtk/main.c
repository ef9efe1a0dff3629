/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The entry point of pupitre, the GTK client: gettext, then the application. */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "pupitre-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PupitreApplication) app = NULL;
#ifdef G_OS_WIN32
  g_autofree char *prefix = NULL;
  g_autofree char *localedir = NULL;
#endif

  setlocale (LC_ALL, "");
#ifdef G_OS_WIN32
  /* A Windows bundle is a folder copied anywhere: its catalogues are found
   * next to the program (bin\..\share\locale), not where it was built. */
  prefix = g_win32_get_package_installation_directory_of_module (NULL);
  localedir = g_build_filename (prefix, "share", "locale", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
#else
  /* PUPITRE_LOCALEDIR lets the build tree's catalogues be used uninstalled. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PUPITRE_LOCALEDIR") != NULL
                                   ? g_getenv ("PUPITRE_LOCALEDIR") : LOCALEDIR);
#endif
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pupitre_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
