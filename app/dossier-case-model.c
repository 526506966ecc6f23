/* dossier-case-model.c: the lazy list model behind the case list.
 *
 * Rows are addressed by their index in the rowid array.  Their text lives in
 * a cache keyed by rowid, so a new sort order or filter keeps what was
 * already read; a least-recently-shown list bounds it.  Reading is one page
 * at a time, one request in flight: while the user drags the scroll bar
 * across 100,000 rows, pages that scrolled out of sight before their turn
 * came are dropped, so the rows on screen are read next rather than after
 * everything the view passed over.
 */

#include <glib/gi18n.h>

#include "dossier-case-format.h"
#include "dossier-case-model.h"
#include "dossier-replica-pending.h"
#include "dossier-person-name.h"
#include "dossier-policy-note.h"

/* Pages waiting to be read; older ones have scrolled out of sight. */
#define MAX_WANTED_PAGES 8
/* Above this many inserted plus deleted rows, a new list replaces the old. */
#define MAX_INCREMENTAL_CHANGES 64

typedef struct
{
  GList               lru_link;
  gint64              rowid;
  DossierCaseSummary *summary;   /* NULL: the case is gone */
  char               *text[DOSSIER_CASE_MODEL_N_COLUMNS];
} CachedRow;

typedef struct
{
  DossierCaseModel *model;
  GArray           *rowids;
  guint             page;
  guint             generation;
  guint             serial;
} Fetch;

struct _DossierCaseModel
{
  GObject            parent_instance;

  DossierReplica    *replica;
  DossierCaseFilter *filter;
  GArray            *rowids;
  int                stamp;

  GHashTable        *rows;          /* gint64 rowid -> CachedRow */
  GQueue             lru;           /* CachedRow, most recently shown first */
  GHashTable        *refreshed;     /* gint64 rowid -> fetch serial at refresh */

  GQueue             wanted;        /* page numbers, most recently asked first */
  GHashTable        *requested;     /* page numbers wanted or in flight */
  guint              generation;    /* bumped when pages no longer mean the same rows */
  guint              fetch_serial;
  guint              forget_serial;  /* fetches up to this one read rows since forgotten */
  gboolean           fetching;
  gboolean           show_unsent;   /* read the "not yet synced" marks */
  guint              fetch_source;
  GCancellable      *cancellable;
};

static void dossier_case_model_tree_model_init (GtkTreeModelIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DossierCaseModel, dossier_case_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_TREE_MODEL,
                                                      dossier_case_model_tree_model_init))

