/* dossier-search-text.h: text preparation for the full-text index.
 *
 * The index uses FTS5's unicode61 tokenizer, which splits on spaces and so
 * would treat a whole Chinese sentence as one token.  Before indexing, text is
 * normalised (NFKC, case-folded) and every CJK ideograph, kana or hangul
 * syllable becomes a token of its own; a query for a CJK word becomes a
 * phrase of its characters, which matches exactly where the word appears
 * inside a sentence.  Latin words become prefix queries.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *dossier_search_text_prepare (const char *text);
char *dossier_search_query_build  (const char *user_query);

G_END_DECLS
