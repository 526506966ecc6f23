/* test-replica-pending.c: which cases hold changes not yet sent, refused
 * changes, and which case a record belongs to (dossier-replica-pending.h). */

#include "dossier-replica-pending.h"
#include "dossier-replica-sync.h"
#include "replica-fixture.h"

typedef struct
{
  ReplicaFixture  base;
  char           *applicant;
  char           *case_a;
  char           *case_b;
  char           *item_a;
  char           *note;
} PendingFixture;

static char *
save (PendingFixture *fixture,
      const char     *kind,
      const char     *id,
      const char     *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  char *saved = dossier_replica_save_sync (fixture->base.replica, kind, id,
                                           json_node_get_object (node), NULL, &error);

  g_assert_no_error (error);
  return saved;
}

/* Acknowledges the whole outbox, as a successful push does. */
static void
send_everything (PendingFixture *fixture)
{
  g_autoptr(GPtrArray) outbox = dossier_replica_list_outbox_sync (fixture->base.replica, 0, NULL,
                                                                  NULL);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < outbox->len; i++)
    g_strv_builder_add (ids, ((DossierChange *) outbox->pdata[i])->change_id);
  strv = g_strv_builder_end (ids);
  g_assert_true (dossier_replica_ack_outbox_sync (fixture->base.replica, (const char *const *) strv,
                                                  NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dossier_replica_count_outbox_sync (fixture->base.replica, NULL, NULL), ==, 0);
}

static void
pending_set_up (PendingFixture *fixture,
                gconstpointer   data)
{
  g_autofree char *json = NULL;

  replica_fixture_set_up (&fixture->base, NULL);
  fixture->applicant = save (fixture, "applicant", NULL,
                             "{\"family_name\": \"Wang\", \"given_names\": \"Fang\"}");
  json = g_strdup_printf ("{\"reference\": \"DOS-2026-00001\", \"applicant_id\": \"%s\"}",
                          fixture->applicant);
  fixture->case_a = save (fixture, "case", NULL, json);
  g_free (json);
  json = g_strdup_printf ("{\"reference\": \"DOS-2026-00002\", \"applicant_id\": \"%s\"}",
                          fixture->applicant);
  fixture->case_b = save (fixture, "case", NULL, json);
  g_free (json);
  json = g_strdup_printf ("{\"case_id\": \"%s\", \"title\": \"Bank statements\"}", fixture->case_a);
  fixture->item_a = save (fixture, "checklist_item", NULL, json);
  fixture->note = save (fixture, "policy_note", NULL, "{\"title\": \"Japan: business visas\"}");
}