enum
{
  ROW_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_fetch (DossierCaseModel *self);

/* Rows ------------------------------------------------------------------------ */

static void
set_unsent_text (CachedRow *row)
{
  g_free (row->text[DOSSIER_CASE_MODEL_COLUMN_UNSENT_ICON]);
  g_free (row->text[DOSSIER_CASE_MODEL_COLUMN_UNSENT_DETAILS]);
  row->text[DOSSIER_CASE_MODEL_COLUMN_UNSENT_ICON] = g_strdup ("emblem-synchronizing-symbolic");
  row->text[DOSSIER_CASE_MODEL_COLUMN_UNSENT_DETAILS] =
    g_strdup (_("Not yet synced: changes to this case have not reached the server yet"));
}

static CachedRow *
cached_row_new (gint64                   rowid,
                DossierCaseSummary      *summary,
                const DossierCaseFilter *filter)
{
  CachedRow *row = g_new0 (CachedRow, 1);
  char **text = row->text;

  row->lru_link.data = row;
  row->rowid = rowid;
  row->summary = summary;
  if (summary == NULL)
    return row;
  text[DOSSIER_CASE_MODEL_COLUMN_CASE_ID] = g_strdup (summary->case_id);
  text[DOSSIER_CASE_MODEL_COLUMN_REFERENCE] = g_strdup (summary->reference);
  text[DOSSIER_CASE_MODEL_COLUMN_APPLICANT] = dossier_person_name_format (summary->family_name,
                                                                          summary->given_names,
                                                                          summary->native_name);
  text[DOSSIER_CASE_MODEL_COLUMN_DESTINATION] = g_strdup (dossier_policy_country_get_name (summary->destination));
  text[DOSSIER_CASE_MODEL_COLUMN_VISA_TYPE] = g_strdup (dossier_policy_visa_type_get_label (summary->visa_type));
  text[DOSSIER_CASE_MODEL_COLUMN_STAGE] = g_strdup (dossier_case_stage_get_label (summary->stage));
  text[DOSSIER_CASE_MODEL_COLUMN_URGENCY] = g_strdup (dossier_case_urgency_get_label (summary->urgency));
  text[DOSSIER_CASE_MODEL_COLUMN_ASSIGNEE] = g_strdup (summary->assignee);
  text[DOSSIER_CASE_MODEL_COLUMN_DEADLINE] =
    dossier_case_format_deadline (summary, &text[DOSSIER_CASE_MODEL_COLUMN_DEADLINE_DETAILS]);
  if (dossier_case_format_flags (summary, filter->escalation_days,
                                 &text[DOSSIER_CASE_MODEL_COLUMN_FLAGS_TEXT],
                                 &text[DOSSIER_CASE_MODEL_COLUMN_FLAGS_DETAILS]))
    text[DOSSIER_CASE_MODEL_COLUMN_FLAGS_ICON] = g_strdup ("dialog-warning-symbolic");
  if (summary->unsent)
    set_unsent_text (row);
  return row;
}

static void
cached_row_free (CachedRow *row)
{
  for (guint i = 0; i < G_N_ELEMENTS (row->text); i++)
    g_free (row->text[i]);
  dossier_case_summary_free (row->summary);
  g_free (row);
}

/* The cache --------------------------------------------------------------------- */

static CachedRow *
lookup_row (DossierCaseModel *self,
            gint64            rowid)
{
  return g_hash_table_lookup (self->rows, &rowid);
}

static void
forget_row (DossierCaseModel *self,
            CachedRow        *row)
{
  g_queue_unlink (&self->lru, &row->lru_link);
  g_hash_table_remove (self->rows, &row->rowid);
}

static void
remember_row (DossierCaseModel *self,
              CachedRow        *row)
{
  CachedRow *old = lookup_row (self, row->rowid);

  if (old != NULL)
    forget_row (self, old);
  g_hash_table_insert (self->rows, &row->rowid, row);
  g_queue_push_head_link (&self->lru, &row->lru_link);

  while (self->lru.length > DOSSIER_CASE_MODEL_MAX_CACHED_ROWS)
    forget_row (self, self->lru.tail->data);
}

static void
touch_row (DossierCaseModel *self,
           CachedRow        *row)
{
  if (self->lru.head == &row->lru_link)
    return;
  g_queue_unlink (&self->lru, &row->lru_link);
  g_queue_push_head_link (&self->lru, &row->lru_link);
}

/* Reading pages ------------------------------------------------------------------- */

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->model);
  g_array_unref (fetch->rowids);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static void
forget_wanted_pages (DossierCaseModel *self)
{
  g_queue_clear (&self->wanted);
  g_hash_table_remove_all (self->requested);
  self->generation++;
}

/* Rows of a page in the current order, which arrived with this fetch. */
static void
announce_rows (DossierCaseModel *self,
               Fetch            *fetch)
{
  guint first = fetch->page * DOSSIER_CASE_MODEL_PAGE_SIZE;
  guint end = MIN (first + DOSSIER_CASE_MODEL_PAGE_SIZE, self->rowids->len);

  for (guint i = first; fetch->generation == self->generation && i < end; i++)
    {
      gint64 rowid = g_array_index (self->rowids, gint64, i);
      g_autoptr(GtkTreePath) path = NULL;
      GtkTreeIter iter = { self->stamp, GUINT_TO_POINTER (i), NULL, NULL };

      if (lookup_row (self, rowid) == NULL)
        continue;
      path = gtk_tree_path_new_from_indices (i, -1);
      gtk_tree_model_row_changed (GTK_TREE_MODEL (self), path, &iter);
    }
  for (guint i = 0; i < fetch->rowids->len; i++)
    g_signal_emit (self, signals[ROW_LOADED], 0, g_array_index (fetch->rowids, gint64, i));
}

