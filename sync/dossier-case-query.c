/* dossier-case-query.c: the case list's queries, run on the replica's worker.
 *
 * The SQL is assembled from fixed fragments only (never from user text, which
 * is always bound), so each combination of filters and sort order becomes one
 * cached prepared statement.  The flag rules are written once below and used
 * both to filter ("needs attention") and to show a row, so the two agree.
 *
 * Month and year arithmetic uses SQLite's 'floor' modifier: 31 August plus 6
 * months is 28 or 29 February, as dossier_date_add_months() counts it.
 */

#include "dossier-case-query.h"
#include "dossier-replica-private.h"
#include "dossier-search-text.h"

#include <string.h>

G_STATIC_ASSERT (DOSSIER_CASE_FLAG_PASSPORT_VALIDITY == 1);
G_STATIC_ASSERT (DOSSIER_CASE_FLAG_PASSPORT_ISSUE_AGE == 2);
G_STATIC_ASSERT (DOSSIER_CASE_FLAG_OVERDUE_DOCUMENTS == 4);
G_STATIC_ASSERT (DOSSIER_CASE_FLAG_APPOINTMENT_SOON == 8);
G_STATIC_ASSERT (DOSSIER_CASE_FLAG_DECISION_OVERDUE == 16);
/* The SQL below spells these out. */
G_STATIC_ASSERT (DOSSIER_CASE_QUERY_DEFAULT_VALIDITY_MONTHS == 3);
G_STATIC_ASSERT (DOSSIER_CASE_QUERY_MAX_PASSPORT_AGE_YEARS == 10);

/* SQL fragments; `c` is the case row.  Parameters: :today (local date),
 * :now and :soon (UTC timestamps), :now_lo and :soon_hi (dates a day around
 * them, for the index on starts_at), :escalate (the last date a submission
 * may have without being overdue). */

#define OPEN_CASE_SQL \
  "(c.decision IS NULL AND coalesce(c.internal_stage, '') NOT IN ('decided', 'closed'))"

/* The note for the case's visa type wins over the destination's general one;
 * a note not yet in effect does not count. */
#define NOTE_MONTHS_SQL(visa_type_test) \
  "(SELECT n.passport_validity_months FROM policy_notes n " \
  "WHERE n.country = c.destination AND " visa_type_test " " \
  "AND n.passport_validity_months IS NOT NULL " \
  "AND (n.effective_date IS NULL OR n.effective_date <= :today) " \
  "ORDER BY n.effective_date DESC LIMIT 1)"

#define VALIDITY_MONTHS_SQL \
  "max(0, coalesce(" NOTE_MONTHS_SQL ("n.visa_type = c.visa_type") ", " \
  NOTE_MONTHS_SQL ("coalesce(n.visa_type, '') = ''") ", 3))"

#define DEPARTURE_SQL "coalesce(date(c.travel_to), date(c.travel_from))"
#define ENTRY_SQL     "coalesce(date(c.travel_from), date(c.travel_to), :today)"
#define REQUIRED_UNTIL_OF_SQL(months) \
  "date(" DEPARTURE_SQL ", '+' || " months " || ' months', 'floor')"
#define REQUIRED_UNTIL_SQL REQUIRED_UNTIL_OF_SQL (VALIDITY_MONTHS_SQL)

/* Needs the applicant as `a`. */
#define PASSPORT_FLAGS_OF_SQL(required_until) \
  "((CASE WHEN date(a.passport_expiry_date) < " required_until " THEN 1 ELSE 0 END) " \
  "| (CASE WHEN " ENTRY_SQL " > date(a.passport_issue_date, '+10 years', 'floor') " \
  "THEN 2 ELSE 0 END))"
#define PASSPORT_FLAGS_SQL PASSPORT_FLAGS_OF_SQL (REQUIRED_UNTIL_SQL)

#define APPLICANT_PASSPORT_FLAGS_SQL \
  "coalesce((SELECT " PASSPORT_FLAGS_SQL " FROM applicants a WHERE a.id = c.applicant_id), 0)"

#define OPEN_ITEM_SQL \
  "i.requirement = 'required' AND i.state IS NOT 'verified' AND i.due_date IS NOT NULL"

#define SCHEDULED_SQL "coalesce(p.status, 'scheduled') = 'scheduled'"

/* Over the whole list, items and appointments are read case by case: with
 * an index on the open items that is quicker than grouping them all. */
