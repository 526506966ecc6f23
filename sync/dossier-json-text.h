/* dossier-json-text.h: JSON text checked before json-glib parses it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOSSIER_JSON_MAX_DEPTH 64

const char *dossier_json_text_check (const char *data,
                                     gsize       length);

G_END_DECLS
