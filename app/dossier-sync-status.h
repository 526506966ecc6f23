/* dossier-sync-status.h: the sync status in the header bar (state, progress
 * of a long first sync, changes not yet sent, conflicts with their badge),
 * and how the window's sync widgets find the application's sync engine. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-sync-engine.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_SYNC_STATUS (dossier_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (DossierSyncStatus, dossier_sync_status, DOSSIER, SYNC_STATUS, GtkBox)

GtkWidget *dossier_sync_status_new         (void);
/* Set by itself from the window it is in (see dossier_sync_status_follow_engine()). */
void       dossier_sync_status_set_engine  (DossierSyncStatus *self,
                                            DossierSyncEngine *engine);

/* The engine's state in words: a short title ("Synced at 10:42", "Offline")
 * and, in `out_detail`, a sentence on what it means and what to do. */
char      *dossier_sync_status_describe    (DossierSyncEngine *engine,
                                            char             **out_detail);

typedef void (*DossierSyncEngineFunc) (GtkWidget         *widget,
                                       DossierSyncEngine *engine);

/* Calls `func` with the sync engine of the DossierWindow `widget` is in (NULL
 * while there is none: no window yet, replica not open), now and each time
 * it changes.  For widgets the window builds from its template. */
void       dossier_sync_status_follow_engine (GtkWidget             *widget,
                                              DossierSyncEngineFunc  func);

G_END_DECLS
