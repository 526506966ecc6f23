/* dossier-sample-data.c: the generator's entry points and its writer.
 *
 * Every record draws from its own GRand, seeded with (seed, stream, index), so
 * that a case is a pure function of the options and its index: benchmarks
 * and tests get the same records whatever the batch size or the order, and no
 * value depends on the clock.  The writer overlaps the two halves of the
 * work: while the replica's thread commits one batch, this thread builds the
 * next.
 */
#include "dossier-sample-data-private.h"

#include "dossier-date.h"

#include <string.h>

G_DEFINE_QUARK (dossier-sample-error-quark, dossier_sample_error)

/* Records per transaction: large enough to amortize the commit, small enough
 * that progress moves and a cancellation is heard within a second. */
#define BATCH_EDITS 1000

/* ---- Randomness and dates ------------------------------------------------- */

GRand *
sample_rand_new (const DossierSampleGenerator *generator,
                 SampleStream                  stream,
                 guint                         index)
{
  guint32 seed[3] = { generator->options.seed, (guint32) stream, (guint32) index };

  return g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
}

/* A cheap hash (the MurmurHash3 finalizer) for choices that need no stream. */
guint32
sample_mix (const DossierSampleGenerator *generator,
            SampleStream                  stream,
            guint                         index)
{
  guint32 h
    = generator->options.seed ^ ((guint32) stream * 0x9E3779B9u) ^ ((guint32) index * 0x85EBCA6Bu);

  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  h *= 0xC2B2AE35u;
  h ^= h >> 16;
  return h;
}

gint
sample_between (GRand *rand,
                gint   low,
                gint   high)
{
  if (high <= low)
    return low;
  return g_rand_int_range (rand, low, high + 1);
}

gboolean
sample_chance (GRand *rand,
               guint  percent)
{
  return (guint) g_rand_int_range (rand, 0, 100) < percent;
}

guint
sample_weighted (GRand       *rand,
                 const guint *weights,
                 guint        n)
{
  guint total = 0;
  gint32 r;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  r = g_rand_int_range (rand, 0, (gint32) total);
  for (guint i = 0; i < n; i++)
    {
      if (r < (gint32) weights[i])
        return i;
      r -= (gint32) weights[i];
    }
  return n - 1;
}

/* A version 4 UUID whose bits come from @rand rather than from the system;
 * or, for time-ordered ids, a version 7 UUID (RFC 9562) whose 48-bit
 * millisecond timestamp is the day before "today" plus the record's place in
 * the generation order, so that ids increase as records are written. */
char *
sample_uuid (const DossierSampleGenerator *generator,
             GRand                        *rand,
             guint                         order)
{
  guint8 b[16];

  for (guint i = 0; i < 16; i += 4)
    {
      guint32 word = g_rand_int (rand);
      memcpy (b + i, &word, 4);
    }
  if (generator->options.time_ordered_ids)
    {
      /* Julian day 719163 is 1970-01-01. */
      guint64 ms = ((guint64) generator->today - 719163u - 1u) * 86400000u + order;

      for (guint i = 0; i < 6; i++)
        b[i] = (guint8) (ms >> (40 - 8 * i));
      b[6] = (guint8) ((b[6] & 0x0F) | 0x70);
    }
  else
    b[6] = (guint8) ((b[6] & 0x0F) | 0x40);
  b[8] = (guint8) ((b[8] & 0x3F) | 0x80);
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
                          b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *
sample_pattern (GRand      *rand,
                const char *pattern)
{
  static const char alnum[] = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
  char *text = g_strdup (pattern);

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == 'A')
        *p = (char) ('A' + g_rand_int_range (rand, 0, 26));
      else if (*p == '9')
        *p = (char) ('0' + g_rand_int_range (rand, 0, 10));
      else if (*p == 'X')
        *p = alnum[g_rand_int_range (rand, 0, (gint32) strlen (alnum))];
    }
  return text;
}

const char *
sample_pick_text (GRand            *rand,
                  const SampleText *texts,
                  guint             n,
                  gboolean          chinese)
{
  const SampleText *text = &texts[g_rand_int_range (rand, 0, (gint32) n)];

  return chinese ? text->zh : text->en;
}

static void
date_from_julian (GDate   *date,
                  guint32  julian)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, julian);
}

char *
sample_day_iso (guint32 julian)
{
  GDate date;

  date_from_julian (&date, julian);
  return dossier_date_format_iso (&date);
}

