/* test-keyring.c: replica keys and tokens against a real, unlocked
 * gnome-keyring on a private session bus.
 *
 * Run inside dbus-run-session with a throwaway HOME, after
 *   echo -n PASS | gnome-keyring-daemon --unlock --components=secrets
 * A locked or absent keyring makes libsecret ask for a prompt that nobody can
 * answer here, so main() refuses to start without a usable default collection
 * and a watchdog turns any call that still hangs into a failure.
 */
#include "dossier-keyring.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* Well under the 60 s meson gives the whole program. */
#define WATCHDOG_SECONDS 20

#define TEST_SERVER "https://sync.dossier.test"

typedef struct
{
  char      *dir;            /* scratch directory for replica paths */
  char      *old_cwd;
  GPtrArray *replica_paths;  /* everything stored, cleared on teardown */
  GPtrArray *token_pairs;    /* server, user, server, user, ... */
} KeyringFixture;

static void
watchdog_fired (int signum)
{
  static const char msg[] =
    "Bail out! A keyring call did not return within "
    G_STRINGIFY (WATCHDOG_SECONDS)
    " s: the keyring is probably waiting for an unlock or create prompt\n";

  /* Only async-signal-safe calls here. */
  if (write (STDOUT_FILENO, msg, sizeof msg - 1) < 0)
    _exit (1);
  _exit (1);
}

static void
watchdog_arm (void)
{
  alarm (WATCHDOG_SECONDS);
}

