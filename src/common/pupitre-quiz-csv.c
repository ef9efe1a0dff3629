/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spreadsheets saved as CSV: Kahoot!'s template, and Pupitre's own columns. */

/* The header row is found by its text, wherever the spreadsheet put it:
 * Kahoot!'s template has a few lines of instructions above it. The
 * separator is the one under which such a row exists: “;” from a French
 * spreadsheet, “,” from others, or a tab. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-message.h"
#include "pupitre-protocol.h"
#include "pupitre-quiz-private.h"

typedef struct
{
  GPtrArray *cells;
  guint      line;
} Row;

typedef struct
{
  gboolean kahoot;
  int      question;
  int      answer;
  int      time;
  int      explanation;
  GArray  *choices;   /* column indexes, in order */
} Columns;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->cells, g_ptr_array_unref);
}

/* RFC 4180: quoted cells may hold separators, quotes doubled, new lines. */
static GArray *
split_rows (const char *p,
            char        separator)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autoptr(GString) cell = g_string_new (NULL);
  Row row = { g_ptr_array_new_with_free_func (g_free), 1 };
  guint line = 1;

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  while (*p != '\0')
    {
      if (*p == '"' && cell->len == 0)
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (cell, *p++);
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                {
                  if (*p == '\n')
                    line++;
                  g_string_append_c (cell, *p);
                }
            }
          continue;
        }
      if (*p == separator || *p == '\n')
        {
          g_ptr_array_add (row.cells, pupitre_utf8_strip (cell->str));
          g_string_truncate (cell, 0);
          if (*p == '\n')
            {
              line++;
              g_array_append_val (rows, row);
              row = (Row) { g_ptr_array_new_with_free_func (g_free), line };
            }
          p++;
          continue;
        }
      g_string_append_c (cell, *p++);
    }

  g_ptr_array_add (row.cells, pupitre_utf8_strip (cell->str));
  g_array_append_val (rows, row);
  return rows;
}

static gboolean
starts_with (const char *cell,
             const char *prefix)
{
  return g_ascii_strncasecmp (cell, prefix, strlen (prefix)) == 0;
}

static gboolean
find_columns (Row     *row,
              Columns *columns)
{
  *columns = (Columns) { FALSE, -1, -1, -1, -1, columns->choices };
  g_array_set_size (columns->choices, 0);

  for (guint i = 0; i < row->cells->len; i++)
    {
      const char *cell = g_ptr_array_index (row->cells, i);

      if (starts_with (cell, "correct answer"))
        {
          columns->kahoot = TRUE;
          columns->answer = i;
        }
      else if (starts_with (cell, "question"))
        columns->question = i;
      else if (starts_with (cell, "answer ") || starts_with (cell, "choice") ||
               starts_with (cell, "choix"))
        g_array_append_val (columns->choices, i);
      else if (g_ascii_strcasecmp (cell, "answer") == 0 || starts_with (cell, "right") ||
               g_ascii_strcasecmp (cell, "réponse") == 0 || starts_with (cell, "bonne réponse"))
        columns->answer = i;
      else if (starts_with (cell, "time") || starts_with (cell, "temps"))
        columns->time = i;
      else if (starts_with (cell, "explanation") || starts_with (cell, "explication"))
        columns->explanation = i;
    }

  return columns->question >= 0 && columns->answer >= 0 && columns->choices->len >= 2;
}

static const char *
cell_at (Row *row,
         int  column)
{
  return column >= 0 && (guint) column < row->cells->len
         ? g_ptr_array_index (row->cells, column) : "";
}

/* The right one as a number, a letter, or the choice's own text. */
static guint
parse_answer (const char *answer,
              Row        *row,
              Columns    *columns)
{
  char *end = NULL;
  guint64 number = g_ascii_strtoull (answer, &end, 10);

  if (end != answer && *end == '\0')
    return number <= columns->choices->len ? number : 0;
  if (strlen (answer) == 1 && g_ascii_isalpha (answer[0]))
    return g_ascii_toupper (answer[0]) - 'A' + 1;
  for (guint i = 0; i < columns->choices->len; i++)
    {
      if (strcmp (answer, cell_at (row, g_array_index (columns->choices, int, i))) == 0)
        return i + 1;
    }

  return 0;
}

