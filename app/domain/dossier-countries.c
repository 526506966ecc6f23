/* dossier-countries.c: the ISO 3166-1 table and the ICAO 9303 additions.
 *
 * The list is ISO 3166-1 as of 2023 (249 entries, as Debian's iso-codes 4.15
 * has it).  Where ISO's short name is a long formal one ("Korea, Republic of")
 * the common English name is used, except for Taiwan, whose ISO name is the
 * one consular forms in mainland China use.
 */
#include "dossier-countries.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const DossierCountry countries[] = {
  { "AD", "AND", N_("Andorra") },
  { "AE", "ARE", N_("United Arab Emirates") },
  { "AF", "AFG", N_("Afghanistan") },
  { "AG", "ATG", N_("Antigua and Barbuda") },
  { "AI", "AIA", N_("Anguilla") },
  { "AL", "ALB", N_("Albania") },
  { "AM", "ARM", N_("Armenia") },
  { "AO", "AGO", N_("Angola") },
  { "AQ", "ATA", N_("Antarctica") },
  { "AR", "ARG", N_("Argentina") },
  { "AS", "ASM", N_("American Samoa") },
  { "AT", "AUT", N_("Austria") },
  { "AU", "AUS", N_("Australia") },
  { "AW", "ABW", N_("Aruba") },
  { "AX", "ALA", N_("Åland Islands") },
  { "AZ", "AZE", N_("Azerbaijan") },
  { "BA", "BIH", N_("Bosnia and Herzegovina") },
  { "BB", "BRB", N_("Barbados") },
  { "BD", "BGD", N_("Bangladesh") },
  { "BE", "BEL", N_("Belgium") },
  { "BF", "BFA", N_("Burkina Faso") },
  { "BG", "BGR", N_("Bulgaria") },
  { "BH", "BHR", N_("Bahrain") },
  { "BI", "BDI", N_("Burundi") },
  { "BJ", "BEN", N_("Benin") },
  { "BL", "BLM", N_("Saint Barthélemy") },
  { "BM", "BMU", N_("Bermuda") },
  { "BN", "BRN", N_("Brunei Darussalam") },
  { "BO", "BOL", N_("Bolivia") },
  { "BQ", "BES", N_("Bonaire, Sint Eustatius and Saba") },
  { "BR", "BRA", N_("Brazil") },
  { "BS", "BHS", N_("Bahamas") },
  { "BT", "BTN", N_("Bhutan") },
  { "BV", "BVT", N_("Bouvet Island") },
  { "BW", "BWA", N_("Botswana") },
  { "BY", "BLR", N_("Belarus") },
  { "BZ", "BLZ", N_("Belize") },
  { "CA", "CAN", N_("Canada") },
  { "CC", "CCK", N_("Cocos (Keeling) Islands") },
  { "CD", "COD", N_("Congo, The Democratic Republic of the") },
  { "CF", "CAF", N_("Central African Republic") },
  { "CG", "COG", N_("Congo") },
  { "CH", "CHE", N_("Switzerland") },
  { "CI", "CIV", N_("Côte d'Ivoire") },
  { "CK", "COK", N_("Cook Islands") },
  { "CL", "CHL", N_("Chile") },
  { "CM", "CMR", N_("Cameroon") },
  { "CN", "CHN", N_("China") },
  { "CO", "COL", N_("Colombia") },
  { "CR", "CRI", N_("Costa Rica") },
  { "CU", "CUB", N_("Cuba") },
  { "CV", "CPV", N_("Cabo Verde") },
  { "CW", "CUW", N_("Curaçao") },
  { "CX", "CXR", N_("Christmas Island") },
  { "CY", "CYP", N_("Cyprus") },
  { "CZ", "CZE", N_("Czechia") },
  { "DE", "DEU", N_("Germany") },
  { "DJ", "DJI", N_("Djibouti") },
  { "DK", "DNK", N_("Denmark") },
  { "DM", "DMA", N_("Dominica") },
  { "DO", "DOM", N_("Dominican Republic") },
  { "DZ", "DZA", N_("Algeria") },
  { "EC", "ECU", N_("Ecuador") },
  { "EE", "EST", N_("Estonia") },
  { "EG", "EGY", N_("Egypt") },
  { "EH", "ESH", N_("Western Sahara") },
  { "ER", "ERI", N_("Eritrea") },
  { "ES", "ESP", N_("Spain") },
  { "ET", "ETH", N_("Ethiopia") },
  { "FI", "FIN", N_("Finland") },
  { "FJ", "FJI", N_("Fiji") },
  { "FK", "FLK", N_("Falkland Islands (Malvinas)") },
  { "FM", "FSM", N_("Micronesia, Federated States of") },
  { "FO", "FRO", N_("Faroe Islands") },
  { "FR", "FRA", N_("France") },
  { "GA", "GAB", N_("Gabon") },
  { "GB", "GBR", N_("United Kingdom") },
  { "GD", "GRD", N_("Grenada") },
  { "GE", "GEO", N_("Georgia") },
  { "GF", "GUF", N_("French Guiana") },
  { "GG", "GGY", N_("Guernsey") },
  { "GH", "GHA", N_("Ghana") },
  { "GI", "GIB", N_("Gibraltar") },
  { "GL", "GRL", N_("Greenland") },
  { "GM", "GMB", N_("Gambia") },
  { "GN", "GIN", N_("Guinea") },
  { "GP", "GLP", N_("Guadeloupe") },
  { "GQ", "GNQ", N_("Equatorial Guinea") },
  { "GR", "GRC", N_("Greece") },
  { "GS", "SGS", N_("South Georgia and the South Sandwich Islands") },
  { "GT", "GTM", N_("Guatemala") },
  { "GU", "GUM", N_("Guam") },
  { "GW", "GNB", N_("Guinea-Bissau") },
  { "GY", "GUY", N_("Guyana") },
  { "HK", "HKG", N_("Hong Kong") },
  { "HM", "HMD", N_("Heard Island and McDonald Islands") },
  { "HN", "HND", N_("Honduras") },
  { "HR", "HRV", N_("Croatia") },
  { "HT", "HTI", N_("Haiti") },
  { "HU", "HUN", N_("Hungary") },
  { "ID", "IDN", N_("Indonesia") },
  { "IE", "IRL", N_("Ireland") },
  { "IL", "ISR", N_("Israel") },
  { "IM", "IMN", N_("Isle of Man") },
  { "IN", "IND", N_("India") },
  { "IO", "IOT", N_("British Indian Ocean Territory") },
  { "IQ", "IRQ", N_("Iraq") },
  { "IR", "IRN", N_("Iran") },
  { "IS", "ISL", N_("Iceland") },
  { "IT", "ITA", N_("Italy") },
  { "JE", "JEY", N_("Jersey") },
  { "JM", "JAM", N_("Jamaica") },
  { "JO", "JOR", N_("Jordan") },
  { "JP", "JPN", N_("Japan") },
  { "KE", "KEN", N_("Kenya") },
  { "KG", "KGZ", N_("Kyrgyzstan") },
  { "KH", "KHM", N_("Cambodia") },
  { "KI", "KIR", N_("Kiribati") },
  { "KM", "COM", N_("Comoros") },
  { "KN", "KNA", N_("Saint Kitts and Nevis") },
  { "KP", "PRK", N_("North Korea") },
  { "KR", "KOR", N_("South Korea") },
  { "KW", "KWT", N_("Kuwait") },
  { "KY", "CYM", N_("Cayman Islands") },
  { "KZ", "KAZ", N_("Kazakhstan") },
  { "LA", "LAO", N_("Laos") },
  { "LB", "LBN", N_("Lebanon") },
  { "LC", "LCA", N_("Saint Lucia") },
  { "LI", "LIE", N_("Liechtenstein") },
  { "LK", "LKA", N_("Sri Lanka") },
  { "LR", "LBR", N_("Liberia") },
  { "LS", "LSO", N_("Lesotho") },
  { "LT", "LTU", N_("Lithuania") },
  { "LU", "LUX", N_("Luxembourg") },
  { "LV", "LVA", N_("Latvia") },
  { "LY", "LBY", N_("Libya") },
  { "MA", "MAR", N_("Morocco") },
  { "MC", "MCO", N_("Monaco") },
  { "MD", "MDA", N_("Moldova") },
  { "ME", "MNE", N_("Montenegro") },
  { "MF", "MAF", N_("Saint Martin (French part)") },
  { "MG", "MDG", N_("Madagascar") },
  { "MH", "MHL", N_("Marshall Islands") },
  { "MK", "MKD", N_("North Macedonia") },
  { "ML", "MLI", N_("Mali") },
  { "MM", "MMR", N_("Myanmar") },
  { "MN", "MNG", N_("Mongolia") },
  { "MO", "MAC", N_("Macao") },
  { "MP", "MNP", N_("Northern Mariana Islands") },
  { "MQ", "MTQ", N_("Martinique") },
  { "MR", "MRT", N_("Mauritania") },
  { "MS", "MSR", N_("Montserrat") },
  { "MT", "MLT", N_("Malta") },
  { "MU", "MUS", N_("Mauritius") },
  { "MV", "MDV", N_("Maldives") },
  { "MW", "MWI", N_("Malawi") },
  { "MX", "MEX", N_("Mexico") },
  { "MY", "MYS", N_("Malaysia") },
  { "MZ", "MOZ", N_("Mozambique") },
  { "NA", "NAM", N_("Namibia") },
  { "NC", "NCL", N_("New Caledonia") },
  { "NE", "NER", N_("Niger") },
  { "NF", "NFK", N_("Norfolk Island") },
  { "NG", "NGA", N_("Nigeria") },
  { "NI", "NIC", N_("Nicaragua") },
  { "NL", "NLD", N_("Netherlands") },
  { "NO", "NOR", N_("Norway") },
  { "NP", "NPL", N_("Nepal") },
  { "NR", "NRU", N_("Nauru") },
  { "NU", "NIU", N_("Niue") },
  { "NZ", "NZL", N_("New Zealand") },
  { "OM", "OMN", N_("Oman") },
  { "PA", "PAN", N_("Panama") },
  { "PE", "PER", N_("Peru") },
  { "PF", "PYF", N_("French Polynesia") },
  { "PG", "PNG", N_("Papua New Guinea") },
  { "PH", "PHL", N_("Philippines") },
  { "PK", "PAK", N_("Pakistan") },
  { "PL", "POL", N_("Poland") },
  { "PM", "SPM", N_("Saint Pierre and Miquelon") },
  { "PN", "PCN", N_("Pitcairn") },
  { "PR", "PRI", N_("Puerto Rico") },
  { "PS", "PSE", N_("Palestine, State of") },
  { "PT", "PRT", N_("Portugal") },
  { "PW", "PLW", N_("Palau") },
  { "PY", "PRY", N_("Paraguay") },
  { "QA", "QAT", N_("Qatar") },
  { "RE", "REU", N_("Réunion") },
  { "RO", "ROU", N_("Romania") },
  { "RS", "SRB", N_("Serbia") },
  { "RU", "RUS", N_("Russian Federation") },
  { "RW", "RWA", N_("Rwanda") },
  { "SA", "SAU", N_("Saudi Arabia") },
  { "SB", "SLB", N_("Solomon Islands") },
  { "SC", "SYC", N_("Seychelles") },
  { "SD", "SDN", N_("Sudan") },
  { "SE", "SWE", N_("Sweden") },
  { "SG", "SGP", N_("Singapore") },
  { "SH", "SHN", N_("Saint Helena, Ascension and Tristan da Cunha") },
  { "SI", "SVN", N_("Slovenia") },
  { "SJ", "SJM", N_("Svalbard and Jan Mayen") },
  { "SK", "SVK", N_("Slovakia") },
  { "SL", "SLE", N_("Sierra Leone") },
  { "SM", "SMR", N_("San Marino") },
  { "SN", "SEN", N_("Senegal") },
  { "SO", "SOM", N_("Somalia") },
  { "SR", "SUR", N_("Suriname") },
  { "SS", "SSD", N_("South Sudan") },
  { "ST", "STP", N_("Sao Tome and Principe") },
  { "SV", "SLV", N_("El Salvador") },
  { "SX", "SXM", N_("Sint Maarten (Dutch part)") },
  { "SY", "SYR", N_("Syria") },
  { "SZ", "SWZ", N_("Eswatini") },
  { "TC", "TCA", N_("Turks and Caicos Islands") },
  { "TD", "TCD", N_("Chad") },
  { "TF", "ATF", N_("French Southern Territories") },
  { "TG", "TGO", N_("Togo") },
  { "TH", "THA", N_("Thailand") },
  { "TJ", "TJK", N_("Tajikistan") },
  { "TK", "TKL", N_("Tokelau") },
  { "TL", "TLS", N_("Timor-Leste") },
  { "TM", "TKM", N_("Turkmenistan") },
  { "TN", "TUN", N_("Tunisia") },
  { "TO", "TON", N_("Tonga") },
  { "TR", "TUR", N_("Türkiye") },
  { "TT", "TTO", N_("Trinidad and Tobago") },
  { "TV", "TUV", N_("Tuvalu") },
  { "TW", "TWN", N_("Taiwan, Province of China") },
  { "TZ", "TZA", N_("Tanzania") },
  { "UA", "UKR", N_("Ukraine") },
  { "UG", "UGA", N_("Uganda") },
  { "UM", "UMI", N_("United States Minor Outlying Islands") },
  { "US", "USA", N_("United States") },
  { "UY", "URY", N_("Uruguay") },
  { "UZ", "UZB", N_("Uzbekistan") },
  { "VA", "VAT", N_("Holy See (Vatican City State)") },
  { "VC", "VCT", N_("Saint Vincent and the Grenadines") },
  { "VE", "VEN", N_("Venezuela") },
  { "VG", "VGB", N_("Virgin Islands, British") },
  { "VI", "VIR", N_("Virgin Islands, U.S.") },
  { "VN", "VNM", N_("Vietnam") },
  { "VU", "VUT", N_("Vanuatu") },
  { "WF", "WLF", N_("Wallis and Futuna") },
  { "WS", "WSM", N_("Samoa") },
  { "YE", "YEM", N_("Yemen") },
  { "YT", "MYT", N_("Mayotte") },
  { "ZA", "ZAF", N_("South Africa") },
  { "ZM", "ZMB", N_("Zambia") },
  { "ZW", "ZWE", N_("Zimbabwe") },
};

