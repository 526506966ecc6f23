/* bench-server-load.c: server throughput with many clients pushing at once.
 *
 * A real dossier-server process on loopback, on a fresh store of each
 * backend (SQLite, and PostgreSQL in a private durable cluster), serves 1,
 * 20 and 200 clients that push at the same moment.  Each client is a thread
 * with its own HTTP session and its own login (its own device), as separate
 * laptops would be; its pushes are built before the clock starts, so the
 * clients' JSON work is not what is measured (the clients still share the
 * machine's two cores with the server).  A push is a batch of BATCH changes
 * in the form dossier_change_to_json() gives them: new cases of the office,
 * field by field, as a client sends them after working offline.  Throughput
 * is the changes the server accepted divided by the time from the start
 * signal to the last answer.  A second round with pushes of one change each
 * (online editing) shows the cost per request.
 */

#include "bench-common.h"
#include "pg-cluster.h"

#include "dossier-sync-client.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#define BATCH 100
/* Enough work that a level lasts seconds, not milliseconds. */
#define MIN_CHANGES 30000
#define MIN_PUSHES_PER_CLIENT 3

static const guint client_counts[] = { 1, 20, 200 };

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean go;
  guint    ready;
} Start;

typedef struct
{
  Start       *start;
  const char  *url;
  const char  *office;
  guint        index;
  guint        batch;
  guint        pushes;
  char        *token;
  GPtrArray   *bodies;      /* char *: the push requests, built in advance */
  guint64      accepted;
  GArray      *latencies;   /* double, ms */
  double       finished;
  GError      *error;
} Client;

static const char *const fields[] = {
  "reference", "destination", "visa_type", "purpose", "consulate", "urgency", "internal_stage",
  "assignee", "notes", "requested_entries",
};

static char *
build_body (Client     *client,
            const char *device,
            guint       push)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < client->batch; i++)
    {
      guint n = push * client->batch + i;
      g_autofree char *record = g_strdup_printf ("%08x-0000-4000-8000-%012x", client->index,
                                                 (guint) (n / G_N_ELEMENTS (fields)));
      g_autofree char *value = g_strdup_printf ("value %u of client %u", n, client->index);
      DossierChange change = { 0 };

      change.change_id = g_strdup_printf ("%s:%u", device, n + 1);
      change.kind = (char *) "case";
      change.record_id = record;
      change.field = (char *) fields[n % G_N_ELEMENTS (fields)];
      change.value = json_node_init_string (json_node_alloc (), value);
      change.hlc = DOSSIER_HLC_MAKE (G_GINT64_CONSTANT (1767225600000) + n, 0);
      change.device = (char *) device;
      change.counter = n + 1;
      change.scope = (char *) client->office;
      json_builder_add_value (builder, dossier_change_to_json (&change));
      g_free (change.change_id);
      json_node_unref (change.value);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static JsonObject *
post (SoupSession  *session,
      const char   *url,
      const char   *token,
      const char   *body,
      GError      **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  if ((reply = soup_session_send_and_read (session, msg, NULL, error)) == NULL)
    return NULL;
  if (soup_message_get_status (msg) != 200
      || !json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                      g_bytes_get_size (reply), NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s answered %u: %.*s", url,
                   soup_message_get_status (msg), (int) MIN (g_bytes_get_size (reply), 300),
                   (const char *) g_bytes_get_data (reply, NULL));
      return NULL;
    }
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gpointer
client_main (gpointer data)
{
  Client *client = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *device = g_uuid_string_random ();
  g_autofree char *login_url = g_strconcat (client->url, "/v1/login", NULL);
  g_autofree char *push_url = g_strconcat (client->url, "/v1/push", NULL);
  g_autofree char *login = NULL;
  g_autoptr(JsonObject) reply = NULL;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 300, NULL);
  login = g_strdup_printf ("{\"protocol\":1,\"user\":\"load\",\"password\":\"%s\",\"device\":\"%s\"}",
                           BENCH_PASSWORD, device);
  if ((reply = post (session, login_url, NULL, login, &client->error)) != NULL)
    client->token = g_strdup (json_object_get_string_member (reply, "token"));
  for (guint p = 0; client->token != NULL && p < client->pushes; p++)
    g_ptr_array_add (client->bodies, build_body (client, device, p));

  g_mutex_lock (&client->start->lock);
  client->start->ready++;
  g_cond_broadcast (&client->start->cond);
  while (!client->start->go)
    g_cond_wait (&client->start->cond, &client->start->lock);
  g_mutex_unlock (&client->start->lock);

  for (guint p = 0; client->error == NULL && p < client->bodies->len; p++)
    {
      double begin = bench_now_ms (), ms;
      g_autoptr(JsonObject) results = post (session, push_url, client->token,
                                            client->bodies->pdata[p], &client->error);

      if (results == NULL)
        break;
      ms = bench_now_ms () - begin;
      g_array_append_val (client->latencies, ms);
      client->accepted += json_array_get_length (json_object_get_array_member (results,
                                                                               "results"));
    }
  client->finished = bench_now_ms ();
  g_main_context_pop_thread_default (context);
  return NULL;
}

