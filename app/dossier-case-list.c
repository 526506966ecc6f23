/* dossier-case-list.c: the case list.
 *
 * Every filter, search or sort change asks the replica's worker for the
 * ordered rowids of the matching cases, cancelling the question before; the
 * answer replaces the model's rows in one go (the view is detached for it,
 * which costs milliseconds where 100,000 "row-inserted" signals would take
 * seconds).  After a save only a few rows differ, and the model is updated
 * row by row so the view keeps its scroll position.  The selected case is
 * remembered by rowid and found again in every new order.
 */

#include <glib/gi18n.h>

#include "dossier-case-list.h"
#include "dossier-case-model.h"
#include "dossier-case-query.h"
#include "dossier-policy-note.h"

/* After a save, wait for the editor's next few saves before reading the list again. */
#define REFRESH_DELAY_MS 300
/* Holding an arrow key moves the selection faster than the editor could
 * load each case; it loads the one the selection rests on. */
#define SELECT_DELAY_MS 120

typedef enum
{
  RELOAD_REFRESH,    /* the same list, a few rows saved: keep the scroll position */
  RELOAD_RESET,      /* another filter or order: show the selection, or the top */
} ReloadMode;

struct _DossierCaseList
{
  GtkBox              parent_instance;

  GtkScrolledWindow  *scrolled_window;
  GtkTreeView        *tree_view;
  GtkTreeSelection   *selection;
  GtkLabel           *empty_label;
  GtkTreeViewColumn  *reference_column;
  GtkTreeViewColumn  *applicant_column;
  GtkTreeViewColumn  *destination_column;
  GtkTreeViewColumn  *visa_type_column;
  GtkTreeViewColumn  *stage_column;
  GtkTreeViewColumn  *urgency_column;
  GtkTreeViewColumn  *deadline_column;
  GtkTreeViewColumn  *assignee_column;
  GtkTreeViewColumn  *flags_column;
  GtkTreeViewColumn  *unsent_column;

  DossierReplica     *replica;
  DossierCaseModel   *model;
  DossierCaseFilter  *filter;
  GtkTreeViewColumn  *sort_column;
  GCancellable       *query_cancellable;
  GCancellable       *cancellable;
  ReloadMode          reload_mode;
  gint64              query_started;
  gboolean            loading;
  gboolean            head_first;        /* the next reset shows the list's head first */
  guint               n_cases;

  gboolean            updating;          /* selection changes are ours, not the user's */
  gint64              selected_rowid;
  gint64              pending_rowid;     /* selected before its row was read */
  gint64              select_after_reload;
  guint               refresh_source;
  guint               select_source;
  gboolean            rows_read;         /* for DOSSIER_BENCH_FIRST_ROWS */
};

G_DEFINE_FINAL_TYPE (DossierCaseList, dossier_case_list, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_N_CASES,
  PROP_LOADING,
  N_PROPS
};

enum
{
  CASE_SELECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void reload (DossierCaseList *self,
                    ReloadMode       mode);

/* State ------------------------------------------------------------------------ */

static gboolean
filter_is_active (DossierCaseList *self)
{
  const DossierCaseFilter *filter = self->filter;

  return filter->stage != NULL || filter->destination != NULL || filter->urgency != NULL
         || filter->needs_attention || (filter->text != NULL && *filter->text != '\0');
}

static void
update_empty_label (DossierCaseList *self)
{
  gboolean empty = self->n_cases == 0 && !self->loading && self->model != NULL;

  if (empty)
    gtk_label_set_text (self->empty_label,
                        filter_is_active (self) ? _("No cases match the search and filters")
                                                : _("No cases yet. Start one with New case (Ctrl+N)."));
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty);
}

static void
set_loading (DossierCaseList *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  update_empty_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_n_cases (DossierCaseList *self,
             guint            n_cases)
{
  if (self->n_cases == n_cases)
    return;
  self->n_cases = n_cases;
  update_empty_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CASES]);
}

