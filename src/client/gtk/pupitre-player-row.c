/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One player of the lobby's list: an initial, the name, and a tag. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-player-row.h"

/* The avatars' colours, .avatar.color-0 to -5 in style.css. */
#define N_COLORS 6

struct _PupitrePlayerRow
{
  GtkWidget        parent_instance;

  PupitreScoreRow *item;
  char            *color_class;

  GtkLabel        *avatar;
  GtkLabel        *name_label;
  GtkLabel        *tag;
};

G_DEFINE_FINAL_TYPE (PupitrePlayerRow, pupitre_player_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
clear_look (PupitrePlayerRow *self)
{
  if (self->color_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->avatar), self->color_class);
  g_clear_pointer (&self->color_class, g_free);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "disconnected");
  gtk_widget_remove_css_class (GTK_WIDGET (self->tag), "self");
  gtk_widget_set_visible (GTK_WIDGET (self->tag), FALSE);
}

static void
update (PupitrePlayerRow *self)
{
  const char *player = NULL;
  g_autofree char *initial = NULL;

  clear_look (self);

  if (self->item != NULL)
    player = pupitre_score_row_get_name (self->item);
  if (player == NULL)
    player = "";

  /* A player keeps one colour wherever the name appears. */
  initial = g_utf8_strup (player, *player != '\0' ? g_utf8_next_char (player) - player : 0);
  self->color_class = g_strdup_printf ("color-%u", g_str_hash (player) % N_COLORS);
  gtk_label_set_text (self->avatar, initial);
  gtk_widget_add_css_class (GTK_WIDGET (self->avatar), self->color_class);
  gtk_label_set_text (self->name_label, player);
  /* A name too long for its column is cut with "…": the whole of it is
   * one hover away. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), *player != '\0' ? player : NULL);

  if (self->item == NULL)
    return;

  if (!pupitre_score_row_get_connected (self->item))
    {
      gtk_label_set_text (self->tag, _("disconnected"));
      gtk_widget_add_css_class (GTK_WIDGET (self), "disconnected");
      gtk_widget_set_visible (GTK_WIDGET (self->tag), TRUE);
    }
  else if (pupitre_score_row_get_is_self (self->item))
    {
      gtk_label_set_text (self->tag, _("you"));
      gtk_widget_add_css_class (GTK_WIDGET (self->tag), "self");
      gtk_widget_set_visible (GTK_WIDGET (self->tag), TRUE);
    }
}

static void
pupitre_player_row_dispose (GObject *object)
{
  PupitrePlayerRow *self = PUPITRE_PLAYER_ROW (object);
  GtkWidget *child;

  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), PUPITRE_TYPE_PLAYER_ROW);
  /* The template's root child is not bound, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pupitre_player_row_parent_class)->dispose (object);
}

static void
pupitre_player_row_finalize (GObject *object)
{
  PupitrePlayerRow *self = PUPITRE_PLAYER_ROW (object);

  g_free (self->color_class);

  G_OBJECT_CLASS (pupitre_player_row_parent_class)->finalize (object);
}

static void
pupitre_player_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PupitrePlayerRow *self = PUPITRE_PLAYER_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_player_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PupitrePlayerRow *self = PUPITRE_PLAYER_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      pupitre_player_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_player_row_class_init (PupitrePlayerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pupitre_player_row_dispose;
  object_class->finalize = pupitre_player_row_finalize;
  object_class->get_property = pupitre_player_row_get_property;
  object_class->set_property = pupitre_player_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         PUPITRE_TYPE_SCORE_ROW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-player-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitrePlayerRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, PupitrePlayerRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, PupitrePlayerRow, tag);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pupitre_player_row_init (PupitrePlayerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pupitre_player_row_new (void)
{
  return g_object_new (PUPITRE_TYPE_PLAYER_ROW, NULL);
}

PupitreScoreRow *
pupitre_player_row_get_item (PupitrePlayerRow *self)
{
  g_return_val_if_fail (PUPITRE_IS_PLAYER_ROW (self), NULL);

  return self->item;
}

void
pupitre_player_row_set_item (PupitrePlayerRow *self,
                             PupitreScoreRow  *item)
{
  g_return_if_fail (PUPITRE_IS_PLAYER_ROW (self));
  g_return_if_fail (item == NULL || PUPITRE_IS_SCORE_ROW (item));

  if (!g_set_object (&self->item, item))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
