/* dossier-replica.h: the encrypted local replica.
 *
 * A DossierReplica owns one SQLCipher connection on a worker thread of its
 * own; every call is queued to that thread, so callers on the main loop never
 * wait on the disk.  Each `_async` call has a `_finish`; the `_sync` variants
 * are for worker threads and command-line tools.
 *
 * Records are JSON objects of field name to value, as described by
 * dossier-model.h.  Every save writes, in the same transaction, one outbox
 * change per field whose value actually changed, stamped with a hybrid
 * logical clock, the device id and the device's next counter.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dossier-hlc.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_REPLICA (dossier_replica_get_type ())
G_DECLARE_FINAL_TYPE (DossierReplica, dossier_replica, DOSSIER, REPLICA, GObject)

#define DOSSIER_REPLICA_ERROR (dossier_replica_error_quark ())

typedef enum
{
  DOSSIER_REPLICA_ERROR_WRONG_KEY,       /* encrypted with another key, or not a database */
  DOSSIER_REPLICA_ERROR_UNENCRYPTED,     /* a plain SQLite file */
  DOSSIER_REPLICA_ERROR_FOREIGN,         /* a database, but not a Dossier replica */
  DOSSIER_REPLICA_ERROR_CORRUPT,         /* fails the integrity check */
  DOSSIER_REPLICA_ERROR_TOO_NEW,         /* written by a newer Dossier */
  DOSSIER_REPLICA_ERROR_NOT_FOUND,       /* no such record */
  DOSSIER_REPLICA_ERROR_INVALID,         /* unknown kind or field, or a bad value */
  DOSSIER_REPLICA_ERROR_APPEND_ONLY,     /* change or delete of an append-only record */
  DOSSIER_REPLICA_ERROR_CLOSED,          /* the replica was closed */
  DOSSIER_REPLICA_ERROR_HASH_MISMATCH,   /* blob bytes do not match their SHA-256 */
  DOSSIER_REPLICA_ERROR_IO,              /* reading or writing a file outside the replica */
  DOSSIER_REPLICA_ERROR_FAILED,          /* SQLite said no */
} DossierReplicaError;

/* One outbox entry: a change not yet acknowledged by the server. */
typedef struct
{
  gint64      seq;
  char       *change_id;    /* "device:counter" */
  char       *kind;
  char       *record_id;
  char       *field;        /* or "_deleted" */
  JsonNode   *value;
  DossierHlc  hlc;
  char       *device;
  gint64      counter;
  DossierHlc  base_hlc;     /* the version this change overwrote */
  char       *base_device;  /* NULL: it overwrote nothing */
  JsonNode   *resolves;     /* NULL, or a JSON array of [hlc text, device] losers it settles */
  char       *scope;        /* the office the record belongs to, "*" for policy notes */
  gint64      server_seq;   /* for pulled changes: the server's sequence number */
} DossierChange;

/* What applying a page of pulled changes did. */
typedef struct
{
  guint applied;       /* changes that set a field or deleted a record */
  guint conflicts;     /* concurrent edits: a loser was kept */
  guint ignored;       /* duplicates and versions already overwritten */
  guint unknown;       /* kinds or fields this version does not know, kept aside */
} DossierApplyStats;

/* One record to create (id NULL) or update, for batches saved in one transaction. */
typedef struct
{
  char       *kind;
  char       *id;
  JsonObject *fields;
} DossierEdit;

/* One full-text search hit, best first. */
typedef struct
{
  char   *kind;
  char   *record_id;
  double  rank;
} DossierSearchHit;

GQuark          dossier_replica_error_quark   (void);

DossierChange  *dossier_change_copy           (const DossierChange *change);
void            dossier_change_free           (DossierChange       *change);
void            dossier_search_hit_free       (DossierSearchHit    *hit);
DossierEdit    *dossier_edit_new              (const char          *kind,
                                               const char          *id,
                                               JsonObject          *fields);
void            dossier_edit_free             (DossierEdit         *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierEdit, dossier_edit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierChange, dossier_change_free)

