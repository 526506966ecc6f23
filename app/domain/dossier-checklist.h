/* dossier-checklist.h: the document checklist of a case and the rules of its items.
 *
 * A checklist is generated from the destination's policy note (its list of
 * required document kinds) and the case's visa type, as rows of the replica's
 * `checklist_items` table.  Each item then moves through states (requested,
 * received, verified or rejected) and through its own pipeline of translation
 * with a double review, notarization and legalization; the functions here say
 * which changes are allowed and why not.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_CHECKLIST_ERROR (dossier_checklist_error_quark ())

/**
 * DossierChecklistError:
 * @DOSSIER_CHECKLIST_ERROR_INVALID_REQUIREMENTS: a policy note's requirements are not a list of kinds
 * @DOSSIER_CHECKLIST_ERROR_UNKNOWN_VISA_TYPE: not one of the visa types
 * @DOSSIER_CHECKLIST_ERROR_UNKNOWN_STATE: not one of the item states
 * @DOSSIER_CHECKLIST_ERROR_UNKNOWN_REQUIREMENT: not required, optional or not_applicable
 * @DOSSIER_CHECKLIST_ERROR_NOT_APPLICABLE: the item is not applicable, so its state does not change
 * @DOSSIER_CHECKLIST_ERROR_TRANSITION: the item cannot go from its state to the other
 * @DOSSIER_CHECKLIST_ERROR_REASON_REQUIRED: a rejection needs a reason
 * @DOSSIER_CHECKLIST_ERROR_INVALID_DATE: a pipeline date is not a date
 * @DOSSIER_CHECKLIST_ERROR_MISSING_TRANSLATOR: a translation date or a review without a translator
 * @DOSSIER_CHECKLIST_ERROR_MISSING_REVIEWER: a review date without a reviewer
 * @DOSSIER_CHECKLIST_ERROR_SAME_REVIEWER: the reviewer is the translator
 * @DOSSIER_CHECKLIST_ERROR_REVIEW_BEFORE_TRANSLATION: reviewed before translated
 * @DOSSIER_CHECKLIST_ERROR_NOTARIZED_BEFORE_RECEIPT: notarized before the document was received
 * @DOSSIER_CHECKLIST_ERROR_LEGALIZED_BEFORE_RECEIPT: legalized before the document was received
 * @DOSSIER_CHECKLIST_ERROR_INVALID_LEGALIZATION: not none, legalization or apostille, or
 *   a legalization date on an item that needs none
 */
typedef enum
{
  DOSSIER_CHECKLIST_ERROR_INVALID_REQUIREMENTS,
  DOSSIER_CHECKLIST_ERROR_UNKNOWN_VISA_TYPE,
  DOSSIER_CHECKLIST_ERROR_UNKNOWN_STATE,
  DOSSIER_CHECKLIST_ERROR_UNKNOWN_REQUIREMENT,
  DOSSIER_CHECKLIST_ERROR_NOT_APPLICABLE,
  DOSSIER_CHECKLIST_ERROR_TRANSITION,
  DOSSIER_CHECKLIST_ERROR_REASON_REQUIRED,
  DOSSIER_CHECKLIST_ERROR_INVALID_DATE,
  DOSSIER_CHECKLIST_ERROR_MISSING_TRANSLATOR,
  DOSSIER_CHECKLIST_ERROR_MISSING_REVIEWER,
  DOSSIER_CHECKLIST_ERROR_SAME_REVIEWER,
  DOSSIER_CHECKLIST_ERROR_REVIEW_BEFORE_TRANSLATION,
  DOSSIER_CHECKLIST_ERROR_NOTARIZED_BEFORE_RECEIPT,
  DOSSIER_CHECKLIST_ERROR_LEGALIZED_BEFORE_RECEIPT,
  DOSSIER_CHECKLIST_ERROR_INVALID_LEGALIZATION,
} DossierChecklistError;

/**
 * DossierLegalization:
 * @DOSSIER_LEGALIZATION_NONE: used as issued
 * @DOSSIER_LEGALIZATION_LEGALIZATION: consular legalization
 * @DOSSIER_LEGALIZATION_APOSTILLE: an apostille (Hague Convention of 1961)
 */
typedef enum
{
  DOSSIER_LEGALIZATION_NONE,
  DOSSIER_LEGALIZATION_LEGALIZATION,
  DOSSIER_LEGALIZATION_APOSTILLE,
} DossierLegalization;

