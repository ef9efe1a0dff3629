/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the load generator reads from /proc: the server's memory, CPU time and wakeups, and the machine. */

#include "pupitre-load-proc.h"

#include <string.h>
#include <unistd.h>

/* The value of a "Name:   1234 kB" line of a status file, or -1. */
static gint64
status_field (const char *contents,
              const char *name)
{
  gsize name_len = strlen (name);
  const char *line = contents;

  while (line != NULL && *line != '\0')
    {
      if (strncmp (line, name, name_len) == 0 && line[name_len] == ':')
        return g_ascii_strtoll (line + name_len + 1, NULL, 10);
      line = strchr (line, '\n');
      if (line != NULL)
        line++;
    }
  return -1;
}

/* /proc/PID/status counts the context switches of the main thread only, but
 * GLib runs helper threads (the GIO worker among them) and a periodic timer
 * in any of them is what an idle server must not have: sum every thread. */
static gint64
count_ctxt_switches (pid_t pid)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
  const char *tid;
  gint64 total = 0;

  if (dir == NULL)
    return -1;

  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (task_dir, tid, "status", NULL);
      g_autofree char *contents = NULL;
      gint64 voluntary;
      gint64 involuntary;

      /* A thread may end between listing and reading: skip it. */
      if (!g_file_get_contents (path, &contents, NULL, NULL))
        continue;
      voluntary = status_field (contents, "voluntary_ctxt_switches");
      involuntary = status_field (contents, "nonvoluntary_ctxt_switches");
      if (voluntary >= 0)
        total += voluntary;
      if (involuntary >= 0)
        total += involuntary;
    }
  return total;
}

/* utime and stime are fields 14 and 15 of /proc/PID/stat; the command name
 * (field 2) may hold spaces, so count from the last ')'. */
static double
read_cpu_seconds (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *rest;
  long ticks = sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return -1;
  rest = strrchr (contents, ')');
  if (rest == NULL || ticks <= 0)
    return -1;

  /* fields[0] is field 3 (state). */
  fields = g_strsplit (g_strstrip ((char *) rest + 1), " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;

  return (double) (g_ascii_strtoull (fields[11], NULL, 10)
                   + g_ascii_strtoull (fields[12], NULL, 10)) / (double) ticks;
}

gboolean
pupitre_load_proc_sample (pid_t                  pid,
                          PupitreLoadProcSample *sample)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *contents = NULL;

  sample->vm_hwm_kb = -1;
  sample->vm_rss_kb = -1;
  sample->ctxt_switches = -1;
  sample->cpu_s = -1;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  /* A process that has exited but is not reaped yet keeps its status file
   * without the memory lines: report those as unknown. */
  sample->vm_hwm_kb = status_field (contents, "VmHWM");
  sample->vm_rss_kb = status_field (contents, "VmRSS");
  sample->ctxt_switches = count_ctxt_switches (pid);
  sample->cpu_s = read_cpu_seconds (pid);
  return TRUE;
}

char *
pupitre_load_proc_cpu_model (void)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/cpuinfo", &contents, NULL, NULL))
    {
      for (line = contents; line != NULL && *line != '\0';)
        {
          if (g_str_has_prefix (line, "model name"))
            {
              const char *colon = strchr (line, ':');
              const char *eol = strchr (line, '\n');

              if (colon != NULL && (eol == NULL || colon < eol))
                {
                  g_autofree char *value = eol != NULL
                    ? g_strndup (colon + 1, (gsize) (eol - colon - 1))
                    : g_strdup (colon + 1);

                  return g_strdup (g_strstrip (value));
                }
            }
          line = strchr (line, '\n');
          if (line != NULL)
            line++;
        }
    }
  return g_strdup ("unknown");
}
