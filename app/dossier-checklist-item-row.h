/* dossier-checklist-item-row.h: one document of a case's checklist, as a list row. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_CHECKLIST_ITEM_ROW (dossier_checklist_item_row_get_type ())
G_DECLARE_FINAL_TYPE (DossierChecklistItemRow, dossier_checklist_item_row, DOSSIER,
                      CHECKLIST_ITEM_ROW, GtkListBoxRow)

GtkWidget  *dossier_checklist_item_row_new      (JsonObject              *item);
/* The row keeps a reference to `item` (a checklist_item record with its "id"). */
void        dossier_checklist_item_row_set_item (DossierChecklistItemRow *self,
                                                 JsonObject              *item);
JsonObject *dossier_checklist_item_row_get_item (DossierChecklistItemRow *self);
const char *dossier_checklist_item_row_get_id   (DossierChecklistItemRow *self);
/* Copies `fields` into the row's item and shows the result. */
void        dossier_checklist_item_row_merge    (DossierChecklistItemRow *self,
                                                 JsonObject              *fields);
void        dossier_checklist_item_row_set_attachment_count (DossierChecklistItemRow *self,
                                                             guint                    count);
/* Days ahead a due date counts as soon (the "soon-days" setting); refreshes the row. */
void        dossier_checklist_item_row_set_soon_days (DossierChecklistItemRow *self,
                                                      guint                    soon_days);

G_END_DECLS
