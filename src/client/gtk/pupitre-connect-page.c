/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first screen: where the server is and which pseudonym to play under. */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pupitre-connect-page.h"
#include "pupitre-page.h"
#include "pupitre-error.h"
#include "pupitre-protocol.h"

struct _PupitreConnectPage
{
  GtkWidget       parent_instance;

  GtkWidget      *form;
  GtkEntry       *host_entry;
  GtkSpinButton  *port_spin;
  GtkEntry       *name_entry;
  GtkEntry       *game_entry;
  GtkButton      *connect_button;
  /* Insensitive while their app actions do not exist. */
  GtkButton      *host_game_button;
  GtkButton      *edit_quiz_button;
  GtkStack       *button_stack;
  GtkSpinner     *spinner;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  GtkSwitch      *secure_switch;
  GtkRevealer    *trust_revealer;
  GtkLabel       *trust_title;
  GtkLabel       *trust_body;
  GtkLabel       *fingerprint_label;
  GtkButton      *trust_button;
  GtkButton      *trust_cancel_button;

  /* Where the last attempt went, for the error sentence. */
  char           *submitted_host;
  guint           submitted_port;
  char           *submitted_game;
  gboolean        busy;
  /* Where the focus goes once the form is unlocked after an error. */
  GtkWidget      *focus_after_busy;
};

enum {
  SIGNAL_CONNECT,
  SIGNAL_TRUST,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PupitreConnectPage, pupitre_connect_page, GTK_TYPE_WIDGET)

static void
mark_name_invalid (PupitreConnectPage *self,
                   gboolean            invalid)
{
  if (invalid)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_entry), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->name_entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_entry), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->name_entry),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
reveal_message (PupitreConnectPage *self,
                const char         *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  /* The label's text is the page's description, so that a screen reader
   * reads the error when focus lands back in the form. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->form),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
  /* The focus goes back to a field after an error: the field describes it
   * too, for a screen reader reads a focused entry's description. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->host_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
}

void
pupitre_connect_page_clear_trust (PupitreConnectPage *self)
{
  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));

  gtk_revealer_set_reveal_child (self->trust_revealer, FALSE);
  /* A hidden button must not keep the focus nor be the default. */
  gtk_widget_set_visible (gtk_revealer_get_child (self->trust_revealer), FALSE);
}

void
pupitre_connect_page_ask_trust (PupitreConnectPage *self,
                                const char         *host_and_port,
                                const char         *fingerprint,
                                gboolean            changed)
{
  g_autofree char *body = NULL;

  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));
  g_return_if_fail (host_and_port != NULL);
  g_return_if_fail (fingerprint != NULL);

  pupitre_connect_page_clear_error (self);

  if (changed)
    {
      gtk_label_set_text (self->trust_title, _("The server’s identity changed!"));
      body = g_strdup_printf (_("The certificate of %s is not the one trusted before. Another "
                                "computer may be pretending to be the server. Trust it only if "
                                "your teacher confirms this new fingerprint:"),
                              host_and_port);
      gtk_button_set_label (self->trust_button, _("_Trust the New Certificate"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->trust_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->trust_button), "destructive-action");
      gtk_widget_add_css_class (gtk_revealer_get_child (self->trust_revealer), "changed");
    }
  else
    {
      gtk_label_set_text (self->trust_title, _("Check the server’s identity"));
      body = g_strdup_printf (_("This is the first secure connection to %s. Compare this "
                                "fingerprint with the one your teacher shows; if they are the "
                                "same, trust the server:"),
                              host_and_port);
      gtk_button_set_label (self->trust_button, _("_Trust and Connect"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->trust_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->trust_button), "suggested-action");
      gtk_widget_remove_css_class (gtk_revealer_get_child (self->trust_revealer), "changed");
    }

  gtk_label_set_text (self->trust_body, body);
  gtk_label_set_text (self->fingerprint_label, fingerprint);
  gtk_widget_set_visible (gtk_revealer_get_child (self->trust_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->trust_revealer, TRUE);

  /* Trusting a changed certificate is the risky choice: it is never the
   * one Enter or the focus lands on. */
  gtk_widget_grab_focus (GTK_WIDGET (changed ? self->trust_cancel_button : self->trust_button));
}

gboolean
pupitre_connect_page_get_secure (PupitreConnectPage *self)
{
  g_return_val_if_fail (PUPITRE_IS_CONNECT_PAGE (self), FALSE);

  return gtk_switch_get_active (self->secure_switch);
}

void
pupitre_connect_page_set_secure (PupitreConnectPage *self,
                                 gboolean            secure)
{
  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));

  gtk_switch_set_active (self->secure_switch, secure);
}

void
pupitre_connect_page_clear_error (PupitreConnectPage *self)
{
  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));

  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->form),
                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->host_entry),
                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->name_entry),
                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  mark_name_invalid (self, FALSE);
}

void
pupitre_connect_page_show_message (PupitreConnectPage *self,
                                   const char         *message)
{
  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));

  mark_name_invalid (self, FALSE);
  reveal_message (self, message);
}

