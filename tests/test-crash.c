/* test-crash.c: a writer killed with SIGKILL at random moments leaves a
 * replica that passes the integrity check, holds every batch it reported
 * as committed, no half batch and no orphan outbox entry. */

#include <signal.h>
#include <string.h>

#include "replica-fixture.h"

#define ROUNDS 8
#define ITEMS_PER_CASE 5
#define CHANGES_PER_BATCH (3 + ITEMS_PER_CASE * 3)

static char *
key_hex (GBytes *key)
{
  const guint8 *bytes = g_bytes_get_data (key, NULL);
  GString *hex = g_string_new (NULL);

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

/* Runs the writer until killed; returns the last batch it reported committed. */
static guint64
run_and_kill (const char *path,
              GBytes     *key)
{
  const char *helper = g_getenv ("DOSSIER_TEST_HELPER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *hex = key_hex (key);
  g_autofree char *ready = NULL;
  g_autofree char *rest = NULL;
  guint64 last = 0;
  char **lines;

  g_assert_nonnull (helper);
  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error, helper, path, NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (writer), hex, 64, NULL, NULL, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));
  ready = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_cmpstr (ready, ==, "ready");

  g_usleep (g_test_rand_int_range (20, 400) * 1000);
  g_subprocess_send_signal (writer, SIGKILL);
  g_subprocess_wait (writer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (writer));
  g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);

  rest = g_data_input_stream_read_upto (out, "", 0, NULL, NULL, NULL);
  lines = g_strsplit (rest ? rest : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      last = g_ascii_strtoull (lines[i], NULL, 10);
  g_strfreev (lines);
  return last;
}

/* Returns the number of batches the replica holds. */
static guint64
check_replica (ReplicaFixture *fixture,
               guint64         acknowledged)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GHashTable) records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) batches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  fixture->replica = dossier_replica_open_sync (fixture->path, fixture->key, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dossier_replica_check_integrity_sync (fixture->replica, NULL, &error));
  g_assert_no_error (error);

  cases = dossier_replica_list_sync (fixture->replica, "case", NULL, NULL, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  /* Every batch the writer saw committed is there (and maybe one it did not report). */
  g_assert_cmpuint (cases->len, >=, acknowledged);
  g_assert_cmpuint (cases->len, <=, acknowledged + 1);

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *c = cases->pdata[i];
      const char *id = json_object_get_string_member (c, "id");
      const char *note = json_object_get_string_member (c, "notes");
      g_autoptr(GPtrArray) items = dossier_replica_list_sync (fixture->replica, "checklist_item",
                                                              "case_id", id, NULL, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (items->len, ==, ITEMS_PER_CASE);
      g_assert_true (g_hash_table_add (batches, g_strdup (note)));   /* no batch twice */
      g_hash_table_add (records, g_strdup (id));
      for (guint j = 0; j < items->len; j++)
        {
          g_assert_cmpstr (json_object_get_string_member (items->pdata[j], "notes"), ==, note);
          g_hash_table_add (records, g_strdup (json_object_get_string_member (items->pdata[j], "id")));
        }
    }

  outbox = dossier_replica_list_outbox_sync (fixture->replica, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, cases->len * CHANGES_PER_BATCH);
  for (guint i = 0; i < outbox->len; i++)
    {
      DossierChange *change = outbox->pdata[i];
      g_assert_true (g_hash_table_contains (records, change->record_id));   /* no orphan */
      g_assert_cmpint (change->counter, ==, i + 1);                          /* no gap, no reuse */
    }
  dossier_replica_close (fixture->replica);
  g_clear_object (&fixture->replica);
  g_test_message ("%u batches, %u outbox changes, %" G_GUINT64_FORMAT " acknowledged",
                  cases->len, outbox->len, acknowledged);
  return cases->len;
}

static void
test_sigkill_during_writes (ReplicaFixture *fixture,
                            gconstpointer   data)
{
  guint64 held = 0;

  /* The fixture's replica is open in this process; the writer needs it alone. */
  dossier_replica_close (fixture->replica);
  g_clear_object (&fixture->replica);
  for (guint round = 0; round < ROUNDS; round++)
    {
      guint64 reported = run_and_kill (fixture->path, fixture->key);

      /* The writer numbers its batches after those it found.  On a busy
       * machine it may be killed before it commits one: it then reports
       * none, and what the replica held before is what is acknowledged. */
      if (reported > 0)
        g_assert_cmpuint (reported, >, held);
      held = check_replica (fixture, MAX (reported, held));
    }
  g_assert_cmpuint (held, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sync/crash/sigkill-during-writes", ReplicaFixture, NULL, replica_fixture_set_up,
              test_sigkill_during_writes, replica_fixture_tear_down);
  return g_test_run ();
}
