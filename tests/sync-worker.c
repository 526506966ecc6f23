/* sync-worker.c: a client process for test-sync-kill, to be killed.
 *
 *   sync-worker REPLICA SERVER USER PREFIX OTHER-PREFIX TARGET PAUSE-MS
 *
 * Opens (or creates) the replica, keeps it in sync with a DossierSyncEngine
 * (logging in when the replica has no account or its token is not in the
 * keyring) and commits numbered batches until batch TARGET, one every
 * PAUSE-MS: batch n creates case PREFIX-n with its checklist items
 * PREFIX-n/0.. in one transaction, and edits the notes of PREFIX-(n-1) and the
 * assignee of one of OTHER-PREFIX's cases.  The replica's key (64 hex digits)
 * and the password arrive as the first two lines of standard input, never on
 * the command line.  It numbers on from the batches the replica holds, so a
 * restart after SIGKILL neither repeats nor skips one.
 *
 * What it prints, one line each, for the test to follow:
 *   ready NEXT DEVICE        the replica is open; NEXT is the next batch
 *   committed N REF          batch N is committed; REF its cross edit, or "-"
 *   state NICK PENDING       the engine's state changed
 *   idle CURSOR              every batch made, synced, nothing pending
 * It exits on SIGTERM, stopping the engine and closing the replica.
 */

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "dossier-keyring.h"
#include "dossier-replica-sync.h"
#include "dossier-sync-engine.h"

#define ITEMS_PER_CASE 8

typedef struct
{
  GMainLoop         *loop;
  DossierReplica    *replica;
  DossierSyncEngine *engine;
  char              *server;
  char              *user;
  char              *password;
  char              *prefix;
  char              *other;
  guint              next;
  guint              target;
  GHashTable        *own;        /* case number -> case id, of this worker's cases */
  gboolean           logging_in;
  gint64             idle_cursor;
  int                status;
} Worker;

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static void
fail (Worker     *worker,
      const char *what,
      GError     *error)
{
  say ("error %s: %s", what, error ? error->message : "failed");
  worker->status = 1;
  g_main_loop_quit (worker->loop);
}

static char *
read_line (void)
{
  char buffer[256];

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    return NULL;
  return g_strstrip (g_strdup (buffer));
}

static GBytes *
parse_key (const char *hex)
{
  guint8 key[DOSSIER_REPLICA_KEY_SIZE];

  if (hex == NULL || strlen (hex) != 2 * sizeof key)
    return NULL;
  for (guint i = 0; i < sizeof key; i++)
    key[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
  return g_bytes_new (key, sizeof key);
}

/* The number of a case whose reference is PREFIX-N, or 0. */
static guint
case_number (JsonObject *row,
             const char *prefix)
{
  const char *reference = json_object_get_string_member_with_default (row, "reference", NULL);
  gsize length = strlen (prefix);

  if (reference == NULL || strncmp (reference, prefix, length) != 0 || reference[length] != '-')
    return 0;
  return (guint) g_ascii_strtoull (reference + length + 1, NULL, 10);
}

/* The rows of every case, and the indices of the other worker's among them. */
static GArray *
other_cases (Worker     *worker,
             GPtrArray **out_rows,
             GError    **error)
{
  g_autoptr(GPtrArray) rows = dossier_replica_list_sync (worker->replica, "case", NULL, NULL,
                                                         "reference", 0, NULL, error);
  GArray *indices;

  if (rows == NULL)
    return NULL;
  indices = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < rows->len; i++)
    if (case_number (rows->pdata[i], worker->other) > 0)
      g_array_append_val (indices, i);
  *out_rows = g_steal_pointer (&rows);
  return indices;
}

static DossierEdit *
case_edit (const char *id,
           const char *field,
           const char *value)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, field, value);
  return dossier_edit_new ("case", id, fields);
}

