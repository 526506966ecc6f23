/* bench-server-data.c: a server store holding the sample replica's changes.
 *
 * The first full sync needs a server that holds every change of the sample
 * replica.  Pushing them through HTTP would take as long as the benchmark
 * itself, so they go to the store the way the push handler hands them on:
 * the replica's outbox, oldest first, in batches of 1,000 (the protocol's
 * largest), each change in the wire form of dossier_change_to_json() and
 * parsed by the server's own dossier_server_change_new_from_json(), then
 * dossier_server_store_push() in one transaction per batch.  Only HTTP is
 * left out.  The scope of each change is the one the client would send
 * (dossier-replica-sync.c): its case's office, "*" for policy notes; office
 * records are the server's and never pushed.
 *
 * The offices keep the ids the generator gave them, so the cases' office_id
 * are scopes the server knows; the user BENCH_USER belongs to all of them.
 * The store is cached beside the replica, keyed by the replica's tag and the
 * server's schema version.
 */

#include "bench-common.h"

#include "dossier-migrations.h"
#include "dossier-server-store.h"
#include "dossier-sync-client.h"

#include <glib/gstdio.h>
#include <string.h>

#define FILL_BATCH DOSSIER_SERVER_MAX_BATCH
/* Seen at 2,000 cases: about 650 bytes a change (JSON body, indexes). */
#define STORE_BYTES_PER_CHANGE 700

#define ITEM_SCOPE_SQL(table) \
  "WHEN '" table "' THEN (SELECT c.office_id FROM " table "s x JOIN cases c ON c.id = x.case_id " \
  "WHERE x.id = o.record_id) "

static const char outbox_sql[] =
  "SELECT o.seq, o.change_id, o.kind, o.record_id, o.field, o.value, o.hlc, o.device, o.counter, "
  "o.base_hlc, o.base_device, o.resolves, CASE o.kind "
  "WHEN 'policy_note' THEN '*' "
  "WHEN 'case' THEN (SELECT office_id FROM cases WHERE id = o.record_id) "
  "WHEN 'applicant' THEN (SELECT office_id FROM cases WHERE applicant_id = o.record_id "
  "ORDER BY rowid LIMIT 1) "
  "WHEN 'checklist_item' THEN (SELECT c.office_id FROM checklist_items x JOIN cases c "
  "ON c.id = x.case_id WHERE x.id = o.record_id) "
  "WHEN 'activity_entry' THEN (SELECT c.office_id FROM activity_entries x JOIN cases c "
  "ON c.id = x.case_id WHERE x.id = o.record_id) "
  ITEM_SCOPE_SQL ("appointment")
  ITEM_SCOPE_SQL ("fee")
  ITEM_SCOPE_SQL ("shipment")
  ITEM_SCOPE_SQL ("attachment")
  "END FROM outbox o WHERE o.seq > ?1 ORDER BY o.seq LIMIT ?2";

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* One outbox row, as the client would put it on the wire. */
static DossierServerChange *
row_to_server_change (sqlite3_stmt  *stmt,
                      GError       **error)
{
  g_autoptr(DossierChange) change = g_new0 (DossierChange, 1);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *resolves = column_text (stmt, 11);

  change->change_id = column_text (stmt, 1);
  change->kind = column_text (stmt, 2);
  change->record_id = column_text (stmt, 3);
  change->field = column_text (stmt, 4);
  change->value = json_from_string ((const char *) sqlite3_column_text (stmt, 5), NULL);
  change->hlc = (DossierHlc) sqlite3_column_int64 (stmt, 6);
  change->device = column_text (stmt, 7);
  change->counter = sqlite3_column_int64 (stmt, 8);
  change->base_hlc = (DossierHlc) sqlite3_column_int64 (stmt, 9);
  change->base_device = column_text (stmt, 10);
  change->resolves = resolves ? json_from_string (resolves, NULL) : NULL;
  change->scope = column_text (stmt, 12);
  json = dossier_change_to_json (change);
  return dossier_server_change_new_from_json (json, error);
}

