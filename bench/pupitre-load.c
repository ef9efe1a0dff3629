/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-load: brings N simulated players into one game over loopback and measures the server. */

#include "config.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pupitre-json.h"
#include "pupitre-message.h"
#include "pupitre-message-type.h"
#include "pupitre-protocol.h"
#include "pupitre-load-proc.h"

/* The targets of the scale work, checked at any N (they are meant for
 * N = 10,000 on 2 cores). */
#define TARGET_JOIN_MS        3000.0
#define TARGET_SPREAD_MS      150.0
#define TARGET_RESULT_P99_MS  300.0
#define TARGET_RSS_KB         (64 * 1024)
/* An idle lobby may wake the server for a stray event, never periodically:
 * a 1 Hz timer over the default 5 s window already counts 5. */
#define TARGET_IDLE_WAKEUPS   2

/* The lobby counts as quiet once nothing arrived for this long. The server
 * sends coalesced "players" updates at most every 200 ms after the joins,
 * spaced out further beyond 1,000 players (200 ms per thousand): the wait
 * is longer than that interval. */
#define SETTLE_QUIET_US(n)    (MAX (500, 250 * (gint64) ((n) / 1000 + 1)) * G_TIME_SPAN_MILLISECOND)
#define SERVER_READY_TIMEOUT_US (10 * G_TIME_SPAN_SECOND)
#define SERVER_EXIT_TIMEOUT_US  (5 * G_TIME_SPAN_SECOND)

#define READ_CHUNK            (128 * 1024)
#define MAX_EVENTS            1024
/* Source addresses the players come from: 10,000 players are 50 an address,
 * within the joins one address may make at once. */
#define SOURCE_ADDRESSES      200
#define FD_MARGIN             64
#define DEFAULT_QUESTIONS     5

#define TAG_SIGNAL            (G_MAXUINT64 - 1)
#define TAG_SERVER            (G_MAXUINT64 - 2)

typedef enum
{
  PLAYER_IDLE,
  PLAYER_CONNECTING,
  PLAYER_WELCOME,
  PLAYER_JOINING,
  PLAYER_JOINED,
  PLAYER_CLOSED,
} PlayerState;

typedef struct
{
  int          fd;
  PlayerState  state;
  gint         question_round;  /* last round whose question arrived */
  gint         result_round;    /* last round whose round_result arrived */
  gint         pending_round;   /* round of an answer not fully written, or 0 */
  gboolean     game_over;
  GString     *partial;         /* an incomplete line, NULL when none */
  GString     *out;             /* bytes the kernel did not take yet, or NULL */
} Player;

typedef struct
{
  gint     round;
  gint     n_choices;
  guint    questions;           /* players the question reached */
  gint64   first_question_us;
  gint64   last_question_us;
  gboolean answered;            /* the burst was sent */
  gboolean closed_early;        /* round_result came before the burst */
  guint    answers;
  guint    acks;                /* answer_ack received */
  guint    pending_writes;
  gint64   burst_start_us;
  gint64   burst_end_us;
  gint64  *result_us;           /* per player, 0 = not received */
  guint    results;
  guint    results_early;       /* arrived before the burst ended */
  gboolean done;
  double   spread_ms;
  double   burst_ms;
  double   p50_ms;
  double   p99_ms;
  double   max_ms;
} Round;

typedef enum
{
  PHASE_JOIN,     /* the first batch of players joins */
  PHASE_SETTLE,   /* waiting for the lobby to go quiet */
  PHASE_IDLE,     /* measuring the idle server */
  PHASE_GAME,     /* the last players join and the game runs */
  PHASE_DONE,
} Phase;

typedef struct
{
  /* Options. */
  gint         n_players;
  gint         max_rounds;
  gint         port;
  char        *quiz;
  char        *server_path;
  char        *connect;
  gint         server_pid_option;
  double       countdown;
  double       time_limit;
  double       pause;
  double       idle_seconds;
  double       timeout;
  gint         max_connecting;
  gboolean     json_only;

  struct sockaddr_storage addr;
  socklen_t    addr_len;

  /* The server. */
  pid_t        server_pid;
  gboolean     server_is_child;
  int          server_fd;       /* a pidfd, or -1 */
  gboolean     server_exited;
  gboolean     server_stopped;  /* we sent it a signal */
  gboolean     server_killed;   /* SIGTERM was not enough */
  int          server_status;
  gboolean     have_rusage;
  struct rusage server_rusage;
  char        *server_version;
  char        *tmp_dir;
  char        *log_path;

  /* The players. */
  int          epoll_fd;
  int          signal_fd;
  Player      *players;
  guint        batch;           /* players to join before the next phase */
  guint        first_batch;     /* players joined before the idle window */
  guint        next_connect;
  guint        in_flight;       /* connects that got no welcome yet */
  guint        joined;
  guint        connected;       /* joined and not closed */
  guint        closed;
  guint        game_overs;
  gint         needed;
  guint        errors;
  char        *first_error;
  char        *scratch;

  /* The run. */
  Phase        phase;
  gint64       start_us;
  gint64       deadline_us;
  gint64       first_connect_us;
  gint64       batch_joined_us;
  gint64       last_joined_us;
  gint64       last_receive_us;
  gint64       idle_end_us;
  guint64      idle_bytes;
  GPtrArray   *rounds;          /* Round *, index = round - 1 */
  gint         rounds_total;
  gboolean     game_over;
  gboolean     complete;
  const char  *failure;         /* a code for the JSON line */
  char        *failure_message; /* the same for a person */

  /* Looks at the server's /proc. */
  PupitreLoadProcSample sample_start;
  PupitreLoadProcSample sample_lobby;
  PupitreLoadProcSample sample_idle_start;
  PupitreLoadProcSample sample_idle_end;
  PupitreLoadProcSample sample_end;
  gboolean     have_idle;
  gint64       rss_peak_kb;
} Bench;

/* Setup failures are only ever reported, never told apart. */
#define LOAD_ERROR (load_error_quark ())
enum { LOAD_ERROR_FAILED };
GQuark load_error_quark (void);
G_DEFINE_QUARK (pupitre-load-error-quark, load_error)

static void player_close (Bench *bench, guint index);
static void check_round (Bench *bench, Round *round);
static void maybe_burst (Bench *bench, Round *round);

static void
round_free (gpointer data)
{
  Round *round = data;

  g_free (round->result_us);
  g_free (round);
}

/* Stops the run with a reason; the first reason wins. */
static void G_GNUC_PRINTF (3, 4)
bench_fail (Bench      *bench,
            const char *code,
            const char *format,
            ...)
{
  va_list args;

  if (bench->failure == NULL)
    {
      bench->failure = code;
      va_start (args, format);
      bench->failure_message = g_strdup_vprintf (format, args);
      va_end (args);
    }
  bench->phase = PHASE_DONE;
}

static void
take_sample (Bench                 *bench,
             PupitreLoadProcSample *sample)
{
  if (bench->server_pid <= 0 || bench->server_exited
      || !pupitre_load_proc_sample (bench->server_pid, sample))
    {
      sample->vm_hwm_kb = sample->vm_rss_kb = sample->ctxt_switches = -1;
      sample->cpu_s = -1;
      return;
    }
  bench->rss_peak_kb = MAX (bench->rss_peak_kb, sample->vm_hwm_kb);
}

/* Time in milliseconds for people and for the JSON line. */
static double
us_to_ms (gint64 us)
{
  return (double) us / 1000.0;
}

/* ---- The server process ---------------------------------------------- */

static char *
find_server (Bench   *bench,
             GError **error)
{
  const char *path = bench->server_path;

  if (path == NULL)
    path = g_getenv ("PUPITRE_SERVER");
  if (path == NULL)
    path = PUPITRE_SERVER_PATH;

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("No server program at “%s” (use --server or PUPITRE_SERVER)"), path);
      return NULL;
    }
  return g_strdup (path);
}

/* A port nobody listens on right now, for a server we start. */
static gint
pick_free_port (GError **error)
{
  struct sockaddr_in sin = { .sin_family = AF_INET };
  socklen_t len = sizeof sin;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gint port = -1;

  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd >= 0
      && bind (fd, (struct sockaddr *) &sin, sizeof sin) == 0
      && getsockname (fd, (struct sockaddr *) &sin, &len) == 0)
    port = ntohs (sin.sin_port);
  else
    g_set_error (error, LOAD_ERROR, LOAD_ERROR_FAILED,
                 _("Could not find a free port: %s"), g_strerror (errno));
  if (fd >= 0)
    close (fd);
  return port;
}

/* The quiz the run plays when none is given: as many questions as rounds, four
 * choices each, so the game ends on its own with game_over. */
static char *
write_quiz (Bench   *bench,
            GError **error)
{
  g_autoptr(GString) json = g_string_new ("{\"title\":\"pupitre-load\",\"questions\":[");
  g_autofree char *path = g_build_filename (bench->tmp_dir, "quiz.json", NULL);
  gint count = bench->max_rounds > 0 ? bench->max_rounds : DEFAULT_QUESTIONS;

  for (gint i = 0; i < count; i++)
    g_string_append_printf (json,
                            "%s{\"text\":\"Load question %d\","
                            "\"choices\":[\"A\",\"B\",\"C\",\"D\"],\"answer\":%d,"
                            "\"explanation\":\"Choice %d.\"}",
                            i > 0 ? "," : "", i + 1, i % 4 + 1, i % 4 + 1);
  g_string_append (json, "]}\n");

  if (!g_file_set_contents (path, json->str, (gssize) json->len, error))
    return NULL;
  return g_steal_pointer (&path);
}

