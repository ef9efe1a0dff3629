/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The client session against the real server over loopback TCP: joining,
 * a whole game with the contract's scoring, errors, chat, quitting,
 * getting the seat back after the link is cut by a relay in the test, and
 * secure connections with trust on first use. */

#include "config.h"

#include <string.h>

#include "pupitre-protocol.h"
#include "pupitre-session.h"
#include "test-certificate.h"
#include "test-server.h"

/* A session and what it reported. */

typedef struct
{
  PupitreSession *session;
  GPtrArray *errors;              /* of GError */
  GArray *states;                 /* every state it went through */
  PupitreSessionState state_at_first_error;
  PupitreSessionState state_at_round_finished;
  guint joined;
  guint resumed;
  guint countdowns;
  guint questions;
  guint acks;
  guint rounds_finished;
  guint standings;
  guint games_finished;
  guint shutdowns;
  GPtrArray *chat;                /* "from: text" */
  guint certificates_unknown;     /* ::certificate-unknown, and its last arguments */
  char *unknown_host_and_port;
  char *unknown_fingerprint;
  gboolean unknown_changed;
  gboolean trust_at_once;         /* trust in the handler, during the handshake */
} Player;

static void
error_cb (PupitreSession *session,
          const GError   *error,
          Player         *player)
{
  if (player->errors->len == 0)
    player->state_at_first_error = pupitre_session_get_state (session);
  g_ptr_array_add (player->errors, g_error_copy (error));
}

static void
state_cb (PupitreSession *session,
          GParamSpec     *pspec,
          Player         *player)
{
  PupitreSessionState state = pupitre_session_get_state (session);

  g_array_append_val (player->states, state);
}

static void
joined_cb (PupitreSession *session,
           gboolean        resumed,
           Player         *player)
{
  player->joined++;
  if (resumed)
    player->resumed++;
}

static void
chat_cb (PupitreSession *session,
         const char     *from,
         const char     *text,
         Player         *player)
{
  g_ptr_array_add (player->chat, g_strdup_printf ("%s: %s", from, text));
}

static void
certificate_unknown_cb (PupitreSession *session,
                        const char     *host_and_port,
                        const char     *fingerprint,
                        gboolean        changed,
                        Player         *player)
{
  player->certificates_unknown++;
  g_free (player->unknown_host_and_port);
  player->unknown_host_and_port = g_strdup (host_and_port);
  g_free (player->unknown_fingerprint);
  player->unknown_fingerprint = g_strdup (fingerprint);
  player->unknown_changed = changed;

  if (player->trust_at_once)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (pupitre_session_trust_certificate (session, fingerprint, &error));
      g_assert_no_error (error);
    }
}

static void
round_finished_cb (PupitreSession *session,
                   Player         *player)
{
  /* The next question may follow in the same read: look now. */
  player->state_at_round_finished = pupitre_session_get_state (session);
}

static void
count_cb (PupitreSession *session,
          guint          *counter)
{
  (*counter)++;
}

static Player *
player_new (void)
{
  Player *player = g_new0 (Player, 1);

  player->session = pupitre_session_new ();
  /* A TLS handshake on a loaded machine, under the sanitizers, may take
   * longer than the 10 s a student waits. */
  pupitre_session_set_join_timeout (player->session, pupitre_test_scale_ms (10000));
  player->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  player->states = g_array_new (FALSE, FALSE, sizeof (PupitreSessionState));
  player->chat = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (player->session, "error", G_CALLBACK (error_cb), player);
  g_signal_connect (player->session, "notify::state", G_CALLBACK (state_cb), player);
  g_signal_connect (player->session, "joined", G_CALLBACK (joined_cb), player);
  g_signal_connect (player->session, "chat-received", G_CALLBACK (chat_cb), player);
  g_signal_connect (player->session, "round-finished", G_CALLBACK (round_finished_cb), player);
  g_signal_connect (player->session, "certificate-unknown",
                    G_CALLBACK (certificate_unknown_cb), player);
  g_signal_connect (player->session, "countdown-started",
                    G_CALLBACK (count_cb), &player->countdowns);
  g_signal_connect (player->session, "question-opened",
                    G_CALLBACK (count_cb), &player->questions);
  g_signal_connect (player->session, "answer-acknowledged",
                    G_CALLBACK (count_cb), &player->acks);
  g_signal_connect (player->session, "round-finished",
                    G_CALLBACK (count_cb), &player->rounds_finished);
  g_signal_connect (player->session, "standing-changed",
                    G_CALLBACK (count_cb), &player->standings);
  g_signal_connect (player->session, "game-finished",
                    G_CALLBACK (count_cb), &player->games_finished);
  g_signal_connect (player->session, "server-shutdown",
                    G_CALLBACK (count_cb), &player->shutdowns);

  return player;
}

static void
player_free (Player *player)
{
  g_signal_handlers_disconnect_by_data (player->session, player);
  g_signal_handlers_disconnect_by_func (player->session, count_cb, NULL);
  /* Whatever is pending (a link, a reconnection) must not keep it alive. */
  g_assert_finalize_object (player->session);

  g_ptr_array_unref (player->errors);
  g_array_unref (player->states);
  g_ptr_array_unref (player->chat);
  g_free (player->unknown_host_and_port);
  g_free (player->unknown_fingerprint);
  g_free (player);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Player, player_free)

static void
player_connect (Player     *player,
                guint16     port,
                const char *name)
{
  pupitre_session_connect (player->session, "127.0.0.1", port, name, NULL);
  g_assert_cmpint (pupitre_session_get_state (player->session), ==,
                   PUPITRE_SESSION_STATE_CONNECTING);
}

typedef struct
{
  Player *player;
  PupitreSessionState state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;

  return pupitre_session_get_state (wait->player->session) == wait->state;
}

static gboolean
state_was_seen (gpointer data)
{
  StateWait *wait = data;

  for (guint i = 0; i < wait->player->states->len; i++)
    {
      if (g_array_index (wait->player->states, PupitreSessionState, i) == wait->state)
        return TRUE;
    }

  return FALSE;
}

static void
wait_state (Player              *player,
            PupitreSessionState  state)
{
  StateWait wait = { player, state };

  test_wait_until (state_is, &wait, "a session state");
}

static void
wait_state_seen (Player              *player,
                 PupitreSessionState  state)
{
  StateWait wait = { player, state };

  test_wait_until (state_was_seen, &wait, "a session state to be seen");
}

static gboolean
state_seen (Player              *player,
            PupitreSessionState  state)
{
  StateWait wait = { player, state };

  return state_was_seen (&wait);
}

