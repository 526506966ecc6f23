/* dossier-sample-data-cases.c: one sample case and everything that hangs off it.
 *
 * A case is drawn backwards from "today": a decided case was decided some
 * days ago, submitted a processing time before that and opened a preparation
 * time before that, so every date of the case, its checklist, appointments,
 * activity, fees and shipments falls in a plausible order and nothing lies in
 * the future that should not.  The checklist comes from the domain's own
 * generator with the case's policy note, then each item is advanced as far as
 * the case's stage implies.
 */
#include "dossier-sample-data-private.h"

#include "dossier-case-reference.h"
#include "dossier-checklist.h"

#include <string.h>

enum { INTAKE, DOCUMENTS, REVIEW, READY, SUBMITTED, DECIDED, CLOSED };
enum { TOURIST, BUSINESS, STUDENT, WORK, FAMILY, TRANSIT };

typedef struct
{
  DossierSampleGenerator *generator;
  GRand                  *rand;
  GPtrArray              *edits;
  guint                   index;
  const SampleApplicant  *applicant;
  char                   *id;
  guint                   country_index;
  const SampleCountry    *country;
  guint                   visa_type;
  guint                   stage;
  const char             *decision;      /* NULL, approved, refused, withdrawn */
  gboolean                chinese_text;
  gboolean                visa_centre;
  gboolean                interview;
  char                   *consulate;
  const char             *assignee;
  const char             *urgency;
  const char             *entries;
  guint                   days;
  guint32                 intake;
  guint32                 since;
  guint32                 submitted;     /* 0: never submitted */
  guint32                 decided;       /* decision or withdrawal */
  guint32                 closed;
  guint32                 travel_from;
  guint32                 travel_to;
} CaseDraft;

static void
add_edit (CaseDraft  *draft,
          const char *kind,
          const char *id,
          JsonObject *fields)
{
  g_ptr_array_add (draft->edits, dossier_edit_new (kind, id, fields));
}

static char *
new_id (CaseDraft *draft)
{
  return sample_uuid (draft->generator, draft->rand, SAMPLE_ORDER_CASES + draft->index);
}

static const char *
text (CaseDraft        *draft,
      const SampleText *texts,
      guint             n)
{
  return sample_pick_text (draft->rand, texts, n, draft->chinese_text);
}

/* Templates hold one "%s"; they are data, so they never reach printf. */
static char *
fill_in (const char *template,
         const char *value)
{
  const char *hole = strstr (template, "%s");

  if (hole == NULL)
    return g_strdup (template);
  return g_strdup_printf ("%.*s%s%s", (int) (hole - template), template, value, hole + 2);
}

static const char *
pick_specialist (CaseDraft *draft)
{
  const SampleOffice *office = &sample_offices[draft->applicant->office];
  guint n = 0;

  while (n < G_N_ELEMENTS (office->specialists) && office->specialists[n] != NULL)
    n++;
  return office->specialists[g_rand_int_range (draft->rand, 0, (gint32) n)];
}

/* ---- What the case is ----------------------------------------------------- */

/* Every fourth case goes round the destinations, so that small samples still
 * cover them all; the others follow where clients actually go. */
static void
choose_destination (CaseDraft *draft,
                    guint      index)
{
  guint weights[128];
  guint country;

  g_assert (sample_n_countries <= G_N_ELEMENTS (weights));
  for (guint i = 0; i < sample_n_countries; i++)
    weights[i] = sample_countries[i].weight;
  if (index % 4 == 0)
    country = (index / 4) % sample_n_countries;
  else
    country = sample_weighted (draft->rand, weights, sample_n_countries);
  /* Nobody needs a visa for their own country. */
  if (strcmp (sample_country_alpha3 (&sample_countries[country]), draft->applicant->nationality)
      == 0)
    country = (country + 1) % sample_n_countries;
  draft->country_index = country;
  draft->country = &sample_countries[country];
}

