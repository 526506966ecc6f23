/* test-server-live.c: the live channel (/v1/live) against a real server.
 *
 * Runs once per storage backend.  Real WebSocket clients (libsoup) on this
 * thread's main context talk to the in-process server: the upgrade's
 * authentication, frames that must be refused without storing anything, a
 * change from one live client reaching another of its office and not one
 * of another office, acks and duplicates, refused scopes, and the channel
 * closing when the token expires or the user's offices change.
 */

#include "dossier-live-format.h"
#include "server-fixture.h"

#include <string.h>

#define ADD(path, func, lifetime) \
  g_test_add (path, ServerFixture, GINT_TO_POINTER (lifetime), server_fixture_setup, func, \
              server_fixture_teardown)

#define RECORD "6a1f3c52-2222-4a2b-9c3d-4e5f60718293"

typedef struct
{
  SoupSession             *session;
  SoupWebsocketConnection *conn;
  GQueue                   messages;    /* char *, in order */
  gboolean                 closed;
  gushort                  code;
  char                    *reason;
  GStrv                    scopes;      /* the first frame's */
} LiveClient;

static void
message_cb (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            LiveClient              *client)
{
  g_queue_push_tail (&client->messages, g_strndup (g_bytes_get_data (message, NULL),
                                                   g_bytes_get_size (message)));
}

