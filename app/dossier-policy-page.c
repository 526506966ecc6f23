/* dossier-policy-page.c: the "Policy notes" page.
 *
 * It owns the page's state (which note is open, whether it is being edited,
 * whether a save is running) and everything that talks to the replica; its
 * parts (DossierPolicyList, DossierPolicyView, DossierPolicyEditor,
 * DossierPolicyHistory) only show and collect.  A note is saved whole in one
 * dossier_replica_save_async(), so a note is never half written; "Save as new
 * version" raises `version`, and the replica's trigger keeps the text of the
 * version before.  Unsaved edits are never dropped without asking.
 */

#include <glib/gi18n.h>

#include "dossier-policy-editor.h"
#include "dossier-policy-history.h"
#include "dossier-policy-list.h"
#include "dossier-policy-page.h"
#include "dossier-policy-view.h"
#include "dossier-sync-engine.h"
#include "dossier-sync-status.h"

#define POLICY_NOTE_KIND "policy_note"
/* Search hits asked of the replica; hits of other kinds are dropped here. */
#define SEARCH_LIMIT 2000

typedef enum
{
  PENDING_NONE,
  PENDING_SELECT,
  PENDING_NEW_NOTE,
  PENDING_STOP_EDITING,
} PendingAction;

struct _DossierPolicyPage
{
  GtkPaned              parent_instance;

  DossierPolicyList    *list;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  GtkStack             *right_stack;
  GtkStackSwitcher     *content_switcher;
  GtkStack             *content_stack;
  GtkStack             *mode_stack;
  GtkToggleButton      *edit_button;
  GtkWidget            *cancel_button;
  GtkWidget            *save_version_button;
  GtkWidget            *save_button;
  DossierPolicyView    *note_view;
  DossierPolicyEditor  *editor;
  DossierPolicyHistory *history;

  GtkSearchEntry       *search_entry;       /* weak */
  DossierReplica       *replica;
  GCancellable         *cancellable;        /* list loads and saves */
  GCancellable         *note_cancellable;   /* loading the open note */
  GCancellable         *search_cancellable;

  JsonObject           *note;               /* the open note as saved; NULL for none or new */
  char                 *note_id;
  gboolean              editing;
  gboolean              saving;
  gboolean              syncing_toggle;

  PendingAction         pending;
  char                 *pending_id;

  DossierSyncEngine    *engine;
  guint                 remote_reload_source;
  gboolean              notes_stale;        /* read them when the page is shown */
};

G_DEFINE_FINAL_TYPE (DossierPolicyPage, dossier_policy_page, GTK_TYPE_PANED)

enum
{
  PROP_0,
  PROP_REPLICA,
  PROP_SEARCH_ENTRY,
  N_PROPS
};

enum
{
  SAVE_NOTE,
  EDIT_NOTE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void open_note (DossierPolicyPage *self,
                       const char        *id);

static void
show_error (DossierPolicyPage *self,
            const char        *what,
            const GError      *error)
{
  /* Translators: the first %s says what failed, the second is why. */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), what, error->message);

  g_message ("%s", text);
  gtk_label_set_text (self->error_label, text);
  gtk_widget_show (GTK_WIDGET (self->error_bar));
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}

static void
error_bar_response_cb (DossierPolicyPage *self,
                       int                response,
                       GtkInfoBar        *bar)
{
  gtk_info_bar_set_revealed (bar, FALSE);
}

static gboolean
is_new_note (DossierPolicyPage *self)
{
  return self->editing && self->note_id == NULL;
}

static void
update_controls (DossierPolicyPage *self)
{
  gboolean valid = dossier_policy_editor_is_valid (self->editor);
  gboolean dirty = self->editing && dossier_policy_editor_has_changes (self->editor);
  gboolean is_new = is_new_note (self);

  self->syncing_toggle = TRUE;
  gtk_toggle_button_set_active (self->edit_button, self->editing);
  self->syncing_toggle = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_button),
                            !self->saving && (self->editing || self->note != NULL));

  gtk_widget_set_visible (self->cancel_button, self->editing);
  gtk_widget_set_visible (self->save_button, self->editing);
  gtk_widget_set_visible (self->save_version_button, self->editing && !is_new);
  gtk_widget_set_sensitive (self->cancel_button, !self->saving);
  gtk_widget_set_sensitive (self->save_button, valid && (dirty || is_new) && !self->saving);
  gtk_widget_set_sensitive (self->save_version_button, valid && dirty && !self->saving);

  gtk_widget_set_sensitive (GTK_WIDGET (self->content_switcher), !self->editing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list), !self->saving);
}

