/* dossier-travel-form.h: where, why, when and how urgently the applicant
 * travels, and who in the office handles the case. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-case-session.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_TRAVEL_FORM (dossier_travel_form_get_type ())
G_DECLARE_FINAL_TYPE (DossierTravelForm, dossier_travel_form, DOSSIER, TRAVEL_FORM, GtkBox)

GtkWidget *dossier_travel_form_new         (void);
/* Shows the session's case (once loaded) and stages edits in it. */
void       dossier_travel_form_set_session (DossierTravelForm  *self,
                                            DossierCaseSession *session);

G_END_DECLS