static void
choose_kind (CaseDraft *draft)
{
  static const guint type_weights[SAMPLE_N_VISA_TYPES] = { 45, 25, 10, 6, 9, 5 };
  static const guint stage_weights[SAMPLE_N_STAGES] = { 8, 18, 10, 7, 15, 17, 25 };
  static const guint decision_weights[] = { 78, 15, 7 };
  static const char * const decisions[] = { "approved", "refused", "withdrawn" };
  static const guint urgency_weights[] = { 75, 18, 7 };
  static const char * const urgencies[] = { "normal", "urgent", "express" };
  GRand *rand = draft->rand;

  draft->visa_type = sample_weighted (rand, type_weights, SAMPLE_N_VISA_TYPES);
  if (draft->applicant->student && sample_chance (rand, 75))
    draft->visa_type = STUDENT;
  draft->stage = sample_weighted (rand, stage_weights, SAMPLE_N_STAGES);
  if (draft->stage >= DECIDED)
    draft->decision = decisions[sample_weighted (rand, decision_weights, G_N_ELEMENTS (decisions))];
  draft->urgency = urgencies[sample_weighted (rand, urgency_weights, G_N_ELEMENTS (urgencies))];
  draft->chinese_text = draft->applicant->chinese && sample_chance (rand, 55);
  draft->assignee = pick_specialist (draft);
  draft->visa_centre
    = (draft->country->flags & SAMPLE_COUNTRY_VISA_CENTRE) && sample_chance (rand, 85);
  draft->consulate
    = sample_office_consulate (draft->applicant->office, draft->country, draft->visa_centre);
  draft->interview = (draft->country->flags & SAMPLE_COUNTRY_INTERVIEW)
                     || draft->visa_type == STUDENT || draft->visa_type == WORK
                     || (draft->visa_type == FAMILY && sample_chance (rand, 40));
}

static guint32
days_before (CaseDraft *draft,
             gint       low,
             gint       high)
{
  return draft->generator->today - (guint32) sample_between (draft->rand, low, high);
}

/* Dates are drawn backwards from today, so that they come in order. */
static void
draw_timeline (CaseDraft *draft)
{
  GRand *rand = draft->rand;
  guint32 today = draft->generator->today;
  gint processing = (gint) sample_processing_days (draft->country, draft->visa_type);
  gint actual = processing + sample_between (rand, -processing / 3, processing / 2);
  guint32 prep = (guint32) sample_between (rand, 8, 25);

  actual = MAX (2, actual);

  switch (draft->stage)
    {
    case INTAKE:
      draft->intake = draft->since = days_before (draft, 0, 6);
      break;
    case DOCUMENTS:
      draft->intake = days_before (draft, 2, 35);
      draft->since = sample_earlier (draft->intake + (guint32) sample_between (rand, 0, 3), today);
      break;
    case REVIEW:
    case READY:
      draft->intake = days_before (draft, 8, 45);
      draft->since = today - (guint32) sample_between (rand, 0, (gint) (today - draft->intake) / 3);
      break;
    case SUBMITTED:
      draft->submitted = draft->since = days_before (draft, 1, MAX (2, actual - 1));
      draft->intake = draft->submitted - prep;
      break;
    case DECIDED:
      draft->decided = draft->since = days_before (draft, 0, 12);
      draft->submitted = draft->decided - (guint32) actual;
      draft->intake = draft->submitted - prep;
      break;
    case CLOSED:
    default:
      if (g_strcmp0 (draft->decision, "withdrawn") == 0 && sample_chance (rand, 50))
        {
          /* Withdrawn while the documents were still being gathered. */
          draft->intake = days_before (draft, 20, 700);
          draft->decided = draft->intake + (guint32) sample_between (rand, 3, 15);
          draft->closed = draft->since = draft->decided;
          break;
        }
      draft->decided = days_before (draft, 15, 900);
      draft->submitted = draft->decided - (guint32) actual;
      draft->intake = draft->submitted - prep;
      draft->closed = draft->since
        = sample_earlier (draft->decided + (guint32) sample_between (rand, 2, 14), today);
      break;
    }
}

static void
draw_travel (CaseDraft *draft)
{
  static const gint durations[SAMPLE_N_VISA_TYPES][2] = {
    { 5, 21 }, { 3, 14 }, { 120, 365 }, { 365, 730 }, { 14, 90 }, { 1, 2 },
  };
  static const char * const entries[] = { "single", "double", "multiple" };
  static const guint entry_weights[SAMPLE_N_VISA_TYPES][3] = {
    { 70, 0, 30 }, { 30, 10, 60 }, { 0, 0, 1 }, { 0, 0, 1 }, { 50, 20, 30 }, { 70, 30, 0 },
  };
  GRand *rand = draft->rand;
  guint32 today = draft->generator->today;

  draft->days
    = (guint) sample_between (rand, durations[draft->visa_type][0], durations[draft->visa_type][1]);
  draft->entries = entries[sample_weighted (rand, entry_weights[draft->visa_type], 3)];
  if (draft->decided != 0 && draft->submitted == 0)
    draft->travel_from = draft->intake + (guint32) sample_between (rand, 20, 60);
  else if (draft->decided != 0)
    draft->travel_from = draft->decided + (guint32) sample_between (rand, 3, 45);
  else if (draft->submitted != 0)
    draft->travel_from
      = sample_later (today + (guint32) sample_between (rand, 5, 45), draft->submitted + 20);
  else if (strcmp (draft->urgency, "express") == 0)
    draft->travel_from = today + (guint32) sample_between (rand, 7, 20);
  else
    draft->travel_from = today + (guint32) sample_between (rand, 20, 120);
  draft->travel_to = draft->travel_from + draft->days - 1;
}

