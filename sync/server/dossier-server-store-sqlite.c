/* dossier-server-store-sqlite.c: the server store in one SQLite file.
 *
 * SQLCipher is the only SQLite in the process, used without a key: the file
 * is plain SQLite in WAL mode.  One writer connection, behind a mutex, runs
 * every write in a BEGIN IMMEDIATE transaction (so sequence numbers are
 * handed out in commit order); readers take a connection of their own from
 * a small pool and read in a transaction, one consistent snapshot each.
 */

#include "dossier-server-store-sqlite-private.h"
#include "dossier-server-schema-resources.h"

#include "dossier-migrations.h"

#include <errno.h>
#include <string.h>

#define STORE_APPLICATION_ID 1148146550   /* "DoSv", set by schema/server/001-server.sql */
#define MAX_READERS    8
#define BUSY_TIMEOUT_MS 10000
/* Tokens expired this long ago are forgotten; until then they say "expired". */
#define EXPIRED_TOKEN_KEEP (90 * 24 * 3600)

static void store_iface_init (DossierServerStoreInterface *iface);

G_DEFINE_TYPE_WITH_CODE (DossierServerStoreSqlite, dossier_server_store_sqlite, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (DOSSIER_TYPE_SERVER_STORE, store_iface_init))

gboolean
dossier_sqlite_error (DossierSqliteConn  *conn,
                      const char         *what,
                      GError            **error)
{
  g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FAILED, "%s: %s",
               what, sqlite3_errmsg (conn->db));
  return FALSE;
}

void
dossier_sqlite_connection_free (DossierSqliteConn *conn)
{
  if (conn == NULL)
    return;
  g_clear_pointer (&conn->statements, g_hash_table_unref);
  sqlite3_close_v2 (conn->db);
  g_free (conn);
}

gboolean
dossier_sqlite_exec (DossierSqliteConn  *conn,
                     const char         *sql,
                     GError            **error)
{
  if (sqlite3_exec (conn->db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  return dossier_sqlite_error (conn, sql, error);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

DossierSqliteConn *
dossier_sqlite_connection_open (const char  *path,
                                GError     **error)
{
  g_autoptr(DossierSqliteConn) conn = g_new0 (DossierSqliteConn, 1);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc;

  conn->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
  if (sqlite3_open_v2 (path, &conn->db, flags, NULL) != SQLITE_OK)
    {
      dossier_sqlite_error (conn, "Opening the server store", error);
      return NULL;
    }
  sqlite3_busy_timeout (conn->db, BUSY_TIMEOUT_MS);
  /* FULL: a push is acknowledged only once it would survive a power cut;
   * the client drops its outbox entries on that acknowledgement. */
  rc = sqlite3_exec (conn->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", NULL, NULL,
                     NULL);
  if (rc == SQLITE_NOTADB)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FOREIGN,
                   "%s is not a Dossier server store (not a plain SQLite file: an encrypted "
                   "replica?); it was left untouched", path);
      return NULL;
    }
  if (rc != SQLITE_OK)
    {
      dossier_sqlite_error (conn, "Opening the server store", error);
      return NULL;
    }
  return g_steal_pointer (&conn);
}

/* A cached statement, reset and unbound.  `sql` must be a string literal. */
sqlite3_stmt *
dossier_sqlite_prepare (DossierSqliteConn  *conn,
                        const char         *sql,
                        GError            **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      dossier_sqlite_error (conn, "Preparing a query", error);
      return NULL;
    }
  g_hash_table_insert (conn->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
dossier_sqlite_step_done (DossierSqliteConn  *conn,
                          sqlite3_stmt       *stmt,
                          const char         *what,
                          GError            **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_EXISTS,
                   "%s: it exists already", what);
      return FALSE;
    }
  return dossier_sqlite_error (conn, what, error);
}

/* SQLITE_ROW: TRUE with *out_row; SQLITE_DONE: TRUE without; else an error. */
gboolean
dossier_sqlite_step_row (DossierSqliteConn  *conn,
                         sqlite3_stmt       *stmt,
                         gboolean           *out_row,
                         GError            **error)
{
  int rc = sqlite3_step (stmt);

  *out_row = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  return dossier_sqlite_error (conn, "Reading the server store", error);
}

