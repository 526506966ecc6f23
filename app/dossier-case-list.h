/* dossier-case-list.h: every case of the replica in one list that stays
 * smooth with 100,000 of them; filters, full-text search and sorting by any
 * column, all answered by the replica's worker thread. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_CASE_LIST (dossier_case_list_get_type ())
G_DECLARE_FINAL_TYPE (DossierCaseList, dossier_case_list, DOSSIER, CASE_LIST, GtkBox)

GtkWidget  *dossier_case_list_new                 (void);
void        dossier_case_list_set_replica         (DossierCaseList *self,
                                                   DossierReplica  *replica);

/* Filters (NULL: all); each change reads the list again. */
void        dossier_case_list_set_stage           (DossierCaseList *self,
                                                   const char      *stage);
void        dossier_case_list_set_destination     (DossierCaseList *self,
                                                   const char      *destination);
void        dossier_case_list_set_urgency         (DossierCaseList *self,
                                                   const char      *urgency);
void        dossier_case_list_set_needs_attention (DossierCaseList *self,
                                                   gboolean         needs_attention);
void        dossier_case_list_set_search_text     (DossierCaseList *self,
                                                   const char      *text);
void        dossier_case_list_set_escalation_days (DossierCaseList *self,
                                                   guint            days);

void        dossier_case_list_set_show_unsent     (DossierCaseList *self,
                                                   gboolean         show);
void        dossier_case_list_reload              (DossierCaseList *self);
void        dossier_case_list_refresh_rows        (DossierCaseList *self);
void        dossier_case_list_refresh_case        (DossierCaseList *self,
                                                   const char      *case_id,
                                                   gboolean         select);
void        dossier_case_list_select_case         (DossierCaseList *self,
                                                   const char      *case_id);
void        dossier_case_list_unselect            (DossierCaseList *self);
guint       dossier_case_list_get_n_cases         (DossierCaseList *self);
gboolean    dossier_case_list_get_loading         (DossierCaseList *self);

/* Properties: "n-cases" (guint), "loading" (gboolean), both read-only.
 * Signals:
 *   "case-selected" (const char *case_id): the user selected a case's row.
 */

G_END_DECLS
