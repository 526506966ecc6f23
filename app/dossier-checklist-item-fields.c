/* dossier-checklist-item-fields.c: reading and checking the fields of the
 * checklist item editor.
 *
 * What the editor writes is decided here: each field is read from its
 * widget, dates are checked as dates, the pipeline fields are checked
 * together by the domain's double review and ordering rules, and only the
 * valid fields that differ from the stored item are returned.  Whatever is
 * invalid gets its message beside its field and is left out.
 */

#include <glib/gi18n.h>

#include "dossier-checklist-item-editor-private.h"
#include "dossier-checklist-records.h"
#include "dossier-checks.h"

static const char *
get_string (JsonObject *object,
            const char *name)
{
  const char *value = json_object_get_string_member_with_default (object, name, NULL);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* ---- Messages beside the fields ------------------------------------------ */

void
dossier_checklist_item_editor_set_message (GtkLabel   *label,
                                           const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
set_entry_error (GtkEntry   *entry,
                 const char *message)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (entry));

  gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY,
                                     message != NULL ? "dialog-warning-symbolic" : NULL);
  gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY, message);
  if (message != NULL)
    gtk_style_context_add_class (context, "error");
  else
    gtk_style_context_remove_class (context, "error");
}

/* The entry and the label that show a field's problem. */
static gboolean
find_field_widgets (DossierChecklistItemEditor  *self,
                    const char                  *field,
                    GtkEntry                   **out_entry,
                    GtkLabel                   **out_label)
{
  const struct
  {
    const char *field;
    GtkEntry   *entry;
    GtkLabel   *label;
  } widgets[] = {
    { "translator", self->translator_entry, self->translator_error },
    { "translated_on", self->translated_on_entry, self->translator_error },
    { "reviewer", self->reviewer_entry, self->reviewer_error },
    { "reviewed_on", self->reviewed_on_entry, self->reviewer_error },
    { "notarized_on", self->notarized_on_entry, self->notarized_on_error },
    { "legalized_on", self->legalized_on_entry, self->legalized_on_error },
    { "due_date", self->due_date_entry, self->due_date_error },
    { "rejection_reason", self->reason_entry, self->state_error_label },
  };

  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (widgets); i++)
    {
      if (g_str_equal (widgets[i].field, field))
        {
          *out_entry = widgets[i].entry;
          *out_label = widgets[i].label;
          return TRUE;
        }
    }
  return FALSE;
}

/* A field that is hidden (its section switched off) reports at the bottom. */
static void
show_field_error (DossierChecklistItemEditor *self,
                  const char                 *field,
                  const char                 *message)
{
  GtkEntry *entry = NULL;
  GtkLabel *label = NULL;

  if (!find_field_widgets (self, field, &entry, &label)
      || !gtk_widget_is_visible (GTK_WIDGET (entry)))
    {
      dossier_checklist_item_editor_set_message (self->save_error_label, message);
      return;
    }
  set_entry_error (entry, message);
  dossier_checklist_item_editor_set_message (label, message);
}

