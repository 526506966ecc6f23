/* dossier-case-format.h: a case's stored values and flags in words. */
#pragma once

#include <glib.h>

#include "dossier-case-query.h"

G_BEGIN_DECLS

/* Labels of the stored values, in the user's language (the value itself
 * when it is not a known one). */
const char *const *dossier_case_stages_get_all     (guint                     *out_n_stages);
const char        *dossier_case_stage_get_label    (const char                *stage);
const char *const *dossier_case_urgencies_get_all  (guint                     *out_n_urgencies);
const char        *dossier_case_urgency_get_label  (const char                *urgency);

char              *dossier_case_format_deadline    (const DossierCaseSummary  *summary,
                                                    char                     **out_details);
gboolean           dossier_case_format_flags       (const DossierCaseSummary  *summary,
                                                    guint                      escalation_days,
                                                    char                     **out_title,
                                                    char                     **out_details);

G_END_DECLS
