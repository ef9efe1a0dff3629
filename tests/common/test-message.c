/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of client message decoding, name rules and every encoder. */

#include <string.h>

#include "pupitre-error.h"
#include "pupitre-json.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"

static const char *
client_type_name (PupitreClientMessageType type)
{
  switch (type)
    {
    case PUPITRE_CLIENT_JOIN: return "join";
    case PUPITRE_CLIENT_ANSWER: return "answer";
    case PUPITRE_CLIENT_CHAT: return "chat";
    case PUPITRE_CLIENT_PING: return "ping";
    case PUPITRE_CLIENT_QUIT: return "quit";
    case PUPITRE_CLIENT_START: return "start";
    case PUPITRE_CLIENT_SKIP: return "skip";
    case PUPITRE_CLIENT_QUIZ_PART: return "quiz_part";
    case PUPITRE_CLIENT_CREATE_GAME: return "create_game";
    case PUPITRE_CLIENT_RESUME_HOST: return "resume_host";
    case PUPITRE_CLIENT_NEXT: return "next";
    case PUPITRE_CLIENT_CLOSE: return "close";
    case PUPITRE_CLIENT_PAUSE: return "pause";
    case PUPITRE_CLIENT_RESUME: return "resume";
    case PUPITRE_CLIENT_ADD_TIME: return "add_time";
    case PUPITRE_CLIENT_KICK: return "kick";
    case PUPITRE_CLIENT_LOCK: return "lock";
    case PUPITRE_CLIENT_UNLOCK: return "unlock";
    case PUPITRE_CLIENT_END: return "end";
    case PUPITRE_CLIENT_PLAY_AGAIN: return "play_again";
    case PUPITRE_CLIENT_GET_RESULTS: return "get_results";
    case PUPITRE_CLIENT_CLOSE_GAME: return "close_game";
    default: g_assert_not_reached ();
    }
}

static PupitreClientMessage *
decode_ok (const char *line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref_type = NULL;
  PupitreClientMessage *message;

  message = pupitre_client_message_decode (line, strlen (line), &ref_type, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  /* Set on success too: the game's own errors refer to the message. */
  g_assert_cmpstr (ref_type, ==, client_type_name (message->type));

  return message;
}

/* Expects @line to be refused with @code, and *ref_type to be @ref. */
static void
assert_decode_error (const char       *line,
                     int               code,
                     const char       *ref)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref_type = NULL;
  g_autoptr(PupitreClientMessage) message = NULL;

  message = pupitre_client_message_decode (line, strlen (line), &ref_type, &error);
  if (message != NULL)
    g_error ("accepted: %s", line);
  g_assert_error (error, PUPITRE_ERROR, code);
  g_assert_cmpstr (ref_type, ==, ref);
}

static void
test_decode_join_minimal (void)
{
  g_autoptr(PupitreClientMessage) message = decode_ok ("{\"type\":\"join\",\"name\":\"Ubuntu1\"}");

  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_JOIN);
  g_assert_cmpstr (message->name, ==, "Ubuntu1");
  g_assert_null (message->game);
  g_assert_null (message->token);
  g_assert_null (message->host_key);
  g_assert_cmpint (message->protocol, ==, 0);
}

static void
test_decode_join_full (void)
{
  g_autoptr(PupitreClientMessage) message = NULL;

  message = decode_ok ("{\"type\":\"join\",\"name\":\"  Zoé \",\"game\":\"ABCD\","
                       "\"token\":\"t0k\",\"protocol\":1,\"host_key\":\"secret\","
                       "\"future\":{\"x\":[1]}}");
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_JOIN);
  /* Names are kept as sent: normalising is pupitre_name_normalize()'s job. */
  g_assert_cmpstr (message->name, ==, "  Zoé ");
  g_assert_cmpstr (message->game, ==, "ABCD");
  g_assert_cmpstr (message->token, ==, "t0k");
  g_assert_cmpstr (message->host_key, ==, "secret");
  g_assert_cmpint (message->protocol, ==, 1);
}

static void
test_decode_join_null_optionals (void)
{
  g_autoptr(PupitreClientMessage) message = NULL;

  message = decode_ok ("{\"type\":\"join\",\"name\":\"a\",\"game\":null,\"token\":null,"
                       "\"protocol\":null,\"host_key\":null}");
  g_assert_null (message->game);
  g_assert_null (message->token);
  g_assert_null (message->host_key);
  g_assert_cmpint (message->protocol, ==, 0);
}

static void
test_decode_join_errors (void)
{
  assert_decode_error ("{\"type\":\"join\"}", PUPITRE_ERROR_BAD_FIELD, "join");
  assert_decode_error ("{\"type\":\"join\",\"name\":null}", PUPITRE_ERROR_BAD_FIELD, "join");
  assert_decode_error ("{\"type\":\"join\",\"name\":5}", PUPITRE_ERROR_BAD_FIELD, "join");
  assert_decode_error ("{\"type\":\"join\",\"name\":[\"a\"]}", PUPITRE_ERROR_BAD_FIELD, "join");
  assert_decode_error ("{\"type\":\"join\",\"name\":\"a\",\"game\":1}", PUPITRE_ERROR_BAD_FIELD, "join");
  assert_decode_error ("{\"type\":\"join\",\"name\":\"a\",\"token\":true}", PUPITRE_ERROR_BAD_FIELD, "join");
  assert_decode_error ("{\"type\":\"join\",\"name\":\"a\",\"host_key\":{}}", PUPITRE_ERROR_BAD_FIELD, "join");
  assert_decode_error ("{\"type\":\"join\",\"name\":\"a\",\"protocol\":\"1\"}", PUPITRE_ERROR_BAD_FIELD, "join");
  assert_decode_error ("{\"type\":\"join\",\"name\":\"a\",\"protocol\":1.0}", PUPITRE_ERROR_BAD_FIELD, "join");
}

static void
test_decode_join_protocol_version (void)
{
  assert_decode_error ("{\"type\":\"join\",\"name\":\"a\",\"protocol\":2}",
                       PUPITRE_ERROR_PROTOCOL_VERSION, "join");
  assert_decode_error ("{\"type\":\"join\",\"name\":\"a\",\"protocol\":0}",
                       PUPITRE_ERROR_PROTOCOL_VERSION, "join");
  assert_decode_error ("{\"type\":\"join\",\"name\":\"a\",\"protocol\":-1}",
                       PUPITRE_ERROR_PROTOCOL_VERSION, "join");
  /* The version is checked before anything else in the message. */
  assert_decode_error ("{\"type\":\"join\",\"protocol\":2}",
                       PUPITRE_ERROR_PROTOCOL_VERSION, "join");
}

static void
test_decode_answer (void)
{
  g_autoptr(PupitreClientMessage) message = NULL;
  g_autoptr(PupitreClientMessage) dont_know = NULL;

  message = decode_ok ("{\"type\":\"answer\",\"round\":3,\"choice\":2}");
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_ANSWER);
  g_assert_cmpint (message->round, ==, 3);
  g_assert_cmpint (message->choice, ==, 2);

  dont_know = decode_ok ("{\"choice\":0,\"round\":1,\"type\":\"answer\"}");
  g_assert_cmpint (dont_know->choice, ==, 0);
  g_clear_pointer (&message, pupitre_client_message_free);

  /* The range against the question is the game's to check (bad-choice). */
  message = decode_ok ("{\"type\":\"answer\",\"round\":1,\"choice\":2147483647}");
  g_assert_cmpint (message->choice, ==, G_MAXINT);
  g_clear_pointer (&message, pupitre_client_message_free);
  message = decode_ok ("{\"type\":\"answer\",\"round\":1,\"choice\":-1}");
  g_assert_cmpint (message->choice, ==, -1);
}

