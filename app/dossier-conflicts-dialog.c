/* dossier-conflicts-dialog.c: the conflicts view.
 *
 * One row per conflicting field (a field may have lost several values),
 * critical fields first, each named by its case (reference and applicant)
 * when the replica can tell.  Resolving writes the chosen value with
 * dossier_replica_resolve_conflict_async(), which settles every losing
 * value of the field and syncs like any edit (a deleted record's conflicts
 * are settled by keeping it deleted, dossier_replica_keep_deleted_async()); the list is read again at
 * once rather than waiting for the engine's next count.  Rows whose values
 * did not change survive a refresh, so a value being typed is never lost.
 */

#include <glib/gi18n.h>

#include "dossier-conflict-row.h"
#include "dossier-conflicts-dialog.h"
#include "dossier-replica-pending.h"
#include "dossier-sync-format.h"

struct _DossierConflictsDialog
{
  GtkDialog          parent_instance;

  GtkWidget         *intro_label;
  GtkInfoBar        *error_bar;
  GtkLabel          *error_label;
  GtkStack          *stack;
  GtkListBox        *list_box;

  DossierReplica    *replica;
  DossierSyncEngine *engine;
  GCancellable      *cancellable;
  GPtrArray         *groups;          /* of GPtrArray of JsonObject: the losers of one field */
  gboolean           refreshing;
  gboolean           refresh_again;
};

G_DEFINE_FINAL_TYPE (DossierConflictsDialog, dossier_conflicts_dialog, GTK_TYPE_DIALOG)

static void
show_error (DossierConflictsDialog *self,
            const char             *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_show (GTK_WIDGET (self->error_bar));
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}

static void
error_bar_response_cb (DossierConflictsDialog *self)
{
  gtk_widget_hide (GTK_WIDGET (self->error_bar));
}

/* Losers of the same field together, in the order of the first one of each. */
static GPtrArray *
group_by_field (GPtrArray *conflicts)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < conflicts->len; i++)
    {
      char *key = dossier_conflict_row_make_key (conflicts->pdata[i]);
      GPtrArray *group = g_hash_table_lookup (by_key, key);

      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
          g_ptr_array_add (groups, group);
          g_hash_table_insert (by_key, key, group);
        }
      else
        g_free (key);
      g_ptr_array_add (group, json_object_ref (conflicts->pdata[i]));
    }
  return groups;
}

static void row_resolve_cb (DossierConflictRow     *row,
                            JsonNode               *value,
                            DossierConflictsDialog *self);
static void row_keep_deleted_cb (DossierConflictRow     *row,
                                 DossierConflictsDialog *self);

/* The rows of the previous list by key, taken out of the list box. */
static GHashTable *
take_rows (DossierConflictsDialog *self)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (self->list_box));

  for (GList *l = children; l != NULL; l = l->next)
    {
      DossierConflictRow *row = l->data;

      g_hash_table_insert (rows, (gpointer) dossier_conflict_row_get_key (row), g_object_ref (row));
      gtk_container_remove (GTK_CONTAINER (self->list_box), l->data);
    }
  return rows;
}

static GtkWidget *
reuse_or_make_row (DossierConflictsDialog *self,
                   GHashTable             *old_rows,
                   GPtrArray              *group,
                   JsonObject             *context)
{
  g_autofree char *key = dossier_conflict_row_make_key (group->pdata[0]);
  g_autofree char *signature = dossier_conflict_row_make_signature (group);
  DossierConflictRow *old = g_hash_table_lookup (old_rows, key);
  GtkWidget *row;

  if (old != NULL && g_str_equal (dossier_conflict_row_get_signature (old), signature))
    return g_object_ref (GTK_WIDGET (old));
  row = dossier_conflict_row_new (group, context, dossier_replica_get_device_id (self->replica));
  g_signal_connect_object (row, "resolve", G_CALLBACK (row_resolve_cb), self, 0);
  g_signal_connect_object (row, "keep-deleted", G_CALLBACK (row_keep_deleted_cb), self, 0);
  return g_object_ref_sink (row);
}

static void
show_rows (DossierConflictsDialog *self,
           GPtrArray              *contexts)
{
  g_autoptr(GHashTable) old_rows = take_rows (self);

  for (guint i = 0; i < self->groups->len; i++)
    {
      JsonObject *context = contexts != NULL && i < contexts->len ? contexts->pdata[i] : NULL;
      g_autoptr(GtkWidget) row = reuse_or_make_row (self, old_rows, self->groups->pdata[i], context);

      gtk_widget_show (row);
      gtk_container_add (GTK_CONTAINER (self->list_box), row);
    }
  gtk_stack_set_visible_child_name (self->stack, self->groups->len > 0 ? "list" : "empty");
  gtk_widget_set_visible (self->intro_label, self->groups->len > 0);
}

static void refresh_done (DossierConflictsDialog *self);

static void
located_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contexts = dossier_replica_locate_records_finish (DOSSIER_REPLICA (source),
                                                                         result, &error);
  DossierConflictsDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  /* Without names the rows still say which kind of record and field. */
  if (contexts == NULL)
    g_warning ("Naming the records in conflict: %s", error->message);
  show_rows (self, contexts);
  refresh_done (self);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = dossier_replica_list_conflicts_finish (DOSSIER_REPLICA (source),
                                                                          result, &error);
  g_autoptr(GPtrArray) firsts = g_ptr_array_new ();
  DossierConflictsDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (conflicts == NULL)
    {
      show_error (self, error->message);
      refresh_done (self);
      return;
    }
  dossier_conflicts_sort (conflicts);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  self->groups = group_by_field (conflicts);
  for (guint i = 0; i < self->groups->len; i++)
    g_ptr_array_add (firsts, ((GPtrArray *) self->groups->pdata[i])->pdata[0]);
  dossier_replica_locate_records_async (self->replica, firsts, self->cancellable, located_cb, self);
}

