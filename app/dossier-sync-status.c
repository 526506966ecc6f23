/* dossier-sync-status.c: the sync status in the header bar.
 *
 * Everything shown follows the properties of the application's
 * DossierSyncEngine, which publishes them on the main context after each
 * step of its cycle; this widget never waits on the network or the disk (the
 * one query it makes, refused changes, is asynchronous).  Offline is shown
 * calmly, as a state and not an error; a failure shows its reason in the
 * tooltip and the popover, with Retry beside the status.
 */

#include <glib/gi18n.h>

#include "dossier-application.h"
#include "dossier-conflicts-dialog.h"
#include "dossier-replica-pending.h"
#include "dossier-sync-format.h"
#include "dossier-sync-status.h"
#include "dossier-window.h"

/* "Synced at 10:42" becomes "Synced yesterday at 10:42" at midnight. */
#define CLOCK_SECONDS 30

struct _DossierSyncStatus
{
  GtkBox             parent_instance;

  GtkMenuButton     *status_button;
  GtkStack          *icon_stack;
  GtkImage          *state_image;
  GtkSpinner        *spinner;
  GtkLabel          *state_label;
  GtkProgressBar    *progress_bar;
  GtkWidget         *retry_button;
  GtkWidget         *login_button;
  GtkLabel          *pending_label;
  GtkWidget         *conflicts_overlay;
  GtkWidget         *conflicts_button;
  GtkLabel          *conflicts_badge;
  GtkLabel          *popover_title;
  GtkLabel          *popover_detail;
  GtkLabel          *popover_account;
  GtkLabel          *popover_pending;
  GtkLabel          *popover_rejected;

  DossierSyncEngine *engine;
  GCancellable      *cancellable;
  guint              clock_id;
  GtkWidget         *conflicts_dialog;   /* weak: the open conflicts view, if any */
};

G_DEFINE_FINAL_TYPE (DossierSyncStatus, dossier_sync_status, GTK_TYPE_BOX)

typedef struct
{
  const char *icon;
  const char *style;    /* a class on the status button, for style.css */
} StateLook;

static const StateLook state_looks[] = {
  [DOSSIER_SYNC_STATE_SIGNED_OUT] = { "avatar-default-symbolic", NULL },
  [DOSSIER_SYNC_STATE_OFFLINE] = { "network-offline-symbolic", NULL },
  [DOSSIER_SYNC_STATE_SYNCING] = { NULL, NULL },
  [DOSSIER_SYNC_STATE_SYNCED] = { "emblem-ok-symbolic", NULL },
  [DOSSIER_SYNC_STATE_FAILED] = { "dialog-error-symbolic", "sync-failed" },
  [DOSSIER_SYNC_STATE_NEEDS_LOGIN] = { "dialog-password-symbolic", "sync-needs-login" },
};

static char *
describe_detail (DossierSyncEngine *engine)
{
  const char *reason = dossier_sync_engine_get_error_message (engine);

  switch (dossier_sync_engine_get_state (engine))
    {
    case DOSSIER_SYNC_STATE_SIGNED_OUT:
      return g_strdup (_("Log in to your office’s sync server to share cases with your colleagues. "
                         "Until then, everything stays on this computer."));
    case DOSSIER_SYNC_STATE_OFFLINE:
      return g_strdup (_("The sync server cannot be reached. Your work is saved on this computer "
                         "and is sent when the connection returns."));
    case DOSSIER_SYNC_STATE_SYNCING:
      if (dossier_sync_engine_get_progress (engine) >= 0)
        return g_strdup (_("Receiving the cases of your offices. A first sync can take a few "
                           "minutes; you can keep working."));
      return g_strdup (_("Sending your changes and receiving your colleagues’."));
    case DOSSIER_SYNC_STATE_SYNCED:
      return g_strdup (_("Your changes reach the server as you work, and your colleagues’ "
                         "arrive here within seconds."));
    case DOSSIER_SYNC_STATE_FAILED:
      /* Translators: %s is the technical reason, as the server or the network gave it. */
      return g_strdup_printf (_("The last sync did not finish: %s. Dossier tries again by itself; "
                                "Retry tries now."),
                              reason != NULL ? reason : _("no reason was given"));
    case DOSSIER_SYNC_STATE_NEEDS_LOGIN:
    default:
      return g_strdup (_("Your sign-in expired or was revoked. Changes not yet sent are kept on this "
                         "computer and go out once you log in again."));
    }
}

