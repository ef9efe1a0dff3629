/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: a header bar over one page per screen of the game. */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-connect-page.h"
#include "pupitre-error.h"
#include "pupitre-lobby-page.h"
#include "pupitre-over-page.h"
#include "pupitre-question-page.h"
#include "pupitre-results-page.h"
#include "pupitre-chat-line.h"
#include "pupitre-token-store.h"
#include "pupitre-window.h"

/* How long a passing notice (an answer that came too late...) stays up. */
#define NOTICE_TIMEOUT_SECONDS 6
/* The server sends the last round's results and the final ranking at
 * once: the results stay up this long, or until the player moves on. */
#define LAST_RESULTS_SECONDS   8

typedef enum
{
  BANNER_NONE,
  BANNER_RECONNECTING,
  BANNER_STOPPED,
  BANNER_NOTICE,
  /* The last round's results are up; the final ranking follows. */
  BANNER_LAST_ROUND,
  /* The final ranking is up and a new game follows (or may). */
  BANNER_NEXT_GAME,
} BannerKind;

struct _PupitreWindow
{
  GtkApplicationWindow  parent_instance;

  /* NULL when the schema is not installed (running from a build tree). */
  GSettings            *settings;

  PupitreSession       *session;
  GSignalGroup         *session_signals;
  PupitreSessionState   last_state;
  /* The server said it was shutting down. */
  gboolean              server_stopped;
  /* An error of this session is already on the connect page. */
  gboolean              error_shown;
  /* Play again was pressed while still connected after a game: the lobby
   * is shown until the server opens the next game. */
  gboolean              next_game;
  /* game_over came: the final ranking, not the connect page, follows. */
  gboolean              game_ended;
  /* The last round's results stay up a moment before the final ranking. */
  gboolean              holding_results;
  guint                 hold_id;
  guint                 next_game_tick_id;
  /* The player confirmed leaving the running game by closing the window. */
  gboolean              close_confirmed;
  GtkWidget            *leave_dialog;
  gboolean              leave_closes;
  /* The last join took a kept seat back. */
  gboolean              resumed;
  guint                 chat_scroll_id;

  /* The seats kept on disk, so that the same name takes its seat back
   * after the app was closed or killed. */
  PupitreTokenStore    *tokens;

  /* Where the last connection went, for Play again; its game and secure
   * are also what the next connection from the connect page uses. */
  PupitreTarget        *target;

  /* The certificate the session met and the player has to judge. */
  char                 *unknown_server;
  char                 *unknown_fingerprint;
  gboolean              unknown_changed;

  BannerKind            banner_kind;
  guint                 banner_timeout_id;

  GtkLabel             *subtitle_label;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkSpinner           *banner_spinner;
  GtkButton            *banner_button;
  GtkStack             *stack;
  GtkLabel             *wait_round_label;
  GtkLabel             *wait_title_label;
  GtkLabel             *wait_label;
  GtkRevealer          *chat_revealer;
  GtkScrolledWindow    *chat_scroller;
  GtkNoSelection       *chat_selection;
  GtkEntry             *chat_entry;
  PupitreConnectPage   *connect_page;
  PupitreLobbyPage     *lobby_page;
  PupitreQuestionPage  *question_page;
  PupitreResultsPage   *results_page;
  PupitreOverPage      *over_page;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PupitreWindow, pupitre_window, GTK_TYPE_APPLICATION_WINDOW)

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  if (schema == NULL)
    {
      g_debug ("Schema %s is not installed: settings will not be remembered", APPLICATION_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static PupitreSessionState
get_state (PupitreWindow *self)
{
  if (self->session == NULL)
    return PUPITRE_SESSION_STATE_DISCONNECTED;

  return pupitre_session_get_state (self->session);
}

static void
hide_banner (PupitreWindow *self)
{
  self->banner_kind = BANNER_NONE;
  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);
  g_clear_handle_id (&self->next_game_tick_id, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), FALSE);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  gtk_spinner_set_spinning (self->banner_spinner, FALSE);
}

static gboolean
banner_timeout_cb (gpointer user_data)
{
  PupitreWindow *self = PUPITRE_WINDOW (user_data);

  self->banner_timeout_id = 0;
  hide_banner (self);

  return G_SOURCE_REMOVE;
}