/* A row refreshed after this fetch was queued may have changed since. */
static gboolean
is_stale (DossierCaseModel *self,
          Fetch            *fetch,
          gint64            rowid)
{
  gpointer serial;

  if (fetch->serial <= self->forget_serial)
    return TRUE;
  if (!g_hash_table_lookup_extended (self->refreshed, &rowid, NULL, &serial))
    return FALSE;
  if (fetch->serial <= GPOINTER_TO_UINT (serial))
    return TRUE;
  g_hash_table_remove (self->refreshed, &rowid);
  return FALSE;
}

static void
store_rows (DossierCaseModel *self,
            Fetch            *fetch,
            GPtrArray        *summaries)
{
  guint next = 0;

  /* Summaries come in the order asked, without the cases deleted since. */
  for (guint i = 0; i < fetch->rowids->len; i++)
    {
      gint64 rowid = g_array_index (fetch->rowids, gint64, i);
      DossierCaseSummary *summary = NULL;

      if (next < summaries->len && ((DossierCaseSummary *) summaries->pdata[next])->rowid == rowid)
        summary = g_ptr_array_steal_index (summaries, next);
      if (is_stale (self, fetch, rowid))
        dossier_case_summary_free (summary);
      else
        remember_row (self, cached_row_new (rowid, summary, self->filter));
    }
}

/* The "not yet synced" marks of a page, read after its rows are shown: on a
 * replica with a week of changes not yet sent, each is a look into a large
 * outbox, which the rows need not wait for. */
static void
marks_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  DossierCaseModel *self = fetch->model;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pending = dossier_replica_filter_pending_cases_finish (DOSSIER_REPLICA (source),
                                                                       result, &error);

  if (pending == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read which cases are not yet synced: %s", error->message);
      return;
    }
  for (guint i = 0; i < fetch->rowids->len; i++)
    {
      CachedRow *row = lookup_row (self, g_array_index (fetch->rowids, gint64, i));
      gint index;

      if (row == NULL || row->summary == NULL || row->summary->unsent
          || !g_strv_contains ((const char *const *) pending, row->summary->case_id))
        continue;
      row->summary->unsent = TRUE;
      set_unsent_text (row);
      /* Only the page's own rows need telling; after a new list the view
       * draws from the cache anyway. */
      index = -1;
      if (fetch->generation == self->generation)
        for (guint j = fetch->page * DOSSIER_CASE_MODEL_PAGE_SIZE;
             index < 0 && j < MIN ((fetch->page + 1) * DOSSIER_CASE_MODEL_PAGE_SIZE, self->rowids->len);
             j++)
          if (g_array_index (self->rowids, gint64, j) == row->rowid)
            index = (gint) j;
      if (index >= 0)
        {
          g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_indices (index, -1);
          GtkTreeIter iter = { self->stamp, GINT_TO_POINTER (index), NULL, NULL };

          gtk_tree_model_row_changed (GTK_TREE_MODEL (self), path, &iter);
        }
    }
}

static void
read_marks (DossierCaseModel *self,
            Fetch            *fetch)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) case_ids = NULL;
  Fetch *marks;

  for (guint i = 0; i < fetch->rowids->len; i++)
    {
      CachedRow *row = lookup_row (self, g_array_index (fetch->rowids, gint64, i));

      if (row != NULL && row->summary != NULL)
        g_strv_builder_add (ids, row->summary->case_id);
    }
  case_ids = g_strv_builder_end (ids);
  if (case_ids[0] == NULL)
    return;
  marks = g_new0 (Fetch, 1);
  marks->model = g_object_ref (self);
  marks->rowids = g_array_ref (fetch->rowids);
  marks->page = fetch->page;
  marks->generation = fetch->generation;
  dossier_replica_filter_pending_cases_async (self->replica, (const char *const *) case_ids,
                                              self->cancellable, marks_ready_cb, marks);
}

