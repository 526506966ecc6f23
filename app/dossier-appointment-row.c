/* dossier-appointment-row.c: an appointment, edited in place.
 *
 * The replica keeps the start as one ISO 8601 moment in UTC; people type a
 * local date and time, so the two entries are one group that is staged only
 * when both are valid.  Deleting goes through the session, which drops what
 * was staged for the appointment first.
 */

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "dossier-appointment-row.h"
#include "dossier-date.h"
#include "dossier-form-fields.h"
#include "dossier-timestamp.h"

struct _DossierAppointmentRow
{
  GtkListBoxRow       parent_instance;

  GtkLabel           *title_label;
  GtkButton          *delete_button;
  GtkComboBox        *kind_combo;
  GtkComboBox        *status_combo;
  GtkEntry           *date_entry;
  GtkEntry           *time_entry;
  GtkEntry           *location_entry;
  GtkComboBox        *reminder_combo;
  GtkTextView        *notes_view;

  DossierFormFields  *fields;
  DossierCaseSession *session;
  char               *id;
};

G_DEFINE_FINAL_TYPE (DossierAppointmentRow, dossier_appointment_row, GTK_TYPE_LIST_BOX_ROW)

static gboolean
parse_time (const char *text,
            int        *out_hour,
            int        *out_minute)
{
  /* "9:30" and "09:30" both; nothing else. */
  guint length = strlen (text);
  const char *colon = strchr (text, ':');

  if (colon == NULL || (length != 4 && length != 5) || strlen (colon + 1) != 2)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (p != colon && !g_ascii_isdigit (*p))
      return FALSE;
  *out_hour = atoi (text);
  *out_minute = atoi (colon + 1);
  return *out_hour < 24 && *out_minute < 60;
}

/* The moment the two entries name, NULL when both are empty or one is wrong. */
static gboolean
read_start (DossierAppointmentRow  *self,
            JsonNode              **out_value)
{
  const char *time_text = gtk_entry_get_text (self->time_entry);
  g_autoptr(JsonNode) date = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *moment = NULL;
  int hour = 0, minute = 0;
  GDate day;

  if (!dossier_form_fields_read (self->fields, "starts_at_date", &date))
    return FALSE;
  if (*time_text != '\0' && !parse_time (time_text, &hour, &minute))
    {
      dossier_form_fields_show_error (self->fields, "starts_at_time",
                                      _("Write the time as HH:MM, for example 09:30"));
      return FALSE;
    }
  dossier_form_fields_show_error (self->fields, "starts_at_time", NULL);
  if (JSON_NODE_HOLDS_NULL (date) && *time_text == '\0')
    {
      *out_value = json_node_init_null (json_node_alloc ());
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (date) || *time_text == '\0')
    {
      dossier_form_fields_show_error (self->fields, JSON_NODE_HOLDS_NULL (date) ? "starts_at_date"
                                                                                : "starts_at_time",
                                      _("Enter both the date and the time"));
      return FALSE;
    }

  dossier_date_parse_iso (json_node_get_string (date), &day);
  start = g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day),
                                 g_date_get_day (&day), hour, minute, 0);
  moment = dossier_timestamp_format_utc (start);
  *out_value = json_node_init_string (json_node_alloc (), moment);
  return TRUE;
}

static void
start_changed_cb (DossierFormFields *fields,
                  const char        *field,
                  gpointer           user_data)
{
  DossierAppointmentRow *self = user_data;
  const char *const starts_at[] = { "starts_at", NULL };
  g_autoptr(JsonObject) values = json_object_new ();
  JsonNode *value = NULL;

  if (!read_start (self, &value))
    {
      dossier_case_session_unstage (self->session, "appointment", self->id, starts_at);
      return;
    }
  json_object_set_member (values, "starts_at", value);
  dossier_case_session_stage (self->session, "appointment", self->id, values);
}

static void
show_start (DossierAppointmentRow *self,
            JsonObject            *record)
{
  const char *text = json_object_get_string_member_with_default (record, "starts_at", NULL);
  g_autoptr(GDateTime) start = dossier_timestamp_parse (text);
  g_autoptr(GDateTime) local = start != NULL ? g_date_time_to_local (start) : NULL;
  g_autofree char *date = local != NULL ? g_date_time_format (local, "%Y-%m-%d") : NULL;
  g_autofree char *time = local != NULL ? g_date_time_format (local, "%H:%M") : NULL;
  g_autoptr(JsonNode) date_node = json_node_init_string (json_node_alloc (), date ? date : "");
  g_autoptr(JsonNode) time_node = json_node_init_string (json_node_alloc (), time ? time : "");

  dossier_form_fields_set_value (self->fields, "starts_at_date", date_node);
  dossier_form_fields_set_value (self->fields, "starts_at_time", time_node);
}

