/* test-activity.c: activity log entries: kinds, building and order. */
#include "dossier-activity.h"

#define CASE_ID "0b6f3c5e-5d0e-4c43-9a3e-2f1f7d1c9a10"

static GDateTime *
make_time (const char *zone,
           gint        hour)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);

  return g_date_time_new (tz, 2024, 5, 15, hour, 0, 0);
}

static void
test_kinds (void)
{
  static const char * const expected[] = { "call", "complaint", "follow_up", "visit", "note" };
  guint n_kinds;
  const DossierActivityKind *kinds = dossier_activity_kinds_get_all (&n_kinds);

  g_assert_cmpuint (n_kinds, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n_kinds; i++)
    {
      g_assert_cmpstr (kinds[i].kind, ==, expected[i]);
      g_assert_true (dossier_activity_kind_lookup (expected[i]) == &kinds[i]);
      g_assert_nonnull (kinds[i].icon_name);
    }
  g_assert_cmpstr (dossier_activity_kind_get_label (dossier_activity_kind_lookup ("follow_up")),
                   ==, "Follow-up");
  g_assert_null (dossier_activity_kind_lookup ("email"));
  g_assert_null (dossier_activity_kind_lookup (NULL));
}

static void
test_entry_new (void)
{
  g_autoptr(GDateTime) when = make_time ("+08:00", 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entry = NULL;

  entry = dossier_activity_entry_new (CASE_ID, "call", "  Li Na ",
                                      "\n  Client called about the bank statement.  \n", when,
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  g_assert_cmpstr (json_object_get_string_member (entry, "case_id"), ==, CASE_ID);
  g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "call");
  g_assert_cmpstr (json_object_get_string_member (entry, "author"), ==, "Li Na");
  g_assert_cmpstr (json_object_get_string_member (entry, "body"), ==,
                   "Client called about the bank statement.");
  g_assert_cmpstr (json_object_get_string_member (entry, "occurred_at"), ==,
                   "2024-05-15T02:00:00Z");
  g_assert_false (json_object_has_member (entry, "id"));
}

static void
assert_refused (const char *case_id,
                const char *kind,
                const char *author,
                const char *body,
                gint        code)
{
  g_autoptr(GDateTime) when = make_time ("UTC", 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entry = dossier_activity_entry_new (case_id, kind, author, body, when,
                                                            &error);

  g_assert_null (entry);
  g_assert_error (error, DOSSIER_ACTIVITY_ERROR, code);
}

static void
test_entry_refused (void)
{
  assert_refused (CASE_ID, "call", "Li Na", "  \n\t ", DOSSIER_ACTIVITY_ERROR_EMPTY_BODY);
  assert_refused (CASE_ID, "call", "Li Na", NULL, DOSSIER_ACTIVITY_ERROR_EMPTY_BODY);
  assert_refused (CASE_ID, "email", "Li Na", "Sent", DOSSIER_ACTIVITY_ERROR_UNKNOWN_KIND);
  assert_refused (CASE_ID, NULL, "Li Na", "Sent", DOSSIER_ACTIVITY_ERROR_UNKNOWN_KIND);
  assert_refused (CASE_ID, "note", "   ", "Sent", DOSSIER_ACTIVITY_ERROR_NO_AUTHOR);
  assert_refused (NULL, "note", "Li Na", "Sent", DOSSIER_ACTIVITY_ERROR_NO_CASE);
  assert_refused ("case-1", "note", "Li Na", "Sent", DOSSIER_ACTIVITY_ERROR_NO_CASE);
}

static JsonObject *
make_entry (const char *id,
            const char *occurred_at)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "id", id);
  if (occurred_at != NULL)
    json_object_set_string_member (entry, "occurred_at", occurred_at);
  else
    json_object_set_null_member (entry, "occurred_at");
  return entry;
}

static void
test_sort (void)
{
  static const char * const expected[] = { "c", "a", "e", "b", "d" };
  g_autoptr(GPtrArray) entries = NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  /* As text "2024-05-15T09:00:00+08:00" sorts after "2024-05-15T02:30:00Z",
   * yet it is an hour and a half earlier. */
  g_ptr_array_add (entries, make_entry ("a", "2024-05-15T09:00:00+08:00"));
  g_ptr_array_add (entries, make_entry ("d", NULL));
  g_ptr_array_add (entries, make_entry ("b", "2024-05-15T00:30:00Z"));
  g_ptr_array_add (entries, make_entry ("c", "2024-05-15T02:30:00Z"));
  /* Same moment as "a", written in another zone: the id decides. */
  g_ptr_array_add (entries, make_entry ("e", "2024-05-14T20:00:00-05:00"));

  dossier_activity_entries_sort (entries);

  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (entries, i), "id"), ==,
                     expected[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain/activity/kinds", test_kinds);
  g_test_add_func ("/domain/activity/entry-new", test_entry_new);
  g_test_add_func ("/domain/activity/entry-refused", test_entry_refused);
  g_test_add_func ("/domain/activity/sort", test_sort);

  return g_test_run ();
}
