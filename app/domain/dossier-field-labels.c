/* dossier-field-labels.c: labels of kinds and fields, values as text. */
#include "dossier-field-labels.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dossier-date.h"
#include "dossier-model.h"
#include "dossier-timestamp.h"

G_DEFINE_QUARK (dossier-field-value-error-quark, dossier_field_value_error)

typedef struct
{
  const char *kind;
  const char *label;
} KindLabel;

typedef struct
{
  const char *kind;
  const char *field;
  const char *label;
} FieldLabel;

static const KindLabel kind_labels[] = {
  { "office", N_("Office") },
  { "applicant", N_("Applicant") },
  { "case", N_("Case") },
  { "fee", N_("Fee") },
  { "shipment", N_("Shipment") },
  { "checklist_item", N_("Checklist item") },
  { "appointment", N_("Appointment") },
  { "activity_entry", N_("Activity entry") },
  { "attachment", N_("Attachment") },
  { "policy_note", N_("Policy note") },
};

/* Every field of dossier-model.c; a test checks that none is missing. */
static const FieldLabel field_labels[] = {
  { "office", "name", N_("Name") },
  { "office", "city", N_("City") },
  { "office", "country", N_("Country") },

  { "applicant", "family_name", N_("Family name") },
  { "applicant", "given_names", N_("Given names") },
  { "applicant", "native_name", N_("Native name") },
  { "applicant", "birth_date", N_("Birth date") },
  { "applicant", "birth_place", N_("Birth place") },
  { "applicant", "sex", N_("Sex") },
  { "applicant", "nationality", N_("Nationality") },
  { "applicant", "passport_number", N_("Passport number") },
  { "applicant", "passport_issuing_state", N_("Passport issuing state") },
  { "applicant", "passport_issue_date", N_("Passport issue date") },
  { "applicant", "passport_expiry_date", N_("Passport expiry date") },
  { "applicant", "passport_blank_pages", N_("Blank passport pages") },
  { "applicant", "photo_meets_spec", N_("Photo meets the specification") },
  { "applicant", "email", N_("Email") },
  { "applicant", "phone", N_("Phone") },
  { "applicant", "address", N_("Address") },
  { "applicant", "employer", N_("Employer") },
  { "applicant", "occupation", N_("Occupation") },
  { "applicant", "tier", N_("Client tier") },
  { "applicant", "notes", N_("Applicant notes") },

  { "case", "reference", N_("Case reference") },
  { "case", "applicant_id", N_("Applicant") },
  { "case", "office_id", N_("Office") },
  { "case", "assignee", N_("Assignee") },
  { "case", "destination", N_("Destination") },
  { "case", "visa_type", N_("Visa type") },
  { "case", "purpose", N_("Purpose") },
  { "case", "travel_from", N_("Travel from") },
  { "case", "travel_to", N_("Travel to") },
  { "case", "requested_entries", N_("Entries requested") },
  { "case", "requested_days", N_("Days of stay requested") },
  { "case", "consulate", N_("Consulate or visa centre") },
  { "case", "urgency", N_("Urgency") },
  { "case", "internal_stage", N_("Stage") },
  { "case", "stage_since", N_("In stage since") },
  { "case", "authority_status", N_("Authority status") },
  { "case", "authority_reference", N_("Authority reference") },
  { "case", "submitted_on", N_("Submitted on") },
  { "case", "decision", N_("Decision") },
  { "case", "decision_date", N_("Decision date") },
  { "case", "visa_number", N_("Visa number") },
  { "case", "visa_valid_from", N_("Visa valid from") },
  { "case", "visa_valid_to", N_("Visa valid to") },
  { "case", "visa_entries", N_("Entries granted") },
  { "case", "visa_days_of_stay", N_("Days of stay granted") },
  { "case", "refusal_codes", N_("Refusal reasons") },
  { "case", "refusal_text", N_("Refusal details") },
  { "case", "withdrawal_reason", N_("Reason for withdrawal") },
  { "case", "notes", N_("Case notes") },

  { "fee", "case_id", N_("Case") },
  { "fee", "kind", N_("Fee kind") },
  { "fee", "amount_quoted", N_("Amount quoted") },
  { "fee", "amount_paid", N_("Amount paid") },
  { "fee", "currency", N_("Currency") },
  { "fee", "paid_on", N_("Paid on") },
  { "fee", "receipt", N_("Receipt") },

  { "shipment", "case_id", N_("Case") },
  { "shipment", "carrier", N_("Carrier") },
  { "shipment", "tracking_number", N_("Tracking number") },
  { "shipment", "direction", N_("Direction") },
  { "shipment", "contents", N_("Contents") },
  { "shipment", "status", N_("Shipment status") },
  { "shipment", "sent_on", N_("Sent on") },
  { "shipment", "delivered_on", N_("Delivered on") },

  { "checklist_item", "case_id", N_("Case") },
  { "checklist_item", "kind", N_("Document kind") },
  { "checklist_item", "title", N_("Document") },
  { "checklist_item", "requirement", N_("Requirement") },
  { "checklist_item", "state", N_("Document state") },
  { "checklist_item", "rejection_reason", N_("Rejection reason") },
  { "checklist_item", "requested_on", N_("Requested on") },
  { "checklist_item", "received_on", N_("Received on") },
  { "checklist_item", "verified_on", N_("Verified on") },
  { "checklist_item", "due_date", N_("Due date") },
  { "checklist_item", "custody", N_("Custody") },
  { "checklist_item", "translation_needed", N_("Translation needed") },
  { "checklist_item", "translation_language", N_("Translation language") },
  { "checklist_item", "translator", N_("Translator") },
  { "checklist_item", "translated_on", N_("Translated on") },
  { "checklist_item", "reviewer", N_("Reviewer") },
  { "checklist_item", "reviewed_on", N_("Reviewed on") },
  { "checklist_item", "notarization_needed", N_("Notarization needed") },
  { "checklist_item", "notarized_on", N_("Notarized on") },
  { "checklist_item", "legalization", N_("Legalization") },
  { "checklist_item", "legalized_on", N_("Legalized on") },
  { "checklist_item", "position", N_("Position in the checklist") },
  { "checklist_item", "notes", N_("Document notes") },

  { "appointment", "case_id", N_("Case") },
  { "appointment", "kind", N_("Appointment kind") },
  { "appointment", "starts_at", N_("Appointment time") },
  { "appointment", "location", N_("Location") },
  { "appointment", "reminder_minutes", N_("Reminder (minutes before)") },
  { "appointment", "preparation_notes", N_("Preparation notes") },
  { "appointment", "status", N_("Appointment status") },

  { "activity_entry", "case_id", N_("Case") },
  { "activity_entry", "kind", N_("Entry kind") },
  { "activity_entry", "author", N_("Author") },
  { "activity_entry", "occurred_at", N_("Time") },
  { "activity_entry", "body", N_("Entry text") },

  { "attachment", "case_id", N_("Case") },
  { "attachment", "checklist_item_id", N_("Checklist item") },
  { "attachment", "sha256", N_("Content checksum") },
  { "attachment", "file_name", N_("File name") },
  { "attachment", "content_type", N_("File type") },
  { "attachment", "size", N_("Size in bytes") },
  { "attachment", "added_at", N_("Added on") },

  { "policy_note", "country", N_("Country") },
  { "policy_note", "visa_type", N_("Visa type") },
  { "policy_note", "title", N_("Note title") },
  { "policy_note", "body", N_("Note body") },
  { "policy_note", "requirements", N_("Requirements") },
  { "policy_note", "passport_validity_months", N_("Passport validity months") },
  { "policy_note", "processing_days", N_("Processing days") },
  { "policy_note", "fees_text", N_("Fees") },
  { "policy_note", "effective_date", N_("Effective date") },
  { "policy_note", "source", N_("Source") },
  { "policy_note", "version", N_("Version") },
};

