/* dossier-sample-data-tool.c: the `dossier-sample-data` command.
 *
 *   dossier-sample-data [--cases N] [--policy-notes N] [--seed S] [--today DATE]
 *                       [--replica PATH] [--office ID] [--force]
 *
 * Fills a replica with reproducible sample data (dossier-sample-data.h) so
 * that a new user, a demo or a benchmark starts from a living application.
 * The replica is found and unlocked by the rules the application follows
 * (app/dossier-replica-opener.c): $DOSSIER_REPLICA or the default path, the
 * key from the keyring; on first use a key is made, stored in the keyring and
 * the file created; a file whose key is not in the keyring is refused and
 * left alone.  A key is never taken on the command line, where other users
 * could read it.  No GTK: the tool runs on servers and in CI.
 *
 * With --office, every case belongs to that office of a sync server (its id,
 * as `dossier-server admin add-office` prints it) and no office records are
 * written: offices are the server's to make, and a replica receives them at
 * login.  That is how build-aux/run.sh fills the demo replica it syncs.
 */
#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "dossier-date.h"
#include "dossier-keyring.h"
#include "dossier-model.h"
#include "dossier-replica.h"
#include "dossier-sample-data.h"

#define EXIT_CANCELLED 130

typedef struct
{
  DossierReplica       *replica;
  DossierSampleOptions  options;
  const char           *office_id;    /* --office: a server's office, or NULL */
  GCancellable         *cancellable;
  GMainLoop            *loop;
  gint64                started;
  guint                 last_percent;
  gboolean              ok;
  DossierSampleCounts   counts;
  GError               *error;
} Run;

/* The same rule as dossier_replica_opener_dup_default_path(); absolute,
 * because the keyring scopes a key by the file's path. */
static char *
default_replica_path (void)
{
  const char *env = g_getenv ("DOSSIER_REPLICA");

  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);
  return g_build_filename (g_get_user_data_dir (), "dossier", "replica.db", NULL);
}

static DossierReplica *
create_replica (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GBytes) key = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  /* Stored before the file exists, so no replica ever outlives its key. */
  key = dossier_keyring_generate_replica_key ();
  if (!dossier_keyring_store_replica_key (path, key, NULL, error))
    return NULL;
  return dossier_replica_open_sync (path, key, TRUE, NULL, error);
}

static DossierReplica *
open_replica (const char  *path,
              GError     **error)
{
  g_autoptr(GBytes) key = NULL;
  GError *local_error = NULL;

  key = dossier_keyring_lookup_replica_key (path, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (key != NULL)
    return dossier_replica_open_sync (path, key, TRUE, NULL, error);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The keyring holds no key for the existing replica “%s”. Without it the file "
                      "cannot be read; it was left untouched."),
                   path);
      return NULL;
    }
  return create_replica (path, error);
}

static gboolean
replica_has_cases (DossierReplica  *replica,
                   gboolean        *out_has_cases,
                   GError         **error)
{
  g_autoptr(GPtrArray) cases = dossier_replica_list_sync (replica, "case", NULL, NULL, NULL, 1,
                                                          NULL, error);

  if (cases == NULL)
    return FALSE;
  *out_has_cases = cases->len > 0;
  return TRUE;
}

/* Called on the generating thread after each transaction. */
static void
progress_cb (const DossierSampleCounts  *done,
             const DossierSampleOptions *options,
             gpointer                    user_data)
{
  Run *run = user_data;
  guint64 total = (guint64) options->n_cases + options->n_policy_notes;
  guint   percent
    = total > 0 ? (guint) (100 * ((guint64) done->cases + done->policy_notes) / total) : 100;

  if (percent < run->last_percent + 5 && percent < 100)
    return;
  run->last_percent = percent;
  g_print (_("%3u%%  %u of %u policy notes, %u of %u cases\n"), percent,
           done->policy_notes, options->n_policy_notes, done->cases, options->n_cases);
}

/* Writes `batch` in one transaction and counts what it created. */
static gboolean
flush_batch (Run        *run,
             GPtrArray **batch)
{
  g_autoptr(GPtrArray) ids = NULL;

  if ((*batch)->len == 0)
    return TRUE;
  ids = dossier_replica_save_many_sync (run->replica, *batch, run->cancellable, &run->error);
  if (ids == NULL)
    return FALSE;
  dossier_sample_counts_add_edits (&run->counts, *batch);
  g_ptr_array_unref (*batch);
  *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);
  progress_cb (&run->counts, &run->options, run);
  return TRUE;
}

