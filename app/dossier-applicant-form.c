/* dossier-applicant-form.c: the Applicant tab of the case editor.
 *
 * The passport lines are parsed as they are typed or pasted; the moment they
 * parse with every check digit right, the fields they carry are filled and
 * staged as one group, so the applicant never holds half of a passport.
 */

#include <glib/gi18n.h>

#include "dossier-applicant-form.h"
#include "dossier-countries.h"
#include "dossier-date.h"
#include "dossier-form-fields.h"
#include "dossier-mrz.h"

struct _DossierApplicantForm
{
  GtkBox              parent_instance;

  GtkTextView        *mrz_view;
  GtkButton          *mrz_fill_button;
  GtkLabel           *mrz_message_label;
  GtkEntry           *family_name_entry;
  GtkEntry           *given_names_entry;
  GtkEntry           *native_name_entry;
  GtkComboBox        *sex_combo;
  GtkEntry           *birth_date_entry;
  GtkEntry           *birth_place_entry;
  GtkComboBox        *nationality_combo;
  GtkComboBox        *tier_combo;
  GtkEntry           *passport_number_entry;
  GtkComboBox        *issuing_state_combo;
  GtkEntry           *issue_date_entry;
  GtkEntry           *expiry_date_entry;
  GtkEntry           *blank_pages_entry;
  GtkComboBox        *photo_combo;
  GtkEntry           *email_entry;
  GtkEntry           *phone_entry;
  GtkEntry           *employer_entry;
  GtkEntry           *occupation_entry;
  GtkTextView        *address_view;
  GtkTextView        *notes_view;

  DossierFormFields  *fields;
  DossierCaseSession *session;
  DossierMrz         *parsed;    /* the passport lines, while they parse */
};

G_DEFINE_FINAL_TYPE (DossierApplicantForm, dossier_applicant_form, GTK_TYPE_BOX)

/* What the passport lines fill, written together. */
static const char *const mrz_fields[] = {
  "family_name", "given_names", "sex", "birth_date", "nationality", "passport_number",
  "passport_issuing_state", "passport_expiry_date", NULL
};

/* The applicant needs one of these to be found again. */
static const char *const identity_fields[] = { "family_name", "passport_number", NULL };

static void
set_text_value (DossierApplicantForm *self,
                const char           *field,
                const char           *text)
{
  g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), text);

  dossier_form_fields_set_value (self->fields, field, value);
}

static void
set_date_value (DossierApplicantForm *self,
                const char           *field,
                const GDate          *date)
{
  g_autofree char *text = dossier_date_format_iso (date);

  set_text_value (self, field, text);
}

/* The stored form of a passport's country code: "D" is kept as DEU. */
static const char *
mrz_country_code (const char *code)
{
  const DossierCountry *country = dossier_country_lookup_mrz_code (code);

  return country != NULL ? country->alpha3 : code;
}

static void
fill_from_mrz (DossierApplicantForm *self)
{
  const DossierMrz *mrz = self->parsed;
  char sex[2] = { mrz->sex, '\0' };

  set_text_value (self, "family_name", mrz->family_name);
  set_text_value (self, "given_names", mrz->given_names);
  set_text_value (self, "sex", sex);
  set_date_value (self, "birth_date", &mrz->birth_date);
  set_text_value (self, "nationality", mrz_country_code (mrz->nationality));
  set_text_value (self, "passport_number", mrz->passport_number);
  set_text_value (self, "passport_issuing_state", mrz_country_code (mrz->issuing_state));
  set_date_value (self, "passport_expiry_date", &mrz->expiry_date);

  if (self->session == NULL)
    return;
  if (dossier_form_fields_stage (self->fields, mrz_fields, NULL))
    {
      dossier_case_session_flush (self->session);
      gtk_label_set_text (self->mrz_message_label,
                          _("Filled from the passport lines; every check digit is correct."));
    }
}

static void
mrz_fill_clicked_cb (DossierApplicantForm *self)
{
  if (self->parsed != NULL)
    fill_from_mrz (self);
}

static void
set_mrz_message (DossierApplicantForm *self,
                 const char           *message,
                 const char           *style)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self->mrz_message_label));

  gtk_label_set_text (self->mrz_message_label, message);
  gtk_style_context_remove_class (context, "field-error");
  gtk_style_context_remove_class (context, "dim-label");
  gtk_style_context_remove_class (context, "field-success");
  gtk_style_context_add_class (context, style);
}

/* Counting, not parsing: is the text as long as two lines yet? */
static gboolean
looks_complete (const char *text)
{
  guint characters = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      characters++;
  return characters >= 2 * DOSSIER_MRZ_LINE_LENGTH;
}

static void
mrz_changed_cb (DossierApplicantForm *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->mrz_view);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  gboolean was_valid = self->parsed != NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_clear_pointer (&self->parsed, dossier_mrz_free);
  self->parsed = dossier_mrz_parse (text, NULL, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mrz_fill_button), self->parsed != NULL);

  if (self->parsed != NULL)
    {
      set_mrz_message (self, _("Every check digit is correct."), "field-success");
      /* Typing the last character or pasting both lines fills the form. */
      if (!was_valid)
        fill_from_mrz (self);
      return;
    }

  /* While the lines are still being typed, their length is a hint, not an error. */
  if (!looks_complete (text)
      && (g_error_matches (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_EMPTY)
          || g_error_matches (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_LINE_COUNT)
          || g_error_matches (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_LINE_LENGTH)))
    set_mrz_message (self, error->message, "dim-label");
  else
    set_mrz_message (self, error->message, "field-error");
}

