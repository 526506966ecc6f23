/* test-case-model.c: the case list's lazy model and its texts, against a
 * real replica and without a display (a GtkTreeModel needs none). */

#include <gtk/gtk.h>

#include "dossier-case-format.h"
#include "dossier-case-model.h"
#include "replica-fixture.h"

/* Cases with references DOS-2026-000000, -000001, ... in rowid order. */
static void
save_cases (ReplicaFixture *fixture,
            guint           n)
{
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *reference = g_strdup_printf ("DOS-2026-%06u", i);

      json_object_set_string_member (fields, "reference", reference);
      json_object_set_string_member (fields, "destination", "DE");
      json_object_set_string_member (fields, "internal_stage", "documents");
      g_ptr_array_add (edits, dossier_edit_new ("case", NULL, fields));
    }
  ids = dossier_replica_save_many_sync (fixture->replica, edits, NULL, &error);
  g_assert_no_error (error);
}

static GArray *
rowids_by_reference (ReplicaFixture *fixture)
{
  g_autoptr(DossierCaseFilter) filter = dossier_case_filter_new ();
  g_autoptr(GError) error = NULL;
  GArray *rowids;

  filter->sort = DOSSIER_CASE_SORT_REFERENCE;
  filter->descending = FALSE;
  rowids = dossier_case_query_rowids_sync (fixture->replica, filter, NULL, &error);
  g_assert_no_error (error);
  return rowids;
}

static char *
row_text (GtkTreeModel *model,
          guint         index,
          int           column)
{
  GtkTreeIter iter;
  char *text = NULL;

  g_assert_true (gtk_tree_model_iter_nth_child (model, &iter, NULL, (int) index));
  gtk_tree_model_get (model, &iter, column, &text, -1);
  return text;
}

static void
count_changed_cb (GtkTreeModel *model,
                  GtkTreePath  *path,
                  GtkTreeIter  *iter,
                  gpointer      user_data)
{
  GArray *changed = user_data;
  int index = gtk_tree_path_get_indices (path)[0];

  g_array_append_val (changed, index);
}

/* Reads row `index` as a view would: empty first, then "row-changed". */
static char *
load_row (GtkTreeModel *model,
          guint         index,
          int           column)
{
  char *text = row_text (model, index, column);
  guint64 start = g_get_monotonic_time ();

  while (text == NULL && g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, TRUE);
      text = row_text (model, index, column);
    }
  g_assert_nonnull (text);
  return text;
}

static void
test_rows_arrive_by_page (ReplicaFixture *fixture,
                          gconstpointer   data)
{
  g_autoptr(DossierCaseModel) case_model = dossier_case_model_new (fixture->replica);
  GtkTreeModel *model = GTK_TREE_MODEL (case_model);
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *first = NULL, *reference = NULL, *destination = NULL;
  /* Row 150's page: neither the first page nor the last. */
  const guint page_start = 150 / DOSSIER_CASE_MODEL_PAGE_SIZE * DOSSIER_CASE_MODEL_PAGE_SIZE;
  const guint page_end = page_start + DOSSIER_CASE_MODEL_PAGE_SIZE;

  g_assert_cmpuint (page_start, >, 0);
  g_assert_cmpuint (page_end, <, 250);
  save_cases (fixture, 250);
  rowids = rowids_by_reference (fixture);
  dossier_case_model_set_rowids (case_model, rowids, NULL);
  g_assert_cmpint (gtk_tree_model_iter_n_children (model, NULL), ==, 250);
  g_signal_connect (model, "row-changed", G_CALLBACK (count_changed_cb), changed);

  /* Nothing is read before it is asked for, and the row count is known. */
  first = row_text (model, 150, DOSSIER_CASE_MODEL_COLUMN_REFERENCE);
  g_assert_null (first);
  reference = load_row (model, 150, DOSSIER_CASE_MODEL_COLUMN_REFERENCE);
  g_assert_cmpstr (reference, ==, "DOS-2026-000150");
  destination = row_text (model, 150, DOSSIER_CASE_MODEL_COLUMN_DESTINATION);
  g_assert_cmpstr (destination, ==, "Germany");

  /* Its whole page came, and said so row by row; the other pages did not. */
  g_assert_cmpuint (changed->len, ==, DOSSIER_CASE_MODEL_PAGE_SIZE);
  g_assert_cmpint (g_array_index (changed, int, 0), ==, page_start);
  g_assert_nonnull (dossier_case_model_get_case_id (case_model, g_array_index (rowids, gint64,
                                                                              page_end - 1)));
  g_assert_null (dossier_case_model_get_case_id (case_model, g_array_index (rowids, gint64,
                                                                           page_start - 1)));
  g_assert_null (dossier_case_model_get_case_id (case_model, g_array_index (rowids, gint64,
                                                                           page_end)));
}

