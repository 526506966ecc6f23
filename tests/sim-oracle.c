/* sim-oracle.c: what must hold once the simulation's replicas are quiet.
 *
 * - Every outbox is empty, nothing was refused, every file passes SQLite's
 *   integrity check.
 * - The server's log holds exactly the changes the replicas wrote (the
 *   ledger), each once, and everything it acknowledged.
 * - Every replica holds the same records, field for field, and the same
 *   conflicts.
 * - A record nobody deleted equals the server's log folded with the shared
 *   merge rule (dossier_field_state_merge): each field's value is the fold's
 *   current value, its conflicts the fold's losers.
 * - Nothing is lost: a change may leave a field only when a later change
 *   named it (as the version it overwrote, or as a loser it settled);
 *   otherwise it is the current value or a conflict loser.  On a deleted
 *   record, an edit the deleter had not seen (a concurrent edit) is a
 *   conflict loser: the delete does not swallow it.
 */

#include "sim-world.h"

#include "dossier-merge.h"
#include "dossier-model.h"
#include "dossier-replica-sync.h"

#include <string.h>

/* One field of one record, as the server's log wrote it. */
typedef struct
{
  char              *record;
  char              *field;
  DossierFieldState  state;       /* the log folded with the merge rule */
  GPtrArray         *changes;     /* DossierChange (the log's), in log order */
  GHashTable        *superseded;  /* version keys a later change named */
} FoldField;

typedef struct
{
  GHashTable *fields;     /* "record/field" -> FoldField */
  GHashTable *kinds;      /* record -> kind, every record in the log */
  GHashTable *deletes;    /* record -> GPtrArray of its tombstones (DossierChange) */
} Fold;

/* What one replica shows. */
typedef struct
{
  GHashTable *rows;       /* record id -> its JSON object, as text */
  GHashTable *conflicts;  /* "record/field/hlc/device" -> the loser's value, as text */
} Snapshot;

static char *
version_key (DossierHlc  hlc,
             const char *device)
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x/%s", hlc, device);
}

static void
fold_field_free (FoldField *field)
{
  g_free (field->record);
  g_free (field->field);
  dossier_field_state_clear (&field->state);
  g_ptr_array_unref (field->changes);
  g_hash_table_unref (field->superseded);
  g_free (field);
}

static GArray *
parse_resolves (JsonNode *resolves)
{
  GArray *versions = g_array_new (FALSE, FALSE, sizeof (DossierVersion));
  JsonArray *array = resolves && JSON_NODE_HOLDS_ARRAY (resolves) ? json_node_get_array (resolves)
                                                                  : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonArray *pair = json_array_get_array_element (array, i);
      DossierVersion version = { 0, NULL };

      g_assert_true (dossier_hlc_from_string (json_array_get_string_element (pair, 0),
                                              &version.hlc, NULL));
      version.device = g_intern_string (json_array_get_string_element (pair, 1));
      g_array_append_val (versions, version);
    }
  return versions;
}

static FoldField *
fold_field (Fold                *fold,
            const DossierChange *change)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", change->record_id, change->field);
  FoldField *field = g_hash_table_lookup (fold->fields, key);

  if (field == NULL)
    {
      field = g_new0 (FoldField, 1);
      field->record = g_strdup (change->record_id);
      field->field = g_strdup (change->field);
      dossier_field_state_init (&field->state);
      field->changes = g_ptr_array_new ();
      field->superseded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (fold->fields, g_steal_pointer (&key), field);
    }
  return field;
}

