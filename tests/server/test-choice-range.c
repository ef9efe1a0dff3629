/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A choice far outside the question's range is bad-choice, as the contract says, not bad-field. */

#include "config.h"

#include <string.h>

#include "pupitre-error.h"
#include "pupitre-game.h"
#include "pupitre-message.h"

static const char *quiz_json =
  "{\"title\":\"Q\",\"questions\":[{\"text\":\"Which?\",\"choices\":[\"A\",\"B\"],\"answer\":1}]}";

static char *
new_token (gpointer user_data)
{
  guint *n = user_data;

  return g_strdup_printf ("token-%u", ++*n);
}

/* Each line goes through the decoder and then to the game in its open
 * question, as the dispatcher sends it. */
static void
assert_answer_error (PupitreGame *game,
                     PupitreSeat *seat,
                     const char  *line,
                     gint         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreClientMessage) message = pupitre_client_message_decode (line, strlen (line),
                                                                            NULL, &error);

  g_assert_no_error (error);
  g_assert_false (pupitre_game_answer (game, seat, message->round, message->choice, 0, &error));
  g_assert_error (error, PUPITRE_ERROR, code);
}

static void
test_far_outside_is_bad_choice (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = pupitre_quiz_load_from_data (quiz_json, -1, "test.json", &error);
  guint tokens = 0;
  const PupitreGameConfig config = {
    .needed = 1,
    .countdown_ms = 0,
    .time_limit_ms = 20000,
    .pause_ms = 5000,
    .over_pause_ms = 30000,
    .new_token = new_token,
    .user_data = &tokens,
  };
  PupitreGame *game;
  PupitreSeat *seat;

  g_assert_no_error (error);
  game = pupitre_game_new ("main", quiz, &config);
  seat = pupitre_game_join (game, "Alice", NULL, NULL, 0, &error);
  g_assert_no_error (error);
  pupitre_game_advance (game, 0);
  g_assert_cmpint (pupitre_game_get_phase (game), ==, PUPITRE_GAME_PHASE_QUESTION);

  assert_answer_error (game, seat, "{\"type\":\"answer\",\"round\":1,\"choice\":3}",
                       PUPITRE_ERROR_BAD_CHOICE);
  /* 2^31 and 2^40 do not fit an int: still a choice, and a bad one. */
  assert_answer_error (game, seat, "{\"type\":\"answer\",\"round\":1,\"choice\":2147483648}",
                       PUPITRE_ERROR_BAD_CHOICE);
  assert_answer_error (game, seat, "{\"type\":\"answer\",\"round\":1,\"choice\":1099511627776}",
                       PUPITRE_ERROR_BAD_CHOICE);
  assert_answer_error (game, seat, "{\"type\":\"answer\",\"round\":1,\"choice\":-1099511627776}",
                       PUPITRE_ERROR_BAD_CHOICE);
  assert_answer_error (game, seat,
                       "{\"type\":\"answer\",\"round\":1,\"choice\":9223372036854775807}",
                       PUPITRE_ERROR_BAD_CHOICE);

  g_assert_finalize_object (game);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/answer/choice/far-outside-is-bad-choice", test_far_outside_is_bad_choice);

  return g_test_run ();
}