static void
show_nothing (DossierPolicyPage *self)
{
  g_clear_pointer (&self->note, json_object_unref);
  g_clear_pointer (&self->note_id, g_free);
  self->editing = FALSE;
  dossier_policy_view_set_note (self->note_view, NULL, NULL);
  dossier_policy_history_set_note (self->history, NULL, NULL);
  gtk_stack_set_visible_child_name (self->right_stack, "empty");
  update_controls (self);
}

static void
show_mode (DossierPolicyPage *self)
{
  gtk_stack_set_visible_child_name (self->right_stack, "content");
  if (self->editing)
    gtk_stack_set_visible_child_name (self->content_stack, "note");
  gtk_stack_set_visible_child_name (self->mode_stack, self->editing ? "edit" : "view");
  update_controls (self);
}

static void
stop_editing (DossierPolicyPage *self)
{
  if (self->note == NULL)
    {
      show_nothing (self);
      return;
    }
  self->editing = FALSE;
  show_mode (self);
}

static void
start_editing (DossierPolicyPage *self)
{
  if (self->note == NULL)
    return;
  dossier_policy_editor_set_note (self->editor, self->note, NULL, NULL);
  self->editing = TRUE;
  show_mode (self);
  dossier_policy_editor_focus_title (self->editor);
}

static void
start_new_note (DossierPolicyPage *self)
{
  g_clear_pointer (&self->note, json_object_unref);
  g_clear_pointer (&self->note_id, g_free);
  g_cancellable_cancel (self->note_cancellable);
  dossier_policy_list_select_note (self->list, NULL);
  dossier_policy_editor_set_note (self->editor, NULL,
                                  dossier_policy_list_get_selected_country (self->list),
                                  dossier_policy_list_get_selected_visa_type (self->list));
  dossier_policy_history_set_note (self->history, NULL, NULL);
  self->editing = TRUE;
  show_mode (self);
  dossier_policy_editor_focus_title (self->editor);
}

static void
run_pending (DossierPolicyPage *self)
{
  PendingAction pending = self->pending;
  g_autofree char *id = g_steal_pointer (&self->pending_id);

  self->pending = PENDING_NONE;
  switch (pending)
    {
    case PENDING_SELECT:
      stop_editing (self);
      dossier_policy_list_select_note (self->list, id);
      open_note (self, id);
      break;
    case PENDING_NEW_NOTE:
      start_new_note (self);
      break;
    case PENDING_STOP_EDITING:
      stop_editing (self);
      break;
    case PENDING_NONE:
    default:
      break;
    }
}

static void
discard_response_cb (DossierPolicyPage *self,
                     int                response,
                     GtkDialog         *dialog)
{
  gtk_widget_destroy (GTK_WIDGET (dialog));

  if (response == GTK_RESPONSE_ACCEPT)
    run_pending (self);
  else
    {
      self->pending = PENDING_NONE;
      g_clear_pointer (&self->pending_id, g_free);
    }
}

