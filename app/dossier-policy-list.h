/* dossier-policy-list.h: the policy notes as a tree of country, then visa
 * type, then note, with a filter entry and the "New note" button.  It knows
 * nothing of the replica: the page hands it the notes. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_POLICY_LIST (dossier_policy_list_get_type ())
G_DECLARE_FINAL_TYPE (DossierPolicyList, dossier_policy_list, DOSSIER, POLICY_LIST, GtkBox)

GtkWidget  *dossier_policy_list_new             (void);

/* Replaces the notes (a GPtrArray of JsonObject with at least "id",
 * "country", "visa_type" and "title"); keeps the selected note selected. */
void        dossier_policy_list_set_notes       (DossierPolicyList *self,
                                                 GPtrArray         *notes);

/* Selects the note `id` (NULL: nothing) without emitting "note-selected". */
void        dossier_policy_list_select_note     (DossierPolicyList *self,
                                                 const char        *id);

/* Shows only the notes whose ids are in `ids` (a set of strings), as found
 * by the window's search; NULL shows every note again. */
void        dossier_policy_list_set_search_hits (DossierPolicyList *self,
                                                 GHashTable        *ids);

/* The country and visa type of the selected row (a country, a visa type in
 * it, or a note), for a new note to start from; NULL when not known. */
const char *dossier_policy_list_get_selected_country   (DossierPolicyList *self);
const char *dossier_policy_list_get_selected_visa_type (DossierPolicyList *self);

/* Signals:
 *   "note-selected" (const char *id): the user selected a note, or a
 *     country or visa type row (id NULL).
 *   "new-note": the user asked for a new note.
 */

G_END_DECLS