/* Selection ---------------------------------------------------------------------- */

static void
emit_case_selected (DossierCaseList *self)
{
  const char *case_id = dossier_case_model_get_case_id (self->model, self->selected_rowid);

  if (case_id == NULL)
    {
      /* Not read yet: announced when its row arrives. */
      self->pending_rowid = self->selected_rowid;
      return;
    }
  self->pending_rowid = 0;
  g_signal_emit (self, signals[CASE_SELECTED], 0, case_id);
}

static gboolean
select_timeout_cb (gpointer user_data)
{
  DossierCaseList *self = user_data;

  self->select_source = 0;
  if (self->selected_rowid != 0 && self->model != NULL)
    emit_case_selected (self);
  return G_SOURCE_REMOVE;
}

static void
row_loaded_cb (DossierCaseList  *self,
               gint64            rowid,
               DossierCaseModel *model)
{
  self->rows_read = TRUE;
  if (rowid == self->pending_rowid && self->select_source == 0)
    emit_case_selected (self);
}

static gint64
selected_rowid (DossierCaseList *self)
{
  GtkTreeModel *model;
  GtkTreeIter iter;
  gint64 rowid = 0;

  if (gtk_tree_selection_get_selected (self->selection, &model, &iter))
    gtk_tree_model_get (model, &iter, DOSSIER_CASE_MODEL_COLUMN_ROWID, &rowid, -1);
  return rowid;
}

static void
selection_changed_cb (DossierCaseList  *self,
                      GtkTreeSelection *selection)
{
  gint64 rowid;

  if (self->updating || self->model == NULL)
    return;
  rowid = selected_rowid (self);
  /* Losing the selection leaves the editor on its case. */
  if (rowid == 0 || rowid == self->selected_rowid)
    {
      self->selected_rowid = rowid;
      return;
    }
  self->selected_rowid = rowid;
  self->pending_rowid = 0;
  g_clear_handle_id (&self->select_source, g_source_remove);
  self->select_source = g_timeout_add (SELECT_DELAY_MS, select_timeout_cb, self);
}

/* Selects a row without announcing it: the editor already shows that case. */
static gboolean
select_rowid_quietly (DossierCaseList *self,
                      gint64           rowid,
                      gboolean         center)
{
  gint index = rowid != 0 ? dossier_case_model_find_rowid (self->model, rowid) : -1;
  g_autoptr(GtkTreePath) path = NULL;

  if (index < 0)
    return FALSE;
  path = gtk_tree_path_new_from_indices (index, -1);
  self->updating = TRUE;
  gtk_tree_selection_select_path (self->selection, path);
  self->updating = FALSE;
  self->selected_rowid = rowid;
  gtk_tree_view_scroll_to_cell (self->tree_view, path, NULL, center, 0.5, 0.0);
  return TRUE;
}

/* Reading the list --------------------------------------------------------------- */

/* Detaching the model clears the columns' sort indicators: shown again here. */
static void
show_sort_indicator (DossierCaseList *self)
{
  if (self->sort_column == NULL)
    return;
  gtk_tree_view_column_set_sort_indicator (self->sort_column, TRUE);
  gtk_tree_view_column_set_sort_order (self->sort_column, self->filter->descending
                                                          ? GTK_SORT_DESCENDING
                                                          : GTK_SORT_ASCENDING);
}

static gint64
first_visible_rowid (DossierCaseList *self)
{
  g_autoptr(GtkTreePath) start = NULL;
  gint index;

  if (!gtk_tree_view_get_visible_range (self->tree_view, &start, NULL))
    return 0;
  index = gtk_tree_path_get_indices (start)[0];
  if (index < 0 || (guint) index >= dossier_case_model_get_n_rows (self->model))
    return 0;
  return dossier_case_model_get_rowid (self->model, index);
}

