/* dossier-checklist-view-actions.c: generating, adding and removing checklist items.
 *
 * A generated checklist is written in one dossier_replica_save_many_async()
 * call: all its items or none, never half a list.  Removing an item asks
 * first, then deletes the item and the attachment records that point to it
 * (their bytes stay: they are content-addressed and may be shared).
 */

#include <glib/gi18n.h>

#include "dossier-checklist-records.h"
#include "dossier-checklist-view-private.h"
#include "dossier-date.h"

static const char *
get_string (JsonObject *object,
            const char *name)
{
  const char *value = object != NULL
                      ? json_object_get_string_member_with_default (object, name, NULL)
                      : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

/* ---- Generating --------------------------------------------------------- */

static void
checklist_saved_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DossierChecklistView *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = dossier_replica_save_many_finish (DOSSIER_REPLICA (source), result,
                                                               &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_CHECKLIST_VIEW (user_data);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The checklist was not saved: %s"),
                                                  error->message);

      dossier_checklist_view_set_message (self->generate_error_label, message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->generate_button), TRUE);
      return;
    }

  dossier_checklist_view_reload_items (self, NULL);
  dossier_checklist_view_emit_changed (self);
}

/* The policy note's list of documents, as the generator reads it. */
static char *
dup_requirements (DossierChecklistView *self)
{
  JsonNode *node = self->policy_note != NULL
                   ? json_object_get_member (self->policy_note, "requirements")
                   : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_to_string (node, FALSE);
}

void
dossier_checklist_view_generate_clicked_cb (DossierChecklistView *self,
                                            GtkButton            *button)
{
  g_autofree char *requirements = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  if (self->replica == NULL || self->case_record == NULL)
    return;

  requirements = dup_requirements (self);
  dossier_date_set_today (&today);
  items = dossier_checklist_generate (requirements, get_string (self->case_record, "visa_type"),
                                      &today, dossier_checklist_view_due_in_days (self), &error);
  if (items == NULL)
    {
      dossier_checklist_view_set_message (self->generate_error_label, error->message);
      return;
    }

  edits = dossier_checklist_generated_to_edits (items, self->case_id);
  dossier_checklist_view_set_message (self->generate_error_label, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->generate_button), FALSE);
  dossier_replica_save_many_async (self->replica, edits, self->cancellable, checklist_saved_cb,
                                   self);
}

/* ---- Adding ------------------------------------------------------------- */

static GtkEntry *
get_new_item_entry (DossierChecklistView *self)
{
  return GTK_ENTRY (gtk_bin_get_child (GTK_BIN (self->new_item_combo)));
}

void
dossier_checklist_view_new_item_changed_cb (DossierChecklistView *self,
                                            GtkComboBox          *combo)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (get_new_item_entry (self))));

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_confirm_button), *text != '\0');
}

/* A title typed as a known kind's title is that kind. */
static const char *
find_kind_by_title (const char *title)
{
  g_autofree char *folded = g_utf8_casefold (title, -1);
  guint n_kinds;
  const DossierDocumentKind *kinds = dossier_document_kinds_get_all (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    {
      g_autofree char *kind_title = g_utf8_casefold (dossier_document_kind_get_title (&kinds[i]),
                                                     -1);

      if (g_str_equal (folded, kind_title))
        return kinds[i].kind;
    }
  return NULL;
}

static gint64
next_position (DossierChecklistView *self)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->items_list));
  gint64 next = 0;

  for (GList *l = rows; l != NULL; l = l->next)
    {
      JsonObject *item = dossier_checklist_item_row_get_item (l->data);

      next = MAX (next, json_object_get_int_member_with_default (item, "position", 0) + 1);
    }
  return next;
}

static void
item_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DossierChecklistView *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = dossier_replica_save_finish (DOSSIER_REPLICA (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_CHECKLIST_VIEW (user_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), TRUE);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The document was not added: %s"),
                                                  error->message);

      dossier_checklist_view_set_message (self->error_label, message);
      return;
    }

  dossier_checklist_view_reload_items (self, id);
  dossier_checklist_view_emit_changed (self);
}

void
dossier_checklist_view_add_confirm_clicked_cb (DossierChecklistView *self,
                                               GtkButton            *button)
{
  GtkEntry *entry = get_new_item_entry (self);
  g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (entry)));
  const char *kind = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->new_item_combo));
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  if (self->replica == NULL || self->case_id == NULL || *text == '\0')
    return;

  if (kind == NULL)
    kind = find_kind_by_title (text);
  dossier_date_set_today (&today);
  /* A kind picked from the list keeps its own title. */
  record = dossier_checklist_item_new (self->case_id, kind, kind != NULL ? NULL : text,
                                       next_position (self), &today,
                                       dossier_checklist_view_due_in_days (self), &error);
  if (record == NULL)
    {
      dossier_checklist_view_set_message (self->error_label, error->message);
      return;
    }

  gtk_popover_popdown (self->add_popover);
  gtk_entry_set_text (entry, "");
  dossier_checklist_view_set_message (self->error_label, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
  dossier_replica_save_async (self->replica, "checklist_item", NULL, record, self->cancellable,
                              item_added_cb, self);
}

/* ---- Removing ----------------------------------------------------------- */

