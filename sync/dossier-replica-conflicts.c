/* dossier-replica-conflicts.c: listing and settling the losing versions of
 * concurrently edited fields (kept by dossier-replica-apply.c). */

#include "dossier-replica-private.h"

typedef struct
{
  const DossierKindSpec  *kind;
  const DossierFieldSpec *field;
  char                   *record_id;
  JsonNode               *value;
} ResolveData;

static void
resolve_data_free (ResolveData *data)
{
  g_free (data->record_id);
  g_clear_pointer (&data->value, json_node_unref);
  g_free (data);
}

static void
add_current (DossierReplicaState *state,
             JsonObject          *conflict)
{
  const DossierKindSpec *kind = dossier_model_lookup_kind (
    json_object_get_string_member (conflict, "kind"), NULL);
  const char *field_name = json_object_get_string_member (conflict, "field");
  const DossierFieldSpec *field = kind ? dossier_kind_spec_lookup_field (kind, field_name) : NULL;
  g_autoptr(JsonObject) row = NULL;
  sqlite3_stmt *stmt;

  json_object_set_boolean_member (conflict, "critical",
                                  field != NULL && (field->flags & DOSSIER_FIELD_FLAG_CRITICAL));
  if (field != NULL
      && (row = dossier_replica_state_load_row (state, kind,
                                                json_object_get_string_member (conflict, "record_id"),
                                                NULL)) != NULL)
    json_object_set_member (conflict, "current_value",
                            json_node_copy (json_object_get_member (row, field->name)));
  else
    json_object_set_null_member (conflict, "current_value");

  /* An edit concurrent with the delete of its record: nothing to pick, the
   * record is gone; the user keeps it deleted (dossier_replica_keep_deleted_sync). */
  stmt = dossier_replica_state_prepare (state,
    "SELECT hlc, device FROM tombstones WHERE record_id = ?", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, json_object_get_string_member (conflict, "record_id"), -1,
                     SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *hlc = dossier_hlc_to_string ((DossierHlc) sqlite3_column_int64 (stmt, 0));

      json_object_set_boolean_member (conflict, "deleted", TRUE);
      json_object_set_string_member (conflict, "deleted_hlc", hlc);
      json_object_set_string_member (conflict, "deleted_device",
                                     (const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  stmt = dossier_replica_state_prepare (state,
    "SELECT device FROM field_clocks WHERE record_id = ? AND field = ?", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, json_object_get_string_member (conflict, "record_id"), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field_name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json_object_set_string_member (conflict, "current_device",
                                   (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
}

static void
list_conflicts_job (DossierReplicaState *state,
                    GTask               *task,
                    gpointer             task_data,
                    GCancellable        *cancellable)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  GError *error = NULL;
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT kind, record_id, field, value, hlc, device, detected_at FROM field_losers "
    "ORDER BY detected_at, record_id, field", &error);

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *conflict = json_object_new ();
      JsonNode *value = json_from_string ((const char *) sqlite3_column_text (stmt, 3), NULL);
      g_autofree char *hlc = dossier_hlc_to_string ((DossierHlc) sqlite3_column_int64 (stmt, 4));

      json_object_set_string_member (conflict, "kind", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (conflict, "record_id", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (conflict, "field", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_member (conflict, "value", value ? value : json_node_new (JSON_NODE_NULL));
      json_object_set_string_member (conflict, "hlc", hlc);
      json_object_set_string_member (conflict, "device", (const char *) sqlite3_column_text (stmt, 5));
      json_object_set_string_member (conflict, "detected_at", (const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < conflicts->len; i++)
    add_current (state, conflicts->pdata[i]);
  g_task_return_pointer (task, g_steal_pointer (&conflicts), (GDestroyNotify) g_ptr_array_unref);
}

void
dossier_replica_list_conflicts_async (DossierReplica      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dossier_replica_list_conflicts_async);
  dossier_replica_queue_job (self, task, list_conflicts_job);
}

/**
 * dossier_replica_list_conflicts_finish:
 *
 * Returns: (transfer full) (element-type JsonObject): the open conflicts
 */
GPtrArray *
dossier_replica_list_conflicts_finish (DossierReplica  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
dossier_replica_list_conflicts_sync (DossierReplica  *self,
                                     GCancellable    *cancellable,
                                     GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, list_conflicts_job, NULL,
                                                                 NULL, cancellable);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The losers of the field, as the [hlc, device] pairs a resolution names. */
static JsonNode *
losers_of (DossierReplicaState *state,
           ResolveData         *data,
           GError             **error)
{
  /* json_node_init_array() takes a reference of its own. */
  g_autoptr(JsonArray) pairs = json_array_new ();
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT hlc, device FROM field_losers WHERE record_id = ? AND field = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, data->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->field->name, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonArray *pair = json_array_new ();
      g_autofree char *hlc = dossier_hlc_to_string ((DossierHlc) sqlite3_column_int64 (stmt, 0));
      json_array_add_string_element (pair, hlc);
      json_array_add_string_element (pair, (const char *) sqlite3_column_text (stmt, 1));
      json_array_add_array_element (pairs, pair);
    }
  sqlite3_reset (stmt);
  return json_node_init_array (json_node_alloc (), pairs);
}

static gboolean
resolve (DossierReplicaState  *state,
         gpointer              task_data,
         GError              **error)
{
  ResolveData *data = task_data;
  g_autoptr(JsonNode) resolves = losers_of (state, data, error);
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (resolves == NULL)
    return FALSE;
  if ((row = dossier_replica_state_load_row (state, data->kind, data->record_id, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND,
                     "This %s was deleted; its conflicting edits cannot be applied to it "
                     "(keep it deleted instead)", data->kind->name);
      return FALSE;
    }
  sql = g_strdup_printf ("UPDATE %s SET %s = ?2, updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', "
                         "'now') WHERE id = ?1", data->kind->table, data->field->name);
  if ((stmt = dossier_replica_state_prepare (state, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->record_id, -1, SQLITE_STATIC);
  dossier_replica_bind_json (stmt, 2, data->field->type, data->value);
  if (!dossier_replica_step_done (state, stmt, "Resolving a conflict", error)
      || !dossier_replica_state_write_change (state, data->kind->name, data->record_id,
                                              data->field->name, data->value, resolves, error))
    return FALSE;
  stmt = dossier_replica_state_prepare (state,
    "DELETE FROM field_losers WHERE record_id = ? AND field = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->field->name, -1, SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Resolving a conflict", error)
         && dossier_replica_state_index_record (state, data->kind, data->record_id, error)
         && dossier_replica_state_persist_identity (state, error);
}

/* A local write in its own transaction; on failure nothing of it stays,
 * the device counter included. */
typedef gboolean (*LocalWrite) (DossierReplicaState  *state,
                                gpointer              data,
                                GError              **error);

static void
run_local_write (DossierReplicaState *state,
                 GTask               *task,
                 LocalWrite           write,
                 gpointer             data)
{
  GError *error = NULL;

  if (dossier_replica_state_begin (state, &error) && write (state, data, &error)
      && dossier_replica_state_commit (state, &error))
    {
      dossier_replica_state_notify_local_change (state);
      g_task_return_boolean (task, TRUE);
      return;
    }
  dossier_replica_state_rollback (state);
  dossier_replica_state_restore_counter (state);
  g_task_return_error (task, error);
}

static void
resolve_job (DossierReplicaState *state,
             GTask               *task,
             gpointer             task_data,
             GCancellable        *cancellable)
{
  run_local_write (state, task, resolve, task_data);
}

void
dossier_replica_resolve_conflict_async (DossierReplica      *self,
                                        const char          *kind,
                                        const char          *record_id,
                                        const char          *field,
                                        JsonNode            *value,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const DossierKindSpec *spec = dossier_model_lookup_kind (kind, NULL);
  const DossierFieldSpec *field_spec = spec ? dossier_kind_spec_lookup_field (spec, field) : NULL;
  ResolveData *data;

  g_task_set_source_tag (task, dossier_replica_resolve_conflict_async);
  if (field_spec == NULL || !dossier_model_validate_value (spec, field_spec, value, NULL))
    {
      g_task_return_new_error (task, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                               "Not a valid value for “%s”", field);
      return;
    }
  data = g_new0 (ResolveData, 1);
  data->kind = spec;
  data->field = field_spec;
  data->record_id = g_strdup (record_id);
  data->value = value ? json_node_copy (value) : json_node_new (JSON_NODE_NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) resolve_data_free);
  dossier_replica_queue_job (self, task, resolve_job);
}

gboolean
dossier_replica_resolve_conflict_finish (DossierReplica  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
dossier_replica_resolve_conflict_sync (DossierReplica  *self,
                                       const char      *kind,
                                       const char      *record_id,
                                       const char      *field,
                                       JsonNode        *value,
                                       GCancellable    *cancellable,
                                       GError         **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_replica_resolve_conflict_async (self, kind, record_id, field, value, cancellable,
                                          dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_replica_resolve_conflict_finish (self, result, error);
}

/* Keeping a record deleted ------------------------------------------------------ */

/* Settles the conflicts of a deleted record (edits concurrent with its
 * delete) by deleting it again: a new tombstone that names every loser of
 * the record, so that every replica drops them as dossier-replica-apply.c
 * drops what a delete names.  The record itself cannot come back; the user
 * saw the values (they are selectable in the conflicts view) and chose. */
static gboolean
keep_deleted (DossierReplicaState  *state,
              gpointer              task_data,
              GError              **error)
{
  const char *record_id = task_data;
  g_autoptr(JsonArray) pairs = json_array_new ();
  g_autoptr(JsonNode) resolves = NULL;
  g_autoptr(JsonNode) deleted = json_node_init_boolean (json_node_alloc (), TRUE);
  g_autofree char *kind = NULL;
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT kind FROM tombstones WHERE record_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (kind == NULL)
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND,
                   "This record is not deleted: pick one of its values instead");
      return FALSE;
    }

  stmt = dossier_replica_state_prepare (state,
    "SELECT DISTINCT hlc, device FROM field_losers WHERE record_id = ? ORDER BY 1, 2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonArray *pair = json_array_new ();
      g_autofree char *hlc = dossier_hlc_to_string ((DossierHlc) sqlite3_column_int64 (stmt, 0));

      json_array_add_string_element (pair, hlc);
      json_array_add_string_element (pair, (const char *) sqlite3_column_text (stmt, 1));
      json_array_add_array_element (pairs, pair);
    }
  sqlite3_reset (stmt);
  if (json_array_get_length (pairs) == 0)
    return TRUE;   /* settled meanwhile, by another replica's resolution */
  resolves = json_node_init_array (json_node_alloc (), pairs);

  if (!dossier_replica_state_write_change (state, kind, record_id, "_deleted", deleted, resolves,
                                           error))
    return FALSE;
  stmt = dossier_replica_state_prepare (state, "DELETE FROM field_losers WHERE record_id = ?",
                                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Keeping a record deleted", error)
         && dossier_replica_state_persist_identity (state, error);
}

static void
keep_deleted_job (DossierReplicaState *state,
                  GTask               *task,
                  gpointer             task_data,
                  GCancellable        *cancellable)
{
  run_local_write (state, task, keep_deleted, task_data);
}

void
dossier_replica_keep_deleted_async (DossierReplica      *self,
                                    const char          *record_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (record_id != NULL);

  g_task_set_source_tag (task, dossier_replica_keep_deleted_async);
  g_task_set_task_data (task, g_strdup (record_id), g_free);
  dossier_replica_queue_job (self, task, keep_deleted_job);
}

gboolean
dossier_replica_keep_deleted_finish (DossierReplica  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
dossier_replica_keep_deleted_sync (DossierReplica  *self,
                                   const char      *record_id,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, keep_deleted_job,
                                                                 g_strdup (record_id), g_free,
                                                                 cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}
