/* dossier-case-editor.c: one case and its applicant, on tabs, saved as the
 * user works.
 *
 * The editor owns the header (reference, applicant, save status, the case's
 * flags and the duplicate warning) and one DossierCaseSession per loaded
 * case, which it hands to the tabs; the tabs validate and stage, the session
 * writes.  Loading another case or closing the window closes the session,
 * which still writes what was staged.  The flags come from dossier-checks.h
 * with the passport rule of the destination's policy note.
 */

#include <glib/gi18n.h>

#include "dossier-activity-view.h"
#include "dossier-applicant-form.h"
#include "dossier-person-name.h"
#include "dossier-appointments-view.h"
#include "dossier-case-editor.h"
#include "dossier-case-session.h"
#include "dossier-checklist-view.h"
#include "dossier-checks.h"
#include "dossier-decision-form.h"
#include "dossier-duplicate-finder.h"
#include "dossier-fees-view.h"
#include "dossier-policy-note.h"
#include "dossier-settings.h"
#include "dossier-shipments-view.h"
#include "dossier-sync-marker.h"
#include "dossier-travel-form.h"

/* Typing a name settles before the replica is asked about duplicates. */
#define DUPLICATE_CHECK_DELAY_MS 400

struct _DossierCaseEditor
{
  GtkBox                   parent_instance;

  GtkLabel                *reference_label;
  GtkLabel                *status_label;
  GtkLabel                *name_label;
  GtkLabel                *subtitle_label;
  GtkFlowBox              *flags_box;
  GtkLabel                *policy_label;
  GtkWidget               *duplicate_box;
  GtkLabel                *duplicate_label;
  GtkButton               *duplicate_button;
  GtkInfoBar              *error_bar;
  GtkLabel                *error_label;
  GtkNotebook             *notebook;
  DossierApplicantForm    *applicant_form;
  DossierTravelForm       *travel_form;
  DossierAppointmentsView *appointments_view;
  DossierDecisionForm     *decision_form;
  DossierFeesView         *fees_view;
  DossierShipmentsView    *shipments_view;
  DossierActivityView     *activity_view;
  DossierChecklistView    *checklist_view;
  GtkWidget               *documents_page;
  GtkWidget               *sync_marker;      /* "Not yet synced", beside the save status */
  char                    *checklist_key;    /* case, destination and visa type shown there */

  DossierReplica          *replica;
  DossierCaseSession      *session;
  char                    *wanted_case_id;   /* asked for before the replica was set */
  gboolean                 load_wanted;

  /* The passport rule of the destination's policy note. */
  GCancellable            *policy_cancellable;
  char                    *policy_key;
  gboolean                 policy_found;
  guint                    validity_months;
  char                    *policy_title;

  /* The duplicate applicant check. */
  GCancellable            *duplicate_cancellable;
  char                    *duplicate_key;
  guint                    duplicate_timeout_id;
  char                    *duplicate_case_id;
};

G_DEFINE_FINAL_TYPE (DossierCaseEditor, dossier_case_editor, GTK_TYPE_BOX)

enum
{
  CASE_SAVED,
  OPEN_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_duplicate_check (DossierCaseEditor *self);

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* ---- Names and labels ---------------------------------------------------- */

/* "WANG Xiaoming": the Latin part of a person's name (see dossier-person-name.h). */
static char *
format_person (const char *family,
               const char *given)
{
  return dossier_person_name_format (family, given, NULL);
}

static const char *
applicant_text (DossierCaseEditor *self,
                const char        *field)
{
  return dossier_case_session_get_string (self->session, "applicant", field);
}

static const char *
case_text (DossierCaseEditor *self,
           const char        *field)
{
  return dossier_case_session_get_string (self->session, "case", field);
}

static void
update_titles (DossierCaseEditor *self)
{
  g_autofree char *person = format_person (applicant_text (self, "family_name"),
                                           applicant_text (self, "given_names"));
  const char *native = applicant_text (self, "native_name");
  const char *destination = case_text (self, "destination");
  const char *visa_type = case_text (self, "visa_type");
  const char *from = case_text (self, "travel_from");
  const char *to = case_text (self, "travel_to");
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *name = NULL;

  if (person != NULL && native != NULL)
    name = g_strdup_printf ("%s  %s", person, native);
  else
    name = g_strdup (person != NULL ? person : native != NULL ? native : _("New applicant"));
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->reference_label, case_text (self, "reference"));

