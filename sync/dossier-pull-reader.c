/* dossier-pull-reader.c: reads a pull answer straight into DossierChanges.
 *
 * A first sync downloads every change the user may see: millions of small
 * JSON objects.  Building a json-glib tree of each (a node, a hash table
 * and a copy of every member) and then copying the members out again took
 * most of the time the client spent outside SQLite.  This reader walks the
 * text once and fills the changes directly; only a value that is a list or
 * an object (and `resolves`) is handed to json-glib.  It reads exactly the
 * answers PROTOCOL.md describes; anything else (malformed text, a number
 * json-glib would read otherwise) makes it give up, and the caller parses
 * the answer with json-glib as before, which also says what is wrong.
 */

#include "dossier-pull-reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  const char *p;
  const char *end;
  GString    *buffer;      /* the last string read, unescaped */
} Reader;

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static gboolean
expect (Reader *r,
        char    c)
{
  skip_space (r);
  if (r->p >= r->end || *r->p != c)
    return FALSE;
  r->p++;
  return TRUE;
}

static gboolean
peek (Reader *r,
      char    c)
{
  skip_space (r);
  return r->p < r->end && *r->p == c;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader   *r,
           gunichar *out)
{
  *out = 0;
  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int v = hex_value (r->p[i]);
      if (v < 0)
        return FALSE;
      *out = (*out << 4) | (gunichar) v;
    }
  r->p += 4;
  return TRUE;
}

