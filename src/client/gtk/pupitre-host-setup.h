/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The form a teacher fills before creating a game: the server, the quiz
 * file (checked here, with the server's rules and wording) and the game's
 * rules. */
#pragma once

#include <gtk/gtk.h>

#include "pupitre-game-options.h"
#include "pupitre-quiz.h"

G_BEGIN_DECLS

#define PUPITRE_TYPE_HOST_SETUP (pupitre_host_setup_get_type ())
G_DECLARE_FINAL_TYPE (PupitreHostSetup, pupitre_host_setup, PUPITRE, HOST_SETUP, GtkWidget)

/* Signals: create (), when the teacher asks for the game with a good quiz;
 * resume (const char *code), to take back a game this computer hosts. */

void         pupitre_host_setup_set_server     (PupitreHostSetup   *self,
                                                const char         *host,
                                                guint               port,
                                                gboolean            secure);
const char  *pupitre_host_setup_get_host       (PupitreHostSetup   *self);
guint        pupitre_host_setup_get_port       (PupitreHostSetup   *self);
gboolean     pupitre_host_setup_get_secure     (PupitreHostSetup   *self);
/* NULL when empty. */
const char  *pupitre_host_setup_get_host_key   (PupitreHostSetup   *self);
const char  *pupitre_host_setup_get_name       (PupitreHostSetup   *self);

/* Reads and checks @file; FALSE with the problem (also shown on the form). */
gboolean     pupitre_host_setup_set_quiz_file  (PupitreHostSetup   *self,
                                                GFile              *file,
                                                GError            **error);
/* NULL until a good quiz is chosen. */
PupitreQuiz *pupitre_host_setup_get_quiz       (PupitreHostSetup   *self);
/* The file's text as read, its name and its format as create_game names
 * it ("json", "gift"…). */
const char  *pupitre_host_setup_get_quiz_text  (PupitreHostSetup   *self);
const char  *pupitre_host_setup_get_quiz_name  (PupitreHostSetup   *self);
const char  *pupitre_host_setup_get_quiz_format (PupitreHostSetup  *self);

void         pupitre_host_setup_get_options    (PupitreHostSetup   *self,
                                                PupitreGameOptions *options);
void         pupitre_host_setup_set_options    (PupitreHostSetup   *self,
                                                const PupitreGameOptions *options);

/* Offers to take back the game @code (NULL: none). */
void         pupitre_host_setup_offer_resume   (PupitreHostSetup   *self,
                                                const char         *code);

/* @message NULL hides the error; @busy greys the form while connecting. */
void         pupitre_host_setup_set_error      (PupitreHostSetup   *self,
                                                const char         *message);
void         pupitre_host_setup_set_busy       (PupitreHostSetup   *self,
                                                gboolean            busy);

G_END_DECLS
