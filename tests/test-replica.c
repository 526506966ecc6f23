/* test-replica.c: the replica store against real SQLCipher files. */

#include <string.h>
#include <glib/gstdio.h>
#include <sqlcipher/sqlite3.h>

#include "dossier-model.h"
#include "replica-fixture.h"

/* A value of the right type for any field, different for each `salt`. */
static JsonNode *
sample_value (const DossierFieldSpec *field,
              guint                   salt)
{
  JsonNode *node = json_node_alloc ();

  switch (field->type)
    {
    case DOSSIER_FIELD_INTEGER:
      return json_node_init_int (node, 10 + salt);
    case DOSSIER_FIELD_REAL:
      return json_node_init_double (node, 120.5 + salt);
    case DOSSIER_FIELD_BOOLEAN:
      return json_node_init_boolean (node, salt % 2 == 0);
    case DOSSIER_FIELD_DATE:
      {
        g_autofree char *date = g_strdup_printf ("2026-03-%02u", 1 + salt % 28);
        return json_node_init_string (node, date);
      }
    case DOSSIER_FIELD_TIMESTAMP:
      {
        g_autofree char *ts = g_strdup_printf ("2026-03-04T09:%02u:00Z", salt % 60);
        return json_node_init_string (node, ts);
      }
    case DOSSIER_FIELD_LIST:
      {
        JsonArray *array = json_array_new ();
        json_array_add_string_element (array, "invitation_letter");
        json_array_add_string_element (array, salt % 2 ? "bank_statement" : "insurance");
        return json_node_init_array (node, array);
      }
    case DOSSIER_FIELD_REFERENCE:
      {
        g_autofree char *uuid = g_uuid_string_random ();
        return json_node_init_string (node, uuid);
      }
    default:
      {
        g_autofree char *text = g_strdup_printf ("%s 值 %u", field->name, salt);
        return json_node_init_string (node, text);
      }
    }
}

static JsonObject *
full_record (const DossierKindSpec *kind,
             guint                  salt)
{
  JsonObject *fields = json_object_new ();

  for (guint i = 0; i < kind->n_fields; i++)
    json_object_set_member (fields, kind->fields[i].name, sample_value (&kind->fields[i], salt));
  return fields;
}

static char *
save_ok (ReplicaFixture *fixture,
         const char     *kind,
         const char     *id,
         JsonObject     *fields)
{
  g_autoptr(GError) error = NULL;
  char *saved = dossier_replica_save_sync (fixture->replica, kind, id, fields, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (dossier_model_is_uuid (saved));
  return saved;
}

static void
test_roundtrip_every_kind (ReplicaFixture *fixture,
                           gconstpointer   data)
{
  guint n_kinds;
  const DossierKindSpec *const *kinds = dossier_model_get_kinds (&n_kinds);

  for (guint k = 0; k < n_kinds; k++)
    {
      g_autoptr(JsonObject) fields = full_record (kinds[k], k);
      g_autofree char *id = save_ok (fixture, kinds[k]->name, NULL, fields);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) stored = dossier_replica_get_sync (fixture->replica, kinds[k]->name, id,
                                                               NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (stored, "id"), ==, id);
      for (guint i = 0; i < kinds[k]->n_fields; i++)
        {
          const char *name = kinds[k]->fields[i].name;
          g_autofree char *want = json_to_string (json_object_get_member (fields, name), FALSE);
          g_autofree char *got = json_to_string (json_object_get_member (stored, name), FALSE);
          g_test_message ("%s.%s: %s", kinds[k]->name, name, got);
          g_assert_cmpstr (got, ==, want);
        }
    }

  /* Everything survives closing and reopening the encrypted file. */
  replica_fixture_reopen (fixture);
  for (guint k = 0; k < n_kinds; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = dossier_replica_list_sync (fixture->replica, kinds[k]->name,
                                                             NULL, NULL, NULL, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, 1);
    }
}

