/* dossier-server-store.c: the storage interface and what every backend shares.
 *
 * Passwords become argon2id hashes here and tokens are made here, so no
 * backend ever sees a password or a token; the scope rules of a push are
 * decided here (dossier_server_batch_plan) against lookups the backend
 * answers inside its own transaction.
 */

#include "dossier-server-store-private.h"

#include <argon2.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

/* OWASP's argon2id minimum (19 MiB, 2 passes): about 30 ms a login here. */
#define ARGON2_T_COST      2
#define ARGON2_M_COST_KIB  19456
#define ARGON2_LANES       1
#define ARGON2_SALT_BYTES  16
#define ARGON2_HASH_BYTES  32
#define TOKEN_BYTES        32
#define MAX_NAME_CHARS     100
#define MAX_PASSWORD_BYTES 1024
#define MAX_BLOB_CHUNK     (4 * 1024 * 1024)

G_DEFINE_QUARK (dossier-server-store-error-quark, dossier_server_store_error)
G_DEFINE_INTERFACE (DossierServerStore, dossier_server_store, G_TYPE_OBJECT)

enum
{
  CHANGES_ACCEPTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
dossier_server_store_default_init (DossierServerStoreInterface *iface)
{
  /**
   * DossierServerStore::changes-accepted:
   * @scopes: the distinct scopes of the accepted changes
   * @last_seq: the highest sequence number now in the log
   *
   * Emitted after a push committed, in the thread that learnt of it (the
   * pushing worker, or a backend's listener for pushes of other server
   * processes): handlers must be thread-safe.  Long polls wait on it.
   */
  signals[CHANGES_ACCEPTED] =
    g_signal_new ("changes-accepted", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRV, G_TYPE_INT64);
}

gint64
dossier_server_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * dossier_server_store_open:
 * @spec: "sqlite:PATH" or "postgresql:CONNINFO" (libpq's key=value or URI
 *   form; empty: the PG* environment variables)
 *
 * Returns: (transfer full): the store, its schema created or migrated
 */
DossierServerStore *
dossier_server_store_open (const char  *spec,
                           GError     **error)
{
  g_return_val_if_fail (spec != NULL, NULL);

  if (g_str_has_prefix (spec, "sqlite:") && spec[strlen ("sqlite:")] != '\0')
    return dossier_server_store_sqlite_new (spec + strlen ("sqlite:"), error);
  if (g_str_has_prefix (spec, "postgresql:"))
    return dossier_server_store_pg_new (spec + strlen ("postgresql:"), error);

  g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
               "Unknown store “%s”: use sqlite:PATH or postgresql:CONNINFO", spec);
  return NULL;
}

void
dossier_server_store_changes_accepted (DossierServerStore *self,
                                       const char *const  *scopes,
                                       gint64              last_seq)
{
  g_signal_emit (self, signals[CHANGES_ACCEPTED], 0, scopes, last_seq);
}

/* Names are shown in the client and the admin listing: one line of text. */
static gboolean
check_name (const char  *name,
            const char  *what,
            GError     **error)
{
  gboolean ok = name != NULL && g_utf8_validate (name, -1, NULL) && name[0] != '\0'
                && g_utf8_strlen (name, -1) <= MAX_NAME_CHARS
                && !g_ascii_isspace (name[0]) && !g_ascii_isspace (name[strlen (name) - 1]);

  for (const char *p = name; ok && *p; p = g_utf8_next_char (p))
    ok = !g_unichar_iscntrl (g_utf8_get_char (p));
  if (!ok)
    g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
                 "A %s name must be 1 to %d characters on one line, without surrounding spaces",
                 what, MAX_NAME_CHARS);
  return ok;
}

