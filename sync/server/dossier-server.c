/* dossier-server.c: the SoupServer, its worker threads and its long polls.
 *
 * The main loop only moves data: it copies a request out of its
 * SoupServerMessage, pauses the message and hands the copy to a worker
 * thread (dossier_server_handle); the reply comes back to the main loop,
 * which writes it and unpauses.  A pull that found nothing and may wait is
 * parked here until the store says a change was accepted in one of its
 * scopes, or its time is up; then it is answered by running it again.
 */

#include "dossier-server.h"
#include "dossier-server-live.h"
#include "dossier-server-private.h"

#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#define WORKER_THREADS 8
#define LISTEN_BACKLOG 512

struct _DossierServer
{
  GObject             parent_instance;

  DossierServerStore *store;
  GTlsCertificate    *certificate;
  gint64              token_lifetime;

  SoupServer         *soup;
  GMainContext       *context;
  GThreadPool        *pool;
  GUri               *uri;
  gulong              accepted_handler;

  DossierServerLive  *live;        /* the WebSocket channels of /v1/live */
  GQueue              waiters;     /* Waiter, main context only */
  gint64              last_seq;    /* the newest seq we heard of, main context only */
};

G_DEFINE_TYPE (DossierServer, dossier_server, G_TYPE_OBJECT)
G_DEFINE_QUARK (dossier-server-error-quark, dossier_server_error)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_TLS_CERTIFICATE,
  PROP_TOKEN_LIFETIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One request on its way through a worker thread. */
typedef struct
{
  DossierServer        *server;
  SoupServerMessage    *msg;
  DossierServerRequest *request;
  DossierServerReply   *reply;
  DossierServerContext  context;
  gint64                started;
} Job;

/* A pull parked until a change in its scopes, or its deadline. */
typedef struct
{
  DossierServer        *server;
  SoupServerMessage    *msg;
  DossierServerRequest *request;
  GStrv                 scopes;
  gint64                next;
  gint64                started;
  GSource              *timeout;
} Waiter;

/* What a store's signal handler, on any thread, may use. */
typedef struct
{
  GWeakRef      server;
  GMainContext *context;
} Notifier;

typedef struct
{
  DossierServer *server;
  GStrv          scopes;
  gint64         last_seq;
} Wake;

static void start_job (DossierServer        *self,
                       SoupServerMessage    *msg,
                       DossierServerRequest *request,
                       gint64                started);

static void
job_free (Job *job)
{
  g_clear_object (&job->msg);
  g_clear_pointer (&job->request, dossier_server_request_free);
  g_clear_pointer (&job->reply, dossier_server_reply_free);
  g_clear_object (&job->server);
  g_free (job);
}

static void
waiter_free (Waiter *waiter)
{
  if (waiter->timeout != NULL)
    {
      g_source_destroy (waiter->timeout);
      g_source_unref (waiter->timeout);
    }
  g_clear_object (&waiter->msg);
  g_clear_pointer (&waiter->request, dossier_server_request_free);
  g_strfreev (waiter->scopes);
  g_free (waiter);
}