static void
pending_tear_down (PendingFixture *fixture,
                   gconstpointer   data)
{
  replica_fixture_tear_down (&fixture->base, NULL);
  g_free (fixture->applicant);
  g_free (fixture->case_a);
  g_free (fixture->case_b);
  g_free (fixture->item_a);
  g_free (fixture->note);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gint64
count_async (PendingFixture *fixture,
             const char     *case_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count;

  dossier_replica_count_case_pending_async (fixture->base.replica, case_id, NULL, store_result_cb,
                                            &result);
  count = dossier_replica_count_case_pending_finish (fixture->base.replica, wait_for (&result),
                                                     &error);
  g_assert_no_error (error);
  return count;
}

static GStrv
filter_async (PendingFixture *fixture)
{
  const char *ids[] = { fixture->case_b, fixture->case_a, "no-such-case", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GStrv pending;

  dossier_replica_filter_pending_cases_async (fixture->base.replica, ids, NULL, store_result_cb,
                                              &result);
  pending = dossier_replica_filter_pending_cases_finish (fixture->base.replica, wait_for (&result),
                                                         &error);
  g_assert_no_error (error);
  g_assert_nonnull (pending);
  return pending;
}

static void
test_case_pending (PendingFixture *fixture,
                   gconstpointer   data)
{
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) only_a = NULL;
  g_auto(GStrv) both = NULL;

  /* A new case (reference, applicant), its applicant (two names), its item (case, title). */
  g_assert_cmpint (count_async (fixture, fixture->case_a), ==, 2 + 2 + 2);
  g_assert_cmpint (dossier_replica_count_case_pending_sync (fixture->base.replica, fixture->case_a,
                                                            NULL, NULL), ==, 6);
  send_everything (fixture);
  g_assert_cmpint (count_async (fixture, fixture->case_a), ==, 0);
  none = filter_async (fixture);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  /* One item's edit marks its case, not the other case of the applicant. */
  g_free (save (fixture, "checklist_item", fixture->item_a, "{\"state\": \"received\"}"));
  g_assert_cmpint (count_async (fixture, fixture->case_a), ==, 1);
  g_assert_cmpint (count_async (fixture, fixture->case_b), ==, 0);
  only_a = filter_async (fixture);
  g_assert_cmpuint (g_strv_length (only_a), ==, 1);
  g_assert_cmpstr (only_a[0], ==, fixture->case_a);

  /* The applicant's edit marks both of their cases, in the order asked. */
  g_free (save (fixture, "applicant", fixture->applicant, "{\"passport_number\": \"E12345678\"}"));
  g_assert_cmpint (count_async (fixture, fixture->case_b), ==, 1);
  both = filter_async (fixture);
  g_assert_cmpuint (g_strv_length (both), ==, 2);
  g_assert_cmpstr (both[0], ==, fixture->case_b);
  g_assert_cmpstr (both[1], ==, fixture->case_a);
}

static gint64
count_rejected (PendingFixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count;

  dossier_replica_count_rejected_async (fixture->base.replica, NULL, store_result_cb, &result);
  count = dossier_replica_count_rejected_finish (fixture->base.replica, wait_for (&result), &error);
  g_assert_no_error (error);
  return count;
}

static void
test_rejected (PendingFixture *fixture,
               gconstpointer   data)
{
  g_autoptr(GPtrArray) outbox = dossier_replica_list_outbox_sync (fixture->base.replica, 2, NULL,
                                                                  NULL);
  const char *ids[] = { ((DossierChange *) outbox->pdata[0])->change_id,
                        ((DossierChange *) outbox->pdata[1])->change_id, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count_rejected (fixture), ==, 0);
  g_assert_true (dossier_replica_reject_outbox_sync (fixture->base.replica, ids, "forbidden", NULL,
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rejected (fixture), ==, 2);
}

static JsonObject *
record (const char *kind,
        const char *id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "kind", kind);
  json_object_set_string_member (object, "record_id", id);
  return object;
}

static const char *
member (GPtrArray  *contexts,
        guint       index,
        const char *name)
{
  return json_object_get_string_member_with_default (contexts->pdata[index], name, NULL);
}

static void
test_locate (PendingFixture *fixture,
             gconstpointer   data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) contexts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (records, record ("case", fixture->case_a));
  g_ptr_array_add (records, record ("checklist_item", fixture->item_a));
  g_ptr_array_add (records, record ("applicant", fixture->applicant));
  g_ptr_array_add (records, record ("policy_note", fixture->note));
  g_ptr_array_add (records, record ("fee", "a-deleted-fee"));
  dossier_replica_locate_records_async (fixture->base.replica, records, NULL, store_result_cb,
                                        &result);
  contexts = dossier_replica_locate_records_finish (fixture->base.replica, wait_for (&result),
                                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contexts->len, ==, 5);

  g_assert_cmpstr (member (contexts, 0, "reference"), ==, "DOS-2026-00001");
  g_assert_cmpstr (member (contexts, 0, "family_name"), ==, "Wang");
  g_assert_cmpstr (member (contexts, 1, "case_id"), ==, fixture->case_a);
  g_assert_cmpstr (member (contexts, 1, "given_names"), ==, "Fang");
  /* An applicant is named through their latest case. */
  g_assert_cmpstr (member (contexts, 2, "case_id"), ==, fixture->case_b);
  g_assert_cmpstr (member (contexts, 2, "reference"), ==, "DOS-2026-00002");
  g_assert_cmpstr (member (contexts, 3, "title"), ==, "Japan: business visas");
  g_assert_cmpuint (json_object_get_size (contexts->pdata[4]), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, PendingFixture, NULL, pending_set_up, func, pending_tear_down)
  ADD ("/sync/pending/case", test_case_pending);
  ADD ("/sync/pending/rejected", test_rejected);
  ADD ("/sync/pending/locate", test_locate);
#undef ADD
  return g_test_run ();
}
