/* dossier-replica-apply.c: applying pulled changes to the replica.
 *
 * Each change is merged into its field with dossier_field_state_merge (the
 * rule the server and every replica share): the field's current version lives
 * in record_clocks (its value in the record's row), the concurrent versions
 * that lost in field_losers.  A page of changes and the new pull cursor are
 * written in one transaction.  Kinds and fields this version does not know
 * are kept in unknown_fields, never dropped.
 *
 * A page is applied record by record in memory: the first change of a record
 * in the page reads its clocks, losers and tombstone once, every change of it
 * merges there, and each record is written once at the end of the page (its
 * row with one statement, its clocks in one row, its losers only for the
 * fields whose losers changed, its search entry once).  A first sync thus
 * writes a case in one insert rather than one upsert per field, and a
 * record's triggers (a policy note's version history) see its fields as they
 * were saved together, not half of them.
 */

#include "dossier-merge.h"
#include "dossier-replica-private.h"

#include <stdlib.h>
#include <string.h>

/* A record touched by the page being applied: its state as the page leaves
 * it, written at the end of the page. */
typedef struct
{
  const DossierKindSpec *kind;
  char                  *id;
  JsonNode             **values;    /* per field of kind, the winning value, or NULL if unchanged */
  guint                  n_values;
  JsonObject            *stored;    /* the row as it was before the page, once loaded */
  gboolean               loaded;
  DossierRecordClocks   *clocks;    /* once loaded */
  GHashTable            *losers;    /* interned field -> GPtrArray of DossierFieldVersion, once loaded */
  GHashTable            *changed_losers;   /* interned fields whose losers must be written */
  int                    tombstoned;       /* -1: not read yet */
} PendingRow;

static void
pending_row_free (PendingRow *row)
{
  for (guint i = 0; i < row->kind->n_fields; i++)
    g_clear_pointer (&row->values[i], json_node_unref);
  g_free (row->values);
  g_free (row->id);
  g_clear_pointer (&row->stored, json_object_unref);
  g_clear_pointer (&row->clocks, dossier_record_clocks_free);
  g_clear_pointer (&row->losers, g_hash_table_unref);
  g_clear_pointer (&row->changed_losers, g_hash_table_unref);
  g_free (row);
}

typedef struct
{
  GPtrArray         *changes;
  gint64             next_cursor;
  DossierApplyStats  stats;
  GHashTable        *rows;        /* record id -> PendingRow, owned by row_order */
  GHashTable        *scopes;      /* record id -> its scope, as the page's first change says */
  GPtrArray         *row_order;   /* PendingRow, first touched first; by id once written */
} ApplyData;

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
      row->values = g_new0 (JsonNode *, kind->n_fields);
      row->tombstoned = -1;
      g_hash_table_insert (data->rows, row->id, row);
      g_ptr_array_add (data->row_order, row);
    }
  return row;
}

static void
pending_row_set (PendingRow             *row,
                 const DossierFieldSpec *field,
                 JsonNode               *value)
{
  guint index = field - row->kind->fields;

  row->n_values += row->values[index] == NULL;
  g_clear_pointer (&row->values[index], json_node_unref);
  row->values[index] = value != NULL ? json_node_ref (value) : json_node_new (JSON_NODE_NULL);
}

/* A record deleted in the page: the values the page gave it die with it. */
static void
pending_row_forget (PendingRow *row)
{
  for (guint i = 0; i < row->kind->n_fields; i++)
    g_clear_pointer (&row->values[i], json_node_unref);
  row->n_values = 0;
  g_clear_pointer (&row->stored, json_object_unref);
  row->loaded = TRUE;
}

static DossierRecordClocks *
row_clocks (DossierReplicaState  *state,
            PendingRow           *row,
            GError              **error)
{
  if (row->clocks == NULL)
    row->clocks = dossier_record_clocks_load (state, row->id, error);
  return row->clocks;
}