typedef struct
{
  DossierChecklistView *self;
  char                 *id;
  char                 *title;
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_object_unref (data->self);
  g_free (data->id);
  g_free (data->title);
  g_free (data);
}

static void
attachment_deleted_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dossier_replica_delete_finish (DOSSIER_REPLICA (source), result, &error))
    g_warning ("An attachment of a removed checklist item was kept: %s", error->message);
}

/* Runs to the end even if the view goes away: no half-removed item. */
static void
item_attachments_listed_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  DossierReplica *replica = DOSSIER_REPLICA (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attachments = dossier_replica_list_finish (replica, result, &error);

  if (error != NULL)
    {
      g_warning ("The attachments of a removed checklist item were kept: %s", error->message);
      return;
    }
  for (guint i = 0; i < attachments->len; i++)
    dossier_replica_delete_async (replica, "attachment",
                                  get_string (g_ptr_array_index (attachments, i), "id"), NULL,
                                  attachment_deleted_cb, NULL);
}

static void
select_after_removal (DossierChecklistView *self,
                      GtkListBoxRow        *row)
{
  gint index = gtk_list_box_row_get_index (row);
  GtkListBoxRow *next;

  gtk_widget_destroy (GTK_WIDGET (row));
  next = gtk_list_box_get_row_at_index (self->items_list, index);
  if (next == NULL && index > 0)
    next = gtk_list_box_get_row_at_index (self->items_list, index - 1);

  if (next != NULL)
    gtk_list_box_select_row (self->items_list, next);
  else
    {
      dossier_checklist_item_editor_set_item (self->editor, NULL, NULL);
      dossier_checklist_view_look_up_policy (self);
    }
  dossier_checklist_view_update_summary (self);
}

static void
item_deleted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RemoveData *data = user_data;
  DossierChecklistView *self = data->self;
  g_autoptr(GError) error = NULL;
  DossierChecklistItemRow *row;

  if (!dossier_replica_delete_finish (DOSSIER_REPLICA (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” was not removed: %s"),
                                                      data->title, error->message);

          dossier_checklist_view_set_message (self->error_label, message);
        }
      remove_data_free (data);
      return;
    }

  dossier_replica_list_async (DOSSIER_REPLICA (source), "attachment", "checklist_item_id",
                              data->id, NULL, 0, NULL, item_attachments_listed_cb, NULL);
  row = dossier_checklist_view_find_row (self, data->id);
  if (row != NULL)
    select_after_removal (self, GTK_LIST_BOX_ROW (row));
  dossier_checklist_view_emit_changed (self);
  remove_data_free (data);
}

static void
remove_confirmed_cb (GtkDialog *dialog,
                     int        response,
                     gpointer   user_data)
{
  RemoveData *data = user_data;
  DossierChecklistView *self = data->self;

  gtk_widget_destroy (GTK_WIDGET (dialog));
  /* The view may have been destroyed, or shown another case, meanwhile. */
  if (response != GTK_RESPONSE_ACCEPT || self->replica == NULL
      || dossier_checklist_view_find_row (self, data->id) == NULL)
    {
      remove_data_free (data);
      return;
    }

  /* Edits typed just before are written first, then the item goes. */
  dossier_checklist_item_editor_flush (self->editor);
  dossier_checklist_view_set_message (self->error_label, NULL);
  dossier_replica_delete_async (self->replica, "checklist_item", data->id, self->cancellable,
                                item_deleted_cb, data);
}

void
dossier_checklist_view_remove_requested_cb (DossierChecklistView *self)
{
  JsonObject *item = dossier_checklist_item_editor_get_item (self->editor);
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog;
  RemoveData *data;

  if (item == NULL || get_string (item, "id") == NULL)
    return;

  data = g_new0 (RemoveData, 1);
  data->self = g_object_ref (self);
  data->id = g_strdup (get_string (item, "id"));
  data->title = g_strdup (get_string (item, "title") != NULL ? get_string (item, "title")
                                                             : _("Untitled document"));
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Remove “%s” from the checklist?"), data->title);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("Its state, dates and notes are removed, and its "
                                              "scans are no longer listed."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_style_context_add_class (gtk_widget_get_style_context (
                                 gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Remove"),
                                                        GTK_RESPONSE_ACCEPT)),
                               "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect (dialog, "response", G_CALLBACK (remove_confirmed_cb), data);
  gtk_widget_show (dialog);
}

/* ---- Set-up ------------------------------------------------------------- */

static void
new_item_activated_cb (DossierChecklistView *self,
                       GtkEntry             *entry)
{
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->add_confirm_button)))
    dossier_checklist_view_add_confirm_clicked_cb (self, self->add_confirm_button);
}

void
dossier_checklist_view_init_actions (DossierChecklistView *self)
{
  GtkEntry *entry = get_new_item_entry (self);
  guint n_kinds;
  const DossierDocumentKind *kinds = dossier_document_kinds_get_all (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    gtk_combo_box_text_append (self->new_item_combo, kinds[i].kind,
                               dossier_document_kind_get_title (&kinds[i]));
  gtk_entry_set_placeholder_text (entry, _("Document kind or title"));
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (entry)), _("Document title"));
  g_signal_connect_object (entry, "activate", G_CALLBACK (new_item_activated_cb), self,
                           G_CONNECT_SWAPPED);
}
