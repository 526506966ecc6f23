/* dossier-sync-marker.h: "Not yet synced" beside a case while changes to it,
 * its applicant or its items wait in the outbox.
 *
 * For the case editor's header: pack it there and call
 * dossier_sync_marker_set_case() when a case is loaded.  It refreshes by
 * itself after each step of the sync engine (which follows every save), and
 * hides while nobody is logged in (then nothing is ever sent). */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_SYNC_MARKER (dossier_sync_marker_get_type ())
G_DECLARE_FINAL_TYPE (DossierSyncMarker, dossier_sync_marker, DOSSIER, SYNC_MARKER, GtkBin)

GtkWidget *dossier_sync_marker_new      (void);
/* `case_id` NULL (a new case not saved yet) hides the marker. */
void       dossier_sync_marker_set_case (DossierSyncMarker *self,
                                         DossierReplica    *replica,
                                         const char        *case_id);
void       dossier_sync_marker_refresh  (DossierSyncMarker *self);

G_END_DECLS
