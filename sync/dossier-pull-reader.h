/* dossier-pull-reader.h: a pull answer read straight into DossierChanges. */
#pragma once

#include "dossier-sync-client.h"

G_BEGIN_DECLS

DossierPullPage *dossier_pull_page_read (const char *text,
                                         gsize       length);

G_END_DECLS
