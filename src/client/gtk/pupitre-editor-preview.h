/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The editor's preview: a question laid out as the student's question page shows it. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-quiz.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_EDITOR_PREVIEW (pupitre_editor_preview_get_type ())
G_DECLARE_FINAL_TYPE (PupitreEditorPreview, pupitre_editor_preview, PUPITRE, EDITOR_PREVIEW, GtkWindow)

/* Question @number of @rounds; @time_limit_ms is the one it is played
 * with (its own, the quiz's or the server's). */
PupitreEditorPreview *pupitre_editor_preview_new (GtkWindow             *parent,
                                                  guint                  number,
                                                  guint                  rounds,
                                                  const PupitreQuestion *question,
                                                  gint64                 time_limit_ms);

G_END_DECLS