static void
fixture_set_up (KeyringFixture *fixture,
                gconstpointer   user_data)
{
  g_autoptr(GError) error = NULL;

  watchdog_arm ();
  fixture->dir = g_dir_make_tmp ("dossier-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->old_cwd = g_get_current_dir ();
  fixture->replica_paths = g_ptr_array_new_with_free_func (g_free);
  fixture->token_pairs = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (KeyringFixture *fixture,
                   gconstpointer   user_data)
{
  g_assert_cmpint (g_chdir (fixture->old_cwd), ==, 0);

  for (guint i = 0; i < fixture->replica_paths->len; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *path = g_ptr_array_index (fixture->replica_paths, i);

      g_assert_true (dossier_keyring_clear_replica_key (path, NULL, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i + 1 < fixture->token_pairs->len; i += 2)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dossier_keyring_clear_token (g_ptr_array_index (fixture->token_pairs, i),
                                                  g_ptr_array_index (fixture->token_pairs, i + 1),
                                                  NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->old_cwd, g_free);
  g_clear_pointer (&fixture->replica_paths, g_ptr_array_unref);
  g_clear_pointer (&fixture->token_pairs, g_ptr_array_unref);
  alarm (0);
}

/* An absolute replica path in the scratch directory; its item is removed on
 * teardown.  The file itself is never created: only the name matters. */
static const char *
fixture_replica_path (KeyringFixture *fixture,
                      const char     *name)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_ptr_array_add (fixture->replica_paths, path);
  return path;
}

static void
fixture_track_token (KeyringFixture *fixture,
                     const char     *server,
                     const char     *user)
{
  g_ptr_array_add (fixture->token_pairs, g_strdup (server));
  g_ptr_array_add (fixture->token_pairs, g_strdup (user));
}

static void
store_key_or_fail (const char *path,
                   GBytes     *key)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_keyring_store_replica_key (path, key, NULL, &error));
  g_assert_no_error (error);
}

static GBytes *
lookup_key_or_fail (const char *path)
{
  g_autoptr(GError) error = NULL;
  GBytes *key = dossier_keyring_lookup_replica_key (path, NULL, &error);

  g_assert_no_error (error);
  return key;
}

static char *
bytes_to_hex (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  GString *hex = g_string_sized_new (size * 2);

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

static void
test_replica_key_store_lookup (KeyringFixture *fixture,
                               gconstpointer   user_data)
{
  const char *path = fixture_replica_path (fixture, "cases.db");
  g_autoptr(GBytes) key = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) found = NULL;

  store_key_or_fail (path, key);
  found = lookup_key_or_fail (path);

  g_assert_nonnull (found);
  g_assert_cmpmem (g_bytes_get_data (found, NULL), g_bytes_get_size (found),
                   g_bytes_get_data (key, NULL), g_bytes_get_size (key));
}

static void
test_replica_key_unknown (KeyringFixture *fixture,
                          gconstpointer   user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "never-stored.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) found = NULL;

  found = dossier_keyring_lookup_replica_key (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_replica_key_separate (KeyringFixture *fixture,
                           gconstpointer   user_data)
{
  const char *path_a = fixture_replica_path (fixture, "office-a.db");
  const char *path_b = fixture_replica_path (fixture, "office-b.db");
  g_autoptr(GBytes) key_a = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) key_b = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) found_a = NULL;
  g_autoptr(GBytes) found_b = NULL;

  store_key_or_fail (path_a, key_a);
  store_key_or_fail (path_b, key_b);
  found_a = lookup_key_or_fail (path_a);
  found_b = lookup_key_or_fail (path_b);

  g_assert_nonnull (found_a);
  g_assert_nonnull (found_b);
  g_assert_true (g_bytes_equal (found_a, key_a));
  g_assert_true (g_bytes_equal (found_b, key_b));
  g_assert_false (g_bytes_equal (found_a, found_b));
}

static void
test_replica_key_relative_path (KeyringFixture *fixture,
                                gconstpointer   user_data)
{
  const char *absolute = fixture_replica_path (fixture, "replica.db");
  g_autoptr(GBytes) key = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) by_absolute = NULL;
  g_autoptr(GBytes) by_dotted = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
  store_key_or_fail ("replica.db", key);

  by_absolute = lookup_key_or_fail (absolute);
  g_assert_nonnull (by_absolute);
  g_assert_true (g_bytes_equal (by_absolute, key));

  by_dotted = lookup_key_or_fail ("./sub/../replica.db");
  g_assert_nonnull (by_dotted);
  g_assert_true (g_bytes_equal (by_dotted, key));

  /* Clearing by the relative name removes the absolute one's item too. */
  g_assert_true (dossier_keyring_clear_replica_key ("replica.db", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&by_absolute, g_bytes_unref);
  by_absolute = lookup_key_or_fail (absolute);
  g_assert_null (by_absolute);
}

static guint
count_items (const char *kind,
             const char *scope)
{
  g_autoptr(GError) error = NULL;
  GList *items = secret_password_search_sync (dossier_keyring_get_schema (),
                                              SECRET_SEARCH_ALL, NULL, &error,
                                              "kind", kind,
                                              "scope", scope,
                                              NULL);
  guint n = g_list_length (items);

  g_assert_no_error (error);
  g_list_free_full (items, g_object_unref);
  return n;
}

static void
test_replica_key_replace (KeyringFixture *fixture,
                          gconstpointer   user_data)
{
  const char *path = fixture_replica_path (fixture, "rekeyed.db");
  g_autoptr(GBytes) first = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) second = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) found = NULL;

  store_key_or_fail (path, first);
  store_key_or_fail (path, second);
  found = lookup_key_or_fail (path);

  g_assert_nonnull (found);
  g_assert_true (g_bytes_equal (found, second));
  /* A replaced key must not linger as a second item. */
  g_assert_cmpuint (count_items ("replica-key", path), ==, 1);
}

static void
test_replica_key_clear (KeyringFixture *fixture,
                        gconstpointer   user_data)
{
  const char *path = fixture_replica_path (fixture, "removed.db");
  g_autoptr(GBytes) key = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) found = NULL;
  g_autoptr(GError) error = NULL;

  store_key_or_fail (path, key);
  found = lookup_key_or_fail (path);
  g_assert_nonnull (found);

  g_assert_true (dossier_keyring_clear_replica_key (path, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&found, g_bytes_unref);
  found = lookup_key_or_fail (path);
  g_assert_null (found);
  g_assert_cmpuint (count_items ("replica-key", path), ==, 0);

  /* Clearing what is not there is not a failure. */
  g_assert_true (dossier_keyring_clear_replica_key (path, NULL, &error));
  g_assert_no_error (error);
}

