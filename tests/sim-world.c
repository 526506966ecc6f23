/* sim-world.c: the replicas, the server and the network of the convergence
 * simulation (see sim-world.h).  Everything runs on the test's thread, one
 * step at a time; the replicas' own worker threads are only waited on. */

#include "sim-world.h"

#include <errno.h>
#include <sqlcipher/sqlite3.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dossier-replica-sync.h"
#include "dossier-sync-client.h"

/* 2026-01-01T00:00:00Z: the simulated true time starts here. */
#define SIM_EPOCH_MS G_GINT64_CONSTANT (1767225600000)
#define SIM_PASSWORD "simulated"

typedef struct
{
  char   *dir;
  GBytes *key;
  char   *replica_files[SIM_MAX_REPLICAS];
  char   *devices[SIM_MAX_REPLICAS];
  char   *tokens[SIM_MAX_REPLICAS];
  char   *store_file;
  char   *office_id;
} SimTemplates;

static SimTemplates templates;

/* Templates -------------------------------------------------------------- */

/* The simulation tests logic, not the disk: where a memory file system is
 * at hand its files go there, so that SQLite's fsyncs cost nothing. */
static char *
make_base_dir (void)
{
  const char *dir = g_getenv ("DOSSIER_SIM_DIR");
  g_autofree char *template = NULL;
  g_autoptr(GError) error = NULL;
  char *made;

  if (dir == NULL && g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR)
      && g_access ("/dev/shm", W_OK) == 0)
    dir = "/dev/shm";
  if (dir == NULL)
    dir = g_get_tmp_dir ();
  template = g_build_filename (dir, "dossier-sim-XXXXXX", NULL);
  made = g_mkdtemp (g_steal_pointer (&template));
  if (made == NULL)
    g_error ("Cannot make a folder in %s: %s", dir, g_strerror (errno));
  return made;
}

/* A replica file's device id is random; the simulation's must not be, since
 * the device id breaks ties between equal clocks.  Only a test may do this. */
static void
set_device_id (const char *path,
               const char *device)
{
  const guint8 *key = g_bytes_get_data (templates.key, NULL);
  g_autoptr(GString) sql = g_string_new ("PRAGMA key = \"x'");
  sqlite3 *db = NULL;

  for (guint i = 0; i < g_bytes_get_size (templates.key); i++)
    g_string_append_printf (sql, "%02x", key[i]);
  g_string_append_printf (sql, "'\"; UPDATE replica_meta SET value = '%s' WHERE key = 'device_id'",
                          device);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql->str, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static void
make_replica_template (guint slot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierReplica) replica = NULL;
  g_autofree char *name = g_strdup_printf ("template-%u.db", slot);

  templates.replica_files[slot] = g_build_filename (templates.dir, name, NULL);
  templates.devices[slot] = g_strdup_printf ("de71ce00-0000-4000-8000-%012u", slot + 1);
  replica = dossier_replica_open_sync (templates.replica_files[slot], templates.key, TRUE, NULL,
                                       &error);
  g_assert_no_error (error);
  /* What a login stores: the office new records belong to. */
  dossier_replica_set_sync_value_sync (replica, "default_office", templates.office_id, NULL,
                                       &error);
  g_assert_no_error (error);
  dossier_replica_close (replica);
  set_device_id (templates.replica_files[slot], templates.devices[slot]);
}

static void
make_store_template (void)
{
  g_autofree char *spec = NULL;
  g_autoptr(DossierServerStore) store = NULL;
  g_autoptr(GError) error = NULL;

  templates.store_file = g_build_filename (templates.dir, "template-server.db", NULL);
  spec = g_strconcat ("sqlite:", templates.store_file, NULL);
  store = dossier_server_store_open (spec, &error);
  g_assert_no_error (error);
  /* The backend's own call, to give the office a fixed id. */
  g_assert_true (DOSSIER_SERVER_STORE_GET_IFACE (store)->add_office (store, templates.office_id,
                                                                     "Beijing", 0, &error));
  g_assert_no_error (error);
  for (guint slot = 0; slot < SIM_MAX_REPLICAS; slot++)
    {
      g_autofree char *user = g_strdup_printf ("specialist-%u", slot);
      g_autofree char *id = dossier_server_store_add_user (store, user, SIM_PASSWORD, &error);

      g_assert_no_error (error);
      dossier_server_store_add_member (store, user, templates.office_id, &error);
      g_assert_no_error (error);
      templates.tokens[slot] = dossier_server_store_login (store, user, SIM_PASSWORD,
                                                           templates.devices[slot],
                                                           DOSSIER_SERVER_DEFAULT_TOKEN_LIFETIME,
                                                           NULL, &error);
      g_assert_no_error (error);
    }
}

