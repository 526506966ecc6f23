/* test-case-session.c: how the case editor's edits reach the replica, and
 * how it finds a duplicate applicant there.
 *
 * A new case is written only once it has what it needs, and then with its
 * applicant in one go; staged groups are written together; a value dropped
 * because it became invalid is never written; closing writes what is staged
 * even when the caller lets go of the session at once.  A duplicate is found
 * by passport number or by name and birth date, whatever their case.
 */
#include "dossier-case-reference.h"
#include "dossier-case-session.h"
#include "dossier-duplicate-finder.h"
#include "replica-fixture.h"

#include <string.h>

#define WAIT_TIMEOUT_S 10

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *flag is set (by a signal handler) or time runs out. */
static void
wait_for_flag (gboolean *flag)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (WAIT_TIMEOUT_S, timed_out_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_false (timed_out);
}

static void
set_flag_cb (gpointer  instance,
             gboolean *flag)
{
  *flag = TRUE;
}

/* Closes a session and waits until its last write has run and it is gone. */
static void
close_and_wait (DossierCaseSession *session)
{
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  dossier_case_session_close (session);
  g_object_unref (session);
  while (session != NULL)
    g_main_context_iteration (NULL, TRUE);
}

static DossierCaseSession *
open_session (ReplicaFixture *fixture,
              const char     *case_id)
{
  DossierCaseSession *session = dossier_case_session_new (fixture->replica, case_id);
  gboolean loaded = FALSE;

  g_signal_connect (session, "loaded", G_CALLBACK (set_flag_cb), &loaded);
  wait_for_flag (&loaded);
  g_signal_handlers_disconnect_by_data (session, &loaded);
  return session;
}

/* Stages, flushes and waits for the write. */
static void
flush_and_wait (DossierCaseSession *session)
{
  gboolean saved = FALSE;

  g_signal_connect (session, "saved", G_CALLBACK (set_flag_cb), &saved);
  dossier_case_session_flush (session);
  wait_for_flag (&saved);
  g_signal_handlers_disconnect_by_data (session, &saved);
}

static void
stage_string (DossierCaseSession *session,
              const char         *kind,
              const char         *field,
              const char         *value)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, field, value);
  dossier_case_session_stage (session, kind, NULL, fields);
}

static guint
count_records (ReplicaFixture *fixture,
               const char     *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = dossier_replica_list_sync (fixture->replica, kind, NULL, NULL,
                                                            NULL, 0, NULL, &error);
  g_assert_no_error (error);
  return records->len;
}

static JsonObject *
get_record (ReplicaFixture *fixture,
            const char     *kind,
            const char     *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *record = dossier_replica_get_sync (fixture->replica, kind, id, NULL, &error);

  g_assert_no_error (error);
  return record;
}

