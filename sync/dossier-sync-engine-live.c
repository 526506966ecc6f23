/* dossier-sync-engine-live.c: the engine on the live channel.
 *
 * Once a cycle has brought the replica up to date, the engine stays on the
 * live channel (dossier-live-channel.c, PROTOCOL.md "Live channel"): each
 * local change is pushed as a frame as soon as it is saved, one batch at a
 * time, and what the server sends is applied like a pull page.  It leaves
 * for a cycle over HTTP when woken (Sync now, the network), when attachment
 * bytes must be uploaded first, or when the server asks for one.
 */

#include "dossier-live-channel.h"
#include "dossier-replica-sync.h"
#include "dossier-sync-engine-private.h"

typedef struct
{
  DossierSyncEngine  *self;
  DossierSyncClient  *client;
  DossierLiveChannel *channel;
  DossierSyncStatus  *status;
  GPtrArray          *in_flight;   /* DossierChange: the batch waiting for its ack */
  gboolean            want_push;   /* the outbox may hold something to send */
  gboolean            leave;       /* a cycle over HTTP is due */
} Live;

/* Sends the outbox's oldest batch, one at a time.  Attachment bytes go over
 * HTTP before the records that name them: a cycle does that. */
static gboolean
live_push (Live    *live,
           GError **error)
{
  DossierReplica *replica = dossier_sync_engine_get_replica (live->self);
  g_autoptr(GPtrArray) blobs = NULL;
  g_autoptr(GPtrArray) batch = NULL;

  live->want_push = FALSE;
  if ((blobs = dossier_replica_blobs_to_upload_sync (replica, NULL, error)) == NULL)
    return FALSE;
  if (blobs->len > 0)
    {
      live->leave = TRUE;
      return TRUE;
    }
  if ((batch = dossier_replica_outbox_for_push_sync (replica, PUSH_BATCH, NULL, error)) == NULL)
    return FALSE;
  if (batch->len == 0)
    return TRUE;
  /* "Not yet sent" counts them until the ack: said before they leave. */
  dossier_sync_engine_publish (live->self, live->status);
  if (!dossier_live_channel_push (live->channel, batch, error))
    return FALSE;
  live->in_flight = g_steal_pointer (&batch);
  return TRUE;
}

static gboolean
live_ack (Live             *live,
          DossierLiveEvent *event,
          GError          **error)
{
  DossierReplica *replica = dossier_sync_engine_get_replica (live->self);
  g_autoptr(GPtrArray) batch = g_steal_pointer (&live->in_flight);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  if (batch == NULL || (event->kind == DOSSIER_LIVE_EVENT_ACK && event->seqs->len != batch->len))
    {
      g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
                   "The server acknowledged changes this client did not send");
      return FALSE;
    }
  live->want_push = TRUE;
  if (event->kind == DOSSIER_LIVE_EVENT_FORBIDDEN)
    {
      /* Kept for the user with the reason; the rest of the outbox goes on. */
      for (guint i = 0; i < event->indexes->len; i++)
        {
          gint64 index = g_array_index (event->indexes, gint64, i);

          if (index < batch->len)
            g_strv_builder_add (ids, ((DossierChange *) batch->pdata[index])->change_id);
        }
      list = g_strv_builder_end (ids);
      return dossier_replica_reject_outbox_sync (replica, (const char *const *) list, "forbidden",
                                                 NULL, error);
    }
  for (guint i = 0; i < batch->len; i++)
    g_strv_builder_add (ids, ((DossierChange *) batch->pdata[i])->change_id);
  list = g_strv_builder_end (ids);
  if (!dossier_replica_ack_outbox_sync (replica, (const char *const *) list, NULL, error))
    return FALSE;
  if (event->next > 0)
    {
      /* Only this replica's own changes came since the cursor. */
      g_autoptr(GPtrArray) none = g_ptr_array_new ();
      DossierApplyStats stats = { 0 };

      return dossier_replica_apply_remote_sync (replica, none, event->next, &stats, NULL, error);
    }
  return TRUE;
}

static gboolean
live_handle (Live             *live,
             DossierLiveEvent *event,
             GError          **error)
{
  gboolean rewound = FALSE;

  if (event->kind == DOSSIER_LIVE_EVENT_PAGE)
    {
      if (!dossier_sync_engine_apply_page (live->self, event->page, live->status, &rewound, error)
          || (event->page->changes->len > 0
              && !dossier_sync_engine_download_blobs (live->self, live->client, error)))
        return FALSE;
      /* An office joined: its older changes come by pulling from 0. */
      live->leave = live->leave || rewound;
    }
  else if (!live_ack (live, event, error))
    return FALSE;
  dossier_sync_engine_note_success (live->self, live->status);
  dossier_sync_engine_publish (live->self, live->status);
  return TRUE;
}

/* Stays on the live channel: pushes local changes as they are saved and
 * applies what the server sends, until woken, stopped, asked for a cycle or
 * cut off.  Returns TRUE when a cycle is due, FALSE with the error. */
gboolean
dossier_sync_engine_stay_live (DossierSyncEngine  *self,
                               DossierSyncClient  *client,
                               DossierSyncStatus  *status,
                               GError            **error)
{
  DossierReplica *replica = dossier_sync_engine_get_replica (self);
  gint64 cursor = dossier_replica_get_cursor_sync (replica, NULL, NULL);
  g_autoptr(DossierLiveChannel) channel = NULL;
  Live live = { self, client, NULL, status, NULL, TRUE, FALSE };
  GError *local_error = NULL;
  gboolean ok = TRUE;

  channel = dossier_live_channel_open (client, dossier_replica_get_device_id (replica), cursor,
                                       NULL, error);
  if (channel == NULL)
    return FALSE;
  live.channel = channel;
  dossier_sync_engine_set_live (self, TRUE);
  while (ok && !live.leave && dossier_sync_engine_live_go_on (self, &live.want_push))
    {
      g_autoptr(DossierLiveEvent) event = NULL;

      if (live.want_push && live.in_flight == NULL)
        ok = live_push (&live, error);
      else if ((event = dossier_live_channel_pop (channel, &local_error)) != NULL)
        ok = live_handle (&live, event, error);
      else if (g_error_matches (local_error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_RESYNC))
        {
          g_clear_error (&local_error);
          live.leave = TRUE;
        }
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
      else
        g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
    }
  dossier_sync_engine_set_live (self, FALSE);
  g_clear_pointer (&live.in_flight, g_ptr_array_unref);
  return ok;
}