  if (destination != NULL)
    g_string_append (subtitle, dossier_policy_country_get_name (destination));
  if (visa_type != NULL)
    /* Translators: the visa type after the destination, as in "Japan · Tourist" */
    g_string_append_printf (subtitle, subtitle->len > 0 ? _(" · %s") : "%s",
                            dossier_policy_visa_type_get_label (visa_type));
  if (from != NULL || to != NULL)
    /* Translators: travel dates after the destination, as in "Japan · 2026-03-01 to 2026-03-10" */
    g_string_append_printf (subtitle, _(" · %s to %s"), from != NULL ? from : "…",
                            to != NULL ? to : "…");
  if (subtitle->len == 0)
    g_string_append (subtitle, _("No destination yet"));
  gtk_label_set_text (self->subtitle_label, subtitle->str);
}

/* ---- Flags --------------------------------------------------------------- */

static void
add_chip (DossierCaseEditor *self,
          const char        *text,
          const char        *style)
{
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *child;

  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_style_context_add_class (gtk_widget_get_style_context (label), "flag-chip");
  if (style != NULL)
    gtk_style_context_add_class (gtk_widget_get_style_context (label), style);
  gtk_widget_show (label);
  gtk_container_add (GTK_CONTAINER (self->flags_box), label);
  child = gtk_widget_get_parent (label);
  gtk_widget_set_can_focus (child, FALSE);
}

static const char *
severity_style (DossierFlagSeverity severity)
{
  switch (severity)
    {
    case DOSSIER_FLAG_SEVERITY_ERROR:
      return "error";
    case DOSSIER_FLAG_SEVERITY_WARNING:
      return "warning";
    case DOSSIER_FLAG_SEVERITY_INFO:
    default:
      return NULL;
    }
}

static gint
integer_field (JsonObject *record,
               const char *field,
               gint        unset)
{
  JsonNode *node = json_object_get_member (record, field);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return unset;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? 1 : 0;
  return (gint) json_node_get_int (node);
}

static void
update_flags (DossierCaseEditor *self)
{
  JsonObject *applicant = dossier_case_session_get_applicant (self->session);
  DossierCaseFacts facts = DOSSIER_CASE_FACTS_INIT;
  g_autoptr(GList) chips = gtk_container_get_children (GTK_CONTAINER (self->flags_box));
  g_autoptr(GPtrArray) flags = NULL;

  for (GList *l = chips; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  facts.passport_issue_date = applicant_text (self, "passport_issue_date");
  facts.passport_expiry_date = applicant_text (self, "passport_expiry_date");
  facts.passport_blank_pages = integer_field (applicant, "passport_blank_pages", -1);
  facts.photo_meets_spec = integer_field (applicant, "photo_meets_spec", -1);
  facts.travel_from = case_text (self, "travel_from");
  facts.travel_to = case_text (self, "travel_to");
  facts.validity_months = self->validity_months;

  flags = dossier_case_check (&facts, NULL);
  for (guint i = 0; i < flags->len; i++)
    {
      DossierFlag *flag = flags->pdata[i];
      add_chip (self, flag->message, severity_style (flag->severity));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->flags_box), flags->len > 0);
}

static void
update_policy_label (DossierCaseEditor *self)
{
  const char *destination = case_text (self, "destination");
  g_autofree char *rule = NULL;
  g_autofree char *text = NULL;

  if (destination == NULL)
    text = g_strdup (_("Choose the destination to check the passport against its rule."));
  else if (!self->policy_found)
    text = g_strdup_printf (_("No policy note for %s: the passport is checked to be valid "
                              "through the departure day."),
                            dossier_policy_country_get_name (destination));
  else
    {
      rule = dossier_policy_describe_validity (self->validity_months);
      /* Translators: a passport rule and the policy note it comes from */
      text = g_strdup_printf (_("%s (policy note “%s”)"), rule,
                              self->policy_title != NULL ? self->policy_title : "");
    }
  gtk_label_set_text (self->policy_label, text);
}

static void
refresh_header (DossierCaseEditor *self)
{
  if (self->session == NULL)
    return;
  update_titles (self);
  update_flags (self);
  update_policy_label (self);
}

/* ---- The destination's policy note ---------------------------------------- */

