/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line options and the [server] group of the configuration file. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>

#include "pupitre-config.h"
#include "pupitre-game-code.h"
#include "pupitre-protocol.h"
#include "pupitre-quiz.h"

#define DEFAULT_PLAYERS      3
#define DEFAULT_MAX_PLAYERS  20000
#define DEFAULT_COUNTDOWN    10.0
#define DEFAULT_TIME_LIMIT   20.0
#define DEFAULT_PAUSE        5.0
#define DEFAULT_OVER_PAUSE   30.0
#define MAX_SECONDS          3600.0
#define DEFAULT_MAX_GAMES            1000
#define DEFAULT_MAX_GAMES_PER_KEY    3
#define DEFAULT_MAX_HOSTED_PLAYERS   500
#define DEFAULT_HOST_GRACE           600.0
/* A teacher may leave a hosted game for a lesson's break, not for days. */
#define MAX_HOST_GRACE               86400.0

G_DEFINE_QUARK (pupitre-config-error-quark, pupitre_config_error)

/* What the command line said; unset numbers are -1, unset strings NULL. */
typedef struct
{
  int       port;
  char     *bind;
  int       players;
  int       max_players;
  char     *quiz;
  double    countdown;
  double    time_limit;
  double    pause;
  double    over_pause;
  gboolean  once;
  char     *config_file;
  char     *host_key;
  char     *results_dir;
  char     *tls_certificate;
  char     *tls_key;
  char     *hosting;
  char     *host_keys;
  char     *node;
  char     *proxy_from;
  int       max_games;
  int       max_games_per_key;
  int       max_upload_questions;
  int       max_hosted_players;
  double    host_grace;
  char     *new_host_key;
  gboolean  version;
} Args;

/* Each number's range, for the file and the command line alike. Whole
 * numbers are guint in the configuration and int (-1: unset) in Args;
 * seconds are double in both (NAN: unset). */
typedef struct
{
  const char *key;
  gboolean    seconds;
  double      min;
  double      max;
  gsize       config_offset;
  gsize       args_offset;
} NumberOption;

static const NumberOption number_options[] = {
  { "port", FALSE, 0, 65535,
    G_STRUCT_OFFSET (PupitreConfig, port), G_STRUCT_OFFSET (Args, port) },
  { "players", FALSE, 1, 100000,
    G_STRUCT_OFFSET (PupitreConfig, players), G_STRUCT_OFFSET (Args, players) },
  { "max-players", FALSE, 0, 1000000,
    G_STRUCT_OFFSET (PupitreConfig, max_players), G_STRUCT_OFFSET (Args, max_players) },
  { "countdown", TRUE, 0, MAX_SECONDS,
    G_STRUCT_OFFSET (PupitreConfig, countdown), G_STRUCT_OFFSET (Args, countdown) },
  { "time-limit", TRUE, 0.1, MAX_SECONDS,
    G_STRUCT_OFFSET (PupitreConfig, time_limit), G_STRUCT_OFFSET (Args, time_limit) },
  { "pause", TRUE, 0, MAX_SECONDS,
    G_STRUCT_OFFSET (PupitreConfig, pause), G_STRUCT_OFFSET (Args, pause) },
  { "over-pause", TRUE, 0, MAX_SECONDS,
    G_STRUCT_OFFSET (PupitreConfig, over_pause), G_STRUCT_OFFSET (Args, over_pause) },
  { "max-games", FALSE, 1, 100000,
    G_STRUCT_OFFSET (PupitreConfig, max_games), G_STRUCT_OFFSET (Args, max_games) },
  { "max-games-per-key", FALSE, 1, 100000,
    G_STRUCT_OFFSET (PupitreConfig, max_games_per_key),
    G_STRUCT_OFFSET (Args, max_games_per_key) },
  /* The quiz loader refuses more questions than this anyway. */
  { "max-upload-questions", FALSE, 1, PUPITRE_QUIZ_MAX_QUESTIONS,
    G_STRUCT_OFFSET (PupitreConfig, max_upload_questions),
    G_STRUCT_OFFSET (Args, max_upload_questions) },
  { "max-hosted-players", FALSE, 1, 1000000,
    G_STRUCT_OFFSET (PupitreConfig, max_hosted_players),
    G_STRUCT_OFFSET (Args, max_hosted_players) },
  { "host-grace", TRUE, 0, MAX_HOST_GRACE,
    G_STRUCT_OFFSET (PupitreConfig, host_grace), G_STRUCT_OFFSET (Args, host_grace) },
};

