/* dossier-migrations.h: forward-only, numbered schema migrations.
 *
 * Migrations are SQL files compiled in as a GResource under a prefix, named
 * NNN-description.sql.  The version reached is kept in PRAGMA user_version;
 * each migration runs in its own transaction together with that update.
 */
#pragma once

#include <gio/gio.h>
#include <sqlcipher/sqlite3.h>

G_BEGIN_DECLS

#define DOSSIER_REPLICA_MIGRATIONS "/org/dossier/Dossier/schema/replica"

guint    dossier_migrations_count   (const char  *resource_prefix);
gboolean dossier_migrations_apply   (sqlite3     *db,
                                     const char  *resource_prefix,
                                     guint        target_version,   /* 0 = latest */
                                     GError     **error);
int      dossier_migrations_current (sqlite3     *db);

G_END_DECLS