static void
apply_reply (SoupServerMessage  *msg,
             DossierServerReply *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  soup_server_message_set_status (msg, reply->status, NULL);
  soup_message_headers_set_content_type (headers, reply->content_type, NULL);
  if (reply->content_range != NULL)
    soup_message_headers_replace (headers, "Content-Range", reply->content_range);
  if (reply->status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer");
  soup_message_body_truncate (body);
  soup_message_body_append_bytes (body, reply->body);
  soup_message_headers_set_content_length (headers, g_bytes_get_size (reply->body));
  soup_message_body_complete (body);
}

static void
log_request (SoupServerMessage *msg,
             gint64             started)
{
  /* The path and status only: tokens travel in a header, passwords in bodies. */
  g_debug ("%s %s -> %u (%.1f ms)", soup_server_message_get_method (msg),
           g_uri_get_path (soup_server_message_get_uri (msg)),
           soup_server_message_get_status (msg),
           (g_get_monotonic_time () - started) / 1000.0);
}

static void
respond (SoupServerMessage  *msg,
         DossierServerReply *reply,
         gint64              started)
{
  apply_reply (msg, reply);
  soup_server_message_unpause (msg);
  log_request (msg, started);
}

static gboolean
scopes_meet (const char *const *a,
             const char *const *b)
{
  for (guint i = 0; a[i] != NULL; i++)
    if (g_strv_contains (b, a[i]))
      return TRUE;
  return FALSE;
}

/* Answers a parked pull now, by running it again without waiting. */
static void
wake_waiter (Waiter *waiter)
{
  DossierServer *self = waiter->server;

  g_queue_remove (&self->waiters, waiter);
  waiter->request->no_wait = TRUE;
  start_job (self, waiter->msg, g_steal_pointer (&waiter->request), waiter->started);
  waiter_free (waiter);
}

static gboolean
waiter_timeout_cb (gpointer data)
{
  wake_waiter (data);
  return G_SOURCE_REMOVE;
}

static void
park_pull (DossierServer *self,
           Job           *job)
{
  DossierServerWait *wait = job->reply->wait;
  gint64 now = g_get_monotonic_time ();
  Waiter *waiter;

  if (job->request->deadline == 0)
    job->request->deadline = now + wait->seconds * G_USEC_PER_SEC;
  /* A change accepted after the store's snapshot but heard of before now
   * would never wake us: run the pull again instead of waiting. */
  if (self->last_seq > wait->next || now >= job->request->deadline)
    {
      job->request->no_wait = now >= job->request->deadline;
      start_job (self, job->msg, g_steal_pointer (&job->request), job->started);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->server = self;
  waiter->msg = g_steal_pointer (&job->msg);
  waiter->request = g_steal_pointer (&job->request);
  waiter->scopes = g_steal_pointer (&wait->scopes);
  waiter->next = wait->next;
  waiter->started = job->started;
  waiter->timeout = g_timeout_source_new ((waiter->request->deadline - now) / 1000 + 1);
  g_source_set_callback (waiter->timeout, waiter_timeout_cb, waiter, NULL);
  g_source_attach (waiter->timeout, self->context);
  g_queue_push_tail (&self->waiters, waiter);
}

static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;

  if (job->reply->wait != NULL)
    park_pull (job->server, job);
  else
    respond (job->msg, job->reply, job->started);
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  job->reply = dossier_server_handle (&job->context, job->request);
  g_main_context_invoke (job->server->context, job_done_cb, job);
}

static void
start_job (DossierServer        *self,
           SoupServerMessage    *msg,
           DossierServerRequest *request,
           gint64                started)
{
  Job *job = g_new0 (Job, 1);

  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->request = request;
  job->context.store = self->store;
  job->context.token_lifetime = self->token_lifetime;
  job->started = started;
  g_thread_pool_push (self->pool, job, NULL);
}

static gboolean
wake_cb (gpointer data)
{
  Wake *wake = data;
  DossierServer *self = wake->server;
  GList *link = self->waiters.head;

  self->last_seq = MAX (self->last_seq, wake->last_seq);
  if (self->live != NULL)
    dossier_server_live_notify (self->live, (const char *const *) wake->scopes, wake->last_seq);
  while (link != NULL)
    {
      Waiter *waiter = link->data;

      link = link->next;
      if (wake->last_seq > waiter->next
          && scopes_meet ((const char *const *) wake->scopes, (const char *const *) waiter->scopes))
        wake_waiter (waiter);
    }
  return G_SOURCE_REMOVE;
}

static void
wake_free (gpointer data)
{
  Wake *wake = data;

  g_object_unref (wake->server);
  g_strfreev (wake->scopes);
  g_free (wake);
}

/* Any thread: passes the news to the server's main context. */
static void
changes_accepted_cb (DossierServerStore *store,
                     GStrv               scopes,
                     gint64              last_seq,
                     Notifier           *notifier)
{
  DossierServer *server = g_weak_ref_get (&notifier->server);
  Wake *wake;

  if (server == NULL)
    return;
  wake = g_new0 (Wake, 1);
  wake->server = server;
  wake->scopes = g_strdupv (scopes);
  wake->last_seq = last_seq;
  g_main_context_invoke_full (notifier->context, G_PRIORITY_DEFAULT, wake_cb, wake, wake_free);
}

static void
notifier_clear (gpointer data)
{
  Notifier *notifier = data;

  g_weak_ref_clear (&notifier->server);
  g_main_context_unref (notifier->context);
}

static void
notifier_release (gpointer  data,
                  GClosure *closure)
{
  g_atomic_rc_box_release_full (data, notifier_clear);
}

static void
set_nodelay (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  /* Without it, Nagle's algorithm and delayed ACKs add ~40 ms to replies. */
  if (socket != NULL)
    g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
}

static char *
bearer_token (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", strlen ("Bearer ")) != 0)
    return NULL;
  return g_strstrip (g_strdup (value + strlen ("Bearer ")));
}

static DossierServerRequest *
request_from_message (SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query)
{
  DossierServerRequest *request = g_new0 (DossierServerRequest, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->query = query != NULL ? g_hash_table_ref (query) : NULL;
  request->token = bearer_token (msg);
  request->range = g_strdup (soup_message_headers_get_one (headers, "Range"));
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  return request;
}

static void
handler_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  DossierServer *self = user_data;

  set_nodelay (msg);
  soup_server_message_pause (msg);
  start_job (self, msg, request_from_message (msg, path, query), g_get_monotonic_time ());
}

/* Bodies above the limit are refused unread: they are never accumulated. */
static goffset
body_limit (SoupServerMessage *msg,
            const char        *path)
{
  if (strcmp (soup_server_message_get_method (msg), "PUT") == 0
      && g_str_has_prefix (path, "/v1/blobs/"))
    return DOSSIER_SERVER_MAX_CHUNK;
  return DOSSIER_SERVER_MAX_JSON_BODY;
}

static void
refuse_too_large (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(DossierServerReply) reply = dossier_server_reply_error (
    413, "payload_too_large", "JSON bodies hold at most 8 MiB and blob chunks at most 4 MiB");

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  apply_reply (msg, reply);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
}

typedef struct
{
  goffset limit;
  goffset seen;
} BodyCount;

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              BodyCount         *count)
{
  count->seen += g_bytes_get_size (chunk);
  if (count->seen > count->limit && soup_server_message_get_status (msg) == 0)
    refuse_too_large (msg);
}