static char *
format_seconds (double seconds)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f", seconds));
}

static gboolean
spawn_server (Bench   *bench,
              GError **error)
{
  g_autofree char *server = NULL;
  g_autofree char *quiz = NULL;
  g_autofree char *port = NULL;
  g_autofree char *players = NULL;
  g_autofree char *countdown = format_seconds (bench->countdown);
  g_autofree char *time_limit = format_seconds (bench->time_limit);
  g_autofree char *pause = format_seconds (bench->pause);
  struct sockaddr_in *sin = (struct sockaddr_in *) &bench->addr;
  GPid pid;
  int log_fd;
  gboolean ok;

  server = find_server (bench, error);
  if (server == NULL)
    return FALSE;

  if (bench->port == 0)
    bench->port = pick_free_port (error);
  if (bench->port < 0)
    return FALSE;

  if (bench->quiz != NULL)
    quiz = g_strdup (bench->quiz);
  else if ((quiz = write_quiz (bench, error)) == NULL)
    return FALSE;

  port = g_strdup_printf ("%d", bench->port);
  players = g_strdup_printf ("%d", bench->n_players);

  {
    const char *argv[] = {
      server,
      "--port", port,
      "--bind", "127.0.0.1",
      "--players", players,
      "--countdown", countdown,
      "--time-limit", time_limit,
      "--pause", pause,
      "--once",
      "--quiz", quiz,
      NULL,
    };

    /* The server's log goes to a file: on a terminal it would mix with the
     * report, and thousands of lines would slow the server down. */
    bench->log_path = g_build_filename (bench->tmp_dir, "server.log", NULL);
    log_fd = g_open (bench->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log_fd < 0)
      {
        g_set_error (error, LOAD_ERROR, LOAD_ERROR_FAILED,
                     _("Could not create %s: %s"), bench->log_path, g_strerror (errno));
        return FALSE;
      }

    ok = g_spawn_async_with_fds (NULL, (char **) argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                 -1, log_fd, log_fd, error);
    close (log_fd);
    if (!ok)
      return FALSE;
  }

  bench->server_pid = pid;
  bench->server_is_child = TRUE;
  memset (&bench->addr, 0, sizeof bench->addr);
  sin->sin_family = AF_INET;
  sin->sin_port = htons ((guint16) bench->port);
  sin->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  bench->addr_len = sizeof *sin;
  return TRUE;
}

/* Only loopback addresses: the load must never leave the machine. */
static gboolean
parse_connect (Bench   *bench,
               GError **error)
{
  g_autofree char *host = NULL;
  const char *spec = bench->connect;
  const char *colon;
  gint64 port;
  struct sockaddr_in *sin = (struct sockaddr_in *) &bench->addr;
  struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &bench->addr;

  if (spec[0] == '[')
    {
      const char *close_bracket = strchr (spec, ']');

      if (close_bracket == NULL || close_bracket[1] != ':')
        goto bad;
      host = g_strndup (spec + 1, (gsize) (close_bracket - spec - 1));
      colon = close_bracket + 1;
    }
  else
    {
      colon = strrchr (spec, ':');
      if (colon == NULL)
        goto bad;
      host = g_strndup (spec, (gsize) (colon - spec));
    }
  if (!g_ascii_string_to_signed (colon + 1, 10, 1, 65535, &port, NULL))
    goto bad;

  memset (&bench->addr, 0, sizeof bench->addr);
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }

  if (inet_pton (AF_INET, host, &sin->sin_addr) == 1)
    {
      if ((ntohl (sin->sin_addr.s_addr) >> 24) != 127)
        goto not_loopback;
      sin->sin_family = AF_INET;
      sin->sin_port = htons ((guint16) port);
      bench->addr_len = sizeof *sin;
    }
  else if (inet_pton (AF_INET6, host, &sin6->sin6_addr) == 1)
    {
      if (!IN6_IS_ADDR_LOOPBACK (&sin6->sin6_addr))
        goto not_loopback;
      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = htons ((guint16) port);
      bench->addr_len = sizeof *sin6;
    }
  else
    goto not_loopback;

  bench->port = (gint) port;
  return TRUE;

not_loopback:
  g_set_error (error, LOAD_ERROR, LOAD_ERROR_FAILED,
               _("Refusing “%s”: the load generator only connects to 127.0.0.1 or ::1"), spec);
  return FALSE;

bad:
  g_set_error (error, LOAD_ERROR, LOAD_ERROR_FAILED,
               _("“%s” is not HOST:PORT"), spec);
  return FALSE;
}

/* What the load generator reads of a server line: its type and the few
 * members it acts on. Lines go through the project's own scanner, with
 * every check the server applies to what players send, so a line the
 * server writes out of the contract counts as an error here. */
typedef enum
{
  LINE_TYPE,
  LINE_SERVER,
  LINE_CODE,
  LINE_MESSAGE,
  LINE_NEEDED,
  LINE_ROUND,
  LINE_ROUNDS,
  LINE_CHOICES,
  N_LINE_MEMBERS,
} LineMember;

static const PupitreJsonName line_names[N_LINE_MEMBERS] = {
  [LINE_TYPE] = PUPITRE_JSON_NAME ("type"),
  [LINE_SERVER] = PUPITRE_JSON_NAME ("server"),
  [LINE_CODE] = PUPITRE_JSON_NAME ("code"),
  [LINE_MESSAGE] = PUPITRE_JSON_NAME ("message"),
  [LINE_NEEDED] = PUPITRE_JSON_NAME ("needed"),
  [LINE_ROUND] = PUPITRE_JSON_NAME ("round"),
  [LINE_ROUNDS] = PUPITRE_JSON_NAME ("rounds"),
  [LINE_CHOICES] = PUPITRE_JSON_NAME ("choices"),
};

typedef struct
{
  PupitreJsonMember  members[N_LINE_MEMBERS];
  PupitreMessageType type;
} ServerLine;

/* FALSE when the line is not a checked JSON object with a string "type";
 * a type this program does not know is PUPITRE_N_MESSAGE_TYPES. */
static gboolean
scan_line (const char *text,
           gsize       len,
           ServerLine *line)
{
  g_autofree char *type = NULL;

  if (!pupitre_json_scan_message (text, len, line_names, N_LINE_MEMBERS,
                                  line->members, NULL) ||
      !pupitre_json_member_get_string (&line->members[LINE_TYPE], "type", TRUE,
                                       &type, NULL))
    return FALSE;

  if (!pupitre_message_type_from_name (type, strlen (type), &line->type))
    line->type = PUPITRE_N_MESSAGE_TYPES;
  return TRUE;
}

/* The string member, or NULL when it is absent or not a string. */
static char *
member_dup_string (const ServerLine *line,
                   LineMember        member)
{
  char *text = NULL;

  if (!pupitre_json_member_get_string (&line->members[member],
                                       line_names[member].name, FALSE,
                                       &text, NULL))
    return NULL;

  return text;
}

/* The integer member, or @fallback when it is absent or not an integer. */
static gint64
member_get_int (const ServerLine *line,
                LineMember        member,
                gint64            fallback)
{
  gint64 value = fallback;

  if (!pupitre_json_member_get_int (&line->members[member],
                                    line_names[member].name, FALSE,
                                    G_MININT64, G_MAXINT64, &value, NULL))
    return fallback;

  return value;
}

/* The number of elements of the array member, or -1. Read once per
 * round, so json-glib may build the array. */
static gint
member_count_array (const ServerLine *line,
                    LineMember        member)
{
  g_autoptr(JsonNode) node = NULL;

  if (line->members[member].value == NULL ||
      line->members[member].kind != PUPITRE_JSON_KIND_ARRAY)
    return -1;

  node = pupitre_json_member_to_node (&line->members[member], NULL);
  if (node == NULL)
    return -1;

  return (gint) json_array_get_length (json_node_get_array (node));
}

/* Most lines are broadcasts that are only counted (players, progress,
 * standing, answer_ack, round_result, game_over), and a round_result
 * carries two lists of up to PUPITRE_LIST_MAX entries: with every line
 * checked in full, this program took more than twice its CPU time and
 * slowed the server it shares the machine with. The server's encoder
 * writes "type" first, and "round" right after it in a round_result, so
 * these are read from the head of the line; the lines whose other members
 * are read go through the scanner above. */
static const char type_head[] = "{\"type\":\"";
static const char round_head[] = ",\"round\":";

/* The type named at the head of @text, and in *@end the offset after the
 * type's closing quote; FALSE when the head is not as the encoder writes
 * it, or the type unknown. */
static gboolean
peek_type (const char         *text,
           gsize               len,
           PupitreMessageType *type,
           gsize              *end)
{
  const gsize start = sizeof type_head - 1;
  const char *quote;

  if (len <= start || memcmp (text, type_head, start) != 0)
    return FALSE;

  quote = memchr (text + start, '"', len - start);
  if (quote == NULL ||
      !pupitre_message_type_from_name (text + start, (gsize) (quote - text) - start, type))
    return FALSE;

  *end = (gsize) (quote - text) + 1;
  return TRUE;
}

