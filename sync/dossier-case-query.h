/* dossier-case-query.h: the queries behind the case list.
 *
 * The list never holds 100,000 cases in memory: it asks once for the ordered
 * rowids of the cases that match a filter (cheap, and the row count is known
 * at once), then for the summary rows of the pages it shows.  Both run as jobs
 * on the replica's worker thread.
 *
 * Flags are computed in SQL, the same way for filtering and for display, and
 * only for open cases (no decision, stage neither "decided" nor "closed"): a
 * finished case needs no attention.
 */
#pragma once

#include <gio/gio.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

/* Defaults of DossierCaseFilter's time rules. */
/* The case list reads its rows a page at a time.  A maximised window on a
 * 1440-line screen shows about 50: the first page fills it, and a search
 * waits for no more before it shows its answer. */
#define DOSSIER_CASE_QUERY_PAGE_ROWS 50

#define DOSSIER_CASE_QUERY_DEFAULT_ESCALATION_DAYS  14
#define DOSSIER_CASE_QUERY_DEFAULT_APPOINTMENT_DAYS 7
/* Months a passport must stay valid beyond the departure when the
 * destination has no policy note saying otherwise. */
#define DOSSIER_CASE_QUERY_DEFAULT_VALIDITY_MONTHS  3
/* A passport issued more than this many years before the travel is flagged. */
#define DOSSIER_CASE_QUERY_MAX_PASSPORT_AGE_YEARS   10

typedef enum
{
  DOSSIER_CASE_SORT_UPDATED,          /* last changed; the default, newest first */
  DOSSIER_CASE_SORT_REFERENCE,
  DOSSIER_CASE_SORT_APPLICANT,        /* family name, then given names */
  DOSSIER_CASE_SORT_DESTINATION,      /* by destination_order when given, else by code */
  DOSSIER_CASE_SORT_VISA_TYPE,
  DOSSIER_CASE_SORT_STAGE,            /* in the order of the workflow, intake first */
  DOSSIER_CASE_SORT_URGENCY,          /* normal, urgent, express */
  DOSSIER_CASE_SORT_NEXT_DEADLINE,
  DOSSIER_CASE_SORT_ASSIGNEE,
  DOSSIER_CASE_SORT_FLAGS,            /* by DossierCaseFlags value */
} DossierCaseSort;

/**
 * DossierCaseFlags:
 * @DOSSIER_CASE_FLAG_PASSPORT_VALIDITY: the passport expires before the
 *   departure plus the months the destination's policy note requires
 *   (%DOSSIER_CASE_QUERY_DEFAULT_VALIDITY_MONTHS without a note)
 * @DOSSIER_CASE_FLAG_PASSPORT_ISSUE_AGE: the passport was issued more than ten
 *   years before the travel starts
 * @DOSSIER_CASE_FLAG_OVERDUE_DOCUMENTS: a required checklist item, not
 *   verified, is past its due date
 * @DOSSIER_CASE_FLAG_APPOINTMENT_SOON: a scheduled appointment starts within
 *   the filter's appointment_days
 * @DOSSIER_CASE_FLAG_DECISION_OVERDUE: submitted, with no decision for more
 *   than the filter's escalation_days
 *
 * The month and year arithmetic is dossier-checks' (clamped to the end of a
 * shorter month), so the list and the case editor flag the same passports.
 */
typedef enum
{
  DOSSIER_CASE_FLAG_NONE               = 0,
  DOSSIER_CASE_FLAG_PASSPORT_VALIDITY  = 1 << 0,
  DOSSIER_CASE_FLAG_PASSPORT_ISSUE_AGE = 1 << 1,
  DOSSIER_CASE_FLAG_OVERDUE_DOCUMENTS  = 1 << 2,
  DOSSIER_CASE_FLAG_APPOINTMENT_SOON   = 1 << 3,
  DOSSIER_CASE_FLAG_DECISION_OVERDUE   = 1 << 4,
} DossierCaseFlags;

/**
 * DossierCaseFilter:
 * @stage: (nullable): internal stage to keep, %NULL for all
 * @destination: (nullable): destination (alpha-2) to keep, %NULL for all
 * @urgency: (nullable): urgency to keep ("normal" also keeps unset ones), %NULL for all
 * @needs_attention: keep only cases with at least one flag
 * @text: (nullable): full-text query over cases and applicants (their names,
 *   passport numbers, references and notes); a hit on an applicant keeps
 *   every case of that applicant
 * @sort: the column to sort by
 * @descending: sort from the largest down; empty values always come last
 * @destination_order: (nullable) (array zero-terminated=1): destination codes
 *   in the order to sort them by (the order of their translated names)
 * @now: (nullable): the current moment, %NULL for the real one; "today" is
 *   its date in the local time zone
 * @escalation_days: days a submitted case may wait for a decision
 * @appointment_days: how far ahead an appointment counts as soon
 * @limit: list at most this many rowids (the head of the list), 0 for all
 * @without_unsent: leave each row's @unsent %FALSE: the outbox of a replica
 *   long offline is large, and a caller that shows rows first asks
 *   dossier_replica_filter_pending_cases_async() for the marks afterwards
 *
 * Create with dossier_case_filter_new(), which sets the defaults.
 */
