/* dossier-policy-note.c: validation, ordering, wording and comparison of policy notes. */
#include "dossier-policy-note.h"

#include "dossier-checklist.h"
#include "dossier-checks.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The order forms offer them in: the most common first. */
static const char *const visa_types[] = {
  "tourist", "business", "student", "work", "family", "transit",
};

static const char *const visa_type_labels[] = {
  NC_("visa type", "Tourist"), NC_("visa type", "Business"), NC_("visa type", "Student"),
  NC_("visa type", "Work"), NC_("visa type", "Family"), NC_("visa type", "Transit"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (visa_types) == G_N_ELEMENTS (visa_type_labels));

static const char *const note_fields[] = {
  "country", "visa_type", "title", "body", "requirements", "passport_validity_months",
  "processing_days", "fees_text", "effective_date", "source",
};

const char *const *
dossier_policy_visa_types_get_all (guint *out_n_types)
{
  if (out_n_types != NULL)
    *out_n_types = G_N_ELEMENTS (visa_types);
  return visa_types;
}

static gint
visa_type_position (const char *visa_type)
{
  for (guint i = 0; visa_type != NULL && i < G_N_ELEMENTS (visa_types); i++)
    if (g_str_equal (visa_type, visa_types[i]))
      return (gint) i;
  return -1;
}

const char *
dossier_policy_visa_type_get_label (const char *visa_type)
{
  gint position = visa_type_position (visa_type);

  if (position < 0)
    return visa_type;
  return g_dpgettext2 (GETTEXT_PACKAGE, "visa type", visa_type_labels[position]);
}

const char *
dossier_policy_country_get_name (const char *code)
{
  const DossierCountry *country = dossier_country_lookup_alpha2 (code);

  return country != NULL ? dossier_country_get_name (country) : code;
}

typedef struct
{
  char       *key;
  gconstpointer item;
} Keyed;

static gint
compare_keyed (gconstpointer a,
               gconstpointer b)
{
  const Keyed *ka = a;
  const Keyed *kb = b;

  return strcmp (ka->key, kb->key);
}

/* Sorting by collation keys computed once, then putting the items back in place. */
static void
sort_by_keys (GPtrArray *items,
              GArray    *keyed)
{
  g_array_sort (keyed, compare_keyed);
  for (guint i = 0; i < keyed->len; i++)
    {
      Keyed *k = &g_array_index (keyed, Keyed, i);

      items->pdata[i] = (gpointer) k->item;
      g_free (k->key);
    }
}

GPtrArray *
dossier_policy_countries_by_name (void)
{
  guint n_countries;
  const DossierCountry *countries = dossier_countries_get_all (&n_countries);
  GPtrArray *result = g_ptr_array_sized_new (n_countries);
  g_autoptr(GArray) keyed = g_array_sized_new (FALSE, FALSE, sizeof (Keyed), n_countries);

  for (guint i = 0; i < n_countries; i++)
    {
      Keyed k = { NULL, &countries[i] };

      if (countries[i].alpha2 == NULL)
        continue;
      k.key = g_utf8_collate_key (dossier_country_get_name (&countries[i]), -1);
      g_array_append_val (keyed, k);
      g_ptr_array_add (result, (gpointer) &countries[i]);
    }

  sort_by_keys (result, keyed);
  return result;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Country name, visa type position and title packed into one collation key;
 * "\1" separates the parts and sorts below any character of a name. */
static char *
note_sort_key (JsonObject *note)
{
  const char *country = member_string (note, "country");
  const char *visa_type = member_string (note, "visa_type");
  const char *title = member_string (note, "title");
  gint position = visa_type_position (visa_type);
  g_autofree char *country_key = NULL;
  g_autofree char *visa_key = NULL;
  g_autofree char *title_key = NULL;

  country_key = country != NULL ? g_utf8_collate_key (dossier_policy_country_get_name (country), -1)
                                : g_strdup ("\x7f");
  visa_key = position >= 0 ? g_strdup_printf ("%02d", position)
             : g_strconcat ("99", visa_type != NULL ? visa_type : "\x7f", NULL);
  title_key = g_utf8_collate_key (title != NULL ? title : "", -1);

  return g_strconcat (country != NULL ? "0" : "1", country_key, "\1", visa_key, "\1",
                      title_key, NULL);
}

void
dossier_policy_notes_sort (GPtrArray *notes)
{
  g_autoptr(GArray) keyed = NULL;

  g_return_if_fail (notes != NULL);

  keyed = g_array_sized_new (FALSE, FALSE, sizeof (Keyed), notes->len);
  for (guint i = 0; i < notes->len; i++)
    {
      Keyed k = { note_sort_key (g_ptr_array_index (notes, i)), g_ptr_array_index (notes, i) };

      g_array_append_val (keyed, k);
    }
  sort_by_keys (notes, keyed);
}

static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return normalized != NULL ? g_utf8_casefold (normalized, -1) : g_strdup ("");
}

static void
append_folded (GString    *haystack,
               const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return;
  folded = fold (text);
  g_string_append (haystack, folded);
  g_string_append_c (haystack, '\n');
}

gboolean
dossier_policy_note_matches_filter (JsonObject *note,
                                    const char *filter)
{
  const char *country = member_string (note, "country");
  const char *visa_type = member_string (note, "visa_type");
  g_autoptr(GString) haystack = g_string_new (NULL);
  g_autofree char *folded_filter = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (note != NULL, FALSE);

  if (filter == NULL)
    return TRUE;

  append_folded (haystack, member_string (note, "title"));
  append_folded (haystack, country);
  append_folded (haystack, dossier_policy_country_get_name (country));
  append_folded (haystack, visa_type);
  append_folded (haystack, dossier_policy_visa_type_get_label (visa_type));
  append_folded (haystack, member_string (note, "source"));

  folded_filter = fold (filter);
  words = g_strsplit_set (folded_filter, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (haystack->str, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

gboolean
dossier_policy_validate_title (const char  *text,
                               GError     **error)
{
  if (!is_blank (text))
    return TRUE;
  g_set_error_literal (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_EMPTY,
                       _("A note needs a title"));
  return FALSE;
}

gboolean
dossier_policy_validate_country (const char  *code,
                                 GError     **error)
{
  if (code == NULL || *code == '\0')
    {
      g_set_error_literal (error, DOSSIER_VALIDATION_ERROR, DOSSIER_VALIDATION_ERROR_EMPTY,
                           _("Choose the country this note is about"));
      return FALSE;
    }
  return dossier_validate_country_alpha2 (code, error);
}

gboolean
dossier_policy_validate_effective_date (const char  *text,
                                        GError     **error)
{
  if (text == NULL || *text == '\0')
    return TRUE;
  return dossier_validate_date (text, NULL, error);
}

char *
dossier_policy_describe_validity (gint64 months)
{
  /* Plain %d: xgettext cannot see through G_GINT64_FORMAT, and no rule is
   * counted in billions of months. */
  int n = (int) CLAMP (months, 0, G_MAXINT);

  if (n == 0)
    return g_strdup (_("Passport valid through the day of departure"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Passport valid %d month beyond departure",
                                       "Passport valid %d months beyond departure", (gulong) n),
                          n);
}

char *
dossier_policy_describe_processing (gint64 days)
{
  int n = (int) CLAMP (days, 0, G_MAXINT);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong) n), n);
}

/* The kind strings of a requirements value, in order, without repeats. */
static GPtrArray *
requirement_kinds (JsonNode *requirements)
{
  GPtrArray *kinds = g_ptr_array_new ();
  JsonArray *array;

  if (requirements == NULL || !JSON_NODE_HOLDS_ARRAY (requirements))
    return kinds;

  array = json_node_get_array (requirements);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *kind;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;
      kind = json_node_get_string (element);
      if (!g_ptr_array_find_with_equal_func (kinds, kind, g_str_equal, NULL))
        g_ptr_array_add (kinds, (gpointer) kind);
    }
  return kinds;
}