/**
 * DossierItemState:
 * @DOSSIER_ITEM_STATE_REQUESTED: asked of the client
 * @DOSSIER_ITEM_STATE_RECEIVED: in the office, not checked yet
 * @DOSSIER_ITEM_STATE_VERIFIED: checked and accepted
 * @DOSSIER_ITEM_STATE_REJECTED: checked and refused, with a reason
 */
typedef enum
{
  DOSSIER_ITEM_STATE_REQUESTED,
  DOSSIER_ITEM_STATE_RECEIVED,
  DOSSIER_ITEM_STATE_VERIFIED,
  DOSSIER_ITEM_STATE_REJECTED,
} DossierItemState;

/**
 * DossierDocumentKind:
 * @kind: the stable kind ("bank_statement")
 * @title: English title, untranslated; show dossier_document_kind_get_title()
 * @translation_needed: whether it usually needs a certified translation
 * @notarization_needed: whether it usually needs notarization
 * @legalization: whether it usually needs legalization or an apostille
 *
 * A known kind of document and what it usually needs.
 */
typedef struct
{
  const char          *kind;
  const char          *title;
  gboolean             translation_needed;
  gboolean             notarization_needed;
  DossierLegalization  legalization;
} DossierDocumentKind;

/**
 * DossierItemPipeline:
 * @received_on: (nullable): date the document was received
 * @translator: (nullable): who translated it
 * @translated_on: (nullable): date of the translation
 * @reviewer: (nullable): who reviewed the translation (the second person)
 * @reviewed_on: (nullable): date of the review
 * @notarized_on: (nullable): date of notarization
 * @legalization: (nullable): "none", "legalization" or "apostille"
 * @legalized_on: (nullable): date of legalization or apostille
 *
 * The pipeline fields of a checklist item, as the replica stores them.
 * Initialize with %DOSSIER_ITEM_PIPELINE_INIT.
 */
typedef struct
{
  const char *received_on;
  const char *translator;
  const char *translated_on;
  const char *reviewer;
  const char *reviewed_on;
  const char *notarized_on;
  const char *legalization;
  const char *legalized_on;
} DossierItemPipeline;

#define DOSSIER_ITEM_PIPELINE_INIT { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/* Days the client is given to bring a requested document, unless configured. */
#define DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS 14

GQuark       dossier_checklist_error_quark          (void);

/**
 * dossier_document_kinds_get_all:
 * @out_n_kinds: (out): number of kinds
 *
 * Returns: (transfer none) (array length=out_n_kinds): the known document kinds
 */
const DossierDocumentKind *dossier_document_kinds_get_all (guint *out_n_kinds);

/**
 * dossier_document_kind_lookup:
 * @kind: (nullable): a kind such as "passport"
 *
 * Returns: (transfer none) (nullable): the kind, or %NULL if it is not known
 */
const DossierDocumentKind *dossier_document_kind_lookup   (const char *kind);

/**
 * dossier_document_kind_get_title:
 * @kind: a known kind
 *
 * Returns: (transfer none): the title of @kind in the user's language
 */
const char  *dossier_document_kind_get_title        (const DossierDocumentKind *kind);

/**
 * dossier_legalization_to_string:
 * @legalization: a #DossierLegalization
 *
 * Returns: (transfer none): "none", "legalization" or "apostille"
 */
const char  *dossier_legalization_to_string         (DossierLegalization legalization);

/**
 * dossier_legalization_from_string:
 * @text: (nullable): "none", "legalization" or "apostille"
 * @out_legalization: (out) (optional): the value
 *
 * Returns: %TRUE if @text is one of the three
 */
gboolean     dossier_legalization_from_string       (const char          *text,
                                                     DossierLegalization *out_legalization);

/**
 * dossier_checklist_visa_type_is_known:
 * @visa_type: (nullable): a visa type
 *
 * Returns: %TRUE for tourist, business, student, work, family and transit
 */
gboolean     dossier_checklist_visa_type_is_known   (const char *visa_type);

/**
 * dossier_checklist_default_requirements:
 * @visa_type: a known visa type
 *
 * The document kinds asked for when a policy note lists none, beyond the
 * passport, photographs and application form every application needs, in the
 * policy note's format: kind strings for required documents, objects with
 * "kind" and "requirement": "optional" for the others.
 *
 * Returns: (transfer full) (nullable): a new array, or %NULL for an unknown
 *   visa type
 */
