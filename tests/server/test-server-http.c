/* test-server-http.c: the sync protocol over HTTP against a real server.
 *
 * Runs once per storage backend (DOSSIER_TEST_BACKEND): logins and tokens,
 * push and pull, duplicates, sequence numbers under concurrent pushers,
 * office isolation, long polls.  Bad input is in test-server-input.c and
 * attachments in test-server-blobs.c.
 */

#include "server-fixture.h"

#include <string.h>

#define ADD(path, func, lifetime) \
  g_test_add (path, ServerFixture, GINT_TO_POINTER (lifetime), server_fixture_setup, func, \
              server_fixture_teardown)

static char *
login_body (const char *user,
            const char *password)
{
  return g_strdup_printf ("{\"protocol\":1,\"user\":\"%s\",\"password\":\"%s\","
                          "\"device\":\"0b8f3c52-1111-4a2b-9c3d-4e5f60718293\"}", user, password);
}

static void
test_login_good (ServerFixture *f,
                 gconstpointer  data)
{
  g_autofree char *body = login_body ("dave", FIXTURE_PASSWORD);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) pull = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *object;
  JsonArray *offices;
  guint status;

  reply = server_request (f, NULL, "POST", "/v1/login", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (reply);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "token")), ==, 43);
  g_assert_cmpstr (json_object_get_string_member (object, "user"), ==, "dave");
  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "expires_at"),
                                          NULL);
  g_assert_nonnull (expires);
  /* 30 days by default. */
  g_assert_cmpint (g_date_time_difference (expires, now) / G_TIME_SPAN_SECOND, >=,
                   30 * 24 * 3600 - 60);
  g_assert_cmpint (g_date_time_difference (expires, now) / G_TIME_SPAN_SECOND, <=,
                   30 * 24 * 3600 + 60);

  offices = json_object_get_array_member (object, "offices");
  g_assert_cmpuint (json_array_get_length (offices), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *office = json_array_get_object_element (offices, i);
      const char *id = json_object_get_string_member (office, "id");
      const char *name = json_object_get_string_member (office, "name");

      g_assert_cmpstr (name, ==, i == 0 ? "Office A" : "Office B");
      g_assert_cmpstr (id, ==, i == 0 ? f->office_a : f->office_b);
    }

  pull = server_pull (f, NULL, json_object_get_string_member (object, "token"), 0, 0, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_login_bad (ServerFixture *f,
                gconstpointer  data)
{
  static const struct { const char *body; guint status; const char *code; } cases[] = {
    { "{\"protocol\":1,\"user\":\"alice\",\"password\":\"wrong\",\"device\":\"d\"}", 401,
      "bad_credentials" },
    { "{\"protocol\":1,\"user\":\"nobody\",\"password\":\"secret\",\"device\":\"d\"}", 401,
      "bad_credentials" },
    { "{\"protocol\":1,\"user\":\"alice\",\"device\":\"d\"}", 400, "invalid_request" },
    { "{\"protocol\":1,\"user\":\"alice\",\"password\":42,\"device\":\"d\"}", 400,
      "invalid_request" },
    { "{\"protocol\":1,\"user\":\"alice\",\"password\":\"secret\"}", 400, "invalid_request" },
    { "{\"protocol\":1,\"user\":\"alice\",", 400, "malformed_json" },
    { "{\"protocol\":2,\"user\":\"alice\",\"password\":\"secret\",\"device\":\"d\"}", 400,
      "unsupported_protocol" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status;
      g_autoptr(JsonNode) reply = server_request (f, NULL, "POST", "/v1/login", NULL,
                                                  cases[i].body, &status);

      assert_error (reply, status, cases[i].status, cases[i].code);
      g_assert_false (json_object_has_member (json_node_get_object (reply), "token"));
    }
}

static void
test_token_expired (ServerFixture *f,
                    gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autofree char *fresh = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *record = g_uuid_string_random ();
  guint status;

  /* The fixture's tokens live 2 seconds: valid now, expired in 3. */
  json_node_unref (server_pull (f, NULL, token, 0, 0, &status));
  g_assert_cmpuint (status, ==, 200);
  g_usleep (3 * G_USEC_PER_SEC);

  g_ptr_array_add (changes, make_change ("dev-a", 1, "case", record, "reference", "\"R\"",
                                         f->office_a));
  {
    g_autoptr(JsonNode) pull = server_pull (f, NULL, token, 0, 0, &status);
    g_autoptr(JsonNode) push = NULL;

    assert_error (pull, status, 401, "token_expired");
    push = server_push (f, NULL, token, changes, &status);
    assert_error (push, status, 401, "token_expired");
  }
  g_assert_cmpuint (server_count_changes (f), ==, 0);

  /* Logging in again gives a token that works. */
  fresh = server_login (f, NULL, "alice");
  json_node_unref (server_push (f, NULL, fresh, changes, &status));
  g_assert_cmpuint (status, ==, 200);
}

static void
test_token_unknown (ServerFixture *f,
                    gconstpointer  data)
{
  static const char *tokens[] = {
    NULL, "garbage", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  };
  g_autofree char *token = server_login (f, NULL, "alice");
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(JsonNode) reply = server_pull (f, NULL, tokens[i], 0, 0, &status);
      assert_error (reply, status, 401, "unauthorized");
    }

  json_node_unref (server_pull (f, NULL, token, 0, 0, &status));
  g_assert_cmpuint (status, ==, 200);
  json_node_unref (server_request (f, NULL, "POST", "/v1/logout", token, "{\"protocol\":1}",
                                   &status));
  g_assert_cmpuint (status, ==, 200);
  {
    g_autoptr(JsonNode) reply = server_pull (f, NULL, token, 0, 0, &status);
    assert_error (reply, status, 401, "unauthorized");
  }
}

/* Pushes `changes` as `token` and returns the seqs, all accepted. */
static GArray *
push_accepted (ServerFixture *f,
               SoupSession   *session,
               const char    *token,
               GPtrArray     *changes)
{
  guint status;
  g_autoptr(JsonNode) reply = server_push (f, session, token, changes, &status);
  JsonArray *results;
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_cmpuint (status, ==, 200);
  results = json_array_at (reply, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, changes->len);
  for (guint i = 0; i < changes->len; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      g_autoptr(JsonNode) sent = json_from_string (g_ptr_array_index (changes, i), NULL);
      gint64 seq = json_object_get_int_member (result, "seq");

      g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "accepted");
      g_assert_cmpstr (json_object_get_string_member (result, "id"), ==,
                       json_object_get_string_member (json_node_get_object (sent), "id"));
      g_assert_cmpint (seq, >, i > 0 ? g_array_index (seqs, gint64, i - 1) : 0);
      g_array_append_val (seqs, seq);
    }
  return seqs;
}

