/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of a hosted game's options: the defaults, the checks, and how they are written. */

#include <string.h>

#include "pupitre-error.h"
#include "pupitre-game-options.h"
#include "pupitre-json.h"

/* The server's --max-hosted-players in these tests. */
#define LIMIT 500

static JsonNode *
node_from_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_options_equal (const PupitreGameOptions *a,
                      const PupitreGameOptions *b)
{
  g_assert_cmpint (a->scoring, ==, b->scoring);
  g_assert_cmpint (a->question_points, ==, b->question_points);
  g_assert_cmpint (a->time_limit_ms, ==, b->time_limit_ms);
  g_assert_cmpint (a->countdown_ms, ==, b->countdown_ms);
  g_assert_cmpint (a->shuffle, ==, b->shuffle);
  g_assert_cmpint (a->late_join, ==, b->late_join);
  g_assert_cmpint (a->chat, ==, b->chat);
  g_assert_cmpuint (a->leaderboard, ==, b->leaderboard);
  g_assert_cmpint (a->auto_advance, ==, b->auto_advance);
  g_assert_cmpuint (a->max_players, ==, b->max_players);
}

static void
read_ok (const char         *text,
         guint               limit,
         PupitreGameOptions *options)
{
  g_autoptr(JsonNode) node = node_from_text (text);
  g_autoptr(GError) error = NULL;

  g_assert_true (pupitre_game_options_from_json (options, node, limit, &error));
  g_assert_no_error (error);
}

static void
test_defaults (void)
{
  PupitreGameOptions options;

  /* Section 14.2's table. */
  memset (&options, 0xa5, sizeof options);
  pupitre_game_options_init (&options);
  g_assert_cmpint (options.scoring, ==, PUPITRE_SCORING_SPEED);
  g_assert_true (options.question_points);
  g_assert_cmpint (options.time_limit_ms, ==, -1);
  g_assert_cmpint (options.countdown_ms, ==, 5000);
  g_assert_false (options.shuffle);
  g_assert_true (options.late_join);
  g_assert_true (options.chat);
  g_assert_cmpuint (options.leaderboard, ==, 5);
  g_assert_false (options.auto_advance);
  g_assert_cmpuint (options.max_players, ==, 0);
}

static void
test_absent_is_defaults (void)
{
  PupitreGameOptions expected;
  PupitreGameOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) null = json_node_init_null (json_node_alloc ());

  pupitre_game_options_init (&expected);
  /* An absent max_players is the server's limit. */
  expected.max_players = LIMIT;

  g_assert_true (pupitre_game_options_from_json (&options, NULL, LIMIT, &error));
  g_assert_no_error (error);
  assert_options_equal (&options, &expected);

  g_assert_true (pupitre_game_options_from_json (&options, null, LIMIT, &error));
  g_assert_no_error (error);
  assert_options_equal (&options, &expected);

  read_ok ("{}", LIMIT, &options);
  assert_options_equal (&options, &expected);

  /* null members are absent, unknown ones ignored. */
  read_ok ("{\"scoring\":null,\"time_limit_ms\":null,\"max_players\":null,"
           "\"colour\":\"blue\",\"future\":{\"a\":[1]}}", LIMIT, &options);
  assert_options_equal (&options, &expected);
}

static void
test_every_option (void)
{
  PupitreGameOptions options;

  read_ok ("{\"scoring\":\"classic\",\"question_points\":false,\"time_limit_ms\":30000,"
           "\"countdown_ms\":0,\"shuffle\":true,\"late_join\":false,\"chat\":false,"
           "\"leaderboard\":100,\"auto_advance\":true,\"max_players\":1}", LIMIT, &options);
  g_assert_cmpint (options.scoring, ==, PUPITRE_SCORING_CLASSIC);
  g_assert_false (options.question_points);
  g_assert_cmpint (options.time_limit_ms, ==, 30000);
  g_assert_cmpint (options.countdown_ms, ==, 0);
  g_assert_true (options.shuffle);
  g_assert_false (options.late_join);
  g_assert_false (options.chat);
  g_assert_cmpuint (options.leaderboard, ==, 100);
  g_assert_true (options.auto_advance);
  g_assert_cmpuint (options.max_players, ==, 1);

  read_ok ("{\"scoring\":\"right\",\"countdown_ms\":60000,\"leaderboard\":1,"
           "\"max_players\":500}", LIMIT, &options);
  g_assert_cmpint (options.scoring, ==, PUPITRE_SCORING_RIGHT);
  g_assert_cmpint (options.countdown_ms, ==, 60000);
  g_assert_cmpuint (options.leaderboard, ==, 1);
  g_assert_cmpuint (options.max_players, ==, LIMIT);
  /* What was not given is back to its default, not kept from before. */
  g_assert_true (options.question_points);
  g_assert_false (options.shuffle);
  g_assert_cmpint (options.time_limit_ms, ==, -1);
}

