/* dossier-checklist-records.h: checklist items and their attachments as the
 * replica stores them.
 *
 * dossier-checklist.h holds the rules (generation, states, pipeline); this
 * file turns them into records: which policy note a case's checklist comes
 * from, the generated items as one batch of edits, a single added item, the
 * fields a change of state writes, whether an item is overdue, and the
 * metadata record of an attached scan.  The checklist view calls these so
 * that what it writes can be tested without a window.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dossier-checklist.h"

G_BEGIN_DECLS

/**
 * DossierDueStatus:
 * @DOSSIER_DUE_STATUS_NONE: no due date, or nothing is awaited from the
 *   client (received, verified or not applicable)
 * @DOSSIER_DUE_STATUS_LATER: due after the "soon" window
 * @DOSSIER_DUE_STATUS_SOON: due within the "soon" window, today included
 * @DOSSIER_DUE_STATUS_OVERDUE: the due date has passed
 */
typedef enum
{
  DOSSIER_DUE_STATUS_NONE,
  DOSSIER_DUE_STATUS_LATER,
  DOSSIER_DUE_STATUS_SOON,
  DOSSIER_DUE_STATUS_OVERDUE,
} DossierDueStatus;

/* The kind of an item added by title rather than from the known kinds. */
#define DOSSIER_CHECKLIST_KIND_OTHER "other"

/**
 * dossier_custody_get_all:
 *
 * Returns: (transfer none) (array zero-terminated=1): where a document can be:
 *   "client", "office_safe", "courier", "consulate"
 */
const char * const *dossier_custody_get_all       (void);

/**
 * dossier_custody_get_label:
 * @custody: (nullable): a stored custody
 *
 * Returns: (transfer none) (nullable): where the document is, in the user's
 *   language ("In the office safe"), or %NULL for an unknown value
 */
const char  *dossier_custody_get_label            (const char *custody);

/**
 * dossier_requirement_get_label:
 * @requirement: (nullable): "required", "optional" or "not_applicable"; %NULL means required
 *
 * Returns: (transfer none) (nullable): the label in the user's language, or
 *   %NULL for an unknown value
 */
const char  *dossier_requirement_get_label        (const char *requirement);

/**
 * dossier_policy_note_pick:
 * @notes: (element-type JsonObject): the policy notes of the case's destination
 * @visa_type: (nullable): the case's visa type
 *
 * A note written for @visa_type wins; a note with no visa type (it covers
 * every visa type of the country) comes next.  A note for another visa type
 * is never used: its documents are those of another application.  Between
 * notes of the same rank the latest effective date wins, then the highest
 * version.
 *
 * Returns: (transfer none) (nullable): the note to generate from, or %NULL
 */
JsonObject  *dossier_policy_note_pick             (GPtrArray  *notes,
                                                   const char *visa_type);

/**
 * dossier_checklist_generated_to_edits:
 * @items: (element-type JsonObject): items from dossier_checklist_generate()
 * @case_id: the case they belong to
 *
 * Turns generated items into `checklist_item` records of @case_id, with
 * their 0/1 flags as the booleans the replica stores, ready for one
 * dossier_replica_save_many_async() call: a checklist is written whole or
 * not at all.
 *
 * Returns: (transfer full) (element-type DossierEdit): the edits (new records)
 */
GPtrArray   *dossier_checklist_generated_to_edits (GPtrArray  *items,
                                                   const char *case_id);

/**
 * dossier_checklist_due_in_days:
 * @travel_from: (nullable): the case's first day of travel
 * @processing_days: days the authority takes to decide (the policy note's
 *   `processing_days`; 0 when unknown)
 * @today: the day the documents are requested
 *
 * How long the client is given to bring the documents: the usual
 * %DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS, or less when the trip is so close
 * that the documents must be in earlier for the authority to decide in
 * time; 0 (due today) when that moment has already passed.
 *
 * Returns: the days until the documents are due
 */
guint        dossier_checklist_due_in_days        (const char  *travel_from,
                                                   gint64       processing_days,
                                                   const GDate *today);

