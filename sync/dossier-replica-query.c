/* dossier-replica-query.c: reading the replica: records, lists, full-text
 * search, the outbox and the integrity check.  All of it runs on the worker.
 */

#include "dossier-replica-private.h"
#include "dossier-search-text.h"

#include <string.h>

typedef struct
{
  const DossierKindSpec *kind;
  char                  *id;
  char                  *field;
  char                  *value;
  char                  *order_by;
  guint                  limit;
} QueryData;

/* Reading ----------------------------------------------------------------- */

static void
query_data_free (QueryData *data)
{
  g_free (data->id);
  g_free (data->field);
  g_free (data->value);
  g_free (data->order_by);
  g_free (data);
}

static void
get_job (DossierReplicaState *state,
         GTask               *task,
         gpointer             task_data,
         GCancellable        *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  JsonObject *row = dossier_replica_state_load_row (state, data->kind, data->id, &error);

  if (row != NULL)
    g_task_return_pointer (task, row, (GDestroyNotify) json_object_unref);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_new_error (task, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND,
                             "There is no %s with id %s", data->kind->name, data->id);
}

static gboolean
field_is_known (const DossierKindSpec *kind,
                const char            *field)
{
  return field == NULL || strcmp (field, "id") == 0
         || dossier_kind_spec_lookup_field (kind, field) != NULL;
}