char *
dossier_server_store_add_office (DossierServerStore  *self,
                                 const char          *name,
                                 GError             **error)
{
  g_autofree char *id = g_uuid_string_random ();

  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), NULL);

  if (!check_name (name, "office", error))
    return NULL;
  if (!DOSSIER_SERVER_STORE_GET_IFACE (self)->add_office (self, id, name, dossier_server_now (),
                                                          error))
    return NULL;
  return g_steal_pointer (&id);
}

static gboolean
fill_random (guint8  *buffer,
             gsize    length,
             GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t got = getrandom (buffer + done, length - done, 0);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FAILED,
                       "No random bytes: %s", g_strerror (errno));
          return FALSE;
        }
      done += got;
    }
  return TRUE;
}

static char *
hash_password (const char  *password,
               GError     **error)
{
  guint8 salt[ARGON2_SALT_BYTES];
  gsize length = argon2_encodedlen (ARGON2_T_COST, ARGON2_M_COST_KIB, ARGON2_LANES,
                                    sizeof salt, ARGON2_HASH_BYTES, Argon2_id);
  g_autofree char *encoded = g_malloc0 (length);
  int rc;

  if (!fill_random (salt, sizeof salt, error))
    return NULL;
  rc = argon2id_hash_encoded (ARGON2_T_COST, ARGON2_M_COST_KIB, ARGON2_LANES, password,
                              strlen (password), salt, sizeof salt, ARGON2_HASH_BYTES, encoded,
                              length);
  if (rc != ARGON2_OK)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FAILED,
                   "Hashing the password failed: %s", argon2_error_message (rc));
      return NULL;
    }
  return g_steal_pointer (&encoded);
}

char *
dossier_server_store_add_user (DossierServerStore  *self,
                               const char          *name,
                               const char          *password,
                               GError             **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *hash = NULL;

  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (!check_name (name, "user", error))
    return NULL;
  if (password[0] == '\0' || strlen (password) > MAX_PASSWORD_BYTES)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
                   "A password must be 1 to %d bytes long", MAX_PASSWORD_BYTES);
      return NULL;
    }
  if ((hash = hash_password (password, error)) == NULL)
    return NULL;
  if (!DOSSIER_SERVER_STORE_GET_IFACE (self)->add_user (self, id, name, hash,
                                                        dossier_server_now (), error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
dossier_server_store_add_member (DossierServerStore  *self,
                                 const char          *user_name,
                                 const char          *office,
                                 GError             **error)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), FALSE);
  return DOSSIER_SERVER_STORE_GET_IFACE (self)->set_member (self, user_name, office, TRUE, error);
}

gboolean
dossier_server_store_remove_member (DossierServerStore  *self,
                                    const char          *user_name,
                                    const char          *office,
                                    GError             **error)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), FALSE);
  return DOSSIER_SERVER_STORE_GET_IFACE (self)->set_member (self, user_name, office, FALSE,
                                                            error);
}

/* Returns: (transfer container) (element-type DossierServerOffice): by name */
GPtrArray *
dossier_server_store_list_offices (DossierServerStore  *self,
                                   GError             **error)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), NULL);
  return DOSSIER_SERVER_STORE_GET_IFACE (self)->list_offices (self, error);
}

/* Returns: (transfer container) (element-type DossierServerUser): by name */
GPtrArray *
dossier_server_store_list_users (DossierServerStore  *self,
                                 GError             **error)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), NULL);
  return DOSSIER_SERVER_STORE_GET_IFACE (self)->list_users (self, error);
}

/* Returns: (transfer container) (element-type DossierServerOffice): the user's, by name */
GPtrArray *
dossier_server_store_get_offices (DossierServerStore  *self,
                                  const char          *user_id,
                                  GError             **error)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), NULL);
  return DOSSIER_SERVER_STORE_GET_IFACE (self)->get_offices (self, user_id, error);
}

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* 256 random bits in URL-safe base64 without padding: 43 characters. */
static char *
new_token (GError **error)
{
  guint8 bytes[TOKEN_BYTES];
  g_autofree char *text = NULL;

  if (!fill_random (bytes, sizeof bytes, error))
    return NULL;
  text = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  *strchr (text, '=') = '\0';
  return g_steal_pointer (&text);
}

