/* dossier-conflict-row.c: one field two devices changed before either synced.
 *
 * The row shows the value in use and each value that lost, with who wrote
 * it (the device is all a change says of its writer) and when (the wall-clock
 * part of its clock), and offers the three ways out of DESIGN.md: keep the
 * current value, use a losing one, or type a new one, checked as it is typed
 * against the field's type.  When the record was deleted while the losing
 * value was written, there is one way out: keeping it deleted (signal
 * "keep-deleted"), the value staying selectable until then.  It only asks:
 * the conflicts view writes the resolution (signal "resolve") and rebuilds
 * the list.
 */

#include <glib/gi18n.h>

#include "dossier-conflict-row.h"
#include "dossier-field-labels.h"
#include "dossier-sync-format.h"

struct _DossierConflictRow
{
  GtkListBoxRow  parent_instance;

  GtkWidget     *critical_label;
  GtkLabel      *field_label;
  GtkLabel      *record_label;
  GtkLabel      *current_title_label;
  GtkLabel      *current_value_label;
  GtkLabel      *current_origin_label;
  GtkWidget     *keep_button;
  GtkBox        *losers_box;
  GtkWidget     *new_value_box;
  GtkEntry      *new_value_entry;
  GtkWidget     *resolve_button;
  GtkSpinner    *spinner;
  GtkLabel      *hint_label;
  GtkLabel      *error_label;

  GPtrArray     *losers;        /* JsonObject */
  JsonNode      *current_value;
  char          *key;
  char          *signature;
  gboolean       busy;
  gboolean       deleted;       /* the record is gone: only keeping it deleted */
};

G_DEFINE_FINAL_TYPE (DossierConflictRow, dossier_conflict_row, GTK_TYPE_LIST_BOX_ROW)

enum
{
  RESOLVE,
  KEEP_DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static JsonObject *
first_loser (DossierConflictRow *self)
{
  return self->losers->pdata[0];
}

static const char *
loser_text (JsonObject *loser,
            const char *member)
{
  return json_object_get_string_member_with_default (loser, member, NULL);
}

const char *
dossier_conflict_row_get_kind (DossierConflictRow *self)
{
  return loser_text (first_loser (self), "kind");
}

const char *
dossier_conflict_row_get_record_id (DossierConflictRow *self)
{
  return loser_text (first_loser (self), "record_id");
}

const char *
dossier_conflict_row_get_field (DossierConflictRow *self)
{
  return loser_text (first_loser (self), "field");
}

const char *
dossier_conflict_row_get_key (DossierConflictRow *self)
{
  return self->key;
}

const char *
dossier_conflict_row_get_signature (DossierConflictRow *self)
{
  return self->signature;
}

char *
dossier_conflict_row_make_key (JsonObject *conflict)
{
  return g_strdup_printf ("%s|%s", loser_text (conflict, "record_id"), loser_text (conflict, "field"));
}

char *
dossier_conflict_row_make_signature (GPtrArray *losers)
{
  GString *signature = g_string_new (NULL);

  for (guint i = 0; i < losers->len; i++)
    {
      JsonObject *loser = losers->pdata[i];
      JsonNode *current = json_object_get_member (loser, "current_value");
      g_autofree char *current_json = current != NULL ? json_to_string (current, FALSE) : NULL;

      g_string_append_printf (signature, "%s/%s/%s%s;", loser_text (loser, "hlc"),
                              loser_text (loser, "device"), current_json ? current_json : "",
                              json_object_get_boolean_member_with_default (loser, "deleted", FALSE)
                              ? "/deleted" : "");
    }
  return g_string_free (signature, FALSE);
}

/* "Written on this device · Today, 10:40", or "Deleted on…" for a delete. */
static char *
describe_origin (const char *device,
                 const char *hlc,
                 const char *own_device,
                 gboolean    deleted)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = dossier_sync_format_hlc_time (hlc, now);
  gboolean own = g_strcmp0 (device, own_device) == 0;
  const char *who;

  if (device == NULL)
    return g_strdup ("");
  if (deleted)
    who = own ? _("Deleted on this device") : _("Deleted on another device");
  else
    who = own ? _("Written on this device") : _("Written on another device");
  if (when == NULL)
    return g_strdup (who);
  /* Translators: who wrote a value, then when, as in "Written on this device · Today, 10:40" */
  return g_strdup_printf (_("%s · %s"), who, when);
}

static void
use_loser_clicked_cb (GtkButton          *button,
                      DossierConflictRow *self)
{
  JsonObject *loser = g_object_get_data (G_OBJECT (button), "dossier-loser");
  JsonNode *value = json_object_get_member (loser, "value");
  g_autoptr(JsonNode) chosen = value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL);

  g_signal_emit (self, signals[RESOLVE], 0, chosen);
}

