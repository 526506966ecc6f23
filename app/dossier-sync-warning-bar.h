/* dossier-sync-warning-bar.h: "No successful sync for N days", under the
 * header bar, after the days of the setting sync-warning-days. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-sync-engine.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_SYNC_WARNING_BAR (dossier_sync_warning_bar_get_type ())
G_DECLARE_FINAL_TYPE (DossierSyncWarningBar, dossier_sync_warning_bar, DOSSIER, SYNC_WARNING_BAR,
                      GtkInfoBar)

GtkWidget *dossier_sync_warning_bar_new        (void);
/* Set by itself from the window it is in; hidden without an engine. */
void       dossier_sync_warning_bar_set_engine (DossierSyncWarningBar *self,
                                                DossierSyncEngine     *engine);

G_END_DECLS