static void
test_decode_answer_errors (void)
{
  const char *lines[] = {
    "{\"type\":\"answer\"}",
    "{\"type\":\"answer\",\"choice\":1}",
    "{\"type\":\"answer\",\"round\":1}",
    "{\"type\":\"answer\",\"round\":0,\"choice\":1}",
    "{\"type\":\"answer\",\"round\":-1,\"choice\":1}",
    "{\"type\":\"answer\",\"round\":1,\"choice\":1.5}",
    "{\"type\":\"answer\",\"round\":1,\"choice\":2.0}",
    "{\"type\":\"answer\",\"round\":1,\"choice\":\"1\"}",
    "{\"type\":\"answer\",\"round\":1,\"choice\":null}",
    "{\"type\":\"answer\",\"round\":1,\"choice\":true}",
    "{\"type\":\"answer\",\"round\":2147483648,\"choice\":1}",
    "{\"type\":\"answer\",\"round\":[1],\"choice\":1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    assert_decode_error (lines[i], PUPITRE_ERROR_BAD_FIELD, "answer");
}

static void
test_decode_answer_error_names_member (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref_type = NULL;
  const char *line = "{\"type\":\"answer\",\"round\":1.5,\"choice\":1}";

  g_assert_null (pupitre_client_message_decode (line, strlen (line), &ref_type, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD);
  g_assert_cmpstr (error->message, ==, "“round” must be an integer");
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (out, unit);

  return g_string_free (out, FALSE);
}

static void
test_decode_chat (void)
{
  g_autoptr(PupitreClientMessage) message = NULL;
  g_autofree char *longest = repeat ("é", PUPITRE_MAX_CHAT_CHARS);
  g_autofree char *line = NULL;

  message = decode_ok ("{\"type\":\"chat\",\"text\":\"Bonjour \\\"à\\\" tous\\n\"}");
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_CHAT);
  g_assert_cmpstr (message->text, ==, "Bonjour \"à\" tous\n");
  g_clear_pointer (&message, pupitre_client_message_free);

  /* 500 characters of two bytes each: counted in characters. */
  line = g_strdup_printf ("{\"type\":\"chat\",\"text\":\"%s\"}", longest);
  message = decode_ok (line);
  g_assert_cmpstr (message->text, ==, longest);
}

static void
test_decode_chat_errors (void)
{
  g_autofree char *too_long = repeat ("é", PUPITRE_MAX_CHAT_CHARS + 1);
  g_autofree char *line = g_strdup_printf ("{\"type\":\"chat\",\"text\":\"%s\"}", too_long);

  assert_decode_error ("{\"type\":\"chat\"}", PUPITRE_ERROR_BAD_FIELD, "chat");
  assert_decode_error ("{\"type\":\"chat\",\"text\":\"\"}", PUPITRE_ERROR_BAD_FIELD, "chat");
  assert_decode_error ("{\"type\":\"chat\",\"text\":42}", PUPITRE_ERROR_BAD_FIELD, "chat");
  assert_decode_error ("{\"type\":\"chat\",\"text\":null}", PUPITRE_ERROR_BAD_FIELD, "chat");
  assert_decode_error (line, PUPITRE_ERROR_BAD_FIELD, "chat");
}

static void
test_decode_ping (void)
{
  g_autoptr(PupitreClientMessage) number = decode_ok ("{\"type\":\"ping\",\"id\":17}");
  g_autoptr(PupitreClientMessage) object = decode_ok ("{\"type\":\"ping\",\"id\":{\"a\":[1,\"x\"]}}");
  g_autoptr(PupitreClientMessage) null = decode_ok ("{\"type\":\"ping\",\"id\":null}");
  g_autoptr(PupitreClientMessage) none = decode_ok ("{\"type\":\"ping\"}");
  g_autofree char *object_text = NULL;

  g_assert_cmpint (number->type, ==, PUPITRE_CLIENT_PING);
  g_assert_nonnull (number->id);
  g_assert_cmpint (json_node_get_int (number->id), ==, 17);

  g_assert_nonnull (object->id);
  object_text = json_to_string (object->id, FALSE);
  g_assert_cmpstr (object_text, ==, "{\"a\":[1,\"x\"]}");

  /* Any value is an id, null included: it is echoed as it came. */
  g_assert_nonnull (null->id);
  g_assert_true (JSON_NODE_HOLDS_NULL (null->id));

  g_assert_null (none->id);
}

static void
test_decode_no_members (void)
{
  const struct { const char *line; PupitreClientMessageType type; } cases[] = {
    { "{\"type\":\"quit\"}", PUPITRE_CLIENT_QUIT },
    { "{\"type\":\"start\"}", PUPITRE_CLIENT_START },
    { "{\"type\":\"skip\"}", PUPITRE_CLIENT_SKIP },
    { "{\"type\":\"next\"}", PUPITRE_CLIENT_NEXT },
    { "{\"type\":\"close\"}", PUPITRE_CLIENT_CLOSE },
    { "{\"type\":\"pause\"}", PUPITRE_CLIENT_PAUSE },
    { "{\"type\":\"resume\"}", PUPITRE_CLIENT_RESUME },
    { "{\"type\":\"lock\"}", PUPITRE_CLIENT_LOCK },
    { "{\"type\":\"unlock\"}", PUPITRE_CLIENT_UNLOCK },
    { "{\"type\":\"end\"}", PUPITRE_CLIENT_END },
    { "{\"type\":\"play_again\"}", PUPITRE_CLIENT_PLAY_AGAIN },
    { "{\"type\":\"get_results\"}", PUPITRE_CLIENT_GET_RESULTS },
    { "{\"type\":\"close_game\"}", PUPITRE_CLIENT_CLOSE_GAME },
    /* Members a command does not have are ignored like any unknown one. */
    { "{\"type\":\"next\",\"ms\":\"x\",\"name\":1}", PUPITRE_CLIENT_NEXT },
    /* Unknown members are ignored. */
    { "{\"type\":\"quit\",\"why\":\"bored\"}", PUPITRE_CLIENT_QUIT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PupitreClientMessage) message = decode_ok (cases[i].line);

      g_assert_cmpint (message->type, ==, cases[i].type);
    }
}

/* Expects @line to be refused with bad-field and a message that is exactly
 * @message (the tests run untranslated). */
static void
assert_bad_field_message (const char *line,
                          const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreClientMessage) decoded = NULL;

  decoded = pupitre_client_message_decode (line, strlen (line), NULL, &error);
  if (decoded != NULL)
    g_error ("accepted: %s", line);
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_decode_quiz_part (void)
{
  g_autoptr(PupitreClientMessage) part = NULL;
  g_autoptr(PupitreClientMessage) empty = NULL;
  g_autofree char *long_text = repeat ("é", PUPITRE_MAX_CHAT_CHARS + 1);
  g_autofree char *line = g_strdup_printf ("{\"type\":\"quiz_part\",\"text\":\"%s\"}", long_text);
  g_autoptr(PupitreClientMessage) longer = NULL;

  part = decode_ok ("{\"type\":\"quiz_part\",\"text\":\"::Q1:: Libre ? {=Linux ~Windows}\\n\"}");
  g_assert_cmpint (part->type, ==, PUPITRE_CLIENT_QUIZ_PART);
  g_assert_cmpstr (part->text, ==, "::Q1:: Libre ? {=Linux ~Windows}\n");

  /* An empty part is no error: the parts are the server's to add up. */
  empty = decode_ok ("{\"type\":\"quiz_part\",\"text\":\"\"}");
  g_assert_cmpstr (empty->text, ==, "");

  /* The chat's limit is not a part's. */
  longer = decode_ok (line);
  g_assert_cmpstr (longer->text, ==, long_text);
}

static void
test_decode_quiz_part_errors (void)
{
  assert_decode_error ("{\"type\":\"quiz_part\"}", PUPITRE_ERROR_BAD_FIELD, "quiz_part");
  assert_decode_error ("{\"type\":\"quiz_part\",\"text\":null}", PUPITRE_ERROR_BAD_FIELD, "quiz_part");
  assert_decode_error ("{\"type\":\"quiz_part\",\"text\":5}", PUPITRE_ERROR_BAD_FIELD, "quiz_part");
  assert_decode_error ("{\"type\":\"quiz_part\",\"text\":[\"a\"]}", PUPITRE_ERROR_BAD_FIELD, "quiz_part");
  assert_bad_field_message ("{\"type\":\"quiz_part\"}", "“text” is missing");
}

static void
test_decode_create_game_minimal (void)
{
  g_autoptr(PupitreClientMessage) message = NULL;

  /* The quiz may be empty: the parts before it may hold the whole file. */
  message = decode_ok ("{\"type\":\"create_game\",\"quiz\":\"\"}");
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_CREATE_GAME);
  g_assert_cmpstr (message->quiz, ==, "");
  g_assert_null (message->format);
  g_assert_null (message->filename);
  g_assert_null (message->name);
  g_assert_null (message->host_key);
  g_assert_null (message->options);
  g_clear_pointer (&message, pupitre_client_message_free);

  /* null is absent for every optional member. */
  message = decode_ok ("{\"type\":\"create_game\",\"quiz\":\"{}\",\"format\":null,"
                       "\"filename\":null,\"name\":null,\"host_key\":null,\"options\":null}");
  g_assert_cmpstr (message->quiz, ==, "{}");
  g_assert_null (message->format);
  g_assert_null (message->filename);
  g_assert_null (message->name);
  g_assert_null (message->host_key);
  g_assert_null (message->options);
}

static void
test_decode_create_game_full (void)
{
  g_autoptr(PupitreClientMessage) message = NULL;
  g_autofree char *filename = repeat ("é", 255);
  g_autofree char *line = NULL;
  JsonObject *options;

  line = g_strdup_printf ("{\"type\":\"create_game\",\"quiz\":\"::Q2:: ? {=a ~b}\\n\","
                          "\"format\":\"gift\",\"filename\":\"%s\",\"name\":\"Mme Martin\","
                          "\"host_key\":\"p7Qx\",\"options\":{\"scoring\":\"speed\","
                          "\"shuffle\":true,\"future\":[1,{\"x\":null}]}}", filename);
  message = decode_ok (line);
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_CREATE_GAME);
  g_assert_cmpstr (message->quiz, ==, "::Q2:: ? {=a ~b}\n");
  g_assert_cmpstr (message->format, ==, "gift");
  /* 255 characters of two bytes each: counted in characters. */
  g_assert_cmpstr (message->filename, ==, filename);
  g_assert_cmpstr (message->name, ==, "Mme Martin");
  g_assert_cmpstr (message->host_key, ==, "p7Qx");

  /* Kept whole: the options' members are the server's to check. */
  g_assert_nonnull (message->options);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (message->options));
  options = json_node_get_object (message->options);
  g_assert_cmpuint (json_object_get_size (options), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (options, "scoring"), ==, "speed");
  g_assert_true (json_object_get_boolean_member (options, "shuffle"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (options, "future")), ==, 2);
  g_clear_pointer (&message, pupitre_client_message_free);

  /* Any format's name decodes: the server knows which it reads. */
  message = decode_ok ("{\"type\":\"create_game\",\"quiz\":\"x\",\"format\":\"docx\","
                       "\"filename\":\"a\",\"options\":{}}");
  g_assert_cmpstr (message->format, ==, "docx");
  g_assert_cmpstr (message->filename, ==, "a");
  g_assert_cmpuint (json_object_get_size (json_node_get_object (message->options)), ==, 0);
}

