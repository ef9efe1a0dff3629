/* SPDX-License-Identifier: GPL-3.0-or-later */
/* After a question: the right answer, the round's table and the scores. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-page.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_RESULTS_PAGE (pupitre_results_page_get_type ())
G_DECLARE_FINAL_TYPE (PupitreResultsPage, pupitre_results_page, PUPITRE, RESULTS_PAGE, PupitrePage)

G_END_DECLS
