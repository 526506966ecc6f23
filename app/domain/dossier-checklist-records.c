/* dossier-checklist-records.c: checklist items and attachments as replica records.
 *
 * Every rule comes from dossier-checklist.c: an item added by hand is
 * generated like a policy note's item so that it gets the same defaults, and
 * a change of state is checked by the same state machine the tests pin down.
 */
#include "dossier-checklist-records.h"

#include "dossier-date.h"
#include "dossier-model.h"
#include "dossier-replica.h"
#include "dossier-timestamp.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char * const custody_values[] = {
  "client", "office_safe", "courier", "consulate", NULL,
};

static const char * const custody_labels[] = {
  N_("With the client"), N_("In the office safe"), N_("With the courier"),
  N_("At the consulate"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (custody_values) == G_N_ELEMENTS (custody_labels) + 1);

const char * const *
dossier_custody_get_all (void)
{
  return custody_values;
}

const char *
dossier_custody_get_label (const char *custody)
{
  for (guint i = 0; custody != NULL && custody_values[i] != NULL; i++)
    {
      if (strcmp (custody, custody_values[i]) == 0)
        return _(custody_labels[i]);
    }
  return NULL;
}

const char *
dossier_requirement_get_label (const char *requirement)
{
  if (requirement == NULL || strcmp (requirement, "required") == 0)
    return _("Required");
  if (strcmp (requirement, "optional") == 0)
    return _("Optional");
  if (strcmp (requirement, "not_applicable") == 0)
    return _("Not applicable");
  return NULL;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

/* 2 for the case's own visa type, 1 for a note covering every type, 0 for another type. */
static gint
note_rank (JsonObject *note,
           const char *visa_type)
{
  const char *note_type = get_string (note, "visa_type");

  if (note_type == NULL || *note_type == '\0')
    return 1;
  return visa_type != NULL && strcmp (note_type, visa_type) == 0 ? 2 : 0;
}

static gboolean
note_is_newer (JsonObject *note,
               JsonObject *than)
{
  gint order = g_strcmp0 (get_string (note, "effective_date"), get_string (than, "effective_date"));

  if (order != 0)
    return order > 0;
  return json_object_get_int_member_with_default (note, "version", 0)
         > json_object_get_int_member_with_default (than, "version", 0);
}

JsonObject *
dossier_policy_note_pick (GPtrArray  *notes,
                          const char *visa_type)
{
  JsonObject *best = NULL;
  gint best_rank = 0;

  g_return_val_if_fail (notes != NULL, NULL);

  for (guint i = 0; i < notes->len; i++)
    {
      JsonObject *note = g_ptr_array_index (notes, i);
      gint rank = note_rank (note, visa_type);

      if (rank == 0 || rank < best_rank)
        continue;
      if (best == NULL || rank > best_rank || note_is_newer (note, best))
        {
          best = note;
          best_rank = rank;
        }
    }
  return best;
}

/* The generator writes flags as 0/1; the replica's model says which are booleans. */
static JsonObject *
record_from_generated (JsonObject *item,
                       const char *case_id)
{
  const DossierKindSpec *spec = dossier_model_lookup_kind ("checklist_item", NULL);
  JsonObject *record = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, item);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const DossierFieldSpec *field = dossier_kind_spec_lookup_field (spec, name);

      if (field != NULL && field->type == DOSSIER_FIELD_BOOLEAN && JSON_NODE_HOLDS_VALUE (value)
          && json_node_get_value_type (value) == G_TYPE_INT64)
        json_object_set_boolean_member (record, name, json_node_get_int (value) != 0);
      else
        json_object_set_member (record, name, json_node_copy (value));
    }
  json_object_set_string_member (record, "case_id", case_id);
  return record;
}

GPtrArray *
dossier_checklist_generated_to_edits (GPtrArray  *items,
                                      const char *case_id)
{
  GPtrArray *edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);

  g_return_val_if_fail (items != NULL, edits);
  g_return_val_if_fail (dossier_model_is_uuid (case_id), edits);

  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(JsonObject) record = record_from_generated (g_ptr_array_index (items, i), case_id);

      g_ptr_array_add (edits, dossier_edit_new ("checklist_item", NULL, record));
    }
  return edits;
}

