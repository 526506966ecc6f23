/* test-server-blobs.c: attachment uploads and downloads, cut and resumed.
 *
 * A chunk whose connection drops halfway stores nothing; the upload resumes
 * from the offset the status reports.  Bytes that do not match their hash
 * are discarded whole.
 */

#include "server-fixture.h"

#include <string.h>

#define ADD(path, func) \
  g_test_add (path, ServerFixture, NULL, server_fixture_setup, func, server_fixture_teardown)

#define MIB (1024 * 1024)

static GBytes *
make_bytes (gsize   size,
            guint32 seed)
{
  guint8 *data = g_malloc (size);
  GRand *rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  g_rand_free (rand);
  return g_bytes_new_take (data, size);
}

static void
drop (JsonNode *node)
{
  if (node != NULL)
    json_node_unref (node);
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static JsonNode *
put_chunk (ServerFixture *f,
           const char    *token,
           const char    *sha256,
           GBytes        *all,
           gsize          offset,
           gsize          length,
           guint         *out_status)
{
  g_autofree char *path = g_strdup_printf ("/v1/blobs/%s?offset=%" G_GSIZE_FORMAT "&size=%"
                                           G_GSIZE_FORMAT, sha256, offset,
                                           g_bytes_get_size (all));
  g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (all, offset, length);

  return server_request_bytes (f, "PUT", path, token, chunk, NULL, out_status, NULL);
}

static JsonNode *
blob_status (ServerFixture *f,
             const char    *token,
             const char    *sha256,
             guint         *out_status)
{
  g_autofree char *path = g_strdup_printf ("/v1/blobs/%s/status?protocol=1", sha256);

  return server_request_bytes (f, "GET", path, token, NULL, NULL, out_status, NULL);
}

/* Sends a PUT whose connection drops after `sent` of `length` bytes. */
static void
put_cut (ServerFixture *f,
         const char    *token,
         const char    *sha256,
         GBytes        *all,
         gsize          offset,
         gsize          length,
         gsize          sent)
{
  g_autoptr(GUri) uri = g_uri_parse (f->base, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  GOutputStream *output;

  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri),
                                                g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("PUT /v1/blobs/%s?offset=%" G_GSIZE_FORMAT "&size=%" G_GSIZE_FORMAT
                          " HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
                          "Content-Type: application/octet-stream\r\nContent-Length: %"
                          G_GSIZE_FORMAT "\r\n\r\n", sha256, offset, g_bytes_get_size (all),
                          g_uri_get_host (uri), token, length);
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_assert_true (g_output_stream_write_all (output, head, strlen (head), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (output, (const guint8 *) g_bytes_get_data (all, NULL)
                                            + offset, sent, NULL, NULL, &error));
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static gint64
status_received (ServerFixture *f,
                 const char    *token,
                 const char    *sha256)
{
  guint status;
  g_autoptr(JsonNode) reply = blob_status (f, token, sha256, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_int_at (reply, "received");
}

static void
test_upload_resumes (ServerFixture *f,
                     gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autoptr(GBytes) all = make_bytes (3 * MIB + 123, 7);
  g_autofree char *sha256 = sha256_of (all);
  gsize size = g_bytes_get_size (all);
  gint64 received;
  guint status;

  {
    g_autoptr(JsonNode) missing = blob_status (f, token, sha256, &status);
    assert_error (missing, status, 404, "not_found");
  }
  {
    g_autoptr(JsonNode) first = put_chunk (f, token, sha256, all, 0, MIB, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (json_int_at (first, "received"), ==, MIB);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (first), "complete"));
  }

  /* The second chunk is cut after 300 KB: none of it counts. */
  put_cut (f, token, sha256, all, MIB, MIB, 300 * 1024);
  for (guint i = 0; i < 50 && (received = status_received (f, token, sha256)) != MIB; i++)
    g_usleep (20000);
  g_assert_cmpint (received, ==, MIB);
  {
    g_autoptr(JsonNode) wrong = put_chunk (f, token, sha256, all, 0, MIB, &status);

    assert_error (wrong, status, 409, "offset_mismatch");
    g_assert_cmpint (json_int_at (wrong, "received"), ==, MIB);
  }

  /* Resume from where the status says. */
  while ((gsize) received < size)
    {
      gsize length = MIN (MIB, size - received);
      g_autoptr(JsonNode) reply = put_chunk (f, token, sha256, all, received, length, &status);

      g_assert_cmpuint (status, ==, 200);
      received = json_int_at (reply, "received");
      g_assert_cmpint (json_object_get_boolean_member (json_node_get_object (reply), "complete"),
                       ==, (gsize) received == size);
    }

  {
    g_autofree char *path = g_strdup_printf ("/v1/blobs/%s", sha256);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GBytes) tail = g_bytes_new_from_bytes (all, 2000000, size - 2000000);

    drop (server_request_bytes (f, "GET", path, token, NULL, NULL, &status, &body));
    g_assert_cmpuint (status, ==, 200);
    g_assert_true (g_bytes_equal (body, all));
    g_clear_pointer (&body, g_bytes_unref);
    drop (server_request_bytes (f, "GET", path, token, NULL, "bytes=2000000-", &status,
                                           &body));
    g_assert_cmpuint (status, ==, 206);
    g_assert_true (g_bytes_equal (body, tail));
  }
}

static void
test_download_ranges (ServerFixture *f,
                      gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "bob");
  g_autoptr(GBytes) all = make_bytes (1000, 11);
  g_autofree char *sha256 = sha256_of (all);
  g_autofree char *path = g_strdup_printf ("/v1/blobs/%s", sha256);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) middle = g_bytes_new_from_bytes (all, 100, 100);
  guint status;

  /* Nothing to download until the upload is complete. */
  json_node_unref (put_chunk (f, token, sha256, all, 0, 400, &status));
  g_assert_cmpuint (status, ==, 200);
  {
    g_autoptr(JsonNode) early = server_request_bytes (f, "GET", path, token, NULL, NULL, &status,
                                                      NULL);
    assert_error (early, status, 404, "not_found");
  }
  json_node_unref (put_chunk (f, token, sha256, all, 400, 600, &status));
  g_assert_cmpuint (status, ==, 200);

  drop (server_request_bytes (f, "GET", path, token, NULL, "bytes=100-199", &status,
                                         &body));
  g_assert_cmpuint (status, ==, 206);
  g_assert_true (g_bytes_equal (body, middle));
  {
    g_autoptr(JsonNode) past = server_request_bytes (f, "GET", path, token, NULL, "bytes=1000-",
                                                     &status, NULL);
    assert_error (past, status, 416, "invalid_request");
  }

  /* Uploading a blob the server has changes nothing and says it is complete. */
  {
    g_autoptr(JsonNode) again = put_chunk (f, token, sha256, all, 0, 1000, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (again), "complete"));
    g_assert_cmpint (json_int_at (again, "received"), ==, 1000);
  }
}

