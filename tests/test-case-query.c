/* test-case-query.c: the case list's queries (filters, sorting, flags, search,
 * pages) against a real replica.  "Now" is fixed at 10 March 2026, noon local
 * time, so that every date rule is checked on both sides of its boundary. */

#include <string.h>

#include "dossier-case-query.h"
#include "replica-fixture.h"

/* Helpers ------------------------------------------------------------------ */

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_local (2026, 3, 10, 12, 0, 0);
}

static DossierCaseFilter *
filter_new (void)
{
  DossierCaseFilter *filter = dossier_case_filter_new ();

  filter->now = fixed_now ();
  return filter;
}

/* Saves a record given as JSON text (printf-style) and returns its id. */
static char * G_GNUC_PRINTF (3, 4)
save (ReplicaFixture *fixture,
      const char     *kind,
      const char     *format,
      ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  va_list args;
  char *id;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  id = dossier_replica_save_sync (fixture->replica, kind, NULL, json_node_get_object (node), NULL,
                                  &error);
  g_assert_no_error (error);
  return id;
}

static char *
save_applicant (ReplicaFixture *fixture,
                const char     *family,
                const char     *given,
                const char     *native)
{
  return save (fixture, "applicant",
               "{\"family_name\": \"%s\", \"given_names\": \"%s\", \"native_name\": %s%s%s}",
               family, given, native ? "\"" : "", native ? native : "null", native ? "\"" : "");
}

/* A passport and travel dates on an open case going to `destination`. */
static char *
save_trip (ReplicaFixture *fixture,
           const char     *destination,
           const char     *visa_type,
           const char     *issue,
           const char     *expiry,
           const char     *travel_from,
           const char     *travel_to)
{
  g_autofree char *applicant = save (fixture, "applicant",
                                     "{\"family_name\": \"Traveller\", "
                                     "\"passport_issue_date\": \"%s\", "
                                     "\"passport_expiry_date\": \"%s\"}", issue, expiry);
  g_autoptr(GString) json = g_string_new (NULL);

  g_string_append_printf (json, "{\"applicant_id\": \"%s\", \"destination\": \"%s\", "
                          "\"visa_type\": \"%s\", \"internal_stage\": \"documents\"",
                          applicant, destination, visa_type);
  if (travel_from != NULL)
    g_string_append_printf (json, ", \"travel_from\": \"%s\"", travel_from);
  if (travel_to != NULL)
    g_string_append_printf (json, ", \"travel_to\": \"%s\"", travel_to);
  g_string_append (json, "}");
  return save (fixture, "case", "%s", json->str);
}

static GArray *
query_rowids (ReplicaFixture          *fixture,
              const DossierCaseFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GArray *rowids = dossier_case_query_rowids_sync (fixture->replica, filter, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rowids);
  return rowids;
}

static GPtrArray *
query_rows (ReplicaFixture          *fixture,
            const DossierCaseFilter *filter,
            GArray                  *rowids)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = dossier_case_query_rows_sync (fixture->replica, filter,
                                                  (const gint64 *) rowids->data, rowids->len,
                                                  NULL, &error);

  g_assert_no_error (error);
  return rows;
}