static void
delete_clicked_cb (DossierAppointmentRow *self)
{
  dossier_case_session_delete (self->session, "appointment", self->id);
  gtk_widget_destroy (GTK_WIDGET (self));
}

static void
bind_fields (DossierAppointmentRow *self,
             guint                  number)
{
  DossierFormFields *f = self->fields;
  /* Translators: names the controls of one appointment, as in "Appointment 2: Date" */
  g_autofree char *prefix = g_strdup_printf (_("Appointment %u"), number);
  GtkWidget *controls[] = {
    GTK_WIDGET (self->kind_combo), GTK_WIDGET (self->status_combo), GTK_WIDGET (self->date_entry),
    GTK_WIDGET (self->time_entry), GTK_WIDGET (self->location_entry),
    GTK_WIDGET (self->reminder_combo), GTK_WIDGET (self->notes_view),
    GTK_WIDGET (self->delete_button),
  };

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    dossier_accessible_add_prefix (controls[i], prefix);
  gtk_label_set_text (self->title_label, prefix);

  dossier_form_fields_add (f, "kind", GTK_WIDGET (self->kind_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "status", GTK_WIDGET (self->status_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "starts_at_date", GTK_WIDGET (self->date_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "starts_at_time", GTK_WIDGET (self->time_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "location", GTK_WIDGET (self->location_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "reminder_minutes", GTK_WIDGET (self->reminder_combo),
                           DOSSIER_FIELD_INPUT_CHOICE_NUMBER);
  dossier_form_fields_add (f, "preparation_notes", GTK_WIDGET (self->notes_view), DOSSIER_FIELD_INPUT_TEXT);

  dossier_form_fields_set_required (f, "kind", _("Choose the kind of appointment"));
  dossier_form_fields_set_required (f, "status", _("Choose the status"));
  dossier_form_fields_set_handler (f, "starts_at_date", start_changed_cb, self);
  dossier_form_fields_set_handler (f, "starts_at_time", start_changed_cb, self);
}

static void
dossier_appointment_row_dispose (GObject *object)
{
  DossierAppointmentRow *self = DOSSIER_APPOINTMENT_ROW (object);

  g_clear_pointer (&self->fields, dossier_form_fields_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dossier_appointment_row_parent_class)->dispose (object);
}

static void
dossier_appointment_row_finalize (GObject *object)
{
  DossierAppointmentRow *self = DOSSIER_APPOINTMENT_ROW (object);

  g_free (self->id);

  G_OBJECT_CLASS (dossier_appointment_row_parent_class)->finalize (object);
}

static void
dossier_appointment_row_class_init (DossierAppointmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_appointment_row_dispose;
  object_class->finalize = dossier_appointment_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-appointment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentRow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentRow, kind_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentRow, status_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentRow, date_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentRow, time_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentRow, location_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentRow, reminder_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentRow, notes_view);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
}

static void
dossier_appointment_row_init (DossierAppointmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = dossier_form_fields_new ("appointment");
}

GtkWidget *
dossier_appointment_row_new (DossierCaseSession *session,
                             JsonObject         *record,
                             guint               number)
{
  DossierAppointmentRow *self = g_object_new (DOSSIER_TYPE_APPOINTMENT_ROW, NULL);

  self->session = g_object_ref (session);
  self->id = g_strdup (json_object_get_string_member (record, "id"));
  bind_fields (self, number);
  dossier_form_fields_set_session (self->fields, session, self->id);
  dossier_form_fields_load (self->fields, record);
  show_start (self, record);
  return GTK_WIDGET (self);
}

const char *
dossier_appointment_row_get_id (DossierAppointmentRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPOINTMENT_ROW (self), NULL);
  return self->id;
}

/* A row just added has no place on screen yet: focus it (and so scroll
 * to it) once it has been laid out and drawn. */
static gboolean
focus_later_cb (gpointer user_data)
{
  DossierAppointmentRow *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->date_entry));
  return G_SOURCE_REMOVE;
}

static void
allocated_cb (DossierAppointmentRow *self)
{
  g_signal_handlers_disconnect_by_func (self, allocated_cb, NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_later_cb, g_object_ref (self), g_object_unref);
}

void
dossier_appointment_row_focus_date (DossierAppointmentRow *self)
{
  g_return_if_fail (DOSSIER_IS_APPOINTMENT_ROW (self));
  g_signal_connect (self, "size-allocate", G_CALLBACK (allocated_cb), NULL);
}
