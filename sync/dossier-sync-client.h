/* dossier-sync-client.h: the client side of sync/server/PROTOCOL.md, as
 * blocking calls on a SoupSession owned by the sync engine's thread. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_SYNC_ERROR (dossier_sync_error_quark ())

typedef enum
{
  DOSSIER_SYNC_ERROR_OFFLINE,        /* the server cannot be reached: not an error to show */
  DOSSIER_SYNC_ERROR_BAD_CREDENTIALS,
  DOSSIER_SYNC_ERROR_UNAUTHORIZED,   /* no valid token: log in again */
  DOSSIER_SYNC_ERROR_TOKEN_EXPIRED,  /* log in again; the outbox is kept */
  DOSSIER_SYNC_ERROR_FORBIDDEN,      /* a change for an office the user may not write */
  DOSSIER_SYNC_ERROR_PROTOCOL,       /* the server's answer is not what PROTOCOL.md says */
  DOSSIER_SYNC_ERROR_SERVER,         /* the server failed (5xx) */
  DOSSIER_SYNC_ERROR_NO_LIVE,        /* the server has no live channel: long-poll instead */
  DOSSIER_SYNC_ERROR_RESYNC,         /* the live channel asks for a full cycle over HTTP */
} DossierSyncError;

#define DOSSIER_PROTOCOL_VERSION 1

typedef struct _DossierSyncClient DossierSyncClient;

/* A pulled page. */
typedef struct
{
  GPtrArray *changes;      /* DossierChange, with server_seq and scope */
  gint64     next;
  gboolean   more;
  char     **scopes;       /* what the user may see now (NULL if the server did not say) */
} DossierPullPage;

GQuark             dossier_sync_error_quark   (void);

DossierSyncClient *dossier_sync_client_new    (const char         *server_url);
void               dossier_sync_client_free   (DossierSyncClient  *client);
void               dossier_sync_client_set_token (DossierSyncClient *client,
                                                  const char        *token);

/* Returns the server's login answer (token, expires_at, user, offices). */
JsonObject        *dossier_sync_client_login  (DossierSyncClient  *client,
                                               const char         *user,
                                               const char         *password,
                                               const char         *device,
                                               GCancellable       *cancellable,
                                               GError            **error);
/* Pushes one batch; returns the ids the server accepted or already had.
 * On DOSSIER_SYNC_ERROR_FORBIDDEN, `out_forbidden` gets the refused ids. */
GStrv              dossier_sync_client_push   (DossierSyncClient  *client,
                                               GPtrArray          *changes,
                                               GStrv              *out_forbidden,
                                               GCancellable       *cancellable,
                                               GError            **error);
DossierPullPage   *dossier_sync_client_pull   (DossierSyncClient  *client,
                                               gint64              since,
                                               guint               limit,
                                               guint               wait_seconds,
                                               GCancellable       *cancellable,
                                               GError            **error);
void               dossier_pull_page_free     (DossierPullPage    *page);

/* Attachment bytes, content-addressed (PROTOCOL.md "Attachments").  Uploads
 * go in chunks of at most DOSSIER_BLOB_CHUNK bytes, each at the offset the
 * server already holds, so a cut upload resumes; a download asks for the
 * bytes from what is stored locally on. */
#define DOSSIER_BLOB_CHUNK (4 * 1024 * 1024)
gboolean           dossier_sync_client_blob_status (DossierSyncClient  *client,
                                                    const char         *sha256,
                                                    gint64             *out_received,
                                                    gboolean           *out_complete,
                                                    GCancellable       *cancellable,
                                                    GError            **error);
gboolean           dossier_sync_client_blob_put    (DossierSyncClient  *client,
                                                    const char         *sha256,
                                                    gint64              offset,
                                                    gint64              size,
                                                    GBytes             *chunk,
                                                    gint64             *out_received,
                                                    gboolean           *out_complete,
                                                    GCancellable       *cancellable,
                                                    GError            **error);
GBytes            *dossier_sync_client_blob_get    (DossierSyncClient  *client,
                                                    const char         *sha256,
                                                    gint64              offset,
                                                    GCancellable       *cancellable,
                                                    GError            **error);

/* For the live channel (dossier-live-channel.c): the session, and a request
 * to `path` carrying the token. */
SoupSession       *dossier_sync_client_get_session (DossierSyncClient *client);
SoupMessage       *dossier_sync_client_new_message (DossierSyncClient *client,
                                                    const char        *method,
                                                    const char        *path,
                                                    GError           **error);

/* The client's half of a push and a pull without the transport, for callers
 * that carry the bytes themselves: the convergence simulation hands them to
 * the server's handlers in-process, through a network of its own. */
JsonNode          *dossier_push_body_new        (GPtrArray          *changes);
GStrv              dossier_push_reply_acked     (JsonObject         *reply,
                                                 GError            **error);
GStrv              dossier_push_error_forbidden (JsonObject         *error_body);
DossierPullPage   *dossier_pull_page_from_json  (JsonObject         *reply,
                                                 GError            **error);

/* The wire form of a change, both ways. */
JsonNode          *dossier_change_to_json     (const DossierChange *change);
DossierChange     *dossier_change_from_json   (JsonObject          *object,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierSyncClient, dossier_sync_client_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierPullPage, dossier_pull_page_free)

G_END_DECLS
