/* dossier-replica-clocks.c: the clocks of a record's fields, one row per record.
 *
 * Every field of every record has a current version (clock, device, and the
 * version it overwrote).  They live in record_clocks (migration 9): the
 * record's first clock and device, and per field a JSON array holding only
 * what differs from them, so that a record written at once by one device
 * costs one short row rather than a row per field.  field_clocks is a view
 * over it for reading; writes go through this file.
 */

#include "dossier-replica-private.h"

#include <string.h>

DossierRecordClocks *
dossier_record_clocks_new (const char *record_id)
{
  DossierRecordClocks *clocks = g_new0 (DossierRecordClocks, 1);

  clocks->record_id = g_strdup (record_id);
  clocks->fields = g_array_new (FALSE, TRUE, sizeof (DossierFieldClock));
  return clocks;
}

void
dossier_record_clocks_free (DossierRecordClocks *clocks)
{
  if (clocks == NULL)
    return;
  g_array_unref (clocks->fields);
  g_free (clocks->record_id);
  g_free (clocks);
}

/**
 * dossier_record_clocks_load:
 *
 * Returns: (transfer full): the record's field clocks (none if the record
 *   has none yet), or %NULL on an error
 */
DossierRecordClocks *
dossier_record_clocks_load (DossierReplicaState  *state,
                            const char           *record_id,
                            GError              **error)
{
  sqlite3_stmt *stmt = dossier_replica_state_prepare (state,
    "SELECT r.hlc, r.device, j.key, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3 "
    "FROM record_clocks r, json_each (r.clocks) j WHERE r.record_id = ?", error);
  DossierRecordClocks *clocks;
  int rc;

  if (stmt == NULL)
    return NULL;
  clocks = dossier_record_clocks_new (record_id);
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierFieldClock field = { 0 };

      if (!clocks->stored)
        {
          clocks->stored = TRUE;
          clocks->hlc = (DossierHlc) sqlite3_column_int64 (stmt, 0);
          clocks->device = g_intern_string ((const char *) sqlite3_column_text (stmt, 1));
        }
      field.field = g_intern_string ((const char *) sqlite3_column_text (stmt, 2));
      field.hlc = clocks->hlc + (DossierHlc) sqlite3_column_int64 (stmt, 3);
      field.device = sqlite3_column_type (stmt, 4) == SQLITE_NULL
                     ? clocks->device
                     : g_intern_string ((const char *) sqlite3_column_text (stmt, 4));
      field.base_hlc = (DossierHlc) sqlite3_column_int64 (stmt, 5);
      field.base_device = sqlite3_column_type (stmt, 6) == SQLITE_NULL
                          ? NULL
                          : g_intern_string ((const char *) sqlite3_column_text (stmt, 6));
      g_array_append_val (clocks->fields, field);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_replica_set_sqlite_error (error, state->db, "Reading field clocks");
      dossier_record_clocks_free (clocks);
      return NULL;
    }
  return clocks;
}

const DossierFieldClock *
dossier_record_clocks_lookup (const DossierRecordClocks *clocks,
                              const char                *field)
{
  for (guint i = 0; i < clocks->fields->len; i++)
    {
      const DossierFieldClock *clock = &g_array_index (clocks->fields, DossierFieldClock, i);

      if (strcmp (clock->field, field) == 0)
        return clock;
    }
  return NULL;
}

/* `text` interned; `known` (interned, or NULL) when they are equal: most
 * fields of a record are written by its first device, and g_intern_string()
 * takes a global lock. */
static const char *
intern_like (const char *text,
             const char *known)
{
  if (known != NULL && (text == known || strcmp (text, known) == 0))
    return known;
  return g_intern_string (text);
}