static gboolean
add_edits (Run        *run,
           GPtrArray **batch,
           GPtrArray  *edits)
{
  for (guint i = 0; run->office_id != NULL && i < edits->len; i++)
    {
      DossierEdit *edit = edits->pdata[i];
      if (g_str_equal (edit->kind, "case"))
        json_object_set_string_member (edit->fields, "office_id", run->office_id);
    }
  g_ptr_array_extend_and_steal (*batch, edits);
  return (*batch)->len < 1000 || flush_batch (run, batch);
}

/* --office: the generator's policy notes and cases, without its offices. */
static gboolean
generate_for_office (Run *run)
{
  g_autoptr(DossierSampleGenerator) generator = dossier_sample_generator_new (&run->options,
                                                                              &run->error);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);
  gboolean ok = generator != NULL;

  for (guint i = 0; ok && i < run->options.n_policy_notes; i++)
    ok = add_edits (run, &batch, dossier_sample_generator_policy_note_edits (generator, i));
  for (guint i = 0; ok && i < run->options.n_cases; i++)
    ok = add_edits (run, &batch, dossier_sample_generator_case_edits (generator, i));
  return ok && flush_batch (run, &batch);
}

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Run *run = task_data;

  if (run->office_id != NULL)
    run->ok = generate_for_office (run);
  else
    run->ok = dossier_sample_data_generate (run->replica, &run->options, progress_cb, run,
                                            cancellable, &run->counts, &run->error);
  g_task_return_boolean (task, TRUE);
}

