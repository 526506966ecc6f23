/* dossier-application.h: the GtkApplication of the client. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"
#include "dossier-sync-engine.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_APPLICATION (dossier_application_get_type ())
G_DECLARE_FINAL_TYPE (DossierApplication, dossier_application, DOSSIER, APPLICATION, GtkApplication)

DossierApplication *dossier_application_new              (void);
GSettings          *dossier_application_get_settings     (DossierApplication *self);
DossierReplica     *dossier_application_get_replica      (DossierApplication *self);
const char         *dossier_application_get_replica_path (DossierApplication *self);
DossierSyncEngine  *dossier_application_get_sync_engine  (DossierApplication *self);

G_END_DECLS