static void
closed_cb (SoupWebsocketConnection *conn,
           LiveClient              *client)
{
  client->closed = TRUE;
  client->code = soup_websocket_connection_get_close_code (conn);
  client->reason = g_strdup (soup_websocket_connection_get_close_data (conn));
}

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
live_client_free (LiveClient *client)
{
  if (client->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (client->conn, client);
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  g_clear_object (&client->conn);
  g_clear_object (&client->session);
  g_queue_clear_full (&client->messages, g_free);
  g_free (client->reason);
  g_strfreev (client->scopes);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LiveClient, live_client_free)

/* Opens /v1/live; NULL when the server does not upgrade (its status then). */
static LiveClient *
live_connect (ServerFixture *f,
              const char    *token,
              guint         *out_status)
{
  g_autofree char *url = g_strconcat (f->base, "v1/live?protocol=1&since=0", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  LiveClient *client = g_new0 (LiveClient, 1);
  Connecting connecting = { 0 };

  client->session = soup_session_new ();
  g_queue_init (&client->messages);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  soup_session_websocket_connect_async (client->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        connected_cb, &connecting);
  while (!connecting.done)
    g_main_context_iteration (NULL, TRUE);
  *out_status = soup_message_get_status (msg);
  g_clear_error (&connecting.error);
  if (connecting.conn == NULL)
    {
      live_client_free (client);
      return NULL;
    }
  client->conn = connecting.conn;
  soup_websocket_connection_set_max_incoming_payload_size (client->conn, 16 * 1024 * 1024);
  g_signal_connect (client->conn, "message", G_CALLBACK (message_cb), client);
  g_signal_connect (client->conn, "closed", G_CALLBACK (closed_cb), client);
  return client;
}

/* The next frame, parsed; NULL if none came within `ms`. */
static JsonNode *
next_frame (LiveClient *client,
            guint       ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;
  g_autofree char *text = NULL;

  while (g_queue_is_empty (&client->messages) && !client->closed
         && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if ((text = g_queue_pop_head (&client->messages)) == NULL)
    return NULL;
  return json_from_string (text, NULL);
}

static void
wait_closed (LiveClient *client,
             guint       ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (!client->closed && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_true (client->closed);
}

/* A live client of `user`, past the first frame (its cursor and scopes). */
static LiveClient *
live_login (ServerFixture *f,
            const char    *user,
            char         **out_token)
{
  g_autofree char *token = server_login (f, NULL, user);
  g_autoptr(JsonNode) hello = NULL;
  LiveClient *client;
  guint status;

  client = live_connect (f, token, &status);
  g_assert_nonnull (client);
  g_assert_cmpuint (status, ==, 101);
  hello = next_frame (client, 5000);
  g_assert_nonnull (hello);
  g_assert_cmpuint (json_array_get_length (json_array_at (hello, "c")), ==, 0);
  g_assert_true (json_object_has_member (json_node_get_object (hello), "s"));
  {
    JsonArray *scopes = json_array_at (hello, "s");
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; i < json_array_get_length (scopes); i++)
      g_strv_builder_add (builder, json_array_get_string_element (scopes, i));
    client->scopes = g_strv_builder_end (builder);
  }
  if (out_token != NULL)
    *out_token = g_steal_pointer (&token);
  return client;
}

/* A compact change as alice's client pushes it (its id a bare counter). */
static char *
compact_change (guint       counter,
                const char *field,
                const char *value,
                const char *scope)
{
  DossierHlc hlc = DOSSIER_HLC_MAKE (G_GINT64_CONSTANT (1767225600000), counter);
  g_autofree char *hlc_text = dossier_hlc_to_string (hlc);

  return g_strdup_printf ("{\"i\":%u,\"t\":\"case\",\"r\":\"%s\",\"f\":\"%s\",\"v\":%s,"
                          "\"h\":\"%s\",\"s\":\"%s\"}", counter, RECORD, field, value, hlc_text,
                          scope);
}

static void
assert_closed_with (LiveClient *client,
                    gushort     code,
                    const char *reason_code)
{
  g_autofree char *got = NULL;

  wait_closed (client, 5000);
  g_assert_cmpuint (client->code, ==, code);
  got = dossier_live_reason_code (client->reason);
  g_assert_cmpstr (got, ==, reason_code);
}

static void
test_bad_token (ServerFixture *f,
                gconstpointer  data)
{
  static const char *const tokens[] = { NULL, "not-a-token", "" };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autofree char *url = g_strconcat (f->base, "v1/live?protocol=1&since=0", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
      g_autoptr(LiveClient) client = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(GError) error = NULL;
      guint status = 0;

      /* A WebSocket client is refused before any upgrade... */
      client = live_connect (f, tokens[i], &status);
      g_assert_null (client);
      g_assert_cmpuint (status, ==, 401);

      /* ...with the protocol's JSON error, as a plain request shows. */
      soup_message_headers_replace (headers, "Upgrade", "websocket");
      soup_message_headers_replace (headers, "Connection", "Upgrade");
      soup_message_headers_replace (headers, "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
      soup_message_headers_replace (headers, "Sec-WebSocket-Version", "13");
      if (tokens[i] != NULL)
        {
          g_autofree char *value = g_strconcat ("Bearer ", tokens[i], NULL);
          soup_message_headers_replace (headers, "Authorization", value);
        }
      body = soup_session_send_and_read (f->session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
      g_assert_null (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   "Sec-WebSocket-Accept"));
      reply = json_from_string (g_bytes_get_data (body, NULL), &error);
      g_assert_no_error (error);
      assert_error (reply, 401, 401, "unauthorized");
    }
}

static void
test_refused_frames (ServerFixture *f,
                     gconstpointer  data)
{
  g_autofree char *good = compact_change (1, "reference", "\"DOS-2026-00042\"", f->office_a);
  g_autofree char *no_hlc = g_strdup_printf ("{\"i\":2,\"t\":\"case\",\"r\":\"%s\",\"f\":\"notes\","
                                             "\"v\":\"x\",\"s\":\"%s\"}", RECORD, f->office_a);
  g_autofree char *half_bad = g_strdup_printf ("{\"p\":[%s,%s]}", good, no_hlc);
  g_autofree char *no_such_scope = compact_change (3, "notes", "\"x\"", "-");
  g_autofree char *bad_index = NULL;
  g_autofree char *huge = NULL;
  gsize huge_size = DOSSIER_LIVE_MAX_FRAME + 1024;
  const struct { const char *frame; gushort code; const char *reason; } cases[] = {
    { "{\"p\":[{\"i\":1,", SOUP_WEBSOCKET_CLOSE_BAD_DATA, "malformed_json" },
    { "[1,2,3]", SOUP_WEBSOCKET_CLOSE_BAD_DATA, "invalid_request" },
    { "{\"p\":[]}", SOUP_WEBSOCKET_CLOSE_BAD_DATA, "invalid_request" },
    { "{\"p\":[{\"i\":1,\"t\":\"case\",\"v\":\"\\u0000\"}]}", SOUP_WEBSOCKET_CLOSE_BAD_DATA,
      "invalid_request" },
    /* One good change and one without a clock: neither is stored. */
    { half_bad, SOUP_WEBSOCKET_CLOSE_BAD_DATA, "invalid_request" },
    /* A scope index past the channel's scopes. */
    { NULL, SOUP_WEBSOCKET_CLOSE_BAD_DATA, "invalid_request" },
    { NULL, SOUP_WEBSOCKET_CLOSE_TOO_BIG, "payload_too_large" },
  };

  bad_index = g_strdup_printf ("{\"p\":[%.*s99}]}", (int) (strstr (no_such_scope, "\"-\"")
                                                           - no_such_scope), no_such_scope);
  /* A push holding one long string, over the frame limit. */
  huge = g_malloc (huge_size + 1);
  memset (huge, 'x', huge_size);
  memcpy (huge, "{\"p\":[\"", 7);
  memcpy (huge + huge_size - 3, "\"]}", 3);
  huge[huge_size] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LiveClient) client = live_login (f, "alice", NULL);
      const char *frame = cases[i].frame ? cases[i].frame
                          : i + 1 < G_N_ELEMENTS (cases) ? bad_index : huge;

      soup_websocket_connection_send_text (client->conn, frame);
      assert_closed_with (client, cases[i].code, cases[i].reason);
      g_assert_cmpuint (server_count_changes (f), ==, 0);
    }
}

static void
test_change_reaches_office (ServerFixture *f,
                            gconstpointer  data)
{
  g_autoptr(LiveClient) alice = live_login (f, "alice", NULL);
  g_autoptr(LiveClient) bob = live_login (f, "bob", NULL);
  g_autoptr(LiveClient) carol = live_login (f, "carol", NULL);
  g_autofree char *change = compact_change (1, "reference", "\"DOS-2026-00042\"", f->office_a);
  g_autofree char *push = g_strdup_printf ("{\"p\":[%s]}", change);
  g_autoptr(JsonNode) ack = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonObject) full = NULL;
  g_autoptr(JsonNode) nothing = NULL;
  g_autoptr(JsonNode) echo = NULL;
  JsonArray *changes;
  gint64 seq;

  soup_websocket_connection_send_text (alice->conn, push);

  /* Alice's ack: the change's seq. */
  ack = next_frame (alice, 5000);
  g_assert_nonnull (ack);
  seq = json_array_get_int_element (json_array_at (ack, "a"), 0);
  g_assert_cmpint (seq, >, 0);

  /* Bob, of the same office, gets it at once, with what the merge needs. */
  page = next_frame (bob, 5000);
  g_assert_nonnull (page);
  changes = json_array_at (page, "c");
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  full = dossier_live_change_expand (json_array_get_object_element (changes, 0), NULL,
                                     (const char *const *) bob->scopes, NULL);
  g_assert_nonnull (full);
  g_assert_cmpstr (json_object_get_string_member (full, "id"), ==, "device-of-alice:1");
  g_assert_cmpstr (json_object_get_string_member (full, "device"), ==, "device-of-alice");
  g_assert_cmpstr (json_object_get_string_member (full, "record"), ==, RECORD);
  g_assert_cmpstr (json_object_get_string_member (full, "field"), ==, "reference");
  g_assert_cmpstr (json_object_get_string_member (full, "value"), ==, "DOS-2026-00042");
  g_assert_cmpstr (json_object_get_string_member (full, "scope"), ==, f->office_a);
  g_assert_cmpint (json_object_get_int_member (full, "seq"), ==, seq);
  g_assert_false (json_object_has_member (full, "base_hlc"));

  /* Carol (office B) gets nothing, and alice does not get her own change back. */
  nothing = next_frame (carol, 500);
  g_assert_null (nothing);
  echo = next_frame (alice, 100);
  g_assert_null (echo);
  g_assert_cmpuint (server_count_changes (f), ==, 1);

  /* The same push again, its scope named by its index in the channel's
   * scopes, is a duplicate: acked with its first seq, negated. */
  {
    g_autofree char *quoted = g_strdup_printf ("\"%s\"", f->office_a);
    const char *hit = strstr (push, quoted);
    g_autofree char *head = g_strndup (push, hit - push);
    g_autofree char *by_index = NULL;
    guint at = 0;

    while (g_strcmp0 (alice->scopes[at], f->office_a) != 0)
      at++;
    by_index = g_strdup_printf ("%s%u%s", head, at, hit + strlen (quoted));
    soup_websocket_connection_send_text (alice->conn, by_index);
  }
  again = next_frame (alice, 5000);
  g_assert_nonnull (again);
  g_assert_cmpint (json_array_get_int_element (json_array_at (again, "a"), 0), ==, -seq);
  g_assert_cmpuint (server_count_changes (f), ==, 1);
  g_assert_false (alice->closed || bob->closed || carol->closed);
}

static void
test_forbidden_scope (ServerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(LiveClient) alice = live_login (f, "alice", NULL);
  g_autoptr(LiveClient) carol = live_login (f, "carol", NULL);
  g_autofree char *mine = compact_change (1, "reference", "\"DOS-2026-00043\"", f->office_a);
  g_autofree char *theirs = compact_change (2, "notes", "\"not mine\"", f->office_b);
  g_autofree char *push = g_strdup_printf ("{\"p\":[%s,%s]}", mine, theirs);
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) nothing = NULL;
  JsonArray *indexes;

  /* Office B is not alice's: the batch is refused, naming the change. */
  soup_websocket_connection_send_text (alice->conn, push);
  refused = next_frame (alice, 5000);
  g_assert_nonnull (refused);
  indexes = json_array_at (refused, "f");
  g_assert_cmpuint (json_array_get_length (indexes), ==, 1);
  g_assert_cmpint (json_array_get_int_element (indexes, 0), ==, 1);
  g_assert_cmpuint (server_count_changes (f), ==, 0);
  nothing = next_frame (carol, 300);
  g_assert_null (nothing);
  g_assert_false (alice->closed);
}

