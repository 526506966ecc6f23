/* dossier-replica.c: the replica object, its worker thread, and opening the
 * encrypted file.  Record operations live in dossier-replica-records.c.
 *
 * The SQLCipher connection belongs to one worker thread (as Epiphany's history
 * service does it): callers queue jobs wrapped in GTasks and get their result
 * back on their own main context.  The worker holds only a reference to the
 * shared state, never to the GObject, so the object may be dropped anywhere,
 * even from a job's callback.
 */

#include "dossier-replica-private.h"
#include "dossier-migrations.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

#define APPLICATION_TAG "org.dossier.Dossier"
#define KEY_BYTES 32   /* SQLCipher's raw AES-256 key */

struct _DossierReplica
{
  GObject              parent_instance;
  DossierReplicaState *state;
  GThread             *worker;
  GAsyncQueue         *jobs;
  char                *path;
  char                *device_id;
};

typedef struct
{
  GTask                 *task;     /* NULL: stop the worker */
  DossierReplicaJobFunc  func;
} Job;

typedef struct
{
  GAsyncQueue         *jobs;
  DossierReplicaState *state;
} WorkerData;

G_DEFINE_TYPE (DossierReplica, dossier_replica, G_TYPE_OBJECT)
G_DEFINE_QUARK (dossier-replica-error-quark, dossier_replica_error)

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static DossierReplicaState *
state_new (const char *path)
{
  DossierReplicaState *state = g_new0 (DossierReplicaState, 1);

  g_atomic_ref_count_init (&state->ref_count);
  state->path = g_strdup (path);
  state->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             finalize_statement);
  state->clock = dossier_hlc_clock_new (DOSSIER_HLC_DEFAULT_MAX_SKEW_MS);
  g_mutex_init (&state->hook_lock);
  return state;
}

static void
state_close_db (DossierReplicaState *state)
{
  g_hash_table_remove_all (state->statements);
  if (state->db != NULL)
    sqlite3_close_v2 (state->db);
  state->db = NULL;
}

static void
state_unref (DossierReplicaState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref_count))
    return;
  state_close_db (state);
  g_hash_table_unref (state->statements);
  g_clear_pointer (&state->clock, dossier_hlc_clock_free);
  g_mutex_clear (&state->hook_lock);
  g_free (state->device_id);
  g_free (state->path);
  g_free (state);
}

/* The jobs that run inside a first sync's held transaction (see
 * dossier_replica_state_release_hold()): its pages, its own bookkeeping,
 * and reads of one number (the progress and counts shown meanwhile).
 * Any other job could write, or start a transaction of its own. */
static gboolean
job_keeps_hold (DossierReplicaJobFunc func)
{
  return func == dossier_replica_apply_job || func == dossier_replica_keep_scopes_job
         || func == dossier_replica_release_hold_job || func == dossier_replica_cursor_job
         || func == dossier_replica_scalar_job;
}

static gpointer
worker_main (gpointer data)
{
  WorkerData *worker = data;
  Job *job;

  while ((job = g_async_queue_pop (worker->jobs))->task != NULL)
    {
      if (worker->state->holding && !job_keeps_hold (job->func))
        dossier_replica_state_release_hold (worker->state, NULL);
      if (!g_task_return_error_if_cancelled (job->task))
        job->func (worker->state, job->task, g_task_get_task_data (job->task),
                   g_task_get_cancellable (job->task));
      /* Before any other job: none may see a search entry a save left stale. */
      dossier_replica_state_flush_search (worker->state);
      g_object_unref (job->task);
      g_free (job);
    }
  g_free (job);

  dossier_replica_state_release_hold (worker->state, NULL);
  state_close_db (worker->state);
  state_unref (worker->state);
  g_async_queue_unref (worker->jobs);
  g_free (worker);
  return NULL;
}

void
dossier_replica_queue_job (DossierReplica        *self,
                           GTask                 *task,
                           DossierReplicaJobFunc  func)
{
  Job *job;

  if (self->worker == NULL)
    {
      g_task_return_new_error (task, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_CLOSED,
                               "The replica is closed");
      return;
    }
  job = g_new0 (Job, 1);
  job->task = g_object_ref (task);
  job->func = func;
  g_async_queue_push (self->jobs, job);
}

/**
 * dossier_replica_close:
 *
 * Finishes the queued jobs, then closes the database.  Returns once the file
 * is closed, unless called from one of the replica's own callbacks on the
 * worker, where it only asks the worker to stop.
 */
