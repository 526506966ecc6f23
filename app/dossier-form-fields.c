/* dossier-form-fields.c: reading, validating, showing errors and staging.
 *
 * The validators are dossier-checks.h's: a form shows the same message the
 * rules give.  The error label is placed under its control in a new grid row
 * (GtkGrid gives an empty row no spacing) so the field's name stays level
 * with the control, or wrapped with it in a box when the control sits in one.
 */

#include <glib/gi18n.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dossier-checks.h"
#include "dossier-country-combo.h"
#include "dossier-form-fields.h"

/* The most a fee or a count may be: beyond it, a typing mistake is likelier. */
#define MAX_COUNT 99999
#define MAX_AMOUNT 1e9

/* Errors of the inputs dossier-checks.h has no validator for. */
#define FORM_ERROR (form_error_quark ())
static G_DEFINE_QUARK (dossier-form-error-quark, form_error)
#define FORM_ERROR_INVALID 0

typedef struct
{
  DossierFormFields       *form;
  char                    *field;
  GtkWidget               *widget;
  GtkWidget               *entry;        /* the entry to mark, if any */
  GtkWidget               *error_label;
  DossierFieldInput        input;
  DossierFormFieldsHandler handler;
  gpointer                 handler_data;
  char                    *required_message;
} Binding;

struct _DossierFormFields
{
  char               *kind;
  char               *id;
  DossierCaseSession *session;
  GPtrArray          *bindings;
  gboolean            loading;
};

static GObject *
signal_source (Binding *binding)
{
  if (GTK_IS_TEXT_VIEW (binding->widget))
    return G_OBJECT (gtk_text_view_get_buffer (GTK_TEXT_VIEW (binding->widget)));
  return G_OBJECT (binding->widget);
}

static void
binding_free (Binding *binding)
{
  g_signal_handlers_disconnect_by_data (signal_source (binding), binding);
  g_signal_handlers_disconnect_by_data (binding->widget, binding);
  if (binding->entry != NULL)
    g_signal_handlers_disconnect_by_data (binding->entry, binding);
  g_object_unref (binding->widget);
  g_free (binding->field);
  g_free (binding->required_message);
  g_free (binding);
}

static Binding *
find_binding (DossierFormFields *self,
              const char        *field)
{
  for (guint i = 0; i < self->bindings->len; i++)
    {
      Binding *binding = self->bindings->pdata[i];
      if (g_strcmp0 (binding->field, field) == 0)
        return binding;
    }
  g_critical ("The form has no field “%s”", field);
  return NULL;
}

/* ---- Reading ------------------------------------------------------------- */

