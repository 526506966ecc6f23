/* test-sync-format.c: the sync status in words, the old-sync warning rule,
 * server addresses, the order of conflicts and record titles. */
#include "dossier-hlc.h"
#include "dossier-sync-format.h"

static GDateTime *
make_time (const char *zone,
           gint        year,
           gint        month,
           gint        day,
           gint        hour,
           gint        minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);

  g_assert_nonnull (tz);
  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

static void
assert_last_success (GDateTime  *then,
                     GDateTime  *now,
                     const char *expected)
{
  g_autofree char *text = dossier_sync_format_last_success (g_date_time_to_unix (then), now);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_last_success (void)
{
  /* Wednesday 15 May 2024, 09:00 in Shanghai. */
  g_autoptr(GDateTime) now = make_time ("+08:00", 2024, 5, 15, 9, 0);
  g_autoptr(GDateTime) early = make_time ("Z", 2024, 5, 14, 23, 30);
  g_autoptr(GDateTime) yesterday = make_time ("+08:00", 2024, 5, 14, 18, 5);
  g_autoptr(GDateTime) may = make_time ("+08:00", 2024, 5, 3, 10, 0);
  g_autoptr(GDateTime) last_year = make_time ("+08:00", 2023, 12, 30, 10, 0);
  g_autoptr(GDateTime) ahead = make_time ("+08:00", 2024, 5, 16, 10, 0);
  g_autofree char *never = dossier_sync_format_last_success (0, now);

  /* 23:30 UTC the evening before is already 07:30 today in Shanghai. */
  assert_last_success (early, now, "Synced at 07:30");
  assert_last_success (yesterday, now, "Synced yesterday at 18:05");
  assert_last_success (may, now, "Synced on 3 May");
  assert_last_success (last_year, now, "Synced on 30 December 2023");
  /* A clock set back: the future moment keeps its date. */
  assert_last_success (ahead, now, "Synced on 16 May 2024");
  g_assert_cmpstr (never, ==, "Never synced");
}

static void
test_warning_rule (void)
{
  g_autoptr(GDateTime) now = make_time ("+08:00", 2024, 5, 15, 9, 0);
  gint64 now_s = g_date_time_to_unix (now);
  g_autofree char *one = dossier_sync_format_warning (1);
  g_autofree char *four = dossier_sync_format_warning (4);

  g_assert_cmpuint (dossier_sync_days_without_success (now_s - 3 * 86400 + 60, now), ==, 2);
  g_assert_cmpuint (dossier_sync_days_without_success (now_s - 3 * 86400, now), ==, 3);
  g_assert_cmpuint (dossier_sync_days_without_success (now_s + 86400, now), ==, 0);
  g_assert_cmpuint (dossier_sync_days_without_success (0, now), ==, 0);

  g_assert_false (dossier_sync_should_warn (now_s - 3 * 86400 + 60, now, 3));
  g_assert_true (dossier_sync_should_warn (now_s - 3 * 86400, now, 3));
  g_assert_true (dossier_sync_should_warn (now_s - 40 * 86400, now, 30));
  /* Never synced: the status says so; there is nothing to be behind on. */
  g_assert_false (dossier_sync_should_warn (0, now, 1));
  /* A setting of 0 would warn at every start: it counts as one day. */
  g_assert_false (dossier_sync_should_warn (now_s - 3600, now, 0));

  g_assert_cmpstr (one, ==, "No successful sync for 1 day");
  g_assert_cmpstr (four, ==, "No successful sync for 4 days");
}

static void
test_counts (void)
{
  g_autofree char *none = dossier_sync_format_pending (0);
  g_autofree char *one = dossier_sync_format_pending (1);
  g_autofree char *many = dossier_sync_format_pending (3);
  g_autofree char *no_conflicts = dossier_sync_format_conflicts (0);
  g_autofree char *conflict = dossier_sync_format_conflicts (1);
  g_autofree char *conflicts = dossier_sync_format_conflicts (12);
  g_autofree char *grouped = dossier_sync_format_pending (23517);
  g_autofree char *million = dossier_format_count (1234567);
  g_autofree char *small = dossier_format_count (999);

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (one, ==, "1 change not yet sent");
  g_assert_cmpstr (many, ==, "3 changes not yet sent");
  g_assert_cmpstr (no_conflicts, ==, "No conflicts");
  g_assert_cmpstr (conflict, ==, "1 conflict to resolve");
  g_assert_cmpstr (conflicts, ==, "12 conflicts to resolve");
  /* The tests run in the C locale, which groups nothing: a comma then. */
  g_assert_cmpstr (grouped, ==, "23,517 changes not yet sent");
  g_assert_cmpstr (million, ==, "1,234,567");
  g_assert_cmpstr (small, ==, "999");
}

static void
test_hlc_time (void)
{
  g_autoptr(GDateTime) now = make_time ("+08:00", 2024, 5, 15, 9, 0);
  g_autoptr(GDateTime) written = make_time ("+08:00", 2024, 5, 15, 8, 41);
  DossierHlc hlc = DOSSIER_HLC_MAKE (g_date_time_to_unix (written) * 1000 + 999, 7);
  g_autofree char *text = dossier_hlc_to_string (hlc);
  g_autofree char *shown = dossier_sync_format_hlc_time (text, now);
  g_autofree char *bad = dossier_sync_format_hlc_time ("not a clock", now);

  g_assert_cmpstr (shown, ==, "Today, 08:41");
  g_assert_null (bad);
  g_assert_null (dossier_sync_format_hlc_time (NULL, now));
}

static void
assert_address (const char *typed,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = dossier_sync_normalize_server_address (typed, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (address, ==, expected);
}

static void
assert_bad_address (const char *typed,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = dossier_sync_normalize_server_address (typed, &error);

  g_assert_null (address);
  g_assert_error (error, DOSSIER_SERVER_ADDRESS_ERROR, code);
}

static void
test_server_address (void)
{
  assert_address ("https://sync.example.org", "https://sync.example.org");
  assert_address ("  HTTPS://sync.example.org/ ", "https://sync.example.org");
  assert_address ("http://127.0.0.1:8080", "http://127.0.0.1:8080");
  assert_address ("sync.example.org", "https://sync.example.org");
  assert_address ("sync.example.org:8443/dossier/", "https://sync.example.org:8443/dossier");
  assert_address ("localhost:8080", "http://localhost:8080");
  assert_address ("127.0.0.1:9000", "http://127.0.0.1:9000");
  assert_address ("[::1]:9000", "http://[::1]:9000");

  assert_bad_address ("", DOSSIER_SERVER_ADDRESS_ERROR_EMPTY);
  assert_bad_address ("   ", DOSSIER_SERVER_ADDRESS_ERROR_EMPTY);
  assert_bad_address ("ftp://files.example.org", DOSSIER_SERVER_ADDRESS_ERROR_SCHEME);
  assert_bad_address ("https://", DOSSIER_SERVER_ADDRESS_ERROR_INVALID);
  assert_bad_address ("https://user@sync.example.org", DOSSIER_SERVER_ADDRESS_ERROR_INVALID);
  assert_bad_address ("https://sync.example.org/?x=1", DOSSIER_SERVER_ADDRESS_ERROR_INVALID);
  assert_bad_address ("sync example org", DOSSIER_SERVER_ADDRESS_ERROR_INVALID);
}

static JsonObject *
conflict (const char *record,
          const char *field,
          const char *detected_at,
          gboolean    critical)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "record_id", record);
  json_object_set_string_member (object, "field", field);
  json_object_set_string_member (object, "detected_at", detected_at);
  json_object_set_boolean_member (object, "critical", critical);
  return object;
}

