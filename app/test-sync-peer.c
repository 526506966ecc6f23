/* test-sync-peer.c: the other specialists of the sync UI test (test-sync-ui.py).
 *
 *   test-sync-peer conflict --server URL --office ID --user A --user B
 *       Two passwords on standard input, one a line.  A creates a case in the
 *       office with an applicant (passport E12345678); B receives it; then,
 *       both offline, A changes the passport number to E11111111 and sets the
 *       days of stay requested to 30, B to E22222222 and 45, and both sync:
 *       the server holds two concurrent versions of each field, which any
 *       replica that pulls them keeps as two conflicts.  A also creates a
 *       second case, DOS-2026-00102, which A deletes while B, offline, sets
 *       its purpose: a third conflict, on a deleted record.  Prints the first
 *       case's and the applicant's ids, one a line.
 *   test-sync-peer expect --server URL --user A --case ID --applicant ID
 *                  --value V --days N
 *       One password on standard input.  A fresh replica logs in, syncs, and
 *       waits until the passport number is V and the days requested N, with
 *       no conflict left: what every other device sees once both are resolved.
 *   test-sync-peer set --server URL --user A --case ID --field F --value V
 *       One password on standard input.  A fresh replica logs in, syncs, sets
 *       the case's field F to V, and waits until the server has it.
 *
 * Real replicas (in temporary folders, with random keys) and real sync
 * engines against the real server; tokens go to the session's keyring.
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "dossier-sync-engine.h"

typedef struct
{
  char              *dir;
  DossierReplica    *replica;
  DossierSyncEngine *engine;
} Peer;

typedef gboolean (*Condition) (Peer *peer, gconstpointer data);

static void
wait_until (Peer          *peer,
            Condition      condition,
            gconstpointer  data,
            guint          seconds,
            const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!condition (peer, data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("test-sync-peer: timed out waiting until %s\n", what);
          exit (EXIT_FAILURE);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
}

static gboolean
is_synced (Peer          *peer,
           gconstpointer  data)
{
  return dossier_sync_engine_get_state (peer->engine) == DOSSIER_SYNC_STATE_SYNCED
         && dossier_sync_engine_get_pending (peer->engine) == 0;
}

static gboolean
is_true (Peer          *peer,
         gconstpointer  data)
{
  return *(const gboolean *) data;
}

static void
logged_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dossier_sync_engine_login_finish (DOSSIER_SYNC_ENGINE (source), result, &error))
    {
      g_printerr ("test-sync-peer: logging in: %s\n", error->message);
      exit (EXIT_FAILURE);
    }
  *(gboolean *) user_data = TRUE;
}

static char *
read_line (void)
{
  char buffer[256];

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      g_printerr ("test-sync-peer: a password is missing on standard input\n");
      exit (EXIT_FAILURE);
    }
  buffer[strcspn (buffer, "\r\n")] = '\0';
  return g_strdup (buffer);
}

static void
peer_start (Peer       *peer,
            const char *server,
            const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *path = NULL;
  g_autofree char *password = read_line ();
  guint8 raw[32];
  gboolean done = FALSE;

  peer->dir = g_dir_make_tmp ("dossier-peer-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (peer->dir, "replica.db", NULL);
  for (guint i = 0; i < sizeof raw; i++)
    raw[i] = (guint8) g_random_int_range (0, 256);
  key = g_bytes_new (raw, sizeof raw);
  peer->replica = dossier_replica_open_sync (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);
  peer->engine = dossier_sync_engine_new (peer->replica);
  dossier_sync_engine_start (peer->engine);
  dossier_sync_engine_login_async (peer->engine, server, user, password, NULL, logged_in_cb, &done);
  wait_until (peer, is_true, &done, 30, "logged in");
  wait_until (peer, is_synced, NULL, 60, "the first sync ended");
}

static void
peer_stop (Peer *peer)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dossier_sync_engine_stop (peer->engine);
  g_clear_object (&peer->engine);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  dossier_replica_close (peer->replica);
  g_clear_object (&peer->replica);
  dir = g_dir_open (peer->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (peer->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (peer->dir);
  g_free (peer->dir);
}

static char *
save (Peer       *peer,
      const char *kind,
      const char *id,
      const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  char *saved = dossier_replica_save_sync (peer->replica, kind, id, json_node_get_object (node),
                                           NULL, &error);

  g_assert_no_error (error);
  return saved;
}

typedef struct
{
  const char *applicant;
  const char *passport;
  const char *case_id;     /* NULL: the days requested do not matter */
  gint64      days;
} Want;

static gboolean
has_values (Peer          *peer,
            gconstpointer  data)
{
  const Want *want = data;
  g_autoptr(JsonObject) row = dossier_replica_get_sync (peer->replica, "applicant", want->applicant,
                                                        NULL, NULL);
  g_autoptr(JsonObject) case_row = want->case_id != NULL
    ? dossier_replica_get_sync (peer->replica, "case", want->case_id, NULL, NULL) : NULL;
  g_autoptr(GPtrArray) conflicts = dossier_replica_list_conflicts_sync (peer->replica, NULL, NULL);

  if (want->case_id != NULL
      && (case_row == NULL || json_object_get_null_member (case_row, "requested_days")
          || json_object_get_int_member (case_row, "requested_days") != want->days))
    return FALSE;
  return row != NULL && conflicts != NULL && conflicts->len == 0
         && g_strcmp0 (json_object_get_string_member (row, "passport_number"), want->passport) == 0;
}

static gboolean
has_case (Peer          *peer,
          gconstpointer  data)
{
  g_autoptr(JsonObject) row = dossier_replica_get_sync (peer->replica, "case", data, NULL, NULL);

  return row != NULL;
}

