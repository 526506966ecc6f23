/* dossier-activity-view.h: a case's append-only activity log (calls,
 * complaints, follow-ups, visits, notes), each entry with its author and time. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_ACTIVITY_VIEW (dossier_activity_view_get_type ())
G_DECLARE_FINAL_TYPE (DossierActivityView, dossier_activity_view, DOSSIER, ACTIVITY_VIEW, GtkBox)

GtkWidget *dossier_activity_view_new      (void);
void       dossier_activity_view_set_case (DossierActivityView *self,
                                           DossierReplica      *replica,
                                           const char          *case_id);

/* Signals:
 *   "changed": an entry was added.
 */

G_END_DECLS
