/* dossier-server-store-sqlite-log.c: the change log and the blobs in SQLite.
 *
 * A push runs in one BEGIN IMMEDIATE transaction on the writer: the batch is
 * planned (duplicates, scopes) against the log as it stands, then written;
 * nothing of a refused batch is stored.  A pull reads one snapshot.
 */

#include "dossier-server-store-sqlite-private.h"

#include <string.h>

static gboolean
find_seq (gpointer     txn,
          const char  *change_id,
          gint64      *out_seq,
          GError     **error)
{
  DossierSqliteConn *conn = txn;
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, "SELECT seq FROM changes WHERE change_id = ?",
                                               error);
  gboolean row;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change_id, -1, SQLITE_STATIC);
  if (!dossier_sqlite_step_row (conn, stmt, &row, error))
    return FALSE;
  *out_seq = row ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
find_scope (gpointer     txn,
            const char  *record,
            char       **out_scope,
            GError     **error)
{
  DossierSqliteConn *conn = txn;
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, "SELECT scope FROM records WHERE id = ?",
                                               error);
  gboolean row;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record, -1, SQLITE_STATIC);
  if (!dossier_sqlite_step_row (conn, stmt, &row, error))
    return FALSE;
  *out_scope = row ? dossier_sqlite_column_text (stmt, 0) : NULL;
  sqlite3_reset (stmt);
  return TRUE;
}

/* The user's office ids, into `offices` (a set) and `list` (may be NULL). */
static gboolean
read_office_ids (DossierSqliteConn  *conn,
                 const char         *user_id,
                 GHashTable         *offices,
                 GPtrArray          *list,
                 GError            **error)
{
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, "SELECT office_id FROM memberships "
                                                     "WHERE user_id = ?", error);
  gboolean row = TRUE, ok = stmt != NULL;

  if (!ok)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  while (ok && row)
    {
      ok = dossier_sqlite_step_row (conn, stmt, &row, error);
      if (ok && row && offices != NULL)
        g_hash_table_add (offices, dossier_sqlite_column_text (stmt, 0));
      if (ok && row && list != NULL)
        g_ptr_array_add (list, dossier_sqlite_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  return ok;
}

static gboolean
insert_change (DossierSqliteConn          *conn,
               const DossierServerChange  *change,
               const char                 *user_id,
               gint64                      now,
               gint64                     *out_seq,
               GError                    **error)
{
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn,
    "INSERT INTO changes (change_id, scope, kind, record_id, field, hlc, device, user_id, "
    "received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->scope, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, change->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, change->record, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, change->field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, (sqlite3_int64) change->hlc);
  sqlite3_bind_text (stmt, 7, change->device, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, user_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, now);
  sqlite3_bind_text (stmt, 10, change->json, -1, SQLITE_STATIC);
  if (!dossier_sqlite_step_done (conn, stmt, "Storing a change", error))
    return FALSE;
  *out_seq = sqlite3_last_insert_rowid (conn->db);
  return TRUE;
}

static gboolean
insert_record (DossierSqliteConn          *conn,
               const DossierServerChange  *change,
               GError                    **error)
{
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, "INSERT INTO records (id, kind, scope) "
                                                     "VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, change->scope, -1, SQLITE_STATIC);
  return dossier_sqlite_step_done (conn, stmt, "Storing a record's scope", error);
}

static gboolean
write_plan (DossierSqliteConn       *conn,
            DossierServerBatchPlan  *plan,
            const char              *user_id,
            gint64                   now,
            gint64                  *out_last_seq,
            GError                 **error)
{
  for (guint i = 0; i < plan->inserts->len; i++)
    {
      if (!insert_change (conn, g_ptr_array_index (plan->inserts, i), user_id, now, out_last_seq,
                          error))
        return FALSE;
      dossier_server_batch_plan_set_seq (plan, i, *out_last_seq);
    }
  for (guint i = 0; i < plan->new_records->len; i++)
    if (!insert_record (conn, g_ptr_array_index (plan->new_records, i), error))
      return FALSE;
  return TRUE;
}

GArray *
dossier_sqlite_push (DossierServerStore  *store,
                     const char          *user_id,
                     GPtrArray           *changes,
                     gint64               now,
                     GPtrArray           *forbidden,
                     GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  g_auto(DossierServerBatchPlan) plan = { 0 };
  g_autoptr(GHashTable) offices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DossierSqliteConn *conn;
  gint64 last_seq = 0;
  gboolean ok;

  if ((conn = dossier_sqlite_lock_writer (self, error)) == NULL)
    return NULL;
  ok = read_office_ids (conn, user_id, offices, NULL, error)
       && dossier_server_batch_plan (&plan, changes, offices, find_seq, find_scope, conn,
                                     forbidden, error)
       && write_plan (conn, &plan, user_id, now, &last_seq, error);
  if (!dossier_sqlite_unlock_writer (self, ok, error))
    return NULL;

  if (plan.inserts->len > 0)
    {
      g_ptr_array_add (plan.scopes, NULL);
      dossier_server_store_changes_accepted (store, (const char *const *) plan.scopes->pdata,
                                             last_seq);
    }
  return dossier_server_batch_plan_finish (&plan);
}

/* Up to limit + 1 changes after `since` in the user's scopes. */
static GPtrArray *
read_changes (DossierSqliteConn  *conn,
              const char         *user_id,
              gint64              since,
              guint               limit,
              GError            **error)
{
  /* "+scope" keeps the planner on the seq order: a page is then a short
   * range scan, not a sort of every change of the user's offices. */
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn,
    "SELECT seq, body FROM changes WHERE seq > ?1 AND (+scope = '*' OR +scope IN "
    "(SELECT office_id FROM memberships WHERE user_id = ?2)) ORDER BY seq LIMIT ?3", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dossier_server_log_entry_free);
  gboolean row = TRUE, ok = stmt != NULL;

  if (!ok)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) limit + 1);
  while (ok && row)
    {
      DossierServerLogEntry *entry;

      if (!(ok = dossier_sqlite_step_row (conn, stmt, &row, error)) || !row)
        break;
      entry = g_new0 (DossierServerLogEntry, 1);
      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->json = dossier_sqlite_column_text (stmt, 1);
      g_ptr_array_add (rows, entry);
    }
  sqlite3_reset (stmt);
  return ok ? g_steal_pointer (&rows) : NULL;
}

