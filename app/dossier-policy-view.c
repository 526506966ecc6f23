/* dossier-policy-view.c: a policy note for reading.
 *
 * Every value is a selectable label so a specialist can copy a fee or a
 * source into a message.  Fields that changed since the previous version
 * carry a "Changed" chip as well as a highlight, so the difference does not
 * rest on colour alone.
 */

#include <glib/gi18n.h>

#include "dossier-policy-note.h"
#include "dossier-policy-view.h"

typedef enum
{
  FORMAT_TEXT,
  FORMAT_COUNTRY,
  FORMAT_VISA_TYPE,
  FORMAT_NUMBER,
  FORMAT_DAYS,
  FORMAT_VALIDITY,
  FORMAT_SOURCE,
} ValueFormat;

typedef struct
{
  const char  *field;
  const char  *caption;
  ValueFormat  format;
} RowSpec;

static const RowSpec row_specs[] = {
  { "country", N_("Country"), FORMAT_COUNTRY },
  { "visa_type", N_("Visa type"), FORMAT_VISA_TYPE },
  { "effective_date", N_("Effective date"), FORMAT_TEXT },
  { "version", N_("Version"), FORMAT_NUMBER },
  { "processing_days", N_("Processing time"), FORMAT_DAYS },
  { "fees_text", N_("Fees"), FORMAT_TEXT },
  { "passport_validity_months", N_("Passport validity"), FORMAT_VALIDITY },
  { "source", N_("Source"), FORMAT_SOURCE },
};

typedef struct
{
  GtkLabel  *value;
  GtkWidget *chip;
} Row;

struct _DossierPolicyView
{
  GtkBox     parent_instance;

  GtkLabel  *title_label;
  GtkWidget *title_chip;
  GtkGrid   *fields_grid;
  GtkWidget *requirements_chip;
  GtkBox    *requirements_box;
  GtkWidget *body_chip;
  GtkLabel  *body_label;

  Row        rows[G_N_ELEMENTS (row_specs)];
};

G_DEFINE_FINAL_TYPE (DossierPolicyView, dossier_policy_view, GTK_TYPE_BOX)

static GtkWidget *
new_changed_chip (void)
{
  /* Translators: marks a field that differs from the previous version. */
  GtkWidget *chip = gtk_label_new (C_("policy version", "Changed"));
  GtkStyleContext *context = gtk_widget_get_style_context (chip);

  gtk_style_context_add_class (context, "flag-chip");
  gtk_style_context_add_class (context, "warning");
  gtk_widget_set_valign (chip, GTK_ALIGN_BASELINE);
  gtk_widget_set_no_show_all (chip, TRUE);
  return chip;
}

static void
build_rows (DossierPolicyView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (row_specs); i++)
    {
      GtkWidget *caption = gtk_label_new (_(row_specs[i].caption));
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *value = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (caption), 1.0);
      gtk_widget_set_valign (caption, GTK_ALIGN_BASELINE);
      gtk_style_context_add_class (gtk_widget_get_style_context (caption), "dim-label");

      gtk_label_set_xalign (GTK_LABEL (value), 0.0);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_label_set_line_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_line_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_valign (value, GTK_ALIGN_BASELINE);
      gtk_widget_set_can_focus (value, FALSE);
      /* The value carries the caption's name; the caption only labels it, so
       * a test or a screen reader finds one "Fees" label, the one with the fees. */
      atk_object_set_name (gtk_widget_get_accessible (value), _(row_specs[i].caption));
      atk_object_set_role (gtk_widget_get_accessible (caption), ATK_ROLE_STATIC);
      atk_object_add_relationship (gtk_widget_get_accessible (caption), ATK_RELATION_LABEL_FOR,
                                   gtk_widget_get_accessible (value));
      atk_object_add_relationship (gtk_widget_get_accessible (value), ATK_RELATION_LABELLED_BY,
                                   gtk_widget_get_accessible (caption));

      self->rows[i].value = GTK_LABEL (value);
      self->rows[i].chip = new_changed_chip ();
      gtk_container_add (GTK_CONTAINER (box), value);
      gtk_container_add (GTK_CONTAINER (box), self->rows[i].chip);
      gtk_grid_attach (self->fields_grid, caption, 0, (gint) i, 1, 1);
      gtk_grid_attach (self->fields_grid, box, 1, (gint) i, 1, 1);
      gtk_widget_show_all (caption);
      gtk_widget_show_all (box);
    }
}

