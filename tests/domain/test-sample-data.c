/* test-sample-data.c: the sample-data generator, alone and into a real replica.
 *
 * The generator is checked without a database (same seed, same edits; every
 * visa type, stage and destination; valid passports and checklists; values
 * the model accepts), then 300 cases go into a real SQLCipher replica in a
 * temporary folder and the records there are counted.
 */
#include "dossier-sample-data.h"

#include "dossier-case-reference.h"
#include "dossier-checklist.h"
#include "dossier-checks.h"
#include "dossier-countries.h"
#include "dossier-date.h"
#include "dossier-model.h"
#include "dossier-mrz.h"
#include "dossier-refusal-codes.h"

#include "../replica-fixture.h"

#include <string.h>

#define N_CASES 500

static void
options_for (DossierSampleOptions *options,
             guint32               seed,
             guint                 n_cases)
{
  GDate today;

  g_assert_true (dossier_date_parse_iso ("2025-06-15", &today));
  dossier_sample_options_init (options, seed, &today);
  options->n_cases = n_cases;
}

/* Every edit of every case of a generator, in order. */
static GPtrArray *
all_case_edits (DossierSampleGenerator *generator,
                guint                   n_cases)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);

  for (guint i = 0; i < n_cases; i++)
    g_ptr_array_extend_and_steal (all, dossier_sample_generator_case_edits (generator, i));
  return all;
}

static char *
edits_to_string (GPtrArray *edits)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < edits->len; i++)
    {
      DossierEdit *edit = edits->pdata[i];
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), edit->fields);
      g_autofree char *json = json_to_string (node, FALSE);

      g_string_append_printf (text, "%s %s %s\n", edit->kind, edit->id, json);
    }
  return g_string_free (text, FALSE);
}

static GPtrArray *
edits_of_kind (GPtrArray  *edits,
               const char *kind)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < edits->len; i++)
    if (strcmp (((DossierEdit *) edits->pdata[i])->kind, kind) == 0)
      g_ptr_array_add (found, ((DossierEdit *) edits->pdata[i])->fields);
  return found;
}

static const char *
member (JsonObject *fields,
        const char *name)
{
  return json_object_has_member (fields, name) ? json_object_get_string_member (fields, name)
                                               : NULL;
}

static void
test_same_seed_same_edits (void)
{
  DossierSampleOptions options;
  g_autoptr(DossierSampleGenerator) a = NULL;
  g_autoptr(DossierSampleGenerator) b = NULL;
  g_autoptr(GPtrArray) edits_a = NULL;
  g_autoptr(GPtrArray) per_case = NULL;
  g_autoptr(GString) text_b = g_string_new (NULL);
  g_autofree char *text_a = NULL;
  g_autoptr(GError) error = NULL;

  options_for (&options, 42, 120);
  a = dossier_sample_generator_new (&options, &error);
  g_assert_no_error (error);
  b = dossier_sample_generator_new (&options, &error);
  g_assert_no_error (error);
  edits_a = all_case_edits (a, options.n_cases);
  g_assert_cmpuint (edits_a->len, >, options.n_cases * 15);

  /* The other generator goes backwards: a case does not depend on the ones
   * before it, and the pure function agrees with the generator. */
  per_case = g_ptr_array_new_full (options.n_cases, g_free);
  g_ptr_array_set_size (per_case, (gint) options.n_cases);
  for (guint i = options.n_cases; i-- > 0;)
    {
      g_autoptr(GPtrArray) from_generator = dossier_sample_generator_case_edits (b, i);
      g_autoptr(GPtrArray) from_function = dossier_sample_data_case_edits (&options, i, &error);
      g_autofree char *t1 = NULL;
      g_autofree char *t2 = NULL;

      g_assert_no_error (error);
      t1 = edits_to_string (from_generator);
      t2 = edits_to_string (from_function);
      g_assert_cmpstr (t1, ==, t2);
      per_case->pdata[i] = g_steal_pointer (&t1);
    }
  for (guint i = 0; i < options.n_cases; i++)
    g_string_append (text_b, per_case->pdata[i]);
  text_a = edits_to_string (edits_a);
  g_assert_cmpstr (text_a, ==, text_b->str);

  /* Offices and policy notes too. */
  {
    g_autoptr(GPtrArray) notes_a = dossier_sample_generator_policy_note_edits (a, 7);
    g_autoptr(GPtrArray) notes_b = dossier_sample_generator_policy_note_edits (b, 7);
    g_autoptr(GPtrArray) offices_a = dossier_sample_generator_office_edits (a);
    g_autoptr(GPtrArray) offices_b = dossier_sample_generator_office_edits (b);
    g_autofree char *n1 = edits_to_string (notes_a);
    g_autofree char *n2 = edits_to_string (notes_b);
    g_autofree char *o1 = edits_to_string (offices_a);
    g_autofree char *o2 = edits_to_string (offices_b);

    g_assert_cmpstr (n1, ==, n2);
    g_assert_cmpstr (o1, ==, o2);
  }
}

