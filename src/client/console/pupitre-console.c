/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The terminal client: asks for what the command line did not give, then
 * shows the game as text and turns typed lines into answers and chat. */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pupitre-console.h"
#include "pupitre-message.h"
#include "pupitre-protocol.h"
#include "pupitre-session.h"
#include "pupitre-text-table.h"

#define INPUT_CHUNK               4096
/* A chat line is at most 500 characters, 2,000 bytes of UTF-8: a longer
 * typed line is refused whole instead of being buffered without end. */
#define MAX_INPUT_LINE            8192
/* After game_over each player gets its final standing; if it does not
 * come, leave anyway. */
#define FINAL_STANDING_TIMEOUT_MS 3000
#define DEFAULT_HOST              "localhost"

#define ESCAPE_BOLD               "\033[1m"
#define ESCAPE_NORMAL             "\033[0m"

typedef enum
{
  PHASE_ASK_HOST,
  PHASE_ASK_PORT,
  PHASE_ASK_NAME,
  PHASE_PLAYING,
  PHASE_ASK_TRUST,
  PHASE_DONE,
} Phase;

struct _PupitreConsole
{
  GObject parent_instance;

  PupitreSession *session;

  GInputStream *input;
  GCancellable *cancellable;
  GString *input_line;       /* the line being typed */
  gboolean skipping;         /* dropping a line that was too long */
  gboolean input_is_terminal;
  gboolean output_is_terminal;

  char *host;
  guint port;
  char *name;
  char *game;
  gboolean secure;

  /* Lines typed while the connection is being made wait for it: a script
   * may answer the trust question, or chat, before it is asked. */
  GQueue held_lines;
  gboolean input_ended;      /* quit once the held lines are done */

  /* The certificate the session refused, to be asked about once it ends. */
  char *unknown_fingerprint;

  Phase phase;
  gboolean prompt_shown;     /* a prompt waits at the end of the last line */
  /* Games this console saw begin with their first question. */
  guint games_begun;
  /* The round of the last countdown: a countdown for round 1 again after
   * a reconnection is no new game. */
  guint last_countdown_round;
  /* /quit was typed once during a game: the next /quit leaves. */
  gboolean quit_armed;
  gboolean name_refused;     /* ask for another pseudonym once the session ends */
  gboolean quit_requested;
  gboolean game_over_seen;
  guint waiting_said;        /* the last "waiting for N more" said; 0: none */
  GHashTable *known_players; /* name -> GINT_TO_POINTER (connected) */
  GPtrArray *known_order;    /* the same names, in the list's order */
  guint final_timeout_id;
  int exit_status;
};

G_DEFINE_FINAL_TYPE (PupitreConsole, pupitre_console, G_TYPE_OBJECT)

enum {
  SIGNAL_DONE,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void read_input (PupitreConsole *self);

/* Output */

/* Names, chat and quiz text come from other people: a control character
 * (an escape sequence in a chat line) must not drive the terminal. */
static char *
sanitize (const char *text,
          gboolean    keep_newlines)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && !(keep_newlines && c == '\n'))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static const char *
bold_start (PupitreConsole *self)
{
  return self->output_is_terminal ? ESCAPE_BOLD : "";
}

static const char *
bold_end (PupitreConsole *self)
{
  return self->output_is_terminal ? ESCAPE_NORMAL : "";
}

static void
clear_prompt (PupitreConsole *self)
{
  if (!self->prompt_shown)
    return;

  /* On a terminal the prompt is erased and shown again below the news;
   * elsewhere escape codes would be garbage, so its line just ends. */
  if (self->output_is_terminal)
    g_print ("\r\033[K");
  else
    g_print ("\n");
  self->prompt_shown = FALSE;
}

static gboolean
question_waits (PupitreConsole *self)
{
  PupitreRound *round = self->session != NULL
                        ? pupitre_session_get_current_round (self->session) : NULL;

  return self->phase == PHASE_PLAYING &&
         pupitre_session_get_state (self->session) == PUPITRE_SESSION_STATE_QUESTION &&
         pupitre_round_get_choices (round) != NULL &&
         !pupitre_round_get_answered (round);
}

static void
show_prompt (PupitreConsole *self)
{
  /* Only a person at a keyboard needs to be invited to type. */
  if (!self->input_is_terminal || self->prompt_shown || !question_waits (self))
    return;

  g_print ("%s", _("Answer > "));
  self->prompt_shown = TRUE;
}

/* Prints @text, one or more lines given without the last newline. */
static void
say (PupitreConsole *self,
     const char     *text)
{
  clear_prompt (self);
  g_print ("%s\n", text);
  show_prompt (self);
}

G_GNUC_PRINTF (2, 3)
static void
say_printf (PupitreConsole *self,
            const char     *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  say (self, text);
}

static void
append_heading (PupitreConsole *self,
                GString        *out,
                const char     *heading)
{
  g_string_append_printf (out, "%s%s%s\n", bold_start (self), heading, bold_end (self));
}

static char *
format_time (gint64 time_ms)
{
  /* Seconds with two decimals in the locale's own notation: "14.54 s",
   * "14,54 s". */
  return g_strdup_printf (_("%.2f s"), (double) time_ms / 1000.0);
}

/* "3) Linux", "0) I don't know", or just the number when the question is
 * not known (a player who came in during the round). */