static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  BodyCount *count;

  count = g_new0 (BodyCount, 1);
  count->limit = body_limit (msg, path);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > count->limit)
    {
      g_free (count);
      refuse_too_large (msg);
      return;
    }
  /* Chunked bodies announce no length: count as they arrive. */
  g_object_set_data_full (G_OBJECT (msg), "dossier-body-count", count, g_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), count);
}

static void
dossier_server_constructed (GObject *object)
{
  DossierServer *self = DOSSIER_SERVER (object);
  Notifier *notifier = g_atomic_rc_box_new0 (Notifier);

  G_OBJECT_CLASS (dossier_server_parent_class)->constructed (object);

  self->context = g_main_context_ref_thread_default ();
  self->soup = soup_server_new ("tls-certificate", self->certificate, "server-header",
                                "dossier-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);
  self->live = dossier_server_live_new (self->store, self->soup);
  self->pool = g_thread_pool_new (run_job, self, WORKER_THREADS, FALSE, NULL);

  g_weak_ref_init (&notifier->server, self);
  notifier->context = g_main_context_ref (self->context);
  self->accepted_handler = g_signal_connect_data (self->store, "changes-accepted",
                                                  G_CALLBACK (changes_accepted_cb), notifier,
                                                  notifier_release, 0);
}

static void
dossier_server_dispose (GObject *object)
{
  DossierServer *self = DOSSIER_SERVER (object);
  Waiter *waiter;

  g_clear_signal_handler (&self->accepted_handler, self->store);
  g_clear_pointer (&self->live, dossier_server_live_free);
  while ((waiter = g_queue_pop_head (&self->waiters)) != NULL)
    {
      g_autoptr(DossierServerReply) reply = dossier_server_reply_error (
        503, "internal", "The server is shutting down");

      respond (waiter->msg, reply, waiter->started);
      waiter_free (waiter);
    }
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  G_OBJECT_CLASS (dossier_server_parent_class)->dispose (object);
}

static void
dossier_server_finalize (GObject *object)
{
  DossierServer *self = DOSSIER_SERVER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (dossier_server_parent_class)->finalize (object);
}

static void
dossier_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DossierServer *self = DOSSIER_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_TLS_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_TOKEN_LIFETIME:
      g_value_set_int64 (value, self->token_lifetime);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DossierServer *self = DOSSIER_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_TLS_CERTIFICATE:
      self->certificate = g_value_dup_object (value);
      break;
    case PROP_TOKEN_LIFETIME:
      dossier_server_set_token_lifetime (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_server_class_init (DossierServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dossier_server_constructed;
  object_class->dispose = dossier_server_dispose;
  object_class->finalize = dossier_server_finalize;
  object_class->get_property = dossier_server_get_property;
  object_class->set_property = dossier_server_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, DOSSIER_TYPE_SERVER_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TLS_CERTIFICATE] =
    g_param_spec_object ("tls-certificate", NULL, NULL, G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN_LIFETIME] =
    g_param_spec_int64 ("token-lifetime", NULL, NULL, 1, G_MAXINT32,
                        DOSSIER_SERVER_DEFAULT_TOKEN_LIFETIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_server_init (DossierServer *self)
{
  self->token_lifetime = DOSSIER_SERVER_DEFAULT_TOKEN_LIFETIME;
  g_queue_init (&self->waiters);
}

/**
 * dossier_server_new:
 * @certificate: (nullable): serve HTTPS with it
 *
 * Returns: (transfer full): a server answering on the thread-default main
 *   context, once it listens
 */
DossierServer *
dossier_server_new (DossierServerStore *store,
                    GTlsCertificate    *certificate)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER_STORE (store), NULL);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);

  return g_object_new (DOSSIER_TYPE_SERVER, "store", store, "tls-certificate", certificate, NULL);
}

