/* dossier-replica-pending.c: see dossier-replica-pending.h.  Jobs on the
 * replica's worker thread, read-only. */

#include "dossier-replica-pending.h"
#include "dossier-replica-private.h"

typedef struct
{
  char  *case_id;
  GStrv  ids;         /* case ids to filter, or kind/record id pairs to locate */
} PendingData;

static void
pending_data_free (PendingData *data)
{
  g_free (data->case_id);
  g_strfreev (data->ids);
  g_free (data);
}

/* The outbox rows of case ?1, its applicant and its set members: built from
 * the model so that a new kind of set member is counted without a change here. */
static const char *
case_pending_sql (void)
{
  static gsize sql = 0;

  if (g_once_init_enter (&sql))
    {
      GString *text = g_string_new ("SELECT count(*) FROM outbox WHERE record_id IN "
                                    "(SELECT ?1 UNION ALL SELECT applicant_id FROM cases "
                                    "WHERE id = ?1");
      guint n_kinds;
      const DossierKindSpec *const *kinds = dossier_model_get_kinds (&n_kinds);

      for (guint i = 0; i < n_kinds; i++)
        if (kinds[i]->flags & DOSSIER_KIND_FLAG_SET_MEMBER)
          g_string_append_printf (text, " UNION ALL SELECT id FROM %s WHERE case_id = ?1",
                                  kinds[i]->table);
      g_string_append (text, ")");
      g_once_init_leave (&sql, (gsize) g_string_free (text, FALSE));
    }
  return (const char *) sql;
}

/* The same rows, but only whether there is one: a case edited for a week
 * offline has hundreds of changes, and each test stops at the first (OR
 * stops at the first true one, the case itself first). */
static const char *
case_has_pending_sql (void)
{
  static gsize sql = 0;

  if (g_once_init_enter (&sql))
    {
      GString *text = g_string_new ("SELECT EXISTS (SELECT 1 FROM outbox WHERE record_id = ?1) "
                                    "OR EXISTS (SELECT 1 FROM cases c JOIN outbox o "
                                    "ON o.record_id = c.applicant_id WHERE c.id = ?1)");
      guint n_kinds;
      const DossierKindSpec *const *kinds = dossier_model_get_kinds (&n_kinds);

      for (guint i = 0; i < n_kinds; i++)
        if (kinds[i]->flags & DOSSIER_KIND_FLAG_SET_MEMBER)
          g_string_append_printf (text, " OR EXISTS (SELECT 1 FROM %s m JOIN outbox o "
                                  "ON o.record_id = m.id WHERE m.case_id = ?1)", kinds[i]->table);
      g_once_init_leave (&sql, (gsize) g_string_free (text, FALSE));
    }
  return (const char *) sql;
}