static char *
format_choice (PupitreConsole *self,
               int             choice)
{
  PupitreRound *round = self->session != NULL
                        ? pupitre_session_get_current_round (self->session) : NULL;
  const char * const *choices = pupitre_round_get_choices (round);
  g_autofree char *text = NULL;

  if (choice == 0)
    return g_strdup_printf ("0) %s", _("I don't know"));

  if (choices == NULL || choice < 0 || (guint) choice > g_strv_length ((char **) choices))
    return g_strdup_printf ("%d", choice);

  text = sanitize (choices[choice - 1], FALSE);
  return g_strdup_printf ("%d) %s", choice, text);
}

static void
append_results_table (PupitreConsole *self,
                      GString        *out)
{
  GListModel *results = pupitre_session_get_round_results (self->session);
  g_autoptr(PupitreTextTable) table = pupitre_text_table_new (4);
  const char *header[] = { _("Player"), _("Answer"), _("Points"), _("Time") };
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (results);

  pupitre_text_table_set_align (table, 1, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_set_align (table, 2, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_set_align (table, 3, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_add_row (table, header);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PupitreScoreRow) row = g_list_model_get_item (results, i);
      int choice = pupitre_score_row_get_choice (row);
      gint64 time_ms = pupitre_score_row_get_time_ms (row);
      g_autofree char *name = sanitize (pupitre_score_row_get_name (row), FALSE);
      g_autofree char *answer = choice >= 0 ? g_strdup_printf ("%d", choice) : g_strdup ("-");
      g_autofree char *points = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 pupitre_score_row_get_points (row));
      g_autofree char *seconds = time_ms >= 0 ? format_time (time_ms) : g_strdup ("-");
      const char *cells[] = { name, answer, points, seconds };

      pupitre_text_table_add_row (table, cells);
    }

  text = pupitre_text_table_format (table,
                                    self->output_is_terminal ? ESCAPE_BOLD : NULL,
                                    self->output_is_terminal ? ESCAPE_NORMAL : NULL);
  g_string_append (out, text);
}

static void
append_totals_table (PupitreConsole *self,
                     GString        *out)
{
  GListModel *totals = pupitre_session_get_totals (self->session);
  g_autoptr(PupitreTextTable) table = pupitre_text_table_new (3);
  const char *header[] = { _("Rank"), _("Player"), _("Score") };
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (totals);

  pupitre_text_table_set_align (table, 0, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_set_align (table, 2, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_add_row (table, header);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PupitreScoreRow) row = g_list_model_get_item (totals, i);
      g_autofree char *rank = g_strdup_printf ("%u", pupitre_score_row_get_rank (row));
      g_autofree char *name = sanitize (pupitre_score_row_get_name (row), FALSE);
      g_autofree char *score = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                pupitre_score_row_get_score (row));
      const char *cells[] = { rank, name, score };

      pupitre_text_table_add_row (table, cells);
    }

  text = pupitre_text_table_format (table,
                                    self->output_is_terminal ? ESCAPE_BOLD : NULL,
                                    self->output_is_terminal ? ESCAPE_NORMAL : NULL);
  g_string_append (out, text);
}

/* The end */