static void
args_clear (Args *args)
{
  g_free (args->bind);
  g_free (args->quiz);
  g_free (args->config_file);
  g_free (args->host_key);
  g_free (args->results_dir);
  g_free (args->tls_certificate);
  g_free (args->tls_key);
  g_free (args->hosting);
  g_free (args->host_keys);
  g_free (args->node);
  g_free (args->proxy_from);
  g_free (args->new_host_key);
}

void
pupitre_config_free (PupitreConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->bind);
  g_free (self->quiz);
  g_free (self->host_key);
  g_free (self->results_dir);
  g_free (self->tls_certificate);
  g_free (self->tls_key);
  g_free (self->config_file);
  g_free (self->host_keys);
  g_free (self->node);
  g_strfreev (self->proxy_from);
  g_free (self->new_host_key);
  g_strfreev (self->args);
  g_free (self);
}

/* The line of @key in the file, for messages that point at it; 0 if not found. */
static guint
find_key_line (const char *path,
               const char *key)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];
      gsize len = strlen (key);

      while (*p == ' ' || *p == '\t')
        p++;
      if (strncmp (p, key, len) == 0 && (p[len] == '=' || p[len] == ' ' || p[len] == '\t'))
        return i + 1;
    }
  return 0;
}

static void
set_key_error (GError    **error,
               const char *path,
               const char *key,
               const char *problem)
{
  guint line = find_key_line (path, key);

  if (line > 0)
    g_set_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID,
                 "%s:%u: %s: %s", path, line, key, problem);
  else
    g_set_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID,
                 "%s: %s: %s", path, key, problem);
}

/* Reads @option from the file into @config, if the file has it. */
static gboolean
read_number (GKeyFile           *keyfile,
             const char         *path,
             const NumberOption *option,
             PupitreConfig      *config,
             GError            **error)
{
  g_autofree char *value = g_key_file_get_value (keyfile, "server", option->key, NULL);
  gpointer field = G_STRUCT_MEMBER_P (config, option->config_offset);
  g_autofree char *problem = NULL;

  if (value == NULL)
    return TRUE;
  g_strstrip (value);

  if (option->seconds)
    {
      char *end = NULL;
      double number = g_ascii_strtod (value, &end);

      if (end != value && *end == '\0' && isfinite (number) &&
          number >= option->min && number <= option->max)
        {
          *(double *) field = number;
          return TRUE;
        }
      problem = g_strdup_printf (_("must be a number of seconds from %g to %g"),
                                 option->min, option->max);
    }
  else
    {
      guint64 number;

      if (g_ascii_string_to_unsigned (value, 10, (guint64) option->min, (guint64) option->max,
                                      &number, NULL))
        {
          *(guint *) field = (guint) number;
          return TRUE;
        }
      problem = g_strdup_printf (_("must be a whole number from %u to %u"),
                                 (guint) option->min, (guint) option->max);
    }

  set_key_error (error, path, option->key, problem);
  return FALSE;
}

