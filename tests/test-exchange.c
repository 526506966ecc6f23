/* test-exchange.c: two real replicas exchanging changes through an ordered log
 * (standing in for the server): different fields merge, the same field
 * becomes a conflict on both sides with the same winner, and its resolution
 * reaches both; a delete against a concurrent edit leaves the same conflicts
 * on every replica, in either order. */

#include "replica-fixture.h"

typedef struct
{
  ReplicaFixture a, b;
  GPtrArray     *log;    /* DossierChange with server_seq */
} Pair;

static void
pair_set_up (Pair          *pair,
             gconstpointer  data)
{
  replica_fixture_set_up (&pair->a, data);
  replica_fixture_set_up (&pair->b, data);
  pair->log = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
}

static void
pair_tear_down (Pair          *pair,
                gconstpointer  data)
{
  replica_fixture_tear_down (&pair->a, data);
  replica_fixture_tear_down (&pair->b, data);
  g_ptr_array_unref (pair->log);
}

/* Push the outbox to the log, acknowledging it. */
static void
push_one (Pair           *pair,
          ReplicaFixture *side)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = dossier_replica_list_outbox_sync (side->replica, 0, NULL, &error);
  g_autoptr(GPtrArray) acked = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < outbox->len; i++)
    {
      DossierChange *change = dossier_change_copy (outbox->pdata[i]);
      change->server_seq = pair->log->len + 1;
      g_ptr_array_add (pair->log, change);
      g_ptr_array_add (acked, g_strdup (change->change_id));
    }
  g_ptr_array_add (acked, NULL);
  g_assert_true (dossier_replica_ack_outbox_sync (side->replica, (const char *const *) acked->pdata,
                                                  NULL, &error));
  g_assert_no_error (error);
}

/* Pull what is new in the log, as one page. */
static DossierApplyStats
pull_one (Pair           *pair,
          ReplicaFixture *side)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  DossierApplyStats stats = { 0 };
  gint64 cursor;

  cursor = dossier_replica_get_cursor_sync (side->replica, NULL, &error);
  for (guint i = cursor; i < pair->log->len; i++)
    g_ptr_array_add (page, dossier_change_copy (pair->log->pdata[i]));
  g_assert_true (dossier_replica_apply_remote_sync (side->replica, page, pair->log->len, &stats,
                                                    NULL, &error));
  g_assert_no_error (error);
  return stats;
}

/* Push the outbox to the log (acknowledging it), then pull what is new. */
static DossierApplyStats
sync_one (Pair           *pair,
          ReplicaFixture *side)
{
  DossierApplyStats stats;

  push_one (pair, side);
  stats = pull_one (pair, side);
  g_assert_cmpint (dossier_replica_count_outbox_sync (side->replica, NULL, NULL), ==, 0);
  return stats;
}

static void
sync_both (Pair *pair)
{
  sync_one (pair, &pair->a);
  sync_one (pair, &pair->b);
  sync_one (pair, &pair->a);
}

static JsonObject *
get_case (ReplicaFixture *side,
          const char     *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *row = dossier_replica_get_sync (side->replica, "case", id, NULL, &error);

  g_assert_no_error (error);
  return row;
}

static void
save_field (ReplicaFixture *side,
            const char     *id,
            const char     *field,
            const char     *value)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  json_object_set_string_member (fields, field, value);
  saved = dossier_replica_save_sync (side->replica, "case", id, fields, NULL, &error);
  g_assert_no_error (error);
}

static char *
create_case (Pair *pair)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (fields, "reference", "DOS-2026-00007");
  json_object_set_string_member (fields, "destination", "DE");
  id = dossier_replica_save_sync (pair->a.replica, "case", NULL, fields, NULL, &error);
  g_assert_no_error (error);
  sync_both (pair);
  return id;
}

