/* dossier-policy-view.h: a policy note shown for reading, as the page shows the
 * current note and as the history shows an earlier version of it. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_POLICY_VIEW (dossier_policy_view_get_type ())
G_DECLARE_FINAL_TYPE (DossierPolicyView, dossier_policy_view, DOSSIER, POLICY_VIEW, GtkBox)

GtkWidget *dossier_policy_view_new      (void);

/* Shows `note` (the fields of a policy note, with "version" when it is
 * known; NULL clears the view).  With `previous` (an earlier version), the
 * fields that differ from it are marked, and so are the requirements added
 * and removed since. */
void       dossier_policy_view_set_note (DossierPolicyView *self,
                                         JsonObject        *note,
                                         JsonObject        *previous);

G_END_DECLS
