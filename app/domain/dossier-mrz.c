/* dossier-mrz.c: parsing, verifying and building passport MRZ lines (ICAO 9303 TD3).
 *
 * Layout of the two 44-character lines:
 *   line 1: [0] 'P', [1] subtype or '<', [2-4] issuing state, [5-43] names
 *   line 2: [0-8] number, [9] check, [10-12] nationality, [13-18] birth YYMMDD,
 *           [19] check, [20] sex, [21-26] expiry YYMMDD, [27] check,
 *           [28-41] personal number, [42] check, [43] composite check over
 *           [0-9], [13-19] and [21-42]
 */
#include "dossier-mrz.h"

#include "dossier-date.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define NAME_FIELD_LENGTH 39
#define NUMBER_LENGTH 9
#define PERSONAL_LENGTH 14

/* Stands for a '«' until we know whether it replaced '<' or '<<'. */
#define CHEVRON_MARK '\x01'

G_DEFINE_QUARK (dossier-mrz-error-quark, dossier_mrz_error)

G_DEFINE_BOXED_TYPE (DossierMrz, dossier_mrz, dossier_mrz_copy, dossier_mrz_free)

DossierMrz *
dossier_mrz_new (void)
{
  DossierMrz *mrz = g_new0 (DossierMrz, 1);

  g_date_clear (&mrz->birth_date, 1);
  g_date_clear (&mrz->expiry_date, 1);
  return mrz;
}

DossierMrz *
dossier_mrz_copy (const DossierMrz *mrz)
{
  DossierMrz *copy;

  g_return_val_if_fail (mrz != NULL, NULL);

  copy = dossier_mrz_new ();
  copy->line1 = g_strdup (mrz->line1);
  copy->line2 = g_strdup (mrz->line2);
  copy->document_type = g_strdup (mrz->document_type);
  copy->issuing_state = g_strdup (mrz->issuing_state);
  copy->family_name = g_strdup (mrz->family_name);
  copy->given_names = g_strdup (mrz->given_names);
  copy->passport_number = g_strdup (mrz->passport_number);
  copy->nationality = g_strdup (mrz->nationality);
  copy->birth_date = mrz->birth_date;
  copy->sex = mrz->sex;
  copy->expiry_date = mrz->expiry_date;
  copy->personal_number = g_strdup (mrz->personal_number);
  return copy;
}

void
dossier_mrz_free (DossierMrz *mrz)
{
  if (mrz == NULL)
    return;

  g_free (mrz->line1);
  g_free (mrz->line2);
  g_free (mrz->document_type);
  g_free (mrz->issuing_state);
  g_free (mrz->family_name);
  g_free (mrz->given_names);
  g_free (mrz->passport_number);
  g_free (mrz->nationality);
  g_free (mrz->personal_number);
  g_free (mrz);
}

static gint
char_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  if (c == '<')
    return 0;
  return -1;
}

gint
dossier_mrz_check_digit (const char *text,
                         gssize      length)
{
  static const gint weights[] = { 7, 3, 1 };
  gsize len;
  gint sum = 0;

  g_return_val_if_fail (text != NULL, -1);

  len = length < 0 ? strlen (text) : (gsize) length;
  for (gsize i = 0; i < len; i++)
    {
      gint value = char_value (text[i]);

      if (value < 0)
        return -1;
      sum += value * weights[i % 3];
    }
  return sum % 10;
}

/* ---- Normalizing pasted text ------------------------------------------- */

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85;
}

/* Returns the ASCII form of @c, CHEVRON_MARK for '«', or 0 if @c has no place
 * in a machine-readable zone. */
static char
map_character (gunichar c)
{
  if (is_line_break (c))
    return '\n';
  if (g_unichar_isspace (c))
    return ' ';
  if (c < 0x80 && (g_ascii_isalnum ((char) c) || c == '<'))
    return g_ascii_toupper ((char) c);
  if (c == 0x00AB) /* '«': OCR reads "<<" (and sometimes "<") as one chevron */
    return CHEVRON_MARK;
  if (c == 0x2039) /* '‹' */
    return '<';
  return 0;
}

/* NFKC first turns full-width letters, digits, '<' and the ideographic space
 * (typed with a Chinese input method) into their ASCII forms. */
