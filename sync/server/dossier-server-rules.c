/* dossier-server-rules.c: the rules of a push, a pull page and a blob upload.
 *
 * A backend opens its write transaction and answers lookups (has this change
 * id been accepted, which scope has this record, how much of this blob is
 * here) and writes what it is told; the decisions themselves are made here,
 * so that every backend behaves the same.
 */

#include "dossier-server-store-private.h"

#include <string.h>

static void
plan_init (DossierServerBatchPlan *plan)
{
  plan->results = g_array_new (FALSE, TRUE, sizeof (DossierServerPushResult));
  plan->inserts = g_ptr_array_new ();
  plan->insert_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  plan->copy_from = g_array_new (FALSE, FALSE, sizeof (gint));
  plan->new_records = g_ptr_array_new ();
  plan->scopes = g_ptr_array_new_with_free_func (g_free);
}

void
dossier_server_batch_plan_clear (DossierServerBatchPlan *plan)
{
  g_clear_pointer (&plan->results, g_array_unref);
  g_clear_pointer (&plan->inserts, g_ptr_array_unref);
  g_clear_pointer (&plan->insert_rows, g_array_unref);
  g_clear_pointer (&plan->copy_from, g_array_unref);
  g_clear_pointer (&plan->new_records, g_ptr_array_unref);
  g_clear_pointer (&plan->scopes, g_ptr_array_unref);
}

static gboolean
scope_allowed (const DossierServerChange *change,
               GHashTable                *offices)
{
  if (strcmp (change->scope, DOSSIER_SERVER_POLICY_SCOPE) == 0)
    return strcmp (change->kind, DOSSIER_SERVER_POLICY_KIND) == 0;
  return g_hash_table_contains (offices, change->scope);
}

/* The record's scope so far: from this batch, or from the store (cached). */
static gboolean
record_scope_ok (DossierServerBatchPlan  *plan,
                 DossierServerChange     *change,
                 GHashTable              *record_scopes,
                 DossierServerFindScope   find_scope,
                 gpointer                 txn,
                 gboolean                *out_ok,
                 GError                 **error)
{
  const char *known = g_hash_table_lookup (record_scopes, change->record);

  if (known == NULL)
    {
      char *stored = NULL;

      if (!find_scope (txn, change->record, &stored, error))
        return FALSE;
      if (stored == NULL)
        g_ptr_array_add (plan->new_records, change);
      known = stored != NULL ? stored : g_strdup (change->scope);
      g_hash_table_insert (record_scopes, g_strdup (change->record), (char *) known);
    }
  *out_ok = strcmp (known, change->scope) == 0;
  return TRUE;
}

static void
add_scope (GPtrArray  *scopes,
           const char *scope)
{
  for (guint i = 0; i < scopes->len; i++)
    if (strcmp (g_ptr_array_index (scopes, i), scope) == 0)
      return;
  g_ptr_array_add (scopes, g_strdup (scope));
}

/* Decides one change that is not a repeat; FALSE only on a lookup error. */
static gboolean
plan_one (DossierServerBatchPlan  *plan,
          DossierServerChange     *change,
          guint                    row,
          GHashTable              *offices,
          GHashTable              *record_scopes,
          DossierServerFindScope   find_scope,
          gpointer                 txn,
          GPtrArray               *forbidden,
          GError                 **error)
{
  DossierServerPushResult *result = &g_array_index (plan->results, DossierServerPushResult, row);
  gboolean ok = scope_allowed (change, offices);

  if (ok && !record_scope_ok (plan, change, record_scopes, find_scope, txn, &ok, error))
    return FALSE;
  if (!ok)
    {
      g_ptr_array_add (forbidden, g_strdup (change->id));
      return TRUE;
    }
  result->status = DOSSIER_SERVER_PUSH_ACCEPTED;
  g_ptr_array_add (plan->inserts, change);
  g_array_append_val (plan->insert_rows, row);
  add_scope (plan->scopes, change->scope);
  return TRUE;
}

/**
 * dossier_server_batch_plan:
 * @changes: (element-type DossierServerChange): the batch
 * @offices: (element-type utf8 utf8): the user's office ids, as a set
 * @forbidden: (element-type utf8): receives the ids of forbidden changes
 *
 * Must run inside the backend's write transaction.  A change whose id was
 * accepted before (or earlier in the batch) is a duplicate and stores
 * nothing, so it is not held to the scope rules: a client that lost an
 * office can still clear what it had already sent.  Any other change must
 * name one of the user's offices (or "*" for a policy note) and its record's
 * first scope.
 *
 * Returns: %FALSE with %DOSSIER_SERVER_STORE_ERROR_FORBIDDEN when a change
 *   breaks the rules (the batch must then be rolled back), or with the
 *   lookup's error
 */
gboolean
dossier_server_batch_plan (DossierServerBatchPlan  *plan,
                           GPtrArray               *changes,
                           GHashTable              *offices,
                           DossierServerFindSeq     find_seq,
                           DossierServerFindScope   find_scope,
                           gpointer                 txn,
                           GPtrArray               *forbidden,
                           GError                 **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) record_scopes = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                               g_free, g_free);

  plan_init (plan);
  g_array_set_size (plan->results, changes->len);
  for (guint i = 0; i < changes->len; i++)
    {
      DossierServerChange *change = g_ptr_array_index (changes, i);
      DossierServerPushResult *result = &g_array_index (plan->results, DossierServerPushResult, i);
      gpointer first;
      gint copy = -1;

      result->status = DOSSIER_SERVER_PUSH_DUPLICATE;
      if (g_hash_table_lookup_extended (seen, change->id, NULL, &first))
        copy = GPOINTER_TO_INT (first);
      else if (!find_seq (txn, change->id, &result->seq, error))
        return FALSE;
      g_array_append_val (plan->copy_from, copy);
      if (copy >= 0 || result->seq > 0)
        continue;

      g_hash_table_insert (seen, change->id, GINT_TO_POINTER (i));
      if (!plan_one (plan, change, i, offices, record_scopes, find_scope, txn, forbidden, error))
        return FALSE;
    }

  if (forbidden->len > 0)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FORBIDDEN,
                   "%u change(s) name an office you do not belong to, or another office "
                   "than their record’s", forbidden->len);
      return FALSE;
    }
  return TRUE;
}

