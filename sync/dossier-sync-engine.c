/* dossier-sync-engine.c: see dossier-sync-engine.h.
 *
 * The engine's thread owns the HTTP session and only ever calls the
 * replica's _sync functions (which queue onto the replica's own worker), so
 * neither the UI thread nor the replica's worker waits on the network.  State
 * travels to the main context as whole snapshots (Update), applied there.
 */

#include "dossier-keyring.h"
#include "dossier-replica-sync.h"
#include "dossier-sync-client.h"
#include "dossier-sync-engine.h"
#include "dossier-sync-engine-private.h"

#include <string.h>

/* The server's largest page: a first sync is then a few hundred transactions,
 * each of which costs a commit, a flush of the search index and an fsync. */
#define PULL_PAGE 20000
/* A first sync (an empty replica) applies several pages in one transaction:
 * record ids are random, so every transaction rewrites pages all over each
 * index of the replica, and the fewer transactions, the fewer times each
 * page is written.  A crash still loses nothing: the cursor moves with the
 * pages it covers.  Bounded by memory (about 45 MB of changes). */
#define FIRST_SYNC_BATCH 100000
/* ...and holds its transaction open across batches (see
 * dossier_replica_apply_remote_held_sync()) up to this many changes: a commit
 * writes every database page the transaction touched, which on a first sync
 * is most of the file, so each commit saved is a pass over the file saved.
 * A crash loses at most this many changes' work, pulled again. */
#define FIRST_SYNC_HOLD 1000000
#define LONG_POLL_SECONDS 25
#define MAX_BACKOFF_SECONDS 300
#define PERIODIC_SECONDS 300

struct _DossierSyncEngine
{
  GObject          parent_instance;
  DossierReplica  *replica;
  GMainContext    *context;
  GThread         *thread;
  GNetworkMonitor *monitor;
  gulong           monitor_handler;

  GMutex           lock;          /* guards the fields up to the next comment */
  GCond            cond;
  gboolean         wake;
  gboolean         asked;         /* woken by Sync now, a login, the network: not a save */
  gboolean         stopping;
  GCancellable    *poll_cancellable;
  GMainContext    *thread_context; /* the engine thread's, while it runs */
  gboolean         live;          /* on the live channel: local changes go there */
  gboolean         local_change;  /* saved since the live channel last looked */

  /* Published state: main context only. */
  DossierSyncState state;
  gint64           pending;
  gint64           conflicts;
  gint64           last_success;
  double           progress;
  char            *error_message;
  char            *server;
  char            *user;
};

enum
{
  PROP_0,
  PROP_STATE,
  PROP_PENDING,
  PROP_CONFLICTS,
  PROP_LAST_SUCCESS,
  PROP_PROGRESS,
  PROP_ERROR_MESSAGE,
  PROP_SERVER,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  REMOTE_CHANGES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (DossierSyncEngine, dossier_sync_engine, G_TYPE_OBJECT)

GType
dossier_sync_state_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { DOSSIER_SYNC_STATE_SIGNED_OUT, "DOSSIER_SYNC_STATE_SIGNED_OUT", "signed-out" },
    { DOSSIER_SYNC_STATE_OFFLINE, "DOSSIER_SYNC_STATE_OFFLINE", "offline" },
    { DOSSIER_SYNC_STATE_SYNCING, "DOSSIER_SYNC_STATE_SYNCING", "syncing" },
    { DOSSIER_SYNC_STATE_SYNCED, "DOSSIER_SYNC_STATE_SYNCED", "synced" },
    { DOSSIER_SYNC_STATE_FAILED, "DOSSIER_SYNC_STATE_FAILED", "failed" },
    { DOSSIER_SYNC_STATE_NEEDS_LOGIN, "DOSSIER_SYNC_STATE_NEEDS_LOGIN", "needs-login" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("DossierSyncState", values));
  return type;
}

/* Publishing ---------------------------------------------------------------- */

typedef struct
{
  DossierSyncEngine *engine;
  DossierSyncState   state;
  gint64             pending;
  gint64             conflicts;
  gint64             last_success;
  double             progress;
  char              *error_message;
  char              *server;
  char              *user;
  guint              remote_changes;
} Update;

static void
update_free (Update *update)
{
  g_object_unref (update->engine);
  g_free (update->error_message);
  g_free (update->server);
  g_free (update->user);
  g_free (update);
}

#define SET_NUMBER(field, prop) \
  if (self->field != update->field) { self->field = update->field; \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); }
