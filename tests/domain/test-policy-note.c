/* test-policy-note.c: validation, ordering, wording and comparison of policy notes. */
#include "dossier-checks.h"
#include "dossier-policy-note.h"

#include <string.h>

static JsonObject *
note_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_visa_types (void)
{
  guint n_types = 0;
  const char *const *types = dossier_policy_visa_types_get_all (&n_types);
  const char *const expected[] = { "tourist", "business", "student", "work", "family", "transit" };

  g_assert_cmpuint (n_types, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n_types; i++)
    g_assert_cmpstr (types[i], ==, expected[i]);

  g_assert_cmpstr (dossier_policy_visa_type_get_label ("business"), ==, "Business");
  g_assert_cmpstr (dossier_policy_visa_type_get_label ("transit"), ==, "Transit");
  /* A type from a newer version is shown as stored rather than hidden. */
  g_assert_cmpstr (dossier_policy_visa_type_get_label ("digital_nomad"), ==, "digital_nomad");
  g_assert_null (dossier_policy_visa_type_get_label (NULL));
}

static void
test_countries_by_name (void)
{
  g_autoptr(GPtrArray) countries = dossier_policy_countries_by_name ();
  guint n_all = 0, n_iso = 0;
  const DossierCountry *all = dossier_countries_get_all (&n_all);
  gint austria = -1, germany = -1;

  for (guint i = 0; i < n_all; i++)
    if (all[i].alpha2 != NULL)
      n_iso++;
  g_assert_cmpuint (countries->len, ==, n_iso);
  g_assert_cmpuint (countries->len, >, 200);

  for (guint i = 0; i < countries->len; i++)
    {
      const DossierCountry *country = g_ptr_array_index (countries, i);

      g_assert_nonnull (country->alpha2);
      if (i > 0)
        {
          const DossierCountry *previous = g_ptr_array_index (countries, i - 1);

          g_assert_cmpint (g_utf8_collate (dossier_country_get_name (previous),
                                           dossier_country_get_name (country)), <=, 0);
        }
      if (g_str_equal (country->alpha2, "AT"))
        austria = (gint) i;
      if (g_str_equal (country->alpha2, "DE"))
        germany = (gint) i;
    }
  /* By name, not by code: Austria (AT) before Germany (DE), as the codes also are,
   * but Germany ("DE") after Denmark ("DK") by name. */
  g_assert_cmpint (austria, >=, 0);
  g_assert_cmpint (germany, >, austria);
  for (guint i = 0; i < countries->len; i++)
    if (g_str_equal (((const DossierCountry *) g_ptr_array_index (countries, i))->alpha2, "DK"))
      g_assert_cmpint ((gint) i, <, germany);

  g_assert_cmpstr (dossier_policy_country_get_name ("FR"), ==, "France");
  g_assert_cmpstr (dossier_policy_country_get_name ("ZZ"), ==, "ZZ");
  g_assert_null (dossier_policy_country_get_name (NULL));
}

static void
test_sort (void)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  /* France, Germany, Japan: by name, not by code. */
  const char *const expected[] = {
    "fr-student", "de-tourist", "de-business-a", "de-business-b", "de-other",
    "jp-tourist", "no-country",
  };

  g_ptr_array_add (notes, note_from_json ("{\"id\":\"no-country\",\"title\":\"A\"}"));
  g_ptr_array_add (notes, note_from_json ("{\"id\":\"jp-tourist\",\"country\":\"JP\","
                                          "\"visa_type\":\"tourist\",\"title\":\"A\"}"));
  g_ptr_array_add (notes, note_from_json ("{\"id\":\"de-other\",\"country\":\"DE\","
                                          "\"visa_type\":\"zz_unknown\",\"title\":\"A\"}"));
  g_ptr_array_add (notes, note_from_json ("{\"id\":\"de-business-b\",\"country\":\"DE\","
                                          "\"visa_type\":\"business\",\"title\":\"Trade fair\"}"));
  g_ptr_array_add (notes, note_from_json ("{\"id\":\"fr-student\",\"country\":\"FR\","
                                          "\"visa_type\":\"student\",\"title\":\"A\"}"));
  g_ptr_array_add (notes, note_from_json ("{\"id\":\"de-business-a\",\"country\":\"DE\","
                                          "\"visa_type\":\"business\",\"title\":\"Meetings\"}"));
  g_ptr_array_add (notes, note_from_json ("{\"id\":\"de-tourist\",\"country\":\"DE\","
                                          "\"visa_type\":\"tourist\",\"title\":\"Z\"}"));

  dossier_policy_notes_sort (notes);

  g_assert_cmpuint (notes->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < notes->len; i++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (notes, i), "id"), ==,
                     expected[i]);
}

