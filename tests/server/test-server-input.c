/* test-server-input.c: bad requests get their 4xx and a JSON error, and store nothing.
 *
 * Malformed JSON, wrong types, missing members, oversized bodies, JSON
 * nested too deeply, NUL characters in strings, unknown protocol versions,
 * bad pull parameters, wrong methods and paths; after each, the store still
 * holds exactly what it held before.
 */

#include "server-fixture.h"

#include <string.h>

#define ADD(path, func) \
  g_test_add (path, ServerFixture, NULL, server_fixture_setup, func, server_fixture_teardown)

/* A change with `member` replaced by `value` (NULL: removed). */
static char *
change_with (ServerFixture *f,
             const char    *member,
             const char    *value)
{
  g_autofree char *record = g_uuid_string_random ();
  g_autofree char *text = make_change ("dev-x", 7, "case", record, "notes", "\"n\"", f->office_a);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  JsonObject *object = json_node_get_object (node);

  if (member != NULL)
    json_object_remove_member (object, member);
  if (member != NULL && value != NULL)
    json_object_set_member (object, member, json_from_string (value, NULL));
  return json_to_string (node, FALSE);
}

static char *
batch_of (const char *first,
          const char *second)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new ();

  g_ptr_array_add (changes, (char *) first);
  if (second != NULL)
    g_ptr_array_add (changes, (char *) second);
  return make_batch (changes);
}

static void
expect_push_refused (ServerFixture *f,
                     const char    *token,
                     const char    *body,
                     guint          expected_status,
                     const char    *expected_code)
{
  guint status;
  g_autoptr(JsonNode) reply = server_request (f, NULL, "POST", "/v1/push", token, body, &status);

  if (status != expected_status)
    g_test_message ("refused differently: %s", body);
  assert_error (reply, status, expected_status, expected_code);
  g_assert_cmpuint (server_count_changes (f), ==, 0);
}