#define SET_STRING(field, prop) \
  if (g_strcmp0 (self->field, update->field) != 0) { g_free (self->field); \
    self->field = g_strdup (update->field); g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); }

static gboolean
apply_update_cb (gpointer data)
{
  Update *update = data;
  DossierSyncEngine *self = update->engine;

  g_object_freeze_notify (G_OBJECT (self));
  SET_NUMBER (pending, PROP_PENDING);
  SET_NUMBER (conflicts, PROP_CONFLICTS);
  SET_NUMBER (last_success, PROP_LAST_SUCCESS);
  SET_NUMBER (progress, PROP_PROGRESS);
  SET_STRING (error_message, PROP_ERROR_MESSAGE);
  SET_STRING (server, PROP_SERVER);
  SET_STRING (user, PROP_USER);
  SET_NUMBER (state, PROP_STATE);
  g_object_thaw_notify (G_OBJECT (self));
  if (update->remote_changes > 0)
    g_signal_emit (self, signals[REMOTE_CHANGES], 0, update->remote_changes);
  return G_SOURCE_REMOVE;
}

typedef DossierSyncStatus Status;

static void
status_clear (Status *status)
{
  g_clear_pointer (&status->error_message, g_free);
  g_clear_pointer (&status->server, g_free);
  g_clear_pointer (&status->user, g_free);
  g_clear_pointer (&status->token, g_free);
}

static void
publish (DossierSyncEngine *self,
         Status            *status)
{
  Update *update = g_new0 (Update, 1);

  update->engine = g_object_ref (self);
  update->state = status->state;
  update->progress = status->progress;
  update->last_success = status->last_success;
  update->pending = MAX (0, dossier_replica_count_outbox_sync (self->replica, NULL, NULL));
  update->conflicts = MAX (0, dossier_replica_count_conflicts_sync (self->replica, NULL, NULL));
  update->remote_changes = status->remote_changes;
  status->remote_changes = 0;
  update->error_message = g_strdup (status->error_message);
  update->server = g_strdup (status->server);
  update->user = g_strdup (status->user);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, apply_update_cb, update,
                              (GDestroyNotify) update_free);
}

/* Waking ------------------------------------------------------------------- */

/* Under the lock: every way the engine's thread may be waiting. */
static void
wake_thread_locked (DossierSyncEngine *self)
{
  if (self->poll_cancellable != NULL)
    g_cancellable_cancel (self->poll_cancellable);
  if (self->thread_context != NULL)
    g_main_context_wakeup (self->thread_context);
  g_cond_signal (&self->cond);
}

static void
engine_wake (DossierSyncEngine *self)
{
  g_mutex_lock (&self->lock);
  self->wake = TRUE;
  self->asked = TRUE;
  wake_thread_locked (self);
  g_mutex_unlock (&self->lock);
}

/* On the live channel a local change is pushed there; otherwise it takes
 * a cycle. */
static void
local_change_cb (gpointer state,
                 gpointer user_data)
{
  DossierSyncEngine *self = user_data;

  g_mutex_lock (&self->lock);
  self->local_change = TRUE;
  if (!self->live)
    self->wake = TRUE;
  wake_thread_locked (self);
  g_mutex_unlock (&self->lock);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  engine_wake (user_data);
}

/* Sleeps until woken, stopped, or `seconds` pass (< 0: no limit).  With
 * `waiting` (the state to show while waiting for a login), a save does not
 * end the wait (trying with a refused token at every save would only be
 * refused again): it only shows the new count of changes not yet sent.
 * Returns FALSE when the engine is stopping. */
static gboolean
wait_for_wake (DossierSyncEngine *self,
               int                seconds,
               Status            *waiting)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  gboolean running;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      while (!self->wake && !self->stopping)
        if (seconds < 0)
          g_cond_wait (&self->cond, &self->lock);
        else if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
          break;
      if (waiting == NULL || self->asked || self->stopping || !self->wake)
        break;
      self->wake = FALSE;
      g_mutex_unlock (&self->lock);
      publish (self, waiting);
      g_mutex_lock (&self->lock);
    }
  self->wake = FALSE;
  self->asked = FALSE;
  running = !self->stopping;
  g_mutex_unlock (&self->lock);
  return running;
}

static gboolean
is_stopping (DossierSyncEngine *self)
{
  gboolean stopping;

  g_mutex_lock (&self->lock);
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);
  return stopping;
}