static void
show_banner (PupitreWindow *self,
             BannerKind     kind,
             const char    *text)
{
  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);
  if (kind != BANNER_NEXT_GAME)
    g_clear_handle_id (&self->next_game_tick_id, g_source_remove);

  self->banner_kind = kind;
  gtk_label_set_text (self->banner_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), kind == BANNER_LAST_ROUND);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_spinner), kind == BANNER_RECONNECTING);
  gtk_spinner_set_spinning (self->banner_spinner, kind == BANNER_RECONNECTING);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);

  if (kind == BANNER_NOTICE)
    self->banner_timeout_id = g_timeout_add_seconds (NOTICE_TIMEOUT_SECONDS,
                                                     banner_timeout_cb, self);
}

static void
update_subtitle (PupitreWindow *self)
{
  PupitreSessionState state = get_state (self);
  const char *name = self->session != NULL ? pupitre_session_get_name (self->session) : NULL;
  g_autofree char *subtitle = NULL;

  if (state != PUPITRE_SESSION_STATE_DISCONNECTED &&
      state != PUPITRE_SESSION_STATE_CONNECTING &&
      name != NULL && self->target->host != NULL)
    /* Translators: the window's subtitle, "Ubuntu1 on 192.168.1.10" */
    subtitle = g_strdup_printf (_("%s on %s"), name, self->target->host);

  gtk_label_set_text (self->subtitle_label, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL);
}

static void
update_actions (PupitreWindow *self)
{
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "leave");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->session != NULL);

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "play-again");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               self->target->host != NULL && self->target->name != NULL &&
                               get_state (self) != PUPITRE_SESSION_STATE_CONNECTING);
}

static gboolean
state_is_in_game (PupitreSessionState state)
{
  return state == PUPITRE_SESSION_STATE_LOBBY ||
         state == PUPITRE_SESSION_STATE_COUNTDOWN ||
         state == PUPITRE_SESSION_STATE_QUESTION ||
         state == PUPITRE_SESSION_STATE_RESULTS ||
         state == PUPITRE_SESSION_STATE_RECONNECTING;
}

/* Says why the game ended, on the page the end left up. */
static void
explain_disconnection (PupitreWindow       *self,
                       PupitreSessionState  previous)
{
  const char *stopped = _("The server was stopped.");
  const char *visible = gtk_stack_get_visible_child_name (self->stack);

  /* Said once the last results gave way to the final ranking. */
  if (self->holding_results)
    return;

  if (self->server_stopped && (g_strcmp0 (visible, "over") == 0 || self->game_ended))
    show_banner (self, BANNER_STOPPED, stopped);
  else if (self->server_stopped)
    pupitre_connect_page_show_message (self->connect_page, stopped);
  else if (state_is_in_game (previous) && !self->error_shown)
    pupitre_connect_page_show_message (self->connect_page,
                                       _("The connection to the server was lost."));
}

/* A game under way: leaving it by mistake would cost the seat's place
 * on the screen, so the player is asked first. */
static gboolean
state_is_running (PupitreSessionState state)
{
  return state == PUPITRE_SESSION_STATE_COUNTDOWN ||
         state == PUPITRE_SESSION_STATE_QUESTION ||
         state == PUPITRE_SESSION_STATE_RESULTS ||
         state == PUPITRE_SESSION_STATE_RECONNECTING;
}

static void
update_wait_page (PupitreWindow *self)
{
  PupitreRound *round;
  g_autofree char *position = NULL;

  if (self->session == NULL)
    return;

  round = pupitre_session_get_current_round (self->session);
  if (pupitre_round_get_number (round) > 0 && pupitre_round_get_rounds (round) > 0)
    position = g_strdup_printf (_("Question %u / %u"),
                                pupitre_round_get_number (round),
                                pupitre_round_get_rounds (round));
  gtk_label_set_text (self->wait_round_label, position != NULL ? position : "");
  gtk_widget_set_visible (GTK_WIDGET (self->wait_round_label), position != NULL);

  if (self->resumed)
    {
      gtk_label_set_text (self->wait_title_label, _("Welcome back"));
      gtk_label_set_text (self->wait_label,
                          _("This question is under way. Its results come when it closes."));
    }
  else
    {
      gtk_label_set_text (self->wait_title_label, _("You will play from the next question"));
      gtk_label_set_text (self->wait_label,
                          _("A question is under way. Its results come when it closes, "
                            "then the next question is yours."));
    }
}