char *
dossier_sqlite_column_text (sqlite3_stmt *stmt,
                            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* --- Connections ------------------------------------------------------ */

DossierSqliteConn *
dossier_sqlite_lock_writer (DossierServerStoreSqlite  *self,
                            GError                   **error)
{
  g_mutex_lock (&self->writer_lock);
  if (dossier_sqlite_exec (self->writer, "BEGIN IMMEDIATE", error))
    return self->writer;
  g_mutex_unlock (&self->writer_lock);
  return NULL;
}

/* Commits when `ok`, else rolls back; returns whether the commit happened. */
gboolean
dossier_sqlite_unlock_writer (DossierServerStoreSqlite  *self,
                              gboolean                   ok,
                              GError                   **error)
{
  if (ok)
    ok = dossier_sqlite_exec (self->writer, "COMMIT", error);
  if (!ok)
    sqlite3_exec (self->writer->db, "ROLLBACK", NULL, NULL, NULL);
  g_mutex_unlock (&self->writer_lock);
  return ok;
}

DossierSqliteConn *
dossier_sqlite_take_reader (DossierServerStoreSqlite  *self,
                            GError                   **error)
{
  DossierSqliteConn *conn = g_async_queue_try_pop (self->idle_readers);

  if (conn == NULL && g_atomic_int_add (&self->n_readers, 1) < MAX_READERS)
    {
      if ((conn = dossier_sqlite_connection_open (self->path, error)) == NULL)
        {
          g_atomic_int_add (&self->n_readers, -1);
          return NULL;
        }
    }
  else if (conn == NULL)
    {
      g_atomic_int_add (&self->n_readers, -1);
      conn = g_async_queue_pop (self->idle_readers);
    }
  if (dossier_sqlite_exec (conn, "BEGIN", error))
    return conn;
  g_async_queue_push (self->idle_readers, conn);
  return NULL;
}

void
dossier_sqlite_give_reader (DossierServerStoreSqlite *self,
                            DossierSqliteConn        *conn)
{
  sqlite3_exec (conn->db, "COMMIT", NULL, NULL, NULL);
  g_async_queue_push (self->idle_readers, conn);
}

/* --- Opening ------------------------------------------------------------ */

static gboolean
foreign_error (const char  *path,
               const char  *why,
               GError     **error)
{
  g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FOREIGN,
               "%s is not a Dossier server store (%s); it was left untouched", path, why);
  return FALSE;
}

static gboolean
query_int (DossierSqliteConn  *conn,
           const char         *sql,
           gint64             *out_value,
           GError            **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (conn->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return dossier_sqlite_error (conn, sql, error);
  rc = sqlite3_step (stmt);
  *out_value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || dossier_sqlite_error (conn, sql, error);
}

/* Refuses files that are someone else's before the migrations touch them. */
static gboolean
check_identity (DossierSqliteConn  *conn,
                const char         *path,
                GError            **error)
{
  gint64 tables, application_id;

  if (!query_int (conn, "SELECT count(*) FROM sqlite_master", &tables, error)
      || !query_int (conn, "PRAGMA application_id", &application_id, error))
    return FALSE;
  if (tables > 0 && application_id != STORE_APPLICATION_ID)
    return foreign_error (path, "another application's database", error);
  return TRUE;
}

static gboolean
migrate (DossierSqliteConn  *conn,
         const char         *path,
         GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  /* Referencing the resource links it (and its registering constructor)
   * out of the static library; see dossier-migrations.c. */
  (void) dossier_server_schema_get_resource ();
  if (!dossier_sqlite_exec (conn, "PRAGMA journal_mode = WAL", error))
    return FALSE;
  if (dossier_migrations_apply (conn->db, DOSSIER_SERVER_MIGRATIONS, 0, &local_error))
    return TRUE;
  g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FOREIGN,
               "Cannot prepare the server store %s: %s", path, local_error->message);
  return FALSE;
}

DossierServerStore *
dossier_server_store_sqlite_new (const char  *path,
                                 GError     **error)
{
  g_autoptr(DossierServerStoreSqlite) self = NULL;
  g_autoptr(DossierSqliteConn) writer = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FAILED,
                   "Cannot create the folder %s: %s", dir, g_strerror (errno));
      return NULL;
    }
  if ((writer = dossier_sqlite_connection_open (path, error)) == NULL || !check_identity (writer, path, error)
      || !migrate (writer, path, error))
    return NULL;

  self = g_object_new (DOSSIER_TYPE_SERVER_STORE_SQLITE, NULL);
  self->path = g_strdup (path);
  self->writer = g_steal_pointer (&writer);
  return DOSSIER_SERVER_STORE (g_steal_pointer (&self));
}