static void
test_round_trip (ServerFixture *f,
                 gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autofree char *case_id = g_uuid_string_random ();
  g_autofree char *applicant = g_uuid_string_random ();
  g_autofree char *note = g_uuid_string_random ();
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) seqs = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) empty = NULL;
  JsonArray *pulled, *scopes;
  guint status;

  g_ptr_array_add (changes, make_change ("dev-a", 1, "case", case_id, "reference",
                                         "\"DOS-2026-00042\"", f->office_a));
  g_ptr_array_add (changes, make_change ("dev-a", 2, "case", case_id, "requested_days", "90",
                                         f->office_a));
  g_ptr_array_add (changes, make_change ("dev-a", 3, "applicant", applicant, "family_name",
                                         "\"李\"", f->office_a));
  g_ptr_array_add (changes, make_change ("dev-a", 4, "policy_note", note, "title",
                                         "\"Schengen: 6 months\"", "*"));
  seqs = push_accepted (f, NULL, token, changes);

  page = server_pull (f, NULL, token, 0, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  pulled = json_array_at (page, "changes");
  g_assert_cmpuint (json_array_get_length (pulled), ==, changes->len);
  for (guint i = 0; i < changes->len; i++)
    {
      g_autoptr(JsonNode) sent = json_from_string (g_ptr_array_index (changes, i), NULL);
      g_autoptr(JsonNode) got = json_node_copy (json_array_get_element (pulled, i));

      g_assert_cmpint (json_object_get_int_member (json_node_get_object (got), "seq"), ==,
                       g_array_index (seqs, gint64, i));
      json_object_remove_member (json_node_get_object (got), "seq");
      g_assert_true (json_node_equal (sent, got));
    }
  g_assert_cmpint (json_int_at (page, "next"), ==, g_array_index (seqs, gint64, 3));
  g_assert_false (json_object_get_boolean_member (json_node_get_object (page), "more"));
  scopes = json_array_at (page, "scopes");
  g_assert_cmpuint (json_array_get_length (scopes), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (scopes, 0), ==, "*");
  g_assert_cmpstr (json_array_get_string_element (scopes, 1), ==, f->office_a);

  empty = server_pull (f, NULL, token, json_int_at (page, "next"), 0, &status);
  g_assert_cmpuint (json_array_get_length (json_array_at (empty, "changes")), ==, 0);
  g_assert_cmpint (json_int_at (empty, "next"), ==, json_int_at (page, "next"));
}

