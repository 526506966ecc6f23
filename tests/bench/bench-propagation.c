/* bench-propagation.c: one field edit between two online clients.
 *
 * A real dossier-server on loopback with a fresh store, one office and two
 * users of it (two colleagues).  Each client is a replica with its own
 * DossierSyncEngine, logged in as the account dialog does it, online and
 * long-polling.  Client A makes SEED_CASES cases; once B has them, A edits
 * one field of one case (the assignee, a realistic short value), EDITS
 * times, pausing between edits until both clients are idle again.
 *
 * Propagation: from just before dossier_replica_save_sync() on A until B's
 * replica returns the new value (B is read every millisecond).
 *
 * Bytes on the wire: a second pair of clients talks to the server through a
 * counting proxy each (bench-proxy.c), which accounts every HTTP exchange,
 * headers and bodies, and every WebSocket frame (head, mask, payload),
 * exactly as sent.  For each edit, every byte A's proxy carried from the
 * edit until both clients were idle again is the push (A's frame, its ack,
 * and any request A still made), every byte B's proxy carried the pull.
 * Then B edits fields A wrote last, measured the same way the other way
 * round: such a change names a base version of another device, which
 * costs its device id.  The live channel's upgrade is once a connection
 * and reported apart.
 */

#include "bench-common.h"
#include "bench-proxy.h"

#include "dossier-replica-sync.h"
#include "dossier-sync-engine.h"

#include <glib/gstdio.h>
#include <string.h>

#define SEED_CASES 20
#define EDITS 20
#define OTHER_WRITER_EDITS 10
#define SETTLE_MS 400
#define IDLE_MS 5000
#define PROPAGATION_TIMEOUT_MS 20000

static const char *const assignees[] = {
  "Li Na", "Wang Fang", "Zhang Wei", "Liu Yang", "Chen Jing", "Anna Schmidt",
};

typedef struct
{
  char              *path;
  DossierReplica    *replica;
  DossierSyncEngine *engine;
} Client;