static void
test_bad_bodies (ServerFixture *f,
                 gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autofree char *good = change_with (f, NULL, NULL);
  g_autofree char *v2 = NULL;
  g_autofree char *unversioned = NULL;
  g_autofree char *string_version = NULL;
  static const struct { const char *body; guint status; const char *code; } whole[] = {
    { "not json", 400, "malformed_json" },
    { "{\"protocol\":1,\"changes\":[", 400, "malformed_json" },
    { "[1,2]", 400, "invalid_request" },
    { "{\"protocol\":1}", 400, "invalid_request" },
    { "{\"protocol\":1,\"changes\":{}}", 400, "invalid_request" },
    { "{\"protocol\":1,\"changes\":[42]}", 400, "invalid_request" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    expect_push_refused (f, token, whole[i].body, whole[i].status, whole[i].code);

  v2 = g_strdup_printf ("{\"protocol\":2,\"changes\":[%s]}", good);
  unversioned = g_strdup_printf ("{\"changes\":[%s]}", good);
  string_version = g_strdup_printf ("{\"protocol\":\"1\",\"changes\":[%s]}", good);
  expect_push_refused (f, token, v2, 400, "unsupported_protocol");
  expect_push_refused (f, token, unversioned, 400, "unsupported_protocol");
  expect_push_refused (f, token, string_version, 400, "invalid_request");
  {
    guint status;
    g_autoptr(JsonNode) reply = server_request (f, NULL, "POST", "/v1/push", token, v2, &status);
    JsonArray *supported = json_array_at (reply, "supported");

    g_assert_cmpuint (json_array_get_length (supported), ==, 1);
    g_assert_cmpint (json_array_get_int_element (supported, 0), ==, 1);
  }
}

static void
test_bad_changes (ServerFixture *f,
                  gconstpointer  data)
{
  static const struct { const char *member; const char *value; } cases[] = {
    { "value", NULL },                 /* missing members */
    { "scope", NULL },
    { "id", NULL },
    { "hlc", NULL },
    { "field", "5" },                  /* wrong types */
    { "record", "[\"x\"]" },
    { "device", "null" },
    { "scope", "true" },
    { "hlc", "\"XYZ\"" },              /* wrong shapes */
    { "hlc", "\"018C2F0A1B2C0001\"" },
    { "record", "\"not-a-uuid\"" },
    { "scope", "\"Office A\"" },
    { "kind", "\"Case\"" },
    { "base_hlc", "\"018c2f0a1b2c0001\"" },   /* a base needs both halves */
    { "resolves", "\"all\"" },
    { "resolves", "[[\"018c2f0a1b2c0001\"]]" },
    { "id", "\"dev-y:7\"" },           /* another device's id: its change would be lost */
    { "id", "\"dev-x:0\"" },
    { "id", "\"dev-x:7a\"" },
    { "id", "\"dev-x7\"" },
  };
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autofree char *good = change_with (f, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bad = change_with (f, cases[i].member, cases[i].value);
      g_autofree char *body = batch_of (good, bad);
      guint status;
      g_autoptr(JsonNode) reply = server_request (f, NULL, "POST", "/v1/push", token, body,
                                                  &status);

      g_test_message ("%s = %s", cases[i].member, cases[i].value ? cases[i].value : "(none)");
      assert_error (reply, status, 400, "invalid_request");
      /* The error points at the bad change, and the good one was not stored. */
      g_assert_cmpint (json_object_get_int_member (json_object_at (reply, "error"), "index"), ==, 1);
      g_assert_cmpuint (server_count_changes (f), ==, 0);
    }
}

static void
test_too_many_changes (ServerFixture *f,
                       gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *body = NULL;

  for (guint i = 0; i < 1001; i++)
    {
      g_autofree char *record = g_uuid_string_random ();
      g_ptr_array_add (changes, make_change ("dev-x", i + 1, "case", record, "notes", "\"n\"",
                                             f->office_a));
    }
  body = make_batch (changes);
  expect_push_refused (f, token, body, 400, "invalid_request");
}

static void
test_oversized_body (ServerFixture *f,
                     gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autofree char *record = g_uuid_string_random ();
  g_autoptr(GString) body = g_string_new ("{\"protocol\":1,\"changes\":[");
  g_autoptr(GPtrArray) small = g_ptr_array_new_with_free_func (g_free);
  guint status;

  /* 9 MiB of otherwise valid changes. */
  for (guint i = 0; body->len < 9 * 1024 * 1024; i++)
    {
      g_autofree char *change = make_change ("dev-x", i + 1, "case", record, "notes",
                                             "\"0123456789012345678901234567890123456789\"",
                                             f->office_a);
      g_string_append_printf (body, "%s%s", i > 0 ? "," : "", change);
    }
  g_string_append (body, "]}");
  expect_push_refused (f, token, body->str, 413, "payload_too_large");

  /* The server goes on serving. */
  g_ptr_array_add (small, make_change ("dev-x", 1, "case", record, "notes", "\"n\"",
                                       f->office_a));
  json_node_unref (server_push (f, NULL, token, small, &status));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (server_count_changes (f), ==, 1);
}

static void
test_bad_pulls (ServerFixture *f,
                gconstpointer  data)
{
  static const struct { const char *path; const char *code; } cases[] = {
    { "/v1/pull?since=0", "unsupported_protocol" },
    { "/v1/pull?protocol=2&since=0", "unsupported_protocol" },
    { "/v1/pull?protocol=one&since=0", "unsupported_protocol" },
    { "/v1/pull?protocol=1&since=-1", "invalid_request" },
    { "/v1/pull?protocol=1&since=abc", "invalid_request" },
    { "/v1/pull?protocol=1&limit=0", "invalid_request" },
    { "/v1/pull?protocol=1&limit=x", "invalid_request" },
    { "/v1/pull?protocol=1&wait=-5", "invalid_request" },
  };
  g_autofree char *token = server_login (f, NULL, "alice");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status;
      g_autoptr(JsonNode) reply = server_request (f, NULL, "GET", cases[i].path, token, NULL,
                                                  &status);

      g_test_message ("%s", cases[i].path);
      assert_error (reply, status, 400, cases[i].code);
    }
}

static void
test_wrong_routes (ServerFixture *f,
                   gconstpointer  data)
{
  static const struct { const char *method; const char *path; guint status; const char *code; }
  cases[] = {
    { "GET", "/v1/push", 405, "invalid_request" },
    { "PUT", "/v1/login", 405, "invalid_request" },
    { "POST", "/v1/pull", 405, "invalid_request" },
    { "GET", "/v1/nothing", 404, "not_found" },
    { "GET", "/", 404, "not_found" },
    { "DELETE", "/v1/blobs/0123", 401, "unauthorized" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status;
      g_autoptr(JsonNode) reply = server_request (f, NULL, cases[i].method, cases[i].path, NULL,
                                                  NULL, &status);

      assert_error (reply, status, cases[i].status, cases[i].code);
    }
  g_assert_cmpuint (server_count_changes (f), ==, 0);
}

static char *
nested (const char *prefix,
        guint       depth,
        const char *suffix)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, suffix);
  return g_string_free (text, FALSE);
}