static GtkWidget *
make_label (const char *text,
            const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_line_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style != NULL)
    gtk_style_context_add_class (gtk_widget_get_style_context (label), style);
  return label;
}

/* A card like the current value's (see the .ui), for one losing value. */
static void
add_loser_card (DossierConflictRow *self,
                JsonObject         *loser,
                const char         *own_device)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *value = dossier_field_format_value (loser_text (loser, "kind"),
                                                       loser_text (loser, "field"),
                                                       json_object_get_member (loser, "value"), now);
  g_autofree char *origin = describe_origin (loser_text (loser, "device"), loser_text (loser, "hlc"),
                                             own_device, FALSE);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = make_label (_("Other value"), "dim-label");
  GtkWidget *value_label = make_label (value, "conflict-value");

  gtk_style_context_add_class (gtk_widget_get_style_context (frame), "conflict-card");
  gtk_style_context_add_class (gtk_widget_get_style_context (frame), "view");
  gtk_style_context_add_class (gtk_widget_get_style_context (title), "conflict-card-title");
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  atk_object_set_name (gtk_widget_get_accessible (value_label), _("Other value text"));
  gtk_container_add (GTK_CONTAINER (box), title);
  gtk_container_add (GTK_CONTAINER (box), value_label);
  gtk_container_add (GTK_CONTAINER (box), make_label (origin, "dim-label"));
  /* A deleted record takes no value: it can only be kept deleted. */
  if (!self->deleted)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Use This Value"));

      atk_object_set_name (gtk_widget_get_accessible (button), _("Use the other value"));
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_valign (button, GTK_ALIGN_END);
      gtk_widget_set_vexpand (button, TRUE);
      g_object_set_data (G_OBJECT (button), "dossier-loser", loser);
      g_signal_connect_object (button, "clicked", G_CALLBACK (use_loser_clicked_cb), self, 0);
      gtk_container_add (GTK_CONTAINER (box), button);
    }
  gtk_container_add (GTK_CONTAINER (frame), box);
  gtk_widget_show_all (frame);
  gtk_box_pack_start (self->losers_box, frame, TRUE, TRUE, 0);
}

static void
fill (DossierConflictRow *self,
      JsonObject         *context,
      const char         *own_device)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  JsonObject *loser = first_loser (self);
  const char *kind = dossier_conflict_row_get_kind (self);
  const char *field = dossier_conflict_row_get_field (self);
  g_autofree char *record_title = dossier_record_title (kind, context);
  /* Translators: a record that was deleted, as in "Case (deleted)" */
  g_autofree char *title = self->deleted ? g_strdup_printf (_("%s (deleted)"), record_title)
                                         : g_strdup (record_title);
  g_autofree char *current = self->deleted ? g_strdup (_("Deleted"))
                            : dossier_field_format_value (kind, field, self->current_value, now);
  g_autofree char *origin = self->deleted
    ? describe_origin (loser_text (loser, "deleted_device"), loser_text (loser, "deleted_hlc"),
                       own_device, TRUE)
    : describe_origin (loser_text (loser, "current_device"), NULL, own_device, FALSE);
  g_autofree char *name = NULL;

  gtk_label_set_text (self->field_label, dossier_field_get_label (kind, field));
  gtk_label_set_text (self->record_label, title);
  gtk_widget_set_visible (self->critical_label,
                          json_object_get_boolean_member_with_default (loser, "critical", FALSE));
  gtk_label_set_text (self->current_value_label, current);
  gtk_label_set_text (self->current_origin_label, origin);
  gtk_widget_set_visible (GTK_WIDGET (self->current_origin_label), *origin != '\0');
  for (guint i = 0; i < self->losers->len; i++)
    add_loser_card (self, self->losers->pdata[i], own_device);

  /* Translators: a field and the record it belongs to, as in "Passport number of DOS-2026-00042" */
  name = g_strdup_printf (_("%s of %s"), dossier_field_get_label (kind, field), title);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), name);
  if (self->deleted)
    {
      gtk_label_set_text (self->current_title_label, _("Record"));
      gtk_button_set_label (GTK_BUTTON (self->keep_button), _("_Keep Deleted"));
      atk_object_set_name (gtk_widget_get_accessible (self->keep_button),
                           _("Keep the record deleted"));
      gtk_widget_set_visible (self->new_value_box, FALSE);
      gtk_label_set_text (self->hint_label,
                          _("The record was deleted while this value was being written. "
                            "It cannot be brought back: copy the value if you still need it, "
                            "then keep the record deleted."));
      gtk_widget_set_visible (GTK_WIDGET (self->hint_label), TRUE);
      return;
    }
  gtk_widget_set_visible (self->new_value_box, dossier_field_is_typeable (kind, field));
  gtk_label_set_text (self->hint_label, dossier_field_describe_format (kind, field));
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label),
                          *dossier_field_describe_format (kind, field) != '\0');
}

