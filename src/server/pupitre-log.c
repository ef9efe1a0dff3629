/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A log writer: structured journal entries when systemd runs the server,
 * "12:34:56 Ubuntu1 joined" lines for a teacher watching a terminal. */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pupitre-log.h"

typedef struct
{
  gboolean journal;
  gint64   second;     /* of the cached time stamp */
  char     stamp[16];
} LogTarget;

static const char *
find_field (const GLogField *fields,
            gsize            n_fields,
            const char      *key)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, key) && fields[i].length < 0)
      return fields[i].value;
  return NULL;
}

/* What a terminal or a log reader would act on: C0 controls (a newline
 * starts a forged line, ESC a terminal sequence), DEL, C1 controls, the
 * line and paragraph separators, the bidirectional embeddings, overrides
 * and isolates (a terminal that does bidi would reorder the line), and
 * the backslash that starts an escape, so that none can be faked. */
static gboolean
needs_escape (gunichar c)
{
  return c < 0x20 || c == '\\' || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* A quick look first: most lines need no copy. The lead bytes of C1
 * controls (0xC2) and of U+2028 to U+2069 (0xE2) send a line to the full
 * check. */
static gboolean
has_escapes (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p < 0x20 || *p == '\\' || *p == 0x7F || *p == 0xC2 || *p == 0xE2)
      return TRUE;
  return !g_utf8_validate (text, -1, NULL);
}

char *
pupitre_log_escape (const char *text)
{
  GString *out;
  const char *p = text;
  const char *end;

  g_return_val_if_fail (text != NULL, NULL);

  end = text + strlen (text);
  out = g_string_sized_new (end - text);
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: the byte itself, as a terminal would not. */
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (!needs_escape (c))
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c < 0x80)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_printf (out, "\\u%04x", c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

static GLogWriterOutput
write_cb (GLogLevelFlags   level,
          const GLogField *fields,
          gsize            n_fields,
          gpointer         user_data)
{
  LogTarget *target = user_data;
  g_autofree GLogField *escaped = NULL;
  g_autoptr(GPtrArray) owned = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  const char *message;
  const char *prefix = "";

  if (g_log_writer_default_would_drop (level, find_field (fields, n_fields, "GLIB_DOMAIN")))
    return G_LOG_WRITER_HANDLED;

  /* Names and chat lines reach the log: escaped here, every line of the
   * terminal and every journal field is the server's own. */
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length >= 0 || !has_escapes (fields[i].value))
        continue;
      if (escaped == NULL)
        {
          escaped = g_memdup2 (fields, n_fields * sizeof *fields);
          owned = g_ptr_array_new_with_free_func (g_free);
        }
      escaped[i].value = pupitre_log_escape (fields[i].value);
      g_ptr_array_add (owned, (gpointer) escaped[i].value);
    }
  if (escaped != NULL)
    fields = escaped;

  if (target->journal &&
      g_log_writer_journald (level, fields, n_fields, NULL) == G_LOG_WRITER_HANDLED)
    return G_LOG_WRITER_HANDLED;

  message = find_field (fields, n_fields, "MESSAGE");
  if (message == NULL)
    return G_LOG_WRITER_UNHANDLED;

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    prefix = _("Error: ");
  else if (level & G_LOG_LEVEL_WARNING)
    prefix = _("Warning: ");

  /* Formatting local time costs more than the rest of a line: once a second. */
  if (g_get_real_time () / G_USEC_PER_SEC != target->second)
    {
      now = g_date_time_new_now_local ();
      time = g_date_time_format (now, "%H:%M:%S");
      g_strlcpy (target->stamp, time, sizeof target->stamp);
      target->second = g_get_real_time () / G_USEC_PER_SEC;
    }
  fprintf (stderr, "%s %s%s\n", target->stamp, prefix, message);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

#define PLAYER_LOG_MAX_CONNECTIONS 200

GLogLevelFlags
pupitre_log_player_level (guint n_connections)
{
  return n_connections <= PLAYER_LOG_MAX_CONNECTIONS ? G_LOG_LEVEL_MESSAGE : G_LOG_LEVEL_DEBUG;
}

void
pupitre_log_init (void)
{
  static LogTarget target;

  target.journal = g_log_writer_is_journald (fileno (stderr));
  g_log_set_writer_func (write_cb, &target, NULL);
}

void
pupitre_log_player (GLogLevelFlags  level,
                    const char     *game,
                    const char     *player,
                    guint           round,
                    const char     *format,
                    ...)
{
  g_autofree char *message = NULL;
  char round_text[16];
  GLogField fields[6];
  gsize n = 0;
  va_list args;

  if (g_log_writer_default_would_drop (level, G_LOG_DOMAIN))
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fields[n++] = (GLogField) { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 };
  fields[n++] = (GLogField) { "PRIORITY", level & G_LOG_LEVEL_DEBUG ? "7" : "5", -1 };
  fields[n++] = (GLogField) { "MESSAGE", message, -1 };
  fields[n++] = (GLogField) { "PUPITRE_GAME", game, -1 };
  if (player != NULL)
    fields[n++] = (GLogField) { "PUPITRE_PLAYER", player, -1 };
  if (round > 0)
    {
      g_snprintf (round_text, sizeof round_text, "%u", round);
      fields[n++] = (GLogField) { "PUPITRE_ROUND", round_text, -1 };
    }
  g_log_structured_array (level, fields, n);
}