static int
make_conflict (const char  *server,
               const char  *office,
               char       **users)
{
  Peer a = { 0 }, b = { 0 };
  g_autofree char *applicant = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *json = NULL;
  g_autofree char *deleted_id = NULL;
  g_autoptr(GError) error = NULL;
  Want arrived;

  peer_start (&a, server, users[0]);
  peer_start (&b, server, users[1]);
  applicant = save (&a, "applicant", NULL, "{\"family_name\": \"Wang\", \"given_names\": \"Fang\", "
                                            "\"passport_number\": \"E12345678\"}");
  json = g_strdup_printf ("{\"reference\": \"DOS-2026-00101\", \"office_id\": \"%s\", "
                          "\"applicant_id\": \"%s\", \"destination\": \"JP\"}", office, applicant);
  case_id = save (&a, "case", NULL, json);
  g_free (json);
  json = g_strdup_printf ("{\"reference\": \"DOS-2026-00102\", \"office_id\": \"%s\", "
                          "\"applicant_id\": \"%s\", \"destination\": \"FR\"}", office, applicant);
  deleted_id = save (&a, "case", NULL, json);
  arrived = (Want) { applicant, "E12345678", NULL, 0 };
  wait_until (&b, has_values, &arrived, 30, "B received the case");
  wait_until (&b, has_case, deleted_id, 30, "B received the second case");

  dossier_sync_engine_stop (a.engine);
  dossier_sync_engine_stop (b.engine);
  if (!dossier_replica_delete_sync (a.replica, "case", deleted_id, NULL, &error))
    g_error ("Deleting the second case: %s", error->message);
  g_free (save (&b, "case", deleted_id, "{\"purpose\": \"Trade fair in Lyon\"}"));
  g_free (save (&a, "applicant", applicant, "{\"passport_number\": \"E11111111\"}"));
  g_free (save (&a, "case", case_id, "{\"requested_days\": 30}"));
  g_free (save (&b, "applicant", applicant, "{\"passport_number\": \"E22222222\"}"));
  g_free (save (&b, "case", case_id, "{\"requested_days\": 45}"));
  dossier_sync_engine_start (a.engine);
  wait_until (&a, is_synced, NULL, 30, "A sent its edit");
  dossier_sync_engine_start (b.engine);
  wait_until (&b, is_synced, NULL, 30, "B sent its edit");

  g_print ("%s\n%s\n", case_id, applicant);
  peer_stop (&a);
  peer_stop (&b);
  return EXIT_SUCCESS;
}

static int
expect_values (const char *server,
               const char *user,
               const char *case_id,
               const char *applicant,
               const char *value,
               gint64      days)
{
  Peer peer = { 0 };
  Want want = { applicant, value, case_id, days };

  peer_start (&peer, server, user);
  wait_until (&peer, has_values, &want, 30, "the resolutions arrived");
  peer_stop (&peer);
  return EXIT_SUCCESS;
}

/* The outbox itself, not the engine's count of it, which lags a save. */
static gboolean
outbox_is_empty (Peer          *peer,
                 gconstpointer  data)
{
  return dossier_replica_count_outbox_sync (peer->replica, NULL, NULL) == 0;
}

static int
set_value (const char *server,
           const char *user,
           const char *case_id,
           const char *field,
           const char *value)
{
  Peer peer = { 0 };
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  peer_start (&peer, server, user);
  wait_until (&peer, has_case, case_id, 30, "the case arrived");
  json_object_set_string_member (fields, field, value);
  saved = dossier_replica_save_sync (peer.replica, "case", case_id, fields, NULL, &error);
  g_assert_no_error (error);
  dossier_sync_engine_sync_now (peer.engine);
  wait_until (&peer, outbox_is_empty, NULL, 30, "the edit was sent");
  peer_stop (&peer);
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *server = NULL;
  g_autofree char *office = NULL;
  g_autofree char *applicant = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *value = NULL;
  g_autofree char *field = NULL;
  gint64 days = -1;
  g_auto(GStrv) users = NULL;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "Server address", "URL" },
    { "office", 0, 0, G_OPTION_ARG_STRING, &office, "Office id", "ID" },
    { "user", 0, 0, G_OPTION_ARG_STRING_ARRAY, &users, "User (twice for conflict)", "NAME" },
    { "applicant", 0, 0, G_OPTION_ARG_STRING, &applicant, "Applicant id", "ID" },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, "Case id", "ID" },
    { "days", 0, 0, G_OPTION_ARG_INT64, &days, "Expected days of stay requested", "N" },
    { "value", 0, 0, G_OPTION_ARG_STRING, &value, "Expected passport number, or the value to set",
      "TEXT" },
    { "field", 0, 0, G_OPTION_ARG_STRING, &field, "The case's field to set", "NAME" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("conflict|expect|set");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || server == NULL
      || users == NULL)
    {
      g_printerr ("test-sync-peer: %s\n", error != NULL ? error->message : "see the file's header");
      return EXIT_FAILURE;
    }
  if (g_str_equal (argv[1], "conflict") && office != NULL && g_strv_length (users) == 2)
    return make_conflict (server, office, users);
  if (g_str_equal (argv[1], "expect") && applicant != NULL && value != NULL && case_id != NULL
      && days >= 0)
    return expect_values (server, users[0], case_id, applicant, value, days);
  if (g_str_equal (argv[1], "set") && case_id != NULL && field != NULL && value != NULL)
    return set_value (server, users[0], case_id, field, value);
  g_printerr ("test-sync-peer: see the file's header for the commands\n");
  return EXIT_FAILURE;
}