/* JSON nested 200,000 deep is 400 kB, far below the size limit: it must be
 * refused, not parsed (the recursive parser would overflow its stack and
 * take the server down, before any login). */
static void
test_deep_nesting (ServerFixture *f,
                   gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autofree char *deep_push = nested ("{\"protocol\":1,\"changes\":[", 200000, "]}");
  g_autofree char *deep_login = nested ("{\"protocol\":1,\"user\":", 200000,
                                        ",\"password\":\"secret\",\"device\":\"d\"}");
  g_autofree char *unclosed = g_strnfill (300000, '{');
  g_autofree char *record = g_uuid_string_random ();
  g_autofree char *plain = make_change ("dev-x", 1, "case", record, "notes", "\"n\"", f->office_a);
  g_autofree char *deep_member = nested ("", 50, "");
  g_autofree char *future = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) page = NULL;
  guint status;

  expect_push_refused (f, token, deep_push, 400, "invalid_request");
  expect_push_refused (f, token, unclosed, 400, "invalid_request");
  {
    g_autoptr(JsonNode) reply = server_request (f, NULL, "POST", "/v1/login", NULL, deep_login,
                                                &status);
    assert_error (reply, status, 400, "invalid_request");
  }

  /* A newer client's member nested fifty deep is fine, and kept. */
  plain[strlen (plain) - 1] = '\0';
  future = g_strdup_printf ("%s,\"future\":%s}", plain, deep_member);
  g_ptr_array_add (changes, g_strdup (future));
  json_node_unref (server_push (f, NULL, token, changes, &status));
  g_assert_cmpuint (status, ==, 200);
  page = server_pull (f, NULL, token, 0, 0, &status);
  {
    g_autoptr(JsonNode) sent = json_from_string (future, NULL);
    JsonObject *got = json_array_get_object_element (json_array_at (page, "changes"), 0);
    JsonObject *sent_object = json_node_get_object (sent);

    g_assert_true (json_node_equal (json_object_get_member (got, "future"),
                                    json_object_get_member (sent_object, "future")));
  }
  g_assert_cmpuint (server_count_changes (f), ==, 1);
}

/* json-glib keeps strings as C strings: "\u0000" would cut a string short,
 * and the server stored or compared a shorter one than was sent. */
static void
test_nul_in_strings (ServerFixture *f,
                     gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autofree char *record = g_uuid_string_random ();
  g_autofree char *in_value = make_change ("dev-x", 1, "case", record, "notes", "\"a\\u0000b\"",
                                           f->office_a);
  g_autofree char *in_id = make_change ("dev-x\\u0000junk", 1, "case", record, "notes", "\"n\"",
                                        f->office_a);
  g_autofree char *backslash = make_change ("dev-x", 2, "case", record, "notes",
                                            "\"C:\\\\u0000\"", f->office_a);
  g_autofree char *batch_value = batch_of (in_value, NULL);
  g_autofree char *batch_id = batch_of (in_id, NULL);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) page = NULL;
  guint status;

  expect_push_refused (f, token, batch_value, 400, "invalid_request");
  expect_push_refused (f, token, batch_id, 400, "invalid_request");
  {
    g_autoptr(JsonNode) reply = server_request (
      f, NULL, "POST", "/v1/login", NULL,
      "{\"protocol\":1,\"user\":\"alice\",\"password\":\"secret\\u0000junk\",\"device\":\"d\"}",
      &status);
    assert_error (reply, status, 400, "invalid_request");
    g_assert_false (json_object_has_member (json_node_get_object (reply), "token"));
  }

  /* An escaped backslash before "u0000" is only text, and arrives intact. */
  g_ptr_array_add (changes, g_strdup (backslash));
  json_node_unref (server_push (f, NULL, token, changes, &status));
  g_assert_cmpuint (status, ==, 200);
  page = server_pull (f, NULL, token, 0, 0, &status);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_array_at (page, "changes"), 0), "value"), ==, "C:\\u0000");
}

int
main (int    argc,
      char **argv)
{
  server_test_init (&argc, &argv);

  ADD ("/server/input/bad-bodies", test_bad_bodies);
  ADD ("/server/input/bad-changes", test_bad_changes);
  ADD ("/server/input/too-many-changes", test_too_many_changes);
  ADD ("/server/input/oversized-body", test_oversized_body);
  ADD ("/server/input/bad-pulls", test_bad_pulls);
  ADD ("/server/input/wrong-routes", test_wrong_routes);
  ADD ("/server/input/deep-nesting", test_deep_nesting);
  ADD ("/server/input/nul-in-strings", test_nul_in_strings);

  return g_test_run ();
}