/* The "round" that follows the type at @pos, or -1. */
static gint
peek_round (const char *text,
            gsize       len,
            gsize       pos)
{
  const gsize head_len = sizeof round_head - 1;
  gsize digits = pos + head_len;

  if (len - pos <= head_len || memcmp (text + pos, round_head, head_len) != 0)
    return -1;

  while (digits < len && g_ascii_isdigit (text[digits]) && digits - pos - head_len < 9)
    digits++;
  if (digits == pos + head_len || (digits < len && text[digits] != ','))
    return -1;

  return (gint) pupitre_json_integer_value (text + pos + head_len, digits - pos - head_len);
}

/* Reaps the child if it has exited; TRUE once it is gone. */
static gboolean
server_reap (Bench   *bench,
             gboolean block)
{
  int status;
  pid_t r;

  if (bench->server_exited)
    return TRUE;
  if (!bench->server_is_child)
    {
      if (bench->server_pid > 0 && kill (bench->server_pid, 0) < 0 && errno == ESRCH)
        bench->server_exited = TRUE;
      return bench->server_exited;
    }

  do
    r = wait4 (bench->server_pid, &status, block ? 0 : WNOHANG, &bench->server_rusage);
  while (r < 0 && errno == EINTR);
  if (r == bench->server_pid)
    {
      bench->server_exited = TRUE;
      bench->server_status = status;
      bench->have_rusage = TRUE;
    }
  return bench->server_exited;
}

static char *
describe_exit (int status)
{
  if (WIFEXITED (status))
    return g_strdup_printf (_("exited with status %d"), WEXITSTATUS (status));
  if (WIFSIGNALED (status))
    return g_strdup_printf (_("was killed by signal %d (%s)"),
                            WTERMSIG (status), g_strsignal (WTERMSIG (status)));
  return g_strdup (_("stopped"));
}

/* Waits for the server to accept a connection and send its welcome; the
 * probe never joins, so it takes no seat. */