/* Lets pending idle work and the worker's answers run, without waiting for the delay. */
static void
spin (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_new_case_waits (ReplicaFixture *fixture,
                     gconstpointer   data)
{
  DossierCaseSession *session = open_session (fixture, NULL);
  g_autoptr(JsonObject) applicant = NULL;
  g_autoptr(JsonObject) record = NULL;
  const char *reference;

  g_assert_true (dossier_case_reference_is_valid (dossier_case_session_get_string (session, "case",
                                                                                   "reference")));
  stage_string (session, "applicant", "given_names", "XIAOMING");
  dossier_case_session_flush (session);
  spin (50);
  g_assert_cmpint (dossier_case_session_get_state (session), ==, DOSSIER_CASE_SESSION_INCOMPLETE);
  g_assert_null (dossier_case_session_get_case_id (session));

  /* An applicant alone is not a case. */
  stage_string (session, "applicant", "family_name", "WANG");
  dossier_case_session_flush (session);
  spin (50);
  g_assert_cmpuint (count_records (fixture, "applicant"), ==, 0);
  g_assert_cmpuint (count_records (fixture, "case"), ==, 0);

  stage_string (session, "case", "destination", "DE");
  flush_and_wait (session);
  g_assert_true (dossier_case_session_is_created (session));
  g_assert_cmpuint (count_records (fixture, "case"), ==, 1);
  g_assert_cmpuint (count_records (fixture, "applicant"), ==, 1);

  /* Everything valid typed before creation is there, linked. */
  record = get_record (fixture, "case", dossier_case_session_get_case_id (session));
  applicant = get_record (fixture, "applicant", dossier_case_session_get_applicant_id (session));
  reference = json_object_get_string_member (record, "reference");
  g_assert_cmpstr (reference, ==, dossier_case_session_get_string (session, "case", "reference"));
  g_assert_cmpstr (json_object_get_string_member (record, "destination"), ==, "DE");
  g_assert_cmpstr (json_object_get_string_member (record, "internal_stage"), ==, "intake");
  g_assert_cmpstr (json_object_get_string_member (record, "applicant_id"), ==,
                   dossier_case_session_get_applicant_id (session));
  g_assert_cmpstr (json_object_get_string_member (applicant, "family_name"), ==, "WANG");
  g_assert_cmpstr (json_object_get_string_member (applicant, "given_names"), ==, "XIAOMING");
  g_assert_cmpint (dossier_case_session_get_state (session), ==, DOSSIER_CASE_SESSION_SAVED);
  close_and_wait (session);
}

static char *
create_case (ReplicaFixture *fixture)
{
  DossierCaseSession *session = open_session (fixture, NULL);
  char *case_id;

  stage_string (session, "applicant", "passport_number", "E12345678");
  stage_string (session, "case", "destination", "JP");
  flush_and_wait (session);
  case_id = g_strdup (dossier_case_session_get_case_id (session));
  close_and_wait (session);
  return case_id;
}

static void
test_unstaged_value_not_written (ReplicaFixture *fixture,
                                 gconstpointer   data)
{
  g_autofree char *case_id = create_case (fixture);
  DossierCaseSession *session = open_session (fixture, case_id);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) record = NULL;
  const char *const dates[] = { "travel_from", "travel_to", NULL };

  /* A group staged, then found invalid (say the end moved before the start). */
  json_object_set_string_member (fields, "travel_from", "2027-03-01");
  json_object_set_string_member (fields, "travel_to", "2027-03-15");
  dossier_case_session_stage (session, "case", NULL, fields);
  dossier_case_session_unstage (session, "case", NULL, dates);
  stage_string (session, "case", "purpose", "Trade fair");
  flush_and_wait (session);

  record = get_record (fixture, "case", case_id);
  g_assert_cmpstr (json_object_get_string_member (record, "purpose"), ==, "Trade fair");
  g_assert_true (json_object_get_null_member (record, "travel_from"));
  g_assert_true (json_object_get_null_member (record, "travel_to"));
  close_and_wait (session);
}