static void
generate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Run *run = user_data;

  g_main_loop_quit (run->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Run *run = user_data;

  g_printerr ("%s\n", _("Stopping after the transaction being written…"));
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

/* Generation blocks, so it runs in a thread while this one waits for Ctrl+C. */
static void
run_generation (Run *run)
{
  g_autoptr(GTask) task = NULL;
  guint signal_id;

  run->loop = g_main_loop_new (NULL, FALSE);
  run->cancellable = g_cancellable_new ();
  run->started = g_get_monotonic_time ();
  signal_id = g_unix_signal_add (SIGINT, interrupt_cb, run);

  task = g_task_new (NULL, run->cancellable, generate_done_cb, run);
  g_task_set_task_data (task, run, NULL);
  g_task_run_in_thread (task, generate_thread);
  g_main_loop_run (run->loop);

  g_source_remove (signal_id);
  g_clear_pointer (&run->loop, g_main_loop_unref);
}

static void
print_summary (Run        *run,
               const char *path)
{
  const DossierSampleCounts *c = &run->counts;
  double seconds = (double) (g_get_monotonic_time () - run->started) / G_USEC_PER_SEC;
  guint64 records = dossier_sample_counts_total (c);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *size = NULL;
  g_autofree char *total = g_strdup_printf ("%" G_GUINT64_FORMAT, records);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  size = g_format_size (info != NULL ? (guint64) g_file_info_get_size (info) : 0);
  g_print (_("Added %s records in %.1f s (%.0f records/s): %u offices, %u policy notes, "
             "%u applicants, %u cases, %u checklist items, %u appointments, %u activity entries, "
             "%u fees, %u shipments; “%s” is now %s\n"),
           total, seconds, seconds > 0 ? (double) records / seconds : 0.0, c->offices,
           c->policy_notes, c->applicants, c->cases, c->checklist_items, c->appointments,
           c->activity_entries, c->fees, c->shipments, path, size);
}

typedef struct
{
  gint      cases;
  gint      policy_notes;
  gint64    seed;
  char     *replica;
  char     *today;
  char     *office;
  gboolean  force;
  gboolean  time_ordered_ids;
} Arguments;

static gboolean
parse_arguments (Arguments  *args,
                 int        *argc,
                 char     ***argv,
                 GError    **error)
{
  const GOptionEntry entries[] = {
    { "cases", 'c', 0, G_OPTION_ARG_INT, &args->cases, N_("Cases to add (default 1000)"),
      N_("N") },
    { "policy-notes", 'p', 0, G_OPTION_ARG_INT, &args->policy_notes,
      N_("Policy notes to add (default: one per destination and visa type)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &args->seed,
      N_("Seed: the same seed gives the same data (default 1)"), N_("S") },
    { "today", 't', 0, G_OPTION_ARG_STRING, &args->today,
      N_("Date the data is relative to (default: today)"), N_("YYYY-MM-DD") },
    { "replica", 'r', 0, G_OPTION_ARG_FILENAME, &args->replica,
      N_("Replica file (default: $DOSSIER_REPLICA, else the application’s replica)"),
      N_("PATH") },
    { "office", 'o', 0, G_OPTION_ARG_STRING, &args->office,
      N_("Put every case in this office of a sync server (its id) and write no offices"),
      N_("ID") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &args->force,
      N_("Add sample data to a replica that already has cases"), NULL },
    { "time-ordered-ids", 0, 0, G_OPTION_ARG_NONE, &args->time_ordered_ids,
      N_("Give records UUIDv7-style ids that increase as they are written (faster to insert) "
         "instead of random ones, as the application makes them"), NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context, _("Fills a Dossier replica with realistic sample data."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (args->cases < 0 || args->cases > DOSSIER_SAMPLE_MAX_CASES
      || args->policy_notes < -1 || args->policy_notes > DOSSIER_SAMPLE_MAX_POLICY_NOTES
      || args->seed < 0 || args->seed > G_MAXUINT32)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--cases goes up to %u, --policy-notes up to %u and --seed up to %u"),
                   DOSSIER_SAMPLE_MAX_CASES, DOSSIER_SAMPLE_MAX_POLICY_NOTES, G_MAXUINT32);
      return FALSE;
    }
  if (args->office != NULL && !dossier_model_is_uuid (args->office))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--office needs an office id as `dossier-server admin add-office` prints it, "
                     "not “%s”"), args->office);
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_options (const Arguments       *args,
              DossierSampleOptions  *options,
              GError               **error)
{
  GDate today;

  if (args->today == NULL)
    dossier_date_set_today (&today);
  else if (!dossier_date_parse_iso (args->today, &today))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--today needs a date written YYYY-MM-DD, not “%s”"), args->today);
      return FALSE;
    }
  dossier_sample_options_init (options, (guint32) args->seed, &today);
  options->n_cases = (guint) args->cases;
  if (args->policy_notes >= 0)
    options->n_policy_notes = (guint) args->policy_notes;
  options->time_ordered_ids = args->time_ordered_ids;
  return TRUE;
}

static int
fail (const char   *path,
      const GError *error)
{
  if (g_error_matches (error, DOSSIER_SAMPLE_ERROR, DOSSIER_SAMPLE_ERROR_ALREADY_PRESENT))
    g_printerr (_("%s: %s. Choose another --seed.\n"), g_get_prgname (), error->message);
  else if (path != NULL)
    g_printerr ("%s: %s: %s\n", g_get_prgname (), path, error->message);
  else
    g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}

static int
fill_replica (const Arguments *args,
              const char      *path)
{
  Run run = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean has_cases = FALSE;
  int status = EXIT_SUCCESS;

  if (!make_options (args, &run.options, &error))
    return fail (NULL, error);
  run.office_id = args->office;
  run.replica = open_replica (path, &error);
  if (run.replica == NULL)
    return fail (path, error);
  if (!replica_has_cases (run.replica, &has_cases, &error))
    status = fail (path, error);
  else if (has_cases && !args->force)
    {
      g_printerr (_("%s: “%s” already has cases. Sample data is meant for an empty replica; "
                    "use --force to add it anyway.\n"), g_get_prgname (), path);
      status = EXIT_FAILURE;
    }
  else
    {
      g_print (_("Adding %u cases and %u policy notes (seed %u) to “%s”\n"), run.options.n_cases,
               run.options.n_policy_notes, run.options.seed, path);
      run_generation (&run);
      /* Closed first, so that the size printed is the file's once the log is folded in. */
      dossier_replica_close (run.replica);
      if (run.ok || dossier_sample_counts_total (&run.counts) > 0)
        print_summary (&run, path);
      if (!run.ok && g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        status = EXIT_CANCELLED;
      else if (!run.ok)
        status = fail (path, run.error);
    }

  dossier_replica_close (run.replica);
  g_clear_object (&run.replica);
  g_clear_object (&run.cancellable);
  g_clear_error (&run.error);
  return status;
}

int
main (int   argc,
      char *argv[])
{
  Arguments args = { 1000, -1, 1, NULL, NULL, NULL, FALSE, FALSE };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *localedir = g_getenv ("DOSSIER_LOCALEDIR");
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("dossier-sample-data");

  if (!parse_arguments (&args, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }
  path
    = args.replica != NULL ? g_canonicalize_filename (args.replica, NULL) : default_replica_path ();
  status = fill_replica (&args, path);
  g_free (args.replica);
  g_free (args.today);
  g_free (args.office);
  return status;
}