static gboolean
is_general_note (JsonObject *note)
{
  const char *visa_type = json_object_get_string_member_with_default (note, "visa_type", NULL);

  return visa_type == NULL || *visa_type == '\0' || g_str_equal (visa_type, "general")
         || g_str_equal (visa_type, "any") || g_str_equal (visa_type, "all");
}

/* The note for the visa type, else the country's general one; the latest in force. */
static JsonObject *
choose_note (GPtrArray  *notes,
             const char *visa_type)
{
  JsonObject *best = NULL;
  gboolean best_exact = FALSE;

  for (guint i = 0; i < notes->len; i++)
    {
      JsonObject *note = notes->pdata[i];
      const char *type = json_object_get_string_member_with_default (note, "visa_type", NULL);
      gboolean exact = visa_type != NULL && g_strcmp0 (type, visa_type) == 0;

      if (!exact && !is_general_note (note))
        continue;
      if (best != NULL && best_exact && !exact)
        continue;
      if (best == NULL || (exact && !best_exact)
          || g_strcmp0 (json_object_get_string_member_with_default (note, "effective_date", NULL),
                        json_object_get_string_member_with_default (best, "effective_date", NULL)) > 0)
        {
          best = note;
          best_exact = exact;
        }
    }
  return best;
}

static void
notes_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DossierCaseEditor *self = user_data;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *note;

  notes = dossier_replica_list_finish (DOSSIER_REPLICA (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (notes == NULL)
    {
      g_warning ("Looking up policy notes: %s", error->message);
      return;
    }

  note = choose_note (notes, case_text (self, "visa_type"));
  self->policy_found = note != NULL;
  self->validity_months = note != NULL
    ? (guint) MAX (integer_field (note, "passport_validity_months", 0), 0) : 0;
  g_free (self->policy_title);
  self->policy_title = note != NULL
    ? g_strdup (json_object_get_string_member_with_default (note, "title", NULL)) : NULL;
  refresh_header (self);
}

static void
look_up_policy (DossierCaseEditor *self)
{
  const char *destination = case_text (self, "destination");
  g_autofree char *key = g_strdup_printf ("%s|%s", destination != NULL ? destination : "",
                                          case_text (self, "visa_type") != NULL
                                            ? case_text (self, "visa_type") : "");

  if (g_strcmp0 (key, self->policy_key) == 0)
    return;
  g_free (self->policy_key);
  self->policy_key = g_steal_pointer (&key);
  g_cancellable_cancel (self->policy_cancellable);
  g_clear_object (&self->policy_cancellable);
  self->policy_found = FALSE;
  self->validity_months = 0;
  if (destination == NULL)
    return;

  self->policy_cancellable = g_cancellable_new ();
  dossier_replica_list_async (self->replica, "policy_note", "country", destination, NULL, 0,
                              self->policy_cancellable, notes_listed_cb, self);
}

/* ---- Duplicate applicants ------------------------------------------------- */

static void
show_duplicate (DossierCaseEditor *self,
                JsonObject        *other,
                const char        *reference)
{
  const char *family = json_object_get_string_member_with_default (other, "family_name", NULL);
  const char *given = json_object_get_string_member_with_default (other, "given_names", NULL);
  const char *born = json_object_get_string_member_with_default (other, "birth_date", NULL);
  const char *passport = json_object_get_string_member_with_default (other, "passport_number", NULL);
  g_autofree char *person = format_person (family, given);
  g_autofree char *who = NULL;
  g_autofree char *text = NULL;

  if (born != NULL)
    /* Translators: a person and their birth date, as in "WANG Xiaoming (born 1990-01-02)" */
    who = g_strdup_printf (_("%s (born %s)"), person != NULL ? person : "", born);
  else
    /* Translators: a person and their passport, as in "WANG Xiaoming (passport E12345678)" */
    who = g_strdup_printf (_("%s (passport %s)"), person != NULL ? person : "", passport ? passport : "");
  if (reference != NULL)
    text = g_strdup_printf (_("Possible duplicate of %s, case %s"), who, reference);
  else
    text = g_strdup_printf (_("Possible duplicate of %s"), who);

  gtk_label_set_text (self->duplicate_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicate_button), self->duplicate_case_id != NULL);
  gtk_widget_show (self->duplicate_box);
}

