/* dossier-decision-form.h: the "Submission & decision" tab: internal stage,
 * the authority's status and reference, and the decision (approved, compared
 * with the request; refused, with reason codes; withdrawn). */
#pragma once

#include <gtk/gtk.h>

#include "dossier-case-session.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_DECISION_FORM (dossier_decision_form_get_type ())
G_DECLARE_FINAL_TYPE (DossierDecisionForm, dossier_decision_form, DOSSIER, DECISION_FORM, GtkBox)

GtkWidget *dossier_decision_form_new         (void);
/* Shows the session's case (once loaded) and stages edits in it. */
void       dossier_decision_form_set_session (DossierDecisionForm *self,
                                              DossierCaseSession  *session);

G_END_DECLS