/* The case ids the filter keeps, in order, joined with spaces. */
static char *
query_ids (ReplicaFixture          *fixture,
           const DossierCaseFilter *filter)
{
  g_autoptr(GArray) rowids = query_rowids (fixture, filter);
  g_autoptr(GPtrArray) rows = query_rows (fixture, filter, rowids);
  g_autoptr(GString) ids = g_string_new (NULL);

  g_assert_cmpuint (rows->len, ==, rowids->len);
  for (guint i = 0; i < rows->len; i++)
    {
      DossierCaseSummary *row = rows->pdata[i];
      g_assert_cmpint (row->rowid, ==, g_array_index (rowids, gint64, i));
      g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", row->case_id);
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
join_ids (const char *first,
          ...)
{
  GString *ids = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *id = first; id != NULL; id = va_arg (args, const char *))
    g_string_append_printf (ids, "%s%s", ids->len > 0 ? " " : "", id);
  va_end (args);
  return g_string_free (ids, FALSE);
}

#define assert_ids(fixture, filter, ...) \
  G_STMT_START { \
    g_autofree char *got_ = query_ids (fixture, filter); \
    g_autofree char *want_ = join_ids (__VA_ARGS__, NULL); \
    g_assert_cmpstr (got_, ==, want_); \
  } G_STMT_END

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static DossierCaseSummary *
query_one (ReplicaFixture          *fixture,
           const DossierCaseFilter *filter,
           const char              *case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 rowid = 0;
  DossierCaseSummary *summary;
  GAsyncResult *result = NULL;

  dossier_case_query_lookup_rowid_async (fixture->replica, case_id, NULL,
                                         store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  rowid = dossier_case_query_lookup_rowid_finish (fixture->replica, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpint (rowid, >, 0);

  rows = dossier_case_query_rows_sync (fixture->replica, filter, &rowid, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  summary = g_ptr_array_steal_index (rows, 0);
  g_assert_cmpstr (summary->case_id, ==, case_id);
  return summary;
}

static DossierCaseFlags
flags_of (ReplicaFixture          *fixture,
          const DossierCaseFilter *filter,
          const char              *case_id)
{
  g_autoptr(DossierCaseSummary) summary = query_one (fixture, filter, case_id);

  return summary->flags;
}

/* Sorting and filters -------------------------------------------------------- */

typedef struct
{
  char *a, *b, *c;
} ThreeCases;

static void
three_cases_clear (ThreeCases *cases)
{
  g_free (cases->a);
  g_free (cases->b);
  g_free (cases->c);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ThreeCases, three_cases_clear)

static void
save_three_cases (ReplicaFixture *fixture,
                  ThreeCases     *cases)
{
  g_autofree char *zhang = save_applicant (fixture, "Zhang", "San", "张三");
  g_autofree char *li = save_applicant (fixture, "li", "Si", NULL);
  g_autofree char *wang = save_applicant (fixture, "Wang", "Wu", "王五");

  cases->a = save (fixture, "case",
                   "{\"reference\": \"DOS-2026-AAAAAA\", \"applicant_id\": \"%s\", "
                   "\"destination\": \"FR\", \"visa_type\": \"business\", "
                   "\"internal_stage\": \"review\", \"urgency\": \"express\", "
                   "\"assignee\": \"bob\"}", zhang);
  cases->b = save (fixture, "case",
                   "{\"reference\": \"dos-2026-bbbbbb\", \"applicant_id\": \"%s\", "
                   "\"destination\": \"DE\", \"visa_type\": \"tourist\", "
                   "\"internal_stage\": \"intake\", \"assignee\": \"Alice\"}", li);
  cases->c = save (fixture, "case",
                   "{\"reference\": \"DOS-2026-CCCCCC\", \"applicant_id\": \"%s\", "
                   "\"destination\": \"CN\", \"visa_type\": \"student\", "
                   "\"internal_stage\": \"submitted\", \"urgency\": \"urgent\", "
                   "\"submitted_on\": \"2026-03-09\"}", wang);
}

static void
test_sort_orders (ReplicaFixture *fixture,
                  gconstpointer   data)
{
  g_auto(ThreeCases) cases = { 0 };
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  const char *order[] = { "FR", "CN", "DE", NULL };

  save_three_cases (fixture, &cases);

  filter->descending = FALSE;
  filter->sort = DOSSIER_CASE_SORT_REFERENCE;      /* case does not matter */
  assert_ids (fixture, filter, cases.a, cases.b, cases.c);
  filter->sort = DOSSIER_CASE_SORT_APPLICANT;      /* li, Wang, Zhang */
  assert_ids (fixture, filter, cases.b, cases.c, cases.a);
  filter->sort = DOSSIER_CASE_SORT_DESTINATION;    /* CN, DE, FR by code */
  assert_ids (fixture, filter, cases.c, cases.b, cases.a);
  filter->destination_order = g_strdupv ((char **) order);
  assert_ids (fixture, filter, cases.a, cases.c, cases.b);
  filter->sort = DOSSIER_CASE_SORT_VISA_TYPE;
  assert_ids (fixture, filter, cases.a, cases.c, cases.b);
  filter->sort = DOSSIER_CASE_SORT_STAGE;          /* intake, review, submitted */
  assert_ids (fixture, filter, cases.b, cases.a, cases.c);
  filter->sort = DOSSIER_CASE_SORT_URGENCY;        /* unset counts as normal */
  assert_ids (fixture, filter, cases.b, cases.c, cases.a);
  filter->sort = DOSSIER_CASE_SORT_ASSIGNEE;       /* nobody comes last */
  assert_ids (fixture, filter, cases.b, cases.a, cases.c);

  filter->descending = TRUE;
  filter->sort = DOSSIER_CASE_SORT_REFERENCE;
  assert_ids (fixture, filter, cases.c, cases.b, cases.a);
  filter->sort = DOSSIER_CASE_SORT_STAGE;
  assert_ids (fixture, filter, cases.c, cases.a, cases.b);
  filter->sort = DOSSIER_CASE_SORT_ASSIGNEE;       /* still last going down */
  assert_ids (fixture, filter, cases.a, cases.b, cases.c);
}

static void
test_sort_by_last_change (ReplicaFixture *fixture,
                          gconstpointer   data)
{
  g_auto(ThreeCases) cases = { 0 };
  g_autoptr(DossierCaseFilter) filter = filter_new ();

  save_three_cases (fixture, &cases);
  g_usleep (2000);
  g_free (save_applicant (fixture, "Other", "Person", NULL));
  g_usleep (2000);
  {
    g_autoptr(JsonObject) fields = json_object_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *id = NULL;

    json_object_set_string_member (fields, "notes", "Called back");
    id = dossier_replica_save_sync (fixture->replica, "case", cases.a, fields, NULL, &error);
    g_assert_no_error (error);
  }

  /* The default: the case changed last comes first. */
  assert_ids (fixture, filter, cases.a, cases.c, cases.b);
}

static void
test_filters (ReplicaFixture *fixture,
              gconstpointer   data)
{
  g_auto(ThreeCases) cases = { 0 };
  g_autoptr(DossierCaseFilter) filter = filter_new ();

  save_three_cases (fixture, &cases);
  filter->sort = DOSSIER_CASE_SORT_REFERENCE;
  filter->descending = FALSE;

  filter->stage = g_strdup ("intake");
  assert_ids (fixture, filter, cases.b);
  g_clear_pointer (&filter->stage, g_free);

  filter->destination = g_strdup ("FR");
  assert_ids (fixture, filter, cases.a);
  g_clear_pointer (&filter->destination, g_free);

  /* A case with no urgency set is a normal one. */
  filter->urgency = g_strdup ("normal");
  assert_ids (fixture, filter, cases.b);
  g_free (filter->urgency);
  filter->urgency = g_strdup ("urgent");
  assert_ids (fixture, filter, cases.c);

  /* Filters combine. */
  filter->destination = g_strdup ("FR");
  {
    g_autoptr(GArray) none = query_rowids (fixture, filter);
    g_assert_cmpuint (none->len, ==, 0);
  }
  g_clear_pointer (&filter->urgency, g_free);
  filter->stage = g_strdup ("review");
  assert_ids (fixture, filter, cases.a);
}

/* Flags ------------------------------------------------------------------------ */

static void
test_flag_passport_validity (ReplicaFixture *fixture,
                             gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autofree char *short_jp = NULL, *ok_jp = NULL, *short_de = NULL, *ok_de = NULL;
  g_autofree char *ok_business = NULL, *no_dates = NULL;
  g_autoptr(DossierCaseSummary) summary = NULL;

  g_free (save (fixture, "policy_note", "{\"country\": \"DE\", \"title\": \"Germany\", "
                "\"passport_validity_months\": 6}"));
  g_free (save (fixture, "policy_note", "{\"country\": \"DE\", \"visa_type\": \"business\", "
                "\"title\": \"Germany, business\", \"passport_validity_months\": 3}"));
  /* Not in effect yet: the default still applies to Japan. */
  g_free (save (fixture, "policy_note", "{\"country\": \"JP\", \"title\": \"Japan 2027\", "
                "\"passport_validity_months\": 12, \"effective_date\": \"2027-01-01\"}"));

  /* No note in effect: 3 months beyond the departure. */
  short_jp = save_trip (fixture, "JP", "tourist", "2020-01-01", "2026-09-14", "2026-06-01", "2026-06-15");
  ok_jp = save_trip (fixture, "JP", "tourist", "2020-01-01", "2026-09-15", "2026-06-01", "2026-06-15");
  /* The general note: 6 months, clamped to the end of February. */
  short_de = save_trip (fixture, "DE", "tourist", "2020-01-01", "2027-02-27", "2026-08-20", "2026-08-31");
  ok_de = save_trip (fixture, "DE", "tourist", "2020-01-01", "2027-02-28", "2026-08-20", "2026-08-31");
  /* The visa type's own note wins over the general one. */
  ok_business = save_trip (fixture, "DE", "business", "2020-01-01", "2026-11-30", "2026-08-20",
                           "2026-08-31");
  no_dates = save_trip (fixture, "DE", "tourist", "2020-01-01", "2026-04-01", NULL, NULL);

  summary = query_one (fixture, filter, short_jp);
  g_assert_cmpint (summary->flags, ==, DOSSIER_CASE_FLAG_PASSPORT_VALIDITY);
  g_assert_cmpstr (summary->passport_required_until, ==, "2026-09-15");
  g_assert_cmpstr (summary->departure_date, ==, "2026-06-15");
  g_assert_cmpstr (summary->passport_expiry_date, ==, "2026-09-14");
  g_assert_cmpuint (summary->validity_months, ==, 3);
  g_assert_cmpint (flags_of (fixture, filter, ok_jp), ==, 0);

  g_clear_pointer (&summary, dossier_case_summary_free);
  summary = query_one (fixture, filter, short_de);
  g_assert_cmpint (summary->flags, ==, DOSSIER_CASE_FLAG_PASSPORT_VALIDITY);
  g_assert_cmpstr (summary->passport_required_until, ==, "2027-02-28");
  g_assert_cmpuint (summary->validity_months, ==, 6);
  g_assert_cmpint (flags_of (fixture, filter, ok_de), ==, 0);
  g_assert_cmpint (flags_of (fixture, filter, ok_business), ==, 0);
  /* Without travel dates there is nothing to check against. */
  g_assert_cmpint (flags_of (fixture, filter, no_dates), ==, 0);
}

static void
test_flag_passport_issue_age (ReplicaFixture *fixture,
                              gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autofree char *exactly_ten = save_trip (fixture, "JP", "tourist", "2016-04-01", "2030-01-01",
                                            "2026-04-01", "2026-04-10");
  g_autofree char *one_day_more = save_trip (fixture, "JP", "tourist", "2016-04-01", "2030-01-01",
                                             "2026-04-02", "2026-04-10");
  g_autofree char *leap_ok = save_trip (fixture, "JP", "tourist", "2016-02-29", "2030-01-01",
                                        "2026-02-28", "2026-04-10");
  g_autofree char *leap_old = save_trip (fixture, "JP", "tourist", "2016-02-29", "2030-01-01",
                                         "2026-03-01", "2026-04-10");
  g_autofree char *only_end = save_trip (fixture, "JP", "tourist", "2016-04-01", "2030-01-01",
                                         NULL, "2026-04-02");
  /* No travel dates: too old today is too old for any trip to come. */
  g_autofree char *no_dates = save_trip (fixture, "JP", "tourist", "2016-03-09", "2030-01-01",
                                         NULL, NULL);
  g_autoptr(DossierCaseSummary) summary = NULL;

  g_assert_cmpint (flags_of (fixture, filter, exactly_ten), ==, 0);
  summary = query_one (fixture, filter, one_day_more);
  g_assert_cmpint (summary->flags, ==, DOSSIER_CASE_FLAG_PASSPORT_ISSUE_AGE);
  g_assert_cmpstr (summary->passport_issue_date, ==, "2016-04-01");
  g_assert_cmpstr (summary->entry_date, ==, "2026-04-02");
  g_assert_cmpint (flags_of (fixture, filter, leap_ok), ==, 0);
  g_assert_cmpint (flags_of (fixture, filter, leap_old), ==, DOSSIER_CASE_FLAG_PASSPORT_ISSUE_AGE);
  g_assert_cmpint (flags_of (fixture, filter, only_end), ==, DOSSIER_CASE_FLAG_PASSPORT_ISSUE_AGE);
  g_assert_cmpint (flags_of (fixture, filter, no_dates), ==, DOSSIER_CASE_FLAG_PASSPORT_ISSUE_AGE);
}

static char *
save_open_case (ReplicaFixture *fixture)
{
  return save (fixture, "case", "{\"internal_stage\": \"documents\"}");
}

static void
save_item (ReplicaFixture *fixture,
           const char     *case_id,
           const char     *requirement,
           const char     *state,
           const char     *due_date)
{
  g_free (save (fixture, "checklist_item",
                "{\"case_id\": \"%s\", \"kind\": \"bank_statement\", \"requirement\": \"%s\", "
                "\"state\": \"%s\", \"due_date\": \"%s\"}",
                case_id, requirement, state, due_date));
}

static void
test_flag_overdue_documents (ReplicaFixture *fixture,
                             gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autofree char *overdue = save_open_case (fixture);
  g_autofree char *rejected = save_open_case (fixture);
  g_autofree char *verified = save_open_case (fixture);
  g_autofree char *optional = save_open_case (fixture);
  g_autofree char *due_today = save_open_case (fixture);
  g_autoptr(DossierCaseSummary) summary = NULL;

  save_item (fixture, overdue, "required", "requested", "2026-03-09");
  save_item (fixture, overdue, "required", "received", "2026-03-01");
  save_item (fixture, overdue, "required", "verified", "2026-02-01");
  save_item (fixture, rejected, "required", "rejected", "2026-03-09");
  save_item (fixture, verified, "required", "verified", "2026-03-01");
  save_item (fixture, optional, "optional", "requested", "2026-03-01");
  save_item (fixture, due_today, "required", "requested", "2026-03-10");

  summary = query_one (fixture, filter, overdue);
  g_assert_cmpint (summary->flags, ==, DOSSIER_CASE_FLAG_OVERDUE_DOCUMENTS);
  g_assert_cmpuint (summary->overdue_items, ==, 2);
  g_assert_cmpstr (summary->next_due_date, ==, "2026-03-01");
  g_assert_cmpint (flags_of (fixture, filter, rejected), ==, DOSSIER_CASE_FLAG_OVERDUE_DOCUMENTS);
  g_assert_cmpint (flags_of (fixture, filter, verified), ==, 0);
  g_assert_cmpint (flags_of (fixture, filter, optional), ==, 0);
  g_assert_cmpint (flags_of (fixture, filter, due_today), ==, 0);
}

static char *
format_in (gint        hours,
           GTimeZone  *zone)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, hours);
  g_autoptr(GDateTime) there = g_date_time_to_timezone (later, zone);

  return g_date_time_format (there, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
save_appointment (ReplicaFixture *fixture,
                  const char     *case_id,
                  const char     *starts_at,
                  const char     *status)
{
  g_free (save (fixture, "appointment",
                "{\"case_id\": \"%s\", \"kind\": \"biometrics\", \"starts_at\": \"%s\", "
                "\"status\": \"%s\"}", case_id, starts_at, status));
}

static void
test_flag_appointment_soon (ReplicaFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) beijing = g_time_zone_new_offset (8 * 3600);
  g_autofree char *in_three_days = format_in (72, utc);
  g_autofree char *in_six_days_beijing = format_in (6 * 24, beijing);
  g_autofree char *in_eight_days = format_in (8 * 24, utc);
  g_autofree char *an_hour_ago = format_in (-1, utc);
  g_autofree char *soon = save_open_case (fixture);
  g_autofree char *soon_elsewhere = save_open_case (fixture);
  g_autofree char *later = save_open_case (fixture);
  g_autofree char *past = save_open_case (fixture);
  g_autofree char *cancelled = save_open_case (fixture);
  g_autoptr(DossierCaseSummary) summary = NULL;
  g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (in_six_days_beijing, NULL);
  g_autoptr(GDateTime) expected_utc = g_date_time_to_utc (expected);
  g_autofree char *expected_text = g_date_time_format (expected_utc, "%Y-%m-%dT%H:%M:%SZ");

  save_appointment (fixture, soon, in_three_days, "scheduled");
  save_appointment (fixture, soon_elsewhere, in_six_days_beijing, "scheduled");
  save_appointment (fixture, later, in_eight_days, "scheduled");
  save_appointment (fixture, past, an_hour_ago, "scheduled");
  save_appointment (fixture, cancelled, in_three_days, "cancelled");

  g_assert_cmpint (flags_of (fixture, filter, soon), ==, DOSSIER_CASE_FLAG_APPOINTMENT_SOON);
  summary = query_one (fixture, filter, soon_elsewhere);
  g_assert_cmpint (summary->flags, ==, DOSSIER_CASE_FLAG_APPOINTMENT_SOON);
  /* Stored with an offset, given back in UTC. */
  g_assert_cmpstr (summary->next_appointment, ==, expected_text);
  g_assert_cmpint (flags_of (fixture, filter, later), ==, 0);
  g_assert_cmpint (flags_of (fixture, filter, past), ==, 0);
  g_assert_cmpint (flags_of (fixture, filter, cancelled), ==, 0);

  /* The window follows the filter. */
  filter->appointment_days = 9;
  g_assert_cmpint (flags_of (fixture, filter, later), ==, DOSSIER_CASE_FLAG_APPOINTMENT_SOON);
}

static void
test_flag_decision_overdue (ReplicaFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autofree char *fifteen_days = save (fixture, "case", "{\"internal_stage\": \"submitted\", "
                                        "\"submitted_on\": \"2026-02-23\"}");
  g_autofree char *fourteen_days = save (fixture, "case", "{\"internal_stage\": \"submitted\", "
                                         "\"submitted_on\": \"2026-02-24\"}");
  g_autofree char *stage_date = save (fixture, "case", "{\"internal_stage\": \"submitted\", "
                                      "\"stage_since\": \"2026-01-05\"}");
  g_autofree char *decided = save (fixture, "case", "{\"internal_stage\": \"decided\", "
                                   "\"submitted_on\": \"2026-01-05\", \"decision\": \"approved\"}");
  g_autoptr(DossierCaseSummary) summary = NULL;

  summary = query_one (fixture, filter, fifteen_days);
  g_assert_cmpint (summary->flags, ==, DOSSIER_CASE_FLAG_DECISION_OVERDUE);
  g_assert_cmpstr (summary->pending_since, ==, "2026-02-23");
  g_assert_cmpint (flags_of (fixture, filter, fourteen_days), ==, 0);
  g_assert_cmpint (flags_of (fixture, filter, stage_date), ==, DOSSIER_CASE_FLAG_DECISION_OVERDUE);
  g_assert_cmpint (flags_of (fixture, filter, decided), ==, 0);

  filter->escalation_days = 30;
  g_assert_cmpint (flags_of (fixture, filter, fifteen_days), ==, 0);
}

/* A row is marked while the case, its applicant or a member of its sets has
 * changes in the outbox, and no longer once the server acknowledged them. */
static void
test_unsent_marker (ReplicaFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autofree char *id = save (fixture, "case", "{\"reference\": \"DOS-2026-00042\"}");
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(DossierCaseSummary) before = NULL;
  g_autoptr(DossierCaseSummary) acked = NULL;
  g_autoptr(DossierCaseSummary) item_added = NULL;
  g_autofree char *item = NULL;
  g_autoptr(GError) error = NULL;

  before = query_one (fixture, filter, id);
  g_assert_true (before->unsent);

  outbox = dossier_replica_list_outbox_sync (fixture->replica, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < outbox->len; i++)
    g_ptr_array_add (ids, ((DossierChange *) outbox->pdata[i])->change_id);
  g_ptr_array_add (ids, NULL);
  g_assert_true (dossier_replica_ack_outbox_sync (fixture->replica, (const char *const *) ids->pdata,
                                                  NULL, &error));
  acked = query_one (fixture, filter, id);
  g_assert_false (acked->unsent);

  item = save (fixture, "checklist_item", "{\"case_id\": \"%s\", \"kind\": \"bank_statement\"}", id);
  item_added = query_one (fixture, filter, id);
  g_assert_true (item_added->unsent);
}

static void
test_closed_cases_have_no_flags (ReplicaFixture *fixture,
                                 gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autofree char *applicant = save (fixture, "applicant",
                                     "{\"passport_issue_date\": \"2010-01-01\", "
                                     "\"passport_expiry_date\": \"2026-04-01\"}");
  g_autofree char *closed = save (fixture, "case", "{\"applicant_id\": \"%s\", "
                                  "\"internal_stage\": \"closed\", \"travel_from\": \"2026-03-20\", "
                                  "\"travel_to\": \"2026-03-30\"}", applicant);
  g_autofree char *open = save (fixture, "case", "{\"applicant_id\": \"%s\", "
                                "\"internal_stage\": \"ready\", \"travel_from\": \"2026-03-20\", "
                                "\"travel_to\": \"2026-03-30\"}", applicant);
  g_autoptr(DossierCaseSummary) summary = NULL;

  save_item (fixture, closed, "required", "requested", "2026-03-01");
  summary = query_one (fixture, filter, closed);
  g_assert_cmpint (summary->flags, ==, 0);
  g_assert_null (summary->next_due_date);
  g_assert_cmpint (flags_of (fixture, filter, open), ==,
                   DOSSIER_CASE_FLAG_PASSPORT_VALIDITY | DOSSIER_CASE_FLAG_PASSPORT_ISSUE_AGE);
}

/* Forty cases; twenty have one flag each, of four kinds. */
static void
save_mixed_cases (ReplicaFixture *fixture)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *in_a_day = format_in (24, utc);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = NULL;

      switch (i % 5)
        {
        case 0:
          id = save_trip (fixture, "JP", "tourist", "2020-01-01", "2026-05-01", "2026-04-01",
                          i % 2 ? "2026-04-10" : NULL);
          break;
        case 1:
          id = save_open_case (fixture);
          save_item (fixture, id, "required", i % 2 ? "requested" : "verified", "2026-03-01");
          break;
        case 2:
          id = save_open_case (fixture);
          save_appointment (fixture, id, in_a_day, i % 2 ? "scheduled" : "attended");
          break;
        case 3:
          id = save (fixture, "case", "{\"internal_stage\": \"submitted\", \"submitted_on\": \"%s\"}",
                     i % 2 ? "2026-01-01" : "2026-03-05");
          break;
        default:
          id = save (fixture, "case", "{\"internal_stage\": \"intake\"}");
          break;
        }
    }
}

/* "Needs attention" keeps exactly the cases that show a flag. */
static void
test_needs_attention (ReplicaFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) attention = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint flagged = 0, kinds_seen = 0;

  save_mixed_cases (fixture);
  filter->sort = DOSSIER_CASE_SORT_REFERENCE;
  all = query_rowids (fixture, filter);
  g_assert_cmpuint (all->len, ==, 40);
  rows = query_rows (fixture, filter, all);
  filter->needs_attention = TRUE;
  attention = query_rowids (fixture, filter);

  for (guint i = 0, j = 0; i < rows->len; i++)
    {
      DossierCaseSummary *row = rows->pdata[i];
      if (row->flags == 0)
        continue;
      flagged++;
      kinds_seen |= row->flags;
      /* Same order as the unfiltered list, minus the unflagged ones. */
      g_assert_cmpuint (j, <, attention->len);
      g_assert_cmpint (g_array_index (attention, gint64, j), ==, row->rowid);
      j++;
    }
  g_assert_cmpuint (attention->len, ==, flagged);
  g_assert_cmpuint (flagged, ==, 20);
  g_assert_cmpuint (kinds_seen, ==, DOSSIER_CASE_FLAG_PASSPORT_VALIDITY
                                    | DOSSIER_CASE_FLAG_OVERDUE_DOCUMENTS
                                    | DOSSIER_CASE_FLAG_APPOINTMENT_SOON
                                    | DOSSIER_CASE_FLAG_DECISION_OVERDUE);
}

