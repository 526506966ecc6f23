/* dossier-checklist-view.c: a case's document checklist.
 *
 * Loading reads the case, its items (by position) and the attachments of
 * the case (to count each item's scans).  A case without items shows where
 * its checklist would come from, the destination's policy note for the
 * case's visa type or the standard list, and "Generate checklist" writes the
 * whole list in one batch.  Items are then worked one at a time in
 * DossierChecklistItemEditor, beside the list.
 *
 * Reads, generation, adding and removing are tied to one GCancellable,
 * replaced when the case changes and cancelled in dispose; the editor's own
 * writes outlive it (see dossier-checklist-item-editor.c).
 */

#include <glib/gi18n.h>

#include "dossier-checklist-records.h"
#include "dossier-checklist-view-private.h"
#include "dossier-countries.h"
#include "dossier-date.h"
#include "dossier-policy-note.h"
#include "dossier-settings.h"

G_DEFINE_FINAL_TYPE (DossierChecklistView, dossier_checklist_view, GTK_TYPE_BOX)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
get_string (JsonObject *object,
            const char *name)
{
  const char *value = object != NULL
                      ? json_object_get_string_member_with_default (object, name, NULL)
                      : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

void
dossier_checklist_view_set_message (GtkLabel   *label,
                                    const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

void
dossier_checklist_view_emit_changed (DossierChecklistView *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static GList *
get_rows (DossierChecklistView *self)
{
  return gtk_container_get_children (GTK_CONTAINER (self->items_list));
}

DossierChecklistItemRow *
dossier_checklist_view_find_row (DossierChecklistView *self,
                                 const char           *item_id)
{
  g_autoptr(GList) rows = get_rows (self);

  for (GList *l = rows; item_id != NULL && l != NULL; l = l->next)
    {
      if (g_strcmp0 (dossier_checklist_item_row_get_id (l->data), item_id) == 0)
        return l->data;
    }
  return NULL;
}

/* ---- Summary ------------------------------------------------------------ */

void
dossier_checklist_view_update_summary (DossierChecklistView *self)
{
  g_autoptr(GList) rows = get_rows (self);
  guint counted = 0, verified = 0, overdue = 0;
  guint soon_days = (guint) g_settings_get_int (self->settings, "soon-days");
  g_autoptr(GString) text = g_string_new (NULL);
  GDate today;

  dossier_date_set_today (&today);
  for (GList *l = rows; l != NULL; l = l->next)
    {
      JsonObject *item = dossier_checklist_item_row_get_item (l->data);

      if (g_strcmp0 (get_string (item, "requirement"), "not_applicable") == 0)
        continue;
      counted++;
      verified += g_strcmp0 (get_string (item, "state"), "verified") == 0;
      overdue += dossier_checklist_item_due_status (item, &today, soon_days)
                 == DOSSIER_DUE_STATUS_OVERDUE;
    }

  if (rows != NULL)
    g_string_printf (text, ngettext ("%u of %u document verified",
                                     "%u of %u documents verified", counted),
                     verified, counted);
  if (overdue > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, ngettext ("%u overdue", "%u overdue", overdue), overdue);
    }
  gtk_label_set_text (self->summary_label, text->str);
}

static void
soon_days_changed_cb (DossierChecklistView *self,
                      const char           *key,
                      GSettings            *settings)
{
  g_autoptr(GList) rows = get_rows (self);
  guint soon_days = (guint) g_settings_get_int (self->settings, "soon-days");

  for (GList *l = rows; l != NULL; l = l->next)
    dossier_checklist_item_row_set_soon_days (l->data, soon_days);
  dossier_checklist_view_update_summary (self);
}

/* ---- The empty state ---------------------------------------------------- */

static char *
describe_destination (JsonObject *case_record)
{
  const char *code = get_string (case_record, "destination");
  const DossierCountry *country = dossier_country_lookup_alpha2 (code);
  const char *visa_type = get_string (case_record, "visa_type");
  const char *country_name = country != NULL ? dossier_country_get_name (country) : code;

  /* Translators: a destination and a visa type, as in "Germany / Business". */
  return g_strdup_printf (_("%s / %s"), country_name,
                          dossier_policy_visa_type_get_label (visa_type));
}

static char *
describe_source (DossierChecklistView *self)
{
  g_autofree char *destination = NULL;
  const char *title = get_string (self->policy_note, "title");
  const char *effective = get_string (self->policy_note, "effective_date");

  if (get_string (self->case_record, "visa_type") == NULL)
    return g_strdup (_("The case has no visa type yet: the checklist will hold only the "
                       "passport, photographs and application form."));

  destination = describe_destination (self->case_record);
  if (get_string (self->case_record, "destination") == NULL)
    return g_strdup_printf (_("The case has no destination yet: using the standard list "
                              "for a %s visa."),
                            dossier_policy_visa_type_get_label (get_string (self->case_record,
                                                                            "visa_type")));
  if (self->policy_note == NULL)
    return g_strdup_printf (_("No policy note for %s: using the standard list"), destination);
  if (effective != NULL)
    return g_strdup_printf (_("From the policy note “%s”, in effect since %s"),
                            title != NULL ? title : destination, effective);
  return g_strdup_printf (_("From the policy note “%s”"), title != NULL ? title : destination);
}

guint
dossier_checklist_view_due_in_days (DossierChecklistView *self)
{
  gint64 processing_days = 0;
  GDate today;

  if (self->policy_note != NULL)
    processing_days = json_object_get_int_member_with_default (self->policy_note,
                                                               "processing_days", 0);
  dossier_date_set_today (&today);
  return dossier_checklist_due_in_days (get_string (self->case_record, "travel_from"),
                                        processing_days, &today);
}

static void
show_empty_state (DossierChecklistView *self)
{
  g_autofree char *source = describe_source (self);
  g_autofree char *due_text = NULL;
  g_autofree char *hint = NULL;
  GDate due;

  dossier_date_set_today (&due);
  g_date_add_days (&due, dossier_checklist_view_due_in_days (self));
  due_text = dossier_date_format_iso (&due);
  hint = g_strdup_printf (_("The client will be asked to bring the documents by %s."), due_text);

  gtk_label_set_text (self->source_label, source);
  gtk_label_set_text (self->due_hint_label, hint);
  dossier_checklist_view_set_message (self->generate_error_label, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->generate_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  dossier_checklist_view_update_summary (self);
}

static void
notes_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DossierChecklistView *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = dossier_replica_list_finish (DOSSIER_REPLICA (source), result,
                                                            &error);
  JsonObject *note;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_CHECKLIST_VIEW (user_data);
  /* Without the notes, the standard list still serves; say why. */
  if (error != NULL)
    g_warning ("Cannot read the policy notes: %s", error->message);

  note = notes != NULL ? dossier_policy_note_pick (notes, get_string (self->case_record,
                                                                      "visa_type"))
                       : NULL;
  g_clear_pointer (&self->policy_note, json_object_unref);
  self->policy_note = note != NULL ? json_object_ref (note) : NULL;
  show_empty_state (self);
}

void
dossier_checklist_view_look_up_policy (DossierChecklistView *self)
{
  const char *destination = get_string (self->case_record, "destination");

  g_clear_pointer (&self->policy_note, json_object_unref);
  if (destination == NULL)
    {
      show_empty_state (self);
      return;
    }
  dossier_replica_list_async (self->replica, "policy_note", "country", destination, NULL, 0,
                              self->cancellable, notes_listed_cb, self);
}

/* ---- Items -------------------------------------------------------------- */

/* A line between rows, none above the first. */
static void
update_row_header (GtkListBoxRow *row,
                   GtkListBoxRow *before,
                   gpointer       user_data)
{
  if (before != NULL && gtk_list_box_row_get_header (row) == NULL)
    gtk_list_box_row_set_header (row, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  else if (before == NULL)
    gtk_list_box_row_set_header (row, NULL);
}

static void
clear_rows (DossierChecklistView *self)
{
  g_autoptr(GList) rows = get_rows (self);

  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
}

static void
populate_rows (DossierChecklistView *self,
               GPtrArray            *items,
               const char           *select_id)
{
  guint soon_days = (guint) g_settings_get_int (self->settings, "soon-days");
  GtkListBoxRow *selected = NULL;

  clear_rows (self);
  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);
      GtkWidget *row = dossier_checklist_item_row_new (item);
      const char *id = get_string (item, "id");

      dossier_checklist_item_row_set_soon_days (DOSSIER_CHECKLIST_ITEM_ROW (row), soon_days);
      dossier_checklist_item_row_set_attachment_count (
        DOSSIER_CHECKLIST_ITEM_ROW (row),
        GPOINTER_TO_UINT (g_hash_table_lookup (self->attachment_counts, id)));
      gtk_container_add (GTK_CONTAINER (self->items_list), row);
      if (selected == NULL || g_strcmp0 (id, select_id) == 0)
        selected = GTK_LIST_BOX_ROW (row);
    }

  gtk_stack_set_visible_child_name (self->stack, "items");
  gtk_list_box_select_row (self->items_list, selected);
  dossier_checklist_view_update_summary (self);
}

static void
count_attachments (DossierChecklistView *self,
                   GPtrArray            *attachments)
{
  g_hash_table_remove_all (self->attachment_counts);
  for (guint i = 0; i < attachments->len; i++)
    {
      const char *item = get_string (g_ptr_array_index (attachments, i), "checklist_item_id");
      guint count;

      if (item == NULL)
        continue;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (self->attachment_counts, item));
      g_hash_table_insert (self->attachment_counts, g_strdup (item), GUINT_TO_POINTER (count + 1));
    }
}

