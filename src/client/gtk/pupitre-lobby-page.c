/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The waiting room: who is here, how many are still awaited, and the chat. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-clamp.h"
#include "pupitre-lobby-page.h"
#include "pupitre-score-columns.h"
#include "pupitre-player-row.h"
#include "pupitre-chat-line.h"
#include "pupitre-score-row.h"

struct _PupitreLobbyPage
{
  PupitrePage        parent_instance;

  GtkLabel          *status_label;
  GtkLabel          *start_label;
  GtkLabel          *scoring_label;
  GtkLabel          *players_label;
  GtkGridView       *players_view;
  GtkNoSelection    *players_selection;
  GtkListView       *chat_view;
  GtkNoSelection    *chat_selection;
  GtkScrolledWindow *chat_scroller;
  GtkEntry          *chat_entry;
  GtkButton         *send_button;
  GtkStack          *chat_stack;

  /* The chat follows new messages unless the player scrolled up to read. */
  gboolean           chat_follows;
  /* While another session's chat comes in: its lines are not news. */
  gboolean           replacing_chat;
  /* The status is told once the chat entry has taken the focus. */
  gboolean           status_pending;
};

G_DEFINE_FINAL_TYPE (PupitreLobbyPage, pupitre_lobby_page, PUPITRE_TYPE_PAGE)

static void
update_status_full (PupitreLobbyPage *self,
                    gboolean          announce)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  guint needed = 0;
  guint connected = 0;
  g_autofree char *status = NULL;
  g_autofree char *players = NULL;

  if (session != NULL)
    {
      needed = pupitre_session_get_needed (session);
      connected = pupitre_session_get_connected_count (session);
    }

  if (session != NULL &&
      pupitre_session_get_state (session) == PUPITRE_SESSION_STATE_OVER)
    {
      status = g_strdup (_("Waiting for the next game"));
    }
  else if (needed == connected + 1)
    {
      /* Its own sentence: "En attente d’un autre joueur", not "de 1". */
      status = g_strdup (_("Waiting for one more player"));
    }
  else if (needed > connected)
    {
      guint missing = needed - connected;

      status = g_strdup_printf (ngettext ("Waiting for %u more player",
                                          "Waiting for %u more players",
                                          missing),
                                missing);
    }
  else if (session != NULL && pupitre_session_get_hosted (session))
    {
      status = g_strdup (_("Waiting for the teacher to start the game"));
    }
  else
    {
      status = g_strdup (_("The game is about to start"));
    }

  announce = announce && g_strcmp0 (status, gtk_label_get_text (self->status_label)) != 0;
  gtk_label_set_text (self->status_label, status);

  /* Translators: the heading of the list of players, with how many of
   * them are connected now */
  players = g_strdup_printf (_("Players (%u)"), connected);
  gtk_label_set_text (self->players_label, players);

  /* Someone came or left: a screen reader on the status itself says its
   * new text, one elsewhere in the page is told. */
  if (announce && !gtk_widget_has_focus (GTK_WIDGET (self->status_label)))
    pupitre_page_announce (PUPITRE_PAGE (self), status);
}

static void
update_status (PupitreLobbyPage *self)
{
  update_status_full (self, FALSE);
}

static void
players_changed_cb (PupitreLobbyPage *self)
{
  update_status_full (self, TRUE);
}


/* How the game starts and scores, as its "joined" said. */
static void
update_rules (PupitreLobbyPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  const char *start;
  const char *scoring;

  if (session != NULL && pupitre_session_get_hosted (session))
    start = _("The teacher starts the game.");
  else
    start = _("The game starts when enough players are here, or when the teacher starts it.");

  switch (session != NULL ? pupitre_session_get_scoring (session) : PUPITRE_SCORING_CLASSIC)
    {
    case PUPITRE_SCORING_SPEED:
      scoring = _("A right answer scores 500 to 1,000 points, more the faster it comes; "
                  "a wrong answer costs nothing.");
      break;

    case PUPITRE_SCORING_RIGHT:
      scoring = _("Each right answer scores its points, however fast; a wrong answer costs nothing.");
      break;

    case PUPITRE_SCORING_CLASSIC:
    default:
      scoring = _("Fastest right answer scores most; a wrong answer costs 1 point.");
      break;
    }

  gtk_label_set_text (self->start_label, start);
  gtk_label_set_text (self->scoring_label, scoring);
}

/* On arriving here, the focus goes to the chat entry, so that typing
 * goes somewhere, and a screen reader then hears the status from it. */
static void
present_state (PupitreLobbyPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));

  if (session == NULL || pupitre_session_get_state (session) != PUPITRE_SESSION_STATE_LOBBY)
    return;

  self->status_pending = TRUE;
  pupitre_page_present (PUPITRE_PAGE (self), GTK_WIDGET (self->chat_entry));
}