static void
test_token_expiry_closes (ServerFixture *f,
                          gconstpointer  data)
{
  g_autoptr(LiveClient) alice = live_login (f, "alice", NULL);

  /* Tokens of this fixture live 2 seconds. */
  assert_closed_with (alice, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "token_expired");
}

static void
test_offices_change_closes (ServerFixture *f,
                            gconstpointer  data)
{
  g_autoptr(LiveClient) alice = live_login (f, "alice", NULL);
  g_autoptr(LiveClient) dave = live_login (f, "dave", NULL);
  g_autofree char *change = compact_change (1, "reference", "\"DOS-2026-00044\"", f->office_a);
  g_autofree char *push = g_strdup_printf ("{\"p\":[%s]}", change);
  g_autoptr(JsonNode) ack = NULL;
  g_autoptr(JsonNode) nothing = NULL;
  g_autoptr(GError) error = NULL;

  /* Dave leaves office B: his channel closes at the next change, before
   * anything more is sent over it. */
  g_assert_true (dossier_server_store_remove_member (f->store, "dave", f->office_b, &error));
  g_assert_no_error (error);
  soup_websocket_connection_send_text (alice->conn, push);
  ack = next_frame (alice, 5000);
  g_assert_nonnull (ack);
  assert_closed_with (dave, DOSSIER_LIVE_CLOSE_SCOPES_CHANGED, "scopes_changed");
  nothing = next_frame (dave, 0);
  g_assert_null (nothing);
}

