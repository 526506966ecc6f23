/* dossier-server-store-pg-log.c: the change log and the blobs in PostgreSQL.
 *
 * A push locks `changes` against other writers (readers go on), so
 * sequence numbers are handed out (max + 1) and become visible in order
 * even with several server processes; a pull reads one REPEATABLE READ
 * snapshot.  A batch costs a handful of round trips, not a few per change:
 * lookups and inserts go as arrays.
 */

#include "dossier-server-store-pg-private.h"

#include <string.h>

/* Payloads above this would be refused by NOTIFY (8000 bytes). */
#define MAX_PAYLOAD 7000

/* A PostgreSQL array literal of text. */
static void
array_append (GString    *array,
              const char *value)
{
  g_string_append (array, array->len > 1 ? ",\"" : "\"");
  for (const char *p = value; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (array, '\\');
      g_string_append_c (array, *p);
    }
  g_string_append_c (array, '"');
}

static GString *
array_new (void)
{
  return g_string_new ("{");
}

static char *
array_end (GString *array)
{
  g_string_append_c (array, '}');
  return g_string_free (array, FALSE);
}

typedef struct
{
  GHashTable *seqs;      /* change id -> seq (gint64 boxed in a string) */
  GHashTable *scopes;    /* record id -> scope */
} Known;

static gboolean
find_seq (gpointer     txn,
          const char  *change_id,
          gint64      *out_seq,
          GError     **error)
{
  Known *known = txn;
  const char *seq = g_hash_table_lookup (known->seqs, change_id);

  *out_seq = seq ? g_ascii_strtoll (seq, NULL, 10) : 0;
  return TRUE;
}

static gboolean
find_scope (gpointer     txn,
            const char  *record,
            char       **out_scope,
            GError     **error)
{
  Known *known = txn;

  *out_scope = g_strdup (g_hash_table_lookup (known->scopes, record));
  return TRUE;
}

/* A two-column query's rows as a hash table. */
static GHashTable *
query_pairs (PGconn      *conn,
             const char  *sql,
             const char  *param,
             GError     **error)
{
  const char *params[] = { param };
  g_autoptr(PGresult) result = dossier_pg_query (conn, sql, 1, params, error);
  GHashTable *pairs;

  if (result == NULL)
    return NULL;
  pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_hash_table_insert (pairs, g_strdup (PQgetvalue (result, row, 0)),
                         g_strdup (PQgetvalue (result, row, 1)));
  return pairs;
}

/* What the store knows of the batch's change ids and records. */
static gboolean
read_known (PGconn     *conn,
            GPtrArray  *changes,
            Known      *known,
            GError    **error)
{
  g_autoptr(GString) ids = array_new ();
  g_autoptr(GString) records = array_new ();
  g_autofree char *ids_text = NULL;
  g_autofree char *records_text = NULL;

  for (guint i = 0; i < changes->len; i++)
    {
      DossierServerChange *change = g_ptr_array_index (changes, i);

      array_append (ids, change->id);
      array_append (records, change->record);
    }
  ids_text = array_end (g_steal_pointer (&ids));
  records_text = array_end (g_steal_pointer (&records));
  known->seqs = query_pairs (conn, "SELECT change_id, seq FROM changes "
                                   "WHERE change_id = ANY ($1::text[])", ids_text, error);
  known->scopes = known->seqs == NULL ? NULL
                  : query_pairs (conn, "SELECT id, scope FROM records WHERE id = ANY ($1::text[])",
                                 records_text, error);
  return known->scopes != NULL;
}

static GHashTable *
read_offices (PGconn      *conn,
              const char  *user_id,
              GPtrArray   *list,
              GError     **error)
{
  const char *params[] = { user_id };
  g_autoptr(PGresult) result = dossier_pg_query (conn, "SELECT office_id FROM memberships "
                                                       "WHERE user_id = $1", 1, params, error);
  GHashTable *offices;

  if (result == NULL)
    return NULL;
  offices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int row = 0; row < PQntuples (result); row++)
    {
      g_hash_table_add (offices, g_strdup (PQgetvalue (result, row, 0)));
      if (list != NULL)
        g_ptr_array_add (list, g_strdup (PQgetvalue (result, row, 0)));
    }
  return offices;
}