/* Offices work on Beijing time; the replica keeps the offset. */
char *
sample_timestamp (guint32 julian,
                  guint   minutes)
{
  g_autofree char *day = sample_day_iso (julian);

  return g_strdup_printf ("%sT%02u:%02u:00+08:00", day, (minutes / 60) % 24, minutes % 60);
}

guint
sample_year_of (guint32 julian)
{
  GDate date;

  date_from_julian (&date, julian);
  return g_date_get_year (&date);
}

guint32
sample_add_years (guint32 julian,
                  gint    years)
{
  GDate date;

  date_from_julian (&date, julian);
  if (years >= 0)
    dossier_date_add_years (&date, (guint) years);
  else
    g_date_subtract_years (&date, (guint) -years);
  return g_date_get_julian (&date);
}

void
sample_set_day (JsonObject *object,
                const char *member,
                guint32     julian)
{
  g_autofree char *day = NULL;

  if (julian == 0)
    return;
  day = sample_day_iso (julian);
  json_object_set_string_member (object, member, day);
}

/* ---- Options and counts --------------------------------------------------- */

void
dossier_sample_options_init (DossierSampleOptions *options,
                             guint32               seed,
                             const GDate          *today)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (today != NULL && g_date_valid (today));

  memset (options, 0, sizeof *options);
  options->seed = seed;
  options->n_cases = 1000;
  options->n_policy_notes = dossier_sample_data_get_n_base_policy_notes ();
  options->today = *today;
}

guint
dossier_sample_data_get_n_base_policy_notes (void)
{
  return sample_n_countries * SAMPLE_N_VISA_TYPES;
}

guint
dossier_sample_data_get_n_destinations (void)
{
  return sample_n_countries;
}

typedef struct
{
  const char *kind;
  gsize       offset;
} CountField;

static const CountField count_fields[] = {
  { "office", G_STRUCT_OFFSET (DossierSampleCounts, offices) },
  { "policy_note", G_STRUCT_OFFSET (DossierSampleCounts, policy_notes) },
  { "applicant", G_STRUCT_OFFSET (DossierSampleCounts, applicants) },
  { "case", G_STRUCT_OFFSET (DossierSampleCounts, cases) },
  { "checklist_item", G_STRUCT_OFFSET (DossierSampleCounts, checklist_items) },
  { "appointment", G_STRUCT_OFFSET (DossierSampleCounts, appointments) },
  { "activity_entry", G_STRUCT_OFFSET (DossierSampleCounts, activity_entries) },
  { "fee", G_STRUCT_OFFSET (DossierSampleCounts, fees) },
  { "shipment", G_STRUCT_OFFSET (DossierSampleCounts, shipments) },
};

guint64
dossier_sample_counts_total (const DossierSampleCounts *counts)
{
  guint64 total = 0;

  g_return_val_if_fail (counts != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (count_fields); i++)
    total += G_STRUCT_MEMBER (guint, counts, count_fields[i].offset);
  return total;
}

static void
counts_add (DossierSampleCounts       *to,
            const DossierSampleCounts *from)
{
  for (guint i = 0; i < G_N_ELEMENTS (count_fields); i++)
    G_STRUCT_MEMBER (guint, to, count_fields[i].offset) +=
      G_STRUCT_MEMBER (guint, from, count_fields[i].offset);
}

void
dossier_sample_counts_add_edits (DossierSampleCounts *counts,
                                 GPtrArray           *edits)
{
  g_return_if_fail (counts != NULL && edits != NULL);

  for (guint i = 0; i < edits->len; i++)
    {
      const DossierEdit *edit = edits->pdata[i];
      const DossierEdit *previous = i > 0 ? edits->pdata[i - 1] : NULL;

      if (previous != NULL && g_strcmp0 (previous->id, edit->id) == 0)
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (count_fields); f++)
        if (strcmp (count_fields[f].kind, edit->kind) == 0)
          G_STRUCT_MEMBER (guint, counts, count_fields[f].offset)++;
    }
}

/* ---- The generator -------------------------------------------------------- */

