/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The protocol's session rules for each link (unjoined, joined, closing):
 * decoded client messages become calls on the right game or errors, and
 * the games' events become lines for the right links. */
#pragma once

#include <glib-object.h>

#include "pupitre-connection.h"
#include "pupitre-game.h"
#include "pupitre-hosting.h"
#include "pupitre-registry.h"

G_BEGIN_DECLS

/* The dispatcher's side of one client link. */
typedef struct _PupitreLink PupitreLink;

/* What the dispatcher asks of the network layer. None of them may call
 * the dispatcher back. */
typedef struct
{
  /* Queues @bytes for the link's client; FALSE, queueing nothing, when
   * the client stopped reading (the dispatcher then closes the link). */
  gboolean (*send)  (gpointer         link_data,
                     GBytes          *bytes,
                     gpointer         user_data);
  /* The dispatcher is done with the link: its connection closes as @how
   * says. With @last, what waits is dropped first and @last is written if
   * the socket takes it now. */
  void     (*close) (gpointer         link_data,
                     PupitreCloseHow  how,
                     GBytes          *last,
                     gpointer         user_data);
  /* Every game event but the lines to send and kicks: round closed,
   * game over, phase changed, closed (for the results file and the log). */
  void     (*event) (PupitreGame             *game,
                     const PupitreGameEvent  *event,
                     gpointer                 user_data);
} PupitreDispatcherHooks;

#define PUPITRE_TYPE_DISPATCHER (pupitre_dispatcher_get_type ())
G_DECLARE_FINAL_TYPE (PupitreDispatcher, pupitre_dispatcher, PUPITRE, DISPATCHER, GObject)

/* @hooks is copied. */
PupitreDispatcher *pupitre_dispatcher_new         (PupitreRegistry              *registry,
                                                   const PupitreDispatcherHooks *hooks,
                                                   gpointer                      user_data);

/* Who may create games from now on (off until this is called). @policy
 * is copied; its host keys are borrowed. */
void               pupitre_dispatcher_set_hosting (PupitreDispatcher          *self,
                                                   const PupitreHostingPolicy *policy);

/* A client that can speak: it gets the welcome line. @link_data is what
 * the hooks get for this link; @peer names it in the log. */
PupitreLink       *pupitre_dispatcher_open        (PupitreDispatcher  *self,
                                                   gpointer            link_data,
                                                   const char         *peer,
                                                   gint64              now);

/* Inputs. Each settles everything it causes before it returns: the games'
 * events are sent, and the links that must close are closed (through the
 * close hook, after which @link is gone). */
void               pupitre_dispatcher_handle_line (PupitreDispatcher  *self,
                                                   PupitreLink        *link,
                                                   const char         *line,
                                                   gsize               len,
                                                   gint64              now);
/* An error the network layer found (a line too long, no join in time). */
void               pupitre_dispatcher_fail        (PupitreDispatcher  *self,
                                                   PupitreLink        *link,
                                                   const GError       *error,
                                                   gint64              now);
/* The client is gone (end of stream, a failed socket). */
void               pupitre_dispatcher_lost        (PupitreDispatcher  *self,
                                                   PupitreLink        *link,
                                                   gint64              now);
/* Acts on every game deadline at or before @now. */
void               pupitre_dispatcher_advance     (PupitreDispatcher  *self,
                                                   gint64              now);
/* The earliest deadline of any game, or -1. */
gint64             pupitre_dispatcher_get_next_deadline (PupitreDispatcher *self);
/* Tells every link the server stops, and closes them all. */
void               pupitre_dispatcher_shutdown    (PupitreDispatcher  *self,
                                                   gint64              now);

/* Joined a game, or hosting one. */
gboolean           pupitre_dispatcher_link_is_joined (PupitreLink     *link);
guint              pupitre_dispatcher_get_n_links (PupitreDispatcher  *self);
/* Draining: create_game is refused with `draining`, joins and resumes go
 * on (docs/protocol.md section 15). */
void               pupitre_dispatcher_set_draining (PupitreDispatcher *self,
                                                    gboolean           draining);
/* The hosted games, and the seats connected in every game. */
guint              pupitre_dispatcher_get_n_hosted_games (PupitreDispatcher *self);
guint              pupitre_dispatcher_get_n_players (PupitreDispatcher *self);

G_END_DECLS