static gboolean
tell_status_idle_cb (gpointer user_data)
{
  PupitreLobbyPage *self = PUPITRE_LOBBY_PAGE (user_data);
  g_autofree char *spoken = NULL;

  /* Translators: what a screen reader hears on arriving in the lobby,
   * in the chat entry: the status, then how the game scores */
  spoken = g_strdup_printf (_("%s. %s"),
                            gtk_label_get_text (self->status_label),
                            gtk_label_get_text (self->scoring_label));
  pupitre_page_announce (PUPITRE_PAGE (self), spoken);

  return G_SOURCE_REMOVE;
}

static void
chat_focus_enter_cb (PupitreLobbyPage *self)
{
  if (!self->status_pending)
    return;

  /* The focus is not the entry's yet while it enters. */
  self->status_pending = FALSE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, tell_status_idle_cb,
                   g_object_ref (self), g_object_unref);
}

static void
update_chat_sensitivity (PupitreLobbyPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->chat_entry));
  PupitreSessionState state = session != NULL
                              ? pupitre_session_get_state (session)
                              : PUPITRE_SESSION_STATE_DISCONNECTED;
  /* Chat is open between questions, and the page shows in the lobby and
   * while waiting for the next game. */
  gboolean joined = state == PUPITRE_SESSION_STATE_LOBBY || state == PUPITRE_SESSION_STATE_OVER;

  gtk_widget_set_sensitive (GTK_WIDGET (self->chat_entry), joined);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), joined && *text != '\0');
}

static void
update_chat_placeholder (PupitreLobbyPage *self)
{
  GListModel *chat = G_LIST_MODEL (self->chat_selection);

  gtk_stack_set_visible_child_name (self->chat_stack,
                                    g_list_model_get_n_items (chat) > 0 ? "messages" : "empty");
}

static void
send_chat (PupitreLobbyPage *self)
{
  PupitreSession *session = pupitre_page_get_session (PUPITRE_PAGE (self));
  g_autofree char *text = NULL;

  if (session == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->chat_entry))));
  if (*text == '\0')
    return;

  /* The session refuses when chat is closed; the text stays to send later. */
  if (pupitre_session_send_chat (session, text))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->chat_entry), "");
      self->chat_follows = TRUE;
    }
}

static void
chat_activate_cb (PupitreLobbyPage *self)
{
  send_chat (self);
}

static void
chat_changed_cb (PupitreLobbyPage *self)
{
  update_chat_sensitivity (self);
}

static void
scroll_chat_to_end (PupitreLobbyPage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->chat_scroller);

  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
}

static void
chat_adjustment_changed_cb (PupitreLobbyPage *self,
                            GtkAdjustment    *adjustment)
{
  if (self->chat_follows)
    scroll_chat_to_end (self);
}

static void
chat_adjustment_value_changed_cb (PupitreLobbyPage *self,
                                  GtkAdjustment    *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  self->chat_follows = gtk_adjustment_get_value (adjustment) >= bottom - 2.0;
}

/* A line from someone else is read out, the focus staying in the entry
 * where the player may be typing. */
static void
announce_chat_line (PupitreLobbyPage *self,
                    PupitreChatLine  *line)
{
  g_autofree char *message = NULL;

  if (pupitre_chat_line_get_is_self (line))
    return;

  /* Translators: what a screen reader says of a new chat line: who
   * wrote it, then the text */
  message = g_strdup_printf (_("%s says: %s"),
                             pupitre_chat_line_get_from (line),
                             pupitre_chat_line_get_text (line));
  pupitre_page_announce (PUPITRE_PAGE (self), message);
}

static void
chat_items_changed_cb (PupitreLobbyPage *self,
                       guint             position,
                       guint             removed,
                       guint             added,
                       GListModel       *chat)
{
  update_chat_placeholder (self);
  if (self->chat_follows)
    scroll_chat_to_end (self);

  /* Only the newest line is said: one announcement replaces the last. */
  if (!self->replacing_chat && added > 0)
    {
      g_autoptr(PupitreChatLine) line = g_list_model_get_item (chat, position + added - 1);

      announce_chat_line (self, line);
    }
}

/* Players: each row is a PupitrePlayerRow bound to its item. */
static void
player_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 PupitreLobbyPage         *self)
{
  gtk_list_item_set_child (item, pupitre_player_row_new ());
}

static void
player_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                PupitreLobbyPage         *self)
{
  pupitre_player_row_set_item (PUPITRE_PLAYER_ROW (gtk_list_item_get_child (item)),
                               gtk_list_item_get_item (item));
}

