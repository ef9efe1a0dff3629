/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A quiz, loaded from the native JSON format or imported from another, and checked. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUPITRE_QUIZ_ERROR (pupitre_quiz_error_quark ())

typedef enum
{
  PUPITRE_QUIZ_ERROR_READ,     /* the file cannot be read */
  PUPITRE_QUIZ_ERROR_SYNTAX,   /* not JSON */
  PUPITRE_QUIZ_ERROR_INVALID,  /* JSON, but not a valid quiz */
} PupitreQuizError;

typedef enum
{
  PUPITRE_QUIZ_FORMAT_AUTO,    /* guessed from the name and the content */
  PUPITRE_QUIZ_FORMAT_JSON,
  PUPITRE_QUIZ_FORMAT_GIFT,
  PUPITRE_QUIZ_FORMAT_AIKEN,
  PUPITRE_QUIZ_FORMAT_CSV,
  PUPITRE_QUIZ_FORMAT_MOODLE_XML,
} PupitreQuizFormat;

/* Limits that keep every question message well under a line's limit. */
#define PUPITRE_QUIZ_MAX_FILE_SIZE      (4 * 1024 * 1024)
#define PUPITRE_QUIZ_MAX_QUESTIONS      500
#define PUPITRE_QUIZ_MAX_TITLE_CHARS    200
#define PUPITRE_QUIZ_MAX_TEXT_CHARS     2000
#define PUPITRE_QUIZ_MAX_CHOICE_CHARS   200
#define PUPITRE_QUIZ_MIN_TIME_LIMIT_MS  1000
#define PUPITRE_QUIZ_MAX_TIME_LIMIT_MS  3600000
#define PUPITRE_QUIZ_MAX_POINTS         2

typedef struct
{
  char   *text;
  char  **choices;        /* NULL-terminated */
  guint   n_choices;      /* 2 to PUPITRE_MAX_CHOICES */
  guint   answer;         /* 1-based */
  gint64  time_limit_ms;  /* 0: the quiz's or the server's default */
  char   *explanation;    /* NULL when the file gives none */
  guint   points;         /* 0, 1 or 2: how much the question counts; 1 by default */
  guint   line;           /* where the question starts in the file */
} PupitreQuestion;

typedef struct _PupitreQuiz PupitreQuiz;

GQuark                 pupitre_quiz_error_quark     (void);

/* Any format, guessed. Errors read "FILE:LINE: question N: what is
 * wrong" (translated); what was skipped or changed on the way is in
 * pupitre_quiz_get_warnings(). */
PupitreQuiz           *pupitre_quiz_load            (const char   *path,
                                                     GError      **error);
PupitreQuiz           *pupitre_quiz_load_file       (const char   *path,
                                                     PupitreQuizFormat format,
                                                     GError      **error);
/* The native JSON format. @display_name names the source in messages. */
PupitreQuiz           *pupitre_quiz_load_from_data  (const char   *data,
                                                     gssize        len,
                                                     const char   *display_name,
                                                     GError      **error);
/* Any format: the bytes of a file called @display_name. */
PupitreQuiz           *pupitre_quiz_import          (const char   *data,
                                                     gsize         len,
                                                     const char   *display_name,
                                                     PupitreQuizFormat format,
                                                     GError      **error);

/* "json", "gift", "aiken", "csv", "moodle-xml" (or "xml"); FALSE for an unknown name. */
gboolean               pupitre_quiz_format_from_string (const char        *name,
                                                        PupitreQuizFormat *format);
/* From the file's extension, else from its first bytes. */
PupitreQuizFormat      pupitre_quiz_format_guess    (const char   *display_name,
                                                     const char   *data,
                                                     gsize         len);

PupitreQuiz           *pupitre_quiz_ref             (PupitreQuiz  *self);
void                   pupitre_quiz_unref           (PupitreQuiz  *self);

const char            *pupitre_quiz_get_title       (PupitreQuiz  *self);
/* May be NULL. */
const char            *pupitre_quiz_get_language    (PupitreQuiz  *self);
/* 0 when the file gives no default. */
gint64                 pupitre_quiz_get_time_limit  (PupitreQuiz  *self);
guint                  pupitre_quiz_get_n_questions (PupitreQuiz  *self);
const PupitreQuestion *pupitre_quiz_get_question    (PupitreQuiz  *self,
                                                     guint         index);
/* NULL-terminated, translated "FILE:LINE: ..." sentences; never NULL. */
const char * const    *pupitre_quiz_get_warnings    (PupitreQuiz  *self);
/* How many questions of the file could not be played. */
guint                  pupitre_quiz_get_n_skipped   (PupitreQuiz  *self);

/* The native format, indented, ending with a newline. */
char                  *pupitre_quiz_to_json         (PupitreQuiz  *self);
/* GIFT, as Moodle imports it; read back, it gives the same quiz. */
char                  *pupitre_quiz_to_gift         (PupitreQuiz  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreQuiz, pupitre_quiz_unref)

G_END_DECLS
