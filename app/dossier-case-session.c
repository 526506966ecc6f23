/* dossier-case-session.c: staging, grouping and writing the edits of one case.
 *
 * Staged fields are kept per record until the delay passes; one write takes
 * all of them, so fields staged together are always written together.
 * Writes run one at a time: an edit staged while a write runs waits for it,
 * so a case is never updated before the write that creates it has succeeded.
 * Until the case exists, its applicant and case are kept whole in memory and
 * the first write creates both from everything valid typed so far.
 */

#include <glib/gi18n.h>

#include "dossier-case-reference.h"
#include "dossier-case-session.h"
#include "dossier-date.h"

/* Tries before giving up on a reference no local case has. */
#define REFERENCE_ATTEMPTS 5

typedef struct
{
  char       *kind;
  char       *id;
  JsonObject *fields;
} Staged;

struct _DossierCaseSession
{
  GObject                  parent_instance;

  DossierReplica          *replica;
  GCancellable            *cancellable;    /* reads only: writes always finish */

  char                    *case_id;
  char                    *applicant_id;
  JsonObject              *case_record;    /* saved values with staged ones applied */
  JsonObject              *applicant_record;
  gboolean                 case_created;
  gboolean                 applicant_created;
  gboolean                 loaded;
  gboolean                 closed;
  gboolean                 refreshing;
  JsonObject              *refreshed_case; /* read by a refresh, until its applicant is */
  guint                    reference_attempts;

  GHashTable              *staged;         /* record id -> Staged */
  guint                    delay_id;
  guint                    writing;        /* writes running */
  GApplication            *held_application;

  DossierCaseSessionState  state;
  char                    *error;
};

G_DEFINE_FINAL_TYPE (DossierCaseSession, dossier_case_session, G_TYPE_OBJECT)

enum
{
  LOADED,
  CHANGED,
  STATE_CHANGED,
  SAVED,
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void flush_now (DossierCaseSession *self);

static void
staged_free (Staged *staged)
{
  g_free (staged->kind);
  g_free (staged->id);
  json_object_unref (staged->fields);
  g_free (staged);
}

static void
emit (DossierCaseSession *self,
      guint               signal,
      const char         *detail_arg)
{
  if (self->closed)
    return;
  if (signal == CHANGED)
    g_signal_emit (self, signals[signal], 0, detail_arg);
  else
    g_signal_emit (self, signals[signal], 0);
}

static void
set_state (DossierCaseSession      *self,
           DossierCaseSessionState  state,
           const char              *error)
{
  if (self->state == state && g_strcmp0 (self->error, error) == 0)
    return;
  self->state = state;
  g_free (self->error);
  self->error = g_strdup (error);
  emit (self, STATE_CHANGED, NULL);
}

static gboolean
has_text (JsonObject *record,
          const char *field)
{
  JsonNode *node = json_object_get_member (record, field);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING
         && *json_node_get_string (node) != '\0';
}

static gboolean
applicant_is_ready (DossierCaseSession *self)
{
  return has_text (self->applicant_record, "family_name")
         || has_text (self->applicant_record, "passport_number");
}

static gboolean
case_is_ready (DossierCaseSession *self)
{
  return has_text (self->case_record, "destination");
}

/* The state to show when no write runs. */
static void
settle_state (DossierCaseSession *self)
{
  if (!self->loaded || self->writing || self->state == DOSSIER_CASE_SESSION_FAILED)
    return;
  if (g_hash_table_size (self->staged) == 0)
    set_state (self, DOSSIER_CASE_SESSION_SAVED, NULL);
  else if (!self->case_created && !(case_is_ready (self) && applicant_is_ready (self)))
    set_state (self, DOSSIER_CASE_SESSION_INCOMPLETE, NULL);
  else
    set_state (self, DOSSIER_CASE_SESSION_PENDING, NULL);
}

/* ---- Loading ------------------------------------------------------------- */

/* A record as the forms see it: fields only, without the bookkeeping. */
static JsonObject *
record_fields (JsonObject *record)
{
  JsonObject *fields = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (record);

  for (GList *l = members; l != NULL; l = l->next)
    if (g_strcmp0 (l->data, "id") != 0 && g_strcmp0 (l->data, "updated_at") != 0)
      json_object_set_member (fields, l->data,
                              json_node_copy (json_object_get_member (record, l->data)));
  return fields;
}

static void
finish_loading (DossierCaseSession *self)
{
  self->loaded = TRUE;
  set_state (self, DOSSIER_CASE_SESSION_SAVED, NULL);
  emit (self, LOADED, NULL);
}

static void
fail_loading (DossierCaseSession *self,
              const GError       *error)
{
  g_autofree char *message = g_strdup_printf (_("The case could not be read: %s"),
                                              error->message);

  set_state (self, DOSSIER_CASE_SESSION_FAILED, message);
}

static void
applicant_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DossierCaseSession) self = user_data;
  g_autoptr(JsonObject) applicant = NULL;
  g_autoptr(GError) error = NULL;

  applicant = dossier_replica_get_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (applicant == NULL && !g_error_matches (error, DOSSIER_REPLICA_ERROR,
                                             DOSSIER_REPLICA_ERROR_NOT_FOUND))
    {
      fail_loading (self, error);
      return;
    }

  /* A case whose applicant is gone gets a new one on the first edit. */
  if (applicant != NULL)
    {
      g_clear_pointer (&self->applicant_record, json_object_unref);
      self->applicant_record = record_fields (applicant);
      self->applicant_created = TRUE;
    }
  finish_loading (self);
}