static void
test_decode_create_game_errors (void)
{
  g_autofree char *too_long = repeat ("é", 256);
  g_autofree char *line = g_strdup_printf ("{\"type\":\"create_game\",\"quiz\":\"\","
                                           "\"filename\":\"%s\"}", too_long);
  const char *lines[] = {
    "{\"type\":\"create_game\"}",
    "{\"type\":\"create_game\",\"quiz\":null}",
    "{\"type\":\"create_game\",\"quiz\":3}",
    "{\"type\":\"create_game\",\"quiz\":{\"questions\":[]}}",
    "{\"type\":\"create_game\",\"quiz\":\"\",\"format\":1}",
    "{\"type\":\"create_game\",\"quiz\":\"\",\"filename\":\"\"}",
    "{\"type\":\"create_game\",\"quiz\":\"\",\"filename\":true}",
    "{\"type\":\"create_game\",\"quiz\":\"\",\"name\":7}",
    "{\"type\":\"create_game\",\"quiz\":\"\",\"host_key\":[\"k\"]}",
    "{\"type\":\"create_game\",\"quiz\":\"\",\"options\":[]}",
    "{\"type\":\"create_game\",\"quiz\":\"\",\"options\":\"speed\"}",
    "{\"type\":\"create_game\",\"quiz\":\"\",\"options\":1}",
    "{\"type\":\"create_game\",\"quiz\":\"\",\"options\":false}",
    line,
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    assert_decode_error (lines[i], PUPITRE_ERROR_BAD_FIELD, "create_game");

  assert_bad_field_message ("{\"type\":\"create_game\"}", "“quiz” is missing");
  assert_bad_field_message ("{\"type\":\"create_game\",\"quiz\":\"\",\"format\":1}",
                            "“format” must be a string");
  assert_bad_field_message (line, "“filename” must have 1 to 255 characters");
  assert_bad_field_message ("{\"type\":\"create_game\",\"quiz\":\"\",\"name\":7}",
                            "“name” must be a string");
  assert_bad_field_message ("{\"type\":\"create_game\",\"quiz\":\"\",\"host_key\":0}",
                            "“host_key” must be a string");
  assert_bad_field_message ("{\"type\":\"create_game\",\"quiz\":\"\",\"options\":[]}",
                            "“options” must be an object");
}

static void
test_decode_resume_host (void)
{
  g_autoptr(PupitreClientMessage) message = NULL;

  message = decode_ok ("{\"type\":\"resume_host\",\"game\":\"K7RT4Q\","
                       "\"host_token\":\"5e0c91ab\",\"token\":\"ignored\"}");
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_RESUME_HOST);
  g_assert_cmpstr (message->game, ==, "K7RT4Q");
  /* The host's token, not a player's "token" member. */
  g_assert_cmpstr (message->token, ==, "5e0c91ab");
}

static void
test_decode_resume_host_errors (void)
{
  const char *lines[] = {
    "{\"type\":\"resume_host\"}",
    "{\"type\":\"resume_host\",\"game\":\"K7RT4Q\"}",
    "{\"type\":\"resume_host\",\"host_token\":\"t\"}",
    "{\"type\":\"resume_host\",\"game\":null,\"host_token\":\"t\"}",
    "{\"type\":\"resume_host\",\"game\":1,\"host_token\":\"t\"}",
    "{\"type\":\"resume_host\",\"game\":\"K\",\"host_token\":null}",
    "{\"type\":\"resume_host\",\"game\":\"K\",\"host_token\":5}",
    "{\"type\":\"resume_host\",\"game\":\"K\",\"token\":\"t\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    assert_decode_error (lines[i], PUPITRE_ERROR_BAD_FIELD, "resume_host");

  assert_bad_field_message ("{\"type\":\"resume_host\",\"game\":\"K\"}", "“host_token” is missing");
  assert_bad_field_message ("{\"type\":\"resume_host\",\"host_token\":\"t\"}", "“game” is missing");
}

static void
test_decode_add_time (void)
{
  const struct { const char *line; gint64 ms; } cases[] = {
    { "{\"type\":\"add_time\"}", 15000 },
    { "{\"type\":\"add_time\",\"ms\":null}", 15000 },
    { "{\"type\":\"add_time\",\"ms\":1000}", 1000 },
    { "{\"type\":\"add_time\",\"ms\":30000}", 30000 },
    { "{\"type\":\"add_time\",\"ms\":600000}", 600000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PupitreClientMessage) message = decode_ok (cases[i].line);

      g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_ADD_TIME);
      g_assert_cmpint (message->ms, ==, cases[i].ms);
    }
}

static void
test_decode_add_time_errors (void)
{
  const char *lines[] = {
    "{\"type\":\"add_time\",\"ms\":999}",
    "{\"type\":\"add_time\",\"ms\":0}",
    "{\"type\":\"add_time\",\"ms\":-15000}",
    "{\"type\":\"add_time\",\"ms\":600001}",
    "{\"type\":\"add_time\",\"ms\":15000.0}",
    "{\"type\":\"add_time\",\"ms\":\"15000\"}",
    "{\"type\":\"add_time\",\"ms\":true}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    assert_decode_error (lines[i], PUPITRE_ERROR_BAD_FIELD, "add_time");

  assert_bad_field_message ("{\"type\":\"add_time\",\"ms\":999}",
                            "“ms” must be between 1000 and 600000");
}

static void
test_decode_kick (void)
{
  g_autoptr(PupitreClientMessage) message = decode_ok ("{\"type\":\"kick\",\"name\":\" Bob \"}");

  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_KICK);
  /* As sent: the game finds the seat by the name's rules. */
  g_assert_cmpstr (message->name, ==, " Bob ");
}

static void
test_decode_kick_errors (void)
{
  assert_decode_error ("{\"type\":\"kick\"}", PUPITRE_ERROR_BAD_FIELD, "kick");
  assert_decode_error ("{\"type\":\"kick\",\"name\":null}", PUPITRE_ERROR_BAD_FIELD, "kick");
  assert_decode_error ("{\"type\":\"kick\",\"name\":3}", PUPITRE_ERROR_BAD_FIELD, "kick");
  assert_bad_field_message ("{\"type\":\"kick\"}", "“name” is missing");
}

static void
test_decode_unknown_type (void)
{
  assert_decode_error ("{\"type\":\"dance\"}", PUPITRE_ERROR_UNKNOWN_TYPE, "dance");
  assert_decode_error ("{\"type\":\"\"}", PUPITRE_ERROR_UNKNOWN_TYPE, "");
  /* Server messages are not client messages. */
  assert_decode_error ("{\"type\":\"welcome\",\"protocol\":1}", PUPITRE_ERROR_UNKNOWN_TYPE, "welcome");
  assert_decode_error ("{\"type\":\"JOIN\",\"name\":\"a\"}", PUPITRE_ERROR_UNKNOWN_TYPE, "JOIN");
}

static void
test_decode_bad_json (void)
{
  assert_decode_error ("", PUPITRE_ERROR_BAD_JSON, NULL);
  assert_decode_error ("hello", PUPITRE_ERROR_BAD_JSON, NULL);
  assert_decode_error ("[\"join\"]", PUPITRE_ERROR_BAD_JSON, NULL);
  assert_decode_error ("{\"name\":\"a\"}", PUPITRE_ERROR_BAD_JSON, NULL);
  assert_decode_error ("{\"type\":7}", PUPITRE_ERROR_BAD_JSON, NULL);
  assert_decode_error ("{\"type\":null,\"name\":\"a\"}", PUPITRE_ERROR_BAD_JSON, NULL);
  assert_decode_error ("{\"type\":\"join\",\"name\":\"a\"", PUPITRE_ERROR_BAD_JSON, NULL);
  assert_decode_error ("{\"type\":\"join\",\"type\":\"quit\"}", PUPITRE_ERROR_BAD_JSON, NULL);
  assert_decode_error ("{\"type\":\"answer\",\"round\":1,\"choice\":99999999999999999999}",
                       PUPITRE_ERROR_BAD_JSON, NULL);
}

static void
test_decode_ref_type_optional (void)
{
  g_autoptr(GError) error = NULL;
  const char *line = "{\"type\":\"dance\"}";

  /* A caller that does not want the type passes NULL. */
  g_assert_null (pupitre_client_message_decode (line, strlen (line), NULL, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_UNKNOWN_TYPE);
}

static void
assert_name (const char *raw,
             const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = pupitre_name_normalize (raw, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, expected);
}

static void
assert_name_invalid (const char *raw)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = pupitre_name_normalize (raw, &error);

  if (name != NULL)
    g_error ("accepted name: %s", raw);
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID);
}

