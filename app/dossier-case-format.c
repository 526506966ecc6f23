/* dossier-case-format.c: what the case list says about a case, in words.
 *
 * The stored values (stage, urgency) and the summary rows of
 * dossier-case-query become text in the user's language: labels, the next
 * deadline, and a sentence per flag with the dates that raised it.
 */

#include <glib/gi18n.h>

#include "dossier-case-format.h"

/* Labels ------------------------------------------------------------------- */

static const char *const stages[] = {
  "intake", "documents", "review", "ready", "submitted", "decided", "closed",
};

static const char *const stage_labels[] = {
  NC_("case stage", "Intake"), NC_("case stage", "Documents"), NC_("case stage", "Review"),
  NC_("case stage", "Ready"), NC_("case stage", "Submitted"), NC_("case stage", "Decided"),
  NC_("case stage", "Closed"),
};

static const char *const urgencies[] = { "normal", "urgent", "express" };

static const char *const urgency_labels[] = {
  NC_("urgency", "Normal"), NC_("urgency", "Urgent"), NC_("urgency", "Express"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (stages) == G_N_ELEMENTS (stage_labels));
G_STATIC_ASSERT (G_N_ELEMENTS (urgencies) == G_N_ELEMENTS (urgency_labels));

static const char *
lookup_label (const char        *value,
              const char *const *values,
              const char *const *labels,
              guint              n,
              const char        *context)
{
  for (guint i = 0; value != NULL && i < n; i++)
    if (g_str_equal (value, values[i]))
      return g_dpgettext2 (GETTEXT_PACKAGE, context, labels[i]);
  return value;
}

/**
 * dossier_case_stages_get_all:
 * @out_n_stages: (out) (optional): how many
 *
 * Returns: (transfer none): the internal stages in the order of the work
 */
const char *const *
dossier_case_stages_get_all (guint *out_n_stages)
{
  if (out_n_stages != NULL)
    *out_n_stages = G_N_ELEMENTS (stages);
  return stages;
}

const char *
dossier_case_stage_get_label (const char *stage)
{
  return lookup_label (stage, stages, stage_labels, G_N_ELEMENTS (stages), "case stage");
}

/**
 * dossier_case_urgencies_get_all:
 * @out_n_urgencies: (out) (optional): how many
 *
 * Returns: (transfer none): the urgencies, least urgent first
 */
const char *const *
dossier_case_urgencies_get_all (guint *out_n_urgencies)
{
  if (out_n_urgencies != NULL)
    *out_n_urgencies = G_N_ELEMENTS (urgencies);
  return urgencies;
}

const char *
dossier_case_urgency_get_label (const char *urgency)
{
  return lookup_label (urgency ? urgency : "normal", urgencies, urgency_labels,
                       G_N_ELEMENTS (urgencies), "urgency");
}

/* Deadlines and flags --------------------------------------------------------------------- */

/* A stored UTC moment as the user's local date and time. */
static char *
format_local_time (const char *timestamp)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (timestamp, NULL);
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (timestamp);
}

/**
 * dossier_case_format_deadline:
 * @summary: a case's summary
 * @out_details: (out) (optional) (transfer full): what the deadline is
 *
 * Returns: (transfer full) (nullable): the next deadline: a date, or an
 *   appointment's local date and time; %NULL when there is none
 */
char *
dossier_case_format_deadline (const DossierCaseSummary  *summary,
                              char                     **out_details)
{
  gboolean appointment;
  const char *deadline = dossier_case_summary_get_deadline (summary, &appointment);

  if (out_details != NULL)
    *out_details = NULL;
  if (deadline == NULL)
    return NULL;
  if (out_details != NULL)
    *out_details = g_strdup (appointment ? _("Next appointment")
                                         : _("Earliest due date of a required document not yet verified"));
  return appointment ? format_local_time (deadline) : g_strdup (deadline);
}

