/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A create_game request checked, then its game made and registered. */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "pupitre-error.h"
#include "pupitre-game-code.h"
#include "pupitre-hosting.h"

/* Codes are drawn until one is free: with 887 million of them and at
 * most a few thousand games, a second draw is already rare. */
#define MAX_CODE_DRAWS 64

/* "cours.gift:12: question 3: …" → 12. */
static guint
quiz_error_line (const char *message,
                 const char *filename)
{
  gsize len = strlen (filename);
  const char *p;
  char *end;
  guint64 line;

  if (strncmp (message, filename, len) != 0 || message[len] != ':')
    return 0;
  p = message + len + 1;
  if (!g_ascii_isdigit (*p))
    return 0;
  line = g_ascii_strtoull (p, &end, 10);
  return *end == ':' && line <= G_MAXUINT ? (guint) line : 0;
}

static gboolean
check_filename (const char  *filename,
                GError     **error)
{
  glong chars = g_utf8_strlen (filename, -1);

  if (chars < 1 || chars > 255)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                           _("“filename” must be 1 to 255 characters long"));
      return FALSE;
    }
  return TRUE;
}

static PupitreQuiz *
import_quiz (const PupitreHostingPolicy  *policy,
             const PupitreGameRequest    *request,
             const char                  *filename,
             guint                       *line,
             GError                     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PupitreQuiz) quiz = NULL;
  PupitreQuizFormat format = PUPITRE_QUIZ_FORMAT_AUTO;

  if (request->quiz_len > PUPITRE_MAX_UPLOAD_BYTES)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_QUIZ_TOO_LARGE,
                   _("The quiz is over %d KiB"), PUPITRE_MAX_UPLOAD_BYTES / 1024);
      return NULL;
    }

  if (request->format != NULL && !pupitre_quiz_format_from_string (request->format, &format))
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD,
                   _("“format” must be json, gift, aiken, moodle or csv, not “%s”"),
                   request->format);
      return NULL;
    }

  quiz = pupitre_quiz_import (request->quiz, request->quiz_len, filename, format, &local_error);
  if (quiz == NULL)
    {
      *line = quiz_error_line (local_error->message, filename);
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_QUIZ, local_error->message);
      return NULL;
    }

  if (pupitre_quiz_get_n_questions (quiz) > policy->max_upload_questions)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_QUIZ_TOO_LARGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The quiz has over %u question, the most this server takes",
                                "The quiz has over %u questions, the most this server takes",
                                policy->max_upload_questions),
                   policy->max_upload_questions);
      return NULL;
    }

  return g_steal_pointer (&quiz);
}

static char *
draw_free_code (PupitreRegistry  *registry,
                const char       *node,
                GError          **error)
{
  for (guint i = 0; i < MAX_CODE_DRAWS; i++)
    {
      g_autofree char *code = pupitre_game_code_new_on_node (node);

      if (pupitre_registry_lookup (registry, code, NULL) == NULL)
        return g_steal_pointer (&code);
    }

  g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_TOO_MANY_GAMES,
                       _("No free game code was found: try again"));
  return NULL;
}

PupitreGame *
pupitre_hosting_create_game (const PupitreHostingPolicy  *policy,
                             PupitreRegistry             *registry,
                             const PupitreGameRequest    *request,
                             char                       **owner,
                             guint                       *line,
                             GError                     **error)
{
  g_autoptr(PupitreQuiz) quiz = NULL;
  g_autoptr(PupitreGame) game = NULL;
  g_autofree char *host_name = NULL;
  g_autofree char *code = NULL;
  PupitreGameConfig config = { 0, };
  const char *filename = request->filename != NULL ? request->filename : "quiz";
  const char *teacher = "";

  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (PUPITRE_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  *line = 0;

  if (policy->hosting == PUPITRE_HOSTING_OFF)
    {
      g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_HOSTING_OFF,
                           _("This server does not take hosted games"));
      return NULL;
    }

  if (policy->hosting == PUPITRE_HOSTING_KEYS)
    {
      teacher = policy->host_keys != NULL && request->host_key != NULL
                ? pupitre_host_keys_check (policy->host_keys, request->host_key) : NULL;
      if (teacher == NULL)
        {
          g_set_error_literal (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_HOST_KEY,
                               _("This host key is not one of this server’s"));
          return NULL;
        }
    }

  if (pupitre_registry_get_n_hosted (registry) >= policy->max_games)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_TOO_MANY_GAMES,
                   g_dngettext (GETTEXT_PACKAGE,
                                "This server already runs %u game, the most it takes",
                                "This server already runs %u games, the most it takes",
                                policy->max_games),
                   policy->max_games);
      return NULL;
    }
  if (policy->hosting == PUPITRE_HOSTING_KEYS &&
      pupitre_registry_count_owned (registry, teacher) >= policy->max_games_per_key)
    {
      g_set_error (error, PUPITRE_ERROR, PUPITRE_ERROR_TOO_MANY_GAMES,
                   g_dngettext (GETTEXT_PACKAGE,
                                "You already run %u game, the most for one host key",
                                "You already run %u games, the most for one host key",
                                policy->max_games_per_key),
                   policy->max_games_per_key);
      return NULL;
    }

  if (!check_filename (filename, error))
    return NULL;
  if (!(quiz = import_quiz (policy, request, filename, line, error)))
    return NULL;

  pupitre_game_options_init (&config.options);
  if (!pupitre_game_options_from_json (&config.options, request->options,
                                       policy->max_hosted_players, error))
    return NULL;

  if (request->name != NULL && !(host_name = pupitre_name_normalize (request->name, error)))
    return NULL;

  if (!(code = draw_free_code (registry, policy->node, error)))
    return NULL;

  config.hosted = TRUE;
  config.max_players = config.options.max_players;
  config.countdown_ms = config.options.countdown_ms;
  config.time_limit_ms = 20000;
  config.host_name = host_name;
  config.host_grace_ms = policy->host_grace_ms;
  config.idle_ms = policy->idle_ms;
  /* An order of choices hides nothing: it need not be unpredictable. */
  config.shuffle_seed = g_random_int ();
  config.new_token = policy->new_token;
  config.update_interval = policy->update_interval;
  config.user_data = policy->user_data;

  game = pupitre_game_new (code, quiz, &config);
  pupitre_registry_add_hosted (registry, game, teacher);
  *owner = g_strdup (teacher);
  return g_steal_pointer (&game);
}
