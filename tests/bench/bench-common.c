/* bench-common.c: see bench-common.h. */

#include "bench-common.h"

#include "dossier-date.h"
#include "dossier-keyring.h"
#include "dossier-migrations.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Seen at 2,000 cases: the replica grows by about 112 KB per case (records,
 * outbox, field clocks, search index).  Checked before a long generation. */
#define REPLICA_BYTES_PER_CASE (120 * 1024)

static GPtrArray *results;
static gboolean   failed;

void
bench_init (int    *argc,
            char ***argv)
{
  setlocale (LC_ALL, "");
  /* Figures are printed with a dot, whatever the locale. */
  setlocale (LC_NUMERIC, "C");
  results = g_ptr_array_new_with_free_func (g_free);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || *text == '\0')
    return fallback;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    g_error ("%s must be a number, not “%s”", name, text);
  return (guint) value;
}

void
bench_scale_from_env (BenchScale *scale)
{
  scale->seed = env_uint ("DOSSIER_BENCH_SEED", 1);
  scale->n_cases = env_uint ("DOSSIER_BENCH_CASES", BENCH_DEFAULT_CASES);
  scale->n_notes = env_uint ("DOSSIER_BENCH_NOTES", BENCH_DEFAULT_NOTES);
}

char *
bench_scale_describe (const BenchScale *scale)
{
  return g_strdup_printf ("%u cases, %u policy notes, seed %u", scale->n_cases, scale->n_notes,
                          scale->seed);
}

const char *
bench_data_dir (void)
{
  /* Asked first on the main thread, before any other starts. */
  static char *dir;

  if (dir == NULL)
    {
      const char *env = g_getenv ("DOSSIER_BENCH_DATA");
      const char *fallback = g_getenv ("DOSSIER_BENCH_DEFAULT_DATA");

      if (env == NULL || *env == '\0')
        env = fallback;
      /* Never a guess: the data takes tens of gigabytes. */
      if (env == NULL || *env == '\0')
        {
          g_printerr ("BENCH-ERROR data: set DOSSIER_BENCH_DATA to a folder for the benchmark "
                      "data (meson test and build-aux/bench.sh set it)\n");
          exit (2);
        }
      dir = g_canonicalize_filename (env, NULL);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        g_error ("Cannot create %s: %s", dir, g_strerror (errno));
    }
  return dir;
}

/* Keys ---------------------------------------------------------------------- */

GBytes *
bench_key_new (void)
{
  return dossier_keyring_generate_replica_key ();
}

static gboolean
write_key_file (const char  *path,
                GBytes      *key,
                GError     **error)
{
  gsize size;
  const guint8 *bytes = g_bytes_get_data (key, &size);
  g_autoptr(GString) hex = g_string_new (NULL);
  int fd;
  gboolean ok;

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  g_string_append_c (hex, '\n');
  fd = g_open (path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", path,
                   g_strerror (errno));
      return FALSE;
    }
  ok = write (fd, hex->str, hex->len) == (gssize) hex->len;
  close (fd);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", path);
  return ok;
}

static GBytes *
read_key_file (const char  *path,
               GError     **error)
{
  g_autofree char *text = NULL;
  guint8 *bytes;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  g_strstrip (text);
  if (strlen (text) != 2 * DOSSIER_REPLICA_KEY_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a key", path);
      return NULL;
    }
  bytes = g_malloc (DOSSIER_REPLICA_KEY_SIZE);
  for (guint i = 0; i < DOSSIER_REPLICA_KEY_SIZE; i++)
    bytes[i] = (guint8) (g_ascii_xdigit_value (text[2 * i]) * 16
                         + g_ascii_xdigit_value (text[2 * i + 1]));
  return g_bytes_new_take (bytes, DOSSIER_REPLICA_KEY_SIZE);
}

