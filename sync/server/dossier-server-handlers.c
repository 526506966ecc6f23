/* dossier-server-handlers.c: the protocol's endpoints, request in, reply out.
 *
 * Runs on the server's worker threads.  Every refusal is a 4xx with a JSON
 * error and happens before the store is asked to write anything; the store
 * itself refuses a whole batch in one transaction.  Passwords and tokens are
 * never logged.
 */

#include "dossier-json-text.h"
#include "dossier-server-private.h"

#include <string.h>

void
dossier_server_request_free (DossierServerRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_free (request->token);
  g_free (request->range);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

void
dossier_server_wait_free (DossierServerWait *wait)
{
  if (wait == NULL)
    return;
  g_strfreev (wait->scopes);
  g_free (wait);
}

void
dossier_server_reply_free (DossierServerReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply->content_range);
  g_clear_pointer (&reply->wait, dossier_server_wait_free);
  g_free (reply);
}

/* A builder inside the reply object, "protocol" written. */
JsonBuilder *
dossier_server_builder_new (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, DOSSIER_SERVER_PROTOCOL_VERSION);
  return builder;
}

/* A builder inside the "error" object, code and message written. */
JsonBuilder *
dossier_server_error_builder (const char *code,
                              const char *message)
{
  JsonBuilder *builder = dossier_server_builder_new ();

  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  return builder;
}

/* Closes the builder's open objects and makes the reply. */
DossierServerReply *
dossier_server_reply_json (guint        status,
                           JsonBuilder *builder)
{
  DossierServerReply *reply = g_new0 (DossierServerReply, 1);
  g_autoptr(JsonNode) root = NULL;
  char *text;

  while ((root = json_builder_get_root (builder)) == NULL)
    json_builder_end_object (builder);
  text = json_to_string (root, FALSE);
  reply->status = status;
  reply->content_type = "application/json";
  reply->body = g_bytes_new_take (text, strlen (text));
  return reply;
}

DossierServerReply *
dossier_server_reply_error (guint       status,
                            const char *code,
                            const char *message)
{
  g_autoptr(JsonBuilder) builder = dossier_server_error_builder (code, message);

  return dossier_server_reply_json (status, builder);
}

/* A store error as the protocol's status and code. */
DossierServerReply *
dossier_server_reply_store_error (GError *error)
{
  static const struct { guint status; const char *code; } map[] = {
    [DOSSIER_SERVER_STORE_ERROR_INVALID] = { 400, "invalid_request" },
    [DOSSIER_SERVER_STORE_ERROR_BAD_CREDENTIALS] = { 401, "bad_credentials" },
    [DOSSIER_SERVER_STORE_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
    [DOSSIER_SERVER_STORE_ERROR_TOKEN_EXPIRED] = { 401, "token_expired" },
    [DOSSIER_SERVER_STORE_ERROR_FORBIDDEN] = { 403, "forbidden" },
    [DOSSIER_SERVER_STORE_ERROR_NOT_FOUND] = { 404, "not_found" },
    [DOSSIER_SERVER_STORE_ERROR_OFFSET_MISMATCH] = { 409, "offset_mismatch" },
    [DOSSIER_SERVER_STORE_ERROR_HASH_MISMATCH] = { 422, "hash_mismatch" },
  };

  if (error->domain == DOSSIER_SERVER_STORE_ERROR && error->code >= 0
      && (gsize) error->code < G_N_ELEMENTS (map) && map[error->code].code != NULL)
    return dossier_server_reply_error (map[error->code].status, map[error->code].code,
                                       error->message);

  /* The details may name tables or files: the log gets them, not the client. */
  g_warning ("Request failed: %s", error->message);
  return dossier_server_reply_error (500, "internal", "The server could not complete the request");
}

static DossierServerReply *
reply_unsupported (void)
{
  g_autoptr(JsonBuilder) builder = dossier_server_error_builder (
    "unsupported_protocol", "This server speaks version 1 of the sync protocol");

  /* "supported" sits in the error and at the top, for either way of reading it. */
  json_builder_set_member_name (builder, "supported");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, DOSSIER_SERVER_PROTOCOL_VERSION);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "supported");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, DOSSIER_SERVER_PROTOCOL_VERSION);
  json_builder_end_array (builder);
  return dossier_server_reply_json (400, builder);
}