static void
test_conflict_order (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_ptr_array_add (list, conflict ("b", "purpose", "2024-05-01T10:00:00Z", FALSE));
  g_ptr_array_add (list, conflict ("a", "decision", "2024-05-03T10:00:00Z", TRUE));
  g_ptr_array_add (list, conflict ("a", "notes", "2024-05-01T10:00:00Z", FALSE));
  g_ptr_array_add (list, conflict ("c", "passport_number", "2024-05-02T10:00:00Z", TRUE));
  dossier_conflicts_sort (list);

  /* Critical first, each group oldest first, ties by record then field. */
  g_assert_cmpstr (json_object_get_string_member (list->pdata[0], "field"), ==, "passport_number");
  g_assert_cmpstr (json_object_get_string_member (list->pdata[1], "field"), ==, "decision");
  g_assert_cmpstr (json_object_get_string_member (list->pdata[2], "field"), ==, "notes");
  g_assert_cmpstr (json_object_get_string_member (list->pdata[3], "field"), ==, "purpose");
}

static void
assert_title (const char *kind,
              const char *context_json,
              const char *expected)
{
  g_autoptr(JsonNode) node = context_json ? json_from_string (context_json, NULL) : NULL;
  g_autofree char *title = dossier_record_title (kind, node ? json_node_get_object (node) : NULL);

  g_assert_cmpstr (title, ==, expected);
}

static void
test_record_title (void)
{
  assert_title ("case", "{\"reference\": \"DOS-2026-00042\", \"family_name\": \"Wang\", "
                "\"given_names\": \"Fang\", \"native_name\": \"王芳\"}",
                "DOS-2026-00042 · WANG Fang 王芳");
  assert_title ("applicant", "{\"family_name\": \"Li\", \"given_names\": null, \"reference\": null}",
                "LI");
  assert_title ("checklist_item", "{\"reference\": \"DOS-2026-00007\", \"family_name\": \"\"}",
                "DOS-2026-00007");
  assert_title ("policy_note", "{\"title\": \"Japan: tourist visas\"}", "Japan: tourist visas");
  assert_title ("shipment", "{}", "Shipment");
  assert_title ("case", NULL, "Case");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/domain/sync-format/last-success", test_last_success);
  g_test_add_func ("/domain/sync-format/warning-rule", test_warning_rule);
  g_test_add_func ("/domain/sync-format/counts", test_counts);
  g_test_add_func ("/domain/sync-format/hlc-time", test_hlc_time);
  g_test_add_func ("/domain/sync-format/server-address", test_server_address);
  g_test_add_func ("/domain/sync-format/conflict-order", test_conflict_order);
  g_test_add_func ("/domain/sync-format/record-title", test_record_title);
  return g_test_run ();
}
