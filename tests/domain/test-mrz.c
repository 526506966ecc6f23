/* test-mrz.c: passport machine-readable lines: parsing, check digits, building. */
#include "dossier-date.h"
#include "dossier-mrz.h"

#include <string.h>

/* The specimen of ICAO Doc 9303 Part 4 (TD3). */
#define SPECIMEN_LINE1 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define SPECIMEN_LINE2 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"

static void
set_date (GDate *date,
          guint  year,
          guint  month,
          guint  day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
assert_date (const GDate *date,
             const char  *iso)
{
  g_autofree char *text = dossier_date_format_iso (date);

  g_assert_cmpstr (text, ==, iso);
}

static DossierMrz *
parse_at (const char *text,
          guint       year,
          guint       month,
          guint       day,
          GError    **error)
{
  GDate today;

  set_date (&today, year, month, day);
  return dossier_mrz_parse (text, &today, error);
}

/* A Chinese passport as the sample data would have it. */
static DossierMrz *
chinese_fields (void)
{
  DossierMrz *fields = dossier_mrz_new ();

  fields->issuing_state = g_strdup ("CHN");
  fields->family_name = g_strdup ("Zhāng");
  fields->given_names = g_strdup ("Xiǎo Míng");
  fields->passport_number = g_strdup ("E12345678");
  fields->nationality = g_strdup ("CHN");
  set_date (&fields->birth_date, 1990, 5, 17);
  fields->sex = 'M';
  set_date (&fields->expiry_date, 2031, 5, 16);
  return fields;
}

static char *
build_text (const DossierMrz *fields)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;

  g_assert_true (dossier_mrz_build (fields, &line1, &line2, &error));
  g_assert_no_error (error);
  return g_strconcat (line1, "\n", line2, NULL);
}

static void
test_check_digit (void)
{
  /* The published check digits of the specimen, field by field. */
  g_assert_cmpint (dossier_mrz_check_digit ("L898902C3", -1), ==, 6);
  g_assert_cmpint (dossier_mrz_check_digit ("740812", -1), ==, 2);
  g_assert_cmpint (dossier_mrz_check_digit ("120415", -1), ==, 9);
  g_assert_cmpint (dossier_mrz_check_digit ("ZE184226B<<<<<", -1), ==, 1);
  g_assert_cmpint (dossier_mrz_check_digit ("L898902C36" "7408122" "1204159ZE184226B<<<<<1", -1),
                   ==, 0);
  g_assert_cmpint (dossier_mrz_check_digit ("<<<<<<", -1), ==, 0);
  /* 7-3-1 weighting: "A" is 10 * 7, "1A" is 1 * 7 + 10 * 3. */
  g_assert_cmpint (dossier_mrz_check_digit ("A", -1), ==, 0);
  g_assert_cmpint (dossier_mrz_check_digit ("1A", -1), ==, 7);
  g_assert_cmpint (dossier_mrz_check_digit ("111", -1), ==, 1);
  g_assert_cmpint (dossier_mrz_check_digit ("L898902C3XXXX", 9), ==, 6);
  g_assert_cmpint (dossier_mrz_check_digit ("l898902C3", -1), ==, -1);
  g_assert_cmpint (dossier_mrz_check_digit ("12 3", -1), ==, -1);
}

static void
test_specimen (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMrz) mrz = NULL;
  g_autoptr(DossierMrz) copy = NULL;

  mrz = parse_at (SPECIMEN_LINE1 "\n" SPECIMEN_LINE2, 2010, 3, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mrz);

  g_assert_cmpstr (mrz->line1, ==, SPECIMEN_LINE1);
  g_assert_cmpstr (mrz->line2, ==, SPECIMEN_LINE2);
  g_assert_cmpstr (mrz->document_type, ==, "P");
  g_assert_cmpstr (mrz->issuing_state, ==, "UTO");
  g_assert_cmpstr (mrz->family_name, ==, "ERIKSSON");
  g_assert_cmpstr (mrz->given_names, ==, "ANNA MARIA");
  g_assert_cmpstr (mrz->passport_number, ==, "L898902C3");
  g_assert_cmpstr (mrz->nationality, ==, "UTO");
  assert_date (&mrz->birth_date, "1974-08-12");
  g_assert_cmpint (mrz->sex, ==, 'F');
  assert_date (&mrz->expiry_date, "2012-04-15");
  g_assert_cmpstr (mrz->personal_number, ==, "ZE184226B");

  copy = dossier_mrz_copy (mrz);
  g_assert_true (copy != mrz);
  g_assert_cmpstr (copy->given_names, ==, "ANNA MARIA");
  g_assert_true (copy->given_names != mrz->given_names);
  g_assert_cmpint (g_date_compare (&copy->expiry_date, &mrz->expiry_date), ==, 0);
}