static gboolean
check_options (const DossierSampleOptions  *options,
               GError                     **error)
{
  if (!g_date_valid (&options->today))
    {
      g_set_error_literal (error, DOSSIER_SAMPLE_ERROR, DOSSIER_SAMPLE_ERROR_INVALID_OPTIONS,
                           "Sample data needs a valid “today”");
      return FALSE;
    }
  if (options->n_cases > DOSSIER_SAMPLE_MAX_CASES
      || options->n_policy_notes > DOSSIER_SAMPLE_MAX_POLICY_NOTES)
    {
      g_set_error (error, DOSSIER_SAMPLE_ERROR, DOSSIER_SAMPLE_ERROR_INVALID_OPTIONS,
                   "Sample data goes up to %u cases and %u policy notes",
                   DOSSIER_SAMPLE_MAX_CASES, DOSSIER_SAMPLE_MAX_POLICY_NOTES);
      return FALSE;
    }
  return TRUE;
}

DossierSampleGenerator *
dossier_sample_generator_new (const DossierSampleOptions  *options,
                              GError                     **error)
{
  DossierSampleGenerator *generator;

  g_return_val_if_fail (options != NULL, NULL);

  if (!check_options (options, error))
    return NULL;

  generator = g_new0 (DossierSampleGenerator, 1);
  generator->options = *options;
  generator->today = g_date_get_julian (&options->today);
  for (guint i = 0; i < SAMPLE_N_OFFICES; i++)
    {
      g_autoptr(GRand) rand = sample_rand_new (generator, SAMPLE_STREAM_OFFICE, i);
      generator->office_ids[i] = sample_uuid (generator, rand, i);
    }
  /* Cases read their policy note's requirements; the notes do not change per case. */
  generator->requirements = g_new0 (char *, sample_n_countries * SAMPLE_N_VISA_TYPES + 1);
  for (guint c = 0; c < sample_n_countries; c++)
    for (guint t = 0; t < SAMPLE_N_VISA_TYPES; t++)
      generator->requirements[c * SAMPLE_N_VISA_TYPES + t] = sample_note_requirements (c, t);
  return generator;
}

void
dossier_sample_generator_free (DossierSampleGenerator *generator)
{
  if (generator == NULL)
    return;
  for (guint i = 0; i < SAMPLE_N_OFFICES; i++)
    g_free (generator->office_ids[i]);
  g_strfreev (generator->requirements);
  g_free (generator);
}

const char *
dossier_sample_generator_get_office_id (DossierSampleGenerator *generator)
{
  g_return_val_if_fail (generator != NULL, NULL);

  return generator->office_ids[0];
}

GPtrArray *
dossier_sample_generator_office_edits (DossierSampleGenerator *generator)
{
  g_return_val_if_fail (generator != NULL, NULL);

  return sample_office_edits (generator);
}

GPtrArray *
dossier_sample_generator_policy_note_edits (DossierSampleGenerator *generator,
                                            guint                   index)
{
  g_return_val_if_fail (generator != NULL, NULL);
  g_return_val_if_fail (index < generator->options.n_policy_notes, NULL);

  return sample_policy_note_edits (generator, index);
}

GPtrArray *
dossier_sample_generator_case_edits (DossierSampleGenerator *generator,
                                     guint                   index)
{
  g_return_val_if_fail (generator != NULL, NULL);
  g_return_val_if_fail (index < generator->options.n_cases, NULL);

  return sample_case_edits (generator, index);
}

GPtrArray *
dossier_sample_data_case_edits (const DossierSampleOptions  *options,
                                guint                        index,
                                GError                     **error)
{
  g_autoptr(DossierSampleGenerator) generator = NULL;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (index < options->n_cases, NULL);

  generator = dossier_sample_generator_new (options, error);
  if (generator == NULL)
    return NULL;
  return sample_case_edits (generator, index);
}

/* ---- Writing into a replica ----------------------------------------------- */

/* One batch in the replica's hands while the next is built. */
typedef struct
{
  DossierReplica             *replica;
  GCancellable               *cancellable;
  GMainContext               *context;
  const DossierSampleOptions *options;
  DossierSampleProgressFunc   progress;
  gpointer                    user_data;
  GPtrArray                  *batch;
  DossierSampleCounts         batch_counts;
  gboolean                    pending;
  GAsyncResult               *result;
  DossierSampleCounts         pending_counts;
  DossierSampleCounts         done;
} Writer;

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Writer *writer = user_data;

  writer->result = g_object_ref (result);
}

static GPtrArray *
new_batch (void)
{
  return g_ptr_array_new_full (BATCH_EDITS + 64, (GDestroyNotify) dossier_edit_free);
}

