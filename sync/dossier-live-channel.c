/* dossier-live-channel.c: see dossier-live-channel.h. */

#include "dossier-json-text.h"
#include "dossier-live-channel.h"
#include "dossier-live-format.h"

#include <string.h>

struct _DossierLiveChannel
{
  SoupWebsocketConnection *conn;
  char                    *device;
  GQueue                   frames;       /* GBytes from the server */
  GSource                 *watchdog;
  gint64                   last_heard;   /* monotonic */
  guint                    keepalive;    /* seconds between pings */
  gboolean                 closed;
  GError                  *close_error;  /* why it closed */
  GStrv                    scopes;       /* the first frame's, which scope indexes name */
};

void
dossier_live_event_free (DossierLiveEvent *event)
{
  if (event == NULL)
    return;
  g_clear_pointer (&event->page, dossier_pull_page_free);
  g_clear_pointer (&event->seqs, g_array_unref);
  g_clear_pointer (&event->indexes, g_array_unref);
  g_free (event);
}

/* Signals ------------------------------------------------------------------- */

static void
message_cb (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            DossierLiveChannel      *channel)
{
  channel->last_heard = g_get_monotonic_time ();
  g_queue_push_tail (&channel->frames, g_bytes_ref (message));
}

static void
pong_cb (SoupWebsocketConnection *conn,
         GBytes                  *message,
         DossierLiveChannel      *channel)
{
  channel->last_heard = g_get_monotonic_time ();
}

static void
set_close_error (DossierLiveChannel *channel,
                 int                 code,
                 const char         *format,
                 ...) G_GNUC_PRINTF (3, 4);

static void
set_close_error (DossierLiveChannel *channel,
                 int                 code,
                 const char         *format,
                 ...)
{
  va_list args;

  if (channel->close_error != NULL)
    return;
  va_start (args, format);
  channel->close_error = g_error_new_valist (DOSSIER_SYNC_ERROR, code, format, args);
  va_end (args);
}

static void
closed_cb (SoupWebsocketConnection *conn,
           DossierLiveChannel      *channel)
{
  gushort code = soup_websocket_connection_get_close_code (conn);
  const char *data = soup_websocket_connection_get_close_data (conn);
  g_autofree char *reason = dossier_live_reason_code (data);

  channel->closed = TRUE;
  if (g_strcmp0 (reason, "token_expired") == 0)
    set_close_error (channel, DOSSIER_SYNC_ERROR_TOKEN_EXPIRED,
                     "The session expired (live channel)");
  else if (g_strcmp0 (reason, "unauthorized") == 0)
    set_close_error (channel, DOSSIER_SYNC_ERROR_UNAUTHORIZED,
                     "The server no longer accepts this login");
  else if (code == DOSSIER_LIVE_CLOSE_SCOPES_CHANGED)
    set_close_error (channel, DOSSIER_SYNC_ERROR_RESYNC, "Your offices changed");
  else if (code == SOUP_WEBSOCKET_CLOSE_BAD_DATA || code == SOUP_WEBSOCKET_CLOSE_TOO_BIG
           || code == SOUP_WEBSOCKET_CLOSE_UNSUPPORTED_DATA)
    set_close_error (channel, DOSSIER_SYNC_ERROR_PROTOCOL,
                     "The server refused a live frame (%u, %s)", code, reason ? reason : "");
  else
    set_close_error (channel, DOSSIER_SYNC_ERROR_OFFLINE, "The live connection closed (%u)", code);
}

static gboolean
watchdog_cb (gpointer data)
{
  DossierLiveChannel *channel = data;

  if (g_get_monotonic_time () - channel->last_heard > 2 * channel->keepalive * G_USEC_PER_SEC)
    {
      set_close_error (channel, DOSSIER_SYNC_ERROR_OFFLINE,
                       "The live connection stopped answering");
      channel->closed = TRUE;
      soup_websocket_connection_close (channel->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  return G_SOURCE_CONTINUE;
}

/* Opening ------------------------------------------------------------------- */

typedef struct
{
  gboolean                 done;
  SoupWebsocketConnection *conn;
  GError                  *error;
} Connecting;

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Connecting *connecting = user_data;

  connecting->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                            &connecting->error);
  connecting->done = TRUE;
}

static void
set_open_error (GError     **error,
                SoupMessage *message,
                GError      *cause)
{
  guint status = soup_message_get_status (message);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return;
    }
  if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_UNAUTHORIZED,
                 "The server did not accept the login (HTTP 401)");
  else if (status >= 500)
    g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_SERVER,
                 "The server failed to open the live channel (HTTP %u)", status);
  else if (status != 0)
    g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_NO_LIVE,
                 "The server offers no live channel (HTTP %u)", status);
  else
    g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_OFFLINE,
                 "The sync server cannot be reached: %s", cause->message);
  g_error_free (cause);
}

