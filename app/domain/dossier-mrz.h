/* dossier-mrz.h: the two machine-readable lines of a passport (ICAO 9303, TD3).
 *
 * A TD3 machine-readable zone is two lines of 44 characters from A-Z, 0-9 and
 * the filler '<'.  Intake fills the applicant form from it, so parsing accepts
 * text as people paste it and verifies every check digit; building the lines
 * from fields lets tests and sample data produce valid zones.
 */
#pragma once

#include <glib.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define DOSSIER_MRZ_LINE_LENGTH 44

#define DOSSIER_MRZ_ERROR (dossier_mrz_error_quark ())

/**
 * DossierMrzError:
 * @DOSSIER_MRZ_ERROR_EMPTY: no text at all
 * @DOSSIER_MRZ_ERROR_LINE_COUNT: not two lines
 * @DOSSIER_MRZ_ERROR_LINE_LENGTH: a line is not 44 characters long
 * @DOSSIER_MRZ_ERROR_CHARACTER: a character outside A-Z, 0-9 and '<'
 * @DOSSIER_MRZ_ERROR_DOCUMENT_TYPE: not a passport (the first line must start with 'P')
 * @DOSSIER_MRZ_ERROR_ISSUING_STATE: the issuing state is not letters
 * @DOSSIER_MRZ_ERROR_NAME: the name field is empty or malformed
 * @DOSSIER_MRZ_ERROR_PASSPORT_NUMBER: the passport number is empty or malformed
 * @DOSSIER_MRZ_ERROR_NATIONALITY: the nationality is not letters
 * @DOSSIER_MRZ_ERROR_BIRTH_DATE: the birth date is not a real date
 * @DOSSIER_MRZ_ERROR_SEX: the sex is not F, M or unspecified
 * @DOSSIER_MRZ_ERROR_EXPIRY_DATE: the expiry date is not a real date
 * @DOSSIER_MRZ_ERROR_PERSONAL_NUMBER: the personal number is malformed
 * @DOSSIER_MRZ_ERROR_PASSPORT_NUMBER_CHECK: the passport number's check digit fails
 * @DOSSIER_MRZ_ERROR_BIRTH_DATE_CHECK: the birth date's check digit fails
 * @DOSSIER_MRZ_ERROR_EXPIRY_DATE_CHECK: the expiry date's check digit fails
 * @DOSSIER_MRZ_ERROR_PERSONAL_NUMBER_CHECK: the personal number's check digit fails
 * @DOSSIER_MRZ_ERROR_COMPOSITE_CHECK: the composite check digit of the second line fails
 *
 * One code per field, so that a form can highlight the field at fault.
 */
typedef enum
{
  DOSSIER_MRZ_ERROR_EMPTY,
  DOSSIER_MRZ_ERROR_LINE_COUNT,
  DOSSIER_MRZ_ERROR_LINE_LENGTH,
  DOSSIER_MRZ_ERROR_CHARACTER,
  DOSSIER_MRZ_ERROR_DOCUMENT_TYPE,
  DOSSIER_MRZ_ERROR_ISSUING_STATE,
  DOSSIER_MRZ_ERROR_NAME,
  DOSSIER_MRZ_ERROR_PASSPORT_NUMBER,
  DOSSIER_MRZ_ERROR_NATIONALITY,
  DOSSIER_MRZ_ERROR_BIRTH_DATE,
  DOSSIER_MRZ_ERROR_SEX,
  DOSSIER_MRZ_ERROR_EXPIRY_DATE,
  DOSSIER_MRZ_ERROR_PERSONAL_NUMBER,
  DOSSIER_MRZ_ERROR_PASSPORT_NUMBER_CHECK,
  DOSSIER_MRZ_ERROR_BIRTH_DATE_CHECK,
  DOSSIER_MRZ_ERROR_EXPIRY_DATE_CHECK,
  DOSSIER_MRZ_ERROR_PERSONAL_NUMBER_CHECK,
  DOSSIER_MRZ_ERROR_COMPOSITE_CHECK,
} DossierMrzError;

