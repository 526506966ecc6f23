/* dossier-activity-view.c: a case's append-only activity log.
 *
 * Entries are written once, signed with Preferences' author name and the
 * moment of writing, and never edited: the view offers no control that
 * would, and the replica refuses a change anyway.  Every replica call is
 * asynchronous and tied to one GCancellable, replaced when the case changes
 * and cancelled in dispose, so a late answer never reaches a gone widget or
 * another case's list.
 */

#include <glib/gi18n.h>

#include "dossier-activity.h"
#include "dossier-activity-row.h"
#include "dossier-activity-view.h"
#include "dossier-settings.h"

struct _DossierActivityView
{
  GtkBox           parent_instance;

  GtkStack        *stack;
  GtkComboBoxText *kind_combo;
  GtkLabel        *author_label;
  GtkTextView     *body_view;
  GtkLabel        *error_label;
  GtkButton       *add_button;
  GtkLabel        *load_error_label;
  GtkListBox      *entries_list;

  GSettings       *settings;
  DossierReplica  *replica;
  char            *case_id;
  GCancellable    *cancellable;
  JsonObject      *pending_entry;   /* being saved; one at a time */
};

G_DEFINE_FINAL_TYPE (DossierActivityView, dossier_activity_view, GTK_TYPE_BOX)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_body_text (DossierActivityView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_add_sensitive (DossierActivityView *self)
{
  g_autofree char *body = dup_body_text (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button),
                            self->case_id != NULL && self->pending_entry == NULL
                            && *g_strstrip (body) != '\0');
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
update_author (DossierActivityView *self)
{
  g_autofree char *author = dossier_settings_dup_author_name (self->settings);
  g_autofree char *text = NULL;

  /* Translators: under the activity composer; %s is the name entries are signed with. */
  text = g_strdup_printf (_("Signed as %s"), author);
  gtk_label_set_text (self->author_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->author_label),
                               _("Change your name in Preferences"));
}

static void
author_changed_cb (DossierActivityView *self,
                   const char          *key,
                   GSettings           *settings)
{
  update_author (self);
}

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
clear_entries (DossierActivityView *self)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->entries_list));

  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
}

static void
entries_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DossierActivityView *self;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;

  entries = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_ACTIVITY_VIEW (user_data);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The activity log cannot be read: %s"),
                                                  error->message);

      show_error (self->load_error_label, message);
      return;
    }

  dossier_activity_entries_sort (entries);
  now = g_date_time_new_now_local ();
  for (guint i = 0; i < entries->len; i++)
    gtk_container_add (GTK_CONTAINER (self->entries_list),
                       dossier_activity_row_new (g_ptr_array_index (entries, i), now));
}

static void
reset_composer (DossierActivityView *self)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), "", -1);
  show_error (self->error_label, NULL);
}

/**
 * dossier_activity_view_set_case:
 * @self: the view
 * @replica: (nullable): the open replica
 * @case_id: (nullable): the case whose log to show; %NULL shows nothing
 *   (a case not saved yet has no log)
 */
void
dossier_activity_view_set_case (DossierActivityView *self,
                                DossierReplica      *replica,
                                const char          *case_id)
{
  g_return_if_fail (DOSSIER_IS_ACTIVITY_VIEW (self));
  g_return_if_fail (replica == NULL || DOSSIER_IS_REPLICA (replica));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  g_set_object (&self->replica, replica);
  g_clear_pointer (&self->pending_entry, json_object_unref);
  if (g_strcmp0 (case_id, self->case_id) != 0)
    reset_composer (self);
  g_free (self->case_id);
  self->case_id = replica != NULL ? g_strdup (case_id) : NULL;

  clear_entries (self);
  show_error (self->load_error_label, NULL);
  update_add_sensitive (self);
  gtk_stack_set_visible_child_name (self->stack, self->case_id != NULL ? "log" : "none");
  if (self->case_id == NULL)
    return;

  dossier_replica_list_async (self->replica, "activity_entry", "case_id", self->case_id,
                              "occurred_at", 0, self->cancellable, entries_listed_cb, self);
}

