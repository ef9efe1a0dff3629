/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-host-setup.h"
#include "pupitre-host-stage.h"
#include "pupitre-host-window.h"
#include "pupitre-projection-window.h"
#include "pupitre-results-export.h"
#include "pupitre-token-store.h"
#include "pupitre-trust.h"

/* What "+15 s" adds. */
#define ADD_TIME_MS 15000

struct _PupitreHostWindow
{
  GtkApplicationWindow     parent_instance;

  GtkStack                *main_stack;
  PupitreHostSetup        *setup;
  PupitreHostStage        *stage;
  GtkRevealer             *notice_revealer;
  GtkLabel                *notice_label;
  GtkLabel                *hint_label;
  GtkWidget               *next_button;
  GtkWidget               *pause_button;
  GtkWidget               *add_time_button;
  GtkWidget               *lock_button;
  GtkWidget               *answer_button;
  GtkWidget               *end_button;
  GtkWidget               *save_button;
  GtkWidget               *again_button;
  GtkWidget               *close_game_button;
  GtkWidget               *project_button;

  PupitreHostGame         *game;
  PupitreTokenStore       *tokens;
  PupitreProjectionWindow *projection;
  GtkFileChooserNative    *chooser;
  GtkWidget               *leave_dialog;
  char                    *kept_code;     /* whose host token is on disk */
  gboolean                 show_answer;
  gboolean                 closing;       /* close the window once the game is */
};

G_DEFINE_FINAL_TYPE (PupitreHostWindow, pupitre_host_window, GTK_TYPE_APPLICATION_WINDOW)

static gboolean
game_is_ours (PupitreHostWindow *self)
{
  return self->game != NULL &&
         pupitre_host_is_connected (pupitre_host_game_get_host (self->game));
}

static void
show_notice (PupitreHostWindow *self,
             const char        *text)
{
  gtk_label_set_label (self->notice_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->notice_revealer, text != NULL);
}

/* The next step's name on the one big button. */
static const char *
next_label (PupitreHostWindow *self,
            PupitreHostPhase   phase)
{
  switch (phase)
    {
    case PUPITRE_HOST_PHASE_LOBBY:
      return _("Start the Game");
    case PUPITRE_HOST_PHASE_COUNTDOWN:
      return _("Show the Question Now");
    case PUPITRE_HOST_PHASE_QUESTION:
      return _("Close the Question");
    case PUPITRE_HOST_PHASE_RESULTS:
      return _("Show the Leaderboard");
    case PUPITRE_HOST_PHASE_LEADERBOARD:
      return pupitre_host_game_get_round (self->game) >= pupitre_host_game_get_rounds (self->game)
             ? _("Show the Podium") : _("Next Question");
    case PUPITRE_HOST_PHASE_CLOSED:
      return _("New Game");
    case PUPITRE_HOST_PHASE_CONNECTING:
    case PUPITRE_HOST_PHASE_OVER:
    default:
      return NULL;
    }
}

