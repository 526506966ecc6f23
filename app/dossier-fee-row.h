/* dossier-fee-row.h: one fee of a case (service, consular, visa centre,
 * courier or other): quoted, paid, currency, date paid and receipt. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-case-session.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_FEE_ROW (dossier_fee_row_get_type ())
G_DECLARE_FINAL_TYPE (DossierFeeRow, dossier_fee_row, DOSSIER, FEE_ROW, GtkListBoxRow)

/* The fee kinds, in the order they are offered, and their names. */
const char *const *dossier_fee_kinds_get_all   (void);
const char        *dossier_fee_kind_get_label  (const char    *kind);

/* `record` is the fee's fields with its "id". */
GtkWidget         *dossier_fee_row_new         (DossierCaseSession *session,
                                                JsonObject         *record);
const char        *dossier_fee_row_get_id      (DossierFeeRow *self);
const char        *dossier_fee_row_get_kind    (DossierFeeRow *self);
/* The last valid amounts (-1 when unset) and currency (NULL when unset). */
void               dossier_fee_row_get_amounts (DossierFeeRow *self,
                                                double        *out_quoted,
                                                double        *out_paid,
                                                const char   **out_currency);
void               dossier_fee_row_focus       (DossierFeeRow *self);

/* Signals:
 *   "changed": an amount or the currency changed (the view recomputes its totals).
 */

G_END_DECLS
