/* dossier-replica-records.c: records in the replica and their change capture.
 *
 * A save compares every given field with the stored value; only the fields
 * that really change are written, each with its own outbox change and field
 * clock, all in one BEGIN IMMEDIATE transaction with the row itself and its
 * search index entry.  A batch of saves shares one transaction, so a form
 * (or a generated checklist) is never written in half.
 */

#include "dossier-replica-private.h"
#include "dossier-search-text.h"

#include <string.h>

typedef struct
{
  GPtrArray *edits;     /* DossierEdit */
  GPtrArray *ids;       /* ids saved, in order */
} SaveData;

/* Conversions ------------------------------------------------------------ */

JsonNode *
dossier_replica_column_to_json (sqlite3_stmt     *stmt,
                                int               column,
                                DossierFieldType  type)
{
  JsonNode *node;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return json_node_new (JSON_NODE_NULL);

  switch (type)
    {
    case DOSSIER_FIELD_INTEGER:
      node = json_node_init_int (json_node_alloc (), sqlite3_column_int64 (stmt, column));
      break;
    case DOSSIER_FIELD_REAL:
      node = json_node_init_double (json_node_alloc (), sqlite3_column_double (stmt, column));
      break;
    case DOSSIER_FIELD_BOOLEAN:
      node = json_node_init_boolean (json_node_alloc (), sqlite3_column_int (stmt, column) != 0);
      break;
    case DOSSIER_FIELD_LIST:
      node = json_from_string ((const char *) sqlite3_column_text (stmt, column), NULL);
      if (node == NULL)
        node = json_node_new (JSON_NODE_NULL);
      break;
    default:
      node = json_node_init_string (json_node_alloc (),
                                    (const char *) sqlite3_column_text (stmt, column));
      break;
    }
  return node;
}

int
dossier_replica_bind_json (sqlite3_stmt     *stmt,
                           int               index,
                           DossierFieldType  type,
                           JsonNode         *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return sqlite3_bind_null (stmt, index);

  switch (type)
    {
    case DOSSIER_FIELD_INTEGER:
      return sqlite3_bind_int64 (stmt, index, json_node_get_int (value));
    case DOSSIER_FIELD_REAL:
      return sqlite3_bind_double (stmt, index, json_node_get_double (value));
    case DOSSIER_FIELD_BOOLEAN:
      return sqlite3_bind_int (stmt, index, json_node_get_boolean (value));
    case DOSSIER_FIELD_LIST:
      return sqlite3_bind_text (stmt, index, json_to_string (value, FALSE), -1, g_free);
    default:
      return sqlite3_bind_text (stmt, index, json_node_get_string (value), -1, SQLITE_TRANSIENT);
    }
}

char *
dossier_replica_json_to_text (JsonNode *value)
{
  g_autoptr(JsonNode) null = NULL;

  if (value == NULL)
    value = null = json_node_new (JSON_NODE_NULL);
  return json_to_string (value, FALSE);
}

/* The value as it will read back from SQLite, so that comparisons are exact. */
static JsonNode *
normalize_value (const DossierFieldSpec *field,
                 JsonNode               *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return json_node_new (JSON_NODE_NULL);
  if (field->type == DOSSIER_FIELD_REAL)
    return json_node_init_double (json_node_alloc (), json_node_get_double (value));
  return json_node_copy (value);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format_iso8601 (now);
}

/* Rows ------------------------------------------------------------------- */

char *
dossier_replica_select_sql (const DossierKindSpec *kind,
                            const char            *where)
{
  GString *sql = g_string_new ("SELECT id");

  for (guint i = 0; i < kind->n_fields; i++)
    g_string_append_printf (sql, ", %s", kind->fields[i].name);
  g_string_append_printf (sql, " FROM %s %s", kind->table, where);
  return g_string_free (sql, FALSE);
}

