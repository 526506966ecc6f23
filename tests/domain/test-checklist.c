/* test-checklist.c: checklist generation, item states and the item pipeline. */
#include "dossier-checklist.h"
#include "dossier-date.h"

#include <string.h>

static const char * const all_kinds[] = {
  "passport", "photo", "application_form", "invitation_letter", "bank_statement",
  "employment_certificate", "insurance", "itinerary", "hotel_booking", "admission_letter",
  "proof_of_funds", "marriage_certificate", "birth_certificate", "police_certificate",
  "medical_certificate", "work_permit", "return_ticket", "tax_return", "business_registration",
  "sponsorship_letter", "previous_visas",
};

static const char * const visa_types[] = {
  "tourist", "business", "student", "work", "family", "transit",
};

static GPtrArray *
generate (const char *requirements,
          const char *visa_type,
          const char *requested_on,
          guint       due_in_days,
          GError    **error)
{
  GDate date;

  g_assert_true (dossier_date_parse_iso (requested_on, &date));
  return dossier_checklist_generate (requirements, visa_type, &date, due_in_days, error);
}

static JsonObject *
item_at (GPtrArray *items,
         guint      index)
{
  g_assert_cmpuint (index, <, items->len);
  return g_ptr_array_index (items, index);
}

static JsonObject *
find_item (GPtrArray  *items,
           const char *kind)
{
  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "kind"), kind) == 0)
        return item;
    }
  return NULL;
}

static void
assert_kinds (GPtrArray          *items,
              const char * const *expected)
{
  guint n = g_strv_length ((GStrv) expected);

  g_assert_cmpuint (items->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = item_at (items, i);

      g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, expected[i]);
      g_assert_cmpint (json_object_get_int_member (item, "position"), ==, i);
    }
}

/* ---- Kinds ---------------------------------------------------------------- */

static void
test_kinds (void)
{
  guint n_kinds = 0;
  const DossierDocumentKind *kinds = dossier_document_kinds_get_all (&n_kinds);
  const DossierDocumentKind *kind;
  DossierLegalization legalization;

  g_assert_cmpuint (n_kinds, ==, G_N_ELEMENTS (all_kinds));
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      kind = dossier_document_kind_lookup (all_kinds[i]);
      g_assert_nonnull (kind);
      g_assert_cmpstr (kind->kind, ==, all_kinds[i]);
      g_assert_cmpstr (dossier_document_kind_get_title (kind), ==, kind->title);
      g_assert_cmpuint (strlen (kind->title), >, 3);
      g_assert_true (kind >= kinds && kind < kinds + n_kinds);
    }
  g_assert_null (dossier_document_kind_lookup ("residence_permit"));
  g_assert_null (dossier_document_kind_lookup (NULL));

  kind = dossier_document_kind_lookup ("marriage_certificate");
  g_assert_true (kind->translation_needed && kind->notarization_needed);
  g_assert_cmpint (kind->legalization, ==, DOSSIER_LEGALIZATION_APOSTILLE);
  kind = dossier_document_kind_lookup ("passport");
  g_assert_false (kind->translation_needed || kind->notarization_needed);
  g_assert_cmpint (kind->legalization, ==, DOSSIER_LEGALIZATION_NONE);

  for (guint i = DOSSIER_LEGALIZATION_NONE; i <= DOSSIER_LEGALIZATION_APOSTILLE; i++)
    {
      g_assert_true (dossier_legalization_from_string (dossier_legalization_to_string (i),
                                                       &legalization));
      g_assert_cmpint (legalization, ==, i);
    }
  g_assert_false (dossier_legalization_from_string ("Apostille", NULL));
  g_assert_false (dossier_legalization_from_string (NULL, NULL));
}

/* ---- Generation ----------------------------------------------------------- */

