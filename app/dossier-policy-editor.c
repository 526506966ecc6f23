/* dossier-policy-editor.c: the policy note form.
 *
 * The country is typed with completion over every country's name in the
 * user's language (a menu of 249 countries is no way to choose one) or picked
 * from the combo's list.  Requirements are check buttons over the known
 * document kinds; kinds this version does not know are kept untouched (see
 * dossier_policy_requirements_update()).  A number the note never had stays
 * unset unless the user changes its spin button, so opening and saving a note
 * does not turn "unknown" into 0.
 */

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-checklist.h"
#include "dossier-checks.h"
#include "dossier-date.h"
#include "dossier-policy-editor.h"
#include "dossier-policy-note.h"

enum
{
  COUNTRY_COLUMN_CODE,
  COUNTRY_COLUMN_NAME,
  N_COUNTRY_COLUMNS
};

struct _DossierPolicyEditor
{
  GtkBox           parent_instance;

  GtkEntry        *title_entry;
  GtkLabel        *title_error;
  GtkComboBox     *country_combo;
  GtkListStore    *country_store;
  GtkLabel        *country_error;
  GtkComboBoxText *visa_type_combo;
  GtkEntry        *effective_date_entry;
  GtkLabel        *date_error;
  GtkEntry        *source_entry;
  GtkSpinButton   *validity_spin;
  GtkSpinButton   *processing_spin;
  GtkEntry        *fees_entry;
  GtkFlowBox      *requirements_box;
  GtkLabel        *kept_requirements_label;
  GtkTextView     *body_view;

  /* Parallel to dossier_document_kinds_get_all(). */
  GPtrArray       *requirement_checks;
  /* Casefolded country name or code -> alpha-2 code, for typed countries. */
  GHashTable      *country_codes;

  JsonNode        *original_requirements;
  JsonObject      *initial_fields;
  gboolean         validity_set;
  gboolean         processing_set;
  gboolean         loading;
  gboolean         valid;
};

G_DEFINE_FINAL_TYPE (DossierPolicyEditor, dossier_policy_editor, GTK_TYPE_BOX)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
fold (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

/* The alpha-2 code of the chosen or typed country, NULL for none. */
static const char *
get_country_code (DossierPolicyEditor *self)
{
  const char *active = gtk_combo_box_get_active_id (self->country_combo);
  GtkWidget *entry = gtk_bin_get_child (GTK_BIN (self->country_combo));
  g_autofree char *folded = NULL;

  if (active != NULL)
    return active;

  folded = fold (gtk_entry_get_text (GTK_ENTRY (entry)));
  return g_hash_table_lookup (self->country_codes, folded);
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strdup (text != NULL ? text : "");

  return *g_strstrip (copy) == '\0';
}

static char *
dup_entry_text (GtkEntry *entry)
{
  char *text = g_strstrip (g_strdup (gtk_entry_get_text (entry)));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static char *
dup_body_text (DossierPolicyEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (is_blank (text))
    g_clear_pointer (&text, g_free);
  return text;
}

static void
set_string_or_null (JsonObject *fields,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (fields, name, value);
  else
    json_object_set_null_member (fields, name);
}

static void
set_spin_or_null (JsonObject    *fields,
                  const char    *name,
                  GtkSpinButton *spin,
                  gboolean       set)
{
  if (set)
    json_object_set_int_member (fields, name, gtk_spin_button_get_value_as_int (spin));
  else
    json_object_set_null_member (fields, name);
}

static JsonArray *
build_requirements (DossierPolicyEditor *self)
{
  g_autoptr(GPtrArray) checked = g_ptr_array_new ();
  guint n_kinds;
  const DossierDocumentKind *kinds = dossier_document_kinds_get_all (&n_kinds);

  for (guint i = 0; i < self->requirement_checks->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->requirement_checks, i)))
      g_ptr_array_add (checked, (gpointer) kinds[i].kind);
  g_ptr_array_add (checked, NULL);

  return dossier_policy_requirements_update (self->original_requirements,
                                             (const char *const *) checked->pdata);
}

static JsonObject *
build_fields (DossierPolicyEditor *self)
{
  JsonObject *fields = json_object_new ();
  g_autofree char *title = dup_entry_text (self->title_entry);
  g_autofree char *date = dup_entry_text (self->effective_date_entry);
  g_autofree char *source = dup_entry_text (self->source_entry);
  g_autofree char *fees = dup_entry_text (self->fees_entry);
  g_autofree char *body = dup_body_text (self);

  set_string_or_null (fields, "title", title);
  set_string_or_null (fields, "country", get_country_code (self));
  set_string_or_null (fields, "visa_type",
                      gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->visa_type_combo)));
  set_string_or_null (fields, "body", body);
  json_object_set_array_member (fields, "requirements", build_requirements (self));
  set_spin_or_null (fields, "passport_validity_months", self->validity_spin, self->validity_set);
  set_spin_or_null (fields, "processing_days", self->processing_spin, self->processing_set);
  set_string_or_null (fields, "fees_text", fees);
  set_string_or_null (fields, "effective_date", date);
  set_string_or_null (fields, "source", source);
  return fields;
}