static GSocket *
bind_socket (GInetSocketAddress  *address,
             GError             **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (address)),
                         G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &local_error);
  if (socket != NULL)
    {
      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
    }
  if (socket != NULL && g_socket_bind (socket, G_SOCKET_ADDRESS (address), TRUE, &local_error)
      && g_socket_listen (socket, &local_error))
    return g_steal_pointer (&socket);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, DOSSIER_SERVER_ERROR, DOSSIER_SERVER_ERROR_ADDRESS_IN_USE,
                 "Cannot listen on %s: the address is already in use "
                 "(is another dossier-server running?)", where);
  else
    g_set_error (error, DOSSIER_SERVER_ERROR, DOSSIER_SERVER_ERROR_LISTEN,
                 "Cannot listen on %s: %s", where, local_error->message);
  return NULL;
}

/**
 * dossier_server_listen:
 * @address: where to listen; port 0 picks a free port (see
 *   dossier_server_get_uri())
 *
 * Returns: %TRUE, or %FALSE with %DOSSIER_SERVER_ERROR_ADDRESS_IN_USE when
 *   another process listens there
 */
gboolean
dossier_server_listen (DossierServer       *self,
                       GInetSocketAddress  *address,
                       GError             **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (DOSSIER_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), FALSE);

  if ((socket = bind_socket (address, error)) == NULL)
    return FALSE;
  if (!soup_server_listen_socket (self->soup, socket,
                                  self->certificate ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;
  if ((local = g_socket_get_local_address (socket, error)) == NULL)
    return FALSE;

  host = g_inet_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
  g_clear_pointer (&self->uri, g_uri_unref);
  self->uri = g_uri_build (G_URI_FLAGS_NONE, self->certificate ? "https" : "http", NULL, host,
                           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)), "/",
                           NULL, NULL);
  return TRUE;
}

/* Returns: (transfer full) (nullable): the base URI, once listening */
GUri *
dossier_server_get_uri (DossierServer *self)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER (self), NULL);
  return self->uri ? g_uri_ref (self->uri) : NULL;
}

/* Returns: (transfer none) */
DossierServerStore *
dossier_server_get_store (DossierServer *self)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER (self), NULL);
  return self->store;
}

gint64
dossier_server_get_token_lifetime (DossierServer *self)
{
  g_return_val_if_fail (DOSSIER_IS_SERVER (self), 0);
  return self->token_lifetime;
}

/* For tokens issued from now on. */
void
dossier_server_set_token_lifetime (DossierServer *self,
                                   gint64         seconds)
{
  g_return_if_fail (DOSSIER_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  if (self->token_lifetime == seconds)
    return;
  self->token_lifetime = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_LIFETIME]);
}