static gboolean
read_escape (Reader *r)
{
  gunichar c, low;

  switch (*r->p++)
    {
    case '"': g_string_append_c (r->buffer, '"'); return TRUE;
    case '\\': g_string_append_c (r->buffer, '\\'); return TRUE;
    case '/': g_string_append_c (r->buffer, '/'); return TRUE;
    case 'b': g_string_append_c (r->buffer, '\b'); return TRUE;
    case 'f': g_string_append_c (r->buffer, '\f'); return TRUE;
    case 'n': g_string_append_c (r->buffer, '\n'); return TRUE;
    case 'r': g_string_append_c (r->buffer, '\r'); return TRUE;
    case 't': g_string_append_c (r->buffer, '\t'); return TRUE;
    case 'u':
      if (!read_hex4 (r, &c) || c == 0)
        return FALSE;
      if (c >= 0xd800 && c < 0xdc00)
        {
          if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
            return FALSE;
          r->p += 2;
          if (!read_hex4 (r, &low) || low < 0xdc00 || low >= 0xe000)
            return FALSE;
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        }
      else if (c >= 0xdc00 && c < 0xe000)
        return FALSE;
      g_string_append_unichar (r->buffer, c);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Bytes a string's plain run stops at: '"', '\\', control characters, and
 * (to check UTF-8 only where there is any) bytes of multi-byte characters. */
static const guint8 *
string_stops (void)
{
  static guint8 stops[256];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint c = 0; c < 256; c++)
        stops[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
      g_once_init_leave (&done, 1);
    }
  return stops;
}

/* A string, unescaped into r->buffer (valid UTF-8, no U+0000). */
static gboolean
read_string (Reader *r)
{
  const guint8 *stops = string_stops ();
  gboolean ascii = TRUE;   /* FALSE: UTF-8 to check */

  if (!expect (r, '"'))
    return FALSE;
  g_string_truncate (r->buffer, 0);
  while (r->p < r->end)
    {
      const char *start = r->p;

      /* Plain ASCII in one pass; then any multi-byte characters. */
      for (;;)
        {
          while (r->p < r->end && !stops[(guchar) *r->p])
            r->p++;
          if (r->p >= r->end || (guchar) *r->p < 0x80)
            break;
          ascii = FALSE;
          r->p++;
        }
      g_string_append_len (r->buffer, start, r->p - start);
      if (r->p >= r->end || (guchar) *r->p < 0x20)
        return FALSE;
      if (*r->p++ == '"')
        return ascii || g_utf8_validate (r->buffer->str, r->buffer->len, NULL);
      ascii = FALSE;   /* an escape may make any character */
      if (r->p >= r->end || !read_escape (r))
        return FALSE;
    }
  return FALSE;
}

static gboolean
skip_literal (Reader     *r,
              const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return FALSE;
  r->p += n;
  return TRUE;
}

/* A number as json-glib reads it: an integer if it has no fraction or
 * exponent, else a double.  FALSE for what strtoll/strtod would not read
 * the same way (overflow). */
static gboolean
read_number (Reader   *r,
             JsonNode *node)
{
  const char *start = r->p;
  gboolean is_double = FALSE;
  char text[64];
  char *end = NULL;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  while (r->p < r->end && ((*r->p >= '0' && *r->p <= '9') || *r->p == '.' || *r->p == 'e'
                           || *r->p == 'E' || *r->p == '+' || *r->p == '-'))
    {
      is_double |= *r->p == '.' || *r->p == 'e' || *r->p == 'E';
      r->p++;
    }
  if (r->p == start || r->p - start >= (int) sizeof text)
    return FALSE;
  memcpy (text, start, r->p - start);
  text[r->p - start] = '\0';
  if (is_double)
    {
      double value = g_ascii_strtod (text, &end);
      if (*end != '\0')
        return FALSE;
      json_node_init_double (node, value);
    }
  else
    {
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (text, &end, 10);
      if (*end != '\0' || errno != 0)
        return FALSE;
      json_node_init_int (node, value);
    }
  return TRUE;
}

/* Any value, skipped (nested to a reasonable depth). */
static gboolean
skip_value (Reader *r,
            guint   depth)
{
  skip_space (r);
  if (r->p >= r->end || depth > 64)
    return FALSE;
  if (*r->p == '"')
    return read_string (r);
  if (*r->p == '{' || *r->p == '[')
    {
      char close = *r->p == '{' ? '}' : ']';
      gboolean object = *r->p == '{';

      r->p++;
      if (peek (r, close))
        return expect (r, close);
      do
        {
          if (object && (!read_string (r) || !expect (r, ':')))
            return FALSE;
          if (!skip_value (r, depth + 1))
            return FALSE;
        }
      while (expect (r, ','));
      return expect (r, close);
    }
  if (*r->p == 't')
    return skip_literal (r, "true");
  if (*r->p == 'f')
    return skip_literal (r, "false");
  if (*r->p == 'n')
    return skip_literal (r, "null");
  {
    g_autoptr(JsonNode) number = json_node_alloc ();
    return read_number (r, number);
  }
}

/* Any value as a JsonNode: scalars here, lists and objects by json-glib. */
static JsonNode *
read_value (Reader *r)
{
  const char *start;
  g_autofree char *text = NULL;

  skip_space (r);
  if (r->p >= r->end)
    return NULL;
  switch (*r->p)
    {
    case '"':
      return read_string (r) ? json_node_init_string (json_node_alloc (), r->buffer->str) : NULL;
    case 't':
      return skip_literal (r, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return skip_literal (r, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return skip_literal (r, "null") ? json_node_init_null (json_node_alloc ()) : NULL;
    case '[':
    case '{':
      start = r->p;
      if (!skip_value (r, 0))
        return NULL;
      text = g_strndup (start, r->p - start);
      return json_from_string (text, NULL);
    default:
      {
        JsonNode *node = json_node_alloc ();
        if (read_number (r, node))
          return node;
        json_node_free (node);
        return NULL;
      }
    }
}

/* A string member's value, or NULL (kept absent) if it is not a string. */
static gboolean
read_string_member (Reader  *r,
                    char   **out)
{
  g_clear_pointer (out, g_free);
  if (!peek (r, '"'))
    return skip_value (r, 0);
  if (!read_string (r))
    return FALSE;
  *out = g_strndup (r->buffer->str, r->buffer->len);
  return TRUE;
}

static gboolean
read_int (Reader *r,
          gint64 *out)
{
  const char *start;
  guint64 value = 0;
  g_autoptr(JsonNode) node = NULL;

  /* Plain digits (every seq), read here; anything else as json-glib would. */
  skip_space (r);
  start = r->p;
  while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && value <= G_MAXINT64 / 10)
    value = value * 10 + (guint64) (*r->p++ - '0');
  if (r->p > start && value <= G_MAXINT64
      && (r->p >= r->end || strchr ("0123456789.eE+-", *r->p) == NULL || *r->p == '\0'))
    {
      *out = (gint64) value;
      return TRUE;
    }
  r->p = start;
  node = read_value (r);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

typedef enum
{
  MEMBER_OTHER,
  MEMBER_ID,
  MEMBER_KIND,
  MEMBER_RECORD,
  MEMBER_FIELD,
  MEMBER_DEVICE,
  MEMBER_BASE_DEVICE,
  MEMBER_SCOPE,
  MEMBER_HLC,
  MEMBER_BASE_HLC,
  MEMBER_SEQ,
  MEMBER_VALUE,
  MEMBER_RESOLVES,
} Member;

/* Which member of a change `name` is: its first letter leaves at most two
 * names to compare with (a chain of strcmp was a tenth of the reading). */
static Member
member_of (const char *name)
{
#define IS(text, member) if (strcmp (name, text) == 0) return member
  switch (name[0])
    {
    case 'i': IS ("id", MEMBER_ID); break;
    case 'k': IS ("kind", MEMBER_KIND); break;
    case 'r': IS ("record", MEMBER_RECORD); IS ("resolves", MEMBER_RESOLVES); break;
    case 'f': IS ("field", MEMBER_FIELD); break;
    case 'd': IS ("device", MEMBER_DEVICE); break;
    case 'b': IS ("base_device", MEMBER_BASE_DEVICE); IS ("base_hlc", MEMBER_BASE_HLC); break;
    case 's': IS ("scope", MEMBER_SCOPE); IS ("seq", MEMBER_SEQ); break;
    case 'h': IS ("hlc", MEMBER_HLC); break;
    case 'v': IS ("value", MEMBER_VALUE); break;
    default: break;
    }
#undef IS
  return MEMBER_OTHER;
}

static DossierChange *
read_change (Reader *r)
{
  g_autoptr(DossierChange) change = g_new0 (DossierChange, 1);
  g_autofree char *hlc = NULL;
  g_autofree char *base_hlc = NULL;
  gboolean has_value = FALSE;

  if (!expect (r, '{'))
    return NULL;
  if (!peek (r, '}'))
    do
      {
        /* Every member this reader knows has a short name: a longer one
         * is skipped unread, and the name costs no allocation. */
        char name[16] = "";
        gboolean ok;

        if (!read_string (r))
          return NULL;
        if (r->buffer->len < sizeof name)
          memcpy (name, r->buffer->str, r->buffer->len + 1);
        if (!expect (r, ':'))
          return NULL;
        switch (member_of (name))
          {
          case MEMBER_ID: ok = read_string_member (r, &change->change_id); break;
          case MEMBER_KIND: ok = read_string_member (r, &change->kind); break;
          case MEMBER_RECORD: ok = read_string_member (r, &change->record_id); break;
          case MEMBER_FIELD: ok = read_string_member (r, &change->field); break;
          case MEMBER_DEVICE: ok = read_string_member (r, &change->device); break;
          case MEMBER_BASE_DEVICE: ok = read_string_member (r, &change->base_device); break;
          case MEMBER_SCOPE: ok = read_string_member (r, &change->scope); break;
          case MEMBER_HLC: ok = read_string_member (r, &hlc); break;
          case MEMBER_BASE_HLC: ok = read_string_member (r, &base_hlc); break;
          case MEMBER_SEQ: ok = read_int (r, &change->server_seq); break;
          case MEMBER_VALUE:
            g_clear_pointer (&change->value, json_node_unref);
            ok = (change->value = read_value (r)) != NULL;
            has_value = TRUE;
            break;
          case MEMBER_RESOLVES:
            g_clear_pointer (&change->resolves, json_node_unref);
            ok = (change->resolves = read_value (r)) != NULL;
            break;
          case MEMBER_OTHER:
          default:
            ok = skip_value (r, 0);
            break;
          }
        if (!ok)
          return NULL;
      }
    while (expect (r, ','));
  if (!expect (r, '}'))
    return NULL;
  /* What dossier_change_from_json() asks of a change. */
  if (change->change_id == NULL || change->kind == NULL || change->record_id == NULL
      || change->field == NULL || change->device == NULL || hlc == NULL || !has_value
      || !dossier_hlc_from_string (hlc, &change->hlc, NULL)
      || (base_hlc != NULL && !dossier_hlc_from_string (base_hlc, &change->base_hlc, NULL)))
    return NULL;
  return g_steal_pointer (&change);
}

static gboolean
read_changes (Reader    *r,
              GPtrArray *changes)
{
  if (!expect (r, '['))
    return FALSE;
  if (peek (r, ']'))
    return expect (r, ']');
  do
    {
      DossierChange *change = read_change (r);

      if (change == NULL)
        return FALSE;
      g_ptr_array_add (changes, change);
    }
  while (expect (r, ','));
  return expect (r, ']');
}

static gboolean
read_scopes (Reader   *r,
             GStrv    *out)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (!expect (r, '['))
    return FALSE;
  if (!peek (r, ']'))
    do
      {
        if (!read_string (r))
          return FALSE;
        g_strv_builder_add (builder, r->buffer->str);
      }
    while (expect (r, ','));
  if (!expect (r, ']'))
    return FALSE;
  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/**
 * dossier_pull_page_read:
 * @text: (array length=length): a pull's 2xx answer
 *
 * Returns: (transfer full) (nullable): the page, or %NULL if @text is not
 *   one this reader reads (parse it with json-glib then)
 */
DossierPullPage *
dossier_pull_page_read (const char *text,
                        gsize       length)
{
  g_autoptr(DossierPullPage) page = g_new0 (DossierPullPage, 1);
  g_autoptr(GString) buffer = g_string_sized_new (256);
  Reader r = { text, text + length, buffer };
  gboolean has_changes = FALSE, has_next = FALSE;

  page->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_change_free);
  if (!expect (&r, '{'))
    return NULL;
  if (!peek (&r, '}'))
    do
      {
        g_autofree char *name = NULL;
        gboolean ok;

        if (!read_string (&r))
          return NULL;
        name = g_strndup (r.buffer->str, r.buffer->len);
        if (!expect (&r, ':'))
          return NULL;
        if (strcmp (name, "changes") == 0)
          {
            g_ptr_array_set_size (page->changes, 0);
            ok = has_changes = read_changes (&r, page->changes);
          }
        else if (strcmp (name, "next") == 0)
          ok = has_next = read_int (&r, &page->next);
        else if (strcmp (name, "more") == 0)
          {
            skip_space (&r);
            page->more = skip_literal (&r, "true");
            ok = page->more || skip_literal (&r, "false");
          }
        else if (strcmp (name, "scopes") == 0)
          ok = read_scopes (&r, &page->scopes);
        else
          ok = skip_value (&r, 0);
        if (!ok)
          return NULL;
      }
    while (expect (&r, ','));
  if (!expect (&r, '}') || !has_changes || !has_next)
    return NULL;
  skip_space (&r);
  if (r.p != r.end)
    return NULL;
  return g_steal_pointer (&page);
}
