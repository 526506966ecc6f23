/* dossier-checks.h: the checks on a case and the validation of form fields.
 *
 * Case checks (DESIGN.md section 1) are pure functions of the case's facts and
 * of today's date; each failure is a #DossierFlag the case shows.  Validators
 * are what forms call as the user types: they answer with a #GError whose
 * message can be shown as is.  Dates are ISO 8601 text, as the replica keeps
 * them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOSSIER_VALIDATION_ERROR (dossier_validation_error_quark ())

/**
 * DossierValidationError:
 * @DOSSIER_VALIDATION_ERROR_EMPTY: nothing was entered
 * @DOSSIER_VALIDATION_ERROR_DATE_FORMAT: not written YYYY-MM-DD
 * @DOSSIER_VALIDATION_ERROR_DATE_INVALID: written YYYY-MM-DD but not a day of the calendar
 * @DOSSIER_VALIDATION_ERROR_DATE_ORDER: an end date before its start date
 * @DOSSIER_VALIDATION_ERROR_PASSPORT_NUMBER: not 5 to 9 letters or digits
 * @DOSSIER_VALIDATION_ERROR_LOWER_CASE: lower-case letters where capitals are required
 * @DOSSIER_VALIDATION_ERROR_COUNTRY_CODE: not a known country code
 * @DOSSIER_VALIDATION_ERROR_EMAIL: does not look like an e-mail address
 * @DOSSIER_VALIDATION_ERROR_PHONE: does not look like a phone number
 */
typedef enum
{
  DOSSIER_VALIDATION_ERROR_EMPTY,
  DOSSIER_VALIDATION_ERROR_DATE_FORMAT,
  DOSSIER_VALIDATION_ERROR_DATE_INVALID,
  DOSSIER_VALIDATION_ERROR_DATE_ORDER,
  DOSSIER_VALIDATION_ERROR_PASSPORT_NUMBER,
  DOSSIER_VALIDATION_ERROR_LOWER_CASE,
  DOSSIER_VALIDATION_ERROR_COUNTRY_CODE,
  DOSSIER_VALIDATION_ERROR_EMAIL,
  DOSSIER_VALIDATION_ERROR_PHONE,
} DossierValidationError;

/**
 * DossierFlagSeverity:
 * @DOSSIER_FLAG_SEVERITY_INFO: worth knowing
 * @DOSSIER_FLAG_SEVERITY_WARNING: likely to cause trouble; a specialist decides
 * @DOSSIER_FLAG_SEVERITY_ERROR: the application would be refused as it stands
 */
typedef enum
{
  DOSSIER_FLAG_SEVERITY_INFO,
  DOSSIER_FLAG_SEVERITY_WARNING,
  DOSSIER_FLAG_SEVERITY_ERROR,
} DossierFlagSeverity;

/* Stable flag codes: stored, compared and counted, never translated. */
#define DOSSIER_FLAG_INVALID_DATE            "invalid-date"
#define DOSSIER_FLAG_PASSPORT_EXPIRED        "passport-expired"
#define DOSSIER_FLAG_PASSPORT_VALIDITY       "passport-validity"
#define DOSSIER_FLAG_PASSPORT_ISSUE_AGE      "passport-issue-age"
#define DOSSIER_FLAG_PASSPORT_DATES          "passport-dates"
#define DOSSIER_FLAG_PASSPORT_BLANK_PAGES    "passport-blank-pages"
#define DOSSIER_FLAG_PHOTO_SPECIFICATION     "photo-specification"
#define DOSSIER_FLAG_TRAVEL_DATES            "travel-dates"
#define DOSSIER_FLAG_VISA_DATES              "visa-dates"
#define DOSSIER_FLAG_VISA_STARTS_LATE        "visa-starts-late"
#define DOSSIER_FLAG_VISA_ENDS_EARLY         "visa-ends-early"
#define DOSSIER_FLAG_VISA_FEWER_ENTRIES      "visa-fewer-entries"
#define DOSSIER_FLAG_VISA_FEWER_DAYS         "visa-fewer-days"
#define DOSSIER_FLAG_VISA_STAY_SHORTER       "visa-stay-shorter-than-trip"

/* Years within which a passport must have been issued (Schengen Borders Code). */
#define DOSSIER_CHECKS_MAX_PASSPORT_AGE_YEARS 10
/* Blank pages a passport needs for the visa and the entry and exit stamps. */
#define DOSSIER_CHECKS_MIN_BLANK_PAGES 2

/**
 * DossierFlag:
 * @code: a stable code such as %DOSSIER_FLAG_PASSPORT_VALIDITY
 * @severity: how serious it is
 * @message: what is wrong, translated, with the dates and numbers in it
 */
typedef struct
{
  char                *code;
  DossierFlagSeverity  severity;
  char                *message;
} DossierFlag;

