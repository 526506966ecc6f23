/* dossier-checklist.c: checklist generation, item states and the item pipeline.
 *
 * The defaults of each document kind are those of an office serving applicants
 * from mainland China: documents issued there are in Chinese and need a
 * certified translation; civil-status and police documents are notarial
 * certificates, and since China joined the Apostille Convention (7 November
 * 2023) they carry an apostille.  A policy note can override any of them.
 */
#include "dossier-checklist.h"

#include "dossier-checks.h"
#include "dossier-date.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (dossier-checklist-error-quark, dossier_checklist_error)

#define NONE DOSSIER_LEGALIZATION_NONE
#define APOSTILLE DOSSIER_LEGALIZATION_APOSTILLE

static const DossierDocumentKind kinds[] = {
  { "passport", N_("Passport"), FALSE, FALSE, NONE },
  { "photo", N_("Photographs"), FALSE, FALSE, NONE },
  { "application_form", N_("Application form"), FALSE, FALSE, NONE },
  { "invitation_letter", N_("Invitation letter"), FALSE, FALSE, NONE },
  { "bank_statement", N_("Bank statements"), TRUE, FALSE, NONE },
  { "employment_certificate", N_("Employment certificate"), TRUE, FALSE, NONE },
  { "insurance", N_("Travel medical insurance"), FALSE, FALSE, NONE },
  { "itinerary", N_("Travel itinerary"), FALSE, FALSE, NONE },
  { "hotel_booking", N_("Hotel booking"), FALSE, FALSE, NONE },
  { "admission_letter", N_("Letter of admission"), FALSE, FALSE, NONE },
  { "proof_of_funds", N_("Proof of funds"), TRUE, FALSE, NONE },
  { "marriage_certificate", N_("Marriage certificate"), TRUE, TRUE, APOSTILLE },
  { "birth_certificate", N_("Birth certificate"), TRUE, TRUE, APOSTILLE },
  { "police_certificate", N_("Police clearance certificate"), TRUE, TRUE, APOSTILLE },
  { "medical_certificate", N_("Medical certificate"), TRUE, FALSE, NONE },
  { "work_permit", N_("Work permit"), FALSE, FALSE, NONE },
  { "return_ticket", N_("Return or onward ticket"), FALSE, FALSE, NONE },
  { "tax_return", N_("Tax return"), TRUE, FALSE, NONE },
  { "business_registration", N_("Business registration certificate"), TRUE, TRUE, NONE },
  { "sponsorship_letter", N_("Sponsorship letter"), TRUE, FALSE, NONE },
  { "previous_visas", N_("Copies of previous visas"), FALSE, FALSE, NONE },
};

#undef NONE
#undef APOSTILLE

/* What every application needs, first in every checklist. */
static const char * const base_kinds[] = { "passport", "photo", "application_form" };

typedef struct
{
  const char *kind;
  gboolean    optional;
} DefaultItem;

typedef struct
{
  const char  *visa_type;
  DefaultItem  items[10];
} DefaultList;

static const DefaultList default_lists[] = {
  { "tourist", { { "itinerary", FALSE }, { "hotel_booking", FALSE }, { "return_ticket", FALSE },
                 { "insurance", FALSE }, { "bank_statement", FALSE },
                 { "employment_certificate", FALSE }, { NULL, FALSE } } },
  { "business", { { "invitation_letter", FALSE }, { "employment_certificate", FALSE },
                  { "business_registration", FALSE }, { "bank_statement", FALSE },
                  { "insurance", FALSE }, { "itinerary", FALSE }, { "hotel_booking", FALSE },
                  { "return_ticket", FALSE }, { NULL, FALSE } } },
  { "student", { { "admission_letter", FALSE }, { "proof_of_funds", FALSE },
                 { "bank_statement", FALSE }, { "insurance", FALSE },
                 { "sponsorship_letter", TRUE }, { "birth_certificate", TRUE },
                 { NULL, FALSE } } },
  { "work", { { "work_permit", FALSE }, { "employment_certificate", FALSE },
              { "police_certificate", FALSE }, { "medical_certificate", FALSE },
              { "insurance", FALSE }, { "previous_visas", TRUE }, { NULL, FALSE } } },
  { "family", { { "invitation_letter", FALSE }, { "sponsorship_letter", FALSE },
                { "proof_of_funds", FALSE }, { "insurance", FALSE },
                { "marriage_certificate", TRUE }, { "birth_certificate", TRUE },
                { "return_ticket", FALSE }, { NULL, FALSE } } },
  { "transit", { { "itinerary", FALSE }, { "return_ticket", FALSE },
                 { "previous_visas", TRUE }, { "insurance", TRUE }, { NULL, FALSE } } },
};

