/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pupitre-games: many hosted games at once on one server, each with its host and its players, rounds not in step. */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pupitre-load-proc.h"

/* Players come from this many loopback addresses, as in pupitre-load, so
 * that the server's joins per address let them all in at once. */
#define SOURCE_ADDRESSES   200
/* Connections being opened at once: more would overflow a listen backlog
 * on a loaded machine and cost a SYN retry of a second. */
#define CONNECTS_IN_FLIGHT 128
#define READ_CHUNK         65536
#define MAX_EVENTS         512
#define RUN_TIMEOUT_US     (600 * G_USEC_PER_SEC)

typedef enum
{
  ROLE_HOST,
  ROLE_PLAYER,
} Role;

typedef struct
{
  int      fd;
  Role     role;
  guint    game;
  guint    index;          /* in the game; the host is 0 */
  gboolean connecting;
  gboolean welcomed;
  gboolean watching_out;   /* EPOLLOUT asked for */
  GString *in;
  GString *out;
  gint64   sent_at;        /* the create_game or the join */
  gint     round;          /* the question being answered, 0: none */
} Conn;

typedef struct
{
  char    *code;
  guint    joined;
  guint    round;
  guint    answered;
  guint    got_question;
  guint    got_result;
  gint64   first_question;
  gint64   last_question;
  gint64   last_answer;
  gboolean over;
  Conn    *host;
} Game;

typedef enum
{
  ACTION_START,
  ACTION_NEXT,
  ACTION_ANSWER,
} ActionType;

typedef struct
{
  gint64      at;
  ActionType  type;
  Conn       *conn;
} Action;

typedef struct
{
  guint      n_games;
  guint      n_players;
  guint      n_questions;
  char      *server_path;
  gboolean   json;

  char      *tmp_dir;
  char      *quiz;         /* the quiz's text, sent by every host */
  GPid       server_pid;
  guint16    port;
  /* --connect: a server or a proxy already running on this loopback
   * port; each connection sends its first line at once, as the clients
   * do, so that a proxy routes on it. --pid: the processes whose memory
   * and CPU are summed (the nodes and HAProxy). */
  gboolean   running;
  GArray    *pids;
  int        epoll_fd;
  GRand     *rand;

  Game      *games;
  GPtrArray *conns;
  guint      next_connect;   /* hosts first, then players, game by game */
  guint      in_flight;
  GArray    *actions;

  guint      created;
  guint      joined;
  guint      games_over;
  GArray    *create_ms;
  GArray    *join_ms;
  GArray    *spread_ms;      /* per game and round */
  GArray    *result_ms;      /* per player and round */
  guint      errors;
  char      *first_error;

  gint64     t_start;
  gint64     t_created;
  gint64     t_joined;
  gint64     t_over;
  PupitreLoadProcSample base;
  PupitreLoadProcSample loaded;
  PupitreLoadProcSample end;
} Bench;

static void
conn_free (gpointer data)
{
  Conn *conn = data;

  if (conn->fd >= 0)
    close (conn->fd);
  g_string_free (conn->in, TRUE);
  g_string_free (conn->out, TRUE);
  g_free (conn);
}

static void
fail (Bench      *bench,
      const char *what)
{
  bench->errors++;
  if (bench->first_error == NULL)
    bench->first_error = g_strdup (what);
}

/* The actions are a binary heap on their time: thousands wait at once. */
static void
schedule (Bench      *bench,
          Conn       *conn,
          ActionType  type,
          gint64      delay_ms)
{
  Action action = { g_get_monotonic_time () + delay_ms * 1000, type, conn };
  Action *heap;
  guint i;

  g_array_append_val (bench->actions, action);
  heap = (Action *) (gpointer) bench->actions->data;
  for (i = bench->actions->len - 1; i > 0 && heap[(i - 1) / 2].at > action.at; i = (i - 1) / 2)
    heap[i] = heap[(i - 1) / 2];
  heap[i] = action;
}

