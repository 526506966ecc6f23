/* dossier-server-store-sqlite-private.h: the SQLite backend's shared parts.
 *
 * dossier-server-store-sqlite.c opens the file and keeps users, offices and
 * tokens; dossier-server-store-sqlite-log.c keeps the change log and blobs.
 */
#pragma once

#include <sqlcipher/sqlite3.h>

#include "dossier-server-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  sqlite3    *db;
  GHashTable *statements;   /* SQL text (a literal) -> sqlite3_stmt */
} DossierSqliteConn;

struct _DossierServerStoreSqlite
{
  GObject            parent_instance;

  char              *path;
  GMutex             writer_lock;
  DossierSqliteConn *writer;
  GAsyncQueue       *idle_readers;
  gint               n_readers;      /* atomic */
};

#define DOSSIER_TYPE_SERVER_STORE_SQLITE (dossier_server_store_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (DossierServerStoreSqlite, dossier_server_store_sqlite, DOSSIER,
                      SERVER_STORE_SQLITE, GObject)

DossierSqliteConn *dossier_sqlite_connection_open (const char                *path,
                                                   GError                   **error);
void               dossier_sqlite_connection_free (DossierSqliteConn         *conn);
gboolean           dossier_sqlite_error           (DossierSqliteConn         *conn,
                                                   const char                *what,
                                                   GError                   **error);
gboolean           dossier_sqlite_exec            (DossierSqliteConn         *conn,
                                                   const char                *sql,
                                                   GError                   **error);
sqlite3_stmt      *dossier_sqlite_prepare         (DossierSqliteConn         *conn,
                                                   const char                *sql,
                                                   GError                   **error);
gboolean           dossier_sqlite_step_done       (DossierSqliteConn         *conn,
                                                   sqlite3_stmt              *stmt,
                                                   const char                *what,
                                                   GError                   **error);
gboolean           dossier_sqlite_step_row        (DossierSqliteConn         *conn,
                                                   sqlite3_stmt              *stmt,
                                                   gboolean                  *out_row,
                                                   GError                   **error);
char              *dossier_sqlite_column_text     (sqlite3_stmt              *stmt,
                                                   int                        column);

/* The writer, in a BEGIN IMMEDIATE transaction; unlock commits when `ok`. */
DossierSqliteConn *dossier_sqlite_lock_writer     (DossierServerStoreSqlite  *self,
                                                   GError                   **error);
gboolean           dossier_sqlite_unlock_writer   (DossierServerStoreSqlite  *self,
                                                   gboolean                   ok,
                                                   GError                   **error);
/* A reader, in a read transaction: one snapshot until it is given back. */
DossierSqliteConn *dossier_sqlite_take_reader     (DossierServerStoreSqlite  *self,
                                                   GError                   **error);
void               dossier_sqlite_give_reader     (DossierServerStoreSqlite  *self,
                                                   DossierSqliteConn         *conn);

GArray            *dossier_sqlite_push            (DossierServerStore        *store,
                                                   const char                *user_id,
                                                   GPtrArray                 *changes,
                                                   gint64                     now,
                                                   GPtrArray                 *forbidden,
                                                   GError                   **error);
DossierServerPage *dossier_sqlite_pull            (DossierServerStore        *store,
                                                   const char                *user_id,
                                                   gint64                     since,
                                                   guint                      limit,
                                                   GError                   **error);
gboolean           dossier_sqlite_blob_status     (DossierServerStore        *store,
                                                   const char                *sha256,
                                                   DossierServerBlobStatus   *out_status,
                                                   GError                   **error);
gboolean           dossier_sqlite_blob_append     (DossierServerStore        *store,
                                                   const char                *sha256,
                                                   gint64                     offset,
                                                   gint64                     size,
                                                   GBytes                    *chunk,
                                                   gint64                     now,
                                                   DossierServerBlobStatus   *out_status,
                                                   GError                   **error);
GBytes            *dossier_sqlite_blob_read       (DossierServerStore        *store,
                                                   const char                *sha256,
                                                   gint64                     offset,
                                                   gint64                    *out_size,
                                                   GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierSqliteConn, dossier_sqlite_connection_free)

G_END_DECLS
