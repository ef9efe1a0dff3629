/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A log writer: structured journal entries when systemd runs the server,
 * "12:34:56 Ubuntu1 joined" lines for a teacher watching a terminal. */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
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

static GLogWriterOutput
write_cb (GLogLevelFlags   level,
          const GLogField *fields,
          gsize            n_fields,
          gpointer         user_data)
{
  LogTarget *target = user_data;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  const char *message;
  const char *prefix = "";

  if (g_log_writer_default_would_drop (level, find_field (fields, n_fields, "GLIB_DOMAIN")))
    return G_LOG_WRITER_HANDLED;

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
