/* dossier-window.h: the main window, its header bar, search bar and page stack. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_WINDOW (dossier_window_get_type ())
G_DECLARE_FINAL_TYPE (DossierWindow, dossier_window, DOSSIER, WINDOW, GtkApplicationWindow)

/* Names of the main stack's children. */
#define DOSSIER_WINDOW_PAGE_CASES         "cases"
#define DOSSIER_WINDOW_PAGE_POLICY_NOTES  "policy-notes"
#define DOSSIER_WINDOW_PAGE_OPENING       "opening"
#define DOSSIER_WINDOW_PAGE_REPLICA_ERROR "replica-error"

DossierWindow  *dossier_window_new               (GtkApplication *application);

DossierReplica *dossier_window_get_replica       (DossierWindow  *self);
void            dossier_window_set_replica       (DossierWindow  *self,
                                                  DossierReplica *replica);

void            dossier_window_show_opening      (DossierWindow  *self);
void            dossier_window_show_replica_error (DossierWindow *self,
                                                  const char     *path,
                                                  const GError   *error);

GtkBox         *dossier_window_get_page_box      (DossierWindow  *self,
                                                  const char     *page_name);
GtkSearchEntry *dossier_window_get_search_entry  (DossierWindow  *self);
GtkSearchBar   *dossier_window_get_search_bar    (DossierWindow  *self);

G_END_DECLS