static void
test_other_seed_other_edits (void)
{
  DossierSampleOptions one, two;
  g_autoptr(DossierSampleGenerator) a = NULL;
  g_autoptr(DossierSampleGenerator) b = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint differing_cases = 0;

  options_for (&one, 1, 50);
  options_for (&two, 2, 50);
  a = dossier_sample_generator_new (&one, NULL);
  b = dossier_sample_generator_new (&two, NULL);
  g_assert_cmpstr (dossier_sample_generator_get_office_id (a), !=,
                   dossier_sample_generator_get_office_id (b));

  for (guint i = 0; i < one.n_cases; i++)
    {
      g_autoptr(GPtrArray) ea = dossier_sample_generator_case_edits (a, i);
      g_autoptr(GPtrArray) eb = dossier_sample_generator_case_edits (b, i);
      g_autoptr(GPtrArray) ca = edits_of_kind (ea, "case");
      g_autoptr(GPtrArray) cb = edits_of_kind (eb, "case");
      g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), ca->pdata[0]);
      g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), cb->pdata[0]);

      /* No record id of one seed appears in the other. */
      for (guint k = 0; k < ea->len; k++)
        g_hash_table_add (ids, ((DossierEdit *) ea->pdata[k])->id);
      for (guint k = 0; k < eb->len; k++)
        g_assert_false (g_hash_table_contains (ids, ((DossierEdit *) eb->pdata[k])->id));
      if (!json_node_equal (na, nb))
        differing_cases++;
    }
  g_assert_cmpuint (differing_cases, ==, one.n_cases);
}

static void
count_distinct (GHashTable *table,
                const char *value)
{
  if (value != NULL)
    g_hash_table_add (table, g_strdup (value));
}

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c >= 0x4E00 && c <= 0x9FFF)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

static void
test_coverage (void)
{
  DossierSampleOptions options;
  g_autoptr(DossierSampleGenerator) generator = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) stages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) destinations
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) decisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) urgencies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) tiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint chinese = 0, diacritics = 0, duplicates = 0;
  const char *all_types[] = { "tourist", "business", "student", "work", "family", "transit" };
  const char *all_stages[]
    = { "intake", "documents", "review", "ready", "submitted", "decided", "closed" };

  options_for (&options, 7, N_CASES);
  generator = dossier_sample_generator_new (&options, NULL);
  edits = all_case_edits (generator, N_CASES);
  cases = edits_of_kind (edits, "case");
  applicants = edits_of_kind (edits, "applicant");
  g_assert_cmpuint (cases->len, ==, N_CASES);
  /* One to four cases per applicant. */
  g_assert_cmpuint (applicants->len, >=, N_CASES / 4);
  g_assert_cmpuint (applicants->len, <, N_CASES);

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *c = cases->pdata[i];

      count_distinct (types, member (c, "visa_type"));
      count_distinct (stages, member (c, "internal_stage"));
      count_distinct (destinations, member (c, "destination"));
      count_distinct (decisions, member (c, "decision"));
      count_distinct (urgencies, member (c, "urgency"));
      g_assert_nonnull (dossier_country_lookup_alpha2 (member (c, "destination")));
    }
  for (guint i = 0; i < G_N_ELEMENTS (all_types); i++)
    g_assert_true (g_hash_table_contains (types, all_types[i]));
  for (guint i = 0; i < G_N_ELEMENTS (all_stages); i++)
    g_assert_true (g_hash_table_contains (stages, all_stages[i]));
  g_assert_cmpuint (g_hash_table_size (types), ==, G_N_ELEMENTS (all_types));
  g_assert_cmpuint (g_hash_table_size (stages), ==, G_N_ELEMENTS (all_stages));
  g_assert_cmpuint (g_hash_table_size (decisions), ==, 3);
  g_assert_cmpuint (g_hash_table_size (urgencies), ==, 3);
  g_assert_cmpuint (g_hash_table_size (destinations), >=, 50);
  g_assert_cmpuint (dossier_sample_data_get_n_destinations (), >=, 50);

  for (guint i = 0; i < applicants->len; i++)
    {
      JsonObject *a = applicants->pdata[i];

      count_distinct (tiers, member (a, "tier"));
      if (has_cjk (member (a, "native_name")) && g_strcmp0 (member (a, "nationality"), "CHN") == 0)
        chinese++;
      if (!is_ascii (member (a, "family_name")) || !is_ascii (member (a, "given_names")))
        diacritics++;
      for (guint k = 0; k < i; k++)
        if (g_strcmp0 (member (a, "passport_number"),
                       member (applicants->pdata[k], "passport_number"))
            == 0)
          duplicates++;
    }
  g_assert_cmpuint (g_hash_table_size (tiers), ==, 3);
  g_assert_cmpuint (chinese, >, applicants->len * 8 / 10);
  g_assert_cmpuint (diacritics, >, 0);
  /* A few on purpose, for the duplicate warning; never by chance. */
  g_assert_cmpuint (duplicates, >, 0);
  g_assert_cmpuint (duplicates, <, applicants->len / 50);
}