static gboolean
read_last_seq (PGconn  *conn,
               gint64  *out_seq,
               GError **error)
{
  g_autoptr(PGresult) result = dossier_pg_query (conn, "SELECT COALESCE (max (seq), 0) "
                                                       "FROM changes", 0, NULL, error);

  if (result == NULL)
    return FALSE;
  *out_seq = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  return TRUE;
}

static gboolean
insert_changes (PGconn                  *conn,
                DossierServerBatchPlan  *plan,
                const char              *user_id,
                gint64                   now,
                gint64                  *last_seq,
                GError                 **error)
{
  GString *columns[9];
  g_autofree char *received = dossier_pg_int (now);
  char *texts[9];
  const char *params[11];
  gboolean ok;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    columns[c] = array_new ();
  for (guint i = 0; i < plan->inserts->len; i++)
    {
      DossierServerChange *change = g_ptr_array_index (plan->inserts, i);
      g_autofree char *seq = dossier_pg_int (++*last_seq);
      g_autofree char *hlc = dossier_pg_int ((gint64) change->hlc);
      const char *values[] = { seq, change->id, change->scope, change->kind, change->record,
                               change->field, hlc, change->device, change->json };

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        array_append (columns[c], values[c]);
      dossier_server_batch_plan_set_seq (plan, i, *last_seq);
    }
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    params[c] = texts[c] = array_end (columns[c]);
  params[9] = user_id;
  params[10] = received;
  ok = dossier_pg_exec (conn,
    "INSERT INTO changes (seq, change_id, scope, kind, record_id, field, hlc, device, user_id, "
    "received_at, body) SELECT s, c, sc, k, r, f, h, d, $10, $11, b FROM unnest ($1::bigint[], "
    "$2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], "
    "$9::text[]) AS t (s, c, sc, k, r, f, h, d, b)", 11, params, error);
  for (guint c = 0; c < G_N_ELEMENTS (texts); c++)
    g_free (texts[c]);
  return ok;
}

static gboolean
insert_records (PGconn                  *conn,
                DossierServerBatchPlan  *plan,
                GError                 **error)
{
  g_autoptr(GString) ids = array_new ();
  g_autoptr(GString) kinds = array_new ();
  g_autoptr(GString) scopes = array_new ();
  g_autofree char *ids_text = NULL;
  g_autofree char *kinds_text = NULL;
  g_autofree char *scopes_text = NULL;
  const char *params[3];

  if (plan->new_records->len == 0)
    return TRUE;
  for (guint i = 0; i < plan->new_records->len; i++)
    {
      DossierServerChange *change = g_ptr_array_index (plan->new_records, i);

      array_append (ids, change->record);
      array_append (kinds, change->kind);
      array_append (scopes, change->scope);
    }
  params[0] = ids_text = array_end (g_steal_pointer (&ids));
  params[1] = kinds_text = array_end (g_steal_pointer (&kinds));
  params[2] = scopes_text = array_end (g_steal_pointer (&scopes));
  return dossier_pg_exec (conn, "INSERT INTO records (id, kind, scope) "
                                "SELECT * FROM unnest ($1::text[], $2::text[], $3::text[])",
                          3, params, error);
}

/* Tells the other server processes; delivered only if the push commits. */
static gboolean
notify_push (DossierServerStorePg    *self,
             PGconn                  *conn,
             DossierServerBatchPlan  *plan,
             gint64                   last_seq,
             GError                 **error)
{
  g_autoptr(GString) payload = g_string_new (NULL);
  const char *params[] = { NULL };

  g_string_printf (payload, "%s %" G_GINT64_FORMAT, self->instance, last_seq);
  for (guint i = 0; i < plan->scopes->len; i++)
    g_string_append_printf (payload, " %s", (char *) g_ptr_array_index (plan->scopes, i));
  if (payload->len > MAX_PAYLOAD)
    g_string_printf (payload, "%s %" G_GINT64_FORMAT " +", self->instance, last_seq);
  params[0] = payload->str;
  return dossier_pg_exec (conn, "SELECT pg_notify ('" DOSSIER_PG_CHANNEL "', $1)", 1, params,
                          error);
}