static void
test_outbox_one_change_per_changed_field (ReplicaFixture *fixture,
                                          gconstpointer   data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) update = json_object_new ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  DossierChange *last, *before;

  json_object_set_string_member (fields, "family_name", "WANG");
  json_object_set_string_member (fields, "given_names", "XIAOMING");
  json_object_set_string_member (fields, "native_name", "王小明");
  json_object_set_null_member (fields, "email");     /* null on create: not a change */
  id = save_ok (fixture, "applicant", NULL, fields);
  g_assert_cmpint (fixture_outbox_count (fixture), ==, 3);

  /* One field really changes, one is given with its current value. */
  json_object_set_string_member (update, "family_name", "WANG");
  json_object_set_string_member (update, "passport_number", "E12345678");
  g_free (save_ok (fixture, "applicant", id, update));
  g_assert_cmpint (fixture_outbox_count (fixture), ==, 4);

  changes = dossier_replica_list_outbox_sync (fixture->replica, 0, NULL, &error);
  g_assert_no_error (error);
  last = changes->pdata[3];
  before = changes->pdata[2];
  g_assert_cmpstr (last->kind, ==, "applicant");
  g_assert_cmpstr (last->record_id, ==, id);
  g_assert_cmpstr (last->field, ==, "passport_number");
  g_assert_cmpstr (json_node_get_string (last->value), ==, "E12345678");
  g_assert_cmpstr (last->device, ==, dossier_replica_get_device_id (fixture->replica));
  g_assert_cmpint (last->counter, ==, before->counter + 1);
  g_assert_cmpuint (last->hlc, >, before->hlc);
  g_assert_nonnull (strstr (last->change_id, last->device));
  g_assert_null (last->base_device);     /* the first value of that field */

  /* Saving the same values again changes nothing and queues nothing. */
  g_free (save_ok (fixture, "applicant", id, update));
  g_assert_cmpint (fixture_outbox_count (fixture), ==, 4);

  /* Clearing a field is a change whose value is null. */
  json_object_set_null_member (update, "passport_number");
  g_free (save_ok (fixture, "applicant", id, update));
  {
    g_autoptr(DossierChange) overwritten = dossier_change_copy (last);
    DossierChange *cleared;

    g_clear_pointer (&changes, g_ptr_array_unref);
    changes = dossier_replica_list_outbox_sync (fixture->replica, 0, NULL, &error);
    g_assert_cmpuint (changes->len, ==, 5);
    cleared = changes->pdata[4];
    g_assert_true (JSON_NODE_HOLDS_NULL (cleared->value));
    /* Clearing overwrote the passport number's earlier version: that is its base. */
    g_assert_cmpstr (cleared->base_device, ==, overwritten->device);
    g_assert_cmpuint (cleared->base_hlc, ==, overwritten->hlc);
  }
}

/* Runs `sql` on the closed replica's file with its key; returns the first
 * column of the first row as an integer (0 without one). */
static gint64
raw_exec (ReplicaFixture *fixture,
          const char     *sql)
{
  const guint8 *key = g_bytes_get_data (fixture->key, NULL);
  g_autoptr(GString) keyed = g_string_new ("PRAGMA key = \"x'");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  for (guint i = 0; i < g_bytes_get_size (fixture->key); i++)
    g_string_append_printf (keyed, "%02x", key[i]);
  g_string_append (keyed, "'\"");
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, keyed->str, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (const char *tail = sql; tail != NULL && *tail != '\0';)
    {
      int rc;

      g_assert_cmpint (sqlite3_prepare_v2 (db, tail, -1, &stmt, &tail), ==, SQLITE_OK);
      if (stmt == NULL)
        break;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return value;
}

/* A device_counter written back (by hand, or a tool) behind the changes
 * not yet sent must not make the device use a counter twice: the server
 * would drop the second change as a copy of the first. */
static void
test_counter_never_reused (ReplicaFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  DossierChange *first, *last;

  json_object_set_string_member (fields, "title", "Schengen business visa");
  json_object_set_string_member (fields, "country", "DE");
  id = save_ok (fixture, "policy_note", NULL, fields);
  dossier_replica_close (fixture->replica);
  g_clear_object (&fixture->replica);
  raw_exec (fixture, "UPDATE replica_meta SET value = '0' WHERE key = 'device_counter'");
  replica_fixture_reopen (fixture);

  json_object_remove_member (fields, "country");
  json_object_set_string_member (fields, "title", "Schengen business visa (2026)");
  g_free (save_ok (fixture, "policy_note", id, fields));
  changes = dossier_replica_list_outbox_sync (fixture->replica, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 3);
  first = changes->pdata[0];
  last = changes->pdata[2];
  g_assert_cmpint (first->counter, ==, 1);
  g_assert_cmpint (last->counter, ==, 3);
}

static void
test_counter_and_clock_survive_reopen (ReplicaFixture *fixture,
                                       gconstpointer   data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *device = NULL;
  g_autofree char *id = NULL;
  DossierChange *a, *b;

  json_object_set_string_member (fields, "title", "Schengen business visa");
  id = save_ok (fixture, "policy_note", NULL, fields);
  device = g_strdup (dossier_replica_get_device_id (fixture->replica));
  replica_fixture_reopen (fixture);
  g_assert_cmpstr (dossier_replica_get_device_id (fixture->replica), ==, device);

  json_object_set_string_member (fields, "title", "Schengen business visa (2026)");
  g_free (save_ok (fixture, "policy_note", id, fields));
  changes = dossier_replica_list_outbox_sync (fixture->replica, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  a = changes->pdata[0];
  b = changes->pdata[1];
  g_assert_cmpint (b->counter, ==, a->counter + 1);
  g_assert_cmpuint (b->hlc, >, a->hlc);
}

static void
test_delete_leaves_tombstone (ReplicaFixture *fixture,
                              gconstpointer   data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonObject) gone = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  DossierChange *last;

  json_object_set_string_member (fields, "reference", "DOS-2026-0001");
  id = save_ok (fixture, "case", NULL, fields);
  g_assert_true (dossier_replica_delete_sync (fixture->replica, "case", id, NULL, &error));
  g_assert_no_error (error);

  gone = dossier_replica_get_sync (fixture->replica, "case", id, NULL, &error);
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND);
  g_assert_null (gone);
  g_clear_error (&error);

  changes = dossier_replica_list_outbox_sync (fixture->replica, 0, NULL, &error);
  last = changes->pdata[changes->len - 1];
  g_assert_cmpstr (last->field, ==, "_deleted");
  g_assert_cmpstr (last->record_id, ==, id);
  g_assert_true (json_node_get_boolean (last->value));

  /* A deleted record is not brought back by a late save. */
  again = dossier_replica_save_sync (fixture->replica, "case", id, fields, NULL, &error);
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND);
  g_assert_null (again);
  g_clear_error (&error);
  g_assert_false (dossier_replica_delete_sync (fixture->replica, "case", id, NULL, &error));
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND);
}