/* Batch n: a new case with its items, and two edits of existing cases. */
static GPtrArray *
make_batch (Worker      *worker,
            const char  *case_id,
            const char  *office,
            char       **out_cross)
{
  GPtrArray *edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);
  g_autofree char *reference = g_strdup_printf ("%s-%u", worker->prefix, worker->next);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) others = NULL;
  const char *previous;

  json_object_set_string_member (fields, "reference", reference);
  json_object_set_string_member (fields, "office_id", office);
  json_object_set_string_member (fields, "destination", "DE");
  json_object_set_string_member (fields, "visa_type", "C");
  json_object_set_int_member (fields, "requested_days", worker->next % 90 + 1);
  json_object_set_string_member (fields, "notes", "created");
  g_ptr_array_add (edits, dossier_edit_new ("case", case_id, fields));
  for (guint j = 0; j < ITEMS_PER_CASE; j++)
    {
      g_autoptr(JsonObject) item = json_object_new ();
      g_autofree char *title = g_strdup_printf ("%s/%u", reference, j);

      json_object_set_string_member (item, "case_id", case_id);
      json_object_set_string_member (item, "title", title);
      json_object_set_int_member (item, "position", j);
      json_object_set_string_member (item, "state", "requested");
      json_object_set_string_member (item, "notes", reference);
      g_ptr_array_add (edits, dossier_edit_new ("checklist_item", NULL, item));
    }

  previous = g_hash_table_lookup (worker->own, GUINT_TO_POINTER (worker->next - 1));
  if (previous != NULL)
    {
      g_autofree char *notes = g_strdup_printf ("edited in %u", worker->next);
      g_ptr_array_add (edits, case_edit (previous, "notes", notes));
    }

  /* Only this worker writes the assignee of the other's cases: no conflicts. */
  *out_cross = g_strdup ("-");
  others = other_cases (worker, &rows, NULL);
  if (others != NULL && others->len > 0)
    {
      JsonObject *row = rows->pdata[g_array_index (others, guint, worker->next % others->len)];
      g_autofree char *assignee = g_strdup_printf ("%s-%u", worker->prefix, worker->next);

      g_ptr_array_add (edits, case_edit (json_object_get_string_member (row, "id"), "assignee",
                                         assignee));
      g_free (*out_cross);
      *out_cross = g_strdup (json_object_get_string_member (row, "reference"));
    }
  return edits;
}

static gboolean
commit_batch_cb (gpointer data)
{
  Worker *worker = data;
  g_autofree char *case_id = g_uuid_string_random ();
  g_autofree char *cross = NULL;
  g_autofree char *office = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  if (worker->next > worker->target)
    return G_SOURCE_REMOVE;
  /* The office comes with the first login: cases are made in it, as in the window. */
  office = dossier_replica_get_sync_value_sync (worker->replica, "default_office", NULL, NULL);
  if (office == NULL)
    return G_SOURCE_CONTINUE;
  edits = make_batch (worker, case_id, office, &cross);
  ids = dossier_replica_save_many_sync (worker->replica, edits, NULL, &error);
  if (ids == NULL)
    {
      fail (worker, "saving a batch", error);
      return G_SOURCE_REMOVE;
    }
  say ("committed %u %s", worker->next, cross);
  g_hash_table_insert (worker->own, GUINT_TO_POINTER (worker->next), g_strdup (case_id));
  worker->next++;
  return G_SOURCE_CONTINUE;
}

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Worker *worker = user_data;
  g_autoptr(GError) error = NULL;

  worker->logging_in = FALSE;
  if (!dossier_sync_engine_login_finish (DOSSIER_SYNC_ENGINE (source), result, &error))
    {
      /* The server may be down for a moment: try again. */
      say ("login-failed %s", error->message);
      return;
    }
  say ("logged-in");
}

static void
login (Worker *worker)
{
  if (worker->logging_in)
    return;
  worker->logging_in = TRUE;
  dossier_sync_engine_login_async (worker->engine, worker->server, worker->user,
                                   worker->password, NULL, login_done_cb, worker);
}

static gboolean
has_account (Worker *worker)
{
  g_autofree char *user = dossier_replica_get_sync_value_sync (worker->replica, "user", NULL, NULL);
  g_autofree char *token = NULL;

  if (user == NULL)
    return FALSE;
  token = dossier_keyring_lookup_token (worker->server, worker->user, NULL, NULL);
  return token != NULL;
}

static void
report_idle (Worker *worker)
{
  gint64 cursor;

  if (worker->next <= worker->target
      || dossier_sync_engine_get_state (worker->engine) != DOSSIER_SYNC_STATE_SYNCED
      || dossier_sync_engine_get_pending (worker->engine) != 0)
    return;
  cursor = dossier_replica_get_cursor_sync (worker->replica, NULL, NULL);
  if (cursor != worker->idle_cursor)
    say ("idle %" G_GINT64_FORMAT, cursor);
  worker->idle_cursor = cursor;
}

