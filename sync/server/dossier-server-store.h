/* dossier-server-store.h: where the sync server keeps its state.
 *
 * DossierServerStore is the interface of the server's storage backends
 * (SQLite, PostgreSQL): offices, users and their memberships, login tokens,
 * the ordered log of accepted changes and attachment blobs.  Every method is
 * synchronous and may be called from several threads at once: the HTTP layer
 * calls them from its worker threads, the admin command from main().
 *
 * What does not depend on the backend lives here, once: argon2id password
 * hashes, token generation (only a token's SHA-256 reaches a backend), token
 * expiry, and the scope rules a pushed batch must pass.
 */
#pragma once

#include <gio/gio.h>

#include "dossier-server-change.h"

G_BEGIN_DECLS

#define DOSSIER_SERVER_PROTOCOL_VERSION 1
#define DOSSIER_SERVER_MAX_BATCH        1000
#define DOSSIER_SERVER_DEFAULT_PAGE     1000
#define DOSSIER_SERVER_MAX_PAGE         20000
#define DOSSIER_SERVER_MAX_BLOB_SIZE    (G_GINT64_CONSTANT (1) << 30)
#define DOSSIER_SERVER_DEFAULT_TOKEN_LIFETIME (30 * 24 * 3600)
#define DOSSIER_SERVER_POLICY_SCOPE     "*"
#define DOSSIER_SERVER_POLICY_KIND      "policy_note"

#define DOSSIER_SERVER_MIGRATIONS "/org/dossier/Dossier/schema/server"
#define DOSSIER_SERVER_PG_MIGRATIONS "/org/dossier/Dossier/schema/server/postgresql"

#define DOSSIER_SERVER_STORE_ERROR (dossier_server_store_error_quark ())

typedef enum
{
  DOSSIER_SERVER_STORE_ERROR_FAILED,           /* the database said no */
  DOSSIER_SERVER_STORE_ERROR_FOREIGN,          /* not a server store, or a newer one */
  DOSSIER_SERVER_STORE_ERROR_NOT_FOUND,        /* no such user, office or blob */
  DOSSIER_SERVER_STORE_ERROR_EXISTS,           /* a user or office of that name exists */
  DOSSIER_SERVER_STORE_ERROR_INVALID,          /* an argument the protocol does not allow */
  DOSSIER_SERVER_STORE_ERROR_BAD_CREDENTIALS,  /* unknown user or wrong password */
  DOSSIER_SERVER_STORE_ERROR_UNAUTHORIZED,     /* unknown or revoked token */
  DOSSIER_SERVER_STORE_ERROR_TOKEN_EXPIRED,
  DOSSIER_SERVER_STORE_ERROR_FORBIDDEN,        /* a change outside the user's scopes */
  DOSSIER_SERVER_STORE_ERROR_OFFSET_MISMATCH,  /* a blob chunk not where the upload stands */
  DOSSIER_SERVER_STORE_ERROR_HASH_MISMATCH,    /* blob bytes that do not match their hash */
} DossierServerStoreError;

typedef enum
{
  DOSSIER_SERVER_PUSH_ACCEPTED,
  DOSSIER_SERVER_PUSH_DUPLICATE,
} DossierServerPushStatus;

/* The outcome of one change of a pushed batch, in the batch's order. */
typedef struct
{
  DossierServerPushStatus status;
  gint64                  seq;
} DossierServerPushResult;

typedef struct
{
  char *id;
  char *name;
} DossierServerOffice;

typedef struct
{
  char      *id;
  char      *name;
  GPtrArray *offices;    /* DossierServerOffice */
} DossierServerUser;

/* Who a valid token belongs to. */
typedef struct
{
  char   *user_id;
  char   *user_name;
  char   *device;
  gint64  expires_at;    /* Unix seconds */
} DossierServerSession;

typedef struct
{
  gint64  seq;
  char   *json;          /* the change object, without "seq" */
} DossierServerLogEntry;

/* One page of a pull. */
typedef struct
{
  GPtrArray *changes;    /* DossierServerLogEntry, in seq order */
  gint64     next;       /* the cursor to store */
  gboolean   more;
  GStrv      scopes;     /* the caller's office ids and "*", sorted */
} DossierServerPage;

typedef struct
{
  gint64   size;
  gint64   received;
  gboolean complete;
} DossierServerBlobStatus;

#define DOSSIER_TYPE_SERVER_STORE (dossier_server_store_get_type ())
G_DECLARE_INTERFACE (DossierServerStore, dossier_server_store, DOSSIER, SERVER_STORE, GObject)

/* What a backend implements.  Ids and names arrive checked; passwords
 * arrive hashed and tokens as their hex SHA-256. */
struct _DossierServerStoreInterface
{
  GTypeInterface parent_iface;

