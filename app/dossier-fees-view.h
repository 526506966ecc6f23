/* dossier-fees-view.h: the fees of a case, one row per kind, with totals. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-case-session.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_FEES_VIEW (dossier_fees_view_get_type ())
G_DECLARE_FINAL_TYPE (DossierFeesView, dossier_fees_view, DOSSIER, FEES_VIEW, GtkBox)

GtkWidget *dossier_fees_view_new         (void);
/* Lists the session's fees once the case exists; adding needs a saved case. */
void       dossier_fees_view_set_session (DossierFeesView    *self,
                                          DossierCaseSession *session);

G_END_DECLS
