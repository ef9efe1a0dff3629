/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dispatcher's session rules with fake links in place of sockets: what
 * each link is sent, and when and how it is closed. */

#include "config.h"

#include <json-glib/json-glib.h>

#include "pupitre-dispatcher.h"
#include "pupitre-protocol.h"

#define MS(x) ((gint64) (x) * 1000)

static const char quiz_json[] =
  "{\"title\":\"Test\",\"questions\":["
  "{\"text\":\"Free OS?\",\"choices\":[\"Windows\",\"MacOS\",\"Linux\"],\"answer\":3}]}";

typedef struct _Fixture Fixture;

/* One client as the network layer would hold it. */
typedef struct
{
  Fixture         *fixture;
  PupitreLink     *link;
  GPtrArray       *lines;     /* char *, what it was sent */
  gboolean         refuse;    /* a client that stopped reading */
  gboolean         closed;
  PupitreCloseHow  how;
  char            *last;      /* the line written before closing */
} FakeLink;

struct _Fixture
{
  PupitreRegistry   *registry;
  PupitreGame       *game;
  PupitreDispatcher *dispatcher;
  GPtrArray         *fakes;   /* FakeLink */
  gint64             now;
  guint              tokens;
  gboolean           sending; /* inside the send hook */
  guint              rounds_closed;
};

static gboolean
send_cb (gpointer  link_data,
         GBytes   *bytes,
         gpointer  user_data)
{
  FakeLink *fake = link_data;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_false (fake->closed);
  if (fake->refuse)
    return FALSE;
  g_assert_cmpint (size, >, 0);
  g_assert_cmpint (data[size - 1], ==, '\n');
  g_ptr_array_add (fake->lines, g_strndup (data, size - 1));
  return TRUE;
}

static void
close_cb (gpointer         link_data,
          PupitreCloseHow  how,
          GBytes          *last,
          gpointer         user_data)
{
  FakeLink *fake = link_data;

  g_assert_false (fake->fixture->sending);
  g_assert_false (fake->closed);
  fake->closed = TRUE;
  fake->how = how;
  if (last != NULL)
    fake->last = g_strndup (g_bytes_get_data (last, NULL), g_bytes_get_size (last) - 1);
  fake->link = NULL;
}

static void
event_cb (PupitreGame            *game,
          const PupitreGameEvent *event,
          gpointer                user_data)
{
  Fixture *fixture = user_data;

  if (event->type == PUPITRE_GAME_EVENT_ROUND_CLOSED)
    fixture->rounds_closed++;
}

static const PupitreDispatcherHooks hooks = {
  .send = send_cb,
  .close = close_cb,
  .event = event_cb,
};

static char *
new_token (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_strdup_printf ("token-%u", ++fixture->tokens);
}

static void
fake_free (FakeLink *fake)
{
  g_ptr_array_unref (fake->lines);
  g_free (fake->last);
  g_free (fake);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreQuiz) quiz = pupitre_quiz_load_from_data (quiz_json, -1, "test.json", &error);
  PupitreGameConfig config = {
    .needed = 2,
    .countdown_ms = 1000,
    .time_limit_ms = 20000,
    .pause_ms = 1000,
    .over_pause_ms = 1000,
    .new_token = new_token,
    .user_data = fixture,
  };

  g_assert_no_error (error);
  fixture->game = pupitre_game_new ("main", quiz, &config);
  fixture->registry = pupitre_registry_new ();
  pupitre_registry_add (fixture->registry, fixture->game);
  fixture->dispatcher = pupitre_dispatcher_new (fixture->registry, &hooks, fixture);
  fixture->fakes = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_free);
  fixture->now = MS (1000000);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_finalize_object (fixture->dispatcher);
  g_assert_finalize_object (fixture->registry);
  g_assert_finalize_object (fixture->game);
  g_ptr_array_unref (fixture->fakes);
}

