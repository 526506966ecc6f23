/* dossier-sample-data.h: realistic, reproducible data for demos and benchmarks.
 *
 * Fills a replica with offices, policy notes for more than 50 destinations and
 * every visa type, applicants with Chinese and Latin names and valid passport
 * numbers, and cases at every internal stage with their checklist items,
 * appointments, activity entries, fees and courier shipments.  Everything
 * derives from a seed and an explicit "today": the same options give the same
 * records, field for field and id for id, so benchmarks compare like with like
 * and tests can check what a case holds without a database.  (Checklist item
 * titles come from dossier_checklist_generate(), in the user's language, as
 * the application's own checklists do.)
 *
 * No GTK here; the `dossier-sample-data` tool and benchmark programs call
 * dossier_sample_data_generate() from a thread that may block.
 */
#pragma once

#include <gio/gio.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_SAMPLE_ERROR (dossier_sample_error_quark ())

/**
 * DossierSampleError:
 * @DOSSIER_SAMPLE_ERROR_INVALID_OPTIONS: no valid "today", or too many records asked for
 * @DOSSIER_SAMPLE_ERROR_ALREADY_PRESENT: the replica already holds the sample data of this seed
 */
typedef enum
{
  DOSSIER_SAMPLE_ERROR_INVALID_OPTIONS,
  DOSSIER_SAMPLE_ERROR_ALREADY_PRESENT,
} DossierSampleError;

/* Ten times what DESIGN.md's figures ask for: a guard against a typo filling a disk. */
#define DOSSIER_SAMPLE_MAX_CASES 1000000
#define DOSSIER_SAMPLE_MAX_POLICY_NOTES 100000

/**
 * DossierSampleOptions:
 * @seed: every value and id derives from it
 * @n_cases: cases to generate (at most %DOSSIER_SAMPLE_MAX_CASES)
 * @n_policy_notes: policy notes to generate; the first
 *   dossier_sample_data_get_n_base_policy_notes() are one per destination and
 *   visa type, the others regional and topical variants with distinct titles
 * @today: the date travel, stages and due dates are relative to
 * @time_ordered_ids: %FALSE (the default) for random version 4 UUIDs, as the
 *   application makes them; %TRUE for UUIDv7-style ids that increase in the
 *   order records are generated, as they would if the application made
 *   UUIDv7 ids.  The replica's indexes are keyed by id, so this decides
 *   whether inserts land at random places or at the end (see the benchmarks).
 *
 * Initialize with dossier_sample_options_init().
 */
typedef struct
{
  guint32  seed;
  guint    n_cases;
  guint    n_policy_notes;
  GDate    today;
  gboolean time_ordered_ids;
} DossierSampleOptions;

/**
 * DossierSampleCounts:
 *
 * Records created, by kind.  A policy note saved twice (to give it a version
 * history) counts once.
 */
typedef struct
{
  guint offices;
  guint policy_notes;
  guint applicants;
  guint cases;
  guint checklist_items;
  guint appointments;
  guint activity_entries;
  guint fees;
  guint shipments;
} DossierSampleCounts;

/**
 * DossierSampleProgressFunc:
 * @done: the records written so far (committed to the replica)
 * @options: the options being generated
 * @user_data: the data given with the function
 *
 * Called on the generating thread after each transaction.
 */
typedef void (*DossierSampleProgressFunc) (const DossierSampleCounts  *done,
                                           const DossierSampleOptions *options,
                                           gpointer                    user_data);

typedef struct _DossierSampleGenerator DossierSampleGenerator;

GQuark      dossier_sample_error_quark                 (void);

/**
 * dossier_sample_options_init:
 * @options: (out caller-allocates): the options to fill
 * @seed: the seed
 * @today: a valid date
 *
 * Sets 1000 cases and one policy note per destination and visa type.
 */
void        dossier_sample_options_init                (DossierSampleOptions *options,
                                                        guint32               seed,
                                                        const GDate          *today);

/**
 * dossier_sample_data_get_n_base_policy_notes:
 *
 * Returns: the number of destinations times the number of visa types
 */
guint       dossier_sample_data_get_n_base_policy_notes (void);

/**
 * dossier_sample_data_get_n_destinations:
 *
 * Returns: the number of destination countries sample cases go to
 */
guint       dossier_sample_data_get_n_destinations     (void);

