/* dossier-duplicate-finder.c: the queries behind the duplicate warning.
 *
 * The queries run one after the other on the replica's worker; the first
 * candidate the domain rule accepts wins, and its case is looked up last.
 */

#include "dossier-checks.h"
#include "dossier-duplicate-finder.h"

/* A common family name has many holders; the first ones are enough to warn. */
#define CANDIDATES_PER_QUERY 50

typedef struct
{
  DossierReplica *replica;
  JsonObject     *applicant;
  char           *own_id;
  GPtrArray      *queries;      /* field, value, field, value... still to run */
  GHashTable     *candidates;   /* id -> JsonObject */
  GPtrArray      *order;        /* candidate ids, in the order found */
  JsonObject     *match;
} FindData;

static void
find_data_free (FindData *data)
{
  g_object_unref (data->replica);
  json_object_unref (data->applicant);
  g_free (data->own_id);
  g_ptr_array_unref (data->queries);
  g_hash_table_unref (data->candidates);
  g_ptr_array_unref (data->order);
  g_clear_pointer (&data->match, json_object_unref);
  g_free (data);
}

static void
fill_key (DossierPersonKey *key,
          JsonObject       *applicant)
{
  key->passport_number = json_object_get_string_member_with_default (applicant, "passport_number", NULL);
  key->family_name = json_object_get_string_member_with_default (applicant, "family_name", NULL);
  key->given_names = json_object_get_string_member_with_default (applicant, "given_names", NULL);
  key->birth_date = json_object_get_string_member_with_default (applicant, "birth_date", NULL);
}

static JsonObject *
first_duplicate (FindData *data)
{
  DossierPersonKey mine;

  fill_key (&mine, data->applicant);
  for (guint i = 0; i < data->order->len; i++)
    {
      JsonObject *other = g_hash_table_lookup (data->candidates, data->order->pdata[i]);
      DossierPersonKey theirs;

      fill_key (&theirs, other);
      if (dossier_applicants_are_duplicates (&mine, &theirs))
        return other;
    }
  return NULL;
}

static void
case_found_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) cases = NULL;
  GError *error = NULL;

  cases = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (cases == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, cases->len > 0 ? json_object_ref (cases->pdata[0]) : NULL,
                         (GDestroyNotify) json_object_unref);
}

static void run_next_query (GTask *task);

static void
candidates_listed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) applicants = NULL;
  GError *error = NULL;

  applicants = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (applicants == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < applicants->len; i++)
    {
      JsonObject *other = applicants->pdata[i];
      const char *id = json_object_get_string_member (other, "id");

      if (g_strcmp0 (id, data->own_id) == 0 || g_hash_table_contains (data->candidates, id))
        continue;
      g_hash_table_insert (data->candidates, g_strdup (id), json_object_ref (other));
      g_ptr_array_add (data->order, g_strdup (id));
    }
  run_next_query (g_steal_pointer (&task));
}

static void
run_next_query (GTask *task)
{
  FindData *data = g_task_get_task_data (task);
  const char *field, *value;
  JsonObject *match;

  if (data->queries->len > 0)
    {
      field = data->queries->pdata[0];
      value = data->queries->pdata[1];
      dossier_replica_list_async (data->replica, "applicant", field, value, NULL,
                                  CANDIDATES_PER_QUERY, g_task_get_cancellable (task),
                                  candidates_listed_cb, task);
      g_ptr_array_remove_range (data->queries, 0, 2);
      return;
    }

  match = first_duplicate (data);
  if (match == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  data->match = json_object_ref (match);
  dossier_replica_list_async (data->replica, "case", "applicant_id",
                              json_object_get_string_member (match, "id"), NULL, 1,
                              g_task_get_cancellable (task), case_found_cb, task);
}

static void
add_query (FindData   *data,
           const char *field,
           const char *value)
{
  g_ptr_array_add (data->queries, g_strdup (field));
  g_ptr_array_add (data->queries, g_strdup (value));
}

/**
 * dossier_duplicate_finder_run_async:
 * @replica: the replica
 * @applicant: the applicant's fields as entered
 * @own_id: (nullable): the applicant's own id, so it does not match itself
 */
void
dossier_duplicate_finder_run_async (DossierReplica      *replica,
                                    JsonObject          *applicant,
                                    const char          *own_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  FindData *data = g_new0 (FindData, 1);
  const char *family = json_object_get_string_member_with_default (applicant, "family_name", NULL);
  g_autofree char *passport = dossier_normalize_passport_number (
    json_object_get_string_member_with_default (applicant, "passport_number", NULL));
  g_autofree char *family_upper = family != NULL ? g_utf8_strup (family, -1) : NULL;

  g_task_set_source_tag (task, dossier_duplicate_finder_run_async);
  data->replica = g_object_ref (replica);
  data->applicant = json_object_ref (applicant);
  data->own_id = g_strdup (own_id);
  data->queries = g_ptr_array_new_with_free_func (g_free);
  data->candidates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
  data->order = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);

  if (passport != NULL && *passport != '\0')
    add_query (data, "passport_number", passport);
  if (family != NULL && *family != '\0')
    add_query (data, "family_name", family);
  if (family != NULL && *family != '\0' && g_strcmp0 (family, family_upper) != 0)
    add_query (data, "family_name", family_upper);
  run_next_query (task);
}

/**
 * dossier_duplicate_finder_run_finish:
 * @out_applicant: (out) (transfer full) (nullable): the other applicant, or %NULL
 * @out_case: (out) (transfer full) (nullable): one of their cases, or %NULL
 *
 * Returns: %FALSE with @error set if the replica could not be read
 */
gboolean
dossier_duplicate_finder_run_finish (GAsyncResult  *result,
                                     JsonObject   **out_applicant,
                                     JsonObject   **out_case,
                                     GError       **error)
{
  FindData *data = g_task_get_task_data (G_TASK (result));
  GError *local_error = NULL;
  JsonObject *found_case = g_task_propagate_pointer (G_TASK (result), &local_error);

  *out_applicant = NULL;
  *out_case = NULL;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  *out_applicant = data->match != NULL ? json_object_ref (data->match) : NULL;
  *out_case = found_case;
  return TRUE;
}
