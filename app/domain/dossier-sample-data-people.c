/* dossier-sample-data-people.c: the applicants of the sample data.
 *
 * Most are Chinese citizens, named as their passports print them (family name
 * and given name in pinyin, the characters as the native name) with passport
 * numbers in the ordinary e-passport series: E and eight digits until 2017,
 * E, a letter and seven digits since.  Numbers are a permutation of the
 * applicant's index, so two applicants never share one by chance; a few
 * applicants are on purpose the same person entered twice, for the duplicate
 * warning.  Some passports expire soon or are older than ten years, so that
 * the case checks have something to flag.
 */
#include "dossier-sample-data-private.h"

#include <string.h>

static const char * const tiers[] = { "regular", "business", "vip" };
static const guint tier_weights[] = { 70, 22, 8 };

/* Applicant slot of each case slot of a block; five layouts of five applicants. */
static const guint8 block_layouts[][SAMPLE_BLOCK_CASES] = {
  { 0, 0, 1, 1, 2, 2, 3, 4 },
  { 0, 0, 0, 1, 1, 2, 3, 4 },
  { 0, 1, 2, 2, 3, 4, 4, 4 },
  { 0, 0, 0, 0, 1, 2, 3, 4 },
  { 0, 0, 1, 2, 2, 3, 4, 4 },
};

void
sample_applicant_of_case (const DossierSampleGenerator *generator,
                          guint                         case_index,
                          guint                        *out_applicant,
                          gboolean                     *out_first_case)
{
  guint block = case_index / SAMPLE_BLOCK_CASES;
  guint slot = case_index % SAMPLE_BLOCK_CASES;
  const guint8 *layout;

  layout = block_layouts[sample_mix (generator, SAMPLE_STREAM_BLOCK, block)
                         % G_N_ELEMENTS (block_layouts)];
  *out_applicant = block * SAMPLE_BLOCK_APPLICANTS + layout[slot];
  *out_first_case = slot == 0 || layout[slot - 1] != layout[slot];
}

/* An applicant is written with the first case of its block, or soon after. */
static guint
applicant_order (guint index)
{
  return SAMPLE_ORDER_CASES + index / SAMPLE_BLOCK_APPLICANTS * SAMPLE_BLOCK_CASES;
}

/* Favours the start of a list sorted by frequency. */
static guint
pick_common (GRand *rand,
             guint  n)
{
  guint a = (guint) g_rand_int_range (rand, 0, (gint32) n);
  guint b = (guint) g_rand_int_range (rand, 0, (gint32) n);

  return MIN (a, b);
}

static const SampleWord *
pick_given_syllable (GRand *rand,
                     char   sex)
{
  if (sample_chance (rand, 35))
    return &SAMPLE_PICK (rand, sample_given_neutral, sample_n_given_neutral);
  if (sex == 'F')
    return &SAMPLE_PICK (rand, sample_given_female, sample_n_given_female);
  return &SAMPLE_PICK (rand, sample_given_male, sample_n_given_male);
}

static void
name_chinese (SampleApplicant *applicant,
              GRand           *rand)
{
  const SampleWord *family = &sample_family_names[pick_common (rand, sample_n_family_names)];
  const SampleWord *first = pick_given_syllable (rand, applicant->sex);
  const SampleWord *second
    = sample_chance (rand, 78) ? pick_given_syllable (rand, applicant->sex) : NULL;

  if (second == first)
    second = NULL;
  applicant->family_name = g_strdup (family->latin);
  applicant->given_names = g_strconcat (first->latin, second ? second->latin : "", NULL);
  applicant->native_name
    = g_strconcat (family->native, first->native, second ? second->native : "", NULL);
  applicant->nationality = g_strdup ("CHN");
}

static const SampleForeignGroup *
name_foreign (SampleApplicant *applicant,
              GRand           *rand)
{
  const SampleForeignGroup *group
    = &SAMPLE_PICK (rand, sample_foreign_groups, sample_n_foreign_groups);
  const SampleWord *family = &SAMPLE_PICK (rand, group->family, G_N_ELEMENTS (group->family));
  const SampleWord *given
    = applicant->sex == 'F'
        ? &SAMPLE_PICK (rand, group->given_female, G_N_ELEMENTS (group->given_female))
        : &SAMPLE_PICK (rand, group->given_male, G_N_ELEMENTS (group->given_male));

  applicant->family_name = g_strdup (family->latin);
  applicant->given_names = g_strdup (given->latin);
  if (family->native != NULL && given->native != NULL)
    applicant->native_name = g_strconcat (family->native, given->native, NULL);
  applicant->nationality = g_strdup (group->nationality);
  return group;
}

