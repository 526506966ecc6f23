/* dossier-case-reference.c: random case references (see the header for why). */
#include "dossier-case-reference.h"

#include <string.h>

#include "dossier-date.h"

/* Crockford's base 32: no I, L, O or U. */
static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

G_STATIC_ASSERT (sizeof alphabet - 1 == 32);

char *
dossier_case_reference_generate (const GDate *today,
                                 GRand       *rand)
{
  char suffix[DOSSIER_CASE_REFERENCE_SUFFIX_LENGTH + 1];
  GDate date;

  g_return_val_if_fail (today == NULL || g_date_valid (today), NULL);

  if (today != NULL)
    date = *today;
  else
    dossier_date_set_today (&date);

  for (guint i = 0; i < DOSSIER_CASE_REFERENCE_SUFFIX_LENGTH; i++)
    {
      gint32 n = rand != NULL ? g_rand_int_range (rand, 0, 32) : g_random_int_range (0, 32);
      suffix[i] = alphabet[n];
    }
  suffix[DOSSIER_CASE_REFERENCE_SUFFIX_LENGTH] = '\0';

  return g_strdup_printf ("%s-%04u-%s", DOSSIER_CASE_REFERENCE_PREFIX,
                          (guint) g_date_get_year (&date), suffix);
}

gboolean
dossier_case_reference_is_valid (const char *text)
{
  const gsize prefix_length = strlen (DOSSIER_CASE_REFERENCE_PREFIX "-0000-");

  if (text == NULL
      || strlen (text) != prefix_length + DOSSIER_CASE_REFERENCE_SUFFIX_LENGTH
      || !g_str_has_prefix (text, DOSSIER_CASE_REFERENCE_PREFIX "-")
      || text[prefix_length - 1] != '-')
    return FALSE;

  for (gsize i = strlen (DOSSIER_CASE_REFERENCE_PREFIX "-"); i < prefix_length - 1; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  for (gsize i = prefix_length; text[i] != '\0'; i++)
    if (strchr (alphabet, text[i]) == NULL)
      return FALSE;
  return TRUE;
}
