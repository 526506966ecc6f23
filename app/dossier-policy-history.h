/* dossier-policy-history.h: the saved versions of a policy note, and the text
 * of the one selected, with what changed since the version before it. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_POLICY_HISTORY (dossier_policy_history_get_type ())
G_DECLARE_FINAL_TYPE (DossierPolicyHistory, dossier_policy_history, DOSSIER, POLICY_HISTORY, GtkBox)

GtkWidget *dossier_policy_history_new      (void);

/* Loads the versions of `note_id` (NULL: none, e.g. a note not saved yet)
 * from `replica`, and selects the newest. */
void       dossier_policy_history_set_note (DossierPolicyHistory *self,
                                            DossierReplica       *replica,
                                            const char           *note_id);

G_END_DECLS
