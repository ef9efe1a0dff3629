/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Token buckets by key, whose memory stays bounded by the keys active
 * lately. */

#include "config.h"

#include "pupitre-rate-limit.h"

typedef struct
{
  double tokens;
  gint64 at;
} Bucket;

struct _PupitreRateLimit
{
  guint       burst;
  gint64      refill_us;
  GHashTable *buckets;    /* key → Bucket */
  guint       prune_at;   /* table size that triggers the next pruning */
};

PupitreRateLimit *
pupitre_rate_limit_new (guint  burst,
                        gint64 refill_us)
{
  PupitreRateLimit *self = g_new0 (PupitreRateLimit, 1);

  g_return_val_if_fail (burst > 0 && refill_us > 0, NULL);

  self->burst = burst;
  self->refill_us = refill_us;
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->prune_at = 64;
  return self;
}

void
pupitre_rate_limit_free (PupitreRateLimit *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->buckets);
  g_free (self);
}

static double
refilled (PupitreRateLimit *self,
          Bucket           *bucket,
          gint64            now)
{
  double tokens = bucket->tokens + (double) MAX (now - bucket->at, 0) / self->refill_us;

  return MIN (tokens, (double) self->burst);
}

/* A full bucket is the same as no bucket: forgetting it keeps the table
 * as small as the keys that were busy lately. Pruning when the table has
 * doubled keeps its cost at a constant per new key. */
static void
prune (PupitreRateLimit *self,
       gint64            now)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (refilled (self, value, now) >= self->burst)
      g_hash_table_iter_remove (&iter);
  self->prune_at = MAX (64, 2 * g_hash_table_size (self->buckets));
}

gboolean
pupitre_rate_limit_take (PupitreRateLimit *self,
                         const char       *key,
                         gint64            now)
{
  Bucket *bucket;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  bucket = g_hash_table_lookup (self->buckets, key);
  if (bucket == NULL)
    {
      if (g_hash_table_size (self->buckets) >= self->prune_at)
        prune (self, now);
      bucket = g_new (Bucket, 1);
      bucket->tokens = self->burst;
      bucket->at = now;
      g_hash_table_insert (self->buckets, g_strdup (key), bucket);
    }

  bucket->tokens = refilled (self, bucket, now);
  bucket->at = now;
  if (bucket->tokens < 1.0)
    return FALSE;
  bucket->tokens -= 1.0;
  return TRUE;
}

gboolean
pupitre_rate_limit_can_take (PupitreRateLimit *self,
                             const char       *key,
                             gint64            now)
{
  Bucket *bucket;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  bucket = g_hash_table_lookup (self->buckets, key);
  return bucket == NULL || refilled (self, bucket, now) >= 1.0;
}

guint
pupitre_rate_limit_get_n_keys (PupitreRateLimit *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->buckets);
}
