/* dossier-live-format.c: see dossier-live-format.h.  Only renames and
 * derivations live here: whether a change is well formed is decided on the
 * full form, by the same code as for HTTP. */

#include "dossier-json-text.h"
#include "dossier-live-format.h"
#include "dossier-sync-client.h"

#include <string.h>

/* Full name, short name.  "id", "device" and "base_device" are special. */
static const char *const renames[][2] = {
  { "kind", "t" },
  { "record", "r" },
  { "field", "f" },
  { "value", "v" },
  { "hlc", "h" },
  { "base_hlc", "b" },
  { "resolves", "x" },
  { "scope", "s" },
  { "seq", "q" },
};

static const char *
short_name (const char *full)
{
  for (guint i = 0; i < G_N_ELEMENTS (renames); i++)
    if (strcmp (renames[i][0], full) == 0)
      return renames[i][1];
  return NULL;
}

static const char *
full_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (renames); i++)
    if (strcmp (renames[i][1], name) == 0)
      return renames[i][0];
  return NULL;
}

/* Where a scope stands in the channel's list, or -1. */
static gint
scope_index (const char *const *scopes,
             JsonNode          *node)
{
  const char *scope;

  if (scopes == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return -1;
  scope = json_node_get_string (node);
  for (guint i = 0; scopes[i] != NULL; i++)
    if (strcmp (scopes[i], scope) == 0)
      return (gint) i;
  return -1;
}

/* The device part of "device:counter" (NULL when there is no colon). */
static char *
device_of_id (const char *id)
{
  const char *colon = id ? strrchr (id, ':') : NULL;

  return colon ? g_strndup (id, colon - id) : NULL;
}

/**
 * dossier_live_change_compact:
 * @full: a change in the form of PROTOCOL.md (a pull's change may carry "seq")
 * @implied_device: (nullable): the device the receiver assumes: an id of
 *   that device travels as its counter alone
 * @scopes: (nullable): the channel's scopes (its first frame's "s"): a
 *   scope among them travels as its index
 *
 * Returns: (transfer full): the compact form
 */
JsonObject *
dossier_live_change_compact (JsonObject        *full,
                             const char        *implied_device,
                             const char *const *scopes)
{
  JsonObject *compact = json_object_new ();
  g_autoptr(JsonObject) unknown = json_object_new ();
  const char *id = dossier_json_string_member (full, "id");
  const char *device = dossier_json_string_member (full, "device");
  const char *base_device = dossier_json_string_member (full, "base_device");
  g_autofree char *id_device = device_of_id (id);
  g_autoptr(GList) members = json_object_get_members (full);
  gint64 counter;

  if (id != NULL && implied_device != NULL && g_strcmp0 (id_device, implied_device) == 0
      && g_ascii_string_to_signed (id + strlen (id_device) + 1, 10, 1, G_MAXINT64, &counter, NULL))
    json_object_set_int_member (compact, "i", counter);
  else if (id != NULL)
    json_object_set_string_member (compact, "i", id);
  /* What cannot be derived travels, under its full name when odd. */
  if (device != NULL && g_strcmp0 (device, id_device) != 0)
    json_object_set_string_member (compact, "d", device);
  if (base_device != NULL && g_strcmp0 (base_device, device) != 0)
    json_object_set_string_member (compact, "bd", base_device);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *to = short_name (name);
      JsonNode *node = json_object_get_member (full, name);

      if (strcmp (name, "id") == 0 || strcmp (name, "device") == 0
          || strcmp (name, "base_device") == 0 || strcmp (name, "protocol") == 0)
        continue;
      if (strcmp (name, "scope") == 0 && scope_index (scopes, node) >= 0)
        json_object_set_int_member (compact, "s", scope_index (scopes, node));
      else if (to != NULL)
        json_object_set_member (compact, to, json_node_copy (node));
      else
        json_object_set_member (unknown, name, json_node_copy (node));
    }
  if (json_object_get_size (unknown) > 0)
    json_object_set_object_member (compact, "u", g_steal_pointer (&unknown));
  return compact;
}

static gboolean
invalid (GError    **error,
         const char *what)
{
  g_set_error (error, DOSSIER_SYNC_ERROR, DOSSIER_SYNC_ERROR_PROTOCOL,
               "A live change’s “%s” is not well formed", what);
  return FALSE;
}

