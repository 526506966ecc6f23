/* dossier-attachment-list.c: the scans attached to one checklist item.
 *
 * Attaching copies each chosen file into the replica's encrypted,
 * content-addressed blob store, then saves an "attachment" record that names
 * the bytes by their SHA-256.  Opening exports the bytes to a private folder
 * under the user's runtime directory (a tmpfs that only the user can read,
 * emptied at logout) and hands the file to the desktop's viewer.  Removing
 * deletes the record only: the bytes may be shared by another record, and
 * sync decides when no record needs them any more.
 *
 * Attaching goes on when the user moves to another item, so its jobs carry
 * the case and item they started for; they are only cancelled with the
 * widget.  Listing is cancelled whenever the item changes.
 */

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dossier-attachment-list.h"
#include "dossier-attachment-row.h"
#include "dossier-checklist-records.h"

struct _DossierAttachmentList
{
  GtkBox                parent_instance;

  GtkSpinner           *spinner;
  GtkLabel             *status_label;
  GtkButton            *attach_button;
  GtkLabel             *error_label;
  GtkListBox           *attachments_list;

  DossierReplica       *replica;
  char                 *case_id;
  char                 *item_id;
  GCancellable         *cancellable;       /* the widget's life */
  GCancellable         *load_cancellable;  /* the item shown */
  GtkFileChooserNative *chooser;
  gboolean              attaching;
};

G_DEFINE_FINAL_TYPE (DossierAttachmentList, dossier_attachment_list, GTK_TYPE_BOX)

enum
{
  ADDED,
  REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Several files chosen at once are attached one after the other. */
typedef struct
{
  DossierAttachmentList *self;
  DossierReplica        *replica;
  char                  *case_id;
  char                  *item_id;
  GQueue                 files;
  GFile                 *file;
  char                  *file_name;
  gint64                 size;
  JsonObject            *record;
  guint                  total;
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_queue_clear_full (&job->files, g_object_unref);
  g_clear_object (&job->file);
  g_clear_object (&job->replica);
  g_clear_pointer (&job->record, json_object_unref);
  g_free (job->file_name);
  g_free (job->case_id);
  g_free (job->item_id);
  g_free (job);
}

static void
show_error (DossierAttachmentList *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_attach_sensitive (DossierAttachmentList *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->attach_button),
                            self->item_id != NULL && !self->attaching);
}

static void
add_row (DossierAttachmentList *self,
         JsonObject            *attachment);

static void attach_next (AttachJob *job);

static void
attach_failed (AttachJob    *job,
               const GError *error)
{
  g_autofree char *message = g_strdup_printf (_("“%s” was not attached: %s"),
                                              job->file_name, error->message);

  show_error (job->self, message);
  attach_next (job);
}

static void
record_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AttachJob *job = user_data;
  DossierAttachmentList *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = dossier_replica_save_finish (DOSSIER_REPLICA (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      attach_job_free (job);
      return;
    }
  if (error != NULL)
    {
      attach_failed (job, error);
      return;
    }

  json_object_set_string_member (job->record, "id", id);
  if (g_strcmp0 (self->item_id, job->item_id) == 0)
    add_row (self, job->record);
  g_signal_emit (self, signals[ADDED], 0, job->item_id);
  attach_next (job);
}

static char *
guess_mime_type (const char *file_name)
{
  g_autofree char *content_type = g_content_type_guess (file_name, NULL, 0, NULL);
  char *mime_type = g_content_type_get_mime_type (content_type);

  return mime_type != NULL ? mime_type : g_steal_pointer (&content_type);
}

static void
blob_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AttachJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = dossier_replica_add_blob_finish (DOSSIER_REPLICA (source), result,
                                                             &error);
  g_autofree char *mime_type = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      attach_job_free (job);
      return;
    }
  if (error != NULL)
    {
      attach_failed (job, error);
      return;
    }

  mime_type = guess_mime_type (job->file_name);
  now = g_date_time_new_now_utc ();
  g_clear_pointer (&job->record, json_object_unref);
  job->record = dossier_attachment_record_new (job->case_id, job->item_id, sha256,
                                               job->file_name, mime_type, job->size, now);
  dossier_replica_save_async (job->replica, "attachment", NULL, job->record,
                              job->self->cancellable, record_saved_cb, job);
}

static void
file_info_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AttachJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      attach_job_free (job);
      return;
    }
  if (info != NULL && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                         _("It is not a file"));
  if (error != NULL)
    {
      attach_failed (job, error);
      return;
    }

  g_free (job->file_name);
  job->file_name = g_strdup (g_file_info_get_display_name (info));
  job->size = g_file_info_get_size (info);
  dossier_replica_add_blob_async (job->replica, job->file, job->self->cancellable,
                                  blob_added_cb, job);
}

