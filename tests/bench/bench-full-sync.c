/* bench-full-sync.c: a first full sync beside SQLCipher's bulk insert.
 *
 * The sync: a real dossier-server on loopback serves the store holding every
 * change of the sample replica (bench-server-data.c); a new, empty replica
 * logs in with a DossierSyncEngine, as the account dialog does, and the time
 * runs from the login call until the engine says "synced" (every page
 * pulled, applied and its cursor stored).
 *
 * The baseline, in the same run: the rows that sync wrote (every record of
 * every kind, read back from the synced replica) inserted into a new
 * SQLCipher file with the same schema (the replica's own migrations: the
 * same tables, indexes, triggers and full-text index), the same key length
 * and pragmas (WAL, synchronous=FULL, the same cache), in one transaction,
 * together with the same full-text entries.  Rows are read and the search
 * text prepared outside the clock; only SQLCipher's inserts and the commit
 * are timed.  The sync's own bookkeeping (field clocks, the cursor) is
 * what the allowance of 2x pays for, so it is not in the baseline.
 *
 * The synced replica is kept in the data folder, in place of the one a
 * previous run kept: the launch benchmark also starts the application on
 * it, as a user who synced would.  The baseline file is removed
 * (DOSSIER_BENCH_KEEP=1 keeps it).
 */

#include "bench-common.h"

#include "dossier-migrations.h"
#include "dossier-model.h"
#include "dossier-search-text.h"
#include "dossier-sync-engine.h"

#include <string.h>

#define BASELINE_CHUNK 20000

typedef struct
{
  GMainLoop         *loop;
  DossierReplica    *replica;
  DossierSyncEngine *engine;
  gint64             total;
  gboolean           logged_in;
  GError            *error;
  double             started;
} FullSync;

static void
state_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  FullSync *sync = user_data;
  DossierSyncState state = dossier_sync_engine_get_state (sync->engine);

  if (!sync->logged_in)
    return;
  if (state == DOSSIER_SYNC_STATE_SYNCED)
    g_main_loop_quit (sync->loop);
  else if (state == DOSSIER_SYNC_STATE_FAILED || state == DOSSIER_SYNC_STATE_OFFLINE
           || state == DOSSIER_SYNC_STATE_NEEDS_LOGIN)
    {
      g_set_error (&sync->error, G_IO_ERROR, G_IO_ERROR_FAILED, "The sync failed: %s",
                   dossier_sync_engine_get_error_message (sync->engine));
      g_main_loop_quit (sync->loop);
    }
}

/* Every 30 s: how far the pull has come (the engine's own progress only
 * says that pages keep coming). */
static gboolean
report_cb (gpointer user_data)
{
  FullSync *sync = user_data;
  gint64 cursor = dossier_replica_get_cursor_sync (sync->replica, NULL, NULL);
  double seconds = (bench_now_ms () - sync->started) / 1000;

  g_print ("#   %.0f s: cursor at %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " (%.0f changes/s)\n",
           seconds, cursor, sync->total, cursor / MAX (seconds, 0.001));
  return G_SOURCE_CONTINUE;
}

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FullSync *sync = user_data;

  if (!dossier_sync_engine_login_finish (sync->engine, result, &sync->error))
    g_main_loop_quit (sync->loop);
  else
    sync->logged_in = TRUE;
  /* The engine may have synced already while the login was finishing. */
  state_cb (NULL, NULL, sync);
}

static gboolean
run_full_sync (const char  *server_url,
               const char  *path,
               GBytes      *key,
               gint64       total,
               double      *out_ms,
               GError     **error)
{
  g_autoptr(DossierReplica) replica = dossier_replica_open_sync (path, key, TRUE, NULL, error);
  FullSync sync = { 0 };
  guint report;

  if (replica == NULL)
    return FALSE;
  sync.loop = g_main_loop_new (NULL, FALSE);
  sync.replica = replica;
  sync.total = total;
  sync.engine = dossier_sync_engine_new (replica);
  g_signal_connect (sync.engine, "notify::state", G_CALLBACK (state_cb), &sync);
  dossier_sync_engine_start (sync.engine);

  sync.started = bench_now_ms ();
  dossier_sync_engine_login_async (sync.engine, server_url, BENCH_USER, BENCH_PASSWORD, NULL,
                                   login_cb, &sync);
  report = g_timeout_add_seconds (30, report_cb, &sync);
  g_main_loop_run (sync.loop);
  *out_ms = bench_now_ms () - sync.started;
  g_source_remove (report);

  dossier_sync_engine_stop (sync.engine);
  g_clear_object (&sync.engine);
  g_main_loop_unref (sync.loop);
  dossier_replica_close (replica);
  if (sync.error != NULL)
    {
      g_propagate_error (error, sync.error);
      return FALSE;
    }
  return TRUE;
}