static void
test_name_trim (void)
{
  assert_name ("Ubuntu1", "Ubuntu1");
  assert_name ("  Ubuntu1 ", "Ubuntu1");
  assert_name ("\tZoé\r\n", "Zoé");
  /* No-break space and ideographic space are white space too. */
  assert_name ("\xc2\xa0" "Léa\xe3\x80\x80", "Léa");
  /* Inner spaces stay. */
  assert_name (" Jean Paul ", "Jean Paul");
}

static void
test_name_length (void)
{
  g_autofree char *accented_24 = repeat ("é", 24);
  g_autofree char *accented_25 = repeat ("é", 25);
  g_autofree char *decomposed_24 = repeat ("e\xcc\x81", 24);
  g_autofree char *padded_24 = g_strconcat ("   ", accented_24, "  ", NULL);
  g_autofree char *emoji_24 = repeat ("😀", 24);

  /* Characters, not bytes: 24 “é” are 48 bytes and fit. */
  assert_name (accented_24, accented_24);
  assert_name_invalid (accented_25);
  /* White space around does not count. */
  assert_name (padded_24, accented_24);
  /* “é” typed as e + combining accent is one character once composed. */
  assert_name (decomposed_24, accented_24);
  assert_name (emoji_24, emoji_24);
  assert_name ("x", "x");
}

static void
test_name_empty (void)
{
  assert_name_invalid ("");
  assert_name_invalid ("   ");
  assert_name_invalid ("\t\n");
  assert_name_invalid ("\xe3\x80\x80");
}

static void
test_name_control_characters (void)
{
  assert_name_invalid ("a\x01" "b");
  assert_name_invalid ("a\nb");
  assert_name_invalid ("a\tb");
  assert_name_invalid ("a\x7f" "b");
  /* NEL, line and paragraph separators. */
  assert_name_invalid ("a\xc2\x85" "b");
  assert_name_invalid ("a\xe2\x80\xa8" "b");
  assert_name_invalid ("a\xe2\x80\xa9" "b");
  /* A right-to-left override would reorder what follows the name. */
  assert_name_invalid ("a\xe2\x80\xae" "b");
  /* Not text at all. */
  assert_name_invalid ("a\xff");
  /* A zero-width joiner is a format character that emoji need. */
  assert_name ("Zoé \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
               "Zoé \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb");
}

static void
test_name_collate (void)
{
  g_autofree char *a = pupitre_name_collate_key ("Ubuntu1");
  g_autofree char *b = pupitre_name_collate_key ("UBUNTU1");
  g_autofree char *c = pupitre_name_collate_key ("Zoé");
  g_autofree char *d = pupitre_name_collate_key ("ZOE\xcc\x81");
  g_autofree char *e = pupitre_name_collate_key ("Straße");
  g_autofree char *f = pupitre_name_collate_key ("STRASSE");
  g_autofree char *g = pupitre_name_collate_key ("Zoe");

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (c, ==, d);
  g_assert_cmpstr (e, ==, f);
  g_assert_cmpstr (c, !=, g);
}

/* Checks that @bytes is one line, "\n" at the end and nowhere else, then
 * parses it back strictly. */
static JsonObject *
parse_line (GBytes     *bytes,
            const char *type)
{
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonObject *object;

  g_assert_cmpuint (size, >, 1);
  g_assert_cmpint (data[size - 1], ==, '\n');
  g_assert_null (memchr (data, '\n', size - 1));
  g_assert_true (g_utf8_validate_len (data, size, NULL));

  object = pupitre_json_parse_object (data, size - 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, type);

  return object;
}

static void
assert_int_member (JsonObject *object,
                   const char *member,
                   gint64      expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (node), ==, expected);
}

static void
assert_string_member (JsonObject *object,
                      const char *member,
                      const char *expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

static void
assert_boolean_member (JsonObject *object,
                       const char *member,
                       gboolean    expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  g_assert_cmpint (json_node_get_boolean (node), ==, expected);
}

static void
assert_null_member (JsonObject *object,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_NULL (node));
}

static void
assert_n_members (JsonObject *object,
                  guint       n)
{
  g_assert_cmpuint (json_object_get_size (object), ==, n);
}

/* A string with everything that needs escaping. */
#define TRICKY "Ann \"the\" \\ one\nnext\tline é😀\x01"

static void
test_encode_welcome (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_welcome ("pupitre-server/0.1.0");
  g_autoptr(JsonObject) object = parse_line (bytes, "welcome");

  assert_n_members (object, 3);
  assert_int_member (object, "protocol", 1);
  assert_string_member (object, "server", "pupitre-server/0.1.0");
}

static void
test_encode_error (void)
{
  g_autoptr(GBytes) with_ref = pupitre_message_error ("name-taken", TRICKY, "join");
  g_autoptr(GBytes) without_ref = pupitre_message_error ("bad-json", "Not JSON", NULL);
  g_autoptr(GBytes) no_message = pupitre_message_error ("game-full", NULL, NULL);
  g_autoptr(JsonObject) a = parse_line (with_ref, "error");
  g_autoptr(JsonObject) b = parse_line (without_ref, "error");
  g_autoptr(JsonObject) c = parse_line (no_message, "error");

  assert_n_members (a, 4);
  assert_string_member (a, "code", "name-taken");
  assert_string_member (a, "message", TRICKY);
  assert_string_member (a, "ref", "join");

  assert_n_members (b, 3);
  assert_string_member (b, "code", "bad-json");
  assert_string_member (b, "message", "Not JSON");
  g_assert_false (json_object_has_member (b, "ref"));

  /* Without a message the code's sentence stands in. */
  assert_string_member (c, "message", pupitre_error_code_describe (PUPITRE_ERROR_GAME_FULL));
}

static void
test_encode_joined (void)
{
  g_autoptr(GBytes) fresh = pupitre_message_joined ("Zoé", "tok", "ABCD", "lobby", 3, FALSE);
  g_autoptr(GBytes) resumed = pupitre_message_joined ("Zoé", "tok", "ABCD", "question", 3, TRUE);
  g_autoptr(JsonObject) a = parse_line (fresh, "joined");
  g_autoptr(JsonObject) b = parse_line (resumed, "joined");

  assert_n_members (a, 6);
  assert_string_member (a, "name", "Zoé");
  assert_string_member (a, "token", "tok");
  assert_string_member (a, "game", "ABCD");
  assert_string_member (a, "state", "lobby");
  assert_int_member (a, "needed", 3);
  g_assert_false (json_object_has_member (a, "resumed"));

  assert_n_members (b, 7);
  assert_string_member (b, "state", "question");
  assert_boolean_member (b, "resumed", TRUE);
}

static void
test_encode_players (void)
{
  PupitrePlayerEntry players[150];
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonArray *list;

  for (guint i = 0; i < G_N_ELEMENTS (players); i++)
    {
      char *name = i == 0 ? g_strdup (TRICKY) : g_strdup_printf ("player%u", i);

      g_ptr_array_add (names, name);
      players[i] = (PupitrePlayerEntry) { name, i % 2 == 0, 150 - i };
    }

  bytes = pupitre_message_players (150, players, G_N_ELEMENTS (players), 3);
  object = parse_line (bytes, "players");
  assert_n_members (object, 4);
  assert_int_member (object, "count", 150);
  assert_int_member (object, "needed", 3);

  list = json_object_get_array_member (object, "players");
  g_assert_cmpuint (json_array_get_length (list), ==, PUPITRE_LIST_MAX);
  for (guint i = 0; i < PUPITRE_LIST_MAX; i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      assert_n_members (entry, 3);
      assert_string_member (entry, "name", players[i].name);
      assert_boolean_member (entry, "connected", players[i].connected);
      assert_int_member (entry, "score", players[i].score);
    }
}

static void
test_encode_players_empty (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_players (0, NULL, 0, 3);
  g_autoptr(JsonObject) object = parse_line (bytes, "players");

  assert_int_member (object, "count", 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "players")), ==, 0);
}

static void
test_encode_chat (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_chat ("Zoé", TRICKY);
  g_autoptr(JsonObject) object = parse_line (bytes, "chat");

  assert_n_members (object, 3);
  assert_string_member (object, "from", "Zoé");
  assert_string_member (object, "text", TRICKY);
}

static void
test_encode_countdown (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_countdown (1, 5, 10);
  g_autoptr(JsonObject) object = parse_line (bytes, "countdown");

  assert_n_members (object, 4);
  assert_int_member (object, "round", 1);
  assert_int_member (object, "rounds", 5);
  assert_int_member (object, "seconds", 10);
}

static void
test_encode_question (void)
{
  const char *choices[] = { "Windows", "MacOS", "Linux \"libre\"", NULL };
  g_autoptr(GBytes) fresh = pupitre_message_question (1, 5, TRICKY, choices, 20000, -1);
  g_autoptr(GBytes) resumed = pupitre_message_question (2, 5, "Q", choices, 20000, 7500);
  g_autoptr(JsonObject) a = parse_line (fresh, "question");
  g_autoptr(JsonObject) b = parse_line (resumed, "question");
  JsonArray *list;

  assert_n_members (a, 6);
  assert_int_member (a, "round", 1);
  assert_int_member (a, "rounds", 5);
  assert_string_member (a, "text", TRICKY);
  assert_int_member (a, "time_limit_ms", 20000);
  g_assert_false (json_object_has_member (a, "remaining_ms"));
  list = json_object_get_array_member (a, "choices");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_array_get_string_element (list, i), ==, choices[i]);

  /* No member reveals the right choice. */
  g_assert_false (json_object_has_member (a, "answer"));
  g_assert_false (json_object_has_member (a, "correct"));

  assert_n_members (b, 7);
  assert_int_member (b, "remaining_ms", 7500);
}