static char *
map_text (const char  *text,
          GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GString) out = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_CHARACTER,
                           _("The text is not valid Unicode"));
      return NULL;
    }

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  out = g_string_sized_new (strlen (normalized));
  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char mapped = map_character (c);

      if (mapped == 0)
        {
          char shown[8] = { 0 };

          g_unichar_to_utf8 (c, shown);
          g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_CHARACTER,
                       _("“%s” cannot appear in a passport’s machine-readable lines; "
                         "only letters A-Z, digits and “<” can"),
                       shown);
          return NULL;
        }
      g_string_append_c (out, mapped);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Decides whether each '«' stood for '<' or '<<' by the length the line must
 * have; when neither fits, '<' is used and the length check reports it. */
static char *
resolve_chevrons (const char *text,
                  gsize       target)
{
  gsize marks = 0, others = 0;
  const char *filler;
  GString *out;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == CHEVRON_MARK)
        marks++;
      else
        others++;
    }
  filler = (marks > 0 && others + 2 * marks == target) ? "<<" : "<";

  out = g_string_sized_new (target);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == CHEVRON_MARK)
        g_string_append (out, filler);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
strip_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p != ' ')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
check_line_length (const char  *line,
                   guint        number,
                   GError     **error)
{
  guint length = (guint) strlen (line);

  if (length == DOSSIER_MRZ_LINE_LENGTH)
    return TRUE;

  if (number == 1)
    g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_LINE_LENGTH,
                 _("The first line has %u characters; a passport line has %u"),
                 length, (guint) DOSSIER_MRZ_LINE_LENGTH);
  else
    g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_LINE_LENGTH,
                 _("The second line has %u characters; a passport line has %u"),
                 length, (guint) DOSSIER_MRZ_LINE_LENGTH);
  return FALSE;
}

/* One line of text: the two lines were pasted with spaces between them, or
 * with nothing at all.  Spaces are never part of a line, so 88 characters
 * without them are the two lines, wherever the spaces fell. */
static gboolean
split_single_line (const char  *line,
                   char       **out_line1,
                   char       **out_line2,
                   GError     **error)
{
  g_autofree char *joined = strip_spaces (line);
  g_autofree char *resolved = resolve_chevrons (joined, 2 * DOSSIER_MRZ_LINE_LENGTH);
  g_auto(GStrv) tokens = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  if (strlen (resolved) == 2 * DOSSIER_MRZ_LINE_LENGTH)
    {
      *out_line1 = g_strndup (resolved, DOSSIER_MRZ_LINE_LENGTH);
      *out_line2 = g_strdup (resolved + DOSSIER_MRZ_LINE_LENGTH);
      return TRUE;
    }

  /* Two words are two lines, one of them with a wrong length to report. */
  tokens = g_strsplit (line, " ", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (tokens[i][0] != '\0')
        g_ptr_array_add (words, tokens[i]);
    }
  if (words->len == 2)
    {
      *out_line1 = resolve_chevrons (words->pdata[0], DOSSIER_MRZ_LINE_LENGTH);
      *out_line2 = resolve_chevrons (words->pdata[1], DOSSIER_MRZ_LINE_LENGTH);
      return TRUE;
    }

  g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_LINE_COUNT,
               _("Found one line of %u characters; a passport has two lines of %u characters"),
               (guint) strlen (resolved), (guint) DOSSIER_MRZ_LINE_LENGTH);
  return FALSE;
}

static gboolean
split_lines (const char  *text,
             char       **out_line1,
             char       **out_line2,
             GError     **error)
{
  g_autofree char *mapped = map_text (text, error);
  g_auto(GStrv) raw_lines = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (mapped == NULL)
    return FALSE;

  raw_lines = g_strsplit (mapped, "\n", -1);
  for (guint i = 0; raw_lines[i] != NULL; i++)
    {
      if (g_strstrip (raw_lines[i])[0] != '\0')
        g_ptr_array_add (lines, raw_lines[i]);
    }

  if (lines->len == 0)
    {
      g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_EMPTY,
                           _("Type or paste the two machine-readable lines of the passport"));
      return FALSE;
    }
  if (lines->len == 1)
    return split_single_line (lines->pdata[0], out_line1, out_line2, error);
  if (lines->len > 2)
    {
      g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_LINE_COUNT,
                   _("Found %u lines; a passport has two machine-readable lines"),
                   lines->len);
      return FALSE;
    }

  first = strip_spaces (lines->pdata[0]);
  second = strip_spaces (lines->pdata[1]);
  *out_line1 = resolve_chevrons (first, DOSSIER_MRZ_LINE_LENGTH);
  *out_line2 = resolve_chevrons (second, DOSSIER_MRZ_LINE_LENGTH);
  return TRUE;
}