static void
update_controls (PupitreHostWindow *self)
{
  PupitreHostPhase phase = self->game != NULL ? pupitre_host_game_get_phase (self->game)
                                              : PUPITRE_HOST_PHASE_CONNECTING;
  gboolean ours = game_is_ours (self);
  gboolean running = ours && phase >= PUPITRE_HOST_PHASE_COUNTDOWN && phase <= PUPITRE_HOST_PHASE_LEADERBOARD;
  gboolean timed = ours && (phase == PUPITRE_HOST_PHASE_COUNTDOWN || phase == PUPITRE_HOST_PHASE_QUESTION);
  gboolean paused = self->game != NULL && pupitre_host_game_get_paused (self->game);
  gboolean locked = self->game != NULL && pupitre_host_game_get_locked (self->game);
  gboolean over = ours && phase == PUPITRE_HOST_PHASE_OVER;
  const char *next = next_label (self, phase);
  gboolean done = FALSE;
  guint n_rows;

  if (self->game != NULL)
    pupitre_host_get_results (pupitre_host_game_get_host (self->game), &n_rows, &done);

  gtk_button_set_label (GTK_BUTTON (self->next_button), next != NULL ? next : "");
  gtk_widget_set_visible (self->next_button, next != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), next != NULL && ours);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.advance",
                                 next != NULL && (ours || phase == PUPITRE_HOST_PHASE_CLOSED));

  gtk_button_set_label (GTK_BUTTON (self->pause_button), paused ? _("_Resume") : _("_Pause"));
  gtk_widget_set_visible (self->pause_button, timed || (running && paused));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.pause", timed || (running && paused));

  gtk_widget_set_visible (self->add_time_button, ours && phase == PUPITRE_HOST_PHASE_QUESTION);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.add-time",
                                 ours && phase == PUPITRE_HOST_PHASE_QUESTION);

  gtk_button_set_label (GTK_BUTTON (self->lock_button), locked ? _("_Unlock") : _("_Lock"));
  gtk_widget_set_visible (self->lock_button, ours && (phase == PUPITRE_HOST_PHASE_LOBBY || running));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.lock",
                                 ours && (phase == PUPITRE_HOST_PHASE_LOBBY || running));

  gtk_button_set_label (GTK_BUTTON (self->answer_button),
                        self->show_answer ? _("Hide the _Answer") : _("Show the _Answer"));
  gtk_widget_set_visible (self->answer_button, ours && phase == PUPITRE_HOST_PHASE_QUESTION);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.show-answer",
                                 ours && phase == PUPITRE_HOST_PHASE_QUESTION);

  gtk_widget_set_visible (self->end_button, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.end", running);

  gtk_widget_set_visible (self->save_button, over);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.save-results", over && done);
  gtk_widget_set_visible (self->again_button, over);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.play-again", over);
  gtk_widget_set_visible (self->close_game_button, ours && phase != PUPITRE_HOST_PHASE_CONNECTING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.close-game", ours);

  gtk_widget_set_visible (self->project_button, self->game != NULL && phase != PUPITRE_HOST_PHASE_CLOSED);
}

static char *server_key      (PupitreHostWindow *self);
static void  offer_kept_game (PupitreHostWindow *self);

static void
keep_token (PupitreHostWindow *self)
{
  PupitreHost *host = pupitre_host_game_get_host (self->game);
  const char *code = pupitre_host_get_code (host);
  g_autofree char *server = NULL;
  g_autoptr(GError) error = NULL;

  if (code == NULL || g_strcmp0 (code, self->kept_code) == 0)
    return;
  server = server_key (self);
  g_free (self->kept_code);
  self->kept_code = g_strdup (code);
  /* So that the teacher takes the game back after a crash, with
   * pupitre-console --resume at worst. */
  if (!pupitre_token_store_save (self->tokens, PUPITRE_TOKEN_HOST, server,
                                 code, pupitre_host_setup_get_name (self->setup),
                                 pupitre_host_get_host_token (host), &error))
    show_notice (self, error->message);
}

static void
forget_token (PupitreHostWindow *self)
{
  g_autofree char *server = NULL;

  if (self->kept_code == NULL)
    return;
  server = server_key (self);
  pupitre_token_store_forget (self->tokens, PUPITRE_TOKEN_HOST, server, self->kept_code, NULL);
  g_clear_pointer (&self->kept_code, g_free);
}

static void
game_changed_cb (PupitreHostGame   *game,
                 PupitreHostWindow *self)
{
  PupitreHostPhase phase = pupitre_host_game_get_phase (game);

  if (phase == PUPITRE_HOST_PHASE_CLOSED && pupitre_host_game_get_code (game) == NULL)
    {
      /* Refused before it existed, or not given back: the form again,
       * with the reason. A token refused is not offered again. */
      if (self->kept_code != NULL)
        {
          g_autofree char *server = server_key (self);

          pupitre_token_store_forget (self->tokens, PUPITRE_TOKEN_HOST, server, self->kept_code, NULL);
          g_clear_pointer (&self->kept_code, g_free);
          offer_kept_game (self);
        }
      pupitre_host_setup_set_busy (self->setup, FALSE);
      pupitre_host_setup_set_error (self->setup, pupitre_host_game_get_closed_reason (game));
      gtk_stack_set_visible_child_name (self->main_stack, "setup");
      return;
    }

  keep_token (self);
  if (phase == PUPITRE_HOST_PHASE_CLOSED)
    {
      forget_token (self);
      if (self->closing)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
    }
  update_controls (self);
}

static void
phase_changed_cb (PupitreHostGame   *game,
                  GParamSpec        *pspec,
                  PupitreHostWindow *self)
{
  PupitreHostPhase phase = pupitre_host_game_get_phase (game);

  show_notice (self, NULL);
  if (phase != PUPITRE_HOST_PHASE_QUESTION && self->show_answer)
    {
      self->show_answer = FALSE;
      pupitre_host_stage_set_show_answer (self->stage, FALSE);
    }
  /* The big button keeps the focus, so that Space always moves on and a
   * screen reader hears the new step's name. */
  if (gtk_widget_get_visible (self->next_button))
    gtk_widget_grab_focus (self->next_button);
}

static void
notice_cb (PupitreHostGame   *game,
           const char        *text,
           PupitreHostWindow *self)
{
  show_notice (self, text);
}

/* A new link to the game, the form's server, the stage following it;
 * @quiz NULL when the game is taken back without its file. */
static PupitreHost *
start_game (PupitreHostWindow *self,
            PupitreQuiz       *quiz)
{
  g_autoptr(PupitreTrust) trust = pupitre_trust_new ();
  PupitreHost *host;

  if (self->game != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->game, self);
      pupitre_host_stage_set_game (self->stage, NULL);
      g_clear_object (&self->game);
    }
  g_clear_pointer (&self->kept_code, g_free);

  host = pupitre_host_new (pupitre_host_setup_get_host (self->setup),
                           pupitre_host_setup_get_port (self->setup),
                           pupitre_host_setup_get_secure (self->setup), trust);
  self->game = pupitre_host_game_new (host, quiz);
  g_signal_connect (self->game, "changed", G_CALLBACK (game_changed_cb), self);
  g_signal_connect (self->game, "notify::phase", G_CALLBACK (phase_changed_cb), self);
  g_signal_connect (self->game, "notice", G_CALLBACK (notice_cb), self);
  pupitre_host_stage_set_game (self->stage, self->game);

  pupitre_host_setup_set_error (self->setup, NULL);
  /* Out of the form before it goes insensitive and away. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  pupitre_host_setup_set_busy (self->setup, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "game");
  show_notice (self, NULL);
  update_controls (self);
  return host;
}

static void
create_cb (PupitreHostWindow *self)
{
  g_autoptr(PupitreHost) host = start_game (self, pupitre_host_setup_get_quiz (self->setup));
  g_autoptr(JsonNode) options_json = NULL;
  PupitreGameOptions options;

  pupitre_host_setup_get_options (self->setup, &options);
  options_json = pupitre_game_options_to_json (&options);
  pupitre_host_create (host, pupitre_host_setup_get_quiz_text (self->setup),
                       pupitre_host_setup_get_quiz_format (self->setup),
                       pupitre_host_setup_get_quiz_name (self->setup),
                       pupitre_host_setup_get_name (self->setup),
                       pupitre_host_setup_get_host_key (self->setup),
                       options_json);
}

static char *
server_key (PupitreHostWindow *self)
{
  return g_strdup_printf ("%s:%u", pupitre_host_setup_get_host (self->setup),
                          pupitre_host_setup_get_port (self->setup));
}

/* The game this computer hosts there, kept on disk, is offered back. */
static void
offer_kept_game (PupitreHostWindow *self)
{
  g_autofree char *server = server_key (self);
  g_auto(GStrv) codes = pupitre_token_store_list (self->tokens, PUPITRE_TOKEN_HOST, server);

  pupitre_host_setup_offer_resume (self->setup, codes != NULL ? codes[0] : NULL);
}

static void
resume_cb (PupitreHostWindow *self,
           const char        *code)
{
  g_autofree char *server = server_key (self);
  g_autofree char *token = pupitre_token_store_lookup (self->tokens, PUPITRE_TOKEN_HOST,
                                                       server, code, NULL);
  g_autoptr(PupitreHost) host = NULL;

  if (token == NULL)
    {
      offer_kept_game (self);
      return;
    }
  host = start_game (self, NULL);
  /* Kept already: forgotten when the game closes. */
  self->kept_code = g_strdup (code);
  pupitre_host_resume (host, code, token);
}

static void
kick_cb (PupitreHostWindow *self,
         const char        *name)
{
  if (game_is_ours (self))
    pupitre_host_kick (pupitre_host_game_get_host (self->game), name);
}

/* Actions */

static void
command (PupitreHostWindow *self,
         const char        *type)
{
  if (game_is_ours (self))
    pupitre_host_command (pupitre_host_game_get_host (self->game), type);
}

static void
advance_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PupitreHostWindow *self = PUPITRE_HOST_WINDOW (widget);

  if (self->game == NULL)
    return;
  if (pupitre_host_game_get_phase (self->game) == PUPITRE_HOST_PHASE_CLOSED)
    {
      pupitre_host_setup_set_busy (self->setup, FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "setup");
      return;
    }
  pupitre_host_game_advance (self->game);
}