/* Shows `error` under the field (and on the entry, when there is one). */
static void
show_field_error (GtkLabel     *label,
                  GtkEntry     *entry,
                  const GError *error)
{
  gtk_label_set_text (label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);

  if (entry == NULL)
    return;
  gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY,
                                     error != NULL ? "dialog-warning-symbolic" : NULL);
  gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY,
                                   error != NULL ? error->message : NULL);
}

static gboolean
validate_country (DossierPolicyEditor *self,
                  GError             **error)
{
  GtkWidget *entry = gtk_bin_get_child (GTK_BIN (self->country_combo));
  const char *typed = gtk_entry_get_text (GTK_ENTRY (entry));

  if (get_country_code (self) == NULL && !is_blank (typed))
    {
      g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_COUNTRY_CODE,
                   _("“%s” is not a country: choose one from the list"), typed);
      return FALSE;
    }
  return dossier_policy_validate_country (get_country_code (self), error);
}

static void
validate (DossierPolicyEditor *self)
{
  g_autoptr(GError) title_error = NULL;
  g_autoptr(GError) country_error = NULL;
  g_autoptr(GError) date_error = NULL;
  g_autofree char *date = dup_entry_text (self->effective_date_entry);

  dossier_policy_validate_title (gtk_entry_get_text (self->title_entry), &title_error);
  validate_country (self, &country_error);
  dossier_policy_validate_effective_date (date, &date_error);

  show_field_error (self->title_error, self->title_entry, title_error);
  show_field_error (self->country_error, NULL, country_error);
  show_field_error (self->date_error, self->effective_date_entry, date_error);

  self->valid = title_error == NULL && country_error == NULL && date_error == NULL;
}

static void
field_changed_cb (DossierPolicyEditor *self)
{
  if (self->loading)
    return;
  validate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
validity_changed_cb (DossierPolicyEditor *self)
{
  if (!self->loading)
    self->validity_set = TRUE;
  field_changed_cb (self);
}

static void
processing_changed_cb (DossierPolicyEditor *self)
{
  if (!self->loading)
    self->processing_set = TRUE;
  field_changed_cb (self);
}

/* A spin button takes its text as its value only on Enter or focus-out;
 * taking it as it is typed lets Save (and Ctrl+S, which moves no focus)
 * see the number on screen. */
static void
spin_text_changed_cb (GtkSpinButton *spin,
                      gpointer       user_data)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  const char *text = gtk_entry_get_text (GTK_ENTRY (spin));
  gint64 value;

  if (!g_ascii_string_to_signed (text, 10, (gint64) gtk_adjustment_get_lower (adjustment),
                                 (gint64) gtk_adjustment_get_upper (adjustment), &value, NULL))
    return;
  if ((double) value != gtk_spin_button_get_value (spin))
    gtk_spin_button_set_value (spin, (double) value);
}

static gboolean
country_completion_match (GtkEntryCompletion *completion,
                          const char         *key,
                          GtkTreeIter        *iter,
                          gpointer            user_data)
{
  GtkTreeModel *model = gtk_entry_completion_get_model (completion);
  g_autofree char *name = NULL;
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_key = fold (key);

  gtk_tree_model_get (model, iter, COUNTRY_COLUMN_NAME, &name, -1);
  folded_name = fold (name);
  return *folded_key != '\0' && strstr (folded_name, folded_key) != NULL;
}

static void
fill_countries (DossierPolicyEditor *self)
{
  g_autoptr(GPtrArray) countries = dossier_policy_countries_by_name ();
  GtkWidget *entry = gtk_bin_get_child (GTK_BIN (self->country_combo));
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();

  self->country_store = gtk_list_store_new (N_COUNTRY_COLUMNS, G_TYPE_STRING, G_TYPE_STRING);
  for (guint i = 0; i < countries->len; i++)
    {
      const DossierCountry *country = g_ptr_array_index (countries, i);
      const char *name = dossier_country_get_name (country);

      gtk_list_store_insert_with_values (self->country_store, NULL, -1,
                                         COUNTRY_COLUMN_CODE, country->alpha2,
                                         COUNTRY_COLUMN_NAME, name, -1);
      g_hash_table_insert (self->country_codes, fold (name), (gpointer) country->alpha2);
      g_hash_table_insert (self->country_codes, fold (country->alpha2), (gpointer) country->alpha2);
    }

  gtk_combo_box_set_model (self->country_combo, GTK_TREE_MODEL (self->country_store));
  gtk_combo_box_set_id_column (self->country_combo, COUNTRY_COLUMN_CODE);
  gtk_combo_box_set_entry_text_column (self->country_combo, COUNTRY_COLUMN_NAME);

  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->country_store));
  gtk_entry_completion_set_text_column (completion, COUNTRY_COLUMN_NAME);
  gtk_entry_completion_set_match_func (completion, country_completion_match, NULL, NULL);
  gtk_entry_set_completion (GTK_ENTRY (entry), completion);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Type or choose a country"));
  atk_object_set_name (gtk_widget_get_accessible (entry), _("Country name"));
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (field_changed_cb), self);
}