static const char *
flag_title (DossierCaseFlags flag)
{
  switch (flag)
    {
    case DOSSIER_CASE_FLAG_PASSPORT_VALIDITY:
      return C_("case flag", "Passport validity");
    case DOSSIER_CASE_FLAG_PASSPORT_ISSUE_AGE:
      return C_("case flag", "Old passport");
    case DOSSIER_CASE_FLAG_OVERDUE_DOCUMENTS:
      return C_("case flag", "Overdue documents");
    case DOSSIER_CASE_FLAG_APPOINTMENT_SOON:
      return C_("case flag", "Appointment soon");
    case DOSSIER_CASE_FLAG_DECISION_OVERDUE:
      return C_("case flag", "Decision overdue");
    case DOSSIER_CASE_FLAG_NONE:
    default:
      return "";
    }
}

static char *
describe_validity (const DossierCaseSummary *s)
{
  if (s->validity_months == 0)
    return g_strdup_printf (_("The passport expires on %s, before the departure on %s"),
                            s->passport_expiry_date, s->departure_date);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The passport expires on %s; it must be valid until %s, "
                                       "%u month after the departure on %s",
                                       "The passport expires on %s; it must be valid until %s, "
                                       "%u months after the departure on %s",
                                       s->validity_months),
                          s->passport_expiry_date, s->passport_required_until,
                          s->validity_months, s->departure_date);
}

static char *
describe_flag (const DossierCaseSummary *s,
               DossierCaseFlags          flag,
               guint                     escalation_days)
{
  g_autofree char *appointment = NULL;

  switch (flag)
    {
    case DOSSIER_CASE_FLAG_PASSPORT_VALIDITY:
      return describe_validity (s);
    case DOSSIER_CASE_FLAG_PASSPORT_ISSUE_AGE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The passport was issued on %s, more than %u year "
                                           "before the travel on %s",
                                           "The passport was issued on %s, more than %u years "
                                           "before the travel on %s",
                                           DOSSIER_CASE_QUERY_MAX_PASSPORT_AGE_YEARS),
                              s->passport_issue_date, DOSSIER_CASE_QUERY_MAX_PASSPORT_AGE_YEARS,
                              s->entry_date);
    case DOSSIER_CASE_FLAG_OVERDUE_DOCUMENTS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u required document is past its due date",
                                           "%u required documents are past their due date",
                                           s->overdue_items),
                              s->overdue_items);
    case DOSSIER_CASE_FLAG_APPOINTMENT_SOON:
      appointment = format_local_time (s->next_appointment);
      return g_strdup_printf (_("Appointment on %s"), appointment);
    case DOSSIER_CASE_FLAG_DECISION_OVERDUE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Submitted on %s; no decision after more than %u day",
                                           "Submitted on %s; no decision after more than %u days",
                                           escalation_days),
                              s->pending_since, escalation_days);
    case DOSSIER_CASE_FLAG_NONE:
    default:
      return NULL;
    }
}

/**
 * dossier_case_format_flags:
 * @summary: a case's summary
 * @escalation_days: the rule its decision-overdue flag followed
 * @out_title: (out) (optional) (transfer full): the first flag's title, and how many more
 * @out_details: (out) (optional) (transfer full): every flag in a sentence, one a line
 *
 * Returns: %TRUE if the case has flags (the out values are %NULL otherwise)
 */
gboolean
dossier_case_format_flags (const DossierCaseSummary  *summary,
                           guint                      escalation_days,
                           char                     **out_title,
                           char                     **out_details)
{
  g_autoptr(GString) details = g_string_new (NULL);
  const char *first = NULL;
  guint n = 0;

  for (guint bit = 1; bit <= DOSSIER_CASE_FLAG_DECISION_OVERDUE; bit <<= 1)
    {
      g_autofree char *sentence = NULL;

      if ((summary->flags & bit) == 0)
        continue;
      sentence = describe_flag (summary, bit, escalation_days);
      g_string_append_printf (details, "%s%s", details->len > 0 ? "\n" : "", sentence);
      if (first == NULL)
        first = flag_title (bit);
      n++;
    }
  if (out_title != NULL)
    /* Translators: the first flag of a case, and how many more it has */
    *out_title = n == 0 ? NULL : n == 1 ? g_strdup (first) : g_strdup_printf (_("%s +%u"), first, n - 1);
  if (out_details != NULL)
    *out_details = n == 0 ? NULL : g_string_free (g_steal_pointer (&details), FALSE);
  return n > 0;
}