/* ---- Reading the fields ------------------------------------------------- */

/* The field without its trailing fillers. */
static char *
strip_fillers (const char *field,
               gsize       length)
{
  char *out = g_strndup (field, length);
  gsize end = strlen (out);

  while (end > 0 && out[end - 1] == '<')
    out[--end] = '\0';
  return out;
}

/* Fillers inside a name separate its words. */
static char *
fillers_to_spaces (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, "<", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  return g_string_free (out, FALSE);
}

/* Letters, then only fillers: "CHN", "D<<". */
static char *
read_code (const char *field)
{
  g_autofree char *code = strip_fillers (field, 3);

  if (code[0] == '\0')
    return NULL;
  for (const char *p = code; *p != '\0'; p++)
    {
      if (!g_ascii_isupper (*p))
        return NULL;
    }
  return g_steal_pointer (&code);
}

static gboolean
check_digit_matches (const char *line,
                     guint       start,
                     guint       length,
                     guint       check)
{
  gint digit = dossier_mrz_check_digit (line + start, length);

  return digit >= 0 && line[check] == '0' + digit;
}

typedef struct
{
  guint           start;
  guint           length;
  guint           check;
  DossierMrzError code;
  const char     *message;
} CheckDigitSpec;

static const CheckDigitSpec check_digits[] = {
  { 0, NUMBER_LENGTH, 9, DOSSIER_MRZ_ERROR_PASSPORT_NUMBER_CHECK,
    N_("The check digit of the passport number does not match") },
  { 13, 6, 19, DOSSIER_MRZ_ERROR_BIRTH_DATE_CHECK,
    N_("The check digit of the date of birth does not match") },
  { 21, 6, 27, DOSSIER_MRZ_ERROR_EXPIRY_DATE_CHECK,
    N_("The check digit of the expiry date does not match") },
  { 28, PERSONAL_LENGTH, 42, DOSSIER_MRZ_ERROR_PERSONAL_NUMBER_CHECK,
    N_("The check digit of the personal number does not match") },
};

static gboolean
is_all_fillers (const char *text,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] != '<')
        return FALSE;
    }
  return TRUE;
}

/* The composite digit covers the number, birth date, expiry date and personal
 * number with their own check digits, but not the nationality or the sex. */
static gint
composite_check_digit (const char *line2)
{
  char composite[39];

  memcpy (composite, line2, 10);
  memcpy (composite + 10, line2 + 13, 7);
  memcpy (composite + 17, line2 + 21, 22);
  return dossier_mrz_check_digit (composite, sizeof composite);
}

static gboolean
verify_check_digits (const char  *line2,
                     GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_digits); i++)
    {
      const CheckDigitSpec *spec = &check_digits[i];

      /* ICAO 9303 lets an empty personal number carry '<' as its check digit. */
      if (spec->code == DOSSIER_MRZ_ERROR_PERSONAL_NUMBER_CHECK
          && is_all_fillers (line2 + spec->start, spec->length)
          && (line2[spec->check] == '<' || line2[spec->check] == '0'))
        continue;
      if (!check_digit_matches (line2, spec->start, spec->length, spec->check))
        {
          g_set_error_literal (error, DOSSIER_MRZ_ERROR, spec->code, _(spec->message));
          return FALSE;
        }
    }

  if (line2[43] != '0' + composite_check_digit (line2))
    {
      g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_COMPOSITE_CHECK,
                           _("The composite check digit of the second line does not match"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_two_digits (const char *text,
                 guint      *out_value)
{
  if (!g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]))
    return FALSE;
  *out_value = (guint) (g_ascii_digit_value (text[0]) * 10 + g_ascii_digit_value (text[1]));
  return TRUE;
}

