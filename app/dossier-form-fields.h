/* dossier-form-fields.h: the controls of a form bound to the fields of a record.
 *
 * Each control is read and validated as the user types; a message appears
 * under it (a label named "<control name> error" for assistive technologies)
 * while the value is wrong, and nothing is staged.  A valid value is staged
 * in the form's DossierCaseSession, which writes it shortly after.  A form
 * that needs fields written together (travel dates, a decision) installs a
 * handler and stages them with dossier_form_fields_stage().
 *
 * Not a widget: the forms own one of these next to their template.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "dossier-case-session.h"

G_BEGIN_DECLS

/**
 * DossierFieldInput:
 * @DOSSIER_FIELD_INPUT_TEXT: a GtkEntry or GtkTextView; trimmed, empty is unset
 * @DOSSIER_FIELD_INPUT_DATE: a GtkEntry holding YYYY-MM-DD
 * @DOSSIER_FIELD_INPUT_COUNT: a GtkEntry holding a whole number, 0 or more
 * @DOSSIER_FIELD_INPUT_AMOUNT: a GtkEntry holding an amount of money, 0 or more
 * @DOSSIER_FIELD_INPUT_EMAIL: a GtkEntry holding an e-mail address
 * @DOSSIER_FIELD_INPUT_PHONE: a GtkEntry holding a phone number
 * @DOSSIER_FIELD_INPUT_PASSPORT_NUMBER: a GtkEntry; letters become capitals as typed
 * @DOSSIER_FIELD_INPUT_CURRENCY: a GtkEntry holding an ISO 4217 code; capitals as typed
 * @DOSSIER_FIELD_INPUT_COUNTRY2: a country combo box (alpha-2)
 * @DOSSIER_FIELD_INPUT_COUNTRY3: a country combo box (alpha-3)
 * @DOSSIER_FIELD_INPUT_CHOICE: a GtkComboBox whose active id is the value ("" is unset)
 * @DOSSIER_FIELD_INPUT_BOOLEAN: a GtkComboBox with the ids "yes", "no" and "" (unset)
 * @DOSSIER_FIELD_INPUT_CHOICE_NUMBER: a GtkComboBox whose active id is a whole number ("" is unset)
 */
typedef enum
{
  DOSSIER_FIELD_INPUT_TEXT,
  DOSSIER_FIELD_INPUT_DATE,
  DOSSIER_FIELD_INPUT_COUNT,
  DOSSIER_FIELD_INPUT_AMOUNT,
  DOSSIER_FIELD_INPUT_EMAIL,
  DOSSIER_FIELD_INPUT_PHONE,
  DOSSIER_FIELD_INPUT_PASSPORT_NUMBER,
  DOSSIER_FIELD_INPUT_CURRENCY,
  DOSSIER_FIELD_INPUT_COUNTRY2,
  DOSSIER_FIELD_INPUT_COUNTRY3,
  DOSSIER_FIELD_INPUT_CHOICE,
  DOSSIER_FIELD_INPUT_BOOLEAN,
  DOSSIER_FIELD_INPUT_CHOICE_NUMBER,
} DossierFieldInput;

typedef struct _DossierFormFields DossierFormFields;

/* Called instead of staging when the user changes a field with a handler. */
typedef void (*DossierFormFieldsHandler) (DossierFormFields *fields,
                                          const char        *field,
                                          gpointer           user_data);

DossierFormFields *dossier_form_fields_new         (const char          *kind);
void               dossier_form_fields_free        (DossierFormFields   *self);
void               dossier_form_fields_set_session (DossierFormFields   *self,
                                                    DossierCaseSession  *session,
                                                    const char          *id);
DossierCaseSession *dossier_form_fields_get_session (DossierFormFields  *self);
void               dossier_form_fields_add         (DossierFormFields   *self,
                                                    const char          *field,
                                                    GtkWidget           *widget,
                                                    DossierFieldInput    input);
void               dossier_form_fields_set_handler (DossierFormFields   *self,
                                                    const char          *field,
                                                    DossierFormFieldsHandler handler,
                                                    gpointer             user_data);
void               dossier_form_fields_set_required (DossierFormFields  *self,
                                                     const char         *field,
                                                     const char         *message);
GtkWidget         *dossier_form_fields_get_widget  (DossierFormFields   *self,
                                                    const char          *field);

void               dossier_form_fields_set_updating (DossierFormFields  *self,
                                                     gboolean            updating);
void               dossier_form_fields_load        (DossierFormFields   *self,
                                                    JsonObject          *record);
void               dossier_form_fields_set_value   (DossierFormFields   *self,
                                                    const char          *field,
                                                    JsonNode            *value);
gboolean           dossier_form_fields_read        (DossierFormFields   *self,
                                                    const char          *field,
                                                    JsonNode           **out_value);
void               dossier_form_fields_show_error  (DossierFormFields   *self,
                                                    const char          *field,
                                                    const char          *message);
gboolean           dossier_form_fields_stage       (DossierFormFields   *self,
                                                    const char * const  *fields,
                                                    JsonObject          *extra);
void               dossier_form_fields_unstage     (DossierFormFields   *self,
                                                    const char * const  *fields);

void               dossier_form_align_grids        (GtkGrid             *first,
                                                    ...) G_GNUC_NULL_TERMINATED;
void               dossier_accessible_add_prefix   (GtkWidget           *widget,
                                                    const char          *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierFormFields, dossier_form_fields_free)

G_END_DECLS
