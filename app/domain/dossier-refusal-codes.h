/* dossier-refusal-codes.h: the structured reasons a visa is refused for.
 *
 * A refused case stores its reasons as a JSON list of stable codes
 * (`refusal_codes`), so that the refusal library and the statistics can
 * count them whatever language the specialist works in.  The codes follow
 * the grounds of the Schengen standard refusal form (Visa Code, Annex VI)
 * plus the grounds other destinations commonly give.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DossierRefusalCode:
 * @code: the stable code ("insufficient_means"); stored, never translated
 * @label: English label, untranslated; show dossier_refusal_code_get_label()
 *
 * One reason for a refusal.
 */
typedef struct
{
  const char *code;
  const char *label;
} DossierRefusalCode;

/* The code for a reason the list does not name; the details say which. */
#define DOSSIER_REFUSAL_CODE_OTHER "other"

/**
 * dossier_refusal_codes_get_all:
 * @out_n_codes: (out): number of codes
 *
 * Returns: (transfer none) (array length=out_n_codes): every code, in the
 *   order a form lists them (%DOSSIER_REFUSAL_CODE_OTHER last)
 */
const DossierRefusalCode *dossier_refusal_codes_get_all  (guint                    *out_n_codes);

/**
 * dossier_refusal_code_lookup:
 * @code: (nullable): a stable code
 *
 * Returns: (transfer none) (nullable): the reason, or %NULL if @code is not one
 */
const DossierRefusalCode *dossier_refusal_code_lookup    (const char               *code);

/**
 * dossier_refusal_code_get_label:
 * @code: a reason from this table
 *
 * Returns: (transfer none): the label of @code in the user's language
 */
const char               *dossier_refusal_code_get_label (const DossierRefusalCode *code);

/**
 * dossier_refusal_codes_describe:
 * @codes: (array zero-terminated=1) (nullable): stored codes
 *
 * Joins the labels of @codes for a list or a report, in the user's language.
 * A code this version does not know (written by a newer peer) is shown as it
 * is stored rather than dropped.
 *
 * Returns: (transfer full): the labels separated by "; ", or "" for none
 */
char                     *dossier_refusal_codes_describe (const char * const       *codes);

G_END_DECLS