static gboolean
writer_wait (Writer  *writer,
             GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  if (!writer->pending)
    return TRUE;
  while (writer->result == NULL)
    g_main_context_iteration (writer->context, TRUE);
  result = g_steal_pointer (&writer->result);
  writer->pending = FALSE;

  ids = dossier_replica_save_many_finish (writer->replica, result, error);
  if (ids == NULL)
    return FALSE;
  counts_add (&writer->done, &writer->pending_counts);
  if (writer->progress != NULL)
    writer->progress (&writer->done, writer->options, writer->user_data);
  return TRUE;
}

static gboolean
writer_flush (Writer  *writer,
              GError **error)
{
  if (writer->batch->len == 0)
    return TRUE;
  if (!writer_wait (writer, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (writer->cancellable, error))
    return FALSE;

  writer->pending = TRUE;
  writer->pending_counts = writer->batch_counts;
  memset (&writer->batch_counts, 0, sizeof writer->batch_counts);
  /* The replica keeps its own reference to the batch until it is written. */
  dossier_replica_save_many_async (writer->replica, writer->batch, writer->cancellable,
                                   save_cb, writer);
  g_ptr_array_unref (writer->batch);
  writer->batch = new_batch ();
  return TRUE;
}

static gboolean
writer_add (Writer     *writer,
            GPtrArray  *edits,
            GError    **error)
{
  dossier_sample_counts_add_edits (&writer->batch_counts, edits);
  g_ptr_array_extend_and_steal (writer->batch, edits);
  if (writer->batch->len >= BATCH_EDITS)
    return writer_flush (writer, error);
  return TRUE;
}

static gboolean
write_all (Writer                 *writer,
           DossierSampleGenerator *generator,
           GError                **error)
{
  const DossierSampleOptions *options = &generator->options;

  if (!writer_add (writer, sample_office_edits (generator), error))
    return FALSE;
  for (guint i = 0; i < options->n_policy_notes; i++)
    if (!writer_add (writer, sample_policy_note_edits (generator, i), error))
      return FALSE;
  for (guint i = 0; i < options->n_cases; i++)
    if (!writer_add (writer, sample_case_edits (generator, i), error))
      return FALSE;
  return writer_flush (writer, error) && writer_wait (writer, error);
}

/* The head office's id derives from the seed: finding it means this seed's
 * records are there, and saving them again would clash with the append-only
 * activity log. */
static gboolean
check_absent (DossierReplica          *replica,
              DossierSampleGenerator  *generator,
              GCancellable            *cancellable,
              GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) office = NULL;

  office = dossier_replica_get_sync (replica, "office",
                                     dossier_sample_generator_get_office_id (generator),
                                     cancellable, &local_error);
  if (office != NULL)
    {
      g_set_error (error, DOSSIER_SAMPLE_ERROR, DOSSIER_SAMPLE_ERROR_ALREADY_PRESENT,
                   "The replica already holds the sample data of seed %u",
                   generator->options.seed);
      return FALSE;
    }
  if (g_error_matches (local_error, DOSSIER_REPLICA_ERROR, DOSSIER_REPLICA_ERROR_NOT_FOUND))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
dossier_sample_data_generate (DossierReplica             *replica,
                              const DossierSampleOptions *options,
                              DossierSampleProgressFunc   progress,
                              gpointer                    user_data,
                              GCancellable               *cancellable,
                              DossierSampleCounts        *out_counts,
                              GError                    **error)
{
  g_autoptr(DossierSampleGenerator) generator = NULL;
  Writer writer = { 0 };
  gboolean ok;

  g_return_val_if_fail (DOSSIER_IS_REPLICA (replica), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_counts != NULL)
    memset (out_counts, 0, sizeof *out_counts);
  generator = dossier_sample_generator_new (options, error);
  if (generator == NULL || !check_absent (replica, generator, cancellable, error))
    return FALSE;

  writer.replica = replica;
  writer.cancellable = cancellable;
  writer.options = &generator->options;
  writer.progress = progress;
  writer.user_data = user_data;
  writer.batch = new_batch ();
  writer.context = g_main_context_new ();
  g_main_context_push_thread_default (writer.context);

  ok = write_all (&writer, generator, error);
  if (!ok)
    writer_wait (&writer, NULL);   /* let the batch in flight finish; its outcome is moot */

  g_main_context_pop_thread_default (writer.context);
  g_main_context_unref (writer.context);
  g_ptr_array_unref (writer.batch);
  if (out_counts != NULL)
    *out_counts = writer.done;
  return ok;
}