/* Every value is one the replica accepts, and every id is a new UUID. */
static void
test_model_accepts_everything (void)
{
  DossierSampleOptions options;
  g_autoptr(DossierSampleGenerator) generator = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) references = g_hash_table_new (g_str_hash, g_str_equal);

  options_for (&options, 3, 200);
  options.n_policy_notes = 400;
  generator = dossier_sample_generator_new (&options, NULL);
  edits = dossier_sample_generator_office_edits (generator);
  for (guint i = 0; i < options.n_policy_notes; i++)
    g_ptr_array_extend_and_steal (edits, dossier_sample_generator_policy_note_edits (generator, i));
  g_ptr_array_extend_and_steal (edits, all_case_edits (generator, options.n_cases));

  for (guint i = 0; i < edits->len; i++)
    {
      DossierEdit *edit = edits->pdata[i];
      const DossierKindSpec *kind = dossier_model_lookup_kind (edit->kind, NULL);
      g_autoptr(GList) names = json_object_get_members (edit->fields);

      g_assert_nonnull (kind);
      g_assert_true (dossier_model_is_uuid (edit->id));
      /* Only a policy note's revision saves an id twice, right after the first. */
      if (!g_hash_table_add (ids, edit->id))
        {
          g_assert_cmpstr (edit->kind, ==, "policy_note");
          g_assert_cmpstr (((DossierEdit *) edits->pdata[i - 1])->id, ==, edit->id);
        }
      for (GList *l = names; l != NULL; l = l->next)
        {
          const DossierFieldSpec *field = dossier_kind_spec_lookup_field (kind, l->data);
          g_autoptr(GError) error = NULL;

          g_assert_nonnull (field);
          dossier_model_validate_value (kind, field, json_object_get_member (edit->fields, l->data),
                                        &error);
          g_assert_no_error (error);
        }
      if (strcmp (edit->kind, "case") == 0)
        {
          const char *reference = member (edit->fields, "reference");
          g_assert_true (dossier_case_reference_is_valid (reference));
          g_assert_true (g_hash_table_add (references, (gpointer) reference));
        }
    }
}

static void
check_passport (JsonObject  *applicant,
                const GDate *today)
{
  g_autoptr(DossierMrz) fields = dossier_mrz_new ();
  g_autoptr(DossierMrz) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;
  g_autofree char *text = NULL;
  const char *number = member (applicant, "passport_number");
  GDate issued;

  dossier_validate_passport_number (number, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (member (applicant, "nationality"), "CHN") == 0)
    g_assert_true (g_regex_match_simple ("^E([0-9]{8}|[A-HJK][0-9]{7})$", number, 0, 0));

  fields->document_type = g_strdup ("P");
  fields->issuing_state = g_strdup (member (applicant, "passport_issuing_state"));
  fields->family_name = g_strdup (member (applicant, "family_name"));
  fields->given_names = g_strdup (member (applicant, "given_names"));
  fields->passport_number = g_strdup (number);
  fields->nationality = g_strdup (member (applicant, "nationality"));
  fields->sex = member (applicant, "sex")[0];
  g_assert_true (dossier_date_parse_iso (member (applicant, "birth_date"), &fields->birth_date));
  g_assert_true (
    dossier_date_parse_iso (member (applicant, "passport_expiry_date"), &fields->expiry_date));
  g_assert_true (dossier_date_parse_iso (member (applicant, "passport_issue_date"), &issued));
  g_assert_cmpint (g_date_compare (&issued, today), <=, 0);
  g_assert_cmpint (g_date_compare (&issued, &fields->expiry_date), <, 0);
  g_assert_cmpint (g_date_compare (&fields->birth_date, &issued), <, 0);

  dossier_mrz_build (fields, &line1, &line2, &error);
  g_assert_no_error (error);
  text = g_strconcat (line1, "\n", line2, NULL);
  parsed = dossier_mrz_parse (text, today, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->passport_number, ==, number);
  g_assert_cmpstr (parsed->nationality, ==, member (applicant, "nationality"));
  g_assert_cmpint (g_date_compare (&parsed->birth_date, &fields->birth_date), ==, 0);
  g_assert_cmpint (g_date_compare (&parsed->expiry_date, &fields->expiry_date), ==, 0);
  g_assert_nonnull (dossier_country_lookup_mrz_code (parsed->nationality));
}