static void
pause_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PupitreHostWindow *self = PUPITRE_HOST_WINDOW (widget);

  command (self, pupitre_host_game_get_paused (self->game) ? "resume" : "pause");
}

static void
add_time_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PupitreHostWindow *self = PUPITRE_HOST_WINDOW (widget);

  if (game_is_ours (self))
    pupitre_host_add_time (pupitre_host_game_get_host (self->game), ADD_TIME_MS);
}

static void
lock_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PupitreHostWindow *self = PUPITRE_HOST_WINDOW (widget);

  command (self, pupitre_host_game_get_locked (self->game) ? "unlock" : "lock");
}

static void
show_answer_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PupitreHostWindow *self = PUPITRE_HOST_WINDOW (widget);

  self->show_answer = !self->show_answer;
  pupitre_host_stage_set_show_answer (self->stage, self->show_answer);
  update_controls (self);
}

static void
end_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  command (PUPITRE_HOST_WINDOW (widget), "end");
}

static void
play_again_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  command (PUPITRE_HOST_WINDOW (widget), "play_again");
}

static void
close_game_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  command (PUPITRE_HOST_WINDOW (widget), "close_game");
}

gboolean
pupitre_host_window_save_results (PupitreHostWindow  *self,
                                  GFile              *file,
                                  GError            **error)
{
  const PupitreResultRow *rows;
  guint n_rows;

  g_return_val_if_fail (PUPITRE_IS_HOST_WINDOW (self), FALSE);
  g_return_val_if_fail (self->game != NULL, FALSE);

  rows = pupitre_host_get_results (pupitre_host_game_get_host (self->game), &n_rows, NULL);
  return pupitre_results_export_save_tables (rows, n_rows, pupitre_host_game_get_quiz (self->game),
                                             file, error);
}

