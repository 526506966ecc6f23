/* dossier-window.c: the main window.
 *
 * It owns the header bar (page switcher, search toggle, primary menu), the
 * search bar and the page stack, and remembers its size, maximized state and
 * last page in GSettings.  It does not open the replica: DossierApplication
 * does, then hands it over with dossier_window_set_replica() or reports the
 * failure with dossier_window_show_replica_error().  The pages (case list,
 * policy notes) are separate widgets packed into the boxes this window exposes
 * with dossier_window_get_page_box(); they follow the "replica" property.
 */

#include <glib/gi18n.h>

#include "dossier-cases-page.h"
#include "dossier-policy-page.h"
#include "dossier-replica-opener.h"
#include "dossier-settings.h"
#include "dossier-sync-status.h"
#include "dossier-sync-warning-bar.h"
#include "dossier-window.h"

struct _DossierWindow
{
  GtkApplicationWindow parent_instance;

  GtkStack        *title_stack;
  GtkMenuButton   *primary_menu_button;
  GtkToggleButton *search_button;
  GtkSearchBar    *search_bar;
  GtkSearchEntry  *search_entry;
  GtkStack        *main_stack;
  GtkBox          *cases_page_box;
  GtkBox          *policy_page_box;
  GtkLabel        *error_explanation_label;
  GtkLabel        *error_path_label;
  GtkLabel        *error_details_label;

  GSettings       *settings;
  DossierReplica  *replica;

  /* The unmaximized size, tracked as it changes and saved on the way out. */
  int              width;
  int              height;
  gboolean         maximized;
};

G_DEFINE_FINAL_TYPE (DossierWindow, dossier_window, GTK_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

enum
{
  NEW_CASE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A working page is a stack child with a title: it has a switcher button. */
static gboolean
is_working_page (DossierWindow *self,
                 GtkWidget     *child)
{
  g_autofree char *title = NULL;

  if (child == NULL)
    return FALSE;

  gtk_container_child_get (GTK_CONTAINER (self->main_stack), child, "title", &title, NULL);
  return title != NULL;
}

static void
visible_page_changed_cb (DossierWindow *self,
                         GParamSpec    *pspec,
                         GtkStack      *stack)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->main_stack);
  const char *name = gtk_stack_get_visible_child_name (self->main_stack);

  if (self->settings != NULL && name != NULL && is_working_page (self, child))
    g_settings_set_string (self->settings, "last-page", name);
}

static void
show_last_page (DossierWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "last-page");
  GtkWidget *child = gtk_stack_get_child_by_name (self->main_stack, name);

  if (!is_working_page (self, child))
    child = GTK_WIDGET (self->cases_page_box);

  gtk_stack_set_visible_child (self->main_stack, child);
}

static void
set_action_enabled (DossierWindow *self,
                    const char    *name,
                    gboolean       enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Search, the switcher and new cases only make sense with an open replica. */
static void
update_ready_state (DossierWindow *self)
{
  gboolean ready = self->replica != NULL;

  gtk_stack_set_visible_child_name (self->title_stack, ready ? "switcher" : "title");
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), ready);
  set_action_enabled (self, "search", ready);
  set_action_enabled (self, "new-case", ready);

  if (!ready)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  DossierWindow *self = user_data;

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  /* The revealer maps the entry on its next frame, but the release of this
   * very shortcut's key goes to the focus widget now: it must be realized. */
  gtk_widget_realize (GTK_WIDGET (self->search_entry));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_primary_menu_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  DossierWindow *self = user_data;
  GtkToggleButton *button = GTK_TOGGLE_BUTTON (self->primary_menu_button);

  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

static void
new_case_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DossierWindow *self = user_data;

  gtk_stack_set_visible_child_name (self->main_stack, DOSSIER_WINDOW_PAGE_CASES);
  g_signal_emit (self, signals[NEW_CASE], 0);
}

