/* test-checks.c: case checks, decision checks, duplicates, field validation, dates. */
#include "dossier-checks.h"
#include "dossier-countries.h"
#include "dossier-date.h"

#include <string.h>

static void
set_today (GDate      *date,
           const char *iso)
{
  g_assert_true (dossier_date_parse_iso (iso, date));
}

static void
assert_message_has (const char *message,
                    const char *part)
{
  if (strstr (message, part) == NULL)
    g_error ("“%s” does not contain “%s”", message, part);
}

/* ---- Dates --------------------------------------------------------------- */

static void
assert_date_error (const char             *text,
                   DossierValidationError  code)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_false (dossier_validate_date (text, &date, &error));
  g_assert_error (error, DOSSIER_VALIDATION_ERROR, (gint) code);
  g_assert_false (g_date_valid (&date));
  g_assert_false (dossier_date_parse_iso (text, NULL));
}

static void
test_date_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GDate date;

  g_assert_true (dossier_validate_date ("2024-02-29", &date, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&date), ==, 2024);
  g_assert_cmpuint (g_date_get_month (&date), ==, 2);
  g_assert_cmpuint (g_date_get_day (&date), ==, 29);
  text = dossier_date_format_iso (&date);
  g_assert_cmpstr (text, ==, "2024-02-29");
  g_assert_true (dossier_validate_date ("2000-02-29", NULL, NULL));
  g_assert_true (dossier_validate_date ("0001-01-01", NULL, NULL));

  assert_date_error ("2023-02-29", DOSSIER_VALIDATION_ERROR_DATE_INVALID);
  assert_date_error ("1900-02-29", DOSSIER_VALIDATION_ERROR_DATE_INVALID);
  assert_date_error ("2024-04-31", DOSSIER_VALIDATION_ERROR_DATE_INVALID);
  assert_date_error ("2024-13-01", DOSSIER_VALIDATION_ERROR_DATE_INVALID);
  assert_date_error ("2024-00-10", DOSSIER_VALIDATION_ERROR_DATE_INVALID);
  assert_date_error ("0000-01-01", DOSSIER_VALIDATION_ERROR_DATE_INVALID);
  assert_date_error ("2024-2-3", DOSSIER_VALIDATION_ERROR_DATE_FORMAT);
  assert_date_error ("29/02/2024", DOSSIER_VALIDATION_ERROR_DATE_FORMAT);
  assert_date_error (" 2024-01-01", DOSSIER_VALIDATION_ERROR_DATE_FORMAT);
  assert_date_error ("2024-01-01x", DOSSIER_VALIDATION_ERROR_DATE_FORMAT);
  assert_date_error ("2024-01-0a", DOSSIER_VALIDATION_ERROR_DATE_FORMAT);
  assert_date_error ("", DOSSIER_VALIDATION_ERROR_EMPTY);
  assert_date_error (NULL, DOSSIER_VALIDATION_ERROR_EMPTY);
}

static void
assert_added (const char *start,
              guint       months,
              guint       years,
              const char *expected)
{
  GDate date;
  g_autofree char *text = NULL;

  g_assert_true (dossier_date_parse_iso (start, &date));
  dossier_date_add_months (&date, months);
  dossier_date_add_years (&date, years);
  text = dossier_date_format_iso (&date);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_date_arithmetic (void)
{
  /* Month ends clamp to the shorter month, leap years included. */
  assert_added ("2023-08-31", 6, 0, "2024-02-29");
  assert_added ("2024-08-31", 6, 0, "2025-02-28");
  assert_added ("2024-11-30", 3, 0, "2025-02-28");
  assert_added ("2024-01-31", 1, 0, "2024-02-29");
  assert_added ("2024-03-31", 3, 0, "2024-06-30");
  assert_added ("2024-12-15", 3, 0, "2025-03-15");
  assert_added ("2024-10-31", 0, 0, "2024-10-31");
  assert_added ("2016-02-29", 0, 10, "2026-02-28");
  assert_added ("2020-02-29", 0, 4, "2024-02-29");
}

/* ---- Field validation ----------------------------------------------------- */

static void
test_travel_dates (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_validate_travel_dates ("2025-04-01", "2025-04-20", &error));
  g_assert_true (dossier_validate_travel_dates ("2025-04-01", "2025-04-01", &error));
  g_assert_true (dossier_validate_travel_dates ("2025-04-01", NULL, &error));
  g_assert_true (dossier_validate_travel_dates (NULL, "2025-04-01", &error));
  g_assert_true (dossier_validate_travel_dates ("", "", &error));
  g_assert_no_error (error);

  g_assert_false (dossier_validate_travel_dates ("2025-04-20", "2025-04-19", &error));
  g_assert_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_DATE_ORDER);
  assert_message_has (error->message, "2025-04-19");
  assert_message_has (error->message, "2025-04-20");
  g_clear_error (&error);

  g_assert_false (dossier_validate_travel_dates ("2025-02-30", "2025-04-19", &error));
  g_assert_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_DATE_INVALID);
  assert_message_has (error->message, "Start of travel");
  g_clear_error (&error);

  g_assert_false (dossier_validate_travel_dates ("2025-02-03", "19.04.2025", &error));
  g_assert_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_DATE_FORMAT);
  assert_message_has (error->message, "End of travel");
}