static void
test_replica_key_corrupt (KeyringFixture *fixture,
                          gconstpointer   user_data)
{
  const char *path = fixture_replica_path (fixture, "tampered.db");
  const char *bad_values[] = {
    "not-hex",
    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
    /* 63 and 65 hex digits */
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
    /* 64 characters, one of them a space */
    "0123456789abcdef0123456789abcdef 123456789abcdef0123456789abcdef",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) found = NULL;

      g_assert_true (secret_password_store_sync (dossier_keyring_get_schema (),
                                                 SECRET_COLLECTION_DEFAULT,
                                                 "tampered", bad_values[i],
                                                 NULL, &error,
                                                 "kind", "replica-key",
                                                 "scope", path,
                                                 NULL));
      g_assert_no_error (error);

      found = dossier_keyring_lookup_replica_key (path, NULL, &error);
      g_assert_error (error, DOSSIER_KEYRING_ERROR, DOSSIER_KEYRING_ERROR_CORRUPT);
      g_assert_null (found);
      /* Whatever sits in the item may be someone's secret: never echo it. */
      g_assert_null (strstr (error->message, bad_values[i]));
    }
}

typedef struct
{
  GMainLoop *loop;
  GBytes    *key;
  GError    *error;
  gboolean   done;
} AsyncLookup;

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncLookup *lookup = user_data;

  lookup->key = dossier_keyring_lookup_replica_key_finish (result, &lookup->error);
  lookup->done = TRUE;
  g_main_loop_quit (lookup->loop);
}

/* Runs one async lookup to completion on the default main context. */
static void
lookup_async_and_wait (const char  *path,
                       GBytes     **key,
                       GError     **error)
{
  AsyncLookup lookup = { g_main_loop_new (NULL, FALSE), NULL, NULL, FALSE };

  dossier_keyring_lookup_replica_key_async (path, NULL, lookup_done_cb, &lookup);
  /* The answer comes over D-Bus, so it cannot have arrived yet. */
  g_assert_false (lookup.done);
  g_main_loop_run (lookup.loop);
  g_assert_true (lookup.done);

  g_main_loop_unref (lookup.loop);
  *key = lookup.key;
  if (lookup.error != NULL)
    g_propagate_error (error, lookup.error);
}

static void
test_replica_key_async (KeyringFixture *fixture,
                        gconstpointer   user_data)
{
  const char *path = fixture_replica_path (fixture, "async.db");
  g_autofree char *unknown = g_build_filename (fixture->dir, "nothing.db", NULL);
  g_autoptr(GBytes) key = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) found = NULL;
  g_autoptr(GBytes) missing = NULL;
  g_autoptr(GError) error = NULL;

  store_key_or_fail (path, key);

  lookup_async_and_wait (path, &found, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (g_bytes_equal (found, key));

  lookup_async_and_wait (unknown, &missing, &error);
  g_assert_no_error (error);
  g_assert_null (missing);
}

static void
test_replica_key_async_corrupt (KeyringFixture *fixture,
                                gconstpointer   user_data)
{
  const char *path = fixture_replica_path (fixture, "async-tampered.db");
  g_autoptr(GBytes) found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (secret_password_store_sync (dossier_keyring_get_schema (),
                                             SECRET_COLLECTION_DEFAULT,
                                             "tampered", "0xDEADBEEF",
                                             NULL, &error,
                                             "kind", "replica-key",
                                             "scope", path,
                                             NULL));
  g_assert_no_error (error);

  lookup_async_and_wait (path, &found, &error);
  g_assert_error (error, DOSSIER_KEYRING_ERROR, DOSSIER_KEYRING_ERROR_CORRUPT);
  g_assert_null (found);
}

