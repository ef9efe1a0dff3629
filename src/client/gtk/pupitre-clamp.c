/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A container that keeps its child to a readable width, centred.
 *
 * GTK 4.8 has no AdwClamp: on a wide screen the pages' lines would run
 * over the whole width ("200-character lines", lists lost in the middle of
 * an empty card). This gives the child all of a narrow window and at most
 * maximum-size pixels of a wide one, in the middle. */

#include "config.h"

#include "pupitre-clamp.h"

struct _PupitreClamp
{
  GtkWidget  parent_instance;

  GtkWidget *child;
  int        maximum_size;
};

G_DEFINE_FINAL_TYPE (PupitreClamp, pupitre_clamp, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  PROP_MAXIMUM_SIZE,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static int
clamp_width (PupitreClamp *self,
             int           for_width)
{
  int minimum = 0;

  gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);

  return MAX (minimum, MIN (for_width, self->maximum_size));
}

static void
pupitre_clamp_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  PupitreClamp *self = PUPITRE_CLAMP (widget);

  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (self->child, orientation, for_size,
                          minimum, natural, minimum_baseline, natural_baseline);
      *natural = MAX (*minimum, MIN (*natural, self->maximum_size));
    }
  else
    {
      gtk_widget_measure (self->child, orientation,
                          for_size < 0 ? -1 : clamp_width (self, for_size),
                          minimum, natural, minimum_baseline, natural_baseline);
    }
}

static void
pupitre_clamp_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  PupitreClamp *self = PUPITRE_CLAMP (widget);
  int child_width;

  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;

  child_width = clamp_width (self, width);
  gtk_widget_size_allocate (self->child,
                            &(GtkAllocation) { (width - child_width) / 2, 0, child_width, height },
                            baseline);
}

static GtkSizeRequestMode
pupitre_clamp_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The clamp expands where its child does. */
static void
pupitre_clamp_compute_expand (GtkWidget *widget,
                              gboolean  *hexpand,
                              gboolean  *vexpand)
{
  PupitreClamp *self = PUPITRE_CLAMP (widget);

  *hexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_HORIZONTAL);
  *vexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_VERTICAL);
}

static void
pupitre_clamp_dispose (GObject *object)
{
  PupitreClamp *self = PUPITRE_CLAMP (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (pupitre_clamp_parent_class)->dispose (object);
}

static void
pupitre_clamp_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PupitreClamp *self = PUPITRE_CLAMP (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;

    case PROP_MAXIMUM_SIZE:
      g_value_set_int (value, self->maximum_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_clamp_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PupitreClamp *self = PUPITRE_CLAMP (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      pupitre_clamp_set_child (self, g_value_get_object (value));
      break;

    case PROP_MAXIMUM_SIZE:
      pupitre_clamp_set_maximum_size (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_clamp_class_init (PupitreClampClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pupitre_clamp_dispose;
  object_class->get_property = pupitre_clamp_get_property;
  object_class->set_property = pupitre_clamp_set_property;

  widget_class->measure = pupitre_clamp_measure;
  widget_class->size_allocate = pupitre_clamp_size_allocate;
  widget_class->get_request_mode = pupitre_clamp_get_request_mode;
  widget_class->compute_expand = pupitre_clamp_compute_expand;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MAXIMUM_SIZE] =
    g_param_spec_int ("maximum-size", NULL, NULL,
                      0, G_MAXINT, 960,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "clamp");
  /* Only a layout box: screen readers see its child in its place. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
pupitre_clamp_init (PupitreClamp *self)
{
  self->maximum_size = 960;
}

GtkWidget *
pupitre_clamp_new (void)
{
  return g_object_new (PUPITRE_TYPE_CLAMP, NULL);
}

GtkWidget *
pupitre_clamp_get_child (PupitreClamp *self)
{
  g_return_val_if_fail (PUPITRE_IS_CLAMP (self), NULL);

  return self->child;
}

void
pupitre_clamp_set_child (PupitreClamp *self,
                         GtkWidget    *child)
{
  g_return_if_fail (PUPITRE_IS_CLAMP (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

int
pupitre_clamp_get_maximum_size (PupitreClamp *self)
{
  g_return_val_if_fail (PUPITRE_IS_CLAMP (self), 0);

  return self->maximum_size;
}

void
pupitre_clamp_set_maximum_size (PupitreClamp *self,
                                int           maximum_size)
{
  g_return_if_fail (PUPITRE_IS_CLAMP (self));

  if (self->maximum_size == maximum_size)
    return;

  self->maximum_size = maximum_size;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAXIMUM_SIZE]);
}