static void
test_different_fields_merge (Pair          *pair,
                             gconstpointer  data)
{
  g_autofree char *id = create_case (pair);
  g_autoptr(JsonObject) on_a = NULL;
  g_autoptr(JsonObject) on_b = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  /* Offline on both laptops, different fields of the same case. */
  save_field (&pair->a, id, "purpose", "Trade fair in Hannover");
  save_field (&pair->b, id, "consulate", "German visa centre, Shanghai");
  sync_both (pair);

  on_a = get_case (&pair->a, id);
  on_b = get_case (&pair->b, id);
  g_assert_cmpstr (json_object_get_string_member (on_a, "purpose"), ==, "Trade fair in Hannover");
  g_assert_cmpstr (json_object_get_string_member (on_a, "consulate"), ==, "German visa centre, Shanghai");
  g_assert_true (json_object_equal (on_a, on_b));
  conflicts = dossier_replica_list_conflicts_sync (pair->a.replica, NULL, NULL);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
test_same_field_conflict_and_resolution (Pair          *pair,
                                         gconstpointer  data)
{
  g_autofree char *id = create_case (pair);
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(GPtrArray) on_b = NULL;
  g_autoptr(JsonObject) case_a = NULL;
  g_autoptr(JsonObject) case_b = NULL;
  g_autoptr(JsonNode) chosen = NULL;
  g_autoptr(GError) error = NULL;
  const char *winner, *loser;

  save_field (&pair->a, id, "visa_number", "D-12345678");
  save_field (&pair->b, id, "visa_number", "D-87654321");
  sync_both (pair);

  case_a = get_case (&pair->a, id);
  case_b = get_case (&pair->b, id);
  winner = json_object_get_string_member (case_a, "visa_number");
  g_assert_cmpstr (winner, ==, json_object_get_string_member (case_b, "visa_number"));

  /* The losing value is kept on both replicas, and shown (a critical field). */
  on_a = dossier_replica_list_conflicts_sync (pair->a.replica, NULL, NULL);
  on_b = dossier_replica_list_conflicts_sync (pair->b.replica, NULL, NULL);
  g_assert_cmpuint (on_a->len, ==, 1);
  g_assert_cmpuint (on_b->len, ==, 1);
  loser = json_object_get_string_member (on_a->pdata[0], "value");
  g_assert_cmpstr (loser, ==, json_object_get_string_member (on_b->pdata[0], "value"));
  g_assert_cmpstr (loser, !=, winner);
  g_assert_true (g_str_equal (loser, "D-12345678") || g_str_equal (loser, "D-87654321"));
  g_assert_true (json_object_get_boolean_member (on_a->pdata[0], "critical"));
  g_assert_cmpstr (json_object_get_string_member (on_a->pdata[0], "current_value"), ==, winner);

  /* B's user picks the losing value; the resolution reaches A. */
  chosen = json_node_init_string (json_node_alloc (), loser);
  g_assert_true (dossier_replica_resolve_conflict_sync (pair->b.replica, "case", id, "visa_number",
                                                        chosen, NULL, &error));
  g_assert_no_error (error);
  sync_both (pair);
  g_clear_pointer (&case_a, json_object_unref);
  g_clear_pointer (&case_b, json_object_unref);
  case_a = get_case (&pair->a, id);
  case_b = get_case (&pair->b, id);
  g_assert_cmpstr (json_object_get_string_member (case_a, "visa_number"), ==, loser);
  g_assert_cmpstr (json_object_get_string_member (case_b, "visa_number"), ==, loser);
  g_clear_pointer (&on_a, g_ptr_array_unref);
  g_clear_pointer (&on_b, g_ptr_array_unref);
  on_a = dossier_replica_list_conflicts_sync (pair->a.replica, NULL, NULL);
  on_b = dossier_replica_list_conflicts_sync (pair->b.replica, NULL, NULL);
  g_assert_cmpuint (on_a->len, ==, 0);
  g_assert_cmpuint (on_b->len, ==, 0);
}

static void
test_replayed_page_changes_nothing (Pair          *pair,
                                    gconstpointer  data)
{
  g_autofree char *id = create_case (pair);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  g_autoptr(JsonObject) before = get_case (&pair->b, id);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  DossierApplyStats stats;

  for (guint i = 0; i < pair->log->len; i++)
    g_ptr_array_add (page, dossier_change_copy (pair->log->pdata[i]));
  g_assert_true (dossier_replica_apply_remote_sync (pair->b.replica, page, pair->log->len, &stats,
                                                    NULL, &error));
  g_assert_cmpuint (stats.applied, ==, 0);
  g_assert_cmpuint (stats.ignored, ==, pair->log->len);
  after = get_case (&pair->b, id);
  g_assert_true (json_object_equal (before, after));
}

static void
test_unknown_fields_kept (Pair          *pair,
                          gconstpointer  data)
{
  g_autofree char *id = create_case (pair);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  DossierChange *future = dossier_change_copy (pair->log->pdata[0]);
  g_autoptr(GError) error = NULL;
  DossierApplyStats stats;

  /* A newer Dossier added a field this one does not know. */
  g_free (future->field);
  future->field = g_strdup ("biometric_exemption");
  g_free (future->change_id);
  future->change_id = g_strdup ("ffffffff-0000-4000-8000-000000000009:1");
  future->hlc += 1000;
  future->server_seq = pair->log->len + 1;   /* the server's next change */
  g_ptr_array_add (page, future);
  g_assert_true (dossier_replica_apply_remote_sync (pair->b.replica, page, pair->log->len + 1,
                                                    &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.unknown, ==, 1);
  g_assert_cmpint (dossier_replica_get_cursor_sync (pair->b.replica, NULL, NULL), ==,
                   pair->log->len + 1);
  (void) id;
}

/* One record id under two kinds in one page (the server fixes a record's
 * scope, not its kind): the record keeps its first kind, and the other
 * kind's field is kept as unknown, not written into the first kind's
 * fields (it used to index them with the other kind's field numbers). */
static void
test_two_kinds_one_record (Pair          *pair,
                           gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  const char *const kinds[] = { "case", "fee" };
  const char *const fields[] = { "reference", "currency" };
  const char *const values[] = { "DOS-2026-00321", "EUR" };
  DossierApplyStats stats;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      DossierChange *change = g_new0 (DossierChange, 1);

      change->change_id = g_strdup_printf ("ffffffff-0000-4000-8000-00000000000a:%u", i + 1);
      change->device = g_strdup ("ffffffff-0000-4000-8000-00000000000a");
      change->counter = i + 1;
      change->kind = g_strdup (kinds[i]);
      change->record_id = g_strdup (id);
      change->field = g_strdup (fields[i]);
      change->value = json_node_init_string (json_node_alloc (), values[i]);
      change->hlc = DOSSIER_HLC_MAKE (1700000000000 + i, 0);
      change->scope = g_strdup ("*");
      change->server_seq = i + 1;
      g_ptr_array_add (page, change);
    }
  g_assert_true (dossier_replica_apply_remote_sync (pair->b.replica, page, 2, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.applied, ==, 1);
  g_assert_cmpuint (stats.unknown, ==, 1);
  row = dossier_replica_get_sync (pair->b.replica, "case", id, NULL, &error);
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "reference"), ==, "DOS-2026-00321");
  g_assert_null (json_object_get_string_member (row, "destination"));
  g_assert_null (dossier_replica_get_sync (pair->b.replica, "fee", id, NULL, NULL));
}