typedef struct
{
  guint *counter;
  guint at_least;
} CountWait;

static gboolean
count_reached (gpointer data)
{
  CountWait *wait = data;

  return *wait->counter >= wait->at_least;
}

#define wait_count(counter, n) \
  G_STMT_START { \
    CountWait _wait = { &(counter), (n) }; \
    test_wait_until (count_reached, &_wait, #counter " to reach " #n); \
  } G_STMT_END

typedef struct
{
  GListModel *model;
  guint n_items;
} ItemsWait;

static gboolean
items_are (gpointer data)
{
  ItemsWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n_items;
}

static void
wait_items (GListModel *model,
            guint       n_items)
{
  ItemsWait wait = { model, n_items };

  test_wait_until (items_are, &wait, "a list model's length");
}

static PupitreScoreRow *
row_at (GListModel *model,
        guint       position)
{
  PupitreScoreRow *row = g_list_model_get_item (model, position);

  g_assert_nonnull (row);
  /* The model keeps its own reference: the tests only look. */
  g_object_unref (row);

  return row;
}

static void
assert_result (GListModel *results,
               guint       position,
               const char *name,
               int         choice,
               gint64      points,
               gboolean    is_self)
{
  PupitreScoreRow *row = row_at (results, position);

  g_assert_cmpstr (pupitre_score_row_get_name (row), ==, name);
  g_assert_cmpint (pupitre_score_row_get_choice (row), ==, choice);
  g_assert_cmpint (pupitre_score_row_get_points (row), ==, points);
  if (choice < 0)
    g_assert_cmpint (pupitre_score_row_get_time_ms (row), ==, -1);
  else
    g_assert_cmpint (pupitre_score_row_get_time_ms (row), >=, 0);
  g_assert_cmpint (pupitre_score_row_get_is_self (row), ==, is_self);
}

static void
assert_total (GListModel *totals,
              guint       position,
              const char *name,
              gint64      score,
              guint       rank,
              gboolean    is_self)
{
  PupitreScoreRow *row = row_at (totals, position);

  g_assert_cmpstr (pupitre_score_row_get_name (row), ==, name);
  g_assert_cmpint (pupitre_score_row_get_score (row), ==, score);
  g_assert_cmpuint (pupitre_score_row_get_rank (row), ==, rank);
  g_assert_cmpint (pupitre_score_row_get_is_self (row), ==, is_self);
}

static void
quit_and_wait (Player *player)
{
  pupitre_session_quit (player->session);
  wait_state (player, PUPITRE_SESSION_STATE_DISCONNECTED);
}

/* A relay between the session and the server, whose links the test cuts
 * as a network would. */

/* A link pumps bytes each way with reads and writes of its own rather than
 * g_io_stream_splice_async(): a splice cancelled while its streams were
 * closed under it once never called back (under AddressSanitizer on a
 * loaded machine), and the test must know for sure when a cut link has
 * stopped. Here each way ends on its own cancelled read or write. */
typedef struct _RelayLink RelayLink;

typedef struct
{
  RelayLink     *link;
  GInputStream  *from;
  GOutputStream *to;
  GBytes        *bytes;
} RelayPump;

struct _RelayLink
{
  GIOStream *outer;
  GIOStream *inner;
  GCancellable *cancellable;
  RelayPump pumps[2];
  guint running;
  gboolean done;
};

typedef struct
{
  GSocketService *service;
  guint16 port;
  guint16 target_port;
  GPtrArray *links;
  guint accepted;
} Relay;

static void
relay_link_free (RelayLink *link)
{
  g_clear_object (&link->outer);
  g_clear_object (&link->inner);
  g_clear_object (&link->cancellable);
  g_free (link);
}

static void pump_read (RelayPump *pump);

/* One way has stopped: the other is stopped too, and once neither has an
 * operation under way the streams are closed, as a dropped link is. */
static void
pump_stop (RelayPump *pump)
{
  RelayLink *link = pump->link;

  g_clear_pointer (&pump->bytes, g_bytes_unref);
  g_cancellable_cancel (link->cancellable);
  if (--link->running > 0)
    return;
  g_io_stream_close (link->outer, NULL, NULL);
  g_io_stream_close (link->inner, NULL, NULL);
  link->done = TRUE;
}

static void
pump_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RelayPump *pump = user_data;

  g_clear_pointer (&pump->bytes, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    pump_stop (pump);
  else
    pump_read (pump);
}

static void
pump_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RelayPump *pump = user_data;

  pump->bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);
  if (pump->bytes == NULL || g_bytes_get_size (pump->bytes) == 0)
    {
      pump_stop (pump);
      return;
    }
  g_output_stream_write_all_async (pump->to, g_bytes_get_data (pump->bytes, NULL),
                                   g_bytes_get_size (pump->bytes), G_PRIORITY_DEFAULT,
                                   pump->link->cancellable, pump_written_cb, pump);
}

static void
pump_read (RelayPump *pump)
{
  g_input_stream_read_bytes_async (pump->from, 16384, G_PRIORITY_DEFAULT,
                                   pump->link->cancellable, pump_read_cb, pump);
}

static gboolean
relay_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   gpointer           user_data)
{
  Relay *relay = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *inner;
  RelayLink *link;

  relay->accepted++;

  /* Loopback to a listening server: connecting does not block for long. */
  inner = g_socket_client_connect_to_host (client, "127.0.0.1", relay->target_port, NULL, &error);
  if (inner == NULL)
    {
      g_test_message ("Relay: %s", error->message);
      return TRUE;
    }

  link = g_new0 (RelayLink, 1);
  link->outer = G_IO_STREAM (g_object_ref (connection));
  link->inner = G_IO_STREAM (inner);
  link->cancellable = g_cancellable_new ();
  link->pumps[0] = (RelayPump) { link, g_io_stream_get_input_stream (link->outer),
                                 g_io_stream_get_output_stream (link->inner), NULL };
  link->pumps[1] = (RelayPump) { link, g_io_stream_get_input_stream (link->inner),
                                 g_io_stream_get_output_stream (link->outer), NULL };
  link->running = 2;
  g_ptr_array_add (relay->links, link);

  pump_read (&link->pumps[0]);
  pump_read (&link->pumps[1]);

  return TRUE;
}