/**
 * dossier_sync_status_describe:
 * @engine: a sync engine
 * @out_detail: (out) (optional) (transfer full): a sentence on what the state means
 *
 * Returns: (transfer full): the state in a few words
 */
char *
dossier_sync_status_describe (DossierSyncEngine  *engine,
                              char              **out_detail)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_val_if_fail (DOSSIER_IS_SYNC_ENGINE (engine), NULL);

  if (out_detail != NULL)
    *out_detail = describe_detail (engine);
  switch (dossier_sync_engine_get_state (engine))
    {
    case DOSSIER_SYNC_STATE_SIGNED_OUT:
      return g_strdup (_("Not logged in"));
    case DOSSIER_SYNC_STATE_OFFLINE:
      return g_strdup (_("Offline"));
    case DOSSIER_SYNC_STATE_SYNCING:
      return g_strdup (_("Syncing…"));
    case DOSSIER_SYNC_STATE_SYNCED:
      return dossier_sync_format_last_success (dossier_sync_engine_get_last_success (engine), now);
    case DOSSIER_SYNC_STATE_FAILED:
      return g_strdup (_("Sync failed"));
    case DOSSIER_SYNC_STATE_NEEDS_LOGIN:
    default:
      return g_strdup (_("Log in again to sync"));
    }
}

static void
set_accessible_description (GtkWidget  *widget,
                            const char *text)
{
  atk_object_set_description (gtk_widget_get_accessible (widget), text);
}

static void
update_look (DossierSyncStatus *self,
             DossierSyncState   state)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self->status_button));
  const StateLook *look = &state_looks[MIN (state, G_N_ELEMENTS (state_looks) - 1)];
  gboolean syncing = state == DOSSIER_SYNC_STATE_SYNCING;
  double progress = dossier_sync_engine_get_progress (self->engine);

  for (guint i = 0; i < G_N_ELEMENTS (state_looks); i++)
    if (state_looks[i].style != NULL)
      gtk_style_context_remove_class (context, state_looks[i].style);
  if (look->style != NULL)
    gtk_style_context_add_class (context, look->style);

  if (look->icon != NULL)
    gtk_image_set_from_icon_name (self->state_image, look->icon, GTK_ICON_SIZE_BUTTON);
  gtk_stack_set_visible_child_name (self->icon_stack, syncing ? "spinner" : "icon");
  g_object_set (self->spinner, "active", syncing, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), syncing && progress >= 0);
  if (syncing && progress >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, progress);
  gtk_widget_set_visible (self->retry_button, state == DOSSIER_SYNC_STATE_FAILED);
  gtk_widget_set_visible (self->login_button, state == DOSSIER_SYNC_STATE_NEEDS_LOGIN
                                              || state == DOSSIER_SYNC_STATE_SIGNED_OUT);
}

static void
update_state (DossierSyncStatus *self)
{
  g_autofree char *detail = NULL;
  g_autofree char *title = dossier_sync_status_describe (self->engine, &detail);
  DossierSyncState state = dossier_sync_engine_get_state (self->engine);
  g_autofree char *tooltip = NULL;

  update_look (self, state);
  gtk_label_set_text (self->state_label, title);
  gtk_label_set_text (self->popover_title, title);
  gtk_label_set_text (self->popover_detail, detail);
  set_accessible_description (GTK_WIDGET (self->status_button), title);
  /* A failure's reason is the one thing worth reading without a click. */
  tooltip = state == DOSSIER_SYNC_STATE_FAILED ? g_strdup (detail)
                                               : g_strdup_printf ("%s\n%s", title, detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_button), tooltip);
}

static void
update_account (DossierSyncStatus *self)
{
  const char *server = dossier_sync_engine_get_server (self->engine);
  const char *user = dossier_sync_engine_get_user (self->engine);
  g_autofree char *text = NULL;

  if (server != NULL && user != NULL)
    /* Translators: a user name and the address of the sync server they use. */
    text = g_strdup_printf (_("%s on %s"), user, server);
  gtk_label_set_text (self->popover_account, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->popover_account), text != NULL);
}