static GPtrArray *
conflicts_of (ReplicaFixture *side)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = dossier_replica_list_conflicts_sync (side->replica, NULL, &error);

  g_assert_no_error (error);
  return conflicts;
}

static gboolean
case_exists (ReplicaFixture *side,
             const char     *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = dossier_replica_get_sync (side->replica, "case", id, NULL, &error);

  return row != NULL;
}

/* A edits a case while B deletes it, neither having seen the other's
 * change; the two arrive in either order.  The case is gone on both, and
 * A's edit is a conflict on both, on A too: a delete never swallows an edit
 * its writer had not seen.  (A's own replica used to drop it silently when
 * the delete arrived after it.) */
static void
test_delete_against_concurrent_edit (Pair          *pair,
                                     gconstpointer  data)
{
  gboolean edit_first = GPOINTER_TO_INT (data);
  g_autofree char *id = create_case (pair);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(GPtrArray) on_b = NULL;

  save_field (&pair->a, id, "notes", "Client called: bring the original bank statements");
  g_assert_true (dossier_replica_delete_sync (pair->b.replica, "case", id, NULL, &error));
  g_assert_no_error (error);
  if (edit_first)
    {
      sync_one (pair, &pair->a);
      sync_one (pair, &pair->b);
      sync_one (pair, &pair->a);
    }
  else
    {
      sync_one (pair, &pair->b);
      sync_one (pair, &pair->a);
      sync_one (pair, &pair->b);
    }

  g_assert_false (case_exists (&pair->a, id));
  g_assert_false (case_exists (&pair->b, id));
  on_a = conflicts_of (&pair->a);
  on_b = conflicts_of (&pair->b);
  g_assert_cmpuint (on_a->len, ==, 1);
  g_assert_cmpuint (on_b->len, ==, 1);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *conflict = (i == 0 ? on_a : on_b)->pdata[0];

      g_assert_cmpstr (json_object_get_string_member (conflict, "field"), ==, "notes");
      g_assert_cmpstr (json_object_get_string_member (conflict, "value"), ==,
                       "Client called: bring the original bank statements");
    }
}

