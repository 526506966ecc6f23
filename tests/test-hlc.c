/* test-hlc.c: the hybrid logical clock under a wall clock the test controls. */
#include "dossier-hlc.h"

#include <string.h>

/* 2023-11-14 22:13:20 UTC: any plausible present-day time. */
#define BASE_MS G_GINT64_CONSTANT (1700000000000)
#define HOUR_MS (G_GINT64_CONSTANT (60) * 60 * 1000)

typedef struct
{
  DossierHlcClock *clock;
  gint64           wall_ms;
} Fixture;

static gint64
fake_wall_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->wall_ms;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->wall_ms = BASE_MS;
  fixture->clock = dossier_hlc_clock_new (DOSSIER_HLC_DEFAULT_MAX_SKEW_MS);
  dossier_hlc_clock_set_wall_clock (fixture->clock, fake_wall_clock, fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->clock, dossier_hlc_clock_free);
}

static void
test_backwards_step (Fixture       *fixture,
                     gconstpointer  data)
{
  DossierHlc first, previous;
  int i;

  g_assert_cmpuint (dossier_hlc_clock_peek (fixture->clock), ==, 0);
  first = dossier_hlc_clock_now (fixture->clock);
  g_assert_cmpuint (first, ==, DOSSIER_HLC_MAKE (BASE_MS, 0));
  g_assert_cmpuint (dossier_hlc_clock_peek (fixture->clock), ==, first);

  /* The wall clock is set back by an hour (NTP correction, a wrong time zone
   * fixed by hand): the physical part must hold and the logical part count. */
  fixture->wall_ms = BASE_MS - HOUR_MS;
  previous = first;
  for (i = 1; i <= 1000; i++)
    {
      DossierHlc next = dossier_hlc_clock_now (fixture->clock);

      g_assert_cmpuint (next, >, previous);
      g_assert_cmpint (DOSSIER_HLC_PHYSICAL (next), ==, BASE_MS);
      g_assert_cmpuint (DOSSIER_HLC_LOGICAL (next), ==, (guint) i);
      previous = next;
    }

  /* Still behind the clock: no jump, just the next logical value. */
  fixture->wall_ms = BASE_MS - 1;
  g_assert_cmpuint (dossier_hlc_clock_now (fixture->clock), ==, previous + 1);

  /* Once the wall clock passes the physical part again, it takes over. */
  fixture->wall_ms = BASE_MS + 1;
  g_assert_cmpuint (dossier_hlc_clock_now (fixture->clock), ==, DOSSIER_HLC_MAKE (BASE_MS + 1, 0));
}

static void
test_same_millisecond_overflow (Fixture       *fixture,
                                gconstpointer  data)
{
  DossierHlc previous = 0;
  DossierHlc next;
  int i;

  for (i = 0; i < 100000; i++)
    {
      next = dossier_hlc_clock_now (fixture->clock);
      g_assert_cmpuint (next, >, previous);

      if (i <= 0xffff)
        {
          g_assert_cmpint (DOSSIER_HLC_PHYSICAL (next), ==, BASE_MS);
          g_assert_cmpuint (DOSSIER_HLC_LOGICAL (next), ==, (guint) i);
        }
      else
        {
          /* The logical part was full: it carried into the physical part. */
          g_assert_cmpint (DOSSIER_HLC_PHYSICAL (next), ==, BASE_MS + 1);
          g_assert_cmpuint (DOSSIER_HLC_LOGICAL (next), ==, (guint) (i - 0x10000));
        }
      previous = next;
    }

  /* The wall clock reaching the carried millisecond must not reset the
   * logical part (that would go backwards); the one after it does. */
  fixture->wall_ms = BASE_MS + 1;
  next = dossier_hlc_clock_now (fixture->clock);
  g_assert_cmpuint (next, ==, previous + 1);
  fixture->wall_ms = BASE_MS + 2;
  g_assert_cmpuint (dossier_hlc_clock_now (fixture->clock), ==, DOSSIER_HLC_MAKE (BASE_MS + 2, 0));
}