/* Cancelling is not the keyring's fault and must not read as "unavailable". */
static void
test_replica_key_cancelled (KeyringFixture *fixture,
                            gconstpointer   user_data)
{
  const char *path = fixture_replica_path (fixture, "cancelled.db");
  g_autoptr(GBytes) key = dossier_keyring_generate_replica_key ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) found = NULL;
  g_autoptr(GBytes) found_async = NULL;
  g_autoptr(GError) error = NULL;
  AsyncLookup lookup = { g_main_loop_new (NULL, FALSE), NULL, NULL, FALSE };

  store_key_or_fail (path, key);
  g_cancellable_cancel (cancellable);

  found = dossier_keyring_lookup_replica_key (path, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);

  dossier_keyring_lookup_replica_key_async (path, cancellable, lookup_done_cb, &lookup);
  g_main_loop_run (lookup.loop);
  g_main_loop_unref (lookup.loop);
  found_async = lookup.key;
  g_assert_error (lookup.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found_async);
  g_clear_error (&lookup.error);
}

static void
assert_token (const char *server,
              const char *user,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = dossier_keyring_lookup_token (server, user, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, expected);
}

static void
store_token_or_fail (KeyringFixture *fixture,
                     const char     *server,
                     const char     *user,
                     const char     *token)
{
  g_autoptr(GError) error = NULL;

  fixture_track_token (fixture, server, user);
  g_assert_true (dossier_keyring_store_token (server, user, token, NULL, &error));
  g_assert_no_error (error);
}

static void
test_token_store_lookup_clear (KeyringFixture *fixture,
                               gconstpointer   user_data)
{
  g_autoptr(GError) error = NULL;

  assert_token (TEST_SERVER, "li.wei", NULL);
  store_token_or_fail (fixture, TEST_SERVER, "li.wei", "token-one");
  assert_token (TEST_SERVER, "li.wei", "token-one");

  /* A fresh login replaces the token rather than adding a second one. */
  store_token_or_fail (fixture, TEST_SERVER, "li.wei", "token-two");
  assert_token (TEST_SERVER, "li.wei", "token-two");
  g_assert_cmpuint (count_items ("token", TEST_SERVER "\nli.wei"), ==, 1);

  g_assert_true (dossier_keyring_clear_token (TEST_SERVER, "li.wei", NULL, &error));
  g_assert_no_error (error);
  assert_token (TEST_SERVER, "li.wei", NULL);
}

static void
test_token_scopes_apart (KeyringFixture *fixture,
                         gconstpointer   user_data)
{
  const char *other_server = "https://backup.dossier.test";
  g_autoptr(GError) error = NULL;

  store_token_or_fail (fixture, TEST_SERVER, "anna", "token-anna");
  store_token_or_fail (fixture, TEST_SERVER, "ben", "token-ben");
  store_token_or_fail (fixture, other_server, "anna", "token-anna-backup");

  assert_token (TEST_SERVER, "anna", "token-anna");
  assert_token (TEST_SERVER, "ben", "token-ben");
  assert_token (other_server, "anna", "token-anna-backup");
  assert_token (TEST_SERVER, "carl", NULL);

  /* Logging one user out leaves the others signed in. */
  g_assert_true (dossier_keyring_clear_token (TEST_SERVER, "anna", NULL, &error));
  g_assert_no_error (error);
  assert_token (TEST_SERVER, "anna", NULL);
  assert_token (TEST_SERVER, "ben", "token-ben");
  assert_token (other_server, "anna", "token-anna-backup");
}

