/* dossier-sync-engine.h: keeps a replica in sync with its server.
 *
 * One thread of its own runs the fixed cycle of sync/server/PROTOCOL.md (push
 * the outbox in batches, pull pages since the cursor, apply each page with its
 * cursor in one transaction), then stays on the live channel (a WebSocket:
 * local changes go out as they are saved, others' arrive as they are
 * committed; long polls for servers without one).  It wakes on local changes, on "Sync now" and when
 * the network comes back, and backs off after failures.  Its state is
 * published as properties on the main context it was created in; nothing it
 * does blocks that context.
 */
#pragma once

#include <gio/gio.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_SYNC_STATE_SIGNED_OUT,    /* no account on this replica */
  DOSSIER_SYNC_STATE_OFFLINE,       /* no network, or the server is out of reach */
  DOSSIER_SYNC_STATE_SYNCING,
  DOSSIER_SYNC_STATE_SYNCED,        /* see last-success */
  DOSSIER_SYNC_STATE_FAILED,        /* see error-message; retried with back-off */
  DOSSIER_SYNC_STATE_NEEDS_LOGIN,   /* the token expired or was revoked; the outbox is kept */
} DossierSyncState;

#define DOSSIER_TYPE_SYNC_STATE (dossier_sync_state_get_type ())
GType dossier_sync_state_get_type (void) G_GNUC_CONST;

#define DOSSIER_TYPE_SYNC_ENGINE (dossier_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (DossierSyncEngine, dossier_sync_engine, DOSSIER, SYNC_ENGINE, GObject)

DossierSyncEngine *dossier_sync_engine_new        (DossierReplica     *replica);

/* Properties: "state" (DossierSyncState), "pending" (gint64: changes not yet
 * sent), "conflicts" (gint64), "last-success" (gint64, Unix seconds, 0: never),
 * "progress" (double 0..1 during a long pull, -1 otherwise), "error-message",
 * "server", "user".  Signal: "remote-changes" (guint), after pulls changed
 * records, on the main context. */
DossierSyncState   dossier_sync_engine_get_state         (DossierSyncEngine *self);
gint64             dossier_sync_engine_get_pending       (DossierSyncEngine *self);
gint64             dossier_sync_engine_get_conflicts     (DossierSyncEngine *self);
gint64             dossier_sync_engine_get_last_success  (DossierSyncEngine *self);
double             dossier_sync_engine_get_progress      (DossierSyncEngine *self);
const char        *dossier_sync_engine_get_error_message (DossierSyncEngine *self);
const char        *dossier_sync_engine_get_server        (DossierSyncEngine *self);
const char        *dossier_sync_engine_get_user          (DossierSyncEngine *self);

/* Starts the engine's thread: it syncs at once if the replica has an account. */
void               dossier_sync_engine_start      (DossierSyncEngine   *self);
void               dossier_sync_engine_stop       (DossierSyncEngine   *self);
void               dossier_sync_engine_sync_now   (DossierSyncEngine   *self);

/* Logs in (the token goes to the keyring, the account to the replica) and syncs. */
void               dossier_sync_engine_login_async  (DossierSyncEngine   *self,
                                                     const char          *server,
                                                     const char          *user,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean           dossier_sync_engine_login_finish (DossierSyncEngine   *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Forgets the token and the account; local changes stay in the outbox. */
void               dossier_sync_engine_logout       (DossierSyncEngine   *self);

G_END_DECLS
