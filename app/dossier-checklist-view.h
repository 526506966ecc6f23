/* dossier-checklist-view.h: a case's document checklist: generated from the
 * destination's policy note, then worked item by item (receipt, translation
 * with double review, notarization, legalization or apostille, custody, due
 * dates, attached scans). */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_CHECKLIST_VIEW (dossier_checklist_view_get_type ())
G_DECLARE_FINAL_TYPE (DossierChecklistView, dossier_checklist_view, DOSSIER, CHECKLIST_VIEW, GtkBox)

GtkWidget *dossier_checklist_view_new      (void);
/* Shows the checklist of `case_id` (NULL: nothing, e.g. a case not yet saved). */
void       dossier_checklist_view_set_case (DossierChecklistView *self,
                                            DossierReplica       *replica,
                                            const char           *case_id);

/* Signals:
 *   "changed": an item was written to the replica.
 */

G_END_DECLS