static void
test_passports (void)
{
  DossierSampleOptions options;
  g_autoptr(DossierSampleGenerator) generator = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  guint expired = 0, expiring = 0;
  GDate soon;

  options_for (&options, 11, N_CASES);
  generator = dossier_sample_generator_new (&options, NULL);
  edits = all_case_edits (generator, N_CASES);
  applicants = edits_of_kind (edits, "applicant");
  soon = options.today;
  g_date_add_months (&soon, 6);

  for (guint i = 0; i < applicants->len; i++)
    {
      GDate expiry;

      check_passport (applicants->pdata[i], &options.today);
      g_assert_true (
        dossier_date_parse_iso (member (applicants->pdata[i], "passport_expiry_date"), &expiry));
      if (g_date_compare (&expiry, &options.today) < 0)
        expired++;
      else if (g_date_compare (&expiry, &soon) < 0)
        expiring++;
    }
  /* Some passports give the case checks something to flag, most do not. */
  g_assert_cmpuint (expiring, >, 0);
  g_assert_cmpuint (expired + expiring, <, applicants->len / 5);
}

static JsonObject *
find_note_requirements (DossierSampleGenerator *generator,
                        const char             *country,
                        const char             *visa_type)
{
  guint n = dossier_sample_data_get_n_base_policy_notes ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) edits = dossier_sample_generator_policy_note_edits (generator, i);
      JsonObject *note = ((DossierEdit *) edits->pdata[0])->fields;

      if (g_strcmp0 (member (note, "country"), country) == 0
          && g_strcmp0 (member (note, "visa_type"), visa_type) == 0)
        return json_object_ref (note);
    }
  return NULL;
}

static void
check_item (JsonObject *item,
            const char *stage)
{
  DossierItemPipeline pipeline = DOSSIER_ITEM_PIPELINE_INIT;
  g_autoptr(GError) error = NULL;
  const char *state = member (item, "state");

  pipeline.received_on = member (item, "received_on");
  pipeline.translator = member (item, "translator");
  pipeline.translated_on = member (item, "translated_on");
  pipeline.reviewer = member (item, "reviewer");
  pipeline.reviewed_on = member (item, "reviewed_on");
  pipeline.notarized_on = member (item, "notarized_on");
  pipeline.legalization = member (item, "legalization");
  pipeline.legalized_on = member (item, "legalized_on");
  dossier_checklist_item_check_pipeline (&pipeline, &error);
  g_assert_no_error (error);
  g_assert_true (dossier_item_state_from_string (state, NULL));
  if (strcmp (state, "requested") != 0)
    g_assert_nonnull (pipeline.received_on);
  if (strcmp (state, "rejected") == 0)
    g_assert_nonnull (member (item, "rejection_reason"));
  /* Once a file is ready for the consulate, every document is verified. */
  if (strcmp (stage, "ready") == 0 || strcmp (stage, "submitted") == 0
      || strcmp (stage, "decided") == 0)
    g_assert_cmpstr (state, ==, "verified");
  if (strcmp (stage, "intake") == 0)
    g_assert_cmpstr (state, ==, "requested");
}