static void
finish (PupitreConsole *self,
        int             status)
{
  if (self->phase == PHASE_DONE)
    return;

  self->phase = PHASE_DONE;
  self->exit_status = status;
  clear_prompt (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->final_timeout_id, g_source_remove);

  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
leave_game (PupitreConsole *self)
{
  g_clear_handle_id (&self->final_timeout_id, g_source_remove);
  pupitre_session_quit (self->session);
}

/* Asking for what the command line did not give */

static void
ask (PupitreConsole *self)
{
  clear_prompt (self);

  switch (self->phase)
    {
    case PHASE_ASK_HOST:
      g_print (_("Host [%s]: "), DEFAULT_HOST);
      break;

    case PHASE_ASK_PORT:
      g_print (_("Port [%u]: "), PUPITRE_DEFAULT_PORT);
      break;

    case PHASE_ASK_NAME:
      g_print ("%s", _("Enter a pseudonym: "));
      break;

    case PHASE_ASK_TRUST:
      /* TRANSLATORS: “yes” is the word that trusts, translated alone
       * below: both must be the same. */
      g_print ("%s", _("Trust this certificate? Type “yes” to trust it, anything else to leave: "));
      break;

    case PHASE_PLAYING:
    case PHASE_DONE:
    default:
      return;
    }

  self->prompt_shown = TRUE;
}

static void
advance (PupitreConsole *self)
{
  if (self->host == NULL)
    self->phase = PHASE_ASK_HOST;
  else if (self->port == 0)
    self->phase = PHASE_ASK_PORT;
  else if (self->name == NULL)
    self->phase = PHASE_ASK_NAME;
  else
    self->phase = PHASE_PLAYING;

  if (self->phase != PHASE_PLAYING)
    {
      ask (self);
      return;
    }

  if (self->secure)
    say_printf (self, _("Connecting securely to %s, port %u…"), self->host, self->port);
  else
    say_printf (self, _("Connecting to %s, port %u…"), self->host, self->port);
  pupitre_session_set_secure (self->session, self->secure);
  pupitre_session_connect (self->session, self->host, self->port, self->name, self->game);
}

static void
take_host (PupitreConsole *self,
           const char     *line)
{
  g_free (self->host);
  self->host = g_strdup (*line != '\0' ? line : DEFAULT_HOST);
  advance (self);
}

static void
take_port (PupitreConsole *self,
           const char     *line)
{
  guint64 port = PUPITRE_DEFAULT_PORT;

  if (*line != '\0' && !g_ascii_string_to_unsigned (line, 10, 1, 65535, &port, NULL))
    {
      g_autofree char *shown = sanitize (line, FALSE);

      say_printf (self, _("“%s” is not a port number (1 to 65535)."), shown);
      ask (self);
      return;
    }

  self->port = port;
  advance (self);
}

static void
take_name (PupitreConsole *self,
           const char     *line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (*line == '\0')
    {
      ask (self);
      return;
    }

  /* The server checks too; checking here saves a round trip and a retry. */
  name = pupitre_name_normalize (line, &error);
  if (name == NULL)
    {
      say (self, pupitre_error_code_describe (PUPITRE_ERROR_NAME_INVALID));
      ask (self);
      return;
    }

  g_free (self->name);
  self->name = g_steal_pointer (&name);
  advance (self);
}

static void
take_trust (PupitreConsole *self,
            const char     *line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = g_steal_pointer (&self->unknown_fingerprint);

  /* TRANSLATORS: typed to trust a server's certificate, as in “Trust this
   * certificate? Type “yes” to trust it”; the English word works too. */
  if (g_ascii_strcasecmp (line, _("yes")) != 0 && g_ascii_strcasecmp (line, "yes") != 0)
    {
      say (self, _("The certificate is not trusted: not connecting."));
      finish (self, 1);
      return;
    }

  if (pupitre_session_trust_certificate (self->session, fingerprint, &error))
    say_printf (self, _("Certificate trusted, and remembered in %s."),
                pupitre_known_servers_get_path (pupitre_session_get_known_servers (self->session)));
  else
    say_printf (self, _("Certificate trusted for this game only: %s"), error->message);

  self->phase = PHASE_PLAYING;
  advance (self);
}

/* Playing */

static gboolean
is_number (const char *line)
{
  if (*line == '\0')
    return FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

static void
answer (PupitreConsole *self,
        const char     *line)
{
  PupitreRound *round = self->session != NULL
                        ? pupitre_session_get_current_round (self->session) : NULL;
  const char * const *choices = pupitre_round_get_choices (round);
  guint64 choice = 0;
  guint n;

  if (pupitre_session_get_state (self->session) != PUPITRE_SESSION_STATE_QUESTION ||
      choices == NULL)
    {
      say (self, _("No question is open."));
      return;
    }

  if (pupitre_round_get_answered (round))
    {
      say (self, _("You have already answered this question."));
      return;
    }

  n = g_strv_length ((char **) choices);
  if (!g_ascii_string_to_unsigned (line, 10, 0, n, &choice, NULL))
    {
      /* Said here and not sent: the question stays open for a real answer. */
      say_printf (self, _("Type a number from 0 to %u."), n);
      return;
    }

  if (!pupitre_session_answer (self->session, choice))
    say (self, _("No question is open."));
}

static void
chat (PupitreConsole *self,
      const char     *line)
{
  PupitreSessionState state = pupitre_session_get_state (self->session);
  glong n_chars = g_utf8_strlen (line, -1);

  switch (state)
    {
    case PUPITRE_SESSION_STATE_QUESTION:
      say (self, _("The chat is closed while a question is open."));
      return;

    case PUPITRE_SESSION_STATE_DISCONNECTED:
    case PUPITRE_SESSION_STATE_CONNECTING:
    case PUPITRE_SESSION_STATE_RECONNECTING:
      say (self, _("You are not in a game right now."));
      return;

    case PUPITRE_SESSION_STATE_LOBBY:
    case PUPITRE_SESSION_STATE_COUNTDOWN:
    case PUPITRE_SESSION_STATE_RESULTS:
    case PUPITRE_SESSION_STATE_OVER:
    default:
      break;
    }

  if (n_chars > PUPITRE_MAX_CHAT_CHARS)
    {
      say_printf (self,
                  ngettext ("A message has at most %d character.",
                            "A message has at most %d characters.",
                            PUPITRE_MAX_CHAT_CHARS),
                  PUPITRE_MAX_CHAT_CHARS);
      return;
    }

  if (!pupitre_session_send_chat (self->session, line))
    say (self, _("The chat is closed right now."));
}

static void
play (PupitreConsole *self,
      const char     *line)
{
  if (*line == '\0')
    return;

  if (line[0] == '/')
    {
      if (g_str_equal (line, "/help"))
        say (self, _("Type the number of a choice to answer, any other text to chat, /quit to leave."));
      else
        say_printf (self, _("Unknown command %s: type /help."), line);
      return;
    }

  if (is_number (line))
    answer (self, line);
  else
    chat (self, line);
}

static void
handle_line (PupitreConsole *self,
             char           *line)
{
  g_strstrip (line);

  /* A person's terminal showed the line as it was typed, ending the
   * prompt's line; piped input is not shown, so end it here. */
  if (self->prompt_shown)
    {
      if (!self->input_is_terminal)
        g_print ("\n");
      self->prompt_shown = FALSE;
    }

  if (g_str_equal (line, "/quit"))
    {
      PupitreSessionState state = pupitre_session_get_state (self->session);

      /* Leaving a game under way by a slip of the keyboard costs the
       * student the rest of it: ask once. */
      if (self->phase == PHASE_PLAYING && !self->quit_armed &&
          (state == PUPITRE_SESSION_STATE_COUNTDOWN ||
           state == PUPITRE_SESSION_STATE_QUESTION ||
           state == PUPITRE_SESSION_STATE_RESULTS ||
           state == PUPITRE_SESSION_STATE_RECONNECTING))
        {
          self->quit_armed = TRUE;
          say (self, _("The game is under way. Type /quit again to leave it. "
                       "Your seat and your score wait until it ends: start again "
                       "with the same name to take them back."));
          show_prompt (self);
          return;
        }

      pupitre_console_quit (self);
      return;
    }
  self->quit_armed = FALSE;

  if (self->phase == PHASE_PLAYING &&
      pupitre_session_get_state (self->session) == PUPITRE_SESSION_STATE_CONNECTING)
    {
      g_queue_push_tail (&self->held_lines, g_strdup (line));
      return;
    }

  switch (self->phase)
    {
    case PHASE_ASK_HOST:
      take_host (self, line);
      break;

    case PHASE_ASK_PORT:
      take_port (self, line);
      break;

    case PHASE_ASK_NAME:
      take_name (self, line);
      break;

    case PHASE_PLAYING:
      play (self, line);
      show_prompt (self);
      break;

    case PHASE_ASK_TRUST:
      take_trust (self, line);
      break;

    case PHASE_DONE:
    default:
      break;
    }
}

/* The lines typed while connecting, now that the connection is made or a
 * question waits; those typed after the next connect starts wait again. */
static void
release_held_lines (PupitreConsole *self)
{
  /* A line may end the game, and with it the last outside reference. */
  g_object_ref (self);

  while (!g_queue_is_empty (&self->held_lines) && self->phase != PHASE_DONE &&
         !(self->phase == PHASE_PLAYING &&
           pupitre_session_get_state (self->session) == PUPITRE_SESSION_STATE_CONNECTING))
    {
      g_autofree char *line = g_queue_pop_head (&self->held_lines);

      handle_line (self, line);
    }

  if (g_queue_is_empty (&self->held_lines) && self->input_ended)
    pupitre_console_quit (self);

  g_object_unref (self);
}

/* One whole typed line, in the locale's encoding, without its newline. */
static void
take_input_line (PupitreConsole *self,
                 const char     *raw,
                 gsize           len)
{
  g_autofree char *line = NULL;
  const char *charset = NULL;

  if (len > 0 && raw[len - 1] == '\r')
    len--;

  if (g_get_charset (&charset))
    line = g_strndup (raw, len);
  else
    line = g_locale_to_utf8 (raw, len, NULL, NULL, NULL);

  if (line == NULL || !g_utf8_validate (line, -1, NULL))
    {
      say (self, _("That line is not valid text."));
      return;
    }

  handle_line (self, line);
}

/* Line framing for what the player types, with a hard limit: a line over
 * it is dropped up to its newline and the next one is read normally. */
static void
push_input (PupitreConsole *self,
            const char     *data,
            gsize           len)
{
  const char *p = data;
  const char *end = data + len;

  while (p < end && self->phase != PHASE_DONE)
    {
      const char *newline = memchr (p, '\n', end - p);
      gsize n = newline != NULL ? (gsize) (newline - p) : (gsize) (end - p);

      if (!self->skipping)
        {
          if (self->input_line->len + n > MAX_INPUT_LINE)
            {
              self->skipping = TRUE;
              g_string_truncate (self->input_line, 0);
              say (self, _("That line is too long."));
            }
          else
            g_string_append_len (self->input_line, p, n);
        }

      if (newline == NULL)
        break;

      if (!self->skipping)
        {
          g_autofree char *line = g_strndup (self->input_line->str, self->input_line->len);
          gsize line_len = self->input_line->len;

          g_string_truncate (self->input_line, 0);
          take_input_line (self, line, line_len);
        }

      self->skipping = FALSE;
      g_string_truncate (self->input_line, 0);
      p = newline + 1;
    }
}

static void
end_of_input (PupitreConsole *self)
{
  /* A line without its newline at the very end still counts. */
  if (self->input_line->len > 0 && !self->skipping)
    {
      g_autofree char *line = g_strndup (self->input_line->str, self->input_line->len);
      gsize line_len = self->input_line->len;

      g_string_truncate (self->input_line, 0);
      take_input_line (self, line, line_len);
    }

  /* The game is left once what was typed before the end has been used. */
  if (!g_queue_is_empty (&self->held_lines))
    {
      self->input_ended = TRUE;
      return;
    }

  pupitre_console_quit (self);
}

typedef struct
{
  PupitreConsole *self;    /* not a reference: the read is cancelled first */
  char buffer[INPUT_CHUNK];
} InputRead;

static void
input_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree InputRead *op = user_data;
  g_autoptr(PupitreConsole) self = NULL;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = g_object_ref (op->self);
  if (self->phase == PHASE_DONE)
    return;

  if (n <= 0)
    {
      if (error != NULL)
        g_debug ("Reading standard input: %s", error->message);
      end_of_input (self);
      return;
    }

  push_input (self, op->buffer, n);

  if (self->phase != PHASE_DONE)
    read_input (self);
}

static void
read_input (PupitreConsole *self)
{
  /* Each read has its own buffer: a stream that cannot be polled (a file)
   * reads in a thread, which may still fill it after a cancellation. */
  InputRead *op = g_new0 (InputRead, 1);

  op->self = self;
  g_input_stream_read_async (self->input, op->buffer, sizeof op->buffer,
                             G_PRIORITY_DEFAULT, self->cancellable, input_read_cb, op);
}

/* What the session reports */

static void
players_changed_cb (GListModel     *players,
                    guint           position,
                    guint           removed,
                    guint           added,
                    PupitreConsole *self)
{
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean first = g_hash_table_size (self->known_players) == 0;
  guint n = g_list_model_get_n_items (players);

  /* Once the game is over, who leaves is no news. */
  if (self->phase != PHASE_PLAYING || n == 0 || self->game_over_seen || self->quit_requested)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PupitreScoreRow) row = g_list_model_get_item (players, i);
      const char *name = pupitre_score_row_get_name (row);
      gboolean connected = pupitre_score_row_get_connected (row);
      g_autofree char *shown = sanitize (name, FALSE);
      gpointer was = NULL;

      g_hash_table_insert (now, g_strdup (name), GINT_TO_POINTER (connected));
      g_ptr_array_add (order, g_strdup (name));

      if (first || pupitre_score_row_get_is_self (row))
        continue;

      if (!g_hash_table_lookup_extended (self->known_players, name, NULL, &was))
        g_string_append_printf (out, _("%s joined the game."), shown);
      else if (GPOINTER_TO_INT (was) && !connected)
        g_string_append_printf (out, _("%s lost the connection."), shown);
      else if (!GPOINTER_TO_INT (was) && connected)
        g_string_append_printf (out, _("%s is back."), shown);
      else
        continue;
      g_string_append_c (out, '\n');
    }

  if (first)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < order->len; i++)
        {
          g_autofree char *shown = sanitize (g_ptr_array_index (order, i), FALSE);

          if (i > 0)
            g_string_append (names, ", ");
          g_string_append (names, shown);
        }
      g_string_append_printf (out, _("Players: %s"), names->str);
      g_string_append_c (out, '\n');
    }
  else
    {
      for (guint i = 0; i < self->known_order->len; i++)
        {
          const char *name = g_ptr_array_index (self->known_order, i);
          g_autofree char *shown = NULL;

          if (g_hash_table_contains (now, name))
            continue;
          shown = sanitize (name, FALSE);
          g_string_append_printf (out, _("%s left the game."), shown);
          g_string_append_c (out, '\n');
        }
    }

  g_clear_pointer (&self->known_players, g_hash_table_unref);
  self->known_players = g_steal_pointer (&now);
  g_clear_pointer (&self->known_order, g_ptr_array_unref);
  self->known_order = g_steal_pointer (&order);

  if (pupitre_session_get_state (self->session) == PUPITRE_SESSION_STATE_LOBBY)
    {
      guint needed = pupitre_session_get_needed (self->session);
      guint connected = pupitre_session_get_connected_count (self->session);
      guint missing = needed > connected ? needed - connected : 0;

      if (missing > 0 && missing != self->waiting_said)
        {
          g_string_append_printf (out,
                                  ngettext ("Waiting for %u more player…",
                                            "Waiting for %u more players…",
                                            missing),
                                  missing);
          g_string_append_c (out, '\n');
        }
      self->waiting_said = missing;
    }

  if (out->len > 0)
    {
      g_string_truncate (out, out->len - 1);
      say (self, out->str);
    }
}