static gboolean
read_last_seq (DossierSqliteConn  *conn,
               gint64             *out_seq,
               GError            **error)
{
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, "SELECT max(seq) FROM changes", error);
  gboolean row;

  if (stmt == NULL || !dossier_sqlite_step_row (conn, stmt, &row, error))
    return FALSE;
  *out_seq = row ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

DossierServerPage *
dossier_sqlite_pull (DossierServerStore  *store,
                     const char          *user_id,
                     gint64               since,
                     guint                limit,
                     GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = NULL;
  DossierSqliteConn *conn = dossier_sqlite_take_reader (self, error);
  gint64 last_seq = 0;
  gboolean ok;

  if (conn == NULL)
    return NULL;
  ok = read_office_ids (conn, user_id, NULL, scopes, error)
       && (rows = read_changes (conn, user_id, since, limit, error)) != NULL
       && read_last_seq (conn, &last_seq, error);
  dossier_sqlite_give_reader (self, conn);
  if (!ok)
    return NULL;
  return dossier_server_page_new (g_steal_pointer (&rows), limit, since, last_seq,
                                  g_steal_pointer (&scopes));
}

/* --- Blobs ------------------------------------------------------------- */

static gboolean
load_blob (gpointer                  txn,
           const char               *sha256,
           DossierServerBlobStatus  *out_status,
           gboolean                 *out_found,
           GError                  **error)
{
  DossierSqliteConn *conn = txn;
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, "SELECT size, received, complete FROM blobs "
                                                     "WHERE sha256 = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  if (!dossier_sqlite_step_row (conn, stmt, out_found, error))
    return FALSE;
  if (*out_found)
    {
      out_status->size = sqlite3_column_int64 (stmt, 0);
      out_status->received = sqlite3_column_int64 (stmt, 1);
      out_status->complete = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
blob_not_found (const char  *sha256,
                GError     **error)
{
  g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND,
               "The server has no blob %s", sha256);
  return FALSE;
}

gboolean
dossier_sqlite_blob_status (DossierServerStore       *store,
                            const char               *sha256,
                            DossierServerBlobStatus  *out_status,
                            GError                  **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn = dossier_sqlite_take_reader (self, error);
  gboolean found = FALSE, ok;

  if (conn == NULL)
    return FALSE;
  ok = load_blob (conn, sha256, out_status, &found, error);
  dossier_sqlite_give_reader (self, conn);
  return ok && (found || blob_not_found (sha256, error));
}

/* Runs `sql`, whose first parameter is the blob's hash. */
static gboolean
blob_exec (DossierSqliteConn  *conn,
           const char         *sql,
           const char         *sha256,
           GError            **error)
{
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  return dossier_sqlite_step_done (conn, stmt, "Writing a blob", error);
}

static gboolean
start_blob (gpointer     txn,
            const char  *sha256,
            gint64       size,
            gint64       now,
            GError     **error)
{
  DossierSqliteConn *conn = txn;
  sqlite3_stmt *stmt;

  if (!blob_exec (conn, "DELETE FROM blob_chunks WHERE sha256 = ?", sha256, error))
    return FALSE;
  stmt = dossier_sqlite_prepare (conn, "INSERT OR REPLACE INTO blobs (sha256, size, received, "
                                       "complete, created_at, updated_at) "
                                       "VALUES (?, ?, 0, 0, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, size);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now);
  return dossier_sqlite_step_done (conn, stmt, "Starting a blob", error);
}

static gboolean
store_chunk (gpointer                        txn,
             const char                     *sha256,
             gint64                          offset,
             GBytes                         *chunk,
             const DossierServerBlobStatus  *status,
             gint64                          now,
             GError                        **error)
{
  DossierSqliteConn *conn = txn;
  sqlite3_stmt *stmt;

  if (g_bytes_get_size (chunk) > 0)
    {
      stmt = dossier_sqlite_prepare (conn, "INSERT INTO blob_chunks (sha256, chunk_offset, data) "
                                           "VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, offset);
      sqlite3_bind_blob64 (stmt, 3, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk),
                           SQLITE_STATIC);
      if (!dossier_sqlite_step_done (conn, stmt, "Storing blob bytes", error))
        return FALSE;
    }
  stmt = dossier_sqlite_prepare (conn, "UPDATE blobs SET received = ?2, complete = ?3, "
                                       "updated_at = ?4 WHERE sha256 = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, status->received);
  sqlite3_bind_int (stmt, 3, status->complete);
  sqlite3_bind_int64 (stmt, 4, now);
  return dossier_sqlite_step_done (conn, stmt, "Storing blob bytes", error);
}

static gboolean
hash_matches (gpointer     txn,
              const char  *sha256,
              gboolean    *out_matches,
              GError     **error)
{
  DossierSqliteConn *conn = txn;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, "SELECT data FROM blob_chunks "
                                                     "WHERE sha256 = ? ORDER BY chunk_offset",
                                               error);
  gboolean row = TRUE, ok = stmt != NULL;

  if (!ok)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  while (ok && row)
    {
      ok = dossier_sqlite_step_row (conn, stmt, &row, error);
      if (ok && row)
        g_checksum_update (checksum, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
    }
  sqlite3_reset (stmt);
  *out_matches = ok && strcmp (g_checksum_get_string (checksum), sha256) == 0;
  return ok;
}

static gboolean
discard_blob (gpointer     txn,
              const char  *sha256,
              GError     **error)
{
  return blob_exec (txn, "DELETE FROM blob_chunks WHERE sha256 = ?", sha256, error)
         && blob_exec (txn, "DELETE FROM blobs WHERE sha256 = ?", sha256, error);
}

static const DossierServerBlobOps blob_ops = {
  load_blob, start_blob, store_chunk, hash_matches, discard_blob,
};

gboolean
dossier_sqlite_blob_append (DossierServerStore       *store,
                            const char               *sha256,
                            gint64                    offset,
                            gint64                    size,
                            GBytes                   *chunk,
                            gint64                    now,
                            DossierServerBlobStatus  *out_status,
                            GError                  **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn = dossier_sqlite_lock_writer (self, error);
  gboolean discarded = FALSE, ok;

  if (conn == NULL)
    return FALSE;
  ok = dossier_server_blob_append_locked (&blob_ops, conn, sha256, offset, size, chunk, now,
                                          out_status, &discarded, error);
  if (!dossier_sqlite_unlock_writer (self, ok, error))
    return FALSE;
  return !discarded || dossier_server_blob_mismatch (sha256, error);
}

static GBytes *
read_chunks (DossierSqliteConn  *conn,
             const char         *sha256,
             gint64              offset,
             gint64              size,
             GError            **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_sized_new (size - offset);
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn,
    "SELECT chunk_offset, data FROM blob_chunks WHERE sha256 = ?1 "
    "AND chunk_offset + length(data) > ?2 ORDER BY chunk_offset", error);
  gboolean row = TRUE, ok = stmt != NULL;

  if (!ok)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, offset);
  while (ok && row)
    {
      gint64 start;

      if (!(ok = dossier_sqlite_step_row (conn, stmt, &row, error)) || !row)
        break;
      start = sqlite3_column_int64 (stmt, 0);
      g_byte_array_append (bytes, (const guint8 *) sqlite3_column_blob (stmt, 1) + MAX (offset - start, 0),
                           sqlite3_column_bytes (stmt, 1) - MAX (offset - start, 0));
    }
  sqlite3_reset (stmt);
  return ok ? g_byte_array_free_to_bytes (g_steal_pointer (&bytes)) : NULL;
}

GBytes *
dossier_sqlite_blob_read (DossierServerStore  *store,
                          const char          *sha256,
                          gint64               offset,
                          gint64              *out_size,
                          GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn = dossier_sqlite_take_reader (self, error);
  DossierServerBlobStatus status;
  GBytes *bytes = NULL;
  gboolean found = FALSE, ok;

  if (conn == NULL)
    return NULL;
  ok = load_blob (conn, sha256, &status, &found, error);
  if (ok && (!found || !status.complete))
    ok = blob_not_found (sha256, error);
  else if (ok && offset > status.size)
    ok = (g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
                       "The blob has only %" G_GINT64_FORMAT " bytes", status.size), FALSE);
  if (ok)
    bytes = read_chunks (conn, sha256, offset, status.size, error);
  dossier_sqlite_give_reader (self, conn);
  if (bytes != NULL && out_size != NULL)
    *out_size = status.size;
  return bytes;
}
