/* dossier-country-combo.c: filling, searching and reading a country combo box.
 *
 * Not a widget of its own: the forms declare a GtkComboBox with an entry in
 * their templates and set it up here, so it keeps the accessible name and
 * layout the template gives it.
 */

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-checks.h"
#include "dossier-countries.h"
#include "dossier-country-combo.h"

enum
{
  COLUMN_CODE,
  COLUMN_LABEL,
  COLUMN_SEARCH,   /* case-folded name and code */
  COLUMN_SORT,
  N_COLUMNS
};

#define ALPHA3_KEY "dossier-country-alpha3"

static char *
country_label (const DossierCountry *country,
               const char           *code)
{
  /* Translators: a country and its code, as in "China (CN)" */
  return g_strdup_printf (_("%s (%s)"), dossier_country_get_name (country), code);
}

static GtkListStore *
build_model (gboolean alpha3)
{
  GtkListStore *store = gtk_list_store_new (N_COLUMNS, G_TYPE_STRING, G_TYPE_STRING,
                                            G_TYPE_STRING, G_TYPE_STRING);
  guint n = 0;
  const DossierCountry *countries = dossier_countries_get_all (&n);

  for (guint i = 0; i < n; i++)
    {
      const char *code = alpha3 ? countries[i].alpha3 : countries[i].alpha2;
      const char *name = dossier_country_get_name (&countries[i]);
      g_autofree char *label = NULL;
      g_autofree char *search_text = NULL;
      g_autofree char *search = NULL;
      g_autofree char *sort = NULL;

      if (code == NULL)
        continue;
      label = country_label (&countries[i], code);
      search_text = g_strdup_printf ("%s %s", name, code);
      search = g_utf8_casefold (search_text, -1);
      sort = g_utf8_collate_key (name, -1);
      gtk_list_store_insert_with_values (store, NULL, -1, COLUMN_CODE, code, COLUMN_LABEL, label,
                                         COLUMN_SEARCH, search, COLUMN_SORT, sort, -1);
    }
  gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (store), COLUMN_SORT,
                                        GTK_SORT_ASCENDING);
  return store;
}

static gboolean
completion_match (GtkEntryCompletion *completion,
                  const char         *key,
                  GtkTreeIter        *iter,
                  gpointer            user_data)
{
  GtkTreeModel *model = gtk_entry_completion_get_model (completion);
  g_autofree char *search = NULL;
  g_autofree char *folded_key = g_utf8_casefold (key, -1);

  gtk_tree_model_get (model, iter, COLUMN_SEARCH, &search, -1);
  return search != NULL && strstr (search, folded_key) != NULL;
}

/**
 * dossier_country_combo_setup:
 * @combo: a combo box created with #GtkComboBox:has-entry
 * @alpha3: %TRUE for alpha-3 codes (nationalities), %FALSE for alpha-2
 */
void
dossier_country_combo_setup (GtkComboBox *combo,
                             gboolean     alpha3)
{
  g_autoptr(GtkListStore) store = build_model (alpha3);
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();
  GtkWidget *entry = gtk_bin_get_child (GTK_BIN (combo));

  g_return_if_fail (gtk_combo_box_get_has_entry (combo));

  g_object_set_data (G_OBJECT (combo), ALPHA3_KEY, GINT_TO_POINTER (alpha3));
  gtk_combo_box_set_model (combo, GTK_TREE_MODEL (store));
  gtk_combo_box_set_entry_text_column (combo, COLUMN_LABEL);
  gtk_combo_box_set_id_column (combo, COLUMN_CODE);

  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (store));
  gtk_entry_completion_set_text_column (completion, COLUMN_LABEL);
  gtk_entry_completion_set_match_func (completion, completion_match, NULL, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  gtk_entry_set_completion (GTK_ENTRY (entry), completion);
}

static const DossierCountry *
lookup_code (const char *code,
             gboolean    alpha3)
{
  return alpha3 ? dossier_country_lookup_mrz_code (code) : dossier_country_lookup_alpha2 (code);
}

/* The country the typed text names: its code, its name or the list's label. */
static const DossierCountry *
match_text (GtkComboBox *combo,
            const char  *text,
            gboolean     alpha3)
{
  g_autofree char *upper = g_ascii_strup (text, -1);
  GtkTreeModel *model = gtk_combo_box_get_model (combo);
  g_autofree char *folded = g_utf8_casefold (text, -1);
  const DossierCountry *country = lookup_code (upper, alpha3);
  GtkTreeIter iter;
  gboolean valid;

  if (country != NULL)
    return country;
  for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *code = NULL;
      g_autofree char *label = NULL;
      g_autofree char *folded_label = NULL;
      g_autofree char *folded_name = NULL;

      gtk_tree_model_get (model, &iter, COLUMN_CODE, &code, COLUMN_LABEL, &label, -1);
      country = lookup_code (code, alpha3);
      folded_label = g_utf8_casefold (label, -1);
      folded_name = g_utf8_casefold (dossier_country_get_name (country), -1);
      if (g_strcmp0 (folded, folded_label) == 0 || g_strcmp0 (folded, folded_name) == 0)
        return country;
    }
  return NULL;
}

/**
 * dossier_country_combo_dup_code:
 * @combo: a combo box set up with dossier_country_combo_setup()
 * @error: a #DOSSIER_VALIDATION_ERROR when the text names no country
 *
 * Returns: (transfer full) (nullable): the code chosen or typed; %NULL with
 *   no error when the entry is empty
 */
char *
dossier_country_combo_dup_code (GtkComboBox  *combo,
                                GError      **error)
{
  gboolean alpha3 = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (combo), ALPHA3_KEY));
  GtkEntry *entry = GTK_ENTRY (gtk_bin_get_child (GTK_BIN (combo)));
  g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (entry)));
  const DossierCountry *country;

  if (gtk_combo_box_get_active_id (combo) != NULL)
    return g_strdup (gtk_combo_box_get_active_id (combo));
  if (*text == '\0')
    return NULL;

  country = match_text (combo, text, alpha3);
  if (country == NULL)
    {
      g_set_error (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_COUNTRY_CODE,
                   _("“%s” is not a country in the list; type part of its name and pick it"),
                   text);
      return NULL;
    }
  /* An ICAO-only code ("XXA") has no alpha-2; a passport's "D" is stored as DEU. */
  return g_strdup (alpha3 ? country->alpha3 : country->alpha2);
}

/**
 * dossier_country_combo_set_code:
 * @combo: a combo box set up with dossier_country_combo_setup()
 * @code: (nullable): a code, %NULL to clear
 */
void
dossier_country_combo_set_code (GtkComboBox *combo,
                                const char  *code)
{
  gboolean alpha3 = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (combo), ALPHA3_KEY));
  GtkEntry *entry = GTK_ENTRY (gtk_bin_get_child (GTK_BIN (combo)));
  const DossierCountry *country = lookup_code (code, alpha3);
  g_autofree char *label = NULL;

  if (code != NULL && gtk_combo_box_set_active_id (combo, code))
    return;
  gtk_combo_box_set_active (combo, -1);
  if (country != NULL)
    label = country_label (country, code);
  gtk_entry_set_text (entry, label != NULL ? label : code != NULL ? code : "");
}
