/* dossier-replica-opener.c: the start-up path to an open replica.
 *
 * The decision table, in order:
 *   key in the keyring             -> open (creating the file if it is missing);
 *   no key, no file                -> first run: generate a key, store it, create;
 *   no key, a file                 -> refuse (DOSSIER_OPEN_ERROR_NO_KEY);
 *   the replica refuses the file   -> pass its DossierReplicaError on.
 * The file is never written, moved or deleted on any refusal: it may be the only
 * copy of changes that were not synced yet.
 */

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dossier-keyring.h"
#include "dossier-replica-opener.h"

G_DEFINE_QUARK (dossier-open-error-quark, dossier_open_error)

/**
 * dossier_replica_opener_dup_default_path:
 *
 * The replica's absolute path: $DOSSIER_REPLICA when set (tests and tools),
 * else $XDG_DATA_HOME/dossier/replica.db.  Absolute, because the keyring
 * scopes the key by this path.
 *
 * Returns: (transfer full): the path
 */
char *
dossier_replica_opener_dup_default_path (void)
{
  const char *env = g_getenv ("DOSSIER_REPLICA");

  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);

  return g_build_filename (g_get_user_data_dir (), "dossier", "replica.db", NULL);
}

/* Runs in a worker thread: the keyring and the file system answer slowly. */
static void
create_replica_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;
  DossierReplica *replica;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_task_return_new_error (task, DOSSIER_OPEN_ERROR, DOSSIER_OPEN_ERROR_NO_KEY,
                               _("The keyring holds no key for the existing replica “%s”"),
                               path);
      return;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot create the folder “%s”: %s"),
                               dir, g_strerror (saved_errno));
      return;
    }

  /* The key is stored before the file exists, so there is never a replica
   * whose key was lost on the way. */
  key = dossier_keyring_generate_replica_key ();
  if (!dossier_keyring_store_replica_key (path, key, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  replica = dossier_replica_open_sync (path, key, TRUE, cancellable, &error);
  if (replica == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, replica, g_object_unref);
}

static void
open_replica_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DossierReplica *replica;

  replica = dossier_replica_open_finish (result, &error);
  if (replica == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, replica, g_object_unref);
}

static void
lookup_key_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  const char *path = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  key = dossier_keyring_lookup_replica_key_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (key == NULL)
    {
      g_task_run_in_thread (task, create_replica_thread);
      return;
    }

  /* With a key and no file (the file was removed by hand), a new empty
   * replica is the right answer: there is nothing left to protect. */
  dossier_replica_open_async (path, key, TRUE, cancellable,
                              open_replica_cb, g_steal_pointer (&task));
}

/**
 * dossier_replica_opener_open_async:
 * @path: the replica's absolute path
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Looks the replica's key up in the keyring and opens the replica; on first
 * run (no key and no file) generates a key, stores it and creates the file.
 */
void
dossier_replica_opener_open_async (const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL && g_path_is_absolute (path));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_replica_opener_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);

  dossier_keyring_lookup_replica_key_async (path, cancellable, lookup_key_cb,
                                            g_steal_pointer (&task));
}

/**
 * dossier_replica_opener_open_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the open replica, or %NULL with @error set
 */
DossierReplica *
dossier_replica_opener_open_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dossier_replica_opener_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
describe_replica_error (int code)
{
  switch ((DossierReplicaError) code)
    {
    case DOSSIER_REPLICA_ERROR_WRONG_KEY:
      return _("The replica is encrypted with a different key than the one in your keyring, "
               "or it is not a database at all.");
    case DOSSIER_REPLICA_ERROR_UNENCRYPTED:
      return _("The replica file is not encrypted. Dossier only keeps client files in an "
               "encrypted replica, so it will not use this one.");
    case DOSSIER_REPLICA_ERROR_FOREIGN:
      return _("The file is a database, but not a Dossier replica.");
    case DOSSIER_REPLICA_ERROR_CORRUPT:
      return _("The replica failed its integrity check: it is damaged. Restore it from a "
               "backup, or ask your office to set up this computer again.");
    case DOSSIER_REPLICA_ERROR_TOO_NEW:
      return _("The replica was written by a newer version of Dossier. Update Dossier to "
               "open it.");
    default:
      return _("The replica store could not open the file.");
    }
}

/**
 * dossier_replica_opener_describe_error:
 * @error: an error from dossier_replica_opener_open_finish()
 *
 * Returns: (transfer none): a translated sentence saying what went wrong and
 *   what the user can do, for the window's error page
 */
const char *
dossier_replica_opener_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, DOSSIER_OPEN_ERROR, DOSSIER_OPEN_ERROR_NO_KEY))
    return _("The replica file exists, but its key is not in your keyring. Without the key "
             "the file cannot be read. If you moved the file from another account or "
             "computer, its key stayed in that keyring.");

  if (error->domain == DOSSIER_REPLICA_ERROR)
    return describe_replica_error (error->code);

  if (error->domain == DOSSIER_KEYRING_ERROR ||
      error->domain == SECRET_ERROR ||
      error->domain == G_DBUS_ERROR)
    return _("The system keyring, which holds the replica’s key, is not available or is "
             "locked. Unlock it and try again.");

  if (error->domain == G_IO_ERROR)
    return _("The replica’s folder could not be read or written.");

  return _("The replica could not be opened.");
}
