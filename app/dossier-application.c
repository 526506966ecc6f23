/* dossier-application.c: the client's GtkApplication.
 *
 * It owns the settings, the application actions and their accelerators, the
 * style sheet, and the one open replica: it opens the replica once at the
 * first activation (see dossier-replica-opener.c for how) and hands it, or
 * the reason it could not be opened, to every main window.
 */

#include <glib/gi18n.h>

#include "dossier-account-dialog.h"
#include "dossier-application.h"
#include "dossier-preferences-dialog.h"
#include "dossier-replica-opener.h"
#include "dossier-settings.h"
#include "dossier-window.h"

struct _DossierApplication
{
  GtkApplication  parent_instance;

  GSettings      *settings;
  char           *replica_path;

  /* Exactly one of these is set once opening ends; the cancellable only while it runs. */
  DossierReplica *replica;
  GError         *open_error;
  GCancellable   *open_cancellable;

  /* Made and started once the replica is open; stopped at shutdown. */
  DossierSyncEngine *sync_engine;
};

G_DEFINE_FINAL_TYPE (DossierApplication, dossier_application, GTK_TYPE_APPLICATION)

static void
apply_replica_state (DossierApplication *self,
                     DossierWindow      *window)
{
  if (self->replica != NULL)
    dossier_window_set_replica (window, self->replica);
  else if (self->open_error != NULL)
    dossier_window_show_replica_error (window, self->replica_path, self->open_error);
  else
    dossier_window_show_opening (window);
}

static void
apply_replica_state_to_windows (DossierApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DOSSIER_IS_WINDOW (l->data))
      apply_replica_state (self, l->data);
}

/* Sync Now and Account need the engine, which needs the open replica. */
static void
set_sync_actions_enabled (DossierApplication *self,
                          gboolean            enabled)
{
  const char *names[] = { "sync-now", "account" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                              names[i])),
                                 enabled);
}

static void
replica_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DossierApplication) self = user_data;
  g_autoptr(DossierReplica) replica = NULL;
  g_autoptr(GError) error = NULL;

  replica = dossier_replica_opener_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->open_cancellable);

  if (replica == NULL)
    {
      g_message ("Cannot open the replica “%s”: %s", self->replica_path, error->message);
      self->open_error = g_steal_pointer (&error);
    }
  else
    {
      g_debug ("Opened the replica “%s”", self->replica_path);
      self->replica = g_steal_pointer (&replica);
      self->sync_engine = dossier_sync_engine_new (self->replica);
      dossier_sync_engine_start (self->sync_engine);
      set_sync_actions_enabled (self, TRUE);
    }

  apply_replica_state_to_windows (self);
}

/* Starts opening unless the replica is open or being opened. */
static void
open_replica (DossierApplication *self)
{
  if (self->replica != NULL || self->open_cancellable != NULL)
    return;

  g_clear_error (&self->open_error);
  self->open_cancellable = g_cancellable_new ();
  apply_replica_state_to_windows (self);

  dossier_replica_opener_open_async (self->replica_path, self->open_cancellable,
                                     replica_opened_cb, g_object_ref (self));
}

static void
open_replica_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  open_replica (DOSSIER_APPLICATION (user_data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  DossierApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  DossierPreferencesDialog *dialog;

  dialog = dossier_preferences_dialog_new (parent, self->settings, self->replica);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sync_now_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DossierApplication *self = user_data;

  if (self->sync_engine != NULL)
    dossier_sync_engine_sync_now (self->sync_engine);
}

static void
account_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  DossierApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->sync_engine != NULL)
    gtk_window_present (GTK_WINDOW (dossier_account_dialog_new (parent, self->sync_engine)));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  DossierApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *authors[] = { "The Dossier developers", NULL };

  gtk_show_about_dialog (parent,
                         "program-name", _("Dossier"),
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Visa cases, documents and policy notes, online or offline"),
                         "website", "https://dossier.example.org/",
                         "copyright", _("© 2026 The Dossier developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         /* Translators: your names, one per line, shown in the About dialog. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* Destroying the windows (not only leaving the main loop) lets each one save
 * its size and page before the application shuts down. */
static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  DossierApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  g_list_free (windows);
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_activated },
  { "about", about_activated },
  { "quit", quit_activated },
  { "open-replica", open_replica_activated },
  { "sync-now", sync_now_activated },
  { "account", account_activated },
};