/* Sorting by flags puts the flagged cases first when going down. */
static void
test_sort_by_flags (ReplicaFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autoptr(GArray) all = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  save_mixed_cases (fixture);
  filter->sort = DOSSIER_CASE_SORT_FLAGS;
  filter->descending = TRUE;
  all = query_rowids (fixture, filter);
  rows = query_rows (fixture, filter, all);
  g_assert_cmpuint (rows->len, ==, 40);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpint (((DossierCaseSummary *) rows->pdata[i - 1])->flags, >=,
                     ((DossierCaseSummary *) rows->pdata[i])->flags);
  g_assert_cmpint (((DossierCaseSummary *) rows->pdata[19])->flags, !=, 0);
  g_assert_cmpint (((DossierCaseSummary *) rows->pdata[20])->flags, ==, 0);
}

static void
test_next_deadline (ReplicaFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autofree char *appointment_first = save_open_case (fixture);
  g_autofree char *document_first = save_open_case (fixture);
  g_autofree char *nothing = save_open_case (fixture);
  g_autofree char *decided = save (fixture, "case", "{\"internal_stage\": \"decided\", "
                                   "\"decision\": \"approved\"}");
  g_autoptr(DossierCaseSummary) summary = NULL;
  gboolean is_appointment;

  save_item (fixture, appointment_first, "required", "requested", "2026-03-20");
  save_appointment (fixture, appointment_first, "2026-03-15T01:30:00Z", "scheduled");
  save_appointment (fixture, appointment_first, "2026-03-01T01:30:00Z", "scheduled");  /* past */
  save_item (fixture, document_first, "required", "received", "2026-03-12");
  save_item (fixture, document_first, "optional", "requested", "2026-03-11");
  save_appointment (fixture, document_first, "2026-03-15T01:30:00Z", "scheduled");
  save_item (fixture, decided, "required", "requested", "2026-03-11");

  summary = query_one (fixture, filter, appointment_first);
  g_assert_cmpstr (dossier_case_summary_get_deadline (summary, &is_appointment), ==,
                   "2026-03-15T01:30:00Z");
  g_assert_true (is_appointment);
  g_clear_pointer (&summary, dossier_case_summary_free);
  summary = query_one (fixture, filter, document_first);
  g_assert_cmpstr (dossier_case_summary_get_deadline (summary, &is_appointment), ==, "2026-03-12");
  g_assert_false (is_appointment);
  g_clear_pointer (&summary, dossier_case_summary_free);
  summary = query_one (fixture, filter, decided);
  g_assert_null (dossier_case_summary_get_deadline (summary, NULL));

  /* Cases without a deadline come last both ways. */
  filter->sort = DOSSIER_CASE_SORT_NEXT_DEADLINE;
  filter->descending = FALSE;
  assert_ids (fixture, filter, document_first, appointment_first, nothing, decided);
  filter->descending = TRUE;
  assert_ids (fixture, filter, appointment_first, document_first, nothing, decided);
}