static Action
pop_action (Bench *bench)
{
  Action *heap = (Action *) (gpointer) bench->actions->data;
  Action top = heap[0];
  Action last = heap[bench->actions->len - 1];
  guint n = bench->actions->len - 1;
  guint i = 0;

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && heap[child + 1].at < heap[child].at)
        child++;
      if (heap[child].at >= last.at)
        break;
      heap[i] = heap[child];
      i = child;
    }
  heap[i] = last;
  g_array_set_size (bench->actions, n);
  return top;
}

/* Asks for EPOLLOUT only while something waits to be written: a system
 * call per change, not per line. */
static void
watch (Bench *bench,
       Conn  *conn)
{
  gboolean want_out = conn->connecting || conn->out->len > 0;
  struct epoll_event event = {
    .events = EPOLLIN | (want_out ? EPOLLOUT : 0),
    .data.ptr = conn,
  };

  if (want_out == conn->watching_out)
    return;
  conn->watching_out = want_out;
  epoll_ctl (bench->epoll_fd, EPOLL_CTL_MOD, conn->fd, &event);
}

static void
flush (Bench *bench,
       Conn  *conn)
{
  while (conn->out->len > 0)
    {
      gssize n = send (conn->fd, conn->out->str, conn->out->len, MSG_NOSIGNAL);

      if (n < 0 && errno == EAGAIN)
        break;
      if (n < 0)
        {
          fail (bench, g_strerror (errno));
          g_string_truncate (conn->out, 0);
          break;
        }
      g_string_erase (conn->out, 0, n);
    }
  watch (bench, conn);
}

static void
send_line (Bench      *bench,
           Conn       *conn,
           const char *line)
{
  g_string_append (conn->out, line);
  g_string_append_c (conn->out, '\n');
  flush (bench, conn);
}

static void
connect_next (Bench *bench)
{
  while (bench->in_flight < CONNECTS_IN_FLIGHT && bench->next_connect < bench->conns->len)
    {
      Conn *conn = g_ptr_array_index (bench->conns, bench->next_connect++);
      struct sockaddr_in server = { .sin_family = AF_INET, .sin_port = htons (bench->port) };
      struct sockaddr_in source = { .sin_family = AF_INET };
      struct epoll_event event = { .events = EPOLLOUT | EPOLLIN, .data.ptr = conn };
      guint spread = conn->game * (bench->n_players + 1) + conn->index;

      server.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
      source.sin_addr.s_addr = htonl (INADDR_LOOPBACK + 1 + spread % SOURCE_ADDRESSES);
      conn->fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (conn->fd < 0 || bind (conn->fd, (struct sockaddr *) &source, sizeof source) != 0 ||
          (connect (conn->fd, (struct sockaddr *) &server, sizeof server) != 0 &&
           errno != EINPROGRESS))
        {
          fail (bench, g_strerror (errno));
          continue;
        }
      conn->connecting = TRUE;
      conn->watching_out = TRUE;
      bench->in_flight++;
      epoll_ctl (bench->epoll_fd, EPOLL_CTL_ADD, conn->fd, &event);
    }
}

/* The server's figures, or the sum over --pid's processes. */
static void
sample (Bench                 *bench,
        PupitreLoadProcSample *out)
{
  if (!bench->running)
    {
      pupitre_load_proc_sample (bench->server_pid, out);
      return;
    }
  *out = (PupitreLoadProcSample) { .vm_hwm_kb = -1, .vm_rss_kb = -1, .ctxt_switches = -1, .cpu_s = -1 };
  for (guint i = 0; i < bench->pids->len; i++)
    {
      PupitreLoadProcSample one;

      if (!pupitre_load_proc_sample (g_array_index (bench->pids, GPid, i), &one))
        continue;
      out->vm_rss_kb = MAX (out->vm_rss_kb, 0) + MAX (one.vm_rss_kb, 0);
      out->cpu_s = MAX (out->cpu_s, 0) + MAX (one.cpu_s, 0);
    }
}

