/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "pupitre-answer-chart.h"
#include "pupitre-host-stage.h"
#include "pupitre-page.h"

/* Often enough that a second never shows late. */
#define TICK_MS 200
/* Places on the podium. */
#define PODIUM  3

struct _PupitreHostStage
{
  GtkWidget        parent_instance;

  GtkStack        *stack;
  GtkLabel        *join_label;
  GtkLabel        *code_label;
  GtkLabel        *seats_label;
  GtkFlowBox      *players_box;
  GtkLabel        *countdown_round_label;
  GtkLabel        *countdown_label;
  GtkLabel        *round_label;
  GtkLabel        *timer_label;
  GtkLabel        *question_label;
  GtkBox          *choices_box;
  GtkLabel        *answered_label;
  GtkLabel        *waiting_label;
  GtkLabel        *results_question_label;
  PupitreAnswerChart *chart;
  GtkLabel        *explanation_label;
  GtkLabel        *average_label;
  GtkLabel        *leaderboard_title;
  GtkGrid         *leaderboard_grid;
  GtkBox          *podium_box;
  GtkGrid         *ranking_grid;
  GtkLabel        *closed_label;

  PupitreHostGame *game;
  gboolean         projection;
  gboolean         show_answer;
  guint            tick_id;
};

G_DEFINE_FINAL_TYPE (PupitreHostStage, pupitre_host_stage, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_GAME,
  PROP_PROJECTION,
  PROP_SHOW_ANSWER,
  N_PROPS
};

