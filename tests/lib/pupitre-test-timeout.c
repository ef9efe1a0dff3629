/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test deadlines scaled by one factor from the environment, larger on slow builds. */

#include "pupitre-test-timeout.h"

double
pupitre_test_timeout_factor (void)
{
  static double factor = 0;

  if (factor == 0)
    {
      const char *text = g_getenv ("PUPITRE_TEST_TIMEOUT_FACTOR");
      double value = text != NULL ? g_ascii_strtod (text, NULL) : 1;

      factor = MAX (value, 1);
    }
  return factor;
}

guint
pupitre_test_scale_ms (guint ms)
{
  return (guint) MIN (ms * pupitre_test_timeout_factor (), (double) G_MAXUINT);
}

gint64
pupitre_test_scale_us (gint64 us)
{
  return (gint64) (us * pupitre_test_timeout_factor ());
}
