/* dossier-replica-sync.h: what the sync engine asks of the replica beyond
 * records: the outbox with the office each change belongs to, the account,
 * removing an office's records, and changes the server refused.  These run on
 * the replica's worker; call them from the engine's thread, not the UI's. */
#pragma once

#include "dossier-replica.h"

G_BEGIN_DECLS

/* The oldest outbox changes (at most `limit`) with their `scope` filled in.
 * Changes whose office cannot be known yet (no office chosen and none given
 * by the server) are left out and stay in the outbox. */
GPtrArray *dossier_replica_outbox_for_push_sync   (DossierReplica     *self,
                                                   guint               limit,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
/* Moves outbox changes the server refused to rejected_changes, with the reason. */
gboolean   dossier_replica_reject_outbox_sync     (DossierReplica     *self,
                                                   const char *const  *change_ids,
                                                   const char         *reason,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
gint64     dossier_replica_count_rejected_sync    (DossierReplica     *self,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
/* Removes local records whose scope is neither "*" nor in `scopes`.  A scope
 * not seen before (an office joined again) sets the cursor back to 0, and
 * `out_rewound` (optional) to TRUE: the caller pulls again from there. */
gboolean   dossier_replica_keep_scopes_sync       (DossierReplica     *self,
                                                   const char *const  *scopes,
                                                   guint              *out_removed,
                                                   gboolean           *out_rewound,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
/* Sync state values (server, user, default office, last success...). */
char      *dossier_replica_get_sync_value_sync    (DossierReplica     *self,
                                                   const char         *key,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
gboolean   dossier_replica_set_sync_value_sync    (DossierReplica     *self,
                                                   const char         *key,
                                                   const char         *value,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
/* Offices as the server lists them at login (no outbox: they are the server's). */
gboolean   dossier_replica_store_offices_sync     (DossierReplica     *self,
                                                   JsonArray          *offices,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

/* Attachment bytes to move (PROTOCOL.md "Attachments"): GPtrArray of
 * DossierBlobInfo.  To upload: complete here and not known to be on the
 * server.  To download: named by an attachment but not complete here (size
 * from the attachment, received what is stored so far). */
GPtrArray *dossier_replica_blobs_to_upload_sync   (DossierReplica     *self,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
gboolean   dossier_replica_mark_blob_uploaded_sync (DossierReplica    *self,
                                                    const char        *sha256,
                                                    GCancellable      *cancellable,
                                                    GError           **error);
GPtrArray *dossier_replica_blobs_to_download_sync (DossierReplica     *self,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

G_END_DECLS