static void
save_response_cb (GtkNativeDialog   *chooser,
                  int                response,
                  PupitreHostWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) wide = pupitre_results_export_wide_file (file);
      g_autoptr(GError) error = NULL;

      if (!pupitre_host_window_save_results (self, file, &error))
        {
          g_autofree char *text = g_strdup_printf (_("The results could not be saved: %s"),
                                                   error->message);

          show_notice (self, text);
        }
      else
        {
          g_autofree char *long_name = g_file_get_basename (file);
          g_autofree char *wide_name = g_file_get_basename (wide);
          g_autofree char *text = g_strdup_printf (_("Results saved as %s (a row per answer) and %s (a row per player)."),
                                                   long_name, wide_name);

          show_notice (self, text);
        }
    }
  g_clear_object (&self->chooser);
}

static void
save_results_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PupitreHostWindow *self = PUPITRE_HOST_WINDOW (widget);
  const char *title = pupitre_host_game_get_title (self->game);
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;

  /* Translators: the suggested file name; %s is the quiz's title. */
  name = g_strdup_printf (_("%s — results.csv"), title != NULL && *title != '\0' ? title : _("Quiz"));
  g_strdelimit (name, "/\\", '-');
  self->chooser = gtk_file_chooser_native_new (_("Save the Results"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The projector is the monitor this window is not on, when there is one. */
static GdkMonitor *
projector_monitor (PupitreHostWindow *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GListModel *monitors = gdk_display_get_monitors (display);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));
  GdkMonitor *mine = surface != NULL ? gdk_display_get_monitor_at_surface (display, surface) : NULL;
  guint n = g_list_model_get_n_items (monitors);

  for (guint i = 0; i < n && n > 1; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);

      if (monitor != mine)
        return monitor;
    }
  return NULL;
}