static void
fill_requirements (DossierPolicyEditor *self)
{
  guint n_kinds;
  const DossierDocumentKind *kinds = dossier_document_kinds_get_all (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    {
      const char *title = dossier_document_kind_get_title (&kinds[i]);
      GtkWidget *check = gtk_check_button_new_with_label (title);
      /* Translators: the accessible name of a requirement's check button. */
      g_autofree char *name = g_strdup_printf (_("Requirement: %s"), title);

      atk_object_set_name (gtk_widget_get_accessible (check), name);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (field_changed_cb), self);
      gtk_widget_show (check);
      gtk_flow_box_insert (self->requirements_box, check, -1);
      /* Tab goes from check button to check button, not through their cells. */
      gtk_widget_set_can_focus (gtk_widget_get_parent (check), FALSE);
      g_ptr_array_add (self->requirement_checks, check);
    }
}

static void
fill_visa_types (DossierPolicyEditor *self)
{
  guint n_types;
  const char *const *types = dossier_policy_visa_types_get_all (&n_types);

  for (guint i = 0; i < n_types; i++)
    gtk_combo_box_text_append (self->visa_type_combo, types[i],
                               dossier_policy_visa_type_get_label (types[i]));
}

static const char *
member_string (JsonObject *note,
               const char *name)
{
  JsonNode *node = note != NULL ? json_object_get_member (note, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Sets the spin from the note; returns whether the note had a value. */
static gboolean
load_spin (GtkSpinButton *spin,
           JsonObject    *note,
           const char    *name)
{
  JsonNode *node = note != NULL ? json_object_get_member (note, name) : NULL;
  gboolean set = node != NULL && JSON_NODE_HOLDS_VALUE (node)
                 && json_node_get_value_type (node) == G_TYPE_INT64;

  gtk_spin_button_set_value (spin, set ? (double) json_node_get_int (node) : 0.0);
  return set;
}

static void
load_country (DossierPolicyEditor *self,
              const char          *code)
{
  GtkWidget *entry = gtk_bin_get_child (GTK_BIN (self->country_combo));

  if (code == NULL || !gtk_combo_box_set_active_id (self->country_combo, code))
    {
      gtk_combo_box_set_active (self->country_combo, -1);
      gtk_entry_set_text (GTK_ENTRY (entry), code != NULL ? code : "");
    }
}

/* A visa type from a newer version is offered as it is stored, so it is kept. */
static void
load_visa_type (DossierPolicyEditor *self,
                const char          *visa_type)
{
  GtkComboBox *combo = GTK_COMBO_BOX (self->visa_type_combo);

  if (visa_type == NULL)
    visa_type = dossier_policy_visa_types_get_all (NULL)[0];
  if (!gtk_combo_box_set_active_id (combo, visa_type))
    {
      gtk_combo_box_text_append (self->visa_type_combo, visa_type, visa_type);
      gtk_combo_box_set_active_id (combo, visa_type);
    }
}

static void
load_requirements (DossierPolicyEditor *self,
                   JsonObject          *note)
{
  JsonNode *node = note != NULL ? json_object_get_member (note, "requirements") : NULL;
  guint n_kinds;
  const DossierDocumentKind *kinds = dossier_document_kinds_get_all (&n_kinds);
  g_autoptr(JsonArray) unknown = dossier_policy_requirements_update (node, NULL);
  g_autoptr(JsonNode) unknown_node = json_node_init_array (json_node_alloc (), unknown);
  g_auto(GStrv) titles = dossier_policy_requirement_titles (unknown_node);
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  g_clear_pointer (&self->original_requirements, json_node_unref);
  if (node != NULL)
    self->original_requirements = json_node_copy (node);

  for (guint i = 0; i < self->requirement_checks->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (self->requirement_checks, i),
                                  dossier_policy_requirements_contain (node, kinds[i].kind));

  /* Translators: separates the names in a list of requirements. */
  joined = g_strjoinv (_(", "), titles);
  /* Translators: requirements of kinds this version does not know, kept as they are. */
  text = g_strdup_printf (_("Also required, kept as received: %s"), joined);
  gtk_label_set_text (self->kept_requirements_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->kept_requirements_label), titles[0] != NULL);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static void
load_fields (DossierPolicyEditor *self,
             JsonObject          *note,
             const char          *country,
             const char          *visa_type)
{
  GDate today;
  g_autofree char *today_text = NULL;
  const char *date = member_string (note, "effective_date");
  const char *body = member_string (note, "body");

  if (note == NULL)
    {
      dossier_date_set_today (&today);
      date = today_text = dossier_date_format_iso (&today);
    }
  else
    {
      country = member_string (note, "country");
      visa_type = member_string (note, "visa_type");
    }

  gtk_entry_set_text (self->title_entry, or_empty (member_string (note, "title")));
  load_country (self, country);
  load_visa_type (self, visa_type);
  gtk_entry_set_text (self->effective_date_entry, or_empty (date));
  gtk_entry_set_text (self->source_entry, or_empty (member_string (note, "source")));
  gtk_entry_set_text (self->fees_entry, or_empty (member_string (note, "fees_text")));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), or_empty (body), -1);
  self->validity_set = load_spin (self->validity_spin, note, "passport_validity_months");
  self->processing_set = load_spin (self->processing_spin, note, "processing_days");
  load_requirements (self, note);
}