static void update_state (PupitreWindow *self);

static void
end_hold (PupitreWindow *self)
{
  if (!self->holding_results)
    return;

  self->holding_results = FALSE;
  g_clear_handle_id (&self->hold_id, g_source_remove);
  if (self->banner_kind == BANNER_LAST_ROUND)
    hide_banner (self);

  update_state (self);

  if (get_state (self) == PUPITRE_SESSION_STATE_DISCONNECTED && self->session != NULL)
    explain_disconnection (self, PUPITRE_SESSION_STATE_OVER);
}

static gboolean
hold_timeout_cb (gpointer user_data)
{
  PupitreWindow *self = PUPITRE_WINDOW (user_data);

  self->hold_id = 0;
  end_hold (self);

  return G_SOURCE_REMOVE;
}

static void
start_hold (PupitreWindow *self)
{
  gint64 next_game = pupitre_session_get_next_game_deadline (self->session);
  guint hold_ms = LAST_RESULTS_SECONDS * 1000;

  /* The final ranking gets its share of the pause before a next game. */
  if (next_game > 0)
    hold_ms = MIN (hold_ms, MAX (0, next_game - g_get_monotonic_time ()) / 2000);

  self->holding_results = TRUE;
  g_clear_handle_id (&self->hold_id, g_source_remove);
  self->hold_id = g_timeout_add (hold_ms, hold_timeout_cb, self);
  show_banner (self, BANNER_LAST_ROUND, _("That was the last question."));
}

static gboolean next_game_tick_cb (gpointer user_data);

/* Under the final ranking: when the standing game's next one starts, so
 * that a student who is done leaves before it pulls them in. */
static void
update_next_game_banner (PupitreWindow *self)
{
  const char *visible = gtk_stack_get_visible_child_name (self->stack);
  g_autofree char *text = NULL;
  gint64 deadline;

  g_clear_handle_id (&self->next_game_tick_id, g_source_remove);

  if (get_state (self) != PUPITRE_SESSION_STATE_OVER || g_strcmp0 (visible, "over") != 0)
    {
      if (self->banner_kind == BANNER_NEXT_GAME)
        hide_banner (self);
      return;
    }

  deadline = pupitre_session_get_next_game_deadline (self->session);
  if (deadline > 0)
    {
      gint64 left_us = deadline - g_get_monotonic_time ();

      if (left_us > 0)
        {
          guint seconds = (guint) ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

          text = g_strdup_printf (ngettext ("A new game starts in %u second. "
                                            "Leave now if you are done.",
                                            "A new game starts in %u seconds. "
                                            "Leave now if you are done.",
                                            seconds),
                                  seconds);
          /* Woken when the whole seconds left change, not polled. */
          self->next_game_tick_id =
            g_timeout_add (MAX (1, (left_us - (gint64) (seconds - 1) * G_USEC_PER_SEC) / 1000),
                           next_game_tick_cb, self);
        }
      else
        {
          text = g_strdup (_("A new game starts as soon as enough players are here."));
        }
    }
  else if (pupitre_session_get_hosted (self->session))
    {
      text = g_strdup (_("The game is over. A new one starts only if your teacher starts it."));
    }

  if (text == NULL)
    {
      if (self->banner_kind == BANNER_NEXT_GAME)
        hide_banner (self);
      return;
    }

  if (self->banner_kind != BANNER_NEXT_GAME ||
      g_strcmp0 (gtk_label_get_text (self->banner_label), text) != 0)
    {
      guint tick = self->next_game_tick_id;

      /* show_banner() keeps the tick of its own kind. */
      self->next_game_tick_id = 0;
      show_banner (self, BANNER_NEXT_GAME, text);
      self->next_game_tick_id = tick;
    }
}

static gboolean
next_game_tick_cb (gpointer user_data)
{
  PupitreWindow *self = PUPITRE_WINDOW (user_data);

  self->next_game_tick_id = 0;
  update_next_game_banner (self);

  return G_SOURCE_REMOVE;
}