static void
test_specimen_build (void)
{
  g_autoptr(DossierMrz) fields = dossier_mrz_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;

  fields->issuing_state = g_strdup ("uto");
  fields->family_name = g_strdup ("Eriksson");
  fields->given_names = g_strdup ("Anna Maria");
  fields->passport_number = g_strdup ("L898902C3");
  fields->nationality = g_strdup ("UTO");
  set_date (&fields->birth_date, 1974, 8, 12);
  fields->sex = 'F';
  set_date (&fields->expiry_date, 2012, 4, 15);
  fields->personal_number = g_strdup ("ZE184226B");

  g_assert_true (dossier_mrz_build (fields, &line1, &line2, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (line1, ==, SPECIMEN_LINE1);
  g_assert_cmpstr (line2, ==, SPECIMEN_LINE2);
}

static void
assert_parses_specimen (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMrz) mrz = parse_at (text, 2010, 3, 1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (mrz);
  g_assert_cmpstr (mrz->line1, ==, SPECIMEN_LINE1);
  g_assert_cmpstr (mrz->line2, ==, SPECIMEN_LINE2);
  g_assert_cmpstr (mrz->passport_number, ==, "L898902C3");
}

static void
test_pasted_forms (void)
{
  g_autofree char *lower = g_ascii_strdown (SPECIMEN_LINE1 "\n" SPECIMEN_LINE2, -1);

  assert_parses_specimen ("\n  \t" SPECIMEN_LINE1 "\r\n" SPECIMEN_LINE2 "  \n\n");
  assert_parses_specimen (SPECIMEN_LINE1 " " SPECIMEN_LINE2);
  assert_parses_specimen ("  " SPECIMEN_LINE1 "   " SPECIMEN_LINE2 "\t");
  assert_parses_specimen (SPECIMEN_LINE1 SPECIMEN_LINE2);
  assert_parses_specimen (lower);
  /* Spaces an OCR tool put inside a line are not part of it. */
  assert_parses_specimen ("P<UTO ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                          "L898902C3 6 UTO 7408122 F 1204159 ZE184226B<<<<<10");
  assert_parses_specimen ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< "
                          "L898902C36UTO 7408122F1204159ZE184226B<<<<<10");
  assert_parses_specimen ("P<UTO ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
                          "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
  /* Full-width forms, as a Chinese input method types them. */
  assert_parses_specimen ("Ｐ＜ＵＴＯＥＲＩＫＳＳＯＮ＜＜ＡＮＮＡ＜ＭＡＲＩＡ＜＜＜＜＜＜＜＜＜＜＜＜＜＜＜＜＜＜＜\n"
                          "Ｌ８９８９０２Ｃ３６ＵＴＯ７４０８１２２Ｆ１２０４１５９ＺＥ１８４２２６Ｂ＜＜＜＜＜１０");
  /* OCR read each "<<" as one '«'... */
  assert_parses_specimen ("P<UTOERIKSSON«ANNA<MARIA«««««««««<\n"
                          "L898902C36UTO7408122F1204159ZE184226B««<10");
  /* ...or each '<' as one. */
  assert_parses_specimen ("P«UTOERIKSSON««ANNA«MARIA«««««««««««««««««««\n"
                          "L898902C36UTO7408122F1204159ZE184226B«««««10");
  assert_parses_specimen ("P‹UTOERIKSSON‹‹ANNA‹MARIA‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹‹\n" SPECIMEN_LINE2);
}

static void
assert_parse_error (const char      *text,
                    DossierMrzError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMrz) mrz = parse_at (text, 2010, 3, 1, &error);

  g_assert_null (mrz);
  g_assert_error (error, DOSSIER_MRZ_ERROR, (gint) code);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_wrong_shapes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMrz) mrz = NULL;

  assert_parse_error ("", DOSSIER_MRZ_ERROR_EMPTY);
  assert_parse_error (" \n\t \r\n", DOSSIER_MRZ_ERROR_EMPTY);
  assert_parse_error (SPECIMEN_LINE1, DOSSIER_MRZ_ERROR_LINE_COUNT);
  assert_parse_error (SPECIMEN_LINE1 "\n" SPECIMEN_LINE2 "\n" SPECIMEN_LINE2,
                      DOSSIER_MRZ_ERROR_LINE_COUNT);
  assert_parse_error ("P<UTO ERIKSSON ANNA", DOSSIER_MRZ_ERROR_LINE_COUNT);
  assert_parse_error ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<\n" SPECIMEN_LINE2,
                      DOSSIER_MRZ_ERROR_LINE_LENGTH);
  assert_parse_error (SPECIMEN_LINE1 "\n" SPECIMEN_LINE2 "<", DOSSIER_MRZ_ERROR_LINE_LENGTH);
  assert_parse_error (SPECIMEN_LINE1 "\nL898902C36UTO7408122F1204159ZE184226B<<<<<1#",
                      DOSSIER_MRZ_ERROR_CHARACTER);
  assert_parse_error (SPECIMEN_LINE1 "\nL898902C36UTO7408122F1204159ZE184226B<<<<<1é",
                      DOSSIER_MRZ_ERROR_CHARACTER);
  assert_parse_error ("\xff\xfe", DOSSIER_MRZ_ERROR_CHARACTER);
  assert_parse_error ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n" SPECIMEN_LINE2,
                      DOSSIER_MRZ_ERROR_DOCUMENT_TYPE);
  assert_parse_error ("P1UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n" SPECIMEN_LINE2,
                      DOSSIER_MRZ_ERROR_DOCUMENT_TYPE);
  assert_parse_error ("P<U1OERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n" SPECIMEN_LINE2,
                      DOSSIER_MRZ_ERROR_ISSUING_STATE);
  assert_parse_error ("P<UTO<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n" SPECIMEN_LINE2,
                      DOSSIER_MRZ_ERROR_NAME);
  assert_parse_error ("P<UTOERIKSSON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<\n" SPECIMEN_LINE2,
                      DOSSIER_MRZ_ERROR_NAME);

  assert_parse_error (SPECIMEN_LINE1 " L898902C36UTO7408122F1204159ZE184226B<<<<10",
                      DOSSIER_MRZ_ERROR_LINE_LENGTH);

  /* The length message says which line and how long it is. */
  mrz = parse_at (SPECIMEN_LINE1 "\n" SPECIMEN_LINE2 "<<", 2010, 3, 1, &error);
  g_assert_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_LINE_LENGTH);
  g_assert_nonnull (strstr (error->message, "second"));
  g_assert_nonnull (strstr (error->message, "46"));
}