/* The baseline ------------------------------------------------------------- */

typedef struct
{
  sqlite3 *source;
  sqlite3 *target;
  double   insert_ms;
  gint64   rows;
} Baseline;

static gboolean
sql_ok (sqlite3     *db,
        int          rc,
        const char  *what,
        GError     **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static sqlite3 *
baseline_open (const char  *path,
               GError     **error)
{
  g_autoptr(GBytes) key = bench_key_new ();
  const guint8 *bytes = g_bytes_get_data (key, NULL);
  g_autoptr(GString) literal = g_string_new ("x'");
  sqlite3 *db = NULL;

  for (guint i = 0; i < g_bytes_get_size (key); i++)
    g_string_append_printf (literal, "%02x", bytes[i]);
  g_string_append_c (literal, '\'');
  bench_remove_db (path);
  if (!sql_ok (db, sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
               "Opening the baseline", error)
      || !sql_ok (db, sqlite3_key (db, literal->str, (int) literal->len), "Keying", error)
      /* As dossier-replica.c opens a replica. */
      || !sql_ok (db, sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                                        "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY",
                                    NULL, NULL, NULL), "Pragmas", error)
      || !dossier_migrations_apply (db, DOSSIER_REPLICA_MIGRATIONS, 0, error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }
  return db;
}

typedef struct
{
  sqlite3_value **values;     /* id, fields..., updated_at */
  char           *title;      /* prepared search text, or NULL */
  char           *body;
} Row;

static void
row_free (Row   *row,
          guint  n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    sqlite3_value_free (row->values[i]);
  g_free (row->values);
  g_free (row->title);
  g_free (row->body);
}

static gboolean
kind_is_searchable (const DossierKindSpec *kind)
{
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].flags & (DOSSIER_FIELD_FLAG_SEARCH_TITLE | DOSSIER_FIELD_FLAG_SEARCH_BODY))
      return TRUE;
  return FALSE;
}

/* The text dossier-replica-records.c indexes: the flagged string fields. */
static char *
search_text (const DossierKindSpec *kind,
             sqlite3_stmt          *stmt,
             DossierFieldFlags      flag)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < kind->n_fields; i++)
    if ((kind->fields[i].flags & flag) && sqlite3_column_type (stmt, i + 1) == SQLITE_TEXT
        && kind->fields[i].type != DOSSIER_FIELD_LIST)
      g_string_append_printf (text, "%s ", sqlite3_column_text (stmt, i + 1));
  return dossier_search_text_prepare (text->str);
}

static gboolean
insert_chunk (Baseline               *baseline,
              const DossierKindSpec  *kind,
              sqlite3_stmt           *insert,
              sqlite3_stmt           *doc,
              sqlite3_stmt           *fts,
              GArray                 *rows,
              guint                   n_columns,
              GError                **error)
{
  double start = bench_now_ms ();

  for (guint r = 0; r < rows->len; r++)
    {
      Row *row = &g_array_index (rows, Row, r);

      for (guint c = 0; c < n_columns; c++)
        sqlite3_bind_value (insert, (int) c + 1, row->values[c]);
      if (!sql_ok (baseline->target, sqlite3_step (insert), "Inserting a row", error))
        return FALSE;
      sqlite3_reset (insert);
      if (row->title == NULL)
        continue;
      sqlite3_bind_text (doc, 1, kind->name, -1, SQLITE_STATIC);
      sqlite3_bind_value (doc, 2, row->values[0]);
      if (!sql_ok (baseline->target, sqlite3_step (doc), "Indexing a row", error))
        return FALSE;
      sqlite3_reset (doc);
      sqlite3_bind_int64 (fts, 1, sqlite3_last_insert_rowid (baseline->target));
      sqlite3_bind_text (fts, 2, row->title, -1, SQLITE_STATIC);
      sqlite3_bind_text (fts, 3, row->body, -1, SQLITE_STATIC);
      if (!sql_ok (baseline->target, sqlite3_step (fts), "Indexing a row", error))
        return FALSE;
      sqlite3_reset (fts);
    }
  baseline->insert_ms += bench_now_ms () - start;
  baseline->rows += rows->len;
  return TRUE;
}

