/* dossier-server-store-pg.c: the server store in a PostgreSQL database.
 *
 * For offices that outgrow one machine: several server processes may share
 * the database.  Connections come from a small pool, one caller at a time
 * each.  Pushes notify on a channel; a listener thread of every process
 * hears the other processes' pushes, so their long polls wake as well.
 */

#include "dossier-server-store-pg-private.h"
#include "dossier-server-schema-resources.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONNS          8
#define MIGRATION_LOCK     "1148146550"
#define EXPIRED_TOKEN_KEEP (90 * 24 * 3600)
#define LISTEN_POLL_MS     200

static void store_iface_init (DossierServerStoreInterface *iface);

G_DEFINE_TYPE_WITH_CODE (DossierServerStorePg, dossier_server_store_pg, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (DOSSIER_TYPE_SERVER_STORE, store_iface_init))

static gboolean
pg_error (PGconn      *conn,
          PGresult    *result,
          const char  *what,
          GError     **error)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *message = g_strdup (result ? PQresultErrorMessage (result)
                                              : PQerrorMessage (conn));
  gboolean exists = state != NULL && strcmp (state, "23505") == 0;   /* unique_violation */

  g_set_error (error, DOSSIER_SERVER_STORE_ERROR,
               exists ? DOSSIER_SERVER_STORE_ERROR_EXISTS : DOSSIER_SERVER_STORE_ERROR_FAILED,
               "%s: %s", what, g_strchomp (message));
  return FALSE;
}

PGresult *
dossier_pg_query_full (PGconn             *conn,
                       const char         *sql,
                       int                 n_params,
                       const char *const  *params,
                       const int          *lengths,
                       const int          *formats,
                       int                 result_format,
                       GError            **error)
{
  PGresult *result = PQexecParams (conn, sql, n_params, NULL, params, lengths, formats,
                                   result_format);
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return result;
  pg_error (conn, result, "PostgreSQL refused a query", error);
  PQclear (result);
  return NULL;
}

PGresult *
dossier_pg_query (PGconn             *conn,
                  const char         *sql,
                  int                 n_params,
                  const char *const  *params,
                  GError            **error)
{
  return dossier_pg_query_full (conn, sql, n_params, params, NULL, NULL, 0, error);
}

gboolean
dossier_pg_exec (PGconn             *conn,
                 const char         *sql,
                 int                 n_params,
                 const char *const  *params,
                 GError            **error)
{
  PGresult *result = dossier_pg_query (conn, sql, n_params, params, error);

  PQclear (result);
  return result != NULL;
}

gboolean
dossier_pg_finish (PGconn    *conn,
                   gboolean   ok,
                   GError   **error)
{
  if (ok)
    ok = dossier_pg_exec (conn, "COMMIT", 0, NULL, error);
  if (!ok)
    PQclear (PQexec (conn, "ROLLBACK"));
  return ok;
}

char *
dossier_pg_int (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static void
ignore_notice (void       *data,
               const char *message)
{
}

static PGconn *
connect_db (const char  *conninfo,
            GError     **error)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      pg_error (conn, NULL, "Cannot connect to PostgreSQL", error);
      PQfinish (conn);
      return NULL;
    }
  /* "relation already exists, skipping" and the like are no news. */
  PQsetNoticeProcessor (conn, ignore_notice, NULL);
  return conn;
}

PGconn *
dossier_pg_take (DossierServerStorePg  *self,
                 GError               **error)
{
  PGconn *conn = g_async_queue_try_pop (self->idle);

  if (conn == NULL && g_atomic_int_add (&self->n_conns, 1) < MAX_CONNS)
    {
      if ((conn = connect_db (self->conninfo, error)) == NULL)
        g_atomic_int_add (&self->n_conns, -1);
      return conn;
    }
  if (conn == NULL)
    {
      g_atomic_int_add (&self->n_conns, -1);
      conn = g_async_queue_pop (self->idle);
    }
  /* A restarted database leaves broken connections behind: try once more. */
  if (PQstatus (conn) != CONNECTION_OK)
    PQreset (conn);
  if (PQstatus (conn) == CONNECTION_OK)
    return conn;
  pg_error (conn, NULL, "Lost the connection to PostgreSQL", error);
  g_async_queue_push (self->idle, conn);
  return NULL;
}