const char *
dossier_kind_get_label (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kind_labels); i++)
    if (strcmp (kind_labels[i].kind, kind) == 0)
      return _(kind_labels[i].label);
  return kind;
}

const char *
dossier_field_get_label (const char *kind,
                         const char *field)
{
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (strcmp (field_labels[i].kind, kind) == 0 && strcmp (field_labels[i].field, field) == 0)
      return _(field_labels[i].label);
  return field;
}

/* The field's spec and its kind's; NULL (with an error) when the model has neither. */
static const DossierFieldSpec *
lookup_field (const char             *kind,
              const char             *field,
              const DossierKindSpec **out_kind,
              GError                **error)
{
  const DossierKindSpec *kind_spec = dossier_model_lookup_kind (kind, NULL);
  const DossierFieldSpec *spec = kind_spec != NULL
                                 ? dossier_kind_spec_lookup_field (kind_spec, field) : NULL;

  if (spec == NULL)
    g_set_error (error, DOSSIER_FIELD_VALUE_ERROR, DOSSIER_FIELD_VALUE_ERROR_UNKNOWN,
                 _("“%s” is not a field of this record"), field);
  if (out_kind != NULL)
    *out_kind = kind_spec;
  return spec;
}

static char *
format_list (JsonArray *list)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      if (text->len > 0)
        /* Translators: between the items of a list shown on one line. */
        g_string_append (text, _(", "));
      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_string_append (text, json_node_get_string (item));
      else
        {
          g_autofree char *json = json_to_string (item, FALSE);
          g_string_append (text, json);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_scalar (JsonNode  *value,
               GDateTime *now,
               gboolean   timestamp)
{
  GType type = json_node_get_value_type (value);

  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
  if (type == G_TYPE_STRING && timestamp)
    return dossier_timestamp_format_readable (json_node_get_string (value), now);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  if (type == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", json_node_get_double (value)));
    }
  return json_to_string (value, FALSE);
}

char *
dossier_field_format_value (const char *kind,
                            const char *field,
                            JsonNode   *value,
                            GDateTime  *now)
{
  const DossierFieldSpec *spec = lookup_field (kind, field, NULL, NULL);
  g_autofree char *text = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup (_("(empty)"));
  if (spec != NULL && spec->type == DOSSIER_FIELD_REFERENCE)
    return g_strdup (_("(another record)"));
  if (JSON_NODE_HOLDS_ARRAY (value))
    text = format_list (json_node_get_array (value));
  else if (JSON_NODE_HOLDS_VALUE (value))
    text = format_scalar (value, now, spec != NULL && spec->type == DOSSIER_FIELD_TIMESTAMP);
  else
    text = json_to_string (value, FALSE);
  return *text == '\0' ? g_strdup (_("(empty)")) : g_steal_pointer (&text);
}

gboolean
dossier_field_is_typeable (const char *kind,
                           const char *field)
{
  const DossierFieldSpec *spec = lookup_field (kind, field, NULL, NULL);

  return spec != NULL && spec->type != DOSSIER_FIELD_REFERENCE;
}

const char *
dossier_field_describe_format (const char *kind,
                               const char *field)
{
  const DossierFieldSpec *spec = lookup_field (kind, field, NULL, NULL);

  switch (spec != NULL ? spec->type : DOSSIER_FIELD_TEXT)
    {
    case DOSSIER_FIELD_INTEGER:
      return _("A whole number");
    case DOSSIER_FIELD_REAL:
      return _("A number, such as 12.50");
    case DOSSIER_FIELD_BOOLEAN:
      return _("Yes or no");
    case DOSSIER_FIELD_DATE:
      return _("A date written YYYY-MM-DD");
    case DOSSIER_FIELD_TIMESTAMP:
      return _("A date and time with its time zone, such as 2026-05-04T09:30:00+08:00");
    case DOSSIER_FIELD_LIST:
      return _("Items separated by commas");
    case DOSSIER_FIELD_REFERENCE:
      return _("Choose one of the two values");
    case DOSSIER_FIELD_TEXT:
    default:
      return "";
    }
}

static gboolean
is_one_of (const char *folded,
           const char *words)
{
  g_auto(GStrv) list = g_strsplit (words, "|", -1);

  return g_strv_contains ((const char *const *) list, folded);
}

/* The user's language's words, and the English ones whatever the language. */
static gboolean
parse_boolean (const char *text,
               gboolean   *out_value)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  /* Translators: words accepted for "yes" when typing a yes/no value, lower case, separated by |. */
  if (is_one_of (folded, _("yes|y|true")) || is_one_of (folded, "yes|y|true"))
    *out_value = TRUE;
  /* Translators: words accepted for "no" when typing a yes/no value, lower case, separated by |. */
  else if (is_one_of (folded, _("no|n|false")) || is_one_of (folded, "no|n|false"))
    *out_value = FALSE;
  else
    return FALSE;
  return TRUE;
}

