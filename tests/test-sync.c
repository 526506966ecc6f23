/* test-sync.c: the real sync engine of two replicas against a real
 * dossier-server process on loopback: changes travel both ways while online,
 * offline edits of different fields merge, the same field becomes a conflict
 * on both with its resolution reaching both, an expired token keeps the
 * outbox, losing an office removes its cases, and a delete against a
 * concurrent edit is a conflict on both, whichever reaches the server first. */

#include "bench-proxy.h"
#include "dossier-keyring.h"
#include "dossier-replica-sync.h"
#include "dossier-sync-engine.h"
#include "replica-fixture.h"
#include "server-fixture.h"

typedef struct
{
  ServerFixture      server;
  char              *office;
  char              *office_sh;
  ReplicaFixture     a, b;
  DossierSyncEngine *engine_a, *engine_b;
} SyncFixture;

typedef gboolean (*Condition) (SyncFixture *fixture, gconstpointer data);

/* Runs the main loop until `condition` holds; fails after `seconds`. */
static void
wait_until (SyncFixture   *fixture,
            Condition      condition,
            gconstpointer  data,
            guint          seconds,
            const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  /* The engines' state as published so far, not as it was a moment ago. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (!condition (fixture, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting until %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
}

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_sync_engine_login_finish (DOSSIER_SYNC_ENGINE (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (SyncFixture   *fixture,
         gconstpointer  data)
{
  return *(const gboolean *) data;
}

static gboolean
is_synced (SyncFixture   *fixture,
           gconstpointer  data)
{
  DossierSyncEngine *engine = (DossierSyncEngine *) data;
  return dossier_sync_engine_get_state (engine) == DOSSIER_SYNC_STATE_SYNCED
         && dossier_sync_engine_get_pending (engine) == 0;
}

static void
login (SyncFixture       *fixture,
       DossierSyncEngine *engine,
       const char        *user)
{
  gboolean done = FALSE;

  dossier_sync_engine_login_async (engine, fixture->server.url, user, "correct horse", NULL,
                                   login_done_cb, &done);
  wait_until (fixture, is_true, &done, 20, "logged in");
  wait_until (fixture, is_synced, engine, 20, "first sync");
}

static void
login_at (SyncFixture       *fixture,
          DossierSyncEngine *engine,
          const char        *url,
          const char        *user)
{
  gboolean done = FALSE;

  dossier_sync_engine_login_async (engine, url, user, "correct horse", NULL, login_done_cb, &done);
  wait_until (fixture, is_true, &done, 20, "logged in");
  wait_until (fixture, is_synced, engine, 20, "first sync");
}

static void
sync_set_up (SyncFixture   *fixture,
             gconstpointer  data)
{
  server_set_up (&fixture->server, data);
  fixture->office = server_admin (&fixture->server, NULL, "add-office", "Beijing", NULL);
  fixture->office_sh = server_admin (&fixture->server, NULL, "add-office", "Shanghai", NULL);
  g_free (server_admin (&fixture->server, "correct horse", "add-user", "li.na", NULL));
  g_free (server_admin (&fixture->server, "correct horse", "add-user", "wang.wei", NULL));
  g_free (server_admin (&fixture->server, NULL, "add-member", "li.na", "Beijing", NULL));
  g_free (server_admin (&fixture->server, NULL, "add-member", "wang.wei", "Beijing", NULL));

  replica_fixture_set_up (&fixture->a, NULL);
  replica_fixture_set_up (&fixture->b, NULL);
  fixture->engine_a = dossier_sync_engine_new (fixture->a.replica);
  fixture->engine_b = dossier_sync_engine_new (fixture->b.replica);
  dossier_sync_engine_start (fixture->engine_a);
  dossier_sync_engine_start (fixture->engine_b);
  login (fixture, fixture->engine_a, "li.na");
  login (fixture, fixture->engine_b, "wang.wei");
}

static void
sync_tear_down (SyncFixture   *fixture,
                gconstpointer  data)
{
  dossier_sync_engine_stop (fixture->engine_a);
  dossier_sync_engine_stop (fixture->engine_b);
  g_clear_object (&fixture->engine_a);
  g_clear_object (&fixture->engine_b);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  replica_fixture_tear_down (&fixture->a, NULL);
  replica_fixture_tear_down (&fixture->b, NULL);
  server_tear_down (&fixture->server);
  g_free (fixture->office);
  g_free (fixture->office_sh);
}

static char *
save_case_field (ReplicaFixture *side,
                 const char     *id,
                 const char     *field,
                 const char     *value)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *saved;

  json_object_set_string_member (fields, field, value);
  saved = dossier_replica_save_sync (side->replica, "case", id, fields, NULL, &error);
  g_assert_no_error (error);
  return saved;
}

typedef struct
{
  ReplicaFixture *side;
  const char     *id;
  const char     *field;
  const char     *value;
} FieldIs;

static gboolean
field_is (SyncFixture   *fixture,
          gconstpointer  data)
{
  const FieldIs *want = data;
  g_autoptr(JsonObject) row = dossier_replica_get_sync (want->side->replica, "case", want->id, NULL,
                                                        NULL);
  return row != NULL && g_strcmp0 (json_object_get_string_member (row, want->field), want->value) == 0;
}

static char *
create_shared_case (SyncFixture *fixture)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;
  FieldIs arrived;

  json_object_set_string_member (fields, "reference", "DOS-2026-00101");
  json_object_set_string_member (fields, "office_id", fixture->office);
  id = dossier_replica_save_sync (fixture->a.replica, "case", NULL, fields, NULL, &error);
  g_assert_no_error (error);
  arrived = (FieldIs) { &fixture->b, id, "reference", "DOS-2026-00101" };
  wait_until (fixture, field_is, &arrived, 10, "the case reached B");
  return id;
}

static void
count_remote_changes_cb (DossierSyncEngine *engine,
                         guint              changes,
                         guint             *total)
{
  g_assert_cmpuint (changes, >, 0);
  *total += changes;
}

static gboolean
uint_positive (SyncFixture   *fixture,
               gconstpointer  data)
{
  return *(const guint *) data > 0;
}

static void
test_online_propagation (SyncFixture   *fixture,
                         gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();
  guint remote_on_b = 0;
  g_autofree char *id = NULL;
  FieldIs back;

  /* B's lists learn of the new case from the engine's signal. */
  g_signal_connect (fixture->engine_b, "remote-changes", G_CALLBACK (count_remote_changes_cb),
                    &remote_on_b);
  id = create_shared_case (fixture);
  back = (FieldIs) { &fixture->a, id, "purpose", "Canton fair" };
  wait_until (fixture, uint_positive, &remote_on_b, 10, "B's engine told of remote changes");
  g_signal_handlers_disconnect_by_func (fixture->engine_b, count_remote_changes_cb, &remote_on_b);

  g_test_message ("a new case reached the other client in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_free (save_case_field (&fixture->b, id, "purpose", "Canton fair"));
  wait_until (fixture, field_is, &back, 10, "B's edit reached A");
}

static void
test_offline_different_fields (SyncFixture   *fixture,
                               gconstpointer  data)
{
  g_autofree char *id = create_shared_case (fixture);
  FieldIs a_has_b = { &fixture->a, id, "consulate", "German visa centre, Beijing" };
  FieldIs b_has_a = { &fixture->b, id, "purpose", "Hannover Messe" };

  dossier_sync_engine_stop (fixture->engine_a);
  dossier_sync_engine_stop (fixture->engine_b);
  g_free (save_case_field (&fixture->a, id, "purpose", "Hannover Messe"));
  g_free (save_case_field (&fixture->b, id, "consulate", "German visa centre, Beijing"));
  dossier_sync_engine_start (fixture->engine_a);
  dossier_sync_engine_start (fixture->engine_b);
  wait_until (fixture, field_is, &a_has_b, 15, "A has B's field");
  wait_until (fixture, field_is, &b_has_a, 15, "B has A's field");
  g_assert_true (field_is (fixture, &(FieldIs) { &fixture->a, id, "purpose", "Hannover Messe" }));
  g_assert_cmpint (dossier_sync_engine_get_conflicts (fixture->engine_a), ==, 0);
}

static gboolean
conflicts_are (SyncFixture   *fixture,
               gconstpointer  data)
{
  gint64 want = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) on_a = dossier_replica_list_conflicts_sync (fixture->a.replica, NULL, NULL);
  g_autoptr(GPtrArray) on_b = dossier_replica_list_conflicts_sync (fixture->b.replica, NULL, NULL);
  return on_a->len == want && on_b->len == want;
}