/* ---- The case record ------------------------------------------------------ */

static const char * const office_codes[SAMPLE_N_OFFICES] = { "BJS", "SHA", "CAN", "CTU", "SZX" };

static char *
authority_reference (CaseDraft *draft)
{
  const SampleCountry *country = draft->country;
  guint year = sample_year_of (draft->submitted);
  GRand *rand = draft->rand;
  g_autofree char *code = NULL;

  if (country->flags & SAMPLE_COUNTRY_SCHENGEN)
    return g_strdup_printf ("%s/%s/%u/%07u", sample_country_alpha3 (country),
                            office_codes[draft->applicant->office], year,
                            (guint) sample_between (rand, 0, 9999999));
  if (strcmp (country->alpha2, "US") == 0)
    {
      code = sample_pattern (rand, "XXXXXX");
      return g_strdup_printf ("AA00%s", code);
    }
  if (strcmp (country->alpha2, "GB") == 0)
    return g_strdup_printf ("GWF%09u", (guint) sample_between (rand, 0, 999999999));
  return g_strdup_printf ("%s%u%08u", country->alpha2, year,
                          (guint) sample_between (rand, 0, 99999999));
}

static char *
visa_number (CaseDraft *draft)
{
  const SampleCountry *country = draft->country;
  guint number = (guint) sample_between (draft->rand, 0, 99999999);

  if (country->flags & SAMPLE_COUNTRY_SCHENGEN)
    return g_strdup_printf ("%s%09u", sample_country_alpha3 (country), number);
  if (strcmp (country->alpha2, "US") == 0 || strcmp (country->alpha2, "GB") == 0)
    return g_strdup_printf ("%08u", number);
  return g_strdup_printf ("%s%08u", country->alpha2, number);
}

static void
set_submission (CaseDraft  *draft,
                JsonObject *fields)
{
  static const char * const in_process[] = {
    "Application received", "In process at the embassy", "Additional documents requested",
    "Awaiting interview",
  };
  g_autofree char *reference = NULL;
  const char *status;

  if (draft->submitted == 0)
    return;
  reference = authority_reference (draft);
  if (draft->decision == NULL)
    status = in_process[g_rand_int_range (draft->rand, 0, draft->interview ? 4 : 3)];
  else if (strcmp (draft->decision, "approved") == 0)
    status = draft->stage == CLOSED ? "Passport collected" : "Passport ready for collection";
  else if (strcmp (draft->decision, "refused") == 0)
    status = draft->stage == CLOSED ? "Refusal notice collected" : "Refusal notice issued";
  else
    status = "Application withdrawn";
  json_object_set_string_member (fields, "authority_status", status);
  json_object_set_string_member (fields, "authority_reference", reference);
  sample_set_day (fields, "submitted_on", draft->submitted);
}

/* Most visas match the request; one in twelve does not, for the decision check. */
static void
set_approval (CaseDraft  *draft,
              JsonObject *fields)
{
  GRand *rand = draft->rand;
  gboolean short_stay = draft->visa_type != STUDENT && draft->visa_type != WORK;
  guint32 from
    = sample_later (draft->travel_from - (guint32) sample_between (rand, 0, 7), draft->decided);
  guint32 to = draft->travel_to + (short_stay ? 15 : (guint32) sample_between (rand, 0, 30));
  gint days = (gint) draft->days;
  const char *entries = draft->entries;
  g_autofree char *number = visa_number (draft);

  if (short_stay && strcmp (entries, "multiple") == 0 && sample_chance (rand, 40))
    {
      to = from + (sample_chance (rand, 50) ? 364 : 729);   /* a cascade visa */
      days = 90;
    }
  if (sample_chance (rand, 8))
    {
      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          to = draft->travel_to - (guint32) sample_between (rand, 1, 4);
          break;
        case 1:
          days -= sample_between (rand, 1, 3);
          days = MAX (1, days);
          break;
        default:
          if (strcmp (entries, "single") != 0)
            entries = "single";
          else
            to = draft->travel_to - 1;
          break;
        }
    }
  json_object_set_string_member (fields, "visa_number", number);
  sample_set_day (fields, "visa_valid_from", from);
  sample_set_day (fields, "visa_valid_to", MAX (to, from));
  json_object_set_string_member (fields, "visa_entries", entries);
  json_object_set_int_member (fields, "visa_days_of_stay", days);
}