static gboolean
read_row (PupitreQuiz  *quiz,
          const char   *name,
          guint         number,
          Row          *row,
          Columns      *columns,
          GError      **error)
{
  g_autoptr(PupitreQuestion) question = pupitre_question_new (row->line);
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func (g_free);
  const char *answer = cell_at (row, columns->answer);
  const char *time = cell_at (row, columns->time);
  guint right;

  if (columns->kahoot && strpbrk (answer, ",;") != NULL)
    {
      pupitre_quiz_skip (quiz, name, row->line, number,
                         _("multiple-answer questions cannot be played; skipped"));
      return TRUE;
    }
  right = parse_answer (answer, row, columns);
  if (right == 0 || right > columns->choices->len ||
      cell_at (row, g_array_index (columns->choices, int, right - 1))[0] == '\0')
    {
      pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, row->line, number,
                              _("the right answer “%s” is not one of the choices"), answer);
      return FALSE;
    }

  /* Kahoot!'s answers 3 and 4 may stay empty: the others close up. */
  for (guint i = 0; i < columns->choices->len; i++)
    {
      const char *choice = cell_at (row, g_array_index (columns->choices, int, i));

      if (choice[0] == '\0')
        continue;
      g_ptr_array_add (choices, g_strdup (choice));
      if (i + 1 == right)
        question->answer = choices->len;
    }
  pupitre_question_take_choices (question, choices);
  question->text = g_strdup (cell_at (row, columns->question));

  if (time[0] != '\0')
    {
      char *end = NULL;
      double seconds = g_ascii_strtod (time, &end);

      if (end == time || *end != '\0' || !(seconds >= 1 && seconds <= 3600))
        {
          pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_INVALID, name, row->line, number,
                                  _("the time limit “%s” is not a number of seconds from 1 to 3600"),
                                  time);
          return FALSE;
        }
      question->time_limit_ms = seconds * 1000;
    }
  if (cell_at (row, columns->explanation)[0] != '\0')
    question->explanation = g_strdup (cell_at (row, columns->explanation));

  pupitre_quiz_add_imported (quiz, name, number, g_steal_pointer (&question));
  return TRUE;
}

static gboolean
row_is_empty (Row *row)
{
  for (guint i = 0; i < row->cells->len; i++)
    {
      if (((const char *) g_ptr_array_index (row->cells, i))[0] != '\0')
        return FALSE;
    }

  return TRUE;
}

PupitreQuiz *
pupitre_quiz_import_csv (const char  *data,
                         const char  *name,
                         GError     **error)
{
  static const char separators[] = { ';', ',', '\t' };
  g_autoptr(GArray) choice_columns = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) rows = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  Columns columns = { .choices = choice_columns };
  guint header = 0;
  guint number = 0;

  for (guint s = 0; s < G_N_ELEMENTS (separators) && rows == NULL; s++)
    {
      rows = split_rows (data, separators[s]);
      for (header = 0; header < rows->len; header++)
        {
          if (find_columns (&g_array_index (rows, Row, header), &columns))
            break;
        }
      if (header == rows->len)
        g_clear_pointer (&rows, g_array_unref);
    }

  if (rows == NULL)
    {
      pupitre_quiz_set_error (error, PUPITRE_QUIZ_ERROR_SYNTAX, name, 1, 0,
                              _("no header row names the “question”, “choice” and “answer” columns"));
      return NULL;
    }

  quiz = pupitre_quiz_new (NULL, name);
  for (guint i = header + 1; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      if (row_is_empty (row))
        continue;
      if (!read_row (quiz, name, ++number, row, &columns, error))
        return NULL;
    }

  return pupitre_quiz_finish_import (g_steal_pointer (&quiz), name, error);
}