static void
list_job (DossierReplicaState *state,
          GTask               *task,
          gpointer             task_data,
          GCancellable        *cancellable)
{
  QueryData *data = task_data;
  g_autoptr(GString) where = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  GError *error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (data->field != NULL)
    g_string_append_printf (where, "WHERE %s = ?1 ", data->field);
  if (data->order_by != NULL)
    g_string_append_printf (where, "ORDER BY %s ", data->order_by);
  if (data->limit > 0)
    g_string_append_printf (where, "LIMIT %u", data->limit);
  sql = dossier_replica_select_sql (data->kind, where->str);

  if ((stmt = dossier_replica_state_prepare (state, sql, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->field != NULL)
    sqlite3_bind_text (stmt, 1, data->value, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, dossier_replica_row_to_object (data->kind, stmt));
  if (rc != SQLITE_DONE)
    dossier_replica_set_sqlite_error (&error, state->db, "Listing records");
  sqlite3_reset (stmt);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
}

static GTask *
query_task_new (DossierReplica      *self,
                const char          *kind,
                gpointer             source_tag,
                QueryData          **out_data,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  const DossierKindSpec *spec;
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  if ((spec = dossier_model_lookup_kind (kind, &error)) == NULL)
    {
      g_task_return_new_error (task, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                               "%s", error->message);
      g_error_free (error);
      g_object_unref (task);
      return NULL;
    }
  *out_data = g_new0 (QueryData, 1);
  (*out_data)->kind = spec;
  g_task_set_task_data (task, *out_data, (GDestroyNotify) query_data_free);
  return task;
}

void
dossier_replica_get_async (DossierReplica      *self,
                           const char          *kind,
                           const char          *id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  QueryData *data;
  g_autoptr(GTask) task = query_task_new (self, kind, dossier_replica_get_async, &data,
                                          cancellable, callback, user_data);
  if (task == NULL)
    return;
  data->id = g_strdup (id);
  dossier_replica_queue_job (self, task, get_job);
}

/**
 * dossier_replica_get_finish:
 *
 * Returns: (transfer full): the record's fields and its "id"
 */
JsonObject *
dossier_replica_get_finish (DossierReplica  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonObject *
dossier_replica_get_sync (DossierReplica  *self,
                          const char      *kind,
                          const char      *id,
                          GCancellable    *cancellable,
                          GError         **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_replica_get_async (self, kind, id, cancellable, dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_replica_get_finish (self, result, error);
}

void
dossier_replica_list_async (DossierReplica      *self,
                            const char          *kind,
                            const char          *field,
                            const char          *value,
                            const char          *order_by,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  QueryData *data;
  g_autoptr(GTask) task = query_task_new (self, kind, dossier_replica_list_async, &data,
                                          cancellable, callback, user_data);
  if (task == NULL)
    return;
  /* Names go into SQL text, so only the model's own names are accepted. */
  if (!field_is_known (data->kind, field) || !field_is_known (data->kind, order_by))
    {
      g_task_return_new_error (task, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                               "A %s has no field “%s”", data->kind->name,
                               field_is_known (data->kind, field) ? order_by : field);
      return;
    }
  data->field = g_strdup (field);
  data->value = g_strdup (value);
  data->order_by = g_strdup (order_by);
  data->limit = limit;
  dossier_replica_queue_job (self, task, list_job);
}

/**
 * dossier_replica_list_finish:
 *
 * Returns: (transfer full) (element-type JsonObject): the records
 */
GPtrArray *
dossier_replica_list_finish (DossierReplica  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
dossier_replica_list_sync (DossierReplica  *self,
                           const char      *kind,
                           const char      *field,
                           const char      *value,
                           const char      *order_by,
                           guint            limit,
                           GCancellable    *cancellable,
                           GError         **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_replica_list_async (self, kind, field, value, order_by, limit, cancellable,
                              dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_replica_list_finish (self, result, error);
}

/* Search ------------------------------------------------------------------ */

typedef struct
{
  char  *query;
  guint  limit;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->query);
  g_free (data);
}

void
dossier_search_hit_free (DossierSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->kind);
  g_free (hit->record_id);
  g_free (hit);
}

static void
search_job (DossierReplicaState *state,
            GTask               *task,
            gpointer             task_data,
            GCancellable        *cancellable)
{
  SearchData *data = task_data;
  g_autofree char *match = dossier_search_query_build (data->query);
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_search_hit_free);
  GError *error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (match == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&hits), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  /* Titles (names, references, passport numbers) weigh ten times the body. */
  stmt = dossier_replica_state_prepare (state,
    "SELECT d.kind, d.record_id, bm25(search_fts, 10.0, 1.0) AS score "
    "FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid "
    "WHERE search_fts MATCH ?1 ORDER BY score LIMIT ?2", &error);
  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, data->limit > 0 ? (int) data->limit : 50);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierSearchHit *hit = g_new0 (DossierSearchHit, 1);
      hit->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      hit->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->rank = sqlite3_column_double (stmt, 2);
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE)
    dossier_replica_set_sqlite_error (&error, state->db, "Searching");
  sqlite3_reset (stmt);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&hits), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * dossier_replica_search_async:
 * @query: what the user typed; Latin words match by prefix, CJK words anywhere
 * @limit: the most hits to return (0: 50)
 */
void
dossier_replica_search_async (DossierReplica      *self,
                              const char          *query,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SearchData *data = g_new0 (SearchData, 1);

  g_task_set_source_tag (task, dossier_replica_search_async);
  data->query = g_strdup (query);
  data->limit = limit;
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  dossier_replica_queue_job (self, task, search_job);
}

/**
 * dossier_replica_search_finish:
 *
 * Returns: (transfer full) (element-type DossierSearchHit): hits, best first
 */
GPtrArray *
dossier_replica_search_finish (DossierReplica  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
dossier_replica_search_sync (DossierReplica  *self,
                             const char      *query,
                             guint            limit,
                             GCancellable    *cancellable,
                             GError         **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_replica_search_async (self, query, limit, cancellable, dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_replica_search_finish (self, result, error);
}

/* Outbox and integrity ------------------------------------------------------ */

DossierChange *
dossier_change_copy (const DossierChange *change)
{
  DossierChange *copy = g_memdup2 (change, sizeof *change);

  copy->change_id = g_strdup (change->change_id);
  copy->kind = g_strdup (change->kind);
  copy->record_id = g_strdup (change->record_id);
  copy->field = g_strdup (change->field);
  copy->value = change->value ? json_node_copy (change->value) : NULL;
  copy->device = g_strdup (change->device);
  copy->base_device = g_strdup (change->base_device);
  copy->resolves = change->resolves ? json_node_copy (change->resolves) : NULL;
  copy->scope = g_strdup (change->scope);
  return copy;
}

void
dossier_change_free (DossierChange *change)
{
  if (change == NULL)
    return;
  g_free (change->change_id);
  g_free (change->kind);
  g_free (change->record_id);
  g_free (change->field);
  g_clear_pointer (&change->value, json_node_unref);
  g_free (change->device);
  g_free (change->base_device);
  g_clear_pointer (&change->resolves, json_node_unref);
  g_free (change->scope);
  g_free (change);
}

GPtrArray *
dossier_replica_state_list_outbox (DossierReplicaState *state,
                                   guint                limit,
                                   GError             **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT seq, change_id, kind, record_id, field, value, hlc, device, counter, "
    "base_hlc, base_device, resolves FROM outbox ORDER BY seq LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : G_MAXINT64);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierChange *change = g_new0 (DossierChange, 1);
      change->seq = sqlite3_column_int64 (stmt, 0);
      change->change_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      change->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      change->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      change->field = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      change->value = json_from_string ((const char *) sqlite3_column_text (stmt, 5), NULL);
      change->hlc = (DossierHlc) sqlite3_column_int64 (stmt, 6);
      change->device = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      change->counter = sqlite3_column_int64 (stmt, 8);
      change->base_hlc = (DossierHlc) sqlite3_column_int64 (stmt, 9);
      change->base_device = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
      if (sqlite3_column_type (stmt, 11) != SQLITE_NULL)
        change->resolves = json_from_string ((const char *) sqlite3_column_text (stmt, 11), NULL);
      g_ptr_array_add (changes, change);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_replica_set_sqlite_error (error, state->db, "Reading the outbox");
      return NULL;
    }
  return g_steal_pointer (&changes);
}

static void
outbox_job (DossierReplicaState *state,
            GTask               *task,
            gpointer             task_data,
            GCancellable        *cancellable)
{
  GError *error = NULL;
  GPtrArray *changes = dossier_replica_state_list_outbox (state, GPOINTER_TO_UINT (task_data),
                                                          &error);

  if (changes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, changes, (GDestroyNotify) g_ptr_array_unref);
}

/* Runs a one-value query ("SELECT count(*) ...") and returns its integer. */
/* Reads one number; runs inside a first sync's held transaction. */
void
dossier_replica_scalar_job (DossierReplicaState *state,
                            GTask               *task,
                            gpointer             task_data,
                            GCancellable        *cancellable)
{
  GError *error = NULL;
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, task_data, &error);

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_task_return_int (task, sqlite3_column_int64 (stmt, 0));
  else
    {
      dossier_replica_set_sqlite_error (&error, state->db, "Reading the replica");
      g_task_return_error (task, error);
    }
  sqlite3_reset (stmt);
}

static void
integrity_job (DossierReplicaState *state,
               GTask               *task,
               gpointer             task_data,
               GCancellable        *cancellable)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *answer = NULL;

  if (sqlite3_prepare_v2 (state->db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    answer = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (g_strcmp0 (answer, "ok") == 0)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_CORRUPT,
                             "The replica fails its integrity check: %s",
                             answer ? answer : sqlite3_errmsg (state->db));
}

/**
 * dossier_replica_list_outbox_sync:
 *
 * Returns: (transfer full) (element-type DossierChange): unacknowledged changes, oldest first
 */
GPtrArray *
dossier_replica_list_outbox_sync (DossierReplica  *self,
                                  guint            limit,
                                  GCancellable    *cancellable,
                                  GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, outbox_job, GUINT_TO_POINTER (limit),
                                                                 NULL, cancellable);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
dossier_replica_count_outbox_sync (DossierReplica  *self,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, dossier_replica_scalar_job,
                                                                 (gpointer) "SELECT n FROM outbox_count",
                                                                 NULL, cancellable);
  return g_task_propagate_int (G_TASK (result), error);
}

