/* dossier-merge.c: the per-field merge rule (see dossier-merge.h). */

#include "dossier-merge.h"

gboolean
dossier_version_is_set (const DossierVersion *version)
{
  return version != NULL && version->device != NULL;
}

gboolean
dossier_version_equal (const DossierVersion *a,
                       const DossierVersion *b)
{
  if (!dossier_version_is_set (a) || !dossier_version_is_set (b))
    return dossier_version_is_set (a) == dossier_version_is_set (b);
  return a->hlc == b->hlc && g_strcmp0 (a->device, b->device) == 0;
}

/* The total order of versions: clock, then device id; unset is smallest. */
int
dossier_version_compare (const DossierVersion *a,
                         const DossierVersion *b)
{
  if (!dossier_version_is_set (a) || !dossier_version_is_set (b))
    return dossier_version_is_set (a) - dossier_version_is_set (b);
  return dossier_hlc_compare (a->hlc, a->device, b->hlc, b->device);
}

/**
 * dossier_merge_decide:
 * @current: (nullable): the field's current version here
 * @current_base: (nullable): the version the current one overwrote
 * @incoming: the incoming change's version
 * @incoming_base: (nullable): the version the incoming change overwrote
 *
 * Decides what to do with an incoming change to one field.  The decision
 * depends only on the four versions, so every replica and the server reach
 * the same one, and the winner of a conflict is the same everywhere.
 */
DossierMergeOutcome
dossier_merge_decide (const DossierVersion *current,
                      const DossierVersion *current_base,
                      const DossierVersion *incoming,
                      const DossierVersion *incoming_base)
{
  g_return_val_if_fail (dossier_version_is_set (incoming), DOSSIER_MERGE_OBSOLETE);

  if (!dossier_version_is_set (current))
    return DOSSIER_MERGE_APPLY;
  if (dossier_version_equal (incoming, current))
    return DOSSIER_MERGE_DUPLICATE;
  if (dossier_version_equal (incoming_base, current))
    return DOSSIER_MERGE_APPLY;
  if (dossier_version_equal (current_base, incoming))
    return DOSSIER_MERGE_OBSOLETE;
  return dossier_version_compare (incoming, current) > 0 ? DOSSIER_MERGE_APPLY_CONFLICT
                                                         : DOSSIER_MERGE_KEEP_CONFLICT;
}

const char *
dossier_merge_outcome_to_string (DossierMergeOutcome outcome)
{
  static const char *const names[] = {
    "duplicate", "obsolete", "apply", "apply-conflict", "keep-conflict",
  };

  g_return_val_if_fail (outcome <= DOSSIER_MERGE_KEEP_CONFLICT, "invalid");
  return names[outcome];
}

/* Field state ------------------------------------------------------------- */

DossierFieldVersion *
dossier_field_version_new (DossierHlc  hlc,
                           const char *device,
                           DossierHlc  base_hlc,
                           const char *base_device,
                           const char *value)
{
  DossierFieldVersion *version = g_new0 (DossierFieldVersion, 1);

  version->hlc = hlc;
  version->device = g_strdup (device);
  version->base_hlc = base_device ? base_hlc : 0;
  version->base_device = g_strdup (base_device);
  version->value = g_strdup (value ? value : "null");
  return version;
}

DossierFieldVersion *
dossier_field_version_copy (const DossierFieldVersion *version)
{
  return dossier_field_version_new (version->hlc, version->device, version->base_hlc,
                                    version->base_device, version->value);
}

void
dossier_field_version_free (DossierFieldVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->device);
  g_free (version->base_device);
  g_free (version->value);
  g_free (version);
}

DossierVersion
dossier_field_version_get (const DossierFieldVersion *version)
{
  DossierVersion v = { 0, NULL };

  if (version != NULL)
    {
      v.hlc = version->hlc;
      v.device = version->device;
    }
  return v;
}

DossierVersion
dossier_field_version_get_base (const DossierFieldVersion *version)
{
  DossierVersion v = { 0, NULL };

  if (version != NULL)
    {
      v.hlc = version->base_hlc;
      v.device = version->base_device;
    }
  return v;
}

void
dossier_field_state_init (DossierFieldState *state)
{
  state->current = NULL;
  state->losers = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_field_version_free);
}

void
dossier_field_state_clear (DossierFieldState *state)
{
  g_clear_pointer (&state->current, dossier_field_version_free);
  g_clear_pointer (&state->losers, g_ptr_array_unref);
}

