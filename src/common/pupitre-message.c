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

/* Copies an optional string member into *@out (left NULL when absent). */
static gboolean
dup_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            char       **out,
            GError     **error)
{
  const char *value = NULL;

  if (!pupitre_json_get_string (object, member, required, &value, error))
    return FALSE;

  *out = g_strdup (value);
  return TRUE;
}

static gboolean
decode_join (JsonObject            *object,
             PupitreClientMessage  *message,
             GError               **error)
{
  JsonNode *version = json_object_get_member (object, "protocol");
  gint64 protocol = 0;

  /* The version is checked first: a newer client's other members may not
   * mean what this version thinks. */
  if (!pupitre_json_get_int (object, "protocol", FALSE,
                             G_MININT64, G_MAXINT64, &protocol, error))
    return FALSE;
  if (version != NULL && !JSON_NODE_HOLDS_NULL (version) &&
      protocol != PUPITRE_PROTOCOL_VERSION)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_PROTOCOL_VERSION,
                   _("Protocol version %" G_GINT64_FORMAT " is not supported; this server speaks version %d"),
                   protocol, PUPITRE_PROTOCOL_VERSION);
      return FALSE;
    }
  message->protocol = protocol;

  return dup_string (object, "name", TRUE, &message->name, error) &&
         dup_string (object, "game", FALSE, &message->game, error) &&
         dup_string (object, "token", FALSE, &message->token, error) &&
         dup_string (object, "host_key", FALSE, &message->host_key, error);
}

static gboolean
decode_answer (JsonObject            *object,
               PupitreClientMessage  *message,
               GError               **error)
{
  return pupitre_json_get_int (object, "round", TRUE, 1, G_MAXINT,
                               &message->round, error) &&
         pupitre_json_get_int (object, "choice", TRUE, 0, G_MAXINT,
                               &message->choice, error);
}

static gboolean
decode_chat (JsonObject            *object,
             PupitreClientMessage  *message,
             GError               **error)
{
  const char *text = NULL;
  glong n_chars;

  if (!pupitre_json_get_string (object, "text", TRUE, &text, error))
    return FALSE;

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars < 1 || n_chars > PUPITRE_MAX_CHAT_CHARS)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“text” must have 1 to %d characters"),
                   PUPITRE_MAX_CHAT_CHARS);
      return FALSE;
    }

  message->text = g_strdup (text);
  return TRUE;
}

static gboolean
decode_ping (JsonObject            *object,
             PupitreClientMessage  *message,
             GError               **error)
{
  JsonNode *id = json_object_get_member (object, "id");

  if (id != NULL)
    message->id = json_node_copy (id);

  return TRUE;
}

static const struct
{
  const char               *name;
  PupitreClientMessageType  type;
  gboolean                (*decode) (JsonObject            *object,
                                     PupitreClientMessage  *message,
                                     GError               **error);
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
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(PupitreClientMessage) message = NULL;
  const char *type;

  g_return_val_if_fail (line != NULL || len == 0, NULL);

  if (ref_type != NULL)
    *ref_type = NULL;

  object = pupitre_json_parse_object (line, len, error);
  if (object == NULL)
    return NULL;

  type = json_object_get_string_member (object, "type");
  if (ref_type != NULL)
    *ref_type = g_strdup (type);

  for (guint i = 0; i < G_N_ELEMENTS (client_types); i++)
    {
      if (strcmp (type, client_types[i].name) != 0)
        continue;

      message = g_new0 (PupitreClientMessage, 1);
      message->type = client_types[i].type;

      if (client_types[i].decode != NULL &&
          !client_types[i].decode (object, message, error))
        return NULL;

      return g_steal_pointer (&message);
    }

  g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_UNKNOWN_TYPE,
               _("Unknown message type “%s”"), type);
  return NULL;
}

char *
pupitre_utf8_strip (const char *str)
{
  const char *start;
  const char *end;

  g_return_val_if_fail (str != NULL, NULL);

  start = str;
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

static gboolean
is_forbidden_in_name (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;

    case G_UNICODE_FORMAT:
      /* Bidirectional overrides and isolates would let a name reorder the
       * text shown after it; joiners are needed by some scripts and emoji. */
      return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);

    default:
      return FALSE;
    }
}

char *
pupitre_name_normalize (const char  *raw,
                        GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *name = NULL;
  glong n_chars;

  if (raw == NULL || !g_utf8_validate (raw, -1, NULL))
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                           _("The name is not valid text."));
      return NULL;
    }

  stripped = pupitre_utf8_strip (raw);
  /* Composed form: “é” typed either way is one character and one name. */
  name = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFC);
  if (name == NULL)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                           _("The name is not valid text."));
      return NULL;
    }

  n_chars = g_utf8_strlen (name, -1);
  if (n_chars < 1)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                           _("The name is empty."));
      return NULL;
    }
  if (n_chars > PUPITRE_MAX_NAME_CHARS)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                   _("The name is longer than %d characters."),
                   PUPITRE_MAX_NAME_CHARS);
      return NULL;
    }

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_forbidden_in_name (g_utf8_get_char (p)))
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_NAME_INVALID,
                               _("The name contains a control character."));
          return NULL;
        }
    }

  return g_steal_pointer (&name);
}

char *
pupitre_name_collate_key (const char *name)
{
  g_autofree char *composed = NULL;
  g_autofree char *folded = NULL;
  char *key;

  g_return_val_if_fail (name != NULL, NULL);

  composed = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  if (composed == NULL)
    return g_strdup (name);

  folded = g_utf8_casefold (composed, -1);
  /* Case folding may decompose (“ǰ”): compose again so that equal names
   * give equal keys. */
  key = g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);

  return key != NULL ? key : g_steal_pointer (&folded);
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
