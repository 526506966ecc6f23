/* test-sim.c: the deterministic whole-system convergence simulation.
 *
 * Three or four real replicas of one office and the real server (its
 * handlers and SQLite store, in this process) run a seeded random schedule:
 * field edits (the same field on two replicas at once among them), creates,
 * deletes, conflict resolutions, pushes and pulls at random moments, and a
 * network that drops, duplicates, delays and reorders every message; a
 * replica or the server may crash (close and reopen) between any two steps,
 * and every laptop's clock is off by its own skew, some by more than the
 * clocks accept.  At the end everything is delivered and the replicas sync
 * until nothing moves; then sim-oracle.c checks that every replica equals
 * the server's state and each other and that nothing was lost.
 *
 * Options (or environment variables, for meson):
 *   --seed=S   (DOSSIER_SIM_SEED)   run one seed alone
 *   --seeds=N  (DOSSIER_SIM_SEEDS)  run N seeds from --first (default 1000)
 *   --first=F  (DOSSIER_SIM_FIRST)  the first seed (default 1)
 *   --steps=M  (DOSSIER_SIM_STEPS)  at most M steps a seed (default 60)
 *   --trace    (DOSSIER_SIM_TRACE)  print every step
 * A failing seed is printed with the command that re-runs it alone.
 */

#include "sim-world.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "dossier-model.h"

static gint64 opt_seed = 0;
static gint opt_seeds = 1000;
static gint opt_first = 1;
static gint opt_steps = 60;
static gboolean opt_trace = FALSE;
static char *program = NULL;

/* Written before each seed, printed by the abort handler. */
static char rerun_message[1024];

typedef enum
{
  ACTION_EDIT,
  ACTION_CONCURRENT_EDIT,
  ACTION_CREATE,
  ACTION_DELETE,
  ACTION_RESOLVE,
  ACTION_PUSH,
  ACTION_PULL,
  ACTION_SYNC,
  ACTION_DELIVER,
  ACTION_DROP,
  ACTION_CRASH,
  ACTION_CRASH_SERVER,
  ACTION_SKEW,
  N_ACTIONS
} Action;

static const guint action_weights[N_ACTIONS] = {
  [ACTION_EDIT] = 20,
  [ACTION_CONCURRENT_EDIT] = 8,
  [ACTION_CREATE] = 10,
  [ACTION_DELETE] = 3,
  [ACTION_RESOLVE] = 8,
  [ACTION_PUSH] = 10,
  [ACTION_PULL] = 10,
  [ACTION_SYNC] = 6,
  [ACTION_DELIVER] = 24,
  [ACTION_DROP] = 4,
  [ACTION_CRASH] = 2,
  [ACTION_CRASH_SERVER] = 1,
  [ACTION_SKEW] = 1,
};

/* The fields the schedule edits, by kind (activity entries are append-only). */
static const char *const applicant_fields[] = {
  "family_name", "given_names", "passport_number", "birth_date", "passport_blank_pages",
  "photo_meets_spec", "notes", NULL,
};
static const char *const case_fields[] = {
  "reference", "applicant_id", "assignee", "destination", "visa_type", "urgency",
  "internal_stage", "requested_days", "travel_from", "decision", "refusal_codes", "notes", NULL,
};
static const char *const checklist_item_fields[] = {
  "title", "state", "custody", "translation_needed", "due_date", "position", "notes", NULL,
};
static const char *const policy_note_fields[] = {
  "title", "body", "processing_days", "version", "requirements", NULL,
};

static const char *const editable_kinds[] = {
  "applicant", "case", "checklist_item", "policy_note",
};
static const char *const creatable_kinds[] = {
  "applicant", "case", "checklist_item", "activity_entry", "policy_note",
};

static const char *const *
fields_of (const char *kind)
{
  if (g_str_equal (kind, "applicant"))
    return applicant_fields;
  if (g_str_equal (kind, "case"))
    return case_fields;
  if (g_str_equal (kind, "checklist_item"))
    return checklist_item_fields;
  return policy_note_fields;
}

/* Values --------------------------------------------------------------------- */