static void
test_encode_answer_ack (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_answer_ack (1, 3, 14540);
  g_autoptr(JsonObject) object = parse_line (bytes, "answer_ack");

  assert_n_members (object, 4);
  assert_int_member (object, "round", 1);
  assert_int_member (object, "choice", 3);
  assert_int_member (object, "time_ms", 14540);
}

static void
test_encode_progress (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_progress (1, 2, 3);
  g_autoptr(JsonObject) object = parse_line (bytes, "progress");

  assert_n_members (object, 4);
  assert_int_member (object, "round", 1);
  assert_int_member (object, "answered", 2);
  assert_int_member (object, "players", 3);
}

static void
fill_totals (PupitreTotalEntry *totals,
             guint              n,
             GPtrArray         *names)
{
  for (guint i = 0; i < n; i++)
    {
      char *name = g_strdup_printf ("p\"%u\"", i);

      g_ptr_array_add (names, name);
      totals[i] = (PupitreTotalEntry) { name, (gint64) n - i - 5, i / 2 * 2 + 1 };
    }
}

static void
assert_totals (JsonArray               *list,
               const PupitreTotalEntry *totals,
               guint                    n)
{
  g_assert_cmpuint (json_array_get_length (list), ==, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      assert_n_members (entry, 3);
      assert_string_member (entry, "name", totals[i].name);
      assert_int_member (entry, "score", totals[i].score);
      assert_int_member (entry, "rank", totals[i].rank);
    }
}

static void
test_encode_round_result (void)
{
  PupitreResultEntry results[120];
  PupitreTotalEntry totals[130];
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonArray *list;

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      char *name = g_strdup_printf ("r%u\n", i);

      g_ptr_array_add (names, name);
      if (i % 3 == 2)
        results[i] = (PupitreResultEntry) { name, -1, 0, -1 };
      else
        results[i] = (PupitreResultEntry) { name, i % 4, i % 4 == 3 ? 3 : -1, 1000 + i };
    }
  fill_totals (totals, G_N_ELEMENTS (totals), names);

  bytes = pupitre_message_round_result (4, 3, TRICKY, results, G_N_ELEMENTS (results),
                                        totals, G_N_ELEMENTS (totals));
  object = parse_line (bytes, "round_result");
  assert_n_members (object, 6);
  assert_int_member (object, "round", 4);
  assert_int_member (object, "correct", 3);
  assert_string_member (object, "explanation", TRICKY);

  list = json_object_get_array_member (object, "results");
  g_assert_cmpuint (json_array_get_length (list), ==, PUPITRE_LIST_MAX);
  for (guint i = 0; i < PUPITRE_LIST_MAX; i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      assert_n_members (entry, 4);
      assert_string_member (entry, "name", results[i].name);
      assert_int_member (entry, "points", results[i].points);
      if (results[i].choice < 0)
        {
          assert_null_member (entry, "choice");
          assert_null_member (entry, "time_ms");
          assert_int_member (entry, "points", 0);
        }
      else
        {
          assert_int_member (entry, "choice", results[i].choice);
          assert_int_member (entry, "time_ms", results[i].time_ms);
        }
    }

  assert_totals (json_object_get_array_member (object, "totals"), totals, PUPITRE_LIST_MAX);
}

static void
test_encode_round_result_no_explanation (void)
{
  PupitreResultEntry results[] = { { "a", 0, 0, 500 } };
  PupitreTotalEntry totals[] = { { "a", 0, 1 } };
  g_autoptr(GBytes) bytes = pupitre_message_round_result (1, 2, NULL, results, 1, totals, 1);
  g_autoptr(JsonObject) object = parse_line (bytes, "round_result");
  JsonObject *entry;

  assert_n_members (object, 5);
  g_assert_false (json_object_has_member (object, "explanation"));
  /* 0, “I don't know”, is an answer, not a null. */
  entry = json_array_get_object_element (json_object_get_array_member (object, "results"), 0);
  assert_int_member (entry, "choice", 0);
  assert_int_member (entry, "time_ms", 500);
}

static void
test_encode_standing (void)
{
  g_autoptr(GBytes) answered = pupitre_message_standing (1, 3, 3, 14540, 3, 1, 3, FALSE);
  g_autoptr(GBytes) silent = pupitre_message_standing (5, -1, 0, -1, -2, 3, 3, TRUE);
  g_autoptr(JsonObject) a = parse_line (answered, "standing");
  g_autoptr(JsonObject) b = parse_line (silent, "standing");

  assert_n_members (a, 8);
  assert_int_member (a, "round", 1);
  assert_int_member (a, "choice", 3);
  assert_int_member (a, "points", 3);
  assert_int_member (a, "time_ms", 14540);
  assert_int_member (a, "score", 3);
  assert_int_member (a, "rank", 1);
  assert_int_member (a, "players", 3);
  g_assert_false (json_object_has_member (a, "final"));

  assert_n_members (b, 9);
  assert_int_member (b, "round", 5);
  assert_null_member (b, "choice");
  assert_int_member (b, "points", 0);
  assert_null_member (b, "time_ms");
  assert_int_member (b, "score", -2);
  assert_int_member (b, "rank", 3);
  assert_boolean_member (b, "final", TRUE);
}

static void
test_encode_game_over (void)
{
  PupitreTotalEntry totals[101];
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) object = NULL;

  fill_totals (totals, G_N_ELEMENTS (totals), names);
  bytes = pupitre_message_game_over (totals, G_N_ELEMENTS (totals), -1);
  object = parse_line (bytes, "game_over");
  assert_n_members (object, 2);
  assert_totals (json_object_get_array_member (object, "totals"), totals, PUPITRE_LIST_MAX);

  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&object, json_object_unref);
  bytes = pupitre_message_game_over (totals, 1, 30000);
  object = parse_line (bytes, "game_over");
  assert_n_members (object, 3);
  g_assert_cmpint (json_object_get_int_member (object, "next_game_ms"), ==, 30000);
}

static void
test_encode_bare (void)
{
  struct { GBytes *(*encode) (void); const char *type; } cases[] = {
    { pupitre_message_shutdown, "shutdown" },
    { pupitre_message_bye, "bye" },
    { pupitre_message_quit, "quit" },
    { pupitre_message_start, "start" },
    { pupitre_message_skip, "skip" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = cases[i].encode ();
      g_autoptr(JsonObject) object = parse_line (bytes, cases[i].type);

      assert_n_members (object, 1);
    }
}

static void
test_encode_pong (void)
{
  g_autoptr(PupitreClientMessage) ping = decode_ok ("{\"type\":\"ping\",\"id\":{\"k\":[\"a\\nb\",2,null]}}");
  g_autoptr(GBytes) echoed = pupitre_message_pong (ping->id);
  g_autoptr(GBytes) bare = pupitre_message_pong (NULL);
  g_autoptr(JsonObject) a = parse_line (echoed, "pong");
  g_autoptr(JsonObject) b = parse_line (bare, "pong");
  g_autofree char *id = NULL;

  assert_n_members (a, 2);
  id = json_to_string (json_object_get_member (a, "id"), FALSE);
  g_assert_cmpstr (id, ==, "{\"k\":[\"a\\nb\",2,null]}");
  assert_n_members (b, 1);
}

/* Client encoders are checked by decoding them as the server does. */
static PupitreClientMessage *
decode_bytes (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  PupitreClientMessage *message;

  g_assert_cmpint (data[size - 1], ==, '\n');
  message = pupitre_client_message_decode (data, size - 1, NULL, &error);
  g_assert_no_error (error);

  return message;
}

static void
test_encode_join (void)
{
  g_autoptr(GBytes) full = pupitre_message_join (TRICKY, "ABCD", "tok", "key");
  g_autoptr(GBytes) minimal = pupitre_message_join ("Zoé", NULL, NULL, NULL);
  g_autoptr(JsonObject) a = parse_line (full, "join");
  g_autoptr(JsonObject) b = parse_line (minimal, "join");
  g_autoptr(PupitreClientMessage) message = decode_bytes (full);

  assert_n_members (a, 6);
  assert_string_member (a, "name", TRICKY);
  assert_string_member (a, "game", "ABCD");
  assert_string_member (a, "token", "tok");
  assert_string_member (a, "host_key", "key");
  assert_int_member (a, "protocol", 1);

  assert_n_members (b, 3);
  assert_string_member (b, "name", "Zoé");

  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_JOIN);
  g_assert_cmpstr (message->name, ==, TRICKY);
  g_assert_cmpstr (message->game, ==, "ABCD");
  g_assert_cmpstr (message->token, ==, "tok");
  g_assert_cmpstr (message->host_key, ==, "key");
}

