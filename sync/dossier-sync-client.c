/* dossier-sync-client.c: PROTOCOL.md, client side.  Blocking libsoup calls,
 * made only from the sync engine's thread (its session lives there). */

#include "dossier-sync-client.h"
#include "dossier-json-text.h"
#include "dossier-pull-reader.h"

#include <string.h>

G_DEFINE_QUARK (dossier-sync-error-quark, dossier_sync_error)

struct _DossierSyncClient
{
  SoupSession *session;
  char        *base;      /* "http://host:port", no trailing slash */
  char        *token;
};

DossierSyncClient *
dossier_sync_client_new (const char *server_url)
{
  DossierSyncClient *client = g_new0 (DossierSyncClient, 1);

  client->session = soup_session_new_with_options ("timeout", 60, "idle-timeout", 60, NULL);
  client->base = g_strdup (server_url);
  while (g_str_has_suffix (client->base, "/"))
    client->base[strlen (client->base) - 1] = '\0';
  return client;
}

void
dossier_sync_client_free (DossierSyncClient *client)
{
  if (client == NULL)
    return;
  g_clear_object (&client->session);
  g_free (client->base);
  g_free (client->token);
  g_free (client);
}

void
dossier_sync_client_set_token (DossierSyncClient *client,
                               const char        *token)
{
  g_free (client->token);
  client->token = g_strdup (token);
}

/* Connection-level failures mean "offline", which the UI shows calmly. */
static void
set_transport_error (GError **error,
                     GError  *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, cause);
  else
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_OFFLINE,
                   "The sync server cannot be reached: %s", cause->message);
      g_error_free (cause);
    }
}

static void
set_status_error (GError     **error,
                  guint        status,
                  JsonObject  *body)
{
  JsonObject *detail = body && json_object_has_member (body, "error")
                       ? json_object_get_object_member (body, "error") : NULL;
  const char *code = detail ? json_object_get_string_member_with_default (detail, "code", "") : "";
  const char *message = detail ? json_object_get_string_member_with_default (detail, "message", "")
                               : "";
  int domain_code = DOSSIER_SYNC_ERROR_PROTOCOL;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    domain_code = g_str_equal (code, "token_expired") ? DOSSIER_SYNC_ERROR_TOKEN_EXPIRED
                  : g_str_equal (code, "bad_credentials") ? DOSSIER_SYNC_ERROR_BAD_CREDENTIALS
                  : DOSSIER_SYNC_ERROR_UNAUTHORIZED;
  else if (status == SOUP_STATUS_FORBIDDEN)
    domain_code = DOSSIER_SYNC_ERROR_FORBIDDEN;
  else if (status >= 500)
    domain_code = DOSSIER_SYNC_ERROR_SERVER;
  g_set_error (error, DOSSIER_SYNC_ERROR, domain_code, "%s (HTTP %u%s%s)",
               *message ? message : soup_status_get_phrase (status), status,
               *code ? ", " : "", code);
}

/* A request to `path` with the token, or NULL (error set) for a bad address. */
static SoupMessage *
new_message (DossierSyncClient  *client,
             const char         *method,
             const char         *path,
             GError            **error)
{
  g_autofree char *uri = g_strconcat (client->base, path, NULL);
  SoupMessage *message = soup_message_new (method, uri);

  if (message == NULL)
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_OFFLINE,
                   "“%s” is not a server address", client->base);
      return NULL;
    }
  if (client->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", client->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    bearer);
    }
  return message;
}

SoupSession *
dossier_sync_client_get_session (DossierSyncClient *client)
{
  return client->session;
}

/* Returns: (transfer full) (nullable): see new_message() */
SoupMessage *
dossier_sync_client_new_message (DossierSyncClient  *client,
                                 const char         *method,
                                 const char         *path,
                                 GError            **error)
{
  return new_message (client, method, path, error);
}

/* Sends `message`; returns the answer's body and, in `out_root`, the answer
 * parsed if it is JSON (NULL otherwise: attachment bytes are not parsed). */