/* Every accelerator here is listed in resources/gtk/help-overlay.ui. */
static const struct
{
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.quit", { "<Primary>q", NULL } },
  { "app.preferences", { "<Primary>comma", NULL } },
  { "win.show-help-overlay", { "<Primary>question", "<Primary>F1", NULL } },
  { "win.show-primary-menu", { "F10", NULL } },
  { "win.search", { "<Primary>f", NULL } },
  { "win.new-case", { "<Primary>n", NULL } },
  { "app.sync-now", { "<Primary>r", NULL } },
};

static void
load_style_sheet (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/org/dossier/Dossier/css/style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (),
                                             GTK_STYLE_PROVIDER (provider),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
dossier_application_startup (GApplication *application)
{
  DossierApplication *self = DOSSIER_APPLICATION (application);

  G_APPLICATION_CLASS (dossier_application_parent_class)->startup (application);

  g_set_application_name (_("Dossier"));
  gtk_window_set_default_icon_name (APPLICATION_ID);
  load_style_sheet ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  set_sync_actions_enabled (self, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           app_accels[i].action, app_accels[i].accels);

  self->settings = dossier_settings_new ();
  self->replica_path = dossier_replica_opener_dup_default_path ();
}

static void
dossier_application_activate (GApplication *application)
{
  DossierApplication *self = DOSSIER_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* The keyring and the worker open the replica while the window is built. */
  open_replica (self);
  if (window == NULL)
    {
      window = GTK_WINDOW (dossier_window_new (GTK_APPLICATION (self)));
      apply_replica_state (self, DOSSIER_WINDOW (window));
    }

  gtk_window_present (window);
}

static void
dossier_application_shutdown (GApplication *application)
{
  DossierApplication *self = DOSSIER_APPLICATION (application);

  g_cancellable_cancel (self->open_cancellable);
  /* Joins the engine's thread before the replica it writes to closes. */
  if (self->sync_engine != NULL)
    dossier_sync_engine_stop (self->sync_engine);
  if (self->replica != NULL)
    dossier_replica_close (self->replica);

  /* GSettings writes are asynchronous; the process is about to end. */
  g_settings_sync ();

  G_APPLICATION_CLASS (dossier_application_parent_class)->shutdown (application);
}

static void
dossier_application_dispose (GObject *object)
{
  DossierApplication *self = DOSSIER_APPLICATION (object);

  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->sync_engine);
  g_clear_object (&self->replica);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dossier_application_parent_class)->dispose (object);
}

static void
dossier_application_finalize (GObject *object)
{
  DossierApplication *self = DOSSIER_APPLICATION (object);

  g_clear_pointer (&self->replica_path, g_free);
  g_clear_error (&self->open_error);

  G_OBJECT_CLASS (dossier_application_parent_class)->finalize (object);
}

static void
dossier_application_class_init (DossierApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dossier_application_dispose;
  object_class->finalize = dossier_application_finalize;

  application_class->startup = dossier_application_startup;
  application_class->activate = dossier_application_activate;
  application_class->shutdown = dossier_application_shutdown;
}

static void
dossier_application_init (DossierApplication *self)
{
}

/**
 * dossier_application_new:
 *
 * Returns: (transfer full): the application, with the id org.dossier.Dossier
 */
DossierApplication *
dossier_application_new (void)
{
  return g_object_new (DOSSIER_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/dossier/Dossier",
                       NULL);
}

/**
 * dossier_application_get_settings:
 * @self: a #DossierApplication
 *
 * Returns: (transfer none): the settings of schema org.dossier.Dossier
 */
GSettings *
dossier_application_get_settings (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * dossier_application_get_replica:
 * @self: a #DossierApplication
 *
 * Returns: (transfer none) (nullable): the open replica, or %NULL while it is
 *   being opened or when it could not be opened
 */
DossierReplica *
dossier_application_get_replica (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);

  return self->replica;
}

/**
 * dossier_application_get_replica_path:
 * @self: a #DossierApplication
 *
 * Returns: (transfer none) (nullable): the replica file's absolute path, set at startup
 */
const char *
dossier_application_get_replica_path (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);

  return self->replica_path;
}

/**
 * dossier_application_get_sync_engine:
 * @self: a #DossierApplication
 *
 * Returns: (transfer none) (nullable): the sync engine of the open replica,
 *   or %NULL until the replica is open (windows learn of it through their
 *   #DossierWindow:replica property, set just after)
 */
DossierSyncEngine *
dossier_application_get_sync_engine (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);

  return self->sync_engine;
}
