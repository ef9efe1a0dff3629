/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spreadsheets saved as CSV: Kahoot!'s template, and Pupitre's own columns. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pupitre-quiz-private.h"

PupitreQuiz *
pupitre_quiz_import_csv (const char  *data,
                         const char  *name,
                         GError     **error)
{
  pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, name, 1, 0,
                          _("spreadsheets cannot be read yet"));
  return NULL;
}