static void
set_refusal (CaseDraft  *draft,
             JsonObject *fields)
{
  JsonArray *codes = json_array_new ();
  g_autoptr(GString) reason = g_string_new (NULL);
  guint weights[32];
  guint first, second;

  g_assert (sample_n_refusals <= G_N_ELEMENTS (weights));
  for (guint i = 0; i < sample_n_refusals; i++)
    weights[i] = sample_refusals[i].weight;
  first = sample_weighted (draft->rand, weights, sample_n_refusals);
  second = sample_chance (draft->rand, 30)
             ? sample_weighted (draft->rand, weights, sample_n_refusals)
             : first;
  for (guint i = 0; i < (second == first ? 1u : 2u); i++)
    {
      const SampleRefusal *refusal = &sample_refusals[i == 0 ? first : second];

      json_array_add_string_element (codes, refusal->code);
      if (reason->len > 0 && !draft->chinese_text)
        g_string_append_c (reason, ' ');
      g_string_append (reason, draft->chinese_text ? refusal->text.zh : refusal->text.en);
    }
  json_object_set_array_member (fields, "refusal_codes", codes);
  json_object_set_string_member (fields, "refusal_text", reason->str);
}

static void
set_decision (CaseDraft  *draft,
              JsonObject *fields)
{
  if (draft->decision == NULL)
    return;
  json_object_set_string_member (fields, "decision", draft->decision);
  sample_set_day (fields, "decision_date", draft->decided);
  if (strcmp (draft->decision, "approved") == 0)
    set_approval (draft, fields);
  else if (strcmp (draft->decision, "refused") == 0)
    set_refusal (draft, fields);
  else
    json_object_set_string_member (
      fields, "withdrawal_reason",
      text (draft, sample_withdrawal_reasons, sample_n_withdrawal_reasons));
}

/* The application's format (dossier-case-reference.h), DOS-<year>-<six base-32
 * characters>, with the characters a bijection of the index so that no two
 * sample cases share a reference: an odd multiplier permutes 2^30. */
static char *
case_reference (CaseDraft *draft,
                guint      index)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  guint32 value
    = ((guint32) index * 0x2E5BF271u + sample_mix (draft->generator, SAMPLE_STREAM_CASE, 0))
      & ((1u << 30) - 1);
  char suffix[DOSSIER_CASE_REFERENCE_SUFFIX_LENGTH + 1];

  G_STATIC_ASSERT (DOSSIER_CASE_REFERENCE_SUFFIX_LENGTH == 6);
  for (gint i = DOSSIER_CASE_REFERENCE_SUFFIX_LENGTH - 1; i >= 0; i--, value >>= 5)
    suffix[i] = alphabet[value & 31];
  suffix[DOSSIER_CASE_REFERENCE_SUFFIX_LENGTH] = '\0';
  return g_strdup_printf ("%s-%04u-%s", DOSSIER_CASE_REFERENCE_PREFIX,
                          sample_year_of (draft->intake), suffix);
}

static JsonObject *
case_fields (CaseDraft *draft,
             guint      index)
{
  JsonObject *fields = json_object_new ();
  g_autofree char *country_name = draft->chinese_text ? g_strdup (draft->country->name_zh)
                                                      : sample_country_phrase (draft->country);
  guint n_purposes;
  const SampleText *purposes = sample_purposes (draft->visa_type, &n_purposes);
  g_autofree char *purpose = fill_in (text (draft, purposes, n_purposes), country_name);
  g_autofree char *reference = case_reference (draft, index);

  json_object_set_string_member (fields, "reference", reference);
  json_object_set_string_member (fields, "applicant_id", draft->applicant->id);
  json_object_set_string_member (fields, "office_id",
                                 draft->generator->office_ids[draft->applicant->office]);
  json_object_set_string_member (fields, "assignee", draft->assignee);
  json_object_set_string_member (fields, "destination", draft->country->alpha2);
  json_object_set_string_member (fields, "visa_type", sample_visa_types[draft->visa_type]);
  json_object_set_string_member (fields, "purpose", purpose);
  sample_set_day (fields, "travel_from", draft->travel_from);
  sample_set_day (fields, "travel_to", draft->travel_to);
  json_object_set_string_member (fields, "requested_entries", draft->entries);
  json_object_set_int_member (fields, "requested_days", draft->days);
  json_object_set_string_member (fields, "consulate", draft->consulate);
  json_object_set_string_member (fields, "urgency", draft->urgency);
  json_object_set_string_member (fields, "internal_stage", sample_stages[draft->stage]);
  sample_set_day (fields, "stage_since", draft->since);
  set_submission (draft, fields);
  set_decision (draft, fields);
  if (sample_chance (draft->rand, 30))
    json_object_set_string_member (fields, "notes",
                                   text (draft, sample_case_notes, sample_n_case_notes));
  return fields;
}

