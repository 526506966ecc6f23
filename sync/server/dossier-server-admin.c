/* dossier-server-admin.c: offices, users and memberships from the command line.
 *
 * Works on the store directly, not over HTTP, so it needs no account of its
 * own.  A password is read from standard input (without echo on a
 * terminal), never from the command line, where `ps` would show it.
 */

#include "dossier-server-admin.h"

#include <string.h>
#include <termios.h>
#include <unistd.h>

#define MAX_PASSWORD 1024

static const char usage[] =
  "Usage: dossier-server admin [--store SPEC] COMMAND\n"
  "\n"
  "Commands:\n"
  "  add-office NAME            add an office; prints its id\n"
  "  add-user NAME              add a user; the password is read from standard input\n"
  "  add-member USER OFFICE     let USER see OFFICE (its name or id)\n"
  "  remove-member USER OFFICE  stop USER seeing OFFICE\n"
  "  list                       offices, users and memberships\n"
  "\n"
  "SPEC is sqlite:PATH (default: $XDG_DATA_HOME/dossier-server/server.db)\n"
  "or postgresql:CONNINFO.\n";

char *
dossier_server_default_store (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "dossier-server", "server.db",
                                            NULL);

  return g_strconcat ("sqlite:", path, NULL);
}

/* One line of `input`, without its line end; echo off on a terminal. */
static char *
read_password (FILE       *input,
               const char *user)
{
  char buffer[MAX_PASSWORD + 2];
  struct termios saved, quiet;
  gboolean terminal = isatty (fileno (input)) && tcgetattr (fileno (input), &saved) == 0;
  char *line;
  gsize length;

  if (terminal)
    {
      fprintf (stderr, "Password for %s: ", user);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (fileno (input), TCSAFLUSH, &quiet);
    }
  line = fgets (buffer, sizeof buffer, input);
  if (terminal)
    {
      tcsetattr (fileno (input), TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  if (line == NULL)
    return NULL;
  length = strcspn (buffer, "\r\n");
  line = g_strndup (buffer, length);
  explicit_bzero (buffer, sizeof buffer);
  return line;
}

static gboolean
add_user (DossierServerStore  *store,
          const char          *name,
          FILE                *input,
          FILE                *output,
          GError             **error)
{
  char *password = read_password (input, name);
  g_autofree char *id = NULL;

  if (password == NULL)
    {
      g_set_error_literal (error, DOSSIER_SERVER_STORE_ERROR, DOSSIER_SERVER_STORE_ERROR_INVALID,
                           "No password on standard input");
      return FALSE;
    }
  id = dossier_server_store_add_user (store, name, password, error);
  explicit_bzero (password, strlen (password));
  g_free (password);
  if (id == NULL)
    return FALSE;
  fprintf (output, "%s\n", id);
  return TRUE;
}

static gboolean
list_all (DossierServerStore  *store,
          FILE                *output,
          GError             **error)
{
  g_autoptr(GPtrArray) offices = dossier_server_store_list_offices (store, error);
  g_autoptr(GPtrArray) users = offices ? dossier_server_store_list_users (store, error) : NULL;

  if (users == NULL)
    return FALSE;
  fprintf (output, "Offices:\n");
  for (guint i = 0; i < offices->len; i++)
    {
      DossierServerOffice *office = g_ptr_array_index (offices, i);

      fprintf (output, "  %s  %s\n", office->id, office->name);
    }
  fprintf (output, "Users:\n");
  for (guint i = 0; i < users->len; i++)
    {
      DossierServerUser *user = g_ptr_array_index (users, i);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint j = 0; j < user->offices->len; j++)
        g_string_append_printf (names, "%s%s", j > 0 ? ", " : "",
                                ((DossierServerOffice *) g_ptr_array_index (user->offices, j))->name);
      fprintf (output, "  %s  %s\n", user->name, names->len > 0 ? names->str : "(no office)");
    }
  return TRUE;
}

/* Returns: 0 done, 1 refused, 2 not a command */
static int
run_command (DossierServerStore  *store,
             char               **args,
             FILE                *input,
             FILE                *output,
             GError             **error)
{
  guint n = g_strv_length (args);
  g_autofree char *id = NULL;
  gboolean ok;

  if (n == 2 && strcmp (args[0], "add-office") == 0)
    {
      if ((ok = (id = dossier_server_store_add_office (store, args[1], error)) != NULL))
        fprintf (output, "%s\n", id);
    }
  else if (n == 2 && strcmp (args[0], "add-user") == 0)
    ok = add_user (store, args[1], input, output, error);
  else if (n == 3 && strcmp (args[0], "add-member") == 0)
    ok = dossier_server_store_add_member (store, args[1], args[2], error);
  else if (n == 3 && strcmp (args[0], "remove-member") == 0)
    ok = dossier_server_store_remove_member (store, args[1], args[2], error);
  else if (n == 1 && strcmp (args[0], "list") == 0)
    ok = list_all (store, output, error);
  else
    return 2;
  return ok ? 0 : 1;
}

int
dossier_server_admin_main (int    argc,
                           char **argv,
                           FILE  *input,
                           FILE  *output)
{
  g_autofree char *spec = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DossierServerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &spec, "Where the server keeps its data", "SPEC" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, "COMMAND" },
    { NULL }
  };
  int status;

  g_set_prgname ("dossier-server admin");
  context = g_option_context_new ("- manage offices and users");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, strchr (usage, '\n') + 1);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fprintf (stderr, "dossier-server admin: %s\n", error->message), 2;
  if (args == NULL)
    return fputs (usage, stderr), 2;

  if (spec == NULL)
    spec = dossier_server_default_store ();
  if ((store = dossier_server_store_open (spec, &error)) == NULL)
    return fprintf (stderr, "dossier-server admin: %s\n", error->message), 1;

  status = run_command (store, args, input, output, &error);
  if (status == 2)
    fputs (usage, stderr);
  else if (status == 1)
    fprintf (stderr, "dossier-server admin: %s\n", error->message);
  return status;
}