void
sim_templates_init (void)
{
  guint8 key[32];

  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) g_random_int_range (0, 256);
  templates.key = g_bytes_new (key, sizeof key);
  templates.dir = make_base_dir ();
  templates.office_id = g_strdup ("0ff1ce00-0000-4000-8000-000000000001");
  for (guint slot = 0; slot < SIM_MAX_REPLICAS; slot++)
    make_replica_template (slot);
  make_store_template ();
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

void
sim_templates_clear (void)
{
  remove_tree (templates.dir);
  for (guint slot = 0; slot < SIM_MAX_REPLICAS; slot++)
    {
      g_free (templates.replica_files[slot]);
      g_free (templates.devices[slot]);
      g_free (templates.tokens[slot]);
    }
  g_free (templates.store_file);
  g_free (templates.office_id);
  g_free (templates.dir);
  g_bytes_unref (templates.key);
  memset (&templates, 0, sizeof templates);
}

const char *
sim_office_id (void)
{
  return templates.office_id;
}

/* Failing and tracing ----------------------------------------------------- */

void
sim_fail (SimWorld   *world,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* The re-run command follows from test-sim.c's abort handler. */
  g_error ("seed %u: %s", world->seed, message);
}

void
sim_trace (SimWorld   *world,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (!world->trace)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("[%" G_GINT64_FORMAT "] %s\n", world->now_ms - SIM_EPOCH_MS, message);
}

void
sim_check_error (SimWorld   *world,
                 GError     *error,
                 const char *what)
{
  if (error != NULL)
    sim_fail (world, "%s: %s", what, error->message);
}

/* Replicas and the server -------------------------------------------------- */

static gint64
replica_wall_cb (gpointer user_data)
{
  return ((SimReplica *) user_data)->wall_ms;
}

static void
open_replica (SimWorld   *world,
              SimReplica *replica)
{
  g_autoptr(GError) error = NULL;

  replica->replica = dossier_replica_open_sync (replica->path, templates.key, FALSE, NULL, &error);
  sim_check_error (world, error, "Opening a replica");
  if (g_strcmp0 (dossier_replica_get_device_id (replica->replica), replica->device) != 0)
    sim_fail (world, "replica %u opened with device %s", replica->index,
              dossier_replica_get_device_id (replica->replica));
  dossier_replica_set_wall_clock (replica->replica, replica_wall_cb, replica);
}

static void
close_replica (SimWorld   *world,
               SimReplica *replica)
{
  dossier_replica_close (replica->replica);
  g_object_add_weak_pointer (G_OBJECT (replica->replica), (gpointer *) &replica->replica);
  g_object_unref (replica->replica);
  if (replica->replica != NULL)
    sim_fail (world, "replica %u was leaked", replica->index);
}

static void
open_store (SimWorld *world)
{
  g_autoptr(GError) error = NULL;

  world->store = dossier_server_store_open (world->store_spec, &error);
  sim_check_error (world, error, "Opening the server store");
  world->context.store = world->store;
  world->context.token_lifetime = DOSSIER_SERVER_DEFAULT_TOKEN_LIFETIME;
}

static void
copy_file (SimWorld   *world,
           const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) destination = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, destination, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  sim_check_error (world, error, "Copying a template");
}

/* Half the laptops are within seconds of the true time, some minutes off,
 * some further off than the bound on received clocks (5 minutes). */
