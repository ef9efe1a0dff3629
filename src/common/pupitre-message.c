/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decoding of client messages and encoding of every message, as lines. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-error.h"
#include "pupitre-json.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"

/* The bounds of section 14's host messages. */
#define PUPITRE_MAX_FILENAME_CHARS   255
#define PUPITRE_ADD_TIME_MIN_MS      1000
#define PUPITRE_ADD_TIME_MAX_MS      600000
#define PUPITRE_ADD_TIME_DEFAULT_MS  15000

void
pupitre_client_message_free (PupitreClientMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->name);
  g_free (message->game);
  g_free (message->token);
  g_free (message->host_key);
  g_free (message->text);
  g_free (message->quiz);
  g_free (message->format);
  g_free (message->filename);
  g_clear_pointer (&message->options, json_node_unref);
  g_clear_pointer (&message->id, json_node_unref);
  g_free (message);
}

/* The members a client message may carry; others are ignored. Looking them
 * up in the line itself, without json-glib's tree, keeps decoding a small
 * part of the server's work when every player answers at once. The most
 * frequent messages' members come first: keys are looked for in this
 * order. */
typedef enum
{
  MEMBER_TYPE,
  MEMBER_ROUND,
  MEMBER_CHOICE,
  MEMBER_ID,
  MEMBER_TEXT,
  MEMBER_NAME,
  MEMBER_GAME,
  MEMBER_TOKEN,
  MEMBER_HOST_KEY,
  MEMBER_PROTOCOL,
  /* Hosted games: a host sends few messages. */
  MEMBER_MS,
  MEMBER_QUIZ,
  MEMBER_FORMAT,
  MEMBER_FILENAME,
  MEMBER_OPTIONS,
  MEMBER_HOST_TOKEN,
  N_MEMBERS
} Member;

/* "type" first: pupitre_json_scan_message() wants it there. */
static const PupitreJsonName member_names[N_MEMBERS] = {
  [MEMBER_TYPE] = PUPITRE_JSON_NAME ("type"),
  [MEMBER_ROUND] = PUPITRE_JSON_NAME ("round"),
  [MEMBER_CHOICE] = PUPITRE_JSON_NAME ("choice"),
  [MEMBER_ID] = PUPITRE_JSON_NAME ("id"),
  [MEMBER_TEXT] = PUPITRE_JSON_NAME ("text"),
  [MEMBER_NAME] = PUPITRE_JSON_NAME ("name"),
  [MEMBER_GAME] = PUPITRE_JSON_NAME ("game"),
  [MEMBER_TOKEN] = PUPITRE_JSON_NAME ("token"),
  [MEMBER_HOST_KEY] = PUPITRE_JSON_NAME ("host_key"),
  [MEMBER_PROTOCOL] = PUPITRE_JSON_NAME ("protocol"),
  [MEMBER_MS] = PUPITRE_JSON_NAME ("ms"),
  [MEMBER_QUIZ] = PUPITRE_JSON_NAME ("quiz"),
  [MEMBER_FORMAT] = PUPITRE_JSON_NAME ("format"),
  [MEMBER_FILENAME] = PUPITRE_JSON_NAME ("filename"),
  [MEMBER_OPTIONS] = PUPITRE_JSON_NAME ("options"),
  [MEMBER_HOST_TOKEN] = PUPITRE_JSON_NAME ("host_token"),
};

/* Copies a string member into *@out (left NULL when absent). */
static gboolean
dup_string (const PupitreJsonMember  *members,
            Member                    member,
            gboolean                  required,
            char                    **out,
            GError                  **error)
{
  return pupitre_json_member_get_string (&members[member], member_names[member].name,
                                         required, out, error);
}