static void
test_activity_is_append_only (ReplicaFixture *fixture,
                              gconstpointer   data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *changed = NULL;
  gint64 before;

  json_object_set_string_member (fields, "kind", "call");
  json_object_set_string_member (fields, "author", "Li Na");
  json_object_set_string_member (fields, "occurred_at", "2026-11-20T10:15:00Z");
  json_object_set_string_member (fields, "body", "Client called about the invitation letter.");
  id = save_ok (fixture, "activity_entry", NULL, fields);
  before = fixture_outbox_count (fixture);

  json_object_set_string_member (fields, "body", "Rewritten history");
  changed = dossier_replica_save_sync (fixture->replica, "activity_entry", id, fields, NULL, &error);
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_APPEND_ONLY);
  g_assert_null (changed);
  g_clear_error (&error);
  g_assert_false (dossier_replica_delete_sync (fixture->replica, "activity_entry", id, NULL, &error));
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_APPEND_ONLY);
  g_assert_cmpint (fixture_outbox_count (fixture), ==, before);
}

static void
assert_refused (ReplicaFixture *fixture,
                const char     *kind,
                const char     *id,
                JsonObject     *fields)
{
  g_autoptr(GError) error = NULL;
  gint64 before = fixture_outbox_count (fixture);
  g_autofree char *saved = dossier_replica_save_sync (fixture->replica, kind, id, fields, NULL, &error);

  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID);
  g_test_message ("refused: %s", error->message);
  g_assert_null (saved);
  g_assert_cmpint (fixture_outbox_count (fixture), ==, before);
}

static void
test_invalid_input_writes_nothing (ReplicaFixture *fixture,
                                   gconstpointer   data)
{
  g_autoptr(JsonObject) unknown = json_object_new ();
  g_autoptr(JsonObject) bad_date = json_object_new ();
  g_autoptr(JsonObject) bad_type = json_object_new ();
  g_autoptr(JsonObject) bad_ref = json_object_new ();
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(JsonObject) good = json_object_new ();

  json_object_set_string_member (unknown, "favourite_colour", "blue");
  json_object_set_string_member (bad_date, "birth_date", "1990-02-30");
  json_object_set_string_member (bad_type, "passport_blank_pages", "four");
  json_object_set_string_member (bad_ref, "applicant_id", "not-a-uuid");
  json_object_set_string_member (good, "family_name", "MÜLLER");

  assert_refused (fixture, "applicant", NULL, unknown);
  assert_refused (fixture, "applicant", NULL, bad_date);
  assert_refused (fixture, "applicant", NULL, bad_type);
  assert_refused (fixture, "case", NULL, bad_ref);
  assert_refused (fixture, "applicant", NULL, empty);
  assert_refused (fixture, "spaceship", NULL, good);
  assert_refused (fixture, "applicant", "12; DROP TABLE applicants", good);
}

