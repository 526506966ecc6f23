/* test-sync-kill.c: the real client and server processes killed with
 * SIGKILL at random moments during pushes and pulls, restarted, synced again.
 *
 * Two sync-worker processes (a replica and a DossierSyncEngine each) commit
 * numbered batches of about fifty changes and sync them through a
 * dossier-server process on loopback, while the test kills a worker, the
 * server or all three at seeded random moments of their sync cycles and
 * restarts them.  At the end everything syncs until quiet, and then:
 *
 *  - every batch a worker reported committed is on both replicas exactly
 *    once: its case once, each of its checklist items once, its field edits
 *    with their last values; both replicas hold the same records;
 *  - the server's log holds each change id once, and for each device
 *    exactly the counters 1..N the device handed out;
 *  - both outboxes are empty, nothing was refused, no conflict appeared;
 *  - PRAGMA integrity_check passes on both replicas and the server's file.
 *
 * DOSSIER_TEST_BACKEND picks the server's storage (sqlite or postgresql);
 * DOSSIER_KILL_ROUNDS the number of kills; DOSSIER_KILL_SEED replays one
 * seed (the seed of every run is printed); DOSSIER_KILL_TRACE=1 echoes what
 * the workers say.
 */

#include <signal.h>
#include <sqlcipher/sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

#include "dossier-replica-sync.h"
#include "dossier-sync-client.h"
#include "pg-cluster.h"
#include "replica-fixture.h"
#include "server-fixture.h"

#define PASSWORD "correct horse"
#define ITEMS_PER_CASE 8     /* as sync-worker.c makes them */
#define BATCHES_PER_RUN 24   /* about 1,200 changes: several push batches, two pull pages */
#define PAUSE_MS "15"
#define DEFAULT_ROUNDS 10

typedef struct
{
  const char        *user;
  const char        *prefix;
  const char        *other;
  char              *path;
  GBytes            *key;
  GSubprocess       *process;
  GDataInputStream  *out;
  gboolean           eof;
  guint              target;
  guint              committed;   /* the highest batch it reported */
  guint              next;        /* as it said when ready */
  char              *device;
  gboolean           syncing;
  gint64             pending;
  gint64             idle;        /* the cursor of its last "idle", -1: busy */
  GHashTable        *cross;       /* the other's reference -> last batch that set its assignee */
  guint              starts;
} Worker;

typedef struct
{
  ServerFixture  server;
  gboolean       server_up;
  GRand         *rand;
  Worker         workers[2];

  /* The observer reads the whole log over HTTP, as a client would. */
  DossierSyncClient *observer;
  GMainContext      *observer_context;
  gint64             observed;
  GHashTable        *log_ids;     /* change id -> seq */
  GHashTable        *counters;    /* device -> GHashTable of counters */

  guint kills_push, kills_pull, kills_idle, kills_server_busy, kills_server_quiet;
} Kill;

static PgCluster *cluster;

/* Children die with the test, however it ends: a failed assertion must not
 * leave a server or a worker running. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (GSubprocessFlags   flags,
       GError           **error,
       const char        *argv0,
       ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;
  const char *arg;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_ptr_array_add (argv, (gpointer) argv0);
  va_start (args, argv0);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
}

/* Running the main context --------------------------------------------------- */