static void
joined_cb (PupitreSession *session,
           gboolean        resumed,
           PupitreConsole *self)
{
  g_autofree char *name = sanitize (pupitre_session_get_name (session), FALSE);

  PupitreSessionState state = pupitre_session_get_state (session);
  guint round = pupitre_round_get_number (pupitre_session_get_current_round (session));

  /* Arriving in a game under way: its next round 1 is a new game. */
  if (state != PUPITRE_SESSION_STATE_LOBBY &&
      !(state == PUPITRE_SESSION_STATE_COUNTDOWN && round <= 1))
    self->games_begun = MAX (self->games_begun, 1);

  if (resumed)
    {
      say (self, _("Back in the game."));
      release_held_lines (self);
      return;
    }

  say (self, _("Connected to the server."));
  say_printf (self, _("You play as %s."), name);
  if (pupitre_session_get_sitting_out (session))
    say (self, _("A question is under way: you will play from the next one."));
  release_held_lines (self);
}

static void
chat_received_cb (PupitreSession *session,
                  const char     *from,
                  const char     *text,
                  PupitreConsole *self)
{
  g_autofree char *shown_from = NULL;
  g_autofree char *shown_text = NULL;

  /* What this player typed is already on the screen. */
  if (g_strcmp0 (from, pupitre_session_get_name (session)) == 0)
    return;

  shown_from = sanitize (from, FALSE);
  shown_text = sanitize (text, FALSE);
  say_printf (self, "<%s> %s", shown_from, shown_text);
}