static gboolean
engine_conflicts_are (SyncFixture   *fixture,
                      gconstpointer  data)
{
  gint64 want = GPOINTER_TO_INT (data);
  return dossier_sync_engine_get_conflicts (fixture->engine_a) == want
         && dossier_sync_engine_get_conflicts (fixture->engine_b) == want;
}

static void
test_conflict_and_resolution (SyncFixture   *fixture,
                              gconstpointer  data)
{
  g_autofree char *id = create_shared_case (fixture);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(JsonNode) chosen = NULL;
  g_autoptr(GError) error = NULL;
  const char *loser;

  dossier_sync_engine_stop (fixture->engine_a);
  dossier_sync_engine_stop (fixture->engine_b);
  g_free (save_case_field (&fixture->a, id, "visa_number", "D-11111111"));
  g_free (save_case_field (&fixture->b, id, "visa_number", "D-22222222"));
  dossier_sync_engine_start (fixture->engine_a);
  dossier_sync_engine_start (fixture->engine_b);
  wait_until (fixture, conflicts_are, GINT_TO_POINTER (1), 15, "the conflict is on both");
  wait_until (fixture, engine_conflicts_are, GINT_TO_POINTER (1), 15, "both engines count it");
  /* Both show the same losing value against the same winner. */
  conflicts = dossier_replica_list_conflicts_sync (fixture->b.replica, NULL, NULL);
  loser = json_object_get_string_member (conflicts->pdata[0], "value");

  chosen = json_node_init_string (json_node_alloc (), loser);
  g_assert_true (dossier_replica_resolve_conflict_sync (fixture->b.replica, "case", id,
                                                        "visa_number", chosen, NULL, &error));
  g_assert_no_error (error);
  wait_until (fixture, conflicts_are, GINT_TO_POINTER (0), 15, "the resolution reached both");
  wait_until (fixture, engine_conflicts_are, GINT_TO_POINTER (0), 15, "both engines count none");
  g_assert_true (field_is (fixture, &(FieldIs) { &fixture->a, id, "visa_number", loser }));
  g_assert_true (field_is (fixture, &(FieldIs) { &fixture->b, id, "visa_number", loser }));
}

