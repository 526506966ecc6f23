/* dossier-case-model.h: a lazy GtkTreeModel over the cases of a filter.
 *
 * It knows the rowid of every row from the start (the list is a plain array,
 * so 100,000 rows cost 800 KB); the text of a row is read from the replica a
 * page at a time, the first time the view asks for it.  Until then the row
 * is empty; when its page arrives, "row-changed" redraws it.  Only the few
 * thousand rows most recently shown keep their text.
 */
#pragma once

#include <gtk/gtk.h>

#include "dossier-case-query.h"

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_CASE_MODEL_COLUMN_ROWID,            /* gint64 */
  DOSSIER_CASE_MODEL_COLUMN_CASE_ID,          /* the strings below are NULL until loaded */
  DOSSIER_CASE_MODEL_COLUMN_REFERENCE,
  DOSSIER_CASE_MODEL_COLUMN_APPLICANT,
  DOSSIER_CASE_MODEL_COLUMN_DESTINATION,      /* the country's name */
  DOSSIER_CASE_MODEL_COLUMN_VISA_TYPE,
  DOSSIER_CASE_MODEL_COLUMN_STAGE,
  DOSSIER_CASE_MODEL_COLUMN_URGENCY,
  DOSSIER_CASE_MODEL_COLUMN_DEADLINE,
  DOSSIER_CASE_MODEL_COLUMN_DEADLINE_DETAILS, /* what the deadline is, for a tooltip */
  DOSSIER_CASE_MODEL_COLUMN_ASSIGNEE,
  DOSSIER_CASE_MODEL_COLUMN_FLAGS_ICON,       /* an icon name when the case has flags */
  DOSSIER_CASE_MODEL_COLUMN_FLAGS_TEXT,       /* the first flag, briefly, and how many more */
  DOSSIER_CASE_MODEL_COLUMN_FLAGS_DETAILS,    /* every flag in a sentence, one a line */
  DOSSIER_CASE_MODEL_COLUMN_UNSENT_ICON,      /* an icon name when changes are not yet sent */
  DOSSIER_CASE_MODEL_COLUMN_UNSENT_DETAILS,   /* what that icon means, for a tooltip */
  DOSSIER_CASE_MODEL_N_COLUMNS
} DossierCaseModelColumn;

/* Rows read from the replica at a time, and rows whose text is kept. */
#define DOSSIER_CASE_MODEL_PAGE_SIZE DOSSIER_CASE_QUERY_PAGE_ROWS
#define DOSSIER_CASE_MODEL_MAX_CACHED_ROWS 3000

#define DOSSIER_TYPE_CASE_MODEL (dossier_case_model_get_type ())
G_DECLARE_FINAL_TYPE (DossierCaseModel, dossier_case_model, DOSSIER, CASE_MODEL, GObject)

DossierCaseModel *dossier_case_model_new            (DossierReplica          *replica);

void              dossier_case_model_set_rowids     (DossierCaseModel        *self,
                                                     GArray                  *rowids,
                                                     const DossierCaseFilter *filter);
void              dossier_case_model_set_show_unsent (DossierCaseModel       *self,
                                                      gboolean                show);
void              dossier_case_model_prefetch       (DossierCaseModel        *self,
                                                     guint                    index);
gboolean          dossier_case_model_update_rowids  (DossierCaseModel        *self,
                                                     GArray                  *rowids,
                                                     const DossierCaseFilter *filter);
guint             dossier_case_model_get_n_rows     (DossierCaseModel        *self);
gint64            dossier_case_model_get_rowid      (DossierCaseModel        *self,
                                                     guint                    index);
gint              dossier_case_model_find_rowid     (DossierCaseModel        *self,
                                                     gint64                   rowid);
const char       *dossier_case_model_get_case_id    (DossierCaseModel        *self,
                                                     gint64                   rowid);
void              dossier_case_model_forget_rows    (DossierCaseModel        *self,
                                                     const DossierCaseFilter *filter);
void              dossier_case_model_refresh_rowid  (DossierCaseModel        *self,
                                                     gint64                   rowid);

/* Signals:
 *   "row-loaded" (gint64 rowid): a row's text arrived from the replica.
 */

G_END_DECLS
