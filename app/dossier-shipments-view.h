/* dossier-shipments-view.h: the courier half of the "Fees & courier" tab:
 * passports and documents on their way between client, office and consulate. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-case-session.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_SHIPMENTS_VIEW (dossier_shipments_view_get_type ())
G_DECLARE_FINAL_TYPE (DossierShipmentsView, dossier_shipments_view, DOSSIER, SHIPMENTS_VIEW, GtkBox)

GtkWidget *dossier_shipments_view_new         (void);
/* Lists the session's shipments once the case exists; adding needs a saved case. */
void       dossier_shipments_view_set_session (DossierShipmentsView *self,
                                                  DossierCaseSession      *session);

G_END_DECLS