void
dossier_replica_close (DossierReplica *self)
{
  GThread *worker;

  g_return_if_fail (DOSSIER_IS_REPLICA (self));

  if ((worker = g_steal_pointer (&self->worker)) == NULL)
    return;
  g_async_queue_push (self->jobs, g_new0 (Job, 1));
  if (worker != g_thread_self ())
    g_thread_join (worker);
  else
    g_thread_unref (worker);
}

static void
dossier_replica_dispose (GObject *object)
{
  dossier_replica_close (DOSSIER_REPLICA (object));
  G_OBJECT_CLASS (dossier_replica_parent_class)->dispose (object);
}

static void
dossier_replica_finalize (GObject *object)
{
  DossierReplica *self = DOSSIER_REPLICA (object);

  g_clear_pointer (&self->state, state_unref);
  g_clear_pointer (&self->jobs, g_async_queue_unref);
  g_free (self->path);
  g_free (self->device_id);
  G_OBJECT_CLASS (dossier_replica_parent_class)->finalize (object);
}

static void
dossier_replica_class_init (DossierReplicaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dossier_replica_dispose;
  object_class->finalize = dossier_replica_finalize;
}

static void
dossier_replica_init (DossierReplica *self)
{
}

static DossierReplica *
replica_new (const char *path)
{
  DossierReplica *self = g_object_new (DOSSIER_TYPE_REPLICA, NULL);
  WorkerData *worker = g_new0 (WorkerData, 1);

  self->path = g_strdup (path);
  self->state = state_new (path);
  self->jobs = g_async_queue_new ();
  worker->jobs = g_async_queue_ref (self->jobs);
  worker->state = self->state;
  g_atomic_ref_count_inc (&self->state->ref_count);
  self->worker = g_thread_new ("dossier-replica", worker_main, worker);
  return self;
}

void
dossier_replica_set_local_change_hook (DossierReplica *self,
                                       GFunc           hook,
                                       gpointer        user_data)
{
  g_return_if_fail (DOSSIER_IS_REPLICA (self));

  g_mutex_lock (&self->state->hook_lock);
  self->state->change_hook = hook;
  self->state->change_hook_data = user_data;
  g_mutex_unlock (&self->state->hook_lock);
}

void
dossier_replica_state_notify_local_change (DossierReplicaState *state)
{
  g_mutex_lock (&state->hook_lock);
  if (state->change_hook != NULL)
    state->change_hook (state, state->change_hook_data);
  g_mutex_unlock (&state->hook_lock);
}

const char *
dossier_replica_get_path (DossierReplica *self)
{
  g_return_val_if_fail (DOSSIER_IS_REPLICA (self), NULL);
  return self->path;
}

/**
 * dossier_replica_get_device_id:
 *
 * Returns: (transfer none): this replica's device id, a UUID made when it was created
 */
const char *
dossier_replica_get_device_id (DossierReplica *self)
{
  g_return_val_if_fail (DOSSIER_IS_REPLICA (self), NULL);
  return self->device_id;
}

/**
 * dossier_replica_set_wall_clock:
 * @wall_clock: (nullable): the time source, or %NULL for the real time
 *
 * The clock keeps its own lock, so this may be called from any thread; a
 * clock already ahead of the new time source stays ahead (it never goes back).
 */
void
dossier_replica_set_wall_clock (DossierReplica      *self,
                                DossierHlcWallClock  wall_clock,
                                gpointer             user_data)
{
  g_return_if_fail (DOSSIER_IS_REPLICA (self));

  dossier_hlc_clock_set_wall_clock (self->state->clock, wall_clock, user_data);
}

/* SQLite helpers -------------------------------------------------------- */

void
dossier_replica_set_sqlite_error (GError    **error,
                                  sqlite3    *db,
                                  const char *what)
{
  int code = db ? sqlite3_errcode (db) : SQLITE_ERROR;
  int domain_code = DOSSIER_REPLICA_ERROR_FAILED;

  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    domain_code = DOSSIER_REPLICA_ERROR_CORRUPT;
  g_set_error (error, DOSSIER_REPLICA_ERROR, domain_code, "%s: %s", what,
               db ? sqlite3_errmsg (db) : "no database");
}

