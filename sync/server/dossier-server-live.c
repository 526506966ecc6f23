/* dossier-server-live.c: see dossier-server-live.h.
 *
 * Each open channel is a Peer with a cursor of its own: what it has been
 * sent.  Its store work (authenticate, push, pull since its cursor) runs as
 * one job at a time on this module's threads, so its frames leave in order
 * and a push's ack always follows every change before it.  The token is
 * checked again by every job, so a revoked token closes the channel at its
 * next change; an expired one closes it when it expires; and a change of the
 * user's offices closes it before any change of a new office is sent.
 */

#include "dossier-json-text.h"
#include "dossier-live-format.h"
#include "dossier-server-live.h"
#include "dossier-server-private.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#define LIVE_THREADS 4
#define LIVE_PAGE 1000
#define LIVE_KEEPALIVE_SECONDS 60
#define LIVE_MAX_QUEUED 8
/* Offices can change by the admin command, which tells no running server:
 * every channel looks again this often. */
#define LIVE_RECHECK_SECONDS 60

struct _DossierServerLive
{
  DossierServerStore *store;
  GMainContext       *context;
  GThreadPool        *pool;
  GThreadPool        *auth_pool;
  GPtrArray          *peers;       /* Peer, main context only */
};

typedef struct
{
  gint                     refs;
  DossierServerLive       *live;
  SoupWebsocketConnection *conn;
  char                    *token;
  char                    *user_id;
  char                    *device;
  GStrv                    scopes;      /* NULL until the first page */
  gint64                   sent;        /* the cursor of what this peer was sent */
  gboolean                 busy;
  gboolean                 feed_due;
  gboolean                 closed;
  GQueue                   frames;      /* GBytes: pushes waiting for their turn */
  GSource                 *expiry;
  GSource                 *recheck;
} Peer;

typedef struct
{
  Peer                *peer;
  GBytes              *frame;      /* (nullable) a push */
  gint64               since;
  /* Results */
  guint16              close_code;
  const char          *close_reason;
  GPtrArray           *changes;    /* DossierServerChange of the push */
  GArray              *results;
  GStrv                forbidden;
  DossierServerPage   *page;
} Job;

/* An upgrade request being checked; once proved, it stays on its message
 * for websocket_cb(). */
typedef struct
{
  DossierServerLive    *live;
  SoupServerMessage    *msg;       /* (nullable) a reference while being checked */
  DossierServerRequest *request;
  DossierServerSession *session;
  DossierServerReply   *reply;
  gint64                since;
} Upgrade;

static void peer_next_job (Peer *peer);

static Peer *
peer_ref (Peer *peer)
{
  g_atomic_int_inc (&peer->refs);
  return peer;
}

static void
peer_unref (Peer *peer)
{
  if (!g_atomic_int_dec_and_test (&peer->refs))
    return;
  g_clear_object (&peer->conn);
  g_free (peer->token);
  g_free (peer->user_id);
  g_free (peer->device);
  g_strfreev (peer->scopes);
  g_queue_clear_full (&peer->frames, (GDestroyNotify) g_bytes_unref);
  g_free (peer);
}

static void
stop_timers (Peer *peer)
{
  if (peer->expiry != NULL)
    g_source_destroy (peer->expiry);
  if (peer->recheck != NULL)
    g_source_destroy (peer->recheck);
  g_clear_pointer (&peer->expiry, g_source_unref);
  g_clear_pointer (&peer->recheck, g_source_unref);
}

