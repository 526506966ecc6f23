/* replica-fixture.h: a fresh replica in a temporary folder, for the sync tests. */
#pragma once

#include <glib/gstdio.h>
#include "dossier-replica.h"

typedef struct
{
  char           *dir;
  char           *path;
  GBytes         *key;
  DossierReplica *replica;
} ReplicaFixture;

static inline GBytes *
fixture_random_key (void)
{
  guint8 key[32];

  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) g_test_rand_int_range (0, 256);
  return g_bytes_new (key, sizeof key);
}

static inline void
replica_fixture_set_up (ReplicaFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dossier-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "replica.db", NULL);
  fixture->key = fixture_random_key ();
  fixture->replica = dossier_replica_open_sync (fixture->path, fixture->key, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->replica);
}

static inline void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (dir);
}

static inline void
replica_fixture_tear_down (ReplicaFixture *fixture,
                           gconstpointer   data)
{
  if (fixture->replica != NULL)
    {
      /* A weak pointer catches a replica leaked by the code under test.  Closing
       * first joins the worker, which may still hold the last finished task. */
      dossier_replica_close (fixture->replica);
      g_object_add_weak_pointer (G_OBJECT (fixture->replica), (gpointer *) &fixture->replica);
      g_object_unref (fixture->replica);
      g_assert_null (fixture->replica);
    }
  g_bytes_unref (fixture->key);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Closes (if open) and reopens the fixture's replica with its key. */
static inline void
replica_fixture_reopen (ReplicaFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (fixture->replica != NULL)
    dossier_replica_close (fixture->replica);
  g_clear_object (&fixture->replica);
  fixture->replica = dossier_replica_open_sync (fixture->path, fixture->key, FALSE, NULL, &error);
  g_assert_no_error (error);
}

static inline gint64
fixture_outbox_count (ReplicaFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 n = dossier_replica_count_outbox_sync (fixture->replica, NULL, &error);

  g_assert_no_error (error);
  return n;
}
