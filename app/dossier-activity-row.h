/* dossier-activity-row.h: one entry of a case's activity log, read-only. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_ACTIVITY_ROW (dossier_activity_row_get_type ())
G_DECLARE_FINAL_TYPE (DossierActivityRow, dossier_activity_row, DOSSIER, ACTIVITY_ROW, GtkListBoxRow)

/* Shows `entry` (an activity_entry record), its time relative to `now`. */
GtkWidget *dossier_activity_row_new (JsonObject *entry,
                                     GDateTime  *now);

G_END_DECLS