typedef gboolean (*Condition) (Kill *kill, gpointer data);

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until `condition` holds (TRUE) or `ms` pass (FALSE). */
static gboolean
run_until (Kill      *kill,
           Condition  condition,
           gpointer   data,
           guint      ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (ms, timed_out_cb, &timed_out);

  while (!timed_out && (condition == NULL || !condition (kill, data)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  return !timed_out;
}

static void
pause_ms (Kill *kill,
          guint ms)
{
  if (ms > 0)
    run_until (kill, NULL, NULL, ms);
}

/* The workers ------------------------------------------------------------------ */

static void
handle_line (Worker     *worker,
             const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 3);

  if (g_getenv ("DOSSIER_KILL_TRACE") != NULL)
    g_printerr ("%s: %s\n", worker->prefix, line);

  if (g_str_equal (words[0], "committed"))
    {
      guint n = (guint) g_ascii_strtoull (words[1], NULL, 10);

      g_assert_cmpuint (n, ==, worker->next);
      worker->committed = n;
      worker->next = n + 1;
      if (!g_str_equal (words[2], "-"))
        g_hash_table_insert (worker->cross, g_strdup (words[2]), GUINT_TO_POINTER (n));
      worker->idle = -1;
    }
  else if (g_str_equal (words[0], "state"))
    {
      worker->syncing = g_str_equal (words[1], "syncing");
      worker->pending = g_ascii_strtoll (words[2], NULL, 10);
      worker->idle = -1;
    }
  else if (g_str_equal (words[0], "idle"))
    worker->idle = g_ascii_strtoll (words[1], NULL, 10);
  else if (g_str_equal (words[0], "ready"))
    {
      worker->next = (guint) g_ascii_strtoull (words[1], NULL, 10);
      g_assert_cmpuint (worker->next, >=, worker->committed + 1);
      /* A batch committed just before a kill, never reported, is there. */
      g_assert_cmpuint (worker->next, <=, worker->committed + 2);
      worker->committed = worker->next - 1;
      g_free (worker->device);
      worker->device = g_strdup (words[2]);
    }
  else if (g_str_equal (words[0], "error"))
    g_error ("worker %s: %s", worker->prefix, line);
}

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Worker *worker = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source),
                                                                result, NULL, &error);

  if (line == NULL)
    {
      worker->eof = TRUE;
      return;
    }
  handle_line (worker, line);
  g_data_input_stream_read_line_async (worker->out, G_PRIORITY_DEFAULT, NULL, line_read_cb,
                                       worker);
}

/* Starts `worker` to make `batches` more batches (0: only sync). */
static void
worker_start (Kill   *kill,
              Worker *worker,
              guint   batches)
{
  const char *helper = g_getenv ("DOSSIER_TEST_HELPER");
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *input = NULL;
  g_autoptr(GString) hex = g_string_new (NULL);
  const guint8 *key = g_bytes_get_data (worker->key, NULL);

  g_assert_nonnull (helper);
  g_assert_null (worker->process);
  worker->target = worker->committed + batches;
  target = g_strdup_printf ("%u", worker->target);
  worker->process = spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                           &error, helper, worker->path, kill->server.url, worker->user,
                           worker->prefix, worker->other, target, PAUSE_MS, NULL);
  g_assert_no_error (error);
  /* The key and the password go through a pipe, never the command line. */
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", key[i]);
  input = g_strdup_printf ("%s\n%s\n", hex->str, PASSWORD);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (worker->process), input, strlen (input),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (worker->process), NULL, &error);
  g_assert_no_error (error);
  worker->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (worker->process));
  worker->eof = FALSE;
  worker->syncing = FALSE;
  worker->idle = -1;
  worker->starts++;
  g_data_input_stream_read_line_async (worker->out, G_PRIORITY_DEFAULT, NULL, line_read_cb, worker);
}

static gboolean
worker_at_eof (Kill     *kill,
               gpointer  data)
{
  return ((Worker *) data)->eof;
}

/* Ends the worker (SIGKILL or SIGTERM) and reads what it said before it died. */
static void
worker_end (Kill   *kill,
            Worker *worker,
            int     signal_number)
{
  g_autoptr(GError) error = NULL;

  if (worker->process == NULL)
    return;
  g_subprocess_send_signal (worker->process, signal_number);
  g_subprocess_wait (worker->process, NULL, &error);
  g_assert_no_error (error);
  if (signal_number == SIGKILL)
    {
      g_assert_true (g_subprocess_get_if_signaled (worker->process));
      g_assert_cmpint (g_subprocess_get_term_sig (worker->process), ==, SIGKILL);
    }
  else
    g_assert_true (g_subprocess_get_successful (worker->process));
  g_assert_true (run_until (kill, worker_at_eof, worker, 10000));
  g_clear_object (&worker->out);
  g_clear_object (&worker->process);
}