/* The kinds are the domain generator's for the case's policy note, in its order. */
static void
check_kinds (DossierSampleGenerator *generator,
             JsonObject             *c,
             GPtrArray              *items)
{
  g_autoptr(JsonObject) note = find_note_requirements (generator, member (c, "destination"),
                                                       member (c, "visa_type"));
  g_autoptr(JsonNode) requirements = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  GDate today;

  g_assert_nonnull (note);
  requirements = json_node_copy (json_object_get_member (note, "requirements"));
  json = json_to_string (requirements, FALSE);
  dossier_date_set_today (&today);
  expected = dossier_checklist_generate (json, member (c, "visa_type"), &today, 14, NULL);
  g_assert_nonnull (expected);
  g_assert_cmpuint (items->len, ==, expected->len);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpstr (member (items->pdata[i], "kind"), ==, member (expected->pdata[i], "kind"));
}

static void
test_checklists (void)
{
  DossierSampleOptions options;
  g_autoptr(DossierSampleGenerator) generator = NULL;
  guint total = 0, min = G_MAXUINT, max = 0, translated = 0, overdue = 0;

  options_for (&options, 5, 300);
  generator = dossier_sample_generator_new (&options, NULL);
  for (guint i = 0; i < options.n_cases; i++)
    {
      g_autoptr(GPtrArray) edits = dossier_sample_generator_case_edits (generator, i);
      g_autoptr(GPtrArray) cases = edits_of_kind (edits, "case");
      g_autoptr(GPtrArray) items = edits_of_kind (edits, "checklist_item");
      JsonObject *c = cases->pdata[0];
      const char *case_id = NULL;

      for (guint k = 0; k < edits->len; k++)
        if (strcmp (((DossierEdit *) edits->pdata[k])->kind, "case") == 0)
          case_id = ((DossierEdit *) edits->pdata[k])->id;

      for (guint k = 0; k < items->len; k++)
        {
          JsonObject *item = items->pdata[k];
          GDate due;

          g_assert_cmpstr (member (item, "case_id"), ==, case_id);
          check_item (item, member (c, "internal_stage"));
          if (member (item, "reviewed_on") != NULL)
            translated++;
          if (strcmp (member (item, "state"), "requested") == 0
              && dossier_date_parse_iso (member (item, "due_date"), &due)
              && g_date_compare (&due, &options.today) < 0)
            overdue++;
        }
      if (i % 10 == 0)
        check_kinds (generator, c, items);
      total += items->len;
      min = MIN (min, items->len);
      max = MAX (max, items->len);
    }
  /* About ten items a case, as a real checklist. */
  g_assert_cmpuint (min, >=, 6);
  g_assert_cmpuint (max, <=, 15);
  g_assert_cmpuint (total, >=, options.n_cases * 85 / 10);
  g_assert_cmpuint (total, <=, options.n_cases * 115 / 10);
  g_assert_cmpuint (translated, >, 0);
  g_assert_cmpuint (overdue, >, 0);
}

/* What has happened is dated today or before; only plans and validities lie ahead. */
static void
check_no_future (GPtrArray  *edits,
                 const char *today)
{
  const char * const ahead[] = {
    "travel_from", "travel_to", "visa_valid_from", "visa_valid_to", "due_date",
    "passport_expiry_date", "starts_at", NULL,
  };

  for (guint i = 0; i < edits->len; i++)
    {
      DossierEdit *edit = edits->pdata[i];
      const DossierKindSpec *kind = dossier_model_lookup_kind (edit->kind, NULL);

      for (guint f = 0; f < kind->n_fields; f++)
        {
          const DossierFieldSpec *field = &kind->fields[f];
          const char *value;

          if ((field->type != DOSSIER_FIELD_DATE && field->type != DOSSIER_FIELD_TIMESTAMP)
              || g_strv_contains (ahead, field->name)
              || (value = member (edit->fields, field->name)) == NULL)
            continue;
          if (strncmp (value, today, 10) > 0)
            g_error ("%s.%s is %s, after today (%s)", edit->kind, field->name, value, today);
        }
      if (strcmp (edit->kind, "appointment") == 0
          && strcmp (member (edit->fields, "status"), "attended") == 0)
        g_assert_cmpint (strncmp (member (edit->fields, "starts_at"), today, 10), <=, 0);
      if (strcmp (edit->kind, "shipment") == 0 && member (edit->fields, "delivered_on") != NULL)
        g_assert_cmpstr (member (edit->fields, "sent_on"), <=,
                         member (edit->fields, "delivered_on"));
    }
}

