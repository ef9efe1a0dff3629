/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trust on first use: which server certificates a client accepts. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-session-error.h"
#include "pupitre-trust.h"

struct _PupitreTrust
{
  GObject parent_instance;

  PupitreKnownServers *known_servers;

  /* The fingerprint accepted for accepted_key, which holds even when the
   * file could not store it. */
  char *accepted_key;
  char *accepted_fingerprint;
};

G_DEFINE_FINAL_TYPE (PupitreTrust, pupitre_trust, G_TYPE_OBJECT)

static void
pupitre_trust_finalize (GObject *object)
{
  PupitreTrust *self = PUPITRE_TRUST (object);

  g_clear_object (&self->known_servers);
  g_clear_pointer (&self->accepted_key, g_free);
  g_clear_pointer (&self->accepted_fingerprint, g_free);

  G_OBJECT_CLASS (pupitre_trust_parent_class)->finalize (object);
}

static void
pupitre_trust_class_init (PupitreTrustClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pupitre_trust_finalize;
}

static void
pupitre_trust_init (PupitreTrust *self)
{
}

PupitreTrust *
pupitre_trust_new (void)
{
  return g_object_new (PUPITRE_TYPE_TRUST, NULL);
}

PupitreKnownServers *
pupitre_trust_get_known_servers (PupitreTrust *self)
{
  g_return_val_if_fail (PUPITRE_IS_TRUST (self), NULL);

  /* Not read before a secure connection needs it: a plain game never
   * touches the file. */
  if (self->known_servers == NULL)
    self->known_servers = pupitre_known_servers_new (NULL);

  return self->known_servers;
}

gboolean
pupitre_trust_check (PupitreTrust         *self,
                     const char           *host_key,
                     const char           *fingerprint,
                     PupitreTrustVerdict  *verdict,
                     GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trusted = NULL;

  g_return_val_if_fail (PUPITRE_IS_TRUST (self), FALSE);
  g_return_val_if_fail (host_key != NULL, FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (verdict != NULL, FALSE);

  if (self->accepted_fingerprint != NULL &&
      g_strcmp0 (self->accepted_key, host_key) == 0 &&
      g_str_equal (self->accepted_fingerprint, fingerprint))
    {
      *verdict = PUPITRE_TRUST_TRUSTED;
      return TRUE;
    }

  trusted = pupitre_known_servers_lookup (pupitre_trust_get_known_servers (self),
                                          host_key, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_TRUST_STORE,
                   _("The server's certificate cannot be checked. %s"),
                   local_error->message);
      return FALSE;
    }

  if (trusted == NULL)
    *verdict = PUPITRE_TRUST_UNKNOWN;
  else if (g_str_equal (trusted, fingerprint))
    *verdict = PUPITRE_TRUST_TRUSTED;
  else
    *verdict = PUPITRE_TRUST_CHANGED;

  return TRUE;
}

gboolean
pupitre_trust_accept (PupitreTrust  *self,
                      const char    *host_key,
                      const char    *fingerprint,
                      GError       **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (PUPITRE_IS_TRUST (self), FALSE);
  g_return_val_if_fail (host_key != NULL, FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  normalized = pupitre_fingerprint_normalize (fingerprint);
  if (normalized == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a SHA-256 fingerprint."), fingerprint);
      return FALSE;
    }

  g_free (self->accepted_key);
  self->accepted_key = g_strdup (host_key);
  g_free (self->accepted_fingerprint);
  self->accepted_fingerprint = g_strdup (normalized);

  return pupitre_known_servers_remember (pupitre_trust_get_known_servers (self),
                                         host_key, normalized, error);
}

GError *
pupitre_trust_refusal (const char          *host_key,
                       const char          *fingerprint,
                       PupitreTrustVerdict  verdict)
{
  g_return_val_if_fail (verdict != PUPITRE_TRUST_TRUSTED, NULL);

  if (verdict == PUPITRE_TRUST_CHANGED)
    return g_error_new (PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_CHANGED,
                        _("Warning: the certificate of the server at %s has changed! "
                          "Its SHA-256 fingerprint is now %s. Someone may be pretending to be "
                          "the server: connect only if the teacher confirms this new certificate."),
                        host_key, fingerprint);

  return g_error_new (PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_UNKNOWN,
                      _("The server at %s presents a certificate this computer does not know. "
                        "Its SHA-256 fingerprint is %s: trust it only if it is the one the "
                        "teacher gives."),
                      host_key, fingerprint);
}