static void
update_counts (DossierSyncStatus *self)
{
  gint64 pending = dossier_sync_engine_get_pending (self->engine);
  gint64 conflicts = dossier_sync_engine_get_conflicts (self->engine);
  g_autofree char *pending_text = dossier_sync_format_pending (pending);
  g_autofree char *conflicts_text = dossier_sync_format_conflicts (conflicts);
  g_autofree char *badge = g_strdup_printf ("%" G_GINT64_FORMAT, MIN (conflicts, 99));

  gtk_label_set_text (self->pending_label, pending_text);
  gtk_label_set_text (self->popover_pending, pending_text);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), pending > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->popover_pending), pending > 0);

  gtk_label_set_text (self->conflicts_badge, conflicts > 99 ? "99+" : badge);
  gtk_widget_set_tooltip_text (self->conflicts_button, conflicts_text);
  set_accessible_description (self->conflicts_button, conflicts_text);
  gtk_widget_set_visible (self->conflicts_overlay, conflicts > 0);
}

static void
rejected_counted_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 rejected = dossier_replica_count_rejected_finish (DOSSIER_REPLICA (source), result, &error);
  DossierSyncStatus *self;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (rejected < 0)
    {
      g_warning ("Counting refused changes: %s", error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%d change was refused by the server: you may not change "
                                       "that office’s cases.",
                                       "%d changes were refused by the server: you may not change "
                                       "that office’s cases.", (gulong) MIN (rejected, G_MAXINT)),
                          (int) MIN (rejected, G_MAXINT));
  gtk_label_set_text (self->popover_rejected, text);
  gtk_widget_set_visible (GTK_WIDGET (self->popover_rejected), rejected > 0);
}

/* Refused changes only appear at the end of a push, so once per cycle is enough. */
static void
count_rejected (DossierSyncStatus *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  DossierReplica *replica = DOSSIER_IS_WINDOW (toplevel)
                            ? dossier_window_get_replica (DOSSIER_WINDOW (toplevel)) : NULL;

  if (replica != NULL)
    dossier_replica_count_rejected_async (replica, self->cancellable, rejected_counted_cb, self);
}

static void
engine_notify_cb (DossierSyncStatus *self,
                  GParamSpec        *pspec,
                  DossierSyncEngine *engine)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "pending") || g_str_equal (name, "conflicts"))
    update_counts (self);
  else if (g_str_equal (name, "server") || g_str_equal (name, "user"))
    update_account (self);
  else
    update_state (self);
  if (g_str_equal (name, "state")
      && dossier_sync_engine_get_state (engine) != DOSSIER_SYNC_STATE_SYNCING)
    count_rejected (self);
}

static gboolean
clock_cb (gpointer user_data)
{
  DossierSyncStatus *self = user_data;

  if (self->engine != NULL)
    update_state (self);
  return G_SOURCE_CONTINUE;
}

/**
 * dossier_sync_status_set_engine:
 * @self: a #DossierSyncStatus
 * @engine: (nullable): the engine to follow; %NULL hides the status
 */
void
dossier_sync_status_set_engine (DossierSyncStatus *self,
                                DossierSyncEngine *engine)
{
  g_return_if_fail (DOSSIER_IS_SYNC_STATUS (self));
  g_return_if_fail (engine == NULL || DOSSIER_IS_SYNC_ENGINE (engine));

  /* Before the check: the template that builds this widget makes it visible. */
  gtk_widget_set_visible (GTK_WIDGET (self), engine != NULL);
  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine == NULL)
    return;
  g_signal_connect_object (engine, "notify", G_CALLBACK (engine_notify_cb), self, G_CONNECT_SWAPPED);
  update_state (self);
  update_account (self);
  update_counts (self);
  count_rejected (self);
}

static void
conflicts_clicked_cb (DossierSyncStatus *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  DossierReplica *replica = DOSSIER_IS_WINDOW (toplevel)
                            ? dossier_window_get_replica (DOSSIER_WINDOW (toplevel)) : NULL;

  if (replica == NULL || self->engine == NULL)
    return;
  if (self->conflicts_dialog == NULL)
    {
      self->conflicts_dialog = dossier_conflicts_dialog_new (GTK_WINDOW (toplevel), replica,
                                                             self->engine);
      g_object_add_weak_pointer (G_OBJECT (self->conflicts_dialog),
                                 (gpointer *) &self->conflicts_dialog);
    }
  gtk_window_present (GTK_WINDOW (self->conflicts_dialog));
}