static void
assert_validation (gboolean                (*validate) (const char *, GError **),
                   const char               *text,
                   gint                      code)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = validate (text, &error);

  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, DOSSIER_VALIDATION_ERROR, code);
    }
}

static void
test_passport_number (void)
{
  g_autoptr(GError) error = NULL;

  assert_validation (dossier_validate_passport_number, "E12345678", -1);
  assert_validation (dossier_validate_passport_number, "L898902C3", -1);
  assert_validation (dossier_validate_passport_number, "G1234", -1);
  assert_validation (dossier_validate_passport_number, "G123", DOSSIER_VALIDATION_ERROR_PASSPORT_NUMBER);
  assert_validation (dossier_validate_passport_number, "E123456789",
                     DOSSIER_VALIDATION_ERROR_PASSPORT_NUMBER);
  assert_validation (dossier_validate_passport_number, "E1234 5678",
                     DOSSIER_VALIDATION_ERROR_PASSPORT_NUMBER);
  assert_validation (dossier_validate_passport_number, "E1234-567",
                     DOSSIER_VALIDATION_ERROR_PASSPORT_NUMBER);
  assert_validation (dossier_validate_passport_number, "Е1234567", /* Cyrillic Е */
                     DOSSIER_VALIDATION_ERROR_PASSPORT_NUMBER);
  assert_validation (dossier_validate_passport_number, "e12345678", DOSSIER_VALIDATION_ERROR_LOWER_CASE);
  assert_validation (dossier_validate_passport_number, "", DOSSIER_VALIDATION_ERROR_EMPTY);

  /* The message gives the count the user typed. */
  g_assert_false (dossier_validate_passport_number ("E123456789", &error));
  assert_message_has (error->message, "10");
}

static void
test_countries (void)
{
  guint n_countries = 0;
  const DossierCountry *countries = dossier_countries_get_all (&n_countries);
  g_autoptr(GHashTable) alpha3_seen = g_hash_table_new (g_str_hash, g_str_equal);
  const DossierCountry *china;

  /* Every current ISO 3166-1 country, sorted, unique, well-formed. */
  g_assert_cmpuint (n_countries, ==, 249);
  for (guint i = 0; i < n_countries; i++)
    {
      const DossierCountry *c = &countries[i];

      g_assert_cmpuint (strlen (c->alpha2), ==, 2);
      g_assert_cmpuint (strlen (c->alpha3), ==, 3);
      g_assert_true (g_ascii_isupper (c->alpha2[0]) && g_ascii_isupper (c->alpha2[1]));
      if (i > 0)
        g_assert_cmpint (strcmp (countries[i - 1].alpha2, c->alpha2), <, 0);
      g_assert_true (g_hash_table_add (alpha3_seen, (gpointer) c->alpha3));
      g_assert_true (dossier_country_lookup_alpha2 (c->alpha2) == c);
      g_assert_true (dossier_country_lookup_alpha3 (c->alpha3) == c);
      g_assert_true (dossier_country_lookup_mrz_code (c->alpha3) == c);
      g_assert_cmpstr (dossier_country_get_name (c), ==, c->name);
      assert_validation (dossier_validate_country_alpha2, c->alpha2, -1);
      assert_validation (dossier_validate_country_alpha3, c->alpha3, -1);
    }

  china = dossier_country_lookup_alpha2 ("CN");
  g_assert_nonnull (china);
  g_assert_cmpstr (china->alpha3, ==, "CHN");
  g_assert_cmpstr (china->name, ==, "China");
  g_assert_true (dossier_country_lookup_mrz_code ("D") == dossier_country_lookup_alpha2 ("DE"));
  g_assert_nonnull (dossier_country_lookup_mrz_code ("XXA"));
  g_assert_null (dossier_country_lookup_alpha3 ("XXA"));
  g_assert_null (dossier_country_lookup_alpha2 ("cn"));
  g_assert_null (dossier_country_lookup_alpha2 (NULL));
  g_assert_null (dossier_country_lookup_mrz_code ("UTO"));

  assert_validation (dossier_validate_country_alpha3, "D", -1);
  assert_validation (dossier_validate_country_alpha3, "XXA", -1);
  assert_validation (dossier_validate_country_alpha3, "chn", DOSSIER_VALIDATION_ERROR_LOWER_CASE);
  assert_validation (dossier_validate_country_alpha3, "UTO", DOSSIER_VALIDATION_ERROR_COUNTRY_CODE);
  assert_validation (dossier_validate_country_alpha3, "CN", DOSSIER_VALIDATION_ERROR_COUNTRY_CODE);
  assert_validation (dossier_validate_country_alpha3, "", DOSSIER_VALIDATION_ERROR_EMPTY);
  assert_validation (dossier_validate_country_alpha2, "de", DOSSIER_VALIDATION_ERROR_LOWER_CASE);
  assert_validation (dossier_validate_country_alpha2, "XK", DOSSIER_VALIDATION_ERROR_COUNTRY_CODE);
  assert_validation (dossier_validate_country_alpha2, "CHN", DOSSIER_VALIDATION_ERROR_COUNTRY_CODE);
  assert_validation (dossier_validate_country_alpha2, "D", DOSSIER_VALIDATION_ERROR_COUNTRY_CODE);
}