static void
entry_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DossierActivityView *self;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonObject) entry = NULL;

  id = dossier_replica_save_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_ACTIVITY_VIEW (user_data);
  entry = g_steal_pointer (&self->pending_entry);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The entry was not added: %s"),
                                                  error->message);

      show_error (self->error_label, message);
      update_add_sensitive (self);
      return;
    }

  json_object_set_string_member (entry, "id", id);
  now = g_date_time_new_now_local ();
  gtk_list_box_prepend (self->entries_list, dossier_activity_row_new (entry, now));
  reset_composer (self);
  update_add_sensitive (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
add_clicked_cb (DossierActivityView *self,
                GtkButton           *button)
{
  g_autofree char *body = dup_body_text (self);
  g_autofree char *author = dossier_settings_dup_author_name (self->settings);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *kind = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->kind_combo));
  g_autoptr(GError) error = NULL;
  JsonObject *entry;

  if (self->replica == NULL || self->pending_entry != NULL)
    return;

  entry = dossier_activity_entry_new (self->case_id, kind, author, body, now, &error);
  if (entry == NULL)
    {
      show_error (self->error_label, error->message);
      return;
    }

  show_error (self->error_label, NULL);
  self->pending_entry = entry;
  update_add_sensitive (self);
  dossier_replica_save_async (self->replica, "activity_entry", NULL, entry, self->cancellable,
                              entry_saved_cb, self);
}

static gboolean
body_key_press_cb (DossierActivityView *self,
                   GdkEventKey         *event,
                   GtkWidget           *widget)
{
  GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();

  if (mods != GDK_CONTROL_MASK
      || (event->keyval != GDK_KEY_Return && event->keyval != GDK_KEY_KP_Enter))
    return GDK_EVENT_PROPAGATE;

  if (gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)))
    gtk_widget_activate (GTK_WIDGET (self->add_button));
  return GDK_EVENT_STOP;
}

static void
body_changed_cb (DossierActivityView *self,
                 GtkTextBuffer       *buffer)
{
  show_error (self->error_label, NULL);
  update_add_sensitive (self);
}

static void
populate_kinds (DossierActivityView *self)
{
  guint n_kinds;
  const DossierActivityKind *kinds = dossier_activity_kinds_get_all (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    gtk_combo_box_text_append (self->kind_combo, kinds[i].kind,
                               dossier_activity_kind_get_label (&kinds[i]));
  /* Most entries are plain notes; calls and complaints are picked on purpose. */
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->kind_combo), "note");
}

static void
dossier_activity_view_dispose (GObject *object)
{
  DossierActivityView *self = DOSSIER_ACTIVITY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->replica);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_entry, json_object_unref);

  G_OBJECT_CLASS (dossier_activity_view_parent_class)->dispose (object);
}

static void
dossier_activity_view_finalize (GObject *object)
{
  DossierActivityView *self = DOSSIER_ACTIVITY_VIEW (object);

  g_free (self->case_id);

  G_OBJECT_CLASS (dossier_activity_view_parent_class)->finalize (object);
}

static void
dossier_activity_view_class_init (DossierActivityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_activity_view_dispose;
  object_class->finalize = dossier_activity_view_finalize;

  /**
   * DossierActivityView::changed:
   *
   * An entry was added to the replica.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-activity-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierActivityView, stack);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityView, kind_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityView, author_label);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityView, body_view);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityView, error_label);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityView, add_button);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityView, load_error_label);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityView, entries_list);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, body_key_press_cb);
}

static void
dossier_activity_view_init (DossierActivityView *self)
{
  GtkWidget *placeholder;

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->entries_list, update_row_header, NULL, NULL);

  placeholder = gtk_label_new (_("Nothing recorded yet: calls, complaints, visits and notes "
                                 "appear here, newest first."));
  gtk_label_set_line_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_bottom (placeholder, 24);
  gtk_style_context_add_class (gtk_widget_get_style_context (placeholder), "dim-label");
  gtk_widget_show (placeholder);
  gtk_list_box_set_placeholder (self->entries_list, placeholder);

  populate_kinds (self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed",
                           G_CALLBACK (body_changed_cb), self, G_CONNECT_SWAPPED);

  self->settings = dossier_settings_new ();
  g_signal_connect_object (self->settings, "changed::author-name",
                           G_CALLBACK (author_changed_cb), self, G_CONNECT_SWAPPED);
  update_author (self);
}

/**
 * dossier_activity_view_new:
 *
 * Returns: (transfer floating): a view showing no case until
 *   dossier_activity_view_set_case() is called
 */
GtkWidget *
dossier_activity_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_ACTIVITY_VIEW, NULL);
}
