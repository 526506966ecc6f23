/* dossier-sample-data-notes.c: offices and policy notes of the sample data.
 *
 * The first notes are one per destination and visa type, the notes cases'
 * checklists come from; their requirements follow the rules of the trade
 * (travel insurance for the Schengen area, police certificates for work,
 * admission letters for study) rather than chance, so a seed changes the
 * wording and dates of a note but not what it asks for.  Further notes are
 * variants by topic and consular district, with distinct titles, for
 * benchmarks that need ten thousand of them.
 */
#include "dossier-sample-data-private.h"

#include "dossier-checklist.h"
#include "dossier-countries.h"

#include <string.h>

/* Documents each visa type asks for beyond the passport, photographs and form. */
static const char * const type_requirements[SAMPLE_N_VISA_TYPES][9] = {
  { "itinerary", "hotel_booking", "return_ticket", "insurance", "bank_statement",
    "employment_certificate", NULL },
  { "invitation_letter", "employment_certificate", "business_registration", "bank_statement",
    "insurance", "itinerary", "hotel_booking", "return_ticket", NULL },
  { "admission_letter", "proof_of_funds", "bank_statement", "insurance", "birth_certificate",
    "medical_certificate", NULL },
  { "work_permit", "employment_certificate", "police_certificate", "medical_certificate",
    "insurance", "previous_visas", NULL },
  { "invitation_letter", "sponsorship_letter", "proof_of_funds", "insurance",
    "marriage_certificate", "birth_certificate", "return_ticket", NULL },
  { "itinerary", "return_ticket", "previous_visas", NULL },
};

enum { TOURIST, BUSINESS, STUDENT, WORK, FAMILY, TRANSIT };

static gboolean
is_short_stay (guint visa_type)
{
  return visa_type == TOURIST || visa_type == BUSINESS || visa_type == TRANSIT;
}

static void
add_kind (JsonArray  *array,
          const char *kind)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (strcmp (json_array_get_string_element (array, i), kind) == 0)
      return;
  json_array_add_string_element (array, kind);
}

/* A fixed function of the destination: a rule of that country, not chance. */
static guint
country_hash (const SampleCountry *country)
{
  return (guint) country->alpha2[0] * 31u + (guint) country->alpha2[1];
}

static JsonArray *
requirements_array (guint country_index,
                    guint visa_type)
{
  const SampleCountry *country = &sample_countries[country_index];
  JsonArray *array = json_array_new ();
  guint hash = country_hash (country) + visa_type;

  for (const char * const *kind = type_requirements[visa_type]; *kind != NULL; kind++)
    {
      /* Outside the Schengen area short stays rarely need insurance. */
      if (strcmp (*kind, "insurance") == 0 && is_short_stay (visa_type)
          && !(country->flags & SAMPLE_COUNTRY_SCHENGEN))
        continue;
      json_array_add_string_element (array, *kind);
    }
  if ((country->flags & SAMPLE_COUNTRY_INTERVIEW) && is_short_stay (visa_type))
    add_kind (array, "previous_visas");
  if (hash % 3 == 0 && (visa_type == TOURIST || visa_type == BUSINESS || visa_type == FAMILY))
    add_kind (array, "tax_return");
  if (hash % 5 == 1 && visa_type != TRANSIT)
    add_kind (array, "previous_visas");
  return array;
}

char *
sample_note_requirements (guint country,
                          guint visa_type)
{
  g_autoptr(JsonArray) array = requirements_array (country, visa_type);
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);

  return json_to_string (node, FALSE);
}

guint
sample_processing_days (const SampleCountry *country,
                        guint                visa_type)
{
  return country->processing_days + (is_short_stay (visa_type) || visa_type == FAMILY ? 0 : 30);
}

guint
sample_centre_fee (const SampleCountry *country)
{
  if (!(country->flags & SAMPLE_COUNTRY_VISA_CENTRE))
    return 0;
  return 150 + (country_hash (country) % 12) * 10;
}