static gboolean
worker_syncing (Kill     *kill,
                gpointer  data)
{
  Worker *worker = data;
  return worker->process != NULL && worker->syncing;
}

static gboolean
any_syncing (Kill     *kill,
             gpointer  data)
{
  return worker_syncing (kill, &kill->workers[0]) || worker_syncing (kill, &kill->workers[1]);
}

/* The server ------------------------------------------------------------------- */

/* Starts the server on its port (the clients know only that address); a
 * port just freed by a killed server may take a moment to bind again. */
static void
server_up (Kill *kill)
{
  const char *bin = g_getenv ("DOSSIER_SERVER_BIN");

  if (kill->server_up)
    return;
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autofree char *line = NULL;
      g_autofree char *listen = NULL;

      /* Until the clients know an address, any free port will do. */
      if (kill->server.url == NULL)
        kill->server.port = g_test_rand_int_range (20000, 60000);
      listen = g_strdup_printf ("--listen=127.0.0.1:%u", kill->server.port);

      kill->server.process = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, bin, listen,
                                    kill->server.store, NULL);
      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (kill->server.process));
      line = g_data_input_stream_read_line (out, NULL, NULL, NULL);
      if (line != NULL && g_str_has_prefix (line, "Listening on "))
        {
          kill->server_up = TRUE;
          if (kill->server.url == NULL)
            kill->server.url = g_strdup_printf ("http://127.0.0.1:%u", kill->server.port);
          return;
        }
      g_subprocess_wait (kill->server.process, NULL, NULL);
      g_clear_object (&kill->server.process);
      g_usleep (100 * 1000);
    }
  g_error ("the server did not start again on port %u", kill->server.port);
}

static void
server_kill (Kill *kill)
{
  g_subprocess_send_signal (kill->server.process, SIGKILL);
  g_subprocess_wait (kill->server.process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (kill->server.process));
  g_clear_object (&kill->server.process);
  kill->server_up = FALSE;
}

/* The observer ------------------------------------------------------------------- */

/* Reads the log from where it stopped to its end. */
static void
observe (Kill *kill)
{
  gboolean more = TRUE;

  g_main_context_push_thread_default (kill->observer_context);
  while (more)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierPullPage) page = dossier_sync_client_pull (kill->observer, kill->observed,
                                                                  5000, 0, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->changes->len; i++)
        {
          DossierChange *change = page->changes->pdata[i];
          const char *colon = strrchr (change->change_id, ':');
          g_autofree char *device = g_strndup (change->change_id, colon - change->change_id);
          GHashTable *counters = g_hash_table_lookup (kill->counters, device);

          g_assert_cmpint (change->server_seq, >, kill->observed);
          kill->observed = change->server_seq;
          /* A change id is in the log once. */
          g_assert_true (g_hash_table_insert (kill->log_ids, g_strdup (change->change_id),
                                              GINT_TO_POINTER (1)));
          g_assert_cmpstr (device, ==, change->device);
          if (counters == NULL)
            {
              counters = g_hash_table_new (NULL, NULL);
              g_hash_table_insert (kill->counters, g_strdup (device), counters);
            }
          g_assert_true (g_hash_table_add (counters, GSIZE_TO_POINTER (
                                             g_ascii_strtoull (colon + 1, NULL, 10))));
        }
      g_assert_cmpint (page->next, >=, kill->observed);
      kill->observed = page->next;
      more = page->more;
    }
  g_main_context_pop_thread_default (kill->observer_context);
}

static gboolean
quiet (Kill     *kill,
       gpointer  data)
{
  Worker *a = &kill->workers[0], *b = &kill->workers[1];

  if (a->idle < 0 || b->idle < 0 || a->next <= a->target || b->next <= b->target)
    return FALSE;
  observe (kill);
  return a->idle == kill->observed && b->idle == kill->observed;
}

