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

void
pupitre_log_init (void)
{
  static LogTarget target;

  target.journal = g_log_writer_is_journald (fileno (stderr));
  g_log_set_writer_func (write_cb, &target, NULL);
}