typedef struct
{
  ReplicaFixture *side;
  const char     *sha256;
} BlobOn;

static gboolean
blob_complete (SyncFixture   *fixture,
               gconstpointer  data)
{
  const BlobOn *want = data;
  g_autoptr(DossierBlobInfo) info = dossier_replica_get_blob_info_sync (want->side->replica,
                                                                        want->sha256, NULL, NULL);
  return info != NULL && info->complete;
}

/* A scan of 5 MiB (more than one upload chunk) attached on A reaches B, whose
 * download resumes from the first MiB it already had, and the bytes match. */
static void
test_attachment_bytes (SyncFixture   *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = create_shared_case (fixture);
  g_autofree char *scan_path = g_build_filename (fixture->a.dir, "passport-scan.pdf", NULL);
  g_autofree char *copy_path = g_build_filename (fixture->b.dir, "passport-copy.pdf", NULL);
  g_autoptr(GFile) scan = g_file_new_for_path (scan_path);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GBytes) head = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *attachment = NULL;
  gsize copied_size = 0;
  const gsize size = 5 * 1024 * 1024 + 123;
  BlobOn on_b;

  g_byte_array_set_size (bytes, size);
  for (gsize i = 0; i < size; i++)
    bytes->data[i] = (guint8) g_test_rand_int_range (0, 256);
  g_assert_true (g_file_set_contents (scan_path, (const char *) bytes->data, size, NULL));
  sha256 = dossier_replica_add_blob_sync (fixture->a.replica, scan, NULL, &error);
  g_assert_no_error (error);

  /* B already holds the first MiB, as after a download cut halfway. */
  head = g_bytes_new (bytes->data, 1024 * 1024);
  g_assert_true (dossier_replica_append_blob_chunk_sync (fixture->b.replica, sha256, size, 0, head,
                                                         NULL, &error));
  g_assert_no_error (error);

  json_object_set_string_member (fields, "case_id", id);
  json_object_set_string_member (fields, "sha256", sha256);
  json_object_set_string_member (fields, "file_name", "passport-scan.pdf");
  json_object_set_string_member (fields, "content_type", "application/pdf");
  json_object_set_int_member (fields, "size", (gint64) size);
  attachment = dossier_replica_save_sync (fixture->a.replica, "attachment", NULL, fields, NULL, &error);
  g_assert_no_error (error);

  on_b = (BlobOn) { &fixture->b, sha256 };
  wait_until (fixture, blob_complete, &on_b, 30, "the scan's bytes reached B");
  g_assert_true (dossier_replica_export_blob_sync (fixture->b.replica, sha256, copy, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (copy_path, &copied, &copied_size, NULL));
  g_assert_cmpmem (copied, copied_size, bytes->data, size);
}

