-- Migration 10: the records a replica let go when its user left an office.
--
-- Leaving an office removes its records from the replica (they are no longer
-- ours to hold).  Joining it again pulls the log again from the beginning;
-- the replica's own changes in it must then be applied like anyone else's,
-- not skipped as echoes of changes it already holds.  until_seq is the
-- cursor when the record was let go: own changes up to it are re-applied,
-- later ones are echoes as usual.

CREATE TABLE forgotten_records (
  record_id TEXT PRIMARY KEY NOT NULL,
  until_seq INTEGER NOT NULL
) WITHOUT ROWID;