/* ---- Checklist ------------------------------------------------------------ */

/* How far the documents got: a case withdrawn before submission stopped while
 * they were being gathered. */
static guint
documents_stage (CaseDraft *draft)
{
  return draft->decided != 0 && draft->submitted == 0 ? DOCUMENTS : draft->stage;
}

static guint32
documents_horizon (CaseDraft *draft)
{
  if (draft->submitted != 0)
    return draft->submitted - 1;
  return draft->decided != 0 ? draft->decided : draft->generator->today;
}

static const char *
draw_item_state (CaseDraft *draft)
{
  static const char * const states[] = { "requested", "received", "verified", "rejected" };
  static const guint documents[] = { 35, 35, 20, 10 };
  static const guint review[] = { 10, 40, 45, 5 };

  switch (documents_stage (draft))
    {
    case INTAKE:
      return "requested";
    case DOCUMENTS:
      return states[sample_weighted (draft->rand, documents, 4)];
    case REVIEW:
      return states[sample_weighted (draft->rand, review, 4)];
    default:
      return "verified";
    }
}

/* A step dated after the horizon has not happened yet, except in a file that
 * went out: there it happened, squeezed in just before. */
static guint32
step (CaseDraft *draft,
      guint32    after,
      gint       low,
      gint       high)
{
  guint32 day = after + (guint32) sample_between (draft->rand, low, high);
  guint32 horizon = documents_horizon (draft);

  if (after == 0)
    return 0;
  if (day <= horizon)
    return day;
  return documents_stage (draft) >= READY ? MAX (horizon, after) : 0;
}

static guint32
run_pipeline (CaseDraft  *draft,
              JsonObject *item,
              guint32     received)
{
  guint32 last = received;
  guint32 translated = 0, reviewed = 0, notarized = 0, legalized = 0;
  const char *legalization = json_object_get_string_member (item, "legalization");

  if (json_object_get_boolean_member (item, "translation_needed"))
    {
      json_object_set_string_member (item, "translation_language",
                                     sample_chance (draft->rand, 70) ? draft->country->language
                                                                     : "en");
      translated = step (draft, received, 1, 3);
      reviewed = step (draft, translated, 0, 2);
      if (translated != 0)
        json_object_set_string_member (
          item, "translator", SAMPLE_PICK (draft->rand, sample_translators, sample_n_translators));
      sample_set_day (item, "translated_on", translated);
      if (reviewed != 0)
        json_object_set_string_member (item, "reviewer", pick_specialist (draft));
      sample_set_day (item, "reviewed_on", reviewed);
      last = translated == 0 ? G_MAXUINT32 : reviewed == 0 ? G_MAXUINT32 : MAX (last, reviewed);
    }
  if (json_object_get_boolean_member (item, "notarization_needed"))
    {
      notarized = step (draft, received, 1, 3);
      sample_set_day (item, "notarized_on", notarized);
      last = notarized == 0 ? G_MAXUINT32 : MAX (last, notarized);
    }
  if (g_strcmp0 (legalization, "none") != 0)
    {
      legalized = step (draft, notarized != 0 ? notarized : received, 2, 6);
      sample_set_day (item, "legalized_on", legalized);
      last = legalized == 0 ? G_MAXUINT32 : MAX (last, legalized);
    }
  return last;   /* G_MAXUINT32: a step is still to come */
}

static const char *
item_custody (CaseDraft  *draft,
              const char *state)
{
  if (strcmp (state, "requested") == 0 || strcmp (state, "rejected") == 0)
    return "client";
  if (documents_stage (draft) < SUBMITTED)
    return "office_safe";
  if (draft->stage == CLOSED)
    return "client";
  return draft->stage == DECIDED && sample_chance (draft->rand, 30) ? "courier" : "consulate";
}