static gboolean
decode_join (const PupitreJsonMember  *members,
             PupitreClientMessage     *message,
             GError                  **error)
{
  const PupitreJsonMember *version = &members[MEMBER_PROTOCOL];
  gint64 protocol = 0;

  /* The version is checked first: a newer client's other members may not
   * mean what this version thinks. */
  if (!pupitre_json_member_get_int (version, "protocol", FALSE,
                                    G_MININT64, G_MAXINT64, &protocol, error))
    return FALSE;
  if (version->value != NULL && version->kind != PUPITRE_JSON_KIND_NULL &&
      protocol != PUPITRE_PROTOCOL_VERSION)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_PROTOCOL_VERSION,
                   _("Protocol version %lld is not supported; this server speaks version %d"),
                   (long long) protocol, PUPITRE_PROTOCOL_VERSION);
      return FALSE;
    }
  message->protocol = protocol;

  return dup_string (members, MEMBER_NAME, TRUE, &message->name, error) &&
         dup_string (members, MEMBER_GAME, FALSE, &message->game, error) &&
         dup_string (members, MEMBER_TOKEN, FALSE, &message->token, error) &&
         dup_string (members, MEMBER_HOST_KEY, FALSE, &message->host_key, error);
}

static gboolean
decode_answer (const PupitreJsonMember  *members,
               PupitreClientMessage     *message,
               GError                  **error)
{
  /* Any integer is a choice here: the game knows how many its question
   * has, and answers one outside them with bad-choice, as the contract
   * says, however far outside it is. */
  return pupitre_json_member_get_int (&members[MEMBER_ROUND], "round", TRUE,
                                      1, G_MAXINT, &message->round, error) &&
         pupitre_json_member_get_int (&members[MEMBER_CHOICE], "choice", TRUE,
                                      G_MININT64, G_MAXINT64, &message->choice, error);
}

static gboolean
decode_chat (const PupitreJsonMember  *members,
             PupitreClientMessage     *message,
             GError                  **error)
{
  g_autofree char *text = NULL;
  glong n_chars;

  if (!dup_string (members, MEMBER_TEXT, TRUE, &text, error))
    return FALSE;

  /* Counted once the escapes are decoded: "\u00e9" is one character. */
  n_chars = g_utf8_strlen (text, -1);
  if (n_chars < 1 || n_chars > PUPITRE_MAX_CHAT_CHARS)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“text” must have 1 to %d characters"),
                   PUPITRE_MAX_CHAT_CHARS);
      return FALSE;
    }

  message->text = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
decode_ping (const PupitreJsonMember  *members,
             PupitreClientMessage     *message,
             GError                  **error)
{
  /* Any value is an id, null included: it is echoed as it came. */
  if (members[MEMBER_ID].value != NULL)
    {
      message->id = pupitre_json_member_to_node (&members[MEMBER_ID], error);
      if (message->id == NULL)
        return FALSE;
    }

  return TRUE;
}

/* Any text, the empty string included: the parts only add up to a quiz
 * once create_game ends the upload, and the server counts their size. */
static gboolean
decode_quiz_part (const PupitreJsonMember  *members,
                  PupitreClientMessage     *message,
                  GError                  **error)
{
  return dup_string (members, MEMBER_TEXT, TRUE, &message->text, error);
}