/* A fresh cancellable for the next long poll, unless a wake is already due. */
static GCancellable *
begin_poll (DossierSyncEngine *self)
{
  GCancellable *cancellable = NULL;

  g_mutex_lock (&self->lock);
  g_clear_object (&self->poll_cancellable);
  if (!self->wake && !self->stopping)
    {
      self->poll_cancellable = g_cancellable_new ();
      cancellable = g_object_ref (self->poll_cancellable);
    }
  g_mutex_unlock (&self->lock);
  return cancellable;
}

/* The cycle ----------------------------------------------------------------- */

static gboolean
push_outbox (DossierSyncEngine *self,
             DossierSyncClient *client,
             GError           **error)
{
  for (;;)
    {
      g_autoptr(GPtrArray) batch = dossier_replica_outbox_for_push_sync (self->replica, PUSH_BATCH,
                                                                         NULL, error);
      g_auto(GStrv) forbidden = NULL;
      g_auto(GStrv) acked = NULL;
      GError *local_error = NULL;

      if (batch == NULL)
        return FALSE;
      if (batch->len == 0)
        return TRUE;
      acked = dossier_sync_client_push (client, batch, &forbidden, NULL, &local_error);
      if (acked == NULL && forbidden != NULL
          && g_error_matches (local_error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_FORBIDDEN))
        {
          /* Kept for the user with the reason; the rest of the outbox goes on. */
          g_clear_error (&local_error);
          if (!dossier_replica_reject_outbox_sync (self->replica, (const char *const *) forbidden,
                                                   "forbidden", NULL, error))
            return FALSE;
          continue;
        }
      if (acked == NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (!dossier_replica_ack_outbox_sync (self->replica, (const char *const *) acked, NULL, error))
        return FALSE;
      if (g_strv_length (acked) < batch->len)
        return TRUE;   /* the server kept some back: try again next cycle */
    }
}

/* Applies a page; `out_rewound` (optional): the user joined an office, whose
 * older changes come by pulling again from 0. */
static gboolean
apply_page_holding (DossierSyncEngine *self,
                    DossierPullPage   *page,
                    gboolean           hold,
                    Status            *status,
                    gboolean          *out_rewound,
                    GError           **error)
{
  DossierApplyStats stats = { 0 };
  guint removed = 0;

  if (!(hold ? dossier_replica_apply_remote_held_sync : dossier_replica_apply_remote_sync) (
        self->replica, page->changes, page->next, &stats, NULL, error))
    return FALSE;
  if (page->scopes != NULL
      && !dossier_replica_keep_scopes_sync (self->replica, (const char *const *) page->scopes,
                                            &removed, out_rewound, NULL, error))
    return FALSE;
  status->remote_changes += stats.applied + stats.conflicts + removed;
  return TRUE;
}

static gboolean
apply_page (DossierSyncEngine *self,
            DossierPullPage   *page,
            Status            *status,
            gboolean          *out_rewound,
            GError           **error)
{
  return apply_page_holding (self, page, FALSE, status, out_rewound, error);
}

/* A successful exchange with the server, remembered across restarts (the
 * warning after days without sync reads it); written at most once a minute
 * while long polls keep succeeding. */
static void
note_success (DossierSyncEngine *self,
              Status            *status)
{
  status->last_success = g_get_real_time () / G_USEC_PER_SEC;
  if (status->last_success - status->last_success_stored >= 60)
    {
      g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, status->last_success);
      if (dossier_replica_set_sync_value_sync (self->replica, "last_success", now, NULL, NULL))
        status->last_success_stored = status->last_success;
    }
}

/* A page applied on a thread of its own while the next one downloads: the
 * replica's worker (merging, writing) and this thread (HTTP, JSON) then work
 * at the same time.  The next page is pulled from the cursor this page will
 * store; if applying fails, it is thrown away. */
typedef struct
{
  DossierSyncEngine *self;
  DossierPullPage   *page;
  Status            *status;
  gboolean           hold;      /* a first sync's batch, more to come in the same transaction */
  GError            *error;
  gboolean           ok;
  gboolean           rewound;   /* an office joined: pull again from 0 */
} ApplyJob;

static gpointer
apply_thread (gpointer user_data)
{
  ApplyJob *job = user_data;

  job->ok = apply_page_holding (job->self, job->page, job->hold, job->status, &job->rewound,
                                &job->error);
  /* Freed here, while the engine's thread downloads the next batch: for a
   * first sync's batch of 100,000 changes, a million small blocks. */
  g_ptr_array_set_size (job->page->changes, 0);
  return NULL;
}