guint
dossier_checklist_due_in_days (const char  *travel_from,
                               gint64       processing_days,
                               const GDate *today)
{
  GDate latest;
  gint days;

  g_return_val_if_fail (today != NULL && g_date_valid (today), DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS);

  if (!dossier_date_parse_iso (travel_from, &latest))
    return DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS;

  /* The documents go in, then the authority needs its processing time. */
  days = dossier_date_days_between (today, &latest) - (gint) CLAMP (processing_days, 0, 3650);
  return (guint) CLAMP (days, 0, DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS);
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *copy == '\0';
}

/* A policy note's requirements naming just this one document. */
static char *
single_requirement (const char *kind,
                    const char *title)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonObject *spec = json_object_new ();

  json_object_set_string_member (spec, "kind", kind);
  if (!is_blank (title))
    {
      g_autofree char *clean = g_strstrip (g_strdup (title));

      json_object_set_string_member (spec, "title", clean);
    }
  json_array_add_object_element (array, spec);
  json_node_set_array (root, array);
  return json_to_string (root, FALSE);
}

JsonObject *
dossier_checklist_item_new (const char  *case_id,
                            const char  *kind,
                            const char  *title,
                            gint64       position,
                            const GDate *today,
                            guint        due_in_days,
                            GError     **error)
{
  g_autofree char *requirements = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (dossier_model_is_uuid (case_id), NULL);
  g_return_val_if_fail (kind != NULL || !is_blank (title), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  if (kind == NULL)
    kind = DOSSIER_CHECKLIST_KIND_OTHER;
  requirements = single_requirement (kind, title);
  items = dossier_checklist_generate (requirements, NULL, today, due_in_days, error);
  if (items == NULL)
    return NULL;

  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (get_string (item, "kind"), kind) == 0)
        {
          JsonObject *record = record_from_generated (item, case_id);

          json_object_set_int_member (record, "position", position);
          return record;
        }
    }
  g_return_val_if_reached (NULL);
}

void
dossier_checklist_item_get_pipeline (JsonObject          *item,
                                     DossierItemPipeline *out_pipeline)
{
  g_return_if_fail (item != NULL && out_pipeline != NULL);

  out_pipeline->received_on = get_string (item, "received_on");
  out_pipeline->translator = get_string (item, "translator");
  out_pipeline->translated_on = get_string (item, "translated_on");
  out_pipeline->reviewer = get_string (item, "reviewer");
  out_pipeline->reviewed_on = get_string (item, "reviewed_on");
  out_pipeline->notarized_on = get_string (item, "notarized_on");
  out_pipeline->legalization = get_string (item, "legalization");
  out_pipeline->legalized_on = get_string (item, "legalized_on");
}

/* Asking again gives the client a fresh delay, never a shorter one. */
static void
set_new_request (JsonObject  *fields,
                 JsonObject  *item,
                 const GDate *today,
                 const char  *today_text)
{
  GDate due = *today, current;
  g_autofree char *due_text = NULL;

  g_date_add_days (&due, DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS);
  if (dossier_date_parse_iso (get_string (item, "due_date"), &current)
      && g_date_compare (&current, &due) > 0)
    due = current;
  due_text = dossier_date_format_iso (&due);
  json_object_set_string_member (fields, "requested_on", today_text);
  json_object_set_string_member (fields, "due_date", due_text);
}

static gboolean
check_receipt (JsonObject  *item,
               const char  *today_text,
               GError     **error)
{
  DossierItemPipeline pipeline;

  dossier_checklist_item_get_pipeline (item, &pipeline);
  pipeline.received_on = today_text;
  return dossier_checklist_item_check_pipeline (&pipeline, error);
}

