/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The base of the game's pages: the session they show, and its signals. */

#include "config.h"

#include "pupitre-page.h"

typedef struct
{
  PupitreSession *session;
  GSignalGroup   *session_signals;
  /* On the session's round and standing, which follow the session. */
  GSignalGroup   *round_signals;
  GSignalGroup   *standing_signals;
  /* The widget that takes the focus once the page shows, so that a screen
   * reader reads it: GTK 4.8 has no other way to announce a change. */
  GtkWidget      *present_target;
  guint           present_idle_id;
  /* The focused widget that carries the last announcement as its
   * description, and the focus controller on it that takes it back. */
  GtkWidget          *announce_target;
  GtkEventController *announce_focus;
} PupitrePagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (PupitrePage, pupitre_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static gboolean
remove_controller_idle_cb (gpointer user_data)
{
  GtkEventController *controller = user_data;
  GtkWidget *widget = gtk_event_controller_get_widget (controller);

  if (widget != NULL)
    gtk_widget_remove_controller (widget, controller);

  return G_SOURCE_REMOVE;
}

/* The widget gets back the description it had: its tooltip, or none.
 * From the focus controller's own "leave", the controller goes away
 * once that signal is over. */
static void
withdraw_announcement (PupitrePage *self,
                       gboolean     later)
{
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);
  GtkWidget *target = priv->announce_target;
  const char *tooltip;

  if (priv->announce_focus != NULL)
    {
      if (later)
        g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, remove_controller_idle_cb,
                         g_object_ref (priv->announce_focus), g_object_unref);
      else if (target != NULL)
        gtk_widget_remove_controller (target, priv->announce_focus);
    }
  g_clear_weak_pointer (&priv->announce_focus);

  if (target == NULL)
    return;

  tooltip = gtk_widget_get_tooltip_text (target);
  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (target),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (target),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_clear_weak_pointer (&priv->announce_target);
}

static void
announce_focus_leave_cb (PupitrePage *self)
{
  withdraw_announcement (self, TRUE);
}

static void
pupitre_page_dispose (GObject *object)
{
  PupitrePage *self = PUPITRE_PAGE (object);
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);

  /* This runs after the page's own dispose, its children gone: pages
   * connect no "unbind" handler, and session_changed() is not called. */
  if (priv->session_signals != NULL)
    g_signal_group_set_target (priv->session_signals, NULL);
  if (priv->round_signals != NULL)
    g_signal_group_set_target (priv->round_signals, NULL);
  if (priv->standing_signals != NULL)
    g_signal_group_set_target (priv->standing_signals, NULL);
  g_clear_object (&priv->session_signals);
  g_clear_object (&priv->round_signals);
  g_clear_object (&priv->standing_signals);
  g_clear_object (&priv->session);
  g_clear_handle_id (&priv->present_idle_id, g_source_remove);
  g_clear_weak_pointer (&priv->present_target);
  withdraw_announcement (self, FALSE);

  G_OBJECT_CLASS (pupitre_page_parent_class)->dispose (object);
}

static gboolean
present_idle_cb (gpointer user_data)
{
  PupitrePage *self = PUPITRE_PAGE (user_data);
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);
  GtkWidget *target = priv->present_target;

  priv->present_idle_id = 0;

  if (target == NULL || !gtk_widget_get_mapped (target))
    return G_SOURCE_REMOVE;

  g_clear_weak_pointer (&priv->present_target);

  if (gtk_widget_grab_focus (target) && GTK_IS_LABEL (target))
    /* A selectable label selects all of its text when it takes the focus. */
    gtk_label_select_region (GTK_LABEL (target), 0, 0);

  return G_SOURCE_REMOVE;
}

/* The focus moves once the window's stack has finished switching to the
 * page: grabbing it from inside the switch lets GtkStack move it again. */
static void
queue_present (PupitrePage *self)
{
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);

  if (priv->present_target != NULL &&
      priv->present_idle_id == 0 &&
      gtk_widget_get_mapped (priv->present_target))
    priv->present_idle_id = g_idle_add (present_idle_cb, self);
}

static void
pupitre_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pupitre_page_parent_class)->map (widget);

  queue_present (PUPITRE_PAGE (widget));
}

static void
pupitre_page_unmap (GtkWidget *widget)
{
  withdraw_announcement (PUPITRE_PAGE (widget), FALSE);

  GTK_WIDGET_CLASS (pupitre_page_parent_class)->unmap (widget);
}

static void
pupitre_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PupitrePage *self = PUPITRE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, pupitre_page_get_session (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PupitrePage *self = PUPITRE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      pupitre_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_page_class_init (PupitrePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pupitre_page_dispose;
  widget_class->map = pupitre_page_map;
  widget_class->unmap = pupitre_page_unmap;
  object_class->get_property = pupitre_page_get_property;
  object_class->set_property = pupitre_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         PUPITRE_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pupitre_page_init (PupitrePage *self)
{
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);

  priv->session_signals = g_signal_group_new (PUPITRE_TYPE_SESSION);
  priv->round_signals = g_signal_group_new (PUPITRE_TYPE_ROUND);
  priv->standing_signals = g_signal_group_new (PUPITRE_TYPE_STANDING);
}

PupitreSession *
pupitre_page_get_session (PupitrePage *self)
{
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);

  g_return_val_if_fail (PUPITRE_IS_PAGE (self), NULL);

  return priv->session;
}