/* What the deleter saw goes with the record, its conflicts included; two
 * deletes of one record agree and are no conflict. */
static void
test_delete_settles_what_it_saw (Pair          *pair,
                                 gconstpointer  data)
{
  g_autofree char *id = create_case (pair);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(GPtrArray) on_b = NULL;

  save_field (&pair->a, id, "visa_number", "D-12345678");
  save_field (&pair->b, id, "visa_number", "D-87654321");
  sync_both (pair);
  g_clear_pointer (&on_b, g_ptr_array_unref);
  on_b = conflicts_of (&pair->b);
  g_assert_cmpuint (on_b->len, ==, 1);

  g_assert_true (dossier_replica_delete_sync (pair->a.replica, "case", id, NULL, &error));
  g_assert_true (dossier_replica_delete_sync (pair->b.replica, "case", id, NULL, &error));
  g_assert_no_error (error);
  sync_both (pair);
  sync_one (pair, &pair->b);

  on_a = conflicts_of (&pair->a);
  g_clear_pointer (&on_b, g_ptr_array_unref);
  on_b = conflicts_of (&pair->b);
  g_assert_cmpuint (on_a->len, ==, 0);
  g_assert_cmpuint (on_b->len, ==, 0);
  g_assert_false (case_exists (&pair->a, id));
  g_assert_false (case_exists (&pair->b, id));
}

static gint64 wall_a, wall_b;

static gint64
wall_cb (gpointer user_data)
{
  return *(gint64 *) user_data;
}

/* Laptop clocks for the test: B's a second ahead of A's, or `skew_ms`. */
static void
set_clocks (Pair   *pair,
            gint64  skew_ms)
{
  wall_a = G_GINT64_CONSTANT (1767225600000);
  wall_b = wall_a + skew_ms;
  dossier_replica_set_wall_clock (pair->a.replica, wall_cb, &wall_a);
  dossier_replica_set_wall_clock (pair->b.replica, wall_cb, &wall_b);
}

/* A's edit loses to B's later one, A settles the conflict before sending
 * either, then pulls its own two changes back.  Merging its own older edit
 * again made it look concurrent with its resolution: a conflict with itself
 * that never went away.  A replica's own changes come back quietly. */
