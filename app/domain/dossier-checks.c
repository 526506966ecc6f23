/* dossier-checks.c: case checks, decision checks, duplicates and field validation.
 *
 * Everything here is a pure function of its arguments (today's date included),
 * so the rules can be tested day by day and the UI can re-run them on every
 * keystroke.
 */
#include "dossier-checks.h"

#include "dossier-countries.h"
#include "dossier-date.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#define PASSPORT_NUMBER_MIN 5
#define PASSPORT_NUMBER_MAX 9
#define PHONE_DIGITS_MIN 6
#define PHONE_DIGITS_MAX 15
#define EMAIL_MAX 254

G_DEFINE_QUARK (dossier-validation-error-quark, dossier_validation_error)

DossierFlag *
dossier_flag_new (const char          *code,
                  DossierFlagSeverity  severity,
                  const char          *message)
{
  DossierFlag *flag;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  flag = g_new0 (DossierFlag, 1);
  flag->code = g_strdup (code);
  flag->severity = severity;
  flag->message = g_strdup (message);
  return flag;
}

void
dossier_flag_free (DossierFlag *flag)
{
  if (flag == NULL)
    return;

  g_free (flag->code);
  g_free (flag->message);
  g_free (flag);
}

const DossierFlag *
dossier_flags_find (GPtrArray  *flags,
                    const char *code)
{
  g_return_val_if_fail (flags != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < flags->len; i++)
    {
      const DossierFlag *flag = g_ptr_array_index (flags, i);

      if (g_strcmp0 (flag->code, code) == 0)
        return flag;
    }
  return NULL;
}

static GPtrArray *
flags_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_flag_free);
}

static void add_flag (GPtrArray           *flags,
                      const char          *code,
                      DossierFlagSeverity  severity,
                      const char          *format,
                      ...) G_GNUC_PRINTF (4, 5);

static void
add_flag (GPtrArray           *flags,
          const char          *code,
          DossierFlagSeverity  severity,
          const char          *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (flags, dossier_flag_new (code, severity, message));
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || text[0] == '\0';
}

/* Reads an optional date fact: unset is simply unknown, but a stored value
 * that is not a date is worth a flag rather than a silently skipped check. */
static gboolean
read_fact (GPtrArray  *flags,
           const char *text,
           const char *label,
           GDate      *out_date)
{
  if (dossier_date_parse_iso (text, out_date))
    return TRUE;
  if (!is_empty (text))
    add_flag (flags, DOSSIER_FLAG_INVALID_DATE, DOSSIER_FLAG_SEVERITY_WARNING,
              _("%s: “%s” is not a date in the form YYYY-MM-DD"), label, text);
  return FALSE;
}

static char *
iso (const GDate *date)
{
  return dossier_date_format_iso (date);
}

/* ---- Case checks --------------------------------------------------------- */

typedef struct
{
  GDate today;
  GDate issue;
  GDate expiry;
  GDate travel_from;
  GDate travel_to;
} CaseDates;

static gboolean
valid (const GDate *date)
{
  return g_date_valid (date);
}

static void
check_travel_order (GPtrArray       *flags,
                    const CaseDates *dates)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (!valid (&dates->travel_from) || !valid (&dates->travel_to)
      || g_date_compare (&dates->travel_to, &dates->travel_from) >= 0)
    return;

  from = iso (&dates->travel_from);
  to = iso (&dates->travel_to);
  add_flag (flags, DOSSIER_FLAG_TRAVEL_DATES, DOSSIER_FLAG_SEVERITY_ERROR,
            _("The travel ends on %s, before it starts on %s"), to, from);
}

/* Returns whether the passport is still valid today, flagging it if not. */
static gboolean
check_expired (GPtrArray       *flags,
               const CaseDates *dates)
{
  g_autofree char *expiry = NULL;

  if (g_date_compare (&dates->expiry, &dates->today) >= 0)
    return TRUE;

  expiry = iso (&dates->expiry);
  add_flag (flags, DOSSIER_FLAG_PASSPORT_EXPIRED, DOSSIER_FLAG_SEVERITY_ERROR,
            _("The passport expired on %s"), expiry);
  return FALSE;
}

