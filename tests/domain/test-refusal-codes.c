/* test-refusal-codes.c: the refusal reason table and its descriptions. */
#include "dossier-refusal-codes.h"

#include <string.h>

static gboolean
is_snake_case (const char *code)
{
  if (code[0] == '\0' || code[0] == '_')
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static void
test_table (void)
{
  guint n = 0;
  const DossierRefusalCode *codes = dossier_refusal_codes_get_all (&n);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n, >=, 10);
  for (guint i = 0; i < n; i++)
    {
      /* Codes are stored: plain ASCII identifiers, each once, each found again. */
      g_assert_true (is_snake_case (codes[i].code));
      g_assert_true (g_hash_table_add (seen, (gpointer) codes[i].code));
      g_assert_true (dossier_refusal_code_lookup (codes[i].code) == &codes[i]);
      g_assert_cmpstr (dossier_refusal_code_get_label (&codes[i]), !=, "");
    }
  /* "Other" is always offered, and last. */
  g_assert_cmpstr (codes[n - 1].code, ==, DOSSIER_REFUSAL_CODE_OTHER);
}

static void
test_lookup (void)
{
  const DossierRefusalCode *means = dossier_refusal_code_lookup ("insufficient_means");

  g_assert_nonnull (means);
  g_assert_cmpstr (dossier_refusal_code_get_label (means), ==, "Insufficient means of subsistence");
  g_assert_null (dossier_refusal_code_lookup (NULL));
  g_assert_null (dossier_refusal_code_lookup (""));
  g_assert_null (dossier_refusal_code_lookup ("Insufficient_Means"));
  g_assert_null (dossier_refusal_code_lookup ("insufficient_means "));
}

static void
test_describe (void)
{
  const char *const two[] = { "insufficient_means", "no_travel_insurance", NULL };
  const char *const future[] = { "sis_alert", "biometric_mismatch", NULL };
  const char *const none[] = { NULL };
  g_autofree char *two_text = dossier_refusal_codes_describe (two);
  g_autofree char *future_text = dossier_refusal_codes_describe (future);
  g_autofree char *none_text = dossier_refusal_codes_describe (none);
  g_autofree char *null_text = dossier_refusal_codes_describe (NULL);

  g_assert_cmpstr (two_text, ==,
                   "Insufficient means of subsistence; No adequate and valid travel medical insurance");
  /* A code from a newer version is kept visible, not dropped. */
  g_assert_cmpstr (future_text, ==,
                   "Entry ban or alert in the Schengen Information System; biometric_mismatch");
  g_assert_cmpstr (none_text, ==, "");
  g_assert_cmpstr (null_text, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain/refusal-codes/table", test_table);
  g_test_add_func ("/domain/refusal-codes/lookup", test_lookup);
  g_test_add_func ("/domain/refusal-codes/describe", test_describe);

  return g_test_run ();
}