static void
case_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DossierCaseSession) self = user_data;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *applicant_id;

  record = dossier_replica_get_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (record == NULL)
    {
      fail_loading (self, error);
      return;
    }

  g_clear_pointer (&self->case_record, json_object_unref);
  self->case_record = record_fields (record);
  self->case_created = TRUE;

  applicant_id = dossier_case_session_get_string (self, "case", "applicant_id");
  if (applicant_id == NULL)
    {
      finish_loading (self);
      return;
    }
  g_free (self->applicant_id);
  self->applicant_id = g_strdup (applicant_id);
  dossier_replica_get_async (self->replica, "applicant", applicant_id, self->cancellable,
                             applicant_loaded_cb, g_object_ref (self));
}

/* ---- Refreshing ---------------------------------------------------------- */

/* Nothing of the user's is in flight: what is shown is what is saved. */
static gboolean
is_idle (DossierCaseSession *self)
{
  return self->loaded && self->case_created && !self->closed && self->writing == 0
         && g_hash_table_size (self->staged) == 0;
}

static gboolean
same_fields (JsonObject *a,
             JsonObject *b)
{
  g_autoptr(JsonNode) x = NULL;
  g_autoptr(JsonNode) y = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  x = json_node_init_object (json_node_alloc (), a);
  y = json_node_init_object (json_node_alloc (), b);
  return json_node_equal (x, y);
}

static void
finish_refresh (DossierCaseSession *self,
                JsonObject         *applicant)
{
  g_autoptr(JsonObject) case_fields = g_steal_pointer (&self->refreshed_case);
  gboolean changed;

  self->refreshing = FALSE;
  /* The user started typing meanwhile: their values stay, the next refresh
   * (or their save) catches up. */
  if (!is_idle (self) || case_fields == NULL)
    return;
  changed = !same_fields (case_fields, self->case_record)
            || (applicant != NULL && !same_fields (applicant, self->applicant_record));
  if (!changed)
    return;
  g_clear_pointer (&self->case_record, json_object_unref);
  self->case_record = g_steal_pointer (&case_fields);
  if (applicant != NULL)
    {
      g_clear_pointer (&self->applicant_record, json_object_unref);
      self->applicant_record = json_object_ref (applicant);
      g_free (self->applicant_id);
      self->applicant_id = g_strdup (dossier_case_session_get_string (self, "case", "applicant_id"));
      self->applicant_created = TRUE;
    }
  emit (self, LOADED, NULL);
}

static void
refreshed_applicant_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DossierCaseSession) self = user_data;
  g_autoptr(JsonObject) applicant = dossier_replica_get_finish (DOSSIER_REPLICA (source), result,
                                                                NULL);
  g_autoptr(JsonObject) fields = applicant != NULL ? record_fields (applicant) : NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  finish_refresh (self, fields);
}

