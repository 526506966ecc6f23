/* test-timestamp.c: stored timestamps and their readable local form. */
#include "dossier-timestamp.h"

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
test_format_utc (void)
{
  g_autoptr(GDateTime) shanghai = make_time ("+08:00", 2024, 1, 1, 3, 30);
  g_autofree char *text = dossier_timestamp_format_utc (shanghai);

  /* 03:30 in Shanghai is the evening before in UTC. */
  g_assert_cmpstr (text, ==, "2023-12-31T19:30:00Z");
}

static void
test_parse (void)
{
  g_autoptr(GDateTime) with_zone = dossier_timestamp_parse ("2024-05-03T10:00:00+02:00");
  g_autoptr(GDateTime) utc = dossier_timestamp_parse ("2024-05-03T08:00:00Z");

  g_assert_nonnull (with_zone);
  g_assert_nonnull (utc);
  g_assert_true (g_date_time_equal (with_zone, utc));
  g_assert_null (dossier_timestamp_parse ("2024-05-03T10:00:00"));
  g_assert_null (dossier_timestamp_parse ("2024-05-03"));
  g_assert_null (dossier_timestamp_parse (""));
  g_assert_null (dossier_timestamp_parse (NULL));
}

static void
assert_readable (const char *stored,
                 GDateTime  *now,
                 const char *expected)
{
  g_autofree char *text = dossier_timestamp_format_readable (stored, now);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_readable (void)
{
  /* Wednesday 15 May 2024, 09:00 in Shanghai. */
  g_autoptr(GDateTime) now = make_time ("+08:00", 2024, 5, 15, 9, 0);

  /* 23:30 UTC the evening before is already today, 07:30, in Shanghai. */
  assert_readable ("2024-05-14T23:30:00Z", now, "Today, 07:30");
  assert_readable ("2024-05-14T15:59:00Z", now, "Yesterday, 23:59");
  assert_readable ("2024-05-13T02:00:00Z", now, "Monday, 10:00");
  assert_readable ("2024-05-08T02:00:00Z", now, "8 May, 10:00");
  assert_readable ("2023-12-30T02:00:00Z", now, "30 December 2023, 10:00");
  /* Another device's clock ahead by a day: the full date, not a weekday. */
  assert_readable ("2024-05-16T02:00:00Z", now, "16 May 2024, 10:00");
  assert_readable ("not a time", now, "not a time");
  assert_readable (NULL, now, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain/timestamp/format-utc", test_format_utc);
  g_test_add_func ("/domain/timestamp/parse", test_parse);
  g_test_add_func ("/domain/timestamp/readable", test_readable);

  return g_test_run ();
}
