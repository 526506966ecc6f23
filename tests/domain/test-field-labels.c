/* test-field-labels.c: every field of the model has a label; values shown
 * and typed as text. */
#include "dossier-field-labels.h"
#include "dossier-model.h"

static void
test_every_field_has_a_label (void)
{
  guint n_kinds;
  const DossierKindSpec *const *kinds = dossier_model_get_kinds (&n_kinds);

  for (guint k = 0; k < n_kinds; k++)
    {
      g_assert_true (dossier_kind_get_label (kinds[k]->name) != kinds[k]->name);
      for (guint f = 0; f < kinds[k]->n_fields; f++)
        {
          const char *name = kinds[k]->fields[f].name;
          const char *label = dossier_field_get_label (kinds[k]->name, name);

          if (label == name)
            g_error ("the field %s of %s has no label", name, kinds[k]->name);
        }
    }
  g_assert_cmpstr (dossier_field_get_label ("applicant", "passport_number"), ==, "Passport number");
  g_assert_cmpstr (dossier_field_get_label ("appointment", "starts_at"), ==, "Appointment time");
  /* Unknown fields (from a newer client) keep their stored name. */
  g_assert_cmpstr (dossier_field_get_label ("case", "future_field"), ==, "future_field");
  g_assert_cmpstr (dossier_kind_get_label ("future_kind"), ==, "future_kind");
}

static void
assert_format (const char *kind,
               const char *field,
               const char *json,
               const char *expected)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2024, 5, 15, 9, 0, 0);
  g_autoptr(JsonNode) value = json ? json_from_string (json, NULL) : NULL;
  g_autofree char *text = dossier_field_format_value (kind, field, value, now);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_value (void)
{
  assert_format ("applicant", "passport_number", "\"E12345678\"", "E12345678");
  assert_format ("applicant", "passport_number", NULL, "(empty)");
  assert_format ("applicant", "passport_number", "null", "(empty)");
  assert_format ("applicant", "passport_number", "\"\"", "(empty)");
  assert_format ("applicant", "photo_meets_spec", "true", "Yes");
  assert_format ("checklist_item", "translation_needed", "false", "No");
  assert_format ("case", "requested_days", "30", "30");
  assert_format ("fee", "amount_paid", "12.5", "12.5");
  assert_format ("case", "refusal_codes", "[\"R01\", \"R07\"]", "R01, R07");
  assert_format ("case", "applicant_id", "\"0b7c7f4e-9a53-4c39-9f55-6f1d6ac1b0a2\"",
                 "(another record)");
  /* A timestamp in local time, readable. */
  assert_format ("appointment", "starts_at", "\"2024-05-15T02:30:00Z\"", "Today, 10:30");
  assert_format ("case", "decision_date", "\"2024-05-03\"", "2024-05-03");
}

static JsonNode *
parse (const char *kind,
       const char *field,
       const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *value = dossier_field_parse_value (kind, field, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (value);
  return value;
}

static void
assert_parses (const char *kind,
               const char *field,
               const char *text,
               const char *expected_json)
{
  g_autoptr(JsonNode) value = parse (kind, field, text);
  g_autofree char *json = json_to_string (value, FALSE);

  g_assert_cmpstr (json, ==, expected_json);
}

static void
assert_refused (const char *kind,
                const char *field,
                const char *text,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = dossier_field_parse_value (kind, field, text, &error);

  g_assert_null (value);
  g_assert_error (error, DOSSIER_FIELD_VALUE_ERROR, code);
}

static void
test_parse_value (void)
{
  assert_parses ("applicant", "passport_number", "  E98765432 ", "\"E98765432\"");
  assert_parses ("applicant", "passport_number", "   ", "null");
  assert_parses ("case", "requested_days", "45", "45");
  assert_parses ("fee", "amount_paid", "80.25", "80.25");
  assert_parses ("applicant", "photo_meets_spec", "Yes", "true");
  assert_parses ("applicant", "photo_meets_spec", "no", "false");
  assert_parses ("case", "decision_date", "2024-02-29", "\"2024-02-29\"");
  assert_parses ("appointment", "starts_at", "2024-05-20T09:30:00+08:00",
                 "\"2024-05-20T09:30:00+08:00\"");
  assert_parses ("case", "refusal_codes", "R01, R07,，R09", "[\"R01\",\"R07\",\"R09\"]");

  assert_refused ("case", "requested_days", "forty", DOSSIER_FIELD_VALUE_ERROR_INVALID);
  assert_refused ("case", "requested_days", "4.5", DOSSIER_FIELD_VALUE_ERROR_INVALID);
  assert_refused ("fee", "amount_paid", "12,50", DOSSIER_FIELD_VALUE_ERROR_INVALID);
  assert_refused ("applicant", "photo_meets_spec", "maybe", DOSSIER_FIELD_VALUE_ERROR_INVALID);
  assert_refused ("case", "decision_date", "2023-02-29", DOSSIER_FIELD_VALUE_ERROR_INVALID);
  assert_refused ("case", "decision_date", "3 May 2024", DOSSIER_FIELD_VALUE_ERROR_INVALID);
  assert_refused ("appointment", "starts_at", "2024-05-20T09:30:00",
                  DOSSIER_FIELD_VALUE_ERROR_INVALID);
  assert_refused ("case", "applicant_id", "anything", DOSSIER_FIELD_VALUE_ERROR_NOT_TYPEABLE);
  assert_refused ("case", "no_such_field", "x", DOSSIER_FIELD_VALUE_ERROR_UNKNOWN);

  g_assert_true (dossier_field_is_typeable ("case", "decision"));
  g_assert_false (dossier_field_is_typeable ("case", "office_id"));
  g_assert_false (dossier_field_is_typeable ("case", "no_such_field"));
  g_assert_cmpstr (dossier_field_describe_format ("case", "decision_date"), ==,
                   "A date written YYYY-MM-DD");
  g_assert_cmpstr (dossier_field_describe_format ("case", "purpose"), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/domain/field-labels/every-field", test_every_field_has_a_label);
  g_test_add_func ("/domain/field-labels/format-value", test_format_value);
  g_test_add_func ("/domain/field-labels/parse-value", test_parse_value);
  return g_test_run ();
}
