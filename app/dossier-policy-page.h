/* dossier-policy-page.h: the "Policy notes" page of the main window: browse
 * notes by country and visa type, search them, read, edit and save them, and
 * look through their earlier versions. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_POLICY_PAGE (dossier_policy_page_get_type ())
G_DECLARE_FINAL_TYPE (DossierPolicyPage, dossier_policy_page, DOSSIER, POLICY_PAGE, GtkPaned)

/* `search_entry` (nullable) is the window's search bar entry: while the page
 * is shown, what is typed there also narrows the notes. */
GtkWidget      *dossier_policy_page_new         (GtkSearchEntry    *search_entry);

/* Properties:
 *   "replica" (DossierReplica, nullable): where notes are read and saved;
 *     the page loads the notes whenever it changes.
 */
DossierReplica *dossier_policy_page_get_replica (DossierPolicyPage *self);
void            dossier_policy_page_set_replica (DossierPolicyPage *self,
                                                 DossierReplica    *replica);

G_END_DECLS