/* An integer query parameter: fallback when absent, FALSE when not a number. */
gboolean
dossier_server_query_int (const DossierServerRequest *request,
                          const char                 *name,
                          gint64                      fallback,
                          gint64                     *out_value)
{
  const char *text = request->query ? g_hash_table_lookup (request->query, name) : NULL;

  *out_value = fallback;
  if (text == NULL)
    return TRUE;
  return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out_value, NULL);
}

/* GET requests carry protocol=1 in the query; NULL when it is acceptable. */
DossierServerReply *
dossier_server_check_query_protocol (const DossierServerRequest *request,
                                     gboolean                    required)
{
  const char *text = request->query ? g_hash_table_lookup (request->query, "protocol") : NULL;
  gint64 version;

  if (text == NULL && !required)
    return NULL;
  if (text == NULL || !dossier_server_query_int (request, "protocol", 0, &version)
      || version != DOSSIER_SERVER_PROTOCOL_VERSION)
    return reply_unsupported ();
  return NULL;
}

static DossierServerReply *
check_body_protocol (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "protocol");

  if (node == NULL)
    return reply_unsupported ();
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return dossier_server_reply_error (400, "invalid_request", "“protocol” must be a number");
  if (json_node_get_int (node) != DOSSIER_SERVER_PROTOCOL_VERSION)
    return reply_unsupported ();
  return NULL;
}

/* The body's object, or NULL with the reply that refuses it. */
static JsonObject *
parse_body (const DossierServerRequest  *request,
            JsonParser                  *parser,
            DossierServerReply         **out_reply)
{
  gsize length = 0;
  const char *data = request->body ? g_bytes_get_data (request->body, &length) : NULL;
  /* Refused before json-glib sees the body (see dossier-json-text.c). */
  const char *refusal = data ? dossier_json_text_check (data, length) : NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (refusal != NULL)
    {
      *out_reply = dossier_server_reply_error (400, "invalid_request", refusal);
      return NULL;
    }
  if (length == 0 || !json_parser_load_from_data (parser, data, length, &error)
      || (root = json_parser_get_root (parser)) == NULL)
    {
      *out_reply = dossier_server_reply_error (400, "malformed_json",
                                               error ? error->message : "The body is empty");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      *out_reply = dossier_server_reply_error (400, "invalid_request",
                                               "The body must be a JSON object");
      return NULL;
    }
  if ((*out_reply = check_body_protocol (json_node_get_object (root))) != NULL)
    return NULL;
  return json_node_get_object (root);
}

/* The caller's session, or NULL with the 401 (or 500) reply. */
DossierServerSession *
dossier_server_authenticate (const DossierServerContext  *context,
                             const DossierServerRequest  *request,
                             DossierServerReply         **out_reply)
{
  g_autoptr(GError) error = NULL;
  DossierServerSession *session;

  if (request->token == NULL)
    {
      *out_reply = dossier_server_reply_error (401, "unauthorized",
                                               "Send “Authorization: Bearer <token>”");
      return NULL;
    }
  session = dossier_server_store_authenticate (context->store, request->token, &error);
  if (session == NULL)
    *out_reply = dossier_server_reply_store_error (error);
  return session;
}

static void
add_offices (JsonBuilder *builder,
             GPtrArray   *offices)
{
  json_builder_set_member_name (builder, "offices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < offices->len; i++)
    {
      DossierServerOffice *office = g_ptr_array_index (offices, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, office->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, office->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static DossierServerReply *
handle_login (const DossierServerContext *context,
              const DossierServerRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DossierServerSession) session = NULL;
  g_autoptr(GPtrArray) offices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expires_text = NULL;
  DossierServerReply *reply = NULL;
  JsonObject *body = parse_body (request, parser, &reply);
  const char *user, *password, *device;

  if (body == NULL)
    return reply;
  user = dossier_json_string_member (body, "user");
  password = dossier_json_string_member (body, "password");
  device = dossier_json_string_member (body, "device");
  if (user == NULL || password == NULL || device == NULL || device[0] == '\0')
    return dossier_server_reply_error (400, "invalid_request",
                                       "A login needs “user”, “password” and “device” strings");

  token = dossier_server_store_login (context->store, user, password, device,
                                      context->token_lifetime, &session, &error);
  if (token == NULL
      || (offices = dossier_server_store_get_offices (context->store, session->user_id,
                                                      &error)) == NULL)
    return dossier_server_reply_store_error (error);

  expires = g_date_time_new_from_unix_utc (session->expires_at);
  expires_text = g_date_time_format_iso8601 (expires);
  builder = dossier_server_builder_new ();
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_text);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, session->user_name);
  add_offices (builder, offices);
  return dossier_server_reply_json (200, builder);
}

static DossierServerReply *
handle_logout (const DossierServerContext *context,
               const DossierServerRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DossierServerSession) session = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  DossierServerReply *reply = NULL;

  if ((session = dossier_server_authenticate (context, request, &reply)) == NULL)
    return reply;
  /* The body may be empty; one that is sent must be a version 1 request. */
  if (request->body != NULL && g_bytes_get_size (request->body) > 0
      && parse_body (request, parser, &reply) == NULL)
    return reply;
  if (!dossier_server_store_logout (context->store, request->token, &error))
    return dossier_server_reply_store_error (error);
  builder = dossier_server_builder_new ();
  return dossier_server_reply_json (200, builder);
}

