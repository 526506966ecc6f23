/* test-replica-open.c: what the replica refuses to open, and that it leaves
 * the refused file exactly as it was. */

#include <string.h>
#include <sqlcipher/sqlite3.h>

#include "replica-fixture.h"

static char *
file_checksum (const char *path)
{
  g_autofree char *bytes = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &bytes, &size, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) bytes, size);
}

/* Opens `path` with `key` and expects `code`; the file must be unchanged and
 * no journal may have been left beside it. */
static void
assert_open_refused (const char *path,
                     GBytes     *key,
                     int         code)
{
  g_autofree char *before = file_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gboolean had_wal = g_file_test (wal, G_FILE_TEST_EXISTS);
  g_autofree char *wal_before = had_wal ? file_checksum (wal) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierReplica) replica = dossier_replica_open_sync (path, key, TRUE, NULL, &error);

  g_assert_error (error, DOSSIER_REPLICA_ERROR, code);
  g_assert_null (replica);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "untouched"));
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  if (had_wal)
    {
      g_autofree char *wal_after = file_checksum (wal);
      g_assert_cmpstr (wal_before, ==, wal_after);
    }
  else
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_wrong_key (ReplicaFixture *fixture,
                gconstpointer   data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GBytes) other_key = fixture_random_key ();
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) stored = NULL;

  json_object_set_string_member (fields, "family_name", "NAKAMURA");
  id = dossier_replica_save_sync (fixture->replica, "applicant", NULL, fields, NULL, NULL);
  g_assert_nonnull (id);
  dossier_replica_close (fixture->replica);

  assert_open_refused (fixture->path, other_key, DOSSIER_REPLICA_ERROR_WRONG_KEY);

  /* The right key still opens it, with the data in it. */
  replica_fixture_reopen (fixture);
  stored = dossier_replica_get_sync (fixture->replica, "applicant", id, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (stored, "family_name"), ==, "NAKAMURA");
}

static void
write_plain_database (const char *path,
                      GBytes     *key)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (key != NULL)
    {
      g_autofree char *hex = NULL;
      g_autofree char *literal = NULL;
      GString *s = g_string_new (NULL);
      const guint8 *bytes = g_bytes_get_data (key, NULL);

      for (guint i = 0; i < 32; i++)
        g_string_append_printf (s, "%02x", bytes[i]);
      hex = g_string_free (s, FALSE);
      literal = g_strdup_printf ("x'%s'", hex);
      g_assert_cmpint (sqlite3_key (db, literal, strlen (literal)), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);"
                                     "INSERT INTO invoices (total) VALUES (99.5);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_plain_sqlite (ReplicaFixture *fixture,
                   gconstpointer   data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "plain.db", NULL);

  write_plain_database (path, NULL);
  assert_open_refused (path, fixture->key, DOSSIER_REPLICA_ERROR_UNENCRYPTED);
}

static void
test_foreign_encrypted_database (ReplicaFixture *fixture,
                                 gconstpointer   data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "foreign.db", NULL);

  /* Same key, valid SQLCipher database, but somebody else's tables. */
  write_plain_database (path, fixture->key);
  assert_open_refused (path, fixture->key, DOSSIER_REPLICA_ERROR_FOREIGN);
}

static void
test_not_a_database (ReplicaFixture *fixture,
                     gconstpointer   data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "scan.pdf", NULL);
  g_autoptr(GString) junk = g_string_new ("%PDF-1.7\n");

  for (guint i = 0; i < 8192; i++)
    g_string_append_c (junk, (char) g_test_rand_int_range (0, 256));
  g_assert_true (g_file_set_contents (path, junk->str, junk->len, NULL));
  assert_open_refused (path, fixture->key, DOSSIER_REPLICA_ERROR_WRONG_KEY);
}