static void
test_own_changes_come_back_quietly (Pair          *pair,
                                    gconstpointer  data)
{
  g_autofree char *id = create_case (pair);
  g_autoptr(JsonNode) chosen = json_node_init_string (json_node_alloc (), "Hannover, then Berlin");
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(GPtrArray) on_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) case_a = NULL;
  g_autoptr(JsonObject) case_b = NULL;

  set_clocks (pair, 1000);
  save_field (&pair->a, id, "purpose", "Trade fair in Hannover");
  save_field (&pair->b, id, "purpose", "Trade fair in Berlin");
  sync_one (pair, &pair->b);
  pull_one (pair, &pair->a);
  on_a = conflicts_of (&pair->a);
  g_assert_cmpuint (on_a->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (on_a->pdata[0], "value"), ==,
                   "Trade fair in Hannover");
  g_assert_true (dossier_replica_resolve_conflict_sync (pair->a.replica, "case", id, "purpose",
                                                        chosen, NULL, &error));
  g_assert_no_error (error);
  sync_one (pair, &pair->a);
  sync_one (pair, &pair->b);

  g_clear_pointer (&on_a, g_ptr_array_unref);
  on_a = conflicts_of (&pair->a);
  on_b = conflicts_of (&pair->b);
  g_assert_cmpuint (on_a->len, ==, 0);
  g_assert_cmpuint (on_b->len, ==, 0);
  case_a = get_case (&pair->a, id);
  case_b = get_case (&pair->b, id);
  g_assert_cmpstr (json_object_get_string_member (case_a, "purpose"), ==, "Hannover, then Berlin");
  g_assert_true (json_object_equal (case_a, case_b));
}

/* A late copy of an old page (a retried pull, a duplicated answer) brings
 * nothing back: not a settled conflict, not an older cursor. */