static void
test_group_written_together (ReplicaFixture *fixture,
                             gconstpointer   data)
{
  g_autofree char *case_id = create_case (fixture);
  DossierCaseSession *session = open_session (fixture, case_id);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = fixture_outbox_count (fixture);
  gint64 counter = -1;

  json_object_set_string_member (fields, "decision", "approved");
  json_object_set_string_member (fields, "visa_number", "JP4412");
  json_object_set_string_member (fields, "visa_valid_from", "2027-03-01");
  json_object_set_string_member (fields, "visa_valid_to", "2027-03-31");
  dossier_case_session_stage (session, "case", NULL, fields);
  flush_and_wait (session);

  /* One write: four changes, one after the other, nothing between them. */
  outbox = dossier_replica_list_outbox_sync (fixture->replica, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint ((gint64) outbox->len - before, ==, 4);
  for (guint i = (guint) before; i < outbox->len; i++)
    {
      DossierChange *change = outbox->pdata[i];
      g_assert_cmpstr (change->record_id, ==, case_id);
      if (counter >= 0)
        g_assert_cmpint (change->counter, ==, counter + 1);
      counter = change->counter;
    }
  close_and_wait (session);
}

static void
test_delay_writes_without_flush (ReplicaFixture *fixture,
                                 gconstpointer   data)
{
  g_autofree char *case_id = create_case (fixture);
  DossierCaseSession *session = open_session (fixture, case_id);
  g_autoptr(JsonObject) record = NULL;
  gboolean saved = FALSE;

  g_signal_connect (session, "saved", G_CALLBACK (set_flag_cb), &saved);
  stage_string (session, "case", "consulate", "Embassy of Japan, Beijing");
  g_assert_cmpint (dossier_case_session_get_state (session), ==, DOSSIER_CASE_SESSION_PENDING);
  wait_for_flag (&saved);

  record = get_record (fixture, "case", case_id);
  g_assert_cmpstr (json_object_get_string_member (record, "consulate"), ==,
                   "Embassy of Japan, Beijing");
  close_and_wait (session);
}

static void
test_edits_during_write (ReplicaFixture *fixture,
                         gconstpointer   data)
{
  g_autofree char *case_id = create_case (fixture);
  DossierCaseSession *session = open_session (fixture, case_id);
  g_autoptr(JsonObject) record = NULL;

  /* The second value is staged while the first is being written. */
  stage_string (session, "case", "purpose", "first");
  dossier_case_session_flush (session);
  stage_string (session, "case", "purpose", "second");
  stage_string (session, "case", "assignee", "Zhang Wei");

  /* Closing right away still writes it, after the running write. */
  close_and_wait (session);

  record = get_record (fixture, "case", case_id);
  g_assert_cmpstr (json_object_get_string_member (record, "purpose"), ==, "second");
  g_assert_cmpstr (json_object_get_string_member (record, "assignee"), ==, "Zhang Wei");
}

/* Quitting the application destroys the window, then closes the replica
 * without running the main loop again: the last edits must already be queued. */
static void
test_close_then_quit (ReplicaFixture *fixture,
                      gconstpointer   data)
{
  g_autofree char *case_id = create_case (fixture);
  DossierCaseSession *session = open_session (fixture, case_id);
  g_autoptr(JsonObject) record = NULL;

  stage_string (session, "case", "purpose", "first");
  dossier_case_session_flush (session);
  stage_string (session, "case", "purpose", "second");
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  dossier_case_session_close (session);
  g_object_unref (session);

  dossier_replica_close (fixture->replica);
  while (session != NULL)
    g_main_context_iteration (NULL, TRUE);

  replica_fixture_reopen (fixture);
  record = get_record (fixture, "case", case_id);
  g_assert_cmpstr (json_object_get_string_member (record, "purpose"), ==, "second");
}

static void
test_close_writes_new_case (ReplicaFixture *fixture,
                            gconstpointer   data)
{
  DossierCaseSession *session = open_session (fixture, NULL);

  stage_string (session, "applicant", "family_name", "LI");
  stage_string (session, "case", "destination", "DE");
  close_and_wait (session);

  g_assert_cmpuint (count_records (fixture, "case"), ==, 1);
  g_assert_cmpuint (count_records (fixture, "applicant"), ==, 1);
}

static void
test_incomplete_case_dropped_on_close (ReplicaFixture *fixture,
                                       gconstpointer   data)
{
  DossierCaseSession *session = open_session (fixture, NULL);

  stage_string (session, "applicant", "family_name", "LI");
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  dossier_case_session_close (session);
  g_object_unref (session);
  g_assert_null (session);
  spin (50);
  g_assert_cmpuint (count_records (fixture, "applicant"), ==, 0);
  g_assert_cmpuint (count_records (fixture, "case"), ==, 0);
}

static void
test_items (ReplicaFixture *fixture,
            gconstpointer   data)
{
  g_autofree char *case_id = create_case (fixture);
  DossierCaseSession *session = open_session (fixture, case_id);
  g_autofree char *fee_id = g_uuid_string_random ();
  g_autoptr(JsonObject) fee = json_object_new ();
  gboolean deleted = FALSE;

  json_object_set_string_member (fee, "case_id", case_id);
  json_object_set_string_member (fee, "kind", "consular");
  json_object_set_double_member (fee, "amount_quoted", 80);
  dossier_case_session_stage (session, "fee", fee_id, fee);
  flush_and_wait (session);
  g_assert_cmpuint (count_records (fixture, "fee"), ==, 1);

  g_signal_connect (session, "saved", G_CALLBACK (set_flag_cb), &deleted);
  dossier_case_session_delete (session, "fee", fee_id);
  wait_for_flag (&deleted);
  g_assert_cmpuint (count_records (fixture, "fee"), ==, 0);
  close_and_wait (session);
}

static void
test_missing_description (ReplicaFixture *fixture,
                          gconstpointer   data)
{
  DossierCaseSession *session = open_session (fixture, NULL);
  g_autofree char *nothing = dossier_case_session_describe_missing (session);
  g_autofree char *destination = NULL;
  g_autofree char *complete = NULL;

  g_assert_nonnull (nothing);
  stage_string (session, "applicant", "passport_number", "E12345678");
  destination = dossier_case_session_describe_missing (session);
  g_assert_nonnull (g_strstr_len (destination, -1, "destination"));
  g_assert_null (g_strstr_len (destination, -1, "passport"));
  stage_string (session, "case", "destination", "US");
  complete = dossier_case_session_describe_missing (session);
  g_assert_null (complete);
  close_and_wait (session);
}

/* ---- Duplicate applicants ------------------------------------------------ */

static char *
save_json (ReplicaFixture *fixture,
           const char     *kind,
           const char     *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  char *id;

  g_assert_no_error (error);
  id = dossier_replica_save_sync (fixture->replica, kind, NULL, json_node_get_object (node),
                                  NULL, &error);
  g_assert_no_error (error);
  return id;
}

typedef struct
{
  gboolean    done;
  JsonObject *applicant;
  JsonObject *found_case;
} FindResult;

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FindResult *found = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_duplicate_finder_run_finish (result, &found->applicant,
                                                      &found->found_case, &error));
  g_assert_no_error (error);
  found->done = TRUE;
}