static void
rows_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  DossierCaseModel *self = fetch->model;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;

  summaries = dossier_case_query_rows_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->fetching = FALSE;
  if (fetch->generation == self->generation)
    g_hash_table_remove (self->requested, GUINT_TO_POINTER (fetch->page));
  if (error != NULL)
    {
      /* Keep the rows empty rather than asking again and again. */
      g_warning ("Could not read cases: %s", error->message);
      summaries = g_ptr_array_new ();
    }
  store_rows (self, fetch, summaries);
  announce_rows (self, fetch);
  if (error == NULL && self->show_unsent)
    read_marks (self, fetch);
  schedule_fetch (self);
}

/* The rowids of a page whose text is not cached. */
static GArray *
missing_rowids (DossierCaseModel *self,
                guint             page)
{
  guint first = page * DOSSIER_CASE_MODEL_PAGE_SIZE;
  guint end = MIN (first + DOSSIER_CASE_MODEL_PAGE_SIZE, self->rowids->len);
  GArray *missing = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = first; i < end; i++)
    {
      gint64 rowid = g_array_index (self->rowids, gint64, i);
      if (lookup_row (self, rowid) == NULL)
        g_array_append_val (missing, rowid);
    }
  return missing;
}

static void
start_fetch (DossierCaseModel *self)
{
  while (!self->fetching && self->wanted.length > 0)
    {
      guint page = GPOINTER_TO_UINT (g_queue_pop_head (&self->wanted)) - 1;
      g_autoptr(GArray) missing = missing_rowids (self, page);
      Fetch *fetch;

      if (missing->len == 0)
        {
          g_hash_table_remove (self->requested, GUINT_TO_POINTER (page));
          continue;
        }
      fetch = g_new0 (Fetch, 1);
      fetch->model = g_object_ref (self);
      fetch->rowids = g_steal_pointer (&missing);
      fetch->page = page;
      fetch->generation = self->generation;
      fetch->serial = ++self->fetch_serial;
      self->fetching = TRUE;
      dossier_case_query_rows_async (self->replica, self->filter,
                                     (const gint64 *) fetch->rowids->data, fetch->rowids->len,
                                     self->cancellable, rows_ready_cb, fetch);
    }
}

static gboolean
fetch_cb (gpointer user_data)
{
  DossierCaseModel *self = user_data;

  self->fetch_source = 0;
  start_fetch (self);
  return G_SOURCE_REMOVE;
}

/* Waits for the view to finish drawing, so that the pages it asked for last,
 * the ones on screen, are read first. */
static void
schedule_fetch (DossierCaseModel *self)
{
  if (self->fetch_source == 0 && !self->fetching && self->wanted.length > 0)
    self->fetch_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fetch_cb, self, NULL);
}

static void
want_page (DossierCaseModel *self,
           guint             page)
{
  gpointer item = GUINT_TO_POINTER (page + 1);
  GList *link;

  if ((link = g_queue_find (&self->wanted, item)) != NULL)
    {
      g_queue_unlink (&self->wanted, link);
      g_queue_push_head_link (&self->wanted, link);
      return;
    }
  if (g_hash_table_contains (self->requested, GUINT_TO_POINTER (page)))
    return;   /* in flight */

  g_hash_table_add (self->requested, GUINT_TO_POINTER (page));
  g_queue_push_head (&self->wanted, item);
  while (self->wanted.length > MAX_WANTED_PAGES)
    g_hash_table_remove (self->requested,
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_queue_pop_tail (&self->wanted)) - 1));
  schedule_fetch (self);
}

/* GtkTreeModel ------------------------------------------------------------------- */

static GtkTreeModelFlags
dossier_case_model_get_flags (GtkTreeModel *model)
{
  return GTK_TREE_MODEL_LIST_ONLY;
}

