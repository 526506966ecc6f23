/* dossier-case-editor.h: every field of one case and its applicant, saved as
 * the user works; hosts the checklist and activity views in its own tabs. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_CASE_EDITOR (dossier_case_editor_get_type ())
G_DECLARE_FINAL_TYPE (DossierCaseEditor, dossier_case_editor, DOSSIER, CASE_EDITOR, GtkBox)

GtkWidget  *dossier_case_editor_new          (void);
void        dossier_case_editor_set_replica  (DossierCaseEditor *self,
                                              DossierReplica    *replica);
/* Loads a case (asynchronously); NULL starts the intake of a new case. */
void        dossier_case_editor_load_case    (DossierCaseEditor *self,
                                              const char        *case_id);
void        dossier_case_editor_refresh      (DossierCaseEditor *self);
const char *dossier_case_editor_get_case_id  (DossierCaseEditor *self);

/* Signals:
 *   "case-saved" (const char *case_id): a field of the case, its applicant or one
 *   of its items was written to the replica; the case list refreshes that row.
 *   "open-case" (const char *case_id): the user asked to see another case (the
 *   case of a possible duplicate applicant).  The default handler loads it in
 *   this editor; a page that also selects it in its list may connect to it.
 */

G_END_DECLS
