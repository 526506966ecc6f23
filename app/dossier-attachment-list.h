/* dossier-attachment-list.h: the scans attached to one checklist item. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_ATTACHMENT_LIST (dossier_attachment_list_get_type ())
G_DECLARE_FINAL_TYPE (DossierAttachmentList, dossier_attachment_list, DOSSIER, ATTACHMENT_LIST,
                      GtkBox)

GtkWidget *dossier_attachment_list_new      (void);
/* Shows the scans of `item_id` (NULL: none) of case `case_id`. */
void       dossier_attachment_list_set_item (DossierAttachmentList *self,
                                             DossierReplica        *replica,
                                             const char            *case_id,
                                             const char            *item_id);

/* Signals:
 *   "added" (const char *item_id): an attachment record was saved for that item
 *     (which may no longer be the one shown: attaching goes on when the user
 *     moves to another item).
 *   "removed" (const char *item_id): an attachment record of that item was deleted.
 */

G_END_DECLS