/* DOSSIER_LIVE_KEEPALIVE_SECONDS in the environment shortens it, for tests. */
static guint
keepalive_seconds (void)
{
  const char *text = g_getenv ("DOSSIER_LIVE_KEEPALIVE_SECONDS");
  guint64 seconds;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, 3600, &seconds, NULL))
    return (guint) seconds;
  return DOSSIER_LIVE_KEEPALIVE_SECONDS;
}

/**
 * dossier_live_channel_open:
 * @device: this replica's device: the server takes it as the device of
 *   pushed changes whose id is a bare counter
 * @since: the replica's cursor
 *
 * Blocks (iterating the thread-default main context) until the channel is
 * open.  Errors: UNAUTHORIZED for a 401, NO_LIVE when the server answers
 * without upgrading, OFFLINE when it cannot be reached.
 *
 * Returns: (transfer full) (nullable): the channel
 */
DossierLiveChannel *
dossier_live_channel_open (DossierSyncClient  *client,
                           const char         *device,
                           gint64              since,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autofree char *path = g_strdup_printf ("%s?protocol=%d&since=%" G_GINT64_FORMAT,
                                           DOSSIER_LIVE_PATH, DOSSIER_PROTOCOL_VERSION, since);
  g_autoptr(SoupMessage) message = dossier_sync_client_new_message (client, "GET", path, error);
  Connecting connecting = { 0 };
  DossierLiveChannel *channel;

  if (message == NULL)
    return NULL;
  soup_session_websocket_connect_async (dossier_sync_client_get_session (client), message, NULL,
                                        NULL, G_PRIORITY_DEFAULT, cancellable, connected_cb,
                                        &connecting);
  while (!connecting.done)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (connecting.conn == NULL)
    {
      set_open_error (error, message, connecting.error);
      return NULL;
    }

  channel = g_new0 (DossierLiveChannel, 1);
  channel->conn = connecting.conn;
  channel->device = g_strdup (device);
  channel->last_heard = g_get_monotonic_time ();
  g_queue_init (&channel->frames);
  soup_websocket_connection_set_max_incoming_payload_size (channel->conn,
                                                           DOSSIER_LIVE_HARD_MAX_FRAME);
  channel->keepalive = keepalive_seconds ();
  soup_websocket_connection_set_keepalive_interval (channel->conn, channel->keepalive);
  g_signal_connect (channel->conn, "message", G_CALLBACK (message_cb), channel);
  g_signal_connect (channel->conn, "pong", G_CALLBACK (pong_cb), channel);
  g_signal_connect (channel->conn, "closed", G_CALLBACK (closed_cb), channel);
  channel->watchdog = g_timeout_source_new (channel->keepalive * 1000 / 3);
  g_source_set_callback (channel->watchdog, watchdog_cb, channel, NULL);
  g_source_attach (channel->watchdog, g_main_context_get_thread_default ());
  return channel;
}

void
dossier_live_channel_free (DossierLiveChannel *channel)
{
  gint64 deadline = g_get_monotonic_time () + 100 * 1000;

  if (channel == NULL)
    return;
  g_source_destroy (channel->watchdog);
  g_source_unref (channel->watchdog);
  if (soup_websocket_connection_get_state (channel->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (channel->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  /* Lets the close frame leave, briefly. */
  while (soup_websocket_connection_get_state (channel->conn) != SOUP_WEBSOCKET_STATE_CLOSED
         && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
      g_usleep (1000);
  g_signal_handlers_disconnect_by_data (channel->conn, channel);
  g_clear_object (&channel->conn);
  g_queue_clear_full (&channel->frames, (GDestroyNotify) g_bytes_unref);
  g_clear_error (&channel->close_error);
  g_strfreev (channel->scopes);
  g_free (channel->device);
  g_free (channel);
}

/* Frames ------------------------------------------------------------------------ */

gboolean
dossier_live_channel_push (DossierLiveChannel  *channel,
                           GPtrArray           *changes,
                           GError             **error)
{
  g_autoptr(JsonObject) frame = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonArray *array = json_array_new ();

  json_object_set_array_member (frame, "p", array);
  for (guint i = 0; i < changes->len; i++)
    {
      g_autoptr(JsonNode) full = dossier_change_to_json (changes->pdata[i]);

      json_array_add_object_element (array, dossier_live_change_compact (
                                       json_node_get_object (full), channel->device,
                                       (const char *const *) channel->scopes));
    }
  root = json_node_init_object (json_node_alloc (), frame);
  text = json_to_string (root, FALSE);
  /* A closing channel sends nothing: the changes stay in the outbox, and
   * its close says what comes next. */
  if (!channel->closed
      && soup_websocket_connection_get_state (channel->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (channel->conn, text);
  return TRUE;
}

static gboolean
is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_INT64;
}

static GArray *
int_array (JsonNode *node,
           gboolean  unsigned_only)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *list = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      gint64 value;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64
          || ((value = json_node_get_int (element)) < 0 && unsigned_only)
          || (value == 0 && !unsigned_only))
        {
          g_array_unref (array);
          return NULL;
        }
      g_array_append_val (array, value);
    }
  if (list == NULL)
    g_clear_pointer (&array, g_array_unref);
  return array;
}

static GStrv
strings_of (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *list = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_VALUE (element)
          && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

static DossierPullPage *
page_from_frame (DossierLiveChannel  *channel,
                 JsonObject          *frame,
                 GError             **error)
{
  g_autoptr(DossierPullPage) page = g_new0 (DossierPullPage, 1);
  JsonArray *changes = json_object_get_array_member (frame, "c");
  JsonNode *next = json_object_get_member (frame, "n");
  JsonNode *scopes = json_object_get_member (frame, "s");

  /* The first frame's scopes: later changes name theirs by index. */
  if (scopes != NULL && JSON_NODE_HOLDS_ARRAY (scopes))
    {
      page->scopes = strings_of (scopes);
      if (channel->scopes == NULL)
        channel->scopes = g_strdupv (page->scopes);
    }
  page->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonNode *element = json_array_get_element (changes, i);
      g_autoptr(JsonObject) full = NULL;
      DossierChange *change;

      if (!JSON_NODE_HOLDS_OBJECT (element)
          || (full = dossier_live_change_expand (json_node_get_object (element), NULL,
                                                 (const char *const *) channel->scopes,
                                                 error)) == NULL
          || (change = dossier_change_from_json (full, error)) == NULL)
        return NULL;
      if (change->server_seq <= 0)
        {
          dossier_change_free (change);
          g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                       "A live change has no sequence number");
          return NULL;
        }
      g_ptr_array_add (page->changes, change);
    }
  if (is_int (next))
    page->next = json_node_get_int (next);
  else if (page->changes->len > 0)
    page->next = ((DossierChange *) page->changes->pdata[page->changes->len - 1])->server_seq;
  else
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                   "A live page has no cursor");
      return NULL;
    }
  return g_steal_pointer (&page);
}