static void
test_email (void)
{
  assert_validation (dossier_validate_email, "zhang.wei@example.com", -1);
  assert_validation (dossier_validate_email, "a@b.cn", -1);
  assert_validation (dossier_validate_email, "visa+office@mail.example.org", -1);
  assert_validation (dossier_validate_email, "张伟@例子.中国", -1);
  assert_validation (dossier_validate_email, "zhang.example.com", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "@example.com", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "a@b", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "a@@b.com", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "a@b@c.com", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "a@b..com", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "a@.b.com", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "a@b.com.", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "a b@c.com", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "a@b.com ", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "张　伟@c.com", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, "a＠b.com", DOSSIER_VALIDATION_ERROR_EMAIL);
  assert_validation (dossier_validate_email, NULL, DOSSIER_VALIDATION_ERROR_EMPTY);
}

static void
test_phone (void)
{
  g_autoptr(GError) error = NULL;

  assert_validation (dossier_validate_phone, "+86 138 0013 8000", -1);
  assert_validation (dossier_validate_phone, "13800138000", -1);
  assert_validation (dossier_validate_phone, "(010) 6532-1234", -1);
  assert_validation (dossier_validate_phone, "+49 30/123.4567", -1);
  assert_validation (dossier_validate_phone, " +852 2123 4567", -1);
  assert_validation (dossier_validate_phone, "12345", DOSSIER_VALIDATION_ERROR_PHONE);
  assert_validation (dossier_validate_phone, "+86 138 0013 8000 1234", DOSSIER_VALIDATION_ERROR_PHONE);
  assert_validation (dossier_validate_phone, "138-0013-800O", DOSSIER_VALIDATION_ERROR_PHONE);
  assert_validation (dossier_validate_phone, "86+13800138000", DOSSIER_VALIDATION_ERROR_PHONE);
  assert_validation (dossier_validate_phone, "++8613800138000", DOSSIER_VALIDATION_ERROR_PHONE);
  assert_validation (dossier_validate_phone, "", DOSSIER_VALIDATION_ERROR_EMPTY);

  g_assert_false (dossier_validate_phone ("+86 138 0013 8000 1234", &error));
  assert_message_has (error->message, "17");
}

/* ---- Case checks ---------------------------------------------------------- */

static GPtrArray *
check_case (const DossierCaseFacts *facts,
            const char             *today)
{
  GDate date;

  set_today (&date, today);
  return dossier_case_check (facts, &date);
}

static DossierCaseFacts
good_facts (void)
{
  DossierCaseFacts facts = DOSSIER_CASE_FACTS_INIT;

  facts.passport_issue_date = "2020-01-10";
  facts.passport_expiry_date = "2030-01-09";
  facts.passport_blank_pages = 4;
  facts.photo_meets_spec = 1;
  facts.travel_from = "2025-04-01";
  facts.travel_to = "2025-04-20";
  facts.validity_months = 3;
  return facts;
}

static const DossierFlag *
assert_flag (GPtrArray           *flags,
             const char          *code,
             DossierFlagSeverity  severity)
{
  const DossierFlag *flag = dossier_flags_find (flags, code);

  if (flag == NULL)
    g_error ("expected flag %s among %u flags", code, flags->len);
  g_assert_cmpint (flag->severity, ==, severity);
  g_assert_cmpuint (strlen (flag->message), >, 0);
  return flag;
}

