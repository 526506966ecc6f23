/* dossier-conflict-row.h: one conflicting field in the conflicts view. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_CONFLICT_ROW (dossier_conflict_row_get_type ())
G_DECLARE_FINAL_TYPE (DossierConflictRow, dossier_conflict_row, DOSSIER, CONFLICT_ROW, GtkListBoxRow)

/* `losers`: the conflicts of one field of one record (JsonObject, as
 * dossier_replica_list_conflicts_finish() gives them); `context`: what names
 * the record (dossier_replica_locate_records_finish()), or NULL; `own_device`:
 * this replica's device id, to say "this device". */
GtkWidget  *dossier_conflict_row_new           (GPtrArray   *losers,
                                                JsonObject  *context,
                                                const char  *own_device);

const char *dossier_conflict_row_get_kind      (DossierConflictRow *self);
const char *dossier_conflict_row_get_record_id (DossierConflictRow *self);
const char *dossier_conflict_row_get_field     (DossierConflictRow *self);
/* "record|field": rows of the same field share it across refreshes. */
const char *dossier_conflict_row_get_key       (DossierConflictRow *self);
/* Changes when the values shown change: such a row is rebuilt. */
const char *dossier_conflict_row_get_signature (DossierConflictRow *self);

void        dossier_conflict_row_set_busy      (DossierConflictRow *self,
                                                gboolean            busy);
void        dossier_conflict_row_show_error    (DossierConflictRow *self,
                                                const char         *message);

/* Makes the key and signature of a group of losers without building a row. */
char       *dossier_conflict_row_make_key       (JsonObject *conflict);
char       *dossier_conflict_row_make_signature (GPtrArray  *losers);

/* Signal "resolve" (JsonNode *value): the user chose `value` for the field. */

G_END_DECLS