static void
projection_destroyed_cb (PupitreHostWindow *self)
{
  self->projection = NULL;
}

static void
project_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PupitreHostWindow *self = PUPITRE_HOST_WINDOW (widget);

  if (self->game == NULL)
    return;
  if (self->projection == NULL)
    {
      self->projection = pupitre_projection_window_new (gtk_window_get_application (GTK_WINDOW (self)),
                                                        self->game);
      g_signal_connect_swapped (self->projection, "destroy", G_CALLBACK (projection_destroyed_cb), self);
    }
  pupitre_projection_window_show_on (self->projection, projector_monitor (self));
}

/* Space, Enter and → move the game on wherever the focus is, except in a
 * text field, and except Space and Enter on another button, which press
 * that button. Caught before the focused widget sees them. */
static gboolean
advance_key_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  PupitreHostWindow *self = PUPITRE_HOST_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean arrow = GPOINTER_TO_UINT (user_data) == GDK_KEY_Right;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "game") != 0 ||
      (focus != NULL && GTK_IS_EDITABLE (focus)) ||
      (!arrow && focus != NULL && focus != self->next_button &&
       gtk_widget_get_ancestor (focus, GTK_TYPE_BUTTON) != NULL &&
       gtk_widget_get_ancestor (focus, GTK_TYPE_BUTTON) != self->next_button) ||
      !gtk_widget_is_sensitive (self->next_button) || !gtk_widget_get_visible (self->next_button))
    return FALSE;
  gtk_widget_activate_action (widget, "host.advance", NULL);
  return TRUE;
}

/* Leaving */

static void
leave_response_cb (GtkDialog         *dialog,
                   int                response,
                   PupitreHostWindow *self)
{
  self->leave_dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));

  if (response == GTK_RESPONSE_REJECT)
    {
      /* The game waits for its host: the token on disk takes it back. */
      pupitre_host_disconnect (pupitre_host_game_get_host (self->game));
      gtk_window_destroy (GTK_WINDOW (self));
    }
  else if (response == GTK_RESPONSE_ACCEPT)
    {
      self->closing = TRUE;
      command (self, "close_game");
    }
}

static gboolean
pupitre_host_window_close_request (GtkWindow *window)
{
  PupitreHostWindow *self = PUPITRE_HOST_WINDOW (window);

  if (!game_is_ours (self) || self->closing)
    return GTK_WINDOW_CLASS (pupitre_host_window_parent_class)->close_request (window);

  if (self->leave_dialog == NULL)
    {
      self->leave_dialog = gtk_message_dialog_new (window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                                   _("Close game %s?"),
                                                   pupitre_host_game_get_code (self->game));
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (self->leave_dialog),
                                                _("Closing it ends it for every player. If you only leave, the game pauses and waits for you: open Pupitre again to take it back."));
      gtk_dialog_add_buttons (GTK_DIALOG (self->leave_dialog),
                              _("_Cancel"), GTK_RESPONSE_CANCEL,
                              _("_Leave It Waiting"), GTK_RESPONSE_REJECT,
                              _("Close the _Game"), GTK_RESPONSE_ACCEPT,
                              NULL);
      gtk_dialog_set_default_response (GTK_DIALOG (self->leave_dialog), GTK_RESPONSE_CANCEL);
      g_signal_connect (self->leave_dialog, "response", G_CALLBACK (leave_response_cb), self);
    }
  gtk_window_present (GTK_WINDOW (self->leave_dialog));
  return TRUE;
}

