/* dossier-countries.h: the ISO 3166-1 countries, for codes and their names.
 *
 * Cases store a destination as an alpha-2 code and applicants a nationality and
 * issuing state as the alpha-3 code printed in the passport.  The table holds
 * every current ISO 3166-1 country with its English name marked for
 * translation, so that forms can offer and show them in the user's language.
 * Passports also carry a few codes that ICAO 9303 adds to ISO 3166 ("D" for
 * Germany, "XXA" for a stateless person...); they are known as MRZ codes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DossierCountry:
 * @alpha2: ISO 3166-1 alpha-2 code ("CN"), or %NULL for a code only ICAO 9303 defines
 * @alpha3: ISO 3166-1 alpha-3 code ("CHN"), or the ICAO 9303 code
 * @name: English name, untranslated; show dossier_country_get_name() instead
 */
typedef struct
{
  const char *alpha2;
  const char *alpha3;
  const char *name;
} DossierCountry;

/**
 * dossier_countries_get_all:
 * @out_n_countries: (out): number of countries
 *
 * Returns: (transfer none) (array length=out_n_countries): every current
 *   ISO 3166-1 country, sorted by alpha-2 code
 */
const DossierCountry *dossier_countries_get_all          (guint      *out_n_countries);

/**
 * dossier_country_lookup_alpha2:
 * @code: (nullable): a code such as "CN"; case matters (ISO codes are upper case)
 *
 * Returns: (transfer none) (nullable): the country, or %NULL if @code is not
 *   a current ISO 3166-1 alpha-2 code
 */
const DossierCountry *dossier_country_lookup_alpha2      (const char *code);

/**
 * dossier_country_lookup_alpha3:
 * @code: (nullable): a code such as "CHN"; case matters
 *
 * Returns: (transfer none) (nullable): the country, or %NULL if @code is not
 *   a current ISO 3166-1 alpha-3 code
 */
const DossierCountry *dossier_country_lookup_alpha3      (const char *code);

/**
 * dossier_country_lookup_mrz_code:
 * @code: (nullable): a nationality or issuing state as printed in a passport,
 *   fillers removed ("CHN", "D", "XXA")
 *
 * Looks @code up among the ISO 3166-1 alpha-3 codes and the codes ICAO 9303
 * adds for passports.  "D" gives Germany.
 *
 * Returns: (transfer none) (nullable): the country or entity, or %NULL
 */
const DossierCountry *dossier_country_lookup_mrz_code    (const char *code);

/**
 * dossier_country_get_name:
 * @country: a country from this table
 *
 * Returns: (transfer none): the name of @country in the user's language
 */
const char           *dossier_country_get_name           (const DossierCountry *country);

G_END_DECLS
