/* dossier-case-session.h: one case being edited, and the saving of it.
 *
 * The case editor's forms never write to the replica themselves: they stage
 * the fields they have validated here, grouped as they must be written, and
 * the session writes them a moment later (or at once on flush) in one
 * dossier_replica_save_many_async().  A new case exists only in memory until
 * it has a destination and its applicant a family name or a passport number;
 * then the applicant and the case are created together.  Closing the
 * session writes what is still staged, even as the window goes away: the
 * session keeps itself (and the application) alive until the write is done.
 *
 * No GTK here, so the rules can be tested on their own.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_CASE_SESSION (dossier_case_session_get_type ())
G_DECLARE_FINAL_TYPE (DossierCaseSession, dossier_case_session, DOSSIER, CASE_SESSION, GObject)

/* How long the session waits after the last staged edit before writing. */
#define DOSSIER_CASE_SESSION_DELAY_MS 500

/**
 * DossierCaseSessionState:
 * @DOSSIER_CASE_SESSION_LOADING: reading the case
 * @DOSSIER_CASE_SESSION_SAVED: everything staged is written
 * @DOSSIER_CASE_SESSION_PENDING: edits are waiting for the delay to pass
 * @DOSSIER_CASE_SESSION_SAVING: a write is running
 * @DOSSIER_CASE_SESSION_INCOMPLETE: a new case lacks what it needs to be created
 * @DOSSIER_CASE_SESSION_FAILED: loading or the last write failed
 */
typedef enum
{
  DOSSIER_CASE_SESSION_LOADING,
  DOSSIER_CASE_SESSION_SAVED,
  DOSSIER_CASE_SESSION_PENDING,
  DOSSIER_CASE_SESSION_SAVING,
  DOSSIER_CASE_SESSION_INCOMPLETE,
  DOSSIER_CASE_SESSION_FAILED,
} DossierCaseSessionState;

DossierCaseSession      *dossier_case_session_new              (DossierReplica     *replica,
                                                                const char         *case_id);
DossierReplica          *dossier_case_session_get_replica      (DossierCaseSession *self);
DossierCaseSessionState  dossier_case_session_get_state        (DossierCaseSession *self);
const char              *dossier_case_session_get_error        (DossierCaseSession *self);
gboolean                 dossier_case_session_is_loaded        (DossierCaseSession *self);
gboolean                 dossier_case_session_is_created       (DossierCaseSession *self);
const char              *dossier_case_session_get_case_id      (DossierCaseSession *self);
const char              *dossier_case_session_get_applicant_id (DossierCaseSession *self);
JsonObject              *dossier_case_session_get_case         (DossierCaseSession *self);
JsonObject              *dossier_case_session_get_applicant    (DossierCaseSession *self);
const char              *dossier_case_session_get_string       (DossierCaseSession *self,
                                                                const char         *kind,
                                                                const char         *field);
char                    *dossier_case_session_describe_missing (DossierCaseSession *self);

void                     dossier_case_session_stage            (DossierCaseSession *self,
                                                                const char         *kind,
                                                                const char         *id,
                                                                JsonObject         *fields);
void                     dossier_case_session_unstage          (DossierCaseSession *self,
                                                                const char         *kind,
                                                                const char         *id,
                                                                const char * const *fields);
gboolean                 dossier_case_session_has_staged       (DossierCaseSession *self);
void                     dossier_case_session_flush            (DossierCaseSession *self);
void                     dossier_case_session_delete           (DossierCaseSession *self,
                                                                const char         *kind,
                                                                const char         *id);
void                     dossier_case_session_refresh          (DossierCaseSession *self);
void                     dossier_case_session_close            (DossierCaseSession *self);

/* Signals:
 *   "loaded": the case and its applicant were read (or a new case was set up).
 *   "changed" (const char *kind): staged values changed the case or applicant
 *       returned by get_case/get_applicant ("case" or "applicant").
 *   "state-changed": dossier_case_session_get_state() changed.
 *   "saved": a write (or a delete) succeeded.
 *   "created": the new case was written for the first time.
 * None is emitted after dossier_case_session_close().
 */

G_END_DECLS