static void
sample_ms (GArray *samples,
           gint64  us)
{
  double ms = us / 1000.0;

  g_array_append_val (samples, ms);
}

static void
on_welcome (Bench *bench,
            Conn  *conn)
{
  Game *game = &bench->games[conn->game];
  g_autofree char *line = NULL;

  conn->welcomed = TRUE;
  conn->sent_at = g_get_monotonic_time ();
  if (conn->role == ROLE_HOST)
    {
      g_autofree char *quiz = g_strescape (bench->quiz, NULL);

      line = g_strdup_printf ("{\"type\":\"create_game\",\"quiz\":\"%s\",\"name\":\"Host%u\","
                              "\"options\":{\"countdown_ms\":1000,\"time_limit_ms\":20000,"
                              "\"scoring\":\"speed\"}}", quiz, conn->game);
    }
  else
    line = g_strdup_printf ("{\"type\":\"join\",\"name\":\"p%u-%u\",\"game\":\"%s\"}",
                            conn->game, conn->index, game->code);
  send_line (bench, conn, line);
}

/* The server writes "type" first: the bench reads it, and the one or two
 * members it needs, without building a tree for each of its lines. */
static char *
string_member (const char *line,
               const char *name)
{
  g_autofree char *key = g_strdup_printf ("\"%s\":\"", name);
  const char *start = strstr (line, key);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (key);
  end = strchr (start, '"');
  return end != NULL ? g_strndup (start, end - start) : NULL;
}

/* Players of a game connect once its code is known. */
static void
on_created (Bench      *bench,
            Conn       *conn,
            const char *line)
{
  Game *game = &bench->games[conn->game];

  if (!(game->code = string_member (line, "game")))
    {
      fail (bench, line);
      return;
    }
  sample_ms (bench->create_ms, g_get_monotonic_time () - conn->sent_at);
  if (++bench->created == bench->n_games)
    bench->t_created = g_get_monotonic_time ();
  for (guint i = 1; i <= bench->n_players; i++)
    {
      Conn *player = g_new0 (Conn, 1);

      player->fd = -1;
      player->role = ROLE_PLAYER;
      player->game = conn->game;
      player->index = i;
      player->in = g_string_new (NULL);
      player->out = g_string_new (NULL);
      g_ptr_array_add (bench->conns, player);
    }
}

static void
on_joined (Bench *bench,
           Conn  *conn)
{
  Game *game = &bench->games[conn->game];

  sample_ms (bench->join_ms, g_get_monotonic_time () - conn->sent_at);
  if (++bench->joined == bench->n_games * bench->n_players)
    {
      bench->t_joined = g_get_monotonic_time ();
      sample (bench, &bench->loaded);
    }
  /* Each teacher starts when the class is in, within two seconds of the
   * others: rounds are not in step from the first one. */
  if (++game->joined == bench->n_players)
    schedule (bench, game->host, ACTION_START, g_rand_int_range (bench->rand, 0, 2000));
}

static void
on_question (Bench      *bench,
             Conn       *conn,
             const char *line)
{
  const char *round = strstr (line, "\"round\":");

  Game *game = &bench->games[conn->game];
  gint64 now = g_get_monotonic_time ();

  if (conn->role == ROLE_HOST)
    return;
  if (game->got_question++ == 0)
    game->first_question = now;
  game->last_question = now;
  if (game->got_question == bench->n_players)
    sample_ms (bench->spread_ms, game->last_question - game->first_question);
  conn->round = round != NULL ? atoi (round + strlen ("\"round\":")) : 0;
  schedule (bench, conn, ACTION_ANSWER, g_rand_int_range (bench->rand, 100, 1500));
}

static void
on_round_result (Bench *bench,
                 Conn  *conn)
{
  Game *game = &bench->games[conn->game];

  if (conn->role == ROLE_HOST)
    {
      game->got_question = 0;
      game->got_result = 0;
      game->answered = 0;
      schedule (bench, conn, ACTION_NEXT, g_rand_int_range (bench->rand, 200, 1200));
      return;
    }
  /* From the round's last answer, which closes it, to each player. */
  sample_ms (bench->result_ms, g_get_monotonic_time () - game->last_answer);
}