enum
{
  SIGNAL_KICK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update (PupitreHostStage *self);

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_FLOW_BOX (parent))
        gtk_flow_box_remove (GTK_FLOW_BOX (parent), child);
      else if (GTK_IS_GRID (parent))
        gtk_grid_remove (GTK_GRID (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

/* One minus sign for every score: the typographic one. */
static char *
format_score (gint64 score)
{
  return score < 0 ? g_strdup_printf ("\u2212%" G_GINT64_FORMAT, -score)
                   : g_strdup_printf ("%" G_GINT64_FORMAT, score);
}

static char *
format_seconds (gint64 ms)
{
  return g_strdup_printf (_("%u s"), (guint) ((ms + 999) / 1000));
}

static void
kick_clicked_cb (GtkButton        *button,
                 PupitreHostStage *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "pupitre-name");

  g_signal_emit (self, signals[SIGNAL_KICK], 0, name);
}

static GtkWidget *
player_chip (PupitreHostStage        *self,
             const PupitreHostPlayer *player)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (player->name);

  gtk_widget_add_css_class (box, "player-chip");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_set_tooltip_text (label, player->name);
  if (!player->connected)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  if (!self->projection)
    {
      g_autofree char *tooltip = g_strdup_printf (_("Remove %s from the game"), player->name);
      GtkWidget *kick = gtk_button_new_from_icon_name ("window-close-symbolic");

      gtk_widget_add_css_class (kick, "flat");
      gtk_widget_add_css_class (kick, "circular");
      gtk_widget_set_tooltip_text (kick, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (kick),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      g_object_set_data_full (G_OBJECT (kick), "pupitre-name", g_strdup (player->name), g_free);
      g_signal_connect (kick, "clicked", G_CALLBACK (kick_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), kick);
    }
  return box;
}

static void
fill_lobby (PupitreHostStage *self)
{
  PupitreHost *host = pupitre_host_game_get_host (self->game);
  const char *code = pupitre_host_game_get_code (self->game);
  const PupitreHostPlayer *players;
  guint n_players;
  guint seats = pupitre_host_game_get_n_seats (self->game);
  g_autofree char *join = g_strdup_printf (_("Open Pupitre, server %s, and join with the code"),
                                           pupitre_host_get_server (host));
  g_autofree char *seats_text = NULL;

  gtk_label_set_label (self->join_label, join);
  gtk_label_set_label (self->code_label, code != NULL ? code : "");
  if (seats == 0)
    seats_text = g_strdup (_("Waiting for the first player…"));
  else
    seats_text = g_strdup_printf (ngettext ("%u player has joined", "%u players have joined", seats),
                                  seats);
  if (pupitre_host_game_get_locked (self->game))
    {
      g_autofree char *joined = g_steal_pointer (&seats_text);

      /* Translators: the number of players, then why nobody else comes in. */
      seats_text = g_strdup_printf (_("%s — the game is locked"), joined);
    }
  gtk_label_set_label (self->seats_label, seats_text);

  remove_children (GTK_WIDGET (self->players_box));
  players = pupitre_host_game_get_players (self->game, &n_players);
  for (guint i = 0; i < n_players; i++)
    gtk_flow_box_append (self->players_box, player_chip (self, &players[i]));
}

static void
fill_round_label (PupitreHostStage *self,
                  GtkLabel         *label)
{
  g_autofree char *text = g_strdup_printf (_("Question %u of %u"),
                                           pupitre_host_game_get_round (self->game),
                                           pupitre_host_game_get_rounds (self->game));

  gtk_label_set_label (label, text);
}

static void
fill_clock (PupitreHostStage *self)
{
  gint64 left = pupitre_host_game_get_remaining_ms (self->game);
  g_autofree char *seconds = left >= 0 ? format_seconds (left) : NULL;
  PupitreHostPhase phase = pupitre_host_game_get_phase (self->game);

  if (phase == PUPITRE_HOST_PHASE_COUNTDOWN)
    gtk_label_set_label (self->countdown_label, seconds != NULL ? seconds : "");
  else if (pupitre_host_game_get_paused (self->game))
    {
      g_autofree char *paused = seconds != NULL
                                ? g_strdup_printf (_("Paused, %s left"), seconds)
                                : g_strdup (_("Paused"));

      gtk_label_set_label (self->timer_label, paused);
    }
  else
    gtk_label_set_label (self->timer_label, seconds != NULL ? seconds : _("No time limit"));
}

static void
fill_question (PupitreHostStage *self)
{
  const char * const *choices = pupitre_host_game_get_choices (self->game);
  guint answer = self->show_answer && !self->projection
                 ? pupitre_host_game_get_answer (self->game) : 0;
  guint in_round = pupitre_host_game_get_in_round (self->game);
  const char * const *waiting = pupitre_host_game_get_waiting (self->game);
  g_autofree char *answered = NULL;

  fill_round_label (self, self->round_label);
  gtk_label_set_label (self->question_label, pupitre_host_game_get_question (self->game));

  remove_children (GTK_WIDGET (self->choices_box));
  for (guint i = 0; choices[i] != NULL; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u) \u2068%s\u2069%s", i + 1, choices[i],
                                               i + 1 == answer ? "  ✔" : "");
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "stage-choice");
      if (i + 1 == answer)
        {
          g_autofree char *spoken = g_strdup_printf (_("%s, the right answer"), text);

          gtk_widget_add_css_class (label, "success");
          gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
        }
      gtk_box_append (self->choices_box, label);
    }

  answered = g_strdup_printf (ngettext ("%u of %u has answered", "%u of %u have answered", in_round),
                              pupitre_host_game_get_answered (self->game), in_round);
  gtk_label_set_label (self->answered_label, answered);

  /* Who is still thinking is the teacher's to know, not the class's. */
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label),
                          !self->projection && waiting != NULL && waiting[0] != NULL);
  if (!self->projection && waiting != NULL && waiting[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) waiting);
      g_autofree char *text = g_strdup_printf (_("Still thinking: %s"), names);

      gtk_label_set_label (self->waiting_label, text);
    }
  fill_clock (self);
}

