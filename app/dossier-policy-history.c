/* dossier-policy-history.c: the version history of a policy note.
 *
 * The replica keeps the last text saved under each version number (a
 * trigger, schema/replica/004).  Selecting a version shows its text with the
 * fields that differ from the version before it marked, which answers the
 * question specialists ask of a history: what did the rule say then, and
 * what changed.
 */

#include <glib/gi18n.h>

#include "dossier-policy-history.h"
#include "dossier-policy-note.h"
#include "dossier-policy-view.h"

struct _DossierPolicyHistory
{
  GtkBox             parent_instance;

  GtkStack          *history_stack;
  GtkListBox        *versions_list;
  GtkLabel          *comparison_label;
  DossierPolicyView *version_view;
  GtkLabel          *message_title_label;
  GtkLabel          *message_label;

  GCancellable      *cancellable;
  /* JsonObject with "version", "saved_at", "snapshot"; newest first. */
  GPtrArray         *versions;
};

G_DEFINE_FINAL_TYPE (DossierPolicyHistory, dossier_policy_history, GTK_TYPE_BOX)

/* An int, for messages: xgettext cannot read a format with G_GINT64_FORMAT. */
static int
version_number (JsonObject *version)
{
  gint64 number = json_object_get_int_member_with_default (version, "version", 0);

  return (int) CLAMP (number, 0, G_MAXINT);
}

static JsonObject *
version_snapshot (JsonObject *version)
{
  JsonNode *node = json_object_get_member (version, "snapshot");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
format_saved_at (const char *saved_at)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (saved_at == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (saved_at, NULL);
  if (utc == NULL)
    return g_strdup (saved_at);
  local = g_date_time_to_local (utc);
  /* Translators: when a version was saved; a g_date_time_format() pattern. */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

static GtkWidget *
new_version_row (JsonObject *version)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  const char *saved_at = json_object_get_string_member_with_default (version, "saved_at", NULL);
  g_autofree char *name = g_strdup_printf (_("Version %d"), version_number (version));
  g_autofree char *saved = format_saved_at (saved_at);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *subtitle = gtk_label_new (saved);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_style_context_add_class (gtk_widget_get_style_context (title), "policy-row-title");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0);
  gtk_style_context_add_class (gtk_widget_get_style_context (subtitle), "dim-label");
  g_object_set (box, "margin-start", 12, "margin-end", 12,
                "margin-top", 6, "margin-bottom", 6, NULL);

  gtk_container_add (GTK_CONTAINER (box), title);
  gtk_container_add (GTK_CONTAINER (box), subtitle);
  gtk_container_add (GTK_CONTAINER (row), box);
  atk_object_set_name (gtk_widget_get_accessible (row), name);
  gtk_widget_show_all (row);
  return row;
}

static void
show_message (DossierPolicyHistory *self,
              const char           *title,
              const char           *message)
{
  gtk_label_set_text (self->message_title_label, title);
  gtk_label_set_text (self->message_label, message);
  gtk_stack_set_visible_child_name (self->history_stack, "message");
}

static void
clear_rows (DossierPolicyHistory *self)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->versions_list));

  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  g_clear_pointer (&self->versions, g_ptr_array_unref);
}

static void
describe_comparison (DossierPolicyHistory *self,
                     JsonObject           *older,
                     const char *const    *changed)
{
  g_autofree char *text = NULL;

  if (older == NULL)
    text = g_strdup (_("The first version recorded."));
  else if (changed[0] == NULL)
    text = g_strdup_printf (_("The same text as version %d."),
                            version_number (older));
  else
    text = g_strdup_printf (_("Marked: what changed since version %d."),
                            version_number (older));
  gtk_label_set_text (self->comparison_label, text);
}

/* The version's fields, and its number for the view to show. */
static JsonObject *
dup_version_text (JsonObject *version)
{
  JsonObject *snapshot = version_snapshot (version);
  JsonObject *text = json_object_new ();

  if (snapshot != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (snapshot);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (text, l->data,
                                json_node_copy (json_object_get_member (snapshot, l->data)));
    }
  json_object_set_int_member (text, "version", version_number (version));
  return text;
}

static void
row_selected_cb (DossierPolicyHistory *self,
                 GtkListBoxRow        *row,
                 GtkListBox           *list)
{
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) older = NULL;
  g_auto(GStrv) changed = NULL;
  guint index;

  if (row == NULL || self->versions == NULL)
    return;

  index = (guint) gtk_list_box_row_get_index (row);
  g_return_if_fail (index < self->versions->len);
  shown = dup_version_text (g_ptr_array_index (self->versions, index));
  if (index + 1 < self->versions->len)
    older = dup_version_text (g_ptr_array_index (self->versions, index + 1));

  changed = dossier_policy_note_changed_fields (older, shown);
  describe_comparison (self, older, (const char *const *) changed);
  dossier_policy_view_set_note (self->version_view, shown, older);
}

static void
versions_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DossierPolicyHistory *self = user_data;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  versions = dossier_replica_list_policy_versions_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (versions == NULL)
    {
      show_message (self, _("The history could not be read"), error->message);
      return;
    }
  if (versions->len == 0)
    {
      show_message (self, _("No versions yet"), _("Versions are kept from the first save on."));
      return;
    }

  self->versions = g_steal_pointer (&versions);
  for (guint i = 0; i < self->versions->len; i++)
    gtk_container_add (GTK_CONTAINER (self->versions_list),
                       new_version_row (g_ptr_array_index (self->versions, i)));
  gtk_stack_set_visible_child_name (self->history_stack, "versions");
  gtk_list_box_select_row (self->versions_list,
                           gtk_list_box_get_row_at_index (self->versions_list, 0));
}

/**
 * dossier_policy_history_set_note:
 * @self: a #DossierPolicyHistory
 * @replica: (nullable): the replica
 * @note_id: (nullable): the note
 */
void
dossier_policy_history_set_note (DossierPolicyHistory *self,
                                 DossierReplica       *replica,
                                 const char           *note_id)
{
  g_return_if_fail (DOSSIER_IS_POLICY_HISTORY (self));
  g_return_if_fail (replica == NULL || DOSSIER_IS_REPLICA (replica));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_rows (self);
  dossier_policy_view_set_note (self->version_view, NULL, NULL);

  if (replica == NULL || note_id == NULL)
    {
      show_message (self, _("No versions yet"), _("Versions are kept from the first save on."));
      return;
    }

  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->history_stack, "loading");
  dossier_replica_list_policy_versions_async (replica, note_id, self->cancellable,
                                              versions_loaded_cb, self);
}

static void
dossier_policy_history_dispose (GObject *object)
{
  DossierPolicyHistory *self = DOSSIER_POLICY_HISTORY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->versions, g_ptr_array_unref);

  G_OBJECT_CLASS (dossier_policy_history_parent_class)->dispose (object);
}

static void
dossier_policy_history_class_init (DossierPolicyHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_policy_history_dispose;

  g_type_ensure (DOSSIER_TYPE_POLICY_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-policy-history.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyHistory, history_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyHistory, versions_list);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyHistory, comparison_label);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyHistory, version_view);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyHistory, message_title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyHistory, message_label);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
}

static void
dossier_policy_history_init (DossierPolicyHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dossier_policy_history_set_note (self, NULL, NULL);
}

GtkWidget *
dossier_policy_history_new (void)
{
  return g_object_new (DOSSIER_TYPE_POLICY_HISTORY, NULL);
}
