/* dossier-keyring.c: the replica encryption keys and server tokens, kept only
 * in the system keyring through libsecret.
 *
 * Nothing here writes a secret anywhere else: keys travel to the keyring as
 * hex text, the intermediate buffers are wiped, and error messages carry the
 * keyring's complaint, never the secret.
 */
#include "dossier-keyring.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#define KIND_REPLICA_KEY "replica-key"
#define KIND_TOKEN       "token"
#define HEX_KEY_LENGTH   (DOSSIER_REPLICA_KEY_SIZE * 2)

G_DEFINE_QUARK (dossier-keyring-error-quark, dossier_keyring_error)

static const SecretSchema keyring_schema = {
  "org.dossier.Dossier", SECRET_SCHEMA_NONE,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "scope", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/**
 * dossier_keyring_get_schema:
 *
 * Returns: (transfer none): the application's schema; items carry "kind" and
 *   "scope" string attributes.
 */
const SecretSchema *
dossier_keyring_get_schema (void)
{
  return &keyring_schema;
}

/* Cancellation is the caller's own doing and keeps its G_IO_ERROR code; every
 * other failure (no session bus, no Secret Service, a locked or missing
 * collection, a D-Bus error) leaves the user with the same remedy. */
static void
propagate_secret_error (GError **error,
                        GError  *secret_error)
{
  g_autofree char *detail = NULL;

  if (g_error_matches (secret_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, secret_error);
      return;
    }

  if (g_error_matches (secret_error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    detail = g_strdup (_("it is locked"));
  else
    {
      if (g_dbus_error_is_remote_error (secret_error))
        g_dbus_error_strip_remote_error (secret_error);
      detail = g_strdup (secret_error->message);
      /* The sentence below adds its own full stop. */
      if (g_str_has_suffix (detail, "."))
        detail[strlen (detail) - 1] = '\0';
    }

  g_set_error (error, DOSSIER_KEYRING_ERROR, DOSSIER_KEYRING_ERROR_UNAVAILABLE,
               _("The system keyring is not available: %s. Make sure a keyring "
                 "service such as GNOME Keyring is running and unlocked, then "
                 "try again."),
               detail);
  g_error_free (secret_error);
}

/* The replica path names the item; a relative path and its absolute form must
 * find the same key, or a second launch from another directory would not. */
static char *
replica_scope (const char *replica_path)
{
  return g_canonicalize_filename (replica_path, NULL);
}

/* Split at the first newline; a server address never contains one, so the
 * pair maps to exactly one scope. */
static char *
token_scope (const char *server,
             const char *user)
{
  return g_strconcat (server, "\n", user, NULL);
}

static void
wipe_and_free (gpointer data,
               gsize    size)
{
  if (data == NULL)
    return;
  explicit_bzero (data, size);
  g_free (data);
}

static void
free_key_buffer (gpointer data)
{
  wipe_and_free (data, DOSSIER_REPLICA_KEY_SIZE);
}

/* The returned bytes wipe themselves when the last reference goes. */
static GBytes *
key_bytes_new_take (guint8 *buffer)
{
  return g_bytes_new_with_free_func (buffer, DOSSIER_REPLICA_KEY_SIZE,
                                     free_key_buffer, buffer);
}

static char *
encode_key_hex (GBytes *key)
{
  static const char digits[] = "0123456789abcdef";
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (key, &size);
  char *hex = g_malloc (HEX_KEY_LENGTH + 1);

  for (gsize i = 0; i < size; i++)
    {
      hex[2 * i] = digits[data[i] >> 4];
      hex[2 * i + 1] = digits[data[i] & 0x0f];
    }
  hex[HEX_KEY_LENGTH] = '\0';

  return hex;
}

static GBytes *
decode_key_hex (const char  *hex,
                GError     **error)
{
  guint8 *buffer;

  if (strlen (hex) != HEX_KEY_LENGTH)
    goto corrupt;

  buffer = g_malloc (DOSSIER_REPLICA_KEY_SIZE);
  for (gsize i = 0; i < DOSSIER_REPLICA_KEY_SIZE; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        {
          free_key_buffer (buffer);
          goto corrupt;
        }
      buffer[i] = (guint8) ((high << 4) | low);
    }

  return key_bytes_new_take (buffer);

corrupt:
  /* Say nothing about the content: it may be someone's secret. */
  g_set_error_literal (error, DOSSIER_KEYRING_ERROR,
                       DOSSIER_KEYRING_ERROR_CORRUPT,
                       _("The replica key stored in the system keyring is "
                         "damaged: it is not a 256-bit key written by Dossier."));
  return NULL;
}

/* Turns the hex text libsecret handed back into a key, and wipes the text. */
static GBytes *
take_key_from_password (char    *password,
                        GError **error)
{
  GBytes *key = decode_key_hex (password, error);

  secret_password_free (password);
  return key;
}

/* libsecret answers "no password" both when nothing matches and when the
 * matching item stayed locked because nobody answered the unlock prompt.  Only
 * the first means there is no key: a locked key taken for a missing one would
 * have the caller make a new replica key and lose the old replica. */
static gboolean
check_items_unlocked (GList   *items,
                      GError **error)
{
  gboolean locked = FALSE;

  for (GList *l = items; l != NULL; l = l->next)
    if (SECRET_IS_ITEM (l->data) && secret_item_get_locked (SECRET_ITEM (l->data)))
      locked = TRUE;
  g_list_free_full (items, g_object_unref);

  if (locked)
    propagate_secret_error (error, g_error_new_literal (SECRET_ERROR,
                                                        SECRET_ERROR_IS_LOCKED,
                                                        "locked"));
  return !locked;
}

/* Searching without SECRET_SEARCH_UNLOCK finds locked items too, and never
 * prompts. */
static gboolean
confirm_absent_sync (const char    *kind,
                     const char    *scope,
                     GCancellable  *cancellable,
                     GError       **error)
{
  GError *secret_error = NULL;
  GList *items;

  items = secret_password_search_sync (&keyring_schema, SECRET_SEARCH_ALL,
                                       cancellable, &secret_error,
                                       "kind", kind,
                                       "scope", scope,
                                       NULL);
  if (secret_error != NULL)
    {
      propagate_secret_error (error, secret_error);
      return FALSE;
    }

  return check_items_unlocked (items, error);
}

/**
 * dossier_keyring_lookup_replica_key:
 * @replica_path: the replica file, absolute or relative to the current directory
 *
 * Returns: (transfer full) (nullable): the 32-byte key, or %NULL with no error
 *   when the keyring holds none for this replica.
 */
GBytes *
dossier_keyring_lookup_replica_key (const char    *replica_path,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autofree char *scope = NULL;
  GError *secret_error = NULL;
  char *password;

  g_return_val_if_fail (replica_path != NULL && *replica_path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scope = replica_scope (replica_path);
  password = secret_password_lookup_sync (&keyring_schema, cancellable,
                                          &secret_error,
                                          "kind", KIND_REPLICA_KEY,
                                          "scope", scope,
                                          NULL);
  if (secret_error != NULL)
    {
      propagate_secret_error (error, secret_error);
      return NULL;
    }
  if (password == NULL)
    {
      confirm_absent_sync (KIND_REPLICA_KEY, scope, cancellable, error);
      return NULL;
    }

  return take_key_from_password (password, error);
}

/**
 * dossier_keyring_store_replica_key:
 * @replica_path: the replica file, absolute or relative to the current directory
 * @key: exactly %DOSSIER_REPLICA_KEY_SIZE bytes
 *
 * Stores @key in the default collection, replacing any earlier key for the
 * same replica.
 */
gboolean
dossier_keyring_store_replica_key (const char    *replica_path,
                                   GBytes        *key,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autofree char *scope = NULL;
  g_autofree char *label = NULL;
  GError *secret_error = NULL;
  char *hex;
  gboolean stored;

  g_return_val_if_fail (replica_path != NULL && *replica_path != '\0', FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (g_bytes_get_size (key) == DOSSIER_REPLICA_KEY_SIZE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  scope = replica_scope (replica_path);
  label = g_strdup_printf (_("Dossier replica key (%s)"), scope);
  hex = encode_key_hex (key);
  stored = secret_password_store_sync (&keyring_schema,
                                       SECRET_COLLECTION_DEFAULT, label, hex,
                                       cancellable, &secret_error,
                                       "kind", KIND_REPLICA_KEY,
                                       "scope", scope,
                                       NULL);
  wipe_and_free (hex, HEX_KEY_LENGTH);

  if (!stored)
    {
      propagate_secret_error (error, secret_error);
      return FALSE;
    }

  return TRUE;
}

/* getrandom(2) draws from the kernel's CSPRNG; /dev/urandom is the same
 * source for kernels or sandboxes that refuse the system call. */
static gboolean
fill_random (guint8 *buffer,
             gsize   size)
{
  gsize done = 0;
  int fd;

  while (done < size)
    {
      ssize_t n = getrandom (buffer + done, size - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      done += (gsize) n;
    }
  if (done == size)
    return TRUE;

  fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  for (done = 0; done < size;)
    {
      ssize_t n = read (fd, buffer + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  close (fd);

  return done == size;
}

/**
 * dossier_keyring_generate_replica_key:
 *
 * Returns: (transfer full): %DOSSIER_REPLICA_KEY_SIZE fresh random bytes from
 *   the kernel's cryptographically secure generator.
 */
GBytes *
dossier_keyring_generate_replica_key (void)
{
  guint8 *buffer = g_malloc (DOSSIER_REPLICA_KEY_SIZE);

  /* A weaker fallback would silently encrypt client files with a guessable
   * key; without the kernel's generator the process cannot work safely. */
  if (!fill_random (buffer, DOSSIER_REPLICA_KEY_SIZE))
    g_error ("No secure random source (getrandom, /dev/urandom): %s",
             g_strerror (errno));

  return key_bytes_new_take (buffer);
}

/**
 * dossier_keyring_clear_replica_key:
 *
 * Removes the replica's key.  Succeeds when there was none.
 */
gboolean
dossier_keyring_clear_replica_key (const char    *replica_path,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autofree char *scope = NULL;
  GError *secret_error = NULL;

  g_return_val_if_fail (replica_path != NULL && *replica_path != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  scope = replica_scope (replica_path);
  /* FALSE without an error only means nothing matched. */
  secret_password_clear_sync (&keyring_schema, cancellable, &secret_error,
                              "kind", KIND_REPLICA_KEY,
                              "scope", scope,
                              NULL);
  if (secret_error != NULL)
    {
      propagate_secret_error (error, secret_error);
      return FALSE;
    }

  return TRUE;
}

/**
 * dossier_keyring_store_token:
 * @server: the server address; it cannot contain a newline
 * @user: the user name the token was issued to
 * @token: the token
 *
 * Stores @token, replacing an earlier token for the same server and user.
 */
gboolean
dossier_keyring_store_token (const char    *server,
                             const char    *user,
                             const char    *token,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *scope = NULL;
  g_autofree char *label = NULL;
  GError *secret_error = NULL;

  g_return_val_if_fail (server != NULL && strchr (server, '\n') == NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  scope = token_scope (server, user);
  label = g_strdup_printf (_("Dossier sync token for %s at %s"), user, server);
  if (!secret_password_store_sync (&keyring_schema, SECRET_COLLECTION_DEFAULT,
                                   label, token, cancellable, &secret_error,
                                   "kind", KIND_TOKEN,
                                   "scope", scope,
                                   NULL))
    {
      propagate_secret_error (error, secret_error);
      return FALSE;
    }

  return TRUE;
}

/**
 * dossier_keyring_lookup_token:
 *
 * Returns: (transfer full) (nullable): the token, or %NULL with no error when
 *   none is stored for this server and user.
 */
char *
dossier_keyring_lookup_token (const char    *server,
                              const char    *user,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autofree char *scope = NULL;
  GError *secret_error = NULL;
  char *password;
  char *token;

  g_return_val_if_fail (server != NULL && strchr (server, '\n') == NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scope = token_scope (server, user);
  password = secret_password_lookup_sync (&keyring_schema, cancellable,
                                          &secret_error,
                                          "kind", KIND_TOKEN,
                                          "scope", scope,
                                          NULL);
  if (secret_error != NULL)
    {
      propagate_secret_error (error, secret_error);
      return NULL;
    }
  if (password == NULL)
    {
      confirm_absent_sync (KIND_TOKEN, scope, cancellable, error);
      return NULL;
    }

  /* Callers free with g_free(); libsecret's copy is wiped here. */
  token = g_strdup (password);
  secret_password_free (password);

  return token;
}

/**
 * dossier_keyring_clear_token:
 *
 * Removes the token for this server and user.  Succeeds when there was none.
 */
gboolean
dossier_keyring_clear_token (const char    *server,
                             const char    *user,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *scope = NULL;
  GError *secret_error = NULL;

  g_return_val_if_fail (server != NULL && strchr (server, '\n') == NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  scope = token_scope (server, user);
  secret_password_clear_sync (&keyring_schema, cancellable, &secret_error,
                              "kind", KIND_TOKEN,
                              "scope", scope,
                              NULL);
  if (secret_error != NULL)
    {
      propagate_secret_error (error, secret_error);
      return FALSE;
    }

  return TRUE;
}

static void
confirm_absent_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *secret_error = NULL;
  GError *error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &secret_error);
  if (secret_error != NULL)
    {
      propagate_secret_error (&error, secret_error);
      g_task_return_error (task, error);
    }
  else if (!check_items_unlocked (items, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
lookup_replica_key_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *secret_error = NULL;
  GError *error = NULL;
  char *password;
  GBytes *key;

  password = secret_password_lookup_finish (result, &secret_error);
  if (secret_error != NULL)
    {
      propagate_secret_error (&error, secret_error);
      g_task_return_error (task, error);
      return;
    }
  if (password == NULL)
    {
      secret_password_search (&keyring_schema, SECRET_SEARCH_ALL,
                              g_task_get_cancellable (task),
                              confirm_absent_cb, g_object_ref (task),
                              "kind", KIND_REPLICA_KEY,
                              "scope", (const char *) g_task_get_task_data (task),
                              NULL);
      return;
    }

  key = take_key_from_password (password, &error);
  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, (GDestroyNotify) g_bytes_unref);
}

/**
 * dossier_keyring_lookup_replica_key_async:
 * @replica_path: the replica file, absolute or relative to the current directory
 *
 * Looks the key up through libsecret's own asynchronous call, so the calling
 * thread's main loop keeps running while the keyring answers.
 */
void
dossier_keyring_lookup_replica_key_async (const char          *replica_path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *scope = NULL;

  g_return_if_fail (replica_path != NULL && *replica_path != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_keyring_lookup_replica_key_async);
  g_task_set_name (task, "dossier_keyring_lookup_replica_key_async");

  /* The path is resolved now, against the current directory of the call. */
  scope = replica_scope (replica_path);
  g_task_set_task_data (task, g_strdup (scope), g_free);
  secret_password_lookup (&keyring_schema, cancellable,
                          lookup_replica_key_cb, g_steal_pointer (&task),
                          "kind", KIND_REPLICA_KEY,
                          "scope", scope,
                          NULL);
}

/**
 * dossier_keyring_lookup_replica_key_finish:
 *
 * Returns: (transfer full) (nullable): as dossier_keyring_lookup_replica_key().
 */
GBytes *
dossier_keyring_lookup_replica_key_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dossier_keyring_lookup_replica_key_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
