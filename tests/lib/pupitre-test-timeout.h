/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test deadlines scaled by one factor from the environment, larger on slow builds. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $PUPITRE_TEST_TIMEOUT_FACTOR (at least 1; 1 when unset). tools/test.sh
 * sets it for the sanitizer run and gives meson the same multiplier, so
 * that a test's own deadlines and meson's timeout grow together. */
double       pupitre_test_timeout_factor (void);
/* @ms or @us times the factor: how long a test waits for an event. */
guint        pupitre_test_scale_ms       (guint   ms);
gint64       pupitre_test_scale_us       (gint64  us);

G_END_DECLS
