/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How many chose each answer of a closed question, as bars, the right one
 * marked: what the class sees once the round is over. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-host-game.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_ANSWER_CHART (pupitre_answer_chart_get_type ())
G_DECLARE_FINAL_TYPE (PupitreAnswerChart, pupitre_answer_chart, PUPITRE, ANSWER_CHART, GtkWidget)

GtkWidget *pupitre_answer_chart_new        (void);
/* @report NULL: empty. @choices gives the bars' texts. */
void       pupitre_answer_chart_set_report (PupitreAnswerChart      *self,
                                            const PupitreHostReport *report,
                                            const char * const      *choices);
/* The count shown for choice @choice (1-based; 0 "I don't know"); for
 * the tests, which check what the screen says. */
guint      pupitre_answer_chart_get_count  (PupitreAnswerChart      *self,
                                            guint                    choice);

G_END_DECLS