/* Setting up --------------------------------------------------------------------- */

static guint32
pick_seed (void)
{
  const char *forced = g_getenv ("DOSSIER_KILL_SEED");
  guint32 seed = forced ? (guint32) g_ascii_strtoull (forced, NULL, 10)
                        : (guint32) g_test_rand_int ();

  g_test_message ("seed %u (replay with DOSSIER_KILL_SEED=%u)", seed, seed);
  g_printerr ("test-sync-kill: seed %u\n", seed);
  return seed;
}

static void
kill_set_up (Kill          *kill,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *office = NULL;
  static const char *users[] = { "li.na", "wang.wei", "observer" };

  kill->rand = g_rand_new_with_seed (pick_seed ());
  kill->server.dir = g_dir_make_tmp ("dossier-kill-XXXXXX", &error);
  g_assert_no_error (error);
  spec = cluster ? pg_cluster_new_database (cluster)
                 : g_strdup_printf ("sqlite:%s/server.db", kill->server.dir);
  kill->server.store = g_strconcat ("--store=", spec, NULL);
  server_up (kill);

  office = server_admin (&kill->server, NULL, "add-office", "Beijing", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_free (server_admin (&kill->server, PASSWORD, "add-user", users[i], NULL));
      g_free (server_admin (&kill->server, NULL, "add-member", users[i], "Beijing", NULL));
    }

  for (guint i = 0; i < 2; i++)
    {
      Worker *worker = &kill->workers[i];

      worker->user = users[i];
      worker->prefix = i == 0 ? "A" : "B";
      worker->other = i == 0 ? "B" : "A";
      worker->path = g_strdup_printf ("%s/replica-%s.db", kill->server.dir, worker->prefix);
      worker->key = fixture_random_key ();
      worker->cross = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      worker->next = 1;
      worker->idle = -1;
    }

  kill->observer_context = g_main_context_new ();
  g_main_context_push_thread_default (kill->observer_context);
  kill->observer = dossier_sync_client_new (kill->server.url);
  json_object_unref (dossier_sync_client_login (kill->observer, "observer", PASSWORD,
                                                "observer-device", NULL, &error));
  g_assert_no_error (error);
  g_main_context_pop_thread_default (kill->observer_context);
  kill->log_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kill->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_hash_table_unref);
}

static void
kill_tear_down (Kill          *kill,
                gconstpointer  data)
{
  for (guint i = 0; i < 2; i++)
    {
      Worker *worker = &kill->workers[i];

      worker_end (kill, worker, SIGKILL);
      g_free (worker->path);
      g_free (worker->device);
      g_bytes_unref (worker->key);
      g_hash_table_unref (worker->cross);
    }
  g_main_context_push_thread_default (kill->observer_context);
  dossier_sync_client_free (kill->observer);
  g_main_context_pop_thread_default (kill->observer_context);
  g_main_context_unref (kill->observer_context);
  g_hash_table_unref (kill->log_ids);
  g_hash_table_unref (kill->counters);
  g_rand_free (kill->rand);
  server_tear_down (&kill->server);
}

/* The rounds --------------------------------------------------------------------- */

/* Kills `worker` a random moment into its next sync cycle; notes what it was doing. */
static void
kill_worker_in_cycle (Kill   *kill,
                      Worker *worker)
{
  gboolean in_cycle = run_until (kill, worker_syncing, worker, 5000);

  pause_ms (kill, g_rand_int_range (kill->rand, 0, 120));
  /* Its last words tell where the kill landed. */
  worker_end (kill, worker, SIGKILL);
  if (!in_cycle || !worker->syncing)
    kill->kills_idle++;
  else if (worker->pending > 0)
    kill->kills_push++;
  else
    kill->kills_pull++;
}

