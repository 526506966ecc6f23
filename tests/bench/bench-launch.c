/* bench-launch.c: from launching `dossier` to its case list showing rows.
 *
 * The application runs as a user starts it, on the sample replica (its key
 * put in the session's keyring first, as the application finds it there),
 * with DOSSIER_BENCH_FIRST_ROWS=1: the case list then prints one line with
 * the monotonic clock when it first draws rows it has read (see
 * app/dossier-case-list.c).  The time is taken from just before the
 * process is spawned to that clock, and the resident memory (VmRSS in
 * /proc/PID/status) is read as soon as the line arrives; then the
 * application is stopped.  Twice: on the sample replica as generated (its
 * 23.6 million changes never sent, at full scale), and on the replica the
 * first full sync made (bench-full-sync keeps it), which is what a user who
 * synced the same data has: the same 100,000 cases, an empty outbox.  One launch warms the caches, RUNS are measured.
 * With DOSSIER_BENCH_SCREENSHOT=FILE.png, the screen of the last launch is
 * saved at that moment (ImageMagick's `import`), to see what "rows" were.
 * Needs a display and a session bus with an unlocked keyring: run it through
 * build-aux/bench.sh.
 */

#include "bench-common.h"

#include "dossier-keyring.h"

#include <signal.h>
#include <string.h>

#define RUNS 7
#define LAUNCH_TIMEOUT_S 120

typedef struct
{
  GMainLoop        *loop;
  GDataInputStream *err;
  gint64            first_rows_us;
  guint             cases;
  gboolean          timed_out;
  GString          *output;
} Launch;

static void read_line (Launch *launch);

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Launch *launch = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (launch->err, result, NULL,
                                                                     NULL);
  const char *stamp;

  if (line == NULL)
    {
      g_main_loop_quit (launch->loop);   /* the application ended */
      return;
    }
  if (g_str_has_prefix (line, "DOSSIER_BENCH first-rows")
      && (stamp = strstr (line, "monotonic-us=")) != NULL)
    {
      const char *cases = strstr (line, "cases=");

      launch->first_rows_us = g_ascii_strtoll (stamp + strlen ("monotonic-us="), NULL, 10);
      launch->cases = cases ? (guint) g_ascii_strtoull (cases + strlen ("cases="), NULL, 10) : 0;
      g_main_loop_quit (launch->loop);
      return;
    }
  if (launch->output->len < 4096)
    g_string_append_printf (launch->output, "%s\n", line);
  read_line (launch);
}

static void
read_line (Launch *launch)
{
  g_data_input_stream_read_line_async (launch->err, G_PRIORITY_DEFAULT, NULL, line_cb, launch);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Launch *launch = user_data;

  launch->timed_out = TRUE;
  g_main_loop_quit (launch->loop);
  return G_SOURCE_REMOVE;
}

static void
take_screenshot (void)
{
  const char *path = g_getenv ("DOSSIER_BENCH_SCREENSHOT");
  g_autoptr(GError) error = NULL;
  int status;

  if (path == NULL || *path == '\0')
    return;
  if (!g_spawn_sync (NULL, (char *[]) { "import", "-window", "root", (char *) path, NULL }, NULL,
                     G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error))
    g_print ("# no screenshot: %s\n", error->message);
  else
    g_print ("# screenshot: %s\n", path);
}