static void
test_late_page_applies_nothing_twice (Pair          *pair,
                                      gconstpointer  data)
{
  g_autofree char *id = create_case (pair);
  g_autoptr(JsonNode) chosen = json_node_init_string (json_node_alloc (), "D-12345678");
  g_autoptr(GPtrArray) late = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  guint first = pair->log->len;
  gint64 cursor;

  save_field (&pair->a, id, "visa_number", "D-12345678");
  save_field (&pair->b, id, "visa_number", "D-87654321");
  sync_both (pair);
  /* The page that brought A's number to B, kept aside. */
  for (guint i = first; i < pair->log->len; i++)
    g_ptr_array_add (late, dossier_change_copy (pair->log->pdata[i]));
  g_assert_true (dossier_replica_resolve_conflict_sync (pair->b.replica, "case", id, "visa_number",
                                                        chosen, NULL, &error));
  g_assert_no_error (error);
  sync_both (pair);
  cursor = dossier_replica_get_cursor_sync (pair->b.replica, NULL, NULL);

  g_assert_true (dossier_replica_apply_remote_sync (pair->b.replica, late, first + late->len, NULL,
                                                    NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dossier_replica_get_cursor_sync (pair->b.replica, NULL, NULL), ==, cursor);
  conflicts = conflicts_of (&pair->b);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

/* A's clock is ten minutes fast, more than B's clock accepts from a peer.
 * B overwrites values A wrote: each change must still be later than the
 * version it overwrites, or a third edit could rank between the two and
 * win on some replicas and lose on others; and no two of B's changes may
 * have the same clock, which with the device names a version. */
static void
test_overwrite_later_than_skewed_base (Pair          *pair,
                                       gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *saved = NULL;
  DossierChange *first, *second;

  set_clocks (pair, -10 * 60 * 1000);
  id = create_case (pair);
  /* One save: A's two values get consecutive clocks. */
  json_object_set_string_member (fields, "assignee", "li.na");
  json_object_set_string_member (fields, "consulate", "German visa centre, Shanghai");
  saved = dossier_replica_save_sync (pair->a.replica, "case", id, fields, NULL, NULL);
  sync_both (pair);
  save_field (&pair->b, id, "consulate", "German consulate, Guangzhou");
  save_field (&pair->b, id, "assignee", "wang.wei");

  outbox = dossier_replica_list_outbox_sync (pair->b.replica, 0, NULL, NULL);
  g_assert_cmpuint (outbox->len, ==, 2);
  first = outbox->pdata[0];
  second = outbox->pdata[1];
  g_assert_cmpstr (first->base_device, ==, dossier_replica_get_device_id (pair->a.replica));
  g_assert_cmpint (DOSSIER_HLC_PHYSICAL (first->base_hlc), >=, wall_a);
  g_assert_cmpuint (first->hlc, >, first->base_hlc);
  g_assert_cmpuint (second->hlc, >, second->base_hlc);
  g_assert_cmpuint (second->hlc, >, first->hlc);
}

static void
save_note (ReplicaFixture *side,
           const char    **id,
           const char     *body,
           gint64          version)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *saved;

  json_object_set_string_member (fields, "country", "DE");
  json_object_set_string_member (fields, "visa_type", "business");
  json_object_set_string_member (fields, "title", "Germany: business visa");
  json_object_set_string_member (fields, "body", body);
  json_object_set_int_member (fields, "version", version);
  saved = dossier_replica_save_sync (side->replica, "policy_note", *id, fields, NULL, &error);
  g_assert_no_error (error);
  if (*id == NULL)
    *id = saved;
  else
    g_free (saved);
}

/* A note edited twice under one version, then raised to the next: the other
 * replica pulls every change (the pulled upsert once tripped the history
 * triggers' unique key) and ends with the same two versions. */
static void
test_policy_note_history_pulled (Pair          *pair,
                                 gconstpointer  data)
{
  const char *id = NULL;
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(GPtrArray) on_b = NULL;
  g_autoptr(GError) error = NULL;

  save_note (&pair->a, &id, "Invitation letter from the German company.", 1);
  sync_both (pair);
  save_note (&pair->a, &id, "Invitation letter and trade register extract.", 1);
  sync_both (pair);
  save_note (&pair->a, &id, "Invitation letter, register extract, 6 months of bank statements.", 2);
  sync_both (pair);

  on_a = dossier_replica_list_policy_versions_sync (pair->a.replica, id, NULL, &error);
  g_assert_no_error (error);
  on_b = dossier_replica_list_policy_versions_sync (pair->b.replica, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_a->len, ==, 2);
  g_assert_cmpuint (on_b->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (on_b->pdata[0], "snapshot"), "body"),
                   ==, "Invitation letter, register extract, 6 months of bank statements.");
  for (guint i = 0; i < on_a->len; i++)
    {
      JsonObject *va = on_a->pdata[i], *vb = on_b->pdata[i];
      g_assert_cmpint (json_object_get_int_member (va, "version"), ==,
                       json_object_get_int_member (vb, "version"));
      JsonObject *sa = json_object_get_object_member (va, "snapshot");
      JsonObject *sb = json_object_get_object_member (vb, "snapshot");
      g_assert_cmpstr (json_object_get_string_member (sa, "body"), ==,
                       json_object_get_string_member (sb, "body"));
    }
  g_free ((char *) id);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* A replica's open conflicts as sortable text: record, field, loser version, value. */
static GPtrArray *
conflict_lines (ReplicaFixture *side)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = dossier_replica_list_conflicts_sync (side->replica, NULL,
                                                                        &error);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *c = conflicts->pdata[i];
      g_autofree char *value = json_to_string (json_object_get_member (c, "value"), FALSE);

      g_ptr_array_add (lines, g_strdup_printf ("%s %s %s %s %s",
                                               json_object_get_string_member (c, "record_id"),
                                               json_object_get_string_member (c, "field"),
                                               json_object_get_string_member (c, "hlc"),
                                               json_object_get_string_member (c, "device"), value));
    }
  g_ptr_array_sort (lines, compare_lines);
  return lines;
}