static void
test_time_limit (void)
{
  const struct { const char *text; gint64 expected; } good[] = {
    { "{\"time_limit_ms\":0}", 0 },
    { "{\"time_limit_ms\":5000}", 5000 },
    { "{\"time_limit_ms\":600000}", 600000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      PupitreGameOptions options;

      read_ok (good[i].text, LIMIT, &options);
      g_assert_cmpint (options.time_limit_ms, ==, good[i].expected);
    }
}

static void
test_bad_field (void)
{
  const struct { const char *text; const char *message; } cases[] = {
    { "[]", "“options” must be an object" },
    { "\"speed\"", "“options” must be an object" },
    { "{\"scoring\":\"fast\"}", "“scoring” must be “classic”, “speed” or “right”" },
    { "{\"scoring\":\"Speed\"}", "“scoring” must be “classic”, “speed” or “right”" },
    { "{\"scoring\":1}", "“scoring” must be a string" },
    { "{\"question_points\":1}", "“question_points” must be true or false" },
    { "{\"time_limit_ms\":1}", "“time_limit_ms” must be 0 or between 5000 and 600000" },
    { "{\"time_limit_ms\":4999}", "“time_limit_ms” must be 0 or between 5000 and 600000" },
    { "{\"time_limit_ms\":600001}", "“time_limit_ms” must be 0 or between 5000 and 600000" },
    { "{\"time_limit_ms\":-1}", "“time_limit_ms” must be 0 or between 5000 and 600000" },
    { "{\"time_limit_ms\":20000.0}", "“time_limit_ms” must be an integer" },
    { "{\"time_limit_ms\":\"20000\"}", "“time_limit_ms” must be an integer" },
    { "{\"countdown_ms\":-1}", "“countdown_ms” must be between 0 and 60000" },
    { "{\"countdown_ms\":60001}", "“countdown_ms” must be between 0 and 60000" },
    { "{\"countdown_ms\":true}", "“countdown_ms” must be an integer" },
    { "{\"shuffle\":\"yes\"}", "“shuffle” must be true or false" },
    { "{\"late_join\":0}", "“late_join” must be true or false" },
    { "{\"chat\":[]}", "“chat” must be true or false" },
    { "{\"leaderboard\":0}", "“leaderboard” must be between 1 and 100" },
    { "{\"leaderboard\":101}", "“leaderboard” must be between 1 and 100" },
    { "{\"leaderboard\":5.5}", "“leaderboard” must be an integer" },
    { "{\"auto_advance\":\"false\"}", "“auto_advance” must be true or false" },
    { "{\"max_players\":0}", "“max_players” must be between 1 and 500" },
    { "{\"max_players\":501}", "“max_players” must be between 1 and 500" },
    { "{\"max_players\":99999999999}", "“max_players” must be between 1 and 500" },
    { "{\"max_players\":{}}", "“max_players” must be an integer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = node_from_text (cases[i].text);
      g_autoptr(GError) error = NULL;
      PupitreGameOptions options, before;

      /* A refused object leaves the caller's options alone. */
      pupitre_game_options_init (&options);
      options.scoring = PUPITRE_SCORING_RIGHT;
      options.max_players = 7;
      before = options;

      if (pupitre_game_options_from_json (&options, node, LIMIT, &error))
        g_error ("accepted: %s", cases[i].text);
      g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      assert_options_equal (&options, &before);
    }
}

static void
test_no_limit (void)
{
  PupitreGameOptions options;

  /* A client reads a server's options without knowing its limit. */
  read_ok ("{\"max_players\":4000000000}", G_MAXUINT, &options);
  g_assert_cmpuint (options.max_players, ==, 4000000000u);
  read_ok ("{}", G_MAXUINT, &options);
  g_assert_cmpuint (options.max_players, ==, G_MAXUINT);
}

static void
test_scoring_names (void)
{
  const struct { PupitreScoring scoring; const char *name; } cases[] = {
    { PUPITRE_SCORING_CLASSIC, "classic" },
    { PUPITRE_SCORING_SPEED, "speed" },
    { PUPITRE_SCORING_RIGHT, "right" },
  };
  PupitreScoring scoring = PUPITRE_SCORING_SPEED;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (pupitre_scoring_to_string (cases[i].scoring), ==, cases[i].name);
      g_assert_true (pupitre_scoring_from_string (cases[i].name, &scoring));
      g_assert_cmpint (scoring, ==, cases[i].scoring);
    }

  g_assert_false (pupitre_scoring_from_string ("CLASSIC", &scoring));
  g_assert_false (pupitre_scoring_from_string ("", &scoring));
  g_assert_false (pupitre_scoring_from_string (NULL, &scoring));
  /* A refused name leaves the value alone. */
  g_assert_cmpint (scoring, ==, PUPITRE_SCORING_RIGHT);
}

static char *
write_node (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  pupitre_json_append_node (out, node);
  return g_string_free (out, FALSE);
}

static void
test_to_json (void)
{
  PupitreGameOptions options;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  /* The effective options of section 14.2's game_created example, in the
   * table's order, time_limit_ms left out when the quiz sets it. */
  pupitre_game_options_init (&options);
  options.shuffle = TRUE;
  options.max_players = 500;
  node = pupitre_game_options_to_json (&options);
  text = write_node (node);
  g_assert_cmpstr (text, ==,
                   "{\"scoring\":\"speed\",\"question_points\":true,\"countdown_ms\":5000,"
                   "\"shuffle\":true,\"late_join\":true,\"chat\":true,\"leaderboard\":5,"
                   "\"auto_advance\":false,\"max_players\":500}");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&text, g_free);

  options.scoring = PUPITRE_SCORING_CLASSIC;
  options.time_limit_ms = 0;
  node = pupitre_game_options_to_json (&options);
  text = write_node (node);
  g_assert_cmpstr (text, ==,
                   "{\"scoring\":\"classic\",\"question_points\":true,\"time_limit_ms\":0,"
                   "\"countdown_ms\":5000,\"shuffle\":true,\"late_join\":true,\"chat\":true,"
                   "\"leaderboard\":5,\"auto_advance\":false,\"max_players\":500}");
}