static void
refreshed_case_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DossierCaseSession) self = user_data;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *applicant_id;

  record = dossier_replica_get_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (record == NULL)
    {
      self->refreshing = FALSE;
      if (g_error_matches (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND)
          && is_idle (self))
        set_state (self, DOSSIER_CASE_SESSION_FAILED,
                   _("This case was deleted on another device."));
      return;
    }
  self->refreshed_case = record_fields (record);
  applicant_id = json_object_get_string_member_with_default (self->refreshed_case, "applicant_id",
                                                             NULL);
  if (applicant_id == NULL)
    {
      finish_refresh (self, NULL);
      return;
    }
  dossier_replica_get_async (self->replica, "applicant", applicant_id, self->cancellable,
                             refreshed_applicant_cb, g_object_ref (self));
}

/**
 * dossier_case_session_refresh:
 * @self: a #DossierCaseSession
 *
 * Reads the case and its applicant again (after a pull) and emits "loaded"
 * when they changed, so that the forms show what another device wrote.
 * Does nothing while the user has values staged or being written: what they
 * typed is never replaced under them.
 */
void
dossier_case_session_refresh (DossierCaseSession *self)
{
  g_return_if_fail (DOSSIER_IS_CASE_SESSION (self));

  if (!is_idle (self) || self->refreshing)
    return;
  self->refreshing = TRUE;
  dossier_replica_get_async (self->replica, "case", self->case_id, self->cancellable,
                             refreshed_case_cb, g_object_ref (self));
}

static void check_reference (DossierCaseSession *self);

static void
reference_checked_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DossierCaseSession) self = user_data;
  g_autoptr(GPtrArray) same = NULL;
  g_autoptr(GError) error = NULL;

  same = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (same == NULL)
    {
      fail_loading (self, error);
      return;
    }
  if (same->len > 0 && self->reference_attempts < REFERENCE_ATTEMPTS)
    check_reference (self);
  else
    finish_loading (self);
}

/* A new case's reference, checked against the cases this replica has. */
static void
check_reference (DossierCaseSession *self)
{
  g_autofree char *reference = dossier_case_reference_generate (NULL, NULL);

  self->reference_attempts++;
  json_object_set_string_member (self->case_record, "reference", reference);
  dossier_replica_list_async (self->replica, "case", "reference", reference, NULL, 1,
                              self->cancellable, reference_checked_cb, g_object_ref (self));
}

/* What a new case starts with; nothing is written until it is complete. */
static void
set_up_new_case (DossierCaseSession *self)
{
  GDate today;
  g_autofree char *today_text = NULL;

  dossier_date_set_today (&today);
  today_text = dossier_date_format_iso (&today);
  json_object_set_string_member (self->case_record, "internal_stage", "intake");
  json_object_set_string_member (self->case_record, "stage_since", today_text);
  json_object_set_string_member (self->case_record, "urgency", "normal");
  json_object_set_string_member (self->applicant_record, "tier", "regular");
  check_reference (self);
}

/* ---- Writing ------------------------------------------------------------- */

static void
hold_application (DossierCaseSession *self)
{
  GApplication *application = g_application_get_default ();

  /* The window may be closing: keep the process up until the write ends. */
  if (application != NULL && self->held_application == NULL)
    {
      self->held_application = g_object_ref (application);
      g_application_hold (application);
    }
}

static void
release_application (DossierCaseSession *self)
{
  if (self->held_application == NULL)
    return;
  g_application_release (self->held_application);
  g_clear_object (&self->held_application);
}

/* A whole record for creating it: its fields without the unset ones. */
static JsonObject *
creation_fields (JsonObject *record)
{
  JsonObject *fields = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (record);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (record, l->data);
      if (!JSON_NODE_HOLDS_NULL (node))
        json_object_set_member (fields, l->data, json_node_copy (node));
    }
  return fields;
}

static void
take_staged (DossierCaseSession *self,
             GPtrArray          *edits,
             gboolean            keep_applicant)
{
  GHashTableIter iter;
  Staged *staged;

  g_hash_table_iter_init (&iter, self->staged);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &staged))
    {
      if (keep_applicant && g_strcmp0 (staged->id, self->applicant_id) == 0)
        continue;
      g_ptr_array_add (edits, dossier_edit_new (staged->kind, staged->id, staged->fields));
      g_hash_table_iter_remove (&iter);
    }
}

