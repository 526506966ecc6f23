/* dossier-checklist-item-editor.c: the details of one checklist item.
 *
 * Everything is saved as the user works: typing waits for a pause of half a
 * second, switches, choices and state buttons write at once.  Before any
 * write the fields are validated, and what is invalid stays on screen with
 * its message beside it and is not written.  The pipeline fields
 * (translator, review, notarization, legalization) are checked together by
 * dossier_checklist_item_check_pipeline() and written together or not at
 * all, so the replica never holds a review by the translator or a review
 * dated before its translation.  State changes go through
 * dossier_checklist_item_transition(), and only the buttons the state
 * machine allows are shown.
 *
 * Writes are not cancelled when the item changes or the editor goes away:
 * what the user typed is written.  They hold a reference to the editor and
 * only touch its widgets while it is alive.
 */

#include <glib/gi18n.h>

#include "dossier-attachment-list.h"
#include "dossier-checklist-item-editor-private.h"
#include "dossier-checklist-records.h"
#include "dossier-checks.h"
#include "dossier-date.h"
#include "dossier-settings.h"

#define SAVE_DELAY_MS 500

G_DEFINE_FINAL_TYPE (DossierChecklistItemEditor, dossier_checklist_item_editor, GTK_TYPE_BOX)

enum
{
  ITEM_SAVED,
  REMOVE_REQUESTED,
  ATTACHMENT_ADDED,
  ATTACHMENT_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
get_string (JsonObject *object,
            const char *name)
{
  const char *value = json_object_get_string_member_with_default (object, name, NULL);

  return value != NULL && *value != '\0' ? value : NULL;
}

static const char *
item_id (DossierChecklistItemEditor *self)
{
  return self->item != NULL ? get_string (self->item, "id") : NULL;
}

/* ---- Writing ------------------------------------------------------------ */

typedef struct
{
  DossierChecklistItemEditor *self;
  char                       *id;
  JsonObject                 *fields;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->self);
  g_free (data->id);
  json_object_unref (data->fields);
  g_free (data);
}

static void
item_saved_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SaveData *data = user_data;
  DossierChecklistItemEditor *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = dossier_replica_save_finish (DOSSIER_REPLICA (source), result, &error);

  if (error != NULL && (self->disposed || g_strcmp0 (item_id (self), data->id) != 0))
    g_warning ("A checklist item was not saved: %s", error->message);
  else if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

      dossier_checklist_item_editor_set_message (self->save_error_label, message);
    }
  else if (!self->disposed)
    g_signal_emit (self, signals[ITEM_SAVED], 0, data->id, data->fields);
  save_data_free (data);
}

/* Writes `fields` of the item shown and counts them as stored from now on. */
static void
save_fields (DossierChecklistItemEditor *self,
             JsonObject                 *fields)
{
  SaveData *data;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (self->item, name, json_node_copy (value));

  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->id = g_strdup (item_id (self));
  data->fields = json_object_ref (fields);
  dossier_replica_save_async (self->replica, "checklist_item", data->id, fields, NULL,
                              item_saved_cb, data);
}

static void
save_now (DossierChecklistItemEditor *self)
{
  g_autoptr(JsonObject) changes = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->item == NULL || self->replica == NULL)
    return;

  changes = dossier_checklist_item_editor_collect_changes (self);
  if (json_object_get_size (changes) > 0)
    save_fields (self, changes);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  DossierChecklistItemEditor *self = user_data;

  self->save_source = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (DossierChecklistItemEditor *self)
{
  if (self->loading || self->item == NULL)
    return;

  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

void
dossier_checklist_item_editor_flush (DossierChecklistItemEditor *self)
{
  g_return_if_fail (DOSSIER_IS_CHECKLIST_ITEM_EDITOR (self));

  if (self->save_source != 0)
    save_now (self);
}

static void
set_entry (GtkEntry   *entry,
           JsonObject *item,
           const char *field)
{
  const char *value = get_string (item, field);

  gtk_entry_set_text (entry, value != NULL ? value : "");
}

/* ---- The state section --------------------------------------------------- */

static void
show_state_chip (DossierChecklistItemEditor *self,
                 gboolean                    not_applicable,
                 DossierItemState            state)
{
  static const char * const classes[] = { "accent", "success", "error", "dim-label" };
  static const char * const state_classes[] = { NULL, "accent", "success", "error" };
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self->state_label));
  const char *wanted = not_applicable ? "dim-label" : state_classes[state];

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_style_context_remove_class (context, classes[i]);
  if (wanted != NULL)
    gtk_style_context_add_class (context, wanted);
  gtk_label_set_text (self->state_label,
                      not_applicable ? dossier_requirement_get_label ("not_applicable")
                                     : dossier_item_state_get_label (state));
}

