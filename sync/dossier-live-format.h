/* dossier-live-format.h: the compact form of a change on the live channel.
 *
 * The live channel (sync/server/PROTOCOL.md, "Live channel") carries the
 * same changes as POST /v1/push and GET /v1/pull with one-letter keys, and
 * without what the receiver can derive: the device (the part of the id
 * before the colon), the base device when it is the change's own device,
 * and on a push the device part of the id (the connection's device); a
 * scope is the index of the office in the channel's list of scopes.  Both
 * sides convert between this form and the full form of PROTOCOL.md, so the
 * checks and the merge stay those of the full form; members a side does not
 * know travel under "u" with their full names.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The most a live frame may hold; larger ones close the channel (1009). */
#define DOSSIER_LIVE_MAX_FRAME (1024 * 1024)
/* libsoup's own limit, above ours: frames in between are read, then refused
 * with our JSON reason; larger ones are cut off by libsoup unread. */
#define DOSSIER_LIVE_HARD_MAX_FRAME (8 * 1024 * 1024)
#define DOSSIER_LIVE_PATH "/v1/live"

/* Close codes besides RFC 6455's (1007 bad data, 1008 policy, 1009 too big,
 * 1011 server error, 1001 going away): the client syncs over HTTP, then
 * opens a new channel (reasons "scopes_changed", "catch_up"). */
#define DOSSIER_LIVE_CLOSE_SCOPES_CHANGED 4000

JsonObject *dossier_live_change_compact (JsonObject         *full,
                                         const char         *implied_device,
                                         const char *const  *scopes);
JsonObject *dossier_live_change_expand  (JsonObject         *compact,
                                         const char         *implied_device,
                                         const char *const  *scopes,
                                         GError            **error);
char       *dossier_live_close_reason   (const char  *code);
char       *dossier_live_reason_code    (const char  *reason);

G_END_DECLS
