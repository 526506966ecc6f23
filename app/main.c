/* main.c: the dossier executable.
 *
 * Translations are read from LOCALEDIR (the installed prefix) unless
 * DOSSIER_LOCALEDIR names another folder: `meson devenv -C BUILDDIR` and the
 * `run` target set it to the build tree's po/ folder, where the .mo files are
 * built, so an uninstalled build runs translated, for example
 *   meson devenv -C build env LANGUAGE=zh_CN LANG=C.UTF-8 ./app/dossier
 * The replica path can be overridden with DOSSIER_REPLICA (see
 * dossier-replica-opener.c).
 */

#include <glib/gi18n.h>
#include <locale.h>

#include "dossier-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DossierApplication) application = NULL;
  const char *localedir = g_getenv ("DOSSIER_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = dossier_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
