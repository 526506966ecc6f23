/* test-case-reference.c: generated case references. */
#include "dossier-case-reference.h"
#include "dossier-date.h"

#include <string.h>

static void
test_format (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GDate today;

  g_assert_true (dossier_date_parse_iso ("2026-01-01", &today));
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *reference = dossier_case_reference_generate (&today, rand);

      g_assert_true (g_str_has_prefix (reference, "DOS-2026-"));
      g_assert_cmpuint (strlen (reference), ==, 15);
      g_assert_true (dossier_case_reference_is_valid (reference));
      /* Letters easily misread over the phone never appear. */
      g_assert_null (strpbrk (reference + 9, "ILOU"));
    }
}

static void
test_year_from_date (void)
{
  GDate date;
  g_autofree char *reference = NULL;

  g_assert_true (dossier_date_parse_iso ("1999-12-31", &date));
  reference = dossier_case_reference_generate (&date, NULL);
  g_assert_true (g_str_has_prefix (reference, "DOS-1999-"));
}

static void
test_random (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gboolean alphabet[256] = { FALSE };
  guint distinct_characters = 0;

  for (guint i = 0; i < 2000; i++)
    {
      char *reference = dossier_case_reference_generate (NULL, rand);

      for (const char *p = reference + 9; *p != '\0'; p++)
        alphabet[(guchar) *p] = TRUE;
      g_assert_true (g_hash_table_add (seen, reference));
    }
  /* 12,000 draws cover the whole alphabet of 32 characters. */
  for (guint c = 0; c < G_N_ELEMENTS (alphabet); c++)
    distinct_characters += alphabet[c] ? 1 : 0;
  g_assert_cmpuint (distinct_characters, ==, 32);
}

static void
test_is_valid (void)
{
  g_assert_true (dossier_case_reference_is_valid ("DOS-2026-7K3QXM"));
  g_assert_true (dossier_case_reference_is_valid ("DOS-2026-000000"));
  g_assert_false (dossier_case_reference_is_valid (NULL));
  g_assert_false (dossier_case_reference_is_valid (""));
  g_assert_false (dossier_case_reference_is_valid ("DOS-2026-7K3QX"));
  g_assert_false (dossier_case_reference_is_valid ("DOS-2026-7K3QXMM"));
  g_assert_false (dossier_case_reference_is_valid ("DOS-2026-7k3qxm"));
  g_assert_false (dossier_case_reference_is_valid ("DOS-2026-7K3QXI"));
  g_assert_false (dossier_case_reference_is_valid ("DOS-20A6-7K3QXM"));
  g_assert_false (dossier_case_reference_is_valid ("DOX-2026-7K3QXM"));
  g_assert_false (dossier_case_reference_is_valid ("DOS_2026-7K3QXM"));
  g_assert_false (dossier_case_reference_is_valid ("DOS-2026_7K3QXM"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain/case-reference/format", test_format);
  g_test_add_func ("/domain/case-reference/year", test_year_from_date);
  g_test_add_func ("/domain/case-reference/random", test_random);
  g_test_add_func ("/domain/case-reference/is-valid", test_is_valid);

  return g_test_run ();
}