const DossierDocumentKind *
dossier_document_kinds_get_all (guint *out_n_kinds)
{
  g_return_val_if_fail (out_n_kinds != NULL, NULL);

  *out_n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const DossierDocumentKind *
dossier_document_kind_lookup (const char *kind)
{
  if (kind == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (strcmp (kinds[i].kind, kind) == 0)
        return &kinds[i];
    }
  return NULL;
}

const char *
dossier_document_kind_get_title (const DossierDocumentKind *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  return _(kind->title);
}

static const char * const legalization_names[] = { "none", "legalization", "apostille" };

const char *
dossier_legalization_to_string (DossierLegalization legalization)
{
  g_return_val_if_fail ((guint) legalization < G_N_ELEMENTS (legalization_names), NULL);

  return legalization_names[legalization];
}

gboolean
dossier_legalization_from_string (const char          *text,
                                  DossierLegalization *out_legalization)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (legalization_names); i++)
    {
      if (strcmp (text, legalization_names[i]) == 0)
        {
          if (out_legalization != NULL)
            *out_legalization = (DossierLegalization) i;
          return TRUE;
        }
    }
  return FALSE;
}

static const DefaultList *
find_default_list (const char *visa_type)
{
  for (guint i = 0; visa_type != NULL && i < G_N_ELEMENTS (default_lists); i++)
    {
      if (strcmp (default_lists[i].visa_type, visa_type) == 0)
        return &default_lists[i];
    }
  return NULL;
}

gboolean
dossier_checklist_visa_type_is_known (const char *visa_type)
{
  return find_default_list (visa_type) != NULL;
}

JsonArray *
dossier_checklist_default_requirements (const char *visa_type)
{
  const DefaultList *list = find_default_list (visa_type);
  JsonArray *array;

  if (list == NULL)
    return NULL;

  array = json_array_new ();
  for (const DefaultItem *item = list->items; item->kind != NULL; item++)
    {
      if (item->optional)
        {
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "kind", item->kind);
          json_object_set_string_member (object, "requirement", "optional");
          json_array_add_object_element (array, object);
        }
      else
        json_array_add_string_element (array, item->kind);
    }
  return array;
}

/* ---- Generating a checklist ---------------------------------------------- */

/* One requested kind, as a policy note states it; -1 means the kind's default. */
typedef struct
{
  const char *kind;
  const char *requirement;
  const char *title;
  gint        translation;
  gint        notarization;
  gint        legalization;
} ItemSpec;

static void
item_spec_init (ItemSpec   *spec,
                const char *kind)
{
  spec->kind = kind;
  spec->requirement = "required";
  spec->title = NULL;
  spec->translation = -1;
  spec->notarization = -1;
  spec->legalization = -1;
}

static gboolean
set_invalid_item (guint    index,
                  GError **error)
{
  g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_INVALID_REQUIREMENTS,
               _("Item %u of the policy note’s requirements is not a document kind"),
               index + 1);
  return FALSE;
}

/* Reads an optional boolean member (true/false or 0/1) into -1, 0 or 1. */
static gboolean
read_flag_member (JsonObject *object,
                  const char *name,
                  gint       *out_value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    *out_value = json_node_get_boolean (node) ? 1 : 0;
  else if (json_node_get_value_type (node) == G_TYPE_INT64
           && (json_node_get_int (node) == 0 || json_node_get_int (node) == 1))
    *out_value = (gint) json_node_get_int (node);
  else
    return FALSE;
  return TRUE;
}

/* Reads an optional string member; %FALSE if it is there but not a string. */
static gboolean
read_string_member (JsonObject  *object,
                    const char  *name,
                    const char **out_value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out_value = json_node_get_string (node);
  return TRUE;
}

