/* dossier-sample-data-private.h: what the sample-data generator's files share.
 *
 * The data tables (dossier-sample-data-tables.c), the people and policy notes
 * (dossier-sample-data-people.c, dossier-sample-data-notes.c) and the cases
 * (dossier-sample-data-cases.c) are separate files of one generator; the
 * public entry points are in dossier-sample-data.c.
 */
#pragma once

#include "dossier-sample-data.h"

G_BEGIN_DECLS

/* ---- Tables --------------------------------------------------------------- */

typedef enum
{
  SAMPLE_COUNTRY_SCHENGEN    = 1 << 0,
  SAMPLE_COUNTRY_CONSULATES  = 1 << 1,   /* consulates in the branch cities, not only Beijing */
  SAMPLE_COUNTRY_INTERVIEW   = 1 << 2,   /* interviews every applicant */
  SAMPLE_COUNTRY_VISA_CENTRE = 1 << 3,   /* applications go through a visa centre */
} SampleCountryFlags;

typedef struct
{
  const char *alpha2;
  const char *name_zh;
  const char *language;        /* ISO 639-1: what translations are made into */
  const char *currency;
  guint       fee;             /* short-stay consular fee, in `currency` */
  guint       validity_months; /* passport validity beyond departure */
  guint       processing_days;
  guint       weight;          /* how often the offices' clients go there */
  guint       flags;
  const char *source;
} SampleCountry;

/* A word in its native script and in Latin letters as a passport prints it. */
typedef struct
{
  const char *native;
  const char *latin;
} SampleWord;

/* The same text in English and in Chinese. */
typedef struct
{
  const char *en;
  const char *zh;
} SampleText;

typedef struct
{
  const char *nationality;       /* ICAO alpha-3 */
  const char *passport_pattern;  /* 'A' letter, '9' digit, 'X' either, others literal */
  const char *birth_places[3];
  SampleWord  family[6];
  SampleWord  given_female[4];
  SampleWord  given_male[4];
} SampleForeignGroup;

typedef struct
{
  const char *name;
  const char *city;
  const char *city_zh;
  guint       weight;
  const char *specialists[4];    /* NULL-padded */
  SampleWord  districts[4];
  SampleWord  streets[4];
} SampleOffice;

#define SAMPLE_N_OFFICES 5
#define SAMPLE_N_VISA_TYPES 6
#define SAMPLE_N_STAGES 7

extern const SampleCountry      sample_countries[];
extern const guint              sample_n_countries;
extern const SampleOffice       sample_offices[SAMPLE_N_OFFICES];
extern const char * const       sample_visa_types[SAMPLE_N_VISA_TYPES];
extern const SampleText         sample_visa_type_names[SAMPLE_N_VISA_TYPES];
extern const char * const       sample_stages[SAMPLE_N_STAGES];

extern const SampleWord         sample_family_names[];
extern const guint              sample_n_family_names;
extern const SampleWord         sample_given_female[];
extern const guint              sample_n_given_female;
extern const SampleWord         sample_given_male[];
extern const guint              sample_n_given_male;
extern const SampleWord         sample_given_neutral[];
extern const guint              sample_n_given_neutral;
extern const SampleWord         sample_provinces[];
extern const guint              sample_n_provinces;
extern const SampleForeignGroup sample_foreign_groups[];
extern const guint              sample_n_foreign_groups;

extern const SampleText         sample_occupations[];
extern const guint              sample_n_occupations;
extern const char * const       sample_employers[];
extern const guint              sample_n_employers;
extern const char * const       sample_universities[];
extern const guint              sample_n_universities;
extern const char * const       sample_email_domains[];
extern const guint              sample_n_email_domains;
extern const char * const       sample_translators[];
extern const guint              sample_n_translators;

/* Lookups by a stable key, for texts that depend on what they describe. */
const char        *sample_document_title_zh  (const char *kind);
const SampleText  *sample_purposes           (guint visa_type, guint *out_n);
const SampleText  *sample_rejection_reasons  (const char *kind, guint *out_n);

typedef struct
{
  const char *code;            /* from dossier-refusal-codes.h */
  guint       weight;
  SampleText  text;
} SampleRefusal;

extern const SampleRefusal sample_refusals[];
extern const guint        sample_n_refusals;
extern const SampleText   sample_withdrawal_reasons[];
extern const guint        sample_n_withdrawal_reasons;
extern const SampleText   sample_case_notes[];
extern const guint        sample_n_case_notes;
extern const SampleText   sample_applicant_notes[];
extern const guint        sample_n_applicant_notes;
extern const SampleText   sample_item_notes[];
extern const guint        sample_n_item_notes;
extern const SampleText   sample_preparation_biometrics[];
extern const guint        sample_n_preparation_biometrics;
extern const SampleText   sample_preparation_interview[];
extern const guint        sample_n_preparation_interview;
const SampleText  *sample_activity_bodies_for (const char *kind, guint *out_n);
extern const SampleText   sample_policy_tips[];
extern const guint        sample_n_policy_tips;
extern const SampleText   sample_note_topics[];
extern const guint        sample_n_note_topics;
extern const SampleWord   sample_note_regions[];
extern const guint        sample_n_note_regions;

