/* dossier-cases-page.c: the Cases page.
 *
 * It turns the filter controls and the window's search bar into the case
 * list's filter, shows how many cases match, and keeps the case list and
 * the details pane in step: selecting a row shows that case, and a saved
 * case refreshes its row.  The page follows its window: the window's
 * "replica" property, its search entry and its "new-case" signal.
 */

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-case-editor.h"
#include "dossier-case-format.h"
#include "dossier-case-list.h"
#include "dossier-case-query.h"
#include "dossier-cases-page.h"
#include "dossier-policy-note.h"
#include "dossier-settings.h"
#include "dossier-sync-engine.h"
#include "dossier-sync-format.h"
#include "dossier-sync-status.h"

/* Saves come in bursts while the user types; the destinations are read
 * again once a burst is over. */
#define DESTINATIONS_DELAY_MS 1000
/* Pulled pages come in bursts during a long sync; the list is read again
 * once a burst is over, or at least this often while it lasts. */
#define REMOTE_RELOAD_DELAY_MS 700
/* The share of the page's width the list starts with, and its least width. */
#define LIST_SHARE 0.58
#define LIST_MIN_WIDTH 360

struct _DossierCasesPage
{
  GtkBox           parent_instance;

  GtkPaned        *paned;
  GtkFlowBox      *filter_flow;
  GtkComboBoxText *stage_combo;
  GtkComboBoxText *destination_combo;
  GtkComboBoxText *urgency_combo;
  GtkToggleButton *attention_button;
  GtkLabel        *count_label;
  GtkSpinner      *loading_spinner;
  DossierCaseList *case_list;
  GtkStack        *details_stack;
  GtkWidget       *editor_scroller;
  GtkWidget       *editor;

  DossierWindow   *window;
  DossierReplica  *replica;
  GSettings       *settings;
  GCancellable    *cancellable;
  guint            destinations_source;
  guint            remote_reload_source;
  DossierSyncEngine *engine;
  gboolean         filling_combos;
  gboolean         paned_placed;
};

G_DEFINE_FINAL_TYPE (DossierCasesPage, dossier_cases_page, GTK_TYPE_BOX)

/* The count ------------------------------------------------------------------ */

static void
count_changed_cb (DossierCasesPage *self)
{
  guint n = dossier_case_list_get_n_cases (self->case_list);
  gboolean loading = dossier_case_list_get_loading (self->case_list);
  g_autofree char *count = dossier_format_count (n);
  g_autofree char *text = NULL;

  if (self->replica == NULL)
    text = g_strdup ("");
  else if (loading && n == 0)
    text = g_strdup (_("Reading cases…"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s case", "%s cases", n), count);
  gtk_label_set_text (self->count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), loading);
  g_object_set (self->loading_spinner, "active", loading, NULL);
}

/* Filters ------------------------------------------------------------------------ */

static const char *
active_id (GtkComboBoxText *combo)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo));

  return id != NULL && *id != '\0' ? id : NULL;
}

static void
filter_changed_cb (DossierCasesPage *self)
{
  if (self->filling_combos)
    return;
  dossier_case_list_set_stage (self->case_list, active_id (self->stage_combo));
  dossier_case_list_set_destination (self->case_list, active_id (self->destination_combo));
  dossier_case_list_set_urgency (self->case_list, active_id (self->urgency_combo));
  dossier_case_list_set_needs_attention (self->case_list,
                                         gtk_toggle_button_get_active (self->attention_button));
}

static void
fill_fixed_combos (DossierCasesPage *self)
{
  guint n;
  const char *const *stages = dossier_case_stages_get_all (&n);

  gtk_combo_box_text_append (self->stage_combo, "", _("All stages"));
  for (guint i = 0; i < n; i++)
    gtk_combo_box_text_append (self->stage_combo, stages[i], dossier_case_stage_get_label (stages[i]));
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->stage_combo), "");

  {
    const char *const *urgencies = dossier_case_urgencies_get_all (&n);

    gtk_combo_box_text_append (self->urgency_combo, "", _("All urgencies"));
    for (guint i = 0; i < n; i++)
      gtk_combo_box_text_append (self->urgency_combo, urgencies[i],
                                 dossier_case_urgency_get_label (urgencies[i]));
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->urgency_combo), "");
  }
  gtk_combo_box_text_append (self->destination_combo, "", _("All destinations"));
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->destination_combo), "");
}

static gint
compare_country_names (gconstpointer a,
                       gconstpointer b)
{
  return g_utf8_collate (dossier_policy_country_get_name (*(const char *const *) a),
                         dossier_policy_country_get_name (*(const char *const *) b));
}