static DossierLiveEvent *
event_from_frame (DossierLiveChannel  *channel,
                  JsonObject          *frame,
                  GError             **error)
{
  g_autoptr(DossierLiveEvent) event = g_new0 (DossierLiveEvent, 1);
  JsonNode *changes = json_object_get_member (frame, "c");
  JsonNode *next = json_object_get_member (frame, "n");

  if (changes != NULL && JSON_NODE_HOLDS_ARRAY (changes))
    {
      event->kind = DOSSIER_LIVE_EVENT_PAGE;
      event->page = page_from_frame (channel, frame, error);
      return event->page ? g_steal_pointer (&event) : NULL;
    }
  if (json_object_has_member (frame, "a"))
    {
      event->kind = DOSSIER_LIVE_EVENT_ACK;
      event->seqs = int_array (json_object_get_member (frame, "a"), FALSE);
      if (is_int (next))
        event->next = json_node_get_int (next);
      if (event->seqs != NULL)
        return g_steal_pointer (&event);
    }
  else if (json_object_has_member (frame, "f"))
    {
      event->kind = DOSSIER_LIVE_EVENT_FORBIDDEN;
      event->indexes = int_array (json_object_get_member (frame, "f"), TRUE);
      if (event->indexes != NULL)
        return g_steal_pointer (&event);
    }
  g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
               "The server sent a live frame this client does not understand");
  return NULL;
}

/* A frame the client cannot use: it says so and closes. */
static void
refuse_frame (DossierLiveChannel *channel,
              const char         *code,
              GError             *error)
{
  g_autofree char *reason = dossier_live_close_reason (code);

  set_close_error (channel, DOSSIER_SYNC_ERROR_PROTOCOL, "%s", error->message);
  channel->closed = TRUE;
  soup_websocket_connection_close (channel->conn, SOUP_WEBSOCKET_CLOSE_BAD_DATA, reason);
}

DossierLiveEvent *
dossier_live_channel_pop (DossierLiveChannel  *channel,
                          GError             **error)
{
  g_autoptr(GBytes) bytes = g_queue_pop_head (&channel->frames);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;
  DossierLiveEvent *event;
  JsonNode *root;

  if (bytes == NULL && channel->closed)
    {
      if (channel->close_error == NULL)
        set_close_error (channel, DOSSIER_SYNC_ERROR_OFFLINE, "The live connection closed");
      g_propagate_error (error, g_error_copy (channel->close_error));
      return NULL;
    }
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  if (dossier_json_text_check (data, length) != NULL
      || !json_parser_load_from_data (parser, data, length, &local_error)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      if (local_error == NULL)
        g_set_error (&local_error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                     "The server sent a live frame that is not a JSON object");
      refuse_frame (channel, "malformed_json", local_error);
      g_propagate_error (error, g_error_copy (channel->close_error));
      return NULL;
    }
  if ((event = event_from_frame (channel, json_node_get_object (root), &local_error)) == NULL)
    {
      refuse_frame (channel, "invalid_request", local_error);
      g_propagate_error (error, g_error_copy (channel->close_error));
    }
  return event;
}