void
dossier_record_clocks_set (DossierRecordClocks *clocks,
                           const char          *field,
                           DossierHlc           hlc,
                           const char          *device,
                           DossierHlc           base_hlc,
                           const char          *base_device)
{
  DossierFieldClock *clock = (DossierFieldClock *) dossier_record_clocks_lookup (clocks, field);

  if (clock == NULL)
    {
      DossierFieldClock added = { g_intern_string (field), 0, NULL, 0, NULL };

      g_array_append_val (clocks->fields, added);
      clock = &g_array_index (clocks->fields, DossierFieldClock, clocks->fields->len - 1);
    }
  /* The record's clock is its first field's and never moves: the other
   * fields are stored relative to it. */
  if (clocks->device == NULL)
    {
      clocks->hlc = hlc;
      clocks->device = g_intern_string (device);
    }
  clock->hlc = hlc;
  clock->device = intern_like (device, clocks->device);
  clock->base_hlc = base_device != NULL ? base_hlc : 0;
  clock->base_device = base_device != NULL ? intern_like (base_device, clocks->device) : NULL;
  clocks->dirty = TRUE;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* printf costs more than the rest of a record's clocks (one call a field of
 * every record of a first sync). */
static void
append_int (GString *out,
            gint64   value)
{
  char digits[24];
  int n = sizeof digits;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      digits[--n] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    digits[--n] = '-';
  g_string_append_len (out, digits + n, sizeof digits - n);
}

static char *
clocks_to_json (const DossierRecordClocks *clocks)
{
  GString *out = g_string_sized_new (16 + clocks->fields->len * 24);

  g_string_append_c (out, '{');
  for (guint i = 0; i < clocks->fields->len; i++)
    {
      const DossierFieldClock *clock = &g_array_index (clocks->fields, DossierFieldClock, i);
      gint64 delta = (gint64) (clock->hlc - clocks->hlc);
      gboolean same_device = clock->device == clocks->device;

      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, clock->field);
      g_string_append (out, ":[");
      append_int (out, delta);
      if (clock->base_device != NULL)
        {
          g_string_append_c (out, ',');
          if (same_device)
            g_string_append (out, "null");
          else
            append_json_string (out, clock->device);
          g_string_append_c (out, ',');
          append_int (out, (gint64) clock->base_hlc);
          g_string_append_c (out, ',');
          append_json_string (out, clock->base_device);
        }
      else if (!same_device)
        {
          g_string_append_c (out, ',');
          append_json_string (out, clock->device);
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* Writes the record's clocks if they changed since they were loaded. */
gboolean
dossier_record_clocks_save (DossierReplicaState  *state,
                            DossierRecordClocks  *clocks,
                            GError              **error)
{
  sqlite3_stmt *stmt;

  if (!clocks->dirty)
    return TRUE;
  stmt = dossier_replica_state_prepare (state,
    "INSERT INTO record_clocks (record_id, hlc, device, clocks) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (record_id) DO UPDATE SET clocks = excluded.clocks", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clocks->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) clocks->hlc);
  sqlite3_bind_text (stmt, 3, clocks->device, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, clocks_to_json (clocks), -1, g_free);
  if (!dossier_replica_step_done (state, stmt, "Recording field clocks", error))
    return FALSE;
  clocks->stored = TRUE;
  clocks->dirty = FALSE;
  return TRUE;
}

/* One field's clock, read, changed and written back: a local write. */
gboolean
dossier_replica_state_set_field_clock (DossierReplicaState  *state,
                                       const char           *record_id,
                                       const char           *field,
                                       DossierHlc            hlc,
                                       const char           *device,
                                       DossierHlc            base_hlc,
                                       const char           *base_device,
                                       GError              **error)
{
  DossierRecordClocks *clocks = dossier_record_clocks_load (state, record_id, error);
  gboolean ok;

  if (clocks == NULL)
    return FALSE;
  dossier_record_clocks_set (clocks, field, hlc, device, base_hlc, base_device);
  ok = dossier_record_clocks_save (state, clocks, error);
  dossier_record_clocks_free (clocks);
  return ok;
}