/* The applicant (when it is new) and the case, created from what is known. */
static void
take_creation (DossierCaseSession *self,
               GPtrArray          *edits)
{
  g_autoptr(JsonObject) case_fields = creation_fields (self->case_record);

  if (!self->applicant_created)
    {
      g_autoptr(JsonObject) applicant_fields = creation_fields (self->applicant_record);
      g_ptr_array_add (edits, dossier_edit_new ("applicant", self->applicant_id, applicant_fields));
      json_object_set_string_member (self->case_record, "applicant_id", self->applicant_id);
    }
  json_object_set_string_member (case_fields, "applicant_id", self->applicant_id);
  g_ptr_array_add (edits, dossier_edit_new ("case", self->case_id, case_fields));
  g_hash_table_remove (self->staged, self->case_id);
  g_hash_table_remove (self->staged, self->applicant_id);
}

/* The edits of the next write, or NULL when there is nothing to write yet. */
static GPtrArray *
take_edits (DossierCaseSession *self,
            gboolean           *out_creating)
{
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);
  gboolean applicant_waits = FALSE;

  *out_creating = FALSE;
  if (!self->case_created)
    {
      if (!case_is_ready (self) || !applicant_is_ready (self))
        return NULL;
      take_creation (self, edits);
      *out_creating = TRUE;
    }
  else if (!self->applicant_created && g_hash_table_contains (self->staged, self->applicant_id))
    {
      applicant_waits = !applicant_is_ready (self);
      if (!applicant_waits)
        {
          take_creation (self, edits);
          *out_creating = TRUE;
        }
    }
  take_staged (self, edits, applicant_waits);
  return edits->len > 0 ? g_steal_pointer (&edits) : NULL;
}

/* Puts edits that failed back, unless something newer was staged meanwhile. */
static void
restage_edits (DossierCaseSession *self,
               GPtrArray          *edits)
{
  for (guint i = 0; i < edits->len; i++)
    {
      DossierEdit *edit = edits->pdata[i];
      g_autoptr(GList) members = json_object_get_members (edit->fields);
      Staged *staged = g_hash_table_lookup (self->staged, edit->id);

      if (staged == NULL)
        {
          staged = g_new0 (Staged, 1);
          staged->kind = g_strdup (edit->kind);
          staged->id = g_strdup (edit->id);
          staged->fields = json_object_new ();
          g_hash_table_insert (self->staged, staged->id, staged);
        }
      for (GList *l = members; l != NULL; l = l->next)
        if (!json_object_has_member (staged->fields, l->data))
          json_object_set_member (staged->fields, l->data,
                                  json_node_copy (json_object_get_member (edit->fields, l->data)));
    }
}

typedef struct
{
  DossierCaseSession *self;
  GPtrArray          *edits;
  gboolean            creating;
} WriteData;

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WriteData *data = user_data;
  g_autoptr(DossierCaseSession) self = data->self;
  g_autoptr(GPtrArray) edits = data->edits;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gboolean creating = data->creating;

  g_free (data);
  ids = dossier_replica_save_many_finish (DOSSIER_REPLICA (source), result, &error);
  self->writing--;

  if (ids == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Changes could not be saved: %s"),
                                                  error->message);
      g_warning ("Saving case %s: %s", self->case_id, error->message);
      /* A refused value would be refused again; anything else is retried. */
      if (!g_error_matches (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_INVALID))
        restage_edits (self, edits);
      set_state (self, DOSSIER_CASE_SESSION_FAILED, message);
    }
  else
    {
      if (creating)
        self->case_created = self->applicant_created = TRUE;
      if (self->state == DOSSIER_CASE_SESSION_FAILED)
        set_state (self, DOSSIER_CASE_SESSION_SAVING, NULL);
      if (creating)
        emit (self, CREATED, NULL);
      emit (self, SAVED, NULL);
    }

  /* Edits staged during the write follow at once; a closed session has no delay. */
  if (ids != NULL && g_hash_table_size (self->staged) > 0 && (self->closed || self->delay_id == 0))
    flush_now (self);
  if (!self->writing)
    {
      release_application (self);
      settle_state (self);
    }
}

