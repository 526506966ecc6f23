/* dossier-checklist-item-editor.h: the details of one checklist item, saved
 * as the user works. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_CHECKLIST_ITEM_EDITOR (dossier_checklist_item_editor_get_type ())
G_DECLARE_FINAL_TYPE (DossierChecklistItemEditor, dossier_checklist_item_editor, DOSSIER,
                      CHECKLIST_ITEM_EDITOR, GtkBox)

GtkWidget  *dossier_checklist_item_editor_new      (void);
/* Shows `item` (a checklist_item record with "id" and "case_id"; the editor
 * keeps its own copy), first writing what is pending for the previous item.
 * NULL shows nothing. */
void        dossier_checklist_item_editor_set_item (DossierChecklistItemEditor *self,
                                                    DossierReplica             *replica,
                                                    JsonObject                 *item);
/* The item as edited so far (transfer none), or NULL. */
JsonObject *dossier_checklist_item_editor_get_item (DossierChecklistItemEditor *self);
/* Writes the valid edits still waiting for the pause in typing. */
void        dossier_checklist_item_editor_flush    (DossierChecklistItemEditor *self);

/* Signals:
 *   "item-saved" (const char *item_id, JsonObject *fields): fields of that item
 *     were written to the replica (the item may no longer be the one shown).
 *   "remove-requested": the user asked to remove the item shown.
 *   "attachment-added" (const char *item_id), "attachment-removed" (const char
 *     *item_id): a scan of that item was attached or removed.
 */

G_END_DECLS