static void
test_generate_from_policy (void)
{
  static const char * const expected[] = {
    "passport", "photo", "application_form", "invitation_letter", "bank_statement",
    "marriage_certificate", NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  JsonObject *item;

  items = generate ("[\"invitation_letter\", \"bank_statement\", \"marriage_certificate\"]",
                    "business", "2025-03-01", 14, &error);
  g_assert_no_error (error);
  assert_kinds (items, expected);

  for (guint i = 0; i < items->len; i++)
    {
      item = item_at (items, i);
      g_assert_cmpstr (json_object_get_string_member (item, "requirement"), ==, "required");
      g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "requested");
      g_assert_cmpstr (json_object_get_string_member (item, "requested_on"), ==, "2025-03-01");
      g_assert_cmpstr (json_object_get_string_member (item, "due_date"), ==, "2025-03-15");
      g_assert_true (json_object_has_member (item, "translation_needed"));
      g_assert_true (json_object_has_member (item, "notarization_needed"));
      g_assert_true (json_object_has_member (item, "legalization"));
    }

  item = find_item (items, "bank_statement");
  g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, "Bank statements");
  g_assert_cmpint (json_object_get_int_member (item, "translation_needed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (item, "notarization_needed"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "legalization"), ==, "none");
  item = find_item (items, "marriage_certificate");
  g_assert_cmpint (json_object_get_int_member (item, "notarization_needed"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "legalization"), ==, "apostille");
  item = find_item (items, "passport");
  g_assert_cmpint (json_object_get_int_member (item, "translation_needed"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, "Passport");
}

static void
assert_default_has (const char *visa_type,
                    const char *kind,
                    const char *requirement)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = generate (NULL, visa_type, "2025-03-01", 14, &error);
  JsonObject *item;

  g_assert_no_error (error);
  item = find_item (items, kind);
  if (item == NULL)
    g_error ("the %s checklist has no %s", visa_type, kind);
  g_assert_cmpstr (json_object_get_string_member (item, "requirement"), ==, requirement);
}

static void
test_generate_defaults (void)
{
  assert_default_has ("business", "invitation_letter", "required");
  assert_default_has ("business", "employment_certificate", "required");
  assert_default_has ("business", "bank_statement", "required");
  assert_default_has ("student", "admission_letter", "required");
  assert_default_has ("student", "proof_of_funds", "required");
  assert_default_has ("student", "birth_certificate", "optional");
  assert_default_has ("tourist", "itinerary", "required");
  assert_default_has ("tourist", "hotel_booking", "required");
  assert_default_has ("work", "work_permit", "required");
  assert_default_has ("work", "police_certificate", "required");
  assert_default_has ("family", "sponsorship_letter", "required");
  assert_default_has ("family", "marriage_certificate", "optional");
  assert_default_has ("transit", "return_ticket", "required");

  for (guint i = 0; i < G_N_ELEMENTS (visa_types); i++)
    {
      static const char * const empty_lists[] = { NULL, "", "[]", "null", " [ ] " };
      g_autoptr(GPtrArray) reference = generate (NULL, visa_types[i], "2025-03-01", 14, NULL);
      g_autoptr(JsonArray) defaults = dossier_checklist_default_requirements (visa_types[i]);

      /* The base items, then the defaults in their order. */
      g_assert_cmpuint (reference->len, ==, 3 + json_array_get_length (defaults));
      g_assert_cmpstr (json_object_get_string_member (item_at (reference, 0), "kind"), ==, "passport");
      g_assert_cmpstr (json_object_get_string_member (item_at (reference, 1), "kind"), ==, "photo");
      g_assert_cmpstr (json_object_get_string_member (item_at (reference, 2), "kind"), ==,
                       "application_form");
      g_assert_false (find_item (reference, "admission_letter") != NULL
                      && strcmp (visa_types[i], "student") != 0);

      for (guint j = 0; j < G_N_ELEMENTS (empty_lists); j++)
        {
          g_autoptr(GPtrArray) items = generate (empty_lists[j], visa_types[i], "2025-03-01", 14,
                                                 NULL);

          g_assert_nonnull (items);
          g_assert_cmpuint (items->len, ==, reference->len);
        }
    }

  g_assert_null (dossier_checklist_default_requirements ("holiday"));
  g_assert_null (dossier_checklist_default_requirements (NULL));
}

static void
test_generate_no_visa_type (void)
{
  static const char * const base[] = { "passport", "photo", "application_form", NULL };
  static const char * const listed[] = {
    "passport", "photo", "application_form", "insurance", NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = generate (NULL, NULL, "2025-03-01", 14, &error);
  g_autoptr(GPtrArray) with_policy = NULL;

  g_assert_no_error (error);
  assert_kinds (items, base);
  with_policy = generate ("[\"insurance\"]", NULL, "2025-03-01", 14, &error);
  g_assert_no_error (error);
  assert_kinds (with_policy, listed);
}

static void
test_generate_objects (void)
{
  static const char * const expected[] = {
    "passport", "photo", "application_form", "bank_statement", "residence_permit",
    "police_certificate", "tax_return", NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  JsonObject *item;

  items = generate ("[{\"kind\": \"bank_statement\", \"requirement\": \"optional\","
                    "  \"translation_needed\": false},"
                    " {\"kind\": \"residence_permit\", \"notarization_needed\": 1},"
                    " {\"kind\": \"photo\", \"title\": \"Two photographs, 35 x 45 mm\"},"
                    " {\"kind\": \"police_certificate\", \"legalization\": \"legalization\"},"
                    " \"bank_statement\", \"tax_return\"]",
                    "work", "2025-03-01", 14, &error);
  g_assert_no_error (error);
  assert_kinds (items, expected);

  item = find_item (items, "bank_statement");
  g_assert_cmpstr (json_object_get_string_member (item, "requirement"), ==, "optional");
  g_assert_cmpint (json_object_get_int_member (item, "translation_needed"), ==, 0);
  item = find_item (items, "residence_permit");
  g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, "Residence permit");
  g_assert_cmpint (json_object_get_int_member (item, "notarization_needed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (item, "translation_needed"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "legalization"), ==, "none");
  item = find_item (items, "photo");
  g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, "Two photographs, 35 x 45 mm");
  item = find_item (items, "police_certificate");
  g_assert_cmpstr (json_object_get_string_member (item, "legalization"), ==, "legalization");
  g_assert_cmpint (json_object_get_int_member (item, "notarization_needed"), ==, 1);
}

static void
assert_generate_error (const char            *requirements,
                       const char            *visa_type,
                       DossierChecklistError  code,
                       const char            *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = generate (requirements, visa_type, "2025-03-01", 14, &error);

  g_assert_null (items);
  g_assert_error (error, DOSSIER_CHECKLIST_ERROR, (gint) code);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, words);
}

static void
test_generate_errors (void)
{
  const DossierChecklistError invalid = DOSSIER_CHECKLIST_ERROR_INVALID_REQUIREMENTS;

  assert_generate_error ("[\"passport\"", "tourist", invalid, "JSON");
  assert_generate_error ("{\"kind\": \"passport\"}", "tourist", invalid, NULL);
  assert_generate_error ("\"passport\"", "tourist", invalid, NULL);
  assert_generate_error ("[\"passport\", 3]", "tourist", invalid, "Item 2");
  assert_generate_error ("[\"\"]", "tourist", invalid, "Item 1");
  assert_generate_error ("[\"photo\", [\"passport\"]]", "tourist", invalid, "Item 2");
  assert_generate_error ("[{\"title\": \"Passport\"}]", "tourist", invalid, NULL);
  assert_generate_error ("[{\"kind\": \"insurance\", \"requirement\": \"sometimes\"}]",
                         "tourist", invalid, NULL);
  assert_generate_error ("[{\"kind\": \"insurance\", \"requirement\": \"not_applicable\"}]",
                         "tourist", invalid, NULL);
  assert_generate_error ("[{\"kind\": \"insurance\", \"legalization\": \"stamp\"}]",
                         "tourist", invalid, NULL);
  assert_generate_error ("[{\"kind\": \"insurance\", \"translation_needed\": \"yes\"}]",
                         "tourist", invalid, NULL);
  assert_generate_error ("[{\"kind\": \"insurance\", \"notarization_needed\": 2}]",
                         "tourist", invalid, NULL);
  assert_generate_error (NULL, "holiday", DOSSIER_CHECKLIST_ERROR_UNKNOWN_VISA_TYPE, "holiday");
  assert_generate_error ("[\"passport\"]", "Tourist", DOSSIER_CHECKLIST_ERROR_UNKNOWN_VISA_TYPE,
                         NULL);
}

static void
assert_due (const char *requested_on,
            guint       days,
            const char *expected)
{
  g_autoptr(GPtrArray) items = generate (NULL, "tourist", requested_on, days, NULL);

  for (guint i = 0; i < items->len; i++)
    g_assert_cmpstr (json_object_get_string_member (item_at (items, i), "due_date"), ==, expected);
}

static void
test_generate_due_dates (void)
{
  GDate before, after;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const char *requested;

  assert_due ("2024-02-20", 14, "2024-03-05");
  assert_due ("2023-02-20", 14, "2023-03-06");
  assert_due ("2024-12-25", 10, "2025-01-04");
  assert_due ("2024-01-31", 30, "2024-03-01");
  assert_due ("2024-06-30", 0, "2024-06-30");

  /* No date given: requested today (the test may straddle midnight). */
  dossier_date_set_today (&before);
  items = dossier_checklist_generate (NULL, "tourist", NULL, DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS,
                                      NULL);
  dossier_date_set_today (&after);
  before_text = dossier_date_format_iso (&before);
  after_text = dossier_date_format_iso (&after);
  requested = json_object_get_string_member (item_at (items, 0), "requested_on");
  g_assert_true (g_strcmp0 (requested, before_text) == 0 || g_strcmp0 (requested, after_text) == 0);
}

/* ---- Item states ---------------------------------------------------------- */

static gboolean
allowed (const char *from,
         const char *to)
{
  static const char * const pairs[][2] = {
    { "requested", "received" },
    { "received", "verified" },
    { "received", "rejected" },
    { "rejected", "requested" },
    { "rejected", "received" },
  };

  if (strcmp (from, to) == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      if (strcmp (pairs[i][0], from) == 0 && strcmp (pairs[i][1], to) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_state_transitions (void)
{
  static const char * const states[] = { "requested", "received", "verified", "rejected" };
  static const char * const requirements[] = { "required", "optional", NULL };

  for (guint r = 0; r < G_N_ELEMENTS (requirements); r++)
    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      for (guint j = 0; j < G_N_ELEMENTS (states); j++)
        {
          g_autoptr(GError) error = NULL;
          gboolean ok = dossier_checklist_item_check_transition (requirements[r], states[i],
                                                                 states[j], "Unreadable stamp",
                                                                 &error);

          g_assert_cmpint (ok, ==, allowed (states[i], states[j]));
          if (ok)
            g_assert_no_error (error);
          else
            g_assert_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_TRANSITION);
        }
}

static void
assert_transition_error (const char            *requirement,
                         const char            *from,
                         const char            *to,
                         const char            *reason,
                         DossierChecklistError  code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dossier_checklist_item_check_transition (requirement, from, to, reason, &error));
  g_assert_error (error, DOSSIER_CHECKLIST_ERROR, (gint) code);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_state_rules (void)
{
  g_autoptr(GError) error = NULL;

  /* A rejection needs a reason that is more than blanks. */
  assert_transition_error ("required", "received", "rejected", NULL,
                           DOSSIER_CHECKLIST_ERROR_REASON_REQUIRED);
  assert_transition_error ("required", "received", "rejected", "",
                           DOSSIER_CHECKLIST_ERROR_REASON_REQUIRED);
  assert_transition_error ("required", "received", "rejected", " \t\u3000",
                           DOSSIER_CHECKLIST_ERROR_REASON_REQUIRED);
  g_assert_true (dossier_checklist_item_check_transition ("required", "received", "rejected",
                                                          "银行印章缺失", &error));
  g_assert_no_error (error);

  /* Not applicable items stay as they are. */
  assert_transition_error ("not_applicable", "requested", "received", NULL,
                           DOSSIER_CHECKLIST_ERROR_NOT_APPLICABLE);
  assert_transition_error ("not_applicable", "received", "verified", NULL,
                           DOSSIER_CHECKLIST_ERROR_NOT_APPLICABLE);
  g_assert_true (dossier_checklist_item_check_transition ("not_applicable", "requested",
                                                          "requested", NULL, &error));

  /* Verified is final, and says so. */
  assert_transition_error ("required", "verified", "rejected", "late", DOSSIER_CHECKLIST_ERROR_TRANSITION);
  g_assert_false (dossier_checklist_item_check_transition ("required", "verified", "received",
                                                           NULL, &error));
  g_assert_nonnull (strstr (error->message, "final"));
  g_clear_error (&error);
  g_assert_false (dossier_checklist_item_check_transition ("required", "requested", "verified",
                                                           NULL, &error));
  g_assert_nonnull (strstr (error->message, "Requested"));
  g_assert_nonnull (strstr (error->message, "Verified"));

  assert_transition_error ("required", "lost", "received", NULL, DOSSIER_CHECKLIST_ERROR_UNKNOWN_STATE);
  assert_transition_error ("required", "requested", NULL, NULL, DOSSIER_CHECKLIST_ERROR_UNKNOWN_STATE);
  assert_transition_error ("mandatory", "requested", "received", NULL,
                           DOSSIER_CHECKLIST_ERROR_UNKNOWN_REQUIREMENT);
}

static void
test_state_next (void)
{
  static const char * const states[] = { "requested", "received", "verified", "rejected" };
  g_auto(GStrv) requested = dossier_checklist_item_next_states ("required", DOSSIER_ITEM_STATE_REQUESTED);
  g_auto(GStrv) received = dossier_checklist_item_next_states (NULL, DOSSIER_ITEM_STATE_RECEIVED);
  g_auto(GStrv) verified = dossier_checklist_item_next_states ("optional", DOSSIER_ITEM_STATE_VERIFIED);
  g_auto(GStrv) not_applicable = dossier_checklist_item_next_states ("not_applicable",
                                                                    DOSSIER_ITEM_STATE_REQUESTED);

  g_assert_cmpstrv (requested, ((const char * const[]) { "received", NULL }));
  g_assert_cmpstrv (received, ((const char * const[]) { "verified", "rejected", NULL }));
  g_assert_cmpuint (g_strv_length (verified), ==, 0);
  g_assert_cmpuint (g_strv_length (not_applicable), ==, 0);

  /* The menu a form offers agrees with the rule it enforces. */
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      DossierItemState state;
      g_auto(GStrv) next = NULL;

      g_assert_true (dossier_item_state_from_string (states[i], &state));
      g_assert_cmpstr (dossier_item_state_to_string (state), ==, states[i]);
      g_assert_cmpuint (strlen (dossier_item_state_get_label (state)), >, 0);
      next = dossier_checklist_item_next_states ("required", state);
      for (guint j = 0; j < G_N_ELEMENTS (states); j++)
        {
          gboolean offered = g_strv_contains ((const char * const *) next, states[j]);

          if (i != j)
            g_assert_cmpint (offered, ==, dossier_checklist_item_check_transition (
                                            "required", states[i], states[j], "reason", NULL));
        }
    }
  g_assert_false (dossier_item_state_from_string ("Received", NULL));
}

/* ---- Item pipeline -------------------------------------------------------- */

static DossierItemPipeline
reviewed_pipeline (void)
{
  DossierItemPipeline pipeline = DOSSIER_ITEM_PIPELINE_INIT;

  pipeline.received_on = "2025-03-01";
  pipeline.translator = "Li Na";
  pipeline.translated_on = "2025-03-03";
  pipeline.reviewer = "Wang Fang";
  pipeline.reviewed_on = "2025-03-03";
  pipeline.notarized_on = "2025-03-05";
  pipeline.legalization = "apostille";
  pipeline.legalized_on = "2025-03-10";
  return pipeline;
}

static void
assert_pipeline (const DossierItemPipeline *pipeline,
                 gint                       code,
                 const char                *words)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dossier_checklist_item_check_pipeline (pipeline, &error);

  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, DOSSIER_CHECKLIST_ERROR, code);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, words);
}