/* Resolves YYMMDD.  Birth dates are in the past: the latest century that does
 * not put the date after @today.  Expiry dates lie within 50 years of @today. */
static gboolean
read_date (const char  *field,
           gboolean     is_birth,
           const GDate *today,
           GDate       *out_date)
{
  guint yy, mm, dd, year;
  guint this_year = g_date_get_year (today);

  if (!read_two_digits (field, &yy) || !read_two_digits (field + 2, &mm)
      || !read_two_digits (field + 4, &dd) || mm < 1 || mm > 12 || dd < 1)
    return FALSE;

  year = this_year - this_year % 100 + yy;
  if (is_birth)
    {
      if (year > this_year
          || (year == this_year
              && (mm > g_date_get_month (today)
                  || (mm == g_date_get_month (today) && dd > g_date_get_day (today)))))
        year -= 100;
    }
  else if (year > this_year + 50)
    year -= 100;
  else if (year + 50 <= this_year)
    year += 100;

  if (!g_date_valid_dmy ((GDateDay) dd, (GDateMonth) mm, (GDateYear) year))
    return FALSE;
  g_date_set_dmy (out_date, (GDateDay) dd, (GDateMonth) mm, (GDateYear) year);
  return TRUE;
}

static gboolean
parse_names (const char  *field,
             DossierMrz  *mrz,
             GError     **error)
{
  g_autofree char *names = strip_fillers (field, NAME_FIELD_LENGTH);
  g_autofree char *family = NULL;
  const char *separator;

  for (const char *p = names; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_NAME,
                               _("The name field of the first line contains digits"));
          return FALSE;
        }
    }
  if (names[0] == '\0' || names[0] == '<')
    {
      g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_NAME,
                           _("The family name in the first line is empty"));
      return FALSE;
    }

  /* "<<" separates the family name from the given names. */
  separator = strstr (names, "<<");
  family = separator != NULL ? g_strndup (names, (gsize) (separator - names)) : g_strdup (names);
  mrz->family_name = fillers_to_spaces (family);
  mrz->given_names = fillers_to_spaces (separator != NULL ? separator + 2 : "");
  return TRUE;
}

static gboolean
parse_line1 (const char  *line1,
             DossierMrz  *mrz,
             GError     **error)
{
  if (line1[0] != 'P')
    {
      g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_DOCUMENT_TYPE,
                           _("This is not a passport: the first line must begin with “P”"));
      return FALSE;
    }
  if (line1[1] != '<' && !g_ascii_isupper (line1[1]))
    {
      g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_DOCUMENT_TYPE,
                   _("“%.2s” is not a passport document type"), line1);
      return FALSE;
    }
  mrz->document_type = strip_fillers (line1, 2);

  mrz->issuing_state = read_code (line1 + 2);
  if (mrz->issuing_state == NULL)
    {
      g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_ISSUING_STATE,
                   _("The issuing state “%.3s” is not a country code"), line1 + 2);
      return FALSE;
    }

  return parse_names (line1 + 5, mrz, error);
}

static gboolean
parse_number (const char  *line2,
              DossierMrz  *mrz,
              GError     **error)
{
  g_autofree char *number = strip_fillers (line2, NUMBER_LENGTH);

  if (number[0] == '\0' || strchr (number, '<') != NULL)
    {
      g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_PASSPORT_NUMBER,
                   _("The passport number “%.9s” is not valid"), line2);
      return FALSE;
    }
  mrz->passport_number = g_steal_pointer (&number);
  return TRUE;
}

