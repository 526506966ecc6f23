/* dossier-replica-apply.c: applying pulled changes to the replica.
 *
 * Each change is merged into its field with dossier_field_state_merge (the
 * rule the server and every replica share): the field's current version lives
 * in field_clocks (its value in the record's row), the concurrent versions
 * that lost in field_losers.  A page of changes and the new pull cursor are
 * written in one transaction.  Kinds and fields this version does not know
 * are kept in unknown_fields, never dropped.
 *
 * The winning values of a page are gathered per record and each record is
 * written once, with one statement, at the end of the page: a first sync
 * writes a case in one insert rather than one upsert per field, and a
 * record's triggers (a policy note's version history) see its fields as they
 * were saved together, not half of them.
 */

#include "dossier-merge.h"
#include "dossier-replica-private.h"

#include <string.h>

/* A record's winning values in the page being applied, not yet written. */
typedef struct
{
  const DossierKindSpec *kind;
  char                  *id;
  char                 **values;    /* per field of kind, JSON text, or NULL if unchanged */
  guint                  n_values;
  JsonObject            *stored;    /* the row as it was before the page, once loaded */
  gboolean               loaded;
} PendingRow;

static void
pending_row_free (PendingRow *row)
{
  for (guint i = 0; i < row->kind->n_fields; i++)
    g_free (row->values[i]);
  g_free (row->values);
  g_free (row->id);
  g_clear_pointer (&row->stored, json_object_unref);
  g_free (row);
}

typedef struct
{
  GPtrArray         *changes;
  gint64             next_cursor;
  DossierApplyStats  stats;
  GHashTable        *rows;        /* record id -> PendingRow, owned by row_order */
  GPtrArray         *row_order;   /* PendingRow, in the order first written */
} ApplyData;

static void
apply_data_free (ApplyData *data)
{
  g_ptr_array_unref (data->changes);
  g_clear_pointer (&data->rows, g_hash_table_unref);
  g_clear_pointer (&data->row_order, g_ptr_array_unref);
  g_free (data);
}

static PendingRow *
pending_row (ApplyData             *data,
             const DossierKindSpec *kind,
             const char            *id)
{
  PendingRow *row = g_hash_table_lookup (data->rows, id);

  if (row == NULL)
    {
      row = g_new0 (PendingRow, 1);
      row->kind = kind;
      row->id = g_strdup (id);
      row->values = g_new0 (char *, kind->n_fields);
      g_hash_table_insert (data->rows, row->id, row);
      g_ptr_array_add (data->row_order, row);
    }
  return row;
}

static gboolean
pending_row_set (PendingRow             *row,
                 const DossierFieldSpec *field,
                 const char             *json_text)
{
  guint index = field - row->kind->fields;

  row->n_values += row->values[index] == NULL;
  g_free (row->values[index]);
  row->values[index] = g_strdup (json_text != NULL ? json_text : "null");
  return TRUE;
}

/* A record deleted in the page: the values the page gave it die with it. */
static void
pending_row_forget (PendingRow *row)
{
  for (guint i = 0; i < row->kind->n_fields; i++)
    g_clear_pointer (&row->values[i], g_free);
  row->n_values = 0;
  g_clear_pointer (&row->stored, json_object_unref);
  row->loaded = TRUE;
}

/* The field's value as JSON text: written earlier in this page, or stored. */
static char *
current_value (DossierReplicaState    *state,
               ApplyData              *data,
               const DossierKindSpec  *kind,
               const DossierFieldSpec *field,
               const char             *id)
{
  PendingRow *row = pending_row (data, kind, id);
  guint index = field - kind->fields;

  if (row->values[index] != NULL)
    return g_strdup (row->values[index]);
  if (!row->loaded)
    {
      row->stored = dossier_replica_state_load_row (state, kind, id, NULL);
      row->loaded = TRUE;
    }
  return dossier_replica_json_to_text (row->stored ? json_object_get_member (row->stored, field->name)
                                                   : NULL);
}

static DossierFieldVersion *
version_of_change (const DossierChange *change)
{
  g_autofree char *value = dossier_replica_json_to_text (change->value);

  return dossier_field_version_new (change->hlc, change->device, change->base_hlc,
                                    change->base_device, value);
}