const char *
sample_country_name (const SampleCountry *country)
{
  const DossierCountry *iso = dossier_country_lookup_alpha2 (country->alpha2);

  return iso != NULL ? iso->name : country->alpha2;
}

const char *
sample_country_alpha3 (const SampleCountry *country)
{
  const DossierCountry *iso = dossier_country_lookup_alpha2 (country->alpha2);

  return iso != NULL ? iso->alpha3 : "";
}

static const char *
article_for (const char *name)
{
  static const char * const with_the[] = {
    "United States", "United Kingdom", "United Arab Emirates", "Netherlands", "Philippines",
    "Russian Federation",
  };

  for (guint i = 0; i < G_N_ELEMENTS (with_the); i++)
    if (strcmp (with_the[i], name) == 0)
      return "the ";
  return "";
}

/* "the United States", for a sentence. */
char *
sample_country_phrase (const SampleCountry *country)
{
  const char *name = sample_country_name (country);

  return g_strconcat (article_for (name), name, NULL);
}

/* Shenzhen's clients go to the consulates in Guangzhou. */
char *
sample_office_consulate (guint                office,
                         const SampleCountry *country,
                         gboolean             visa_centre)
{
  const char *name = sample_country_name (country);
  const char *city = sample_offices[office].city;

  if (visa_centre && (country->flags & SAMPLE_COUNTRY_VISA_CENTRE))
    return g_strdup_printf ("%s Visa Application Centre, %s", name, city);
  if (office == 4)
    city = sample_offices[2].city;
  if (office == 0 || !(country->flags & SAMPLE_COUNTRY_CONSULATES))
    return g_strdup_printf ("Embassy of %s%s, Beijing", article_for (name), name);
  return g_strdup_printf ("Consulate General of %s%s, %s", article_for (name), name, city);
}

/* ---- Offices -------------------------------------------------------------- */

GPtrArray *
sample_office_edits (DossierSampleGenerator *generator)
{
  GPtrArray *edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);

  for (guint i = 0; i < SAMPLE_N_OFFICES; i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();

      json_object_set_string_member (fields, "name", sample_offices[i].name);
      json_object_set_string_member (fields, "city", sample_offices[i].city);
      json_object_set_string_member (fields, "country", "CN");
      g_ptr_array_add (edits, dossier_edit_new ("office", generator->office_ids[i], fields));
    }
  return edits;
}

/* ---- Policy notes --------------------------------------------------------- */

typedef enum
{
  NOTE_ENGLISH,
  NOTE_CHINESE,
  NOTE_BILINGUAL,
} NoteLanguage;

typedef struct
{
  guint                country_index;
  const SampleCountry *country;
  guint                visa_type;
  guint                variant;        /* 0 for the base note */
  NoteLanguage         language;
  guint                processing_days;
  guint                centre_fee;
} NoteDraft;

static const char *
type_label_en (const NoteDraft *note)
{
  static const char * const schengen[SAMPLE_N_VISA_TYPES] = {
    " (Schengen type C)", " (Schengen type C)", " (national type D)", " (national type D)",
    " (Schengen type C)", " (airport transit, type A)",
  };

  return (note->country->flags & SAMPLE_COUNTRY_SCHENGEN) ? schengen[note->visa_type] : "";
}

static const char *
type_label_zh (const NoteDraft *note)
{
  static const char *const schengen[SAMPLE_N_VISA_TYPES] = {
    "（申根C类）",     "（申根C类）", "（国家D类长期）",
    "（国家D类长期）", "（申根C类）", "（机场过境A类）",
  };

  return (note->country->flags & SAMPLE_COUNTRY_SCHENGEN) ? schengen[note->visa_type] : "";
}