/* Opening.  `key` is 32 raw bytes.  A missing file is created when `create` is TRUE. */
void            dossier_replica_open_async    (const char          *path,
                                               GBytes              *key,
                                               gboolean             create,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
DossierReplica *dossier_replica_open_finish   (GAsyncResult        *result,
                                               GError             **error);
DossierReplica *dossier_replica_open_sync     (const char          *path,
                                               GBytes              *key,
                                               gboolean             create,
                                               GCancellable        *cancellable,
                                               GError             **error);
void            dossier_replica_close         (DossierReplica      *self);

const char     *dossier_replica_get_path      (DossierReplica      *self);
/* `hook` runs on the replica's worker thread each time local changes (saves,
 * deletes, resolutions) are committed: keep it short and thread-safe. */
void            dossier_replica_set_local_change_hook (DossierReplica *self,
                                                       GFunc           hook,
                                                       gpointer        user_data);
const char     *dossier_replica_get_device_id (DossierReplica      *self);
/* For tests: the wall clock (in ms since the epoch) that stamps this replica's
 * changes, instead of the real time; NULL goes back to the real time.  The
 * convergence simulation gives each replica a skewed clock of its own.
 * `wall_clock` runs on the replica's worker thread, during a call. */
void            dossier_replica_set_wall_clock (DossierReplica      *self,
                                                DossierHlcWallClock  wall_clock,
                                                gpointer             user_data);

/* Create (id NULL: a new UUID) or update.  Only fields present in `fields` change. */
void            dossier_replica_save_async    (DossierReplica      *self,
                                               const char          *kind,
                                               const char          *id,
                                               JsonObject          *fields,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char           *dossier_replica_save_finish   (DossierReplica      *self,
                                               GAsyncResult        *result,
                                               GError             **error);
char           *dossier_replica_save_sync     (DossierReplica      *self,
                                               const char          *kind,
                                               const char          *id,
                                               JsonObject          *fields,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* Several records in one transaction: all are saved, or none.  Returns the ids (char *). */
void            dossier_replica_save_many_async  (DossierReplica      *self,
                                                  GPtrArray           *edits,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray      *dossier_replica_save_many_finish (DossierReplica      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
GPtrArray      *dossier_replica_save_many_sync   (DossierReplica      *self,
                                                  GPtrArray           *edits,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

void            dossier_replica_delete_async  (DossierReplica      *self,
                                               const char          *kind,
                                               const char          *id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        dossier_replica_delete_finish (DossierReplica      *self,
                                               GAsyncResult        *result,
                                               GError             **error);
gboolean        dossier_replica_delete_sync   (DossierReplica      *self,
                                               const char          *kind,
                                               const char          *id,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* The record with all its fields (NULL for unset ones) and "id". */
void            dossier_replica_get_async     (DossierReplica      *self,
                                               const char          *kind,
                                               const char          *id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
JsonObject     *dossier_replica_get_finish    (DossierReplica      *self,
                                               GAsyncResult        *result,
                                               GError             **error);
JsonObject     *dossier_replica_get_sync      (DossierReplica      *self,
                                               const char          *kind,
                                               const char          *id,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* Records of `kind` whose `field` equals `value` (all records when field is NULL),
 * ordered by `order_by` (a field name, NULL for none), at most `limit` (0: all).
 * Returns a GPtrArray of JsonObject. */
void            dossier_replica_list_async    (DossierReplica      *self,
                                               const char          *kind,
                                               const char          *field,
                                               const char          *value,
                                               const char          *order_by,
                                               guint                limit,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray      *dossier_replica_list_finish   (DossierReplica      *self,
                                               GAsyncResult        *result,
                                               GError             **error);
GPtrArray      *dossier_replica_list_sync     (DossierReplica      *self,
                                               const char          *kind,
                                               const char          *field,
                                               const char          *value,
                                               const char          *order_by,
                                               guint                limit,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* Full-text search over cases, applicants and policy notes.  GPtrArray of DossierSearchHit. */
void            dossier_replica_search_async  (DossierReplica      *self,
                                               const char          *query,
                                               guint                limit,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray      *dossier_replica_search_finish (DossierReplica      *self,
                                               GAsyncResult        *result,
                                               GError             **error);
GPtrArray      *dossier_replica_search_sync   (DossierReplica      *self,
                                               const char          *query,
                                               guint                limit,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* The outbox, oldest first (limit 0: all).  GPtrArray of DossierChange. */
GPtrArray      *dossier_replica_list_outbox_sync  (DossierReplica  *self,
                                                   guint            limit,
                                                   GCancellable    *cancellable,
                                                   GError         **error);
gint64          dossier_replica_count_outbox_sync (DossierReplica  *self,
                                                   GCancellable    *cancellable,
                                                   GError         **error);

/* The saved versions of a policy note, newest first: a GPtrArray of JsonObject
 * with "version", "saved_at" and "snapshot" (a JsonObject of the note's fields). */
GPtrArray      *dossier_replica_list_policy_versions_sync (DossierReplica  *self,
                                                           const char      *note_id,
                                                           GCancellable    *cancellable,
                                                           GError         **error);
void            dossier_replica_list_policy_versions_async  (DossierReplica      *self,
                                                             const char          *note_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray      *dossier_replica_list_policy_versions_finish (DossierReplica      *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Attachment bytes, content-addressed by SHA-256 (lower-case hex), stored in
 * chunks inside the encrypted replica. */
typedef struct
{
  char   *sha256;
  gint64  size;
  gint64  received;     /* bytes stored so far */
  gboolean complete;    /* every byte there and the hash verified */
} DossierBlobInfo;

void             dossier_blob_info_free            (DossierBlobInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierBlobInfo, dossier_blob_info_free)

/* Copies a file into the replica; returns its SHA-256.  Adding the same bytes twice stores them once. */
void             dossier_replica_add_blob_async    (DossierReplica      *self,
                                                    GFile               *file,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
char            *dossier_replica_add_blob_finish   (DossierReplica      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
char            *dossier_replica_add_blob_sync     (DossierReplica      *self,
                                                    GFile               *file,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
/* Writes a complete blob's bytes to `destination` (created with mode 0600). */
void             dossier_replica_export_blob_async  (DossierReplica      *self,
                                                     const char          *sha256,
                                                     GFile               *destination,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean         dossier_replica_export_blob_finish (DossierReplica      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean         dossier_replica_export_blob_sync   (DossierReplica      *self,
                                                     const char          *sha256,
                                                     GFile               *destination,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
/* For transfers: what is stored of a blob (NULL, no error: nothing), and
 * appending the next chunk of a download.  The chunk that completes the blob
 * is checked against the hash; on a mismatch every chunk is dropped. */
DossierBlobInfo *dossier_replica_get_blob_info_sync (DossierReplica      *self,
                                                     const char          *sha256,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
gboolean         dossier_replica_append_blob_chunk_sync (DossierReplica  *self,
                                                         const char      *sha256,
                                                         gint64           size,
                                                         gint64           offset,
                                                         GBytes          *chunk,
                                                         GCancellable    *cancellable,
                                                         GError         **error);
GBytes          *dossier_replica_read_blob_chunk_sync (DossierReplica    *self,
                                                       const char        *sha256,
                                                       gint64             offset,
                                                       gsize              max_size,
                                                       GCancellable      *cancellable,
                                                       GError           **error);

/* Sync bookkeeping.  Applying a pulled page and storing the cursor happen in
 * one transaction: a crash applies the page entirely or not at all. */
gboolean        dossier_replica_apply_remote_sync (DossierReplica     *self,
                                                   GPtrArray          *changes,
                                                   gint64              next_cursor,
                                                   DossierApplyStats  *stats,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
/* A first sync: the same, leaving the transaction open for the next page
 * (committed by a page applied without holding, by releasing the hold, by
 * any other call on the replica, or on closing). */
gboolean        dossier_replica_apply_remote_held_sync (DossierReplica     *self,
                                                        GPtrArray          *changes,
                                                        gint64              next_cursor,
                                                        DossierApplyStats  *stats,
                                                        GCancellable       *cancellable,
                                                        GError            **error);
gboolean        dossier_replica_release_hold_sync (DossierReplica     *self,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
gint64          dossier_replica_get_cursor_sync   (DossierReplica     *self,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
/* Removes acknowledged changes (ids "device:counter") from the outbox. */
gboolean        dossier_replica_ack_outbox_sync   (DossierReplica     *self,
                                                   const char *const  *change_ids,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

/* Conflicts: the losing versions of concurrently edited fields.  A GPtrArray of
 * JsonObject with kind, record_id, field, value (the loser), device, hlc,
 * detected_at, current_value, current_device and critical (TRUE for fields whose
 * loss would hurt, always shown); on a deleted record also deleted (TRUE),
 * deleted_hlc and deleted_device, the tombstone's. */
GPtrArray      *dossier_replica_list_conflicts_sync (DossierReplica  *self,
                                                     GCancellable    *cancellable,
                                                     GError         **error);
gint64          dossier_replica_count_conflicts_sync (DossierReplica  *self,
                                                      GCancellable    *cancellable,
                                                      GError         **error);
void            dossier_replica_list_conflicts_async  (DossierReplica      *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray      *dossier_replica_list_conflicts_finish (DossierReplica      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Settles every loser of one field by writing `value` (a loser's or a new one)
 * as a change that names them; the resolution syncs like any change. */
gboolean        dossier_replica_resolve_conflict_sync (DossierReplica  *self,
                                                       const char      *kind,
                                                       const char      *record_id,
                                                       const char      *field,
                                                       JsonNode        *value,
                                                       GCancellable    *cancellable,
                                                       GError         **error);
void            dossier_replica_resolve_conflict_async  (DossierReplica      *self,
                                                         const char          *kind,
                                                         const char          *record_id,
                                                         const char          *field,
                                                         JsonNode            *value,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean        dossier_replica_resolve_conflict_finish (DossierReplica      *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Settles the conflicts of a deleted record (conflicts with "deleted" TRUE:
 * edits concurrent with its delete) by deleting it again, naming them; it
 * syncs like any change.  NOT_FOUND when the record is not deleted. */
gboolean        dossier_replica_keep_deleted_sync   (DossierReplica      *self,
                                                     const char          *record_id,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
void            dossier_replica_keep_deleted_async  (DossierReplica      *self,
                                                     const char          *record_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        dossier_replica_keep_deleted_finish (DossierReplica      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Runs PRAGMA integrity_check; TRUE when it answers "ok". */
gboolean        dossier_replica_check_integrity_sync (DossierReplica *self,
                                                      GCancellable   *cancellable,
                                                      GError        **error);

G_END_DECLS