/* The batch's changes, or NULL with the reply naming the first bad one. */
static GPtrArray *
parse_changes (JsonObject          *body,
               DossierServerReply **out_reply)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dossier_server_change_free);
  JsonNode *node = json_object_get_member (body, "changes");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      *out_reply = dossier_server_reply_error (400, "invalid_request",
                                               "A push needs a “changes” list");
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > DOSSIER_SERVER_MAX_BATCH)
    {
      *out_reply = dossier_server_reply_error (400, "invalid_request",
                                               "A push holds at most 1000 changes");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) error = NULL;
      DossierServerChange *change =
        dossier_server_change_new_from_json (json_array_get_element (array, i), &error);

      if (change == NULL)
        {
          g_autofree char *message = g_strdup_printf ("changes[%u]: %s", i, error->message);
          g_autoptr(JsonBuilder) builder = dossier_server_error_builder ("invalid_request",
                                                                         message);

          json_builder_set_member_name (builder, "index");
          json_builder_add_int_value (builder, i);
          *out_reply = dossier_server_reply_json (400, builder);
          return NULL;
        }
      g_ptr_array_add (changes, change);
    }
  return g_steal_pointer (&changes);
}

static DossierServerReply *
reply_forbidden (GError            *error,
                 const char *const *ids)
{
  g_autoptr(JsonBuilder) builder = dossier_server_error_builder ("forbidden", error->message);

  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    json_builder_add_string_value (builder, ids[i]);
  json_builder_end_array (builder);
  return dossier_server_reply_json (403, builder);
}

static DossierServerReply *
reply_results (GPtrArray *changes,
               GArray    *results)
{
  g_autoptr(JsonBuilder) builder = dossier_server_builder_new ();

  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    {
      DossierServerChange *change = g_ptr_array_index (changes, i);
      DossierServerPushResult *result = &g_array_index (results, DossierServerPushResult, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, change->id);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, result->status == DOSSIER_SERVER_PUSH_ACCEPTED
                                              ? "accepted" : "duplicate");
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, result->seq);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return dossier_server_reply_json (200, builder);
}

static DossierServerReply *
handle_push (const DossierServerContext *context,
             const DossierServerRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DossierServerSession) session = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) forbidden = NULL;
  DossierServerReply *reply = NULL;
  JsonObject *body;

  if ((session = dossier_server_authenticate (context, request, &reply)) == NULL
      || (body = parse_body (request, parser, &reply)) == NULL
      || (changes = parse_changes (body, &reply)) == NULL)
    return reply;

  results = dossier_server_store_push (context->store, session->user_id, changes, &forbidden,
                                       &error);
  if (results == NULL && g_error_matches (error, DOSSIER_SERVER_STORE_ERROR,
                                          DOSSIER_SERVER_STORE_ERROR_FORBIDDEN))
    return reply_forbidden (error, (const char *const *) forbidden);
  if (results == NULL)
    return dossier_server_reply_store_error (error);
  return reply_results (changes, results);
}