static gboolean
parse_line2 (const char  *line2,
             const GDate *today,
             DossierMrz  *mrz,
             GError     **error)
{
  if (!parse_number (line2, mrz, error))
    return FALSE;

  mrz->nationality = read_code (line2 + 10);
  if (mrz->nationality == NULL)
    {
      g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_NATIONALITY,
                   _("The nationality “%.3s” is not a country code"), line2 + 10);
      return FALSE;
    }
  if (!read_date (line2 + 13, TRUE, today, &mrz->birth_date))
    {
      g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_BIRTH_DATE,
                   _("The date of birth “%.6s” is not a real date"), line2 + 13);
      return FALSE;
    }
  if (line2[20] != 'F' && line2[20] != 'M' && line2[20] != '<')
    {
      g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_SEX,
                   _("The sex “%c” must be F, M or “<”"), line2[20]);
      return FALSE;
    }
  mrz->sex = line2[20] == '<' ? 'X' : line2[20];
  if (!read_date (line2 + 21, FALSE, today, &mrz->expiry_date))
    {
      g_set_error (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_EXPIRY_DATE,
                   _("The expiry date “%.6s” is not a real date"), line2 + 21);
      return FALSE;
    }
  mrz->personal_number = strip_fillers (line2 + 28, PERSONAL_LENGTH);
  return TRUE;
}

DossierMrz *
dossier_mrz_parse (const char  *text,
                   const GDate *today,
                   GError     **error)
{
  g_autoptr(DossierMrz) mrz = dossier_mrz_new ();
  GDate reference;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (today == NULL || g_date_valid (today), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (today != NULL)
    reference = *today;
  else
    dossier_date_set_today (&reference);

  if (!split_lines (text, &mrz->line1, &mrz->line2, error)
      || !check_line_length (mrz->line1, 1, error)
      || !check_line_length (mrz->line2, 2, error))
    return NULL;

  /* On the second line the check digits come before the field formats: a
   * typing mistake shows there first, and they name the field at fault. */
  if (!parse_line1 (mrz->line1, mrz, error)
      || !verify_check_digits (mrz->line2, error)
      || !parse_line2 (mrz->line2, &reference, mrz, error))
    return NULL;

  return g_steal_pointer (&mrz);
}

/* ---- Building the lines ------------------------------------------------- */

/* Transliterates a name to A-Z words joined by fillers: "Sørensen-Li" becomes
 * "SORENSEN<LI"; apostrophes vanish as ICAO 9303 asks ("O'Neil" -> "ONEIL"). */
static char *
name_to_mrz (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name != NULL ? name : "", "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        g_string_append_c (out, g_ascii_toupper (*p));
      else if (*p != '\'' && out->len > 0 && out->str[out->len - 1] != '<')
        g_string_append_c (out, '<');
    }
  while (out->len > 0 && out->str[out->len - 1] == '<')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static void
append_padded (GString    *line,
               const char *text,
               gsize       width)
{
  gsize length = MIN (strlen (text), width);

  g_string_append_len (line, text, (gssize) length);
  for (gsize i = length; i < width; i++)
    g_string_append_c (line, '<');
}

static void
append_date (GString     *line,
             const GDate *date)
{
  g_string_append_printf (line, "%02u%02u%02u",
                          (guint) g_date_get_year (date) % 100,
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

static void
append_check_digit (GString *line,
                    gsize    start,
                    gsize    length)
{
  g_string_append_c (line, (char) ('0' + dossier_mrz_check_digit (line->str + start,
                                                                  (gssize) length)));
}

/* Upper-cases @text; %NULL unless it then has @min to @max characters, each a
 * letter or one of @allowed. */
static char *
upper_field (const char *text,
             gsize       min,
             gsize       max,
             const char *allowed)
{
  g_autofree char *upper = g_ascii_strup (text != NULL ? text : "", -1);
  gsize length = strlen (upper);

  if (length < min || length > max)
    return NULL;
  for (const char *p = upper; *p != '\0'; p++)
    {
      if (!g_ascii_isupper (*p) && strchr (allowed, *p) == NULL)
        return NULL;
    }
  return g_steal_pointer (&upper);
}

#define DIGITS "0123456789"

static char *
build_line1 (const DossierMrz  *fields,
             GError           **error)
{
  const char *type = fields->document_type != NULL && fields->document_type[0] != '\0'
                     ? fields->document_type : "P";
  g_autofree char *doc = upper_field (type, 1, 2, "");
  g_autofree char *state = upper_field (fields->issuing_state, 1, 3, "");
  g_autofree char *family = name_to_mrz (fields->family_name);
  g_autofree char *given = name_to_mrz (fields->given_names);
  GString *line;

  if (doc == NULL || doc[0] != 'P')
    {
      g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_DOCUMENT_TYPE,
                           _("The document type must be “P”, or “P” and one letter"));
      return NULL;
    }
  if (state == NULL)
    {
      g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_ISSUING_STATE,
                           _("The issuing state must be a code of one to three letters"));
      return NULL;
    }
  if (family[0] == '\0')
    {
      g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_NAME,
                           _("The family name has no letters A-Z"));
      return NULL;
    }

  line = g_string_sized_new (DOSSIER_MRZ_LINE_LENGTH);
  append_padded (line, doc, 2);
  append_padded (line, state, 3);
  g_string_append (line, family);
  if (given[0] != '\0')
    g_string_append_printf (line, "<<%s", given);
  /* Too long names are cut at the end of the field, as ICAO 9303 allows. */
  g_string_truncate (line, MIN (line->len, DOSSIER_MRZ_LINE_LENGTH));
  append_padded (line, "", DOSSIER_MRZ_LINE_LENGTH - line->len);
  return g_string_free (line, FALSE);
}