static char *
dup_text (Binding *binding)
{
  g_autofree char *text = NULL;

  if (GTK_IS_TEXT_VIEW (binding->widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (binding->widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  else if (binding->entry != NULL)
    text = g_strdup (gtk_entry_get_text (GTK_ENTRY (binding->entry)));
  else
    text = g_strdup ("");
  return g_strstrip (g_steal_pointer (&text));
}

static JsonNode *
parse_count (const char  *text,
             GError     **error)
{
  gint64 value = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      {
        g_set_error (error, FORM_ERROR, FORM_ERROR_INVALID,
                     _("“%s” is not a whole number"), text);
        return NULL;
      }
  if (strlen (text) > 5 || (value = g_ascii_strtoll (text, NULL, 10)) > MAX_COUNT)
    {
      g_set_error (error, FORM_ERROR, FORM_ERROR_INVALID, _("%s is too large"), text);
      return NULL;
    }
  return json_node_init_int (json_node_alloc (), value);
}

/* Amounts as people type them: "1250", "1250.5" or "1250,50"; no thousands separators. */
static JsonNode *
parse_amount (const char  *text,
              GError     **error)
{
  g_autofree char *copy = g_strdelimit (g_strdup (text), ",", '.');
  const char *dot = strchr (copy, '.');
  char *end = NULL;
  double value;

  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !g_ascii_isdigit (copy[0]) || value < 0
      || (dot != NULL && strlen (dot + 1) > 2) || (dot != NULL && strchr (dot + 1, '.') != NULL))
    {
      g_set_error (error, FORM_ERROR, FORM_ERROR_INVALID,
                   _("“%s” is not an amount; write it like 1250.00"), text);
      return NULL;
    }
  if (value > MAX_AMOUNT)
    {
      g_set_error (error, FORM_ERROR, FORM_ERROR_INVALID, _("%s is too large"), text);
      return NULL;
    }
  return json_node_init_double (json_node_alloc (), value);
}

static gboolean
validate_currency (const char  *text,
                   GError     **error)
{
  gboolean ok = strlen (text) == 3;

  for (guint i = 0; ok && i < 3; i++)
    ok = g_ascii_isupper (text[i]);
  if (!ok)
    g_set_error (error, FORM_ERROR, FORM_ERROR_INVALID,
                 _("“%s” is not a currency code; use three letters such as CNY, EUR or USD"),
                 text);
  return ok;
}

static JsonNode *
string_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

static JsonNode *
parse_choice (Binding  *binding,
              GError  **error)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (binding->widget));

  if (id == NULL || *id == '\0')
    {
      if (binding->required_message != NULL)
        {
          g_set_error_literal (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_EMPTY,
                               binding->required_message);
          return NULL;
        }
      return json_node_init_null (json_node_alloc ());
    }
  if (binding->input == DOSSIER_FIELD_INPUT_BOOLEAN)
    return json_node_init_boolean (json_node_alloc (), g_strcmp0 (id, "yes") == 0);
  if (binding->input == DOSSIER_FIELD_INPUT_CHOICE_NUMBER)
    return json_node_init_int (json_node_alloc (), g_ascii_strtoll (id, NULL, 10));
  return string_node (id);
}

