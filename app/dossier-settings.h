/* dossier-settings.h: the client's GSettings (schema org.dossier.Dossier) and
 * the few keys whose empty value stands for a computed default.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *dossier_settings_new             (void);
char      *dossier_settings_dup_author_name (GSettings *settings);
char      *dossier_settings_dup_default_author_name (void);

G_END_DECLS
