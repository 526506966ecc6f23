/* dossier-person-name.c: see dossier-person-name.h. */
#include "dossier-person-name.h"

#include <glib/gi18n-lib.h>

char *
dossier_person_name_title_case (const char *text)
{
  g_autofree char *upper = NULL;
  g_autofree char *lower = NULL;
  GString *result;
  gboolean start = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  upper = g_utf8_strup (text, -1);
  if (g_strcmp0 (text, upper) != 0)
    return g_strdup (text);
  lower = g_utf8_strdown (text, -1);
  result = g_string_new (NULL);
  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_string_append_unichar (result, start ? g_unichar_totitle (c) : c);
      start = g_unichar_isspace (c) || c == '-' || c == '\'';
    }
  return g_string_free (result, FALSE);
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

char *
dossier_person_name_format (const char *family,
                            const char *given,
                            const char *native)
{
  g_autofree char *upper = nonempty (family) ? g_utf8_strup (family, -1) : NULL;
  g_autofree char *title = nonempty (given) ? dossier_person_name_title_case (given) : NULL;
  g_autofree char *latin = NULL;

  native = nonempty (native);
  if (upper != NULL && title != NULL)
    /* Translators: family name in capitals, then given names, as in "WANG Xiaoming" */
    latin = g_strdup_printf (_("%s %s"), upper, title);
  else
    latin = g_strdup (upper != NULL ? upper : title);
  if (latin != NULL && native != NULL)
    return g_strdup_printf ("%s %s", latin, native);
  return latin != NULL ? g_steal_pointer (&latin) : g_strdup (native);
}
