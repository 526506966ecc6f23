/* dossier-merge.h: the per-field merge rule, shared by the client and the server.
 *
 * Every change names the version it overwrote (its base: the clock and device
 * of the value the writer saw).  That tells a sequential overwrite (the writer
 * saw the current value) from a concurrent edit (it did not), which clocks
 * alone cannot: a concurrent edit is a conflict, whose winner is the larger
 * (clock, device) everywhere and whose loser is kept for the user.
 */
#pragma once

#include "dossier-hlc.h"

G_BEGIN_DECLS

/* One version of a field's value.  device == NULL: no version (never set). */
typedef struct
{
  DossierHlc  hlc;
  const char *device;
} DossierVersion;

typedef enum
{
  DOSSIER_MERGE_DUPLICATE,      /* the incoming change is the current version: nothing to do */
  DOSSIER_MERGE_OBSOLETE,       /* the current version was written over it: nothing to do */
  DOSSIER_MERGE_APPLY,          /* a sequential overwrite (or a first value): apply it */
  DOSSIER_MERGE_APPLY_CONFLICT, /* concurrent, incoming wins: apply it, keep current as the loser */
  DOSSIER_MERGE_KEEP_CONFLICT,  /* concurrent, current wins: keep it, keep incoming as the loser */
} DossierMergeOutcome;

/* One written value of a field: its version, the version it overwrote, and
 * the losers it resolves (a user's choice in the conflicts view). */
typedef struct
{
  DossierHlc  hlc;
  char       *device;
  DossierHlc  base_hlc;
  char       *base_device;     /* NULL: written over nothing */
  char       *value;           /* JSON text */
} DossierFieldVersion;

/* A field as a replica or the server holds it: the current version and the
 * concurrent versions that lost to it, until a user resolves them. */
typedef struct
{
  DossierFieldVersion *current;   /* NULL: never set */
  GPtrArray           *losers;    /* DossierFieldVersion, ordered by version */
} DossierFieldState;

DossierFieldVersion *dossier_field_version_new  (DossierHlc   hlc,
                                                 const char  *device,
                                                 DossierHlc   base_hlc,
                                                 const char  *base_device,
                                                 const char  *value);
DossierFieldVersion *dossier_field_version_copy (const DossierFieldVersion *version);
void                 dossier_field_version_free (DossierFieldVersion *version);
DossierVersion       dossier_field_version_get  (const DossierFieldVersion *version);
DossierVersion       dossier_field_version_get_base (const DossierFieldVersion *version);

void                 dossier_field_state_init   (DossierFieldState *state);
void                 dossier_field_state_clear  (DossierFieldState *state);
DossierMergeOutcome  dossier_field_state_merge  (DossierFieldState         *state,
                                                 const DossierFieldVersion *incoming,
                                                 const DossierVersion      *resolves,
                                                 guint                      n_resolves);
gboolean             dossier_field_state_equal  (const DossierFieldState *a,
                                                 const DossierFieldState *b);
/* The losers by hand, for what the per-field rule does not decide alone (an
 * edit against a delete, see dossier-replica-apply.c). */
gboolean             dossier_field_state_has_loser  (const DossierFieldState *state,
                                                     const DossierVersion    *version);
void                 dossier_field_state_add_loser  (DossierFieldState         *state,
                                                     const DossierFieldVersion *loser);
void                 dossier_field_state_drop_loser (DossierFieldState         *state,
                                                     const DossierVersion      *version);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierFieldVersion, dossier_field_version_free)

gboolean            dossier_version_is_set   (const DossierVersion *version);
gboolean            dossier_version_equal    (const DossierVersion *a,
                                              const DossierVersion *b);
int                 dossier_version_compare  (const DossierVersion *a,
                                              const DossierVersion *b);

DossierMergeOutcome dossier_merge_decide     (const DossierVersion *current,
                                              const DossierVersion *current_base,
                                              const DossierVersion *incoming,
                                              const DossierVersion *incoming_base);
const char         *dossier_merge_outcome_to_string (DossierMergeOutcome outcome);

G_END_DECLS