static void
fill_results (PupitreHostStage *self)
{
  const PupitreHostReport *report = pupitre_host_game_get_report (self->game);
  const char *explanation = pupitre_host_game_get_explanation (self->game);

  gtk_label_set_label (self->results_question_label, pupitre_host_game_get_question (self->game));
  pupitre_answer_chart_set_report (self->chart, report, pupitre_host_game_get_choices (self->game));
  gtk_label_set_label (self->explanation_label, explanation != NULL ? explanation : "");
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), explanation != NULL);

  if (report != NULL && report->average_ms >= 0)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *average = NULL;

      g_snprintf (number, sizeof number, "%.2f", report->average_ms / 1000.0);
      average = g_strdup_printf (_("Average time: %s s"), number);
      gtk_label_set_label (self->average_label, average);
    }
  else
    gtk_label_set_label (self->average_label, _("Nobody answered."));
}

static void
attach_text (GtkGrid    *grid,
             const char *text,
             int         column,
             int         row,
             float       xalign,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_widget_set_tooltip_text (label, text);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

/* Rank, name, score: the row's name says all three for screen readers. */
static void
fill_ranking (GtkGrid                 *grid,
              const PupitreHostPlayer *totals,
              guint                    n)
{
  remove_children (GTK_WIDGET (grid));
  attach_text (grid, _("Rank"), 0, 0, 1, "heading");
  attach_text (grid, _("Name"), 1, 0, 0, "heading");
  attach_text (grid, _("Score"), 2, 0, 1, "heading");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *rank = g_strdup_printf ("%u", totals[i].rank);
      g_autofree char *score = format_score (totals[i].score);

      attach_text (grid, rank, 0, (int) i + 1, 1, "numeric");
      attach_text (grid, totals[i].name, 1, (int) i + 1, 0, NULL);
      attach_text (grid, score, 2, (int) i + 1, 1, "numeric");
    }
}

static void
fill_leaderboard (PupitreHostStage *self)
{
  guint n_totals;
  const PupitreHostPlayer *totals = pupitre_host_game_get_totals (self->game, &n_totals);
  guint top = MIN (n_totals, MAX (pupitre_host_game_get_options (self->game)->leaderboard, 1));
  g_autofree char *title = g_strdup_printf (ngettext ("The top player", "The top %u players", top), top);

  gtk_label_set_label (self->leaderboard_title, title);
  fill_ranking (self->leaderboard_grid, totals, top);
}

static GtkWidget *
podium_place (const PupitreHostPlayer *player,
              guint                    height)
{
  GtkWidget *place = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *name = gtk_label_new (player->name);
  g_autofree char *score_text = format_score (player->score);
  g_autofree char *points = g_strdup_printf (_("%s points"), score_text);
  g_autofree char *rank_text = g_strdup_printf ("%u", player->rank);
  g_autofree char *spoken = g_strdup_printf (_("Place %u: %s, %s points"), player->rank,
                                             player->name, score_text);
  GtkWidget *score = gtk_label_new (points);
  GtkWidget *step = gtk_label_new (rank_text);

  gtk_widget_set_valign (place, GTK_ALIGN_END);
  gtk_widget_set_size_request (place, 160, -1);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 20);
  gtk_widget_set_tooltip_text (name, player->name);
  gtk_widget_add_css_class (name, "title-3");
  gtk_widget_add_css_class (score, "numeric");
  gtk_widget_add_css_class (step, "podium-step");
  gtk_widget_add_css_class (step, "title-1");
  gtk_widget_set_size_request (step, -1, (int) height);
  gtk_box_append (GTK_BOX (place), name);
  gtk_box_append (GTK_BOX (place), score);
  gtk_box_append (GTK_BOX (place), step);
  gtk_accessible_update_property (GTK_ACCESSIBLE (place),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  return place;
}