/* The destinations cases go to, by name; the choice made survives. */
static void
fill_destinations (DossierCasesPage  *self,
                   char             **codes)
{
  g_autofree char *active = g_strdup (active_id (self->destination_combo));
  gboolean still_there = active == NULL;

  qsort (codes, g_strv_length (codes), sizeof (char *), compare_country_names);
  self->filling_combos = TRUE;
  gtk_combo_box_text_remove_all (self->destination_combo);
  gtk_combo_box_text_append (self->destination_combo, "", _("All destinations"));
  for (guint i = 0; codes[i] != NULL; i++)
    {
      gtk_combo_box_text_append (self->destination_combo, codes[i],
                                 dossier_policy_country_get_name (codes[i]));
      still_there |= g_strcmp0 (codes[i], active) == 0;
    }
  /* A destination no case goes to any more stays chosen until changed. */
  if (!still_there)
    gtk_combo_box_text_append (self->destination_combo, active,
                               dossier_policy_country_get_name (active));
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->destination_combo), active ? active : "");
  self->filling_combos = FALSE;
}

static void
destinations_ready_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  DossierCasesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = dossier_case_query_destinations_finish (DOSSIER_REPLICA (source), result,
                                                                &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_warning ("Could not list destinations: %s", error->message);
      return;
    }
  fill_destinations (self, codes);
}

static gboolean
read_destinations_cb (gpointer user_data)
{
  DossierCasesPage *self = user_data;

  self->destinations_source = 0;
  if (self->replica != NULL)
    dossier_case_query_destinations_async (self->replica, self->cancellable,
                                           destinations_ready_cb, self);
  return G_SOURCE_REMOVE;
}

static void
search_changed_cb (DossierCasesPage *self,
                   GtkSearchEntry   *entry)
{
  dossier_case_list_set_search_text (self->case_list, gtk_entry_get_text (GTK_ENTRY (entry)));
}

static void
escalation_days_changed_cb (DossierCasesPage *self)
{
  dossier_case_list_set_escalation_days (self->case_list,
                                         (guint) g_settings_get_int (self->settings,
                                                                     "escalation-days"));
}

/* The selected case ---------------------------------------------------------------- */

static DossierCaseEditor *
editor (DossierCasesPage *self)
{
  return DOSSIER_CASE_EDITOR (self->editor);
}

static void
case_selected_cb (DossierCasesPage *self,
                  const char       *case_id)
{
  if (g_strcmp0 (dossier_case_editor_get_case_id (editor (self)), case_id) != 0)
    dossier_case_editor_load_case (editor (self), case_id);
  gtk_stack_set_visible_child_name (self->details_stack, "editor");
}

static void
new_case_cb (DossierCasesPage *self)
{
  if (self->replica == NULL)
    return;
  dossier_case_list_unselect (self->case_list);
  dossier_case_editor_load_case (editor (self), NULL);
  gtk_stack_set_visible_child_name (self->details_stack, "editor");
}

static void
case_saved_cb (DossierCasesPage *self,
               const char       *case_id)
{
  /* The editor shows the case it saved: its row is the selected one. */
  dossier_case_list_refresh_case (self->case_list, case_id, TRUE);
  g_clear_handle_id (&self->destinations_source, g_source_remove);
  self->destinations_source = g_timeout_add (DESTINATIONS_DELAY_MS, read_destinations_cb, self);
}

/* The editor moved to another case (a possible duplicate's): follow it. */
static void
open_case_cb (DossierCasesPage *self,
              const char       *case_id)
{
  dossier_case_list_select_case (self->case_list, case_id);
}

/* The window ------------------------------------------------------------------------ */

static void
replica_changed_cb (DossierCasesPage *self)
{
  DossierReplica *replica = dossier_window_get_replica (self->window);

  if (!g_set_object (&self->replica, replica))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  dossier_case_list_set_replica (self->case_list, replica);
  dossier_case_editor_set_replica (editor (self), replica);
  gtk_stack_set_visible_child_name (self->details_stack, "hint");
  count_changed_cb (self);
  if (replica != NULL)
    read_destinations_cb (self);
}

/* The list gets the larger part of the first width the page is given; the
 * user's own placement of the handle is kept from then on. */
static void
paned_allocated_cb (DossierCasesPage *self,
                    GtkAllocation    *allocation)
{
  if (self->paned_placed || allocation->width < 2 * LIST_MIN_WIDTH)
    return;
  self->paned_placed = TRUE;
  gtk_paned_set_position (self->paned, (int) (allocation->width * LIST_SHARE));
}

