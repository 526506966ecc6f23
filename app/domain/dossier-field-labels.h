/* dossier-field-labels.h: record kinds and fields in the user's words, and
 * field values shown and typed as text.
 *
 * The conflicts view shows one field of any kind of record with the two
 * values that competed for it, and lets the user type a third.  The model
 * (sync/dossier-model.h) knows the fields by their stored names and types;
 * this is what a person reads instead, and how typed text becomes a value
 * the model accepts.  No GTK here.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_FIELD_VALUE_ERROR (dossier_field_value_error_quark ())

typedef enum
{
  DOSSIER_FIELD_VALUE_ERROR_UNKNOWN,      /* not a field of the model */
  DOSSIER_FIELD_VALUE_ERROR_NOT_TYPEABLE, /* a link to another record: pick a value instead */
  DOSSIER_FIELD_VALUE_ERROR_INVALID,      /* the text is not a value of the field's type */
} DossierFieldValueError;

GQuark      dossier_field_value_error_quark (void);

/**
 * dossier_kind_get_label:
 * @kind: a record kind of the model ("case", "applicant", ...)
 *
 * Returns: (transfer none): "Case", "Applicant", ... in the user's language;
 *   @kind itself when it is not a kind of the model
 */
const char *dossier_kind_get_label          (const char *kind);

/**
 * dossier_field_get_label:
 * @kind: a record kind
 * @field: one of its fields
 *
 * Returns: (transfer none): "Passport number", "Decision", ... in the user's
 *   language; @field itself when the model does not know it
 */
const char *dossier_field_get_label         (const char *kind,
                                             const char *field);

/**
 * dossier_field_format_value:
 * @kind: a record kind
 * @field: one of its fields
 * @value: (nullable): the stored JSON value
 * @now: the current moment, in the time zone to show timestamps in
 *
 * An empty value reads "(empty)", a boolean "Yes" or "No", a list its items
 * joined by commas, a timestamp its readable local form, a link to another
 * record "(another record)"; text, numbers and dates are shown as they are.
 *
 * Returns: (transfer full): the value as one line of text
 */
char       *dossier_field_format_value      (const char *kind,
                                             const char *field,
                                             JsonNode   *value,
                                             GDateTime  *now);

/**
 * dossier_field_is_typeable:
 * @kind: a record kind
 * @field: one of its fields
 *
 * Returns: %TRUE if a value for the field can be typed as text (every type
 *   but links to other records, which are only ever chosen)
 */
gboolean    dossier_field_is_typeable       (const char *kind,
                                             const char *field);

/**
 * dossier_field_parse_value:
 * @kind: a record kind
 * @field: one of its fields
 * @text: what the user typed
 * @error: return location for a #DOSSIER_FIELD_VALUE_ERROR
 *
 * Text (surrounding spaces removed; nothing at all is an empty value), whole
 * and decimal numbers, yes/no, YYYY-MM-DD dates, ISO 8601 timestamps with a
 * time zone, and lists written with commas.  The value is checked against
 * the model, so a value returned here is one the replica stores.
 *
 * Returns: (transfer full) (nullable): the JSON value, or %NULL with @error set
 */
JsonNode   *dossier_field_parse_value       (const char *kind,
                                             const char *field,
                                             const char *text,
                                             GError    **error);

/**
 * dossier_field_describe_format:
 * @kind: a record kind
 * @field: one of its fields
 *
 * Returns: (transfer none): a hint on how to type a value of the field
 *   ("YYYY-MM-DD", "A whole number", ...), or "" for free text
 */
const char *dossier_field_describe_format   (const char *kind,
                                             const char *field);

G_END_DECLS