typedef struct
{
  DossierSyncEngine *engine;
  DossierSyncState   state;
} StateIs;

static gboolean
state_is (SyncFixture   *fixture,
          gconstpointer  data)
{
  const StateIs *want = data;
  return dossier_sync_engine_get_state (want->engine) == want->state;
}

static gboolean
a_pending_is_3 (SyncFixture   *fixture,
                gconstpointer  data)
{
  return dossier_sync_engine_get_pending (fixture->engine_a) == 3;
}

/* Lets `seconds` pass with the main loop running. */
static gboolean
never (SyncFixture   *fixture,
       gconstpointer  data)
{
  return g_get_monotonic_time () >= *(const gint64 *) data;
}

static void
run_for (SyncFixture *fixture,
         double       seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  wait_until (fixture, never, &until, (guint) seconds + 5, "time passed");
}

static void
test_expired_token_keeps_outbox (SyncFixture   *fixture,
                                 gconstpointer  data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  StateIs expired = { fixture->engine_a, DOSSIER_SYNC_STATE_NEEDS_LOGIN };
  FieldIs arrived;

  /* The server's tokens live 3 seconds; both clients logged in at set-up. */
  run_for (fixture, 3.5);
  json_object_set_string_member (fields, "reference", "DOS-2026-00777");
  json_object_set_string_member (fields, "office_id", fixture->office);
  json_object_set_string_member (fields, "purpose", "Hannover Messe");
  id = dossier_replica_save_sync (fixture->a.replica, "case", NULL, fields, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture_outbox_count (&fixture->a), ==, 3);

  /* The live channel closed when the token expired, or the push is refused
   * with 401 token_expired: log in again, nothing lost. */
  wait_until (fixture, state_is, &expired, 15, "A needs to log in again");
  wait_until (fixture, a_pending_is_3, NULL, 15, "A counts its 3 changes");
  g_assert_cmpint (dossier_sync_engine_get_state (fixture->engine_a), ==,
                   DOSSIER_SYNC_STATE_NEEDS_LOGIN);
  g_assert_nonnull (dossier_sync_engine_get_error_message (fixture->engine_a));
  g_assert_cmpint (dossier_sync_engine_get_pending (fixture->engine_a), ==, 3);
  g_assert_cmpint (fixture_outbox_count (&fixture->a), ==, 3);
  /* Syncing again does not help, and does not lose anything either. */
  dossier_sync_engine_sync_now (fixture->engine_a);
  run_for (fixture, 1);
  g_assert_cmpint (dossier_sync_engine_get_state (fixture->engine_a), ==,
                   DOSSIER_SYNC_STATE_NEEDS_LOGIN);
  g_assert_cmpint (fixture_outbox_count (&fixture->a), ==, 3);
  /* The account stays; only the token is stale. */
  g_assert_cmpstr (dossier_sync_engine_get_user (fixture->engine_a), ==, "li.na");
  token = dossier_keyring_lookup_token (fixture->server.url, "li.na", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  /* Logging in again pushes the outbox. */
  login (fixture, fixture->engine_a, "li.na");
  g_assert_cmpint (fixture_outbox_count (&fixture->a), ==, 0);
  login (fixture, fixture->engine_b, "wang.wei");
  arrived = (FieldIs) { &fixture->b, id, "purpose", "Hannover Messe" };
  wait_until (fixture, field_is, &arrived, 10, "A's case reached B");
}

static char *
save_case_in (ReplicaFixture *side,
              const char     *office,
              const char     *reference)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) item = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *item_id = NULL;
  char *id;

  json_object_set_string_member (fields, "reference", reference);
  json_object_set_string_member (fields, "office_id", office);
  id = dossier_replica_save_sync (side->replica, "case", NULL, fields, NULL, &error);
  g_assert_no_error (error);
  json_object_set_string_member (item, "case_id", id);
  json_object_set_string_member (item, "title", "Passport");
  item_id = dossier_replica_save_sync (side->replica, "checklist_item", NULL, item, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static guint
count_records (ReplicaFixture *side,
               const char     *kind,
               const char     *field,
               const char     *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = dossier_replica_list_sync (side->replica, kind, field, value, NULL, 0,
                                                         NULL, &error);

  g_assert_no_error (error);
  return rows->len;
}

typedef struct
{
  ReplicaFixture *side;
  const char     *id;
} RecordOf;

static gboolean
case_gone (SyncFixture   *fixture,
           gconstpointer  data)
{
  const RecordOf *record = data;
  g_autoptr(JsonObject) row = dossier_replica_get_sync (record->side->replica, "case", record->id,
                                                        NULL, NULL);
  return row == NULL;
}

static gboolean
both_synced (SyncFixture   *fixture,
             gconstpointer  data)
{
  return is_synced (fixture, fixture->engine_a) && is_synced (fixture, fixture->engine_b);
}

/* li.na works for Beijing and Shanghai, wang.wei for Beijing only.  Removing
 * li.na from Shanghai takes Shanghai's cases off her replica at the next sync,
 * and her offline edit of one is refused and kept aside. */
static void
test_losing_office (SyncFixture   *fixture,
                    gconstpointer  data)
{
  g_autofree char *beijing = NULL;
  g_autofree char *shanghai = NULL;
  g_autofree char *removed = NULL;
  FieldIs arrived, edited, back;
  RecordOf gone;

  g_free (server_admin (&fixture->server, NULL, "add-member", "li.na", "Shanghai", NULL));
  beijing = save_case_in (&fixture->a, fixture->office, "DOS-2026-00201");
  shanghai = save_case_in (&fixture->a, fixture->office_sh, "DOS-2026-00202");
  arrived = (FieldIs) { &fixture->b, beijing, "reference", "DOS-2026-00201" };
  wait_until (fixture, field_is, &arrived, 10, "the Beijing case reached B");
  wait_until (fixture, both_synced, NULL, 10, "both synced");
  /* Nobody outside Shanghai ever sees its cases. */
  g_assert_cmpuint (count_records (&fixture->b, "case", NULL, NULL), ==, 1);
  g_assert_cmpuint (count_records (&fixture->b, "checklist_item", NULL, NULL), ==, 1);
  g_assert_cmpuint (count_records (&fixture->a, "case", NULL, NULL), ==, 2);

  /* Offline, li.na edits both cases; meanwhile she leaves Shanghai. */
  dossier_sync_engine_stop (fixture->engine_a);
  g_free (save_case_field (&fixture->a, shanghai, "notes", "written after leaving"));
  g_free (save_case_field (&fixture->a, beijing, "notes", "still mine"));
  removed = server_admin (&fixture->server, NULL, "remove-member", "li.na", "Shanghai", NULL);
  dossier_sync_engine_start (fixture->engine_a);

  gone = (RecordOf) { &fixture->a, shanghai };
  wait_until (fixture, case_gone, &gone, 15, "Shanghai's case left A");
  wait_until (fixture, is_synced, fixture->engine_a, 15, "A synced");
  /* Its checklist item went with it; Beijing's case and item stay. */
  g_assert_cmpuint (count_records (&fixture->a, "case", NULL, NULL), ==, 1);
  g_assert_cmpuint (count_records (&fixture->a, "checklist_item", "case_id", shanghai), ==, 0);
  g_assert_cmpuint (count_records (&fixture->a, "checklist_item", "case_id", beijing), ==, 1);
  g_assert_true (field_is (fixture, &(FieldIs) { &fixture->a, beijing, "notes", "still mine" }));
  /* The refused edit is kept aside with its reason, not lost, not retried. */
  g_assert_cmpint (fixture_outbox_count (&fixture->a), ==, 0);
  g_assert_cmpint (dossier_replica_count_rejected_sync (fixture->a.replica, NULL, NULL), ==, 1);
  edited = (FieldIs) { &fixture->b, beijing, "notes", "still mine" };
  wait_until (fixture, field_is, &edited, 10, "the Beijing edit reached B");
  g_assert_cmpuint (count_records (&fixture->b, "case", NULL, NULL), ==, 1);

  /* Back in Shanghai: its case comes back, with its item, though every one
   * of its changes is older than A's cursor. */
  g_free (server_admin (&fixture->server, NULL, "add-member", "li.na", "Shanghai", NULL));
  dossier_sync_engine_sync_now (fixture->engine_a);
  back = (FieldIs) { &fixture->a, shanghai, "reference", "DOS-2026-00202" };
  wait_until (fixture, field_is, &back, 15, "Shanghai's case came back to A");
  wait_until (fixture, is_synced, fixture->engine_a, 15, "A synced");
  g_assert_cmpuint (count_records (&fixture->a, "case", NULL, NULL), ==, 2);
  g_assert_cmpuint (count_records (&fixture->a, "checklist_item", "case_id", shanghai), ==, 1);
  g_assert_true (field_is (fixture, &(FieldIs) { &fixture->a, beijing, "notes", "still mine" }));
  /* Pulling everything again applied nothing twice and made no conflict. */
  g_assert_cmpint (dossier_replica_count_conflicts_sync (fixture->a.replica, NULL, NULL), ==, 0);
  g_assert_cmpint (fixture_outbox_count (&fixture->a), ==, 0);
}

static gboolean
deleted_on_both (SyncFixture   *fixture,
                 gconstpointer  data)
{
  return case_gone (fixture, &(RecordOf) { &fixture->a, data })
         && case_gone (fixture, &(RecordOf) { &fixture->b, data });
}

/* The conflicts of `side`: exactly B's edit of the deleted case, kept as a loser. */
static void
assert_edit_kept (ReplicaFixture *side,
                  const char     *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = dossier_replica_list_conflicts_sync (side->replica, NULL,
                                                                        &error);
  JsonObject *conflict;

  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = conflicts->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "case");
  g_assert_cmpstr (json_object_get_string_member (conflict, "record_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field"), ==, "purpose");
  g_assert_cmpstr (json_object_get_string_member (conflict, "value"), ==, "Canton fair");
}