/* Replaces the character at @pos of the second line of the specimen. */
static char *
specimen_with (guint pos,
               char  c)
{
  char line2[] = SPECIMEN_LINE2;

  line2[pos] = c;
  return g_strconcat (SPECIMEN_LINE1 "\n", line2, NULL);
}

static void
test_broken_check_digits (void)
{
  static const struct
  {
    guint           pos;
    DossierMrzError code;
    const char     *words;
  } cases[] = {
    { 9, DOSSIER_MRZ_ERROR_PASSPORT_NUMBER_CHECK, "passport number" },
    { 19, DOSSIER_MRZ_ERROR_BIRTH_DATE_CHECK, "date of birth" },
    { 27, DOSSIER_MRZ_ERROR_EXPIRY_DATE_CHECK, "expiry date" },
    { 42, DOSSIER_MRZ_ERROR_PERSONAL_NUMBER_CHECK, "personal number" },
    { 43, DOSSIER_MRZ_ERROR_COMPOSITE_CHECK, "composite" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char digit = SPECIMEN_LINE2[cases[i].pos];
      g_autofree char *text = specimen_with (cases[i].pos, (char) ('0' + (digit - '0' + 1) % 10));
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierMrz) mrz = parse_at (text, 2010, 3, 1, &error);

      g_assert_null (mrz);
      g_assert_error (error, DOSSIER_MRZ_ERROR, (gint) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }
}

static void
test_broken_fields (void)
{
  /* A typing mistake in a field is caught by that field's check digit. */
  static const struct
  {
    guint           pos;
    char            c;
    DossierMrzError code;
  } cases[] = {
    { 2, '6', DOSSIER_MRZ_ERROR_PASSPORT_NUMBER_CHECK },
    { 8, '8', DOSSIER_MRZ_ERROR_PASSPORT_NUMBER_CHECK },
    { 14, '5', DOSSIER_MRZ_ERROR_BIRTH_DATE_CHECK },
    { 25, '2', DOSSIER_MRZ_ERROR_EXPIRY_DATE_CHECK },
    { 30, '3', DOSSIER_MRZ_ERROR_PERSONAL_NUMBER_CHECK },
    { 19, '<', DOSSIER_MRZ_ERROR_BIRTH_DATE_CHECK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = specimen_with (cases[i].pos, cases[i].c);

      assert_parse_error (text, cases[i].code);
    }
}

/* Recomputes every check digit of @line2, for lines a test edits on purpose. */
static void
fix_check_digits (char *line2)
{
  char composite[40];

  line2[9] = (char) ('0' + dossier_mrz_check_digit (line2, 9));
  line2[19] = (char) ('0' + dossier_mrz_check_digit (line2 + 13, 6));
  line2[27] = (char) ('0' + dossier_mrz_check_digit (line2 + 21, 6));
  line2[42] = (char) ('0' + dossier_mrz_check_digit (line2 + 28, 14));
  memcpy (composite, line2, 10);
  memcpy (composite + 10, line2 + 13, 7);
  memcpy (composite + 17, line2 + 21, 22);
  composite[39] = '\0';
  line2[43] = (char) ('0' + dossier_mrz_check_digit (composite, -1));
}

static void
assert_line2_error (const char      *field,
                    guint            pos,
                    DossierMrzError  code)
{
  char line2[] = SPECIMEN_LINE2;
  g_autofree char *text = NULL;

  memcpy (line2 + pos, field, strlen (field));
  fix_check_digits (line2);
  text = g_strconcat (SPECIMEN_LINE1 "\n", line2, NULL);
  assert_parse_error (text, code);
}

static void
test_invalid_fields (void)
{
  /* Correct check digits over impossible values. */
  assert_line2_error ("741312", 13, DOSSIER_MRZ_ERROR_BIRTH_DATE);
  assert_line2_error ("740230", 13, DOSSIER_MRZ_ERROR_BIRTH_DATE);
  assert_line2_error ("7408AB", 13, DOSSIER_MRZ_ERROR_BIRTH_DATE);
  assert_line2_error ("120400", 21, DOSSIER_MRZ_ERROR_EXPIRY_DATE);
  assert_line2_error ("Q", 20, DOSSIER_MRZ_ERROR_SEX);
  assert_line2_error ("U1O", 10, DOSSIER_MRZ_ERROR_NATIONALITY);
  assert_line2_error ("<<<<<<<<<", 0, DOSSIER_MRZ_ERROR_PASSPORT_NUMBER);
  assert_line2_error ("L89<902C3", 0, DOSSIER_MRZ_ERROR_PASSPORT_NUMBER);
}

static void
test_empty_personal_number (void)
{
  g_autoptr(DossierMrz) fields = chinese_fields ();
  g_autofree char *text = build_text (fields);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMrz) mrz = NULL;
  char *line2 = strchr (text, '\n') + 1;

  /* An empty personal number carries '<' (or '0') as its check digit. */
  g_assert_cmpint (line2[42], ==, '<');
  mrz = parse_at (text, 2025, 6, 15, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mrz->personal_number, ==, "");
  g_clear_pointer (&mrz, dossier_mrz_free);

  line2[42] = '0';
  mrz = parse_at (text, 2025, 6, 15, &error);
  g_assert_no_error (error);
  g_clear_pointer (&mrz, dossier_mrz_free);

  line2[42] = '5';
  assert_parse_error (text, DOSSIER_MRZ_ERROR_PERSONAL_NUMBER_CHECK);
}

static void
test_chinese_round_trip (void)
{
  g_autoptr(DossierMrz) fields = chinese_fields ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMrz) mrz = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_free (fields->personal_number);
  fields->personal_number = g_strdup ("LCOCKBOKMHPA");
  text = build_text (fields);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "P<CHNZHANG<<XIAO<MING<<<<<<<<<<<<<<<<<<<<<<<");
  g_assert_cmpuint (strlen (lines[1]), ==, 44);
  g_assert_true (g_str_has_prefix (lines[1], "E12345678"));
  g_assert_cmpint (lines[1][9], ==, '0' + dossier_mrz_check_digit ("E12345678", -1));
  g_assert_true (g_str_has_prefix (lines[1] + 10, "CHN900517"));
  g_assert_cmpint (lines[1][20], ==, 'M');
  g_assert_true (g_str_has_prefix (lines[1] + 21, "310516"));

  mrz = parse_at (text, 2025, 6, 15, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mrz->issuing_state, ==, "CHN");
  g_assert_cmpstr (mrz->nationality, ==, "CHN");
  g_assert_cmpstr (mrz->family_name, ==, "ZHANG");
  g_assert_cmpstr (mrz->given_names, ==, "XIAO MING");
  g_assert_cmpstr (mrz->passport_number, ==, "E12345678");
  assert_date (&mrz->birth_date, "1990-05-17");
  assert_date (&mrz->expiry_date, "2031-05-16");
  g_assert_cmpint (mrz->sex, ==, 'M');
  g_assert_cmpstr (mrz->personal_number, ==, "LCOCKBOKMHPA");
}

