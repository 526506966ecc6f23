/* dossier-shipment-row.c: a courier shipment, edited in place.
 *
 * The sent and delivered days are one group: a parcel cannot arrive before
 * it leaves, and neither day is written while they disagree.
 */

#include <glib/gi18n.h>

#include "dossier-checks.h"
#include "dossier-form-fields.h"
#include "dossier-shipment-row.h"

struct _DossierShipmentRow
{
  GtkListBoxRow       parent_instance;

  GtkLabel           *title_label;
  GtkButton          *delete_button;
  GtkEntry           *carrier_entry;
  GtkEntry           *tracking_entry;
  GtkComboBox        *direction_combo;
  GtkComboBox        *status_combo;
  GtkEntry           *contents_entry;
  GtkEntry           *sent_on_entry;
  GtkEntry           *delivered_on_entry;

  DossierFormFields  *fields;
  DossierCaseSession *session;
  char               *id;
};

G_DEFINE_FINAL_TYPE (DossierShipmentRow, dossier_shipment_row, GTK_TYPE_LIST_BOX_ROW)

static const char *const date_fields[] = { "sent_on", "delivered_on", NULL };

static void
dates_changed_cb (DossierFormFields *fields,
                  const char        *field,
                  gpointer           user_data)
{
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) delivered = NULL;
  gboolean sent_ok = dossier_form_fields_read (fields, "sent_on", &sent);
  gboolean delivered_ok = dossier_form_fields_read (fields, "delivered_on", &delivered);

  if (!sent_ok || !delivered_ok)
    {
      dossier_form_fields_unstage (fields, date_fields);
      return;
    }
  if (!dossier_validate_travel_dates (json_node_get_string (sent), json_node_get_string (delivered),
                                      NULL))
    {
      dossier_form_fields_show_error (fields, "delivered_on",
                                      _("A shipment cannot be delivered before it is sent"));
      dossier_form_fields_unstage (fields, date_fields);
      return;
    }
  dossier_form_fields_stage (fields, date_fields, NULL);
}

static void
delete_clicked_cb (DossierShipmentRow *self)
{
  dossier_case_session_delete (self->session, "shipment", self->id);
  gtk_widget_destroy (GTK_WIDGET (self));
}

static void
bind_fields (DossierShipmentRow *self,
             guint               number)
{
  DossierFormFields *f = self->fields;
  /* Translators: names the controls of one shipment, as in "Shipment 2: Carrier" */
  g_autofree char *prefix = g_strdup_printf (_("Shipment %u"), number);
  GtkWidget *controls[] = {
    GTK_WIDGET (self->carrier_entry), GTK_WIDGET (self->tracking_entry),
    GTK_WIDGET (self->direction_combo), GTK_WIDGET (self->status_combo),
    GTK_WIDGET (self->contents_entry), GTK_WIDGET (self->sent_on_entry),
    GTK_WIDGET (self->delivered_on_entry), GTK_WIDGET (self->delete_button),
  };

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    dossier_accessible_add_prefix (controls[i], prefix);
  gtk_label_set_text (self->title_label, prefix);

  dossier_form_fields_add (f, "carrier", GTK_WIDGET (self->carrier_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "tracking_number", GTK_WIDGET (self->tracking_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "direction", GTK_WIDGET (self->direction_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "status", GTK_WIDGET (self->status_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "contents", GTK_WIDGET (self->contents_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "sent_on", GTK_WIDGET (self->sent_on_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "delivered_on", GTK_WIDGET (self->delivered_on_entry), DOSSIER_FIELD_INPUT_DATE);

  dossier_form_fields_set_required (f, "direction", _("Choose where the shipment goes"));
  dossier_form_fields_set_required (f, "status", _("Choose the status"));
  dossier_form_fields_set_handler (f, "sent_on", dates_changed_cb, self);
  dossier_form_fields_set_handler (f, "delivered_on", dates_changed_cb, self);
}

static void
dossier_shipment_row_dispose (GObject *object)
{
  DossierShipmentRow *self = DOSSIER_SHIPMENT_ROW (object);

  g_clear_pointer (&self->fields, dossier_form_fields_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dossier_shipment_row_parent_class)->dispose (object);
}

static void
dossier_shipment_row_finalize (GObject *object)
{
  DossierShipmentRow *self = DOSSIER_SHIPMENT_ROW (object);

  g_free (self->id);

  G_OBJECT_CLASS (dossier_shipment_row_parent_class)->finalize (object);
}

static void
dossier_shipment_row_class_init (DossierShipmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_shipment_row_dispose;
  object_class->finalize = dossier_shipment_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-shipment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentRow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentRow, carrier_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentRow, tracking_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentRow, direction_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentRow, status_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentRow, contents_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentRow, sent_on_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierShipmentRow, delivered_on_entry);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
}

static void
dossier_shipment_row_init (DossierShipmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = dossier_form_fields_new ("shipment");
}

GtkWidget *
dossier_shipment_row_new (DossierCaseSession *session,
                          JsonObject         *record,
                          guint               number)
{
  DossierShipmentRow *self = g_object_new (DOSSIER_TYPE_SHIPMENT_ROW, NULL);

  self->session = g_object_ref (session);
  self->id = g_strdup (json_object_get_string_member (record, "id"));
  bind_fields (self, number);
  dossier_form_fields_set_session (self->fields, session, self->id);
  dossier_form_fields_load (self->fields, record);
  return GTK_WIDGET (self);
}

const char *
dossier_shipment_row_get_id (DossierShipmentRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_SHIPMENT_ROW (self), NULL);
  return self->id;
}

/* A row just added has no place on screen yet: focus it (and so scroll
 * to it) once it has been laid out and drawn. */
static gboolean
focus_later_cb (gpointer user_data)
{
  DossierShipmentRow *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->carrier_entry));
  return G_SOURCE_REMOVE;
}

static void
allocated_cb (DossierShipmentRow *self)
{
  g_signal_handlers_disconnect_by_func (self, allocated_cb, NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_later_cb, g_object_ref (self), g_object_unref);
}

void
dossier_shipment_row_focus (DossierShipmentRow *self)
{
  g_return_if_fail (DOSSIER_IS_SHIPMENT_ROW (self));
  g_signal_connect (self, "size-allocate", G_CALLBACK (allocated_cb), NULL);
}