static void
show_load_error (DossierChecklistView *self,
                 const GError         *error)
{
  g_autofree char *message = g_strdup_printf (_("The checklist cannot be read: %s"),
                                              error->message);

  gtk_label_set_text (self->load_error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
attachments_listed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  DossierChecklistView *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attachments = dossier_replica_list_finish (DOSSIER_REPLICA (source),
                                                                  result, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *select_id = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_CHECKLIST_VIEW (user_data);
  items = g_steal_pointer (&self->loaded_items);
  select_id = g_steal_pointer (&self->select_id);
  if (error != NULL)
    {
      show_load_error (self, error);
      return;
    }

  count_attachments (self, attachments);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), TRUE);
  if (items->len == 0)
    {
      clear_rows (self);
      dossier_checklist_view_look_up_policy (self);
    }
  else
    populate_rows (self, items, select_id);
}

static void
items_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DossierChecklistView *self;
  g_autoptr(GError) error = NULL;
  GPtrArray *items = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_CHECKLIST_VIEW (user_data);
  if (error != NULL)
    {
      show_load_error (self, error);
      return;
    }

  g_clear_pointer (&self->loaded_items, g_ptr_array_unref);
  self->loaded_items = items;
  dossier_replica_list_async (self->replica, "attachment", "case_id", self->case_id, NULL, 0,
                              self->cancellable, attachments_listed_cb, self);
}