static void
update_chat (PupitreWindow *self,
             const char    *page)
{
  PupitreSessionState state = get_state (self);
  gboolean shown = self->session != NULL &&
                   (g_strcmp0 (page, "results") == 0 || g_strcmp0 (page, "over") == 0);

  gtk_revealer_set_reveal_child (self->chat_revealer, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->chat_revealer), shown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->chat_entry),
                            state == PUPITRE_SESSION_STATE_RESULTS ||
                            state == PUPITRE_SESSION_STATE_OVER);
}

static void
update_state (PupitreWindow *self)
{
  PupitreSessionState state = get_state (self);
  const char *visible = gtk_stack_get_visible_child_name (self->stack);
  const char *page = NULL;

  switch (state)
    {
    case PUPITRE_SESSION_STATE_DISCONNECTED:
      /* The final ranking stays up after the game, even when the server
       * goes away, until the player leaves or plays again. */
      if (self->session != NULL &&
          (g_strcmp0 (visible, "over") == 0 || self->game_ended || self->holding_results))
        page = self->holding_results ? "results" : "over";
      else
        page = "connect";
      break;

    case PUPITRE_SESSION_STATE_CONNECTING:
      page = "connect";
      break;

    case PUPITRE_SESSION_STATE_LOBBY:
      page = "lobby";
      break;

    case PUPITRE_SESSION_STATE_COUNTDOWN:
      page = "question";
      break;

    case PUPITRE_SESSION_STATE_QUESTION:
      /* A late joiner has no question to answer: it waits for the next. */
      if (pupitre_session_get_sitting_out (self->session))
        {
          update_wait_page (self);
          page = "wait";
        }
      else
        {
          page = "question";
        }
      break;

    case PUPITRE_SESSION_STATE_RESULTS:
      page = "results";
      break;

    case PUPITRE_SESSION_STATE_OVER:
      /* Straight from the last round's results: they stay up a moment. */
      if (self->last_state == PUPITRE_SESSION_STATE_RESULTS && !self->next_game)
        start_hold (self);
      page = self->next_game ? "lobby" : self->holding_results ? "results" : "over";
      break;

    case PUPITRE_SESSION_STATE_RECONNECTING:
      /* The page stays as it was under the banner. */
      page = NULL;
      break;

    default:
      page = "connect";
      break;
    }

  if (page != NULL && g_strcmp0 (page, visible) != 0)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
      GtkWidget *old_page = gtk_stack_get_visible_child (self->stack);

      /* A GtkText that loses its page with the focus in it keeps its
       * cursor blinking in GTK 4.8, which then warns: drop the focus. */
      if (focus != NULL && old_page != NULL && gtk_widget_is_ancestor (focus, old_page))
        gtk_root_set_focus (GTK_ROOT (self), NULL);

      gtk_stack_set_visible_child_name (self->stack, page);
      if (g_str_equal (page, "connect"))
        pupitre_connect_page_focus (self->connect_page);
    }

  pupitre_connect_page_set_busy (self->connect_page, state == PUPITRE_SESSION_STATE_CONNECTING);

  if (state == PUPITRE_SESSION_STATE_RECONNECTING && !self->server_stopped)
    show_banner (self, BANNER_RECONNECTING, _("Connection lost, reconnecting…"));
  else if (self->banner_kind == BANNER_RECONNECTING)
    hide_banner (self);

  update_next_game_banner (self);
  update_chat (self, gtk_stack_get_visible_child_name (self->stack));

  if (state == PUPITRE_SESSION_STATE_DISCONNECTED &&
      self->session != NULL &&
      self->last_state != PUPITRE_SESSION_STATE_DISCONNECTED)
    explain_disconnection (self, self->last_state);

  self->last_state = state;
  if (state != PUPITRE_SESSION_STATE_OVER)
    self->next_game = FALSE;
  /* The standing game's next one began for this seat. */
  if (state != PUPITRE_SESSION_STATE_OVER && state != PUPITRE_SESSION_STATE_DISCONNECTED)
    self->game_ended = FALSE;

  update_subtitle (self);
  update_actions (self);
}