static char *
random_uuid (SimWorld *world)
{
  guint8 b[16];

  for (guint i = 0; i < 16; i++)
    b[i] = (guint8) g_rand_int_range (world->rand, 0, 256);
  b[6] = 0x40 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                          b[12], b[13], b[14], b[15]);
}

static SimRecord *
random_record (SimWorld   *world,
               const char *kind)
{
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();

  for (guint i = 0; i < world->records->len; i++)
    {
      SimRecord *record = world->records->pdata[i];
      if (kind == NULL || g_str_equal (record->kind, kind))
        g_ptr_array_add (matching, record);
    }
  if (matching->len == 0)
    return NULL;
  return matching->pdata[g_rand_int_range (world->rand, 0, matching->len)];
}

/* Often one of two words, so that concurrent edits sometimes agree.  One
 * random draw a statement (see step()). */
static JsonNode *
random_value (SimWorld               *world,
              const char             *kind,
              const DossierFieldSpec *field)
{
  GRand *rand = world->rand;
  JsonNode *node = json_node_alloc ();

  if (g_rand_int_range (rand, 0, 12) == 0)
    return json_node_init_null (node);
  switch (field->type)
    {
    case DOSSIER_FIELD_INTEGER:
      return json_node_init_int (node, g_rand_int_range (rand, 0, 20));
    case DOSSIER_FIELD_BOOLEAN:
      return json_node_init_boolean (node, g_rand_boolean (rand));
    case DOSSIER_FIELD_DATE:
      {
        gint month = g_rand_int_range (rand, 1, 13);
        gint day = g_rand_int_range (rand, 1, 29);
        g_autofree char *date = g_strdup_printf ("2026-%02d-%02d", month, day);
        return json_node_init_string (node, date);
      }
    case DOSSIER_FIELD_TIMESTAMP:
      {
        gint day = g_rand_int_range (rand, 1, 29);
        gint hour = g_rand_int_range (rand, 0, 24);
        gint minute = g_rand_int_range (rand, 0, 60);
        g_autofree char *time = g_strdup_printf ("2026-01-%02dT%02d:%02d:00Z", day, hour, minute);
        return json_node_init_string (node, time);
      }
    case DOSSIER_FIELD_LIST:
      {
        JsonArray *array = json_array_new ();
        for (gint i = g_rand_int_range (rand, 1, 3); i > 0; i--)
          json_array_add_string_element (array, g_rand_boolean (rand) ? "R1" : "R2");
        return json_node_init_array (node, array);
      }
    case DOSSIER_FIELD_REFERENCE:
      {
        SimRecord *applicant = random_record (world, "applicant");
        g_autofree char *id = applicant ? g_strdup (applicant->id) : random_uuid (world);
        return json_node_init_string (node, id);
      }
    case DOSSIER_FIELD_TEXT:
    default:
      {
        g_autofree char *text = g_rand_int_range (rand, 0, 4) == 0
                                ? g_strdup (g_rand_boolean (rand) ? "alpha" : "beta")
                                : g_strdup_printf ("%s-%u", field->name, ++world->serial);
        return json_node_init_string (node, text);
      }
    }
}

static void
set_random (SimWorld   *world,
            JsonObject *fields,
            const char *kind,
            const char *field_name)
{
  const DossierKindSpec *spec = dossier_model_lookup_kind (kind, NULL);
  const DossierFieldSpec *field = dossier_kind_spec_lookup_field (spec, field_name);

  g_assert_nonnull (field);
  json_object_set_member (fields, field_name, random_value (world, kind, field));
}

/* Local work ------------------------------------------------------------------ */

static const char *
random_editable_kind (SimWorld *world)
{
  return editable_kinds[g_rand_int_range (world->rand, 0, G_N_ELEMENTS (editable_kinds))];
}

static SimReplica *
random_replica (SimWorld *world)
{
  return &world->replicas[g_rand_int_range (world->rand, 0, world->n_replicas)];
}

static gboolean
holds (SimWorld   *world,
       SimReplica *replica,
       SimRecord  *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = dossier_replica_get_sync (replica->replica, record->kind, record->id,
                                                        NULL, &error);

  if (row == NULL
      && !g_error_matches (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND))
    sim_check_error (world, error, "Reading a record");
  return row != NULL;
}

