/* dossier-fees-view.c: the fees half of the "Fees & courier" tab.
 *
 * One row per fee kind, in the order of the kinds; "Add fee" offers the
 * kinds the case does not have yet, and the totals are summed by currency.  A new fee is written at once
 * (kind, case and currency), so a row on screen always has a record behind it.
 */

#include <glib/gi18n.h>

#include "dossier-fee-row.h"
#include "dossier-fees-view.h"

#define KIND_KEY "dossier-fee-kind"

struct _DossierFeesView
{
  GtkBox              parent_instance;

  GtkMenuButton      *add_button;
  GtkPopover         *add_popover;
  GtkBox             *kinds_box;
  GtkLabel           *hint_label;
  GtkListBox         *list_box;
  GtkLabel           *totals_label;

  DossierCaseSession *session;
  GCancellable       *cancellable;
  guint               update_id;
  gboolean            disposed;
};

G_DEFINE_FINAL_TYPE (DossierFeesView, dossier_fees_view, GTK_TYPE_BOX)

static GList *
get_rows (DossierFeesView *self)
{
  return gtk_container_get_children (GTK_CONTAINER (self->list_box));
}

static gboolean
has_kind (DossierFeesView *self,
          const char      *kind)
{
  g_autoptr(GList) rows = get_rows (self);

  for (GList *l = rows; l != NULL; l = l->next)
    if (g_strcmp0 (dossier_fee_row_get_kind (l->data), kind) == 0)
      return TRUE;
  return FALSE;
}

static void
append_total (GString    *text,
              const char *currency,
              double      quoted,
              double      paid)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append_printf (text, _("%s: quoted %.2f, paid %.2f, outstanding %.2f"),
                          currency != NULL ? currency : _("No currency"), quoted, paid,
                          MAX (quoted - paid, 0));
}

/* A fee without a currency yet is a currency of its own: NULL. */
static gboolean
has_currency (GPtrArray  *currencies,
              const char *currency)
{
  for (guint i = 0; i < currencies->len; i++)
    if (g_strcmp0 (currencies->pdata[i], currency) == 0)
      return TRUE;
  return FALSE;
}

/* Sums by currency: fees in different currencies are never added together. */
static void
update_totals (DossierFeesView *self)
{
  g_autoptr(GList) rows = get_rows (self);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) currencies = g_ptr_array_new_with_free_func (g_free);

  for (GList *l = rows; l != NULL; l = l->next)
    {
      double quoted, paid;
      const char *currency;

      dossier_fee_row_get_amounts (l->data, &quoted, &paid, &currency);
      if (!has_currency (currencies, currency))
        g_ptr_array_add (currencies, g_strdup (currency));
    }
  for (guint i = 0; i < currencies->len; i++)
    {
      double quoted_sum = 0, paid_sum = 0;

      for (GList *l = rows; l != NULL; l = l->next)
        {
          double quoted, paid;
          const char *currency;

          dossier_fee_row_get_amounts (l->data, &quoted, &paid, &currency);
          if (g_strcmp0 (currency, currencies->pdata[i]) != 0)
            continue;
          quoted_sum += MAX (quoted, 0);
          paid_sum += MAX (paid, 0);
        }
      if (quoted_sum > 0 || paid_sum > 0)
        append_total (text, currencies->pdata[i], quoted_sum, paid_sum);
    }
  gtk_label_set_text (self->totals_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->totals_label), text->len > 0);
}

static void
update_state (DossierFeesView *self)
{
  g_autoptr(GList) rows = get_rows (self);
  g_autoptr(GList) buttons = gtk_container_get_children (GTK_CONTAINER (self->kinds_box));
  gboolean created = self->session != NULL && dossier_case_session_is_created (self->session);
  gboolean any_free = FALSE;

  for (GList *l = buttons; l != NULL; l = l->next)
    {
      gboolean used = has_kind (self, g_object_get_data (l->data, KIND_KEY));
      gtk_widget_set_sensitive (l->data, !used);
      any_free |= !used;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), created && any_free);
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), rows != NULL);

  if (self->session != NULL && !created)
    gtk_label_set_text (self->hint_label, _("Fees can be recorded once the case is saved."));
  else if (rows == NULL)
    gtk_label_set_text (self->hint_label, _("No fees recorded."));
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), rows == NULL || !created);
  update_totals (self);
}

static gboolean
update_later_cb (gpointer user_data)
{
  DossierFeesView *self = user_data;

  self->update_id = 0;
  update_state (self);
  return G_SOURCE_REMOVE;
}

static void
row_destroyed_cb (DossierFeesView *self)
{
  /* The row is still a child while it is being destroyed: look once it is gone. */
  if (!self->disposed && self->update_id == 0)
    self->update_id = g_idle_add (update_later_cb, self);
}

