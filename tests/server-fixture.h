/* server-fixture.h: a real dossier-server process on a loopback port, with a
 * store in a temporary folder, offices and users made through its admin
 * command.  For tests of the client against the real server. */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

typedef struct
{
  char        *dir;
  char        *store;
  char        *url;
  guint        port;
  GSubprocess *process;
} ServerFixture;

static inline char *
server_admin (ServerFixture *server,
              const char    *input,
              ...)
{
  const char *bin = g_getenv ("DOSSIER_SERVER_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  va_list args;
  const char *arg;

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (gpointer) bin);
  g_ptr_array_add (argv, (gpointer) "admin");
  g_ptr_array_add (argv, server->store);
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  admin = g_subprocess_newv ((const char *const *) argv->pdata,
                             G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (admin, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (admin));
  return g_strstrip (g_steal_pointer (&out));
}

/* The server dies with the test, however the test ends. */
static inline void
server_die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts the server on a free port (tries a few); waits until it answers. */
static inline void
server_start (ServerFixture *server,
              const char    *extra_arg)
{
  const char *bin = g_getenv ("DOSSIER_SERVER_BIN");

  for (guint attempt = 0; attempt < 20 && server->process == NULL; attempt++)
    {
      g_autofree char *listen = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketClient) probe = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

      server->port = g_test_rand_int_range (20000, 60000);
      listen = g_strdup_printf ("--listen=127.0.0.1:%u", server->port);
      g_subprocess_launcher_set_child_setup (launcher, server_die_with_parent, NULL, NULL);
      server->process = g_subprocess_launcher_spawn (launcher, &error, bin, listen, server->store,
                                                     extra_arg, NULL);
      g_assert_no_error (error);
      for (guint i = 0; i < 100 && connection == NULL; i++)
        {
          g_clear_error (&error);
          connection = g_socket_client_connect_to_host (probe, "127.0.0.1", server->port, NULL,
                                                        &error);
          if (connection == NULL)
            g_usleep (50 * 1000);
        }
      if (connection == NULL)
        {
          g_subprocess_force_exit (server->process);
          g_subprocess_wait (server->process, NULL, NULL);
          g_clear_object (&server->process);
        }
    }
  g_assert_nonnull (server->process);
  g_free (server->url);
  server->url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
}

static inline void
server_stop (ServerFixture *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

static inline void
server_set_up (ServerFixture *server,
               const char    *extra_arg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  server->dir = g_dir_make_tmp ("dossier-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (server->dir, "server.db", NULL);
  /* The admin command takes --store=...; the server itself the same option. */
  server->store = g_strdup_printf ("--store=sqlite:%s", path);
  server_start (server, extra_arg);
}

static inline void
server_tear_down (ServerFixture *server)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  server_stop (server);
  dir = g_dir_open (server->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (server->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (server->dir);
  g_free (server->dir);
  g_free (server->store);
  g_free (server->url);
}
