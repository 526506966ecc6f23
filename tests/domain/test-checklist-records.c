/* test-checklist-records.c: checklist items and attachments as replica records. */
#include "dossier-checklist-records.h"
#include "dossier-date.h"
#include "dossier-model.h"
#include "dossier-replica.h"

#define CASE_ID "0b6f3c5e-5d0e-4c43-9a3e-2f1f7d1c9a10"
#define ITEM_ID "6a1d2f9c-3b4e-4f6a-8c7d-9e0f1a2b3c4d"
#define SHA256 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

static void
parse_date (const char *text,
            GDate      *date)
{
  g_assert_true (dossier_date_parse_iso (text, date));
}

/* What the replica would say of each field: the model is the replica's own check. */
static void
assert_valid_record (const char *kind_name,
                     JsonObject *record)
{
  const DossierKindSpec *kind = dossier_model_lookup_kind (kind_name, NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_assert_nonnull (kind);
  json_object_iter_init (&iter, record);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const DossierFieldSpec *field = dossier_kind_spec_lookup_field (kind, name);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (field);
      g_assert_true (dossier_model_validate_value (kind, field, value, &error));
      g_assert_no_error (error);
    }
}

static void
test_labels (void)
{
  const char * const *custody = dossier_custody_get_all ();

  g_assert_cmpuint (g_strv_length ((GStrv) custody), ==, 4);
  g_assert_cmpstr (custody[1], ==, "office_safe");
  for (guint i = 0; custody[i] != NULL; i++)
    g_assert_nonnull (dossier_custody_get_label (custody[i]));
  g_assert_cmpstr (dossier_custody_get_label ("office_safe"), ==, "In the office safe");
  g_assert_null (dossier_custody_get_label ("drawer"));
  g_assert_null (dossier_custody_get_label (NULL));

  g_assert_cmpstr (dossier_requirement_get_label (NULL), ==, "Required");
  g_assert_cmpstr (dossier_requirement_get_label ("optional"), ==, "Optional");
  g_assert_cmpstr (dossier_requirement_get_label ("not_applicable"), ==, "Not applicable");
  g_assert_null (dossier_requirement_get_label ("maybe"));
}

static JsonObject *
make_note (const char *id,
           const char *visa_type,
           const char *effective_date,
           gint64      version)
{
  JsonObject *note = json_object_new ();

  json_object_set_string_member (note, "id", id);
  json_object_set_string_member (note, "country", "DE");
  if (visa_type != NULL)
    json_object_set_string_member (note, "visa_type", visa_type);
  else
    json_object_set_null_member (note, "visa_type");
  if (effective_date != NULL)
    json_object_set_string_member (note, "effective_date", effective_date);
  json_object_set_int_member (note, "version", version);
  return note;
}

static const char *
picked_id (GPtrArray  *notes,
           const char *visa_type)
{
  JsonObject *note = dossier_policy_note_pick (notes, visa_type);

  return note != NULL ? json_object_get_string_member (note, "id") : NULL;
}

static void
test_policy_pick (void)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_assert_null (picked_id (notes, "business"));

  g_ptr_array_add (notes, make_note ("tourist", "tourist", "2024-01-01", 1));
  /* A note for another visa type never serves. */
  g_assert_null (picked_id (notes, "business"));
  g_assert_null (picked_id (notes, NULL));

  g_ptr_array_add (notes, make_note ("general", NULL, "2024-06-01", 1));
  g_assert_cmpstr (picked_id (notes, "business"), ==, "general");
  g_assert_cmpstr (picked_id (notes, NULL), ==, "general");

  /* The case's own visa type wins over a newer general note. */
  g_ptr_array_add (notes, make_note ("business-old", "business", "2023-01-01", 3));
  g_assert_cmpstr (picked_id (notes, "business"), ==, "business-old");
  g_assert_cmpstr (picked_id (notes, "tourist"), ==, "tourist");

  /* Same rank: the later effective date, then the higher version. */
  g_ptr_array_add (notes, make_note ("business-new", "business", "2024-03-01", 1));
  g_assert_cmpstr (picked_id (notes, "business"), ==, "business-new");
  g_ptr_array_add (notes, make_note ("business-new-v2", "business", "2024-03-01", 2));
  g_assert_cmpstr (picked_id (notes, "business"), ==, "business-new-v2");
  g_ptr_array_add (notes, make_note ("business-undated", "business", NULL, 9));
  g_assert_cmpstr (picked_id (notes, "business"), ==, "business-new-v2");
}