/* A record of `kind` this replica holds now (a user edits what they see). */
static SimRecord *
local_record (SimWorld   *world,
              SimReplica *replica,
              const char *kind)
{
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      SimRecord *record = random_record (world, kind);

      if (record == NULL)
        return NULL;
      if (holds (world, replica, record))
        return record;
    }
  return NULL;
}

/* A save may find its record deleted meanwhile: the user's form says so. */
static void
save (SimWorld   *world,
      SimReplica *replica,
      SimRecord  *record,
      JsonObject *fields)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = dossier_replica_save_sync (replica->replica, record->kind, record->id,
                                                   fields, NULL, &error);

  if (g_error_matches (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND))
    return;
  sim_check_error (world, error, "Saving a record");
  sim_trace (world, "replica %u saved %s %s", replica->index, record->kind, record->id);
  sim_capture_writes (world, replica);
}

static void
edit_fields (SimWorld   *world,
             SimReplica *replica,
             SimRecord  *record,
             const char *only_field)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  const char *const *names = fields_of (record->kind);
  guint n_names = g_strv_length ((char **) names);

  if (only_field != NULL)
    set_random (world, fields, record->kind, only_field);
  else
    for (gint n = g_rand_int_range (world->rand, 1, 4); n > 0; n--)
      set_random (world, fields, record->kind, names[g_rand_int_range (world->rand, 0, n_names)]);
  save (world, replica, record, fields);
}

static void
do_edit (SimWorld *world)
{
  SimReplica *replica = random_replica (world);
  const char *kind = random_editable_kind (world);
  SimRecord *record = local_record (world, replica, kind);

  if (record != NULL)
    edit_fields (world, replica, record, NULL);
}

/* Two specialists change the same field of the same record, unaware of
 * each other. */
static void
do_concurrent_edit (SimWorld *world)
{
  SimReplica *a = random_replica (world), *b = random_replica (world);
  const char *kind = random_editable_kind (world);
  const char *const *names = fields_of (kind);
  const char *field = names[g_rand_int_range (world->rand, 0, g_strv_length ((char **) names))];
  SimRecord *record = local_record (world, a, kind);

  if (a == b || record == NULL || !holds (world, b, record))
    return;
  sim_trace (world, "replicas %u and %u both change %s.%s", a->index, b->index, kind, field);
  edit_fields (world, a, record, field);
  edit_fields (world, b, record, field);
}

static void
create (SimWorld   *world,
        SimReplica *replica,
        const char *kind)
{
  SimRecord *record;
  g_autoptr(JsonObject) fields = json_object_new ();

  if (g_str_equal (kind, "checklist_item") || g_str_equal (kind, "activity_entry"))
    {
      /* Set members hang off a case this replica holds. */
      SimRecord *parent = local_record (world, replica, "case");

      if (parent == NULL)
        return;
      json_object_set_string_member (fields, "case_id", parent->id);
    }
  if (g_str_equal (kind, "case"))
    json_object_set_string_member (fields, "office_id", sim_office_id ());
  if (g_str_equal (kind, "activity_entry"))
    {
      set_random (world, fields, kind, "occurred_at");
      set_random (world, fields, kind, "body");
      json_object_set_string_member (fields, "kind", "call");
    }
  else
    {
      g_autofree char *title = g_strdup_printf ("%s-%u", kind, ++world->serial);

      for (const char *const *name = fields_of (kind); *name != NULL; name++)
        if (g_rand_boolean (world->rand))
          set_random (world, fields, kind, *name);
      /* A title or a name, so that the record has a value and exists. */
      json_object_set_string_member (fields, fields_of (kind)[0], title);
    }
  record = g_new0 (SimRecord, 1);
  record->kind = kind;
  record->id = random_uuid (world);
  g_ptr_array_add (world->records, record);
  save (world, replica, record, fields);
}

static void
do_create (SimWorld *world)
{
  SimReplica *replica = random_replica (world);
  guint kind = g_rand_int_range (world->rand, 0, G_N_ELEMENTS (creatable_kinds));

  create (world, replica, creatable_kinds[kind]);
}