static void
test_batch_is_atomic (ReplicaFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *deleted = NULL;
  gint64 before;

  json_object_set_string_member (fields, "reference", "DOS-2026-0042");
  deleted = save_ok (fixture, "case", NULL, fields);
  g_assert_true (dossier_replica_delete_sync (fixture->replica, "case", deleted, NULL, NULL));
  before = fixture_outbox_count (fixture);

  /* The second edit fails inside the transaction: the first must not stay. */
  g_ptr_array_add (edits, dossier_edit_new ("case", NULL, fields));
  g_ptr_array_add (edits, dossier_edit_new ("case", deleted, fields));
  ids = dossier_replica_save_many_sync (fixture->replica, edits, NULL, &error);
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND);
  g_assert_null (ids);
  g_clear_error (&error);

  cases = dossier_replica_list_sync (fixture->replica, "case", NULL, NULL, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 0);
  g_assert_cmpint (fixture_outbox_count (fixture), ==, before);

  /* And the counter did not move: the next change follows the last stored one. */
  g_ptr_array_remove_index (edits, 1);
  ids = dossier_replica_save_many_sync (fixture->replica, edits, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) changes = dossier_replica_list_outbox_sync (fixture->replica, 0, NULL, NULL);
    DossierChange *prev = changes->pdata[changes->len - 2];
    DossierChange *last = changes->pdata[changes->len - 1];
    g_assert_cmpint (last->counter, ==, prev->counter + 1);
  }
}

static void
test_new_ids_are_time_ordered (ReplicaFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *first = dossier_model_new_id ();
  g_autofree char *saved = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();

  g_assert_true (dossier_model_is_uuid (first));
  g_assert_cmpint (first[14], ==, '7');
  g_usleep (2000);
  json_object_set_string_member (fields, "reference", "DOS-2026-00077");
  saved = save_ok (fixture, "case", NULL, fields);
  g_assert_cmpint (saved[14], ==, '7');
  g_assert_cmpint (strcmp (first, saved), <, 0);   /* later ids sort later */
}

static void
test_list_filters_and_orders (ReplicaFixture *fixture,
                              gconstpointer   data)
{
  g_autofree char *case_id = g_uuid_string_random ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) bad = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 3; i >= 1; i--)
    {
      g_autoptr(JsonObject) item = json_object_new ();
      json_object_set_string_member (item, "case_id", case_id);
      json_object_set_int_member (item, "position", i);
      json_object_set_string_member (item, "kind", "bank_statement");
      g_free (save_ok (fixture, "checklist_item", NULL, item));
    }
  {
    g_autoptr(JsonObject) other = json_object_new ();
    g_autofree char *other_case = g_uuid_string_random ();
    json_object_set_string_member (other, "case_id", other_case);
    g_free (save_ok (fixture, "checklist_item", NULL, other));
  }

  items = dossier_replica_list_sync (fixture->replica, "checklist_item", "case_id", case_id,
                                     "position", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (json_object_get_int_member (items->pdata[i], "position"), ==, i + 1);

  bad = dossier_replica_list_sync (fixture->replica, "checklist_item", "case_id = case_id --", "x",
                                   NULL, 0, NULL, &error);
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID);
  g_assert_null (bad);
}

