/* dossier-keyring.h: secrets in the system keyring (libsecret), never on disk.
 *
 * One SecretSchema for the application.  Items are told apart by the "kind"
 * attribute ("replica-key" or "token") and the "scope" attribute (the replica
 * file's absolute path, or the server address and user name).
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define DOSSIER_REPLICA_KEY_SIZE 32

#define DOSSIER_KEYRING_ERROR (dossier_keyring_error_quark ())

typedef enum
{
  DOSSIER_KEYRING_ERROR_UNAVAILABLE,   /* no secret service, or it is locked */
  DOSSIER_KEYRING_ERROR_CORRUPT,       /* a stored item is not what we wrote */
} DossierKeyringError;

GQuark             dossier_keyring_error_quark           (void);
const SecretSchema *dossier_keyring_get_schema           (void) G_GNUC_CONST;

/* Replica encryption keys (raw 32 bytes). lookup returns NULL with no error when absent. */
GBytes  *dossier_keyring_lookup_replica_key  (const char    *replica_path,
                                              GCancellable  *cancellable,
                                              GError       **error);
gboolean dossier_keyring_store_replica_key   (const char    *replica_path,
                                              GBytes        *key,
                                              GCancellable  *cancellable,
                                              GError       **error);
GBytes  *dossier_keyring_generate_replica_key (void);
gboolean dossier_keyring_clear_replica_key   (const char    *replica_path,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* Server tokens, scoped by server address and user name. */
gboolean dossier_keyring_store_token         (const char    *server,
                                              const char    *user,
                                              const char    *token,
                                              GCancellable  *cancellable,
                                              GError       **error);
char    *dossier_keyring_lookup_token        (const char    *server,
                                              const char    *user,
                                              GCancellable  *cancellable,
                                              GError       **error);
gboolean dossier_keyring_clear_token         (const char    *server,
                                              const char    *user,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* The same lookups without blocking the calling thread's main loop. */
void     dossier_keyring_lookup_replica_key_async  (const char          *replica_path,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GBytes  *dossier_keyring_lookup_replica_key_finish (GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
