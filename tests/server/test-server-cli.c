/* test-server-cli.c: the dossier-server executable itself.
 *
 * The admin commands, a server process reached over HTTP (and HTTPS), token
 * expiry set on the command line, and the refusals a person at a terminal
 * sees: a port already in use, bad options.
 */

#include "server-fixture.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

typedef struct
{
  char       *dir;
  char       *spec;
  const char *exe;
} Cli;

static void
cli_setup (Cli           *cli,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  cli->exe = g_getenv ("DOSSIER_SERVER_EXE");
  g_assert_nonnull (cli->exe);
  cli->dir = g_dir_make_tmp ("dossier-server-cli-XXXXXX", &error);
  g_assert_no_error (error);
  cli->spec = server_test_new_store (cli->dir);
}

static void
cli_teardown (Cli           *cli,
              gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", cli->dir);

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_free (cli->dir);
  g_free (cli->spec);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
spawn (const char         *input,
       GSubprocessFlags    flags,
       const char *const  *argv,
       GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    flags | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE
    | (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));

  /* A failed assertion must not leave a server running. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

/* Runs to the end; returns the exit status. */
static int
run (const char  *input,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *arg;

  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = spawn (input, 0, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_admin (Cli           *cli,
            gconstpointer  data)
{
  g_autofree char *office = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (NULL, &office, NULL, cli->exe, "admin", "--store", cli->spec,
                        "add-office", "Beijing", NULL), ==, 0);
  g_strstrip (office);
  g_assert_true (g_uuid_string_is_valid (office));
  g_assert_cmpint (run ("s3cret pass\n", NULL, NULL, cli->exe, "admin", "--store", cli->spec,
                        "add-user", "li.na", NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, NULL, cli->exe, "admin", "--store", cli->spec, "add-member",
                        "li.na", office, NULL), ==, 0);
  g_assert_cmpint (run (NULL, &out, NULL, cli->exe, "admin", "--store", cli->spec, "list", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, office));
  g_assert_nonnull (strstr (out, "  li.na  Beijing\n"));
  g_assert_null (strstr (out, "s3cret"));

  /* Refusals say why, with a non-zero status. */
  g_assert_cmpint (run (NULL, NULL, &err, cli->exe, "admin", "--store", cli->spec, "add-office",
                        "Beijing", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "exists"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, cli->exe, "admin", "--store", cli->spec,
                        "remove-member", "li.na", "Shanghai", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Shanghai"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ("", NULL, &err, cli->exe, "admin", "--store", cli->spec, "add-user",
                        "nopass", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "password"));
  g_assert_cmpint (run (NULL, NULL, NULL, cli->exe, "admin", "--store", cli->spec, "frobnicate",
                        NULL), ==, 2);
}

typedef struct
{
  GSubprocess *process;
  char        *base;
} Running;

static void
running_stop (Running *running)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (running->process, SIGTERM);
  g_assert_true (g_subprocess_wait_check (running->process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&running->process);
  g_free (running->base);
}

/* Starts dossier-server on a free loopback port and waits for its first line. */
static void
running_start (Running    *running,
               Cli        *cli,
               const char *extra,
               const char *extra_value,
               const char *more,
               const char *more_value)
{
  const char *argv[] = { cli->exe, "--listen", "127.0.0.1:0", "--store", cli->spec,
                         extra, extra_value, more, more_value, NULL };
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  running->process = spawn (NULL, 0, argv, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (running->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  running->base = g_strdup (line + strlen ("Listening on "));
}

static void
seed (Cli *cli)
{
  g_assert_cmpint (run (NULL, NULL, NULL, cli->exe, "admin", "--store", cli->spec, "add-office",
                        "Beijing", NULL), ==, 0);
  g_assert_cmpint (run (FIXTURE_PASSWORD "\n", NULL, NULL, cli->exe, "admin", "--store",
                        cli->spec, "add-user", "li.na", NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, NULL, cli->exe, "admin", "--store", cli->spec, "add-member",
                        "li.na", "Beijing", NULL), ==, 0);
}

/* A fixture pointing at an outside server, for the HTTP helpers. */
static ServerFixture *
fixture_for (Running     *running,
             SoupSession *session)
{
  ServerFixture *f = g_new0 (ServerFixture, 1);

  f->base = g_strdup (running->base);
  f->session = g_object_ref (session);
  return f;
}

static void
fixture_free (ServerFixture *f)
{
  g_free (f->base);
  g_object_unref (f->session);
  g_free (f);
}

static void
test_serve (Cli           *cli,
            gconstpointer  data)
{
  Running running = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *token = NULL;
  g_autofree char *office = NULL;
  g_autofree char *record = g_uuid_string_random ();
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) login = NULL;
  ServerFixture *f;
  guint status;

  seed (cli);
  running_start (&running, cli, "--token-lifetime", "2", NULL, NULL);
  g_assert_true (g_str_has_prefix (running.base, "http://127.0.0.1:"));
  f = fixture_for (&running, session);

  login = server_request (f, NULL, "POST", "/v1/login", NULL,
                          "{\"protocol\":1,\"user\":\"li.na\",\"password\":\"" FIXTURE_PASSWORD
                          "\",\"device\":\"d\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  token = g_strdup (json_object_get_string_member (json_node_get_object (login), "token"));
  office = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_array_at (login, "offices"), 0), "id"));

  g_ptr_array_add (changes, make_change ("dev", 1, "case", record, "reference", "\"DOS-1\"",
                                         office));
  json_node_unref (server_push (f, NULL, token, changes, &status));
  g_assert_cmpuint (status, ==, 200);
  {
    g_autoptr(JsonNode) page = server_pull (f, NULL, token, 0, 0, &status);
    g_assert_cmpuint (json_array_get_length (json_array_at (page, "changes")), ==, 1);
  }

  /* --token-lifetime 2: expired three seconds later. */
  g_usleep (3 * G_USEC_PER_SEC);
  {
    g_autoptr(JsonNode) late = server_pull (f, NULL, token, 0, 0, &status);
    assert_error (late, status, 401, "token_expired");
  }
  fixture_free (f);
  running_stop (&running);
}

static void
test_port_in_use (Cli           *cli,
                  gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *err = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  address = g_strdup_printf ("127.0.0.1:%u", port);

  g_assert_cmpint (run (NULL, NULL, &err, cli->exe, "--listen", address, "--store", cli->spec,
                        NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already in use"));
  g_assert_nonnull (strstr (err, address));
}

static void
test_bad_options (Cli           *cli,
                  gconstpointer  data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run (NULL, NULL, &err, cli->exe, "--store", cli->spec, "--tls-certificate",
                        "cert.pem", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--tls-key"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, cli->exe, "--store", "mysql:x", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "sqlite:PATH"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, cli->exe, "--listen", "somewhere", "--store", cli->spec,
                        NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--listen"));
}

static gboolean
accept_ours_cb (SoupMessage          *msg,
                GTlsCertificate      *peer,
                GTlsCertificateFlags  errors,
                gpointer              user_data)
{
  /* Self-signed: trusted because it is exactly the one we made. */
  return g_tls_certificate_is_same (peer, user_data);
}

static void
test_tls (Cli           *cli,
          gconstpointer  data)
{
  g_autofree char *cert = g_build_filename (cli->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (cli->dir, "key.pem", NULL);
  g_autoptr(GTlsCertificate) ours = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  static const char login[] = "{\"protocol\":1,\"user\":\"li.na\",\"password\":\""
                              FIXTURE_PASSWORD "\",\"device\":\"d\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (login, strlen (login));
  Running running = { 0 };

  g_assert_cmpint (run (NULL, NULL, NULL, g_getenv ("DOSSIER_TEST_OPENSSL"), "req", "-x509",
                        "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        NULL), ==, 0);
  ours = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);

  seed (cli);
  running_start (&running, cli, "--tls-certificate", cert, "--tls-key", key);
  g_assert_true (g_str_has_prefix (running.base, "https://127.0.0.1:"));

  url = g_strconcat (running.base, "v1/login", NULL);
  msg = soup_message_new ("POST", url);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_ours_cb), ours);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (reply, NULL), "\"token\""));
  running_stop (&running);
}

int
main (int    argc,
      char **argv)
{
  server_test_init (&argc, &argv);

  g_test_add ("/server/cli/admin", Cli, NULL, cli_setup, test_admin, cli_teardown);
  g_test_add ("/server/cli/serve", Cli, NULL, cli_setup, test_serve, cli_teardown);
  g_test_add ("/server/cli/port-in-use", Cli, NULL, cli_setup, test_port_in_use, cli_teardown);
  g_test_add ("/server/cli/bad-options", Cli, NULL, cli_setup, test_bad_options, cli_teardown);
  /* The certificate needs openssl; without it there is no HTTPS test to run. */
  if (g_strcmp0 (g_getenv ("DOSSIER_TEST_OPENSSL"), "") != 0)
    g_test_add ("/server/cli/tls", Cli, NULL, cli_setup, test_tls, cli_teardown);

  return g_test_run ();
}
