/* dossier-replica-opener.h: finding, unlocking and (on first run) creating the
 * encrypted replica.  No GTK here: the window only shows what this decided.
 */
#pragma once

#include <gio/gio.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_OPEN_ERROR (dossier_open_error_quark ())

typedef enum
{
  DOSSIER_OPEN_ERROR_NO_KEY,   /* a replica file exists, but the keyring has no key for it */
} DossierOpenError;

GQuark          dossier_open_error_quark       (void);

char           *dossier_replica_opener_dup_default_path (void);

void            dossier_replica_opener_open_async   (const char          *path,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
DossierReplica *dossier_replica_opener_open_finish  (GAsyncResult        *result,
                                                     GError             **error);

const char     *dossier_replica_opener_describe_error (const GError *error);

G_END_DECLS