sqlite3 *
bench_sqlite_open_readonly (const char  *path,
                            GBytes      *key,
                            GError     **error)
{
  sqlite3 *db = NULL;
  gsize size;
  const guint8 *bytes = g_bytes_get_data (key, &size);
  g_autoptr(GString) literal = g_string_new ("x'");

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (literal, "%02x", bytes[i]);
  g_string_append_c (literal, '\'');
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_key (db, literal->str, (int) literal->len) != SQLITE_OK
      || sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot read %s: %s", path,
                   db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_exec (db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  return db;
}

void
bench_remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

gint64
bench_free_disk_bytes (const char *path)
{
  struct statvfs info;

  if (statvfs (path, &info) != 0)
    return -1;
  return (gint64) info.f_bavail * (gint64) info.f_frsize;
}

static gboolean
check_disk (const char  *dir,
            gint64       needed,
            GError     **error)
{
  gint64 available = bench_free_disk_bytes (dir);
  g_autofree char *need_text = g_format_size ((guint64) needed);
  g_autofree char *have_text = g_format_size ((guint64) MAX (available, 0));

  g_print ("# disk: %s free in %s, about %s needed\n", have_text, dir, need_text);
  if (available >= 0 && available < needed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "%s has %s free, the data needs about %s (smaller scale: DOSSIER_BENCH_CASES)",
                   dir, have_text, need_text);
      return FALSE;
    }
  return TRUE;
}

/* The replica ---------------------------------------------------------------- */

static void
generate_progress_cb (const DossierSampleCounts  *done,
                      const DossierSampleOptions *options,
                      gpointer                    user_data)
{
  guint *last = user_data;
  guint64 total = (guint64) options->n_cases + options->n_policy_notes;
  guint percent = total ? (guint) (100 * ((guint64) done->cases + done->policy_notes) / total) : 100;

  if (percent >= *last + 5 || (percent == 100 && *last < 100))
    {
      *last = percent;
      g_print ("#   %3u%%  %u notes, %u cases\n", percent, done->policy_notes, done->cases);
    }
}

static char *
counts_to_text (const DossierSampleCounts *c)
{
  return g_strdup_printf ("%u %u %u %u %u %u %u %u %u", c->offices, c->policy_notes,
                          c->applicants, c->cases, c->checklist_items, c->appointments,
                          c->activity_entries, c->fees, c->shipments);
}

static gboolean
counts_from_text (const char          *text,
                  DossierSampleCounts *c)
{
  return sscanf (text, "%u %u %u %u %u %u %u %u %u", &c->offices, &c->policy_notes,
                 &c->applicants, &c->cases, &c->checklist_items, &c->appointments,
                 &c->activity_entries, &c->fees, &c->shipments) == 9;
}

static void
print_counts (const DossierSampleCounts *c)
{
  g_print ("# data: %u offices, %u policy notes, %u applicants, %u cases, %u checklist items "
           "(%.1f a case), %u appointments (%.1f), %u activity entries (%.1f), %u fees, "
           "%u shipments\n", c->offices, c->policy_notes, c->applicants, c->cases,
           c->checklist_items, c->cases ? (double) c->checklist_items / c->cases : 0,
           c->appointments, c->cases ? (double) c->appointments / c->cases : 0,
           c->activity_entries, c->cases ? (double) c->activity_entries / c->cases : 0,
           c->fees, c->shipments);
}

void
bench_sample_options (const BenchScale     *scale,
                      DossierSampleOptions *options)
{
  GDate today;

  if (!dossier_date_parse_iso (BENCH_TODAY, &today))
    g_assert_not_reached ();
  dossier_sample_options_init (options, scale->seed, &today);
  options->n_cases = scale->n_cases;
  options->n_policy_notes = scale->n_notes;
}

static gboolean
generate_replica (const BenchScale  *scale,
                  BenchReplica      *out,
                  const char        *key_path,
                  const char        *done_path,
                  GError           **error)
{
  DossierSampleOptions options;
  g_autoptr(DossierReplica) replica = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *size = NULL;
  guint last = 0;
  double started = bench_now_ms ();
  GStatBuf buf;
  gboolean ok;

  if (!check_disk (bench_data_dir (), (gint64) scale->n_cases * REPLICA_BYTES_PER_CASE
                                      + (gint64) scale->n_notes * 8192, error))
    return FALSE;
  bench_remove_db (out->path);
  g_unlink (done_path);
  out->key = bench_key_new ();
  if (!write_key_file (key_path, out->key, error))
    return FALSE;
  bench_sample_options (scale, &options);
  g_print ("# generating %s into %s (once; cached for later runs)\n",
           bench_scale_describe (scale), out->path);
  replica = dossier_replica_open_sync (out->path, out->key, TRUE, NULL, error);
  if (replica == NULL)
    return FALSE;
  ok = dossier_sample_data_generate (replica, &options, generate_progress_cb, &last, NULL,
                                     &out->counts, error);
  dossier_replica_close (replica);
  if (!ok)
    return FALSE;
  counts = counts_to_text (&out->counts);
  if (!g_file_set_contents (done_path, counts, -1, error))
    return FALSE;
  size = g_format_size (g_stat (out->path, &buf) == 0 ? (guint64) buf.st_size : 0);
  g_print ("# generated in %.0f s; the replica is %s\n", (bench_now_ms () - started) / 1000, size);
  return TRUE;
}