static gboolean
copy_kind (Baseline               *baseline,
           const DossierKindSpec  *kind,
           GError                **error)
{
  g_autoptr(GString) columns = g_string_new ("id");
  g_autoptr(GString) marks = g_string_new ("?");
  g_autofree char *select = NULL;
  g_autofree char *insert_sql = NULL;
  sqlite3_stmt *read = NULL, *insert = NULL, *doc = NULL, *fts = NULL;
  guint n_columns = kind->n_fields + 2;
  gboolean searchable = kind_is_searchable (kind);
  gboolean ok = TRUE;
  int rc = SQLITE_ROW;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      g_string_append_printf (columns, ", %s", kind->fields[i].name);
      g_string_append (marks, ", ?");
    }
  g_string_append (columns, ", updated_at");
  g_string_append (marks, ", ?");
  select = g_strdup_printf ("SELECT %s FROM %s ORDER BY rowid", columns->str, kind->table);
  insert_sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", kind->table, columns->str,
                                marks->str);
  ok = sql_ok (baseline->source, sqlite3_prepare_v2 (baseline->source, select, -1, &read, NULL),
               select, error)
       && sql_ok (baseline->target, sqlite3_prepare_v2 (baseline->target, insert_sql, -1, &insert,
                                                        NULL), insert_sql, error)
       && sql_ok (baseline->target, sqlite3_prepare_v2 (baseline->target,
                  "INSERT INTO search_docs (kind, record_id) VALUES (?, ?)", -1, &doc, NULL),
                  "search_docs", error)
       && sql_ok (baseline->target, sqlite3_prepare_v2 (baseline->target,
                  "INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)", -1, &fts, NULL),
                  "search_fts", error);

  while (ok && rc == SQLITE_ROW)
    {
      g_autoptr(GArray) rows = g_array_sized_new (FALSE, FALSE, sizeof (Row), BASELINE_CHUNK);

      /* Read outside the clock. */
      while (rows->len < BASELINE_CHUNK && (rc = sqlite3_step (read)) == SQLITE_ROW)
        {
          Row row = { g_new (sqlite3_value *, n_columns), NULL, NULL };

          for (guint c = 0; c < n_columns; c++)
            row.values[c] = sqlite3_value_dup (sqlite3_column_value (read, (int) c));
          if (searchable)
            {
              row.title = search_text (kind, read, DOSSIER_FIELD_FLAG_SEARCH_TITLE);
              row.body = search_text (kind, read, DOSSIER_FIELD_FLAG_SEARCH_BODY);
            }
          g_array_append_val (rows, row);
        }
      ok = (rc == SQLITE_ROW || rc == SQLITE_DONE || sql_ok (baseline->source, rc, select, error))
           && insert_chunk (baseline, kind, insert, doc, fts, rows, n_columns, error);
      for (guint r = 0; r < rows->len; r++)
        row_free (&g_array_index (rows, Row, r), n_columns);
    }
  sqlite3_finalize (read);
  sqlite3_finalize (insert);
  sqlite3_finalize (doc);
  sqlite3_finalize (fts);
  return ok;
}

static gboolean
run_baseline (const char  *synced_path,
              GBytes      *synced_key,
              const char  *path,
              double      *out_ms,
              gint64      *out_rows,
              GError     **error)
{
  Baseline baseline = { 0 };
  const DossierKindSpec *const *kinds;
  guint n_kinds;
  gboolean ok;
  double start;

  kinds = dossier_model_get_kinds (&n_kinds);
  if ((baseline.source = bench_sqlite_open_readonly (synced_path, synced_key, error)) == NULL)
    return FALSE;
  if ((baseline.target = baseline_open (path, error)) == NULL)
    {
      sqlite3_close_v2 (baseline.source);
      return FALSE;
    }
  start = bench_now_ms ();
  ok = sql_ok (baseline.target, sqlite3_exec (baseline.target, "BEGIN IMMEDIATE", NULL, NULL, NULL),
               "BEGIN", error);
  baseline.insert_ms += bench_now_ms () - start;
  for (guint k = 0; ok && k < n_kinds; k++)
    ok = copy_kind (&baseline, kinds[k], error);
  start = bench_now_ms ();
  ok = ok && sql_ok (baseline.target, sqlite3_exec (baseline.target, "COMMIT", NULL, NULL, NULL),
                     "COMMIT", error);
  baseline.insert_ms += bench_now_ms () - start;
  sqlite3_close_v2 (baseline.source);
  sqlite3_close_v2 (baseline.target);
  *out_ms = baseline.insert_ms;
  *out_rows = baseline.rows;
  return ok;
}