static DossierEdit *
find_edit (GPtrArray  *edits,
           const char *kind)
{
  for (guint i = 0; i < edits->len; i++)
    {
      DossierEdit *edit = g_ptr_array_index (edits, i);

      if (g_strcmp0 (json_object_get_string_member (edit->fields, "kind"), kind) == 0)
        return edit;
    }
  return NULL;
}

static void
test_generated_to_edits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  DossierEdit *bank, *passport;
  GDate today;

  parse_date ("2024-05-15", &today);
  items = dossier_checklist_generate (NULL, "business", &today, 14, &error);
  g_assert_no_error (error);
  edits = dossier_checklist_generated_to_edits (items, CASE_ID);

  g_assert_cmpuint (edits->len, ==, items->len);
  for (guint i = 0; i < edits->len; i++)
    {
      DossierEdit *edit = g_ptr_array_index (edits, i);

      g_assert_cmpstr (edit->kind, ==, "checklist_item");
      g_assert_null (edit->id);
      g_assert_cmpstr (json_object_get_string_member (edit->fields, "case_id"), ==, CASE_ID);
      g_assert_cmpint (json_object_get_int_member (edit->fields, "position"), ==, i);
      assert_valid_record ("checklist_item", edit->fields);
    }

  bank = find_edit (edits, "bank_statement");
  passport = find_edit (edits, "passport");
  g_assert_nonnull (bank);
  g_assert_nonnull (passport);
  g_assert_true (json_object_get_boolean_member (bank->fields, "translation_needed"));
  g_assert_false (json_object_get_boolean_member (passport->fields, "translation_needed"));
  g_assert_cmpstr (json_object_get_string_member (bank->fields, "due_date"), ==, "2024-05-29");
}

static guint
due_in (const char *travel_from,
        gint64      processing_days)
{
  GDate today;

  parse_date ("2024-05-15", &today);
  return dossier_checklist_due_in_days (travel_from, processing_days, &today);
}

static void
test_due_in_days (void)
{
  g_assert_cmpuint (due_in (NULL, 10), ==, DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS);
  g_assert_cmpuint (due_in ("2024-02-30", 10), ==, DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS);
  /* A trip far off: the usual delay. */
  g_assert_cmpuint (due_in ("2024-09-01", 15), ==, DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS);
  /* Travel on 10 June, 15 days of processing: in by 26 May, 11 days from now. */
  g_assert_cmpuint (due_in ("2024-06-10", 15), ==, 11);
  g_assert_cmpuint (due_in ("2024-06-10", 0), ==, DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS);
  g_assert_cmpuint (due_in ("2024-05-20", 0), ==, 5);
  /* Already too late: due today. */
  g_assert_cmpuint (due_in ("2024-05-20", 10), ==, 0);
  g_assert_cmpuint (due_in ("2024-05-01", 0), ==, 0);
}