static void
append_date (GString    *text,
             const char *part)
{
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

static void
show_state_dates (DossierChecklistItemEditor *self)
{
  const char *requested = get_string (self->item, "requested_on");
  const char *received = get_string (self->item, "received_on");
  const char *verified = get_string (self->item, "verified_on");
  g_autoptr(GString) text = g_string_new (NULL);

  if (requested != NULL)
    {
      /* Translators: when the document was asked of the client. */
      g_autofree char *part = g_strdup_printf (_("requested on %s"), requested);

      append_date (text, part);
    }
  if (received != NULL)
    {
      /* Translators: when the document arrived at the office. */
      g_autofree char *part = g_strdup_printf (_("received on %s"), received);

      append_date (text, part);
    }
  if (verified != NULL)
    {
      /* Translators: when the document was checked and accepted. */
      g_autofree char *part = g_strdup_printf (_("verified on %s"), verified);

      append_date (text, part);
    }
  gtk_label_set_text (self->state_dates_label, text->str);
}

static void
update_reject_sensitive (DossierChecklistItemEditor *self)
{
  g_autofree char *reason = dossier_checklist_item_editor_dup_entry_text (self->reason_entry);
  const char *state = dossier_checklist_item_editor_get_state (self);
  const char *requirement = get_string (self->item, "requirement");

  gtk_widget_set_sensitive (self->reject_button,
                            dossier_checklist_item_check_transition (requirement, state, "rejected",
                                                                     reason, NULL));
}

static void
show_reason (DossierChecklistItemEditor *self,
             DossierItemState            state,
             gboolean                    can_reject)
{
  const char *reason = get_string (self->item, "rejection_reason");
  g_autofree char *previous = NULL;

  gtk_widget_set_visible (self->reason_box, can_reject || state == DOSSIER_ITEM_STATE_REJECTED);
  gtk_widget_set_visible (self->reject_button, can_reject);
  gtk_entry_set_text (self->reason_entry,
                      state == DOSSIER_ITEM_STATE_REJECTED && reason != NULL ? reason : "");

  if (state != DOSSIER_ITEM_STATE_REJECTED && reason != NULL)
    previous = g_strdup_printf (_("Rejected before: %s"), reason);
  dossier_checklist_item_editor_set_message (self->previous_reason_label, previous);
  update_reject_sensitive (self);
}

static void
show_state (DossierChecklistItemEditor *self)
{
  const char *requirement = get_string (self->item, "requirement");
  DossierItemState state = DOSSIER_ITEM_STATE_REQUESTED;
  g_auto(GStrv) next = NULL;
  gboolean was_loading = self->loading;

  dossier_item_state_from_string (dossier_checklist_item_editor_get_state (self), &state);
  next = dossier_checklist_item_next_states (requirement, state);

  self->loading = TRUE;
  show_state_chip (self, g_strcmp0 (requirement, "not_applicable") == 0, state);
  show_state_dates (self);
  gtk_widget_set_visible (self->receive_button, g_strv_contains ((const char * const *) next,
                                                                 "received"));
  gtk_widget_set_visible (self->verify_button, g_strv_contains ((const char * const *) next,
                                                                "verified"));
  gtk_widget_set_visible (self->request_button, g_strv_contains ((const char * const *) next,
                                                                 "requested"));
  show_reason (self, state, g_strv_contains ((const char * const *) next, "rejected"));
  self->loading = was_loading;
}

static void
state_button_clicked_cb (DossierChecklistItemEditor *self,
                         GtkWidget                  *button)
{
  g_autofree char *reason = dossier_checklist_item_editor_dup_entry_text (self->reason_entry);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  const char *to_state = button == self->receive_button ? "received"
                         : button == self->verify_button ? "verified"
                         : button == self->reject_button ? "rejected" : "requested";
  GDate today;

  if (self->item == NULL || self->replica == NULL)
    return;

  /* What was typed is written first, then the change of state. */
  save_now (self);
  dossier_date_set_today (&today);
  fields = dossier_checklist_item_transition (self->item, to_state, reason, &today, &error);
  if (fields == NULL)
    {
      dossier_checklist_item_editor_set_message (self->state_error_label, error->message);
      return;
    }

  save_fields (self, fields);
  /* Asking again moves the due date: show it, or the next edit would write
   * the old one back. */
  if (json_object_has_member (fields, "due_date"))
    {
      self->loading = TRUE;
      set_entry (self->due_date_entry, self->item, "due_date");
      self->loading = FALSE;
    }
  show_state (self);
}

/* ---- Showing an item ---------------------------------------------------- */

static void
update_sections (DossierChecklistItemEditor *self)
{
  gtk_widget_set_visible (self->translation_grid,
                          gtk_switch_get_active (self->translation_switch));
  gtk_widget_set_visible (self->notarization_grid,
                          gtk_switch_get_active (self->notarization_switch));
}

static void
show_header (DossierChecklistItemEditor *self)
{
  const DossierDocumentKind *kind = dossier_document_kind_lookup (get_string (self->item,
                                                                              "kind"));
  const char *title = get_string (self->item, "title");
  const char *kind_title = kind != NULL ? dossier_document_kind_get_title (kind) : NULL;
  const char *requirement = get_string (self->item, "requirement");

  gtk_label_set_text (self->title_label, title != NULL ? title : _("Untitled document"));
  gtk_label_set_text (self->kind_label, kind_title != NULL ? kind_title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->kind_label),
                          kind_title != NULL && g_strcmp0 (kind_title, title) != 0);

  if (g_strcmp0 (requirement, "not_applicable") == 0)
    gtk_toggle_button_set_active (self->not_applicable_radio, TRUE);
  else if (g_strcmp0 (requirement, "optional") == 0)
    gtk_toggle_button_set_active (self->optional_radio, TRUE);
  else
    gtk_toggle_button_set_active (self->required_radio, TRUE);
}

