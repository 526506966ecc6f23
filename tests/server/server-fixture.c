/* server-fixture.c: stores, an in-process server and HTTP helpers for the server tests. */

#include "server-fixture.h"
#include "pg-cluster.h"

#include <glib/gstdio.h>
#include <string.h>

static const char *backend = "sqlite";
static PgCluster *cluster;

void
server_test_init (int    *argc,
                  char ***argv)
{
  const char *chosen = g_getenv ("DOSSIER_TEST_BACKEND");

  g_test_init (argc, argv, NULL);
  if (chosen != NULL && strcmp (chosen, "postgresql") == 0)
    {
      const char *bindir = g_getenv ("DOSSIER_TEST_PG_BINDIR");

      g_assert_nonnull (bindir);
      backend = "postgresql";
      cluster = pg_cluster_start (bindir);
    }
  else
    g_assert_true (chosen == NULL || strcmp (chosen, "sqlite") == 0);
}

const char *
server_test_backend (void)
{
  return backend;
}

char *
server_test_new_pg_database (void)
{
  g_assert_nonnull (cluster);
  return pg_cluster_new_database (cluster);
}

/* Returns: the spec of a new, empty store of the backend under test */
char *
server_test_new_store (const char *dir)
{
  if (cluster != NULL)
    return pg_cluster_new_database (cluster);
  return g_strdup_printf ("sqlite:%s/server.db", dir);
}

static void
add_user (ServerFixture  *f,
          const char     *name,
          const char     *office_a,
          const char     *office_b,
          char          **out_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = dossier_server_store_add_user (f->store, name, FIXTURE_PASSWORD, &error);

  g_assert_no_error (error);
  if (office_a != NULL)
    g_assert_true (dossier_server_store_add_member (f->store, name, office_a, &error));
  if (office_b != NULL)
    g_assert_true (dossier_server_store_add_member (f->store, name, office_b, &error));
  g_assert_no_error (error);
  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);
}

static gpointer
serve (gpointer data)
{
  ServerFixture *f = data;

  g_main_context_push_thread_default (f->context);
  g_main_loop_run (f->loop);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

static void
start_server (ServerFixture *f,
              gint64         token_lifetime)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GUri) uri = NULL;

  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  g_main_context_push_thread_default (f->context);
  f->server = dossier_server_new (f->store, NULL);
  if (token_lifetime > 0)
    dossier_server_set_token_lifetime (f->server, token_lifetime);
  g_assert_true (dossier_server_listen (f->server, G_INET_SOCKET_ADDRESS (address), &error));
  g_assert_no_error (error);
  g_main_context_pop_thread_default (f->context);

  uri = dossier_server_get_uri (f->server);
  f->base = g_uri_to_string (uri);
  f->thread = g_thread_new ("test-server", serve, f);
  f->session = soup_session_new ();
}

void
server_fixture_setup (ServerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dossier-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->spec = server_test_new_store (f->dir);
  f->store = dossier_server_store_open (f->spec, &error);
  g_assert_no_error (error);

  f->office_a = dossier_server_store_add_office (f->store, "Office A", &error);
  f->office_b = dossier_server_store_add_office (f->store, "Office B", &error);
  g_assert_no_error (error);
  add_user (f, "alice", f->office_a, NULL, NULL);
  add_user (f, "bob", f->office_a, NULL, NULL);
  add_user (f, "carol", f->office_b, NULL, NULL);
  add_user (f, "dave", f->office_a, f->office_b, NULL);
  add_user (f, "eve", f->office_a, f->office_b, &f->eve_id);

  start_server (f, GPOINTER_TO_INT (data));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

ServerFixture *
server_fixture_new_peer (ServerFixture *f)
{
  ServerFixture *peer = g_new0 (ServerFixture, 1);
  g_autoptr(GError) error = NULL;

  peer->dir = g_dir_make_tmp ("dossier-server-peer-XXXXXX", &error);
  g_assert_no_error (error);
  peer->spec = g_strdup (f->spec);
  peer->store = dossier_server_store_open (peer->spec, &error);
  g_assert_no_error (error);
  peer->office_a = g_strdup (f->office_a);
  peer->office_b = g_strdup (f->office_b);
  peer->eve_id = g_strdup (f->eve_id);
  start_server (peer, 0);
  return peer;
}

void
server_fixture_free_peer (ServerFixture *peer)
{
  server_fixture_teardown (peer, NULL);
  g_free (peer);
}

void
server_fixture_teardown (ServerFixture *f,
                         gconstpointer  data)
{
  g_main_loop_quit (f->loop);
  g_thread_join (f->thread);
  g_clear_object (&f->session);

  /* Nothing may keep the server or the store alive. */
  g_main_context_push_thread_default (f->context);
  g_object_add_weak_pointer (G_OBJECT (f->server), (gpointer *) &f->server);
  g_object_unref (f->server);
  g_assert_null (f->server);
  g_main_context_pop_thread_default (f->context);
  g_object_add_weak_pointer (G_OBJECT (f->store), (gpointer *) &f->store);
  g_object_unref (f->store);
  g_assert_null (f->store);

  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->spec);
  g_free (f->office_a);
  g_free (f->office_b);
  g_free (f->eve_id);
  g_free (f->base);
}