static void
fold_change (Fold                *fold,
             const DossierChange *change)
{
  FoldField *field = fold_field (fold, change);
  g_autofree char *value = json_to_string (change->value, FALSE);
  g_autoptr(DossierFieldVersion) version = dossier_field_version_new (change->hlc, change->device,
                                                                      change->base_hlc,
                                                                      change->base_device, value);
  g_autoptr(GArray) resolves = parse_resolves (change->resolves);

  g_hash_table_insert (fold->kinds, change->record_id, change->kind);
  if (g_strcmp0 (change->field, "_deleted") == 0)
    {
      GPtrArray *deletes = g_hash_table_lookup (fold->deletes, change->record_id);

      if (deletes == NULL)
        g_hash_table_insert (fold->deletes, change->record_id, deletes = g_ptr_array_new ());
      g_ptr_array_add (deletes, (gpointer) change);
    }
  dossier_field_state_merge (&field->state, version,
                             (const DossierVersion *) (void *) resolves->data, resolves->len);
  g_ptr_array_add (field->changes, (gpointer) change);
  if (change->base_device != NULL)
    g_hash_table_add (field->superseded, version_key (change->base_hlc, change->base_device));
  for (guint i = 0; i < resolves->len; i++)
    {
      DossierVersion *named = &g_array_index (resolves, DossierVersion, i);
      g_hash_table_add (field->superseded, version_key (named->hlc, named->device));
    }
}

static void
fold_init (Fold      *fold,
           GPtrArray *log)
{
  fold->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) fold_field_free);
  fold->kinds = g_hash_table_new (g_str_hash, g_str_equal);
  fold->deletes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < log->len; i++)
    fold_change (fold, log->pdata[i]);
}

static void
fold_clear (Fold *fold)
{
  g_hash_table_unref (fold->fields);
  g_hash_table_unref (fold->kinds);
  g_hash_table_unref (fold->deletes);
}

static void
snapshot_take (SimWorld   *world,
               SimReplica *replica,
               Snapshot   *snapshot)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  guint n_kinds;
  const DossierKindSpec *const *kinds = dossier_model_get_kinds (&n_kinds);
  gint64 counted;

  snapshot->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  snapshot->conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint k = 0; k < n_kinds; k++)
    {
      g_autoptr(GPtrArray) rows = dossier_replica_list_sync (replica->replica, kinds[k]->name, NULL,
                                                             NULL, NULL, 0, NULL, &error);

      sim_check_error (world, error, "Listing records");
      for (guint i = 0; i < rows->len; i++)
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), rows->pdata[i]);

          g_hash_table_insert (snapshot->rows,
                               g_strdup (json_object_get_string_member (rows->pdata[i], "id")),
                               json_to_string (node, FALSE));
        }
    }
  conflicts = dossier_replica_list_conflicts_sync (replica->replica, NULL, &error);
  sim_check_error (world, error, "Listing conflicts");
  /* The header bar's badge counts them without reading them. */
  counted = dossier_replica_count_conflicts_sync (replica->replica, NULL, &error);
  sim_check_error (world, error, "Counting conflicts");
  if (counted != conflicts->len)
    sim_fail (world, "replica %u counts %" G_GINT64_FORMAT " conflicts and lists %u",
              replica->index, counted, conflicts->len);
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *conflict = conflicts->pdata[i];

      g_hash_table_insert (snapshot->conflicts,
                           g_strdup_printf ("%s/%s/%s/%s",
                                            json_object_get_string_member (conflict, "record_id"),
                                            json_object_get_string_member (conflict, "field"),
                                            json_object_get_string_member (conflict, "hlc"),
                                            json_object_get_string_member (conflict, "device")),
                           json_to_string (json_object_get_member (conflict, "value"), FALSE));
    }
}

static void
snapshot_clear (Snapshot *snapshot)
{
  g_hash_table_unref (snapshot->rows);
  g_hash_table_unref (snapshot->conflicts);
}

/* Every key of `a` is in `b` with the same text. */
static void
assert_contained (SimWorld   *world,
                  GHashTable *a,
                  GHashTable *b,
                  const char *what,
                  guint       replica_a,
                  guint       replica_b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (b, key);

      if (g_strcmp0 (value, other) != 0)
        sim_fail (world, "%s %s: replica %u has %s, replica %u has %s", what, (const char *) key,
                  replica_a, (const char *) value, replica_b, other ? other : "nothing");
    }
}

