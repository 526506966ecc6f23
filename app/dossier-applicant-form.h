/* dossier-applicant-form.h: the applicant and passport fields of a case,
 * filled by hand or from the passport's machine-readable lines. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-case-session.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_APPLICANT_FORM (dossier_applicant_form_get_type ())
G_DECLARE_FINAL_TYPE (DossierApplicantForm, dossier_applicant_form, DOSSIER, APPLICANT_FORM, GtkBox)

GtkWidget *dossier_applicant_form_new         (void);
/* Shows the session's applicant (once loaded) and stages edits in it. */
void       dossier_applicant_form_set_session (DossierApplicantForm *self,
                                               DossierCaseSession   *session);

G_END_DECLS