static void
countdown_started_cb (PupitreSession *session,
                      PupitreConsole *self)
{
  PupitreRound *round = pupitre_session_get_current_round (session);
  guint seconds = pupitre_round_get_countdown (round);

  /* Only the first question starts a game: a player who came late or
   * came back is told nothing of a start that was not now, and one who
   * stays for the next game is told it is a new one. */
  if (pupitre_round_get_number (round) == 1 && self->last_countdown_round != 1)
    {
      if (self->games_begun == 0)
        say (self, _("The game is starting!"));
      else
        say (self, _("A new game begins."));
      self->games_begun++;
    }
  self->last_countdown_round = pupitre_round_get_number (round);

  if (seconds > 0)
    say_printf (self,
                ngettext ("New question in %u second…",
                          "New question in %u seconds…",
                          seconds),
                seconds);
}

static void
question_opened_cb (PupitreSession *session,
                    PupitreConsole *self)
{
  PupitreRound *round = pupitre_session_get_current_round (session);
  const char * const *choices = pupitre_round_get_choices (round);
  g_autoptr(GString) out = g_string_new ("\n");
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  gint64 remaining_us;

  heading = g_strdup_printf (_("Question %u/%u"),
                             pupitre_round_get_number (round),
                             pupitre_round_get_rounds (round));
  append_heading (self, out, heading);

  text = sanitize (pupitre_round_get_text (round), TRUE);
  g_string_append_printf (out, "%s\n", text);

  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    {
      g_autofree char *choice = sanitize (choices[i], FALSE);

      g_string_append_printf (out, "%u) %s\n", i + 1, choice);
    }
  g_string_append_printf (out, "0) %s", _("I don't know"));

  /* Rounded up: "1 second" while any of it is left. */
  remaining_us = pupitre_round_get_deadline (round) - g_get_monotonic_time ();
  if (remaining_us > 0)
    {
      guint seconds = (remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

      g_string_append_c (out, '\n');
      g_string_append_printf (out,
                              ngettext ("You have %u second to answer.",
                                        "You have %u seconds to answer.",
                                        seconds),
                              seconds);
    }

  say (self, out->str);
}

static void
answer_acknowledged_cb (PupitreSession *session,
                        PupitreConsole *self)
{
  PupitreRound *round = pupitre_session_get_current_round (session);
  g_autofree char *choice = format_choice (self, pupitre_round_get_chosen (round));
  g_autofree char *seconds = format_time (pupitre_round_get_answer_time_ms (round));

  say_printf (self, _("Answer recorded: %s, in %s."), choice, seconds);
}

static void
round_finished_cb (PupitreSession *session,
                   PupitreConsole *self)
{
  PupitreRound *round = pupitre_session_get_current_round (session);
  g_autoptr(GString) out = g_string_new ("\n");
  g_autofree char *correct = format_choice (self, pupitre_round_get_correct (round));
  const char *explanation = pupitre_round_get_explanation (round);

  g_string_append_printf (out, _("Right answer: %s"), correct);
  g_string_append_c (out, '\n');

  if (explanation != NULL && *explanation != '\0')
    {
      g_autofree char *text = sanitize (explanation, TRUE);

      g_string_append_printf (out, "%s\n", text);
    }

  g_string_append_c (out, '\n');
  append_heading (self, out, _("Results"));
  append_results_table (self, out);

  g_string_append_c (out, '\n');
  append_heading (self, out, _("Total"));
  append_totals_table (self, out);

  g_string_truncate (out, out->len - 1);
  say (self, out->str);
}

static void
standing_changed_cb (PupitreSession *session,
                     PupitreConsole *self)
{
  PupitreStanding *standing = pupitre_session_get_standing (session);
  g_autofree char *score = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            pupitre_standing_get_score (standing));
  guint rank = pupitre_standing_get_rank (standing);
  /* The standing's own count: right after a resume, no players list has
   * come yet. */
  guint players = pupitre_standing_get_players (standing) > 0
                  ? pupitre_standing_get_players (standing)
                  : MAX (pupitre_session_get_player_count (session), rank);

  if (!pupitre_standing_get_final (standing))
    {
      say_printf (self, _("Your score: %s, rank %u of %u."), score, rank, players);
      return;
    }

  say_printf (self, _("Your final rank: %u of %u, with a score of %s."), rank, players, score);
  self->game_over_seen = TRUE;
  leave_game (self);
}

