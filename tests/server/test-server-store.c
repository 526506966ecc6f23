/* test-server-store.c: the storage interface itself, against either backend.
 *
 * What the HTTP tests cannot reach: admin refusals, token expiry at the
 * store, blob uploads that restart, stores that are someone else's, and
 * reopening a store.
 */

#include "server-fixture.h"

#include <libpq-fe.h>
#include <sqlcipher/sqlite3.h>
#include <string.h>

typedef struct
{
  char               *dir;
  char               *spec;
  DossierServerStore *store;
} StoreFixture;

static void
store_setup (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dossier-server-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->spec = server_test_new_store (f->dir);
  f->store = dossier_server_store_open (f->spec, &error);
  g_assert_no_error (error);
}

static void
store_teardown (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  if (f->store != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (f->store), (gpointer *) &f->store);
      g_object_unref (f->store);
      g_assert_null (f->store);
    }
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_free (f->dir);
  g_free (f->spec);
}

static void
test_admin_refusals (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *office = dossier_server_store_add_office (f->store, "Beijing", &error);
  g_autofree char *user = dossier_server_store_add_user (f->store, "li.na", "pw", &error);
  g_autoptr(GPtrArray) users = NULL;
  static const char *bad_names[] = { "", " padded", "two\nlines", "tab\there" };

  g_assert_no_error (error);
  g_assert_null (dossier_server_store_add_office (f->store, "Beijing", &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (dossier_server_store_add_user (f->store, "li.na", "other", &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (dossier_server_store_add_user (f->store, "wang", "", &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_assert_null (dossier_server_store_add_office (f->store, bad_names[i], &error));
      g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }

  g_assert_false (dossier_server_store_add_member (f->store, "nobody", "Beijing", &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_server_store_add_member (f->store, "li.na", "Nowhere", &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_server_store_remove_member (f->store, "li.na", "Beijing", &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* By name or by id; twice is once. */
  g_assert_true (dossier_server_store_add_member (f->store, "li.na", "Beijing", &error));
  g_assert_true (dossier_server_store_add_member (f->store, "li.na", office, &error));
  g_assert_no_error (error);
  users = dossier_server_store_list_users (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);
  g_assert_cmpuint (((DossierServerUser *) g_ptr_array_index (users, 0))->offices->len, ==, 1);
}

static void
test_tokens (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = dossier_server_store_add_user (f->store, "li.na", "pw", &error);
  g_autofree char *token = NULL;
  g_autofree char *short_lived = NULL;
  g_autoptr(DossierServerSession) session = NULL;

  g_assert_null (dossier_server_store_login (f->store, "li.na", "wrong", "d", 60, NULL, &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  g_assert_null (dossier_server_store_login (f->store, "nobody", "pw", "d", 60, NULL, &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);

  token = dossier_server_store_login (f->store, "li.na", "pw", "d", 60, NULL, &error);
  short_lived = dossier_server_store_login (f->store, "li.na", "pw", "d", 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, !=, short_lived);
  session = dossier_server_store_authenticate (f->store, token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->user_id, ==, user);
  g_assert_cmpstr (session->user_name, ==, "li.na");

  g_usleep (2100 * 1000);
  g_assert_null (dossier_server_store_authenticate (f->store, short_lived, &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_TOKEN_EXPIRED);
  g_clear_error (&error);

  g_assert_true (dossier_server_store_logout (f->store, token, &error));
  g_assert_null (dossier_server_store_authenticate (f->store, token, &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_UNAUTHORIZED);
}

static void
append (StoreFixture             *f,
        const char               *sha256,
        gint64                    offset,
        gint64                    size,
        const char               *bytes,
        DossierServerBlobStatus  *status,
        GError                  **error)
{
  g_autoptr(GBytes) chunk = g_bytes_new (bytes, strlen (bytes));

  dossier_server_store_blob_append (f->store, sha256, offset, size, chunk, status, error);
}

static void
test_blob_restart (StoreFixture  *f,
                   gconstpointer  data)
{
  const char *text = "twenty bytes of text";
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_autofree char *empty = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "", -1);
  DossierServerBlobStatus status = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) read = NULL;
  gint64 size = 0;

  /* Started with a wrong size, then started over from 0 with the right one. */
  append (f, sha256, 0, 30, "twenty", &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status.received, ==, 6);
  append (f, sha256, 6, 20, " bytes", &status, &error);
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  append (f, sha256, 0, 20, "twenty bytes", &status, &error);
  append (f, sha256, 12, 20, " of text", &status, &error);
  g_assert_no_error (error);
  g_assert_true (status.complete);
  read = dossier_server_store_blob_read (f->store, sha256, 7, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, 20);
  g_assert_cmpmem (g_bytes_get_data (read, NULL), g_bytes_get_size (read), text + 7, 13);

  /* An empty blob is complete at once. */
  append (f, empty, 0, 0, "", &status, &error);
  g_assert_no_error (error);
  g_assert_true (status.complete);
  g_clear_pointer (&read, g_bytes_unref);
  read = dossier_server_store_blob_read (f->store, empty, 0, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (read), ==, 0);
}

static void
test_reopen (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *office = dossier_server_store_add_office (f->store, "Beijing", &error);
  g_autoptr(GPtrArray) offices = NULL;

  g_assert_no_error (error);
  g_clear_object (&f->store);
  f->store = dossier_server_store_open (f->spec, &error);
  g_assert_no_error (error);
  offices = dossier_server_store_list_offices (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (offices->len, ==, 1);
  g_assert_cmpstr (((DossierServerOffice *) g_ptr_array_index (offices, 0))->id, ==, office);
}

static void
make_foreign_sqlite (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE invoices (id INTEGER PRIMARY KEY); "
                                     "INSERT INTO invoices VALUES (1)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
make_foreign_pg (const char *spec)
{
  PGconn *conn = PQconnectdb (spec + strlen ("postgresql:"));
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  PQfinish (conn);
}

static void
test_foreign (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *path = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length = 0, after_length = 0;

  if (g_str_has_prefix (f->spec, "sqlite:"))
    {
      make_foreign_sqlite (path);
      g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));
      spec = g_strconcat ("sqlite:", path, NULL);
    }
  else
    {
      spec = server_test_new_pg_database ();
      make_foreign_pg (spec);
    }
  g_assert_null (dossier_server_store_open (spec, &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FOREIGN);
  if (before != NULL)
    {
      /* Left untouched, byte for byte. */
      g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
      g_assert_cmpmem (before, before_length, after, after_length);
    }
}

static void
test_not_a_database (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "random.db", NULL);
  g_autofree char *spec = g_strconcat ("sqlite:", path, NULL);
  guint8 bytes[8192];

  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = g_random_int () & 0xff;
  g_assert_true (g_file_set_contents (path, (const char *) bytes, sizeof bytes, NULL));
  g_assert_null (dossier_server_store_open (spec, &error));
  g_assert_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FOREIGN);
}

/* libsoup pulls in plain SQLite; SQLCipher's symbols must be the ones bound. */
static void
test_sqlcipher (void)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA cipher_version", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpuint (strlen ((const char *) sqlite3_column_text (stmt, 0)), >, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
main (int    argc,
      char **argv)
{
  server_test_init (&argc, &argv);

  g_test_add ("/server/store/admin-refusals", StoreFixture, NULL, store_setup,
              test_admin_refusals, store_teardown);
  g_test_add ("/server/store/tokens", StoreFixture, NULL, store_setup, test_tokens,
              store_teardown);
  g_test_add ("/server/store/blob-restart", StoreFixture, NULL, store_setup, test_blob_restart,
              store_teardown);
  g_test_add ("/server/store/reopen", StoreFixture, NULL, store_setup, test_reopen,
              store_teardown);
  g_test_add ("/server/store/foreign", StoreFixture, NULL, store_setup, test_foreign,
              store_teardown);
  if (g_str_equal (server_test_backend (), "sqlite"))
    g_test_add_func ("/server/store/sqlcipher", test_sqlcipher);
  if (g_str_equal (server_test_backend (), "sqlite"))
    g_test_add ("/server/store/not-a-database", StoreFixture, NULL, store_setup,
                test_not_a_database, store_teardown);

  return g_test_run ();
}
