/* dossier-replica-sync.c: the replica's side of sync beyond merging (see
 * dossier-replica-sync.h).  Jobs on the replica's worker thread. */

#include "dossier-replica-private.h"
#include "dossier-replica-sync.h"

typedef struct
{
  guint        limit;
  char       **strings;     /* ids or scopes, NULL-terminated */
  char        *text;        /* a reason, a key */
  char        *value;
  JsonArray   *offices;
  guint        removed;
  gboolean     joined;      /* a scope not seen before: pull again from 0 */
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_strfreev (data->strings);
  g_free (data->text);
  g_free (data->value);
  g_clear_pointer (&data->offices, json_array_unref);
  g_free (data);
}

static char *
query_text (DossierReplicaState *state,
            const char          *sql,
            const char          *arg)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, sql, NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

/* The office a case belongs to, by its scope, its row, or the default office. */
static char *
case_scope (DossierReplicaState *state,
            const char          *case_id)
{
  char *scope = query_text (state, "SELECT scope FROM record_scopes WHERE record_id = ?", case_id);

  if (scope == NULL)
    scope = query_text (state, "SELECT office_id FROM cases WHERE id = ?", case_id);
  return scope;
}

static char *
record_scope (DossierReplicaState *state,
              const DossierChange *change)
{
  const DossierKindSpec *kind = dossier_model_lookup_kind (change->kind, NULL);
  g_autofree char *case_id = NULL;
  char *scope;

  if ((scope = query_text (state, "SELECT scope FROM record_scopes WHERE record_id = ?",
                           change->record_id)) != NULL)
    return scope;
  if (kind == NULL || g_str_equal (kind->name, "office"))
    return NULL;
  if (g_str_equal (kind->name, "policy_note"))
    return g_strdup ("*");
  if (g_str_equal (kind->name, "case"))
    scope = case_scope (state, change->record_id);
  else if (g_str_equal (kind->name, "applicant"))
    scope = query_text (state, "SELECT coalesce(s.scope, c.office_id) FROM cases c "
                               "LEFT JOIN record_scopes s ON s.record_id = c.id "
                               "WHERE c.applicant_id = ?1 ORDER BY c.rowid LIMIT 1",
                        change->record_id);
  else
    {
      g_autofree char *sql = g_strdup_printf ("SELECT case_id FROM %s WHERE id = ?", kind->table);
      case_id = query_text (state, sql, change->record_id);
      scope = case_id ? case_scope (state, case_id) : NULL;
    }
  if (scope == NULL)
    scope = query_text (state, "SELECT value FROM sync_state WHERE key = ?", "default_office");
  return scope;
}

gboolean
dossier_replica_state_remember_scope (DossierReplicaState *state,
                                      const char          *record_id,
                                      const char          *scope,
                                      GError             **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "INSERT OR IGNORE INTO record_scopes (record_id, scope) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, scope, -1, SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Recording a record's office", error);
}

static void
outbox_for_push_job (DossierReplicaState *state,
                     GTask               *task,
                     gpointer             task_data,
                     GCancellable        *cancellable)
{
  SyncData *data = task_data;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) ready = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  GError *error = NULL;

  pending = dossier_replica_state_list_outbox (state, data->limit, &error);
  if (pending == NULL || !dossier_replica_state_begin (state, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < pending->len && error == NULL; i++)
    {
      DossierChange *change = pending->pdata[i];
      if ((change->scope = record_scope (state, change)) == NULL)
        continue;   /* no office yet: it waits in the outbox */
      if (dossier_replica_state_remember_scope (state, change->record_id, change->scope, &error))
        g_ptr_array_add (ready, g_steal_pointer (&pending->pdata[i]));
    }
  if (error == NULL && dossier_replica_state_commit (state, &error))
    g_task_return_pointer (task, g_steal_pointer (&ready), (GDestroyNotify) g_ptr_array_unref);
  else
    {
      dossier_replica_state_rollback (state);
      g_task_return_error (task, error);
    }
}