static void
replace_rows (DossierCaseList *self,
              GArray          *rowids,
              ReloadMode       mode)
{
  gint64 top = mode == RELOAD_REFRESH ? first_visible_rowid (self) : 0;
  gint index;

  self->updating = TRUE;
  gtk_tree_view_set_model (self->tree_view, NULL);
  dossier_case_model_set_rowids (self->model, rowids, self->filter);
  gtk_tree_view_set_model (self->tree_view, GTK_TREE_MODEL (self->model));
  self->updating = FALSE;
  show_sort_indicator (self);

  if (mode == RELOAD_REFRESH && (index = dossier_case_model_find_rowid (self->model, top)) >= 0)
    {
      g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_indices (index, -1);

      select_rowid_quietly (self, self->selected_rowid, FALSE);
      gtk_tree_view_scroll_to_cell (self->tree_view, path, NULL, TRUE, 0.0, 0.0);
    }
  else if (!select_rowid_quietly (self, self->selected_rowid, TRUE))
    {
      self->selected_rowid = 0;
      gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->tree_view)), 0);
    }
}

static void
apply_rowids (DossierCaseList *self,
              GArray          *rowids,
              ReloadMode       mode)
{
  gboolean updated = FALSE;

  /* A selected row that moves is deleted first: not the user unselecting it. */
  self->updating = TRUE;
  if (mode == RELOAD_REFRESH)
    updated = dossier_case_model_update_rowids (self->model, rowids, self->filter);
  self->updating = FALSE;

  if (!updated)
    replace_rows (self, rowids, mode);
  else if (self->selected_rowid != 0 && selected_rowid (self) != self->selected_rowid)
    select_rowid_quietly (self, self->selected_rowid, FALSE);

  if (self->select_after_reload != 0)
    {
      select_rowid_quietly (self, self->select_after_reload, FALSE);
      self->select_after_reload = 0;
    }
  set_n_cases (self, rowids->len);
}

static void
rowids_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DossierCaseList *self = user_data;
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GError) error = NULL;
  ReloadMode mode;

  rowids = dossier_case_query_rowids_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer question replaced this one, or the list is gone */

  mode = self->reload_mode;
  g_clear_object (&self->query_cancellable);
  set_loading (self, FALSE);
  if (error != NULL)
    {
      g_warning ("Could not list cases: %s", error->message);
      rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  g_debug ("Listed %u cases in %.1f ms", rowids->len,
           (g_get_monotonic_time () - self->query_started) / 1000.0);
  apply_rowids (self, rowids, mode);
}

/* Whether the head of the list comes off an index (newest change first)
 * without reading every case: otherwise it costs what the whole list does. */
static gboolean
head_is_cheap (const DossierCaseFilter *filter)
{
  return filter->sort == DOSSIER_CASE_SORT_UPDATED && filter->text == NULL
         && !filter->needs_attention;
}

/* The head of the list, shown while the rest is listed: see reload(). */
static void
head_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DossierCaseList *self = user_data;
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GError) error = NULL;

  rowids = dossier_case_query_rowids_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer question replaced this one, or the list is gone */
  if (rowids != NULL)
    {
      replace_rows (self, rowids, RELOAD_RESET);
      /* Its rows are read before the whole list is. */
      dossier_case_model_prefetch (self->model, 0);
      /* The whole list keeps what the user did meanwhile (scrolling, selecting). */
      self->reload_mode = RELOAD_REFRESH;
    }
  dossier_case_query_rowids_async (self->replica, self->filter, self->query_cancellable,
                                   rowids_ready_cb, self);
}