static gint64
random_skew (GRand *rand)
{
  gint64 sign = g_rand_boolean (rand) ? 1 : -1;
  guint kind = g_rand_int_range (rand, 0, 10);

  if (kind < 5)
    return g_rand_int_range (rand, -2000, 2001);
  if (kind < 8)
    return sign * g_rand_int_range (rand, 60 * 1000, 4 * 60 * 1000);
  return sign * g_rand_int_range (rand, 6 * 60 * 1000, 15 * 60 * 1000);
}

static void
message_free (SimMessage *message)
{
  g_clear_pointer (&message->body, g_bytes_unref);
  g_free (message);
}

static void
record_free (SimRecord *record)
{
  g_free (record->id);
  g_free (record);
}

static void
ledger_entry_free (SimLedgerEntry *entry)
{
  dossier_change_free (entry->change);
  g_free (entry);
}

SimWorld *
sim_world_new (guint32    seed,
               guint      n_replicas,
               SimStats  *stats,
               gboolean   trace)
{
  SimWorld *world = g_new0 (SimWorld, 1);
  g_autofree char *template = g_build_filename (templates.dir, "seed-XXXXXX", NULL);
  g_autofree char *store_path = NULL;

  g_assert_cmpuint (n_replicas, <=, SIM_MAX_REPLICAS);
  world->seed = seed;
  world->rand = g_rand_new_with_seed (seed);
  world->trace = trace;
  world->stats = stats;
  world->n_replicas = n_replicas;
  world->dir = g_mkdtemp (g_steal_pointer (&template));
  g_assert_nonnull (world->dir);
  world->network = g_ptr_array_new_with_free_func ((GDestroyNotify) message_free);
  /* Keyed by the change id inside the entry, freed with it. */
  world->ledger = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) ledger_entry_free);
  world->acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world->records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  world->now_ms = SIM_EPOCH_MS;

  store_path = g_build_filename (world->dir, "server.db", NULL);
  copy_file (world, templates.store_file, store_path);
  world->store_spec = g_strconcat ("sqlite:", store_path, NULL);
  open_store (world);

  for (guint i = 0; i < n_replicas; i++)
    {
      SimReplica *replica = &world->replicas[i];
      g_autofree char *name = g_strdup_printf ("replica-%u.db", i);

      replica->index = i;
      replica->device = templates.devices[i];
      replica->token = templates.tokens[i];
      replica->path = g_build_filename (world->dir, name, NULL);
      replica->skew_ms = random_skew (world->rand);
      replica->wall_ms = world->now_ms + replica->skew_ms;
      copy_file (world, templates.replica_files[i], replica->path);
      open_replica (world, replica);
    }
  return world;
}

void
sim_world_free (SimWorld *world)
{
  for (guint i = 0; i < world->n_replicas; i++)
    {
      close_replica (world, &world->replicas[i]);
      g_free (world->replicas[i].path);
    }
  g_clear_object (&world->store);
  g_ptr_array_unref (world->network);
  g_hash_table_unref (world->ledger);
  g_hash_table_unref (world->acked);
  g_ptr_array_unref (world->records);
  remove_tree (world->dir);
  g_free (world->dir);
  g_free (world->store_spec);
  g_rand_free (world->rand);
  g_free (world);
}

void
sim_advance_time (SimWorld *world,
                  gint64    ms)
{
  world->now_ms += ms;
  for (guint i = 0; i < world->n_replicas; i++)
    world->replicas[i].wall_ms = world->now_ms + world->replicas[i].skew_ms;
}

/* Between two steps: whatever was committed stays, the rest is gone, and
 * the answers on their way to it find nobody (see receive()). */
void
sim_crash_replica (SimWorld   *world,
                   SimReplica *replica)
{
  sim_trace (world, "replica %u crashes", replica->index);
  close_replica (world, replica);
  replica->incarnation++;
  open_replica (world, replica);
  world->stats->crashes++;
}

void
sim_crash_server (SimWorld *world)
{
  sim_trace (world, "the server restarts");
  g_clear_object (&world->store);
  open_store (world);
  world->stats->server_crashes++;
}

guint
sim_device_index (SimWorld   *world,
                  const char *device)
{
  for (guint i = 0; i < world->n_replicas; i++)
    if (g_strcmp0 (world->replicas[i].device, device) == 0)
      return i;
  sim_fail (world, "a change from an unknown device %s", device);
}

