/* dossier-decision-form.c: the Submission & decision tab of the case editor.
 *
 * A decision is one group with the fields that describe it: an approval is
 * written with its visa number and validity, a refusal with its reasons, a
 * withdrawal with its reason, so a case never shows a decision without its
 * substance.  The approved visa is compared with the request as it is typed.
 */

#include <glib/gi18n.h>
#include <stdlib.h>

#include "dossier-checks.h"
#include "dossier-date.h"
#include "dossier-decision-form.h"
#include "dossier-form-fields.h"
#include "dossier-refusal-codes.h"

#define REFUSAL_CODE_KEY "dossier-refusal-code"

struct _DossierDecisionForm
{
  GtkBox              parent_instance;

  GtkGrid            *submission_grid;
  GtkGrid            *approved_grid;
  GtkGrid            *refused_grid;
  GtkGrid            *withdrawn_grid;
  GtkComboBox        *stage_combo;
  GtkEntry           *stage_since_entry;
  GtkComboBox        *authority_status_combo;
  GtkEntry           *authority_reference_entry;
  GtkEntry           *submitted_on_entry;
  GtkComboBox        *decision_combo;
  GtkEntry           *decision_date_entry;
  GtkStack           *decision_stack;
  GtkEntry           *visa_number_entry;
  GtkComboBox        *visa_entries_combo;
  GtkEntry           *visa_valid_from_entry;
  GtkEntry           *visa_valid_to_entry;
  GtkEntry           *visa_days_entry;
  GtkBox             *comparison_box;
  GtkBox             *refusal_codes_box;
  GtkTextView        *refusal_text_view;
  GtkEntry           *withdrawal_reason_entry;

  DossierFormFields  *fields;
  DossierCaseSession *session;
  GPtrArray          *refusal_buttons;
  GPtrArray          *unknown_codes;   /* codes from a newer version, kept as they are */
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (DossierDecisionForm, dossier_decision_form, GTK_TYPE_BOX)

static const char *const approved_fields[] = {
  "decision", "decision_date", "visa_number", "visa_valid_from", "visa_valid_to",
  "visa_entries", "visa_days_of_stay", NULL
};
static const char *const refused_fields[] = {
  "decision", "decision_date", "refusal_text", NULL
};
static const char *const refused_unstage[] = {
  "decision", "decision_date", "refusal_text", "refusal_codes", NULL
};
static const char *const withdrawn_fields[] = {
  "decision", "decision_date", "withdrawal_reason", NULL
};
static const char *const stage_fields[] = { "internal_stage", "stage_since", NULL };

/* ---- Comparison with the request ----------------------------------------- */

static void
add_comparison_row (DossierDecisionForm *self,
                    const char          *message,
                    const char          *style)
{
  GtkWidget *label = gtk_label_new (message);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_style_context_add_class (gtk_widget_get_style_context (label), "flag-chip");
  if (style != NULL)
    gtk_style_context_add_class (gtk_widget_get_style_context (label), style);
  gtk_widget_show (label);
  gtk_container_add (GTK_CONTAINER (self->comparison_box), label);
}

static gint
days_typed (GtkEntry *entry)
{
  const char *text = gtk_entry_get_text (entry);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return 0;
  return atoi (text);
}

static const char *
text_or_null (GtkEntry *entry)
{
  const char *text = gtk_entry_get_text (entry);

  return *text != '\0' ? text : NULL;
}

static void
update_comparison (DossierDecisionForm *self)
{
  DossierDecisionFacts facts = DOSSIER_DECISION_FACTS_INIT;
  g_autoptr(GPtrArray) flags = NULL;
  guint shown = 0;
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->comparison_box));

  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  if (self->session == NULL)
    return;

  facts.travel_from = dossier_case_session_get_string (self->session, "case", "travel_from");
  facts.travel_to = dossier_case_session_get_string (self->session, "case", "travel_to");
  facts.requested_entries = dossier_case_session_get_string (self->session, "case",
                                                             "requested_entries");
  facts.requested_days = (gint) json_object_get_int_member_with_default (
    dossier_case_session_get_case (self->session), "requested_days", 0);
  facts.visa_valid_from = text_or_null (self->visa_valid_from_entry);
  facts.visa_valid_to = text_or_null (self->visa_valid_to_entry);
  facts.visa_entries = gtk_combo_box_get_active_id (self->visa_entries_combo);
  if (facts.visa_entries != NULL && *facts.visa_entries == '\0')
    facts.visa_entries = NULL;
  facts.visa_days_of_stay = days_typed (self->visa_days_entry);

  flags = dossier_decision_check (&facts);
  for (guint i = 0; i < flags->len; i++)
    {
      DossierFlag *flag = flags->pdata[i];
      /* A date that is not a date already has its message under the field. */
      if (g_strcmp0 (flag->code, DOSSIER_FLAG_INVALID_DATE) == 0)
        continue;
      add_comparison_row (self, flag->message, "warning");
      shown++;
    }
  if (shown > 0)
    return;
  if (facts.visa_valid_from == NULL || facts.visa_valid_to == NULL)
    add_comparison_row (self, _("Enter the visa’s validity to compare it with the request."), NULL);
  else if (facts.travel_from == NULL && facts.travel_to == NULL)
    add_comparison_row (self, _("No travel dates were requested; nothing to compare."), NULL);
  else
    add_comparison_row (self, _("The visa covers what was requested."), "success");
}