#define OVERDUE_SQL \
  "EXISTS (SELECT 1 FROM checklist_items i WHERE i.case_id = c.id AND " OPEN_ITEM_SQL \
  " AND i.due_date < :today)"

#define APPOINTMENT_SOON_SQL \
  "c.id IN (SELECT p.case_id FROM appointments p " \
  "WHERE p.starts_at BETWEEN :now_lo AND :soon_hi AND " SCHEDULED_SQL " " \
  "AND julianday(p.starts_at) BETWEEN julianday(:now) AND julianday(:soon))"

#define DECISION_OVERDUE_SQL \
  "(c.internal_stage = 'submitted' AND coalesce(c.submitted_on, c.stage_since) < :escalate)"

/* The flags, given how to tell the passport's, the documents' and the appointment's. */
#define FLAGS_OF_SQL(passport, overdue, soon) \
  "(CASE WHEN " OPEN_CASE_SQL " THEN " passport \
  " | (CASE WHEN " overdue " THEN 4 ELSE 0 END)" \
  " | (CASE WHEN " soon " THEN 8 ELSE 0 END)" \
  " | (CASE WHEN " DECISION_OVERDUE_SQL " THEN 16 ELSE 0 END) ELSE 0 END)"

#define FLAGS_SQL FLAGS_OF_SQL (APPLICANT_PASSPORT_FLAGS_SQL, OVERDUE_SQL, APPOINTMENT_SOON_SQL)

/* Any flag, cheapest tests first: OR stops at the first true one. */
#define ATTENTION_SQL \
  "(" OPEN_CASE_SQL " AND (" DECISION_OVERDUE_SQL " OR " APPOINTMENT_SOON_SQL \
  " OR " OVERDUE_SQL " OR " APPLICANT_PASSPORT_FLAGS_SQL " <> 0))"

#define NEXT_DUE_SQL \
  "(SELECT min(i.due_date) FROM checklist_items i WHERE i.case_id = c.id AND " OPEN_ITEM_SQL ")"

/* Starts are normalised to UTC so that they compare with dates as text. */
#define UTC_START_SQL "strftime('%Y-%m-%dT%H:%M:%SZ', p.starts_at)"
#define FUTURE_SQL    SCHEDULED_SQL " AND julianday(p.starts_at) >= julianday(:now)"

#define NEXT_APPOINTMENT_SQL \
  "(SELECT min(" UTC_START_SQL ") FROM appointments p WHERE p.case_id = c.id AND " FUTURE_SQL ")"

#define DEADLINE_SQL \
  "(CASE WHEN " OPEN_CASE_SQL " THEN (SELECT min(d) FROM (SELECT " NEXT_DUE_SQL " AS d " \
  "UNION ALL SELECT " NEXT_APPOINTMENT_SQL ")) END)"

/* A page reads its items and appointments in one pass each, grouped by case
 * (case by case, each item would be read three times). */
#define PAGE_ITEMS_SQL \
  "(SELECT i.case_id AS case_id, min(i.due_date) AS next_due, " \
  "sum(i.due_date < :today) AS overdue FROM checklist_items i " \
  "WHERE i.case_id IN (SELECT id FROM page) AND " OPEN_ITEM_SQL " GROUP BY i.case_id) ni"

#define PAGE_APPOINTMENTS_SQL \
  "(SELECT p.case_id AS case_id, min(" UTC_START_SQL ") AS next_appointment " \
  "FROM appointments p WHERE p.case_id IN (SELECT id FROM page) AND " FUTURE_SQL " " \
  "GROUP BY p.case_id) na"

#define SEARCH_HITS_SQL \
  "WITH hits AS MATERIALIZED (SELECT d.kind AS kind, d.record_id AS record_id " \
  "FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid " \
  "WHERE search_fts MATCH :match) "

#define SEARCH_FILTER_SQL \
  "c.rowid IN (SELECT hc.rowid FROM hits h JOIN cases hc ON hc.id = h.record_id " \
  "WHERE h.kind = 'case' UNION SELECT ac.rowid FROM hits h " \
  "JOIN cases ac ON ac.applicant_id = h.record_id WHERE h.kind = 'applicant')"

#define STAGE_ORDER_SQL \
  "CASE c.internal_stage WHEN 'intake' THEN 1 WHEN 'documents' THEN 2 WHEN 'review' THEN 3 " \
  "WHEN 'ready' THEN 4 WHEN 'submitted' THEN 5 WHEN 'decided' THEN 6 WHEN 'closed' THEN 7 END"