static gint
dossier_case_model_get_n_columns (GtkTreeModel *model)
{
  return DOSSIER_CASE_MODEL_N_COLUMNS;
}

static GType
dossier_case_model_get_column_type (GtkTreeModel *model,
                                    gint          column)
{
  return column == DOSSIER_CASE_MODEL_COLUMN_ROWID ? G_TYPE_INT64 : G_TYPE_STRING;
}

static gboolean
set_iter (DossierCaseModel *self,
          GtkTreeIter      *iter,
          gint              index)
{
  if (self->rowids == NULL || index < 0 || (guint) index >= self->rowids->len)
    {
      iter->stamp = 0;
      return FALSE;
    }
  iter->stamp = self->stamp;
  iter->user_data = GINT_TO_POINTER (index);
  return TRUE;
}

static gboolean
dossier_case_model_get_iter (GtkTreeModel *model,
                             GtkTreeIter  *iter,
                             GtkTreePath  *path)
{
  if (gtk_tree_path_get_depth (path) != 1)
    return FALSE;
  return set_iter (DOSSIER_CASE_MODEL (model), iter, gtk_tree_path_get_indices (path)[0]);
}

static GtkTreePath *
dossier_case_model_get_path (GtkTreeModel *model,
                             GtkTreeIter  *iter)
{
  g_return_val_if_fail (iter->stamp == DOSSIER_CASE_MODEL (model)->stamp, NULL);
  return gtk_tree_path_new_from_indices (GPOINTER_TO_INT (iter->user_data), -1);
}

static void
dossier_case_model_get_value (GtkTreeModel *model,
                              GtkTreeIter  *iter,
                              gint          column,
                              GValue       *value)
{
  DossierCaseModel *self = DOSSIER_CASE_MODEL (model);
  guint index = GPOINTER_TO_UINT (iter->user_data);
  gint64 rowid;
  CachedRow *row;

  g_return_if_fail (iter->stamp == self->stamp);
  g_return_if_fail (column >= 0 && column < DOSSIER_CASE_MODEL_N_COLUMNS);

  rowid = g_array_index (self->rowids, gint64, index);
  g_value_init (value, dossier_case_model_get_column_type (model, column));
  if (column == DOSSIER_CASE_MODEL_COLUMN_ROWID)
    {
      g_value_set_int64 (value, rowid);
      return;
    }
  if ((row = lookup_row (self, rowid)) == NULL)
    {
      want_page (self, index / DOSSIER_CASE_MODEL_PAGE_SIZE);
      return;
    }
  touch_row (self, row);
  g_value_set_string (value, row->text[column]);
}

static gboolean
dossier_case_model_iter_next (GtkTreeModel *model,
                              GtkTreeIter  *iter)
{
  return set_iter (DOSSIER_CASE_MODEL (model), iter, GPOINTER_TO_INT (iter->user_data) + 1);
}

static gboolean
dossier_case_model_iter_previous (GtkTreeModel *model,
                                  GtkTreeIter  *iter)
{
  return set_iter (DOSSIER_CASE_MODEL (model), iter, GPOINTER_TO_INT (iter->user_data) - 1);
}

static gboolean
dossier_case_model_iter_nth_child (GtkTreeModel *model,
                                   GtkTreeIter  *iter,
                                   GtkTreeIter  *parent,
                                   gint          n)
{
  if (parent != NULL)
    return set_iter (DOSSIER_CASE_MODEL (model), iter, -1);
  return set_iter (DOSSIER_CASE_MODEL (model), iter, n);
}

static gboolean
dossier_case_model_iter_children (GtkTreeModel *model,
                                  GtkTreeIter  *iter,
                                  GtkTreeIter  *parent)
{
  return dossier_case_model_iter_nth_child (model, iter, parent, 0);
}

static gboolean
dossier_case_model_iter_has_child (GtkTreeModel *model,
                                   GtkTreeIter  *iter)
{
  return FALSE;
}

