/* dossier-settings.c: the client's GSettings and its computed defaults.
 *
 * "author-name" is empty until the user types a name, so that a changed
 * account name still reaches activity entries written later.
 */

#include <string.h>

#include "dossier-settings.h"

/**
 * dossier_settings_new:
 *
 * Returns: (transfer full): the settings of schema org.dossier.Dossier
 */
GSettings *
dossier_settings_new (void)
{
  return g_settings_new (APPLICATION_ID);
}

/**
 * dossier_settings_dup_default_author_name:
 *
 * The author name used while the "author-name" key is empty: the account's
 * real name, or its login name when the system knows no real name.
 *
 * Returns: (transfer full): a non-empty name
 */
char *
dossier_settings_dup_default_author_name (void)
{
  const char *real_name = g_get_real_name ();

  /* GLib answers "Unknown" when the account has no real name. */
  if (real_name == NULL || *real_name == '\0' || strcmp (real_name, "Unknown") == 0)
    return g_strdup (g_get_user_name ());

  return g_strdup (real_name);
}

/**
 * dossier_settings_dup_author_name:
 * @settings: the settings from dossier_settings_new()
 *
 * The name that signs activity entries and translation reviews.
 *
 * Returns: (transfer full): a non-empty name
 */
char *
dossier_settings_dup_author_name (GSettings *settings)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  name = g_strstrip (g_settings_get_string (settings, "author-name"));
  if (*name == '\0')
    return dossier_settings_dup_default_author_name ();

  return g_steal_pointer (&name);
}