static void
test_pipeline_double_review (void)
{
  DossierItemPipeline empty = DOSSIER_ITEM_PIPELINE_INIT;
  DossierItemPipeline p = reviewed_pipeline ();

  assert_pipeline (&empty, -1, NULL);
  assert_pipeline (&p, -1, NULL);

  /* The same person, however it is typed, cannot review their own work. */
  p.reviewer = "li  na";
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_SAME_REVIEWER, "Li Na");
  p.reviewer = "Lǐ Nà";
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_SAME_REVIEWER, NULL);

  /* The review comes after the translation, the same day at the earliest. */
  p = reviewed_pipeline ();
  p.reviewed_on = "2025-03-02";
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_REVIEW_BEFORE_TRANSLATION, "2025-03-02");
  p.translated_on = NULL;
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_REVIEW_BEFORE_TRANSLATION, NULL);

  /* A review needs a translator; a review date needs a reviewer. */
  p = reviewed_pipeline ();
  p.translator = " ";
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_MISSING_TRANSLATOR, NULL);
  p = reviewed_pipeline ();
  p.reviewer = NULL;
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_MISSING_REVIEWER, NULL);
  p.reviewed_on = NULL;
  assert_pipeline (&p, -1, NULL);
  p.translator = NULL;
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_MISSING_TRANSLATOR, NULL);
  p.translated_on = NULL;
  assert_pipeline (&p, -1, NULL);
}

