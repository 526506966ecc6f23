/* dossier-timestamp.c: stored timestamps (UTC) and their readable local form. */
#include "dossier-timestamp.h"

#include <glib/gi18n-lib.h>

char *
dossier_timestamp_format_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

GDateTime *
dossier_timestamp_parse (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;

  /* With no default zone, GLib refuses a time that names none. */
  return g_date_time_new_from_iso8601 (text, NULL);
}

static void
set_calendar_day (GDate     *date,
                  GDateTime *time)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (time),
                  (GDateMonth) g_date_time_get_month (time),
                  (GDateYear) g_date_time_get_year (time));
}

/* The format for a moment `days_ago` calendar days before today. */
static const char *
pick_format (gint     days_ago,
             gboolean same_year)
{
  if (days_ago == 0)
    /* Translators: a time today, in g_date_time_format() notation. */
    return _("Today, %H:%M");
  if (days_ago == 1)
    /* Translators: a time yesterday, in g_date_time_format() notation. */
    return _("Yesterday, %H:%M");
  if (days_ago > 1 && days_ago < 7)
    /* Translators: a weekday and time within the past week, in g_date_time_format() notation. */
    return _("%A, %H:%M");
  if (days_ago > 0 && same_year)
    /* Translators: a day and time earlier this year, in g_date_time_format() notation. */
    return _("%-d %B, %H:%M");
  /* Translators: a full date and time, in g_date_time_format() notation. */
  return _("%-d %B %Y, %H:%M");
}

char *
dossier_timestamp_format_readable (const char *text,
                                   GDateTime  *now)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate day, today;
  gint days_ago;

  g_return_val_if_fail (now != NULL, NULL);

  parsed = dossier_timestamp_parse (text);
  if (parsed == NULL)
    return g_strdup (text != NULL ? text : "");

  local = g_date_time_to_timezone (parsed, g_date_time_get_timezone (now));
  set_calendar_day (&day, local);
  set_calendar_day (&today, now);
  days_ago = g_date_days_between (&day, &today);
  if (g_date_time_compare (parsed, now) > 0 && days_ago != 0)
    days_ago = -1;

  return g_date_time_format (local, pick_format (days_ago, g_date_time_get_year (local)
                                                             == g_date_time_get_year (now)));
}