static void
advance_item (CaseDraft  *draft,
              JsonObject *item,
              guint32     requested)
{
  const char *state = draw_item_state (draft);
  gboolean late = documents_stage (draft) >= READY;
  guint32 received = 0;
  guint n;

  if (strcmp (state, "requested") != 0)
    received = step (draft, requested, 1, late ? 4 : 12);
  if (received == 0)
    state = "requested";
  sample_set_day (item, "received_on", received);
  if (strcmp (state, "rejected") == 0)
    {
      const SampleText *reasons
        = sample_rejection_reasons (json_object_get_string_member (item, "kind"), &n);
      json_object_set_string_member (item, "rejection_reason", text (draft, reasons, n));
    }
  else if (received != 0)
    {
      guint32 done = run_pipeline (draft, item, received);
      guint32 verified = done == G_MAXUINT32 ? 0 : step (draft, done, 0, 2);

      if (verified == 0)
        state = "received";
      else if (strcmp (state, "verified") == 0)
        sample_set_day (item, "verified_on", verified);
    }
  json_object_set_string_member (item, "state", state);
  json_object_set_string_member (item, "custody", item_custody (draft, state));
  if (sample_chance (draft->rand, 8))
    json_object_set_string_member (item, "notes",
                                   text (draft, sample_item_notes, sample_n_item_notes));
}

/* The domain generator says 0/1 where the replica stores booleans. */
static void
to_boolean (JsonObject *item,
            const char *member)
{
  gint64 value = json_object_get_int_member (item, member);

  json_object_set_boolean_member (item, member, value != 0);
}

/* As the application sets it (dossier_checklist_due_in_days()): the documents
 * are due in time for the authority's processing before the trip, and never
 * later than the usual two weeks. */
static guint
due_in_days (CaseDraft *draft,
             guint32    requested)
{
  gint days = (gint) (draft->travel_from - requested)
              - (gint) sample_processing_days (draft->country, draft->visa_type);

  return (guint) CLAMP (days, 0, DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS);
}

static void
add_checklist (CaseDraft *draft)
{
  const char *requirements =
    draft->generator->requirements[draft->country_index * SAMPLE_N_VISA_TYPES + draft->visa_type];
  guint32 requested = sample_earlier (draft->intake + (guint32) sample_between (draft->rand, 0, 1),
                           documents_horizon (draft));
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, requested);
  items = dossier_checklist_generate (requirements, sample_visa_types[draft->visa_type], &date,
                                      due_in_days (draft, requested), &error);
  if (items == NULL)
    {
      /* The requirements are this file's own: a failure is a bug here. */
      g_critical ("Sample checklist for %s %s: %s", draft->country->alpha2,
                  sample_visa_types[draft->visa_type], error->message);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = items->pdata[i];
      g_autofree char *id = new_id (draft);

      to_boolean (item, "translation_needed");
      to_boolean (item, "notarization_needed");
      json_object_set_string_member (item, "case_id", draft->id);
      advance_item (draft, item, requested);
      add_edit (draft, "checklist_item", id, item);
    }
}

/* ---- Appointments, activity, money, courier ------------------------------- */

static void
add_appointment (CaseDraft  *draft,
                 const char *kind,
                 guint32     day,
                 const char *status)
{
  static const guint reminders[] = { 60, 120, 1440 };
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = new_id (draft);
  g_autofree char *starts
    = sample_timestamp (day, 8 * 60 + 30 + 15 * (guint) sample_between (draft->rand, 0, 28));
  gboolean biometrics = strcmp (kind, "biometrics") == 0;

  json_object_set_string_member (fields, "case_id", draft->id);
  json_object_set_string_member (fields, "kind", kind);
  json_object_set_string_member (fields, "starts_at", starts);
  json_object_set_string_member (fields, "location", draft->consulate);
  json_object_set_int_member (fields, "reminder_minutes", SAMPLE_PICK (draft->rand, reminders, 3));
  json_object_set_string_member (fields, "preparation_notes",
                                 biometrics ? text (draft, sample_preparation_biometrics,
                                                    sample_n_preparation_biometrics)
                                            : text (draft, sample_preparation_interview,
                                                    sample_n_preparation_interview));
  json_object_set_string_member (fields, "status", status);
  add_edit (draft, "appointment", id, fields);
}

static const char *
interview_status (CaseDraft *draft,
                  guint32    day)
{
  if (draft->decided != 0 && draft->submitted == 0)
    return "cancelled";
  if (day > draft->generator->today)
    return "scheduled";
  if (g_strcmp0 (draft->decision, "refused") == 0 && sample_chance (draft->rand, 10))
    return "missed";
  return "attended";
}

