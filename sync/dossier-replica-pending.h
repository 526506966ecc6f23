/* dossier-replica-pending.h: what the window asks the replica about sync
 * beyond the engine's counters: which cases hold changes not yet sent (the
 * "not yet synced" marker), how many changes the server refused, and which
 * case a record belongs to (the conflicts view names records by their case).
 * Every call is queued to the replica's worker: safe from the main loop.
 */
#pragma once

#include "dossier-replica.h"

G_BEGIN_DECLS

/* Outbox changes of a case, its applicant and the members of its sets
 * (checklist items, appointments, fees, ...).  A deleted member's tombstone
 * no longer names its case and is not counted. */
void       dossier_replica_count_case_pending_async   (DossierReplica      *self,
                                                       const char          *case_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gint64     dossier_replica_count_case_pending_finish  (DossierReplica      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
gint64     dossier_replica_count_case_pending_sync    (DossierReplica      *self,
                                                       const char          *case_id,
                                                       GCancellable        *cancellable,
                                                       GError             **error);

/* Of `case_ids`, those with changes not yet sent (same rule), in their order:
 * for a list that marks its rows. */
void       dossier_replica_filter_pending_cases_async  (DossierReplica      *self,
                                                        const char *const   *case_ids,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GStrv      dossier_replica_filter_pending_cases_finish (DossierReplica      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Changes the server refused (an office the user may not write), kept aside. */
void       dossier_replica_count_rejected_async   (DossierReplica      *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gint64     dossier_replica_count_rejected_finish  (DossierReplica      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* For each JsonObject of `records` (with "kind" and "record_id", as conflicts
 * have them), what names it: a JsonObject with "case_id", "reference",
 * "family_name", "given_names" and "native_name" for a case, its applicant
 * (through its most recent case) or a member of a case's sets, "title" for
 * a policy note or an office's "name"; members missing when unknown (the
 * record was deleted since).  Returns a GPtrArray of JsonObject in the
 * order of `records`. */
void       dossier_replica_locate_records_async   (DossierReplica      *self,
                                                   GPtrArray           *records,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray *dossier_replica_locate_records_finish  (DossierReplica      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
