/* dossier-server-live.h: the live channel of PROTOCOL.md, server side.
 *
 * A WebSocket at /v1/live over which the server sends each change accepted
 * in a client's scopes as soon as it is committed, and the client pushes its
 * own changes and gets their acks.  Main context of the SoupServer only,
 * except that its store work runs on threads of its own.
 */
#pragma once

#include <libsoup/soup.h>

#include "dossier-server-store.h"

G_BEGIN_DECLS

typedef struct _DossierServerLive DossierServerLive;

DossierServerLive *dossier_server_live_new      (DossierServerStore *store,
                                                 SoupServer         *soup);
/* A change in `scopes` was committed, with `last_seq` the newest. */
void               dossier_server_live_notify   (DossierServerLive  *live,
                                                 const char *const  *scopes,
                                                 gint64              last_seq);
/* Closes every channel (1001) and waits for the store work under way. */
void               dossier_server_live_free     (DossierServerLive  *live);

G_END_DECLS
