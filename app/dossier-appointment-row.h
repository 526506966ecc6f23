/* dossier-appointment-row.h: one biometrics or interview appointment of a
 * case, edited in place in the Appointments tab. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-case-session.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_APPOINTMENT_ROW (dossier_appointment_row_get_type ())
G_DECLARE_FINAL_TYPE (DossierAppointmentRow, dossier_appointment_row, DOSSIER, APPOINTMENT_ROW, GtkListBoxRow)

/* `record` is the appointment's fields with its "id"; `number` names its controls. */
GtkWidget  *dossier_appointment_row_new        (DossierCaseSession    *session,
                                                JsonObject            *record,
                                                guint                  number);
const char *dossier_appointment_row_get_id     (DossierAppointmentRow *self);
void        dossier_appointment_row_focus_date (DossierAppointmentRow *self);

G_END_DECLS