/* ICAO 9303 Part 3 codes for passports that ISO 3166-1 does not assign. */
static const DossierCountry mrz_only_codes[] = {
  { NULL, "EUE", N_("European Union") },
  { NULL, "GBD", N_("British Overseas Territories citizen") },
  { NULL, "GBN", N_("British National (Overseas)") },
  { NULL, "GBO", N_("British Overseas citizen") },
  { NULL, "GBP", N_("British protected person") },
  { NULL, "GBS", N_("British subject") },
  /* Not an ICAO assignment, but what Kosovo's passports carry. */
  { NULL, "RKS", N_("Kosovo") },
  { NULL, "UNA", N_("United Nations specialized agency") },
  { NULL, "UNK", N_("Kosovo (UNMIK travel document)") },
  { NULL, "UNO", N_("United Nations") },
  { NULL, "XOM", N_("Sovereign Military Order of Malta") },
  { NULL, "XPO", N_("Interpol") },
  { NULL, "XXA", N_("Stateless person") },
  { NULL, "XXB", N_("Refugee (1951 Convention)") },
  { NULL, "XXC", N_("Refugee (other)") },
  { NULL, "XXX", N_("Unspecified nationality") },
};

const DossierCountry *
dossier_countries_get_all (guint *out_n_countries)
{
  g_return_val_if_fail (out_n_countries != NULL, NULL);

  *out_n_countries = G_N_ELEMENTS (countries);
  return countries;
}

