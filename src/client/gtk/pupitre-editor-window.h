/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The quiz editor: a window where a teacher writes a quiz without touching JSON. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-quiz-draft.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_EDITOR_WINDOW (pupitre_editor_window_get_type ())
G_DECLARE_FINAL_TYPE (PupitreEditorWindow, pupitre_editor_window, PUPITRE, EDITOR_WINDOW, GtkApplicationWindow)

/*
 * Actions (win.*): add-question (Ctrl+N), duplicate-question (Ctrl+D),
 * delete-question, move-up (Alt+Up), move-down (Alt+Down), add-choice,
 * undo (Ctrl+Z), redo (Ctrl+Shift+Z), open (Ctrl+O), save (Ctrl+S),
 * save-as (Ctrl+Shift+S), all-time-limits, host.
 */

PupitreEditorWindow *pupitre_editor_window_new            (GtkApplication      *application);
/* When a draft was left by an editor that did not close (a crash), asks
 * whether to restore it. */
void                 pupitre_editor_window_offer_restore  (PupitreEditorWindow *self);
/* Any format the server reads; a file that is not the native JSON is
 * converted, and Save asks where to write the JSON. */
gboolean             pupitre_editor_window_open_file      (PupitreEditorWindow *self,
                                                           GFile               *file,
                                                           GError             **error);
/* GIFT for a name ending in .gift or .txt, the native JSON otherwise. */
gboolean             pupitre_editor_window_save_to_file   (PupitreEditorWindow *self,
                                                           GFile               *file,
                                                           GError             **error);
/* The JSON file that Save writes, or NULL. */
GFile               *pupitre_editor_window_get_file       (PupitreEditorWindow *self);
PupitreQuizDraft    *pupitre_editor_window_get_draft      (PupitreEditorWindow *self);
/* Where the draft is kept between crashes. */
const char          *pupitre_editor_window_get_autosave_path (PupitreEditorWindow *self);

G_END_DECLS