static void
check_validity (GPtrArray       *flags,
                const CaseDates *dates,
                guint            months)
{
  const GDate *departure;
  GDate required;
  g_autofree char *expiry = NULL;
  g_autofree char *required_text = NULL;
  g_autofree char *departure_text = NULL;

  /* The Schengen rule counts from the departure from the territory. */
  departure = valid (&dates->travel_to) ? &dates->travel_to : &dates->travel_from;
  if (!valid (departure))
    return;

  required = *departure;
  dossier_date_add_months (&required, months);
  if (g_date_compare (&dates->expiry, &required) >= 0)
    return;

  expiry = iso (&dates->expiry);
  required_text = iso (&required);
  departure_text = iso (departure);
  if (months == 0)
    add_flag (flags, DOSSIER_FLAG_PASSPORT_VALIDITY, DOSSIER_FLAG_SEVERITY_ERROR,
              _("The passport expires on %s, before the departure on %s"),
              expiry, departure_text);
  else
    add_flag (flags, DOSSIER_FLAG_PASSPORT_VALIDITY, DOSSIER_FLAG_SEVERITY_ERROR,
              g_dngettext (GETTEXT_PACKAGE,
                           "The passport expires on %s; the destination requires it to be "
                           "valid until %s, %u month after the departure on %s",
                           "The passport expires on %s; the destination requires it to be "
                           "valid until %s, %u months after the departure on %s",
                           months),
              expiry, required_text, months, departure_text);
}

static void
check_issue_dates (GPtrArray       *flags,
                   const CaseDates *dates)
{
  g_autofree char *issue = iso (&dates->issue);

  if (g_date_compare (&dates->issue, &dates->today) > 0)
    add_flag (flags, DOSSIER_FLAG_PASSPORT_DATES, DOSSIER_FLAG_SEVERITY_WARNING,
              _("The passport issue date %s is in the future"), issue);

  if (valid (&dates->expiry) && g_date_compare (&dates->expiry, &dates->issue) <= 0)
    {
      g_autofree char *expiry = iso (&dates->expiry);

      add_flag (flags, DOSSIER_FLAG_PASSPORT_DATES, DOSSIER_FLAG_SEVERITY_ERROR,
                _("The passport expiry date %s is not after its issue date %s"),
                expiry, issue);
    }
}

static void
check_issue_age (GPtrArray       *flags,
                 const CaseDates *dates)
{
  const GDate *entry;
  GDate limit;
  g_autofree char *issue = NULL;
  g_autofree char *entry_text = NULL;

  /* Age at entry; without travel dates, a passport too old today is too old
   * for any trip still to come. */
  if (valid (&dates->travel_from))
    entry = &dates->travel_from;
  else if (valid (&dates->travel_to))
    entry = &dates->travel_to;
  else
    entry = &dates->today;

  limit = dates->issue;
  dossier_date_add_years (&limit, DOSSIER_CHECKS_MAX_PASSPORT_AGE_YEARS);
  if (g_date_compare (entry, &limit) <= 0)
    return;

  issue = iso (&dates->issue);
  entry_text = iso (entry);
  add_flag (flags, DOSSIER_FLAG_PASSPORT_ISSUE_AGE, DOSSIER_FLAG_SEVERITY_WARNING,
            g_dngettext (GETTEXT_PACKAGE,
                         "The passport was issued on %s, more than %u year before the "
                         "travel on %s",
                         "The passport was issued on %s, more than %u years before the "
                         "travel on %s",
                         DOSSIER_CHECKS_MAX_PASSPORT_AGE_YEARS),
            issue, (guint) DOSSIER_CHECKS_MAX_PASSPORT_AGE_YEARS, entry_text);
}