static void
engine_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  Worker *worker = user_data;
  DossierSyncState state = dossier_sync_engine_get_state (worker->engine);
  g_autoptr(GEnumClass) states = g_type_class_ref (DOSSIER_TYPE_SYNC_STATE);

  if (g_str_equal (pspec->name, "state") || g_str_equal (pspec->name, "pending"))
    {
      say ("state %s %" G_GINT64_FORMAT, g_enum_get_value (states, state)->value_nick,
           dossier_sync_engine_get_pending (worker->engine));
      worker->idle_cursor = -1;   /* a state line makes the test forget the last "idle" */
    }
  if (state == DOSSIER_SYNC_STATE_NEEDS_LOGIN || state == DOSSIER_SYNC_STATE_SIGNED_OUT)
    login (worker);
  report_idle (worker);
}

/* As the network monitor or "Sync now" would: do not sit out a long back-off
 * while the test restarts the server. */
static gboolean
nudge_cb (gpointer data)
{
  Worker *worker = data;
  DossierSyncState state = dossier_sync_engine_get_state (worker->engine);

  if (state == DOSSIER_SYNC_STATE_OFFLINE || state == DOSSIER_SYNC_STATE_FAILED)
    dossier_sync_engine_sync_now (worker->engine);
  else if (state == DOSSIER_SYNC_STATE_SIGNED_OUT || state == DOSSIER_SYNC_STATE_NEEDS_LOGIN)
    login (worker);
  report_idle (worker);
  return G_SOURCE_CONTINUE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (((Worker *) data)->loop);
  return G_SOURCE_REMOVE;
}

/* The next batch number and the ids of this worker's cases. */
static gboolean
load_own_cases (Worker  *worker,
                GError **error)
{
  g_autoptr(GPtrArray) rows = dossier_replica_list_sync (worker->replica, "case", NULL, NULL, NULL,
                                                         0, NULL, error);

  if (rows == NULL)
    return FALSE;
  worker->next = 1;
  for (guint i = 0; i < rows->len; i++)
    {
      guint n = case_number (rows->pdata[i], worker->prefix);

      if (n == 0)
        continue;
      g_hash_table_insert (worker->own, GUINT_TO_POINTER (n),
                           g_strdup (json_object_get_string_member (rows->pdata[i], "id")));
      worker->next = MAX (worker->next, n + 1);
    }
  return TRUE;
}

static int
run (Worker     *worker,
     const char *path,
     GBytes     *key,
     guint       pause_ms)
{
  g_autoptr(GError) error = NULL;

  worker->replica = dossier_replica_open_sync (path, key, TRUE, NULL, &error);
  if (worker->replica == NULL || !load_own_cases (worker, &error))
    {
      fprintf (stderr, "sync-worker: %s\n", error->message);
      return 1;
    }
  worker->engine = dossier_sync_engine_new (worker->replica);
  g_signal_connect (worker->engine, "notify", G_CALLBACK (engine_notify_cb), worker);
  say ("ready %u %s", worker->next, dossier_replica_get_device_id (worker->replica));
  dossier_sync_engine_start (worker->engine);
  if (!has_account (worker))
    login (worker);

  g_timeout_add (pause_ms, commit_batch_cb, worker);
  g_timeout_add (250, nudge_cb, worker);
  g_unix_signal_add (SIGTERM, quit_cb, worker);
  g_main_loop_run (worker->loop);

  dossier_sync_engine_stop (worker->engine);
  g_clear_object (&worker->engine);
  dossier_replica_close (worker->replica);
  g_clear_object (&worker->replica);
  return worker->status;
}

int
main (int   argc,
      char *argv[])
{
  Worker worker = { 0 };
  g_autofree char *hex = read_line ();
  g_autoptr(GBytes) key = parse_key (hex);
  int status;

  worker.password = read_line ();
  if (argc != 8 || key == NULL || worker.password == NULL)
    {
      fprintf (stderr, "usage: (echo KEYHEX; echo PASSWORD) | %s REPLICA SERVER USER PREFIX "
               "OTHER-PREFIX TARGET PAUSE-MS\n", argv[0]);
      return 2;
    }
  worker.server = argv[2];
  worker.user = argv[3];
  worker.prefix = argv[4];
  worker.other = argv[5];
  worker.target = (guint) g_ascii_strtoull (argv[6], NULL, 10);
  worker.idle_cursor = -1;
  worker.own = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  worker.loop = g_main_loop_new (NULL, FALSE);
  status = run (&worker, argv[1], key, (guint) g_ascii_strtoull (argv[7], NULL, 10));
  g_main_loop_unref (worker.loop);
  g_hash_table_unref (worker.own);
  g_free (worker.password);
  return status;
}