/* A bijection of the index onto eight digits: 7777777 is prime to 10^8. */
static guint32
passport_serial (const DossierSampleGenerator *generator,
                 guint                         index)
{
  guint64 offset = sample_mix (generator, SAMPLE_STREAM_PASSPORT, 0) % 100000000u;

  return (guint32) (((guint64) index * 7777777u + offset) % 100000000u);
}

static char *
chinese_passport_number (const DossierSampleGenerator *generator,
                         guint                         index,
                         guint32                       issued)
{
  static const char letters[] = "ABCDEFGHJK";
  guint32 serial = passport_serial (generator, index);

  if (sample_year_of (issued) < 2018)
    return g_strdup_printf ("E%08u", serial);
  return g_strdup_printf ("E%c%07u", letters[serial / 10000000u], serial % 10000000u);
}

typedef enum
{
  PASSPORT_VALID,
  PASSPORT_EXPIRING,     /* within months: the validity rule fails */
  PASSPORT_TOO_OLD,      /* issued more than ten years ago, and expired */
} PassportAge;

static void
passport_dates (SampleApplicant              *applicant,
                const DossierSampleGenerator *generator,
                GRand                        *rand,
                guint                         age)
{
  guint32 today = generator->today;
  guint years = age < 16 ? 5 : 10;
  static const guint weights[] = { 93, 5, 2 };
  PassportAge kind = (PassportAge) sample_weighted (rand, weights, 3);

  /* A ten-year passport about to expire belongs to someone who was an adult ten years ago. */
  if (kind == PASSPORT_EXPIRING && (years == 5 || age >= 27))
    {
      applicant->passport_expires = today + (guint32) sample_between (rand, 20, 170);
      applicant->passport_issued
        = sample_add_years (applicant->passport_expires + 1, -(gint) years);
    }
  else if (kind == PASSPORT_TOO_OLD && age >= 28)
    {
      applicant->passport_issued
        = sample_add_years (today, -10) - (guint32) sample_between (rand, 30, 400);
      applicant->passport_expires = sample_add_years (applicant->passport_issued, 10) - 1;
    }
  else
    {
      /* Issued after the 16th birthday for a ten-year passport, at least 400 days left. */
      guint32 earliest = today - (guint32) (years * 365 - 400);
      guint32 adult = sample_add_years (applicant->birth, years == 10 ? 16 : 0) + 1;
      guint32 latest = today - 30;

      earliest = MIN (MAX (earliest, adult), latest);
      applicant->passport_issued = (guint32) sample_between (rand, (gint) earliest, (gint) latest);
      applicant->passport_expires = sample_add_years (applicant->passport_issued, (gint) years) - 1;
    }
}

