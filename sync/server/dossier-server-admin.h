/* dossier-server-admin.h: `dossier-server admin`, working on the store directly. */
#pragma once

#include <stdio.h>

#include "dossier-server-store.h"

G_BEGIN_DECLS

/* Default store spec: sqlite in $XDG_DATA_HOME/dossier-server/server.db. */
char *dossier_server_default_store (void);

/* argv[0] is "admin".  Returns the process exit status. */
int   dossier_server_admin_main    (int     argc,
                                    char  **argv,
                                    FILE   *input,
                                    FILE   *output);

G_END_DECLS
