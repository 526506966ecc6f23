/* dossier-fee-row.c: a fee, edited in place.
 *
 * A case has at most one fee of each kind, so the kind names the row's
 * controls ("Consular fee: Amount paid").  The amount paid and the day it was
 * paid are one group: entering a payment without a date dates it today.
 */

#include <glib/gi18n.h>

#include "dossier-date.h"
#include "dossier-fee-row.h"
#include "dossier-form-fields.h"

struct _DossierFeeRow
{
  GtkListBoxRow       parent_instance;

  GtkLabel           *kind_label;
  GtkEntry           *quoted_entry;
  GtkEntry           *paid_entry;
  GtkEntry           *currency_entry;
  GtkEntry           *paid_on_entry;
  GtkEntry           *receipt_entry;
  GtkLabel           *status_label;
  GtkButton          *delete_button;

  DossierFormFields  *fields;
  DossierCaseSession *session;
  char               *id;
  char               *kind;
  double              quoted;
  double              paid;
  char               *currency;
};

G_DEFINE_FINAL_TYPE (DossierFeeRow, dossier_fee_row, GTK_TYPE_LIST_BOX_ROW)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const fee_kinds[] = {
  "service", "consular", "visa_centre", "courier", "other", NULL
};

static const char *const fee_labels[] = {
  N_("Service fee"), N_("Consular fee"), N_("Visa centre fee"), N_("Courier fee"), N_("Other fee"),
};

/**
 * dossier_fee_kinds_get_all:
 *
 * Returns: (transfer none): the stored fee kinds, %NULL-terminated
 */
const char *const *
dossier_fee_kinds_get_all (void)
{
  return fee_kinds;
}

/**
 * dossier_fee_kind_get_label:
 *
 * Returns: (transfer none): the kind's name in the user's language, or @kind
 *   itself for a kind this version does not know
 */
const char *
dossier_fee_kind_get_label (const char *kind)
{
  for (guint i = 0; fee_kinds[i] != NULL; i++)
    if (g_strcmp0 (fee_kinds[i], kind) == 0)
      return _(fee_labels[i]);
  return kind;
}

static double
amount_of (JsonNode *value)
{
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return -1;
  return json_node_get_double (value);
}

static void
update_status (DossierFeeRow *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self->status_label));
  const char *text = "";
  const char *style = NULL;

  if (self->quoted > 0 && self->paid >= self->quoted)
    {
      text = _("Paid");
      style = "success";
    }
  else if (self->paid > 0)
    {
      text = self->quoted > 0 ? _("Part paid") : _("Paid");
      style = self->quoted > 0 ? "warning" : "success";
    }
  else if (self->quoted > 0)
    {
      text = _("Unpaid");
      style = "error";
    }

  gtk_label_set_text (self->status_label, text);
  gtk_style_context_remove_class (context, "flag-chip");
  gtk_style_context_remove_class (context, "success");
  gtk_style_context_remove_class (context, "warning");
  gtk_style_context_remove_class (context, "error");
  if (style == NULL)
    return;
  gtk_style_context_add_class (context, "flag-chip");
  gtk_style_context_add_class (context, style);
}

static void
stage_payment (DossierFeeRow *self)
{
  const char *const payment[] = { "amount_paid", "paid_on", NULL };
  g_autoptr(JsonNode) paid = NULL;

  if (dossier_form_fields_read (self->fields, "amount_paid", &paid)
      && amount_of (paid) > 0 && *gtk_entry_get_text (self->paid_on_entry) == '\0')
    {
      g_autofree char *today_text = NULL;
      g_autoptr(JsonNode) today = NULL;
      GDate date;

      dossier_date_set_today (&date);
      today_text = dossier_date_format_iso (&date);
      today = json_node_init_string (json_node_alloc (), today_text);
      dossier_form_fields_set_value (self->fields, "paid_on", today);
    }
  dossier_form_fields_stage (self->fields, payment, NULL);
}