void
dossier_pg_give (DossierServerStorePg *self,
                 PGconn               *conn)
{
  g_async_queue_push (self->idle, conn);
}

/* --- Opening and migrations ---------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
list_migrations (void)
{
  g_auto(GStrv) names = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  /* Referencing the resource links it (and its registering constructor)
   * out of the static library; see dossier-migrations.c. */
  (void) dossier_server_schema_get_resource ();
  names = g_resources_enumerate_children (DOSSIER_SERVER_PG_MIGRATIONS,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_ascii_isdigit (names[i][0]) && g_str_has_suffix (names[i], ".sql"))
      g_ptr_array_add (found, g_strdup (names[i]));
  g_ptr_array_sort (found, compare_names);
  return found;
}

static gboolean
foreign_error (const char  *why,
               GError     **error)
{
  g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FOREIGN,
               "This PostgreSQL database is not a Dossier server store (%s); it was left "
               "untouched", why);
  return FALSE;
}

/* The schema version, creating the version table in an empty database. */
static gboolean
read_version (PGconn  *conn,
              guint    known,
              gint64  *out_version,
              GError **error)
{
  g_autoptr(PGresult) result = dossier_pg_query (conn,
    "SELECT to_regclass('dossier_schema') IS NOT NULL, "
    "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())", 0, NULL, error);

  if (result == NULL)
    return FALSE;
  if (strcmp (PQgetvalue (result, 0, 0), "f") == 0)
    {
      if (strcmp (PQgetvalue (result, 0, 1), "0") != 0)
        return foreign_error ("it has tables of another application", error);
      *out_version = 0;
      return dossier_pg_exec (conn, "CREATE TABLE dossier_schema (version INTEGER NOT NULL)",
                              0, NULL, error)
             && dossier_pg_exec (conn, "INSERT INTO dossier_schema VALUES (0)", 0, NULL, error);
    }
  g_clear_pointer (&result, PQclear);
  if ((result = dossier_pg_query (conn, "SELECT max(version) FROM dossier_schema", 0, NULL,
                                  error)) == NULL)
    return FALSE;
  *out_version = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  if (*out_version > known)
    return foreign_error ("it was written by a newer dossier-server", error);
  return TRUE;
}