static void
test_cache_is_bounded (ReplicaFixture *fixture,
                       gconstpointer   data)
{
  g_autoptr(DossierCaseModel) case_model = dossier_case_model_new (fixture->replica);
  GtkTreeModel *model = GTK_TREE_MODEL (case_model);
  guint n = DOSSIER_CASE_MODEL_MAX_CACHED_ROWS + 2 * DOSSIER_CASE_MODEL_PAGE_SIZE;
  g_autoptr(GArray) rowids = NULL;
  guint cached = 0;

  save_cases (fixture, n);
  rowids = rowids_by_reference (fixture);
  dossier_case_model_set_rowids (case_model, rowids, NULL);
  for (guint i = 0; i < n; i += DOSSIER_CASE_MODEL_PAGE_SIZE)
    g_free (load_row (model, i, DOSSIER_CASE_MODEL_COLUMN_REFERENCE));

  for (guint i = 0; i < n; i++)
    cached += dossier_case_model_get_case_id (case_model, g_array_index (rowids, gint64, i)) != NULL;
  g_assert_cmpuint (cached, ==, DOSSIER_CASE_MODEL_MAX_CACHED_ROWS);
  /* The rows shown longest ago went first. */
  g_assert_null (dossier_case_model_get_case_id (case_model, g_array_index (rowids, gint64, 0)));
  g_assert_nonnull (dossier_case_model_get_case_id (case_model, g_array_index (rowids, gint64, n - 1)));
}

static void
record_deleted_cb (GtkTreeModel *model,
                   GtkTreePath  *path,
                   gpointer      user_data)
{
  GString *log = user_data;

  g_string_append_printf (log, "-%d ", gtk_tree_path_get_indices (path)[0]);
}

static void
record_inserted_cb (GtkTreeModel *model,
                    GtkTreePath  *path,
                    GtkTreeIter  *iter,
                    gpointer      user_data)
{
  GString *log = user_data;
  gint64 rowid;

  gtk_tree_model_get (model, iter, DOSSIER_CASE_MODEL_COLUMN_ROWID, &rowid, -1);
  g_string_append_printf (log, "+%d:%" G_GINT64_FORMAT " ", gtk_tree_path_get_indices (path)[0], rowid);
}

static GArray *
rowid_array (const gint64 *values,
             guint         n)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (array, values, n);
  return array;
}

static void
test_update_rowids (ReplicaFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(DossierCaseModel) case_model = dossier_case_model_new (fixture->replica);
  GtkTreeModel *model = GTK_TREE_MODEL (case_model);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GArray) before = rowid_array ((gint64[]) { 1, 2, 3, 4, 5 }, 5);
  g_autoptr(GArray) inserted = rowid_array ((gint64[]) { 9, 1, 2, 3, 4, 5 }, 6);
  g_autoptr(GArray) moved = rowid_array ((gint64[]) { 9, 1, 3, 4, 2, 5 }, 6);
  g_autoptr(GArray) large = g_array_new (FALSE, FALSE, sizeof (gint64));

  dossier_case_model_set_rowids (case_model, before, NULL);
  g_signal_connect (model, "row-deleted", G_CALLBACK (record_deleted_cb), log);
  g_signal_connect (model, "row-inserted", G_CALLBACK (record_inserted_cb), log);

  /* A new case at the top: one insertion. */
  g_assert_true (dossier_case_model_update_rowids (case_model, inserted, NULL));
  g_assert_cmpstr (log->str, ==, "+0:9 ");
  /* A case moving down two rows: only the rows between change. */
  g_string_truncate (log, 0);
  g_assert_true (dossier_case_model_update_rowids (case_model, moved, NULL));
  g_assert_cmpstr (log->str, ==, "-2 -2 -2 +2:3 +3:4 +4:2 ");
  for (guint i = 0; i < moved->len; i++)
    g_assert_cmpint (dossier_case_model_get_rowid (case_model, i), ==, g_array_index (moved, gint64, i));
  /* The same list again: nothing at all. */
  g_string_truncate (log, 0);
  g_assert_true (dossier_case_model_update_rowids (case_model, moved, NULL));
  g_assert_cmpstr (log->str, ==, "");

  /* Another filter: too different, left to dossier_case_model_set_rowids(). */
  for (gint64 i = 100; i < 200; i++)
    g_array_append_val (large, i);
  g_assert_false (dossier_case_model_update_rowids (case_model, large, NULL));
  g_assert_cmpstr (log->str, ==, "");
  g_assert_cmpuint (dossier_case_model_get_n_rows (case_model), ==, 6);
  g_assert_cmpint (dossier_case_model_find_rowid (case_model, 2), ==, 4);
  g_assert_cmpint (dossier_case_model_find_rowid (case_model, 150), ==, -1);
}