/* Pulls from @since until @min_changes are in hand or the log ends: one
 * page, or on a first sync several, applied as one. */
static DossierPullPage *
pull_batch (DossierSyncClient  *client,
            gint64              since,
            guint               min_changes,
            GError            **error)
{
  g_autoptr(DossierPullPage) batch = dossier_sync_client_pull (client, since, PULL_PAGE, 0, NULL,
                                                               error);

  while (batch != NULL && batch->more && batch->changes->len > 0
         && batch->changes->len < min_changes)
    {
      g_autoptr(DossierPullPage) page = dossier_sync_client_pull (client, batch->next, PULL_PAGE, 0,
                                                                  NULL, error);
      if (page == NULL)
        return NULL;
      for (guint i = 0; i < page->changes->len; i++)
        g_ptr_array_add (batch->changes, g_steal_pointer (&page->changes->pdata[i]));
      batch->next = page->next;
      batch->more = page->more;
      if (page->scopes != NULL)
        {
          g_strfreev (batch->scopes);
          batch->scopes = g_steal_pointer (&page->scopes);
        }
    }
  return g_steal_pointer (&batch);
}

static gboolean
pull_pages (DossierSyncEngine *self,
            DossierSyncClient *client,
            Status            *status,
            GError           **error)
{
  gint64 cursor = dossier_replica_get_cursor_sync (self->replica, NULL, NULL);
  guint batch_size = cursor == 0 ? FIRST_SYNC_BATCH : 0;
  g_autoptr(DossierPullPage) page = pull_batch (client, cursor, batch_size, error);
  guint pages = 0, held = 0;

  if (page == NULL)
    return FALSE;
  while (page != NULL)
    {
      gboolean more = page->more && page->changes->len > 0;
      guint n_changes = page->changes->len;
      gboolean hold = batch_size > 0 && more && held + n_changes < FIRST_SYNC_HOLD;
      ApplyJob job = { self, page, status, hold, NULL, FALSE, FALSE };
      g_autoptr(DossierPullPage) next = NULL;
      g_autoptr(GError) pull_error = NULL;
      GThread *thread = g_thread_new ("dossier-apply", apply_thread, &job);

      if (more)
        next = pull_batch (client, page->next, batch_size, &pull_error);
      g_thread_join (thread);
      if (!job.ok)
        {
          g_propagate_error (error, job.error);
          return FALSE;
        }
      if (job.rewound)
        {
          /* The page pulled meanwhile follows the old cursor: start over. */
          g_clear_pointer (&next, dossier_pull_page_free);
          g_clear_error (&pull_error);
          more = TRUE;
          next = pull_batch (client, 0, batch_size, &pull_error);
        }
      if (more && next == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&pull_error));
          return FALSE;
        }
      /* Progress is shown for long pulls only: pages of a known size, no total. */
      if (more && ++pages >= 2)
        {
          status->progress = 1.0 - 1.0 / (1.0 + pages / 4.0);
          publish (self, status);
        }
      held = hold ? held + n_changes : 0;
      g_clear_pointer (&page, dossier_pull_page_free);
      page = g_steal_pointer (&next);
    }
  status->progress = -1;
  return TRUE;
}

/* Pulls every page; what a first sync held is committed whatever happens
 * (a failed page has rolled back already, with what it held). */
static gboolean
pull_all (DossierSyncEngine *self,
          DossierSyncClient *client,
          Status            *status,
          GError           **error)
{
  gboolean ok = pull_pages (self, client, status, error);

  return dossier_replica_release_hold_sync (self->replica, NULL, ok ? error : NULL) && ok;
}

/* Attachment bytes ------------------------------------------------------------- */

/* Uploads the blobs only this replica has, resuming where the server stopped,
 * before the attachment records that name them are pushed. */