/**
 * DossierMrz:
 * @line1: the first line, normalized (44 characters), or %NULL when built from fields
 * @line2: the second line, normalized (44 characters), or %NULL when built from fields
 * @document_type: "P", or "P" and a subtype letter ("PO", "PD", ...), fillers removed
 * @issuing_state: issuing state code as printed, fillers removed ("CHN", "UTO", "D")
 * @family_name: primary identifier, fillers as spaces ("ERIKSSON")
 * @given_names: secondary identifier, fillers as spaces ("ANNA MARIA"); may be empty
 * @passport_number: document number, fillers removed
 * @nationality: nationality code as printed, fillers removed
 * @birth_date: date of birth (two-digit years resolved into the past)
 * @sex: 'F', 'M' or 'X' (unspecified, printed as '<')
 * @expiry_date: date of expiry
 * @personal_number: optional data of line 2, fillers removed; may be empty
 *
 * The fields of a passport's machine-readable zone.  Strings are owned by the
 * struct and never %NULL after a successful parse.
 */
typedef struct
{
  char  *line1;
  char  *line2;
  char  *document_type;
  char  *issuing_state;
  char  *family_name;
  char  *given_names;
  char  *passport_number;
  char  *nationality;
  GDate  birth_date;
  char   sex;
  GDate  expiry_date;
  char  *personal_number;
} DossierMrz;

#define DOSSIER_TYPE_MRZ (dossier_mrz_get_type ())

GType       dossier_mrz_get_type      (void) G_GNUC_CONST;
GQuark      dossier_mrz_error_quark   (void);

/**
 * dossier_mrz_new:
 *
 * Returns: (transfer full): an empty #DossierMrz (all strings %NULL, dates invalid)
 */
DossierMrz *dossier_mrz_new           (void);

/**
 * dossier_mrz_copy:
 * @mrz: a #DossierMrz
 *
 * Returns: (transfer full): a deep copy of @mrz
 */
DossierMrz *dossier_mrz_copy          (const DossierMrz *mrz);

/**
 * dossier_mrz_free:
 * @mrz: (nullable) (transfer full): a #DossierMrz
 */
void        dossier_mrz_free          (DossierMrz       *mrz);

/**
 * dossier_mrz_parse:
 * @text: the two lines as typed or pasted
 * @today: (nullable): the reference date for two-digit years, %NULL for today
 * @error: return location for a #DOSSIER_MRZ_ERROR
 *
 * Parses and verifies a TD3 machine-readable zone.  Surrounding whitespace,
 * lines separated by a newline or by spaces, lower case letters, full-width
 * characters (typed with a Chinese input method) and the OCR confusion of
 * '<<' or '<' with '«' or '‹' are accepted.  All five check digits are
 * verified with the 7-3-1 weighting, in the order passport number, birth date,
 * expiry date, personal number, composite; the first that fails is reported.
 *
 * Two-digit years: a birth date is the latest date with those digits that is
 * not after @today (so "30" means 1930 in 2025); an expiry date lies within
 * 50 years either side of @today (so "35" means 2035 and "80" means 1980).
 *
 * Returns: (transfer full) (nullable): the fields, or %NULL with @error set
 */
DossierMrz *dossier_mrz_parse         (const char       *text,
                                       const GDate      *today,
                                       GError          **error);

/**
 * dossier_mrz_build:
 * @fields: the fields; @line1 and @line2 are ignored.  %NULL or empty
 *   @document_type means "P"; @personal_number and @given_names may be %NULL.
 *   Names are transliterated to A-Z (g_str_to_ascii()), other characters
 *   become fillers, and the name field is truncated to its 39 characters.
 * @out_line1: (out) (transfer full): the first line
 * @out_line2: (out) (transfer full): the second line, with all check digits
 * @error: return location for a #DOSSIER_MRZ_ERROR naming the bad field
 *
 * Builds the two lines a passport would carry for @fields.
 *
 * Returns: %TRUE on success
 */
gboolean    dossier_mrz_build         (const DossierMrz *fields,
                                       char            **out_line1,
                                       char            **out_line2,
                                       GError          **error);

/**
 * dossier_mrz_check_digit:
 * @text: characters from A-Z, 0-9 and '<'
 * @length: number of characters of @text to use, or -1 for all
 *
 * Computes the ICAO 9303 check digit: digits count as themselves, A-Z as
 * 10-35, '<' as 0, weighted 7, 3, 1 repeating, sum modulo 10.
 *
 * Returns: the check digit (0-9), or -1 if @text holds another character
 */
gint        dossier_mrz_check_digit   (const char       *text,
                                       gssize            length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierMrz, dossier_mrz_free)

G_END_DECLS
