/* dossier-timestamp.h: moments in time as the replica stores them (ISO 8601
 * in UTC) and as people read them (local time, "Today, 14:05").
 *
 * Activity entries and attachments are stamped with the moment they were
 * written; every device must write the same form so that they sort the same
 * way everywhere, and every reader sees them in its own time zone.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * dossier_timestamp_format_utc:
 * @time: a moment, in any time zone
 *
 * Returns: (transfer full): @time in UTC as YYYY-MM-DDTHH:MM:SSZ
 */
char      *dossier_timestamp_format_utc   (GDateTime  *time);

/**
 * dossier_timestamp_parse:
 * @text: (nullable): an ISO 8601 date and time with a time zone
 *
 * A time without a zone is refused: the replica never stores one, and
 * guessing the writer's zone would move the moment.
 *
 * Returns: (transfer full) (nullable): the moment, or %NULL if @text is not one
 */
GDateTime *dossier_timestamp_parse        (const char *text);

/**
 * dossier_timestamp_format_readable:
 * @text: (nullable): a stored timestamp
 * @now: the current moment, in the time zone to show @text in
 *
 * "Today, 14:05", "Yesterday, 09:12", "Monday, 16:40" within the past week,
 * "3 May, 10:00" within the same year and "3 May 2023, 10:00" before.  A
 * moment after @now (another device's clock running ahead) is shown with its
 * full date.
 *
 * Returns: (transfer full): the readable form, or a copy of @text (the empty
 *   string for %NULL) when it is not a timestamp
 */
char      *dossier_timestamp_format_readable (const char *text,
                                              GDateTime  *now);

G_END_DECLS
