/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-quiz: checks, converts and shows the quiz files teachers bring. */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "pupitre-quiz-tool.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* PUPITRE_LOCALEDIR lets the build tree's catalogues be used uninstalled. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PUPITRE_LOCALEDIR") != NULL
                                   ? g_getenv ("PUPITRE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("pupitre-quiz");

  return pupitre_quiz_tool_run (argc, argv);
}
