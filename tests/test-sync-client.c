/* test-sync-client.c: the client's protocol layer against a hostile server.
 *
 * A real SoupServer on a loopback port, in a thread of its own, answers every
 * request with a body chosen by the test.  Answers that json-glib would parse
 * on the client's stack until it overflows (JSON nested 200,000 deep), or
 * whose strings a U+0000 escape would cut short, must give the caller a
 * protocol error, not kill the application.
 */

#include <libsoup/soup.h>
#include <string.h>

#include "dossier-sync-client.h"

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;
  char         *body;        /* what every request gets, as application/json */
  GMutex        lock;
  GCond         ready;
  gboolean      started;
} Hostile;

static void
answer_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Hostile *hostile = user_data;

  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    hostile->body, strlen (hostile->body));
}

static gpointer
serve (gpointer data)
{
  Hostile *hostile = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  g_main_context_push_thread_default (hostile->context);
  hostile->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hostile->server, NULL, answer_cb, hostile, NULL);
  g_assert_true (soup_server_listen_local (hostile->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (hostile->server);
  g_mutex_lock (&hostile->lock);
  hostile->url = g_uri_to_string (uris->data);
  hostile->started = TRUE;
  g_cond_signal (&hostile->ready);
  g_mutex_unlock (&hostile->lock);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_main_loop_run (hostile->loop);
  g_clear_object (&hostile->server);
  g_main_context_pop_thread_default (hostile->context);
  return NULL;
}

static void
hostile_start (Hostile    *hostile,
               const char *body)
{
  memset (hostile, 0, sizeof *hostile);
  hostile->body = g_strdup (body);
  hostile->context = g_main_context_new ();
  hostile->loop = g_main_loop_new (hostile->context, FALSE);
  g_mutex_init (&hostile->lock);
  g_cond_init (&hostile->ready);
  hostile->thread = g_thread_new ("hostile-server", serve, hostile);
  g_mutex_lock (&hostile->lock);
  while (!hostile->started)
    g_cond_wait (&hostile->ready, &hostile->lock);
  g_mutex_unlock (&hostile->lock);
}

static void
hostile_stop (Hostile *hostile)
{
  g_main_loop_quit (hostile->loop);
  g_thread_join (hostile->thread);
  g_main_loop_unref (hostile->loop);
  g_main_context_unref (hostile->context);
  g_mutex_clear (&hostile->lock);
  g_cond_clear (&hostile->ready);
  g_free (hostile->url);
  g_free (hostile->body);
}

/* Logs in against a server answering `body`; returns the error. */
static GError *
login_against (const char *body)
{
  Hostile hostile;
  DossierSyncClient *client;
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  hostile_start (&hostile, body);
  client = dossier_sync_client_new (hostile.url);
  reply = dossier_sync_client_login (client, "li.na", "a password", "device-1", NULL, &error);
  dossier_sync_client_free (client);
  hostile_stop (&hostile);
  g_assert_null (reply);
  return error;
}

static void
test_deeply_nested_answer (void)
{
  const gsize depth = 200000;
  g_autofree char *body = g_malloc (2 * depth + 1);
  g_autoptr(GError) error = NULL;

  memset (body, '[', depth);
  memset (body + depth, ']', depth);
  body[2 * depth] = '\0';
  error = login_against (body);
  g_assert_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL);
}

static void
test_nul_in_string (void)
{
  g_autoptr(GError) error = login_against ("{\"token\": \"abc\\u0000def\", \"expires_at\": "
                                           "\"2030-01-01T00:00:00Z\", \"user\": \"li.na\", "
                                           "\"offices\": []}");

  g_assert_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL);
}

/* The same answer with a sound token is taken: the refusal is the check's. */
static void
test_sound_answer_taken (void)
{
  Hostile hostile;
  DossierSyncClient *client;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  hostile_start (&hostile, "{\"token\": \"abcdef\", \"expires_at\": \"2030-01-01T00:00:00Z\", "
                           "\"user\": \"li.na\", \"offices\": [[[\"nested\"]]]}");
  client = dossier_sync_client_new (hostile.url);
  reply = dossier_sync_client_login (client, "li.na", "a password", "device-1", NULL, &error);
  dossier_sync_client_free (client);
  hostile_stop (&hostile);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (reply, "token"), ==, "abcdef");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/client/deeply-nested-answer", test_deeply_nested_answer);
  g_test_add_func ("/sync/client/nul-in-string", test_nul_in_string);
  g_test_add_func ("/sync/client/sound-answer-taken", test_sound_answer_taken);
  return g_test_run ();
}