static void
test_case_all_good (void)
{
  DossierCaseFacts facts = good_facts ();
  DossierCaseFacts unknown = DOSSIER_CASE_FACTS_INIT;
  g_autoptr(GPtrArray) flags = check_case (&facts, "2025-03-01");
  g_autoptr(GPtrArray) none = check_case (&unknown, "2025-03-01");

  g_assert_cmpuint (flags->len, ==, 0);
  /* Unknown facts are not failures. */
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_case_validity (void)
{
  DossierCaseFacts facts = good_facts ();
  g_autoptr(GPtrArray) flags = NULL;
  const DossierFlag *flag;

  /* Three months beyond the end of travel (2025-04-20) is 2025-07-20. */
  facts.passport_expiry_date = "2025-07-19";
  flags = check_case (&facts, "2025-03-01");
  g_assert_cmpuint (flags->len, ==, 1);
  flag = assert_flag (flags, DOSSIER_FLAG_PASSPORT_VALIDITY, DOSSIER_FLAG_SEVERITY_ERROR);
  assert_message_has (flag->message, "2025-07-19");
  assert_message_has (flag->message, "2025-07-20");
  assert_message_has (flag->message, "3 months");
  assert_message_has (flag->message, "2025-04-20");
  g_clear_pointer (&flags, g_ptr_array_unref);

  /* Expiring on the required day is enough. */
  facts.passport_expiry_date = "2025-07-20";
  flags = check_case (&facts, "2025-03-01");
  g_assert_null (dossier_flags_find (flags, DOSSIER_FLAG_PASSPORT_VALIDITY));
  g_clear_pointer (&flags, g_ptr_array_unref);

  /* Without an end of travel, the start of travel is the departure. */
  facts.passport_expiry_date = "2025-07-02";
  facts.travel_to = NULL;
  flags = check_case (&facts, "2025-03-01");
  g_assert_null (dossier_flags_find (flags, DOSSIER_FLAG_PASSPORT_VALIDITY));
  g_clear_pointer (&flags, g_ptr_array_unref);
  facts.passport_expiry_date = "2025-06-30";
  flags = check_case (&facts, "2025-03-01");
  flag = assert_flag (flags, DOSSIER_FLAG_PASSPORT_VALIDITY, DOSSIER_FLAG_SEVERITY_ERROR);
  assert_message_has (flag->message, "2025-07-01");
  g_clear_pointer (&flags, g_ptr_array_unref);

  /* No travel dates: nothing to measure from. */
  facts.travel_from = NULL;
  flags = check_case (&facts, "2025-03-01");
  g_assert_cmpuint (flags->len, ==, 0);
  g_clear_pointer (&flags, g_ptr_array_unref);

  /* One month: the singular. */
  facts.travel_from = "2025-04-01";
  facts.validity_months = 1;
  facts.passport_expiry_date = "2025-04-30";
  flags = check_case (&facts, "2025-03-01");
  flag = assert_flag (flags, DOSSIER_FLAG_PASSPORT_VALIDITY, DOSSIER_FLAG_SEVERITY_ERROR);
  assert_message_has (flag->message, "1 month after");
}

static void
assert_validity (const char *travel_to,
                 guint       months,
                 const char *expiry,
                 gboolean    flagged)
{
  DossierCaseFacts facts = good_facts ();
  g_autoptr(GPtrArray) flags = NULL;

  facts.travel_from = "2023-01-01";
  facts.travel_to = travel_to;
  facts.validity_months = months;
  facts.passport_expiry_date = expiry;
  flags = check_case (&facts, "2022-12-01");
  g_assert_null (dossier_flags_find (flags, DOSSIER_FLAG_PASSPORT_EXPIRED));
  g_assert_cmpint (dossier_flags_find (flags, DOSSIER_FLAG_PASSPORT_VALIDITY) != NULL, ==, flagged);
}

static void
test_case_validity_month_end (void)
{
  /* 31 August + 6 months is the last day of February, leap or not. */
  assert_validity ("2023-08-31", 6, "2024-02-29", FALSE);
  assert_validity ("2023-08-31", 6, "2024-02-28", TRUE);
  assert_validity ("2024-08-31", 6, "2025-02-28", FALSE);
  assert_validity ("2024-08-31", 6, "2025-02-27", TRUE);
  assert_validity ("2024-11-30", 3, "2025-02-28", FALSE);
  assert_validity ("2024-11-30", 3, "2025-02-27", TRUE);
  assert_validity ("2024-03-31", 6, "2024-09-30", FALSE);
  assert_validity ("2024-03-31", 6, "2024-09-29", TRUE);
  /* Across the year end, and 0 months: valid through the departure day. */
  assert_validity ("2024-12-31", 2, "2025-02-28", FALSE);
  assert_validity ("2024-12-31", 0, "2024-12-31", FALSE);
  assert_validity ("2024-12-31", 0, "2024-12-30", TRUE);
}

static void
test_case_validity_zero_months (void)
{
  DossierCaseFacts facts = good_facts ();
  g_autoptr(GPtrArray) flags = NULL;
  const DossierFlag *flag;

  facts.validity_months = 0;
  facts.passport_expiry_date = "2025-04-19";
  flags = check_case (&facts, "2025-03-01");
  flag = assert_flag (flags, DOSSIER_FLAG_PASSPORT_VALIDITY, DOSSIER_FLAG_SEVERITY_ERROR);
  assert_message_has (flag->message, "before the departure on 2025-04-20");
}

static void
test_case_expired (void)
{
  DossierCaseFacts facts = good_facts ();
  g_autoptr(GPtrArray) flags = NULL;
  const DossierFlag *flag;

  facts.passport_expiry_date = "2025-02-28";
  flags = check_case (&facts, "2025-03-01");
  flag = assert_flag (flags, DOSSIER_FLAG_PASSPORT_EXPIRED, DOSSIER_FLAG_SEVERITY_ERROR);
  assert_message_has (flag->message, "2025-02-28");
  /* Expired says it all: no second flag about the validity. */
  g_assert_null (dossier_flags_find (flags, DOSSIER_FLAG_PASSPORT_VALIDITY));
  g_assert_cmpuint (flags->len, ==, 1);
  g_clear_pointer (&flags, g_ptr_array_unref);

  /* A passport is valid through its expiry day. */
  facts.passport_expiry_date = "2025-03-01";
  flags = check_case (&facts, "2025-03-01");
  g_assert_null (dossier_flags_find (flags, DOSSIER_FLAG_PASSPORT_EXPIRED));
  g_assert_nonnull (dossier_flags_find (flags, DOSSIER_FLAG_PASSPORT_VALIDITY));
}

static void
assert_issue_age (const char *issue,
                  const char *travel_from,
                  const char *today,
                  gboolean    flagged)
{
  DossierCaseFacts facts = good_facts ();
  g_autoptr(GPtrArray) flags = NULL;

  facts.passport_issue_date = issue;
  facts.passport_expiry_date = "2035-01-01";
  facts.travel_from = travel_from;
  facts.travel_to = NULL;
  flags = check_case (&facts, today);
  g_assert_cmpint (dossier_flags_find (flags, DOSSIER_FLAG_PASSPORT_ISSUE_AGE) != NULL, ==, flagged);
  g_assert_cmpuint (flags->len, ==, flagged ? 1 : 0);
}

static void
test_case_issue_age (void)
{
  g_autoptr(GPtrArray) flags = NULL;
  DossierCaseFacts facts = good_facts ();
  const DossierFlag *flag;

  /* Issued exactly 10 years before the entry still counts as within 10 years. */
  assert_issue_age ("2015-04-01", "2025-04-01", "2025-01-01", FALSE);
  assert_issue_age ("2015-04-01", "2025-04-02", "2025-01-01", TRUE);
  /* 29 February + 10 years is 28 February. */
  assert_issue_age ("2016-02-29", "2026-02-28", "2025-01-01", FALSE);
  assert_issue_age ("2016-02-29", "2026-03-01", "2025-01-01", TRUE);
  /* Without travel dates, today is the reference. */
  assert_issue_age ("2015-04-01", NULL, "2025-04-01", FALSE);
  assert_issue_age ("2015-04-01", NULL, "2025-04-02", TRUE);

  facts.passport_issue_date = "2014-06-30";
  facts.passport_expiry_date = "2035-01-01";
  flags = check_case (&facts, "2025-03-01");
  flag = assert_flag (flags, DOSSIER_FLAG_PASSPORT_ISSUE_AGE, DOSSIER_FLAG_SEVERITY_WARNING);
  assert_message_has (flag->message, "2014-06-30");
  assert_message_has (flag->message, "10 years");
  assert_message_has (flag->message, "2025-04-01");
}

static void
test_case_passport_dates (void)
{
  DossierCaseFacts facts = good_facts ();
  g_autoptr(GPtrArray) flags = NULL;
  const DossierFlag *flag;

  facts.passport_issue_date = "2030-01-09";
  flags = check_case (&facts, "2025-03-01");
  g_assert_cmpuint (flags->len, ==, 2);
  flag = g_ptr_array_index (flags, 0);
  g_assert_cmpstr (flag->code, ==, DOSSIER_FLAG_PASSPORT_DATES);
  g_assert_cmpint (flag->severity, ==, DOSSIER_FLAG_SEVERITY_WARNING);
  assert_message_has (flag->message, "future");
  flag = g_ptr_array_index (flags, 1);
  g_assert_cmpstr (flag->code, ==, DOSSIER_FLAG_PASSPORT_DATES);
  g_assert_cmpint (flag->severity, ==, DOSSIER_FLAG_SEVERITY_ERROR);
  assert_message_has (flag->message, "2030-01-09");
}

static void
test_case_pages_and_photo (void)
{
  DossierCaseFacts facts = good_facts ();
  g_autoptr(GPtrArray) flags = NULL;
  const DossierFlag *flag;

  facts.passport_blank_pages = 1;
  facts.photo_meets_spec = 0;
  flags = check_case (&facts, "2025-03-01");
  g_assert_cmpuint (flags->len, ==, 2);
  flag = assert_flag (flags, DOSSIER_FLAG_PASSPORT_BLANK_PAGES, DOSSIER_FLAG_SEVERITY_WARNING);
  assert_message_has (flag->message, "1 blank page left");
  assert_message_has (flag->message, "2");
  assert_flag (flags, DOSSIER_FLAG_PHOTO_SPECIFICATION, DOSSIER_FLAG_SEVERITY_WARNING);
  g_clear_pointer (&flags, g_ptr_array_unref);

  facts.passport_blank_pages = 0;
  facts.photo_meets_spec = -1;
  flags = check_case (&facts, "2025-03-01");
  g_assert_cmpuint (flags->len, ==, 1);
  flag = assert_flag (flags, DOSSIER_FLAG_PASSPORT_BLANK_PAGES, DOSSIER_FLAG_SEVERITY_WARNING);
  assert_message_has (flag->message, "0 blank pages");
  g_clear_pointer (&flags, g_ptr_array_unref);

  facts.passport_blank_pages = 2;
  flags = check_case (&facts, "2025-03-01");
  g_assert_cmpuint (flags->len, ==, 0);
}

static void
test_case_bad_facts (void)
{
  DossierCaseFacts facts = good_facts ();
  g_autoptr(GPtrArray) flags = NULL;
  const DossierFlag *flag;

  facts.travel_to = "2025-03-20";
  facts.passport_expiry_date = "2030-13-01";
  flags = check_case (&facts, "2025-03-01");
  g_assert_cmpuint (flags->len, ==, 2);
  flag = assert_flag (flags, DOSSIER_FLAG_INVALID_DATE, DOSSIER_FLAG_SEVERITY_WARNING);
  assert_message_has (flag->message, "2030-13-01");
  assert_message_has (flag->message, "expiry");
  flag = assert_flag (flags, DOSSIER_FLAG_TRAVEL_DATES, DOSSIER_FLAG_SEVERITY_ERROR);
  assert_message_has (flag->message, "2025-03-20");
  assert_message_has (flag->message, "2025-04-01");
}

/* ---- Decision check ------------------------------------------------------- */

static DossierDecisionFacts
matching_decision (void)
{
  DossierDecisionFacts facts = DOSSIER_DECISION_FACTS_INIT;

  facts.travel_from = "2025-04-01";
  facts.travel_to = "2025-04-20";
  facts.requested_entries = "multiple";
  facts.requested_days = 20;
  facts.visa_valid_from = "2025-03-25";
  facts.visa_valid_to = "2025-06-30";
  facts.visa_entries = "multiple";
  facts.visa_days_of_stay = 30;
  return facts;
}

static void
test_decision_match (void)
{
  DossierDecisionFacts facts = matching_decision ();
  DossierDecisionFacts unknown = DOSSIER_DECISION_FACTS_INIT;
  g_autoptr(GPtrArray) flags = dossier_decision_check (&facts);
  g_autoptr(GPtrArray) none = dossier_decision_check (&unknown);

  g_assert_cmpuint (flags->len, ==, 0);
  g_assert_cmpuint (none->len, ==, 0);

  /* Exactly the travel period and days; a double entry for a single request. */
  facts.visa_valid_from = "2025-04-01";
  facts.visa_valid_to = "2025-04-20";
  facts.visa_days_of_stay = 20;
  facts.requested_entries = "single";
  facts.visa_entries = "2";
  g_clear_pointer (&flags, g_ptr_array_unref);
  flags = dossier_decision_check (&facts);
  g_assert_cmpuint (flags->len, ==, 0);
}

static void
test_decision_mismatches (void)
{
  DossierDecisionFacts facts = matching_decision ();
  g_autoptr(GPtrArray) flags = NULL;
  const DossierFlag *flag;

  facts.visa_valid_from = "2025-04-03";
  facts.visa_valid_to = "2025-04-15";
  facts.visa_entries = "single";
  facts.requested_days = 20;
  facts.visa_days_of_stay = 15;
  flags = dossier_decision_check (&facts);
  g_assert_cmpuint (flags->len, ==, 5);

  flag = assert_flag (flags, DOSSIER_FLAG_VISA_STARTS_LATE, DOSSIER_FLAG_SEVERITY_ERROR);
  assert_message_has (flag->message, "2025-04-03");
  assert_message_has (flag->message, "2025-04-01");
  flag = assert_flag (flags, DOSSIER_FLAG_VISA_ENDS_EARLY, DOSSIER_FLAG_SEVERITY_ERROR);
  assert_message_has (flag->message, "2025-04-15");
  assert_message_has (flag->message, "2025-04-20");
  flag = assert_flag (flags, DOSSIER_FLAG_VISA_FEWER_ENTRIES, DOSSIER_FLAG_SEVERITY_WARNING);
  assert_message_has (flag->message, "a single entry");
  assert_message_has (flag->message, "multiple entries");
  flag = assert_flag (flags, DOSSIER_FLAG_VISA_FEWER_DAYS, DOSSIER_FLAG_SEVERITY_WARNING);
  assert_message_has (flag->message, "15 days");
  assert_message_has (flag->message, "20");
  /* 1 to 20 April is 20 days of stay: both ends count. */
  flag = assert_flag (flags, DOSSIER_FLAG_VISA_STAY_SHORTER, DOSSIER_FLAG_SEVERITY_WARNING);
  assert_message_has (flag->message, "lasts 20 days");
}

static void
test_decision_edges (void)
{
  DossierDecisionFacts facts = matching_decision ();
  g_autoptr(GPtrArray) flags = NULL;

  /* 19 days granted for a 20-day trip, nothing else requested. */
  facts.requested_days = 0;
  facts.visa_days_of_stay = 19;
  flags = dossier_decision_check (&facts);
  g_assert_cmpuint (flags->len, ==, 1);
  assert_flag (flags, DOSSIER_FLAG_VISA_STAY_SHORTER, DOSSIER_FLAG_SEVERITY_WARNING);
  g_clear_pointer (&flags, g_ptr_array_unref);

  /* "2" entries granted for "multiple"; a visa that ends before it starts. */
  facts = matching_decision ();
  facts.visa_entries = "2";
  facts.visa_valid_from = "2025-07-01";
  facts.visa_valid_to = "2025-06-30";
  flags = dossier_decision_check (&facts);
  assert_flag (flags, DOSSIER_FLAG_VISA_FEWER_ENTRIES, DOSSIER_FLAG_SEVERITY_WARNING);
  assert_flag (flags, DOSSIER_FLAG_VISA_DATES, DOSSIER_FLAG_SEVERITY_ERROR);
  assert_flag (flags, DOSSIER_FLAG_VISA_STARTS_LATE, DOSSIER_FLAG_SEVERITY_ERROR);
  g_clear_pointer (&flags, g_ptr_array_unref);

  /* Open-ended travel: the visa must at least cover the first day. */
  facts = matching_decision ();
  facts.travel_to = NULL;
  facts.visa_valid_from = "2025-03-01";
  facts.visa_valid_to = "2025-03-31";
  flags = dossier_decision_check (&facts);
  g_assert_cmpuint (flags->len, ==, 1);
  assert_flag (flags, DOSSIER_FLAG_VISA_ENDS_EARLY, DOSSIER_FLAG_SEVERITY_ERROR);
  g_clear_pointer (&flags, g_ptr_array_unref);

  /* Unreadable dates are reported, not compared. */
  facts = matching_decision ();
  facts.visa_valid_to = "30/06/2025";
  flags = dossier_decision_check (&facts);
  g_assert_cmpuint (flags->len, ==, 1);
  assert_flag (flags, DOSSIER_FLAG_INVALID_DATE, DOSSIER_FLAG_SEVERITY_WARNING);
}

/* ---- Duplicates ----------------------------------------------------------- */

static void
test_duplicates (void)
{
  DossierPersonKey a = { "E12345678", "Müller-Lüdenscheidt", "Anna Maria", "1990-05-17" };
  DossierPersonKey b = { "e 1234 5678", "Other", "Person", "1980-01-01" };
  DossierPersonKey c = { "G99999999", "MULLER LUDENSCHEIDT", "anna-maria", "1990-05-17" };
  DossierPersonKey d = { "G99999999", "MULLER LUDENSCHEIDT", "anna-maria", "1990-05-18" };
  DossierPersonKey e = { NULL, "Muller Ludenscheidt", "Anna", "1990-05-17" };
  DossierPersonKey empty1 = { "", "", "", "1990-05-17" };
  DossierPersonKey empty2 = { " ", NULL, NULL, "1990-05-17" };
  DossierPersonKey wang = { NULL, "王", "小明", "1990-05-17" };
  DossierPersonKey li = { NULL, "李", "小明", "1990-05-17" };
  DossierPersonKey wang2 = { NULL, "王", "小明", "1990-05-17" };

  /* Same passport number, whatever the case and spacing. */
  g_assert_true (dossier_applicants_are_duplicates (&a, &b));
  /* Same name (case, diacritics, punctuation aside) and birth date. */
  g_assert_true (dossier_applicants_are_duplicates (&a, &c));
  g_assert_true (dossier_applicants_are_duplicates (&c, &a));
  /* Same name, another birth date, another passport. */
  g_assert_false (dossier_applicants_are_duplicates (&a, &d));
  g_assert_true (dossier_applicants_are_duplicates (&c, &d));
  /* Given names must match too. */
  g_assert_false (dossier_applicants_are_duplicates (&a, &e));
  /* Nothing known is nothing matched. */
  g_assert_false (dossier_applicants_are_duplicates (&empty1, &empty2));
  /* Characters without a Latin form are compared as they are. */
  g_assert_false (dossier_applicants_are_duplicates (&wang, &li));
  g_assert_true (dossier_applicants_are_duplicates (&wang, &wang2));
}

static void
test_normalize (void)
{
  g_autofree char *name = dossier_normalize_name ("  Zhāng   Xiǎo-Míng ");
  g_autofree char *decomposed = dossier_normalize_name ("Mu\xcc\x88ller"); /* u + U+0308 */
  g_autofree char *chinese = dossier_normalize_name ("王小明");
  g_autofree char *number = dossier_normalize_passport_number (" e12-345 678 ");
  g_autofree char *none = dossier_normalize_name (NULL);

  g_assert_cmpstr (name, ==, "zhang xiao ming");
  g_assert_cmpstr (decomposed, ==, "muller");
  g_assert_cmpstr (chinese, ==, "王小明");
  g_assert_cmpstr (number, ==, "E12345678");
  g_assert_cmpstr (none, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain/checks/date/parse", test_date_parse);
  g_test_add_func ("/domain/checks/date/arithmetic", test_date_arithmetic);
  g_test_add_func ("/domain/checks/validate/travel-dates", test_travel_dates);
  g_test_add_func ("/domain/checks/validate/passport-number", test_passport_number);
  g_test_add_func ("/domain/checks/validate/countries", test_countries);
  g_test_add_func ("/domain/checks/validate/email", test_email);
  g_test_add_func ("/domain/checks/validate/phone", test_phone);
  g_test_add_func ("/domain/checks/case/all-good", test_case_all_good);
  g_test_add_func ("/domain/checks/case/validity", test_case_validity);
  g_test_add_func ("/domain/checks/case/validity-month-end", test_case_validity_month_end);
  g_test_add_func ("/domain/checks/case/validity-zero-months", test_case_validity_zero_months);
  g_test_add_func ("/domain/checks/case/expired", test_case_expired);
  g_test_add_func ("/domain/checks/case/issue-age", test_case_issue_age);
  g_test_add_func ("/domain/checks/case/passport-dates", test_case_passport_dates);
  g_test_add_func ("/domain/checks/case/pages-and-photo", test_case_pages_and_photo);
  g_test_add_func ("/domain/checks/case/bad-facts", test_case_bad_facts);
  g_test_add_func ("/domain/checks/decision/match", test_decision_match);
  g_test_add_func ("/domain/checks/decision/mismatches", test_decision_mismatches);
  g_test_add_func ("/domain/checks/decision/edges", test_decision_edges);
  g_test_add_func ("/domain/checks/duplicates", test_duplicates);
  g_test_add_func ("/domain/checks/normalize", test_normalize);

  return g_test_run ();
}
