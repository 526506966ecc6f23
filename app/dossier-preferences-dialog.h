/* dossier-preferences-dialog.h: the Preferences dialog (instant apply, GSettings). */
#pragma once

#include <gtk/gtk.h>

#include "dossier-replica.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_PREFERENCES_DIALOG (dossier_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DossierPreferencesDialog, dossier_preferences_dialog,
                      DOSSIER, PREFERENCES_DIALOG, GtkDialog)

DossierPreferencesDialog *dossier_preferences_dialog_new (GtkWindow      *parent,
                                                          GSettings      *settings,
                                                          DossierReplica *replica);

G_END_DECLS