#define URGENCY_ORDER_SQL \
  "CASE coalesce(c.urgency, 'normal') WHEN 'normal' THEN 1 WHEN 'urgent' THEN 2 " \
  "WHEN 'express' THEN 3 END"

/* Sort keys of each DossierCaseSort, most significant first. */
static const char *const sort_keys[][3] = {
  [DOSSIER_CASE_SORT_UPDATED] = { "c.updated_at" },
  [DOSSIER_CASE_SORT_REFERENCE] = { "c.reference COLLATE NOCASE" },
  [DOSSIER_CASE_SORT_APPLICANT] = { "a.family_name COLLATE NOCASE", "a.given_names COLLATE NOCASE",
                                    "a.native_name" },
  [DOSSIER_CASE_SORT_DESTINATION] = { "c.destination" },
  [DOSSIER_CASE_SORT_VISA_TYPE] = { "c.visa_type" },
  [DOSSIER_CASE_SORT_STAGE] = { STAGE_ORDER_SQL },
  [DOSSIER_CASE_SORT_URGENCY] = { URGENCY_ORDER_SQL },
  [DOSSIER_CASE_SORT_NEXT_DEADLINE] = { DEADLINE_SQL },
  [DOSSIER_CASE_SORT_ASSIGNEE] = { "c.assignee COLLATE NOCASE" },
  [DOSSIER_CASE_SORT_FLAGS] = { FLAGS_SQL },
};

#define DESTINATION_ORDER_SQL "nullif(instr(:destination_order, ',' || c.destination || ','), 0)"

/* The values of the named parameters, worked out on the caller's thread. */
typedef struct
{
  char today[11];
  char now[21];
  char soon[21];
  char now_lo[11];
  char soon_hi[11];
  char escalate[11];
} TimeContext;

typedef struct
{
  DossierCaseFilter *filter;
  TimeContext        time;
  char              *match;               /* FTS5 expression, or NULL */
  char              *destination_order;   /* ",DE,FR,...," or NULL */
  char              *rowids_json;         /* for the rows job */
} QueryData;

/* Filters and summaries --------------------------------------------------- */

/**
 * dossier_case_filter_new:
 *
 * Returns: (transfer full): a filter keeping every case, newest change first,
 *   with the default time rules
 */
DossierCaseFilter *
dossier_case_filter_new (void)
{
  DossierCaseFilter *filter = g_new0 (DossierCaseFilter, 1);

  filter->sort = DOSSIER_CASE_SORT_UPDATED;
  filter->descending = TRUE;
  filter->escalation_days = DOSSIER_CASE_QUERY_DEFAULT_ESCALATION_DAYS;
  filter->appointment_days = DOSSIER_CASE_QUERY_DEFAULT_APPOINTMENT_DAYS;
  return filter;
}

/**
 * dossier_case_filter_copy:
 *
 * Returns: (transfer full): a deep copy of @filter
 */
DossierCaseFilter *
dossier_case_filter_copy (const DossierCaseFilter *filter)
{
  DossierCaseFilter *copy = g_memdup2 (filter, sizeof *filter);

  copy->stage = g_strdup (filter->stage);
  copy->destination = g_strdup (filter->destination);
  copy->urgency = g_strdup (filter->urgency);
  copy->text = g_strdup (filter->text);
  copy->destination_order = g_strdupv (filter->destination_order);
  copy->now = filter->now ? g_date_time_ref (filter->now) : NULL;
  return copy;
}

void
dossier_case_filter_free (DossierCaseFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->stage);
  g_free (filter->destination);
  g_free (filter->urgency);
  g_free (filter->text);
  g_strfreev (filter->destination_order);
  g_clear_pointer (&filter->now, g_date_time_unref);
  g_free (filter);
}

void
dossier_case_summary_free (DossierCaseSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->case_id);
  g_free (summary->reference);
  g_free (summary->applicant_id);
  g_free (summary->family_name);
  g_free (summary->given_names);
  g_free (summary->native_name);
  g_free (summary->destination);
  g_free (summary->visa_type);
  g_free (summary->stage);
  g_free (summary->urgency);
  g_free (summary->assignee);
  g_free (summary->next_due_date);
  g_free (summary->next_appointment);
  g_free (summary->passport_expiry_date);
  g_free (summary->passport_required_until);
  g_free (summary->departure_date);
  g_free (summary->passport_issue_date);
  g_free (summary->entry_date);
  g_free (summary->pending_since);
  g_free (summary);
}

