/* dossier-travel-form.c: the Travel tab of the case editor.
 *
 * The two travel dates are one group: a trip that ends before it starts is
 * shown as an error and neither date is written until both agree.  Offices
 * are read from the replica, so the office list follows what sync brings.
 */

#include <glib/gi18n.h>

#include "dossier-checks.h"
#include "dossier-form-fields.h"
#include "dossier-travel-form.h"

struct _DossierTravelForm
{
  GtkBox              parent_instance;

  GtkComboBox        *destination_combo;
  GtkComboBox        *visa_type_combo;
  GtkEntry           *purpose_entry;
  GtkEntry           *travel_from_entry;
  GtkEntry           *travel_to_entry;
  GtkComboBox        *entries_combo;
  GtkEntry           *days_entry;
  GtkEntry           *consulate_entry;
  GtkComboBox        *urgency_combo;
  GtkComboBoxText    *office_combo;
  GtkEntry           *assignee_entry;
  GtkTextView        *notes_view;

  DossierFormFields  *fields;
  DossierCaseSession *session;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (DossierTravelForm, dossier_travel_form, GTK_TYPE_BOX)

static const char *const travel_fields[] = { "travel_from", "travel_to", NULL };

static void
travel_dates_changed_cb (DossierFormFields *fields,
                         const char        *field,
                         gpointer           user_data)
{
  g_autoptr(JsonNode) from = NULL;
  g_autoptr(JsonNode) to = NULL;
  g_autoptr(GError) error = NULL;
  gboolean from_ok = dossier_form_fields_read (fields, "travel_from", &from);
  gboolean to_ok = dossier_form_fields_read (fields, "travel_to", &to);

  if (!from_ok || !to_ok)
    {
      dossier_form_fields_unstage (fields, travel_fields);
      return;
    }
  if (!dossier_validate_travel_dates (json_node_get_string (from), json_node_get_string (to),
                                      &error))
    {
      dossier_form_fields_show_error (fields, "travel_to", error->message);
      dossier_form_fields_unstage (fields, travel_fields);
      return;
    }
  dossier_form_fields_stage (fields, travel_fields, NULL);
}

static void
bind_fields (DossierTravelForm *self)
{
  DossierFormFields *f = self->fields;

  dossier_form_fields_add (f, "destination", GTK_WIDGET (self->destination_combo), DOSSIER_FIELD_INPUT_COUNTRY2);
  dossier_form_fields_add (f, "visa_type", GTK_WIDGET (self->visa_type_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "purpose", GTK_WIDGET (self->purpose_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "travel_from", GTK_WIDGET (self->travel_from_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "travel_to", GTK_WIDGET (self->travel_to_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "requested_entries", GTK_WIDGET (self->entries_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "requested_days", GTK_WIDGET (self->days_entry), DOSSIER_FIELD_INPUT_COUNT);
  dossier_form_fields_add (f, "consulate", GTK_WIDGET (self->consulate_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "urgency", GTK_WIDGET (self->urgency_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "office_id", GTK_WIDGET (self->office_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "assignee", GTK_WIDGET (self->assignee_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "notes", GTK_WIDGET (self->notes_view), DOSSIER_FIELD_INPUT_TEXT);

  dossier_form_fields_set_required (f, "destination", _("Choose the destination country"));
  dossier_form_fields_set_required (f, "urgency", _("Choose how urgent the case is"));
  dossier_form_fields_set_handler (f, "travel_from", travel_dates_changed_cb, self);
  dossier_form_fields_set_handler (f, "travel_to", travel_dates_changed_cb, self);
}

static void
show_office (DossierTravelForm *self)
{
  JsonObject *record = dossier_case_session_get_case (self->session);

  dossier_form_fields_set_value (self->fields, "office_id",
                                 json_object_get_member (record, "office_id"));
}

static void
offices_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DossierTravelForm *self = user_data;
  g_autoptr(GPtrArray) offices = NULL;
  g_autoptr(GError) error = NULL;

  offices = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (offices == NULL)
    {
      g_warning ("Listing offices: %s", error->message);
      return;
    }

  dossier_form_fields_set_updating (self->fields, TRUE);
  gtk_combo_box_text_remove_all (self->office_combo);
  gtk_combo_box_text_append (self->office_combo, "", _("No office"));
  for (guint i = 0; i < offices->len; i++)
    {
      JsonObject *office = offices->pdata[i];
      const char *name = json_object_get_string_member_with_default (office, "name", NULL);
      const char *city = json_object_get_string_member_with_default (office, "city", NULL);
      g_autofree char *label = NULL;

      /* Translators: an office and its city, as in "Beijing Chaoyang (Beijing)" */
      label = city != NULL ? g_strdup_printf (_("%s (%s)"), name != NULL ? name : "", city)
                           : g_strdup (name != NULL ? name : _("Unnamed office"));
      gtk_combo_box_text_append (self->office_combo,
                                 json_object_get_string_member (office, "id"), label);
    }
  if (self->session != NULL && dossier_case_session_is_loaded (self->session))
    show_office (self);
  else
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->office_combo), "");
  dossier_form_fields_set_updating (self->fields, FALSE);
}

static void
session_loaded_cb (DossierTravelForm *self)
{
  dossier_form_fields_load (self->fields, dossier_case_session_get_case (self->session));
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
}

static void
dossier_travel_form_dispose (GObject *object)
{
  DossierTravelForm *self = DOSSIER_TRAVEL_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->fields, dossier_form_fields_free);

  G_OBJECT_CLASS (dossier_travel_form_parent_class)->dispose (object);
}

static void
dossier_travel_form_class_init (DossierTravelFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_travel_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-travel-form.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, destination_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, visa_type_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, purpose_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, travel_from_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, travel_to_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, entries_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, days_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, consulate_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, urgency_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, office_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, assignee_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierTravelForm, notes_view);
}

static void
dossier_travel_form_init (DossierTravelForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = dossier_form_fields_new ("case");
  bind_fields (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

GtkWidget *
dossier_travel_form_new (void)
{
  return g_object_new (DOSSIER_TYPE_TRAVEL_FORM, NULL);
}

/**
 * dossier_travel_form_set_session:
 * @session: (nullable): the case being edited
 */
void
dossier_travel_form_set_session (DossierTravelForm  *self,
                                 DossierCaseSession *session)
{
  g_return_if_fail (DOSSIER_IS_TRAVEL_FORM (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->session, session);
  dossier_form_fields_set_session (self->fields, session, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  dossier_form_fields_load (self->fields, NULL);

  if (session == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  dossier_replica_list_async (dossier_case_session_get_replica (session), "office", NULL, NULL,
                              "name", 0, self->cancellable, offices_listed_cb, self);
  g_signal_connect_swapped (session, "loaded", G_CALLBACK (session_loaded_cb), self);
  if (dossier_case_session_is_loaded (session))
    session_loaded_cb (self);
}
