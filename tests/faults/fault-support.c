/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the fault tests share: a real pupitre-server process and line clients with deadlines. */

#include <signal.h>

#include "fault-support.h"
#include "pupitre-json.h"

char *
fault_write_quiz (const char *dir,
                  guint       n_questions)
{
  g_autoptr(GString) text = g_string_new ("{\"title\":\"Fault drill\",\"questions\":[");
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "quiz.json", NULL);

  for (guint i = 1; i <= n_questions; i++)
    g_string_append_printf (text,
                            "%s{\"text\":\"Question %u?\",\"choices\":[\"Right\",\"Wrong\"],"
                            "\"answer\":1,\"explanation\":\"Because.\"}",
                            i > 1 ? "," : "", i);
  g_string_append (text, "]}\n");

  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  return path;
}

FaultServer *
fault_server_spawn (const char * const *argv,
                    gint64              ready_timeout_us)
{
  FaultServer *self = pupitre_test_server_spawn (NULL, argv);

  pupitre_test_server_wait_ready (self, ready_timeout_us);
  return self;
}

FaultServer *
fault_server_start (const char * const *args)
{
  return fault_server_start_on ("127.0.0.1", args);
}

FaultServer *
fault_server_start_on (const char         *address,
                       const char * const *args)
{
  FaultServer *self;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  const char *server = g_getenv ("PUPITRE_SERVER");

  g_assert_nonnull (server);
  g_strv_builder_add (builder, server);
  if (args != NULL)
    g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  self = pupitre_test_server_spawn_on (NULL, address, (const char * const *) argv);
  pupitre_test_server_wait_ready (self, pupitre_test_scale_us (PUPITRE_TEST_START_US));
  return self;
}

int
fault_server_stop (FaultServer *self,
                   int          signal,
                   gint64       timeout_us)
{
  if (pupitre_test_server_is_running (self))
    pupitre_test_server_send_signal (self, signal);
  if (!pupitre_test_server_wait_exit (self, timeout_us))
    return -1;
  return g_subprocess_get_status (pupitre_test_server_get_process (self));
}

/* @name's entry in a "players" message, or NULL. */
static JsonObject *
find_player (JsonObject *players,
             const char *name)
{
  JsonArray *list = json_object_get_array_member (players, "players");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (entry, "name"), name))
        return entry;
    }
  return NULL;
}

static gboolean
players_show (JsonObject *players,
              const char *name,
              gboolean    connected)
{
  JsonObject *entry = find_player (players, name);

  return entry != NULL && json_object_get_boolean_member (entry, "connected") == connected;
}

void
fault_client_expect_no_player (FaultClient *self,
                               const char  *name,
                               gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      g_autoptr(JsonObject) players = NULL;

      players = fault_client_expect (self, "players", deadline - g_get_monotonic_time ());
      if (find_player (players, name) == NULL)
        return;
    }
}

void
fault_client_expect_player (FaultClient *self,
                            const char  *name,
                            gboolean     connected,
                            gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      g_autoptr(JsonObject) players = NULL;

      players = fault_client_expect (self, "players", deadline - g_get_monotonic_time ());
      if (players_show (players, name, connected))
        return;
    }
}

JsonObject *
fault_client_join (FaultClient *self,
                   const char  *name,
                   const char  *token)
{
  g_autoptr(GString) line = g_string_new ("{\"type\":\"join\",\"name\":");
  JsonObject *joined;

  pupitre_json_append_string (line, name);
  if (token != NULL)
    {
      g_string_append (line, ",\"token\":");
      pupitre_json_append_string (line, token);
    }
  g_string_append_c (line, '}');
  fault_client_send (self, line->str);

  joined = fault_client_expect (self, "joined", FAULT_TIMEOUT_US);
  g_assert_cmpstr (json_object_get_string_member (joined, "name"), ==, name);
  return joined;
}

void
fault_play_round (FaultClient **clients,
                  guint         n_clients,
                  gint64        round)
{
  for (guint i = 0; i < n_clients; i++)
    {
      g_autoptr(JsonObject) question = fault_client_expect (clients[i], "question", FAULT_TIMEOUT_US);

      g_assert_cmpint (json_object_get_int_member (question, "round"), ==, round);
      fault_client_sendf (clients[i], "{\"type\":\"answer\",\"round\":%" G_GINT64_FORMAT ",\"choice\":1}",
                          round);
    }
  for (guint i = 0; i < n_clients; i++)
    {
      g_autoptr(JsonObject) result = fault_client_expect (clients[i], "round_result", FAULT_TIMEOUT_US);

      g_assert_cmpint (json_object_get_int_member (result, "round"), ==, round);
    }
}
