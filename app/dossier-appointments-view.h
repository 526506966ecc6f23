/* dossier-appointments-view.h: the Appointments tab: a case's biometrics and
 * interview slots with reminders and preparation notes. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-case-session.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_APPOINTMENTS_VIEW (dossier_appointments_view_get_type ())
G_DECLARE_FINAL_TYPE (DossierAppointmentsView, dossier_appointments_view, DOSSIER, APPOINTMENTS_VIEW, GtkBox)

GtkWidget *dossier_appointments_view_new         (void);
/* Lists the session's appointments once the case exists; adding needs a saved case. */
void       dossier_appointments_view_set_session (DossierAppointmentsView *self,
                                                  DossierCaseSession      *session);

G_END_DECLS