static const GActionEntry window_actions[] = {
  { "search", search_activated },
  { "show-primary-menu", show_primary_menu_activated },
  { "new-case", new_case_activated },
};

static void
dossier_window_size_allocate (GtkWidget     *widget,
                              GtkAllocation *allocation)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  GTK_WIDGET_CLASS (dossier_window_parent_class)->size_allocate (widget, allocation);

  if (!self->maximized)
    gtk_window_get_size (GTK_WINDOW (self), &self->width, &self->height);
}

static gboolean
dossier_window_window_state_event (GtkWidget           *widget,
                                   GdkEventWindowState *event)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  self->maximized = (event->new_window_state & GDK_WINDOW_STATE_MAXIMIZED) != 0;

  return GTK_WIDGET_CLASS (dossier_window_parent_class)->window_state_event (widget, event);
}

static void
save_window_state (DossierWindow *self)
{
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", self->width);
  g_settings_set_int (self->settings, "window-height", self->height);
  g_settings_set_boolean (self->settings, "window-maximized", self->maximized);
  g_settings_apply (self->settings);
}

static void
restore_window_state (DossierWindow *self)
{
  self->width = g_settings_get_int (self->settings, "window-width");
  self->height = g_settings_get_int (self->settings, "window-height");
  self->maximized = g_settings_get_boolean (self->settings, "window-maximized");

  gtk_window_set_default_size (GTK_WINDOW (self), self->width, self->height);
  if (self->maximized)
    gtk_window_maximize (GTK_WINDOW (self));
}

/* The "application" property is set after construction, and menus.ui is
 * loaded by GtkApplication at startup, before any window exists. */
static void
application_changed_cb (DossierWindow *self,
                        GParamSpec    *pspec,
                        gpointer       user_data)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GMenu *menu = NULL;

  if (application != NULL)
    menu = gtk_application_get_menu_by_id (application, "primary-menu");

  gtk_menu_button_set_menu_model (self->primary_menu_button, G_MENU_MODEL (menu));
}

static void
dossier_window_dispose (GObject *object)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  if (self->settings != NULL)
    save_window_state (self);

  g_clear_object (&self->settings);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (dossier_window_parent_class)->dispose (object);
}

static void
dossier_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      dossier_window_set_replica (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_window_class_init (DossierWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_window_dispose;
  object_class->get_property = dossier_window_get_property;
  object_class->set_property = dossier_window_set_property;

  widget_class->size_allocate = dossier_window_size_allocate;
  widget_class->window_state_event = dossier_window_window_state_event;

  /**
   * DossierWindow:replica:
   *
   * The open replica, or %NULL while it is being opened or when it could not
   * be opened.  Pages watch it to load their data.
   */
  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", "Replica", "The open encrypted replica",
                         DOSSIER_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DossierWindow::new-case:
   *
   * Emitted by the win.new-case action (Ctrl+N) once the Cases page is
   * visible; the case list answers it by starting a new case.
   */
  signals[NEW_CASE] = g_signal_new ("new-case", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  /* The header bar's sync status and the warning bar are built by the template. */
  g_type_ensure (DOSSIER_TYPE_SYNC_STATUS);
  g_type_ensure (DOSSIER_TYPE_SYNC_WARNING_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, title_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, cases_page_box);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, policy_page_box);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, error_explanation_label);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, error_path_label);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, error_details_label);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);
}

static void
dossier_window_init (DossierWindow *self)
{
  GtkWidget *policy_page;
  GtkWidget *cases_page;

  gtk_widget_init_template (GTK_WIDGET (self));

  cases_page = dossier_cases_page_new (self);
  gtk_widget_show (cases_page);
  gtk_container_add (GTK_CONTAINER (self->cases_page_box), cases_page);

  policy_page = dossier_policy_page_new (self->search_entry);
  gtk_widget_show (policy_page);
  gtk_container_add (GTK_CONTAINER (self->policy_page_box), policy_page);
  g_object_bind_property (self, "replica", policy_page, "replica", G_BINDING_SYNC_CREATE);

  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_ENTRY (self->search_entry));
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);

  self->settings = dossier_settings_new ();
  restore_window_state (self);
  update_ready_state (self);
}