static void
test_receive_ahead (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DossierHlc local = dossier_hlc_clock_now (fixture->clock);
  DossierHlc remote = DOSSIER_HLC_MAKE (BASE_MS + 60 * 1000, 7);
  DossierHlc merged = 0;
  DossierHlc older;

  g_assert_true (dossier_hlc_clock_receive (fixture->clock, remote, &merged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (merged, >, remote);
  g_assert_cmpuint (merged, >, local);
  g_assert_cmpuint (merged, ==, DOSSIER_HLC_MAKE (BASE_MS + 60 * 1000, 8));
  g_assert_cmpuint (dossier_hlc_clock_peek (fixture->clock), ==, merged);

  /* Our own later events stay after what we received. */
  g_assert_cmpuint (dossier_hlc_clock_now (fixture->clock), ==, merged + 1);

  /* An older remote clock still advances ours past the previous value. */
  older = dossier_hlc_clock_peek (fixture->clock);
  g_assert_true (dossier_hlc_clock_receive (fixture->clock, DOSSIER_HLC_MAKE (BASE_MS - HOUR_MS, 3),
                                            &merged, &error));
  g_assert_cmpuint (merged, ==, older + 1);

  /* Equal physical parts: the larger logical part wins, then plus one. */
  g_assert_true (dossier_hlc_clock_receive (fixture->clock,
                                            DOSSIER_HLC_MAKE (BASE_MS + 60 * 1000, 500),
                                            &merged, &error));
  g_assert_cmpuint (merged, ==, DOSSIER_HLC_MAKE (BASE_MS + 60 * 1000, 501));

  /* A remote behind a wall clock that has moved on: the wall clock wins. */
  fixture->wall_ms = BASE_MS + 2 * 60 * 1000;
  g_assert_true (dossier_hlc_clock_receive (fixture->clock, DOSSIER_HLC_MAKE (BASE_MS, 9),
                                            &merged, &error));
  g_assert_cmpuint (merged, ==, DOSSIER_HLC_MAKE (BASE_MS + 2 * 60 * 1000, 0));
}

static void
test_receive_skew (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DossierHlc before = dossier_hlc_clock_now (fixture->clock);
  DossierHlc merged = 42;
  DossierHlc at_bound = DOSSIER_HLC_MAKE (BASE_MS + DOSSIER_HLC_DEFAULT_MAX_SKEW_MS, 0xffff);
  DossierHlc too_far = DOSSIER_HLC_MAKE (BASE_MS + DOSSIER_HLC_DEFAULT_MAX_SKEW_MS + 1, 0);

  g_assert_false (dossier_hlc_clock_receive (fixture->clock, too_far, &merged, &error));
  g_assert_error (error, DOSSIER_HLC_ERROR, DOSSIER_HLC_ERROR_SKEW);
  g_assert_cmpuint (merged, ==, 42);
  g_assert_cmpuint (dossier_hlc_clock_peek (fixture->clock), ==, before);
  g_assert_cmpuint (dossier_hlc_clock_now (fixture->clock), ==, before + 1);
  g_clear_error (&error);

  /* A clock from a year ahead is refused just the same. */
  g_assert_false (dossier_hlc_clock_receive (fixture->clock,
                                             DOSSIER_HLC_MAKE (BASE_MS + 365 * 24 * HOUR_MS, 0),
                                             NULL, &error));
  g_assert_error (error, DOSSIER_HLC_ERROR, DOSSIER_HLC_ERROR_SKEW);
  g_assert_cmpuint (dossier_hlc_clock_peek (fixture->clock), ==, before + 1);
  g_clear_error (&error);

  /* Exactly at the bound is accepted; the carry then goes one ms further. */
  g_assert_true (dossier_hlc_clock_receive (fixture->clock, at_bound, &merged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (merged, ==,
                    DOSSIER_HLC_MAKE (BASE_MS + DOSSIER_HLC_DEFAULT_MAX_SKEW_MS + 1, 0));
}

static void
test_receive_zero_skew (void)
{
  g_autoptr(DossierHlcClock) clock = dossier_hlc_clock_new (0);
  Fixture fixture = { clock, BASE_MS };
  g_autoptr(GError) error = NULL;

  dossier_hlc_clock_set_wall_clock (clock, fake_wall_clock, &fixture);
  g_assert_true (dossier_hlc_clock_receive (clock, DOSSIER_HLC_MAKE (BASE_MS, 5), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (dossier_hlc_clock_receive (clock, DOSSIER_HLC_MAKE (BASE_MS + 1, 0), NULL,
                                             &error));
  g_assert_error (error, DOSSIER_HLC_ERROR, DOSSIER_HLC_ERROR_SKEW);
  g_assert_cmpuint (dossier_hlc_clock_peek (clock), ==, DOSSIER_HLC_MAKE (BASE_MS, 6));
}

static void
test_compare_device_tiebreak (void)
{
  DossierHlc t = DOSSIER_HLC_MAKE (BASE_MS, 3);

  g_assert_cmpint (dossier_hlc_compare (t, "device-a", t, "device-b"), <, 0);
  g_assert_cmpint (dossier_hlc_compare (t, "device-b", t, "device-a"), >, 0);
  g_assert_cmpint (dossier_hlc_compare (t, "device-a", t, "device-a"), ==, 0);
  g_assert_cmpint (dossier_hlc_compare (t, NULL, t, "device-a"), <, 0);
  g_assert_cmpint (dossier_hlc_compare (t, "device-a", t, NULL), >, 0);
  g_assert_cmpint (dossier_hlc_compare (t, NULL, t, NULL), ==, 0);
  g_assert_cmpint (dossier_hlc_compare (t, "", t, NULL), >, 0);

  /* The clock decides before the device does. */
  g_assert_cmpint (dossier_hlc_compare (t, "device-z", t + 1, "device-a"), <, 0);
  g_assert_cmpint (dossier_hlc_compare (t + 1, NULL, t, "device-z"), >, 0);
  g_assert_cmpint (dossier_hlc_compare (DOSSIER_HLC_MAKE (BASE_MS, 0xffff), "b",
                                        DOSSIER_HLC_MAKE (BASE_MS + 1, 0), "a"), <, 0);
}

typedef struct
{
  DossierHlc  hlc;
  const char *device;
} Stamp;

static int
sign (int value)
{
  return (value > 0) - (value < 0);
}

static void
test_compare_total_order (void)
{
  /* Few distinct clocks and devices, so that ties happen often. */
  static const char *devices[] = { NULL, "", "a", "b", "b2", "device-7f3e" };
  Stamp sample[120];
  gsize n = G_N_ELEMENTS (sample);
  gsize i, j, k;

  for (i = 0; i < n; i++)
    {
      sample[i].hlc = DOSSIER_HLC_MAKE (BASE_MS + g_test_rand_int_range (0, 3),
                                        g_test_rand_int_range (0, 3));
      sample[i].device = devices[g_test_rand_int_range (0, G_N_ELEMENTS (devices))];
    }

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      {
        int ij = dossier_hlc_compare (sample[i].hlc, sample[i].device,
                                      sample[j].hlc, sample[j].device);
        int ji = dossier_hlc_compare (sample[j].hlc, sample[j].device,
                                      sample[i].hlc, sample[i].device);
        gboolean same = sample[i].hlc == sample[j].hlc &&
                        g_strcmp0 (sample[i].device, sample[j].device) == 0;

        g_assert_cmpint (sign (ij), ==, -sign (ji));
        /* Total: only identical stamps compare equal. */
        g_assert_cmpint (ij == 0, ==, same);

        for (k = 0; k < n; k++)
          {
            int jk = dossier_hlc_compare (sample[j].hlc, sample[j].device,
                                          sample[k].hlc, sample[k].device);
            int ik = dossier_hlc_compare (sample[i].hlc, sample[i].device,
                                          sample[k].hlc, sample[k].device);

            if (ij <= 0 && jk <= 0)
              g_assert_cmpint (ik, <=, 0);
            if (ij < 0 && jk <= 0)
              g_assert_cmpint (ik, <, 0);
          }
      }
}

static void
test_observe (Fixture       *fixture,
              gconstpointer  data)
{
  /* The last clock stored in the replica, written when the wall clock was a
   * day ahead of what it says now (beyond the skew bound: still honoured). */
  DossierHlc stored = DOSSIER_HLC_MAKE (BASE_MS + 24 * HOUR_MS, 17);
  DossierHlc next;

  dossier_hlc_clock_observe (fixture->clock, stored);
  g_assert_cmpuint (dossier_hlc_clock_peek (fixture->clock), ==, stored);
  next = dossier_hlc_clock_now (fixture->clock);
  g_assert_cmpuint (next, >, stored);
  g_assert_cmpuint (next, ==, stored + 1);

  /* Observing something older never lowers the clock. */
  dossier_hlc_clock_observe (fixture->clock, DOSSIER_HLC_MAKE (BASE_MS, 0));
  g_assert_cmpuint (dossier_hlc_clock_peek (fixture->clock), ==, next);
  g_assert_cmpuint (dossier_hlc_clock_now (fixture->clock), ==, next + 1);

  /* A clock at 0xffff logical: the next one carries. */
  dossier_hlc_clock_observe (fixture->clock, DOSSIER_HLC_MAKE (BASE_MS + 48 * HOUR_MS, 0xffff));
  g_assert_cmpuint (dossier_hlc_clock_now (fixture->clock), ==,
                    DOSSIER_HLC_MAKE (BASE_MS + 48 * HOUR_MS + 1, 0));
}

static void
test_default_wall_clock (void)
{
  g_autoptr(DossierHlcClock) clock = dossier_hlc_clock_new (DOSSIER_HLC_DEFAULT_MAX_SKEW_MS);
  gint64 before = g_get_real_time () / 1000;
  DossierHlc now = dossier_hlc_clock_now (clock);
  gint64 after = g_get_real_time () / 1000;

  g_assert_cmpint (DOSSIER_HLC_PHYSICAL (now), >=, before);
  g_assert_cmpint (DOSSIER_HLC_PHYSICAL (now), <=, after);

  /* Setting NULL goes back to the real time after a fake one. */
  dossier_hlc_clock_set_wall_clock (clock, fake_wall_clock, NULL);
  dossier_hlc_clock_set_wall_clock (clock, NULL, NULL);
  g_assert_cmpuint (dossier_hlc_clock_now (clock), >, now);
}

#define THREADS 4
#define CALLS_PER_THREAD 20000

static gpointer
stamp_many (gpointer user_data)
{
  DossierHlcClock *clock = user_data;
  DossierHlc *stamps = g_new (DossierHlc, CALLS_PER_THREAD);
  int i;

  for (i = 0; i < CALLS_PER_THREAD; i++)
    stamps[i] = dossier_hlc_clock_now (clock);
  return stamps;
}

static int
compare_hlc (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  DossierHlc x = *(const DossierHlc *) a;
  DossierHlc y = *(const DossierHlc *) b;

  return (x > y) - (x < y);
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree DossierHlc *all = g_new (DossierHlc, THREADS * CALLS_PER_THREAD);
  GThread *threads[THREADS];
  int t, i;

  for (t = 0; t < THREADS; t++)
    threads[t] = g_thread_new ("hlc-stamper", stamp_many, fixture->clock);
  for (t = 0; t < THREADS; t++)
    {
      g_autofree DossierHlc *stamps = g_thread_join (threads[t]);

      /* Each thread sees its own stamps increase... */
      for (i = 1; i < CALLS_PER_THREAD; i++)
        g_assert_cmpuint (stamps[i], >, stamps[i - 1]);
      memcpy (all + t * CALLS_PER_THREAD, stamps, CALLS_PER_THREAD * sizeof (DossierHlc));
    }

  /* ...and no two threads ever got the same stamp. */
  g_qsort_with_data (all, THREADS * CALLS_PER_THREAD, sizeof (DossierHlc), compare_hlc, NULL);
  for (i = 1; i < THREADS * CALLS_PER_THREAD; i++)
    g_assert_cmpuint (all[i], >, all[i - 1]);
  g_assert_cmpuint (dossier_hlc_clock_peek (fixture->clock), ==,
                    all[THREADS * CALLS_PER_THREAD - 1]);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
test_string_round_trip (void)
{
  static const DossierHlc fixed[] = {
    0, 1, 0xffff, 0x10000, DOSSIER_HLC_MAKE (BASE_MS, 3), G_MAXUINT64 - 1, G_MAXUINT64,
  };
  DossierHlc values[64];
  char *texts[G_N_ELEMENTS (values)];
  gsize n = G_N_ELEMENTS (values);
  gsize i;

  for (i = 0; i < n; i++)
    {
      if (i < G_N_ELEMENTS (fixed))
        values[i] = fixed[i];
      else
        values[i] = ((DossierHlc) g_test_rand_int () << 32 | g_test_rand_int ())
                    >> g_test_rand_int_range (0, 40);
    }

  for (i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      DossierHlc parsed = 0;

      texts[i] = dossier_hlc_to_string (values[i]);
      g_assert_cmpuint (strlen (texts[i]), ==, 16);
      g_assert_true (dossier_hlc_from_string (texts[i], &parsed, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (parsed, ==, values[i]);
    }
  g_assert_cmpstr (texts[0], ==, "0000000000000000");
  g_assert_cmpstr (texts[4], ==, "018bcfe568000003");
  g_assert_cmpstr (texts[6], ==, "ffffffffffffffff");

  /* Sorting the texts sorts the clocks. */
  g_qsort_with_data (values, (gint) n, sizeof (DossierHlc), compare_hlc, NULL);
  g_qsort_with_data (texts, (gint) n, sizeof (char *), compare_strings, NULL);
  for (i = 0; i < n; i++)
    {
      g_autofree char *expected = dossier_hlc_to_string (values[i]);

      g_assert_cmpstr (texts[i], ==, expected);
      g_free (texts[i]);
    }
}

static void
test_parse_errors (void)
{
  static const char *invalid[] = {
    "",
    "0",
    "123",
    "000000000000001",      /* 15 digits */
    "00000000000000001",    /* 17 digits */
    "00000000000000AB",     /* upper case is not the canonical form */
    "000000000000000g",
    " 000000000000001",
    "000000000000001 ",
    "-000000000000001",
    "+000000000000001",
    "0x00000000000001",
    "0000000000000\xc3\xa9" "1", /* 16 bytes, one of them not a digit */
    "0000000000000000\n",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      DossierHlc parsed = 42;

      g_assert_false (dossier_hlc_from_string (invalid[i], &parsed, &error));
      g_assert_error (error, DOSSIER_HLC_ERROR, DOSSIER_HLC_ERROR_PARSE);
      g_assert_cmpuint (parsed, ==, 42);
    }

  {
    g_autoptr(GError) error = NULL;
    DossierHlc parsed = 42;

    g_assert_false (dossier_hlc_from_string (NULL, &parsed, &error));
    g_assert_error (error, DOSSIER_HLC_ERROR, DOSSIER_HLC_ERROR_PARSE);
    g_assert_cmpuint (parsed, ==, 42);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_FIXTURE_TEST ("/sync/hlc/monotonic-backwards-step", test_backwards_step);
  ADD_FIXTURE_TEST ("/sync/hlc/monotonic-same-millisecond", test_same_millisecond_overflow);
  ADD_FIXTURE_TEST ("/sync/hlc/monotonic-threads", test_threads);
  ADD_FIXTURE_TEST ("/sync/hlc/receive-ahead", test_receive_ahead);
  ADD_FIXTURE_TEST ("/sync/hlc/receive-skew", test_receive_skew);
  ADD_FIXTURE_TEST ("/sync/hlc/observe", test_observe);
  g_test_add_func ("/sync/hlc/receive-zero-skew", test_receive_zero_skew);
  g_test_add_func ("/sync/hlc/default-wall-clock", test_default_wall_clock);
  g_test_add_func ("/sync/hlc/compare-device-tiebreak", test_compare_device_tiebreak);
  g_test_add_func ("/sync/hlc/compare-total-order", test_compare_total_order);
  g_test_add_func ("/sync/hlc/string-round-trip", test_string_round_trip);
  g_test_add_func ("/sync/hlc/parse-errors", test_parse_errors);

  return g_test_run ();
}