static void
test_pipeline_dates (void)
{
  DossierItemPipeline p = reviewed_pipeline ();

  p.notarized_on = "2025-02-28";
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_NOTARIZED_BEFORE_RECEIPT, "2025-02-28");
  p.notarized_on = "2025-03-01";
  assert_pipeline (&p, -1, NULL);

  p.legalized_on = "2025-02-01";
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_LEGALIZED_BEFORE_RECEIPT, "2025-03-01");
  /* Not received yet: nothing to compare with. */
  p.received_on = NULL;
  assert_pipeline (&p, -1, NULL);

  p = reviewed_pipeline ();
  p.notarized_on = "2025-02-30";
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_INVALID_DATE, "2025-02-30");
  p = reviewed_pipeline ();
  p.received_on = "1 March";
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_INVALID_DATE, "Received");

  p = reviewed_pipeline ();
  p.legalization = "stamp";
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_INVALID_LEGALIZATION, "stamp");
  p.legalization = "none";
  assert_pipeline (&p, DOSSIER_CHECKLIST_ERROR_INVALID_LEGALIZATION, NULL);
  p.legalized_on = NULL;
  assert_pipeline (&p, -1, NULL);
  p.legalization = "legalization";
  p.legalized_on = "2025-03-01";
  assert_pipeline (&p, -1, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain/checklist/kinds", test_kinds);
  g_test_add_func ("/domain/checklist/generate/from-policy", test_generate_from_policy);
  g_test_add_func ("/domain/checklist/generate/defaults", test_generate_defaults);
  g_test_add_func ("/domain/checklist/generate/no-visa-type", test_generate_no_visa_type);
  g_test_add_func ("/domain/checklist/generate/objects", test_generate_objects);
  g_test_add_func ("/domain/checklist/generate/errors", test_generate_errors);
  g_test_add_func ("/domain/checklist/generate/due-dates", test_generate_due_dates);
  g_test_add_func ("/domain/checklist/state/transitions", test_state_transitions);
  g_test_add_func ("/domain/checklist/state/rules", test_state_rules);
  g_test_add_func ("/domain/checklist/state/next", test_state_next);
  g_test_add_func ("/domain/checklist/pipeline/double-review", test_pipeline_double_review);
  g_test_add_func ("/domain/checklist/pipeline/dates", test_pipeline_dates);

  return g_test_run ();
}
