/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-quiz's commands: check, convert and show a quiz file of any format. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, as the server's. */
#define PUPITRE_QUIZ_TOOL_OK       0
#define PUPITRE_QUIZ_TOOL_INVALID  1  /* a file is not a playable quiz */
#define PUPITRE_QUIZ_TOOL_USAGE    2  /* the command line is wrong */

int pupitre_quiz_tool_run (int    argc,
                           char **argv);

G_END_DECLS
