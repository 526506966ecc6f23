/* dossier-checklist-item-row.c: one checklist item in the list of a case.
 *
 * The row shows what a specialist scans the list for: which documents are
 * still awaited and late (the due date turns red once it has passed), where
 * each one is, how far its translation, notarization and legalization have
 * gone, and how many scans it has.  Its accessible name is the item's title,
 * which is how the UI tests find it.
 */

#include <glib/gi18n.h>

#include "dossier-checklist-item-row.h"
#include "dossier-checklist-records.h"
#include "dossier-date.h"

struct _DossierChecklistItemRow
{
  GtkListBoxRow  parent_instance;

  GtkLabel      *title_label;
  GtkLabel      *requirement_label;
  GtkLabel      *due_label;
  GtkLabel      *custody_label;
  GtkImage      *translation_image;
  GtkImage      *notarization_image;
  GtkImage      *legalization_image;
  GtkWidget     *attachment_box;
  GtkLabel      *attachment_label;
  GtkLabel      *state_label;

  JsonObject    *item;
  guint          soon_days;
};

G_DEFINE_FINAL_TYPE (DossierChecklistItemRow, dossier_checklist_item_row, GTK_TYPE_LIST_BOX_ROW)

static const char *
get_string (JsonObject *object,
            const char *name)
{
  const char *value = json_object_get_string_member_with_default (object, name, NULL);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
get_flag (JsonObject *object,
          const char *name)
{
  return json_object_get_boolean_member_with_default (object, name, FALSE);
}

static void
set_classes (GtkWidget          *widget,
             const char * const *all,
             const char         *wanted)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  for (guint i = 0; all[i] != NULL; i++)
    gtk_style_context_remove_class (context, all[i]);
  if (wanted != NULL)
    gtk_style_context_add_class (context, wanted);
}

static void
show_state (DossierChecklistItemRow *self)
{
  static const char * const classes[] = { "accent", "success", "error", "dim-label", NULL };
  static const char * const state_classes[] = { NULL, "accent", "success", "error" };
  DossierItemState state = DOSSIER_ITEM_STATE_REQUESTED;

  if (g_strcmp0 (get_string (self->item, "requirement"), "not_applicable") == 0)
    {
      gtk_label_set_text (self->state_label, dossier_requirement_get_label ("not_applicable"));
      set_classes (GTK_WIDGET (self->state_label), classes, "dim-label");
      return;
    }

  dossier_item_state_from_string (get_string (self->item, "state"), &state);
  gtk_label_set_text (self->state_label, dossier_item_state_get_label (state));
  set_classes (GTK_WIDGET (self->state_label), classes, state_classes[state]);
}

static void
show_due_date (DossierChecklistItemRow *self)
{
  static const char * const classes[] = { "overdue", "soon", NULL };
  const char *due = get_string (self->item, "due_date");
  g_autofree char *text = NULL;
  DossierDueStatus status;
  GDate today;

  dossier_date_set_today (&today);
  status = dossier_checklist_item_due_status (self->item, &today, self->soon_days);
  if (status == DOSSIER_DUE_STATUS_OVERDUE)
    /* Translators: a document's due date that has passed. */
    text = g_strdup_printf (_("Overdue since %s"), due);
  else if (status != DOSSIER_DUE_STATUS_NONE)
    /* Translators: a document's due date. */
    text = g_strdup_printf (_("Due %s"), due);

  gtk_label_set_text (self->due_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->due_label), text != NULL);
  set_classes (GTK_WIDGET (self->due_label), classes,
               status == DOSSIER_DUE_STATUS_OVERDUE ? "overdue"
               : status == DOSSIER_DUE_STATUS_SOON ? "soon" : NULL);
}

static void
show_pipeline_step (GtkImage   *image,
                    gboolean    needed,
                    gboolean    done,
                    const char *tooltip)
{
  static const char * const classes[] = { "pipeline-done", "dim-label", NULL };

  gtk_widget_set_visible (GTK_WIDGET (image), needed);
  gtk_widget_set_tooltip_text (GTK_WIDGET (image), tooltip);
  set_classes (GTK_WIDGET (image), classes, done ? "pipeline-done" : "dim-label");
}

static void
show_translation (DossierChecklistItemRow *self)
{
  const char *translated_on = get_string (self->item, "translated_on");
  const char *reviewed_on = get_string (self->item, "reviewed_on");
  g_autofree char *tooltip = NULL;

  if (reviewed_on != NULL)
    tooltip = g_strdup_printf (_("Translation reviewed on %s"), reviewed_on);
  else if (translated_on != NULL)
    tooltip = g_strdup_printf (_("Translated on %s, waiting for its review"), translated_on);
  else
    tooltip = g_strdup (_("Translation needed"));

  show_pipeline_step (self->translation_image, get_flag (self->item, "translation_needed"),
                      reviewed_on != NULL, tooltip);
}

static void
show_notarization (DossierChecklistItemRow *self)
{
  const char *notarized_on = get_string (self->item, "notarized_on");
  g_autofree char *tooltip = NULL;

  if (notarized_on != NULL)
    tooltip = g_strdup_printf (_("Notarized on %s"), notarized_on);
  else
    tooltip = g_strdup (_("Notarization needed"));

  show_pipeline_step (self->notarization_image, get_flag (self->item, "notarization_needed"),
                      notarized_on != NULL, tooltip);
}