gint64
sim_change_counter (const DossierChange *change)
{
  const char *colon = strrchr (change->change_id, ':');

  return colon != NULL ? g_ascii_strtoll (colon + 1, NULL, 10) : 0;
}

void
sim_capture_writes (SimWorld   *world,
                    SimReplica *replica)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  gint64 newest = replica->seen[replica->index];

  outbox = dossier_replica_list_outbox_sync (replica->replica, 0, NULL, &error);
  sim_check_error (world, error, "Reading the outbox");
  for (guint i = 0; i < outbox->len; i++)
    {
      DossierChange *change = outbox->pdata[i];
      SimLedgerEntry *entry;

      if (g_hash_table_contains (world->ledger, change->change_id))
        continue;
      if (g_strcmp0 (change->device, replica->device) != 0 || sim_change_counter (change) <= newest)
        sim_fail (world, "replica %u queued %s, not a new change of its own", replica->index,
                  change->change_id);
      entry = g_new0 (SimLedgerEntry, 1);
      entry->change = g_steal_pointer (&outbox->pdata[i]);
      entry->writer = replica->index;
      memcpy (entry->seen, replica->seen, sizeof entry->seen);
      g_hash_table_insert (world->ledger, entry->change->change_id, entry);
      newest = MAX (newest, sim_change_counter (entry->change));
      world->stats->changes++;
      if (world->trace)
        {
          g_autofree char *value = json_to_string (entry->change->value, FALSE);
          g_autofree char *hlc = dossier_hlc_to_string (entry->change->hlc);
          g_autofree char *base = dossier_hlc_to_string (entry->change->base_hlc);

          /* Device ids differ in their last two digits: enough to follow a trace. */
          sim_trace (world, "  replica %u wrote %s %s.%s = %s at %s over %s/%s", replica->index,
                     entry->change->change_id + 34, entry->change->kind, entry->change->field,
                     value, hlc, base,
                     entry->change->base_device ? entry->change->base_device + 34 : "-");
        }
    }
  replica->seen[replica->index] = newest;
}

/* The network ------------------------------------------------------------- */

static SimMessage *
message_new (SimMessageType  type,
             SimReplica     *replica)
{
  SimMessage *message = g_new0 (SimMessage, 1);

  message->type = type;
  message->replica = replica->index;
  message->incarnation = replica->incarnation;
  return message;
}

gboolean
sim_send_push (SimWorld   *world,
               SimReplica *replica,
               guint       limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = dossier_replica_outbox_for_push_sync (replica->replica, limit, NULL,
                                                                     &error);
  g_autoptr(JsonNode) body = NULL;
  SimMessage *message;
  char *text;

  sim_check_error (world, error, "Reading the outbox for a push");
  if (batch->len == 0)
    return FALSE;
  body = dossier_push_body_new (batch);
  text = json_to_string (body, FALSE);
  message = message_new (SIM_PUSH, replica);
  message->body = g_bytes_new_take (text, strlen (text));
  g_ptr_array_add (world->network, message);
  world->stats->pushes++;
  sim_trace (world, "replica %u pushes %u change(s)", replica->index, batch->len);
  return TRUE;
}

void
sim_send_pull (SimWorld   *world,
               SimReplica *replica,
               guint       limit)
{
  g_autoptr(GError) error = NULL;
  SimMessage *message = message_new (SIM_PULL, replica);

  message->since = dossier_replica_get_cursor_sync (replica->replica, NULL, &error);
  sim_check_error (world, error, "Reading the cursor");
  message->limit = limit;
  g_ptr_array_add (world->network, message);
  world->stats->pulls++;
  sim_trace (world, "replica %u pulls since %" G_GINT64_FORMAT, replica->index, message->since);
}

static JsonObject *
parse_object (SimWorld   *world,
              GBytes     *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                              &error);
  sim_check_error (world, error, "Reading a reply");
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    sim_fail (world, "a reply that is not a JSON object");
  return json_object_ref (json_node_get_object (root));
}