static void
field_changed_cb (DossierFormFields *fields,
                  const char        *field,
                  gpointer           user_data)
{
  DossierFeeRow *self = user_data;
  const char *const single[] = { field, NULL };
  g_autoptr(JsonNode) value = NULL;

  if (g_str_equal (field, "amount_paid") || g_str_equal (field, "paid_on"))
    stage_payment (self);
  else
    dossier_form_fields_stage (fields, single, NULL);

  /* Totals follow the last valid value, as the replica does. */
  if (!dossier_form_fields_read (fields, field, &value))
    return;
  if (g_str_equal (field, "amount_quoted"))
    self->quoted = amount_of (value);
  else if (g_str_equal (field, "amount_paid"))
    self->paid = amount_of (value);
  else if (g_str_equal (field, "currency"))
    {
      g_free (self->currency);
      self->currency = JSON_NODE_HOLDS_NULL (value) ? NULL : g_strdup (json_node_get_string (value));
    }
  else
    return;
  update_status (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
delete_clicked_cb (DossierFeeRow *self)
{
  dossier_case_session_delete (self->session, "fee", self->id);
  gtk_widget_destroy (GTK_WIDGET (self));
}

static void
bind_fields (DossierFeeRow *self)
{
  DossierFormFields *f = self->fields;
  const char *label = dossier_fee_kind_get_label (self->kind);
  const char *const names[] = { "amount_quoted", "amount_paid", "currency", "paid_on", "receipt" };
  GtkWidget *controls[] = {
    GTK_WIDGET (self->quoted_entry), GTK_WIDGET (self->paid_entry),
    GTK_WIDGET (self->currency_entry), GTK_WIDGET (self->paid_on_entry),
    GTK_WIDGET (self->receipt_entry), GTK_WIDGET (self->delete_button),
  };
  const DossierFieldInput inputs[] = {
    DOSSIER_FIELD_INPUT_AMOUNT, DOSSIER_FIELD_INPUT_AMOUNT, DOSSIER_FIELD_INPUT_CURRENCY,
    DOSSIER_FIELD_INPUT_DATE, DOSSIER_FIELD_INPUT_TEXT,
  };

  gtk_label_set_text (self->kind_label, label);
  dossier_accessible_add_prefix (GTK_WIDGET (self->status_label), label);
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    dossier_accessible_add_prefix (controls[i], label);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      dossier_form_fields_add (f, names[i], controls[i], inputs[i]);
      dossier_form_fields_set_handler (f, names[i], field_changed_cb, self);
    }
}

static void
dossier_fee_row_dispose (GObject *object)
{
  DossierFeeRow *self = DOSSIER_FEE_ROW (object);

  g_clear_pointer (&self->fields, dossier_form_fields_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dossier_fee_row_parent_class)->dispose (object);
}

static void
dossier_fee_row_finalize (GObject *object)
{
  DossierFeeRow *self = DOSSIER_FEE_ROW (object);

  g_free (self->id);
  g_free (self->kind);
  g_free (self->currency);

  G_OBJECT_CLASS (dossier_fee_row_parent_class)->finalize (object);
}

static void
dossier_fee_row_class_init (DossierFeeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_fee_row_dispose;
  object_class->finalize = dossier_fee_row_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-fee-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierFeeRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DossierFeeRow, quoted_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierFeeRow, paid_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierFeeRow, currency_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierFeeRow, paid_on_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierFeeRow, receipt_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierFeeRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, DossierFeeRow, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
}

static void
dossier_fee_row_init (DossierFeeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = dossier_form_fields_new ("fee");
  self->quoted = self->paid = -1;
}

GtkWidget *
dossier_fee_row_new (DossierCaseSession *session,
                     JsonObject         *record)
{
  DossierFeeRow *self = g_object_new (DOSSIER_TYPE_FEE_ROW, NULL);

  self->session = g_object_ref (session);
  self->id = g_strdup (json_object_get_string_member (record, "id"));
  self->kind = g_strdup (json_object_get_string_member_with_default (record, "kind", "other"));
  self->quoted = amount_of (json_object_get_member (record, "amount_quoted"));
  self->paid = amount_of (json_object_get_member (record, "amount_paid"));
  self->currency = g_strdup (json_object_get_string_member_with_default (record, "currency", NULL));
  bind_fields (self);
  dossier_form_fields_set_session (self->fields, session, self->id);
  dossier_form_fields_load (self->fields, record);
  update_status (self);
  return GTK_WIDGET (self);
}

const char *
dossier_fee_row_get_id (DossierFeeRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_FEE_ROW (self), NULL);
  return self->id;
}

const char *
dossier_fee_row_get_kind (DossierFeeRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_FEE_ROW (self), NULL);
  return self->kind;
}

void
dossier_fee_row_get_amounts (DossierFeeRow  *self,
                             double         *out_quoted,
                             double         *out_paid,
                             const char    **out_currency)
{
  g_return_if_fail (DOSSIER_IS_FEE_ROW (self));
  *out_quoted = self->quoted;
  *out_paid = self->paid;
  *out_currency = self->currency;
}

/* A row just added has no place on screen yet: focus it (and so scroll
 * to it) once it has been laid out and drawn. */
static gboolean
focus_later_cb (gpointer user_data)
{
  DossierFeeRow *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->quoted_entry));
  return G_SOURCE_REMOVE;
}

static void
allocated_cb (DossierFeeRow *self)
{
  g_signal_handlers_disconnect_by_func (self, allocated_cb, NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_later_cb, g_object_ref (self), g_object_unref);
}

void
dossier_fee_row_focus (DossierFeeRow *self)
{
  g_return_if_fail (DOSSIER_IS_FEE_ROW (self));
  g_signal_connect (self, "size-allocate", G_CALLBACK (allocated_cb), NULL);
}