static JsonNode *
parse_country (Binding  *binding,
               GError  **error)
{
  GError *local_error = NULL;
  g_autofree char *code = dossier_country_combo_dup_code (GTK_COMBO_BOX (binding->widget),
                                                          &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (code == NULL && binding->required_message != NULL)
    {
      g_set_error_literal (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_EMPTY,
                           binding->required_message);
      return NULL;
    }
  return code != NULL ? string_node (code) : json_node_init_null (json_node_alloc ());
}

static JsonNode *
parse_text (Binding     *binding,
            const char  *text,
            GError     **error)
{
  g_autofree char *passport = NULL;

  switch (binding->input)
    {
    case DOSSIER_FIELD_INPUT_DATE:
      return dossier_validate_date (text, NULL, error) ? string_node (text) : NULL;
    case DOSSIER_FIELD_INPUT_COUNT:
      return parse_count (text, error);
    case DOSSIER_FIELD_INPUT_AMOUNT:
      return parse_amount (text, error);
    case DOSSIER_FIELD_INPUT_EMAIL:
      return dossier_validate_email (text, error) ? string_node (text) : NULL;
    case DOSSIER_FIELD_INPUT_PHONE:
      return dossier_validate_phone (text, error) ? string_node (text) : NULL;
    case DOSSIER_FIELD_INPUT_PASSPORT_NUMBER:
      passport = dossier_normalize_passport_number (text);
      return dossier_validate_passport_number (passport, error) ? string_node (passport) : NULL;
    case DOSSIER_FIELD_INPUT_CURRENCY:
      return validate_currency (text, error) ? string_node (text) : NULL;
    case DOSSIER_FIELD_INPUT_TEXT:
    case DOSSIER_FIELD_INPUT_COUNTRY2:
    case DOSSIER_FIELD_INPUT_COUNTRY3:
    case DOSSIER_FIELD_INPUT_CHOICE:
    case DOSSIER_FIELD_INPUT_BOOLEAN:
    case DOSSIER_FIELD_INPUT_CHOICE_NUMBER:
    default:
      return string_node (text);
    }
}

/* The value of a control, or NULL with @error saying what is wrong. */
static JsonNode *
parse_binding (Binding  *binding,
               GError  **error)
{
  g_autofree char *text = NULL;

  if (GTK_IS_COMBO_BOX (binding->widget) && binding->entry == NULL)
    return parse_choice (binding, error);
  if (binding->input == DOSSIER_FIELD_INPUT_COUNTRY2
      || binding->input == DOSSIER_FIELD_INPUT_COUNTRY3)
    return parse_country (binding, error);

  text = dup_text (binding);
  if (*text != '\0')
    return parse_text (binding, text, error);
  if (binding->required_message != NULL)
    {
      g_set_error_literal (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_EMPTY,
                           binding->required_message);
      return NULL;
    }
  return json_node_init_null (json_node_alloc ());
}

/* ---- Errors -------------------------------------------------------------- */

static void
show_binding_error (Binding    *binding,
                    const char *message)
{
  GtkWidget *styled = binding->entry != NULL ? binding->entry : binding->widget;
  GtkStyleContext *context = gtk_widget_get_style_context (styled);

  gtk_widget_set_visible (binding->error_label, message != NULL);
  gtk_label_set_text (GTK_LABEL (binding->error_label), message != NULL ? message : "");
  if (message != NULL)
    gtk_style_context_add_class (context, GTK_STYLE_CLASS_ERROR);
  else
    gtk_style_context_remove_class (context, GTK_STYLE_CLASS_ERROR);

  if (binding->entry == NULL)
    return;
  gtk_entry_set_icon_from_icon_name (GTK_ENTRY (binding->entry), GTK_ENTRY_ICON_SECONDARY,
                                     message != NULL ? "dialog-warning-symbolic" : NULL);
  gtk_entry_set_icon_tooltip_text (GTK_ENTRY (binding->entry), GTK_ENTRY_ICON_SECONDARY,
                                   message);
}

/* The widget that occupies the control's place in its grid or box. */
static GtkWidget *
find_cell (GtkWidget *widget)
{
  GtkWidget *cell = widget;
  GtkWidget *parent;

  while ((parent = gtk_widget_get_parent (cell)) != NULL
         && !GTK_IS_GRID (parent) && !GTK_IS_BOX (parent))
    cell = parent;
  return parent != NULL ? cell : NULL;
}

static void
place_under_in_grid (GtkGrid   *grid,
                     GtkWidget *cell,
                     GtkWidget *label)
{
  int left, top, width, height;

  gtk_container_child_get (GTK_CONTAINER (grid), cell, "left-attach", &left,
                           "top-attach", &top, "width", &width, "height", &height, NULL);
  gtk_grid_insert_row (grid, top + height);
  gtk_grid_attach (grid, label, left, top + height, width, 1);
}

static void
place_under_in_box (GtkBox    *box,
                    GtkWidget *cell,
                    GtkWidget *label)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gboolean expand, fill;
  guint padding;
  GtkPackType pack_type;
  int position;

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (box)) == GTK_ORIENTATION_VERTICAL)
    {
      gtk_container_child_get (GTK_CONTAINER (box), cell, "position", &position, NULL);
      gtk_box_pack_start (box, label, FALSE, TRUE, 0);
      gtk_box_reorder_child (box, label, position + 1);
      return;
    }

  /* In a row of controls, the message goes under its own control. */
  gtk_container_child_get (GTK_CONTAINER (box), cell, "expand", &expand, "fill", &fill,
                           "padding", &padding, "pack-type", &pack_type, "position", &position,
                           NULL);
  /* Narrow cells: the message wraps to the control's width instead of widening it. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  g_object_ref (cell);
  gtk_container_remove (GTK_CONTAINER (box), cell);
  gtk_box_pack_start (GTK_BOX (column), cell, FALSE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (column), label, FALSE, TRUE, 0);
  gtk_box_pack_start (box, column, expand, fill, padding);
  gtk_container_child_set (GTK_CONTAINER (box), column, "pack-type", pack_type, NULL);
  gtk_box_reorder_child (box, column, position);
  gtk_widget_show (column);
  g_object_unref (cell);
}

static void
create_error_label (Binding *binding)
{
  AtkObject *accessible = gtk_widget_get_accessible (binding->widget);
  const char *name = atk_object_get_name (accessible);
  g_autofree char *label_name = NULL;
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *cell = find_cell (binding->widget);
  GtkWidget *parent = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_style_context_add_class (gtk_widget_get_style_context (label), "field-error");
  gtk_widget_set_no_show_all (label, TRUE);
  binding->error_label = label;

  /* Translators: the accessible name of the message under a field, as in "Birth date error" */
  label_name = g_strdup_printf (_("%s error"), name != NULL ? name : binding->field);
  atk_object_set_name (gtk_widget_get_accessible (label), label_name);
  atk_object_add_relationship (accessible, ATK_RELATION_DESCRIBED_BY,
                               gtk_widget_get_accessible (label));

  if (GTK_IS_GRID (parent))
    place_under_in_grid (GTK_GRID (parent), cell, label);
  else if (GTK_IS_BOX (parent))
    place_under_in_box (GTK_BOX (parent), cell, label);
  else
    g_critical ("The field “%s” is in neither a grid nor a box", binding->field);
}

