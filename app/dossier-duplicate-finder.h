/* dossier-duplicate-finder.h: looking in the replica for an applicant who is
 * probably the same person as the one being entered.
 *
 * Candidates share the passport number or the family name (as typed, or in
 * capitals as passports print it); dossier_applicants_are_duplicates() then
 * decides.  The match comes with one of its cases, if it has any, so the
 * editor can name it and offer to open it.  No GTK here.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

void     dossier_duplicate_finder_run_async  (DossierReplica       *replica,
                                              JsonObject           *applicant,
                                              const char           *own_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean dossier_duplicate_finder_run_finish (GAsyncResult         *result,
                                              JsonObject          **out_applicant,
                                              JsonObject          **out_case,
                                              GError              **error);

G_END_DECLS