/**
 * bench_replica_ensure:
 *
 * The sample replica of @scale, generated the first time and found again in
 * the data folder afterwards (DOSSIER_BENCH_REGENERATE=1 makes it anew).  A
 * ".done" file beside it says the generation finished; without it, what is
 * there is a leftover of an interrupted run and is made again.
 */
gboolean
bench_replica_ensure (const BenchScale  *scale,
                      BenchReplica      *out,
                      GError           **error)
{
  g_autofree char *name = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *done_path = NULL;
  g_autofree char *done = NULL;

  memset (out, 0, sizeof *out);
  /* Not the schema's version: a replica of an older schema migrates in place
   * when it is opened (at full scale, making it again takes half an hour). */
  out->tag = g_strdup_printf ("s%u-c%u-n%u-g%u", scale->seed, scale->n_cases, scale->n_notes,
                              BENCH_SAMPLE_GENERATION);
  name = g_strdup_printf ("replica-%s.db", out->tag);
  out->path = g_build_filename (bench_data_dir (), name, NULL);
  key_path = g_strconcat (out->path, ".key", NULL);
  done_path = g_strconcat (out->path, ".done", NULL);

  if (g_strcmp0 (g_getenv ("DOSSIER_BENCH_REGENERATE"), "1") != 0
      && g_file_get_contents (done_path, &done, NULL, NULL)
      && counts_from_text (done, &out->counts)
      && g_file_test (out->path, G_FILE_TEST_EXISTS)
      && (out->key = read_key_file (key_path, NULL)) != NULL)
    {
      g_print ("# data: cached replica %s\n", out->path);
      print_counts (&out->counts);
      return TRUE;
    }
  if (!generate_replica (scale, out, key_path, done_path, error))
    return FALSE;
  print_counts (&out->counts);
  return TRUE;
}

static char *
synced_path (const BenchReplica *sample)
{
  g_autofree char *name = g_strdup_printf ("synced-%s.db", sample->tag);

  return g_build_filename (bench_data_dir (), name, NULL);
}

gboolean
bench_synced_replica_find (const BenchReplica *sample,
                           BenchReplica       *out)
{
  g_autofree char *path = synced_path (sample);
  g_autofree char *key_path = g_strconcat (path, ".key", NULL);

  memset (out, 0, sizeof *out);
  if (!g_file_test (path, G_FILE_TEST_EXISTS)
      || (out->key = read_key_file (key_path, NULL)) == NULL)
    return FALSE;
  out->path = g_steal_pointer (&path);
  out->tag = g_strdup (sample->tag);
  out->counts = sample->counts;
  return TRUE;
}

