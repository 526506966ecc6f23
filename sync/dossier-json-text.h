/* dossier-json-text.h: JSON text checked before json-glib parses it. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_JSON_MAX_DEPTH 64

const char *dossier_json_text_check (const char *data,
                                     gsize       length);

const char *dossier_json_string_member (JsonObject *object,
                                       const char *name);

G_END_DECLS