static gboolean
wait_for_server (Bench   *bench,
                 GError **error)
{
  gint64 give_up = MIN (bench->deadline_us, g_get_monotonic_time () + SERVER_READY_TIMEOUT_US);
  gulong delay_us = 5000;

  for (;;)
    {
      int fd;
      int saved_errno;

      if (server_reap (bench, FALSE))
        {
          g_autofree char *how = describe_exit (bench->server_status);

          g_set_error (error, LOAD_ERROR, LOAD_ERROR_FAILED,
                       _("The server %s before accepting connections"), how);
          return FALSE;
        }

      fd = socket (bench->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0)
        {
          g_set_error (error, LOAD_ERROR, LOAD_ERROR_FAILED,
                       "socket: %s", g_strerror (errno));
          return FALSE;
        }

      if (connect (fd, (struct sockaddr *) &bench->addr, bench->addr_len) == 0)
        {
          struct pollfd pfd = { .fd = fd, .events = POLLIN };
          char buf[1024];
          gssize n = 0;
          gsize got = 0;

          /* Read the welcome line for the server's version. */
          while (got < sizeof buf - 1 && memchr (buf, '\n', got) == NULL)
            {
              gint64 left = give_up - g_get_monotonic_time ();

              if (left <= 0 || poll (&pfd, 1, (int) (left / 1000 + 1)) <= 0)
                break;
              n = recv (fd, buf + got, sizeof buf - 1 - got, 0);
              if (n <= 0)
                break;
              got += (gsize) n;
            }
          close (fd);

          if (got > 0 && memchr (buf, '\n', got) != NULL)
            {
              const char *nl = memchr (buf, '\n', got);
              ServerLine line;

              if (scan_line (buf, (gsize) (nl - buf), &line)
                  && line.type == PUPITRE_MESSAGE_TYPE_WELCOME)
                {
                  bench->server_version = member_dup_string (&line, LINE_SERVER);
                  return TRUE;
                }
            }
          g_set_error (error, LOAD_ERROR, LOAD_ERROR_FAILED,
                       _("The server did not send a welcome message"));
          return FALSE;
        }

      saved_errno = errno;
      close (fd);
      if (saved_errno != ECONNREFUSED && saved_errno != EINTR)
        {
          g_set_error (error, LOAD_ERROR, LOAD_ERROR_FAILED,
                       _("Could not connect to the server: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      if (g_get_monotonic_time () >= give_up)
        {
          g_set_error (error, LOAD_ERROR, LOAD_ERROR_FAILED,
                       _("The server did not listen on port %d in time"), bench->port);
          return FALSE;
        }
      g_usleep (delay_us);
      delay_us = MIN (delay_us * 2, 100000);
    }
}

/* Asks the server to stop if the game did not end it, and reaps it. */
static void
stop_server (Bench *bench)
{
  gboolean asked = !bench->game_over;
  gint64 give_up;

  if (!bench->server_is_child || bench->server_exited)
    return;

  /* After game_over, a server started with --once exits by itself; else
   * it is asked to, then told to. */
  if (asked)
    {
      kill (bench->server_pid, SIGTERM);
      bench->server_stopped = TRUE;
    }

  give_up = g_get_monotonic_time () + SERVER_EXIT_TIMEOUT_US;
  while (!server_reap (bench, FALSE))
    {
      if (g_get_monotonic_time () >= give_up)
        {
          if (!asked)
            {
              asked = TRUE;
              bench->server_stopped = TRUE;
              kill (bench->server_pid, SIGTERM);
              give_up = g_get_monotonic_time () + SERVER_EXIT_TIMEOUT_US;
              continue;
            }
          kill (bench->server_pid, SIGKILL);
          bench->server_killed = TRUE;
          server_reap (bench, TRUE);
          break;
        }
      if (bench->server_fd >= 0)
        {
          struct pollfd pfd = { .fd = bench->server_fd, .events = POLLIN };

          poll (&pfd, 1, 100);
        }
      else
        g_usleep (10000);
    }
}

static void
watch_server (Bench *bench)
{
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TAG_SERVER };

  bench->server_fd = -1;
  if (bench->server_pid <= 0)
    return;
#ifdef SYS_pidfd_open
  bench->server_fd = (int) syscall (SYS_pidfd_open, bench->server_pid, 0);
#endif
  /* Without a pidfd the loop polls for the exit a few times a second. */
  if (bench->server_fd >= 0)
    epoll_ctl (bench->epoll_fd, EPOLL_CTL_ADD, bench->server_fd, &ev);
}

/* ---- The players ------------------------------------------------------- */

static void
player_watch (Bench    *bench,
              guint     index,
              int       op,
              guint32   events)
{
  struct epoll_event ev = { .events = events, .data.u64 = index };

  if (epoll_ctl (bench->epoll_fd, op, bench->players[index].fd, &ev) < 0)
    g_error ("epoll_ctl: %s", g_strerror (errno));
}

static void
flush_done (Bench  *bench,
            Player *player)
{
  if (player->pending_round > 0)
    {
      Round *round = g_ptr_array_index (bench->rounds, player->pending_round - 1);

      player->pending_round = 0;
      if (--round->pending_writes == 0 && round->burst_end_us == 0)
        round->burst_end_us = g_get_monotonic_time ();
    }
}

/* Writes @len bytes, keeping what the kernel does not take for EPOLLOUT.
 * Returns FALSE if the connection failed. */
static gboolean
player_send (Bench      *bench,
             guint       index,
             const char *data,
             gsize       len)
{
  Player *player = &bench->players[index];
  gssize n = 0;

  if (player->out != NULL)
    {
      g_string_append_len (player->out, data, (gssize) len);
      return TRUE;
    }

  do
    n = send (player->fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);

  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    {
      player_close (bench, index);
      return FALSE;
    }
  if (n < 0)
    n = 0;
  if ((gsize) n < len)
    {
      player->out = g_string_new_len (data + n, (gssize) (len - (gsize) n));
      player_watch (bench, index, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT);
    }
  return TRUE;
}

static void
player_flush (Bench *bench,
              guint  index)
{
  Player *player = &bench->players[index];
  gssize n;

  if (player->out == NULL)
    return;
  do
    n = send (player->fd, player->out->str, player->out->len, MSG_NOSIGNAL | MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);

  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    {
      player_close (bench, index);
      return;
    }
  if (n > 0)
    g_string_erase (player->out, 0, n);
  if (player->out->len == 0)
    {
      g_string_free (g_steal_pointer (&player->out), TRUE);
      player_watch (bench, index, EPOLL_CTL_MOD, EPOLLIN);
      flush_done (bench, player);
    }
}

static void
player_close (Bench *bench,
              guint  index)
{
  Player *player = &bench->players[index];
  PlayerState was = player->state;

  if (was == PLAYER_CLOSED || was == PLAYER_IDLE)
    return;

  close (player->fd);
  player->fd = -1;
  player->state = PLAYER_CLOSED;
  bench->closed++;
  if (player->partial != NULL)
    g_string_free (g_steal_pointer (&player->partial), TRUE);
  if (player->out != NULL)
    g_string_free (g_steal_pointer (&player->out), TRUE);
  flush_done (bench, player);

  if (was == PLAYER_CONNECTING || was == PLAYER_WELCOME)
    bench->in_flight--;
  if (was != PLAYER_JOINED)
    {
      if (bench->phase != PHASE_DONE)
        bench_fail (bench, "connect-failed",
                    _("Player %u lost its connection before joining"), index + 1);
      return;
    }

  bench->connected--;
  if (bench->phase == PHASE_DONE)
    return;

  /* Rounds and the game no longer wait for this player. */
  if (bench->connected == 0)
    {
      /* An exiting process closes its sockets before its parent can reap
       * it: give a dying server a moment to tell why. */
      if (!bench->game_over && bench->server_fd >= 0 && !bench->server_exited)
        {
          struct pollfd pfd = { .fd = bench->server_fd, .events = POLLIN };

          if (poll (&pfd, 1, 500) > 0)
            {
              if (bench->server_is_child)
                server_reap (bench, FALSE);
              else
                bench->server_exited = TRUE;
            }
        }

      if (bench->game_over)
        {
          bench->complete = TRUE;
          bench->phase = PHASE_DONE;
        }
      else if (bench->server_exited)
        bench_fail (bench, "server-exited", _("The server exited during the game"));
      else
        bench_fail (bench, "disconnected", _("The server closed every connection"));
      return;
    }
  if (bench->rounds->len > 0)
    {
      Round *round = g_ptr_array_index (bench->rounds, bench->rounds->len - 1);

      maybe_burst (bench, round);
      check_round (bench, round);
    }
}

static void
player_connect (Bench *bench,
                guint  index)
{
  Player *player = &bench->players[index];
  int one = 1;
  int fd;

  fd = socket (bench->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    {
      bench_fail (bench, "connect-failed", _("Could not open socket %u: %s"),
                  index + 1, g_strerror (errno));
      return;
    }
  /* Answers are single small writes that must leave at once. */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  /* A class comes from many machines: players spread over 127.0.0.2 and
   * the SOURCE_ADDRESSES after it, so that the server's joins per address
   * see a school, not one client (::1 has no such range). */
  if (bench->addr.ss_family == AF_INET)
    {
      struct sockaddr_in source = { .sin_family = AF_INET };

      source.sin_addr.s_addr = htonl (INADDR_LOOPBACK + 1 + index % SOURCE_ADDRESSES);
      if (bind (fd, (struct sockaddr *) &source, sizeof source) != 0)
        {
          close (fd);
          bench_fail (bench, "connect-failed", _("Could not open socket %u: %s"),
                      index + 1, g_strerror (errno));
          return;
        }
    }

  player->fd = fd;
  bench->in_flight++;
  if (bench->first_connect_us == 0)
    bench->first_connect_us = g_get_monotonic_time ();

  if (connect (fd, (struct sockaddr *) &bench->addr, bench->addr_len) == 0)
    {
      player->state = PLAYER_WELCOME;
      player_watch (bench, index, EPOLL_CTL_ADD, EPOLLIN);
    }
  else if (errno == EINPROGRESS)
    {
      player->state = PLAYER_CONNECTING;
      player_watch (bench, index, EPOLL_CTL_ADD, EPOLLOUT);
    }
  else
    {
      /* The first reason given wins: this one, not player_close's. */
      bench_fail (bench, "connect-failed", _("Could not connect player %u: %s"),
                  index + 1, g_strerror (errno));
      player->state = PLAYER_CONNECTING;
      player_close (bench, index);
    }
}

/* Keeps at most max_connecting connects in flight: a SYN flood would measure
 * the listen backlog's overflow, not the server. */
static void
start_connects (Bench *bench)
{
  while (bench->phase != PHASE_DONE
         && bench->next_connect < bench->batch
         && bench->in_flight < (guint) bench->max_connecting)
    player_connect (bench, bench->next_connect++);
}

static void
player_connected (Bench *bench,
                  guint  index)
{
  Player *player = &bench->players[index];
  int err = 0;
  socklen_t len = sizeof err;

  if (getsockopt (player->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
    err = errno;
  if (err != 0)
    {
      bench_fail (bench, "connect-failed", _("Could not connect player %u: %s"),
                  index + 1, g_strerror (err));
      player_close (bench, index);
      return;
    }
  player->state = PLAYER_WELCOME;
  player_watch (bench, index, EPOLL_CTL_MOD, EPOLLIN);
}

/* ---- The game ---------------------------------------------------------- */

static Round *
get_round (Bench *bench,
           gint   number)
{
  if (number < 1 || number > 100000)
    return NULL;
  while (bench->rounds->len < (guint) number)
    {
      Round *round = g_new0 (Round, 1);

      round->round = (gint) bench->rounds->len + 1;
      round->result_us = g_new0 (gint64, bench->n_players);
      round->spread_ms = round->burst_ms = -1;
      round->p50_ms = round->p99_ms = round->max_ms = -1;
      g_ptr_array_add (bench->rounds, round);
    }
  return g_ptr_array_index (bench->rounds, number - 1);
}

static gboolean
round_measured (Bench *bench,
                Round *round)
{
  return bench->max_rounds <= 0 || round->round <= bench->max_rounds;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least @p of the values at or
 * below it. */
static double
percentile_ms (const gint64 *sorted,
               guint         n,
               guint         percent)
{
  guint64 rank;

  if (n == 0)
    return -1;
  rank = ((guint64) n * percent + 99) / 100;
  rank = CLAMP (rank, 1, n);
  return us_to_ms (sorted[rank - 1]);
}

static void
print_round (Bench *bench,
             Round *round)
{
  if (bench->json_only)
    return;
  if (round->closed_early)
    g_printerr (_("  round %d: the round closed before the answer burst: "
                  "%u of %u players had the question\n"),
                round->round, round->questions, bench->connected);
  else
    g_printerr (_("  round %d: question spread %.1f ms; round_result after the burst: "
                  "p50 %.1f ms, p99 %.1f ms, max %.1f ms\n"),
                round->round, round->spread_ms, round->p50_ms, round->p99_ms, round->max_ms);
  if (round->results_early > 0)
    g_printerr (ngettext ("  round %d: %u round_result came before the burst ended\n",
                          "  round %d: %u round_results came before the burst ended\n",
                          round->results_early),
                round->round, round->results_early);
  if (round->answered && round->acks < round->answers)
    g_printerr (_("  round %d: only %u of %u answers were accepted\n"),
                round->round, round->acks, round->answers);
}

static void
finish_round (Bench *bench,
              Round *round)
{
  g_autofree gint64 *latencies = g_new (gint64, bench->n_players);
  guint n = 0;

  round->done = TRUE;
  if (round->questions > 0)
    round->spread_ms = us_to_ms (round->last_question_us - round->first_question_us);

  if (round->answered && round->burst_end_us > 0)
    {
      round->burst_ms = us_to_ms (round->burst_end_us - round->burst_start_us);
      /* A result before the end of the burst means the round closed
       * without waiting for every answer: counted, and measured as 0. */
      for (gint i = 0; i < bench->n_players; i++)
        if (round->result_us[i] > 0)
          {
            if (round->result_us[i] < round->burst_end_us)
              round->results_early++;
            latencies[n++] = MAX (0, round->result_us[i] - round->burst_end_us);
          }
      qsort (latencies, n, sizeof *latencies, compare_gint64);
      round->p50_ms = percentile_ms (latencies, n, 50);
      round->p99_ms = percentile_ms (latencies, n, 99);
      round->max_ms = n > 0 ? us_to_ms (latencies[n - 1]) : -1;
    }

  /* The end sample is taken while the server still holds the game. */
  take_sample (bench, &bench->sample_end);
  print_round (bench, round);

  if (bench->max_rounds > 0 && round->round >= bench->max_rounds)
    {
      bench->complete = TRUE;
      bench->phase = PHASE_DONE;
    }
}

/* A round is over for the measurement once every connected player of it got
 * its round_result. */
static void
check_round (Bench *bench,
             Round *round)
{
  if (round->done || !round_measured (bench, round))
    return;
  if (round->results > 0 && round->results >= MIN (round->questions, bench->connected))
    finish_round (bench, round);
}

/* Every player answers in one burst once the last one has the question. */
static void
maybe_burst (Bench *bench,
             Round *round)
{
  g_autoptr(GPtrArray) answers = NULL;
  gint n_choices;

  if (round->answered || round->closed_early || !round_measured (bench, round)
      || round->questions < bench->connected || bench->phase != PHASE_GAME)
    return;

  round->answered = TRUE;
  round->burst_start_us = g_get_monotonic_time ();
  n_choices = MAX (round->n_choices, 1);
  /* The project's encoder writes the lines, one per choice for the whole
   * burst: the answers differ only by their choice. */
  answers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (gint c = 1; c <= n_choices; c++)
    g_ptr_array_add (answers, pupitre_message_answer ((guint) round->round, (guint) c));
  for (gint i = 0; i < bench->n_players; i++)
    {
      Player *player = &bench->players[i];
      GBytes *answer = g_ptr_array_index (answers, i % n_choices);
      gsize len = 0;
      const char *line = g_bytes_get_data (answer, &len);

      if (player->state != PLAYER_JOINED || player->question_round != round->round)
        continue;
      round->answers++;
      if (player_send (bench, (guint) i, line, len) && player->out != NULL)
        {
          player->pending_round = round->round;
          round->pending_writes++;
        }
    }
  if (round->pending_writes == 0)
    round->burst_end_us = g_get_monotonic_time ();
}

static void
record_error (Bench            *bench,
              guint             index,
              const ServerLine *line)
{
  bench->errors++;
  if (bench->first_error == NULL)
    {
      g_autofree char *code = member_dup_string (line, LINE_CODE);
      g_autofree char *message = member_dup_string (line, LINE_MESSAGE);

      bench->first_error = g_strdup_printf ("%s: %s", code ? code : "?", message ? message : "");
    }

  /* A refused join would leave the run waiting until the deadline. */
  if (bench->players[index].state == PLAYER_JOINING)
    bench_fail (bench, "join-refused", _("The server refused player %u: %s"),
                index + 1, bench->first_error);
}

static void
on_joined (Bench            *bench,
           guint             index,
           const ServerLine *line,
           gint64            now)
{
  Player *player = &bench->players[index];

  if (player->state != PLAYER_JOINING)
    return;
  player->state = PLAYER_JOINED;
  bench->joined++;
  bench->connected++;
  bench->last_joined_us = now;

  if (bench->needed == 0 && line->members[LINE_NEEDED].value != NULL)
    {
      bench->needed = (gint) member_get_int (line, LINE_NEEDED, -1);
      if (bench->needed != bench->n_players)
        bench_fail (bench, "needed-mismatch",
                    _("The server starts its game at %d players, not at %d: "
                      "start it with --players %d"),
                    bench->needed, bench->n_players, bench->n_players);
    }

  if (bench->joined == bench->batch)
    {
      if (bench->batch_joined_us == 0)
        bench->batch_joined_us = now;
      if (bench->phase == PHASE_JOIN && bench->batch < (guint) bench->n_players)
        {
          if (!bench->json_only)
            g_printerr (_("  %u players joined; waiting for the lobby to go quiet\n"),
                        bench->joined);
          bench->phase = PHASE_SETTLE;
        }
      else if (bench->phase == PHASE_JOIN || bench->phase == PHASE_GAME)
        {
          /* All N are in: the server starts its countdown now. */
          take_sample (bench, &bench->sample_lobby);
          bench->phase = PHASE_GAME;
          if (!bench->json_only)
            g_printerr (_("  all %u players joined; the game starts\n"), bench->joined);
        }
    }
}

static void
on_question (Bench            *bench,
             guint             index,
             const ServerLine *line,
             gint64            now)
{
  Player *player = &bench->players[index];
  gint number = (gint) member_get_int (line, LINE_ROUND, -1);
  Round *round;

  round = get_round (bench, number);
  if (round == NULL || player->question_round >= number)
    return;

  player->question_round = number;
  if (round->questions++ == 0)
    {
      round->first_question_us = now;
      round->n_choices = member_count_array (line, LINE_CHOICES);
      bench->rounds_total = (gint) member_get_int (line, LINE_ROUNDS, bench->rounds_total);
    }
  round->last_question_us = now;
  maybe_burst (bench, round);
}

static void
on_round_result (Bench  *bench,
                 guint   index,
                 gint    number,
                 gint64  now)
{
  Player *player = &bench->players[index];
  Round *round;

  round = get_round (bench, number);
  if (round == NULL || player->result_round >= number)
    return;

  player->result_round = number;
  if (!round->answered)
    round->closed_early = TRUE;
  round->result_us[index] = now;
  round->results++;
  check_round (bench, round);
}

static void
on_game_over (Bench  *bench,
              guint   index)
{
  Player *player = &bench->players[index];

  if (player->game_over)
    return;
  player->game_over = TRUE;
  bench->game_overs++;
  if (bench->game_overs >= bench->connected && bench->phase != PHASE_DONE)
    {
      /* No sample here: a server started with --once may already be gone;
       * the end of the last round was sampled. */
      bench->game_over = TRUE;
      bench->complete = TRUE;
      bench->phase = PHASE_DONE;
    }
}

static void
dispatch_line (Bench            *bench,
               guint             index,
               const ServerLine *line,
               gint64            now)
{
  Player *player = &bench->players[index];

  switch (line->type)
    {
    case PUPITRE_MESSAGE_TYPE_ANSWER_ACK:
      {
        /* Acks prove the server took every answer of the burst, so the
         * round closed because all answered, not on its time limit. */
        Round *round = bench->rounds->len > 0
                       ? g_ptr_array_index (bench->rounds, bench->rounds->len - 1) : NULL;

        if (round != NULL)
          round->acks++;
      }
      break;

    case PUPITRE_MESSAGE_TYPE_QUESTION:
      on_question (bench, index, line, now);
      break;

    case PUPITRE_MESSAGE_TYPE_ROUND_RESULT:
      on_round_result (bench, index, (gint) member_get_int (line, LINE_ROUND, -1), now);
      break;

    case PUPITRE_MESSAGE_TYPE_WELCOME:
      if (player->state == PLAYER_WELCOME)
        {
          char name[16];
          g_autoptr(GBytes) join = NULL;
          gsize join_len = 0;
          const char *data;

          g_snprintf (name, sizeof name, "p%05u", index + 1);
          join = pupitre_message_join (name, NULL, NULL, NULL);
          data = g_bytes_get_data (join, &join_len);
          player->state = PLAYER_JOINING;
          bench->in_flight--;
          player_send (bench, index, data, join_len);
        }
      break;

    case PUPITRE_MESSAGE_TYPE_JOINED:
      on_joined (bench, index, line, now);
      break;

    case PUPITRE_MESSAGE_TYPE_GAME_OVER:
      on_game_over (bench, index);
      break;

    case PUPITRE_MESSAGE_TYPE_ERROR:
      record_error (bench, index, line);
      break;

    default:
      /* players, progress, standing and the rest tell nothing to measure. */
      break;
    }
}

static void
handle_line (Bench      *bench,
             guint       index,
             const char *text,
             gsize       len,
             gint64      now)
{
  PupitreMessageType head_type;
  gsize head_end = 0;
  ServerLine line;

  if (len > 0 && text[len - 1] == '\r')
    len--;
  if (len == 0)
    return;

  if (peek_type (text, len, &head_type, &head_end))
    {
      gint number;

      switch (head_type)
        {
        case PUPITRE_MESSAGE_TYPE_ROUND_RESULT:
          number = peek_round (text, len, head_end);
          if (number < 0)
            break;
          on_round_result (bench, index, number, now);
          return;

        case PUPITRE_MESSAGE_TYPE_WELCOME:
        case PUPITRE_MESSAGE_TYPE_JOINED:
        case PUPITRE_MESSAGE_TYPE_QUESTION:
        case PUPITRE_MESSAGE_TYPE_ERROR:
          break;

        default:
          /* Nothing to read but the type. */
          line.type = head_type;
          dispatch_line (bench, index, &line, now);
          return;
        }
    }

  if (!scan_line (text, len, &line))
    {
      bench->errors++;
      if (bench->first_error == NULL)
        bench->first_error = g_strdup (_("the server sent a line that is not a JSON object"));
      return;
    }

  dispatch_line (bench, index, &line, now);
}

static void
player_read (Bench *bench,
             guint  index)
{
  Player *player = &bench->players[index];
  const char *p;
  const char *end;
  gssize n;
  gint64 now;

  do
    n = recv (player->fd, bench->scratch, READ_CHUNK, 0);
  while (n < 0 && errno == EINTR);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return;
  if (n <= 0)
    {
      player_close (bench, index);
      return;
    }

  now = g_get_monotonic_time ();
  bench->last_receive_us = now;
  if (bench->phase == PHASE_IDLE)
    bench->idle_bytes += (guint64) n;

  /* Whole lines are handled where recv put them; only a line cut by the
   * end of the read is copied, to be completed by the next one. */
  p = bench->scratch;
  end = bench->scratch + n;
  while (p < end && player->state != PLAYER_CLOSED)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));

      if (nl == NULL)
        {
          if (player->partial == NULL)
            player->partial = g_string_sized_new ((gsize) (end - p) + 1024);
          g_string_append_len (player->partial, p, end - p);
          if (player->partial->len >= PUPITRE_MAX_LINE)
            {
              bench->errors++;
              if (bench->first_error == NULL)
                bench->first_error = g_strdup (_("the server sent a line over 64 KiB"));
              player_close (bench, index);
            }
          break;
        }

      if (player->partial != NULL)
        {
          g_autoptr(GString) whole = g_steal_pointer (&player->partial);

          g_string_append_len (whole, p, nl - p);
          handle_line (bench, index, whole->str, whole->len, now);
        }
      else
        handle_line (bench, index, p, (gsize) (nl - p), now);
      p = nl + 1;
    }
}

static void
player_event (Bench    *bench,
              guint     index,
              guint32   events)
{
  Player *player = &bench->players[index];

  if (player->state == PLAYER_CONNECTING)
    {
      player_connected (bench, index);
      return;
    }
  if ((events & EPOLLOUT) && player->state != PLAYER_CLOSED)
    player_flush (bench, index);
  if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && player->state != PLAYER_CLOSED)
    player_read (bench, index);
}

/* ---- The run ----------------------------------------------------------- */

static void
start_idle (Bench *bench)
{
  take_sample (bench, &bench->sample_idle_start);
  bench->idle_end_us = g_get_monotonic_time ()
                       + (gint64) (bench->idle_seconds * G_TIME_SPAN_SECOND);
  bench->phase = PHASE_IDLE;
}

static void
end_idle (Bench *bench)
{
  take_sample (bench, &bench->sample_idle_end);
  bench->have_idle = bench->sample_idle_start.ctxt_switches >= 0
                     && bench->sample_idle_end.ctxt_switches >= 0;
  if (!bench->json_only)
    g_printerr (_("  idle window over; the last player joins\n"));
  bench->batch = (guint) bench->n_players;
  bench->phase = PHASE_GAME;
}

/* Phase changes that happen with time rather than with a message. */
static void
tick (Bench  *bench,
      gint64  now)
{
  if (bench->phase == PHASE_SETTLE && now - bench->last_receive_us >= SETTLE_QUIET_US (bench->n_players))
    start_idle (bench);
  else if (bench->phase == PHASE_IDLE && now >= bench->idle_end_us)
    end_idle (bench);
}

static int
next_timeout_ms (Bench  *bench,
                 gint64  now)
{
  gint64 until = bench->deadline_us;

  if (bench->phase == PHASE_SETTLE)
    until = MIN (until, bench->last_receive_us + SETTLE_QUIET_US (bench->n_players));
  else if (bench->phase == PHASE_IDLE)
    until = MIN (until, bench->idle_end_us);
  if (bench->server_is_child && bench->server_fd < 0)
    until = MIN (until, now + 200 * G_TIME_SPAN_MILLISECOND);

  return (int) CLAMP ((until - now + 999) / 1000, 0, G_MAXINT);
}

static void
on_server_event (Bench *bench)
{
  /* A pidfd is readable once the process has exited; one that is not our
   * child cannot be reaped here and would stay readable. */
  if (bench->server_is_child)
    {
      if (!server_reap (bench, FALSE))
        return;
    }
  else
    bench->server_exited = TRUE;
  /* Lines already received are still read: the last game_over may be in a
   * socket buffer. Connections closing tell when it is over. */
  epoll_ctl (bench->epoll_fd, EPOLL_CTL_DEL, bench->server_fd, NULL);
  if (bench->joined < bench->batch && bench->phase != PHASE_DONE)
    {
      g_autofree char *how = describe_exit (bench->server_status);

      bench_fail (bench, "server-exited", _("The server %s"), how);
    }
}

static void
run (Bench *bench)
{
  struct epoll_event events[MAX_EVENTS];

  while (bench->phase != PHASE_DONE)
    {
      gint64 now = g_get_monotonic_time ();
      int n;

      if (now >= bench->deadline_us)
        {
          bench_fail (bench, "timeout", _("The run did not finish within %.0f s"),
                      bench->timeout);
          break;
        }
      tick (bench, now);
      start_connects (bench);
      if (bench->phase == PHASE_DONE)
        break;

      n = epoll_wait (bench->epoll_fd, events, MAX_EVENTS, next_timeout_ms (bench, now));
      if (n < 0 && errno != EINTR)
        g_error ("epoll_wait: %s", g_strerror (errno));

      for (int i = 0; i < n && bench->phase != PHASE_DONE; i++)
        {
          if (events[i].data.u64 == TAG_SIGNAL)
            bench_fail (bench, "interrupted", _("Interrupted"));
          else if (events[i].data.u64 == TAG_SERVER)
            on_server_event (bench);
          else
            player_event (bench, (guint) events[i].data.u64, events[i].events);
        }

      if (bench->server_is_child && bench->server_fd < 0)
        server_reap (bench, FALSE);
    }
}

/* ---- Reporting --------------------------------------------------------- */

static void
append_string (GString    *json,
               const char *str)
{
  if (str == NULL)
    {
      g_string_append (json, "null");
      return;
    }
  g_string_append_c (json, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (json, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (json, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}

/* Numbers are written in the C locale whatever the user's is; a negative
 * value means unknown. */
static void
append_number (GString *json,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value < 0)
    g_string_append (json, "null");
  else
    g_string_append (json, g_ascii_formatd (buf, sizeof buf, "%.3f", value));
}

static void
append_int (GString *json,
            gint64   value)
{
  if (value < 0)
    g_string_append (json, "null");
  else
    g_string_append_printf (json, "%" G_GINT64_FORMAT, value);
}

/* -1 unknown, else a boolean. */
static void
append_bool (GString *json,
             gint     value)
{
  g_string_append (json, value < 0 ? "null" : value ? "true" : "false");
}

typedef struct
{
  double  join_ms;
  double  spread_max_ms;
  double  p99_max_ms;
  guint   rounds_unanswered;
  gint64  rss_peak_kb;
  gint64  idle_wakeups;
  double  idle_cpu_s;
  double  cpu_join_s;
  double  cpu_game_s;
  double  load_cpu_s;
  gint    target_join;
  gint    target_spread;
  gint    target_result;
  gint    target_rss;
  gint    target_idle;
  gboolean pass;
} Verdict;

static double
cpu_delta (const PupitreLoadProcSample *from,
           const PupitreLoadProcSample *to)
{
  if (from->cpu_s < 0 || to->cpu_s < 0)
    return -1;
  return MAX (0, to->cpu_s - from->cpu_s);
}

static void
judge (Bench   *bench,
       Verdict *v)
{
  struct rusage self;
  guint measured = 0;

  v->join_ms = bench->batch_joined_us > 0
               ? us_to_ms (bench->batch_joined_us - bench->first_connect_us) : -1;
  v->spread_max_ms = v->p99_max_ms = -1;
  v->rounds_unanswered = 0;
  for (guint i = 0; i < bench->rounds->len; i++)
    {
      Round *round = g_ptr_array_index (bench->rounds, i);

      if (!round->done)
        continue;
      measured++;
      if (round->closed_early)
        v->rounds_unanswered++;
      v->spread_max_ms = MAX (v->spread_max_ms, round->spread_ms);
      v->p99_max_ms = MAX (v->p99_max_ms, round->p99_ms);
    }

  v->rss_peak_kb = bench->rss_peak_kb;
  if (bench->have_rusage)
    v->rss_peak_kb = MAX (v->rss_peak_kb, bench->server_rusage.ru_maxrss);

  v->idle_wakeups = -1;
  v->idle_cpu_s = -1;
  if (bench->have_idle)
    {
      v->idle_wakeups = bench->sample_idle_end.ctxt_switches
                        - bench->sample_idle_start.ctxt_switches;
      v->idle_cpu_s = cpu_delta (&bench->sample_idle_start, &bench->sample_idle_end);
    }
  v->cpu_join_s = cpu_delta (&bench->sample_start, &bench->sample_lobby);
  v->cpu_game_s = cpu_delta (&bench->sample_lobby, &bench->sample_end);

  getrusage (RUSAGE_SELF, &self);
  v->load_cpu_s = (double) self.ru_utime.tv_sec + self.ru_utime.tv_usec / 1e6
                  + (double) self.ru_stime.tv_sec + self.ru_stime.tv_usec / 1e6;

  v->target_join = v->join_ms < 0 ? -1 : v->join_ms <= TARGET_JOIN_MS;
  /* A round that closed before every player had its question missed both:
   * the spread is unbounded and no burst was measured. */
  v->target_spread = v->spread_max_ms < 0 ? -1
                     : v->spread_max_ms <= TARGET_SPREAD_MS && v->rounds_unanswered == 0;
  v->target_result = v->p99_max_ms < 0 && v->rounds_unanswered == 0 ? -1
                     : v->p99_max_ms <= TARGET_RESULT_P99_MS && v->rounds_unanswered == 0;
  v->target_rss = v->rss_peak_kb < 0 ? -1 : v->rss_peak_kb <= TARGET_RSS_KB;
  v->target_idle = v->idle_wakeups < 0 ? -1 : v->idle_wakeups <= TARGET_IDLE_WAKEUPS;

  /* Every measured target met, and at least one round measured. */
  v->pass = bench->complete && measured > 0 && bench->errors == 0
            && v->target_join != 0 && v->target_spread != 0 && v->target_result != 0
            && v->target_rss != 0 && v->target_idle != 0;
}

static void
append_round_array (GString    *json,
                    const char *name,
                    Bench      *bench,
                    gsize       offset)
{
  g_string_append_printf (json, ",\"%s\":[", name);
  for (guint i = 0, n = 0; i < bench->rounds->len; i++)
    {
      Round *round = g_ptr_array_index (bench->rounds, i);

      if (!round->done)
        continue;
      if (n++ > 0)
        g_string_append_c (json, ',');
      append_number (json, G_STRUCT_MEMBER (double, round, offset));
    }
  g_string_append_c (json, ']');
}

static void
append_round_counts (GString    *json,
                     const char *name,
                     Bench      *bench,
                     gsize       offset)
{
  g_string_append_printf (json, ",\"%s\":[", name);
  for (guint i = 0, n = 0; i < bench->rounds->len; i++)
    {
      Round *round = g_ptr_array_index (bench->rounds, i);

      if (round->done)
        g_string_append_printf (json, "%s%u", n++ > 0 ? "," : "",
                                G_STRUCT_MEMBER (guint, round, offset));
    }
  g_string_append_c (json, ']');
}

static void
print_json (Bench   *bench,
            Verdict *v)
{
  g_autoptr(GString) json = g_string_new ("{\"tool\":\"pupitre-load\"");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format_iso8601 (now);
  g_autofree char *model = pupitre_load_proc_cpu_model ();
  struct utsname uts;

  g_string_append (json, ",\"version\":");
  append_string (json, PACKAGE_VERSION);
  g_string_append (json, ",\"date\":");
  append_string (json, date);
  g_string_append_printf (json, ",\"machine\":{\"nproc\":%ld,\"model\":",
                          sysconf (_SC_NPROCESSORS_ONLN));
  append_string (json, model);
  g_string_append (json, ",\"kernel\":");
  append_string (json, uname (&uts) == 0 ? uts.release : NULL);
  g_string_append (json, "},\"server\":");
  append_string (json, bench->server_version);
  g_string_append_printf (json, ",\"server_started\":%s",
                          bench->server_is_child ? "true" : "false");

  g_string_append_printf (json, ",\"n\":%d,\"joined\":%u,\"join_ms\":",
                          bench->n_players, bench->joined);
  append_number (json, v->join_ms);
  g_string_append_printf (json, ",\"join_batch\":%u,\"max_connecting\":%d",
                          bench->first_batch, bench->max_connecting);

  g_string_append (json, ",\"rounds_total\":");
  append_int (json, bench->rounds_total > 0 ? bench->rounds_total : -1);
  g_string_append (json, ",\"rounds_limit\":");
  append_int (json, bench->max_rounds > 0 ? bench->max_rounds : -1);
  append_round_array (json, "spread_ms", bench, G_STRUCT_OFFSET (Round, spread_ms));
  append_round_array (json, "burst_ms", bench, G_STRUCT_OFFSET (Round, burst_ms));
  append_round_array (json, "result_p50_ms", bench, G_STRUCT_OFFSET (Round, p50_ms));
  append_round_array (json, "result_p99_ms", bench, G_STRUCT_OFFSET (Round, p99_ms));
  append_round_array (json, "result_max_ms", bench, G_STRUCT_OFFSET (Round, max_ms));
  append_round_counts (json, "questions_received", bench, G_STRUCT_OFFSET (Round, questions));
  append_round_counts (json, "answers_acked", bench, G_STRUCT_OFFSET (Round, acks));
  append_round_counts (json, "results_received", bench, G_STRUCT_OFFSET (Round, results));
  append_round_counts (json, "results_early", bench, G_STRUCT_OFFSET (Round, results_early));
  g_string_append_printf (json, ",\"rounds_unanswered\":%u", v->rounds_unanswered);

  g_string_append (json, ",\"rss_peak_kb\":");
  append_int (json, v->rss_peak_kb);
  g_string_append (json, ",\"rss_start_kb\":");
  append_int (json, bench->sample_start.vm_rss_kb);
  g_string_append (json, ",\"rss_lobby_kb\":");
  append_int (json, bench->sample_lobby.vm_rss_kb);
  g_string_append (json, ",\"rss_end_kb\":");
  append_int (json, bench->sample_end.vm_rss_kb);
  g_string_append (json, ",\"cpu_s_start\":");
  append_number (json, bench->sample_start.cpu_s);
  g_string_append (json, ",\"cpu_s_lobby\":");
  append_number (json, bench->sample_lobby.cpu_s);
  g_string_append (json, ",\"cpu_s_end\":");
  append_number (json, bench->sample_end.cpu_s);
  g_string_append (json, ",\"cpu_s_join\":");
  append_number (json, v->cpu_join_s);
  g_string_append (json, ",\"cpu_s_game\":");
  append_number (json, v->cpu_game_s);

  g_string_append (json, ",\"idle_seconds\":");
  append_number (json, bench->have_idle ? bench->idle_seconds : -1);
  g_string_append (json, ",\"idle_wakeups\":");
  append_int (json, v->idle_wakeups);
  g_string_append (json, ",\"idle_cpu_s\":");
  append_number (json, v->idle_cpu_s);
  g_string_append (json, ",\"idle_bytes_received\":");
  append_int (json, bench->have_idle ? (gint64) bench->idle_bytes : -1);

  g_string_append (json, ",\"load_cpu_s\":");
  append_number (json, v->load_cpu_s);
  g_string_append_printf (json, ",\"errors\":%u,\"first_error\":", bench->errors);
  append_string (json, bench->first_error);
  g_string_append_printf (json, ",\"disconnects\":%u", bench->closed);

  g_string_append (json, ",\"targets\":{\"join_3s\":");
  append_bool (json, v->target_join);
  g_string_append (json, ",\"spread_150ms\":");
  append_bool (json, v->target_spread);
  g_string_append (json, ",\"result_p99_300ms\":");
  append_bool (json, v->target_result);
  g_string_append (json, ",\"rss_64mb\":");
  append_bool (json, v->target_rss);
  g_string_append (json, ",\"idle_no_wakeups\":");
  append_bool (json, v->target_idle);
  g_string_append_printf (json, "},\"complete\":%s,\"pass\":%s,\"failure\":",
                          bench->complete ? "true" : "false", v->pass ? "true" : "false");
  append_string (json, bench->failure);
  g_string_append (json, "}\n");

  fputs (json->str, stdout);
  fflush (stdout);
}

static const char *
verdict_word (gint target)
{
  return target < 0 ? _("not measured") : target ? _("met") : _("MISSED");
}

static void
print_summary (Bench   *bench,
               Verdict *v)
{
  if (bench->json_only)
    return;

  if (bench->failure_message != NULL)
    g_printerr (_("Run incomplete: %s\n"), bench->failure_message);

  if (v->join_ms >= 0)
    g_printerr (_("Join: %u players in %.1f ms (target ≤ %.0f ms: %s)\n"),
                bench->first_batch, v->join_ms,
                TARGET_JOIN_MS, verdict_word (v->target_join));
  if (v->spread_max_ms >= 0)
    g_printerr (_("Question spread: worst round %.1f ms (target ≤ %.0f ms: %s)\n"),
                v->spread_max_ms, TARGET_SPREAD_MS, verdict_word (v->target_spread));
  if (v->p99_max_ms >= 0)
    g_printerr (_("round_result p99 after the burst: worst round %.1f ms "
                  "(target ≤ %.0f ms: %s)\n"),
                v->p99_max_ms, TARGET_RESULT_P99_MS, verdict_word (v->target_result));
  if (v->rounds_unanswered > 0)
    g_printerr (ngettext ("%u round closed before every player had its question: "
                          "no answer burst\n",
                          "%u rounds closed before every player had its question: "
                          "no answer burst\n", v->rounds_unanswered),
                v->rounds_unanswered);
  if (v->rss_peak_kb >= 0)
    g_printerr (_("Server memory: peak %.1f MiB, %.1f MiB in the full lobby "
                  "(target ≤ 64 MiB: %s)\n"),
                v->rss_peak_kb / 1024.0, MAX (0, bench->sample_lobby.vm_rss_kb) / 1024.0,
                verdict_word (v->target_rss));
  if (v->cpu_join_s >= 0 || v->cpu_game_s >= 0)
    g_printerr (_("Server CPU: %.2f s for the joins, %.2f s for the game\n"),
                MAX (0, v->cpu_join_s), MAX (0, v->cpu_game_s));
  if (v->idle_wakeups >= 0)
    g_printerr (_("Idle lobby, %.1f s: %lld wakeups, %.2f s CPU, "
                  "%llu bytes sent (target ≤ %d wakeups: %s)\n"),
                bench->idle_seconds, (long long) v->idle_wakeups, MAX (0, v->idle_cpu_s),
                (unsigned long long) bench->idle_bytes, TARGET_IDLE_WAKEUPS,
                verdict_word (v->target_idle));
  g_printerr (_("Load generator CPU: %.2f s\n"), v->load_cpu_s);
  if (bench->errors > 0)
    g_printerr (ngettext ("%u error from the server, the first: %s\n",
                          "%u errors from the server, the first: %s\n", bench->errors),
                bench->errors, bench->first_error);
  if (bench->server_exited && bench->server_is_child && !bench->server_stopped
      && !(WIFEXITED (bench->server_status) && WEXITSTATUS (bench->server_status) == 0))
    {
      g_autofree char *how = describe_exit (bench->server_status);

      g_printerr (_("The server %s\n"), how);
    }
  if (bench->server_killed)
    g_printerr (_("The server did not stop within 5 s of SIGTERM and was killed\n"));
  g_printerr ("%s\n", !bench->complete ? _("Result: incomplete run")
                      : v->pass ? _("Result: every target met")
                      : bench->errors > 0 ? _("Result: the server refused messages; "
                                              "the numbers do not measure a normal game")
                      : _("Result: some targets missed"));
}

/* ---- Setup ------------------------------------------------------------- */

static gboolean
raise_fd_limit (Bench   *bench,
                GError **error)
{
  struct rlimit limit;
  rlim_t needed = (rlim_t) bench->n_players + FD_MARGIN;

  if (getrlimit (RLIMIT_NOFILE, &limit) < 0)
    return TRUE;
  /* The server inherits the raised limit too. */
  limit.rlim_cur = limit.rlim_max;
  setrlimit (RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed)
    {
      g_set_error (error, LOAD_ERROR, LOAD_ERROR_FAILED,
                   _("%d players need %lu open files, but the limit is %lu "
                     "(raise it with ulimit -Hn)"),
                   bench->n_players, (unsigned long) needed, (unsigned long) limit.rlim_cur);
      return FALSE;
    }
  return TRUE;
}

static int
watch_signals (Bench *bench)
{
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TAG_SIGNAL };
  sigset_t mask;
  int fd;

  /* Blocked only after the server was spawned, so it keeps its own
   * handling of these signals. */
  sigemptyset (&mask);
  sigaddset (&mask, SIGINT);
  sigaddset (&mask, SIGTERM);
  sigaddset (&mask, SIGHUP);
  sigprocmask (SIG_BLOCK, &mask, NULL);
  fd = signalfd (-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd >= 0)
    epoll_ctl (bench->epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  return fd;
}

static void
bench_free (Bench *bench)
{
  if (bench->players != NULL)
    {
      for (gint i = 0; i < bench->n_players; i++)
        {
          Player *player = &bench->players[i];

          if (player->fd >= 0)
            close (player->fd);
          if (player->partial != NULL)
            g_string_free (player->partial, TRUE);
          if (player->out != NULL)
            g_string_free (player->out, TRUE);
        }
      g_free (bench->players);
    }
  if (bench->server_fd >= 0)
    close (bench->server_fd);
  if (bench->signal_fd >= 0)
    close (bench->signal_fd);
  if (bench->epoll_fd >= 0)
    close (bench->epoll_fd);
  g_clear_pointer (&bench->rounds, g_ptr_array_unref);
  g_free (bench->scratch);
  g_free (bench->server_version);
  g_free (bench->first_error);
  g_free (bench->failure_message);
  g_free (bench->tmp_dir);
  g_free (bench->log_path);
  g_free (bench->quiz);
  g_free (bench->server_path);
  g_free (bench->connect);
}

static void
remove_tmp_dir (Bench *bench)
{
  g_autofree char *quiz = NULL;

  if (bench->tmp_dir == NULL)
    return;
  quiz = g_build_filename (bench->tmp_dir, "quiz.json", NULL);
  g_unlink (quiz);
  if (bench->log_path != NULL)
    g_unlink (bench->log_path);
  g_rmdir (bench->tmp_dir);
}

static gboolean
parse_options (Bench   *bench,
               int     *argc,
               char  ***argv,
               GError **error)
{
  const GOptionEntry entries[] = {
    { "players", 'n', 0, G_OPTION_ARG_INT, &bench->n_players,
      N_("Number of simulated players (default 1000)"), N_("N") },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &bench->max_rounds,
      N_("Answer only the first R rounds, then stop (default: all)"), N_("R") },
    { "port", 0, 0, G_OPTION_ARG_INT, &bench->port,
      N_("Port for the server this program starts (default: a free one)"), N_("PORT") },
    { "quiz", 0, 0, G_OPTION_ARG_FILENAME, &bench->quiz,
      N_("Quiz file for the server (default: a generated one)"), N_("FILE") },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &bench->server_path,
      N_("The pupitre-server program to start"), N_("PATH") },
    { "connect", 0, 0, G_OPTION_ARG_STRING, &bench->connect,
      N_("Use a running server on a loopback address instead"), N_("HOST:PORT") },
    { "server-pid", 0, 0, G_OPTION_ARG_INT, &bench->server_pid_option,
      N_("Process id of that running server, to measure it"), N_("PID") },
    { "countdown", 0, 0, G_OPTION_ARG_DOUBLE, &bench->countdown,
      N_("Countdown before each question (default 1)"), N_("SECONDS") },
    { "time-limit", 0, 0, G_OPTION_ARG_DOUBLE, &bench->time_limit,
      N_("Time limit of each question (default 30)"), N_("SECONDS") },
    { "pause", 0, 0, G_OPTION_ARG_DOUBLE, &bench->pause,
      N_("Pause on the results between rounds (default 0.5)"), N_("SECONDS") },
    { "idle-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &bench->idle_seconds,
      N_("Measure the server idle with N-1 players in the lobby (default 5, 0 = skip)"),
      N_("SECONDS") },
    { "max-connecting", 0, 0, G_OPTION_ARG_INT, &bench->max_connecting,
      N_("Connections opened at once (default 512)"), N_("K") },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &bench->timeout,
      N_("Give up after this long (default 120)"), N_("SECONDS") },
    { "json-only", 0, 0, G_OPTION_ARG_NONE, &bench->json_only,
      N_("Print only the JSON line"), NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— measure pupitre-server with many simulated players"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Starts pupitre-server on 127.0.0.1 (or uses a running one), brings N players into "
      "its game, answers every question in one burst and measures the server.\n"
      "A summary goes to standard error, one JSON line to standard output."));
  g_option_context_set_description (context,
    _("Exit status: 0 when every target was met, 1 when the run did not complete, "
      "2 when a target was missed or the server refused messages."));
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (bench->n_players < 1 || bench->n_players > 1000000)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--players must be between 1 and 1000000"));
  else if (bench->max_rounds < 0)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--rounds must not be negative"));
  else if (bench->port < 0 || bench->port > 65535)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--port must be between 1 and 65535"));
  else if (bench->countdown < 0 || bench->time_limit <= 0 || bench->pause < 0
           || bench->idle_seconds < 0 || bench->timeout <= 0)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("Durations must be positive"));
  else if (bench->max_connecting < 1)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--max-connecting must be at least 1"));
  else if (bench->connect != NULL && (bench->server_path != NULL || bench->quiz != NULL))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--connect uses a running server: --server and --quiz do not apply"));
  else if (bench->connect == NULL && bench->server_pid_option != 0)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--server-pid goes with --connect"));
  else
    return TRUE;
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  Bench bench = {
    .n_players = 1000,
    .countdown = 1,
    .time_limit = 30,
    .pause = 0.5,
    .idle_seconds = 5,
    .timeout = 120,
    .max_connecting = 512,
    .epoll_fd = -1,
    .signal_fd = -1,
    .server_fd = -1,
    .rss_peak_kb = -1,
  };
  PupitreLoadProcSample unknown = { -1, -1, -1, -1 };
  g_autoptr(GError) error = NULL;
  Verdict verdict = { 0 };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!parse_options (&bench, &argc, &argv, &error)
      || !raise_fd_limit (&bench, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      bench_free (&bench);
      return 1;
    }

  bench.sample_start = bench.sample_lobby = bench.sample_end = unknown;
  bench.sample_idle_start = bench.sample_idle_end = unknown;
  bench.start_us = g_get_monotonic_time ();
  bench.deadline_us = bench.start_us + (gint64) (bench.timeout * G_TIME_SPAN_SECOND);
  bench.rounds = g_ptr_array_new_with_free_func (round_free);
  bench.scratch = g_malloc (READ_CHUNK);
  bench.players = g_new0 (Player, bench.n_players);
  for (gint i = 0; i < bench.n_players; i++)
    bench.players[i].fd = -1;
  bench.epoll_fd = epoll_create1 (EPOLL_CLOEXEC);

  if (bench.connect != NULL)
    {
      if (!parse_connect (&bench, &error))
        goto setup_failed;
      bench.server_pid = bench.server_pid_option;
    }
  else
    {
      bench.tmp_dir = g_dir_make_tmp ("pupitre-load-XXXXXX", &error);
      if (bench.tmp_dir == NULL || !spawn_server (&bench, &error))
        goto setup_failed;
    }

  watch_server (&bench);
  bench.signal_fd = watch_signals (&bench);
  signal (SIGPIPE, SIG_IGN);

  if (!wait_for_server (&bench, &error))
    goto setup_failed;

  if (!bench.json_only)
    g_printerr (_("pupitre-load: %d players against %s on port %d\n"),
                bench.n_players, bench.server_version ? bench.server_version : "?",
                bench.port);

  take_sample (&bench, &bench.sample_start);
  bench.batch = (guint) bench.n_players;
  if (bench.idle_seconds > 0)
    bench.batch = (guint) bench.n_players - 1;
  bench.first_batch = bench.batch;
  bench.phase = PHASE_JOIN;
  /* With a single player there is no one to keep idle in the lobby: the
   * window then measures an empty server. */
  if (bench.batch == 0)
    {
      bench.last_receive_us = g_get_monotonic_time ();
      bench.phase = PHASE_SETTLE;
    }

  run (&bench);

  /* Close the players before stopping the server so it sees them leave. */
  for (gint i = 0; i < bench.n_players; i++)
    if (bench.players[i].fd >= 0)
      {
        close (bench.players[i].fd);
        bench.players[i].fd = -1;
      }
  /* A run that stopped before the end of a round has no end sample yet. */
  if (bench.sample_end.vm_rss_kb < 0)
    take_sample (&bench, &bench.sample_end);
  stop_server (&bench);

  judge (&bench, &verdict);
  print_summary (&bench, &verdict);
  print_json (&bench, &verdict);

  status = !bench.complete ? 1 : verdict.pass ? 0 : 2;
  if (bench.complete)
    remove_tmp_dir (&bench);
  else if (bench.log_path != NULL && !bench.json_only)
    g_printerr (_("The server's log is kept in %s\n"), bench.log_path);
  bench_free (&bench);
  return status;

setup_failed:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  stop_server (&bench);
  if (bench.log_path != NULL)
    g_printerr (_("The server's log is kept in %s\n"), bench.log_path);
  bench_free (&bench);
  return 1;
}