static JsonNode *
parse_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",，", -1);
  /* json_node_init_array() takes a reference of its own. */
  g_autoptr(JsonArray) list = json_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        json_array_add_string_element (list, parts[i]);
    }
  return json_node_init_array (json_node_alloc (), list);
}

/* Text of a non-empty value to JSON by type; NULL when it is not one. */
static JsonNode *
parse_typed (DossierFieldType  type,
             const char       *text)
{
  gint64 integer;
  double real;
  gboolean boolean;
  char *end = NULL;

  switch (type)
    {
    case DOSSIER_FIELD_INTEGER:
      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &integer, NULL))
        return NULL;
      return json_node_init_int (json_node_alloc (), integer);
    case DOSSIER_FIELD_REAL:
      real = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || !isfinite (real))
        return NULL;
      return json_node_init_double (json_node_alloc (), real);
    case DOSSIER_FIELD_BOOLEAN:
      if (!parse_boolean (text, &boolean))
        return NULL;
      return json_node_init_boolean (json_node_alloc (), boolean);
    case DOSSIER_FIELD_DATE:
      return dossier_date_parse_iso (text, NULL) ? json_node_init_string (json_node_alloc (), text)
                                                 : NULL;
    case DOSSIER_FIELD_TIMESTAMP:
      {
        g_autoptr(GDateTime) time = dossier_timestamp_parse (text);
        return time != NULL ? json_node_init_string (json_node_alloc (), text) : NULL;
      }
    case DOSSIER_FIELD_LIST:
      return parse_list (text);
    case DOSSIER_FIELD_TEXT:
    case DOSSIER_FIELD_REFERENCE:
    default:
      return json_node_init_string (json_node_alloc (), text);
    }
}