static void
kill_server_in_cycle (Kill *kill)
{
  run_until (kill, any_syncing, NULL, 5000);
  pause_ms (kill, g_rand_int_range (kill->rand, 0, 120));
  if (any_syncing (kill, NULL))
    kill->kills_server_busy++;
  else
    kill->kills_server_quiet++;
  server_kill (kill);
}

static void
run_round (Kill  *kill,
           guint  round)
{
  Worker *victim = &kill->workers[g_rand_int_range (kill->rand, 0, 2)];
  guint event = g_rand_int_range (kill->rand, 0, 6);

  server_up (kill);
  for (guint i = 0; i < 2; i++)
    if (kill->workers[i].process == NULL)
      worker_start (kill, &kill->workers[i], BATCHES_PER_RUN);
  pause_ms (kill, g_rand_int_range (kill->rand, 0, 600));

  switch (event)
    {
    case 0: case 1: case 2:
      kill_worker_in_cycle (kill, victim);
      break;
    case 3: case 4:
      kill_server_in_cycle (kill);
      /* The clients find it gone for a while, and go on editing offline. */
      pause_ms (kill, g_rand_int_range (kill->rand, 100, 800));
      break;
    default:
      run_until (kill, any_syncing, NULL, 5000);
      pause_ms (kill, g_rand_int_range (kill->rand, 0, 120));
      worker_end (kill, &kill->workers[0], SIGKILL);
      worker_end (kill, &kill->workers[1], SIGKILL);
      server_kill (kill);
      kill->kills_idle++;
      break;
    }
  g_test_message ("round %u: event %u; A at %u, B at %u", round, event,
                  kill->workers[0].committed, kill->workers[1].committed);
}

/* Checking ----------------------------------------------------------------------- */

static gint64
device_counter (Worker *worker)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) literal = g_string_new ("x'");
  const guint8 *key = g_bytes_get_data (worker->key, NULL);
  gint64 counter;

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (literal, "%02x", key[i]);
  g_string_append_c (literal, '\'');
  g_assert_cmpint (sqlite3_open_v2 (worker->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_key (db, literal->str, literal->len), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM replica_meta "
                                           "WHERE key = 'device_counter'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  counter = g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return counter;
}

/* Every counter 1..N of each worker's device is in the log once, and nothing else. */
static void
check_log (Kill *kill)
{
  guint total = 0;

  g_assert_cmpuint (g_hash_table_size (kill->counters), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      Worker *worker = &kill->workers[i];
      GHashTable *counters = g_hash_table_lookup (kill->counters, worker->device);
      gint64 last = device_counter (worker);

      g_assert_nonnull (counters);
      g_assert_cmpuint (g_hash_table_size (counters), ==, last);
      for (gint64 n = 1; n <= last; n++)
        g_assert_true (g_hash_table_contains (counters, GSIZE_TO_POINTER (n)));
      /* Both made progress: neither was left stuck by a kill. */
      g_assert_cmpuint (worker->committed, >, 0);
      total += last;
      g_test_message ("device %s: %" G_GINT64_FORMAT " changes", worker->prefix, last);
    }
  g_assert_cmpuint (g_hash_table_size (kill->log_ids), ==, total);
}

static void
check_server_file (Kill *kill)
{
  g_autofree char *path = g_build_filename (kill->server.dir, "server.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), count(DISTINCT change_id), max(seq) "
                                           "FROM changes", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, g_hash_table_size (kill->log_ids));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, g_hash_table_size (kill->log_ids));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, kill->observed);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static GHashTable *
records_by_id (DossierReplica *replica,
               const char     *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = dossier_replica_list_sync (replica, kind, NULL, NULL, NULL, 0, NULL,
                                                         &error);
  GHashTable *by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) json_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_assert_true (g_hash_table_insert (by_id, (gpointer) json_object_get_string_member (
                                          rows->pdata[i], "id"),
                                        json_object_ref (rows->pdata[i])));
  return by_id;
}