static gboolean
apply_migration (PGconn      *conn,
                 const char  *name,
                 guint        version,
                 GError     **error)
{
  g_autofree char *path = g_build_path ("/", DOSSIER_SERVER_PG_MIGRATIONS, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  g_autofree char *sql = NULL;
  g_autofree char *text = dossier_pg_int (version);
  const char *params[] = { text };
  PGresult *result;
  gboolean ok;

  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  /* PQexec: a migration file holds several statements. */
  result = PQexec (conn, sql);
  ok = PQresultStatus (result) == PGRES_COMMAND_OK || pg_error (conn, result, name, error);
  PQclear (result);
  return ok && dossier_pg_exec (conn, "UPDATE dossier_schema SET version = $1", 1, params, error);
}

/* One process migrates at a time (an advisory lock), each file in the same
 * transaction as its version. */
static gboolean
migrate (PGconn  *conn,
         GError **error)
{
  g_autoptr(GPtrArray) names = list_migrations ();
  gint64 version = 0;
  gboolean ok;

  ok = dossier_pg_exec (conn, "BEGIN", 0, NULL, error)
       && dossier_pg_exec (conn, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")", 0, NULL,
                           error)
       && read_version (conn, names->len, &version, error);
  for (guint v = version + 1; ok && v <= names->len; v++)
    {
      const char *name = g_ptr_array_index (names, v - 1);

      if (strtoul (name, NULL, 10) != v)
        ok = foreign_error ("a migration is missing", error);
      else
        ok = apply_migration (conn, name, v, error);
    }
  return dossier_pg_finish (conn, ok, error);
}

static gpointer listen_thread (gpointer data);

DossierServerStore *
dossier_server_store_pg_new (const char  *conninfo,
                             GError     **error)
{
  g_autoptr(DossierServerStorePg) self = g_object_new (DOSSIER_TYPE_SERVER_STORE_PG, NULL);
  PGconn *conn;

  self->conninfo = g_strdup (conninfo);
  if ((conn = dossier_pg_take (self, error)) == NULL)
    return NULL;
  if (!migrate (conn, error))
    {
      dossier_pg_give (self, conn);
      return NULL;
    }
  dossier_pg_give (self, conn);
  self->listener = g_thread_new ("dossier-pg-listen", listen_thread, self);
  return DOSSIER_SERVER_STORE (g_steal_pointer (&self));
}

/* --- Other processes' pushes --------------------------------------------- */

/* The payload is "<instance> <last seq> <scope>..." (see the push). */
static void
deliver (DossierServerStorePg *self,
         const char           *payload)
{
  g_auto(GStrv) words = g_strsplit (payload, " ", -1);
  const char *everyone[] = { DOSSIER_SERVER_POLICY_SCOPE, NULL };
  gint64 last_seq;

  if (g_strv_length (words) < 3 || strcmp (words[0], self->instance) == 0
      || !g_ascii_string_to_signed (words[1], 10, 1, G_MAXINT64, &last_seq, NULL))
    return;
  /* "+" stands for too many scopes to list: wake everyone ("*" is in every
   * caller's scopes). */
  dossier_server_store_changes_accepted (DOSSIER_SERVER_STORE (self),
                                         strcmp (words[2], "+") == 0
                                         ? everyone : (const char *const *) words + 2,
                                         last_seq);
}

static PGconn *
listen_connect (DossierServerStorePg *self)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = connect_db (self->conninfo, &error);

  if (conn != NULL && dossier_pg_exec (conn, "LISTEN " DOSSIER_PG_CHANNEL, 0, NULL, &error))
    return conn;
  g_warning ("Not hearing of other servers' pushes for now: %s", error->message);
  if (conn != NULL)
    PQfinish (conn);
  return NULL;
}

static gpointer
listen_thread (gpointer data)
{
  DossierServerStorePg *self = data;
  PGconn *conn = NULL;

  while (!g_atomic_int_get (&self->stopping))
    {
      struct pollfd fd = { 0 };
      PGnotify *note;

      if (conn == NULL && (conn = listen_connect (self)) == NULL)
        {
          for (guint i = 0; i < 10 && !g_atomic_int_get (&self->stopping); i++)
            g_usleep (100 * 1000);
          continue;
        }
      fd.fd = PQsocket (conn);
      fd.events = POLLIN;
      if (poll (&fd, 1, LISTEN_POLL_MS) > 0 && !PQconsumeInput (conn))
        {
          g_clear_pointer (&conn, PQfinish);
          continue;
        }
      while ((note = PQnotifies (conn)) != NULL)
        {
          deliver (self, note->extra);
          PQfreemem (note);
        }
    }
  g_clear_pointer (&conn, PQfinish);
  return NULL;
}

/* --- Users, offices, tokens ---------------------------------------------- */

static gboolean
pg_add_office (DossierServerStore  *store,
               const char          *id,
               const char          *name,
               gint64               now,
               GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  g_autofree char *created = dossier_pg_int (now);
  const char *params[] = { id, name, created };
  PGconn *conn = dossier_pg_take (self, error);
  gboolean ok;

  if (conn == NULL)
    return FALSE;
  ok = dossier_pg_exec (conn, "INSERT INTO offices (id, name, created_at) VALUES ($1, $2, $3)",
                        3, params, error);
  dossier_pg_give (self, conn);
  return ok;
}