static void
check_quiet (SimWorld   *world,
             SimReplica *replica)
{
  g_autoptr(GError) error = NULL;
  gint64 outbox = dossier_replica_count_outbox_sync (replica->replica, NULL, &error);
  gint64 rejected;

  sim_check_error (world, error, "Counting the outbox");
  rejected = dossier_replica_count_rejected_sync (replica->replica, NULL, &error);
  sim_check_error (world, error, "Counting refused changes");
  if (outbox != 0 || rejected != 0)
    sim_fail (world, "replica %u keeps %" G_GINT64_FORMAT " change(s) unsent and %" G_GINT64_FORMAT
              " refused", replica->index, outbox, rejected);
  if (!dossier_replica_check_integrity_sync (replica->replica, NULL, &error))
    sim_fail (world, "replica %u fails its integrity check: %s", replica->index,
              error ? error->message : "not ok");
}

/* The log holds what the replicas wrote, each change once, and all that
 * the server acknowledged. */
static void
check_log (SimWorld  *world,
           GPtrArray *log)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < log->len; i++)
    {
      DossierChange *change = log->pdata[i];
      SimLedgerEntry *entry = g_hash_table_lookup (world->ledger, change->change_id);

      if (!g_hash_table_add (ids, change->change_id))
        sim_fail (world, "the log holds %s twice", change->change_id);
      /* (clock, device) names a version: conflicts and tombstones use it. */
      if (!g_hash_table_add (versions, version_key (change->hlc, change->device)))
        sim_fail (world, "%s has the clock of another change of its device", change->change_id);
      if (entry == NULL)
        sim_fail (world, "the log holds %s, which no replica wrote", change->change_id);
      if (entry->change->hlc != change->hlc
          || !json_node_equal (entry->change->value, change->value)
          || g_strcmp0 (entry->change->record_id, change->record_id) != 0
          || g_strcmp0 (entry->change->field, change->field) != 0
          || g_strcmp0 (entry->change->base_device, change->base_device) != 0
          || entry->change->base_hlc != change->base_hlc)
        sim_fail (world, "the log's %s is not what its replica wrote", change->change_id);
    }
  g_hash_table_iter_init (&iter, world->ledger);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (ids, key))
      sim_fail (world, "%s, written by replica %u, never reached the log", (const char *) key,
                ((SimLedgerEntry *) g_hash_table_lookup (world->ledger, key))->writer);
  g_hash_table_iter_init (&iter, world->acked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (ids, key))
      sim_fail (world, "the server acknowledged %s, which its log lacks", (const char *) key);
}

/* Had the writer of `later` seen `earlier` when it wrote it? */
static gboolean
had_seen (SimWorld            *world,
          const DossierChange *later,
          const DossierChange *earlier)
{
  SimLedgerEntry *entry = g_hash_table_lookup (world->ledger, later->change_id);

  return entry->seen[sim_device_index (world, earlier->device)] >= sim_change_counter (earlier);
}

static gboolean
is_superseded (FoldField           *field,
               const DossierChange *change)
{
  g_autofree char *key = version_key (change->hlc, change->device);

  return g_hash_table_contains (field->superseded, key);
}

static char *
conflict_key (FoldField           *field,
              const DossierChange *change)
{
  g_autofree char *hlc = dossier_hlc_to_string (change->hlc);

  return g_strdup_printf ("%s/%s/%s/%s", field->record, field->field, hlc, change->device);
}