static void
test_item_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) known = NULL;
  g_autoptr(JsonObject) renamed = NULL;
  g_autoptr(JsonObject) other = NULL;
  GDate today;

  parse_date ("2024-05-15", &today);
  known = dossier_checklist_item_new (CASE_ID, "marriage_certificate", NULL, 7, &today,
                                      DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS, &error);
  g_assert_no_error (error);
  assert_valid_record ("checklist_item", known);
  g_assert_cmpstr (json_object_get_string_member (known, "title"), ==, "Marriage certificate");
  g_assert_cmpstr (json_object_get_string_member (known, "state"), ==, "requested");
  g_assert_cmpstr (json_object_get_string_member (known, "requirement"), ==, "required");
  g_assert_true (json_object_get_boolean_member (known, "translation_needed"));
  g_assert_true (json_object_get_boolean_member (known, "notarization_needed"));
  g_assert_cmpstr (json_object_get_string_member (known, "legalization"), ==, "apostille");
  g_assert_cmpint (json_object_get_int_member (known, "position"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (known, "requested_on"), ==, "2024-05-15");
  g_assert_cmpstr (json_object_get_string_member (known, "due_date"), ==, "2024-05-29");

  /* A base kind is found too, and a title of the user's own is kept. */
  renamed = dossier_checklist_item_new (CASE_ID, "passport", " Old passport ", 8, &today, 3,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (renamed, "kind"), ==, "passport");
  g_assert_cmpstr (json_object_get_string_member (renamed, "title"), ==, "Old passport");
  g_assert_cmpstr (json_object_get_string_member (renamed, "due_date"), ==, "2024-05-18");

  other = dossier_checklist_item_new (CASE_ID, NULL, "Letter from the “school”", 9, &today,
                                      DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS, &error);
  g_assert_no_error (error);
  assert_valid_record ("checklist_item", other);
  g_assert_cmpstr (json_object_get_string_member (other, "kind"), ==, DOSSIER_CHECKLIST_KIND_OTHER);
  g_assert_cmpstr (json_object_get_string_member (other, "title"), ==,
                   "Letter from the “school”");
  g_assert_false (json_object_get_boolean_member (other, "translation_needed"));
  g_assert_cmpstr (json_object_get_string_member (other, "legalization"), ==, "none");
}

static JsonObject *
make_item (const char *requirement,
           const char *state)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "id", ITEM_ID);
  json_object_set_string_member (item, "requirement", requirement);
  if (state != NULL)
    json_object_set_string_member (item, "state", state);
  else
    json_object_set_null_member (item, "state");
  json_object_set_string_member (item, "due_date", "2024-05-20");
  return item;
}

static JsonObject *
transition (JsonObject *item,
            const char *to_state,
            const char *reason,
            GError    **error)
{
  GDate today;

  parse_date ("2024-05-15", &today);
  return dossier_checklist_item_transition (item, to_state, reason, &today, error);
}