static gboolean
spec_from_object (JsonObject *object,
                  ItemSpec   *spec)
{
  const char *kind = NULL;
  const char *legalization = NULL;
  DossierLegalization value;

  if (!read_string_member (object, "kind", &kind) || kind == NULL || kind[0] == '\0')
    return FALSE;
  item_spec_init (spec, kind);
  if (!read_string_member (object, "requirement", &spec->requirement)
      || (strcmp (spec->requirement, "required") != 0
          && strcmp (spec->requirement, "optional") != 0))
    return FALSE;
  if (!read_string_member (object, "title", &spec->title)
      || !read_flag_member (object, "translation_needed", &spec->translation)
      || !read_flag_member (object, "notarization_needed", &spec->notarization)
      || !read_string_member (object, "legalization", &legalization))
    return FALSE;
  if (legalization != NULL)
    {
      if (!dossier_legalization_from_string (legalization, &value))
        return FALSE;
      spec->legalization = (gint) value;
    }
  return TRUE;
}

static gboolean
spec_from_node (JsonNode *node,
                ItemSpec *spec)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return spec_from_object (json_node_get_object (node), spec);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
      && json_node_get_string (node)[0] != '\0')
    {
      item_spec_init (spec, json_node_get_string (node));
      return TRUE;
    }
  return FALSE;
}

/* Reads the requirements text into specs, the first of each kind winning. */
static gboolean
read_specs (JsonArray  *requirements,
            GArray     *specs,
            GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (requirements); i++)
    {
      ItemSpec spec;

      if (!spec_from_node (json_array_get_element (requirements, i), &spec))
        return set_invalid_item (i, error);
      if (g_hash_table_add (seen, (gpointer) spec.kind))
        g_array_append_val (specs, spec);
    }
  return TRUE;
}

/* %NULL, "", "null" and "[]" all mean the policy note lists nothing. */
static gboolean
parse_requirements (const char  *text,
                    JsonArray  **out_array,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  *out_array = NULL;
  if (text == NULL || text[0] == '\0')
    return TRUE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_INVALID_REQUIREMENTS,
                   _("The policy note’s requirements are not valid JSON: %s"),
                   local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || JSON_NODE_HOLDS_NULL (root))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, DOSSIER_CHECKLIST_ERROR,
                           DOSSIER_CHECKLIST_ERROR_INVALID_REQUIREMENTS,
                           _("The policy note’s requirements are not a list of document kinds"));
      return FALSE;
    }
  if (json_array_get_length (json_node_get_array (root)) > 0)
    *out_array = json_array_ref (json_node_get_array (root));
  return TRUE;
}

/* "residence_permit" -> "Residence permit", for kinds this version does not know. */
static char *
title_from_kind (const char *kind)
{
  char *title = g_strdelimit (g_strdup (kind), "_-", ' ');

  title[0] = g_ascii_toupper (title[0]);
  return title;
}

static gint
spec_value (gint     value,
            gboolean fallback)
{
  return value >= 0 ? value : (fallback ? 1 : 0);
}

typedef struct
{
  char  *requested_on;
  char  *due_date;
  guint  position;
} ItemDates;

static JsonObject *
make_item (const ItemSpec *spec,
           ItemDates      *dates)
{
  const DossierDocumentKind *known = dossier_document_kind_lookup (spec->kind);
  JsonObject *item = json_object_new ();
  g_autofree char *title = NULL;
  DossierLegalization legalization;

  if (spec->title != NULL && spec->title[0] != '\0')
    title = g_strdup (spec->title);
  else
    title = known != NULL ? g_strdup (dossier_document_kind_get_title (known))
                          : title_from_kind (spec->kind);
  legalization = spec->legalization >= 0 ? (DossierLegalization) spec->legalization
                 : known != NULL ? known->legalization : DOSSIER_LEGALIZATION_NONE;

  json_object_set_string_member (item, "kind", spec->kind);
  json_object_set_string_member (item, "title", title);
  json_object_set_string_member (item, "requirement", spec->requirement);
  json_object_set_string_member (item, "state", "requested");
  json_object_set_string_member (item, "requested_on", dates->requested_on);
  json_object_set_string_member (item, "due_date", dates->due_date);
  json_object_set_int_member (item, "translation_needed",
                              spec_value (spec->translation, known && known->translation_needed));
  json_object_set_int_member (item, "notarization_needed",
                              spec_value (spec->notarization, known && known->notarization_needed));
  json_object_set_string_member (item, "legalization", dossier_legalization_to_string (legalization));
  json_object_set_int_member (item, "position", dates->position++);
  return item;
}