static Relay *
relay_new (guint16 target_port)
{
  Relay *relay = g_new0 (Relay, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  relay->target_port = target_port;
  relay->links = g_ptr_array_new_with_free_func ((GDestroyNotify) relay_link_free);
  relay->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (relay->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  relay->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (relay->service, "incoming", G_CALLBACK (relay_incoming_cb), relay);
  g_socket_service_start (relay->service);

  return relay;
}

static gboolean
relay_links_done (gpointer data)
{
  Relay *relay = data;

  for (guint i = 0; i < relay->links->len; i++)
    {
      RelayLink *link = g_ptr_array_index (relay->links, i);

      if (!link->done)
        return FALSE;
    }

  return TRUE;
}

/* Cuts every link, both ways, as a dropped network would. */
static void
relay_cut (Relay *relay)
{
  for (guint i = 0; i < relay->links->len; i++)
    {
      RelayLink *link = g_ptr_array_index (relay->links, i);

      g_cancellable_cancel (link->cancellable);
    }

  test_wait_until (relay_links_done, relay, "the relay's links to end");
}

/* New connections are refused from now on. */
static void
relay_stop_listening (Relay *relay)
{
  g_socket_service_stop (relay->service);
  g_socket_listener_close (G_SOCKET_LISTENER (relay->service));
}

static void
relay_free (Relay *relay)
{
  relay_cut (relay);
  relay_stop_listening (relay);
  g_signal_handlers_disconnect_by_data (relay->service, relay);
  g_clear_object (&relay->service);
  g_ptr_array_unref (relay->links);
  g_free (relay);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Relay, relay_free)

/* A peer that plays a fixed script of server lines, to feed the session
 * what no correct server sends. */

typedef struct
{
  GSocketService *service;
  guint16 port;
  GBytes *script;
  GPtrArray *connections;
} FakeServer;

static void
fake_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
}

static gboolean
fake_incoming_cb (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source_object,
                  gpointer           user_data)
{
  FakeServer *fake = user_data;
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  gsize size;
  const void *data = g_bytes_get_data (fake->script, &size);

  g_ptr_array_add (fake->connections, g_object_ref (connection));
  /* Asynchronous: the script may be bigger than the socket's buffers. */
  g_output_stream_write_all_async (output, data, size, G_PRIORITY_DEFAULT, NULL,
                                   fake_written_cb, NULL);

  return TRUE;
}

static FakeServer *
fake_server_new (GBytes *script)
{
  FakeServer *fake = g_new0 (FakeServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  fake->script = g_bytes_ref (script);
  fake->connections = g_ptr_array_new_with_free_func (g_object_unref);
  fake->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (fake->service, "incoming", G_CALLBACK (fake_incoming_cb), fake);
  g_socket_service_start (fake->service);

  return fake;
}

static void
fake_server_free (FakeServer *fake)
{
  g_socket_service_stop (fake->service);
  g_socket_listener_close (G_SOCKET_LISTENER (fake->service));
  g_signal_handlers_disconnect_by_data (fake->service, fake);
  for (guint i = 0; i < fake->connections->len; i++)
    g_io_stream_close (g_ptr_array_index (fake->connections, i), NULL, NULL);
  g_ptr_array_unref (fake->connections);
  g_clear_object (&fake->service);
  g_bytes_unref (fake->script);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_free)

/* Tests */

static void
test_lobby_players (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "3", NULL);
  guint16 port = test_server_get_port (server);
  g_autoptr(Player) ada = player_new ();
  g_autoptr(Player) bob = player_new ();
  GListModel *players = pupitre_session_get_players (ada->session);
  PupitreScoreRow *row;

  player_connect (ada, port, "  Ada ");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);
  g_assert_cmpuint (ada->joined, ==, 1);
  g_assert_cmpuint (ada->resumed, ==, 0);
  /* The server trims the name and the session shows the confirmed one. */
  g_assert_cmpstr (pupitre_session_get_name (ada->session), ==, "Ada");
  g_assert_cmpstr (pupitre_session_get_host (ada->session), ==, "127.0.0.1");
  g_assert_cmpuint (pupitre_session_get_port (ada->session), ==, port);
  g_assert_cmpuint (pupitre_session_get_needed (ada->session), ==, 3);

  wait_items (players, 1);
  row = row_at (players, 0);
  g_assert_cmpstr (pupitre_score_row_get_name (row), ==, "Ada");
  g_assert_true (pupitre_score_row_get_connected (row));
  g_assert_cmpint (pupitre_score_row_get_score (row), ==, 0);
  g_assert_cmpuint (pupitre_score_row_get_rank (row), ==, 1);
  g_assert_true (pupitre_score_row_get_is_self (row));
  g_assert_cmpuint (pupitre_session_get_connected_count (ada->session), ==, 1);
  g_assert_cmpuint (pupitre_session_get_player_count (ada->session), ==, 1);

  player_connect (bob, port, "Bob");
  wait_items (players, 2);
  /* Equal scores: sorted by name, sharing the first rank. */
  row = row_at (players, 0);
  g_assert_cmpstr (pupitre_score_row_get_name (row), ==, "Ada");
  g_assert_true (pupitre_score_row_get_is_self (row));
  row = row_at (players, 1);
  g_assert_cmpstr (pupitre_score_row_get_name (row), ==, "Bob");
  g_assert_false (pupitre_score_row_get_is_self (row));
  g_assert_true (pupitre_score_row_get_connected (row));
  g_assert_cmpuint (pupitre_score_row_get_rank (row), ==, 1);
  g_assert_cmpuint (pupitre_session_get_connected_count (ada->session), ==, 2);
  g_assert_cmpuint (pupitre_session_get_player_count (ada->session), ==, 2);
  g_assert_cmpint (pupitre_session_get_state (ada->session), ==, PUPITRE_SESSION_STATE_LOBBY);

  /* Bob's own view marks Bob. */
  wait_items (pupitre_session_get_players (bob->session), 2);
  row = row_at (pupitre_session_get_players (bob->session), 1);
  g_assert_cmpstr (pupitre_score_row_get_name (row), ==, "Bob");
  g_assert_true (pupitre_score_row_get_is_self (row));

  quit_and_wait (ada);
  quit_and_wait (bob);
  g_assert_cmpuint (ada->errors->len, ==, 0);
  g_assert_cmpuint (bob->errors->len, ==, 0);
}