static GBytes *
send_message (DossierSyncClient  *client,
              SoupMessage        *message,
              JsonParser         *parser,
              JsonNode          **out_root,
              GCancellable       *cancellable,
              GError            **error)
{
  GError *local_error = NULL;
  GBytes *reply = soup_session_send_and_read (client->session, message, cancellable, &local_error);

  *out_root = NULL;
  if (reply == NULL)
    {
      set_transport_error (error, local_error);
      return NULL;
    }
  /* A hostile or broken server's answer must not crash the application. */
  if (g_strcmp0 (soup_message_headers_get_content_type (soup_message_get_response_headers (message),
                                                       NULL), "application/json") == 0
      && dossier_json_text_check (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply)) == NULL
      && json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                     NULL))
    *out_root = json_parser_get_root (parser);
  return reply;
}

/* Sends a request; returns the parsed JSON object of a 2xx answer.  On a 4xx or
 * 5xx answer with a JSON error, `out_error_body` (optional) receives it. */
static JsonObject *
send_json (DossierSyncClient  *client,
           const char         *method,
           const char         *path,
           JsonNode           *body,
           JsonObject        **out_error_body,
           GCancellable       *cancellable,
           GError            **error)
{
  g_autoptr(SoupMessage) message = new_message (client, method, path, error);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  guint status;

  if (message == NULL)
    return NULL;
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  if ((reply = send_message (client, message, parser, &root, cancellable, error)) == NULL)
    return NULL;
  status = soup_message_get_status (message);
  if (status >= 200 && status < 300 && root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return json_object_ref (json_node_get_object (root));
  if (status >= 200 && status < 300)
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                   "The server's answer to %s is not a JSON object", path);
      return NULL;
    }
  set_status_error (error, status, root && JSON_NODE_HOLDS_OBJECT (root)
                                   ? json_node_get_object (root) : NULL);
  if (out_error_body != NULL && root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    *out_error_body = json_object_ref (json_node_get_object (root));
  return NULL;
}

static JsonNode *
request_body (JsonObject *members)
{
  json_object_set_int_member (members, "protocol", DOSSIER_PROTOCOL_VERSION);
  return json_node_init_object (json_node_alloc (), members);
}

JsonObject *
dossier_sync_client_login (DossierSyncClient  *client,
                           const char         *user,
                           const char         *password,
                           const char         *device,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(JsonObject) members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;
  JsonObject *reply;

  json_object_set_string_member (members, "user", user);
  json_object_set_string_member (members, "password", password);
  json_object_set_string_member (members, "device", device);
  body = request_body (members);
  reply = send_json (client, "POST", "/v1/login", body, NULL, cancellable, error);
  if (reply != NULL && !json_object_has_member (reply, "token"))
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                   "The server's login answer has no token");
      g_clear_pointer (&reply, json_object_unref);
    }
  if (reply != NULL)
    dossier_sync_client_set_token (client, json_object_get_string_member (reply, "token"));
  return reply;
}

/* Changes on the wire ------------------------------------------------------ */