static const ItemSpec *
find_spec (GArray     *specs,
           const char *kind)
{
  for (guint i = 0; i < specs->len; i++)
    {
      const ItemSpec *spec = &g_array_index (specs, ItemSpec, i);

      if (strcmp (spec->kind, kind) == 0)
        return spec;
    }
  return NULL;
}

static gboolean
is_base_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (base_kinds); i++)
    {
      if (strcmp (base_kinds[i], kind) == 0)
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
make_items (GArray      *specs,
            const GDate *requested_on,
            guint        due_in_days)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  ItemDates dates = { NULL, NULL, 0 };
  GDate due = *requested_on;

  g_date_add_days (&due, due_in_days);
  dates.requested_on = dossier_date_format_iso (requested_on);
  dates.due_date = dossier_date_format_iso (&due);

  /* The base kinds first, as the policy note states them if it does. */
  for (guint i = 0; i < G_N_ELEMENTS (base_kinds); i++)
    {
      const ItemSpec *listed = find_spec (specs, base_kinds[i]);
      ItemSpec spec;

      if (listed == NULL)
        item_spec_init (&spec, base_kinds[i]);
      g_ptr_array_add (items, make_item (listed != NULL ? listed : &spec, &dates));
    }
  for (guint i = 0; i < specs->len; i++)
    {
      const ItemSpec *spec = &g_array_index (specs, ItemSpec, i);

      if (!is_base_kind (spec->kind))
        g_ptr_array_add (items, make_item (spec, &dates));
    }

  g_free (dates.requested_on);
  g_free (dates.due_date);
  return items;
}

GPtrArray *
dossier_checklist_generate (const char  *requirements_json,
                            const char  *visa_type,
                            const GDate *requested_on,
                            guint        due_in_days,
                            GError     **error)
{
  g_autoptr(JsonArray) requirements = NULL;
  g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (ItemSpec));
  GDate start;

  g_return_val_if_fail (requested_on == NULL || g_date_valid (requested_on), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (visa_type != NULL && !dossier_checklist_visa_type_is_known (visa_type))
    {
      g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_UNKNOWN_VISA_TYPE,
                   _("“%s” is not a visa type"), visa_type);
      return NULL;
    }
  if (!parse_requirements (requirements_json, &requirements, error))
    return NULL;
  if (requirements == NULL && visa_type != NULL)
    requirements = dossier_checklist_default_requirements (visa_type);
  if (requirements != NULL && !read_specs (requirements, specs, error))
    return NULL;

  if (requested_on != NULL)
    start = *requested_on;
  else
    dossier_date_set_today (&start);
  return make_items (specs, &start, due_in_days);
}

/* ---- Item states --------------------------------------------------------- */

static const char * const state_names[] = { "requested", "received", "verified", "rejected" };

static const char * const state_labels[] = {
  N_("Requested"), N_("Received"), N_("Verified"), N_("Rejected"),
};

static const struct
{
  DossierItemState from;
  DossierItemState to;
} transitions[] = {
  { DOSSIER_ITEM_STATE_REQUESTED, DOSSIER_ITEM_STATE_RECEIVED },
  { DOSSIER_ITEM_STATE_RECEIVED, DOSSIER_ITEM_STATE_VERIFIED },
  { DOSSIER_ITEM_STATE_RECEIVED, DOSSIER_ITEM_STATE_REJECTED },
  /* A rejected document is asked for again, or a corrected one arrives. */
  { DOSSIER_ITEM_STATE_REJECTED, DOSSIER_ITEM_STATE_REQUESTED },
  { DOSSIER_ITEM_STATE_REJECTED, DOSSIER_ITEM_STATE_RECEIVED },
};