static void
duplicate_found_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DossierCaseEditor *self = user_data;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) other_case = NULL;
  g_autoptr(GError) error = NULL;

  if (!dossier_duplicate_finder_run_finish (result, &other, &other_case, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Looking for duplicate applicants: %s", error->message);
      return;
    }

  g_clear_pointer (&self->duplicate_case_id, g_free);
  if (other == NULL)
    {
      gtk_widget_hide (self->duplicate_box);
      return;
    }
  if (other_case != NULL)
    self->duplicate_case_id = g_strdup (json_object_get_string_member (other_case, "id"));
  show_duplicate (self, other,
                  other_case != NULL
                    ? json_object_get_string_member_with_default (other_case, "reference", NULL)
                    : NULL);
}

static gboolean
check_duplicates_cb (gpointer user_data)
{
  DossierCaseEditor *self = user_data;

  self->duplicate_timeout_id = 0;
  g_cancellable_cancel (self->duplicate_cancellable);
  g_clear_object (&self->duplicate_cancellable);
  self->duplicate_cancellable = g_cancellable_new ();
  dossier_duplicate_finder_run_async (self->replica,
                                      dossier_case_session_get_applicant (self->session),
                                      dossier_case_session_get_applicant_id (self->session),
                                      self->duplicate_cancellable, duplicate_found_cb, self);
  return G_SOURCE_REMOVE;
}

static void
schedule_duplicate_check (DossierCaseEditor *self)
{
  g_autofree char *key = g_strjoin ("|", or_empty (applicant_text (self, "passport_number")),
                                    or_empty (applicant_text (self, "family_name")),
                                    or_empty (applicant_text (self, "given_names")),
                                    or_empty (applicant_text (self, "birth_date")), NULL);

  if (g_strcmp0 (key, self->duplicate_key) == 0)
    return;
  g_free (self->duplicate_key);
  self->duplicate_key = g_steal_pointer (&key);
  g_clear_handle_id (&self->duplicate_timeout_id, g_source_remove);
  self->duplicate_timeout_id = g_timeout_add (DUPLICATE_CHECK_DELAY_MS, check_duplicates_cb, self);
}

static void
duplicate_clicked_cb (DossierCaseEditor *self)
{
  g_autofree char *case_id = g_strdup (self->duplicate_case_id);

  if (case_id != NULL)
    g_signal_emit (self, signals[OPEN_CASE], 0, case_id);
}

/* ---- Session ------------------------------------------------------------- */

static void
update_status (DossierCaseEditor *self)
{
  DossierCaseSessionState state = dossier_case_session_get_state (self->session);
  const char *error = dossier_case_session_get_error (self->session);
  g_autofree char *missing = NULL;
  const char *text = "";

  switch (state)
    {
    case DOSSIER_CASE_SESSION_LOADING:
      text = _("Loading…");
      break;
    case DOSSIER_CASE_SESSION_SAVED:
      missing = dossier_case_session_describe_missing (self->session);
      text = missing != NULL ? missing : _("All changes saved");
      break;
    case DOSSIER_CASE_SESSION_PENDING:
    case DOSSIER_CASE_SESSION_SAVING:
      text = _("Saving…");
      break;
    case DOSSIER_CASE_SESSION_INCOMPLETE:
      missing = dossier_case_session_describe_missing (self->session);
      text = missing != NULL ? missing : "";
      break;
    case DOSSIER_CASE_SESSION_FAILED:
    default:
      text = _("Not saved");
      break;
    }
  gtk_label_set_text (self->status_label, text);
  gtk_label_set_text (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_bar), error != NULL);
}

static void
error_bar_response_cb (DossierCaseEditor *self)
{
  gtk_widget_hide (GTK_WIDGET (self->error_bar));
}

static void
session_changed_cb (DossierCaseEditor *self,
                    const char        *kind)
{
  if (g_strcmp0 (kind, "case") == 0)
    look_up_policy (self);
  else
    schedule_duplicate_check (self);
  refresh_header (self);
  /* What a new case still lacks changes without the state changing. */
  update_status (self);
}

/* The checklist comes from the destination and visa type: after either
 * changed on the Travel tab, it is read again when its tab is shown. */
