/* dossier-account-dialog.h: logging in to the sync server, and out. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-sync-engine.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_ACCOUNT_DIALOG (dossier_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DossierAccountDialog, dossier_account_dialog, DOSSIER, ACCOUNT_DIALOG,
                      GtkDialog)

/* Shows the account when logged in, else the login form, with the server and
 * user name of the last login filled in (after an expired sign-in, too). */
GtkWidget *dossier_account_dialog_new (GtkWindow         *parent,
                                       DossierSyncEngine *engine);

G_END_DECLS
