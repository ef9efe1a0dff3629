/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A token bucket per key (a client's address, a game code): a burst, then
 * one attempt per refill interval. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PupitreRateLimit PupitreRateLimit;

/* Each key may take @burst attempts at once, and one more every
 * @refill_us microseconds. */
PupitreRateLimit *pupitre_rate_limit_new    (guint             burst,
                                             gint64            refill_us);
void              pupitre_rate_limit_free   (PupitreRateLimit *self);
/* Takes one attempt for @key at @now (monotonic, in microseconds); FALSE,
 * taking nothing, when its bucket is empty. */
gboolean          pupitre_rate_limit_take   (PupitreRateLimit *self,
                                             const char       *key,
                                             gint64            now);
/* Whether take() would succeed now; takes nothing. */
gboolean          pupitre_rate_limit_can_take (PupitreRateLimit *self,
                                               const char       *key,
                                               gint64            now);
/* How many keys are tracked (full buckets are forgotten over time). */
guint             pupitre_rate_limit_get_n_keys (PupitreRateLimit *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreRateLimit, pupitre_rate_limit_free)

G_END_DECLS