static gint
dossier_case_model_iter_n_children (GtkTreeModel *model,
                                    GtkTreeIter  *iter)
{
  DossierCaseModel *self = DOSSIER_CASE_MODEL (model);

  if (iter != NULL || self->rowids == NULL)
    return 0;
  return (gint) self->rowids->len;
}

static gboolean
dossier_case_model_iter_parent (GtkTreeModel *model,
                                GtkTreeIter  *iter,
                                GtkTreeIter  *child)
{
  iter->stamp = 0;
  return FALSE;
}

static void
dossier_case_model_tree_model_init (GtkTreeModelIface *iface)
{
  iface->get_flags = dossier_case_model_get_flags;
  iface->get_n_columns = dossier_case_model_get_n_columns;
  iface->get_column_type = dossier_case_model_get_column_type;
  iface->get_iter = dossier_case_model_get_iter;
  iface->get_path = dossier_case_model_get_path;
  iface->get_value = dossier_case_model_get_value;
  iface->iter_next = dossier_case_model_iter_next;
  iface->iter_previous = dossier_case_model_iter_previous;
  iface->iter_children = dossier_case_model_iter_children;
  iface->iter_has_child = dossier_case_model_iter_has_child;
  iface->iter_n_children = dossier_case_model_iter_n_children;
  iface->iter_nth_child = dossier_case_model_iter_nth_child;
  iface->iter_parent = dossier_case_model_iter_parent;
}

/* GObject ------------------------------------------------------------------------ */

static void
dossier_case_model_dispose (GObject *object)
{
  DossierCaseModel *self = DOSSIER_CASE_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->fetch_source, g_source_remove);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (dossier_case_model_parent_class)->dispose (object);
}

static void
dossier_case_model_finalize (GObject *object)
{
  DossierCaseModel *self = DOSSIER_CASE_MODEL (object);

  /* The queue's links live inside the rows, which the table frees. */
  g_hash_table_unref (self->rows);
  g_queue_init (&self->lru);
  g_hash_table_unref (self->refreshed);
  g_hash_table_unref (self->requested);
  g_queue_clear (&self->wanted);
  g_clear_pointer (&self->rowids, g_array_unref);
  dossier_case_filter_free (self->filter);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dossier_case_model_parent_class)->finalize (object);
}

static void
dossier_case_model_class_init (DossierCaseModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dossier_case_model_dispose;
  object_class->finalize = dossier_case_model_finalize;

  /**
   * DossierCaseModel::row-loaded:
   * @rowid: the case's rowid
   *
   * A row's text arrived from the replica (or the case is gone).
   */
  signals[ROW_LOADED] = g_signal_new ("row-loaded", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
dossier_case_model_init (DossierCaseModel *self)
{
  self->stamp = g_random_int ();
  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                      (GDestroyNotify) cached_row_free);
  self->refreshed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->requested = g_hash_table_new (NULL, NULL);
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->filter = dossier_case_filter_new ();
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->lru);
  g_queue_init (&self->wanted);
}

/* Public ----------------------------------------------------------------------------- */

/**
 * dossier_case_model_new:
 * @replica: the replica to read rows from
 *
 * Returns: (transfer full): an empty model
 */
DossierCaseModel *
dossier_case_model_new (DossierReplica *replica)
{
  DossierCaseModel *self;

  g_return_val_if_fail (DOSSIER_IS_REPLICA (replica), NULL);

  self = g_object_new (DOSSIER_TYPE_CASE_MODEL, NULL);
  self->replica = g_object_ref (replica);
  return self;
}

static void
set_filter (DossierCaseModel        *self,
            const DossierCaseFilter *filter)
{
  dossier_case_filter_free (self->filter);
  self->filter = filter ? dossier_case_filter_copy (filter) : dossier_case_filter_new ();
  /* Rows show without waiting for their marks: see read_marks(). */
  self->filter->without_unsent = TRUE;
}