static void
test_cases_are_consistent (void)
{
  DossierSampleOptions options;
  g_autoptr(DossierSampleGenerator) generator = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autofree char *today = NULL;
  guint refused = 0, flagged = 0;

  options_for (&options, 9, N_CASES);
  today = dossier_date_format_iso (&options.today);
  generator = dossier_sample_generator_new (&options, NULL);
  edits = all_case_edits (generator, N_CASES);
  cases = edits_of_kind (edits, "case");
  check_no_future (edits, today);

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *c = cases->pdata[i];
      const char *decision = member (c, "decision");
      const char *submitted = member (c, "submitted_on");

      /* ISO dates compare as text. */
      g_assert_cmpstr (member (c, "stage_since"), <=, today);
      g_assert_cmpstr (member (c, "travel_from"), <=, member (c, "travel_to"));
      if (submitted != NULL)
        {
          g_assert_cmpstr (submitted, <=, today);
          g_assert_nonnull (member (c, "authority_reference"));
        }
      if (decision != NULL)
        g_assert_cmpstr (member (c, "decision_date"), <=, today);
      if (submitted != NULL && decision != NULL)
        g_assert_cmpstr (submitted, <=, member (c, "decision_date"));
      if (g_strcmp0 (decision, "approved") == 0)
        {
          DossierDecisionFacts facts = DOSSIER_DECISION_FACTS_INIT;
          g_autoptr(GPtrArray) flags = NULL;

          g_assert_nonnull (member (c, "visa_number"));
          facts.travel_from = member (c, "travel_from");
          facts.travel_to = member (c, "travel_to");
          facts.requested_entries = member (c, "requested_entries");
          facts.requested_days = (gint) json_object_get_int_member (c, "requested_days");
          facts.visa_valid_from = member (c, "visa_valid_from");
          facts.visa_valid_to = member (c, "visa_valid_to");
          facts.visa_entries = member (c, "visa_entries");
          facts.visa_days_of_stay = (gint) json_object_get_int_member (c, "visa_days_of_stay");
          flags = dossier_decision_check (&facts);
          g_assert_null (dossier_flags_find (flags, DOSSIER_FLAG_VISA_DATES));
          if (flags->len > 0)
            flagged++;
        }
      if (g_strcmp0 (decision, "refused") == 0)
        {
          JsonArray *codes = json_object_get_array_member (c, "refusal_codes");

          refused++;
          g_assert_cmpuint (json_array_get_length (codes), >=, 1);
          for (guint k = 0; k < json_array_get_length (codes); k++)
            g_assert_nonnull (
              dossier_refusal_code_lookup (json_array_get_string_element (codes, k)));
          g_assert_nonnull (member (c, "refusal_text"));
        }
    }
  g_assert_cmpuint (refused, >, 0);
  /* A few visas differ from the request, for the decision check to show. */
  g_assert_cmpuint (flagged, >, 0);
}

static void
test_policy_notes (void)
{
  DossierSampleOptions options;
  g_autoptr(DossierSampleGenerator) generator = NULL;
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_base = dossier_sample_data_get_n_base_policy_notes ();
  guint chinese = 0, revised = 0;

  options_for (&options, 13, 0);
  options.n_policy_notes = 10000;
  generator = dossier_sample_generator_new (&options, NULL);
  g_assert_cmpuint (n_base, ==, dossier_sample_data_get_n_destinations () * 6);

  for (guint i = 0; i < options.n_policy_notes; i++)
    {
      g_autoptr(GPtrArray) edits = dossier_sample_generator_policy_note_edits (generator, i);
      JsonObject *note = ((DossierEdit *) edits->pdata[0])->fields;
      JsonArray *requirements = json_object_get_array_member (note, "requirements");

      g_assert_true (g_hash_table_add (titles, g_strdup (member (note, "title"))));
      if (has_cjk (member (note, "body")))
        chinese++;
      revised += edits->len - 1;
      g_assert_cmpuint (json_array_get_length (requirements), >=, 3);
      for (guint k = 0; k < json_array_get_length (requirements); k++)
        g_assert_nonnull (
          dossier_document_kind_lookup (json_array_get_string_element (requirements, k)));
      if (i < n_base && g_strcmp0 (member (note, "country"), "DE") == 0)
        g_assert_cmpint (json_object_get_int_member (note, "passport_validity_months"), ==, 3);
      if (i < n_base && g_strcmp0 (member (note, "country"), "US") == 0)
        g_assert_cmpint (json_object_get_int_member (note, "passport_validity_months"), ==, 6);
    }
  g_assert_cmpuint (g_hash_table_size (titles), ==, options.n_policy_notes);
  g_assert_cmpuint (chinese, >, options.n_policy_notes / 3);
  g_assert_cmpuint (chinese, <, options.n_policy_notes);
  g_assert_cmpuint (revised, >, 0);
}