static void
do_delete (SimWorld *world)
{
  static const char *const kinds[] = { "applicant", "case", "checklist_item", "policy_note" };
  SimReplica *replica = random_replica (world);
  SimRecord *record = local_record (world, replica,
                                    kinds[g_rand_int_range (world->rand, 0, G_N_ELEMENTS (kinds))]);
  g_autoptr(GError) error = NULL;

  if (record == NULL)
    return;
  dossier_replica_delete_sync (replica->replica, record->kind, record->id, NULL, &error);
  if (g_error_matches (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND))
    return;
  sim_check_error (world, error, "Deleting a record");
  sim_trace (world, "replica %u deleted %s %s", replica->index, record->kind, record->id);
  sim_capture_writes (world, replica);
}

/* A user settles a conflict: the loser's value, the current one, or a new
 * one; on a deleted record, by keeping it deleted. */
static gboolean
resolve (SimWorld   *world,
         SimReplica *replica,
         JsonObject *conflict)
{
  const char *kind = json_object_get_string_member (conflict, "kind");
  const char *field = json_object_get_string_member (conflict, "field");
  const DossierKindSpec *kind_spec = dossier_model_lookup_kind (kind, NULL);
  const DossierFieldSpec *spec = kind_spec ? dossier_kind_spec_lookup_field (kind_spec, field)
                                           : NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;
  guint choice = g_rand_int_range (world->rand, 0, 3);

  if (spec == NULL)
    sim_fail (world, "a conflict on %s.%s, not a field", kind, field);
  if (json_object_get_boolean_member_with_default (conflict, "deleted", FALSE))
    {
      dossier_replica_keep_deleted_sync (replica->replica,
                                         json_object_get_string_member (conflict, "record_id"),
                                         NULL, &error);
      sim_check_error (world, error, "Keeping a record deleted");
      sim_trace (world, "replica %u kept %s %s deleted", replica->index, kind,
                 json_object_get_string_member (conflict, "record_id"));
      world->stats->resolutions++;
      world->stats->kept_deleted++;
      sim_capture_writes (world, replica);
      return TRUE;
    }
  if (choice == 0)
    value = json_node_copy (json_object_get_member (conflict, "value"));
  else if (choice == 1)
    value = json_node_copy (json_object_get_member (conflict, "current_value"));
  else
    value = random_value (world, kind, spec);
  dossier_replica_resolve_conflict_sync (replica->replica, kind,
                                         json_object_get_string_member (conflict, "record_id"),
                                         field, value, NULL, &error);
  if (g_error_matches (error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND))
    return FALSE;
  sim_check_error (world, error, "Resolving a conflict");
  sim_trace (world, "replica %u resolved %s.%s", replica->index, kind, field);
  world->stats->resolutions++;
  sim_capture_writes (world, replica);
  return TRUE;
}

static void
do_resolve (SimWorld *world)
{
  SimReplica *replica = random_replica (world);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = dossier_replica_list_conflicts_sync (replica->replica, NULL,
                                                                        &error);

  sim_check_error (world, error, "Listing conflicts");
  for (guint attempt = 0; attempt < 3 && conflicts->len > 0; attempt++)
    {
      JsonObject *conflict = conflicts->pdata[g_rand_int_range (world->rand, 0, conflicts->len)];

      if (resolve (world, replica, conflict))
        return;
    }
}

/* One step ---------------------------------------------------------------------- */

static Action
random_action (SimWorld *world)
{
  guint total = 0, pick;

  for (guint i = 0; i < N_ACTIONS; i++)
    total += action_weights[i];
  pick = g_rand_int_range (world->rand, 0, total);
  for (guint i = 0; i < N_ACTIONS; i++)
    {
      if (pick < action_weights[i])
        return i;
      pick -= action_weights[i];
    }
  g_assert_not_reached ();
}

/* Each random draw in a statement of its own: the order in which a call's
 * arguments are evaluated is the compiler's, and a seed must replay the same
 * schedule whatever compiled it. */