/* --- Users, offices, tokens ---------------------------------------------- */

static gboolean
sqlite_add_office (DossierServerStore  *store,
                   const char          *id,
                   const char          *name,
                   gint64               now,
                   GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn;
  sqlite3_stmt *stmt;
  g_autofree char *what = g_strdup_printf ("Adding the office “%s”", name);
  gboolean ok;

  if ((conn = dossier_sqlite_lock_writer (self, error)) == NULL)
    return FALSE;
  stmt = dossier_sqlite_prepare (conn, "INSERT INTO offices (id, name, created_at) VALUES (?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, now);
      ok = dossier_sqlite_step_done (conn, stmt, what, error);
    }
  return dossier_sqlite_unlock_writer (self, ok, error);
}

static gboolean
sqlite_add_user (DossierServerStore  *store,
                 const char          *id,
                 const char          *name,
                 const char          *password_hash,
                 gint64               now,
                 GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn;
  sqlite3_stmt *stmt;
  g_autofree char *what = g_strdup_printf ("Adding the user “%s”", name);
  gboolean ok;

  if ((conn = dossier_sqlite_lock_writer (self, error)) == NULL)
    return FALSE;
  stmt = dossier_sqlite_prepare (conn, "INSERT INTO users (id, name, password_hash, created_at) "
                        "VALUES (?, ?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, password_hash, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, now);
      ok = dossier_sqlite_step_done (conn, stmt, what, error);
    }
  return dossier_sqlite_unlock_writer (self, ok, error);
}

/* The id of the row whose `sql` (one text parameter, bound twice) matches. */
static char *
find_id (DossierSqliteConn  *conn,
         const char         *sql,
         const char         *key,
         const char         *what,
         GError            **error)
{
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, sql, error);
  gboolean row;
  char *id;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (!dossier_sqlite_step_row (conn, stmt, &row, error))
    return NULL;
  if (!row)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND,
                   "No %s “%s”", what, key);
      return NULL;
    }
  id = dossier_sqlite_column_text (stmt, 0);
  /* A statement left on its row keeps the writer's snapshot open after the
   * commit, and no checkpoint can pass it: the WAL then grows for as long
   * as the store stays open. */
  sqlite3_reset (stmt);
  return id;
}

static gboolean
write_membership (DossierSqliteConn  *conn,
                  const char         *user_name,
                  const char         *office,
                  gboolean            member,
                  GError            **error)
{
  g_autofree char *user_id = NULL;
  g_autofree char *office_id = NULL;
  sqlite3_stmt *stmt;

  if ((user_id = find_id (conn, "SELECT id FROM users WHERE name = ?1", user_name, "user named",
                          error)) == NULL
      || (office_id = find_id (conn, "SELECT id FROM offices WHERE id = ?1 OR name = ?1", office,
                               "office named", error)) == NULL)
    return FALSE;
  stmt = dossier_sqlite_prepare (conn, member
                  ? "INSERT OR IGNORE INTO memberships (user_id, office_id) VALUES (?, ?)"
                  : "DELETE FROM memberships WHERE user_id = ? AND office_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, office_id, -1, SQLITE_STATIC);
  if (!dossier_sqlite_step_done (conn, stmt, "Changing a membership", error))
    return FALSE;
  if (!member && sqlite3_changes (conn->db) == 0)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND,
                   "“%s” is not a member of “%s”", user_name, office);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_set_member (DossierServerStore  *store,
                   const char          *user_name,
                   const char          *office,
                   gboolean             member,
                   GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn;

  if ((conn = dossier_sqlite_lock_writer (self, error)) == NULL)
    return FALSE;
  return dossier_sqlite_unlock_writer (self, write_membership (conn, user_name, office, member, error), error);
}

/* Offices from rows of (id, name). */
static GPtrArray *
read_offices (DossierSqliteConn  *conn,
              sqlite3_stmt       *stmt,
              GError            **error)
{
  g_autoptr(GPtrArray) offices = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dossier_server_office_free);
  gboolean row = TRUE, ok = TRUE;

  while (ok && row)
    {
      DossierServerOffice *office;

      if (!(ok = dossier_sqlite_step_row (conn, stmt, &row, error)) || !row)
        break;
      office = g_new0 (DossierServerOffice, 1);
      office->id = dossier_sqlite_column_text (stmt, 0);
      office->name = dossier_sqlite_column_text (stmt, 1);
      g_ptr_array_add (offices, office);
    }
  sqlite3_reset (stmt);
  return ok ? g_steal_pointer (&offices) : NULL;
}