static gboolean
push_locked (DossierServerStorePg    *self,
             PGconn                  *conn,
             const char              *user_id,
             GPtrArray               *changes,
             gint64                   now,
             DossierServerBatchPlan  *plan,
             gint64                  *last_seq,
             GPtrArray               *forbidden,
             GError                 **error)
{
  g_autoptr(GHashTable) offices = NULL;
  Known known = { NULL, NULL };
  gboolean ok;

  ok = (offices = read_offices (conn, user_id, NULL, error)) != NULL
       && read_known (conn, changes, &known, error)
       && dossier_server_batch_plan (plan, changes, offices, find_seq, find_scope, &known,
                                     forbidden, error)
       && read_last_seq (conn, last_seq, error);
  g_clear_pointer (&known.seqs, g_hash_table_unref);
  g_clear_pointer (&known.scopes, g_hash_table_unref);
  if (!ok || plan->inserts->len == 0)
    return ok;
  return insert_changes (conn, plan, user_id, now, last_seq, error)
         && insert_records (conn, plan, error)
         && notify_push (self, conn, plan, *last_seq, error);
}

GArray *
dossier_pg_push (DossierServerStore  *store,
                 const char          *user_id,
                 GPtrArray           *changes,
                 gint64               now,
                 GPtrArray           *forbidden,
                 GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  g_auto(DossierServerBatchPlan) plan = { 0 };
  PGconn *conn = dossier_pg_take (self, error);
  gint64 last_seq = 0;
  gboolean ok;

  if (conn == NULL)
    return NULL;
  /* EXCLUSIVE: other pushes wait, pulls (ACCESS SHARE) do not. */
  ok = dossier_pg_exec (conn, "BEGIN", 0, NULL, error)
       && dossier_pg_exec (conn, "LOCK TABLE changes IN EXCLUSIVE MODE", 0, NULL, error)
       && push_locked (self, conn, user_id, changes, now, &plan, &last_seq, forbidden, error);
  ok = dossier_pg_finish (conn, ok, error);
  dossier_pg_give (self, conn);
  if (!ok)
    return NULL;

  if (plan.inserts->len > 0)
    {
      g_ptr_array_add (plan.scopes, NULL);
      dossier_server_store_changes_accepted (store, (const char *const *) plan.scopes->pdata,
                                             last_seq);
    }
  return dossier_server_batch_plan_finish (&plan);
}

static GPtrArray *
read_changes (PGconn      *conn,
              const char  *user_id,
              gint64       since,
              guint        limit,
              GError     **error)
{
  g_autofree char *since_text = dossier_pg_int (since);
  g_autofree char *limit_text = dossier_pg_int ((gint64) limit + 1);
  const char *params[] = { since_text, user_id, limit_text };
  g_autoptr(PGresult) result = dossier_pg_query (conn,
    "SELECT seq, body FROM changes WHERE seq > $1 AND (scope = '*' OR scope IN "
    "(SELECT office_id FROM memberships WHERE user_id = $2)) ORDER BY seq LIMIT $3", 3, params,
    error);
  GPtrArray *rows;

  if (result == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_server_log_entry_free);
  for (int row = 0; row < PQntuples (result); row++)
    {
      DossierServerLogEntry *entry = g_new0 (DossierServerLogEntry, 1);

      entry->seq = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
      entry->json = g_strdup (PQgetvalue (result, row, 1));
      g_ptr_array_add (rows, entry);
    }
  return rows;
}

DossierServerPage *
dossier_pg_pull (DossierServerStore  *store,
                 const char          *user_id,
                 gint64               since,
                 guint                limit,
                 GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) offices = NULL;
  PGconn *conn = dossier_pg_take (self, error);
  gint64 last_seq = 0;
  gboolean ok;

  if (conn == NULL)
    return NULL;
  ok = dossier_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error)
       && (offices = read_offices (conn, user_id, scopes, error)) != NULL
       && (rows = read_changes (conn, user_id, since, limit, error)) != NULL
       && read_last_seq (conn, &last_seq, error);
  ok = dossier_pg_finish (conn, ok, error);
  dossier_pg_give (self, conn);
  if (!ok)
    return NULL;
  return dossier_server_page_new (g_steal_pointer (&rows), limit, since, last_seq,
                                  g_steal_pointer (&scopes));
}