static void
assert_same_conflicts (ReplicaFixture *one,
                       ReplicaFixture *other,
                       guint           expected)
{
  g_autoptr(GPtrArray) a = conflict_lines (one);
  g_autoptr(GPtrArray) b = conflict_lines (other);

  g_assert_cmpuint (a->len, ==, expected);
  g_assert_cmpuint (b->len, ==, expected);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (a->pdata[i], ==, b->pdata[i]);
}

typedef enum
{
  DELETE_FIRST,      /* A's delete reaches the log before B's concurrent edit */
  EDIT_FIRST,        /* B's concurrent edit reaches the log first */
  EDIT_SEEN,         /* A saw B's edit before deleting: no conflict */
} DeleteOrder;

/* A deletes a case that B edits (two fields); C, a third replica, only pulls
 * once at the end.  The case is gone everywhere, and B's edits are kept as
 * the same conflicts on all three, unless A had seen them. */
static void
delete_against_edit (Pair        *pair,
                     DeleteOrder  order)
{
  g_autofree char *id = create_case (pair);
  g_autoptr(GError) error = NULL;
  ReplicaFixture c;
  ReplicaFixture *sides[] = { &pair->a, &pair->b, &c };
  guint expected = order == EDIT_SEEN ? 0 : 2;

  replica_fixture_set_up (&c, NULL);
  /* Keeping deleted what is not deleted is refused. */
  g_assert_false (dossier_replica_keep_deleted_sync (pair->a.replica, id, NULL, &error));
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  save_field (&pair->b, id, "purpose", "Canton fair");
  save_field (&pair->b, id, "consulate", "Guangzhou");
  if (order == EDIT_SEEN)
    {
      sync_one (pair, &pair->b);
      sync_one (pair, &pair->a);
    }
  g_assert_true (dossier_replica_delete_sync (pair->a.replica, "case", id, NULL, &error));
  g_assert_no_error (error);
  if (order == EDIT_FIRST)
    {
      sync_one (pair, &pair->b);
      sync_one (pair, &pair->a);
      sync_one (pair, &pair->b);
    }
  else
    sync_both (pair);
  sync_one (pair, &c);

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(JsonObject) row = dossier_replica_get_sync (sides[i]->replica, "case", id, NULL,
                                                            &error);
      g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND);
      g_assert_null (row);
      g_clear_error (&error);
    }
  assert_same_conflicts (&pair->a, &pair->b, expected);
  assert_same_conflicts (&pair->a, &c, expected);
  if (expected > 0)
    {
      g_autoptr(GPtrArray) lines = conflict_lines (&c);
      g_autoptr(GPtrArray) conflicts = dossier_replica_list_conflicts_sync (c.replica, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (g_str_has_suffix (lines->pdata[0], "\"Guangzhou\"")
                     || g_str_has_suffix (lines->pdata[0], "\"Canton fair\""));
      /* Each says its record was deleted, and by whom. */
      for (guint i = 0; i < conflicts->len; i++)
        {
          JsonObject *conflict = conflicts->pdata[i];

          g_assert_true (json_object_get_boolean_member_with_default (conflict, "deleted", FALSE));
          g_assert_cmpstr (json_object_get_string_member (conflict, "deleted_device"), ==,
                           dossier_replica_get_device_id (pair->a.replica));
        }

      /* B, whose edits they are, keeps the case deleted: settled everywhere. */
      g_assert_true (dossier_replica_keep_deleted_sync (pair->b.replica, id, NULL, &error));
      g_assert_no_error (error);
      assert_same_conflicts (&pair->b, &pair->b, 0);
      sync_one (pair, &pair->b);
      sync_one (pair, &pair->a);
      sync_one (pair, &c);
      assert_same_conflicts (&pair->a, &pair->b, 0);
      assert_same_conflicts (&pair->a, &c, 0);
      g_assert_null (dossier_replica_get_sync (c.replica, "case", id, NULL, &error));
      g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }
  replica_fixture_tear_down (&c, NULL);
}