/* Every loser of the record, read once. */
static GHashTable *
row_losers (DossierReplicaState  *state,
            PendingRow           *row,
            GError              **error)
{
  sqlite3_stmt *stmt;

  if (row->losers != NULL)
    return row->losers;
  stmt = dossier_replica_state_prepare (state,
    "SELECT field, hlc, device, base_hlc, base_device, value FROM field_losers "
    "WHERE record_id = ? ORDER BY field, hlc, device", error);
  if (stmt == NULL)
    return NULL;
  row->losers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
  row->changed_losers = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_bind_text (stmt, 1, row->id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *field = g_intern_string ((const char *) sqlite3_column_text (stmt, 0));
      GPtrArray *losers = g_hash_table_lookup (row->losers, field);

      if (losers == NULL)
        {
          losers = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_field_version_free);
          g_hash_table_insert (row->losers, (gpointer) field, losers);
        }
      g_ptr_array_add (losers, dossier_field_version_new (
        (DossierHlc) sqlite3_column_int64 (stmt, 1), (const char *) sqlite3_column_text (stmt, 2),
        (DossierHlc) sqlite3_column_int64 (stmt, 3), (const char *) sqlite3_column_text (stmt, 4),
        (const char *) sqlite3_column_text (stmt, 5)));
    }
  sqlite3_reset (stmt);
  return row->losers;
}

static gboolean
row_is_tombstoned (DossierReplicaState *state,
                   PendingRow          *row)
{
  if (row->tombstoned < 0)
    row->tombstoned = dossier_replica_state_is_tombstoned (state, row->id);
  return row->tombstoned;
}

/* The field's value as JSON text: written earlier in this page, or stored. */
static char *
current_value (DossierReplicaState    *state,
               PendingRow             *row,
               const DossierFieldSpec *field)
{
  guint index = field - row->kind->fields;

  if (row->values[index] != NULL)
    return dossier_replica_json_to_text (row->values[index]);
  if (!row->loaded)
    {
      row->stored = dossier_replica_state_load_row (state, row->kind, row->id, NULL);
      row->loaded = TRUE;
    }
  return dossier_replica_json_to_text (row->stored ? json_object_get_member (row->stored, field->name)
                                                   : NULL);
}

/* The incoming version, without its value as text: that is only made if
 * the version is kept as a loser (see fill_loser_values()). */
static DossierFieldVersion *
version_of_change (const DossierChange *change)
{
  return dossier_field_version_new (change->hlc, change->device, change->base_hlc,
                                    change->base_device, NULL);
}

static void
fill_loser_values (DossierFieldState         *field_state,
                   const DossierFieldVersion *incoming,
                   const DossierChange       *change)
{
  DossierVersion version = dossier_field_version_get (incoming);

  for (guint i = 0; i < field_state->losers->len; i++)
    {
      DossierFieldVersion *loser = field_state->losers->pdata[i];
      DossierVersion other = dossier_field_version_get (loser);

      if (dossier_version_equal (&version, &other))
        {
          g_free (loser->value);
          loser->value = dossier_replica_json_to_text (change->value);
        }
    }
}