static void
show_translation_fields (DossierChecklistItemEditor *self)
{
  gtk_switch_set_active (self->translation_switch,
                         json_object_get_boolean_member_with_default (self->item,
                                                                      "translation_needed",
                                                                      FALSE));
  set_entry (self->language_entry, self->item, "translation_language");
  set_entry (self->translator_entry, self->item, "translator");
  set_entry (self->translated_on_entry, self->item, "translated_on");
  set_entry (self->reviewer_entry, self->item, "reviewer");
  set_entry (self->reviewed_on_entry, self->item, "reviewed_on");
}

static void
show_pipeline_fields (DossierChecklistItemEditor *self)
{
  const char *legalization = get_string (self->item, "legalization");
  const char *custody = get_string (self->item, "custody");

  show_translation_fields (self);
  gtk_switch_set_active (self->notarization_switch,
                         json_object_get_boolean_member_with_default (self->item,
                                                                      "notarization_needed",
                                                                      FALSE));
  set_entry (self->notarized_on_entry, self->item, "notarized_on");
  if (!gtk_combo_box_set_active_id (self->legalization_combo,
                                    legalization != NULL ? legalization : "none"))
    gtk_combo_box_set_active_id (self->legalization_combo, "none");
  set_entry (self->legalized_on_entry, self->item, "legalized_on");
  set_entry (self->due_date_entry, self->item, "due_date");
  if (custody == NULL || !gtk_combo_box_set_active_id (self->custody_combo, custody))
    gtk_combo_box_set_active_id (self->custody_combo, "unset");
}

static void
show_item (DossierChecklistItemEditor *self)
{
  const char *notes = get_string (self->item, "notes");

  self->loading = TRUE;
  show_header (self);
  show_pipeline_fields (self);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                            notes != NULL ? notes : "", -1);
  update_sections (self);
  dossier_checklist_item_editor_clear_errors (self);
  show_state (self);
  self->loading = FALSE;
}