/* Biometrics, then an interview or, where there is none, the slot the client moved. */
static void
add_appointments (CaseDraft *draft)
{
  guint32 today = draft->generator->today;
  gboolean withdrawn_early = draft->decided != 0 && draft->submitted == 0;
  const char *status = "scheduled";
  guint32 biometrics;
  guint32 second;

  if (draft->submitted != 0)
    biometrics = draft->submitted, status = "attended";
  else if (withdrawn_early)
    {
      biometrics = draft->decided + (guint32) sample_between (draft->rand, 1, 10);
      status = "cancelled";
    }
  else
    biometrics = today + (guint32) sample_between (draft->rand, 2, 30);
  add_appointment (draft, "biometrics", biometrics, status);

  if (draft->interview)
    {
      /* Between submission and decision, or some days after the biometrics. */
      gint span = draft->decided != 0 && draft->submitted != 0
                  ? (gint) (draft->decided - draft->submitted) - 1
                  : 12;

      second = (draft->submitted != 0 ? draft->submitted : biometrics)
               + (guint32) sample_between (draft->rand, 1, MAX (1, span));
      add_appointment (draft, "interview", second, interview_status (draft, second));
      return;
    }
  second = sample_later (biometrics - (guint32) sample_between (draft->rand, 3, 14), draft->intake);
  status = second < today && sample_chance (draft->rand, 15) ? "missed" : "cancelled";
  add_appointment (draft, "biometrics", second, status);
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static void
add_activity (CaseDraft *draft)
{
  static const char * const kinds[] = { "call", "follow_up", "note", "visit", "complaint" };
  static const guint weights[] = { 35, 25, 25, 10, 5 };
  guint32 last = draft->closed != 0 ? draft->closed : draft->generator->today;
  guint n = (guint) sample_between (draft->rand, 3, 7);
  guint32 days[7];

  days[0] = draft->intake;
  for (guint i = 1; i < n; i++)
    days[i] = draft->intake + (guint32) sample_between (draft->rand, 0, (gint) (last - draft->intake));
  qsort (days, n, sizeof days[0], compare_days);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *id = new_id (draft);
      const char *kind = i == 0 ? "note" : kinds[sample_weighted (draft->rand, weights, 5)];
      guint minutes = 9 * 60 + (guint) sample_between (draft->rand, 0, 570);
      g_autofree char *at = sample_timestamp (days[i], minutes);
      guint n_bodies;
      const SampleText *bodies = sample_activity_bodies_for (kind, &n_bodies);
      const char *author = sample_chance (draft->rand, 70) ? draft->assignee : pick_specialist (draft);

      json_object_set_string_member (fields, "case_id", draft->id);
      json_object_set_string_member (fields, "kind", kind);
      json_object_set_string_member (fields, "author", author);
      json_object_set_string_member (fields, "occurred_at", at);
      /* The first entry is always the intake note. */
      if (i == 0)
        json_object_set_string_member (fields, "body", draft->chinese_text ? bodies[0].zh : bodies[0].en);
      else
        json_object_set_string_member (fields, "body", text (draft, bodies, n_bodies));
      add_edit (draft, "activity_entry", id, fields);
    }
}

static void
add_fee (CaseDraft  *draft,
         const char *kind,
         double      amount,
         const char *currency,
         guint32     paid_on)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = new_id (draft);

  json_object_set_string_member (fields, "case_id", draft->id);
  json_object_set_string_member (fields, "kind", kind);
  json_object_set_double_member (fields, "amount_quoted", amount);
  json_object_set_string_member (fields, "currency", currency);
  if (paid_on != 0)
    {
      g_autofree char *receipt = g_strdup_printf ("RC-%u-%06u", sample_year_of (paid_on),
                                                  (guint) sample_between (draft->rand, 0, 999999));
      json_object_set_double_member (fields, "amount_paid", amount);
      sample_set_day (fields, "paid_on", paid_on);
      json_object_set_string_member (fields, "receipt", receipt);
    }
  add_edit (draft, "fee", id, fields);
}