/* What the server acknowledged, whether or not the reply arrives. */
static void
note_acked (SimWorld *world,
            GBytes   *body)
{
  g_autoptr(JsonObject) reply = parse_object (world, body);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = dossier_push_reply_acked (reply, &error);

  sim_check_error (world, error, "Reading a push reply");
  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (world->acked, g_strdup (ids[i]));
}

/* The server answers a request with its own handlers, as over HTTP. */
static SimMessage *
serve (SimWorld   *world,
       SimMessage *request)
{
  SimReplica *replica = &world->replicas[request->replica];
  g_autoptr(DossierServerRequest) http = g_new0 (DossierServerRequest, 1);
  g_autoptr(DossierServerReply) reply = NULL;
  SimMessage *answer;

  http->token = g_strdup (replica->token);
  if (request->type == SIM_PUSH)
    {
      http->method = g_strdup ("POST");
      http->path = g_strdup ("/v1/push");
      http->body = g_bytes_ref (request->body);
    }
  else
    {
      http->method = g_strdup ("GET");
      http->path = g_strdup ("/v1/pull");
      http->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (http->query, g_strdup ("protocol"), g_strdup ("1"));
      g_hash_table_insert (http->query, g_strdup ("since"),
                           g_strdup_printf ("%" G_GINT64_FORMAT, request->since));
      g_hash_table_insert (http->query, g_strdup ("limit"), g_strdup_printf ("%u", request->limit));
    }
  reply = dossier_server_handle (&world->context, http);
  if (reply->wait != NULL)
    sim_fail (world, "a pull without wait was held");

  answer = message_new (request->type == SIM_PUSH ? SIM_PUSH_REPLY : SIM_PULL_REPLY, replica);
  answer->incarnation = request->incarnation;
  answer->status = reply->status;
  answer->body = g_bytes_ref (reply->body);
  answer->since = request->since;
  if (request->type == SIM_PUSH && reply->status == 200)
    note_acked (world, reply->body);
  sim_trace (world, "server answers replica %u's %s: %u", replica->index,
             request->type == SIM_PUSH ? "push" : "pull", reply->status);
  return answer;
}

static void
receive_push_reply (SimWorld   *world,
                    SimReplica *replica,
                    JsonObject *reply)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) acked = dossier_push_reply_acked (reply, &error);

  sim_check_error (world, error, "Reading a push reply");
  dossier_replica_ack_outbox_sync (replica->replica, (const char *const *) acked, NULL, &error);
  sim_check_error (world, error, "Acknowledging the outbox");
  sim_trace (world, "replica %u: %u change(s) acknowledged", replica->index, g_strv_length (acked));
}

/* The engine's apply_page(): the page and its cursor, then the scopes. */
static gint
receive_pull_reply (SimWorld   *world,
                    SimReplica *replica,
                    JsonObject *reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierPullPage) page = dossier_pull_page_from_json (reply, &error);
  DossierApplyStats stats = { 0 };

  sim_check_error (world, error, "Reading a pull page");
  dossier_replica_apply_remote_sync (replica->replica, page->changes, page->next, &stats, NULL,
                                     &error);
  sim_check_error (world, error, "Applying a page");
  if (page->scopes != NULL)
    {
      dossier_replica_keep_scopes_sync (replica->replica, (const char *const *) page->scopes, NULL,
                                        NULL, NULL, &error);
      sim_check_error (world, error, "Keeping the scopes");
    }
  for (guint i = 0; i < page->changes->len; i++)
    {
      DossierChange *change = page->changes->pdata[i];
      guint device = sim_device_index (world, change->device);

      replica->seen[device] = MAX (replica->seen[device], sim_change_counter (change));
    }
  world->more = page->more;
  if (world->trace && page->changes->len > 0)
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < page->changes->len; i++)
        {
          DossierChange *change = page->changes->pdata[i];
          g_string_append_printf (ids, " %s(%s.%s)", change->change_id + 34, change->kind,
                                  change->field);
        }
      sim_trace (world, "replica %u page:%s", replica->index, ids->str);
    }
  sim_trace (world, "replica %u applied %u change(s), cursor %" G_GINT64_FORMAT
             " (applied %u, conflicts %u, ignored %u)", replica->index, page->changes->len,
             page->next, stats.applied, stats.conflicts, stats.ignored);
  return (gint) page->changes->len;
}

