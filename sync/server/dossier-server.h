/* dossier-server.h: the sync server, protocol version 1 (PROTOCOL.md).
 *
 * A DossierServer serves one DossierServerStore over HTTP (HTTPS when it has
 * a certificate) on the thread-default main context it was created in.
 * Requests are answered on worker threads, so a slow login (argon2id) or a
 * large push never holds up the others; pulls may wait up to 30 seconds for
 * a change in the caller's scopes.
 */
#pragma once

#include <gio/gio.h>

#include "dossier-server-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_SERVER (dossier_server_get_type ())
G_DECLARE_FINAL_TYPE (DossierServer, dossier_server, DOSSIER, SERVER, GObject)

#define DOSSIER_SERVER_ERROR (dossier_server_error_quark ())

typedef enum
{
  DOSSIER_SERVER_ERROR_ADDRESS_IN_USE,   /* another process listens there */
  DOSSIER_SERVER_ERROR_LISTEN,           /* any other reason not to listen */
} DossierServerError;

GQuark              dossier_server_error_quark         (void);

DossierServer      *dossier_server_new                 (DossierServerStore  *store,
                                                        GTlsCertificate     *certificate);
gboolean            dossier_server_listen              (DossierServer       *self,
                                                        GInetSocketAddress  *address,
                                                        GError             **error);
GUri               *dossier_server_get_uri             (DossierServer       *self);
DossierServerStore *dossier_server_get_store           (DossierServer       *self);
gint64              dossier_server_get_token_lifetime  (DossierServer       *self);
void                dossier_server_set_token_lifetime  (DossierServer       *self,
                                                        gint64               seconds);

G_END_DECLS
