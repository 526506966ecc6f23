/* dossier-policy-note.h: the rules of a policy note, as forms and lists need them.
 *
 * A policy note (replica kind "policy_note") says what a destination asks for
 * a visa type: its requirements (document kinds, which become the checklist),
 * fees, processing time, how long a passport must stay valid beyond the
 * departure, when the rule took effect and where it comes from.  These
 * helpers validate its fields, order notes for browsing, describe its values
 * in the user's language, and compare two versions of it.  No GTK here.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dossier-countries.h"

G_BEGIN_DECLS

/**
 * dossier_policy_visa_types_get_all:
 * @out_n_types: (out) (optional): number of visa types
 *
 * Returns: (transfer none) (array length=out_n_types): the stored visa types
 *   in the order forms offer them: tourist, business, student, work, family,
 *   transit
 */
const char *const *dossier_policy_visa_types_get_all      (guint *out_n_types);

/**
 * dossier_policy_visa_type_get_label:
 * @visa_type: (nullable): a stored visa type
 *
 * Returns: (transfer none) (nullable): its name in the user's language, @visa_type
 *   itself when it is not a known type, %NULL for %NULL
 */
const char        *dossier_policy_visa_type_get_label      (const char *visa_type);

/**
 * dossier_policy_countries_by_name:
 *
 * Returns: (transfer container) (element-type DossierCountry): the ISO 3166-1
 *   countries (those with an alpha-2 code, which notes store), sorted by
 *   their name in the user's language with the current locale's collation
 */
GPtrArray         *dossier_policy_countries_by_name        (void);

/**
 * dossier_policy_country_get_name:
 * @code: (nullable): an alpha-2 code
 *
 * Returns: (transfer none) (nullable): the country's name in the user's
 *   language, @code itself when it is not a known code, %NULL for %NULL
 */
const char        *dossier_policy_country_get_name         (const char *code);

/**
 * dossier_policy_notes_sort:
 * @notes: (element-type JsonObject): policy notes
 *
 * Sorts in place by country name (collated in the current locale; notes
 * without a country last), then visa type in the order of
 * dossier_policy_visa_types_get_all() (unknown types after, by name), then
 * title, the way the notes list groups them.
 */
void               dossier_policy_notes_sort               (GPtrArray *notes);

/**
 * dossier_policy_note_matches_filter:
 * @note: a policy note
 * @filter: (nullable): text the user typed
 *
 * A case-insensitive match of every word of @filter against the note's
 * title, country (code and name), visa type (stored and translated) and
 * source.  An empty filter matches every note.
 *
 * Returns: %TRUE if the note should be shown
 */
gboolean           dossier_policy_note_matches_filter      (JsonObject *note,
                                                            const char *filter);

/**
 * dossier_policy_validate_title:
 * @text: (nullable): the title as typed
 * @error: return location for a #DOSSIER_VALIDATION_ERROR
 *
 * Returns: %TRUE if @text has something besides spaces
 */
gboolean           dossier_policy_validate_title           (const char  *text,
                                                            GError     **error);

/**
 * dossier_policy_validate_country:
 * @code: (nullable): the alpha-2 code chosen
 * @error: return location for a #DOSSIER_VALIDATION_ERROR
 *
 * Returns: %TRUE if @code is an ISO 3166-1 alpha-2 code
 */
gboolean           dossier_policy_validate_country         (const char  *code,
                                                            GError     **error);

/**
 * dossier_policy_validate_effective_date:
 * @text: (nullable): the date as typed
 * @error: return location for a #DOSSIER_VALIDATION_ERROR
 *
 * The effective date may be left empty; when given it is YYYY-MM-DD naming
 * a real day.
 *
 * Returns: %TRUE if @text is empty or a valid date
 */
gboolean           dossier_policy_validate_effective_date  (const char  *text,
                                                            GError     **error);

/**
 * dossier_policy_describe_validity:
 * @months: the note's `passport_validity_months`, at least 0
 *
 * Returns: (transfer full): the rule in words, such as "Passport valid
 *   6 months beyond departure"
 */
char              *dossier_policy_describe_validity        (gint64 months);

/**
 * dossier_policy_describe_processing:
 * @days: the note's `processing_days`, at least 0
 *
 * Returns: (transfer full): such as "10 days"
 */
char              *dossier_policy_describe_processing      (gint64 days);

/**
 * dossier_policy_requirement_kinds:
 * @requirements: (nullable): the note's `requirements` (a JSON array of kinds)
 *
 * Returns: (transfer full): the kinds listed, in the note's order, each once;
 *   elements that are not strings are skipped
 */
GStrv              dossier_policy_requirement_kinds        (JsonNode *requirements);

/**
 * dossier_policy_requirement_get_title:
 * @kind: a document kind
 *
 * Returns: (transfer full): the translated title of a known kind, or the kind
 *   written out ("sponsor_id" gives "Sponsor id") for one this version does
 *   not know
 */
char              *dossier_policy_requirement_get_title    (const char *kind);

/**
 * dossier_policy_requirement_titles:
 * @requirements: (nullable): the note's `requirements` (a JSON array of kinds)
 *
 * The titles to show for a note's requirements, in the order of
 * dossier_policy_requirement_kinds(), by dossier_policy_requirement_get_title().
 *
 * Returns: (transfer full): a %NULL-terminated array, empty when none are listed
 */
GStrv              dossier_policy_requirement_titles       (JsonNode *requirements);

/**
 * dossier_policy_requirements_contain:
 * @requirements: (nullable): the note's `requirements`
 * @kind: a document kind
 *
 * Returns: %TRUE if @kind is one of the requirements
 */
gboolean           dossier_policy_requirements_contain     (JsonNode   *requirements,
                                                            const char *kind);

/**
 * dossier_policy_requirements_update:
 * @original: (nullable): the note's `requirements` before editing
 * @checked_kinds: (nullable): the known kinds checked in the form, %NULL-terminated
 *
 * The requirements to save after the user ticked the known kinds in
 * @checked_kinds.  Kinds kept from @original stay in their order, newly
 * ticked kinds follow in the order of @checked_kinds, known kinds no longer
 * ticked are dropped, and kinds this version does not know are kept as they
 * were (the form cannot show them, so it must not lose them).
 *
 * Returns: (transfer full): the new array of kind strings
 */
JsonArray         *dossier_policy_requirements_update      (JsonNode          *original,
                                                            const char *const *checked_kinds);

/**
 * dossier_policy_note_get_fields:
 * @out_n_fields: (out) (optional): number of fields
 *
 * Returns: (transfer none) (array length=out_n_fields): the fields a
 *   version of a note keeps (all but `version` and the bookkeeping)
 */
const char *const *dossier_policy_note_get_fields          (guint *out_n_fields);

/**
 * dossier_policy_note_changed_fields:
 * @older: (nullable): the earlier version's fields, %NULL when there is none
 * @newer: the later version's fields
 *
 * Compares the fields of dossier_policy_note_get_fields(); a field missing
 * from one side, a null, an empty string and an empty list all mean unset.
 *
 * Returns: (transfer full): the names of the fields that differ, in the
 *   order of dossier_policy_note_get_fields(); empty when @older is %NULL
 */
GStrv              dossier_policy_note_changed_fields      (JsonObject *older,
                                                            JsonObject *newer);

G_END_DECLS