static void
find (ReplicaFixture *fixture,
      const char     *json,
      const char     *own_id,
      FindResult     *found)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  memset (found, 0, sizeof *found);
  dossier_duplicate_finder_run_async (fixture->replica, json_node_get_object (node), own_id,
                                      NULL, found_cb, found);
  wait_for_flag (&found->done);
}

static void
clear_result (FindResult *found)
{
  g_clear_pointer (&found->applicant, json_object_unref);
  g_clear_pointer (&found->found_case, json_object_unref);
}

static void
test_duplicates (ReplicaFixture *fixture,
                 gconstpointer   data)
{
  g_autofree char *wang = save_json (fixture, "applicant",
    "{\"family_name\":\"WANG\",\"given_names\":\"XIAOMING\",\"birth_date\":\"1990-01-02\","
    "\"passport_number\":\"E12345678\"}");
  g_autofree char *json = g_strdup_printf ("{\"reference\":\"DOS-2025-K7M2QX\",\"applicant_id\":\"%s\"}", wang);
  g_autofree char *wang_case = save_json (fixture, "case", json);
  g_autofree char *other = save_json (fixture, "applicant",
    "{\"family_name\":\"WANG\",\"given_names\":\"LEI\",\"birth_date\":\"1985-05-05\"}");
  FindResult found;

  /* The passport number, however it is typed. */
  find (fixture, "{\"passport_number\":\"e1234 5678\"}", NULL, &found);
  g_assert_nonnull (found.applicant);
  g_assert_cmpstr (json_object_get_string_member (found.applicant, "id"), ==, wang);
  g_assert_cmpstr (json_object_get_string_member (found.found_case, "id"), ==, wang_case);
  clear_result (&found);

  /* Name and birth date, typed in mixed case: found through the capitals. */
  find (fixture, "{\"family_name\":\"Wang\",\"given_names\":\"Xiaoming\",\"birth_date\":\"1990-01-02\"}",
        NULL, &found);
  g_assert_nonnull (found.applicant);
  g_assert_cmpstr (json_object_get_string_member (found.applicant, "id"), ==, wang);
  clear_result (&found);

  /* The same family name alone is not the same person, and nobody matches himself. */
  find (fixture, "{\"family_name\":\"WANG\",\"given_names\":\"XIAOMING\",\"birth_date\":\"1991-01-02\"}",
        NULL, &found);
  g_assert_null (found.applicant);
  g_assert_null (found.found_case);
  find (fixture, "{\"family_name\":\"WANG\",\"given_names\":\"LEI\",\"birth_date\":\"1985-05-05\"}",
        other, &found);
  g_assert_null (found.applicant);

  /* A match without a case is still named. */
  find (fixture, "{\"family_name\":\"wang\",\"given_names\":\"lei\",\"birth_date\":\"1985-05-05\"}",
        NULL, &found);
  g_assert_cmpstr (json_object_get_string_member (found.applicant, "id"), ==, other);
  g_assert_null (found.found_case);
  clear_result (&found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, ReplicaFixture, NULL, replica_fixture_set_up, func, replica_fixture_tear_down)
  ADD ("/app/case-session/new-case-waits", test_new_case_waits);
  ADD ("/app/case-session/missing-description", test_missing_description);
  ADD ("/app/case-session/unstaged-not-written", test_unstaged_value_not_written);
  ADD ("/app/case-session/group-written-together", test_group_written_together);
  ADD ("/app/case-session/delay-writes", test_delay_writes_without_flush);
  ADD ("/app/case-session/edits-during-write", test_edits_during_write);
  ADD ("/app/case-session/close-then-quit", test_close_then_quit);
  ADD ("/app/case-session/close-writes-new-case", test_close_writes_new_case);
  ADD ("/app/case-session/incomplete-dropped-on-close", test_incomplete_case_dropped_on_close);
  ADD ("/app/case-session/items", test_items);
  ADD ("/app/duplicate-finder/find", test_duplicates);
#undef ADD

  return g_test_run ();
}