static void
on_game_over (Bench *bench,
              Conn  *conn)
{
  Game *game = &bench->games[conn->game];

  if (conn->role != ROLE_HOST || game->over)
    return;
  game->over = TRUE;
  if (++bench->games_over == bench->n_games)
    {
      bench->t_over = g_get_monotonic_time ();
      sample (bench, &bench->end);
    }
}

static void
handle_line (Bench      *bench,
             Conn       *conn,
             const char *line)
{
  static const char prefix[] = "{\"type\":\"";
  const char *type = line + strlen (prefix);

  if (!g_str_has_prefix (line, prefix))
    fail (bench, line);
  else if (g_str_has_prefix (type, "welcome\""))
    {
      if (!conn->welcomed)
        on_welcome (bench, conn);
    }
  else if (g_str_has_prefix (type, "game_created\""))
    on_created (bench, conn, line);
  else if (g_str_has_prefix (type, "joined\""))
    on_joined (bench, conn);
  else if (g_str_has_prefix (type, "question\""))
    on_question (bench, conn, line);
  else if (g_str_has_prefix (type, "round_result\""))
    on_round_result (bench, conn);
  else if (g_str_has_prefix (type, "game_over\""))
    on_game_over (bench, conn);
  else if (g_str_has_prefix (type, "error\""))
    fail (bench, line);
}

static void
on_readable (Bench *bench,
             Conn  *conn)
{
  char buf[READ_CHUNK];
  gssize n;

  while ((n = recv (conn->fd, buf, sizeof buf, 0)) > 0)
    {
      char *nl;

      g_string_append_len (conn->in, buf, n);
      while ((nl = memchr (conn->in->str, '\n', conn->in->len)) != NULL)
        {
          *nl = '\0';
          handle_line (bench, conn, conn->in->str);
          g_string_erase (conn->in, 0, nl - conn->in->str + 1);
        }
    }
  if (n == 0 || (n < 0 && errno != EAGAIN))
    {
      Game *game = &bench->games[conn->game];

      if (!game->over)
        fail (bench, "a connection closed before its game was over");
      epoll_ctl (bench->epoll_fd, EPOLL_CTL_DEL, conn->fd, NULL);
      close (conn->fd);
      conn->fd = -1;
    }
}