/* ---- The decision group -------------------------------------------------- */

static gboolean
read_required (DossierDecisionForm *self,
               const char          *field,
               const char          *message)
{
  g_autoptr(JsonNode) value = NULL;

  if (!dossier_form_fields_read (self->fields, field, &value))
    return FALSE;
  if (!JSON_NODE_HOLDS_NULL (value))
    return TRUE;
  dossier_form_fields_show_error (self->fields, field, message);
  return FALSE;
}

static gboolean
approved_is_complete (DossierDecisionForm *self)
{
  gboolean ok = TRUE;

  ok &= read_required (self, "visa_number", _("Enter the visa number"));
  ok &= read_required (self, "visa_valid_from", _("Enter the first day the visa is valid"));
  ok &= read_required (self, "visa_valid_to", _("Enter the last day the visa is valid"));
  if (ok && !dossier_validate_travel_dates (gtk_entry_get_text (self->visa_valid_from_entry),
                                            gtk_entry_get_text (self->visa_valid_to_entry),
                                            NULL))
    {
      dossier_form_fields_show_error (self->fields, "visa_valid_to",
                                      _("The visa cannot end before it starts"));
      ok = FALSE;
    }
  return ok;
}

static JsonArray *
checked_codes (DossierDecisionForm *self)
{
  JsonArray *codes = json_array_new ();

  for (guint i = 0; i < self->refusal_buttons->len; i++)
    {
      GtkToggleButton *button = self->refusal_buttons->pdata[i];
      if (gtk_toggle_button_get_active (button))
        json_array_add_string_element (codes, g_object_get_data (G_OBJECT (button),
                                                                 REFUSAL_CODE_KEY));
    }
  for (guint i = 0; i < self->unknown_codes->len; i++)
    json_array_add_string_element (codes, self->unknown_codes->pdata[i]);
  return codes;
}

static void
stage_refusal (DossierDecisionForm *self)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  JsonArray *codes = checked_codes (self);
  g_autoptr(JsonNode) text = NULL;
  gboolean text_ok = dossier_form_fields_read (self->fields, "refusal_text", &text);
  guint n_codes = json_array_get_length (codes);

  json_object_set_array_member (extra, "refusal_codes", codes);
  if (text_ok && n_codes == 0 && JSON_NODE_HOLDS_NULL (text))
    {
      dossier_form_fields_show_error (self->fields, "refusal_text",
                                      _("Tick at least one reason, or describe the refusal"));
      dossier_form_fields_unstage (self->fields, refused_unstage);
      return;
    }
  if (!dossier_form_fields_stage (self->fields, refused_fields, extra))
    dossier_form_fields_unstage (self->fields, refused_unstage);
}

/* A decision without its date gets today's, which is when it is usually recorded. */
static void
default_decision_date (DossierDecisionForm *self)
{
  g_autofree char *today_text = NULL;
  g_autoptr(JsonNode) today = NULL;
  GDate date;

  if (*gtk_entry_get_text (self->decision_date_entry) != '\0')
    return;
  dossier_date_set_today (&date);
  today_text = dossier_date_format_iso (&date);
  today = json_node_init_string (json_node_alloc (), today_text);
  dossier_form_fields_set_value (self->fields, "decision_date", today);
}

