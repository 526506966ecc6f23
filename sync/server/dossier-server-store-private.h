/* dossier-server-store-private.h: what the storage backends share. */
#pragma once

#include "dossier-server-store.h"

G_BEGIN_DECLS

DossierServerStore *dossier_server_store_sqlite_new (const char  *path,
                                                     GError     **error);
DossierServerStore *dossier_server_store_pg_new     (const char  *conninfo,
                                                     GError     **error);

gint64              dossier_server_now              (void);

/* Lookups a backend answers inside the transaction of a push. */
typedef gboolean (*DossierServerFindSeq)   (gpointer     txn,
                                            const char  *change_id,
                                            gint64      *out_seq,     /* 0: not found */
                                            GError     **error);
typedef gboolean (*DossierServerFindScope) (gpointer     txn,
                                            const char  *record,
                                            char       **out_scope,   /* NULL: new record */
                                            GError     **error);

/* What a batch does, decided before anything is written. */
typedef struct
{
  GArray    *results;      /* DossierServerPushResult; accepted ones get their seq later */
  GPtrArray *inserts;      /* DossierServerChange (borrowed): the accepted changes, in order */
  GArray    *insert_rows;  /* guint: the result index of each insert */
  GArray    *copy_from;    /* gint: for a repeat within the batch, the result it repeats; else -1 */
  GPtrArray *new_records;  /* DossierServerChange (borrowed): first change of each new record */
  GPtrArray *scopes;       /* char *: distinct scopes of the accepted changes */
} DossierServerBatchPlan;

gboolean dossier_server_batch_plan        (DossierServerBatchPlan *plan,
                                           GPtrArray              *changes,
                                           GHashTable             *offices,
                                           DossierServerFindSeq    find_seq,
                                           DossierServerFindScope  find_scope,
                                           gpointer                txn,
                                           GPtrArray              *forbidden,
                                           GError                **error);
void     dossier_server_batch_plan_set_seq (DossierServerBatchPlan *plan,
                                           guint                   insert_index,
                                           gint64                  seq);
GArray  *dossier_server_batch_plan_finish (DossierServerBatchPlan *plan);
void     dossier_server_batch_plan_clear  (DossierServerBatchPlan *plan);

/* Page bookkeeping shared by the backends: `rows` holds up to limit + 1 entries. */
DossierServerPage *dossier_server_page_new (GPtrArray *rows,
                                            guint      limit,
                                            gint64     since,
                                            gint64     last_seq,
                                            GPtrArray *scopes);

/* Blob steps a backend answers inside its write transaction. */
typedef struct
{
  gboolean (*load)         (gpointer                  txn,
                            const char               *sha256,
                            DossierServerBlobStatus  *out_status,
                            gboolean                 *out_found,
                            GError                  **error);
  /* Forgets any bytes and records a new upload of `size` bytes. */
  gboolean (*start)        (gpointer                  txn,
                            const char               *sha256,
                            gint64                    size,
                            gint64                    now,
                            GError                  **error);
  /* Stores the chunk (if not empty) and `status`. */
  gboolean (*store_chunk)  (gpointer                  txn,
                            const char               *sha256,
                            gint64                    offset,
                            GBytes                   *chunk,
                            const DossierServerBlobStatus *status,
                            gint64                    now,
                            GError                  **error);
  gboolean (*hash_matches) (gpointer                  txn,
                            const char               *sha256,
                            gboolean                 *out_matches,
                            GError                  **error);
  gboolean (*discard)      (gpointer                  txn,
                            const char               *sha256,
                            GError                  **error);
} DossierServerBlobOps;

gboolean dossier_server_blob_append_locked (const DossierServerBlobOps  *ops,
                                            gpointer                     txn,
                                            const char                  *sha256,
                                            gint64                       offset,
                                            gint64                       size,
                                            GBytes                      *chunk,
                                            gint64                       now,
                                            DossierServerBlobStatus     *status,
                                            gboolean                    *out_discarded,
                                            GError                     **error);
gboolean dossier_server_blob_mismatch      (const char                  *sha256,
                                            GError                     **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DossierServerBatchPlan, dossier_server_batch_plan_clear)

G_END_DECLS