/* Both replicas hold the same records of `kind`, field for field. */
static void
check_same (DossierReplica *a,
            DossierReplica *b,
            const char     *kind)
{
  g_autoptr(GHashTable) on_a = records_by_id (a, kind);
  g_autoptr(GHashTable) on_b = records_by_id (b, kind);
  GHashTableIter iter;
  gpointer id, row;

  g_assert_cmpuint (g_hash_table_size (on_a), ==, g_hash_table_size (on_b));
  g_hash_table_iter_init (&iter, on_a);
  while (g_hash_table_iter_next (&iter, &id, &row))
    {
      JsonObject *other = g_hash_table_lookup (on_b, id);
      g_autoptr(JsonNode) mine = json_node_init_object (json_node_alloc (), row);
      g_autoptr(JsonNode) theirs = NULL;

      g_assert_nonnull (other);
      theirs = json_node_init_object (json_node_alloc (), other);
      if (!json_node_equal (mine, theirs))
        {
          g_autofree char *text_a = json_to_string (mine, FALSE);
          g_autofree char *text_b = json_to_string (theirs, FALSE);
          g_error ("%s %s differs:\n%s\n%s", kind, (const char *) id, text_a, text_b);
        }
    }
}

/* The batches of `owner` as `replica` holds them: each once, whole, edited. */
static void
check_batches (DossierReplica *replica,
               Worker         *owner,
               Worker         *other)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = dossier_replica_list_sync (replica, "case", NULL, NULL, NULL, 0,
                                                          NULL, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *prefix = g_strconcat (owner->prefix, "-", NULL);
  guint found = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *row = cases->pdata[i];
      const char *reference = json_object_get_string_member (row, "reference");
      const char *notes = json_object_get_string_member (row, "notes");
      const char *assignee = json_object_get_string_member_with_default (row, "assignee", NULL);
      guint n, last_cross;
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree char *edited = NULL;

      if (!g_str_has_prefix (reference, prefix))
        continue;
      n = (guint) g_ascii_strtoull (reference + strlen (prefix), NULL, 10);
      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, <=, owner->committed);
      g_assert_true (g_hash_table_add (seen, g_strdup (reference)));   /* no duplicate case */
      found++;

      /* The owner edited each case's notes in the next batch. */
      edited = g_strdup_printf ("edited in %u", n + 1);
      g_assert_cmpstr (notes, ==, n < owner->committed ? edited : "created");
      /* The other worker's last assignee edit of this case, or a later one. */
      last_cross = GPOINTER_TO_UINT (g_hash_table_lookup (other->cross, reference));
      if (last_cross > 0)
        {
          g_assert_nonnull (assignee);
          g_assert_true (g_str_has_prefix (assignee, other->prefix));
          g_assert_cmpuint (g_ascii_strtoull (assignee + strlen (other->prefix) + 1, NULL, 10),
                            >=, last_cross);
        }

      items = dossier_replica_list_sync (replica, "checklist_item", "case_id",
                                         json_object_get_string_member (row, "id"), NULL, 0, NULL,
                                         &error);
      g_assert_no_error (error);
      g_assert_cmpuint (items->len, ==, ITEMS_PER_CASE);
      for (guint j = 0; j < items->len; j++)
        {
          const char *title = json_object_get_string_member (items->pdata[j], "title");
          g_autofree char *want = g_strdup_printf ("%s/%" G_GINT64_FORMAT, reference,
                                                   json_object_get_int_member (items->pdata[j],
                                                                               "position"));
          g_assert_cmpstr (title, ==, want);
          g_assert_true (g_hash_table_add (titles, g_strdup (title)));
        }
    }
  /* Every batch, from the first to the last the owner made. */
  g_assert_cmpuint (found, ==, owner->committed);
}

