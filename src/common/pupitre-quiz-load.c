/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A quiz file of any format: read, its format guessed, its text decoded, handed to its reader. */

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "pupitre-quiz-private.h"

static const struct
{
  const char        *name;
  PupitreQuizFormat  format;
} formats[] = {
  { "json", PUPITRE_QUIZ_FORMAT_JSON },
  { "gift", PUPITRE_QUIZ_FORMAT_GIFT },
  { "aiken", PUPITRE_QUIZ_FORMAT_AIKEN },
  { "csv", PUPITRE_QUIZ_FORMAT_CSV },
  { "moodle-xml", PUPITRE_QUIZ_FORMAT_MOODLE_XML },
  { "xml", PUPITRE_QUIZ_FORMAT_MOODLE_XML },
};

gboolean
pupitre_quiz_format_from_string (const char        *name,
                                 PupitreQuizFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (name, formats[i].name) == 0)
        {
          *format = formats[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

/* Whether some line starts with "ANSWER:" or "A)", Aiken's marks. */
static gboolean
has_aiken_answer (const char *data,
                  gsize       len)
{
  const char *end = data + len;

  for (const char *line = data; line < end; )
    {
      const char *next = memchr (line, '\n', end - line);

      if (end - line >= 7 && g_ascii_strncasecmp (line, "ANSWER:", 7) == 0)
        return TRUE;
      if (end - line >= 3 && line[0] == 'A' && line[1] == ')' && line[2] == ' ')
        return TRUE;
      if (next == NULL)
        break;
      line = next + 1;
    }

  return FALSE;
}

PupitreQuizFormat
pupitre_quiz_format_guess (const char *display_name,
                           const char *data,
                           gsize       len)
{
  const char *dot = display_name != NULL ? strrchr (display_name, '.') : NULL;
  gsize i = 0;

  if (dot != NULL)
    {
      PupitreQuizFormat format;

      if (pupitre_quiz_format_from_string (dot + 1, &format))
        return format;
    }

  /* A .txt file, or one without a known extension: what it starts with,
   * then the marks each format cannot do without. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (data[i]))
    i++;
  if (i < len && (data[i] == '{' || data[i] == '['))
    return PUPITRE_QUIZ_FORMAT_JSON;
  if (i < len && data[i] == '<')
    return PUPITRE_QUIZ_FORMAT_MOODLE_XML;
  if (has_aiken_answer (data, len))
    return PUPITRE_QUIZ_FORMAT_AIKEN;
  if (memchr (data, '{', len) != NULL)
    return PUPITRE_QUIZ_FORMAT_GIFT;

  return PUPITRE_QUIZ_FORMAT_CSV;
}

/* UTF-8 with or without its byte order mark, or the Windows-1252 that
 * spreadsheets and old editors still write; Windows line ends become
 * Unix ones, which keeps every line's number. */
static char *
decode_text (const char   *data,
             gsize         len,
             const char   *name,
             gboolean     *converted,
             GError      **error)
{
  g_autofree char *text = NULL;
  char *out;

  *converted = FALSE;
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }

  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_SYNTAX,
                   _("%s: the file is not text"), name);
      return NULL;
    }

  if (g_utf8_validate_len (data, len, NULL))
    text = g_strndup (data, len);
  else
    {
      text = g_convert (data, len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
      if (text == NULL)
        {
          g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_SYNTAX,
                       _("%s: the file is neither UTF-8 nor Windows-1252 text"), name);
          return NULL;
        }
      *converted = TRUE;
    }

  out = text;
  for (const char *in = text; *in != '\0'; in++)
    {
      if (in[0] != '\r' || in[1] != '\n')
        *out++ = *in;
    }
  *out = '\0';

  return g_steal_pointer (&text);
}

PupitreQuiz *
pupitre_quiz_import (const char         *data,
                     gsize               len,
                     const char         *display_name,
                     PupitreQuizFormat   format,
                     GError            **error)
{
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autofree char *text = NULL;
  gboolean converted;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (display_name == NULL)
    display_name = _("quiz");
  if (data == NULL)
    data = "";

  if (len > PUPITRE_QUIZ_MAX_FILE_SIZE)
    {
      g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ,
                   _("%s: the file is larger than %d MiB"),
                   display_name, PUPITRE_QUIZ_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  if (format == PUPITRE_QUIZ_FORMAT_AUTO)
    format = pupitre_quiz_format_guess (display_name, data, len);
  /* The native format stays strict: its files are written for Pupitre. */
  if (format == PUPITRE_QUIZ_FORMAT_JSON)
    return pupitre_quiz_load_from_data (data, len, display_name, error);

  text = decode_text (data, len, display_name, &converted, error);
  if (text == NULL)
    return NULL;

  switch (format)
    {
    case PUPITRE_QUIZ_FORMAT_GIFT:
      quiz = pupitre_quiz_import_gift (text, display_name, error);
      break;
    case PUPITRE_QUIZ_FORMAT_AIKEN:
      quiz = pupitre_quiz_import_aiken (text, display_name, error);
      break;
    case PUPITRE_QUIZ_FORMAT_CSV:
      quiz = pupitre_quiz_import_csv (text, display_name, error);
      break;
    case PUPITRE_QUIZ_FORMAT_MOODLE_XML:
      quiz = pupitre_quiz_import_moodle (text, display_name, error);
      break;
    case PUPITRE_QUIZ_FORMAT_AUTO:
    case PUPITRE_QUIZ_FORMAT_JSON:
    default:
      g_assert_not_reached ();
    }

  if (quiz != NULL && converted)
    pupitre_quiz_warn (quiz, display_name, 1, 0,
                       _("not UTF-8: read as Windows-1252"));

  return g_steal_pointer (&quiz);
}

/* Reads at most the size limit plus one byte, so that a huge file (or a
 * device that never ends) is refused without reading it all. */
static GBytes *
read_bounded (const char  *path,
              const char  *display_name,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  guint8 chunk[16384];

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ,
                   _("%s: cannot be read: %s"), display_name, local_error->message);
      return NULL;
    }

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk,
                                      NULL, &local_error);

      if (n < 0)
        {
          g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ,
                       _("%s: cannot be read: %s"), display_name, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;

      g_byte_array_append (contents, chunk, n);
      if (contents->len > PUPITRE_QUIZ_MAX_FILE_SIZE)
        {
          g_set_error (error, PUPITRE_QUIZ_ERROR, PUPITRE_QUIZ_ERROR_READ,
                       _("%s: the file is larger than %d MiB"),
                       display_name, PUPITRE_QUIZ_MAX_FILE_SIZE / (1024 * 1024));
          return NULL;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
}

PupitreQuiz *
pupitre_quiz_load_file (const char         *path,
                        PupitreQuizFormat   format,
                        GError            **error)
{
  g_autofree char *display_name = NULL;
  g_autoptr(GBytes) contents = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (path != NULL, NULL);

  display_name = g_filename_display_name (path);
  contents = read_bounded (path, display_name, error);
  if (contents == NULL)
    return NULL;

  data = g_bytes_get_data (contents, &size);
  return pupitre_quiz_import (size > 0 ? data : "", size, display_name, format, error);
}

PupitreQuiz *
pupitre_quiz_load (const char  *path,
                   GError     **error)
{
  return pupitre_quiz_load_file (path, PUPITRE_QUIZ_FORMAT_AUTO, error);
}