/**
 * dossier_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a new window, showing the "opening" page
 */
DossierWindow *
dossier_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (DOSSIER_TYPE_WINDOW, "application", application, NULL);
}

/**
 * dossier_window_get_replica:
 * @self: a #DossierWindow
 *
 * Returns: (transfer none) (nullable): the open replica, or %NULL until it is open
 */
DossierReplica *
dossier_window_get_replica (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);

  return self->replica;
}

/**
 * dossier_window_set_replica:
 * @self: a #DossierWindow
 * @replica: (nullable): the open replica
 *
 * Shows the working pages (the last one visible before) once @replica is
 * set, and notifies #DossierWindow:replica.
 */
void
dossier_window_set_replica (DossierWindow  *self,
                            DossierReplica *replica)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (replica == NULL || DOSSIER_IS_REPLICA (replica));

  if (!g_set_object (&self->replica, replica))
    return;

  update_ready_state (self);
  if (replica != NULL)
    show_last_page (self);
  else
    gtk_stack_set_visible_child_name (self->main_stack, DOSSIER_WINDOW_PAGE_OPENING);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLICA]);
}

/**
 * dossier_window_show_opening:
 * @self: a #DossierWindow
 *
 * Shows the spinner page while the replica is (re)opened.
 */
void
dossier_window_show_opening (DossierWindow *self)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  dossier_window_set_replica (self, NULL);
  gtk_stack_set_visible_child_name (self->main_stack, DOSSIER_WINDOW_PAGE_OPENING);
}

/**
 * dossier_window_show_replica_error:
 * @self: a #DossierWindow
 * @path: the replica file's path
 * @error: why it could not be opened
 *
 * Shows the error page: what happened, that the file was left untouched, and
 * where it is.
 */
void
dossier_window_show_replica_error (DossierWindow *self,
                                   const char    *path,
                                   const GError  *error)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (error != NULL);

  dossier_window_set_replica (self, NULL);

  gtk_label_set_text (self->error_explanation_label,
                      dossier_replica_opener_describe_error (error));
  gtk_label_set_text (self->error_path_label, path);
  gtk_label_set_text (self->error_details_label, error->message);
  gtk_stack_set_visible_child_name (self->main_stack, DOSSIER_WINDOW_PAGE_REPLICA_ERROR);
}

/**
 * dossier_window_get_page_box:
 * @self: a #DossierWindow
 * @page_name: %DOSSIER_WINDOW_PAGE_CASES or %DOSSIER_WINDOW_PAGE_POLICY_NOTES
 *
 * The empty vertical box of a working page, for the page widget to be packed in.
 *
 * Returns: (transfer none) (nullable): the box, or %NULL for an unknown page
 */
GtkBox *
dossier_window_get_page_box (DossierWindow *self,
                             const char    *page_name)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  g_return_val_if_fail (page_name != NULL, NULL);

  if (g_str_equal (page_name, DOSSIER_WINDOW_PAGE_CASES))
    return self->cases_page_box;
  if (g_str_equal (page_name, DOSSIER_WINDOW_PAGE_POLICY_NOTES))
    return self->policy_page_box;

  return NULL;
}

/**
 * dossier_window_get_search_entry:
 * @self: a #DossierWindow
 *
 * Returns: (transfer none): the entry of the search bar (Ctrl+F)
 */
GtkSearchEntry *
dossier_window_get_search_entry (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);

  return self->search_entry;
}

/**
 * dossier_window_get_search_bar:
 * @self: a #DossierWindow
 *
 * Returns: (transfer none): the search bar, whose "search-mode-enabled" says
 *   whether a search is shown
 */
GtkSearchBar *
dossier_window_get_search_bar (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);

  return self->search_bar;
}