static void
test_chinese_broken (void)
{
  g_autoptr(DossierMrz) fields = chinese_fields ();
  g_autofree char *text = build_text (fields);
  char *line2 = strchr (text, '\n') + 1;
  static const struct
  {
    guint           pos;
    DossierMrzError code;
  } cases[] = {
    { 9, DOSSIER_MRZ_ERROR_PASSPORT_NUMBER_CHECK },
    { 19, DOSSIER_MRZ_ERROR_BIRTH_DATE_CHECK },
    { 27, DOSSIER_MRZ_ERROR_EXPIRY_DATE_CHECK },
    { 43, DOSSIER_MRZ_ERROR_COMPOSITE_CHECK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char saved = line2[cases[i].pos];

      line2[cases[i].pos] = (char) ('0' + (saved - '0' + 3) % 10);
      assert_parse_error (text, cases[i].code);
      line2[cases[i].pos] = saved;
    }
}

/* Builds a passport born on @birth and expiring on @expiry, and parses it as
 * of @today; returns the dates read back (or %NULL and the error). */
static DossierMrz *
round_trip_dates (const char *birth,
                  const char *expiry,
                  const char *today,
                  GError    **error)
{
  g_autoptr(DossierMrz) fields = chinese_fields ();
  g_autofree char *text = NULL;
  GDate reference;

  g_assert_true (dossier_date_parse_iso (birth, &fields->birth_date));
  g_assert_true (dossier_date_parse_iso (expiry, &fields->expiry_date));
  g_assert_true (dossier_date_parse_iso (today, &reference));
  text = build_text (fields);
  return dossier_mrz_parse (text, &reference, error);
}

static void
assert_years (const char *birth,
              const char *expiry,
              const char *today,
              const char *expected_birth,
              const char *expected_expiry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMrz) mrz = round_trip_dates (birth, expiry, today, &error);

  g_assert_no_error (error);
  assert_date (&mrz->birth_date, expected_birth);
  assert_date (&mrz->expiry_date, expected_expiry);
}