JsonNode *
dossier_change_to_json (const DossierChange *change)
{
  /* json_node_init_object() takes a reference of its own. */
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *hlc = dossier_hlc_to_string (change->hlc);

  json_object_set_string_member (object, "id", change->change_id);
  json_object_set_string_member (object, "kind", change->kind);
  json_object_set_string_member (object, "record", change->record_id);
  json_object_set_string_member (object, "field", change->field);
  json_object_set_member (object, "value",
                          change->value ? json_node_copy (change->value) : json_node_new (JSON_NODE_NULL));
  json_object_set_string_member (object, "hlc", hlc);
  json_object_set_string_member (object, "device", change->device);
  if (change->base_device != NULL)
    {
      g_autofree char *base = dossier_hlc_to_string (change->base_hlc);
      json_object_set_string_member (object, "base_hlc", base);
      json_object_set_string_member (object, "base_device", change->base_device);
    }
  if (change->resolves != NULL)
    json_object_set_member (object, "resolves", json_node_copy (change->resolves));
  if (change->scope != NULL)
    json_object_set_string_member (object, "scope", change->scope);
  return json_node_init_object (json_node_alloc (), object);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * dossier_change_from_json:
 *
 * Returns: (transfer full) (nullable): the change, or NULL if `object` is not one
 */
DossierChange *
dossier_change_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(DossierChange) change = g_new0 (DossierChange, 1);
  const char *hlc = string_member (object, "hlc");
  const char *base_hlc = string_member (object, "base_hlc");

  change->change_id = g_strdup (string_member (object, "id"));
  change->kind = g_strdup (string_member (object, "kind"));
  change->record_id = g_strdup (string_member (object, "record"));
  change->field = g_strdup (string_member (object, "field"));
  change->device = g_strdup (string_member (object, "device"));
  change->base_device = g_strdup (string_member (object, "base_device"));
  change->scope = g_strdup (string_member (object, "scope"));
  if (change->change_id == NULL || change->kind == NULL || change->record_id == NULL
      || change->field == NULL || change->device == NULL || hlc == NULL
      || !json_object_has_member (object, "value")
      || !dossier_hlc_from_string (hlc, &change->hlc, NULL)
      || (base_hlc != NULL && !dossier_hlc_from_string (base_hlc, &change->base_hlc, NULL)))
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                   "The server sent a change that is not well formed");
      return NULL;
    }
  change->value = json_node_copy (json_object_get_member (object, "value"));
  if (json_object_has_member (object, "resolves"))
    change->resolves = json_node_copy (json_object_get_member (object, "resolves"));
  if (json_object_has_member (object, "seq"))
    change->server_seq = json_object_get_int_member (object, "seq");
  return g_steal_pointer (&change);
}

/* Push and pull ------------------------------------------------------------ */

static GStrv
ids_of (JsonArray  *array,
        const char *status_filter)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = object ? string_member (object, "id") : NULL;
      const char *status = object ? string_member (object, "status") : NULL;

      if (object == NULL && JSON_NODE_HOLDS_VALUE (node))
        id = json_node_get_string (node);
      if (id != NULL && (status_filter == NULL
                         || (status != NULL && strstr (status_filter, status) != NULL)))
        g_strv_builder_add (builder, id);
    }
  return g_strv_builder_end (builder);
}

/**
 * dossier_push_body_new:
 * @changes: (element-type DossierChange): one batch, oldest first
 *
 * Returns: (transfer full): the body of `POST /v1/push`
 */
JsonNode *
dossier_push_body_new (GPtrArray *changes)
{
  JsonObject *members = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < changes->len; i++)
    json_array_add_element (array, dossier_change_to_json (changes->pdata[i]));
  json_object_set_array_member (members, "changes", array);
  return request_body (members);
}

/**
 * dossier_push_reply_acked:
 * @reply: a push's 2xx answer
 *
 * Returns: (transfer full): the ids the server accepted or already had,
 *   which leave the outbox
 */
GStrv
dossier_push_reply_acked (JsonObject  *reply,
                          GError     **error)
{
  JsonNode *results = json_object_get_member (reply, "results");

  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                   "The server's push answer has no results");
      return NULL;
    }
  return ids_of (json_node_get_array (results), "accepted duplicate");
}

/**
 * dossier_push_error_forbidden:
 * @error_body: (nullable): the JSON body of a push's 403 answer
 *
 * Returns: (transfer full) (nullable): the ids of the changes the server refused
 */
GStrv
dossier_push_error_forbidden (JsonObject *error_body)
{
  JsonObject *detail = error_body && json_object_has_member (error_body, "error")
                       ? json_object_get_object_member (error_body, "error") : NULL;

  if (detail == NULL || !json_object_has_member (detail, "changes"))
    return NULL;
  return ids_of (json_object_get_array_member (detail, "changes"), NULL);
}

GStrv
dossier_sync_client_push (DossierSyncClient  *client,
                          GPtrArray          *changes,
                          GStrv              *out_forbidden,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_autoptr(JsonNode) body = dossier_push_body_new (changes);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) error_body = NULL;

  reply = send_json (client, "POST", "/v1/push", body, &error_body, cancellable, error);
  if (reply == NULL)
    {
      if (out_forbidden != NULL)
        *out_forbidden = dossier_push_error_forbidden (error_body);
      return NULL;
    }
  return dossier_push_reply_acked (reply, error);
}