static void
set_session (PupitreWindow  *self,
             PupitreSession *session)
{
  if (self->session == session)
    return;

  g_signal_group_set_target (self->session_signals, NULL);
  g_set_object (&self->session, session);
  self->last_state = PUPITRE_SESSION_STATE_DISCONNECTED;
  self->server_stopped = FALSE;
  self->error_shown = FALSE;
  self->next_game = FALSE;
  self->game_ended = FALSE;
  self->holding_results = FALSE;
  self->resumed = FALSE;
  g_clear_handle_id (&self->hold_id, g_source_remove);
  if (self->banner_kind == BANNER_LAST_ROUND || self->banner_kind == BANNER_NEXT_GAME)
    hide_banner (self);
  gtk_no_selection_set_model (self->chat_selection,
                              session != NULL ? pupitre_session_get_chat (session) : NULL);
  g_signal_group_set_target (self->session_signals, session);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  update_state (self);
}

static void
quitting_state_cb (PupitreSession *session,
                   GParamSpec     *pspec,
                   GApplication   *app)
{
  if (pupitre_session_get_state (session) != PUPITRE_SESSION_STATE_DISCONNECTED)
    return;

  g_signal_handlers_disconnect_by_func (session, quitting_state_cb, app);
  if (app != NULL)
    {
      g_application_release (app);
      g_object_unref (app);
    }
  g_object_unref (session);
}

/* Leaves the game politely: quit is sent unless the link is already gone.
 * The session (and the application, when the window closes) lives on
 * until the server said bye, which the session bounds with a timeout. */
static void
drop_session (PupitreWindow *self)
{
  PupitreSession *session;
  GApplication *app;

  if (self->session == NULL)
    return;

  session = g_object_ref (self->session);
  set_session (self, NULL);

  if (pupitre_session_get_state (session) == PUPITRE_SESSION_STATE_DISCONNECTED)
    {
      g_object_unref (session);
      return;
    }

  app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (app != NULL)
    {
      g_application_hold (app);
      g_object_ref (app);
    }

  g_signal_connect (session, "notify::state", G_CALLBACK (quitting_state_cb), app);
  pupitre_session_quit (session);
}

static void
session_state_cb (PupitreWindow *self)
{
  update_state (self);
}

static void
session_joined_cb (PupitreWindow *self,
                   gboolean       resumed)
{
  self->resumed = resumed;
  update_wait_page (self);
}

static void
session_game_finished_cb (PupitreWindow *self)
{
  self->game_ended = TRUE;
  update_next_game_banner (self);
}

static gboolean
scroll_chat_cb (gpointer user_data)
{
  PupitreWindow *self = PUPITRE_WINDOW (user_data);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->chat_scroller);

  self->chat_scroll_id = 0;
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));

  return G_SOURCE_REMOVE;
}

/* The newest line in view, once the list has its new height. */
static void
chat_items_changed_cb (PupitreWindow *self)
{
  if (self->chat_scroll_id == 0)
    self->chat_scroll_id = g_idle_add (scroll_chat_cb, self);
}

static void
chat_activate_cb (PupitreWindow *self)
{
  g_autofree char *text = NULL;

  if (self->session == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->chat_entry))));
  /* Refused while a question is open: the text stays to send later. */
  if (*text != '\0' && pupitre_session_send_chat (self->session, text))
    gtk_editable_set_text (GTK_EDITABLE (self->chat_entry), "");
}

static void
session_shutdown_cb (PupitreWindow *self)
{
  self->server_stopped = TRUE;

  if (get_state (self) != PUPITRE_SESSION_STATE_DISCONNECTED)
    {
      if (self->banner_kind == BANNER_RECONNECTING)
        hide_banner (self);
      return;
    }

  /* Already disconnected when the signal came: say it now. */
  explain_disconnection (self, self->last_state);
}

static void
clear_unknown_certificate (PupitreWindow *self)
{
  g_clear_pointer (&self->unknown_server, g_free);
  g_clear_pointer (&self->unknown_fingerprint, g_free);
  self->unknown_changed = FALSE;
}

/* Emitted during the handshake: the answer comes later from the player, so
 * the session refuses this handshake, and ::error follows. */
static void
session_certificate_unknown_cb (PupitreWindow  *self,
                                const char     *server,
                                const char     *fingerprint,
                                gboolean        changed,
                                PupitreSession *session)
{
  clear_unknown_certificate (self);
  self->unknown_server = g_strdup (server);
  self->unknown_fingerprint = g_strdup (fingerprint);
  self->unknown_changed = changed;
}

