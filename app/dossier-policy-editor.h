/* dossier-policy-editor.h: the form that edits a policy note.
 *
 * It validates as the user types and says what is wrong next to each field;
 * it never writes: the page asks it for the fields and saves them in one go.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_POLICY_EDITOR (dossier_policy_editor_get_type ())
G_DECLARE_FINAL_TYPE (DossierPolicyEditor, dossier_policy_editor, DOSSIER, POLICY_EDITOR, GtkBox)

GtkWidget  *dossier_policy_editor_new          (void);

/* Fills the form from `note` (NULL: a new note, with `country` and
 * `visa_type` chosen when given and today as the effective date) and
 * forgets earlier edits. */
void        dossier_policy_editor_set_note     (DossierPolicyEditor *self,
                                                JsonObject          *note,
                                                const char          *country,
                                                const char          *visa_type);

/* Whether every field is acceptable, and whether anything differs from what
 * set_note() filled in.  Both are notified by the "changed" signal. */
gboolean    dossier_policy_editor_is_valid     (DossierPolicyEditor *self);
gboolean    dossier_policy_editor_has_changes  (DossierPolicyEditor *self);

/* All the note's fields as the form holds them (not "version"), ready for
 * dossier_replica_save_async(); NULL while the form is not valid. */
JsonObject *dossier_policy_editor_dup_fields   (DossierPolicyEditor *self);

/* Moves the keyboard focus to the title. */
void        dossier_policy_editor_focus_title  (DossierPolicyEditor *self);

/* Signals:
 *   "changed": a field was edited; validity or has_changes may differ.
 */

G_END_DECLS