static char *
ascii_lower (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

/* Each number is drawn in a statement of its own: the order in which a C
 * compiler evaluates arguments is unspecified, and the data must not depend
 * on it. */
static char *
draw_phone (GRand *rand)
{
  static const guint prefixes[] = { 130, 131, 132, 135, 136, 137, 138, 139, 150, 151, 152,
                                    158, 159, 176, 180, 182, 186, 188, 189, 199 };
  guint prefix = SAMPLE_PICK (rand, prefixes, G_N_ELEMENTS (prefixes));
  guint middle = (guint) sample_between (rand, 0, 9999);
  guint last = (guint) sample_between (rand, 0, 9999);

  return g_strdup_printf ("+86 %u %04u %04u", prefix, middle, last);
}

static char *
draw_email (GRand           *rand,
            SampleApplicant *applicant)
{
  const char *domain = SAMPLE_PICK (rand, sample_email_domains, sample_n_email_domains);
  g_autofree char *family = ascii_lower (applicant->family_name);
  g_autofree char *given = ascii_lower (applicant->given_names);
  guint number;

  if (strcmp (domain, "qq.com") == 0)
    return g_strdup_printf ("%u@qq.com", (guint) sample_between (rand, 10000000, 999999999));
  if (sample_chance (rand, 50))
    return g_strdup_printf ("%s.%s@%s", given, family, domain);
  number = (guint) sample_between (rand, 1, 99);
  return g_strdup_printf ("%s%s%02u@%s", family, given, number, domain);
}

static void
contact_details (SampleApplicant *applicant,
                 GRand           *rand)
{
  const SampleOffice *office = &sample_offices[applicant->office];
  guint d, s, number, building, room;

  applicant->email = draw_email (rand, applicant);
  applicant->phone = draw_phone (rand);
  d = (guint) g_rand_int_range (rand, 0, 4);
  s = (guint) g_rand_int_range (rand, 0, 4);
  number = (guint) sample_between (rand, 1, 399);
  building = (guint) sample_between (rand, 1, 12);
  room = (guint) sample_between (rand, 101, 2806);
  if (applicant->chinese)
    applicant->address = g_strdup_printf ("%s市%s%s%u号%u栋%u室", office->city_zh,
                                          office->districts[d].native, office->streets[s].native,
                                          number, building, room);
  else
    applicant->address = g_strdup_printf ("Apartment %u, No. %u %s, %s, %s", room, number,
                                          office->streets[s].latin, office->districts[d].latin,
                                          office->city);
}

static void
work_details (SampleApplicant *applicant,
              GRand           *rand,
              guint            age)
{
  gboolean chinese_text = applicant->chinese && sample_chance (rand, 60);

  if (age < 18)
    applicant->occupation = g_strdup (chinese_text ? "学生" : "Pupil");
  else if (applicant->student)
    {
      applicant->occupation = g_strdup (chinese_text ? "学生" : "Student");
      applicant->employer
        = g_strdup (SAMPLE_PICK (rand, sample_universities, sample_n_universities));
    }
  else if (age >= 60 && sample_chance (rand, 70))
    applicant->occupation = g_strdup (chinese_text ? "退休" : "Retired");
  else
    {
      applicant->occupation = g_strdup (
        sample_pick_text (rand, sample_occupations, sample_n_occupations, chinese_text));
      applicant->employer = g_strdup (SAMPLE_PICK (rand, sample_employers, sample_n_employers));
    }
}

static guint
draw_age (SampleApplicant *applicant,
          GRand           *rand)
{
  if (sample_chance (rand, 4))
    return (guint) sample_between (rand, 6, 17);
  if (sample_chance (rand, 12))
    {
      applicant->student = TRUE;
      return (guint) sample_between (rand, 18, 30);
    }
  return (guint) sample_between (rand, 22, 75);
}

static void
draw_person (SampleApplicant              *applicant,
             const DossierSampleGenerator *generator,
             GRand                        *rand,
             guint                         index)
{
  const SampleForeignGroup *group = NULL;
  guint office_weights[SAMPLE_N_OFFICES];
  guint age;

  for (guint i = 0; i < SAMPLE_N_OFFICES; i++)
    office_weights[i] = sample_offices[i].weight;
  applicant->id = sample_uuid (generator, rand, applicant_order (index));
  applicant->office = sample_weighted (rand, office_weights, SAMPLE_N_OFFICES);
  applicant->chinese = !sample_chance (rand, 7);
  applicant->sex = sample_chance (rand, 52) ? 'F' : 'M';
  age = draw_age (applicant, rand);
  applicant->birth
    = sample_add_years (generator->today, -(gint) age) - (guint32) sample_between (rand, 1, 364);

  if (applicant->chinese)
    {
      const SampleWord *province = &SAMPLE_PICK (rand, sample_provinces, sample_n_provinces);

      name_chinese (applicant, rand);
      applicant->birth_place = g_strdup_printf ("%s/%s", province->native, province->latin);
    }
  else
    {
      group = name_foreign (applicant, rand);
      applicant->birth_place = g_strdup (SAMPLE_PICK (rand, group->birth_places, 3));
    }
  passport_dates (applicant, generator, rand, age);
  if (group == NULL)
    applicant->passport_number
      = chinese_passport_number (generator, index, applicant->passport_issued);
  else
    applicant->passport_number = sample_pattern (rand, group->passport_pattern);
  contact_details (applicant, rand);
  work_details (applicant, rand, age);
}

static void
draw_documents (SampleApplicant *applicant,
                GRand           *rand)
{
  static const guint photo_weights[] = { 10, 5, 85 };   /* not checked, fails, meets */

  applicant->blank_pages = sample_chance (rand, 3) ? sample_between (rand, 0, 1)
                                                   : sample_between (rand, 8, 44);
  applicant->photo_meets_spec = (gint) sample_weighted (rand, photo_weights, 3) - 1;
  applicant->tier = tiers[sample_weighted (rand, tier_weights, G_N_ELEMENTS (tier_weights))];
  if (sample_chance (rand, 10))
    applicant->notes
      = g_strdup (sample_pick_text (rand, sample_applicant_notes, sample_n_applicant_notes,
                                    applicant->chinese && sample_chance (rand, 50)));
}

/* Applicant 41 of every 97 was entered a second time at another branch: the
 * same person and passport five applicants earlier, with new contact details. */
static gboolean
is_duplicate (guint index)
{
  return index >= 5 && index % 97 == 41;
}

void
sample_applicant_init (SampleApplicant              *applicant,
                       const DossierSampleGenerator *generator,
                       guint                         index)
{
  g_autoptr(GRand) rand = sample_rand_new (generator, SAMPLE_STREAM_APPLICANT, index);

  memset (applicant, 0, sizeof *applicant);
  if (is_duplicate (index))
    {
      sample_applicant_init (applicant, generator, index - 5);
      g_free (applicant->id);
      applicant->id = sample_uuid (generator, rand, applicant_order (index));
      applicant->office = (applicant->office + 1) % SAMPLE_N_OFFICES;
      g_free (applicant->phone);
      applicant->phone = draw_phone (rand);
      return;
    }

  draw_person (applicant, generator, rand, index);
  draw_documents (applicant, rand);
}

void
sample_applicant_clear (SampleApplicant *applicant)
{
  g_free (applicant->id);
  g_free (applicant->family_name);
  g_free (applicant->given_names);
  g_free (applicant->native_name);
  g_free (applicant->birth_place);
  g_free (applicant->nationality);
  g_free (applicant->passport_number);
  g_free (applicant->email);
  g_free (applicant->phone);
  g_free (applicant->address);
  g_free (applicant->employer);
  g_free (applicant->occupation);
  g_free (applicant->notes);
  memset (applicant, 0, sizeof *applicant);
}

static void
set_optional_string (JsonObject *fields,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (fields, member, value);
}

JsonObject *
sample_applicant_fields (const SampleApplicant *applicant)
{
  JsonObject *fields = json_object_new ();
  char sex[2] = { applicant->sex, '\0' };

  json_object_set_string_member (fields, "family_name", applicant->family_name);
  json_object_set_string_member (fields, "given_names", applicant->given_names);
  set_optional_string (fields, "native_name", applicant->native_name);
  sample_set_day (fields, "birth_date", applicant->birth);
  json_object_set_string_member (fields, "birth_place", applicant->birth_place);
  json_object_set_string_member (fields, "sex", sex);
  json_object_set_string_member (fields, "nationality", applicant->nationality);
  json_object_set_string_member (fields, "passport_number", applicant->passport_number);
  json_object_set_string_member (fields, "passport_issuing_state", applicant->nationality);
  sample_set_day (fields, "passport_issue_date", applicant->passport_issued);
  sample_set_day (fields, "passport_expiry_date", applicant->passport_expires);
  json_object_set_int_member (fields, "passport_blank_pages", applicant->blank_pages);
  if (applicant->photo_meets_spec >= 0)
    json_object_set_boolean_member (fields, "photo_meets_spec", applicant->photo_meets_spec == 1);
  json_object_set_string_member (fields, "email", applicant->email);
  json_object_set_string_member (fields, "phone", applicant->phone);
  json_object_set_string_member (fields, "address", applicant->address);
  set_optional_string (fields, "employer", applicant->employer);
  set_optional_string (fields, "occupation", applicant->occupation);
  json_object_set_string_member (fields, "tier", applicant->tier);
  set_optional_string (fields, "notes", applicant->notes);
  return fields;
}
