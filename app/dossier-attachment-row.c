/* dossier-attachment-row.c: one scan attached to a checklist item.
 *
 * The row only shows the attachment's metadata and asks, by signal, to open
 * or remove it: the bytes live in the replica, and the list that owns the
 * rows does the replica calls.  Its buttons are named after the file so that
 * several scans of one item can be told apart by a screen reader.
 */

#include <glib/gi18n.h>

#include "dossier-attachment-row.h"
#include "dossier-timestamp.h"

struct _DossierAttachmentRow
{
  GtkListBoxRow  parent_instance;

  GtkImage      *type_image;
  GtkLabel      *name_label;
  GtkLabel      *details_label;
  GtkButton     *open_button;
  GtkButton     *remove_button;

  JsonObject    *attachment;
};

G_DEFINE_FINAL_TYPE (DossierAttachmentRow, dossier_attachment_row, GTK_TYPE_LIST_BOX_ROW)

enum
{
  OPEN_REQUESTED,
  REMOVE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
open_clicked_cb (DossierAttachmentRow *self,
                 GtkButton            *button)
{
  g_signal_emit (self, signals[OPEN_REQUESTED], 0);
}

static void
remove_clicked_cb (DossierAttachmentRow *self,
                   GtkButton            *button)
{
  g_signal_emit (self, signals[REMOVE_REQUESTED], 0);
}

static void
dossier_attachment_row_finalize (GObject *object)
{
  DossierAttachmentRow *self = DOSSIER_ATTACHMENT_ROW (object);

  g_clear_pointer (&self->attachment, json_object_unref);

  G_OBJECT_CLASS (dossier_attachment_row_parent_class)->finalize (object);
}

static void
dossier_attachment_row_class_init (DossierAttachmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dossier_attachment_row_finalize;

  signals[OPEN_REQUESTED] = g_signal_new ("open-requested", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  signals[REMOVE_REQUESTED] = g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-attachment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierAttachmentRow, type_image);
  gtk_widget_class_bind_template_child (widget_class, DossierAttachmentRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAttachmentRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAttachmentRow, open_button);
  gtk_widget_class_bind_template_child (widget_class, DossierAttachmentRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
dossier_attachment_row_init (DossierAttachmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
set_accessible_name (GtkWidget  *widget,
                     const char *name)
{
  atk_object_set_name (gtk_widget_get_accessible (widget), name);
}

static void
show_details (DossierAttachmentRow *self)
{
  gint64 size = json_object_get_int_member_with_default (self->attachment, "size", 0);
  const char *added = json_object_get_string_member_with_default (self->attachment, "added_at",
                                                                  NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *size_text = g_format_size ((guint64) MAX (size, 0));
  g_autofree char *added_text = dossier_timestamp_format_readable (added, now);
  g_autofree char *details = NULL;

  /* Translators: under an attached scan: its size, then when it was attached
   * ("2.1 MB · Today, 14:05"). */
  details = g_strdup_printf (_("%s · %s"), size_text, added_text);
  gtk_label_set_text (self->details_label, details);
}

/**
 * dossier_attachment_row_new:
 * @attachment: an attachment record with its "id"
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
dossier_attachment_row_new (JsonObject *attachment)
{
  DossierAttachmentRow *self;
  const char *name;
  const char *content_type;
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *open_name = NULL;
  g_autofree char *remove_name = NULL;

  g_return_val_if_fail (attachment != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_ATTACHMENT_ROW, NULL);
  self->attachment = json_object_ref (attachment);
  name = json_object_get_string_member_with_default (attachment, "file_name", NULL);
  if (name == NULL || *name == '\0')
    name = _("Unnamed scan");
  content_type = json_object_get_string_member_with_default (attachment, "content_type", NULL);

  icon = g_content_type_get_symbolic_icon (content_type != NULL ? content_type
                                                                : "application/octet-stream");
  gtk_image_set_from_gicon (self->type_image, icon, GTK_ICON_SIZE_MENU);
  gtk_label_set_text (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), name);
  show_details (self);

  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), name);
  /* Translators: accessible name of the button that opens the scan %s. */
  open_name = g_strdup_printf (_("Open %s"), name);
  set_accessible_name (GTK_WIDGET (self->open_button), open_name);
  /* Translators: accessible name of the button that removes the scan %s. */
  remove_name = g_strdup_printf (_("Remove %s"), name);
  set_accessible_name (GTK_WIDGET (self->remove_button), remove_name);
  return GTK_WIDGET (self);
}

/**
 * dossier_attachment_row_get_attachment:
 *
 * Returns: (transfer none): the attachment record
 */
JsonObject *
dossier_attachment_row_get_attachment (DossierAttachmentRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_ATTACHMENT_ROW (self), NULL);

  return self->attachment;
}

void
dossier_attachment_row_set_busy (DossierAttachmentRow *self,
                                 gboolean              busy)
{
  g_return_if_fail (DOSSIER_IS_ATTACHMENT_ROW (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), !busy);
}