static void
check_pages_and_photo (GPtrArray              *flags,
                       const DossierCaseFacts *facts)
{
  if (facts->passport_blank_pages >= 0
      && facts->passport_blank_pages < DOSSIER_CHECKS_MIN_BLANK_PAGES)
    add_flag (flags, DOSSIER_FLAG_PASSPORT_BLANK_PAGES, DOSSIER_FLAG_SEVERITY_WARNING,
              g_dngettext (GETTEXT_PACKAGE,
                           "The passport has %d blank page left; at least %d are needed",
                           "The passport has %d blank pages left; at least %d are needed",
                           (gulong) facts->passport_blank_pages),
              facts->passport_blank_pages, DOSSIER_CHECKS_MIN_BLANK_PAGES);

  if (facts->photo_meets_spec == 0)
    add_flag (flags, DOSSIER_FLAG_PHOTO_SPECIFICATION, DOSSIER_FLAG_SEVERITY_WARNING,
              "%s", _("The photo does not meet the destination’s specification"));
}

GPtrArray *
dossier_case_check (const DossierCaseFacts *facts,
                    const GDate            *today)
{
  GPtrArray *flags;
  CaseDates dates;

  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (today == NULL || g_date_valid (today), NULL);

  flags = flags_new ();
  if (today != NULL)
    dates.today = *today;
  else
    dossier_date_set_today (&dates.today);

  read_fact (flags, facts->passport_issue_date, _("Passport issue date"), &dates.issue);
  read_fact (flags, facts->passport_expiry_date, _("Passport expiry date"), &dates.expiry);
  read_fact (flags, facts->travel_from, _("Start of travel"), &dates.travel_from);
  read_fact (flags, facts->travel_to, _("End of travel"), &dates.travel_to);

  check_travel_order (flags, &dates);
  /* Once expired, "not valid long enough" would only repeat it. */
  if (valid (&dates.expiry) && check_expired (flags, &dates))
    check_validity (flags, &dates, facts->validity_months);
  if (valid (&dates.issue))
    {
      check_issue_dates (flags, &dates);
      check_issue_age (flags, &dates);
    }
  check_pages_and_photo (flags, facts);
  return flags;
}

/* ---- Decision check ------------------------------------------------------ */

/* Entries as a count; multiple is more than any count.  0 if unknown. */
static gint
entries_count (const char *entries)
{
  if (entries == NULL)
    return 0;
  if (g_ascii_strcasecmp (entries, "single") == 0 || strcmp (entries, "1") == 0)
    return 1;
  if (g_ascii_strcasecmp (entries, "double") == 0 || strcmp (entries, "2") == 0)
    return 2;
  if (g_ascii_strcasecmp (entries, "multiple") == 0)
    return G_MAXINT;
  return 0;
}

static const char *
entries_label (gint count)
{
  switch (count)
    {
    case 1:
      return _("a single entry");
    case 2:
      return _("two entries");
    default:
      return _("multiple entries");
    }
}

typedef struct
{
  GDate travel_from;
  GDate travel_to;
  GDate valid_from;
  GDate valid_to;
} DecisionDates;

static void
check_visa_period (GPtrArray           *flags,
                   const DecisionDates *dates)
{
  if (valid (&dates->valid_from) && valid (&dates->valid_to)
      && g_date_compare (&dates->valid_to, &dates->valid_from) < 0)
    {
      g_autofree char *from = iso (&dates->valid_from);
      g_autofree char *to = iso (&dates->valid_to);

      add_flag (flags, DOSSIER_FLAG_VISA_DATES, DOSSIER_FLAG_SEVERITY_ERROR,
                _("The visa ends on %s, before it starts on %s"), to, from);
    }

  if (valid (&dates->valid_from) && valid (&dates->travel_from)
      && g_date_compare (&dates->valid_from, &dates->travel_from) > 0)
    {
      g_autofree char *visa = iso (&dates->valid_from);
      g_autofree char *travel = iso (&dates->travel_from);

      add_flag (flags, DOSSIER_FLAG_VISA_STARTS_LATE, DOSSIER_FLAG_SEVERITY_ERROR,
                _("The visa is valid from %s, after the travel starts on %s"), visa, travel);
    }

  if (valid (&dates->valid_to))
    {
      /* A trip with no end date must at least begin while the visa is valid. */
      const GDate *last = valid (&dates->travel_to) ? &dates->travel_to : &dates->travel_from;

      if (valid (last) && g_date_compare (&dates->valid_to, last) < 0)
        {
          g_autofree char *visa = iso (&dates->valid_to);
          g_autofree char *travel = iso (last);

          add_flag (flags, DOSSIER_FLAG_VISA_ENDS_EARLY, DOSSIER_FLAG_SEVERITY_ERROR,
                    _("The visa ends on %s, before the travel ends on %s"), visa, travel);
        }
    }
}