static gboolean
pg_add_user (DossierServerStore  *store,
             const char          *id,
             const char          *name,
             const char          *password_hash,
             gint64               now,
             GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  g_autofree char *created = dossier_pg_int (now);
  const char *params[] = { id, name, password_hash, created };
  PGconn *conn = dossier_pg_take (self, error);
  gboolean ok;

  if (conn == NULL)
    return FALSE;
  ok = dossier_pg_exec (conn, "INSERT INTO users (id, name, password_hash, created_at) "
                              "VALUES ($1, $2, $3, $4)", 4, params, error);
  dossier_pg_give (self, conn);
  return ok;
}

/* The first column of the one row `sql` finds, or NOT_FOUND. */
static char *
find_one (PGconn      *conn,
          const char  *sql,
          const char  *key,
          const char  *what,
          GError     **error)
{
  const char *params[] = { key };
  g_autoptr(PGresult) result = dossier_pg_query (conn, sql, 1, params, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND,
                   "No %s “%s”", what, key);
      return NULL;
    }
  return g_strdup (PQgetvalue (result, 0, 0));
}

static gboolean
write_membership (PGconn      *conn,
                  const char  *user_name,
                  const char  *office,
                  gboolean     member,
                  GError     **error)
{
  g_autofree char *user_id = NULL;
  g_autofree char *office_id = NULL;
  g_autoptr(PGresult) result = NULL;
  const char *params[2];

  if ((user_id = find_one (conn, "SELECT id FROM users WHERE name = $1", user_name, "user named",
                           error)) == NULL
      || (office_id = find_one (conn, "SELECT id FROM offices WHERE id = $1 OR name = $1",
                                office, "office named", error)) == NULL)
    return FALSE;
  params[0] = user_id;
  params[1] = office_id;
  result = dossier_pg_query (conn, member
                             ? "INSERT INTO memberships (user_id, office_id) VALUES ($1, $2) "
                               "ON CONFLICT DO NOTHING"
                             : "DELETE FROM memberships WHERE user_id = $1 AND office_id = $2",
                             2, params, error);
  if (result == NULL)
    return FALSE;
  if (!member && strcmp (PQcmdTuples (result), "0") == 0)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND,
                   "“%s” is not a member of “%s”", user_name, office);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pg_set_member (DossierServerStore  *store,
               const char          *user_name,
               const char          *office,
               gboolean             member,
               GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  PGconn *conn = dossier_pg_take (self, error);
  gboolean ok;

  if (conn == NULL)
    return FALSE;
  ok = dossier_pg_exec (conn, "BEGIN", 0, NULL, error)
       && write_membership (conn, user_name, office, member, error);
  ok = dossier_pg_finish (conn, ok, error);
  dossier_pg_give (self, conn);
  return ok;
}

static GPtrArray *
offices_from_result (PGresult *result,
                     int       first_column)
{
  GPtrArray *offices = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dossier_server_office_free);

  for (int row = 0; row < PQntuples (result); row++)
    {
      DossierServerOffice *office = g_new0 (DossierServerOffice, 1);

      office->id = g_strdup (PQgetvalue (result, row, first_column));
      office->name = g_strdup (PQgetvalue (result, row, first_column + 1));
      g_ptr_array_add (offices, office);
    }
  return offices;
}

static GPtrArray *
pg_list_offices (DossierServerStore  *store,
                 GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  PGconn *conn = dossier_pg_take (self, error);
  g_autoptr(PGresult) result = NULL;

  if (conn == NULL)
    return NULL;
  result = dossier_pg_query (conn, "SELECT id, name FROM offices ORDER BY name", 0, NULL, error);
  dossier_pg_give (self, conn);
  return result ? offices_from_result (result, 0) : NULL;
}

