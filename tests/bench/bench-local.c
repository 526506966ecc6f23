/* bench-local.c: the local figures of DESIGN.md section 5 on the sample replica.
 *
 * Search: queries drawn from the data itself (Latin prefixes of applicants'
 * names and passport numbers as a user types them; Chinese words found
 * inside names, addresses and notes), through the two paths the window
 * uses: dossier_replica_search_sync() (ranked hits, as the policy page asks
 * for them) and the case list's (dossier_case_query_rowids_sync() with the
 * filter's text, then the first page of rows without their "not yet synced"
 * marks, which is what the list waits for before it shows the answer; the
 * marks follow).  One round warms the caches, the next
 * ROUNDS are measured.
 *
 * Write: dossier_replica_save_sync() of one field ("notes") of an existing
 * case, a different case each time, each a real change (a new value), so
 * each commits a row update, an outbox change, a field clock and the case's
 * search entry, durably (synchronous=FULL, as the replica opens itself).
 * These writes stay in the cached replica: WRITES outbox changes a run.
 * The sample replica holds all of its changes as not yet sent (millions of
 * outbox rows at full scale, which no user has); the same writes are then
 * measured on the replica a first full sync made (write.one-field.synced),
 * when bench-full-sync has run once.
 */

#include "bench-common.h"

#include "dossier-case-query.h"

#include <string.h>

#define ROUNDS 5
#define WRITES 400
#define WARMUP_WRITES 20
#define SAMPLE_RECORDS 30
#define SEARCH_LIMIT 50

typedef struct
{
  DossierReplica *replica;
  GPtrArray      *latin;      /* char *: queries */
  GPtrArray      *chinese;
  GPtrArray      *case_ids;
} Local;

/* Words that occur inside longer Chinese text of the data: destinations,
 * districts and streets of the offices' cities. */
static const char *const chinese_words[] = {
  "德国", "日本", "美国", "澳大利亚", "新加坡", "泰国", "法国", "英国",
  "朝阳区", "海淀区", "浦东新区", "静安区", "中关村", "世纪大道",
};

static void
add_prefix (GPtrArray  *queries,
            const char *text,
            guint       chars)
{
  g_autofree char *lower = NULL;

  if (text == NULL || g_utf8_strlen (text, -1) < chars)
    return;
  lower = g_utf8_strdown (text, -1);
  g_ptr_array_add (queries, g_utf8_substring (lower, 0, chars));
}

