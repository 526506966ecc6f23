/* dossier-activity.h: the entries of a case's activity log.
 *
 * The log is append-only and attributed (DESIGN.md section 1, "Follow-up"):
 * an entry is written once, with its kind, its author and the moment it
 * happened, and the replica refuses to change or delete it.  These helpers
 * build an entry as the replica stores it and order a case's entries.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_ACTIVITY_ERROR (dossier_activity_error_quark ())

/**
 * DossierActivityError:
 * @DOSSIER_ACTIVITY_ERROR_UNKNOWN_KIND: not one of the entry kinds
 * @DOSSIER_ACTIVITY_ERROR_EMPTY_BODY: the entry says nothing
 * @DOSSIER_ACTIVITY_ERROR_NO_AUTHOR: nobody signs the entry
 * @DOSSIER_ACTIVITY_ERROR_NO_CASE: the entry belongs to no case
 */
typedef enum
{
  DOSSIER_ACTIVITY_ERROR_UNKNOWN_KIND,
  DOSSIER_ACTIVITY_ERROR_EMPTY_BODY,
  DOSSIER_ACTIVITY_ERROR_NO_AUTHOR,
  DOSSIER_ACTIVITY_ERROR_NO_CASE,
} DossierActivityError;

/**
 * DossierActivityKind:
 * @kind: the stored kind ("follow_up")
 * @label: English label, untranslated; show dossier_activity_kind_get_label()
 * @icon_name: a symbolic icon of the Adwaita theme
 */
typedef struct
{
  const char *kind;
  const char *label;
  const char *icon_name;
} DossierActivityKind;

GQuark                     dossier_activity_error_quark   (void);

/**
 * dossier_activity_kinds_get_all:
 * @out_n_kinds: (out): number of kinds
 *
 * Returns: (transfer none) (array length=out_n_kinds): call, complaint,
 *   follow_up, visit and note, in that order
 */
const DossierActivityKind *dossier_activity_kinds_get_all (guint *out_n_kinds);

/**
 * dossier_activity_kind_lookup:
 * @kind: (nullable): a stored kind
 *
 * Returns: (transfer none) (nullable): the kind, or %NULL if it is not known
 */
const DossierActivityKind *dossier_activity_kind_lookup   (const char *kind);

/**
 * dossier_activity_kind_get_label:
 * @kind: a known kind
 *
 * Returns: (transfer none): the label of @kind in the user's language
 */
const char                *dossier_activity_kind_get_label (const DossierActivityKind *kind);

/**
 * dossier_activity_entry_new:
 * @case_id: the case's UUID
 * @kind: one of the kinds
 * @author: who writes the entry
 * @body: what happened; surrounding blank lines and spaces are dropped
 * @occurred_at: when it happened
 * @error: return location for a #DOSSIER_ACTIVITY_ERROR
 *
 * Returns: (transfer full) (nullable): the fields of an `activity_entry`
 *   record (case_id, kind, author, occurred_at in UTC, body), or %NULL with
 *   @error set
 */
JsonObject *dossier_activity_entry_new   (const char  *case_id,
                                          const char  *kind,
                                          const char  *author,
                                          const char  *body,
                                          GDateTime   *occurred_at,
                                          GError     **error);

/**
 * dossier_activity_entries_sort:
 * @entries: (element-type JsonObject): a case's entries
 *
 * Sorts @entries newest first by the moment they happened (compared as
 * moments, whatever zone they were written in), then by id so that every
 * device shows the same order.  Entries with no valid time go last.
 */
void        dossier_activity_entries_sort (GPtrArray *entries);

G_END_DECLS