static void
step (SimWorld *world)
{
  GRand *rand = world->rand;
  guint in_flight = world->network->len;
  SimReplica *replica;

  sim_advance_time (world, g_rand_int_range (rand, 0, 1500));
  switch (random_action (world))
    {
    case ACTION_EDIT:
      do_edit (world);
      break;
    case ACTION_CONCURRENT_EDIT:
      do_concurrent_edit (world);
      break;
    case ACTION_CREATE:
      do_create (world);
      break;
    case ACTION_DELETE:
      do_delete (world);
      break;
    case ACTION_RESOLVE:
      do_resolve (world);
      break;
    case ACTION_PUSH:
      replica = random_replica (world);
      sim_send_push (world, replica, g_rand_int_range (rand, 1, 8));
      break;
    case ACTION_PULL:
      replica = random_replica (world);
      sim_send_pull (world, replica, g_rand_int_range (rand, 1, 10));
      break;
    case ACTION_SYNC:
      sim_sync_now (world, random_replica (world));
      break;
    case ACTION_DELIVER:
      /* Any message in flight, not the oldest: the network reorders. */
      if (in_flight > 0)
        {
          guint index = g_rand_int_range (rand, 0, in_flight);

          sim_deliver (world, index, g_rand_int_range (rand, 0, 6) == 0);
        }
      break;
    case ACTION_DROP:
      if (in_flight > 0)
        sim_drop (world, g_rand_int_range (rand, 0, in_flight));
      break;
    case ACTION_CRASH:
      sim_crash_replica (world, random_replica (world));
      break;
    case ACTION_CRASH_SERVER:
      sim_crash_server (world);
      break;
    case ACTION_SKEW:
      /* A laptop's clock is corrected, forwards or back. */
      replica = random_replica (world);
      replica->skew_ms += g_rand_int_range (rand, -10 * 60 * 1000, 10 * 60 * 1000);
      sim_advance_time (world, 0);
      break;
    case N_ACTIONS:
    default:
      g_assert_not_reached ();
    }
  world->stats->steps++;
}

static void
run_seed (guint32   seed,
          SimStats *stats)
{
  guint n_replicas = 3 + seed % 2;
  SimWorld *world;
  guint n_steps;

  g_snprintf (rerun_message, sizeof rerun_message,
              "\n# sim: seed %u failed.  Re-run it alone (add --trace to follow each step):\n"
              "#   %s --seed=%u --steps=%d\n"
              "# or: DOSSIER_SIM_SEED=%u DOSSIER_SIM_STEPS=%d meson test -C <builddir> sim-1\n",
              seed, program, seed, opt_steps, seed, opt_steps);
  world = sim_world_new (seed, n_replicas, stats, opt_trace);
  /* The office's files before the day starts: every replica has them. */
  for (guint k = 0; k < G_N_ELEMENTS (creatable_kinds); k++)
    for (guint n = g_rand_int_range (world->rand, 1, 3); n > 0; n--)
      create (world, random_replica (world), creatable_kinds[k]);
  sim_quiesce (world);
  /* Half the day, everyone syncing at noon, then the other half, in which
   * the conflicts of the morning are there to be settled. */
  n_steps = g_rand_int_range (world->rand, opt_steps / 2, opt_steps + 1);
  for (guint i = 0; i < n_steps; i++)
    {
      if (i == n_steps / 2)
        sim_quiesce (world);
      step (world);
    }
  sim_quiesce (world);
  sim_check_converged (world);
  sim_world_free (world);
  stats->seeds++;
  rerun_message[0] = '\0';
}

