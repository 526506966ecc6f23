/* dossier-server-change.h: one change as the server receives and keeps it.
 *
 * The server checks the members it needs (id, kind, record, field, value,
 * hlc, device, base_*, resolves, scope) and keeps the whole object as JSON
 * text, so members it does not know reach other clients unchanged.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dossier-hlc.h"

G_BEGIN_DECLS

typedef struct
{
  char       *id;        /* "<device>:<counter>": the same id is the same change */
  char       *kind;
  char       *record;
  char       *field;
  char       *scope;     /* office UUID, or "*" */
  char       *device;
  DossierHlc  hlc;
  char       *json;      /* the change object as received, compact, without "seq" */
} DossierServerChange;

DossierServerChange *dossier_server_change_new_from_json (JsonNode            *node,
                                                          GError             **error);
void                 dossier_server_change_free          (DossierServerChange *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierServerChange, dossier_server_change_free)

G_END_DECLS