static void
reload (DossierCaseList *self,
        ReloadMode       mode)
{
  if (self->replica == NULL)
    return;

  /* A question still out is replaced; a reset it owed is still owed. */
  if (self->query_cancellable != NULL)
    {
      g_cancellable_cancel (self->query_cancellable);
      g_clear_object (&self->query_cancellable);
      mode = MAX (mode, self->reload_mode);
    }
  self->reload_mode = mode;
  self->query_cancellable = g_cancellable_new ();
  self->query_started = g_get_monotonic_time ();
  set_loading (self, TRUE);
  /* The first list of a replica: its first page is listed (an index's first
   * entries) and shown, its rows read, and only then the whole list, which
   * takes the worker and then the view (which takes in its length row by
   * row) 0.3 s or more at 100,000 cases.  The count shows once the whole
   * list is there. */
  if (self->head_first && mode == RELOAD_RESET && head_is_cheap (self->filter))
    {
      g_autoptr(DossierCaseFilter) head = dossier_case_filter_copy (self->filter);

      self->head_first = FALSE;
      head->limit = DOSSIER_CASE_MODEL_PAGE_SIZE;
      dossier_case_query_rowids_async (self->replica, head, self->query_cancellable,
                                       head_ready_cb, self);
      return;
    }
  self->head_first = FALSE;
  dossier_case_query_rowids_async (self->replica, self->filter, self->query_cancellable,
                                   rowids_ready_cb, self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  DossierCaseList *self = user_data;

  self->refresh_source = 0;
  reload (self, RELOAD_REFRESH);
  return G_SOURCE_REMOVE;
}

/* Sorting and tooltips ------------------------------------------------------------- */

static DossierCaseSort
column_sort (DossierCaseList   *self,
             GtkTreeViewColumn *column)
{
  const struct { GtkTreeViewColumn *column; DossierCaseSort sort; } sorts[] = {
    { self->reference_column, DOSSIER_CASE_SORT_REFERENCE },
    { self->applicant_column, DOSSIER_CASE_SORT_APPLICANT },
    { self->destination_column, DOSSIER_CASE_SORT_DESTINATION },
    { self->visa_type_column, DOSSIER_CASE_SORT_VISA_TYPE },
    { self->stage_column, DOSSIER_CASE_SORT_STAGE },
    { self->urgency_column, DOSSIER_CASE_SORT_URGENCY },
    { self->deadline_column, DOSSIER_CASE_SORT_NEXT_DEADLINE },
    { self->assignee_column, DOSSIER_CASE_SORT_ASSIGNEE },
    { self->flags_column, DOSSIER_CASE_SORT_FLAGS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    if (sorts[i].column == column)
      return sorts[i].sort;
  return DOSSIER_CASE_SORT_UPDATED;
}

static void
column_clicked_cb (DossierCaseList   *self,
                   GtkTreeViewColumn *column)
{
  if (column == self->sort_column)
    self->filter->descending = !self->filter->descending;
  else
    {
      if (self->sort_column != NULL)
        gtk_tree_view_column_set_sort_indicator (self->sort_column, FALSE);
      self->sort_column = column;
      self->filter->sort = column_sort (self, column);
      /* Flagged cases first: that is why one sorts by flags. */
      self->filter->descending = self->filter->sort == DOSSIER_CASE_SORT_FLAGS;
    }
  show_sort_indicator (self);
  reload (self, RELOAD_RESET);
}

static int
tooltip_column (DossierCaseList   *self,
                GtkTreeViewColumn *column)
{
  if (column == self->flags_column)
    return DOSSIER_CASE_MODEL_COLUMN_FLAGS_DETAILS;
  if (column == self->deadline_column)
    return DOSSIER_CASE_MODEL_COLUMN_DEADLINE_DETAILS;
  if (column == self->applicant_column)
    return DOSSIER_CASE_MODEL_COLUMN_APPLICANT;
  if (column == self->unsent_column)
    return DOSSIER_CASE_MODEL_COLUMN_UNSENT_DETAILS;
  return -1;
}

static gboolean
query_tooltip_cb (DossierCaseList *self,
                  int              x,
                  int              y,
                  gboolean         keyboard_mode,
                  GtkTooltip      *tooltip,
                  GtkWidget       *widget)
{
  g_autoptr(GtkTreePath) path = NULL;
  g_autofree char *text = NULL;
  GtkTreeViewColumn *column = NULL;
  GtkTreeModel *model;
  GtkTreeIter iter;
  int model_column;

  if (!gtk_tree_view_get_tooltip_context (self->tree_view, &x, &y, keyboard_mode,
                                          &model, NULL, &iter))
    return FALSE;
  if (keyboard_mode)
    gtk_tree_view_get_cursor (self->tree_view, &path, &column);
  else
    gtk_tree_view_get_path_at_pos (self->tree_view, x, y, &path, &column, NULL, NULL);
  if (path == NULL || column == NULL || (model_column = tooltip_column (self, column)) < 0)
    return FALSE;

  gtk_tree_model_get (model, &iter, model_column, &text, -1);
  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  gtk_tree_view_set_tooltip_cell (self->tree_view, tooltip, path, column, NULL);
  return TRUE;
}

/* GObject -------------------------------------------------------------------------- */

static void
dossier_case_list_dispose (GObject *object)
{
  DossierCaseList *self = DOSSIER_CASE_LIST (object);

  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->select_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (dossier_case_list_parent_class)->dispose (object);
}

static void
dossier_case_list_finalize (GObject *object)
{
  DossierCaseList *self = DOSSIER_CASE_LIST (object);

  dossier_case_filter_free (self->filter);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dossier_case_list_parent_class)->finalize (object);
}

static void
dossier_case_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DossierCaseList *self = DOSSIER_CASE_LIST (object);

  switch (prop_id)
    {
    case PROP_N_CASES:
      g_value_set_uint (value, self->n_cases);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_case_list_class_init (DossierCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_case_list_dispose;
  object_class->finalize = dossier_case_list_finalize;
  object_class->get_property = dossier_case_list_get_property;

  properties[PROP_N_CASES] =
    g_param_spec_uint ("n-cases", "Cases", "How many cases the list shows",
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", "Loading", "Whether the list is being read",
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DossierCaseList::case-selected:
   * @case_id: the case's id
   *
   * The user selected a case; emitted once its row is read.
   */
  signals[CASE_SELECTED] = g_signal_new ("case-selected", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-case-list.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, tree_view);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, selection);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, empty_label);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, reference_column);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, applicant_column);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, destination_column);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, visa_type_column);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, stage_column);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, urgency_column);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, deadline_column);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, assignee_column);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, flags_column);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseList, unsent_column);
  gtk_widget_class_bind_template_callback (widget_class, column_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);
}