/* ---- Signals ------------------------------------------------------------- */

static void
control_changed_cb (gpointer  source,
                    Binding  *binding)
{
  DossierFormFields *self = binding->form;
  const char *const fields[] = { binding->field, NULL };

  if (self->loading || self->session == NULL)
    return;
  if (binding->handler != NULL)
    binding->handler (self, binding->field, binding->handler_data);
  else
    dossier_form_fields_stage (self, fields, NULL);

  /* A choice is complete as soon as it is made. */
  if (GTK_IS_COMBO_BOX (binding->widget) && binding->entry == NULL)
    dossier_case_session_flush (self->session);
}

/* A country typed as "germany" is shown as the list names it once chosen. */
static void
tidy_country (Binding *binding)
{
  g_autofree char *code = dossier_country_combo_dup_code (GTK_COMBO_BOX (binding->widget), NULL);
  gboolean was_loading = binding->form->loading;

  if (code == NULL || gtk_combo_box_get_active (GTK_COMBO_BOX (binding->widget)) >= 0)
    return;
  binding->form->loading = TRUE;
  dossier_country_combo_set_code (GTK_COMBO_BOX (binding->widget), code);
  binding->form->loading = was_loading;
}

static gboolean
focus_out_cb (GtkWidget *widget,
              GdkEvent  *event,
              Binding   *binding)
{
  if (binding->input == DOSSIER_FIELD_INPUT_COUNTRY2 || binding->input == DOSSIER_FIELD_INPUT_COUNTRY3)
    tidy_country (binding);
  if (binding->form->session != NULL)
    dossier_case_session_flush (binding->form->session);
  return GDK_EVENT_PROPAGATE;
}

static void
activate_cb (GtkEntry *entry,
             Binding  *binding)
{
  if (binding->form->session != NULL)
    dossier_case_session_flush (binding->form->session);
}

/* Passport numbers and currency codes are capitals: make them so as typed. */
static void
insert_upper_cb (GtkEditable *editable,
                 const char  *text,
                 int          length,
                 int         *position,
                 Binding     *binding)
{
  g_autofree char *upper = g_utf8_strup (text, length);

  if (strcmp (upper, text) == 0 && (length < 0 || (gsize) length == strlen (text)))
    return;
  g_signal_handlers_block_by_func (editable, insert_upper_cb, binding);
  gtk_editable_insert_text (editable, upper, -1, position);
  g_signal_handlers_unblock_by_func (editable, insert_upper_cb, binding);
  g_signal_stop_emission_by_name (editable, "insert-text");
}