static char *
variant_suffix (const NoteDraft *note,
                gboolean         chinese)
{
  guint v = note->variant - 1;
  guint per_edition = sample_n_note_topics * sample_n_note_regions;
  const SampleText *topic = &sample_note_topics[v % sample_n_note_topics];
  const SampleWord *region
    = &sample_note_regions[(v / sample_n_note_topics) % sample_n_note_regions];
  guint edition = v / per_edition;
  g_autofree char *edition_text = NULL;

  if (edition > 0)
    edition_text = g_strdup_printf (chinese ? "（第%u版）" : " (edition %u)", edition + 1);
  if (chinese)
    return g_strdup_printf ("——%s（%s）%s", topic->zh, region->native,
                            edition_text ? edition_text : "");
  return g_strdup_printf (" — %s, %s%s", topic->en, region->latin,
                          edition_text ? edition_text : "");
}

static char *
note_title (const NoteDraft *note)
{
  const SampleText *type = &sample_visa_type_names[note->visa_type];
  g_autofree char *en = g_strdup_printf ("%s: %s visa%s", sample_country_name (note->country),
                                         type->en, type_label_en (note));
  g_autofree char *zh = g_strdup_printf ("%s%s签证%s", note->country->name_zh, type->zh,
                                         type_label_zh (note));
  g_autofree char *en_variant = note->variant ? variant_suffix (note, FALSE) : g_strdup ("");
  g_autofree char *zh_variant = note->variant ? variant_suffix (note, TRUE) : g_strdup ("");

  switch (note->language)
    {
    case NOTE_ENGLISH:
      return g_strconcat (en, en_variant, NULL);
    case NOTE_CHINESE:
      return g_strconcat (zh, zh_variant, NULL);
    case NOTE_BILINGUAL:
    default:
      return g_strconcat (zh, zh_variant, " / ", en, en_variant, NULL);
    }
}