static void
show_progress (AttachJob *job)
{
  DossierAttachmentList *self = job->self;
  guint number = job->total - g_queue_get_length (&job->files);
  g_autofree char *text = NULL;

  if (job->total > 1)
    /* Translators: while scans are copied in: a file name, then "2 of 3". */
    text = g_strdup_printf (_("Attaching %s (%u of %u)…"), job->file_name, number, job->total);
  else
    text = g_strdup_printf (_("Attaching %s…"), job->file_name);
  gtk_label_set_text (self->status_label, text);
}

static void
finish_attaching (DossierAttachmentList *self)
{
  self->attaching = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_widget_hide (GTK_WIDGET (self->spinner));
  gtk_widget_hide (GTK_WIDGET (self->status_label));
  update_attach_sensitive (self);
}

static void
attach_next (AttachJob *job)
{
  g_clear_object (&job->file);
  job->file = g_queue_pop_head (&job->files);
  if (job->file == NULL)
    {
      finish_attaching (job->self);
      attach_job_free (job);
      return;
    }

  g_free (job->file_name);
  job->file_name = g_file_get_basename (job->file);
  show_progress (job);
  g_file_query_info_async (job->file,
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_TYPE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           job->self->cancellable, file_info_cb, job);
}

static void
start_attaching (DossierAttachmentList *self,
                 GSList                *files)
{
  AttachJob *job = g_new0 (AttachJob, 1);

  job->self = self;
  job->replica = g_object_ref (self->replica);
  job->case_id = g_strdup (self->case_id);
  job->item_id = g_strdup (self->item_id);
  g_queue_init (&job->files);
  for (GSList *l = files; l != NULL; l = l->next)
    g_queue_push_tail (&job->files, g_object_ref (l->data));
  job->total = g_queue_get_length (&job->files);

  self->attaching = TRUE;
  show_error (self, NULL);
  update_attach_sensitive (self);
  gtk_widget_show (GTK_WIDGET (self->spinner));
  gtk_spinner_start (self->spinner);
  gtk_widget_show (GTK_WIDGET (self->status_label));
  attach_next (job);
}

static void
chooser_response_cb (DossierAttachmentList *self,
                     int                    response,
                     GtkFileChooserNative  *chooser)
{
  GSList *files = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->item_id != NULL && !self->attaching)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  if (files != NULL)
    start_attaching (self, files);

  g_slist_free_full (files, g_object_unref);
  g_clear_object (&self->chooser);
}

static void
add_filter (GtkFileChooser     *chooser,
            const char         *name,
            const char * const *mime_types)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
attach_clicked_cb (DossierAttachmentList *self,
                   GtkButton             *button)
{
  static const char * const scans[] = { "image/*", "application/pdf", NULL };
  static const char * const images[] = { "image/*", NULL };
  static const char * const pdf[] = { "application/pdf", NULL };
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

  if (self->chooser != NULL || self->item_id == NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Attach Scans"),
                                               GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel)
                                                                        : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("Scans and PDF documents"), scans);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("Images"), images);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("PDF documents"), pdf);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- Opening ------------------------------------------------------------- */

typedef struct
{
  DossierAttachmentList *self;
  DossierAttachmentRow  *row;
  char                  *file_name;
  char                  *content_type;
  GFile                 *destination;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_clear_object (&job->row);
  g_clear_object (&job->destination);
  g_free (job->file_name);
  g_free (job->content_type);
  g_free (job);
}

static void
show_open_error (OpenJob    *job,
                 const char *reason)
{
  g_autofree char *message = g_strdup_printf (_("“%s” cannot be opened: %s"), job->file_name,
                                              reason);

  show_error (job->self, message);
}

/* GTK hands the file to a handler, or to the desktop portal, and reports a
 * missing handler late or not at all: ask first, so the user hears why. */
static gboolean
has_handler (OpenJob *job)
{
  g_autofree char *content_type = NULL;
  g_autoptr(GAppInfo) handler = NULL;

  if (job->content_type != NULL)
    content_type = g_content_type_from_mime_type (job->content_type);
  if (content_type == NULL)
    content_type = g_content_type_guess (job->file_name, NULL, 0, NULL);
  handler = g_app_info_get_default_for_type (content_type, FALSE);
  if (handler != NULL)
    return TRUE;

  {
    g_autofree char *description = g_content_type_get_description (content_type);
    g_autofree char *reason = g_strdup_printf (_("no application on this computer opens "
                                                 "files of type “%s”"), description);

    show_open_error (job, reason);
  }
  return FALSE;
}