/* --- Blobs ------------------------------------------------------------- */

static gboolean
load_blob (gpointer                  txn,
           const char               *sha256,
           DossierServerBlobStatus  *out_status,
           gboolean                 *out_found,
           GError                  **error)
{
  const char *params[] = { sha256 };
  g_autoptr(PGresult) result = dossier_pg_query (txn, "SELECT size, received, complete "
                                                      "FROM blobs WHERE sha256 = $1", 1, params,
                                                 error);

  if (result == NULL)
    return FALSE;
  *out_found = PQntuples (result) > 0;
  if (*out_found)
    {
      out_status->size = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      out_status->received = g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10);
      out_status->complete = strcmp (PQgetvalue (result, 0, 2), "t") == 0;
    }
  return TRUE;
}

static gboolean
blob_not_found (const char  *sha256,
                GError     **error)
{
  g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND,
               "The server has no blob %s", sha256);
  return FALSE;
}

gboolean
dossier_pg_blob_status (DossierServerStore       *store,
                        const char               *sha256,
                        DossierServerBlobStatus  *out_status,
                        GError                  **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  PGconn *conn = dossier_pg_take (self, error);
  gboolean found = FALSE, ok;

  if (conn == NULL)
    return FALSE;
  ok = load_blob (conn, sha256, out_status, &found, error);
  dossier_pg_give (self, conn);
  return ok && (found || blob_not_found (sha256, error));
}

static gboolean
start_blob (gpointer     txn,
            const char  *sha256,
            gint64       size,
            gint64       now,
            GError     **error)
{
  g_autofree char *size_text = dossier_pg_int (size);
  g_autofree char *now_text = dossier_pg_int (now);
  const char *params[] = { sha256, size_text, now_text };

  return dossier_pg_exec (txn, "DELETE FROM blob_chunks WHERE sha256 = $1", 1, params, error)
         && dossier_pg_exec (txn, "INSERT INTO blobs (sha256, size, received, complete, "
                                  "created_at, updated_at) VALUES ($1, $2, 0, FALSE, $3, $3) "
                                  "ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, "
                                  "received = 0, complete = FALSE, updated_at = excluded.updated_at",
                             3, params, error);
}

static gboolean
store_chunk (gpointer                        txn,
             const char                     *sha256,
             gint64                          offset,
             GBytes                         *chunk,
             const DossierServerBlobStatus  *status,
             gint64                          now,
             GError                        **error)
{
  g_autofree char *offset_text = dossier_pg_int (offset);
  g_autofree char *received = dossier_pg_int (status->received);
  g_autofree char *now_text = dossier_pg_int (now);
  gsize length = 0;
  const char *data = g_bytes_get_data (chunk, &length);
  const char *chunk_params[] = { sha256, offset_text, data };
  const int lengths[] = { 0, 0, (int) length };
  const int formats[] = { 0, 0, 1 };
  const char *params[] = { sha256, received, status->complete ? "t" : "f", now_text };
  PGresult *result;

  if (length > 0)
    {
      result = dossier_pg_query_full (txn, "INSERT INTO blob_chunks (sha256, chunk_offset, data) "
                                           "VALUES ($1, $2, $3)", 3, chunk_params, lengths,
                                      formats, 0, error);
      if (result == NULL)
        return FALSE;
      PQclear (result);
    }
  return dossier_pg_exec (txn, "UPDATE blobs SET received = $2, complete = $3, updated_at = $4 "
                               "WHERE sha256 = $1", 4, params, error);
}

/* The chunks from `offset` on, as binary rows of (chunk_offset text, data). */
static PGresult *
read_chunk_rows (PGconn      *conn,
                 const char  *sha256,
                 gint64       offset,
                 GError     **error)
{
  g_autofree char *offset_text = dossier_pg_int (offset);
  const char *params[] = { sha256, offset_text };

  return dossier_pg_query_full (conn, "SELECT chunk_offset::text, data FROM blob_chunks "
                                      "WHERE sha256 = $1 AND chunk_offset + length (data) > $2 "
                                      "ORDER BY chunk_offset", 2, params, NULL, NULL, 1, error);
}