static gboolean
is_token_text (const char *token)
{
  if (token == NULL || strlen (token) != 43)
    return FALSE;
  for (const char *p = token; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* An unknown user costs as much as a wrong password, so timing tells nothing. */
static gpointer
make_decoy_hash (gpointer data)
{
  return hash_password ("not a password anyone has", NULL);
}

static void
spend_a_verification (const char *password)
{
  static GOnce decoy = G_ONCE_INIT;
  const char *hash = g_once (&decoy, make_decoy_hash, NULL);

  if (hash != NULL)
    (void) argon2id_verify (hash, password, strlen (password));
}

static gboolean
bad_credentials (GError **error)
{
  g_set_error_literal (error, DOSSIER_SERVER_STORE_ERROR,
                       DOSSIER_SERVER_STORE_ERROR_BAD_CREDENTIALS,
                       "Unknown user name or wrong password");
  return FALSE;
}

static gboolean
check_password (DossierServerStore  *self,
                const char          *user_name,
                const char          *password,
                char               **out_user_id,
                GError             **error)
{
  g_autofree char *hash = NULL;
  GError *local_error = NULL;

  if (!DOSSIER_SERVER_STORE_GET_IFACE (self)->get_credentials (self, user_name, out_user_id,
                                                               &hash, &local_error))
    {
      if (!g_error_matches (local_error, DOSSIER_SERVER_STORE_ERROR,
                            DOSSIER_SERVER_STORE_ERROR_NOT_FOUND))
        return g_propagate_error (error, local_error), FALSE;
      g_error_free (local_error);
      spend_a_verification (password);
      return bad_credentials (error);
    }
  if (argon2id_verify (hash, password, strlen (password)) != ARGON2_OK)
    {
      g_clear_pointer (out_user_id, g_free);
      return bad_credentials (error);
    }
  return TRUE;
}

/**
 * dossier_server_store_login:
 * @lifetime_seconds: how long the token stays valid
 * @out_session: (out) (optional): who logged in, and until when
 *
 * Returns: (transfer full): a new token, or %NULL with
 *   %DOSSIER_SERVER_STORE_ERROR_BAD_CREDENTIALS
 */
char *
dossier_server_store_login (DossierServerStore    *self,
                            const char            *user_name,
                            const char            *password,
                            const char            *device,
                            gint64                 lifetime_seconds,
                            DossierServerSession **out_session,
                            GError               **error)
{
  g_autofree char *user_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  gint64 now = dossier_server_now ();

  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (user_name != NULL && password != NULL && device != NULL, NULL);

  if (strlen (password) > MAX_PASSWORD_BYTES)
    return bad_credentials (error), NULL;
  if (!check_password (self, user_name, password, &user_id, error))
    return NULL;
  if ((token = new_token (error)) == NULL)
    return NULL;
  token_hash = hash_token (token);
  if (!DOSSIER_SERVER_STORE_GET_IFACE (self)->add_token (self, token_hash, user_id, device, now,
                                                         now + lifetime_seconds, error))
    return NULL;

  if (out_session != NULL)
    {
      *out_session = g_new0 (DossierServerSession, 1);
      (*out_session)->user_id = g_steal_pointer (&user_id);
      (*out_session)->user_name = g_strdup (user_name);
      (*out_session)->device = g_strdup (device);
      (*out_session)->expires_at = now + lifetime_seconds;
    }
  return g_steal_pointer (&token);
}

/**
 * dossier_server_store_authenticate:
 *
 * Returns: (transfer full): the token's session, or %NULL with
 *   %DOSSIER_SERVER_STORE_ERROR_UNAUTHORIZED (unknown or revoked) or
 *   %DOSSIER_SERVER_STORE_ERROR_TOKEN_EXPIRED
 */
DossierServerSession *
dossier_server_store_authenticate (DossierServerStore  *self,
                                   const char          *token,
                                   GError             **error)
{
  g_autoptr(DossierServerSession) session = NULL;
  g_autofree char *token_hash = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), NULL);

  if (is_token_text (token))
    {
      token_hash = hash_token (token);
      session = DOSSIER_SERVER_STORE_GET_IFACE (self)->find_token (self, token_hash,
                                                                   &local_error);
      if (local_error != NULL)
        return g_propagate_error (error, local_error), NULL;
    }
  if (session == NULL)
    {
      g_set_error_literal (error, DOSSIER_SERVER_STORE_ERROR,
                           DOSSIER_SERVER_STORE_ERROR_UNAUTHORIZED, "Unknown or revoked token");
      return NULL;
    }
  if (session->expires_at <= dossier_server_now ())
    {
      g_set_error_literal (error, DOSSIER_SERVER_STORE_ERROR,
                           DOSSIER_SERVER_STORE_ERROR_TOKEN_EXPIRED,
                           "The token has expired: log in again");
      return NULL;
    }
  return g_steal_pointer (&session);
}