static void
stage_decision (DossierDecisionForm *self)
{
  const char *decision = gtk_combo_box_get_active_id (self->decision_combo);
  const char *const decision_only[] = { "decision", NULL };

  if (decision == NULL || *decision == '\0')
    {
      dossier_form_fields_stage (self->fields, decision_only, NULL);
      return;
    }
  default_decision_date (self);
  if (g_str_equal (decision, "approved"))
    {
      if (approved_is_complete (self))
        dossier_form_fields_stage (self->fields, approved_fields, NULL);
      else
        dossier_form_fields_unstage (self->fields, approved_fields);
    }
  else if (g_str_equal (decision, "refused"))
    stage_refusal (self);
  else
    dossier_form_fields_stage (self->fields, withdrawn_fields, NULL);
}

static void
show_decision_page (DossierDecisionForm *self)
{
  const char *decision = gtk_combo_box_get_active_id (self->decision_combo);

  if (decision == NULL || *decision == '\0')
    decision = "none";
  gtk_stack_set_visible_child_name (self->decision_stack, decision);
  gtk_widget_set_sensitive (GTK_WIDGET (self->decision_date_entry), g_strcmp0 (decision, "none") != 0);
}

static void
decision_changed_cb (DossierFormFields *fields,
                     const char        *field,
                     gpointer           user_data)
{
  DossierDecisionForm *self = user_data;

  show_decision_page (self);
  stage_decision (self);
  update_comparison (self);
}

static void
refusal_toggled_cb (DossierDecisionForm *self)
{
  if (self->loading || self->session == NULL)
    return;
  stage_decision (self);
  dossier_case_session_flush (self->session);
}

/* A new stage starts today; both are written together. */
static void
stage_changed_cb (DossierFormFields *fields,
                  const char        *field,
                  gpointer           user_data)
{
  g_autofree char *today_text = NULL;
  g_autoptr(JsonNode) today = NULL;
  GDate date;

  dossier_date_set_today (&date);
  today_text = dossier_date_format_iso (&date);
  today = json_node_init_string (json_node_alloc (), today_text);
  dossier_form_fields_set_value (fields, "stage_since", today);
  dossier_form_fields_stage (fields, stage_fields, NULL);
}

/* ---- Setting up ---------------------------------------------------------- */