static void
test_two_digit_years (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMrz) mrz = NULL;

  /* Only the last two digits of each year travel in the lines. */
  assert_years ("1990-05-17", "2031-05-16", "2025-06-15", "1990-05-17", "2031-05-16");
  assert_years ("2025-01-01", "2035-01-01", "2025-06-15", "2025-01-01", "2035-01-01");
  assert_years ("2025-06-15", "2075-12-31", "2025-06-15", "2025-06-15", "2075-12-31");
  /* A birthday later this year is a century ago: birth dates are in the past. */
  assert_years ("1925-06-16", "2030-01-01", "2025-06-15", "1925-06-16", "2030-01-01");
  assert_years ("1926-01-01", "2030-01-01", "2025-06-15", "1926-01-01", "2030-01-01");
  assert_years ("2000-02-29", "2000-01-01", "2025-06-15", "2000-02-29", "2000-01-01");
  /* Expiry dates lie within 50 years of today. */
  assert_years ("1980-01-01", "1976-01-01", "2025-06-15", "1980-01-01", "1976-01-01");
  assert_years ("2070-01-01", "2110-07-01", "2080-03-01", "2070-01-01", "2110-07-01");
  assert_years ("1999-12-31", "2000-01-01", "1999-12-31", "1999-12-31", "2000-01-01");

  /* 29 February 2000 exists; read in 2100, "000229" would be 2100-02-29, which does not. */
  mrz = round_trip_dates ("2000-02-29", "2105-01-01", "2100-03-01", &error);
  g_assert_null (mrz);
  g_assert_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_BIRTH_DATE);
}