/* ---------------------------------------------------------------------------- */

static gint64
count_rows (const char *path,
            GBytes     *key,
            const char *sql)
{
  sqlite3 *db = bench_sqlite_open_readonly (path, key, NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (db == NULL)
    return -1;
  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return n;
}

static void
print_size (const char *what,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autofree char *size = g_format_size (info ? (guint64) g_file_info_get_size (info) : 0);

  g_print ("# %s: %s\n", what, size);
}

static gboolean
bench_full_sync (const BenchScale  *scale,
                 GError           **error)
{
  BenchReplica data = { 0 };
  BenchServerStore store = { 0 };
  BenchServer server = { 0 };
  g_autofree char *synced_path = NULL;
  g_autofree char *baseline_path = NULL;
  g_autoptr(GBytes) synced_key = bench_key_new ();
  gint64 cases, clocks, rows = 0;
  double sync_ms = 0, baseline_ms = 0, ratio;
  gboolean ok;

  synced_path = g_strdup_printf ("%s/full-sync-%d.db", bench_data_dir (), (int) getpid ());
  baseline_path = g_strdup_printf ("%s/baseline-%d.db", bench_data_dir (), (int) getpid ());
  ok = bench_replica_ensure (scale, &data, error)
       && bench_server_store_ensure (scale, &data, &store, error)
       && bench_server_start (&server, store.spec, error);
  if (ok)
    {
      g_print ("# first full sync of %" G_GINT64_FORMAT " changes from %s into an empty replica\n",
               store.changes, server.url);
      ok = run_full_sync (server.url, synced_path, synced_key, store.changes, &sync_ms, error);
    }
  bench_server_stop (&server);
  if (ok)
    {
      cases = count_rows (synced_path, synced_key, "SELECT count(*) FROM cases");
      clocks = count_rows (synced_path, synced_key, "SELECT count(*) FROM field_clocks");
      g_print ("# synced in %.1f s: %" G_GINT64_FORMAT " cases, %" G_GINT64_FORMAT
               " field clocks (%.0f changes/s)\n", sync_ms / 1000, cases, clocks,
               store.changes / (sync_ms / 1000));
      print_size ("synced replica", synced_path);
      if (cases != data.counts.cases)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "The synced replica has %" G_GINT64_FORMAT " cases, not %u", cases,
                       data.counts.cases);
          ok = FALSE;
        }
    }
  if (ok)
    {
      ok = run_baseline (synced_path, synced_key, baseline_path, &baseline_ms, &rows, error);
      g_print ("# baseline: %" G_GINT64_FORMAT " rows of every kind, with their search entries, "
               "inserted in one transaction in %.1f s (%.0f rows/s)\n", rows, baseline_ms / 1000,
               rows / (baseline_ms / 1000));
      print_size ("baseline file", baseline_path);
    }
  if (ok)
    {
      ratio = sync_ms / baseline_ms;
      bench_report_info ("sync.first-full", sync_ms / 1000, "s");
      bench_report_info ("sync.bulk-insert-baseline", baseline_ms / 1000, "s");
      bench_report ("sync.first-full.ratio", ratio, "x baseline", "<= 2x", ratio <= 2);
    }
  /* Closed by now, its WAL folded in: a single file to keep. */
  if (ok && !bench_synced_replica_keep (&data, synced_path, synced_key, error))
    ok = FALSE;
  bench_remove_db (synced_path);
  if (g_strcmp0 (g_getenv ("DOSSIER_BENCH_KEEP"), "1") != 0)
    bench_remove_db (baseline_path);
  bench_replica_clear (&data);
  bench_server_store_clear (&store);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  BenchScale scale;
  g_autoptr(GError) error = NULL;

  bench_init (&argc, &argv);
  bench_scale_from_env (&scale);
  if (!bench_full_sync (&scale, &error))
    bench_fail ("sync.first-full", error);
  return bench_finish ();
}