void
dossier_pull_page_free (DossierPullPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->changes, g_ptr_array_unref);
  g_strfreev (page->scopes);
  g_free (page);
}

/**
 * dossier_pull_page_from_json:
 * @reply: a pull's 2xx answer
 *
 * Returns: (transfer full) (nullable): the page, or NULL if @reply is not one
 */
DossierPullPage *
dossier_pull_page_from_json (JsonObject  *reply,
                             GError     **error)
{
  g_autoptr(DossierPullPage) page = g_new0 (DossierPullPage, 1);
  JsonNode *changes = json_object_get_member (reply, "changes");

  page->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) || !json_object_has_member (reply, "next"))
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                   "The server's pull answer is not well formed");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (changes)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (changes), i);
      DossierChange *change;

      if (!JSON_NODE_HOLDS_OBJECT (node)
          || (change = dossier_change_from_json (json_node_get_object (node), error)) == NULL)
        return NULL;
      g_ptr_array_add (page->changes, change);
    }
  page->next = json_object_get_int_member (reply, "next");
  page->more = json_object_get_boolean_member_with_default (reply, "more", FALSE);
  if (json_object_has_member (reply, "scopes"))
    page->scopes = ids_of (json_object_get_array_member (reply, "scopes"), NULL);
  return g_steal_pointer (&page);
}

/**
 * dossier_sync_client_pull:
 * @wait_seconds: 0 for an answer at once, else a long poll
 *
 * Returns: (transfer full): one page of changes since @since
 */
DossierPullPage *
dossier_sync_client_pull (DossierSyncClient  *client,
                          gint64              since,
                          guint               limit,
                          guint               wait_seconds,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_autofree char *path = g_strdup_printf ("/v1/pull?protocol=%d&since=%" G_GINT64_FORMAT
                                           "&limit=%u&wait=%u", DOSSIER_PROTOCOL_VERSION, since,
                                           limit, wait_seconds);
  g_autoptr(SoupMessage) message = new_message (client, "GET", path, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) reply = NULL;
  GError *local_error = NULL;
  JsonNode *root = NULL;
  gboolean is_json;
  guint status;

  if (message == NULL)
    return NULL;
  if ((reply = soup_session_send_and_read (client->session, message, cancellable,
                                           &local_error)) == NULL)
    {
      set_transport_error (error, local_error);
      return NULL;
    }
  status = soup_message_get_status (message);
  is_json = g_strcmp0 (soup_message_headers_get_content_type (
                         soup_message_get_response_headers (message), NULL), "application/json") == 0;
  /* Pages are read without json-glib; one the reader does not take is
   * parsed as any other answer (send_message()), which also says what is
   * wrong with it. */
  if (is_json && status >= 200 && status < 300)
    {
      DossierPullPage *page = dossier_pull_page_read (g_bytes_get_data (reply, NULL),
                                                      g_bytes_get_size (reply));
      if (page != NULL)
        return page;
    }
  if (is_json
      && dossier_json_text_check (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply)) == NULL
      && json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                     NULL))
    root = json_parser_get_root (parser);
  if (status >= 200 && status < 300 && root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return dossier_pull_page_from_json (json_node_get_object (root), error);
  if (status >= 200 && status < 300)
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                   "The server's answer to %s is not a JSON object", path);
      return NULL;
    }
  set_status_error (error, status, root && JSON_NODE_HOLDS_OBJECT (root)
                                   ? json_node_get_object (root) : NULL);
  return NULL;
}

/* Attachments --------------------------------------------------------------------- */

/* "received" and "complete" of a blob status or upload answer. */
static gboolean
parse_blob_progress (JsonNode  *root,
                     gint64    *out_received,
                     gboolean  *out_complete,
                     GError   **error)
{
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *received = object ? json_object_get_member (object, "received") : NULL;

  if (received == NULL || json_node_get_value_type (received) != G_TYPE_INT64)
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                   "The server's answer about an attachment lacks “received”");
      return FALSE;
    }
  *out_received = json_node_get_int (received);
  *out_complete = json_object_get_boolean_member_with_default (object, "complete", FALSE);
  return TRUE;
}