static gint
receive (SimWorld   *world,
         SimMessage *reply)
{
  SimReplica *replica = &world->replicas[reply->replica];
  g_autoptr(JsonObject) body = NULL;

  if (reply->incarnation != replica->incarnation)
    {
      world->stats->stale_replies++;
      return -1;
    }
  body = parse_object (world, reply->body);
  if (reply->status != 200)
    sim_fail (world, "the server answered replica %u with HTTP %u: %.*s", replica->index,
              reply->status, (int) g_bytes_get_size (reply->body),
              (const char *) g_bytes_get_data (reply->body, NULL));
  if (reply->type == SIM_PUSH_REPLY)
    {
      receive_push_reply (world, replica, body);
      return -1;
    }
  return receive_pull_reply (world, replica, body);
}

gint
sim_deliver (SimWorld *world,
             guint     index,
             gboolean  duplicate)
{
  SimMessage *message = world->network->pdata[index];
  gint pulled = -1;

  if (duplicate)
    {
      SimMessage *copy = g_memdup2 (message, sizeof *message);

      copy->body = message->body ? g_bytes_ref (message->body) : NULL;
      message = copy;
      world->stats->duplicated++;
    }
  else
    g_ptr_array_steal_index (world->network, index);
  world->stats->delivered++;
  if (message->type == SIM_PUSH || message->type == SIM_PULL)
    g_ptr_array_add (world->network, serve (world, message));
  else
    pulled = receive (world, message);
  message_free (message);
  return pulled;
}

void
sim_drop (SimWorld *world,
          guint     index)
{
  message_free (g_ptr_array_steal_index (world->network, index));
  world->stats->dropped++;
}

/* A replica with a good connection: its requests and their replies go
 * straight through, ahead of whatever else is in flight. */
void
sim_sync_now (SimWorld   *world,
              SimReplica *replica)
{
  while (sim_send_push (world, replica, 100))
    {
      sim_deliver (world, world->network->len - 1, FALSE);
      sim_deliver (world, world->network->len - 1, FALSE);
    }
  do
    {
      sim_send_pull (world, replica, 100);
      sim_deliver (world, world->network->len - 1, FALSE);
      sim_deliver (world, world->network->len - 1, FALSE);
    }
  while (world->more);
}

static gint
deliver_everything (SimWorld *world)
{
  gint pulled = -1;

  while (world->network->len > 0)
    {
      gint n = sim_deliver (world, 0, FALSE);
      pulled = MAX (pulled, n);
    }
  return pulled;
}

void
sim_quiesce (SimWorld *world)
{
  deliver_everything (world);
  for (guint round = 0;; round++)
    {
      gboolean moved = FALSE;

      if (round == 5)
        sim_fail (world, "the replicas still exchange changes after %u rounds", round);
      for (guint i = 0; i < world->n_replicas; i++)
        while (sim_send_push (world, &world->replicas[i], 100))
          {
            deliver_everything (world);
            moved = TRUE;
          }
      for (guint i = 0; i < world->n_replicas; i++)
        do
          {
            sim_send_pull (world, &world->replicas[i], 100);
            if (deliver_everything (world) > 0)
              moved = TRUE;
          }
        while (world->more);
      if (!moved)
        return;
    }
}

/* The whole log as the first replica's user may read it. */
GPtrArray *
sim_read_server_log (SimWorld *world)
{
  GPtrArray *log = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  gint64 since = 0;
  gboolean more = TRUE;

  while (more)
    {
      SimMessage request = { .type = SIM_PULL, .since = since, .limit = DOSSIER_SERVER_MAX_PAGE };
      SimMessage *reply = serve (world, &request);
      g_autoptr(JsonObject) body = parse_object (world, reply->body);
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierPullPage) page = dossier_pull_page_from_json (body, &error);

      message_free (reply);
      sim_check_error (world, error, "Reading the server's log");
      for (guint i = 0; i < page->changes->len; i++)
        g_ptr_array_add (log, g_steal_pointer (&page->changes->pdata[i]));
      more = page->more;
      since = page->next;
    }
  return log;
}