static char *
fees_text (const NoteDraft *note,
           gboolean         chinese)
{
  const SampleCountry *country = note->country;
  g_autoptr(GString) text = g_string_new (NULL);

  if (country->fee == 0)
    g_string_append (text, chinese ? "免签证费" : "No visa fee");
  else
    g_string_append_printf (text, chinese ? "签证费 %s %u" : "Visa fee %s %u",
                            country->currency, country->fee);
  if (note->centre_fee > 0)
    g_string_append_printf (
      text, chinese ? "；签证中心服务费 CNY %u" : "; visa centre service fee CNY %u",
      note->centre_fee);
  if (country->flags & SAMPLE_COUNTRY_SCHENGEN)
    g_string_append (text, chinese ? "；6至12岁儿童减半" : "; children aged 6 to 12 pay half");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
append_documents (GString   *body,
                  JsonArray *requirements,
                  gboolean   chinese)
{
  const char * const base[] = { "passport", "photo", "application_form" };

  for (guint i = 0; i < G_N_ELEMENTS (base) + json_array_get_length (requirements); i++)
    {
      const char *kind = i < G_N_ELEMENTS (base) ? base[i]
                         : json_array_get_string_element (requirements, i - G_N_ELEMENTS (base));
      const DossierDocumentKind *known = dossier_document_kind_lookup (kind);

      if (i > 0)
        g_string_append (body, chinese ? "、" : ", ");
      g_string_append (body, chinese ? sample_document_title_zh (kind)
                                     : known != NULL ? known->title : kind);
    }
  g_string_append (body, chinese ? "。\n\n" : ".\n\n");
}

static const SampleText who_applies[SAMPLE_N_VISA_TYPES] = {
  { "holidays, sightseeing and visits to friends", "旅游观光、探访朋友" },
  { "meetings, trade fairs and negotiations, without paid work",
    "商务会议、展会及洽谈（不得从事有偿工作）" },
  { "studies of more than 90 days at a recognised institution", "在认可院校学习90天以上" },
  { "employment under a contract, or a transfer within a company", "凭劳动合同就业或公司内部调动" },
  { "visits to relatives, or joining a spouse or parent", "探亲或与配偶、父母团聚" },
  { "changing planes without entering the country", "转机且不入境" },
};

static void
append_body_en (GString         *body,
                const NoteDraft *note,
                JsonArray       *requirements,
                const char      *tip)
{
  const SampleCountry *country = note->country;
  g_autofree char *fees = fees_text (note, FALSE);
  gboolean schengen = (country->flags & SAMPLE_COUNTRY_SCHENGEN) != 0;

  g_string_append_printf (body,
                          "%s %s visa for residents of mainland China. For %s.\n\nDocuments: ",
                          sample_country_name (country), sample_visa_type_names[note->visa_type].en,
                          who_applies[note->visa_type].en);
  append_documents (body, requirements, FALSE);
  if (country->validity_months > 0)
    g_string_append_printf (
      body, "Passport: valid at least %u months beyond the planned departure from %s, ",
      country->validity_months, schengen ? "the Schengen area" : sample_country_name (country));
  else
    g_string_append (body, "Passport: valid for the whole stay, ");
  g_string_append (body, "issued within the last 10 years, with at least two blank pages.\n\n");
  g_string_append_printf (body, "Processing: usually %u calendar days after the appointment%s.\n\n",
                          note->processing_days,
                          (country->flags & SAMPLE_COUNTRY_INTERVIEW)
                            ? "; most applicants are interviewed" : "");
  g_string_append_printf (body, "Fees: %s.\n\n%s", fees, tip);
}

static void
append_body_zh (GString         *body,
                const NoteDraft *note,
                JsonArray       *requirements,
                const char      *tip)
{
  const SampleCountry *country = note->country;
  g_autofree char *fees = fees_text (note, TRUE);
  gboolean schengen = (country->flags & SAMPLE_COUNTRY_SCHENGEN) != 0;

  g_string_append_printf (body, "%s%s签证（适用于中国大陆居民），适用于%s。\n\n所需材料：",
                          country->name_zh, sample_visa_type_names[note->visa_type].zh,
                          who_applies[note->visa_type].zh);
  append_documents (body, requirements, TRUE);
  if (country->validity_months > 0)
    g_string_append_printf (body, "护照：有效期须超出计划离开%s之日至少%u个月，",
                            schengen ? "申根区" : country->name_zh, country->validity_months);
  else
    g_string_append (body, "护照：有效期须覆盖整个停留期，");
  g_string_append (body, "签发不超过10年，至少两页空白页。\n\n");
  g_string_append_printf (body, "办理时间：递交后通常%u个自然日%s。\n\n", note->processing_days,
                          (country->flags & SAMPLE_COUNTRY_INTERVIEW) ? "，多数申请人需面谈" : "");
  g_string_append_printf (body, "费用：%s。\n\n%s", fees, tip);
}

static char *
note_body (const NoteDraft *note,
           JsonArray       *requirements,
           GRand           *rand)
{
  const SampleText *tip
    = &sample_policy_tips[g_rand_int_range (rand, 0, (gint32) sample_n_policy_tips)];
  GString *body = g_string_new (NULL);

  if (note->language != NOTE_CHINESE)
    append_body_en (body, note, requirements, tip->en);
  if (note->language == NOTE_BILINGUAL)
    g_string_append (body, "\n\n");
  if (note->language != NOTE_ENGLISH)
    append_body_zh (body, note, requirements, tip->zh);
  return g_string_free (body, FALSE);
}

static void
draft_note (NoteDraft *note,
            guint      index,
            GRand     *rand)
{
  static const guint language_weights[] = { 40, 30, 30 };
  guint n_base = sample_n_countries * SAMPLE_N_VISA_TYPES;
  guint base = index % n_base;

  note->country_index = base / SAMPLE_N_VISA_TYPES;
  note->country = &sample_countries[note->country_index];
  note->visa_type = base % SAMPLE_N_VISA_TYPES;
  note->variant = index / n_base;
  note->language = (NoteLanguage) sample_weighted (rand, language_weights, 3);
  note->processing_days = sample_processing_days (note->country, note->visa_type);
  if (note->variant > 0)
    note->processing_days += (guint) sample_between (rand, 0, 10);
  note->centre_fee = sample_centre_fee (note->country);
}

static JsonObject *
note_fields (DossierSampleGenerator *generator,
             const NoteDraft        *note,
             GRand                  *rand,
             guint32                 effective)
{
  JsonObject *fields = json_object_new ();
  g_autoptr(JsonArray) requirements = requirements_array (note->country_index, note->visa_type);
  g_autofree char *title = note_title (note);
  g_autofree char *body = note_body (note, requirements, rand);
  g_autofree char *fees = fees_text (note, note->language == NOTE_CHINESE);

  json_object_set_string_member (fields, "country", note->country->alpha2);
  json_object_set_string_member (fields, "visa_type", sample_visa_types[note->visa_type]);
  json_object_set_string_member (fields, "title", title);
  json_object_set_string_member (fields, "body", body);
  json_object_set_array_member (fields, "requirements", json_array_ref (requirements));
  json_object_set_int_member (fields, "passport_validity_months", note->country->validity_months);
  json_object_set_int_member (fields, "processing_days", note->processing_days);
  json_object_set_string_member (fields, "fees_text", fees);
  sample_set_day (fields, "effective_date", effective);
  json_object_set_string_member (fields, "source", note->country->source);
  json_object_set_int_member (fields, "version", note->variant > 0 ? 1 + note->variant % 3 : 1);
  return fields;
}

/* A second version: processing got slower and the note says so, in its own language. */
static JsonObject *
note_update (const NoteDraft *note,
             JsonObject      *first,
             guint32          effective)
{
  JsonObject *fields = json_object_new ();
  guint days = note->processing_days + 5;
  g_autofree char *body = NULL;

  if (note->language == NOTE_CHINESE)
    body = g_strdup_printf ("%s\n\n更新：受申请量影响，办理时间延长至约%u个自然日。",
                            json_object_get_string_member (first, "body"), days);
  else
    body = g_strdup_printf (
      "%s\n\nUpdate: with more applications, processing now takes about %u calendar days.",
      json_object_get_string_member (first, "body"), days);
  json_object_set_string_member (fields, "body", body);
  json_object_set_int_member (fields, "processing_days", days);
  sample_set_day (fields, "effective_date", effective);
  json_object_set_int_member (fields, "version", 2);
  return fields;
}

GPtrArray *
sample_policy_note_edits (DossierSampleGenerator *generator,
                          guint                   index)
{
  GPtrArray *edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);
  g_autoptr(GRand) rand = sample_rand_new (generator, SAMPLE_STREAM_NOTE, index);
  g_autofree char *id = sample_uuid (generator, rand, SAMPLE_ORDER_NOTES + index);
  g_autoptr(JsonObject) fields = NULL;
  NoteDraft note;
  guint32 effective;

  draft_note (&note, index, rand);
  effective = generator->today - (guint32) (note.variant > 0 ? sample_between (rand, 60, 1500)
                                                             : sample_between (rand, 30, 700));
  fields = note_fields (generator, &note, rand, effective);
  g_ptr_array_add (edits, dossier_edit_new ("policy_note", id, fields));
  /* Every fifth base note has been revised once, so its history has two versions. */
  if (note.variant == 0 && index % 5 == 2)
    {
      g_autoptr(JsonObject) update = NULL;
      guint32 revised
        = sample_earlier (effective + (guint32) sample_between (rand, 20, 200), generator->today);

      update = note_update (&note, fields, revised);
      g_ptr_array_add (edits, dossier_edit_new ("policy_note", id, update));
    }
  return edits;
}
