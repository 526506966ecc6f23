/* dossier-appointments-view.c: the list of a case's appointments.
 *
 * Appointments are sorted by their start as the replica has them; a new one
 * is written at once (case, kind, status, a reminder the day before) and
 * then filled in place like any other field.
 */

#include <glib/gi18n.h>

#include "dossier-appointment-row.h"
#include "dossier-appointments-view.h"

/* A reminder the day before is what specialists set most. */
#define DEFAULT_REMINDER_MINUTES 1440

struct _DossierAppointmentsView
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

G_DEFINE_FINAL_TYPE (DossierAppointmentsView, dossier_appointments_view, GTK_TYPE_BOX)

static void
update_state (DossierAppointmentsView *self)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->list_box));
  gboolean created = self->session != NULL && dossier_case_session_is_created (self->session);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), created);
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), rows != NULL);
  if (self->session != NULL && !created)
    gtk_label_set_text (self->hint_label,
                        _("Appointments can be added once the case is saved."));
  else
    gtk_label_set_text (self->hint_label, _("No biometrics or interview appointment yet."));
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), rows == NULL);
}

static gboolean
update_later_cb (gpointer user_data)
{
  DossierAppointmentsView *self = user_data;

  self->update_id = 0;
  update_state (self);
  return G_SOURCE_REMOVE;
}

static void
row_destroyed_cb (DossierAppointmentsView *self)
{
  /* The row is still a child while it is being destroyed: look once it is gone. */
  if (!self->disposed && self->update_id == 0)
    self->update_id = g_idle_add (update_later_cb, self);
}

static GtkWidget *
add_row (DossierAppointmentsView *self,
         JsonObject              *record)
{
  GtkWidget *row = dossier_appointment_row_new (self->session, record, ++self->next_number);

  g_signal_connect_object (row, "destroy", G_CALLBACK (row_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_container_add (GTK_CONTAINER (self->list_box), row);
  return row;
}

static void
add_clicked_cb (DossierAppointmentsView *self)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) record = NULL;
  GtkWidget *row;

  json_object_set_string_member (fields, "case_id", dossier_case_session_get_case_id (self->session));
  json_object_set_string_member (fields, "kind", "biometrics");
  json_object_set_string_member (fields, "status", "scheduled");
  json_object_set_int_member (fields, "reminder_minutes", DEFAULT_REMINDER_MINUTES);
  dossier_case_session_stage (self->session, "appointment", id, fields);
  dossier_case_session_flush (self->session);

  record = json_object_ref (fields);
  json_object_set_string_member (record, "id", id);
  row = add_row (self, record);
  update_state (self);
  dossier_appointment_row_focus_date (DOSSIER_APPOINTMENT_ROW (row));
}

static void
appointments_listed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  DossierAppointmentsView *self = user_data;
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GError) error = NULL;

  appointments = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (appointments == NULL)
    {
      gtk_label_set_text (self->hint_label, error->message);
      gtk_widget_show (GTK_WIDGET (self->hint_label));
      return;
    }
  for (guint i = 0; i < appointments->len; i++)
    add_row (self, appointments->pdata[i]);
  update_state (self);
}

static void
load_appointments (DossierAppointmentsView *self)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->list_box));

  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  self->next_number = 0;
  update_state (self);
  if (self->session == NULL || !dossier_case_session_is_created (self->session))
    return;
  dossier_replica_list_async (dossier_case_session_get_replica (self->session), "appointment",
                              "case_id", dossier_case_session_get_case_id (self->session),
                              "starts_at", 0, self->cancellable, appointments_listed_cb, self);
}

static void
dossier_appointments_view_dispose (GObject *object)
{
  DossierAppointmentsView *self = DOSSIER_APPOINTMENTS_VIEW (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dossier_appointments_view_parent_class)->dispose (object);
}

static void
dossier_appointments_view_class_init (DossierAppointmentsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_appointments_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-appointments-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentsView, add_button);
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentsView, hint_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAppointmentsView, list_box);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
dossier_appointments_view_init (DossierAppointmentsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

GtkWidget *
dossier_appointments_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_APPOINTMENTS_VIEW, NULL);
}

/**
 * dossier_appointments_view_set_session:
 * @session: (nullable): the case being edited
 */
void
dossier_appointments_view_set_session (DossierAppointmentsView *self,
                                       DossierCaseSession      *session)
{
  g_return_if_fail (DOSSIER_IS_APPOINTMENTS_VIEW (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->session, session);
  load_appointments (self);

  if (session == NULL)
    return;
  g_signal_connect_swapped (session, "loaded", G_CALLBACK (load_appointments), self);
  g_signal_connect_swapped (session, "created", G_CALLBACK (update_state), self);
}