JsonNode *
dossier_field_parse_value (const char  *kind,
                           const char  *field,
                           const char  *text,
                           GError     **error)
{
  const DossierKindSpec *kind_spec = NULL;
  const DossierFieldSpec *spec = lookup_field (kind, field, &kind_spec, error);
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(JsonNode) value = NULL;

  if (spec == NULL)
    return NULL;
  if (spec->type == DOSSIER_FIELD_REFERENCE)
    {
      g_set_error (error, DOSSIER_FIELD_VALUE_ERROR, DOSSIER_FIELD_VALUE_ERROR_NOT_TYPEABLE,
                   _("“%s” links to another record: choose one of the two values"),
                   dossier_field_get_label (kind, field));
      return NULL;
    }
  value = *trimmed == '\0' ? json_node_new (JSON_NODE_NULL) : parse_typed (spec->type, trimmed);
  if (value == NULL || !dossier_model_validate_value (kind_spec, spec, value, NULL))
    {
      const char *hint = dossier_field_describe_format (kind, field);

      if (*hint != '\0')
        g_set_error (error, DOSSIER_FIELD_VALUE_ERROR, DOSSIER_FIELD_VALUE_ERROR_INVALID,
                     /* Translators: a field's name, then how to type its values. */
                     _("Not a valid value for “%s”: %s"), dossier_field_get_label (kind, field),
                     hint);
      else
        g_set_error (error, DOSSIER_FIELD_VALUE_ERROR, DOSSIER_FIELD_VALUE_ERROR_INVALID,
                     _("Not a valid value for “%s”"), dossier_field_get_label (kind, field));
      return NULL;
    }
  return g_steal_pointer (&value);
}