static void
test_paging (ServerFixture *f,
             gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "bob");
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) seqs = NULL;
  gint64 since = 0;
  guint seen = 0, pages = 0;
  gboolean more = TRUE;

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *record = g_uuid_string_random ();
      g_ptr_array_add (changes, make_change ("dev-b", i + 1, "case", record, "notes", "\"n\"",
                                             f->office_a));
    }
  seqs = push_accepted (f, NULL, token, changes);

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/v1/pull?protocol=1&since=%" G_GINT64_FORMAT
                                               "&limit=3", since);
      guint status;
      g_autoptr(JsonNode) page = server_request (f, NULL, "GET", path, token, NULL, &status);
      JsonArray *pulled = json_array_at (page, "changes");

      g_assert_cmpuint (status, ==, 200);
      for (guint i = 0; i < json_array_get_length (pulled); i++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (pulled, i),
                                                     "seq"), ==,
                         g_array_index (seqs, gint64, seen++));
      more = json_object_get_boolean_member (json_node_get_object (page), "more");
      since = json_int_at (page, "next");
      g_assert_cmpuint (++pages, <=, 3);
    }
  g_assert_cmpuint (seen, ==, 7);
  g_assert_cmpuint (pages, ==, 3);
}

static void
test_duplicate_batch (ServerFixture *f,
                      gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) mixed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) seqs = NULL;
  g_autofree char *record = g_uuid_string_random ();
  JsonArray *results;
  guint status;

  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (changes, make_change ("dev-a", i + 1, "case", record, "notes", "\"x\"",
                                           f->office_a));
  seqs = push_accepted (f, NULL, token, changes);

  {
    g_autoptr(JsonNode) again = server_push (f, NULL, token, changes, &status);

    g_assert_cmpuint (status, ==, 200);
    results = json_array_at (again, "results");
    for (guint i = 0; i < changes->len; i++)
      {
        JsonObject *result = json_array_get_object_element (results, i);

        g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "duplicate");
        g_assert_cmpint (json_object_get_int_member (result, "seq"), ==,
                         g_array_index (seqs, gint64, i));
      }
  }
  g_assert_cmpuint (server_count_changes (f), ==, 5);

  /* New, old, and new again within one batch. */
  g_ptr_array_add (mixed, make_change ("dev-a", 6, "case", record, "notes", "\"y\"", f->office_a));
  g_ptr_array_add (mixed, g_strdup (g_ptr_array_index (changes, 2)));
  g_ptr_array_add (mixed, make_change ("dev-a", 6, "case", record, "notes", "\"y\"", f->office_a));
  {
    g_autoptr(JsonNode) reply = server_push (f, NULL, token, mixed, &status);
    JsonObject *first, *old, *repeat;

    results = json_array_at (reply, "results");
    first = json_array_get_object_element (results, 0);
    old = json_array_get_object_element (results, 1);
    repeat = json_array_get_object_element (results, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "accepted");
    g_assert_cmpint (json_object_get_int_member (first, "seq"), >, g_array_index (seqs, gint64, 4));
    g_assert_cmpstr (json_object_get_string_member (old, "status"), ==, "duplicate");
    g_assert_cmpint (json_object_get_int_member (old, "seq"), ==, g_array_index (seqs, gint64, 2));
    g_assert_cmpstr (json_object_get_string_member (repeat, "status"), ==, "duplicate");
    g_assert_cmpint (json_object_get_int_member (repeat, "seq"), ==,
                     json_object_get_int_member (first, "seq"));
  }
  g_assert_cmpuint (server_count_changes (f), ==, 6);
}