/* Destinations sort by their name in the user's language, not by code. */
static char **
destinations_by_name (void)
{
  g_autoptr(GPtrArray) countries = dossier_policy_countries_by_name ();
  GStrvBuilder *builder = g_strv_builder_new ();
  char **codes;

  for (guint i = 0; i < countries->len; i++)
    g_strv_builder_add (builder, ((const DossierCountry *) countries->pdata[i])->alpha2);
  codes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return codes;
}

/* The launch benchmark (tests/bench/bench-launch.c) times a start-up up to
 * the first rows on screen.  With DOSSIER_BENCH_FIRST_ROWS=1, the first draw
 * of the list after rows were read (so the draw showed them) prints one line
 * on standard error, once per process:
 *   DOSSIER_BENCH first-rows monotonic-us=<CLOCK_MONOTONIC, µs> cases=<n>
 * Without the variable nothing is connected. */
static gboolean
bench_first_rows_draw_cb (GtkWidget *tree_view,
                          cairo_t   *cr,
                          gpointer   user_data)
{
  DossierCaseList *self = user_data;

  if (!self->rows_read)
    return GDK_EVENT_PROPAGATE;
  g_printerr ("DOSSIER_BENCH first-rows monotonic-us=%" G_GINT64_FORMAT " cases=%u\n",
              g_get_monotonic_time (), self->n_cases);
  g_signal_handlers_disconnect_by_func (tree_view, bench_first_rows_draw_cb, self);
  return GDK_EVENT_PROPAGATE;
}