static void
test_refresh_reads_again (ReplicaFixture *fixture,
                          gconstpointer   data)
{
  g_autoptr(DossierCaseModel) case_model = dossier_case_model_new (fixture->replica);
  GtkTreeModel *model = GTK_TREE_MODEL (case_model);
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *saved = NULL;
  const char *case_id;

  save_cases (fixture, 3);
  rowids = rowids_by_reference (fixture);
  dossier_case_model_set_rowids (case_model, rowids, NULL);
  before = load_row (model, 1, DOSSIER_CASE_MODEL_COLUMN_STAGE);
  g_assert_cmpstr (before, ==, "Documents");

  case_id = dossier_case_model_get_case_id (case_model, g_array_index (rowids, gint64, 1));
  json_object_set_string_member (fields, "internal_stage", "review");
  saved = dossier_replica_save_sync (fixture->replica, "case", case_id, fields, NULL, &error);
  g_assert_no_error (error);

  dossier_case_model_refresh_rowid (case_model, g_array_index (rowids, gint64, 1));
  after = load_row (model, 1, DOSSIER_CASE_MODEL_COLUMN_STAGE);
  g_assert_cmpstr (after, ==, "Review");
}

static void
test_format_flags (void)
{
  DossierCaseSummary summary = { 0 };
  g_autofree char *title = NULL, *details = NULL, *deadline = NULL, *what = NULL;

  summary.flags = DOSSIER_CASE_FLAG_PASSPORT_VALIDITY | DOSSIER_CASE_FLAG_OVERDUE_DOCUMENTS;
  summary.passport_expiry_date = (char *) "2026-09-14";
  summary.passport_required_until = (char *) "2026-09-15";
  summary.departure_date = (char *) "2026-06-15";
  summary.validity_months = 3;
  summary.overdue_items = 2;
  summary.next_due_date = (char *) "2026-03-01";

  g_assert_true (dossier_case_format_flags (&summary, 14, &title, &details));
  g_assert_cmpstr (title, ==, "Passport validity +1");
  g_assert_cmpstr (details, ==,
                   "The passport expires on 2026-09-14; it must be valid until 2026-09-15, "
                   "3 months after the departure on 2026-06-15\n"
                   "2 required documents are past their due date");
  deadline = dossier_case_format_deadline (&summary, &what);
  g_assert_cmpstr (deadline, ==, "2026-03-01");
  g_assert_nonnull (what);

  summary.flags = DOSSIER_CASE_FLAG_NONE;
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&details, g_free);
  g_assert_false (dossier_case_format_flags (&summary, 14, &title, &details));
  g_assert_null (title);
  g_assert_null (details);
  g_assert_cmpstr (dossier_case_stage_get_label ("submitted"), ==, "Submitted");
  g_assert_cmpstr (dossier_case_urgency_get_label (NULL), ==, "Normal");
  g_assert_cmpstr (dossier_case_stage_get_label ("archived"), ==, "archived");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, ReplicaFixture, NULL, replica_fixture_set_up, func, replica_fixture_tear_down)
  ADD ("/app/case-model/rows-arrive-by-page", test_rows_arrive_by_page);
  ADD ("/app/case-model/cache-is-bounded", test_cache_is_bounded);
  ADD ("/app/case-model/update-rowids", test_update_rowids);
  ADD ("/app/case-model/refresh-reads-again", test_refresh_reads_again);
#undef ADD
  g_test_add_func ("/app/case-format/flags", test_format_flags);

  return g_test_run ();
}