static void
test_filter (void)
{
  g_autoptr(JsonObject) note = note_from_json ("{\"country\":\"DE\",\"visa_type\":\"business\","
                                               "\"title\":\"Trade fair invitations\","
                                               "\"source\":\"https://germany.example/visa\","
                                               "\"body\":\"secret word\"}");

  g_assert_true (dossier_policy_note_matches_filter (note, NULL));
  g_assert_true (dossier_policy_note_matches_filter (note, ""));
  g_assert_true (dossier_policy_note_matches_filter (note, "  "));
  g_assert_true (dossier_policy_note_matches_filter (note, "TRADE"));
  g_assert_true (dossier_policy_note_matches_filter (note, "germany business"));
  g_assert_true (dossier_policy_note_matches_filter (note, "de"));
  g_assert_true (dossier_policy_note_matches_filter (note, "example/visa"));
  /* Every word must match, and the body is left to the full-text search. */
  g_assert_false (dossier_policy_note_matches_filter (note, "germany student"));
  g_assert_false (dossier_policy_note_matches_filter (note, "secret"));
  g_assert_false (dossier_policy_note_matches_filter (note, "France"));
}

static void
assert_validation (gboolean  ok,
                   GError   *error,
                   gint      expected_code)
{
  if (expected_code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, DOSSIER_VALIDATION_ERROR, expected_code);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_validate (void)
{
  struct { const char *text; gint code; } titles[] = {
    { "Schengen business", -1 }, { NULL, DOSSIER_VALIDATION_ERROR_EMPTY },
    { "", DOSSIER_VALIDATION_ERROR_EMPTY }, { " \t\u3000", DOSSIER_VALIDATION_ERROR_EMPTY },
  };
  struct { const char *text; gint code; } countries[] = {
    { "CN", -1 }, { NULL, DOSSIER_VALIDATION_ERROR_EMPTY }, { "", DOSSIER_VALIDATION_ERROR_EMPTY },
    { "XX", DOSSIER_VALIDATION_ERROR_COUNTRY_CODE },
  };
  struct { const char *text; gint code; } dates[] = {
    { NULL, -1 }, { "", -1 }, { "2024-02-29", -1 },
    { "2023-02-29", DOSSIER_VALIDATION_ERROR_DATE_INVALID },
    { "29/02/2024", DOSSIER_VALIDATION_ERROR_DATE_FORMAT },
    { "2024-2-3", DOSSIER_VALIDATION_ERROR_DATE_FORMAT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = dossier_policy_validate_title (titles[i].text, &error);

      assert_validation (ok, error, titles[i].code);
    }
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = dossier_policy_validate_country (countries[i].text, &error);

      assert_validation (ok, error, countries[i].code);
    }
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = dossier_policy_validate_effective_date (dates[i].text, &error);

      assert_validation (ok, error, dates[i].code);
    }
}

static void
test_describe (void)
{
  g_autofree char *six = dossier_policy_describe_validity (6);
  g_autofree char *one = dossier_policy_describe_validity (1);
  g_autofree char *zero = dossier_policy_describe_validity (0);
  g_autofree char *ten_days = dossier_policy_describe_processing (10);
  g_autofree char *one_day = dossier_policy_describe_processing (1);

  g_assert_cmpstr (six, ==, "Passport valid 6 months beyond departure");
  g_assert_cmpstr (one, ==, "Passport valid 1 month beyond departure");
  g_assert_cmpstr (zero, ==, "Passport valid through the day of departure");
  g_assert_cmpstr (ten_days, ==, "10 days");
  g_assert_cmpstr (one_day, ==, "1 day");
}

static void
test_requirement_titles (void)
{
  g_autoptr(JsonNode) node = json_from_string ("[\"passport\",\"bank_statement\",\"sponsor_id\","
                                               "\"passport\",5,{\"kind\":\"x\"}]", NULL);
  g_autoptr(JsonNode) object = json_from_string ("{}", NULL);
  g_auto(GStrv) titles = dossier_policy_requirement_titles (node);
  g_auto(GStrv) none = dossier_policy_requirement_titles (NULL);
  g_auto(GStrv) not_list = dossier_policy_requirement_titles (object);
  const char *const expected[] = { "Passport", "Bank statements", "Sponsor id", NULL };

  g_assert_true (g_strv_equal ((const char *const *) titles, expected));
  g_auto(GStrv) kinds = dossier_policy_requirement_kinds (node);
  const char *const expected_kinds[] = { "passport", "bank_statement", "sponsor_id", NULL };
  g_autofree char *known_title = dossier_policy_requirement_get_title ("insurance");
  g_autofree char *unknown_title = dossier_policy_requirement_get_title ("proof-of_address");

  g_assert_true (g_strv_equal ((const char *const *) kinds, expected_kinds));
  g_assert_cmpstr (known_title, ==, "Travel medical insurance");
  g_assert_cmpstr (unknown_title, ==, "Proof of address");
  g_assert_true (dossier_policy_requirements_contain (node, "bank_statement"));
  g_assert_true (dossier_policy_requirements_contain (node, "sponsor_id"));
  g_assert_false (dossier_policy_requirements_contain (node, "insurance"));
  g_assert_false (dossier_policy_requirements_contain (node, "x"));
  g_assert_false (dossier_policy_requirements_contain (NULL, "passport"));
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (g_strv_length (not_list), ==, 0);
}