/* Cases spread over the whole replica, one for each write. */
static gboolean
collect_case_ids (GPtrArray     *case_ids,
                  BenchReplica  *data,
                  GError       **error)
{
  sqlite3 *db = bench_sqlite_open_readonly (data->path, data->key, error);
  sqlite3_stmt *stmt = NULL;

  if (db == NULL)
    return FALSE;
  sqlite3_prepare_v2 (db, "SELECT id FROM cases WHERE rowid % (SELECT max(1, count(*) / ?1) "
                          "FROM cases) = 0 ORDER BY rowid", -1, &stmt, NULL);
  sqlite3_bind_int (stmt, 1, WRITES + WARMUP_WRITES);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (case_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return TRUE;
}

/* Applicants spread over the whole replica: every n-th row, read on a
 * connection of our own (reading 100,000 records as JSON would take longer
 * than the benchmark). */
static gboolean
collect_queries (Local         *local,
                 BenchReplica  *data,
                 GError       **error)
{
  sqlite3 *db = bench_sqlite_open_readonly (data->path, data->key, error);
  sqlite3_stmt *stmt = NULL;

  if (db == NULL)
    return FALSE;
  sqlite3_prepare_v2 (db, "SELECT family_name, native_name, passport_number FROM applicants "
                          "WHERE rowid % (SELECT max(1, count(*) / ?1) FROM applicants) = 0 "
                          "ORDER BY rowid", -1, &stmt, NULL);
  sqlite3_bind_int (stmt, 1, SAMPLE_RECORDS);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *family = (const char *) sqlite3_column_text (stmt, 0);
      const char *native = (const char *) sqlite3_column_text (stmt, 1);

      add_prefix (local->latin, family, 3);
      add_prefix (local->latin, family, MIN (5, family ? g_utf8_strlen (family, -1) : 0));
      add_prefix (local->latin, (const char *) sqlite3_column_text (stmt, 2), 4);
      if (native != NULL && g_utf8_strlen (native, -1) >= 2)
        {
          glong n = g_utf8_strlen (native, -1);

          g_ptr_array_add (local->chinese, g_strdup (native));
          /* The given name alone: a substring inside the indexed name. */
          g_ptr_array_add (local->chinese, g_utf8_substring (native, MAX (1, n - 2), n));
        }
    }
  sqlite3_finalize (stmt);

  sqlite3_close_v2 (db);
  if (!collect_case_ids (local->case_ids, data, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (chinese_words); i++)
    g_ptr_array_add (local->chinese, g_strdup (chinese_words[i]));
  if (local->latin->len == 0 || local->chinese->len == 0 || local->case_ids->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The replica has no cases");
      return FALSE;
    }
  g_print ("# search queries: %u Latin prefixes (e.g. “%s”, “%s”, “%s”), %u Chinese words "
           "(e.g. “%s”, “%s”, “%s”)\n", local->latin->len, (char *) local->latin->pdata[0],
           (char *) local->latin->pdata[1], (char *) local->latin->pdata[2], local->chinese->len,
           (char *) local->chinese->pdata[0], (char *) local->chinese->pdata[1],
           (char *) local->chinese->pdata[local->chinese->len - 1]);
  return TRUE;
}

static gboolean
search_replica (Local       *local,
                const char  *query,
                guint       *out_hits,
                GError     **error)
{
  g_autoptr(GPtrArray) hits = dossier_replica_search_sync (local->replica, query, SEARCH_LIMIT,
                                                           NULL, error);

  *out_hits = hits ? hits->len : 0;
  return hits != NULL;
}

/* What the case list does for a search: the matching rowids, then the first page. */
static gboolean
search_case_list (Local       *local,
                  const char  *query,
                  guint       *out_hits,
                  GError     **error)
{
  g_autoptr(DossierCaseFilter) filter = dossier_case_filter_new ();
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  filter->text = g_strdup (query);
  /* As the list asks (app/dossier-case-model.c): the "not yet synced" marks
   * are read after the rows are shown. */
  filter->without_unsent = TRUE;
  rowids = dossier_case_query_rowids_sync (local->replica, filter, NULL, error);
  if (rowids == NULL)
    return FALSE;
  *out_hits = rowids->len;
  rows = dossier_case_query_rows_sync (local->replica, filter, (const gint64 *) rowids->data,
                                       MIN (rowids->len, DOSSIER_CASE_QUERY_PAGE_ROWS), NULL,
                                       error);
  return rows != NULL;
}

/* DOSSIER_BENCH_ONLY=write (or search, or search.case-list...) runs only the
 * figures whose name starts with it: for profiling one of them. */
static gboolean
wanted (const char *name)
{
  const char *only = g_getenv ("DOSSIER_BENCH_ONLY");

  return only == NULL || *only == '\0' || g_str_has_prefix (name, only);
}

typedef gboolean (*SearchFunc) (Local *, const char *, guint *, GError **);

static gboolean
bench_search (Local       *local,
              const char  *name,
              SearchFunc   search,
              GPtrArray   *queries,
              GError     **error)
{
  BenchSamples samples;
  g_autofree char *median_name = g_strdup_printf ("search.%s.median", name);
  g_autofree char *p99_name = g_strdup_printf ("search.%s.p99", name);
  guint64 hits_total = 0;
  gboolean ok = TRUE;
  double median;

  if (!wanted (median_name))
    return TRUE;
  bench_samples_init (&samples);
  for (guint round = 0; ok && round <= ROUNDS; round++)
    for (guint i = 0; ok && i < queries->len; i++)
      {
        double start = bench_now_ms ();
        guint hits = 0;

        ok = search (local, queries->pdata[i], &hits, error);
        if (round > 0)
          {
            bench_samples_add (&samples, bench_now_ms () - start);
            hits_total += hits;
          }
      }
  if (ok)
    {
      bench_samples_print (&samples, name, "ms");
      g_print ("# %s: %.0f hits a query on average\n", name,
               (double) hits_total / MAX (1, samples.values->len));
      median = bench_samples_median (&samples);
      bench_report (median_name, median, "ms", "< 10 ms", median < 10);
      bench_report_info (p99_name, bench_samples_percentile (&samples, 99), "ms");
    }
  bench_samples_clear (&samples);
  return ok;
}

/* `name`: "write.one-field" or "write.one-field.synced". */
static gboolean
bench_write (DossierReplica  *replica,
             GPtrArray       *case_ids,
             const char      *name,
             GError         **error)
{
  BenchSamples samples;
  gint64 stamp = g_get_real_time ();
  g_autofree char *median_name = g_strconcat (name, ".median", NULL);
  g_autofree char *p99_name = g_strconcat (name, ".p99", NULL);
  gboolean ok = TRUE;
  double median;

  if (!wanted (name))
    return TRUE;
  bench_samples_init (&samples);
  for (guint i = 0; ok && i < WRITES + WARMUP_WRITES; i++)
    {
      const char *id = case_ids->pdata[i % case_ids->len];
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *note = g_strdup_printf ("Called the client about the bank statement "
                                               "(benchmark %" G_GINT64_FORMAT ", %u)", stamp, i);
      g_autofree char *saved = NULL;
      double start;

      json_object_set_string_member (fields, "notes", note);
      start = bench_now_ms ();
      saved = dossier_replica_save_sync (replica, "case", id, fields, NULL, error);
      if (i >= WARMUP_WRITES)
        bench_samples_add (&samples, bench_now_ms () - start);
      ok = saved != NULL;
    }
  if (ok)
    {
      bench_samples_print (&samples, name, "ms");
      median = bench_samples_median (&samples);
      bench_report (median_name, median, "ms", "< 1 ms", median < 1);
      bench_report_info (p99_name, bench_samples_percentile (&samples, 99), "ms");
    }
  bench_samples_clear (&samples);
  return ok;
}

/* The same writes on the replica a first full sync made of the same data
 * (bench-full-sync keeps it): what a specialist's laptop holds, with an
 * empty outbox, where the sample replica holds every one of its millions of
 * changes as not yet sent. */
static gboolean
bench_write_synced (BenchReplica  *sample,
                    GError       **error)
{
  BenchReplica synced = { 0 };
  g_autoptr(GPtrArray) case_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DossierReplica) replica = NULL;
  gboolean ok;

  if (!wanted ("write.one-field.synced"))
    return TRUE;
  if (!bench_synced_replica_find (sample, &synced))
    {
      g_print ("# no synced replica yet: bench-full-sync makes it\n");
      return TRUE;
    }
  ok = collect_case_ids (case_ids, &synced, error)
       && (replica = dossier_replica_open_sync (synced.path, synced.key, FALSE, NULL,
                                                error)) != NULL
       && bench_write (replica, case_ids, "write.one-field.synced", error);
  if (replica != NULL)
    dossier_replica_close (replica);
  bench_replica_clear (&synced);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  BenchScale scale;
  BenchReplica data = { 0 };
  Local local = { 0 };
  g_autoptr(GError) error = NULL;

  bench_init (&argc, &argv);
  bench_scale_from_env (&scale);
  local.latin = g_ptr_array_new_with_free_func (g_free);
  local.chinese = g_ptr_array_new_with_free_func (g_free);
  local.case_ids = g_ptr_array_new_with_free_func (g_free);

  if (!bench_replica_ensure (&scale, &data, &error)
      || (local.replica = dossier_replica_open_sync (data.path, data.key, FALSE, NULL,
                                                     &error)) == NULL)
    bench_fail ("local.open", error);
  else if (!collect_queries (&local, &data, &error))
    bench_fail ("search.queries", error);
  else
    {
      if (!bench_search (&local, "replica.latin-prefix", search_replica, local.latin, &error))
        bench_fail ("search.replica.latin-prefix", error);
      g_clear_error (&error);
      if (!bench_search (&local, "replica.chinese", search_replica, local.chinese, &error))
        bench_fail ("search.replica.chinese", error);
      g_clear_error (&error);
      if (!bench_search (&local, "case-list.latin-prefix", search_case_list, local.latin, &error))
        bench_fail ("search.case-list.latin-prefix", error);
      g_clear_error (&error);
      if (!bench_search (&local, "case-list.chinese", search_case_list, local.chinese, &error))
        bench_fail ("search.case-list.chinese", error);
      g_clear_error (&error);
      if (!bench_write (local.replica, local.case_ids, "write.one-field", &error))
        bench_fail ("write.one-field", error);
      g_clear_error (&error);
      if (!bench_write_synced (&data, &error))
        bench_fail ("write.one-field.synced", error);
    }

  if (local.replica != NULL)
    dossier_replica_close (local.replica);
  g_clear_object (&local.replica);
  g_ptr_array_unref (local.latin);
  g_ptr_array_unref (local.chinese);
  g_ptr_array_unref (local.case_ids);
  bench_replica_clear (&data);
  return bench_finish ();
}
