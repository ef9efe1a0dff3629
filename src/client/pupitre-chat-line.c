/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One chat message: who wrote it, what it says, and whether it is ours. */

#include "config.h"

#include "pupitre-chat-line.h"

struct _PupitreChatLine
{
  GObject parent_instance;

  char *from;
  char *text;
  gboolean is_self;
};

G_DEFINE_FINAL_TYPE (PupitreChatLine, pupitre_chat_line, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FROM,
  PROP_TEXT,
  PROP_IS_SELF,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
pupitre_chat_line_finalize (GObject *object)
{
  PupitreChatLine *self = PUPITRE_CHAT_LINE (object);

  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (pupitre_chat_line_parent_class)->finalize (object);
}

static void
pupitre_chat_line_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PupitreChatLine *self = PUPITRE_CHAT_LINE (object);

  switch (prop_id)
    {
    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_IS_SELF:
      g_value_set_boolean (value, self->is_self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_chat_line_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PupitreChatLine *self = PUPITRE_CHAT_LINE (object);

  switch (prop_id)
    {
    case PROP_FROM:
      g_free (self->from);
      self->from = g_value_dup_string (value);
      break;

    case PROP_TEXT:
      g_free (self->text);
      self->text = g_value_dup_string (value);
      break;

    case PROP_IS_SELF:
      self->is_self = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_chat_line_class_init (PupitreChatLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pupitre_chat_line_finalize;
  object_class->get_property = pupitre_chat_line_get_property;
  object_class->set_property = pupitre_chat_line_set_property;

  properties[PROP_FROM] =
    g_param_spec_string ("from", NULL, NULL, "", flags);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "", flags);
  properties[PROP_IS_SELF] =
    g_param_spec_boolean ("is-self", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pupitre_chat_line_init (PupitreChatLine *self)
{
  self->from = g_strdup ("");
  self->text = g_strdup ("");
}

PupitreChatLine *
pupitre_chat_line_new (const char *from,
                       const char *text,
                       gboolean    is_self)
{
  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return g_object_new (PUPITRE_TYPE_CHAT_LINE,
                       "from", from,
                       "text", text,
                       "is-self", is_self,
                       NULL);
}

const char *
pupitre_chat_line_get_from (PupitreChatLine *self)
{
  g_return_val_if_fail (PUPITRE_IS_CHAT_LINE (self), NULL);

  return self->from;
}

const char *
pupitre_chat_line_get_text (PupitreChatLine *self)
{
  g_return_val_if_fail (PUPITRE_IS_CHAT_LINE (self), NULL);

  return self->text;
}

gboolean
pupitre_chat_line_get_is_self (PupitreChatLine *self)
{
  g_return_val_if_fail (PUPITRE_IS_CHAT_LINE (self), FALSE);

  return self->is_self;
}