static void
test_delete_first (Pair          *pair,
                   gconstpointer  data)
{
  delete_against_edit (pair, DELETE_FIRST);
}

static void
test_edit_first (Pair          *pair,
                 gconstpointer  data)
{
  delete_against_edit (pair, EDIT_FIRST);
}

static void
test_delete_after_seen_edit (Pair          *pair,
                             gconstpointer  data)
{
  delete_against_edit (pair, EDIT_SEEN);
}

/* Both delete the same case, B after editing it: the same intent twice, and
 * an edit its own writer deleted; no conflict anywhere, in either order. */
static void
test_concurrent_deletes (Pair          *pair,
                         gconstpointer  data)
{
  for (guint order = 0; order < 2; order++)
    {
      g_autofree char *id = create_case (pair);
      g_autoptr(GError) error = NULL;
      ReplicaFixture c;

      replica_fixture_set_up (&c, NULL);
      save_field (&pair->b, id, "purpose", "Canton fair");
      g_assert_true (dossier_replica_delete_sync (pair->a.replica, "case", id, NULL, &error));
      g_assert_true (dossier_replica_delete_sync (pair->b.replica, "case", id, NULL, &error));
      g_assert_no_error (error);
      sync_one (pair, order == 0 ? &pair->a : &pair->b);
      sync_one (pair, order == 0 ? &pair->b : &pair->a);
      sync_one (pair, order == 0 ? &pair->a : &pair->b);
      sync_one (pair, &c);
      assert_same_conflicts (&pair->a, &pair->b, 0);
      assert_same_conflicts (&pair->a, &c, 0);
      replica_fixture_tear_down (&c, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Pair, NULL, pair_set_up, func, pair_tear_down)
  ADD ("/sync/exchange/different-fields-merge", test_different_fields_merge);
  ADD ("/sync/exchange/same-field-conflict-and-resolution", test_same_field_conflict_and_resolution);
  ADD ("/sync/exchange/replayed-page-changes-nothing", test_replayed_page_changes_nothing);
  ADD ("/sync/exchange/unknown-fields-kept", test_unknown_fields_kept);
  ADD ("/sync/exchange/two-kinds-one-record", test_two_kinds_one_record);
  ADD ("/sync/exchange/policy-note-history-pulled", test_policy_note_history_pulled);
  g_test_add ("/sync/exchange/delete-against-concurrent-edit/edit-first", Pair,
              GINT_TO_POINTER (TRUE), pair_set_up, test_delete_against_concurrent_edit,
              pair_tear_down);
  g_test_add ("/sync/exchange/delete-against-concurrent-edit/delete-first", Pair,
              GINT_TO_POINTER (FALSE), pair_set_up, test_delete_against_concurrent_edit,
              pair_tear_down);
  ADD ("/sync/exchange/delete-settles-what-it-saw", test_delete_settles_what_it_saw);
  ADD ("/sync/exchange/own-changes-come-back-quietly", test_own_changes_come_back_quietly);
  ADD ("/sync/exchange/late-page-applies-nothing-twice", test_late_page_applies_nothing_twice);
  ADD ("/sync/exchange/overwrite-later-than-skewed-base", test_overwrite_later_than_skewed_base);
  ADD ("/sync/exchange/delete-against-edit/delete-first", test_delete_first);
  ADD ("/sync/exchange/delete-against-edit/edit-first", test_edit_first);
  ADD ("/sync/exchange/delete-after-seen-edit", test_delete_after_seen_edit);
  ADD ("/sync/exchange/concurrent-deletes", test_concurrent_deletes);
#undef ADD
  return g_test_run ();
}