/* The page as JSON text, stored change objects spliced in unparsed. */
static GBytes *
page_to_bytes (DossierServerPage *page)
{
  g_autoptr(JsonBuilder) scopes = json_builder_new ();
  g_autoptr(JsonNode) scopes_node = NULL;
  g_autofree char *scopes_text = NULL;
  GString *text = g_string_sized_new (256 + page->changes->len * 320);

  json_builder_begin_array (scopes);
  for (guint i = 0; page->scopes[i] != NULL; i++)
    json_builder_add_string_value (scopes, page->scopes[i]);
  json_builder_end_array (scopes);
  scopes_node = json_builder_get_root (scopes);
  scopes_text = json_to_string (scopes_node, FALSE);

  g_string_append (text, "{\"protocol\":1,\"changes\":[");
  for (guint i = 0; i < page->changes->len; i++)
    {
      DossierServerLogEntry *entry = g_ptr_array_index (page->changes, i);
      const char *members = entry->json + 1;   /* after the "{" */

      g_string_append_printf (text, "%s{\"seq\":%" G_GINT64_FORMAT "%s%s", i > 0 ? "," : "",
                              entry->seq, *members == '}' ? "" : ",", members);
    }
  g_string_append_printf (text, "],\"next\":%" G_GINT64_FORMAT ",\"more\":%s,\"scopes\":%s}",
                          page->next, page->more ? "true" : "false", scopes_text);
  return g_string_free_to_bytes (text);
}

static DossierServerReply *
pull_parameters (const DossierServerRequest *request,
                 gint64                     *since,
                 gint64                     *limit,
                 gint64                     *wait)
{
  if (!dossier_server_query_int (request, "since", 0, since) || *since < 0)
    return dossier_server_reply_error (400, "invalid_request",
                                       "“since” must be a sequence number (0 or more)");
  if (!dossier_server_query_int (request, "limit", DOSSIER_SERVER_DEFAULT_PAGE, limit)
      || *limit < 1)
    return dossier_server_reply_error (400, "invalid_request",
                                       "“limit” must be a number from 1 to 20000");
  if (!dossier_server_query_int (request, "wait", 0, wait) || *wait < 0)
    return dossier_server_reply_error (400, "invalid_request",
                                       "“wait” must be a number of seconds from 0 to 30");
  *limit = MIN (*limit, DOSSIER_SERVER_MAX_PAGE);
  *wait = MIN (*wait, DOSSIER_SERVER_MAX_WAIT);
  return NULL;
}

static DossierServerReply *
handle_pull (const DossierServerContext *context,
             const DossierServerRequest *request)
{
  g_autoptr(DossierServerSession) session = NULL;
  g_autoptr(DossierServerPage) page = NULL;
  g_autoptr(GError) error = NULL;
  DossierServerReply *reply = NULL;
  gint64 since, limit, wait;

  if ((session = dossier_server_authenticate (context, request, &reply)) == NULL
      || (reply = dossier_server_check_query_protocol (request, TRUE)) != NULL
      || (reply = pull_parameters (request, &since, &limit, &wait)) != NULL)
    return reply;

  page = dossier_server_store_pull (context->store, session->user_id, since, limit, &error);
  if (page == NULL)
    return dossier_server_reply_store_error (error);

  reply = g_new0 (DossierServerReply, 1);
  reply->status = 200;
  reply->content_type = "application/json";
  reply->body = page_to_bytes (page);
  if (page->changes->len == 0 && wait > 0 && !request->no_wait)
    {
      reply->wait = g_new0 (DossierServerWait, 1);
      reply->wait->scopes = g_strdupv (page->scopes);
      reply->wait->next = page->next;
      reply->wait->seconds = wait;
    }
  return reply;
}

static DossierServerReply *
wrong_method (const char *allowed)
{
  g_autofree char *message = g_strdup_printf ("Use %s here", allowed);

  return dossier_server_reply_error (405, "invalid_request", message);
}

/**
 * dossier_server_handle:
 *
 * Answers one request.  Thread-safe: only the store is shared.
 *
 * Returns: (transfer full): the reply; with `wait` set, a pull that found
 *   nothing and may be held until a change in its scopes arrives
 */
DossierServerReply *
dossier_server_handle (const DossierServerContext *context,
                       const DossierServerRequest *request)
{
  const char *path = request->path;
  gboolean get = strcmp (request->method, "GET") == 0;
  gboolean post = strcmp (request->method, "POST") == 0;

  if (strcmp (path, "/v1/login") == 0)
    return post ? handle_login (context, request) : wrong_method ("POST");
  if (strcmp (path, "/v1/logout") == 0)
    return post ? handle_logout (context, request) : wrong_method ("POST");
  if (strcmp (path, "/v1/push") == 0)
    return post ? handle_push (context, request) : wrong_method ("POST");
  if (strcmp (path, "/v1/pull") == 0)
    return get ? handle_pull (context, request) : wrong_method ("GET");
  if (g_str_has_prefix (path, "/v1/blobs/"))
    return dossier_server_handle_blobs (context, request, path + strlen ("/v1/blobs/"));
  return dossier_server_reply_error (404, "not_found", "No such endpoint");
}
