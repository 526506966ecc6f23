/* test-pull-reader.c: the fast reader of pull answers reads what json-glib
 * reads, and gives up (for json-glib to say why) on anything else. */

#include "dossier-pull-reader.h"
#include "dossier-sync-client.h"

#include <string.h>

static DossierPullPage *
parse_with_json_glib (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  return dossier_pull_page_from_json (json_node_get_object (json_parser_get_root (parser)), NULL);
}

static void
assert_same_node (JsonNode *a,
                  JsonNode *b)
{
  g_autofree char *text_a = a ? json_to_string (a, FALSE) : NULL;
  g_autofree char *text_b = b ? json_to_string (b, FALSE) : NULL;

  g_assert_cmpstr (text_a, ==, text_b);
  if (a != NULL && JSON_NODE_HOLDS_VALUE (a))
    g_assert_true (json_node_get_value_type (a) == json_node_get_value_type (b));
}

static void
assert_same_page (const char *text)
{
  g_autoptr(DossierPullPage) fast = dossier_pull_page_read (text, strlen (text));
  g_autoptr(DossierPullPage) slow = parse_with_json_glib (text);

  g_assert_nonnull (fast);
  g_assert_nonnull (slow);
  g_assert_cmpint (fast->next, ==, slow->next);
  g_assert_cmpint (fast->more, ==, slow->more);
  g_assert_cmpuint (g_strv_length (fast->scopes), ==, g_strv_length (slow->scopes));
  for (guint i = 0; slow->scopes[i] != NULL; i++)
    g_assert_cmpstr (fast->scopes[i], ==, slow->scopes[i]);
  g_assert_cmpuint (fast->changes->len, ==, slow->changes->len);
  for (guint i = 0; i < slow->changes->len; i++)
    {
      DossierChange *a = fast->changes->pdata[i], *b = slow->changes->pdata[i];

      g_assert_cmpint (a->server_seq, ==, b->server_seq);
      g_assert_cmpstr (a->change_id, ==, b->change_id);
      g_assert_cmpstr (a->kind, ==, b->kind);
      g_assert_cmpstr (a->record_id, ==, b->record_id);
      g_assert_cmpstr (a->field, ==, b->field);
      g_assert_cmpstr (a->device, ==, b->device);
      g_assert_cmpstr (a->scope, ==, b->scope);
      g_assert_cmpstr (a->base_device, ==, b->base_device);
      g_assert_cmpuint (a->hlc, ==, b->hlc);
      g_assert_cmpuint (a->base_hlc, ==, b->base_hlc);
      assert_same_node (a->value, b->value);
      assert_same_node (a->resolves, b->resolves);
    }
}

#define CHANGE(seq, field, value) \
  "{\"seq\":" #seq ",\"id\":\"dev-a:" #seq "\",\"kind\":\"case\"," \
  "\"record\":\"6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0\",\"field\":\"" field "\"," \
  "\"value\":" value ",\"hlc\":\"018c2f0a1b2c0001\",\"device\":\"dev-a\"," \
  "\"scope\":\"0d7c6a4e-31f4-4d0c-9a53-7b0e8f7e2a11\"}"