static void
flush_now (DossierCaseSession *self)
{
  g_autoptr(GPtrArray) edits = NULL;
  WriteData *data;
  gboolean creating;

  g_clear_handle_id (&self->delay_id, g_source_remove);
  if (!self->loaded)
    return;
  /* Writes run one at a time, so that nothing updates a case whose creation
   * might still fail; a closing session updating an existing case need not
   * wait, since the application may be quitting without waiting for it. */
  if (self->writing > 0 && !(self->closed && self->case_created && self->applicant_created))
    return;

  edits = take_edits (self, &creating);
  if (edits == NULL)
    {
      settle_state (self);
      return;
    }

  self->writing++;
  hold_application (self);
  set_state (self, DOSSIER_CASE_SESSION_SAVING, NULL);

  data = g_new0 (WriteData, 1);
  data->self = g_object_ref (self);
  data->edits = g_ptr_array_ref (edits);
  data->creating = creating;
  dossier_replica_save_many_async (self->replica, edits, NULL, write_done_cb, data);
}

static gboolean
delay_done_cb (gpointer user_data)
{
  DossierCaseSession *self = user_data;

  self->delay_id = 0;
  flush_now (self);
  return G_SOURCE_REMOVE;
}

/* ---- Object -------------------------------------------------------------- */

static void
dossier_case_session_dispose (GObject *object)
{
  DossierCaseSession *self = DOSSIER_CASE_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->delay_id, g_source_remove);
  release_application (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (dossier_case_session_parent_class)->dispose (object);
}

static void
dossier_case_session_finalize (GObject *object)
{
  DossierCaseSession *self = DOSSIER_CASE_SESSION (object);

  g_free (self->case_id);
  g_free (self->applicant_id);
  g_clear_pointer (&self->case_record, json_object_unref);
  g_clear_pointer (&self->applicant_record, json_object_unref);
  g_clear_pointer (&self->refreshed_case, json_object_unref);
  g_clear_pointer (&self->staged, g_hash_table_unref);
  g_free (self->error);

  G_OBJECT_CLASS (dossier_case_session_parent_class)->finalize (object);
}

static void
dossier_case_session_class_init (DossierCaseSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dossier_case_session_dispose;
  object_class->finalize = dossier_case_session_finalize;

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dossier_case_session_init (DossierCaseSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->staged = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) staged_free);
  self->case_record = json_object_new ();
  self->applicant_record = json_object_new ();
  self->state = DOSSIER_CASE_SESSION_LOADING;
}

/**
 * dossier_case_session_new:
 * @replica: the open replica
 * @case_id: (nullable): the case to edit, or %NULL for the intake of a new one
 *
 * Starts reading the case at once; "loaded" follows.
 *
 * Returns: (transfer full): a new session
 */
DossierCaseSession *
dossier_case_session_new (DossierReplica *replica,
                          const char     *case_id)
{
  DossierCaseSession *self;

  g_return_val_if_fail (DOSSIER_IS_REPLICA (replica), NULL);

  self = g_object_new (DOSSIER_TYPE_CASE_SESSION, NULL);
  self->replica = g_object_ref (replica);
  self->case_id = case_id != NULL ? g_strdup (case_id) : g_uuid_string_random ();
  self->applicant_id = g_uuid_string_random ();

  if (case_id != NULL)
    dossier_replica_get_async (replica, "case", case_id, self->cancellable,
                               case_loaded_cb, g_object_ref (self));
  else
    set_up_new_case (self);
  return self;
}

DossierReplica *
dossier_case_session_get_replica (DossierCaseSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), NULL);
  return self->replica;
}

DossierCaseSessionState
dossier_case_session_get_state (DossierCaseSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), DOSSIER_CASE_SESSION_FAILED);
  return self->state;
}

/**
 * dossier_case_session_get_error:
 *
 * Returns: (nullable): why loading or the last write failed, translated
 */
const char *
dossier_case_session_get_error (DossierCaseSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), NULL);
  return self->error;
}

gboolean
dossier_case_session_is_loaded (DossierCaseSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), FALSE);
  return self->loaded;
}

/**
 * dossier_case_session_is_created:
 *
 * Returns: %TRUE once the case exists in the replica
 */