void
dossier_checklist_view_reload_items (DossierChecklistView *self,
                                     const char           *select_id)
{
  /* Queued before the read, the pending edits are part of what it returns. */
  dossier_checklist_item_editor_flush (self->editor);
  g_free (self->select_id);
  self->select_id = g_strdup (select_id);
  dossier_replica_list_async (self->replica, "checklist_item", "case_id", self->case_id,
                              "position", 0, self->cancellable, items_listed_cb, self);
}

static void
case_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DossierChecklistView *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = NULL;
  JsonObject *case_record = dossier_replica_get_finish (DOSSIER_REPLICA (source), result,
                                                        &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_CHECKLIST_VIEW (user_data);
  if (error != NULL)
    {
      show_load_error (self, error);
      return;
    }

  g_clear_pointer (&self->case_record, json_object_unref);
  self->case_record = case_record;
  keep = g_steal_pointer (&self->select_id);
  dossier_checklist_view_reload_items (self, keep);
}

/**
 * dossier_checklist_view_set_case:
 * @self: the view
 * @replica: (nullable): the open replica
 * @case_id: (nullable): the case whose checklist to show; %NULL shows
 *   nothing (a case not saved yet has no checklist)
 */
void
dossier_checklist_view_set_case (DossierChecklistView *self,
                                 DossierReplica       *replica,
                                 const char           *case_id)
{
  JsonObject *shown;
  g_autofree char *keep = NULL;

  g_return_if_fail (DOSSIER_IS_CHECKLIST_VIEW (self));
  g_return_if_fail (replica == NULL || DOSSIER_IS_REPLICA (replica));

  shown = dossier_checklist_item_editor_get_item (self->editor);
  /* Shown again (the case's destination changed, say): the same item stays selected. */
  if (case_id != NULL && g_strcmp0 (case_id, self->case_id) == 0 && shown != NULL)
    keep = g_strdup (json_object_get_string_member_with_default (shown, "id", NULL));
  dossier_checklist_item_editor_set_item (self->editor, NULL, NULL);
  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  g_set_object (&self->replica, replica);
  g_free (self->case_id);
  self->case_id = replica != NULL ? g_strdup (case_id) : NULL;
  g_clear_pointer (&self->case_record, json_object_unref);
  g_clear_pointer (&self->policy_note, json_object_unref);
  g_clear_pointer (&self->loaded_items, g_ptr_array_unref);
  g_hash_table_remove_all (self->attachment_counts);
  g_free (self->select_id);
  self->select_id = g_steal_pointer (&keep);

  clear_rows (self);
  dossier_checklist_view_set_message (self->error_label, NULL);
  gtk_label_set_text (self->summary_label, "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
  if (self->case_id == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "loading");
  dossier_replica_get_async (self->replica, "case", self->case_id, self->cancellable,
                             case_loaded_cb, self);
}

/* ---- The editor beside the list ------------------------------------------ */

static void
row_selected_cb (DossierChecklistView *self,
                 GtkListBoxRow        *row,
                 GtkListBox           *list)
{
  JsonObject *item = NULL;

  if (row != NULL)
    item = dossier_checklist_item_row_get_item (DOSSIER_CHECKLIST_ITEM_ROW (row));
  dossier_checklist_item_editor_set_item (self->editor, self->replica, item);
}

static void
item_saved_cb (DossierChecklistView *self,
               const char           *item_id,
               JsonObject           *fields)
{
  DossierChecklistItemRow *row = dossier_checklist_view_find_row (self, item_id);

  if (row != NULL)
    dossier_checklist_item_row_merge (row, fields);
  dossier_checklist_view_update_summary (self);
  dossier_checklist_view_emit_changed (self);
}

static void
change_attachment_count (DossierChecklistView *self,
                         const char           *item_id,
                         gint                  delta)
{
  DossierChecklistItemRow *row = dossier_checklist_view_find_row (self, item_id);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->attachment_counts, item_id));

  count = delta < 0 && count == 0 ? 0 : (guint) ((gint) count + delta);
  g_hash_table_insert (self->attachment_counts, g_strdup (item_id), GUINT_TO_POINTER (count));
  if (row != NULL)
    dossier_checklist_item_row_set_attachment_count (row, count);
  dossier_checklist_view_emit_changed (self);
}