static void
update_checklist (DossierCaseEditor *self)
{
  const char *case_id = self->session != NULL ? dossier_case_session_get_case_id (self->session) : NULL;
  g_autofree char *key = NULL;

  if (case_id != NULL)
    key = g_strjoin ("|", case_id, or_empty (case_text (self, "destination")),
                     or_empty (case_text (self, "visa_type")), NULL);
  if (g_strcmp0 (key, self->checklist_key) == 0)
    return;
  g_free (self->checklist_key);
  self->checklist_key = g_steal_pointer (&key);
  dossier_checklist_view_set_case (self->checklist_view, self->replica, case_id);
}

static void
switch_page_cb (DossierCaseEditor *self,
                GtkWidget         *page)
{
  if (page == self->documents_page)
    update_checklist (self);
}

static void
set_case_in_views (DossierCaseEditor *self)
{
  dossier_activity_view_set_case (self->activity_view, self->replica,
                                  dossier_case_session_get_case_id (self->session));
  dossier_sync_marker_set_case (DOSSIER_SYNC_MARKER (self->sync_marker), self->replica,
                                dossier_case_session_get_case_id (self->session));
  update_checklist (self);
}

static void
session_loaded_cb (DossierCaseEditor *self)
{
  look_up_policy (self);
  schedule_duplicate_check (self);
  set_case_in_views (self);
  refresh_header (self);
  update_status (self);
}

static void
session_saved_cb (DossierCaseEditor *self)
{
  const char *case_id = dossier_case_session_get_case_id (self->session);

  if (case_id != NULL)
    g_signal_emit (self, signals[CASE_SAVED], 0, case_id);
}

static void
item_changed_cb (DossierCaseEditor *self)
{
  session_saved_cb (self);
}

/* New cases belong to the default office and to whoever takes them in. */
static void
stage_new_case_defaults (DossierCaseEditor *self)
{
  g_autoptr(GSettings) settings = dossier_settings_new ();
  g_autofree char *office = g_settings_get_string (settings, "default-office");
  g_autofree char *author = dossier_settings_dup_author_name (settings);
  g_autoptr(JsonObject) fields = json_object_new ();

  if (dossier_case_session_is_loaded (self->session) && *office != '\0')
    json_object_set_string_member (fields, "office_id", office);
  if (author != NULL && *author != '\0')
    json_object_set_string_member (fields, "assignee", author);
  if (json_object_get_size (fields) > 0)
    dossier_case_session_stage (self->session, "case", NULL, fields);
}

/* Connected before the tabs, so they show the defaults when they fill in. */
static void
new_case_loaded_cb (DossierCaseEditor *self)
{
  g_signal_handlers_disconnect_by_func (self->session, new_case_loaded_cb, self);
  stage_new_case_defaults (self);
}

static void
close_session (DossierCaseEditor *self)
{
  if (self->session == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->session, self);
  dossier_case_session_close (self->session);
  g_clear_object (&self->session);
}

static void
set_session_everywhere (DossierCaseEditor  *self,
                        DossierCaseSession *session)
{
  dossier_applicant_form_set_session (self->applicant_form, session);
  dossier_travel_form_set_session (self->travel_form, session);
  dossier_decision_form_set_session (self->decision_form, session);
  dossier_appointments_view_set_session (self->appointments_view, session);
  dossier_fees_view_set_session (self->fees_view, session);
  dossier_shipments_view_set_session (self->shipments_view, session);
  dossier_activity_view_set_case (self->activity_view, self->replica, NULL);
  g_clear_pointer (&self->checklist_key, g_free);
  dossier_checklist_view_set_case (self->checklist_view, self->replica, NULL);
}

static void
reset_header (DossierCaseEditor *self)
{
  g_clear_pointer (&self->policy_key, g_free);
  g_clear_pointer (&self->duplicate_key, g_free);
  g_clear_pointer (&self->duplicate_case_id, g_free);
  g_clear_handle_id (&self->duplicate_timeout_id, g_source_remove);
  g_cancellable_cancel (self->duplicate_cancellable);
  g_cancellable_cancel (self->policy_cancellable);
  gtk_widget_hide (self->duplicate_box);
  gtk_label_set_text (self->name_label, "");
  gtk_label_set_text (self->subtitle_label, "");
  gtk_label_set_text (self->reference_label, "");
  gtk_label_set_text (self->policy_label, "");
  gtk_label_set_text (self->status_label, _("Loading…"));
  gtk_widget_hide (GTK_WIDGET (self->error_bar));
}