static gboolean
search_finds (ReplicaFixture *fixture,
              const char     *query,
              const char     *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = dossier_replica_search_sync (fixture->replica, query, 20, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    if (g_strcmp0 (((DossierSearchHit *) hits->pdata[i])->record_id, id) == 0)
      return TRUE;
  return FALSE;
}

static void
test_search (ReplicaFixture *fixture,
             gconstpointer   data)
{
  g_autoptr(JsonObject) person = json_object_new ();
  g_autoptr(JsonObject) note = json_object_new ();
  g_autoptr(JsonObject) rename = json_object_new ();
  g_autofree char *person_id = NULL;
  g_autofree char *note_id = NULL;

  json_object_set_string_member (person, "family_name", "WANG");
  json_object_set_string_member (person, "given_names", "XIAOMING");
  json_object_set_string_member (person, "native_name", "王小明");
  json_object_set_string_member (person, "passport_number", "E12345678");
  person_id = save_ok (fixture, "applicant", NULL, person);
  json_object_set_string_member (note, "title", "德国商务签证");
  json_object_set_string_member (note, "body", "申请人需要在北京大使馆提交邀请函和银行流水。Apply in Beijing.");
  json_object_set_string_member (note, "country", "DE");
  note_id = save_ok (fixture, "policy_note", NULL, note);

  g_assert_true (search_finds (fixture, "wan", person_id));
  g_assert_true (search_finds (fixture, "Xiaom", person_id));
  g_assert_true (search_finds (fixture, "E1234", person_id));
  g_assert_true (search_finds (fixture, "小明", person_id));
  g_assert_true (search_finds (fixture, "北京", note_id));
  g_assert_true (search_finds (fixture, "邀请函", note_id));
  g_assert_true (search_finds (fixture, "beij", note_id));
  g_assert_false (search_finds (fixture, "上海", note_id));
  g_assert_false (search_finds (fixture, "wang beijing", person_id));
  g_assert_false (search_finds (fixture, "\" OR * NEAR(", note_id));

  /* The index follows edits and deletes. */
  json_object_set_string_member (rename, "family_name", "ZHANG");
  g_free (save_ok (fixture, "applicant", person_id, rename));
  g_assert_false (search_finds (fixture, "wang", person_id));
  g_assert_true (search_finds (fixture, "zhang", person_id));
  /* An edit of a field the index does not hold leaves the entry as it was. */
  json_object_set_string_member (rename, "nationality", "CN");
  json_object_remove_member (rename, "family_name");
  g_free (save_ok (fixture, "applicant", person_id, rename));
  g_assert_true (search_finds (fixture, "zhang", person_id));
  g_assert_true (search_finds (fixture, "小明", person_id));
  g_assert_false (search_finds (fixture, "wang", person_id));
  /* And edits again after it keep one entry, found by the new text only. */
  json_object_remove_member (rename, "nationality");
  json_object_set_string_member (rename, "given_names", "LEI");
  g_free (save_ok (fixture, "applicant", person_id, rename));
  g_assert_true (search_finds (fixture, "lei", person_id));
  g_assert_false (search_finds (fixture, "xiaom", person_id));
  g_assert_true (dossier_replica_delete_sync (fixture->replica, "policy_note", note_id, NULL, NULL));
  g_assert_false (search_finds (fixture, "北京", note_id));
}

/* A save is durable before its search entry is rewritten, in a transaction
 * of its own right after.  A crash between the two leaves the old entry and
 * a row in search_stale: the next open rewrites the entry. */
static void
test_search_entry_left_stale_by_crash (ReplicaFixture *fixture,
                                       gconstpointer   data)
{
  g_autoptr(JsonObject) person = json_object_new ();
  g_autofree char *person_id = NULL;
  g_autofree char *sql = NULL;

  json_object_set_string_member (person, "family_name", "ZHANG");
  json_object_set_string_member (person, "passport_number", "E12345678");
  person_id = save_ok (fixture, "applicant", NULL, person);
  g_assert_true (search_finds (fixture, "zhang", person_id));
  dossier_replica_close (fixture->replica);
  g_clear_object (&fixture->replica);
  /* The entry was rewritten, nothing is left to do. */
  g_assert_cmpint (raw_exec (fixture, "SELECT count(*) FROM search_stale"), ==, 0);

  /* What the crash leaves: the entry of the text before the save. */
  sql = g_strdup_printf (
    "DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE record_id = '%s');"
    "INSERT INTO search_fts (rowid, title, body) "
    "  SELECT rowid, 'wang', '' FROM search_docs WHERE record_id = '%s';"
    "INSERT INTO search_stale (record_id, kind) VALUES ('%s', 'applicant');"
    "SELECT count(*) FROM search_stale",
    person_id, person_id, person_id);
  g_assert_cmpint (raw_exec (fixture, sql), ==, 1);

  replica_fixture_reopen (fixture);
  g_assert_true (search_finds (fixture, "zhang", person_id));
  g_assert_true (search_finds (fixture, "e1234", person_id));
  g_assert_false (search_finds (fixture, "wang", person_id));
  dossier_replica_close (fixture->replica);
  g_clear_object (&fixture->replica);
  g_assert_cmpint (raw_exec (fixture, "SELECT count(*) FROM search_stale"), ==, 0);
}

static void
test_policy_versions (ReplicaFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(JsonObject) note = json_object_new ();
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  JsonObject *snapshot;

  json_object_set_string_member (note, "title", "Schengen (France): business");
  json_object_set_string_member (note, "body", "Passport valid 3 months beyond departure.");
  json_object_set_int_member (note, "version", 1);
  id = save_ok (fixture, "policy_note", NULL, note);

  /* An edit under the same version number replaces that version's text. */
  json_object_set_string_member (note, "body", "Passport valid 3 months beyond departure; 2 blank pages.");
  g_free (save_ok (fixture, "policy_note", id, note));
  /* A new version number keeps the old text readable. */
  json_object_set_string_member (note, "body", "From 2027: passport valid 6 months.");
  json_object_set_int_member (note, "version", 2);
  g_free (save_ok (fixture, "policy_note", id, note));

  versions = dossier_replica_list_policy_versions_sync (fixture->replica, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpint (json_object_get_int_member (versions->pdata[0], "version"), ==, 2);
  snapshot = json_object_get_object_member (versions->pdata[1], "snapshot");
  g_assert_cmpstr (json_object_get_string_member (snapshot, "body"), ==,
                   "Passport valid 3 months beyond departure; 2 blank pages.");
  snapshot = json_object_get_object_member (versions->pdata[0], "snapshot");
  g_assert_cmpstr (json_object_get_string_member (snapshot, "body"), ==,
                   "From 2027: passport valid 6 months.");
}

/* Searches for `needle` in the bytes of the replica and its journal files. */
static gboolean
replica_files_contain (ReplicaFixture *fixture,
                       const char     *needle)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize size = 0;

      if (g_file_get_contents (file, &bytes, &size, NULL) && size > 0
          && memmem (bytes, size, needle, strlen (needle)) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_encrypted_at_rest (ReplicaFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(JsonObject) person = json_object_new ();
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  GStatBuf st;

  json_object_set_string_member (person, "family_name", "RINGELNATZ");
  json_object_set_string_member (person, "native_name", "欧阳娜娜");
  json_object_set_string_member (person, "passport_number", "EQ7735120");
  g_free (save_ok (fixture, "applicant", NULL, person));

  /* While open (data in the WAL) and after closing (checkpointed into the file). */
  g_assert_false (replica_files_contain (fixture, "RINGELNATZ"));
  g_assert_false (replica_files_contain (fixture, "ringelnatz"));
  g_assert_false (replica_files_contain (fixture, "欧阳娜娜"));
  g_assert_false (replica_files_contain (fixture, "EQ7735120"));
  /* Only the owner may read the files. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  dossier_replica_close (fixture->replica);
  g_assert_false (replica_files_contain (fixture, "RINGELNATZ"));
  g_assert_false (replica_files_contain (fixture, "欧阳娜娜"));
  g_assert_false (replica_files_contain (fixture, "SQLite format 3"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, ReplicaFixture, NULL, replica_fixture_set_up, func, replica_fixture_tear_down)
  ADD ("/sync/replica/roundtrip-every-kind", test_roundtrip_every_kind);
  ADD ("/sync/replica/outbox/one-change-per-changed-field", test_outbox_one_change_per_changed_field);
  ADD ("/sync/replica/outbox/counter-and-clock-survive-reopen", test_counter_and_clock_survive_reopen);
  ADD ("/sync/replica/outbox/counter-never-reused", test_counter_never_reused);
  ADD ("/sync/replica/delete-leaves-tombstone", test_delete_leaves_tombstone);
  ADD ("/sync/replica/activity-is-append-only", test_activity_is_append_only);
  ADD ("/sync/replica/invalid-input-writes-nothing", test_invalid_input_writes_nothing);
  ADD ("/sync/replica/batch-is-atomic", test_batch_is_atomic);
  ADD ("/sync/replica/list-filters-and-orders", test_list_filters_and_orders);
  ADD ("/sync/replica/new-ids-are-time-ordered", test_new_ids_are_time_ordered);
  ADD ("/sync/replica/search", test_search);
  ADD ("/sync/replica/search-entry-left-stale-by-crash", test_search_entry_left_stale_by_crash);
  ADD ("/sync/replica/policy-versions", test_policy_versions);
  ADD ("/sync/replica/encrypted-at-rest", test_encrypted_at_rest);
#undef ADD

  return g_test_run ();
}