/* Reply bodies are not NUL-terminated. */
static JsonNode *
parse_reply (GBytes *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (reply, &length);

  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
server_request_bytes (ServerFixture  *f,
                      const char     *method,
                      const char     *path,
                      const char     *token,
                      GBytes         *body,
                      const char     *range,
                      guint          *out_status,
                      GBytes        **out_body)
{
  g_autofree char *url = g_strconcat (f->base, path + 1, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *type;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (range != NULL)
    soup_message_headers_replace (headers, "Range", range);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, g_str_equal (method, "PUT")
                                              ? "application/octet-stream" : "application/json",
                                              body);
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (out_body != NULL)
    *out_body = g_bytes_ref (reply);
  if (g_strcmp0 (type, "application/json") != 0)
    return NULL;
  return parse_reply (reply);
}

JsonNode *
server_request (ServerFixture *f,
                SoupSession   *session,
                const char    *method,
                const char    *path,
                const char    *token,
                const char    *body,
                guint         *out_status)
{
  g_autofree char *url = g_strconcat (f->base, path + 1, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session ? session : f->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                          NULL), ==, "application/json");
  node = parse_reply (reply);
  /* Every reply, errors included, carries the protocol version. */
  g_assert_cmpint (json_int_at (node, "protocol"), ==, 1);
  return node;
}

char *
server_login (ServerFixture *f,
              SoupSession   *session,
              const char    *user)
{
  g_autofree char *body = g_strdup_printf ("{\"protocol\":1,\"user\":\"%s\",\"password\":\"%s\","
                                           "\"device\":\"device-of-%s\"}", user,
                                           FIXTURE_PASSWORD, user);
  guint status;
  g_autoptr(JsonNode) reply = server_request (f, session, "POST", "/v1/login", NULL, body, &status);

  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (reply), "token"));
}

JsonNode *
server_push (ServerFixture *f,
             SoupSession   *session,
             const char    *token,
             GPtrArray     *changes,
             guint         *out_status)
{
  g_autofree char *body = make_batch (changes);

  return server_request (f, session, "POST", "/v1/push", token, body, out_status);
}

JsonNode *
server_pull (ServerFixture *f,
             SoupSession   *session,
             const char    *token,
             gint64         since,
             guint          wait,
             guint         *out_status)
{
  g_autofree char *path = g_strdup_printf ("/v1/pull?protocol=1&since=%" G_GINT64_FORMAT
                                           "&limit=5000&wait=%u", since, wait);

  return server_request (f, session, "GET", path, token, NULL, out_status);
}

/* Everything the store holds, through eve, who sees both offices. */
guint
server_count_changes (ServerFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierServerPage) page = dossier_server_store_pull (f->store, f->eve_id, 0, 5000,
                                                                 &error);

  g_assert_no_error (error);
  g_assert_false (page->more);
  return page->changes->len;
}

char *
make_change (const char *device,
             guint       counter,
             const char *kind,
             const char *record,
             const char *field,
             const char *value,
             const char *scope)
{
  /* Clocks from a fixed time onward, one tick per counter. */
  DossierHlc hlc = DOSSIER_HLC_MAKE (G_GINT64_CONSTANT (1767225600000), counter);
  g_autofree char *hlc_text = dossier_hlc_to_string (hlc);

  return g_strdup_printf ("{\"id\":\"%s:%u\",\"kind\":\"%s\",\"record\":\"%s\",\"field\":\"%s\","
                          "\"value\":%s,\"hlc\":\"%s\",\"device\":\"%s\",\"scope\":\"%s\"}",
                          device, counter, kind, record, field, value, hlc_text, device, scope);
}

char *
make_batch (GPtrArray *changes)
{
  GString *text = g_string_new ("{\"protocol\":1,\"changes\":[");

  for (guint i = 0; i < changes->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "," : "",
                            (const char *) g_ptr_array_index (changes, i));
  g_string_append (text, "]}");
  return g_string_free (text, FALSE);
}

JsonObject *
json_object_at (JsonNode   *node,
                const char *member)
{
  JsonObject *object = json_node_get_object (node);

  g_assert_true (json_object_has_member (object, member));
  return json_object_get_object_member (object, member);
}

gint64
json_int_at (JsonNode   *node,
             const char *member)
{
  JsonObject *object = json_node_get_object (node);

  g_assert_true (json_object_has_member (object, member));
  return json_object_get_int_member (object, member);
}

JsonArray *
json_array_at (JsonNode   *node,
               const char *member)
{
  JsonObject *object = json_node_get_object (node);

  g_assert_true (json_object_has_member (object, member));
  return json_object_get_array_member (object, member);
}

/* A refusal: the status, a JSON error with its code and a message. */
void
assert_error (JsonNode   *reply,
              guint       status,
              guint       expected_status,
              const char *expected_code)
{
  JsonObject *error;

  g_assert_cmpuint (status, ==, expected_status);
  g_assert_nonnull (reply);
  error = json_object_at (reply, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, expected_code);
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 0);
}