static void
connect_binding (Binding *binding)
{
  g_signal_connect (signal_source (binding), "changed", G_CALLBACK (control_changed_cb), binding);

  if (GTK_IS_TEXT_VIEW (binding->widget))
    g_signal_connect (binding->widget, "focus-out-event", G_CALLBACK (focus_out_cb), binding);
  if (binding->entry == NULL)
    return;
  g_signal_connect (binding->entry, "focus-out-event", G_CALLBACK (focus_out_cb), binding);
  g_signal_connect (binding->entry, "activate", G_CALLBACK (activate_cb), binding);
  if (binding->input == DOSSIER_FIELD_INPUT_PASSPORT_NUMBER
      || binding->input == DOSSIER_FIELD_INPUT_CURRENCY)
    g_signal_connect (binding->entry, "insert-text", G_CALLBACK (insert_upper_cb), binding);
}

/* A long choice ("Does not meet the specification") must not set the
 * width of a form that lives in a narrow pane. */
static void
ellipsize_choices (GtkComboBox *combo)
{
  g_autoptr(GList) cells = gtk_cell_layout_get_cells (GTK_CELL_LAYOUT (combo));

  for (GList *l = cells; l != NULL; l = l->next)
    if (GTK_IS_CELL_RENDERER_TEXT (l->data))
      g_object_set (l->data, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
}

/* ---- Public -------------------------------------------------------------- */

/**
 * dossier_form_fields_new:
 * @kind: the record kind the fields belong to ("applicant", "case", "fee", ...)
 *
 * Returns: (transfer full): a form with no fields
 */
DossierFormFields *
dossier_form_fields_new (const char *kind)
{
  DossierFormFields *self = g_new0 (DossierFormFields, 1);

  self->kind = g_strdup (kind);
  self->bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) binding_free);
  return self;
}

void
dossier_form_fields_free (DossierFormFields *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->bindings);
  g_clear_object (&self->session);
  g_free (self->kind);
  g_free (self->id);
  g_free (self);
}

/**
 * dossier_form_fields_set_session:
 * @session: (nullable): where valid values are staged
 * @id: (nullable): the record's id; %NULL for the session's case or applicant
 */
void
dossier_form_fields_set_session (DossierFormFields  *self,
                                 DossierCaseSession *session,
                                 const char         *id)
{
  g_set_object (&self->session, session);
  g_free (self->id);
  self->id = g_strdup (id);
}

/**
 * dossier_form_fields_get_session:
 *
 * Returns: (transfer none) (nullable): the session
 */
DossierCaseSession *
dossier_form_fields_get_session (DossierFormFields *self)
{
  return self->session;
}

/**
 * dossier_form_fields_add:
 * @field: the record's field
 * @widget: the control, with its accessible name already set
 * @input: what the control holds
 *
 * Binds @widget to @field and puts an error label under it.
 */
void
dossier_form_fields_add (DossierFormFields *self,
                         const char        *field,
                         GtkWidget         *widget,
                         DossierFieldInput  input)
{
  Binding *binding = g_new0 (Binding, 1);

  binding->form = self;
  binding->field = g_strdup (field);
  binding->widget = g_object_ref (widget);
  binding->input = input;
  if (GTK_IS_ENTRY (widget))
    binding->entry = widget;
  else if (GTK_IS_COMBO_BOX (widget) && gtk_combo_box_get_has_entry (GTK_COMBO_BOX (widget)))
    binding->entry = gtk_bin_get_child (GTK_BIN (widget));

  if (input == DOSSIER_FIELD_INPUT_COUNTRY2 || input == DOSSIER_FIELD_INPUT_COUNTRY3)
    dossier_country_combo_setup (GTK_COMBO_BOX (widget), input == DOSSIER_FIELD_INPUT_COUNTRY3);
  else if (GTK_IS_COMBO_BOX (widget) && binding->entry == NULL)
    ellipsize_choices (GTK_COMBO_BOX (widget));
  create_error_label (binding);
  connect_binding (binding);
  g_ptr_array_add (self->bindings, binding);
}