static void
remove_loser (DossierFieldState    *state,
              const DossierVersion *version)
{
  for (guint i = 0; i < state->losers->len; i++)
    {
      DossierVersion loser = dossier_field_version_get (state->losers->pdata[i]);
      if (dossier_version_equal (&loser, version))
        {
          g_ptr_array_remove_index (state->losers, i);
          return;
        }
    }
}

static gint
compare_versions_cb (gconstpointer a,
                     gconstpointer b)
{
  DossierVersion va = dossier_field_version_get (*(DossierFieldVersion *const *) a);
  DossierVersion vb = dossier_field_version_get (*(DossierFieldVersion *const *) b);
  return dossier_version_compare (&va, &vb);
}

static void
add_loser (DossierFieldState   *state,
           DossierFieldVersion *loser)
{
  DossierVersion version = dossier_field_version_get (loser);

  remove_loser (state, &version);   /* a version is a loser once */
  g_ptr_array_add (state->losers, loser);
  g_ptr_array_sort (state->losers, compare_versions_cb);
}

/**
 * dossier_field_state_merge:
 * @resolves: (array length=n_resolves) (nullable): losers the writer of
 *   @incoming chose to settle
 *
 * Merges one incoming version into @state.  A version that overwrote a loser,
 * or names it in @resolves, settles that loser; a concurrent version adds the
 * smaller of it and the current one to the losers.  Applying the same versions
 * in any causal order gives the same state.
 *
 * Returns: what was decided, for the caller's bookkeeping
 */
DossierMergeOutcome
dossier_field_state_merge (DossierFieldState         *state,
                           const DossierFieldVersion *incoming,
                           const DossierVersion      *resolves,
                           guint                      n_resolves)
{
  DossierVersion current = dossier_field_version_get (state->current);
  DossierVersion current_base = dossier_field_version_get_base (state->current);
  DossierVersion version = dossier_field_version_get (incoming);
  DossierVersion base = dossier_field_version_get_base (incoming);
  DossierMergeOutcome outcome;

  outcome = dossier_merge_decide (state->current ? &current : NULL, &current_base, &version, &base);
  if (outcome == DOSSIER_MERGE_DUPLICATE)
    return outcome;

  remove_loser (state, &base);
  for (guint i = 0; i < n_resolves; i++)
    remove_loser (state, &resolves[i]);

  switch (outcome)
    {
    case DOSSIER_MERGE_OBSOLETE:
      remove_loser (state, &version);
      break;
    case DOSSIER_MERGE_APPLY:
      g_clear_pointer (&state->current, dossier_field_version_free);
      state->current = dossier_field_version_copy (incoming);
      break;
    case DOSSIER_MERGE_APPLY_CONFLICT:
      add_loser (state, g_steal_pointer (&state->current));
      state->current = dossier_field_version_copy (incoming);
      break;
    case DOSSIER_MERGE_KEEP_CONFLICT:
      add_loser (state, dossier_field_version_copy (incoming));
      break;
    case DOSSIER_MERGE_DUPLICATE:
    default:
      break;
    }
  return outcome;
}

gboolean
dossier_field_state_equal (const DossierFieldState *a,
                           const DossierFieldState *b)
{
  DossierVersion ca = dossier_field_version_get (a->current);
  DossierVersion cb = dossier_field_version_get (b->current);

  if (!dossier_version_equal (&ca, &cb) || a->losers->len != b->losers->len)
    return FALSE;
  for (guint i = 0; i < a->losers->len; i++)
    {
      DossierVersion la = dossier_field_version_get (a->losers->pdata[i]);
      DossierVersion lb = dossier_field_version_get (b->losers->pdata[i]);
      if (!dossier_version_equal (&la, &lb))
        return FALSE;
    }
  return TRUE;
}

gboolean
dossier_field_state_has_loser (const DossierFieldState *state,
                               const DossierVersion    *version)
{
  for (guint i = 0; i < state->losers->len; i++)
    {
      DossierVersion loser = dossier_field_version_get (state->losers->pdata[i]);
      if (dossier_version_equal (&loser, version))
        return TRUE;
    }
  return FALSE;
}

/* Keeps a copy of @loser among the losers (once), in version order. */
void
dossier_field_state_add_loser (DossierFieldState         *state,
                               const DossierFieldVersion *loser)
{
  add_loser (state, dossier_field_version_copy (loser));
}

void
dossier_field_state_drop_loser (DossierFieldState    *state,
                                const DossierVersion *version)
{
  remove_loser (state, version);
}
