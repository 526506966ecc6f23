/* dossier-server-private.h: one HTTP request and its reply, as plain data.
 *
 * The SoupServer's main loop copies what a handler needs out of the
 * SoupServerMessage into a DossierServerRequest; a worker thread turns it
 * into a DossierServerReply (dossier_server_handle); the main loop writes
 * the reply.  Handlers never touch libsoup objects, which are not
 * thread-safe.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dossier-server-store.h"

G_BEGIN_DECLS

#define DOSSIER_SERVER_MAX_JSON_BODY (8 * 1024 * 1024)
#define DOSSIER_SERVER_MAX_CHUNK     (4 * 1024 * 1024)
#define DOSSIER_SERVER_MAX_WAIT      30

typedef struct
{
  char       *method;
  char       *path;
  GHashTable *query;        /* (nullable) name -> value */
  char       *token;        /* (nullable) from "Authorization: Bearer" */
  char       *range;        /* (nullable) the Range header */
  GBytes     *body;
  gboolean    no_wait;      /* a long poll that was woken or timed out: answer now */
  gint64      deadline;     /* monotonic time a long poll must answer by; 0: not waiting yet */
} DossierServerRequest;

/* A pull that found nothing and may wait for a change in its scopes. */
typedef struct
{
  GStrv  scopes;
  gint64 next;              /* wake for changes after this seq */
  guint  seconds;
} DossierServerWait;

typedef struct
{
  guint              status;
  const char        *content_type;   /* static */
  GBytes            *body;
  char              *content_range;  /* (nullable) */
  DossierServerWait *wait;           /* (nullable) */
} DossierServerReply;

typedef struct
{
  DossierServerStore *store;
  gint64              token_lifetime;
} DossierServerContext;

DossierServerReply *dossier_server_handle        (const DossierServerContext *context,
                                                  const DossierServerRequest *request);
DossierServerReply *dossier_server_handle_blobs  (const DossierServerContext *context,
                                                  const DossierServerRequest *request,
                                                  const char                 *rest);

/* Replies shared by the handlers. */
DossierServerReply *dossier_server_reply_json    (guint                       status,
                                                  JsonBuilder                *builder);
DossierServerReply *dossier_server_reply_error   (guint                       status,
                                                  const char                 *code,
                                                  const char                 *message);
DossierServerReply *dossier_server_reply_store_error (GError                 *error);
JsonBuilder        *dossier_server_builder_new   (void);
JsonBuilder        *dossier_server_error_builder (const char                 *code,
                                                  const char                 *message);
DossierServerSession *dossier_server_authenticate (const DossierServerContext *context,
                                                  const DossierServerRequest *request,
                                                  DossierServerReply        **out_reply);
DossierServerReply *dossier_server_check_query_protocol (const DossierServerRequest *request,
                                                  gboolean                    required);
gboolean            dossier_server_query_int     (const DossierServerRequest *request,
                                                  const char                 *name,
                                                  gint64                      fallback,
                                                  gint64                     *out_value);

void                dossier_server_request_free  (DossierServerRequest       *request);
void                dossier_server_reply_free    (DossierServerReply         *reply);
void                dossier_server_wait_free     (DossierServerWait          *wait);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierServerRequest, dossier_server_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierServerReply, dossier_server_reply_free)

G_END_DECLS