static gboolean
decode_create_game (const PupitreJsonMember  *members,
                    PupitreClientMessage     *message,
                    GError                  **error)
{
  const PupitreJsonMember *options = &members[MEMBER_OPTIONS];

  if (!dup_string (members, MEMBER_QUIZ, TRUE, &message->quiz, error) ||
      !dup_string (members, MEMBER_FORMAT, FALSE, &message->format, error) ||
      !dup_string (members, MEMBER_FILENAME, FALSE, &message->filename, error) ||
      !dup_string (members, MEMBER_NAME, FALSE, &message->name, error) ||
      !dup_string (members, MEMBER_HOST_KEY, FALSE, &message->host_key, error))
    return FALSE;

  /* Counted once the escapes are decoded, as a chat's text is. The format's
   * name is the server's to check: it knows which importers it has. */
  if (message->filename != NULL)
    {
      glong n_chars = g_utf8_strlen (message->filename, -1);

      if (n_chars < 1 || n_chars > PUPITRE_MAX_FILENAME_CHARS)
        {
          g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                       _("“filename” must have 1 to %d characters"),
                       PUPITRE_MAX_FILENAME_CHARS);
          return FALSE;
        }
    }

  /* null is absent, as for every optional member; the object's members
   * are checked by pupitre_game_options_from_json() on the server. */
  if (options->value != NULL && options->kind != PUPITRE_JSON_KIND_NULL)
    {
      if (options->kind != PUPITRE_JSON_KIND_OBJECT)
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                               _("“options” must be an object"));
          return FALSE;
        }

      message->options = pupitre_json_member_to_node (options, error);
      if (message->options == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
decode_resume_host (const PupitreJsonMember  *members,
                    PupitreClientMessage     *message,
                    GError                  **error)
{
  return dup_string (members, MEMBER_GAME, TRUE, &message->game, error) &&
         dup_string (members, MEMBER_HOST_TOKEN, TRUE, &message->token, error);
}

static gboolean
decode_add_time (const PupitreJsonMember  *members,
                 PupitreClientMessage     *message,
                 GError                  **error)
{
  message->ms = PUPITRE_ADD_TIME_DEFAULT_MS;
  return pupitre_json_member_get_int (&members[MEMBER_MS], "ms", FALSE,
                                      PUPITRE_ADD_TIME_MIN_MS, PUPITRE_ADD_TIME_MAX_MS,
                                      &message->ms, error);
}

static gboolean
decode_kick (const PupitreJsonMember  *members,
             PupitreClientMessage     *message,
             GError                  **error)
{
  /* As sent: the game looks the seat up by the name's rules. */
  return dup_string (members, MEMBER_NAME, TRUE, &message->name, error);
}

static const struct
{
  const char               *name;
  PupitreClientMessageType  type;
  gboolean                (*decode) (const PupitreJsonMember  *members,
                                     PupitreClientMessage     *message,
                                     GError                  **error);
} client_types[] = {
  { "join", PUPITRE_CLIENT_JOIN, decode_join },
  { "answer", PUPITRE_CLIENT_ANSWER, decode_answer },
  { "chat", PUPITRE_CLIENT_CHAT, decode_chat },
  { "ping", PUPITRE_CLIENT_PING, decode_ping },
  { "quit", PUPITRE_CLIENT_QUIT, NULL },
  { "start", PUPITRE_CLIENT_START, NULL },
  { "skip", PUPITRE_CLIENT_SKIP, NULL },
  { "quiz_part", PUPITRE_CLIENT_QUIZ_PART, decode_quiz_part },
  { "create_game", PUPITRE_CLIENT_CREATE_GAME, decode_create_game },
  { "resume_host", PUPITRE_CLIENT_RESUME_HOST, decode_resume_host },
  { "next", PUPITRE_CLIENT_NEXT, NULL },
  { "close", PUPITRE_CLIENT_CLOSE, NULL },
  { "pause", PUPITRE_CLIENT_PAUSE, NULL },
  { "resume", PUPITRE_CLIENT_RESUME, NULL },
  { "add_time", PUPITRE_CLIENT_ADD_TIME, decode_add_time },
  { "kick", PUPITRE_CLIENT_KICK, decode_kick },
  { "lock", PUPITRE_CLIENT_LOCK, NULL },
  { "unlock", PUPITRE_CLIENT_UNLOCK, NULL },
  { "end", PUPITRE_CLIENT_END, NULL },
  { "play_again", PUPITRE_CLIENT_PLAY_AGAIN, NULL },
  { "get_results", PUPITRE_CLIENT_GET_RESULTS, NULL },
  { "close_game", PUPITRE_CLIENT_CLOSE_GAME, NULL },
};

PupitreClientMessage *
pupitre_client_message_decode (const char  *line,
                               gsize        len,
                               char       **ref_type,
                               GError     **error)
{
  PupitreJsonMember members[N_MEMBERS];
  g_autoptr(PupitreClientMessage) message = NULL;
  g_autofree char *owned_type = NULL;
  const char *type;

  g_return_val_if_fail (line != NULL || len == 0, NULL);

  if (ref_type != NULL)
    *ref_type = NULL;

  if (!pupitre_json_scan_message (line, len, member_names, N_MEMBERS,
                                  members, error))
    return NULL;

  /* The caller's copy of the type, when it wants one, is the one read. */
  if (!dup_string (members, MEMBER_TYPE, TRUE, &owned_type, error))
    return NULL;
  type = owned_type;
  if (ref_type != NULL)
    *ref_type = g_steal_pointer (&owned_type);

  for (guint i = 0; i < G_N_ELEMENTS (client_types); i++)
    {
      if (strcmp (type, client_types[i].name) != 0)
        continue;

      message = g_new0 (PupitreClientMessage, 1);
      message->type = client_types[i].type;

      if (client_types[i].decode != NULL &&
          !client_types[i].decode (members, message, error))
        return NULL;

      return g_steal_pointer (&message);
    }

  g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_UNKNOWN_TYPE,
               _("Unknown message type “%s”"), type);
  return NULL;
}

