/* dossier-sync-format.h: what the sync status and the conflicts view say, in
 * words, and the rules behind them: when the last sync is too old, which
 * conflicts come first, what a server address is.  No GTK here: the header
 * bar, the account dialog and the conflicts view show what these return.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_SERVER_ADDRESS_ERROR (dossier_server_address_error_quark ())

typedef enum
{
  DOSSIER_SERVER_ADDRESS_ERROR_EMPTY,
  DOSSIER_SERVER_ADDRESS_ERROR_INVALID,   /* not an address at all */
  DOSSIER_SERVER_ADDRESS_ERROR_SCHEME,    /* an address, but not http:// or https:// */
} DossierServerAddressError;

GQuark      dossier_server_address_error_quark (void);

/**
 * dossier_sync_format_last_success:
 * @last_success: Unix seconds of the last successful sync, 0 for never
 * @now: the current moment, in the time zone to show the time in
 *
 * "Synced at 10:42" today, "Synced yesterday at 18:05", "Synced on 3 May"
 * earlier this year, "Synced on 3 May 2025" before; "Never synced" for 0.
 * A time ahead of @now (the clock was set back) is shown with its date.
 *
 * Returns: (transfer full): the text
 */
char       *dossier_sync_format_last_success   (gint64      last_success,
                                                GDateTime  *now);

/**
 * dossier_sync_days_without_success:
 * @last_success: Unix seconds of the last successful sync, 0 for never
 * @now: the current moment
 *
 * Returns: the whole days (24 hours each) since @last_success; 0 for never
 *   and for a time ahead of @now
 */
guint       dossier_sync_days_without_success  (gint64      last_success,
                                                GDateTime  *now);

/**
 * dossier_sync_should_warn:
 * @last_success: Unix seconds of the last successful sync, 0 for never
 * @now: the current moment
 * @warning_days: the setting sync-warning-days (at least 1)
 *
 * A replica that synced once and not for @warning_days whole days may miss
 * what colleagues did since: the window warns.  One that never synced has
 * nothing to be behind on yet, and says so in its status instead.
 *
 * Returns: %TRUE if the window should warn
 */
gboolean    dossier_sync_should_warn           (gint64      last_success,
                                                GDateTime  *now,
                                                guint       warning_days);

/**
 * dossier_sync_format_warning:
 * @days: whole days without a successful sync
 *
 * Returns: (transfer full): "No successful sync for 4 days", with the plural
 *   of the user's language
 */
char       *dossier_sync_format_warning        (guint       days);

/**
 * dossier_format_count:
 * @n: a count
 *
 * Returns: (transfer full): "23,517": digits grouped as the locale groups
 *   them, with a comma where it does not (the C locale)
 */
char       *dossier_format_count               (guint64     n);

/**
 * dossier_sync_format_pending:
 * @pending: local changes not yet sent
 *
 * Returns: (transfer full): "1 change not yet sent", "23,517 changes not
 *   yet sent"; "" for 0
 */
char       *dossier_sync_format_pending        (gint64      pending);

/**
 * dossier_sync_format_conflicts:
 * @conflicts: open conflicts
 *
 * Returns: (transfer full): "1 conflict to resolve", "2 conflicts to
 *   resolve"; "No conflicts" for 0
 */
char       *dossier_sync_format_conflicts      (gint64      conflicts);

/**
 * dossier_sync_format_hlc_time:
 * @hlc: (nullable): a clock in its 16-digit text form (dossier_hlc_to_string())
 * @now: the current moment, in the time zone to show the time in
 *
 * The wall-clock part of a change's clock, when its writer made it, in the
 * readable form of dossier_timestamp_format_readable() ("Today, 14:05").
 *
 * Returns: (transfer full) (nullable): the text, or %NULL if @hlc is not a clock
 */
char       *dossier_sync_format_hlc_time       (const char *hlc,
                                                GDateTime  *now);

/**
 * dossier_sync_normalize_server_address:
 * @text: what the user typed
 * @error: return location for a #DOSSIER_SERVER_ADDRESS_ERROR
 *
 * Accepts "https://sync.example.org", "http://127.0.0.1:8080" and, without
 * a scheme, a host with an optional port: "localhost:8080" and loopback
 * addresses get http:// (a server on this computer has no certificate),
 * every other host https://.  A path is kept (a server behind a proxy), a
 * trailing slash, user names, queries and fragments are not accepted or
 * dropped.
 *
 * Returns: (transfer full) (nullable): the address to connect to
 */
char       *dossier_sync_normalize_server_address (const char  *text,
                                                   GError     **error);

/**
 * dossier_conflicts_sort:
 * @conflicts: (element-type JsonObject): conflicts as
 *   dossier_replica_list_conflicts_finish() returns them
 *
 * Sorts in place: critical fields (passport number, decision, appointment
 * time...) first, then the oldest detected first, then by record and field,
 * so the order never changes between two refreshes of the same list.
 */
void        dossier_conflicts_sort             (GPtrArray  *conflicts);

/**
 * dossier_record_title:
 * @kind: the record's kind
 * @context: (nullable): what is known about the record's case, as
 *   dossier_replica_locate_records_finish() gives it: "reference",
 *   "family_name", "given_names", "native_name", "title"
 *
 * "DOS-2026-00042 · WANG Fang" for a case, its applicant or one of its
 * items, the note's title for a policy note; the kind's label when nothing
 * is known (a record deleted since).
 *
 * Returns: (transfer full): the title
 */
char       *dossier_record_title               (const char *kind,
                                                JsonObject *context);

G_END_DECLS