static void
fill_over (PupitreHostStage *self)
{
  guint n_totals;
  const PupitreHostPlayer *totals = pupitre_host_game_get_totals (self->game, &n_totals);
  guint n = MIN (n_totals, PODIUM);
  /* Second, first, third from left to right; a step's height goes with
   * its rank, so that a tie stands on one level. */
  static const guint order[PODIUM] = { 1, 0, 2 };

  remove_children (GTK_WIDGET (self->podium_box));
  for (guint i = 0; i < PODIUM; i++)
    {
      guint index = n == 1 ? 0 : order[i];

      if (index >= n || (n == 1 && i > 0))
        continue;
      gtk_box_append (self->podium_box,
                      podium_place (&totals[index], 40 + 40 * (PODIUM - MIN (totals[index].rank, PODIUM))));
    }
  fill_ranking (self->ranking_grid, totals, n_totals);
}

static void
fill_closed (PupitreHostStage *self)
{
  const char *reason = pupitre_host_game_get_closed_reason (self->game);

  if (g_strcmp0 (reason, "host") == 0)
    gtk_label_set_label (self->closed_label, _("The game is closed."));
  else if (g_strcmp0 (reason, "host-away") == 0)
    gtk_label_set_label (self->closed_label, _("The game was closed: its host was away too long."));
  else if (g_strcmp0 (reason, "idle") == 0)
    gtk_label_set_label (self->closed_label, _("The game was closed after a long time without a move."));
  else if (g_strcmp0 (reason, "shutdown") == 0)
    gtk_label_set_label (self->closed_label, _("The server was stopped."));
  else
    gtk_label_set_label (self->closed_label, reason != NULL ? reason : "");
}

static gboolean
tick_cb (gpointer user_data)
{
  PupitreHostStage *self = user_data;

  fill_clock (self);
  return G_SOURCE_CONTINUE;
}

static void
update (PupitreHostStage *self)
{
  static const char * const pages[] = {
    [PUPITRE_HOST_PHASE_CONNECTING] = "connecting",
    [PUPITRE_HOST_PHASE_LOBBY] = "lobby",
    [PUPITRE_HOST_PHASE_COUNTDOWN] = "countdown",
    [PUPITRE_HOST_PHASE_QUESTION] = "question",
    [PUPITRE_HOST_PHASE_RESULTS] = "results",
    [PUPITRE_HOST_PHASE_LEADERBOARD] = "leaderboard",
    [PUPITRE_HOST_PHASE_OVER] = "over",
    [PUPITRE_HOST_PHASE_CLOSED] = "closed",
  };
  PupitreHostPhase phase;
  gboolean ticking;

  if (self->game == NULL)
    return;

  phase = pupitre_host_game_get_phase (self->game);
  switch (phase)
    {
    case PUPITRE_HOST_PHASE_CONNECTING:
      break;
    case PUPITRE_HOST_PHASE_LOBBY:
      fill_lobby (self);
      break;
    case PUPITRE_HOST_PHASE_COUNTDOWN:
      fill_round_label (self, self->countdown_round_label);
      fill_clock (self);
      break;
    case PUPITRE_HOST_PHASE_QUESTION:
      fill_question (self);
      break;
    case PUPITRE_HOST_PHASE_RESULTS:
      fill_results (self);
      break;
    case PUPITRE_HOST_PHASE_LEADERBOARD:
      fill_leaderboard (self);
      break;
    case PUPITRE_HOST_PHASE_OVER:
      fill_over (self);
      break;
    case PUPITRE_HOST_PHASE_CLOSED:
    default:
      fill_closed (self);
      break;
    }
  gtk_stack_set_visible_child_name (self->stack, pages[phase]);

  ticking = phase == PUPITRE_HOST_PHASE_COUNTDOWN || phase == PUPITRE_HOST_PHASE_QUESTION;
  if (ticking && self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  else if (!ticking)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
changed_cb (PupitreHostGame  *game,
            PupitreHostStage *self)
{
  update (self);
}

void
pupitre_host_stage_set_game (PupitreHostStage *self,
                             PupitreHostGame  *game)
{
  g_return_if_fail (PUPITRE_IS_HOST_STAGE (self));

  if (self->game == game)
    return;
  if (self->game != NULL)
    g_signal_handlers_disconnect_by_data (self->game, self);
  g_set_object (&self->game, game);
  if (game != NULL)
    g_signal_connect (game, "changed", G_CALLBACK (changed_cb), self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GAME]);
}

PupitreHostGame *
pupitre_host_stage_get_game (PupitreHostStage *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_STAGE (self), NULL);
  return self->game;
}