static void
ask_to_discard (DossierPolicyPage *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog, *discard;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Discard the changes to this note?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("What you changed since the last save "
                                              "will be lost."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Keep Editing"), GTK_RESPONSE_CANCEL);
  discard = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Discard Changes"), GTK_RESPONSE_ACCEPT);
  gtk_style_context_add_class (gtk_widget_get_style_context (discard), "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);

  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_show (dialog);
}

/* Runs `action` now, or after the user agreed to drop unsaved edits. */
static void
leave_editing_then (DossierPolicyPage *self,
                    PendingAction      action,
                    const char        *id)
{
  self->pending = action;
  g_free (self->pending_id);
  self->pending_id = g_strdup (id);

  if (self->editing && dossier_policy_editor_has_changes (self->editor))
    ask_to_discard (self);
  else
    run_pending (self);
}

static void
note_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DossierPolicyPage *self = user_data;
  g_autoptr(JsonObject) note = NULL;
  g_autoptr(GError) error = NULL;

  note = dossier_replica_get_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (note == NULL)
    {
      show_nothing (self);
      show_error (self, _("The note could not be opened"), error);
      return;
    }

  g_clear_pointer (&self->note, json_object_unref);
  self->note = g_steal_pointer (&note);
  dossier_policy_view_set_note (self->note_view, self->note, NULL);
  dossier_policy_history_set_note (self->history, self->replica, self->note_id);
  show_mode (self);
}

static void
open_note (DossierPolicyPage *self,
           const char        *id)
{
  g_cancellable_cancel (self->note_cancellable);
  g_clear_object (&self->note_cancellable);

  if (id == NULL || self->replica == NULL)
    {
      show_nothing (self);
      return;
    }

  /* Until the note is read, there is nothing to edit: the text on screen
   * belongs to the note before. */
  g_clear_pointer (&self->note, json_object_unref);
  g_free (self->note_id);
  self->note_id = g_strdup (id);
  update_controls (self);
  self->note_cancellable = g_cancellable_new ();
  dossier_replica_get_async (self->replica, POLICY_NOTE_KIND, id, self->note_cancellable,
                             note_loaded_cb, self);
}

static void
notes_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DossierPolicyPage *self = user_data;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  notes = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (notes == NULL)
    {
      show_error (self, _("The policy notes could not be read"), error);
      return;
    }
  dossier_policy_list_set_notes (self->list, notes);
}

static void
load_notes (DossierPolicyPage *self)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  self->notes_stale = FALSE;
  if (self->replica == NULL)
    {
      dossier_policy_list_set_notes (self->list, none);
      return;
    }
  /* Ten thousand notes take most of a second to read: not while the window
   * opens on another page, and not on the worker the case list waits for. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->notes_stale = TRUE;
      return;
    }
  dossier_replica_list_async (self->replica, POLICY_NOTE_KIND, NULL, NULL, NULL, 0,
                              self->cancellable, notes_loaded_cb, self);
}

static void
dossier_policy_page_map (GtkWidget *widget)
{
  DossierPolicyPage *self = DOSSIER_POLICY_PAGE (widget);

  GTK_WIDGET_CLASS (dossier_policy_page_parent_class)->map (widget);
  if (self->notes_stale)
    load_notes (self);
}

static void
note_saved_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DossierPolicyPage *self = user_data;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  id = dossier_replica_save_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (id == NULL)
    {
      /* Still editing: nothing typed is lost, and the user can try again. */
      update_controls (self);
      show_error (self, _("The note could not be saved"), error);
      return;
    }

  self->editing = FALSE;
  dossier_policy_list_select_note (self->list, id);
  load_notes (self);
  open_note (self, id);
  update_controls (self);
}

static gint64
current_version (DossierPolicyPage *self)
{
  JsonNode *node = self->note != NULL ? json_object_get_member (self->note, "version") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return 1;
  return MAX (json_node_get_int (node), 1);
}

static void
save (DossierPolicyPage *self,
      gboolean           as_new_version)
{
  g_autoptr(JsonObject) fields = NULL;
  gint64 version;

  if (!self->editing || self->saving || self->replica == NULL)
    return;
  fields = dossier_policy_editor_dup_fields (self->editor);
  if (fields == NULL)
    return;

  version = current_version (self) + (as_new_version && self->note != NULL ? 1 : 0);
  json_object_set_int_member (fields, "version", version);
  self->saving = TRUE;
  update_controls (self);
  dossier_replica_save_async (self->replica, POLICY_NOTE_KIND, self->note_id, fields,
                              self->cancellable, note_saved_cb, self);
}

static void
save_clicked_cb (DossierPolicyPage *self)
{
  save (self, FALSE);
}

static void
save_version_clicked_cb (DossierPolicyPage *self)
{
  save (self, TRUE);
}

static void
cancel_clicked_cb (DossierPolicyPage *self)
{
  leave_editing_then (self, PENDING_STOP_EDITING, NULL);
}

static void
edit_toggled_cb (DossierPolicyPage *self,
                 GtkToggleButton   *button)
{
  if (self->syncing_toggle)
    return;

  if (gtk_toggle_button_get_active (button))
    start_editing (self);
  else
    leave_editing_then (self, PENDING_STOP_EDITING, NULL);
  /* Until the user answers, the button shows what is true. */
  update_controls (self);
}