/* A copy: what is shown changes as the user types, the caller's record does
 * not.  Record values are scalars, which json_node_copy() copies. */
static JsonObject *
copy_record (JsonObject *record)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, record);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (copy, name, json_node_copy (value));
  return copy;
}

void
dossier_checklist_item_editor_set_item (DossierChecklistItemEditor *self,
                                        DossierReplica             *replica,
                                        JsonObject                 *item)
{
  g_return_if_fail (DOSSIER_IS_CHECKLIST_ITEM_EDITOR (self));
  g_return_if_fail (replica == NULL || DOSSIER_IS_REPLICA (replica));

  dossier_checklist_item_editor_flush (self);
  g_clear_pointer (&self->item, json_object_unref);
  g_set_object (&self->replica, replica);
  if (item != NULL && replica != NULL)
    {
      self->item = copy_record (item);
      show_item (self);
    }

  dossier_attachment_list_set_item (self->attachment_list, self->replica,
                                    self->item != NULL ? get_string (self->item, "case_id")
                                                       : NULL,
                                    item_id (self));
}

/**
 * dossier_checklist_item_editor_get_item:
 *
 * Returns: (transfer none) (nullable): the item shown, with the edits written so far
 */
JsonObject *
dossier_checklist_item_editor_get_item (DossierChecklistItemEditor *self)
{
  g_return_val_if_fail (DOSSIER_IS_CHECKLIST_ITEM_EDITOR (self), NULL);

  return self->item;
}

/* ---- Signal handlers ----------------------------------------------------- */

static void
field_changed_cb (DossierChecklistItemEditor *self,
                  GtkWidget                  *widget)
{
  if (self->loading || self->item == NULL)
    return;

  if (widget == GTK_WIDGET (self->reason_entry))
    update_reject_sensitive (self);
  /* A choice is made at once; typing is written once it pauses. */
  if (GTK_IS_COMBO_BOX (widget))
    save_now (self);
  else
    schedule_save (self);
}

static void
notes_changed_cb (DossierChecklistItemEditor *self,
                  GtkTextBuffer              *buffer)
{
  schedule_save (self);
}

/* Switching a section off hides its fields: they go back to what is stored,
 * so that nothing hidden keeps an edit that cannot be written. */
static void
switch_changed_cb (DossierChecklistItemEditor *self,
                   GParamSpec                 *pspec,
                   GtkSwitch                  *widget)
{
  if (self->loading || self->item == NULL)
    return;

  self->loading = TRUE;
  if (!gtk_switch_get_active (self->translation_switch))
    show_translation_fields (self);
  if (!gtk_switch_get_active (self->notarization_switch))
    set_entry (self->notarized_on_entry, self->item, "notarized_on");
  self->loading = FALSE;

  update_sections (self);
  save_now (self);
}

static void
requirement_toggled_cb (DossierChecklistItemEditor *self,
                        GtkToggleButton            *button)
{
  if (self->loading || self->item == NULL || !gtk_toggle_button_get_active (button))
    return;

  save_now (self);
  show_state (self);
}

static void
remove_clicked_cb (DossierChecklistItemEditor *self,
                   GtkButton                  *button)
{
  g_signal_emit (self, signals[REMOVE_REQUESTED], 0);
}

static void
name_icon_pressed_cb (DossierChecklistItemEditor *self,
                      GtkEntryIconPosition        position,
                      GdkEvent                   *event,
                      GtkEntry                   *entry)
{
  g_autofree char *name = NULL;

  if (position != GTK_ENTRY_ICON_PRIMARY)
    return;

  name = dossier_settings_dup_author_name (self->settings);
  gtk_entry_set_text (entry, name);
}

static void
update_name_icons (DossierChecklistItemEditor *self)
{
  g_autofree char *name = dossier_settings_dup_author_name (self->settings);
  /* Translators: tooltip of the icon that fills in the user's own name. */
  g_autofree char *tooltip = g_strdup_printf (_("Fill in your name, %s"), name);
  GtkEntry *entries[] = { self->translator_entry, self->reviewer_entry };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      gtk_entry_set_icon_from_icon_name (entries[i], GTK_ENTRY_ICON_PRIMARY,
                                         "avatar-default-symbolic");
      gtk_entry_set_icon_tooltip_text (entries[i], GTK_ENTRY_ICON_PRIMARY, tooltip);
    }
}