typedef struct
{
  char            *stage;
  char            *destination;
  char            *urgency;
  gboolean         needs_attention;
  char            *text;
  DossierCaseSort  sort;
  gboolean         descending;
  char           **destination_order;
  GDateTime       *now;
  guint            escalation_days;
  guint            appointment_days;
  gboolean         without_unsent;
  guint            limit;
} DossierCaseFilter;

/**
 * DossierCaseSummary:
 * @rowid: the case's row in the replica, as the rowid list gives it
 * @case_id: the case's UUID
 * @reference: (nullable): "DOS-2026-7K3QXM"
 * @applicant_id: (nullable): the applicant's UUID
 * @family_name: (nullable): the applicant's, as stored ("WANG")
 * @given_names: (nullable): as stored ("XIAOMING")
 * @native_name: (nullable): in native script ("王小明"); the window writes
 *   the three as dossier_person_name_format() does
 * @destination: (nullable): alpha-2 code
 * @visa_type: (nullable): tourist, business, ...
 * @stage: (nullable): the internal stage
 * @urgency: (nullable): normal, urgent or express
 * @assignee: (nullable): who works on the case
 * @next_due_date: (nullable): earliest due date of a required item not yet
 *   verified (open cases only; may be past)
 * @next_appointment: (nullable): start of the next scheduled appointment
 *   (open cases only), UTC, YYYY-MM-DDTHH:MM:SSZ
 * @flags: what needs attention
 * @passport_expiry_date: (nullable): for the validity flag's explanation
 * @passport_required_until: (nullable): the date the passport must reach
 * @validity_months: the months the destination requires
 * @departure_date: (nullable): travel end (or start), the validity rule's base
 * @passport_issue_date: (nullable): for the issue age flag's explanation
 * @entry_date: (nullable): travel start (or end, or today), the issue age rule's base
 * @overdue_items: required items not verified and past due
 * @pending_since: (nullable): submission date (or stage date) of a submitted case
 * @unsent: whether the case holds changes not yet sent to the server
 */
typedef struct
{
  gint64            rowid;
  char             *case_id;
  char             *reference;
  char             *applicant_id;
  char             *family_name;
  char             *given_names;
  char             *native_name;
  char             *destination;
  char             *visa_type;
  char             *stage;
  char             *urgency;
  char             *assignee;
  char             *next_due_date;
  char             *next_appointment;
  DossierCaseFlags  flags;
  char             *passport_expiry_date;
  char             *passport_required_until;
  guint             validity_months;
  char             *departure_date;
  char             *passport_issue_date;
  char             *entry_date;
  guint             overdue_items;
  char             *pending_since;
  gboolean          unsent;
} DossierCaseSummary;

DossierCaseFilter  *dossier_case_filter_new              (void);
DossierCaseFilter  *dossier_case_filter_copy             (const DossierCaseFilter *filter);
void                dossier_case_filter_free             (DossierCaseFilter       *filter);

void                dossier_case_summary_free            (DossierCaseSummary      *summary);
const char         *dossier_case_summary_get_deadline    (const DossierCaseSummary *summary,
                                                          gboolean                *out_is_appointment);

/* The ordered rowids (a GArray of gint64) of the cases the filter keeps. */
void                dossier_case_query_rowids_async      (DossierReplica          *replica,
                                                          const DossierCaseFilter *filter,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
GArray             *dossier_case_query_rowids_finish     (DossierReplica          *replica,
                                                          GAsyncResult            *result,
                                                          GError                 **error);
GArray             *dossier_case_query_rowids_sync       (DossierReplica          *replica,
                                                          const DossierCaseFilter *filter,
                                                          GCancellable            *cancellable,
                                                          GError                 **error);

/* The summaries (GPtrArray of DossierCaseSummary) of the given cases, in the
 * order of @rowids; a rowid with no case (deleted since) is left out.  Only
 * the filter's time rules (now, escalation_days, appointment_days) are used. */
void                dossier_case_query_rows_async        (DossierReplica          *replica,
                                                          const DossierCaseFilter *filter,
                                                          const gint64            *rowids,
                                                          guint                    n_rowids,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
GPtrArray          *dossier_case_query_rows_finish       (DossierReplica          *replica,
                                                          GAsyncResult            *result,
                                                          GError                 **error);
GPtrArray          *dossier_case_query_rows_sync         (DossierReplica          *replica,
                                                          const DossierCaseFilter *filter,
                                                          const gint64            *rowids,
                                                          guint                    n_rowids,
                                                          GCancellable            *cancellable,
                                                          GError                 **error);

/* The rowid of a case given its UUID; 0 (and no error) when there is none. */
void                dossier_case_query_lookup_rowid_async  (DossierReplica      *replica,
                                                            const char          *case_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gint64              dossier_case_query_lookup_rowid_finish (DossierReplica      *replica,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* The distinct destinations of all cases (a NULL-terminated array of codes). */
void                dossier_case_query_destinations_async  (DossierReplica      *replica,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
char              **dossier_case_query_destinations_finish (DossierReplica      *replica,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierCaseFilter, dossier_case_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierCaseSummary, dossier_case_summary_free)

G_END_DECLS