static void
check_visa_entries (GPtrArray                  *flags,
                    const DossierDecisionFacts *facts)
{
  gint requested = entries_count (facts->requested_entries);
  gint granted = entries_count (facts->visa_entries);

  if (requested > 0 && granted > 0 && granted < requested)
    add_flag (flags, DOSSIER_FLAG_VISA_FEWER_ENTRIES, DOSSIER_FLAG_SEVERITY_WARNING,
              _("The visa allows %s; %s were requested"),
              entries_label (granted), entries_label (requested));
}

static void
check_visa_days (GPtrArray                  *flags,
                 const DossierDecisionFacts *facts,
                 const DecisionDates        *dates)
{
  gint granted = facts->visa_days_of_stay;

  if (granted <= 0)
    return;

  if (facts->requested_days > 0 && granted < facts->requested_days)
    add_flag (flags, DOSSIER_FLAG_VISA_FEWER_DAYS, DOSSIER_FLAG_SEVERITY_WARNING,
              g_dngettext (GETTEXT_PACKAGE,
                           "The visa allows a stay of %d day; %d were requested",
                           "The visa allows a stay of %d days; %d were requested",
                           (gulong) granted),
              granted, facts->requested_days);

  if (valid (&dates->travel_from) && valid (&dates->travel_to)
      && g_date_compare (&dates->travel_to, &dates->travel_from) >= 0)
    {
      /* Both the day of entry and the day of exit count as days of stay. */
      gint trip = dossier_date_days_between (&dates->travel_from, &dates->travel_to) + 1;

      if (granted < trip)
        add_flag (flags, DOSSIER_FLAG_VISA_STAY_SHORTER, DOSSIER_FLAG_SEVERITY_WARNING,
                  g_dngettext (GETTEXT_PACKAGE,
                               "The visa allows a stay of %d day; the travel lasts %d days",
                               "The visa allows a stay of %d days; the travel lasts %d days",
                               (gulong) granted),
                  granted, trip);
    }
}

GPtrArray *
dossier_decision_check (const DossierDecisionFacts *facts)
{
  GPtrArray *flags;
  DecisionDates dates;

  g_return_val_if_fail (facts != NULL, NULL);

  flags = flags_new ();
  read_fact (flags, facts->travel_from, _("Start of travel"), &dates.travel_from);
  read_fact (flags, facts->travel_to, _("End of travel"), &dates.travel_to);
  read_fact (flags, facts->visa_valid_from, _("Visa valid from"), &dates.valid_from);
  read_fact (flags, facts->visa_valid_to, _("Visa valid to"), &dates.valid_to);

  check_visa_period (flags, &dates);
  check_visa_entries (flags, facts);
  check_visa_days (flags, facts, &dates);
  return flags;
}

/* ---- Duplicate applicants ------------------------------------------------ */

char *
dossier_normalize_passport_number (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p != ' ' && *p != '-' && *p != '\t')
        g_string_append_c (out, g_ascii_toupper (*p));
    }
  return g_string_free (out, FALSE);
}

/* Appends one character in its folded form; a run of anything that is not a
 * letter or digit becomes one space. */
static void
append_folded (GString  *out,
               gunichar  c)
{
  char utf8[8] = { 0 };
  g_autofree char *ascii = NULL;

  g_unichar_to_utf8 (c, utf8);
  ascii = g_str_to_ascii (utf8, "C");

  /* g_str_to_ascii() writes '?' for what it cannot transliterate; keep such
   * characters (Chinese names) rather than let them all compare equal. */
  if (strcmp (ascii, "?") == 0 && c != '?')
    {
      g_autofree char *folded = g_utf8_casefold (utf8, -1);

      g_string_append (out, folded);
      return;
    }

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
}