/* Checks @option on the command line and, when given, sets it in @config. */
static gboolean
take_number (const Args         *args,
             const NumberOption *option,
             PupitreConfig      *config,
             GError            **error)
{
  gconstpointer arg = G_STRUCT_MEMBER_P (args, option->args_offset);
  gpointer field = G_STRUCT_MEMBER_P (config, option->config_offset);

  if (option->seconds)
    {
      double value = *(const double *) arg;

      if (isnan (value))
        return TRUE;
      if (!isfinite (value) || value < option->min || value > option->max)
        {
          g_set_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID,
                       _("--%s must be a number of seconds from %g to %g"),
                       option->key, option->min, option->max);
          return FALSE;
        }
      *(double *) field = value;
    }
  else
    {
      int value = *(const int *) arg;

      if (value == -1)
        return TRUE;
      if (value < option->min || value > option->max)
        {
          g_set_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID,
                       _("--%s must be from %u to %u"),
                       option->key, (guint) option->min, (guint) option->max);
          return FALSE;
        }
      *(guint *) field = (guint) value;
    }
  return TRUE;
}

static gboolean
read_string (GKeyFile   *keyfile,
             const char *key,
             char      **out)
{
  g_autofree char *value = g_key_file_get_string (keyfile, "server", key, NULL);

  if (value != NULL && *g_strstrip (value) != '\0')
    {
      g_free (*out);
      *out = g_steal_pointer (&value);
    }
  return TRUE;
}

/* --new-host-key is an action of the command line, not a setting: it has
 * no key in the file. */
static const char * const known_keys[] = {
  "port", "bind", "players", "max-players", "quiz", "countdown", "time-limit",
  "pause", "over-pause", "once", "host-key", "results-dir", "tls-certificate",
  "tls-key", "hosting", "host-keys", "max-games", "max-games-per-key",
  "max-upload-questions", "max-hosted-players", "host-grace", "node", "proxy-from", NULL
};

/* "127.0.0.1, ::1": each address written as the connection's peer will
 * be, so that comparing strings compares addresses. An empty list is
 * none. */
static gboolean
parse_proxy_from (const char   *value,
                  char       ***out,
                  GError      **error)
{
  g_auto(GStrv) items = g_strsplit (value != NULL ? value : "", ",", -1);
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) inet = NULL;
      char *item = g_strstrip (items[i]);

      if (*item == '\0')
        continue;
      inet = g_inet_address_new_from_string (item);
      if (inet == NULL)
        {
          g_set_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID,
                       _("“%s” is not an IP address"), item);
          return FALSE;
        }
      g_ptr_array_add (addresses, g_inet_address_to_string (inet));
    }
  if (addresses->len == 0)
    {
      *out = NULL;
      return TRUE;
    }
  g_ptr_array_add (addresses, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&addresses), FALSE);
  return TRUE;
}

static gboolean
parse_hosting (const char     *value,
               PupitreHosting *out)
{
  if (g_str_equal (value, "open"))
    *out = PUPITRE_HOSTING_OPEN;
  else if (g_str_equal (value, "keys"))
    *out = PUPITRE_HOSTING_KEYS;
  else if (g_str_equal (value, "off"))
    *out = PUPITRE_HOSTING_OFF;
  else
    return FALSE;
  return TRUE;
}