/* Changes pulled from the server ------------------------------------------------ */

static gboolean
remote_reload_cb (gpointer user_data)
{
  DossierCasesPage *self = user_data;

  self->remote_reload_source = 0;
  dossier_case_list_reload (self->case_list);
  dossier_case_editor_refresh (editor (self));
  if (self->replica != NULL)
    dossier_case_query_destinations_async (self->replica, self->cancellable,
                                           destinations_ready_cb, self);
  return G_SOURCE_REMOVE;
}

static void
remote_changes_cb (DossierCasesPage *self,
                   guint             changes)
{
  if (self->remote_reload_source == 0)
    self->remote_reload_source = g_timeout_add (REMOTE_RELOAD_DELAY_MS, remote_reload_cb, self);
}

static void
state_changed_cb (DossierCasesPage *self)
{
  dossier_case_list_set_show_unsent (self->case_list,
                                     self->engine != NULL
                                     && dossier_sync_engine_get_state (self->engine)
                                        != DOSSIER_SYNC_STATE_SIGNED_OUT);
}

/* Changes reached the server, or were made outside the editor (a conflict
 * settled in the conflicts view): the "not yet synced" marks may differ. */
static void
pending_changed_cb (DossierCasesPage *self)
{
  remote_changes_cb (self, 0);
}

static void
engine_changed_cb (GtkWidget         *widget,
                   DossierSyncEngine *engine)
{
  DossierCasesPage *self = DOSSIER_CASES_PAGE (widget);

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->engine, remote_changes_cb, self);
      g_signal_handlers_disconnect_by_func (self->engine, pending_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->engine, state_changed_cb, self);
    }
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "remote-changes", G_CALLBACK (remote_changes_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::pending", G_CALLBACK (pending_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::state", G_CALLBACK (state_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  state_changed_cb (self);
}

static void
dossier_cases_page_dispose (GObject *object)
{
  DossierCasesPage *self = DOSSIER_CASES_PAGE (object);

  g_clear_handle_id (&self->remote_reload_source, g_source_remove);
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->engine, remote_changes_cb, self);
      g_signal_handlers_disconnect_by_func (self->engine, pending_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->engine, state_changed_cb, self);
    }
  g_clear_object (&self->engine);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->destinations_source, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (dossier_cases_page_parent_class)->dispose (object);
}

static void
dossier_cases_page_class_init (DossierCasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_cases_page_dispose;

  g_type_ensure (DOSSIER_TYPE_CASE_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-cases-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, paned);
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, filter_flow);
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, stage_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, destination_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, urgency_combo);
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, attention_button);
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, case_list);
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierCasesPage, editor_scroller);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, count_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, paned_allocated_cb);
}

/* Tab moves between the filters, not between the flow box's cells. */
static void
unfocus_flow_children (GtkFlowBox *flow)
{
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (flow));

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_set_can_focus (l->data, FALSE);
}

static void
dossier_cases_page_init (DossierCasesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  unfocus_flow_children (self->filter_flow);
  self->editor = dossier_case_editor_new ();
  gtk_widget_show (self->editor);
  gtk_container_add (GTK_CONTAINER (self->editor_scroller), self->editor);
  g_signal_connect_object (self->editor, "case-saved", G_CALLBACK (case_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "open-case", G_CALLBACK (open_case_cb), self,
                           G_CONNECT_SWAPPED);
  self->filling_combos = TRUE;
  fill_fixed_combos (self);
  self->filling_combos = FALSE;
  self->cancellable = g_cancellable_new ();
  self->settings = dossier_settings_new ();
  g_signal_connect_object (self->settings, "changed::escalation-days",
                           G_CALLBACK (escalation_days_changed_cb), self, G_CONNECT_SWAPPED);
  escalation_days_changed_cb (self);
  count_changed_cb (self);
  dossier_sync_status_follow_engine (GTK_WIDGET (self), engine_changed_cb);
}

/**
 * dossier_cases_page_new:
 * @window: the main window the page goes into
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
dossier_cases_page_new (DossierWindow *window)
{
  DossierCasesPage *self;

  g_return_val_if_fail (DOSSIER_IS_WINDOW (window), NULL);

  self = g_object_new (DOSSIER_TYPE_CASES_PAGE, NULL);
  self->window = window;
  g_signal_connect_object (window, "notify::replica", G_CALLBACK (replica_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "new-case", G_CALLBACK (new_case_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dossier_window_get_search_entry (window), "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  replica_changed_cb (self);
  return GTK_WIDGET (self);
}
