/* dossier-migrations.c: applies the numbered SQL files of a GResource folder. */

#include "dossier-migrations.h"
#include "dossier-replica.h"
#include "dossier-schema-resources.h"

#include <stdlib.h>
#include <string.h>

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Sorted "NNN-name.sql" children of the prefix; NULL-terminated. */
static char **
list_migrations (const char *resource_prefix,
                 guint      *n_out)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  /* Referencing the resource links its object (and its registering
   * constructor) from the static library into every program that migrates. */
  (void) dossier_schema_get_resource ();
  names = g_resources_enumerate_children (resource_prefix,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_ascii_isdigit (names[i][0]) && g_str_has_suffix (names[i], ".sql"))
      g_ptr_array_add (found, g_strdup (names[i]));

  g_ptr_array_sort (found, compare_names);
  *n_out = found->len;
  g_ptr_array_add (found, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&found), FALSE);
}

guint
dossier_migrations_count (const char *resource_prefix)
{
  guint n;
  g_auto(GStrv) names = list_migrations (resource_prefix, &n);
  return n;
}

int
dossier_migrations_current (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          const char  *what,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;

  g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_FAILED,
               "%s failed: %s", what, message ? message : sqlite3_errmsg (db));
  sqlite3_free (message);
  return FALSE;
}

static gboolean
apply_one (sqlite3     *db,
           const char  *resource_prefix,
           const char  *name,
           guint        version,
           GError     **error)
{
  g_autofree char *path = g_build_path ("/", resource_prefix, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *set_version = NULL;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  set_version = g_strdup_printf ("PRAGMA user_version = %u", version);

  if (!exec_sql (db, "BEGIN IMMEDIATE", "Starting a migration", error))
    return FALSE;
  if (!exec_sql (db, sql, name, error) || !exec_sql (db, set_version, name, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return exec_sql (db, "COMMIT", name, error);
}

/**
 * dossier_migrations_apply:
 * @target_version: the version to reach, or 0 for the latest
 *
 * Runs every migration above the database's user_version, up to @target_version,
 * each in its own transaction.  A database newer than the known migrations is
 * refused: an older Dossier must not write into a newer replica.
 */
gboolean
dossier_migrations_apply (sqlite3     *db,
                          const char  *resource_prefix,
                          guint        target_version,
                          GError     **error)
{
  guint n;
  g_auto(GStrv) names = list_migrations (resource_prefix, &n);
  int current = dossier_migrations_current (db);

  if (target_version == 0 || target_version > n)
    target_version = n;

  if (current < 0)
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_FAILED,
                   "Cannot read the schema version: %s", sqlite3_errmsg (db));
      return FALSE;
    }
  if ((guint) current > n)
    {
      g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_TOO_NEW,
                   "This replica was written by a newer version of Dossier (schema %d, "
                   "this version knows %u); it was left untouched", current, n);
      return FALSE;
    }

  for (guint v = current + 1; v <= target_version; v++)
    {
      /* Files are numbered from 1 and must be contiguous. */
      if (strtoul (names[v - 1], NULL, 10) != v)
        {
          g_set_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_FAILED,
                       "Migration %u is missing (found %s)", v, names[v - 1]);
          return FALSE;
        }
      if (!apply_one (db, resource_prefix, names[v - 1], v, error))
        return FALSE;
    }
  return TRUE;
}