static void
test_build_names (void)
{
  g_autoptr(DossierMrz) fields = chinese_fields ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMrz) mrz = NULL;
  g_autofree char *text = NULL;

  /* ICAO 9303 writes Ø as OE, as g_str_to_ascii() does. */
  g_free (fields->family_name);
  g_free (fields->given_names);
  fields->family_name = g_strdup ("O'Neil-Sørensen");
  fields->given_names = g_strdup ("  Jean   Luc ");
  text = build_text (fields);
  g_assert_true (g_str_has_prefix (text, "P<CHNONEIL<SOERENSEN<<JEAN<LUC<<<"));
  mrz = parse_at (text, 2025, 6, 15, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mrz->family_name, ==, "ONEIL SOERENSEN");
  g_assert_cmpstr (mrz->given_names, ==, "JEAN LUC");
  g_clear_pointer (&mrz, dossier_mrz_free);
  g_clear_pointer (&text, g_free);

  /* Too long names are cut at the end of the line. */
  g_free (fields->family_name);
  g_free (fields->given_names);
  fields->family_name = g_strdup ("Wolfeschlegelsteinhausenbergerdorff");
  fields->given_names = g_strdup ("Hubert Blaine");
  text = build_text (fields);
  g_assert_cmpuint ((guint) (strchr (text, '\n') - text), ==, 44);
  mrz = parse_at (text, 2025, 6, 15, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mrz->family_name, ==, "WOLFESCHLEGELSTEINHAUSENBERGERDORFF");
  g_assert_cmpstr (mrz->given_names, ==, "HU");
  g_clear_pointer (&mrz, dossier_mrz_free);
  g_clear_pointer (&text, g_free);

  /* Only a family name. */
  g_clear_pointer (&fields->given_names, g_free);
  fields->sex = 'X';
  text = build_text (fields);
  mrz = parse_at (text, 2025, 6, 15, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mrz->given_names, ==, "");
  g_assert_cmpint (mrz->sex, ==, 'X');
  g_assert_cmpint (mrz->line2[20], ==, '<');
}

static void
assert_build_error (DossierMrz      *fields,
                    DossierMrzError  code)
{
  g_autoptr(GError) error = NULL;
  char *line1 = NULL;
  char *line2 = NULL;

  g_assert_false (dossier_mrz_build (fields, &line1, &line2, &error));
  g_assert_error (error, DOSSIER_MRZ_ERROR, (gint) code);
  g_assert_null (line1);
  g_assert_null (line2);
}

#define REPLACE(field, value) (g_free (field), (field) = g_strdup (value))

