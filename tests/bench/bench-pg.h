/* bench-pg.h: a private, durable PostgreSQL cluster, stopped when the benchmark ends. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _BenchPg BenchPg;

BenchPg *bench_pg_start        (const char  *bindir,
                                GError     **error);
/* Returns: a "postgresql:..." store spec naming a new, empty database */
char    *bench_pg_new_database (BenchPg     *pg,
                                GError     **error);
void     bench_pg_free         (BenchPg     *pg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchPg, bench_pg_free)

G_END_DECLS