/**
 * dossier_case_summary_get_deadline:
 * @out_is_appointment: (out) (optional): whether the deadline is an appointment
 *
 * The earlier of the next due date and the next appointment.  A due date
 * comes first on the day of an appointment: it is due by the start of the day.
 *
 * Returns: (transfer none) (nullable): a date (YYYY-MM-DD) or a UTC timestamp
 */
const char *
dossier_case_summary_get_deadline (const DossierCaseSummary *summary,
                                   gboolean                 *out_is_appointment)
{
  gboolean appointment = summary->next_appointment != NULL
                         && (summary->next_due_date == NULL
                             || strcmp (summary->next_appointment, summary->next_due_date) < 0);

  if (out_is_appointment != NULL)
    *out_is_appointment = appointment;
  return appointment ? summary->next_appointment : summary->next_due_date;
}

/* Parameters -------------------------------------------------------------- */

static void
format_date (char      *out,
             GDateTime *time)
{
  g_autofree char *text = g_date_time_format (time, "%Y-%m-%d");

  g_strlcpy (out, text, 11);
}

static void
format_utc (char      *out,
            GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

  g_strlcpy (out, text, 21);
}

static void
time_context_init (TimeContext             *context,
                   const DossierCaseFilter *filter)
{
  g_autoptr(GDateTime) now = filter->now ? g_date_time_to_local (filter->now)
                                         : g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, (int) filter->appointment_days);
  g_autoptr(GDateTime) before_now = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) after_soon = g_date_time_add_days (soon, 2);
  g_autoptr(GDateTime) escalate = g_date_time_add_days (now, -(int) filter->escalation_days);
  g_autoptr(GDateTime) before_now_utc = g_date_time_to_utc (before_now);
  g_autoptr(GDateTime) after_soon_utc = g_date_time_to_utc (after_soon);

  format_date (context->today, now);
  format_utc (context->now, now);
  format_utc (context->soon, soon);
  format_date (context->now_lo, before_now_utc);
  format_date (context->soon_hi, after_soon_utc);
  format_date (context->escalate, escalate);
}

