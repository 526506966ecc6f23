/* main.c: dossier-server, the sync server, and `dossier-server admin`. */

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "dossier-server.h"
#include "dossier-server-admin.h"

#define DEFAULT_LISTEN "127.0.0.1:8089"

typedef struct
{
  char   *listen;
  char   *store;
  char   *certificate;
  char   *key;
  gint64  token_lifetime;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->listen);
  g_free (options->store);
  g_free (options->certificate);
  g_free (options->key);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* "HOST:PORT" or "[V6]:PORT" with a literal address (or localhost). */
static GInetSocketAddress *
parse_listen (const char  *text,
              GError     **error)
{
  g_autoptr(GSocketConnectable) parsed = g_network_address_parse (text, 8089, error);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (parsed == NULL)
    return NULL;
  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (parsed));
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen needs an IP address and a port, such as %s", DEFAULT_LISTEN);
      return NULL;
    }
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (
    address, g_network_address_get_port (G_NETWORK_ADDRESS (parsed))));
}

static gboolean
parse_options (int       *argc,
               char    ***argv,
               Options   *options,
               GError   **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the Dossier sync server");
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options->listen,
      "Address and port to listen on (default " DEFAULT_LISTEN ")", "ADDRESS:PORT" },
    { "store", 0, 0, G_OPTION_ARG_STRING, &options->store,
      "sqlite:PATH or postgresql:CONNINFO", "SPEC" },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &options->certificate,
      "Serve HTTPS with this PEM certificate", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options->key, "The certificate's key", "FILE" },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT64, &options->token_lifetime,
      "Seconds a login token stays valid (default 30 days)", "SECONDS" },
    { NULL }
  };

  options->token_lifetime = DOSSIER_SERVER_DEFAULT_TOKEN_LIFETIME;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Run \"dossier-server admin --help\" to manage offices and users.");
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 1 || (options->certificate == NULL) != (options->key == NULL)
      || options->token_lifetime <= 0 || options->token_lifetime > G_MAXINT32)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "Give --tls-certificate and --tls-key together, a positive "
                           "--token-lifetime, and no other arguments");
      return FALSE;
    }
  return TRUE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static DossierServer *
start_server (const Options  *options,
              GError        **error)
{
  g_autoptr(GInetSocketAddress) address = parse_listen (options->listen ? options->listen
                                                                        : DEFAULT_LISTEN, error);
  g_autofree char *spec = options->store ? g_strdup (options->store)
                                         : dossier_server_default_store ();
  g_autoptr(DossierServerStore) store = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(DossierServer) server = NULL;

  if (address == NULL || (store = dossier_server_store_open (spec, error)) == NULL)
    return NULL;
  if (options->certificate != NULL
      && (certificate = g_tls_certificate_new_from_files (options->certificate, options->key,
                                                          error)) == NULL)
    return NULL;
  server = dossier_server_new (store, certificate);
  dossier_server_set_token_lifetime (server, options->token_lifetime);
  if (!dossier_server_listen (server, address, error))
    return NULL;
  return g_steal_pointer (&server);
}

static int
run_server (int    argc,
            char **argv)
{
  g_auto(Options) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *uri_text = NULL;

  if (!parse_options (&argc, &argv, &options, &error))
    {
      fprintf (stderr, "dossier-server: %s\n", error->message);
      return 2;
    }
  if ((server = start_server (&options, &error)) == NULL)
    {
      fprintf (stderr, "dossier-server: %s\n", error->message);
      return 1;
    }

  uri = dossier_server_get_uri (server);
  uri_text = g_uri_to_string (uri);
  /* One line that scripts (and the tests) wait for before connecting. */
  printf ("Listening on %s\n", uri_text);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_set_prgname ("dossier-server");
  if (argc > 1 && strcmp (argv[1], "admin") == 0)
    return dossier_server_admin_main (argc - 1, argv + 1, stdin, stdout);
  return run_server (argc, argv);
}