static gboolean
apply_file (PupitreConfig *self,
            const char    *path,
            GError       **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) keys = NULL;
  PupitreConfig numbers = *self;

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID,
                   "%s: %s", path, local_error->message);
      return FALSE;
    }

  keys = g_key_file_get_keys (keyfile, "server", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known_keys, keys[i]))
      {
        set_key_error (error, path, keys[i], _("unknown setting"));
        return FALSE;
      }

  /* Into a copy: a bad value leaves every number as it was. */
  for (guint i = 0; i < G_N_ELEMENTS (number_options); i++)
    if (!read_number (keyfile, path, &number_options[i], &numbers, error))
      return FALSE;
  self->port = numbers.port;
  self->players = numbers.players;
  self->max_players = numbers.max_players;
  self->countdown = numbers.countdown;
  self->time_limit = numbers.time_limit;
  self->pause = numbers.pause;
  self->over_pause = numbers.over_pause;
  self->max_games = numbers.max_games;
  self->max_games_per_key = numbers.max_games_per_key;
  self->max_upload_questions = numbers.max_upload_questions;
  self->max_hosted_players = numbers.max_hosted_players;
  self->host_grace = numbers.host_grace;

  if (g_key_file_has_key (keyfile, "server", "hosting", NULL))
    {
      g_autofree char *value = g_key_file_get_value (keyfile, "server", "hosting", NULL);

      if (!parse_hosting (g_strstrip (value), &self->hosting))
        {
          set_key_error (error, path, "hosting", _("must be open, keys or off"));
          return FALSE;
        }
    }

  if (g_key_file_has_key (keyfile, "server", "once", NULL))
    {
      self->once = g_key_file_get_boolean (keyfile, "server", "once", &local_error);
      if (local_error != NULL)
        {
          set_key_error (error, path, "once", _("must be true or false"));
          return FALSE;
        }
    }

  read_string (keyfile, "bind", &self->bind);
  read_string (keyfile, "quiz", &self->quiz);
  read_string (keyfile, "host-key", &self->host_key);
  read_string (keyfile, "results-dir", &self->results_dir);
  read_string (keyfile, "tls-certificate", &self->tls_certificate);
  read_string (keyfile, "tls-key", &self->tls_key);
  read_string (keyfile, "host-keys", &self->host_keys);
  read_string (keyfile, "node", &self->node);
  if (g_key_file_has_key (keyfile, "server", "proxy-from", NULL))
    {
      g_autofree char *value = NULL;

      read_string (keyfile, "proxy-from", &value);
      g_clear_pointer (&self->proxy_from, g_strfreev);
      if (!parse_proxy_from (value, &self->proxy_from, &local_error))
        {
          set_key_error (error, path, "proxy-from", local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static void
take_string (char **field,
             char  *value)
{
  if (value != NULL)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

static PupitreConfig *
parse (char   **args,
       GError **error)
{
  g_autoptr(PupitreConfig) self = g_new0 (PupitreConfig, 1);
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) argv = g_strdupv (args);
  int argc = g_strv_length (argv);
  /* The parser takes the options it knows out of the array without
   * freeing them: it gets its own array of the same strings. */
  g_autofree char **argvp = g_memdup2 (argv, (argc + 1) * sizeof (char *));
  Args a = {
    .port = -1, .players = -1, .max_players = -1,
    .countdown = NAN, .time_limit = NAN, .pause = NAN, .over_pause = NAN,
    .max_games = -1, .max_games_per_key = -1, .max_upload_questions = -1,
    .max_hosted_players = -1, .host_grace = NAN,
  };
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &a.port,
      N_("TCP port to listen on (default 50026; 0 picks a free one)"), N_("PORT") },
    { "bind", 'b', 0, G_OPTION_ARG_STRING, &a.bind,
      N_("Address to listen on (default: every address)"), N_("ADDRESS") },
    { "players", 'n', 0, G_OPTION_ARG_INT, &a.players,
      N_("Players needed to start a game (default 3)"), N_("N") },
    { "max-players", 0, 0, G_OPTION_ARG_INT, &a.max_players,
      N_("Seats in a game at most (default 20000; 0: no limit)"), N_("N") },
    { "quiz", 'q', 0, G_OPTION_ARG_FILENAME, &a.quiz,
      N_("Quiz file to play"), N_("FILE") },
    { "countdown", 0, 0, G_OPTION_ARG_DOUBLE, &a.countdown,
      N_("Seconds announced before each question (default 10)"), N_("SECONDS") },
    { "time-limit", 't', 0, G_OPTION_ARG_DOUBLE, &a.time_limit,
      N_("Seconds to answer when the quiz sets no limit (default 20)"), N_("SECONDS") },
    { "pause", 0, 0, G_OPTION_ARG_DOUBLE, &a.pause,
      N_("Seconds the results stay before the next countdown (default 5)"), N_("SECONDS") },
    { "over-pause", 0, 0, G_OPTION_ARG_DOUBLE, &a.over_pause,
      N_("Seconds the final ranking stays before a new game can start (default 30)"),
      N_("SECONDS") },
    { "once", '1', 0, G_OPTION_ARG_NONE, &a.once,
      N_("Exit after the first game is over"), NULL },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &a.config_file,
      N_("Configuration file (the command line overrides it)"), N_("FILE") },
    { "host-key", 0, 0, G_OPTION_ARG_STRING, &a.host_key,
      N_("Secret that lets a teacher's client start and skip rounds"), N_("KEY") },
    { "results-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.results_dir,
      N_("Folder where each game's results are saved as CSV"), N_("DIR") },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &a.tls_certificate,
      N_("PEM certificate: clients must then connect with TLS"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &a.tls_key,
      N_("PEM private key of the certificate"), N_("FILE") },
    { "hosting", 0, 0, G_OPTION_ARG_STRING, &a.hosting,
      N_("Who may create a game of their own: open, keys or off (default off)"),
      N_("WHO") },
    { "host-keys", 0, 0, G_OPTION_ARG_FILENAME, &a.host_keys,
      N_("File of the teachers' host keys, for --hosting keys"), N_("FILE") },
    { "max-games", 0, 0, G_OPTION_ARG_INT, &a.max_games,
      N_("Hosted games at once at most (default 1000)"), N_("N") },
    { "max-games-per-key", 0, 0, G_OPTION_ARG_INT, &a.max_games_per_key,
      N_("Hosted games at once for one host key at most (default 3)"), N_("N") },
    { "max-upload-questions", 0, 0, G_OPTION_ARG_INT, &a.max_upload_questions,
      N_("Questions in a hosted game's quiz at most (default 500, the largest)"), N_("N") },
    { "max-hosted-players", 0, 0, G_OPTION_ARG_INT, &a.max_hosted_players,
      N_("Seats in a hosted game at most (default 500)"), N_("N") },
    { "host-grace", 0, 0, G_OPTION_ARG_DOUBLE, &a.host_grace,
      N_("Seconds a hosted game waits for its host to come back (default 600)"),
      N_("SECONDS") },
    { "node", 0, 0, G_OPTION_ARG_STRING, &a.node,
      N_("This server's name behind a proxy: two characters that start its game codes and tokens"),
      N_("NAME") },
    { "proxy-from", 0, 0, G_OPTION_ARG_STRING, &a.proxy_from,
      N_("Addresses of the proxies (HAProxy) whose connections start with a PROXY v2 header, separated by commas"),
      N_("ADDRESS[,ADDRESS…]") },
    { "new-host-key", 0, 0, G_OPTION_ARG_STRING, &a.new_host_key,
      N_("Add a host key for the teacher NAME to the --host-keys file, print it and exit"),
      N_("NAME") },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &a.version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };
  gboolean ok;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Serves a multiple-choice quiz to players on the network."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  ok = g_option_context_parse (context, &argc, &argvp, error);
  if (ok && argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument: %s"), argvp[1]);
      ok = FALSE;
    }
  if (!ok)
    {
      args_clear (&a);
      return NULL;
    }

  self->port = PUPITRE_DEFAULT_PORT;
  self->players = DEFAULT_PLAYERS;
  self->max_players = DEFAULT_MAX_PLAYERS;
  self->countdown = DEFAULT_COUNTDOWN;
  self->time_limit = DEFAULT_TIME_LIMIT;
  self->pause = DEFAULT_PAUSE;
  self->over_pause = DEFAULT_OVER_PAUSE;
  self->hosting = PUPITRE_HOSTING_OFF;
  self->max_games = DEFAULT_MAX_GAMES;
  self->max_games_per_key = DEFAULT_MAX_GAMES_PER_KEY;
  self->max_upload_questions = PUPITRE_QUIZ_MAX_QUESTIONS;
  self->max_hosted_players = DEFAULT_MAX_HOSTED_PLAYERS;
  self->host_grace = DEFAULT_HOST_GRACE;
  /* PUPITRE_DATADIR finds the sample quiz in the source tree, uninstalled. */
  self->quiz = g_build_filename (g_getenv ("PUPITRE_DATADIR") != NULL
                                 ? g_getenv ("PUPITRE_DATADIR") : PKGDATADIR,
                                 "quizzes", "culture-generale.fr.json", NULL);
  self->version = a.version;

  if (a.config_file != NULL)
    {
      self->config_file = g_strdup (a.config_file);
      if (!apply_file (self, a.config_file, error))
        {
          args_clear (&a);
          return NULL;
        }
    }

  ok = TRUE;
  for (guint i = 0; ok && i < G_N_ELEMENTS (number_options); i++)
    ok = take_number (&a, &number_options[i], self, error);

  if (ok)
    {
      self->once = self->once || a.once;
      take_string (&self->bind, a.bind);
      take_string (&self->quiz, a.quiz);
      take_string (&self->host_key, a.host_key);
      take_string (&self->results_dir, a.results_dir);
      take_string (&self->tls_certificate, a.tls_certificate);
      take_string (&self->tls_key, a.tls_key);
      take_string (&self->host_keys, a.host_keys);
      take_string (&self->new_host_key, a.new_host_key);
      take_string (&self->node, a.node);
      if (a.proxy_from != NULL)
        {
          g_clear_pointer (&self->proxy_from, g_strfreev);
          ok = parse_proxy_from (a.proxy_from, &self->proxy_from, error);
        }
      if (ok && a.hosting != NULL && !parse_hosting (a.hosting, &self->hosting))
        {
          g_set_error_literal (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID,
                               _("--hosting must be open, keys or off"));
          ok = FALSE;
        }
    }

  /* Checked once both sources are merged: the file may name the keys and
   * the command line ask for them, or the other way round. */
  if (ok && self->host_keys == NULL &&
      (self->hosting == PUPITRE_HOSTING_KEYS || self->new_host_key != NULL))
    {
      g_set_error_literal (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID,
                           self->new_host_key != NULL
                           ? _("--new-host-key needs --host-keys FILE")
                           : _("--hosting keys needs a host-keys file (--host-keys FILE)"));
      ok = FALSE;
    }

  /* Checked after the merge too: either source may name it. */
  if (ok && self->node != NULL && !pupitre_node_name_is_valid (self->node))
    {
      g_set_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID,
                   _("The node name “%s” must be two characters of %s"),
                   self->node, PUPITRE_GAME_CODE_ALPHABET);
      ok = FALSE;
    }

  args_clear (&a);
  if (!ok)
    return NULL;

  /* Under systemd, StateDirectory= is where results belong unless the
   * configuration says otherwise. */
  if (self->results_dir == NULL && g_getenv ("STATE_DIRECTORY") != NULL)
    {
      g_auto(GStrv) dirs = g_strsplit (g_getenv ("STATE_DIRECTORY"), ":", 2);

      if (dirs[0] != NULL && *dirs[0] != '\0')
        self->results_dir = g_build_filename (dirs[0], "results", NULL);
    }

  self->args = g_strdupv (args);
  return g_steal_pointer (&self);
}

PupitreConfig *
pupitre_config_new_from_args (int     *argc,
                              char  ***argv,
                              GError **error)
{
  return parse (*argv, error);
}

PupitreConfig *
pupitre_config_reread (PupitreConfig  *self,
                       GError        **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  return parse (self->args, error);
}

void
pupitre_config_swap (PupitreConfig *self,
                     PupitreConfig *fresh)
{
  PupitreConfig old;

  g_return_if_fail (self != NULL);
  g_return_if_fail (fresh != NULL);

  old = *self;
  *self = *fresh;
  *fresh = old;
}
