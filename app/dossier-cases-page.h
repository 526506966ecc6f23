/* dossier-cases-page.h: the Cases page of the main window: filters, the case
 * list and the selected case side by side. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-window.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_CASES_PAGE (dossier_cases_page_get_type ())
G_DECLARE_FINAL_TYPE (DossierCasesPage, dossier_cases_page, DOSSIER, CASES_PAGE, GtkBox)

/* The page follows @window: its replica, its search bar and its "new-case" signal. */
GtkWidget *dossier_cases_page_new (DossierWindow *window);

G_END_DECLS