static gboolean
launch_once (const char  *replica_path,
             gboolean     screenshot,
             double      *out_ms,
             double      *out_rss_mib,
             guint       *out_cases,
             GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) app = NULL;
  Launch launch = { 0 };
  guint timeout;
  gint64 started;
  gint64 rss;
  GPid pid;

  g_subprocess_launcher_setenv (launcher, "DOSSIER_REPLICA", replica_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "DOSSIER_BENCH_FIRST_ROWS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", g_getenv ("DOSSIER_SCHEMA_DIR"),
                                TRUE);
  launch.loop = g_main_loop_new (NULL, FALSE);
  launch.output = g_string_new (NULL);

  started = g_get_monotonic_time ();
  app = g_subprocess_launcher_spawn (launcher, error, g_getenv ("DOSSIER_APP_BIN"), NULL);
  if (app == NULL)
    return FALSE;
  launch.err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (app));
  read_line (&launch);
  timeout = g_timeout_add_seconds (LAUNCH_TIMEOUT_S, timeout_cb, &launch);
  g_main_loop_run (launch.loop);
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (app), NULL, 10);
  rss = bench_vm_rss_kib (pid);
  if (!launch.timed_out)
    g_source_remove (timeout);
  if (screenshot && launch.first_rows_us != 0)
    take_screenshot ();

  g_subprocess_send_signal (app, SIGTERM);
  g_subprocess_wait (app, NULL, NULL);
  g_main_loop_unref (launch.loop);
  g_clear_object (&launch.err);

  if (launch.first_rows_us == 0 || rss < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The application showed no rows (%s); it said:\n%s",
                   launch.timed_out ? "timed out" : "it ended", launch.output->str);
      g_string_free (launch.output, TRUE);
      return FALSE;
    }
  g_string_free (launch.output, TRUE);
  *out_ms = (launch.first_rows_us - started) / 1000.0;
  *out_rss_mib = rss / 1024.0;
  *out_cases = launch.cases;
  return TRUE;
}

static gboolean
bench_launch (BenchReplica  *data,
              const char    *name,
              GError       **error)
{
  BenchSamples times, rss;
  gboolean ok = TRUE;
  guint cases = 0;
  double median_ms, median_rss, max_rss;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "No display: run the benchmarks through build-aux/bench.sh");
      return FALSE;
    }
  /* Where the application looks for the key of its replica. */
  if (!dossier_keyring_store_replica_key (data->path, data->key, NULL, error))
    return FALSE;

  bench_samples_init (&times);
  bench_samples_init (&rss);
  for (guint run = 0; ok && run <= RUNS; run++)
    {
      double ms = 0, mib = 0;

      ok = launch_once (data->path, run == RUNS, &ms, &mib, &cases, error);
      g_print ("# %s %u%s: first rows after %.0f ms, VmRSS %.1f MiB, %u cases listed\n", name,
               run, run == 0 ? " (warms the caches, not counted)" : "", ms, mib, cases);
      if (ok && run > 0)
        {
          bench_samples_add (&times, ms);
          bench_samples_add (&rss, mib);
        }
    }
  if (ok)
    {
      g_autofree char *first_rows = g_strdup_printf ("%s.first-rows", name);
      g_autofree char *first_rows_median = g_strdup_printf ("%s.first-rows.median", name);
      g_autofree char *rss_name = g_strdup_printf ("%s.rss", name);
      g_autofree char *rss_median = g_strdup_printf ("%s.rss.median", name);
      g_autofree char *rss_max = g_strdup_printf ("%s.rss.max", name);

      bench_samples_print (&times, first_rows, "ms");
      bench_samples_print (&rss, rss_name, "MiB");
      median_ms = bench_samples_median (&times);
      median_rss = bench_samples_median (&rss);
      max_rss = bench_samples_max (&rss);
      bench_report (first_rows_median, median_ms, "ms", "< 1000 ms", median_ms < 1000);
      bench_report (rss_median, median_rss, "MiB", "< 200 MB (190.7 MiB)",
                    median_rss * 1024 * 1024 < 200e6);
      bench_report_info (rss_max, max_rss, "MiB");
    }
  bench_samples_clear (&times);
  bench_samples_clear (&rss);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  BenchScale scale;
  BenchReplica data = { 0 };
  BenchReplica synced = { 0 };
  g_autoptr(GError) error = NULL;

  bench_init (&argc, &argv);
  bench_scale_from_env (&scale);
  if (!bench_replica_ensure (&scale, &data, &error))
    bench_fail ("launch.data", error);
  else
    {
      if (!bench_launch (&data, "launch", &error))
        bench_fail ("launch.first-rows", error);
      g_clear_error (&error);
      if (!bench_synced_replica_find (&data, &synced))
        g_print ("# no synced replica yet: bench-full-sync makes it\n");
      else if (!bench_launch (&synced, "launch.synced", &error))
        bench_fail ("launch.synced.first-rows", error);
    }
  bench_replica_clear (&data);
  bench_replica_clear (&synced);
  return bench_finish ();
}