static GPtrArray *
pg_get_offices (DossierServerStore  *store,
                const char          *user_id,
                GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  const char *params[] = { user_id };
  PGconn *conn = dossier_pg_take (self, error);
  g_autoptr(PGresult) result = NULL;

  if (conn == NULL)
    return NULL;
  result = dossier_pg_query (conn, "SELECT o.id, o.name FROM memberships m "
                                   "JOIN offices o ON o.id = m.office_id "
                                   "WHERE m.user_id = $1 ORDER BY o.name", 1, params, error);
  dossier_pg_give (self, conn);
  return result ? offices_from_result (result, 0) : NULL;
}

static GPtrArray *
users_from_results (PGresult *users,
                    PGresult *members)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_server_user_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) offices = offices_from_result (members, 1);

  for (int row = 0; row < PQntuples (users); row++)
    {
      DossierServerUser *user = g_new0 (DossierServerUser, 1);

      user->id = g_strdup (PQgetvalue (users, row, 0));
      user->name = g_strdup (PQgetvalue (users, row, 1));
      user->offices = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_server_office_free);
      g_hash_table_insert (by_id, user->id, user);
      g_ptr_array_add (list, user);
    }
  for (int row = 0; row < PQntuples (members); row++)
    {
      DossierServerUser *user = g_hash_table_lookup (by_id, PQgetvalue (members, row, 0));

      if (user != NULL)
        g_ptr_array_add (user->offices, g_ptr_array_steal_index (offices, 0));
      else
        g_ptr_array_remove_index (offices, 0);
    }
  return list;
}

static GPtrArray *
pg_list_users (DossierServerStore  *store,
               GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  PGconn *conn = dossier_pg_take (self, error);
  g_autoptr(PGresult) users = NULL;
  g_autoptr(PGresult) members = NULL;
  gboolean ok;

  if (conn == NULL)
    return NULL;
  ok = dossier_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error)
       && (users = dossier_pg_query (conn, "SELECT id, name FROM users ORDER BY name", 0, NULL,
                                     error)) != NULL
       && (members = dossier_pg_query (conn, "SELECT m.user_id, o.id, o.name FROM memberships m "
                                             "JOIN offices o ON o.id = m.office_id "
                                             "ORDER BY o.name", 0, NULL, error)) != NULL;
  ok = dossier_pg_finish (conn, ok, error);
  dossier_pg_give (self, conn);
  return ok ? users_from_results (users, members) : NULL;
}

static gboolean
pg_get_credentials (DossierServerStore  *store,
                    const char          *user_name,
                    char               **out_user_id,
                    char               **out_password_hash,
                    GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  const char *params[] = { user_name };
  PGconn *conn = dossier_pg_take (self, error);
  g_autoptr(PGresult) result = NULL;

  if (conn == NULL)
    return FALSE;
  result = dossier_pg_query (conn, "SELECT id, password_hash FROM users WHERE name = $1", 1,
                             params, error);
  dossier_pg_give (self, conn);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND,
                   "No user named “%s”", user_name);
      return FALSE;
    }
  *out_user_id = g_strdup (PQgetvalue (result, 0, 0));
  *out_password_hash = g_strdup (PQgetvalue (result, 0, 1));
  return TRUE;
}

static gboolean
pg_add_token (DossierServerStore  *store,
              const char          *token_hash,
              const char          *user_id,
              const char          *device,
              gint64               now,
              gint64               expires_at,
              GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  g_autofree char *created = dossier_pg_int (now);
  g_autofree char *expires = dossier_pg_int (expires_at);
  g_autofree char *forget = dossier_pg_int (now - EXPIRED_TOKEN_KEEP);
  const char *params[] = { token_hash, user_id, device, created, expires };
  const char *old[] = { forget };
  PGconn *conn = dossier_pg_take (self, error);
  gboolean ok;

  if (conn == NULL)
    return FALSE;
  ok = dossier_pg_exec (conn, "DELETE FROM tokens WHERE expires_at < $1", 1, old, error)
       && dossier_pg_exec (conn, "INSERT INTO tokens (hash, user_id, device, created_at, "
                                 "expires_at) VALUES ($1, $2, $3, $4, $5)", 5, params, error);
  dossier_pg_give (self, conn);
  return ok;
}

