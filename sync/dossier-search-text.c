/* dossier-search-text.c: what goes into the full-text index, and what is asked of it.
 *
 * Both sides go through the same normalisation (NFKC, then case folding), so a
 * full-width "ＡＢＣ" typed into a form is found by "abc", and both sides agree
 * on which characters are CJK.  Diacritics are left to the tokenizer
 * ("unicode61 remove_diacritics 2"), which strips them from document and query
 * alike.
 */
#include "dossier-search-text.h"

#include <string.h>

/* The prolonged sound mark belongs to the Common script but is written only
 * inside kana words ("コーヒー"); treating it as kana keeps such a word one
 * phrase instead of splitting it at every "ー". */
#define KANA_PROLONGED_SOUND_MARK 0x30fc

static gboolean
is_letter_or_number (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_PRIVATE_USE:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_mark (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

/* A character written without spaces around it that must be a token of its
 * own.  Symbols of these scripts (CJK radicals, for instance) are left out:
 * the tokenizer treats them as separators anyway. */
static gboolean
is_cjk (gunichar c)
{
  if (c == KANA_PROLONGED_SOUND_MARK)
    return TRUE;

  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
      return is_letter_or_number (c);
    default:
      return FALSE;
    }
}

/* Characters that belong to a word: what unicode61 keeps as token characters,
 * plus marks, which it drops from inside a token without splitting it. */
static gboolean
is_word_char (gunichar c)
{
  return is_letter_or_number (c) || is_mark (c);
}

/* NFKC then case folding; invalid UTF-8 (text typed in or imported from
 * anywhere) is repaired first because g_utf8_normalize() refuses it. */
static char *
normalise (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *composed = g_utf8_normalize (valid, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (composed, -1);
}

/**
 * dossier_search_text_prepare:
 * @text: (nullable): text of a document field
 *
 * Normalises @text and puts spaces around every CJK character so that the
 * unicode61 tokenizer makes each one a token.  No space is added where one is
 * already present, at the very start or at the very end, so
 * "王小明 Wang" becomes "王 小 明 wang".  Other text is kept as it is.
 *
 * Returns: (transfer full): the text to index; empty for %NULL or ""
 */
char *
dossier_search_text_prepare (const char *text)
{
  g_autofree char *normal = NULL;
  GString *out;
  gboolean pending_space = FALSE;
  gboolean last_was_space = TRUE;
  const char *p;

  if (text == NULL || *text == '\0')
    return g_strdup ("");

  normal = normalise (text);
  out = g_string_sized_new (strlen (normal) + 16);

  for (p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean space = g_unichar_isspace (c);
      gboolean cjk = is_cjk (c);

      if ((pending_space || cjk) && !space && !last_was_space)
        g_string_append_c (out, ' ');

      g_string_append_unichar (out, c);
      pending_space = cjk;
      last_was_space = space;
    }

  return g_string_free (out, FALSE);
}

/* Appends @word as an FTS5 string: inside double quotes every character is
 * data, only a double quote needs escaping (by doubling it). */
static void
append_fts_string (GString    *query,
                   const char *word)
{
  const char *p;

  if (query->len > 0)
    g_string_append_c (query, ' ');

  g_string_append_c (query, '"');
  for (p = word; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, *p);
    }
  g_string_append_c (query, '"');
}

/* A Latin (or other space-separated) word becomes a prefix query.  A word
 * made only of marks has no token at all, so it is dropped. */
static void
flush_word (GString *query,
            GString *word,
            gboolean has_letter)
{
  if (word->len > 0 && has_letter)
    {
      append_fts_string (query, word->str);
      g_string_append_c (query, '*');
    }
  g_string_truncate (word, 0);
}

/* A run of CJK characters becomes a phrase of its characters, which matches
 * the same characters consecutively anywhere in a sentence. */
static void
flush_cjk_run (GString *query,
               GString *run)
{
  if (run->len > 0)
    append_fts_string (query, run->str);
  g_string_truncate (run, 0);
}

/**
 * dossier_search_query_build:
 * @user_query: (nullable): what the user typed into a search entry
 *
 * Builds an FTS5 MATCH expression that finds documents containing every term
 * of @user_query.  Terms are split at whitespace, punctuation and symbols; each
 * Latin term becomes a quoted prefix query ("wan"*), each run of CJK characters
 * a quoted phrase of its characters ("北 京"), and the terms are joined with
 * spaces (AND).  Everything is quoted, so FTS5 operators typed by the user
 * (AND, OR, NOT, NEAR, quotes, parentheses, *, ^, :, -, +) are plain words or
 * separators and can never cause a syntax error.
 *
 * Returns: (transfer full) (nullable): the expression, or %NULL when
 *   @user_query contains nothing to search for
 */
char *
dossier_search_query_build (const char *user_query)
{
  g_autofree char *normal = NULL;
  g_autoptr(GString) query = NULL;
  g_autoptr(GString) word = NULL;
  g_autoptr(GString) run = NULL;
  gboolean word_has_letter = FALSE;
  const char *p;

  if (user_query == NULL)
    return NULL;

  normal = normalise (user_query);
  query = g_string_new (NULL);
  word = g_string_new (NULL);
  run = g_string_new (NULL);

  for (p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_cjk (c))
        {
          flush_word (query, word, word_has_letter);
          word_has_letter = FALSE;
          if (run->len > 0)
            g_string_append_c (run, ' ');
          g_string_append_unichar (run, c);
        }
      else if (is_word_char (c))
        {
          flush_cjk_run (query, run);
          word_has_letter |= !is_mark (c);
          g_string_append_unichar (word, c);
        }
      else
        {
          flush_cjk_run (query, run);
          flush_word (query, word, word_has_letter);
          word_has_letter = FALSE;
        }
    }
  flush_cjk_run (query, run);
  flush_word (query, word, word_has_letter);

  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}
