/* dossier-account-dialog.c: logging in to the sync server, and out.
 *
 * The form checks the server address as it is typed (dossier-sync-format.h)
 * and logs in through the engine, which keeps the token in the keyring and
 * the account in the replica; the password lives in the entry and the
 * engine's login call only.  A failure is said in words next to the form
 * (wrong password, server out of reach), never in a second dialog.  Once
 * logged in, the dialog shows the account and its sync state live, and Log
 * Out, which keeps local changes in the outbox.
 */

#include <glib/gi18n.h>

#include "dossier-account-dialog.h"
#include "dossier-keyring.h"
#include "dossier-sync-client.h"
#include "dossier-sync-format.h"
#include "dossier-sync-status.h"

struct _DossierAccountDialog
{
  GtkDialog          parent_instance;

  GtkStack          *stack;
  GtkWidget         *intro_label;
  GtkWidget         *expired_label;
  GtkEntry          *server_entry;
  GtkLabel          *server_error_label;
  GtkEntry          *user_entry;
  GtkEntry          *password_entry;
  GtkLabel          *login_error_label;
  GtkSpinner        *login_spinner;
  GtkWidget         *login_button;
  GtkLabel          *account_user_label;
  GtkLabel          *account_server_label;
  GtkLabel          *account_status_label;
  GtkLabel          *account_pending_label;

  DossierSyncEngine *engine;
  GCancellable      *cancellable;
  gboolean           logging_in;
  char              *last_user;       /* prefilled after logging out */
};

G_DEFINE_FINAL_TYPE (DossierAccountDialog, dossier_account_dialog, GTK_TYPE_DIALOG)

static gboolean
has_text (GtkEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (entry)));

  return *text != '\0';
}

static void
show_message (GtkLabel   *label,
              const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* The address as the engine will use it, with the problem shown when it is none.
 * An empty field is not a mistake yet: nothing is said until something is typed. */
static char *
check_server (DossierAccountDialog *self)
{
  g_autoptr(GError) error = NULL;
  char *address = dossier_sync_normalize_server_address (gtk_entry_get_text (self->server_entry),
                                                         &error);
  gboolean say = error != NULL
                 && !g_error_matches (error, DOSSIER_SERVER_ADDRESS_ERROR,
                                      DOSSIER_SERVER_ADDRESS_ERROR_EMPTY);

  show_message (self->server_error_label, say ? error->message : NULL);
  gtk_entry_set_icon_from_icon_name (self->server_entry, GTK_ENTRY_ICON_SECONDARY,
                                     say ? "dialog-warning-symbolic" : NULL);
  gtk_entry_set_icon_tooltip_text (self->server_entry, GTK_ENTRY_ICON_SECONDARY,
                                   say ? error->message : NULL);
  return address;
}

static gboolean
form_is_complete (DossierAccountDialog *self)
{
  g_autofree char *address = check_server (self);

  return address != NULL && has_text (self->user_entry) && has_text (self->password_entry);
}

static void
field_changed_cb (DossierAccountDialog *self)
{
  gtk_widget_set_sensitive (self->login_button, form_is_complete (self) && !self->logging_in);
}

static void
set_logging_in (DossierAccountDialog *self,
                gboolean              logging_in)
{
  self->logging_in = logging_in;
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_entry), !logging_in);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_entry), !logging_in);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_entry), !logging_in);
  gtk_widget_set_visible (GTK_WIDGET (self->login_spinner), logging_in);
  if (logging_in)
    gtk_spinner_start (self->login_spinner);
  else
    gtk_spinner_stop (self->login_spinner);
  field_changed_cb (self);
}

static const char *
describe_login_error (const GError *error)
{
  if (g_error_matches (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_BAD_CREDENTIALS))
    return _("The user name or the password is not right.");
  if (g_error_matches (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_OFFLINE))
    return _("The server cannot be reached. Check its address and your network connection.");
  if (error->domain == DOSSIER_KEYRING_ERROR)
    return _("The keyring could not keep your sign-in. Unlock the keyring and try again.");
  return _("The server refused to log you in.");
}

static void
update_account_page (DossierAccountDialog *self)
{
  const char *user = dossier_sync_engine_get_user (self->engine);
  g_autofree char *status = dossier_sync_status_describe (self->engine, NULL);
  g_autofree char *pending = dossier_sync_format_pending (dossier_sync_engine_get_pending (self->engine));
  g_autofree char *who = NULL;

  /* Translators: %s is a user name on the sync server. */
  who = g_strdup_printf (_("Logged in as %s"), user != NULL ? user : gtk_entry_get_text (self->user_entry));
  gtk_label_set_text (self->account_user_label, who);
  gtk_label_set_text (self->account_server_label,
                      dossier_sync_engine_get_server (self->engine) != NULL
                      ? dossier_sync_engine_get_server (self->engine) : "");
  gtk_label_set_text (self->account_status_label, status);
  show_message (self->account_pending_label, *pending != '\0' ? pending : NULL);
}

