/* dossier-checklist-item-editor-private.h: what the checklist item editor's
 * two files share: its widgets and state (dossier-checklist-item-editor.c
 * shows and writes, dossier-checklist-item-fields.c reads and checks). */
#pragma once

#include "dossier-attachment-list.h"
#include "dossier-checklist-item-editor.h"

G_BEGIN_DECLS

struct _DossierChecklistItemEditor
{
  GtkBox                 parent_instance;

  GtkLabel              *title_label;
  GtkLabel              *kind_label;
  GtkToggleButton       *required_radio;
  GtkToggleButton       *optional_radio;
  GtkToggleButton       *not_applicable_radio;
  GtkLabel              *state_label;
  GtkLabel              *state_dates_label;
  GtkWidget             *state_buttons_box;
  GtkWidget             *receive_button;
  GtkWidget             *verify_button;
  GtkWidget             *request_button;
  GtkWidget             *reason_box;
  GtkEntry              *reason_entry;
  GtkWidget             *reject_button;
  GtkLabel              *previous_reason_label;
  GtkLabel              *state_error_label;
  GtkSwitch             *translation_switch;
  GtkWidget             *translation_grid;
  GtkEntry              *language_entry;
  GtkEntry              *translator_entry;
  GtkEntry              *translated_on_entry;
  GtkLabel              *translator_error;
  GtkEntry              *reviewer_entry;
  GtkEntry              *reviewed_on_entry;
  GtkLabel              *reviewer_error;
  GtkSwitch             *notarization_switch;
  GtkWidget             *notarization_grid;
  GtkEntry              *notarized_on_entry;
  GtkLabel              *notarized_on_error;
  GtkComboBox           *legalization_combo;
  GtkEntry              *legalized_on_entry;
  GtkLabel              *legalized_on_error;
  GtkEntry              *due_date_entry;
  GtkLabel              *due_date_error;
  GtkComboBox           *custody_combo;
  GtkTextView           *notes_view;
  DossierAttachmentList *attachment_list;
  GtkLabel              *save_error_label;

  GSettings             *settings;
  DossierReplica        *replica;
  JsonObject            *item;        /* as stored, plus the writes under way */
  guint                  save_source;
  gboolean               loading;     /* filling the widgets: not the user's edits */
  gboolean               disposed;
};

/* Shows `message` in `label`, or hides the label for NULL. */
void        dossier_checklist_item_editor_set_message      (GtkLabel                   *label,
                                                            const char                 *message);
/* The entry's text without surrounding spaces; NULL when there is none. */
char       *dossier_checklist_item_editor_dup_entry_text   (GtkEntry                   *entry);
/* The item's stored state ("requested" when it has none). */
const char *dossier_checklist_item_editor_get_state        (DossierChecklistItemEditor *self);
void        dossier_checklist_item_editor_clear_errors     (DossierChecklistItemEditor *self);
/* The valid fields that differ from the item (transfer full); shows what is invalid. */
JsonObject *dossier_checklist_item_editor_collect_changes  (DossierChecklistItemEditor *self);

G_END_DECLS