static void
test_encode_answer (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_answer (2, 0);
  g_autoptr(JsonObject) object = parse_line (bytes, "answer");
  g_autoptr(PupitreClientMessage) message = decode_bytes (bytes);

  assert_n_members (object, 3);
  assert_int_member (object, "round", 2);
  assert_int_member (object, "choice", 0);
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_ANSWER);
  g_assert_cmpint (message->round, ==, 2);
  g_assert_cmpint (message->choice, ==, 0);
}

static void
test_encode_chat_request (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_chat_request (TRICKY);
  g_autoptr(JsonObject) object = parse_line (bytes, "chat");
  g_autoptr(PupitreClientMessage) message = decode_bytes (bytes);

  assert_n_members (object, 2);
  assert_string_member (object, "text", TRICKY);
  g_assert_cmpstr (message->text, ==, TRICKY);
}

static void
test_encode_ping (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_ping (G_MININT64);
  g_autoptr(JsonObject) object = parse_line (bytes, "ping");
  g_autoptr(PupitreClientMessage) message = decode_bytes (bytes);

  assert_n_members (object, 2);
  assert_int_member (object, "id", G_MININT64);
  g_assert_cmpint (json_node_get_int (message->id), ==, G_MININT64);
}

/* Hosted games (section 14) */

/* A node from JSON text, as a caller would have built it. */
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
assert_member_json (JsonObject *object,
                    const char *member,
                    const char *expected)
{
  g_autoptr(JsonNode) want = node_from_text (expected);
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  if (!json_node_equal (node, want))
    {
      g_autofree char *got = json_to_string (node, FALSE);

      g_error ("%s: %s, not %s", member, got, expected);
    }
}

static void
test_encode_joined_full (void)
{
  g_autoptr(JsonNode) options = node_from_text ("{\"scoring\":\"right\",\"shuffle\":true,"
                                                "\"countdown_ms\":0,\"max_players\":30}");
  const PupitreJoinedInfo hosted = {
    .name = TRICKY,
    .token = "tok",
    .game = "K7RT4Q",
    .state = "question",
    .needed = 0,
    .resumed = TRUE,
    .scoring = "right",
    .round = 2,
    .rounds = 12,
    .hosted = TRUE,
    .options = options,
  };
  const PupitreJoinedInfo standing = {
    .name = "Zoé",
    .token = "tok",
    .game = "main",
    .state = "lobby",
    .needed = 3,
    .scoring = "classic",
    .rounds = 5,
  };
  const PupitreJoinedInfo plain = {
    .name = "Zoé",
    .token = "tok",
    .state = "lobby",
    .needed = 3,
    /* Without a rule the rest is not written. */
    .round = 4,
    .hosted = TRUE,
    .options = options,
  };
  g_autoptr(GBytes) a_bytes = pupitre_message_joined_full (&hosted);
  g_autoptr(GBytes) b_bytes = pupitre_message_joined_full (&standing);
  g_autoptr(GBytes) c_bytes = pupitre_message_joined_full (&plain);
  g_autoptr(GBytes) wrapper = pupitre_message_joined ("Zoé", "tok", NULL, "lobby", 3, FALSE);
  g_autoptr(JsonObject) a = parse_line (a_bytes, "joined");
  g_autoptr(JsonObject) b = parse_line (b_bytes, "joined");
  g_autoptr(JsonObject) c = parse_line (c_bytes, "joined");

  assert_n_members (a, 12);
  assert_string_member (a, "name", TRICKY);
  assert_string_member (a, "token", "tok");
  assert_string_member (a, "game", "K7RT4Q");
  assert_string_member (a, "state", "question");
  assert_int_member (a, "needed", 0);
  assert_boolean_member (a, "resumed", TRUE);
  assert_string_member (a, "scoring", "right");
  assert_int_member (a, "round", 2);
  assert_int_member (a, "rounds", 12);
  assert_boolean_member (a, "hosted", TRUE);
  assert_member_json (a, "options", "{\"scoring\":\"right\",\"shuffle\":true,"
                                    "\"countdown_ms\":0,\"max_players\":30}");

  assert_n_members (b, 10);
  assert_string_member (b, "scoring", "classic");
  assert_int_member (b, "round", 0);
  assert_int_member (b, "rounds", 5);
  assert_boolean_member (b, "hosted", FALSE);
  g_assert_false (json_object_has_member (b, "options"));
  g_assert_false (json_object_has_member (b, "resumed"));

  assert_n_members (c, 5);
  g_assert_false (json_object_has_member (c, "game"));
  g_assert_false (json_object_has_member (c, "round"));
  g_assert_false (json_object_has_member (c, "options"));

  /* The old encoder is the new one without a rule, byte for byte. */
  g_assert_true (g_bytes_equal (wrapper, c_bytes));
}

static void
test_encode_host_chat (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_host_chat ("Mme Martin", TRICKY);
  g_autoptr(JsonObject) object = parse_line (bytes, "chat");

  assert_n_members (object, 4);
  assert_string_member (object, "from", "Mme Martin");
  assert_string_member (object, "text", TRICKY);
  assert_boolean_member (object, "host", TRUE);
}

static void
test_encode_game_created (void)
{
  /* A double and a string to escape: the project's writer writes them. */
  g_autoptr(JsonNode) options = node_from_text ("{\"scoring\":\"speed\",\"question_points\":true,"
                                                "\"countdown_ms\":5000,\"weight\":1e+100,"
                                                "\"note\":\"a\\u001fb\"}");
  const char *warnings[] = { "cours.gift:40: question 9: " TRICKY, "second", NULL };
  g_autoptr(GBytes) full = pupitre_message_game_created ("K7RT4Q", "5e0c91ab", "Culture informatique",
                                                         12, options, warnings, TRUE);
  g_autoptr(GBytes) bare = pupitre_message_game_created ("K7RT4Q", "5e0c91ab", NULL, 1, options,
                                                         NULL, FALSE);
  g_autoptr(JsonObject) a = parse_line (full, "game_created");
  g_autoptr(JsonObject) b = parse_line (bare, "game_created");
  JsonArray *list;

  assert_n_members (a, 8);
  assert_string_member (a, "game", "K7RT4Q");
  assert_string_member (a, "host_token", "5e0c91ab");
  assert_string_member (a, "title", "Culture informatique");
  assert_int_member (a, "rounds", 12);
  assert_member_json (a, "options", "{\"scoring\":\"speed\",\"question_points\":true,"
                                    "\"countdown_ms\":5000,\"weight\":1e+100,"
                                    "\"note\":\"a\\u001fb\"}");
  list = json_object_get_array_member (a, "warnings");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (list, 0), ==, warnings[0]);
  g_assert_cmpstr (json_array_get_string_element (list, 1), ==, warnings[1]);
  assert_boolean_member (a, "resumed", TRUE);

  assert_n_members (b, 6);
  g_assert_false (json_object_has_member (b, "title"));
  g_assert_false (json_object_has_member (b, "resumed"));
  assert_int_member (b, "rounds", 1);
  /* No warnings is an empty list, not an absent one. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (b, "warnings")), ==, 0);
}

static void
test_encode_game_state (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_game_state ("K7RT4Q", "lobby", 0, 12, TRUE, FALSE, 3, 2);
  g_autoptr(JsonObject) object = parse_line (bytes, "game_state");

  assert_n_members (object, 9);
  assert_string_member (object, "game", "K7RT4Q");
  assert_string_member (object, "state", "lobby");
  assert_int_member (object, "round", 0);
  assert_int_member (object, "rounds", 12);
  assert_boolean_member (object, "locked", TRUE);
  assert_boolean_member (object, "paused", FALSE);
  assert_int_member (object, "players", 3);
  assert_int_member (object, "connected", 2);
}

static void
test_encode_host_progress (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) empty = NULL;
  JsonArray *list;

  for (guint i = 0; i < 150; i++)
    g_ptr_array_add (names, i == 0 ? g_strdup (TRICKY) : g_strdup_printf ("Zoé%u", i));

  bytes = pupitre_message_host_progress (2, 17, 167, (const char * const *) names->pdata, names->len);
  object = parse_line (bytes, "host_progress");
  assert_n_members (object, 5);
  assert_int_member (object, "round", 2);
  assert_int_member (object, "answered", 17);
  assert_int_member (object, "players", 167);
  list = json_object_get_array_member (object, "waiting");
  g_assert_cmpuint (json_array_get_length (list), ==, PUPITRE_LIST_MAX);
  for (guint i = 0; i < PUPITRE_LIST_MAX; i++)
    g_assert_cmpstr (json_array_get_string_element (list, i), ==, g_ptr_array_index (names, i));

  none = pupitre_message_host_progress (1, 3, 3, NULL, 0);
  empty = parse_line (none, "host_progress");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (empty, "waiting")), ==, 0);
}

static void
test_encode_round_report (void)
{
  const guint counts[] = { 2, 1, 19 };
  g_autoptr(GBytes) bytes = pupitre_message_round_report (2, 3, counts, G_N_ELEMENTS (counts), 1, 2, 8123);
  g_autoptr(GBytes) silent = pupitre_message_round_report (1, 1, (const guint[]) { 0, 0 }, 2, 0, 4, -1);
  g_autoptr(JsonObject) a = parse_line (bytes, "round_report");
  g_autoptr(JsonObject) b = parse_line (silent, "round_report");

  assert_n_members (a, 7);
  assert_int_member (a, "round", 2);
  assert_int_member (a, "correct", 3);
  assert_member_json (a, "counts", "[2,1,19]");
  assert_int_member (a, "dont_know", 1);
  assert_int_member (a, "no_answer", 2);
  assert_int_member (a, "average_ms", 8123);

  assert_n_members (b, 7);
  assert_member_json (b, "counts", "[0,0]");
  assert_int_member (b, "no_answer", 4);
  /* No answer given: no average. */
  assert_null_member (b, "average_ms");
}