JsonObject *
dossier_checklist_item_transition (JsonObject  *item,
                                   const char  *to_state,
                                   const char  *reason,
                                   const GDate *today,
                                   GError     **error)
{
  const char *from_state = get_string (item, "state");
  g_autofree char *today_text = NULL;
  g_autoptr(JsonObject) fields = NULL;

  g_return_val_if_fail (item != NULL && to_state != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  /* An item written before it had a state was asked for, nothing more. */
  if (from_state == NULL)
    from_state = dossier_item_state_to_string (DOSSIER_ITEM_STATE_REQUESTED);
  if (!dossier_checklist_item_check_transition (get_string (item, "requirement"), from_state,
                                                to_state, reason, error))
    return NULL;

  today_text = dossier_date_format_iso (today);
  fields = json_object_new ();
  json_object_set_string_member (fields, "state", to_state);
  if (strcmp (to_state, "received") == 0)
    {
      if (!check_receipt (item, today_text, error))
        return NULL;
      json_object_set_string_member (fields, "received_on", today_text);
    }
  else if (strcmp (to_state, "verified") == 0)
    {
      json_object_set_string_member (fields, "verified_on", today_text);
      json_object_set_null_member (fields, "rejection_reason");
    }
  else if (strcmp (to_state, "rejected") == 0)
    {
      g_autofree char *clean = g_strstrip (g_strdup (reason));

      json_object_set_string_member (fields, "rejection_reason", clean);
    }
  else if (strcmp (to_state, "requested") == 0)
    set_new_request (fields, item, today, today_text);
  return g_steal_pointer (&fields);
}

DossierDueStatus
dossier_checklist_item_due_status (JsonObject  *item,
                                   const GDate *today,
                                   guint        soon_days)
{
  GDate due;
  gint days_left;

  g_return_val_if_fail (item != NULL, DOSSIER_DUE_STATUS_NONE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), DOSSIER_DUE_STATUS_NONE);

  /* The due date is the client's: once the office has the document, or
   * needs none, nothing is late.  A rejected document is awaited again. */
  if (g_strcmp0 (get_string (item, "requirement"), "not_applicable") == 0
      || g_strcmp0 (get_string (item, "state"), "received") == 0
      || g_strcmp0 (get_string (item, "state"), "verified") == 0
      || !dossier_date_parse_iso (get_string (item, "due_date"), &due))
    return DOSSIER_DUE_STATUS_NONE;

  days_left = dossier_date_days_between (today, &due);
  if (days_left < 0)
    return DOSSIER_DUE_STATUS_OVERDUE;
  return days_left <= (gint) soon_days ? DOSSIER_DUE_STATUS_SOON : DOSSIER_DUE_STATUS_LATER;
}

const char *
dossier_checklist_pipeline_error_field (const GError *error)
{
  if (error == NULL || error->domain != DOSSIER_CHECKLIST_ERROR)
    return NULL;

  switch (error->code)
    {
    case DOSSIER_CHECKLIST_ERROR_MISSING_TRANSLATOR:
      return "translator";
    case DOSSIER_CHECKLIST_ERROR_MISSING_REVIEWER:
    case DOSSIER_CHECKLIST_ERROR_SAME_REVIEWER:
      return "reviewer";
    case DOSSIER_CHECKLIST_ERROR_REVIEW_BEFORE_TRANSLATION:
      return "reviewed_on";
    case DOSSIER_CHECKLIST_ERROR_NOTARIZED_BEFORE_RECEIPT:
      return "notarized_on";
    case DOSSIER_CHECKLIST_ERROR_LEGALIZED_BEFORE_RECEIPT:
    case DOSSIER_CHECKLIST_ERROR_INVALID_LEGALIZATION:
      return "legalized_on";
    default:
      return NULL;
    }
}

JsonObject *
dossier_attachment_record_new (const char *case_id,
                               const char *checklist_item_id,
                               const char *sha256,
                               const char *file_name,
                               const char *content_type,
                               gint64      size,
                               GDateTime  *added_at)
{
  g_autofree char *base_name = NULL;
  g_autofree char *stamp = NULL;
  JsonObject *record;

  g_return_val_if_fail (dossier_model_is_uuid (case_id), NULL);
  g_return_val_if_fail (dossier_model_is_uuid (checklist_item_id), NULL);
  g_return_val_if_fail (sha256 != NULL && strlen (sha256) == 64, NULL);
  g_return_val_if_fail (file_name != NULL && size >= 0 && added_at != NULL, NULL);

  base_name = g_path_get_basename (file_name);
  stamp = dossier_timestamp_format_utc (added_at);
  record = json_object_new ();
  json_object_set_string_member (record, "case_id", case_id);
  json_object_set_string_member (record, "checklist_item_id", checklist_item_id);
  json_object_set_string_member (record, "sha256", sha256);
  json_object_set_string_member (record, "file_name", base_name);
  if (content_type != NULL)
    json_object_set_string_member (record, "content_type", content_type);
  json_object_set_int_member (record, "size", size);
  json_object_set_string_member (record, "added_at", stamp);
  return record;
}
