/* dossier-sync-engine-private.h: what the engine's files share.
 *
 * dossier-sync-engine.c owns the thread, the wakes and the cycle over HTTP;
 * dossier-sync-engine-live.c the time spent on the live channel.  All of it
 * runs on the engine's thread.
 */
#pragma once

#include "dossier-sync-client.h"
#include "dossier-sync-engine.h"

G_BEGIN_DECLS

#define PUSH_BATCH 500

/* What the engine's thread knows; published as one snapshot. */
typedef struct
{
  DossierSyncState state;
  double           progress;
  char            *error_message;
  char            *server;
  char            *user;
  char            *token;
  gint64           last_success;
  gint64           last_success_stored;
  guint            remote_changes;  /* records changed by pulls since the last publish */
  gboolean         no_live;         /* the server offers no live channel: long-poll */
} DossierSyncStatus;

DossierReplica *dossier_sync_engine_get_replica     (DossierSyncEngine  *self);
void            dossier_sync_engine_publish         (DossierSyncEngine  *self,
                                                     DossierSyncStatus  *status);
gboolean        dossier_sync_engine_apply_page      (DossierSyncEngine  *self,
                                                     DossierPullPage    *page,
                                                     DossierSyncStatus  *status,
                                                     gboolean           *out_rewound,
                                                     GError            **error);
void            dossier_sync_engine_note_success    (DossierSyncEngine  *self,
                                                     DossierSyncStatus  *status);
gboolean        dossier_sync_engine_download_blobs  (DossierSyncEngine  *self,
                                                     DossierSyncClient  *client,
                                                     GError            **error);
gboolean        dossier_sync_engine_live_go_on      (DossierSyncEngine  *self,
                                                     gboolean           *want_push);
void            dossier_sync_engine_set_live        (DossierSyncEngine  *self,
                                                     gboolean            live);
gboolean        dossier_sync_engine_stay_live       (DossierSyncEngine  *self,
                                                     DossierSyncClient  *client,
                                                     DossierSyncStatus  *status,
                                                     GError            **error);

G_END_DECLS