/* Following the window's engine ------------------------------------------------ */

#define FOLLOW_FUNC_KEY "dossier-sync-follow-func"

static void
tell_follower (GtkWidget *widget,
               GtkWidget *toplevel)
{
  DossierSyncEngineFunc func = (DossierSyncEngineFunc) g_object_get_data (G_OBJECT (widget),
                                                                          FOLLOW_FUNC_KEY);
  DossierSyncEngine *engine = NULL;

  if (DOSSIER_IS_WINDOW (toplevel) && dossier_window_get_replica (DOSSIER_WINDOW (toplevel)) != NULL)
    {
      GtkApplication *application = gtk_window_get_application (GTK_WINDOW (toplevel));
      if (DOSSIER_IS_APPLICATION (application))
        engine = dossier_application_get_sync_engine (DOSSIER_APPLICATION (application));
    }
  func (widget, engine);
}

static void
follow_replica_cb (GObject    *window,
                   GParamSpec *pspec,
                   gpointer    widget)
{
  tell_follower (widget, GTK_WIDGET (window));
}

static void
follow_hierarchy_cb (GtkWidget *widget,
                     GtkWidget *previous_toplevel,
                     gpointer   user_data)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (widget);

  if (previous_toplevel != NULL)
    g_signal_handlers_disconnect_by_func (previous_toplevel, follow_replica_cb, widget);
  if (DOSSIER_IS_WINDOW (toplevel))
    g_signal_connect_object (toplevel, "notify::replica", G_CALLBACK (follow_replica_cb), widget, 0);
  tell_follower (widget, toplevel);
}

/**
 * dossier_sync_status_follow_engine:
 * @widget: a widget that shows something of sync
 * @func: (scope notified): called with the engine (or %NULL) now and on each change
 */
void
dossier_sync_status_follow_engine (GtkWidget             *widget,
                                   DossierSyncEngineFunc  func)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  g_object_set_data (G_OBJECT (widget), FOLLOW_FUNC_KEY, (gpointer) func);
  g_signal_connect (widget, "hierarchy-changed", G_CALLBACK (follow_hierarchy_cb), NULL);
  follow_hierarchy_cb (widget, NULL, NULL);
}

/* GObject -------------------------------------------------------------------- */

static void
engine_changed_cb (GtkWidget         *widget,
                   DossierSyncEngine *engine)
{
  dossier_sync_status_set_engine (DOSSIER_SYNC_STATUS (widget), engine);
}

static void
dossier_sync_status_dispose (GObject *object)
{
  DossierSyncStatus *self = DOSSIER_SYNC_STATUS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  if (self->conflicts_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->conflicts_dialog),
                                  (gpointer *) &self->conflicts_dialog);
  self->conflicts_dialog = NULL;

  G_OBJECT_CLASS (dossier_sync_status_parent_class)->dispose (object);
}

static void
dossier_sync_status_class_init (DossierSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_sync_status_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-sync-status.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, status_button);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, state_image);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, state_label);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, retry_button);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, login_button);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, pending_label);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, conflicts_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, conflicts_badge);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, popover_title);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, popover_detail);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, popover_account);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, popover_pending);
  gtk_widget_class_bind_template_child (widget_class, DossierSyncStatus, popover_rejected);
  gtk_widget_class_bind_template_callback (widget_class, conflicts_clicked_cb);
}

static void
dossier_sync_status_init (DossierSyncStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->clock_id = g_timeout_add_seconds (CLOCK_SECONDS, clock_cb, self);
  dossier_sync_status_follow_engine (GTK_WIDGET (self), engine_changed_cb);
}

/**
 * dossier_sync_status_new:
 *
 * Returns: (transfer floating): a new sync status, hidden until its window
 *   has a replica (and so the application an engine)
 */
GtkWidget *
dossier_sync_status_new (void)
{
  return g_object_new (DOSSIER_TYPE_SYNC_STATUS, NULL);
}