gboolean
dossier_case_session_is_created (DossierCaseSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), FALSE);
  return self->case_created;
}

/**
 * dossier_case_session_get_case_id:
 *
 * Returns: (nullable): the case's id, %NULL until it exists in the replica
 */
const char *
dossier_case_session_get_case_id (DossierCaseSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), NULL);
  return self->case_created ? self->case_id : NULL;
}

/**
 * dossier_case_session_get_applicant_id:
 *
 * Returns: (nullable): the applicant's id, %NULL until it exists in the replica
 */
const char *
dossier_case_session_get_applicant_id (DossierCaseSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), NULL);
  return self->applicant_created ? self->applicant_id : NULL;
}

/**
 * dossier_case_session_get_case:
 *
 * Returns: (transfer none): the case's fields as saved, with staged values applied
 */
JsonObject *
dossier_case_session_get_case (DossierCaseSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), NULL);
  return self->case_record;
}

/**
 * dossier_case_session_get_applicant:
 *
 * Returns: (transfer none): the applicant's fields, with staged values applied
 */
JsonObject *
dossier_case_session_get_applicant (DossierCaseSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), NULL);
  return self->applicant_record;
}

/**
 * dossier_case_session_get_string:
 * @kind: "case" or "applicant"
 * @field: a text or date field
 *
 * Returns: (nullable): the field's current text, %NULL when unset or empty
 */
const char *
dossier_case_session_get_string (DossierCaseSession *self,
                                 const char         *kind,
                                 const char         *field)
{
  JsonObject *record;

  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), NULL);

  record = g_strcmp0 (kind, "applicant") == 0 ? self->applicant_record : self->case_record;
  return has_text (record, field) ? json_object_get_string_member (record, field) : NULL;
}

/**
 * dossier_case_session_describe_missing:
 *
 * Returns: (transfer full) (nullable): what a new case still needs before it
 *   can be saved, or %NULL when nothing is missing
 */
char *
dossier_case_session_describe_missing (DossierCaseSession *self)
{
  gboolean applicant, destination;

  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), NULL);

  if (self->case_created)
    return NULL;
  applicant = applicant_is_ready (self);
  destination = case_is_ready (self);
  if (applicant && destination)
    return NULL;
  if (destination)
    return g_strdup (_("Not saved yet: enter the applicant’s family name or passport number"));
  if (applicant)
    return g_strdup (_("Not saved yet: choose the destination on the Travel tab"));
  return g_strdup (_("Not saved yet: enter the applicant’s family name or passport number "
                     "and choose the destination"));
}

static JsonObject *
record_for (DossierCaseSession *self,
            const char         *id)
{
  if (g_strcmp0 (id, self->case_id) == 0)
    return self->case_record;
  if (g_strcmp0 (id, self->applicant_id) == 0)
    return self->applicant_record;
  return NULL;
}

static const char *
resolve_id (DossierCaseSession *self,
            const char         *kind,
            const char         *id)
{
  if (id != NULL)
    return id;
  return g_strcmp0 (kind, "applicant") == 0 ? self->applicant_id : self->case_id;
}

/**
 * dossier_case_session_stage:
 * @kind: the record kind ("case", "applicant", "fee", ...)
 * @id: (nullable): the record's id; %NULL for this case or its applicant
 * @fields: valid values, written together in one transaction; a null clears
 *
 * Stages values to be written after %DOSSIER_CASE_SESSION_DELAY_MS.  Records
 * other than the case and the applicant belong to the case: stage them only
 * once dossier_case_session_is_created().
 */