static int
compare_alpha2 (const void *key,
                const void *element)
{
  return strcmp (key, ((const DossierCountry *) element)->alpha2);
}

const DossierCountry *
dossier_country_lookup_alpha2 (const char *code)
{
  if (code == NULL)
    return NULL;

  /* The table is sorted by alpha-2 code. */
  return bsearch (code, countries, G_N_ELEMENTS (countries), sizeof countries[0], compare_alpha2);
}

static const DossierCountry *
find_alpha3 (const DossierCountry *table,
             gsize                 n_entries,
             const char           *code)
{
  for (gsize i = 0; i < n_entries; i++)
    {
      if (strcmp (table[i].alpha3, code) == 0)
        return &table[i];
    }
  return NULL;
}

const DossierCountry *
dossier_country_lookup_alpha3 (const char *code)
{
  if (code == NULL)
    return NULL;

  return find_alpha3 (countries, G_N_ELEMENTS (countries), code);
}

const DossierCountry *
dossier_country_lookup_mrz_code (const char *code)
{
  const DossierCountry *country;

  if (code == NULL)
    return NULL;

  /* Germany prints "D<<", not "DEU". */
  if (strcmp (code, "D") == 0)
    return dossier_country_lookup_alpha2 ("DE");

  country = dossier_country_lookup_alpha3 (code);
  if (country == NULL)
    country = find_alpha3 (mrz_only_codes, G_N_ELEMENTS (mrz_only_codes), code);
  return country;
}

const char *
dossier_country_get_name (const DossierCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return _(country->name);
}