static void
editor_changed_cb (DossierPolicyPage *self)
{
  update_controls (self);
}

static void
note_selected_cb (DossierPolicyPage *self,
                  const char        *id,
                  DossierPolicyList *list)
{
  if (id == NULL && !self->editing)
    {
      show_nothing (self);
      return;
    }
  if (g_strcmp0 (id, self->note_id) == 0)
    return;
  if (id == NULL)
    {
      /* A country or visa type row: the form stays, and so does its note's row. */
      dossier_policy_list_select_note (list, self->note_id);
      return;
    }

  /* The list moves back to the open note until the user lets its edits go. */
  dossier_policy_list_select_note (list, self->note_id);
  leave_editing_then (self, PENDING_SELECT, id);
}

static void
new_note_cb (DossierPolicyPage *self)
{
  leave_editing_then (self, PENDING_NEW_NOTE, NULL);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DossierPolicyPage *self = user_data;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GError) error = NULL;

  hits = dossier_replica_search_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (hits == NULL)
    {
      show_error (self, _("The search failed"), error);
      return;
    }

  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < hits->len; i++)
    {
      DossierSearchHit *hit = g_ptr_array_index (hits, i);

      if (g_str_equal (hit->kind, POLICY_NOTE_KIND))
        g_hash_table_add (ids, g_strdup (hit->record_id));
    }
  dossier_policy_list_set_search_hits (self->list, ids);
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strdup (text);

  return *g_strstrip (copy) == '\0';
}