/**
 * dossier_case_model_set_rowids:
 * @rowids: (element-type gint64): the rows, in order
 * @filter: (nullable): the filter that gave them, for the time rules of the flags
 *
 * Replaces every row without telling the views: detach the model from its
 * view first (gtk_tree_view_set_model (view, NULL)), then attach it again,
 * which is far quicker for a large list than a signal per row.
 */
void
dossier_case_model_set_rowids (DossierCaseModel        *self,
                               GArray                  *rowids,
                               const DossierCaseFilter *filter)
{
  g_return_if_fail (DOSSIER_IS_CASE_MODEL (self));
  g_return_if_fail (rowids != NULL);

  g_array_unref (self->rowids);
  self->rowids = g_array_ref (rowids);
  set_filter (self, filter);
  self->stamp++;
  forget_wanted_pages (self);
}

/**
 * dossier_case_model_prefetch:
 * @index: a row the view is about to show
 *
 * Starts reading the page of @index now, rather than once the view has
 * drawn and asked for it (the replica's worker runs jobs in order: a read
 * queued now comes before the jobs queued after it).
 */
void
dossier_case_model_prefetch (DossierCaseModel *self,
                             guint             index)
{
  g_return_if_fail (DOSSIER_IS_CASE_MODEL (self));

  if (index >= self->rowids->len)
    return;
  want_page (self, index / DOSSIER_CASE_MODEL_PAGE_SIZE);
  g_clear_handle_id (&self->fetch_source, g_source_remove);
  start_fetch (self);
}

/**
 * dossier_case_model_set_show_unsent:
 * @show: whether rows get their "not yet synced" marks
 *
 * The marks mean nothing while nobody is logged in, and each costs a look
 * into the outbox: they are read (after the rows) only while shown.  Rows
 * read before they were shown are read again.
 */
void
dossier_case_model_set_show_unsent (DossierCaseModel *self,
                                    gboolean          show)
{
  g_return_if_fail (DOSSIER_IS_CASE_MODEL (self));

  if (self->show_unsent == !!show)
    return;
  self->show_unsent = !!show;
  if (show)
    {
      /* forget_rows() replaces the filter with a copy of the one it is given. */
      g_autoptr(DossierCaseFilter) filter = dossier_case_filter_copy (self->filter);

      dossier_case_model_forget_rows (self, filter);
    }
}

/* The rows only in `old` and only in `new`, between a common head and tail. */
static void
diff_rowids (GArray *old,
             GArray *new,
             guint  *out_head,
             guint  *out_old_middle,
             guint  *out_new_middle)
{
  const gint64 *a = (const gint64 *) old->data, *b = (const gint64 *) new->data;
  guint head = 0, tail = 0;

  while (head < old->len && head < new->len && a[head] == b[head])
    head++;
  while (tail < old->len - head && tail < new->len - head
         && a[old->len - 1 - tail] == b[new->len - 1 - tail])
    tail++;
  *out_head = head;
  *out_old_middle = old->len - head - tail;
  *out_new_middle = new->len - head - tail;
}

/**
 * dossier_case_model_update_rowids:
 * @rowids: (element-type gint64): the rows, in order
 * @filter: (nullable): the filter that gave them
 *
 * Moves to a new list that differs from the current one in a few rows (a
 * case saved, created or deleted), with a "row-deleted" or "row-inserted"
 * per row so the view keeps its scroll position and selection.
 *
 * Returns: %TRUE if done; %FALSE (nothing changed) when the lists differ too
 *   much: use dossier_case_model_set_rowids() then
 */