/* Statements are prepared once per connection and reset before reuse. */
sqlite3_stmt *
dossier_replica_state_prepare (DossierReplicaState *state,
                               const char          *sql,
                               GError             **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (state->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (state->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      dossier_replica_set_sqlite_error (error, state->db, "Preparing a statement");
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (state->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
dossier_replica_state_exec (DossierReplicaState *state,
                            const char          *sql,
                            GError             **error)
{
  if (sqlite3_exec (state->db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  dossier_replica_set_sqlite_error (error, state->db, sql);
  return FALSE;
}

gboolean
dossier_replica_state_begin (DossierReplicaState *state,
                             GError             **error)
{
  return dossier_replica_state_exec (state, "BEGIN IMMEDIATE", error);
}

gboolean
dossier_replica_state_commit (DossierReplicaState *state,
                              GError             **error)
{
  if (dossier_replica_state_exec (state, "COMMIT", error))
    return TRUE;
  dossier_replica_state_rollback (state);
  return FALSE;
}

void
dossier_replica_state_rollback (DossierReplicaState *state)
{
  if (!sqlite3_get_autocommit (state->db))
    sqlite3_exec (state->db, "ROLLBACK", NULL, NULL, NULL);
  state->holding = FALSE;
}

/* Commits the transaction a first sync left open, with the pages and the
 * cursor it holds.  Should that fail, it is rolled back: the cursor goes
 * back with the pages, which the next pull brings again. */
gboolean
dossier_replica_state_release_hold (DossierReplicaState  *state,
                                    GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (!state->holding)
    return TRUE;
  state->holding = FALSE;
  ok = dossier_replica_state_commit (state, &local_error);
  dossier_replica_state_exec (state, "PRAGMA cache_size = " DOSSIER_REPLICA_CACHE_SIZE, NULL);
  if (!ok)
    {
      g_warning ("A first sync's pages were not stored, and will be pulled again: %s",
                 local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

/* Synchronous wrappers -------------------------------------------------- */

void
dossier_sync_wait_begin (DossierSyncWait *wait)
{
  wait->context = g_main_context_new ();
  wait->result = NULL;
  g_main_context_push_thread_default (wait->context);
}

void
dossier_sync_wait_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DossierSyncWait *wait = user_data;
  wait->result = g_object_ref (result);
}

/* Returns: (transfer full): the result, once the call has finished */
GAsyncResult *
dossier_sync_wait_end (DossierSyncWait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (wait->context, TRUE);
  g_main_context_pop_thread_default (wait->context);
  g_main_context_unref (wait->context);
  return wait->result;
}

/**
 * dossier_replica_run_job_sync:
 * @task_data: (transfer full): handed to @func, freed with @destroy
 *
 * Queues @func and waits for it on a private main context.
 *
 * Returns: (transfer full): the finished task
 */
GAsyncResult *
dossier_replica_run_job_sync (DossierReplica        *self,
                              DossierReplicaJobFunc  func,
                              gpointer               task_data,
                              GDestroyNotify         destroy,
                              GCancellable          *cancellable)
{
  DossierSyncWait wait;
  g_autoptr(GTask) task = NULL;

  dossier_sync_wait_begin (&wait);
  task = g_task_new (self, cancellable, dossier_sync_wait_cb, &wait);
  g_task_set_task_data (task, task_data, destroy);
  dossier_replica_queue_job (self, task, func);
  g_clear_object (&task);
  return dossier_sync_wait_end (&wait);
}

/* Opening --------------------------------------------------------------- */

typedef struct
{
  GBytes   *key;
  gboolean  create;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_bytes_unref (data->key);
  g_free (data);
}

/* A plain SQLite file starts with this header; an encrypted one looks random. */
static gboolean
file_is_plain_sqlite (const char *path)
{
  static const char header[16] = "SQLite format 3";
  char buffer[16] = { 0 };
  FILE *file = fopen (path, "rb");
  size_t n;

  if (file == NULL)
    return FALSE;
  n = fread (buffer, 1, sizeof buffer, file);
  fclose (file);
  return n == sizeof buffer && memcmp (buffer, header, sizeof header) == 0;
}

static gboolean
apply_key (sqlite3  *db,
           GBytes   *key,
           GError  **error)
{
  gsize size;
  const guint8 *bytes = g_bytes_get_data (key, &size);
  char literal[3 + 2 * KEY_BYTES + 2];
  gboolean ok;

  if (size != KEY_BYTES)
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_WRONG_KEY,
                   "A replica key must be %d bytes long", KEY_BYTES);
      return FALSE;
    }
  /* The x'…' form hands SQLCipher a raw 256-bit key: no passphrase derivation. */
  literal[0] = 'x';
  literal[1] = '\'';
  for (gsize i = 0; i < size; i++)
    g_snprintf (literal + 2 + 2 * i, 3, "%02x", bytes[i]);
  literal[2 + 2 * size] = '\'';
  literal[3 + 2 * size] = '\0';
  ok = sqlite3_key (db, literal, strlen (literal)) == SQLITE_OK;
  memset (literal, 0, sizeof literal);
  if (!ok)
    dossier_replica_set_sqlite_error (error, db, "Setting the replica key");
  return ok;
}

/* Reading the schema is the first real decryption: a wrong key or a file that
 * is not a database fails here, before anything has been written. */
static gboolean
check_readable (sqlite3    *db,
                const char *path,
                gboolean   *out_empty,
                GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_empty = sqlite3_column_int (stmt, 0) == 0;
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc == SQLITE_NOTADB)
    g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_WRONG_KEY,
                 "The replica “%s” cannot be decrypted with the key in your keyring: the key "
                 "is not the one it was made with, or the file is damaged or not a Dossier replica. "
                 "The file was left untouched.", path);
  else
    g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_CORRUPT,
                 "The replica “%s” is damaged (%s). The file was left untouched.",
                 path, sqlite3_errstr (rc));
  return FALSE;
}

static char *
meta_get (DossierReplicaState *state,
          const char          *key)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (
    state, "SELECT value FROM replica_meta WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gboolean
init_identity (DossierReplicaState *state,
               GError             **error)
{
  g_autofree char *device = NULL;
  g_autofree char *last_hlc = NULL;
  DossierHlc seen = 0;

  if ((device = meta_get (state, "device_id")) == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO replica_meta (key, value) VALUES ('application', '" APPLICATION_TAG "'), "
        "('device_id', '%s'), ('device_counter', '0'), ('last_hlc', '0'), "
        "('created_at', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'))", uuid);
      if (!dossier_replica_state_exec (state, sql, error))
        return FALSE;
      device = g_steal_pointer (&uuid);
    }
  last_hlc = meta_get (state, "last_hlc");
  state->device_id = g_steal_pointer (&device);
  state->counter = dossier_replica_state_stored_counter (state);
  /* Clocks stay monotonic across restarts, even if the wall clock went back. */
  seen = last_hlc ? g_ascii_strtoull (last_hlc, NULL, 10) : 0;
  dossier_hlc_clock_observe (state->clock, seen);
  return TRUE;
}

/* Client files are confidential even encrypted: the replica is made readable
 * by its owner only, before SQLite writes to it (its -wal and -shm files take
 * the same mode). */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_IO,
                   "Cannot create the replica “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* A Dossier replica names itself in replica_meta and is not newer than us. */
static gboolean
check_identity (sqlite3     *db,
                const char  *path,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ours = FALSE;
  int version = dossier_migrations_current (db);

  if (sqlite3_prepare_v2 (db, "SELECT value FROM replica_meta WHERE key = 'application'", -1,
                          &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    ours = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), APPLICATION_TAG) == 0;
  sqlite3_finalize (stmt);
  if (!ours)
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_FOREIGN,
                   "“%s” is an encrypted database, but not a Dossier replica. "
                   "The file was left untouched.", path);
      return FALSE;
    }
  if (version > (int) dossier_migrations_count (DOSSIER_REPLICA_MIGRATIONS))
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_TOO_NEW,
                   "“%s” was written by a newer version of Dossier (schema %d). "
                   "The file was left untouched.", path, version);
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_wal (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf buf;

  return g_stat (wal, &buf) == 0 && buf.st_size > 0;
}

/* Every check of an existing file runs on a read-only connection that never
 * checkpoints: SQLite then never writes the file, not even to fold a leftover
 * WAL into it when a refused connection closes.  Without a WAL the connection
 * is also immutable (no lock, no -shm file beside a foreign file).  With one
 * it must read the WAL: after a crash in the middle of a checkpoint, the main
 * file alone holds half-copied pages, and only file and WAL together are the
 * database; reading the file alone would call a sound replica damaged. */
static gboolean
probe_existing (const char  *path,
                GBytes      *key,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *file_uri = g_file_get_uri (file);
  g_autofree char *uri = has_wal (path) ? g_steal_pointer (&file_uri)
                                        : g_strconcat (file_uri, "?immutable=1", NULL);
  sqlite3 *db = NULL;
  gboolean empty = TRUE;
  gboolean ok;

  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      dossier_replica_set_sqlite_error (error, db, "Opening the replica");
      sqlite3_close_v2 (db);
      return FALSE;
    }
  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  ok = apply_key (db, key, error) && check_readable (db, path, &empty, error)
       && (empty || check_identity (db, path, error));
  sqlite3_close_v2 (db);
  return ok;
}