static gboolean
final_timeout_cb (gpointer user_data)
{
  PupitreConsole *self = user_data;

  self->final_timeout_id = 0;
  leave_game (self);

  return G_SOURCE_REMOVE;
}

static void
game_finished_cb (PupitreSession *session,
                  PupitreConsole *self)
{
  g_autoptr(GString) out = g_string_new ("\n");

  self->game_over_seen = TRUE;
  /* The next game's first countdown is news, even of a one-question quiz. */
  self->last_countdown_round = 0;

  append_heading (self, out, _("Final ranking"));
  append_totals_table (self, out);
  g_string_truncate (out, out->len - 1);
  say (self, out->str);

  g_clear_handle_id (&self->final_timeout_id, g_source_remove);
  self->final_timeout_id = g_timeout_add (FINAL_STANDING_TIMEOUT_MS, final_timeout_cb, self);
}

static void
server_shutdown_cb (PupitreSession *session,
                    PupitreConsole *self)
{
  /* After the game (a server run for one game) this is no news. */
  if (!self->game_over_seen)
    say (self, _("The server is shutting down."));
}

static void
error_cb (PupitreSession *session,
          const GError   *error,
          PupitreConsole *self)
{
  g_autofree char *text = NULL;

  /* certificate_unknown_cb() said it all, and the question follows. */
  if (self->unknown_fingerprint != NULL &&
      (g_error_matches (error, PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_UNKNOWN) ||
       g_error_matches (error, PUPITRE_SESSION_ERROR, PUPITRE_SESSION_ERROR_CERTIFICATE_CHANGED)))
    return;

  /* The server's codes have translated sentences; its own message is only
   * a fallback for codes this version does not know. */
  if (error->domain == PUPITRE_ERROR && error->code != PUPITRE_ERROR_UNKNOWN)
    text = g_strdup (pupitre_error_code_describe (error->code));
  else
    text = sanitize (error->message, FALSE);

  say (self, text);

  /* Someone at a keyboard can pick another name; a script cannot. */
  if (error->domain == PUPITRE_ERROR &&
      (error->code == PUPITRE_ERROR_NAME_TAKEN || error->code == PUPITRE_ERROR_NAME_INVALID) &&
      self->input_is_terminal)
    self->name_refused = TRUE;
}

