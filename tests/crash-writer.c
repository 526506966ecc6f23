/* crash-writer.c: writes batches (a case and its five checklist items) into a
 * replica as fast as it can, printing the number of each committed batch,
 * until it is killed.  The key arrives on standard input as 64 hex digits,
 * never on the command line.  Used by test-crash. */

#include <stdio.h>
#include <string.h>

#include "dossier-replica.h"

#define ITEMS_PER_CASE 5

static GBytes *
read_key (void)
{
  char hex[65] = { 0 };
  guint8 key[32];

  if (fread (hex, 1, 64, stdin) != 64)
    return NULL;
  for (guint i = 0; i < 32; i++)
    key[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
  return g_bytes_new (key, sizeof key);
}

static GPtrArray *
make_batch (guint64 n)
{
  GPtrArray *edits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_edit_free);
  g_autofree char *case_id = g_uuid_string_random ();
  g_autofree char *note = g_strdup_printf ("batch %" G_GUINT64_FORMAT, n);
  g_autoptr(JsonObject) case_fields = json_object_new ();

  json_object_set_string_member (case_fields, "reference", note);
  json_object_set_string_member (case_fields, "destination", "DE");
  json_object_set_string_member (case_fields, "notes", note);
  g_ptr_array_add (edits, dossier_edit_new ("case", case_id, case_fields));
  for (int i = 0; i < ITEMS_PER_CASE; i++)
    {
      g_autoptr(JsonObject) item = json_object_new ();
      json_object_set_string_member (item, "case_id", case_id);
      json_object_set_int_member (item, "position", i);
      json_object_set_string_member (item, "notes", note);
      g_ptr_array_add (edits, dossier_edit_new ("checklist_item", NULL, item));
    }
  return edits;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) key = read_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierReplica) replica = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  guint64 n;

  if (argc != 2 || key == NULL)
    {
      fprintf (stderr, "usage: echo KEYHEX | %s REPLICA\n", argv[0]);
      return 2;
    }
  replica = dossier_replica_open_sync (argv[1], key, TRUE, NULL, &error);
  existing = replica ? dossier_replica_list_sync (replica, "case", NULL, NULL, NULL, 0, NULL, &error)
                     : NULL;
  if (existing == NULL)
    {
      fprintf (stderr, "crash-writer: %s\n", error->message);
      return 1;
    }
  printf ("ready\n");
  fflush (stdout);
  for (n = existing->len + 1;; n++)
    {
      g_autoptr(GPtrArray) edits = make_batch (n);
      g_autoptr(GPtrArray) ids = dossier_replica_save_many_sync (replica, edits, NULL, &error);
      if (ids == NULL)
        {
          fprintf (stderr, "crash-writer: %s\n", error->message);
          return 1;
        }
      printf ("%" G_GUINT64_FORMAT "\n", n);
      fflush (stdout);
    }
}