/* As many as dossier_replica_list_conflicts_sync() lists, without reading them. */
gint64
dossier_replica_count_conflicts_sync (DossierReplica  *self,
                                      GCancellable    *cancellable,
                                      GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, dossier_replica_scalar_job,
                                                                 (gpointer) "SELECT count(*) FROM field_losers",
                                                                 NULL, cancellable);
  return g_task_propagate_int (G_TASK (result), error);
}

gboolean
dossier_replica_check_integrity_sync (DossierReplica  *self,
                                      GCancellable    *cancellable,
                                      GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, integrity_job, NULL, NULL,
                                                                 cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Policy note versions ------------------------------------------------------ */

static void
policy_versions_job (DossierReplicaState *state,
                     GTask               *task,
                     gpointer             task_data,
                     GCancellable        *cancellable)
{
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  GError *error = NULL;
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT version, saved_at, snapshot FROM policy_note_versions WHERE note_id = ? "
    "ORDER BY version DESC", &error);
  int rc;

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sqlite3_bind_text (stmt, 1, task_data, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *version = json_object_new ();
      JsonNode *snapshot = json_from_string ((const char *) sqlite3_column_text (stmt, 2), NULL);

      json_object_set_int_member (version, "version", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (version, "saved_at", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_member (version, "snapshot", snapshot ? snapshot : json_node_new (JSON_NODE_NULL));
      g_ptr_array_add (versions, version);
    }
  if (rc != SQLITE_DONE)
    dossier_replica_set_sqlite_error (&error, state->db, "Reading policy note versions");
  sqlite3_reset (stmt);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&versions), (GDestroyNotify) g_ptr_array_unref);
}

void
dossier_replica_list_policy_versions_async (DossierReplica      *self,
                                            const char          *note_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dossier_replica_list_policy_versions_async);
  g_task_set_task_data (task, g_strdup (note_id), g_free);
  dossier_replica_queue_job (self, task, policy_versions_job);
}

/**
 * dossier_replica_list_policy_versions_finish:
 *
 * Returns: (transfer full) (element-type JsonObject): versions, newest first
 */
GPtrArray *
dossier_replica_list_policy_versions_finish (DossierReplica  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
dossier_replica_list_policy_versions_sync (DossierReplica  *self,
                                           const char      *note_id,
                                           GCancellable    *cancellable,
                                           GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, policy_versions_job,
                                                                 g_strdup (note_id), g_free,
                                                                 cancellable);
  return g_task_propagate_pointer (G_TASK (result), error);
}