static void
certificate_unknown_cb (PupitreSession *session,
                        const char     *host_and_port,
                        const char     *fingerprint,
                        gboolean        changed,
                        PupitreConsole *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *shown = sanitize (host_and_port, FALSE);
  g_autofree char *trusted = NULL;

  g_free (self->unknown_fingerprint);
  self->unknown_fingerprint = g_strdup (fingerprint);

  if (!changed)
    {
      g_string_append_printf (out, _("The server at %s presents a certificate this computer "
                                     "has never seen."), shown);
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("SHA-256 fingerprint: %s"), fingerprint);
      g_string_append_c (out, '\n');
      g_string_append (out, _("Trust it only if it is the fingerprint the teacher gives."));
      say (self, out->str);
      return;
    }

  /* Only to show it: the session already read it, and what went wrong
   * with the file would have come as an error instead. */
  trusted = pupitre_known_servers_lookup (pupitre_session_get_known_servers (session),
                                          host_and_port, NULL);

  /* Loud on purpose: this is what an impersonation looks like. */
  append_heading (self, out, _("WARNING: THE SERVER'S CERTIFICATE HAS CHANGED!"));
  g_string_append_printf (out, _("The server at %s presents another certificate than the "
                                 "one you trusted."), shown);
  g_string_append_c (out, '\n');
  g_string_append (out, _("Someone may be pretending to be the server, to read the answers "
                          "and the chat."));
  g_string_append_c (out, '\n');
  if (trusted != NULL)
    {
      g_string_append_printf (out, _("Trusted fingerprint: %s"), trusted);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, _("New fingerprint:     %s"), fingerprint);
  g_string_append_c (out, '\n');
  g_string_append (out, _("Trust the new certificate only if the teacher confirms it changed."));
  say (self, out->str);
}

static void
session_ended (PupitreConsole *self)
{
  if (self->phase != PHASE_PLAYING)
    return;

  if (self->unknown_fingerprint != NULL && !self->quit_requested)
    {
      self->phase = PHASE_ASK_TRUST;
      ask (self);
      release_held_lines (self);
      return;
    }

  if (self->name_refused && !self->quit_requested)
    {
      self->name_refused = FALSE;
      g_clear_pointer (&self->name, g_free);
      advance (self);
      return;
    }

  finish (self, self->quit_requested || self->game_over_seen ? 0 : 1);
}

static void
state_changed_cb (PupitreSession *session,
                  GParamSpec     *pspec,
                  PupitreConsole *self)
{
  switch (pupitre_session_get_state (session))
    {
    case PUPITRE_SESSION_STATE_RECONNECTING:
      say (self, _("Connection lost, reconnecting…"));
      break;

    case PUPITRE_SESSION_STATE_DISCONNECTED:
      session_ended (self);
      break;

    case PUPITRE_SESSION_STATE_CONNECTING:
    case PUPITRE_SESSION_STATE_LOBBY:
    case PUPITRE_SESSION_STATE_COUNTDOWN:
    case PUPITRE_SESSION_STATE_QUESTION:
    case PUPITRE_SESSION_STATE_RESULTS:
    case PUPITRE_SESSION_STATE_OVER:
    default:
      break;
    }
}

/* GObject */

static void
pupitre_console_dispose (GObject *object)
{
  PupitreConsole *self = PUPITRE_CONSOLE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->final_timeout_id, g_source_remove);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (pupitre_session_get_players (self->session), self);
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_clear_object (&self->session);
    }
  g_clear_object (&self->input);

  G_OBJECT_CLASS (pupitre_console_parent_class)->dispose (object);
}