/* ---- Randomness and dates ------------------------------------------------- */

/* Independent streams, so that adding a field to one kind of record does not
 * shift the values of another. */
typedef enum
{
  SAMPLE_STREAM_OFFICE = 1,
  SAMPLE_STREAM_NOTE,
  SAMPLE_STREAM_APPLICANT,
  SAMPLE_STREAM_BLOCK,
  SAMPLE_STREAM_CASE,
  SAMPLE_STREAM_PASSPORT,
} SampleStream;

struct _DossierSampleGenerator
{
  DossierSampleOptions options;
  guint32              today;          /* Julian day */
  char                *office_ids[SAMPLE_N_OFFICES];
  char               **requirements;   /* JSON, per destination and visa type */
};

GRand      *sample_rand_new      (const DossierSampleGenerator *generator,
                                  SampleStream                  stream,
                                  guint                         index);
guint32     sample_mix           (const DossierSampleGenerator *generator,
                                  SampleStream                  stream,
                                  guint                         index);
gint        sample_between       (GRand       *rand,
                                  gint         low,
                                  gint         high);
gboolean    sample_chance        (GRand       *rand,
                                  guint        percent);
guint       sample_weighted      (GRand       *rand,
                                  const guint *weights,
                                  guint        n);
char       *sample_uuid          (const DossierSampleGenerator *generator,
                                  GRand                        *rand,
                                  guint                         order);

/* Where records come in the generation order, for time-ordered ids. */
#define SAMPLE_ORDER_NOTES 16u
#define SAMPLE_ORDER_CASES (SAMPLE_ORDER_NOTES + DOSSIER_SAMPLE_MAX_POLICY_NOTES)
char       *sample_pattern       (GRand       *rand,
                                  const char  *pattern);
const char *sample_pick_text     (GRand            *rand,
                                  const SampleText *texts,
                                  guint             n,
                                  gboolean          chinese);
char       *sample_day_iso       (guint32      julian);
char       *sample_timestamp     (guint32      julian,
                                  guint        minutes);
guint       sample_year_of       (guint32      julian);
guint32     sample_add_years     (guint32      julian,
                                  gint         years);

/* Functions, not MIN () and MAX (): their arguments draw random numbers, which
 * a macro would draw twice. */
static inline guint32
sample_earlier (guint32 a,
                guint32 b)
{
  return a < b ? a : b;
}

static inline guint32
sample_later (guint32 a,
              guint32 b)
{
  return a > b ? a : b;
}

#define SAMPLE_PICK(rand, array, n) ((array)[g_rand_int_range ((rand), 0, (gint32) (n))])

void        sample_set_day       (JsonObject  *object,
                                  const char  *member,
                                  guint32      julian);

/* ---- Offices, policy notes ------------------------------------------------ */

char       *sample_office_consulate    (guint                office,
                                        const SampleCountry *country,
                                        gboolean             visa_centre);
char       *sample_note_requirements   (guint                country,
                                        guint                visa_type);
guint       sample_processing_days     (const SampleCountry *country,
                                        guint                visa_type);
guint       sample_centre_fee          (const SampleCountry *country);
const char *sample_country_name        (const SampleCountry *country);
const char *sample_country_alpha3      (const SampleCountry *country);
char       *sample_country_phrase      (const SampleCountry *country);
GPtrArray  *sample_policy_note_edits   (DossierSampleGenerator *generator,
                                        guint                   index);
GPtrArray  *sample_office_edits        (DossierSampleGenerator *generator);

/* ---- Applicants ----------------------------------------------------------- */

typedef struct
{
  char    *id;
  guint    office;
  gboolean chinese;
  gboolean student;
  char     sex;
  char    *family_name;
  char    *given_names;
  char    *native_name;
  guint32  birth;
  char    *birth_place;
  char    *nationality;
  char    *passport_number;
  guint32  passport_issued;
  guint32  passport_expires;
  gint     blank_pages;
  gint     photo_meets_spec;   /* 1, 0, -1 not checked */
  char    *email;
  char    *phone;
  char    *address;
  char    *employer;
  char    *occupation;
  const char *tier;
  char    *notes;
} SampleApplicant;

/* Applicants own consecutive cases; eight cases make a block of five applicants. */
#define SAMPLE_BLOCK_CASES 8
#define SAMPLE_BLOCK_APPLICANTS 5

void        sample_applicant_of_case   (const DossierSampleGenerator *generator,
                                        guint                         case_index,
                                        guint                        *out_applicant,
                                        gboolean                     *out_first_case);
void        sample_applicant_init      (SampleApplicant              *applicant,
                                        const DossierSampleGenerator *generator,
                                        guint                         index);
void        sample_applicant_clear     (SampleApplicant              *applicant);
JsonObject *sample_applicant_fields    (const SampleApplicant        *applicant);

/* ---- Cases ---------------------------------------------------------------- */

GPtrArray  *sample_case_edits          (DossierSampleGenerator *generator,
                                        guint                   index);

G_END_DECLS
