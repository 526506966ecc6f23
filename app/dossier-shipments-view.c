/* dossier-shipments-view.c: the list of a case's courier shipments.
 *
 * Shipments are sorted by the day they were sent; a new one is written at
 * once (case, direction, status "booked") and then filled in place like any
 * other field.
 */

#include <glib/gi18n.h>

#include "dossier-shipment-row.h"
#include "dossier-shipments-view.h"

struct _DossierShipmentsView
{
  GtkBox              parent_instance;

  GtkButton          *add_button;
  GtkLabel           *hint_label;
  GtkListBox         *list_box;

  DossierCaseSession *session;
  GCancellable       *cancellable;
  guint               next_number;
  guint               update_id;
  gboolean            disposed;
};

G_DEFINE_FINAL_TYPE (DossierShipmentsView, dossier_shipments_view, GTK_TYPE_BOX)

static void
update_state (DossierShipmentsView *self)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->list_box));
  gboolean created = self->session != NULL && dossier_case_session_is_created (self->session);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), created);
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), rows != NULL);
  if (self->session != NULL && !created)
    gtk_label_set_text (self->hint_label,
                        _("Shipments can be recorded once the case is saved."));
  else
    gtk_label_set_text (self->hint_label, _("No courier shipment recorded."));
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), rows == NULL);
}

static gboolean
update_later_cb (gpointer user_data)
{
  DossierShipmentsView *self = user_data;

  self->update_id = 0;
  update_state (self);
  return G_SOURCE_REMOVE;
}

static void
row_destroyed_cb (DossierShipmentsView *self)
{
  /* The row is still a child while it is being destroyed: look once it is gone. */
  if (!self->disposed && self->update_id == 0)
    self->update_id = g_idle_add (update_later_cb, self);
}

static GtkWidget *
add_row (DossierShipmentsView *self,
         JsonObject              *record)
{
  GtkWidget *row = dossier_shipment_row_new (self->session, record, ++self->next_number);

  g_signal_connect_object (row, "destroy", G_CALLBACK (row_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_container_add (GTK_CONTAINER (self->list_box), row);
  return row;
}

static void
add_clicked_cb (DossierShipmentsView *self)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) record = NULL;
  GtkWidget *row;

  json_object_set_string_member (fields, "case_id", dossier_case_session_get_case_id (self->session));
  json_object_set_string_member (fields, "direction", "to_consulate");
  json_object_set_string_member (fields, "status", "booked");
  dossier_case_session_stage (self->session, "shipment", id, fields);
  dossier_case_session_flush (self->session);

  record = json_object_ref (fields);
  json_object_set_string_member (record, "id", id);
  row = add_row (self, record);
  update_state (self);
  dossier_shipment_row_focus (DOSSIER_SHIPMENT_ROW (row));
}

static void
shipments_listed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  DossierShipmentsView *self = user_data;
  g_autoptr(GPtrArray) shipments = NULL;
  g_autoptr(GError) error = NULL;

  shipments = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (shipments == NULL)
    {
      gtk_label_set_text (self->hint_label, error->message);
      gtk_widget_show (GTK_WIDGET (self->hint_label));
      return;
    }
  for (guint i = 0; i < shipments->len; i++)
    add_row (self, shipments->pdata[i]);
  update_state (self);
}

static void
load_shipments (DossierShipmentsView *self)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->list_box));

  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  self->next_number = 0;
  update_state (self);
  if (self->session == NULL || !dossier_case_session_is_created (self->session))
    return;
  dossier_replica_list_async (dossier_case_session_get_replica (self->session), "shipment",
                              "case_id", dossier_case_session_get_case_id (self->session),
                              "sent_on", 0, self->cancellable, shipments_listed_cb, self);
}

static void
dossier_shipments_view_dispose (GObject *object)
{
  DossierShipmentsView *self = DOSSIER_SHIPMENTS_VIEW (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dossier_shipments_view_parent_class)->dispose (object);
}

static void
dossier_shipments_view_class_init (DossierShipmentsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_shipments_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-shipments-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentsView, add_button);
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentsView, hint_label);
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentsView, list_box);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
dossier_shipments_view_init (DossierShipmentsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

GtkWidget *
dossier_shipments_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_SHIPMENTS_VIEW, NULL);
}

/**
 * dossier_shipments_view_set_session:
 * @session: (nullable): the case being edited
 */
void
dossier_shipments_view_set_session (DossierShipmentsView *self,
                                       DossierCaseSession      *session)
{
  g_return_if_fail (DOSSIER_IS_SHIPMENTS_VIEW (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->session, session);
  load_shipments (self);

  if (session == NULL)
    return;
  g_signal_connect_swapped (session, "loaded", G_CALLBACK (load_shipments), self);
  g_signal_connect_swapped (session, "created", G_CALLBACK (update_state), self);
}