static DossierReplica *
open_replica (Worker *worker,
              gint64  cursor)
{
  g_autoptr(GError) error = NULL;
  DossierReplica *replica = dossier_replica_open_sync (worker->path, worker->key, FALSE, NULL,
                                                       &error);
  g_autoptr(GPtrArray) conflicts = NULL;

  g_assert_no_error (error);
  g_assert_true (dossier_replica_check_integrity_sync (replica, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dossier_replica_count_outbox_sync (replica, NULL, NULL), ==, 0);
  g_assert_cmpint (dossier_replica_count_rejected_sync (replica, NULL, NULL), ==, 0);
  g_assert_cmpint (dossier_replica_get_cursor_sync (replica, NULL, NULL), ==, cursor);
  conflicts = dossier_replica_list_conflicts_sync (replica, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 0);
  return replica;
}

static void
check_replicas (Kill *kill)
{
  Worker *a = &kill->workers[0], *b = &kill->workers[1];
  g_autoptr(DossierReplica) on_a = open_replica (a, kill->observed);
  g_autoptr(DossierReplica) on_b = open_replica (b, kill->observed);

  check_batches (on_a, a, b);
  check_batches (on_a, b, a);
  check_batches (on_b, a, b);
  check_batches (on_b, b, a);
  check_same (on_a, on_b, "case");
  check_same (on_a, on_b, "checklist_item");
  dossier_replica_close (on_a);
  dossier_replica_close (on_b);
}

static void
test_sigkill (Kill          *kill,
              gconstpointer  data)
{
  const char *rounds_text = g_getenv ("DOSSIER_KILL_ROUNDS");
  guint rounds = rounds_text ? (guint) g_ascii_strtoull (rounds_text, NULL, 10) : DEFAULT_ROUNDS;
  gint64 start = g_get_monotonic_time ();

  for (guint round = 0; round < rounds; round++)
    run_round (kill, round);

  /* Everything up again, nothing new: let it sync until quiet. */
  server_up (kill);
  for (guint i = 0; i < 2; i++)
    if (kill->workers[i].process == NULL)
      worker_start (kill, &kill->workers[i], 0);
  if (!run_until (kill, quiet, NULL, 90000))
    g_error ("no quiet after the last kill: A idle at %" G_GINT64_FORMAT ", B at %" G_GINT64_FORMAT
             ", the server at %" G_GINT64_FORMAT, kill->workers[0].idle, kill->workers[1].idle,
             kill->observed);
  g_test_message ("quiet %.1f s after the start", (g_get_monotonic_time () - start) / 1e6);
  worker_end (kill, &kill->workers[0], SIGTERM);
  worker_end (kill, &kill->workers[1], SIGTERM);
  server_stop (&kill->server);
  kill->server_up = FALSE;

  g_test_message ("kills: %u mid-push, %u mid-pull, %u between cycles; server: %u mid-sync, "
                  "%u quiet; A made %u batches in %u runs, B %u in %u; the log holds %u changes",
                  kill->kills_push, kill->kills_pull, kill->kills_idle, kill->kills_server_busy,
                  kill->kills_server_quiet, kill->workers[0].committed, kill->workers[0].starts,
                  kill->workers[1].committed, kill->workers[1].starts,
                  g_hash_table_size (kill->log_ids));
  check_log (kill);
  if (cluster == NULL)
    check_server_file (kill);
  check_replicas (kill);
  /* The schedule is meant to land kills inside transfers; see that it did. */
  g_assert_cmpuint (kill->kills_push + kill->kills_pull + kill->kills_server_busy, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char *backend = g_getenv ("DOSSIER_TEST_BACKEND");

  g_test_init (&argc, &argv, NULL);
  if (g_strcmp0 (backend, "postgresql") == 0)
    cluster = pg_cluster_start (g_getenv ("DOSSIER_TEST_PG_BINDIR"));
  else
    g_assert_true (backend == NULL || g_str_equal (backend, "sqlite"));
  g_test_add ("/sync/kill/sigkill-clients-and-server", Kill, NULL, kill_set_up, test_sigkill,
              kill_tear_down);
  return g_test_run ();
}