static void
run_action (Bench  *bench,
            Action *action)
{
  Conn *conn = action->conn;
  Game *game = &bench->games[conn->game];
  g_autofree char *line = NULL;

  switch (action->type)
    {
    case ACTION_START:
      send_line (bench, conn, "{\"type\":\"start\"}");
      break;
    case ACTION_NEXT:
      send_line (bench, conn, "{\"type\":\"next\"}");
      break;
    case ACTION_ANSWER:
      line = g_strdup_printf ("{\"type\":\"answer\",\"round\":%d,\"choice\":%d}",
                              conn->round, g_rand_int_range (bench->rand, 0, 5));
      /* The last answer closes the round: its time starts the results'. */
      if (++game->answered == bench->n_players)
        game->last_answer = g_get_monotonic_time ();
      send_line (bench, conn, line);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Runs what is due and returns when the next action is, or -1. */
static gint64
run_due_actions (Bench *bench)
{
  gint64 now = g_get_monotonic_time ();

  while (bench->actions->len > 0)
    {
      Action action = g_array_index (bench->actions, Action, 0);

      if (action.at > now)
        return action.at;
      action = pop_action (bench);
      run_action (bench, &action);
    }
  return -1;
}

static void
run (Bench *bench)
{
  struct epoll_event events[MAX_EVENTS];
  gint64 give_up = g_get_monotonic_time () + RUN_TIMEOUT_US;

  connect_next (bench);
  while (bench->games_over < bench->n_games && bench->errors == 0 &&
         g_get_monotonic_time () < give_up)
    {
      gint64 next = run_due_actions (bench);
      int timeout = 50;
      int n;

      if (next >= 0)
        timeout = (int) CLAMP ((next - g_get_monotonic_time ()) / 1000, 0, 50);

      n = epoll_wait (bench->epoll_fd, events, MAX_EVENTS, timeout);
      for (int i = 0; i < n; i++)
        {
          Conn *conn = events[i].data.ptr;

          if (conn->fd < 0)
            continue;
          if (conn->connecting && (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
            {
              int error = 0;
              socklen_t len = sizeof error;

              conn->connecting = FALSE;
              bench->in_flight--;
              getsockopt (conn->fd, SOL_SOCKET, SO_ERROR, &error, &len);
              if (error != 0)
                {
                  fail (bench, g_strerror (error));
                  continue;
                }
              watch (bench, conn);
              /* Through a proxy the first line must not wait for the
               * welcome: it is what picks the node. */
              if (bench->running)
                on_welcome (bench, conn);
              connect_next (bench);
            }
          if (events[i].events & EPOLLIN)
            on_readable (bench, conn);
          if (conn->fd >= 0 && (events[i].events & EPOLLOUT) && conn->out->len > 0)
            flush (bench, conn);
        }
      connect_next (bench);
    }
  if (bench->games_over < bench->n_games && bench->errors == 0)
    fail (bench, "the games did not end within 10 minutes");
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  if (samples->len == 0)
    return 0;
  g_array_sort (samples, compare_double);
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (p * samples->len)));
}

static char *
write_quiz (guint n_questions)
{
  GString *json = g_string_new ("{\"title\":\"pupitre-games\",\"questions\":[");

  for (guint i = 0; i < n_questions; i++)
    g_string_append_printf (json, "%s{\"text\":\"Question %u\",\"choices\":[\"A\",\"B\",\"C\",\"D\"],"
                            "\"answer\":%u}", i > 0 ? "," : "", i + 1, i % 4 + 1);
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static gboolean
start_server (Bench   *bench,
              GError **error)
{
  g_autofree char *port = NULL;
  g_autofree char *max_games = g_strdup_printf ("%u", bench->n_games + 1);
  g_autofree char *log_path = g_build_filename (bench->tmp_dir, "server.log", NULL);
  g_autofree char *quiz_path = g_build_filename (bench->tmp_dir, "quiz.json", NULL);
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in sin = { .sin_family = AF_INET };
  socklen_t len = sizeof sin;
  int log_fd;
  gboolean ok;

  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0 || bind (fd, (struct sockaddr *) &sin, sizeof sin) != 0 ||
      getsockname (fd, (struct sockaddr *) &sin, &len) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s", g_strerror (errno));
      return FALSE;
    }
  bench->port = ntohs (sin.sin_port);
  close (fd);
  port = g_strdup_printf ("%u", bench->port);
  /* The standing game, which nobody joins, plays the same quiz. */
  if (!g_file_set_contents (quiz_path, bench->quiz, -1, error))
    return FALSE;

  {
    const char *argv[] = {
      bench->server_path, "--port", port, "--bind", "127.0.0.1",
      "--hosting", "open", "--max-games", max_games, "--quiz", quiz_path, NULL,
    };

    log_fd = g_open (log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ok = g_spawn_async_with_fds (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &bench->server_pid, -1, log_fd, log_fd, error);
    close (log_fd);
  }
  if (!ok)
    return FALSE;

  /* Ready once it accepts a connection. */
  for (guint i = 0; i < 1000; i++)
    {
      struct sockaddr_in server = { .sin_family = AF_INET, .sin_port = htons (bench->port) };
      int probe = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

      server.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
      if (connect (probe, (struct sockaddr *) &server, sizeof server) == 0)
        {
          close (probe);
          return TRUE;
        }
      close (probe);
      g_usleep (10000);
    }
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "the server did not listen within 10 s");
  return FALSE;
}

static void
report (Bench *bench)
{
  double per_game_kb = bench->loaded.vm_rss_kb > 0 && bench->base.vm_rss_kb > 0
                       ? (double) (bench->loaded.vm_rss_kb - bench->base.vm_rss_kb) / bench->n_games
                       : -1;
  double cpu_s = bench->end.cpu_s >= 0 ? bench->end.cpu_s - bench->base.cpu_s : -1;

  if (bench->json)
    {
      g_print ("{\"games\":%u,\"players_per_game\":%u,\"questions\":%u,"
               "\"create_s\":%.3f,\"create_p99_ms\":%.1f,\"join_s\":%.3f,\"join_p99_ms\":%.1f,"
               "\"spread_p50_ms\":%.1f,\"spread_p99_ms\":%.1f,"
               "\"result_p50_ms\":%.1f,\"result_p99_ms\":%.1f,"
               "\"rss_base_kb\":%" G_GINT64_FORMAT ",\"rss_loaded_kb\":%" G_GINT64_FORMAT ","
               "\"kb_per_game\":%.0f,\"server_cpu_s\":%.2f,\"play_s\":%.1f,\"errors\":%u}\n",
               bench->n_games, bench->n_players, bench->n_questions,
               (bench->t_created - bench->t_start) / 1e6, percentile (bench->create_ms, 0.99),
               (bench->t_joined - bench->t_created) / 1e6, percentile (bench->join_ms, 0.99),
               percentile (bench->spread_ms, 0.5), percentile (bench->spread_ms, 0.99),
               percentile (bench->result_ms, 0.5), percentile (bench->result_ms, 0.99),
               bench->base.vm_rss_kb, bench->loaded.vm_rss_kb, per_game_kb, cpu_s,
               (bench->t_over - bench->t_joined) / 1e6, bench->errors);
      return;
    }
  g_print ("%u hosted games × %u players, %u questions each, rounds not in step\n",
           bench->n_games, bench->n_players, bench->n_questions);
  g_print ("  games created      %.3f s (create_game → game_created p99 %.1f ms)\n",
           (bench->t_created - bench->t_start) / 1e6, percentile (bench->create_ms, 0.99));
  g_print ("  players joined     %.3f s (join → joined p99 %.1f ms)\n",
           (bench->t_joined - bench->t_created) / 1e6, percentile (bench->join_ms, 0.99));
  g_print ("  question spread    p50 %.1f ms, p99 %.1f ms (first to last player of a game, %u rounds)\n",
           percentile (bench->spread_ms, 0.5), percentile (bench->spread_ms, 0.99),
           bench->spread_ms->len);
  g_print ("  results            p50 %.1f ms, p99 %.1f ms (last answer → each player's round_result)\n",
           percentile (bench->result_ms, 0.5), percentile (bench->result_ms, 0.99));
  g_print ("  server memory      %" G_GINT64_FORMAT " kB idle, %" G_GINT64_FORMAT
           " kB with every game joined: %.0f kB per game\n",
           bench->base.vm_rss_kb, bench->loaded.vm_rss_kb, per_game_kb);
  g_print ("  server CPU         %.2f s over the run; the games played in %.1f s\n",
           cpu_s, (bench->t_over - bench->t_joined) / 1e6);
  if (bench->errors > 0)
    g_print ("  errors             %u, the first: %s\n", bench->errors, bench->first_error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Bench bench = { .n_games = 300, .n_players = 30, .n_questions = 3 };
  int games = 300, players = 30, questions = 3, connect_port = 0;
  g_auto(GStrv) pids = NULL;
  GOptionEntry entries[] = {
    { "games", 'g', 0, G_OPTION_ARG_INT, &games, "Hosted games at once (300)", "N" },
    { "players", 'p', 0, G_OPTION_ARG_INT, &players, "Players per game (30)", "N" },
    { "questions", 'q', 0, G_OPTION_ARG_INT, &questions, "Questions per game (3)", "N" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &bench.server_path, "The server program", "PATH" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &bench.json, "One line of JSON", NULL },
    { "connect", 0, 0, G_OPTION_ARG_INT, &connect_port,
      "A server or proxy already running on this port of 127.0.0.1 (every first line sent at once)",
      "PORT" },
    { "pid", 0, 0, G_OPTION_ARG_STRING_ARRAY, &pids,
      "With --connect: a process whose memory and CPU count (repeat for each node and the proxy)",
      "PID" },
    { NULL }
  };
  struct rlimit limit;
  int status = 0;

  setlocale (LC_ALL, "");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Runs many hosted games at once on a server of this "
                                         "build and reports creation, joins, question spread, "
                                         "results latency and memory per game.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (games < 1 || games > 1000 || players < 1 || players > 500 || questions < 1 || questions > 50)
    {
      g_printerr ("1 to 1,000 games, 1 to 500 players, 1 to 50 questions\n");
      return 2;
    }
  if (connect_port < 0 || connect_port > 65535)
    {
      g_printerr ("--connect takes a port\n");
      return 2;
    }
  bench.running = connect_port > 0;
  bench.port = (guint16) connect_port;
  bench.pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  for (guint i = 0; pids != NULL && pids[i] != NULL; i++)
    {
      GPid pid = (GPid) g_ascii_strtoll (pids[i], NULL, 10);

      if (pid <= 0)
        {
          g_printerr ("--pid takes a process id\n");
          return 2;
        }
      g_array_append_val (bench.pids, pid);
    }
  bench.n_games = (guint) games;
  bench.n_players = (guint) players;
  bench.n_questions = (guint) questions;
  if (bench.server_path == NULL)
    bench.server_path = g_strdup (g_getenv ("PUPITRE_SERVER") != NULL ? g_getenv ("PUPITRE_SERVER")
                                                                       : PUPITRE_SERVER_PATH);

  /* Both ends of every connection are in this machine's file table. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
  if ((rlim_t) bench.n_games * (bench.n_players + 1) + 64 > limit.rlim_cur)
    {
      g_printerr ("%u connections need more open files than the limit of %lu\n",
                  bench.n_games * (bench.n_players + 1), (unsigned long) limit.rlim_cur);
      return 2;
    }

  bench.quiz = write_quiz (bench.n_questions);
  bench.tmp_dir = g_dir_make_tmp ("pupitre-games-XXXXXX", &error);
  if (bench.tmp_dir == NULL || (!bench.running && !start_server (&bench, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  bench.rand = g_rand_new_with_seed (1);
  bench.epoll_fd = epoll_create1 (EPOLL_CLOEXEC);
  bench.games = g_new0 (Game, bench.n_games);
  bench.conns = g_ptr_array_new_with_free_func (conn_free);
  bench.actions = g_array_new (FALSE, FALSE, sizeof (Action));
  bench.create_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.join_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.spread_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.result_ms = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < bench.n_games; i++)
    {
      Conn *host = g_new0 (Conn, 1);

      host->fd = -1;
      host->role = ROLE_HOST;
      host->game = i;
      host->in = g_string_new (NULL);
      host->out = g_string_new (NULL);
      bench.games[i].host = host;
      g_ptr_array_add (bench.conns, host);
    }

  sample (&bench, &bench.base);
  bench.t_start = g_get_monotonic_time ();
  run (&bench);
  report (&bench);
  if (bench.errors > 0)
    status = 1;

  if (!bench.running)
    {
      kill (bench.server_pid, SIGTERM);
      waitpid (bench.server_pid, NULL, 0);
    }
  g_array_unref (bench.pids);
  g_ptr_array_unref (bench.conns);
  for (guint i = 0; i < bench.n_games; i++)
    g_free (bench.games[i].code);
  g_free (bench.games);
  g_rand_free (bench.rand);
  close (bench.epoll_fd);
  {
    g_autofree char *log = g_build_filename (bench.tmp_dir, "server.log", NULL);
    g_autofree char *quiz = g_build_filename (bench.tmp_dir, "quiz.json", NULL);

    g_unlink (log);
    g_unlink (quiz);
    g_rmdir (bench.tmp_dir);
  }
  return status;
}
