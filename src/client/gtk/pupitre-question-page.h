/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A question and its choices, the time left, and the countdown before it. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-page.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_QUESTION_PAGE (pupitre_question_page_get_type ())
G_DECLARE_FINAL_TYPE (PupitreQuestionPage, pupitre_question_page, PUPITRE, QUESTION_PAGE, PupitrePage)

/*
 * Actions (also bound to keys on the page: 1–9 and 0 pick, Enter sends):
 *   question.choose (u)  picks a choice, 0 being "I don't know"
 *   question.send        sends the picked choice
 */

G_END_DECLS