static const char *
member_string (JsonObject *note,
               const char *field)
{
  JsonNode *node = note != NULL ? json_object_get_member (note, field) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return *json_node_get_string (node) != '\0' ? json_node_get_string (node) : NULL;
}

static gboolean
member_int (JsonObject *note,
            const char *field,
            gint64     *out_value)
{
  JsonNode *node = note != NULL ? json_object_get_member (note, field) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out_value = json_node_get_int (node);
  return TRUE;
}

static gboolean
is_web_address (const char *text)
{
  return g_str_has_prefix (text, "https://") || g_str_has_prefix (text, "http://");
}

/* The value as markup, or NULL when the field is not set. */
static char *
format_value (JsonObject *note,
              ValueFormat format,
              const char *field)
{
  const char *text = member_string (note, field);
  gint64 number;

  switch (format)
    {
    case FORMAT_COUNTRY:
      return text != NULL ? g_markup_escape_text (dossier_policy_country_get_name (text), -1)
                          : NULL;
    case FORMAT_VISA_TYPE:
      return text != NULL ? g_markup_escape_text (dossier_policy_visa_type_get_label (text), -1)
                          : NULL;
    case FORMAT_SOURCE:
      if (text != NULL && is_web_address (text))
        return g_markup_printf_escaped ("<a href=\"%s\">%s</a>", text, text);
      return text != NULL ? g_markup_escape_text (text, -1) : NULL;
    case FORMAT_TEXT:
      return text != NULL ? g_markup_escape_text (text, -1) : NULL;
    case FORMAT_NUMBER:
      return member_int (note, field, &number) ? g_strdup_printf ("%" G_GINT64_FORMAT, number)
                                               : NULL;
    case FORMAT_DAYS:
      return member_int (note, field, &number) ? dossier_policy_describe_processing (number) : NULL;
    case FORMAT_VALIDITY:
      return member_int (note, field, &number) ? dossier_policy_describe_validity (number) : NULL;
    default:
      g_assert_not_reached ();
    }
}

static void
set_changed (GtkWidget *value,
             GtkWidget *chip,
             gboolean   changed)
{
  GtkStyleContext *context = gtk_widget_get_style_context (value);

  if (changed)
    gtk_style_context_add_class (context, "policy-changed");
  else
    gtk_style_context_remove_class (context, "policy-changed");
  gtk_widget_set_visible (chip, changed);
}

static void
set_value_label (GtkLabel   *label,
                 const char *markup,
                 const char *unset_text)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (label));

  if (markup != NULL)
    {
      gtk_label_set_markup (label, markup);
      gtk_style_context_remove_class (context, "dim-label");
    }
  else
    {
      gtk_label_set_text (label, unset_text);
      gtk_style_context_add_class (context, "dim-label");
    }
}

static JsonNode *
get_requirements (JsonObject *note)
{
  return note != NULL ? json_object_get_member (note, "requirements") : NULL;
}

static void
add_requirement_label (DossierPolicyView *self,
                       const char        *markup,
                       const char        *accessible_name,
                       const char        *style_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  if (accessible_name != NULL)
    atk_object_set_name (gtk_widget_get_accessible (label), accessible_name);
  if (style_class != NULL)
    gtk_style_context_add_class (gtk_widget_get_style_context (label), style_class);
  gtk_widget_show (label);
  gtk_container_add (GTK_CONTAINER (self->requirements_box), label);
}

/* Requirements as a list; against `previous`, the added ones are marked and
 * the removed ones are listed struck through. */
