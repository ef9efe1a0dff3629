/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A quiz being written in the editor: every edit can be undone, and a
 * question may be unplayable for a while, with the server's words for why. */
#pragma once

#include "pupitre-quiz.h"

G_BEGIN_DECLS

typedef struct _PupitreQuizDraft PupitreQuizDraft;

PupitreQuizDraft      *pupitre_quiz_draft_new            (void);
/* A copy of @quiz's questions, as an imported file gives them. */
PupitreQuizDraft      *pupitre_quiz_draft_new_from_quiz  (PupitreQuiz      *quiz);
void                   pupitre_quiz_draft_free           (PupitreQuizDraft *self);

const char            *pupitre_quiz_draft_get_title      (PupitreQuizDraft *self);
void                   pupitre_quiz_draft_set_title      (PupitreQuizDraft *self,
                                                          const char       *title);
/* The quiz's default; 0 for the server's. */
gint64                 pupitre_quiz_draft_get_time_limit (PupitreQuizDraft *self);
void                   pupitre_quiz_draft_set_time_limit (PupitreQuizDraft *self,
                                                          gint64            time_limit_ms);
/* One time limit for all: the default, with no question's own left. */
void                   pupitre_quiz_draft_set_all_time_limits (PupitreQuizDraft *self,
                                                               gint64            time_limit_ms);

guint                  pupitre_quiz_draft_get_n_questions (PupitreQuizDraft *self);
const PupitreQuestion *pupitre_quiz_draft_get_question   (PupitreQuizDraft *self,
                                                          guint             index);
/* An empty question with two empty choices at @index; returns @index. */
guint                  pupitre_quiz_draft_insert_question (PupitreQuizDraft *self,
                                                           guint             index);
void                   pupitre_quiz_draft_duplicate_question (PupitreQuizDraft *self,
                                                              guint             index);
void                   pupitre_quiz_draft_remove_question (PupitreQuizDraft *self,
                                                           guint             index);
void                   pupitre_quiz_draft_move_question  (PupitreQuizDraft *self,
                                                          guint             from,
                                                          guint             to);

void                   pupitre_quiz_draft_set_text       (PupitreQuizDraft *self,
                                                          guint             index,
                                                          const char       *text);
void                   pupitre_quiz_draft_set_choice     (PupitreQuizDraft *self,
                                                          guint             index,
                                                          guint             choice,
                                                          const char       *text);
void                   pupitre_quiz_draft_add_choice     (PupitreQuizDraft *self,
                                                          guint             index);
void                   pupitre_quiz_draft_remove_choice  (PupitreQuizDraft *self,
                                                          guint             index,
                                                          guint             choice);
/* 1-based, as in the file. */
void                   pupitre_quiz_draft_set_answer     (PupitreQuizDraft *self,
                                                          guint             index,
                                                          guint             answer);
void                   pupitre_quiz_draft_set_question_time_limit (PupitreQuizDraft *self,
                                                                   guint             index,
                                                                   gint64            time_limit_ms);
void                   pupitre_quiz_draft_set_points     (PupitreQuizDraft *self,
                                                          guint             index,
                                                          guint             points);
void                   pupitre_quiz_draft_set_explanation (PupitreQuizDraft *self,
                                                           guint             index,
                                                           const char       *explanation);

/* The server's sentence for what is wrong with question @index, or NULL. */
char                  *pupitre_quiz_draft_check_question (PupitreQuizDraft *self,
                                                          guint             index);
/* FALSE, with "question N: problem", while a question cannot be played. */
gboolean               pupitre_quiz_draft_check          (PupitreQuizDraft *self,
                                                          GError          **error);

/* The native format, unplayable questions included (an autosave keeps them). */
char                  *pupitre_quiz_draft_to_json        (PupitreQuizDraft *self);
/* Checked first: a saved file always loads in the server. */
gboolean               pupitre_quiz_draft_save_json      (PupitreQuizDraft *self,
                                                          const char       *path,
                                                          GError          **error);

/* Where the editor keeps its draft between crashes:
 * g_get_user_state_dir()/pupitre/draft.json, the user data directory
 * when the state directory cannot be made. */
char                  *pupitre_quiz_draft_get_autosave_path (void);
/* Written unchecked, replaced atomically. */
gboolean               pupitre_quiz_draft_autosave       (PupitreQuizDraft *self,
                                                          const char       *path,
                                                          GError          **error);
/* An autosave read back, unplayable questions kept as they were; the
 * restored draft counts as modified. */
PupitreQuizDraft      *pupitre_quiz_draft_restore        (const char       *path,
                                                          GError          **error);

gboolean               pupitre_quiz_draft_can_undo       (PupitreQuizDraft *self);
gboolean               pupitre_quiz_draft_can_redo       (PupitreQuizDraft *self);
gboolean               pupitre_quiz_draft_undo           (PupitreQuizDraft *self);
gboolean               pupitre_quiz_draft_redo           (PupitreQuizDraft *self);

/* Forgets every edit to undo or redo: the draft as it is now is where
 * the editor starts. */
void                   pupitre_quiz_draft_clear_history  (PupitreQuizDraft *self);

/* Whether there are edits since the last pupitre_quiz_draft_mark_saved(). */
gboolean               pupitre_quiz_draft_is_modified    (PupitreQuizDraft *self);
void                   pupitre_quiz_draft_mark_saved     (PupitreQuizDraft *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreQuizDraft, pupitre_quiz_draft_free)

G_END_DECLS
