/* test-first-sync.c: a first sync holding its transaction across pulled
 * pages (dossier_replica_apply_remote_held_sync()), on real replicas.
 *
 * A writer's changes (cases, checklist items, edits, a concurrent edit of
 * one field by a second writer, a deleted case) form an ordered log cut
 * into pages.  An empty replica applying the pages held ends exactly as one
 * applying them page by page; what is on disk while pages are held (a copy
 * of the files, as a crash would leave them) has neither the held pages nor
 * their cursor, and pulling again from there converges; any other call on
 * the replica commits what was held first. */

#include "replica-fixture.h"

#include <string.h>

#define N_CASES 12
#define N_PAGES 4

typedef struct
{
  ReplicaFixture  writer, other, fresh, paged;
  GPtrArray      *log;       /* DossierChange with server_seq */
  GPtrArray      *records;   /* "kind\trecord id" of every record in the log */
} FirstSync;

static void
push_outbox (FirstSync      *fs,
             ReplicaFixture *side)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = dossier_replica_list_outbox_sync (side->replica, 0, NULL, &error);
  g_autoptr(GPtrArray) acked = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < outbox->len; i++)
    {
      DossierChange *change = dossier_change_copy (outbox->pdata[i]);
      g_autofree char *key = g_strdup_printf ("%s\t%s", change->kind, change->record_id);

      change->server_seq = fs->log->len + 1;
      g_ptr_array_add (fs->log, change);
      g_ptr_array_add (acked, g_strdup (change->change_id));
      if (!g_ptr_array_find_with_equal_func (fs->records, key, g_str_equal, NULL))
        g_ptr_array_add (fs->records, g_steal_pointer (&key));
    }
  g_ptr_array_add (acked, NULL);
  g_assert_true (dossier_replica_ack_outbox_sync (side->replica, (const char *const *) acked->pdata,
                                                  NULL, &error));
  g_assert_no_error (error);
}

static char *
save (ReplicaFixture *side,
      const char     *kind,
      const char     *id,
      JsonObject     *fields)
{
  g_autoptr(GError) error = NULL;
  char *saved = dossier_replica_save_sync (side->replica, kind, id, fields, NULL, &error);

  g_assert_no_error (error);
  return saved;
}

/* The log: both writers start from the same case, then work offline. */
static void
write_log (FirstSync *fs)
{
  g_autoptr(JsonObject) shared = json_object_new ();
  g_autoptr(JsonObject) mine = json_object_new ();
  g_autoptr(JsonObject) theirs = json_object_new ();
  g_autofree char *shared_id = NULL;
  g_autofree char *deleted_id = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (shared, "reference", "DOS-2026-00900");
  json_object_set_string_member (shared, "notes", "Shared case");
  shared_id = save (&fs->writer, "case", NULL, shared);
  push_outbox (fs, &fs->writer);
  {
    g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
    for (guint i = 0; i < fs->log->len; i++)
      g_ptr_array_add (page, dossier_change_copy (fs->log->pdata[i]));
    g_assert_true (dossier_replica_apply_remote_sync (fs->other.replica, page, fs->log->len, NULL,
                                                      NULL, &error));
    g_assert_no_error (error);
  }

  for (guint n = 0; n < N_CASES; n++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *reference = g_strdup_printf ("DOS-2026-%05u", n);
      g_autofree char *id = NULL;

      json_object_set_string_member (fields, "reference", reference);
      json_object_set_string_member (fields, "destination", n % 2 ? "DE" : "FR");
      json_object_set_string_member (fields, "notes", "Zhang Wei, trade fair");
      id = save (&fs->writer, "case", NULL, fields);
      for (int i = 0; i < 3; i++)
        {
          g_autoptr(JsonObject) item = json_object_new ();
          g_autofree char *item_id = NULL;

          json_object_set_string_member (item, "case_id", id);
          json_object_set_int_member (item, "position", i);
          json_object_set_string_member (item, "title", "Bank statement");
          item_id = save (&fs->writer, "checklist_item", NULL, item);
        }
      /* A later edit of a field written before: an overwrite in the log. */
      g_clear_pointer (&fields, json_object_unref);
      fields = json_object_new ();
      json_object_set_string_member (fields, "notes", "Zhang Wei, trade fair, second visit");
      g_free (save (&fs->writer, "case", id, fields));
      if (n == 3)
        deleted_id = g_strdup (id);
    }
  g_assert_true (dossier_replica_delete_sync (fs->writer.replica, "case", deleted_id, NULL, &error));
  g_assert_no_error (error);

  /* The same field of the shared case, concurrently: a conflict. */
  json_object_set_string_member (mine, "visa_number", "D-11111111");
  json_object_set_string_member (theirs, "visa_number", "D-22222222");
  g_free (save (&fs->writer, "case", shared_id, mine));
  g_free (save (&fs->other, "case", shared_id, theirs));
  push_outbox (fs, &fs->writer);
  push_outbox (fs, &fs->other);
}