/**
 * dossier_form_fields_set_handler:
 * @handler: called when the user changes @field, instead of staging it alone
 */
void
dossier_form_fields_set_handler (DossierFormFields        *self,
                                 const char               *field,
                                 DossierFormFieldsHandler  handler,
                                 gpointer                  user_data)
{
  Binding *binding = find_binding (self, field);

  binding->handler = handler;
  binding->handler_data = user_data;
}

/**
 * dossier_form_fields_set_required:
 * @message: what to show when @field is left empty
 */
void
dossier_form_fields_set_required (DossierFormFields *self,
                                  const char        *field,
                                  const char        *message)
{
  Binding *binding = find_binding (self, field);

  g_free (binding->required_message);
  binding->required_message = g_strdup (message);
}

/**
 * dossier_form_fields_get_widget:
 *
 * Returns: (transfer none): the control bound to @field
 */
GtkWidget *
dossier_form_fields_get_widget (DossierFormFields *self,
                                const char        *field)
{
  return find_binding (self, field)->widget;
}

static char *
format_value (Binding  *binding,
              JsonNode *value)
{
  GType type;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return NULL;
  type = json_node_get_value_type (value);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
  if (type == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.2f", json_node_get_double (value));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? "yes" : "no");
  return NULL;
}

static void
set_binding_value (Binding  *binding,
                   JsonNode *value)
{
  g_autofree char *text = format_value (binding, value);

  switch (binding->input)
    {
    case DOSSIER_FIELD_INPUT_COUNTRY2:
    case DOSSIER_FIELD_INPUT_COUNTRY3:
      dossier_country_combo_set_code (GTK_COMBO_BOX (binding->widget), text);
      break;
    case DOSSIER_FIELD_INPUT_CHOICE:
    case DOSSIER_FIELD_INPUT_BOOLEAN:
    case DOSSIER_FIELD_INPUT_CHOICE_NUMBER:
      if (text == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (binding->widget), text))
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (binding->widget), "");
      break;
    default:
      if (GTK_IS_TEXT_VIEW (binding->widget))
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (binding->widget)),
                                  text != NULL ? text : "", -1);
      else
        gtk_entry_set_text (GTK_ENTRY (binding->entry), text != NULL ? text : "");
      break;
    }
  show_binding_error (binding, NULL);
}

/**
 * dossier_form_fields_set_updating:
 * @updating: %TRUE while the program, not the user, changes controls (refilling
 *   a list of choices, say), so that nothing is staged meanwhile
 */
void
dossier_form_fields_set_updating (DossierFormFields *self,
                                  gboolean           updating)
{
  self->loading = updating;
}

/**
 * dossier_form_fields_load:
 * @record: the record's fields
 *
 * Shows @record in the controls without staging anything.
 */
void
dossier_form_fields_load (DossierFormFields *self,
                          JsonObject        *record)
{
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  for (guint i = 0; i < self->bindings->len; i++)
    {
      Binding *binding = self->bindings->pdata[i];
      set_binding_value (binding, record != NULL ? json_object_get_member (record, binding->field)
                                                 : NULL);
    }
  self->loading = was_loading;
}

/**
 * dossier_form_fields_set_value:
 * @value: (nullable): the value to show; %NULL clears the control
 *
 * Shows @value in @field's control without staging it.
 */
void
dossier_form_fields_set_value (DossierFormFields *self,
                               const char        *field,
                               JsonNode          *value)
{
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  set_binding_value (find_binding (self, field), value);
  self->loading = was_loading;
}

/**
 * dossier_form_fields_read:
 * @out_value: (out) (transfer full): the value; a null node when the field is empty
 *
 * Reads and validates @field, showing or clearing its error.
 *
 * Returns: %TRUE if the value is valid
 */
