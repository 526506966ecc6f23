/* dossier-person-name.h: a person's name as Dossier writes it everywhere (the
 * case list, the editor's header, the conflicts view, duplicate warnings):
 * the family name in capitals, then the given names, as passports print them
 * but readable, then the name in native script.  No GTK. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * dossier_person_name_format:
 * @family: (nullable): "WANG" or "Wang"
 * @given: (nullable): "XIAOMING"; given names typed in mixed case stay as typed
 * @native: (nullable): "王小明"
 *
 * Returns: (transfer full) (nullable): "WANG Xiaoming 王小明", or the parts
 *   that are set; %NULL when none is
 */
char *dossier_person_name_format (const char *family,
                                  const char *given,
                                  const char *native);

/* "XIAOMING" -> "Xiaoming", "JEAN-LUC" -> "Jean-Luc"; mixed case is kept. */
char *dossier_person_name_title_case (const char *text);

G_END_DECLS
