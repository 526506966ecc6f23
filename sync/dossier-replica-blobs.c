/* dossier-replica-blobs.c: attachment bytes inside the encrypted replica.
 *
 * Content-addressed by SHA-256 and kept in chunks: a scan added from a file is
 * hashed first, then stored in one transaction; a download arrives chunk by
 * chunk at the offset where the last one stopped, and the chunk that completes
 * it is checked against the hash before the blob counts as present.
 */

#include "dossier-replica-private.h"

#include <string.h>

#define CHUNK_SIZE (256 * 1024)

typedef struct
{
  char   *sha256;
  GFile  *file;
  gint64  size;
  gint64  offset;
  GBytes *chunk;
} BlobData;

static void
blob_data_free (BlobData *data)
{
  g_free (data->sha256);
  g_clear_object (&data->file);
  g_clear_pointer (&data->chunk, g_bytes_unref);
  g_free (data);
}

void
dossier_blob_info_free (DossierBlobInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->sha256);
  g_free (info);
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static gboolean
set_io_error (GError     **error,
              GError      *cause,
              const char  *what)
{
  g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_IO, "%s: %s", what,
               cause->message);
  g_error_free (cause);
  return FALSE;
}

/* Reads `file` chunk by chunk, calling `each` (may be NULL) and hashing it. */
static char *
read_file_chunks (GFile         *file,
                  gboolean     (*each) (DossierReplicaState *, const char *, gint64, GBytes *, GError **),
                  DossierReplicaState *state,
                  const char    *sha256,
                  gint64        *out_size,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GFileInputStream) input = NULL;
  GError *local_error = NULL;
  gint64 offset = 0;

  if ((input = g_file_read (file, cancellable, &local_error)) == NULL)
    return set_io_error (error, local_error, "Reading the file"), NULL;
  for (;;)
    {
      g_autoptr(GBytes) chunk = g_input_stream_read_bytes (G_INPUT_STREAM (input), CHUNK_SIZE,
                                                           cancellable, &local_error);
      if (chunk == NULL)
        return set_io_error (error, local_error, "Reading the file"), NULL;
      if (g_bytes_get_size (chunk) == 0)
        break;
      g_checksum_update (checksum, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      if (each != NULL && !each (state, sha256, offset, chunk, error))
        return NULL;
      offset += g_bytes_get_size (chunk);
    }
  *out_size = offset;
  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
insert_chunk (DossierReplicaState *state,
              const char          *sha256,
              gint64               offset,
              GBytes              *chunk,
              GError             **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "INSERT INTO blob_chunks (sha256, offset, data) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, offset);
  sqlite3_bind_blob64 (stmt, 3, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk),
                       SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Storing attachment bytes", error);
}

static DossierBlobInfo *
load_info (DossierReplicaState *state,
           const char          *sha256,
           GError             **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT size, received, complete FROM blobs WHERE sha256 = ?", error);
  DossierBlobInfo *info = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      info = g_new0 (DossierBlobInfo, 1);
      info->sha256 = g_strdup (sha256);
      info->size = sqlite3_column_int64 (stmt, 0);
      info->received = sqlite3_column_int64 (stmt, 1);
      info->complete = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  return info;
}

static gboolean
exec_for_blob (DossierReplicaState *state,
               const char          *sql,
               const char          *sha256,
               gint64               number,
               GError             **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, number);
  return dossier_replica_step_done (state, stmt, "Updating attachment bytes", error);
}

static gboolean
store_file (DossierReplicaState *state,
            BlobData            *data,
            const char          *sha256,
            gint64               size,
            GCancellable        *cancellable,
            GError             **error)
{
  g_autofree char *again = NULL;
  gint64 size_again = 0;

  if (!exec_for_blob (state, "DELETE FROM blob_chunks WHERE sha256 = ?1 AND ?2 >= 0", sha256, 0,
                      error)
      || !exec_for_blob (state,
                         "INSERT OR REPLACE INTO blobs (sha256, size, received, complete, added_at) "
                         "VALUES (?1, ?2, ?2, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                         sha256, size, error))
    return FALSE;
  again = read_file_chunks (data->file, insert_chunk, state, sha256, &size_again, cancellable, error);
  if (again == NULL)
    return FALSE;
  if (strcmp (again, sha256) != 0 || size_again != size)
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_IO,
                   "The file changed while it was being added; try again");
      return FALSE;
    }
  return TRUE;
}