gboolean
bench_synced_replica_keep (const BenchReplica  *sample,
                           const char          *path,
                           GBytes              *key,
                           GError             **error)
{
  g_autofree char *kept = synced_path (sample);
  g_autofree char *key_path = g_strconcat (kept, ".key", NULL);

  bench_remove_db (kept);
  g_unlink (key_path);
  if (!write_key_file (key_path, key, error))
    return FALSE;
  if (g_rename (path, kept) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot keep %s: %s", path,
                   g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

void
bench_replica_clear (BenchReplica *replica)
{
  g_clear_pointer (&replica->path, g_free);
  g_clear_pointer (&replica->key, g_bytes_unref);
  g_clear_pointer (&replica->tag, g_free);
}

/* Samples and results ---------------------------------------------------------- */

void
bench_samples_init (BenchSamples *samples)
{
  samples->values = g_array_new (FALSE, FALSE, sizeof (double));
}

void
bench_samples_clear (BenchSamples *samples)
{
  g_clear_pointer (&samples->values, g_array_unref);
}

void
bench_samples_add (BenchSamples *samples,
                   double        value)
{
  g_array_append_val (samples->values, value);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Nearest rank on the sorted samples. */
double
bench_samples_percentile (BenchSamples *samples,
                          double        percent)
{
  guint n = samples->values->len;
  guint rank;

  if (n == 0)
    return 0;
  g_array_sort (samples->values, compare_doubles);
  rank = (guint) MAX (1.0, (percent / 100.0) * n + 0.999999);
  return g_array_index (samples->values, double, MIN (rank, n) - 1);
}

double
bench_samples_median (BenchSamples *samples)
{
  guint n = samples->values->len;

  if (n == 0)
    return 0;
  g_array_sort (samples->values, compare_doubles);
  if (n % 2 == 1)
    return g_array_index (samples->values, double, n / 2);
  return (g_array_index (samples->values, double, n / 2 - 1)
          + g_array_index (samples->values, double, n / 2)) / 2;
}

double
bench_samples_min (BenchSamples *samples)
{
  return bench_samples_percentile (samples, 0);
}

double
bench_samples_max (BenchSamples *samples)
{
  return bench_samples_percentile (samples, 100);
}

void
bench_samples_print (BenchSamples *samples,
                     const char   *name,
                     const char   *unit)
{
  g_print ("# %s: n=%u min %.3f median %.3f p99 %.3f max %.3f %s\n", name, samples->values->len,
           bench_samples_min (samples), bench_samples_median (samples),
           bench_samples_percentile (samples, 99), bench_samples_max (samples), unit);
}

static char *
format_value (double value)
{
  if (value >= 1000)
    return g_strdup_printf ("%.0f", value);
  if (value >= 10)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.3g", value);
}

void
bench_report (const char *name,
              double      value,
              const char *unit,
              const char *bound,
              gboolean    met)
{
  g_autofree char *text = format_value (value);
  char *line = g_strdup_printf ("BENCH %s: %s %s target: %s %s", name, text, unit, bound,
                                met ? "met" : "missed");

  g_ptr_array_add (results, line);
}

void
bench_report_info (const char *name,
                   double      value,
                   const char *unit)
{
  g_autofree char *text = format_value (value);
  char *line = g_strdup_printf ("BENCH %s: %s %s target: none reported", name, text, unit);

  g_ptr_array_add (results, line);
}

void
bench_fail (const char   *what,
            const GError *error)
{
  char *line = g_strdup_printf ("BENCH-ERROR %s: %s", what, error ? error->message : "failed");

  g_printerr ("%s\n", line);
  g_ptr_array_add (results, line);
  failed = TRUE;
}

int
bench_finish (void)
{
  g_print ("# ---- results ----\n");
  for (guint i = 0; i < results->len; i++)
    g_print ("%s\n", (const char *) results->pdata[i]);
  g_clear_pointer (&results, g_ptr_array_unref);
  return failed ? 1 : 0;
}

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

gint64
bench_vm_rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

/* The server ---------------------------------------------------------------- */

char *
bench_server_admin (const char  *store_spec,
                    const char  *input,
                    GError     **error,
                    ...)
{
  const char *bin = g_getenv ("DOSSIER_SERVER_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) admin = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, g_strdup (bin));
  g_ptr_array_add (argv, g_strdup ("admin"));
  g_ptr_array_add (argv, g_strconcat ("--store=", store_spec, NULL));
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  admin = g_subprocess_newv ((const char *const *) argv->pdata,
                             G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                             | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (admin == NULL || !g_subprocess_communicate_utf8 (admin, input, NULL, &out, &err, error))
    return NULL;
  if (!g_subprocess_get_successful (admin))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "dossier-server admin failed: %s", err);
      return NULL;
    }
  return g_strdup (g_strstrip (out));
}

/* Starts dossier-server on a free loopback port and waits for its
 * "Listening on" line. */
gboolean
bench_server_start (BenchServer  *server,
                    const char   *store_spec,
                    GError      **error)
{
  const char *bin = g_getenv ("DOSSIER_SERVER_BIN");

  if (bin == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "DOSSIER_SERVER_BIN is not set");
      return FALSE;
    }
  memset (server, 0, sizeof *server);
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      g_autofree char *listen = NULL;
      g_autofree char *store = g_strconcat ("--store=", store_spec, NULL);
      g_autoptr(GDataInputStream) out = NULL;
      g_autofree char *line = NULL;

      server->port = g_random_int_range (20000, 60000);
      listen = g_strdup_printf ("--listen=127.0.0.1:%u", server->port);
      server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error, bin, listen,
                                          store, NULL);
      if (server->process == NULL)
        return FALSE;
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
      line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);
      if (line != NULL && g_str_has_prefix (line, "Listening on"))
        {
          server->url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
          return TRUE;
        }
      g_subprocess_force_exit (server->process);
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "dossier-server did not start");
  return FALSE;
}

void
bench_server_stop (BenchServer *server)
{
  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
    }
  g_clear_object (&server->process);
  g_clear_pointer (&server->url, g_free);
}