char *
dossier_normalize_name (const char *name)
{
  GString *out = g_string_new (NULL);

  if (name != NULL && g_utf8_validate (name, -1, NULL))
    {
      g_autofree char *composed = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);

      for (const char *p = composed; *p != '\0'; p = g_utf8_next_char (p))
        append_folded (out, g_utf8_get_char (p));
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static gboolean
same_passport (const DossierPersonKey *a,
               const DossierPersonKey *b)
{
  g_autofree char *number_a = dossier_normalize_passport_number (a->passport_number);
  g_autofree char *number_b = dossier_normalize_passport_number (b->passport_number);

  return number_a[0] != '\0' && strcmp (number_a, number_b) == 0;
}

static gboolean
same_name_and_birth (const DossierPersonKey *a,
                     const DossierPersonKey *b)
{
  GDate birth_a, birth_b;
  g_autofree char *family_a = NULL;
  g_autofree char *family_b = NULL;
  g_autofree char *given_a = NULL;
  g_autofree char *given_b = NULL;

  if (!dossier_date_parse_iso (a->birth_date, &birth_a)
      || !dossier_date_parse_iso (b->birth_date, &birth_b)
      || g_date_compare (&birth_a, &birth_b) != 0)
    return FALSE;

  family_a = dossier_normalize_name (a->family_name);
  family_b = dossier_normalize_name (b->family_name);
  given_a = dossier_normalize_name (a->given_names);
  given_b = dossier_normalize_name (b->given_names);
  return family_a[0] != '\0' && strcmp (family_a, family_b) == 0
         && strcmp (given_a, given_b) == 0;
}

gboolean
dossier_applicants_are_duplicates (const DossierPersonKey *a,
                                   const DossierPersonKey *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return same_passport (a, b) || same_name_and_birth (a, b);
}

/* ---- Field validation ---------------------------------------------------- */

static gboolean
check_not_empty (const char  *text,
                 GError     **error)
{
  if (!is_empty (text))
    return TRUE;

  g_set_error_literal (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_EMPTY,
                       _("This field is empty"));
  return FALSE;
}

gboolean
dossier_validate_date (const char  *text,
                       GDate       *out_date,
                       GError     **error)
{
  gboolean well_formed;

  if (out_date != NULL)
    g_date_clear (out_date, 1);
  if (!check_not_empty (text, error))
    return FALSE;
  if (dossier_date_parse_iso (text, out_date))
    return TRUE;

  /* Tell "2023-02-29" (a day that does not exist) from "29/02/2023". */
  well_formed = strlen (text) == 10 && text[4] == '-' && text[7] == '-';
  for (guint i = 0; well_formed && i < 10; i++)
    well_formed = (i == 4 || i == 7) || g_ascii_isdigit (text[i]);

  if (well_formed)
    g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_DATE_INVALID,
                 _("%s is not a day of the calendar"), text);
  else
    g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_DATE_FORMAT,
                 _("“%s” is not a date; write dates as YYYY-MM-DD, for example 2025-03-31"),
                 text);
  return FALSE;
}

gboolean
dossier_validate_travel_dates (const char  *travel_from,
                               const char  *travel_to,
                               GError     **error)
{
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  if (!is_empty (travel_from) && !dossier_validate_date (travel_from, &from, error))
    {
      g_prefix_error (error, "%s", _("Start of travel: "));
      return FALSE;
    }
  if (!is_empty (travel_to) && !dossier_validate_date (travel_to, &to, error))
    {
      g_prefix_error (error, "%s", _("End of travel: "));
      return FALSE;
    }

  if (g_date_valid (&from) && g_date_valid (&to) && g_date_compare (&to, &from) < 0)
    {
      g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_DATE_ORDER,
                   _("The travel cannot end on %s, before it starts on %s"),
                   travel_to, travel_from);
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_lower_case (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_islower (*p))
        return TRUE;
    }
  return FALSE;
}