static gboolean
hash_matches (gpointer     txn,
              const char  *sha256,
              gboolean    *out_matches,
              GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(PGresult) result = read_chunk_rows (txn, sha256, 0, error);

  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    g_checksum_update (checksum, (const guchar *) PQgetvalue (result, row, 1),
                       PQgetlength (result, row, 1));
  *out_matches = strcmp (g_checksum_get_string (checksum), sha256) == 0;
  return TRUE;
}

static gboolean
discard_blob (gpointer     txn,
              const char  *sha256,
              GError     **error)
{
  const char *params[] = { sha256 };

  return dossier_pg_exec (txn, "DELETE FROM blob_chunks WHERE sha256 = $1", 1, params, error)
         && dossier_pg_exec (txn, "DELETE FROM blobs WHERE sha256 = $1", 1, params, error);
}

static const DossierServerBlobOps blob_ops = {
  load_blob, start_blob, store_chunk, hash_matches, discard_blob,
};

gboolean
dossier_pg_blob_append (DossierServerStore       *store,
                        const char               *sha256,
                        gint64                    offset,
                        gint64                    size,
                        GBytes                   *chunk,
                        gint64                    now,
                        DossierServerBlobStatus  *out_status,
                        GError                  **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  const char *params[] = { sha256 };
  PGconn *conn = dossier_pg_take (self, error);
  gboolean discarded = FALSE, ok;

  if (conn == NULL)
    return FALSE;
  /* One upload of a blob at a time, whichever server process takes it. */
  ok = dossier_pg_exec (conn, "BEGIN", 0, NULL, error)
       && dossier_pg_exec (conn, "SELECT pg_advisory_xact_lock (hashtext ($1))", 1, params, error)
       && dossier_server_blob_append_locked (&blob_ops, conn, sha256, offset, size, chunk, now,
                                             out_status, &discarded, error);
  ok = dossier_pg_finish (conn, ok, error);
  dossier_pg_give (self, conn);
  return ok && (!discarded || dossier_server_blob_mismatch (sha256, error));
}

static GBytes *
read_blob (PGconn      *conn,
           const char  *sha256,
           gint64       offset,
           gint64      *out_size,
           GError     **error)
{
  DossierServerBlobStatus status;
  g_autoptr(PGresult) result = NULL;
  GByteArray *bytes;
  gboolean found;

  if (!load_blob (conn, sha256, &status, &found, error))
    return NULL;
  if (!found || !status.complete)
    return blob_not_found (sha256, error), NULL;
  if (offset > status.size)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
                   "The blob has only %" G_GINT64_FORMAT " bytes", status.size);
      return NULL;
    }
  if ((result = read_chunk_rows (conn, sha256, offset, error)) == NULL)
    return NULL;
  bytes = g_byte_array_sized_new (status.size - offset);
  for (int row = 0; row < PQntuples (result); row++)
    {
      gint64 start = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
      gint64 skip = MAX (offset - start, 0);

      g_byte_array_append (bytes, (const guint8 *) PQgetvalue (result, row, 1) + skip,
                           PQgetlength (result, row, 1) - skip);
    }
  *out_size = status.size;
  return g_byte_array_free_to_bytes (bytes);
}

GBytes *
dossier_pg_blob_read (DossierServerStore  *store,
                      const char          *sha256,
                      gint64               offset,
                      gint64              *out_size,
                      GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  PGconn *conn = dossier_pg_take (self, error);
  GBytes *bytes = NULL;
  gint64 size = 0;
  gboolean ok;

  if (conn == NULL)
    return NULL;
  ok = dossier_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error)
       && (bytes = read_blob (conn, sha256, offset, &size, error)) != NULL;
  ok = dossier_pg_finish (conn, ok, error);
  dossier_pg_give (self, conn);
  if (!ok)
    g_clear_pointer (&bytes, g_bytes_unref);
  if (bytes != NULL && out_size != NULL)
    *out_size = size;
  return bytes;
}
