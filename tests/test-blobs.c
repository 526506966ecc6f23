/* test-blobs.c: attachment bytes in the encrypted replica, content-addressed
 * and resumable. */

#include <string.h>
#include <sys/stat.h>

#include "replica-fixture.h"

static GBytes *
random_bytes (gsize size)
{
  guint8 *bytes = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    bytes[i] = (guint8) g_test_rand_int_range (0, 256);
  /* A readable marker that must never appear in the replica file. */
  if (size > 64)
    memcpy (bytes + 32, "PASSPORT-SCAN-MARKER", 20);
  return g_bytes_new_take (bytes, size);
}

static GFile *
write_temp (ReplicaFixture *fixture,
            const char     *name,
            GBytes         *bytes)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  return g_file_new_for_path (path);
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
test_add_and_export (ReplicaFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(GBytes) content = random_bytes (1300 * 1000);
  g_autoptr(GFile) source = write_temp (fixture, "scan.jpg", content);
  g_autofree char *want = sha256_of (content);
  g_autofree char *out_path = g_build_filename (fixture->dir, "export.jpg", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *again = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *replica_bytes = NULL;
  gsize size = 0, replica_size = 0;
  struct stat st;

  sha = dossier_replica_add_blob_sync (fixture->replica, source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha, ==, want);
  again = dossier_replica_add_blob_sync (fixture->replica, source, NULL, &error);
  g_assert_cmpstr (again, ==, want);

  g_assert_true (dossier_replica_export_blob_sync (fixture->replica, sha, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out_path, &exported, &size, NULL));
  g_assert_cmpmem (exported, size, g_bytes_get_data (content, NULL), g_bytes_get_size (content));
  g_assert_cmpint (stat (out_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The bytes live encrypted inside the replica. */
  dossier_replica_close (fixture->replica);
  g_assert_true (g_file_get_contents (fixture->path, &replica_bytes, &replica_size, NULL));
  g_assert_cmpuint (replica_size, >, g_bytes_get_size (content));
  g_assert_null (memmem (replica_bytes, replica_size, "PASSPORT-SCAN-MARKER", 20));
  replica_fixture_reopen (fixture);
  {
    g_autoptr(DossierBlobInfo) info = dossier_replica_get_blob_info_sync (fixture->replica, sha,
                                                                          NULL, &error);
    g_assert_nonnull (info);
    g_assert_true (info->complete);
    g_assert_cmpint (info->size, ==, g_bytes_get_size (content));
  }
}

static void
test_resumable_download (ReplicaFixture *fixture,
                         gconstpointer   data)
{
  const gsize total = 700 * 1000, piece = 100 * 1000;
  g_autoptr(GBytes) content = random_bytes (total);
  g_autofree char *sha = sha256_of (content);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierBlobInfo) info = NULL;
  g_autoptr(GBytes) middle = NULL;
  gint64 offset;

  for (offset = 0; offset < 300 * 1000; offset += piece)
    {
      g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (content, offset, piece);
      g_assert_true (dossier_replica_append_blob_chunk_sync (fixture->replica, sha, total, offset,
                                                             chunk, NULL, &error));
      g_assert_no_error (error);
    }
  /* The connection drops; the application restarts. */
  replica_fixture_reopen (fixture);
  info = dossier_replica_get_blob_info_sync (fixture->replica, sha, NULL, &error);
  g_assert_nonnull (info);
  g_assert_false (info->complete);
  g_assert_cmpint (info->received, ==, 300 * 1000);

  /* A chunk at the wrong offset is refused and changes nothing. */
  {
    g_autoptr(GBytes) wrong = g_bytes_new_from_bytes (content, 500 * 1000, piece);
    g_assert_false (dossier_replica_append_blob_chunk_sync (fixture->replica, sha, total,
                                                            500 * 1000, wrong, NULL, &error));
    g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID);
    g_clear_error (&error);
  }

  for (offset = info->received; offset < (gint64) total; offset += piece)
    {
      g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (content, offset, piece);
      g_assert_true (dossier_replica_append_blob_chunk_sync (fixture->replica, sha, total, offset,
                                                             chunk, NULL, &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&info, dossier_blob_info_free);
  info = dossier_replica_get_blob_info_sync (fixture->replica, sha, NULL, &error);
  g_assert_true (info->complete);

  /* Reading back any window gives the same bytes, across chunk borders. */
  middle = dossier_replica_read_blob_chunk_sync (fixture->replica, sha, 99 * 1000, 5000, NULL,
                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (middle, NULL), g_bytes_get_size (middle),
                   (const guint8 *) g_bytes_get_data (content, NULL) + 99 * 1000, 5000);
}

static void
test_hash_mismatch_discarded (ReplicaFixture *fixture,
                              gconstpointer   data)
{
  g_autoptr(GBytes) content = random_bytes (4096);
  g_autoptr(GBytes) other = random_bytes (4096);
  g_autofree char *sha = sha256_of (content);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierBlobInfo) info = NULL;

  g_assert_false (dossier_replica_append_blob_chunk_sync (fixture->replica, sha, 4096, 0, other,
                                                          NULL, &error));
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_HASH_MISMATCH);
  g_clear_error (&error);
  info = dossier_replica_get_blob_info_sync (fixture->replica, sha, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (info);

  /* The right bytes are then accepted from the start. */
  g_assert_true (dossier_replica_append_blob_chunk_sync (fixture->replica, sha, 4096, 0, content,
                                                         NULL, &error));
  g_assert_no_error (error);
}

static void
test_export_missing (ReplicaFixture *fixture,
                     gconstpointer   data)
{
  g_autofree char *out_path = g_build_filename (fixture->dir, "never.pdf", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;

  g_assert_false (dossier_replica_export_blob_sync (fixture->replica,
    "0000000000000000000000000000000000000000000000000000000000000000", out, NULL, &error));
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, ReplicaFixture, NULL, replica_fixture_set_up, func, replica_fixture_tear_down)
  ADD ("/sync/blobs/add-and-export", test_add_and_export);
  ADD ("/sync/blobs/resumable-download", test_resumable_download);
  ADD ("/sync/blobs/hash-mismatch-discarded", test_hash_mismatch_discarded);
  ADD ("/sync/blobs/export-missing", test_export_missing);
#undef ADD
  return g_test_run ();
}