gboolean
pupitre_host_stage_get_projection (PupitreHostStage *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_STAGE (self), FALSE);
  return self->projection;
}

void
pupitre_host_stage_set_show_answer (PupitreHostStage *self,
                                    gboolean          show_answer)
{
  g_return_if_fail (PUPITRE_IS_HOST_STAGE (self));

  show_answer = !!show_answer && !self->projection;
  if (self->show_answer == show_answer)
    return;
  self->show_answer = show_answer;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ANSWER]);
}

const char *
pupitre_host_stage_get_page (PupitreHostStage *self)
{
  g_return_val_if_fail (PUPITRE_IS_HOST_STAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

char *
pupitre_host_stage_dup_text (PupitreHostStage *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (PUPITRE_IS_HOST_STAGE (self), NULL);

  collect_text (gtk_stack_get_visible_child (self->stack), text);
  return g_string_free (text, FALSE);
}

static void
pupitre_host_stage_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PupitreHostStage *self = PUPITRE_HOST_STAGE (object);

  switch (prop_id)
    {
    case PROP_GAME:
      g_value_set_object (value, self->game);
      break;
    case PROP_PROJECTION:
      g_value_set_boolean (value, self->projection);
      break;
    case PROP_SHOW_ANSWER:
      g_value_set_boolean (value, self->show_answer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_host_stage_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PupitreHostStage *self = PUPITRE_HOST_STAGE (object);

  switch (prop_id)
    {
    case PROP_GAME:
      pupitre_host_stage_set_game (self, g_value_get_object (value));
      break;
    case PROP_PROJECTION:
      self->projection = g_value_get_boolean (value);
      if (self->projection)
        gtk_widget_add_css_class (GTK_WIDGET (self), "projection");
      break;
    case PROP_SHOW_ANSWER:
      pupitre_host_stage_set_show_answer (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pupitre_host_stage_dispose (GObject *object)
{
  PupitreHostStage *self = PUPITRE_HOST_STAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->game != NULL)
    g_signal_handlers_disconnect_by_data (self->game, self);
  g_clear_object (&self->game);
  gtk_widget_dispose_template (GTK_WIDGET (self), PUPITRE_TYPE_HOST_STAGE);

  G_OBJECT_CLASS (pupitre_host_stage_parent_class)->dispose (object);
}

static void
pupitre_host_stage_class_init (PupitreHostStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = pupitre_host_stage_get_property;
  object_class->set_property = pupitre_host_stage_set_property;
  object_class->dispose = pupitre_host_stage_dispose;

  properties[PROP_GAME] =
    g_param_spec_object ("game", NULL, NULL, PUPITRE_TYPE_HOST_GAME,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECTION] =
    g_param_spec_boolean ("projection", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_ANSWER] =
    g_param_spec_boolean ("show-answer", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_KICK] = g_signal_new ("kick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (PUPITRE_TYPE_ANSWER_CHART);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/pupitre/Pupitre/pupitre-host-stage.ui");
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, stack);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, join_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, code_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, seats_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, players_box);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, countdown_round_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, round_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, timer_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, question_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, choices_box);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, answered_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, results_question_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, chart);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, average_label);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, leaderboard_title);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, leaderboard_grid);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, podium_box);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, ranking_grid);
  gtk_widget_class_bind_template_child (widget_class, PupitreHostStage, closed_label);
}

static void
pupitre_host_stage_init (PupitreHostStage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pupitre_name_stack_pages (self->stack);
}

GtkWidget *
pupitre_host_stage_new (gboolean projection)
{
  return g_object_new (PUPITRE_TYPE_HOST_STAGE, "projection", projection, NULL);
}