static void
first_sync_set_up (FirstSync     *fs,
                   gconstpointer  data)
{
  replica_fixture_set_up (&fs->writer, data);
  replica_fixture_set_up (&fs->other, data);
  replica_fixture_set_up (&fs->fresh, data);
  replica_fixture_set_up (&fs->paged, data);
  fs->log = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  fs->records = g_ptr_array_new_with_free_func (g_free);
  write_log (fs);
}

static void
first_sync_tear_down (FirstSync     *fs,
                      gconstpointer  data)
{
  replica_fixture_tear_down (&fs->writer, data);
  replica_fixture_tear_down (&fs->other, data);
  replica_fixture_tear_down (&fs->fresh, data);
  replica_fixture_tear_down (&fs->paged, data);
  g_ptr_array_unref (fs->log);
  g_ptr_array_unref (fs->records);
}

/* Page `p` of N_PAGES: its changes and the cursor after it. */
static GPtrArray *
page_of (FirstSync *fs,
         guint      p,
         gint64    *out_next)
{
  GPtrArray *page = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  guint size = (fs->log->len + N_PAGES - 1) / N_PAGES;
  guint end = MIN (fs->log->len, (p + 1) * size);

  for (guint i = p * size; i < end; i++)
    g_ptr_array_add (page, dossier_change_copy (fs->log->pdata[i]));
  *out_next = end;
  return page;
}

static void
apply_page (FirstSync      *fs,
            ReplicaFixture *side,
            guint           p,
            gboolean        hold)
{
  g_autoptr(GError) error = NULL;
  gint64 next;
  g_autoptr(GPtrArray) page = page_of (fs, p, &next);

  if (hold)
    g_assert_true (dossier_replica_apply_remote_held_sync (side->replica, page, next, NULL, NULL,
                                                           &error));
  else
    g_assert_true (dossier_replica_apply_remote_sync (side->replica, page, next, NULL, NULL,
                                                      &error));
  g_assert_no_error (error);
}

static char *
record_text (ReplicaFixture *side,
             const char     *key)
{
  g_auto(GStrv) parts = g_strsplit (key, "\t", 2);
  g_autoptr(JsonObject) row = dossier_replica_get_sync (side->replica, parts[0], parts[1], NULL, NULL);
  g_autoptr(JsonNode) node = NULL;

  if (row == NULL)
    return g_strdup ("(none)");
  json_object_remove_member (row, "updated_at");   /* local bookkeeping */
  node = json_node_init_object (json_node_alloc (), row);
  return json_to_string (node, FALSE);
}

static guint
count_hits (ReplicaFixture *side,
            const char     *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = dossier_replica_search_sync (side->replica, query, 100, NULL, &error);

  g_assert_no_error (error);
  return hits->len;
}