static gboolean
add_offices (DossierServerStore  *store,
             sqlite3             *db,
             GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  sqlite3_prepare_v2 (db, "SELECT id, coalesce(name, id) FROM offices ORDER BY id", -1, &stmt,
                      NULL);
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      ok = DOSSIER_SERVER_STORE_GET_IFACE (store)->add_office (store, id, name,
                                                               g_get_real_time () / G_USEC_PER_SEC,
                                                               error)
           && dossier_server_store_add_member (store, BENCH_USER, id, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
push_outbox (DossierServerStore  *store,
             const char          *user_id,
             sqlite3             *db,
             gint64               total,
             gint64              *out_pushed,
             GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 last = 0, pushed = 0, next_report = total / 20;
  double started = bench_now_ms ();
  gboolean more = TRUE;

  if (sqlite3_prepare_v2 (db, outbox_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return FALSE;
    }
  while (more)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_server_change_free);
      g_autoptr(GArray) results = NULL;
      g_auto(GStrv) forbidden = NULL;

      sqlite3_bind_int64 (stmt, 1, last);
      sqlite3_bind_int (stmt, 2, FILL_BATCH);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          DossierServerChange *change;

          last = sqlite3_column_int64 (stmt, 0);
          if (sqlite3_column_type (stmt, 12) == SQLITE_NULL)
            continue;   /* an office record: the server's own, never pushed */
          if ((change = row_to_server_change (stmt, error)) == NULL)
            break;
          g_ptr_array_add (batch, change);
        }
      more = sqlite3_reset (stmt) == SQLITE_OK && batch->len > 0;
      if (error != NULL && *error != NULL)
        break;
      if (batch->len == 0)
        break;
      results = dossier_server_store_push (store, user_id, batch, &forbidden, error);
      if (results == NULL)
        break;
      pushed += batch->len;
      if (pushed >= next_report)
        {
          g_print ("#   %3.0f%%  %" G_GINT64_FORMAT " changes, %.0f changes/s\n",
                   100.0 * pushed / MAX (total, 1), pushed,
                   pushed / ((bench_now_ms () - started) / 1000));
          next_report += total / 20;
        }
    }
  sqlite3_finalize (stmt);
  *out_pushed = pushed;
  return error == NULL || *error == NULL;
}

static gint64
count_outbox (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  sqlite3_prepare_v2 (db, "SELECT count(*) FROM outbox", -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
fill_store (BenchReplica      *replica,
            BenchServerStore  *out,
            const char        *done_path,
            GError           **error)
{
  g_autoptr(DossierServerStore) store = NULL;
  sqlite3 *db;
  gint64 total;
  double started = bench_now_ms ();
  g_autofree char *done = NULL;
  g_autofree char *size = NULL;
  GStatBuf buf;
  gboolean ok;

  if ((db = bench_sqlite_open_readonly (replica->path, replica->key, error)) == NULL)
    return FALSE;
  total = count_outbox (db);
  g_print ("# filling the server store %s with the replica's %" G_GINT64_FORMAT
           " outbox changes (once; cached for later runs)\n", out->path, total);
  if (bench_free_disk_bytes (bench_data_dir ()) < total * STORE_BYTES_PER_CHANGE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "Not enough disk space for the server store (about %" G_GINT64_FORMAT
                   " MB needed)", total * STORE_BYTES_PER_CHANGE / 1000000);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  bench_remove_db (out->path);
  store = dossier_server_store_open (out->spec, error);
  ok = store != NULL
       && (out->user_id = dossier_server_store_add_user (store, BENCH_USER, BENCH_PASSWORD,
                                                         error)) != NULL
       && add_offices (store, db, error)
       && push_outbox (store, out->user_id, db, total, &out->changes, error);
  sqlite3_close_v2 (db);
  g_clear_object (&store);
  if (!ok)
    return FALSE;
  done = g_strdup_printf ("%" G_GINT64_FORMAT " %s", out->changes, out->user_id);
  size = g_format_size (g_stat (out->path, &buf) == 0 ? (guint64) buf.st_size : 0);
  g_print ("# filled in %.0f s; the server store is %s\n", (bench_now_ms () - started) / 1000,
           size);
  return g_file_set_contents (done_path, done, -1, error);
}

gboolean
bench_server_store_ensure (const BenchScale  *scale,
                           BenchReplica      *replica,
                           BenchServerStore  *out,
                           GError           **error)
{
  g_autofree char *name = NULL;
  g_autofree char *done_path = NULL;
  g_autofree char *done = NULL;
  char user_id[64];

  memset (out, 0, sizeof *out);
  name = g_strdup_printf ("server-%s-sv%u.db", replica->tag,
                          dossier_migrations_count (DOSSIER_SERVER_MIGRATIONS));
  out->path = g_build_filename (bench_data_dir (), name, NULL);
  out->spec = g_strconcat ("sqlite:", out->path, NULL);
  done_path = g_strconcat (out->path, ".done", NULL);
  if (g_strcmp0 (g_getenv ("DOSSIER_BENCH_REGENERATE"), "1") != 0
      && g_file_get_contents (done_path, &done, NULL, NULL)
      && sscanf (done, "%" G_GINT64_FORMAT " %63s", &out->changes, user_id) == 2
      && g_file_test (out->path, G_FILE_TEST_EXISTS))
    {
      out->user_id = g_strdup (user_id);
      g_print ("# data: cached server store %s (%" G_GINT64_FORMAT " changes)\n", out->path,
               out->changes);
      return TRUE;
    }
  g_unlink (done_path);
  return fill_store (replica, out, done_path, error);
}

void
bench_server_store_clear (BenchServerStore *store)
{
  g_clear_pointer (&store->path, g_free);
  g_clear_pointer (&store->spec, g_free);
  g_clear_pointer (&store->user_id, g_free);
}