/* A deletes a case while B, offline, edits it: whichever syncs first, both
 * end with the case deleted and B's edit kept as a conflict. */
static void
delete_against_edit (SyncFixture *fixture,
                     gboolean     delete_first)
{
  g_autofree char *id = create_shared_case (fixture);
  DossierSyncEngine *first = delete_first ? fixture->engine_a : fixture->engine_b;
  DossierSyncEngine *second = delete_first ? fixture->engine_b : fixture->engine_a;
  g_autoptr(GError) error = NULL;

  dossier_sync_engine_stop (fixture->engine_a);
  dossier_sync_engine_stop (fixture->engine_b);
  g_assert_true (dossier_replica_delete_sync (fixture->a.replica, "case", id, NULL, &error));
  g_assert_no_error (error);
  g_free (save_case_field (&fixture->b, id, "purpose", "Canton fair"));

  dossier_sync_engine_start (first);
  wait_until (fixture, is_synced, first, 15, "the first synced");
  dossier_sync_engine_start (second);
  wait_until (fixture, is_synced, second, 15, "the second synced");
  wait_until (fixture, deleted_on_both, id, 15, "the case is deleted on both");
  wait_until (fixture, conflicts_are, GINT_TO_POINTER (1), 15, "the edit is a conflict on both");
  assert_edit_kept (&fixture->a, id);
  assert_edit_kept (&fixture->b, id);
  /* And both windows say so. */
  wait_until (fixture, engine_conflicts_are, GINT_TO_POINTER (1), 15, "both engines count it");
}