static void
refresh_done (DossierConflictsDialog *self)
{
  self->refreshing = FALSE;
  if (self->refresh_again)
    dossier_conflicts_dialog_refresh (self);
}

/**
 * dossier_conflicts_dialog_refresh:
 * @self: a #DossierConflictsDialog
 *
 * Reads the conflicts again (once more after the current reading, if one runs).
 */
void
dossier_conflicts_dialog_refresh (DossierConflictsDialog *self)
{
  g_return_if_fail (DOSSIER_IS_CONFLICTS_DIALOG (self));

  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  self->refreshing = TRUE;
  self->refresh_again = FALSE;
  dossier_replica_list_conflicts_async (self->replica, self->cancellable, listed_cb, self);
}

typedef gboolean (*ResolveFinish) (DossierReplica  *replica,
                                   GAsyncResult    *result,
                                   GError         **error);

typedef struct
{
  DossierConflictsDialog *self;
  DossierConflictRow     *row;
  ResolveFinish           finish;
} Resolving;

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Resolving *resolving = user_data;
  g_autoptr(DossierConflictRow) row = resolving->row;
  g_autoptr(GError) error = NULL;
  DossierConflictsDialog *self = resolving->self;
  ResolveFinish finish = resolving->finish;

  g_free (resolving);
  if (!finish (DOSSIER_REPLICA (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  dossier_conflict_row_set_busy (row, FALSE);
  if (error != NULL)
    {
      dossier_conflict_row_show_error (row, error->message);
      return;
    }
  dossier_conflicts_dialog_refresh (self);
}

static Resolving *
start_resolving (DossierConflictsDialog *self,
                 DossierConflictRow     *row,
                 ResolveFinish           finish)
{
  Resolving *resolving = g_new0 (Resolving, 1);

  resolving->self = self;
  resolving->row = g_object_ref (row);
  resolving->finish = finish;
  dossier_conflict_row_show_error (row, NULL);
  dossier_conflict_row_set_busy (row, TRUE);
  return resolving;
}

static void
row_resolve_cb (DossierConflictRow     *row,
                JsonNode               *value,
                DossierConflictsDialog *self)
{
  Resolving *resolving = start_resolving (self, row, dossier_replica_resolve_conflict_finish);

  dossier_replica_resolve_conflict_async (self->replica, dossier_conflict_row_get_kind (row),
                                          dossier_conflict_row_get_record_id (row),
                                          dossier_conflict_row_get_field (row), value,
                                          self->cancellable, resolved_cb, resolving);
}

/* Settles every conflict of the deleted record, not only this row's field. */
static void
row_keep_deleted_cb (DossierConflictRow     *row,
                     DossierConflictsDialog *self)
{
  Resolving *resolving = start_resolving (self, row, dossier_replica_keep_deleted_finish);

  dossier_replica_keep_deleted_async (self->replica, dossier_conflict_row_get_record_id (row),
                                      self->cancellable, resolved_cb, resolving);
}

static void
engine_conflicts_cb (DossierConflictsDialog *self)
{
  dossier_conflicts_dialog_refresh (self);
}

static void
add_separator (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  if (before != NULL && gtk_list_box_row_get_header (row) == NULL)
    gtk_list_box_row_set_header (row, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
}

static void
dossier_conflicts_dialog_dispose (GObject *object)
{
  DossierConflictsDialog *self = DOSSIER_CONFLICTS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->replica);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (dossier_conflicts_dialog_parent_class)->dispose (object);
}

static void
dossier_conflicts_dialog_class_init (DossierConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_conflicts_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierConflictsDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictsDialog, error_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictsDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictsDialog, list_box);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
}

static void
dossier_conflicts_dialog_init (DossierConflictsDialog *self)
{
  GtkWidget *scrolled;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_list_box_set_header_func (self->list_box, add_separator, NULL, NULL);
  /* Tabbing to a row below the fold scrolls it into view. */
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->list_box), GTK_TYPE_SCROLLED_WINDOW);
  gtk_container_set_focus_vadjustment (
    GTK_CONTAINER (self->list_box),
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)));
}

/**
 * dossier_conflicts_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @replica: the open replica
 * @engine: the replica's sync engine
 *
 * Returns: (transfer none): a new dialog, reading the conflicts; destroyed when closed
 */
GtkWidget *
dossier_conflicts_dialog_new (GtkWindow         *parent,
                              DossierReplica    *replica,
                              DossierSyncEngine *engine)
{
  DossierConflictsDialog *self;

  g_return_val_if_fail (DOSSIER_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (DOSSIER_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (DOSSIER_TYPE_CONFLICTS_DIALOG, "use-header-bar", TRUE,
                       "transient-for", parent, NULL);
  self->replica = g_object_ref (replica);
  self->engine = g_object_ref (engine);
  g_signal_connect_object (engine, "notify::conflicts", G_CALLBACK (engine_conflicts_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  dossier_conflicts_dialog_refresh (self);
  return GTK_WIDGET (self);
}