/* A record nobody deleted: the fold, field by field. */
static void
check_live_field (SimWorld  *world,
                  Snapshot  *snapshot,
                  FoldField *field,
                  guint     *n_losers)
{
  g_autofree char *row_text = g_hash_table_lookup (snapshot->rows, field->record)
                              ? g_strdup (g_hash_table_lookup (snapshot->rows, field->record))
                              : NULL;
  g_autoptr(JsonNode) row = row_text ? json_from_string (row_text, NULL) : NULL;
  g_autofree char *value = NULL;

  if (row == NULL)
    sim_fail (world, "record %s, never deleted, is missing", field->record);
  value = json_to_string (json_object_get_member (json_node_get_object (row), field->field), FALSE);
  if (g_strcmp0 (value, field->state.current->value) != 0)
    sim_fail (world, "%s.%s is %s; the server's log makes it %s", field->record, field->field,
              value, field->state.current->value);
  for (guint i = 0; i < field->state.losers->len; i++)
    {
      DossierFieldVersion *loser = field->state.losers->pdata[i];
      g_autofree char *hlc = dossier_hlc_to_string (loser->hlc);
      g_autofree char *key = g_strdup_printf ("%s/%s/%s/%s", field->record, field->field, hlc,
                                              loser->device);

      if (g_strcmp0 (g_hash_table_lookup (snapshot->conflicts, key), loser->value) != 0)
        sim_fail (world, "the conflict %s (%s) is missing", key, loser->value);
    }
  *n_losers += field->state.losers->len;

  /* Independently of the fold: a change nobody named is still there. */
  for (guint i = 0; i < field->changes->len; i++)
    {
      const DossierChange *change = field->changes->pdata[i];
      g_autofree char *key = conflict_key (field, change);
      DossierVersion current = dossier_field_version_get (field->state.current);
      DossierVersion version = { change->hlc, change->device };

      if (!is_superseded (field, change) && !dossier_version_equal (&current, &version)
          && !g_hash_table_contains (snapshot->conflicts, key))
        sim_fail (world, "%s (%s.%s) was lost: neither the value nor a conflict", change->change_id,
                  change->kind, change->field);
    }
}

/* A deleted record: gone.  An edit none of its deleters had seen (and no
 * later change named) is a conflict loser; what a deleter saw went with the
 * record, conflicts included.  Concurrent deletes are no conflict. */
static void
check_deleted_field (SimWorld  *world,
                     Snapshot  *snapshot,
                     FoldField *field,
                     GPtrArray *deletes,
                     guint     *n_losers)
{
  gboolean tombstone = g_strcmp0 (field->field, "_deleted") == 0;

  if (g_hash_table_contains (snapshot->rows, field->record))
    sim_fail (world, "record %s was deleted but is still there", field->record);
  for (guint i = 0; i < field->changes->len; i++)
    {
      const DossierChange *change = field->changes->pdata[i];
      g_autofree char *key = conflict_key (field, change);
      g_autofree char *value = json_to_string (change->value, FALSE);
      gboolean seen = FALSE, expected, shown;

      for (guint d = 0; d < deletes->len && !seen; d++)
        seen = had_seen (world, deletes->pdata[d], change);
      expected = !tombstone && !seen && !is_superseded (field, change);
      shown = g_hash_table_contains (snapshot->conflicts, key);
      if (expected && g_strcmp0 (g_hash_table_lookup (snapshot->conflicts, key), value) != 0)
        sim_fail (world, "%s (%s.%s = %s), concurrent with the delete of its record, is not a "
                  "conflict", change->change_id, change->kind, change->field, value);
      if (!expected && shown)
        sim_fail (world, "%s (%s.%s = %s) is still a conflict, though %s", change->change_id,
                  change->kind, change->field, value,
                  tombstone ? "deletes never conflict with each other"
                  : seen ? "its record's deleter had seen it" : "a later change named it");
      if (expected)
        {
          (*n_losers)++;
          world->stats->delete_edit_conflicts++;
        }
    }
}

static gboolean
is_current_or_loser (FoldField           *field,
                     Snapshot            *snapshot,
                     const DossierChange *change)
{
  g_autofree char *key = conflict_key (field, change);
  DossierVersion current = dossier_field_version_get (field->state.current);
  DossierVersion version = { change->hlc, change->device };

  return dossier_version_equal (&current, &version)
         || g_hash_table_contains (snapshot->conflicts, key);
}

