/* dossier-case-reference.h: the reference a specialist reads out to a client.
 *
 * A case's reference is "DOS-2026-7K3QXM": the year the case was opened and
 * six random characters of Crockford's base 32 (digits and capitals without
 * I, L, O and U, so it survives being read over the phone).  It is random
 * rather than a counter because devices open cases offline and cannot agree
 * on the next number; 32^6 (about a billion) suffixes per year keep chance
 * collisions rare, and the editor also checks the local replica.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOSSIER_CASE_REFERENCE_PREFIX "DOS"
#define DOSSIER_CASE_REFERENCE_SUFFIX_LENGTH 6

/**
 * dossier_case_reference_generate:
 * @today: (nullable): the date the case is opened, %NULL for today
 * @rand: (nullable): the random source, %NULL for g_random_int()
 *
 * Returns: (transfer full): a new reference such as "DOS-2026-7K3QXM"
 */
char     *dossier_case_reference_generate (const GDate *today,
                                           GRand       *rand);

/**
 * dossier_case_reference_is_valid:
 * @text: (nullable): a reference
 *
 * Returns: %TRUE if @text has the form dossier_case_reference_generate() gives
 */
gboolean  dossier_case_reference_is_valid (const char  *text);

G_END_DECLS