/**
 * DossierCaseFacts:
 * @passport_issue_date: (nullable): YYYY-MM-DD, or %NULL if unknown
 * @passport_expiry_date: (nullable): YYYY-MM-DD, or %NULL if unknown
 * @passport_blank_pages: blank pages left, or -1 if unknown
 * @photo_meets_spec: 1 yes, 0 no, -1 not checked yet
 * @travel_from: (nullable): first day of travel (entry into the destination)
 * @travel_to: (nullable): last day of travel (departure from the destination)
 * @validity_months: months the passport must stay valid beyond the departure,
 *   from the destination's policy note (`passport_validity_months`); 0 means
 *   valid through the departure day
 *
 * What the case checks look at.  Initialize with %DOSSIER_CASE_FACTS_INIT.
 */
typedef struct
{
  const char *passport_issue_date;
  const char *passport_expiry_date;
  gint        passport_blank_pages;
  gint        photo_meets_spec;
  const char *travel_from;
  const char *travel_to;
  guint       validity_months;
} DossierCaseFacts;

#define DOSSIER_CASE_FACTS_INIT { NULL, NULL, -1, -1, NULL, NULL, 0 }

/**
 * DossierDecisionFacts:
 * @travel_from: (nullable): first day of travel requested
 * @travel_to: (nullable): last day of travel requested
 * @requested_entries: (nullable): "single", "double" or "multiple" (or "1", "2")
 * @requested_days: days of stay requested, 0 if not stated
 * @visa_valid_from: (nullable): first day the visa is valid
 * @visa_valid_to: (nullable): last day the visa is valid
 * @visa_entries: (nullable): entries granted, as @requested_entries
 * @visa_days_of_stay: days of stay granted, 0 if not stated
 *
 * An approved visa and what was asked for.  Initialize with
 * %DOSSIER_DECISION_FACTS_INIT.
 */
typedef struct
{
  const char *travel_from;
  const char *travel_to;
  const char *requested_entries;
  gint        requested_days;
  const char *visa_valid_from;
  const char *visa_valid_to;
  const char *visa_entries;
  gint        visa_days_of_stay;
} DossierDecisionFacts;

#define DOSSIER_DECISION_FACTS_INIT { NULL, NULL, NULL, 0, NULL, NULL, NULL, 0 }

/**
 * DossierPersonKey:
 * @passport_number: (nullable): passport number in any case and spacing
 * @family_name: (nullable): family name, Latin letters
 * @given_names: (nullable): given names, Latin letters
 * @birth_date: (nullable): YYYY-MM-DD
 *
 * What identifies an applicant for the duplicate warning.
 */
typedef struct
{
  const char *passport_number;
  const char *family_name;
  const char *given_names;
  const char *birth_date;
} DossierPersonKey;

GQuark       dossier_validation_error_quark    (void);

/**
 * dossier_flag_new:
 * @code: a stable code
 * @severity: the severity
 * @message: the translated message
 *
 * Returns: (transfer full): a new #DossierFlag
 */
DossierFlag *dossier_flag_new                  (const char          *code,
                                                DossierFlagSeverity  severity,
                                                const char          *message);

/**
 * dossier_flag_free:
 * @flag: (nullable) (transfer full): a #DossierFlag
 */
void         dossier_flag_free                 (DossierFlag         *flag);

/**
 * dossier_flags_find:
 * @flags: (element-type DossierFlag): flags from a check
 * @code: a flag code
 *
 * Returns: (transfer none) (nullable): the first flag with @code, or %NULL
 */
const DossierFlag *dossier_flags_find          (GPtrArray           *flags,
                                                const char          *code);

/**
 * dossier_case_check:
 * @facts: the case's passport, photo and travel facts
 * @today: (nullable): today's date, %NULL for the local date
 *
 * Runs the checks of a case:
 * - the passport has expired (before @today);
 * - the passport is not valid @validity_months beyond the departure from the
 *   destination.  The departure is @travel_to when set, else @travel_from: the
 *   Schengen rule counts 3 months from the intended departure from the
 *   territory.  Months are calendar months, clamped to the month's end
 *   (31 August + 6 months = 28 or 29 February); an expiry on that day passes;
 * - the passport was issued more than 10 years before the entry (@travel_from,
 *   else @travel_to), a Schengen rule many destinations share;
 * - the passport expires before it was issued, or was issued after @today;
 * - fewer than 2 blank pages;
 * - the photo does not meet the specification;
 * - travel ends before it starts;
 * - a date that is set but is not a date.
 * A check whose facts are unknown is skipped: an unknown fact is not a failure.
 *
 * Returns: (transfer container) (element-type DossierFlag): the flags, empty
 *   if everything passed; the array frees its flags
 */
GPtrArray   *dossier_case_check                (const DossierCaseFacts     *facts,
                                                const GDate                *today);