/* Encoding. Messages are written by hand: the server encodes one line per
 * player and per round, and a GString with a few appends is much cheaper
 * than building a tree. Member names and shapes follow docs/protocol.md. */

static void
append_int (GString *out,
            gint64   value)
{
  char digits[24];
  guint64 magnitude;
  guint n = 0;

  if (value < 0)
    {
      g_string_append_c (out, '-');
      magnitude = (guint64) -(value + 1) + 1;
    }
  else
    {
      magnitude = (guint64) value;
    }

  do
    {
      digits[n++] = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude > 0);

  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static GString *
begin_message (const char *type)
{
  GString *out = g_string_sized_new (128);

  g_string_append (out, "{\"type\":\"");
  g_string_append (out, type);
  g_string_append_c (out, '"');

  return out;
}

static GBytes *
end_message (GString *out)
{
  g_string_append (out, "}\n");
  return g_string_free_to_bytes (out);
}

/* ,"member": */
static void
append_key (GString    *out,
            const char *member)
{
  g_string_append (out, ",\"");
  g_string_append (out, member);
  g_string_append (out, "\":");
}

static void
add_string (GString    *out,
            const char *member,
            const char *value)
{
  append_key (out, member);
  pupitre_json_append_string (out, value);
}

static void
add_int (GString    *out,
         const char *member,
         gint64      value)
{
  append_key (out, member);
  append_int (out, value);
}

/* A negative value is JSON null: “no answer”. */
static void
add_int_or_null (GString    *out,
                 const char *member,
                 gint64      value)
{
  append_key (out, member);
  if (value < 0)
    g_string_append (out, "null");
  else
    append_int (out, value);
}

static void
add_boolean (GString    *out,
             const char *member,
             gboolean    value)
{
  append_key (out, member);
  g_string_append (out, value ? "true" : "false");
}

/* A node, written by the project's writer (json-glib 1.6's generator
 * writes some values that are not JSON). */
static void
add_node (GString    *out,
          const char *member,
          JsonNode   *node)
{
  append_key (out, member);
  pupitre_json_append_node (out, node);
}

static void
add_string_list (GString            *out,
                 const char         *member,
                 const char * const *strings,
                 guint               n_strings)
{
  append_key (out, member);
  g_string_append_c (out, '[');
  for (guint i = 0; i < n_strings; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      pupitre_json_append_string (out, strings[i]);
    }
  g_string_append_c (out, ']');
}

static void
add_totals (GString                 *out,
            const PupitreTotalEntry *totals,
            guint                    n_totals)
{
  append_key (out, "totals");
  g_string_append_c (out, '[');
  for (guint i = 0; i < MIN (n_totals, PUPITRE_LIST_MAX); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"name\":");
      pupitre_json_append_string (out, totals[i].name);
      add_int (out, "score", totals[i].score);
      add_int (out, "rank", totals[i].rank);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static GBytes *
bare_message (const char *type)
{
  return end_message (begin_message (type));
}

GBytes *
pupitre_message_welcome (const char *server)
{
  GString *out = begin_message ("welcome");

  add_int (out, "protocol", PUPITRE_PROTOCOL_VERSION);
  add_string (out, "server", server);

  return end_message (out);
}

GBytes *
pupitre_message_error_at_line (const char *code,
                               const char *message,
                               const char *ref,
                               guint       line)
{
  GString *out;

  g_return_val_if_fail (code != NULL && message != NULL, NULL);

  out = begin_message ("error");
  add_string (out, "code", code);
  add_string (out, "message", message);
  if (ref != NULL)
    add_string (out, "ref", ref);
  add_int (out, "line", line);
  return end_message (out);
}

GBytes *
pupitre_message_error (const char *code,
                       const char *message,
                       const char *ref)
{
  GString *out;

  g_return_val_if_fail (code != NULL, NULL);

  out = begin_message ("error");

  if (message == NULL)
    message = pupitre_error_code_describe (pupitre_error_code_from_string (code));

  add_string (out, "code", code);
  add_string (out, "message", message);
  if (ref != NULL)
    add_string (out, "ref", ref);

  return end_message (out);
}

GBytes *
pupitre_message_joined (const char *name,
                        const char *token,
                        const char *game,
                        const char *state,
                        guint       needed,
                        gboolean    resumed)
{
  const PupitreJoinedInfo info = {
    .name = name,
    .token = token,
    .game = game,
    .state = state,
    .needed = needed,
    .resumed = resumed,
  };

  return pupitre_message_joined_full (&info);
}

GBytes *
pupitre_message_joined_full (const PupitreJoinedInfo *info)
{
  GString *out;

  g_return_val_if_fail (info != NULL, NULL);

  out = begin_message ("joined");

  add_string (out, "name", info->name);
  add_string (out, "token", info->token);
  if (info->game != NULL)
    add_string (out, "game", info->game);
  add_string (out, "state", info->state);
  add_int (out, "needed", info->needed);
  if (info->resumed)
    add_boolean (out, "resumed", TRUE);

  /* Section 14.9's members: a caller that does not set the rule writes
   * the joined of section 5, byte for byte. */
  if (info->scoring != NULL)
    {
      add_string (out, "scoring", info->scoring);
      add_int (out, "round", info->round);
      add_int (out, "rounds", info->rounds);
      add_boolean (out, "hosted", info->hosted);
      if (info->options != NULL)
        add_node (out, "options", info->options);
    }

  return end_message (out);
}

GBytes *
pupitre_message_players (guint                     count,
                         const PupitrePlayerEntry *players,
                         guint                     n_players,
                         guint                     needed)
{
  GString *out;

  g_return_val_if_fail (players != NULL || n_players == 0, NULL);

  out = begin_message ("players");

  add_int (out, "count", count);
  append_key (out, "players");
  g_string_append_c (out, '[');
  for (guint i = 0; i < MIN (n_players, PUPITRE_LIST_MAX); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"name\":");
      pupitre_json_append_string (out, players[i].name);
      add_boolean (out, "connected", players[i].connected);
      add_int (out, "score", players[i].score);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  add_int (out, "needed", needed);

  return end_message (out);
}

GBytes *
pupitre_message_chat (const char *from,
                      const char *text)
{
  GString *out = begin_message ("chat");

  add_string (out, "from", from);
  add_string (out, "text", text);

  return end_message (out);
}

GBytes *
pupitre_message_countdown (guint round,
                           guint rounds,
                           guint seconds)
{
  GString *out = begin_message ("countdown");

  add_int (out, "round", round);
  add_int (out, "rounds", rounds);
  add_int (out, "seconds", seconds);

  return end_message (out);
}

GBytes *
pupitre_message_question (guint               round,
                          guint               rounds,
                          const char         *text,
                          const char * const *choices,
                          gint64              time_limit_ms,
                          gint64              remaining_ms)
{
  GString *out = begin_message ("question");

  add_int (out, "round", round);
  add_int (out, "rounds", rounds);
  add_string (out, "text", text);
  append_key (out, "choices");
  g_string_append_c (out, '[');
  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      pupitre_json_append_string (out, choices[i]);
    }
  g_string_append_c (out, ']');
  add_int (out, "time_limit_ms", time_limit_ms);
  if (remaining_ms >= 0)
    add_int (out, "remaining_ms", remaining_ms);

  return end_message (out);
}

GBytes *
pupitre_message_answer_ack (guint  round,
                            guint  choice,
                            gint64 time_ms)
{
  GString *out = begin_message ("answer_ack");

  add_int (out, "round", round);
  add_int (out, "choice", choice);
  add_int (out, "time_ms", time_ms);

  return end_message (out);
}

GBytes *
pupitre_message_progress (guint round,
                          guint answered,
                          guint players)
{
  GString *out = begin_message ("progress");

  add_int (out, "round", round);
  add_int (out, "answered", answered);
  add_int (out, "players", players);

  return end_message (out);
}

GBytes *
pupitre_message_round_result (guint                     round,
                              guint                     correct,
                              const char               *explanation,
                              const PupitreResultEntry *results,
                              guint                     n_results,
                              const PupitreTotalEntry  *totals,
                              guint                     n_totals)
{
  GString *out;

  g_return_val_if_fail (results != NULL || n_results == 0, NULL);
  g_return_val_if_fail (totals != NULL || n_totals == 0, NULL);

  out = begin_message ("round_result");

  add_int (out, "round", round);
  add_int (out, "correct", correct);
  if (explanation != NULL)
    add_string (out, "explanation", explanation);

  append_key (out, "results");
  g_string_append_c (out, '[');
  for (guint i = 0; i < MIN (n_results, PUPITRE_LIST_MAX); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"name\":");
      pupitre_json_append_string (out, results[i].name);
      add_int_or_null (out, "choice", results[i].choice);
      add_int (out, "points", results[i].points);
      add_int_or_null (out, "time_ms", results[i].time_ms);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  add_totals (out, totals, n_totals);

  return end_message (out);
}

GBytes *
pupitre_message_standing (guint    round,
                          int      choice,
                          gint64   points,
                          gint64   time_ms,
                          gint64   score,
                          guint    rank,
                          guint    players,
                          gboolean final)
{
  GString *out = begin_message ("standing");

  add_int (out, "round", round);
  add_int_or_null (out, "choice", choice);
  add_int (out, "points", points);
  add_int_or_null (out, "time_ms", time_ms);
  add_int (out, "score", score);
  add_int (out, "rank", rank);
  add_int (out, "players", players);
  if (final)
    add_boolean (out, "final", TRUE);

  return end_message (out);
}

GBytes *
pupitre_message_game_over (const PupitreTotalEntry *totals,
                           guint                    n_totals,
                           gint64                   next_game_ms)
{
  GString *out;

  g_return_val_if_fail (totals != NULL || n_totals == 0, NULL);

  out = begin_message ("game_over");

  add_totals (out, totals, n_totals);
  if (next_game_ms >= 0)
    add_int (out, "next_game_ms", next_game_ms);

  return end_message (out);
}

GBytes *
pupitre_message_shutdown (void)
{
  return bare_message ("shutdown");
}

GBytes *
pupitre_message_host_chat (const char *from,
                           const char *text)
{
  GString *out = begin_message ("chat");

  add_string (out, "from", from);
  add_string (out, "text", text);
  add_boolean (out, "host", TRUE);

  return end_message (out);
}

GBytes *
pupitre_message_game_created (const char         *game,
                              const char         *host_token,
                              const char         *title,
                              guint               rounds,
                              JsonNode           *options,
                              const char * const *warnings,
                              gboolean            resumed)
{
  GString *out;

  g_return_val_if_fail (options != NULL, NULL);

  out = begin_message ("game_created");

  add_string (out, "game", game);
  add_string (out, "host_token", host_token);
  if (title != NULL)
    add_string (out, "title", title);
  add_int (out, "rounds", rounds);
  add_node (out, "options", options);
  add_string_list (out, "warnings", warnings,
                   warnings != NULL ? g_strv_length ((char **) warnings) : 0);
  if (resumed)
    add_boolean (out, "resumed", TRUE);

  return end_message (out);
}

GBytes *
pupitre_message_game_state (const char *game,
                            const char *state,
                            guint       round,
                            guint       rounds,
                            gboolean    locked,
                            gboolean    paused,
                            guint       players,
                            guint       connected)
{
  GString *out = begin_message ("game_state");

  add_string (out, "game", game);
  add_string (out, "state", state);
  add_int (out, "round", round);
  add_int (out, "rounds", rounds);
  add_boolean (out, "locked", locked);
  add_boolean (out, "paused", paused);
  add_int (out, "players", players);
  add_int (out, "connected", connected);

  return end_message (out);
}

GBytes *
pupitre_message_host_progress (guint               round,
                               guint               answered,
                               guint               players,
                               const char * const *waiting,
                               guint               n_waiting)
{
  GString *out;

  g_return_val_if_fail (waiting != NULL || n_waiting == 0, NULL);

  out = begin_message ("host_progress");

  add_int (out, "round", round);
  add_int (out, "answered", answered);
  add_int (out, "players", players);
  add_string_list (out, "waiting", waiting, MIN (n_waiting, PUPITRE_LIST_MAX));

  return end_message (out);
}

GBytes *
pupitre_message_round_report (guint        round,
                              guint        correct,
                              const guint *counts,
                              guint        n_counts,
                              guint        dont_know,
                              guint        no_answer,
                              gint64       average_ms)
{
  GString *out;

  g_return_val_if_fail (counts != NULL || n_counts == 0, NULL);

  out = begin_message ("round_report");

  add_int (out, "round", round);
  add_int (out, "correct", correct);
  append_key (out, "counts");
  g_string_append_c (out, '[');
  for (guint i = 0; i < n_counts; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_int (out, counts[i]);
    }
  g_string_append_c (out, ']');
  add_int (out, "dont_know", dont_know);
  add_int (out, "no_answer", no_answer);
  add_int_or_null (out, "average_ms", average_ms);

  return end_message (out);
}

GBytes *
pupitre_message_results (const PupitreResultRow *rows,
                         guint                   n_rows,
                         gboolean                done)
{
  GString *out;

  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);

  out = begin_message ("results");

  append_key (out, "rows");
  g_string_append_c (out, '[');
  for (guint i = 0; i < MIN (n_rows, PUPITRE_LIST_MAX); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"round\":");
      append_int (out, rows[i].round);
      add_string (out, "question", rows[i].question);
      add_string (out, "player", rows[i].player);
      add_int_or_null (out, "choice", rows[i].choice);
      add_boolean (out, "correct", rows[i].correct);
      add_int_or_null (out, "time_ms", rows[i].time_ms);
      add_int (out, "points", rows[i].points);
      add_int (out, "score", rows[i].score);
      add_int (out, "rank", rows[i].rank);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  add_boolean (out, "done", done);

  return end_message (out);
}

