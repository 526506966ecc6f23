/* dossier-replica-private.h: what the replica's worker thread shares between
 * the files that implement its jobs (records, search, later the sync engine).
 * Everything here runs on the worker thread only.
 */
#pragma once

#include <sqlcipher/sqlite3.h>

#include "dossier-model.h"
#include "dossier-replica.h"

G_BEGIN_DECLS

/* The page cache of a replica's connection (PRAGMA cache_size: 32 MB). */
#define DOSSIER_REPLICA_CACHE_SIZE "-32768"

typedef struct
{
  gatomicrefcount  ref_count;
  char            *path;
  sqlite3         *db;
  GHashTable      *statements;    /* SQL text -> sqlite3_stmt*, prepared once */
  DossierHlcClock *clock;
  char            *device_id;
  gint64           counter;       /* last per-device counter used */
  gboolean         search_stale;  /* search_stale may have rows: flush after the job */
  GMutex           hook_lock;
  GFunc            change_hook;   /* called on the worker after local changes commit */
  gpointer         change_hook_data;
  gboolean         holding;       /* a first sync's transaction is open (see below) */
} DossierReplicaState;

/* A job runs on the worker thread and returns its result through the GTask. */
typedef void (*DossierReplicaJobFunc) (DossierReplicaState *state,
                                       GTask               *task,
                                       gpointer             task_data,
                                       GCancellable        *cancellable);

void          dossier_replica_queue_job          (DossierReplica        *self,
                                                  GTask                 *task,
                                                  DossierReplicaJobFunc  func);

GAsyncResult *dossier_replica_run_job_sync       (DossierReplica        *self,
                                                  DossierReplicaJobFunc  func,
                                                  gpointer               task_data,
                                                  GDestroyNotify         destroy,
                                                  GCancellable          *cancellable);

sqlite3_stmt *dossier_replica_state_prepare      (DossierReplicaState   *state,
                                                  const char            *sql,
                                                  GError               **error);
gboolean      dossier_replica_state_exec         (DossierReplicaState   *state,
                                                  const char            *sql,
                                                  GError               **error);
gint64        dossier_replica_state_stored_counter (DossierReplicaState *state);
void          dossier_replica_state_flush_search (DossierReplicaState   *state);
/* Merging a pulled page (dossier-replica-apply.c) in the caller's
 * transaction, with the cursor it stores (dossier-replica-pull.c). */
gboolean      dossier_replica_state_apply_page   (DossierReplicaState   *state,
                                                  GPtrArray             *changes,
                                                  gint64                 next_cursor,
                                                  DossierApplyStats     *stats,
                                                  GError               **error);
gboolean      dossier_replica_state_read_cursor  (DossierReplicaState   *state,
                                                  gint64                *out_cursor,
                                                  GError               **error);
gboolean      dossier_replica_state_store_cursor (DossierReplicaState   *state,
                                                  gint64                 cursor,
                                                  GError               **error);

/* A first sync may leave its transaction open after a pulled page, for the
 * next page to continue in it (dossier-replica-apply.c).  Only applying a
 * page and keeping scopes continue it, a few reads run inside it, and
 * releasing it commits it: the worker commits it before any other job
 * runs, and before the database closes. */
gboolean      dossier_replica_state_release_hold (DossierReplicaState   *state,
                                                  GError               **error);
void          dossier_replica_apply_job          (DossierReplicaState   *state,
                                                  GTask                 *task,
                                                  gpointer               task_data,
                                                  GCancellable          *cancellable);
void          dossier_replica_keep_scopes_job    (DossierReplicaState   *state,
                                                  GTask                 *task,
                                                  gpointer               task_data,
                                                  GCancellable          *cancellable);
void          dossier_replica_release_hold_job   (DossierReplicaState   *state,
                                                  GTask                 *task,
                                                  gpointer               task_data,
                                                  GCancellable          *cancellable);
/* Reads that may run inside the held transaction (progress, counts). */
void          dossier_replica_cursor_job         (DossierReplicaState   *state,
                                                  GTask                 *task,
                                                  gpointer               task_data,
                                                  GCancellable          *cancellable);
void          dossier_replica_scalar_job         (DossierReplicaState   *state,
                                                  GTask                 *task,
                                                  gpointer               task_data,
                                                  GCancellable          *cancellable);
gboolean      dossier_replica_state_begin        (DossierReplicaState   *state,
                                                  GError               **error);
gboolean      dossier_replica_state_commit       (DossierReplicaState   *state,
                                                  GError               **error);
void          dossier_replica_state_rollback     (DossierReplicaState   *state);
void          dossier_replica_set_sqlite_error   (GError               **error,
                                                  sqlite3               *db,
                                                  const char            *what);

/* Conversions between JSON values and SQLite columns, by field type. */
JsonNode     *dossier_replica_column_to_json     (sqlite3_stmt          *stmt,
                                                  int                    column,
                                                  DossierFieldType       type);
int           dossier_replica_bind_json          (sqlite3_stmt          *stmt,
                                                  int                    index,
                                                  DossierFieldType       type,
                                                  JsonNode              *value);
char         *dossier_replica_json_to_text       (JsonNode              *value);