static void
test_encode_results (void)
{
  PupitreResultRow rows[130];
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) last = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) done = NULL;
  JsonArray *list;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      char *player = g_strdup_printf ("p%u\"", i);

      g_ptr_array_add (names, player);
      rows[i] = (PupitreResultRow) {
        .round = i / 10 + 1,
        .question = i == 0 ? TRICKY : "Quel système…",
        .player = player,
        /* Every third player did not answer; 0 is "I don't know". */
        .choice = i % 3 == 2 ? -1 : (int) (i % 3),
        .correct = i % 3 == 1,
        .time_ms = i % 3 == 2 ? -1 : (gint64) (2000 + i),
        .points = i % 3 == 1 ? 912 : 0,
        .score = 912 * (i / 3),
        .rank = i + 1,
      };
    }

  bytes = pupitre_message_results (rows, G_N_ELEMENTS (rows), FALSE);
  object = parse_line (bytes, "results");
  assert_n_members (object, 3);
  assert_boolean_member (object, "done", FALSE);
  list = json_object_get_array_member (object, "rows");
  g_assert_cmpuint (json_array_get_length (list), ==, PUPITRE_LIST_MAX);
  for (guint i = 0; i < PUPITRE_LIST_MAX; i++)
    {
      JsonObject *row = json_array_get_object_element (list, i);

      assert_n_members (row, 9);
      assert_int_member (row, "round", rows[i].round);
      assert_string_member (row, "question", rows[i].question);
      assert_string_member (row, "player", rows[i].player);
      if (rows[i].choice < 0)
        {
          assert_null_member (row, "choice");
          assert_null_member (row, "time_ms");
        }
      else
        {
          assert_int_member (row, "choice", rows[i].choice);
          assert_int_member (row, "time_ms", rows[i].time_ms);
        }
      assert_boolean_member (row, "correct", rows[i].correct);
      assert_int_member (row, "points", rows[i].points);
      assert_int_member (row, "score", rows[i].score);
      assert_int_member (row, "rank", rows[i].rank);
    }

  last = pupitre_message_results (NULL, 0, TRUE);
  done = parse_line (last, "results");
  assert_boolean_member (done, "done", TRUE);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (done, "rows")), ==, 0);
}

static void
test_encode_timer (void)
{
  g_autoptr(GBytes) paused = pupitre_message_timer ("question", 2, 12000, 20000, TRUE, "host");
  g_autoptr(GBytes) resumed = pupitre_message_timer ("question", 2, 12000, 20000, FALSE, NULL);
  g_autoptr(GBytes) no_limit = pupitre_message_timer ("question", 3, -1, 0, TRUE, "host-away");
  g_autoptr(GBytes) lobby = pupitre_message_timer ("lobby", 0, -1, -1, TRUE, "host-away");
  g_autoptr(JsonObject) a = parse_line (paused, "timer");
  g_autoptr(JsonObject) b = parse_line (resumed, "timer");
  g_autoptr(JsonObject) c = parse_line (no_limit, "timer");
  g_autoptr(JsonObject) d = parse_line (lobby, "timer");

  assert_n_members (a, 7);
  assert_string_member (a, "state", "question");
  assert_int_member (a, "round", 2);
  assert_int_member (a, "remaining_ms", 12000);
  assert_int_member (a, "time_limit_ms", 20000);
  assert_boolean_member (a, "paused", TRUE);
  assert_string_member (a, "reason", "host");

  /* Running again: no reason. */
  assert_n_members (b, 6);
  assert_boolean_member (b, "paused", FALSE);
  g_assert_false (json_object_has_member (b, "reason"));

  /* No limit: 0, and no time left to tell. */
  assert_n_members (c, 7);
  assert_null_member (c, "remaining_ms");
  assert_int_member (c, "time_limit_ms", 0);
  assert_string_member (c, "reason", "host-away");

  assert_n_members (d, 6);
  assert_string_member (d, "state", "lobby");
  assert_null_member (d, "remaining_ms");
  g_assert_false (json_object_has_member (d, "time_limit_ms"));
  assert_boolean_member (d, "paused", TRUE);
}

static void
test_encode_game_closed (void)
{
  const char *reasons[] = { "host", "host-away", "idle" };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_autoptr(GBytes) bytes = pupitre_message_game_closed (reasons[i]);
      g_autoptr(JsonObject) object = parse_line (bytes, "game_closed");

      assert_n_members (object, 2);
      assert_string_member (object, "reason", reasons[i]);
    }
}

static void
test_encode_quiz_part (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_quiz_part (TRICKY "\n");
  g_autoptr(GBytes) empty_bytes = pupitre_message_quiz_part ("");
  g_autoptr(JsonObject) object = parse_line (bytes, "quiz_part");
  g_autoptr(PupitreClientMessage) message = decode_bytes (bytes);
  g_autoptr(PupitreClientMessage) empty = decode_bytes (empty_bytes);

  assert_n_members (object, 2);
  assert_string_member (object, "text", TRICKY "\n");
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_QUIZ_PART);
  g_assert_cmpstr (message->text, ==, TRICKY "\n");
  g_assert_cmpstr (empty->text, ==, "");
}

static void
test_encode_create_game (void)
{
  const char *options_text = "{\"scoring\":\"classic\",\"shuffle\":true,\"time_limit_ms\":0,"
                             "\"note\":\"" "a\\\"b\\u2028" "\",\"list\":[1,2.5,null,{\"x\":false}]}";
  g_autoptr(JsonNode) options = node_from_text (options_text);
  g_autoptr(JsonNode) want = node_from_text (options_text);
  g_autoptr(GBytes) full = pupitre_message_create_game (TRICKY, "gift", "cours.gift", "Mme Martin",
                                                        "p7Qx", options);
  g_autoptr(GBytes) minimal = pupitre_message_create_game ("", NULL, NULL, NULL, NULL, NULL);
  g_autoptr(JsonObject) a = parse_line (full, "create_game");
  g_autoptr(JsonObject) b = parse_line (minimal, "create_game");
  g_autoptr(PupitreClientMessage) message = decode_bytes (full);
  g_autoptr(PupitreClientMessage) bare = decode_bytes (minimal);

  assert_n_members (a, 7);
  assert_string_member (a, "quiz", TRICKY);
  assert_string_member (a, "format", "gift");
  assert_string_member (a, "filename", "cours.gift");
  assert_string_member (a, "name", "Mme Martin");
  assert_string_member (a, "host_key", "p7Qx");
  assert_member_json (a, "options", options_text);

  assert_n_members (b, 2);
  assert_string_member (b, "quiz", "");

  /* Round trip: what a host sends is what the server reads. */
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_CREATE_GAME);
  g_assert_cmpstr (message->quiz, ==, TRICKY);
  g_assert_cmpstr (message->format, ==, "gift");
  g_assert_cmpstr (message->filename, ==, "cours.gift");
  g_assert_cmpstr (message->name, ==, "Mme Martin");
  g_assert_cmpstr (message->host_key, ==, "p7Qx");
  g_assert_nonnull (message->options);
  g_assert_true (json_node_equal (message->options, want));

  g_assert_cmpstr (bare->quiz, ==, "");
  g_assert_null (bare->format);
  g_assert_null (bare->filename);
  g_assert_null (bare->name);
  g_assert_null (bare->host_key);
  g_assert_null (bare->options);
}

static void
test_encode_resume_host (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_resume_host ("K7RT4Q", "5e0c91ab");
  g_autoptr(JsonObject) object = parse_line (bytes, "resume_host");
  g_autoptr(PupitreClientMessage) message = decode_bytes (bytes);

  assert_n_members (object, 3);
  assert_string_member (object, "game", "K7RT4Q");
  assert_string_member (object, "host_token", "5e0c91ab");
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_RESUME_HOST);
  g_assert_cmpstr (message->game, ==, "K7RT4Q");
  g_assert_cmpstr (message->token, ==, "5e0c91ab");
}

static void
test_encode_host_command (void)
{
  const struct { const char *type; PupitreClientMessageType decoded; } cases[] = {
    { "next", PUPITRE_CLIENT_NEXT },
    { "close", PUPITRE_CLIENT_CLOSE },
    { "pause", PUPITRE_CLIENT_PAUSE },
    { "resume", PUPITRE_CLIENT_RESUME },
    { "lock", PUPITRE_CLIENT_LOCK },
    { "unlock", PUPITRE_CLIENT_UNLOCK },
    { "end", PUPITRE_CLIENT_END },
    { "play_again", PUPITRE_CLIENT_PLAY_AGAIN },
    { "get_results", PUPITRE_CLIENT_GET_RESULTS },
    { "close_game", PUPITRE_CLIENT_CLOSE_GAME },
    { "start", PUPITRE_CLIENT_START },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = pupitre_message_host_command (cases[i].type);
      g_autoptr(JsonObject) object = parse_line (bytes, cases[i].type);
      g_autoptr(PupitreClientMessage) message = decode_bytes (bytes);

      assert_n_members (object, 1);
      g_assert_cmpint (message->type, ==, cases[i].decoded);
    }
}