/* More than a frame holds since the client's cursor: it is sent to HTTP. */
static void
test_catch_up (ServerFixture *f,
               gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(LiveClient) bob = NULL;
  g_autofree char *bob_token = NULL;
  g_autofree char *big = g_malloc (300 * 1024 + 3);
  guint status;

  memset (big + 1, 'n', 300 * 1024);
  big[0] = big[300 * 1024 + 1] = '"';
  big[300 * 1024 + 2] = '\0';
  for (guint i = 1; i <= 4; i++)
    g_ptr_array_add (changes, make_change ("device-of-alice", i, "case", RECORD, "notes", big,
                                           f->office_a));
  reply = server_push (f, NULL, token, changes, &status);
  g_assert_cmpuint (status, ==, 200);

  bob_token = server_login (f, NULL, "bob");
  bob = live_connect (f, bob_token, &status);
  g_assert_nonnull (bob);
  assert_closed_with (bob, DOSSIER_LIVE_CLOSE_SCOPES_CHANGED, "catch_up");
  g_assert_true (g_queue_is_empty (&bob->messages));
}

int
main (int    argc,
      char **argv)
{
  server_test_init (&argc, &argv);
  ADD ("/server/live/bad-token", test_bad_token, 0);
  ADD ("/server/live/refused-frames", test_refused_frames, 0);
  ADD ("/server/live/change-reaches-office", test_change_reaches_office, 0);
  ADD ("/server/live/forbidden-scope", test_forbidden_scope, 0);
  ADD ("/server/live/token-expiry-closes", test_token_expiry_closes, 2);
  ADD ("/server/live/offices-change-closes", test_offices_change_closes, 0);
  ADD ("/server/live/catch-up", test_catch_up, 0);
  return g_test_run ();
}