gboolean
dossier_server_store_logout (DossierServerStore  *self,
                             const char          *token,
                             GError             **error)
{
  g_autofree char *token_hash = NULL;

  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), FALSE);

  if (!is_token_text (token))
    return TRUE;
  token_hash = hash_token (token);
  return DOSSIER_SERVER_STORE_GET_IFACE (self)->remove_token (self, token_hash, error);
}

/**
 * dossier_server_store_push:
 * @changes: (element-type DossierServerChange): checked changes, at most
 *   %DOSSIER_SERVER_MAX_BATCH
 * @out_forbidden: (out) (optional): on %DOSSIER_SERVER_STORE_ERROR_FORBIDDEN,
 *   the ids of the changes outside the user's scopes
 *
 * Stores the batch in one transaction, or nothing of it.
 *
 * Returns: (transfer full) (element-type DossierServerPushResult): one result
 *   per change, in order
 */
GArray *
dossier_server_store_push (DossierServerStore  *self,
                           const char          *user_id,
                           GPtrArray           *changes,
                           GStrv               *out_forbidden,
                           GError             **error)
{
  g_autoptr(GPtrArray) forbidden = g_ptr_array_new_with_free_func (g_free);
  GArray *results;

  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (user_id != NULL && changes != NULL, NULL);

  if (changes->len > DOSSIER_SERVER_MAX_BATCH)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
                   "A push holds at most %d changes", DOSSIER_SERVER_MAX_BATCH);
      return NULL;
    }
  results = DOSSIER_SERVER_STORE_GET_IFACE (self)->push (self, user_id, changes,
                                                         dossier_server_now (), forbidden, error);
  if (results == NULL && out_forbidden != NULL && forbidden->len > 0)
    {
      g_ptr_array_add (forbidden, NULL);
      *out_forbidden = (GStrv) g_ptr_array_free (g_steal_pointer (&forbidden), FALSE);
    }
  return results;
}

/**
 * dossier_server_store_pull:
 * @since: the caller's cursor (0: from the start)
 * @limit: at most this many changes; 0 or more than %DOSSIER_SERVER_MAX_PAGE
 *   is taken as the largest page
 *
 * Returns: (transfer full): the changes after @since in the user's scopes
 */
DossierServerPage *
dossier_server_store_pull (DossierServerStore  *self,
                           const char          *user_id,
                           gint64               since,
                           guint                limit,
                           GError             **error)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (user_id != NULL, NULL);

  if (limit == 0 || limit > DOSSIER_SERVER_MAX_PAGE)
    limit = DOSSIER_SERVER_MAX_PAGE;
  return DOSSIER_SERVER_STORE_GET_IFACE (self)->pull (self, user_id, MAX (since, 0), limit,
                                                      error);
}