static void
player_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  PupitreLobbyPage         *self)
{
  pupitre_player_row_set_item (PUPITRE_PLAYER_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Chat lines: who wrote, then what. */
static void
chat_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               PupitreLobbyPage         *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *from = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "chat-line");
  gtk_label_set_xalign (GTK_LABEL (from), 0.0);
  gtk_widget_add_css_class (from, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (text), 0.0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);

  gtk_box_append (GTK_BOX (box), from);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
chat_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              PupitreLobbyPage         *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *from = gtk_widget_get_first_child (box);
  GtkWidget *text = gtk_widget_get_last_child (box);
  PupitreChatLine *line = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (from), pupitre_chat_line_get_from (line));
  gtk_label_set_text (GTK_LABEL (text), pupitre_chat_line_get_text (line));

  if (pupitre_chat_line_get_is_self (line))
    gtk_widget_add_css_class (box, "self");
}

static void
chat_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                PupitreLobbyPage         *self)
{
  gtk_widget_remove_css_class (gtk_list_item_get_child (item), "self");
}

static void
pupitre_lobby_page_session_changed (PupitrePage *page)
{
  PupitreLobbyPage *self = PUPITRE_LOBBY_PAGE (page);
  PupitreSession *session = pupitre_page_get_session (page);

  gtk_no_selection_set_model (self->players_selection,
                              session != NULL ? pupitre_session_get_players (session) : NULL);
  self->replacing_chat = TRUE;
  gtk_no_selection_set_model (self->chat_selection,
                              session != NULL ? pupitre_session_get_chat (session) : NULL);
  self->replacing_chat = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->chat_entry), "");
  self->chat_follows = TRUE;
  update_chat_placeholder (self);
  update_status (self);
  update_rules (self);
  update_chat_sensitivity (self);
}

static void
pupitre_lobby_page_dispose (GObject *object)
{
  PupitreLobbyPage *self = PUPITRE_LOBBY_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), PUPITRE_TYPE_LOBBY_PAGE);
  /* The template's root child is not bound, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pupitre_lobby_page_parent_class)->dispose (object);
}

static void
pupitre_lobby_page_class_init (PupitreLobbyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PupitrePageClass *page_class = PUPITRE_PAGE_CLASS (klass);

  object_class->dispose = pupitre_lobby_page_dispose;
  page_class->session_changed = pupitre_lobby_page_session_changed;

  g_type_ensure (PUPITRE_TYPE_CLAMP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-lobby-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, start_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, scoring_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, players_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, players_view);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, players_selection);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, chat_view);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, chat_selection);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, chat_scroller);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, chat_entry);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreLobbyPage, chat_stack);
  gtk_widget_class_bind_template_callback (widget_class, chat_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lobbypage");
}

static void
pupitre_lobby_page_init (PupitreLobbyPage *self)
{
  GSignalGroup *session_signals = pupitre_page_get_session_signals (PUPITRE_PAGE (self));
  g_autoptr(GtkListItemFactory) players_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) chat_factory = gtk_signal_list_item_factory_new ();
  GtkAdjustment *adjustment;
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));
  pupitre_name_stack_pages (self->chat_stack);

  self->chat_follows = TRUE;

  g_signal_connect (players_factory, "setup", G_CALLBACK (player_setup_cb), self);
  g_signal_connect (players_factory, "bind", G_CALLBACK (player_bind_cb), self);
  g_signal_connect (players_factory, "unbind", G_CALLBACK (player_unbind_cb), self);
  gtk_grid_view_set_factory (self->players_view, players_factory);
  pupitre_list_set_one_tab_stop (GTK_WIDGET (self->players_view));
  pupitre_list_set_one_tab_stop (GTK_WIDGET (self->chat_view));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "enter", G_CALLBACK (chat_focus_enter_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->chat_entry), focus);

  g_signal_connect (chat_factory, "setup", G_CALLBACK (chat_setup_cb), self);
  g_signal_connect (chat_factory, "bind", G_CALLBACK (chat_bind_cb), self);
  g_signal_connect (chat_factory, "unbind", G_CALLBACK (chat_unbind_cb), self);
  gtk_list_view_set_factory (self->chat_view, chat_factory);

  g_signal_connect_object (self->chat_selection, "items-changed",
                           G_CALLBACK (chat_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->players_selection, "items-changed",
                           G_CALLBACK (players_changed_cb), self, G_CONNECT_SWAPPED);

  adjustment = gtk_scrolled_window_get_vadjustment (self->chat_scroller);
  g_signal_connect_object (adjustment, "changed",
                           G_CALLBACK (chat_adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed",
                           G_CALLBACK (chat_adjustment_value_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_group_connect_object (session_signals, "notify::needed",
                                 G_CALLBACK (players_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "notify::connected-count",
                                 G_CALLBACK (players_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "notify::state",
                                 G_CALLBACK (update_chat_sensitivity), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "notify::state",
                                 G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "notify::state",
                                 G_CALLBACK (present_state), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "joined",
                                 G_CALLBACK (update_rules), self, G_CONNECT_SWAPPED);

  update_status (self);
  update_rules (self);
  update_chat_sensitivity (self);
  update_chat_placeholder (self);
}