/* The window's search narrows the notes while this page is the one shown. */
static void
apply_search (DossierPolicyPage *self)
{
  const char *text;

  if (self->search_entry == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  text = gtk_entry_get_text (GTK_ENTRY (self->search_entry));
  if (is_blank (text) || self->replica == NULL)
    {
      dossier_policy_list_set_search_hits (self->list, NULL);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  dossier_replica_search_async (self->replica, text, SEARCH_LIMIT, self->search_cancellable,
                                search_done_cb, self);
}

static void
set_search_entry (DossierPolicyPage *self,
                  GtkSearchEntry    *entry)
{
  if (entry == NULL)
    return;
  g_set_weak_pointer (&self->search_entry, entry);
  g_signal_connect_object (entry, "search-changed", G_CALLBACK (apply_search), self,
                           G_CONNECT_SWAPPED);
}

static void
save_note_activated (DossierPolicyPage *self)
{
  save (self, FALSE);
}

static void
edit_note_activated (DossierPolicyPage *self)
{
  if (!self->editing && self->note != NULL)
    start_editing (self);
}

/**
 * dossier_policy_page_get_replica:
 * @self: a #DossierPolicyPage
 *
 * Returns: (transfer none) (nullable): the replica
 */
DossierReplica *
dossier_policy_page_get_replica (DossierPolicyPage *self)
{
  g_return_val_if_fail (DOSSIER_IS_POLICY_PAGE (self), NULL);

  return self->replica;
}

/**
 * dossier_policy_page_set_replica:
 * @self: a #DossierPolicyPage
 * @replica: (nullable): the open replica
 *
 * Forgets the open note (a replica that goes away takes its notes with it)
 * and loads the notes of @replica.
 */
void
dossier_policy_page_set_replica (DossierPolicyPage *self,
                                 DossierReplica    *replica)
{
  g_return_if_fail (DOSSIER_IS_POLICY_PAGE (self));
  g_return_if_fail (replica == NULL || DOSSIER_IS_REPLICA (replica));

  if (!g_set_object (&self->replica, replica))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->saving = FALSE;
  self->pending = PENDING_NONE;

  dossier_policy_list_select_note (self->list, NULL);
  open_note (self, NULL);
  load_notes (self);
  apply_search (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLICA]);
}

/* Notes pulled from the server: the list is read again, and the open note
 * too unless it is being edited (the editor keeps what the user typed; a
 * concurrent change to the same field becomes a conflict when it is saved). */
static gboolean
remote_reload_cb (gpointer user_data)
{
  DossierPolicyPage *self = user_data;

  self->remote_reload_source = 0;
  load_notes (self);
  if (!self->editing && self->note_id != NULL)
    {
      g_autofree char *id = g_strdup (self->note_id);
      open_note (self, id);
    }
  return G_SOURCE_REMOVE;
}

static void
remote_changes_cb (DossierPolicyPage *self,
                   guint              changes)
{
  if (self->remote_reload_source == 0)
    self->remote_reload_source = g_timeout_add (700, remote_reload_cb, self);
}

static void
engine_changed_cb (GtkWidget         *widget,
                   DossierSyncEngine *engine)
{
  DossierPolicyPage *self = DOSSIER_POLICY_PAGE (widget);

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_func (self->engine, remote_changes_cb, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "remote-changes", G_CALLBACK (remote_changes_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
dossier_policy_page_dispose (GObject *object)
{
  DossierPolicyPage *self = DOSSIER_POLICY_PAGE (object);

  g_clear_handle_id (&self->remote_reload_source, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_func (self->engine, remote_changes_cb, self);
  g_clear_object (&self->engine);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->note_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->note_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->replica);
  g_clear_weak_pointer (&self->search_entry);
  g_clear_pointer (&self->note, json_object_unref);

  G_OBJECT_CLASS (dossier_policy_page_parent_class)->dispose (object);
}

static void
dossier_policy_page_finalize (GObject *object)
{
  DossierPolicyPage *self = DOSSIER_POLICY_PAGE (object);

  g_free (self->note_id);
  g_free (self->pending_id);

  G_OBJECT_CLASS (dossier_policy_page_parent_class)->finalize (object);
}

static void
dossier_policy_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DossierPolicyPage *self = DOSSIER_POLICY_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_policy_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DossierPolicyPage *self = DOSSIER_POLICY_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      dossier_policy_page_set_replica (self, g_value_get_object (value));
      break;

    case PROP_SEARCH_ENTRY:
      set_search_entry (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_bindings (DossierPolicyPageClass *klass)
{
  GtkBindingSet *bindings = gtk_binding_set_by_class (klass);

  /* Keybinding signals, so they work wherever the focus is inside the page. */
  signals[SAVE_NOTE] = g_signal_new_class_handler ("save-note", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                                   G_CALLBACK (save_note_activated),
                                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EDIT_NOTE] = g_signal_new_class_handler ("edit-note", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                                   G_CALLBACK (edit_note_activated),
                                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_binding_entry_add_signal (bindings, GDK_KEY_s, GDK_CONTROL_MASK, "save-note", 0);
  gtk_binding_entry_add_signal (bindings, GDK_KEY_e, GDK_CONTROL_MASK, "edit-note", 0);
}

static void
dossier_policy_page_class_init (DossierPolicyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_policy_page_dispose;
  object_class->finalize = dossier_policy_page_finalize;
  object_class->get_property = dossier_policy_page_get_property;
  object_class->set_property = dossier_policy_page_set_property;
  widget_class->map = dossier_policy_page_map;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", "Replica", "Where the notes are read and saved",
                         DOSSIER_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_ENTRY] =
    g_param_spec_object ("search-entry", "Search entry", "The window's search entry",
                         GTK_TYPE_SEARCH_ENTRY,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  install_bindings (klass);

  g_type_ensure (DOSSIER_TYPE_POLICY_EDITOR);
  g_type_ensure (DOSSIER_TYPE_POLICY_HISTORY);
  g_type_ensure (DOSSIER_TYPE_POLICY_LIST);
  g_type_ensure (DOSSIER_TYPE_POLICY_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-policy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, list);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, error_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, right_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, content_switcher);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, save_version_button);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, note_view);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, editor);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyPage, history);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_version_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_note_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_search);
}

static void
dossier_policy_page_init (DossierPolicyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  show_nothing (self);
  dossier_sync_status_follow_engine (GTK_WIDGET (self), engine_changed_cb);
}

/**
 * dossier_policy_page_new:
 * @search_entry: (nullable): the window's search entry
 *
 * Returns: (transfer floating): a new page, without a replica
 */
GtkWidget *
dossier_policy_page_new (GtkSearchEntry *search_entry)
{
  g_return_val_if_fail (search_entry == NULL || GTK_IS_SEARCH_ENTRY (search_entry), NULL);

  return g_object_new (DOSSIER_TYPE_POLICY_PAGE, "search-entry", search_entry, NULL);
}