static DossierFeeRow *
add_row (DossierFeesView *self,
         JsonObject      *record)
{
  GtkWidget *row = dossier_fee_row_new (self->session, record);

  g_signal_connect_object (row, "changed", G_CALLBACK (update_totals), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "destroy", G_CALLBACK (row_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_container_add (GTK_CONTAINER (self->list_box), row);
  return DOSSIER_FEE_ROW (row);
}

/* A new fee is in the currency the case's other fees use, if they agree on one. */
static const char *
usual_currency (DossierFeesView *self)
{
  g_autoptr(GList) rows = get_rows (self);
  const char *found = NULL;

  for (GList *l = rows; l != NULL; l = l->next)
    {
      double quoted, paid;
      const char *currency;

      dossier_fee_row_get_amounts (l->data, &quoted, &paid, &currency);
      if (currency != NULL && found != NULL && g_strcmp0 (currency, found) != 0)
        return NULL;
      if (currency != NULL)
        found = currency;
    }
  return found;
}

static void
kind_clicked_cb (GtkButton       *button,
                 DossierFeesView *self)
{
  const char *kind = g_object_get_data (G_OBJECT (button), KIND_KEY);
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) record = NULL;
  const char *currency = usual_currency (self);

  gtk_popover_popdown (self->add_popover);
  json_object_set_string_member (fields, "case_id", dossier_case_session_get_case_id (self->session));
  json_object_set_string_member (fields, "kind", kind);
  if (currency != NULL)
    json_object_set_string_member (fields, "currency", currency);
  dossier_case_session_stage (self->session, "fee", id, fields);
  dossier_case_session_flush (self->session);

  record = json_object_ref (fields);
  json_object_set_string_member (record, "id", id);
  dossier_fee_row_focus (add_row (self, record));
  update_state (self);
}

static void
fees_listed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DossierFeesView *self = user_data;
  g_autoptr(GPtrArray) fees = NULL;
  g_autoptr(GError) error = NULL;

  fees = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (fees == NULL)
    {
      gtk_label_set_text (self->hint_label, error->message);
      gtk_widget_show (GTK_WIDGET (self->hint_label));
      return;
    }
  for (guint i = 0; i < fees->len; i++)
    add_row (self, fees->pdata[i]);
  update_state (self);
}

static int
kind_position (const char *kind)
{
  const char *const *kinds = dossier_fee_kinds_get_all ();

  for (int i = 0; kinds[i] != NULL; i++)
    if (g_strcmp0 (kinds[i], kind) == 0)
      return i;
  return G_MAXINT;
}

static int
sort_rows (GtkListBoxRow *a,
           GtkListBoxRow *b,
           gpointer       user_data)
{
  return kind_position (dossier_fee_row_get_kind (DOSSIER_FEE_ROW (a)))
         - kind_position (dossier_fee_row_get_kind (DOSSIER_FEE_ROW (b)));
}

static void
load_fees (DossierFeesView *self)
{
  g_autoptr(GList) rows = get_rows (self);

  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  update_state (self);
  if (self->session == NULL || !dossier_case_session_is_created (self->session))
    return;
  dossier_replica_list_async (dossier_case_session_get_replica (self->session), "fee", "case_id",
                              dossier_case_session_get_case_id (self->session), NULL, 0,
                              self->cancellable, fees_listed_cb, self);
}

static void
add_kind_buttons (DossierFeesView *self)
{
  const char *const *kinds = dossier_fee_kinds_get_all ();

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (dossier_fee_kind_get_label (kinds[i]));

      gtk_button_set_relief (GTK_BUTTON (button), GTK_RELIEF_NONE);
      gtk_widget_set_halign (gtk_bin_get_child (GTK_BIN (button)), GTK_ALIGN_START);
      g_object_set_data (G_OBJECT (button), KIND_KEY, (gpointer) kinds[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (kind_clicked_cb), self);
      gtk_widget_show (button);
      gtk_container_add (GTK_CONTAINER (self->kinds_box), button);
    }
}

static void
dossier_fees_view_dispose (GObject *object)
{
  DossierFeesView *self = DOSSIER_FEES_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  self->disposed = TRUE;
  g_clear_handle_id (&self->update_id, g_source_remove);

  G_OBJECT_CLASS (dossier_fees_view_parent_class)->dispose (object);
}

static void
dossier_fees_view_class_init (DossierFeesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_fees_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-fees-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierFeesView, add_button);
  gtk_widget_class_bind_template_child (widget_class, DossierFeesView, add_popover);
  gtk_widget_class_bind_template_child (widget_class, DossierFeesView, kinds_box);
  gtk_widget_class_bind_template_child (widget_class, DossierFeesView, hint_label);
  gtk_widget_class_bind_template_child (widget_class, DossierFeesView, list_box);
  gtk_widget_class_bind_template_child (widget_class, DossierFeesView, totals_label);
}

static void
dossier_fees_view_init (DossierFeesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_sort_func (self->list_box, sort_rows, NULL, NULL);
  add_kind_buttons (self);
  update_state (self);
}

GtkWidget *
dossier_fees_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_FEES_VIEW, NULL);
}

/**
 * dossier_fees_view_set_session:
 * @session: (nullable): the case being edited
 */
void
dossier_fees_view_set_session (DossierFeesView    *self,
                               DossierCaseSession *session)
{
  g_return_if_fail (DOSSIER_IS_FEES_VIEW (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->session, session);
  load_fees (self);

  if (session == NULL)
    return;
  g_signal_connect_swapped (session, "loaded", G_CALLBACK (load_fees), self);
  g_signal_connect_swapped (session, "created", G_CALLBACK (update_state), self);
}