/* The field's current version, its value as JSON text, and its losers. */
static gboolean
load_field_state (DossierReplicaState *state,
                  PendingRow          *row,
                  const char          *field,
                  DossierFieldState   *field_state,
                  GError             **error)
{
  const DossierFieldSpec *spec = dossier_kind_spec_lookup_field (row->kind, field);
  DossierRecordClocks *clocks = row_clocks (state, row, error);
  const DossierFieldClock *clock;
  GHashTable *losers;
  GPtrArray *field_losers;

  if (clocks == NULL || (losers = row_losers (state, row, error)) == NULL)
    return FALSE;
  if ((clock = dossier_record_clocks_lookup (clocks, field)) != NULL)
    {
      g_autofree char *value = NULL;

      if (spec != NULL)
        value = current_value (state, row, spec);
      field_state->current = dossier_field_version_new (clock->hlc, clock->device, clock->base_hlc,
                                                        clock->base_device, value);
    }
  field_losers = g_hash_table_lookup (losers, g_intern_string (field));
  for (guint i = 0; field_losers != NULL && i < field_losers->len; i++)
    g_ptr_array_add (field_state->losers, dossier_field_version_copy (field_losers->pdata[i]));

  /* The current version of a deleted record's field is also a loser (see
   * keep_edit_of_deleted()); its row is gone, and the loser keeps its value. */
  for (guint i = 0; field_state->current != NULL && i < field_state->losers->len; i++)
    {
      DossierFieldVersion *loser = field_state->losers->pdata[i];
      DossierVersion a = dossier_field_version_get (loser);
      DossierVersion b = dossier_field_version_get (field_state->current);

      if (dossier_version_equal (&a, &b))
        {
          g_free (field_state->current->value);
          field_state->current->value = g_strdup (loser->value);
        }
    }
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
same_versions (GPtrArray *a,
               GPtrArray *b)
{
  guint n_a = a != NULL ? a->len : 0, n_b = b != NULL ? b->len : 0;

  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    {
      DossierFieldVersion *x = a->pdata[i], *y = b->pdata[i];
      DossierVersion vx = dossier_field_version_get (x), vy = dossier_field_version_get (y);
      DossierVersion bx = dossier_field_version_get_base (x), by = dossier_field_version_get_base (y);

      if (!dossier_version_equal (&vx, &vy) || !dossier_version_equal (&bx, &by)
          || g_strcmp0 (x->value, y->value) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Keeps the field's losers as the merge left them; written at the end of
 * the page, and only if they changed. */
static void
set_losers (PendingRow              *row,
            const char              *field,
            const DossierFieldState *field_state)
{
  const char *name = g_intern_string (field);
  GPtrArray *losers;

  if (same_versions (g_hash_table_lookup (row->losers, name), field_state->losers))
    return;
  losers = g_ptr_array_new_full (field_state->losers->len,
                                 (GDestroyNotify) dossier_field_version_free);
  for (guint i = 0; i < field_state->losers->len; i++)
    g_ptr_array_add (losers, dossier_field_version_copy (field_state->losers->pdata[i]));
  g_hash_table_replace (row->losers, (gpointer) name, losers);
  g_hash_table_add (row->changed_losers, (gpointer) name);
}

static gboolean
write_losers (DossierReplicaState *state,
              PendingRow          *row,
              const char          *field,
              GPtrArray           *losers,
              GError             **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "DELETE FROM field_losers WHERE record_id = ? AND field = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  if (!dossier_replica_step_done (state, stmt, "Recording a conflict", error))
    return FALSE;
  for (guint i = 0; losers != NULL && i < losers->len; i++)
    {
      DossierFieldVersion *loser = losers->pdata[i];

      stmt = dossier_replica_state_prepare (state,
        "INSERT INTO field_losers (record_id, kind, field, hlc, device, base_hlc, base_device, "
        "value, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, row->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, row->kind->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
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

/* Which fields of its kind a row's upsert writes: the key its statement is
 * kept under.  Building the statement's text for every row to look it up
 * took an eighth of a first sync's applying time. */
typedef struct
{
  const DossierKindSpec *kind;
  guint64                fields;   /* bit i: kind->fields[i] */
} RowShape;

static guint
row_shape_hash (gconstpointer key)
{
  const RowShape *shape = key;

  return g_direct_hash (shape->kind) ^ (guint) shape->fields ^ (guint) (shape->fields >> 32);
}

static gboolean
row_shape_equal (gconstpointer a,
                 gconstpointer b)
{
  const RowShape *x = a, *y = b;

  return x->kind == y->kind && x->fields == y->fields;
}

static GHashTable *
row_statements_new (void)
{
  return g_hash_table_new_full (row_shape_hash, row_shape_equal, g_free, finalize_statement);
}

/* The upsert of a row with the fields the page changed, prepared once per
 * set of fields. */
static sqlite3_stmt *
row_statement (DossierReplicaState  *state,
               GHashTable           *statements,
               PendingRow           *row,
               GError              **error)
{
  const DossierKindSpec *kind = row->kind;
  RowShape shape = { kind, 0 };
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) values = NULL;
  g_autoptr(GString) updates = NULL;
  sqlite3_stmt *stmt;
  int n = 1;

  G_STATIC_ASSERT (sizeof shape.fields * 8 >= DOSSIER_MODEL_MAX_FIELDS);
  for (guint i = 0; i < kind->n_fields; i++)
    if (row->values[i] != NULL)
      shape.fields |= G_GUINT64_CONSTANT (1) << i;
  stmt = g_hash_table_lookup (statements, &shape);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

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

  if (sqlite3_prepare_v3 (state->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
      != SQLITE_OK)
    {
      dossier_replica_set_sqlite_error (error, state->db, "Applying changes");
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (statements, g_memdup2 (&shape, sizeof shape), stmt);
  return stmt;
}

static gboolean
write_row (DossierReplicaState *state,
           GHashTable          *statements,
           PendingRow          *row,
           GError             **error)
{
  sqlite3_stmt *stmt = row_statement (state, statements, row, error);
  int n = 1;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->id, -1, SQLITE_STATIC);
  for (guint i = 0; i < row->kind->n_fields; i++)
    if (row->values[i] != NULL)
      dossier_replica_bind_json (stmt, ++n, row->kind->fields[i].type, row->values[i]);
  if (!dossier_replica_step_done (state, stmt, "Applying changes", error))
    return FALSE;
  sqlite3_reset (stmt);
  /* A record without clocks before this page was never held here (every
   * write of a row writes its clocks; letting a record go removes both):
   * its row and search entry are new, and what to index is in hand. */
  if (!row->clocks->stored)
    return dossier_replica_state_index_new_record (state, row->kind, row->id,
                                                   (JsonNode *const *) row->values, error);
  return dossier_replica_state_index_record (state, row->kind, row->id, error);
}

static gint
compare_row_ids (gconstpointer a,
                 gconstpointer b)
{
  const PendingRow *x = *(const PendingRow *const *) a, *y = *(const PendingRow *const *) b;

  return strcmp (x->id, y->id);
}

/* Writes each record of the page once: its row with the fields the page
 * changed, its clocks, the losers that changed. */
static gboolean
write_rows (DossierReplicaState *state,
            ApplyData           *data,
            GError             **error)
{
  g_autoptr(GHashTable) statements = row_statements_new ();

  /* In the order of their ids: every index of a record is keyed by it (its
   * table's, its clocks', its scope's, its search document's), so that
   * each page of those B-trees is visited once in a run rather than at
   * random, which a first sync's large pages otherwise do all over files
   * larger than the cache.  Records are independent of each other here. */
  g_ptr_array_sort (data->row_order, compare_row_ids);
  for (guint r = 0; r < data->row_order->len; r++)
    {
      PendingRow *row = data->row_order->pdata[r];
      GHashTableIter iter;
      gpointer field;

      if (row->n_values > 0 && !write_row (state, statements, row, error))
        return FALSE;
      if (row->clocks != NULL && !dossier_record_clocks_save (state, row->clocks, error))
        return FALSE;
      if (row->changed_losers == NULL)
        continue;
      g_hash_table_iter_init (&iter, row->changed_losers);
      while (g_hash_table_iter_next (&iter, &field, NULL))
        if (!write_losers (state, row, field, g_hash_table_lookup (row->losers, field), error))
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
delete_record (DossierReplicaState *state,
               PendingRow          *row,
               const DossierChange *change,
               GError             **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", row->kind->table);
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  if (!dossier_replica_step_done (state, stmt, "Applying a deletion", error)
      || !dossier_replica_state_unindex_record (state, change->record_id, error))
    return FALSE;
  pending_row_forget (row);
  stmt = dossier_replica_state_prepare (state,
    "INSERT OR REPLACE INTO tombstones (record_id, kind, hlc, device) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, row->kind->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) change->hlc);
  sqlite3_bind_text (stmt, 4, change->device, -1, SQLITE_STATIC);
  row->tombstoned = TRUE;
  return dossier_replica_step_done (state, stmt, "Applying a deletion", error);
}

static gboolean
versions_contain (GArray               *versions,
                  const DossierVersion *version)
{
  for (guint i = 0; i < versions->len; i++)
    if (dossier_version_equal (&g_array_index (versions, DossierVersion, i), version))
      return TRUE;
  return FALSE;
}

/* A tombstone names the versions of the record's fields its writer saw
 * (dossier-replica-records.c): those go with the record, conflicts
 * included.  A current version it does not name is an edit its writer
 * never saw, concurrent with the delete: the first delete to arrive keeps it
 * as a loser, so that it is shown, not silently dropped.  Later deletes only
 * settle what they name.  Together with keep_edit_of_deleted() this makes a
 * field of a deleted record end with the same losers whatever the order:
 * the losers of the merge and the current version, minus what any delete
 * named. */
static gboolean
settle_deleted_fields (DossierReplicaState *state,
                       ApplyData           *data,
                       PendingRow          *row,
                       const DossierChange *change,
                       gboolean             first_delete,
                       GError             **error)
{
  g_autoptr(GArray) named = parse_resolves (change->resolves);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  DossierRecordClocks *clocks = row_clocks (state, row, error);

  if (clocks == NULL)
    return FALSE;
  for (guint i = 0; i < clocks->fields->len; i++)
    {
      const char *field = g_array_index (clocks->fields, DossierFieldClock, i).field;

      if (strcmp (field, "_deleted") != 0)
        g_ptr_array_add (fields, (gpointer) field);
    }

  for (guint f = 0; f < fields->len; f++)
    {
      DossierFieldState field_state;
      DossierVersion current;
      gboolean ok;

      dossier_field_state_init (&field_state);
      ok = load_field_state (state, row, fields->pdata[f], &field_state, error);
      for (guint i = 0; ok && i < named->len; i++)
        dossier_field_state_drop_loser (&field_state, &g_array_index (named, DossierVersion, i));
      current = dossier_field_version_get (field_state.current);
      if (ok && first_delete && field_state.current != NULL && !versions_contain (named, &current))
        {
          dossier_field_state_add_loser (&field_state, field_state.current);
          data->stats.conflicts++;
        }
      if (ok)
        set_losers (row, fields->pdata[f], &field_state);
      dossier_field_state_clear (&field_state);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* An edit of a deleted record still merges into its field (the field's
 * clock moves on, for the edits after it), but the record stays deleted and
 * a winning edit, which no delete named, is kept as a loser.  A current
 * version is a loser exactly when no delete named it: one that a delete
 * named and a concurrent edit beat does not come back as a loser. */
static void
keep_edit_of_deleted (DossierFieldState         *field_state,
                      DossierMergeOutcome        outcome,
                      const DossierFieldVersion *previous,
                      gboolean                   previous_was_loser)
{
  DossierVersion version = dossier_field_version_get (previous);

  if (outcome == DOSSIER_MERGE_APPLY_CONFLICT && !previous_was_loser)
    dossier_field_state_drop_loser (field_state, &version);
  if (outcome == DOSSIER_MERGE_APPLY || outcome == DOSSIER_MERGE_APPLY_CONFLICT)
    dossier_field_state_add_loser (field_state, field_state->current);
}

/* A change this replica wrote was merged when it was written; the server
 * sends it back with everyone else's.  Merging it again is not idempotent:
 * the version it overwrote may have been overwritten since, or a delete or
 * a resolution may have settled it, and the rule (which sees one version
 * back) would then take it for a concurrent edit and show the user their
 * own old value as a conflict. */
static gboolean
is_own_echo (DossierReplicaState *state,
             const DossierChange *change)
{
  const char *colon;
  gint64 counter;
  sqlite3_stmt *stmt;
  gboolean forgotten = FALSE;

  if (g_strcmp0 (change->device, state->device_id) != 0)
    return FALSE;   /* nearly every change: read no counter */
  colon = change->change_id ? strrchr (change->change_id, ':') : NULL;
  counter = colon ? g_ascii_strtoll (colon + 1, NULL, 10) : 0;
  if (counter <= 0 || counter > state->counter)
    return FALSE;
  /* Unless the record was let go with an office and is being pulled again:
   * nothing of it is held, so its changes merge as anyone else's. */
  stmt = dossier_replica_state_prepare (state,
    "SELECT 1 FROM forgotten_records WHERE record_id = ? AND until_seq >= ?", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, change->record_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, change->server_seq);
      forgotten = change->server_seq > 0 && sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }
  return !forgotten;
}

/* The office of a record, noted once per page and written with the page's
 * records (write_scopes()), in the order of their ids. */
static void
keep_scope (ApplyData           *data,
            const DossierChange *change)
{
  if (change->scope != NULL && !g_hash_table_contains (data->scopes, change->record_id))
    g_hash_table_insert (data->scopes, change->record_id, change->scope);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Nothing reads record_scopes while a page is applied: they can wait. */
static gboolean
write_scopes (DossierReplicaState *state,
              ApplyData           *data,
              GError             **error)
{
  g_autofree gpointer *ids = NULL;
  guint n = 0;

  ids = g_hash_table_get_keys_as_array (data->scopes, &n);
  qsort (ids, n, sizeof *ids, compare_strings);
  for (guint i = 0; i < n; i++)
    if (!dossier_replica_state_remember_scope (state, ids[i],
                                               g_hash_table_lookup (data->scopes, ids[i]), error))
      return FALSE;
  return TRUE;
}

/* 1 if the field of a live record has no version here and no losers,
 * 0 if it has, -1 on an error. */
static int
is_first_version (DossierReplicaState  *state,
                  PendingRow           *row,
                  const char           *field,
                  GError              **error)
{
  DossierRecordClocks *clocks = row_clocks (state, row, error);
  GHashTable *losers;

  if (clocks == NULL || (losers = row_losers (state, row, error)) == NULL)
    return -1;
  return dossier_record_clocks_lookup (clocks, field) == NULL
         && g_hash_table_lookup (losers, field) == NULL
         && !row_is_tombstoned (state, row);
}

/* Merges one change into its record's state in memory. */
static gboolean
apply_one (DossierReplicaState *state,
           ApplyData           *data,
           const DossierChange *change,
           GError             **error)
{
  const DossierKindSpec *kind = dossier_model_lookup_kind (change->kind, NULL);
  const DossierFieldSpec *field = kind ? dossier_kind_spec_lookup_field (kind, change->field) : NULL;
  gboolean deleting = strcmp (change->field, "_deleted") == 0;
  g_autoptr(DossierFieldVersion) incoming = NULL;
  g_autoptr(DossierFieldVersion) previous = NULL;
  g_autoptr(GArray) resolves = NULL;
  DossierFieldState field_state;
  DossierMergeOutcome outcome;
  DossierVersion version;
  PendingRow *row;
  gboolean ok = TRUE, tombstoned, previous_was_loser;

  dossier_hlc_clock_receive (state->clock, change->hlc, NULL, NULL);   /* a skewed peer: still applied */
  keep_scope (data, change);
  if (is_own_echo (state, change))
    {
      data->stats.ignored++;
      return TRUE;
    }
  if (kind == NULL || (field == NULL && !deleting)
      || (field != NULL && !dossier_model_validate_value (kind, field, change->value, NULL)))
    {
      data->stats.unknown++;
      return keep_unknown (state, change, error);
    }

  row = pending_row (data, kind, change->record_id);
  if (row->kind != kind)
    {
      /* One record, two kinds in one page (the server fixes a record's
       * scope, not its kind): the record's state is its first kind's, and
       * this field, none of it, is kept as an unknown field. */
      data->stats.unknown++;
      return keep_unknown (state, change, error);
    }
  if (!deleting)
    {
      int first = is_first_version (state, row, change->field, error);

      if (first < 0)
        return FALSE;
      if (first)
        {
          /* What the merge decides for a field with no version here and no
           * losers: apply, and keep nothing.  Nearly every change of a first
           * sync, which then costs no field state, copies or lookups. */
          data->stats.applied++;
          dossier_record_clocks_set (row->clocks, change->field, change->hlc, change->device,
                                     change->base_hlc, change->base_device);
          pending_row_set (row, field, change->value);
          return TRUE;
        }
    }
  dossier_field_state_init (&field_state);
  if (!load_field_state (state, row, change->field, &field_state, error))
    {
      dossier_field_state_clear (&field_state);
      return FALSE;
    }
  incoming = version_of_change (change);
  resolves = parse_resolves (change->resolves);
  tombstoned = row_is_tombstoned (state, row);
  previous = field_state.current ? dossier_field_version_copy (field_state.current) : NULL;
  version = dossier_field_version_get (previous);
  previous_was_loser = previous != NULL && dossier_field_state_has_loser (&field_state, &version);
  outcome = dossier_field_state_merge (&field_state, incoming,
                                       (const DossierVersion *) (void *) resolves->data, resolves->len);
  if (deleting)
    g_ptr_array_set_size (field_state.losers, 0);   /* two deletes agree: no conflict */
  else if (tombstoned)
    keep_edit_of_deleted (&field_state, outcome, previous, previous_was_loser);
  fill_loser_values (&field_state, incoming, change);

  if (outcome == DOSSIER_MERGE_DUPLICATE || outcome == DOSSIER_MERGE_OBSOLETE)
    data->stats.ignored++;
  else if (outcome == DOSSIER_MERGE_KEEP_CONFLICT)
    data->stats.conflicts += !deleting;
  else
    {
      const DossierFieldVersion *current = field_state.current;

      data->stats.applied++;
      data->stats.conflicts += outcome == DOSSIER_MERGE_APPLY_CONFLICT && !deleting;
      dossier_record_clocks_set (row->clocks, change->field, current->hlc, current->device,
                                 current->base_hlc, current->base_device);
      if (!deleting && !tombstoned)
        pending_row_set (row, field, change->value);
    }
  /* The values of the record are read before its row goes. */
  if (deleting && outcome != DOSSIER_MERGE_DUPLICATE)
    ok = settle_deleted_fields (state, data, row, change, !tombstoned, error)
         && (tombstoned || delete_record (state, row, change, error));
  if (ok && outcome != DOSSIER_MERGE_DUPLICATE)
    set_losers (row, change->field, &field_state);
  dossier_field_state_clear (&field_state);
  return ok;
}

/* What the page's records hold here (clocks, losers, tombstone), read
 * before merging, in the order of their ids, for the reason write_rows()
 * writes them in that order.  Nothing the merge writes before write_rows()
 * changes what is read here but a tombstone, which the record's state
 * notes in memory as it writes it. */
static gboolean
read_rows (DossierReplicaState *state,
           ApplyData           *data,
           gint64               cursor,
           GError             **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  for (guint i = 0; i < data->changes->len; i++)
    {
      DossierChange *change = data->changes->pdata[i];
      const DossierKindSpec *kind;

      if ((change->server_seq > 0 && change->server_seq <= cursor)
          || g_hash_table_contains (data->rows, change->record_id)
          || (kind = dossier_model_lookup_kind (change->kind, NULL)) == NULL
          || (dossier_kind_spec_lookup_field (kind, change->field) == NULL
              && strcmp (change->field, "_deleted") != 0))
        continue;   /* as apply_one() sees them: no record state for unknown fields */
      g_ptr_array_add (rows, pending_row (data, kind, change->record_id));
    }
  g_ptr_array_sort (rows, compare_row_ids);
  for (guint r = 0; r < rows->len; r++)
    {
      PendingRow *row = rows->pdata[r];

      if (row_clocks (state, row, error) == NULL || row_losers (state, row, error) == NULL)
        return FALSE;
      row_is_tombstoned (state, row);
    }
  return TRUE;
}

/* Everything up to the stored cursor was applied, each change once: a page
 * that arrives again or late (a retried pull, a duplicated answer) applies
 * only what is new, and never moves the cursor back.  Merging a change a
 * second time is not harmless: after later changes it can pass for a
 * concurrent edit and bring back a conflict that was settled. */
static gboolean
apply_page (DossierReplicaState *state,
            ApplyData           *data,
            GError             **error)
{
  gint64 cursor;

  if (!dossier_replica_state_read_cursor (state, &cursor, error)
      || !read_rows (state, data, cursor, error))
    return FALSE;
  for (guint i = 0; i < data->changes->len; i++)
    {
      DossierChange *change = data->changes->pdata[i];

      if (change->server_seq > 0 && change->server_seq <= cursor)
        data->stats.ignored++;
      else if (!apply_one (state, data, change, error))
        return FALSE;
    }
  return write_rows (state, data, error) && write_scopes (state, data, error)
         && dossier_replica_state_store_cursor (state, MAX (cursor, data->next_cursor), error);
}

/**
 * dossier_replica_state_apply_page:
 * @changes: (element-type DossierChange): one pulled page, in server order
 * @stats: (out): what the page did
 *
 * Merges the page and stores @next_cursor, in the caller's transaction
 * (dossier-replica-pull.c).
 */
gboolean
dossier_replica_state_apply_page (DossierReplicaState  *state,
                                  GPtrArray            *changes,
                                  gint64                next_cursor,
                                  DossierApplyStats    *stats,
                                  GError              **error)
{
  ApplyData data = { 0 };
  gboolean ok;

  data.changes = changes;
  data.next_cursor = next_cursor;
  data.row_order = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_row_free);
  data.rows = g_hash_table_new (g_str_hash, g_str_equal);
  data.scopes = g_hash_table_new (g_str_hash, g_str_equal);
  ok = apply_page (state, &data, error);
  *stats = data.stats;
  g_hash_table_unref (data.rows);
  g_hash_table_unref (data.scopes);
  g_ptr_array_unref (data.row_order);
  return ok;
}