gboolean
dossier_server_is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
check_sha256 (const char  *sha256,
              GError     **error)
{
  if (dossier_server_is_sha256 (sha256))
    return TRUE;
  g_set_error_literal (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
                       "A blob is named by its SHA-256 in 64 lower-case hex digits");
  return FALSE;
}

gboolean
dossier_server_store_blob_status (DossierServerStore       *self,
                                  const char               *sha256,
                                  DossierServerBlobStatus  *out_status,
                                  GError                  **error)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), FALSE);

  return check_sha256 (sha256, error)
         && DOSSIER_SERVER_STORE_GET_IFACE (self)->blob_status (self, sha256, out_status, error);
}

/**
 * dossier_server_store_blob_append:
 * @offset: where @chunk starts: must be what the store has received
 * @size: the blob's total size
 *
 * Appends a chunk of an upload.  A chunk that completes the blob is checked:
 * bytes that do not hash to @sha256 are all discarded
 * (%DOSSIER_SERVER_STORE_ERROR_HASH_MISMATCH).  Sending a chunk of a blob the
 * store already has complete changes nothing and reports it complete.
 */
gboolean
dossier_server_store_blob_append (DossierServerStore       *self,
                                  const char               *sha256,
                                  gint64                    offset,
                                  gint64                    size,
                                  GBytes                   *chunk,
                                  DossierServerBlobStatus  *out_status,
                                  GError                  **error)
{
  gsize length = g_bytes_get_size (chunk);

  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), FALSE);

  if (!check_sha256 (sha256, error))
    return FALSE;
  if (size < 0 || size > DOSSIER_SERVER_MAX_BLOB_SIZE || offset < 0 || length > MAX_BLOB_CHUNK
      || offset > size || (gint64) length > size - offset)
    {
      g_set_error (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
                   "A chunk must lie within the blob (at most %" G_GINT64_FORMAT
                   " bytes) and hold at most %d bytes", DOSSIER_SERVER_MAX_BLOB_SIZE,
                   MAX_BLOB_CHUNK);
      return FALSE;
    }
  return DOSSIER_SERVER_STORE_GET_IFACE (self)->blob_append (self, sha256, offset, size, chunk,
                                                             dossier_server_now (), out_status,
                                                             error);
}

/**
 * dossier_server_store_blob_read:
 * @out_size: (out): the blob's total size
 *
 * Returns: (transfer full): the bytes of a complete blob from @offset on, or
 *   %NULL with %DOSSIER_SERVER_STORE_ERROR_NOT_FOUND until it is complete, or
 *   %DOSSIER_SERVER_STORE_ERROR_INVALID for an offset past its end
 */
GBytes *
dossier_server_store_blob_read (DossierServerStore  *self,
                                const char          *sha256,
                                gint64               offset,
                                gint64              *out_size,
                                GError             **error)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (self), NULL);

  if (!check_sha256 (sha256, error))
    return NULL;
  return DOSSIER_SERVER_STORE_GET_IFACE (self)->blob_read (self, sha256, MAX (offset, 0), out_size,
                                                           error);
}

void
dossier_server_office_free (DossierServerOffice *office)
{
  if (office == NULL)
    return;
  g_free (office->id);
  g_free (office->name);
  g_free (office);
}

void
dossier_server_user_free (DossierServerUser *user)
{
  if (user == NULL)
    return;
  g_free (user->id);
  g_free (user->name);
  g_clear_pointer (&user->offices, g_ptr_array_unref);
  g_free (user);
}

void
dossier_server_session_free (DossierServerSession *session)
{
  if (session == NULL)
    return;
  g_free (session->user_id);
  g_free (session->user_name);
  g_free (session->device);
  g_free (session);
}

void
dossier_server_log_entry_free (DossierServerLogEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->json);
  g_free (entry);
}

void
dossier_server_page_free (DossierServerPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->changes, g_ptr_array_unref);
  g_strfreev (page->scopes);
  g_free (page);
}