static FakeLink *
open_link (Fixture *fixture)
{
  FakeLink *fake = g_new0 (FakeLink, 1);

  fake->fixture = fixture;
  fake->lines = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (fixture->fakes, fake);
  fake->link = pupitre_dispatcher_open (fixture->dispatcher, fake, "192.0.2.1:4000", fixture->now);
  return fake;
}

static void
say (FakeLink   *fake,
     const char *line)
{
  g_assert_nonnull (fake->link);
  pupitre_dispatcher_handle_line (fake->fixture->dispatcher, fake->link, line, strlen (line),
                                  fake->fixture->now);
}

static JsonObject *
parse (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The last line of @type the link got, or NULL. */
static JsonObject *
last_of (FakeLink   *fake,
         const char *type)
{
  for (guint i = fake->lines->len; i > 0; i--)
    {
      JsonObject *object = parse (g_ptr_array_index (fake->lines, i - 1));

      if (g_str_equal (json_object_get_string_member (object, "type"), type))
        return object;
      json_object_unref (object);
    }
  return NULL;
}

static const char *
last_type (FakeLink *fake)
{
  static char type[32];
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (fake->lines->len, >, 0);
  object = parse (g_ptr_array_index (fake->lines, fake->lines->len - 1));
  g_strlcpy (type, json_object_get_string_member (object, "type"), sizeof type);
  return type;
}

static void
assert_error (FakeLink   *fake,
              const char *code)
{
  g_autoptr(JsonObject) error = last_of (fake, "error");

  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
}

static void
test_welcome_and_ping (Fixture       *fixture,
                       gconstpointer  data)
{
  FakeLink *a = open_link (fixture);
  g_autoptr(JsonObject) pong = NULL;

  g_assert_cmpuint (a->lines->len, ==, 1);
  g_assert_cmpstr (last_type (a), ==, "welcome");

  say (a, "{\"type\":\"ping\",\"id\":7}");
  pong = last_of (a, "pong");
  g_assert_nonnull (pong);
  g_assert_cmpint (json_object_get_int_member (pong, "id"), ==, 7);
  g_assert_false (a->closed);
}

static void
test_not_joined (Fixture       *fixture,
                 gconstpointer  data)
{
  FakeLink *a = open_link (fixture);

  say (a, "{\"type\":\"answer\",\"round\":1,\"choice\":1}");
  assert_error (a, "not-joined");
  say (a, "{\"type\":\"chat\",\"text\":\"hi\"}");
  assert_error (a, "not-joined");
  g_assert_false (a->closed);
}

static void
test_join_default_game (Fixture       *fixture,
                        gconstpointer  data)
{
  FakeLink *a = open_link (fixture);
  FakeLink *b = open_link (fixture);
  g_autoptr(JsonObject) joined = NULL;

  say (a, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  joined = last_of (a, "joined");
  g_assert_nonnull (joined);
  g_assert_cmpstr (json_object_get_string_member (joined, "game"), ==, "main");
  g_assert_cmpstr (json_object_get_string_member (joined, "token"), ==, "token-1");
  g_assert_true (pupitre_dispatcher_link_is_joined (a->link));

  say (b, "{\"type\":\"join\",\"name\":\"Ubuntu2\",\"game\":\"main\"}");
  g_assert_true (pupitre_dispatcher_link_is_joined (b->link));
  /* Two players start the game: both get the countdown. */
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_COUNTDOWN);
  g_assert_cmpstr (last_type (a), ==, "countdown");
  g_assert_cmpstr (last_type (b), ==, "countdown");
}

static void
test_game_not_found (Fixture       *fixture,
                     gconstpointer  data)
{
  FakeLink *a = open_link (fixture);

  say (a, "{\"type\":\"join\",\"name\":\"Ubuntu1\",\"game\":\"NOPE42\"}");
  assert_error (a, "game-not-found");
  g_assert_false (pupitre_dispatcher_link_is_joined (a->link));
  g_assert_cmpuint (pupitre_game_get_n_seats (fixture->game), ==, 0);
}

static void
test_already_joined (Fixture       *fixture,
                     gconstpointer  data)
{
  FakeLink *a = open_link (fixture);

  say (a, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  say (a, "{\"type\":\"join\",\"name\":\"Other\"}");
  assert_error (a, "already-joined");
  g_assert_cmpuint (pupitre_game_get_n_seats (fixture->game), ==, 1);
}

static void
test_sixteen_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  FakeLink *a = open_link (fixture);

  for (guint i = 0; i < PUPITRE_MAX_ERRORS - 1; i++)
    say (a, "{\"type\":\"nonsense\"}");
  g_assert_false (a->closed);
  assert_error (a, "unknown-type");

  say (a, "{\"type\":\"nonsense\"}");
  g_assert_true (a->closed);
  g_assert_cmpint (a->how, ==, PUPITRE_CLOSE_LINGER);
  g_assert_cmpuint (pupitre_dispatcher_get_n_links (fixture->dispatcher), ==, 0);
}

static void
test_quit (Fixture       *fixture,
           gconstpointer  data)
{
  FakeLink *a = open_link (fixture);

  say (a, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  say (a, "{\"type\":\"quit\"}");
  g_assert_cmpstr (last_type (a), ==, "bye");
  g_assert_true (a->closed);
  g_assert_cmpint (a->how, ==, PUPITRE_CLOSE_LINGER);
  /* Leaving the lobby on purpose frees the seat. */
  g_assert_cmpuint (pupitre_game_get_n_seats (fixture->game), ==, 0);
}

static void
test_takeover (Fixture       *fixture,
               gconstpointer  data)
{
  FakeLink *old = open_link (fixture);
  FakeLink *fresh = open_link (fixture);
  g_autoptr(JsonObject) joined = NULL;

  say (old, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  say (fresh, "{\"type\":\"join\",\"name\":\"x\",\"token\":\"token-1\"}");

  /* The old link, still open, is stale: closed at once. */
  g_assert_true (old->closed);
  g_assert_cmpint (old->how, ==, PUPITRE_CLOSE_NOW);
  joined = last_of (fresh, "joined");
  g_assert_nonnull (joined);
  g_assert_cmpstr (json_object_get_string_member (joined, "name"), ==, "Ubuntu1");
  g_assert_true (json_object_get_boolean_member (joined, "resumed"));
  g_assert_cmpuint (pupitre_game_get_n_seats (fixture->game), ==, 1);
  g_assert_cmpuint (pupitre_game_get_n_connected (fixture->game), ==, 1);

  /* What the seat is told now reaches the new link only. */
  say (fresh, "{\"type\":\"chat\",\"text\":\"back\"}");
  g_assert_cmpstr (last_type (fresh), ==, "chat");
}

static void
test_bad_token (Fixture       *fixture,
                gconstpointer  data)
{
  FakeLink *a = open_link (fixture);

  say (a, "{\"type\":\"join\",\"name\":\"x\",\"token\":\"token-9\"}");
  assert_error (a, "bad-token");
  g_assert_false (a->closed);
}

/* A client that stopped reading is closed after the sending is over,
 * with the slow-consumer error as its last line, and its seat is
 * disconnected: the others hear of it. */
static void
test_slow_consumer (Fixture       *fixture,
                    gconstpointer  data)
{
  FakeLink *a = open_link (fixture);
  FakeLink *b = open_link (fixture);
  FakeLink *c = open_link (fixture);
  g_autoptr(JsonObject) error = NULL;
  g_autoptr(JsonObject) players = NULL;

  say (a, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  b->refuse = TRUE;
  say (b, "{\"type\":\"join\",\"name\":\"Ubuntu2\"}");

  g_assert_true (b->closed);
  g_assert_cmpint (b->how, ==, PUPITRE_CLOSE_NOW);
  g_assert_nonnull (b->last);
  error = parse (b->last);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "slow-consumer");
  g_assert_cmpuint (pupitre_game_get_n_connected (fixture->game), ==, 1);

  /* The game still runs for the others and counts one connected player. */
  say (c, "{\"type\":\"join\",\"name\":\"Ubuntu3\"}");
  fixture->now += MS (1000);
  pupitre_dispatcher_advance (fixture->dispatcher, fixture->now);
  players = last_of (c, "players");
  g_assert_nonnull (players);
  g_assert_cmpint (json_object_get_int_member (players, "count"), ==, 3);
  g_assert_false (a->closed);
  g_assert_false (c->closed);
}

/* Closing the round's last pending player from inside a broadcast: the
 * round still closes once, and every other link gets the result. */
static void
test_close_during_broadcast (Fixture       *fixture,
                             gconstpointer  data)
{
  FakeLink *a = open_link (fixture);
  FakeLink *b = open_link (fixture);
  g_autoptr(JsonObject) result = NULL;

  say (a, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  say (b, "{\"type\":\"join\",\"name\":\"Ubuntu2\"}");
  fixture->now += MS (1000);
  pupitre_dispatcher_advance (fixture->dispatcher, fixture->now);
  g_assert_cmpint (pupitre_game_get_phase (fixture->game), ==, PUPITRE_GAME_PHASE_QUESTION);

  /* After a's answer the game broadcasts the progress; b refuses that
   * line, so b leaves, which closes the round: all of it settles in
   * this one call. */
  say (a, "{\"type\":\"answer\",\"round\":1,\"choice\":3}");
  g_assert_cmpuint (fixture->rounds_closed, ==, 0);
  b->refuse = TRUE;
  fixture->now += MS (PUPITRE_PROGRESS_INTERVAL_MS);
  pupitre_dispatcher_advance (fixture->dispatcher, fixture->now);
  g_assert_true (b->closed);
  g_assert_cmpuint (fixture->rounds_closed, ==, 1);
  result = last_of (a, "round_result");
  g_assert_nonnull (result);
  g_assert_cmpint (json_object_get_int_member (result, "correct"), ==, 3);
}

static void
test_lost_link_leaves (Fixture       *fixture,
                       gconstpointer  data)
{
  FakeLink *a = open_link (fixture);

  say (a, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  pupitre_dispatcher_lost (fixture->dispatcher, a->link, fixture->now);
  g_assert_true (a->closed);
  g_assert_cmpint (a->how, ==, PUPITRE_CLOSE_NOW);
  g_assert_cmpuint (pupitre_game_get_n_connected (fixture->game), ==, 0);
}

static void
test_shutdown (Fixture       *fixture,
               gconstpointer  data)
{
  FakeLink *a = open_link (fixture);
  FakeLink *b = open_link (fixture);

  say (a, "{\"type\":\"join\",\"name\":\"Ubuntu1\"}");
  pupitre_dispatcher_shutdown (fixture->dispatcher, fixture->now);
  g_assert_cmpstr (last_type (a), ==, "shutdown");
  g_assert_cmpstr (last_type (b), ==, "shutdown");
  g_assert_true (a->closed && b->closed);
  g_assert_cmpint (a->how, ==, PUPITRE_CLOSE_LINGER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, setup, func, teardown)

  ADD ("/dispatcher/welcome-then-ping", test_welcome_and_ping);
  ADD ("/dispatcher/not-joined", test_not_joined);
  ADD ("/dispatcher/join/default-game", test_join_default_game);
  ADD ("/dispatcher/join/game-not-found", test_game_not_found);
  ADD ("/dispatcher/join/already-joined", test_already_joined);
  ADD ("/dispatcher/join/bad-token", test_bad_token);
  ADD ("/dispatcher/join/takeover-closes-stale-link", test_takeover);
  ADD ("/dispatcher/errors/sixteen-close", test_sixteen_errors);
  ADD ("/dispatcher/quit-says-bye", test_quit);
  ADD ("/dispatcher/slow-consumer-leaves", test_slow_consumer);
  ADD ("/dispatcher/close-during-broadcast-settles", test_close_during_broadcast);
  ADD ("/dispatcher/lost-link-leaves", test_lost_link_leaves);
  ADD ("/dispatcher/shutdown-tells-everyone", test_shutdown);

  return g_test_run ();
}
