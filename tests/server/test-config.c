/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The settings of hosted games: defaults, the file, the command line over
 * it, a bad value named with its file and line, and a reload. */

#include "config.h"

#include <glib/gstdio.h>

#include "pupitre-config.h"
#include "pupitre-test-files.h"

typedef struct
{
  char *dir;
  char *conf;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pupitre-config-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->conf = g_build_filename (fixture->dir, "server.conf", NULL);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_true (pupitre_test_remove_tree (fixture->dir));
  g_free (fixture->dir);
  g_free (fixture->conf);
}

static void
write_conf (Fixture    *fixture,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->conf, text, -1, &error);
  g_assert_no_error (error);
}

/* Parses "pupitre-server" followed by the NULL-terminated arguments. */
static PupitreConfig *
parse_args (GError     **error,
            const char  *first,
            ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  va_list ap;
  int argc;

  g_strv_builder_add (builder, "pupitre-server");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_strv_builder_add (builder, arg);
  va_end (ap);
  args = g_strv_builder_end (builder);
  argc = g_strv_length (args);
  return pupitre_config_new_from_args (&argc, &args, error);
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreConfig) config = parse_args (&error, NULL);

  g_assert_no_error (error);
  g_assert_cmpint (config->hosting, ==, PUPITRE_HOSTING_OFF);
  g_assert_null (config->host_keys);
  g_assert_cmpuint (config->max_games, ==, 1000);
  g_assert_cmpuint (config->max_games_per_key, ==, 3);
  g_assert_cmpuint (config->max_upload_questions, ==, 500);
  g_assert_cmpuint (config->max_hosted_players, ==, 500);
  g_assert_cmpfloat (config->host_grace, ==, 600.0);
  g_assert_null (config->new_host_key);
}

static void
test_command_line (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreConfig) config =
    parse_args (&error, "--hosting", "open", "--host-keys", "/etc/keys",
                "--max-games", "7", "--max-games-per-key", "2",
                "--max-upload-questions", "40", "--max-hosted-players", "30",
                "--host-grace", "90.5", "--new-host-key", "mme.martin", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (config->hosting, ==, PUPITRE_HOSTING_OPEN);
  g_assert_cmpstr (config->host_keys, ==, "/etc/keys");
  g_assert_cmpuint (config->max_games, ==, 7);
  g_assert_cmpuint (config->max_games_per_key, ==, 2);
  g_assert_cmpuint (config->max_upload_questions, ==, 40);
  g_assert_cmpuint (config->max_hosted_players, ==, 30);
  g_assert_cmpfloat (config->host_grace, ==, 90.5);
  g_assert_cmpstr (config->new_host_key, ==, "mme.martin");
}

/* The file sets every key; the command line overrides two of them. */
static void
test_file_and_command_line (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreConfig) from_file = NULL;
  g_autoptr(PupitreConfig) overridden = NULL;

  write_conf (fixture, "[server]\nhosting = keys\nhost-keys = /etc/pupitre/host-keys\n"
                       "max-games=12\nmax-games-per-key=4\nmax-upload-questions=500\n"
                       "max-hosted-players=60\nhost-grace=0\n");

  from_file = parse_args (&error, "--config", fixture->conf, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (from_file->hosting, ==, PUPITRE_HOSTING_KEYS);
  g_assert_cmpstr (from_file->host_keys, ==, "/etc/pupitre/host-keys");
  g_assert_cmpuint (from_file->max_games, ==, 12);
  g_assert_cmpuint (from_file->max_games_per_key, ==, 4);
  g_assert_cmpuint (from_file->max_upload_questions, ==, 500);
  g_assert_cmpuint (from_file->max_hosted_players, ==, 60);
  g_assert_cmpfloat (from_file->host_grace, ==, 0.0);

  overridden = parse_args (&error, "--config", fixture->conf, "--hosting", "off",
                           "--max-games", "13", NULL);
  g_assert_no_error (error);
  g_assert_cmpint (overridden->hosting, ==, PUPITRE_HOSTING_OFF);
  g_assert_cmpuint (overridden->max_games, ==, 13);
  g_assert_cmpuint (overridden->max_games_per_key, ==, 4);
}

/* The node's name comes from the file or the command line, the command
 * line winning; none by default; a bad name is refused from either. */