/* UUIDv7-style ids increase as records are generated, for append-only index inserts. */
static void
test_time_ordered_ids (void)
{
  DossierSampleOptions options;
  g_autoptr(DossierSampleGenerator) random_ids = NULL;
  g_autoptr(DossierSampleGenerator) ordered = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GPtrArray) random_edits = NULL;
  g_autofree char *previous = g_strdup ("");

  options_for (&options, 17, 40);
  options.n_policy_notes = 30;
  random_ids = dossier_sample_generator_new (&options, NULL);
  options.time_ordered_ids = TRUE;
  ordered = dossier_sample_generator_new (&options, NULL);

  edits = dossier_sample_generator_office_edits (ordered);
  random_edits = dossier_sample_generator_office_edits (random_ids);
  for (guint i = 0; i < options.n_policy_notes; i++)
    g_ptr_array_extend_and_steal (edits, dossier_sample_generator_policy_note_edits (ordered, i));
  g_ptr_array_extend_and_steal (edits, all_case_edits (ordered, options.n_cases));
  g_ptr_array_extend_and_steal (random_edits, all_case_edits (random_ids, options.n_cases));

  for (guint i = 0; i < random_edits->len; i++)
    g_assert_cmpint (((DossierEdit *) random_edits->pdata[i])->id[14], ==, '4');
  for (guint i = 0; i < edits->len; i++)
    {
      DossierEdit *edit = edits->pdata[i];
      g_autofree char *prefix = g_strndup (edit->id, 13);   /* the 48-bit timestamp */

      g_assert_true (dossier_model_is_uuid (edit->id));
      g_assert_cmpint (edit->id[14], ==, '7');
      /* An applicant takes the place of its block's first case, a little earlier. */
      if (strcmp (edit->kind, "applicant") == 0)
        continue;
      g_assert_cmpstr (prefix, >=, previous);
      g_free (previous);
      previous = g_steal_pointer (&prefix);
    }
}

static void
test_invalid_options (void)
{
  DossierSampleOptions options;
  g_autoptr(GError) error = NULL;
  DossierSampleGenerator *generator;

  options_for (&options, 1, DOSSIER_SAMPLE_MAX_CASES + 1);
  generator = dossier_sample_generator_new (&options, &error);
  g_assert_null (generator);
  g_assert_error (error, DOSSIER_SAMPLE_ERROR, DOSSIER_SAMPLE_ERROR_INVALID_OPTIONS);
  g_clear_error (&error);

  options_for (&options, 1, 10);
  g_date_clear (&options.today, 1);
  g_assert_null (dossier_sample_data_case_edits (&options, 0, &error));
  g_assert_error (error, DOSSIER_SAMPLE_ERROR, DOSSIER_SAMPLE_ERROR_INVALID_OPTIONS);
}

/* ---- Into a real replica -------------------------------------------------- */

