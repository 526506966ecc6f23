/* bench-common.h: what the benchmark programs share.
 *
 * The data set (sample data at the scale of DESIGN.md section 5, cached in
 * the build folder), samples and their statistics, the one-line results
 * ("BENCH name: value unit target: bound met"), and a real dossier-server
 * process on a loopback port.
 *
 * Scale: DOSSIER_BENCH_CASES (default 100000), DOSSIER_BENCH_NOTES (default
 * 10000), DOSSIER_BENCH_SEED (default 1).  Cache: the folder
 * DOSSIER_BENCH_DATA, else DOSSIER_BENCH_DEFAULT_DATA (meson points it at
 * BUILDDIR/bench-data).
 */
#pragma once

#include <gio/gio.h>
#include <sqlcipher/sqlite3.h>

#include "dossier-replica.h"
#include "dossier-sample-data.h"

G_BEGIN_DECLS

#define BENCH_DEFAULT_CASES 100000
#define BENCH_DEFAULT_NOTES 10000
/* The generated data is relative to this day, so that a cached replica is
 * the same whenever it was made. */
#define BENCH_TODAY "2026-03-02"
#define BENCH_USER "bench"
#define BENCH_PASSWORD "bench-password-not-secret"

/* The sample generator's output: bump it when the generator makes other
 * data, so that cached replicas and server stores are made anew. */
#define BENCH_SAMPLE_GENERATION 1

typedef struct
{
  guint32 seed;
  guint   n_cases;
  guint   n_notes;
} BenchScale;

/* The cached sample replica.  Its key lives in a 0600 file beside it: the
 * throwaway keyring of a benchmark run does not outlive the run, and the
 * file holds generated data only, never a user's. */
typedef struct
{
  char                *path;
  GBytes              *key;
  DossierSampleCounts  counts;
  char                *tag;      /* "s1-c100000-n10000-g1": seed, counts, generation */
} BenchReplica;

/* The server store filled with the replica's outbox (SQLite). */
typedef struct
{
  char   *path;
  char   *spec;                  /* "sqlite:PATH" */
  gint64  changes;
  char   *user_id;
} BenchServerStore;

/* A real dossier-server process. */
typedef struct
{
  GSubprocess *process;
  char        *url;              /* "http://127.0.0.1:PORT" */
  guint        port;
} BenchServer;

void         bench_init                  (int              *argc,
                                          char           ***argv);
void         bench_scale_from_env        (BenchScale       *scale);
const char  *bench_data_dir              (void);
char        *bench_scale_describe        (const BenchScale *scale);

void         bench_sample_options        (const BenchScale     *scale,
                                          DossierSampleOptions *options);
gboolean     bench_replica_ensure        (const BenchScale *scale,
                                          BenchReplica     *out,
                                          GError          **error);
void         bench_replica_clear         (BenchReplica     *replica);
/* The replica the last first full sync made (bench-full-sync keeps it):
 * what a user who synced the sample data has.  FALSE when there is none. */
gboolean     bench_synced_replica_find   (const BenchReplica *sample,
                                          BenchReplica       *out);
/* Makes `path` (with `key`) the synced replica of `sample`'s tag. */
gboolean     bench_synced_replica_keep   (const BenchReplica *sample,
                                          const char         *path,
                                          GBytes             *key,
                                          GError            **error);
GBytes      *bench_key_new               (void);
sqlite3     *bench_sqlite_open_readonly  (const char       *path,
                                          GBytes           *key,
                                          GError          **error);

gboolean     bench_server_store_ensure   (const BenchScale *scale,
                                          BenchReplica     *replica,
                                          BenchServerStore *out,
                                          GError          **error);
void         bench_server_store_clear    (BenchServerStore *store);

gboolean     bench_server_start          (BenchServer      *server,
                                          const char       *store_spec,
                                          GError          **error);
void         bench_server_stop           (BenchServer      *server);
/* `dossier-server admin --store=SPEC ARGS...`; returns its output, stripped. */
char        *bench_server_admin          (const char       *store_spec,
                                          const char       *input,
                                          GError          **error,
                                          ...) G_GNUC_NULL_TERMINATED;

/* Samples, in the unit they were taken in. */
typedef struct
{
  GArray *values;                /* double */
} BenchSamples;

void         bench_samples_init          (BenchSamples     *samples);
void         bench_samples_clear         (BenchSamples     *samples);
void         bench_samples_add           (BenchSamples     *samples,
                                          double            value);
double       bench_samples_percentile    (BenchSamples     *samples,
                                          double            percent);
double       bench_samples_median        (BenchSamples     *samples);
double       bench_samples_min           (BenchSamples     *samples);
double       bench_samples_max           (BenchSamples     *samples);
/* "# name: n=20 min 1.2 median 1.5 p99 2.0 max 2.2 ms" */
void         bench_samples_print         (BenchSamples     *samples,
                                          const char       *name,
                                          const char       *unit);

/* Result lines, printed together by bench_finish() at the end. */
void         bench_report                (const char       *name,
                                          double            value,
                                          const char       *unit,
                                          const char       *bound,
                                          gboolean          met);
void         bench_report_info           (const char       *name,
                                          double            value,
                                          const char       *unit);
/* Something could not be measured: printed, and the exit status says so. */
void         bench_fail                  (const char       *what,
                                          const GError     *error);
/* Prints every result line and returns the exit status: 0 whether targets
 * were met or not, 1 when something could not be measured. */
int          bench_finish                (void);

double       bench_now_ms                (void);
gint64       bench_vm_rss_kib            (GPid              pid);
gint64       bench_free_disk_bytes       (const char       *path);
void         bench_remove_db             (const char       *path);

G_END_DECLS