void
pupitre_page_set_session (PupitrePage    *self,
                          PupitreSession *session)
{
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);

  g_return_if_fail (PUPITRE_IS_PAGE (self));
  g_return_if_fail (session == NULL || PUPITRE_IS_SESSION (session));

  if (!g_set_object (&priv->session, session))
    return;

  g_signal_group_set_target (priv->session_signals, session);
  g_signal_group_set_target (priv->round_signals,
                             session != NULL ? pupitre_session_get_current_round (session) : NULL);
  g_signal_group_set_target (priv->standing_signals,
                             session != NULL ? pupitre_session_get_standing (session) : NULL);

  if (PUPITRE_PAGE_GET_CLASS (self)->session_changed != NULL)
    PUPITRE_PAGE_GET_CLASS (self)->session_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GSignalGroup *
pupitre_page_get_session_signals (PupitrePage *self)
{
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);

  g_return_val_if_fail (PUPITRE_IS_PAGE (self), NULL);

  return priv->session_signals;
}

GSignalGroup *
pupitre_page_get_round_signals (PupitrePage *self)
{
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);

  g_return_val_if_fail (PUPITRE_IS_PAGE (self), NULL);

  return priv->round_signals;
}

GSignalGroup *
pupitre_page_get_standing_signals (PupitrePage *self)
{
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);

  g_return_val_if_fail (PUPITRE_IS_PAGE (self), NULL);

  return priv->standing_signals;
}

/**
 * pupitre_page_present:
 * @self: a page
 * @target: (nullable): a focusable widget of the page, or a selectable
 *   label, that sums up what just changed; %NULL forgets the last one
 *
 * Moves the focus to @target as soon as the page shows, so that a screen
 * reader reads the new content. A later call replaces an earlier one that
 * has not happened yet.
 */
void
pupitre_page_present (PupitrePage *self,
                      GtkWidget   *target)
{
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);

  g_return_if_fail (PUPITRE_IS_PAGE (self));
  g_return_if_fail (target == NULL || GTK_IS_WIDGET (target));

  g_set_weak_pointer (&priv->present_target, target);
  if (target == NULL)
    g_clear_handle_id (&priv->present_idle_id, g_source_remove);
  else
    queue_present (self);
}

/* The widget whose accessible object has the focus: an entry or a spin
 * button for the text inside it, which has no accessible object of its
 * own on AT-SPI. */
static GtkWidget *
accessible_focus (GtkWidget *focus)
{
  GtkWidget *parent = gtk_widget_get_parent (focus);

  if (GTK_IS_TEXT (focus) && GTK_IS_EDITABLE (parent) &&
      gtk_editable_get_delegate (GTK_EDITABLE (parent)) == GTK_EDITABLE (focus))
    return parent;

  return focus;
}

/**
 * pupitre_page_announce:
 * @self: a page
 * @message: what a screen reader should say, a whole sentence
 *
 * Has a screen reader say @message without moving the focus, for news
 * from the others (a chat line, a player who joined) while the player
 * may be typing. GTK 4.8 has no announce call, and Orca 43 says nothing
 * when a widget with the alert role shows (GTK 4.8 tells AT-SPI nothing
 * then); it does say a new description of the object that has the focus.
 * So @message becomes, for a while, the description of the focused
 * widget, which gets its own back when the focus leaves it, or with the
 * next message.
 *
 * Returns: %TRUE if the focus is in the page, so that it was announced
 */
gboolean
pupitre_page_announce (PupitrePage *self,
                       const char  *message)
{
  PupitrePagePrivate *priv = pupitre_page_get_instance_private (self);
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (PUPITRE_IS_PAGE (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return FALSE;

  focus = accessible_focus (focus);
  if (focus != priv->announce_target)
    {
      GtkEventController *controller = gtk_event_controller_focus_new ();

      withdraw_announcement (self, FALSE);
      g_signal_connect_object (controller, "leave",
                               G_CALLBACK (announce_focus_leave_cb), self, G_CONNECT_SWAPPED);
      /* The widget owns its controller. */
      gtk_widget_add_controller (focus, controller);
      g_set_weak_pointer (&priv->announce_focus, controller);
      g_set_weak_pointer (&priv->announce_target, focus);
    }
  else
    {
      /* The same sentence twice is news twice: the reset makes sure
       * that the description changes. */
      gtk_accessible_reset_property (GTK_ACCESSIBLE (focus),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (focus),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);

  return TRUE;
}

/**
 * pupitre_name_stack_pages:
 * @stack: a stack whose pages have titles
 *
 * Names each page of @stack by its title for screen readers, which
 * would otherwise say "GtkStackPage" on every focus change in it.
 */
void
pupitre_name_stack_pages (GtkStack *stack)
{
  g_autoptr(GListModel) pages = NULL;

  g_return_if_fail (GTK_IS_STACK (stack));

  pages = G_LIST_MODEL (gtk_stack_get_pages (stack));
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (pages, i);
      const char *title = gtk_stack_page_get_title (GTK_STACK_PAGE (page));

      if (title != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (page),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                        -1);
    }
}