static void
author_name_changed_cb (DossierChecklistItemEditor *self,
                        const char                 *key,
                        GSettings                  *settings)
{
  update_name_icons (self);
}

static void
attachment_added_cb (DossierChecklistItemEditor *self,
                     const char                 *id)
{
  g_signal_emit (self, signals[ATTACHMENT_ADDED], 0, id);
}

static void
attachment_removed_cb (DossierChecklistItemEditor *self,
                       const char                 *id)
{
  g_signal_emit (self, signals[ATTACHMENT_REMOVED], 0, id);
}

/* ---- Life cycle --------------------------------------------------------- */

static void
dossier_checklist_item_editor_dispose (GObject *object)
{
  DossierChecklistItemEditor *self = DOSSIER_CHECKLIST_ITEM_EDITOR (object);

  /* What the user typed just before closing is written all the same. */
  if (!self->disposed)
    dossier_checklist_item_editor_flush (self);
  self->disposed = TRUE;
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_object (&self->replica);
  g_clear_pointer (&self->item, json_object_unref);

  G_OBJECT_CLASS (dossier_checklist_item_editor_parent_class)->dispose (object);
}

static void
bind_children (GtkWidgetClass *widget_class)
{
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemEditor, name)
  BIND (title_label);
  BIND (kind_label);
  BIND (required_radio);
  BIND (optional_radio);
  BIND (not_applicable_radio);
  BIND (state_label);
  BIND (state_dates_label);
  BIND (state_buttons_box);
  BIND (receive_button);
  BIND (verify_button);
  BIND (request_button);
  BIND (reason_box);
  BIND (reason_entry);
  BIND (reject_button);
  BIND (previous_reason_label);
  BIND (state_error_label);
  BIND (translation_switch);
  BIND (translation_grid);
  BIND (language_entry);
  BIND (translator_entry);
  BIND (translated_on_entry);
  BIND (translator_error);
  BIND (reviewer_entry);
  BIND (reviewed_on_entry);
  BIND (reviewer_error);
  BIND (notarization_switch);
  BIND (notarization_grid);
  BIND (notarized_on_entry);
  BIND (notarized_on_error);
  BIND (legalization_combo);
  BIND (legalized_on_entry);
  BIND (legalized_on_error);
  BIND (due_date_entry);
  BIND (due_date_error);
  BIND (custody_combo);
  BIND (notes_view);
  BIND (attachment_list);
  BIND (save_error_label);
#undef BIND
}

static void
dossier_checklist_item_editor_class_init (DossierChecklistItemEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_checklist_item_editor_dispose;

  signals[ITEM_SAVED] = g_signal_new ("item-saved", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                      G_TYPE_STRING, JSON_TYPE_OBJECT);
  signals[REMOVE_REQUESTED] = g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
  signals[ATTACHMENT_ADDED] = g_signal_new ("attachment-added", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ATTACHMENT_REMOVED] = g_signal_new ("attachment-removed", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (DOSSIER_TYPE_ATTACHMENT_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-checklist-item-editor.ui");
  bind_children (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, switch_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, requirement_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, state_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
dossier_checklist_item_editor_init (DossierChecklistItemEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = dossier_settings_new ();
  g_signal_connect_object (self->settings, "changed::author-name",
                           G_CALLBACK (author_name_changed_cb), self, G_CONNECT_SWAPPED);
  update_name_icons (self);
  g_signal_connect_object (self->translator_entry, "icon-press",
                           G_CALLBACK (name_icon_pressed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reviewer_entry, "icon-press",
                           G_CALLBACK (name_icon_pressed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (notes_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->attachment_list, "added",
                           G_CALLBACK (attachment_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->attachment_list, "removed",
                           G_CALLBACK (attachment_removed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * dossier_checklist_item_editor_new:
 *
 * Returns: (transfer floating): an editor showing no item
 */
GtkWidget *
dossier_checklist_item_editor_new (void)
{
  return g_object_new (DOSSIER_TYPE_CHECKLIST_ITEM_EDITOR, NULL);
}