static void
dossier_case_list_init (DossierCaseList *self)
{
  static gboolean bench_reported;

  gtk_widget_init_template (GTK_WIDGET (self));
  if (!bench_reported && g_strcmp0 (g_getenv ("DOSSIER_BENCH_FIRST_ROWS"), "1") == 0)
    {
      bench_reported = TRUE;
      g_signal_connect_after (self->tree_view, "draw", G_CALLBACK (bench_first_rows_draw_cb),
                              self);
    }

  self->filter = dossier_case_filter_new ();
  self->filter->destination_order = destinations_by_name ();
  self->cancellable = g_cancellable_new ();
}

/* Public ---------------------------------------------------------------------------- */

GtkWidget *
dossier_case_list_new (void)
{
  return g_object_new (DOSSIER_TYPE_CASE_LIST, NULL);
}

static void
replace_model (DossierCaseList *self)
{
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  self->updating = TRUE;
  gtk_tree_view_set_model (self->tree_view, NULL);
  self->updating = FALSE;
  set_n_cases (self, 0);
  if (self->replica == NULL)
    return;
  self->model = dossier_case_model_new (self->replica);
  dossier_case_model_set_show_unsent (self->model,
                                      gtk_tree_view_column_get_visible (self->unsent_column));
  g_signal_connect_object (self->model, "row-loaded", G_CALLBACK (row_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  self->head_first = TRUE;
  reload (self, RELOAD_RESET);
}

/**
 * dossier_case_list_set_replica:
 * @replica: (nullable): the open replica
 */
void
dossier_case_list_set_replica (DossierCaseList *self,
                               DossierReplica  *replica)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));

  if (!g_set_object (&self->replica, replica))
    return;
  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  set_loading (self, FALSE);
  self->selected_rowid = 0;
  replace_model (self);
}

static void
set_filter_text (DossierCaseList  *self,
                 char            **field,
                 const char       *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  reload (self, RELOAD_RESET);
}

void
dossier_case_list_set_stage (DossierCaseList *self,
                             const char      *stage)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));
  set_filter_text (self, &self->filter->stage, stage);
}

void
dossier_case_list_set_destination (DossierCaseList *self,
                                   const char      *destination)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));
  set_filter_text (self, &self->filter->destination, destination);
}

void
dossier_case_list_set_urgency (DossierCaseList *self,
                               const char      *urgency)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));
  set_filter_text (self, &self->filter->urgency, urgency);
}

void
dossier_case_list_set_search_text (DossierCaseList *self,
                                   const char      *text)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));
  set_filter_text (self, &self->filter->text, text);
}

void
dossier_case_list_set_needs_attention (DossierCaseList *self,
                                       gboolean         needs_attention)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));

  if (self->filter->needs_attention == !!needs_attention)
    return;
  self->filter->needs_attention = !!needs_attention;
  reload (self, RELOAD_RESET);
}

/**
 * dossier_case_list_set_escalation_days:
 * @days: days a submitted case may wait for a decision before it is flagged
 */
void
dossier_case_list_set_escalation_days (DossierCaseList *self,
                                       guint            days)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));

  if (self->filter->escalation_days == days)
    return;
  self->filter->escalation_days = days;
  /* The flags of the rows read so far followed the old rule. */
  dossier_case_list_reload (self);
}

/**
 * dossier_case_list_set_show_unsent:
 * @show: whether to show the "not yet synced" column
 *
 * The column means nothing while nobody is logged in (then nothing is ever
 * sent), as the editor's marker does not show then either.
 */
void
dossier_case_list_set_show_unsent (DossierCaseList *self,
                                   gboolean         show)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));

  gtk_tree_view_column_set_visible (self->unsent_column, show);
  if (self->model != NULL)
    {
      dossier_case_model_set_show_unsent (self->model, show);
      gtk_widget_queue_draw (GTK_WIDGET (self->tree_view));
    }
}

/**
 * dossier_case_list_reload:
 *
 * Reads the list and its rows again, keeping the scroll position and the
 * selection, for changes the list was not told about (a sync, for instance).
 */
