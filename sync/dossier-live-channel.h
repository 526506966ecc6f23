/* dossier-live-channel.h: the live channel of PROTOCOL.md, client side.
 *
 * A WebSocket to /v1/live, made and used on the sync engine's thread (its
 * thread-default main context): pushes go out as frames, and what the server
 * sends waits in a queue until the engine pops it, so nothing is applied
 * from inside a libsoup signal.  A dead link is noticed by pings that get no
 * pong.
 */
#pragma once

#include "dossier-sync-client.h"

G_BEGIN_DECLS

typedef struct _DossierLiveChannel DossierLiveChannel;

typedef enum
{
  DOSSIER_LIVE_EVENT_PAGE,       /* changes from others, to apply as a pull page */
  DOSSIER_LIVE_EVENT_ACK,        /* the server stored the pushed batch */
  DOSSIER_LIVE_EVENT_FORBIDDEN,  /* the server refused the batch for these changes */
} DossierLiveEventKind;

typedef struct
{
  DossierLiveEventKind kind;
  DossierPullPage     *page;       /* PAGE; scopes only in the first */
  GArray              *seqs;       /* ACK: gint64 per change of the batch, < 0: a duplicate */
  gint64               next;       /* ACK: a cursor to store (0: none) */
  GArray              *indexes;    /* FORBIDDEN: guint, into the batch */
} DossierLiveEvent;

/* The ping interval; a link that answers nothing for twice as long is dead. */
#define DOSSIER_LIVE_KEEPALIVE_SECONDS 30

DossierLiveChannel *dossier_live_channel_open  (DossierSyncClient  *client,
                                                const char         *device,
                                                gint64              since,
                                                GCancellable       *cancellable,
                                                GError            **error);
gboolean            dossier_live_channel_push  (DossierLiveChannel *channel,
                                                GPtrArray          *changes,
                                                GError            **error);
/* The next event, or NULL: with an error once the channel closed (RESYNC
 * when the server asks for a cycle over HTTP), without one when none waits. */
DossierLiveEvent   *dossier_live_channel_pop   (DossierLiveChannel *channel,
                                                GError            **error);
void                dossier_live_channel_free  (DossierLiveChannel *channel);
void                dossier_live_event_free    (DossierLiveEvent   *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierLiveChannel, dossier_live_channel_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierLiveEvent, dossier_live_event_free)

G_END_DECLS
