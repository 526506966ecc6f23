/* dossier-sync-login-tool.c: the `dossier-sync-login` command.
 *
 *   dossier-sync-login [--replica PATH] --server URL --user NAME [--timeout SECONDS]
 *
 * Logs a replica in to a sync server, as the account dialog does, and waits
 * for its first sync to finish (every local change sent, every change of the
 * user's offices received), so that the application starts synced.  The
 * password is read from the first line of standard input, never from the
 * command line where other users could read it; the token goes to the
 * keyring and the account to the replica, exactly as when logging in from
 * the window.  The replica is found and unlocked as the application does it
 * (app/dossier-replica-opener.c).  No GTK: run by build-aux/run.sh for the
 * demo, and by administrators preparing a laptop.
 */
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "dossier-replica-opener.h"
#include "dossier-sync-engine.h"
#include "dossier-sync-format.h"

typedef struct
{
  GMainLoop      *loop;
  DossierReplica *replica;
  GError         *error;
  gboolean        logged_in;
  gboolean        done;
  int             printed_tenths;
} Run;

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  run->replica = dossier_replica_opener_open_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

/* Done when a cycle after the login has sent and received everything. */
static void
check_engine (DossierSyncEngine *engine,
              Run               *run)
{
  DossierSyncState state = dossier_sync_engine_get_state (engine);
  const char *reason = dossier_sync_engine_get_error_message (engine);

  if (!run->logged_in || run->done || run->error != NULL)
    return;
  if (state == DOSSIER_SYNC_STATE_SYNCED && dossier_sync_engine_get_pending (engine) == 0)
    run->done = TRUE;
  else if (state == DOSSIER_SYNC_STATE_FAILED || state == DOSSIER_SYNC_STATE_OFFLINE
           || state == DOSSIER_SYNC_STATE_NEEDS_LOGIN)
    g_set_error_literal (&run->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         reason != NULL ? reason : _("Syncing failed"));
  if (run->done || run->error != NULL)
    g_main_loop_quit (run->loop);
}

static void
logged_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;

  run->logged_in = dossier_sync_engine_login_finish (DOSSIER_SYNC_ENGINE (source), result,
                                                     &run->error);
  if (!run->logged_in)
    g_main_loop_quit (run->loop);
  else
    check_engine (DOSSIER_SYNC_ENGINE (source), run);
}

static void
engine_notify_cb (DossierSyncEngine *engine,
                  GParamSpec        *pspec,
                  Run               *run)
{
  int tenths = (int) (10 * dossier_sync_engine_get_progress (engine));

  /* The engine's progress only grows during one long pull: a line per tenth. */
  if (run->logged_in && tenths > run->printed_tenths)
    {
      run->printed_tenths = tenths;
      g_print (_("Receiving changes… %d%%\n"), 10 * tenths);
    }
  check_engine (engine, run);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  g_set_error_literal (&run->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _("The first sync did not finish in time; it goes on when Dossier starts"));
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

/* The first line of standard input, without its line break. */
static char *
read_password (void)
{
  char buffer[1024];
  size_t length;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    return NULL;
  length = strcspn (buffer, "\r\n");
  buffer[length] = '\0';
  {
    char *password = g_strdup (buffer);
    memset (buffer, 0, sizeof buffer);
    return password;
  }
}

static gboolean
login_and_sync (Run        *run,
                const char *server,
                const char *user,
                const char *password,
                guint       timeout)
{
  g_autoptr(DossierSyncEngine) engine = dossier_sync_engine_new (run->replica);
  guint timeout_id;

  g_signal_connect (engine, "notify", G_CALLBACK (engine_notify_cb), run);
  dossier_sync_engine_start (engine);
  dossier_sync_engine_login_async (engine, server, user, password, NULL, logged_in_cb, run);
  timeout_id = g_timeout_add_seconds (timeout, timeout_cb, run);
  g_main_loop_run (run->loop);
  if (run->error == NULL)
    g_source_remove (timeout_id);
  g_signal_handlers_disconnect_by_data (engine, run);
  dossier_sync_engine_stop (engine);
  return run->error == NULL;
}

static int
fail (const char   *what,
      const GError *error)
{
  g_printerr ("%s: %s: %s\n", g_get_prgname (), what, error->message);
  return EXIT_FAILURE;
}

static int
run_tool (const char *path,
          const char *server_text,
          const char *user,
          guint       timeout)
{
  Run run = { g_main_loop_new (NULL, FALSE), NULL, NULL, FALSE, FALSE, 0 };
  g_autofree char *server = dossier_sync_normalize_server_address (server_text, &run.error);
  g_autofree char *password = NULL;
  int status = EXIT_SUCCESS;

  if (server == NULL)
    status = fail (_("Server address"), run.error);
  else if ((password = read_password ()) == NULL || *password == '\0')
    {
      g_printerr (_("%s: give the password on the first line of standard input\n"),
                  g_get_prgname ());
      status = EXIT_FAILURE;
    }
  else
    {
      dossier_replica_opener_open_async (path, NULL, opened_cb, &run);
      g_main_loop_run (run.loop);
      if (run.replica == NULL)
        status = fail (path, run.error);
      else if (!login_and_sync (&run, server, user, password, timeout))
        status = fail (_("Logging in"), run.error);
      else
        g_print (_("Logged in to %s as %s; the replica “%s” is synced\n"), server, user, path);
      memset (password, 0, strlen (password));
    }
  if (run.replica != NULL)
    dossier_replica_close (run.replica);
  g_clear_object (&run.replica);
  g_clear_error (&run.error);
  g_main_loop_unref (run.loop);
  return status;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *replica = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  gint timeout = 600;
  const GOptionEntry entries[] = {
    { "replica", 'r', 0, G_OPTION_ARG_FILENAME, &replica,
      N_("Replica file (default: $DOSSIER_REPLICA, else the application’s replica)"), N_("PATH") },
    { "server", 's', 0, G_OPTION_ARG_STRING, &server, N_("Address of the sync server"), N_("URL") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("User name on the server"), N_("NAME") },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds to wait for the first sync (default 600)"), N_("SECONDS") },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("DOSSIER_LOCALEDIR");
  g_autofree char *path = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("dossier-sync-login");

  g_option_context_set_summary (context, _("Logs a Dossier replica in to a sync server and syncs it "
                                           "once. The password is read from standard input."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || server == NULL || user == NULL
      || timeout <= 0)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  error != NULL ? error->message : _("--server and --user are needed"));
      return EXIT_FAILURE;
    }
  path = replica != NULL ? g_canonicalize_filename (replica, NULL)
                         : dossier_replica_opener_dup_default_path ();
  return run_tool (path, server, user, (guint) timeout);
}
