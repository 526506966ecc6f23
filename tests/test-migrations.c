/* test-migrations.c: a replica made by the previous schema version, with data
 * in it, is migrated by the real open path and keeps every row. */

#include <string.h>
#include <sqlcipher/sqlite3.h>

#include "dossier-migrations.h"
#include "replica-fixture.h"

#define APPLICANT_ID "0d7c6a4e-31f4-4d0c-9a53-7b0e8f7e2a11"
#define NOTE_A "5b9a1f0c-8c2e-4b61-a1c4-6f3d2e1b0a99"
#define NOTE_B "a3e4c5d6-1b2a-4c3d-9e8f-0a1b2c3d4e5f"

static sqlite3 *
open_keyed (const char *path,
            GBytes     *key)
{
  const guint8 *bytes = g_bytes_get_data (key, NULL);
  g_autoptr(GString) literal = g_string_new ("x'");
  sqlite3 *db = NULL;

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (literal, "%02x", bytes[i]);
  g_string_append_c (literal, '\'');
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_key (db, literal->str, literal->len), ==, SQLITE_OK);
  return db;
}

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static void
test_previous_version_upgrades_with_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);
  g_autoptr(GBytes) key = fixture_random_key ();
  guint latest = dossier_migrations_count (DOSSIER_REPLICA_MIGRATIONS);
  g_autoptr(DossierReplica) replica = NULL;
  g_autoptr(JsonObject) applicant = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *version = NULL;
  sqlite3 *db;

  g_assert_cmpuint (latest, >=, 2);

  /* A replica as the first version of Dossier left it; every later migration runs. */
  db = open_keyed (path, key);
  g_assert_true (dossier_migrations_apply (db, DOSSIER_REPLICA_MIGRATIONS, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dossier_migrations_current (db), ==, 1);
  exec_ok (db,
    "INSERT INTO replica_meta (key, value) VALUES ('application', 'org.dossier.Dossier'), "
    "  ('device_id', 'c0ffee00-0000-4000-8000-000000000001'), ('device_counter', '41'), "
    "  ('last_hlc', '0');"
    "INSERT INTO applicants (id, family_name, native_name, passport_number, birth_date) VALUES "
    "  ('" APPLICANT_ID "', 'CHEN', '陈静', 'EJ4412907', '1988-07-14');"
    "INSERT INTO policy_notes (id, country, visa_type, title, body, requirements, version, "
    "  updated_at) VALUES "
    "  ('" NOTE_A "', 'FR', 'business', 'France business', '邀请函 required', "
    "   '[\"invitation_letter\",\"bank_statement\"]', 3, '2026-10-01T08:00:00Z'), "
    "  ('" NOTE_B "', 'JP', 'tourist', 'Japan tourist', 'Itinerary', NULL, NULL, NULL);");
  sqlite3_close (db);

  /* The real open path migrates it. */
  replica = dossier_replica_open_sync (path, key, FALSE, NULL, &error);
  g_assert_no_error (error);
  applicant = dossier_replica_get_sync (replica, "applicant", APPLICANT_ID, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (applicant, "native_name"), ==, "陈静");
  g_assert_cmpstr (json_object_get_string_member (applicant, "passport_number"), ==, "EJ4412907");
  g_assert_cmpstr (dossier_replica_get_device_id (replica), ==,
                   "c0ffee00-0000-4000-8000-000000000001");
  notes = dossier_replica_list_sync (replica, "policy_note", NULL, NULL, "country", 0, NULL, &error);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpint (json_object_get_int_member (notes->pdata[0], "version"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (notes->pdata[1], "version"), ==, 1);

  /* The device counter carried on: the next change is number 42. */
  {
    g_autoptr(JsonObject) fields = json_object_new ();
    g_autoptr(GPtrArray) outbox = NULL;
    json_object_set_string_member (fields, "phone", "+86 10 5555 0100");
    g_free (dossier_replica_save_sync (replica, "applicant", APPLICANT_ID, fields, NULL, &error));
    outbox = dossier_replica_list_outbox_sync (replica, 0, NULL, &error);
    g_assert_cmpuint (outbox->len, ==, 1);
    g_assert_cmpint (((DossierChange *) outbox->pdata[0])->counter, ==, 42);
  }
  dossier_replica_close (replica);

  /* The new table holds each note's current text as a version. */
  db = open_keyed (path, key);
  g_assert_cmpint (dossier_migrations_current (db), ==, latest);
  snapshot = query_text (db, "SELECT snapshot FROM policy_note_versions WHERE note_id = '" NOTE_A "'");
  g_assert_nonnull (strstr (snapshot, "邀请函 required"));
  g_assert_nonnull (strstr (snapshot, "[\"invitation_letter\",\"bank_statement\"]"));
  version = query_text (db, "SELECT group_concat(version) FROM (SELECT version FROM "
                            "policy_note_versions ORDER BY note_id)");
  g_assert_cmpstr (version, ==, "3,1");
  sqlite3_close (db);
  remove_tree (dir);
}

static void
test_apply_is_idempotent_and_stops_at_target (void)
{
  sqlite3 *db = NULL;
  g_autoptr(GError) error = NULL;
  guint latest = dossier_migrations_count (DOSSIER_REPLICA_MIGRATIONS);

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (dossier_migrations_apply (db, DOSSIER_REPLICA_MIGRATIONS, 1, &error));
  g_assert_cmpint (dossier_migrations_current (db), ==, 1);
  g_assert_null (query_text (db, "SELECT name FROM sqlite_schema WHERE name = 'policy_note_versions'"));
  g_assert_true (dossier_migrations_apply (db, DOSSIER_REPLICA_MIGRATIONS, 0, &error));
  g_assert_cmpint (dossier_migrations_current (db), ==, (int) latest);
  g_assert_true (dossier_migrations_apply (db, DOSSIER_REPLICA_MIGRATIONS, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dossier_migrations_current (db), ==, (int) latest);
  sqlite3_close (db);
}

static void
test_newer_database_refused (void)
{
  sqlite3 *db = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  exec_ok (db, "PRAGMA user_version = 77");
  g_assert_false (dossier_migrations_apply (db, DOSSIER_REPLICA_MIGRATIONS, 0, &error));
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_TOO_NEW);
  g_assert_cmpint (dossier_migrations_current (db), ==, 77);
  sqlite3_close (db);
}

#define CASE_ID "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
#define DEVICE_A "a0000000-0000-4000-8000-00000000000a"
#define DEVICE_B "b0000000-0000-4000-8000-00000000000b"

static DossierChange *
remote_change (const char *field,
               const char *value,
               DossierHlc  hlc,
               const char *device,
               gint64      counter,
               DossierHlc  base_hlc,
               const char *base_device,
               gint64      seq)
{
  DossierChange *change = g_new0 (DossierChange, 1);

  change->change_id = g_strdup_printf ("%s:%" G_GINT64_FORMAT, device, counter);
  change->kind = g_strdup ("case");
  change->record_id = g_strdup (CASE_ID);
  change->field = g_strdup (field);
  change->value = json_node_init_string (json_node_alloc (), value);
  change->hlc = hlc;
  change->device = g_strdup (device);
  change->counter = counter;
  change->base_hlc = base_hlc;
  change->base_device = g_strdup (base_device);
  change->server_seq = seq;
  return change;
}

/* A replica of migration 8 kept one field_clocks row per field; migration 9
 * folds them into one row per record, and the merge carries on from them. */
static void
test_field_clocks_convert_and_keep_merging (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);
  g_autoptr(GBytes) key = fixture_random_key ();
  g_autoptr(DossierReplica) replica = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *clocks = NULL;
  DossierApplyStats stats = { 0 };
  sqlite3 *db;

  db = open_keyed (path, key);
  g_assert_true (dossier_migrations_apply (db, DOSSIER_REPLICA_MIGRATIONS, 8, &error));
  g_assert_no_error (error);
  exec_ok (db,
    "INSERT INTO replica_meta (key, value) VALUES ('application', 'org.dossier.Dossier'), "
    "  ('device_id', 'c0ffee00-0000-4000-8000-000000000001'), ('device_counter', '0'), "
    "  ('last_hlc', '0');"
    "INSERT INTO cases (id, reference, purpose, visa_number) VALUES "
    "  ('" CASE_ID "', 'DOS-2026-00001', 'Trade fair', 'D-1');"
    /* reference and purpose written by A at once, visa_number overwritten by B. */
    "INSERT INTO field_clocks (record_id, field, hlc, device, base_hlc, base_device) VALUES "
    "  ('" CASE_ID "', 'reference', 1000, '" DEVICE_A "', 0, NULL), "
    "  ('" CASE_ID "', 'purpose', 1001, '" DEVICE_A "', 0, NULL), "
    "  ('" CASE_ID "', 'visa_number', 2000, '" DEVICE_B "', 1002, '" DEVICE_A "');");
  sqlite3_close (db);

  replica = dossier_replica_open_sync (path, key, FALSE, NULL, &error);
  g_assert_no_error (error);

  /* A overwrites purpose having seen it (no conflict); A edits visa_number
   * without having seen B's value (a conflict, B's later clock wins); an old
   * version of reference arrives late (obsolete). */
  g_ptr_array_add (changes, remote_change ("purpose", "Trade fair in Hannover", 3000, DEVICE_A, 4,
                                           1001, DEVICE_A, 1));
  g_ptr_array_add (changes, remote_change ("visa_number", "D-9", 1500, DEVICE_A, 3, 1002,
                                           DEVICE_A, 2));
  g_ptr_array_add (changes, remote_change ("reference", "DOS-OLD", 1000, DEVICE_A, 1, 0, NULL, 3));
  g_assert_true (dossier_replica_apply_remote_sync (replica, changes, 3, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.applied, ==, 1);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  g_assert_cmpuint (stats.ignored, ==, 1);

  row = dossier_replica_get_sync (replica, "case", CASE_ID, NULL, &error);
  g_assert_cmpstr (json_object_get_string_member (row, "purpose"), ==, "Trade fair in Hannover");
  g_assert_cmpstr (json_object_get_string_member (row, "visa_number"), ==, "D-1");
  g_assert_cmpstr (json_object_get_string_member (row, "reference"), ==, "DOS-2026-00001");
  conflicts = dossier_replica_list_conflicts_sync (replica, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (conflicts->pdata[0], "field"), ==, "visa_number");
  g_assert_cmpstr (json_object_get_string_member (conflicts->pdata[0], "value"), ==, "D-9");
  dossier_replica_close (replica);

  /* One row for the record; the view still reads every field's clock. */
  db = open_keyed (path, key);
  g_assert_cmpint (dossier_migrations_current (db), ==,
                   (int) dossier_migrations_count (DOSSIER_REPLICA_MIGRATIONS));
  clocks = query_text (db, "SELECT count(*) || ' ' || group_concat(hlc || ':' || device) "
                           "FROM record_clocks");
  g_assert_cmpstr (clocks, ==, "1 1000:" DEVICE_A);
  g_free (clocks);
  clocks = query_text (db, "SELECT group_concat(field || '=' || hlc || '/' || device || '/' || "
                           "base_hlc || '/' || coalesce(base_device, '-'), ' ') FROM "
                           "(SELECT * FROM field_clocks ORDER BY field)");
  g_assert_cmpstr (clocks, ==,
                   "purpose=3000/" DEVICE_A "/1001/" DEVICE_A " "
                   "reference=1000/" DEVICE_A "/0/- "
                   "visa_number=2000/" DEVICE_B "/1002/" DEVICE_A);
  sqlite3_close (db);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/migrations/previous-version-upgrades-with-data",
                   test_previous_version_upgrades_with_data);
  g_test_add_func ("/sync/migrations/idempotent-and-stops-at-target",
                   test_apply_is_idempotent_and_stops_at_target);
  g_test_add_func ("/sync/migrations/newer-database-refused", test_newer_database_refused);
  g_test_add_func ("/sync/migrations/field-clocks-convert-and-keep-merging",
                   test_field_clocks_convert_and_keep_merging);
  return g_test_run ();
}
