/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the session's game state, fed decoded messages without a socket. */

#include "config.h"

#include <string.h>

#include "pupitre-message.h"
#include "pupitre-session-private.h"

/* Hands @bytes, a line from one of the server's encoders, to @session as
 * its link would. */
static void
feed (PupitreSession *session,
      GBytes         *bytes)
{
  g_autoptr(GBytes) owned = bytes;
  g_autoptr(PupitreServerMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize len;

  data = g_bytes_get_data (owned, &len);
  message = pupitre_server_message_decode (data, len - 1, &error);
  g_assert_no_error (error);
  pupitre_session_handle_message (session, message);
}

static void
count_cb (PupitreSession *session,
          gpointer        user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
chat_received_cb (PupitreSession *session,
                  const char     *from,
                  const char     *text,
                  gpointer        user_data)
{
  count_cb (session, user_data);
}

static void
error_cb (PupitreSession *session,
          const GError   *error,
          gpointer        user_data)
{
  GError **out = user_data;

  g_clear_error (out);
  *out = g_error_copy (error);
}

static PupitreSession *
joined_session (void)
{
  PupitreSession *session = pupitre_session_new ();

  feed (session, pupitre_message_joined ("Ubuntu1", "t0k", "ABCD", "lobby", 3, FALSE));

  return session;
}

static void
test_game_flow (void)
{
  const PupitrePlayerEntry players[] = {
    { "Debian", TRUE, 0 },
    { "Ubuntu1", TRUE, 0 },
    { "Fedora", FALSE, 0 },
  };
  const char * const choices[] = { "Windows", "MacOS", "Linux", NULL };
  const PupitreResultEntry results[] = {
    { "Ubuntu1", 3, 3, 1200 },
    { "Debian", 1, -1, 900 },
  };
  const PupitreTotalEntry totals[] = {
    { "Ubuntu1", 3, 1 },
    { "Fedora", 0, 2 },
    { "Debian", -1, 3 },
  };
  g_autoptr(PupitreSession) session = joined_session ();
  PupitreRound *round = pupitre_session_get_current_round (session);
  PupitreStanding *standing = pupitre_session_get_standing (session);
  g_autoptr(PupitreScoreRow) row = NULL;
  gint64 before;

  g_assert_cmpint (pupitre_session_get_state (session), ==, PUPITRE_SESSION_STATE_LOBBY);
  g_assert_cmpstr (pupitre_session_get_name (session), ==, "Ubuntu1");
  g_assert_cmpstr (pupitre_session_get_game (session), ==, "ABCD");
  g_assert_cmpuint (pupitre_session_get_needed (session), ==, 3);

  feed (session, pupitre_message_players (4, players, G_N_ELEMENTS (players), 3));
  g_assert_cmpuint (pupitre_session_get_player_count (session), ==, 4);
  g_assert_cmpuint (pupitre_session_get_connected_count (session), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (pupitre_session_get_players (session)), ==, 3);

  feed (session, pupitre_message_countdown (1, 2, 10));
  g_assert_cmpint (pupitre_session_get_state (session), ==, PUPITRE_SESSION_STATE_COUNTDOWN);
  g_assert_cmpuint (pupitre_round_get_countdown (round), ==, 10);
  g_assert_cmpuint (pupitre_round_get_rounds (round), ==, 2);

  before = g_get_monotonic_time ();
  feed (session, pupitre_message_question (1, 2, "Libre ?", choices, 20000, -1));
  g_assert_cmpint (pupitre_session_get_state (session), ==, PUPITRE_SESSION_STATE_QUESTION);
  g_assert_cmpstr (pupitre_round_get_text (round), ==, "Libre ?");
  g_assert_true (g_strv_equal (pupitre_round_get_choices (round), choices));
  g_assert_cmpint (pupitre_round_get_deadline (round), >=,
                   before + 20000 * G_TIME_SPAN_MILLISECOND);
  g_assert_false (pupitre_round_get_answered (round));
  g_assert_cmpint (pupitre_round_get_chosen (round), ==, -1);

  /* A choice beyond the question's is refused, a good one taken once. */
  g_assert_false (pupitre_session_answer (session, 4));
  g_assert_true (pupitre_session_answer (session, 3));
  g_assert_false (pupitre_session_answer (session, 2));
  g_assert_true (pupitre_round_get_answered (round));
  g_assert_cmpint (pupitre_round_get_chosen (round), ==, 3);
  g_assert_cmpint (pupitre_round_get_answer_time_ms (round), ==, -1);

  feed (session, pupitre_message_answer_ack (1, 3, 1200));
  g_assert_cmpint (pupitre_round_get_answer_time_ms (round), ==, 1200);

  feed (session, pupitre_message_progress (1, 2, 3));
  g_assert_cmpuint (pupitre_round_get_progress_answered (round), ==, 2);
  g_assert_cmpuint (pupitre_round_get_progress_players (round), ==, 3);
  /* A late update of another round changes nothing. */
  feed (session, pupitre_message_progress (7, 1, 9));
  g_assert_cmpuint (pupitre_round_get_progress_answered (round), ==, 2);

  feed (session, pupitre_message_round_result (1, 3, "GPL", results, G_N_ELEMENTS (results),
                                               totals, G_N_ELEMENTS (totals)));
  g_assert_cmpint (pupitre_session_get_state (session), ==, PUPITRE_SESSION_STATE_RESULTS);
  g_assert_cmpuint (pupitre_round_get_correct (round), ==, 3);
  g_assert_cmpstr (pupitre_round_get_explanation (round), ==, "GPL");
  g_assert_cmpuint (g_list_model_get_n_items (pupitre_session_get_round_results (session)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (pupitre_session_get_totals (session)), ==, 3);
  row = g_list_model_get_item (pupitre_session_get_totals (session), 0);
  g_assert_cmpstr (pupitre_score_row_get_name (row), ==, "Ubuntu1");
  g_assert_true (pupitre_score_row_get_is_self (row));

  feed (session, pupitre_message_standing (1, 3, 3, 1200, 3, 1, 3, FALSE));
  g_assert_cmpint (pupitre_standing_get_points (standing), ==, 3);
  g_assert_cmpint (pupitre_standing_get_score (standing), ==, 3);
  g_assert_cmpuint (pupitre_standing_get_rank (standing), ==, 1);
  g_assert_false (pupitre_standing_get_final (standing));

  feed (session, pupitre_message_game_over (totals, 2, -1));
  g_assert_cmpint (pupitre_session_get_state (session), ==, PUPITRE_SESSION_STATE_OVER);
  g_assert_cmpuint (g_list_model_get_n_items (pupitre_session_get_totals (session)), ==, 2);
  feed (session, pupitre_message_standing (2, -1, 0, -1, 3, 1, 3, TRUE));
  g_assert_true (pupitre_standing_get_final (standing));

  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_error_before_joined (void)
{
  g_autoptr(PupitreSession) session = pupitre_session_new ();
  g_autoptr(GError) error = NULL;

  g_signal_connect (session, "error", G_CALLBACK (error_cb), &error);
  feed (session, pupitre_message_error ("name-taken", "Ce nom est pris", "join"));

  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_TAKEN);
  g_assert_cmpstr (error->message, ==, "Ce nom est pris");
  g_assert_cmpint (pupitre_session_get_state (session), ==, PUPITRE_SESSION_STATE_DISCONNECTED);
}

static void
test_error_in_game (void)
{
  g_autoptr(PupitreSession) session = joined_session ();
  g_autoptr(GError) error = NULL;

  g_signal_connect (session, "error", G_CALLBACK (error_cb), &error);
  feed (session, pupitre_message_error ("chat-closed", "", "chat"));

  /* A recoverable error keeps the game; an empty text gets the code's words. */
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_CHAT_CLOSED);
  g_assert_cmpstr (error->message, ==, pupitre_error_code_describe (PUPITRE_ERROR_CHAT_CLOSED));
  g_assert_cmpint (pupitre_session_get_state (session), ==, PUPITRE_SESSION_STATE_LOBBY);
}

static void
test_chat_keeps_latest (void)
{
  g_autoptr(PupitreSession) session = joined_session ();
  g_autoptr(PupitreChatLine) first = NULL;
  GListModel *chat = pupitre_session_get_chat (session);
  guint received = 0;

  g_signal_connect (session, "chat-received", G_CALLBACK (chat_received_cb), &received);
  for (guint i = 0; i < 510; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);

      feed (session, pupitre_message_chat (i % 2 ? "Ubuntu1" : "Debian", text));
    }

  g_assert_cmpuint (received, ==, 510);
  g_assert_cmpuint (g_list_model_get_n_items (chat), ==, 500);
  first = g_list_model_get_item (chat, 0);
  g_assert_cmpstr (pupitre_chat_line_get_text (first), ==, "line 10");
}

static void
test_shutdown_ends (void)
{
  g_autoptr(PupitreSession) session = joined_session ();
  guint shutdowns = 0;

  g_signal_connect (session, "server-shutdown", G_CALLBACK (count_cb), &shutdowns);
  feed (session, pupitre_message_shutdown ());

  g_assert_cmpuint (shutdowns, ==, 1);
  g_assert_cmpint (pupitre_session_get_state (session), ==, PUPITRE_SESSION_STATE_DISCONNECTED);
}

static void
test_unknown_ignored (void)
{
  g_autoptr(PupitreSession) session = joined_session ();
  g_autoptr(PupitreServerMessage) message = NULL;
  const char *line = "{\"type\":\"hint\",\"text\":\"x\"}";

  message = pupitre_server_message_decode (line, strlen (line), NULL);
  g_assert_nonnull (message);
  pupitre_session_handle_message (session, message);
  feed (session, pupitre_message_pong (NULL));

  g_assert_cmpint (pupitre_session_get_state (session), ==, PUPITRE_SESSION_STATE_LOBBY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/state/game-flow", test_game_flow);
  g_test_add_func ("/session/state/error-before-joined-ends", test_error_before_joined);
  g_test_add_func ("/session/state/error-in-game-keeps-it", test_error_in_game);
  g_test_add_func ("/session/state/chat-keeps-latest-lines", test_chat_keeps_latest);
  g_test_add_func ("/session/state/shutdown-ends-without-retry", test_shutdown_ends);
  g_test_add_func ("/session/state/unknown-types-ignored", test_unknown_ignored);

  return g_test_run ();
}