static void
bind_fields (DossierDecisionForm *self)
{
  DossierFormFields *f = self->fields;
  const char *const decision_group[] = {
    "decision", "decision_date", "visa_number", "visa_valid_from", "visa_valid_to",
    "visa_entries", "visa_days_of_stay", "refusal_text", "withdrawal_reason", NULL
  };

  dossier_form_fields_add (f, "internal_stage", GTK_WIDGET (self->stage_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "stage_since", GTK_WIDGET (self->stage_since_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "authority_status", GTK_WIDGET (self->authority_status_combo), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "authority_reference", GTK_WIDGET (self->authority_reference_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "submitted_on", GTK_WIDGET (self->submitted_on_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "decision", GTK_WIDGET (self->decision_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "decision_date", GTK_WIDGET (self->decision_date_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "visa_number", GTK_WIDGET (self->visa_number_entry), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "visa_entries", GTK_WIDGET (self->visa_entries_combo), DOSSIER_FIELD_INPUT_CHOICE);
  dossier_form_fields_add (f, "visa_valid_from", GTK_WIDGET (self->visa_valid_from_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "visa_valid_to", GTK_WIDGET (self->visa_valid_to_entry), DOSSIER_FIELD_INPUT_DATE);
  dossier_form_fields_add (f, "visa_days_of_stay", GTK_WIDGET (self->visa_days_entry), DOSSIER_FIELD_INPUT_COUNT);
  dossier_form_fields_add (f, "refusal_text", GTK_WIDGET (self->refusal_text_view), DOSSIER_FIELD_INPUT_TEXT);
  dossier_form_fields_add (f, "withdrawal_reason", GTK_WIDGET (self->withdrawal_reason_entry), DOSSIER_FIELD_INPUT_TEXT);

  dossier_form_fields_set_required (f, "internal_stage", _("Choose the stage"));
  dossier_form_fields_set_handler (f, "internal_stage", stage_changed_cb, self);
  for (guint i = 0; decision_group[i] != NULL; i++)
    dossier_form_fields_set_handler (f, decision_group[i], decision_changed_cb, self);
}

static void
add_refusal_buttons (DossierDecisionForm *self)
{
  guint n = 0;
  const DossierRefusalCode *codes = dossier_refusal_codes_get_all (&n);

  for (guint i = 0; i < n; i++)
    {
      const char *label = dossier_refusal_code_get_label (&codes[i]);
      GtkWidget *button = gtk_check_button_new_with_label (label);
      /* Translators: accessible name of a check button, as in "Refusal reason: Insufficient means of subsistence" */
      g_autofree char *name = g_strdup_printf (_("Refusal reason: %s"), label);

      atk_object_set_name (gtk_widget_get_accessible (button), name);
      /* Long reasons wrap in a narrow pane instead of widening the form. */
      gtk_label_set_line_wrap (GTK_LABEL (gtk_bin_get_child (GTK_BIN (button))), TRUE);
      g_object_set_data (G_OBJECT (button), REFUSAL_CODE_KEY, (gpointer) codes[i].code);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (refusal_toggled_cb), self);
      gtk_widget_show (button);
      gtk_container_add (GTK_CONTAINER (self->refusal_codes_box), button);
      g_ptr_array_add (self->refusal_buttons, button);
    }
}

static void
load_refusal_codes (DossierDecisionForm *self,
                    JsonObject          *record)
{
  JsonNode *node = json_object_get_member (record, "refusal_codes");
  JsonArray *codes = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  g_ptr_array_set_size (self->unknown_codes, 0);
  for (guint i = 0; i < self->refusal_buttons->len; i++)
    gtk_toggle_button_set_active (self->refusal_buttons->pdata[i], FALSE);

  for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
    {
      const char *code = json_array_get_string_element (codes, i);
      gboolean known = FALSE;

      for (guint j = 0; code != NULL && j < self->refusal_buttons->len; j++)
        if (g_strcmp0 (g_object_get_data (self->refusal_buttons->pdata[j], REFUSAL_CODE_KEY),
                       code) == 0)
          {
            gtk_toggle_button_set_active (self->refusal_buttons->pdata[j], TRUE);
            known = TRUE;
          }
      if (code != NULL && !known)
        g_ptr_array_add (self->unknown_codes, g_strdup (code));
    }
}

static void
session_loaded_cb (DossierDecisionForm *self)
{
  JsonObject *record = dossier_case_session_get_case (self->session);

  self->loading = TRUE;
  dossier_form_fields_load (self->fields, record);
  load_refusal_codes (self, record);
  self->loading = FALSE;
  show_decision_page (self);
  update_comparison (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
}

static void
case_changed_cb (DossierDecisionForm *self,
                 const char          *kind)
{
  /* The request lives on the Travel tab; the comparison follows it. */
  if (g_strcmp0 (kind, "case") == 0)
    update_comparison (self);
}

static void
dossier_decision_form_dispose (GObject *object)
{
  DossierDecisionForm *self = DOSSIER_DECISION_FORM (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->fields, dossier_form_fields_free);
  g_clear_pointer (&self->refusal_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->unknown_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (dossier_decision_form_parent_class)->dispose (object);
}

static void
dossier_decision_form_class_init (DossierDecisionFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_decision_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-decision-form.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, submission_grid);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, approved_grid);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, refused_grid);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, withdrawn_grid);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, stage_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, stage_since_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, authority_status_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, authority_reference_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, submitted_on_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, decision_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, decision_date_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, decision_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, visa_number_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, visa_entries_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, visa_valid_from_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, visa_valid_to_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, visa_days_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, comparison_box);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, refusal_codes_box);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, refusal_text_view);
  gtk_widget_class_bind_template_child (widget_class, DossierDecisionForm, withdrawal_reason_entry);
}

static void
dossier_decision_form_init (DossierDecisionForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->refusal_buttons = g_ptr_array_new ();
  self->unknown_codes = g_ptr_array_new_with_free_func (g_free);
  self->fields = dossier_form_fields_new ("case");
  bind_fields (self);
  dossier_form_align_grids (self->submission_grid, self->approved_grid, self->refused_grid,
                            self->withdrawn_grid, NULL);
  add_refusal_buttons (self);
  show_decision_page (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

GtkWidget *
dossier_decision_form_new (void)
{
  return g_object_new (DOSSIER_TYPE_DECISION_FORM, NULL);
}

/**
 * dossier_decision_form_set_session:
 * @session: (nullable): the case being edited
 */
void
dossier_decision_form_set_session (DossierDecisionForm *self,
                                   DossierCaseSession  *session)
{
  g_return_if_fail (DOSSIER_IS_DECISION_FORM (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  dossier_form_fields_set_session (self->fields, session, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);

  if (session == NULL)
    return;
  g_signal_connect_swapped (session, "loaded", G_CALLBACK (session_loaded_cb), self);
  g_signal_connect_swapped (session, "changed", G_CALLBACK (case_changed_cb), self);
  if (dossier_case_session_is_loaded (session))
    session_loaded_cb (self);
}