/* Runs a query of one integer, with the case id as ?1 when there is one. */
static gboolean
query_one_integer (DossierReplicaState  *state,
                   const char           *sql,
                   const char           *case_id,
                   const char           *what,
                   gint64               *out_value,
                   GError              **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (case_id != NULL)
    sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_value = sqlite3_column_int64 (stmt, 0);
  else
    dossier_replica_set_sqlite_error (error, state->db, what);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

/* Once the server has everything, no case has anything pending: one look
 * instead of one a row. */
gboolean
dossier_replica_state_outbox_is_empty (DossierReplicaState  *state,
                                       gboolean             *out_empty,
                                       GError              **error)
{
  gint64 empty = 0;

  if (!query_one_integer (state, "SELECT NOT EXISTS (SELECT 1 FROM outbox)", NULL,
                          "Looking at the changes not yet sent", &empty, error))
    return FALSE;
  *out_empty = empty != 0;
  return TRUE;
}

gboolean
dossier_replica_state_case_has_pending (DossierReplicaState  *state,
                                        const char           *case_id,
                                        gboolean             *out_pending,
                                        GError              **error)
{
  gint64 pending = 0;

  if (!query_one_integer (state, case_has_pending_sql (), case_id,
                          "Looking for a case’s changes not yet sent", &pending, error))
    return FALSE;
  *out_pending = pending != 0;
  return TRUE;
}

gboolean
dossier_replica_state_count_case_pending (DossierReplicaState  *state,
                                          const char           *case_id,
                                          gint64               *out_count,
                                          GError              **error)
{
  return query_one_integer (state, case_pending_sql (), case_id,
                            "Counting a case’s changes not yet sent", out_count, error);
}

static void
count_case_pending_job (DossierReplicaState *state,
                        GTask               *task,
                        gpointer             task_data,
                        GCancellable        *cancellable)
{
  PendingData *data = task_data;
  GError *error = NULL;
  gint64 count = 0;

  if (dossier_replica_state_count_case_pending (state, data->case_id, &count, &error))
    g_task_return_int (task, count);
  else
    g_task_return_error (task, error);
}

void
dossier_replica_count_case_pending_async (DossierReplica      *self,
                                          const char          *case_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  PendingData *data = g_new0 (PendingData, 1);

  g_return_if_fail (case_id != NULL);

  g_task_set_source_tag (task, dossier_replica_count_case_pending_async);
  data->case_id = g_strdup (case_id);
  g_task_set_task_data (task, data, (GDestroyNotify) pending_data_free);
  dossier_replica_queue_job (self, task, count_case_pending_job);
}

/**
 * dossier_replica_count_case_pending_finish:
 *
 * Returns: the number of changes not yet sent, or -1 with @error set
 */
gint64
dossier_replica_count_case_pending_finish (DossierReplica  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

gint64
dossier_replica_count_case_pending_sync (DossierReplica  *self,
                                         const char      *case_id,
                                         GCancellable    *cancellable,
                                         GError         **error)
{
  PendingData *data = g_new0 (PendingData, 1);
  g_autoptr(GAsyncResult) result = NULL;

  data->case_id = g_strdup (case_id);
  result = dossier_replica_run_job_sync (self, count_case_pending_job, data,
                                         (GDestroyNotify) pending_data_free, cancellable);
  return g_task_propagate_int (G_TASK (result), error);
}

static void
filter_pending_job (DossierReplicaState *state,
                    GTask               *task,
                    gpointer             task_data,
                    GCancellable        *cancellable)
{
  PendingData *data = task_data;
  g_autoptr(GStrvBuilder) pending = g_strv_builder_new ();
  GError *error = NULL;

  for (guint i = 0; data->ids[i] != NULL; i++)
    {
      gboolean has_pending = FALSE;

      if (!dossier_replica_state_case_has_pending (state, data->ids[i], &has_pending, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (has_pending)
        g_strv_builder_add (pending, data->ids[i]);
    }
  g_task_return_pointer (task, g_strv_builder_end (pending), (GDestroyNotify) g_strfreev);
}

void
dossier_replica_filter_pending_cases_async (DossierReplica      *self,
                                            const char *const   *case_ids,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  PendingData *data = g_new0 (PendingData, 1);

  g_return_if_fail (case_ids != NULL);

  g_task_set_source_tag (task, dossier_replica_filter_pending_cases_async);
  data->ids = g_strdupv ((char **) case_ids);
  g_task_set_task_data (task, data, (GDestroyNotify) pending_data_free);
  dossier_replica_queue_job (self, task, filter_pending_job);
}

/**
 * dossier_replica_filter_pending_cases_finish:
 *
 * Returns: (transfer full): the ids with changes not yet sent, or %NULL with @error set
 */
GStrv
dossier_replica_filter_pending_cases_finish (DossierReplica  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
count_rejected_job (DossierReplicaState *state,
                    GTask               *task,
                    gpointer             task_data,
                    GCancellable        *cancellable)
{
  GError *error = NULL;
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT count(*) FROM rejected_changes", &error);

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_task_return_int (task, sqlite3_column_int64 (stmt, 0));
  else
    {
      dossier_replica_set_sqlite_error (&error, state->db, "Counting refused changes");
      g_task_return_error (task, error);
    }
  sqlite3_reset (stmt);
}

void
dossier_replica_count_rejected_async (DossierReplica      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dossier_replica_count_rejected_async);
  dossier_replica_queue_job (self, task, count_rejected_job);
}

/**
 * dossier_replica_count_rejected_finish:
 *
 * Returns: the number of refused changes, or -1 with @error set
 */
gint64
dossier_replica_count_rejected_finish (DossierReplica  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

/* Locating records ---------------------------------------------------------- */

/* The first column of the first row of `sql` with ?1 = `arg`, or NULL. */
static char *
query_text (DossierReplicaState *state,
            const char          *sql,
            const char          *arg)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, sql, NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

/* Copies the named text columns of the row `sql` selects into `context`. */
static void
add_columns (DossierReplicaState *state,
             JsonObject          *context,
             const char          *sql,
             const char          *arg)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, sql, NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      if (sqlite3_column_type (stmt, i) != SQLITE_NULL)
        json_object_set_string_member (context, sqlite3_column_name (stmt, i),
                                       (const char *) sqlite3_column_text (stmt, i));
  sqlite3_reset (stmt);
}

static char *
case_of_record (DossierReplicaState   *state,
                const DossierKindSpec *kind,
                const char            *record_id)
{
  g_autofree char *sql = NULL;

  if (g_str_equal (kind->name, "case"))
    return g_strdup (record_id);
  if (g_str_equal (kind->name, "applicant"))
    return query_text (state, "SELECT id FROM cases WHERE applicant_id = ?1 "
                              "ORDER BY rowid DESC LIMIT 1", record_id);
  if (!(kind->flags & DOSSIER_KIND_FLAG_SET_MEMBER))
    return NULL;
  sql = g_strdup_printf ("SELECT case_id FROM %s WHERE id = ?1", kind->table);
  return query_text (state, sql, record_id);
}

static JsonObject *
locate (DossierReplicaState *state,
        const char          *kind_name,
        const char          *record_id)
{
  const DossierKindSpec *kind = dossier_model_lookup_kind (kind_name, NULL);
  JsonObject *context = json_object_new ();
  g_autofree char *case_id = kind != NULL ? case_of_record (state, kind, record_id) : NULL;

  if (case_id != NULL)
    {
      json_object_set_string_member (context, "case_id", case_id);
      add_columns (state, context,
                   "SELECT c.reference, a.family_name, a.given_names, a.native_name FROM cases c "
                   "LEFT JOIN applicants a ON a.id = c.applicant_id WHERE c.id = ?1", case_id);
    }
  else if (g_strcmp0 (kind_name, "applicant") == 0)
    add_columns (state, context, "SELECT family_name, given_names, native_name FROM applicants "
                                 "WHERE id = ?1", record_id);
  else if (g_strcmp0 (kind_name, "policy_note") == 0)
    add_columns (state, context, "SELECT title FROM policy_notes WHERE id = ?1", record_id);
  else if (g_strcmp0 (kind_name, "office") == 0)
    add_columns (state, context, "SELECT name AS title FROM offices WHERE id = ?1", record_id);
  return context;
}

static void
locate_job (DossierReplicaState *state,
            GTask               *task,
            gpointer             task_data,
            GCancellable        *cancellable)
{
  PendingData *data = task_data;
  g_autoptr(GPtrArray) contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; data->ids[i] != NULL && data->ids[i + 1] != NULL; i += 2)
    g_ptr_array_add (contexts, locate (state, data->ids[i], data->ids[i + 1]));
  g_task_return_pointer (task, g_steal_pointer (&contexts), (GDestroyNotify) g_ptr_array_unref);
}

void
dossier_replica_locate_records_async (DossierReplica      *self,
                                      GPtrArray           *records,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GStrvBuilder) pairs = g_strv_builder_new ();
  PendingData *data = g_new0 (PendingData, 1);

  g_return_if_fail (records != NULL);

  g_task_set_source_tag (task, dossier_replica_locate_records_async);
  /* Copied: the worker must not read objects the main thread owns. */
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = records->pdata[i];
      g_strv_builder_add (pairs, json_object_get_string_member_with_default (record, "kind", ""));
      g_strv_builder_add (pairs, json_object_get_string_member_with_default (record, "record_id", ""));
    }
  data->ids = g_strv_builder_end (pairs);
  g_task_set_task_data (task, data, (GDestroyNotify) pending_data_free);
  dossier_replica_queue_job (self, task, locate_job);
}

/**
 * dossier_replica_locate_records_finish:
 *
 * Returns: (transfer full) (element-type JsonObject): one context per record
 */
GPtrArray *
dossier_replica_locate_records_finish (DossierReplica  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