void
dossier_checklist_item_editor_clear_errors (DossierChecklistItemEditor *self)
{
  GtkEntry *entries[] = {
    self->translator_entry, self->translated_on_entry, self->reviewer_entry,
    self->reviewed_on_entry, self->notarized_on_entry, self->legalized_on_entry,
    self->due_date_entry, self->reason_entry,
  };
  GtkLabel *labels[] = {
    self->translator_error, self->reviewer_error, self->notarized_on_error,
    self->legalized_on_error, self->due_date_error, self->state_error_label,
    self->save_error_label,
  };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    set_entry_error (entries[i], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    dossier_checklist_item_editor_set_message (labels[i], NULL);
}

/* ---- Reading the fields ------------------------------------------------- */

/* The entry's text without surrounding spaces, NULL when there is none. */
char *
dossier_checklist_item_editor_dup_entry_text (GtkEntry *entry)
{
  char *text = g_strstrip (g_strdup (gtk_entry_get_text (entry)));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
put_string (JsonObject *fields,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (fields, name, value);
  else
    json_object_set_null_member (fields, name);
}

/* FALSE, with the message beside the field, when the text is not a date. */
static gboolean
read_date (DossierChecklistItemEditor  *self,
           GtkEntry                    *entry,
           const char                  *field,
           char                       **out_date)
{
  g_autofree char *text = dossier_checklist_item_editor_dup_entry_text (entry);
  g_autoptr(GError) error = NULL;

  *out_date = NULL;
  if (text != NULL && !dossier_validate_date (text, NULL, &error))
    {
      show_field_error (self, field, error->message);
      return FALSE;
    }
  *out_date = g_steal_pointer (&text);
  return TRUE;
}

const char *
dossier_checklist_item_editor_get_state (DossierChecklistItemEditor *self)
{
  const char *state = get_string (self->item, "state");

  return state != NULL ? state : "requested";
}

static const char *
chosen_requirement (DossierChecklistItemEditor *self)
{
  if (gtk_toggle_button_get_active (self->not_applicable_radio))
    return "not_applicable";
  if (gtk_toggle_button_get_active (self->optional_radio))
    return "optional";
  return "required";
}

typedef struct
{
  char *translator;
  char *translated_on;
  char *reviewer;
  char *reviewed_on;
  char *notarized_on;
  char *legalized_on;
} PipelineText;

static void
pipeline_text_clear (PipelineText *text)
{
  g_free (text->translator);
  g_free (text->translated_on);
  g_free (text->reviewer);
  g_free (text->reviewed_on);
  g_free (text->notarized_on);
  g_free (text->legalized_on);
}

/* The translation, notarization and legalization fields, all or none. */
static void
collect_pipeline (DossierChecklistItemEditor *self,
                  JsonObject                 *fields)
{
  PipelineText text = { NULL, };
  DossierItemPipeline pipeline = DOSSIER_ITEM_PIPELINE_INIT;
  const char *legalization = gtk_combo_box_get_active_id (self->legalization_combo);
  g_autoptr(GError) error = NULL;
  gboolean dates_valid;

  text.translator = dossier_checklist_item_editor_dup_entry_text (self->translator_entry);
  text.reviewer = dossier_checklist_item_editor_dup_entry_text (self->reviewer_entry);
  /* Every date is read, so that each shows its own message. */
  dates_valid = read_date (self, self->translated_on_entry, "translated_on", &text.translated_on);
  dates_valid &= read_date (self, self->reviewed_on_entry, "reviewed_on", &text.reviewed_on);
  dates_valid &= read_date (self, self->notarized_on_entry, "notarized_on", &text.notarized_on);
  dates_valid &= read_date (self, self->legalized_on_entry, "legalized_on", &text.legalized_on);

  pipeline.received_on = get_string (self->item, "received_on");
  pipeline.translator = text.translator;
  pipeline.translated_on = text.translated_on;
  pipeline.reviewer = text.reviewer;
  pipeline.reviewed_on = text.reviewed_on;
  pipeline.notarized_on = text.notarized_on;
  pipeline.legalization = legalization != NULL ? legalization : "none";
  pipeline.legalized_on = text.legalized_on;

  if (dates_valid && !dossier_checklist_item_check_pipeline (&pipeline, &error))
    show_field_error (self, dossier_checklist_pipeline_error_field (error), error->message);
  else if (dates_valid)
    {
      put_string (fields, "translator", pipeline.translator);
      put_string (fields, "translated_on", pipeline.translated_on);
      put_string (fields, "reviewer", pipeline.reviewer);
      put_string (fields, "reviewed_on", pipeline.reviewed_on);
      put_string (fields, "notarized_on", pipeline.notarized_on);
      put_string (fields, "legalization", pipeline.legalization);
      put_string (fields, "legalized_on", pipeline.legalized_on);
    }
  pipeline_text_clear (&text);
}

/* A rejected item keeps a reason: an emptied reason is not written. */
static void
collect_reason (DossierChecklistItemEditor *self,
                JsonObject                 *fields)
{
  g_autofree char *reason = dossier_checklist_item_editor_dup_entry_text (self->reason_entry);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (dossier_checklist_item_editor_get_state (self), "rejected"))
    return;
  if (!dossier_checklist_item_check_transition (NULL, "received", "rejected", reason, &error))
    show_field_error (self, "rejection_reason", error->message);
  else
    put_string (fields, "rejection_reason", reason);
}

static char *
dup_notes (DossierChecklistItemEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strchomp (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
collect_simple (DossierChecklistItemEditor *self,
                JsonObject                 *fields)
{
  g_autofree char *language = dossier_checklist_item_editor_dup_entry_text (self->language_entry);
  g_autofree char *notes = dup_notes (self);
  g_autofree char *due_date = NULL;
  const char *custody = gtk_combo_box_get_active_id (self->custody_combo);

  json_object_set_string_member (fields, "requirement", chosen_requirement (self));
  json_object_set_boolean_member (fields, "translation_needed",
                                  gtk_switch_get_active (self->translation_switch));
  json_object_set_boolean_member (fields, "notarization_needed",
                                  gtk_switch_get_active (self->notarization_switch));
  put_string (fields, "translation_language", language);
  put_string (fields, "custody", g_strcmp0 (custody, "unset") != 0 ? custody : NULL);
  put_string (fields, "notes", notes);
  if (read_date (self, self->due_date_entry, "due_date", &due_date))
    put_string (fields, "due_date", due_date);
}

static gboolean
same_value (JsonNode *stored,
            JsonNode *wanted)
{
  gboolean stored_null = stored == NULL || JSON_NODE_HOLDS_NULL (stored);

  if (stored_null || JSON_NODE_HOLDS_NULL (wanted))
    {
      /* An unset flag reads as "no": writing "no" over it changes nothing. */
      if (stored_null && JSON_NODE_HOLDS_VALUE (wanted)
          && json_node_get_value_type (wanted) == G_TYPE_BOOLEAN)
        return !json_node_get_boolean (wanted);
      return stored_null && JSON_NODE_HOLDS_NULL (wanted);
    }
  return json_node_equal (stored, wanted);
}

/* The valid fields that differ from the item; shows what is invalid. */
JsonObject *
dossier_checklist_item_editor_collect_changes (DossierChecklistItemEditor *self)
{
  g_autoptr(JsonObject) wanted = json_object_new ();
  JsonObject *changes = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  dossier_checklist_item_editor_clear_errors (self);
  collect_simple (self, wanted);
  collect_reason (self, wanted);
  collect_pipeline (self, wanted);

  json_object_iter_init (&iter, wanted);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (!same_value (json_object_get_member (self->item, name), value))
        json_object_set_member (changes, name, json_node_copy (value));
    }
  return changes;
}