/* The field's current version, its value as JSON text, and its losers. */
static gboolean
load_field_state (DossierReplicaState   *state,
                  ApplyData             *data,
                  const DossierKindSpec *kind,
                  const DossierChange   *change,
                  DossierFieldState     *field_state,
                  GError               **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT hlc, device, base_hlc, base_device FROM field_clocks "
    "WHERE record_id = ? AND field = ?", error);
  const DossierFieldSpec *spec = dossier_kind_spec_lookup_field (kind, change->field);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->field, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *value = NULL;

      if (spec != NULL)
        value = current_value (state, data, kind, spec, change->record_id);
      field_state->current = dossier_field_version_new (
        (DossierHlc) sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
        (DossierHlc) sqlite3_column_int64 (stmt, 2), (const char *) sqlite3_column_text (stmt, 3),
        value);
    }
  sqlite3_reset (stmt);

  stmt = dossier_replica_state_prepare (state,
    "SELECT hlc, device, base_hlc, base_device, value FROM field_losers "
    "WHERE record_id = ? AND field = ? ORDER BY hlc, device", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->field, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (field_state->losers, dossier_field_version_new (
      (DossierHlc) sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
      (DossierHlc) sqlite3_column_int64 (stmt, 2), (const char *) sqlite3_column_text (stmt, 3),
      (const char *) sqlite3_column_text (stmt, 4)));
  sqlite3_reset (stmt);
  return TRUE;
}

static GArray *
parse_resolves (JsonNode *resolves)
{
  GArray *versions = g_array_new (FALSE, FALSE, sizeof (DossierVersion));
  JsonArray *array;

  if (resolves == NULL || !JSON_NODE_HOLDS_ARRAY (resolves))
    return versions;
  array = json_node_get_array (resolves);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *pair = json_array_get_element (array, i);
      DossierVersion version = { 0, NULL };

      if (!JSON_NODE_HOLDS_ARRAY (pair) || json_array_get_length (json_node_get_array (pair)) != 2
          || !dossier_hlc_from_string (json_array_get_string_element (json_node_get_array (pair), 0),
                                       &version.hlc, NULL))
        continue;
      version.device = g_intern_string (json_array_get_string_element (json_node_get_array (pair), 1));
      g_array_append_val (versions, version);
    }
  return versions;
}

static gboolean
write_clock (DossierReplicaState       *state,
             const char                *record_id,
             const char                *field,
             const DossierFieldVersion *current,
             GError                   **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "INSERT INTO field_clocks (record_id, field, hlc, device, base_hlc, base_device) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (record_id, field) DO UPDATE SET "
    "hlc = excluded.hlc, device = excluded.device, base_hlc = excluded.base_hlc, "
    "base_device = excluded.base_device", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) current->hlc);
  sqlite3_bind_text (stmt, 4, current->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) current->base_hlc);
  sqlite3_bind_text (stmt, 6, current->base_device, -1, SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Recording a field clock", error);
}