/* Only async-signal-safe calls: the message was written before the seed ran. */
static void
report_failed_seed_cb (int signum)
{
  if (rerun_message[0] != '\0')
    {
      ssize_t written = write (STDERR_FILENO, rerun_message, strlen (rerun_message));
      (void) written;
    }
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
test_convergence (void)
{
  SimStats stats = { 0 };
  gint64 start = g_get_monotonic_time ();
  double seconds;

  sim_templates_init ();
  if (opt_seed > 0)
    run_seed ((guint32) opt_seed, &stats);
  else
    for (gint i = 0; i < opt_seeds; i++)
      run_seed ((guint32) (opt_first + i), &stats);
  sim_templates_clear ();

  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("%" G_GUINT64_FORMAT " seeds in %.1f s (%.1f seeds/s), %" G_GUINT64_FORMAT
                  " steps, %" G_GUINT64_FORMAT " changes", stats.seeds, seconds,
                  stats.seeds / MAX (seconds, 0.001), stats.steps, stats.changes);
  g_test_message ("network: %" G_GUINT64_FORMAT " pushes, %" G_GUINT64_FORMAT " pulls, %"
                  G_GUINT64_FORMAT " delivered, %" G_GUINT64_FORMAT " duplicated, %"
                  G_GUINT64_FORMAT " dropped, %" G_GUINT64_FORMAT " replies lost to %"
                  G_GUINT64_FORMAT " replica crashes, %" G_GUINT64_FORMAT " server restarts",
                  stats.pushes, stats.pulls, stats.delivered, stats.duplicated, stats.dropped,
                  stats.stale_replies, stats.crashes, stats.server_crashes);
  g_test_message ("merging: %" G_GUINT64_FORMAT " concurrent edits of one field, %" G_GUINT64_FORMAT
                  " resolutions (%" G_GUINT64_FORMAT " keeping a record deleted), %"
                  G_GUINT64_FORMAT " deleted records, %" G_GUINT64_FORMAT
                  " edits kept against a delete, %" G_GUINT64_FORMAT " conflicts left",
                  stats.concurrent_pairs, stats.resolutions, stats.kept_deleted,
                  stats.deleted_records,
                  stats.delete_edit_conflicts, stats.conflicts_left);
  /* A schedule that stopped making conflicts would pass for the wrong reason. */
  if (stats.seeds >= 100)
    {
      g_assert_cmpuint (stats.concurrent_pairs, >, 0);
      g_assert_cmpuint (stats.delete_edit_conflicts, >, 0);
      g_assert_cmpuint (stats.resolutions, >, 0);
      g_assert_cmpuint (stats.kept_deleted, >, 0);
      g_assert_cmpuint (stats.crashes, >, 0);
      g_assert_cmpuint (stats.duplicated, >, 0);
    }
}

static void
read_environment (void)
{
  const char *text;

  if ((text = g_getenv ("DOSSIER_SIM_SEED")) != NULL)
    opt_seed = g_ascii_strtoll (text, NULL, 10);
  if ((text = g_getenv ("DOSSIER_SIM_SEEDS")) != NULL)
    opt_seeds = (gint) g_ascii_strtoll (text, NULL, 10);
  if ((text = g_getenv ("DOSSIER_SIM_FIRST")) != NULL)
    opt_first = (gint) g_ascii_strtoll (text, NULL, 10);
  if ((text = g_getenv ("DOSSIER_SIM_STEPS")) != NULL)
    opt_steps = (gint) g_ascii_strtoll (text, NULL, 10);
  opt_trace = g_getenv ("DOSSIER_SIM_TRACE") != NULL;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Run this seed alone", "S" },
    { "seeds", 0, 0, G_OPTION_ARG_INT, &opt_seeds, "How many seeds to run", "N" },
    { "first", 0, 0, G_OPTION_ARG_INT, &opt_first, "The first seed", "F" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &opt_steps, "At most this many steps a seed", "M" },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &opt_trace, "Print every step", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the convergence simulation");
  g_autoptr(GError) error = NULL;
  int status;

  read_environment ();
  /* The simulation's options first; GTest's own (--tap, -p ...) pass through. */
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_seeds < 1 || opt_first < 1 || opt_steps < 2)
    {
      g_printerr ("--seeds, --first and --steps must be positive (--steps at least 2)\n");
      return 2;
    }
  program = g_canonicalize_filename (argv[0], NULL);
  signal (SIGABRT, report_failed_seed_cb);
  signal (SIGSEGV, report_failed_seed_cb);
  signal (SIGBUS, report_failed_seed_cb);
  signal (SIGTRAP, report_failed_seed_cb);   /* g_error() breaks into a debugger this way */

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/sim/convergence", test_convergence);
  status = g_test_run ();
  g_free (program);
  return status;
}