static void
start_session (DossierCaseEditor *self,
               const char        *case_id)
{
  DossierCaseSession *session = dossier_case_session_new (self->replica, case_id);

  self->session = session;
  g_signal_connect_swapped (session, "loaded", G_CALLBACK (session_loaded_cb), self);
  g_signal_connect_swapped (session, "changed", G_CALLBACK (session_changed_cb), self);
  g_signal_connect_swapped (session, "state-changed", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (session, "saved", G_CALLBACK (session_saved_cb), self);
  g_signal_connect_swapped (session, "created", G_CALLBACK (set_case_in_views), self);
  if (case_id == NULL)
    g_signal_connect_swapped (session, "loaded", G_CALLBACK (new_case_loaded_cb), self);
  set_session_everywhere (self, session);
  gtk_notebook_set_current_page (self->notebook, 0);
}

/* ---- Object -------------------------------------------------------------- */

static void
open_case_default (DossierCaseEditor *self,
                   const char        *case_id)
{
  dossier_case_editor_load_case (self, case_id);
}

/**
 * dossier_case_editor_refresh:
 * @self: a #DossierCaseEditor
 *
 * Shows what a pull changed in the open case, unless the user is editing it.
 */
void
dossier_case_editor_refresh (DossierCaseEditor *self)
{
  g_return_if_fail (DOSSIER_IS_CASE_EDITOR (self));

  if (self->session != NULL)
    dossier_case_session_refresh (self->session);
}

static void
dossier_case_editor_dispose (GObject *object)
{
  DossierCaseEditor *self = DOSSIER_CASE_EDITOR (object);

  /* Whatever is staged is still written: the session outlives the editor. */
  close_session (self);
  g_clear_handle_id (&self->duplicate_timeout_id, g_source_remove);
  g_cancellable_cancel (self->policy_cancellable);
  g_cancellable_cancel (self->duplicate_cancellable);
  g_clear_object (&self->policy_cancellable);
  g_clear_object (&self->duplicate_cancellable);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (dossier_case_editor_parent_class)->dispose (object);
}

static void
dossier_case_editor_finalize (GObject *object)
{
  DossierCaseEditor *self = DOSSIER_CASE_EDITOR (object);

  g_free (self->wanted_case_id);
  g_free (self->policy_key);
  g_free (self->policy_title);
  g_free (self->duplicate_key);
  g_free (self->duplicate_case_id);
  g_free (self->checklist_key);

  G_OBJECT_CLASS (dossier_case_editor_parent_class)->finalize (object);
}

static void
dossier_case_editor_class_init (DossierCaseEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_case_editor_dispose;
  object_class->finalize = dossier_case_editor_finalize;

  signals[CASE_SAVED] = g_signal_new ("case-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[OPEN_CASE] = g_signal_new_class_handler ("open-case", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST,
                                                   G_CALLBACK (open_case_default),
                                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (DOSSIER_TYPE_APPLICANT_FORM);
  g_type_ensure (DOSSIER_TYPE_TRAVEL_FORM);
  g_type_ensure (DOSSIER_TYPE_DECISION_FORM);
  g_type_ensure (DOSSIER_TYPE_APPOINTMENTS_VIEW);
  g_type_ensure (DOSSIER_TYPE_FEES_VIEW);
  g_type_ensure (DOSSIER_TYPE_SHIPMENTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-case-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, reference_label);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, name_label);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, flags_box);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, policy_label);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, duplicate_box);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, duplicate_label);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, error_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, notebook);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, applicant_form);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, travel_form);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, appointments_view);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, decision_form);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, fees_view);
  gtk_widget_class_bind_template_child (widget_class, DossierCaseEditor, shipments_view);
  gtk_widget_class_bind_template_callback (widget_class, duplicate_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
}