static void
test_node (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreConfig) alone = NULL;
  g_autoptr(PupitreConfig) from_file = NULL;
  g_autoptr(PupitreConfig) overridden = NULL;
  g_autoptr(PupitreConfig) bad = NULL;

  alone = parse_args (&error, NULL);
  g_assert_no_error (error);
  g_assert_null (alone->node);

  write_conf (fixture, "[server]\nnode = K7\n");
  from_file = parse_args (&error, "--config", fixture->conf, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (from_file->node, ==, "K7");

  overridden = parse_args (&error, "--config", fixture->conf, "--node", "B3", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (overridden->node, ==, "B3");

  bad = parse_args (&error, "--node", "O1", NULL);
  g_assert_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID);
  g_assert_null (bad);
  g_clear_error (&error);

  write_conf (fixture, "[server]\nnode = toolong\n");
  bad = parse_args (&error, "--config", fixture->conf, NULL);
  g_assert_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID);
  g_assert_null (bad);
}

/* Proxies' addresses, from either source, written as peers are. */
static void
test_proxy_from (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreConfig) alone = NULL;
  g_autoptr(PupitreConfig) from_file = NULL;
  g_autoptr(PupitreConfig) overridden = NULL;
  g_autoptr(PupitreConfig) bad = NULL;

  alone = parse_args (&error, NULL);
  g_assert_no_error (error);
  g_assert_null (alone->proxy_from);

  write_conf (fixture, "[server]\nproxy-from = 127.0.0.1, 0:0::1 ,192.0.2.10\n");
  from_file = parse_args (&error, "--config", fixture->conf, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (from_file->proxy_from);
  g_assert_cmpuint (g_strv_length (from_file->proxy_from), ==, 3);
  g_assert_cmpstr (from_file->proxy_from[0], ==, "127.0.0.1");
  g_assert_cmpstr (from_file->proxy_from[1], ==, "::1");
  g_assert_cmpstr (from_file->proxy_from[2], ==, "192.0.2.10");

  overridden = parse_args (&error, "--config", fixture->conf, "--proxy-from", "10.0.0.1", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (overridden->proxy_from), ==, 1);
  g_assert_cmpstr (overridden->proxy_from[0], ==, "10.0.0.1");

  bad = parse_args (&error, "--proxy-from", "127.0.0.1,haproxy.example", NULL);
  g_assert_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID);
  g_assert_null (bad);
  g_clear_error (&error);

  write_conf (fixture, "[server]\nproxy-from = 300.1.1.1\n");
  bad = parse_args (&error, "--config", fixture->conf, NULL);
  g_assert_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "proxy-from"));
  g_assert_null (bad);
}

/* Each bad value is named with the file, its line and its key. */
static void
test_file_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct
  {
    const char *line;
    const char *key;
  } cases[] = {
    { "hosting=maybe", "hosting" },
    { "hosting=", "hosting" },
    { "max-games=0", "max-games" },
    { "max-games-per-key=three", "max-games-per-key" },
    { "max-upload-questions=501", "max-upload-questions" },
    { "max-hosted-players=-1", "max-hosted-players" },
    { "host-grace=forever", "host-grace" },
    { "host-grace=86401", "host-grace" },
    { "new-host-key=mme.martin", "new-host-key" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[server]\n# hosted games\n%s\n", cases[i].line);
      g_autofree char *expected = g_strdup_printf ("%s:3: %s: ", fixture->conf, cases[i].key);
      g_autoptr(GError) error = NULL;
      g_autoptr(PupitreConfig) config = NULL;

      write_conf (fixture, text);
      config = parse_args (&error, "--config", fixture->conf, NULL);
      g_assert_null (config);
      g_assert_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID);
      g_test_message ("%s → %s", cases[i].line, error->message);
      g_assert_true (g_str_has_prefix (error->message, expected));
    }
}

static void
test_command_line_errors (Fixture       *fixture,
                          gconstpointer  data)
{
  static const struct
  {
    const char *option;
    const char *value;
  } cases[] = {
    { "--hosting", "maybe" },
    { "--max-games", "0" },
    { "--max-games-per-key", "0" },
    { "--max-upload-questions", "501" },
    { "--max-hosted-players", "0" },
    { "--host-grace", "-1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PupitreConfig) config = parse_args (&error, cases[i].option, cases[i].value, NULL);

      g_assert_null (config);
      g_assert_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID);
      g_test_message ("%s %s → %s", cases[i].option, cases[i].value, error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].option));
    }
}

