/* dossier-json-text.c: JSON text checked before json-glib parses it.
 *
 * json-glib parses recursively, on the stack of the calling thread, and
 * keeps strings as C strings.  A text nested deeper than a few thousand
 * levels (a few hundred kilobytes of "[" are enough) overflows that stack and
 * kills the process; a "\u0000" escape cuts its string short, so that a
 * password, an id or a value is silently taken for a shorter one.  The
 * server refuses such a request body, and the client such an answer (a
 * hostile or broken server must not crash the application).
 */

#include <string.h>

#include "dossier-json-text.h"

/**
 * dossier_json_text_check:
 * @data: JSON text
 * @length: its length in bytes
 *
 * Returns: (nullable): why the text is refused, or %NULL when json-glib may parse it
 */
const char *
dossier_json_text_check (const char *data,
                         gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string && c == '\\')
        {
          if (i + 5 < length && data[i + 1] == 'u' && memcmp (data + i + 2, "0000", 4) == 0)
            return "Strings must not contain U+0000";
          i++;   /* the escaped character, which may be a quote */
        }
      else if (c == '"')
        in_string = !in_string;
      else if (!in_string && (c == '[' || c == '{') && ++depth > DOSSIER_JSON_MAX_DEPTH)
        return "The JSON is nested too deeply";
      else if (!in_string && (c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return NULL;
}

/* A member's text, or NULL when it is missing or not a string (where
 * json_object_get_string_member() would warn on an array or an object that
 * a peer sent). */
const char *
dossier_json_string_member (JsonObject *object,
                            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}