#define PUSHERS 4
#define BATCHES 10
#define PER_BATCH 50

typedef struct
{
  ServerFixture *f;
  const char    *user;
  const char    *office;
  GArray        *seqs;
} Pusher;

static gpointer
push_many (gpointer data)
{
  Pusher *pusher = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *token = server_login (pusher->f, session, pusher->user);

  pusher->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint b = 0; b < BATCHES; b++)
    {
      g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) seqs = NULL;

      for (guint i = 0; i < PER_BATCH; i++)
        {
          g_autofree char *record = g_uuid_string_random ();
          g_ptr_array_add (changes, make_change (pusher->user, b * PER_BATCH + i + 1, "case",
                                                 record, "notes", "\"c\"", pusher->office));
        }
      seqs = push_accepted (pusher->f, session, token, changes);
      g_array_append_vals (pusher->seqs, seqs->data, seqs->len);
    }
  return NULL;
}

static void
test_concurrent_seq (ServerFixture *f,
                     gconstpointer  data)
{
  Pusher pushers[PUSHERS] = {
    { f, "alice", f->office_a, NULL }, { f, "bob", f->office_a, NULL },
    { f, "carol", f->office_b, NULL }, { f, "dave", f->office_b, NULL },
  };
  GThread *threads[PUSHERS];
  g_autoptr(GHashTable) all = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierServerPage) page = NULL;
  const guint total = PUSHERS * BATCHES * PER_BATCH;

  for (guint t = 0; t < PUSHERS; t++)
    threads[t] = g_thread_new ("pusher", push_many, &pushers[t]);
  for (guint t = 0; t < PUSHERS; t++)
    g_thread_join (threads[t]);

  /* Each pusher saw its seqs rise; together they are 1..total, each once. */
  for (guint t = 0; t < PUSHERS; t++)
    {
      for (guint i = 0; i < pushers[t].seqs->len; i++)
        {
          gint64 *seq = &g_array_index (pushers[t].seqs, gint64, i);

          g_assert_cmpint (*seq, >=, 1);
          g_assert_cmpint (*seq, <=, total);
          g_assert_true (g_hash_table_add (all, seq));
        }
    }
  g_assert_cmpuint (g_hash_table_size (all), ==, total);

  page = dossier_server_store_pull (f->store, f->eve_id, 0, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, ==, total);
  for (guint i = 0; i < page->changes->len; i++)
    g_assert_cmpint (((DossierServerLogEntry *) g_ptr_array_index (page->changes, i))->seq, ==,
                     i + 1);
  for (guint t = 0; t < PUSHERS; t++)
    g_array_unref (pushers[t].seqs);
}