/**
 * dossier_sample_counts_total:
 * @counts: counts
 *
 * Returns: the records of every kind together
 */
guint64     dossier_sample_counts_total                (const DossierSampleCounts *counts);

/**
 * dossier_sample_counts_add_edits:
 * @counts: counts to add to
 * @edits: (element-type DossierEdit): edits from a generator
 *
 * Counts the records @edits create; a second edit of the record just before
 * it is an update and does not count.
 */
void        dossier_sample_counts_add_edits            (DossierSampleCounts *counts,
                                                        GPtrArray           *edits);

/**
 * dossier_sample_generator_new:
 * @options: the options
 * @error: return location for a #DOSSIER_SAMPLE_ERROR
 *
 * Returns: (transfer full) (nullable): a generator, or %NULL if @options are
 *   not valid
 */
DossierSampleGenerator *dossier_sample_generator_new   (const DossierSampleOptions *options,
                                                        GError                    **error);
void        dossier_sample_generator_free              (DossierSampleGenerator *generator);

/**
 * dossier_sample_generator_get_office_id:
 * @generator: a generator
 *
 * Returns: (transfer none): the id of the first (head) office, the record
 *   that tells whether a replica already holds this seed's data
 */
const char *dossier_sample_generator_get_office_id     (DossierSampleGenerator *generator);

/**
 * dossier_sample_generator_office_edits:
 * @generator: a generator
 *
 * Returns: (transfer container) (element-type DossierEdit): the offices
 */
GPtrArray  *dossier_sample_generator_office_edits      (DossierSampleGenerator *generator);

/**
 * dossier_sample_generator_policy_note_edits:
 * @generator: a generator
 * @index: which note, below the options' n_policy_notes
 *
 * Returns: (transfer container) (element-type DossierEdit): the note, and for
 *   some notes a second edit raising its version, so that its history shows
 */
GPtrArray  *dossier_sample_generator_policy_note_edits (DossierSampleGenerator *generator,
                                                        guint                   index);

/**
 * dossier_sample_generator_case_edits:
 * @generator: a generator
 * @index: which case, below the options' n_cases
 *
 * The edits of one case: its applicant first when this is the applicant's
 * first case (applicants have one to four cases), then the case, its
 * checklist items (generated from its policy note by
 * dossier_checklist_generate(), as the application does), appointments,
 * activity entries, fees and shipments.  A pure function of the options and
 * @index.
 *
 * Returns: (transfer container) (element-type DossierEdit): the edits, in
 *   the order to save them
 */
GPtrArray  *dossier_sample_generator_case_edits        (DossierSampleGenerator *generator,
                                                        guint                   index);

/**
 * dossier_sample_data_case_edits:
 * @options: the options
 * @index: which case
 * @error: return location for a #DOSSIER_SAMPLE_ERROR
 *
 * dossier_sample_generator_case_edits() without keeping a generator.
 *
 * Returns: (transfer container) (element-type DossierEdit) (nullable): the edits
 */
GPtrArray  *dossier_sample_data_case_edits             (const DossierSampleOptions *options,
                                                        guint                       index,
                                                        GError                    **error);

/**
 * dossier_sample_data_generate:
 * @replica: an open replica
 * @options: what to generate
 * @progress: (nullable) (scope call): called after each transaction
 * @user_data: data for @progress
 * @cancellable: (nullable): stops between two transactions
 * @out_counts: (out caller-allocates) (optional): the records written, also on failure
 * @error: return location for an error
 *
 * Writes the offices, policy notes and cases of @options into @replica,
 * about a thousand records per transaction, generating the next batch while
 * the replica's thread writes the previous one.  Blocks: call it from a
 * thread that may wait (a tool's main thread, a worker).  Refuses a replica
 * that already holds this seed's data.  On an error or cancellation the
 * transactions already committed stay.
 *
 * Returns: %TRUE if everything was written
 */
gboolean    dossier_sample_data_generate               (DossierReplica             *replica,
                                                        const DossierSampleOptions *options,
                                                        DossierSampleProgressFunc   progress,
                                                        gpointer                    user_data,
                                                        GCancellable               *cancellable,
                                                        DossierSampleCounts        *out_counts,
                                                        GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierSampleGenerator, dossier_sample_generator_free)

G_END_DECLS
