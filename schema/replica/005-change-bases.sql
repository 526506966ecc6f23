-- Migration 5: every change names the version it overwrote (its base), which
-- tells a sequential overwrite from a concurrent edit (see sync/dossier-merge.h),
-- and conflicts are kept as the losing versions of a field, shown against the
-- field's current value until a user settles them.

ALTER TABLE field_clocks ADD COLUMN base_hlc INTEGER NOT NULL DEFAULT 0;
ALTER TABLE field_clocks ADD COLUMN base_device TEXT;

ALTER TABLE outbox ADD COLUMN base_hlc INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN base_device TEXT;
-- JSON array of [hlc, device] pairs: the losers this change settles.
ALTER TABLE outbox ADD COLUMN resolves TEXT;

-- Nothing was ever written to it: the winner/loser pair shape is replaced.
DROP TABLE conflicts;

CREATE TABLE field_losers (
  record_id   TEXT NOT NULL,
  kind        TEXT NOT NULL,
  field       TEXT NOT NULL,
  hlc         INTEGER NOT NULL,
  device      TEXT NOT NULL,
  base_hlc    INTEGER NOT NULL DEFAULT 0,
  base_device TEXT,
  value       TEXT,                -- JSON
  detected_at TEXT NOT NULL,
  PRIMARY KEY (record_id, field, hlc, device)
) WITHOUT ROWID;