gboolean
dossier_item_state_from_string (const char       *text,
                                DossierItemState *out_state)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    {
      if (strcmp (text, state_names[i]) == 0)
        {
          if (out_state != NULL)
            *out_state = (DossierItemState) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
dossier_item_state_to_string (DossierItemState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

const char *
dossier_item_state_get_label (DossierItemState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_labels), NULL);

  return _(state_labels[state]);
}

static gboolean
transition_allowed (DossierItemState from,
                    DossierItemState to)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      if (transitions[i].from == from && transitions[i].to == to)
        return TRUE;
    }
  return FALSE;
}

GStrv
dossier_checklist_item_next_states (const char       *requirement,
                                    DossierItemState  state)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (g_strcmp0 (requirement, "not_applicable") != 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
        {
          if (transitions[i].from == state)
            g_strv_builder_add (builder, state_names[transitions[i].to]);
        }
    }
  return g_strv_builder_end (builder);
}

static gboolean
read_state (const char        *text,
            DossierItemState  *out_state,
            GError           **error)
{
  if (dossier_item_state_from_string (text, out_state))
    return TRUE;

  g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_UNKNOWN_STATE,
               _("“%s” is not a state of a checklist item"), text != NULL ? text : "");
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_requirement (const char  *requirement,
                  gboolean    *out_not_applicable,
                  GError     **error)
{
  *out_not_applicable = g_strcmp0 (requirement, "not_applicable") == 0;
  if (requirement == NULL || *out_not_applicable || strcmp (requirement, "required") == 0
      || strcmp (requirement, "optional") == 0)
    return TRUE;

  g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_UNKNOWN_REQUIREMENT,
               _("“%s” is not required, optional or not applicable"), requirement);
  return FALSE;
}

gboolean
dossier_checklist_item_check_transition (const char  *requirement,
                                         const char  *from_state,
                                         const char  *to_state,
                                         const char  *reason,
                                         GError     **error)
{
  DossierItemState from, to;
  gboolean not_applicable;

  if (!read_requirement (requirement, &not_applicable, error)
      || !read_state (from_state, &from, error) || !read_state (to_state, &to, error))
    return FALSE;
  if (from == to)
    return TRUE;

  if (not_applicable)
    {
      g_set_error_literal (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_NOT_APPLICABLE,
                           _("This document is not applicable; mark it required or optional "
                             "before changing its state"));
      return FALSE;
    }
  if (from == DOSSIER_ITEM_STATE_VERIFIED)
    {
      g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_TRANSITION,
                   _("A verified document is final; it cannot become “%s”"),
                   dossier_item_state_get_label (to));
      return FALSE;
    }
  if (!transition_allowed (from, to))
    {
      g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_TRANSITION,
                   _("A document that is “%s” cannot become “%s”"),
                   dossier_item_state_get_label (from), dossier_item_state_get_label (to));
      return FALSE;
    }
  if (to == DOSSIER_ITEM_STATE_REJECTED && is_blank (reason))
    {
      g_set_error_literal (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_REASON_REQUIRED,
                           _("Give the reason the document is rejected"));
      return FALSE;
    }
  return TRUE;
}

/* ---- Item pipeline ------------------------------------------------------- */

typedef struct
{
  GDate received;
  GDate translated;
  GDate reviewed;
  GDate notarized;
  GDate legalized;
} PipelineDates;

static gboolean
read_pipeline_date (const char  *text,
                    const char  *label,
                    GDate       *out_date,
                    GError     **error)
{
  if (dossier_date_parse_iso (text, out_date) || text == NULL || text[0] == '\0')
    return TRUE;

  g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_INVALID_DATE,
               _("%s: “%s” is not a date in the form YYYY-MM-DD"), label, text);
  return FALSE;
}

static gboolean
read_pipeline_dates (const DossierItemPipeline  *pipeline,
                     PipelineDates              *dates,
                     GError                    **error)
{
  return read_pipeline_date (pipeline->received_on, _("Received on"), &dates->received, error)
         && read_pipeline_date (pipeline->translated_on, _("Translated on"), &dates->translated,
                                error)
         && read_pipeline_date (pipeline->reviewed_on, _("Reviewed on"), &dates->reviewed, error)
         && read_pipeline_date (pipeline->notarized_on, _("Notarized on"), &dates->notarized,
                                error)
         && read_pipeline_date (pipeline->legalized_on, _("Legalized on"), &dates->legalized,
                                error);
}