static GPtrArray *
sqlite_list_offices (DossierServerStore  *store,
                     GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn = dossier_sqlite_take_reader (self, error);
  sqlite3_stmt *stmt;
  GPtrArray *offices = NULL;

  if (conn == NULL)
    return NULL;
  if ((stmt = dossier_sqlite_prepare (conn, "SELECT id, name FROM offices ORDER BY name", error)) != NULL)
    offices = read_offices (conn, stmt, error);
  dossier_sqlite_give_reader (self, conn);
  return offices;
}

static GPtrArray *
user_offices (DossierSqliteConn  *conn,
              const char         *user_id,
              GError            **error)
{
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, "SELECT o.id, o.name FROM memberships m "
                                      "JOIN offices o ON o.id = m.office_id "
                                      "WHERE m.user_id = ? ORDER BY o.name", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  return read_offices (conn, stmt, error);
}

static GPtrArray *
read_users (DossierSqliteConn  *conn,
            GError            **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dossier_server_user_free);
  sqlite3_stmt *stmt = dossier_sqlite_prepare (conn, "SELECT id, name FROM users ORDER BY name", error);
  gboolean row = TRUE, ok = stmt != NULL;

  while (ok && row)
    {
      DossierServerUser *user;

      if (!(ok = dossier_sqlite_step_row (conn, stmt, &row, error)) || !row)
        break;
      user = g_new0 (DossierServerUser, 1);
      user->id = dossier_sqlite_column_text (stmt, 0);
      user->name = dossier_sqlite_column_text (stmt, 1);
      g_ptr_array_add (users, user);
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  if (!ok)
    return NULL;
  for (guint i = 0; i < users->len; i++)
    {
      DossierServerUser *user = g_ptr_array_index (users, i);

      if ((user->offices = user_offices (conn, user->id, error)) == NULL)
        return NULL;
    }
  return g_steal_pointer (&users);
}

static GPtrArray *
sqlite_list_users (DossierServerStore  *store,
                   GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn = dossier_sqlite_take_reader (self, error);
  GPtrArray *users;

  if (conn == NULL)
    return NULL;
  users = read_users (conn, error);
  dossier_sqlite_give_reader (self, conn);
  return users;
}

static GPtrArray *
sqlite_get_offices (DossierServerStore  *store,
                    const char          *user_id,
                    GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn = dossier_sqlite_take_reader (self, error);
  GPtrArray *offices;

  if (conn == NULL)
    return NULL;
  offices = user_offices (conn, user_id, error);
  dossier_sqlite_give_reader (self, conn);
  return offices;
}

static gboolean
sqlite_get_credentials (DossierServerStore  *store,
                        const char          *user_name,
                        char               **out_user_id,
                        char               **out_password_hash,
                        GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn = dossier_sqlite_take_reader (self, error);
  sqlite3_stmt *stmt;
  gboolean ok, row = FALSE;

  if (conn == NULL)
    return FALSE;
  stmt = dossier_sqlite_prepare (conn, "SELECT id, password_hash FROM users WHERE name = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, user_name, -1, SQLITE_STATIC);
      ok = dossier_sqlite_step_row (conn, stmt, &row, error);
    }
  if (ok && row)
    {
      *out_user_id = dossier_sqlite_column_text (stmt, 0);
      *out_password_hash = dossier_sqlite_column_text (stmt, 1);
    }
  else if (ok)
    ok = (g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND,
                       "No user named “%s”", user_name), FALSE);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  dossier_sqlite_give_reader (self, conn);
  return ok;
}