static void
test_delete_first (SyncFixture   *fixture,
                   gconstpointer  data)
{
  delete_against_edit (fixture, TRUE);
}

static void
test_edit_first (SyncFixture   *fixture,
                 gconstpointer  data)
{
  delete_against_edit (fixture, FALSE);
}

typedef struct
{
  BenchProxy *proxy;
  GPtrArray  *exchanges;
} ProxySaw;

static gboolean
proxy_saw_upgrade (SyncFixture   *fixture,
                   gconstpointer  data)
{
  ProxySaw *saw = (ProxySaw *) data;
  g_autoptr(GPtrArray) more = bench_proxy_take_exchanges (saw->proxy);

  for (guint i = 0; i < more->len; i++)
    {
      BenchExchange *exchange = more->pdata[i];

      if (g_str_has_prefix (exchange->request_line, "GET /v1/live") && exchange->status == 101)
        return TRUE;
    }
  return FALSE;
}

/* Once online, an edit travels over the live channel: a frame out, its ack
 * back, and no HTTP request at all (no push, no pull). */
static void
test_live_edit (SyncFixture   *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchProxy) proxy = bench_proxy_new (fixture->server.port, &error);
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) exchanges = NULL;
  g_autoptr(GPtrArray) frames = NULL;
  ProxySaw saw;
  FieldIs arrived;
  gboolean pushed = FALSE, acked = FALSE;

  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", bench_proxy_get_port (proxy));
  /* A talks to the server through the proxy from now on. */
  login_at (fixture, fixture->engine_a, url, "li.na");
  id = create_shared_case (fixture);
  saw = (ProxySaw) { proxy, NULL };
  wait_until (fixture, proxy_saw_upgrade, &saw, 10, "A opened the live channel");
  wait_until (fixture, both_synced, NULL, 10, "both synced");
  run_for (fixture, 0.3);
  g_ptr_array_unref (bench_proxy_take_exchanges (proxy));
  g_ptr_array_unref (bench_proxy_take_frames (proxy));

  g_free (save_case_field (&fixture->a, id, "purpose", "CeBIT, live"));
  arrived = (FieldIs) { &fixture->b, id, "purpose", "CeBIT, live" };
  wait_until (fixture, field_is, &arrived, 10, "the live edit reached B");
  wait_until (fixture, is_synced, fixture->engine_a, 10, "A's edit acknowledged");
  run_for (fixture, 0.3);

  exchanges = bench_proxy_take_exchanges (proxy);
  frames = bench_proxy_take_frames (proxy);
  for (guint i = 0; i < exchanges->len; i++)
    g_test_message ("HTTP during the edit: %s",
                    ((BenchExchange *) exchanges->pdata[i])->request_line);
  g_assert_cmpuint (exchanges->len, ==, 0);
  for (guint i = 0; i < frames->len; i++)
    {
      BenchFrame *frame = frames->pdata[i];

      pushed = pushed || (frame->from_client && frame->opcode == 1
                          && strstr (frame->text, "CeBIT, live") != NULL);
      acked = acked || (!frame->from_client && frame->opcode == 1
                        && g_str_has_prefix (frame->text, "{\"a\":"));
    }
  g_assert_true (pushed);
  g_assert_true (acked);
  g_assert_cmpint (fixture_outbox_count (&fixture->a), ==, 0);
  dossier_sync_engine_stop (fixture->engine_a);
}

