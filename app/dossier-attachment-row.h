/* dossier-attachment-row.h: one scan attached to a checklist item. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_ATTACHMENT_ROW (dossier_attachment_row_get_type ())
G_DECLARE_FINAL_TYPE (DossierAttachmentRow, dossier_attachment_row, DOSSIER, ATTACHMENT_ROW,
                      GtkListBoxRow)

/* Shows `attachment` (an attachment record with its "id"); keeps a reference. */
GtkWidget  *dossier_attachment_row_new            (JsonObject           *attachment);
JsonObject *dossier_attachment_row_get_attachment (DossierAttachmentRow *self);
/* While the scan is being opened or removed, its buttons are insensitive. */
void        dossier_attachment_row_set_busy       (DossierAttachmentRow *self,
                                                   gboolean              busy);

/* Signals:
 *   "open-requested": the user asked to open the scan.
 *   "remove-requested": the user asked to remove it from the item.
 */

G_END_DECLS