static gboolean
sqlite_add_token (DossierServerStore  *store,
                  const char          *token_hash,
                  const char          *user_id,
                  const char          *device,
                  gint64               now,
                  gint64               expires_at,
                  GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn;
  sqlite3_stmt *stmt;
  gboolean ok;

  if ((conn = dossier_sqlite_lock_writer (self, error)) == NULL)
    return FALSE;
  stmt = dossier_sqlite_prepare (conn, "DELETE FROM tokens WHERE expires_at < ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, now - EXPIRED_TOKEN_KEEP);
      ok = dossier_sqlite_step_done (conn, stmt, "Forgetting old tokens", error);
    }
  stmt = ok ? dossier_sqlite_prepare (conn, "INSERT INTO tokens (hash, user_id, device, created_at, expires_at) "
                             "VALUES (?, ?, ?, ?, ?)", error) : NULL;
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, device, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, now);
      sqlite3_bind_int64 (stmt, 5, expires_at);
      ok = dossier_sqlite_step_done (conn, stmt, "Storing a token", error);
    }
  return dossier_sqlite_unlock_writer (self, ok, error);
}

static DossierServerSession *
sqlite_find_token (DossierServerStore  *store,
                   const char          *token_hash,
                   GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn = dossier_sqlite_take_reader (self, error);
  DossierServerSession *session = NULL;
  sqlite3_stmt *stmt;
  gboolean row = FALSE;

  if (conn == NULL)
    return NULL;
  stmt = dossier_sqlite_prepare (conn, "SELECT t.user_id, u.name, t.device, t.expires_at FROM tokens t "
                        "JOIN users u ON u.id = t.user_id WHERE t.hash = ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
      if (dossier_sqlite_step_row (conn, stmt, &row, error) && row)
        {
          session = g_new0 (DossierServerSession, 1);
          session->user_id = dossier_sqlite_column_text (stmt, 0);
          session->user_name = dossier_sqlite_column_text (stmt, 1);
          session->device = dossier_sqlite_column_text (stmt, 2);
          session->expires_at = sqlite3_column_int64 (stmt, 3);
        }
      sqlite3_reset (stmt);
    }
  dossier_sqlite_give_reader (self, conn);
  return session;
}

static gboolean
sqlite_remove_token (DossierServerStore  *store,
                     const char          *token_hash,
                     GError             **error)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (store);
  DossierSqliteConn *conn;
  sqlite3_stmt *stmt;
  gboolean ok;

  if ((conn = dossier_sqlite_lock_writer (self, error)) == NULL)
    return FALSE;
  stmt = dossier_sqlite_prepare (conn, "DELETE FROM tokens WHERE hash = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
      ok = dossier_sqlite_step_done (conn, stmt, "Revoking a token", error);
    }
  return dossier_sqlite_unlock_writer (self, ok, error);
}

static void
dossier_server_store_sqlite_finalize (GObject *object)
{
  DossierServerStoreSqlite *self = DOSSIER_SERVER_STORE_SQLITE (object);
  DossierSqliteConn *conn;

  while ((conn = g_async_queue_try_pop (self->idle_readers)) != NULL)
    dossier_sqlite_connection_free (conn);
  g_async_queue_unref (self->idle_readers);
  dossier_sqlite_connection_free (self->writer);
  g_mutex_clear (&self->writer_lock);
  g_free (self->path);
  G_OBJECT_CLASS (dossier_server_store_sqlite_parent_class)->finalize (object);
}

static void
dossier_server_store_sqlite_class_init (DossierServerStoreSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dossier_server_store_sqlite_finalize;
}

static void
dossier_server_store_sqlite_init (DossierServerStoreSqlite *self)
{
  g_mutex_init (&self->writer_lock);
  self->idle_readers = g_async_queue_new ();
}

static void
store_iface_init (DossierServerStoreInterface *iface)
{
  iface->add_office = sqlite_add_office;
  iface->add_user = sqlite_add_user;
  iface->set_member = sqlite_set_member;
  iface->list_offices = sqlite_list_offices;
  iface->list_users = sqlite_list_users;
  iface->get_credentials = sqlite_get_credentials;
  iface->get_offices = sqlite_get_offices;
  iface->add_token = sqlite_add_token;
  iface->find_token = sqlite_find_token;
  iface->remove_token = sqlite_remove_token;
  iface->push = dossier_sqlite_push;
  iface->pull = dossier_sqlite_pull;
  iface->blob_status = dossier_sqlite_blob_status;
  iface->blob_append = dossier_sqlite_blob_append;
  iface->blob_read = dossier_sqlite_blob_read;
}