static gboolean
same_person (const char *a,
             const char *b)
{
  g_autofree char *folded_a = dossier_normalize_name (a);
  g_autofree char *folded_b = dossier_normalize_name (b);

  return folded_a[0] != '\0' && strcmp (folded_a, folded_b) == 0;
}

/* The double review: two different people, translation first. */
static gboolean
check_review (const DossierItemPipeline  *pipeline,
              const PipelineDates        *dates,
              GError                    **error)
{
  gboolean has_translator = !is_blank (pipeline->translator);
  gboolean has_reviewer = !is_blank (pipeline->reviewer);

  if ((g_date_valid (&dates->translated) || has_reviewer) && !has_translator)
    g_set_error_literal (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_MISSING_TRANSLATOR,
                         _("Enter who translated the document first"));
  else if (g_date_valid (&dates->reviewed) && !has_reviewer)
    g_set_error_literal (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_MISSING_REVIEWER,
                         _("Enter who reviewed the translation"));
  else if (has_reviewer && same_person (pipeline->translator, pipeline->reviewer))
    g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_SAME_REVIEWER,
                 _("The translation by %s must be reviewed by a different person"),
                 pipeline->translator);
  else if (g_date_valid (&dates->reviewed) && !g_date_valid (&dates->translated))
    g_set_error_literal (error, DOSSIER_CHECKLIST_ERROR,
                         DOSSIER_CHECKLIST_ERROR_REVIEW_BEFORE_TRANSLATION,
                         _("Enter the date of the translation before the date of its review"));
  else if (g_date_valid (&dates->reviewed)
           && g_date_compare (&dates->reviewed, &dates->translated) < 0)
    g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_REVIEW_BEFORE_TRANSLATION,
                 _("The review on %s cannot come before the translation on %s"),
                 pipeline->reviewed_on, pipeline->translated_on);
  else
    return TRUE;
  return FALSE;
}

static gboolean
check_after_receipt (const PipelineDates        *dates,
                     const DossierItemPipeline  *pipeline,
                     GError                    **error)
{
  if (!g_date_valid (&dates->received))
    return TRUE;

  if (g_date_valid (&dates->notarized) && g_date_compare (&dates->notarized, &dates->received) < 0)
    g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_NOTARIZED_BEFORE_RECEIPT,
                 _("The notarization on %s cannot come before the document was received on %s"),
                 pipeline->notarized_on, pipeline->received_on);
  else if (g_date_valid (&dates->legalized)
           && g_date_compare (&dates->legalized, &dates->received) < 0)
    g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_LEGALIZED_BEFORE_RECEIPT,
                 _("The legalization on %s cannot come before the document was received on %s"),
                 pipeline->legalized_on, pipeline->received_on);
  else
    return TRUE;
  return FALSE;
}

static gboolean
check_legalization (const DossierItemPipeline  *pipeline,
                    const PipelineDates        *dates,
                    GError                    **error)
{
  DossierLegalization legalization = DOSSIER_LEGALIZATION_NONE;

  if (pipeline->legalization != NULL
      && !dossier_legalization_from_string (pipeline->legalization, &legalization))
    {
      g_set_error (error, DOSSIER_CHECKLIST_ERROR, DOSSIER_CHECKLIST_ERROR_INVALID_LEGALIZATION,
                   _("“%s” is not none, legalization or apostille"), pipeline->legalization);
      return FALSE;
    }
  if (pipeline->legalization != NULL && legalization == DOSSIER_LEGALIZATION_NONE
      && g_date_valid (&dates->legalized))
    {
      g_set_error_literal (error, DOSSIER_CHECKLIST_ERROR,
                           DOSSIER_CHECKLIST_ERROR_INVALID_LEGALIZATION,
                           _("The document needs no legalization, yet it has a legalization date"));
      return FALSE;
    }
  return TRUE;
}

gboolean
dossier_checklist_item_check_pipeline (const DossierItemPipeline  *pipeline,
                                       GError                    **error)
{
  PipelineDates dates;

  g_return_val_if_fail (pipeline != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return read_pipeline_dates (pipeline, &dates, error)
         && check_review (pipeline, &dates, error)
         && check_legalization (pipeline, &dates, error)
         && check_after_receipt (&dates, pipeline, error);
}