static void
identity_changed_cb (DossierFormFields *fields,
                     const char        *field,
                     gpointer           user_data)
{
  DossierApplicantForm *self = user_data;
  g_autoptr(JsonNode) family = NULL;
  g_autoptr(JsonNode) passport = NULL;
  gboolean family_ok = dossier_form_fields_read (fields, "family_name", &family);
  gboolean passport_ok = dossier_form_fields_read (fields, "passport_number", &passport);

  if (family_ok && passport_ok && JSON_NODE_HOLDS_NULL (family) && JSON_NODE_HOLDS_NULL (passport))
    {
      dossier_form_fields_show_error (fields, "family_name",
                                      _("Enter the family name or the passport number"));
      dossier_form_fields_unstage (fields, identity_fields);
      return;
    }
  if (family_ok && passport_ok)
    dossier_form_fields_stage (self->fields, identity_fields, NULL);
  else
    dossier_form_fields_unstage (fields, identity_fields);
}

static void
bind_fields (DossierApplicantForm *self)
{
  DossierFormFields *f = self->fields;

  dossier_form_fields_add (f, "family_name", GTK_WIDGET (self->family_name_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "given_names", GTK_WIDGET (self->given_names_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "native_name", GTK_WIDGET (self->native_name_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "sex", GTK_WIDGET (self->sex_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "birth_date", GTK_WIDGET (self->birth_date_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "birth_place", GTK_WIDGET (self->birth_place_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "nationality", GTK_WIDGET (self->nationality_combo), DOSSIER_FIELD_INPUT_COUNTRY3);
  dossier_form_fields_add (f, "tier", GTK_WIDGET (self->tier_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "passport_number", GTK_WIDGET (self->passport_number_entry),
                           DOSSIER_FIELD_INPUT_PASSPORT_NUMBER);
  dossier_form_fields_add (f, "passport_issuing_state", GTK_WIDGET (self->issuing_state_combo),
                           DOSSIER_FIELD_INPUT_COUNTRY3);
  dossier_form_fields_add (f, "passport_issue_date", GTK_WIDGET (self->issue_date_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "passport_expiry_date", GTK_WIDGET (self->expiry_date_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "passport_blank_pages", GTK_WIDGET (self->blank_pages_entry), DOSSIER_FIELD_INPUT_COUNT);
  dossier_form_fields_add (f, "photo_meets_spec", GTK_WIDGET (self->photo_combo), DOSSIER_FIELD_INPUT_BOOLEAN);
  dossier_form_fields_add (f, "email", GTK_WIDGET (self->email_entry), DOSSIER_FIELD_INPUT_EMAIL);
  dossier_form_fields_add (f, "phone", GTK_WIDGET (self->phone_entry), DOSSIER_FIELD_INPUT_PHONE);
  dossier_form_fields_add (f, "employer", GTK_WIDGET (self->employer_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "occupation", GTK_WIDGET (self->occupation_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "address", GTK_WIDGET (self->address_view), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "notes", GTK_WIDGET (self->notes_view), DOSSIER_FIELD_INPUT_TEXT);

  dossier_form_fields_set_required (f, "tier", _("Choose the client tier"));
  dossier_form_fields_set_handler (f, "family_name", identity_changed_cb, self);
  dossier_form_fields_set_handler (f, "passport_number", identity_changed_cb, self);
}

static void
session_loaded_cb (DossierApplicantForm *self)
{
  dossier_form_fields_load (self->fields, dossier_case_session_get_applicant (self->session));
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
}

static void
dossier_applicant_form_dispose (GObject *object)
{
  DossierApplicantForm *self = DOSSIER_APPLICANT_FORM (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->fields, dossier_form_fields_free);
  g_clear_pointer (&self->parsed, dossier_mrz_free);

  G_OBJECT_CLASS (dossier_applicant_form_parent_class)->dispose (object);
}

static void
dossier_applicant_form_class_init (DossierApplicantFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_applicant_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-applicant-form.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, mrz_view);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, mrz_fill_button);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, mrz_message_label);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, family_name_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, given_names_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, native_name_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, sex_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, birth_date_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, birth_place_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, nationality_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, tier_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, passport_number_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, issuing_state_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, issue_date_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, expiry_date_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, blank_pages_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, photo_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, email_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, employer_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, occupation_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, address_view);
  gtk_widget_class_bind_template_child (widget_class, DossierApplicantForm, notes_view);
  gtk_widget_class_bind_template_callback (widget_class, mrz_fill_clicked_cb);
}

static void
dossier_applicant_form_init (DossierApplicantForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = dossier_form_fields_new ("applicant");
  bind_fields (self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->mrz_view), "changed",
                            G_CALLBACK (mrz_changed_cb), self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

GtkWidget *
dossier_applicant_form_new (void)
{
  return g_object_new (DOSSIER_TYPE_APPLICANT_FORM, NULL);
}

/**
 * dossier_applicant_form_set_session:
 * @session: (nullable): the case being edited
 */
void
dossier_applicant_form_set_session (DossierApplicantForm *self,
                                    DossierCaseSession   *session)
{
  g_return_if_fail (DOSSIER_IS_APPLICANT_FORM (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  dossier_form_fields_set_session (self->fields, session, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->mrz_view), "", -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  dossier_form_fields_load (self->fields, NULL);

  if (session == NULL)
    return;
  g_signal_connect_swapped (session, "loaded", G_CALLBACK (session_loaded_cb), self);
  if (dossier_case_session_is_loaded (session))
    session_loaded_cb (self);
}