/* The scope members of every change a pull returns. */
static GPtrArray *
pulled_scopes (JsonNode *page)
{
  JsonArray *changes = json_array_at (page, "changes");
  GPtrArray *scopes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (changes); i++)
    g_ptr_array_add (scopes, g_strdup (json_object_get_string_member (
                                         json_array_get_object_element (changes, i), "scope")));
  return scopes;
}

static gboolean
all_in (GPtrArray  *scopes,
        const char *one,
        const char *other)
{
  for (guint i = 0; i < scopes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (scopes, i), one) != 0
        && g_strcmp0 (g_ptr_array_index (scopes, i), other) != 0)
      return FALSE;
  return TRUE;
}

static void
test_foreign_office (ServerFixture *f,
                     gconstpointer  data)
{
  g_autofree char *alice = server_login (f, NULL, "alice");
  g_autofree char *carol = server_login (f, NULL, "carol");
  g_autofree char *record_a = g_uuid_string_random ();
  g_autofree char *record_b = g_uuid_string_random ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) b_changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) refused = NULL;
  JsonArray *offending;
  guint status;

  g_ptr_array_add (batch, make_change ("dev-a", 1, "case", record_a, "notes", "\"mine\"",
                                       f->office_a));
  g_ptr_array_add (batch, make_change ("dev-a", 2, "case", record_b, "notes", "\"theirs\"",
                                       f->office_b));
  refused = server_push (f, NULL, alice, batch, &status);
  assert_error (refused, status, 403, "forbidden");
  offending = json_object_get_array_member (json_object_at (refused, "error"), "changes");
  g_assert_cmpuint (json_array_get_length (offending), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (offending, 0), ==, "dev-a:2");
  /* Not even the change of her own office was stored. */
  g_assert_cmpuint (server_count_changes (f), ==, 0);

  g_ptr_array_add (b_changes, make_change ("dev-c", 1, "case", record_b, "notes", "\"b\"",
                                           f->office_b));
  g_array_unref (push_accepted (f, NULL, carol, b_changes));
  g_ptr_array_remove_index (batch, 1);
  g_array_unref (push_accepted (f, NULL, alice, batch));

  {
    g_autoptr(JsonNode) page_a = server_pull (f, NULL, alice, 0, 0, &status);
    g_autoptr(JsonNode) page_b = server_pull (f, NULL, carol, 0, 0, &status);
    g_autoptr(GPtrArray) seen_a = pulled_scopes (page_a);
    g_autoptr(GPtrArray) seen_b = pulled_scopes (page_b);

    g_assert_cmpuint (seen_a->len, ==, 1);
    g_assert_true (all_in (seen_a, f->office_a, "*"));
    g_assert_cmpuint (seen_b->len, ==, 1);
    g_assert_true (all_in (seen_b, f->office_b, "*"));
  }
}

static void
test_record_scope_fixed (ServerFixture *f,
                         gconstpointer  data)
{
  g_autofree char *alice = server_login (f, NULL, "alice");
  g_autofree char *dave = server_login (f, NULL, "dave");
  g_autofree char *record = g_uuid_string_random ();
  g_autofree char *other = g_uuid_string_random ();
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) split = g_ptr_array_new_with_free_func (g_free);
  guint status;

  g_ptr_array_add (first, make_change ("dev-a", 1, "case", record, "notes", "\"a\"", f->office_a));
  g_array_unref (push_accepted (f, NULL, alice, first));

  /* Dave belongs to B, but the record is A's since its first change. */
  g_ptr_array_add (moved, make_change ("dev-d", 1, "case", record, "notes", "\"b\"",
                                       f->office_b));
  json_node_unref (server_push (f, NULL, dave, moved, &status));
  g_assert_cmpuint (status, ==, 403);

  /* Within one batch too: the first change of a new record fixes its scope. */
  g_ptr_array_add (split, make_change ("dev-d", 2, "case", other, "notes", "\"a\"", f->office_a));
  g_ptr_array_add (split, make_change ("dev-d", 3, "case", other, "visa_type", "\"b\"",
                                       f->office_b));
  json_node_unref (server_push (f, NULL, dave, split, &status));
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpuint (server_count_changes (f), ==, 1);
}

