/* pg-cluster.h: a throwaway PostgreSQL cluster, stopped when the test program ends. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PgCluster PgCluster;

PgCluster *pg_cluster_start        (const char *bindir);
char      *pg_cluster_new_database (PgCluster  *cluster);

G_END_DECLS