static void
show_legalization (DossierChecklistItemRow *self)
{
  const char *kind = get_string (self->item, "legalization");
  const char *legalized_on = get_string (self->item, "legalized_on");
  gboolean apostille = g_strcmp0 (kind, "apostille") == 0;
  gboolean needed = apostille || g_strcmp0 (kind, "legalization") == 0;
  g_autofree char *tooltip = NULL;

  if (legalized_on != NULL)
    tooltip = g_strdup_printf (apostille ? _("Apostille on %s") : _("Legalized on %s"),
                               legalized_on);
  else
    tooltip = g_strdup (apostille ? _("Apostille needed") : _("Legalization needed"));

  show_pipeline_step (self->legalization_image, needed, legalized_on != NULL, tooltip);
}

static void
show_item (DossierChecklistItemRow *self)
{
  const char *title = get_string (self->item, "title");
  const char *custody = dossier_custody_get_label (get_string (self->item, "custody"));
  const char *requirement = dossier_requirement_get_label (get_string (self->item,
                                                                       "requirement"));

  if (title == NULL)
    title = _("Untitled document");
  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), title);

  /* Most documents are required: only the exceptions are worth the room. */
  gtk_label_set_text (self->requirement_label, requirement != NULL ? requirement : "");
  gtk_widget_set_visible (GTK_WIDGET (self->requirement_label),
                          requirement != NULL
                          && g_strcmp0 (get_string (self->item, "requirement"), "optional") == 0);
  gtk_label_set_text (self->custody_label, custody != NULL ? custody : "");
  gtk_widget_set_visible (GTK_WIDGET (self->custody_label), custody != NULL);

  show_state (self);
  show_due_date (self);
  show_translation (self);
  show_notarization (self);
  show_legalization (self);
}

static void
dossier_checklist_item_row_finalize (GObject *object)
{
  DossierChecklistItemRow *self = DOSSIER_CHECKLIST_ITEM_ROW (object);

  g_clear_pointer (&self->item, json_object_unref);

  G_OBJECT_CLASS (dossier_checklist_item_row_parent_class)->finalize (object);
}

static void
dossier_checklist_item_row_class_init (DossierChecklistItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dossier_checklist_item_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-checklist-item-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemRow, requirement_label);
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemRow, due_label);
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemRow, custody_label);
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemRow, translation_image);
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemRow, notarization_image);
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemRow, legalization_image);
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemRow, attachment_box);
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemRow, attachment_label);
  gtk_widget_class_bind_template_child (widget_class, DossierChecklistItemRow, state_label);
}

static void
dossier_checklist_item_row_init (DossierChecklistItemRow *self)
{
  self->soon_days = 3;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dossier_checklist_item_row_new:
 * @item: a checklist_item record with its "id"
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
dossier_checklist_item_row_new (JsonObject *item)
{
  DossierChecklistItemRow *self = g_object_new (DOSSIER_TYPE_CHECKLIST_ITEM_ROW, NULL);

  dossier_checklist_item_row_set_item (self, item);
  return GTK_WIDGET (self);
}

void
dossier_checklist_item_row_set_item (DossierChecklistItemRow *self,
                                     JsonObject              *item)
{
  g_return_if_fail (DOSSIER_IS_CHECKLIST_ITEM_ROW (self));
  g_return_if_fail (item != NULL);

  json_object_ref (item);
  g_clear_pointer (&self->item, json_object_unref);
  self->item = item;
  show_item (self);
}

/**
 * dossier_checklist_item_row_get_item:
 *
 * Returns: (transfer none): the item the row shows
 */
JsonObject *
dossier_checklist_item_row_get_item (DossierChecklistItemRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_CHECKLIST_ITEM_ROW (self), NULL);

  return self->item;
}

const char *
dossier_checklist_item_row_get_id (DossierChecklistItemRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_CHECKLIST_ITEM_ROW (self), NULL);

  return get_string (self->item, "id");
}

void
dossier_checklist_item_row_merge (DossierChecklistItemRow *self,
                                  JsonObject              *fields)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_return_if_fail (DOSSIER_IS_CHECKLIST_ITEM_ROW (self));
  g_return_if_fail (fields != NULL);

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (self->item, name, json_node_copy (value));
  show_item (self);
}

void
dossier_checklist_item_row_set_attachment_count (DossierChecklistItemRow *self,
                                                 guint                    count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);
  g_autofree char *tooltip = NULL;

  g_return_if_fail (DOSSIER_IS_CHECKLIST_ITEM_ROW (self));

  tooltip = g_strdup_printf (ngettext ("%u scan attached", "%u scans attached", count),
                             count);
  gtk_label_set_text (self->attachment_label, text);
  gtk_widget_set_tooltip_text (self->attachment_box, tooltip);
  gtk_widget_set_visible (self->attachment_box, count > 0);
}

void
dossier_checklist_item_row_set_soon_days (DossierChecklistItemRow *self,
                                          guint                    soon_days)
{
  g_return_if_fail (DOSSIER_IS_CHECKLIST_ITEM_ROW (self));

  self->soon_days = soon_days;
  show_due_date (self);
}