/* Keys without a file to hold them mean nothing: refused at once. */
static void
test_keys_need_a_file (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreConfig) keys = parse_args (&error, "--hosting", "keys", NULL);
  g_autoptr(PupitreConfig) new_key = NULL;
  g_autoptr(PupitreConfig) file_names_it = NULL;

  g_assert_null (keys);
  g_assert_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "--host-keys"));
  g_clear_error (&error);

  new_key = parse_args (&error, "--new-host-key", "mme.martin", NULL);
  g_assert_null (new_key);
  g_assert_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "--host-keys"));
  g_clear_error (&error);

  write_conf (fixture, "[server]\nhost-keys=/etc/pupitre/host-keys\n");
  file_names_it = parse_args (&error, "--config", fixture->conf, "--hosting", "keys", NULL);
  g_assert_no_error (error);
  g_assert_cmpint (file_names_it->hosting, ==, PUPITRE_HOSTING_KEYS);
}

/* A reload reads the file again, the command line still winning, and
 * the swap hands every new setting to the configuration the server keeps. */
static void
test_reread_and_swap (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PupitreConfig) config = NULL;
  g_autoptr(PupitreConfig) fresh = NULL;

  write_conf (fixture, "[server]\nhosting=open\nmax-games=5\n");
  config = parse_args (&error, "--config", fixture->conf, "--max-hosted-players", "40", NULL);
  g_assert_no_error (error);

  write_conf (fixture, "[server]\nhosting=keys\nhost-keys=/srv/keys\nmax-games=6\n"
                       "max-games-per-key=1\nmax-upload-questions=20\nmax-hosted-players=99\n"
                       "host-grace=120\n");
  fresh = pupitre_config_reread (config, &error);
  g_assert_no_error (error);
  pupitre_config_swap (config, fresh);

  g_assert_cmpint (config->hosting, ==, PUPITRE_HOSTING_KEYS);
  g_assert_cmpstr (config->host_keys, ==, "/srv/keys");
  g_assert_cmpuint (config->max_games, ==, 6);
  g_assert_cmpuint (config->max_games_per_key, ==, 1);
  g_assert_cmpuint (config->max_upload_questions, ==, 20);
  g_assert_cmpuint (config->max_hosted_players, ==, 40);
  g_assert_cmpfloat (config->host_grace, ==, 120.0);
  /* The old settings went to @fresh, to be freed with it. */
  g_assert_cmpint (fresh->hosting, ==, PUPITRE_HOSTING_OPEN);
  g_assert_null (fresh->host_keys);

  /* A bad file: the reread fails and @config stays as it is. */
  write_conf (fixture, "[server]\nhosting=maybe\n");
  g_clear_pointer (&fresh, pupitre_config_free);
  fresh = pupitre_config_reread (config, &error);
  g_assert_null (fresh);
  g_assert_error (error, PUPITRE_CONFIG_ERROR, PUPITRE_CONFIG_ERROR_INVALID);
  g_assert_cmpint (config->hosting, ==, PUPITRE_HOSTING_KEYS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/config/hosted/defaults", Fixture, NULL, setup, test_defaults, teardown);
  g_test_add ("/config/hosted/command-line", Fixture, NULL, setup, test_command_line, teardown);
  g_test_add ("/config/hosted/file-and-command-line", Fixture, NULL, setup,
              test_file_and_command_line, teardown);
  g_test_add ("/config/node", Fixture, NULL, setup, test_node, teardown);
  g_test_add ("/config/proxy-from", Fixture, NULL, setup, test_proxy_from, teardown);
  g_test_add ("/config/hosted/file-errors", Fixture, NULL, setup, test_file_errors, teardown);
  g_test_add ("/config/hosted/command-line-errors", Fixture, NULL, setup,
              test_command_line_errors, teardown);
  g_test_add ("/config/hosted/keys-need-a-file", Fixture, NULL, setup,
              test_keys_need_a_file, teardown);
  g_test_add ("/config/hosted/reread-and-swap", Fixture, NULL, setup,
              test_reread_and_swap, teardown);

  return g_test_run ();
}