static void
attachment_added_cb (DossierChecklistView *self,
                     const char           *item_id)
{
  change_attachment_count (self, item_id, 1);
}

static void
attachment_removed_cb (DossierChecklistView *self,
                       const char           *item_id)
{
  change_attachment_count (self, item_id, -1);
}

/* ---- Layout ------------------------------------------------------------- */

/* Room beyond both columns' minimum before they go side by side. */
#define SIDE_BY_SIDE_SLACK 120
#define LIST_WIDTH         380

static void
get_column_widths (DossierChecklistView *self,
                   int                  *list_min,
                   int                  *editor_min)
{
  gtk_widget_get_preferred_width (self->list_scroll, list_min, NULL);
  gtk_widget_get_preferred_width (GTK_WIDGET (self->editor_scroll), editor_min, NULL);
}

/* The case editor may give the view little width: then it only asks for
 * the wider of the two columns, which go one above the other. */
static void
dossier_checklist_view_get_preferred_width (GtkWidget *widget,
                                            int       *minimum,
                                            int       *natural)
{
  DossierChecklistView *self = DOSSIER_CHECKLIST_VIEW (widget);
  int list_min, editor_min, toolbar_min;

  GTK_WIDGET_CLASS (dossier_checklist_view_parent_class)->get_preferred_width (widget, minimum,
                                                                             natural);
  get_column_widths (self, &list_min, &editor_min);
  gtk_widget_get_preferred_width (self->toolbar, &toolbar_min, NULL);
  *minimum = MAX (toolbar_min, MAX (list_min, editor_min));
  *natural = MAX (*natural, list_min + editor_min + SIDE_BY_SIDE_SLACK);
}

