/* dossier-date.h: calendar dates as the replica stores them (ISO 8601, YYYY-MM-DD).
 *
 * The replica keeps every date as text; the rules (passport validity, due dates,
 * two-digit MRZ years) need arithmetic.  These helpers convert between the two
 * strictly, so that "2023-02-29" or "2023-2-3" never becomes a date.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * dossier_date_parse_iso:
 * @text: (nullable): text in the form YYYY-MM-DD
 * @out_date: (out caller-allocates) (optional): the date
 *
 * Parses a strict ISO 8601 calendar date: four-digit year (0001-9999), two-digit
 * month and day, a real day of the calendar.  No surrounding whitespace.
 *
 * Returns: %TRUE if @text is such a date; @out_date is cleared (invalid) otherwise
 */
gboolean dossier_date_parse_iso   (const char  *text,
                                   GDate       *out_date);

/**
 * dossier_date_format_iso:
 * @date: a valid date
 *
 * Returns: (transfer full): @date as YYYY-MM-DD
 */
char    *dossier_date_format_iso  (const GDate *date);

/**
 * dossier_date_set_today:
 * @date: (out caller-allocates): the date to set
 *
 * Sets @date to today in the local time zone.
 */
void     dossier_date_set_today   (GDate       *date);

/**
 * dossier_date_add_months:
 * @date: a valid date, changed in place
 * @months: months to add
 *
 * Adds calendar months, clamping to the last day of a shorter month:
 * 2023-08-31 plus 6 months is 2024-02-29, and 2024-11-30 plus 3 months is
 * 2025-02-28.  This is how consulates count "valid 6 months beyond".
 */
void     dossier_date_add_months  (GDate       *date,
                                   guint        months);

/**
 * dossier_date_add_years:
 * @date: a valid date, changed in place
 * @years: years to add
 *
 * Adds calendar years; 29 February becomes 28 February in a common year.
 */
void     dossier_date_add_years   (GDate       *date,
                                   guint        years);

/**
 * dossier_date_days_between:
 * @first: a valid date
 * @last: a valid date
 *
 * Returns: the number of days from @first to @last (negative if @last is earlier)
 */
gint     dossier_date_days_between (const GDate *first,
                                    const GDate *last);

G_END_DECLS