static void
test_generate_replica_key (void)
{
  static const guint8 zeros[DOSSIER_REPLICA_KEY_SIZE] = { 0 };
  g_autoptr(GBytes) first = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) second = dossier_keyring_generate_replica_key ();

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_cmpuint (g_bytes_get_size (first), ==, DOSSIER_REPLICA_KEY_SIZE);
  g_assert_cmpuint (g_bytes_get_size (second), ==, DOSSIER_REPLICA_KEY_SIZE);
  g_assert_false (g_bytes_equal (first, second));
  g_assert_true (memcmp (g_bytes_get_data (first, NULL), zeros, sizeof zeros) != 0);
}

/* Looks through every regular file below @path for @needle; symlinks and
 * sockets (gnome-keyring's control socket lives under HOME) are skipped. */
static gboolean
tree_contains (const char   *path,
               const void   *needle,
               gsize         needle_len,
               guint        *n_files,
               char        **found_in)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return FALSE;

  if (S_ISREG (st.st_mode))
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        return FALSE;
      (*n_files)++;
      if (memmem (contents, length, needle, needle_len) == NULL)
        return FALSE;
      *found_in = g_strdup (path);
      return TRUE;
    }

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (tree_contains (child, needle, needle_len, n_files, found_in))
            return TRUE;
        }
    }

  return FALSE;
}

static void
assert_not_under_home (const void *needle,
                       gsize       needle_len,
                       const char *what)
{
  g_autofree char *found_in = NULL;
  guint n_files = 0;

  if (!tree_contains (g_get_home_dir (), needle, needle_len, &n_files, &found_in))
    tree_contains (g_get_user_data_dir (), needle, needle_len, &n_files, &found_in);
  if (found_in != NULL)
    g_test_message ("The %s was written in the clear to %s", what, found_in);
  /* Names the file, never the secret. */
  g_assert_cmpstr (found_in, ==, NULL);
  g_assert_cmpuint (n_files, >, 0);
}

/* All keyring files, concatenated: a way to see that a store reached disk. */
static GBytes *
snapshot_keyrings (void)
{
  g_autofree char *dir_path = g_build_filename (g_get_user_data_dir (), "keyrings", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GByteArray *all = g_byte_array_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (file, &contents, &length, NULL))
        g_byte_array_append (all, (const guint8 *) contents, length);
    }
  return g_byte_array_free_to_bytes (all);
}

static void
test_secret_not_on_disk (KeyringFixture *fixture,
                         gconstpointer   user_data)
{
  const char *path = fixture_replica_path (fixture, "on-disk.db");
  g_autoptr(GBytes) key = dossier_keyring_generate_replica_key ();
  g_autoptr(GBytes) token_bytes = dossier_keyring_generate_replica_key ();
  g_autofree char *hex = bytes_to_hex (key);
  g_autofree char *token = bytes_to_hex (token_bytes);
  g_autofree char *control = g_build_filename (fixture->dir, "control.txt", NULL);
  g_autofree char *found_in = NULL;
  g_autoptr(GBytes) before = snapshot_keyrings ();
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  guint n_files = 0;

  store_key_or_fail (path, key);
  store_token_or_fail (fixture, TEST_SERVER, "disk.check", token);

  /* The keyring did write something under our data directory... */
  after = snapshot_keyrings ();
  g_assert_cmpuint (g_bytes_get_size (after), >, 0);
  g_assert_false (g_bytes_equal (before, after));

  /* ...and none of it is the secret, in hex or raw. */
  assert_not_under_home (hex, strlen (hex), "replica key (hex)");
  assert_not_under_home (g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                         "replica key (raw)");
  assert_not_under_home (token, strlen (token), "sync token");

  /* The search itself finds a secret that was written in the clear. */
  g_assert_true (g_file_set_contents (control, hex, -1, &error));
  g_assert_no_error (error);
  g_assert_true (tree_contains (fixture->dir, hex, strlen (hex), &n_files, &found_in));
  g_assert_cmpstr (found_in, ==, control);
  g_assert_cmpint (g_unlink (control), ==, 0);
}

/* In a child process pointed at a bus that does not exist, so the service
 * libsecret caches in the parent is not disturbed. */