/* Carol works for office B only: office A's case is out of her reach, whether
 * her change names A or her own office as its scope, and never reaches her. */
static void
test_foreign_record (ServerFixture *f,
                     gconstpointer  data)
{
  g_autofree char *alice = server_login (f, NULL, "alice");
  g_autofree char *carol = server_login (f, NULL, "carol");
  g_autofree char *record = g_uuid_string_random ();
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  const char *scopes[] = { f->office_a, f->office_b };
  guint status;

  g_ptr_array_add (first, make_change ("dev-a", 1, "case", record, "notes", "\"A's case\"",
                                       f->office_a));
  g_array_unref (push_accepted (f, NULL, alice, first));
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    {
      g_autoptr(GPtrArray) edit = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonNode) refused = NULL;
      JsonArray *offending;

      g_ptr_array_add (edit, make_change ("dev-c", i + 1, "case", record, "notes",
                                          "\"carol was here\"", scopes[i]));
      refused = server_push (f, NULL, carol, edit, &status);
      assert_error (refused, status, 403, "forbidden");
      offending = json_object_get_array_member (json_object_at (refused, "error"), "changes");
      g_assert_cmpuint (json_array_get_length (offending), ==, 1);
    }
  g_assert_cmpuint (server_count_changes (f), ==, 1);
  {
    g_autoptr(JsonNode) page = server_pull (f, NULL, carol, 0, 0, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_array_at (page, "changes")), ==, 0);
  }
}

static void
test_policy_notes (ServerFixture *f,
                   gconstpointer  data)
{
  g_autofree char *alice = server_login (f, NULL, "alice");
  g_autofree char *carol = server_login (f, NULL, "carol");
  g_autofree char *note = g_uuid_string_random ();
  g_autofree char *case_id = g_uuid_string_random ();
  g_autoptr(GPtrArray) wrong = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  guint status;

  /* "*" is for policy notes only. */
  g_ptr_array_add (wrong, make_change ("dev-a", 1, "case", case_id, "notes", "\"x\"", "*"));
  json_node_unref (server_push (f, NULL, alice, wrong, &status));
  g_assert_cmpuint (status, ==, 403);

  g_ptr_array_add (notes, make_change ("dev-a", 2, "policy_note", note, "body", "\"6 months\"",
                                       "*"));
  g_array_unref (push_accepted (f, NULL, alice, notes));
  {
    g_autoptr(JsonNode) page = server_pull (f, NULL, carol, 0, 0, &status);
    JsonArray *changes = json_array_at (page, "changes");

    g_assert_cmpuint (json_array_get_length (changes), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0),
                                                    "record"), ==, note);
  }
}

static void
test_membership_removed (ServerFixture *f,
                         gconstpointer  data)
{
  g_autofree char *alice = server_login (f, NULL, "alice");
  g_autofree char *carol = server_login (f, NULL, "carol");
  g_autofree char *dave = server_login (f, NULL, "dave");
  g_autoptr(GError) error = NULL;
  guint status;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) b = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *record_a = g_uuid_string_random ();
      g_autofree char *record_b = g_uuid_string_random ();

      g_ptr_array_add (a, make_change ("dev-a", round + 1, "case", record_a, "notes", "\"a\"",
                                       f->office_a));
      g_ptr_array_add (b, make_change ("dev-c", round + 1, "case", record_b, "notes", "\"b\"",
                                       f->office_b));
      g_array_unref (push_accepted (f, NULL, alice, a));
      g_array_unref (push_accepted (f, NULL, carol, b));
      if (round == 0)
        {
          g_autoptr(JsonNode) page = server_pull (f, NULL, dave, 0, 0, &status);

          g_assert_cmpuint (json_array_get_length (json_array_at (page, "changes")), ==, 2);
          g_assert_cmpuint (json_array_get_length (json_array_at (page, "scopes")), ==, 3);
          g_assert_true (dossier_server_store_remove_member (f->store, "dave", "Office B",
                                                             &error));
          g_assert_no_error (error);
        }
    }

  {
    g_autoptr(JsonNode) page = server_pull (f, NULL, dave, 0, 0, &status);
    g_autoptr(GPtrArray) seen = pulled_scopes (page);
    JsonArray *scopes = json_array_at (page, "scopes");

    g_assert_cmpuint (json_array_get_length (scopes), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (scopes, 0), ==, "*");
    g_assert_cmpstr (json_array_get_string_element (scopes, 1), ==, f->office_a);
    g_assert_cmpuint (seen->len, ==, 2);
    g_assert_true (all_in (seen, f->office_a, "*"));
  }
}