/* Closes with a code and a JSON reason; nothing more is sent or stored. */
static void
peer_close (Peer       *peer,
            guint16     code,
            const char *reason_code)
{
  g_autofree char *reason = dossier_live_close_reason (reason_code);

  if (peer->closed)
    return;
  peer->closed = TRUE;
  stop_timers (peer);
  g_queue_clear_full (&peer->frames, (GDestroyNotify) g_bytes_unref);
  g_debug ("Live channel closed: %u %s", code, reason_code);
  if (soup_websocket_connection_get_state (peer->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (peer->conn, code, reason);
}

/* Returns FALSE, sending nothing, for a frame over the limit. */
static gboolean
send_object (Peer       *peer,
             JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  if (strlen (text) > DOSSIER_LIVE_MAX_FRAME)
    return FALSE;
  /* The client may be closing already: then nothing more goes out. */
  if (soup_websocket_connection_get_state (peer->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (peer->conn, text);
  return TRUE;
}

/* Jobs (worker threads) ------------------------------------------------------ */

static void
job_free (Job *job)
{
  peer_unref (job->peer);
  g_clear_pointer (&job->frame, g_bytes_unref);
  g_clear_pointer (&job->changes, g_ptr_array_unref);
  g_clear_pointer (&job->results, g_array_unref);
  g_strfreev (job->forbidden);
  g_clear_pointer (&job->page, dossier_server_page_free);
  g_free (job);
}

static gboolean
job_fail (Job        *job,
          guint16     code,
          const char *reason)
{
  job->close_code = code;
  job->close_reason = reason;
  return FALSE;
}

static gboolean
job_store_error (Job    *job,
                 GError *error)
{
  if (g_error_matches (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_TOKEN_EXPIRED))
    return job_fail (job, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "token_expired");
  if (g_error_matches (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_UNAUTHORIZED))
    return job_fail (job, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "unauthorized");
  if (g_error_matches (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID))
    return job_fail (job, SOUP_WEBSOCKET_CLOSE_BAD_DATA, "invalid_request");
  g_warning ("Live channel: %s", error->message);
  return job_fail (job, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, "internal");
}

/* A push frame's changes in their full form, or FALSE with the close. */
static gboolean
parse_push (Job *job)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (job->frame, &length);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root, *list;
  JsonArray *array;

  if (dossier_json_text_check (data, length) != NULL)
    return job_fail (job, SOUP_WEBSOCKET_CLOSE_BAD_DATA, "invalid_request");
  if (!json_parser_load_from_data (parser, data, length, NULL)
      || (root = json_parser_get_root (parser)) == NULL)
    return job_fail (job, SOUP_WEBSOCKET_CLOSE_BAD_DATA, "malformed_json");
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || (list = json_object_get_member (json_node_get_object (root), "p")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (list)
      || json_array_get_length (array = json_node_get_array (list)) == 0
      || json_array_get_length (array) > DOSSIER_SERVER_MAX_BATCH)
    return job_fail (job, SOUP_WEBSOCKET_CLOSE_BAD_DATA, "invalid_request");

  job->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_server_change_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(JsonObject) full = NULL;
      g_autoptr(JsonNode) node = NULL;
      DossierServerChange *change;

      if (!JSON_NODE_HOLDS_OBJECT (element)
          || (full = dossier_live_change_expand (json_node_get_object (element),
                                                 job->peer->device,
                                                 (const char *const *) job->peer->scopes,
                                                 NULL)) == NULL)
        return job_fail (job, SOUP_WEBSOCKET_CLOSE_BAD_DATA, "invalid_request");
      node = json_node_init_object (json_node_alloc (), full);
      if ((change = dossier_server_change_new_from_json (node, NULL)) == NULL)
        return job_fail (job, SOUP_WEBSOCKET_CLOSE_BAD_DATA, "invalid_request");
      g_ptr_array_add (job->changes, change);
    }
  return TRUE;
}

static gboolean
run_push (Job                *job,
          DossierServerStore *store,
          const char         *user_id)
{
  g_autoptr(GError) error = NULL;

  if (!parse_push (job))
    return FALSE;
  job->results = dossier_server_store_push (store, user_id, job->changes, &job->forbidden, &error);
  if (job->results == NULL
      && g_error_matches (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_FORBIDDEN))
    return TRUE;   /* answered with the refused changes; nothing stored */
  if (job->results == NULL)
    return job_store_error (job, error);
  return TRUE;
}

static gboolean
job_done_cb (gpointer data);

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  DossierServerStore *store = user_data;
  g_autoptr(DossierServerSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = dossier_server_store_authenticate (store, job->peer->token, &error);
  if (session == NULL)
    job_store_error (job, error);
  else if (job->frame == NULL || run_push (job, store, session->user_id))
    {
      job->page = dossier_server_store_pull (store, session->user_id, job->since, LIVE_PAGE,
                                             &error);
      if (job->page == NULL)
        job_store_error (job, error);
    }
  g_main_context_invoke (job->peer->live->context, job_done_cb, job);
}

/* Sending (main context) ---------------------------------------------------- */

static gboolean
index_of_id (GPtrArray  *changes,
             const char *id,
             guint      *out_index)
{
  for (guint i = 0; i < changes->len; i++)
    if (strcmp (((DossierServerChange *) changes->pdata[i])->id, id) == 0)
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

/* The page's changes other devices made, compact; FALSE if one is outside
 * the peer's scopes (which a store never returns: then nothing is sent). */
static gboolean
foreign_changes (Peer              *peer,
                 DossierServerPage *page,
                 JsonArray         *out)
{
  for (guint i = 0; i < page->changes->len; i++)
    {
      DossierServerLogEntry *entry = page->changes->pdata[i];
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      JsonObject *full;
      JsonObject *compact;
      const char *scope, *device;

      if (!json_parser_load_from_data (parser, entry->json, -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return FALSE;
      full = json_node_get_object (json_parser_get_root (parser));
      scope = json_object_get_string_member_with_default (full, "scope", "");
      device = json_object_get_string_member_with_default (full, "device", "");
      if (!g_strv_contains ((const char *const *) peer->scopes, scope))
        return FALSE;
      /* The peer made it: it has it, and its ack tells the cursor. */
      if (strcmp (device, peer->device) == 0)
        continue;
      compact = dossier_live_change_compact (full, NULL, (const char *const *) peer->scopes);
      json_object_set_int_member (compact, "q", entry->seq);
      json_array_add_object_element (out, compact);
    }
  return TRUE;
}

static void
send_ack (Peer    *peer,
          Job     *job,
          gboolean with_next)
{
  g_autoptr(JsonObject) ack = json_object_new ();
  JsonArray *array = json_array_new ();

  if (job->results == NULL)
    {
      /* Refused as a whole (PROTOCOL.md "Push"): the refused changes by index. */
      for (guint i = 0; job->forbidden != NULL && job->forbidden[i] != NULL; i++)
        {
          guint index;

          if (index_of_id (job->changes, job->forbidden[i], &index))
            json_array_add_int_element (array, index);
        }
      json_object_set_array_member (ack, "f", array);
      send_object (peer, ack);
      return;
    }
  for (guint i = 0; i < job->results->len; i++)
    {
      DossierServerPushResult *result = &g_array_index (job->results, DossierServerPushResult, i);

      /* A duplicate's seq is negative: the change was there already. */
      json_array_add_int_element (array, result->status == DOSSIER_SERVER_PUSH_ACCEPTED
                                         ? result->seq : -result->seq);
    }
  json_object_set_array_member (ack, "a", array);
  if (with_next)
    json_object_set_int_member (ack, "n", job->page->next);
  send_object (peer, ack);
}

static void
send_page (Peer *peer,
           Job  *job)
{
  DossierServerPage *page = job->page;
  gboolean first = peer->scopes == NULL;
  g_autoptr(JsonObject) frame = json_object_new ();
  JsonArray *changes = json_array_new ();
  gboolean changed_scopes;
  guint count;

  if (first)
    peer->scopes = g_strdupv (page->scopes);
  changed_scopes = !g_strv_equal ((const char *const *) peer->scopes,
                                  (const char *const *) page->scopes);
  json_object_set_array_member (frame, "c", changes);
  if (changed_scopes || !foreign_changes (peer, page, changes))
    {
      /* A store's answer never leaves the caller's scopes; an office gained
       * or lost is the client's to handle, by a pull over HTTP. */
      if (job->frame != NULL)
        send_ack (peer, job, FALSE);
      peer_close (peer, DOSSIER_LIVE_CLOSE_SCOPES_CHANGED, "scopes_changed");
      return;
    }
  count = json_array_get_length (changes);
  if (first)
    {
      JsonArray *scopes = json_array_new ();

      for (guint i = 0; peer->scopes[i] != NULL; i++)
        json_array_add_string_element (scopes, peer->scopes[i]);
      json_object_set_array_member (frame, "s", scopes);
    }
  /* "n" defaults to the last change's seq. */
  if (count == 0 || json_object_get_int_member (json_array_get_object_element (changes, count - 1),
                                                "q") != page->next)
    json_object_set_int_member (frame, "n", page->next);
  if ((count > 0 || first) && !send_object (peer, frame))
    {
      /* More than a frame holds: the client catches up over HTTP. */
      if (job->frame != NULL)
        send_ack (peer, job, FALSE);
      peer_close (peer, DOSSIER_LIVE_CLOSE_SCOPES_CHANGED, "catch_up");
      return;
    }
  if (job->frame != NULL)
    send_ack (peer, job, count == 0 && !first && page->next > peer->sent);
  peer->sent = MAX (peer->sent, page->next);
  if (page->more)
    peer->feed_due = TRUE;
}

static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  Peer *peer = job->peer;

  peer->busy = FALSE;
  if (!peer->closed)
    {
      if (job->close_code != 0)
        peer_close (peer, job->close_code, job->close_reason);
      else
        send_page (peer, job);
      peer_next_job (peer);
    }
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
peer_next_job (Peer *peer)
{
  Job *job;

  if (peer->busy || peer->closed || (g_queue_is_empty (&peer->frames) && !peer->feed_due))
    return;
  job = g_new0 (Job, 1);
  job->peer = peer_ref (peer);
  job->frame = g_queue_pop_head (&peer->frames);
  job->since = peer->sent;
  peer->feed_due = FALSE;
  peer->busy = TRUE;
  g_thread_pool_push (peer->live->pool, job, NULL);
}

static void
peer_request_feed (Peer *peer)
{
  peer->feed_due = TRUE;
  peer_next_job (peer);
}

/* Signals (main context) ------------------------------------------------------ */

static void
message_cb (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            Peer                    *peer)
{
  if (peer->closed)
    return;
  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    peer_close (peer, SOUP_WEBSOCKET_CLOSE_UNSUPPORTED_DATA, "invalid_request");
  else if (g_bytes_get_size (message) > DOSSIER_LIVE_MAX_FRAME)
    peer_close (peer, SOUP_WEBSOCKET_CLOSE_TOO_BIG, "payload_too_large");
  else if (g_queue_get_length (&peer->frames) >= LIVE_MAX_QUEUED)
    /* A client waits for each push's answer before the next. */
    peer_close (peer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "too_many_pushes");
  else
    {
      g_queue_push_tail (&peer->frames, g_bytes_ref (message));
      peer_next_job (peer);
    }
}

static void
closed_cb (SoupWebsocketConnection *conn,
           Peer                    *peer)
{
  DossierServerLive *live = peer->live;

  peer->closed = TRUE;
  stop_timers (peer);
  g_signal_handlers_disconnect_by_data (conn, peer);
  if (g_ptr_array_remove (live->peers, peer))
    peer_unref (peer);
}

static gboolean
expiry_cb (gpointer data)
{
  peer_close (data, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "token_expired");
  return G_SOURCE_REMOVE;
}

static gboolean
recheck_cb (gpointer data)
{
  peer_request_feed (data);
  return G_SOURCE_CONTINUE;
}

static void
start_timers (Peer   *peer,
              gint64  expires_at)
{
  gint64 left = expires_at - g_get_real_time () / G_USEC_PER_SEC;

  peer->expiry = g_timeout_source_new_seconds ((guint) CLAMP (left, 0, G_MAXINT32 / 1000));
  g_source_set_callback (peer->expiry, expiry_cb, peer, NULL);
  g_source_attach (peer->expiry, peer->live->context);
  peer->recheck = g_timeout_source_new_seconds (LIVE_RECHECK_SECONDS);
  g_source_set_callback (peer->recheck, recheck_cb, peer, NULL);
  g_source_attach (peer->recheck, peer->live->context);
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  DossierServerLive *live = user_data;
  Upgrade *upgrade = g_object_get_data (G_OBJECT (msg), "dossier-live-upgrade");
  Peer *peer;

  if (upgrade == NULL || upgrade->session == NULL)
    {
      g_autofree char *reason = dossier_live_close_reason ("unauthorized");
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, reason);
      return;
    }
  peer = g_new0 (Peer, 1);
  peer->refs = 1;
  peer->live = live;
  peer->conn = g_object_ref (conn);
  peer->token = g_strdup (upgrade->request->token);
  peer->user_id = g_strdup (upgrade->session->user_id);
  peer->device = g_strdup (upgrade->session->device);
  peer->sent = upgrade->since;
  g_queue_init (&peer->frames);
  g_ptr_array_add (live->peers, peer);

  soup_websocket_connection_set_max_incoming_payload_size (conn, DOSSIER_LIVE_HARD_MAX_FRAME);
  soup_websocket_connection_set_keepalive_interval (conn, LIVE_KEEPALIVE_SECONDS);
  g_signal_connect (conn, "message", G_CALLBACK (message_cb), peer);
  g_signal_connect (conn, "closed", G_CALLBACK (closed_cb), peer);
  start_timers (peer, upgrade->session->expires_at);
  /* The first page: what came since the client's cursor, and its scopes. */
  peer_request_feed (peer);
}

/* The upgrade request (main context, then a worker) ---------------------------- */

static void
upgrade_free (Upgrade *upgrade)
{
  g_clear_object (&upgrade->msg);
  g_clear_pointer (&upgrade->request, dossier_server_request_free);
  g_clear_pointer (&upgrade->session, dossier_server_session_free);
  g_clear_pointer (&upgrade->reply, dossier_server_reply_free);
  g_free (upgrade);
}

static gboolean
upgrade_checked_cb (gpointer data)
{
  Upgrade *upgrade = data;
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&upgrade->msg);

  if (upgrade->reply != NULL)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
      DossierServerReply *reply = upgrade->reply;

      soup_server_message_set_status (msg, reply->status, NULL);
      soup_message_headers_set_content_type (headers, reply->content_type, NULL);
      if (reply->status == SOUP_STATUS_UNAUTHORIZED)
        soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer");
      soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (reply->body, NULL),
                                        g_bytes_get_size (reply->body));
      upgrade_free (upgrade);
    }
  else
    g_object_set_data_full (G_OBJECT (msg), "dossier-live-upgrade", upgrade,
                            (GDestroyNotify) upgrade_free);
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
check_upgrade (Upgrade            *upgrade,
               DossierServerStore *store)
{
  DossierServerContext context = { store, 0 };

  if ((upgrade->reply = dossier_server_check_query_protocol (upgrade->request, TRUE)) != NULL)
    return;
  if (!dossier_server_query_int (upgrade->request, "since", 0, &upgrade->since)
      || upgrade->since < 0)
    {
      upgrade->reply = dossier_server_reply_error (
        400, "invalid_request", "“since” must be a sequence number (0 or more)");
      return;
    }
  upgrade->session = dossier_server_authenticate (&context, upgrade->request, &upgrade->reply);
}

static void
upgrade_thread (gpointer data,
                gpointer user_data)
{
  Upgrade *upgrade = data;

  check_upgrade (upgrade, upgrade->live->store);
  g_main_context_invoke (upgrade->live->context, upgrade_checked_cb, upgrade);
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

/* Before the upgrade: a bad token or request gets its JSON error, no upgrade. */
static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  DossierServerLive *live = user_data;
  Upgrade *upgrade = g_new0 (Upgrade, 1);
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  upgrade->live = live;
  upgrade->msg = g_object_ref (msg);
  upgrade->request = g_new0 (DossierServerRequest, 1);
  upgrade->request->method = g_strdup (soup_server_message_get_method (msg));
  upgrade->request->path = g_strdup (path);
  upgrade->request->query = query != NULL ? g_hash_table_ref (query) : NULL;
  upgrade->request->token = bearer_token (msg);
  soup_server_message_pause (msg);
  g_thread_pool_push (live->auth_pool, upgrade, NULL);
}

/* Public ------------------------------------------------------------------------- */

DossierServerLive *
dossier_server_live_new (DossierServerStore *store,
                         SoupServer         *soup)
{
  DossierServerLive *live = g_new0 (DossierServerLive, 1);

  live->store = g_object_ref (store);
  live->context = g_main_context_ref_thread_default ();
  live->pool = g_thread_pool_new (run_job, store, LIVE_THREADS, FALSE, NULL);
  live->auth_pool = g_thread_pool_new (upgrade_thread, NULL, 2, FALSE, NULL);
  live->peers = g_ptr_array_new ();
  soup_server_add_early_handler (soup, DOSSIER_LIVE_PATH, early_cb, live, NULL);
  soup_server_add_websocket_handler (soup, DOSSIER_LIVE_PATH, NULL, NULL, websocket_cb, live,
                                     NULL);
  return live;
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

void
dossier_server_live_notify (DossierServerLive *live,
                            const char *const *scopes,
                            gint64             last_seq)
{
  for (guint i = 0; i < live->peers->len; i++)
    {
      Peer *peer = live->peers->pdata[i];

      if (!peer->closed && last_seq > peer->sent
          && (peer->scopes == NULL || scopes_meet (scopes, (const char *const *) peer->scopes)))
        peer_request_feed (peer);
    }
}

void
dossier_server_live_free (DossierServerLive *live)
{
  if (live == NULL)
    return;
  /* Closed peers ignore the jobs that report back later. */
  for (guint i = 0; i < live->peers->len; i++)
    peer_close (live->peers->pdata[i], SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "shutting_down");
  g_thread_pool_free (live->pool, FALSE, TRUE);
  g_thread_pool_free (live->auth_pool, FALSE, TRUE);
  for (guint i = 0; i < live->peers->len; i++)
    {
      Peer *peer = live->peers->pdata[i];

      g_signal_handlers_disconnect_by_data (peer->conn, peer);
      peer_unref (peer);
    }
  g_ptr_array_unref (live->peers);
  g_object_unref (live->store);
  g_main_context_unref (live->context);
  g_free (live);
}