GBytes *
pupitre_message_timer (const char *state,
                       guint       round,
                       gint64      remaining_ms,
                       gint64      time_limit_ms,
                       gboolean    paused,
                       const char *reason)
{
  GString *out = begin_message ("timer");

  add_string (out, "state", state);
  add_int (out, "round", round);
  add_int_or_null (out, "remaining_ms", remaining_ms);
  if (time_limit_ms >= 0)
    add_int (out, "time_limit_ms", time_limit_ms);
  add_boolean (out, "paused", paused);
  if (reason != NULL)
    add_string (out, "reason", reason);

  return end_message (out);
}

GBytes *
pupitre_message_game_closed (const char *reason)
{
  GString *out = begin_message ("game_closed");

  add_string (out, "reason", reason);

  return end_message (out);
}

GBytes *
pupitre_message_bye (void)
{
  return bare_message ("bye");
}

GBytes *
pupitre_message_pong (JsonNode *id)
{
  GString *out = begin_message ("pong");

  if (id != NULL)
    {
      append_key (out, "id");
      pupitre_json_append_node (out, id);
    }

  return end_message (out);
}

GBytes *
pupitre_message_join (const char *name,
                      const char *game,
                      const char *token,
                      const char *host_key)
{
  GString *out = begin_message ("join");

  add_string (out, "name", name);
  if (game != NULL)
    add_string (out, "game", game);
  if (token != NULL)
    add_string (out, "token", token);
  if (host_key != NULL)
    add_string (out, "host_key", host_key);
  add_int (out, "protocol", PUPITRE_PROTOCOL_VERSION);

  return end_message (out);
}