static gboolean
write_losers (DossierReplicaState     *state,
              const DossierChange     *change,
              const DossierFieldState *field_state,
              GError                 **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "DELETE FROM field_losers WHERE record_id = ? AND field = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->field, -1, SQLITE_STATIC);
  if (!dossier_replica_step_done (state, stmt, "Recording a conflict", error))
    return FALSE;
  for (guint i = 0; i < field_state->losers->len; i++)
    {
      DossierFieldVersion *loser = field_state->losers->pdata[i];

      stmt = dossier_replica_state_prepare (state,
        "INSERT INTO field_losers (record_id, kind, field, hlc, device, base_hlc, base_device, "
        "value, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, change->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, change->field, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) loser->hlc);
      sqlite3_bind_text (stmt, 5, loser->device, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, (sqlite3_int64) loser->base_hlc);
      sqlite3_bind_text (stmt, 7, loser->base_device, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, loser->value, -1, SQLITE_STATIC);
      if (!dossier_replica_step_done (state, stmt, "Recording a conflict", error))
        return FALSE;
    }
  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Writes each record of the page once, with the fields the page changed. */
static gboolean
write_rows (DossierReplicaState *state,
            ApplyData           *data,
            GError             **error)
{
  g_autoptr(GHashTable) statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            finalize_statement);

  for (guint r = 0; r < data->row_order->len; r++)
    {
      PendingRow *row = data->row_order->pdata[r];
      const DossierKindSpec *kind = row->kind;
      g_autoptr(GString) sql = NULL;
      g_autoptr(GString) values = NULL;
      g_autoptr(GString) updates = NULL;
      sqlite3_stmt *stmt;
      int n = 1;

      if (row->n_values == 0)
        continue;
      sql = g_string_new (NULL);
      values = g_string_new ("?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')");
      updates = g_string_new (NULL);
      g_string_printf (sql, "INSERT INTO %s (id, updated_at", kind->table);
      for (guint i = 0; i < kind->n_fields; i++)
        if (row->values[i] != NULL)
          {
            g_string_append_printf (sql, ", %s", kind->fields[i].name);
            g_string_append_printf (values, ", ?%d", ++n);
            g_string_append_printf (updates, "%s = excluded.%s, ", kind->fields[i].name,
                                    kind->fields[i].name);
          }
      g_string_append_printf (sql, ") VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s"
                              "updated_at = excluded.updated_at", values->str, updates->str);

      stmt = g_hash_table_lookup (statements, sql->str);
      if (stmt == NULL)
        {
          if (sqlite3_prepare_v2 (state->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
            {
              dossier_replica_set_sqlite_error (error, state->db, "Applying changes");
              sqlite3_finalize (stmt);
              return FALSE;
            }
          g_hash_table_insert (statements, g_strdup (sql->str), stmt);
        }
      else
        {
          sqlite3_reset (stmt);
          sqlite3_clear_bindings (stmt);
        }
      sqlite3_bind_text (stmt, 1, row->id, -1, SQLITE_STATIC);
      n = 1;
      for (guint i = 0; i < kind->n_fields; i++)
        if (row->values[i] != NULL)
          {
            g_autoptr(JsonNode) value = json_from_string (row->values[i], NULL);
            dossier_replica_bind_json (stmt, ++n, kind->fields[i].type, value);
          }
      if (!dossier_replica_step_done (state, stmt, "Applying changes", error))
        return FALSE;
      sqlite3_reset (stmt);
      if (!dossier_replica_state_index_record (state, kind, row->id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
keep_unknown (DossierReplicaState *state,
              const DossierChange *change,
              GError             **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "INSERT INTO unknown_fields (record_id, kind, field, value, hlc, device) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (record_id, field) DO UPDATE SET "
    "kind = excluded.kind, value = excluded.value, hlc = excluded.hlc, device = excluded.device "
    "WHERE excluded.hlc > unknown_fields.hlc OR (excluded.hlc = unknown_fields.hlc "
    "AND excluded.device > unknown_fields.device)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, change->field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, dossier_replica_json_to_text (change->value), -1, g_free);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) change->hlc);
  sqlite3_bind_text (stmt, 6, change->device, -1, SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Keeping an unknown field", error);
}

static gboolean
delete_record (DossierReplicaState   *state,
               ApplyData             *data,
               const DossierKindSpec *kind,
               const DossierChange   *change,
               GError               **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", kind->table);
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  if (!dossier_replica_step_done (state, stmt, "Applying a deletion", error)
      || !dossier_replica_state_unindex_record (state, change->record_id, error))
    return FALSE;
  pending_row_forget (pending_row (data, kind, change->record_id));
  stmt = dossier_replica_state_prepare (state,
    "INSERT OR REPLACE INTO tombstones (record_id, kind, hlc, device) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) change->hlc);
  sqlite3_bind_text (stmt, 4, change->device, -1, SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Applying a deletion", error);
}

static gboolean
version_listed (GArray               *versions,
                const DossierVersion *version)
{
  for (guint i = 0; i < versions->len; i++)
    if (dossier_version_equal (&g_array_index (versions, DossierVersion, i), version))
      return TRUE;
  return FALSE;
}

static gboolean
insert_loser (DossierReplicaState       *state,
              const DossierChange       *change,
              const char                *field,
              const DossierFieldVersion *loser,
              GError                   **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "INSERT OR IGNORE INTO field_losers (record_id, kind, field, hlc, device, base_hlc, "
    "base_device, value, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) loser->hlc);
  sqlite3_bind_text (stmt, 5, loser->device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, (sqlite3_int64) loser->base_hlc);
  sqlite3_bind_text (stmt, 7, loser->base_device, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, loser->value, -1, SQLITE_STATIC);
  return dossier_replica_step_done (state, stmt, "Keeping an edit of a deleted record", error);
}

/* A delete lists the field versions its writer had seen (in "resolves"; see
 * seen_versions() in dossier-replica-records.c).  The record's versions here
 * that it does not list were written concurrently with it, unseen: each stays
 * as a loser of its field, shown in the conflicts view, rather than vanishing
 * with the row.  The writer of the delete keeps the same edits as losers when
 * they reach it (see apply_one()), so every replica shows the same conflicts.
 * A delete without the list (written before it existed) keeps nothing. */
static gboolean
keep_unseen_versions (DossierReplicaState   *state,
                      ApplyData             *data,
                      const DossierKindSpec *kind,
                      const DossierChange   *change,
                      GArray                *seen,
                      GError               **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) unseen = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dossier_field_version_free);
  sqlite3_stmt *stmt;

  if (change->resolves == NULL)
    return TRUE;
  stmt = dossier_replica_state_prepare (state,
    "SELECT field, hlc, device, base_hlc, base_device FROM field_clocks "
    "WHERE record_id = ? AND field <> '_deleted'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const DossierFieldSpec *field = dossier_kind_spec_lookup_field (
        kind, (const char *) sqlite3_column_text (stmt, 0));
      DossierVersion version = { (DossierHlc) sqlite3_column_int64 (stmt, 1),
                                 (const char *) sqlite3_column_text (stmt, 2) };

      if (field == NULL || version_listed (seen, &version))
        continue;
      g_ptr_array_add (fields, (gpointer) field);
      g_ptr_array_add (unseen, dossier_field_version_new (
        version.hlc, version.device, (DossierHlc) sqlite3_column_int64 (stmt, 3),
        (const char *) sqlite3_column_text (stmt, 4), NULL));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < unseen->len; i++)
    {
      const DossierFieldSpec *field = fields->pdata[i];
      DossierFieldVersion *loser = unseen->pdata[i];

      g_free (loser->value);
      loser->value = current_value (state, data, kind, field, change->record_id);
      if (!insert_loser (state, change, field->name, loser, error))
        return FALSE;
      data->stats.conflicts++;
    }
  return TRUE;
}

/* The losers a delete lists were seen by its writer before deleting: settled. */
static gboolean
settle_listed_losers (DossierReplicaState *state,
                      const DossierChange *change,
                      GArray              *seen,
                      GError             **error)
{
  for (guint i = 0; i < seen->len; i++)
    {
      const DossierVersion *version = &g_array_index (seen, DossierVersion, i);
      sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
        "DELETE FROM field_losers WHERE record_id = ? AND hlc = ? AND device = ? "
        "AND field <> '_deleted'", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) version->hlc);
      sqlite3_bind_text (stmt, 3, version->device, -1, SQLITE_STATIC);
      if (!dossier_replica_step_done (state, stmt, "Settling edits of a deleted record", error))
        return FALSE;
    }
  return TRUE;
}

/* Two deletes of one record are the same intent, never a conflict: the
 * record's "_deleted" field keeps no loser, and the later delete wins. */
static DossierMergeOutcome
merge_delete (DossierFieldState   *field_state,
              DossierMergeOutcome  outcome)
{
  g_ptr_array_set_size (field_state->losers, 0);
  if (outcome == DOSSIER_MERGE_KEEP_CONFLICT)
    return DOSSIER_MERGE_OBSOLETE;
  if (outcome == DOSSIER_MERGE_APPLY_CONFLICT)
    return DOSSIER_MERGE_APPLY;
  return outcome;
}

/* A delete reaching a live record keeps the versions its writer did not see,
 * then removes the row.  Reaching a record already deleted here (a concurrent
 * delete), it keeps nothing more: edits the first delete had not seen are
 * losers already, and those this one lists its writer saw and settled. */
static gboolean
apply_delete (DossierReplicaState   *state,
              ApplyData             *data,
              const DossierKindSpec *kind,
              const DossierChange   *change,
              GArray                *seen,
              gboolean               winner,
              GError               **error)
{
  if (dossier_replica_state_is_tombstoned (state, change->record_id))
    {
      if (change->resolves != NULL && !settle_listed_losers (state, change, seen, error))
        return FALSE;
    }
  else if (!keep_unseen_versions (state, data, kind, change, seen, error))
    return FALSE;
  return !winner || delete_record (state, data, kind, change, error);
}

/* Merges one change into its field; writes the winner, the losers, the row. */
static gboolean
apply_one (DossierReplicaState *state,
           ApplyData           *data,
           const DossierChange *change,
           GError             **error)
{
  const DossierKindSpec *kind = dossier_model_lookup_kind (change->kind, NULL);
  const DossierFieldSpec *field = kind ? dossier_kind_spec_lookup_field (kind, change->field) : NULL;
  gboolean deleting = g_strcmp0 (change->field, "_deleted") == 0;
  g_autoptr(DossierFieldVersion) incoming = version_of_change (change);
  g_autoptr(GArray) resolves = parse_resolves (change->resolves);
  DossierFieldState field_state;
  DossierMergeOutcome outcome;
  gboolean ok = TRUE;

  dossier_hlc_clock_receive (state->clock, change->hlc, NULL, NULL);   /* a skewed peer: still applied */
  if (change->scope != NULL
      && !dossier_replica_state_remember_scope (state, change->record_id, change->scope, error))
    return FALSE;
  if (kind == NULL || (field == NULL && !deleting)
      || (field != NULL && !dossier_model_validate_value (kind, field, change->value, NULL)))
    {
      data->stats.unknown++;
      return keep_unknown (state, change, error);
    }

  dossier_field_state_init (&field_state);
  if (!load_field_state (state, data, kind, change, &field_state, error))
    {
      dossier_field_state_clear (&field_state);
      return FALSE;
    }
  outcome = dossier_field_state_merge (&field_state, incoming,
                                       (const DossierVersion *) (void *) resolves->data, resolves->len);
  if (deleting)
    outcome = merge_delete (&field_state, outcome);
  /* An edit of a record deleted here stays visible as a loser, never silently dropped. */
  else if (dossier_replica_state_is_tombstoned (state, change->record_id)
           && (outcome == DOSSIER_MERGE_APPLY || outcome == DOSSIER_MERGE_APPLY_CONFLICT))
    {
      g_ptr_array_add (field_state.losers, dossier_field_version_copy (incoming));
      outcome = DOSSIER_MERGE_KEEP_CONFLICT;
    }

  if (outcome == DOSSIER_MERGE_DUPLICATE || outcome == DOSSIER_MERGE_OBSOLETE)
    data->stats.ignored++;
  else if (outcome == DOSSIER_MERGE_KEEP_CONFLICT)
    data->stats.conflicts++;
  else
    {
      data->stats.applied++;
      data->stats.conflicts += outcome == DOSSIER_MERGE_APPLY_CONFLICT;
      ok = write_clock (state, change->record_id, change->field, field_state.current, error)
           && (deleting || pending_row_set (pending_row (data, kind, change->record_id), field,
                                            field_state.current->value));
    }
  if (ok && deleting && outcome != DOSSIER_MERGE_DUPLICATE)
    ok = apply_delete (state, data, kind, change, resolves, outcome == DOSSIER_MERGE_APPLY, error);
  if (ok && outcome != DOSSIER_MERGE_DUPLICATE)
    ok = write_losers (state, change, &field_state, error);
  dossier_field_state_clear (&field_state);
  return ok;
}

static gboolean
store_cursor (DossierReplicaState *state,
              gint64               cursor,
              GError             **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('cursor', ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cursor);
  return dossier_replica_step_done (state, stmt, "Storing the sync cursor", error);
}

static gboolean
apply_page (DossierReplicaState *state,
            ApplyData           *data,
            GError             **error)
{
  for (guint i = 0; i < data->changes->len; i++)
    if (!apply_one (state, data, data->changes->pdata[i], error))
      return FALSE;
  return write_rows (state, data, error) && store_cursor (state, data->next_cursor, error);
}

static void
apply_job (DossierReplicaState *state,
           GTask               *task,
           gpointer             task_data,
           GCancellable        *cancellable)
{
  ApplyData *data = task_data;
  GError *error = NULL;

  data->row_order = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_row_free);
  data->rows = g_hash_table_new (g_str_hash, g_str_equal);
  if (dossier_replica_state_begin (state, &error) && apply_page (state, data, &error)
      && dossier_replica_state_commit (state, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  dossier_replica_state_rollback (state);
  g_task_return_error (task, error);
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
  ApplyData *data = g_new0 (ApplyData, 1);
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  data->changes = g_ptr_array_ref (changes);
  data->next_cursor = next_cursor;
  result = dossier_replica_run_job_sync (self, apply_job, data, NULL, cancellable);
  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (ok && stats != NULL)
    *stats = data->stats;
  apply_data_free (data);
  return ok;
}

static void
cursor_job (DossierReplicaState *state,
            GTask               *task,
            gpointer             task_data,
            GCancellable        *cancellable)
{
  GError *error = NULL;
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT value FROM sync_state WHERE key = 'cursor'", &error);
  gint64 cursor = 0;

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    cursor = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  g_task_return_int (task, cursor);
}

gint64
dossier_replica_get_cursor_sync (DossierReplica  *self,
                                 GCancellable    *cancellable,
                                 GError         **error)
{
  g_autoptr(GAsyncResult) result = dossier_replica_run_job_sync (self, cursor_job, NULL, NULL,
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