static void
iterate_for (double ms)
{
  double end = bench_now_ms () + ms;

  while (bench_now_ms () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

typedef struct
{
  gboolean  done;
  GError   *error;
} LoginWait;

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  LoginWait *wait = user_data;

  dossier_sync_engine_login_finish (DOSSIER_SYNC_ENGINE (source), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
client_start (Client      *client,
              const char  *dir,
              const char  *name,
              const char  *url,
              const char  *user,
              GError     **error)
{
  g_autoptr(GBytes) key = bench_key_new ();
  LoginWait wait = { 0 };
  double deadline;

  client->path = g_strdup_printf ("%s/%s.db", dir, name);
  client->replica = dossier_replica_open_sync (client->path, key, TRUE, NULL, error);
  if (client->replica == NULL)
    return FALSE;
  client->engine = dossier_sync_engine_new (client->replica);
  dossier_sync_engine_start (client->engine);
  dossier_sync_engine_login_async (client->engine, url, user, BENCH_PASSWORD, NULL, login_cb,
                                   &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return FALSE;
    }
  deadline = bench_now_ms () + 30000;
  while (dossier_sync_engine_get_state (client->engine) != DOSSIER_SYNC_STATE_SYNCED)
    {
      if (bench_now_ms () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "%s did not sync: %s", name,
                       dossier_sync_engine_get_error_message (client->engine));
          return FALSE;
        }
      iterate_for (5);
    }
  return TRUE;
}

static void
client_stop (Client *client)
{
  if (client->engine != NULL)
    dossier_sync_engine_stop (client->engine);
  g_clear_object (&client->engine);
  if (client->replica != NULL)
    dossier_replica_close (client->replica);
  g_clear_object (&client->replica);
  g_clear_pointer (&client->path, g_free);
}

static char *
assignee_of (Client     *client,
             const char *case_id)
{
  g_autoptr(JsonObject) row = dossier_replica_get_sync (client->replica, "case", case_id, NULL,
                                                        NULL);
  JsonNode *node = row ? json_object_get_member (row, "assignee") : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) ? g_strdup (json_node_get_string (node)) : NULL;
}

/* Polls `client` until the case's assignee reads `value`; returns when it did (ms). */
static gboolean
wait_for_value (Client      *client,
                const char  *case_id,
                const char  *value,
                double      *out_when,
                GError     **error)
{
  double deadline = bench_now_ms () + PROPAGATION_TIMEOUT_MS;

  for (;;)
    {
      g_autofree char *seen = assignee_of (client, case_id);

      if (g_strcmp0 (seen, value) == 0)
        {
          *out_when = bench_now_ms ();
          return TRUE;
        }
      if (bench_now_ms () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "The edit did not reach the other client within %d s",
                       PROPAGATION_TIMEOUT_MS / 1000);
          return FALSE;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
seed_cases (Client      *a,
            Client      *b,
            const char  *office,
            GPtrArray   *ids,
            GError     **error)
{
  for (guint i = 0; i < SEED_CASES; i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *reference = g_strdup_printf ("DOS-2026-BEN%03u", i);
      char *id;

      json_object_set_string_member (fields, "reference", reference);
      json_object_set_string_member (fields, "office_id", office);
      json_object_set_string_member (fields, "assignee", assignees[0]);
      json_object_set_string_member (fields, "destination", "DE");
      json_object_set_string_member (fields, "visa_type", "business");
      json_object_set_string_member (fields, "internal_stage", "documents");
      json_object_set_string_member (fields, "urgency", "normal");
      if ((id = dossier_replica_save_sync (a->replica, "case", NULL, fields, NULL, error)) == NULL)
        return FALSE;
      g_ptr_array_add (ids, id);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      double when;

      if (!wait_for_value (b, ids->pdata[i], assignees[0], &when, error))
        return FALSE;
    }
  iterate_for (SETTLE_MS);
  return TRUE;
}

/* Edit `i`: a new assignee, different from the one the case has. */
static const char *
edit_value (guint i)
{
  return assignees[1 + (i / SEED_CASES) % (G_N_ELEMENTS (assignees) - 1)];
}

static gboolean
edit (Client      *a,
      GPtrArray   *ids,
      guint        i,
      double      *out_start,
      GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *saved = NULL;

  json_object_set_string_member (fields, "assignee", edit_value (i));
  *out_start = bench_now_ms ();
  saved = dossier_replica_save_sync (a->replica, "case", ids->pdata[i % ids->len], fields, NULL,
                                     error);
  return saved != NULL;
}

typedef struct
{
  char       *dir;
  BenchServer server;
  char       *office;
} Setup;

static gboolean
setup_server (Setup   *setup,
              GError **error)
{
  g_autofree char *store = NULL;
  g_autofree char *out = NULL;

  setup->dir = g_strdup_printf ("%s/propagation-%d", bench_data_dir (), (int) getpid ());
  g_mkdir_with_parents (setup->dir, 0700);
  store = g_strdup_printf ("sqlite:%s/server.db", setup->dir);
  if ((setup->office = bench_server_admin (store, NULL, error, "add-office", "Bench office",
                                           NULL)) == NULL)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *user = g_strdup_printf ("colleague-%u", i);

      g_free (out);
      if ((out = bench_server_admin (store, BENCH_PASSWORD, error, "add-user", user, NULL)) == NULL)
        return FALSE;
      g_free (out);
      if ((out = bench_server_admin (store, NULL, error, "add-member", user, "Bench office",
                                     NULL)) == NULL)
        return FALSE;
    }
  return bench_server_start (&setup->server, store, error);
}

static void
teardown_server (Setup *setup)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  bench_server_stop (&setup->server);
  dir = g_dir_open (setup->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (setup->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (setup->dir);
  g_free (setup->dir);
  g_free (setup->office);
}

static gboolean
bench_latency (Setup   *setup,
               GError **error)
{
  Client a = { 0 }, b = { 0 };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  BenchSamples samples;
  gboolean ok;
  double median;

  bench_samples_init (&samples);
  ok = client_start (&a, setup->dir, "latency-a", setup->server.url, "colleague-0", error)
       && client_start (&b, setup->dir, "latency-b", setup->server.url, "colleague-1", error)
       && seed_cases (&a, &b, setup->office, ids, error);
  for (guint i = 0; ok && i < EDITS; i++)
    {
      double start, arrived;

      ok = edit (&a, ids, i, &start, error)
           && wait_for_value (&b, ids->pdata[i % ids->len], edit_value (i), &arrived, error);
      if (ok)
        bench_samples_add (&samples, arrived - start);
      iterate_for (SETTLE_MS);
    }
  if (ok)
    {
      bench_samples_print (&samples, "propagation", "ms");
      median = bench_samples_median (&samples);
      bench_report ("sync.propagation.median", median, "ms", "< 1000 ms", median < 1000);
      bench_report ("sync.propagation.max", bench_samples_max (&samples), "ms", "< 1000 ms",
                    bench_samples_max (&samples) < 1000);
    }
  bench_samples_clear (&samples);
  client_stop (&a);
  client_stop (&b);
  return ok;
}

static gint64
exchange_total (const BenchExchange *exchange)
{
  return exchange->request_bytes + MAX (exchange->response_bytes, 0);
}

/* Waits until `proxy` saw the live channel's upgrade; its bytes (request,
 * 101 answer, and the server's first frame: the cursor and scopes). */
static gboolean
handshake_bytes (BenchProxy  *proxy,
                 gint64      *out_bytes,
                 GError     **error)
{
  double deadline = bench_now_ms () + 10000;
  const BenchExchange *upgrade = NULL;
  g_autoptr(GPtrArray) exchanges = g_ptr_array_new_with_free_func (
    (GDestroyNotify) bench_exchange_free);
  g_autoptr(GPtrArray) frames = NULL;

  while (upgrade == NULL && bench_now_ms () < deadline)
    {
      g_autoptr(GPtrArray) seen = NULL;

      iterate_for (5);
      seen = bench_proxy_take_exchanges (proxy);
      for (guint i = 0; i < seen->len; i++)
        {
          const BenchExchange *exchange = seen->pdata[i];

          if (g_str_has_prefix (exchange->request_line, "GET /v1/live") && exchange->status == 101)
            upgrade = exchange;
        }
      g_ptr_array_extend_and_steal (exchanges, g_steal_pointer (&seen));
    }
  if (upgrade == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The client never opened the live channel");
      return FALSE;
    }
  iterate_for (100);
  frames = bench_proxy_take_frames (proxy);
  *out_bytes = exchange_total (upgrade);
  g_print ("# live upgrade: request %" G_GINT64_FORMAT " bytes, response %" G_GINT64_FORMAT
           " bytes\n", upgrade->request_bytes, upgrade->response_bytes);
  for (guint i = 0; i < frames->len; i++)
    {
      const BenchFrame *frame = frames->pdata[i];

      if (!frame->from_client && frame->opcode == 1)
        {
          g_print ("# first live frame: %" G_GINT64_FORMAT " bytes: %s\n", frame->bytes,
                   frame->text);
          *out_bytes += frame->bytes;
          break;
        }
    }
  return TRUE;
}

static void
print_traffic (const char *who,
               GPtrArray  *exchanges,
               GPtrArray  *frames)
{
  for (guint e = 0; e < exchanges->len; e++)
    {
      const BenchExchange *x = exchanges->pdata[e];

      g_print ("# %s HTTP: %s: %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT " bytes\n", who,
               x->request_line, x->request_bytes, x->response_bytes);
    }
  for (guint f = 0; f < frames->len; f++)
    {
      const BenchFrame *x = frames->pdata[f];
      g_autofree char *text = g_strescape (x->text ? x->text : "", "");

      g_print ("# %s frame %s, opcode %u: %" G_GINT64_FORMAT " bytes: %s\n", who,
               x->from_client ? "to the server" : "from the server", x->opcode, x->bytes, text);
    }
}

/* What one client's proxy carried for an edit: every byte, HTTP and frames. */
typedef struct
{
  gint64     before;
  GPtrArray *exchanges;
  GPtrArray *frames;
} Traffic;

static void
traffic_begin (Traffic    *traffic,
               BenchProxy *proxy)
{
  g_ptr_array_unref (bench_proxy_take_exchanges (proxy));
  g_ptr_array_unref (bench_proxy_take_frames (proxy));
  traffic->before = bench_proxy_get_total_bytes (proxy);
}

static gint64
traffic_end (Traffic    *traffic,
             BenchProxy *proxy)
{
  traffic->exchanges = bench_proxy_take_exchanges (proxy);
  traffic->frames = bench_proxy_take_frames (proxy);
  return bench_proxy_get_total_bytes (proxy) - traffic->before;
}

static void
traffic_clear (Traffic *traffic)
{
  g_clear_pointer (&traffic->exchanges, g_ptr_array_unref);
  g_clear_pointer (&traffic->frames, g_ptr_array_unref);
}

/* One edit by `writer`, measured until both are idle again: every byte the
 * writer's proxy carried is the push, every byte the reader's the pull. */
static gboolean
measure_edit (Client        *writer,
              BenchProxy    *writer_proxy,
              Client        *reader,
              BenchProxy    *reader_proxy,
              GPtrArray     *ids,
              guint          i,
              const char    *print_as,
              BenchSamples  *push,
              BenchSamples  *pull,
              BenchSamples  *total,
              GError       **error)
{
  Traffic seen_w = { 0 }, seen_r = { 0 };
  gint64 push_bytes, pull_bytes;
  double start, arrived;

  traffic_begin (&seen_w, writer_proxy);
  traffic_begin (&seen_r, reader_proxy);
  if (!edit (writer, ids, i, &start, error)
      || !wait_for_value (reader, ids->pdata[i % ids->len], edit_value (i), &arrived, error))
    return FALSE;
  iterate_for (SETTLE_MS);
  push_bytes = traffic_end (&seen_w, writer_proxy);
  pull_bytes = traffic_end (&seen_r, reader_proxy);
  if (print_as != NULL)
    {
      g_print ("# an edit by %s:\n", print_as);
      print_traffic ("writer", seen_w.exchanges, seen_w.frames);
      print_traffic ("reader", seen_r.exchanges, seen_r.frames);
    }
  traffic_clear (&seen_w);
  traffic_clear (&seen_r);
  if (push_bytes == 0 || pull_bytes == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The proxies saw nothing of the edit (%" G_GINT64_FORMAT ", %"
                   G_GINT64_FORMAT " bytes)", push_bytes, pull_bytes);
      return FALSE;
    }
  bench_samples_add (push, push_bytes);
  bench_samples_add (pull, pull_bytes);
  bench_samples_add (total, push_bytes + pull_bytes);
  return TRUE;
}

static gboolean
bench_bytes (Setup   *setup,
             GError **error)
{
  g_autoptr(BenchProxy) proxy_a = NULL;
  g_autoptr(BenchProxy) proxy_b = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *url_a = NULL;
  g_autofree char *url_b = NULL;
  Client a = { 0 }, b = { 0 };
  BenchSamples push, pull, total, push_other, pull_other, total_other;
  gint64 handshake_a = 0, handshake_b = 0;
  gboolean ok;
  double push_median, pull_median;

  if ((proxy_a = bench_proxy_new (setup->server.port, error)) == NULL
      || (proxy_b = bench_proxy_new (setup->server.port, error)) == NULL)
    return FALSE;
  url_a = g_strdup_printf ("http://127.0.0.1:%u", bench_proxy_get_port (proxy_a));
  url_b = g_strdup_printf ("http://127.0.0.1:%u", bench_proxy_get_port (proxy_b));
  bench_samples_init (&push);
  bench_samples_init (&pull);
  bench_samples_init (&total);
  bench_samples_init (&push_other);
  bench_samples_init (&pull_other);
  bench_samples_init (&total_other);
  ok = client_start (&a, setup->dir, "bytes-a", url_a, "colleague-2", error)
       && handshake_bytes (proxy_a, &handshake_a, error)
       && client_start (&b, setup->dir, "bytes-b", url_b, "colleague-3", error)
       && handshake_bytes (proxy_b, &handshake_b, error)
       && seed_cases (&a, &b, setup->office, ids, error);
  if (ok)
    bench_report_info ("sync.live-handshake-bytes", handshake_a, "bytes, once a connection");
  /* Every byte each proxy carries from the edit until both clients are idle
   * again: A's side is the push (its frame, the ack, anything else A sends
   * or gets), B's the pull (the change as it arrives, and anything else). */
  for (guint i = 0; ok && i < EDITS; i++)
    ok = measure_edit (&a, proxy_a, &b, proxy_b, ids, i, i == 0 ? "A" : NULL, &push, &pull,
                       &total, error);
  /* The usual case between colleagues: B edits a field A wrote last, so the
   * change names a base of another device. */
  for (guint i = EDITS; ok && i < EDITS + OTHER_WRITER_EDITS; i++)
    ok = measure_edit (&b, proxy_b, &a, proxy_a, ids, i, i == EDITS ? "B" : NULL, &push_other,
                       &pull_other, &total_other, error);
  if (ok)
    {
      Traffic idle_a = { 0 }, idle_b = { 0 };
      guint requests, frames, data_frames = 0;
      gint64 idle_bytes;

      /* At rest, a client sends nothing but a keepalive ping every 30 s
       * (the server one every 60 s), and nothing else crosses. */
      traffic_begin (&idle_a, proxy_a);
      traffic_begin (&idle_b, proxy_b);
      iterate_for (IDLE_MS);
      idle_bytes = traffic_end (&idle_a, proxy_a) + traffic_end (&idle_b, proxy_b);
      requests = idle_a.exchanges->len + idle_b.exchanges->len;
      frames = idle_a.frames->len + idle_b.frames->len;
      for (guint f = 0; f < idle_a.frames->len; f++)
        data_frames += ((BenchFrame *) idle_a.frames->pdata[f])->opcode < 8;
      for (guint f = 0; f < idle_b.frames->len; f++)
        data_frames += ((BenchFrame *) idle_b.frames->pdata[f])->opcode < 8;
      g_print ("# idle for %d s after the edits: %u requests, %u frames (%u data), %"
               G_GINT64_FORMAT " bytes\n", IDLE_MS / 1000, requests, frames, data_frames,
               idle_bytes);
      traffic_clear (&idle_a);
      traffic_clear (&idle_b);
      bench_report ("sync.idle-requests", requests + frames, "requests and frames in 5 s",
                    "0 (keepalive pings come every 30 s)", requests + frames == 0);
      bench_samples_print (&push, "bytes.push", "bytes");
      bench_samples_print (&pull, "bytes.pull", "bytes");
      bench_samples_print (&total, "bytes.all-traffic-per-edit", "bytes");
      push_median = bench_samples_median (&push);
      pull_median = bench_samples_median (&pull);
      bench_report ("sync.edit-bytes.push", push_median, "bytes", "< 300 bytes",
                    push_median < 300);
      bench_report ("sync.edit-bytes.pull", pull_median, "bytes", "< 300 bytes",
                    pull_median < 300);
      bench_report_info ("sync.edit-bytes.all-traffic", bench_samples_median (&total), "bytes");
      bench_samples_print (&push_other, "bytes.push-over-another-writer", "bytes");
      bench_samples_print (&pull_other, "bytes.pull-over-another-writer", "bytes");
      bench_report ("sync.edit-bytes.push-over-another-writer", bench_samples_median (&push_other),
                    "bytes", "< 300 bytes", bench_samples_median (&push_other) < 300);
      bench_report ("sync.edit-bytes.pull-over-another-writer", bench_samples_median (&pull_other),
                    "bytes", "< 300 bytes", bench_samples_median (&pull_other) < 300);
    }
  bench_samples_clear (&push);
  bench_samples_clear (&pull);
  bench_samples_clear (&total);
  bench_samples_clear (&push_other);
  bench_samples_clear (&pull_other);
  bench_samples_clear (&total_other);
  client_stop (&a);
  client_stop (&b);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  Setup setup = { 0 };
  g_autoptr(GError) error = NULL;

  bench_init (&argc, &argv);
  if (!setup_server (&setup, &error))
    bench_fail ("sync.setup", error);
  else
    {
      if (!bench_latency (&setup, &error))
        bench_fail ("sync.propagation", error);
      g_clear_error (&error);
      if (!bench_bytes (&setup, &error))
        bench_fail ("sync.edit-bytes", error);
    }
  teardown_server (&setup);
  return bench_finish ();
}