static char *
conflicts_text (ReplicaFixture *side)
{
  g_autoptr(GPtrArray) conflicts = dossier_replica_list_conflicts_sync (side->replica, NULL, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *c = conflicts->pdata[i];
      g_string_append_printf (text, "%s %s %s|", json_object_get_string_member (c, "record_id"),
                              json_object_get_string_member (c, "field"),
                              json_object_get_string_member (c, "value"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Every record, the conflicts, the search index and the cursor agree. */
static void
assert_same (FirstSync      *fs,
             ReplicaFixture *a,
             ReplicaFixture *b)
{
  g_autofree char *conflicts_a = conflicts_text (a);
  g_autofree char *conflicts_b = conflicts_text (b);

  g_assert_cmpint (dossier_replica_get_cursor_sync (a->replica, NULL, NULL), ==,
                   dossier_replica_get_cursor_sync (b->replica, NULL, NULL));
  for (guint i = 0; i < fs->records->len; i++)
    {
      g_autofree char *on_a = record_text (a, fs->records->pdata[i]);
      g_autofree char *on_b = record_text (b, fs->records->pdata[i]);
      g_assert_cmpstr (on_a, ==, on_b);
    }
  g_assert_cmpstr (conflicts_a, ==, conflicts_b);
  g_assert_cmpuint (count_hits (a, "zhang"), ==, count_hits (b, "zhang"));
  g_assert_cmpuint (count_hits (a, "DOS-2026-00900"), ==, count_hits (b, "DOS-2026-00900"));
}

static void
apply_all (FirstSync      *fs,
           ReplicaFixture *side,
           gboolean        hold)
{
  for (guint p = 0; p < N_PAGES; p++)
    apply_page (fs, side, p, hold && p + 1 < N_PAGES);
}

static void
test_held_equals_page_by_page (FirstSync     *fs,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicts = NULL;

  apply_all (fs, &fs->fresh, TRUE);
  apply_all (fs, &fs->paged, FALSE);
  assert_same (fs, &fs->fresh, &fs->paged);
  g_assert_cmpint (dossier_replica_get_cursor_sync (fs->fresh.replica, NULL, NULL), ==,
                   fs->log->len);
  /* What the pages say, not only the same on both: every live case is
   * found by the name in its notes, the deleted one is not, and the
   * concurrent edit is kept as a conflict. */
  g_assert_cmpuint (count_hits (&fs->fresh, "zhang"), ==, N_CASES - 1);
  conflicts = dossier_replica_list_conflicts_sync (fs->fresh.replica, NULL, NULL);
  g_assert_cmpuint (conflicts->len, ==, 1);
  /* And after closing, the same. */
  replica_fixture_reopen (&fs->fresh);
  assert_same (fs, &fs->fresh, &fs->paged);
}

/* The files as a crash would leave them now: copied, and opened. */
static void
crash_image (ReplicaFixture *side,
             ReplicaFixture *image)
{
  const char *suffixes[] = { "", "-wal" };
  g_autoptr(GError) error = NULL;

  image->dir = g_dir_make_tmp ("dossier-test-XXXXXX", &error);
  g_assert_no_error (error);
  image->path = g_build_filename (image->dir, "replica.db", NULL);
  image->key = g_bytes_ref (side->key);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (side->path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (image->path, suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize size = 0;

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      g_assert_true (g_file_get_contents (from, &bytes, &size, &error));
      g_assert_true (g_file_set_contents (to, bytes, size, &error));
      g_assert_no_error (error);
    }
  image->replica = dossier_replica_open_sync (image->path, image->key, FALSE, NULL, &error);
  g_assert_no_error (error);
}

static void
test_crash_while_held (FirstSync     *fs,
                       gconstpointer  data)
{
  ReplicaFixture image = { 0 };
  g_autofree char *first = NULL;

  /* The first page committed, the next two held. */
  apply_page (fs, &fs->fresh, 0, FALSE);
  apply_page (fs, &fs->fresh, 1, TRUE);
  apply_page (fs, &fs->fresh, 2, TRUE);
  crash_image (&fs->fresh, &image);

  /* On disk: the first page and its cursor, nothing held. */
  apply_page (fs, &fs->paged, 0, FALSE);
  assert_same (fs, &image, &fs->paged);

  /* Pulling again from the cursor on disk converges. */
  for (guint p = 1; p < N_PAGES; p++)
    {
      apply_page (fs, &image, p, p + 1 < N_PAGES);
      apply_page (fs, &fs->paged, p, FALSE);
    }
  assert_same (fs, &image, &fs->paged);
  /* So does the replica that held them, once it goes on. */
  apply_page (fs, &fs->fresh, 3, FALSE);
  assert_same (fs, &fs->fresh, &fs->paged);
  replica_fixture_tear_down (&image, NULL);
}

static void
test_other_call_commits_held (FirstSync     *fs,
                              gconstpointer  data)
{
  ReplicaFixture image = { 0 }, later = { 0 };
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = NULL;

  apply_page (fs, &fs->fresh, 0, TRUE);
  apply_page (fs, &fs->paged, 0, FALSE);

  /* Held: nothing on disk yet. */
  crash_image (&fs->fresh, &image);
  g_assert_cmpint (dossier_replica_get_cursor_sync (image.replica, NULL, NULL), ==, 0);
  g_assert_cmpuint (count_hits (&image, "zhang"), ==, 0);
  replica_fixture_tear_down (&image, NULL);

  /* A local save in between: it commits the held page, then itself. */
  json_object_set_string_member (fields, "reference", "DOS-2026-00999");
  id = save (&fs->fresh, "case", NULL, fields);
  crash_image (&fs->fresh, &later);
  assert_same (fs, &later, &fs->paged);
  {
    g_autoptr(JsonObject) row = dossier_replica_get_sync (later.replica, "case", id, NULL, NULL);
    g_assert_nonnull (row);
    g_assert_cmpstr (json_object_get_string_member (row, "reference"), ==, "DOS-2026-00999");
  }
  replica_fixture_tear_down (&later, NULL);

  /* The rest of the pages still apply. */
  for (guint p = 1; p < N_PAGES; p++)
    {
      apply_page (fs, &fs->fresh, p, p + 1 < N_PAGES);
      apply_page (fs, &fs->paged, p, FALSE);
    }
  assert_same (fs, &fs->fresh, &fs->paged);
}

static void
test_release_and_close_commit (FirstSync     *fs,
                               gconstpointer  data)
{
  ReplicaFixture image = { 0 };
  g_autoptr(GError) error = NULL;

  apply_page (fs, &fs->fresh, 0, TRUE);
  apply_page (fs, &fs->paged, 0, FALSE);
  g_assert_true (dossier_replica_release_hold_sync (fs->fresh.replica, NULL, &error));
  g_assert_no_error (error);
  crash_image (&fs->fresh, &image);
  assert_same (fs, &image, &fs->paged);
  replica_fixture_tear_down (&image, NULL);

  /* Closing commits what is held. */
  apply_page (fs, &fs->fresh, 1, TRUE);
  apply_page (fs, &fs->paged, 1, FALSE);
  replica_fixture_reopen (&fs->fresh);
  assert_same (fs, &fs->fresh, &fs->paged);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, FirstSync, NULL, first_sync_set_up, func, first_sync_tear_down)
  ADD ("/sync/first-sync/held-equals-page-by-page", test_held_equals_page_by_page);
  ADD ("/sync/first-sync/crash-while-held", test_crash_while_held);
  ADD ("/sync/first-sync/other-call-commits-held", test_other_call_commits_held);
  ADD ("/sync/first-sync/release-and-close-commit", test_release_and_close_commit);
#undef ADD
  return g_test_run ();
}