static void
test_build_errors (void)
{
  g_autoptr(DossierMrz) fields = NULL;

  fields = chinese_fields ();
  REPLACE (fields->passport_number, "E123456789");
  assert_build_error (fields, DOSSIER_MRZ_ERROR_PASSPORT_NUMBER);
  REPLACE (fields->passport_number, "E1234-567");
  assert_build_error (fields, DOSSIER_MRZ_ERROR_PASSPORT_NUMBER);
  g_clear_pointer (&fields, dossier_mrz_free);

  fields = chinese_fields ();
  REPLACE (fields->family_name, "王");
  assert_build_error (fields, DOSSIER_MRZ_ERROR_NAME);
  g_clear_pointer (&fields, dossier_mrz_free);

  fields = chinese_fields ();
  REPLACE (fields->issuing_state, "CH1");
  assert_build_error (fields, DOSSIER_MRZ_ERROR_ISSUING_STATE);
  REPLACE (fields->issuing_state, "CHN");
  REPLACE (fields->nationality, "");
  assert_build_error (fields, DOSSIER_MRZ_ERROR_NATIONALITY);
  REPLACE (fields->nationality, "CHN");
  REPLACE (fields->document_type, "V");
  assert_build_error (fields, DOSSIER_MRZ_ERROR_DOCUMENT_TYPE);
  REPLACE (fields->document_type, "PO");
  fields->sex = 'Q';
  assert_build_error (fields, DOSSIER_MRZ_ERROR_SEX);
  fields->sex = 'f';
  g_date_clear (&fields->birth_date, 1);
  assert_build_error (fields, DOSSIER_MRZ_ERROR_BIRTH_DATE);
  set_date (&fields->birth_date, 1990, 5, 17);
  g_date_clear (&fields->expiry_date, 1);
  assert_build_error (fields, DOSSIER_MRZ_ERROR_EXPIRY_DATE);
  set_date (&fields->expiry_date, 2031, 5, 16);
  REPLACE (fields->personal_number, "123456789012345");
  assert_build_error (fields, DOSSIER_MRZ_ERROR_PERSONAL_NUMBER);
  REPLACE (fields->personal_number, "12345678901234");

  /* With every field fixed, the official subtype and lower-case sex pass. */
  {
    g_autofree char *text = build_text (fields);
    g_autoptr(GError) error = NULL;
    g_autoptr(DossierMrz) mrz = parse_at (text, 2025, 6, 15, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (mrz->document_type, ==, "PO");
    g_assert_cmpint (mrz->sex, ==, 'F');
    g_assert_cmpstr (mrz->personal_number, ==, "12345678901234");
  }
}

static void
test_issuing_state_fillers (void)
{
  g_autoptr(DossierMrz) fields = chinese_fields ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMrz) mrz = NULL;
  g_autofree char *text = NULL;

  /* Germany's one-letter code keeps its fillers in the lines. */
  REPLACE (fields->issuing_state, "D");
  REPLACE (fields->nationality, "D");
  text = build_text (fields);
  g_assert_true (g_str_has_prefix (text, "P<D<<ZHANG"));
  mrz = parse_at (text, 2025, 6, 15, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mrz->issuing_state, ==, "D");
  g_assert_cmpstr (mrz->nationality, ==, "D");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain/mrz/check-digit", test_check_digit);
  g_test_add_func ("/domain/mrz/specimen", test_specimen);
  g_test_add_func ("/domain/mrz/specimen-build", test_specimen_build);
  g_test_add_func ("/domain/mrz/pasted-forms", test_pasted_forms);
  g_test_add_func ("/domain/mrz/wrong-shapes", test_wrong_shapes);
  g_test_add_func ("/domain/mrz/broken-check-digits", test_broken_check_digits);
  g_test_add_func ("/domain/mrz/broken-fields", test_broken_fields);
  g_test_add_func ("/domain/mrz/invalid-fields", test_invalid_fields);
  g_test_add_func ("/domain/mrz/empty-personal-number", test_empty_personal_number);
  g_test_add_func ("/domain/mrz/chinese-round-trip", test_chinese_round_trip);
  g_test_add_func ("/domain/mrz/chinese-broken", test_chinese_broken);
  g_test_add_func ("/domain/mrz/two-digit-years", test_two_digit_years);
  g_test_add_func ("/domain/mrz/build-names", test_build_names);
  g_test_add_func ("/domain/mrz/build-errors", test_build_errors);
  g_test_add_func ("/domain/mrz/issuing-state-fillers", test_issuing_state_fillers);

  return g_test_run ();
}