/**
 * dossier_sync_client_blob_status:
 *
 * What the server holds of a blob: 0 bytes and not complete when it has none.
 */
gboolean
dossier_sync_client_blob_status (DossierSyncClient  *client,
                                 const char         *sha256,
                                 gint64             *out_received,
                                 gboolean           *out_complete,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_autofree char *path = g_strdup_printf ("/v1/blobs/%s/status?protocol=%d", sha256,
                                           DOSSIER_PROTOCOL_VERSION);
  g_autoptr(SoupMessage) message = new_message (client, "GET", path, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) reply = NULL;
  JsonNode *root;
  guint status;

  if (message == NULL
      || (reply = send_message (client, message, parser, &root, cancellable, error)) == NULL)
    return FALSE;
  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      *out_received = 0;
      *out_complete = FALSE;
      return TRUE;
    }
  if (status != SOUP_STATUS_OK)
    {
      set_status_error (error, status, root && JSON_NODE_HOLDS_OBJECT (root)
                                       ? json_node_get_object (root) : NULL);
      return FALSE;
    }
  return parse_blob_progress (root, out_received, out_complete, error);
}

/**
 * dossier_sync_client_blob_put:
 * @offset: where `chunk` starts; must be what the server already holds
 * @size: the whole blob's size
 *
 * Appends one chunk (at most 4 MiB) of a blob.
 */
gboolean
dossier_sync_client_blob_put (DossierSyncClient  *client,
                              const char         *sha256,
                              gint64              offset,
                              gint64              size,
                              GBytes             *chunk,
                              gint64             *out_received,
                              gboolean           *out_complete,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autofree char *path = g_strdup_printf ("/v1/blobs/%s?offset=%" G_GINT64_FORMAT "&size=%"
                                           G_GINT64_FORMAT, sha256, offset, size);
  g_autoptr(SoupMessage) message = new_message (client, "PUT", path, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) reply = NULL;
  JsonNode *root;
  guint status;

  if (message == NULL)
    return FALSE;
  soup_message_set_request_body_from_bytes (message, "application/octet-stream", chunk);
  if ((reply = send_message (client, message, parser, &root, cancellable, error)) == NULL)
    return FALSE;
  status = soup_message_get_status (message);
  if (status < 200 || status >= 300)
    {
      set_status_error (error, status, root && JSON_NODE_HOLDS_OBJECT (root)
                                       ? json_node_get_object (root) : NULL);
      return FALSE;
    }
  return parse_blob_progress (root, out_received, out_complete, error);
}

/**
 * dossier_sync_client_blob_get:
 * @offset: the first byte wanted (what is stored here already)
 *
 * Returns: (transfer full) (nullable): the bytes from @offset to the end, or
 *   NULL without an error while the server has no complete copy (the device
 *   that added it has not uploaded it yet)
 */
GBytes *
dossier_sync_client_blob_get (DossierSyncClient  *client,
                              const char         *sha256,
                              gint64              offset,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autofree char *path = g_strdup_printf ("/v1/blobs/%s", sha256);
  g_autoptr(SoupMessage) message = new_message (client, "GET", path, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) reply = NULL;
  JsonNode *root;
  guint status;

  if (message == NULL)
    return NULL;
  if (offset > 0)
    soup_message_headers_set_range (soup_message_get_request_headers (message), offset, -1);
  if ((reply = send_message (client, message, parser, &root, cancellable, error)) == NULL)
    return NULL;
  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_NOT_FOUND)
    return NULL;
  if ((offset > 0 && status != SOUP_STATUS_PARTIAL_CONTENT)
      || (offset == 0 && status != SOUP_STATUS_OK))
    {
      if (status >= 200 && status < 300)
        g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                     "The server answered a download from byte %" G_GINT64_FORMAT " with HTTP %u",
                     offset, status);
      else
        set_status_error (error, status, root && JSON_NODE_HOLDS_OBJECT (root)
                                         ? json_node_get_object (root) : NULL);
      return NULL;
    }
  return g_steal_pointer (&reply);
}
