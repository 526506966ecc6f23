/* dossier-country-combo.h: a combo box with an entry for choosing a country.
 *
 * The list holds every country by its name in the user's language, with its
 * code ("China (CN)"); typing filters it by any part of the name or the
 * code.  The value is an ISO 3166-1 code: alpha-2 for a destination, alpha-3
 * (or an ICAO 9303 passport code such as "XXA") for a nationality.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  dossier_country_combo_setup    (GtkComboBox *combo,
                                      gboolean     alpha3);
char *dossier_country_combo_dup_code (GtkComboBox *combo,
                                      GError     **error);
void  dossier_country_combo_set_code (GtkComboBox *combo,
                                      const char  *code);

G_END_DECLS