GBytes *
pupitre_message_answer (guint round,
                        guint choice)
{
  GString *out = begin_message ("answer");

  add_int (out, "round", round);
  add_int (out, "choice", choice);

  return end_message (out);
}

GBytes *
pupitre_message_chat_request (const char *text)
{
  GString *out = begin_message ("chat");

  add_string (out, "text", text);

  return end_message (out);
}

GBytes *
pupitre_message_ping (gint64 id)
{
  GString *out = begin_message ("ping");

  add_int (out, "id", id);

  return end_message (out);
}

GBytes *
pupitre_message_quit (void)
{
  return bare_message ("quit");
}

GBytes *
pupitre_message_start (void)
{
  return bare_message ("start");
}

GBytes *
pupitre_message_skip (void)
{
  return bare_message ("skip");
}

GBytes *
pupitre_message_quiz_part (const char *text)
{
  GString *out = begin_message ("quiz_part");

  add_string (out, "text", text);

  return end_message (out);
}

GBytes *
pupitre_message_create_game (const char *quiz,
                             const char *format,
                             const char *filename,
                             const char *name,
                             const char *host_key,
                             JsonNode   *options)
{
  GString *out = begin_message ("create_game");

  add_string (out, "quiz", quiz);
  if (format != NULL)
    add_string (out, "format", format);
  if (filename != NULL)
    add_string (out, "filename", filename);
  if (name != NULL)
    add_string (out, "name", name);
  if (host_key != NULL)
    add_string (out, "host_key", host_key);
  if (options != NULL)
    add_node (out, "options", options);

  return end_message (out);
}

GBytes *
pupitre_message_resume_host (const char *game,
                             const char *host_token)
{
  GString *out = begin_message ("resume_host");

  add_string (out, "game", game);
  add_string (out, "host_token", host_token);

  return end_message (out);
}

GBytes *
pupitre_message_host_command (const char *type)
{
  /* The type is written as it is, unescaped: only these may be. */
  static const char * const commands[] = {
    "next", "close", "pause", "resume", "lock", "unlock", "end",
    "play_again", "get_results", "close_game", "start", NULL,
  };

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (g_strv_contains (commands, type), NULL);

  return bare_message (type);
}

GBytes *
pupitre_message_add_time (gint64 ms)
{
  GString *out = begin_message ("add_time");

  add_int (out, "ms", ms);

  return end_message (out);
}

GBytes *
pupitre_message_kick (const char *name)
{
  GString *out = begin_message ("kick");

  add_string (out, "name", name);

  return end_message (out);
}