void
dossier_server_batch_plan_set_seq (DossierServerBatchPlan *plan,
                                   guint                   insert_index,
                                   gint64                  seq)
{
  guint row = g_array_index (plan->insert_rows, guint, insert_index);

  g_array_index (plan->results, DossierServerPushResult, row).seq = seq;
}

/* Returns: (transfer full): the results, repeats within the batch given their first's seq */
GArray *
dossier_server_batch_plan_finish (DossierServerBatchPlan *plan)
{
  for (guint i = 0; i < plan->copy_from->len; i++)
    {
      gint from = g_array_index (plan->copy_from, gint, i);

      if (from >= 0)
        g_array_index (plan->results, DossierServerPushResult, i).seq =
          g_array_index (plan->results, DossierServerPushResult, from).seq;
    }
  return g_steal_pointer (&plan->results);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * dossier_server_page_new:
 * @rows: (transfer full) (element-type DossierServerLogEntry): up to limit + 1
 *   entries after `since`, in seq order
 * @last_seq: the highest seq in the log, read in the same snapshot as @rows
 * @scopes: (transfer full) (element-type utf8): the caller's office ids
 *
 * When the page ends the log, `next` is the end of the whole log, not the
 * last change shown: the changes of other offices in between need not be
 * scanned again by the next pull.
 */
DossierServerPage *
dossier_server_page_new (GPtrArray *rows,
                         guint      limit,
                         gint64     since,
                         gint64     last_seq,
                         GPtrArray *scopes)
{
  DossierServerPage *page = g_new0 (DossierServerPage, 1);

  page->more = rows->len > limit;
  if (page->more)
    g_ptr_array_set_size (rows, limit);
  if (page->more)
    page->next = ((DossierServerLogEntry *) g_ptr_array_index (rows, rows->len - 1))->seq;
  else
    page->next = MAX (since, last_seq);
  page->changes = rows;

  g_ptr_array_add (scopes, g_strdup (DOSSIER_SERVER_POLICY_SCOPE));
  g_ptr_array_sort (scopes, compare_strings);
  g_ptr_array_set_free_func (scopes, NULL);
  g_ptr_array_add (scopes, NULL);
  page->scopes = (GStrv) g_ptr_array_free (scopes, FALSE);
  return page;
}

static gboolean
set_offset_mismatch (const DossierServerBlobStatus  *status,
                     GError                        **error)
{
  g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_OFFSET_MISMATCH,
               "The server has %" G_GINT64_FORMAT " bytes of this blob", status->received);
  return FALSE;
}

/**
 * dossier_server_blob_append_locked:
 * @txn: the backend's write transaction, holding the blob's lock
 * @status: (out): where the upload stands afterwards (also on
 *   %DOSSIER_SERVER_STORE_ERROR_OFFSET_MISMATCH)
 * @out_discarded: (out): the blob was complete but did not match its hash,
 *   and all its bytes were removed: commit, then report the mismatch
 *
 * Returns: %FALSE to roll back, with the error to report
 */
gboolean
dossier_server_blob_append_locked (const DossierServerBlobOps  *ops,
                                   gpointer                     txn,
                                   const char                  *sha256,
                                   gint64                       offset,
                                   gint64                       size,
                                   GBytes                      *chunk,
                                   gint64                       now,
                                   DossierServerBlobStatus     *status,
                                   gboolean                    *out_discarded,
                                   GError                     **error)
{
  gboolean found, matches, restart;

  *out_discarded = FALSE;
  if (!ops->load (txn, sha256, status, &found, error))
    return FALSE;
  if (found && status->complete)
    return TRUE;
  /* Another size from offset 0 starts the upload over; later, it is a mistake. */
  if (found && status->size != size && offset > 0)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
                   "This upload was started with a size of %" G_GINT64_FORMAT " bytes",
                   status->size);
      return FALSE;
    }
  restart = !found || status->size != size;
  if (restart)
    *status = (DossierServerBlobStatus) { size, 0, FALSE };
  if (offset != status->received)
    return set_offset_mismatch (status, error);
  if (restart && !ops->start (txn, sha256, size, now, error))
    return FALSE;

  status->received = offset + g_bytes_get_size (chunk);
  status->complete = status->received == size;
  if (!ops->store_chunk (txn, sha256, offset, chunk, status, now, error))
    return FALSE;
  if (!status->complete)
    return TRUE;
  if (!ops->hash_matches (txn, sha256, &matches, error))
    return FALSE;
  if (matches)
    return TRUE;
  *out_discarded = TRUE;
  *status = (DossierServerBlobStatus) { size, 0, FALSE };
  return ops->discard (txn, sha256, error);
}

gboolean
dossier_server_blob_mismatch (const char  *sha256,
                              GError     **error)
{
  g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_HASH_MISMATCH,
               "The bytes do not hash to %s; they were discarded", sha256);
  return FALSE;
}