static gboolean
expand_id (JsonObject  *compact,
           JsonObject  *full,
           const char  *implied_device,
           char       **out_device,
           GError     **error)
{
  JsonNode *node = json_object_get_member (compact, "i");
  const char *device = dossier_json_string_member (compact, "d");
  g_autofree char *id = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return invalid (error, "i");
  if (json_node_get_value_type (node) == G_TYPE_INT64 && implied_device != NULL
      && json_node_get_int (node) > 0)
    id = g_strdup_printf ("%s:%" G_GINT64_FORMAT, implied_device, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    id = g_strdup (json_node_get_string (node));
  else
    return invalid (error, "i");
  *out_device = device ? g_strdup (device) : device_of_id (id);
  if (*out_device == NULL)
    return invalid (error, "i");
  json_object_set_string_member (full, "id", id);
  json_object_set_string_member (full, "device", *out_device);
  return TRUE;
}

/**
 * dossier_live_change_expand:
 * @compact: a change as a live frame carries it
 * @implied_device: (nullable): the device an id given as a bare counter belongs to
 * @scopes: (nullable): the channel's scopes, which a scope given as a number indexes
 *
 * Returns: (transfer full) (nullable): the full form of PROTOCOL.md, to be
 *   checked as any other; NULL when even that cannot be made
 */
JsonObject *
dossier_live_change_expand (JsonObject         *compact,
                            const char         *implied_device,
                            const char *const  *scopes,
                            GError            **error)
{
  g_autoptr(JsonObject) full = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (compact);
  g_autofree char *device = NULL;
  JsonNode *base_device = json_object_get_member (compact, "bd");
  JsonNode *unknown = json_object_get_member (compact, "u");

  if (!expand_id (compact, full, implied_device, &device, error))
    return NULL;
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *to = full_name (name);

      JsonNode *node = json_object_get_member (compact, name);

      if (strcmp (name, "s") == 0 && JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_INT64)
        {
          gint64 index = json_node_get_int (node);

          if (scopes == NULL || index < 0 || index >= g_strv_length ((GStrv) scopes))
            {
              invalid (error, name);
              return NULL;
            }
          json_object_set_string_member (full, "scope", scopes[index]);
        }
      else if (to != NULL)
        json_object_set_member (full, to, json_node_copy (node));
      else if (strcmp (name, "i") != 0 && strcmp (name, "d") != 0 && strcmp (name, "bd") != 0
               && strcmp (name, "u") != 0)
        {
          invalid (error, name);
          return NULL;
        }
    }
  if (base_device != NULL)
    json_object_set_member (full, "base_device", json_node_copy (base_device));
  else if (json_object_has_member (full, "base_hlc"))
    json_object_set_string_member (full, "base_device", device);
  if (unknown != NULL && !JSON_NODE_HOLDS_OBJECT (unknown))
    {
      invalid (error, "u");
      return NULL;
    }
  if (unknown != NULL)
    {
      JsonObject *extra = json_node_get_object (unknown);
      g_autoptr(GList) names = json_object_get_members (extra);

      /* Unknown members never overwrite known ones. */
      for (GList *l = names; l != NULL; l = l->next)
        if (!json_object_has_member (full, l->data))
          json_object_set_member (full, l->data,
                                  json_node_copy (json_object_get_member (extra, l->data)));
    }
  return g_steal_pointer (&full);
}

/**
 * dossier_live_close_reason:
 *
 * Returns: (transfer full): the JSON reason of a close frame, which holds at
 *   most 123 bytes: the error code only
 */
char *
dossier_live_close_reason (const char *code)
{
  return g_strdup_printf ("{\"protocol\":1,\"code\":\"%s\"}", code);
}

/**
 * dossier_live_reason_code:
 * @reason: (nullable): a close frame's reason
 *
 * Returns: (transfer full) (nullable): the error code in it
 */
char *
dossier_live_reason_code (const char *reason)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  const char *code;

  if (reason == NULL || dossier_json_text_check (reason, strlen (reason)) != NULL
      || !json_parser_load_from_data (parser, reason, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (code = dossier_json_string_member (json_node_get_object (root), "code")) == NULL)
    return NULL;
  return g_strdup (code);
}