/* Pairs of writes to one field of a record nobody deleted, neither writer
 * having seen the other's, with different values: unless a later change
 * named one of them, both are there, one the value and one a conflict (the
 * same on every replica, which were compared before). */
static void
check_concurrent_pairs (SimWorld  *world,
                        Snapshot  *snapshot,
                        FoldField *field,
                        gboolean   deleted)
{
  for (guint i = 0; i < field->changes->len; i++)
    for (guint j = i + 1; j < field->changes->len; j++)
      {
        const DossierChange *a = field->changes->pdata[i], *b = field->changes->pdata[j];

        if (had_seen (world, a, b) || had_seen (world, b, a)
            || json_node_equal (a->value, b->value))
          continue;
        world->stats->concurrent_pairs++;
        if (deleted || is_superseded (field, a) || is_superseded (field, b))
          continue;
        if (!is_current_or_loser (field, snapshot, a) || !is_current_or_loser (field, snapshot, b))
          sim_fail (world, "%s and %s, concurrent edits of %s.%s, are not winner and loser",
                    a->change_id, b->change_id, field->record, field->field);
      }
}

/* Every conflict a replica shows is a real change of that field. */
static void
check_conflicts_known (SimWorld *world,
                       Snapshot *snapshot,
                       Fold     *fold,
                       guint     n_losers)
{
  if (g_hash_table_size (snapshot->conflicts) != n_losers)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, snapshot->conflicts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_printerr ("  conflict %s = %s\n", (const char *) key, (const char *) value);
      sim_fail (world, "the replicas show %u conflicts; the log explains %u",
                g_hash_table_size (snapshot->conflicts), n_losers);
    }
}

void
sim_check_converged (SimWorld *world)
{
  g_autoptr(GPtrArray) log = NULL;
  Snapshot snapshots[SIM_MAX_REPLICAS];
  GHashTableIter iter;
  gpointer value;
  Fold fold;
  guint n_losers = 0;

  for (guint i = 0; i < world->n_replicas; i++)
    check_quiet (world, &world->replicas[i]);
  log = sim_read_server_log (world);
  check_log (world, log);

  for (guint i = 0; i < world->n_replicas; i++)
    {
      snapshot_take (world, &world->replicas[i], &snapshots[i]);
      if (i == 0)
        continue;
      assert_contained (world, snapshots[0].rows, snapshots[i].rows, "record", 0, i);
      assert_contained (world, snapshots[i].rows, snapshots[0].rows, "record", i, 0);
      assert_contained (world, snapshots[0].conflicts, snapshots[i].conflicts, "conflict", 0, i);
      assert_contained (world, snapshots[i].conflicts, snapshots[0].conflicts, "conflict", i, 0);
    }

  fold_init (&fold, log);
  g_hash_table_iter_init (&iter, fold.fields);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FoldField *field = value;
      GPtrArray *deletes = g_hash_table_lookup (fold.deletes, field->record);

      if (deletes != NULL)
        check_deleted_field (world, &snapshots[0], field, deletes, &n_losers);
      else
        check_live_field (world, &snapshots[0], field, &n_losers);
      check_concurrent_pairs (world, &snapshots[0], field, deletes != NULL);
    }
  check_conflicts_known (world, &snapshots[0], &fold, n_losers);
  /* Every row is a record of the log. */
  g_hash_table_iter_init (&iter, snapshots[0].rows);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    if (!g_hash_table_contains (fold.kinds, value))
      sim_fail (world, "record %s is on the replicas but not in the log", (const char *) value);

  world->stats->conflicts_left += g_hash_table_size (snapshots[0].conflicts);
  world->stats->deleted_records += g_hash_table_size (fold.deletes);
  fold_clear (&fold);
  for (guint i = 0; i < world->n_replicas; i++)
    snapshot_clear (&snapshots[i]);
}