static void
test_same_as_json_glib (void)
{
  assert_same_page ("{\"protocol\":1,\"changes\":[],\"next\":0,\"more\":false,\"scopes\":[\"*\"]}");
  assert_same_page ("{\"protocol\":1,\"changes\":["
                    CHANGE (1, "reference", "\"DOS-2026-00042\"") ","
                    CHANGE (2, "purpose", "\"Messe \\\"Hannover\\\"\\n\\u00e9\\u4e2d\\ud83d\\ude00 / \\/\"") ","
                    CHANGE (3, "requested_days", "90") ","
                    CHANGE (4, "amount", "-12.5e1") ","
                    CHANGE (5, "photo_meets_spec", "true") ","
                    CHANGE (6, "decision", "null") ","
                    CHANGE (7, "refusal_codes", "[\"a\", \"b\" ,{\"x\":[1,2.5,null]}]") ","
                    CHANGE (8, "notes", "\"签证 申请\"") ","
                    CHANGE (9, "_deleted", "false") ","
                    CHANGE (9223372036854775807, "notes", "\"\u00e9t\u00e9 \u7b7e\"")
                    "],\"next\":9,\"more\":true,\"scopes\":[\"0d7c6a4e-31f4-4d0c-9a53-7b0e8f7e2a11\",\"*\"]}");
  /* Members in any order, with spaces, unknown ones and repeated ones. */
  assert_same_page (" { \"scopes\" : [ ] , \"next\" : 12 ,\"more\": false, \"extra\": {\"a\": [true]},"
                    "\"changes\": [ { \"future\": [1, {\"b\": \"c\"}], \"value\": \"x\", "
                    "\"hlc\": \"018c2f0a1b2c0002\", \"device\": \"dev-b\", \"id\": \"dev-b:3\", "
                    "\"kind\": \"policy_note\", \"record\": \"5b9a1f0c-8c2e-4b61-a1c4-6f3d2e1b0a99\", "
                    "\"field\": \"title\", \"base_hlc\": \"018c2f0a1b2c0001\", \"base_device\": \"dev-a\", "
                    "\"resolves\": [[\"018c2f0a1b2c0000\", \"dev-c\"]], \"scope\": \"*\", \"seq\": 12, "
                    "\"value\": \"y\" } ] } \n");
}

static void
test_gives_up_on_the_rest (void)
{
  const char *const refused[] = {
    "",
    "[]",
    "{\"changes\":[]}",                                        /* no next */
    "{\"next\":1}",                                            /* no changes */
    "{\"changes\":[],\"next\":1",                              /* cut */
    "{\"changes\":[],\"next\":1} x",                           /* trailing text */
    "{\"changes\":[{\"id\":\"a:1\"}],\"next\":1}",             /* not a change */
    "{\"changes\":[" CHANGE (1, "notes", "\"\\u0000\"") "],\"next\":1}",
    "{\"changes\":[" CHANGE (1, "notes", "\"\\ud800\"") "],\"next\":1}",
    "{\"changes\":[" CHANGE (1, "notes", "\"tab\there\"") "],\"next\":1}",
    "{\"changes\":[" CHANGE (1, "notes", "99999999999999999999") "],\"next\":1}",
    "{\"changes\":[" CHANGE (1, "notes", "tru") "],\"next\":1}",
    "{\"changes\":[],\"next\":1.5}",
    "{\"changes\":[],\"next\":1,\"more\":1}",
    "{\"changes\":[],\"next\":1,\"scopes\":[1]}",
    "{\"changes\":[],\"next\":1,\"x\":\"\xff\"}",
    /* A seq that is not plain digits, or too large. */
    "{\"changes\":[" CHANGE (1e3, "notes", "\"x\"") "],\"next\":1}",
    "{\"changes\":[" CHANGE (12.0, "notes", "\"x\"") "],\"next\":1}",
    "{\"changes\":[" CHANGE (99999999999999999999, "notes", "\"x\"") "],\"next\":1}",
    "{\"changes\":[" CHANGE (9223372036854775808, "notes", "\"x\"") "],\"next\":1}",
    /* Bytes that are not UTF-8, after plain ASCII and after an escape. */
    "{\"changes\":[" CHANGE (1, "notes", "\"abc\xc3\x28\"") "],\"next\":1}",
    "{\"changes\":[" CHANGE (1, "notes", "\"\\n\xe4\xb8\"") "],\"next\":1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(DossierPullPage) page = dossier_pull_page_read (refused[i], strlen (refused[i]));

      if (page != NULL)
        g_error ("Read what it should have left to json-glib: %s", refused[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/pull-reader/same-as-json-glib", test_same_as_json_glib);
  g_test_add_func ("/sync/pull-reader/gives-up-on-the-rest", test_gives_up_on_the_rest);
  return g_test_run ();
}