static void
test_full_game (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "2", "--countdown", "0",
                                                    "--time-limit", "4", "--pause", "0",
                                                    "--once", NULL);
  guint16 port = test_server_get_port (server);
  g_autoptr(Player) ada = player_new ();
  g_autoptr(Player) bob = player_new ();
  GListModel *results = pupitre_session_get_round_results (ada->session);
  GListModel *totals = pupitre_session_get_totals (ada->session);
  PupitreRound *round = pupitre_session_get_current_round (ada->session);
  PupitreStanding *ada_standing = pupitre_session_get_standing (ada->session);
  PupitreStanding *bob_standing = pupitre_session_get_standing (bob->session);
  const char * const round1_choices[] = { "Windows", "MacOS", "Linux", NULL };
  gint64 now;

  player_connect (ada, port, "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);
  player_connect (bob, port, "Bob");

  /* Round 1: Ada right first (2 players: 2 points), Bob wrong (-1). */
  wait_count (ada->questions, 1);
  wait_count (bob->questions, 1);
  g_assert_cmpuint (ada->countdowns, ==, 1);
  g_assert_cmpint (pupitre_session_get_state (ada->session), ==, PUPITRE_SESSION_STATE_QUESTION);
  g_assert_cmpuint (pupitre_round_get_number (round), ==, 1);
  g_assert_cmpuint (pupitre_round_get_rounds (round), ==, 3);
  g_assert_cmpstr (pupitre_round_get_text (pupitre_session_get_current_round (ada->session)), ==,
                   "Which operating system is free software?");
  g_assert_cmpstrv (pupitre_round_get_choices (round), round1_choices);
  g_assert_cmpint (pupitre_round_get_time_limit_ms (round), ==, 4000);
  now = g_get_monotonic_time ();
  g_assert_cmpint (pupitre_round_get_deadline (round), >, now);
  g_assert_cmpint (pupitre_round_get_deadline (round), <=, now + 4 * G_USEC_PER_SEC);
  g_assert_false (pupitre_round_get_answered (round));
  g_assert_cmpint (pupitre_round_get_chosen (round), ==, -1);

  g_assert_false (pupitre_session_send_chat (ada->session, "chat is closed now"));
  g_assert_false (pupitre_session_answer (ada->session, 4));
  g_assert_false (pupitre_round_get_answered (round));
  g_assert_true (pupitre_session_answer (ada->session, 3));
  g_assert_true (pupitre_round_get_answered (round));
  g_assert_cmpint (pupitre_round_get_chosen (round), ==, 3);
  g_assert_false (pupitre_session_answer (ada->session, 2));

  wait_count (ada->acks, 1);
  g_assert_cmpint (pupitre_round_get_chosen (round), ==, 3);
  g_assert_cmpint (pupitre_round_get_answer_time_ms (round), >=, 0);
  g_assert_true (pupitre_session_answer (bob->session, 1));

  wait_count (ada->rounds_finished, 1);
  g_assert_cmpint (ada->state_at_round_finished, ==, PUPITRE_SESSION_STATE_RESULTS);
  g_assert_cmpuint (pupitre_round_get_correct (round), ==, 3);
  g_assert_cmpstr (pupitre_round_get_explanation (round), ==, "Linux is under the GPL.");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  assert_result (results, 0, "Ada", 3, 2, TRUE);
  assert_result (results, 1, "Bob", 1, -1, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (totals), ==, 2);
  assert_total (totals, 0, "Ada", 2, 1, TRUE);
  assert_total (totals, 1, "Bob", -1, 2, FALSE);

  wait_count (ada->standings, 1);
  wait_count (bob->standings, 1);
  g_assert_cmpint (pupitre_standing_get_points (ada_standing), ==, 2);
  g_assert_cmpint (pupitre_standing_get_score (ada_standing), ==, 2);
  g_assert_cmpuint (pupitre_standing_get_rank (ada_standing), ==, 1);
  g_assert_false (pupitre_standing_get_final (ada_standing));
  g_assert_cmpint (pupitre_standing_get_points (bob_standing), ==, -1);
  g_assert_cmpint (pupitre_standing_get_score (bob_standing), ==, -1);
  g_assert_cmpuint (pupitre_standing_get_rank (bob_standing), ==, 2);

  /* Round 2: Ada does not know (0 points), Bob lets the time run out. */
  wait_count (ada->questions, 2);
  wait_count (bob->questions, 2);
  g_assert_cmpuint (pupitre_round_get_number (round), ==, 2);
  g_assert_false (pupitre_round_get_answered (round));
  g_assert_cmpint (pupitre_round_get_chosen (round), ==, -1);
  g_assert_true (pupitre_session_answer (ada->session, 0));
  wait_count (ada->acks, 2);
  g_assert_cmpint (pupitre_round_get_chosen (round), ==, 0);

  wait_count (ada->rounds_finished, 2);
  g_assert_cmpuint (pupitre_round_get_correct (round), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  assert_result (results, 0, "Ada", 0, 0, TRUE);
  assert_result (results, 1, "Bob", -1, 0, FALSE);
  assert_total (totals, 0, "Ada", 2, 1, TRUE);
  assert_total (totals, 1, "Bob", -1, 2, FALSE);

  /* Round 3: Bob right first (2), then Ada right (1). */
  wait_count (ada->questions, 3);
  wait_count (bob->questions, 3);
  g_assert_true (pupitre_session_answer (bob->session, 2));
  wait_count (bob->acks, 2);
  g_assert_true (pupitre_session_answer (ada->session, 2));

  wait_count (ada->rounds_finished, 3);
  assert_result (results, 0, "Bob", 2, 2, FALSE);
  assert_result (results, 1, "Ada", 2, 1, TRUE);
  assert_total (totals, 0, "Ada", 3, 1, TRUE);
  assert_total (totals, 1, "Bob", 1, 2, FALSE);

  /* The end: game_over's totals, then each player's final standing. */
  wait_count (ada->games_finished, 1);
  wait_count (bob->games_finished, 1);
  g_assert_true (state_seen (ada, PUPITRE_SESSION_STATE_OVER));
  g_assert_cmpuint (g_list_model_get_n_items (totals), ==, 2);
  assert_total (totals, 0, "Ada", 3, 1, TRUE);
  assert_total (totals, 1, "Bob", 1, 2, FALSE);
  wait_count (ada->standings, 4);
  wait_count (bob->standings, 4);
  g_assert_true (pupitre_standing_get_final (ada_standing));
  g_assert_cmpint (pupitre_standing_get_score (ada_standing), ==, 3);
  g_assert_cmpuint (pupitre_standing_get_rank (ada_standing), ==, 1);
  g_assert_true (pupitre_standing_get_final (bob_standing));
  g_assert_cmpint (pupitre_standing_get_score (bob_standing), ==, 1);
  g_assert_cmpuint (pupitre_standing_get_rank (bob_standing), ==, 2);

  /* A server run with --once goes away now; a session does not come back
   * to a game that is over. */
  g_assert_cmpint (test_server_wait_exit (server), ==, 0);
  wait_state (ada, PUPITRE_SESSION_STATE_DISCONNECTED);
  wait_state (bob, PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_false (state_seen (ada, PUPITRE_SESSION_STATE_RECONNECTING));
  g_assert_cmpuint (ada->errors->len, ==, 0);
  g_assert_cmpuint (bob->errors->len, ==, 0);
}

static void
test_name_taken (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "3", NULL);
  guint16 port = test_server_get_port (server);
  g_autoptr(Player) ada = player_new ();
  g_autoptr(Player) other = player_new ();
  const GError *error;

  player_connect (ada, port, "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);

  /* Names are compared case-insensitively. */
  player_connect (other, port, "ADA");
  wait_state (other, PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_cmpuint (other->errors->len, ==, 1);
  error = g_ptr_array_index (other->errors, 0);
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_TAKEN);
  /* Reported before the session ends, so a client can say why. */
  g_assert_cmpint (other->state_at_first_error, !=, PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_cmpuint (other->joined, ==, 0);
  g_assert_false (state_seen (other, PUPITRE_SESSION_STATE_RECONNECTING));

  g_assert_cmpint (pupitre_session_get_state (ada->session), ==, PUPITRE_SESSION_STATE_LOBBY);
  quit_and_wait (ada);
}

static void
test_connection_refused (void)
{
  g_autoptr(Player) player = player_new ();
  const GError *error;

  player_connect (player, test_pick_free_port (), "Ada");
  wait_state (player, PUPITRE_SESSION_STATE_DISCONNECTED);

  g_assert_cmpuint (player->errors->len, ==, 1);
  error = g_ptr_array_index (player->errors, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  /* The first connection is not retried: there is no seat to get back. */
  g_assert_false (state_seen (player, PUPITRE_SESSION_STATE_RECONNECTING));
}

static void
test_chat (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "3", NULL);
  guint16 port = test_server_get_port (server);
  g_autoptr(Player) ada = player_new ();
  g_autoptr(Player) bob = player_new ();
  g_autofree char *too_long = g_strnfill (PUPITRE_MAX_CHAT_CHARS + 1, 'a');
  PupitreChatLine *line;

  player_connect (ada, port, "Ada");
  player_connect (bob, port, "Bob");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);
  wait_state (bob, PUPITRE_SESSION_STATE_LOBBY);

  g_assert_false (pupitre_session_send_chat (ada->session, ""));
  g_assert_false (pupitre_session_send_chat (ada->session, too_long));
  g_assert_true (pupitre_session_send_chat (ada->session, "Bonjour à tous"));

  wait_count (bob->chat->len, 1);
  g_assert_cmpstr (g_ptr_array_index (bob->chat, 0), ==, "Ada: Bonjour à tous");
  line = g_list_model_get_item (pupitre_session_get_chat (bob->session), 0);
  g_assert_cmpstr (pupitre_chat_line_get_from (line), ==, "Ada");
  g_assert_cmpstr (pupitre_chat_line_get_text (line), ==, "Bonjour à tous");
  g_assert_false (pupitre_chat_line_get_is_self (line));
  g_object_unref (line);

  /* The writer gets its own line back, marked as its own. */
  wait_items (pupitre_session_get_chat (ada->session), 1);
  line = g_list_model_get_item (pupitre_session_get_chat (ada->session), 0);
  g_assert_true (pupitre_chat_line_get_is_self (line));
  g_object_unref (line);

  quit_and_wait (ada);
  quit_and_wait (bob);
}

static gboolean
bob_gone_or_away (gpointer data)
{
  GListModel *players = data;
  guint n = g_list_model_get_n_items (players);

  for (guint i = 0; i < n; i++)
    {
      PupitreScoreRow *row = row_at (players, i);

      if (g_str_equal (pupitre_score_row_get_name (row), "Bob"))
        return !pupitre_score_row_get_connected (row);
    }

  return TRUE;
}

static void
test_quit_waits_for_bye (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "3", NULL);
  guint16 port = test_server_get_port (server);
  g_autoptr(Player) ada = player_new ();
  g_autoptr(Player) bob = player_new ();
  gint64 start;

  player_connect (ada, port, "Ada");
  player_connect (bob, port, "Bob");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);
  wait_state (bob, PUPITRE_SESSION_STATE_LOBBY);
  wait_items (pupitre_session_get_players (ada->session), 2);

  start = g_get_monotonic_time ();
  pupitre_session_quit (bob->session);
  /* Still there until the server's bye. */
  g_assert_cmpint (pupitre_session_get_state (bob->session), ==, PUPITRE_SESSION_STATE_LOBBY);
  wait_state (bob, PUPITRE_SESSION_STATE_DISCONNECTED);
  /* Ended by the bye, not by the 2 s fallback. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (bob->errors->len, ==, 0);
  g_assert_false (state_seen (bob, PUPITRE_SESSION_STATE_RECONNECTING));

  /* The server took the quit: the others see Bob leave. */
  test_wait_until (bob_gone_or_away, pupitre_session_get_players (ada->session),
                   "Bob to leave Ada's list");

  quit_and_wait (ada);
}