static gboolean
open_database (DossierReplicaState *state,
               GBytes              *key,
               gboolean             create,
               GError             **error)
{
  gboolean exists = g_file_test (state->path, G_FILE_TEST_EXISTS);
  gboolean empty = TRUE;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);

  if (!exists && !create)
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND,
                   "There is no replica at “%s”", state->path);
      return FALSE;
    }
  if (exists && file_is_plain_sqlite (state->path))
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_UNENCRYPTED,
                   "“%s” is an unencrypted SQLite database, not a Dossier replica. "
                   "The file was left untouched.", state->path);
      return FALSE;
    }
  if (exists && !probe_existing (state->path, key, error))
    return FALSE;
  if (!exists && !create_private_file (state->path, error))
    return FALSE;
  if (sqlite3_open_v2 (state->path, &state->db, flags, NULL) != SQLITE_OK)
    {
      dossier_replica_set_sqlite_error (error, state->db, "Opening the replica");
      return FALSE;
    }
  if (!apply_key (state->db, key, error) || !check_readable (state->db, state->path, &empty, error)
      || (!empty && !check_identity (state->db, state->path, error)))
    return FALSE;
  sqlite3_busy_timeout (state->db, 5000);
  /* FULL makes every commit durable on disk, not only against a crash. */
  return dossier_replica_state_exec (state, "PRAGMA journal_mode = WAL; "
                                            "PRAGMA synchronous = FULL; "
                                            "PRAGMA cache_size = -32768; "
                                            "PRAGMA temp_store = MEMORY", error)
         && dossier_migrations_apply (state->db, DOSSIER_REPLICA_MIGRATIONS, 0, error)
         && init_identity (state, error);
}