JsonObject *
dossier_replica_row_to_object (const DossierKindSpec *kind,
                               sqlite3_stmt          *stmt)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", (const char *) sqlite3_column_text (stmt, 0));
  for (guint i = 0; i < kind->n_fields; i++)
    json_object_set_member (object, kind->fields[i].name,
                            dossier_replica_column_to_json (stmt, i + 1, kind->fields[i].type));
  return object;
}

/* Returns NULL with no error when there is no such row. */
JsonObject *
dossier_replica_state_load_row (DossierReplicaState    *state,
                                const DossierKindSpec  *kind,
                                const char             *id,
                                GError                **error)
{
  g_autofree char *sql = dossier_replica_select_sql (kind, "WHERE id = ?");
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, sql, error);
  JsonObject *object = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    object = dossier_replica_row_to_object (kind, stmt);
  else if (rc != SQLITE_DONE)
    dossier_replica_set_sqlite_error (error, state->db, "Reading a record");
  sqlite3_reset (stmt);
  return object;
}

gboolean
dossier_replica_step_done (DossierReplicaState  *state,
                           sqlite3_stmt         *stmt,
                           const char           *what,
                           GError              **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  dossier_replica_set_sqlite_error (error, state->db, what);
  return FALSE;
}

gboolean
dossier_replica_state_is_tombstoned (DossierReplicaState *state,
                                     const char          *id)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (
    state, "SELECT 1 FROM tombstones WHERE record_id = ?", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* Change capture --------------------------------------------------------- */

/* The version a new change overwrites: the field's current clock, if any. */
static gboolean
current_version (DossierReplicaState *state,
                 const char          *id,
                 const char          *field,
                 DossierHlc          *out_hlc,
                 char               **out_device,
                 GError             **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT hlc, device FROM field_clocks WHERE record_id = ? AND field = ?", error);

  *out_hlc = 0;
  *out_device = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_hlc = (DossierHlc) sqlite3_column_int64 (stmt, 0);
      *out_device = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
dossier_replica_state_write_change (DossierReplicaState *state,
                                    const char          *kind,
                                    const char          *id,
                                    const char          *field,
                                    JsonNode            *value,
                                    JsonNode            *resolves,
                                    GError             **error)
{
  gint64 counter = ++state->counter;
  g_autofree char *change_id = g_strdup_printf ("%s:%" G_GINT64_FORMAT, state->device_id, counter);
  g_autofree char *base_device = NULL;
  DossierHlc base_hlc, hlc;
  sqlite3_stmt *outbox_stmt;

  if (!current_version (state, id, field, &base_hlc, &base_device, error))
    return FALSE;
  /* A change must be later than the version it overwrites: the merge ranks
   * concurrent edits by clock, and a sequential overwrite ranked below its
   * base would lose, on some replicas only, to an edit its base beat.  The
   * clock refuses a peer's clock too far ahead of the wall clock (a laptop
   * with a wrong date) when changes arrive, so it may be behind the base;
   * overwriting that value moves it past the base.  Stamping this change
   * alone would not do: (clock, device) names a version, and a second
   * overwrite of the same base would then repeat the first one's name. */
  dossier_hlc_clock_observe (state->clock, base_hlc);
  hlc = dossier_hlc_clock_now (state->clock);
  if (!dossier_replica_state_set_field_clock (state, id, field, hlc, state->device_id, base_hlc,
                                              base_device, error))
    return FALSE;

  outbox_stmt = dossier_replica_state_prepare (state,
    "INSERT INTO outbox (change_id, kind, record_id, field, value, hlc, device, counter, "
    "base_hlc, base_device, resolves) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (outbox_stmt == NULL)
    return FALSE;
  sqlite3_bind_text (outbox_stmt, 1, change_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (outbox_stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (outbox_stmt, 3, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (outbox_stmt, 4, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (outbox_stmt, 5, dossier_replica_json_to_text (value), -1, g_free);
  sqlite3_bind_int64 (outbox_stmt, 6, (sqlite3_int64) hlc);
  sqlite3_bind_text (outbox_stmt, 7, state->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (outbox_stmt, 8, counter);
  sqlite3_bind_int64 (outbox_stmt, 9, (sqlite3_int64) base_hlc);
  sqlite3_bind_text (outbox_stmt, 10, base_device, -1, SQLITE_STATIC);
  if (resolves != NULL)
    sqlite3_bind_text (outbox_stmt, 11, json_to_string (resolves, FALSE), -1, g_free);
  return dossier_replica_step_done (state, outbox_stmt, "Queueing a change", error);
}

/* The counter and the last clock are saved in the same transaction as the
 * changes that used them, so a crash can never hand out a counter twice. */
gboolean
dossier_replica_state_persist_identity (DossierReplicaState *state,
                  GError             **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "UPDATE replica_meta SET value = CASE key WHEN 'device_counter' THEN ?1 ELSE ?2 END "
    "WHERE key IN ('device_counter', 'last_hlc')", error);
  g_autofree char *counter = NULL;
  g_autofree char *hlc = NULL;

  if (stmt == NULL)
    return FALSE;
  counter = g_strdup_printf ("%" G_GINT64_FORMAT, state->counter);
  hlc = g_strdup_printf ("%" G_GUINT64_FORMAT, dossier_hlc_clock_peek (state->clock));
  sqlite3_bind_text (stmt, 1, counter, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hlc, -1, SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Saving the device counter", error);
}

/**
 * dossier_replica_state_stored_counter:
 *
 * The last counter this device used, as the replica holds it: the one saved
 * with the last commit, or its last change not yet sent if that is later (a
 * replica_meta row written back by hand or by a tool must never make the
 * device hand out a counter twice: the server would take the second change
 * for a copy of the first, and drop it).
 */
gint64
dossier_replica_state_stored_counter (DossierReplicaState *state)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM replica_meta "
    "                     WHERE key = 'device_counter'), 0), "
    "           coalesce((SELECT counter FROM outbox WHERE device = ?1 "
    "                     ORDER BY seq DESC LIMIT 1), 0))", NULL);
  gint64 counter = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, state->device_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    counter = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return counter;
}

/* After a rollback the in-memory counter must go back to what is on disk. */
void
dossier_replica_state_restore_counter (DossierReplicaState *state)
{
  state->counter = dossier_replica_state_stored_counter (state);
}

/* Search index ------------------------------------------------------------ */

static gboolean
kind_is_searchable (const DossierKindSpec *kind)
{
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].flags & (DOSSIER_FIELD_FLAG_SEARCH_TITLE | DOSSIER_FIELD_FLAG_SEARCH_BODY))
      return TRUE;
  return FALSE;
}

/* The flagged string fields, from a row read back (`row`) or from the
 * values of a record being written (`values`, one per field of kind). */
static char *
search_text_of (const DossierKindSpec *kind,
                JsonObject            *row,
                JsonNode *const       *values,
                DossierFieldFlags      flag)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      JsonNode *node;

      if (!(kind->fields[i].flags & flag))
        continue;
      node = row != NULL ? json_object_get_member (row, kind->fields[i].name) : values[i];
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_string_append (text, json_node_get_string (node));
          g_string_append_c (text, ' ');
        }
    }
  return g_string_free (text, FALSE);
}

static gint64
search_doc_rowid (DossierReplicaState *state,
                  const char          *id)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT rowid FROM search_docs WHERE record_id = ?", NULL);
  gint64 rowid = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rowid;
}