void
dossier_case_list_reload (DossierCaseList *self)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));

  if (self->model == NULL)
    return;
  dossier_case_model_forget_rows (self->model, self->filter);
  gtk_widget_queue_draw (GTK_WIDGET (self->tree_view));
  reload (self, RELOAD_REFRESH);
}

/**
 * dossier_case_list_refresh_rows:
 *
 * Reads the rows on screen again, keeping the list as it is: for changes
 * that cannot move a case or add one (a "not yet synced" mark, for instance).
 */
void
dossier_case_list_refresh_rows (DossierCaseList *self)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));

  if (self->model == NULL)
    return;
  dossier_case_model_forget_rows (self->model, self->filter);
  gtk_widget_queue_draw (GTK_WIDGET (self->tree_view));
}

typedef struct
{
  DossierCaseList *self;
  gboolean         refresh;
  gboolean         select;
} SavedCase;

static void
saved_rowid_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree SavedCase *saved = user_data;
  DossierCaseList *self = saved->self;
  g_autoptr(GError) error = NULL;
  gint64 rowid = dossier_case_query_lookup_rowid_finish (DOSSIER_REPLICA (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the list is gone */
  if (rowid <= 0 || self->model == NULL)
    return;
  if (saved->refresh)
    dossier_case_model_refresh_rowid (self->model, rowid);
  if (saved->select && !select_rowid_quietly (self, rowid, FALSE) && saved->refresh)
    self->select_after_reload = rowid;   /* a new case: in the list after the reload */
  else if (saved->select && !saved->refresh && dossier_case_model_find_rowid (self->model, rowid) < 0)
    dossier_case_list_unselect (self);   /* not in the list: select nothing rather than another */
}

/**
 * dossier_case_list_refresh_case:
 * @case_id: a case that was saved
 * @select: whether to select its row (the editor shows it)
 *
 * Reads the case's row again at once, and soon after the whole list: the
 * case may have joined or left the filter, or moved in the order.
 */
void
dossier_case_list_refresh_case (DossierCaseList *self,
                                const char      *case_id,
                                gboolean         select)
{
  SavedCase *saved;

  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));
  g_return_if_fail (case_id != NULL);

  if (self->replica == NULL)
    return;
  saved = g_new0 (SavedCase, 1);
  saved->self = self;
  saved->refresh = TRUE;
  saved->select = select;
  dossier_case_query_lookup_rowid_async (self->replica, case_id, self->cancellable,
                                         saved_rowid_cb, saved);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

/**
 * dossier_case_list_select_case:
 * @case_id: a case shown elsewhere
 *
 * Selects the case's row, if the list shows it, without "case-selected".
 */
void
dossier_case_list_select_case (DossierCaseList *self,
                               const char      *case_id)
{
  SavedCase *saved;

  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));
  g_return_if_fail (case_id != NULL);

  if (self->replica == NULL)
    return;
  saved = g_new0 (SavedCase, 1);
  saved->self = self;
  saved->select = TRUE;
  dossier_case_query_lookup_rowid_async (self->replica, case_id, self->cancellable,
                                         saved_rowid_cb, saved);
}

/**
 * dossier_case_list_unselect:
 *
 * Clears the selection (a new case is being written) without a signal.
 */
void
dossier_case_list_unselect (DossierCaseList *self)
{
  g_return_if_fail (DOSSIER_IS_CASE_LIST (self));

  self->updating = TRUE;
  gtk_tree_selection_unselect_all (self->selection);
  self->updating = FALSE;
  self->selected_rowid = 0;
  self->pending_rowid = 0;
  g_clear_handle_id (&self->select_source, g_source_remove);
}

guint
dossier_case_list_get_n_cases (DossierCaseList *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_LIST (self), 0);
  return self->n_cases;
}

gboolean
dossier_case_list_get_loading (DossierCaseList *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_LIST (self), FALSE);
  return self->loading;
}
