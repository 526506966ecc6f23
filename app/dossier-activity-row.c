/* dossier-activity-row.c: one activity log entry, shown as written.
 *
 * The row has no editing controls on purpose: the log is append-only, and the
 * replica refuses any change to an entry.  Its text is selectable so that a
 * specialist can copy a phone number or a reference out of it.
 */

#include <glib/gi18n.h>

#include "dossier-activity.h"
#include "dossier-activity-row.h"
#include "dossier-timestamp.h"

struct _DossierActivityRow
{
  GtkListBoxRow  parent_instance;

  GtkImage      *kind_image;
  GtkLabel      *kind_label;
  GtkLabel      *author_label;
  GtkLabel      *time_label;
  GtkLabel      *body_label;
};

G_DEFINE_FINAL_TYPE (DossierActivityRow, dossier_activity_row, GTK_TYPE_LIST_BOX_ROW)

static const char *
get_string (JsonObject *object,
            const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

static void
dossier_activity_row_class_init (DossierActivityRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-activity-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierActivityRow, kind_image);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, DossierActivityRow, body_label);
}

static void
dossier_activity_row_init (DossierActivityRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* An entry of a kind this version does not know (written by a newer one)
 * is still shown, under its stored name. */
static void
show_kind (DossierActivityRow *self,
           const char         *kind_name)
{
  const DossierActivityKind *kind = dossier_activity_kind_lookup (kind_name);

  gtk_image_set_from_icon_name (self->kind_image,
                                kind != NULL ? kind->icon_name : "text-x-generic-symbolic",
                                GTK_ICON_SIZE_MENU);
  gtk_label_set_text (self->kind_label,
                      kind != NULL ? dossier_activity_kind_get_label (kind)
                                   : (kind_name != NULL ? kind_name : ""));
}

/**
 * dossier_activity_row_new:
 * @entry: an activity_entry record
 * @now: the current time, in the time zone to show the entry's time in
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
dossier_activity_row_new (JsonObject *entry,
                          GDateTime  *now)
{
  DossierActivityRow *self;
  g_autofree char *time_text = NULL;
  g_autofree char *accessible_name = NULL;
  const char *author = get_string (entry, "author");
  const char *body;

  g_return_val_if_fail (entry != NULL && now != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_ACTIVITY_ROW, NULL);
  show_kind (self, get_string (entry, "kind"));
  time_text = dossier_timestamp_format_readable (get_string (entry, "occurred_at"), now);
  gtk_label_set_text (self->author_label, author != NULL ? author : "");
  gtk_label_set_text (self->time_label, time_text);
  body = get_string (entry, "body");
  gtk_label_set_text (self->body_label, body != NULL ? body : "");

  /* Translators: how a screen reader names an activity entry: its kind, author and time. */
  accessible_name = g_strdup_printf (_("%s by %s, %s"), gtk_label_get_text (self->kind_label),
                                     author != NULL ? author : "", time_text);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), accessible_name);
  return GTK_WIDGET (self);
}
