/* dossier-shipment-row.h: one courier shipment of a case (carrier, tracking
 * number, direction, contents, status, dates), edited in place. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-case-session.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_SHIPMENT_ROW (dossier_shipment_row_get_type ())
G_DECLARE_FINAL_TYPE (DossierShipmentRow, dossier_shipment_row, DOSSIER, SHIPMENT_ROW, GtkListBoxRow)

/* `record` is the shipment's fields with its "id"; `number` names its controls. */
GtkWidget  *dossier_shipment_row_new    (DossierCaseSession *session,
                                         JsonObject         *record,
                                         guint               number);
const char *dossier_shipment_row_get_id (DossierShipmentRow *self);
void        dossier_shipment_row_focus  (DossierShipmentRow *self);

G_END_DECLS