static void
show_requirements (DossierPolicyView *self,
                   JsonObject        *note,
                   JsonObject        *previous)
{
  g_auto(GStrv) kinds = dossier_policy_requirement_kinds (get_requirements (note));
  g_auto(GStrv) previous_kinds = dossier_policy_requirement_kinds (get_requirements (previous));
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (self->requirements_box));

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      g_autofree char *title = dossier_policy_requirement_get_title (kinds[i]);
      g_autofree char *markup = NULL;
      g_autofree char *name = NULL;

      if (previous == NULL || g_strv_contains ((const char *const *) previous_kinds, kinds[i]))
        {
          /* Translators: a requirement in a bulleted list. */
          markup = g_markup_printf_escaped (_("• %s"), title);
          add_requirement_label (self, markup, title, NULL);
          continue;
        }
      /* Translators: a requirement added since the previous version. */
      markup = g_markup_printf_escaped (_("• %s (added)"), title);
      /* Translators: the accessible name of a requirement added since the previous version. */
      name = g_strdup_printf (_("Added: %s"), title);
      add_requirement_label (self, markup, name, "policy-changed");
    }

  for (guint i = 0; previous != NULL && previous_kinds[i] != NULL; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *markup = NULL;
      g_autofree char *name = NULL;

      if (g_strv_contains ((const char *const *) kinds, previous_kinds[i]))
        continue;
      title = dossier_policy_requirement_get_title (previous_kinds[i]);
      /* Translators: a requirement the previous version had and this one dropped. */
      markup = g_markup_printf_escaped (_("• <s>%s</s> (removed)"), title);
      /* Translators: the accessible name of a requirement removed since the previous version. */
      name = g_strdup_printf (_("Removed: %s"), title);
      add_requirement_label (self, markup, name, "dim-label");
    }

  if (kinds[0] == NULL)
    add_requirement_label (self, _("None listed: cases get the usual documents "
                                   "for their visa type."),
                           NULL, "dim-label");
}

/**
 * dossier_policy_view_set_note:
 * @self: a #DossierPolicyView
 * @note: (nullable): the note's fields
 * @previous: (nullable): an earlier version's fields, to mark what changed
 */
void
dossier_policy_view_set_note (DossierPolicyView *self,
                              JsonObject        *note,
                              JsonObject        *previous)
{
  g_auto(GStrv) changed = NULL;
  const char *title = member_string (note, "title");
  const char *body = member_string (note, "body");
  g_autofree char *title_markup = title != NULL ? g_markup_escape_text (title, -1) : NULL;
  g_autofree char *body_markup = body != NULL ? g_markup_escape_text (body, -1) : NULL;

  g_return_if_fail (DOSSIER_IS_POLICY_VIEW (self));

  changed = note != NULL ? dossier_policy_note_changed_fields (previous, note) : g_new0 (char *, 1);

  set_value_label (self->title_label, title_markup, _("Untitled note"));
  set_changed (GTK_WIDGET (self->title_label), self->title_chip,
               g_strv_contains ((const char *const *) changed, "title"));

  for (guint i = 0; i < G_N_ELEMENTS (row_specs); i++)
    {
      g_autofree char *markup = format_value (note, row_specs[i].format, row_specs[i].field);

      set_value_label (self->rows[i].value, markup, _("Not set"));
      set_changed (GTK_WIDGET (self->rows[i].value), self->rows[i].chip,
                   g_strv_contains ((const char *const *) changed, row_specs[i].field));
    }

  show_requirements (self, note, previous);
  gtk_widget_set_visible (self->requirements_chip,
                          g_strv_contains ((const char *const *) changed, "requirements"));

  set_value_label (self->body_label, body_markup, _("Nothing written yet."));
  set_changed (GTK_WIDGET (self->body_label), self->body_chip,
               g_strv_contains ((const char *const *) changed, "body"));
}

static void
dossier_policy_view_class_init (DossierPolicyViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-policy-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyView, title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyView, title_chip);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyView, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyView, requirements_chip);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyView, requirements_box);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyView, body_chip);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyView, body_label);
}

static void
dossier_policy_view_init (DossierPolicyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_rows (self);
  dossier_policy_view_set_note (self, NULL, NULL);
}

GtkWidget *
dossier_policy_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_POLICY_VIEW, NULL);
}