static void
blob_exported_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  OpenJob *job = user_data;
  GtkWidget *toplevel;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  if (!dossier_replica_export_blob_finish (DOSSIER_REPLICA (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      open_job_free (job);
      return;
    }

  dossier_attachment_row_set_busy (job->row, FALSE);
  toplevel = gtk_widget_get_toplevel (GTK_WIDGET (job->self));
  uri = g_file_get_uri (job->destination);
  if (error == NULL && has_handler (job))
    gtk_show_uri_on_window (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL, uri,
                            GDK_CURRENT_TIME, &error);
  if (error != NULL)
    show_open_error (job, error->message);
  open_job_free (job);
}

/* Runs on a worker: the private folder, readable by the user alone. */
static void
make_folder_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autofree char *folder = g_path_get_dirname (task_data);
  int saved_errno;

  if (g_mkdir_with_parents (folder, 0700) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  saved_errno = errno;
  g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           _("Cannot create the folder %s: %s"), folder,
                           g_strerror (saved_errno));
}

static void
folder_made_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  OpenJob *job = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *attachment;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          dossier_attachment_row_set_busy (job->row, FALSE);
          show_open_error (job, error->message);
        }
      open_job_free (job);
      return;
    }

  attachment = dossier_attachment_row_get_attachment (job->row);
  dossier_replica_export_blob_async (job->self->replica,
                                     json_object_get_string_member (attachment, "sha256"),
                                     job->destination, job->self->cancellable,
                                     blob_exported_cb, job);
}

/* <runtime dir>/dossier/<sha256>/<file name>: the same scan opened twice is
 * written to the same place, and two scans with one name do not collide. */
static char *
build_export_path (const char *sha256,
                   const char *file_name)
{
  g_autofree char *base = g_path_get_basename (file_name != NULL ? file_name : "");

  if (*base == '\0' || g_str_equal (base, ".") || g_str_equal (base, "..")
      || g_str_equal (base, G_DIR_SEPARATOR_S))
    {
      g_free (base);
      base = g_strdup ("scan");
    }
  return g_build_filename (g_get_user_runtime_dir (), "dossier", sha256, base, NULL);
}

static void
open_requested_cb (DossierAttachmentList *self,
                   DossierAttachmentRow  *row)
{
  JsonObject *attachment = dossier_attachment_row_get_attachment (row);
  const char *sha256 = json_object_get_string_member_with_default (attachment, "sha256", NULL);
  OpenJob *job;
  g_autofree char *path = NULL;
  g_autoptr(GTask) task = NULL;

  if (sha256 == NULL || strlen (sha256) != 64 || strchr (sha256, G_DIR_SEPARATOR) != NULL)
    {
      show_error (self, _("This scan names no stored file"));
      return;
    }

  job = g_new0 (OpenJob, 1);
  job->self = self;
  job->row = g_object_ref (row);
  job->file_name = g_strdup (json_object_get_string_member_with_default (attachment, "file_name",
                                                                         "scan"));
  job->content_type = g_strdup (json_object_get_string_member_with_default (attachment,
                                                                            "content_type",
                                                                            NULL));
  path = build_export_path (sha256, job->file_name);
  job->destination = g_file_new_for_path (path);

  show_error (self, NULL);
  dossier_attachment_row_set_busy (row, TRUE);
  task = g_task_new (NULL, self->cancellable, folder_made_cb, job);
  g_task_set_source_tag (task, open_requested_cb);
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, make_folder_thread);
}

/* ---- Removing ------------------------------------------------------------ */

typedef struct
{
  DossierAttachmentList *self;
  DossierAttachmentRow  *row;
  char                  *item_id;
} RemoveJob;

static void
remove_job_free (RemoveJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->row);
  g_free (job->item_id);
  g_free (job);
}

static void
attachment_deleted_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  RemoveJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!dossier_replica_delete_finish (DOSSIER_REPLICA (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("The scan was not removed: %s"),
                                                      error->message);

          dossier_attachment_row_set_busy (job->row, FALSE);
          show_error (job->self, message);
        }
      remove_job_free (job);
      return;
    }

  gtk_widget_destroy (GTK_WIDGET (job->row));
  g_signal_emit (job->self, signals[REMOVED], 0, job->item_id);
  remove_job_free (job);
}

static void
remove_confirmed_cb (GtkDialog *dialog,
                     int        response,
                     gpointer   user_data)
{
  RemoveJob *job = user_data;
  JsonObject *attachment = dossier_attachment_row_get_attachment (job->row);

  gtk_widget_destroy (GTK_WIDGET (dialog));
  /* The list may have been destroyed while the question was asked. */
  if (response != GTK_RESPONSE_ACCEPT || job->self->replica == NULL
      || job->self->cancellable == NULL)
    {
      remove_job_free (job);
      return;
    }

  dossier_attachment_row_set_busy (job->row, TRUE);
  show_error (job->self, NULL);
  dossier_replica_delete_async (job->self->replica, "attachment",
                                json_object_get_string_member (attachment, "id"),
                                job->self->cancellable, attachment_deleted_cb, job);
}

