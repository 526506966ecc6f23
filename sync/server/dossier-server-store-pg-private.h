/* dossier-server-store-pg-private.h: the PostgreSQL backend's shared parts.
 *
 * dossier-server-store-pg.c connects, migrates, keeps users, offices and
 * tokens and listens for other server processes' pushes;
 * dossier-server-store-pg-log.c keeps the change log and blobs.
 */
#pragma once

#include <libpq-fe.h>

#include "dossier-server-store-private.h"

G_BEGIN_DECLS

#define DOSSIER_PG_CHANNEL "dossier_changes"

struct _DossierServerStorePg
{
  GObject      parent_instance;

  char        *conninfo;
  char        *instance;       /* tags our own notifications */
  GAsyncQueue *idle;           /* PGconn */
  gint         n_conns;        /* atomic */
  GThread     *listener;
  gint         stopping;       /* atomic */
};

#define DOSSIER_TYPE_SERVER_STORE_PG (dossier_server_store_pg_get_type ())
G_DECLARE_FINAL_TYPE (DossierServerStorePg, dossier_server_store_pg, DOSSIER, SERVER_STORE_PG,
                      GObject)

PGconn   *dossier_pg_take      (DossierServerStorePg  *self,
                                GError               **error);
void      dossier_pg_give      (DossierServerStorePg  *self,
                                PGconn                *conn);
/* Runs `sql` with text parameters; NULL with an error unless it succeeded. */
PGresult *dossier_pg_query     (PGconn                *conn,
                                const char            *sql,
                                int                    n_params,
                                const char *const     *params,
                                GError               **error);
/* The same with binary parameters (`formats` 1) or a binary result. */
PGresult *dossier_pg_query_full (PGconn             *conn,
                                 const char         *sql,
                                 int                 n_params,
                                 const char *const  *params,
                                 const int          *lengths,
                                 const int          *formats,
                                 int                 result_format,
                                 GError            **error);
gboolean  dossier_pg_exec      (PGconn                *conn,
                                const char            *sql,
                                int                    n_params,
                                const char *const     *params,
                                GError               **error);
/* Ends the transaction: COMMIT when `ok`, else ROLLBACK. */
gboolean  dossier_pg_finish    (PGconn                *conn,
                                gboolean               ok,
                                GError               **error);
char     *dossier_pg_int       (gint64                 value);

GArray            *dossier_pg_push        (DossierServerStore       *store,
                                           const char               *user_id,
                                           GPtrArray                *changes,
                                           gint64                    now,
                                           GPtrArray                *forbidden,
                                           GError                  **error);
DossierServerPage *dossier_pg_pull        (DossierServerStore       *store,
                                           const char               *user_id,
                                           gint64                    since,
                                           guint                     limit,
                                           GError                  **error);
gboolean           dossier_pg_blob_status (DossierServerStore       *store,
                                           const char               *sha256,
                                           DossierServerBlobStatus  *out_status,
                                           GError                  **error);
gboolean           dossier_pg_blob_append (DossierServerStore       *store,
                                           const char               *sha256,
                                           gint64                    offset,
                                           gint64                    size,
                                           GBytes                   *chunk,
                                           gint64                    now,
                                           DossierServerBlobStatus  *out_status,
                                           GError                  **error);
GBytes            *dossier_pg_blob_read   (DossierServerStore       *store,
                                           const char               *sha256,
                                           gint64                    offset,
                                           gint64                   *out_size,
                                           GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

G_END_DECLS
