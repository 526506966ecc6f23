/* bench-data.c: prepares (once) and describes the benchmarks' data.
 *
 * Generates the sample replica of the chosen scale and the server store
 * holding its changes, unless both are cached in DOSSIER_BENCH_DATA, and
 * prints what they hold and the machine the figures are taken on.  The
 * other benchmarks call the same functions, so they also work alone; this
 * one runs first so that their logs hold figures, not data preparation.
 */

#include "bench-common.h"

#include <string.h>

static void
print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *meminfo = NULL;
  const char *model = NULL, *total = NULL;
  guint cores = 0;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (cpuinfo, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "processor"))
          cores++;
        else if (model == NULL && g_str_has_prefix (lines[i], "model name"))
          model = g_intern_string (strchr (lines[i], ':') + 2);
    }
  if (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL)
      && (total = strstr (meminfo, "MemTotal:")) != NULL)
    {
      g_autofree char *line = g_strndup (total + 9, strcspn (total + 9, "\n"));
      total = g_intern_string (g_strstrip (line));
    }
  g_print ("# machine: %u cores (%s), %s memory\n", cores, model ? model : "?",
           total ? total : "?");
}

int
main (int    argc,
      char **argv)
{
  BenchScale scale;
  BenchReplica replica = { 0 };
  BenchServerStore store = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *scale_text = NULL;

  bench_init (&argc, &argv);
  bench_scale_from_env (&scale);
  scale_text = bench_scale_describe (&scale);
  print_machine ();
  g_print ("# scale: %s; data folder %s\n", scale_text, bench_data_dir ());

  if (!bench_replica_ensure (&scale, &replica, &error))
    bench_fail ("data.replica", error);
  else if (!bench_server_store_ensure (&scale, &replica, &store, &error))
    bench_fail ("data.server-store", error);
  bench_replica_clear (&replica);
  bench_server_store_clear (&store);
  return bench_finish ();
}