static void
remove_requested_cb (DossierAttachmentList *self,
                     DossierAttachmentRow  *row)
{
  JsonObject *attachment = dossier_attachment_row_get_attachment (row);
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog;
  RemoveJob *job;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Remove “%s” from this document?"),
                                   json_object_get_string_member_with_default (attachment,
                                                                               "file_name",
                                                                               ""));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("The scan will no longer be listed here."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_style_context_add_class (gtk_widget_get_style_context (
                                 gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Remove"),
                                                        GTK_RESPONSE_ACCEPT)),
                               "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);

  job = g_new0 (RemoveJob, 1);
  job->self = g_object_ref (self);
  job->row = g_object_ref (row);
  job->item_id = g_strdup (self->item_id);
  g_signal_connect (dialog, "response", G_CALLBACK (remove_confirmed_cb), job);
  gtk_widget_show (dialog);
}

/* ---- Listing ------------------------------------------------------------- */

static void
add_row (DossierAttachmentList *self,
         JsonObject            *attachment)
{
  GtkWidget *row = dossier_attachment_row_new (attachment);

  g_signal_connect_object (row, "open-requested", G_CALLBACK (open_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove-requested", G_CALLBACK (remove_requested_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_container_add (GTK_CONTAINER (self->attachments_list), row);
}

static void
attachments_listed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  DossierAttachmentList *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attachments = dossier_replica_list_finish (DOSSIER_REPLICA (source),
                                                                  result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DOSSIER_ATTACHMENT_LIST (user_data);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The scans cannot be listed: %s"),
                                                  error->message);

      show_error (self, message);
      return;
    }

  for (guint i = 0; i < attachments->len; i++)
    add_row (self, g_ptr_array_index (attachments, i));
}

void
dossier_attachment_list_set_item (DossierAttachmentList *self,
                                  DossierReplica        *replica,
                                  const char            *case_id,
                                  const char            *item_id)
{
  g_autoptr(GList) rows = NULL;

  g_return_if_fail (DOSSIER_IS_ATTACHMENT_LIST (self));
  g_return_if_fail (replica == NULL || DOSSIER_IS_REPLICA (replica));

  g_cancellable_cancel (self->load_cancellable);
  g_set_object (&self->load_cancellable, g_cancellable_new ());
  g_set_object (&self->replica, replica);
  g_free (self->case_id);
  g_free (self->item_id);
  self->case_id = replica != NULL && item_id != NULL ? g_strdup (case_id) : NULL;
  self->item_id = self->case_id != NULL ? g_strdup (item_id) : NULL;

  rows = gtk_container_get_children (GTK_CONTAINER (self->attachments_list));
  for (GList *l = rows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  show_error (self, NULL);
  update_attach_sensitive (self);
  if (self->item_id == NULL)
    return;

  dossier_replica_list_async (self->replica, "attachment", "checklist_item_id", self->item_id,
                              "added_at", 0, self->load_cancellable, attachments_listed_cb, self);
}

static void
dossier_attachment_list_dispose (GObject *object)
{
  DossierAttachmentList *self = DOSSIER_ATTACHMENT_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (dossier_attachment_list_parent_class)->dispose (object);
}

static void
dossier_attachment_list_finalize (GObject *object)
{
  DossierAttachmentList *self = DOSSIER_ATTACHMENT_LIST (object);

  g_free (self->case_id);
  g_free (self->item_id);

  G_OBJECT_CLASS (dossier_attachment_list_parent_class)->finalize (object);
}

static void
dossier_attachment_list_class_init (DossierAttachmentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_attachment_list_dispose;
  object_class->finalize = dossier_attachment_list_finalize;

  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-attachment-list.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierAttachmentList, spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierAttachmentList, status_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAttachmentList, attach_button);
  gtk_widget_class_bind_template_child (widget_class, DossierAttachmentList, error_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAttachmentList, attachments_list);
  gtk_widget_class_bind_template_callback (widget_class, attach_clicked_cb);
}

static void
dossier_attachment_list_init (DossierAttachmentList *self)
{
  GtkWidget *placeholder;

  self->cancellable = g_cancellable_new ();
  self->load_cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No scans attached"));
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_style_context_add_class (gtk_widget_get_style_context (placeholder), "dim-label");
  gtk_widget_show (placeholder);
  gtk_list_box_set_placeholder (self->attachments_list, placeholder);
  update_attach_sensitive (self);
}

/**
 * dossier_attachment_list_new:
 *
 * Returns: (transfer floating): a list showing no item until
 *   dossier_attachment_list_set_item() is called
 */
GtkWidget *
dossier_attachment_list_new (void)
{
  return g_object_new (DOSSIER_TYPE_ATTACHMENT_LIST, NULL);
}