static void
bind_named (sqlite3_stmt *stmt,
            const char   *name,
            const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_time_context (sqlite3_stmt      *stmt,
                   const TimeContext *time)
{
  bind_named (stmt, ":today", time->today);
  bind_named (stmt, ":now", time->now);
  bind_named (stmt, ":soon", time->soon);
  bind_named (stmt, ":now_lo", time->now_lo);
  bind_named (stmt, ":soon_hi", time->soon_hi);
  bind_named (stmt, ":escalate", time->escalate);
}

static void
query_data_free (QueryData *data)
{
  dossier_case_filter_free (data->filter);
  g_free (data->match);
  g_free (data->destination_order);
  g_free (data->rowids_json);
  g_free (data);
}

static QueryData *
query_data_new (const DossierCaseFilter *filter)
{
  QueryData *data = g_new0 (QueryData, 1);

  data->filter = filter ? dossier_case_filter_copy (filter) : dossier_case_filter_new ();
  time_context_init (&data->time, data->filter);
  return data;
}

/* Lets a cancelled query stop in the middle of a long scan. */
static int
interrupt_if_cancelled (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static void
return_step_error (GTask               *task,
                   DossierReplicaState *state,
                   int                  rc,
                   const char          *what)
{
  GError *error = NULL;

  if (rc == SQLITE_INTERRUPT)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s was cancelled", what);
  else
    {
      dossier_replica_set_sqlite_error (&error, state->db, what);
      g_task_return_error (task, error);
    }
}

/* The rowid list ------------------------------------------------------------ */

static void
append_order_by (GString                 *sql,
                 const DossierCaseFilter *filter,
                 gboolean                 has_destination_order)
{
  const char *direction = filter->descending ? " DESC" : " ASC";
  guint sort = filter->sort < G_N_ELEMENTS (sort_keys) ? filter->sort : DOSSIER_CASE_SORT_UPDATED;

  g_string_append (sql, " ORDER BY ");
  for (guint i = 0; i < G_N_ELEMENTS (sort_keys[sort]) && sort_keys[sort][i] != NULL; i++)
    {
      if (sort == DOSSIER_CASE_SORT_DESTINATION && has_destination_order)
        g_string_append (sql, DESTINATION_ORDER_SQL);
      else
        g_string_append (sql, sort_keys[sort][i]);
      g_string_append (sql, direction);
      g_string_append (sql, " NULLS LAST, ");
    }
  /* Equal keys keep one stable order, whichever way the column is sorted. */
  g_string_append (sql, "c.rowid ASC");
}

/* A plain search, newest change first (what typing in the search box
 * asks): the cases found and their updated_at come from indexes alone
 * (cases_applicant holds updated_at, migration 11), no case row is read.
 * The order is the general query's. */
#define SEARCH_NEWEST_SQL \
  "SELECT rowid FROM (SELECT hc.rowid AS rowid, hc.updated_at AS updated_at FROM hits h " \
  "JOIN cases hc ON hc.id = h.record_id WHERE h.kind = 'case' " \
  "UNION SELECT ac.rowid, ac.updated_at FROM hits h " \
  "JOIN cases ac ON ac.applicant_id = h.record_id WHERE h.kind = 'applicant') " \
  "ORDER BY updated_at%s NULLS LAST, rowid ASC"

static gboolean
is_plain_search (const DossierCaseFilter *filter,
                 const char              *match)
{
  return match != NULL && filter->sort == DOSSIER_CASE_SORT_UPDATED && filter->stage == NULL
         && filter->destination == NULL && filter->urgency == NULL && !filter->needs_attention;
}

static char *
rowids_sql (QueryData *data)
{
  const DossierCaseFilter *filter = data->filter;
  GString *sql = g_string_new (NULL);

  if (is_plain_search (filter, data->match))
    {
      g_string_append (sql, SEARCH_HITS_SQL);
      g_string_append_printf (sql, SEARCH_NEWEST_SQL, filter->descending ? " DESC" : " ASC");
      if (filter->limit > 0)
        g_string_append (sql, " LIMIT :limit");
      return g_string_free (sql, FALSE);
    }
  if (data->match != NULL)
    g_string_append (sql, SEARCH_HITS_SQL);
  g_string_append (sql, "SELECT c.rowid FROM cases c ");
  if (filter->sort == DOSSIER_CASE_SORT_APPLICANT)
    g_string_append (sql, "LEFT JOIN applicants a ON a.id = c.applicant_id ");
  g_string_append (sql, "WHERE 1 = 1");
  if (filter->stage != NULL)
    g_string_append (sql, " AND c.internal_stage = :stage");
  if (filter->destination != NULL)
    g_string_append (sql, " AND c.destination = :destination");
  if (filter->urgency != NULL)
    g_string_append (sql, " AND coalesce(c.urgency, 'normal') = :urgency");
  if (data->match != NULL)
    g_string_append (sql, " AND " SEARCH_FILTER_SQL);
  if (filter->needs_attention)
    g_string_append (sql, " AND " ATTENTION_SQL);
  append_order_by (sql, filter, data->destination_order != NULL);
  if (filter->limit > 0)
    g_string_append (sql, " LIMIT :limit");
  return g_string_free (sql, FALSE);
}

static void
rowids_job (DossierReplicaState *state,
            GTask               *task,
            gpointer             task_data,
            GCancellable        *cancellable)
{
  QueryData *data = task_data;
  g_autofree char *sql = rowids_sql (data);
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = dossier_replica_state_prepare (state, sql, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  bind_time_context (stmt, &data->time);
  bind_named (stmt, ":stage", data->filter->stage);
  bind_named (stmt, ":destination", data->filter->destination);
  bind_named (stmt, ":urgency", data->filter->urgency);
  bind_named (stmt, ":match", data->match);
  bind_named (stmt, ":destination_order", data->destination_order);
  if (data->filter->limit > 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), data->filter->limit);

  if (cancellable != NULL)
    sqlite3_progress_handler (state->db, 4096, interrupt_if_cancelled, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (rowids, rowid);
    }
  sqlite3_progress_handler (state->db, 0, NULL, NULL);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return_step_error (task, state, rc, "Listing cases");
  else
    g_task_return_pointer (task, g_steal_pointer (&rowids), (GDestroyNotify) g_array_unref);
}

static char *
destination_order_text (char **codes)
{
  GString *text;

  if (codes == NULL || codes[0] == NULL)
    return NULL;
  text = g_string_new (",");
  for (guint i = 0; codes[i] != NULL; i++)
    g_string_append_printf (text, "%s,", codes[i]);
  return g_string_free (text, FALSE);
}

/**
 * dossier_case_query_rowids_async:
 * @replica: an open replica
 * @filter: (nullable): what to keep and how to sort; %NULL for every case
 *
 * Lists the rowids of the cases @filter keeps, in its order.  Cancelling
 * @cancellable stops the query even halfway through a long scan.
 */
void
dossier_case_query_rowids_async (DossierReplica          *replica,
                                 const DossierCaseFilter *filter,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (DOSSIER_IS_REPLICA (replica));

  task = g_task_new (replica, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_case_query_rowids_async);
  data = query_data_new (filter);
  data->match = dossier_search_query_build (data->filter->text);
  if (data->filter->sort == DOSSIER_CASE_SORT_DESTINATION)
    data->destination_order = destination_order_text (data->filter->destination_order);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  dossier_replica_queue_job (replica, task, rowids_job);
}

/**
 * dossier_case_query_rowids_finish:
 *
 * Returns: (transfer full) (element-type gint64): the rowids, in order
 */
GArray *
dossier_case_query_rowids_finish (DossierReplica  *replica,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, replica), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GArray *
dossier_case_query_rowids_sync (DossierReplica          *replica,
                                const DossierCaseFilter *filter,
                                GCancellable            *cancellable,
                                GError                 **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_case_query_rowids_async (replica, filter, cancellable, dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_case_query_rowids_finish (replica, result, error);
}

/* Summary rows -------------------------------------------------------------- */

enum
{
  COL_ROWID,
  COL_ID,
  COL_REFERENCE,
  COL_APPLICANT_ID,
  COL_FAMILY_NAME,
  COL_GIVEN_NAMES,
  COL_NATIVE_NAME,
  COL_DESTINATION,
  COL_VISA_TYPE,
  COL_STAGE,
  COL_URGENCY,
  COL_ASSIGNEE,
  COL_NEXT_DUE,
  COL_NEXT_APPOINTMENT,
  COL_FLAGS,
  COL_EXPIRY,
  COL_REQUIRED_UNTIL,
  COL_MONTHS,
  COL_DEPARTURE,
  COL_ISSUE,
  COL_ENTRY,
  COL_OVERDUE,
  COL_PENDING_SINCE,
};

/* One page: the cases by rowid, then their open items and next appointments.
 * The months the destination's policy asks for are looked up once a case
 * (the page is materialized): spelled out three times, they were read
 * three times, two notes each. */
static const char rows_sql[] =
  "WITH page AS MATERIALIZED (SELECT j.key AS position, c.rowid AS case_rowid, c.*, "
  VALIDITY_MONTHS_SQL " AS validity_months "
  "FROM json_each(:rowids) j JOIN cases c ON c.rowid = j.value) "
  "SELECT c.case_rowid, c.id, c.reference, c.applicant_id, a.family_name, a.given_names, "
  "a.native_name, c.destination, c.visa_type, c.internal_stage, c.urgency, c.assignee, "
  "CASE WHEN " OPEN_CASE_SQL " THEN ni.next_due END, "
  "CASE WHEN " OPEN_CASE_SQL " THEN na.next_appointment END, "
  FLAGS_OF_SQL (PASSPORT_FLAGS_OF_SQL (REQUIRED_UNTIL_OF_SQL ("c.validity_months")),
                "coalesce(ni.overdue, 0) > 0",
                "julianday(na.next_appointment) <= julianday(:soon)") ", "
  "a.passport_expiry_date, " REQUIRED_UNTIL_OF_SQL ("c.validity_months") ", c.validity_months, "
  DEPARTURE_SQL ", a.passport_issue_date, " ENTRY_SQL ", coalesce(ni.overdue, 0), "
  "CASE WHEN c.internal_stage = 'submitted' THEN coalesce(c.submitted_on, c.stage_since) END "
  "FROM page c LEFT JOIN applicants a ON a.id = c.applicant_id "
  "LEFT JOIN " PAGE_ITEMS_SQL " ON ni.case_id = c.id "
  "LEFT JOIN " PAGE_APPOINTMENTS_SQL " ON na.case_id = c.id ORDER BY c.position";

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static DossierCaseSummary *
summary_from_row (sqlite3_stmt *stmt)
{
  DossierCaseSummary *summary = g_new0 (DossierCaseSummary, 1);

  summary->rowid = sqlite3_column_int64 (stmt, COL_ROWID);
  summary->case_id = column_dup (stmt, COL_ID);
  summary->reference = column_dup (stmt, COL_REFERENCE);
  summary->applicant_id = column_dup (stmt, COL_APPLICANT_ID);
  summary->family_name = column_dup (stmt, COL_FAMILY_NAME);
  summary->given_names = column_dup (stmt, COL_GIVEN_NAMES);
  summary->native_name = column_dup (stmt, COL_NATIVE_NAME);
  summary->destination = column_dup (stmt, COL_DESTINATION);
  summary->visa_type = column_dup (stmt, COL_VISA_TYPE);
  summary->stage = column_dup (stmt, COL_STAGE);
  summary->urgency = column_dup (stmt, COL_URGENCY);
  summary->assignee = column_dup (stmt, COL_ASSIGNEE);
  summary->next_due_date = column_dup (stmt, COL_NEXT_DUE);
  summary->next_appointment = column_dup (stmt, COL_NEXT_APPOINTMENT);
  summary->flags = (DossierCaseFlags) sqlite3_column_int (stmt, COL_FLAGS);
  summary->passport_expiry_date = column_dup (stmt, COL_EXPIRY);
  summary->passport_required_until = column_dup (stmt, COL_REQUIRED_UNTIL);
  summary->validity_months = (guint) sqlite3_column_int (stmt, COL_MONTHS);
  summary->departure_date = column_dup (stmt, COL_DEPARTURE);
  summary->passport_issue_date = column_dup (stmt, COL_ISSUE);
  summary->entry_date = column_dup (stmt, COL_ENTRY);
  summary->overdue_items = (guint) sqlite3_column_int (stmt, COL_OVERDUE);
  summary->pending_since = column_dup (stmt, COL_PENDING_SINCE);
  return summary;
}

static void
rows_job (DossierReplicaState *state,
          GTask               *task,
          gpointer             task_data,
          GCancellable        *cancellable)
{
  QueryData *data = task_data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_case_summary_free);
  GError *error = NULL;
  gboolean outbox_empty = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = dossier_replica_state_prepare (state, rows_sql, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  bind_time_context (stmt, &data->time);
  bind_named (stmt, ":rowids", data->rowids_json);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, summary_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      return_step_error (task, state, rc, "Reading cases");
      return;
    }
  /* The "not yet synced" marker: an indexed lookup per row of a page. */
  if (data->filter->without_unsent)
    outbox_empty = TRUE;
  else if (!dossier_replica_state_outbox_is_empty (state, &outbox_empty, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; !outbox_empty && i < rows->len; i++)
    {
      DossierCaseSummary *summary = rows->pdata[i];
      gboolean pending = FALSE;

      if (!dossier_replica_state_case_has_pending (state, summary->case_id, &pending, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      summary->unsent = pending;
    }
  g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * dossier_case_query_rows_async:
 * @replica: an open replica
 * @filter: (nullable): gives the time rules of the flags; %NULL for the defaults
 * @rowids: (array length=n_rowids): the cases to read, from the rowid list
 * @n_rowids: how many
 *
 * Reads the summary rows of a page of the list.
 */
void
dossier_case_query_rows_async (DossierReplica          *replica,
                               const DossierCaseFilter *filter,
                               const gint64            *rowids,
                               guint                    n_rowids,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;
  GString *json = g_string_new ("[");

  g_return_if_fail (DOSSIER_IS_REPLICA (replica));
  g_return_if_fail (rowids != NULL || n_rowids == 0);

  task = g_task_new (replica, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_case_query_rows_async);
  for (guint i = 0; i < n_rowids; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", rowids[i]);
  g_string_append_c (json, ']');
  data = query_data_new (filter);
  data->rowids_json = g_string_free (json, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  dossier_replica_queue_job (replica, task, rows_job);
}

/**
 * dossier_case_query_rows_finish:
 *
 * Returns: (transfer full) (element-type DossierCaseSummary): the rows
 */
GPtrArray *
dossier_case_query_rows_finish (DossierReplica  *replica,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, replica), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
dossier_case_query_rows_sync (DossierReplica          *replica,
                              const DossierCaseFilter *filter,
                              const gint64            *rowids,
                              guint                    n_rowids,
                              GCancellable            *cancellable,
                              GError                 **error)
{
  DossierSyncWait wait;
  g_autoptr(GAsyncResult) result = NULL;

  dossier_sync_wait_begin (&wait);
  dossier_case_query_rows_async (replica, filter, rowids, n_rowids, cancellable,
                                 dossier_sync_wait_cb, &wait);
  result = dossier_sync_wait_end (&wait);
  return dossier_case_query_rows_finish (replica, result, error);
}

/* One rowid ------------------------------------------------------------------- */

static void
lookup_rowid_job (DossierReplicaState *state,
                  GTask               *task,
                  gpointer             task_data,
                  GCancellable        *cancellable)
{
  GError *error = NULL;
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state, "SELECT rowid FROM cases WHERE id = ?",
                                                      &error);
  gint64 rowid = 0;
  int rc;

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sqlite3_bind_text (stmt, 1, task_data, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return_step_error (task, state, rc, "Finding a case");
  else
    g_task_return_int (task, rowid);
}

void
dossier_case_query_lookup_rowid_async (DossierReplica      *replica,
                                       const char          *case_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOSSIER_IS_REPLICA (replica));
  g_return_if_fail (case_id != NULL);

  task = g_task_new (replica, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_case_query_lookup_rowid_async);
  g_task_set_task_data (task, g_strdup (case_id), g_free);
  dossier_replica_queue_job (replica, task, lookup_rowid_job);
}

/**
 * dossier_case_query_lookup_rowid_finish:
 *
 * Returns: the case's rowid, or 0 when there is no such case (or on error)
 */
gint64
dossier_case_query_lookup_rowid_finish (DossierReplica  *replica,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, replica), 0);
  return g_task_propagate_int (G_TASK (result), error);
}

/* Destinations ---------------------------------------------------------------- */

/* The destinations are read off the (internal_stage, destination) index by
 * skipping from one distinct pair to the next: a few hundred seeks, where
 * SELECT DISTINCT would read an entry per case (0.2 s at 100,000 cases, on
 * the worker the list waits for, at every start). */
static const char first_stage_sql[] =
  "SELECT min(internal_stage) FROM cases WHERE internal_stage IS NOT NULL";
static const char next_stage_sql[] =
  "SELECT min(internal_stage) FROM cases WHERE internal_stage > ?1";
static const char next_destination_sql[] =
  "SELECT min(destination) FROM cases WHERE internal_stage IS ?1 AND destination > ?2";

static gboolean
add_stage_destinations (DossierReplicaState  *state,
                        const char           *stage,
                        GTree                *codes,
                        GError              **error)
{
  g_autofree char *last = g_strdup ("");
  sqlite3_stmt *stmt;
  int rc;

  for (;;)
    {
      if ((stmt = dossier_replica_state_prepare (state, next_destination_sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, stage, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        break;
      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        {
          sqlite3_reset (stmt);
          return TRUE;
        }
      g_free (last);
      last = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      g_tree_insert (codes, g_strdup (last), NULL);
    }
  sqlite3_reset (stmt);
  dossier_replica_set_sqlite_error (error, state->db, "Listing destinations");
  return FALSE;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (a, b);
}

static gboolean
add_code_cb (gpointer key,
             gpointer value,
             gpointer user_data)
{
  g_strv_builder_add (user_data, key);
  return FALSE;
}

static void
destinations_job (DossierReplicaState *state,
                  GTask               *task,
                  gpointer             task_data,
                  GCancellable        *cancellable)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GTree) codes = g_tree_new_full (compare_codes, NULL, g_free, NULL);
  g_autofree char *stage = NULL;   /* NULL: the cases without a stage, which sort first */
  GError *error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  for (;;)
    {
      if (!add_stage_destinations (state, stage, codes, &error)
          || (stmt = dossier_replica_state_prepare (state, stage ? next_stage_sql : first_stage_sql,
                                                    &error)) == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if (stage != NULL)
        sqlite3_bind_text (stmt, 1, stage, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      g_clear_pointer (&stage, g_free);
      if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        stage = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          return_step_error (task, state, rc, "Listing destinations");
          return;
        }
      if (stage == NULL)
        break;
    }
  g_tree_foreach (codes, add_code_cb, builder);
  g_task_return_pointer (task, g_strv_builder_end (builder), (GDestroyNotify) g_strfreev);
}

void
dossier_case_query_destinations_async (DossierReplica      *replica,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOSSIER_IS_REPLICA (replica));

  task = g_task_new (replica, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_case_query_destinations_async);
  dossier_replica_queue_job (replica, task, destinations_job);
}

/**
 * dossier_case_query_destinations_finish:
 *
 * Returns: (transfer full): the destination codes, sorted
 */
char **
dossier_case_query_destinations_finish (DossierReplica  *replica,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, replica), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
