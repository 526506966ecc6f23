/* dossier-sync-warning-bar.c: a warning after days without a successful sync.
 *
 * A specialist may work offline for days on purpose; the status says
 * "Offline" calmly.  But after sync-warning-days whole days (see
 * dossier_sync_should_warn()), colleagues' work on the same cases is likely
 * missing here, which is worth a visible bar with a way to act.
 */

#include <glib/gi18n.h>

#include "dossier-settings.h"
#include "dossier-sync-format.h"
#include "dossier-sync-status.h"
#include "dossier-sync-warning-bar.h"

/* Days pass while the window stays open. */
#define CHECK_SECONDS 60

struct _DossierSyncWarningBar
{
  GtkInfoBar         parent_instance;

  GtkLabel          *title_label;
  GtkLabel          *detail_label;

  GSettings         *settings;
  DossierSyncEngine *engine;
  guint              check_id;
};

G_DEFINE_FINAL_TYPE (DossierSyncWarningBar, dossier_sync_warning_bar, GTK_TYPE_INFO_BAR)

static const char *
describe_next_step (DossierSyncState state)
{
  switch (state)
    {
    case DOSSIER_SYNC_STATE_NEEDS_LOGIN:
      return _("Cases may have changed on other devices since. Log in again to sync.");
    case DOSSIER_SYNC_STATE_FAILED:
      return _("Cases may have changed on other devices since. Syncing fails: see the sync status "
               "for the reason.");
    case DOSSIER_SYNC_STATE_OFFLINE:
      return _("Cases may have changed on other devices since. Connect to your office’s network to "
               "sync.");
    case DOSSIER_SYNC_STATE_SIGNED_OUT:
    case DOSSIER_SYNC_STATE_SYNCING:
    case DOSSIER_SYNC_STATE_SYNCED:
    default:
      return _("Cases may have changed on other devices since.");
    }
}

static void
update (DossierSyncWarningBar *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  DossierSyncState state;
  gint64 last;
  gboolean warn;
  g_autofree char *title = NULL;

  if (self->engine == NULL)
    {
      gtk_widget_hide (GTK_WIDGET (self));
      return;
    }
  state = dossier_sync_engine_get_state (self->engine);
  last = dossier_sync_engine_get_last_success (self->engine);
  /* Logged out on purpose: there is nothing to sync, so nothing to warn of. */
  warn = state != DOSSIER_SYNC_STATE_SIGNED_OUT && state != DOSSIER_SYNC_STATE_SYNCED
         && dossier_sync_should_warn (last, now,
                                      (guint) g_settings_get_int (self->settings,
                                                                  "sync-warning-days"));
  if (warn)
    {
      title = dossier_sync_format_warning (dossier_sync_days_without_success (last, now));
      gtk_label_set_text (self->title_label, title);
      gtk_label_set_text (self->detail_label, describe_next_step (state));
    }
  gtk_widget_set_visible (GTK_WIDGET (self), warn);
}

static gboolean
check_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * dossier_sync_warning_bar_set_engine:
 * @self: a #DossierSyncWarningBar
 * @engine: (nullable): the engine whose last success to watch
 */
void
dossier_sync_warning_bar_set_engine (DossierSyncWarningBar *self,
                                     DossierSyncEngine     *engine)
{
  g_return_if_fail (DOSSIER_IS_SYNC_WARNING_BAR (self));
  g_return_if_fail (engine == NULL || DOSSIER_IS_SYNC_ENGINE (engine));

  if (self->engine != engine)
    {
      if (self->engine != NULL)
        g_signal_handlers_disconnect_by_data (self->engine, self);
      g_set_object (&self->engine, engine);
      if (engine != NULL)
        g_signal_connect_object (engine, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

static void
engine_changed_cb (GtkWidget         *widget,
                   DossierSyncEngine *engine)
{
  dossier_sync_warning_bar_set_engine (DOSSIER_SYNC_WARNING_BAR (widget), engine);
}

static void
dossier_sync_warning_bar_dispose (GObject *object)
{
  DossierSyncWarningBar *self = DOSSIER_SYNC_WARNING_BAR (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dossier_sync_warning_bar_parent_class)->dispose (object);
}

static void
dossier_sync_warning_bar_class_init (DossierSyncWarningBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_sync_warning_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-sync-warning-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierSyncWarningBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncWarningBar, detail_label);
}

static void
dossier_sync_warning_bar_init (DossierSyncWarningBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = dossier_settings_new ();
  g_signal_connect_object (self->settings, "changed::sync-warning-days", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  self->check_id = g_timeout_add_seconds (CHECK_SECONDS, check_cb, self);
  dossier_sync_status_follow_engine (GTK_WIDGET (self), engine_changed_cb);
}

/**
 * dossier_sync_warning_bar_new:
 *
 * Returns: (transfer floating): a new warning bar, hidden until it applies
 */
GtkWidget *
dossier_sync_warning_bar_new (void)
{
  return g_object_new (DOSSIER_TYPE_SYNC_WARNING_BAR, NULL);
}
