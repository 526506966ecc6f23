/* test-replica-opener.c: the start-up decision table of the client, against a
 * real replica file and a real, unlocked gnome-keyring.
 *
 * The point of these tests is the promise on the error page: a replica that
 * cannot be opened is never written, moved or deleted.  Run inside
 * dbus-run-session with a throwaway HOME after
 *   echo -n PASS | gnome-keyring-daemon --unlock --components=secrets
 */

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "dossier-keyring.h"
#include "dossier-replica-opener.h"

/* A locked keyring waits for a prompt nobody answers: fail instead. */
#define WATCHDOG_SECONDS 30

typedef struct
{
  char *dir;
  char *path;
} OpenerFixture;

static void
watchdog_fired (int signum)
{
  static const char msg[] = "Bail out! A keyring or replica call did not return\n";

  if (write (STDOUT_FILENO, msg, sizeof msg - 1) < 0)
    _exit (1);
  _exit (1);
}

static void
fixture_set_up (OpenerFixture *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  alarm (WATCHDOG_SECONDS);
  fixture->dir = g_dir_make_tmp ("dossier-opener-XXXXXX", &error);
  g_assert_no_error (error);
  /* A folder that does not exist yet: first run must create it. */
  fixture->path = g_build_filename (fixture->dir, "data", "replica.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (OpenerFixture *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_keyring_clear_replica_key (fixture->path, NULL, &error));
  g_assert_no_error (error);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  alarm (0);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static DossierReplica *
open_replica (const char  *path,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dossier_replica_opener_open_async (path, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return dossier_replica_opener_open_finish (result, error);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static GBytes *
lookup_key (const char *path)
{
  g_autoptr(GError) error = NULL;
  GBytes *key = dossier_keyring_lookup_replica_key (path, NULL, &error);

  g_assert_no_error (error);
  return key;
}

static void
test_first_run_creates (OpenerFixture *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierReplica) replica = NULL;
  g_autoptr(GBytes) key = NULL;

  g_assert_null (lookup_key (fixture->path));

  replica = open_replica (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (replica);
  g_assert_cmpstr (dossier_replica_get_path (replica), ==, fixture->path);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));

  key = lookup_key (fixture->path);
  g_assert_nonnull (key);
  g_assert_cmpuint (g_bytes_get_size (key), ==, DOSSIER_REPLICA_KEY_SIZE);
}

static void
test_reopen_with_stored_key (OpenerFixture *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierReplica) first = NULL;
  g_autoptr(DossierReplica) second = NULL;
  g_autofree char *device_id = NULL;
  g_autoptr(GBytes) key_before = NULL;
  g_autoptr(GBytes) key_after = NULL;

  first = open_replica (fixture->path, &error);
  g_assert_no_error (error);
  device_id = g_strdup (dossier_replica_get_device_id (first));
  key_before = lookup_key (fixture->path);
  dossier_replica_close (first);

  second = open_replica (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);

  /* The same replica, not a new one created over it, with the same key. */
  g_assert_cmpstr (dossier_replica_get_device_id (second), ==, device_id);
  key_after = lookup_key (fixture->path);
  g_assert_true (g_bytes_equal (key_before, key_after));
}

static void
test_file_without_key_untouched (OpenerFixture *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierReplica) replica = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) key = NULL;

  write_file (fixture->path, "a replica whose key lives in another keyring");
  before = read_file (fixture->path);

  replica = open_replica (fixture->path, &error);
  g_assert_error (error, DOSSIER_OPEN_ERROR, DOSSIER_OPEN_ERROR_NO_KEY);
  g_assert_null (replica);

  after = read_file (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
  /* No key was invented for it either. */
  key = lookup_key (fixture->path);
  g_assert_null (key);
}

static void
test_wrong_key_untouched (OpenerFixture *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierReplica) created = NULL;
  g_autoptr(DossierReplica) replica = NULL;
  g_autoptr(GBytes) other_key = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  created = open_replica (fixture->path, &error);
  g_assert_no_error (error);
  dossier_replica_close (created);
  before = read_file (fixture->path);

  g_assert_true (dossier_keyring_store_replica_key (fixture->path, other_key, NULL, &error));
  g_assert_no_error (error);

  replica = open_replica (fixture->path, &error);
  g_assert_error (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_WRONG_KEY);
  g_assert_null (replica);

  after = read_file (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_describe_errors (void)
{
  static const int replica_codes[] = {
    DOSSIER_REPLICA_ERROR_WRONG_KEY,
    DOSSIER_REPLICA_ERROR_UNENCRYPTED,
    DOSSIER_REPLICA_ERROR_FOREIGN,
    DOSSIER_REPLICA_ERROR_CORRUPT,
    DOSSIER_REPLICA_ERROR_TOO_NEW,
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) no_key = g_error_new_literal (DOSSIER_OPEN_ERROR,
                                                  DOSSIER_OPEN_ERROR_NO_KEY, "x");
  g_autoptr(GError) keyring = g_error_new_literal (DOSSIER_KEYRING_ERROR,
                                                   DOSSIER_KEYRING_ERROR_UNAVAILABLE, "x");

  /* Each refusal gets its own explanation, so the page says what happened. */
  g_hash_table_add (seen, (char *) dossier_replica_opener_describe_error (no_key));
  g_hash_table_add (seen, (char *) dossier_replica_opener_describe_error (keyring));
  for (guint i = 0; i < G_N_ELEMENTS (replica_codes); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (DOSSIER_REPLICA_ERROR,
                                                     replica_codes[i], "x");
      const char *text = dossier_replica_opener_describe_error (error);

      g_assert_cmpuint (strlen (text), >, 20);
      g_hash_table_add (seen, (char *) text);
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, G_N_ELEMENTS (replica_codes) + 2);
}

static void
test_default_path (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected_env = g_build_filename (cwd, "some", "replica.db", NULL);
  g_autofree char *expected_xdg = g_build_filename (g_get_user_data_dir (),
                                                    "dossier", "replica.db", NULL);
  g_autofree char *from_env = NULL;
  g_autofree char *from_xdg = NULL;

  /* The keyring scopes keys by absolute path: a relative one must not leak in. */
  g_setenv ("DOSSIER_REPLICA", "some/./replica.db", TRUE);
  from_env = dossier_replica_opener_dup_default_path ();
  g_assert_cmpstr (from_env, ==, expected_env);

  g_unsetenv ("DOSSIER_REPLICA");
  from_xdg = dossier_replica_opener_dup_default_path ();
  g_assert_cmpstr (from_xdg, ==, expected_xdg);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGALRM, watchdog_fired);

  g_test_add_func ("/app/replica-opener/describe-errors", test_describe_errors);
  g_test_add_func ("/app/replica-opener/default-path", test_default_path);
  g_test_add ("/app/replica-opener/first-run-creates", OpenerFixture, NULL,
              fixture_set_up, test_first_run_creates, fixture_tear_down);
  g_test_add ("/app/replica-opener/reopen-with-stored-key", OpenerFixture, NULL,
              fixture_set_up, test_reopen_with_stored_key, fixture_tear_down);
  g_test_add ("/app/replica-opener/file-without-key-untouched", OpenerFixture, NULL,
              fixture_set_up, test_file_without_key_untouched, fixture_tear_down);
  g_test_add ("/app/replica-opener/wrong-key-untouched", OpenerFixture, NULL,
              fixture_set_up, test_wrong_key_untouched, fixture_tear_down);

  return g_test_run ();
}