static void
session_error_cb (PupitreWindow  *self,
                  const GError   *error,
                  PupitreSession *session)
{
  PupitreSessionState state = pupitre_session_get_state (session);
  gboolean from_server = error->domain == PUPITRE_ERROR;

  if ((g_error_matches (error, PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_UNKNOWN) ||
       g_error_matches (error, PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_CHANGED)) &&
      self->unknown_fingerprint != NULL)
    {
      self->error_shown = TRUE;
      pupitre_connect_page_ask_trust (self->connect_page,
                                      self->unknown_server,
                                      self->unknown_fingerprint,
                                      self->unknown_changed);
      return;
    }

  if (state == PUPITRE_SESSION_STATE_RECONNECTING && !from_server)
    /* Each failed attempt to come back; the banner already says so. */
    return;

  if (state == PUPITRE_SESSION_STATE_CONNECTING ||
      state == PUPITRE_SESSION_STATE_DISCONNECTED ||
      state == PUPITRE_SESSION_STATE_RECONNECTING ||
      (from_server && pupitre_error_code_is_fatal (error->code)))
    {
      /* The session ends DISCONNECTED right after such an error, which
       * brings the connect page back with the error on it. */
      self->error_shown = TRUE;
      pupitre_connect_page_show_error (self->connect_page, error);
      return;
    }

  if (from_server)
    show_banner (self, BANNER_NOTICE, pupitre_error_code_describe (error->code));
}

void
pupitre_window_connect (PupitreWindow *self,
                        const char    *host,
                        guint          port,
                        const char    *name,
                        const char    *game)
{
  g_autoptr(PupitreSession) session = NULL;
  PupitreTarget *target;

  g_return_if_fail (PUPITRE_IS_WINDOW (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (name != NULL);

  drop_session (self);
  hide_banner (self);
  pupitre_connect_page_clear_error (self->connect_page);

  /* The arguments may point into the old target. */
  target = pupitre_target_new (host, port, name, game, self->target->secure);
  pupitre_target_free (self->target);
  self->target = target;

  clear_unknown_certificate (self);
  session = pupitre_session_new ();
  pupitre_session_set_token_store (session, self->tokens);
  set_session (self, session);
  pupitre_session_connect_to (session, self->target);
  update_state (self);
}

static void
connect_requested_cb (PupitreWindow      *self,
                      const char         *host,
                      guint               port,
                      const char         *name,
                      PupitreConnectPage *page)
{
  self->target->secure = pupitre_connect_page_get_secure (page);
  g_free (self->target->game);
  self->target->game = pupitre_connect_page_dup_game (page);

  if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "host", host);
      g_settings_set_uint (self->settings, "port", port);
      g_settings_set_string (self->settings, "name", name);
      g_settings_set_boolean (self->settings, "secure", self->target->secure);
    }

  pupitre_window_connect (self, host, port, name, self->target->game);
}

static void
trust_requested_cb (PupitreWindow      *self,
                    PupitreConnectPage *page)
{
  g_autoptr(GError) error = NULL;

  if (self->session == NULL || self->unknown_fingerprint == NULL ||
      pupitre_session_get_state (self->session) != PUPITRE_SESSION_STATE_DISCONNECTED)
    return;

  /* When the file cannot be written, this session trusts the certificate
   * all the same: the game goes on, and the question comes back next time. */
  if (!pupitre_session_trust_certificate (self->session, self->unknown_fingerprint, &error))
    g_debug ("The trusted certificate is not remembered: %s", error->message);

  clear_unknown_certificate (self);
  self->error_shown = FALSE;
  self->last_state = PUPITRE_SESSION_STATE_DISCONNECTED;
  pupitre_session_connect_to (self->session, self->target);
  update_state (self);
}

void
pupitre_window_fill (PupitreWindow *self,
                     const char    *host,
                     guint          port,
                     const char    *name,
                     const char    *game)
{
  g_return_if_fail (PUPITRE_IS_WINDOW (self));

  pupitre_connect_page_fill (self->connect_page, host, port, name);
  /* The window opens on the field still to fill, where a screen reader
   * starts reading, not on the first one. */
  pupitre_connect_page_focus (self->connect_page);

  if (game != NULL)
    {
      g_free (self->target->game);
      self->target->game = g_strdup (game);
      pupitre_connect_page_set_game (self->connect_page, game);
    }
}