GStrv
dossier_policy_requirement_kinds (JsonNode *requirements)
{
  g_autoptr(GPtrArray) kinds = requirement_kinds (requirements);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < kinds->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (kinds, i));
  return g_strv_builder_end (builder);
}

char *
dossier_policy_requirement_get_title (const char *kind)
{
  const DossierDocumentKind *known = dossier_document_kind_lookup (kind);
  char *title;

  g_return_val_if_fail (kind != NULL, NULL);

  if (known != NULL)
    return g_strdup (dossier_document_kind_get_title (known));

  /* A kind from a newer version or another office: readable, if not translated. */
  title = g_strdelimit (g_strdup (kind), "_-", ' ');
  if (title[0] != '\0')
    title[0] = g_ascii_toupper (title[0]);
  return title;
}

GStrv
dossier_policy_requirement_titles (JsonNode *requirements)
{
  g_auto(GStrv) kinds = dossier_policy_requirement_kinds (requirements);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      g_autofree char *title = dossier_policy_requirement_get_title (kinds[i]);

      g_strv_builder_add (builder, title);
    }
  return g_strv_builder_end (builder);
}

gboolean
dossier_policy_requirements_contain (JsonNode   *requirements,
                                     const char *kind)
{
  g_autoptr(GPtrArray) kinds = requirement_kinds (requirements);

  g_return_val_if_fail (kind != NULL, FALSE);

  return g_ptr_array_find_with_equal_func (kinds, kind, g_str_equal, NULL);
}

JsonArray *
dossier_policy_requirements_update (JsonNode          *original,
                                    const char *const *checked_kinds)
{
  g_autoptr(GPtrArray) kinds = requirement_kinds (original);
  JsonArray *result = json_array_new ();
  const char *const none[] = { NULL };

  if (checked_kinds == NULL)
    checked_kinds = none;

  for (guint i = 0; i < kinds->len; i++)
    {
      const char *kind = g_ptr_array_index (kinds, i);

      if (dossier_document_kind_lookup (kind) == NULL
          || g_strv_contains (checked_kinds, kind))
        json_array_add_string_element (result, kind);
    }
  for (guint i = 0; checked_kinds[i] != NULL; i++)
    {
      if (!g_ptr_array_find_with_equal_func (kinds, checked_kinds[i], g_str_equal, NULL))
        {
          json_array_add_string_element (result, checked_kinds[i]);
          g_ptr_array_add (kinds, (gpointer) checked_kinds[i]);
        }
    }
  return result;
}

const char *const *
dossier_policy_note_get_fields (guint *out_n_fields)
{
  if (out_n_fields != NULL)
    *out_n_fields = G_N_ELEMENTS (note_fields);
  return note_fields;
}

/* NULL for a missing member, a JSON null, an empty string or an empty list:
 * all mean "not set" (version snapshots store an unset list as []). */
static JsonNode *
significant_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
      && *json_node_get_string (node) == '\0')
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 0)
    return NULL;
  return node;
}

GStrv
dossier_policy_note_changed_fields (JsonObject *older,
                                    JsonObject *newer)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (newer != NULL, NULL);

  for (guint i = 0; older != NULL && i < G_N_ELEMENTS (note_fields); i++)
    {
      JsonNode *a = significant_member (older, note_fields[i]);
      JsonNode *b = significant_member (newer, note_fields[i]);

      if ((a == NULL) != (b == NULL) || (a != NULL && !json_node_equal (a, b)))
        g_strv_builder_add (builder, note_fields[i]);
    }
  return g_strv_builder_end (builder);
}
