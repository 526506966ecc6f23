/* dossier-sync-marker.c: "Not yet synced" beside a case (see the header). */

#include <glib/gi18n.h>

#include "dossier-replica-pending.h"
#include "dossier-sync-marker.h"
#include "dossier-sync-status.h"

struct _DossierSyncMarker
{
  GtkBin             parent_instance;

  GtkLabel          *label;

  DossierReplica    *replica;
  char              *case_id;
  DossierSyncEngine *engine;
  GCancellable      *cancellable;   /* the count being read, if any */
};

G_DEFINE_FINAL_TYPE (DossierSyncMarker, dossier_sync_marker, GTK_TYPE_BIN)

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 pending = dossier_replica_count_case_pending_finish (DOSSIER_REPLICA (source), result,
                                                              &error);
  DossierSyncMarker *self;
  g_autofree char *tooltip = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (pending < 0)
    {
      g_warning ("Counting a case’s changes not yet sent: %s", error->message);
      pending = 0;
    }
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%d change to this case has not reached the server yet",
                                          "%d changes to this case have not reached the server yet",
                                          (gulong) MIN (pending, G_MAXINT)),
                             (int) MIN (pending, G_MAXINT));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->label), tooltip);
  atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (self->label)), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self), pending > 0);
}

/**
 * dossier_sync_marker_refresh:
 * @self: a #DossierSyncMarker
 *
 * Counts the case's changes not yet sent again (a newer count replaces one
 * still being read).
 */
void
dossier_sync_marker_refresh (DossierSyncMarker *self)
{
  g_return_if_fail (DOSSIER_IS_SYNC_MARKER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->replica == NULL || self->case_id == NULL || self->engine == NULL
      || dossier_sync_engine_get_state (self->engine) == DOSSIER_SYNC_STATE_SIGNED_OUT)
    {
      gtk_widget_hide (GTK_WIDGET (self));
      return;
    }
  self->cancellable = g_cancellable_new ();
  dossier_replica_count_case_pending_async (self->replica, self->case_id, self->cancellable,
                                            counted_cb, self);
}

/**
 * dossier_sync_marker_set_case:
 * @self: a #DossierSyncMarker
 * @replica: (nullable): the replica the case is in
 * @case_id: (nullable): the case shown, or %NULL for none
 */
void
dossier_sync_marker_set_case (DossierSyncMarker *self,
                              DossierReplica    *replica,
                              const char        *case_id)
{
  g_return_if_fail (DOSSIER_IS_SYNC_MARKER (self));
  g_return_if_fail (replica == NULL || DOSSIER_IS_REPLICA (replica));

  g_set_object (&self->replica, replica);
  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
  dossier_sync_marker_refresh (self);
}

/* The engine publishes its counts after every step, and a save wakes it. */
static void
engine_notify_cb (DossierSyncMarker *self,
                  GParamSpec        *pspec)
{
  if (g_str_equal (g_param_spec_get_name (pspec), "pending")
      || g_str_equal (g_param_spec_get_name (pspec), "state"))
    dossier_sync_marker_refresh (self);
}

static void
engine_changed_cb (GtkWidget         *widget,
                   DossierSyncEngine *engine)
{
  DossierSyncMarker *self = DOSSIER_SYNC_MARKER (widget);

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "notify", G_CALLBACK (engine_notify_cb), self,
                             G_CONNECT_SWAPPED);
  dossier_sync_marker_refresh (self);
}

static void
dossier_sync_marker_dispose (GObject *object)
{
  DossierSyncMarker *self = DOSSIER_SYNC_MARKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->replica);
  g_clear_pointer (&self->case_id, g_free);

  G_OBJECT_CLASS (dossier_sync_marker_parent_class)->dispose (object);
}

static void
dossier_sync_marker_class_init (DossierSyncMarkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_sync_marker_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-sync-marker.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierSyncMarker, label);
}

static void
dossier_sync_marker_init (DossierSyncMarker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_no_show_all (GTK_WIDGET (self), TRUE);
  dossier_sync_status_follow_engine (GTK_WIDGET (self), engine_changed_cb);
}

/**
 * dossier_sync_marker_new:
 *
 * Returns: (transfer floating): a new marker, hidden until a case has changes not yet sent
 */
GtkWidget *
dossier_sync_marker_new (void)
{
  return g_object_new (DOSSIER_TYPE_SYNC_MARKER, NULL);
}