static void
test_transition_fields (void)
{
  g_autoptr(JsonObject) item = make_item ("required", NULL);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;

  /* No state yet counts as requested. */
  fields = transition (item, "received", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (fields, "state"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (fields, "received_on"), ==, "2024-05-15");
  g_clear_pointer (&fields, json_object_unref);

  json_object_set_string_member (item, "state", "received");
  fields = transition (item, "rejected", "  Statement older than 3 months \n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (fields, "rejection_reason"), ==,
                   "Statement older than 3 months");
  g_clear_pointer (&fields, json_object_unref);

  fields = transition (item, "verified", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (fields, "verified_on"), ==, "2024-05-15");
  g_assert_true (json_object_get_null_member (fields, "rejection_reason"));
  g_clear_pointer (&fields, json_object_unref);

  /* Asked again: at least the default delay from today, never shorter. */
  json_object_set_string_member (item, "state", "rejected");
  fields = transition (item, "requested", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (fields, "requested_on"), ==, "2024-05-15");
  g_assert_cmpstr (json_object_get_string_member (fields, "due_date"), ==, "2024-05-29");
  g_assert_false (json_object_has_member (fields, "rejection_reason"));
  g_clear_pointer (&fields, json_object_unref);

  json_object_set_string_member (item, "due_date", "2024-07-01");
  fields = transition (item, "requested", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (fields, "due_date"), ==, "2024-07-01");
}

static void
assert_transition_refused (JsonObject *item,
                           const char *to_state,
                           const char *reason,
                           gint        code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = transition (item, to_state, reason, &error);

  g_assert_null (fields);
  g_assert_error (error, DOSSIER_CHECKLIST_ERROR, code);
}

static void
test_transition_refused (void)
{
  g_autoptr(JsonObject) received = make_item ("required", "received");
  g_autoptr(JsonObject) verified = make_item ("optional", "verified");
  g_autoptr(JsonObject) not_applicable = make_item ("not_applicable", "requested");
  g_autoptr(JsonObject) notarized = make_item ("required", "requested");

  assert_transition_refused (received, "rejected", "   ", DOSSIER_CHECKLIST_ERROR_REASON_REQUIRED);
  assert_transition_refused (received, "rejected", NULL, DOSSIER_CHECKLIST_ERROR_REASON_REQUIRED);
  assert_transition_refused (received, "requested", NULL, DOSSIER_CHECKLIST_ERROR_TRANSITION);
  assert_transition_refused (verified, "rejected", "Forged", DOSSIER_CHECKLIST_ERROR_TRANSITION);
  assert_transition_refused (not_applicable, "received", NULL,
                             DOSSIER_CHECKLIST_ERROR_NOT_APPLICABLE);

  /* Receipt today would date the notarization before the receipt. */
  json_object_set_string_member (notarized, "notarized_on", "2024-05-10");
  assert_transition_refused (notarized, "received", NULL,
                             DOSSIER_CHECKLIST_ERROR_NOTARIZED_BEFORE_RECEIPT);
}

static DossierDueStatus
due_status (const char *requirement,
            const char *state,
            const char *due_date,
            guint       soon_days)
{
  g_autoptr(JsonObject) item = make_item (requirement, state);
  GDate today;

  if (due_date != NULL)
    json_object_set_string_member (item, "due_date", due_date);
  else
    json_object_set_null_member (item, "due_date");
  parse_date ("2024-05-15", &today);
  return dossier_checklist_item_due_status (item, &today, soon_days);
}

static void
test_due_status (void)
{
  g_assert_cmpint (due_status ("required", "requested", "2024-05-14", 3), ==,
                   DOSSIER_DUE_STATUS_OVERDUE);
  g_assert_cmpint (due_status ("optional", "rejected", "2024-01-01", 3), ==,
                   DOSSIER_DUE_STATUS_OVERDUE);
  g_assert_cmpint (due_status ("required", "requested", "2024-05-15", 0), ==,
                   DOSSIER_DUE_STATUS_SOON);
  g_assert_cmpint (due_status ("required", "requested", "2024-05-18", 3), ==,
                   DOSSIER_DUE_STATUS_SOON);
  g_assert_cmpint (due_status ("required", "requested", "2024-05-19", 3), ==,
                   DOSSIER_DUE_STATUS_LATER);
  /* Nothing awaited any more, or nothing to count from. */
  g_assert_cmpint (due_status ("required", "verified", "2024-05-01", 3), ==,
                   DOSSIER_DUE_STATUS_NONE);
  g_assert_cmpint (due_status ("required", "received", "2024-05-01", 3), ==,
                   DOSSIER_DUE_STATUS_NONE);
  g_assert_cmpint (due_status ("not_applicable", "requested", "2024-05-01", 3), ==,
                   DOSSIER_DUE_STATUS_NONE);
  g_assert_cmpint (due_status ("required", "requested", NULL, 3), ==, DOSSIER_DUE_STATUS_NONE);
  g_assert_cmpint (due_status ("required", "requested", "2024-02-30", 3), ==,
                   DOSSIER_DUE_STATUS_NONE);
}

static const char *
error_field_of (const DossierItemPipeline *pipeline)
{
  g_autoptr(GError) error = NULL;
  const char *field;

  g_assert_false (dossier_checklist_item_check_pipeline (pipeline, &error));
  g_assert_nonnull (error);
  /* The names are static strings: they outlive the error. */
  field = dossier_checklist_pipeline_error_field (error);
  return field != NULL ? field : "";
}

static void
test_pipeline_error_field (void)
{
  DossierItemPipeline same = DOSSIER_ITEM_PIPELINE_INIT;
  DossierItemPipeline early = DOSSIER_ITEM_PIPELINE_INIT;
  DossierItemPipeline no_translator = DOSSIER_ITEM_PIPELINE_INIT;
  DossierItemPipeline notarized = DOSSIER_ITEM_PIPELINE_INIT;
  DossierItemPipeline needless = DOSSIER_ITEM_PIPELINE_INIT;
  DossierItemPipeline bad_date = DOSSIER_ITEM_PIPELINE_INIT;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  same.translator = "Wang Fang";
  same.translated_on = "2024-05-01";
  same.reviewer = "wang  fang";
  early.translator = "Wang Fang";
  early.translated_on = "2024-05-02";
  early.reviewer = "Li Na";
  early.reviewed_on = "2024-05-01";
  no_translator.reviewer = "Li Na";
  notarized.received_on = "2024-05-02";
  notarized.notarized_on = "2024-05-01";
  needless.legalization = "none";
  needless.legalized_on = "2024-05-01";
  bad_date.received_on = "2024-13-01";

  g_assert_cmpstr (error_field_of (&same), ==, "reviewer");
  g_assert_cmpstr (error_field_of (&early), ==, "reviewed_on");
  g_assert_cmpstr (error_field_of (&no_translator), ==, "translator");
  g_assert_cmpstr (error_field_of (&notarized), ==, "notarized_on");
  g_assert_cmpstr (error_field_of (&needless), ==, "legalized_on");
  g_assert_cmpstr (error_field_of (&bad_date), ==, "");
  g_assert_null (dossier_checklist_pipeline_error_field (other));
  g_assert_null (dossier_checklist_pipeline_error_field (NULL));
}

static void
test_item_pipeline (void)
{
  g_autoptr(JsonObject) item = make_item ("required", "received");
  DossierItemPipeline pipeline;

  json_object_set_string_member (item, "translator", "Wang Fang");
  json_object_set_string_member (item, "reviewed_on", "2024-05-03");
  json_object_set_null_member (item, "reviewer");
  dossier_checklist_item_get_pipeline (item, &pipeline);
  g_assert_cmpstr (pipeline.translator, ==, "Wang Fang");
  g_assert_cmpstr (pipeline.reviewed_on, ==, "2024-05-03");
  g_assert_null (pipeline.reviewer);
  g_assert_null (pipeline.received_on);
}

static void
test_attachment_record (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) added = g_date_time_new (tz, 2024, 5, 15, 9, 30, 0);
  g_autoptr(JsonObject) record = NULL;

  record = dossier_attachment_record_new (CASE_ID, ITEM_ID, SHA256, "/home/li/Scans/bank 1.pdf",
                                          "application/pdf", 2048, added);
  assert_valid_record ("attachment", record);
  g_assert_cmpstr (json_object_get_string_member (record, "file_name"), ==, "bank 1.pdf");
  g_assert_cmpstr (json_object_get_string_member (record, "added_at"), ==, "2024-05-15T01:30:00Z");
  g_assert_cmpint (json_object_get_int_member (record, "size"), ==, 2048);
  g_assert_cmpstr (json_object_get_string_member (record, "checklist_item_id"), ==, ITEM_ID);
  g_assert_cmpstr (json_object_get_string_member (record, "sha256"), ==, SHA256);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain/checklist-records/labels", test_labels);
  g_test_add_func ("/domain/checklist-records/policy-pick", test_policy_pick);
  g_test_add_func ("/domain/checklist-records/generated-to-edits", test_generated_to_edits);
  g_test_add_func ("/domain/checklist-records/due-in-days", test_due_in_days);
  g_test_add_func ("/domain/checklist-records/item-new", test_item_new);
  g_test_add_func ("/domain/checklist-records/transition-fields", test_transition_fields);
  g_test_add_func ("/domain/checklist-records/transition-refused", test_transition_refused);
  g_test_add_func ("/domain/checklist-records/due-status", test_due_status);
  g_test_add_func ("/domain/checklist-records/pipeline-error-field", test_pipeline_error_field);
  g_test_add_func ("/domain/checklist-records/item-pipeline", test_item_pipeline);
  g_test_add_func ("/domain/checklist-records/attachment-record", test_attachment_record);

  return g_test_run ();
}