JsonArray   *dossier_checklist_default_requirements (const char *visa_type);

/**
 * dossier_checklist_generate:
 * @requirements_json: (nullable): the policy note's `requirements`: a JSON
 *   array whose elements are kind strings ("bank_statement", required) or
 *   objects with "kind" and optionally "requirement" ("required" or
 *   "optional"), "title", "translation_needed", "notarization_needed" and
 *   "legalization" to override the kind's defaults.  %NULL, "" or "[]" uses
 *   dossier_checklist_default_requirements() for @visa_type.
 * @visa_type: (nullable): the case's visa type; %NULL (not chosen yet) with no
 *   requirements gives only the items every application needs
 * @requested_on: (nullable): the date the documents are requested, %NULL for today
 * @due_in_days: days until they are due (%DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS)
 * @error: return location for a #DOSSIER_CHECKLIST_ERROR
 *
 * Generates the checklist of a case.  The passport, photographs and
 * application form come first even when the policy note forgets them; a kind
 * listed twice appears once; an unknown kind is kept, titled after its name.
 * Each item is a JSON object with the `checklist_items` columns kind, title
 * (translated), requirement, state ("requested"), requested_on, due_date,
 * translation_needed and notarization_needed (0 or 1), legalization and
 * position (from 0).
 *
 * Returns: (transfer container) (element-type JsonObject) (nullable): the
 *   items (the array unrefs them), or %NULL with @error set
 */
GPtrArray   *dossier_checklist_generate             (const char  *requirements_json,
                                                     const char  *visa_type,
                                                     const GDate *requested_on,
                                                     guint        due_in_days,
                                                     GError     **error);

/**
 * dossier_item_state_from_string:
 * @text: (nullable): "requested", "received", "verified" or "rejected"
 * @out_state: (out) (optional): the state
 *
 * Returns: %TRUE if @text names a state
 */
gboolean     dossier_item_state_from_string         (const char       *text,
                                                     DossierItemState *out_state);

/**
 * dossier_item_state_to_string:
 * @state: a #DossierItemState
 *
 * Returns: (transfer none): the stored name of @state
 */
const char  *dossier_item_state_to_string           (DossierItemState  state);

/**
 * dossier_item_state_get_label:
 * @state: a #DossierItemState
 *
 * Returns: (transfer none): the name of @state in the user's language
 */
const char  *dossier_item_state_get_label           (DossierItemState  state);

/**
 * dossier_checklist_item_next_states:
 * @requirement: (nullable): the item's requirement; %NULL means required
 * @state: the item's current state
 *
 * Returns: (transfer full): the states the item may go to, %NULL-terminated
 *   (empty for a verified or not applicable item)
 */
GStrv        dossier_checklist_item_next_states     (const char       *requirement,
                                                     DossierItemState  state);

/**
 * dossier_checklist_item_check_transition:
 * @requirement: (nullable): "required", "optional" or "not_applicable"; %NULL means required
 * @from_state: the current state, as stored
 * @to_state: the wanted state, as stored
 * @reason: (nullable): the rejection reason, needed (not blank) to reject
 * @error: return location for a #DOSSIER_CHECKLIST_ERROR
 *
 * The life of an item: requested -> received -> verified or rejected, and a
 * rejected item is requested again or received again (a corrected document).
 * A verified item is final; a not applicable item does not change state.
 * Staying in the same state is not a change and is allowed.
 *
 * Returns: %TRUE if the change is allowed
 */
gboolean     dossier_checklist_item_check_transition (const char  *requirement,
                                                      const char  *from_state,
                                                      const char  *to_state,
                                                      const char  *reason,
                                                      GError     **error);

/**
 * dossier_checklist_item_check_pipeline:
 * @pipeline: the item's pipeline fields
 * @error: return location for a #DOSSIER_CHECKLIST_ERROR
 *
 * The double review rule and the order of the pipeline: a review needs a
 * translation, the reviewer is a different person from the translator
 * (compared ignoring case, accents and spacing), the review is not dated
 * before the translation, and notarization and legalization are not dated
 * before the document was received.  Fields not filled in yet are fine.
 *
 * Returns: %TRUE if the fields are consistent
 */
gboolean     dossier_checklist_item_check_pipeline  (const DossierItemPipeline *pipeline,
                                                     GError                   **error);

G_END_DECLS