static void
test_round_trip (void)
{
  const PupitreGameOptions cases[] = {
    { PUPITRE_SCORING_CLASSIC, FALSE, -1, 0, TRUE, FALSE, FALSE, 1, TRUE, 1 },
    { PUPITRE_SCORING_SPEED, TRUE, 0, 60000, FALSE, TRUE, TRUE, 100, FALSE, 500 },
    { PUPITRE_SCORING_RIGHT, TRUE, 600000, 5000, TRUE, TRUE, FALSE, 7, TRUE, 42 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = pupitre_game_options_to_json (&cases[i]);
      g_autoptr(GError) error = NULL;
      PupitreGameOptions back;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_assert_true (pupitre_game_options_from_json (&back, node, LIMIT, &error));
      g_assert_no_error (error);
      assert_options_equal (&back, &cases[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/game-options/defaults", test_defaults);
  g_test_add_func ("/game-options/from-json/absent-is-defaults", test_absent_is_defaults);
  g_test_add_func ("/game-options/from-json/every-option", test_every_option);
  g_test_add_func ("/game-options/from-json/time-limit-zero-or-range", test_time_limit);
  g_test_add_func ("/game-options/from-json/bad-field-names-option", test_bad_field);
  g_test_add_func ("/game-options/from-json/no-limit-for-clients", test_no_limit);
  g_test_add_func ("/game-options/scoring/names", test_scoring_names);
  g_test_add_func ("/game-options/to-json/table-order", test_to_json);
  g_test_add_func ("/game-options/to-json/round-trip", test_round_trip);

  return g_test_run ();
}