static gboolean
delete_search_entry (DossierReplicaState *state,
                     gint64               rowid,
                     GError             **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "DELETE FROM search_fts WHERE rowid = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  return dossier_replica_step_done (state, stmt, "Updating the search index", error);
}

gboolean
dossier_replica_state_unindex_record (DossierReplicaState *state,
                                      const char          *id,
                                      GError             **error)
{
  gint64 rowid = search_doc_rowid (state, id);
  sqlite3_stmt *stmt;

  if (rowid == 0)
    return TRUE;
  if (!delete_search_entry (state, rowid, error))
    return FALSE;
  stmt = dossier_replica_state_prepare (state, "DELETE FROM search_docs WHERE rowid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  return dossier_replica_step_done (state, stmt, "Updating the search index", error);
}

static gboolean
insert_search_entry (DossierReplicaState    *state,
                     const DossierKindSpec  *kind,
                     gint64                  rowid,
                     JsonObject             *row,
                     JsonNode *const        *values,
                     GError                **error)
{
  g_autofree char *title_text = search_text_of (kind, row, values, DOSSIER_FIELD_FLAG_SEARCH_TITLE);
  g_autofree char *body_text = search_text_of (kind, row, values, DOSSIER_FIELD_FLAG_SEARCH_BODY);
  g_autofree char *title = dossier_search_text_prepare (title_text);
  g_autofree char *body = dossier_search_text_prepare (body_text);
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, body, -1, SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Updating the search index", error);
}

gboolean
dossier_replica_state_index_record (DossierReplicaState   *state,
                                    const DossierKindSpec *kind,
                                    const char            *id,
                                    GError               **error)
{
  g_autoptr(JsonObject) row = NULL;
  sqlite3_stmt *stmt;
  gint64 rowid;

  if (!kind_is_searchable (kind))
    return TRUE;
  if ((row = dossier_replica_state_load_row (state, kind, id, error)) == NULL)
    return (error == NULL || *error == NULL)
           && dossier_replica_state_unindex_record (state, id, error);

  /* A record indexed before keeps its document row (and rowid): only its
   * full-text entry is replaced, which spares a one-field edit two writes
   * to search_docs and its unique index. */
  if ((rowid = search_doc_rowid (state, id)) != 0)
    {
      if (!delete_search_entry (state, rowid, error))
        return FALSE;
    }
  else
    {
      stmt = dossier_replica_state_prepare (state,
        "INSERT INTO search_docs (kind, record_id) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, kind->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
      if (!dossier_replica_step_done (state, stmt, "Updating the search index", error))
        return FALSE;
      rowid = sqlite3_last_insert_rowid (state->db);
    }

  return insert_search_entry (state, kind, rowid, row, NULL, error);
}

/* A record this replica never held (no row, no search entry), written from
 * the values in hand: the row is not read back, nor its document looked up. */
gboolean
dossier_replica_state_index_new_record (DossierReplicaState    *state,
                                        const DossierKindSpec  *kind,
                                        const char             *id,
                                        JsonNode *const        *values,
                                        GError                **error)
{
  sqlite3_stmt *stmt;

  if (!kind_is_searchable (kind))
    return TRUE;
  stmt = dossier_replica_state_prepare (state,
    "INSERT INTO search_docs (kind, record_id) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  if (!dossier_replica_step_done (state, stmt, "Updating the search index", error))
    return FALSE;
  return insert_search_entry (state, kind, sqlite3_last_insert_rowid (state->db), NULL, values,
                              error);
}

/* A save leaves the search entries of the records it changed to the worker,
 * which rewrites them right after the save's commit (see
 * dossier_replica_state_flush_search()): the save is durable sooner. */
static gboolean
mark_search_stale (DossierReplicaState   *state,
                   const DossierKindSpec *kind,
                   const char            *id,
                   GError               **error)
{
  sqlite3_stmt *stmt;

  if (!kind_is_searchable (kind))
    return TRUE;
  stmt = dossier_replica_state_prepare (state,
    "INSERT OR IGNORE INTO search_stale (record_id, kind) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind->name, -1, SQLITE_STATIC);
  state->search_stale = TRUE;
  return dossier_replica_step_done (state, stmt, "Saving a record", error);
}

static gboolean
reindex_stale (DossierReplicaState  *state,
               GError              **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT record_id, kind FROM search_stale", error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const DossierKindSpec *kind = dossier_model_lookup_kind (
        (const char *) sqlite3_column_text (stmt, 1), NULL);

      if (kind == NULL)
        continue;   /* a kind this version does not know: nothing to index */
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (kinds, (gpointer) kind);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_replica_set_sqlite_error (error, state->db, "Updating the search index");
      return FALSE;
    }
  for (guint i = 0; i < ids->len; i++)
    if (!dossier_replica_state_index_record (state, kinds->pdata[i], ids->pdata[i], error))
      return FALSE;
  return dossier_replica_state_exec (state, "DELETE FROM search_stale", error);
}

/**
 * dossier_replica_state_flush_search:
 *
 * Rewrites the search entries that saves left stale, in a transaction of its
 * own.  The worker calls it after every job, so no later job ever sees a
 * stale entry.  The transaction commits without waiting for the disk: the
 * entries are derived data, and until a later commit makes them durable the
 * rows of search_stale (which were) say what to redo after a crash.
 */
void
dossier_replica_state_flush_search (DossierReplicaState *state)
{
  g_autoptr(GError) error = NULL;

  /* A first sync's held transaction (dossier_replica_state_release_hold())
   * comes first: the next job that is not the sync's own commits it. */
  if (!state->search_stale || state->db == NULL || state->holding)
    return;
  state->search_stale = FALSE;
  if (!dossier_replica_state_exec (state, "PRAGMA synchronous = NORMAL", &error)
      || !dossier_replica_state_begin (state, &error) || !reindex_stale (state, &error)
      || !dossier_replica_state_commit (state, &error))
    {
      dossier_replica_state_rollback (state);
      state->search_stale = TRUE;   /* tried again after the next job */
      g_warning ("Cannot update the search index: %s", error->message);
      g_clear_error (&error);
    }
  /* Every other commit is durable on its own. */
  if (!dossier_replica_state_exec (state, "PRAGMA synchronous = FULL", &error))
    g_critical ("Cannot make commits durable again: %s", error->message);
}

/* Saving ----------------------------------------------------------------- */

DossierEdit *
dossier_edit_new (const char *kind,
                  const char *id,
                  JsonObject *fields)
{
  DossierEdit *edit = g_new0 (DossierEdit, 1);

  edit->kind = g_strdup (kind);
  edit->id = g_strdup (id);
  edit->fields = json_object_ref (fields);
  return edit;
}

void
dossier_edit_free (DossierEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->kind);
  g_free (edit->id);
  json_object_unref (edit->fields);
  g_free (edit);
}

static void
save_data_free (SaveData *data)
{
  g_ptr_array_unref (data->edits);
  g_clear_pointer (&data->ids, g_ptr_array_unref);
  g_free (data);
}

/* Checks kinds, field names and value types before any transaction starts. */
static gboolean
validate_edit (DossierEdit  *edit,
               GError      **error)
{
  g_autoptr(GError) kind_error = NULL;
  const DossierKindSpec *kind = dossier_model_lookup_kind (edit->kind, &kind_error);
  g_autoptr(GList) members = NULL;

  if (kind == NULL)
    {
      g_set_error_literal (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                           kind_error->message);
      return FALSE;
    }
  if (edit->id != NULL && !dossier_model_is_uuid (edit->id))
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                   "“%s” is not a record id (a UUID)", edit->id);
      return FALSE;
    }
  members = json_object_get_members (edit->fields);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const DossierFieldSpec *field = dossier_kind_spec_lookup_field (kind, l->data);
      g_autoptr(GError) local_error = NULL;

      if (field == NULL)
        {
          g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                       "Records of kind “%s” have no field “%s”", kind->name, (const char *) l->data);
          return FALSE;
        }
      if (!dossier_model_validate_value (kind, field,
                                         json_object_get_member (edit->fields, l->data),
                                         &local_error))
        {
          g_set_error_literal (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                               local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* The fields whose value differs from the stored one (all non-null ones for a new record). */
static GPtrArray *
changed_fields (const DossierKindSpec *kind,
                JsonObject            *current,
                JsonObject            *fields)
{
  GPtrArray *changed = g_ptr_array_new ();

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const DossierFieldSpec *field = &kind->fields[i];
      g_autoptr(JsonNode) value = NULL;

      if (!json_object_has_member (fields, field->name))
        continue;
      value = normalize_value (field, json_object_get_member (fields, field->name));
      if (current == NULL ? JSON_NODE_HOLDS_NULL (value)
                          : json_node_equal (value, json_object_get_member (current, field->name)))
        continue;
      g_ptr_array_add (changed, (gpointer) field);
    }
  return changed;
}

static gboolean
write_row (DossierReplicaState   *state,
           const DossierKindSpec *kind,
           const char            *id,
           gboolean               creating,
           GPtrArray             *changed,
           JsonObject            *fields,
           GError               **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;

  if (creating)
    g_string_append_printf (sql, "INSERT INTO %s (updated_at", kind->table);
  else
    g_string_append_printf (sql, "UPDATE %s SET updated_at = ?1", kind->table);
  for (guint i = 0; i < changed->len; i++)
    {
      const DossierFieldSpec *field = changed->pdata[i];
      if (creating)
        g_string_append_printf (sql, ", %s", field->name);
      else
        g_string_append_printf (sql, ", %s = ?%u", field->name, i + 3);
    }
  if (creating)
    {
      g_string_append (sql, ", id) VALUES (?1");
      for (guint i = 0; i < changed->len; i++)
        g_string_append_printf (sql, ", ?%u", i + 3);
      g_string_append (sql, ", ?2)");
    }
  else
    g_string_append (sql, " WHERE id = ?2");

  if ((stmt = dossier_replica_state_prepare (state, sql->str, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now_iso8601 (), -1, g_free);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  for (guint i = 0; i < changed->len; i++)
    {
      const DossierFieldSpec *field = changed->pdata[i];
      dossier_replica_bind_json (stmt, i + 3, field->type,
                                 json_object_get_member (fields, field->name));
    }
  return dossier_replica_step_done (state, stmt, "Saving a record", error);
}

/* The search entry is made of the searchable fields only: an edit of others
 * (a due date, a stage, a number) leaves it as it is. */
static gboolean
needs_reindex (gboolean   created,
               GPtrArray *changed)
{
  if (created)
    return TRUE;
  for (guint i = 0; i < changed->len; i++)
    if (((const DossierFieldSpec *) changed->pdata[i])->flags
        & (DOSSIER_FIELD_FLAG_SEARCH_TITLE | DOSSIER_FIELD_FLAG_SEARCH_BODY))
      return TRUE;
  return FALSE;
}

static char *
save_one (DossierReplicaState  *state,
          DossierEdit          *edit,
          GError              **error)
{
  const DossierKindSpec *kind = dossier_model_lookup_kind (edit->kind, NULL);
  g_autofree char *id = edit->id ? g_strdup (edit->id) : dossier_model_new_id ();
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  GError *local_error = NULL;

  current = dossier_replica_state_load_row (state, kind, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (current == NULL && dossier_replica_state_is_tombstoned (state, id))
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND,
                   "This %s was deleted", kind->name);
      return NULL;
    }
  if (current != NULL && (kind->flags & DOSSIER_KIND_FLAG_APPEND_ONLY))
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_APPEND_ONLY,
                   "A %s cannot be changed once written", kind->name);
      return NULL;
    }

  changed = changed_fields (kind, current, edit->fields);
  if (changed->len == 0)
    {
      if (current != NULL)
        return g_steal_pointer (&id);   /* nothing changed: nothing to sync */
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                   "A new record of kind “%s” needs at least one field", kind->name);
      return NULL;
    }

  if (!write_row (state, kind, id, current == NULL, changed, edit->fields, error))
    return NULL;
  for (guint i = 0; i < changed->len; i++)
    {
      const DossierFieldSpec *field = changed->pdata[i];
      g_autoptr(JsonNode) value = normalize_value (field, json_object_get_member (edit->fields,
                                                                                  field->name));
      if (!dossier_replica_state_write_change (state, kind->name, id, field->name, value, NULL, error))
        return NULL;
    }
  if (needs_reindex (current == NULL, changed)
      && !mark_search_stale (state, kind, id, error))
    return NULL;
  return g_steal_pointer (&id);
}