gboolean
dossier_form_fields_read (DossierFormFields  *self,
                          const char         *field,
                          JsonNode          **out_value)
{
  Binding *binding = find_binding (self, field);
  g_autoptr(GError) error = NULL;
  JsonNode *value = parse_binding (binding, &error);

  show_binding_error (binding, value == NULL ? error->message : NULL);
  *out_value = value;
  return value != NULL;
}

/**
 * dossier_form_fields_show_error:
 * @message: (nullable): what is wrong with @field, %NULL to clear
 */
void
dossier_form_fields_show_error (DossierFormFields *self,
                                const char        *field,
                                const char        *message)
{
  show_binding_error (find_binding (self, field), message);
}

/**
 * dossier_form_fields_stage:
 * @fields: (array zero-terminated=1): fields written together
 * @extra: (nullable): more values to write with them
 *
 * Reads every field in @fields; if all are valid, stages them with @extra in
 * one group, else drops whatever was staged for them.
 *
 * Returns: %TRUE if the group was staged
 */
gboolean
dossier_form_fields_stage (DossierFormFields  *self,
                           const char * const *fields,
                           JsonObject         *extra)
{
  g_autoptr(JsonObject) values = json_object_new ();
  gboolean valid = TRUE;

  g_return_val_if_fail (self->session != NULL, FALSE);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      JsonNode *value = NULL;

      if (dossier_form_fields_read (self, fields[i], &value))
        json_object_set_member (values, fields[i], value);
      else
        valid = FALSE;
    }
  if (!valid)
    {
      dossier_form_fields_unstage (self, fields);
      return FALSE;
    }

  if (extra != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (extra);
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (values, l->data,
                                json_node_copy (json_object_get_member (extra, l->data)));
    }
  dossier_case_session_stage (self->session, self->kind, self->id, values);
  return TRUE;
}

/**
 * dossier_form_fields_unstage:
 * @fields: (array zero-terminated=1): fields whose staged values must not be written
 */
void
dossier_form_fields_unstage (DossierFormFields  *self,
                             const char * const *fields)
{
  if (self->session != NULL)
    dossier_case_session_unstage (self->session, self->kind, self->id, fields);
}

/**
 * dossier_accessible_add_prefix:
 * @widget: a control whose template gave it an accessible name
 * @prefix: what tells this control from its siblings in other rows ("Shipment 2")
 *
 * Names the control "@prefix: name", so that controls repeated in every row
 * of a list keep unique names.  Call it before dossier_form_fields_add(),
 * which names the error label after the control.
 */
void
dossier_accessible_add_prefix (GtkWidget  *widget,
                               const char *prefix)
{
  AtkObject *accessible = gtk_widget_get_accessible (widget);
  /* Translators: a control in a row of a list, as in "Shipment 2: Carrier" */
  g_autofree char *name = g_strdup_printf (_("%s: %s"), prefix, atk_object_get_name (accessible));

  atk_object_set_name (accessible, name);
}

/**
 * dossier_form_align_grids:
 * @first: a form grid
 * @...: more grids, then %NULL
 *
 * Gives the columns of several grids the same widths, so that a form split
 * into parts (a stack page under the common fields) lines up as one.  Cells
 * spanning columns and error messages are left out.
 */
void
dossier_form_align_grids (GtkGrid *first,
                          ...)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (GtkGrid *grid = first; grid != NULL; grid = va_arg (args, GtkGrid *))
    {
      g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (grid));

      for (GList *l = children; l != NULL; l = l->next)
        {
          int left, width;

          gtk_container_child_get (GTK_CONTAINER (grid), l->data, "left-attach", &left,
                                   "width", &width, NULL);
          if (width != 1 || gtk_style_context_has_class (gtk_widget_get_style_context (l->data),
                                                         "field-error"))
            continue;
          while (groups->len <= (guint) left)
            g_ptr_array_add (groups, gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL));
          /* Each widget keeps its groups alive. */
          gtk_size_group_add_widget (groups->pdata[left], l->data);
        }
    }
  va_end (args);
}