  gboolean               (*add_office)      (DossierServerStore  *self,
                                             const char          *id,
                                             const char          *name,
                                             gint64               now,
                                             GError             **error);
  gboolean               (*add_user)        (DossierServerStore  *self,
                                             const char          *id,
                                             const char          *name,
                                             const char          *password_hash,
                                             gint64               now,
                                             GError             **error);
  /* `office` is an office's id or name. */
  gboolean               (*set_member)      (DossierServerStore  *self,
                                             const char          *user_name,
                                             const char          *office,
                                             gboolean             member,
                                             GError             **error);
  GPtrArray             *(*list_offices)    (DossierServerStore  *self,
                                             GError             **error);
  GPtrArray             *(*list_users)      (DossierServerStore  *self,
                                             GError             **error);
  /* NOT_FOUND for an unknown user. */
  gboolean               (*get_credentials) (DossierServerStore  *self,
                                             const char          *user_name,
                                             char               **out_user_id,
                                             char               **out_password_hash,
                                             GError             **error);
  GPtrArray             *(*get_offices)     (DossierServerStore  *self,
                                             const char          *user_id,
                                             GError             **error);
  gboolean               (*add_token)       (DossierServerStore  *self,
                                             const char          *token_hash,
                                             const char          *user_id,
                                             const char          *device,
                                             gint64               now,
                                             gint64               expires_at,
                                             GError             **error);
  /* NULL without an error for an unknown token. */
  DossierServerSession  *(*find_token)      (DossierServerStore  *self,
                                             const char          *token_hash,
                                             GError             **error);
  gboolean               (*remove_token)    (DossierServerStore  *self,
                                             const char          *token_hash,
                                             GError             **error);
  /* One transaction; see dossier_server_batch_plan(). */
  GArray                *(*push)            (DossierServerStore  *self,
                                             const char          *user_id,
                                             GPtrArray           *changes,
                                             gint64               now,
                                             GPtrArray           *forbidden,
                                             GError             **error);
  DossierServerPage     *(*pull)            (DossierServerStore  *self,
                                             const char          *user_id,
                                             gint64               since,
                                             guint                limit,
                                             GError             **error);
  /* NOT_FOUND when the store has no byte of the blob. */
  gboolean               (*blob_status)     (DossierServerStore  *self,
                                             const char          *sha256,
                                             DossierServerBlobStatus *out_status,
                                             GError             **error);
  gboolean               (*blob_append)     (DossierServerStore  *self,
                                             const char          *sha256,
                                             gint64               offset,
                                             gint64               size,
                                             GBytes              *chunk,
                                             gint64               now,
                                             DossierServerBlobStatus *out_status,
                                             GError             **error);
  /* The bytes from `offset` to the end of a complete blob. */
  GBytes                *(*blob_read)       (DossierServerStore  *self,
                                             const char          *sha256,
                                             gint64               offset,
                                             gint64              *out_size,
                                             GError             **error);
};

GQuark                dossier_server_store_error_quark   (void);

/* Opens "sqlite:PATH" or "postgresql:CONNINFO", creating or migrating the schema. */
DossierServerStore   *dossier_server_store_open          (const char          *spec,
                                                          GError             **error);

char                 *dossier_server_store_add_office    (DossierServerStore  *self,
                                                          const char          *name,
                                                          GError             **error);
char                 *dossier_server_store_add_user      (DossierServerStore  *self,
                                                          const char          *name,
                                                          const char          *password,
                                                          GError             **error);
gboolean              dossier_server_store_add_member    (DossierServerStore  *self,
                                                          const char          *user_name,
                                                          const char          *office,
                                                          GError             **error);
gboolean              dossier_server_store_remove_member (DossierServerStore  *self,
                                                          const char          *user_name,
                                                          const char          *office,
                                                          GError             **error);
GPtrArray            *dossier_server_store_list_offices  (DossierServerStore  *self,
                                                          GError             **error);
GPtrArray            *dossier_server_store_list_users    (DossierServerStore  *self,
                                                          GError             **error);

char                 *dossier_server_store_login         (DossierServerStore  *self,
                                                          const char          *user_name,
                                                          const char          *password,
                                                          const char          *device,
                                                          gint64               lifetime_seconds,
                                                          DossierServerSession **out_session,
                                                          GError             **error);
DossierServerSession *dossier_server_store_authenticate  (DossierServerStore  *self,
                                                          const char          *token,
                                                          GError             **error);
gboolean              dossier_server_store_logout        (DossierServerStore  *self,
                                                          const char          *token,
                                                          GError             **error);
GPtrArray            *dossier_server_store_get_offices   (DossierServerStore  *self,
                                                          const char          *user_id,
                                                          GError             **error);

GArray               *dossier_server_store_push          (DossierServerStore  *self,
                                                          const char          *user_id,
                                                          GPtrArray           *changes,
                                                          GStrv               *out_forbidden,
                                                          GError             **error);
DossierServerPage    *dossier_server_store_pull          (DossierServerStore  *self,
                                                          const char          *user_id,
                                                          gint64               since,
                                                          guint                limit,
                                                          GError             **error);

gboolean              dossier_server_store_blob_status   (DossierServerStore  *self,
                                                          const char          *sha256,
                                                          DossierServerBlobStatus *out_status,
                                                          GError             **error);
gboolean              dossier_server_store_blob_append   (DossierServerStore  *self,
                                                          const char          *sha256,
                                                          gint64               offset,
                                                          gint64               size,
                                                          GBytes              *chunk,
                                                          DossierServerBlobStatus *out_status,
                                                          GError             **error);
GBytes               *dossier_server_store_blob_read     (DossierServerStore  *self,
                                                          const char          *sha256,
                                                          gint64               offset,
                                                          gint64              *out_size,
                                                          GError             **error);

void                  dossier_server_store_changes_accepted (DossierServerStore *self,
                                                          const char *const   *scopes,
                                                          gint64               last_seq);

gboolean              dossier_server_is_sha256           (const char          *text);

void                  dossier_server_office_free         (DossierServerOffice   *office);
void                  dossier_server_user_free           (DossierServerUser     *user);
void                  dossier_server_session_free        (DossierServerSession  *session);
void                  dossier_server_log_entry_free      (DossierServerLogEntry *entry);
void                  dossier_server_page_free           (DossierServerPage     *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierServerOffice, dossier_server_office_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierServerUser, dossier_server_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierServerSession, dossier_server_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierServerPage, dossier_server_page_free)

G_END_DECLS