static void
test_unknown_members (ServerFixture *f,
                      gconstpointer  data)
{
  g_autofree char *token = server_login (f, NULL, "alice");
  g_autofree char *record = g_uuid_string_random ();
  g_autofree char *plain = make_change ("dev-a", 1, "case", record, "notes", "\"n\"", f->office_a);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) seqs = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) future = json_from_string ("{\"nested\":[1,\"two\",null,true,2.5]}", NULL);
  JsonObject *got;
  guint status;

  /* A newer client's members, and a "seq" of its own the server must not keep. */
  plain[strlen (plain) - 1] = '\0';
  g_ptr_array_add (changes, g_strdup_printf ("%s,\"future\":{\"nested\":[1,\"two\",null,true,2.5]},"
                                             "\"note\":\"签证 ü\",\"seq\":999}", plain));
  seqs = push_accepted (f, NULL, token, changes);

  page = server_pull (f, NULL, token, 0, 0, &status);
  got = json_array_get_object_element (json_array_at (page, "changes"), 0);
  g_assert_true (json_node_equal (json_object_get_member (got, "future"), future));
  g_assert_cmpstr (json_object_get_string_member (got, "note"), ==, "签证 ü");
  g_assert_cmpint (json_object_get_int_member (got, "seq"), ==, g_array_index (seqs, gint64, 0));
}

typedef struct
{
  ServerFixture *f;
  const char    *token;
  gint64         since;
  guint          wait;
  JsonNode      *reply;
  gint64         returned;
} Poll;

static gpointer
long_poll (gpointer data)
{
  Poll *poll = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  guint status;

  poll->reply = server_pull (poll->f, session, poll->token, poll->since, poll->wait, &status);
  poll->returned = g_get_monotonic_time ();
  g_assert_cmpuint (status, ==, 200);
  return NULL;
}

static void
test_long_poll_wakes (ServerFixture *f,
                      gconstpointer  data)
{
  g_autofree char *alice = server_login (f, NULL, "alice");
  g_autofree char *bob = server_login (f, NULL, "bob");
  g_autofree char *record = g_uuid_string_random ();
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  Poll poll = { f, alice, 0, 10, NULL, 0 };
  GThread *thread;
  gint64 started = g_get_monotonic_time (), pushed;

  thread = g_thread_new ("poll", long_poll, &poll);
  g_usleep (G_USEC_PER_SEC / 2);
  g_ptr_array_add (changes, make_change ("dev-b", 1, "case", record, "notes", "\"now\"",
                                         f->office_a));
  pushed = g_get_monotonic_time ();
  g_array_unref (push_accepted (f, NULL, bob, changes));
  g_thread_join (thread);

  g_assert_cmpint (poll.returned - started, >=, G_USEC_PER_SEC * 4 / 10);
  g_assert_cmpint (poll.returned - pushed, <, G_USEC_PER_SEC);
  g_assert_cmpuint (json_array_get_length (json_array_at (poll.reply, "changes")), ==, 1);
  json_node_unref (poll.reply);
}