static void
pupitre_console_finalize (GObject *object)
{
  PupitreConsole *self = PUPITRE_CONSOLE (object);

  g_clear_object (&self->cancellable);
  g_string_free (self->input_line, TRUE);
  g_clear_pointer (&self->known_players, g_hash_table_unref);
  g_clear_pointer (&self->known_order, g_ptr_array_unref);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->game, g_free);
  g_clear_pointer (&self->unknown_fingerprint, g_free);
  g_queue_clear_full (&self->held_lines, g_free);

  G_OBJECT_CLASS (pupitre_console_parent_class)->finalize (object);
}

static void
pupitre_console_class_init (PupitreConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pupitre_console_dispose;
  object_class->finalize = pupitre_console_finalize;

  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pupitre_console_init (PupitreConsole *self)
{
  self->phase = PHASE_ASK_HOST;
  self->cancellable = g_cancellable_new ();
  self->input_line = g_string_new (NULL);
  self->known_players = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->known_order = g_ptr_array_new_with_free_func (g_free);
  g_queue_init (&self->held_lines);
  self->session = pupitre_session_new ();
  /* A console closed or killed during a game takes its seat back when
   * started again with the same name. */
  {
    g_autoptr(PupitreTokenStore) tokens = pupitre_token_store_new (NULL);

    pupitre_session_set_token_store (self->session, tokens);
  }

  g_signal_connect (pupitre_session_get_players (self->session), "items-changed",
                    G_CALLBACK (players_changed_cb), self);
  g_signal_connect (self->session, "notify::state", G_CALLBACK (state_changed_cb), self);
  g_signal_connect (self->session, "joined", G_CALLBACK (joined_cb), self);
  g_signal_connect (self->session, "chat-received", G_CALLBACK (chat_received_cb), self);
  g_signal_connect (self->session, "countdown-started", G_CALLBACK (countdown_started_cb), self);
  g_signal_connect (self->session, "question-opened", G_CALLBACK (question_opened_cb), self);
  g_signal_connect (self->session, "answer-acknowledged",
                    G_CALLBACK (answer_acknowledged_cb), self);
  g_signal_connect (self->session, "round-finished", G_CALLBACK (round_finished_cb), self);
  g_signal_connect (self->session, "standing-changed", G_CALLBACK (standing_changed_cb), self);
  g_signal_connect (self->session, "game-finished", G_CALLBACK (game_finished_cb), self);
  g_signal_connect (self->session, "server-shutdown", G_CALLBACK (server_shutdown_cb), self);
  g_signal_connect (self->session, "error", G_CALLBACK (error_cb), self);
  g_signal_connect (self->session, "certificate-unknown",
                    G_CALLBACK (certificate_unknown_cb), self);
}

PupitreConsole *
pupitre_console_new (GInputStream *input,
                     gboolean      input_is_terminal,
                     gboolean      output_is_terminal)
{
  PupitreConsole *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);

  self = g_object_new (PUPITRE_TYPE_CONSOLE, NULL);
  self->input = g_object_ref (input);
  self->input_is_terminal = !!input_is_terminal;
  self->output_is_terminal = !!output_is_terminal;

  return self;
}

void
pupitre_console_set_host (PupitreConsole *self,
                          const char     *host)
{
  g_return_if_fail (PUPITRE_IS_CONSOLE (self));

  g_free (self->host);
  self->host = g_strdup (host);
}

void
pupitre_console_set_port (PupitreConsole *self,
                          guint           port)
{
  g_return_if_fail (PUPITRE_IS_CONSOLE (self));
  g_return_if_fail (port <= 65535);

  self->port = port;
}

void
pupitre_console_set_name (PupitreConsole *self,
                          const char     *name)
{
  g_return_if_fail (PUPITRE_IS_CONSOLE (self));

  g_free (self->name);
  self->name = g_strdup (name);
}

void
pupitre_console_set_game (PupitreConsole *self,
                          const char     *game)
{
  g_return_if_fail (PUPITRE_IS_CONSOLE (self));

  g_free (self->game);
  self->game = g_strdup (game);
}

void
pupitre_console_set_secure (PupitreConsole *self,
                            gboolean        secure)
{
  g_return_if_fail (PUPITRE_IS_CONSOLE (self));

  self->secure = !!secure;
}

void
pupitre_console_set_join_timeout (PupitreConsole *self,
                                  guint           timeout_ms)
{
  g_return_if_fail (PUPITRE_IS_CONSOLE (self));

  pupitre_session_set_join_timeout (self->session, timeout_ms);
}

void
pupitre_console_start (PupitreConsole *self)
{
  g_return_if_fail (PUPITRE_IS_CONSOLE (self));

  read_input (self);
  advance (self);
}

void
pupitre_console_quit (PupitreConsole *self)
{
  g_return_if_fail (PUPITRE_IS_CONSOLE (self));

  if (self->phase == PHASE_DONE)
    return;

  /* Leaving instead of trusting the certificate is not playing. */
  if (self->phase != PHASE_PLAYING)
    {
      finish (self, self->phase == PHASE_ASK_TRUST ? 1 : 0);
      return;
    }

  self->quit_requested = TRUE;
  if (pupitre_session_get_state (self->session) == PUPITRE_SESSION_STATE_DISCONNECTED)
    finish (self, 0);
  else
    pupitre_session_quit (self->session);
}

int
pupitre_console_get_exit_status (PupitreConsole *self)
{
  g_return_val_if_fail (PUPITRE_IS_CONSOLE (self), 1);

  return self->exit_status;
}
