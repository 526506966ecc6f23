/* dossier-activity.c: activity log entries: their kinds, building and order. */
#include "dossier-activity.h"

#include "dossier-model.h"
#include "dossier-timestamp.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (dossier-activity-error-quark, dossier_activity_error)

static const DossierActivityKind kinds[] = {
  { "call", N_("Call"), "call-start-symbolic" },
  { "complaint", N_("Complaint"), "dialog-warning-symbolic" },
  { "follow_up", N_("Follow-up"), "appointment-soon-symbolic" },
  { "visit", N_("Visit"), "avatar-default-symbolic" },
  { "note", N_("Note"), "text-x-generic-symbolic" },
};

const DossierActivityKind *
dossier_activity_kinds_get_all (guint *out_n_kinds)
{
  g_return_val_if_fail (out_n_kinds != NULL, NULL);

  *out_n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const DossierActivityKind *
dossier_activity_kind_lookup (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    {
      if (strcmp (kinds[i].kind, kind) == 0)
        return &kinds[i];
    }
  return NULL;
}

const char *
dossier_activity_kind_get_label (const DossierActivityKind *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  return _(kind->label);
}

static gboolean
check_entry (const char  *case_id,
             const char  *kind,
             const char  *author,
             const char  *body,
             GError     **error)
{
  if (!dossier_model_is_uuid (case_id))
    g_set_error_literal (error, DOSSIER_ACTIVITY_ERROR, DOSSIER_ACTIVITY_ERROR_NO_CASE,
                         _("Save the case before writing in its activity log"));
  else if (dossier_activity_kind_lookup (kind) == NULL)
    g_set_error (error, DOSSIER_ACTIVITY_ERROR, DOSSIER_ACTIVITY_ERROR_UNKNOWN_KIND,
                 _("“%s” is not a kind of activity"), kind != NULL ? kind : "");
  else if (author == NULL || *author == '\0')
    g_set_error_literal (error, DOSSIER_ACTIVITY_ERROR, DOSSIER_ACTIVITY_ERROR_NO_AUTHOR,
                         _("Enter your name in Preferences to sign activity entries"));
  else if (body == NULL || *body == '\0')
    g_set_error_literal (error, DOSSIER_ACTIVITY_ERROR, DOSSIER_ACTIVITY_ERROR_EMPTY_BODY,
                         _("Write what happened"));
  else
    return TRUE;
  return FALSE;
}

JsonObject *
dossier_activity_entry_new (const char  *case_id,
                            const char  *kind,
                            const char  *author,
                            const char  *body,
                            GDateTime   *occurred_at,
                            GError     **error)
{
  g_autofree char *clean_author = g_strstrip (g_strdup (author != NULL ? author : ""));
  g_autofree char *clean_body = g_strstrip (g_strdup (body != NULL ? body : ""));
  g_autofree char *stamp = NULL;
  JsonObject *entry;

  g_return_val_if_fail (occurred_at != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_entry (case_id, kind, clean_author, clean_body, error))
    return NULL;

  stamp = dossier_timestamp_format_utc (occurred_at);
  entry = json_object_new ();
  json_object_set_string_member (entry, "case_id", case_id);
  json_object_set_string_member (entry, "kind", kind);
  json_object_set_string_member (entry, "author", clean_author);
  json_object_set_string_member (entry, "occurred_at", stamp);
  json_object_set_string_member (entry, "body", clean_body);
  return entry;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

static gint
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  JsonObject *entry_a = *(JsonObject **) a;
  JsonObject *entry_b = *(JsonObject **) b;
  g_autoptr(GDateTime) time_a = dossier_timestamp_parse (get_string (entry_a, "occurred_at"));
  g_autoptr(GDateTime) time_b = dossier_timestamp_parse (get_string (entry_b, "occurred_at"));

  if (time_a != NULL && time_b == NULL)
    return -1;
  if (time_a == NULL && time_b != NULL)
    return 1;
  if (time_a != NULL && time_b != NULL && !g_date_time_equal (time_a, time_b))
    return g_date_time_compare (time_b, time_a);

  return g_strcmp0 (get_string (entry_a, "id"), get_string (entry_b, "id"));
}

void
dossier_activity_entries_sort (GPtrArray *entries)
{
  g_return_if_fail (entries != NULL);

  g_ptr_array_sort (entries, compare_newest_first);
}