static void
test_damaged_replica (ReplicaFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *bytes = NULL;
  gsize size;

  json_object_set_string_member (fields, "title", "Japan tourist visa");
  g_free (dossier_replica_save_sync (fixture->replica, "policy_note", NULL, fields, NULL, NULL));
  dossier_replica_close (fixture->replica);

  /* Flip bytes in the first page: its HMAC no longer matches. */
  g_assert_true (g_file_get_contents (fixture->path, &bytes, &size, NULL));
  g_assert_cmpuint (size, >, 4096);
  for (guint i = 100; i < 164; i++)
    bytes[i] ^= 0x5a;
  g_assert_true (g_file_set_contents (fixture->path, bytes, size, NULL));
  assert_open_refused (fixture->path, fixture->key, DOSSIER_REPLICA_ERROR_WRONG_KEY);
}

/* A copy taken while the replica was open is what a crash leaves: the newest
 * pages sit in the -wal file.  A wrong key must leave both files as they are. */
static void
test_leftover_wal_untouched (ReplicaFixture *fixture,
                             gconstpointer   data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GBytes) other_key = fixture_random_key ();
  g_autofree char *copy = g_build_filename (fixture->dir, "crashed.db", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *bytes = NULL;
  gsize size;

  json_object_set_string_member (fields, "family_name", "OKONKWO");
  g_free (dossier_replica_save_sync (fixture->replica, "applicant", NULL, fields, NULL, NULL));
  g_assert_true (g_file_get_contents (fixture->path, &bytes, &size, NULL));
  g_assert_true (g_file_set_contents (copy, bytes, size, NULL));
  g_clear_pointer (&bytes, g_free);
  g_assert_true (g_file_get_contents (wal, &bytes, &size, NULL));
  g_assert_cmpuint (size, >, 0);
  g_assert_true (g_file_set_contents (copy_wal, bytes, size, NULL));

  assert_open_refused (copy, other_key, DOSSIER_REPLICA_ERROR_WRONG_KEY);
  g_assert_true (g_file_test (copy_wal, G_FILE_TEST_EXISTS));

  /* With the right key, the crashed copy opens with the data from its WAL. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DossierReplica) replica = dossier_replica_open_sync (copy, fixture->key, FALSE, NULL,
                                                                   &error);
    g_autoptr(GPtrArray) rows = NULL;
    g_assert_no_error (error);
    rows = dossier_replica_list_sync (replica, "applicant", NULL, NULL, NULL, 0, NULL, &error);
    g_assert_cmpuint (rows->len, ==, 1);
    dossier_replica_close (replica);
  }
}

static guint32
read_be32 (const guint8 *bytes)
{
  return ((guint32) bytes[0] << 24) | ((guint32) bytes[1] << 16) | ((guint32) bytes[2] << 8) | bytes[3];
}

/* What a crash in the middle of a checkpoint leaves: the WAL intact, and the
 * main file holding the WAL's newest copies of its lower pages only (a
 * checkpoint copies pages in page order).  The file alone is then not a
 * database; with its WAL it is the replica as last committed, and it must
 * open, not be refused as damaged. */
static void
test_crash_mid_checkpoint (ReplicaFixture *fixture,
                           gconstpointer   data)
{
  g_autofree char *copy = g_build_filename (fixture->dir, "crashed.db", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *main_bytes = NULL, *wal_bytes = NULL;
  g_autoptr(GHashTable) newest = g_hash_table_new (NULL, NULL);   /* page -> frame offset */
  g_autoptr(GByteArray) half = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierReplica) replica = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gsize main_size, wal_size;
  guint32 page_size, max_page = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *name = g_strdup_printf ("OKONKWO %u", i);
      json_object_set_string_member (fields, "family_name", name);
      g_free (dossier_replica_save_sync (fixture->replica, "applicant", NULL, fields, NULL, NULL));
    }
  g_assert_true (g_file_get_contents (fixture->path, &main_bytes, &main_size, NULL));
  g_assert_true (g_file_get_contents (wal, &wal_bytes, &wal_size, NULL));
  g_assert_true (g_file_set_contents (copy_wal, wal_bytes, wal_size, NULL));

  page_size = read_be32 ((const guint8 *) wal_bytes + 8);
  g_assert_cmpuint (page_size, >=, 512);
  for (gsize offset = 32; offset + 24 + page_size <= wal_size; offset += 24 + page_size)
    {
      guint32 page = read_be32 ((const guint8 *) wal_bytes + offset);
      g_hash_table_insert (newest, GUINT_TO_POINTER (page), GSIZE_TO_POINTER (offset + 24));
      max_page = MAX (max_page, page);
    }
  g_assert_cmpuint (max_page, >, 4);

  /* The main file as the interrupted checkpoint left it. */
  g_byte_array_append (half, (const guint8 *) main_bytes, main_size);
  for (guint32 page = 1; page <= max_page / 2; page++)
    {
      gsize from = GPOINTER_TO_SIZE (g_hash_table_lookup (newest, GUINT_TO_POINTER (page)));
      gsize to = (gsize) (page - 1) * page_size;
      if (from == 0)
        continue;
      if (half->len < to + page_size)
        g_byte_array_set_size (half, to + page_size);
      memcpy (half->data + to, wal_bytes + from, page_size);
    }
  g_assert_true (g_file_set_contents (copy, (const char *) half->data, half->len, NULL));

  replica = dossier_replica_open_sync (copy, fixture->key, FALSE, NULL, &error);
  g_assert_no_error (error);
  rows = dossier_replica_list_sync (replica, "applicant", NULL, NULL, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 40);
  dossier_replica_close (replica);
}

