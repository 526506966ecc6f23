/* pg-cluster.h: a throwaway PostgreSQL cluster, stopped when the program ends. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PgCluster PgCluster;

/* For tests: fsync off; aborts when the cluster cannot start. */
PgCluster *pg_cluster_start        (const char  *bindir);
/* For benchmarks: durable (fsync and synchronous_commit at PostgreSQL's
 * defaults) when `durable`; NULL with `error` when it cannot start. */
PgCluster *pg_cluster_start_full   (const char  *bindir,
                                    gboolean     durable,
                                    GError     **error);
/* Returns: a "postgresql:..." store spec naming a new, empty database */
char      *pg_cluster_new_database (PgCluster   *cluster);
char      *pg_cluster_new_database_full (PgCluster  *cluster,
                                         GError    **error);

G_END_DECLS