static void
test_reconnect_resumes_question (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "2", "--countdown", "0",
                                                    "--time-limit", "30", "--pause", "0",
                                                    NULL);
  g_autoptr(Relay) relay = relay_new (test_server_get_port (server));
  g_autoptr(Player) ada = player_new ();
  g_autoptr(Player) bob = player_new ();
  PupitreRound *round = pupitre_session_get_current_round (ada->session);
  gint64 deadline;

  /* Ada goes through the relay, Bob straight to the server. */
  player_connect (ada, relay->port, "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);
  player_connect (bob, test_server_get_port (server), "Bob");
  wait_count (ada->questions, 1);
  wait_count (bob->questions, 1);
  deadline = pupitre_round_get_deadline (round);

  relay_cut (relay);
  wait_state_seen (ada, PUPITRE_SESSION_STATE_RECONNECTING);
  g_assert_cmpuint (ada->errors->len, ==, 0);

  /* Back with the token: the same seat, and the open question again with
   * what is left of its time. */
  wait_count (ada->resumed, 1);
  wait_count (ada->questions, 2);
  g_assert_cmpuint (relay->accepted, ==, 2);
  g_assert_cmpint (pupitre_session_get_state (ada->session), ==, PUPITRE_SESSION_STATE_QUESTION);
  g_assert_cmpstr (pupitre_session_get_name (ada->session), ==, "Ada");
  g_assert_cmpuint (pupitre_round_get_number (round), ==, 1);
  g_assert_false (pupitre_round_get_answered (round));
  g_assert_cmpint (pupitre_round_get_deadline (round), <=,
                   deadline + 500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (pupitre_round_get_deadline (round), >, g_get_monotonic_time ());

  g_assert_true (pupitre_session_answer (ada->session, 3));
  wait_count (ada->acks, 1);
  g_assert_true (pupitre_session_answer (bob->session, 3));
  wait_count (ada->rounds_finished, 1);
  assert_result (pupitre_session_get_round_results (ada->session), 0, "Ada", 3, 2, TRUE);
  assert_result (pupitre_session_get_round_results (ada->session), 1, "Bob", 3, 1, FALSE);

  /* Still two seats, both connected. */
  g_assert_cmpuint (g_list_model_get_n_items (pupitre_session_get_totals (ada->session)), ==, 2);
  g_assert_cmpuint (pupitre_session_get_player_count (bob->session), ==, 2);
  g_assert_cmpuint (ada->errors->len, ==, 0);

  quit_and_wait (ada);
  quit_and_wait (bob);
}

static void
test_reconnect_gives_up (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "3", NULL);
  g_autoptr(Relay) relay = relay_new (test_server_get_port (server));
  g_autoptr(Player) ada = player_new ();
  const GError *error;

  pupitre_session_set_reconnect_timeout (ada->session, 1500);
  player_connect (ada, relay->port, "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);

  relay_stop_listening (relay);
  relay_cut (relay);

  wait_state_seen (ada, PUPITRE_SESSION_STATE_RECONNECTING);
  wait_state (ada, PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_cmpuint (ada->errors->len, ==, 1);
  error = g_ptr_array_index (ada->errors, 0);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_cmpint (ada->state_at_first_error, ==, PUPITRE_SESSION_STATE_RECONNECTING);
  g_assert_cmpuint (ada->resumed, ==, 0);
}

static void
test_reconnect_bad_token (void)
{
  g_autoptr(TestServer) first = test_server_start ("--players", "3", NULL);
  g_autoptr(TestServer) second = test_server_start ("--players", "3", NULL);
  g_autoptr(Relay) relay = relay_new (test_server_get_port (first));
  g_autoptr(Player) ada = player_new ();
  const GError *error;

  player_connect (ada, relay->port, "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);

  /* The session comes back to a server that never saw its token, as
   * after a restart of the server. */
  relay->target_port = test_server_get_port (second);
  relay_cut (relay);

  wait_state_seen (ada, PUPITRE_SESSION_STATE_RECONNECTING);
  wait_state (ada, PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_cmpuint (ada->errors->len, ==, 1);
  error = g_ptr_array_index (ada->errors, 0);
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_TOKEN);
  g_assert_cmpuint (relay->accepted, ==, 2);
}

/* Lines no correct server sends: reported through ::error, never a crash. */

typedef struct
{
  const char *script;
  gsize padding;           /* bytes of 'x' without a newline after the script */
  PupitreSessionState ends_in;
  gboolean fails;
} ProtocolCase;

static const ProtocolCase truncated_json = {
  "{\"type\":\"welcome\",\"protocol\":1}\n"
  "{\"type\":\"joined\",\"name\":\n",
  0, PUPITRE_SESSION_STATE_DISCONNECTED, TRUE,
};

static const ProtocolCase bad_field = {
  "{\"type\":\"welcome\",\"protocol\":1}\n"
  "{\"type\":\"joined\",\"name\":\"Ada\",\"token\":\"t\",\"game\":\"g\",\"state\":\"lobby\",\"needed\":2}\n"
  "{\"type\":\"question\",\"round\":1,\"rounds\":3,\"text\":\"?\",\"choices\":\"Linux\",\"time_limit_ms\":1000}\n",
  0, PUPITRE_SESSION_STATE_DISCONNECTED, TRUE,
};

static const ProtocolCase bad_state = {
  "{\"type\":\"welcome\",\"protocol\":1}\n"
  "{\"type\":\"joined\",\"name\":\"Ada\",\"token\":\"t\",\"game\":\"g\",\"state\":\"party\",\"needed\":2}\n",
  0, PUPITRE_SESSION_STATE_DISCONNECTED, TRUE,
};

static const ProtocolCase deep_nesting = {
  "{\"type\":\"welcome\",\"protocol\":1,\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}\n",
  0, PUPITRE_SESSION_STATE_DISCONNECTED, TRUE,
};

static const ProtocolCase line_too_long = {
  "{\"type\":\"welcome\",\"protocol\":1}\n",
  1024 * 1024 + 1, PUPITRE_SESSION_STATE_DISCONNECTED, TRUE,
};

static const ProtocolCase unknown_type_ignored = {
  "{\"type\":\"welcome\",\"protocol\":1}\n"
  "{\"type\":\"fireworks\",\"colour\":\"green\"}\n"
  "{\"type\":\"joined\",\"name\":\"Ada\",\"token\":\"t\",\"game\":\"g\",\"state\":\"lobby\",\"needed\":2,\"new\":[1]}\n",
  0, PUPITRE_SESSION_STATE_LOBBY, FALSE,
};

static void
test_protocol (gconstpointer data)
{
  const ProtocolCase *test_case = data;
  g_autoptr(GString) script = g_string_new (test_case->script);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FakeServer) fake = NULL;
  g_autoptr(Player) player = player_new ();

  for (gsize i = 0; i < test_case->padding; i++)
    g_string_append_c (script, 'x');
  bytes = g_bytes_new (script->str, script->len);
  fake = fake_server_new (bytes);

  player_connect (player, fake->port, "Ada");
  wait_state (player, test_case->ends_in);

  if (test_case->fails)
    {
      const GError *error;

      g_assert_cmpuint (player->errors->len, ==, 1);
      error = g_ptr_array_index (player->errors, 0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      /* A broken server is not retried. */
      g_assert_false (state_seen (player, PUPITRE_SESSION_STATE_RECONNECTING));
    }
  else
    {
      g_assert_cmpuint (player->errors->len, ==, 0);
      g_assert_cmpstr (pupitre_session_get_name (player->session), ==, "Ada");
    }
}

/* Secure connections: a self-signed certificate, trusted on first use. */

static TestServer *
start_tls_server (TestCertificate *certificate,
                  const char      *players)
{
  return test_server_start ("--tls-certificate", certificate->certificate,
                            "--tls-key", certificate->key,
                            "--players", players, "--countdown", "0",
                            "--time-limit", "30", "--pause", "0", NULL);
}

static void
player_connect_secure (Player     *player,
                       guint16     port,
                       const char *name)
{
  pupitre_session_set_secure (player->session, TRUE);
  player_connect (player, port, name);
}

/* What the user's list of trusted certificates says about 127.0.0.1:@port:
 * @expected, or nothing when it is NULL. */
static void
assert_stored (guint16     port,
               const char *expected)
{
  g_autoptr(PupitreKnownServers) known = pupitre_known_servers_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *host_and_port = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *fingerprint = NULL;

  fingerprint = pupitre_known_servers_lookup (known, host_and_port, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fingerprint, ==, expected);
}

static void
assert_error_at (Player     *player,
                 guint       index,
                 GQuark      domain,
                 int         code)
{
  g_assert_cmpuint (player->errors->len, >, index);
  g_assert_error ((const GError *) g_ptr_array_index (player->errors, index), domain, code);
}

static void
test_tls_first_use (void)
{
  g_autoptr(TestCertificate) certificate = test_certificate_new ();
  g_autoptr(TestServer) server = NULL;
  g_autoptr(Player) ada = NULL;
  g_autoptr(Player) bea = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host_and_port = NULL;
  const GError *failure;
  guint16 port;

  if (certificate == NULL)
    return;
  /* A port of an earlier test may come again. */
  test_forget_trusted_certificates ();

  server = start_tls_server (certificate, "2");
  port = test_server_get_port (server);
  host_and_port = g_strdup_printf ("127.0.0.1:%u", port);
  ada = player_new ();
  g_assert_false (pupitre_session_get_secure (ada->session));

  /* Never seen: reported with openssl's fingerprint, then refused. */
  player_connect_secure (ada, port, "Ada");
  g_assert_true (pupitre_session_get_secure (ada->session));
  wait_state (ada, PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_cmpuint (ada->certificates_unknown, ==, 1);
  g_assert_cmpstr (ada->unknown_host_and_port, ==, host_and_port);
  g_assert_cmpstr (ada->unknown_fingerprint, ==, certificate->fingerprint);
  g_assert_false (ada->unknown_changed);
  g_assert_cmpuint (ada->errors->len, ==, 1);
  assert_error_at (ada, 0, PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_UNKNOWN);
  failure = g_ptr_array_index (ada->errors, 0);
  g_assert_nonnull (strstr (failure->message, certificate->fingerprint));
  g_assert_cmpint (ada->state_at_first_error, ==, PUPITRE_SESSION_STATE_CONNECTING);
  g_assert_cmpuint (ada->joined, ==, 0);
  g_assert_false (state_seen (ada, PUPITRE_SESSION_STATE_RECONNECTING));
  assert_stored (port, NULL);

  /* What is trusted must be a fingerprint. */
  g_assert_false (pupitre_session_trust_certificate (ada->session, "not a fingerprint", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The user accepted: remembered, and the next connect joins. */
  g_assert_true (pupitre_session_trust_certificate (ada->session, ada->unknown_fingerprint,
                                                    &error));
  g_assert_no_error (error);
  assert_stored (port, certificate->fingerprint);

  player_connect (ada, port, "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);
  g_assert_cmpuint (ada->joined, ==, 1);

  /* Another run of a client: the stored trust is enough, nothing asked. */
  bea = player_new ();
  player_connect_secure (bea, port, "Bea");
  wait_count (bea->joined, 1);
  g_assert_cmpuint (bea->certificates_unknown, ==, 0);

  /* And the game is played inside TLS. */
  wait_count (ada->questions, 1);
  wait_count (bea->questions, 1);
  g_assert_cmpstr (pupitre_round_get_text (pupitre_session_get_current_round (ada->session)), ==,
                   "Which operating system is free software?");
  g_assert_true (pupitre_session_answer (ada->session, 3));
  wait_count (ada->acks, 1);
  g_assert_true (pupitre_session_answer (bea->session, 1));
  wait_count (bea->acks, 1);
  wait_count (ada->rounds_finished, 1);
  assert_result (pupitre_session_get_round_results (ada->session), 0, "Ada", 3, 2, TRUE);

  quit_and_wait (ada);
  quit_and_wait (bea);
  g_assert_cmpuint (ada->errors->len, ==, 1);
  g_assert_cmpuint (ada->certificates_unknown, ==, 1);
  g_assert_cmpuint (bea->errors->len, ==, 0);
}

static void
test_tls_trust_in_handler (void)
{
  g_autoptr(TestCertificate) certificate = test_certificate_new ();
  g_autoptr(TestServer) server = NULL;
  g_autoptr(Player) ada = NULL;
  guint16 port;

  if (certificate == NULL)
    return;
  /* A port of an earlier test may come again. */
  test_forget_trusted_certificates ();

  server = start_tls_server (certificate, "3");
  port = test_server_get_port (server);
  ada = player_new ();
  ada->trust_at_once = TRUE;

  /* Answered during the handshake: one connection, no error. */
  player_connect_secure (ada, port, "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);
  g_assert_cmpuint (ada->certificates_unknown, ==, 1);
  g_assert_cmpstr (ada->unknown_fingerprint, ==, certificate->fingerprint);
  g_assert_cmpuint (ada->errors->len, ==, 0);
  assert_stored (port, certificate->fingerprint);

  quit_and_wait (ada);
}

static void
test_tls_changed_certificate (void)
{
  g_autoptr(TestCertificate) first = test_certificate_new ();
  g_autoptr(TestCertificate) second = NULL;
  g_autoptr(TestServer) server = NULL;
  g_autoptr(Relay) relay = NULL;
  g_autoptr(Player) ada = NULL;
  g_autoptr(Player) bea = NULL;
  g_autoptr(GError) error = NULL;
  const GError *failure;

  if (first == NULL)
    return;
  /* A port of an earlier test may come again. */
  test_forget_trusted_certificates ();

  second = test_certificate_new ();
  g_assert_cmpstr (first->fingerprint, !=, second->fingerprint);

  /* The relay's port is the server's address as the clients know it. */
  server = start_tls_server (first, "3");
  relay = relay_new (test_server_get_port (server));
  ada = player_new ();
  ada->trust_at_once = TRUE;
  player_connect_secure (ada, relay->port, "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);
  quit_and_wait (ada);
  assert_stored (relay->port, first->fingerprint);

  /* The server restarts with another certificate. */
  g_clear_pointer (&server, test_server_free);
  server = start_tls_server (second, "3");
  relay->target_port = test_server_get_port (server);

  bea = player_new ();
  player_connect_secure (bea, relay->port, "Bea");
  wait_state (bea, PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_cmpuint (bea->certificates_unknown, ==, 1);
  g_assert_true (bea->unknown_changed);
  g_assert_cmpstr (bea->unknown_fingerprint, ==, second->fingerprint);
  assert_error_at (bea, 0, PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_CHANGED);
  failure = g_ptr_array_index (bea->errors, 0);
  g_assert_nonnull (strstr (failure->message, second->fingerprint));
  g_assert_cmpuint (bea->joined, ==, 0);
  assert_stored (relay->port, first->fingerprint);

  /* Refused again until the user accepts it. */
  player_connect (bea, relay->port, "Bea");
  wait_count (bea->certificates_unknown, 2);
  wait_state (bea, PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_cmpuint (bea->errors->len, ==, 2);
  assert_error_at (bea, 1, PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_CHANGED);
  g_assert_cmpuint (bea->joined, ==, 0);

  g_assert_true (pupitre_session_trust_certificate (bea->session, bea->unknown_fingerprint,
                                                    &error));
  g_assert_no_error (error);
  player_connect (bea, relay->port, "Bea");
  wait_state (bea, PUPITRE_SESSION_STATE_LOBBY);
  g_assert_cmpuint (bea->certificates_unknown, ==, 2);
  g_assert_cmpuint (bea->errors->len, ==, 2);
  assert_stored (relay->port, second->fingerprint);

  quit_and_wait (bea);
}

static void
test_tls_reconnect_keeps_trust (void)
{
  g_autoptr(TestCertificate) certificate = test_certificate_new ();
  g_autoptr(PupitreKnownServers) known = NULL;
  g_autoptr(TestServer) server = NULL;
  g_autoptr(Relay) relay = NULL;
  g_autoptr(Player) ada = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host_and_port = NULL;

  if (certificate == NULL)
    return;
  /* A port of an earlier test may come again. */
  test_forget_trusted_certificates ();

  server = start_tls_server (certificate, "3");
  relay = relay_new (test_server_get_port (server));
  host_and_port = g_strdup_printf ("127.0.0.1:%u", relay->port);
  known = pupitre_known_servers_new (NULL);
  g_assert_true (pupitre_known_servers_remember (known, host_and_port, certificate->fingerprint,
                                                 &error));
  g_assert_no_error (error);

  ada = player_new ();
  player_connect_secure (ada, relay->port, "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_LOBBY);
  g_assert_cmpuint (ada->certificates_unknown, ==, 0);

  /* The setting changes for the next connect, not for the reconnection:
   * a plain link to this server would never be greeted. */
  pupitre_session_set_secure (ada->session, FALSE);
  relay_cut (relay);
  wait_state_seen (ada, PUPITRE_SESSION_STATE_RECONNECTING);
  wait_count (ada->resumed, 1);
  g_assert_cmpuint (relay->accepted, ==, 2);
  g_assert_cmpuint (ada->certificates_unknown, ==, 0);
  g_assert_cmpuint (ada->errors->len, ==, 0);
  g_assert_cmpint (pupitre_session_get_state (ada->session), ==, PUPITRE_SESSION_STATE_LOBBY);

  quit_and_wait (ada);
}

static void
test_tls_plain_client (void)
{
  g_autoptr(TestCertificate) certificate = test_certificate_new ();
  g_autoptr(TestServer) server = NULL;
  g_autoptr(Player) ada = NULL;

  if (certificate == NULL)
    return;
  /* A port of an earlier test may come again. */
  test_forget_trusted_certificates ();

  /* The server waits for a handshake and the client for a welcome: the
   * join timeout ends it, with a hint instead of a plain timeout. */
  server = start_tls_server (certificate, "3");
  ada = player_new ();
  player_connect (ada, test_server_get_port (server), "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_cmpuint (ada->errors->len, ==, 1);
  assert_error_at (ada, 0, PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_SILENT_SERVER);
  g_assert_cmpuint (ada->joined, ==, 0);
  g_assert_cmpuint (ada->certificates_unknown, ==, 0);
}

static void
test_tls_plain_server (void)
{
  g_autoptr(TestServer) server = test_server_start ("--players", "3", NULL);
  g_autoptr(Player) ada = player_new ();

  player_connect_secure (ada, test_server_get_port (server), "Ada");
  wait_state (ada, PUPITRE_SESSION_STATE_DISCONNECTED);
  g_assert_cmpuint (ada->errors->len, ==, 1);
  assert_error_at (ada, 0, PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_HANDSHAKE_FAILED);
  g_assert_cmpuint (ada->joined, ==, 0);
  g_assert_false (state_seen (ada, PUPITRE_SESSION_STATE_RECONNECTING));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = test_private_config_new ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/join/lobby-players", test_lobby_players);
  g_test_add_func ("/session/game/three-rounds-classic-scoring", test_full_game);
  g_test_add_func ("/session/error/name-taken", test_name_taken);
  g_test_add_func ("/session/error/connection-refused-no-retry", test_connection_refused);
  g_test_add_func ("/session/chat/relayed-to-others", test_chat);
  g_test_add_func ("/session/quit/waits-for-bye", test_quit_waits_for_bye);
  g_test_add_func ("/session/reconnect/resumes-open-question", test_reconnect_resumes_question);
  g_test_add_func ("/session/reconnect/gives-up-after-timeout", test_reconnect_gives_up);
  g_test_add_func ("/session/reconnect/bad-token-ends", test_reconnect_bad_token);
  g_test_add_func ("/session/tls/first-use-asks-then-remembers", test_tls_first_use);
  g_test_add_func ("/session/tls/trusted-during-handshake", test_tls_trust_in_handler);
  g_test_add_func ("/session/tls/changed-certificate-refused-until-accepted",
                   test_tls_changed_certificate);
  g_test_add_func ("/session/tls/reconnection-keeps-tls-and-trust",
                   test_tls_reconnect_keeps_trust);
  g_test_add_func ("/session/tls/plain-client-to-tls-server-fails", test_tls_plain_client);
  g_test_add_func ("/session/tls/secure-client-to-plain-server-fails", test_tls_plain_server);
  g_test_add_data_func ("/session/protocol/truncated-json", &truncated_json, test_protocol);
  g_test_add_data_func ("/session/protocol/bad-field", &bad_field, test_protocol);
  g_test_add_data_func ("/session/protocol/unknown-state", &bad_state, test_protocol);
  g_test_add_data_func ("/session/protocol/deep-nesting", &deep_nesting, test_protocol);
  g_test_add_data_func ("/session/protocol/line-too-long", &line_too_long, test_protocol);
  g_test_add_data_func ("/session/protocol/unknown-type-ignored", &unknown_type_ignored,
                        test_protocol);

  status = g_test_run ();
  test_private_config_remove (config);

  return status;
}