static void
add_blob_job (DossierReplicaState *state,
              GTask               *task,
              gpointer             task_data,
              GCancellable        *cancellable)
{
  BlobData *data = task_data;
  g_autoptr(DossierBlobInfo) info = NULL;
  g_autofree char *sha256 = NULL;
  GError *error = NULL;
  gint64 size = 0;

  /* Hash first (outside any transaction), so existing bytes are not stored twice. */
  if ((sha256 = read_file_chunks (data->file, NULL, state, NULL, &size, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  info = load_info (state, sha256, NULL);
  if (info != NULL && info->complete)
    {
      g_task_return_pointer (task, g_steal_pointer (&sha256), g_free);
      return;
    }
  if (dossier_replica_state_begin (state, &error)
      && store_file (state, data, sha256, size, cancellable, &error)
      && dossier_replica_state_commit (state, &error))
    {
      g_task_return_pointer (task, g_steal_pointer (&sha256), g_free);
      return;
    }
  dossier_replica_state_rollback (state);
  g_task_return_error (task, error);
}

void
dossier_replica_add_blob_async (DossierReplica      *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  BlobData *data = g_new0 (BlobData, 1);

  g_task_set_source_tag (task, dossier_replica_add_blob_async);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) blob_data_free);
  dossier_replica_queue_job (self, task, add_blob_job);
}

/**
 * dossier_replica_add_blob_finish:
 *
 * Returns: (transfer full): the SHA-256 of the added bytes, in lower-case hex
 */
char *
dossier_replica_add_blob_finish (DossierReplica  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
dossier_replica_add_blob_sync (DossierReplica  *self,
                               GFile           *file,
                               GCancellable    *cancellable,
                               GError         **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_replica_add_blob_async (self, file, cancellable, dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_replica_add_blob_finish (self, result, error);
}

/* Calls `each` for every stored chunk from `from` on, in order; hashes them all. */
static char *
walk_chunks (DossierReplicaState *state,
             const char          *sha256,
             gboolean           (*each) (gconstpointer, gsize, gpointer, GError **),
             gpointer             user_data,
             GError             **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* A private statement: `each` may itself run cached statements. */
  if (sqlite3_prepare_v2 (state->db, "SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY offset",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      dossier_replica_set_sqlite_error (error, state->db, "Reading attachment bytes");
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gconstpointer bytes = sqlite3_column_blob (stmt, 0);
      gsize size = sqlite3_column_bytes (stmt, 0);
      g_checksum_update (checksum, bytes, size);
      if (each != NULL && !each (bytes, size, user_data, error))
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
    }
  if (rc != SQLITE_DONE)
    dossier_replica_set_sqlite_error (error, state->db, "Reading attachment bytes");
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? g_strdup (g_checksum_get_string (checksum)) : NULL;
}

static gboolean
write_to_stream (gconstpointer bytes,
                 gsize         size,
                 gpointer      user_data,
                 GError      **error)
{
  GError *local_error = NULL;

  if (g_output_stream_write_all (user_data, bytes, size, NULL, NULL, &local_error))
    return TRUE;
  return set_io_error (error, local_error, "Writing the attachment");
}

static gboolean
export_blob (DossierReplicaState *state,
             BlobData            *data,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(DossierBlobInfo) info = load_info (state, data->sha256, error);
  g_autoptr(GFileOutputStream) output = NULL;
  g_autofree char *written = NULL;
  GError *local_error = NULL;

  if (info == NULL || !info->complete)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND,
                     "The attachment %.12s… is not in this replica yet", data->sha256);
      return FALSE;
    }
  output = g_file_replace (data->file, NULL, FALSE,
                           G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &local_error);
  if (output == NULL)
    return set_io_error (error, local_error, "Writing the attachment");
  written = walk_chunks (state, data->sha256, write_to_stream, output, error);
  if (written == NULL)
    return FALSE;
  if (strcmp (written, data->sha256) != 0)
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_HASH_MISMATCH,
                   "The stored attachment does not match its SHA-256");
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (output), cancellable, &local_error))
    return set_io_error (error, local_error, "Writing the attachment");
  return TRUE;
}