/* Search ----------------------------------------------------------------------- */

static void
test_search (ReplicaFixture *fixture,
             gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autofree char *wang = save_applicant (fixture, "Wang", "Xiaoming", "王小明");
  g_autofree char *zhang = save_applicant (fixture, "Zhang", "Wei", "张伟");
  g_autofree char *wang_1 = save (fixture, "case", "{\"reference\": \"DOS-2026-1WANG1\", "
                                  "\"applicant_id\": \"%s\", \"internal_stage\": \"intake\"}", wang);
  g_autofree char *wang_2 = save (fixture, "case", "{\"reference\": \"DOS-2026-2WANG2\", "
                                  "\"applicant_id\": \"%s\", \"internal_stage\": \"closed\"}", wang);
  g_autofree char *zhang_1 = save (fixture, "case", "{\"reference\": \"DOS-2026-7K3QXM\", "
                                   "\"applicant_id\": \"%s\", \"internal_stage\": \"intake\", "
                                   "\"notes\": \"Invitation letter from the Hamburg fair\"}", zhang);
  g_autoptr(DossierCaseSummary) summary = NULL;

  g_free (save (fixture, "policy_note", "{\"country\": \"CN\", \"title\": \"Wang policy\", "
                "\"body\": \"王小明 Hamburg\"}"));
  filter->sort = DOSSIER_CASE_SORT_REFERENCE;
  filter->descending = FALSE;

  /* A hit on the applicant finds every case of the applicant; the policy
   * note that also matches is not a case. */
  filter->text = g_strdup ("wan");
  assert_ids (fixture, filter, wang_1, wang_2);
  g_free (filter->text);
  filter->text = g_strdup ("王小明");
  assert_ids (fixture, filter, wang_1, wang_2);
  g_free (filter->text);
  filter->text = g_strdup ("小明");
  assert_ids (fixture, filter, wang_1, wang_2);

  /* A hit on the case: its reference, its notes. */
  g_free (filter->text);
  filter->text = g_strdup ("DOS-2026-7K3QXM");
  assert_ids (fixture, filter, zhang_1);
  g_free (filter->text);
  filter->text = g_strdup ("hamb");
  assert_ids (fixture, filter, zhang_1);

  /* Newest first, as the search box asks, is read from the indexes alone:
   * in the same order as the list without a search, less what it does not
   * find, both ways. */
  filter->sort = DOSSIER_CASE_SORT_UPDATED;
  for (guint descending = 0; descending < 2; descending++)
    {
      g_autofree char *all = NULL;
      g_auto(GStrv) order = NULL;
      g_autoptr(GString) want = g_string_new (NULL);

      filter->descending = descending;
      g_clear_pointer (&filter->text, g_free);
      all = query_ids (fixture, filter);
      order = g_strsplit (all, " ", -1);
      g_assert_cmpuint (g_strv_length (order), ==, 3);
      for (guint i = 0; order[i] != NULL; i++)
        if (!g_str_equal (order[i], zhang_1))
          g_string_append_printf (want, "%s%s", want->len > 0 ? " " : "", order[i]);
      filter->text = g_strdup ("wan");
      {
        g_autofree char *got = query_ids (fixture, filter);
        g_assert_cmpstr (got, ==, want->str);
      }
      g_free (filter->text);
      filter->text = g_strdup ("hamb");
      assert_ids (fixture, filter, zhang_1);
    }
  g_free (filter->text);
  filter->text = g_strdup ("DOS-2026-1WANG1");
  assert_ids (fixture, filter, wang_1);
  filter->sort = DOSSIER_CASE_SORT_REFERENCE;
  filter->descending = FALSE;

  /* Search combines with the filters. */
  g_free (filter->text);
  filter->text = g_strdup ("Wang");
  filter->stage = g_strdup ("closed");
  assert_ids (fixture, filter, wang_2);
  g_clear_pointer (&filter->stage, g_free);

  g_free (filter->text);
  filter->text = g_strdup ("nobody");
  {
    g_autoptr(GArray) none = query_rowids (fixture, filter);
    g_assert_cmpuint (none->len, ==, 0);
  }
  /* Nothing searchable typed: no search at all. */
  g_free (filter->text);
  filter->text = g_strdup (" -- ");
  assert_ids (fixture, filter, wang_1, wang_2, zhang_1);

  summary = query_one (fixture, filter, wang_1);
  g_assert_cmpstr (summary->family_name, ==, "Wang");
  g_assert_cmpstr (summary->given_names, ==, "Xiaoming");
  g_assert_cmpstr (summary->native_name, ==, "王小明");
  g_assert_cmpstr (summary->applicant_id, ==, wang);
  g_assert_cmpstr (summary->reference, ==, "DOS-2026-1WANG1");
}