/**
 * dossier_policy_editor_set_note:
 * @self: a #DossierPolicyEditor
 * @note: (nullable): the note to edit, %NULL for a new one
 * @country: (nullable): for a new note, the country to start with
 * @visa_type: (nullable): for a new note, the visa type to start with
 */
void
dossier_policy_editor_set_note (DossierPolicyEditor *self,
                                JsonObject          *note,
                                const char          *country,
                                const char          *visa_type)
{
  g_return_if_fail (DOSSIER_IS_POLICY_EDITOR (self));

  self->loading = TRUE;
  load_fields (self, note, country, visa_type);
  self->loading = FALSE;

  g_clear_pointer (&self->initial_fields, json_object_unref);
  self->initial_fields = build_fields (self);
  validate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
dossier_policy_editor_is_valid (DossierPolicyEditor *self)
{
  g_return_val_if_fail (DOSSIER_IS_POLICY_EDITOR (self), FALSE);

  return self->valid;
}

gboolean
dossier_policy_editor_has_changes (DossierPolicyEditor *self)
{
  g_autoptr(JsonObject) fields = NULL;
  g_auto(GStrv) changed = NULL;

  g_return_val_if_fail (DOSSIER_IS_POLICY_EDITOR (self), FALSE);

  if (self->initial_fields == NULL)
    return FALSE;
  fields = build_fields (self);
  changed = dossier_policy_note_changed_fields (self->initial_fields, fields);
  return changed[0] != NULL;
}

/**
 * dossier_policy_editor_dup_fields:
 * @self: a #DossierPolicyEditor
 *
 * Returns: (transfer full) (nullable): the fields, or %NULL while invalid
 */
JsonObject *
dossier_policy_editor_dup_fields (DossierPolicyEditor *self)
{
  g_return_val_if_fail (DOSSIER_IS_POLICY_EDITOR (self), NULL);

  if (!self->valid)
    return NULL;
  return build_fields (self);
}

void
dossier_policy_editor_focus_title (DossierPolicyEditor *self)
{
  g_return_if_fail (DOSSIER_IS_POLICY_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
}

static void
dossier_policy_editor_finalize (GObject *object)
{
  DossierPolicyEditor *self = DOSSIER_POLICY_EDITOR (object);

  g_clear_object (&self->country_store);
  g_clear_pointer (&self->requirement_checks, g_ptr_array_unref);
  g_clear_pointer (&self->country_codes, g_hash_table_unref);
  g_clear_pointer (&self->original_requirements, json_node_unref);
  g_clear_pointer (&self->initial_fields, json_object_unref);

  G_OBJECT_CLASS (dossier_policy_editor_parent_class)->finalize (object);
}

static void
dossier_policy_editor_class_init (DossierPolicyEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dossier_policy_editor_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-policy-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, title_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, title_error);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, country_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, country_error);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, visa_type_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, effective_date_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, date_error);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, source_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, validity_spin);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, processing_spin);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, fees_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, requirements_box);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, kept_requirements_label);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyEditor, body_view);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, validity_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, processing_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_text_changed_cb);
}

static void
dossier_policy_editor_init (DossierPolicyEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->requirement_checks = g_ptr_array_new ();
  self->country_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  fill_countries (self);
  fill_visa_types (self);
  fill_requirements (self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body_view), "changed",
                            G_CALLBACK (field_changed_cb), self);
  dossier_policy_editor_set_note (self, NULL, NULL, NULL);
}

GtkWidget *
dossier_policy_editor_new (void)
{
  return g_object_new (DOSSIER_TYPE_POLICY_EDITOR, NULL);
}
