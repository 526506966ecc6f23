/* bench-pg.c: a private PostgreSQL cluster for the server benchmarks.
 *
 * Like tests/server/pg-cluster.c, but durable: fsync and synchronous_commit
 * stay at PostgreSQL's defaults, so its figures compare with the SQLite
 * store's (synchronous=FULL).  initdb into a private folder, a postmaster on a
 * unix socket in that folder only; a forked watchdog stops the cluster and
 * removes the folder when the benchmark ends, however it ends.  As root, the
 * PostgreSQL programs run as "postgres", since initdb refuses root.
 */

#include "bench-pg.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#define PG_PORT "5433"

struct _BenchPg
{
  char  *dir;
  char  *bindir;
  guint  databases;
};

static char **
command (BenchPg    *pg,
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
  g_ptr_array_add (argv, g_build_filename (pg->bindir, program, NULL));
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
  int status = 0;
  gboolean ok;

  ok = g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, error)
       && g_spawn_check_wait_status (status, error);
  if (!ok)
    g_prefix_error (error, "%s: %s %s: ", argv[0], out ? out : "", err ? err : "");
  g_strfreev (argv);
  return ok;
}

/* Stops the cluster once this process is gone: its end of the pipe closes. */
static void
start_watchdog (BenchPg    *pg,
                const char *data)
{
  g_auto(GStrv) stop = command (pg, "pg_ctl", "-D", data, "-m", "immediate", "stop", NULL);
  g_autofree char *stop_text = g_strjoinv (" ", stop);
  g_autofree char *script = g_strdup_printf ("%s >/dev/null 2>&1; rm -rf '%s'", stop_text,
                                             pg->dir);
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
}

BenchPg *
bench_pg_start (const char  *bindir,
                GError     **error)
{
  g_autoptr(BenchPg) pg = g_new0 (BenchPg, 1);
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;

  if (bindir == NULL || *bindir == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No PostgreSQL (pg_config)");
      return NULL;
    }
  pg->bindir = g_strdup (bindir);
  if ((pg->dir = g_dir_make_tmp ("dossier-bench-pg-XXXXXX", error)) == NULL)
    return NULL;
  if (geteuid () == 0)
    {
      struct passwd *postgres = getpwnam ("postgres");

      if (postgres == NULL || chown (pg->dir, postgres->pw_uid, postgres->pw_gid) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "No postgres user to run the cluster as");
          return NULL;
        }
    }
  data = g_build_filename (pg->dir, "data", NULL);
  log = g_build_filename (pg->dir, "log", NULL);
  /* Durable, as a server would run; enough connections for 200 clients' worth. */
  options = g_strdup_printf ("-c listen_addresses='' -k %s -p " PG_PORT " -c max_connections=300",
                             pg->dir);
  start_watchdog (pg, data);
  if (!run (command (pg, "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                     "--no-locale", NULL), error)
      || !run (command (pg, "pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start", NULL),
               error))
    return NULL;
  return g_steal_pointer (&pg);
}

char *
bench_pg_new_database (BenchPg  *pg,
                       GError  **error)
{
  g_autofree char *admin = g_strdup_printf ("host=%s port=" PG_PORT " user=postgres "
                                            "dbname=postgres", pg->dir);
  g_autofree char *name = g_strdup_printf ("bench_%u", ++pg->databases);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);
  PGconn *conn = PQconnectdb (admin);
  PGresult *result;
  gboolean ok;

  result = PQstatus (conn) == CONNECTION_OK ? PQexec (conn, sql) : NULL;
  ok = result != NULL && PQresultStatus (result) == PGRES_COMMAND_OK;
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
  if (!ok)
    return NULL;
  return g_strdup_printf ("postgresql:host=%s port=" PG_PORT " user=postgres dbname=%s", pg->dir,
                          name);
}

void
bench_pg_free (BenchPg *pg)
{
  if (pg == NULL)
    return;
  /* The watchdog stops the cluster when the process ends. */
  g_free (pg->dir);
  g_free (pg->bindir);
  g_free (pg);
}
