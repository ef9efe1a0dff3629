/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A question in the editor's list: its number, its text, and a marker while it cannot be played. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PUPITRE_TYPE_EDITOR_ROW (pupitre_editor_row_get_type ())
G_DECLARE_FINAL_TYPE (PupitreEditorRow, pupitre_editor_row, PUPITRE, EDITOR_ROW, GtkListBoxRow)

GtkWidget  *pupitre_editor_row_new          (void);
/* @problem is the server's sentence for what is wrong, or NULL. */
void        pupitre_editor_row_set_question (PupitreEditorRow *self,
                                             guint             number,
                                             const char       *text,
                                             const char       *problem);
const char *pupitre_editor_row_get_problem  (PupitreEditorRow *self);

G_END_DECLS