static gboolean
a_is_offline (SyncFixture   *fixture,
              gconstpointer  data)
{
  return dossier_sync_engine_get_state (fixture->engine_a) == DOSSIER_SYNC_STATE_OFFLINE;
}

/* A link that goes silent (no close, no reset: a cable pulled somewhere) is
 * noticed by the live channel's pings: the engine says offline. */
static void
test_live_dead_link (SyncFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchProxy) proxy = bench_proxy_new (fixture->server.port, &error);
  g_autofree char *url = NULL;
  ProxySaw saw = { proxy, NULL };
  StateIs synced = { fixture->engine_a, DOSSIER_SYNC_STATE_SYNCED };

  g_assert_no_error (error);
  /* Pings every second: silent for two, the link is dead. */
  g_setenv ("DOSSIER_LIVE_KEEPALIVE_SECONDS", "1", TRUE);
  url = g_strdup_printf ("http://127.0.0.1:%u", bench_proxy_get_port (proxy));
  login_at (fixture, fixture->engine_a, url, "li.na");
  wait_until (fixture, proxy_saw_upgrade, &saw, 10, "A opened the live channel");
  run_for (fixture, 2.5);
  /* Pings answered: still synced. */
  g_assert_cmpint (dossier_sync_engine_get_state (fixture->engine_a), ==,
                   DOSSIER_SYNC_STATE_SYNCED);

  bench_proxy_set_frozen (proxy, TRUE);
  wait_until (fixture, a_is_offline, NULL, 10, "A noticed the dead link");
  bench_proxy_set_frozen (proxy, FALSE);
  /* Back: the engine syncs again by itself. */
  wait_until (fixture, state_is, &synced, 20, "A synced again");
  dossier_sync_engine_stop (fixture->engine_a);
  g_unsetenv ("DOSSIER_LIVE_KEEPALIVE_SECONDS");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func, arg) \
  g_test_add (path, SyncFixture, arg, sync_set_up, func, sync_tear_down)
  ADD ("/sync/engine/online-propagation", test_online_propagation, NULL);
  ADD ("/sync/engine/live-edit-without-http", test_live_edit, NULL);
  ADD ("/sync/engine/live-dead-link", test_live_dead_link, NULL);
  ADD ("/sync/engine/offline-different-fields", test_offline_different_fields, NULL);
  ADD ("/sync/engine/conflict-and-resolution", test_conflict_and_resolution, NULL);
  ADD ("/sync/engine/attachment-bytes", test_attachment_bytes, NULL);
  ADD ("/sync/engine/expired-token-keeps-outbox", test_expired_token_keeps_outbox,
       "--token-lifetime=3");
  ADD ("/sync/engine/losing-office-removes-its-cases", test_losing_office, NULL);
  ADD ("/sync/engine/delete-against-edit/delete-first", test_delete_first, NULL);
  ADD ("/sync/engine/delete-against-edit/edit-first", test_edit_first, NULL);
#undef ADD
  return g_test_run ();
}