/* Pages and lookups --------------------------------------------------------------- */

static void
test_rows_by_page (ReplicaFixture *fixture,
                   gconstpointer   data)
{
  g_autoptr(DossierCaseFilter) filter = filter_new ();
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 picked[3];

  for (guint i = 0; i < 250; i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *reference = g_strdup_printf ("DOS-2026-%06u", (i * 7919) % 1000);

      json_object_set_string_member (fields, "reference", reference);
      g_ptr_array_add (edits, dossier_edit_new ("case", NULL, fields));
    }
  ids = dossier_replica_save_many_sync (fixture->replica, edits, NULL, &error);
  g_assert_no_error (error);

  filter->sort = DOSSIER_CASE_SORT_REFERENCE;
  filter->descending = FALSE;
  rowids = query_rowids (fixture, filter);
  g_assert_cmpuint (rowids->len, ==, 250);

  /* One page from the middle comes back in list order. */
  page = dossier_case_query_rows_sync (fixture->replica, filter,
                                       &g_array_index (rowids, gint64, 100), 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 100);
  for (guint i = 1; i < page->len; i++)
    g_assert_cmpstr (((DossierCaseSummary *) page->pdata[i - 1])->reference, <,
                     ((DossierCaseSummary *) page->pdata[i])->reference);
  for (guint i = 0; i < page->len; i++)
    g_assert_cmpint (((DossierCaseSummary *) page->pdata[i])->rowid, ==,
                     g_array_index (rowids, gint64, 100 + i));

  /* Any order is kept; a deleted case is left out. */
  picked[0] = g_array_index (rowids, gint64, 200);
  picked[1] = g_array_index (rowids, gint64, 3);
  picked[2] = g_array_index (rowids, gint64, 150);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = dossier_case_query_rows_sync (fixture->replica, filter, picked, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  g_assert_cmpint (((DossierCaseSummary *) page->pdata[0])->rowid, ==, picked[0]);
  g_assert_cmpint (((DossierCaseSummary *) page->pdata[1])->rowid, ==, picked[1]);
  dossier_replica_delete_sync (fixture->replica, "case",
                               ((DossierCaseSummary *) page->pdata[1])->case_id, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = dossier_case_query_rows_sync (fixture->replica, filter, picked, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpint (((DossierCaseSummary *) page->pdata[1])->rowid, ==, picked[2]);
  g_clear_pointer (&rowids, g_array_unref);
  rowids = query_rowids (fixture, filter);
  g_assert_cmpuint (rowids->len, ==, 249);

  /* An empty page is no error. */
  g_clear_pointer (&page, g_ptr_array_unref);
  page = dossier_case_query_rows_sync (fixture->replica, filter, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 0);
}

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError *error = NULL;
  gint64 *out = user_data;

  *out = dossier_case_query_lookup_rowid_finish (DOSSIER_REPLICA (source), result, &error);
  g_assert_no_error (error);
  if (*out == 0)
    *out = -1;
}

static void
test_lookup_unknown_case (ReplicaFixture *fixture,
                          gconstpointer   data)
{
  g_autofree char *unknown = g_uuid_string_random ();
  gint64 rowid = 0;

  dossier_case_query_lookup_rowid_async (fixture->replica, unknown, NULL, lookup_done_cb, &rowid);
  while (rowid == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (rowid, ==, -1);
}

static void
test_destinations (ReplicaFixture *fixture,
                   gconstpointer   data)
{
  g_auto(ThreeCases) cases = { 0 };
  g_auto(GStrv) codes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  save_three_cases (fixture, &cases);
  g_free (save (fixture, "case", "{\"destination\": \"FR\"}"));
  g_free (save_open_case (fixture));
  dossier_case_query_destinations_async (fixture->replica, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  codes = dossier_case_query_destinations_finish (fixture->replica, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (codes, ((const char *[]) { "CN", "DE", "FR", NULL }));
}

static void
test_cancelled_query (ReplicaFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rowids = NULL;

  g_free (save_open_case (fixture));
  g_cancellable_cancel (cancellable);
  rowids = dossier_case_query_rowids_sync (fixture->replica, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (rowids);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, ReplicaFixture, NULL, replica_fixture_set_up, func, replica_fixture_tear_down)
  ADD ("/sync/case-query/sort/columns", test_sort_orders);
  ADD ("/sync/case-query/sort/last-change", test_sort_by_last_change);
  ADD ("/sync/case-query/filters", test_filters);
  ADD ("/sync/case-query/flag/passport-validity", test_flag_passport_validity);
  ADD ("/sync/case-query/flag/passport-issue-age", test_flag_passport_issue_age);
  ADD ("/sync/case-query/flag/overdue-documents", test_flag_overdue_documents);
  ADD ("/sync/case-query/flag/appointment-soon", test_flag_appointment_soon);
  ADD ("/sync/case-query/flag/decision-overdue", test_flag_decision_overdue);
  ADD ("/sync/case-query/flag/closed-cases", test_closed_cases_have_no_flags);
  ADD ("/sync/case-query/needs-attention", test_needs_attention);
  ADD ("/sync/case-query/sort/flags", test_sort_by_flags);
  ADD ("/sync/case-query/next-deadline", test_next_deadline);
  ADD ("/sync/case-query/search", test_search);
  ADD ("/sync/case-query/rows-by-page", test_rows_by_page);
  ADD ("/sync/case-query/lookup-unknown", test_lookup_unknown_case);
  ADD ("/sync/case-query/destinations", test_destinations);
  ADD ("/sync/case-query/cancelled", test_cancelled_query);
  ADD ("/sync/case-query/unsent-marker", test_unsent_marker);
#undef ADD

  return g_test_run ();
}
