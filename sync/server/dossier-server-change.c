/* dossier-server-change.c: checks one pushed change and keeps it whole.
 *
 * Only the members the server and the merge rule rely on are checked, and
 * only for their shape: the server keeps an ordered log and clients merge,
 * so a kind or field this server does not know yet (from a newer client) is
 * kept, like any unknown member.
 */

#include "dossier-server-change.h"
#include "dossier-server-store.h"

#include <string.h>

#define MAX_ID_LENGTH   200
#define MAX_NAME_LENGTH 64

void
dossier_server_change_free (DossierServerChange *change)
{
  if (change == NULL)
    return;
  g_free (change->id);
  g_free (change->kind);
  g_free (change->record);
  g_free (change->field);
  g_free (change->scope);
  g_free (change->device);
  g_free (change->json);
  g_free (change);
}

static gboolean invalid (GError     **error,
                         const char  *format,
                         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
                       message);
  return FALSE;
}

/* A member that must be a string: its value, or NULL with an error. */
static const char *
get_string (JsonObject  *object,
            const char  *member,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return invalid (error, "A change has no “%s”", member), NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, "A change’s “%s” is not a string", member), NULL;
  return json_node_get_string (node);
}

/* Lower-case identifiers, as the model's kinds and fields ("_deleted" too). */
static gboolean
is_name (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > MAX_NAME_LENGTH || g_ascii_isdigit (text[0]))
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

/* Printable ASCII without spaces: ids travel in URLs, logs and SQL. */
static gboolean
is_token (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > MAX_ID_LENGTH)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (*p <= ' ' || *p > '~')
      return FALSE;
  return TRUE;
}

static gboolean
is_hlc (const char *text)
{
  DossierHlc hlc;

  return dossier_hlc_from_string (text, &hlc, NULL);
}

/* A member that may be absent or null, else a string that passes `check`. */
static gboolean
check_optional (JsonObject  *object,
                const char  *member,
                gboolean   (*check) (const char *),
                gboolean    *out_present,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, "A change’s “%s” is not a string", member);
  if (!check (json_node_get_string (node)))
    return invalid (error, "A change’s “%s” is not valid", member);
  *out_present = TRUE;
  return TRUE;
}

static gboolean
check_base (JsonObject  *object,
            GError     **error)
{
  gboolean has_hlc, has_device;

  if (!check_optional (object, "base_hlc", is_hlc, &has_hlc, error)
      || !check_optional (object, "base_device", is_token, &has_device, error))
    return FALSE;
  if (has_hlc != has_device)
    return invalid (error, "A change has “%s” without the other half of its base",
                    has_hlc ? "base_hlc" : "base_device");
  return TRUE;
}

static gboolean
is_version_pair (JsonNode *node)
{
  JsonArray *pair;
  JsonNode *hlc, *device;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  pair = json_node_get_array (node);
  if (json_array_get_length (pair) != 2)
    return FALSE;
  hlc = json_array_get_element (pair, 0);
  device = json_array_get_element (pair, 1);
  return JSON_NODE_HOLDS_VALUE (hlc) && json_node_get_value_type (hlc) == G_TYPE_STRING
         && is_hlc (json_node_get_string (hlc))
         && JSON_NODE_HOLDS_VALUE (device) && json_node_get_value_type (device) == G_TYPE_STRING
         && is_token (json_node_get_string (device));
}

static gboolean
check_resolves (JsonObject  *object,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, "resolves");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "A change’s “%s” is not a list", "resolves");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!is_version_pair (json_array_get_element (array, i)))
      return invalid (error, "A change’s “%s” holds something other than [hlc, device]",
                      "resolves");
  return TRUE;
}

/* "device:counter", the counter a positive decimal number: the change's
 * own device.  An id naming another device would be taken, when that device
 * sent its own change of that id, for a copy of it, and its change lost. */
static gboolean
is_id_of_device (const char *id,
                 const char *device)
{
  gsize length = strlen (device);
  const char *counter = id + length + 1;

  if (strncmp (id, device, length) != 0 || id[length] != ':' || *counter < '1' || *counter > '9')
    return FALSE;
  for (; *counter != '\0'; counter++)
    if (!g_ascii_isdigit (*counter))
      return FALSE;
  return TRUE;
}

/* Checks the members the server indexes and copies them out. */
static gboolean
extract_members (JsonObject           *object,
                 DossierServerChange  *change,
                 GError              **error)
{
  const char *id, *kind, *record, *field, *hlc, *device, *scope;

  if ((id = get_string (object, "id", error)) == NULL
      || (kind = get_string (object, "kind", error)) == NULL
      || (record = get_string (object, "record", error)) == NULL
      || (field = get_string (object, "field", error)) == NULL
      || (hlc = get_string (object, "hlc", error)) == NULL
      || (device = get_string (object, "device", error)) == NULL
      || (scope = get_string (object, "scope", error)) == NULL)
    return FALSE;

  if (!is_token (id))
    return invalid (error, "A change’s “%s” is not valid", "id");
  if (!is_name (kind))
    return invalid (error, "A change’s “%s” is not valid", "kind");
  if (!g_uuid_string_is_valid (record))
    return invalid (error, "A change’s “%s” is not a UUID", "record");
  if (!is_name (field))
    return invalid (error, "A change’s “%s” is not valid", "field");
  if (!dossier_hlc_from_string (hlc, &change->hlc, NULL))
    return invalid (error, "A change’s “%s” is not 16 lower-case hex digits", "hlc");
  if (!is_token (device))
    return invalid (error, "A change’s “%s” is not valid", "device");
  if (!is_id_of_device (id, device))
    return invalid (error, "A change’s “id” must be its “device”, a colon and a counter");
  if (strcmp (scope, DOSSIER_SERVER_POLICY_SCOPE) != 0 && !g_uuid_string_is_valid (scope))
    return invalid (error, "A change’s “%s” is neither an office id nor “*”", "scope");
  if (!json_object_has_member (object, "value"))
    return invalid (error, "A change has no “%s”", "value");

  change->id = g_strdup (id);
  change->kind = g_strdup (kind);
  change->record = g_ascii_strdown (record, -1);
  change->field = g_strdup (field);
  change->device = g_strdup (device);
  change->scope = g_ascii_strdown (scope, -1);
  return TRUE;
}

/**
 * dossier_server_change_new_from_json:
 * @node: one element of a push's "changes"
 *
 * Returns: (transfer full): the change, or %NULL with
 *   %DOSSIER_SERVER_STORE_ERROR_INVALID saying what is wrong
 */
DossierServerChange *
dossier_server_change_new_from_json (JsonNode  *node,
                                     GError   **error)
{
  g_autoptr(DossierServerChange) change = g_new0 (DossierServerChange, 1);
  g_autoptr(JsonNode) copy = NULL;
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "A change is not an object"), NULL;
  object = json_node_get_object (node);
  if (!extract_members (object, change, error) || !check_base (object, error)
      || !check_resolves (object, error))
    return NULL;

  /* "seq" is the server's to give; a client's own would clash with it. */
  copy = json_node_copy (node);
  json_object_remove_member (json_node_get_object (copy), "seq");
  change->json = json_to_string (copy, FALSE);
  return g_steal_pointer (&change);
}