static guint
count_records (ReplicaFixture *fixture,
               const char     *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr (GPtrArray) rows
    = dossier_replica_list_sync (fixture->replica, kind, NULL, NULL, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  return rows->len;
}

static void
count_progress_cb (const DossierSampleCounts  *done,
                   const DossierSampleOptions *options,
                   gpointer                    user_data)
{
  guint *calls = user_data;

  (*calls)++;
}

static void
test_replica_counts (ReplicaFixture *fixture,
                     gconstpointer   data)
{
  DossierSampleOptions options;
  DossierSampleCounts counts, expected = { 0 };
  g_autoptr(DossierSampleGenerator) generator = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  options_for (&options, 21, 300);
  generator = dossier_sample_generator_new (&options, NULL);
  {
    g_autoptr(GPtrArray) offices = dossier_sample_generator_office_edits (generator);
    dossier_sample_counts_add_edits (&expected, offices);
  }
  for (guint i = 0; i < options.n_policy_notes; i++)
    {
      g_autoptr(GPtrArray) notes = dossier_sample_generator_policy_note_edits (generator, i);
      dossier_sample_counts_add_edits (&expected, notes);
    }
  for (guint i = 0; i < options.n_cases; i++)
    {
      g_autoptr(GPtrArray) edits = dossier_sample_generator_case_edits (generator, i);
      dossier_sample_counts_add_edits (&expected, edits);
    }

  g_assert_true (dossier_sample_data_generate (fixture->replica, &options, count_progress_cb,
                                               &calls, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (&counts, sizeof counts, &expected, sizeof expected);
  g_assert_cmpuint (calls, >, 1);

  g_assert_cmpuint (count_records (fixture, "office"), ==, 5);
  g_assert_cmpuint (count_records (fixture, "policy_note"), ==,
                    dossier_sample_data_get_n_base_policy_notes ());
  g_assert_cmpuint (count_records (fixture, "case"), ==, 300);
  g_assert_cmpuint (count_records (fixture, "applicant"), ==, counts.applicants);
  g_assert_cmpuint (count_records (fixture, "checklist_item"), ==, counts.checklist_items);
  g_assert_cmpuint (count_records (fixture, "appointment"), ==, counts.appointments);
  g_assert_cmpuint (count_records (fixture, "activity_entry"), ==, counts.activity_entries);
  g_assert_cmpuint (count_records (fixture, "fee"), ==, counts.fees);
  g_assert_cmpuint (count_records (fixture, "shipment"), ==, counts.shipments);
  g_assert_cmpuint (counts.checklist_items, >=, 300 * 85 / 10);
  g_assert_cmpuint (counts.appointments, ==, 600);
  g_assert_cmpuint (counts.activity_entries, >=, 300 * 4);

  /* Saved through the replica, so everything waits in the outbox for the server. */
  g_assert_cmpint (fixture_outbox_count (fixture), >,
                   (gint64) dossier_sample_counts_total (&counts) * 5);

  /* The same seed again would clash with its own records: refused, nothing added. */
  g_assert_false (
    dossier_sample_data_generate (fixture->replica, &options, NULL, NULL, NULL, &counts, &error));
  g_assert_error (error, DOSSIER_SAMPLE_ERROR, DOSSIER_SAMPLE_ERROR_ALREADY_PRESENT);
  g_assert_cmpuint (dossier_sample_counts_total (&counts), ==, 0);
  g_assert_cmpuint (count_records (fixture, "case"), ==, 300);
}

static void
cancel_progress_cb (const DossierSampleCounts  *done,
                    const DossierSampleOptions *options,
                    gpointer                    user_data)
{
  g_cancellable_cancel (user_data);
}

/* Cancelling stops between transactions: what was committed stays, whole. */
static void
test_replica_cancel (ReplicaFixture *fixture,
                     gconstpointer   data)
{
  DossierSampleOptions options;
  DossierSampleCounts counts;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  options_for (&options, 22, 200);
  options.time_ordered_ids = TRUE;   /* the replica takes UUIDv7 ids as well */
  g_assert_false (dossier_sample_data_generate (fixture->replica, &options, cancel_progress_cb,
                                                cancellable, cancellable, &counts, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (dossier_sample_counts_total (&counts), >, 0);
  g_assert_cmpuint (counts.cases, <, 200);
  g_assert_cmpuint (count_records (fixture, "policy_note"), ==, counts.policy_notes);
  g_assert_cmpuint (count_records (fixture, "case"), ==, counts.cases);
  g_assert_cmpuint (count_records (fixture, "checklist_item"), ==, counts.checklist_items);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain/sample-data/same-seed-same-edits", test_same_seed_same_edits);
  g_test_add_func ("/domain/sample-data/other-seed-other-edits", test_other_seed_other_edits);
  g_test_add_func ("/domain/sample-data/coverage", test_coverage);
  g_test_add_func ("/domain/sample-data/model-accepts-everything", test_model_accepts_everything);
  g_test_add_func ("/domain/sample-data/passports", test_passports);
  g_test_add_func ("/domain/sample-data/checklists", test_checklists);
  g_test_add_func ("/domain/sample-data/cases-are-consistent", test_cases_are_consistent);
  g_test_add_func ("/domain/sample-data/policy-notes", test_policy_notes);
  g_test_add_func ("/domain/sample-data/time-ordered-ids", test_time_ordered_ids);
  g_test_add_func ("/domain/sample-data/invalid-options", test_invalid_options);
  g_test_add ("/domain/sample-data/replica/counts", ReplicaFixture, NULL,
              replica_fixture_set_up, test_replica_counts, replica_fixture_tear_down);
  g_test_add ("/domain/sample-data/replica/cancel", ReplicaFixture, NULL,
              replica_fixture_set_up, test_replica_cancel, replica_fixture_tear_down);

  return g_test_run ();
}
