/* dossier-date.c: strict ISO 8601 dates and the month arithmetic of the rules. */
#include "dossier-date.h"

#include <string.h>

static gboolean
read_digits (const char *text,
             guint       count,
             guint      *out_value)
{
  guint value = 0;

  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint) g_ascii_digit_value (text[i]);
    }
  *out_value = value;
  return TRUE;
}

gboolean
dossier_date_parse_iso (const char *text,
                        GDate      *out_date)
{
  guint year, month, day;

  if (out_date != NULL)
    g_date_clear (out_date, 1);

  /* GDate's own parser is locale-dependent and lenient; the replica is not. */
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (!read_digits (text, 4, &year) || !read_digits (text + 5, 2, &month)
      || !read_digits (text + 8, 2, &day))
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  if (out_date != NULL)
    g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

char *
dossier_date_format_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

void
dossier_date_set_today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

void
dossier_date_add_months (GDate *date,
                         guint  months)
{
  g_return_if_fail (date != NULL && g_date_valid (date));

  /* g_date_add_months() already clamps the day to the target month's length. */
  g_date_add_months (date, months);
}

void
dossier_date_add_years (GDate *date,
                        guint  years)
{
  g_return_if_fail (date != NULL && g_date_valid (date));

  g_date_add_years (date, years);
}

gint
dossier_date_days_between (const GDate *first,
                           const GDate *last)
{
  g_return_val_if_fail (first != NULL && g_date_valid (first), 0);
  g_return_val_if_fail (last != NULL && g_date_valid (last), 0);

  return g_date_days_between (first, last);
}