static char *
array_to_string (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);

  return json_to_string (node, FALSE);
}

static void
test_requirements_update (void)
{
  g_autoptr(JsonNode) original = json_from_string ("[\"insurance\",\"sponsor_id\",\"passport\"]",
                                                   NULL);
  const char *const checked[] = { "hotel_booking", "passport", NULL };
  const char *const passport_twice[] = { "passport", "passport", NULL };
  g_autoptr(JsonArray) updated = dossier_policy_requirements_update (original, checked);
  g_autoptr(JsonArray) cleared = dossier_policy_requirements_update (original, NULL);
  g_autoptr(JsonArray) fresh = dossier_policy_requirements_update (NULL, passport_twice);
  g_autofree char *updated_text = array_to_string (updated);
  g_autofree char *cleared_text = array_to_string (cleared);
  g_autofree char *fresh_text = array_to_string (fresh);

  /* Kept kinds keep their place, new ones follow, unknown ones survive. */
  g_assert_cmpstr (updated_text, ==, "[\"sponsor_id\",\"passport\",\"hotel_booking\"]");
  g_assert_cmpstr (cleared_text, ==, "[\"sponsor_id\"]");
  g_assert_cmpstr (fresh_text, ==, "[\"passport\"]");
}

static void
test_changed_fields (void)
{
  g_autoptr(JsonObject) v1 = note_from_json ("{\"country\":\"DE\",\"title\":\"Fair\","
                                             "\"requirements\":[\"passport\"],"
                                             "\"passport_validity_months\":3,\"source\":null,"
                                             "\"body\":\"\",\"fees_text\":\"EUR 80\"}");
  g_autoptr(JsonObject) same = note_from_json ("{\"country\":\"DE\",\"title\":\"Fair\","
                                               "\"requirements\":[\"passport\"],"
                                               "\"passport_validity_months\":3,"
                                               "\"fees_text\":\"EUR 80\",\"version\":7}");
  g_autoptr(JsonObject) v2 = note_from_json ("{\"country\":\"DE\",\"title\":\"Trade fair\","
                                             "\"requirements\":[\"passport\",\"insurance\"],"
                                             "\"passport_validity_months\":6,"
                                             "\"fees_text\":\"EUR 80\"}");
  g_autoptr(JsonObject) empty_list = note_from_json ("{\"requirements\":[]}");
  g_autoptr(JsonObject) empty = note_from_json ("{}");
  g_auto(GStrv) first = dossier_policy_note_changed_fields (NULL, v1);
  g_auto(GStrv) unchanged = dossier_policy_note_changed_fields (v1, same);
  g_auto(GStrv) changed = dossier_policy_note_changed_fields (v1, v2);
  g_auto(GStrv) lists = dossier_policy_note_changed_fields (empty, empty_list);
  const char *const expected[] = { "title", "requirements", "passport_validity_months", NULL };

  g_assert_cmpuint (g_strv_length (first), ==, 0);
  /* An empty body equals none, and the version number is not a field of the text. */
  g_assert_cmpuint (g_strv_length (unchanged), ==, 0);
  g_assert_true (g_strv_equal ((const char *const *) changed, expected));
  g_assert_cmpuint (g_strv_length (lists), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain/policy-note/visa-types", test_visa_types);
  g_test_add_func ("/domain/policy-note/countries-by-name", test_countries_by_name);
  g_test_add_func ("/domain/policy-note/sort", test_sort);
  g_test_add_func ("/domain/policy-note/filter", test_filter);
  g_test_add_func ("/domain/policy-note/validate", test_validate);
  g_test_add_func ("/domain/policy-note/describe", test_describe);
  g_test_add_func ("/domain/policy-note/requirement-titles", test_requirement_titles);
  g_test_add_func ("/domain/policy-note/requirements-update", test_requirements_update);
  g_test_add_func ("/domain/policy-note/changed-fields", test_changed_fields);

  return g_test_run ();
}