static char *
format_address (const char *host,
                guint       port)
{
  /* An IPv6 literal needs brackets before its port. */
  if (host != NULL && strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);

  return g_strdup_printf ("%s:%u", host != NULL ? host : "", port);
}

static void
focus_field (PupitreConnectPage *self)
{
  GtkWidget *field = g_steal_pointer (&self->focus_after_busy);

  if (field == NULL)
    return;

  gtk_widget_grab_focus (field);
  gtk_editable_select_region (GTK_EDITABLE (field), 0, -1);
}

void
pupitre_connect_page_show_error (PupitreConnectPage *self,
                                 const GError       *error)
{
  g_autofree char *message = NULL;
  gboolean name_problem = FALSE;
  gboolean game_problem = FALSE;

  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, PUPITRE_ERROR, PUPITRE_ERROR_GAME_NOT_FOUND) &&
      self->submitted_game != NULL)
    {
      /* The code is what the student typed wrong: say which one. */
      message = g_strdup_printf (_("No game with the code %s on this server. "
                                   "Check it with your teacher."),
                                 self->submitted_game);
      game_problem = TRUE;
    }
  else if (error->domain == PUPITRE_ERROR)
    {
      message = g_strdup (pupitre_error_code_describe (error->code));
      name_problem = error->code == PUPITRE_ERROR_NAME_TAKEN ||
                     error->code == PUPITRE_ERROR_NAME_INVALID;
      game_problem = error->code == PUPITRE_ERROR_GAME_NOT_FOUND ||
                     error->code == PUPITRE_ERROR_GAME_LOCKED ||
                     error->code == PUPITRE_ERROR_GAME_FULL ||
                     error->code == PUPITRE_ERROR_KICKED;
    }
  else if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    {
      g_autofree char *address = format_address (self->submitted_host, self->submitted_port);

      message = g_strdup_printf (_("Cannot reach the server at %s. "
                                   "Check the address and that the server is running."),
                                 address);
    }
  else if (error->domain == G_TLS_ERROR)
    {
      g_autofree char *address = format_address (self->submitted_host, self->submitted_port);

      message = g_strdup_printf (_("The secure connection to %s failed: %s"),
                                 address, error->message);
    }
  else
    {
      message = g_strdup (error->message);
    }

  reveal_message (self, message);
  mark_name_invalid (self, name_problem);

  /* The error comes while the form is still locked: the focus follows
   * when it unlocks, on what the player has to change. */
  if (name_problem)
    self->focus_after_busy = GTK_WIDGET (self->name_entry);
  else if (game_problem)
    self->focus_after_busy = GTK_WIDGET (self->game_entry);
  else
    self->focus_after_busy = GTK_WIDGET (self->host_entry);
  if (!self->busy)
    focus_field (self);
}

static void
clear_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, widget))
    gtk_root_set_focus (root, NULL);
}

void
pupitre_connect_page_set_busy (PupitreConnectPage *self,
                               gboolean            busy)
{
  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;

  /* GTK 4.8 keeps a focused GtkText blinking when it turns insensitive,
   * and warns from its blink timer: let go of the focus first. */
  if (busy)
    {
      clear_focus_within (GTK_WIDGET (self));
      pupitre_connect_page_clear_trust (self);
    }

  gtk_widget_set_sensitive (self->form, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !busy);
  gtk_stack_set_visible_child_name (self->button_stack, busy ? "busy" : "idle");
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->connect_button),
                               GTK_ACCESSIBLE_STATE_BUSY, busy,
                               -1);

  if (!busy)
    focus_field (self);
}

void
pupitre_connect_page_fill (PupitreConnectPage *self,
                           const char         *host,
                           guint               port,
                           const char         *name)
{
  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));

  if (host != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->host_entry), host);
  if (port != 0)
    gtk_spin_button_set_value (self->port_spin, port);
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
}

void
pupitre_connect_page_set_game (PupitreConnectPage *self,
                               const char         *game)
{
  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->game_entry), game != NULL ? game : "");
}

char *
pupitre_connect_page_dup_game (PupitreConnectPage *self)
{
  g_autofree char *game = NULL;

  g_return_val_if_fail (PUPITRE_IS_CONNECT_PAGE (self), NULL);

  game = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->game_entry))));
  if (*game == '\0')
    return NULL;

  return g_steal_pointer (&game);
}

const char *
pupitre_connect_page_get_host (PupitreConnectPage *self)
{
  g_return_val_if_fail (PUPITRE_IS_CONNECT_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->host_entry));
}

guint
pupitre_connect_page_get_port (PupitreConnectPage *self)
{
  g_return_val_if_fail (PUPITRE_IS_CONNECT_PAGE (self), 0);

  return (guint) gtk_spin_button_get_value_as_int (self->port_spin);
}