static void
test_long_poll_other_office (ServerFixture *f,
                             gconstpointer  data)
{
  g_autofree char *alice = server_login (f, NULL, "alice");
  g_autofree char *carol = server_login (f, NULL, "carol");
  g_autofree char *record = g_uuid_string_random ();
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  Poll poll = { f, alice, 0, 2, NULL, 0 };
  GThread *thread;
  gint64 started = g_get_monotonic_time ();

  /* Office B's change neither wakes alice nor reaches her. */
  thread = g_thread_new ("poll", long_poll, &poll);
  g_usleep (G_USEC_PER_SEC / 2);
  g_ptr_array_add (changes, make_change ("dev-c", 1, "case", record, "notes", "\"b\"",
                                         f->office_b));
  g_array_unref (push_accepted (f, NULL, carol, changes));
  g_thread_join (thread);

  g_assert_cmpint (poll.returned - started, >=, G_USEC_PER_SEC * 19 / 10);
  g_assert_cmpint (poll.returned - started, <, G_USEC_PER_SEC * 5);
  g_assert_cmpuint (json_array_get_length (json_array_at (poll.reply, "changes")), ==, 0);
  json_node_unref (poll.reply);
}

/* Two server processes sharing one PostgreSQL database: a push through one
 * wakes a long poll held by the other. */
static void
test_long_poll_other_server (ServerFixture *f,
                             gconstpointer  data)
{
  ServerFixture *peer = server_fixture_new_peer (f);
  g_autofree char *alice = server_login (f, NULL, "alice");
  g_autofree char *bob = server_login (peer, NULL, "bob");
  g_autofree char *record = g_uuid_string_random ();
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  Poll poll = { f, alice, 0, 10, NULL, 0 };
  GThread *thread;
  gint64 pushed;

  thread = g_thread_new ("poll", long_poll, &poll);
  g_usleep (G_USEC_PER_SEC / 2);
  g_ptr_array_add (changes, make_change ("dev-b", 1, "case", record, "notes", "\"elsewhere\"",
                                         f->office_a));
  pushed = g_get_monotonic_time ();
  g_array_unref (push_accepted (peer, NULL, bob, changes));
  g_thread_join (thread);

  g_assert_cmpint (poll.returned - pushed, <, G_USEC_PER_SEC);
  g_assert_cmpuint (json_array_get_length (json_array_at (poll.reply, "changes")), ==, 1);
  json_node_unref (poll.reply);
  server_fixture_free_peer (peer);
}

int
main (int    argc,
      char **argv)
{
  server_test_init (&argc, &argv);

  ADD ("/server/login/good", test_login_good, 0);
  ADD ("/server/login/bad", test_login_bad, 0);
  ADD ("/server/login/expired-token", test_token_expired, 2);
  ADD ("/server/login/unknown-token", test_token_unknown, 0);
  ADD ("/server/push/round-trip", test_round_trip, 0);
  ADD ("/server/pull/paging", test_paging, 0);
  ADD ("/server/push/duplicate-batch", test_duplicate_batch, 0);
  ADD ("/server/push/concurrent-seq", test_concurrent_seq, 0);
  ADD ("/server/scope/foreign-office", test_foreign_office, 0);
  ADD ("/server/scope/record-scope-fixed", test_record_scope_fixed, 0);
  ADD ("/server/scope/foreign-record", test_foreign_record, 0);
  ADD ("/server/scope/policy-notes", test_policy_notes, 0);
  ADD ("/server/scope/membership-removed", test_membership_removed, 0);
  ADD ("/server/push/unknown-members", test_unknown_members, 0);
  ADD ("/server/pull/long-poll-wakes", test_long_poll_wakes, 0);
  ADD ("/server/pull/long-poll-other-office", test_long_poll_other_office, 0);
  /* Only PostgreSQL is shared by several server processes. */
  if (g_str_equal (server_test_backend (), "postgresql"))
    ADD ("/server/pull/long-poll-other-server", test_long_poll_other_server, 0);

  return g_test_run ();
}