static void
keep_clicked_cb (DossierConflictRow *self)
{
  if (self->deleted)
    g_signal_emit (self, signals[KEEP_DELETED], 0);
  else
    g_signal_emit (self, signals[RESOLVE], 0, self->current_value);
}

/* Validates as the user types; returns the value when the text is one. */
static JsonNode *
parse_new_value (DossierConflictRow  *self,
                 GError             **error)
{
  const char *text = gtk_entry_get_text (self->new_value_entry);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (*trimmed == '\0')
    return NULL;
  return dossier_field_parse_value (dossier_conflict_row_get_kind (self),
                                    dossier_conflict_row_get_field (self), text, error);
}

static void
new_value_changed_cb (DossierConflictRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = parse_new_value (self, &error);

  gtk_entry_set_icon_from_icon_name (self->new_value_entry, GTK_ENTRY_ICON_SECONDARY,
                                     error != NULL ? "dialog-warning-symbolic" : NULL);
  gtk_entry_set_icon_tooltip_text (self->new_value_entry, GTK_ENTRY_ICON_SECONDARY,
                                   error != NULL ? error->message : NULL);
  dossier_conflict_row_show_error (self, error != NULL ? error->message : NULL);
  gtk_widget_set_sensitive (self->resolve_button, value != NULL && !self->busy);
}

static void
new_value_activate_cb (DossierConflictRow *self)
{
  g_autoptr(JsonNode) value = parse_new_value (self, NULL);

  if (value != NULL && !self->busy)
    g_signal_emit (self, signals[RESOLVE], 0, value);
}

/**
 * dossier_conflict_row_set_busy:
 * @self: a #DossierConflictRow
 * @busy: whether a resolution of this field is being written
 */
void
dossier_conflict_row_set_busy (DossierConflictRow *self,
                               gboolean            busy)
{
  g_return_if_fail (DOSSIER_IS_CONFLICT_ROW (self));

  self->busy = busy;
  gtk_widget_set_sensitive (self->keep_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->losers_box), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_value_entry), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  if (busy)
    {
      gtk_spinner_start (self->spinner);
      gtk_widget_set_sensitive (self->resolve_button, FALSE);
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      new_value_changed_cb (self);
    }
}

/**
 * dossier_conflict_row_show_error:
 * @self: a #DossierConflictRow
 * @message: (nullable): what went wrong, or %NULL to hide the message
 */
void
dossier_conflict_row_show_error (DossierConflictRow *self,
                                 const char         *message)
{
  g_return_if_fail (DOSSIER_IS_CONFLICT_ROW (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
dossier_conflict_row_finalize (GObject *object)
{
  DossierConflictRow *self = DOSSIER_CONFLICT_ROW (object);

  g_clear_pointer (&self->losers, g_ptr_array_unref);
  g_clear_pointer (&self->current_value, json_node_unref);
  g_free (self->key);
  g_free (self->signature);

  G_OBJECT_CLASS (dossier_conflict_row_parent_class)->finalize (object);
}

static void
dossier_conflict_row_class_init (DossierConflictRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dossier_conflict_row_finalize;

  /**
   * DossierConflictRow::resolve:
   * @value: the value chosen or typed for the field
   */
  signals[RESOLVE] = g_signal_new ("resolve", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE);

  /**
   * DossierConflictRow::keep-deleted:
   *
   * The record was deleted; the user settles its conflicts by keeping it so.
   */
  signals[KEEP_DELETED] = g_signal_new ("keep-deleted", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-conflict-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, critical_label);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, field_label);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, record_label);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, current_title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, current_value_label);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, current_origin_label);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, keep_button);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, losers_box);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, new_value_box);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, new_value_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, DossierConflictRow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, keep_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_value_activate_cb);
}

static void
dossier_conflict_row_init (DossierConflictRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dossier_conflict_row_new:
 * @losers: (element-type JsonObject): the conflicts of one field, at least one
 * @context: (nullable): what names the record
 * @own_device: (nullable): this replica's device id
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
dossier_conflict_row_new (GPtrArray  *losers,
                          JsonObject *context,
                          const char *own_device)
{
  DossierConflictRow *self;
  JsonNode *current;

  g_return_val_if_fail (losers != NULL && losers->len > 0, NULL);

  self = g_object_new (DOSSIER_TYPE_CONFLICT_ROW, NULL);
  self->losers = g_ptr_array_ref (losers);
  current = json_object_get_member (first_loser (self), "current_value");
  self->current_value = current != NULL ? json_node_copy (current) : json_node_new (JSON_NODE_NULL);
  self->key = dossier_conflict_row_make_key (first_loser (self));
  self->signature = dossier_conflict_row_make_signature (losers);
  self->deleted = json_object_get_boolean_member_with_default (first_loser (self), "deleted", FALSE);
  fill (self, context, own_device);
  return GTK_WIDGET (self);
}