/* Rows of a kind: "SELECT id, <every field> FROM <table> <tail>". */
char         *dossier_replica_select_sql         (const DossierKindSpec *kind,
                                                  const char            *tail);
JsonObject   *dossier_replica_row_to_object      (const DossierKindSpec *kind,
                                                  sqlite3_stmt          *stmt);
JsonObject   *dossier_replica_state_load_row     (DossierReplicaState   *state,
                                                  const DossierKindSpec *kind,
                                                  const char            *id,
                                                  GError               **error);
gboolean      dossier_replica_step_done          (DossierReplicaState   *state,
                                                  sqlite3_stmt          *stmt,
                                                  const char            *what,
                                                  GError               **error);

/* Outbox changes of a case, its applicant and its set members
 * (dossier-replica-pending.h says which). */
gboolean      dossier_replica_state_count_case_pending (DossierReplicaState  *state,
                                                        const char           *case_id,
                                                        gint64               *out_count,
                                                        GError              **error);
gboolean      dossier_replica_state_outbox_is_empty (DossierReplicaState  *state,
                                                     gboolean             *out_empty,
                                                     GError              **error);
gboolean      dossier_replica_state_case_has_pending (DossierReplicaState  *state,
                                                      const char           *case_id,
                                                      gboolean             *out_pending,
                                                      GError              **error);

/* Local change capture: one outbox change and field clock (with its base). */
gboolean      dossier_replica_state_write_change (DossierReplicaState   *state,
                                                  const char            *kind,
                                                  const char            *id,
                                                  const char            *field,
                                                  JsonNode              *value,
                                                  JsonNode              *resolves,
                                                  GError               **error);
gboolean      dossier_replica_state_persist_identity (DossierReplicaState *state,
                                                      GError             **error);
void          dossier_replica_state_restore_counter  (DossierReplicaState *state);

GPtrArray    *dossier_replica_state_list_outbox  (DossierReplicaState   *state,
                                                  guint                  limit,
                                                  GError               **error);

gboolean      dossier_replica_state_is_tombstoned (DossierReplicaState *state,
                                                   const char          *id);
/* The office a record belongs to, as the server sees it; kept once known. */
gboolean      dossier_replica_state_remember_scope (DossierReplicaState *state,
                                                    const char          *record_id,
                                                    const char          *scope,
                                                    GError             **error);

/* Tells whoever listens (the sync engine) that local changes were committed. */
void          dossier_replica_state_notify_local_change (DossierReplicaState *state);

/* The clocks of one record's fields (record_clocks, dossier-replica-clocks.c).
 * Strings are interned. */
typedef struct
{
  const char *field;
  DossierHlc  hlc;
  const char *device;
  DossierHlc  base_hlc;
  const char *base_device;        /* NULL: written over nothing */
} DossierFieldClock;

typedef struct
{
  char       *record_id;
  DossierHlc  hlc;                /* the record's clock: its first field's */
  const char *device;             /* NULL until a field has a clock */
  GArray     *fields;             /* DossierFieldClock */
  gboolean    stored;
  gboolean    dirty;
} DossierRecordClocks;

DossierRecordClocks     *dossier_record_clocks_new    (const char                *record_id);
void                     dossier_record_clocks_free   (DossierRecordClocks       *clocks);
DossierRecordClocks     *dossier_record_clocks_load   (DossierReplicaState       *state,
                                                       const char                *record_id,
                                                       GError                   **error);
const DossierFieldClock *dossier_record_clocks_lookup (const DossierRecordClocks *clocks,
                                                       const char                *field);
void                     dossier_record_clocks_set    (DossierRecordClocks       *clocks,
                                                       const char                *field,
                                                       DossierHlc                 hlc,
                                                       const char                *device,
                                                       DossierHlc                 base_hlc,
                                                       const char                *base_device);
gboolean                 dossier_record_clocks_save   (DossierReplicaState       *state,
                                                       DossierRecordClocks       *clocks,
                                                       GError                   **error);
gboolean      dossier_replica_state_set_field_clock (DossierReplicaState   *state,
                                                     const char            *record_id,
                                                     const char            *field,
                                                     DossierHlc             hlc,
                                                     const char            *device,
                                                     DossierHlc             base_hlc,
                                                     const char            *base_device,
                                                     GError               **error);

/* Keeps the full-text index of one record in step with its row. */
gboolean      dossier_replica_state_index_record (DossierReplicaState   *state,
                                                  const DossierKindSpec *kind,
                                                  const char            *id,
                                                  GError               **error);
gboolean      dossier_replica_state_index_new_record (DossierReplicaState    *state,
                                                      const DossierKindSpec  *kind,
                                                      const char             *id,
                                                      JsonNode *const        *values,
                                                      GError                **error);
gboolean      dossier_replica_state_unindex_record (DossierReplicaState *state,
                                                    const char          *id,
                                                    GError             **error);

/* Helpers for the synchronous wrappers: run an async call on a private context. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} DossierSyncWait;

void          dossier_sync_wait_begin            (DossierSyncWait       *wait);
void          dossier_sync_wait_cb               (GObject               *source,
                                                  GAsyncResult          *result,
                                                  gpointer               user_data);
GAsyncResult *dossier_sync_wait_end              (DossierSyncWait       *wait);

G_END_DECLS
