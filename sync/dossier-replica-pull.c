/* dossier-replica-pull.c: a pulled page's transaction, and the cursor.
 *
 * A page is merged by dossier-replica-apply.c; here it gets its
 * transaction, which stores the pull cursor with the changes it covers.  A
 * first sync may hold that transaction open from one page to the next
 * (dossier_replica_apply_remote_held_sync()): see the worker's side in
 * dossier_replica_state_release_hold().  Also the cursor as read by the
 * engine, and the outbox changes the server acknowledged.
 */

#include "dossier-replica-private.h"

typedef struct
{
  GPtrArray         *changes;
  gint64             next_cursor;
  gboolean           hold;        /* leave the transaction open for the next page */
  DossierApplyStats  stats;
} PullData;

gboolean
dossier_replica_state_store_cursor (DossierReplicaState  *state,
                                    gint64                cursor,
                                    GError              **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('cursor', ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cursor);
  return dossier_replica_step_done (state, stmt, "Storing the sync cursor", error);
}

gboolean
dossier_replica_state_read_cursor (DossierReplicaState  *state,
                                   gint64               *out_cursor,
                                   GError              **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT value FROM sync_state WHERE key = 'cursor'", error);

  *out_cursor = 0;
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *out_cursor = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* A first sync applies pages of many thousand records (dossier-sync-engine.c)
 * at random places of every index: with the usual cache, pages are read,
 * decrypted, written and read again within one transaction.  A larger cache
 * for such a page only; the usual size comes back after it (or, when the
 * transaction is held open, once it is committed). */
#define LARGE_PAGE 25000
#define LARGE_PAGE_CACHE "-131072"

/* Applies the page in the transaction a previous page held open, or in a
 * new one; commits it unless asked to hold it (`data->hold`).  A commit
 * writes (and encrypts) every database page the transaction changed: on a
 * first sync, whose records land all over every index, most of the file,
 * and holding several pulled pages in one transaction writes each of them
 * once rather than once a page.  Nothing is lost by it: the cursor is
 * stored in the same transaction as the pages it covers. */
void
dossier_replica_apply_job (DossierReplicaState *state,
                           GTask               *task,
                           gpointer             task_data,
                           GCancellable        *cancellable)
{
  PullData *data = task_data;
  GError *error = NULL;
  gboolean large = data->changes->len > LARGE_PAGE || data->hold || state->holding;
  gboolean ok;

  if (large)
    dossier_replica_state_exec (state, "PRAGMA cache_size = " LARGE_PAGE_CACHE, NULL);
  ok = (state->holding || dossier_replica_state_begin (state, &error))
       && dossier_replica_state_apply_page (state, data->changes, data->next_cursor, &data->stats,
                                            &error);
  if (ok && data->hold)
    state->holding = TRUE;
  else if (ok)
    {
      state->holding = FALSE;
      ok = dossier_replica_state_commit (state, &error);
    }
  if (!ok)
    dossier_replica_state_rollback (state);   /* with every page held so far */
  if (large && !state->holding)
    dossier_replica_state_exec (state, "PRAGMA cache_size = " DOSSIER_REPLICA_CACHE_SIZE, NULL);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
apply_remote (DossierReplica     *self,
              GPtrArray          *changes,
              gint64              next_cursor,
              gboolean            hold,
              DossierApplyStats  *stats,
              GCancellable       *cancellable,
              GError            **error)
{
  PullData *data = g_new0 (PullData, 1);
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  data->changes = g_ptr_array_ref (changes);
  data->next_cursor = next_cursor;
  data->hold = hold;
  result = dossier_replica_run_job_sync (self, dossier_replica_apply_job, data, NULL, cancellable);
  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (ok && stats != NULL)
    *stats = data->stats;
  g_ptr_array_unref (data->changes);
  g_free (data);
  return ok;
}

/**
 * dossier_replica_apply_remote_sync:
 * @changes: (element-type DossierChange): one pulled page, in server order
 * @next_cursor: the cursor to store with it
 * @stats: (out) (optional): what the page did
 *
 * Merges a pulled page into the replica and stores the cursor, in one transaction.
 */
gboolean
dossier_replica_apply_remote_sync (DossierReplica     *self,
                                   GPtrArray          *changes,
                                   gint64              next_cursor,
                                   DossierApplyStats  *stats,
                                   GCancellable       *cancellable,
                                   GError            **error)
{
  return apply_remote (self, changes, next_cursor, FALSE, stats, cancellable, error);
}

/**
 * dossier_replica_apply_remote_held_sync:
 * @changes: (element-type DossierChange): one pulled page, in server order
 * @next_cursor: the cursor to store with it
 * @stats: (out) (optional): what the page did
 *
 * Like dossier_replica_apply_remote_sync(), but leaves the transaction open
 * for the next page to continue in.  It is committed by the next page
 * applied without holding, by dossier_replica_release_hold_sync(), before
 * any other job of the replica runs, and when the replica closes; a crash
 * before then loses the held pages and their cursor together (they are
 * pulled again).  If a page fails, every page held with it is rolled back.
 */
gboolean
dossier_replica_apply_remote_held_sync (DossierReplica     *self,
                                        GPtrArray          *changes,
                                        gint64              next_cursor,
                                        DossierApplyStats  *stats,
                                        GCancellable       *cancellable,
                                        GError            **error)
{
  return apply_remote (self, changes, next_cursor, TRUE, stats, cancellable, error);
}

void
dossier_replica_release_hold_job (DossierReplicaState *state,
                                  GTask               *task,
                                  gpointer             task_data,
                                  GCancellable        *cancellable)
{
  GError *error = NULL;

  if (dossier_replica_state_release_hold (state, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Commits the pages dossier_replica_apply_remote_held_sync() held, if any. */
gboolean
dossier_replica_release_hold_sync (DossierReplica  *self,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, dossier_replica_release_hold_job, NULL, NULL,
                                                                 cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dossier_replica_cursor_job (DossierReplicaState *state,
                            GTask               *task,
                            gpointer             task_data,
                            GCancellable        *cancellable)
{
  GError *error = NULL;
  gint64 cursor;

  if (dossier_replica_state_read_cursor (state, &cursor, &error))
    g_task_return_int (task, cursor);
  else
    g_task_return_error (task, error);
}

gint64
dossier_replica_get_cursor_sync (DossierReplica  *self,
                                 GCancellable    *cancellable,
                                 GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, dossier_replica_cursor_job, NULL, NULL,
                                                                 cancellable);
  return g_task_propagate_int (G_TASK (result), error);
}

static void
ack_job (DossierReplicaState *state,
         GTask               *task,
         gpointer             task_data,
         GCancellable        *cancellable)
{
  const char *const *ids = task_data;
  GError *error = NULL;
  gboolean ok = dossier_replica_state_begin (state, &error);

  for (guint i = 0; ok && ids[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
        "DELETE FROM outbox WHERE change_id = ?", &error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_STATIC);
          ok = dossier_replica_step_done (state, stmt, "Clearing the outbox", &error);
        }
    }
  if (ok && dossier_replica_state_commit (state, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  dossier_replica_state_rollback (state);
  g_task_return_error (task, error);
}

gboolean
dossier_replica_ack_outbox_sync (DossierReplica     *self,
                                 const char *const  *change_ids,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, ack_job,
                                                                 g_strdupv ((char **) change_ids),
                                                                 (GDestroyNotify) g_strfreev,
                                                                 cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}