static GtkWidget *
add_tab (DossierCaseEditor *self,
         GtkWidget         *view,
         const char        *title,
         int                position)
{
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_container_add (GTK_CONTAINER (scrolled), view);
  gtk_widget_show_all (scrolled);
  gtk_notebook_insert_page (self->notebook, scrolled, gtk_label_new (title), position);
  g_signal_connect_object (view, "changed", G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
  return scrolled;
}

/* The checklist and the activity log are other widgets with their own
 * templates: they get their tabs here, after Travel and last. */
static void
add_item_tabs (DossierCaseEditor *self)
{
  GtkWidget *checklist = dossier_checklist_view_new ();
  GtkWidget *activity = dossier_activity_view_new ();

  self->checklist_view = DOSSIER_CHECKLIST_VIEW (checklist);
  self->activity_view = DOSSIER_ACTIVITY_VIEW (activity);
  self->documents_page = add_tab (self, checklist, _("Documents"), 2);
  add_tab (self, activity, _("Activity"), -1);
  g_signal_connect_object (self->notebook, "switch-page", G_CALLBACK (switch_page_cb), self,
                           G_CONNECT_SWAPPED);
}

/* The error bar's close button comes from GTK, without a name of its own. */
static void
name_close_buttons (GtkWidget *widget,
                    gpointer   user_data)
{
  if (GTK_IS_BUTTON (widget))
    atk_object_set_name (gtk_widget_get_accessible (widget), _("Dismiss the error"));
  else if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), name_close_buttons, NULL);
}

/* Tabbing through a long form, or adding an appointment at its end,
 * scrolls the focused field into view. */
static void
scroll_to_focus (DossierCaseEditor *self)
{
  for (int i = 0; i < gtk_notebook_get_n_pages (self->notebook); i++)
    {
      GtkWidget *page = gtk_notebook_get_nth_page (self->notebook, i);
      GtkWidget *viewport = GTK_IS_SCROLLED_WINDOW (page) ? gtk_bin_get_child (GTK_BIN (page)) : NULL;

      if (GTK_IS_VIEWPORT (viewport))
        gtk_container_set_focus_vadjustment (GTK_CONTAINER (viewport),
                                             gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page)));
    }
}

static void
dossier_case_editor_init (DossierCaseEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  name_close_buttons (GTK_WIDGET (self->error_bar), NULL);

  add_item_tabs (self);
  scroll_to_focus (self);
  self->sync_marker = dossier_sync_marker_new ();
  gtk_box_pack_end (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->status_label))),
                    self->sync_marker, FALSE, FALSE, 0);
  reset_header (self);
  gtk_label_set_text (self->status_label, "");
}

GtkWidget *
dossier_case_editor_new (void)
{
  return g_object_new (DOSSIER_TYPE_CASE_EDITOR, NULL);
}

/**
 * dossier_case_editor_set_replica:
 * @replica: (nullable): the open replica
 *
 * A case asked for before the replica was open is loaded now.
 */
void
dossier_case_editor_set_replica (DossierCaseEditor *self,
                                 DossierReplica    *replica)
{
  g_return_if_fail (DOSSIER_IS_CASE_EDITOR (self));
  g_return_if_fail (replica == NULL || DOSSIER_IS_REPLICA (replica));

  if (!g_set_object (&self->replica, replica))
    return;

  /* A case shown from another replica is shown again from this one. */
  if (self->session != NULL)
    {
      self->load_wanted = TRUE;
      g_free (self->wanted_case_id);
      self->wanted_case_id = g_strdup (dossier_case_session_get_case_id (self->session));
      close_session (self);
    }
  if (replica == NULL || !self->load_wanted)
    {
      set_session_everywhere (self, NULL);
      return;
    }
  self->load_wanted = FALSE;
  start_session (self, self->wanted_case_id);
  g_clear_pointer (&self->wanted_case_id, g_free);
}

/**
 * dossier_case_editor_load_case:
 * @case_id: (nullable): the case to show, or %NULL to take in a new one
 *
 * Writes what is staged for the case shown so far, then loads @case_id.
 */
void
dossier_case_editor_load_case (DossierCaseEditor *self,
                               const char        *case_id)
{
  g_return_if_fail (DOSSIER_IS_CASE_EDITOR (self));

  close_session (self);
  reset_header (self);
  if (self->replica == NULL)
    {
      self->load_wanted = TRUE;
      g_free (self->wanted_case_id);
      self->wanted_case_id = g_strdup (case_id);
      set_session_everywhere (self, NULL);
      return;
    }
  start_session (self, case_id);
}

/**
 * dossier_case_editor_get_case_id:
 *
 * Returns: (nullable): the case shown, %NULL while a new case is not saved yet
 */
const char *
dossier_case_editor_get_case_id (DossierCaseEditor *self)
{
  g_return_val_if_fail (DOSSIER_IS_CASE_EDITOR (self), NULL);

  return self->session != NULL ? dossier_case_session_get_case_id (self->session) : NULL;
}