static void
test_unavailable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) key = dossier_keyring_generate_replica_key ();
      g_autoptr(GBytes) found = NULL;
      g_autofree char *token = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/dossier-bus", TRUE);

      found = dossier_keyring_lookup_replica_key ("/tmp/any.db", NULL, &error);
      g_assert_error (error, DOSSIER_KEYRING_ERROR, DOSSIER_KEYRING_ERROR_UNAVAILABLE);
      g_assert_true (g_str_has_prefix (error->message,
                                       "The system keyring is not available: "));
      g_assert_null (found);
      g_clear_error (&error);

      g_assert_false (dossier_keyring_store_replica_key ("/tmp/any.db", key, NULL, &error));
      g_assert_error (error, DOSSIER_KEYRING_ERROR, DOSSIER_KEYRING_ERROR_UNAVAILABLE);
      g_clear_error (&error);

      token = dossier_keyring_lookup_token (TEST_SERVER, "anna", NULL, &error);
      g_assert_error (error, DOSSIER_KEYRING_ERROR, DOSSIER_KEYRING_ERROR_UNAVAILABLE);
      g_assert_null (token);
      return;
    }

  g_test_trap_subprocess (NULL, WATCHDOG_SECONDS * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Checks, without anything that could prompt, that the default collection
 * exists and is unlocked. */
static gboolean
keyring_is_ready (GError **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, error);
  if (service == NULL)
    return FALSE;

  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, error);
  if (collection == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "there is no default collection (creating one needs a prompt)");
      return FALSE;
    }
  if (secret_collection_get_locked (collection))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "the default collection is locked (unlocking it needs a prompt)");
      return FALSE;
    }

  return TRUE;
}

#define add_keyring_test(path, func) \
  g_test_add (path, KeyringFixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  signal (SIGALRM, watchdog_fired);

  /* A child of test_unavailable must not touch the real keyring. */
  if (!g_test_subprocess ())
    {
      watchdog_arm ();
      if (!keyring_is_ready (&error))
        {
          g_strdelimit (error->message, "\n", ' ');
          g_print ("Bail out! The system keyring is not reachable, so the keyring "
                   "tests cannot run: %s. Run them inside dbus-run-session after "
                   "'echo -n PASSWORD | gnome-keyring-daemon --unlock "
                   "--components=secrets', with a throwaway HOME.\n",
                   error->message);
          return EXIT_FAILURE;
        }
      alarm (0);
    }

  add_keyring_test ("/sync/keyring/replica-key/store-lookup", test_replica_key_store_lookup);
  add_keyring_test ("/sync/keyring/replica-key/unknown", test_replica_key_unknown);
  add_keyring_test ("/sync/keyring/replica-key/separate", test_replica_key_separate);
  add_keyring_test ("/sync/keyring/replica-key/relative-path", test_replica_key_relative_path);
  add_keyring_test ("/sync/keyring/replica-key/replace", test_replica_key_replace);
  add_keyring_test ("/sync/keyring/replica-key/clear", test_replica_key_clear);
  add_keyring_test ("/sync/keyring/replica-key/corrupt", test_replica_key_corrupt);
  add_keyring_test ("/sync/keyring/replica-key/async", test_replica_key_async);
  add_keyring_test ("/sync/keyring/replica-key/async-corrupt", test_replica_key_async_corrupt);
  add_keyring_test ("/sync/keyring/replica-key/cancelled", test_replica_key_cancelled);
  add_keyring_test ("/sync/keyring/token/store-lookup-clear", test_token_store_lookup_clear);
  add_keyring_test ("/sync/keyring/token/scopes-apart", test_token_scopes_apart);
  add_keyring_test ("/sync/keyring/not-on-disk", test_secret_not_on_disk);
  g_test_add_func ("/sync/keyring/generate", test_generate_replica_key);
  g_test_add_func ("/sync/keyring/unavailable", test_unavailable);

  return g_test_run ();
}