/**
 * dossier_checklist_item_new:
 * @case_id: the case
 * @kind: (nullable): a document kind ("bank_statement"), or %NULL for a
 *   document known only by @title
 * @title: (nullable): the title; %NULL or blank uses the kind's title
 * @position: the item's place in the list
 * @today: the day it is requested
 * @due_in_days: days until it is due (see dossier_checklist_due_in_days())
 * @error: return location for a #DOSSIER_CHECKLIST_ERROR
 *
 * One item added by hand: requested today, due in @due_in_days, with the
 * pipeline defaults of its kind
 * (none for a document known only by its title, whose kind is
 * %DOSSIER_CHECKLIST_KIND_OTHER).
 *
 * Returns: (transfer full) (nullable): the record's fields, or %NULL when
 *   there is neither a kind nor a title
 */
JsonObject  *dossier_checklist_item_new           (const char  *case_id,
                                                   const char  *kind,
                                                   const char  *title,
                                                   gint64       position,
                                                   const GDate *today,
                                                   guint        due_in_days,
                                                   GError     **error);

/**
 * dossier_checklist_item_get_pipeline:
 * @item: a `checklist_item` record
 * @out_pipeline: (out caller-allocates): its pipeline fields, pointing into @item
 */
void         dossier_checklist_item_get_pipeline  (JsonObject          *item,
                                                   DossierItemPipeline *out_pipeline);

/**
 * dossier_checklist_item_transition:
 * @item: a `checklist_item` record
 * @to_state: the state wanted
 * @reason: (nullable): the rejection reason (needed to reject)
 * @today: the day of the change
 * @error: return location for a #DOSSIER_CHECKLIST_ERROR
 *
 * The fields a change of state writes, checked by
 * dossier_checklist_item_check_transition() and, for a receipt, by
 * dossier_checklist_item_check_pipeline() with the new date of receipt.
 * Receiving dates the receipt; verifying dates the verification and clears
 * the reason of an earlier rejection; rejecting stores the reason; asking
 * again dates the request and gives the client at least
 * %DOSSIER_CHECKLIST_DEFAULT_DUE_DAYS more, keeping the reason so that the
 * specialist still sees what was wrong with the previous copy.
 *
 * Returns: (transfer full) (nullable): the fields to save, or %NULL with @error set
 */
JsonObject  *dossier_checklist_item_transition    (JsonObject  *item,
                                                   const char  *to_state,
                                                   const char  *reason,
                                                   const GDate *today,
                                                   GError     **error);

/**
 * dossier_checklist_item_due_status:
 * @item: a `checklist_item` record
 * @today: today
 * @soon_days: how many days ahead count as soon (the "soon-days" setting)
 *
 * Returns: whether the document is awaited and how urgently
 */
DossierDueStatus dossier_checklist_item_due_status (JsonObject  *item,
                                                    const GDate *today,
                                                    guint        soon_days);

/**
 * dossier_checklist_pipeline_error_field:
 * @error: an error from dossier_checklist_item_check_pipeline()
 *
 * Where to show a pipeline error: the field the user most likely has to change.
 *
 * Returns: (transfer none) (nullable): a `checklist_items` column
 *   ("reviewer", "reviewed_on", ...), or %NULL if no single field is at fault
 */
const char  *dossier_checklist_pipeline_error_field (const GError *error);

/**
 * dossier_attachment_record_new:
 * @case_id: the case
 * @checklist_item_id: the item the scan belongs to
 * @sha256: the SHA-256 of the bytes, as dossier_replica_add_blob_finish() returns it
 * @file_name: the name of the file it came from, with or without folders
 * @content_type: (nullable): its content type ("application/pdf")
 * @size: its size in bytes
 * @added_at: when it was attached
 *
 * Returns: (transfer full): the fields of an `attachment` record (the file
 *   name without its folders, the time in UTC)
 */
JsonObject  *dossier_attachment_record_new        (const char *case_id,
                                                   const char *checklist_item_id,
                                                   const char *sha256,
                                                   const char *file_name,
                                                   const char *content_type,
                                                   gint64      size,
                                                   GDateTime  *added_at);

G_END_DECLS
