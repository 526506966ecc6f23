/* dossier-refusal-codes.c: the table of refusal reasons.
 *
 * Codes are stored in replicas and on the server: never rename one.  New
 * reasons go before "other", which stays last on forms.
 */
#include "dossier-refusal-codes.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const DossierRefusalCode refusal_codes[] = {
  { "false_document", N_("False, counterfeit or forged travel document") },
  { "purpose_not_justified", N_("Purpose and conditions of the stay not justified") },
  { "insufficient_means", N_("Insufficient means of subsistence") },
  { "stay_limit_reached", N_("Already stayed 90 days in the current 180-day period") },
  { "sis_alert", N_("Entry ban or alert in the Schengen Information System") },
  { "public_threat", N_("Considered a threat to public policy, security or health") },
  { "no_travel_insurance", N_("No adequate and valid travel medical insurance") },
  { "unreliable_information", N_("Information or documents not reliable") },
  { "return_not_established", N_("Intention to leave before the visa expires not established") },
  { "insufficient_ties", N_("Insufficient ties to the home country") },
  { "incomplete_application", N_("Application or supporting documents incomplete") },
  { "previous_violation", N_("Previous overstay or immigration violation") },
  { DOSSIER_REFUSAL_CODE_OTHER, N_("Other reason (see the details)") },
};

const DossierRefusalCode *
dossier_refusal_codes_get_all (guint *out_n_codes)
{
  g_return_val_if_fail (out_n_codes != NULL, NULL);

  *out_n_codes = G_N_ELEMENTS (refusal_codes);
  return refusal_codes;
}

const DossierRefusalCode *
dossier_refusal_code_lookup (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (refusal_codes); i++)
    if (strcmp (refusal_codes[i].code, code) == 0)
      return &refusal_codes[i];
  return NULL;
}

const char *
dossier_refusal_code_get_label (const DossierRefusalCode *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  return _(code->label);
}

char *
dossier_refusal_codes_describe (const char * const *codes)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      const DossierRefusalCode *known = dossier_refusal_code_lookup (codes[i]);

      if (text->len > 0)
        /* Translators: separates refusal reasons in a list */
        g_string_append (text, _("; "));
      g_string_append (text, known != NULL ? dossier_refusal_code_get_label (known) : codes[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