gboolean
dossier_case_model_update_rowids (DossierCaseModel        *self,
                                  GArray                  *rowids,
                                  const DossierCaseFilter *filter)
{
  guint head, old_middle, new_middle;

  g_return_val_if_fail (DOSSIER_IS_CASE_MODEL (self), FALSE);
  g_return_val_if_fail (rowids != NULL, FALSE);

  diff_rowids (self->rowids, rowids, &head, &old_middle, &new_middle);
  if (old_middle + new_middle > MAX_INCREMENTAL_CHANGES)
    return FALSE;

  set_filter (self, filter);
  if (old_middle + new_middle == 0)
    return TRUE;
  forget_wanted_pages (self);
  for (guint i = 0; i < old_middle; i++)
    {
      g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_indices (head, -1);

      g_array_remove_index (self->rowids, head);
      self->stamp++;
      gtk_tree_model_row_deleted (GTK_TREE_MODEL (self), path);
    }
  for (guint i = 0; i < new_middle; i++)
    {
      g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_indices (head + i, -1);
      GtkTreeIter iter;

      g_array_insert_val (self->rowids, head + i, g_array_index (rowids, gint64, head + i));
      self->stamp++;
      set_iter (self, &iter, head + i);
      gtk_tree_model_row_inserted (GTK_TREE_MODEL (self), path, &iter);
    }
  return TRUE;
}

guint
dossier_case_model_get_n_rows (DossierCaseModel *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_MODEL (self), 0);
  return self->rowids->len;
}

gint64
dossier_case_model_get_rowid (DossierCaseModel *self,
                              guint             index)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_MODEL (self), 0);
  g_return_val_if_fail (index < self->rowids->len, 0);
  return g_array_index (self->rowids, gint64, index);
}

/**
 * dossier_case_model_find_rowid:
 *
 * Returns: the row showing @rowid, or -1
 */
gint
dossier_case_model_find_rowid (DossierCaseModel *self,
                               gint64            rowid)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_MODEL (self), -1);

  for (guint i = 0; i < self->rowids->len; i++)
    if (g_array_index (self->rowids, gint64, i) == rowid)
      return (gint) i;
  return -1;
}

/**
 * dossier_case_model_get_case_id:
 *
 * Returns: (transfer none) (nullable): the case's id if its row is loaded
 */
const char *
dossier_case_model_get_case_id (DossierCaseModel *self,
                                gint64            rowid)
{
  CachedRow *row;

  g_return_val_if_fail (DOSSIER_IS_CASE_MODEL (self), NULL);

  row = lookup_row (self, rowid);
  return row != NULL && row->summary != NULL ? row->summary->case_id : NULL;
}

/**
 * dossier_case_model_forget_rows:
 * @filter: (nullable): the filter whose time rules rows are read with from now on
 *
 * Forgets the text of every row (the replica changed in ways nobody said);
 * the view reads the rows on screen again when it redraws them.
 */
void
dossier_case_model_forget_rows (DossierCaseModel        *self,
                                const DossierCaseFilter *filter)
{
  g_return_if_fail (DOSSIER_IS_CASE_MODEL (self));

  set_filter (self, filter);
  /* The rows free themselves, and with them the links of the queue. */
  g_hash_table_remove_all (self->rows);
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->refreshed);
  self->forget_serial = self->fetch_serial;
  forget_wanted_pages (self);
}

/**
 * dossier_case_model_refresh_rowid:
 *
 * Forgets the text of a row, so that it is read again (the case was saved).
 */
void
dossier_case_model_refresh_rowid (DossierCaseModel *self,
                                  gint64            rowid)
{
  CachedRow *row;
  gint index;

  g_return_if_fail (DOSSIER_IS_CASE_MODEL (self));

  if ((row = lookup_row (self, rowid)) != NULL)
    forget_row (self, row);
  g_hash_table_insert (self->refreshed, g_memdup2 (&rowid, sizeof rowid),
                       GUINT_TO_POINTER (self->fetch_serial));
  if ((index = dossier_case_model_find_rowid (self, rowid)) >= 0)
    {
      g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_indices (index, -1);
      GtkTreeIter iter;

      /* Its page may be in flight with the old text: ask for it again. */
      g_hash_table_remove (self->requested, GUINT_TO_POINTER (index / DOSSIER_CASE_MODEL_PAGE_SIZE));
      set_iter (self, &iter, index);
      gtk_tree_model_row_changed (GTK_TREE_MODEL (self), path, &iter);
    }
}