static void
open_job (DossierReplicaState *state,
          GTask               *task,
          gpointer             task_data,
          GCancellable        *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;

  if (!open_database (state, data->key, data->create, &error))
    {
      state_close_db (state);
      g_task_return_error (task, error);
      return;
    }
  /* Search entries a crash left stale are rewritten before the next job. */
  state->search_stale = TRUE;
  g_task_return_pointer (task, g_strdup (state->device_id), g_free);
}

/**
 * dossier_replica_open_async:
 * @path: the replica file
 * @key: 32 raw bytes, from the keyring
 * @create: whether to create the file when it does not exist
 *
 * Opens (and migrates) the replica on a worker thread of its own.  A wrong key,
 * a plain SQLite file, another database or a damaged one is refused with a
 * #DossierReplicaError and the file is left as it was.
 */
void
dossier_replica_open_async (const char          *path,
                            GBytes              *key,
                            gboolean             create,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(DossierReplica) self = NULL;
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (key != NULL);

  self = replica_new (path);
  data = g_new0 (OpenData, 1);
  data->key = g_bytes_ref (key);
  data->create = create;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_replica_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  dossier_replica_queue_job (self, task, open_job);
}

/**
 * dossier_replica_open_finish:
 *
 * Returns: (transfer full) (nullable): the open replica, or NULL with @error set
 */
DossierReplica *
dossier_replica_open_finish (GAsyncResult  *result,
                             GError       **error)
{
  DossierReplica *self = DOSSIER_REPLICA (g_async_result_get_source_object (result));
  g_autofree char *device_id = g_task_propagate_pointer (G_TASK (result), error);

  /* get_source_object returned a new reference, ours to keep or drop. */
  if (device_id == NULL)
    {
      dossier_replica_close (self);
      g_object_unref (self);
      return NULL;
    }
  self->device_id = g_steal_pointer (&device_id);
  return self;
}

/**
 * dossier_replica_open_sync:
 *
 * Returns: (transfer full) (nullable): as dossier_replica_open_finish()
 */
DossierReplica *
dossier_replica_open_sync (const char    *path,
                           GBytes        *key,
                           gboolean       create,
                           GCancellable  *cancellable,
                           GError       **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_replica_open_async (path, key, create, cancellable, dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_replica_open_finish (result, error);
}