/**
 * dossier_decision_check:
 * @facts: the visa granted and what was requested
 *
 * Compares an approved visa with the request: a visa starting after the
 * travel starts or ending before it ends, fewer entries than requested, fewer
 * days of stay than requested or than the trip lasts (both travel days count),
 * a visa that ends before it starts.
 *
 * Returns: (transfer container) (element-type DossierFlag): one flag per mismatch
 */
GPtrArray   *dossier_decision_check            (const DossierDecisionFacts *facts);

/**
 * dossier_applicants_are_duplicates:
 * @a: an applicant
 * @b: another applicant
 *
 * Two applicants are the same person when they share a passport number
 * (ignoring case and spaces), or the same family name, given names (ignoring
 * case, diacritics and punctuation: "Müller-Lüdenscheidt" matches
 * "MULLER LUDENSCHEIDT") and birth date.  Empty values never match.
 *
 * Returns: %TRUE if @a and @b look like the same person
 */
gboolean     dossier_applicants_are_duplicates (const DossierPersonKey *a,
                                                const DossierPersonKey *b);

/**
 * dossier_normalize_passport_number:
 * @text: (nullable): a passport number as typed
 *
 * Returns: (transfer full): @text upper-cased, without spaces or hyphens
 */
char        *dossier_normalize_passport_number (const char *text);

/**
 * dossier_normalize_name:
 * @name: (nullable): a name
 *
 * Folds a name for comparison: letters transliterated to ASCII where possible
 * (g_str_to_ascii()), lower case, words separated by one space.  Characters
 * with no ASCII form (Chinese characters) are kept, case-folded.
 *
 * Returns: (transfer full): the folded name
 */
char        *dossier_normalize_name            (const char *name);

/**
 * dossier_validate_date:
 * @text: (nullable): a date as typed
 * @out_date: (out caller-allocates) (optional): the date
 * @error: return location for a #DOSSIER_VALIDATION_ERROR
 *
 * Accepts YYYY-MM-DD naming a real day ("2024-02-29" but not "2023-02-29").
 *
 * Returns: %TRUE if @text is a valid date
 */
gboolean     dossier_validate_date             (const char  *text,
                                                GDate       *out_date,
                                                GError     **error);

/**
 * dossier_validate_travel_dates:
 * @travel_from: (nullable): first day of travel
 * @travel_to: (nullable): last day of travel
 * @error: return location for a #DOSSIER_VALIDATION_ERROR
 *
 * Checks each date that is set, and that @travel_to is not before
 * @travel_from.  A one-day trip is fine; an unset date is not an error.
 *
 * Returns: %TRUE if the dates are acceptable
 */
gboolean     dossier_validate_travel_dates     (const char  *travel_from,
                                                const char  *travel_to,
                                                GError     **error);

/**
 * dossier_validate_passport_number:
 * @text: (nullable): a passport number
 * @error: return location for a #DOSSIER_VALIDATION_ERROR
 *
 * A passport number is 5 to 9 capital letters or digits.
 *
 * Returns: %TRUE if @text is one
 */
gboolean     dossier_validate_passport_number  (const char  *text,
                                                GError     **error);

/**
 * dossier_validate_country_alpha3:
 * @code: (nullable): a nationality or issuing state
 * @error: return location for a #DOSSIER_VALIDATION_ERROR
 *
 * Accepts ISO 3166-1 alpha-3 codes and the codes ICAO 9303 adds for
 * passports (dossier_country_lookup_mrz_code()), in capitals.
 *
 * Returns: %TRUE if @code is known
 */
gboolean     dossier_validate_country_alpha3   (const char  *code,
                                                GError     **error);

/**
 * dossier_validate_country_alpha2:
 * @code: (nullable): a destination
 * @error: return location for a #DOSSIER_VALIDATION_ERROR
 *
 * Returns: %TRUE if @code is an ISO 3166-1 alpha-2 code, in capitals
 */
gboolean     dossier_validate_country_alpha2   (const char  *code,
                                                GError     **error);

/**
 * dossier_validate_email:
 * @text: (nullable): an e-mail address
 * @error: return location for a #DOSSIER_VALIDATION_ERROR
 *
 * A light check that catches typing mistakes, not a full RFC 5322 parser:
 * one '@', something before it, a domain with a dot after it, no spaces.
 *
 * Returns: %TRUE if @text looks like an e-mail address
 */
gboolean     dossier_validate_email            (const char  *text,
                                                GError     **error);

/**
 * dossier_validate_phone:
 * @text: (nullable): a phone number
 * @error: return location for a #DOSSIER_VALIDATION_ERROR
 *
 * A light check: an optional leading '+', then 6 to 15 digits (the E.164
 * maximum) with spaces, hyphens, dots, slashes or parentheses between them.
 *
 * Returns: %TRUE if @text looks like a phone number
 */
gboolean     dossier_validate_phone            (const char  *text,
                                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierFlag, dossier_flag_free)

G_END_DECLS
