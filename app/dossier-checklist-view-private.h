/* dossier-checklist-view-private.h: what the checklist view's two files
 * share: its widgets and state (dossier-checklist-view.c loads and shows,
 * dossier-checklist-view-actions.c generates, adds and removes items). */
#pragma once

#include "dossier-checklist-item-editor.h"
#include "dossier-checklist-item-row.h"
#include "dossier-checklist-view.h"

G_BEGIN_DECLS

struct _DossierChecklistView
{
  GtkBox                      parent_instance;

  GtkWidget                  *toolbar;
  GtkLabel                   *summary_label;
  GtkMenuButton              *add_button;
  GtkPopover                 *add_popover;
  GtkComboBoxText            *new_item_combo;
  GtkButton                  *add_confirm_button;
  GtkLabel                   *error_label;
  GtkStack                   *stack;
  GtkLabel                   *load_error_label;
  GtkLabel                   *source_label;
  GtkLabel                   *due_hint_label;
  GtkButton                  *generate_button;
  GtkLabel                   *generate_error_label;
  GtkPaned                   *paned;
  GtkWidget                  *list_scroll;
  GtkListBox                 *items_list;
  GtkScrolledWindow          *editor_scroll;
  DossierChecklistItemEditor *editor;

  GSettings                  *settings;
  DossierReplica             *replica;
  char                       *case_id;
  JsonObject                 *case_record;
  JsonObject                 *policy_note;        /* NULL: the standard list */
  GPtrArray                  *loaded_items;       /* between two reads of a load */
  char                       *select_id;          /* the row to select once loaded */
  GHashTable                 *attachment_counts;  /* item id -> number of scans */
  GCancellable               *cancellable;
};

/* dossier-checklist-view.c */
void                     dossier_checklist_view_set_message     (GtkLabel             *label,
                                                                 const char           *message);
void                     dossier_checklist_view_emit_changed    (DossierChecklistView *self);
DossierChecklistItemRow *dossier_checklist_view_find_row        (DossierChecklistView *self,
                                                                 const char           *item_id);
void                     dossier_checklist_view_update_summary  (DossierChecklistView *self);
guint                    dossier_checklist_view_due_in_days     (DossierChecklistView *self);
/* Finds the policy note for the empty state, then shows it. */
void                     dossier_checklist_view_look_up_policy  (DossierChecklistView *self);
/* Writes the editor's pending edits, then reads the items again. */
void                     dossier_checklist_view_reload_items    (DossierChecklistView *self,
                                                                 const char           *select_id);

/* dossier-checklist-view-actions.c */
void dossier_checklist_view_init_actions             (DossierChecklistView *self);
void dossier_checklist_view_generate_clicked_cb      (DossierChecklistView *self,
                                                      GtkButton            *button);
void dossier_checklist_view_new_item_changed_cb      (DossierChecklistView *self,
                                                      GtkComboBox          *combo);
void dossier_checklist_view_add_confirm_clicked_cb   (DossierChecklistView *self,
                                                      GtkButton            *button);
void dossier_checklist_view_remove_requested_cb      (DossierChecklistView *self);

G_END_DECLS