static gboolean
run_level (const char  *backend,
           const char  *store,
           guint        n_clients,
           guint        batch,
           gboolean     report,
           GError     **error)
{
  g_autofree char *office = NULL;
  g_autofree char *user = NULL;
  g_autofree char *member = NULL;
  g_autofree char *name = NULL;
  BenchServer server = { 0 };
  Start start = { 0 };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  Client *clients = g_new0 (Client, n_clients);
  guint pushes = MAX (MIN_PUSHES_PER_CLIENT, (MIN_CHANGES / batch + n_clients - 1) / n_clients);
  BenchSamples latency;
  guint64 accepted = 0;
  double began, ended = 0, rate;
  gboolean ok = TRUE;

  if (batch == 1)
    pushes = MAX (MIN_PUSHES_PER_CLIENT, 4000 / n_clients);
  ok = (office = bench_server_admin (store, NULL, error, "add-office", "Load office", NULL)) != NULL
       && (user = bench_server_admin (store, BENCH_PASSWORD, error, "add-user", "load",
                                      NULL)) != NULL
       && (member = bench_server_admin (store, NULL, error, "add-member", "load", "Load office",
                                        NULL)) != NULL
       && bench_server_start (&server, store, error);
  if (!ok)
    {
      g_free (clients);
      return FALSE;
    }

  g_mutex_init (&start.lock);
  g_cond_init (&start.cond);
  for (guint i = 0; i < n_clients; i++)
    {
      clients[i].start = &start;
      clients[i].url = server.url;
      clients[i].office = office;
      clients[i].index = i;
      clients[i].batch = batch;
      clients[i].pushes = pushes;
      clients[i].bodies = g_ptr_array_new_with_free_func (g_free);
      clients[i].latencies = g_array_new (FALSE, FALSE, sizeof (double));
      g_ptr_array_add (threads, g_thread_new ("bench-client", client_main, &clients[i]));
    }
  /* Everybody logged in and holding their pushes: go. */
  g_mutex_lock (&start.lock);
  while (start.ready < n_clients)
    g_cond_wait (&start.cond, &start.lock);
  began = bench_now_ms ();
  start.go = TRUE;
  g_cond_broadcast (&start.cond);
  g_mutex_unlock (&start.lock);

  bench_samples_init (&latency);
  for (guint i = 0; i < n_clients; i++)
    {
      g_thread_join (threads->pdata[i]);
      accepted += clients[i].accepted;
      ended = MAX (ended, clients[i].finished);
      for (guint l = 0; l < clients[i].latencies->len; l++)
        bench_samples_add (&latency, g_array_index (clients[i].latencies, double, l));
      if (clients[i].error != NULL && ok)
        {
          g_propagate_error (error, g_steal_pointer (&clients[i].error));
          ok = FALSE;
        }
      g_clear_error (&clients[i].error);
      g_ptr_array_unref (clients[i].bodies);
      g_array_unref (clients[i].latencies);
      g_free (clients[i].token);
    }
  bench_server_stop (&server);
  g_mutex_clear (&start.lock);
  g_cond_clear (&start.cond);
  g_free (clients);

  if (ok)
    {
      rate = accepted / ((ended - began) / 1000);
      name = g_strdup_printf ("%s %u clients, pushes of %u", backend, n_clients, batch);
      g_print ("# %s: %" G_GUINT64_FORMAT " changes in %.2f s: %.0f changes/s, %.0f pushes/s\n",
               name, accepted, (ended - began) / 1000, rate,
               latency.values->len / ((ended - began) / 1000));
      bench_samples_print (&latency, name, "ms a push");
      g_free (name);
      name = g_strdup_printf ("server.%s.clients-%u.batch-%u", backend, n_clients, batch);
      if (report)
        bench_report (name, rate, "changes/s", ">= 1000 changes/s", rate >= 1000);
      else
        bench_report_info (name, rate, "changes/s");
    }
  bench_samples_clear (&latency);
  return ok;
}

static gboolean
run_backend (const char  *backend,
             PgCluster   *pg,
             GError     **error)
{
  g_autofree char *dir = g_strdup_printf ("%s/load-%d", bench_data_dir (), (int) getpid ());
  gboolean ok = TRUE;

  g_mkdir_with_parents (dir, 0700);
  for (guint level = 0; ok && level <= G_N_ELEMENTS (client_counts); level++)
    {
      g_autofree char *store = NULL;
      g_autofree char *path = g_strdup_printf ("%s/server-%u.db", dir, level);
      gboolean single = level == G_N_ELEMENTS (client_counts);
      guint clients = single ? 200 : client_counts[level];

      store = pg != NULL ? pg_cluster_new_database_full (pg, error) : g_strconcat ("sqlite:", path, NULL);
      ok = store != NULL && run_level (backend, store, clients, single ? 1 : BATCH, !single, error);
      bench_remove_db (path);
    }
  g_rmdir (dir);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  PgCluster *pg = NULL;   /* stopped by its watchdog when the benchmark ends */

  bench_init (&argc, &argv);
  if (!run_backend ("sqlite", NULL, &error))
    bench_fail ("server.sqlite", error);
  g_clear_error (&error);
  if ((pg = pg_cluster_start_full (g_getenv ("DOSSIER_BENCH_PG_BINDIR"), TRUE, &error)) == NULL
      || !run_backend ("postgresql", pg, &error))
    bench_fail ("server.postgresql", error);
  return bench_finish ();
}
