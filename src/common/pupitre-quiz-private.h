/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the importers share with the quiz: a quiz built question by question, and its messages. */
#pragma once

#include "pupitre-quiz.h"

G_BEGIN_DECLS

PupitreQuestion *pupitre_question_new           (guint             line);
void             pupitre_question_free          (PupitreQuestion  *question);
/* Takes the strings of @choices, which ends without its NULL. */
void             pupitre_question_take_choices  (PupitreQuestion  *question,
                                                 GPtrArray        *choices);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreQuestion, pupitre_question_free)

/* What is wrong with @question in the native format's limits, in the
 * server's translated words, or NULL when it can be played. The editor
 * shows the same sentence as the server's check. */
char            *pupitre_question_check         (const PupitreQuestion *question);

/* "FILE:LINE: question N: problem", or "FILE:LINE: problem" when
 * @number is 0; the same shape for errors and warnings. */
char            *pupitre_quiz_format_message    (const char       *name,
                                                 guint             line,
                                                 guint             number,
                                                 const char       *problem);
void             pupitre_quiz_set_error         (GError          **error,
                                                 int               code,
                                                 const char       *name,
                                                 guint             line,
                                                 guint             number,
                                                 const char       *format,
                                                 ...) G_GNUC_PRINTF (6, 7);

/* An empty quiz titled after the file @name when @title is NULL. */
PupitreQuiz     *pupitre_quiz_new               (const char       *title,
                                                 const char       *name);
void             pupitre_quiz_set_title         (PupitreQuiz      *self,
                                                 const char       *title);
void             pupitre_quiz_set_language      (PupitreQuiz      *self,
                                                 const char       *language);
void             pupitre_quiz_set_time_limit    (PupitreQuiz      *self,
                                                 gint64            time_limit_ms);
void             pupitre_quiz_warn              (PupitreQuiz      *self,
                                                 const char       *name,
                                                 guint             line,
                                                 guint             number,
                                                 const char       *format,
                                                 ...) G_GNUC_PRINTF (5, 6);
/* A question of the file that cannot be played: counted and said. */
void             pupitre_quiz_skip              (PupitreQuiz      *self,
                                                 const char       *name,
                                                 guint             line,
                                                 guint             number,
                                                 const char       *format,
                                                 ...) G_GNUC_PRINTF (5, 6);
/* Takes @question, numbered @number in the file; one outside the native
 * format's limits is skipped with a warning, as is one past the largest
 * number of questions. */
void             pupitre_quiz_add_imported      (PupitreQuiz      *self,
                                                 const char       *name,
                                                 guint             number,
                                                 PupitreQuestion  *question);
/* Returns @self, or NULL and an error when it has nothing to play. */
PupitreQuiz     *pupitre_quiz_finish_import     (PupitreQuiz      *self,
                                                 const char       *name,
                                                 GError          **error);

/* Moodle's texts are HTML: plain text with the line breaks of <br> and
 * <p>, entities decoded. *@has_media tells whether an image, a sound or a
 * video was left out. */
char            *pupitre_html_to_text           (const char       *html,
                                                 gboolean         *has_media);

PupitreQuiz     *pupitre_quiz_import_gift       (const char       *data,
                                                 const char       *name,
                                                 GError          **error);
PupitreQuiz     *pupitre_quiz_import_aiken      (const char       *data,
                                                 const char       *name,
                                                 GError          **error);
PupitreQuiz     *pupitre_quiz_import_moodle     (const char       *data,
                                                 const char       *name,
                                                 GError          **error);
PupitreQuiz     *pupitre_quiz_import_csv        (const char       *data,
                                                 const char       *name,
                                                 GError          **error);

G_END_DECLS