const char *
pupitre_connect_page_get_name (PupitreConnectPage *self)
{
  g_return_val_if_fail (PUPITRE_IS_CONNECT_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
}

void
pupitre_connect_page_focus (PupitreConnectPage *self)
{
  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));

  if (*pupitre_connect_page_get_host (self) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

void
pupitre_connect_page_submit (PupitreConnectPage *self)
{
  g_autofree char *host = NULL;
  g_autofree char *name = NULL;
  guint port;

  g_return_if_fail (PUPITRE_IS_CONNECT_PAGE (self));

  if (self->busy)
    return;

  /* Commit a port typed but not yet validated by the spin button. */
  gtk_spin_button_update (self->port_spin);

  host = g_strstrip (g_strdup (pupitre_connect_page_get_host (self)));
  name = g_strstrip (g_strdup (pupitre_connect_page_get_name (self)));
  port = pupitre_connect_page_get_port (self);

  pupitre_connect_page_clear_error (self);
  pupitre_connect_page_clear_trust (self);

  if (*host == '\0')
    {
      reveal_message (self, _("Enter the address of the server. Your teacher gives it."));
      gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
      return;
    }

  if (*name == '\0')
    {
      reveal_message (self, _("Choose a pseudonym: the others see it in the scores."));
      mark_name_invalid (self, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return;
    }

  g_free (self->submitted_host);
  self->submitted_host = g_strdup (host);
  self->submitted_port = port;
  g_free (self->submitted_game);
  self->submitted_game = pupitre_connect_page_dup_game (self);

  g_signal_emit (self, signals[SIGNAL_CONNECT], 0, host, port, name);
}

static void
connect_clicked_cb (PupitreConnectPage *self)
{
  pupitre_connect_page_submit (self);
}

static void
trust_clicked_cb (PupitreConnectPage *self)
{
  pupitre_connect_page_clear_trust (self);
  g_signal_emit (self, signals[SIGNAL_TRUST], 0);
}

static void
trust_cancel_cb (PupitreConnectPage *self)
{
  pupitre_connect_page_clear_trust (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
}

static void
name_changed_cb (PupitreConnectPage *self)
{
  mark_name_invalid (self, FALSE);
}

/* An error about what the student is now correcting is stale. */
static void
field_changed_cb (PupitreConnectPage *self)
{
  if (!self->busy && gtk_revealer_get_reveal_child (self->error_revealer))
    pupitre_connect_page_clear_error (self);
}

static void
pupitre_connect_page_map (GtkWidget *widget)
{
  PupitreConnectPage *self = PUPITRE_CONNECT_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (pupitre_connect_page_parent_class)->map (widget);

  /* Enter anywhere in the form presses Connect. */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_default_widget (GTK_WINDOW (root), GTK_WIDGET (self->connect_button));
}

static void
pupitre_connect_page_unmap (GtkWidget *widget)
{
  PupitreConnectPage *self = PUPITRE_CONNECT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root) &&
      gtk_window_get_default_widget (GTK_WINDOW (root)) == GTK_WIDGET (self->connect_button))
    gtk_window_set_default_widget (GTK_WINDOW (root), NULL);

  GTK_WIDGET_CLASS (pupitre_connect_page_parent_class)->unmap (widget);
}

static void
pupitre_connect_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), PUPITRE_TYPE_CONNECT_PAGE);
  /* The template's root child is not bound, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pupitre_connect_page_parent_class)->dispose (object);
}

static void
pupitre_connect_page_finalize (GObject *object)
{
  PupitreConnectPage *self = PUPITRE_CONNECT_PAGE (object);

  g_clear_pointer (&self->submitted_host, g_free);
  g_clear_pointer (&self->submitted_game, g_free);

  G_OBJECT_CLASS (pupitre_connect_page_parent_class)->finalize (object);
}

static void
pupitre_connect_page_class_init (PupitreConnectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pupitre_connect_page_dispose;
  object_class->finalize = pupitre_connect_page_finalize;
  widget_class->map = pupitre_connect_page_map;
  widget_class->unmap = pupitre_connect_page_unmap;

  signals[SIGNAL_CONNECT] =
    g_signal_new ("connect",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING);

  signals[SIGNAL_TRUST] =
    g_signal_new ("trust",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-connect-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, form);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, host_entry);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, game_entry);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, host_game_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, edit_quiz_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, button_stack);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, secure_switch);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, trust_revealer);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, trust_title);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, trust_body);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, trust_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreConnectPage, trust_cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, trust_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, trust_cancel_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "connectpage");
}

static void
pupitre_connect_page_init (PupitreConnectPage *self)
{
  GtkEditable *delegate;

  gtk_widget_init_template (GTK_WIDGET (self));
  pupitre_name_stack_pages (self->button_stack);

  pupitre_connect_page_clear_trust (self);

  gtk_spin_button_set_range (self->port_spin, 1, G_MAXUINT16);
  gtk_spin_button_set_value (self->port_spin, PUPITRE_DEFAULT_PORT);

  /* GtkSpinButton only gained activates-default in GTK 4.14; its text
   * delegate has it, and updates the value before the default fires. */
  delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->port_spin));
  if (GTK_IS_TEXT (delegate))
    gtk_text_set_activates_default (GTK_TEXT (delegate), TRUE);
}
