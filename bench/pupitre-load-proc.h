/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the load generator reads from /proc: the server's memory, CPU time and wakeups, and the machine. */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* One look at a process. Fields that could not be read are -1. */
typedef struct
{
  gint64 vm_hwm_kb;       /* peak resident set size */
  gint64 vm_rss_kb;
  gint64 ctxt_switches;   /* voluntary + involuntary, all threads */
  double cpu_s;           /* user + system, all threads */
} PupitreLoadProcSample;

/* Reads /proc/@pid/status, /proc/@pid/task/STAR/status and /proc/@pid/stat.
 * Reading them does not wake the process. FALSE if the process is gone. */
gboolean  pupitre_load_proc_sample      (pid_t                  pid,
                                         PupitreLoadProcSample *sample);

/* The first "model name" of /proc/cpuinfo, or a newly allocated "unknown". */
char     *pupitre_load_proc_cpu_model   (void);

G_END_DECLS