static void
show_login_page (DossierAccountDialog *self)
{
  gboolean expired = dossier_sync_engine_get_state (self->engine) == DOSSIER_SYNC_STATE_NEEDS_LOGIN;
  const char *server = dossier_sync_engine_get_server (self->engine);
  const char *user = dossier_sync_engine_get_user (self->engine);

  /* After an expired sign-in, what happened matters more than what logging in is. */
  gtk_widget_set_visible (self->expired_label, expired);
  gtk_widget_set_visible (self->intro_label, !expired);
  if (server != NULL && !has_text (self->server_entry))
    gtk_entry_set_text (self->server_entry, server);
  if (user == NULL)
    user = self->last_user;
  if (user != NULL && !has_text (self->user_entry))
    gtk_entry_set_text (self->user_entry, user);
  gtk_entry_set_text (self->password_entry, "");
  gtk_stack_set_visible_child_name (self->stack, "login");
  /* The first field still empty is the one to type in. */
  gtk_widget_grab_focus (GTK_WIDGET (!has_text (self->server_entry) ? self->server_entry
                                     : !has_text (self->user_entry) ? self->user_entry
                                     : self->password_entry));
  field_changed_cb (self);
}

static void
show_account_page (DossierAccountDialog *self)
{
  update_account_page (self);
  gtk_stack_set_visible_child_name (self->stack, "account");
}

static void
logged_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  DossierAccountDialog *self;

  if (!dossier_sync_engine_login_finish (DOSSIER_SYNC_ENGINE (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  set_logging_in (self, FALSE);
  if (error != NULL)
    {
      g_message ("Logging in failed: %s", error->message);
      show_message (self->login_error_label, describe_login_error (error));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->login_error_label), error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  gtk_entry_set_text (self->password_entry, "");
  show_account_page (self);
}

static void
login_clicked_cb (DossierAccountDialog *self)
{
  g_autofree char *server = check_server (self);
  g_autofree char *user = g_strstrip (g_strdup (gtk_entry_get_text (self->user_entry)));

  if (server == NULL || self->logging_in || !form_is_complete (self))
    return;
  show_message (self->login_error_label, NULL);
  gtk_entry_set_text (self->server_entry, server);
  set_logging_in (self, TRUE);
  dossier_sync_engine_login_async (self->engine, server, user,
                                   gtk_entry_get_text (self->password_entry), self->cancellable,
                                   logged_in_cb, self);
}

static void
entry_activate_cb (DossierAccountDialog *self)
{
  login_clicked_cb (self);
}

static void
logout_clicked_cb (DossierAccountDialog *self)
{
  g_free (self->last_user);
  self->last_user = g_strdup (dossier_sync_engine_get_user (self->engine));
  dossier_sync_engine_logout (self->engine);
  show_login_page (self);
}

static void
engine_notify_cb (DossierAccountDialog *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "account") == 0)
    update_account_page (self);
}

static void
dossier_account_dialog_dispose (GObject *object)
{
  DossierAccountDialog *self = DOSSIER_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->last_user, g_free);

  G_OBJECT_CLASS (dossier_account_dialog_parent_class)->dispose (object);
}

static void
dossier_account_dialog_class_init (DossierAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_account_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, expired_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, server_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, user_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, login_error_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, login_spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, login_button);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, account_user_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, account_server_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, account_status_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAccountDialog, account_pending_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, logout_clicked_cb);
}

static void
dossier_account_dialog_init (DossierAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

/**
 * dossier_account_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @engine: the application's sync engine
 *
 * Returns: (transfer none): a new dialog, destroyed when closed
 */
GtkWidget *
dossier_account_dialog_new (GtkWindow         *parent,
                            DossierSyncEngine *engine)
{
  DossierAccountDialog *self;
  DossierSyncState state;

  g_return_val_if_fail (DOSSIER_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (DOSSIER_TYPE_ACCOUNT_DIALOG, "use-header-bar", TRUE,
                       "transient-for", parent, NULL);
  self->engine = g_object_ref (engine);
  g_signal_connect_object (engine, "notify", G_CALLBACK (engine_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "response", G_CALLBACK (gtk_widget_destroy), NULL);

  state = dossier_sync_engine_get_state (engine);
  if (dossier_sync_engine_get_user (engine) != NULL && state != DOSSIER_SYNC_STATE_NEEDS_LOGIN
      && state != DOSSIER_SYNC_STATE_SIGNED_OUT)
    show_account_page (self);
  else
    show_login_page (self);
  return GTK_WIDGET (self);
}