static void
test_newer_schema (ReplicaFixture *fixture,
                   gconstpointer   data)
{
  sqlite3 *db = NULL;
  const guint8 *bytes = g_bytes_get_data (fixture->key, NULL);
  g_autoptr(GString) literal = g_string_new ("x'");

  dossier_replica_close (fixture->replica);
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (literal, "%02x", bytes[i]);
  g_string_append_c (literal, '\'');
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_key (db, literal->str, literal->len), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DossierReplica) replica = dossier_replica_open_sync (fixture->path, fixture->key,
                                                                   FALSE, NULL, &error);
    g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_TOO_NEW);
    g_assert_null (replica);
  }
  g_clear_object (&fixture->replica);
}

static void
test_missing_file_not_created (ReplicaFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "absent.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierReplica) replica = dossier_replica_open_sync (path, fixture->key, FALSE, NULL,
                                                                 &error);

  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND);
  g_assert_null (replica);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

typedef struct
{
  GMainLoop      *loop;
  DossierReplica *replica;
  GError         *error;
  guint           ticks;
} AsyncState;

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->replica = dossier_replica_open_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
tick_cb (gpointer user_data)
{
  ((AsyncState *) user_data)->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
test_open_async_keeps_loop_running (ReplicaFixture *fixture,
                                    gconstpointer   data)
{
  AsyncState state = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0 };
  guint tick = g_idle_add (tick_cb, &state);

  dossier_replica_close (fixture->replica);
  dossier_replica_open_async (fixture->path, fixture->key, FALSE, NULL, opened_cb, &state);
  /* Nothing is delivered before the loop runs: the work is on the worker. */
  g_assert_null (state.replica);
  g_main_loop_run (state.loop);
  g_source_remove (tick);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.replica);
  g_assert_cmpuint (state.ticks, >, 0);
  g_assert_true (dossier_replica_check_integrity_sync (state.replica, NULL, NULL));
  g_clear_object (&fixture->replica);
  fixture->replica = state.replica;
  g_main_loop_unref (state.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, ReplicaFixture, NULL, replica_fixture_set_up, func, replica_fixture_tear_down)
  ADD ("/sync/replica-open/wrong-key", test_wrong_key);
  ADD ("/sync/replica-open/plain-sqlite", test_plain_sqlite);
  ADD ("/sync/replica-open/foreign-encrypted-database", test_foreign_encrypted_database);
  ADD ("/sync/replica-open/not-a-database", test_not_a_database);
  ADD ("/sync/replica-open/damaged", test_damaged_replica);
  ADD ("/sync/replica-open/newer-schema", test_newer_schema);
  ADD ("/sync/replica-open/leftover-wal-untouched", test_leftover_wal_untouched);
  ADD ("/sync/replica-open/crash-mid-checkpoint", test_crash_mid_checkpoint);
  ADD ("/sync/replica-open/missing-file-not-created", test_missing_file_not_created);
  ADD ("/sync/replica-open/async-keeps-loop-running", test_open_async_keeps_loop_running);
#undef ADD

  return g_test_run ();
}
