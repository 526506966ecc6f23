/* test-model.c: the model table of dossier-model.c agrees with the schema the
 * migrations create, and validates values as documented. */

#include <sqlcipher/sqlite3.h>

#include "dossier-migrations.h"
#include "dossier-model.h"

static void
test_model_matches_schema (void)
{
  sqlite3 *db = NULL;
  guint n_kinds;
  const DossierKindSpec *const *kinds = dossier_model_get_kinds (&n_kinds);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (dossier_migrations_apply (db, DOSSIER_REPLICA_MIGRATIONS, 0, &error));
  g_assert_no_error (error);

  for (guint k = 0; k < n_kinds; k++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(%s)", kinds[k]->table);
      g_autoptr(GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (columns, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      sqlite3_finalize (stmt);

      /* id and updated_at are bookkeeping; every other column is a model field. */
      g_assert_true (g_hash_table_remove (columns, "id"));
      g_assert_true (g_hash_table_remove (columns, "updated_at"));
      for (guint i = 0; i < kinds[k]->n_fields; i++)
        {
          if (!g_hash_table_remove (columns, kinds[k]->fields[i].name))
            g_error ("%s.%s is in the model but not in the schema", kinds[k]->table,
                     kinds[k]->fields[i].name);
        }
      if (g_hash_table_size (columns) > 0)
        {
          g_autofree char **left = (char **) g_hash_table_get_keys_as_array (columns, NULL);
          g_error ("%s.%s is in the schema but not in the model", kinds[k]->table, left[0]);
        }
    }
  sqlite3_close (db);
}

static gboolean
accepts (const char *kind_name,
         const char *field_name,
         const char *json)
{
  const DossierKindSpec *kind = dossier_model_lookup_kind (kind_name, NULL);
  const DossierFieldSpec *field = dossier_kind_spec_lookup_field (kind, field_name);
  g_autoptr(JsonNode) value = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert_nonnull (field);
  ok = dossier_model_validate_value (kind, field, value, &error);
  g_assert_true (ok == (error == NULL));
  if (!ok)
    g_assert_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_INVALID_VALUE);
  return ok;
}

static void
test_validation (void)
{
  g_assert_true (accepts ("applicant", "birth_date", "\"2000-02-29\""));
  g_assert_false (accepts ("applicant", "birth_date", "\"2001-02-29\""));
  g_assert_false (accepts ("applicant", "birth_date", "\"29.02.2000\""));
  g_assert_false (accepts ("applicant", "birth_date", "\"2000-2-29\""));
  g_assert_true (accepts ("applicant", "birth_date", "null"));
  g_assert_true (accepts ("applicant", "passport_blank_pages", "4"));
  g_assert_false (accepts ("applicant", "passport_blank_pages", "4.5"));
  g_assert_false (accepts ("applicant", "passport_blank_pages", "\"4\""));
  g_assert_true (accepts ("applicant", "photo_meets_spec", "true"));
  g_assert_false (accepts ("applicant", "photo_meets_spec", "1"));
  g_assert_true (accepts ("fee", "amount_paid", "120"));
  g_assert_true (accepts ("fee", "amount_paid", "120.5"));
  g_assert_true (accepts ("case", "refusal_codes", "[\"insufficient_funds\", \"purpose_unclear\"]"));
  g_assert_false (accepts ("case", "refusal_codes", "[1, 2]"));
  g_assert_false (accepts ("case", "refusal_codes", "\"insufficient_funds\""));
  g_assert_true (accepts ("case", "applicant_id", "\"6f1c1b3e-2a51-4a8e-9c3f-1d2e3f4a5b6c\""));
  g_assert_false (accepts ("case", "applicant_id", "\"applicant-1\""));
  g_assert_true (accepts ("appointment", "starts_at", "\"2026-12-01T09:30:00+08:00\""));
  g_assert_false (accepts ("appointment", "starts_at", "\"tomorrow morning\""));
  g_assert_false (accepts ("case", "reference", "{\"a\": 1}"));
}

static void
test_lookup (void)
{
  g_autoptr(GError) error = NULL;
  const DossierKindSpec *kind = dossier_model_lookup_kind ("case", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kind->table, ==, "cases");
  g_assert_nonnull (dossier_kind_spec_lookup_field (kind, "visa_number"));
  g_assert_true (dossier_kind_spec_lookup_field (kind, "visa_number")->flags & DOSSIER_FIELD_FLAG_CRITICAL);
  g_assert_null (dossier_kind_spec_lookup_field (kind, "updated_at"));
  g_assert_null (dossier_model_lookup_kind ("cases", &error));
  g_assert_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_UNKNOWN_KIND);
  g_assert_true (dossier_model_lookup_kind ("activity_entry", NULL)->flags
                 & DOSSIER_KIND_FLAG_APPEND_ONLY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/model/matches-schema", test_model_matches_schema);
  g_test_add_func ("/sync/model/validation", test_validation);
  g_test_add_func ("/sync/model/lookup", test_lookup);
  return g_test_run ();
}