static gboolean
upload_blobs (DossierSyncEngine *self,
              DossierSyncClient *client,
              GError           **error)
{
  g_autoptr(GPtrArray) blobs = dossier_replica_blobs_to_upload_sync (self->replica, NULL, error);

  if (blobs == NULL)
    return FALSE;
  for (guint i = 0; i < blobs->len && !is_stopping (self); i++)
    {
      DossierBlobInfo *blob = blobs->pdata[i];
      gint64 received = 0;
      gboolean complete = FALSE;

      if (!dossier_sync_client_blob_status (client, blob->sha256, &received, &complete, NULL, error))
        return FALSE;
      while (!complete && received < blob->size && !is_stopping (self))
        {
          g_autoptr(GBytes) chunk = dossier_replica_read_blob_chunk_sync (self->replica, blob->sha256,
                                                                          received, DOSSIER_BLOB_CHUNK,
                                                                          NULL, error);
          if (chunk == NULL
              || !dossier_sync_client_blob_put (client, blob->sha256, received, blob->size, chunk,
                                                &received, &complete, NULL, error))
            return FALSE;
        }
      if (complete
          && !dossier_replica_mark_blob_uploaded_sync (self->replica, blob->sha256, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Downloads the blobs pulled attachments name, from what is stored on.  One
 * that fails its hash is dropped by the replica and tried again next time;
 * one the server does not have yet waits for its device to upload it. */
static gboolean
download_blobs (DossierSyncEngine *self,
                DossierSyncClient *client,
                GError           **error)
{
  g_autoptr(GPtrArray) blobs = dossier_replica_blobs_to_download_sync (self->replica, NULL, error);

  if (blobs == NULL)
    return FALSE;
  for (guint i = 0; i < blobs->len && !is_stopping (self); i++)
    {
      DossierBlobInfo *blob = blobs->pdata[i];
      GError *local_error = NULL;
      g_autoptr(GBytes) bytes = dossier_sync_client_blob_get (client, blob->sha256, blob->received,
                                                              NULL, &local_error);
      gsize length = bytes ? g_bytes_get_size (bytes) : 0;

      if (bytes == NULL && local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      for (gsize offset = 0; bytes != NULL && offset < length; offset += DOSSIER_BLOB_CHUNK)
        {
          g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (bytes, offset,
                                                            MIN (DOSSIER_BLOB_CHUNK, length - offset));
          if (!dossier_replica_append_blob_chunk_sync (self->replica, blob->sha256, blob->size,
                                                       blob->received + (gint64) offset, chunk, NULL,
                                                       &local_error))
            {
              g_warning ("Attachment %s not stored: %s", blob->sha256, local_error->message);
              g_clear_error (&local_error);
              break;
            }
        }
    }
  return TRUE;
}

static gboolean
run_cycle (DossierSyncEngine *self,
           DossierSyncClient *client,
           Status            *status,
           GError           **error)
{
  /* This cycle pushes the whole outbox, so it answers every wake so far; a
   * change saved during it wakes the engine again.  (Left set, the flag kept
   * every client that had saved anything while online pulling in a busy loop.) */
  g_mutex_lock (&self->lock);
  self->wake = FALSE;
  self->local_change = FALSE;
  g_mutex_unlock (&self->lock);

  status->state = DOSSIER_SYNC_STATE_SYNCING;
  publish (self, status);
  if (!upload_blobs (self, client, error) || !push_outbox (self, client, error)
      || !pull_all (self, client, status, error) || !download_blobs (self, client, error))
    return FALSE;
  status->last_success_stored = 0;   /* a full cycle is always written down */
  note_success (self, status);
  g_clear_pointer (&status->error_message, g_free);
  status->state = DOSSIER_SYNC_STATE_SYNCED;
  publish (self, status);
  return TRUE;
}

/* The live channel's view of the engine (dossier-sync-engine-live.c) ---------- */

void
dossier_sync_engine_publish (DossierSyncEngine *self,
                             DossierSyncStatus *status)
{
  publish (self, status);
}

gboolean
dossier_sync_engine_apply_page (DossierSyncEngine  *self,
                                DossierPullPage    *page,
                                DossierSyncStatus  *status,
                                gboolean           *out_rewound,
                                GError            **error)
{
  return apply_page (self, page, status, out_rewound, error);
}

void
dossier_sync_engine_note_success (DossierSyncEngine *self,
                                  DossierSyncStatus *status)
{
  note_success (self, status);
}

gboolean
dossier_sync_engine_download_blobs (DossierSyncEngine  *self,
                                    DossierSyncClient  *client,
                                    GError            **error)
{
  return download_blobs (self, client, error);
}

DossierReplica *
dossier_sync_engine_get_replica (DossierSyncEngine *self)
{
  return self->replica;
}

/* Whether to stay live: not when stopping or woken (Sync now, the network).
 * Takes the local changes saved since the last look into `want_push`. */
gboolean
dossier_sync_engine_live_go_on (DossierSyncEngine *self,
                                gboolean          *want_push)
{
  gboolean go_on;

  g_mutex_lock (&self->lock);
  go_on = !self->stopping && !self->wake;
  *want_push = *want_push || self->local_change;
  self->local_change = FALSE;
  g_mutex_unlock (&self->lock);
  return go_on;
}

void
dossier_sync_engine_set_live (DossierSyncEngine *self,
                              gboolean           live)
{
  g_mutex_lock (&self->lock);
  self->live = live;
  /* Changes saved meanwhile are the next cycle's. */
  if (!live && self->local_change)
    self->wake = TRUE;
  g_mutex_unlock (&self->lock);
}

/* Long polls until woken (a local change, Sync now), stopped, or an error.
 * The live channel comes first; servers without one are long-polled. */
static gboolean
stay_online (DossierSyncEngine *self,
             DossierSyncClient *client,
             Status            *status,
             GError           **error)
{
  GError *live_error = NULL;

  if (!status->no_live)
    {
      if (dossier_sync_engine_stay_live (self, client, status, &live_error))
        return TRUE;
      if (!g_error_matches (live_error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_NO_LIVE))
        {
          g_propagate_error (error, live_error);
          return FALSE;
        }
      g_debug ("%s: long-polling instead", live_error->message);
      g_clear_error (&live_error);
      status->no_live = TRUE;
    }
  for (;;)
    {
      g_autoptr(GCancellable) cancellable = begin_poll (self);
      g_autoptr(DossierPullPage) page = NULL;
      GError *local_error = NULL;
      gint64 cursor;

      if (cancellable == NULL)
        return TRUE;
      cursor = dossier_replica_get_cursor_sync (self->replica, NULL, NULL);
      page = dossier_sync_client_pull (client, cursor, PULL_PAGE, LONG_POLL_SECONDS, cancellable,
                                       &local_error);
      if (page == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_error_free (local_error);
          return TRUE;
        }
      if (page == NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (!apply_page (self, page, status, NULL, error)
          || (page->changes->len > 0 && !download_blobs (self, client, error)))
        return FALSE;
      /* Even an empty answer proves the replica is up to date: "synced at" moves on. */
      note_success (self, status);
      publish (self, status);
    }
}

/* The thread ------------------------------------------------------------------ */

static void
load_account (DossierSyncEngine *self,
              Status            *status)
{
  g_autofree char *last = NULL;

  status_clear (status);
  status->server = dossier_replica_get_sync_value_sync (self->replica, "server", NULL, NULL);
  status->user = dossier_replica_get_sync_value_sync (self->replica, "user", NULL, NULL);
  last = dossier_replica_get_sync_value_sync (self->replica, "last_success", NULL, NULL);
  status->last_success = last ? g_ascii_strtoll (last, NULL, 10) : 0;
  status->last_success_stored = status->last_success;
  if (status->server != NULL && status->user != NULL)
    status->token = dossier_keyring_lookup_token (status->server, status->user, NULL, NULL);
}

/* Sorts a failure into what the user should see; returns the back-off to use. */
static guint
classify_failure (Status *status,
                  GError *error,
                  guint   backoff)
{
  g_free (status->error_message);
  status->error_message = g_strdup (error->message);
  status->progress = -1;
  if (g_error_matches (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_OFFLINE))
    status->state = DOSSIER_SYNC_STATE_OFFLINE;
  else if (g_error_matches (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_UNAUTHORIZED)
           || g_error_matches (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_TOKEN_EXPIRED))
    {
      status->state = DOSSIER_SYNC_STATE_NEEDS_LOGIN;
      return 0;   /* wait for the user, not for a timer */
    }
  else
    status->state = DOSSIER_SYNC_STATE_FAILED;
  return CLAMP (backoff * 2, 1, MAX_BACKOFF_SECONDS);
}

static gboolean
sync_once (DossierSyncEngine *self,
           Status            *status,
           guint             *backoff)
{
  g_autoptr(DossierSyncClient) client = dossier_sync_client_new (status->server);
  g_autoptr(GError) error = NULL;

  dossier_sync_client_set_token (client, status->token);
  if (run_cycle (self, client, status, &error) && stay_online (self, client, status, &error))
    {
      *backoff = 0;
      return !is_stopping (self);
    }
  *backoff = classify_failure (status, error, *backoff);
  publish (self, status);
  if (status->state == DOSSIER_SYNC_STATE_NEEDS_LOGIN)
    return wait_for_wake (self, -1, status);
  return wait_for_wake (self, *backoff, NULL);
}

static gpointer
engine_thread (gpointer data)
{
  DossierSyncEngine *self = data;
  Status status = { DOSSIER_SYNC_STATE_SIGNED_OUT, -1, NULL, NULL, NULL, NULL, 0, 0, 0 };
  g_autoptr(GMainContext) context = g_main_context_new ();
  guint backoff = 0;
  gboolean running = TRUE;

  /* libsoup's blocking calls iterate the thread-default context of the thread
   * that made the session: without a context of our own, that would be the
   * application's main context, shared with the UI thread. */
  g_main_context_push_thread_default (context);
  g_mutex_lock (&self->lock);
  self->thread_context = context;
  g_mutex_unlock (&self->lock);
  while (running)
    {
      load_account (self, &status);
      if (status.server == NULL || status.user == NULL || status.token == NULL)
        {
          status.state = status.server && status.user ? DOSSIER_SYNC_STATE_NEEDS_LOGIN
                                                      : DOSSIER_SYNC_STATE_SIGNED_OUT;
          publish (self, &status);
          running = wait_for_wake (self, -1, &status);
        }
      else if (!g_network_monitor_get_network_available (self->monitor))
        {
          status.state = DOSSIER_SYNC_STATE_OFFLINE;
          publish (self, &status);
          running = wait_for_wake (self, PERIODIC_SECONDS, NULL);
        }
      else
        running = sync_once (self, &status, &backoff);
    }
  status_clear (&status);
  g_mutex_lock (&self->lock);
  self->thread_context = NULL;
  g_mutex_unlock (&self->lock);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* Public API ------------------------------------------------------------------- */

DossierSyncEngine *
dossier_sync_engine_new (DossierReplica *replica)
{
  DossierSyncEngine *self = g_object_new (DOSSIER_TYPE_SYNC_ENGINE, NULL);

  self->replica = g_object_ref (replica);
  return self;
}

void
dossier_sync_engine_start (DossierSyncEngine *self)
{
  g_return_if_fail (DOSSIER_IS_SYNC_ENGINE (self));

  if (self->thread != NULL)
    return;
  self->stopping = FALSE;
  dossier_replica_set_local_change_hook (self->replica, local_change_cb, self);
  self->monitor_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (network_changed_cb), self);
  self->thread = g_thread_new ("dossier-sync", engine_thread, self);
}

void
dossier_sync_engine_stop (DossierSyncEngine *self)
{
  g_return_if_fail (DOSSIER_IS_SYNC_ENGINE (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  wake_thread_locked (self);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->thread));
  dossier_replica_set_local_change_hook (self->replica, NULL, NULL);
  g_clear_signal_handler (&self->monitor_handler, self->monitor);
}

void
dossier_sync_engine_sync_now (DossierSyncEngine *self)
{
  g_return_if_fail (DOSSIER_IS_SYNC_ENGINE (self));
  engine_wake (self);
}

typedef struct
{
  char *server;
  char *user;
  char *password;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_free (data->server);
  g_free (data->user);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static gboolean
store_account (DossierReplica  *replica,
               LoginData       *data,
               JsonObject      *reply,
               GCancellable    *cancellable,
               GError         **error)
{
  JsonArray *offices = json_object_has_member (reply, "offices")
                       ? json_object_get_array_member (reply, "offices") : NULL;
  JsonObject *first = offices && json_array_get_length (offices) > 0
                      ? json_array_get_object_element (offices, 0) : NULL;

  /* "user" goes last: with it the account is complete (see load_account()), so
   * a crash halfway leaves a replica that asks to log in again, not one
   * without a default office for its new cases. */
  return dossier_keyring_store_token (data->server, data->user,
                                      json_object_get_string_member (reply, "token"),
                                      cancellable, error)
         && (offices == NULL || dossier_replica_store_offices_sync (replica, offices, cancellable, error))
         && dossier_replica_set_sync_value_sync (replica, "server", data->server, cancellable, error)
         && (first == NULL
             || dossier_replica_set_sync_value_sync (replica, "default_office",
                                                     json_object_get_string_member (first, "id"),
                                                     cancellable, error))
         && dossier_replica_set_sync_value_sync (replica, "user", data->user, cancellable, error);
}

static void
login_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DossierSyncEngine *self = source_object;
  LoginData *data = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(DossierSyncClient) client = NULL;
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (context);   /* see engine_thread () */
  client = dossier_sync_client_new (data->server);
  reply = dossier_sync_client_login (client, data->user, data->password,
                                     dossier_replica_get_device_id (self->replica), cancellable,
                                     &error);
  g_clear_pointer (&client, dossier_sync_client_free);
  g_main_context_pop_thread_default (context);
  if (reply == NULL || !store_account (self->replica, data, reply, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  engine_wake (self);
  g_task_return_boolean (task, TRUE);
}

void
dossier_sync_engine_login_async (DossierSyncEngine   *self,
                                 const char          *server,
                                 const char          *user,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  LoginData *data = g_new0 (LoginData, 1);

  g_task_set_source_tag (task, dossier_sync_engine_login_async);
  data->server = g_strdup (server);
  data->user = g_strdup (user);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  g_task_run_in_thread (task, login_thread);
}

gboolean
dossier_sync_engine_login_finish (DossierSyncEngine  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
logout_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DossierSyncEngine *self = source_object;
  g_autofree char *server = dossier_replica_get_sync_value_sync (self->replica, "server", NULL, NULL);
  g_autofree char *user = dossier_replica_get_sync_value_sync (self->replica, "user", NULL, NULL);

  if (server != NULL && user != NULL)
    dossier_keyring_clear_token (server, user, NULL, NULL);
  dossier_replica_set_sync_value_sync (self->replica, "user", NULL, NULL, NULL);
  engine_wake (self);
  g_task_return_boolean (task, TRUE);
}

void
dossier_sync_engine_logout (DossierSyncEngine *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);

  g_task_set_source_tag (task, dossier_sync_engine_logout);
  g_task_run_in_thread (task, logout_thread);
}

DossierSyncState dossier_sync_engine_get_state (DossierSyncEngine *self) { return self->state; }
gint64 dossier_sync_engine_get_pending (DossierSyncEngine *self) { return self->pending; }
gint64 dossier_sync_engine_get_conflicts (DossierSyncEngine *self) { return self->conflicts; }
gint64 dossier_sync_engine_get_last_success (DossierSyncEngine *self) { return self->last_success; }
double dossier_sync_engine_get_progress (DossierSyncEngine *self) { return self->progress; }
const char *dossier_sync_engine_get_error_message (DossierSyncEngine *self) { return self->error_message; }
const char *dossier_sync_engine_get_server (DossierSyncEngine *self) { return self->server; }
const char *dossier_sync_engine_get_user (DossierSyncEngine *self) { return self->user; }

/* GObject ------------------------------------------------------------------------ */

static void
dossier_sync_engine_dispose (GObject *object)
{
  DossierSyncEngine *self = DOSSIER_SYNC_ENGINE (object);

  dossier_sync_engine_stop (self);
  g_clear_object (&self->replica);
  G_OBJECT_CLASS (dossier_sync_engine_parent_class)->dispose (object);
}

static void
dossier_sync_engine_finalize (GObject *object)
{
  DossierSyncEngine *self = DOSSIER_SYNC_ENGINE (object);

  g_clear_object (&self->poll_cancellable);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->error_message);
  g_free (self->server);
  g_free (self->user);
  G_OBJECT_CLASS (dossier_sync_engine_parent_class)->finalize (object);
}

static void
dossier_sync_engine_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DossierSyncEngine *self = DOSSIER_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_PENDING: g_value_set_int64 (value, self->pending); break;
    case PROP_CONFLICTS: g_value_set_int64 (value, self->conflicts); break;
    case PROP_LAST_SUCCESS: g_value_set_int64 (value, self->last_success); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_SERVER: g_value_set_string (value, self->server); break;
    case PROP_USER: g_value_set_string (value, self->user); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_sync_engine_class_init (DossierSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = dossier_sync_engine_dispose;
  object_class->finalize = dossier_sync_engine_finalize;
  object_class->get_property = dossier_sync_engine_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, DOSSIER_TYPE_SYNC_STATE,
                                              DOSSIER_SYNC_STATE_SIGNED_OUT, flags);
  properties[PROP_PENDING] = g_param_spec_int64 ("pending", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONFLICTS] = g_param_spec_int64 ("conflicts", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_SUCCESS] = g_param_spec_int64 ("last-success", NULL, NULL, 0, G_MAXINT64, 0,
                                                      flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, -1, 1, -1, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, NULL, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DossierSyncEngine::remote-changes:
   * @changes: how many fields and records pulls changed or removed
   *
   * Emitted on the engine's main context after pulled changes were applied,
   * so that lists showing records read them again.
   */
  signals[REMOTE_CHANGES] = g_signal_new ("remote-changes", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
dossier_sync_engine_init (DossierSyncEngine *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_ref_thread_default ();
  self->monitor = g_network_monitor_get_default ();
  self->state = DOSSIER_SYNC_STATE_SIGNED_OUT;
  self->progress = -1;
}
