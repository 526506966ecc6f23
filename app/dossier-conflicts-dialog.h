/* dossier-conflicts-dialog.h: the conflicts view, opened from the badge in
 * the header bar. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"
#include "dossier-sync-engine.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_CONFLICTS_DIALOG (dossier_conflicts_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DossierConflictsDialog, dossier_conflicts_dialog, DOSSIER, CONFLICTS_DIALOG,
                      GtkDialog)

/* Lists the replica's conflicts and refreshes when the engine counts new ones. */
GtkWidget *dossier_conflicts_dialog_new     (GtkWindow              *parent,
                                             DossierReplica         *replica,
                                             DossierSyncEngine      *engine);
void       dossier_conflicts_dialog_refresh (DossierConflictsDialog *self);

G_END_DECLS