static gboolean
check_build_fields (const DossierMrz  *fields,
                    char             **out_number,
                    char             **out_nationality,
                    char             **out_personal,
                    GError           **error)
{
  char sex = g_ascii_toupper (fields->sex);

  *out_number = upper_field (fields->passport_number, 1, NUMBER_LENGTH, DIGITS);
  *out_nationality = upper_field (fields->nationality, 1, 3, "");
  *out_personal = upper_field (fields->personal_number, 0, PERSONAL_LENGTH, DIGITS "<");

  if (*out_number == NULL)
    g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_PASSPORT_NUMBER,
                         _("The passport number must be one to nine letters or digits"));
  else if (*out_nationality == NULL)
    g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_NATIONALITY,
                         _("The nationality must be a code of one to three letters"));
  else if (!g_date_valid (&fields->birth_date))
    g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_BIRTH_DATE,
                         _("The date of birth is missing"));
  else if (sex != 'F' && sex != 'M' && sex != 'X' && sex != '<')
    g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_SEX,
                         _("The sex must be F, M or X"));
  else if (!g_date_valid (&fields->expiry_date))
    g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_EXPIRY_DATE,
                         _("The expiry date is missing"));
  else if (*out_personal == NULL)
    g_set_error_literal (error, DOSSIER_MRZ_ERROR, DOSSIER_MRZ_ERROR_PERSONAL_NUMBER,
                         _("The personal number must be at most 14 letters, digits or “<”"));
  else
    return TRUE;
  return FALSE;
}

static char *
build_line2 (const DossierMrz  *fields,
             GError           **error)
{
  g_autofree char *number = NULL;
  g_autofree char *nationality = NULL;
  g_autofree char *personal = NULL;
  char sex = g_ascii_toupper (fields->sex);
  GString *line;

  if (!check_build_fields (fields, &number, &nationality, &personal, error))
    return NULL;

  line = g_string_sized_new (DOSSIER_MRZ_LINE_LENGTH);
  append_padded (line, number, NUMBER_LENGTH);
  append_check_digit (line, 0, NUMBER_LENGTH);
  append_padded (line, nationality, 3);
  append_date (line, &fields->birth_date);
  append_check_digit (line, 13, 6);
  g_string_append_c (line, sex == 'X' ? '<' : sex);
  append_date (line, &fields->expiry_date);
  append_check_digit (line, 21, 6);
  append_padded (line, personal, PERSONAL_LENGTH);
  if (personal[0] == '\0')
    g_string_append_c (line, '<');
  else
    append_check_digit (line, 28, PERSONAL_LENGTH);

  g_string_append_c (line, (char) ('0' + composite_check_digit (line->str)));
  return g_string_free (line, FALSE);
}

gboolean
dossier_mrz_build (const DossierMrz  *fields,
                   char             **out_line1,
                   char             **out_line2,
                   GError           **error)
{
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;

  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (out_line1 != NULL && out_line2 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  line1 = build_line1 (fields, error);
  if (line1 == NULL)
    return FALSE;
  line2 = build_line2 (fields, error);
  if (line2 == NULL)
    return FALSE;

  *out_line1 = g_steal_pointer (&line1);
  *out_line2 = g_steal_pointer (&line2);
  return TRUE;
}
