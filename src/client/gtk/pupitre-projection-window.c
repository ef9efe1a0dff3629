/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-host-stage.h"
#include "pupitre-projection-window.h"

struct _PupitreProjectionWindow
{
  GtkWindow         parent_instance;

  PupitreHostStage *stage;
};

G_DEFINE_FINAL_TYPE (PupitreProjectionWindow, pupitre_projection_window, GTK_TYPE_WINDOW)

static void
toggle_fullscreen_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
leave_fullscreen_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  gtk_window_unfullscreen (GTK_WINDOW (widget));
}

/* The teacher's keyboard may be on this window: the same key moves the
 * game on as in the control window. */
static void
advance_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PupitreProjectionWindow *self = PUPITRE_PROJECTION_WINDOW (widget);
  PupitreHostGame *game = pupitre_host_stage_get_game (self->stage);

  if (game != NULL)
    pupitre_host_game_advance (game);
}

void
pupitre_projection_window_show_on (PupitreProjectionWindow *self,
                                   GdkMonitor              *monitor)
{
  g_return_if_fail (PUPITRE_IS_PROJECTION_WINDOW (self));

  gtk_window_present (GTK_WINDOW (self));
  if (monitor != NULL)
    gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
}

GtkWidget *
pupitre_projection_window_get_stage (PupitreProjectionWindow *self)
{
  g_return_val_if_fail (PUPITRE_IS_PROJECTION_WINDOW (self), NULL);
  return GTK_WIDGET (self->stage);
}

static void
pupitre_projection_window_class_init (PupitreProjectionWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (PUPITRE_TYPE_HOST_STAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-projection-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreProjectionWindow, stage);

  gtk_widget_class_install_action (widget_class, "projection.toggle-fullscreen", NULL,
                                   toggle_fullscreen_activated);
  gtk_widget_class_install_action (widget_class, "projection.leave-fullscreen", NULL,
                                   leave_fullscreen_activated);
  gtk_widget_class_install_action (widget_class, "projection.advance", NULL, advance_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "projection.toggle-fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "projection.leave-fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "projection.advance", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "projection.advance", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "projection.advance", NULL);
}

static void
pupitre_projection_window_init (PupitreProjectionWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PupitreProjectionWindow *
pupitre_projection_window_new (GtkApplication  *app,
                               PupitreHostGame *game)
{
  PupitreProjectionWindow *self;

  g_return_val_if_fail (PUPITRE_IS_HOST_GAME (game), NULL);

  self = g_object_new (PUPITRE_TYPE_PROJECTION_WINDOW, "application", app, NULL);
  pupitre_host_stage_set_game (self->stage, game);
  return self;
}
