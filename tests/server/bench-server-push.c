/* bench-server-push.c: changes per second through a real server, one client.
 *
 * Pushes 10,000 changes in batches of 500 over loopback HTTP, then pulls
 * them back in pages of 1,000, and prints the rates.  Run with
 * `meson test --benchmark` (DOSSIER_TEST_BACKEND picks the backend).
 */

#include "server-fixture.h"

#define TOTAL 10000
#define BATCH 500

static GPtrArray *
make_batch_of (ServerFixture *f,
               guint          first)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < BATCH; i++)
    {
      g_autofree char *record = g_uuid_string_random ();

      g_ptr_array_add (changes, make_change ("bench-device", first + i + 1, "case", record,
                                             "destination", "\"Germany, Frankfurt consulate\"",
                                             f->office_a));
    }
  return changes;
}

static void
bench_push_pull (ServerFixture *f,
                 gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  gint64 start, pushed, pulled, since = 0;
  guint received = 0;
  gboolean more = TRUE;

  for (guint b = 0; b < TOTAL / BATCH; b++)
    g_ptr_array_add (batches, make_batch_of (f, b * BATCH));

  start = g_get_monotonic_time ();
  for (guint b = 0; b < batches->len; b++)
    {
      guint status;
      g_autoptr(JsonNode) reply = server_push (f, NULL, token, g_ptr_array_index (batches, b),
                                               &status);
      g_assert_cmpuint (status, ==, 200);
    }
  pushed = g_get_monotonic_time ();

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/v1/pull?protocol=1&since=%" G_GINT64_FORMAT
                                               "&limit=1000", since);
      guint status;
      g_autoptr(JsonNode) page = server_request (f, NULL, "GET", path, token, NULL, &status);

      g_assert_cmpuint (status, ==, 200);
      received += json_array_get_length (json_array_at (page, "changes"));
      more = json_object_get_boolean_member (json_node_get_object (page), "more");
      since = json_int_at (page, "next");
    }
  pulled = g_get_monotonic_time ();
  g_assert_cmpuint (received, ==, TOTAL);

  g_print ("# %s: pushed %d changes (batches of %d) in %.2f s: %.0f changes/s\n",
           server_test_backend (), TOTAL, BATCH, (pushed - start) / 1e6,
           TOTAL / ((pushed - start) / 1e6));
  g_print ("# %s: pulled %d changes (pages of 1000) in %.2f s: %.0f changes/s\n",
           server_test_backend (), TOTAL, (pulled - pushed) / 1e6,
           TOTAL / ((pulled - pushed) / 1e6));
}

int
main (int    argc,
      char **argv)
{
  server_test_init (&argc, &argv);
  g_test_add ("/server/bench/push-pull", ServerFixture, NULL, server_fixture_setup,
              bench_push_pull, server_fixture_teardown);
  return g_test_run ();
}