static void
add_fees (CaseDraft *draft)
{
  static const double tier_prices[] = { 600, 1200, 2500 };
  const char *tier = draft->applicant->tier;
  guint tier_index = strcmp (tier, "vip") == 0 ? 2 : strcmp (tier, "business") == 0 ? 1 : 0;
  double service = tier_prices[tier_index];
  guint32 paid = 0;
  guint centre = sample_centre_fee (draft->country);

  if (draft->stage > INTAKE)
    paid = sample_earlier (draft->intake + (guint32) sample_between (draft->rand, 0, 3),
                           draft->generator->today);
  if (strcmp (draft->urgency, "urgent") == 0)
    service *= 1.5;
  else if (strcmp (draft->urgency, "express") == 0)
    service *= 2;
  add_fee (draft, "service", service, "CNY", paid);
  if (draft->country->fee > 0)
    add_fee (draft, "consular", draft->country->fee, draft->country->currency, draft->submitted);
  if (draft->visa_centre && centre > 0)
    add_fee (draft, "visa_centre", centre, "CNY", draft->submitted);
}

static void
add_shipment (CaseDraft  *draft,
              const char *direction,
              const char *contents,
              guint32     sent,
              gboolean    delivered)
{
  static const char * const carriers[] = { "SF Express", "EMS", "DHL Express", "JD Logistics" };
  static const char * const patterns[] = { "SF9999999999999", "EA999999999CN", "9999999999",
                                           "JD999999999999" };
  guint carrier = (guint) g_rand_int_range (draft->rand, 0, G_N_ELEMENTS (carriers));
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = new_id (draft);
  g_autofree char *tracking = sample_pattern (draft->rand, patterns[carrier]);
  guint32 arrival = sample_earlier (sent + (guint32) sample_between (draft->rand, 1, 2),
                                    draft->generator->today);
  gboolean lost = sample_chance (draft->rand, 1) && sample_chance (draft->rand, 50);

  json_object_set_string_member (fields, "case_id", draft->id);
  json_object_set_string_member (fields, "carrier", carriers[carrier]);
  json_object_set_string_member (fields, "tracking_number", tracking);
  json_object_set_string_member (fields, "direction", direction);
  json_object_set_string_member (fields, "contents", contents);
  json_object_set_string_member (fields, "status", lost ? "lost" : delivered ? "delivered" : "in_transit");
  sample_set_day (fields, "sent_on", sent);
  if (delivered && !lost)
    sample_set_day (fields, "delivered_on", MAX (arrival, sent));
  add_edit (draft, "shipment", id, fields);
}

static void
add_shipments (CaseDraft *draft)
{
  guint32 today = draft->generator->today;
  guint32 sent;

  if (draft->submitted == 0)
    return;
  add_shipment (draft, "to_consulate",
                draft->chinese_text ? "护照原件及申请材料" : "Passport and application file",
                MAX (draft->submitted - 1, draft->intake), TRUE);
  if (draft->stage == DECIDED && g_strcmp0 (draft->decision, "withdrawn") != 0)
    {
      sent = sample_earlier (draft->decided + (guint32) sample_between (draft->rand, 1, 3), today);
      add_shipment (draft, "from_consulate",
                    draft->chinese_text ? "护照（含签证页）" : "Passport with the decision", sent,
                    sent + 2 <= today);
    }
  else if (draft->stage == CLOSED)
    {
      sent = sample_later (draft->closed - (guint32) sample_between (draft->rand, 0, 2),
                           draft->decided);
      add_shipment (draft, "to_client",
                    draft->chinese_text ? "护照及签证结果" : "Passport and decision letter", sent,
                    TRUE);
    }
}

GPtrArray *
sample_case_edits (DossierSampleGenerator *generator,
                   guint                   index)
{
  SampleApplicant applicant;
  CaseDraft draft = { 0 };
  guint applicant_index;
  gboolean first_case;
  g_autoptr(JsonObject) fields = NULL;

  sample_applicant_of_case (generator, index, &applicant_index, &first_case);
  sample_applicant_init (&applicant, generator, applicant_index);
  draft.generator = generator;
  draft.index = index;
  draft.applicant = &applicant;
  draft.edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);
  if (first_case)
    {
      g_autoptr(JsonObject) person = sample_applicant_fields (&applicant);
      add_edit (&draft, "applicant", applicant.id, person);
    }

  draft.rand = sample_rand_new (generator, SAMPLE_STREAM_CASE, index);
  draft.id = new_id (&draft);
  choose_destination (&draft, index);
  choose_kind (&draft);
  draw_timeline (&draft);
  draw_travel (&draft);
  fields = case_fields (&draft, index);
  add_edit (&draft, "case", draft.id, fields);
  add_checklist (&draft);
  add_appointments (&draft);
  add_activity (&draft);
  add_fees (&draft);
  add_shipments (&draft);

  g_rand_free (draft.rand);
  g_free (draft.id);
  g_free (draft.consulate);
  sample_applicant_clear (&applicant);
  return draft.edits;
}