static DossierServerSession *
pg_find_token (DossierServerStore  *store,
               const char          *token_hash,
               GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  const char *params[] = { token_hash };
  PGconn *conn = dossier_pg_take (self, error);
  g_autoptr(PGresult) result = NULL;
  DossierServerSession *session;

  if (conn == NULL)
    return NULL;
  result = dossier_pg_query (conn, "SELECT t.user_id, u.name, t.device, t.expires_at "
                                   "FROM tokens t JOIN users u ON u.id = t.user_id "
                                   "WHERE t.hash = $1", 1, params, error);
  dossier_pg_give (self, conn);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  session = g_new0 (DossierServerSession, 1);
  session->user_id = g_strdup (PQgetvalue (result, 0, 0));
  session->user_name = g_strdup (PQgetvalue (result, 0, 1));
  session->device = g_strdup (PQgetvalue (result, 0, 2));
  session->expires_at = g_ascii_strtoll (PQgetvalue (result, 0, 3), NULL, 10);
  return session;
}

static gboolean
pg_remove_token (DossierServerStore  *store,
                 const char          *token_hash,
                 GError             **error)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (store);
  const char *params[] = { token_hash };
  PGconn *conn = dossier_pg_take (self, error);
  gboolean ok;

  if (conn == NULL)
    return FALSE;
  ok = dossier_pg_exec (conn, "DELETE FROM tokens WHERE hash = $1", 1, params, error);
  dossier_pg_give (self, conn);
  return ok;
}

static void
dossier_server_store_pg_dispose (GObject *object)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (object);

  /* Joined here, not in finalize: the thread may be emitting a signal. */
  g_atomic_int_set (&self->stopping, 1);
  if (self->listener != NULL)
    g_thread_join (g_steal_pointer (&self->listener));
  G_OBJECT_CLASS (dossier_server_store_pg_parent_class)->dispose (object);
}

static void
dossier_server_store_pg_finalize (GObject *object)
{
  DossierServerStorePg *self = DOSSIER_SERVER_STORE_PG (object);
  PGconn *conn;

  while ((conn = g_async_queue_try_pop (self->idle)) != NULL)
    PQfinish (conn);
  g_async_queue_unref (self->idle);
  g_free (self->conninfo);
  g_free (self->instance);
  G_OBJECT_CLASS (dossier_server_store_pg_parent_class)->finalize (object);
}

static void
dossier_server_store_pg_class_init (DossierServerStorePgClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dossier_server_store_pg_dispose;
  G_OBJECT_CLASS (klass)->finalize = dossier_server_store_pg_finalize;
}

static void
dossier_server_store_pg_init (DossierServerStorePg *self)
{
  self->idle = g_async_queue_new ();
  self->instance = g_uuid_string_random ();
}

static void
store_iface_init (DossierServerStoreInterface *iface)
{
  iface->add_office = pg_add_office;
  iface->add_user = pg_add_user;
  iface->set_member = pg_set_member;
  iface->list_offices = pg_list_offices;
  iface->list_users = pg_list_users;
  iface->get_credentials = pg_get_credentials;
  iface->get_offices = pg_get_offices;
  iface->add_token = pg_add_token;
  iface->find_token = pg_find_token;
  iface->remove_token = pg_remove_token;
  iface->push = dossier_pg_push;
  iface->pull = dossier_pg_pull;
  iface->blob_status = dossier_pg_blob_status;
  iface->blob_append = dossier_pg_blob_append;
  iface->blob_read = dossier_pg_blob_read;
}