static void
test_hash_mismatch (ServerFixture *f,
                    gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autoptr(GBytes) claimed = make_bytes (2 * MIB, 1);
  g_autoptr(GBytes) actual = make_bytes (2 * MIB, 2);
  g_autofree char *sha256 = sha256_of (claimed);
  g_autofree char *path = g_strdup_printf ("/v1/blobs/%s", sha256);
  guint status;

  json_node_unref (put_chunk (f, token, sha256, actual, 0, MIB, &status));
  g_assert_cmpuint (status, ==, 200);
  {
    g_autoptr(JsonNode) last = put_chunk (f, token, sha256, actual, MIB, MIB, &status);
    assert_error (last, status, 422, "hash_mismatch");
  }
  /* Every byte was discarded: no status, no download. */
  {
    g_autoptr(JsonNode) none = server_request_bytes (f, "GET", path, token, NULL, NULL, &status,
                                                     NULL);
    assert_error (none, status, 404, "not_found");
  }
  {
    g_autoptr(JsonNode) gone = blob_status (f, token, sha256, &status);
    assert_error (gone, status, 404, "not_found");
  }

  /* A blob sent whole, in one chunk, is checked as well. */
  {
    g_autoptr(GBytes) small_claimed = make_bytes (1000, 5);
    g_autoptr(GBytes) small_actual = make_bytes (1000, 6);
    g_autofree char *small_sha = sha256_of (small_claimed);
    g_autoptr(JsonNode) whole = put_chunk (f, token, small_sha, small_actual, 0, 1000, &status);
    g_autoptr(JsonNode) gone = NULL;

    assert_error (whole, status, 422, "hash_mismatch");
    gone = blob_status (f, token, small_sha, &status);
    assert_error (gone, status, 404, "not_found");
  }

  /* The right bytes go through. */
  json_node_unref (put_chunk (f, token, sha256, claimed, 0, MIB, &status));
  json_node_unref (put_chunk (f, token, sha256, claimed, MIB, MIB, &status));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (status_received (f, token, sha256), ==, 2 * MIB);
}

static void
test_bad_uploads (ServerFixture *f,
                  gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autoptr(GBytes) big = make_bytes (4 * MIB + 1, 3);
  g_autoptr(GBytes) small = make_bytes (10, 4);
  g_autofree char *sha_big = sha256_of (big);
  g_autofree char *sha_small = sha256_of (small);
  g_autofree char *upper = g_ascii_strup (sha_small, -1);
  g_autofree char *too_big = g_strdup_printf ("?offset=0&size=%d", 4 * MIB + 1);
  struct {
    const char *name; const char *query; GBytes *body; const char *token;
    guint status; const char *code;
  } cases[] = {
    { sha_big, too_big, big, token, 413, "payload_too_large" },
    { sha_small, "?size=10", small, token, 400, "invalid_request" },
    { sha_small, "?offset=0&size=5", small, token, 400, "invalid_request" },
    { sha_small, "?offset=20&size=40", small, token, 409, "offset_mismatch" },
    { "nothex", "?offset=0&size=10", small, token, 400, "invalid_request" },
    { upper, "?offset=0&size=10", small, token, 400, "invalid_request" },
    { sha_small, "?offset=0&size=10", small, NULL, 401, "unauthorized" },
  };
  const char *names[] = { sha_small, sha_big };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/v1/blobs/", cases[i].name, cases[i].query, NULL);
      guint status;
      g_autoptr(JsonNode) reply = server_request_bytes (f, "PUT", path, cases[i].token,
                                                        cases[i].body, NULL, &status, NULL);

      assert_error (reply, status, cases[i].status, cases[i].code);
    }
  /* None of them left anything behind. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint status;
      g_autoptr(JsonNode) reply = blob_status (f, token, names[i], &status);

      assert_error (reply, status, 404, "not_found");
    }
}

int
main (int    argc,
      char **argv)
{
  server_test_init (&argc, &argv);

  ADD ("/server/blobs/upload-resumes", test_upload_resumes);
  ADD ("/server/blobs/download-ranges", test_download_ranges);
  ADD ("/server/blobs/hash-mismatch", test_hash_mismatch);
  ADD ("/server/blobs/bad-uploads", test_bad_uploads);

  return g_test_run ();
}