static void
export_blob_job (DossierReplicaState *state,
                 GTask               *task,
                 gpointer             task_data,
                 GCancellable        *cancellable)
{
  GError *error = NULL;

  if (export_blob (state, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dossier_replica_export_blob_async (DossierReplica      *self,
                                   const char          *sha256,
                                   GFile               *destination,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  BlobData *data = g_new0 (BlobData, 1);

  g_task_set_source_tag (task, dossier_replica_export_blob_async);
  data->sha256 = g_strdup (sha256);
  data->file = g_object_ref (destination);
  g_task_set_task_data (task, data, (GDestroyNotify) blob_data_free);
  dossier_replica_queue_job (self, task, export_blob_job);
}

gboolean
dossier_replica_export_blob_finish (DossierReplica  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
dossier_replica_export_blob_sync (DossierReplica  *self,
                                  const char      *sha256,
                                  GFile           *destination,
                                  GCancellable    *cancellable,
                                  GError         **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_replica_export_blob_async (self, sha256, destination, cancellable, dossier_sync_wait_cb,
                                     &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_replica_export_blob_finish (self, result, error);
}

/* Transfers ---------------------------------------------------------------- */

static void
info_job (DossierReplicaState *state,
          GTask               *task,
          gpointer             task_data,
          GCancellable        *cancellable)
{
  BlobData *data = task_data;
  GError *error = NULL;
  DossierBlobInfo *info = load_info (state, data->sha256, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) dossier_blob_info_free);
}

/**
 * dossier_replica_get_blob_info_sync:
 *
 * Returns: (transfer full) (nullable): what is stored of the blob, or NULL
 */
DossierBlobInfo *
dossier_replica_get_blob_info_sync (DossierReplica  *self,
                                    const char      *sha256,
                                    GCancellable    *cancellable,
                                    GError         **error)
{
  BlobData *data = g_new0 (BlobData, 1);
  g_autoptr(GAsyncResult) result = NULL;

  data->sha256 = g_strdup (sha256);
  result = dossier_replica_run_job_sync (self, info_job, data, (GDestroyNotify) blob_data_free,
                                         cancellable);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
append_chunk (DossierReplicaState *state,
              BlobData            *data,
              GError             **error)
{
  g_autoptr(DossierBlobInfo) info = load_info (state, data->sha256, error);
  gint64 length = g_bytes_get_size (data->chunk);
  g_autofree char *actual = NULL;

  if (info == NULL && !exec_for_blob (state,
        "INSERT INTO blobs (sha256, size, added_at) "
        "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", data->sha256, data->size, error))
    return FALSE;
  if (info != NULL && info->complete)
    return TRUE;   /* a repeated last chunk: nothing to do */
  if (data->offset != (info ? info->received : 0) || data->offset + length > data->size
      || (info != NULL && info->size != data->size))
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                   "Chunk at %" G_GINT64_FORMAT " does not continue the %" G_GINT64_FORMAT
                   " bytes stored of a %" G_GINT64_FORMAT "-byte attachment",
                   data->offset, info ? info->received : 0, data->size);
      return FALSE;
    }
  if (!insert_chunk (state, data->sha256, data->offset, data->chunk, error)
      || !exec_for_blob (state, "UPDATE blobs SET received = ?2 WHERE sha256 = ?1",
                         data->sha256, data->offset + length, error))
    return FALSE;
  if (data->offset + length < data->size)
    return TRUE;

  if ((actual = walk_chunks (state, data->sha256, NULL, NULL, error)) == NULL)
    return FALSE;
  if (strcmp (actual, data->sha256) == 0)
    return exec_for_blob (state, "UPDATE blobs SET complete = 1, uploaded = ?2 WHERE sha256 = ?1",
                          data->sha256, 1, error);

  /* Bad bytes must not linger: drop them all and let the download start over. */
  if (exec_for_blob (state, "DELETE FROM blob_chunks WHERE sha256 = ?1 AND ?2 >= 0",
                     data->sha256, 0, error)
      && exec_for_blob (state, "DELETE FROM blobs WHERE sha256 = ?1 AND ?2 >= 0",
                        data->sha256, 0, error))
    g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_HASH_MISMATCH,
                 "The downloaded attachment does not match its SHA-256 (%s); it was discarded",
                 actual);
  return FALSE;
}

static void
append_chunk_job (DossierReplicaState *state,
                  GTask               *task,
                  gpointer             task_data,
                  GCancellable        *cancellable)
{
  GError *error = NULL;

  if (!dossier_replica_state_begin (state, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (append_chunk (state, task_data, &error))
    {
      if (dossier_replica_state_commit (state, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      return;
    }
  /* A hash mismatch commits the removal of the bad bytes; anything else rolls back. */
  if (g_error_matches (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_HASH_MISMATCH))
    dossier_replica_state_commit (state, NULL);
  else
    dossier_replica_state_rollback (state);
  g_task_return_error (task, error);
}

gboolean
dossier_replica_append_blob_chunk_sync (DossierReplica  *self,
                                        const char      *sha256,
                                        gint64           size,
                                        gint64           offset,
                                        GBytes          *chunk,
                                        GCancellable    *cancellable,
                                        GError         **error)
{
  BlobData *data;
  g_autoptr(GAsyncResult) result = NULL;

  if (!is_sha256_hex (sha256) || size < 0 || offset < 0)
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                   "Not an attachment hash, size or offset");
      return FALSE;
    }
  data = g_new0 (BlobData, 1);
  data->sha256 = g_strdup (sha256);
  data->size = size;
  data->offset = offset;
  data->chunk = g_bytes_ref (chunk);
  result = dossier_replica_run_job_sync (self, append_chunk_job, data,
                                         (GDestroyNotify) blob_data_free, cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
read_chunk_job (DossierReplicaState *state,
                GTask               *task,
                gpointer             task_data,
                GCancellable        *cancellable)
{
  BlobData *data = task_data;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  GError *error = NULL;
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT offset, data FROM blob_chunks WHERE sha256 = ?1 AND offset + length(data) > ?2 "
    "ORDER BY offset", &error);

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sqlite3_bind_text (stmt, 1, data->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, data->offset);
  while (out->len < (guint) data->size && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 start = sqlite3_column_int64 (stmt, 0);
      const guint8 *bytes = sqlite3_column_blob (stmt, 1);
      gint64 length = sqlite3_column_bytes (stmt, 1);
      gint64 skip = MAX (0, data->offset + (gint64) out->len - start);
      gint64 take = MIN (length - skip, data->size - (gint64) out->len);

      if (skip >= length || start > data->offset + (gint64) out->len)
        break;   /* a gap: only contiguous bytes are returned */
      g_byte_array_append (out, bytes + skip, take);
    }
  sqlite3_reset (stmt);
  g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&out)),
                         (GDestroyNotify) g_bytes_unref);
}

/**
 * dossier_replica_read_blob_chunk_sync:
 * @max_size: the most bytes to return
 *
 * Returns: (transfer full): up to @max_size stored bytes from @offset (empty at the end)
 */
GBytes *
dossier_replica_read_blob_chunk_sync (DossierReplica  *self,
                                      const char      *sha256,
                                      gint64           offset,
                                      gsize            max_size,
                                      GCancellable    *cancellable,
                                      GError         **error)
{
  BlobData *data = g_new0 (BlobData, 1);
  g_autoptr(GAsyncResult) result = NULL;

  data->sha256 = g_strdup (sha256);
  data->offset = offset;
  data->size = (gint64) max_size;   /* here: how much to read */
  result = dossier_replica_run_job_sync (self, read_chunk_job, data,
                                         (GDestroyNotify) blob_data_free, cancellable);
  return g_task_propagate_pointer (G_TASK (result), error);
}