void
pupitre_host_window_set_server (PupitreHostWindow *self,
                                const char        *host,
                                guint              port,
                                gboolean           secure)
{
  g_return_if_fail (PUPITRE_IS_HOST_WINDOW (self));
  pupitre_host_setup_set_server (self->setup, host, port, secure);
  offer_kept_game (self);
}

gboolean
pupitre_host_window_set_quiz (PupitreHostWindow  *self,
                              GFile              *file,
                              GError            **error)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_WINDOW (self), FALSE);
  return pupitre_host_setup_set_quiz_file (self->setup, file, error);
}

PupitreHostGame *
pupitre_host_window_get_game (PupitreHostWindow *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_WINDOW (self), NULL);
  return self->game;
}

GtkWindow *
pupitre_host_window_get_projection (PupitreHostWindow *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_WINDOW (self), NULL);
  return self->projection != NULL ? GTK_WINDOW (self->projection) : NULL;
}

static void
pupitre_host_window_dispose (GObject *object)
{
  PupitreHostWindow *self = PUPITRE_HOST_WINDOW (object);

  if (self->projection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->projection, self);
      gtk_window_destroy (GTK_WINDOW (self->projection));
      self->projection = NULL;
    }
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->game != NULL)
    g_signal_handlers_disconnect_by_data (self->game, self);
  g_clear_object (&self->game);
  g_clear_object (&self->tokens);
  g_clear_pointer (&self->kept_code, g_free);

  G_OBJECT_CLASS (pupitre_host_window_parent_class)->dispose (object);
}

static void
pupitre_host_window_class_init (PupitreHostWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pupitre_host_window_dispose;
  window_class->close_request = pupitre_host_window_close_request;

  g_type_ensure (PUPITRE_TYPE_HOST_SETUP);
  g_type_ensure (PUPITRE_TYPE_HOST_STAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/pupitre/Pupitre/pupitre-host-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, setup);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, stage);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, add_time_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, lock_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, answer_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, end_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, again_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, close_game_button);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostWindow, project_button);
  gtk_widget_class_bind_template_callback (widget_class, create_cb);
  gtk_widget_class_bind_template_callback (widget_class, resume_cb);
  gtk_widget_class_bind_template_callback (widget_class, kick_cb);

  gtk_widget_class_install_action (widget_class, "host.advance", NULL, advance_activated);
  gtk_widget_class_install_action (widget_class, "host.pause", NULL, pause_activated);
  gtk_widget_class_install_action (widget_class, "host.add-time", NULL, add_time_activated);
  gtk_widget_class_install_action (widget_class, "host.lock", NULL, lock_activated);
  gtk_widget_class_install_action (widget_class, "host.show-answer", NULL, show_answer_activated);
  gtk_widget_class_install_action (widget_class, "host.end", NULL, end_activated);
  gtk_widget_class_install_action (widget_class, "host.save-results", NULL, save_results_activated);
  gtk_widget_class_install_action (widget_class, "host.play-again", NULL, play_again_activated);
  gtk_widget_class_install_action (widget_class, "host.close-game", NULL, close_game_activated);
  gtk_widget_class_install_action (widget_class, "host.project", NULL, project_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "host.pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "host.project", NULL);
}

static void
pupitre_host_window_init (PupitreHostWindow *self)
{
  static const guint advance_keys[] = { GDK_KEY_space, GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_Right };
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (advance_keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (advance_keys[i], 0),
                                                            gtk_callback_action_new (advance_key_cb,
                                                                                     GUINT_TO_POINTER (advance_keys[i]),
                                                                                     NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  self->tokens = pupitre_token_store_new (NULL);
  gtk_label_set_label (self->hint_label, _("Space, Enter or → moves the game on."));
  update_controls (self);
}

PupitreHostWindow *
pupitre_host_window_new (GtkApplication *app)
{
  return g_object_new (PUPITRE_TYPE_HOST_WINDOW, "application", app, NULL);
}