void
pupitre_window_set_secure (PupitreWindow *self,
                           gboolean       secure)
{
  g_return_if_fail (PUPITRE_IS_WINDOW (self));

  self->target->secure = secure;
  pupitre_connect_page_set_secure (self->connect_page, secure);
}

void
pupitre_window_submit (PupitreWindow *self)
{
  g_return_if_fail (PUPITRE_IS_WINDOW (self));

  pupitre_connect_page_submit (self->connect_page);
}

PupitreSession *
pupitre_window_get_session (PupitreWindow *self)
{
  g_return_val_if_fail (PUPITRE_IS_WINDOW (self), NULL);

  return self->session;
}

const char *
pupitre_window_get_page_name (PupitreWindow *self)
{
  g_return_val_if_fail (PUPITRE_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
leave_now (PupitreWindow *self)
{
  drop_session (self);
  hide_banner (self);
  pupitre_connect_page_clear_error (self->connect_page);
  gtk_stack_set_visible_child_name (self->stack, "connect");
  pupitre_connect_page_focus (self->connect_page);
  update_state (self);
}

static gboolean
leaving_needs_asking (PupitreWindow *self)
{
  return self->session != NULL && !self->game_ended &&
         state_is_running (get_state (self));
}

static void
leave_response_cb (GtkDialog     *dialog,
                   int            response,
                   PupitreWindow *self)
{
  gboolean closes = self->leave_closes;

  /* The dialog may outlive this window, which its emission holds. */
  self->leave_dialog = NULL;
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));

  if (response != GTK_RESPONSE_ACCEPT)
    return;

  if (closes)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else
    {
      leave_now (self);
    }
}

/* Leave Game, Ctrl+W, Ctrl+Q and the window's close button all come here
 * during a game. The seat stays on the server and its token on disk, so
 * the answer only decides whether this window goes. */
static void
ask_before_leaving (PupitreWindow *self,
                    gboolean       closes)
{
  GtkWidget *dialog;
  GtkWidget *leave;

  self->leave_closes = closes;
  if (self->leave_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->leave_dialog));
      return;
    }

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", _("Leave the game?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("The game goes on without you. Your seat and "
                                              "your score wait until it ends: start Pupitre "
                                              "again with the same name to take them back."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Stay"), GTK_RESPONSE_CANCEL);
  leave = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Leave"), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (leave, "destructive-action");
  /* Enter, pressed by habit, keeps the student in the game. */
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect (dialog, "response", G_CALLBACK (leave_response_cb), self);

  self->leave_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
leave_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PupitreWindow *self = PUPITRE_WINDOW (user_data);

  if (leaving_needs_asking (self))
    ask_before_leaving (self, FALSE);
  else
    leave_now (self);
}

static void
show_ranking_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  end_hold (PUPITRE_WINDOW (user_data));
}

static void
play_again_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  PupitreWindow *self = PUPITRE_WINDOW (user_data);
  const PupitreTarget *last = self->target;

  /* Still connected: the server keeps the seat for its next game, and a
   * new join would find the name taken by it. Wait there instead. */
  if (get_state (self) == PUPITRE_SESSION_STATE_OVER)
    {
      self->next_game = TRUE;
      update_state (self);
      return;
    }

  if (last->host == NULL || last->name == NULL)
    return;

  pupitre_window_connect (self, last->host, last->port, last->name, last->game);
}

static const GActionEntry win_actions[] = {
  { "leave", leave_activated },
  { "play-again", play_again_activated },
  { "show-ranking", show_ranking_activated },
};