gboolean
dossier_validate_passport_number (const char  *text,
                                  GError     **error)
{
  gsize length;

  if (!check_not_empty (text, error))
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          g_set_error_literal (error, DOSSIER_VALIDATION_ERROR,
                               DOSSIER_VALIDATION_ERROR_PASSPORT_NUMBER,
                               _("A passport number has only letters and digits"));
          return FALSE;
        }
    }
  length = strlen (text);
  if (length < PASSPORT_NUMBER_MIN || length > PASSPORT_NUMBER_MAX)
    {
      g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_PASSPORT_NUMBER,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A passport number has %d to %d letters or digits; this one has %u",
                                "A passport number has %d to %d letters or digits; this one has %u",
                                (gulong) length),
                   PASSPORT_NUMBER_MIN, PASSPORT_NUMBER_MAX, (guint) length);
      return FALSE;
    }
  if (has_lower_case (text))
    {
      g_set_error_literal (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_LOWER_CASE,
                           _("Write the passport number in capital letters"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_country (const char  *code,
                  gboolean     alpha2,
                  GError     **error)
{
  const DossierCountry *(*lookup) (const char *) =
    alpha2 ? dossier_country_lookup_alpha2 : dossier_country_lookup_mrz_code;
  g_autofree char *upper = NULL;

  if (!check_not_empty (code, error))
    return FALSE;
  if (lookup (code) != NULL)
    return TRUE;

  upper = g_ascii_strup (code, -1);
  if (lookup (upper) != NULL)
    g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_LOWER_CASE,
                 _("Write the country code in capital letters: %s"), upper);
  else if (alpha2)
    g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_COUNTRY_CODE,
                 _("“%s” is not a two-letter country code"), code);
  else
    g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_COUNTRY_CODE,
                 _("“%s” is not a three-letter country code"), code);
  return FALSE;
}

gboolean
dossier_validate_country_alpha3 (const char  *code,
                                 GError     **error)
{
  return validate_country (code, FALSE, error);
}

gboolean
dossier_validate_country_alpha2 (const char  *code,
                                 GError     **error)
{
  return validate_country (code, TRUE, error);
}

static gboolean
has_space_or_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Includes the ideographic space a Chinese input method types. */
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        return TRUE;
    }
  return FALSE;
}

static gboolean
looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');
  const char *domain;
  gsize domain_length;

  if (strlen (text) > EMAIL_MAX || !g_utf8_validate (text, -1, NULL) || has_space_or_control (text))
    return FALSE;
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;

  domain = at + 1;
  domain_length = strlen (domain);
  return domain_length > 0 && strchr (domain, '.') != NULL && strstr (domain, "..") == NULL
         && domain[0] != '.' && domain[0] != '-' && domain[domain_length - 1] != '.'
         && domain[domain_length - 1] != '-';
}

gboolean
dossier_validate_email (const char  *text,
                        GError     **error)
{
  if (!check_not_empty (text, error))
    return FALSE;
  if (looks_like_email (text))
    return TRUE;

  g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_EMAIL,
               _("“%s” does not look like an e-mail address (name@example.com)"), text);
  return FALSE;
}

gboolean
dossier_validate_phone (const char  *text,
                        GError     **error)
{
  const char *start;
  guint digits = 0;

  if (!check_not_empty (text, error))
    return FALSE;

  start = text + strspn (text, " ");
  for (const char *p = start; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if ((*p == '+' && p == start) || strchr (" -./()", *p) != NULL)
        continue;
      else
        {
          g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_PHONE,
                       _("“%s” does not look like a phone number; use digits, "
                         "with + and the country code in front if needed"),
                       text);
          return FALSE;
        }
    }
  if (digits < PHONE_DIGITS_MIN || digits > PHONE_DIGITS_MAX)
    {
      g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_PHONE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A phone number has %d to %d digits; this one has %u",
                                "A phone number has %d to %d digits; this one has %u",
                                digits),
                   PHONE_DIGITS_MIN, PHONE_DIGITS_MAX, digits);
      return FALSE;
    }
  return TRUE;
}
