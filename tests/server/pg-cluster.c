/* pg-cluster.c: a throwaway PostgreSQL cluster for one test or benchmark program.
 *
 * initdb into a private folder, a postmaster listening on a unix socket in
 * that folder only (no TCP port to collide with anything), fsync off for
 * tests; durable for the server benchmarks, whose figures compare with the
 * SQLite store's (synchronous=FULL).  A forked watchdog waits for the
 * program to end, however it ends (an assertion aborts it), then stops the
 * cluster and removes the folder.  As root, the PostgreSQL programs run as
 * the "postgres" user, since initdb refuses root.
 */

#include "pg-cluster.h"

#include <gio/gio.h>

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#define PG_PORT "5432"

struct _PgCluster
{
  char *dir;
  char *bindir;
  guint databases;
};

static char **
command (PgCluster  *cluster,
         const char *program,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  va_list args;
  const char *arg;

  if (geteuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (cluster->bindir, program, NULL));
  va_start (args, program);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}

static gboolean
run (char   **argv,
     GError **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) local_error = NULL;
  int status = 0;
  gboolean ok = g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                              &status, &local_error)
                && g_spawn_check_wait_status (status, &local_error);

  if (!ok)
    g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s failed: %s\n%s\n%s", argv[0],
                 local_error->message, out ? out : "", err ? err : "");
  g_strfreev (argv);
  return ok;
}

/* Stops the cluster once the test program is gone: its pipe end closes. */
static void
start_watchdog (PgCluster  *cluster,
                const char *data)
{
  g_auto(GStrv) stop = command (cluster, "pg_ctl", "-D", data, "-m", "immediate", "stop", NULL);
  g_autofree char *stop_text = g_strjoinv (" ", stop);
  g_autofree char *script = g_strdup_printf ("%s >/dev/null 2>&1; rm -rf '%s'", stop_text,
                                             cluster->dir);
  int fds[2];
  pid_t pid;

  if (pipe2 (fds, O_CLOEXEC) != 0)
    g_error ("pipe: %s", g_strerror (errno));
  pid = fork ();
  if (pid == 0)
    {
      char byte;
      int null = open ("/dev/null", O_RDWR);

      dup2 (null, 0);
      dup2 (null, 1);
      dup2 (null, 2);
      close (fds[1]);
      setsid ();
      while (read (fds[0], &byte, 1) < 0 && errno == EINTR)
        ;
      execl ("/bin/sh", "sh", "-c", script, (char *) NULL);
      _exit (1);
    }
  close (fds[0]);
  /* fds[1] stays open, close-on-exec, until this process ends. */
}

static void
pg_cluster_free (PgCluster *cluster)
{
  /* The watchdog stops the cluster and removes its folder. */
  g_free (cluster->dir);
  g_free (cluster->bindir);
  g_free (cluster);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PgCluster, pg_cluster_free)

PgCluster *
pg_cluster_start_full (const char  *bindir,
                       gboolean     durable,
                       GError     **error)
{
  g_autoptr(PgCluster) cluster = g_new0 (PgCluster, 1);
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;

  if (bindir == NULL || *bindir == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No PostgreSQL (pg_config)");
      return NULL;
    }
  cluster->bindir = g_strdup (bindir);
  if ((cluster->dir = g_dir_make_tmp ("dossier-pg-XXXXXX", error)) == NULL)
    return NULL;
  if (geteuid () == 0)
    {
      struct passwd *postgres = getpwnam ("postgres");

      if (postgres == NULL || chown (cluster->dir, postgres->pw_uid, postgres->pw_gid) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "No postgres user to run the cluster as");
          return NULL;
        }
    }
  data = g_build_filename (cluster->dir, "data", NULL);
  log = g_build_filename (cluster->dir, "log", NULL);
  /* Enough connections for 200 clients' worth. */
  options = g_strdup_printf ("-c listen_addresses='' -k %s -p " PG_PORT "%s -c max_connections=300",
                             cluster->dir,
                             durable ? "" : " -c fsync=off -c full_page_writes=off");

  start_watchdog (cluster, data);
  if (!run (command (cluster, "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                     "--no-locale", durable ? NULL : "--no-sync", NULL), error)
      || !run (command (cluster, "pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start",
                        NULL), error))
    return NULL;
  return g_steal_pointer (&cluster);
}

PgCluster *
pg_cluster_start (const char *bindir)
{
  g_autoptr(GError) error = NULL;
  PgCluster *cluster = pg_cluster_start_full (bindir, FALSE, &error);

  g_assert_no_error (error);
  return cluster;
}

static char *
conninfo (PgCluster  *cluster,
          const char *database)
{
  return g_strdup_printf ("host=%s port=" PG_PORT " user=postgres dbname=%s", cluster->dir,
                          database);
}

char *
pg_cluster_new_database_full (PgCluster  *cluster,
                              GError    **error)
{
  g_autofree char *admin = conninfo (cluster, "postgres");
  g_autofree char *name = g_strdup_printf ("test_%u_%u", (guint) getpid (),
                                           ++cluster->databases);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);
  g_autofree char *info = conninfo (cluster, name);
  PGconn *conn = PQconnectdb (admin);
  PGresult *result = PQstatus (conn) == CONNECTION_OK ? PQexec (conn, sql) : NULL;
  gboolean ok = result != NULL && PQresultStatus (result) == PGRES_COMMAND_OK;

  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
  return ok ? g_strconcat ("postgresql:", info, NULL) : NULL;
}

char *
pg_cluster_new_database (PgCluster *cluster)
{
  g_autoptr(GError) error = NULL;
  char *spec = pg_cluster_new_database_full (cluster, &error);

  g_assert_no_error (error);
  return spec;
}