static void
save_job (DossierReplicaState *state,
          GTask               *task,
          gpointer             task_data,
          GCancellable        *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  data->ids = g_ptr_array_new_with_free_func (g_free);
  if (!dossier_replica_state_begin (state, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < data->edits->len; i++)
    {
      char *id = save_one (state, data->edits->pdata[i], &error);
      if (id == NULL)
        break;
      g_ptr_array_add (data->ids, id);
    }
  if (error == NULL && dossier_replica_state_persist_identity (state, &error) && dossier_replica_state_commit (state, &error))
    {
      dossier_replica_state_notify_local_change (state);
      g_task_return_pointer (task, g_ptr_array_ref (data->ids), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  dossier_replica_state_rollback (state);
  dossier_replica_state_restore_counter (state);
  g_task_return_error (task, error);
}

/**
 * dossier_replica_save_many_async:
 * @edits: (element-type DossierEdit): the records to save, in order
 *
 * Saves every edit in one transaction.  Invalid kinds, fields or values are
 * refused before anything is written.
 */
void
dossier_replica_save_many_async (DossierReplica      *self,
                                 GPtrArray           *edits,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  SaveData *data;

  g_task_set_source_tag (task, dossier_replica_save_many_async);
  for (guint i = 0; i < edits->len; i++)
    if (!validate_edit (edits->pdata[i], &error))
      {
        g_task_return_error (task, error);
        return;
      }
  data = g_new0 (SaveData, 1);
  data->edits = g_ptr_array_ref (edits);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  dossier_replica_queue_job (self, task, save_job);
}

/**
 * dossier_replica_save_many_finish:
 *
 * Returns: (transfer full) (element-type utf8): the ids of the saved records
 */
GPtrArray *
dossier_replica_save_many_finish (DossierReplica  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
dossier_replica_save_many_sync (DossierReplica  *self,
                                GPtrArray       *edits,
                                GCancellable    *cancellable,
                                GError         **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_replica_save_many_async (self, edits, cancellable, dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_replica_save_many_finish (self, result, error);
}

/**
 * dossier_replica_save_async:
 * @id: (nullable): the record to update, or NULL to create one with a new UUID
 * @fields: the fields to set; members absent from it are left as they are
 */
void
dossier_replica_save_async (DossierReplica      *self,
                            const char          *kind,
                            const char          *id,
                            JsonObject          *fields,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);

  g_ptr_array_add (edits, dossier_edit_new (kind, id, fields));
  dossier_replica_save_many_async (self, edits, cancellable, callback, user_data);
}

/**
 * dossier_replica_save_finish:
 *
 * Returns: (transfer full): the id of the saved record
 */
char *
dossier_replica_save_finish (DossierReplica  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_autoptr(GPtrArray) ids = dossier_replica_save_many_finish (self, result, error);

  return ids != NULL ? g_strdup (ids->pdata[0]) : NULL;
}

char *
dossier_replica_save_sync (DossierReplica  *self,
                           const char      *kind,
                           const char      *id,
                           JsonObject      *fields,
                           GCancellable    *cancellable,
                           GError         **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_replica_save_async (self, kind, id, fields, cancellable, dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_replica_save_finish (self, result, error);
}

/* Deleting --------------------------------------------------------------- */

typedef struct
{
  const DossierKindSpec *kind;
  char                  *id;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_free (data->id);
  g_free (data);
}

/* The versions of the record's fields the user sees when deleting it (the
 * current values and the conflict losers), as [hlc, device] pairs.  The
 * tombstone names them: every replica then tells an edit the deleter knew
 * of from a concurrent one, which must stay visible as a conflict (see
 * dossier-replica-apply.c). */
static JsonNode *
seen_versions (DossierReplicaState  *state,
               const char           *id,
               GError              **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT hlc, device FROM field_clocks WHERE record_id = ?1 AND field <> '_deleted' "
    "UNION SELECT hlc, device FROM field_losers WHERE record_id = ?1 AND field <> '_deleted' "
    "ORDER BY 1, 2", error);
  JsonArray *pairs;

  if (stmt == NULL)
    return NULL;
  pairs = json_array_new ();
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
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
delete_one (DossierReplicaState *state,
            DeleteData          *data,
            GError             **error)
{
  g_autoptr(JsonObject) current = dossier_replica_state_load_row (state, data->kind, data->id, error);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", data->kind->table);
  g_autoptr(JsonNode) deleted = json_node_init_boolean (json_node_alloc (), TRUE);
  g_autoptr(JsonNode) seen = NULL;
  sqlite3_stmt *stmt;

  if (current == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND,
                     "There is no %s with id %s", data->kind->name, data->id);
      return FALSE;
    }
  if ((seen = seen_versions (state, data->id, error)) == NULL
      || (stmt = dossier_replica_state_prepare (state, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->id, -1, SQLITE_STATIC);
  if (!dossier_replica_step_done (state, stmt, "Deleting a record", error)
      || !dossier_replica_state_unindex_record (state, data->id, error)
      || !dossier_replica_state_write_change (state, data->kind->name, data->id, "_deleted",
                                              deleted, seen, error))
    return FALSE;

  /* Its conflicts were in sight when the user deleted it: settled with it. */
  stmt = dossier_replica_state_prepare (state, "DELETE FROM field_losers WHERE record_id = ?",
                                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->id, -1, SQLITE_STATIC);
  if (!dossier_replica_step_done (state, stmt, "Deleting a record", error))
    return FALSE;

  /* The tombstone carries the clock of the delete, for merging with concurrent edits. */
  stmt = dossier_replica_state_prepare (state,
    "INSERT OR REPLACE INTO tombstones (record_id, kind, hlc, device) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->kind->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) dossier_hlc_clock_peek (state->clock));
  sqlite3_bind_text (stmt, 4, state->device_id, -1, SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Recording a deletion", error);
}

static void
delete_job (DossierReplicaState *state,
            GTask               *task,
            gpointer             task_data,
            GCancellable        *cancellable)
{
  GError *error = NULL;

  if (dossier_replica_state_begin (state, &error)
      && delete_one (state, task_data, &error)
      && dossier_replica_state_persist_identity (state, &error)
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

/**
 * dossier_replica_delete_async:
 *
 * Deletes a record, leaving a tombstone and an outbox change.  Append-only
 * records (activity entries) cannot be deleted.
 */
void
dossier_replica_delete_async (DossierReplica      *self,
                              const char          *kind,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const DossierKindSpec *spec;
  GError *error = NULL;
  DeleteData *data;

  g_task_set_source_tag (task, dossier_replica_delete_async);
  if ((spec = dossier_model_lookup_kind (kind, &error)) == NULL)
    {
      g_task_return_new_error (task, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID,
                               "%s", error->message);
      g_error_free (error);
      return;
    }
  if (spec->flags & DOSSIER_KIND_FLAG_APPEND_ONLY)
    {
      g_task_return_new_error (task, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_APPEND_ONLY,
                               "A %s cannot be deleted", spec->name);
      return;
    }
  data = g_new0 (DeleteData, 1);
  data->kind = spec;
  data->id = g_strdup (id);
  g_task_set_task_data (task, data, (GDestroyNotify) delete_data_free);
  dossier_replica_queue_job (self, task, delete_job);
}

gboolean
dossier_replica_delete_finish (DossierReplica  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
dossier_replica_delete_sync (DossierReplica  *self,
                             const char      *kind,
                             const char      *id,
                             GCancellable    *cancellable,
                             GError         **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_replica_delete_async (self, kind, id, cancellable, dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_replica_delete_finish (self, result, error);
}