static void
dossier_checklist_view_size_allocate (GtkWidget     *widget,
                                      GtkAllocation *allocation)
{
  DossierChecklistView *self = DOSSIER_CHECKLIST_VIEW (widget);
  GtkOrientation wanted = GTK_ORIENTATION_HORIZONTAL;
  int list_min, editor_min;

  get_column_widths (self, &list_min, &editor_min);
  if (allocation->width < list_min + editor_min + SIDE_BY_SIDE_SLACK)
    wanted = GTK_ORIENTATION_VERTICAL;

  /* Switched before the children are placed, so the paned never gets less
   * than it needs in its new orientation. */
  if (wanted != gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)))
    {
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), wanted);
      gtk_paned_set_position (self->paned, wanted == GTK_ORIENTATION_HORIZONTAL
                                           ? LIST_WIDTH : MAX (allocation->height / 3, 160));
    }

  GTK_WIDGET_CLASS (dossier_checklist_view_parent_class)->size_allocate (widget, allocation);
}

/* ---- Life cycle --------------------------------------------------------- */

static void
dossier_checklist_view_dispose (GObject *object)
{
  DossierChecklistView *self = DOSSIER_CHECKLIST_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->replica);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->case_record, json_object_unref);
  g_clear_pointer (&self->policy_note, json_object_unref);
  g_clear_pointer (&self->loaded_items, g_ptr_array_unref);

  G_OBJECT_CLASS (dossier_checklist_view_parent_class)->dispose (object);
}

static void
dossier_checklist_view_finalize (GObject *object)
{
  DossierChecklistView *self = DOSSIER_CHECKLIST_VIEW (object);

  g_free (self->case_id);
  g_free (self->select_id);
  g_hash_table_unref (self->attachment_counts);

  G_OBJECT_CLASS (dossier_checklist_view_parent_class)->finalize (object);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistView, name)
  BIND (toolbar);
  BIND (summary_label);
  BIND (add_button);
  BIND (add_popover);
  BIND (new_item_combo);
  BIND (add_confirm_button);
  BIND (error_label);
  BIND (stack);
  BIND (load_error_label);
  BIND (source_label);
  BIND (due_hint_label);
  BIND (generate_button);
  BIND (generate_error_label);
  BIND (paned);
  BIND (list_scroll);
  BIND (items_list);
  BIND (editor_scroll);
  BIND (editor);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback_full (
    widget_class, "generate_clicked_cb", G_CALLBACK (dossier_checklist_view_generate_clicked_cb));
  gtk_widget_class_bind_template_callback_full (
    widget_class, "new_item_changed_cb", G_CALLBACK (dossier_checklist_view_new_item_changed_cb));
  gtk_widget_class_bind_template_callback_full (
    widget_class, "add_confirm_clicked_cb",
    G_CALLBACK (dossier_checklist_view_add_confirm_clicked_cb));
}

static void
dossier_checklist_view_class_init (DossierChecklistViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_checklist_view_dispose;
  object_class->finalize = dossier_checklist_view_finalize;
  widget_class->get_preferred_width = dossier_checklist_view_get_preferred_width;
  widget_class->size_allocate = dossier_checklist_view_size_allocate;

  /**
   * DossierChecklistView::changed:
   *
   * An item of the checklist, or one of its scans, was written to the replica.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (DOSSIER_TYPE_CHECKLIST_ITEM_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-checklist-view.ui");
  bind_template (widget_class);
}

static void
dossier_checklist_view_init (DossierChecklistView *self)
{
  self->cancellable = g_cancellable_new ();
  self->attachment_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->items_list, update_row_header, NULL, NULL);

  /* Moving through the fields with the keyboard keeps the focused one in view. */
  gtk_container_set_focus_vadjustment (GTK_CONTAINER (self->editor),
                                       gtk_scrolled_window_get_vadjustment (self->editor_scroll));

  self->settings = dossier_settings_new ();
  g_signal_connect_object (self->settings, "changed::soon-days",
                           G_CALLBACK (soon_days_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "item-saved", G_CALLBACK (item_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "remove-requested",
                           G_CALLBACK (dossier_checklist_view_remove_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "attachment-added", G_CALLBACK (attachment_added_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "attachment-removed",
                           G_CALLBACK (attachment_removed_cb), self, G_CONNECT_SWAPPED);
  dossier_checklist_view_init_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "none");
}

/**
 * dossier_checklist_view_new:
 *
 * Returns: (transfer floating): a view showing no case until
 *   dossier_checklist_view_set_case() is called
 */
GtkWidget *
dossier_checklist_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_CHECKLIST_VIEW, NULL);
}