/**
 * dossier_replica_outbox_for_push_sync:
 *
 * Returns: (transfer full) (element-type DossierChange): changes to push, with their scope
 */
GPtrArray *
dossier_replica_outbox_for_push_sync (DossierReplica  *self,
                                      guint            limit,
                                      GCancellable    *cancellable,
                                      GError         **error)
{
  SyncData *data = g_new0 (SyncData, 1);
  g_autoptr(GAsyncResult) result = NULL;

  data->limit = limit;
  result = dossier_replica_run_job_sync (self, outbox_for_push_job, data,
                                         (GDestroyNotify) sync_data_free, cancellable);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
run_for_each (DossierReplicaState *state,
              const char          *sql,
              char               **ids,
              const char          *extra,
              GError             **error)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = dossier_replica_state_prepare (state, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_STATIC);
      if (extra != NULL)
        sqlite3_bind_text (stmt, 2, extra, -1, SQLITE_STATIC);
      if (!dossier_replica_step_done (state, stmt, "Updating sync state", error))
        return FALSE;
    }
  return TRUE;
}

static void
reject_job (DossierReplicaState *state,
            GTask               *task,
            gpointer             task_data,
            GCancellable        *cancellable)
{
  SyncData *data = task_data;
  GError *error = NULL;

  if (dossier_replica_state_begin (state, &error)
      && run_for_each (state,
                       "INSERT OR REPLACE INTO rejected_changes (change_id, kind, record_id, field, "
                       "value, hlc, reason, rejected_at) SELECT change_id, kind, record_id, field, "
                       "value, hlc, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM outbox "
                       "WHERE change_id = ?1", data->strings, data->text, &error)
      && run_for_each (state, "DELETE FROM outbox WHERE change_id = ?1", data->strings, NULL, &error)
      && dossier_replica_state_commit (state, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  dossier_replica_state_rollback (state);
  g_task_return_error (task, error);
}

gboolean
dossier_replica_reject_outbox_sync (DossierReplica     *self,
                                    const char *const  *change_ids,
                                    const char         *reason,
                                    GCancellable       *cancellable,
                                    GError            **error)
{
  SyncData *data = g_new0 (SyncData, 1);
  g_autoptr(GAsyncResult) result = NULL;

  data->strings = g_strdupv ((char **) change_ids);
  data->text = g_strdup (reason);
  result = dossier_replica_run_job_sync (self, reject_job, data, (GDestroyNotify) sync_data_free,
                                         cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
count_job (DossierReplicaState *state,
           GTask               *task,
           gpointer             task_data,
           GCancellable        *cancellable)
{
  g_autofree char *count = query_text (state, "SELECT count(*) FROM rejected_changes WHERE ?1 IS NULL",
                                       NULL);
  g_task_return_int (task, count ? g_ascii_strtoll (count, NULL, 10) : 0);
}

gint64
dossier_replica_count_rejected_sync (DossierReplica  *self,
                                     GCancellable    *cancellable,
                                     GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, count_job, NULL, NULL,
                                                                 cancellable);
  return g_task_propagate_int (G_TASK (result), error);
}

/* Removes one record of any kind, with its index entry and sync bookkeeping,
 * without an outbox change: it is not deleted, only no longer ours to hold. */
static gboolean
forget_record (DossierReplicaState *state,
               const char          *record_id,
               GError             **error)
{
  guint n_kinds;
  const DossierKindSpec *const *kinds = dossier_model_get_kinds (&n_kinds);
  const char *const bookkeeping[] = {
    "DELETE FROM record_clocks WHERE record_id = ?",
    "DELETE FROM field_losers WHERE record_id = ?",
    "DELETE FROM unknown_fields WHERE record_id = ?",
    "DELETE FROM record_scopes WHERE record_id = ?",
    /* Should the user join the office again, the pull from 0 that follows
     * re-applies this replica's own changes to it (dossier-replica-apply.c). */
    "INSERT OR REPLACE INTO forgotten_records (record_id, until_seq) VALUES (?, "
    "coalesce ((SELECT CAST (value AS INTEGER) FROM sync_state WHERE key = 'cursor'), 0))",
  };
  char *ids[] = { (char *) record_id, NULL };

  for (guint k = 0; k < n_kinds; k++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", kinds[k]->table);
      if (!run_for_each (state, sql, ids, NULL, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (bookkeeping); i++)
    if (!run_for_each (state, bookkeeping[i], ids, NULL, error))
      return FALSE;
  return dossier_replica_state_unindex_record (state, record_id, error);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The scopes of the last page are written down.  One that was not there
 * before is an office the user joined, or joined again: its changes older
 * than the cursor never came (or were forgotten when the user left it), so
 * the next pull starts over from the beginning.  Applying a change twice
 * does nothing (the merge takes a version it has for a duplicate, and own
 * changes for echoes), so this costs time, never data. */
static gboolean
remember_scopes (DossierReplicaState *state,
                 SyncData            *data,
                 GError             **error)
{
  g_autofree char *before = query_text (state, "SELECT value FROM sync_state WHERE key = ?",
                                        "scopes");
  g_auto(GStrv) known = before != NULL ? g_strsplit (before, "\n", -1) : NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *now = NULL;
  gboolean joined = FALSE;
  sqlite3_stmt *stmt;

  for (guint i = 0; data->strings[i] != NULL; i++)
    {
      g_ptr_array_add (sorted, data->strings[i]);
      joined |= known != NULL && !g_strv_contains ((const char *const *) known, data->strings[i]);
    }
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);
  now = g_strjoinv ("\n", (char **) sorted->pdata);
  if (g_strcmp0 (before, now) == 0)
    return TRUE;
  if ((stmt = dossier_replica_state_prepare (state,
         "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('scopes', ?)", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  if (!dossier_replica_step_done (state, stmt, "Writing down the offices", error))
    return FALSE;
  data->joined = joined;
  return !joined
         || dossier_replica_state_exec (state,
              "UPDATE sync_state SET value = '0' WHERE key = 'cursor'", error);
}

/* The records of the scopes no longer in `data->strings`.  The scopes the
 * records have are found one index seek each, so that this costs the same
 * for ten records or two million: it runs after every pulled page, and a
 * scan of every record there made a first sync quadratic (at 100,000 cases,
 * most of its time went to reading record_scopes again and again). */
static gboolean
keep_scopes (DossierReplicaState *state,
             SyncData            *data,
             GError             **error)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *scope = g_strdup ("");
  sqlite3_stmt *next, *records;

  for (;;)
    {
      gboolean found;

      if ((next = dossier_replica_state_prepare (state,
             "SELECT scope FROM record_scopes WHERE scope > ?1 ORDER BY scope LIMIT 1",
             error)) == NULL)
        return FALSE;
      sqlite3_bind_text (next, 1, scope, -1, SQLITE_TRANSIENT);
      found = sqlite3_step (next) == SQLITE_ROW;
      if (found)
        {
          g_free (scope);
          scope = g_strdup ((const char *) sqlite3_column_text (next, 0));
        }
      sqlite3_reset (next);
      if (!found)
        break;
      if (g_str_equal (scope, "*") || g_strv_contains ((const char *const *) data->strings, scope))
        continue;
      if ((records = dossier_replica_state_prepare (state,
             "SELECT record_id FROM record_scopes WHERE scope = ?1", error)) == NULL)
        return FALSE;
      sqlite3_bind_text (records, 1, scope, -1, SQLITE_STATIC);
      while (sqlite3_step (records) == SQLITE_ROW)
        g_ptr_array_add (gone, g_strdup ((const char *) sqlite3_column_text (records, 0)));
      sqlite3_reset (records);
    }
  for (guint i = 0; i < gone->len; i++)
    if (!forget_record (state, gone->pdata[i], error))
      return FALSE;
  data->removed = gone->len;
  return TRUE;
}

/* After a page a first sync held open (dossier-replica-apply.c), in its
 * transaction, which stays open. */
void
dossier_replica_keep_scopes_job (DossierReplicaState *state,
                                 GTask               *task,
                                 gpointer             task_data,
                                 GCancellable        *cancellable)
{
  gboolean held = state->holding;
  GError *error = NULL;

  if ((held || dossier_replica_state_begin (state, &error))
      && remember_scopes (state, task_data, &error) && keep_scopes (state, task_data, &error)
      && (held || dossier_replica_state_commit (state, &error)))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  dossier_replica_state_rollback (state);
  g_task_return_error (task, error);
}

gboolean
dossier_replica_keep_scopes_sync (DossierReplica     *self,
                                  const char *const  *scopes,
                                  guint              *out_removed,
                                  gboolean           *out_rewound,
                                  GCancellable       *cancellable,
                                  GError            **error)
{
  SyncData *data = g_new0 (SyncData, 1);
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  data->strings = g_strdupv ((char **) scopes);
  result = dossier_replica_run_job_sync (self, dossier_replica_keep_scopes_job, data, NULL,
                                         cancellable);
  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (out_removed != NULL)
    *out_removed = data->removed;
  if (out_rewound != NULL)
    *out_rewound = ok && data->joined;
  sync_data_free (data);
  return ok;
}

static void
get_value_job (DossierReplicaState *state,
               GTask               *task,
               gpointer             task_data,
               GCancellable        *cancellable)
{
  g_task_return_pointer (task, query_text (state, "SELECT value FROM sync_state WHERE key = ?",
                                           ((SyncData *) task_data)->text), g_free);
}

/**
 * dossier_replica_get_sync_value_sync:
 *
 * Returns: (transfer full) (nullable): the value, NULL when unset
 */
char *
dossier_replica_get_sync_value_sync (DossierReplica  *self,
                                     const char      *key,
                                     GCancellable    *cancellable,
                                     GError         **error)
{
  SyncData *data = g_new0 (SyncData, 1);
  g_autoptr(GAsyncResult) result = NULL;

  data->text = g_strdup (key);
  result = dossier_replica_run_job_sync (self, get_value_job, data, (GDestroyNotify) sync_data_free,
                                         cancellable);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
set_value_job (DossierReplicaState *state,
               GTask               *task,
               gpointer             task_data,
               GCancellable        *cancellable)
{
  SyncData *data = task_data;
  char *keys[] = { data->text, NULL };
  GError *error = NULL;
  const char *sql = data->value ? "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?1, ?2)"
                                : "DELETE FROM sync_state WHERE key = ?1";

  if (run_for_each (state, sql, keys, data->value, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* `value` NULL removes the key. */
gboolean
dossier_replica_set_sync_value_sync (DossierReplica  *self,
                                     const char      *key,
                                     const char      *value,
                                     GCancellable    *cancellable,
                                     GError         **error)
{
  SyncData *data = g_new0 (SyncData, 1);
  g_autoptr(GAsyncResult) result = NULL;

  data->text = g_strdup (key);
  data->value = g_strdup (value);
  result = dossier_replica_run_job_sync (self, set_value_job, data, (GDestroyNotify) sync_data_free,
                                         cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_offices_job (DossierReplicaState *state,
                   GTask               *task,
                   gpointer             task_data,
                   GCancellable        *cancellable)
{
  SyncData *data = task_data;
  GError *error = NULL;
  gboolean ok = dossier_replica_state_begin (state, &error);

  for (guint i = 0; ok && i < json_array_get_length (data->offices); i++)
    {
      JsonObject *office = json_array_get_object_element (data->offices, i);
      sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
        "INSERT INTO offices (id, name, updated_at) VALUES (?1, ?2, "
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
        &error);

      ok = stmt != NULL && office != NULL && json_object_has_member (office, "id");
      if (!ok)
        break;
      sqlite3_bind_text (stmt, 1, json_object_get_string_member (office, "id"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, json_object_get_string_member_with_default (office, "name", NULL),
                         -1, SQLITE_STATIC);
      ok = dossier_replica_step_done (state, stmt, "Storing an office", &error);
    }
  if (ok && dossier_replica_state_commit (state, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  dossier_replica_state_rollback (state);
  if (error == NULL)
    g_set_error (&error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                 "The server listed an office without an id");
  g_task_return_error (task, error);
}

gboolean
dossier_replica_store_offices_sync (DossierReplica  *self,
                                    JsonArray       *offices,
                                    GCancellable    *cancellable,
                                    GError         **error)
{
  SyncData *data = g_new0 (SyncData, 1);
  g_autoptr(GAsyncResult) result = NULL;

  data->offices = json_array_ref (offices);
  result = dossier_replica_run_job_sync (self, store_offices_job, data,
                                         (GDestroyNotify) sync_data_free, cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Attachment bytes ------------------------------------------------------------ */

static void
blob_list_job (DossierReplicaState *state,
               GTask               *task,
               gpointer             task_data,
               GCancellable        *cancellable)
{
  g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_blob_info_free);
  GError *error = NULL;
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, ((SyncData *) task_data)->text, &error);
  int rc;

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierBlobInfo *info = g_new0 (DossierBlobInfo, 1);

      info->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      info->size = sqlite3_column_int64 (stmt, 1);
      info->received = sqlite3_column_int64 (stmt, 2);
      info->complete = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (blobs, info);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_replica_set_sqlite_error (&error, state->db, "Listing attachments to transfer");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&blobs), (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
list_blobs (DossierReplica  *self,
            const char      *sql,
            GCancellable    *cancellable,
            GError         **error)
{
  SyncData *data = g_new0 (SyncData, 1);
  g_autoptr(GAsyncResult) result = NULL;

  data->text = g_strdup (sql);
  result = dossier_replica_run_job_sync (self, blob_list_job, data, (GDestroyNotify) sync_data_free,
                                         cancellable);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dossier_replica_blobs_to_upload_sync:
 *
 * Returns: (transfer full) (element-type DossierBlobInfo): oldest first
 */
GPtrArray *
dossier_replica_blobs_to_upload_sync (DossierReplica  *self,
                                      GCancellable    *cancellable,
                                      GError         **error)
{
  return list_blobs (self,
                     "SELECT sha256, size, received, complete FROM blobs "
                     "WHERE complete = 1 AND uploaded = 0 ORDER BY added_at, sha256",
                     cancellable, error);
}

/**
 * dossier_replica_blobs_to_download_sync:
 *
 * Returns: (transfer full) (element-type DossierBlobInfo): smallest first, so
 *   that many small scans are not kept waiting behind one large PDF
 */
GPtrArray *
dossier_replica_blobs_to_download_sync (DossierReplica  *self,
                                        GCancellable    *cancellable,
                                        GError         **error)
{
  return list_blobs (self,
                     "SELECT a.sha256, max(a.size), coalesce(max(b.received), 0), 0 "
                     "FROM attachments a LEFT JOIN blobs b ON b.sha256 = a.sha256 "
                     "WHERE a.sha256 IS NOT NULL AND length (a.sha256) = 64 AND a.size > 0 "
                     "AND coalesce(b.complete, 0) = 0 "
                     "GROUP BY a.sha256 ORDER BY max(a.size), a.sha256",
                     cancellable, error);
}

static void
mark_uploaded_job (DossierReplicaState *state,
                   GTask               *task,
                   gpointer             task_data,
                   GCancellable        *cancellable)
{
  SyncData *data = task_data;
  char *ids[] = { data->text, NULL };
  GError *error = NULL;

  if (run_for_each (state, "UPDATE blobs SET uploaded = 1 WHERE sha256 = ?1", ids, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

gboolean
dossier_replica_mark_blob_uploaded_sync (DossierReplica  *self,
                                         const char      *sha256,
                                         GCancellable    *cancellable,
                                         GError         **error)
{
  SyncData *data = g_new0 (SyncData, 1);
  g_autoptr(GAsyncResult) result = NULL;

  data->text = g_strdup (sha256);
  result = dossier_replica_run_job_sync (self, mark_uploaded_job, data,
                                         (GDestroyNotify) sync_data_free, cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}