static void
test_encode_host_command_refused (void)
{
  /* A type is written unescaped: anything but a command is refused. */
  g_test_expect_message ("pupitre", G_LOG_LEVEL_CRITICAL, "*g_strv_contains*");
  g_assert_null (pupitre_message_host_command ("next\",\"x\":\"1"));
  g_test_assert_expected_messages ();
}

static void
test_encode_add_time (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_add_time (30000);
  g_autoptr(JsonObject) object = parse_line (bytes, "add_time");
  g_autoptr(PupitreClientMessage) message = decode_bytes (bytes);

  assert_n_members (object, 2);
  assert_int_member (object, "ms", 30000);
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_ADD_TIME);
  g_assert_cmpint (message->ms, ==, 30000);
}

static void
test_encode_kick (void)
{
  g_autoptr(GBytes) bytes = pupitre_message_kick (TRICKY);
  g_autoptr(JsonObject) object = parse_line (bytes, "kick");
  g_autoptr(PupitreClientMessage) message = decode_bytes (bytes);

  assert_n_members (object, 2);
  assert_string_member (object, "name", TRICKY);
  g_assert_cmpint (message->type, ==, PUPITRE_CLIENT_KICK);
  g_assert_cmpstr (message->name, ==, TRICKY);
}

static void
test_error_codes (void)
{
  for (int code = PUPITRE_ERROR_BAD_JSON; code < PUPITRE_ERROR_UNKNOWN; code++)
    {
      const char *text = pupitre_error_code_to_string (code);

      g_assert_cmpstr (text, !=, "unknown");
      g_assert_cmpint (pupitre_error_code_from_string (text), ==, code);
      g_assert_nonnull (pupitre_error_code_describe (code));
      g_assert_cmpstr (pupitre_error_code_describe (code), !=,
                       pupitre_error_code_describe (PUPITRE_ERROR_UNKNOWN));
    }

  g_assert_cmpstr (pupitre_error_code_to_string (PUPITRE_ERROR_NAME_TAKEN), ==, "name-taken");
  g_assert_cmpstr (pupitre_error_code_to_string (PUPITRE_ERROR_SLOW_CONSUMER), ==, "slow-consumer");
  g_assert_cmpint (pupitre_error_code_from_string ("from-the-future"), ==, PUPITRE_ERROR_UNKNOWN);
  g_assert_cmpint (pupitre_error_code_from_string (NULL), ==, PUPITRE_ERROR_UNKNOWN);
  g_assert_cmpstr (pupitre_error_code_to_string (PUPITRE_ERROR_UNKNOWN), ==, "unknown");
  g_assert_cmpstr (pupitre_error_code_describe (PUPITRE_ERROR_NAME_TAKEN), ==,
                   "That name is already taken in this game. Choose another one.");
}

static void
test_error_fatal (void)
{
  for (int code = PUPITRE_ERROR_BAD_JSON; code <= PUPITRE_ERROR_UNKNOWN; code++)
    {
      gboolean fatal = code == PUPITRE_ERROR_LINE_TOO_LONG ||
                       code == PUPITRE_ERROR_PROTOCOL_VERSION ||
                       code == PUPITRE_ERROR_JOIN_TIMEOUT ||
                       code == PUPITRE_ERROR_SLOW_CONSUMER ||
                       code == PUPITRE_ERROR_KICKED;

      g_assert_cmpint (pupitre_error_code_is_fatal (code), ==, fatal);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message/decode/join/minimal", test_decode_join_minimal);
  g_test_add_func ("/message/decode/join/all-members", test_decode_join_full);
  g_test_add_func ("/message/decode/join/null-optionals", test_decode_join_null_optionals);
  g_test_add_func ("/message/decode/join/bad-field", test_decode_join_errors);
  g_test_add_func ("/message/decode/join/protocol-version", test_decode_join_protocol_version);
  g_test_add_func ("/message/decode/answer/valid", test_decode_answer);
  g_test_add_func ("/message/decode/answer/bad-field", test_decode_answer_errors);
  g_test_add_func ("/message/decode/answer/error-names-member", test_decode_answer_error_names_member);
  g_test_add_func ("/message/decode/chat/valid", test_decode_chat);
  g_test_add_func ("/message/decode/chat/bad-field", test_decode_chat_errors);
  g_test_add_func ("/message/decode/ping/any-id", test_decode_ping);
  g_test_add_func ("/message/decode/quiz-part/valid", test_decode_quiz_part);
  g_test_add_func ("/message/decode/quiz-part/bad-field", test_decode_quiz_part_errors);
  g_test_add_func ("/message/decode/create-game/minimal", test_decode_create_game_minimal);
  g_test_add_func ("/message/decode/create-game/all-members", test_decode_create_game_full);
  g_test_add_func ("/message/decode/create-game/bad-field", test_decode_create_game_errors);
  g_test_add_func ("/message/decode/resume-host/valid", test_decode_resume_host);
  g_test_add_func ("/message/decode/resume-host/bad-field", test_decode_resume_host_errors);
  g_test_add_func ("/message/decode/add-time/default-and-range", test_decode_add_time);
  g_test_add_func ("/message/decode/add-time/bad-field", test_decode_add_time_errors);
  g_test_add_func ("/message/decode/kick/valid", test_decode_kick);
  g_test_add_func ("/message/decode/kick/bad-field", test_decode_kick_errors);
  g_test_add_func ("/message/decode/no-members", test_decode_no_members);
  g_test_add_func ("/message/decode/unknown-type", test_decode_unknown_type);
  g_test_add_func ("/message/decode/bad-json", test_decode_bad_json);
  g_test_add_func ("/message/decode/ref-type-optional", test_decode_ref_type_optional);
  g_test_add_func ("/message/name/trim", test_name_trim);
  g_test_add_func ("/message/name/length-in-characters", test_name_length);
  g_test_add_func ("/message/name/empty", test_name_empty);
  g_test_add_func ("/message/name/control-characters", test_name_control_characters);
  g_test_add_func ("/message/name/collate-key", test_name_collate);
  g_test_add_func ("/message/encode/welcome", test_encode_welcome);
  g_test_add_func ("/message/encode/error", test_encode_error);
  g_test_add_func ("/message/encode/joined", test_encode_joined);
  g_test_add_func ("/message/encode/players-capped", test_encode_players);
  g_test_add_func ("/message/encode/players-empty", test_encode_players_empty);
  g_test_add_func ("/message/encode/chat", test_encode_chat);
  g_test_add_func ("/message/encode/countdown", test_encode_countdown);
  g_test_add_func ("/message/encode/question", test_encode_question);
  g_test_add_func ("/message/encode/answer-ack", test_encode_answer_ack);
  g_test_add_func ("/message/encode/progress", test_encode_progress);
  g_test_add_func ("/message/encode/round-result-capped", test_encode_round_result);
  g_test_add_func ("/message/encode/round-result-no-explanation", test_encode_round_result_no_explanation);
  g_test_add_func ("/message/encode/standing", test_encode_standing);
  g_test_add_func ("/message/encode/game-over-capped", test_encode_game_over);
  g_test_add_func ("/message/encode/no-members", test_encode_bare);
  g_test_add_func ("/message/encode/pong-echoes-id", test_encode_pong);
  g_test_add_func ("/message/encode/join", test_encode_join);
  g_test_add_func ("/message/encode/answer", test_encode_answer);
  g_test_add_func ("/message/encode/chat-request", test_encode_chat_request);
  g_test_add_func ("/message/encode/ping", test_encode_ping);
  g_test_add_func ("/message/encode/joined-full", test_encode_joined_full);
  g_test_add_func ("/message/encode/host-chat", test_encode_host_chat);
  g_test_add_func ("/message/encode/game-created", test_encode_game_created);
  g_test_add_func ("/message/encode/game-state", test_encode_game_state);
  g_test_add_func ("/message/encode/host-progress-capped", test_encode_host_progress);
  g_test_add_func ("/message/encode/round-report", test_encode_round_report);
  g_test_add_func ("/message/encode/results-capped", test_encode_results);
  g_test_add_func ("/message/encode/timer", test_encode_timer);
  g_test_add_func ("/message/encode/game-closed", test_encode_game_closed);
  g_test_add_func ("/message/encode/quiz-part", test_encode_quiz_part);
  g_test_add_func ("/message/encode/create-game-round-trip", test_encode_create_game);
  g_test_add_func ("/message/encode/resume-host", test_encode_resume_host);
  g_test_add_func ("/message/encode/host-commands", test_encode_host_command);
  g_test_add_func ("/message/encode/host-commands-only", test_encode_host_command_refused);
  g_test_add_func ("/message/encode/add-time", test_encode_add_time);
  g_test_add_func ("/message/encode/kick", test_encode_kick);
  g_test_add_func ("/message/error/codes", test_error_codes);
  g_test_add_func ("/message/error/fatal", test_error_fatal);

  return g_test_run ();
}
