/* dossier-preferences-dialog.c: the Preferences dialog.
 *
 * Instant apply: every control is bound to its GSettings key, so the pages
 * that read the keys (activity log, due dates, sync status, escalation) see a
 * change at once.  The offices of the default-office choice come from the
 * replica, which is why the dialog takes it.
 */

#include <glib/gi18n.h>

#include "dossier-preferences-dialog.h"
#include "dossier-settings.h"

struct _DossierPreferencesDialog
{
  GtkDialog        parent_instance;

  GtkEntry        *author_entry;
  GtkLabel        *author_hint_label;
  GtkComboBoxText *office_combo;
  GtkLabel        *office_hint_label;
  GtkSpinButton   *soon_spin;
  GtkSpinButton   *sync_warning_spin;
  GtkSpinButton   *escalation_spin;

  GSettings       *settings;
  DossierReplica  *replica;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (DossierPreferencesDialog, dossier_preferences_dialog, GTK_TYPE_DIALOG)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_REPLICA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
dup_office_label (JsonObject *office)
{
  const char *name = json_object_get_string_member_with_default (office, "name", NULL);
  const char *city = json_object_get_string_member_with_default (office, "city", NULL);

  if (name == NULL || *name == '\0')
    name = json_object_get_string_member_with_default (office, "id", "");

  if (city == NULL || *city == '\0')
    return g_strdup (name);

  /* Translators: an office in the default office list: its name, then its city. */
  return g_strdup_printf (_("%s (%s)"), name, city);
}

/* Fills the choice, then binds it: binding first would lose the saved id,
 * which only selects once its row exists. */
static void
populate_offices (DossierPreferencesDialog *self,
                  GPtrArray                *offices)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "default-office");
  gboolean found = *saved == '\0';

  gtk_combo_box_text_append (self->office_combo, "", _("None"));

  for (guint i = 0; offices != NULL && i < offices->len; i++)
    {
      JsonObject *office = g_ptr_array_index (offices, i);
      const char *id = json_object_get_string_member_with_default (office, "id", NULL);
      g_autofree char *label = NULL;

      if (id == NULL)
        continue;

      label = dup_office_label (office);
      gtk_combo_box_text_append (self->office_combo, id, label);
      found = found || g_str_equal (id, saved);
    }

  /* Access to an office can be withdrawn; say so rather than show a blank. */
  if (!found)
    gtk_combo_box_text_append (self->office_combo, saved, _("An office you no longer belong to"));

  if (offices == NULL || offices->len == 0)
    gtk_label_set_text (self->office_hint_label,
                        _("No offices yet: they arrive with the first sync."));

  gtk_widget_set_sensitive (GTK_WIDGET (self->office_combo), offices != NULL);
  g_settings_bind (self->settings, "default-office",
                   self->office_combo, "active-id", G_SETTINGS_BIND_DEFAULT);
}

static void
offices_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DossierPreferencesDialog *self;
  g_autoptr(GPtrArray) offices = NULL;
  g_autoptr(GError) error = NULL;

  offices = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_PREFERENCES_DIALOG (user_data);
  if (error != NULL)
    g_warning ("Cannot list the offices: %s", error->message);

  populate_offices (self, offices);
}

static void
bind_settings (DossierPreferencesDialog *self)
{
  g_autofree char *default_author = dossier_settings_dup_default_author_name ();
  g_autofree char *hint = NULL;

  /* An empty name means "the account's name": say which one. */
  hint = g_strdup_printf (_("Signs your activity entries and translation reviews. "
                            "When empty, your account’s name “%s” is used."),
                          default_author);
  gtk_label_set_text (self->author_hint_label, hint);
  gtk_entry_set_placeholder_text (self->author_entry, default_author);
  g_settings_bind (self->settings, "author-name",
                   self->author_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "soon-days",
                   self->soon_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-warning-days",
                   self->sync_warning_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "escalation-days",
                   self->escalation_spin, "value", G_SETTINGS_BIND_DEFAULT);
}

static void
dossier_preferences_dialog_constructed (GObject *object)
{
  DossierPreferencesDialog *self = DOSSIER_PREFERENCES_DIALOG (object);

  G_OBJECT_CLASS (dossier_preferences_dialog_parent_class)->constructed (object);

  bind_settings (self);

  if (self->replica == NULL)
    {
      populate_offices (self, NULL);
      return;
    }

  dossier_replica_list_async (self->replica, "office", NULL, NULL, "name", 0,
                              self->cancellable, offices_listed_cb, self);
}

static void
dossier_preferences_dialog_response (GtkDialog *dialog,
                                     int        response_id)
{
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
dossier_preferences_dialog_dispose (GObject *object)
{
  DossierPreferencesDialog *self = DOSSIER_PREFERENCES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (dossier_preferences_dialog_parent_class)->dispose (object);
}

static void
dossier_preferences_dialog_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  DossierPreferencesDialog *self = DOSSIER_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_preferences_dialog_class_init (DossierPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

  object_class->constructed = dossier_preferences_dialog_constructed;
  object_class->dispose = dossier_preferences_dialog_dispose;
  object_class->set_property = dossier_preferences_dialog_set_property;
  dialog_class->response = dossier_preferences_dialog_response;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", "Settings", "The settings the controls are bound to",
                         G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", "Replica", "The replica the offices are read from",
                         DOSSIER_TYPE_REPLICA,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesDialog, author_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesDialog, author_hint_label);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesDialog, office_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesDialog, office_hint_label);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesDialog, soon_spin);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesDialog, sync_warning_spin);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferencesDialog, escalation_spin);
}

static void
dossier_preferences_dialog_init (DossierPreferencesDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dossier_preferences_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @settings: the settings from dossier_settings_new()
 * @replica: (nullable): the open replica, for the list of offices
 *
 * Returns: (transfer none): a new dialog; it destroys itself when closed
 */
DossierPreferencesDialog *
dossier_preferences_dialog_new (GtkWindow      *parent,
                                GSettings      *settings,
                                DossierReplica *replica)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (replica == NULL || DOSSIER_IS_REPLICA (replica), NULL);

  return g_object_new (DOSSIER_TYPE_PREFERENCES_DIALOG,
                       "use-header-bar", TRUE,
                       "transient-for", parent,
                       "settings", settings,
                       "replica", replica,
                       NULL);
}
