/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decoding of client messages and encoding of every message, as lines. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pupitre-error.h"
#include "pupitre-json.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"

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
  GString *out = begin_message ("joined");

  add_string (out, "name", name);
  add_string (out, "token", token);
  if (game != NULL)
    add_string (out, "game", game);
  add_string (out, "state", state);
  add_int (out, "needed", needed);
  if (resumed)
    add_boolean (out, "resumed", TRUE);

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
                           guint                    n_totals)
{
  GString *out;

  g_return_val_if_fail (totals != NULL || n_totals == 0, NULL);

  out = begin_message ("game_over");

  add_totals (out, totals, n_totals);

  return end_message (out);
}

GBytes *
pupitre_message_shutdown (void)
{
  return bare_message ("shutdown");
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
