/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server's settings: defaults, then the configuration file, then the
 * command line, which always wins. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUPITRE_CONFIG_ERROR (pupitre_config_error_quark ())

typedef enum
{
  PUPITRE_CONFIG_ERROR_INVALID,
} PupitreConfigError;

/* Who may create a hosted game (docs/protocol.md section 14.1). */
typedef enum
{
  PUPITRE_HOSTING_OFF,
  PUPITRE_HOSTING_KEYS,
  PUPITRE_HOSTING_OPEN,
} PupitreHosting;

typedef struct
{
  guint     port;
  char     *bind;            /* NULL: every address */
  guint     players;
  guint     max_players;
  char     *quiz;
  double    countdown;       /* seconds */
  double    time_limit;      /* seconds */
  double    pause;           /* seconds */
  double    over_pause;      /* seconds */
  gboolean  once;
  char     *host_key;
  char     *results_dir;     /* NULL: results are not written */
  char     *tls_certificate;
  char     *tls_key;
  char     *config_file;     /* NULL: none */
  /* Behind a proxy: the node's two-character name that starts its codes
   * and tokens; NULL: one server alone, six-character codes. */
  char     *node;
  /* The proxies' addresses, each as g_inet_address_to_string() writes it:
   * a connection from one of them starts with a PROXY v2 header. NULL:
   * none, no header is ever read. */
  char    **proxy_from;

  /* Hosted games */
  PupitreHosting hosting;            /* off */
  char     *host_keys;               /* the host-keys file; NULL: none */
  guint     max_games;               /* hosted games at once, 1,000 */
  guint     max_games_per_key;       /* per host key, 3 */
  guint     max_upload_questions;    /* 500 */
  guint     max_hosted_players;      /* seats of a hosted game at most, 500 */
  double    host_grace;              /* seconds without the host before its game closes, 600 */
  char     *new_host_key;            /* --new-host-key NAME: add a key and exit */
  gboolean  version;
  char    **args;            /* the command line, kept for reloading */
} PupitreConfig;

GQuark         pupitre_config_error_quark (void);

/* Parses the command line and the configuration file it names, if any.
 * @argv is left as it is: a copy is kept for reloading. */
PupitreConfig *pupitre_config_new_from_args (int         *argc,
                                             char      ***argv,
                                             GError     **error);
/* Reads the configuration file again, the command line still winning,
 * into a new configuration: @self is untouched, so that a reload can check
 * all of it (the quiz too) before anything applies. */
PupitreConfig *pupitre_config_reread        (PupitreConfig  *self,
                                             GError        **error);
/* Gives @self, whose address the server's parts keep, the settings of
 * @fresh, and @fresh the old ones: a reload applies in one step. */
void           pupitre_config_swap          (PupitreConfig  *self,
                                             PupitreConfig  *fresh);
void           pupitre_config_free          (PupitreConfig  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PupitreConfig, pupitre_config_free)

G_END_DECLS