static void
save_window_state (PupitreWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
pupitre_window_close_request (GtkWindow *window)
{
  PupitreWindow *self = PUPITRE_WINDOW (window);

  if (!self->close_confirmed && leaving_needs_asking (self))
    {
      ask_before_leaving (self, TRUE);
      return TRUE;
    }

  save_window_state (self);
  drop_session (self);

  return GTK_WINDOW_CLASS (pupitre_window_parent_class)->close_request (window);
}

static void
pupitre_window_dispose (GObject *object)
{
  PupitreWindow *self = PUPITRE_WINDOW (object);

  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);
  g_clear_handle_id (&self->hold_id, g_source_remove);
  g_clear_handle_id (&self->next_game_tick_id, g_source_remove);
  g_clear_handle_id (&self->chat_scroll_id, g_source_remove);
  if (self->leave_dialog != NULL)
    {
      GtkWindow *dialog = GTK_WINDOW (g_steal_pointer (&self->leave_dialog));

      gtk_window_set_transient_for (dialog, NULL);
      gtk_window_destroy (dialog);
    }

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->tokens);

  gtk_widget_dispose_template (GTK_WIDGET (self), PUPITRE_TYPE_WINDOW);

  G_OBJECT_CLASS (pupitre_window_parent_class)->dispose (object);
}

static void
pupitre_window_finalize (GObject *object)
{
  PupitreWindow *self = PUPITRE_WINDOW (object);

  g_clear_pointer (&self->target, pupitre_target_free);
  clear_unknown_certificate (self);

  G_OBJECT_CLASS (pupitre_window_parent_class)->finalize (object);
}

static void
pupitre_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PupitreWindow *self = PUPITRE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_window_class_init (PupitreWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pupitre_window_dispose;
  object_class->finalize = pupitre_window_finalize;
  object_class->get_property = pupitre_window_get_property;
  window_class->close_request = pupitre_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         PUPITRE_TYPE_SESSION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The pages are built by the window's template. */
  g_type_ensure (PUPITRE_TYPE_CONNECT_PAGE);
  g_type_ensure (PUPITRE_TYPE_LOBBY_PAGE);
  g_type_ensure (PUPITRE_TYPE_QUESTION_PAGE);
  g_type_ensure (PUPITRE_TYPE_RESULTS_PAGE);
  g_type_ensure (PUPITRE_TYPE_OVER_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pupitre/Pupitre/pupitre-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, banner_spinner);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, wait_round_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, wait_title_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, wait_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, chat_revealer);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, chat_scroller);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, chat_selection);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, chat_entry);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, connect_page);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, lobby_page);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, question_page);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, results_page);
  gtk_widget_class_bind_template_child (widget_class, PupitreWindow, over_page);
  gtk_widget_class_bind_template_callback (widget_class, connect_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, trust_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_activate_cb);
}

static void
pupitre_window_init (PupitreWindow *self)
{
  self->target = pupitre_target_new (NULL, 0, NULL, NULL, FALSE);
  self->tokens = pupitre_token_store_new (NULL);

  g_type_ensure (PUPITRE_TYPE_CHAT_LINE);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner_button), "win.show-ranking");
  gtk_button_set_label (self->banner_button, _("See the _Final Ranking"));
  g_signal_connect_object (self->chat_selection, "items-changed",
                           G_CALLBACK (chat_items_changed_cb), self, G_CONNECT_SWAPPED);
  pupitre_name_stack_pages (self->stack);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  self->session_signals = g_signal_group_new (PUPITRE_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::name",
                                 G_CALLBACK (update_subtitle), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "error",
                                 G_CALLBACK (session_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::sitting-out",
                                 G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "joined",
                                 G_CALLBACK (session_joined_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "game-finished",
                                 G_CALLBACK (session_game_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::hosted",
                                 G_CALLBACK (update_next_game_banner), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "server-shutdown",
                                 G_CALLBACK (session_shutdown_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "certificate-unknown",
                                 G_CALLBACK (session_certificate_unknown_cb),
                                 self, G_CONNECT_SWAPPED);

  self->settings = settings_new_if_installed ();
  if (self->settings != NULL)
    {
      g_autofree char *host = g_settings_get_string (self->settings, "host");
      g_autofree char *name = g_settings_get_string (self->settings, "name");
      guint port = g_settings_get_uint (self->settings, "port");

      int width = g_settings_get_int (self->settings, "window-width");
      int height = g_settings_get_int (self->settings, "window-height");

      pupitre_connect_page_fill (self->connect_page, host, port, name);
      self->target->secure = g_settings_get_boolean (self->settings, "secure");
      pupitre_connect_page_set_secure (self->connect_page, self->target->secure);
      if (width > 0 && height > 0)
        gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  update_state (self);
}

PupitreWindow *
pupitre_window_new (GtkApplication *application)
{
  return g_object_new (PUPITRE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