void
dossier_case_session_stage (DossierCaseSession *self,
                            const char         *kind,
                            const char         *id,
                            JsonObject         *fields)
{
  g_autoptr(GList) members = NULL;
  JsonObject *record;
  Staged *staged;

  g_return_if_fail (DOSSIER_IS_CASE_SESSION (self));
  g_return_if_fail (kind != NULL && fields != NULL);

  id = resolve_id (self, kind, id);
  record = record_for (self, id);
  g_return_if_fail (record != NULL || self->case_created);

  staged = g_hash_table_lookup (self->staged, id);
  if (staged == NULL)
    {
      staged = g_new0 (Staged, 1);
      staged->kind = g_strdup (kind);
      staged->id = g_strdup (id);
      staged->fields = json_object_new ();
      g_hash_table_insert (self->staged, staged->id, staged);
    }

  members = json_object_get_members (fields);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (fields, l->data);
      json_object_set_member (staged->fields, l->data, json_node_copy (value));
      if (record != NULL)
        json_object_set_member (record, l->data, json_node_copy (value));
    }

  g_clear_handle_id (&self->delay_id, g_source_remove);
  self->delay_id = g_timeout_add (DOSSIER_CASE_SESSION_DELAY_MS, delay_done_cb, self);
  if (!self->writing)
    settle_state (self);
  if (record != NULL)
    emit (self, CHANGED, record == self->case_record ? "case" : "applicant");
}

/**
 * dossier_case_session_unstage:
 * @kind: the record kind
 * @id: (nullable): the record's id; %NULL for this case or its applicant
 * @fields: (array zero-terminated=1): fields whose staged value became invalid
 *
 * Drops values staged but not yet written, so that the replica keeps its last
 * valid value.  The case and applicant returned by get_case and get_applicant
 * keep the last valid value too.
 */
void
dossier_case_session_unstage (DossierCaseSession *self,
                              const char         *kind,
                              const char         *id,
                              const char * const *fields)
{
  Staged *staged;

  g_return_if_fail (DOSSIER_IS_CASE_SESSION (self));

  staged = g_hash_table_lookup (self->staged, resolve_id (self, kind, id));
  if (staged == NULL)
    return;
  for (guint i = 0; fields[i] != NULL; i++)
    if (json_object_has_member (staged->fields, fields[i]))
      json_object_remove_member (staged->fields, fields[i]);
  if (json_object_get_size (staged->fields) == 0)
    g_hash_table_remove (self->staged, staged->id);
  if (!self->writing)
    settle_state (self);
}

gboolean
dossier_case_session_has_staged (DossierCaseSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_SESSION (self), FALSE);
  return g_hash_table_size (self->staged) > 0;
}

/**
 * dossier_case_session_flush:
 *
 * Writes the staged values now (after the running write, if any): a form
 * calls it when a field loses the focus.
 */
void
dossier_case_session_flush (DossierCaseSession *self)
{
  g_return_if_fail (DOSSIER_IS_CASE_SESSION (self));

  if (self->writing)
    g_clear_handle_id (&self->delay_id, g_source_remove);
  else
    flush_now (self);
}

static void
delete_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DossierCaseSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (dossier_replica_delete_finish (DOSSIER_REPLICA (source), result, &error))
    {
      emit (self, SAVED, NULL);
      return;
    }
  if (!g_error_matches (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND))
    {
      g_autofree char *message = g_strdup_printf (_("The item could not be deleted: %s"),
                                                  error->message);
      set_state (self, DOSSIER_CASE_SESSION_FAILED, message);
    }
}

/**
 * dossier_case_session_delete:
 * @kind: the record kind of one of the case's items ("fee", "shipment", ...)
 * @id: the item's id
 *
 * Deletes an item of the case and drops what was staged for it.  The replica
 * runs jobs in order, so a delete queued now follows a write that creates it.
 */
void
dossier_case_session_delete (DossierCaseSession *self,
                             const char         *kind,
                             const char         *id)
{
  g_return_if_fail (DOSSIER_IS_CASE_SESSION (self));
  g_return_if_fail (id != NULL && record_for (self, id) == NULL);

  g_hash_table_remove (self->staged, id);
  if (!self->case_created)
    return;
  /* An item never written answers NOT_FOUND, which is not an error here. */
  dossier_replica_delete_async (self->replica, kind, id, NULL, delete_done_cb,
                                g_object_ref (self));
  if (!self->writing)
    settle_state (self);
}

/**
 * dossier_case_session_close:
 *
 * Stops loading, writes what is staged and emits no more signals.  The
 * session stays alive until the write is done, so the caller may drop its
 * reference right away.
 */
void
dossier_case_session_close (DossierCaseSession *self)
{
  g_return_if_fail (DOSSIER_IS_CASE_SESSION (self));

  if (self->closed)
    return;
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  flush_now (self);
}
